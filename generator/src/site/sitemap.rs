//! `sitemap.xml` and `robots.txt`, made from what a build publishes (the
//! manifest lists every page), never from extra queries. Past
//! [`SITEMAP_URLS`] pages, `sitemap.xml` becomes a sitemap index of
//! `sitemap-1.xml`, `sitemap-2.xml`, … as the sitemaps protocol asks.

use std::fmt::Write as _;
use std::hash::Hash;

use super::page::PageRef;
use super::render::InputHasher;
use crate::publish::Hash128;

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
    let mut h = InputHasher::new();
    "sitemap".hash(&mut h);
    fingerprint.0.hash(&mut h);
    limit.hash(&mut h);
    h.finish128()
}

/// `sitemap.xml` (and its parts) and `robots.txt` for `pages`, each
/// page's URL made absolute with `base_url`.
pub fn files<'a>(
    base_url: &str,
    pages: impl Iterator<Item = &'a PageRef>,
    limit: usize,
) -> Vec<(String, Vec<u8>)> {
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    const NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let limit = limit.max(1);
    let base = xml_escape(base_url.trim_end_matches('/'));
    // Each part is written whole as it is listed (no second copy of it).
    let open = format!("{HEAD}<urlset xmlns=\"{NS}\">\n");
    const CLOSE: &str = "</urlset>\n";
    let mut parts: Vec<String> = Vec::new();
    let mut current = open.clone();
    let mut count = 0;
    for page in pages {
        if count == limit {
            current.push_str(CLOSE);
            parts.push(std::mem::replace(&mut current, open.clone()));
            count = 0;
        }
        let _ = writeln!(
            current,
            "<url><loc>{base}{}</loc></url>",
            xml_escape(&page.url())
        );
        count += 1;
    }
    current.push_str(CLOSE);
    parts.push(current);
    let mut files = Vec::new();
    if parts.len() == 1 {
        let part = parts.pop().expect("one part");
        files.push((SITEMAP_PATH.to_string(), part.into_bytes()));
    } else {
        let mut index = format!("{HEAD}<sitemapindex xmlns=\"{NS}\">\n");
        for (n, part) in parts.into_iter().enumerate() {
            let path = format!("sitemap-{}.xml", n + 1);
            let _ = writeln!(index, "<sitemap><loc>{base}/{path}</loc></sitemap>");
            files.push((path, part.into_bytes()));
        }
        index.push_str("</sitemapindex>\n");
        files.push((SITEMAP_PATH.to_string(), index.into_bytes()));
    }
    let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}/{SITEMAP_PATH}\n");
    files.push((ROBOTS_PATH.to_string(), robots.into_bytes()));
    files
}

fn xml_escape(text: &str) -> String {
    super::feeds::xml_escape(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_escaping() {
        assert!(is_part("sitemap-12.xml"));
        assert!(!is_part("sitemap.xml") && !is_part("sitemap-.xml") && !is_part("sitemap-x.xml"));
        let pages = [
            PageRef::Home,
            PageRef::Artist("a".into()),
            PageRef::Album("b".into()),
        ];
        let split = files("https://x.org/?a=1&b=<2>", pages.iter(), 2);
        let names: Vec<&str> = split.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap.xml",
                "robots.txt"
            ]
        );
        let index = String::from_utf8(split[2].1.clone()).unwrap();
        assert!(index.contains("<loc>https://x.org/?a=1&amp;b=&lt;2&gt;/sitemap-2.xml</loc>"));
        let one = files("https://x.org", pages.iter(), 3);
        assert_eq!(one.len(), 2);
        let robots = String::from_utf8(one[1].1.clone()).unwrap();
        assert!(robots.contains("Sitemap: https://x.org/sitemap.xml"));
    }
}
