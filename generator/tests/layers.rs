//! The library's layers, held against its source: every module imports only
//! from the layers its row of `docs/architecture.md` names, and no files
//! import each other in a circle. Read from the code's own `crate::` and
//! `super::` paths, so it needs no tool beyond the test itself.

use std::collections::BTreeSet;
use std::path::Path;

mod reader;
use reader::{Layers, against_layers, assert_no_circle, code, imports, paths, sources};

/// Files left out: the binary (`main.rs`, `cli/`) may import anything, and
/// `lib.rs` only declares the modules.
const SKIP: &[&str] = &["cli", "main.rs", "lib.rs"];

/// The layers, bottom to top: their top-level modules, and the layers they
/// may import (a layer may always import itself; circles are checked
/// apart).
const LAYERS: &Layers = &[
    (
        "foundation",
        &[
            "store", "s3", "hash", "progress", "dates", "media", "random",
        ],
        &[],
    ),
    ("catalog", &["catalog"], &["foundation"]),
    ("publish", &["publish"], &["foundation", "catalog"]),
    (
        "media",
        &["images", "renditions", "pipeline"],
        &["foundation", "catalog"],
    ),
    (
        "site",
        &["site"],
        &["foundation", "catalog", "publish", "media"],
    ),
    ("demo", &["demo"], &["foundation", "catalog", "media"]),
    (
        "configuration",
        &["config"],
        &["foundation", "catalog", "publish", "media", "site"],
    ),
    (
        "serving",
        &["serve", "server"],
        &[
            "foundation",
            "catalog",
            "publish",
            "media",
            "site",
            "configuration",
        ],
    ),
];

fn layer_of(file: &Path) -> &'static str {
    let top = file
        .iter()
        .next()
        .unwrap()
        .to_string_lossy()
        .trim_end_matches(".rs")
        .to_string();
    LAYERS
        .iter()
        .find(|(_, modules, _)| modules.contains(&top.as_str()))
        .map(|(name, _, _)| *name)
        .unwrap_or_else(|| {
            panic!("{top} is on no layer: add it to LAYERS here and to docs/architecture.md")
        })
}

#[test]
fn every_module_imports_only_from_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = sources(&src, SKIP);
    let graph = imports(&sources);
    // A reading that found nothing would pass everything.
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    assert!(edges >= 50, "only {edges} imports were read");
    assert!(graph[Path::new("site/build.rs")].contains(Path::new("publish/mod.rs")));
    assert!(graph[Path::new("media.rs")].contains(Path::new("s3.rs")));
    let wrong = against_layers(&graph, LAYERS, layer_of);
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = sources(&src, SKIP);
    let graph = imports(&sources);
    assert_no_circle(&graph);
}

/// The reader itself: groups, nested groups and `super::` from a folder.
#[test]
fn paths_are_read_as_rust_names_them() {
    let module = vec!["site".to_string(), "build".to_string()];
    let got = paths(
        "use super::{BuildError, page::{PageRef, address}};\nlet x = crate::publish::Target::memory();\nlet r = plan::read(a::plan::b);\n",
        &module,
        &["plan".to_string()],
    );
    let got: Vec<String> = got.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        got,
        [
            "site::BuildError",
            "site::page::PageRef",
            "site::page::address",
            "publish::Target::memory",
            "site::build::plan::read",
        ]
    );
    assert_eq!(
        code("use a;\n// crate::x\n#[cfg(test)]\nmod tests {\n    use crate::y;\n}\n"),
        "use a;\n"
    );
}
