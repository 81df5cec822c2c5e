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
