//! `sitemap.xml` and `robots.txt`, made from what a build publishes (the
//! manifest lists every page), never from extra queries. Past
//! [`SITEMAP_URLS`] pages, `sitemap.xml` becomes a sitemap index of
//! `sitemap-1.xml`, `sitemap-2.xml`, … as the sitemaps protocol asks.

use std::fmt::Write as _;
use std::hash::Hash;

use super::page::PageRef;
use crate::hash::{Hash128, InputHasher};

/// The most URLs one sitemap file may list (the protocol's limit).
pub const SITEMAP_URLS: usize = 50_000;
pub const SITEMAP_PATH: &str = "sitemap.xml";
pub const ROBOTS_PATH: &str = "robots.txt";

/// True for `sitemap-N.xml`, a part of a split sitemap.
pub fn is_part(path: &str) -> bool {
    path.strip_prefix("sitemap-")
        .and_then(|p| p.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The published page at `path` the sitemap lists: every page but the 404.
pub fn listed(path: &str) -> Option<PageRef> {
    PageRef::from_path(path).filter(|p| *p != PageRef::NotFound)
}

/// What the files depend on besides the list of pages.
pub fn inputs(fingerprint: Hash128, limit: usize) -> Hash128 {
    let mut h = InputHasher::keyed(fingerprint.as_seed());
    "sitemap".hash(&mut h);
    fingerprint.0.hash(&mut h);
    limit.hash(&mut h);
    h.finish128()
}

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// The path of part `n` (from 1) of a split sitemap.
pub fn part_path(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// A `<urlset>` of `pages`, each page's URL made absolute with `base_url`:
/// `sitemap.xml` itself, or one part of a split sitemap.
pub fn urlset<'a>(base_url: &str, pages: impl Iterator<Item = &'a PageRef>) -> Vec<u8> {
    let base = xml_escape(base_url.trim_end_matches('/'));
    let mut out = format!("{HEAD}<urlset xmlns=\"{NS}\">\n");
    for page in pages {
        let _ = writeln!(
            out,
            "<url><loc>{base}{}</loc></url>",
            xml_escape(&page.url())
        );
    }
    out.push_str("</urlset>\n");
    out.into_bytes()
}

/// The `<sitemapindex>` of a sitemap split into `parts` parts.
pub fn index(base_url: &str, parts: usize) -> Vec<u8> {
    let base = xml_escape(base_url.trim_end_matches('/'));
    let mut out = format!("{HEAD}<sitemapindex xmlns=\"{NS}\">\n");
    for n in 1..=parts {
        let _ = writeln!(out, "<sitemap><loc>{base}/{}</loc></sitemap>", part_path(n));
    }
    out.push_str("</sitemapindex>\n");
    out.into_bytes()
}

/// `robots.txt`: everything may be crawled, and the sitemap is named.
pub fn robots(base_url: &str) -> Vec<u8> {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}/{SITEMAP_PATH}\n").into_bytes()
}

fn xml_escape(text: &str) -> String {
    super::feeds::xml_escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_escaping() {
        assert!(is_part("sitemap-12.xml") && is_part(&part_path(3)));
        assert!(!is_part("sitemap.xml") && !is_part("sitemap-.xml") && !is_part("sitemap-x.xml"));
        let base = "https://x.org/?a=1&b=<2>";
        let pages = [PageRef::Home, PageRef::Artist("a".into())];
        let set = String::from_utf8(urlset(base, pages.iter())).unwrap();
        assert!(
            set.starts_with("<?xml") && set.ends_with("</urlset>\n"),
            "{set}"
        );
        assert!(
            set.contains("<loc>https://x.org/?a=1&amp;b=&lt;2&gt;/artist/a</loc>"),
            "{set}"
        );
        assert_eq!(set.matches("<url>").count(), 2);
        let index = String::from_utf8(index(base, 2)).unwrap();
        assert!(index.contains("<loc>https://x.org/?a=1&amp;b=&lt;2&gt;/sitemap-2.xml</loc>"));
        assert_eq!(index.matches("<sitemap>").count(), 2);
        let robots = String::from_utf8(robots("https://x.org")).unwrap();
        assert!(robots.contains("Sitemap: https://x.org/sitemap.xml"));
    }
}
