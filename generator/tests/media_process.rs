//! `trogs media process` on an existing catalog (the demo's): every artist
//! and album image gets its derivatives once, recorded on its item; a
//! broken image is reported by its key and the rest still get theirs; a
//! second run does nothing new; pages then offer the derivatives.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn trogs(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args(args)
        .current_dir(dir)
        .env("TROGS_THEME", common::theme_dir())
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
    out
}

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
    trogs(dir.path(), &["demo"]);
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
    trogs(dir.path(), &["demo"]);
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
            let f = media.join(format!("{stem}{suffix}"));
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
}
