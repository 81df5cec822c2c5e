//! The media pipeline's figures, in a release build:
//! `cargo bench -p trogs --features renditions --bench renditions`.
//! Prints the realtime factor of the whole pass on one core (seconds of
//! audio per second of wall time), the bytes per minute of each rendition
//! for a four-minute music-like track, and the peak memory of an hour of
//! 44.1 kHz stereo.

use std::f64::consts::TAU;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;
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

fn main() {
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
