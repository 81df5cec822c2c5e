//! `trogs media process` on an existing catalog (the demo's, seeded with
//! `--no-process`): every artist and album image gets its derivatives once,
//! recorded on its item; a broken image is reported by its key and the rest
//! still get theirs; a second run does nothing new; a killed run resumes;
//! pages then offer the derivatives. And `trogs demo` runs the pipeline
//! itself.

mod common;

use std::path::Path;
use std::process::Command;

use common::trogs;

fn images_under(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .filter(|p| p.ends_with(".jpg") || p.ends_with(".png"))
        .collect();
    found.sort();
    found
}

#[test]
fn existing_artwork_gets_its_derivatives_once() {
    let dir = tempfile::tempdir().unwrap();
    trogs(dir.path(), &["demo", "--no-process"]);
    let media = dir.path().join("media");
    let originals = images_under(&media);
    assert!(originals.len() >= 5, "the demo has artwork: {originals:?}");
    // One image is not an image any more.
    let broken = &originals[0];
    std::fs::write(media.join(broken), "not a picture").unwrap();

    let first = trogs(dir.path(), &["media", "process", "--jobs", "2"]);
    let text = String::from_utf8_lossy(&first.stdout).to_string();
    let warnings = String::from_utf8_lossy(&first.stderr).to_string();
    let good = originals.len() - 1;
    assert!(
        text.contains(&format!(
            "{good} images given derivatives, 0 had them, 1 failed"
        )),
        "{text}\n{warnings}"
    );
    assert!(
        warnings.contains(broken.as_str()),
        "the failure names the image: {warnings}"
    );
    for original in originals.iter().skip(1) {
        let (stem, ext) = original.rsplit_once('.').unwrap();
        for size in ["50x50", "80x80", "300x300", "300"] {
            assert!(
                media.join(format!("{stem}.{size}.{ext}")).is_file(),
                "{original} has no {size} derivative"
            );
        }
    }
    // The originals are left as they were.
    let after = images_under(&media);
    for original in &originals {
        assert!(after.contains(original), "{original} is gone");
    }

    let second = trogs(dir.path(), &["media", "process"]);
    let text = String::from_utf8_lossy(&second.stdout).to_string();
    assert!(
        text.contains(&format!(
            "0 images given derivatives, {good} had them, 1 failed"
        )),
        "a second run does nothing new: {text}"
    );

    trogs(dir.path(), &["build"]);
    let home = std::fs::read_to_string(dir.path().join("site-out/index.html")).unwrap();
    assert!(
        home.contains("srcset=\""),
        "the home page offers the derivatives"
    );
    assert!(home.contains(".80x80."), "{home}");
}

/// Every track of the demo gets its renditions, loudness, peaks and
/// duration, recorded on its item; a broken file is reported by its key
/// and the rest go on; a second run does nothing new.
#[cfg(feature = "renditions")]
#[test]
fn every_track_gets_its_renditions_once() {
    let dir = tempfile::tempdir().unwrap();
    trogs(dir.path(), &["demo", "--no-process"]);
    let media = dir.path().join("media");
    let mut wavs: Vec<String> = walkdir::WalkDir::new(&media)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "wav"))
        .map(|e| e.path().strip_prefix(&media).unwrap().display().to_string())
        .collect();
    wavs.sort();
    assert!(wavs.len() >= 20, "{wavs:?}");
    std::fs::write(media.join(&wavs[0]), "these are words, not sound").unwrap();

    let first = trogs(dir.path(), &["media", "process", "--jobs", "2"]);
    let text = String::from_utf8_lossy(&first.stdout).to_string();
    let warnings = String::from_utf8_lossy(&first.stderr).to_string();
    let good = wavs.len() - 1;
    assert!(
        text.contains(&format!(
            "{good} tracks given renditions, 0 had them, 0 not in the media store, 1 failed"
        )),
        "{text}\n{warnings}"
    );
    assert!(
        warnings.contains(wavs[0].as_str()),
        "the failure names the file: {warnings}"
    );
    for wav in wavs.iter().skip(1) {
        let stem = wav.trim_end_matches(".wav");
        for suffix in [".opus", ".48.opus", ".mp3", ".peaks.json"] {
            // Beside the original, under the pipeline's own prefix.
            let f = media.join(format!("_trogs/{stem}{suffix}"));
            assert!(
                f.is_file() && f.metadata().unwrap().len() > 0,
                "{wav}: no {suffix}"
            );
        }
        assert!(media.join(wav).is_file(), "the original {wav} is kept");
    }

    // The items record it.
    let export = trogs(dir.path(), &["export"]);
    let items: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let text = items.to_string();
    let processed = text.matches("\"SourceHash\"").count();
    assert_eq!(processed, good, "each processed track records its source");
    assert_eq!(text.matches("\"Renditions\"").count(), good);
    assert!(text.contains("audio/ogg; codecs=opus"), "{text}");

    let second = trogs(dir.path(), &["media", "process"]);
    let text = String::from_utf8_lossy(&second.stdout).to_string();
    assert!(
        text.contains(&format!("0 tracks given renditions, {good} had them")),
        "a second run does nothing new: {text}"
    );

    // Pages offer the renditions first, the original last.
    trogs(dir.path(), &["build"]);
    let mut offered = 0;
    for page in walkdir::WalkDir::new(dir.path().join("site-out/track"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let html = std::fs::read_to_string(page.path()).unwrap();
        for audio in html.split("<audio").skip(1) {
            let audio = &audio[..audio.find("</audio>").unwrap()];
            if !audio.contains(".opus") {
                continue; // the broken track: its original only
            }
            let (opus, mp3, wav) = (
                audio.find(".opus\" type=\"audio/ogg; codecs").expect(audio),
                audio.find(".mp3\" type=\"audio/mpeg\"").expect(audio),
                audio.find(".wav\"").expect(audio),
            );
            assert!(opus < mp3 && mp3 < wav, "{audio}");
            assert!(
                !audio.contains(".48.opus"),
                "the data-saver rendition is the player's choice"
            );
            offered += 1;
        }
    }
    assert_eq!(
        offered, good,
        "every processed track's page offers its renditions"
    );

    // Search engines and link cards get the length and the MP3.
    let mut with_duration = 0;
    for page in walkdir::WalkDir::new(dir.path().join("site-out/track"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let html = std::fs::read_to_string(page.path()).unwrap();
        if html.contains("\"duration\":\"PT0M") {
            with_duration += 1;
            let og = html
                .split("<meta property=\"og:audio\" content=\"")
                .nth(1)
                .unwrap();
            assert!(og[..og.find('"').unwrap()].ends_with(".mp3"), "{og}");
        }
    }
    assert_eq!(with_duration, good, "JSON-LD durations of processed tracks");
}

/// `trogs demo` processes what it seeds: the pages offer derivatives (and,
/// with the `renditions` feature, renditions) from the first build.
#[test]
fn the_demo_comes_processed() {
    let dir = tempfile::tempdir().unwrap();
    let out = trogs(dir.path(), &["demo"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        text.contains("images given derivatives, 0 had them, 0 failed"),
        "{text}"
    );
    if cfg!(feature = "renditions") {
        assert!(
            text.contains(
                "tracks given renditions, 0 had them, 0 not in the media store, 0 failed"
            ),
            "{text}"
        );
    } else {
        assert!(
            text.contains("build with `--features renditions`"),
            "{text}"
        );
    }
    let again = trogs(dir.path(), &["media", "process"]);
    let again = String::from_utf8_lossy(&again.stdout).to_string();
    assert!(again.contains("0 images given derivatives"), "{again}");
    if cfg!(feature = "renditions") {
        assert!(again.contains("0 tracks given renditions"), "{again}");
    }
    trogs(dir.path(), &["build"]);
    let home = std::fs::read_to_string(dir.path().join("site-out/index.html")).unwrap();
    assert!(home.contains("srcset=\""), "{home}");
}

/// A run killed halfway leaves nothing that stops the next one: it makes
/// what is left and records every track.
#[cfg(feature = "renditions")]
#[test]
fn a_killed_run_resumes_and_finishes() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    trogs(dir.path(), &["demo", "--no-process"]);
    let media = dir.path().join("media");
    let count = |suffix: &str| {
        walkdir::WalkDir::new(&media)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().to_string_lossy().ends_with(suffix))
            .count()
    };
    let tracks = count(".wav");
    let mut run = Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args(["media", "process", "--jobs", "1"])
        .current_dir(dir.path())
        .env("TROGS_THEME", common::theme_dir())
        .env_remove("TROGS_STORE")
        .env_remove("TROGS_OUT")
        .env_remove("TROGS_MEDIA")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Killed once the second track's files are there: one at a time, so the
    // first track's item records its renditions (the second's may or may
    // not).
    let deadline = Instant::now() + Duration::from_secs(120);
    while count(".peaks.json") < 2 {
        assert!(Instant::now() < deadline, "no track was processed in 120 s");
        assert!(
            run.try_wait().unwrap().is_none(),
            "the run ended before it could be killed"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    run.kill().unwrap();
    run.wait().unwrap();
    let made = count(".peaks.json");
    assert!(made < tracks, "killed after {made} of {tracks} tracks");

    let resumed = trogs(dir.path(), &["media", "process"]);
    let text = String::from_utf8_lossy(&resumed.stdout).to_string();
    let (given, had) = text
        .lines()
        .find_map(|l| {
            let (given, rest) = l.split_once(" tracks given renditions, ")?;
            let (had, _) = rest.split_once(" had them")?;
            Some((given.parse::<usize>().ok()?, had.parse::<usize>().ok()?))
        })
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(given + had, tracks, "{text}");
    assert!(
        given > 0 && given < tracks,
        "only what was left is made: {text}"
    );
    assert!(text.contains(" 0 failed"), "{text}");
    assert_eq!(count(".peaks.json"), tracks);
    assert_eq!(count(".48.opus"), tracks);

    let last = trogs(dir.path(), &["media", "process"]);
    let text = String::from_utf8_lossy(&last.stdout).to_string();
    assert!(
        text.contains(&format!("0 tracks given renditions, {tracks} had them")),
        "{text}"
    );
}
