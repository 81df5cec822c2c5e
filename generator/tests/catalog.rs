//! Entities to items and back, and the order the page queries return.

mod common;

use trogs::catalog::model::{Album, Artist, Entity, Track, TrackKind, Written};
use trogs::catalog::{from_item, queries};
use trogs::store::{AttributeValue, Item, get_s};

fn artist() -> Artist {
    Artist {
        id: "a000000000000001".into(),
        name: "Ásta".into(),
        owner: Some("auth0|1".into()),
        normalized_name: Some("asta".into()),
        bio: Some("Bio ✓".into()),
        image_url: Some("art/asta-a000000000000001/asta.jpg".into()),
        created_date: Some("2020-01-01T00:00:00Z".into()),
        trogs: Default::default(),
        extra: Item::from([(
            "Website".to_string(),
            AttributeValue::s("https://asta.example"),
        )]),
    }
}

fn album(position: u32) -> Album {
    Album {
        id: format!("b00000000000000{position}"),
        artist_id: "a000000000000001".into(),
        title: format!("Album {position}"),
        artist_name: Some("Ásta".into()),
        release_date: Some("2021-05-01".into()),
        description: Some("Desc".into()),
        license: Some("by-sa".into()),
        image_url: Some(String::new()),
        position,
        trogs: {
            let mut w = Written::default();
            w.version = Some(4);
            w
        },
        extra: Item::new(),
    }
}

fn album_track(number: u32, album_id: &str, feature: Option<&str>) -> Track {
    Track {
        id: format!("t{album_id}{number:02}")
            .chars()
            .take(16)
            .collect::<String>()
            + &format!("{number:02}"),
        title: format!("Track {number}"),
        audio_url: "https://s3-eu-west-1.amazonaws.com/bucket/art/x.mp3".into(),
        artist_id: "a000000000000001".into(),
        artist_name: Some("Ásta".into()),
        license: None,
        featured: Some(feature.is_some()),
        feature_sort: feature.map(String::from),
        kind: TrackKind::AlbumTrack {
            album_id: album_id.into(),
            album_title: Some("Album".into()),
            number,
        },
        trogs: Default::default(),
        extra: Item::new(),
    }
}

fn single(position: u32, featured: Option<&str>) -> Track {
    Track {
        id: format!("s00000000000000{position}"),
        title: format!("Single {position}"),
        audio_url: "art/asta/single.ogg".into(),
        artist_id: "a000000000000001".into(),
        artist_name: Some("Ásta".into()),
        license: Some("by".into()),
        featured: Some(featured.is_some()),
        feature_sort: featured.map(String::from),
        kind: TrackKind::Single {
            position,
            release_date: Some("2024-02-02".into()),
        },
        trogs: {
            let mut w = Written::default();
            w.audio.duration = Some(183.0);
            w
        },
        extra: Item::new(),
    }
}

#[test]
fn every_entity_round_trips_through_its_item() {
    let entities = [
        Entity::Artist(artist()),
        Entity::Album(album(1)),
        Entity::Track(album_track(1, "b000000000000001", None)),
        Entity::Track(album_track(2, "b000000000000001", Some("101"))),
        Entity::Track(single(1, None)),
        Entity::Track(single(2, Some("100"))),
    ];
    for e in entities {
        let item = e.to_item();
        let back = from_item(&item).unwrap();
        assert_eq!(back, e);
        assert_eq!(back.to_item(), item, "the item survives unchanged");
    }
}

#[test]
fn items_follow_the_table_layout() {
    let a = artist().to_item();
    assert_eq!(get_s(&a, "AA_PK"), Some("ARTISTS"));
    assert_eq!(get_s(&a, "AA_SK"), Some("Ásta"));
    assert_eq!(get_s(&a, "AC_SK"), Some("000"));
    let al = album(7).to_item();
    assert_eq!(
        (get_s(&al, "PK"), get_s(&al, "SK")),
        (Some("a000000000000001"), Some("b000000000000007"))
    );
    assert_eq!(
        (get_s(&al, "AA_PK"), get_s(&al, "AA_SK")),
        (Some("b000000000000007"), Some("000"))
    );
    assert_eq!(get_s(&al, "AC_SK"), Some("207"));
    assert_eq!(get_s(&album(0).to_item(), "AC_SK"), Some("200"));
    let t = album_track(3, "b000000000000007", None).to_item();
    assert_eq!(get_s(&t, "AA_SK"), Some("103"));
    let first = album_track(0, "b000000000000007", None).to_item();
    assert_eq!(
        get_s(&first, "AA_SK"),
        Some("100"),
        "the first track is 100"
    );
    assert!(
        !t.contains_key("AC_PK"),
        "a track not featured is not in the artist's partition"
    );
    let f = album_track(4, "b000000000000007", Some("101")).to_item();
    assert_eq!(
        (get_s(&f, "AC_PK"), get_s(&f, "AC_SK")),
        (Some("a000000000000001"), Some("101"))
    );
    assert_eq!(
        f.get("FeatureSort"),
        Some(&AttributeValue::s("101")),
        "FeatureSort is written as a string, as the original did"
    );
    assert_eq!(f.get("Featured"), Some(&AttributeValue::Bool(true)));
    let s = single(5, None).to_item();
    assert_eq!(get_s(&s, "AC_SK"), Some("305"));
    assert_eq!(get_s(&single(0, None).to_item(), "AC_SK"), Some("300"));
    let fs = single(0, Some("102")).to_item();
    assert_eq!(
        get_s(&fs, "AC_SK"),
        Some("300"),
        "a featured single keeps its 3nn"
    );
    assert!(!s.contains_key("AA_PK"));
}

#[test]
fn items_that_break_the_layout_are_refused_with_their_key() {
    let mut bad = album(1).to_item();
    bad.insert("AC_SK".into(), AttributeValue::s("9x"));
    let err = from_item(&bad).unwrap_err().to_string();
    assert!(
        err.contains("b000000000000001") && err.contains("AC_SK"),
        "{err}"
    );
    let mut bad = artist().to_item();
    bad.insert("PK".into(), AttributeValue::s("../../etc"));
    let err = from_item(&bad).unwrap_err().to_string();
    assert!(err.contains("not a valid id"), "{err}");
    let mut bad = single(1, None).to_item();
    bad.remove("TrackTitle");
    assert!(
        from_item(&bad)
            .unwrap_err()
            .to_string()
            .contains("TrackTitle is missing")
    );
}

#[tokio::test]
async fn sort_keys_keep_the_order_of_artist_and_album_pages() {
    let f = common::Fixture::empty();
    // Written out of order on purpose.
    let mut items = vec![
        single(2, None).to_item(),
        album(2).to_item(),
        album_track(3, "b000000000000001", Some("100")).to_item(),
        single(1, Some("102")).to_item(),
        album_track(1, "b000000000000001", None).to_item(),
        album(1).to_item(),
        album_track(2, "b000000000000001", Some("101")).to_item(),
        artist().to_item(),
        album_track(10, "b000000000000001", None).to_item(),
    ];
    items.reverse();
    f.store.put_all(items).await.unwrap();

    let artist_page = queries::artist_content(&f.store, "a000000000000001")
        .await
        .unwrap()
        .value
        .unwrap();
    assert_eq!(artist_page.artist.name, "Ásta");
    let titles = |ts: &[Track]| ts.iter().map(|t| t.title.clone()).collect::<Vec<_>>();
    assert_eq!(
        titles(&artist_page.featured),
        ["Track 3", "Track 2", "Single 1"]
    );
    assert_eq!(
        artist_page
            .albums
            .iter()
            .map(|a| a.position)
            .collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(titles(&artist_page.singles), ["Single 1", "Single 2"]);

    let album_page = queries::album_content(&f.store, "b000000000000001")
        .await
        .unwrap()
        .value
        .unwrap();
    assert_eq!(album_page.album.title, "Album 1");
    assert_eq!(
        titles(&album_page.tracks),
        ["Track 1", "Track 2", "Track 3", "Track 10"]
    );

    let home = queries::artists(&f.store).await.unwrap().value;
    assert_eq!(home.len(), 1);
}
