//! A backup of the SQLite catalog taken while tracks are being uploaded to
//! the running service (what `trogs backup` does), restored into a new
//! catalog: whole, every artist, album and track readable, and holding at
//! least what existed before it began. The uploads are not disturbed.

mod harness;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use harness::{Body, album, artist};
use reqwest::Method;
use trogs::catalog::{Entity, from_item};
use trogs::store::{Item, Key, Store, backup};

const ARTIST: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";
/// Uploaders at once, and tracks each uploads while the backups run.
const UPLOADERS: usize = 3;
const EACH: usize = 6;

/// Every item of the catalog at `path`, by key.
async fn items(path: &Path) -> BTreeMap<(String, String), Item> {
    let store = Store::open(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    store
        .scan_all()
        .await
        .unwrap()
        .into_iter()
        .map(|item| {
            let key = Key::of(&item).expect("an item with a key");
            ((key.pk, key.sk), item)
        })
        .collect()
}

/// The keys of the artists, albums and tracks among `items` (the service's
/// own items, sessions and uploads, are left out).
fn entities(items: &BTreeMap<(String, String), Item>) -> BTreeSet<(String, String)> {
    items
        .iter()
        .filter_map(|(key, item)| match from_item(item) {
            Ok(Entity::Artist(_) | Entity::Album(_) | Entity::Track(_)) => Some(key.clone()),
            Err(_) => None,
        })
        .collect()
}

fn tracks(items: &BTreeMap<(String, String), Item>) -> usize {
    items
        .values()
        .filter(|i| matches!(from_item(i), Ok(Entity::Track(_))))
        .count()
}

async fn take_backup(catalog: &Path, dest: &Path) -> u64 {
    let (catalog, dest) = (catalog.to_path_buf(), dest.to_path_buf());
    tokio::task::spawn_blocking(move || backup::backup(&catalog, &dest))
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("the backup failed: {e}"))
        .items
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_tracks_upload_restores_whole() {
    let up = harness::dev(async |store: &Store, port: u16| {
        let a = artist(ARTIST, "Ann Band", &harness::owner_for(port, "ann"));
        store.put(a.to_item(), None).await.unwrap();
        store
            .put(album(ALBUM, &a, "First", 0).to_item(), None)
            .await
            .unwrap();
    })
    .await;
    let catalog: PathBuf = up.dir.path().join("trogs.db");
    let wav = Arc::new(harness::wav(0.3));
    let path = format!("/api/v1/me/albums/{ALBUM}/tracks");
    let form =
        move |name: String| Body::Files("audio_file".into(), vec![(name, wav.as_ref().clone())]);

    let mut ann = up.client();
    ann.sign_in("ann").await;
    for n in 0..2 {
        let a = ann
            .send(Method::POST, &path, form(format!("before-{n}.wav")))
            .await;
        assert_eq!(a.status, 201, "{}", a.text);
    }
    let before = items(&catalog).await;
    let before_entities = entities(&before);
    assert_eq!(tracks(&before), 2);

    // Uploads from three signed-in clients, one after another each.
    let done = Arc::new(AtomicUsize::new(0));
    let mut uploaders = Vec::new();
    for u in 0..UPLOADERS {
        let mut c = up.client();
        c.sign_in("ann").await;
        let (path, done, form) = (path.clone(), Arc::clone(&done), form.clone());
        uploaders.push(tokio::spawn(async move {
            for n in 0..EACH {
                let a = c
                    .send(Method::POST, &path, form(format!("during-{u}-{n}.wav")))
                    .await;
                assert_eq!(a.status, 201, "upload {u}-{n}: {}", a.text);
                done.fetch_add(1, Ordering::SeqCst);
            }
        }));
    }
    // Backups once the uploads are under way, and again while they go on.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("catalog.backup.db");
    let mut during = 0;
    for wanted in [1, UPLOADERS * EACH / 2] {
        harness::eventually(
            Duration::from_secs(120),
            Duration::from_millis(20),
            || format!("{wanted} uploads done"),
            async || (done.load(Ordering::SeqCst) >= wanted).then_some(()),
        )
        .await;
        take_backup(&catalog, &file).await;
        if done.load(Ordering::SeqCst) < UPLOADERS * EACH {
            during += 1;
        }
    }
    for u in uploaders {
        u.await.unwrap();
    }
    assert!(
        during > 0,
        "every backup finished after the uploads: nothing was tested"
    );

    // Restored into a new catalog: whole, and the same items as the backup.
    let fresh = dir.path().join("restored").join("trogs.db");
    let restored = tokio::task::spawn_blocking({
        let (file, fresh) = (file.clone(), fresh.clone());
        move || backup::restore(&file, &fresh, false)
    })
    .await
    .unwrap()
    .unwrap_or_else(|e| panic!("the restore failed: {e}"));
    assert_eq!(restored.kept, None);
    let checked = tokio::task::spawn_blocking({
        let fresh = fresh.clone();
        move || backup::verify(&fresh)
    })
    .await
    .unwrap()
    .unwrap_or_else(|e| panic!("the restored catalog fails its check: {e}"));
    let in_restored = items(&fresh).await;
    assert_eq!(checked as usize, in_restored.len());
    let in_backup = items(&file).await;
    assert_eq!(in_restored, in_backup);

    // Every artist, album and track there before is in it.
    let got = entities(&in_restored);
    let missing: Vec<_> = before_entities.difference(&got).collect();
    assert!(missing.is_empty(), "lost in the backup: {missing:?}");
    let n = tracks(&in_restored);
    assert!(
        (2..=2 + UPLOADERS * EACH).contains(&n),
        "{n} tracks in the backup"
    );

    // A restore over the catalog the service has open is refused, even
    // with --force, and leaves it as it is.
    let refused = tokio::task::spawn_blocking({
        let (file, catalog) = (file.clone(), catalog.clone());
        move || backup::restore(&file, &catalog, true)
    })
    .await
    .unwrap()
    .expect_err("a restore under the running service");
    assert!(
        refused.to_string().contains("stop trogs-uploader"),
        "{refused}"
    );
    assert_eq!(tracks(&items(&catalog).await), 2 + UPLOADERS * EACH);
    let after = ann
        .send(Method::POST, &path, form("after.wav".into()))
        .await;
    assert_eq!(after.status, 201, "{}", after.text);

    // A backup after the uploads holds all of them, over the earlier one.
    take_backup(&catalog, &file).await;
    assert_eq!(tracks(&items(&file).await), 3 + UPLOADERS * EACH);
    assert_eq!(
        entities(&items(&file).await),
        entities(&items(&catalog).await)
    );
}
