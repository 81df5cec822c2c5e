//! axe-core finds no accessibility violation on any kind of page the
//! default theme makes: home (with the artists listed, and with the index
//! of initials of a large catalog), a page of the artist index, artist,
//! album, track (on an album, and a single), 404 and the album and track
//! embeds (full and compact); in the light and the
//! dark colour scheme; with the docked player cued, and playing with the
//! "Link copied" notice shown; and the same pages of a site in Arabic
//! (right to left), and the main pages of a site in each other language
//! the theme ships.
//!
//! Needs axe-core's `axe.min.js`: scripts/test installs it into
//! `.test-stand-ins/` and passes its path in `TROGS_TEST_AXE`. Needs
//! Chromium or Chrome and a matching chromedriver, as the player tests do
//! (`TROGS_CHROME`, `TROGS_CHROMEDRIVER`).

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::serve;
use serde_json::{Value, json};
use thirtyfour::prelude::*;

/// The axe-core version scripts/test installs.
const AXE_VERSION: &str = "4.14.1";

/// `axe.min.js`: `TROGS_TEST_AXE`, else where scripts/test installs it.
/// Missing, the test fails saying how to install it (it never skips).
fn axe_source() -> String {
    let path = match std::env::var_os("TROGS_TEST_AXE").filter(|p| !p.is_empty()) {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../.test-stand-ins/node_modules/axe-core/axe.min.js"),
    };
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "axe-core is missing ({}: {e}). scripts/test installs it; or run \
             `npm install --prefix .test-stand-ins -E axe-core@{AXE_VERSION}` in the \
             workspace and set TROGS_TEST_AXE=$PWD/.test-stand-ins/node_modules/axe-core/axe.min.js",
            path.display()
        )
    })
}

/// Runs axe on the whole document with its default rules (WCAG 2.0 and 2.1
/// A and AA, and best practices) plus WCAG 2.2's target size; answers the
/// violations, trimmed to what a report needs.
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {
  resultTypes: ['violations'],
  // WCAG 2.2 AA's target size (24 by 24 px), which axe leaves off by default.
  rules: { 'target-size': { enabled: true } },
}).then(
  (r) => done({ violations: r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
  })) }),
  (e) => done({ error: String(e && e.stack || e) }));
"#;

/// The page's violations, one report line (and its nodes) each.
async fn audit(driver: &WebDriver, axe: &str, what: &str) -> Vec<String> {
    // The script may already be there (a page swapped by the player keeps
    // the window); injecting it again is harmless.
    driver.execute(axe, Vec::<Value>::new()).await.unwrap();
    let result = driver
        .execute_async(RUN_AXE, Vec::<Value>::new())
        .await
        .unwrap()
        .json()
        .clone();
    assert!(result["error"].is_null(), "axe failed on {what}: {result}");
    let violations = result["violations"].as_array().unwrap();
    violations
        .iter()
        .map(|v| {
            let mut line = format!(
                "{what}: {} [{}] {} ({})",
                v["id"].as_str().unwrap_or(""),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                v["url"].as_str().unwrap_or("")
            );
            let nodes = v["nodes"].as_array().map(Vec::as_slice).unwrap_or(&[]);
            // The first few nodes say enough; a grid of 300 cards would not.
            for node in nodes.iter().take(5) {
                line.push_str(&format!(
                    "\n    {}: {}\n      {}",
                    node["target"],
                    node["html"].as_str().unwrap_or(""),
                    node["summary"]
                        .as_str()
                        .unwrap_or("")
                        .replace('\n', "\n      ")
                ));
            }
            if nodes.len() > 5 {
                line.push_str(&format!("\n    … and {} more", nodes.len() - 5));
            }
            line
        })
        .collect()
}

/// Emulates `prefers-color-scheme`.
async fn color_scheme(driver: &WebDriver, scheme: &str) {
    driver
        .cdp()
        .send_raw(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        )
        .await
        .unwrap();
    let matches = driver
        .execute(
            "return matchMedia(`(prefers-color-scheme: ${arguments[0]})`).matches",
            vec![Value::from(scheme)],
        )
        .await
        .unwrap()
        .json()
        .clone();
    assert_eq!(matches, true, "the {scheme} colour scheme is not emulated");
}

/// Loads `path` and waits until the player script has run.
async fn open(driver: &WebDriver, port: u16, path: &str) {
    driver
        .goto(format!("http://127.0.0.1:{port}{path}"))
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while driver
        .execute(
            "return document.readyState === 'complete'",
            Vec::<Value>::new(),
        )
        .await
        .unwrap()
        .json()
        != &Value::Bool(true)
    {
        assert!(Instant::now() < deadline, "{path} never finished loading");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The page paths (`/artist/ID`) of the built pages in `out/{kind}/`, sorted.
fn pages(out: &Path, kind: &str) -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(out.join(kind))
        .unwrap_or_else(|e| panic!("{}/{kind}: {e}", out.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        // Pages only, not their playlists and feeds.
        .filter_map(|name| {
            let id = name.strip_suffix(".html")?;
            Some(format!("/{kind}/{id}"))
        })
        .collect();
    pages.sort();
    pages
}

/// Audits every path in both colour schemes.
async fn audit_pages(
    driver: &WebDriver,
    axe: &str,
    port: u16,
    paths: &[String],
    failures: &mut Vec<String>,
) {
    for scheme in ["light", "dark"] {
        color_scheme(driver, scheme).await;
        for path in paths {
            open(driver, port, path).await;
            failures.extend(audit(driver, axe, &format!("{path} ({scheme})")).await);
        }
    }
}

/// Starts the first track of the page's first playlist and waits until the
/// dock plays it; then shares the page so the notice shows.
async fn play_and_share(driver: &WebDriver) {
    let play = driver
        .find(By::Css("[data-playlist] li[data-track] [data-track-play]"))
        .await
        .unwrap();
    play.scroll_into_view().await.unwrap();
    play.click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let playing = driver
            .execute(
                "const a = document.querySelector('[data-dock] audio[data-current]'); \
                 const d = document.querySelector('[data-dock]'); \
                 return !!a && !a.paused && !d.hidden && \
                   !!document.querySelector('li[data-track].is-playing');",
                Vec::<Value>::new(),
            )
            .await
            .unwrap()
            .json()
            .clone();
        if playing == true {
            break;
        }
        assert!(Instant::now() < deadline, "the track never started playing");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let share = driver.find(By::Css("button[data-share]")).await.unwrap();
    share.scroll_into_view().await.unwrap();
    share.click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let shown = driver
            .execute(
                "const t = document.querySelector('[data-toast]'); \
                 return t.classList.contains('is-visible') && t.textContent !== '' && \
                   getComputedStyle(t).opacity === '1';",
                Vec::<Value>::new(),
            )
            .await
            .unwrap()
            .json()
            .clone();
        if shown == true {
            break;
        }
        assert!(Instant::now() < deadline, "sharing showed no notice");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn report(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "axe-core found {} accessibility violation(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_pages_have_no_axe_violations() {
    let axe = axe_source();
    let dir = tempfile::tempdir().unwrap();
    let (_server, port) = serve(dir.path(), &common::theme_dir());
    let out = dir.path().join("out");

    // Every artist (their pages differ most: featured tracks, albums,
    // singles, a bio or none), the first album, a track on it and a single.
    let mut paths = vec!["/".to_string(), "/no-such-page".to_string()];
    paths.extend(pages(&out, "artist"));
    let album = pages(&out, "album").remove(0);
    paths.push(album.clone());
    let tracks = pages(&out, "track");
    let page_of = |path: &String| std::fs::read_to_string(out.join(format!("{}.html", &path[1..])));
    let on_album = tracks
        .iter()
        .find(|t| page_of(t).unwrap().contains("Track 1 on"))
        .expect("a track on an album");
    let single = tracks
        .iter()
        .find(|t| page_of(t).unwrap().contains(">Single"))
        .expect("a single");
    paths.push(on_album.clone());
    paths.push(single.clone());
    // Both embeds of that album and that track, full and compact.
    for page in [&album, on_album] {
        let (kind, id) = page[1..].split_once('/').unwrap();
        paths.push(format!("/embed/{kind}/{id}.html"));
        paths.push(format!("/embed/compact/{kind}/{id}.html"));
    }

    browser::with_chromium(1000, 900, |driver| async move {
        driver
            .set_script_timeout(Duration::from_secs(60))
            .await
            .unwrap();
        let mut failures = Vec::new();
        audit_pages(&driver, &axe, port, &paths, &mut failures).await;

        // The dock playing, the playing track highlighted, the notice shown.
        for scheme in ["light", "dark"] {
            color_scheme(&driver, scheme).await;
            for path in [&album, on_album] {
                open(&driver, port, path).await;
                play_and_share(&driver).await;
                failures.extend(audit(&driver, &axe, &format!("{path} playing ({scheme})")).await);
            }
        }
        // A narrow screen lays the dock out differently.
        driver.set_window_rect(0, 0, 390, 844).await.unwrap();
        color_scheme(&driver, "light").await;
        open(&driver, port, &album).await;
        play_and_share(&driver).await;
        failures.extend(audit(&driver, &axe, &format!("{album} playing (narrow)")).await);
        report(&failures);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_artist_index_pages_have_no_axe_violations() {
    let axe = axe_source();
    let dir = tempfile::tempdir().unwrap();
    // 400 artists: past the home page's limit, so the home page shows the
    // initials and `a` (every synthetic artist) has two pages.
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args([
            "demo",
            "--artists",
            "400",
            "--albums",
            "400",
            "--tracks",
            "400",
        ])
        .arg("--store")
        .arg(format!("sqlite:{}", dir.path().join("trogs.db").display()))
        .arg("--media-dir")
        .arg(dir.path().join("media"))
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "trogs demo --artists 400: {status}");
    let (_server, port) = serve(dir.path(), &common::theme_dir());
    let out = dir.path().join("out");
    let index = pages(&out, "artists");
    assert!(
        index.len() >= 2,
        "the artist index has pages of more than one initial or page: {index:?}"
    );
    let mut paths = vec!["/".to_string()];
    paths.extend(index.into_iter().map(|p| format!("{p}.html")));

    browser::with_chromium(1000, 900, |driver| async move {
        driver
            .set_script_timeout(Duration::from_secs(60))
            .await
            .unwrap();
        let mut failures = Vec::new();
        audit_pages(&driver, &axe, port, &paths, &mut failures).await;
        report(&failures);
    })
    .await;
}

/// The same audit of a site in Arabic: right to left, with the theme's
/// Arabic words (their lengths and the mirrored layout are what could
/// break contrast, target sizes or names).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_arabic_pages_have_no_axe_violations() {
    let axe = axe_source();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let log = root.join("serve.log");
    let theme = common::theme_dir();
    let (_server, port) = common::start_serve(&log, |port| {
        let file = std::fs::File::create(&log).unwrap();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_trogs"));
        command
            .args(["serve", "--port", &port.to_string()])
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
    let out = dir.path().join("out");
    let album = pages(&out, "album").remove(0);
    let track = pages(&out, "track").remove(0);
    let mut paths = vec!["/".to_string(), "/no-such-page".to_string()];
    paths.push(pages(&out, "artist").remove(0));
    paths.push(album.clone());
    paths.push(track.clone());
    let (kind, id) = album[1..].split_once('/').unwrap();
    paths.push(format!("/embed/{kind}/{id}.html"));
    paths.push(format!("/embed/compact/{kind}/{id}.html"));

    browser::with_chromium(1000, 900, |driver| async move {
        driver
            .set_script_timeout(Duration::from_secs(60))
            .await
            .unwrap();
        let mut failures = Vec::new();
        audit_pages(&driver, &axe, port, &paths, &mut failures).await;
        color_scheme(&driver, "light").await;
        open(&driver, port, &album).await;
        let dir = driver
            .execute("return document.documentElement.dir", Vec::<Value>::new())
            .await
            .unwrap()
            .json()
            .clone();
        assert_eq!(dir, "rtl", "the audit is of a right-to-left page");
        play_and_share(&driver).await;
        failures.extend(audit(&driver, &axe, &format!("{album} playing (ar)")).await);
        report(&failures);
    })
    .await;
}

/// The home, artist, album and track pages of a site in each other
/// language the theme ships, in both colour schemes, and an album playing:
/// longer words (German), another script (Japanese) must not break
/// contrast, target sizes or names either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pages_in_every_other_language_have_no_axe_violations() {
    let axe = axe_source();
    let theme = common::theme_dir();
    for tag in ["es", "fr", "de", "pt-BR", "ja"] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let log = root.join("serve.log");
        let (_server, port) = common::start_serve(&log, |port| {
            let file = std::fs::File::create(&log).unwrap();
            let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_trogs"));
            command
                .args(["serve", "--port", &port.to_string()])
                .arg("--store")
                .arg(format!("sqlite:{}", root.join("trogs.db").display()))
                .arg("--out")
                .arg(root.join("out"))
                .arg("--media-dir")
                .arg(root.join("media"))
                .arg("--theme")
                .arg(&theme)
                .env("TROGS_LANGUAGE", tag)
                .current_dir(&root)
                .stdout(file.try_clone().unwrap())
                .stderr(file);
            command
        });
        let out = dir.path().join("out");
        let album = pages(&out, "album").remove(0);
        let paths = vec![
            "/".to_string(),
            pages(&out, "artist").remove(0),
            album.clone(),
            pages(&out, "track").remove(0),
        ];
        let axe = axe.clone();
        browser::with_chromium(1000, 900, |driver| async move {
            driver
                .set_script_timeout(Duration::from_secs(60))
                .await
                .unwrap();
            let mut failures = Vec::new();
            audit_pages(&driver, &axe, port, &paths, &mut failures).await;
            color_scheme(&driver, "light").await;
            open(&driver, port, &album).await;
            let lang = driver
                .execute("return document.documentElement.lang", Vec::<Value>::new())
                .await
                .unwrap()
                .json()
                .clone();
            assert_eq!(lang, tag, "the audit is of a page in {tag}");
            play_and_share(&driver).await;
            failures.extend(audit(&driver, &axe, &format!("{album} playing ({tag})")).await);
            report(&failures);
        })
        .await;
    }
}
