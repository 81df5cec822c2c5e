//! The catalog's write side (`trogs::catalog::edit`), in process: one suite
//! of its rules, run against the embedded engine (a SQLite file per test)
//! here, and against DynamoDB Local by `tests/edit_rules_dynamo.rs`, which
//! includes this same file (`open` sees the target's name). Media goes to
//! a folder of the test's own.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use trogs::catalog::edit::{
    AlbumInput, ArtistInput, ArtistPatch, Direction, EditError, Editor, NewAudio, Page, TrackPatch,
    User,
};
use trogs::catalog::items::from_item;
use trogs::catalog::model::{Album, Artist, Entity, Track, TrackKind};
use trogs::catalog::records;
use trogs::media::Media;
use trogs::store::{AttributeValue, Index, Key, Query, Store, Write};

/// The store under test for a test's folder.
async fn open(dir: &tempfile::TempDir) -> Store {
    let spec = if env!("CARGO_CRATE_NAME") == "edit_rules_dynamo" {
        common::dynamodb::endpoint();
        let name = dir.path().file_name().unwrap().to_string_lossy();
        let unique: String = format!("edit-{}-{name}", std::process::id())
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!("dynamodb://{unique}")
    } else {
        format!("sqlite:{}", dir.path().join("t.db").display())
    };
    Store::create(&spec)
        .await
        .unwrap_or_else(|e| panic!("opening the store under test {spec}: {e}"))
}

struct Bench {
    dir: tempfile::TempDir,
    editor: Editor,
    /// The `media-delete` failure point.
    media_down: Arc<AtomicBool>,
}

impl Bench {
    async fn new() -> Bench {
        let dir = tempfile::tempdir().unwrap();
        let store = open(&dir).await;
        let media_dir = dir.path().join("media");
        std::fs::create_dir_all(&media_dir).unwrap();
        let media_down = Arc::new(AtomicBool::new(false));
        let down = Arc::clone(&media_down);
        let editor =
            Editor::new(store, Media::from(&media_dir)).with_faults(Arc::new(move |name| {
                name == "media-delete" && down.load(Ordering::SeqCst)
            }));
        Bench {
            dir,
            editor,
            media_down,
        }
    }

    fn media_file(&self, key: &str) -> std::path::PathBuf {
        self.dir.path().join("media").join(key)
    }

    async fn artist(&self, user: &User, name: &str) -> Artist {
        self.editor
            .create_artist(
                user,
                ArtistInput {
                    name: name.into(),
                    bio: None,
                },
            )
            .await
            .unwrap_or_else(|e| panic!("creating {name}: {e}"))
            .value
    }

    async fn album(&self, user: &User, artist: &Artist, title: &str) -> Album {
        self.editor
            .create_album(
                user,
                &artist.id,
                AlbumInput {
                    title: title.into(),
                    ..AlbumInput::default()
                },
            )
            .await
            .unwrap()
            .value
            .0
    }

    /// An uploaded track on `album`, its original stored in the media folder.
    async fn track(&self, user: &User, album: &Album, title: &str) -> Track {
        let (_, artist) = self.editor.album(user, &album.id).await.unwrap();
        let key = trogs::catalog::edit::album_track_key(&artist, album, title, "mp3");
        self.editor
            .media
            .put_bytes(&key, b"not really audio")
            .await
            .unwrap();
        let change = self
            .editor
            .add_album_track(user, &album.id, audio(&key, title))
            .await
            .unwrap();
        assert_eq!(change.pages, vec![Page::Track(change.value.0.id.clone())]);
        change.value.0
    }

    async fn stored(&self, id: &str) -> Option<Entity> {
        let item = self.editor.store.get(Key::same(id)).await.unwrap()?;
        Some(from_item(&item).unwrap())
    }

    async fn trash(&self) -> Vec<String> {
        self.editor
            .store
            .query_all(Query::new(Index::Table, records::TRASH))
            .await
            .unwrap()
            .iter()
            .filter_map(|i| records::trash_key(i).map(str::to_string))
            .collect()
    }
}

fn audio(key: &str, title: &str) -> NewAudio {
    NewAudio {
        key: key.into(),
        title: title.into(),
        duration_seconds: Some(61.5),
        mime: "audio/mpeg".into(),
        size: 16,
    }
}

fn ana() -> User {
    User {
        owner: "https://issuer.test#ana".into(),
        email: Some("ana@example.com".into()),
    }
}

fn bo() -> User {
    User {
        owner: "https://issuer.test#bo".into(),
        email: None,
    }
}

fn numbers(tracks: &[Track]) -> Vec<(String, u32)> {
    tracks
        .iter()
        .map(|t| {
            let n = match t.kind {
                TrackKind::AlbumTrack { number, .. } => number,
                TrackKind::Single { position, .. } => position,
            };
            (t.title.clone(), n)
        })
        .collect()
}

#[tokio::test]
async fn edits_on_a_version_read_meanwhile_changed_are_refused() {
    let b = Bench::new().await;
    let artist = b.artist(&ana(), "Nadia Lumen").await;
    assert_eq!(trogs::catalog::edit::version_of(&artist.trogs), 1);

    let patch = |bio: &str, version| ArtistPatch {
        bio: Some(bio.into()),
        version,
        ..ArtistPatch::default()
    };
    let change = b
        .editor
        .update_artist(&ana(), &artist.id, patch("first", Some(1)))
        .await
        .unwrap();
    assert_eq!(trogs::catalog::edit::version_of(&change.value.trogs), 2);
    assert_eq!(change.pages, vec![Page::Artist(artist.id.clone())]);
    assert_eq!(change.rows[0].version, Some(2));

    // A second tab still holds version 1.
    let stale = b
        .editor
        .update_artist(&ana(), &artist.id, patch("second", Some(1)))
        .await
        .unwrap_err();
    assert_eq!(stale, EditError::VersionConflict);
    assert_eq!(stale.code(), "version-conflict");
    let Some(Entity::Artist(stored)) = b.stored(&artist.id).await else {
        panic!("the artist is gone")
    };
    assert_eq!(
        stored.bio.as_deref(),
        Some("first"),
        "the first edit is kept"
    );

    // Input rules answer before anything is read or written.
    let empty = b
        .editor
        .create_album(&ana(), &artist.id, AlbumInput::default())
        .await
        .unwrap_err();
    assert_eq!(empty.code(), "title-required");
    assert_eq!(empty.to_string(), "the title is empty; give it one");
    let bad_date = b
        .editor
        .create_album(
            &ana(),
            &artist.id,
            AlbumInput {
                title: "Later".into(),
                release_date: Some("2024-02-30".into()),
                ..AlbumInput::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(bad_date.code(), "bad-date");
}

#[tokio::test]
async fn a_name_that_looks_like_another_artists_is_refused() {
    let b = Bench::new().await;
    let koji = b.artist(&ana(), "Kōji Mori").await;

    for (name, code) in [
        ("Koji Mori", "name-looks-taken"),
        ("KOJI MORI", "name-looks-taken"),
        ("Kōji Mori", "name-taken"),
    ] {
        let e = b
            .editor
            .create_artist(
                &bo(),
                ArtistInput {
                    name: name.into(),
                    bio: None,
                },
            )
            .await
            .unwrap_err();
        assert_eq!(e.code(), code, "{name}: {e}");
        assert!(e.to_string().contains("Kōji Mori"), "{e}");
    }

    // Renaming onto it is refused too; the artist's own name may change case.
    let other = b.artist(&bo(), "Sora Hale").await;
    let onto = b
        .editor
        .update_artist(
            &bo(),
            &other.id,
            ArtistPatch {
                name: Some("Koji Mori".into()),
                ..ArtistPatch::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(onto.code(), "name-looks-taken");
    let recased = b
        .editor
        .update_artist(
            &ana(),
            &koji.id,
            ArtistPatch {
                name: Some("KŌJI MORI".into()),
                ..ArtistPatch::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(recased.value.name, "KŌJI MORI");

    // A deleted artist's name is free again.
    let deleted = b.editor.delete_artist(&ana(), &koji.id).await.unwrap();
    assert!(deleted.pages.contains(&Page::Artist(koji.id.clone())));
    b.artist(&bo(), "Koji Mori").await;
}

#[tokio::test]
async fn tracks_move_within_their_album_and_stop_at_its_ends() {
    let b = Bench::new().await;
    let artist = b.artist(&ana(), "Moving Parts").await;
    let album = b.album(&ana(), &artist, "Order").await;
    let one = b.track(&ana(), &album, "One").await;
    b.track(&ana(), &album, "Two").await;
    let three = b.track(&ana(), &album, "Three").await;
    let tracks = b.editor.album_tracks(&album).await.unwrap();
    assert_eq!(
        numbers(&tracks),
        [("One".into(), 0), ("Two".into(), 1), ("Three".into(), 2)]
    );

    let moved = b
        .editor
        .move_track(&ana(), &three.id, Direction::Up)
        .await
        .unwrap();
    assert_eq!(moved.value.1, 1);
    assert_eq!(moved.pages.len(), 2, "both tracks' pages change");
    let tracks = b.editor.album_tracks(&album).await.unwrap();
    assert_eq!(
        numbers(&tracks),
        [("One".into(), 0), ("Three".into(), 1), ("Two".into(), 2)]
    );

    // The first cannot go further up: nothing is written.
    let stays = b
        .editor
        .move_track(&ana(), &one.id, Direction::Up)
        .await
        .unwrap();
    assert!(stays.pages.is_empty());
    assert_eq!(stays.value.1, 0);
}

#[tokio::test]
async fn at_most_three_tracks_are_featured_in_the_order_given() {
    let b = Bench::new().await;
    let artist = b.artist(&ana(), "Feature Four").await;
    let album = b.album(&ana(), &artist, "Four").await;
    let mut tracks = Vec::new();
    for title in ["A", "B", "C", "D"] {
        tracks.push(b.track(&ana(), &album, title).await);
    }
    for t in &tracks[..3] {
        let change = b.editor.set_featured(&ana(), &t.id, true).await.unwrap();
        assert!(change.pages.contains(&Page::Artist(artist.id.clone())));
    }
    let fourth = b
        .editor
        .set_featured(&ana(), &tracks[3].id, true)
        .await
        .unwrap_err();
    assert_eq!(fourth.code(), "too-many-featured");

    let order: Vec<String> = tracks[..3].iter().rev().map(|t| t.id.clone()).collect();
    let missing = b
        .editor
        .order_featured(&ana(), &artist.id, order[..2].to_vec())
        .await
        .unwrap_err();
    assert_eq!(missing.code(), "featured-order");
    let ordered = b
        .editor
        .order_featured(&ana(), &artist.id, order.clone())
        .await
        .unwrap();
    let sorts: Vec<(String, Option<String>)> = ordered
        .value
        .iter()
        .map(|t| (t.id.clone(), t.feature_sort.clone()))
        .collect();
    assert_eq!(
        sorts,
        vec![
            (order[0].clone(), Some("100".into())),
            (order[1].clone(), Some("101".into())),
            (order[2].clone(), Some("102".into())),
        ]
    );
    // As stored, read by key.
    for (id, sort) in sorts {
        let Some(Entity::Track(t)) = b.stored(&id).await else {
            panic!("{id} is gone")
        };
        assert_eq!(t.feature_sort, sort);
    }
}

#[tokio::test]
async fn deletes_take_media_through_the_trash_and_leave_nothing() {
    let b = Bench::new().await;
    let artist = b.artist(&ana(), "Gone Soon").await;
    let album = b.album(&ana(), &artist, "Ephemera").await;
    let kept = b.track(&ana(), &album, "Kept a while").await;
    let single = b.track(&ana(), &album, "Goes first").await;

    // A track's original goes with it.
    let file = b.media_file(&single.audio_url);
    assert!(file.exists());
    let change = b.editor.delete_track(&ana(), &single.id).await.unwrap();
    assert_eq!(change.pages, vec![Page::Track(single.id.clone())]);
    assert_eq!(change.rows[0].version, None, "the row must be gone");
    assert!(b.stored(&single.id).await.is_none());
    assert!(!file.exists());
    assert!(b.trash().await.is_empty());

    // With the media store down, the object stays listed in the trash,
    // and emptying the trash later removes it.
    b.media_down.store(true, Ordering::SeqCst);
    let file = b.media_file(&kept.audio_url);
    let change = b.editor.delete_album(&ana(), &album.id).await.unwrap();
    for page in [Page::Album(album.id.clone()), Page::Track(kept.id.clone())] {
        assert!(
            change.pages.contains(&page),
            "{page:?} in {:?}",
            change.pages
        );
    }
    assert!(b.stored(&kept.id).await.is_none());
    assert!(file.exists());
    assert_eq!(b.trash().await, vec![kept.audio_url.clone()]);
    assert_eq!(b.editor.empty_trash().await.unwrap(), 0, "still down");
    b.media_down.store(false, Ordering::SeqCst);
    assert_eq!(b.editor.empty_trash().await.unwrap(), 1);
    assert!(!file.exists());
    assert!(b.trash().await.is_empty());
    let gone = b.editor.album(&ana(), &album.id).await.unwrap_err();
    assert_eq!(gone.code(), "not-found");

    // The artist goes with their name's claim and leaves no job behind.
    let deleted = b.editor.delete_artist(&ana(), &artist.id).await.unwrap();
    assert!(deleted.pages.contains(&Page::Artist(artist.id.clone())));
    assert!(b.stored(&artist.id).await.is_none());
    assert!(b.editor.delete_jobs().await.unwrap().is_empty());
    let claim = trogs::catalog::names::claim_key("Gone Soon");
    assert!(b.editor.store.get(claim).await.unwrap().is_none());
}

#[tokio::test]
async fn an_interrupted_rename_is_finished_by_the_next_process() {
    let b = Bench::new().await;
    let artist = b.artist(&ana(), "Old Name").await;
    let album = b.album(&ana(), &artist, "Carried").await;
    let track = b.track(&ana(), &album, "Along").await;

    // What a rename leaves when its process stops right after its first
    // transaction: the artist renamed and the job remembered, the copies
    // of the name on the album and its tracks not yet rewritten.
    let mut renamed = artist.clone();
    renamed.name = "New Name".into();
    b.editor
        .store
        .transact(vec![
            Write::Put {
                item: records::rename_job(&artist.id),
                condition: None,
            },
            Write::Put {
                item: renamed.to_item(),
                condition: None,
            },
        ])
        .await
        .unwrap();

    let pages = b.editor.resume_renames().await.unwrap();
    assert_eq!(pages, vec![Page::Artist(artist.id.clone())]);
    let Some(Entity::Track(t)) = b.stored(&track.id).await else {
        panic!("the track is gone")
    };
    assert_eq!(t.artist_name.as_deref(), Some("New Name"));
    let (a, _) = b.editor.album(&ana(), &album.id).await.unwrap();
    assert_eq!(a.artist_name.as_deref(), Some("New Name"));
    let job = Key::new(records::RENAME_JOBS, &artist.id);
    assert!(b.editor.store.get(job).await.unwrap().is_none());
    assert!(b.editor.resume_renames().await.unwrap().is_empty());
}

#[tokio::test]
async fn another_owner_finds_nothing_and_changes_nothing() {
    let b = Bench::new().await;
    let artist = b.artist(&ana(), "Private Room").await;
    let album = b.album(&ana(), &artist, "Mine").await;
    let track = b.track(&ana(), &album, "Also mine").await;
    let e = &b.editor;

    let refused = [
        e.artist(&bo(), &artist.id).await.map(|_| ()).unwrap_err(),
        e.album(&bo(), &album.id).await.map(|_| ()).unwrap_err(),
        e.track(&bo(), &track.id).await.map(|_| ()).unwrap_err(),
        e.update_track(
            &bo(),
            &track.id,
            TrackPatch {
                title: Some("Taken".into()),
                ..TrackPatch::default()
            },
        )
        .await
        .map(|_| ())
        .unwrap_err(),
        e.move_track(&bo(), &track.id, Direction::Down)
            .await
            .map(|_| ())
            .unwrap_err(),
        e.set_featured(&bo(), &track.id, true)
            .await
            .map(|_| ())
            .unwrap_err(),
        e.delete_track(&bo(), &track.id).await.unwrap_err(),
        e.delete_album(&bo(), &album.id).await.unwrap_err(),
        e.delete_artist(&bo(), &artist.id).await.unwrap_err(),
        e.add_album_track(&bo(), &album.id, audio("x/y.mp3", "Sneaked in"))
            .await
            .map(|_| ())
            .unwrap_err(),
    ];
    for r in &refused {
        assert_eq!(r.code(), "not-found", "{r}");
    }
    let Some(Entity::Track(t)) = b.stored(&track.id).await else {
        panic!("the track is gone")
    };
    assert_eq!(t.title, "Also mine");
    assert_eq!(b.editor.album_tracks(&album).await.unwrap().len(), 1);

    // The original site's rows are owned by the verified email.
    let mut original = artist.clone();
    original.id = "originalrow00001".into();
    original.owner = Some("ana@example.com".into());
    original.trogs.version = None;
    b.editor.store.put(original.to_item(), None).await.unwrap();
    assert!(e.artist(&ana(), &original.id).await.is_ok());
    assert_eq!(
        e.artist(&bo(), &original.id).await.unwrap_err().code(),
        "not-found"
    );
    let mine: Vec<String> = e
        .my_artists(&ana())
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert!(
        mine.contains(&original.id) && mine.contains(&artist.id),
        "{mine:?}"
    );
    assert!(matches!(
        b.editor
            .store
            .get(Key::same(&original.id))
            .await
            .unwrap()
            .unwrap()
            .get("Owner"),
        Some(AttributeValue::S(_))
    ));
}
