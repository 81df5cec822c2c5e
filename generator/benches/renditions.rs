//! The media pipeline's figures, in a release build:
//! `cargo bench -p trogs --features renditions --bench renditions`.
//! Prints the realtime factor of the whole pass on one core (seconds of
//! audio per second of wall time), the bytes per minute of each rendition
//! for a four-minute music-like track, the peak memory of an hour of
//! 44.1 kHz stereo, and the demo's album page's bytes on first play
//! (gzipped HTML, CSS, script and peaks, plus the first track's audio as
//! the browser picks it; images left out) before and after
//! `trogs media process`.

use std::f64::consts::TAU;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use trogs::renditions::{Options, process};

fn write_wav(path: &Path, rate: u32, seconds: u64, level: f64) {
    let frames = seconds * u64::from(rate);
    let data_len = (frames * 4) as u32;
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path).unwrap());
    let mut h = Vec::new();
    h.extend_from_slice(b"RIFF");
    h.extend_from_slice(&(36 + data_len).to_le_bytes());
    h.extend_from_slice(b"WAVEfmt ");
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes());
    h.extend_from_slice(&2u16.to_le_bytes());
    h.extend_from_slice(&rate.to_le_bytes());
    h.extend_from_slice(&(rate * 4).to_le_bytes());
    h.extend_from_slice(&4u16.to_le_bytes());
    h.extend_from_slice(&16u16.to_le_bytes());
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data_len.to_le_bytes());
    out.write_all(&h).unwrap();
    // Partials that wander in pitch plus noise: closer to music than a
    // steady tone, which encoders squeeze to almost nothing.
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..frames {
        let t = i as f64 / f64::from(rate);
        for c in 0..2 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let noise = (seed >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
            let f = 220.0 * (1.0 + 0.5 * (TAU * 0.05 * t).sin()) * if c == 0 { 1.0 } else { 1.5 };
            let v = level
                * (0.4 * (TAU * f * t).sin()
                    + 0.2 * (TAU * 3.0 * f * t).sin()
                    + 0.1 * (TAU * 7.0 * f * t).sin()
                    + 0.2 * noise);
            out.write_all(&((v * 32767.0) as i16).to_le_bytes())
                .unwrap();
        }
    }
    out.flush().unwrap();
}

fn peak_rss_mib() -> f64 {
    let status = fs::read_to_string("/proc/self/status").unwrap();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    kib / 1024.0
}

fn trogs(dir: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args(args)
        .current_dir(dir)
        .env(
            "TROGS_THEME",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default"),
        )
        .env_remove("TROGS_STORE")
        .env_remove("TROGS_OUT")
        .env_remove("TROGS_MEDIA")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "trogs {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn gzipped(bytes: &[u8]) -> usize {
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(bytes).unwrap();
    z.finish().unwrap().len()
}

/// The value of the first `attr="..."` after `from` in `html`.
fn attr<'a>(html: &'a str, from: &str, attr: &str) -> Option<&'a str> {
    let at = html.find(from)?;
    let rest = &html[at..];
    let start = rest.find(&format!("{attr}=\""))? + attr.len() + 2;
    let end = rest[start..].find('"')?;
    Some(&rest[start..start + end])
}

/// Where a site URL's file is: `/media/…` in the media folder, the rest in
/// the site folder.
fn file_of(dir: &Path, url: &str) -> PathBuf {
    let path = url.split(['?', '#']).next().unwrap().replace("&amp;", "&");
    match path.strip_prefix("/media/") {
        Some(key) => dir.join("media").join(key),
        None => dir.join("site-out").join(path.trim_start_matches('/')),
    }
}

/// (HTML+CSS+script+peaks gzipped, first track's audio, its type) of the
/// first album page.
fn first_play(dir: &Path) -> (usize, u64, String) {
    let mut albums: Vec<PathBuf> = fs::read_dir(dir.join("site-out/album"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    albums.sort();
    let html = fs::read_to_string(&albums[0]).unwrap();
    let mut text = gzipped(html.as_bytes());
    for (from, name) in [("<link rel=\"stylesheet\"", "href"), ("<script src", "src")] {
        let url = attr(&html, from, name).unwrap();
        text += gzipped(&fs::read(file_of(dir, url)).unwrap());
    }
    if let Some(peaks) = attr(&html, "<li", "data-peaks") {
        text += gzipped(&fs::read(file_of(dir, peaks)).unwrap());
    }
    let audio = &html[html.find("<audio").unwrap()..];
    let src = attr(audio, "<source", "src").unwrap();
    let ty = attr(audio, "<source", "type")
        .unwrap()
        .replace("&#x3D;", "=");
    (text, fs::metadata(file_of(dir, src)).unwrap().len(), ty)
}

fn page_weight() {
    let dir = tempfile::tempdir().unwrap();
    trogs(dir.path(), &["demo", "--no-process"]);
    trogs(dir.path(), &["build"]);
    let before = first_play(dir.path());
    trogs(dir.path(), &["media", "process"]);
    trogs(dir.path(), &["build"]);
    let after = first_play(dir.path());
    println!("the demo's first album page on first play (images left out):");
    for (when, (text, audio, ty)) in [("originals", before), ("renditions", after)] {
        println!(
            "  {when}: {:.1} KB of HTML, CSS, script and peaks (gzipped) + {:.1} KB of audio ({ty})",
            text as f64 / 1e3,
            audio as f64 / 1e3
        );
    }
}

fn main() {
    page_weight();
    let dir = tempfile::tempdir().unwrap();
    let options = Options::default();

    let song = dir.path().join("song.wav");
    write_wav(&song, 44_100, 240, 0.5);
    let start = Instant::now();
    let done = process(&song, &dir.path().join("out"), "song", &options).unwrap();
    let wall = start.elapsed().as_secs_f64();
    println!(
        "4 min, 44.1 kHz stereo: {:.2} s wall, realtime factor {:.1}x on one core",
        wall,
        done.duration_seconds / wall
    );
    println!(
        "  loudness {:.1} LUFS, true peak {:.1} dBTP, gain {:+.1} dB",
        done.loudness_lufs, done.true_peak_dbtp, done.gain_db
    );
    for r in &done.renditions {
        println!(
            "  {}: {:.3} MB/min, {:.0} kbit/s",
            r.path.file_name().unwrap().to_string_lossy(),
            r.bytes as f64 / 1e6 / (done.duration_seconds / 60.0),
            r.kbps
        );
    }

    // The hour: clear the peak first so only the pass counts.
    let hour = dir.path().join("hour.wav");
    write_wav(&hour, 44_100, 3600, 0.5);
    let _ = fs::write("/proc/self/clear_refs", "5");
    let before = peak_rss_mib();
    let start = Instant::now();
    let done = process(&hour, &dir.path().join("out"), "hour", &options).unwrap();
    let wall = start.elapsed().as_secs_f64();
    println!(
        "60 min, 44.1 kHz stereo: {:.1} s wall, realtime factor {:.1}x, peak memory {:.1} MiB (before the pass {:.1} MiB)",
        wall,
        done.duration_seconds / wall,
        peak_rss_mib(),
        before
    );
}
