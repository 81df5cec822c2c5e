//! Every link the generated site contains resolves: a crawl of the whole
//! published folder (pages, embeds, the artist index, feeds, playlists, the
//! sitemap, oEmbed answers, robots.txt and the theme's stylesheet) that
//! takes every URL out of every file and maps it to a file the way a static
//! host serves the site (`/album/ID` is `album/ID.html`, `/media/…` is the
//! media folder). Links to other sites are allowed only to the hosts in
//! [`EXTERNAL_HOSTS`], so a new one gets noticed. Incremental builds
//! (an album deleted, a track moved, an artist item gone) leave no dead
//! link either.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{BASE_URL, Fixture, artist_contents, give_renditions};
use trogs::catalog::model::TrackKind;
use trogs::catalog::queries;
use trogs::site::Site;
use trogs::store::{Condition, Key, Write};

/// Hosts the site links to on purpose (licenses; the JSON-LD vocabulary).
/// Anything else outside the site is a failure.
const EXTERNAL_HOSTS: &[&str] = &["creativecommons.org", "schema.org"];

/// `meta` elements whose `content` is a URL.
const META_URLS: &[&str] = &[
    "og:image",
    "og:image:url",
    "og:image:secure_url",
    "og:audio",
    "og:audio:url",
    "og:audio:secure_url",
    "og:video",
    "og:url",
    "twitter:player",
    "twitter:player:stream",
    "twitter:image",
];

/// Attributes whose value is one URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "poster",
    "action",
    "formaction",
    "cite",
    "xlink:href",
    "data-artwork",
    "data-peaks",
    "data-saver",
    "data-url",
];

/// Attributes whose value is a list of `URL descriptor` candidates.
const SRCSET_ATTRIBUTES: &[&str] = &["srcset", "imagesrcset", "data-artwork-set"];

/// A link found in a published file: what kind of link it is and the URL,
/// as written (entities decoded).
struct Found {
    kind: String,
    url: String,
}

/// What a crawl saw: links checked by kind, and every failure.
#[derive(Default)]
struct Crawl {
    /// Links checked (internal and allowed external), by kind.
    kinds: BTreeMap<String, usize>,
    /// Internal links that resolved to a file.
    internal: usize,
    /// Links to allowed external hosts, by host.
    external: BTreeMap<String, usize>,
    /// Files crawled, by extension.
    files: BTreeMap<String, usize>,
    /// `file: [kind] url: why`.
    failures: Vec<String>,
}

impl Crawl {
    fn count(&self, kind: &str) -> usize {
        self.kinds.get(kind).copied().unwrap_or(0)
    }

    fn total(&self) -> usize {
        self.kinds.values().sum()
    }

    /// Fails the test with every dead link, then checks it saw enough
    /// links of each kind that it cannot pass by finding nothing.
    fn assert_no_dead_links(&self, at_least: &[(&str, usize)]) {
        assert!(
            self.failures.is_empty(),
            "{} dead or unexpected links:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        for (kind, min) in at_least {
            assert!(
                self.count(kind) >= *min,
                "only {} links of kind {kind:?} were checked (expected at least {min}); seen: {:#?}",
                self.count(kind),
                self.kinds
            );
        }
    }
}

/// Crawls every file the build published (not `.trogs/`) and checks every
/// link in it.
fn crawl(f: &Fixture) -> Crawl {
    let out = f.out();
    let mut crawl = Crawl::default();
    let walk = walkdir::WalkDir::new(&out)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let ext = rel.rsplit_once('.').map_or("", |(_, e)| e).to_string();
        *crawl.files.entry(ext.clone()).or_default() += 1;
        let bytes = std::fs::read(entry.path()).unwrap();
        let text = || String::from_utf8(bytes.clone()).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let class = if rel.starts_with("embed/") {
            "embed"
        } else {
            "page"
        };
        let found = match ext.as_str() {
            "html" => match html_links(&text(), class) {
                Ok((found, ids, fragments)) => {
                    for fragment in fragments {
                        if ids.contains(&fragment) {
                            *crawl.kinds.entry(format!("{class} #fragment")).or_default() += 1;
                        } else {
                            crawl
                                .failures
                                .push(format!("{rel}: #{fragment}: no element has this id"));
                        }
                    }
                    found
                }
                Err(e) => {
                    crawl.failures.push(format!("{rel}: {e}"));
                    continue;
                }
            },
            "css" => css_links(&text(), "css url()"),
            "atom" | "rss" | "xml" | "svg" => match xml_links(&text(), &ext) {
                Ok(found) => found,
                Err(e) => {
                    crawl.failures.push(format!("{rel}: {e}"));
                    continue;
                }
            },
            "json" => match serde_json::from_str(&text()) {
                Ok(json) => {
                    let mut found = Vec::new();
                    json_links(&json, "oembed", None, &mut found);
                    found
                }
                Err(e) => {
                    crawl.failures.push(format!("{rel}: not JSON: {e}"));
                    continue;
                }
            },
            "m3u" => m3u_links(&text()),
            "txt" => text()
                .lines()
                .filter_map(|l| {
                    let (field, value) = l.split_once(':')?;
                    field.trim().eq_ignore_ascii_case("sitemap").then(|| Found {
                        kind: "robots Sitemap".into(),
                        url: value.trim().to_string(),
                    })
                })
                .collect(),
            // Scripts build URLs at run time from what the pages hold;
            // images and fonts hold none.
            "js" | "png" | "jpg" | "jpeg" | "webp" | "avif" | "gif" | "ico" | "woff" | "woff2" => {
                Vec::new()
            }
            _ => {
                crawl.failures.push(format!(
                    "{rel}: a kind of file the link crawl does not know; teach it its links"
                ));
                continue;
            }
        };
        for link in found {
            check(f, &rel, &link, &mut crawl);
        }
    }
    crawl
}

/// Checks one link of `from` (a path in the site folder), recording it.
fn check(f: &Fixture, from: &str, link: &Found, crawl: &mut Crawl) {
    match target(&link.url, from) {
        Ok(Target::Ignored) => return,
        Ok(Target::External(host)) => *crawl.external.entry(host).or_default() += 1,
        Ok(Target::Internal(path)) => match f.resolve(&path) {
            Ok(_) => crawl.internal += 1,
            Err(why) => {
                crawl
                    .failures
                    .push(format!("{from}: [{}] {}: {why}", link.kind, link.url));
                return;
            }
        },
        Err(why) => {
            crawl
                .failures
                .push(format!("{from}: [{}] {}: {why}", link.kind, link.url));
            return;
        }
    }
    *crawl.kinds.entry(link.kind.clone()).or_default() += 1;
}

enum Target {
    /// Not a link to follow (`mailto:`, `tel:`, `data:`).
    Ignored,
    /// An allowed host outside the site.
    External(String),
    /// A root-relative path on the site, without query or fragment,
    /// percent-decoded.
    Internal(String),
}

/// Where `url`, found in the published file `from`, points.
fn target(url: &str, from: &str) -> Result<Target, String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("an empty link".into());
    }
    // A scheme is what comes before the first `:`, when that is before
    // any `/`, `?` or `#`.
    let scheme = url
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
        .map(str::to_ascii_lowercase);
    let path = if let Some(rest) = url.strip_prefix(BASE_URL) {
        match rest.chars().next() {
            None | Some('?') | Some('#') => "/".to_string(),
            Some('/') => rest.to_string(),
            // `https://music.example.org.evil/`, `…:8080/`.
            Some(_) => return external(url),
        }
    } else if url.starts_with("//") {
        return external(url);
    } else if let Some(scheme) = scheme {
        return match scheme.as_str() {
            "http" | "https" => external(url),
            "mailto" | "tel" | "data" => Ok(Target::Ignored),
            _ => Err(format!("a {scheme}: URL, which pages should not hold")),
        };
    } else if url.starts_with('/') {
        url.to_string()
    } else if url.starts_with('#') {
        // Fragments of the same document are checked against its ids.
        return Ok(Target::Ignored);
    } else {
        // Relative to the folder of the file it is in (pages are served
        // at their path without `.html`, which is in the same folder).
        match from.rsplit_once('/') {
            Some((dir, _)) => format!("/{dir}/{url}"),
            None => format!("/{url}"),
        }
    };
    let path = path.split(['#', '?']).next().unwrap();
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|e| format!("not UTF-8 once decoded: {e}"))?;
    // Normalise `.` and `..` as a browser would; a path above the root
    // is a mistake, not the root.
    let mut segments: Vec<&str> = Vec::new();
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    for (n, segment) in parts.iter().enumerate() {
        match *segment {
            "." => {}
            ".." => {
                segments
                    .pop()
                    .ok_or_else(|| "goes above the site's root".to_string())?;
            }
            s => {
                if s.starts_with('.') {
                    return Err("a hidden path, which no host should serve".into());
                }
                if s.contains('\\') {
                    return Err("a backslash in the path".into());
                }
                if s.is_empty() && n + 1 < parts.len() {
                    return Err("an empty path segment (`//`)".into());
                }
                segments.push(s);
            }
        }
    }
    Ok(Target::Internal(format!("/{}", segments.join("/"))))
}

/// An absolute URL to another site: fine when its host is allowed.
fn external(url: &str) -> Result<Target, String> {
    let (scheme, rest) = match url.split_once("//") {
        Some((scheme, rest)) => (scheme.trim_end_matches(':'), rest),
        None => return Err("not a URL".into()),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let base_host = BASE_URL.split_once("//").unwrap().1;
    if host == base_host {
        return Err(format!(
            "the site's own host, but not under the base URL {BASE_URL}"
        ));
    }
    if !EXTERNAL_HOSTS.contains(&host.as_str()) {
        return Err(format!(
            "a link to {host:?}, which is not an external host the site links to on purpose (EXTERNAL_HOSTS)"
        ));
    }
    if !scheme.eq_ignore_ascii_case("https") {
        return Err("an external link that is not https".into());
    }
    Ok(Target::External(host))
}

/// Decodes the character references an HTML attribute may hold.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let n = if let Some(hex) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    n.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A start tag: its name (lowercase) and attributes (names lowercase,
/// values decoded), in order.
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

impl Tag {
    fn get(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses the attributes of a start tag from just after its name; returns
/// them and the offset just past the tag's `>`.
fn attributes(html: &str, mut at: usize) -> Result<(Vec<(String, String)>, usize), String> {
    let bytes = html.as_bytes();
    let mut attributes = Vec::new();
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= bytes.len() {
            return Err("a tag that never ends".into());
        }
        if bytes[at] == b'>' {
            return Ok((attributes, at + 1));
        }
        let start = at;
        while at < bytes.len()
            && !bytes[at].is_ascii_whitespace()
            && !matches!(bytes[at], b'=' | b'>' | b'/')
        {
            at += 1;
        }
        let name = html[start..at].to_ascii_lowercase();
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if at < bytes.len() && bytes[at] == b'=' {
            at += 1;
            while at < bytes.len() && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let value = match bytes.get(at) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[at + 1..]
                        .find(q as char)
                        .ok_or_else(|| format!("attribute {name} is never closed"))?;
                    let v = &html[at + 1..at + 1 + end];
                    at += end + 2;
                    v
                }
                _ => {
                    let start = at;
                    while at < bytes.len() && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>'
                    {
                        at += 1;
                    }
                    &html[start..at]
                }
            };
            attributes.push((name, decode_entities(value)));
        } else {
            attributes.push((name, String::new()));
        }
    }
}

/// Every start tag of an HTML document, with the text of `script` and
/// `style` elements (which are not markup).
fn tags(html: &str) -> Result<Vec<(Tag, Option<String>)>, String> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(i) = html[at..].find('<') {
        let start = at + i;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or("a comment that never ends")?;
            at = start + end + 3;
        } else if rest.starts_with("<!") || rest.starts_with("</") || rest.starts_with("<?") {
            let end = rest.find('>').ok_or("a tag that never ends")?;
            at = start + end + 1;
        } else if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            let name_end = rest[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
                .map_or(rest.len(), |e| e + 1);
            let name = rest[1..name_end].to_ascii_lowercase();
            let (attributes, end) = attributes(html, start + name_end)?;
            at = end;
            let mut body = None;
            if name == "script" || name == "style" {
                let close = format!("</{name}");
                let end = html[at..]
                    .to_ascii_lowercase()
                    .find(&close)
                    .ok_or_else(|| format!("a <{name}> that never ends"))?;
                body = Some(html[at..at + end].to_string());
                at += end;
            }
            tags.push((Tag { name, attributes }, body));
        } else {
            // A `<` in text.
            at = start + 1;
        }
    }
    Ok(tags)
}

/// Whether a value found where any text could be looks like a URL.
fn looks_like_url(value: &str) -> bool {
    let v = value.trim();
    (v.starts_with("https://") || v.starts_with("http://") || v.starts_with('/'))
        && !v.contains(char::is_whitespace)
        && v.len() > 1
        || v == "/"
}

/// The links of an HTML document (`class`: "page" or "embed", to tell
/// their kinds apart), its ids, and the fragments its `#…` links name.
#[allow(clippy::type_complexity)]
fn html_links(
    html: &str,
    class: &str,
) -> Result<(Vec<Found>, BTreeSet<String>, Vec<String>), String> {
    let mut found = Vec::new();
    let mut ids = BTreeSet::new();
    let mut fragments = Vec::new();
    let push = |found: &mut Vec<Found>, kind: String, url: &str| {
        found.push(Found {
            kind,
            url: url.to_string(),
        })
    };
    for (tag, body) in tags(html)? {
        let meta_url = tag.name == "meta"
            && tag
                .get("property")
                .or_else(|| tag.get("name"))
                .is_some_and(|p| META_URLS.contains(&p));
        for (name, value) in &tag.attributes {
            if name == "id" {
                ids.insert(value.clone());
            } else if URL_ATTRIBUTES.contains(&name.as_str()) {
                if let Some(fragment) = value.strip_prefix('#') {
                    fragments.push(fragment.to_string());
                } else if name.starts_with("data-") {
                    push(&mut found, format!("{class} {name}"), value);
                } else {
                    push(&mut found, format!("{class} {}[{name}]", tag.name), value);
                }
            } else if SRCSET_ATTRIBUTES.contains(&name.as_str()) {
                for candidate in value.split(',') {
                    match candidate.split_whitespace().next() {
                        Some(url) => push(&mut found, format!("{class} {name}"), url),
                        None => push(&mut found, format!("{class} {name}"), ""),
                    }
                }
            } else if name == "content" && meta_url {
                let property = tag.get("property").or_else(|| tag.get("name")).unwrap();
                push(&mut found, format!("{class} meta {property}"), value);
            } else if name == "style" {
                found.extend(css_links(value, &format!("{class} style url()")));
            } else if name.starts_with("xmlns") {
                // A namespace name, never fetched.
            } else if looks_like_url(value) {
                // Any other attribute that holds a URL is checked too, so a
                // new kind of link cannot slip past.
                push(&mut found, format!("{class} {}[{name}]", tag.name), value);
            }
        }
        match (tag.name.as_str(), body) {
            ("script", Some(body)) if tag.get("type") == Some("application/ld+json") => {
                let json: serde_json::Value = serde_json::from_str(&body)
                    .map_err(|e| format!("JSON-LD that does not parse: {e}"))?;
                json_links(&json, &format!("{class} json-ld"), None, &mut found);
            }
            ("style", Some(body)) => {
                found.extend(css_links(&body, &format!("{class} style url()")))
            }
            _ => {}
        }
    }
    Ok((found, ids, fragments))
}

/// The `url(…)`s of a stylesheet (and its `@import`s).
fn css_links(css: &str, kind: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let url = rest[..end].trim().trim_matches(['"', '\'']).to_string();
        rest = &rest[end..];
        // Fragments name SVG filters and markers in the same document.
        if !url.starts_with('#') {
            found.push(Found {
                kind: kind.to_string(),
                url,
            });
        }
    }
    let mut rest = css;
    while let Some(i) = rest.find("@import") {
        rest = &rest[i + 7..];
        let value = rest.trim_start();
        if let Some(q @ ('"' | '\'')) = value.chars().next()
            && let Some(end) = value[1..].find(q)
        {
            found.push(Found {
                kind: kind.replace("url()", "@import"),
                url: value[1..1 + end].to_string(),
            });
        }
    }
    found
}

/// The URLs of a JSON document: every string that looks like one, and the
/// links of the HTML an oEmbed answer embeds.
fn json_links(json: &serde_json::Value, kind: &str, key: Option<&str>, found: &mut Vec<Found>) {
    match json {
        serde_json::Value::String(s) if key == Some("html") => match html_links(s, "oembed") {
            Ok((links, _, _)) => found.extend(links.into_iter().map(|l| Found {
                kind: l.kind.replace("oembed iframe[src]", "oembed iframe"),
                url: l.url,
            })),
            Err(e) => found.push(Found {
                kind: format!("{kind} html (does not parse: {e})"),
                url: String::new(),
            }),
        },
        serde_json::Value::String(s) if looks_like_url(s) => found.push(Found {
            kind: match key {
                Some(key) if kind == "oembed" => format!("oembed {key}"),
                _ => kind.to_string(),
            },
            url: s.clone(),
        }),
        serde_json::Value::Array(items) => {
            for item in items {
                json_links(item, kind, key, found);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                json_links(v, kind, Some(k), found);
            }
        }
        _ => {}
    }
}

/// The entries of an M3U playlist: every line that is not a comment.
fn m3u_links(text: &str) -> Vec<Found> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| Found {
            kind: "m3u entry".into(),
            url: l.to_string(),
        })
        .collect()
}

/// The links of a feed, sitemap or SVG: the elements and attributes that
/// hold one by their format, and any other text or attribute that looks
/// like an absolute URL.
fn xml_links(xml: &str, ext: &str) -> Result<Vec<Found>, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("does not parse: {e}"))?;
    let format = match (ext, doc.root_element().tag_name().name()) {
        ("atom", _) => "atom",
        ("rss", _) => "rss",
        ("svg", _) => "svg",
        (_, "urlset" | "sitemapindex") => "sitemap",
        (_, other) => {
            return Err(format!(
                "an XML file with root <{other}> the crawl does not know"
            ));
        }
    };
    let mut found = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        let text = node
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect::<String>();
        let text = text.trim();
        let mut push = |kind: &str, url: &str| {
            found.push(Found {
                kind: format!("{format} {kind}"),
                url: url.to_string(),
            })
        };
        let mut text_taken = false;
        match (format, name) {
            ("sitemap", "loc") => {
                push("loc", text);
                text_taken = true;
            }
            ("atom", "link") => {
                let rel = node.attribute("rel").unwrap_or("alternate");
                if rel == "enclosure" {
                    push("enclosure", node.attribute("href").unwrap_or_default());
                } else {
                    push(
                        &format!("link[{rel}]"),
                        node.attribute("href").unwrap_or_default(),
                    );
                }
            }
            ("atom", "id" | "icon" | "logo" | "uri") if looks_like_url(text) => {
                push(name, text);
                text_taken = true;
            }
            ("atom", "id") => text_taken = true,
            ("rss", "link" | "url" | "comments") if node.tag_name().namespace().is_none() => {
                push(name, text);
                text_taken = true;
            }
            ("rss", "enclosure") => push("enclosure", node.attribute("url").unwrap_or_default()),
            ("rss", "image") if node.tag_name().namespace().is_some() => {
                push("itunes:image", node.attribute("href").unwrap_or_default())
            }
            ("rss", "link") => push(
                &format!("atom:link[{}]", node.attribute("rel").unwrap_or_default()),
                node.attribute("href").unwrap_or_default(),
            ),
            ("rss", "guid") => {
                if node.attribute("isPermaLink") != Some("false") {
                    push("guid", text);
                }
                text_taken = true;
            }
            _ => {}
        }
        for a in node.attributes() {
            let taken = matches!(
                (format, name, a.name()),
                ("atom", "link", "href")
                    | ("rss", "enclosure", "url")
                    | ("rss", "image", "href")
                    | ("rss", "link", "href")
            );
            if !taken
                && (a.value().starts_with("http://")
                    || a.value().starts_with("https://")
                    || (format == "svg" && a.name() == "href"))
            {
                push(&format!("{name}[{}]", a.name()), a.value());
            }
        }
        if !text_taken && (text.starts_with("http://") || text.starts_with("https://")) {
            push(&format!("<{name}>"), text);
        }
    }
    Ok(found)
}

// ---------------------------------------------------------------------------
// The site under test.

/// The demo catalog with its images' derivatives (so pages carry
/// `srcset`s), renditions and peaks for a single and an album's tracks,
/// and releases of an artist without an item; fully built.
async fn built_demo() -> Fixture {
    let f = Fixture::demo().await;
    let images = trogs::images::derive_catalog(&f.store, &(&f.media()).into(), 1, None)
        .await
        .unwrap();
    assert!(images.failed.is_empty(), "{:?}", images.failed);
    assert!(images.derived > 0, "the demo has images");
    let contents = artist_contents(&f).await;
    let with_single = contents.iter().find(|c| !c.singles.is_empty()).unwrap();
    give_renditions(&f, &with_single.singles[0]).await;
    for t in common::album_tracks(&f, &with_single.albums[0].id).await {
        give_renditions(&f, &t).await;
    }
    // Podcast feeds enclose only MP3 (or AAC) of a known length: every
    // single gets its renditions, so each artist's feed has items.
    for t in contents.iter().flat_map(|c| &c.singles) {
        give_renditions(&f, t).await;
    }

    // Releases whose artist has no item (as in some of the original's
    // data): a full build reaches no page of theirs, so no page may link
    // to one.
    let source = queries::album_content(&f.store, &with_single.albums[0].id)
        .await
        .unwrap()
        .value
        .unwrap();
    let mut album = source.album.clone();
    album.id = ORPHAN_ALBUM.into();
    album.artist_id = GHOST.into();
    let mut track = source.tracks[0].clone();
    track.id = "orphantrack00001".into();
    track.artist_id = GHOST.into();
    track.kind = TrackKind::AlbumTrack {
        album_id: ORPHAN_ALBUM.into(),
        album_title: Some(album.title.clone()),
        number: 0,
    };
    track.featured = Some(true);
    let mut single = with_single.singles[0].clone();
    single.id = "orphansingle0001".into();
    single.artist_id = GHOST.into();
    f.store
        .put_all(vec![album.to_item(), track.to_item(), single.to_item()])
        .await
        .unwrap();

    let report = f.site.build_all().await.unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert!(!f.exists(&format!("album/{ORPHAN_ALBUM}.html")));
    f
}

/// An artist with no item, and an album of theirs.
const GHOST: &str = "ghostartist00001";
const ORPHAN_ALBUM: &str = "orphanalbum00001";

/// What every crawl of the demo must at least see, so that none passes by
/// finding nothing: each kind of link the site has.
const DEMO_KINDS: &[(&str, usize)] = &[
    ("page a[href]", 100),
    ("page link[href]", 100),
    ("page script[src]", 10),
    ("page img[src]", 10),
    ("page srcset", 10),
    ("page source[src]", 20),
    ("page data-artwork", 20),
    ("page data-artwork-set", 20),
    ("embed data-artwork", 20),
    ("embed data-saver", 1),
    ("embed img[src]", 4),
    ("page data-saver", 1),
    ("page data-peaks", 1),
    ("page data-url", 20),
    ("page meta og:image", 20),
    ("page meta og:url", 20),
    ("page meta og:audio", 10),
    ("page meta twitter:player", 10),
    ("page meta twitter:image", 20),
    ("page json-ld", 50),
    ("page #fragment", 20),
    ("embed a[href]", 20),
    ("embed source[src]", 20),
    ("embed link[href]", 20),
    ("embed script[src]", 20),
    ("atom link[self]", 2),
    ("atom link[alternate]", 5),
    ("atom enclosure", 1),
    ("rss enclosure", 5),
    ("rss itunes:image", 3),
    ("rss link", 5),
    ("m3u entry", 20),
    ("sitemap loc", 20),
    ("oembed iframe", 20),
    ("oembed author_url", 20),
    ("oembed provider_url", 20),
    ("oembed thumbnail_url", 20),
    ("robots Sitemap", 1),
];

fn report(name: &str, crawl: &Crawl) {
    eprintln!(
        "{name}: {} links checked ({} internal, external {:?}) in {:?} files",
        crawl.total(),
        crawl.internal,
        crawl.external,
        crawl.files
    );
    for (kind, n) in &crawl.kinds {
        eprintln!("  {n:6}  {kind}");
    }
}

#[tokio::test]
async fn every_link_of_the_demo_site_resolves() {
    let f = built_demo().await;
    let crawl = crawl(&f);
    report("full build", &crawl);
    crawl.assert_no_dead_links(DEMO_KINDS);
    assert!(crawl.total() > 2000, "{}", crawl.total());
    assert!(
        crawl.external.contains_key("creativecommons.org"),
        "license links: {:?}",
        crawl.external
    );
    for ext in ["html", "atom", "rss", "m3u", "json", "xml", "txt", "css"] {
        assert!(crawl.files.contains_key(ext), "no .{ext} file was crawled");
    }
}

/// The crawl itself finds what it should: a dead page link, a missing
/// media file, an unknown external host and a missing fragment target.
#[tokio::test]
async fn the_crawl_notices_dead_links() {
    let f = built_demo().await;
    let album = common::first_album(&f.out());
    let path = f.out().join(format!("album/{album}.html"));
    let html = std::fs::read_to_string(&path).unwrap();
    let html = html.replacen(
        "</main>",
        "<a href=\"/track/nosuchtrack00000\">x</a>\
         <img src=\"/media/art/nothing.jpg\" srcset=\"/assets/nothing.svg 2x\" alt=\"\">\
         <a href=\"https://tracker.example.com/x\">y</a>\
         <a href=\"#nowhere\">z</a><a href=\"javascript:void(0)\">v</a>\
         <a href=\"https://music.example.org/album/nosuchalbum&amp;x\">w</a></main>",
        1,
    );
    std::fs::write(&path, html).unwrap();
    std::fs::write(f.out().join("extra.m3u"), "#EXTM3U\nrelative/missing.mp3\n").unwrap();
    let crawl = crawl(&f);
    let failures = crawl.failures.join("\n");
    for dead in [
        "/track/nosuchtrack00000",
        "/media/art/nothing.jpg",
        "/assets/nothing.svg",
        "https://tracker.example.com/x",
        "#nowhere",
        "https://music.example.org/album/nosuchalbum&x",
        "javascript:void(0)",
        "extra.m3u: [m3u entry] relative/missing.mp3: no published file",
    ] {
        assert!(
            failures.contains(dead),
            "{dead} is not reported:\n{failures}"
        );
    }
    assert_eq!(crawl.failures.len(), 8, "{failures}");
}

async fn build(site: &Site, spec: &str) {
    site.build_changed(&Site::parse_changes(spec).unwrap())
        .await
        .unwrap();
}

/// Incremental builds leave no dead link: a track moves to another album
/// while its old album is deleted; a single is deleted.
#[tokio::test]
async fn incremental_builds_leave_no_dead_links() {
    let f = built_demo().await;
    let contents = artist_contents(&f).await;
    let asta = contents
        .iter()
        .find(|c| c.artist.name.starts_with("Ásta"))
        .unwrap();
    assert!(asta.albums.len() >= 2 && !asta.singles.is_empty());

    // A track moves to the artist's other album; its old album goes.
    let (old, new) = (&asta.albums[0], &asta.albums[1]);
    let old_tracks = common::album_tracks(&f, &old.id).await;
    let new_tracks = common::album_tracks(&f, &new.id).await;
    let mut moved = old_tracks[0].clone();
    moved.kind = TrackKind::AlbumTrack {
        album_id: new.id.clone(),
        album_title: Some(new.title.clone()),
        number: new_tracks.len() as u32 + 1,
    };
    moved.featured = None;
    moved.feature_sort = None;
    let mut writes = vec![
        Write::Put {
            item: moved.to_item(),
            condition: Some(Condition::Exists),
        },
        Write::Delete {
            key: Key::new(&old.artist_id, &old.id),
            condition: Some(Condition::Exists),
        },
    ];
    writes.extend(old_tracks[1..].iter().map(|t| Write::Delete {
        key: Key::same(&t.id),
        condition: None,
    }));
    f.store.transact(writes).await.unwrap();
    build(
        &f.site,
        &format!("album:{},album:{},track:{}", old.id, new.id, moved.id),
    )
    .await;
    assert!(!f.exists(&format!("album/{}.html", old.id)));
    let crawl1 = crawl(&f);
    report("a track moved, its album deleted", &crawl1);
    crawl1.assert_no_dead_links(&[("page a[href]", 100), ("sitemap loc", 20)]);

    // A single goes.
    let single = &asta.singles[0];
    f.store.delete(Key::same(&single.id), None).await.unwrap();
    build(&f.site, &format!("track:{}", single.id)).await;
    assert!(!f.exists(&format!("track/{}.html", single.id)));
    let crawl2 = crawl(&f);
    report("a single deleted", &crawl2);
    crawl2.assert_no_dead_links(&[("page a[href]", 100), ("rss enclosure", 1)]);

    // A full build afterwards agrees, and has no dead link either.
    let full = f.site.build_all().await.unwrap();
    assert_eq!(
        (full.written, full.feeds_written, full.removed.len()),
        (0, 0, 0),
        "the incremental builds differ from a full one: {full} {:?}",
        full.removed
    );
}

/// An artist's item goes while their albums and tracks stay in the catalog
/// (an import, a hand edit or an interrupted delete that did not go the
/// uploader's way, which deletes the artist last). A full build publishes
/// no page for releases it cannot reach from an artist; `build --changed
/// artist:ID` must leave the site as that full build would, without pages
/// linking to the artist page it removed. (When this test was written it
/// failed: the incremental build kept the album's and tracks' pages,
/// embeds and oEmbed answers, all linking to the removed artist page and
/// feeds, and only the next full build removed them.)
#[tokio::test]
async fn an_artist_item_gone_before_its_releases_leaves_no_dead_links() {
    let f = built_demo().await;
    let contents = artist_contents(&f).await;
    let other = contents
        .iter()
        .find(|c| !c.artist.name.starts_with("Ásta") && !c.albums.is_empty())
        .unwrap();
    f.store
        .delete(Key::same(&other.artist.id), None)
        .await
        .unwrap();
    build(&f.site, &format!("artist:{}", other.artist.id)).await;
    assert!(!f.exists(&format!("artist/{}.html", other.artist.id)));
    let after = crawl(&f);
    report("an artist item deleted, its releases kept", &after);
    after.assert_no_dead_links(&[("page a[href]", 50), ("sitemap loc", 10)]);

    // A full build afterwards agrees.
    let full = f.site.build_all().await.unwrap();
    assert!(
        full.removed.is_empty(),
        "the full build removes what the incremental one left: {:?}",
        full.removed
    );
    crawl(&f).assert_no_dead_links(&[("page a[href]", 50), ("sitemap loc", 10)]);
}

/// Past the home page's limit, artists are listed on `artists/{initial}.html`
/// pages, split with previous and next links: their links resolve too.
#[tokio::test]
async fn the_artist_index_pages_links_resolve() {
    use trogs::site::directory::{ARTISTS_PER_PAGE, HOME_LIST_LIMIT};
    let f = Fixture::demo().await;
    let many = HOME_LIST_LIMIT.max(ARTISTS_PER_PAGE) + 20;
    let items = (0..many)
        .map(|n| {
            trogs::catalog::model::Artist {
                id: format!("miles{n:011}"),
                name: format!("Miles {n:04}"),
                owner: Some("test|1".into()),
                normalized_name: None,
                bio: None,
                image_url: None,
                created_date: None,
                trogs: Default::default(),
                extra: Default::default(),
            }
            .to_item()
        })
        .collect();
    f.store.put_all(items).await.unwrap();
    f.site.build_all().await.unwrap();
    assert!(f.exists("artists/m.html") && f.exists("artists/m-2.html"));
    let crawl = crawl(&f);
    report("the artist index", &crawl);
    crawl.assert_no_dead_links(&[("page a[href]", 2 * many), ("sitemap loc", many)]);
    assert!(
        crawl.files["html"] > many,
        "the artist pages were crawled: {:?}",
        crawl.files
    );
}
