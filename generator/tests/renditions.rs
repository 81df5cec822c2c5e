//! The media pipeline on generated audio: loudness accuracy (EBU Tech 3341
//! case 1), renditions that decode to the source's length, level matching
//! and the true-peak ceiling measured on the decoded renditions, peak memory
//! for an hour-long file, and clear errors for bad files.
#![cfg(feature = "renditions")]

use std::f64::consts::TAU;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use ebur128::{EbuR128, Mode};
use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;
use trogs::renditions::{MIME_MP3, MIME_OPUS, Options, Processed, RenditionError, process};

// ------------------------------------------------------------ generated audio

/// Writes a 16-bit PCM WAV of `frames` frames; `sample(i, channel)` gives
/// each sample in −1..1. Streams, so an hour costs no memory.
fn write_wav(
    path: &Path,
    rate: u32,
    channels: u16,
    frames: u64,
    mut sample: impl FnMut(u64, u16) -> f64,
) {
    let data_len = frames * u64::from(channels) * 2;
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path).unwrap());
    out.write_all(&wav_header(rate, channels, data_len as u32))
        .unwrap();
    let mut buf = Vec::with_capacity(1 << 16);
    for i in 0..frames {
        for c in 0..channels {
            let v = (sample(i, c).clamp(-1.0, 1.0) * 32767.0).round() as i16;
            buf.extend_from_slice(&v.to_le_bytes());
        }
        if buf.len() >= 1 << 16 {
            out.write_all(&buf).unwrap();
            buf.clear();
        }
    }
    out.write_all(&buf).unwrap();
    out.flush().unwrap();
}

fn wav_header(rate: u32, channels: u16, data_len: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(44);
    h.extend_from_slice(b"RIFF");
    h.extend_from_slice(&(36 + data_len).to_le_bytes());
    h.extend_from_slice(b"WAVEfmt ");
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes());
    h.extend_from_slice(&channels.to_le_bytes());
    h.extend_from_slice(&rate.to_le_bytes());
    h.extend_from_slice(&(rate * u32::from(channels) * 2).to_le_bytes());
    h.extend_from_slice(&(channels * 2).to_le_bytes());
    h.extend_from_slice(&16u16.to_le_bytes());
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data_len.to_le_bytes());
    h
}

fn db(x: f64) -> f64 {
    10f64.powf(x / 20.0)
}

/// Music-like test signal: a few partials plus a little noise, with a
/// slow level swell, at `level_db` dBFS peak-ish.
fn music(rate: u32, level_db: f64) -> impl FnMut(u64, u16) -> f64 {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let amp = db(level_db);
    move |i, c| {
        let t = i as f64 / f64::from(rate);
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let noise = (seed >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
        let swell = 0.75 + 0.25 * (TAU * 0.2 * t).sin();
        let f = if c == 0 { 220.0 } else { 330.0 };
        amp * swell
            * (0.5 * (TAU * f * t).sin()
                + 0.25 * (TAU * 2.0 * f * t).sin()
                + 0.15 * (TAU * 1250.0 * t).sin()
                + 0.1 * noise)
    }
}

// ------------------------------------------------------------ reading renditions back

/// A decoded Ogg Opus file: its header fields and the loudness and true
/// peak of what it plays (after pre-skip and end trimming).
struct OpusBack {
    channels: usize,
    pre_skip: u64,
    seconds: f64,
    loudness: f64,
    true_peak_dbtp: f64,
}

fn read_opus(path: &Path) -> OpusBack {
    let mut reader = ogg::PacketReader::new(File::open(path).unwrap());
    let head = reader.read_packet_expected().unwrap();
    assert_eq!(&head.data[..8], b"OpusHead", "{}", path.display());
    assert_eq!(head.data[8], 1, "OpusHead version");
    assert!(head.last_in_page(), "OpusHead must end its page");
    let channels = head.data[9] as usize;
    let pre_skip = u64::from(u16::from_le_bytes([head.data[10], head.data[11]]));
    assert!(pre_skip > 0, "libopus always has a lookahead");
    let tags = reader.read_packet_expected().unwrap();
    assert_eq!(&tags.data[..8], b"OpusTags");
    assert!(tags.last_in_page(), "OpusTags must end its page");

    let opus_channels = if channels == 1 {
        opusic_c::Channels::Mono
    } else {
        opusic_c::Channels::Stereo
    };
    let mut decoder = opusic_c::Decoder::new(opus_channels, opusic_c::SampleRate::Hz48000).unwrap();
    let mut meter = EbuR128::new(channels as u32, 48_000, Mode::I | Mode::TRUE_PEAK).unwrap();
    let mut pcm = vec![0f32; 5760 * channels];
    let mut decoded = 0u64; // samples per channel, pre-skip included
    let mut last_granule = 0;
    let mut ended = false;
    while let Some(packet) = reader.read_packet().unwrap() {
        assert!(!ended, "packets after the end-of-stream page");
        let n = decoder
            .decode_float_to_slice(&packet.data, &mut pcm, false)
            .unwrap() as u64;
        if packet.last_in_page() {
            let gp = packet.absgp_page();
            assert!(gp >= last_granule, "granule positions go forward");
            last_granule = gp;
        }
        // Only what lies between the pre-skip and the final granule plays.
        let start = pre_skip.saturating_sub(decoded).min(n);
        let end = if packet.last_in_stream() {
            ended = true;
            (packet.absgp_page() - decoded).min(n)
        } else {
            n
        };
        if end > start {
            meter
                .add_frames_f32(&pcm[start as usize * channels..end as usize * channels])
                .unwrap();
        }
        decoded += n;
    }
    assert!(ended, "{}: no end-of-stream page", path.display());
    assert!(
        last_granule <= decoded,
        "the final granule trims, never extends"
    );
    let peak = (0..channels as u32)
        .map(|c| meter.true_peak(c).unwrap())
        .fold(0.0, f64::max);
    OpusBack {
        channels,
        pre_skip,
        seconds: (last_granule - pre_skip) as f64 / 48_000.0,
        loudness: meter.loudness_global().unwrap(),
        true_peak_dbtp: 20.0 * peak.log10(),
    }
}

/// Decodes a file with symphonia: (seconds, sample rate, loudness).
fn read_with_symphonia(path: &Path) -> (f64, u32, f64) {
    let stream = MediaSourceStream::new(
        Box::new(File::open(path).unwrap()),
        MediaSourceStreamOptions::default(),
    );
    let mut hint = Hint::new();
    hint.with_extension(path.extension().unwrap().to_str().unwrap());
    let mut format = symphonia::default::get_probe()
        .probe(
            &hint,
            stream,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .unwrap();
    let track = format.default_track(TrackType::Audio).unwrap().clone();
    let audio = track.codec_params.as_ref().unwrap().audio().unwrap();
    let rate = audio.sample_rate.unwrap();
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(audio, &AudioDecoderOptions::default())
        .unwrap();
    let mut meter: Option<EbuR128> = None;
    let mut frames = 0u64;
    let mut buf = Vec::new();
    while let Some(packet) = format.next_packet().unwrap() {
        let decoded = decoder.decode(&packet).unwrap();
        frames += decoded.frames() as u64;
        let channels = decoded.num_planes();
        decoded.copy_to_vec_interleaved(&mut buf);
        meter
            .get_or_insert_with(|| EbuR128::new(channels as u32, rate, Mode::I).unwrap())
            .add_frames_f32(&buf)
            .unwrap();
    }
    let loudness = meter.unwrap().loudness_global().unwrap();
    (frames as f64 / f64::from(rate), rate, loudness)
}

fn outputs(dir: &Path) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
}

// ------------------------------------------------------------ tests

#[test]
fn loudness_of_tech_3341_case_1_is_minus_23_lufs() {
    // Stereo 1 kHz sine at −23 dBFS (peak), 20 s: −23.0 LUFS ± 0.1.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("case1.wav");
    let amp = db(-23.0);
    write_wav(&src, 48_000, 2, 20 * 48_000, |i, _| {
        amp * (TAU * 1000.0 * i as f64 / 48_000.0).sin()
    });
    let out = dir.path().join("out");
    let done = process(&src, &out, "case1", &Options::default()).unwrap();
    assert!(
        (done.loudness_lufs + 23.0).abs() <= 0.1,
        "measured {} LUFS",
        done.loudness_lufs
    );
    assert!(
        (done.true_peak_dbtp + 23.0).abs() <= 0.2,
        "{}",
        done.true_peak_dbtp
    );
    assert!((done.duration_seconds - 20.0).abs() < 1e-9);
    // Moved to the target: +9 dB.
    assert!((done.gain_db - 9.0).abs() <= 0.1, "{}", done.gain_db);
}

#[test]
fn every_rendition_decodes_to_the_source_length() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("song.wav");
    let rate = 44_100;
    let frames = 544_413; // 12.345 s, not a whole number of Opus frames
    write_wav(&src, rate, 2, frames, music(rate, -6.0));
    let out = dir.path().join("out");
    let done: Processed = process(&src, &out, "song", &Options::default()).unwrap();
    let seconds = frames as f64 / f64::from(rate);
    assert!((done.duration_seconds - seconds).abs() < 1e-9);
    assert_eq!(
        done.source_hash,
        blake3::hash(&fs::read(&src).unwrap()).to_hex().to_string()
    );

    let names: Vec<String> = done
        .renditions
        .iter()
        .map(|r| r.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["song.opus", "song.48.opus", "song.mp3"]);
    assert_eq!(
        done.renditions.iter().map(|r| r.mime).collect::<Vec<_>>(),
        [MIME_OPUS, MIME_OPUS, MIME_MP3]
    );
    for r in &done.renditions {
        assert_eq!(r.bytes, fs::metadata(&r.path).unwrap().len());
    }
    // Bit rates near what was asked for (VBR varies with the material).
    let kbps: Vec<f64> = done.renditions.iter().map(|r| r.kbps).collect();
    assert!((70.0..=130.0).contains(&kbps[0]), "Opus 96: {kbps:?}");
    assert!((35.0..=65.0).contains(&kbps[1]), "Opus 48: {kbps:?}");
    assert!(kbps[1] < kbps[0] * 0.7, "{kbps:?}");
    assert!((60.0..=200.0).contains(&kbps[2]), "MP3 V5: {kbps:?}");

    for r in &done.renditions[..2] {
        let back = read_opus(&r.path);
        assert_eq!(back.channels, 2);
        assert!(back.pre_skip >= 120);
        assert!(
            (back.seconds - seconds).abs() < 0.1,
            "{}: {} s, source {seconds} s",
            r.path.display(),
            back.seconds
        );
        // Same exact length, in fact: the final granule trims the padding.
        assert!((back.seconds - seconds).abs() < 1.0 / 48_000.0 + 1e-9);
    }
    let (mp3_seconds, mp3_rate, _) = read_with_symphonia(&done.renditions[2].path);
    assert_eq!(mp3_rate, 48_000);
    assert!(
        (mp3_seconds - seconds).abs() < 0.1,
        "MP3: {mp3_seconds} s, source {seconds} s"
    );
    // LAME's Xing/Info tag is there, in the first frame.
    let mp3 = fs::read(&done.renditions[2].path).unwrap();
    let first = &mp3[..mp3.len().min(400)];
    assert!(
        first.windows(4).any(|w| w == b"Xing" || w == b"Info"),
        "no Xing/Info tag"
    );
    assert!(first.windows(4).any(|w| w == b"LAME"), "no LAME extension");

    // The peaks: 1,000 buckets (the WAV header states the length), as
    // small integers that reach near full scale where the music is loud.
    let peaks: serde_json::Value =
        serde_json::from_slice(&fs::read(&done.peaks_path).unwrap()).unwrap();
    assert_eq!(peaks["version"], 1);
    assert_eq!(peaks["buckets"], 1000);
    assert!((peaks["seconds"].as_f64().unwrap() - seconds).abs() < 0.001);
    let min: Vec<i64> = serde_json::from_value(peaks["min"].clone()).unwrap();
    let max: Vec<i64> = serde_json::from_value(peaks["max"].clone()).unwrap();
    assert_eq!((min.len(), max.len()), (1000, 1000));
    assert!(
        min.iter()
            .zip(&max)
            .all(|(lo, hi)| -127 <= *lo && lo <= hi && *hi <= 127)
    );
    assert!(max.iter().copied().max().unwrap() > 40);
    assert!(fs::metadata(&done.peaks_path).unwrap().len() < 16 * 1024);
    // Nothing else is left behind (the temporary stream is gone).
    assert_eq!(outputs(&out).len(), 4, "{:?}", outputs(&out));
}

/// An artist's Opus file is an original like any other: it decodes through
/// libopus, to its own length and loudness.
#[test]
fn an_opus_original_gets_renditions_too() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("song.wav");
    let rate = 48_000;
    let frames = 7 * 48_000 + 123;
    write_wav(&src, rate, 2, frames, music(rate, -6.0));
    let first = process(&src, &dir.path().join("a"), "song", &Options::default()).unwrap();
    // Its 96 kbit/s rendition, uploaded as an original.
    let opus = &first.renditions[0].path;
    let again = process(opus, &dir.path().join("b"), "song", &Options::default()).unwrap();
    let seconds = frames as f64 / f64::from(rate);
    assert!(
        (again.duration_seconds - seconds).abs() < 0.03,
        "{} s decoded, {seconds} s encoded",
        again.duration_seconds
    );
    // Already at the target: measured there again, so hardly moved.
    assert!(
        (again.loudness_lufs - (first.loudness_lufs + first.gain_db)).abs() < 0.5,
        "{} LUFS, encoded at {}",
        again.loudness_lufs,
        first.loudness_lufs + first.gain_db
    );
    assert!(again.gain_db.abs() < 0.5, "{}", again.gain_db);
    assert_eq!(again.renditions.len(), 3);
    let back = read_opus(&again.renditions[0].path);
    assert!((back.seconds - again.duration_seconds).abs() < 1.0 / 48_000.0 + 1e-9);
}

#[test]
fn quiet_and_loud_tracks_come_out_at_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let rate = 44_100;
    let options = Options::default();
    for (name, level) in [("quiet", -32.0), ("loud", -1.0)] {
        let src = dir.path().join(format!("{name}.wav"));
        write_wav(&src, rate, 2, u64::from(rate) * 10, music(rate, level));
        let done = process(&src, &dir.path().join("out"), name, &options).unwrap();
        assert!(
            (done.gain_db - (options.target_lufs - done.loudness_lufs)).abs() < 1e-9,
            "{name}: gain {} for {} LUFS",
            done.gain_db,
            done.loudness_lufs
        );
        for r in &done.renditions[..2] {
            let back = read_opus(&r.path);
            assert!(
                (back.loudness - options.target_lufs).abs() <= 1.0,
                "{name} {}: {} LUFS",
                r.path.display(),
                back.loudness
            );
        }
        let (_, _, mp3_loudness) = read_with_symphonia(&done.renditions[2].path);
        assert!(
            (mp3_loudness - options.target_lufs).abs() <= 1.0,
            "{name} MP3: {mp3_loudness} LUFS"
        );
    }
}

#[test]
fn no_track_is_boosted_past_the_ceiling() {
    // Quiet overall but with loud short bursts: reaching −14 LUFS would
    // put the bursts far past the ceiling, so the boost stops there.
    // (Broadband clicks are harder: Opus at 48 kbit/s overshot full-scale
    // square clicks by about 2 dB when we tried, hence a −2 dBTP ceiling;
    // the ceiling is applied to the source, not re-measured on each
    // rendition.)
    let dir = tempfile::tempdir().unwrap();
    let rate = 44_100;
    let src = dir.path().join("clicks.wav");
    let quiet = db(-30.0);
    write_wav(&src, rate, 2, u64::from(rate) * 10, |i, _| {
        let t = i as f64 / f64::from(rate);
        // 10 ms of 1 kHz at -8 dBFS every two seconds.
        let burst = if i % 88_200 < 441 { db(-8.0) } else { 0.0 };
        quiet * (TAU * 440.0 * t).sin() + burst * (TAU * 1000.0 * t).sin()
    });
    let options = Options::default();
    let done = process(&src, &dir.path().join("out"), "clicks", &options).unwrap();
    assert!(done.loudness_lufs < -20.0, "{}", done.loudness_lufs);
    assert!(
        done.gain_db < options.target_lufs - done.loudness_lufs - 5.0,
        "{}",
        done.gain_db
    );
    assert!(
        (done.true_peak_dbtp + done.gain_db - options.ceiling_dbtp).abs() < 1e-9,
        "gain {} with true peak {}",
        done.gain_db,
        done.true_peak_dbtp
    );
    assert!(
        done.gain_db > 4.0,
        "boosted up to the ceiling: {}",
        done.gain_db
    );

    // A quiet track whose peaks are past the ceiling already is not
    // boosted, and not turned down either.
    let hot = dir.path().join("hot.wav");
    write_wav(&hot, rate, 2, u64::from(rate) * 10, |i, _| {
        let t = i as f64 / f64::from(rate);
        let burst = if i % 88_200 < 441 { db(-0.5) } else { 0.0 };
        quiet * (TAU * 440.0 * t).sin() + burst * (TAU * 1000.0 * t).sin()
    });
    let hot = process(&hot, &dir.path().join("hot"), "hot", &options).unwrap();
    assert!(
        hot.true_peak_dbtp > options.ceiling_dbtp,
        "{}",
        hot.true_peak_dbtp
    );
    assert_eq!(hot.gain_db, 0.0);

    for r in &done.renditions[..2] {
        let back = read_opus(&r.path);
        // Lossy coding moves peaks a little: half a dB is the tolerance.
        assert!(
            back.true_peak_dbtp <= options.ceiling_dbtp + 0.5,
            "{}: {} dBTP",
            r.path.display(),
            back.true_peak_dbtp
        );
    }
}

/// CRC-8 (polynomial 0x07) and CRC-16 (0x8005) as FLAC frames use them.
fn crc8(data: &[u8]) -> u8 {
    let mut crc = 0u8;
    for &b in data {
        crc ^= b;
        for _ in 0..8 {
            crc = if crc & 0x80 != 0 {
                (crc << 1) ^ 0x07
            } else {
                crc << 1
            };
        }
    }
    crc
}

fn crc16(data: &[u8]) -> u16 {
    let mut crc = 0u16;
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x8005
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// A 44.1 kHz 16-bit mono FLAC of `frames` samples, stored verbatim (no
/// prediction): valid, if large.
fn flac(frames: u64) -> Vec<u8> {
    const BLOCK: u64 = 4096;
    let mut out = b"fLaC".to_vec();
    let mut info = Vec::new();
    info.extend_from_slice(&(BLOCK as u16).to_be_bytes());
    info.extend_from_slice(&(BLOCK as u16).to_be_bytes());
    info.extend_from_slice(&[0; 6]);
    let packed: u64 = (44_100u64 << 44) | (15u64 << 36) | frames;
    info.extend_from_slice(&packed.to_be_bytes());
    info.extend_from_slice(&[0; 16]);
    out.push(0x80); // STREAMINFO, last metadata block
    out.extend_from_slice(&(info.len() as u32).to_be_bytes()[1..]);
    out.extend_from_slice(&info);
    let mut i = 0u64;
    let mut number = 0u8;
    while i < frames {
        let len = BLOCK.min(frames - i);
        let start = out.len();
        // Fixed block size, size from a 16-bit field, 44.1 kHz, mono, 16 bit.
        out.extend_from_slice(&[0xff, 0xf8, 0x79, 0x08]);
        assert!(number < 0x80, "frame numbers here fit one byte");
        out.push(number);
        out.extend_from_slice(&((len - 1) as u16).to_be_bytes());
        let crc = crc8(&out[start..]);
        out.push(crc);
        out.push(0x02); // VERBATIM subframe
        for k in i..i + len {
            let v = ((TAU * 440.0 * k as f64 / 44_100.0).sin() * 8000.0) as i16;
            out.extend_from_slice(&v.to_be_bytes());
        }
        let crc = crc16(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
        i += len;
        number += 1;
    }
    out
}

#[test]
fn bad_audio_gets_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");

    // The generator's FLAC is sound: it decodes to its stated length.
    let whole = dir.path().join("whole.flac");
    fs::write(&whole, flac(44_100 * 2)).unwrap();
    let done = process(&whole, &out, "whole", &Options::default()).unwrap();
    assert!((done.duration_seconds - 2.0).abs() < 1e-9);

    let bytes = flac(44_100 * 2);
    let truncated = dir.path().join("truncated.flac");
    fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let empty = dir.path().join("empty.mp3");
    fs::write(&empty, b"").unwrap();
    let text = dir.path().join("notes.wav");
    fs::write(&text, "These are the lyrics, not the song.\n".repeat(50)).unwrap();

    type IsKind = fn(&RenditionError) -> bool;
    let cases: [(&Path, &str, IsKind); 3] = [
        (&truncated, "cut short", |e| {
            matches!(e, RenditionError::Broken { .. })
        }),
        (&empty, "empty", |e| {
            matches!(e, RenditionError::Empty { .. })
        }),
        (&text, "not audio", |e| {
            matches!(e, RenditionError::NotAudio { .. })
        }),
    ];
    for (path, words, kind) in cases {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let err = process(path, &out, stem, &Options::default()).unwrap_err();
        let message = err.to_string();
        assert!(kind(&err), "{path:?}: {err:?}");
        assert!(
            message.starts_with(&path.display().to_string()),
            "{message}"
        );
        assert!(message.contains(words), "{message}");
        assert_eq!(err.path(), path);
    }
    // No half-made files or temporary streams for the bad ones.
    let left: Vec<String> = outputs(&out)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("whole."))
        .collect();
    assert!(
        left.iter().all(|n| !n.ends_with(".tmp")),
        "left behind: {left:?}"
    );
}

/// Peak resident memory (VmHWM) of this process, in KiB.
fn peak_rss_kib() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

const CHILD: &str = "TROGS_RENDITIONS_HOUR_DIR";

/// An hour of 16 kHz mono WAV goes through in under 64 MB. Mono at a low
/// rate keeps the test quicker in a debug build; the pass's memory does
/// not grow with the rate or the length.
/// The work runs in a child process (this test binary, running only this
/// test), so the peak is this pass's alone, not that of the tests running
/// beside it. The encoders run at their fastest settings here: memory, not
/// quality, is what is measured.
#[test]
fn an_hour_of_audio_in_constant_memory() {
    if let Ok(dir) = std::env::var(CHILD) {
        let dir = PathBuf::from(dir);
        let src = dir.join("hour.wav");
        let rate = 16_000;
        // One second of tone, repeated: cheap to write in a debug build.
        let second: Vec<f64> = (0..rate)
            .map(|i| 0.3 * (TAU * 441.0 * f64::from(i) / f64::from(rate)).sin())
            .collect();
        write_wav(&src, rate, 1, 3600 * u64::from(rate), |i, _| {
            second[(i % u64::from(rate)) as usize]
        });
        let options = Options {
            opus_complexity: 0,
            mp3_algorithm: 9,
            ..Options::default()
        };
        let done = process(&src, &dir.join("out"), "hour", &options).unwrap();
        println!(
            "HOUR duration={} peak_kib={}",
            done.duration_seconds,
            peak_rss_kib()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "an_hour_of_audio_in_constant_memory",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&child.stdout);
    assert!(
        child.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&child.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("HOUR ").map(|(_, rest)| rest))
        .unwrap_or_else(|| panic!("no figures from the child: {stdout}"));
    let field = |name: &str| -> f64 {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!((field("duration") - 3600.0).abs() < 1e-6, "{line}");
    let peak_mib = field("peak_kib") / 1024.0;
    eprintln!("an hour of audio: peak resident memory {peak_mib:.1} MiB");
    assert!(peak_mib < 64.0, "peak memory {peak_mib:.1} MiB");
    // An hour of Opus at 96 kbit/s is about 43 MB (a steady tone takes
    // less); the temporary stream is gone.
    let opus = fs::metadata(dir.path().join("out/hour.opus"))
        .unwrap()
        .len();
    assert!((10_000_000..60_000_000).contains(&opus), "{opus}");
    assert!(!dir.path().join("out/.hour.pcm.tmp").exists());
}
