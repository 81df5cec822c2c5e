//! The artist index: past `HOME_LIST_LIMIT` artists the home page shows
//! initials, and `artists/{initial}[-N].html` list the artists, from the
//! home page's one query. Incremental builds render exactly the index
//! pages a change touches, remove the ones no longer needed, and end where
//! a full build would.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;

use common::Fixture;
use trogs::catalog::model::Artist;
use trogs::site::directory::{ARTISTS_PER_PAGE, HOME_LIST_LIMIT};
use trogs::site::{PageRef, Report};
use trogs::store::{AttributeValue, Item, Key, Update};

/// How many "Miles" artists: enough for three pages of `m`.
const MILES: usize = 2 * ARTISTS_PER_PAGE + 50;

const OTHERS: [(&str, &str); 7] = [
    ("asta000000000001", "Ásta & the Northern Lights"),
    ("zed0000000000001", "Zed"),
    ("kino000000000001", "Кино"),
    ("sakamoto00000001", "坂本龍一"),
    ("tupac00000000001", "2Pac"),
    ("bjork00000000001", "Björk"),
    ("amp0000000000001", "<script>alert(1)</script> & Co"),
];

fn artist(id: &str, name: &str) -> Item {
    Artist {
        id: id.into(),
        name: name.into(),
        owner: Some("test|1".into()),
        normalized_name: None,
        bio: Some(format!("{name} makes music.")),
        image_url: Some(format!("art/{id}/face.jpg")),
        created_date: None,
        trogs: Default::default(),
        extra: Item::new(),
    }
    .to_item()
}

fn miles_id(n: usize) -> String {
    format!("miles{n:011}")
}

async fn world() -> Fixture {
    assert!(MILES + OTHERS.len() > HOME_LIST_LIMIT);
    let f = Fixture::empty();
    let mut items: Vec<Item> = (0..MILES)
        .map(|n| artist(&miles_id(n), &format!("Miles {n:04}")))
        .collect();
    items.extend(OTHERS.iter().map(|(id, name)| artist(id, name)));
    f.store.put_all(items).await.unwrap();
    f
}

fn set<S: ToString>(paths: impl IntoIterator<Item = S>) -> BTreeSet<String> {
    paths.into_iter().map(|p| p.to_string()).collect()
}

/// The published index pages, by path.
fn index_pages(f: &Fixture) -> BTreeMap<String, String> {
    let dir = f.out().join("artists");
    let mut pages = BTreeMap::new();
    if !dir.exists() {
        return pages;
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if PageRef::from_path(&format!("artists/{name}")).is_some() {
            let path = format!("artists/{name}");
            pages.insert(path.clone(), f.page(&path));
        }
    }
    pages
}

/// The artist ids an index page links to, in order.
fn listed(html: &str) -> Vec<String> {
    html.match_indices("href=\"/artist/")
        .map(|(i, m)| {
            let start = i + m.len();
            let end = start + html[start..].find('"').unwrap();
            html[start..end].to_string()
        })
        .collect()
}

fn gzipped(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

async fn build(f: &Fixture, spec: &str) -> Report {
    f.site
        .build_changed(&trogs::site::Site::parse_changes(spec).unwrap())
        .await
        .unwrap()
}

async fn rename(f: &Fixture, id: &str, name: &str) {
    f.store
        .update(
            Key::same(id),
            vec![Update::Set("AA_SK".into(), AttributeValue::s(name))],
            None,
        )
        .await
        .unwrap();
}

/// A full build after an incremental one must find nothing to do.
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
        "the incremental build differs from a full one: {full} {:?}",
        full.removed
    );
}

#[tokio::test]
async fn a_large_catalog_gets_an_index_by_initial_from_the_home_query() {
    let f = world().await;
    let report = f.site.build_all().await.unwrap();
    let artists = (MILES + OTHERS.len()) as u64;
    assert_eq!(
        report.queries,
        1 + artists,
        "one query for home and every index page, one per artist"
    );

    let home = f.page("index.html");
    assert!(!home.contains("href=\"/artist/"), "home lists no artists");
    for initial in ["a", "b", "k", "m", "s", "z", "0"] {
        assert!(
            home.contains(&format!("href=\"/artists/{initial}.html\"")),
            "home links to {initial}"
        );
    }
    assert!(home.contains(&format!("{artists} artists")));

    let pages = index_pages(&f);
    assert_eq!(
        set(pages.keys()),
        set([
            "artists/a.html",
            "artists/b.html",
            "artists/k.html",
            "artists/m.html",
            "artists/m-2.html",
            "artists/m-3.html",
            "artists/s.html",
            "artists/z.html",
            "artists/0.html",
        ])
    );
    let rendered = set(report.rendered.iter());
    assert!(set(pages.keys()).is_subset(&rendered));

    // Every artist is on exactly one index page, and on the right one.
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (path, html) in &pages {
        for id in listed(html) {
            assert!(
                f.exists(&format!("artist/{id}.html")),
                "{path} links to {id}, which has no page"
            );
            if let Some(other) = seen.insert(id.clone(), path.clone()) {
                panic!("{id} is on {other} and {path}");
            }
        }
    }
    assert_eq!(seen.len() as u64, artists);
    for (id, page) in [
        ("asta000000000001", "artists/a.html"),
        // "<script>…" is filed under its first letter, after the punctuation.
        ("amp0000000000001", "artists/s.html"),
        ("kino000000000001", "artists/k.html"),
        ("sakamoto00000001", "artists/0.html"),
        ("tupac00000000001", "artists/0.html"),
        ("bjork00000000001", "artists/b.html"),
        ("zed0000000000001", "artists/z.html"),
    ] {
        assert_eq!(seen[id].as_str(), page, "{id}");
    }
    assert_eq!(listed(&pages["artists/m.html"]).len(), ARTISTS_PER_PAGE);
    assert_eq!(listed(&pages["artists/m-3.html"]).len(), 50);
    // In reading order across the pages of one initial.
    let m: Vec<String> = ["artists/m.html", "artists/m-2.html", "artists/m-3.html"]
        .iter()
        .flat_map(|p| listed(&pages[*p]))
        .collect();
    let want: Vec<String> = (0..MILES).map(miles_id).collect();
    assert_eq!(m, want);

    // Numbered pages link to their neighbours.
    let m2 = &pages["artists/m-2.html"];
    assert!(m2.contains("href=\"/artists/m.html\" rel=\"prev\""), "{m2}");
    assert!(m2.contains("href=\"/artists/m-3.html\" rel=\"next\""));
    assert!(!pages["artists/m.html"].contains("rel=\"prev\""));
    assert!(!pages["artists/m-3.html"].contains("rel=\"next\""));
    assert!(pages["artists/z.html"].contains("aria-current=\"page\""));
    assert!(pages["artists/z.html"].contains(&format!(
        "rel=\"canonical\" href=\"{}/artists/z.html\"",
        common::BASE_URL
    )));

    // Every page stays small.
    for (path, html) in &pages {
        let size = gzipped(html.as_bytes());
        assert!(size < 50_000, "{path} is {size} bytes gzipped");
    }
}

#[tokio::test]
async fn artist_changes_render_exactly_the_index_pages_they_touch() {
    let f = world().await;
    f.site.build_all().await.unwrap();

    // A new artist: home, its page and its initial's page.
    f.store
        .put(artist("zoe0000000000001", "Zoë"), None)
        .await
        .unwrap();
    let report = build(&f, "artist:zoe0000000000001").await;
    assert_eq!(
        set(report.rendered.iter()),
        set([
            "index.html",
            "artist/zoe0000000000001.html",
            "artists/z.html"
        ])
    );
    assert!(f.page("artists/z.html").contains("Zoë"));
    assert_same_as_full_build(&f).await;

    // Renamed into another initial: both initials' pages.
    rename(&f, "zoe0000000000001", "Aaron").await;
    let report = build(&f, "artist:zoe0000000000001").await;
    assert_eq!(
        set(report.rendered.iter()),
        set([
            "index.html",
            "artist/zoe0000000000001.html",
            "artists/a.html",
            "artists/z.html"
        ])
    );
    assert!(f.page("artists/a.html").contains("Aaron"));
    assert!(!f.page("artists/z.html").contains("zoe0000000000001"));
    assert_same_as_full_build(&f).await;

    // The last artist of an initial leaves it: its page is removed.
    rename(&f, "zed0000000000001", "Ángel").await;
    let report = build(&f, "artist:zed0000000000001").await;
    assert_eq!(report.removed, vec!["artists/z.html".to_string()]);
    assert!(!f.exists("artists/z.html"));
    // Every index page links to the initials that have artists, so each
    // one drops its link to z.
    let mut want = set(index_pages(&f).keys());
    want.extend(set(["index.html", "artist/zed0000000000001.html"]));
    assert_eq!(set(report.rendered.iter()), want);
    assert!(!f.page("index.html").contains("/artists/z.html"));
    // Every other index page links to the initials: z is gone from them.
    for (path, html) in index_pages(&f) {
        assert!(!html.contains("/artists/z.html"), "{path} links to z");
    }
    assert_same_as_full_build(&f).await;

    // A new artist at the front of a split initial moves every page of it.
    f.store
        .put(artist("mabel00000000001", "Mabel"), None)
        .await
        .unwrap();
    let report = build(&f, "artist:mabel00000000001").await;
    assert_eq!(
        set(report.rendered.iter()),
        set([
            "index.html",
            "artist/mabel00000000001.html",
            "artists/m.html",
            "artists/m-2.html",
            "artists/m-3.html"
        ])
    );
    assert_same_as_full_build(&f).await;

    // Nothing an index card shows changed: no index page is rendered.
    f.store
        .update(
            Key::same("mabel00000000001"),
            vec![Update::Set("Bio".into(), AttributeValue::s("New bio."))],
            None,
        )
        .await
        .unwrap();
    let report = build(&f, "artist:mabel00000000001").await;
    assert_eq!(
        set(report.rendered.iter()),
        set(["index.html", "artist/mabel00000000001.html"])
    );

    // Deleted: its page goes, and its initial's pages move back.
    f.store
        .delete(Key::same("mabel00000000001"), None)
        .await
        .unwrap();
    let report = build(&f, "artist:mabel00000000001").await;
    // With its playlist and feeds.
    assert_eq!(
        report.removed,
        [
            "artist/mabel00000000001.atom",
            "artist/mabel00000000001.html",
            "artist/mabel00000000001.m3u",
            "artist/mabel00000000001.rss",
        ]
    );
    assert_eq!(
        set(report.rendered.iter()),
        set([
            "index.html",
            "artists/m.html",
            "artists/m-2.html",
            "artists/m-3.html"
        ])
    );
    assert_same_as_full_build(&f).await;
}

#[tokio::test]
async fn a_catalog_that_shrinks_lists_everyone_on_home_again_and_keeps_foreign_files() {
    let f = world().await;
    f.site.build_all().await.unwrap();
    let foreign = [
        ("artists/notes.html", "<p>mine</p>"),
        ("artists/q.html", "<p>a page of my own where q would go</p>"),
    ];
    for (path, text) in foreign {
        std::fs::write(f.out().join(path), text).unwrap();
    }
    let mut site = f.site.clone();
    site.options.prune = true;
    let changes: Vec<PageRef> = (0..MILES).map(|n| PageRef::Artist(miles_id(n))).collect();
    for n in 0..MILES {
        f.store.delete(Key::same(&miles_id(n)), None).await.unwrap();
    }
    let report = site.build_changed(&changes).await.unwrap();
    let removed_index: BTreeSet<String> = report
        .removed
        .iter()
        .filter(|p| p.starts_with("artists/"))
        .cloned()
        .collect();
    assert_eq!(
        removed_index,
        set([
            "artists/a.html",
            "artists/b.html",
            "artists/k.html",
            "artists/m.html",
            "artists/m-2.html",
            "artists/m-3.html",
            "artists/s.html",
            "artists/z.html",
            "artists/0.html",
        ])
    );
    let home = f.page("index.html");
    for (id, _) in OTHERS {
        assert!(home.contains(&format!("href=\"/artist/{id}\"")), "{id}");
    }
    assert!(!home.contains("/artists/"));
    // The name is escaped where it is shown.
    assert!(home.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
    for (path, text) in foreign {
        assert_eq!(std::fs::read_to_string(f.out().join(path)).unwrap(), text);
    }
    assert_same_as_full_build(&f).await;
}
