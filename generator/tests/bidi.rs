//! Artists' text inside the generator's sentences, where the sentence is
//! plain text (a `<title>`, a meta description, an attribute, a feed's
//! summary, an oEmbed frame's title): a right-to-left site isolates each
//! name and title between U+2068 and U+2069, so it keeps its own direction;
//! the HTML the page isolates itself (`<bdi>`, `dir="auto"`) and the
//! artists' own text as data (JSON-LD, an oEmbed's `title`, playlists) get
//! no marks, and a left-to-right site none anywhere. Atom categories carry
//! a label in a site's language other than English, which the feed
//! parsers podcast and feed apps use still accept.

mod common;

use common::feed_parsers::parsers_python;
use common::markup::{attribute, feed_texts, files, json_ld, read, title_of};

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use trogs::site::i18n::{Arg, Language};

const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// The demo's site title (the default settings').
const SITE: &str = "Trogs";

/// `text` between the isolation marks.
fn isolated(text: &str) -> String {
    format!("{FSI}{text}{PDI}")
}

fn has_marks(text: &str) -> bool {
    text.contains([FSI, PDI])
}

/// The texts of every `<bdi>` of a page.
fn bdi_texts(html: &str) -> Vec<&str> {
    html.split("<bdi>")
        .skip(1)
        .map(|rest| &rest[..rest.find("</bdi>").expect("a closed <bdi>")])
        .collect()
}

/// `trogs build` of the demo in `dir` in `language`, into `out`.
fn build(dir: &Path, language: &str, out: &str) -> PathBuf {
    common::trogs(dir, &["build", "--language", language, "--out", out]);
    dir.join(out)
}

/// A processed demo catalog (its podcast feeds have items).
fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::trogs(dir.path(), &["demo"]);
    dir
}

fn language(tag: &str) -> std::sync::Arc<Language> {
    let theme = trogs::site::Theme::load(&common::theme_dir()).unwrap();
    let lang = theme.locales.find(tag).unwrap();
    assert_eq!(lang.tag, tag);
    std::sync::Arc::clone(lang)
}

#[test]
fn an_arabic_site_isolates_artists_text_where_it_is_plain_text() {
    let dir = demo();
    let out = build(dir.path(), "ar", "site-ar");
    let ar = language("ar");
    assert_eq!(ar.dir, "rtl");

    // Artist pages: the title is the artist's name and the site's, each
    // isolated.
    let artists = files(&out.join("artist"), ".html");
    assert!(!artists.is_empty());
    for page in &artists {
        let html = read(page);
        let ld = json_ld(&html).expect("an artist page's JSON-LD");
        let name = ld["name"].as_str().unwrap();
        assert_eq!(
            title_of(&html),
            format!("{} — {}", isolated(name), isolated(SITE)),
            "{}",
            page.display()
        );
    }

    // Track pages: the head's plain text carries the marks, the body none.
    let pages = files(&out.join("track"), ".html");
    assert!(pages.len() >= 25, "the demo's track pages: {}", pages.len());
    let mut amp = 0;
    for page in &pages {
        let html = read(page);
        let ld = json_ld(&html).expect("a track page's JSON-LD");
        let title = ld["name"].as_str().unwrap();
        let artist = ld["byArtist"]["name"].as_str().unwrap();
        assert!(!artist.is_empty(), "the demo's tracks have artists");
        let head_title = title_of(&html);
        assert!(
            head_title.contains(&isolated(artist)) && head_title.contains(&isolated(title)),
            "{}: {head_title:?}",
            page.display()
        );
        // The marks are all that is added: without them, the sentence.
        let bare = ar.say_bare(
            "track-by",
            &[("title", Arg::Text(title)), ("artist", Arg::Text(artist))],
        );
        assert_eq!(
            head_title.replace([FSI, PDI], ""),
            format!("{bare} — {SITE}"),
            "{}",
            page.display()
        );
        // Each side of the dash is isolated as a whole: the page's own
        // title, and the site's.
        assert!(
            head_title.starts_with(FSI)
                && head_title.ends_with(&format!("{PDI} — {}", isolated(SITE))),
            "{}: {head_title:?}",
            page.display()
        );
        for (tag, name) in [
            ("<meta name=\"description\"", "content"),
            ("<meta property=\"og:title\"", "content"),
            ("<meta property=\"og:description\"", "content"),
            ("<meta name=\"twitter:title\"", "content"),
            ("<meta name=\"twitter:description\"", "content"),
            (
                "<link rel=\"alternate\" type=\"application/rss+xml\"",
                "title",
            ),
        ] {
            let value = attribute(&html, tag, name)
                .unwrap_or_else(|| panic!("{}: {tag} {name}", page.display()));
            assert!(
                value.contains(&isolated(artist)),
                "{}: {tag} {name}={value:?}",
                page.display()
            );
        }
        // The feeds' links: the site's names the site, the artist's the
        // artist (the oEmbed link's title is the track's own, as data).
        let alternates: Vec<String> = html
            .match_indices("<link rel=\"alternate\"")
            .filter_map(|(at, _)| attribute(&html[at..], "<link", "title"))
            .collect();
        assert!(
            alternates.contains(&ar.say("site-feed-title", &[("site", Arg::Text(SITE))]))
                && alternates.iter().any(|a| a.contains(&isolated(SITE))),
            "{}: {alternates:?}",
            page.display()
        );
        assert!(
            alternates.iter().any(|a| a.contains(&isolated(artist))),
            "{}: {alternates:?}",
            page.display()
        );
        assert!(alternates.contains(&title.to_string()), "{alternates:?}");
        // Still escaped around the marks.
        if artist.contains('&') {
            let escaped = artist.replace('&', "&amp;");
            assert!(html.contains(&isolated(&escaped)), "{}", page.display());
            amp += 1;
        }
        // The artists' text as data, and the HTML the page isolates itself.
        assert!(!has_marks(&ld.to_string()), "{}: JSON-LD", page.display());
        let body = &html[html.find("<body").unwrap()..];
        let bdis = bdi_texts(body);
        assert!(!bdis.is_empty(), "{}: <bdi> in the body", page.display());
        for text in bdis {
            assert!(!has_marks(text), "{}: <bdi>{text:?}", page.display());
        }
        assert!(!has_marks(body), "{}: the body", page.display());
    }
    assert!(amp > 0, "the demo has an artist with & in the name");

    // Every page's body, the embeds' too, is HTML without marks.
    let all = files(&out, ".html");
    assert!(all.len() > 60, "pages and embeds: {}", all.len());
    for page in &all {
        let html = read(page);
        if let Some(at) = html.find("<body") {
            assert!(!has_marks(&html[at..]), "{}: the body", page.display());
        }
        if let Some(ld) = json_ld(&html) {
            assert!(!has_marks(&ld.to_string()), "{}: JSON-LD", page.display());
        }
    }

    // oEmbed: valid JSON; the frame's title (a sentence) isolates the
    // names; the answer's `title` and `author_name` are the artist's text
    // alone, as data.
    let answers = files(&out.join("oembed"), ".json");
    assert!(answers.len() >= 29, "every album's and track's oEmbed");
    for path in &answers {
        let answer: Value =
            serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let frame = attribute(answer["html"].as_str().unwrap(), "<iframe", "title").unwrap();
        let title = answer["title"].as_str().unwrap();
        let artist = answer["author_name"].as_str().unwrap();
        assert!(
            !has_marks(title) && !has_marks(artist),
            "{}",
            path.display()
        );
        assert!(
            frame.contains(&isolated(artist)) && frame.contains(&isolated(title)),
            "{}: {frame:?}",
            path.display()
        );
    }

    // Feeds: the summaries isolate the names; the names as data do not.
    let mut summaries = 0;
    for path in files(&out.join("artist"), ".rss") {
        let xml = read(&path);
        for d in feed_texts(&xml, "item", "description") {
            assert!(d.matches(FSI).count() >= 2, "{}: {d:?}", path.display());
            summaries += 1;
        }
        for t in feed_texts(&xml, "item", "title") {
            assert!(!has_marks(&t), "{}: {t:?}", path.display());
        }
    }
    assert!(summaries >= 10, "podcast items: {summaries}");
    let mut atoms = files(&out.join("artist"), ".atom");
    atoms.push(out.join("feed.atom"));
    let mut summaries = 0;
    for path in &atoms {
        let xml = read(path);
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let authors: Vec<&str> = doc
            .descendants()
            .filter(|n| n.tag_name().name() == "name")
            .filter_map(|n| n.text())
            .collect();
        for s in feed_texts(&xml, "entry", "summary")
            .into_iter()
            .chain(feed_texts(&xml, "feed", "subtitle"))
        {
            assert!(
                authors.iter().any(|a| s.contains(&isolated(a))),
                "{}: {s:?} names none of {authors:?}",
                path.display()
            );
            summaries += 1;
        }
        for t in feed_texts(&xml, "entry", "title") {
            assert!(!has_marks(&t), "{}: {t:?}", path.display());
        }
    }
    assert!(summaries > 10, "Atom summaries: {summaries}");
    let site_feed = read(&out.join("feed.atom"));
    let feed_title = &feed_texts(&site_feed, "feed", "title")[0];
    assert!(feed_title.contains(&isolated(SITE)), "{feed_title:?}");

    // Playlists name the artists' text as players read it: no sentence.
    let playlists = files(&out, ".m3u");
    assert!(playlists.len() > 5);
    for path in playlists {
        assert!(!has_marks(&read(&path)), "{}", path.display());
    }
}

#[test]
fn a_left_to_right_site_has_no_isolation_marks_anywhere() {
    let dir = demo();
    for tag in ["en", "ja"] {
        let out = build(dir.path(), tag, &format!("site-{tag}"));
        let mut walked = 0;
        for path in files(&out, "") {
            let bytes = std::fs::read(&path).unwrap();
            // U+2068 and U+2069 in UTF-8.
            for mark in [[0xE2, 0x81, 0xA8], [0xE2, 0x81, 0xA9]] {
                assert!(
                    !bytes.windows(3).any(|w| w == mark),
                    "{tag}: {} has an isolation mark",
                    path.display()
                );
            }
            walked += 1;
        }
        assert!(walked > 100, "{tag}: {walked} files walked");
    }
}

/// What feedparser (every feed) and podcastparser (podcasts) make of the
/// feed files given: one JSON object per file.
const PARSE: &str = r#"
import json, sys
import feedparser, podcastparser
for path in sys.argv[1:]:
    parsed = feedparser.parse(path)
    found = {
        "path": path,
        "bozo": repr(parsed.get("bozo_exception")) if parsed.bozo else None,
        "title": parsed.feed.get("title"),
        "entries": [
            {
                "summary": e.get("summary"),
                "tags": [{"term": t.get("term"), "label": t.get("label")} for t in e.get("tags", [])],
            }
            for e in parsed.entries
        ],
    }
    if path.endswith(".rss"):
        with open(path, "rb") as stream:
            episodes = podcastparser.parse("file://" + path, stream).get("episodes", [])
        found["episodes"] = [e.get("description") for e in episodes]
    print(json.dumps(found))
"#;

fn parse_feeds(paths: &[PathBuf]) -> Vec<Value> {
    let out = Command::new(parsers_python())
        .arg("-c")
        .arg(PARSE)
        .args(paths)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "feedparser/podcastparser: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed.len(), paths.len());
    parsed
}

#[test]
fn atom_categories_are_labelled_in_a_non_english_sites_language_and_feeds_still_parse() {
    let dir = demo();
    for tag in ["ar", "en", "de"] {
        let out = build(dir.path(), tag, &format!("site-{tag}"));
        let lang = language(tag);
        let mut feeds = files(&out.join("artist"), ".atom");
        feeds.push(out.join("feed.atom"));
        let mut categories = 0;
        for path in &feeds {
            let xml = read(path);
            let doc = roxmltree::Document::parse(&xml).unwrap();
            for c in doc
                .descendants()
                .filter(|n| n.tag_name().name() == "category")
            {
                let term = c.attribute("term").unwrap();
                assert!(["album", "single"].contains(&term), "{term}");
                let want = (tag != "en").then(|| lang.text(term).unwrap());
                assert_eq!(c.attribute("label"), want, "{tag}: {}", path.display());
                categories += 1;
            }
        }
        assert!(categories > 10, "{tag}: {categories} categories");
        // The Atom feeds and the podcasts, as feed and podcast apps read
        // them: well-formed, every entry with its label and summary.
        let mut all = feeds.clone();
        all.extend(files(&out.join("artist"), ".rss"));
        let mut labelled = 0;
        let mut episodes = 0;
        for parsed in parse_feeds(&all) {
            let path = parsed["path"].as_str().unwrap();
            assert_eq!(parsed["bozo"], Value::Null, "{tag}: {path}");
            for entry in parsed["entries"].as_array().unwrap() {
                let summary = entry["summary"].as_str().unwrap_or_default();
                assert!(!summary.is_empty(), "{tag}: {path}: {entry}");
                assert_eq!(has_marks(summary), tag == "ar", "{tag}: {path}: {entry}");
                for t in entry["tags"].as_array().unwrap() {
                    let term = t["term"].as_str().unwrap();
                    if tag != "en" {
                        assert_eq!(t["label"].as_str(), lang.text(term), "{tag}: {path}");
                        labelled += 1;
                    }
                }
            }
            if path.ends_with(".rss") {
                for d in parsed["episodes"].as_array().unwrap() {
                    let d = d.as_str().unwrap();
                    assert_eq!(has_marks(d), tag == "ar", "{tag}: {path}: {d:?}");
                    episodes += 1;
                }
            }
        }
        assert!(episodes >= 10, "{tag}: {episodes} podcast episodes read");
        if tag != "en" {
            assert!(labelled >= categories, "{tag}: {labelled} labels read");
        }
    }
}

#[test]
fn a_right_to_left_language_isolates_each_text_argument_as_fluent_does() {
    use trogs::site::i18n::{LocaleFile, Locales};
    let file = |tag: &str, text: &str| LocaleFile {
        path: format!("locales/{tag}.ftl"),
        tag: tag.into(),
        text: text.into(),
    };
    let text = "by = { $title } by { $name } ({ $count })\nalone = { $name }\n";
    let locales = Locales::new(
        vec![
            file("en", text),
            file(
                "ar",
                "by = { $title } من { $name } ({ $count })\nalone = { $name }\n",
            ),
        ],
        vec![],
    )
    .unwrap();
    let args = |name| {
        [
            ("title", Arg::Text("Fog <1>")),
            ("name", Arg::Text(name)),
            ("count", Arg::Number(3.0)),
        ]
    };
    let ar = locales.find("ar").unwrap();
    assert_eq!(
        ar.say("by", &args("Ásta 2")),
        format!("{FSI}Fog <1>{PDI} من {FSI}Ásta 2{PDI} (3)")
    );
    assert_eq!(ar.say_bare("by", &args("Ásta 2")), "Fog <1> من Ásta 2 (3)");
    // Nothing around it, nothing to isolate; an empty text, no marks.
    assert_eq!(ar.say("alone", &args("Ásta")), "Ásta");
    assert_eq!(
        ar.say("by", &args("")),
        format!("{FSI}Fog <1>{PDI} من  (3)")
    );
    let en = locales.find("en").unwrap();
    assert_eq!(en.say("by", &args("Ásta 2")), "Fog <1> by Ásta 2 (3)");
}
