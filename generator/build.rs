//! Builds the default theme into the binary: walks `../themes/default`
//! (its `templates/**/*.hbs`, `assets/**`, `locales/*.ftl` and the Create
//! section's `create/**`) and writes
//! `$OUT_DIR/builtin_theme.rs`, a list of `(relative path, bytes)` that
//! `site::theme` includes. Cargo reruns this when anything in those
//! folders changes.
//!
//! It also sets `TROGS_BUILD_ID`, a hash of the generator's own source:
//! pages published by a generator built from other code are rendered again
//! instead of being kept because their rows did not change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let theme = manifest.join("../themes/default");
    let mut files = Vec::new();
    // The Create section's `create/` is loaded by the same `site::theme`
    // (for the upload service), so a theme folder without it still has it.
    for part in ["templates", "assets", "locales", "create"] {
        println!("cargo:rerun-if-changed={}", theme.join(part).display());
        collect(&theme, &theme.join(part), &mut files);
    }
    files.sort();

    let mut code = String::from(
        "/// The default theme's files, relative to its folder.\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (rel, abs) in &files {
        writeln!(code, "    ({rel:?}, include_bytes!({abs:?})),").expect("writing to a string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("builtin_theme.rs"), code).expect("writing builtin_theme.rs");

    let src = manifest.join("src");
    println!("cargo:rerun-if-changed={}", src.display());
    let mut sources = Vec::new();
    collect(&manifest, &src, &mut sources);
    sources.sort();
    let mut id = std::hash::DefaultHasher::new();
    for (rel, abs) in &sources {
        std::hash::Hash::hash(rel, &mut id);
        std::hash::Hash::hash(&std::fs::read(abs).expect("reading the source"), &mut id);
    }
    println!(
        "cargo:rustc-env=TROGS_BUILD_ID={:016x}",
        std::hash::Hasher::finish(&id)
    );
}

/// Every regular file below `dir`, skipping names that start with a dot
/// (editor and OS litter), as `(path relative to the theme, absolute path)`.
fn collect(theme: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading the default theme {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("reading the default theme");
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type().expect("reading the default theme");
        if kind.is_dir() {
            collect(theme, &path, files);
        } else if kind.is_file() {
            let rel = path
                .strip_prefix(theme)
                .expect("below the theme")
                .to_string_lossy()
                .replace('\\', "/");
            let abs = path
                .canonicalize()
                .expect("a theme file has a path")
                .to_string_lossy()
                .into_owned();
            files.push((rel, abs));
        }
    }
}
