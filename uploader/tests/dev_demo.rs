//! Dev mode seeds the demo into an empty catalog and processes its media in
//! the background: the site is up at once with the originals, and then
//! every page offers the image derivatives and (in a build with the
//! `renditions` feature) the streaming renditions.

mod harness;

use std::path::Path;
use std::time::{Duration, Instant};

fn files(dir: &Path, suffix: &str) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().to_string_lossy().ends_with(suffix))
        .map(|e| e.into_path())
        .collect()
}

fn read_all(paths: &[std::path::PathBuf]) -> String {
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

#[tokio::test]
async fn the_demo_media_is_processed_and_its_pages_published_again() {
    let up = harness::dev_with(async |_, _| {}, &["--process"], &[]).await;
    let mut client = harness::Client::new(&up.site_url);
    assert_eq!(client.get("/").await.status, 200, "the site is up at once");

    let wavs = files(&up.media(), ".wav");
    assert!(wavs.len() >= 20, "the demo's audio: {wavs:?}");
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let artists = read_all(&files(&up.out().join("artist"), ".html"));
        let tracks = read_all(&files(&up.out().join("track"), ".html"));
        let images_done = artists.contains("srcset=");
        let audio_done = !cfg!(feature = "renditions")
            || tracks.matches(".opus\" type=\"audio/ogg;").count() >= wavs.len();
        if images_done && audio_done {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "after 180 s the pages still lack what the pipeline makes \
             (srcset: {images_done}, renditions: {audio_done})\n{}",
            up.log()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let derivatives = files(&up.media(), ".jpg").len();
    assert!(derivatives > 10, "{derivatives} images");
    if cfg!(feature = "renditions") {
        for wav in &wavs {
            let key = wav.strip_prefix(up.media()).unwrap().to_string_lossy();
            let stem = key.trim_end_matches(".wav");
            for suffix in [".opus", ".48.opus", ".mp3", ".peaks.json"] {
                let made = up.media().join(format!("_trogs/{stem}{suffix}"));
                assert!(made.is_file(), "no {}", made.display());
            }
            assert!(wav.is_file(), "the original stays");
        }
    }
    up.stop();
}
