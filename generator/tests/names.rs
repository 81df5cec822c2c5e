//! `trogs names` claims every artist's name by the look-alike rule and
//! lists existing look-alikes; `trogs import` into an existing catalog
//! leaves the rule's record out, so the imported names are claimed next.

use std::path::Path;
use std::process::Command;

use trogs::catalog::names;
use trogs::store::Store;

fn trogs(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args(args)
        .arg("--store")
        .arg(format!("sqlite:{}", dir.join("trogs.db").display()))
        .arg("--media-dir")
        .arg(dir.join("media"))
        .current_dir(dir)
        .env_remove("TROGS_STORE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "trogs {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn names_are_claimed_by_hand_and_again_after_an_import() {
    let dir = tempfile::tempdir().unwrap();
    trogs(dir.path(), &["demo"]);
    let said = trogs(dir.path(), &["names"]);
    assert!(
        said.contains("3 artists: 3 name claims written, 0 old claims removed, 0 names that look like another artist's"),
        "{said}"
    );
    let said = trogs(dir.path(), &["names"]);
    assert!(said.contains("3 artists: 0 name claims written"), "{said}");

    let spec = format!("sqlite:{}", dir.path().join("trogs.db").display());
    {
        let store = Store::open(&spec).await.unwrap();
        assert!(store.get(names::marker_key()).await.unwrap().is_some());
        let claim = store.get(names::claim_key("Koji Mori")).await.unwrap();
        assert!(claim.is_some(), "the demo's Kōji Mori is not claimed");
    }

    // A row as the original writes it: no claim, its own NormalizedName,
    // a Cyrillic `о` in a demo artist's name.
    let file = dir.path().join("original.json");
    std::fs::write(
        &file,
        r#"{"Items":[{"PK":{"S":"x1"},"SK":{"S":"x1"},"AA_PK":{"S":"ARTISTS"},"AA_SK":{"S":"Kōji Mоri"},"AC_PK":{"S":"x1"},"AC_SK":{"S":"000"},"Owner":{"S":"someone@example.com"},"NormalizedName":{"S":"kōji-mоri"},"CreatedDate":{"S":"2025-01-01"}}],"Count":1,"ScannedCount":1}"#,
    )
    .unwrap();
    let said = trogs(dir.path(), &["import", file.to_str().unwrap()]);
    assert!(said.contains("imported 1 items"), "{said}");
    {
        let store = Store::open(&spec).await.unwrap();
        assert!(
            store.get(names::marker_key()).await.unwrap().is_none(),
            "the import kept the record that every name is claimed"
        );
    }
    let said = trogs(dir.path(), &["names"]);
    assert!(
        said.contains("artist x1 \"Kōji Mоri\" looks like artist")
            && said.contains("\"Kōji Mori\", which holds the name"),
        "{said}"
    );
    assert!(said.contains("4 artists: 0 name claims written, 0 old claims removed, 1 names that look like another artist's"), "{said}");
}
