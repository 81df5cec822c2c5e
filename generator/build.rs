//! Builds the default theme into the binary: walks `../themes/default`
//! (its `templates/**/*.hbs` and `assets/**`) and writes
//! `$OUT_DIR/builtin_theme.rs`, a list of `(relative path, bytes)` that
//! `site::theme` includes. Cargo reruns this when anything in the theme
//! folder changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let theme = manifest.join("../themes/default");
    println!("cargo:rerun-if-changed={}", theme.display());

    let mut files = Vec::new();
    for part in ["templates", "assets"] {
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
