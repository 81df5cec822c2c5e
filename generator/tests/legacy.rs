//! Rows as the original site wrote them (and as older rows hold them): read
//! leniently, ordered as the original orders them, and never allowed to put
//! one artist's rows on another artist's page.

mod common;

use std::path::Path;
use std::process::Output;

use serde_json::json;
use trogs::catalog::model::{Entity, FIRST_FEATURE_SORT, Track, next_feature_sort};
use trogs::catalog::{ItemError, from_item, queries};
use trogs::store::{Item, json as dynamo_json};

use common::original::{ASTA, BJORN, OTHER_ALBUM, SHARED, scan};

fn items() -> Vec<Item> {
    dynamo_json::parse(&scan()).unwrap()
}

fn by_pk(pk: &str, sk: &str) -> Item {
    items()
        .into_iter()
        .find(|i| {
            trogs::store::get_s(i, "PK") == Some(pk) && trogs::store::get_s(i, "SK") == Some(sk)
        })
        .unwrap()
}

/// Sets attributes given in DynamoDB JSON on an item.
fn set(item: &mut Item, attrs: serde_json::Value) {
    let mut attrs = attrs;
    attrs["PK"] = json!({"S": "x"});
    attrs["SK"] = json!({"S": "x"});
    let mut parsed = dynamo_json::parse(&json!({ "Items": [attrs] }).to_string())
        .unwrap()
        .remove(0);
    parsed.remove("PK");
    parsed.remove("SK");
    item.extend(parsed);
}

fn track(id: &str) -> Track {
    match from_item(&by_pk(id, id)).unwrap() {
        Entity::Track(t) => t,
        e => panic!("{id} read as {e:?}"),
    }
}

fn titles(tracks: &[Track]) -> Vec<&str> {
    tracks.iter().map(|t| t.title.as_str()).collect()
}

fn conflicts(skipped: &[ItemError]) -> Vec<String> {
    skipped
        .iter()
        .filter(|e| matches!(e, ItemError::Conflict(_)))
        .map(ToString::to_string)
        .collect()
}

#[test]
fn legacy_values_are_read_leniently() {
    // Featured as BOOL false, with nothing in the artist's partition.
    let t1 = track("trk0000000000001");
    assert_eq!(t1.featured, Some(false));
    assert!(!t1.is_featured());
    assert_eq!(t1.feature_sort, None);

    // Featured inferred from AC_SK = 1nn; ArtistID from AC_PK; the AC_SK
    // orders it when there is no FeatureSort.
    let t2 = track("trk0000000000002");
    assert!(t2.is_featured());
    assert_eq!(t2.artist_id, ASTA);
    assert_eq!(t2.feature_sort.as_deref(), Some("102"));

    // Featured = S "True", FeatureSort = S "101".
    let t3 = track("trk0000000000003");
    assert!(t3.is_featured());
    assert_eq!(t3.feature_sort.as_deref(), Some("101"));
    assert_eq!(
        t3.kind,
        trogs::catalog::TrackKind::AlbumTrack {
            album_id: SHARED.into(),
            album_title: Some("Hvítá".into()),
            number: 2,
        },
        "AA_SK 102 is the third track: positions count from 100"
    );

    // Featured = S "1", FeatureSort = N 100 (its text is read).
    let s1 = track("sgl0000000000001");
    assert!(s1.is_featured());
    assert_eq!(s1.feature_sort.as_deref(), Some("100"));
    assert!(matches!(
        s1.kind,
        trogs::catalog::TrackKind::Single { position: 0, .. }
    ));
    assert!(!track("sgl0000000000002").is_featured(), "S \"false\"");

    for (value, expect) in [
        (json!({"S": "true"}), true),
        (json!({"S": "True"}), true),
        (json!({"S": "1"}), true),
        (json!({"N": "1"}), true),
        (json!({"BOOL": true}), true),
        (json!({"S": "false"}), false),
        (json!({"S": "0"}), false),
        (json!({"BOOL": false}), false),
    ] {
        let mut i = by_pk("sgl0000000000002", "sgl0000000000002");
        set(&mut i, json!({ "Featured": value }));
        let Entity::Track(t) = from_item(&i).unwrap() else {
            panic!()
        };
        assert_eq!(t.is_featured(), expect, "Featured = {value}");
    }

    // ImageURL "" is no image.
    let Entity::Artist(a) = from_item(&by_pk(ASTA, ASTA)).unwrap() else {
        panic!()
    };
    assert_eq!(a.image_url.as_deref(), Some(""));
    assert_eq!(a.image(), None);
    let Entity::Album(al) = from_item(&by_pk(ASTA, OTHER_ALBUM)).unwrap() else {
        panic!()
    };
    assert_eq!(al.image(), None);
    assert_eq!(al.position, 1, "AC_SK 201 is the second album");
}

#[test]
fn writes_are_what_the_original_writes() {
    // A legacy featured track written back: Featured a BOOL, FeatureSort a
    // string, AC_SK its FeatureSort; attributes read stay as they were.
    let t3 = track("trk0000000000003");
    let out = Entity::Track(t3).to_item();
    let original = by_pk("trk0000000000003", "trk0000000000003");
    for name in [
        "PK",
        "SK",
        "AA_PK",
        "AA_SK",
        "AC_PK",
        "AC_SK",
        "FeatureSort",
        "TrackTitle",
        "AudioURL",
    ] {
        assert_eq!(out.get(name), original.get(name), "{name}");
    }
    assert_eq!(
        out.get("Featured"),
        Some(&trogs::store::AttributeValue::Bool(true))
    );

    // A number FeatureSort is written back as the string the original writes.
    let s1 = Entity::Track(track("sgl0000000000001")).to_item();
    assert_eq!(
        s1.get("FeatureSort"),
        Some(&trogs::store::AttributeValue::s("100"))
    );
    assert_eq!(trogs::store::get_s(&s1, "AC_SK"), Some("300"));

    // The next featured track gets the last one plus 1.
    assert_eq!(next_feature_sort([]), FIRST_FEATURE_SORT);
    assert_eq!(next_feature_sort(["100"]), "101");
    assert_eq!(next_feature_sort(["101", "100", "102"]), "103");
    assert_eq!(next_feature_sort(["109", "x"]), "110");
}

#[test]
fn featured_tracks_order_as_strings_then_by_id() {
    let mut t = track("trk0000000000003");
    let mut with = |id: &str, sort: Option<&str>| {
        t.id = id.into();
        t.feature_sort = sort.map(String::from);
        t.clone()
    };
    let mut tracks = [
        with("d", None),
        with("c", Some("99")),
        with("b", Some("100")),
        with("a", Some("100")),
        with("e", Some("101")),
    ];
    tracks.sort_by(Track::feature_order);
    let ids: Vec<&str> = tracks.iter().map(|t| t.id.as_str()).collect();
    // "99" > "101" as strings, as the original compares them.
    assert_eq!(ids, ["a", "b", "e", "c", "d"]);
}

async fn seeded() -> common::Fixture {
    let f = common::Fixture::empty();
    f.store.put_all(items()).await.unwrap();
    f
}

#[tokio::test]
async fn the_artist_page_orders_featured_tracks_as_the_original() {
    let f = seeded().await;
    let read = queries::artist_content(&f.store, ASTA).await.unwrap();
    let c = read.value.unwrap();
    assert_eq!(
        titles(&c.featured),
        ["Christmas in Akureyri", "Black Sand", "Fog"]
    );
    assert_eq!(titles(&c.singles), ["Christmas in Akureyri", "Midsummer"]);
    assert_eq!(
        c.albums.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        [SHARED, OTHER_ALBUM]
    );
    assert!(read.skipped.is_empty(), "{:?}", read.skipped);
}

#[tokio::test]
async fn a_shared_album_id_shows_one_owner_and_reports_the_other() {
    let f = seeded().await;
    let read = queries::album_content(&f.store, SHARED).await.unwrap();
    let c = read.value.unwrap();
    assert_eq!(c.album.artist_id, ASTA, "the artist id that sorts first");
    assert_eq!(c.album.title, "Hvítá");
    assert_eq!(titles(&c.tracks), ["Glacier Song", "Fog", "Black Sand"]);
    let warnings = conflicts(&read.skipped);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let album = warnings
        .iter()
        .find(|w| w.contains(&format!("PK=\"{BJORN}\" SK=\"{SHARED}\"")))
        .expect("the other album item is reported");
    assert!(
        album.contains(&format!("PK=\"{ASTA}\" SK=\"{SHARED}\"")),
        "{album}"
    );
    let track = warnings
        .iter()
        .find(|w| w.contains("trk000000000000b"))
        .expect("the other artist's track is reported");
    assert!(
        track.contains(&format!("PK=\"{ASTA}\" SK=\"{SHARED}\"")),
        "{track}"
    );

    // Björn's page lists his album item until it is checked against the
    // album page's owner; then it is left out, with both keys.
    let mut bjorn = queries::artist_content(&f.store, BJORN)
        .await
        .unwrap()
        .value
        .unwrap();
    assert_eq!(bjorn.albums.len(), 1);
    let lost = bjorn.keep_own_albums(|id| (id == SHARED).then_some(ASTA));
    assert!(bjorn.albums.is_empty());
    assert_eq!(lost.len(), 1);
    let lost = lost[0].to_string();
    assert!(
        lost.contains(BJORN) && lost.contains(ASTA) && lost.contains(SHARED),
        "{lost}"
    );
    // Ásta keeps hers.
    let mut asta = queries::artist_content(&f.store, ASTA)
        .await
        .unwrap()
        .value
        .unwrap();
    assert!(asta.keep_own_albums(|_| Some(ASTA)).is_empty());
    assert_eq!(asta.albums.len(), 2);
    assert_eq!(asta.featured.len(), 3);
}

#[tokio::test]
async fn an_artist_page_leaves_out_rows_of_another_artist() {
    let f = seeded().await;
    // A featured track of Björn's on Ásta's second album (Björn holds no
    // album with that id), placed in Björn's partition.
    let mut i = by_pk("trk000000000000b", "trk000000000000b");
    set(
        &mut i,
        json!({
            "AA_PK": {"S": OTHER_ALBUM},
            "AC_PK": {"S": BJORN}, "AC_SK": {"S": "100"},
            "Featured": {"BOOL": true}, "FeatureSort": {"S": "100"}
        }),
    );
    // And a single of Björn's that claims Ásta's partition.
    let mut s = by_pk("sgl000000000000b", "sgl000000000000b");
    s.insert("AC_PK".into(), trogs::store::AttributeValue::s(ASTA));
    s.insert("AC_SK".into(), trogs::store::AttributeValue::s("302"));
    f.store.put_all(vec![i, s]).await.unwrap();

    let read = queries::artist_content(&f.store, BJORN).await.unwrap();
    let bjorn = read.value.unwrap();
    assert!(bjorn.featured.is_empty(), "{:?}", titles(&bjorn.featured));
    let warnings = conflicts(&read.skipped);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("trk000000000000b") && w.contains(OTHER_ALBUM)),
        "{warnings:?}"
    );

    let read = queries::artist_content(&f.store, ASTA).await.unwrap();
    let asta = read.value.unwrap();
    assert_eq!(
        titles(&asta.singles),
        ["Christmas in Akureyri", "Midsummer"]
    );
    let warnings = conflicts(&read.skipped);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("sgl000000000000b") && w.contains(ASTA)),
        "{warnings:?}"
    );
}

fn trogs(dir: &Path, args: &[&str]) -> Output {
    let store = format!("sqlite:{}", dir.join("trogs.db").display());
    common::succeeds(common::trogs_command(dir, args).args(["--store", &store]))
}

#[test]
fn a_build_of_the_original_data_keeps_its_order_and_owners() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("scan.json"), scan()).unwrap();
    trogs(d, &["import", "scan.json"]);
    let out_dir = d.join("out");
    let out = trogs(d, &["build", "--out", out_dir.to_str().unwrap()]);
    let page = |p: &str| std::fs::read_to_string(out_dir.join(p)).unwrap();

    let artist = page(&format!("artist/{ASTA}.html"));
    let start = artist.find("featured-heading").unwrap();
    let end = artist.find("albums-heading").unwrap();
    let featured = &artist[start..end];
    let at = |title: &str| {
        featured
            .find(title)
            .unwrap_or_else(|| panic!("{title} is not featured"))
    };
    assert!(at("Christmas in Akureyri") < at("Black Sand"));
    assert!(at("Black Sand") < at("Fog"));
    assert!(!featured.contains("Glacier Song"));
    let hero = common::value_after(&artist, "class=\"hero-img round\" src=\"");
    assert!(
        hero.contains("assets/") && !hero.contains("/media/"),
        "ImageURL \"\" shows the placeholder, not {hero}"
    );

    let album = page(&format!("album/{SHARED}.html"));
    assert!(album.contains("Hvítá") && album.contains("Black Sand"));
    assert!(!album.contains("Hijacked Title"));
    assert!(!album.contains("Intruder"));
    assert!(!out_dir.join("track/trk000000000000b.html").exists());

    let log =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    for key in [
        format!("PK=\"{BJORN}\" SK=\"{SHARED}\""),
        "PK=\"trk000000000000b\"".to_string(),
    ] {
        assert!(log.contains(&key), "the build warns about {key}: {log}");
    }
}

/// The original wrote some artists without `AC_PK`/`AC_SK` (its sample
/// artist "Yes" among them): the home page lists them, so each gets its
/// page, made from the item the home query returned, with whatever the
/// artist query finds.
#[tokio::test]
async fn an_artist_missing_from_the_artist_index_still_gets_its_page() {
    const YES: &str = "y00000000000000y";
    const QUIET: &str = "q00000000000000q";
    let f = seeded().await;
    let mut extra = dynamo_json::parse(
        &json!({ "Items": [
            {
                "PK": {"S": YES}, "SK": {"S": YES},
                "AA_PK": {"S": "ARTISTS"}, "AA_SK": {"S": "Yes"},
                "Owner": {"S": "auth0|yes"}, "NormalizedName": {"S": "yes"},
                "Bio": {"S": "Roundabout."}, "ImageURL": {"S": ""}
            },
            {
                "PK": {"S": "sgl00000000000y1"}, "SK": {"S": "sgl00000000000y1"},
                "AC_PK": {"S": YES}, "AC_SK": {"S": "300"},
                "TrackTitle": {"S": "Owner of a Lonely Heart"},
                "AudioURL": {"S": "https://s3-eu-west-1.amazonaws.com/trogs-content/art/yes/owner.mp3"},
                "ArtistID": {"S": YES}, "ArtistName": {"S": "Yes"}
            },
            {
                "PK": {"S": QUIET}, "SK": {"S": QUIET},
                "AA_PK": {"S": "ARTISTS"}, "AA_SK": {"S": "Quiet One"},
                "ImageURL": {"S": ""}
            }
        ]})
        .to_string(),
    )
    .unwrap();
    f.store.put_all(std::mem::take(&mut extra)).await.unwrap();
    assert!(
        queries::artist_content(&f.store, YES)
            .await
            .unwrap()
            .value
            .is_none(),
        "the artist query finds no artist item"
    );

    let report = f.site.build_all().await.unwrap();
    let home = f.page("index.html");
    for id in [YES, QUIET] {
        assert!(home.contains(&format!("href=\"/artist/{id}\"")), "{id}");
        assert!(
            f.exists(&format!("artist/{id}.html")),
            "/artist/{id} is dead"
        );
    }
    let yes = f.page(&format!("artist/{YES}.html"));
    assert!(yes.contains("Roundabout."), "the bio comes from its item");
    assert!(
        yes.contains("Owner of a Lonely Heart") && yes.contains("/track/sgl00000000000y1"),
        "what the artist query finds is on the page"
    );
    assert!(f.exists("track/sgl00000000000y1.html"));
    assert!(
        f.page(&format!("artist/{QUIET}.html"))
            .contains("Quiet One")
    );
    // One query per artist page still: no reads by key in a full build.
    let artists = queries::artists(&f.store).await.unwrap().value;
    let mut albums = 0;
    for a in &artists {
        if let Some(c) = queries::artist_content(&f.store, &a.id)
            .await
            .unwrap()
            .value
        {
            albums += c.albums.len() as u64;
        }
    }
    assert_eq!(report.queries, 1 + artists.len() as u64 + albums);

    // Incremental builds render its page (read by key), never remove it.
    for spec in [
        format!("artist:{YES}"),
        "track:sgl00000000000y1".to_string(),
        format!("artist:{QUIET}"),
    ] {
        let report = f
            .site
            .build_changed(&trogs::site::Site::parse_changes(&spec).unwrap())
            .await
            .unwrap();
        assert!(report.removed.is_empty(), "{spec}: {:?}", report.removed);
        let page = format!("artist/{}.html", spec.split(':').nth(1).unwrap());
        if spec.starts_with("artist:") {
            assert!(report.rendered.contains(&page), "{spec}: {report}");
        } else {
            assert!(report.rendered.contains(&format!("artist/{YES}.html")));
        }
        let full = f.site.build_all().await.unwrap();
        assert_eq!(
            (
                full.written,
                full.assets_written,
                full.feeds_written,
                full.removed.len()
            ),
            (0, 0, 0, 0),
            "{spec}: {full}"
        );
    }

    // Deleted, it goes like any artist.
    f.store
        .delete(trogs::store::Key::same(QUIET), None)
        .await
        .unwrap();
    let report = f
        .site
        .build_changed(&[trogs::site::PageRef::Artist(QUIET.into())])
        .await
        .unwrap();
    assert_eq!(
        report.removed,
        ["atom", "html", "m3u", "rss"].map(|ext| format!("artist/{QUIET}.{ext}"))
    );
}
