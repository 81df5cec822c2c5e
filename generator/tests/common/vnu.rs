//! The Nu Html Checker (npm `vnu-jar`, run on Java), for the tests that
//! every published page, embed and Create page is valid HTML. Shared by the
//! generator's and the uploader's tests (the latter include it by path).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const VNU_VERSION: &str = "26.9.27";

/// The checker's jar: `TROGS_TEST_VNU`, else where `scripts/test` installs it.
pub fn jar() -> PathBuf {
    let path = match std::env::var_os("TROGS_TEST_VNU").filter(|p| !p.is_empty()) {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../.test-stand-ins/node_modules/vnu-jar/build/dist/vnu.jar"),
    };
    assert!(
        path.is_file(),
        "the Nu Html Checker is missing ({}). scripts/test installs it; or run \
         `npm install --prefix .test-stand-ins -E vnu-jar@{VNU_VERSION}` in the workspace and set \
         TROGS_TEST_VNU=$PWD/.test-stand-ins/node_modules/vnu-jar/build/dist/vnu.jar \
         (it runs on Java 17: apt-get install -y openjdk-17-jre-headless)",
        path.display()
    );
    path
}

/// Every `.html` file under `dir`, sorted.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    found.sort();
    found
}

/// Checks `files` (at least `at_least` of them, each an HTML document) and
/// fails with the checker's messages when it reports any error.
pub fn assert_valid(files: &[PathBuf], at_least: usize) {
    assert!(
        files.len() >= at_least,
        "only {} HTML files to check, expected at least {at_least}: {files:?}",
        files.len()
    );
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            text.trim_start()
                .to_ascii_lowercase()
                .starts_with("<!doctype html>"),
            "{} is not an HTML document: {}",
            file.display(),
            text.chars().take(300).collect::<String>()
        );
    }
    let jar = jar();
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .arg("--errors-only")
        .args(files)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "running java -jar {}: {e} (the Nu Html Checker runs on Java 17: \
                 apt-get install -y openjdk-17-jre-headless)",
                jar.display()
            )
        });
    let messages = String::from_utf8_lossy(&out.stderr);
    let errors = messages.lines().filter(|l| l.contains("error:")).count();
    assert!(
        out.status.success() && errors == 0 && messages.trim().is_empty(),
        "the Nu Html Checker found {errors} errors in {} files ({}):\n{messages}",
        files.len(),
        out.status
    );
}
