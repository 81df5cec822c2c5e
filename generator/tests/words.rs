//! The sentences the generator writes around artists' text, in each
//! language the default theme ships: a track page's title and description,
//! the oEmbed answers (title and the frame's `title`), the artists' podcast
//! and Atom feeds, the site's feed of new releases, the playlists and the
//! home page's description say no English word of the theme's in a site
//! in another language, and say what they always said in an English one;
//! a theme can say each its own way, and a site's own description wins.

mod common;

use common::markup::{attribute, feed_texts, files, json_ld, read, title_of};

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use trogs::site::i18n::{Arg, Language};

/// The languages the default theme ships besides English.
const OTHERS: [&str; 6] = ["es", "fr", "de", "pt-BR", "ja", "ar"];

/// The demo's site title (the default settings').
const SITE: &str = "Trogs";

/// The words of a text, lowercased: runs of letters of two or more.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() > 1)
        .map(str::to_lowercase)
        .collect()
}

/// Every word a locale file's messages say (their text, not their
/// placeholders or keys).
fn locale_words(tag: &str) -> BTreeSet<String> {
    use fluent_syntax::ast::{Entry, Expression, Pattern, PatternElement};
    fn pattern(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
        for el in &p.elements {
            match el {
                PatternElement::TextElement { value } => out.extend(words(value)),
                PatternElement::Placeable {
                    expression: Expression::Select { variants, .. },
                } => variants.iter().for_each(|v| pattern(&v.value, out)),
                PatternElement::Placeable { .. } => {}
            }
        }
    }
    let path = common::theme_dir().join(format!("locales/{tag}.ftl"));
    let text = std::fs::read_to_string(&path).unwrap();
    let res = fluent_syntax::parser::parse(text.as_str())
        .unwrap_or_else(|(_, e)| panic!("{} does not parse: {e:?}", path.display()));
    let mut out = BTreeSet::new();
    for entry in &res.body {
        if let Entry::Message(m) = entry
            && let Some(p) = &m.value
        {
            pattern(p, &mut out);
        }
    }
    out
}

/// Every `name` in a JSON-LD description: the artists' own text.
fn names(ld: &Value, out: &mut HashSet<String>) {
    match ld {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("name", Value::String(s)) => {
                        out.insert(s.clone());
                    }
                    _ => names(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| names(v, out)),
        _ => {}
    }
}

/// What a playlist says in words: its name and each entry's line.
fn m3u_texts(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            l.strip_prefix("#PLAYLIST:")
                .map(str::to_string)
                .or_else(|| {
                    l.strip_prefix("#EXTINF:")
                        .and_then(|rest| rest.split_once(','))
                        .map(|(_, line)| line.to_string())
                })
        })
        .collect()
}

/// What a built site says around the artists' text, by where it says it.
struct Said {
    /// (page, its `<title>`, its meta description, its JSON-LD)
    tracks: Vec<(PathBuf, String, String, Value)>,
    /// (answer, its title, its frame's title)
    oembeds: Vec<(PathBuf, String, String)>,
    /// Podcast item descriptions, with their feed.
    podcast_items: Vec<(PathBuf, String)>,
    /// Atom entry summaries and subtitles of the artists' feeds, and the
    /// site feed's title and summaries.
    atom: Vec<(PathBuf, String)>,
    playlists: Vec<(PathBuf, String)>,
    home_description: String,
}

fn said(out: &Path) -> Said {
    let tracks = files(&out.join("track"), ".html")
        .into_iter()
        .map(|p| {
            let html = read(&p);
            let title = title_of(&html);
            let description =
                attribute(&html, "<meta name=\"description\"", "content").expect("a description");
            let ld = json_ld(&html).expect("a track page's JSON-LD");
            (p, title, description, ld)
        })
        .collect();
    let oembeds = files(&out.join("oembed"), ".json")
        .into_iter()
        .map(|p| {
            let answer: Value = serde_json::from_str(&read(&p)).unwrap();
            let frame = attribute(answer["html"].as_str().unwrap(), "<iframe", "title")
                .expect("the frame's title");
            (p, answer["title"].as_str().unwrap().to_string(), frame)
        })
        .collect();
    let mut podcast_items = Vec::new();
    for p in files(&out.join("artist"), ".rss") {
        for d in feed_texts(&read(&p), "item", "description") {
            podcast_items.push((p.clone(), d));
        }
    }
    let mut atom = Vec::new();
    for p in files(&out.join("artist"), ".atom") {
        let xml = read(&p);
        for t in feed_texts(&xml, "entry", "summary")
            .into_iter()
            .chain(feed_texts(&xml, "feed", "subtitle"))
        {
            atom.push((p.clone(), t));
        }
    }
    let site_feed = out.join("feed.atom");
    let xml = read(&site_feed);
    for t in feed_texts(&xml, "entry", "summary")
        .into_iter()
        .chain(feed_texts(&xml, "feed", "title"))
    {
        atom.push((site_feed.clone(), t));
    }
    let mut playlists = Vec::new();
    for p in files(out, ".m3u") {
        for t in m3u_texts(&read(&p)) {
            playlists.push((p.clone(), t));
        }
    }
    let home = read(&out.join("index.html"));
    Said {
        tracks,
        oembeds,
        podcast_items,
        atom,
        playlists,
        home_description: attribute(&home, "<meta name=\"description\"", "content").unwrap(),
    }
}

/// The artists' own text on a site: every name its JSON-LD gives (artists,
/// albums, tracks, the site itself).
fn artists_text(out: &Path) -> Vec<String> {
    let mut found = HashSet::new();
    for p in files(out, ".html") {
        if let Some(ld) = json_ld(&read(&p)) {
            names(&ld, &mut found);
        }
    }
    found.insert(SITE.to_string());
    let mut found: Vec<String> = found.into_iter().filter(|n| !n.is_empty()).collect();
    // Longest first, so a name inside another goes with it.
    found.sort_by_key(|n| std::cmp::Reverse(n.len()));
    found
}

/// `trogs build` of the site in `language` into the folder `out`, with
/// `more` arguments.
fn build(dir: &Path, language: &str, out: &str, more: &[&str]) -> PathBuf {
    let mut args = vec!["build", "--language", language, "--out", out];
    args.extend(more);
    common::trogs(dir, &args);
    dir.join(out)
}

/// A track page's title and description as `lang` says them, from what its
/// JSON-LD names.
fn track_words(lang: &Language, ld: &Value) -> (String, String) {
    let title = ld["name"].as_str().unwrap();
    let artist = ld["byArtist"]["name"].as_str().unwrap();
    let album = ld["inAlbum"]["name"].as_str();
    assert!(!artist.is_empty(), "the demo's tracks have artists");
    let by = lang.say(
        "track-by",
        &[("title", Arg::Text(title)), ("artist", Arg::Text(artist))],
    );
    let summary = lang.say(
        if album.is_some() {
            "track-summary"
        } else {
            "track-summary-single"
        },
        &[
            ("title", Arg::Text(title)),
            ("artist", Arg::Text(artist)),
            ("album", Arg::Text(album.unwrap_or_default())),
        ],
    );
    // A right-to-left site isolates each side of the title's dash.
    let title = if lang.dir == "rtl" {
        format!("\u{2068}{by}\u{2069} — \u{2068}{SITE}\u{2069}")
    } else {
        format!("{by} — {SITE}")
    };
    (title, summary)
}

#[test]
fn a_site_in_each_language_says_its_own_words_around_the_artists() {
    let dir = tempfile::tempdir().unwrap();
    // Processed, so the podcast feeds have items (they enclose MP3s).
    common::trogs(dir.path(), &["demo"]);
    let theme = trogs::site::Theme::load(&common::theme_dir()).unwrap();
    let english = locale_words("en");
    let english_site = build(dir.path(), "en", "site-en", &[]);
    let artists = artists_text(&english_site);
    assert!(artists.len() > 30, "the demo's names: {artists:?}");
    for tag in OTHERS {
        let out = build(dir.path(), tag, &format!("site-{tag}"), &[]);
        let lang = theme.locales.find(tag).unwrap();
        assert_eq!(lang.tag, tag);
        // The theme's English words this language does not also use
        // ("Album" is German and French too).
        let own = locale_words(tag);
        let foreign: BTreeSet<&String> = english.difference(&own).collect();
        for w in [
            "by",
            "from",
            "new",
            "single",
            "track",
            "music",
            "independent",
        ] {
            assert!(
                foreign.contains(&w.to_string()) || own.contains(w),
                "{tag}: {w:?} is a word of the theme's English"
            );
        }
        let s = said(&out);
        let mut checked = 0;
        let mut check = |place: &Path, text: &str| {
            let mut rest = text.to_string();
            for name in &artists {
                rest = rest.replace(name.as_str(), " ");
            }
            for w in words(&rest) {
                assert!(
                    !foreign.contains(&w),
                    "{} ({tag}) says the English {w:?}: {text:?}",
                    place.display()
                );
            }
            checked += 1;
        };
        assert!(s.tracks.len() >= 25, "{tag}: the demo's track pages");
        for (page, title, description, ld) in &s.tracks {
            check(page, title);
            check(page, description);
            // Said with the language's own messages.
            let (want_title, want_description) = track_words(lang, ld);
            assert_eq!(title, &want_title, "{}", page.display());
            assert_eq!(description, &want_description, "{}", page.display());
        }
        assert!(
            s.oembeds.len() >= 29,
            "{tag}: every album's and track's oEmbed"
        );
        for (answer, title, frame) in &s.oembeds {
            check(answer, title);
            check(answer, frame);
            assert_ne!(
                frame,
                title,
                "{}: the frame names the artist",
                answer.display()
            );
        }
        assert!(!s.podcast_items.is_empty(), "{tag}: podcast items");
        assert!(s.atom.len() > 10, "{tag}: the Atom feeds' summaries");
        assert!(s.playlists.len() > 20, "{tag}: the playlists' lines");
        for (place, text) in s.podcast_items.iter().chain(&s.atom).chain(&s.playlists) {
            check(place, text);
        }
        check(&out.join("index.html"), &s.home_description);
        assert_eq!(s.home_description, lang.say("site-description", &[]));
        assert!(checked > 100, "{tag}: {checked} texts checked");
    }
}

#[test]
fn the_english_site_says_what_it_always_said() {
    let dir = tempfile::tempdir().unwrap();
    common::trogs(dir.path(), &["demo"]);
    let out = build(dir.path(), "en", "site-en", &[]);
    let s = said(&out);
    let track = |title: &str| {
        s.tracks
            .iter()
            .find(|(_, _, _, ld)| ld["name"] == title)
            .unwrap_or_else(|| panic!("the demo has {title:?}"))
    };
    let (_, t, d, _) = track("Neon Rain");
    assert_eq!(
        (t.as_str(), d.as_str()),
        ("Neon Rain by Kōji Mori — Trogs", "Neon Rain by Kōji Mori.")
    );
    let (page, t, d, _) = track("Daylight at Midnight");
    assert_eq!(
        (t.as_str(), d.as_str()),
        (
            "Daylight at Midnight by Ásta & the Northern Lights — Trogs",
            "Daylight at Midnight by Ásta & the Northern Lights, from Midnight Sun Sessions."
        )
    );
    let html = read(page);
    assert!(
        html.contains(
            "<title>Daylight at Midnight by Ásta &amp; the Northern Lights — Trogs</title>"
        ),
        "escaped as before"
    );
    let frames: Vec<&str> = s.oembeds.iter().map(|(_, _, f)| f.as_str()).collect();
    assert!(frames.contains(&"Neon Rain by Kōji Mori"), "{frames:?}");
    assert!(
        frames.contains(&"Café Crème by Les Étoiles Filantes"),
        "{frames:?}"
    );
    let items: Vec<&str> = s.podcast_items.iter().map(|(_, t)| t.as_str()).collect();
    assert!(items.contains(&"Neon Rain by Kōji Mori."), "{items:?}");
    assert!(
        items.contains(&"Façade by Les Étoiles Filantes, from Café Crème."),
        "{items:?}"
    );
    let atom: Vec<&str> = s.atom.iter().map(|(_, t)| t.as_str()).collect();
    for summary in [
        "A single by Kōji Mori",
        "An album by Kōji Mori",
        "New releases by Kōji Mori on Trogs",
        "A new single by Kōji Mori.",
        "A new album by Les Étoiles Filantes.",
        "New releases on Trogs",
    ] {
        assert!(atom.contains(&summary), "{summary:?} in {atom:?}");
    }
    let lines: Vec<&str> = s.playlists.iter().map(|(_, t)| t.as_str()).collect();
    assert!(
        lines.contains(&"Café Crème - Les Étoiles Filantes"),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"Les Étoiles Filantes - Façade"),
        "{lines:?}"
    );
    assert_eq!(
        s.home_description,
        "Music from independent artists, free to stream and share."
    );
}

#[test]
fn a_theme_says_the_generators_sentences_its_own_way() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    common::copy_theme(&theme);
    // Only the messages it changes: the rest come from the default theme.
    std::fs::write(
        theme.join("locales/ja.ftl"),
        "track-by = 「{ $title }」／{ $artist }\n\
         track-summary-single = シングル「{ $title }」／{ $artist }\n\
         site-description = 静かな音楽\n",
    )
    .unwrap();
    common::trogs(dir.path(), &["demo", "--no-process"]);
    let theme_arg = theme.display().to_string();
    let out = build(dir.path(), "ja", "ja", &["--theme", &theme_arg]);
    let s = said(&out);
    let (page, title, description, _) = s
        .tracks
        .iter()
        .find(|(_, _, _, ld)| ld["name"] == "Neon Rain")
        .unwrap();
    assert_eq!(title, "「Neon Rain」／Kōji Mori — Trogs");
    assert_eq!(description, "シングル「Neon Rain」／Kōji Mori");
    let id = page.file_stem().unwrap().to_string_lossy();
    let answer: Value =
        serde_json::from_str(&read(&out.join(format!("oembed/track/{id}.json")))).unwrap();
    assert!(
        answer["html"]
            .as_str()
            .unwrap()
            .contains("title=\"「Neon Rain」／Kōji Mori\""),
        "{answer}"
    );
    assert_eq!(s.home_description, "静かな音楽");
    // The default theme's Japanese where the theme says nothing.
    let (_, _, description, _) = s
        .tracks
        .iter()
        .find(|(_, _, _, ld)| ld["name"] == "Daylight at Midnight")
        .unwrap();
    assert!(description.ends_with("(アルバム「Midnight Sun Sessions」収録)。"));

    // A site's own description wins over the theme's, in any language.
    std::fs::write(
        dir.path().join("trogs.toml"),
        "description = \"Songs from the north <&>\"\n",
    )
    .unwrap();
    let own = build(dir.path(), "ja", "own", &["--theme", &theme_arg]);
    let home = read(&own.join("index.html"));
    assert_eq!(
        attribute(&home, "<meta name=\"description\"", "content").unwrap(),
        "Songs from the north <&>"
    );
}
