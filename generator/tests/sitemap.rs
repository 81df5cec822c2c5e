//! `sitemap.xml` and `robots.txt`: made from what the build publishes,
//! published like pages (manifest-tracked), split past the URL limit, and
//! kept right by incremental builds.

mod common;

use std::collections::BTreeSet;

use common::{BASE_URL, Fixture};
use trogs::catalog::queries;
use trogs::site::{PageRef, Report, Site};
use trogs::store::Key;

/// The `<loc>`s of a sitemap file, and whether it is an index.
fn locs(xml: &str) -> (bool, Vec<String>) {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let index = match root.tag_name().name() {
        "urlset" => false,
        "sitemapindex" => true,
        other => panic!("a sitemap's root is {other}"),
    };
    let locs = root
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    (index, locs)
}

/// Every page URL the published sitemap lists, following an index; and
/// the number of parts.
fn sitemap_urls(f: &Fixture) -> (Vec<String>, usize) {
    let (index, locs) = locs(&f.page("sitemap.xml"));
    if !index {
        return (locs, 0);
    }
    let mut urls = Vec::new();
    for (n, loc) in locs.iter().enumerate() {
        let path = format!("sitemap-{}.xml", n + 1);
        assert_eq!(loc, &format!("{BASE_URL}/{path}"));
        let (nested, part) = locs_of(f, &path);
        assert!(!nested, "{path} is an index too");
        urls.extend(part);
    }
    (urls, locs.len())
}

fn locs_of(f: &Fixture, path: &str) -> (bool, Vec<String>) {
    locs(&f.page(path))
}

/// The published file a URL of the site resolves to.
fn file_of(url: &str) -> String {
    let path = url
        .strip_prefix(BASE_URL)
        .unwrap_or_else(|| panic!("{url} is not absolute on the site"));
    match path {
        "/" => "index.html".into(),
        p if p.ends_with(".html") => p[1..].to_string(),
        p => format!("{}.html", &p[1..]),
    }
}

/// Every page Trogs published, from the folder itself.
fn published_pages(f: &Fixture) -> BTreeSet<String> {
    walkdir::WalkDir::new(f.out())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(f.out())
                .unwrap()
                .to_string_lossy()
                .to_string()
        })
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .filter(|p| PageRef::from_path(p).is_some())
        .collect()
}

/// The sitemap lists exactly the published pages, each once.
fn assert_sitemap_matches(f: &Fixture) -> usize {
    let (urls, parts) = sitemap_urls(f);
    let files: Vec<String> = urls.iter().map(|u| file_of(u)).collect();
    let unique: BTreeSet<String> = files.iter().cloned().collect();
    assert_eq!(unique.len(), files.len(), "a URL is listed twice");
    for file in &files {
        assert!(
            f.exists(file),
            "the sitemap lists {file}, which is not published"
        );
    }
    assert_eq!(unique, published_pages(f), "the sitemap misses pages");
    parts
}

async fn build(site: &Site, spec: &str) -> Report {
    site.build_changed(&Site::parse_changes(spec).unwrap())
        .await
        .unwrap()
}

async fn assert_same_as_full_build(site: &Site) {
    let full = site.build_all().await.unwrap();
    assert_eq!(
        (
            full.written,
            full.assets_written,
            full.feeds_written,
            full.removed.len()
        ),
        (0, 0, 0, 0),
        "the incremental build differs from a full one: {full} {:?}",
        full.removed
    );
}

#[tokio::test]
async fn the_sitemap_lists_every_published_page_and_robots_names_it() {
    let f = Fixture::demo().await;
    let report = f.site.build_all().await.unwrap();
    assert_eq!(assert_sitemap_matches(&f), 0, "one file, no index");
    let (_, urls) = locs(&f.page("sitemap.xml"));
    assert!(urls.contains(&format!("{BASE_URL}/")));
    assert_eq!(urls.len(), report.rendered.len() - 1, "every page but 404");
    let robots = f.page("robots.txt");
    assert!(robots.starts_with("User-agent: *\nAllow: /\n"), "{robots}");
    assert!(
        robots
            .lines()
            .any(|l| l == format!("Sitemap: {BASE_URL}/sitemap.xml")),
        "{robots}"
    );
    // Published like pages: the manifest lists them, a rebuild leaves them.
    let manifest = std::fs::read_to_string(f.out().join(".trogs/manifest.json")).unwrap();
    assert!(manifest.contains("\"sitemap.xml\"") && manifest.contains("\"robots.txt\""));
    assert_same_as_full_build(&f.site).await;

    // A base URL that needs escaping is escaped, and still parses.
    let mut odd = f.site.clone();
    odd.info.base_url = "https://example.org/a&b".into();
    odd.build_all().await.unwrap();
    let (_, urls) = locs(&f.page("sitemap.xml"));
    assert!(
        urls.iter()
            .all(|u| u.starts_with("https://example.org/a&b/"))
    );
    assert!(f.page("sitemap.xml").contains("a&amp;b"));
}

#[tokio::test]
async fn incremental_builds_keep_the_sitemap_right() {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    let artists = queries::artists(&f.store).await.unwrap().value;
    let asta = artists.iter().find(|a| a.name.starts_with("Ásta")).unwrap();
    let content = queries::artist_content(&f.store, &asta.id)
        .await
        .unwrap()
        .value
        .unwrap();

    // A change that adds or removes no page leaves the sitemap alone.
    let report = build(&f.site, &format!("album:{}", content.albums[0].id)).await;
    assert_eq!(report.assets_written, 0, "{report}");

    // A new single: a new page, so a new URL.
    let mut fresh = content.singles[0].clone();
    fresh.id = "newsingle000001a".into();
    fresh.title = "Brand New Single".into();
    f.store.put(fresh.to_item(), None).await.unwrap();
    let report = build(&f.site, "track:newsingle000001a").await;
    assert_eq!(report.assets_written, 1, "the sitemap: {report}");
    assert_sitemap_matches(&f);
    assert!(f.page("sitemap.xml").contains("/track/newsingle000001a<"));
    assert_same_as_full_build(&f.site).await;

    // A deleted track: its URL goes.
    f.store
        .delete(Key::same("newsingle000001a"), None)
        .await
        .unwrap();
    build(&f.site, "track:newsingle000001a").await;
    assert_sitemap_matches(&f);
    assert!(!f.page("sitemap.xml").contains("newsingle000001a"));
    assert_same_as_full_build(&f.site).await;
}

#[tokio::test]
async fn a_sitemap_past_the_limit_is_split_and_its_parts_follow_the_pages() {
    let f = Fixture::demo().await;
    let mut site = f.site.clone();
    site.options.sitemap_urls = Some(10);
    let report = site.build_all().await.unwrap();
    let pages = report.rendered.len() - 1;
    let parts = assert_sitemap_matches(&f);
    assert_eq!(parts, pages.div_ceil(10));
    for n in 1..=parts {
        let (_, urls) = locs_of(&f, &format!("sitemap-{n}.xml"));
        assert!(urls.len() <= 10 && !urls.is_empty());
    }
    assert_same_as_full_build(&site).await;

    // Deleting an album and its tracks takes a part away; the incremental
    // build removes it, as a full build would.
    let artists = queries::artists(&f.store).await.unwrap().value;
    let asta = artists.iter().find(|a| a.name.starts_with("Ásta")).unwrap();
    let album = queries::artist_content(&f.store, &asta.id)
        .await
        .unwrap()
        .value
        .unwrap()
        .albums
        .remove(0);
    let tracks = common::album_tracks(&f, &album.id).await;
    assert!(tracks.len() >= 5);
    f.store
        .delete(Key::new(&album.artist_id, &album.id), None)
        .await
        .unwrap();
    for t in &tracks {
        f.store.delete(Key::same(&t.id), None).await.unwrap();
    }
    let report = build(&site, &format!("album:{}", album.id)).await;
    let fewer = assert_sitemap_matches(&f);
    let left = pages - 1 - tracks.len();
    assert_eq!(fewer, left.div_ceil(10));
    assert!(fewer < parts, "{fewer} parts, {parts} before");
    assert!(
        report.removed.contains(&format!("sitemap-{parts}.xml")),
        "{:?}",
        report.removed
    );
    assert!(!f.exists(&format!("sitemap-{parts}.xml")));
    assert_same_as_full_build(&site).await;

    // Back under the limit: one file again, and no parts left behind.
    site.options.sitemap_urls = None;
    site.build_all().await.unwrap();
    assert_eq!(assert_sitemap_matches(&f), 0);
    assert!(!f.exists("sitemap-1.xml"));
}

#[tokio::test]
async fn a_robots_txt_trogs_did_not_write_is_kept_unless_adopting() {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    // Someone's own robots.txt, where Trogs had none in its manifest.
    let manifest_path = f.out().join(".trogs/manifest.json");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    value["entries"]
        .as_object_mut()
        .unwrap()
        .remove("robots.txt");
    std::fs::write(&manifest_path, value.to_string()).unwrap();
    let _ = std::fs::remove_file(f.out().join(".trogs/manifest.delta"));
    std::fs::write(f.out().join("robots.txt"), "User-agent: *\nDisallow: /\n").unwrap();

    let report = f.site.build_all().await.unwrap();
    assert!(
        report
            .skipped
            .iter()
            .any(|w| w.contains("robots.txt") && w.contains("Sitemap: ") && w.contains("--adopt")),
        "the build says what to add: {:?}",
        report.skipped
    );
    assert!(
        f.page("sitemap.xml").contains("<urlset"),
        "the sitemap is still published"
    );
    assert_eq!(
        f.page("robots.txt"),
        "User-agent: *\nDisallow: /\n",
        "a foreign robots.txt was overwritten"
    );
    // And it stays the operator's: the next build does not take it over.
    let delta = std::fs::read_to_string(f.out().join(".trogs/manifest.delta")).unwrap_or_default();
    let manifest = std::fs::read_to_string(&manifest_path).unwrap() + &delta;
    assert!(
        !manifest.contains("\"robots.txt\""),
        "the manifest claims robots.txt"
    );
    f.site.build_all().await.unwrap();
    assert_eq!(
        f.page("robots.txt"),
        "User-agent: *\nDisallow: /\n",
        "a later build overwrote the operator's robots.txt"
    );
    let mut adopting = f.site.clone();
    adopting.options.adopt = true;
    adopting.build_all().await.unwrap();
    assert!(f.page("robots.txt").contains("Sitemap: "));
}

/// A full build that stopped before removing most of the site still wrote
/// the sitemap and the site feed, from its own pages only, while the
/// manifest keeps the pages it did not remove. When those pages come back
/// unchanged, the next full build must list them again.
#[tokio::test]
async fn pages_kept_by_a_stopped_build_are_listed_again_when_they_come_back() {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    assert_sitemap_matches(&f);
    let feed_before = f.page("feed.atom");

    // Every album and album track goes; the artists and singles stay.
    let mut gone = Vec::new();
    for content in common::artist_contents(&f).await {
        for album in content.albums {
            let tracks = common::album_tracks(&f, &album.id).await;
            let keys = std::iter::once(Key::new(&album.artist_id, &album.id))
                .chain(tracks.iter().map(|t| Key::same(&t.id)));
            for key in keys {
                gone.push(f.store.delete(key, None).await.unwrap().unwrap());
            }
        }
    }
    let stopped = f.site.build_all().await.unwrap_err().to_string();
    assert!(stopped.contains("--prune"), "{stopped}");
    let (urls, _) = sitemap_urls(&f);
    assert!(
        !urls.iter().any(|u| u.contains("/album/")),
        "the stopped build's sitemap lists its own pages: {urls:?}"
    );

    // They come back as they were: the pages are kept without rendering,
    // and the sitemap and the feed list them again.
    f.store.put_all(gone).await.unwrap();
    let report = f.site.build_all().await.unwrap();
    assert!(report.reused > 0, "{report}");
    assert_sitemap_matches(&f);
    assert!(
        sitemap_urls(&f).0.iter().any(|u| u.contains("/album/")),
        "album pages are missing from the sitemap"
    );
    assert_eq!(
        f.page("feed.atom"),
        feed_before,
        "the site feed lists the albums again"
    );
    assert_same_as_full_build(&f.site).await;
}
