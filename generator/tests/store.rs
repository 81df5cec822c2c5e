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

/// Rows as the original and earlier Trogs versions wrote them, with every
/// attribute Trogs adds, in the form Trogs writes and in the other one
/// (numbers as strings, strings as numbers, values it cannot use).
fn legacy_rows() -> Vec<Item> {
    let s = AttributeValue::s;
    let n = |v: &str| AttributeValue::N(v.into());
    let rendition = |pairs: &[(&str, AttributeValue)]| {
        AttributeValue::M(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    };
    vec![
        item(
            "legacyartist0001",
            "legacyartist0001",
            &[
                ("AA_PK", s("ARTISTS")),
                ("AA_SK", s("Ásta")),
                ("AC_PK", s("legacyartist0001")),
                ("AC_SK", s("000")),
                ("Owner", s("auth0|5f0c")),
                ("NormalizedName", s("asta")),
                ("ImageURL", s("art/a/cover.jpg")),
                ("Version", s("3")),
                ("ImageSizes", s("50x50,80x80,300x300,300")),
                ("ImageWidth", s("600")),
                ("ImageHeight", n("600")),
                ("Deleting", s("artist#legacyartist0001")),
                ("Language", s("is")),
                ("Website", s("https://asta.example")),
            ],
        ),
        item(
            "legacyartist0001",
            "legacyalbum00001",
            &[
                ("AA_PK", s("legacyalbum00001")),
                ("AA_SK", s("000")),
                ("AC_PK", s("legacyartist0001")),
                ("AC_SK", s("200")),
                ("AlbumTitle", s("Hvítá")),
                ("ImageURL", s("")),
                ("Version", n("2")),
                ("ImageSizes", s(" 50x50 , 80x80,")),
                ("ImageWidth", n("0")),
                ("ImageHeight", s("tall")),
                ("Deleting", AttributeValue::Bool(true)),
                ("Language", n("7")),
            ],
        ),
        item(
            "legacytrack00001",
            "legacytrack00001",
            &[
                ("AA_PK", s("legacyalbum00001")),
                ("AA_SK", s("100")),
                ("TrackTitle", s("Jökull")),
                (
                    "AudioURL",
                    s("https://s3-eu-west-1.amazonaws.com/b/art/a/j.mp3"),
                ),
                ("ArtistID", s("legacyartist0001")),
                ("Version", n("12")),
                ("Duration", n("183.250")),
                ("AudioType", s("audio/mpeg")),
                ("AudioSize", s("1000")),
                (
                    "Renditions",
                    AttributeValue::L(vec![
                        rendition(&[
                            ("Key", s("_trogs/art/a/j.opus")),
                            ("Type", s("audio/ogg; codecs=opus")),
                            ("Size", s("512")),
                            ("Kbps", n("96")),
                        ]),
                        rendition(&[
                            ("Key", s("_trogs/art/a/j.48.opus")),
                            ("Type", s("audio/ogg; codecs=opus")),
                            ("Size", n("256")),
                            ("Kbps", s("48")),
                            ("Note", s("a field Trogs does not know")),
                        ]),
                        rendition(&[("Key", s("_trogs/art/a/j.mp3"))]),
                        s("not a rendition"),
                    ]),
                ),
                ("PeaksKey", s("_trogs/art/a/j.peaks.json")),
                ("Loudness", n("-14.20")),
                ("TruePeak", s("-1.5")),
                ("Gain", n("0")),
                ("SourceKey", s("art/a/j.mp3")),
                ("SourceHash", s("af1349b9")),
                ("RenditionsProblem", s("stopped")),
            ],
        ),
        item(
            "legacysingle0001",
            "legacysingle0001",
            &[
                ("AC_PK", s("legacyartist0001")),
                ("AC_SK", s("300")),
                ("TrackTitle", s("Sola")),
                ("AudioURL", s("art/a/sola.wav")),
                ("ArtistID", s("legacyartist0001")),
                ("ImageURL", s("art/a/sola.png")),
                ("ImageSizes", n("300")),
                ("Duration", s("61.5")),
                ("AudioType", n("1")),
                ("AudioSize", n("-5")),
                ("Renditions", s("none yet")),
                ("PeaksKey", n("4")),
                ("Loudness", s("loud")),
                ("Gain", AttributeValue::Null(true)),
                ("SourceHash", AttributeValue::L(vec![])),
            ],
        ),
    ]
}

async fn stored(store: &Store, item: &Item) -> Item {
    let key = Key::of(item).unwrap();
    let got = store.get(key.clone()).await.unwrap();
    canonical(got.unwrap_or_else(|| panic!("{key:?} is gone")))
}

#[tokio::test]
async fn legacy_catalog_rows_round_trip_unchanged_with_their_types() {
    use trogs::catalog::{Entity, from_item};
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let rows = legacy_rows();
    store.put_all(rows.clone()).await.unwrap();
    for row in &rows {
        let before = stored(&store, row).await;
        // Each attribute keeps the type it was written with (DynamoDB may
        // write a number's text its own way, never as a string).
        for (name, value) in row {
            assert_eq!(
                std::mem::discriminant(&before[name]),
                std::mem::discriminant(value),
                "{name} of {:?} changed type on the way in",
                row["PK"]
            );
        }
        let entity = from_item(&before).unwrap();
        store.put(entity.to_item(), None).await.unwrap();
        let after = stored(&store, row).await;
        assert_eq!(
            after, before,
            "read and written back, {:?} changed",
            row["PK"]
        );
        // The typed fields say what the rows say.
        match entity {
            Entity::Artist(a) => {
                assert_eq!(a.trogs.version, None, "a version held as text is not ours");
                assert_eq!(a.trogs.image.sizes, ["50x50", "80x80", "300x300", "300"]);
                assert_eq!(
                    (a.trogs.image.width, a.trogs.image.height),
                    (Some(600), Some(600))
                );
                assert_eq!(a.trogs.deleting.as_deref(), Some("artist#legacyartist0001"));
                assert_eq!(a.language(), Some("is"));
                assert_eq!(a.extra.keys().collect::<Vec<_>>(), ["Website"]);
            }
            Entity::Album(a) => {
                assert_eq!(a.trogs.version, Some(2));
                assert_eq!(a.trogs.image.sizes, ["50x50", "80x80"]);
                assert_eq!((a.trogs.image.width, a.trogs.image.height), (None, None));
                assert!(a.trogs.deleting.is_some(), "any Deleting marks a delete");
                assert!(a.extra.is_empty(), "{:?}", a.extra);
            }
            Entity::Track(t) if t.is_single() => {
                assert_eq!(t.trogs.track_image.as_deref(), Some("art/a/sola.png"));
                assert_eq!(t.trogs.audio.duration, None, "a duration held as text");
                assert_eq!(t.trogs.audio.size, Some(-5));
                assert!(t.trogs.renditions.is_empty());
                assert!(t.extra.is_empty(), "{:?}", t.extra);
            }
            Entity::Track(t) => {
                use trogs::catalog::model::RenditionKind;
                assert_eq!(t.trogs.version, Some(12));
                assert_eq!(t.trogs.audio.duration, Some(183.25));
                assert_eq!(t.trogs.audio.mime.as_deref(), Some("audio/mpeg"));
                assert_eq!(t.trogs.audio.size, Some(1000));
                let kinds: Vec<_> = t.trogs.renditions.iter().map(|r| r.kind).collect();
                assert_eq!(kinds, [RenditionKind::Opus, RenditionKind::Saver]);
                let saver = t.trogs.rendition(RenditionKind::Saver).unwrap();
                assert_eq!((saver.size, saver.kbps), (Some(256), Some(48)));
                assert_eq!(
                    t.trogs.peaks_key.as_deref(),
                    Some("_trogs/art/a/j.peaks.json")
                );
                assert_eq!((t.trogs.loudness, t.trogs.true_peak), (Some(-14.2), None));
                assert_eq!(t.trogs.gain, Some(0.0));
                assert_eq!(t.trogs.source_hash.as_deref(), Some("af1349b9"));
                assert_eq!(t.trogs.renditions_problem.as_deref(), Some("stopped"));
                assert!(t.extra.is_empty(), "{:?}", t.extra);
            }
        }
    }
}

#[tokio::test]
async fn a_changed_field_is_written_as_trogs_writes_it_and_the_rest_as_they_were() {
    use trogs::catalog::{Entity, from_item};
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    let rows = legacy_rows();
    store.put_all(rows.clone()).await.unwrap();

    let before = stored(&store, &rows[0]).await;
    let Ok(Entity::Artist(mut artist)) = from_item(&before) else {
        panic!("not an artist")
    };
    artist.trogs.bump();
    artist.trogs.deleting = None;
    store.put(artist.to_item(), None).await.unwrap();
    let after = stored(&store, &rows[0]).await;
    assert_eq!(after["Version"], AttributeValue::N("1".into()));
    assert!(!after.contains_key("Deleting"));
    let unchanged = |item: &Item| {
        let mut item = item.clone();
        item.remove("Version");
        item.remove("Deleting");
        item
    };
    assert_eq!(unchanged(&after), unchanged(&before));

    let before = stored(&store, &rows[2]).await;
    let Ok(Entity::Track(mut track)) = from_item(&before) else {
        panic!("not a track")
    };
    track.trogs.forget_made_from_audio();
    track.trogs.audio.size = Some(2048);
    track.trogs.bump();
    store.put(track.to_item(), None).await.unwrap();
    let after = stored(&store, &rows[2]).await;
    for gone in [
        "Renditions",
        "PeaksKey",
        "Loudness",
        "TruePeak",
        "Gain",
        "SourceKey",
        "SourceHash",
        "RenditionsProblem",
    ] {
        assert!(!after.contains_key(gone), "{gone} is still there");
    }
    assert_eq!(after["AudioSize"], AttributeValue::N("2048".into()));
    assert_eq!(after["Version"], AttributeValue::N("13".into()));
    assert_eq!(after["AudioType"], before["AudioType"]);
    assert_eq!(after["Duration"], before["Duration"]);
}

/// Writes `raw` as an older release left it, reads it back typed with
/// `typed`, writes what that gives back, and checks the stored item is
/// the one read, attribute for attribute and type for type.
async fn side_record_round_trips(store: &Store, raw: Item, typed: impl Fn(&Item) -> Item) {
    store.put(raw.clone(), None).await.unwrap();
    let before = stored(store, &raw).await;
    assert_eq!(
        before,
        canonical(raw.clone()),
        "{:?} stored as given",
        raw["PK"]
    );
    store.put(typed(&before), None).await.unwrap();
    let after = stored(store, &raw).await;
    assert_eq!(
        after, before,
        "read typed and written back, {:?} changed",
        raw["PK"]
    );
}

#[tokio::test]
async fn legacy_side_records_round_trip_through_their_types() {
    use trogs::catalog::records::{
        DeleteJobRecord, QueuedUpload, Terms, UploadRecord, UploadStaging, Usage,
    };
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;

    let job = item(
        "JOB#DELETE",
        "album#legacyalbum0001",
        &[
            ("ArtistID", AttributeValue::s("legacyartist0001")),
            ("Since", AttributeValue::s("2024-03-01")),
            (
                "Pages",
                AttributeValue::L(vec![
                    AttributeValue::s("album:legacyalbum0001"),
                    AttributeValue::s("track:legacytrack0001"),
                ]),
            ),
        ],
    );
    let read = DeleteJobRecord::from_item(&job).unwrap();
    assert_eq!(read.sk, "album#legacyalbum0001");
    assert_eq!(read.artist_id, "legacyartist0001");
    assert_eq!(read.since, "2024-03-01");
    assert_eq!(
        read.pages,
        ["album:legacyalbum0001", "track:legacytrack0001"]
    );
    side_record_round_trips(&store, job, |i| {
        DeleteJobRecord::from_item(i).unwrap().to_item()
    })
    .await;

    let owner = "https://issuer.example#sub-1";
    let mut usage = Usage { stored_bytes: -7 }.to_item(owner);
    usage.insert("StoredBytes".into(), AttributeValue::N("-7".into()));
    assert_eq!(
        Usage::from_item(&usage).bytes(),
        0,
        "below zero reads as none"
    );
    side_record_round_trips(&store, usage.clone(), |i| {
        Usage::from_item(i).to_item(owner)
    })
    .await;
    // Counting adds to what is stored, on its type.
    store
        .update(Usage::key(owner), vec![Usage::add(1007)], None)
        .await
        .unwrap();
    let counted = store.get(Usage::key(owner)).await.unwrap().unwrap();
    assert_eq!(Usage::from_item(&counted).stored_bytes, 1000);
    assert!(matches!(counted["StoredBytes"], AttributeValue::N(_)));

    let terms = item(
        "USER#artist@example.com",
        "TERMS",
        &[
            ("TermsVersion", AttributeValue::N("3".into())),
            ("AgreedAt", AttributeValue::s("2024-01-02T03:04:05Z")),
        ],
    );
    assert_eq!(
        Terms::from_item(&terms),
        Some(Terms {
            version: 3,
            agreed_at: "2024-01-02T03:04:05Z".into()
        })
    );
    side_record_round_trips(&store, terms, |i| {
        Terms::from_item(i).unwrap().to_item("artist@example.com")
    })
    .await;

    let upload = item(
        "UPLOADS",
        "up1",
        &[
            ("UploadOwner", AttributeValue::s(owner)),
            ("UploadTarget", AttributeValue::s("track:legacytrack0001")),
            ("UploadLength", AttributeValue::N("10".into())),
            ("UploadOffset", AttributeValue::N("10".into())),
            ("FileName", AttributeValue::s("<b>song</b>.wav")),
            ("CreatedAt", AttributeValue::N("1700000000".into())),
            ("Expires", AttributeValue::N("1700086400".into())),
            ("NextPart", AttributeValue::N("0".into())),
            ("Staging", AttributeValue::s("folder")),
            ("UploadEmail", AttributeValue::s("artist@example.com")),
            ("FinishClaimed", AttributeValue::N("1700000100".into())),
            ("Outcome", AttributeValue::s(r#"{"data":{"id":"t"}}"#)),
            ("OutcomeStatus", AttributeValue::N("200".into())),
        ],
    );
    let queued = QueuedUpload::from_item(&upload);
    assert_eq!(
        queued,
        QueuedUpload {
            email: Some("artist@example.com".into()),
            claimed: Some(1700000100),
            outcome: Some(r#"{"data":{"id":"t"}}"#.into()),
            outcome_status: Some(200),
        }
    );
    assert!(QueuedUpload::finished(&upload));
    side_record_round_trips(&store, upload.clone(), |i| {
        let record = UploadRecord::from_item(i).unwrap();
        assert!(matches!(record.staging, UploadStaging::Folder));
        let mut back = record.to_item();
        QueuedUpload::from_item(i).write_into(&mut back);
        back
    })
    .await;

    // The claim's conditions hold against the stored item: a stale claim
    // can be taken over once, a fresh one cannot be taken at all.
    let stored_upload = stored(&store, &upload).await;
    let key = Key::of(&upload).unwrap();
    assert!(QueuedUpload::claimable(&stored_upload, 1700000200, 960).is_none());
    let stale = QueuedUpload::claimable(&stored_upload, 1700002000, 960).unwrap();
    store
        .update(
            key.clone(),
            vec![QueuedUpload::claim(1700002000)],
            Some(stale.clone()),
        )
        .await
        .unwrap();
    let again = store
        .update(
            key.clone(),
            vec![QueuedUpload::claim(1700002001)],
            Some(stale),
        )
        .await;
    assert!(
        matches!(again, Err(StoreError::ConditionFailed(_))),
        "{again:?}"
    );
    store
        .update(key.clone(), vec![QueuedUpload::release()], None)
        .await
        .unwrap();
    let released = store.get(key).await.unwrap().unwrap();
    assert_eq!(QueuedUpload::from_item(&released).claimed, None);
    assert!(QueuedUpload::claimable(&released, 0, 960).is_some());
}
