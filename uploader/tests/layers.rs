//! The upload service's layers, held against its source: every module
//! imports only from the layers its row of `docs/architecture.md` names,
//! and no files import each other in a circle. Read from the code's own
//! `crate::` and `super::` paths, so it needs no tool beyond the test
//! itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom to top: their modules (a folder's file may sit on
/// another layer than its folder: `upload::spool` below `upload`), and the
/// layers they may import (a layer may always import itself; circles are
/// checked apart).
const LAYERS: &[(&str, &[&str], &[&str])] = &[
    (
        "foundation",
        &[
            "settings",
            "limits",
            "token",
            "faults",
            "language",
            "messages",
            "error",
            "probe",
            "session",
            "session_records",
        ],
        &[],
    ),
    (
        "services",
        &[
            "edge",
            "oidc",
            "jobs",
            "pending",
            "regen",
            "renditions_queue",
            "imaging",
        ],
        &["foundation"],
    ),
    ("state", &["state", "user"], &["foundation", "services"]),
    (
        "domain",
        &[
            "edit",
            "views",
            "quotas",
            "upload::spool",
            "upload::state",
            "upload::staging",
            "upload::finish",
            "upload::sweeper",
        ],
        &["foundation", "services", "state"],
    ),
    (
        "handlers",
        &["api", "auth", "pages", "upload"],
        &["foundation", "services", "state", "domain"],
    ),
    (
        "assembly",
        &["routes", "guard", "app", "lambda"],
        &["foundation", "services", "state", "domain", "handlers"],
    ),
];

/// One source file: its module path (`upload/tus.rs` is `upload::tus`).
struct Source {
    module: Vec<String>,
    text: String,
}

fn sources(src: &Path) -> Vec<(PathBuf, Source)> {
    let mut found = Vec::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(src).unwrap().to_path_buf();
            // The binary (`main.rs`) may import anything, and `lib.rs`
            // only declares the modules.
            if ["main.rs", "lib.rs"].iter().any(|p| rel == Path::new(p)) {
                continue;
            }
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mut module: Vec<String> = rel
                    .with_extension("")
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if module.last().is_some_and(|m| m == "mod") {
                    module.pop();
                }
                let text = std::fs::read_to_string(&path).unwrap();
                found.push((rel, Source { module, text }));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// The code a file runs, without comments and without its unit tests
/// (`#[cfg(test)] mod tests`, which may reach anything).
fn code(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]")
            && lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.trim_start().starts_with("mod "))
        {
            break;
        }
        if !trimmed.starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The modules a folder's `mod.rs` declares (`pub mod build;`).
fn children(code: &str) -> Vec<String> {
    code.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix("pub ").unwrap_or(l);
            let l = l.strip_prefix("pub(crate) ").unwrap_or(l);
            l.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(str::to_string)
        })
        .collect()
}

/// Every path in `code` that starts at `crate::`, `super::`, `self::` or
/// one of the file's own `children` (`tus::create` in `upload/mod.rs`), as
/// module paths from the crate's root (`use super::{a::B, c}` is two).
fn paths(code: &str, module: &[String], children: &[String]) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let at_word = i == 0 || !(ident(bytes[i - 1]) || matches!(bytes[i - 1], b'$' | b':'));
        let rest = &bytes[i..];
        let child = children
            .iter()
            .find(|c| rest.starts_with(c.as_bytes()) && rest[c.len()..].starts_with(b"::"));
        let (mut base, mut j) = if at_word && rest.starts_with(b"crate::") {
            (Vec::new(), i + "crate::".len())
        } else if at_word && rest.starts_with(b"super::") {
            (
                module[..module.len().saturating_sub(1)].to_vec(),
                i + "super::".len(),
            )
        } else if at_word && rest.starts_with(b"self::") {
            (module.to_vec(), i + "self::".len())
        } else if at_word && child.is_some() {
            (module.to_vec(), i)
        } else {
            i += 1;
            continue;
        };
        while bytes[j..].starts_with(b"super::") {
            base.pop();
            j += "super::".len();
        }
        j = tail(code, j, &base, &mut found);
        i = j.max(i + 1);
    }
    found
}

/// Reads the rest of a path from `at` (segments, or a `{…}` group of
/// paths), pushing each whole path onto `found`; returns where it ended.
fn tail(code: &str, mut at: usize, base: &[String], found: &mut Vec<Vec<String>>) -> usize {
    let bytes = code.as_bytes();
    let mut path = base.to_vec();
    loop {
        if bytes.get(at) == Some(&b'{') {
            at += 1;
            loop {
                while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                    at += 1;
                }
                if at >= bytes.len() || bytes[at] == b'}' {
                    return at + 1;
                }
                at = tail(code, at, &path, found);
                while at < bytes.len() && (bytes[at] == b',' || bytes[at].is_ascii_whitespace()) {
                    at += 1;
                }
            }
        }
        let start = at;
        while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
            at += 1;
        }
        if at == start {
            found.push(path);
            return at;
        }
        path.push(code[start..at].to_string());
        if !bytes[at..].starts_with(b"::") {
            found.push(path);
            return at;
        }
        at += 2;
    }
}

/// Who imports whom, file by file. A file's imports from its own folders'
/// `mod.rs` are not counted: that is the folder's interface (the target
/// enum, the error type) which the files below it implement, as Rust
/// modules are laid out.
fn imports(sources: &[(PathBuf, Source)]) -> BTreeMap<&Path, BTreeSet<&Path>> {
    let by_module: BTreeMap<&[String], &Path> = sources
        .iter()
        .map(|(p, s)| (s.module.as_slice(), p.as_path()))
        .collect();
    let mut graph = BTreeMap::new();
    for (file, source) in sources {
        let mut to = BTreeSet::new();
        let code = code(&source.text);
        for path in paths(&code, &source.module, &children(&code)) {
            let Some(target) = (0..=path.len())
                .rev()
                .find_map(|n| by_module.get(&path[..n]).map(|t| (n, *t)))
            else {
                continue;
            };
            let (n, target) = target;
            let target_module = &path[..n];
            if n == 0 || source.module.starts_with(target_module) {
                continue;
            }
            to.insert(target);
        }
        graph.insert(file.as_path(), to);
    }
    graph
}

/// The layer of a file: the row naming the longest part of its module
/// path (`upload/spool.rs` is `upload::spool`'s, `upload/tus.rs` is
/// `upload`'s).
fn layer_of(file: &Path) -> &'static str {
    let module: Vec<String> = file
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p != "mod")
        .collect();
    (1..=module.len())
        .rev()
        .find_map(|n| {
            let name = module[..n].join("::");
            LAYERS
                .iter()
                .find(|(_, modules, _)| modules.contains(&name.as_str()))
                .map(|(layer, _, _)| *layer)
        })
        .unwrap_or_else(|| {
            panic!(
                "{} is on no layer: add it to LAYERS here and to docs/architecture.md",
                module.join("::")
            )
        })
}

#[test]
fn every_module_imports_only_from_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = sources(&src);
    let graph = imports(&sources);
    // A reading that found nothing would pass everything.
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    assert!(edges >= 50, "only {edges} imports were read");
    assert!(graph[Path::new("api.rs")].contains(Path::new("edit.rs")));
    assert!(graph[Path::new("routes.rs")].contains(Path::new("pages/artists.rs")));
    assert!(graph[Path::new("edit.rs")].contains(Path::new("upload/spool.rs")));
    let mut wrong = Vec::new();
    for (file, to) in &graph {
        let (layer, _, may) = LAYERS
            .iter()
            .find(|(name, _, _)| *name == layer_of(file))
            .unwrap();
        for target in to {
            let theirs = layer_of(target);
            if theirs != *layer && !may.contains(&theirs) {
                wrong.push(format!(
                    "{} ({layer}) imports {} ({theirs})",
                    file.display(),
                    target.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = sources(&src);
    let graph = imports(&sources);
    // Depth first: a file met again while its own imports are being walked
    // closes a circle.
    fn walk<'a>(
        file: &'a Path,
        graph: &BTreeMap<&'a Path, BTreeSet<&'a Path>>,
        trail: &mut Vec<&'a Path>,
        done: &mut BTreeSet<&'a Path>,
    ) -> Option<Vec<&'a Path>> {
        if let Some(at) = trail.iter().position(|f| *f == file) {
            let mut circle = trail[at..].to_vec();
            circle.push(file);
            return Some(circle);
        }
        if !done.insert(file) {
            return None;
        }
        trail.push(file);
        for next in &graph[file] {
            if let Some(circle) = walk(next, graph, trail, done) {
                return Some(circle);
            }
        }
        trail.pop();
        None
    }
    let mut done = BTreeSet::new();
    for file in graph.keys() {
        if let Some(circle) = walk(file, &graph, &mut Vec::new(), &mut done) {
            let names: Vec<String> = circle.iter().map(|f| f.display().to_string()).collect();
            panic!(
                "these files import each other in a circle: {}",
                names.join(" -> ")
            );
        }
    }
}

/// The reader itself: groups, nested groups and `super::` from a folder.
#[test]
fn paths_are_read_as_rust_names_them() {
    let module = vec!["upload".to_string(), "tus".to_string()];
    let got = paths(
        "use super::{Spooled, spool::{spool_field, human_size}};\nlet x = crate::state::App::open();\nlet r = queued::state(a::queued::b);\n",
        &module,
        &["queued".to_string()],
    );
    let got: Vec<String> = got.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        got,
        [
            "upload::Spooled",
            "upload::spool::spool_field",
            "upload::spool::human_size",
            "state::App::open",
            "upload::tus::queued::state",
        ]
    );
    assert_eq!(layer_of(Path::new("upload/spool.rs")), "domain");
    assert_eq!(layer_of(Path::new("upload/tus.rs")), "handlers");
    assert_eq!(layer_of(Path::new("upload/mod.rs")), "handlers");
    assert_eq!(layer_of(Path::new("pages/artists.rs")), "handlers");
    assert_eq!(
        code("use a;\n// crate::x\n#[cfg(test)]\nmod tests {\n    use crate::y;\n}\n"),
        "use a;\n"
    );
}
