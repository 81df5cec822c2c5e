//! Embeddable players and their oEmbed answers, published beside album and
//! track pages from the page's own context (no query, no second context):
//!
//! - `embed/album/{id}.html`, `embed/track/{id}.html`: the cover and the
//!   player;
//! - `embed/compact/album/{id}.html`, `embed/compact/track/{id}.html`: the
//!   player alone, in a short frame;
//! - `oembed/album/{id}.json`, `oembed/track/{id}.json`: oEmbed 1.0
//!   (`type: rich`), whose `html` is an `<iframe>` of the full embed, and
//!   whose thumbnail is the page's image at its recorded size.
//!
//! They are rendered with the theme's `embed` template (the default
//! theme's when a theme has none). An embed URL names its entity by id, so
//! it never starts playing something else.

use serde::Serialize;
use serde_json::Value;

use super::escape::escape_html;
use super::info::SiteInfo;
use super::page::PageRef;

/// The frame of the full embed.
pub const WIDTH: u32 = 400;
pub const ALBUM_HEIGHT: u32 = 560;
pub const TRACK_HEIGHT: u32 = 440;
/// The frame of a compact embed.
pub const COMPACT_ALBUM_HEIGHT: u32 = 240;
pub const COMPACT_TRACK_HEIGHT: u32 = 130;

/// The embeds' URLs (site-relative) for a page: (full, compact, oEmbed).
pub fn urls(page: &PageRef) -> Option<(String, String, String)> {
    let (kind, id) = match page {
        PageRef::Album(id) => ("album", id),
        PageRef::Track(id) => ("track", id),
        _ => return None,
    };
    Some((
        format!("/embed/{kind}/{id}.html"),
        format!("/embed/compact/{kind}/{id}.html"),
        format!("/oembed/{kind}/{id}.json"),
    ))
}

/// The full embed's height for a page.
pub fn height(page: &PageRef) -> u32 {
    match page {
        PageRef::Album(_) => ALBUM_HEIGHT,
        _ => TRACK_HEIGHT,
    }
}

/// What the `embed` template gets beside the page's context:
/// `{ album (true for an album), compact, title, label, url (the page),
/// image, width, height, playlist }`; `label` is the title with its
/// artist's name in the site's language (what the oEmbed answer's frame
/// is titled); `playlist` (the `embed_playlist` partial, HTML the theme
/// escaped) is filled in at render time.
pub fn context(site: &SiteInfo, page: &PageRef, title: &str, label: &str, image: &Value) -> Value {
    // Built as a map in its keys' order, with the image cloned: `json!`
    // would copy the image through serde, for every album and track page.
    let entries: [(&str, Value); 9] = [
        ("album", Value::Bool(matches!(page, PageRef::Album(_)))),
        ("compact", Value::Bool(false)),
        ("height", Value::from(height(page))),
        ("image", image.clone()),
        ("label", Value::from(label)),
        ("playlist", Value::from("")),
        ("title", Value::from(title)),
        ("url", Value::String(site.absolute(&page.url()))),
        ("width", Value::from(WIDTH)),
    ];
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// An oEmbed 1.0 answer, its fields in the order of their names (as the
/// answer was first written, from a sorted JSON map).
#[derive(Serialize)]
struct OEmbed<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    author_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author_url: Option<String>,
    cache_age: u32,
    height: u32,
    html: String,
    provider_name: &'a str,
    provider_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    thumbnail_height: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    thumbnail_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    thumbnail_width: Option<u64>,
    title: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    version: &'static str,
    width: u32,
}

/// The oEmbed answer for a page, from its template context.
pub fn oembed(site: &SiteInfo, page: &PageRef, context: &Value) -> Vec<u8> {
    let (full, _, _) = urls(page).expect("only album and track pages have embeds");
    let embed = &context["embed"];
    let title = embed["title"].as_str().unwrap_or_default();
    let artist = context["artist"]["name"].as_str().unwrap_or_default();
    let label = embed["label"].as_str().unwrap_or(title);
    let height = height(page);
    let html = format!(
        "<iframe src=\"{}\" width=\"{WIDTH}\" height=\"{height}\" style=\"border:0\" \
         allow=\"autoplay\" loading=\"lazy\" title=\"{}\"></iframe>",
        escape_html(&site.absolute(&full)),
        escape_html(label),
    );
    let mut answer = OEmbed {
        author_name: None,
        author_url: None,
        cache_age: 3600,
        height,
        html,
        provider_name: &site.title,
        provider_url: site.absolute("/"),
        thumbnail_height: None,
        thumbnail_url: None,
        thumbnail_width: None,
        title,
        kind: "rich",
        version: "1.0",
        width: WIDTH,
    };
    if !artist.is_empty() {
        answer.author_name = Some(artist);
        answer.author_url = context["artist"]["url"]
            .as_str()
            .map(|url| site.absolute(url));
    }
    // oEmbed wants a thumbnail's URL with its true width and height, or
    // none of the three: an image whose size the catalog does not record
    // (the original site's, before `trogs media process`) gets none.
    let image = &embed["image"];
    if image["placeholder"] == false
        && let (Some(src), Some(width), Some(height)) = (
            image["medium"].as_str(),
            image["width"].as_u64(),
            image["height"].as_u64(),
        )
    {
        answer.thumbnail_url = Some(site.absolute(src));
        answer.thumbnail_width = Some(width);
        answer.thumbnail_height = Some(height);
    }
    let mut bytes = serde_json::to_vec(&answer).expect("JSON values always serialise");
    bytes.push(b'\n');
    bytes
}
