//! Image decoding under one memory budget, through the real service: large
//! 16-bit PNGs uploaded at once stay within a bounded resident size, what
//! does not fit in the budget in time is refused with 503 and a
//! Retry-After, and 16-bit PNGs become 8-bit artwork (turned upright by
//! their Exif orientation).

mod harness;

use std::io::Write as _;
use std::sync::OnceLock;
use std::time::Duration;

use harness::{Answer, Body, Client, album, artist};
use reqwest::Method;
use trogs::store::Store;

const ARTIST: &str = "a000000000000001";
const ALBUMS: [&str; 3] = ["b000000000000001", "b000000000000002", "b000000000000003"];

/// The largest resident size four large uploads at once may reach.
const MAX_RESIDENT: u64 = 700 * 1000 * 1000;

async fn seed(store: &Store, port: u16) {
    let a = artist(ARTIST, "Ann Band", &harness::owner_for(port, "ann"));
    store.put(a.to_item(), None).await.unwrap();
    for (i, id) in ALBUMS.iter().enumerate() {
        let b = album(id, &a, &format!("Album {i}"), i as u32);
        store.put(b.to_item(), None).await.unwrap();
    }
}

/// The four places an image can go: the artist's, and each album's cover.
fn image_routes() -> Vec<String> {
    let mut routes = vec![format!("/api/v1/me/artists/{ARTIST}/image")];
    routes.extend(
        ALBUMS
            .iter()
            .map(|id| format!("/api/v1/me/albums/{id}/image")),
    );
    routes
}

/// A PNG of one colour, written a row at a time (so making it costs the
/// test little), with an optional `eXIf` chunk before the pixels.
fn png16(w: u32, h: u32, color: png::ColorType, sample: u16, exif: Option<&[u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Sixteen);
        encoder.set_compression(png::Compression::Balanced);
        let mut writer = encoder.write_header().unwrap();
        if let Some(exif) = exif {
            writer.write_chunk(png::chunk::eXIf, exif).unwrap();
        }
        let channels = color.samples();
        let row: Vec<u8> = std::iter::repeat_n(sample.to_be_bytes(), w as usize * channels)
            .flatten()
            .collect();
        let mut stream = writer.stream_writer().unwrap();
        for _ in 0..h {
            stream.write_all(&row).unwrap();
        }
        stream.finish().unwrap();
        writer.finish().unwrap();
    }
    out
}

/// The review's case: 6000 × 6600 16-bit RGBA, 40 MP at most, a few
/// hundred KB on disk, 317 MB of pixels at 16 bits.
fn large_png() -> &'static [u8] {
    static PNG: OnceLock<Vec<u8>> = OnceLock::new();
    PNG.get_or_init(|| png16(6000, 6600, png::ColorType::Rgba, 0xc8c8, None))
}

/// The process's peak resident size so far (`VmHWM`), in bytes.
fn peak_resident(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/PID/status");
    let kib: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap();
    kib * 1024
}

async fn signed_in(up: &harness::Uploader) -> Client {
    let mut client = up.client();
    // Four large images at once take their time on a busy machine.
    client.http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(900))
        .build()
        .unwrap();
    client.sign_in("ann").await;
    client
}

async fn upload(mut client: Client, route: String, name: &str, bytes: Vec<u8>) -> Answer {
    client
        .send(
            Method::POST,
            &route,
            Body::Files("file".into(), vec![(name.into(), bytes)]),
        )
        .await
}

/// Uploads the large PNG to the four places at once; the answers in
/// route order.
async fn four_at_once(up: &harness::Uploader) -> Vec<Answer> {
    let mut tasks = Vec::new();
    for route in image_routes() {
        let client = signed_in(up).await;
        let bytes = large_png().to_vec();
        tasks.push(tokio::spawn(upload(client, route, "big.png", bytes)));
    }
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

/// A refusal for want of room: 503, a Retry-After, and a message that
/// says to try again.
fn assert_busy(a: &Answer) {
    assert_eq!(a.status, 503, "{}", a.text);
    let retry: u64 = a
        .header("retry-after")
        .expect("a Retry-After header")
        .parse()
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&retry), "Retry-After: {retry}");
    let detail = a.detail();
    assert!(
        detail.contains("try again") && detail.contains("nothing was stored"),
        "{detail}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_large_pngs_at_once_stay_under_700_mb() {
    let up = harness::dev(seed).await;
    let answers = four_at_once(&up).await;
    let peak = peak_resident(up.pid());
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    eprintln!(
        "four 6000x6600 16-bit PNGs at once (default budget): statuses {statuses:?}, peak resident {} MB",
        peak / 1_000_000
    );
    for a in &answers {
        if a.status != 201 {
            assert_busy(a);
        }
    }
    assert!(statuses.contains(&201), "none was taken: {statuses:?}");
    assert!(
        peak < MAX_RESIDENT,
        "peak resident {} MB, over {} MB",
        peak / 1_000_000,
        MAX_RESIDENT / 1_000_000
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_large_pngs_that_may_wait_all_succeed_under_700_mb() {
    let up = harness::dev_with(seed, &["--image-wait-secs", "600"], &[]).await;
    let answers = four_at_once(&up).await;
    let peak = peak_resident(up.pid());
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    eprintln!(
        "four 6000x6600 16-bit PNGs at once (a long wait): statuses {statuses:?}, peak resident {} MB",
        peak / 1_000_000
    );
    for a in &answers {
        assert_eq!(a.status, 201, "{}", a.text);
    }
    assert!(
        peak < MAX_RESIDENT,
        "peak resident {} MB, over {} MB",
        peak / 1_000_000,
        MAX_RESIDENT / 1_000_000
    );
    // Every one of them is 8-bit artwork of the right size.
    let mut originals = 0;
    for path in media_files(&up) {
        let img = image::open(&path).unwrap();
        // The podcast feeds' square is opaque, as Apple Podcasts wants it.
        let want = match derivative_size(&path).as_deref() {
            Some("1400x1400") => image::ColorType::Rgb8,
            _ => image::ColorType::Rgba8,
        };
        assert_eq!(img.color(), want, "{}", path.display());
        if !is_derivative(&path) {
            assert_eq!((img.width(), img.height()), (6000, 6600));
            originals += 1;
        }
    }
    assert_eq!(originals, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decode_beyond_the_budget_waits_then_gets_503() {
    // A budget of 1 MiB holds one decode of any size at a time; the
    // injected hold keeps the first one's share until a second request
    // has been refused, so the two surely overlap.
    let up = harness::dev_with(
        seed,
        &["--image-memory-mib", "1", "--image-wait-secs", "1"],
        &[("TROGS_TEST_FAULTS", "image-decode-hold")],
    )
    .await;
    let routes = image_routes();
    let small = png16(800, 600, png::ColorType::Rgb, 0x4000, None);
    let first = tokio::spawn(upload(
        signed_in(&up).await,
        routes[0].clone(),
        "first.png",
        small.clone(),
    ));
    harness::eventually(
        Duration::from_secs(120),
        Duration::from_millis(50),
        || format!("the first image never held the budget:\n{}", up.log()),
        async || up.log().contains("holding the image budget").then_some(()),
    )
    .await;
    let second = upload(
        signed_in(&up).await,
        routes[1].clone(),
        "second.png",
        small.clone(),
    )
    .await;
    assert_busy(&second);
    let first = first.await.unwrap();
    assert_eq!(first.status, 201, "{}", first.text);
    // Refused means nothing stored: the album has no cover yet, and the
    // same upload is taken once there is room.
    let mut client = signed_in(&up).await;
    let album = client
        .get(&format!("/api/v1/me/albums/{}", ALBUMS[0]))
        .await;
    assert_eq!(album.status, 200, "{}", album.text);
    assert!(
        album.json()["data"]["attributes"]["image"].is_null()
            || album.json()["data"]["attributes"]["image"] == "",
        "{}",
        album.text
    );
    let again = upload(client, routes[1].clone(), "second.png", small).await;
    assert_eq!(again.status, 201, "{}", again.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixteen_bit_pngs_become_8_bit_artwork() {
    let up = harness::dev(seed).await;
    let client = signed_in(&up).await;
    let plain = png16(1200, 900, png::ColorType::Rgb, 0xc8c8, None);
    let a = upload(client, image_routes()[0].clone(), "deep.png", plain).await;
    assert_eq!(a.status, 201, "{}", a.text);
    let sizes = stored_sizes(&up);
    assert_eq!(
        sizes,
        vec![
            ("".into(), (1200, 900)),
            ("1400x1400".into(), (1400, 1400)),
            ("300".into(), (300, 225)),
            ("300x300".into(), (300, 300)),
            ("50x50".into(), (50, 50)),
            ("80x80".into(), (80, 80)),
        ]
    );
    for path in media_files(&up) {
        let img = image::open(&path).unwrap();
        assert_eq!(img.color(), image::ColorType::Rgb8, "{}", path.display());
        let px = img.to_rgb8().get_pixel(img.width() / 2, img.height() / 2).0;
        assert_eq!(px, [0xc8, 0xc8, 0xc8], "{}", path.display());
    }

    // Exif orientation 6 (turned a quarter clockwise): stored upright.
    let up = harness::dev(seed).await;
    let client = signed_in(&up).await;
    let turned = png16(
        1200,
        900,
        png::ColorType::Rgba,
        0x8080,
        Some(&exif_orientation(6)),
    );
    let a = upload(client, image_routes()[1].clone(), "turned.png", turned).await;
    assert_eq!(a.status, 201, "{}", a.text);
    let sizes = stored_sizes(&up);
    assert_eq!(
        sizes,
        vec![
            ("".into(), (900, 1200)),
            ("1400x1400".into(), (1400, 1400)),
            ("300".into(), (300, 400)),
            ("300x300".into(), (300, 300)),
            ("50x50".into(), (50, 50)),
            ("80x80".into(), (80, 80)),
        ]
    );
    for path in media_files(&up) {
        let img = image::open(&path).unwrap();
        // The podcast feeds' square is opaque, as Apple Podcasts wants it.
        let want = match derivative_size(&path).as_deref() {
            Some("1400x1400") => image::ColorType::Rgb8,
            _ => image::ColorType::Rgba8,
        };
        assert_eq!(img.color(), want, "{}", path.display());
    }
}

/// A big-endian TIFF block holding only the Orientation tag.
fn exif_orientation(value: u16) -> Vec<u8> {
    let mut exif = b"MM\0\x2a\0\0\0\x08".to_vec();
    exif.extend_from_slice(&1u16.to_be_bytes());
    exif.extend_from_slice(&0x0112u16.to_be_bytes());
    exif.extend_from_slice(&3u16.to_be_bytes());
    exif.extend_from_slice(&1u32.to_be_bytes());
    exif.extend_from_slice(&value.to_be_bytes());
    exif.extend_from_slice(&[0, 0]);
    exif.extend_from_slice(&0u32.to_be_bytes());
    exif
}

fn media_files(up: &harness::Uploader) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = walkdir::WalkDir::new(up.media())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    files.sort();
    files
}

fn is_derivative(path: &std::path::Path) -> bool {
    derivative_size(path).is_some()
}

fn derivative_size(path: &std::path::Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let (_, size) = stem.rsplit_once('.')?;
    trogs::images::SIZES
        .contains(&size)
        .then(|| size.to_string())
}

/// (derivative size, or "" for the original; its dimensions), sorted.
fn stored_sizes(up: &harness::Uploader) -> Vec<(String, (u32, u32))> {
    let mut sizes: Vec<_> = media_files(up)
        .iter()
        .map(|p| {
            let dims = image::image_dimensions(p).unwrap();
            (derivative_size(p).unwrap_or_default(), dims)
        })
        .collect();
    sizes.sort();
    sizes
}
