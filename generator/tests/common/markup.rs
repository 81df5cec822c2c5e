//! Reading the generator's output in tests: attribute values, titles and
//! feed texts, unescaped.

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
