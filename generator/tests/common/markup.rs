//! Reading the generator's output in tests: its files, attribute values,
//! titles, JSON-LD and feed texts, unescaped.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// HTML's and XML's escapes undone, for comparing text.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&#x60;", "`")
        .replace("&#x3D;", "=")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The attribute `name`'s value in the first tag of `html` that starts
/// with `tag`, unescaped.
pub fn attribute(html: &str, tag: &str, name: &str) -> Option<String> {
    let at = html.find(tag)?;
    let rest = &html[at..];
    let rest = &rest[..rest.find('>')?];
    let start = rest.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = rest[start..].find('"')? + start;
    Some(unescape(&rest[start..end]))
}

pub fn title_of(html: &str) -> String {
    let start = html.find("<title>").expect("a <title>") + "<title>".len();
    let end = html[start..].find("</title>").unwrap() + start;
    unescape(&html[start..end])
}

/// The texts a feed's elements named `element` hold (inside `within`
/// elements, or anywhere when `within` is empty).
pub fn feed_texts(xml: &str, within: &str, element: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == element)
        .filter(|n| within.is_empty() || n.parent().is_some_and(|p| p.tag_name().name() == within))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

/// Every file under `dir` whose name ends with `ext`.
pub fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file() && p.to_string_lossy().ends_with(ext))
        .collect();
    found.sort();
    found
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The JSON-LD of a page, when it has one.
pub fn json_ld(html: &str) -> Option<Value> {
    let start = html.find("<script type=\"application/ld+json\">")?;
    let rest = &html[start..];
    let body = &rest[rest.find('>')? + 1..rest.find("</script>")?];
    Some(serde_json::from_str(body).unwrap())
}
