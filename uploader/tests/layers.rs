//! The upload service's layers, held against its source: every module
//! imports only from the layers its row of `docs/architecture.md` names,
//! and no files import each other in a circle. Read from the code's own
//! `crate::` and `super::` paths, so it needs no tool beyond the test
//! itself.

use std::collections::BTreeSet;
use std::path::Path;

// The reader of `crate::`/`super::` paths is the generator's layers test's.
#[path = "../../generator/tests/reader/mod.rs"]
mod reader;
use reader::{Layers, against_layers, assert_no_circle, code, imports, paths, sources};

/// Files left out: the binary (`main.rs`) may import anything, and
/// `lib.rs` only declares the modules.
const SKIP: &[&str] = &["main.rs", "lib.rs"];

/// The layers, bottom to top: their modules (a folder's file may sit on
/// another layer than its folder: `upload::spool` below `upload`), and the
/// layers they may import (a layer may always import itself; circles are
/// checked apart).
const LAYERS: &Layers = &[
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
    let sources = sources(&src, SKIP);
    let graph = imports(&sources);
    // A reading that found nothing would pass everything.
    let edges: usize = graph.values().map(BTreeSet::len).sum();
    assert!(edges >= 50, "only {edges} imports were read");
    assert!(graph[Path::new("api.rs")].contains(Path::new("edit.rs")));
    assert!(graph[Path::new("routes.rs")].contains(Path::new("pages/artists.rs")));
    assert!(graph[Path::new("edit.rs")].contains(Path::new("upload/spool.rs")));
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
