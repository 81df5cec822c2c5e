//! Which pages the site has, where each is published, and how pages record
//! their parents and children so a deletion can find what to re-render.

use std::fmt;

use crate::catalog::model::is_valid_id;

/// One page of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageRef {
    Home,
    NotFound,
    Artist(String),
    Album(String),
    Track(String),
}

impl PageRef {
    /// The file a page is published as. Static hosts serve `artist/ID.html`
    /// at `/artist/ID`, the URL the original site used.
    pub fn path(&self) -> String {
        match self {
            PageRef::Home => "index.html".into(),
            PageRef::NotFound => "404.html".into(),
            PageRef::Artist(id) => format!("artist/{id}.html"),
            PageRef::Album(id) => format!("album/{id}.html"),
            PageRef::Track(id) => format!("track/{id}.html"),
        }
    }

    /// The page's URL, relative to the site root.
    pub fn url(&self) -> String {
        match self {
            PageRef::Home => "/".into(),
            PageRef::NotFound => "/404".into(),
            PageRef::Artist(id) => format!("/artist/{id}"),
            PageRef::Album(id) => format!("/album/{id}"),
            PageRef::Track(id) => format!("/track/{id}"),
        }
    }

    /// The page published at `path` (`album/ID.html`), if it is one of ours.
    pub fn from_path(path: &str) -> Option<PageRef> {
        match path {
            "index.html" => return Some(PageRef::Home),
            "404.html" => return Some(PageRef::NotFound),
            _ => {}
        }
        let (dir, file) = path.split_once('/')?;
        let id = file.strip_suffix(".html")?;
        PageRef::entity(dir, id)
    }

    /// `artist:ID`, `album:ID`, `track:ID` (`home` for the home page).
    pub fn parse(spec: &str) -> Option<PageRef> {
        if spec == "home" {
            return Some(PageRef::Home);
        }
        let (kind, id) = spec.split_once(':')?;
        PageRef::entity(kind, id)
    }

    fn entity(kind: &str, id: &str) -> Option<PageRef> {
        if !is_valid_id(id) {
            return None;
        }
        let id = id.to_string();
        match kind {
            "artist" => Some(PageRef::Artist(id)),
            "album" => Some(PageRef::Album(id)),
            "track" => Some(PageRef::Track(id)),
            _ => None,
        }
    }
}

impl fmt::Display for PageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageRef::Home => f.write_str("home"),
            PageRef::NotFound => f.write_str("404"),
            PageRef::Artist(id) => write!(f, "artist:{id}"),
            PageRef::Album(id) => write!(f, "album:{id}"),
            PageRef::Track(id) => write!(f, "track:{id}"),
        }
    }
}

/// A page's place in the site: the pages that list it and the pages it lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Relations {
    pub parents: Vec<PageRef>,
    pub children: Vec<PageRef>,
}

const PARENTS: &str = "<meta name=\"trogs:parents\" content=\"";
const CHILDREN: &str = "<meta name=\"trogs:children\" content=\"";

impl Relations {
    /// The meta tags the generator puts at the top of `<head>`. After an
    /// entity is deleted, its published page is the one record of where it
    /// was listed, so the generator reads them back from there.
    pub fn meta_tags(&self) -> String {
        let join = |refs: &[PageRef]| {
            refs.iter()
                .map(|r| r.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        format!(
            "{PARENTS}{}\">{CHILDREN}{}\">",
            join(&self.parents),
            join(&self.children)
        )
    }

    pub fn read(html: &str) -> Relations {
        let list = |tag: &str| -> Vec<PageRef> {
            let Some(start) = html.find(tag).map(|i| i + tag.len()) else {
                return Vec::new();
            };
            let end = html[start..].find('"').map_or(start, |e| start + e);
            html[start..end]
                .split_whitespace()
                .filter_map(PageRef::parse)
                .collect()
        };
        Relations {
            parents: list(PARENTS),
            children: list(CHILDREN),
        }
    }

    /// Puts the meta tags at the end of `<head>` (first, if a theme has no
    /// head), so the theme's `<meta charset>` stays in the first bytes.
    /// Artists' text is escaped, so the first `</head>` is the theme's.
    pub fn insert_into(&self, html: &mut String) {
        let at = find_ignoring_case(html, "</head").unwrap_or(0);
        html.insert_str(at, &self.meta_tags());
    }
}

fn find_ignoring_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_survive_the_page() {
        let rel = Relations {
            parents: vec![PageRef::Album("a1".into()), PageRef::Artist("b2".into())],
            children: vec![PageRef::Track("t1".into())],
        };
        let mut html =
            "<!doctype html><html><head><meta charset=utf-8><title>x</title></HEAD></html>"
                .to_string();
        rel.insert_into(&mut html);
        let start = "<!doctype html><html><head><meta charset=utf-8><title>x</title><meta name=\"trogs:parents\"";
        assert!(html.starts_with(start), "{html}");
        assert!(html.ends_with("\"></HEAD></html>"), "{html}");
        assert_eq!(Relations::read(&html), rel);
    }

    #[test]
    fn paths_and_specs() {
        for page in [
            PageRef::Artist("abc".into()),
            PageRef::Album("x_y-1".into()),
            PageRef::Track("t".into()),
        ] {
            assert_eq!(PageRef::from_path(&page.path()), Some(page.clone()));
            assert_eq!(PageRef::parse(&page.to_string()), Some(page));
        }
        assert_eq!(PageRef::parse("artist:../x"), None);
        assert_eq!(PageRef::from_path("artist/../../etc.html"), None);
        assert_eq!(PageRef::parse("label:x"), None);
    }
}
