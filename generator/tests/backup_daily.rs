//! Daily backups, as the one box's timer takes them: `trogs backup` into a
//! file named by the day (`catalog-{date}.db`), keeping the newest few with
//! `--keep N`, and never removing a file it did not write.

use std::path::Path;
use std::process::{Command, Output};

fn trogs(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args(args)
        .arg("--store")
        .arg(format!("sqlite:{}", dir.join("trogs.db").display()))
        .arg("--media-dir")
        .arg(dir.join("media"))
        .current_dir(dir)
        .env_remove("TROGS_STORE")
        .output()
        .unwrap()
}

fn ok(out: Output) -> String {
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{said}");
    said
}

fn refused(out: Output) -> String {
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "expected a refusal, got: {said}");
    said
}

/// SQLite's application id of a file (a Trogs backup carries "TROG").
fn application_id(path: &Path) -> i32 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap()
}

fn today() -> String {
    let c = rusqlite::Connection::open_in_memory().unwrap();
    c.query_row("SELECT date('now')", [], |r| r.get(0)).unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn dated_backups_keep_the_newest_and_remove_only_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(trogs(d, &["demo"]));
    let backups = d.join("backups");
    std::fs::create_dir(&backups).unwrap();
    // Earlier days' backups, as the timer left them.
    for day in ["2026-01-01", "2026-01-03", "2026-01-04"] {
        let file = backups.join(format!("catalog-{day}.db"));
        ok(trogs(d, &["backup", file.to_str().unwrap()]));
    }
    // What Trogs did not write, or not under this pattern: a file named as
    // a backup that isn't one, a backup by another name, notes.
    std::fs::write(backups.join("catalog-2026-01-02.db"), "my own notes").unwrap();
    ok(trogs(
        d,
        &["backup", backups.join("catalog-old.db").to_str().unwrap()],
    ));
    ok(trogs(
        d,
        &[
            "backup",
            backups.join("other-2026-01-01.db").to_str().unwrap(),
        ],
    ));
    std::fs::write(backups.join("README"), "backups").unwrap();

    let pattern = backups.join("catalog-{date}.db");
    let said = ok(trogs(
        d,
        &["backup", pattern.to_str().unwrap(), "--keep", "2"],
    ));
    let todays = backups.join(format!("catalog-{}.db", today()));
    assert!(said.contains(&format!("to {}", todays.display())), "{said}");
    assert_eq!(application_id(&todays), 0x5452_4f47);
    // Today's and the newest before it stay; the two older backups go.
    for gone in ["2026-01-01", "2026-01-03"] {
        assert!(
            said.contains(&format!(
                "removed the older backup {}",
                backups.join(format!("catalog-{gone}.db")).display()
            )),
            "{said}"
        );
    }
    let mut expected = vec![
        "README".to_string(),
        "catalog-2026-01-02.db".to_string(),
        "catalog-2026-01-04.db".to_string(),
        format!("catalog-{}.db", today()),
        "catalog-old.db".to_string(),
        "other-2026-01-01.db".to_string(),
    ];
    expected.sort();
    assert_eq!(names(&backups), expected);
    assert_eq!(
        std::fs::read_to_string(backups.join("catalog-2026-01-02.db")).unwrap(),
        "my own notes"
    );

    // Run again the same day: today's backup is replaced, nothing else.
    let said = ok(trogs(
        d,
        &["backup", pattern.to_str().unwrap(), "--keep", "2"],
    ));
    assert!(!said.contains("removed"), "{said}");
    assert_eq!(names(&backups), expected);
}

#[test]
fn keep_needs_a_dated_file_name_and_writes_nothing_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    ok(trogs(d, &["demo"]));
    let plain = d.join("catalog.db");
    let said = refused(trogs(
        d,
        &["backup", plain.to_str().unwrap(), "--keep", "3"],
    ));
    assert!(
        said.contains("put {date} once in the backup's file name"),
        "{said}"
    );
    let in_folder = d.join("{date}").join("catalog.db");
    let said = refused(trogs(
        d,
        &["backup", in_folder.to_str().unwrap(), "--keep", "3"],
    ));
    assert!(said.contains("not its folder"), "{said}");
    let said = refused(trogs(
        d,
        &[
            "backup",
            d.join("catalog-{date}.db").to_str().unwrap(),
            "--keep",
            "0",
        ],
    ));
    assert!(said.contains("keep 1 or more"), "{said}");
    let said = refused(trogs(
        d,
        &["backup", "s3://backups/catalog-{date}.db", "--keep", "3"],
    ));
    assert!(said.contains("lifecycle rule"), "{said}");
    assert_eq!(
        names(d).iter().filter(|n| n.starts_with("catalog")).count(),
        0,
        "{:?}",
        names(d)
    );
}
