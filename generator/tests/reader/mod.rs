//! Reads a crate's own `crate::`/`super::` paths, for the layers tests of
//! both crates (the generator's and the upload service's): which file
//! imports which, without a tool beyond the test itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One source file: its module path (`site/build.rs` is `site::build`).
pub struct Source {
    pub module: Vec<String>,
    pub text: String,
}

/// A crate's source files under `src`, each with its module path, in path
/// order; `skip` names files and folders left out (relative to `src`: the
/// binary, which may import anything, and `lib.rs`, which only declares
/// the modules).
pub fn sources(src: &Path, skip: &[&str]) -> Vec<(PathBuf, Source)> {
    let mut found = Vec::new();
    let mut folders = vec![src.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(src).unwrap().to_path_buf();
            if skip.iter().any(|p| rel == Path::new(p)) {
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

/// The layers, bottom to top: each one's name, its modules, and the layers
/// it may import (a layer may always import itself).
pub type Layers = [(
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
)];

/// Every import against the layers, as `file (layer) imports file (layer)`.
pub fn against_layers(
    graph: &BTreeMap<&Path, BTreeSet<&Path>>,
    layers: &Layers,
    layer_of: impl Fn(&Path) -> &'static str,
) -> Vec<String> {
    let mut wrong = Vec::new();
    for (file, to) in graph {
        let (layer, _, may) = layers
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
    wrong
}

/// Fails naming the files, when some import each other in a circle.
pub fn assert_no_circle(graph: &BTreeMap<&Path, BTreeSet<&Path>>) {
    if let Some(circle) = circle(graph) {
        let names: Vec<String> = circle.iter().map(|f| f.display().to_string()).collect();
        panic!(
            "these files import each other in a circle: {}",
            names.join(" -> ")
        );
    }
}

/// The code a file runs, without comments and without its unit tests
/// (`#[cfg(test)] mod tests`, which may reach anything).
pub fn code(text: &str) -> String {
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
pub fn children(code: &str) -> Vec<String> {
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
/// one of the file's own `children` (`build::Report` in `site/mod.rs`), as
/// module paths from the crate's root (`use super::{a::B, c}` is two).
pub fn paths(code: &str, module: &[String], children: &[String]) -> Vec<Vec<String>> {
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
pub fn tail(code: &str, mut at: usize, base: &[String], found: &mut Vec<Vec<String>>) -> usize {
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
pub fn imports(sources: &[(PathBuf, Source)]) -> BTreeMap<&Path, BTreeSet<&Path>> {
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

/// The first circle of imports found, as the files that close it (the
/// first named again at the end). Depth first: a file met again while its
/// own imports are being walked closes a circle.
pub fn circle<'a>(graph: &BTreeMap<&'a Path, BTreeSet<&'a Path>>) -> Option<Vec<&'a Path>> {
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
    graph
        .keys()
        .find_map(|file| walk(file, graph, &mut Vec::new(), &mut done))
}
