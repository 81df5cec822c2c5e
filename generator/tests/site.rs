//! Building the demo catalog into a temporary folder, and checking the pages.

mod common;

use std::collections::BTreeSet;

use common::{BASE_URL, Fixture, unescape};
use trogs::catalog::queries;
use trogs::store::Key;

/// Every value of `attr="…"` in a page.
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let start = i + needle.len();
            let end = html[start..].find('"').map_or(html.len(), |e| start + e);
            &html[start..end]
        })
        .collect()
}

#[tokio::test]
async fn the_demo_site_has_every_page_and_every_link_resolves() {
    let f = Fixture::demo().await;
    let report = f.site.build_all().await.unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);

    // Every entity has its page.
    let items = f.store.scan_all().await.unwrap();
    let mut expected = BTreeSet::from(["index.html".to_string(), "404.html".to_string()]);
    for item in &items {
        let entity = trogs::catalog::from_item(item).unwrap();
        expected.insert(match entity {
            trogs::catalog::Entity::Artist(a) => format!("artist/{}.html", a.id),
            trogs::catalog::Entity::Album(a) => format!("album/{}.html", a.id),
            trogs::catalog::Entity::Track(t) => format!("track/{}.html", t.id),
        });
    }
    let rendered: BTreeSet<String> = report.rendered.iter().cloned().collect();
    assert_eq!(rendered, expected);
    assert!(
        expected.len() >= 2 + 3 + 4 + 20,
        "the demo has at least 3 artists, 4 albums, 20 tracks"
    );
    for page in &expected {
        assert!(f.exists(page), "{page} was not written");
    }
    // 1 query for home, 1 per artist, 1 per album; no scans, no gets.
    let artists = queries::artists(&f.store).await.unwrap().value.len() as u64;
    let album_count = expected.iter().filter(|p| p.starts_with("album/")).count() as u64;
    assert_eq!(report.queries, 1 + artists + album_count);

    // Every internal link and asset reference resolves.
    let mut checked = 0;
    for page in &expected {
        let html = f.page(page);
        for attr in ["href", "src", "data-artwork", "content", "data-url"] {
            for raw in attribute_values(&html, attr) {
                let url = unescape(raw);
                let local = match url.strip_prefix(BASE_URL) {
                    Some(rest) => rest.to_string(),
                    None if url.starts_with('/') && !url.starts_with("//") => url.clone(),
                    None => {
                        // External: only plain links may leave the site; nothing is loaded from elsewhere.
                        assert!(
                            !(attr == "src" || attr == "data-artwork") || !url.contains("://"),
                            "{page} loads {url} from another site"
                        );
                        continue;
                    }
                };
                let path = local.split(['?', '#']).next().unwrap();
                if let Err(why) = f.resolve(path) {
                    panic!("{page}: {attr}={url} does not resolve: {why}");
                }
                checked += 1;
            }
        }
        // Every page has the basics, the encoding within its first 1024 bytes.
        assert!(
            html[..1024.min(html.len())].contains("<meta charset=\"utf-8\">"),
            "{page}"
        );
        assert!(html.contains("<title>"), "{page}");
        assert!(html.contains("name=\"description\""), "{page}");
        assert!(
            html.contains(&format!("rel=\"canonical\" href=\"{BASE_URL}")),
            "{page}"
        );
        assert!(html.contains("property=\"og:type\""), "{page}");
    }
    assert!(checked > 500, "only {checked} references were checked");
}

#[tokio::test]
async fn pages_show_what_listeners_expect() {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    let home = f.page("index.html");
    // Sorted by name as a reader sorts: accents and case don't count.
    let positions: Vec<usize> = [
        "Ásta &amp; the Northern Lights",
        "Kōji Mori",
        "Les Étoiles Filantes",
    ]
    .iter()
    .map(|n| {
        home.find(n)
            .unwrap_or_else(|| panic!("{n} is not on the home page"))
    })
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");

    let artists = queries::artists(&f.store).await.unwrap().value;
    let asta = artists.iter().find(|a| a.name.starts_with("Ásta")).unwrap();
    let content = queries::artist_content(&f.store, &asta.id)
        .await
        .unwrap()
        .value
        .unwrap();
    let page = f.page(&format!("artist/{}.html", asta.id));
    assert!(page.contains("Reykjavík"), "the bio is on the artist page");
    assert!(
        page.contains("og:audio"),
        "the artist page offers its featured track to Open Graph"
    );
    assert!(page.contains("MusicGroup"));
    for t in &content.featured {
        assert!(
            page.contains(&format!("/track/{}", t.id)),
            "featured {} is listed",
            t.title
        );
    }
    for a in &content.albums {
        assert!(page.contains(&format!("/album/{}", a.id)));
        assert!(page.contains(a.year().unwrap()));
    }

    let album = &content.albums[0];
    let page = f.page(&format!("album/{}.html", album.id));
    let tracks = common::album_tracks(&f, &album.id).await;
    let mut last = 0;
    for t in &tracks {
        let at = page.find(&format!("/track/{}", t.id)).unwrap();
        assert!(at > last, "tracks are in album order");
        last = at;
    }
    assert!(page.contains(&format!("/artist/{}", asta.id)));
    assert!(page.contains("creativecommons.org/licenses/by-nc-sa/4.0/"));
    assert!(page.contains("Attribution-NonCommercial-ShareAlike 4.0 International"));
    assert!(
        page.contains("/assets/badges/by-nc-sa."),
        "the badge is served from the site"
    );
    assert!(
        page.contains("<audio"),
        "plain audio elements play without JavaScript"
    );
    assert!(page.contains("controls"));

    let track = &tracks[0];
    let page = f.page(&format!("track/{}.html", track.id));
    assert!(
        page.contains(&format!("/album/{}", album.id))
            && page.contains(&format!("/artist/{}", asta.id))
    );
    assert!(page.contains("2019"), "the year is on the track page");
    assert!(page.contains("music.song"));
    // Each track page gives the track's place on its album, as the album
    // page numbers it.
    for (i, t) in tracks.iter().enumerate() {
        let page = f.page(&format!("track/{}.html", t.id));
        assert!(
            page.contains(&format!(
                ">Track {} on <a href=\"/album/{}\"",
                i + 1,
                album.id
            )),
            "track {} of {} does not say so on its page",
            i + 1,
            album.title
        );
    }
    let not_found = f.page("404.html");
    assert!(not_found.contains("href=\"/\""));
}

#[tokio::test]
async fn an_unchanged_rebuild_writes_nothing_and_deletions_remove_pages() {
    let f = Fixture::demo().await;
    let first = f.site.build_all().await.unwrap();
    assert_eq!(first.written, first.rendered.len());
    assert!(first.assets_written > 5);

    let stamp = |p: &str| {
        std::fs::metadata(f.out().join(p))
            .unwrap()
            .modified()
            .unwrap()
    };
    let before = stamp("index.html");
    let again = f.site.build_all().await.unwrap();
    assert_eq!(
        (again.written, again.assets_written, again.feeds_written),
        (0, 0, 0),
        "{again}"
    );
    assert_eq!(again.unchanged, first.rendered.len());
    assert!(again.removed.is_empty());
    assert_eq!(stamp("index.html"), before);

    // Delete a track from the catalog: the full build removes its page.
    let track_page = first
        .rendered
        .iter()
        .find(|p| p.starts_with("track/"))
        .unwrap()
        .clone();
    let id = track_page
        .trim_start_matches("track/")
        .trim_end_matches(".html");
    f.store.delete(Key::same(id), None).await.unwrap();
    let after = f.site.build_all().await.unwrap();
    // With its embeds and oEmbed answer.
    assert_eq!(
        after.removed,
        [
            format!("embed/compact/{track_page}"),
            format!("embed/{track_page}"),
            format!("oembed/track/{id}.json"),
            track_page.clone(),
        ]
    );
    assert!(!f.exists(&track_page));
    assert!(after.written >= 1, "its album page changed");

    // Files Trogs did not publish stay, even where its own would go.
    std::fs::write(f.out().join("assets/old.0123456789.css"), "x").unwrap();
    std::fs::write(f.out().join("ads.txt"), "placeholder").unwrap();
    let cleaned = f.site.build_all().await.unwrap();
    assert!(cleaned.removed.is_empty(), "{:?}", cleaned.removed);
    assert!(f.exists("ads.txt"));
    assert!(f.exists("assets/old.0123456789.css"));
}

#[tokio::test]
async fn a_bad_row_is_left_out_and_reported_not_fatal() {
    let f = Fixture::demo().await;
    let artist = queries::artists(&f.store).await.unwrap().value.remove(0);
    let mut bad = trogs::store::Item::new();
    for (k, v) in [
        ("PK", "zzzzbadtrack0001"),
        ("SK", "zzzzbadtrack0001"),
        ("AC_PK", artist.id.as_str()),
        ("AC_SK", "3xx"),
    ] {
        bad.insert(k.into(), trogs::store::AttributeValue::s(v));
    }
    f.store.put(bad, None).await.unwrap();
    let report = f.site.build_all().await.unwrap();
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
    assert!(report.skipped[0].contains("zzzzbadtrack0001"));
    assert!(f.exists(&format!("artist/{}.html", artist.id)));
}

#[test]
fn a_theme_missing_a_template_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/home.hbs"), "x").unwrap();
    let err = trogs::site::Theme::load(dir.path())
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("templates/artist.hbs"), "{err}");
    let err = trogs::site::Theme::load(&dir.path().join("nope"))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("--theme"), "{err}");
}

#[tokio::test]
async fn media_keys_resolve_against_the_media_url_and_full_urls_stay() {
    use trogs::catalog::model::{Album, Artist, Track, TrackKind};
    use trogs::store::Item;
    let f = Fixture::empty();
    let artist = Artist {
        id: "orig000000000001".into(),
        name: "From the original site".into(),
        owner: None,
        normalized_name: None,
        bio: None,
        image_url: Some(String::new()),
        created_date: None,
        trogs: Default::default(),
        extra: Item::new(),
    };
    let album = Album {
        id: "orig000000000002".into(),
        artist_id: artist.id.clone(),
        title: "Old album".into(),
        artist_name: Some(artist.name.clone()),
        release_date: None,
        description: None,
        license: None,
        image_url: Some("art/old-orig000000000001/old-album-orig000000000002/cover.jpg".into()),
        position: 1,
        trogs: Default::default(),
        extra: Item::new(),
    };
    let track = Track {
        id: "orig000000000003".into(),
        title: "Old track".into(),
        audio_url:
            "https://s3-us-west-2.amazonaws.com/trogs-content/art/old/old-track-1a2b3c4d.mp3".into(),
        artist_id: artist.id.clone(),
        artist_name: Some(artist.name.clone()),
        license: None,
        featured: None,
        feature_sort: None,
        kind: TrackKind::AlbumTrack {
            album_id: album.id.clone(),
            album_title: Some(album.title.clone()),
            number: 1,
        },
        trogs: Default::default(),
        extra: Item::new(),
    };
    f.store
        .put_all(vec![artist.to_item(), album.to_item(), track.to_item()])
        .await
        .unwrap();
    f.site.build_all().await.unwrap();
    let page = f.page("album/orig000000000002.html");
    assert!(
        unescape(&page).contains("src=\"https://s3-us-west-2.amazonaws.com/trogs-content/art/old/old-track-1a2b3c4d.mp3\""),
        "a full AudioURL is used as it is"
    );
    let cover = "/media/art/old-orig000000000001/old-album-orig000000000002/cover.jpg";
    assert!(
        unescape(&page).contains(&format!("src=\"{cover}\"")),
        "an ImageURL key resolves against the media URL"
    );
    assert!(
        unescape(&page).contains(&format!("content=\"{BASE_URL}{cover}\"")),
        "og:image is absolute"
    );
    assert!(unescape(&page).contains("audio/mpeg"));
    // An empty ImageURL means no image: the theme's placeholder.
    let artist_page = f.page("artist/orig000000000001.html");
    assert!(artist_page.contains("/assets/placeholder."));
    assert!(
        unescape(&artist_page).contains(&format!(
            "property=\"og:image\" content=\"{BASE_URL}/assets/og-default."
        )),
        "without an image, shared links show the theme's card"
    );
}

#[tokio::test]
async fn a_typo_in_a_template_fails_the_build_and_names_the_page() {
    let mut f = Fixture::demo().await;
    let theme = f.dir.path().join("theme");
    common::copy_theme(&theme);
    let album = theme.join("templates/album.hbs");
    let text = std::fs::read_to_string(&album)
        .unwrap()
        .replace("{{album.title}}", "{{albm.title}}");
    std::fs::write(&album, text).unwrap();
    f.site.theme = std::sync::Arc::new(trogs::site::Theme::load(&theme).unwrap());
    let err = f.site.build_all().await.unwrap_err().to_string();
    assert!(
        err.contains("rendering album:") && err.contains("albm"),
        "{err}"
    );
}

#[test]
fn a_theme_made_before_the_artist_index_gets_the_default_index_templates() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_theme(dir.path());
    for file in [
        "templates/artists.hbs",
        "templates/partials/letters.hbs",
        "templates/partials/artist_grid.hbs",
    ] {
        std::fs::remove_file(dir.path().join(file)).unwrap();
    }
    let theme = trogs::site::Theme::load(dir.path()).unwrap();
    for name in ["artists", "letters", "artist_grid"] {
        assert!(theme.registry.has_template(name), "{name}");
    }
}
