//! Files for listeners' apps, published beside the pages and made from the
//! rows their page was made from, so they cost no query of their own:
//!
//! - `album/{id}.m3u`: the album's tracks as an extended M3U playlist;
//! - `artist/{id}.m3u`: the artist's featured tracks and singles (what the
//!   artist page's one query returns; album tracks are in each album's
//!   playlist, and reading them here would cost a query per album on every
//!   incremental build of the artist page);
//! - `artist/{id}.atom`: an Atom 1.0 entry per release (albums and
//!   singles), newest first;
//! - `artist/{id}.rss`: a podcast (RSS 2.0 with the iTunes namespace) with
//!   an item per featured track and single, for the same reason as the
//!   playlist, made to Apple Podcasts' requirements: a square image of
//!   1400 pixels ([`podcast_image`]) and only audio Apple plays, with its
//!   exact length ([`enclosure`]);
//! - `feed.atom`: the site's newest releases across all artists, made from
//!   the release summaries the manifest records for album and single pages
//!   (`publish::Release`), never from extra queries.
//!
//! Every text goes through [`xml_escape`] (or [`m3u_text`]), and URLs are
//! absolute: feed readers and players fetch them from anywhere.

use std::fmt::Write as _;

use super::context::{Contexts, audio_type, credited, duration_seconds, extension};
use super::i18n::FALLBACK;
use super::page::{PageRef, SITE_FEED_PATH};
use crate::catalog::model::{Album, Artist, Track, TrackKind};
use crate::catalog::queries::{AlbumContent, ArtistContent};
use crate::dates::{rfc2822, rfc3339};
use crate::publish::Release;

/// How many releases the site-wide feed lists.
pub const SITE_FEED_ENTRIES: usize = 50;

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const ITUNES_NS: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";
/// Feeds give undated releases this date, so they sort last.
const UNDATED: &str = "1970-01-01T00:00:00Z";

/// Text as XML character data or a quoted attribute value: the markup
/// characters escaped, and the characters XML 1.0 cannot hold at all (most
/// control characters, U+FFFE, U+FFFF) dropped, so any text an artist
/// typed leaves the document well-formed.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept as references, so attribute values keep them too.
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

fn xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text for one M3U line: no line breaks or other control characters
/// (which would start a line of their own), whitespace collapsed.
pub fn m3u_text(text: &str) -> String {
    text.split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A URL as one M3U line: whitespace and control characters
/// percent-encoded, so the URL stays one line and one URL.
fn m3u_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_control() || c.is_whitespace() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The file a listener's app streams for a track: the MP3 rendition when
/// the item records one (every podcast app and player plays MP3), else the
/// original; with its size in bytes when the item records it.
pub struct Stream {
    pub url: String,
    pub mime: String,
    pub length: Option<u64>,
}

/// The bytes of a track's original, when recorded.
fn audio_size(t: &Track) -> Option<u64> {
    t.trogs.audio.size.and_then(|n| u64::try_from(n).ok())
}

pub fn stream(cx: &Contexts<'_>, t: &Track) -> Stream {
    if let Some(r) = t.trogs.renditions.iter().find(|r| r.mime == "audio/mpeg") {
        return Stream {
            url: cx.absolute(&cx.media(&r.key)),
            mime: "audio/mpeg".into(),
            length: r.size,
        };
    }
    Stream {
        url: cx.absolute(&cx.media(&t.audio_url)),
        mime: audio_type(t),
        length: audio_size(t),
    }
}

/// The file a podcast item encloses, which Apple Podcasts (and so most
/// podcast apps) takes only as MP3 or AAC with its exact length in bytes:
/// the MP3 rendition with its `Size`; else the original when it is MP3, or
/// AAC in MP4 (`.m4a`, named `audio/x-m4a` as Apple lists it), and its
/// `AudioSize` is recorded. `None` for any other track (a WAV or FLAC
/// original, or a size nobody recorded, as in the original site's data):
/// it stays out of the podcast until `trogs media process` or the upload
/// service has made its renditions. No file is read to find out.
pub fn enclosure(cx: &Contexts<'_>, t: &Track) -> Option<Stream> {
    for r in t.trogs.renditions.iter().filter(|r| r.mime == "audio/mpeg") {
        if let Some(length) = r.size.filter(|n| *n > 0) {
            return Some(Stream {
                url: cx.absolute(&cx.media(&r.key)),
                mime: "audio/mpeg".into(),
                length: Some(length),
            });
        }
    }
    let ext = extension(&t.audio_url).unwrap_or_default();
    let mime = match audio_type(t).as_str() {
        "audio/mpeg" if ext == "mp3" => "audio/mpeg",
        "audio/mp4" | "audio/x-m4a" | "audio/aac" if matches!(ext.as_str(), "m4a" | "mp4") => {
            "audio/x-m4a"
        }
        _ => return None,
    };
    let length = audio_size(t).filter(|n| *n > 0)?;
    Some(Stream {
        url: cx.absolute(&cx.media(&t.audio_url)),
        mime: mime.into(),
        length: Some(length),
    })
}

/// The artist's `itunes:image`, which Apple Podcasts takes only as a
/// square JPEG or PNG of 1400 to 3000 pixels a side:
///
/// - the image's feed square (`1400x1400`, made at upload or by
///   `trogs media process`);
/// - else the image itself, when its recorded size shows it qualifies;
/// - else, when its size is not recorded (the original site's data, before
///   `trogs media process` has run), the image itself, as before: the
///   artist's own artwork rather than a stand-in, until the feed square
///   exists;
/// - else (no image, or one whose recorded size Apple would refuse) the
///   theme's `podcast-default.png`, a 1400×1400 square.
pub fn podcast_image(cx: &Contexts<'_>, a: &Artist) -> Option<String> {
    let fallback = || {
        cx.theme
            .asset_url("podcast-default.png")
            .map(|u| cx.absolute(u))
    };
    let Some(key) = a.image() else {
        return fallback();
    };
    let full_url = key.contains("://") || key.starts_with("//");
    let recorded = crate::images::Recorded::of(&a.trogs);
    if !full_url && recorded.has(crate::images::FEED_SIZE) {
        let square = crate::images::derivative_key(key, crate::images::FEED_SIZE);
        return Some(cx.absolute(&cx.media(&square)));
    }
    let own = Some(cx.absolute(&cx.media(key)));
    match recorded.dimensions {
        None => own,
        Some((w, h)) => {
            let kind = matches!(extension(key).as_deref(), Some("jpg" | "jpeg" | "png"));
            if kind && w == h && (1400..=3000).contains(&w) {
                own
            } else {
                fallback()
            }
        }
    }
}

/// A track's `Duration` in whole seconds.
fn seconds(t: &Track) -> Option<u64> {
    duration_seconds(t)
        .filter(|d| *d < 1e7)
        .map(|d| d.round() as u64)
}

fn m3u<'a>(
    cx: &Contexts<'_>,
    name: &str,
    tracks: impl Iterator<Item = (&'a Track, Option<&'a Album>, Option<&'a Artist>)>,
) -> Vec<u8> {
    let mut out = String::from("#EXTM3U\n");
    let _ = writeln!(out, "#PLAYLIST:{}", m3u_text(name));
    for (t, album, artist) in tracks {
        let by = m3u_text(credited(t, album, artist));
        let title = m3u_text(&t.title);
        let line = if by.is_empty() {
            title
        } else {
            format!("{by} - {title}")
        };
        let secs = seconds(t).map_or("-1".to_string(), |s| s.to_string());
        let _ = writeln!(out, "#EXTINF:{secs},{line}");
        let _ = writeln!(out, "{}", m3u_url(&stream(cx, t).url));
    }
    out.into_bytes()
}

/// `album/{id}.m3u`: the album's tracks in order.
pub fn album_m3u(cx: &Contexts<'_>, c: &AlbumContent) -> Vec<u8> {
    let al = &c.album;
    let name = match al.artist_name.as_deref().filter(|n| !n.is_empty()) {
        Some(by) => format!("{} - {by}", al.title),
        None => al.title.clone(),
    };
    m3u(cx, &name, c.tracks.iter().map(|t| (t, Some(al), None)))
}

/// The artist's featured tracks (in feature order), then its singles that
/// are not featured.
fn artist_tracks(c: &ArtistContent) -> impl Iterator<Item = (&Track, Option<&Album>)> {
    let album = |t: &Track| {
        t.album_id()
            .and_then(|id| c.albums.iter().find(|a| a.id == id))
    };
    c.featured.iter().map(move |t| (t, album(t))).chain(
        c.singles
            .iter()
            .filter(|s| !c.featured.iter().any(|f| f.id == s.id))
            .map(|t| (t, None)),
    )
}

/// `artist/{id}.m3u`: the artist's featured tracks and singles.
pub fn artist_m3u(cx: &Contexts<'_>, c: &ArtistContent) -> Vec<u8> {
    m3u(
        cx,
        &c.artist.name,
        artist_tracks(c).map(|(t, album)| (t, album, Some(&c.artist))),
    )
}

/// An Atom entry's `<category>` for a release of `kind` (`album` or
/// `single`): the term is for programs and stays as it is in every
/// language; a site in another language than English also labels it in
/// its own words (the theme's `album` and `single`), which feed readers
/// show people. An English site's category stays as it always was: a
/// reader shows the term itself, which says the same.
fn category(cx: &Contexts<'_>, kind: &str) -> String {
    match cx.lang.text(kind).filter(|_| cx.lang.tag != FALLBACK) {
        Some(label) => format!(
            "<category term=\"{kind}\" label=\"{}\"/>",
            xml_escape(label)
        ),
        None => format!("<category term=\"{kind}\"/>"),
    }
}

/// A track's release date: its own for a single, its album's otherwise.
fn release_date<'a>(t: &'a Track, album: Option<&'a Album>) -> Option<&'a str> {
    match &t.kind {
        TrackKind::Single { release_date, .. } => release_date.as_deref(),
        TrackKind::AlbumTrack { .. } => album.and_then(|a| a.release_date.as_deref()),
    }
}

/// Newest first; undated last; then by URL, so the order never depends
/// on the order rows came in.
fn newest_first<T>(items: &mut [(String, String, T)]) {
    items.sort_by(|(da, ua, _), (db, ub, _)| db.cmp(da).then_with(|| ua.cmp(ub)));
}

/// `artist/{id}.atom`: an entry per album and single, newest first.
pub fn artist_atom(cx: &Contexts<'_>, c: &ArtistContent) -> Vec<u8> {
    let a = &c.artist;
    let page = cx.absolute(&PageRef::Artist(a.id.clone()).url());
    let name = xml_escape(&a.name);
    // (updated, page URL, entry body)
    let mut entries: Vec<(String, String, String)> = Vec::new();
    for al in &c.albums {
        let url = cx.absolute(&PageRef::Album(al.id.clone()).url());
        let updated = rfc3339(al.release_date.as_deref()).unwrap_or_else(|| UNDATED.into());
        let summary = cx.lang.say(
            "feed-album-by",
            &[("artist", super::i18n::Arg::Text(&a.name))],
        );
        let body = format!(
            "<title>{}</title>\n{}\n<summary>{}</summary>\n",
            xml_escape(&al.title),
            category(cx, "album"),
            xml_escape(&summary)
        );
        entries.push((updated, url, body));
    }
    for t in &c.singles {
        let url = cx.absolute(&PageRef::Track(t.id.clone()).url());
        let updated = rfc3339(release_date(t, None)).unwrap_or_else(|| UNDATED.into());
        let s = stream(cx, t);
        let length = s
            .length
            .map(|l| format!(" length=\"{l}\""))
            .unwrap_or_default();
        let summary = cx.lang.say(
            "feed-single-by",
            &[("artist", super::i18n::Arg::Text(credited(t, None, Some(a))))],
        );
        let body = format!(
            "<title>{}</title>\n{}\n<summary>{}</summary>\n<link rel=\"enclosure\" type=\"{}\"{length} href=\"{}\"/>\n",
            xml_escape(&t.title),
            category(cx, "single"),
            xml_escape(&summary),
            xml_escape(&s.mime),
            xml_escape(&s.url),
        );
        entries.push((updated, url, body));
    }
    newest_first(&mut entries);
    let updated = entries.first().map_or(UNDATED, |(u, _, _)| u.as_str());
    let mut out = format!("{XML_HEAD}<feed xmlns=\"{ATOM_NS}\">\n");
    let _ = write!(
        out,
        "<title>{name}</title>\n<subtitle>{}</subtitle>\n<id>{}</id>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
         <updated>{updated}</updated>\n<author><name>{name}</name><uri>{}</uri></author>\n\
         <generator>Trogs</generator>\n",
        xml_escape(&cx.lang.say(
            "feed-artist-subtitle",
            &[
                ("artist", super::i18n::Arg::Text(&a.name)),
                ("site", super::i18n::Arg::Text(&cx.site.title)),
            ]
        )),
        xml_escape(&page),
        xml_escape(&format!("{page}.atom")),
        xml_escape(&page),
        xml_escape(&page),
    );
    for (updated, url, body) in &entries {
        let url = xml_escape(url);
        let _ = write!(
            out,
            "<entry>\n<id>{url}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
             <updated>{updated}</updated>\n<published>{updated}</published>\n{body}</entry>\n"
        );
    }
    out.push_str("</feed>\n");
    out.into_bytes()
}

/// A track with the album it is on, if the rows at hand have it.
type Listed<'a> = (&'a Track, Option<&'a Album>);

/// `artist/{id}.rss`: a podcast of the artist's featured tracks and
/// singles, each item enclosing the file podcast apps play.
pub fn artist_rss(cx: &Contexts<'_>, c: &ArtistContent) -> Vec<u8> {
    let a = &c.artist;
    let page = cx.absolute(&PageRef::Artist(a.id.clone()).url());
    let name = xml_escape(&a.name);
    let bio = a.bio.as_deref().unwrap_or_default().trim();
    let description = if bio.is_empty() {
        cx.lang.say(
            "artist-description",
            &[
                ("name", super::i18n::Arg::Text(&a.name)),
                ("site", super::i18n::Arg::Text(&cx.site.title)),
            ],
        )
    } else {
        bio.to_string()
    };
    let image = podcast_image(cx, a);
    let mut out = format!(
        "{XML_HEAD}<rss version=\"2.0\" xmlns:itunes=\"{ITUNES_NS}\" xmlns:atom=\"{ATOM_NS}\">\n<channel>\n"
    );
    let _ = write!(
        out,
        "<title>{name}</title>\n<link>{}</link>\n\
         <atom:link rel=\"self\" type=\"application/rss+xml\" href=\"{}\"/>\n\
         <description>{}</description>\n<language>{}</language>\n\
         <itunes:author>{name}</itunes:author>\n",
        xml_escape(&page),
        xml_escape(&format!("{page}.rss")),
        xml_escape(&description),
        xml_escape(&cx.site.language),
    );
    if let Some(image) = image {
        let _ = writeln!(out, "<itunes:image href=\"{}\"/>", xml_escape(&image));
    }
    if let Some(owner) = &cx.site.podcast_owner {
        let _ = writeln!(
            out,
            "<itunes:owner><itunes:name>{}</itunes:name><itunes:email>{}</itunes:email></itunes:owner>",
            xml_escape(&owner.name),
            xml_escape(&owner.email),
        );
    }
    out.push_str(
        "<itunes:category text=\"Music\"/>\n<itunes:explicit>false</itunes:explicit>\n\
         <itunes:type>episodic</itunes:type>\n",
    );
    let mut items: Vec<(String, String, (Listed<'_>, Stream))> = artist_tracks(c)
        .filter_map(|(t, album)| {
            let s = enclosure(cx, t)?;
            let updated = rfc3339(release_date(t, album)).unwrap_or_else(|| UNDATED.into());
            Some((updated, t.id.clone(), ((t, album), s)))
        })
        .collect();
    newest_first(&mut items);
    for (_, _, ((t, album), s)) in items {
        let url = cx.absolute(&PageRef::Track(t.id.clone()).url());
        let by = credited(t, album, Some(a));
        let summary =
            super::words::track_summary(cx.lang, &t.title, by, album.map(|al| al.title.as_str()));
        let _ = write!(
            out,
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid isPermaLink=\"false\">{}</guid>\n",
            xml_escape(&t.title),
            xml_escape(&url),
            xml_escape(&t.id),
        );
        if let Some(date) = rfc2822(release_date(t, album)) {
            let _ = writeln!(out, "<pubDate>{date}</pubDate>");
        }
        let _ = write!(
            out,
            "<description>{}</description>\n<enclosure url=\"{}\" length=\"{}\" type=\"{}\"/>\n\
             <itunes:author>{}</itunes:author>\n",
            xml_escape(&summary),
            xml_escape(&s.url),
            s.length.unwrap_or_default(),
            xml_escape(&s.mime),
            xml_escape(by),
        );
        if let Some(secs) = seconds(t) {
            let _ = writeln!(out, "<itunes:duration>{secs}</itunes:duration>");
        }
        out.push_str("<itunes:explicit>false</itunes:explicit>\n</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out.into_bytes()
}

/// What the site-wide feed lists of an album page.
pub fn album_release(al: &Album) -> Release {
    Release {
        date: al.release_date.clone().unwrap_or_default(),
        title: al.title.clone(),
        artist: al.artist_name.clone().unwrap_or_default(),
        kind: "album".into(),
    }
}

/// What the site-wide feed lists of a single's page (`None` for an album
/// track: its album is the release).
pub fn single_release(t: &Track, artist: Option<&Artist>) -> Option<Release> {
    let TrackKind::Single { release_date, .. } = &t.kind else {
        return None;
    };
    Some(Release {
        date: release_date.clone().unwrap_or_default(),
        title: t.title.clone(),
        artist: credited(t, None, artist).to_string(),
        kind: "single".into(),
    })
}

/// `feed.atom`: the newest [`SITE_FEED_ENTRIES`] dated releases of the
/// whole site, from the release summaries of published pages (`path`,
/// summary). Undated releases are left out: they have no place in a list
/// of what is new.
pub fn site_feed<'a>(
    cx: &Contexts<'_>,
    releases: impl Iterator<Item = (&'a str, &'a Release)>,
    limit: usize,
) -> Vec<u8> {
    let mut dated: Vec<(String, String, &Release)> = releases
        .filter_map(|(path, r)| {
            let updated = rfc3339(Some(&r.date))?;
            let url = cx.absolute(&PageRef::from_path(path)?.url());
            Some((updated, url, r))
        })
        .collect();
    newest_first(&mut dated);
    dated.truncate(limit);
    let home = cx.absolute("/");
    let self_url = cx.absolute(&format!("/{SITE_FEED_PATH}"));
    let updated = dated.first().map_or(UNDATED, |(u, _, _)| u.as_str());
    let mut out = format!("{XML_HEAD}<feed xmlns=\"{ATOM_NS}\">\n");
    let _ = write!(
        out,
        "<title>{}</title>\n<id>{}</id>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
         <updated>{updated}</updated>\n<author><name>{}</name></author>\n<generator>Trogs</generator>\n",
        xml_escape(&cx.lang.say(
            "site-feed-title",
            &[("site", super::i18n::Arg::Text(&cx.site.title))]
        )),
        xml_escape(&home),
        xml_escape(&self_url),
        xml_escape(&home),
        xml_escape(&cx.site.title),
    );
    for (updated, url, r) in &dated {
        let url = xml_escape(url);
        let kind = if r.kind == "single" {
            "single"
        } else {
            "album"
        };
        let summary = super::words::new_release(cx.lang, kind, &r.artist);
        let _ = write!(
            out,
            "<entry>\n<title>{}</title>\n<id>{url}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
             <updated>{updated}</updated>\n<published>{updated}</published>\n",
            xml_escape(&r.title)
        );
        if !r.artist.is_empty() {
            let _ = writeln!(
                out,
                "<author><name>{}</name></author>",
                xml_escape(&r.artist)
            );
        }
        let _ = write!(
            out,
            "{}\n<summary>{}</summary>\n</entry>\n",
            category(cx, kind),
            xml_escape(&summary)
        );
    }
    out.push_str("</feed>\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_stripped_of_what_xml_cannot_hold() {
        let text = "a<b>&\"c' \u{0}\u{1b}\u{FFFE}d\te\nf";
        let escaped = xml_escape(text);
        assert_eq!(escaped, "a&lt;b&gt;&amp;&quot;c&apos; d&#9;e&#10;f");
        let doc = format!("<x a=\"{escaped}\">{escaped}</x>");
        let parsed = roxmltree::Document::parse(&doc).unwrap();
        assert_eq!(parsed.root_element().text(), Some("a<b>&\"c' d\te\nf"));
        assert_eq!(
            parsed.root_element().attribute("a"),
            Some("a<b>&\"c' d\te\nf")
        );
    }

    #[test]
    fn m3u_lines_stay_lines() {
        assert_eq!(m3u_text(" a\r\n#EXTINF:1,x\u{0}  b "), "a #EXTINF:1,x b");
        assert_eq!(m3u_url("https://x/a b\nc"), "https://x/a%20b%0Ac");
    }
}
