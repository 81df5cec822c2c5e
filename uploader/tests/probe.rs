//! The upload checks against the generated corpus: every good kind is
//! recognised with its duration and tags, every bad kind is refused with the
//! right error and a message naming the problem, and images come back
//! stripped of metadata with derivatives of the promised sizes.

mod fixtures;

use std::path::PathBuf;
use std::time::Instant;

use trogs_uploader::probe::{self, AudioInfo, ProbeError};

/// Writes `bytes` to a temporary file named `name` (the name must never
/// matter) and keeps the folder alive with the path.
struct Upload {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn upload(name: &str, bytes: &[u8]) -> Upload {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write upload");
    Upload { _dir: dir, path }
}

fn audio(name: &str, bytes: &[u8]) -> Result<AudioInfo, ProbeError> {
    probe::audio(&upload(name, bytes).path)
}

fn image(name: &str, bytes: &[u8]) -> Result<probe::Image, ProbeError> {
    probe::image(&upload(name, bytes).path)
}

#[track_caller]
fn assert_duration(info: &AudioInfo, seconds: f64) {
    let got = info.duration_seconds.expect("a duration");
    assert!(
        (got - seconds).abs() < 0.1,
        "duration {got} s, expected {seconds} s"
    );
}

#[track_caller]
fn unsupported(result: Result<impl std::fmt::Debug, ProbeError>, needle: &str) -> String {
    match result {
        Err(ProbeError::Unsupported(msg)) => {
            assert!(msg.contains(needle), "{msg:?} should mention {needle:?}");
            msg
        }
        other => panic!("expected Unsupported mentioning {needle:?}, got {other:?}"),
    }
}

#[track_caller]
fn broken(result: Result<impl std::fmt::Debug, ProbeError>, needle: &str) -> String {
    match result {
        Err(ProbeError::Broken(msg)) => {
            assert!(msg.contains(needle), "{msg:?} should mention {needle:?}");
            msg
        }
        other => panic!("expected Broken mentioning {needle:?}, got {other:?}"),
    }
}

const WHAT_TO_DO: &str = "upload MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC or WAV";

// ---------------------------------------------------------------- good audio

#[test]
fn wav_is_wav_with_its_length() {
    let info = audio("take.wav", &fixtures::wav(2.5)).unwrap();
    assert_eq!((info.ext, info.mime), ("wav", "audio/wav"));
    assert_duration(&info, 2.5);
}

#[test]
fn wav_named_mp3_is_still_wav() {
    let info = audio("song.mp3", &fixtures::wav(1.0)).unwrap();
    assert_eq!(info.ext, "wav");
}

#[test]
fn flac_is_flac_with_its_length() {
    let info = audio("take.flac", &fixtures::flac(3.2)).unwrap();
    assert_eq!((info.ext, info.mime), ("flac", "audio/flac"));
    assert_duration(&info, 3.2);
    assert_eq!(info.title, None);
}

#[test]
fn flac_vorbis_comments_become_tags() {
    let info = audio("x", &fixtures::flac_tagged(1.0, fixtures::TAGS)).unwrap();
    assert_eq!(info.ext, "flac");
    assert_duration(&info, 1.0);
    assert_eq!(info.title.as_deref(), Some("Cave Song"));
    assert_eq!(info.artist.as_deref(), Some("The Trogs"));
    assert_eq!(info.track_number, Some(3));
}

#[test]
fn mp3_is_mp3_with_its_length() {
    let info = audio("take.mp3", &fixtures::mp3(3.0)).unwrap();
    assert_eq!((info.ext, info.mime), ("mp3", "audio/mpeg"));
    assert_duration(&info, 3.0);
    assert_eq!(info.title, None);
}

#[test]
fn mp3_id3v2_tags_become_tags() {
    let info = audio("upload.bin", &fixtures::mp3_tagged(2.0, fixtures::TAGS)).unwrap();
    assert_eq!(info.ext, "mp3");
    assert_duration(&info, 2.0);
    assert_eq!(info.title.as_deref(), Some("Cave Song"));
    assert_eq!(info.artist.as_deref(), Some("The Trogs"));
    assert_eq!(info.track_number, Some(3));
}

#[test]
fn ogg_vorbis_is_ogg_with_its_length_and_tags() {
    let info = audio("take.ogg", &fixtures::vorbis(2.0)).unwrap();
    assert_eq!((info.ext, info.mime), ("ogg", "audio/ogg"));
    assert_duration(&info, 2.0);
    assert_eq!(info.title.as_deref(), Some("Cave Song"));
    assert_eq!(info.track_number, Some(3));
}

#[test]
fn ogg_opus_is_opus_with_its_length_and_tags() {
    let info = audio("take.ogg", &fixtures::opus(4.0)).unwrap();
    assert_eq!((info.ext, info.mime), ("opus", "audio/ogg; codecs=opus"));
    assert_duration(&info, 4.0);
    assert_eq!(info.artist.as_deref(), Some("The Trogs"));
}

#[test]
fn m4a_aac_is_m4a_with_its_length() {
    let info = audio("take.mp4", &fixtures::m4a_aac(2.0)).unwrap();
    assert_eq!((info.ext, info.mime), ("m4a", "audio/mp4"));
    assert_duration(&info, 2.0);
}

#[test]
fn tag_text_is_trimmed_capped_and_free_of_control_characters() {
    let long = format!("  \u{7}Bell\u{1b} Song{}  ", "x".repeat(400));
    let tags = fixtures::Tags {
        title: &long,
        artist: "\t\t",
        track: 1,
    };
    let info = audio("t.mp3", &fixtures::mp3_tagged(1.0, tags)).unwrap();
    let title = info.title.expect("a title");
    assert!(title.starts_with("Bell Song"), "{title:?}");
    assert_eq!(title.chars().count(), 200);
    assert!(!title.chars().any(char::is_control));
    assert_eq!(info.artist, None, "a tag of whitespace is no tag");
}

#[test]
fn clean_text_rules() {
    assert_eq!(probe::clean_text(" a\u{0}b\n "), Some("ab".into()));
    assert_eq!(probe::clean_text("\u{1}\u{2}"), None);
    assert_eq!(
        probe::clean_text(&"é".repeat(300)).map(|t| t.chars().count()),
        Some(200)
    );
}

// ---------------------------------------------------------------- bad audio

#[test]
fn zero_bytes_is_broken() {
    broken(audio("empty.mp3", b""), "empty");
}

#[test]
fn text_renamed_mp3_is_unsupported() {
    let msg = unsupported(audio("lyrics.mp3", &fixtures::text()), WHAT_TO_DO);
    assert!(msg.contains("text"), "{msg}");
}

#[test]
fn html_is_unsupported() {
    unsupported(audio("song.mp3", &fixtures::html()), "web page");
}

#[test]
fn random_bytes_are_unsupported() {
    unsupported(
        audio("song.flac", &fixtures::random_bytes(100_000, 42)),
        WHAT_TO_DO,
    );
}

#[test]
fn matroska_is_unsupported() {
    unsupported(audio("song.mka", &fixtures::mkv()), "Matroska");
}

#[test]
fn an_image_given_as_audio_is_unsupported() {
    unsupported(audio("cover.mp3", &fixtures::jpeg(64, 64)), "JPEG image");
    unsupported(audio("cover.wav", &fixtures::png(64, 64)), "PNG image");
}

#[test]
fn truncated_flac_is_broken() {
    let msg = broken(
        audio("take.flac", &fixtures::truncated(&fixtures::flac(3.0), 0.5)),
        "FLAC",
    );
    assert!(
        msg.contains("cut short") || msg.contains("incomplete"),
        "{msg}"
    );
}

#[test]
fn flac_header_without_frames_is_broken() {
    let whole = fixtures::flac(1.0);
    // "fLaC", STREAMINFO (4 + 34 bytes) and nothing more.
    broken(audio("x.flac", &whole[..42]), "FLAC");
}

#[test]
fn damaged_flac_frame_is_broken() {
    let mut bytes = fixtures::flac(2.0);
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 64] {
        *b ^= 0x5a;
    }
    broken(audio("x.flac", &bytes), "FLAC");
}

#[test]
fn wav_cut_short_is_broken() {
    let msg = broken(
        audio("take.wav", &fixtures::wav_cut_short(4.0)),
        "cut short",
    );
    assert!(msg.contains("4.0 s"), "names the promised length: {msg}");
}

#[test]
fn wav_without_audio_is_broken() {
    broken(audio("take.wav", &fixtures::wav_no_audio()), "no audio");
}

#[test]
fn wav_cut_inside_its_header_is_broken() {
    broken(audio("take.wav", &fixtures::wav(1.0)[..30]), "WAV");
}

#[test]
fn adpcm_wav_is_unsupported() {
    unsupported(audio("take.wav", &fixtures::wav_adpcm(1.0)), "ADPCM");
}

#[test]
fn alac_m4a_is_unsupported() {
    let msg = unsupported(audio("take.m4a", &fixtures::m4a_alac(1.0)), "ALAC");
    assert!(msg.contains(WHAT_TO_DO), "{msg}");
}

#[test]
fn truncated_m4a_is_broken() {
    broken(
        audio("x.m4a", &fixtures::truncated(&fixtures::m4a_aac(3.0), 0.8)),
        "M4A",
    );
}

#[test]
fn id3_tag_without_audio_is_broken() {
    broken(audio("x.mp3", &fixtures::id3v2(fixtures::TAGS)), "no audio");
}

#[test]
fn truncated_vorbis_is_broken() {
    broken(
        audio("x.ogg", &fixtures::truncated(&fixtures::vorbis(3.0), 0.6)),
        "cut short",
    );
}

#[test]
fn truncated_opus_is_broken() {
    let whole = fixtures::opus(5.0);
    broken(
        audio("x.opus", &fixtures::truncated(&whole, 0.7)),
        "cut short",
    );
    // Cut exactly after a page: every page is whole, but the last one is
    // not flagged as the end.
    let page_starts: Vec<usize> = whole
        .windows(4)
        .enumerate()
        .filter(|(_, w)| w == b"OggS")
        .map(|(i, _)| i)
        .collect();
    let cut = page_starts[page_starts.len() - 2];
    broken(audio("x.opus", &whole[..cut]), "cut short");
}

#[test]
fn truncated_mp3_is_broken() {
    // The LAME/Info header counts the frames, so a cut shows.
    let msg = broken(
        audio("x.mp3", &fixtures::truncated(&fixtures::mp3(4.0), 0.5)),
        "cut short",
    );
    assert!(msg.contains("MP3"), "{msg}");
}

#[test]
fn mp3_starting_with_junk_is_still_mp3() {
    // A scrap before the first frame (what a cut from a stream leaves).
    let mut bytes = b"junk".to_vec();
    bytes.extend_from_slice(&fixtures::mp3(2.0));
    let info = audio("x.mp3", &bytes).unwrap();
    assert_eq!(info.ext, "mp3");
    assert_duration(&info, 2.0);
}

// ---------------------------------------------------------------- images

fn decoded(bytes: &[u8]) -> image::DynamicImage {
    image::load_from_memory(bytes).expect("derivative decodes")
}

#[test]
fn jpeg_is_reencoded_with_derivatives_of_the_promised_sizes() {
    let img = image("cover.png", &fixtures::jpeg(640, 480)).unwrap();
    assert_eq!((img.ext, img.mime), ("jpg", "image/jpeg"));
    assert_eq!((img.width, img.height), (640, 480));
    assert_eq!(
        image::guess_format(&img.bytes).unwrap(),
        image::ImageFormat::Jpeg
    );
    let sizes: Vec<(&str, u32, u32, &str)> = img
        .derivatives
        .iter()
        .map(|(suffix, bytes, mime)| {
            let d = decoded(bytes);
            assert_eq!(
                image::guess_format(bytes).unwrap(),
                image::ImageFormat::Jpeg
            );
            (*suffix, d.width(), d.height(), *mime)
        })
        .collect();
    assert_eq!(
        sizes,
        vec![
            ("50x50", 50, 50, "image/jpeg"),
            ("80x80", 80, 80, "image/jpeg"),
            ("300x300", 300, 300, "image/jpeg"),
            ("300", 300, 225, "image/jpeg"),
            ("1400x1400", 1400, 1400, "image/jpeg"),
        ]
    );
}

#[test]
fn png_stays_png_with_transparency() {
    let img = image("cover.jpg", &fixtures::png(400, 1000)).unwrap();
    assert_eq!((img.ext, img.mime), ("png", "image/png"));
    assert_eq!((img.width, img.height), (400, 1000));
    let full = decoded(&img.bytes);
    assert!(full.color().has_alpha());
    assert_eq!(full.to_rgba8().get_pixel(399, 0).0[3], 128);
    let sizes: Vec<(&str, u32, u32)> = img
        .derivatives
        .iter()
        .map(|(suffix, bytes, mime)| {
            assert_eq!(*mime, "image/png");
            let d = decoded(bytes);
            (*suffix, d.width(), d.height())
        })
        .collect();
    assert_eq!(
        sizes,
        vec![
            ("50x50", 50, 50),
            ("80x80", 80, 80),
            ("300x300", 300, 300),
            ("300", 300, 750),
            ("1400x1400", 1400, 1400),
        ]
    );
    // The feed square is opaque RGB, the half-transparent column laid on
    // white, as Apple Podcasts wants it.
    let (_, square, _) = img.derivatives.last().unwrap();
    let square = decoded(square);
    assert_eq!(square.color(), image::ColorType::Rgb8);
    let (x, y) = (square.width() - 1, square.height() / 2);
    let [r, g, b] = square.to_rgb8().get_pixel(x, y).0;
    let [r0, g0, b0, a0] = full.to_rgba8().get_pixel(399, 500).0;
    let over = |c: u8| (u32::from(c) * u32::from(a0) + 255 * (255 - u32::from(a0))) / 255;
    for (got, want) in [(r, over(r0)), (g, over(g0)), (b, over(b0))] {
        assert!(got.abs_diff(want as u8) <= 12, "{got} vs {want}");
    }
}

/// Pages' derivatives never enlarge; the feed square always is 1400 a
/// side, as Apple Podcasts takes nothing smaller.
#[test]
fn small_images_are_not_upscaled_but_for_the_feed_square() {
    let img = image("tiny.jpg", &fixtures::jpeg(120, 60)).unwrap();
    let sizes: Vec<(&str, u32, u32)> = img
        .derivatives
        .iter()
        .map(|(suffix, bytes, _)| {
            let d = decoded(bytes);
            (*suffix, d.width(), d.height())
        })
        .collect();
    assert_eq!(
        sizes,
        vec![
            ("50x50", 50, 50),
            ("80x80", 60, 60),
            ("300x300", 60, 60),
            ("300", 120, 60),
            ("1400x1400", 1400, 1400),
        ]
    );
}

#[test]
fn exif_gps_is_stripped() {
    let input = fixtures::jpeg_with_gps();
    let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    assert!(contains(&input, fixtures::GPS_MARKER));
    assert!(contains(&input, b"Exif\0\0"));
    let img = image("phone.jpg", &input).unwrap();
    assert_eq!((img.width, img.height), (640, 480));
    for bytes in std::iter::once(&img.bytes).chain(img.derivatives.iter().map(|d| &d.1)) {
        assert!(!contains(bytes, fixtures::GPS_MARKER));
        assert!(!contains(bytes, b"Exif"));
    }
}

#[test]
fn exif_orientation_is_applied_to_the_pixels() {
    let img = image("turned.jpg", &fixtures::jpeg_with_orientation(200, 100, 6)).unwrap();
    assert_eq!((img.width, img.height), (100, 200));
    let d = decoded(&img.bytes);
    assert_eq!((d.width(), d.height()), (100, 200));
}

#[test]
fn decompression_bomb_is_refused_before_decoding() {
    let bomb = fixtures::png_bomb();
    assert!(bomb.len() < 1000);
    let start = Instant::now();
    unsupported(image("bomb.png", &bomb), "too large");
    assert!(start.elapsed().as_secs() < 5, "refused from the header");
}

#[test]
fn over_forty_megapixels_is_refused() {
    // 7,000 × 7,000 is under the side limit but 49 megapixels.
    unsupported(
        image("big.png", &fixtures::png_claiming(7_000, 7_000)),
        "megapixels",
    );
}

#[test]
fn truncated_jpeg_is_broken() {
    let whole = fixtures::jpeg(800, 600);
    broken(
        image("cut.jpg", &fixtures::truncated(&whole, 0.6)),
        "cut short",
    );
    // Only the end marker missing.
    broken(image("cut.jpg", &whole[..whole.len() - 2]), "JPEG");
}

#[test]
fn truncated_png_is_broken() {
    let whole = fixtures::png(300, 300);
    broken(image("cut.png", &fixtures::truncated(&whole, 0.5)), "PNG");
}

#[test]
fn empty_image_is_broken() {
    broken(image("cover.jpg", b""), "empty");
}

#[test]
fn gif_webp_and_svg_are_unsupported() {
    unsupported(image("cover.jpg", &fixtures::gif()), "GIF");
    unsupported(image("cover.jpg", &fixtures::webp()), "WebP");
    unsupported(image("cover.png", &fixtures::svg()), "JPEG or PNG");
}

#[test]
fn audio_given_as_an_image_is_unsupported() {
    let msg = unsupported(image("cover.jpg", &fixtures::mp3(0.5)), "JPEG or PNG");
    assert!(msg.contains("audio"), "{msg}");
    unsupported(image("cover.png", &fixtures::wav(0.5)), "JPEG or PNG");
}

#[test]
fn messages_never_echo_the_upload() {
    let marker = "<script>alert(1)</script>";
    let mut bytes = marker.as_bytes().to_vec();
    bytes.extend_from_slice(&fixtures::text());
    for result in [
        audio("x.mp3", &bytes).map(|_| ()),
        image("x.jpg", &bytes).map(|_| ()),
    ] {
        let msg = result.unwrap_err().to_string();
        assert!(!msg.contains("script"), "{msg}");
    }
}
