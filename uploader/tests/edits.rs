//! Edits that race, renames that resume, and pages that follow: through
//! the real service in dev mode, over its SQLite catalog and site folder.

mod fixtures;
mod harness;

use std::time::Duration;

use harness::{Body, album, album_track, artist, single};
use reqwest::Method;
use serde_json::json;
use trogs::store::{AttributeValue, Item, Store};

const ARTIST: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";

async fn seed(store: &Store, port: u16) {
    let a = artist(ARTIST, "Ann Band", &harness::owner_for(port, "ann"));
    let b = album(ALBUM, &a, "First", 0);
    store.put(a.to_item(), None).await.unwrap();
    store.put(b.to_item(), None).await.unwrap();
    for (i, id) in ["c000000000000001", "c000000000000002", "c000000000000003"]
        .iter()
        .enumerate()
    {
        let t = album_track(id, &b, &a, &format!("Track {}", i + 1), i as u32);
        store.put(t.to_item(), None).await.unwrap();
    }
    for (i, id) in [
        "d000000000000001",
        "d000000000000002",
        "d000000000000003",
        "d000000000000004",
    ]
    .iter()
    .enumerate()
    {
        let s = single(id, &a, &format!("Single {}", i + 1), i as u32);
        store.put(s.to_item(), None).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_edits_of_one_album_at_once_lose_neither() {
    let up = harness::dev(seed).await;
    let mut one = up.client();
    one.sign_in("ann").await;
    let mut two = up.client();
    two.sign_in("ann").await;
    let path = format!("/api/v1/me/albums/{ALBUM}");
    let version = one.get(&path).await.json()["data"]["attributes"]["version"]
        .as_i64()
        .unwrap();
    // Both made their edit on the same version: one wins, the other is told.
    let (a, b) = tokio::join!(
        one.json(
            Method::PATCH,
            &path,
            json!({"title": "From one", "version": version})
        ),
        two.json(
            Method::PATCH,
            &path,
            json!({"description": "From two", "version": version})
        ),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{} / {}", a.text, b.text);
    let loser = if a.status == 409 { &mut one } else { &mut two };
    // The one told reloads and makes its edit again; both edits stand.
    let fresh = loser.get(&path).await.json()["data"]["attributes"]["version"]
        .as_i64()
        .unwrap();
    let body = if a.status == 409 {
        json!({"title": "From one", "version": fresh})
    } else {
        json!({"description": "From two", "version": fresh})
    };
    assert_eq!(loser.json(Method::PATCH, &path, body).await.status, 200);
    let album = one.get(&path).await.json();
    assert_eq!(album["data"]["attributes"]["title"], "From one");
    assert_eq!(album["data"]["attributes"]["description"], "From two");

    // Many uploads to one album at once each get their own place.
    let uploads = (0..6).map(|i| {
        let mut c = harness::Client::new(&up.url);
        c.cookie = one.cookie.clone();
        c.csrf = one.csrf.clone();
        async move {
            c.send(
                Method::POST,
                &format!("/api/v1/me/albums/{ALBUM}/tracks"),
                Body::Files(
                    "file".into(),
                    vec![(format!("up {i}.wav"), fixtures::wav(0.2))],
                ),
            )
            .await
            .status
        }
    });
    let statuses = futures_util::future::join_all(uploads).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let tracks = one.get(&path).await.json()["data"]["attributes"]["tracks"].clone();
    assert_eq!(tracks.as_array().unwrap().len(), 9, "{tracks}");
    let html = std::fs::read_to_string(up.out().join(format!("album/{ALBUM}.html"))).unwrap();
    for i in 0..6 {
        assert!(
            html.contains(&format!("up {i}")),
            "the album page lacks upload {i}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tracks_move_and_featured_tracks_follow_the_rules() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let order = |v: &serde_json::Value| -> Vec<String> {
        v["data"]["attributes"]["tracks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["title"].as_str().unwrap().to_string())
            .collect()
    };
    let album_path = format!("/api/v1/me/albums/{ALBUM}");
    let a = ann
        .json(
            Method::POST,
            "/api/v1/me/tracks/c000000000000003/move",
            json!({"direction": "up"}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(
        order(&ann.get(&album_path).await.json()),
        ["Track 1", "Track 3", "Track 2"]
    );
    let html = std::fs::read_to_string(up.out().join(format!("album/{ALBUM}.html"))).unwrap();
    let (p1, p3, p2) = (
        html.find("Track 1").unwrap(),
        html.find("Track 3").unwrap(),
        html.find("Track 2").unwrap(),
    );
    assert!(p1 < p3 && p3 < p2, "the published page shows the new order");
    // The first stays first.
    let a = ann
        .json(
            Method::POST,
            "/api/v1/me/tracks/c000000000000001/move",
            json!({"direction": "up"}),
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(
        order(&ann.get(&album_path).await.json()),
        ["Track 1", "Track 3", "Track 2"]
    );

    // At most three featured.
    for id in ["c000000000000002", "d000000000000001", "d000000000000003"] {
        let a = ann
            .json(
                Method::PUT,
                &format!("/api/v1/me/tracks/{id}/featured"),
                json!({"featured": true}),
            )
            .await;
        assert_eq!(a.status, 200, "{id}: {}", a.text);
    }
    let a = ann
        .json(
            Method::PUT,
            "/api/v1/me/tracks/d000000000000004/featured",
            json!({"featured": true}),
        )
        .await;
    assert_eq!(a.status, 409, "{}", a.text);
    assert!(a.detail().contains("at most 3"), "{}", a.text);
    // Reorder: the artist page lists them in the new order.
    let a = ann
        .json(
            Method::PUT,
            &format!("/api/v1/me/artists/{ARTIST}/featured"),
            json!({"order": ["d000000000000003", "c000000000000002", "d000000000000001"]}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let featured: Vec<String> = ann
        .get(&format!("/api/v1/me/artists/{ARTIST}/featured"))
        .await
        .json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        featured,
        ["d000000000000003", "c000000000000002", "d000000000000001"]
    );
    // A track that stops being featured loses Featured and FeatureSort.
    let a = ann
        .json(
            Method::PUT,
            "/api/v1/me/tracks/c000000000000002/featured",
            json!({"featured": false}),
        )
        .await;
    assert_eq!(a.status, 200);
    let store = Store::open(&up.store_spec()).await.unwrap();
    let item: Item = store
        .get(trogs::store::Key::same("c000000000000002"))
        .await
        .unwrap()
        .unwrap();
    for gone in ["Featured", "FeatureSort", "AC_PK", "AC_SK"] {
        assert!(!item.contains_key(gone), "{gone} is still on the item");
    }
    let single: Item = store
        .get(trogs::store::Key::same("d000000000000003"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(single.get("FeatureSort"), Some(&AttributeValue::s("100")));
    assert_eq!(
        single.get("AC_SK"),
        Some(&AttributeValue::s("302")),
        "a featured single keeps its 3nn"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_rename_is_finished_when_the_service_starts() {
    // The artist is renamed, but the album, its tracks and the singles still
    // carry the old name, and the rename job is still there: as a process
    // stopped halfway through would leave them.
    let up = harness::dev(async |store: &Store, port| {
        seed(store, port).await;
        let mut a = artist(ARTIST, "Ann Renamed", &harness::owner_for(port, "ann"));
        a.normalized_name = Some("ann-renamed".into());
        store.put(a.to_item(), None).await.unwrap();
        let mut job = Item::new();
        job.insert("PK".into(), AttributeValue::s("JOB#RENAME"));
        job.insert("SK".into(), AttributeValue::s(ARTIST));
        store.put(job, None).await.unwrap();
    })
    .await;
    let store = Store::open(&up.store_spec()).await.unwrap();
    // Publishing waits for the rename: by the time the Create section
    // answers, every copy of the name is the new one.
    let mut ann = up.client();
    ann.sign_in("ann").await;
    harness::eventually(
        Duration::from_secs(20),
        Duration::from_millis(50),
        || "the rename job is still there".to_string(),
        async || {
            let jobs = store
                .query_all(trogs::store::Query::new(
                    trogs::store::Index::Table,
                    "JOB#RENAME",
                ))
                .await
                .unwrap();
            jobs.is_empty().then_some(())
        },
    )
    .await;
    for key in [
        trogs::store::Key::new(ARTIST, ALBUM),
        trogs::store::Key::same("c000000000000002"),
        trogs::store::Key::same("d000000000000004"),
    ] {
        let item = store.get(key.clone()).await.unwrap().unwrap();
        assert_eq!(
            item.get("ArtistName"),
            Some(&AttributeValue::s("Ann Renamed")),
            "{key}"
        );
    }
    let html = std::fs::read_to_string(up.out().join("track/c000000000000002.html")).unwrap();
    assert!(
        html.contains("Ann Renamed"),
        "the track page follows the rename"
    );
    assert!(
        !html.contains("Ann Band"),
        "the track page still says the old name"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rename_reaches_every_page() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let a = ann
        .json(
            Method::PATCH,
            &format!("/api/v1/me/artists/{ARTIST}"),
            json!({"name": "Ann & The New"}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.json()["meta"]["live"]["published"], true);
    for page in walkdir::WalkDir::new(up.out())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
    {
        let html = std::fs::read_to_string(page.path()).unwrap();
        assert!(
            !html.contains("Ann Band"),
            "{} still says Ann Band",
            page.path().display()
        );
    }
    let html = std::fs::read_to_string(up.out().join(format!("album/{ALBUM}.html"))).unwrap();
    assert!(
        html.contains("Ann &amp; The New"),
        "the album page shows the new name"
    );
    // The old name is free again, the new one taken.
    let taken = ann
        .json(
            Method::POST,
            "/api/v1/me/artists",
            json!({"name": "ann & the new"}),
        )
        .await;
    assert_eq!(taken.status, 409, "{}", taken.text);
    let free = ann
        .json(
            Method::POST,
            "/api/v1/me/artists",
            json!({"name": "Ann Band"}),
        )
        .await;
    assert_eq!(free.status, 201, "{}", free.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_show_artwork_derivatives_never_the_full_upload() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let a = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/albums/{ALBUM}/image"),
            Body::Files(
                "file".into(),
                vec![("big cover.jpg".into(), fixtures::jpeg(2000, 2000))],
            ),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let html = std::fs::read_to_string(up.out().join(format!("album/{ALBUM}.html"))).unwrap();
    let hero = html
        .split("<img")
        .find(|tag| tag.contains("hero-img"))
        .expect("the album page has its cover");
    assert!(hero.contains(".300x300.jpg\""), "{hero}");
    assert!(hero.contains(".80x80.jpg 80w"), "{hero}");
    assert!(hero.contains("sizes=\""), "{hero}");
    // Every image the page shows is a derivative.
    for tag in html.split("<img").skip(1) {
        if tag.contains("/media/art/") {
            assert!(
                tag.contains(".300x300.") || tag.contains(".80x80."),
                "an image without a derivative: {tag}"
            );
        }
    }
    // The derivatives are stored beside the cover.
    let files: Vec<String> = walkdir::WalkDir::new(up.media())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for size in ["50x50", "80x80", "300x300", "300"] {
        assert!(
            files.iter().any(|f| f.ends_with(&format!(".{size}.jpg"))),
            "no {size} derivative in {files:?}"
        );
    }
}

/// After an audio upload, the track's renditions are made in the
/// background and its page offers them, ahead of the original.
#[cfg(feature = "renditions")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_uploaded_track_gets_its_renditions_and_its_page_offers_them() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let a = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/albums/{ALBUM}/tracks"),
            Body::Files(
                "file".into(),
                vec![("new song.wav".into(), fixtures::wav(2.0))],
            ),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let id = a.json()["data"][0]["id"].as_str().unwrap().to_string();
    let page = up.out().join(format!("track/{id}.html"));
    // Live at once with the original.
    assert!(std::fs::read_to_string(&page).unwrap().contains(".wav"));
    let audio = harness::eventually(
        Duration::from_secs(60),
        Duration::from_millis(200),
        || format!("no renditions on the page after 60 s:\n{}", up.log()),
        async || {
            let html = std::fs::read_to_string(&page).unwrap();
            html.split("<audio")
                .map(|a| &a[..a.find("</audio>").unwrap_or(a.len())])
                .find(|a| a.contains(".opus\" type=\"audio/ogg"))
                .map(str::to_string)
        },
    )
    .await;
    let (opus, wav) = (
        audio.find(".opus\"").unwrap(),
        audio.find(".wav\"").unwrap(),
    );
    assert!(
        opus < wav,
        "the rendition comes before the original: {audio}"
    );
    let names: Vec<String> = walkdir::WalkDir::new(up.media())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for suffix in [".opus", ".48.opus", ".mp3", ".peaks.json", ".wav"] {
        assert!(
            names.iter().any(|n| n.ends_with(suffix)),
            "no {suffix} in {names:?}"
        );
    }
}
