//! The site in each language the default theme ships: every locale file
//! has English's keys and placeholders, a site built in each language shows
//! none of the theme's English and is valid HTML, Arabic pages are
//! right-to-left with Arabic plurals, a language without a translation
//! warns and falls back to English, a theme's own messages win and a new
//! language is one file; and in Chromium, an Arabic album page mirrors its
//! track list and dock while time runs left to right, and its player
//! plays, seeks, answers keys, tells the Media Session and goes on to the
//! next track by itself.

mod common;
// Headless Chromium, for the right-to-left player test.
#[path = "common/browser.rs"]
mod browser;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::vnu;
use serde_json::Value;
use thirtyfour::prelude::*;
use trogs::site::i18n::{self, Arg};

/// The languages the default theme ships.
const SHIPPED: [&str; 7] = ["ar", "de", "en", "es", "fr", "ja", "pt-BR"];

fn trogs(dir: &Path, args: &[&str]) -> Output {
    common::succeeds(common::trogs_command(dir, args).env_remove("TROGS_THEME"))
}

fn locales_dir() -> PathBuf {
    common::theme_dir().join("locales")
}

/// Each key of a locale file, with the variables its message uses.
fn keys_of(tag: &str) -> BTreeMap<String, Vec<String>> {
    let path = locales_dir().join(format!("{tag}.ftl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    i18n::keys_and_variables(&text)
        .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
        .into_iter()
        .collect()
}

/// The variables a message uses, a `…-before` and `…-after` pair counted
/// as one (the words around a link: a language puts its placeholder in
/// either).
fn variables(keys: &BTreeMap<String, Vec<String>>, key: &str) -> Vec<String> {
    let stem = key
        .strip_suffix("-before")
        .or_else(|| key.strip_suffix("-after"));
    let mut vars: Vec<String> = match stem {
        Some(stem) => [format!("{stem}-before"), format!("{stem}-after")]
            .iter()
            .flat_map(|k| keys.get(k).cloned().unwrap_or_default())
            .collect(),
        None => keys[key].clone(),
    };
    vars.sort();
    vars.dedup();
    vars
}

#[test]
fn every_locale_has_every_english_key_and_uses_every_placeholder() {
    let mut tags: Vec<String> = std::fs::read_dir(locales_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".ftl").map(str::to_string))
        .collect();
    tags.sort();
    assert_eq!(tags, SHIPPED, "the theme ships these languages");
    let english = keys_of("en");
    assert!(english.len() > 60, "English has the theme's words");
    for tag in &tags {
        let keys = keys_of(tag);
        let missing: Vec<&String> = english.keys().filter(|k| !keys.contains_key(*k)).collect();
        let extra: Vec<&String> = keys.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{tag}.ftl lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{tag}.ftl has keys English lacks: {extra:?}"
        );
        for key in english.keys() {
            let vars = variables(&english, key);
            assert_eq!(
                variables(&keys, key),
                vars,
                "{tag}.ftl: {key} should use the placeholders {vars:?}"
            );
        }
    }
}

/// What a page shows of the theme's words: text between tags, or a whole
/// attribute value. Markup is left out: class names (`class="track"`) and
/// the JSON-LD, whose keys are schema.org's vocabulary and whose values
/// are the artists' text.
fn shows(html: &str, text: &str) -> bool {
    let text = trogs::site::escape::escape_html(text);
    let ld = html
        .find("<script type=\"application/ld+json\">")
        .and_then(|start| Some(start..start + html[start..].find("</script>")?));
    let parts = match ld {
        Some(r) => [&html[..r.start], &html[r.end..]],
        None => [html, ""],
    };
    let attribute = format!("\"{text}\"");
    parts.iter().any(|part| {
        [
            format!(">{text}<"),
            format!(">{text} "),
            format!(" {text}<"),
        ]
        .iter()
        .any(|p| part.contains(p.as_str()))
            || part
                .match_indices(attribute.as_str())
                .any(|(at, _)| !part[..at].ends_with("class="))
    })
}

#[test]
fn a_site_in_each_language_shows_none_of_the_themes_english_and_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    trogs(dir.path(), &["demo", "--no-process"]);
    let theme = trogs::site::Theme::builtin().unwrap();
    let english = theme.locales.find("en").unwrap();
    let mut all = Vec::new();
    for tag in SHIPPED {
        let out = format!("site-{tag}");
        trogs(dir.path(), &["build", "--language", tag, "--out", &out]);
        let lang = theme.locales.find(tag).unwrap();
        assert_eq!(lang.tag, tag);
        // The English words this language says differently (some are the
        // same: "Album" in French and German, "Podcast (RSS)").
        let foreign: Vec<&str> = english
            .static_keys()
            .filter(|k| lang.text(k) != english.text(k))
            .filter_map(|k| english.text(k))
            .filter(|t| t.chars().count() > 3)
            .collect();
        assert!(tag == "en" || foreign.len() > 40, "{tag}: {foreign:?}");
        let files = vnu::html_files(&dir.path().join(&out));
        assert!(files.len() > 60, "{tag}: the demo's pages and embeds");
        let skip = trogs::site::escape::escape_html(lang.text("skip-to-content").unwrap());
        let dir_attr = if tag == "ar" { "rtl" } else { "ltr" };
        for file in &files {
            let html = std::fs::read_to_string(file).unwrap();
            let name = file.display();
            assert!(
                html.contains(&format!("<html lang=\"{tag}\" dir=\"{dir_attr}\">")),
                "{name}: lang and dir"
            );
            if !file.to_string_lossy().contains("/embed/") {
                assert!(html.contains(&skip), "{name} is in {tag}");
                assert!(
                    html.contains(&format!(
                        "<meta property=\"og:locale\" content=\"{}\">",
                        tag.replace('-', "_")
                    )),
                    "{name}: og:locale"
                );
            }
            if tag != "en" {
                for text in &foreign {
                    assert!(!shows(&html, text), "{name} ({tag}) still says {text:?}");
                }
            }
            if html.contains("application/ld+json") {
                assert!(
                    html.contains(&format!("\"inLanguage\":\"{tag}\"")),
                    "{name}: JSON-LD inLanguage"
                );
            }
        }
        let rss = std::fs::read_dir(dir.path().join(&out).join("artist"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "rss"))
            .expect("an artist's podcast");
        assert!(
            std::fs::read_to_string(&rss)
                .unwrap()
                .contains(&format!("<language>{tag}</language>")),
            "the podcast feed's language"
        );
        let atom = std::fs::read_to_string(rss.with_extension("atom")).unwrap();
        assert_eq!(
            atom.contains("New releases by"),
            tag == "en",
            "the artist's feed is in {tag}"
        );
        all.extend(files);
    }
    vnu::assert_valid(&all, 7 * 60);
}

#[test]
fn arabic_pages_are_right_to_left_with_arabic_plurals() {
    let dir = tempfile::tempdir().unwrap();
    trogs(dir.path(), &["demo", "--no-process"]);
    trogs(dir.path(), &["build", "--language", "ar"]);
    let out = dir.path().join("site-out");
    let album = common::first_album(&out);
    let html = std::fs::read_to_string(out.join(format!("album/{album}.html"))).unwrap();
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\">"));
    for words in [
        "ألبوم",
        "المقاطع",
        "تشغيل",
        "المشغّل",
        "نسخ الرابط",
        "منشور بموجب رخصة المشاع الإبداعي",
    ] {
        assert!(html.contains(words), "the album page says {words:?}");
    }
    // The artist's own text keeps its direction, whatever the page's.
    assert!(html.contains("<h1 dir=\"auto\">"), "the title is isolated");
    assert!(html.contains("class=\"track-title\" href=") && html.contains("dir=\"auto\">"));
    // Time runs left to right.
    assert!(html.contains(
        "data-seek min=\"0\" max=\"1000\" step=\"5\" value=\"0\" aria-label=\"التقدّم\" dir=\"ltr\""
    ));
    assert!(html.contains("data-waveform dir=\"ltr\""));
    // The player's script takes its words from the page.
    assert!(html.contains("data-msg-failed=\"تعذّر تشغيل {title}\""));

    // The track count on the album's kicker, in Arabic's six plural forms.
    let theme = trogs::site::Theme::builtin().unwrap();
    let ar = theme.locales.find("ar").unwrap();
    let count = |n: f64| ar.say("track-count", &[("count", Arg::Number(n))]);
    assert_eq!(count(0.0), "لا توجد مقاطع");
    assert_eq!(count(1.0), "مقطع واحد");
    assert_eq!(count(2.0), "مقطعان");
    assert_eq!(count(3.0), "3 مقاطع");
    assert_eq!(count(11.0), "11 مقطعًا");
    assert_eq!(count(100.0), "100 مقطع");
    let n = html.matches("data-track ").count();
    assert!(
        html.contains(&count(n as f64)),
        "the kicker counts {n} tracks"
    );
    // Through the theme's `{{t}}` helper, as a template says it.
    for (n, words) in [(0, "لا توجد مقاطع"), (2, "مقطعان"), (11, "11 مقطعًا")]
    {
        let said = theme
            .registry
            .render_template(
                "{{t \"track-count\" count=n}}",
                &serde_json::json!({ "site": { "locale": "ar" }, "n": n }),
            )
            .unwrap();
        assert_eq!(said, words);
    }
    // An argument is the artist's text: escaped, and isolated in <bdi>.
    let said = theme
        .registry
        .render_template(
            "{{t \"about-artist\" name=name}}",
            &serde_json::json!({ "site": { "locale": "ar" }, "name": "<b>Ásta</b>" }),
        )
        .unwrap();
    assert_eq!(said, "عن <bdi>&lt;b&gt;Ásta&lt;/b&gt;</bdi>");
}

#[test]
fn a_language_without_a_translation_warns_and_keeps_english() {
    let dir = tempfile::tempdir().unwrap();
    trogs(dir.path(), &["demo", "--no-process"]);
    let built = trogs(dir.path(), &["build", "--language", "sv"]);
    let said = String::from_utf8_lossy(&built.stderr);
    assert!(
        said.contains("no translation into \"sv\"")
            && said.contains("ar, de, en, es, fr, ja, pt-BR"),
        "the build warns and lists the languages there are: {said}"
    );
    let home = std::fs::read_to_string(dir.path().join("site-out/index.html")).unwrap();
    assert!(
        home.contains("<html lang=\"sv\" dir=\"ltr\">"),
        "lang as given"
    );
    assert!(home.contains(">Skip to content<"), "English words");
    // A region of a shipped language gets the language.
    trogs(
        dir.path(),
        &["build", "--language", "de-AT", "--out", "site-at"],
    );
    let home = std::fs::read_to_string(dir.path().join("site-at/index.html")).unwrap();
    assert!(home.contains("<html lang=\"de-AT\" dir=\"ltr\">"));
    assert!(home.contains(">Zum Inhalt springen<"), "German words");
}

#[test]
fn a_themes_own_messages_win_and_a_new_language_is_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    common::copy_theme(&theme);
    // Only the messages it changes: the rest come from the default theme.
    std::fs::write(theme.join("locales/ar.ftl"), "tracks = قائمة المقاطع\n").unwrap();
    // A language the default theme lacks, with one message of its own.
    std::fs::write(
        theme.join("locales/sv.ftl"),
        "skip-to-content = Till innehållet\n",
    )
    .unwrap();
    trogs(dir.path(), &["demo", "--no-process"]);
    let theme_arg = theme.display().to_string();
    trogs(
        dir.path(),
        &["build", "--language", "ar", "--theme", &theme_arg],
    );
    let album = common::first_album(&dir.path().join("site-out"));
    let html =
        std::fs::read_to_string(dir.path().join(format!("site-out/album/{album}.html"))).unwrap();
    assert!(html.contains(">قائمة المقاطع<"), "the theme's own message");
    assert!(!html.contains(">المقاطع<"), "replaces the default's");
    assert!(html.contains("نسخ الرابط"), "the others stay");
    let built = trogs(
        dir.path(),
        &[
            "build",
            "--language",
            "sv",
            "--theme",
            &theme_arg,
            "--out",
            "site-sv",
        ],
    );
    assert!(!String::from_utf8_lossy(&built.stderr).contains("no translation"));
    let home = std::fs::read_to_string(dir.path().join("site-sv/index.html")).unwrap();
    assert!(home.contains("<html lang=\"sv\" dir=\"ltr\">"));
    assert!(
        home.contains(">Till innehållet<"),
        "the new language's message"
    );
    assert!(home.contains(">Artists<"), "English where it has none");
}

/// Where the dock's and the first track's parts are, left edges in CSS
/// pixels, and what plays.
const LAYOUT: &str = r#"
const x = (s) => { const e = document.querySelector(s); return e ? e.getBoundingClientRect().left : null; };
const a = document.querySelector('[data-dock] audio[data-current]');
const m = navigator.mediaSession && navigator.mediaSession.metadata;
return {
  prev: x('[data-prev]'), play: x('[data-play-main]'), next: x('[data-next]'), now: x('[data-now]'),
  trackPlay: x('[data-playlist] [data-track-play]'), trackNum: x('[data-playlist] .track-num'),
  trackTitle: x('[data-playlist] .track-title'),
  seekDir: getComputedStyle(document.querySelector('[data-seek]')).direction,
  pageDir: getComputedStyle(document.body).direction,
  time: a ? a.currentTime : null, duration: a ? a.duration : null, paused: a ? a.paused : null,
  title: document.querySelector('[data-now]').textContent,
  session: m ? m.title : null,
  valuetext: document.querySelector('[data-seek]').getAttribute('aria-valuetext'),
};
"#;

async fn layout(driver: &WebDriver) -> Value {
    driver
        .execute(LAYOUT, Vec::<Value>::new())
        .await
        .unwrap()
        .json()
        .clone()
}

/// Waits until `ok` holds for the layout, failing with it after 30 s.
async fn until(driver: &WebDriver, what: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let l = layout(driver).await;
        if ok(&l) {
            return l;
        }
        assert!(Instant::now() < deadline, "{what}: {l}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_arabic_page_reads_right_to_left_while_time_runs_left_to_right() {
    let dir = tempfile::tempdir().unwrap();
    let theme = common::theme_dir();
    let root = dir.path().to_path_buf();
    let log = root.join("serve.log");
    let (_server, port) = common::start_serve(&log, |port| {
        let file = std::fs::File::create(&log).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_trogs"));
        command
            .arg("serve")
            .arg("--port")
            .arg(port.to_string())
            .arg("--store")
            .arg(format!("sqlite:{}", root.join("trogs.db").display()))
            .arg("--out")
            .arg(root.join("out"))
            .arg("--media-dir")
            .arg(root.join("media"))
            .arg("--theme")
            .arg(&theme)
            .env("TROGS_LANGUAGE", "ar")
            .current_dir(&root)
            .stdout(file.try_clone().unwrap())
            .stderr(file);
        command
    });
    let album = common::first_album(&dir.path().join("out"));

    browser::with_chromium(1000, 900, |driver| async move {
        driver
            .goto(format!("http://127.0.0.1:{port}/album/{album}"))
            .await
            .unwrap();
        let play = driver
            .find(By::Css("[data-playlist] li[data-track] [data-track-play]"))
            .await
            .unwrap();
        play.scroll_into_view().await.unwrap();
        play.click().await.unwrap();
        let l = until(&driver, "the first track plays", |l| {
            l["paused"] == false
                && l["duration"]
                    .as_f64()
                    .is_some_and(|d| d.is_finite() && d > 0.0)
        })
        .await;
        let at = |k: &str| l[k].as_f64().unwrap();
        assert_eq!(l["pageDir"], "rtl", "{l}");
        // The dock reads right to left: previous, play, next, then the
        // title to their left.
        assert!(
            at("prev") > at("play") && at("play") > at("next") && at("next") > at("now"),
            "the dock is mirrored: {l}"
        );
        // So does a track: its button, its number, then its title.
        assert!(
            at("trackPlay") > at("trackNum") && at("trackNum") > at("trackTitle"),
            "the track list is mirrored: {l}"
        );
        // The Media Session still shows the track.
        let title = l["title"].as_str().unwrap().to_string();
        assert!(!title.is_empty() && l["session"] == title.as_str(), "{l}");

        // Time runs left to right: a click near the seek bar's right end
        // goes near the end, near its left end near the start.
        assert_eq!(l["seekDir"], "ltr", "{l}");
        driver
            .find(By::Css("[data-play-main]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        until(&driver, "the dock pauses", |l| l["paused"] == true).await;
        let seek = driver.find(By::Css("[data-seek]")).await.unwrap();
        let width = seek.rect().await.unwrap().width;
        let offset = (width * 0.4) as i64;
        driver
            .action_chain()
            .move_to_element_with_offset(&seek, offset, 0)
            .click()
            .perform()
            .await
            .unwrap();
        let l = until(&driver, "a click on the right seeks late", |l| {
            l["time"].as_f64().unwrap_or(0.0) > 0.7 * l["duration"].as_f64().unwrap_or(1.0)
        })
        .await;
        assert!(
            l["valuetext"].as_str().is_some_and(|t| t.contains(" من ")),
            "the position is said in Arabic: {l}"
        );
        driver
            .action_chain()
            .move_to_element_with_offset(&seek, -offset, 0)
            .click()
            .perform()
            .await
            .unwrap();
        until(&driver, "a click on the left seeks early", |l| {
            l["time"].as_f64().unwrap_or(1.0) < 0.3 * l["duration"].as_f64().unwrap_or(0.0)
        })
        .await;

        // The keyboard still works: k plays the next track (once focus
        // has left the seek bar, where keys are the range input's).
        driver
            .find(By::Css("[data-play-main]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        until(&driver, "the dock plays again", |l| l["paused"] == false).await;
        driver
            .action_chain()
            .send_keys("k")
            .perform()
            .await
            .unwrap();
        let l = until(&driver, "k plays the next track", |l| {
            l["paused"] == false && l["title"] != title.as_str() && l["session"] == l["title"]
        })
        .await;

        // And it goes on by itself when a track ends.
        let second = l["title"].as_str().unwrap().to_string();
        until(&driver, "the second track's length is known", |l| {
            l["duration"].as_f64().is_some_and(|d| d.is_finite() && d > 1.0)
        })
        .await;
        driver
            .execute(
                "const a = document.querySelector('[data-dock] audio[data-current]'); a.currentTime = a.duration - 0.5;",
                Vec::<Value>::new(),
            )
            .await
            .unwrap();
        until(&driver, "the third track follows by itself", |l| {
            l["paused"] == false
                && l["title"] != second.as_str()
                && l["title"] != title.as_str()
                && l["session"] == l["title"]
        })
        .await;
    })
    .await;
}
