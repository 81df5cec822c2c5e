//! `trogs backup` and `trogs restore`: the round trip, what they refuse to
//! replace, and the S3 destination (moto).

mod common;

use std::path::Path;
use std::process::Command;

use common::moto;

fn trogs(dir: &Path, store: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args(args)
        .arg("--store")
        .arg(store)
        .arg("--media-dir")
        .arg(dir.join("media"))
        .current_dir(dir)
        .env_remove("TROGS_STORE")
        .output()
        .unwrap()
}

fn sqlite(path: &Path) -> String {
    format!("sqlite:{}", path.display())
}

fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn refused(out: std::process::Output) -> String {
    assert!(!out.status.success(), "expected a refusal");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every item of a catalog, as `trogs export` writes them.
fn items(dir: &Path, catalog: &Path) -> Vec<serde_json::Value> {
    let out = dir.join(format!("export-{:08x}.json", fastrand::u32(..)));
    ok(trogs(
        dir,
        &sqlite(catalog),
        &["export", out.to_str().unwrap()],
    ));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    std::fs::remove_file(&out).unwrap();
    json["Items"].as_array().unwrap().clone()
}

fn integrity(path: &Path) -> String {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_backup_restores_into_a_new_catalog_and_replaces_one_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let live = d.join("trogs.db");
    ok(trogs(d, &sqlite(&live), &["demo"]));
    let before = items(d, &live);
    assert!(before.len() > 30);

    let file = d.join("backups").join("catalog.db");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let said = ok(trogs(
        d,
        &sqlite(&live),
        &["backup", file.to_str().unwrap()],
    ));
    assert!(
        said.contains(&format!("backed up {} items", before.len())),
        "{said}"
    );
    assert_eq!(integrity(&file), "ok");
    // One self-contained file, and no temporary file left beside it.
    let beside: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(beside, ["catalog.db"]);

    // A second backup replaces the first: it is Trogs' own.
    ok(trogs(
        d,
        &sqlite(&live),
        &["backup", file.to_str().unwrap()],
    ));

    // Into a path where there is no catalog yet.
    let fresh = d.join("restored").join("trogs.db");
    let said = ok(trogs(
        d,
        &sqlite(&fresh),
        &["restore", file.to_str().unwrap()],
    ));
    assert!(
        said.contains(&format!("restored {} items", before.len())),
        "{said}"
    );
    assert_eq!(items(d, &fresh), before);
    assert_eq!(integrity(&fresh), "ok");

    // Over a catalog that holds items: refused without --force, untouched.
    let said = refused(trogs(
        d,
        &sqlite(&live),
        &["restore", file.to_str().unwrap()],
    ));
    assert!(said.contains("--force"), "{said}");
    assert_eq!(items(d, &live), before);

    // With --force: the old catalog is kept beside, whole.
    let said = ok(trogs(
        d,
        &sqlite(&live),
        &["restore", file.to_str().unwrap(), "--force"],
    ));
    assert!(said.contains("kept as"), "{said}");
    for suffix in ["-journal", "-wal"] {
        assert!(
            !d.join(format!("trogs.db{suffix}")).exists(),
            "{suffix} left"
        );
    }
    let kept: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("trogs.db.before-restore-")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(items(d, &kept[0]), before);
    assert_eq!(items(d, &live), before);
    assert_eq!(integrity(&live), "ok");
}

#[test]
fn what_trogs_did_not_write_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let live = d.join("trogs.db");
    ok(trogs(d, &sqlite(&live), &["demo"]));
    let before = items(d, &live);

    // A backup over a file that is not a Trogs catalog.
    let notes = d.join("notes.txt");
    std::fs::write(&notes, "my notes").unwrap();
    let said = refused(trogs(
        d,
        &sqlite(&live),
        &["backup", notes.to_str().unwrap()],
    ));
    assert!(said.contains("not a Trogs catalog"), "{said}");
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes");
    let other_db = d.join("other.db");
    rusqlite::Connection::open(&other_db)
        .unwrap()
        .execute_batch("CREATE TABLE mine (x); INSERT INTO mine VALUES (1);")
        .unwrap();
    let said = refused(trogs(
        d,
        &sqlite(&live),
        &["backup", other_db.to_str().unwrap()],
    ));
    assert!(said.contains("not a Trogs catalog"), "{said}");
    let n: i64 = rusqlite::Connection::open(&other_db)
        .unwrap()
        .query_row("SELECT count(*) FROM mine", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    // Nor over another catalog: a backup replaces only a backup.
    let other_live = d.join("other-trogs.db");
    ok(trogs(d, &sqlite(&other_live), &["demo", "--no-process"]));
    let other_before = items(d, &other_live);
    let said = refused(trogs(
        d,
        &sqlite(&live),
        &["backup", other_live.to_str().unwrap()],
    ));
    assert!(said.contains("not a backup"), "{said}");
    assert_eq!(items(d, &other_live), other_before);
    // Nor over the catalog itself.
    let said = refused(trogs(
        d,
        &sqlite(&live),
        &["backup", live.to_str().unwrap()],
    ));
    assert!(said.contains("the catalog itself"), "{said}");
    assert_eq!(items(d, &live), before);

    // A restore from something that is not a backup touches nothing.
    let fresh = d.join("fresh.db");
    let said = refused(trogs(
        d,
        &sqlite(&fresh),
        &["restore", notes.to_str().unwrap()],
    ));
    assert!(said.contains("not a Trogs catalog"), "{said}");
    assert!(!fresh.exists());
    let damaged = d.join("damaged.db");
    let file = d.join("catalog.backup.db");
    ok(trogs(
        d,
        &sqlite(&live),
        &["backup", file.to_str().unwrap()],
    ));
    let mut bytes = std::fs::read(&file).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 2..len / 2 + 4096] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let said = refused(trogs(
        d,
        &sqlite(&live),
        &["restore", damaged.to_str().unwrap(), "--force"],
    ));
    assert!(
        said.contains("integrity") || said.contains("malformed"),
        "{said}"
    );
    assert_eq!(items(d, &live), before);

    // A restore over a file Trogs did not write, even with --force.
    let said = refused(trogs(
        d,
        &sqlite(&other_db),
        &["restore", file.to_str().unwrap(), "--force"],
    ));
    assert!(said.contains("not a Trogs catalog"), "{said}");
    assert!(std::fs::read_dir(d).unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .contains("before-restore")
    }));
}

#[test]
fn a_restore_waits_for_the_service_to_stop() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let live = d.join("trogs.db");
    ok(trogs(d, &sqlite(&live), &["demo"]));
    let before = items(d, &live);
    let file = d.join("catalog.backup.db");
    ok(trogs(
        d,
        &sqlite(&live),
        &["backup", file.to_str().unwrap()],
    ));

    // The catalog open as the upload service keeps it: WAL mode, a
    // connection that has read.
    let open = rusqlite::Connection::open(&live).unwrap();
    let _: i64 = open
        .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
        .unwrap();
    let said = refused(trogs(
        d,
        &sqlite(&live),
        &["restore", file.to_str().unwrap(), "--force"],
    ));
    assert!(said.contains("stop trogs-uploader"), "{said}");
    drop(open);
    assert_eq!(items(d, &live), before);
    ok(trogs(
        d,
        &sqlite(&live),
        &["restore", file.to_str().unwrap(), "--force"],
    ));
}

#[test]
fn a_dynamodb_catalog_is_pointed_to_its_own_backups() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = d.join("catalog.db");
    for args in [
        ["backup", file.to_str().unwrap()],
        ["restore", file.to_str().unwrap()],
    ] {
        let said = refused(trogs(d, "dynamodb://TrogsCatalog", &args));
        assert!(said.contains("point-in-time recovery"), "{said}");
        assert!(
            said.contains("trogs copy --from dynamodb://TrogsCatalog"),
            "{said}"
        );
    }
    assert!(!file.exists());
}

#[tokio::test]
async fn a_backup_goes_to_s3_and_replaces_only_its_own_objects() {
    moto::endpoint();
    let client = trogs::s3::Client::connect(&Default::default()).await;
    let bucket = moto::bucket(&client.sdk, "trogs-backup").await;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let live = d.join("trogs.db");
    ok(trogs(d, &sqlite(&live), &["demo"]));
    let before = items(d, &live);

    let url = format!("s3://{bucket}/backups/catalog.db");
    for _ in 0..2 {
        ok(trogs(d, &sqlite(&live), &["backup", &url]));
    }
    let got = client
        .sdk
        .get_object()
        .bucket(&bucket)
        .key("backups/catalog.db")
        .send()
        .await
        .unwrap();
    let bytes = got.body.collect().await.unwrap().into_bytes();
    let file = d.join("from-s3.db");
    std::fs::write(&file, &bytes).unwrap();
    let fresh = d.join("fresh.db");
    ok(trogs(
        d,
        &sqlite(&fresh),
        &["restore", file.to_str().unwrap()],
    ));
    assert_eq!(items(d, &fresh), before);

    client
        .sdk
        .put_object()
        .bucket(&bucket)
        .key("notes.txt")
        .body(b"my notes".to_vec().into())
        .send()
        .await
        .unwrap();
    let said = refused(trogs(
        d,
        &sqlite(&live),
        &["backup", &format!("s3://{bucket}/notes.txt")],
    ));
    assert!(said.contains("not a Trogs backup"), "{said}");
    let got = client
        .sdk
        .get_object()
        .bucket(&bucket)
        .key("notes.txt")
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.body.collect().await.unwrap().into_bytes().as_ref(),
        b"my notes"
    );
}
