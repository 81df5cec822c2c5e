//! How long the upload checks take on long files:
//! `cargo bench -p trogs-uploader --bench probe` prints the figures.

#[path = "../tests/fixtures/mod.rs"]
mod fixtures;

use std::time::Instant;

use trogs_uploader::probe;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    // 60 minutes of 16-bit stereo PCM: the header, then 635 MB of (sparse)
    // zero samples.
    let wav = dir.path().join("hour.wav");
    let data = (fixtures::frames(3600.0) * 4) as u32;
    std::fs::write(&wav, fixtures::wav_header(1, 16, data)).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&wav)
        .unwrap()
        .set_len(44 + u64::from(data))
        .unwrap();
    let start = Instant::now();
    let info = probe::audio(&wav).unwrap();
    println!(
        "60-minute WAV: {:?} ({:?})",
        start.elapsed(),
        info.duration_seconds
    );

    for (name, bytes) in [
        ("five.flac", fixtures::flac(300.0)),
        ("five.mp3", fixtures::mp3(300.0)),
        ("five.ogg", fixtures::vorbis(300.0)),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let start = Instant::now();
        let info = probe::audio(&path).unwrap();
        println!(
            "5-minute {name} ({} MB): {:?} ({:?})",
            bytes.len() >> 20,
            start.elapsed(),
            info.duration_seconds
        );
    }

    let path = dir.path().join("big.jpg");
    std::fs::write(&path, fixtures::jpeg(6000, 4000)).unwrap();
    let start = Instant::now();
    probe::image(&path).unwrap();
    println!("24-megapixel JPEG: {:?}", start.elapsed());
}
