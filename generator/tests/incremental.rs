//! `build --changed`: each kind of change re-renders exactly the pages its
//! rule names, and the result is what a full build would have made.

mod common;

use std::collections::BTreeSet;

use common::Fixture;
use trogs::catalog::model::{Track, TrackKind};
use trogs::catalog::queries::{self, ArtistContent};
use trogs::site::{PageRef, Site};
use trogs::store::{AttributeValue, Condition, Key, Update, Write};

fn set(paths: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    paths.into_iter().collect()
}

/// Pages with the files published beside them (an album's playlist; an
/// artist's playlist and feeds), which go when their page goes.
fn with_companions(pages: Vec<String>) -> Vec<String> {
    pages
        .into_iter()
        .flat_map(|p| {
            let mut all = PageRef::from_path(&p).unwrap().companions();
            all.push(p);
            all
        })
        .collect()
}

fn track_pages(tracks: &[Track]) -> Vec<String> {
    tracks
        .iter()
        .map(|t| format!("track/{}.html", t.id))
        .collect()
}

struct World {
    f: Fixture,
    artist: ArtistContent,
}

/// The demo, fully built; the artist with two albums and a single.
async fn world() -> World {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    let artists = queries::artists(&f.store).await.unwrap().value;
    let asta = artists.iter().find(|a| a.name.starts_with("Ásta")).unwrap();
    let artist = queries::artist_content(&f.store, &asta.id)
        .await
        .unwrap()
        .value
        .unwrap();
    assert_eq!(artist.albums.len(), 2);
    assert_eq!(artist.singles.len(), 1);
    World { f, artist }
}

impl World {
    async fn album_tracks(&self, album: usize) -> Vec<Track> {
        let id = &self.artist.albums[album].id;
        queries::album_content(&self.f.store, id)
            .await
            .unwrap()
            .value
            .unwrap()
            .tracks
    }

    async fn build(&self, spec: &str) -> trogs::site::Report {
        self.f
            .site
            .build_changed(&Site::parse_changes(spec).unwrap())
            .await
            .unwrap()
    }

    /// A full build after an incremental one must find nothing to write.
    async fn assert_same_as_full_build(&self) {
        let full = self.f.site.build_all().await.unwrap();
        // Assets include sitemap.xml and robots.txt, which incremental
        // builds keep up to date too.
        assert_eq!(
            (
                full.written,
                full.assets_written,
                full.feeds_written,
                full.removed.len()
            ),
            (0, 0, 0, 0),
            "the incremental build differs from a full one: {full}"
        );
    }

    fn artist_page(&self) -> String {
        format!("artist/{}.html", self.artist.artist.id)
    }

    fn album_page(&self, n: usize) -> String {
        format!("album/{}.html", self.artist.albums[n].id)
    }
}

#[tokio::test]
async fn an_artist_change_renders_home_the_artist_and_all_their_album_and_track_pages() {
    let w = world().await;
    let id = &w.artist.artist.id;
    w.f.store
        .update(
            Key::same(id),
            vec![Update::Set("Bio".into(), AttributeValue::s("A new bio."))],
            None,
        )
        .await
        .unwrap();
    let report = w.build(&format!("artist:{id}")).await;
    let mut want = vec![
        "index.html".to_string(),
        w.artist_page(),
        w.album_page(0),
        w.album_page(1),
    ];
    want.extend(track_pages(&w.album_tracks(0).await));
    want.extend(track_pages(&w.album_tracks(1).await));
    want.extend(track_pages(&w.artist.singles));
    assert_eq!(set(report.rendered.clone()), set(want));
    assert_eq!(report.written, 1, "only the artist page shows the bio");
    assert!(w.f.page(&w.artist_page()).contains("A new bio."));
    w.assert_same_as_full_build().await;
}

#[tokio::test]
async fn an_album_change_renders_its_page_its_tracks_and_the_artist_page() {
    let w = world().await;
    let album = &w.artist.albums[1];
    w.f.store
        .update(
            Key::new(&album.artist_id, &album.id),
            vec![Update::Set(
                "AlbumTitle".into(),
                AttributeValue::s("Renamed"),
            )],
            None,
        )
        .await
        .unwrap();
    let report = w.build(&format!("album:{}", album.id)).await;
    let mut want = vec![w.album_page(1), w.artist_page()];
    want.extend(track_pages(&w.album_tracks(1).await));
    assert_eq!(set(report.rendered.clone()), set(want));
    assert_eq!(
        report.queries, 2,
        "one query for the album, one for the artist"
    );
    assert!(w.f.page(&w.album_page(1)).contains("Renamed"));
    assert!(w.f.page(&w.artist_page()).contains("Renamed"));
    w.assert_same_as_full_build().await;
}

#[tokio::test]
async fn a_track_change_renders_its_page_its_album_and_the_artist_page_only_when_it_shows_there() {
    let w = world().await;
    let tracks = w.album_tracks(0).await;
    let plain = tracks.iter().find(|t| !t.is_featured()).unwrap();
    let report = w.build(&format!("track:{}", plain.id)).await;
    assert_eq!(
        set(report.rendered),
        set([format!("track/{}.html", plain.id), w.album_page(0)])
    );

    let featured = tracks.iter().find(|t| t.is_featured()).unwrap();
    let report = w.build(&format!("track:{}", featured.id)).await;
    assert_eq!(
        set(report.rendered),
        set([
            format!("track/{}.html", featured.id),
            w.album_page(0),
            w.artist_page()
        ])
    );

    let single = &w.artist.singles[0];
    let report = w.build(&format!("track:{}", single.id)).await;
    assert_eq!(
        set(report.rendered),
        set([format!("track/{}.html", single.id), w.artist_page()])
    );
    assert_eq!(report.written, 0);
}

#[tokio::test]
async fn a_track_no_longer_featured_leaves_the_artist_page() {
    let w = world().await;
    let featured = w
        .artist
        .featured
        .iter()
        .find(|t| !t.is_single())
        .unwrap()
        .clone();
    assert!(
        w.f.page(&w.artist_page())
            .contains(&format!("/track/{}", featured.id))
    );
    let mut t = featured.clone();
    t.featured = Some(false);
    t.feature_sort = None;
    w.f.store
        .put(t.to_item(), Some(Condition::Exists))
        .await
        .unwrap();
    let report = w.build(&format!("track:{}", featured.id)).await;
    let album_page = format!("album/{}.html", featured.album_id().unwrap());
    assert_eq!(
        set(report.rendered),
        set([
            format!("track/{}.html", featured.id),
            album_page,
            w.artist_page()
        ])
    );
    let artist_html = w.f.page(&w.artist_page());
    assert!(
        !artist_html.contains(&format!("/track/{}", featured.id)),
        "the artist page still lists it"
    );
    w.assert_same_as_full_build().await;
}

#[tokio::test]
async fn deleting_a_track_removes_its_page_and_renders_its_parents() {
    let w = world().await;
    let tracks = w.album_tracks(0).await;
    let featured = tracks.iter().find(|t| t.is_featured()).unwrap();
    w.f.store
        .delete(Key::same(&featured.id), None)
        .await
        .unwrap();
    let report = w.build(&format!("track:{}", featured.id)).await;
    let page = format!("track/{}.html", featured.id);
    assert_eq!(
        set(report.removed),
        set(with_companions(vec![page.clone()]))
    );
    assert!(!w.f.exists(&page));
    // The tracks after it move up one place, and their pages say so; the
    // tracks before it keep their pages as they were.
    let at = tracks.iter().position(|t| t.id == featured.id).unwrap();
    assert!(
        at + 1 < tracks.len(),
        "the demo's featured track is not its album's last"
    );
    let mut want = vec![w.album_page(0), w.artist_page()];
    want.extend(
        tracks[at + 1..]
            .iter()
            .map(|t| format!("track/{}.html", t.id)),
    );
    assert_eq!(set(report.rendered), set(want));
    assert!(!w.f.page(&w.album_page(0)).contains(&featured.id));
    for (i, t) in tracks.iter().filter(|t| t.id != featured.id).enumerate() {
        let html = w.f.page(&format!("track/{}.html", t.id));
        assert!(
            html.contains(&format!(">Track {} on <", i + 1)),
            "track {} of the album does not say so on its page",
            i + 1
        );
    }
    w.assert_same_as_full_build().await;

    let single = &w.artist.singles[0];
    w.f.store.delete(Key::same(&single.id), None).await.unwrap();
    let report = w.build(&format!("track:{}", single.id)).await;
    assert_eq!(
        set(report.removed),
        set(with_companions(vec![format!("track/{}.html", single.id)]))
    );
    assert_eq!(set(report.rendered), set([w.artist_page()]));
    w.assert_same_as_full_build().await;
}

#[tokio::test]
async fn deleting_an_album_removes_it_and_its_track_pages() {
    let w = world().await;
    let album = &w.artist.albums[0];
    let tracks = w.album_tracks(0).await;
    let mut writes = vec![Write::Delete {
        key: Key::new(&album.artist_id, &album.id),
        condition: Some(Condition::Exists),
    }];
    writes.extend(tracks.iter().map(|t| Write::Delete {
        key: Key::same(&t.id),
        condition: None,
    }));
    w.f.store.transact(writes).await.unwrap();
    let report = w.build(&format!("album:{}", album.id)).await;
    let mut removed = track_pages(&tracks);
    removed.push(w.album_page(0));
    let removed = with_companions(removed);
    assert!(removed.contains(&format!("album/{}.m3u", album.id)));
    assert_eq!(set(report.removed.clone()), set(removed.clone()));
    assert_eq!(set(report.rendered), set([w.artist_page()]));
    for page in removed {
        assert!(!w.f.exists(&page), "{page}");
    }
    w.assert_same_as_full_build().await;
}

#[tokio::test]
async fn deleting_an_artist_removes_everything_of_theirs_and_renders_home() {
    let w = world().await;
    let a = &w.artist;
    let mut keys = vec![Key::same(&a.artist.id)];
    let mut removed = vec![w.artist_page(), w.album_page(0), w.album_page(1)];
    for (n, album) in a.albums.iter().enumerate() {
        keys.push(Key::new(&album.artist_id, &album.id));
        let tracks = w.album_tracks(n).await;
        removed.extend(track_pages(&tracks));
        keys.extend(tracks.iter().map(|t| Key::same(&t.id)));
    }
    removed.extend(track_pages(&a.singles));
    keys.extend(a.singles.iter().map(|t| Key::same(&t.id)));
    for key in keys {
        w.f.store.delete(key, None).await.unwrap();
    }
    let report = w.build(&format!("artist:{}", a.artist.id)).await;
    let removed = with_companions(removed);
    for gone in &removed {
        assert!(!w.f.exists(gone), "{gone}");
    }
    assert_eq!(set(report.removed.clone()), set(removed));
    assert_eq!(set(report.rendered), set(["index.html".to_string()]));
    assert!(!w.f.page("index.html").contains("Ásta"));
    w.assert_same_as_full_build().await;
}

#[tokio::test]
async fn changes_are_parsed_strictly() {
    assert_eq!(
        Site::parse_changes("artist:abc, album:def,track:ghi").unwrap(),
        vec![
            PageRef::Artist("abc".into()),
            PageRef::Album("def".into()),
            PageRef::Track("ghi".into())
        ]
    );
    for bad in ["label:x", "artist:", "track:../x", "home"] {
        let err = Site::parse_changes(bad).unwrap_err().to_string();
        assert!(err.contains("artist:ID"), "{bad}: {err}");
    }
}

/// A track that moves to another album while its old album is deleted
/// keeps its page: the deletion checks the old album's children against the
/// catalog before removing any of them.
#[tokio::test]
async fn a_track_that_moves_away_from_a_deleted_album_keeps_its_page() {
    let w = world().await;
    let (old, new) = (&w.artist.albums[0], &w.artist.albums[1]);
    let old_tracks = w.album_tracks(0).await;
    let new_tracks = w.album_tracks(1).await;
    let mut moved = old_tracks[0].clone();
    moved.kind = TrackKind::AlbumTrack {
        album_id: new.id.clone(),
        album_title: Some(new.title.clone()),
        number: new_tracks.len() as u32,
    };
    moved.featured = None;
    moved.feature_sort = None;
    let mut writes = vec![
        Write::Put {
            item: moved.to_item(),
            condition: Some(Condition::Exists),
        },
        Write::Delete {
            key: Key::new(&old.artist_id, &old.id),
            condition: Some(Condition::Exists),
        },
    ];
    writes.extend(old_tracks[1..].iter().map(|t| Write::Delete {
        key: Key::same(&t.id),
        condition: None,
    }));
    w.f.store.transact(writes).await.unwrap();

    let report = w
        .build(&format!(
            "album:{},album:{},track:{}",
            old.id, new.id, moved.id
        ))
        .await;
    let moved_page = format!("track/{}.html", moved.id);
    let mut removed = track_pages(&old_tracks[1..]);
    removed.push(w.album_page(0));
    assert_eq!(set(report.removed.clone()), set(with_companions(removed)));
    assert!(w.f.exists(&moved_page), "the moved track lost its page");
    assert!(
        w.f.page(&moved_page)
            .contains(&format!("/album/{}", new.id))
    );
    assert!(
        w.f.page(&w.album_page(1))
            .contains(&format!("/track/{}", moved.id))
    );
    w.assert_same_as_full_build().await;
}

/// An album track becomes a single, and then an album track again; a new
/// single appears. Each change renders what it touches, and a full build
/// afterwards finds nothing to do.
#[tokio::test]
async fn tracks_change_kind_and_new_ones_appear() {
    let w = world().await;
    let tracks = w.album_tracks(0).await;
    let original = tracks.iter().find(|t| !t.is_featured()).unwrap().clone();
    let page = format!("track/{}.html", original.id);

    let mut single = original.clone();
    single.kind = TrackKind::Single {
        position: 50,
        release_date: Some("2024-05-01".into()),
    };
    w.f.store.put(single.to_item(), None).await.unwrap();
    let report = w.build(&format!("track:{}", original.id)).await;
    assert!(report.rendered.contains(&w.artist_page()), "{report}");
    assert!(report.rendered.contains(&w.album_page(0)), "{report}");
    assert!(w.f.exists(&page));
    assert!(
        !w.f.page(&w.album_page(0))
            .contains(&format!("/track/{}", original.id)),
        "the album still lists the single"
    );
    assert!(
        w.f.page(&w.artist_page())
            .contains(&format!("/track/{}", original.id))
    );
    w.assert_same_as_full_build().await;

    w.f.store.put(original.to_item(), None).await.unwrap();
    let report = w.build(&format!("track:{}", original.id)).await;
    assert!(report.rendered.contains(&w.artist_page()), "{report}");
    assert!(
        w.f.page(&w.album_page(0))
            .contains(&format!("/track/{}", original.id))
    );
    assert!(
        !w.f.page(&w.artist_page())
            .contains(&format!("/track/{}", original.id)),
        "the artist page still lists it as a single"
    );
    w.assert_same_as_full_build().await;

    let mut fresh = w.artist.singles[0].clone();
    fresh.id = "newsingle000001a".into();
    fresh.title = "Brand New Single".into();
    fresh.kind = TrackKind::Single {
        position: 60,
        release_date: Some("2025-01-01".into()),
    };
    fresh.featured = None;
    fresh.feature_sort = None;
    w.f.store
        .put(fresh.to_item(), Some(Condition::NotExists))
        .await
        .unwrap();
    let report = w.build("track:newsingle000001a").await;
    assert_eq!(
        set(report.rendered),
        set(["track/newsingle000001a.html".to_string(), w.artist_page()])
    );
    assert!(
        w.f.page("track/newsingle000001a.html")
            .contains("Brand New Single")
    );
    assert!(w.f.page(&w.artist_page()).contains("Brand New Single"));
    w.assert_same_as_full_build().await;
}
