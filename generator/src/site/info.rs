//! What every page needs to know about the site (its settings, as the
//! configuration gives them), and URLs made absolute against it. The page
//! contexts, the embeds and the feeds all start from it.

/// What every page needs to know about the site.
#[derive(Debug, Clone)]
pub struct SiteInfo {
    pub title: String,
    /// Absolute, without a trailing slash: `https://music.example.org`.
    pub base_url: String,
    pub description: String,
    /// Where media keys resolve, with a trailing slash: `/media/` or
    /// `https://bucket.s3.amazonaws.com/`.
    pub media_url: String,
    /// The language of the site's text, a BCP 47 tag: `<html lang>` and
    /// the podcast feed's `<language>`.
    pub language: String,
    /// Album and track pages get embeddable players and oEmbed answers
    /// (and link them).
    pub embeds: bool,
    /// Pages get their playlists and feeds, and the site its `feed.atom`
    /// (and pages link them).
    pub feeds: bool,
    /// Who the podcast feeds name as their owner (`itunes:owner`), if
    /// anyone.
    pub podcast_owner: Option<PodcastOwner>,
}

/// The podcast feeds' owner: whom directories such as Apple Podcasts write
/// to about the feeds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PodcastOwner {
    pub name: String,
    pub email: String,
}

// The site as the default settings describe it (see `SiteInfo::default`).
pub const DEFAULT_TITLE: &str = "Trogs";
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080";
pub const DEFAULT_MEDIA_URL: &str = "/media/";
pub const DEFAULT_LANGUAGE: &str = "en";

impl Default for SiteInfo {
    /// The default settings' site: what `trogs.toml` would leave unset.
    fn default() -> Self {
        SiteInfo {
            title: DEFAULT_TITLE.into(),
            base_url: DEFAULT_BASE_URL.into(),
            description: String::new(),
            media_url: DEFAULT_MEDIA_URL.into(),
            language: DEFAULT_LANGUAGE.into(),
            embeds: true,
            feeds: true,
            podcast_owner: None,
        }
    }
}

impl SiteInfo {
    /// A site-relative URL as an absolute one, for canonical and Open Graph.
    pub fn absolute(&self, url: &str) -> String {
        if url.starts_with('/') && !url.starts_with("//") {
            concat(&self.base_url, url)
        } else if url.starts_with("//") {
            concat("https:", url)
        } else {
            url.to_string()
        }
    }
}

/// Two strings as one, in a string of the right size (`format!` costs
/// several times more, and URLs are made for every page).
pub(crate) fn concat(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(b);
    s
}
