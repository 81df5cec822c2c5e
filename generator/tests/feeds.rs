//! Playlists and feeds: `album/ID.m3u`, `artist/ID.m3u`, `artist/ID.atom`,
//! `artist/ID.rss` and the site-wide `feed.atom`. They parse, every URL in
//! them resolves to a published page or a media file, the podcast feed
//! carries what podcast apps need, and incremental builds keep them right
//! (a full build afterwards changes nothing).

mod common;

use std::collections::BTreeSet;

use common::{BASE_URL, Fixture, artist_contents, give_renditions};
use trogs::catalog::model::{Track, TrackKind};
use trogs::catalog::queries::{self, ArtistContent};
use trogs::site::{PageRef, Report, Site};
use trogs::store::{AttributeValue, Key, Update};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";

/// Checks that an absolute URL of the site resolves to a published file
/// or a media file.
fn assert_resolves(f: &Fixture, url: &str, from: &str) {
    let path = url
        .strip_prefix(BASE_URL)
        .unwrap_or_else(|| panic!("{from}: {url} is not an absolute URL of the site"));
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .unwrap();
    if let Err(why) = f.resolve(&path) {
        panic!("{from}: {url} does not resolve: {why}");
    }
}

fn parse(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}:\n{xml}"))
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, ns: &str, name: &str) -> roxmltree::Node<'a, 'i> {
    node.children()
        .find(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(ns))
        .unwrap_or_else(|| panic!("no {name} in {:?}", node.tag_name()))
}

fn children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    ns: &str,
    name: &str,
) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(ns))
        .collect()
}

fn text<'a>(node: roxmltree::Node<'a, '_>, ns: &str, name: &str) -> &'a str {
    child(node, ns, name).text().unwrap_or_default()
}

/// An Atom feed's entries as (updated, link, title), checking the feed's
/// required elements.
fn atom_entries(f: &Fixture, path: &str) -> Vec<(String, String, String)> {
    let xml = f.page(path);
    let doc = parse(&xml);
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    for required in ["title", "id", "updated"] {
        child(feed, ATOM, required);
    }
    let self_link = children(feed, ATOM, "link")
        .into_iter()
        .find(|l| l.attribute("rel") == Some("self"))
        .unwrap();
    assert_eq!(
        self_link.attribute("href"),
        Some(format!("{BASE_URL}/{path}").as_str())
    );
    let entries: Vec<(String, String, String)> = children(feed, ATOM, "entry")
        .into_iter()
        .map(|e| {
            for required in ["id", "title", "updated"] {
                child(e, ATOM, required);
            }
            let link = child(e, ATOM, "link")
                .attribute("href")
                .unwrap()
                .to_string();
            assert_resolves(f, &link, path);
            for enclosure in children(e, ATOM, "link")
                .into_iter()
                .filter(|l| l.attribute("rel") == Some("enclosure"))
            {
                assert_resolves(f, enclosure.attribute("href").unwrap(), path);
            }
            (
                text(e, ATOM, "updated").to_string(),
                link,
                text(e, ATOM, "title").to_string(),
            )
        })
        .collect();
    let updated: Vec<&String> = entries.iter().map(|(u, _, _)| u).collect();
    assert!(
        updated.windows(2).all(|w| w[0] >= w[1]),
        "{path} is not newest first: {updated:?}"
    );
    if let Some(newest) = updated.first() {
        assert_eq!(text(feed, ATOM, "updated"), newest.as_str());
    }
    entries
}

/// An M3U playlist's entries as (EXTINF line, URL), checking its shape.
fn m3u_entries(f: &Fixture, path: &str) -> Vec<(String, String)> {
    let text = f.page(path);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("#EXTM3U"), "{path}");
    let mut entries = Vec::new();
    let mut extinf = None;
    for line in lines {
        if let Some(info) = line.strip_prefix("#EXTINF:") {
            assert!(extinf.is_none(), "{path}: two #EXTINF in a row");
            let (secs, _) = info.split_once(',').unwrap();
            assert!(secs == "-1" || secs.parse::<u64>().is_ok(), "{line}");
            extinf = Some(info.to_string());
        } else if line.starts_with("#PLAYLIST:") {
        } else {
            let info = extinf
                .take()
                .unwrap_or_else(|| panic!("{path}: {line:?} has no #EXTINF"));
            assert_resolves(f, line, path);
            entries.push((info, line.to_string()));
        }
    }
    assert!(extinf.is_none(), "{path} ends with an #EXTINF");
    entries
}

#[tokio::test]
async fn playlists_and_feeds_parse_and_every_url_in_them_resolves() {
    let f = Fixture::demo().await;
    let before = artist_contents(&f).await;
    let asta = before
        .iter()
        .find(|c| c.artist.name.starts_with("Ásta"))
        .unwrap();
    let single = asta.singles[0].clone();
    let (single_mp3, single_size) = (give_renditions(&f, &single).await, 1234);
    let album_id = asta.albums[0].id.clone();
    let album_track = common::album_tracks(&f, &album_id).await[1].clone();
    let track_mp3 = give_renditions(&f, &album_track).await;
    let report = f.site.build_all().await.unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let contents = artist_contents(&f).await;

    let mut releases = 0;
    for c in &contents {
        let a = &c.artist;
        // The artist's playlist: featured tracks, then singles, each once.
        let m3u = m3u_entries(&f, &format!("artist/{}.m3u", a.id));
        let mut ids: BTreeSet<&str> = c.featured.iter().map(|t| t.id.as_str()).collect();
        ids.extend(c.singles.iter().map(|t| t.id.as_str()));
        assert_eq!(m3u.len(), ids.len(), "artist {}", a.name);

        // Atom: an entry per album and single.
        let entries = atom_entries(&f, &format!("artist/{}.atom", a.id));
        assert_eq!(entries.len(), c.albums.len() + c.singles.len());
        releases += entries.len();
        for al in &c.albums {
            assert!(
                entries.iter().any(|(_, link, title)| link
                    == &format!("{BASE_URL}/album/{}", al.id)
                    && title == &al.title),
                "{} is not in {}'s feed",
                al.title,
                a.name
            );
        }

        // The podcast feed.
        let path = format!("artist/{}.rss", a.id);
        let xml = f.page(&path);
        let doc = parse(&xml);
        let rss = doc.root_element();
        assert_eq!(
            (rss.tag_name().name(), rss.attribute("version")),
            ("rss", Some("2.0"))
        );
        let channel = rss.children().find(|n| n.has_tag_name("channel")).unwrap();
        let plain = |name: &str| {
            channel
                .children()
                .find(|n| n.tag_name().name() == name && n.tag_name().namespace().is_none())
                .and_then(|n| n.text())
                .unwrap_or_else(|| panic!("{path}: no {name}"))
                .to_string()
        };
        assert_eq!(plain("title"), a.name);
        assert_eq!(plain("link"), format!("{BASE_URL}/artist/{}", a.id));
        assert!(!plain("description").is_empty());
        assert_eq!(plain("language"), "en");
        assert_eq!(text(channel, ITUNES, "author"), a.name);
        assert_eq!(text(channel, ITUNES, "explicit"), "false");
        assert_eq!(
            child(channel, ITUNES, "category").attribute("text"),
            Some("Music")
        );
        assert_resolves(
            &f,
            child(channel, ITUNES, "image").attribute("href").unwrap(),
            &path,
        );
        // Only tracks with audio Apple Podcasts plays and a known length
        // are items: here the two given an MP3 rendition (the demo's
        // originals are WAV).
        let podcast: BTreeSet<&str> = ids
            .iter()
            .copied()
            .filter(|id| [single.id.as_str(), album_track.id.as_str()].contains(id))
            .collect();
        let items: Vec<_> = channel
            .children()
            .filter(|n| n.has_tag_name("item"))
            .collect();
        assert_eq!(items.len(), podcast.len(), "{path}");
        for item in items {
            let item_text = |name: &str| {
                item.children()
                    .find(|n| n.tag_name().name() == name && n.tag_name().namespace().is_none())
                    .and_then(|n| n.text())
                    .unwrap_or_else(|| panic!("{path}: an item has no {name}"))
                    .to_string()
            };
            let guid = item.children().find(|n| n.has_tag_name("guid")).unwrap();
            assert_eq!(guid.attribute("isPermaLink"), Some("false"));
            let id = guid.text().unwrap();
            assert!(podcast.contains(id), "{path}: {id}");
            assert_resolves(&f, &item_text("link"), &path);
            // RFC 2822: "Wed, 01 Jan 2020 00:00:00 +0000".
            let date = item_text("pubDate");
            assert!(
                date.len() == 31 && date.ends_with(" 00:00:00 +0000") && date.as_bytes()[3] == b',',
                "{path}: pubDate {date}"
            );
            let enclosure = item
                .children()
                .find(|n| n.has_tag_name("enclosure"))
                .unwrap();
            let url = enclosure.attribute("url").unwrap();
            assert_resolves(&f, url, &path);
            let length: u64 = enclosure.attribute("length").unwrap().parse().unwrap();
            let ty = enclosure.attribute("type").unwrap();
            assert_eq!(ty, "audio/mpeg");
            if id == single.id {
                assert_eq!(url, single_mp3, "the MP3 rendition is preferred");
                assert_eq!((length, ty), (single_size as u64, "audio/mpeg"));
                assert_eq!(text(item, ITUNES, "duration"), "61");
            }
        }
    }

    // The album's playlist: every track in order, the MP3 rendition where
    // there is one, the original otherwise.
    for al in contents.iter().flat_map(|c| &c.albums) {
        let tracks = common::album_tracks(&f, &al.id).await;
        let m3u = m3u_entries(&f, &format!("album/{}.m3u", al.id));
        assert_eq!(m3u.len(), tracks.len());
        for ((info, url), t) in m3u.iter().zip(&tracks) {
            assert!(info.ends_with(&format!(" - {}", t.title)), "{info}");
            if t.id == album_track.id {
                assert_eq!(url, &track_mp3);
                assert!(info.starts_with("61,"), "{info}");
            } else {
                assert!(
                    url.ends_with(t.audio_url.rsplit('/').next().unwrap()),
                    "{url}"
                );
            }
        }
    }

    // The site's feed: every dated release (the demo has fewer than 50).
    let site = atom_entries(&f, "feed.atom");
    assert_eq!(site.len(), releases);

    // Pages announce them, and link them visibly.
    let id = &asta.artist.id;
    let artist_html = f.page(&format!("artist/{id}.html"));
    for (ty, ext) in [
        ("audio/x-mpegurl", "m3u"),
        ("application/atom+xml", "atom"),
        ("application/rss+xml", "rss"),
    ] {
        let link = format!(
            "<link rel=\"alternate\" type=\"{ty}\" title=\"Ásta &amp; the Northern Lights: "
        );
        assert!(artist_html.contains(&link), "{link}");
        assert!(
            artist_html.contains(&format!("href=\"/artist/{id}.{ext}\"")),
            "{ext}"
        );
    }
    assert!(artist_html.contains("type=\"application/atom+xml\" title=\"New releases on"));
    let album_html = f.page(&format!("album/{album_id}.html"));
    assert!(album_html.contains(&format!("href=\"/album/{album_id}.m3u\"")));
    assert!(album_html.contains(&format!("/artist/{id}.rss\"")));
    let track_html = f.page(&format!("track/{}.html", single.id));
    assert!(track_html.contains(&format!("/artist/{id}.atom\"")));

    assert_eq!(trogs::publish::content_type("a/b.m3u"), "audio/x-mpegurl");
    assert_eq!(
        trogs::publish::content_type("feed.atom"),
        "application/atom+xml"
    );
    assert_eq!(
        trogs::publish::content_type("a/b.rss"),
        "application/rss+xml"
    );
}

async fn build(site: &Site, spec: &str) -> Report {
    site.build_changed(&Site::parse_changes(spec).unwrap())
        .await
        .unwrap()
}

async fn assert_same_as_full_build(f: &Fixture) {
    let full = f.site.build_all().await.unwrap();
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

fn single(artist: &ArtistContent, id: &str, title: &str, date: &str) -> Track {
    let mut t = artist.singles[0].clone();
    t.id = id.into();
    t.title = title.into();
    t.kind = TrackKind::Single {
        position: 40,
        release_date: Some(date.into()),
    };
    t.featured = None;
    t.feature_sort = None;
    t
}

/// The site feed's titles, newest first.
fn site_titles(f: &Fixture) -> Vec<String> {
    atom_entries(f, "feed.atom")
        .into_iter()
        .map(|(_, _, t)| t)
        .collect()
}

#[tokio::test]
async fn the_site_feed_follows_releases_in_incremental_builds() {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    let asta = artist_contents(&f)
        .await
        .into_iter()
        .find(|c| c.artist.name.starts_with("Ásta"))
        .unwrap();
    let before = site_titles(&f);

    // A new single: first in the feed, from a build that reads the
    // single and its artist, not every artist.
    let fresh = single(&asta, "freshsingle00001", "Brand New Single", "2099-01-01");
    f.store.put(fresh.to_item(), None).await.unwrap();
    // With an MP3 rendition, so the podcast carries it too.
    give_renditions(&f, &fresh).await;
    let report = build(&f.site, "track:freshsingle00001").await;
    assert!(report.queries <= 3, "{report}");
    assert!(
        report.feeds_written >= 4,
        "the artist's 3 files and feed.atom: {report}"
    );
    let titles = site_titles(&f);
    assert_eq!(titles[0], "Brand New Single");
    assert_eq!(titles.len(), before.len() + 1);
    assert!(
        f.page(&format!("artist/{}.rss", asta.artist.id))
            .contains("freshsingle00001")
    );
    assert_same_as_full_build(&f).await;

    // Renamed: the feed says the new title.
    let album = &asta.albums[0];
    f.store
        .update(
            Key::new(&album.artist_id, &album.id),
            vec![Update::Set(
                "AlbumTitle".into(),
                AttributeValue::s("Renamed LP"),
            )],
            None,
        )
        .await
        .unwrap();
    build(&f.site, &format!("album:{}", album.id)).await;
    let titles = site_titles(&f);
    assert!(titles.contains(&"Renamed LP".to_string()), "{titles:?}");
    assert!(!titles.contains(&album.title), "{titles:?}");
    assert!(
        f.page(&format!("artist/{}.atom", asta.artist.id))
            .contains("Renamed LP")
    );
    assert_same_as_full_build(&f).await;

    // Deleted: gone from the feed, with its playlist.
    let tracks = common::album_tracks(&f, &album.id).await;
    f.store
        .delete(Key::new(&album.artist_id, &album.id), None)
        .await
        .unwrap();
    for t in &tracks {
        f.store.delete(Key::same(&t.id), None).await.unwrap();
    }
    let report = build(&f.site, &format!("album:{}", album.id)).await;
    assert!(report.removed.contains(&format!("album/{}.m3u", album.id)));
    assert!(!f.exists(&format!("album/{}.m3u", album.id)));
    let titles = site_titles(&f);
    assert!(!titles.contains(&"Renamed LP".to_string()), "{titles:?}");
    assert_eq!(titles.len(), before.len());
    assert_same_as_full_build(&f).await;

    // Past the limit the feed keeps the newest 50; when the newest goes,
    // the next one comes back, from the manifest alone.
    let many: Vec<Track> = (0..55)
        .map(|n| {
            single(
                &asta,
                &format!("manysingle{n:06}"),
                &format!("Many {n:02}"),
                &format!("2050-01-{:02}", n % 28 + 1),
            )
        })
        .collect();
    f.store
        .put_all(many.iter().map(Track::to_item).collect())
        .await
        .unwrap();
    let spec: Vec<String> = many.iter().map(|t| format!("track:{}", t.id)).collect();
    build(&f.site, &spec.join(",")).await;
    let titles = site_titles(&f);
    assert_eq!(titles.len(), 50);
    assert_eq!(titles[0], "Brand New Single");
    assert!(
        !titles.iter().any(|t| before.contains(t)),
        "older releases stay in: {titles:?}"
    );
    assert_same_as_full_build(&f).await;

    f.store
        .delete(Key::same("freshsingle00001"), None)
        .await
        .unwrap();
    let report = build(&f.site, "track:freshsingle00001").await;
    assert!(
        report
            .removed
            .contains(&"track/freshsingle00001.html".to_string())
    );
    let titles = site_titles(&f);
    assert_eq!(titles.len(), 50);
    assert!(!titles.contains(&"Brand New Single".to_string()));
    assert_same_as_full_build(&f).await;

    // A change that touches no release leaves feed.atom alone.
    let report = build(&f.site, &format!("artist:{}", asta.artist.id)).await;
    assert_eq!(report.written + report.feeds_written, 0, "{report}");
}

#[tokio::test]
async fn a_file_trogs_did_not_write_at_a_playlist_path_is_never_overwritten() {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    let asta = artist_contents(&f)
        .await
        .into_iter()
        .find(|c| c.artist.name.starts_with("Ásta"))
        .unwrap();
    let mut album = queries::album_content(&f.store, &asta.albums[0].id)
        .await
        .unwrap()
        .value
        .unwrap()
        .album;
    album.id = "foreignalbum0001".into();
    album.position = 9;
    f.store.put(album.to_item(), None).await.unwrap();
    std::fs::write(f.out().join("album/foreignalbum0001.m3u"), "mine\n").unwrap();
    let err = f
        .site
        .build_changed(&[PageRef::Album(album.id.clone())])
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("foreignalbum0001.m3u"), "{err}");
    assert_eq!(f.page("album/foreignalbum0001.m3u"), "mine\n");

    // Adopting hands it over.
    let mut adopting = f.site.clone();
    adopting.options.adopt = true;
    adopting.build_all().await.unwrap();
    assert!(f.page("album/foreignalbum0001.m3u").starts_with("#EXTM3U"));
    assert_same_as_full_build(&f).await;
}

/// The `src` of an oEmbed answer's iframe.
fn iframe_src(html: &str) -> String {
    let start = html.find("src=\"").unwrap() + 5;
    let end = start + html[start..].find('"').unwrap();
    html[start..end].replace("&amp;", "&")
}

#[tokio::test]
async fn albums_and_tracks_have_embeds_and_oembed_answers_that_resolve() {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    let contents = artist_contents(&f).await;
    let mut checked = 0;
    for c in &contents {
        for al in &c.albums {
            let tracks = common::album_tracks(&f, &al.id).await;
            let mut kinds = vec![("album", al.id.clone(), al.title.clone(), tracks.len())];
            kinds.extend(
                tracks
                    .iter()
                    .map(|t| ("track", t.id.clone(), t.title.clone(), 1)),
            );
            for (kind, id, title, count) in kinds {
                let path = format!("oembed/{kind}/{id}.json");
                let answer: serde_json::Value = serde_json::from_str(&f.page(&path)).unwrap();
                assert_eq!(answer["version"], "1.0");
                assert_eq!(answer["type"], "rich");
                assert_eq!(answer["title"], title.as_str());
                assert_eq!(answer["author_name"], c.artist.name.as_str());
                assert_eq!(answer["provider_name"], "Trogs Test");
                assert_eq!(answer["provider_url"], format!("{BASE_URL}/"));
                assert!(answer["width"].as_u64().unwrap() > 0);
                assert!(answer["height"].as_u64().unwrap() > 0);
                let src = iframe_src(answer["html"].as_str().unwrap());
                assert_eq!(src, format!("{BASE_URL}/embed/{kind}/{id}.html"));
                assert_resolves(&f, &src, &path);
                if let Some(thumb) = answer["thumbnail_url"].as_str() {
                    assert_resolves(&f, thumb, &path);
                }

                // The embeds: a playlist of the entity's tracks, the cover
                // only in the full one, links out in a new tab.
                for compact in [false, true] {
                    let embed = if compact {
                        format!("embed/compact/{kind}/{id}.html")
                    } else {
                        format!("embed/{kind}/{id}.html")
                    };
                    let html = f.page(&embed);
                    assert_eq!(html.matches("data-track ").count(), count, "{embed}");
                    assert_eq!(html.contains("class=\"embed-art\""), !compact, "{embed}");
                    assert!(html.contains("target=\"_blank\""), "{embed}");
                    assert!(html.contains("noindex"), "{embed}");
                }

                // The page announces them.
                let page = f.page(&format!("{kind}/{id}.html"));
                assert!(
                    page.contains(&format!(
                        "type=\"application/json+oembed\" title=\"{}\" href=\"{BASE_URL}/oembed/{kind}/{id}.json\"",
                        title.replace('&', "&amp;")
                    )),
                    "{kind} {id}"
                );
                assert!(page.contains("<meta name=\"twitter:card\" content=\"player\">"));
                assert!(page.contains(&format!(
                    "<meta name=\"twitter:player\" content=\"{BASE_URL}/embed/{kind}/{id}.html\">"
                )));
                checked += 1;
            }
        }
    }
    assert!(checked >= 4 + 20, "{checked}");
    // Artist pages have no player card of their own.
    let artist = f.page(&format!("artist/{}.html", contents[0].artist.id));
    assert!(artist.contains("<meta name=\"twitter:card\" content=\"summary\">"));
    assert_eq!(
        trogs::publish::content_type("oembed/album/x.json"),
        "application/json"
    );
}
