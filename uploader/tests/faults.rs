//! Nothing half-done: with the catalog failing after the media write, the
//! media object is removed again; with the media store failing partway
//! through, nothing is written at all. The failures are injected into the
//! real binary (a debug build) with `TROGS_TEST_FAULTS`; the catalog, the
//! media folder and moto's S3 are real.

mod harness;

use std::time::Duration;

use harness::{Body, album, album_track, artist};
use reqwest::Method;
use trogs::store::Store;

const ARTIST: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";

async fn seed(store: &Store, port: u16) {
    let a = artist(ARTIST, "Ann Band", &harness::owner_for(port, "ann"));
    let b = album(ALBUM, &a, "First", 0);
    let t = album_track("c000000000000001", &b, &a, "One", 0);
    for item in [a.to_item(), b.to_item(), t.to_item()] {
        store.put(item, None).await.unwrap();
    }
}

/// Every file below `dir` (media objects, and any temporary file left).
fn files_in(dir: &std::path::Path) -> Vec<String> {
    if !dir.exists() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().display().to_string())
        .collect()
}

async fn tracks_of_album(client: &mut harness::Client) -> usize {
    let a = client.get(&format!("/api/v1/me/albums/{ALBUM}")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    a.json()["data"]["attributes"]["tracks"]
        .as_array()
        .unwrap()
        .len()
}

async fn fails_cleanly(fault: &str, args: &[&str], objects: impl AsyncFn() -> Vec<String>) {
    let up = harness::dev_with(seed, args, &[("TROGS_TEST_FAULTS", fault)]).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let before = objects().await;
    assert_eq!(tracks_of_album(&mut ann).await, 1);

    let a = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/albums/{ALBUM}/tracks"),
            Body::Files(
                "audio_file".into(),
                vec![("two.wav".into(), harness::wav(3.0))],
            ),
        )
        .await;
    assert_eq!(a.status, 503, "{fault}: {}", a.text);
    assert!(a.detail().contains("nothing was changed"), "{}", a.text);
    let i = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/albums/{ALBUM}/image"),
            Body::Files(
                "image_file".into(),
                vec![("cover.png".into(), harness::png(600, 600))],
            ),
        )
        .await;
    assert_eq!(i.status, 503, "{fault}: {}", i.text);

    assert_eq!(
        tracks_of_album(&mut ann).await,
        1,
        "{fault}: no track item was written"
    );
    let album = ann.get(&format!("/api/v1/me/albums/{ALBUM}")).await.json();
    assert!(
        album["data"]["attributes"]["image"].is_null(),
        "{fault}: {album}"
    );
    assert_eq!(objects().await, before, "{fault}: no media object is left");
    assert!(
        up.log().contains("injected"),
        "the failure was not injected: is this a debug build?\n{}",
        up.log()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_catalog_write_leaves_no_media_object() {
    let dir = tempfile::tempdir().unwrap();
    let media_dir = dir.path().join("media");
    let arg = media_dir.display().to_string();
    fails_cleanly("catalog-write", &["--media-dir", &arg], async || {
        files_in(&media_dir)
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_media_store_failing_partway_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let media_dir = dir.path().join("media");
    let arg = media_dir.display().to_string();
    fails_cleanly("media-write", &["--media-dir", &arg], async || {
        files_in(&media_dir)
    })
    .await;
}

/// moto's S3, which the test command starts (`TROGS_TEST_S3`).
fn moto() -> String {
    std::env::var("TROGS_TEST_S3").unwrap_or_else(|_| {
        panic!(
            "TROGS_TEST_S3 is not set: run the tests with scripts/test, which installs and \
             starts moto (pip install 'moto[s3,server]'; moto_server -H 127.0.0.1 -p PORT)"
        )
    })
}

async fn s3_keys(endpoint: &str, bucket: &str) -> Vec<String> {
    let xml = reqwest::get(format!("{endpoint}/{bucket}?list-type=2"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut keys: Vec<String> = xml
        .split("<Key>")
        .skip(1)
        .filter_map(|s| s.split("</Key>").next())
        .map(str::to_string)
        .collect();
    keys.sort();
    keys
}

async fn s3_bucket() -> (String, String) {
    let endpoint = moto();
    let bucket = format!("trogs-faults-{:08x}", fastrand::u32(..));
    let r = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_success(),
        "creating the bucket in moto: {}",
        r.status()
    );
    (endpoint, bucket)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_s3_a_failed_catalog_write_leaves_no_object() {
    let (endpoint, bucket) = s3_bucket().await;
    let media = format!("s3://{bucket}/media");
    fails_cleanly("catalog-write", &["--media", &media], async || {
        s3_keys(&endpoint, &bucket).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_s3_a_media_write_failing_partway_leaves_no_object() {
    let (endpoint, bucket) = s3_bucket().await;
    let media = format!("s3://{bucket}/media");
    fails_cleanly("media-write", &["--media", &media], async || {
        s3_keys(&endpoint, &bucket).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn media_that_cannot_be_removed_yet_is_removed_later() {
    let up = harness::dev_with(seed, &[], &[("TROGS_TEST_FAULTS", "media-delete")]).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let a = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/albums/{ALBUM}/tracks"),
            Body::Files("file".into(), vec![("two.wav".into(), harness::wav(0.5))]),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let id = a.json()["data"][0]["id"].as_str().unwrap().to_string();
    // Where the build makes renditions, they are made in the background:
    // wait until they are recorded on the track (so none is half written),
    // and the track's files are the original and its renditions.
    if cfg!(feature = "renditions") {
        let store = Store::open(&up.store_spec()).await.unwrap();
        harness::eventually(
            Duration::from_secs(60),
            Duration::from_millis(100),
            || format!("no renditions after 60 s:\n{}", up.log()),
            async || {
                let item = store.get(trogs::store::Key::same(&id)).await.unwrap();
                item.is_some_and(|i| i.contains_key("Renditions"))
                    .then_some(())
            },
        )
        .await;
    }
    let stored = files_in(&up.media());
    let originals: Vec<&String> = stored.iter().filter(|f| f.ends_with(".wav")).collect();
    assert_eq!(originals.len(), 1, "{stored:?}");
    // The track goes; its file cannot, yet.
    let d = ann
        .send(
            Method::DELETE,
            &format!("/api/v1/me/tracks/{id}"),
            Body::None,
        )
        .await;
    assert_eq!(d.status, 200, "{}", d.text);
    assert_eq!(tracks_of_album(&mut ann).await, 1);
    assert_eq!(
        files_in(&up.media()),
        stored,
        "the media store refused the removal"
    );
    let store = trogs::store::Store::open(&up.store_spec()).await.unwrap();
    let trash = store
        .query_all(trogs::store::Query::new(
            trogs::store::Index::Table,
            "TRASH",
        ))
        .await
        .unwrap();
    assert!(!trash.is_empty(), "the object is listed for removal");
    drop(store);
    // Restarted with a working media store, the sweeper removes it.
    let (dir, port, site_port) = up.stop();
    let again = harness::start_in(dir, port, site_port, &[], &[]);
    harness::eventually(
        Duration::from_secs(20),
        Duration::from_millis(100),
        || "the unused object stays".to_string(),
        async || files_in(&again.media()).is_empty().then_some(()),
    )
    .await;
    let store = trogs::store::Store::open(&again.store_spec())
        .await
        .unwrap();
    let trash = store
        .query_all(trogs::store::Query::new(
            trogs::store::Index::Table,
            "TRASH",
        ))
        .await
        .unwrap();
    assert!(trash.is_empty(), "the trash list is empty again");
}
