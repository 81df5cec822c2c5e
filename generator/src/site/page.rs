//! Which pages the site has, and where each is published. (Which pages
//! list which is recorded in the site's manifest, `publish::manifest`.)

use std::fmt;

use super::info::{SiteInfo, concat};
use crate::catalog::model::is_valid_id;
use crate::publish::Address;

/// The initials of the index, in the order the home page shows them:
/// `a`–`z`, then `0` for names that start with a digit, a symbol or a
/// letter of a script that has no common Latin spelling.
pub const INITIALS: [char; 27] = [
    'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's',
    't', 'u', 'v', 'w', 'x', 'y', 'z', '0',
];

/// The site-wide feed of new releases.
pub const SITE_FEED_PATH: &str = "feed.atom";

/// One page of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageRef {
    Home,
    NotFound,
    Artist(String),
    Album(String),
    Track(String),
    /// A page of the artist index: the artists whose names start with
    /// `initial` (`a`–`z`, or `0` for every other start), `number` counting
    /// from 1 (see `site::directory`).
    Artists {
        initial: char,
        number: u32,
    },
}

/// A kind of file published beside a page (`PageRef::companions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beside {
    /// An M3U playlist.
    Playlist,
    /// An Atom feed of new releases.
    Atom,
    /// A podcast RSS feed.
    Podcast,
    /// The embeddable player.
    Embed,
    /// The embeddable player without a cover.
    CompactEmbed,
    /// The oEmbed answer.
    OEmbed,
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
            PageRef::Artists { .. } => format!("artists/{}.html", self.artists_name()),
        }
    }

    /// `a`, `a-2`: the file name of an index page, without `.html`.
    fn artists_name(&self) -> String {
        match self {
            PageRef::Artists { initial, number: 1 } => initial.to_string(),
            PageRef::Artists { initial, number } => format!("{initial}-{number}"),
            _ => String::new(),
        }
    }

    /// The files published beside the page, made from the same rows by the
    /// same job (so they cost no query of their own): an album's M3U
    /// playlist; an artist's M3U playlist, Atom feed and podcast RSS feed;
    /// an album's or a track's embeddable players (full and compact) and
    /// oEmbed answer. Each is recorded in the manifest with the page's
    /// inputs, and goes when the page goes. Their paths never change
    /// meaning: an embed always plays the entity of its id.
    pub fn companions(&self) -> Vec<String> {
        self.companion_kinds()
            .iter()
            .filter_map(|&kind| self.beside(kind))
            .collect()
    }

    /// The kinds of file published beside this page.
    fn companion_kinds(&self) -> &'static [Beside] {
        match self {
            PageRef::Album(_) => &[
                Beside::Playlist,
                Beside::Embed,
                Beside::CompactEmbed,
                Beside::OEmbed,
            ],
            PageRef::Track(_) => &[Beside::Embed, Beside::CompactEmbed, Beside::OEmbed],
            PageRef::Artist(_) => &[Beside::Playlist, Beside::Atom, Beside::Podcast],
            _ => &[],
        }
    }

    /// Where the file of `kind` beside this page is published
    /// (`artist/ID.atom`, `embed/compact/track/ID.html`); none for pages
    /// without an entity.
    pub fn beside(&self, kind: Beside) -> Option<String> {
        let (page, id) = match self {
            PageRef::Artist(id) => ("artist", id),
            PageRef::Album(id) => ("album", id),
            PageRef::Track(id) => ("track", id),
            _ => return None,
        };
        Some(match kind {
            Beside::Playlist => format!("{page}/{id}.m3u"),
            Beside::Atom => format!("{page}/{id}.atom"),
            Beside::Podcast => format!("{page}/{id}.rss"),
            Beside::Embed => format!("embed/{page}/{id}.html"),
            Beside::CompactEmbed => format!("embed/compact/{page}/{id}.html"),
            Beside::OEmbed => format!("oembed/{page}/{id}.json"),
        })
    }

    /// The companion files a site with these settings publishes beside
    /// the page: all of them, less the playlists and feeds when the site
    /// has `feeds` off, and less the embeds and oEmbed answers when it has
    /// `embeds` off.
    pub fn companions_for(&self, site: &SiteInfo) -> Vec<String> {
        self.companion_kinds()
            .iter()
            .filter(|kind| match kind {
                Beside::Embed | Beside::CompactEmbed | Beside::OEmbed => site.embeds,
                Beside::Playlist | Beside::Atom | Beside::Podcast => site.feeds,
            })
            .filter_map(|&kind| self.beside(kind))
            .collect()
    }

    /// The page a companion file (`artist/ID.atom`, `embed/album/ID.html`)
    /// belongs to.
    pub fn of_companion(path: &str) -> Option<PageRef> {
        let (stem, _) = path.rsplit_once('.')?;
        let stem = stem
            .strip_prefix("embed/compact/")
            .or_else(|| stem.strip_prefix("embed/"))
            .or_else(|| stem.strip_prefix("oembed/"))
            .unwrap_or(stem);
        let page = PageRef::from_path(&format!("{stem}.html"))?;
        page.companions().iter().any(|c| c == path).then_some(page)
    }

    /// The page's URL, relative to the site root.
    pub fn url(&self) -> String {
        match self {
            PageRef::Home => "/".into(),
            PageRef::NotFound => "/404".into(),
            PageRef::Artist(id) => concat("/artist/", id),
            PageRef::Album(id) => concat("/album/", id),
            PageRef::Track(id) => concat("/track/", id),
            // Served as they are published, on any static host.
            PageRef::Artists { .. } => format!("/artists/{}.html", self.artists_name()),
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
        if dir == "artists" {
            return PageRef::artists(id);
        }
        PageRef::entity(dir, id)
    }

    /// `a`, `a-2`, `0-13` as an index page; `None` for anything a build
    /// would not publish (`a-1`, `a-02`, `ab`).
    fn artists(name: &str) -> Option<PageRef> {
        let (initial, number) = match name.split_once('-') {
            None => (name, 1),
            Some((initial, n)) => {
                if n.starts_with('0') || !n.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                (initial, n.parse().ok().filter(|n| *n >= 2)?)
            }
        };
        let mut chars = initial.chars();
        let initial = chars.next().filter(|c| INITIALS.contains(c))?;
        if chars.next().is_some() {
            return None;
        }
        Some(PageRef::Artists { initial, number })
    }

    /// `artist:ID`, `album:ID`, `track:ID` (`home` for the home page).
    pub fn parse(spec: &str) -> Option<PageRef> {
        if spec == "home" {
            return Some(PageRef::Home);
        }
        let (kind, id) = spec.split_once(':')?;
        if kind == "artists" {
            return PageRef::artists(id);
        }
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

/// How listeners ask for the file published at `path`, for the target it
/// is handed to: pages of entities at their bare URLs (`album/ID`, as the
/// original site had them), everything else at its own path; and whether
/// it is a page at all.
pub fn address(path: &str) -> Address<'_> {
    let page = PageRef::from_path(path);
    let key = match page {
        Some(PageRef::Artist(_) | PageRef::Album(_) | PageRef::Track(_)) => {
            path.strip_suffix(".html").unwrap_or(path)
        }
        _ => path,
    };
    Address {
        path,
        key,
        page: page.is_some(),
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
            PageRef::Artists { .. } => write!(f, "artists:{}", self.artists_name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_requested_at_their_keys() {
        for (path, key, page) in [
            ("index.html", "index.html", true),
            ("404.html", "404.html", true),
            ("artist/abc.html", "artist/abc", true),
            ("album/x_y-1.html", "album/x_y-1", true),
            ("track/t-3.html", "track/t-3", true),
            ("artists/a-2.html", "artists/a-2.html", true),
            (
                "assets/site.0123456789.css",
                "assets/site.0123456789.css",
                false,
            ),
            ("album/x_y-1.m3u", "album/x_y-1.m3u", false),
            ("artist/abc.atom", "artist/abc.atom", false),
            ("embed/track/t-3.html", "embed/track/t-3.html", false),
            ("sitemap.xml", "sitemap.xml", false),
            ("feed.atom", "feed.atom", false),
        ] {
            assert_eq!(address(path), Address { path, key, page }, "{path}");
        }
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
        assert_eq!(
            PageRef::of_companion("album/abc.m3u"),
            Some(PageRef::Album("abc".into()))
        );
        assert_eq!(
            PageRef::of_companion("artist/abc.rss"),
            Some(PageRef::Artist("abc".into()))
        );
        // Every companion leads back to its page; pages without an entity
        // have none.
        for page in [
            PageRef::Artist("abc".into()),
            PageRef::Album("x_y-1".into()),
            PageRef::Track("t".into()),
        ] {
            let companions = page.companions();
            assert!(!companions.is_empty(), "{page}");
            for path in companions {
                assert_eq!(PageRef::of_companion(&path), Some(page.clone()), "{path}");
            }
        }
        assert_eq!(
            PageRef::Track("t".into())
                .beside(Beside::CompactEmbed)
                .as_deref(),
            Some("embed/compact/track/t.html")
        );
        assert!(PageRef::Home.companions().is_empty());
        assert_eq!(PageRef::Home.beside(Beside::Atom), None);
        for bad in [
            "album/abc.rss",
            "track/abc.m3u",
            "album/abc.html",
            "album/../x.m3u",
        ] {
            assert_eq!(PageRef::of_companion(bad), None, "{bad}");
        }
        for page in [
            PageRef::Artists {
                initial: 'a',
                number: 1,
            },
            PageRef::Artists {
                initial: '0',
                number: 12,
            },
        ] {
            assert_eq!(PageRef::from_path(&page.path()), Some(page.clone()));
            assert_eq!(PageRef::parse(&page.to_string()), Some(page));
        }
        assert_eq!(
            PageRef::Artists {
                initial: 'k',
                number: 2
            }
            .path(),
            "artists/k-2.html"
        );
        for bad in ["a-1", "a-02", "ab", "A", "a-", "-2", "ä", "a-x"] {
            assert_eq!(
                PageRef::from_path(&format!("artists/{bad}.html")),
                None,
                "{bad}"
            );
        }
    }
}
