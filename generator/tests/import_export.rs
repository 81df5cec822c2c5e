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
    let good2 = good.replace("a1", "a2");
    let cases = [
        (
            format!(
                r#"{{"Items":[{good},{good2},{{"PK":{{"S":"x"}},"SK":{{"S":"x"}},"Bio":{{"STRING":"oops"}}}}]}}"#
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

/// A catalog item in the DynamoDB JSON shape, with extra attributes.
fn item_json(pk: &str, sk: &str, extra: &str) -> String {
    let key = serde_json::json!({"PK": {"S": pk}, "SK": {"S": sk}}).to_string();
    if extra.is_empty() {
        key
    } else {
        format!("{},{extra}}}", &key[..key.len() - 1])
    }
}

fn scan_file(items: &[String]) -> String {
    format!(
        r#"{{"Items":[{}],"Count":{n},"ScannedCount":{n}}}"#,
        items.join(","),
        n = items.len()
    )
}

fn batch_file(table: &str, items: &[String]) -> String {
    let requests: Vec<String> = items
        .iter()
        .map(|i| format!(r#"{{"PutRequest":{{"Item":{i}}}}}"#))
        .collect();
    format!(r#"{{{:?}:[{}]}}"#, table, requests.join(","))
}

/// Imports `text` and expects a refusal that says all of `expect`.
fn refused(dir: &Path, text: &str, extra: &[&str], expect: &[&str]) -> String {
    let file = dir.join("refused.json");
    std::fs::write(&file, text).unwrap();
    let mut args = vec!["import", file.to_str().unwrap()];
    args.extend(extra);
    let out = trogs(dir, &args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "accepted: {text:.300}");
    for e in expect {
        assert!(stderr.contains(e), "expected {e:?} in: {stderr:.2000}");
    }
    assert!(stderr.contains("nothing was written"), "{stderr:.2000}");
    stderr
}

fn exported(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&ok(trogs(dir, &["export"]))).unwrap()
}

/// An attribute nested `levels` deep in maps and lists, alternating.
fn nested_json(levels: usize) -> String {
    let mut v = r#"{"S":"bottom"}"#.to_string();
    for i in 0..levels {
        v = if i % 2 == 0 {
            format!(r#"{{"M":{{"m{i}":{v}}}}}"#)
        } else {
            format!(r#"{{"L":[{{"N":"{i}"}},{v}]}}"#)
        };
    }
    v
}

#[test]
fn what_dynamodb_refuses_is_refused_with_the_items_key() {
    let dir = tempfile::tempdir().unwrap();
    let good = item_json("a1", "a1", r#""Name":{"S":"Ann"}"#);
    let long = |n: usize| "k".repeat(n);
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            item_json("x", "y", r#""Plays":{"N":"1E126"}"#),
            vec!["\"1E126\" is outside DynamoDB's range of numbers"],
        ),
        (
            item_json("x", "y", r#""Plays":{"N":"1E-131"}"#),
            vec!["outside DynamoDB's range"],
        ),
        (
            item_json(
                "x",
                "y",
                r#""Plays":{"NS":["1","123456789012345678901234567890123456789"]}"#,
            ),
            vec!["more than 38 significant digits"],
        ),
        (
            item_json("x", "y", r#""Art":{"B":"not base64!"}"#),
            vec![r#"attribute "Art": "not base64!" is not valid base64"#],
        ),
        (
            item_json("x", "y", r#""Arts":{"BS":["AAE=","AAE"]}"#),
            vec![r#""AAE" is not valid base64"#],
        ),
        (
            item_json(&long(2049), "y", ""),
            vec!["PK is 2049 bytes, but a partition key of the table holds at most 2048"],
        ),
        (
            item_json("x", &long(1025), ""),
            vec!["SK is 1025 bytes, but a sort key of the table holds at most 1024"],
        ),
        (
            item_json("x", "y", &format!(r#""AA_PK":{{"S":"{}"}}"#, long(2049))),
            vec!["AA_PK is 2049 bytes", "IX_ARTISTS_ALBUMS"],
        ),
        (
            item_json(
                "x",
                "y",
                &format!(r#""AC_PK":{{"S":"a"}},"AC_SK":{{"S":"{}"}}"#, long(1025)),
            ),
            vec!["AC_SK is 1025 bytes", "sort key of index IX_ARTIST_CONTENT"],
        ),
        (
            item_json("x", "y", &format!(r#""Deep":{}"#, nested_json(33))),
            vec!["nests deeper than DynamoDB's 32 levels"],
        ),
    ];
    for (bad, expect) in cases {
        for (text, number) in [
            (scan_file(&[good.clone(), bad.clone()]), "item 2 (PK="),
            (
                batch_file("T", &[good.clone(), good.replace("a1", "a2"), bad.clone()]),
                "item 3 (PK=",
            ),
        ] {
            let mut expect = expect.clone();
            expect.push(number);
            let stderr = refused(dir.path(), &text, &[], &expect);
            assert!(
                stderr.contains(r#"SK="y""#) || stderr.contains("…"),
                "the message names the key: {stderr:.2000}"
            );
            assert!(
                !dir.path().join("trogs.db").exists(),
                "a refused file leaves no catalog behind"
            );
        }
    }
}

#[test]
fn a_refused_file_writes_nothing_into_an_existing_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.json");
    std::fs::write(
        &first,
        scan_file(&[item_json("a1", "a1", r#""Name":{"S":"Ann"}"#)]),
    )
    .unwrap();
    ok(trogs(dir.path(), &["import", first.to_str().unwrap()]));
    let before = exported(dir.path());
    // Valid items first, then one DynamoDB refuses; then one the store
    // itself refuses while writing (over 400 KB), after the check passed.
    let changed = item_json("a1", "a1", r#""Name":{"S":"Changed"}"#);
    let new = item_json("b1", "b1", "");
    refused(
        dir.path(),
        &scan_file(&[
            changed.clone(),
            new.clone(),
            item_json("c", "c", r#""N":{"N":"x"}"#),
        ]),
        &[],
        &["item 3"],
    );
    assert_eq!(exported(dir.path()), before);
    let huge = item_json(
        "h",
        "h",
        &format!(r#""Blob":{{"S":"{}"}}"#, "z".repeat(500_000)),
    );
    refused(
        dir.path(),
        &scan_file(&[changed.clone(), new.clone(), huge.clone()]),
        &[],
        &["item 3", "400 KB"],
    );
    assert_eq!(exported(dir.path()), before);

    // The same item the store refuses, into a catalog that did not exist:
    // the catalog it created is gone again.
    let fresh = tempfile::tempdir().unwrap();
    refused(fresh.path(), &scan_file(&[new, huge]), &[], &["400 KB"]);
    let left: Vec<_> = std::fs::read_dir(fresh.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("trogs.db"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn two_items_with_one_key_are_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let a = item_json("a1", "a1", r#""Name":{"S":"Ann"}"#);
    let b = item_json("b1", "b1", "");
    let a_again = item_json("a1", "a1", r#""Name":{"S":"Anne"}"#);
    for text in [
        scan_file(&[a.clone(), b.clone(), a_again.clone()]),
        batch_file("T", &[a.clone(), b.clone(), a_again.clone()]),
    ] {
        refused(
            dir.path(),
            &text,
            &[],
            &[r#"items 1 and 3 have the same key PK="a1" SK="a1""#],
        );
        assert!(!dir.path().join("trogs.db").exists());
    }
    // Same PK, other SK: two items.
    let file = dir.path().join("ok.json");
    std::fs::write(&file, scan_file(&[a, item_json("a1", "a2", "")])).unwrap();
    assert!(
        ok(trogs(dir.path(), &["import", file.to_str().unwrap()])).contains("imported 2 items")
    );
}

#[test]
fn a_batch_file_for_several_tables_needs_table() {
    let dir = tempfile::tempdir().unwrap();
    let one = |pk: &str| format!(r#"{{"PutRequest":{{"Item":{}}}}}"#, item_json(pk, pk, ""));
    let text = format!(
        r#"{{"Catalog":[{},{}],"Other":[{}],"Third":[{}]}}"#,
        one("a1"),
        one("a2"),
        one("o1"),
        one("t1")
    );
    refused(
        dir.path(),
        &text,
        &[],
        &[
            "requests for several tables (\"Catalog\", \"Other\", \"Third\")",
            "choose one with --table",
        ],
    );
    assert!(!dir.path().join("trogs.db").exists());
    refused(
        dir.path(),
        &text,
        &["--table", "Nope"],
        &[
            "no requests for table \"Nope\"",
            "\"Catalog\", \"Other\", \"Third\"",
        ],
    );
    assert!(!dir.path().join("trogs.db").exists());

    let file = dir.path().join("tables.json");
    std::fs::write(&file, &text).unwrap();
    let said = ok(trogs(
        dir.path(),
        &["import", file.to_str().unwrap(), "--table", "Other"],
    ));
    assert!(said.contains("imported 1 items"), "{said}");
    let items = exported(dir.path());
    assert_eq!(items["Count"], 1);
    assert_eq!(items["Items"][0]["PK"]["S"], "o1");
}

#[test]
fn a_scan_file_with_last_evaluated_key_imports_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{"Items":[{"PK":{"S":"a1"},"SK":{"S":"a1"}}],"Count":1,"ScannedCount":1,"LastEvaluatedKey":{"PK":{"S":"a1"},"SK":{"S":"a1"}}}"#;
    let file = dir.path().join("page.json");
    std::fs::write(&file, text).unwrap();
    let out = trogs(dir.path(), &["import", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning:")
            && stderr.contains("is a partial export")
            && stderr.contains("LastEvaluatedKey"),
        "{stderr}"
    );
    assert_eq!(exported(dir.path())["Count"], 1);

    // A whole scan says nothing of the kind.
    let whole = dir.path().join("whole.json");
    std::fs::write(&whole, scan_file(&[item_json("b1", "b1", "")])).unwrap();
    let out = trogs(dir.path(), &["import", whole.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"));
}

#[test]
fn control_characters_in_names_and_values_are_escaped_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            item_json("x", "y", r#""\u001b[31mred\u0007":{"N":"1E999"}"#),
            r#"attribute "\u{1b}[31mred\u{7}""#,
        ),
        (
            item_json("x", "y", r#""Name":{"N":"\u001b[2J"}"#),
            r#""\u{1b}[2J" is not a number"#,
        ),
        (
            item_json("x", "y", r#""Name":{"\u001b]0;title\u0007":"x"}"#),
            r#""\u{1b}]0;title\u{7}" is not a type"#,
        ),
        (
            item_json("\u{1b}[31m", "y", r#""Name":{"N":"many"}"#),
            r#"PK="\u{1b}[31m""#,
        ),
        (
            item_json("x", "y", r#""M":{"M":{"\u001b[1m":{"B":"?"}}}"#),
            r#""\u{1b}[1m": "?" is not valid base64"#,
        ),
    ];
    for (bad, expect) in cases {
        let stderr = refused(dir.path(), &scan_file(&[bad]), &[], &[expect]);
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
            "a raw control character reached the terminal: {stderr:?}"
        );
    }
    // Duplicated keys and table names too.
    let odd = item_json("\u{1b}[31m", "\u{1b}[31m", "");
    let stderr = refused(
        dir.path(),
        &scan_file(&[odd.clone(), odd.clone()]),
        &[],
        &["items 1 and 2"],
    );
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    let text = format!("{{\"\\u001b[31mA\":[],\"B\":[{{\"PutRequest\":{{\"Item\":{odd}}}}}]}}");
    let stderr = refused(dir.path(), &text, &[], &[r#""\u{1b}[31mA""#]);
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}

#[test]
fn a_32_deep_item_round_trips_in_both_shapes() {
    let a = tempfile::tempdir().unwrap();
    let deep = item_json(
        "d1",
        "d1",
        &format!(r#""Deep":{},"Other":{}"#, nested_json(32), nested_json(31)),
    );
    let file = a.path().join("deep.json");
    std::fs::write(&file, scan_file(&[deep, item_json("a1", "a1", "")])).unwrap();
    ok(trogs(a.path(), &["import", file.to_str().unwrap()]));
    let original: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let first = ok(trogs(a.path(), &["export"]));
    let first_json: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(
        first_json["Items"][1], original["Items"][0],
        "the 32-deep item comes back as it went in"
    );
    for shape in ["scan", "batch"] {
        let out = a.path().join(format!("{shape}.json"));
        ok(trogs(
            a.path(),
            &[
                "export",
                out.to_str().unwrap(),
                "--shape",
                shape,
                "--table",
                "Deep",
            ],
        ));
        let b = tempfile::tempdir().unwrap();
        let said = ok(trogs(b.path(), &["import", out.to_str().unwrap()]));
        assert!(said.contains("imported 2 items"), "{said}");
        assert_eq!(ok(trogs(b.path(), &["export"])), first, "{shape}");
    }
}

#[test]
fn export_pages_through_a_catalog_larger_than_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let items: Vec<String> = (0..2500)
        .map(|i| {
            item_json(
                &format!("p{:05}", i / 3),
                &format!("s{i}"),
                r#""V":{"N":"1"}"#,
            )
        })
        .collect();
    let file = dir.path().join("many.json");
    std::fs::write(&file, scan_file(&items)).unwrap();
    assert!(
        ok(trogs(dir.path(), &["import", file.to_str().unwrap()])).contains("imported 2500 items")
    );
    let out = exported(dir.path());
    assert_eq!(out["Count"], 2500);
    let keys: Vec<(String, String)> = out["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["PK"]["S"].as_str().unwrap().into(),
                i["SK"]["S"].as_str().unwrap().into(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted, "every item once, in key order");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_write_refuses_what_dynamodb_refuses_and_a_load_is_all_or_nothing() {
    use trogs::store::{AttributeValue, Item, Key, Store};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&format!("sqlite:{}", dir.path().join("t.db").display()))
        .await
        .unwrap();
    let item = |pk: &str, extra: Option<AttributeValue>| {
        let mut i = Item::from([
            ("PK".to_string(), AttributeValue::s(pk)),
            ("SK".to_string(), AttributeValue::s(pk)),
        ]);
        if let Some(v) = extra {
            i.insert("X".into(), v);
        }
        i
    };
    for bad in [
        AttributeValue::N("1E126".into()),
        AttributeValue::B("!!".into()),
        AttributeValue::BS(vec!["AAE".into()]),
    ] {
        let e = store.put(item("a", Some(bad)), None).await.unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid request: attribute \"X\""),
            "{e}"
        );
    }
    let e = store
        .put(item(&"k".repeat(2049), None), None)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("PK is 2049 bytes"), "{e}");
    assert!(store.get(Key::same("a")).await.unwrap().is_none());

    // A bulk load that meets a bad item writes none of the good ones.
    let load = store.bulk_load();
    load.send(vec![item("g1", None), item("g2", None)])
        .await
        .unwrap();
    let _ = load
        .send(vec![item("bad", Some(AttributeValue::N("x".into())))])
        .await;
    let e = load.finish().await.unwrap_err();
    assert!(
        e.to_string().contains("item 3 (PK=\"bad\" SK=\"bad\")"),
        "{e}"
    );
    assert!(store.scan(None, 10).await.unwrap().items.is_empty());

    // One dropped before it finishes writes nothing either.
    let load = store.bulk_load();
    load.send(vec![item("g1", None)]).await.unwrap();
    drop(load);
    let load = store.bulk_load();
    load.send(vec![item("g2", None), item("g3", None)])
        .await
        .unwrap();
    assert_eq!(load.finish().await.unwrap(), 2);
    let page = store.scan(None, 1).await.unwrap();
    assert_eq!(page.items, vec![item("g2", None)]);
    let rest = store.scan(page.next, 5).await.unwrap();
    assert_eq!(rest.items, vec![item("g3", None)]);
    assert!(rest.next.is_none());
}
