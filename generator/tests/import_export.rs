//! `trogs import` and `trogs export` with both DynamoDB JSON shapes.

mod common;

use std::path::Path;
use std::process::Command;

use trogs::store::json::{self, Shape};

fn trogs(dir: &Path, args: &[&str]) -> std::process::Output {
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

fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn both_shapes_round_trip_through_a_catalog() {
    let a = tempfile::tempdir().unwrap();
    ok(trogs(a.path(), &["demo"]));
    let scan = a.path().join("scan.json");
    ok(trogs(a.path(), &["export", scan.to_str().unwrap()]));
    let batch = a.path().join("batch.json");
    ok(trogs(
        a.path(),
        &[
            "export",
            batch.to_str().unwrap(),
            "--shape",
            "batch",
            "--table",
            "TrogsCatalog",
        ],
    ));

    let scan_text = std::fs::read_to_string(&scan).unwrap();
    let batch_text = std::fs::read_to_string(&batch).unwrap();
    let scan_json: serde_json::Value = serde_json::from_str(&scan_text).unwrap();
    assert!(scan_json["Items"].as_array().unwrap().len() > 30);
    assert_eq!(
        scan_json["Count"],
        scan_json["Items"].as_array().unwrap().len()
    );
    let batch_json: serde_json::Value = serde_json::from_str(&batch_text).unwrap();
    assert!(batch_json["TrogsCatalog"][0]["PutRequest"]["Item"]["PK"]["S"].is_string());

    for (file, text) in [(&scan, &scan_text), (&batch, &batch_text)] {
        let b = tempfile::tempdir().unwrap();
        let said = ok(trogs(b.path(), &["import", file.to_str().unwrap()]));
        assert!(said.contains("imported"), "{said}");
        let again = ok(trogs(b.path(), &["export"]));
        assert_eq!(
            again,
            scan_text,
            "importing {} and exporting gives the same items",
            file.display()
        );
        let _ = text;
    }
}

#[test]
fn a_broken_file_is_refused_whole_and_names_the_item() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{"PK":{"S":"a1"},"SK":{"S":"a1"},"AA_PK":{"S":"ARTISTS"},"AA_SK":{"S":"Ann"}}"#;
    let cases = [
        (
            format!(
                r#"{{"Items":[{good},{good},{{"PK":{{"S":"x"}},"SK":{{"S":"x"}},"Bio":{{"STRING":"oops"}}}}]}}"#
            ),
            "item 3",
        ),
        (
            format!(
                r#"{{"T":[{{"PutRequest":{{"Item":{good}}}}},{{"PutRequest":{{"Item":{{"SK":{{"S":"x"}}}}}}}}]}}"#
            ),
            "item 2",
        ),
        (
            format!(
                r#"{{"T":[{{"PutRequest":{{"Item":{good}}}}},{{"DeleteRequest":{{"Key":{good}}}}}]}}"#
            ),
            "DeleteRequest",
        ),
        (
            format!(
                r#"{{"Items":[{good},{{"PK":{{"S":"x"}},"SK":{{"S":"x"}},"Plays":{{"N":"many"}}}}]}}"#
            ),
            "item 2",
        ),
        (format!(r#"{{"Items":[{good}"#), "not JSON"),
        ("[1,2]".to_string(), "top level"),
    ];
    for (text, expect) in cases {
        let file = dir.path().join("broken.json");
        std::fs::write(&file, &text).unwrap();
        let out = trogs(dir.path(), &["import", file.to_str().unwrap()]);
        assert!(!out.status.success(), "{text} was accepted");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expect), "for {text}: {stderr}");
        assert!(stderr.contains("nothing was written"), "{stderr}");
        // A refused import leaves no catalog behind, or an empty one.
        if dir.path().join("trogs.db").exists() {
            let exported: serde_json::Value =
                serde_json::from_str(&ok(trogs(dir.path(), &["export"]))).unwrap();
            assert_eq!(exported["Count"], 0, "nothing of {text} was imported");
        }
    }
}

#[test]
fn unknown_attributes_and_types_survive_a_round_trip() {
    let text = r#"{"Items":[{"PK":{"S":"z"},"SK":{"S":"z"},"Tags":{"SS":["a","b"]},"Meta":{"M":{"n":{"N":"1.50"},"l":{"L":[{"NULL":true},{"BOOL":false},{"B":"AAE="}]}}},"Sizes":{"NS":["50","80"]}}],"Count":1,"ScannedCount":1}"#;
    let items = json::parse(text).unwrap();
    let rendered = json::render(&items, Shape::Scan, "t");
    let a: serde_json::Value = serde_json::from_str(text).unwrap();
    let b: serde_json::Value = serde_json::from_str(&rendered).unwrap();
    assert_eq!(a, b);
}
