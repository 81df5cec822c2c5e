//! The Create pages rendered from their templates with sample contexts:
//! every page renders, user text is escaped, nothing inline that the strict
//! Content-Security-Policy would block, every form carries the CSRF token,
//! every control has a label.

use serde_json::{Value, json};
use trogs_uploader::pages::{
    self, Done, DoneQuery, Notice, PageInfo, TEMPLATES, Templates, UserInfo,
};

const CSRF: &str = "0123456789abcdef0123456789abcdef";
const HOSTILE: &str = r#"<script>alert("x")</script> O'Brien & "Sons" onload=alert(1)"#;

fn page(title: &str) -> PageInfo {
    PageInfo {
        title: title.into(),
        csrf: CSRF.into(),
        site_title: "Trogs".into(),
        site_url: "https://music.example/".into(),
        user: Some(UserInfo {
            name: Some("Ada".into()),
            email: Some("ada@example.test".into()),
        }),
        upload_chunk: None,
    }
}

fn track(id: &str, title: &str, featured: bool, single: bool) -> Value {
    json!({ "id": id, "title": title, "number": 1, "single": single, "featured": featured,
            "album_id": if single { Value::Null } else { json!("b000000000000001") },
            "release_date": "2024-05-01", "license": "by-sa", "audio": "https://media.example/a.mp3",
            "duration": 215.5, "version": 3, "page": format!("https://music.example/track/{id}") })
}

/// One sample context per page template, with `name` as every name and
/// title, and the notice and error when given.
fn samples(name: &str, notice: Option<&Notice>, error: Option<&str>) -> Vec<(&'static str, Value)> {
    let with = |title: &str, extra: Value| {
        let mut cx = pages::context(&page(title), notice, error);
        for (k, v) in extra.as_object().unwrap() {
            cx[k] = v.clone();
        }
        cx
    };
    let artist_id = "a000000000000001";
    let album_id = "b000000000000001";
    let album = json!({ "id": album_id, "title": name, "artist_id": artist_id, "artist_name": name,
                        "release_date": "2024-05-01", "license": "by-nc", "description": name,
                        "image": null, "version": 2,
                        "page": format!("https://music.example/album/{album_id}"),
                        "tracks": [track("d000000000000001", name, false, false), track("d000000000000002", "Two", true, false)] });
    let artist = json!({ "id": artist_id, "name": name, "bio": format!("About {name}"),
                         "image": "https://media.example/art/a.jpg", "version": 1,
                         "page": format!("https://music.example/artist/{artist_id}"),
                         "albums": [album.clone()],
                         "singles": [track("c000000000000001", name, true, true), track("c000000000000002", "Two", false, true)],
                         "featured": [track("c000000000000001", name, true, true)] });
    vec![
        ("signin", {
            let mut cx = with("Sign in", json!({ "dev": true, "next": "/create" }));
            cx["page"]["user"] = Value::Null;
            cx["page"]["csrf"] = json!("");
            cx
        }),
        ("terms", with("Terms", json!({ "agreed": false }))),
        (
            "artists",
            with(
                "Your artists",
                json!({
                    "artists": [artist.clone()],
                    "form": { "name": name, "bio": name },
                }),
            ),
        ),
        (
            "artist",
            with(
                name,
                json!({
                    "artist": artist,
                    "form": { "open": true, "title": name, "release_date": "", "license": "by-nc-nd", "description": name },
                }),
            ),
        ),
        (
            "album",
            with(
                name,
                json!({
                    "album": album,
                }),
            ),
        ),
        (
            "error",
            with(
                "Not found",
                json!({ "status": 404, "heading": "This is not here", "back": "/create" }),
            ),
        ),
    ]
}

fn render_all(name: &str) -> Vec<(&'static str, String)> {
    let templates = Templates::builtin().unwrap();
    let notice = Notice {
        text: "Saved. The album page is live.",
        url: Some("https://music.example/album/b000000000000001".into()),
        link_text: "See the page",
    };
    samples(
        name,
        Some(&notice),
        Some("the title is empty; give the album a title"),
    )
    .into_iter()
    .chain(samples(name, None, None))
    .map(|(template, cx)| {
        let html = templates
            .render(template, &cx)
            .unwrap_or_else(|e| panic!("{template}: {e}"));
        (template, html)
    })
    .collect()
}

/// The start tags of `html`: name and attributes (values unescaped only
/// of the quotes), skipping comments.
/// A start tag: its name, its attributes and where it starts.
type Tag = (String, Vec<(String, String)>, usize);

fn tags(html: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        let start = i + at;
        i = start + 1;
        if html[start..].starts_with("<!--") {
            i = start
                + html[start..]
                    .find("-->")
                    .map_or(html.len() - start, |e| e + 3);
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |e| i + e);
        let name = html[i..name_end].to_ascii_lowercase();
        if name.is_empty() || !name.chars().next().unwrap().is_ascii_alphabetic() {
            continue;
        }
        let mut attrs = Vec::new();
        let mut j = name_end;
        loop {
            while j < bytes.len() && (bytes[j] as char).is_whitespace()
                || bytes.get(j) == Some(&b'/')
            {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let key_end = html[j..]
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .map_or(html.len(), |e| j + e);
            let key = html[j..key_end].to_ascii_lowercase();
            j = key_end;
            let mut value = String::new();
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                let quote = bytes[j];
                if quote == b'"' || quote == b'\'' {
                    let end = j + 1 + html[j + 1..].find(quote as char).expect("closed quote");
                    value = html[j + 1..end].to_string();
                    j = end + 1;
                } else {
                    let end = html[j..]
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .map_or(html.len(), |e| j + e);
                    value = html[j..end].to_string();
                    j = end;
                }
            }
            attrs.push((key, value));
        }
        out.push((name, attrs, start));
        i = j;
    }
    out
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[test]
fn every_template_renders_with_a_sample_context() {
    let pages = render_all("Night Drive");
    assert_eq!(pages.len(), 2 * TEMPLATES.len());
    for (template, html) in &pages {
        assert!(html.starts_with("<!doctype html>"), "{template}");
        assert!(html.trim_end().ends_with("</html>"), "{template}");
        assert!(html.contains(r#"<meta name="csrf-token""#), "{template}");
        assert!(html.contains("/assets/create/create."), "{template}");
        assert!(html.contains(r#"aria-live="polite""#), "{template}");
    }
    let artist = &pages.iter().find(|(t, _)| *t == "artist").unwrap().1;
    for path in [
        "/create/artists/a000000000000001",
        "/create/artists/a000000000000001/image?csrf=",
        "/create/artists/a000000000000001/albums",
        "/create/artists/a000000000000001/singles?csrf=",
        "/create/artists/a000000000000001/featured",
        "/create/artists/a000000000000001/delete",
        "/create/albums/b000000000000001",
        "/create/tracks/c000000000000001/move",
        "/create/tracks/c000000000000001/feature",
        "/create/tracks/c000000000000001/delete",
    ] {
        assert!(artist.contains(path), "the artist page has no {path}");
    }
    assert!(artist.contains(r#"data-upload="artist/a000000000000001/singles""#));
    assert!(
        artist.contains(r#"<option value="by-nc-nd" selected>"#),
        "the new album's license defaults to by-nc-nd"
    );
    let album = &pages.iter().find(|(t, _)| *t == "album").unwrap().1;
    assert!(album.contains(r#"data-upload="album/b000000000000001/tracks""#));
    assert!(album.contains(r#"<option value="by-nc" selected>"#));
    assert!(album.contains(r#"multiple accept="audio/*"#));
    assert!(album.contains(r#"<progress"#) || album.contains("data-uploads"));
    assert!(album.contains(r#"href="https://music.example/album/b000000000000001""#));
    let signin = &pages.iter().find(|(t, _)| *t == "signin").unwrap().1;
    assert!(signin.contains(r#"href="/login""#));
    assert!(signin.contains(r#"action="/dev/login""#));
    // The notice links the published page.
    assert!(artist.contains("Saved. The album page is live."));
}

#[test]
fn hostile_names_are_escaped_in_text_and_attributes() {
    for (template, html) in render_all(HOSTILE) {
        assert!(
            !html.contains("<script>alert"),
            "{template}: raw script tag"
        );
        assert!(!html.contains(r#""Sons""#), "{template}: raw quotes");
        assert!(!html.contains("O'Brien"), "{template}: raw apostrophe");
        for (name, attrs, _) in tags(&html) {
            for (key, _) in &attrs {
                assert!(
                    !key.starts_with("on"),
                    "{template}: <{name} {key}=…> came from a name"
                );
            }
        }
        if template != "signin" && template != "terms" && template != "error" {
            assert!(
                html.contains("&lt;script&gt;"),
                "{template}: the name is shown, escaped"
            );
        }
    }
    let artist = render_all(HOSTILE)
        .into_iter()
        .find(|(t, _)| *t == "artist")
        .unwrap()
        .1;
    // In an attribute, the name is the field's whole value.
    let value = tags(&artist)
        .into_iter()
        .find(|(n, a, _)| n == "input" && attr(a, "id") == Some("artist-name"))
        .and_then(|(_, a, _)| attr(&a, "value").map(str::to_string))
        .unwrap();
    assert!(
        value.contains("&quot;Sons&quot;") && value.ends_with("alert(1)"),
        "{value}"
    );
}

#[test]
fn nothing_inline_that_the_content_security_policy_blocks() {
    for (template, html) in render_all("Plain") {
        for (name, attrs, at) in tags(&html) {
            for (key, _) in &attrs {
                assert!(
                    !key.starts_with("on"),
                    "{template}: <{name} {key}> is an inline handler"
                );
                assert_ne!(
                    key, "style",
                    "{template}: <{name} style> is an inline style"
                );
            }
            assert_ne!(name, "style", "{template}: a <style> element");
            if name == "script" {
                assert!(
                    attr(&attrs, "src").is_some_and(|s| s.starts_with("/assets/create/")),
                    "{template}: a script without src"
                );
                let body_start = at + html[at..].find('>').unwrap() + 1;
                assert!(
                    html[body_start..].starts_with("</script>"),
                    "{template}: a script with a body"
                );
            }
            for key in ["href", "src", "action"] {
                if let Some(v) = attr(&attrs, key) {
                    assert!(
                        !v.to_ascii_lowercase().starts_with("javascript:"),
                        "{template}: {key}={v}"
                    );
                }
            }
        }
    }
}

#[test]
fn every_post_form_carries_the_csrf_token() {
    let mut forms = 0;
    for (template, html) in render_all("Plain") {
        let all = tags(&html);
        for (k, (name, attrs, at)) in all.iter().enumerate() {
            if name != "form" {
                continue;
            }
            assert_eq!(
                attr(attrs, "method"),
                Some("post"),
                "{template}: every form posts"
            );
            forms += 1;
            let token = if template == "signin" { "" } else { CSRF };
            let end = at + html[*at..].find("</form>").unwrap();
            let field = all[k + 1..].iter().any(|(n, a, pos)| {
                *pos < end
                    && n == "input"
                    && attr(a, "name") == Some("csrf")
                    && attr(a, "value") == Some(token)
            });
            let action = attr(attrs, "action").unwrap();
            if attr(attrs, "enctype") == Some("multipart/form-data") {
                assert!(
                    action.ends_with(&format!("?csrf={token}")),
                    "{template}: {action}"
                );
            } else {
                assert!(field, "{template}: the form to {action} has no csrf field");
            }
        }
    }
    assert!(forms > 20, "only {forms} forms were checked");
}

#[test]
fn every_control_has_a_label_and_buttons_are_buttons() {
    for (template, html) in render_all("Plain") {
        let all = tags(&html);
        let labelled: Vec<&str> = all
            .iter()
            .filter(|(n, _, _)| n == "label")
            .filter_map(|(_, a, _)| attr(a, "for"))
            .collect();
        for (name, attrs, _) in &all {
            let control = matches!(name.as_str(), "input" | "select" | "textarea" | "progress");
            if !control || attr(attrs, "type") == Some("hidden") {
                continue;
            }
            let id =
                attr(attrs, "id").unwrap_or_else(|| panic!("{template}: <{name}> without an id"));
            assert!(
                labelled.contains(&id),
                "{template}: <{name} id={id}> has no label"
            );
            assert_eq!(
                all.iter()
                    .filter(|(_, a, _)| attr(a, "id") == Some(id))
                    .count(),
                1,
                "{template}: id {id} twice"
            );
        }
        for (name, attrs, _) in &all {
            if name == "button" {
                assert!(
                    attr(attrs, "type").is_some(),
                    "{template}: a button without a type"
                );
            }
            if name == "input" {
                assert!(
                    !matches!(attr(attrs, "type"), Some("submit" | "button")),
                    "{template}: use <button>"
                );
            }
        }
    }
}

#[test]
fn notices_are_fixed_texts_chosen_by_code() {
    let q = |done: &str, live: &str| DoneQuery {
        done: Some(done.into()),
        live: Some(live.into()),
    };
    let url = Some("https://music.example/album/x".to_string());
    let n = Done::notice(&q("album-saved", "1"), url.clone()).unwrap();
    assert_eq!(n.text, "Saved. The album page is live.");
    assert_eq!(n.url, url);
    let n = Done::notice(&q("album-saved", "0"), url.clone()).unwrap();
    assert!(n.text.contains("in a moment") && n.url.is_none());
    assert_eq!(Done::notice(&q("<script>", "1"), url.clone()), None);
    assert!(
        Done::notice(&q("album-deleted", "1"), url)
            .unwrap()
            .url
            .is_none()
    );
    for code in ["terms", "tracks-added", "featured-order"] {
        assert_eq!(Done::parse(code).unwrap().code(), code);
    }
}

#[test]
fn assets_are_fingerprinted_and_a_folder_wins() {
    let builtin = Templates::builtin().unwrap();
    let css = builtin.asset_url("create.css").unwrap();
    assert!(
        css.starts_with("/assets/create/create.") && css.ends_with(".css") && css.len() > 30,
        "{css}"
    );
    let file = css.trim_start_matches("/assets/create/");
    let (asset, fingerprinted) = builtin.asset(file).unwrap();
    assert!(fingerprinted);
    assert_eq!(asset.content_type(), "text/css; charset=utf-8");
    let (_, fingerprinted) = builtin.asset("create.js").unwrap();
    assert!(
        !fingerprinted,
        "the plain name is served too, not cached for good"
    );
    assert!(builtin.asset("create.0000000000.css").is_none());
    assert!(builtin.asset("../Cargo.toml").is_none());

    // A theme's `create/` file replaces the built-in one, and a change
    // shows at once.
    let dir = tempfile::tempdir().unwrap();
    let create = dir.path().join("create");
    std::fs::create_dir_all(create.join("assets")).unwrap();
    std::fs::create_dir_all(create.join("templates")).unwrap();
    std::fs::write(create.join("assets/create.css"), "body { color: red }").unwrap();
    let folder = pages::Pages::new(Some(dir.path().to_path_buf()));
    let first = folder.templates().unwrap().asset_url("create.css").unwrap();
    assert_ne!(first, css);
    std::fs::write(create.join("assets/create.css"), "body { color: blue; }").unwrap();
    let second = folder.templates().unwrap().asset_url("create.css").unwrap();
    assert_ne!(first, second);
    std::fs::write(create.join("templates/error.hbs"), "{{heading}}").unwrap();
    let html = folder
        .templates()
        .unwrap()
        .render("error", &json!({ "heading": "<b>" }))
        .unwrap();
    assert_eq!(html, "&lt;b&gt;");
}
