//! The site's optional outputs: `embeds` (embeddable players and oEmbed
//! answers) and `feeds` (playlists, Atom and podcast feeds, `feed.atom`)
//! can be turned off and on again, and `language` reaches the pages and
//! the podcast feed. Turning an output off removes what it published and
//! every link to it; turning it on brings both back.

mod common;

use std::path::Path;

use common::Fixture;

/// Every file under the site folder, relative and sorted.
fn files(out: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| !p.starts_with(".trogs"))
        .collect();
    all.sort();
    all
}

fn is_embed(path: &str) -> bool {
    path.starts_with("embed/") || path.starts_with("oembed/")
}

fn is_feed(path: &str) -> bool {
    path.ends_with(".m3u") || path.ends_with(".rss") || path.ends_with(".atom")
}

/// The pages (HTML outside `embed/`) and their text.
fn pages(f: &Fixture) -> Vec<(String, String)> {
    files(&f.out())
        .into_iter()
        .filter(|p| p.ends_with(".html") && !is_embed(p))
        .map(|p| {
            let text = f.page(&p);
            (p, text)
        })
        .collect()
}

#[tokio::test]
async fn embeds_and_feeds_can_be_turned_off_and_on_and_pages_link_only_what_exists() {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    let everything = files(&f.out());
    let embeds = everything.iter().filter(|p| is_embed(p)).count();
    let feeds = everything.iter().filter(|p| is_feed(p)).count();
    assert!(embeds >= 6 && feeds >= 4, "{everything:?}");
    let page_count = pages(&f).len();

    // Embeds off: their files go, and no page names them.
    let mut site = f.site.clone();
    site.info.embeds = false;
    let report = site.build_all().await.unwrap();
    assert_eq!(report.removed.len(), embeds, "{report}");
    assert!(report.removed.iter().all(|p| is_embed(p)), "{report:?}");
    let now = files(&f.out());
    assert!(!now.iter().any(|p| is_embed(p)), "{now:?}");
    assert_eq!(now.iter().filter(|p| is_feed(p)).count(), feeds);
    assert_eq!(pages(&f).len(), page_count, "a page went with the embeds");
    for (path, html) in pages(&f) {
        for needle in ["oembed", "/embed/", "twitter:player"] {
            assert!(!html.contains(needle), "{path} still names {needle}");
        }
    }
    assert!(f.page("feed.atom").contains("<entry>"));

    // Feeds off as well: playlists and feeds go, with their links.
    site.info.feeds = false;
    site.info.language = "pt-BR".into();
    let report = site.build_all().await.unwrap();
    assert_eq!(report.removed.len(), feeds, "{report}");
    let now = files(&f.out());
    assert!(!now.iter().any(|p| is_feed(p)), "{now:?}");
    assert_eq!(pages(&f).len(), page_count);
    for (path, html) in pages(&f) {
        for needle in [".m3u", ".rss", ".atom", "listen-elsewhere"] {
            assert!(!html.contains(needle), "{path} still names {needle}");
        }
        assert!(html.contains("<html lang=\"pt-BR\" dir=\"ltr\">"), "{path}");
    }
    // Nothing left to do: the next full build writes and removes nothing.
    let again = site.build_all().await.unwrap();
    assert_eq!((again.written, again.removed.len()), (0, 0), "{again}");

    // Both on again: everything is back, in the new language.
    site.info.embeds = true;
    site.info.feeds = true;
    let report = site.build_all().await.unwrap();
    assert_eq!(report.removed.len(), 0, "{report}");
    assert_eq!(files(&f.out()), everything);
    let artist = files(&f.out())
        .into_iter()
        .find(|p| p.starts_with("artist/") && p.ends_with(".rss"))
        .unwrap();
    assert!(
        f.page(&artist).contains("<language>pt-BR</language>"),
        "{artist}"
    );
    let album = common::first_album(&f.out());
    assert!(
        f.page(&format!("embed/album/{album}.html"))
            .contains("<html lang=\"pt-BR\" dir=\"ltr\">")
    );
}
