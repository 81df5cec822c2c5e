//! The table interface's conformance suite. Every engine must pass it, with
//! the same test code: the engine comes from `TROGS_TEST_STORE`, a store
//! spec in which `{unique}` is replaced by a name no other test uses (for
//! example `sqlite:/dev/shm/conf-{unique}.db`). Without it, each test gets
//! the embedded engine (SQLite) in a file of its own temporary folder.
//!
//! The test target `store_dynamo` (`tests/store_dynamo.rs`) runs this same
//! code against DynamoDB Local, a table per test: `scripts/test` starts it.

mod common;

use trogs::store::{
    AttributeValue, Condition, Cursor, Index, Item, Key, Query, RangeCondition, Store, StoreError,
    Update, Write,
};

fn item(pk: &str, sk: &str, attrs: &[(&str, AttributeValue)]) -> Item {
    let mut item = Item::from([
        ("PK".to_string(), AttributeValue::s(pk)),
        ("SK".to_string(), AttributeValue::s(sk)),
    ]);
    for (k, v) in attrs {
        item.insert(k.to_string(), v.clone());
    }
    item
}

fn sks(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["SK"].as_s().unwrap().to_string())
        .collect()
}

/// The store under test for a test's folder: the same folder opens the
/// same store again.
async fn open(dir: &tempfile::TempDir) -> Store {
    let template = if env!("CARGO_CRATE_NAME") == "store_dynamo" {
        common::dynamodb::endpoint();
        Ok("dynamodb://conf-{unique}".to_string())
    } else {
        std::env::var("TROGS_TEST_STORE")
    };
    let spec = match template {
        Ok(template) if !template.is_empty() => {
            let name = dir.path().file_name().unwrap().to_string_lossy();
            let unique: String = format!("{}-{name}", std::process::id())
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            template.replace("{unique}", &unique)
        }
        _ => format!("sqlite:{}", dir.path().join("t.db").display()),
    };
    Store::create(&spec)
        .await
        .unwrap_or_else(|e| panic!("opening the store under test {spec}: {e}"))
}

/// An item with its sets in a fixed order: DynamoDB keeps a set's members,
/// not their order.
fn canonical(mut item: Item) -> Item {
    fn sort(v: &mut AttributeValue) {
        match v {
            AttributeValue::SS(s) | AttributeValue::NS(s) | AttributeValue::BS(s) => s.sort(),
            AttributeValue::L(l) => l.iter_mut().for_each(sort),
            AttributeValue::M(m) => m.values_mut().for_each(sort),
            _ => {}
        }
    }
    item.values_mut().for_each(sort);
    item
}

async fn seeded() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let items = ["000", "101", "102", "103", "201", "202", "301", "a", "b"]
        .iter()
        .map(|sk| {
            item(
                "p",
                sk,
                &[
                    ("AC_PK", AttributeValue::s("artist")),
                    ("AC_SK", AttributeValue::s(*sk)),
                ],
            )
        })
        .collect();
    store.put_all(items).await.unwrap();
    (dir, store)
}

#[tokio::test]
async fn range_conditions_select_the_right_items() {
    let (_dir, store) = seeded().await;
    let q = |r: RangeCondition| Query::new(Index::Table, "p").range(r);
    let cases = [
        (RangeCondition::Eq("102".into()), vec!["102"]),
        (
            RangeCondition::BeginsWith("1".into()),
            vec!["101", "102", "103"],
        ),
        (
            RangeCondition::BeginsWith("".into()),
            vec!["000", "101", "102", "103", "201", "202", "301", "a", "b"],
        ),
        (
            RangeCondition::Between("102".into(), "201".into()),
            vec!["102", "103", "201"],
        ),
        (RangeCondition::Lt("101".into()), vec!["000"]),
        (RangeCondition::Le("101".into()), vec!["000", "101"]),
        (RangeCondition::Gt("301".into()), vec!["a", "b"]),
        (RangeCondition::Ge("301".into()), vec!["301", "a", "b"]),
    ];
    for (cond, want) in cases {
        let got = store.query_all(q(cond.clone())).await.unwrap();
        assert_eq!(sks(&got), want, "{cond:?}");
    }
    // The same through an index.
    let got = store
        .query_all(
            Query::new(Index::ArtistContent, "artist")
                .range(RangeCondition::BeginsWith("2".into())),
        )
        .await
        .unwrap();
    assert_eq!(sks(&got), ["201", "202"]);
}

#[tokio::test]
async fn begins_with_handles_prefixes_of_any_character() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let sks_in = ["é1", "é2", "ê", "z\u{10FFFF}a", "z\u{10FFFF}", "za"];
    store
        .put_all(sks_in.iter().map(|s| item("p", s, &[])).collect())
        .await
        .unwrap();
    let q = |p: &str| Query::new(Index::Table, "p").range(RangeCondition::BeginsWith(p.into()));
    assert_eq!(sks(&store.query_all(q("é")).await.unwrap()), ["é1", "é2"]);
    assert_eq!(
        sks(&store.query_all(q("z\u{10FFFF}")).await.unwrap()),
        ["z\u{10FFFF}", "z\u{10FFFF}a"]
    );
}

#[tokio::test]
async fn queries_go_forwards_and_backwards_in_pages() {
    let (_dir, store) = seeded().await;
    for forward in [true, false] {
        let mut q = Query::new(Index::ArtistContent, "artist").limit(2);
        if !forward {
            q = q.backward();
        }
        let mut pages = Vec::new();
        let mut next: Option<Cursor> = None;
        loop {
            let page = store.query(q.clone().start(next.take())).await.unwrap();
            assert!(page.items.len() <= 2);
            pages.push(sks(&page.items));
            match page.next {
                Some(c) => {
                    // A cursor holds the key attributes of the index and the table.
                    for attr in ["PK", "SK", "AC_PK", "AC_SK"] {
                        assert!(c.0.contains_key(attr), "cursor lacks {attr}");
                    }
                    next = Some(c);
                }
                None => break,
            }
        }
        let mut all: Vec<String> = pages.concat();
        assert_eq!(pages.len(), 5, "9 items in pages of 2");
        if !forward {
            all.reverse();
        }
        assert_eq!(
            all,
            ["000", "101", "102", "103", "201", "202", "301", "a", "b"]
        );
    }
}

#[tokio::test]
async fn items_in_an_index_need_both_of_its_keys_and_keys_only_projects() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    store
        .put_all(vec![
            item(
                "a1",
                "a1",
                &[
                    ("NormalizedName", AttributeValue::s("ada")),
                    ("Bio", AttributeValue::s("long")),
                ],
            ),
            item("a2", "a2", &[("AA_PK", AttributeValue::s("ARTISTS"))]),
        ])
        .await
        .unwrap();
    let names = store
        .query_all(Query::new(Index::ArtistsNames, "ada"))
        .await
        .unwrap();
    assert_eq!(names.len(), 1);
    assert!(
        !names[0].contains_key("Bio"),
        "IX_ARTISTS_NAMES is KEYS_ONLY"
    );
    assert_eq!(names[0]["NormalizedName"], AttributeValue::s("ada"));
    let artists = store
        .query_all(Query::new(Index::ArtistsAlbums, "ARTISTS"))
        .await
        .unwrap();
    assert!(
        artists.is_empty(),
        "an item without AA_SK is not in IX_ARTISTS_ALBUMS"
    );
}

#[tokio::test]
async fn items_round_trip_with_every_type() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let original = item(
        "x",
        "x",
        &[
            // In DynamoDB's own form: it stores numbers, not their text.
            ("N", AttributeValue::N("-12500.5".into())),
            ("B", AttributeValue::B("aGVsbG8=".into())),
            ("BOOL", AttributeValue::Bool(false)),
            ("NULL", AttributeValue::Null(true)),
            (
                "L",
                AttributeValue::L(vec![AttributeValue::s("a"), AttributeValue::n(1)]),
            ),
            (
                "M",
                AttributeValue::M(
                    [(
                        "k".to_string(),
                        AttributeValue::SS(vec!["x".into(), "y".into()]),
                    )]
                    .into(),
                ),
            ),
            ("NS", AttributeValue::NS(vec!["1".into(), "2.5".into()])),
            ("BS", AttributeValue::BS(vec!["AA==".into()])),
            ("Unknown", AttributeValue::s("ünïcödé ✓")),
        ],
    );
    store.put(original.clone(), None).await.unwrap();
    let got = store.get(Key::same("x")).await.unwrap().map(canonical);
    assert_eq!(got, Some(canonical(original)));
}

#[tokio::test]
async fn a_failed_conditional_write_changes_nothing() {
    let (_dir, store) = seeded().await;
    let key = Key::new("p", "101");
    let before = store.get(key.clone()).await.unwrap().unwrap();

    let err = store
        .put(
            item("p", "101", &[("New", AttributeValue::s("x"))]),
            Some(Condition::NotExists),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::ConditionFailed(_)), "{err}");
    let err = store
        .update(
            key.clone(),
            vec![Update::Set("New".into(), AttributeValue::s("x"))],
            Some(Condition::Equals("Version".into(), AttributeValue::n(3))),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::ConditionFailed(_)), "{err}");
    let err = store
        .delete(
            key.clone(),
            Some(Condition::AttributeExists("Owner".into())),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::ConditionFailed(_)), "{err}");
    assert_eq!(store.get(key.clone()).await.unwrap(), Some(before));

    // And a condition that holds lets the write through.
    let updated = store
        .update(
            key.clone(),
            vec![Update::Add("Version".into(), 1)],
            Some(Condition::AttributeNotExists("Version".into())),
        )
        .await
        .unwrap();
    assert_eq!(updated["Version"], AttributeValue::n(1));
    let updated = store
        .update(
            key.clone(),
            vec![Update::Add("Version".into(), 1)],
            Some(Condition::Equals("Version".into(), AttributeValue::n(1))),
        )
        .await
        .unwrap();
    assert_eq!(updated["Version"], AttributeValue::n(2));
    assert!(
        store
            .delete(key.clone(), Some(Condition::Exists))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(store.get(key).await.unwrap(), None);
}

#[tokio::test]
async fn a_failed_transaction_leaves_nothing_behind() {
    let (_dir, store) = seeded().await;
    let before = store.scan_all().await.unwrap();
    let err = store
        .transact(vec![
            Write::Put {
                item: item("new", "new", &[]),
                condition: Some(Condition::NotExists),
            },
            Write::Update {
                key: Key::new("p", "102"),
                updates: vec![Update::Set("T".into(), AttributeValue::s("x"))],
                condition: None,
            },
            Write::Delete {
                key: Key::new("p", "103"),
                condition: None,
            },
            Write::Check {
                key: Key::new("p", "999"),
                condition: Condition::Exists,
            },
        ])
        .await
        .unwrap_err();
    match &err {
        StoreError::TransactionCanceled { reasons } => {
            assert_eq!(reasons.len(), 4);
            assert!(reasons[3].contains("condition failed"), "{reasons:?}");
        }
        e => panic!("{e}"),
    }
    assert_eq!(store.scan_all().await.unwrap(), before);

    // An invalid item anywhere in the transaction is refused before anything is written.
    let err = store
        .transact(vec![
            Write::Put {
                item: item("new", "new", &[]),
                condition: None,
            },
            Write::Put {
                item: item("bad", "bad", &[("AA_PK", AttributeValue::n(1))]),
                condition: None,
            },
        ])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert_eq!(store.scan_all().await.unwrap(), before);

    // The same writes with a condition that holds all happen.
    store
        .transact(vec![
            Write::Put {
                item: item("new", "new", &[]),
                condition: Some(Condition::NotExists),
            },
            Write::Delete {
                key: Key::new("p", "103"),
                condition: None,
            },
            Write::Check {
                key: Key::new("p", "101"),
                condition: Condition::Exists,
            },
        ])
        .await
        .unwrap();
    assert!(store.get(Key::same("new")).await.unwrap().is_some());
    assert!(store.get(Key::new("p", "103")).await.unwrap().is_none());
}

#[tokio::test]
async fn transactions_refuse_two_writes_to_one_item() {
    let (_dir, store) = seeded().await;
    let err = store
        .transact(vec![
            Write::Delete {
                key: Key::new("p", "101"),
                condition: None,
            },
            Write::Check {
                key: Key::new("p", "101"),
                condition: Condition::Exists,
            },
        ])
        .await
        .unwrap_err();
    assert!(err.to_string().contains("twice"), "{err}");
}

#[tokio::test]
async fn what_dynamodb_rejects_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let bad = [
        item("", "x", &[]),
        item("x", "x", &[("AC_SK", AttributeValue::s(""))]),
        item("x", "x", &[("Owner", AttributeValue::Bool(true))]),
        item("x", "x", &[("N", AttributeValue::N("twelve".into()))]),
        item("x", "x", &[("SS", AttributeValue::SS(vec![]))]),
        item(
            "x",
            "x",
            &[("Big", AttributeValue::s("x".repeat(401 * 1024)))],
        ),
    ];
    for b in bad {
        let err = store.put(b.clone(), None).await.unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{b:?}: {err}");
    }
    assert!(store.scan_all().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_keep_reading_while_a_writer_writes() {
    let (_dir, store) = seeded().await;
    let writer = store.clone();
    let writes = tokio::spawn(async move {
        for n in 0..200 {
            writer
                .put(item("w", &format!("{n:04}"), &[]), None)
                .await
                .unwrap();
        }
    });
    let mut reads = 0;
    while !writes.is_finished() {
        let items = store
            .query_all(Query::new(Index::ArtistContent, "artist"))
            .await
            .unwrap();
        assert_eq!(items.len(), 9);
        reads += 1;
    }
    writes.await.unwrap();
    assert!(reads > 0);
    assert_eq!(
        store
            .query_all(Query::new(Index::Table, "w"))
            .await
            .unwrap()
            .len(),
        200
    );
}

#[tokio::test]
async fn data_survives_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = open(&dir).await;
        store
            .put(
                item("keep", "keep", &[("Bio", AttributeValue::s("still here"))]),
                None,
            )
            .await
            .unwrap();
    }
    let store = open(&dir).await;
    let got = store.get(Key::same("keep")).await.unwrap().unwrap();
    assert_eq!(got["Bio"], AttributeValue::s("still here"));
}

#[tokio::test]
async fn unknown_store_kinds_say_what_to_use() {
    let err = Store::open("postgres://x").await.err().unwrap();
    assert!(
        err.to_string().contains("sqlite:PATH") && err.to_string().contains("dynamodb://TABLE"),
        "{err}"
    );
}
