//! The docked player across page changes, in headless Chromium against
//! `trogs serve` with the demo: internal links swap `<main>` while the same
//! `<audio>` element plays on; back and forward; the queue (next, previous,
//! a track's end, a missing file skipped and announced); the Media Session;
//! the keyboard; timecode links. Needs Chromium and chromedriver, like
//! tests/player.rs.

mod common;
// Headless Chromium, shared by the player tests only (the other test
// binaries need not link the WebDriver client).
#[path = "common/browser.rs"]
mod browser;

use std::time::{Duration, Instant};

use common::{first_album, serve};
use serde_json::{Value, json};
use thirtyfour::prelude::*;

struct Env {
    driver: WebDriver,
    port: u16,
    album: String,
    dir: std::path::PathBuf,
}

/// Serves the demo and opens Chromium, runs `test`, and quits the browser
/// however the test ends.
async fn with_browser<F, Fut>(processed: bool, test: F)
where
    F: FnOnce(Env) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    if processed {
        // The demo with image derivatives, renditions and peaks.
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_trogs"))
            .args(["demo", "--store"])
            .arg(format!("sqlite:{}", dir.path().join("trogs.db").display()))
            .arg("--media-dir")
            .arg(dir.path().join("media"))
            .current_dir(dir.path())
            .env_remove("TROGS_STORE")
            .env_remove("TROGS_MEDIA")
            .env_remove("TROGS_MEDIA_DIR")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (_server, port) = serve(dir.path(), &common::theme_dir());
    let album = first_album(&dir.path().join("out"));
    browser::with_chromium(900, 700, |driver| {
        test(Env {
            driver,
            port,
            album,
            dir: dir.path().to_path_buf(),
        })
    })
    .await;
}

async fn js(driver: &WebDriver, script: &str, args: Vec<Value>) -> Value {
    driver.execute(script, args).await.unwrap().json().clone()
}

/// Runs `script` until it returns something other than null.
async fn wait_for(driver: &WebDriver, what: &str, script: &str, seconds: u64) -> Value {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        let v = js(driver, script, Vec::new()).await;
        if !v.is_null() {
            return v;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}: {}",
            js(driver, STATE, Vec::new()).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens a page and waits for the player script, and records what the
/// live region says in `window.__said`.
async fn open(driver: &WebDriver, port: u16, path: &str) {
    driver
        .goto(format!("http://127.0.0.1:{port}{path}"))
        .await
        .unwrap();
    wait_for(
        driver,
        "the player script",
        "return document.querySelector('[data-dock] audio') ? true : null;",
        10,
    )
    .await;
    js(
        driver,
        r#"
window.__said = [];
window.__errors = [];
addEventListener('error', (e) => window.__errors.push(e.message));
addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason && e.reason.stack || e.reason)));
const r = document.querySelector('[data-toast]');
new MutationObserver(() => { if (r.textContent) window.__said.push(r.textContent); })
  .observe(r, { childList: true, characterData: true, subtree: true });
"#,
        Vec::new(),
    )
    .await;
}

/// The dock and the page: which track of the page's first playlist the
/// current `<audio>` plays (0-based, or null), its time, the tag set on it.
const STATE: &str = r#"
const a = document.querySelector('[data-dock] audio[data-current]');
const lis = [...document.querySelectorAll('[data-playlist] li[data-track]')];
const first = document.querySelector('[data-playlist]');
const items = first ? [...first.querySelectorAll('li[data-track]')] : [];
const src = a ? a.currentSrc || a.src : '';
const owns = (li) => [...li.querySelectorAll('source')].some(s => s.src === src);
const m = navigator.mediaSession && navigator.mediaSession.metadata;
const playingEls = [...document.querySelectorAll('audio')].filter(x => !x.paused);
return {
  path: location.pathname, hash: location.hash, h1: (document.querySelector('main h1') || {}).textContent,
  title: document.title, alive: window.__alive || null,
  index: items.findIndex(owns), paused: a ? a.paused : null, time: a ? a.currentTime : null,
  tag: a ? a.__tag || null : null, playing: playingEls.length, playingIsCurrent: playingEls.every(x => x === a),
  highlighted: lis.filter(li => li.classList.contains('is-playing')).map(li => items.indexOf(li)),
  errors: lis.filter(li => li.classList.contains('is-error')).map(li => items.indexOf(li)),
  focus: document.activeElement ? document.activeElement.tagName : null,
  scroll: scrollY, said: window.__said || [],
  session: m ? { title: m.title, artist: m.artist, album: m.album, artwork: [...m.artwork].map(x => [x.src, x.sizes]) } : null,
  position: window.__position || null, errors_js: window.__errors || [],
};
"#;

async fn state(driver: &WebDriver) -> Value {
    js(driver, STATE, Vec::new()).await
}

/// Waits until track `n` of the page's first playlist plays in the dock.
async fn wait_playing(driver: &WebDriver, n: i64) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let s = state(driver).await;
        if s["index"] == n && s["paused"] == false {
            assert_eq!(s["playing"], 1, "one element plays: {s}");
            assert_eq!(s["playingIsCurrent"], true, "{s}");
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "track {} never started: {s}",
            n + 1
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks `css`, centred first so the docked player does not cover it.
async fn click(driver: &WebDriver, css: &str) {
    let el = driver.find(By::Css(css)).await.unwrap();
    el.scroll_into_view().await.unwrap();
    el.click().await.unwrap();
}

async fn keys(driver: &WebDriver, k: &str) {
    driver.action_chain().send_keys(k).perform().await.unwrap();
}

/// Waits until the page shows `path` and its `<main>` is the new one.
async fn wait_page(driver: &WebDriver, path: &str, h1: &str) -> Value {
    let script = format!(
        "return location.pathname === {} && (document.querySelector('main h1') || {{}}).textContent === {} ? true : null;",
        json!(path),
        json!(h1)
    );
    wait_for(driver, &format!("the page {path}"), &script, 10).await;
    state(driver).await
}

const TAG: &str = r#"
window.__alive = 'yes';
const a = document.querySelector('[data-dock] audio[data-current]');
a.__tag = 'the one';
a.playbackRate = 0.25;
a.currentTime = 0.2;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn playback_goes_on_across_pages_and_back_and_forward() {
    with_browser(false, |Env { driver, port, album, .. }| async move {
        open(&driver, port, &format!("/album/{album}")).await;
        let album_h1 = js(&driver, "return document.querySelector('main h1').textContent", vec![]).await;
        let album_h1 = album_h1.as_str().unwrap().to_string();
        click(&driver, "[data-playlist] [data-track-play]").await;
        wait_playing(&driver, 0).await;
        js(&driver, TAG, vec![]).await;
        // Scrolled down a little, to come back to.
        js(&driver, "scrollTo(0, 120)", vec![]).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let scrolled = state(&driver).await["scroll"].as_f64().unwrap();

        let artist = js(
            &driver,
            "const l = document.querySelector('main .byline a'); return [new URL(l.href).pathname, l.textContent];",
            vec![],
        )
        .await;
        let (artist_path, artist_name) = (artist[0].as_str().unwrap(), artist[1].as_str().unwrap());
        let before = state(&driver).await["time"].as_f64().unwrap();
        // Clicked where it is, to keep the scroll position.
        driver
            .find(By::Css("main .byline a"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let s = wait_page(&driver, artist_path, artist_name).await;
        println!("on the artist page: {s}");
        assert_eq!(s["alive"], "yes", "no full page load: {s}");
        assert_eq!(s["tag"], "the one", "the same <audio> plays: {s}");
        assert_eq!(s["paused"], false, "{s}");
        assert!(s["title"].as_str().unwrap().starts_with('▶'), "{s}");
        assert_eq!(s["focus"], "H1", "focus moves to the new page's heading: {s}");
        assert_eq!(s["scroll"], 0.0, "a new page starts at the top: {s}");
        let canonical = js(&driver, "return document.querySelector('link[rel=canonical]').href", vec![]).await;
        assert!(canonical.as_str().unwrap().ends_with(artist_path), "{canonical}");
        wait_for(
            &driver,
            "the new page's title to be announced",
            "return window.__said.some(t => t.includes(document.querySelector('main h1').textContent)) ? true : null;",
            5,
        )
        .await;

        let site_title = js(&driver, "return document.querySelector('a.brand').textContent", vec![]).await;
        let site_title = site_title.as_str().unwrap().to_string();
        tokio::time::sleep(Duration::from_millis(300)).await;
        click(&driver, "a.brand").await;
        let s = wait_page(&driver, "/", &site_title).await;
        println!("on the home page: {s}");
        assert_eq!(s["alive"], "yes", "{s}");
        assert_eq!(s["tag"], "the one", "{s}");
        assert_eq!(s["paused"], false, "{s}");
        let after = s["time"].as_f64().unwrap();
        assert!(after > before, "the time goes on: {before} then {after}");
        let dock = js(&driver, "return !document.querySelector('[data-dock]').hidden", vec![]).await;
        assert_eq!(dock, true, "the dock stays on a page without music");

        // Back, back, forward.
        driver.back().await.unwrap();
        let s = wait_page(&driver, artist_path, artist_name).await;
        assert_eq!(s["alive"], "yes", "{s}");
        assert_eq!(s["tag"], "the one", "{s}");
        driver.back().await.unwrap();
        let s = wait_page(&driver, &format!("/album/{album}"), &album_h1).await;
        println!("back on the album: {s}");
        assert_eq!(s["alive"], "yes", "{s}");
        assert_eq!(s["tag"], "the one", "{s}");
        assert_eq!(s["paused"], false, "{s}");
        assert_eq!(s["index"], 0, "{s}");
        assert_eq!(s["highlighted"], json!([0]), "the playing track is shown again: {s}");
        assert!(
            (s["scroll"].as_f64().unwrap() - scrolled).abs() <= 2.0,
            "the scroll position comes back ({scrolled}): {s}"
        );
        driver.forward().await.unwrap();
        let s = wait_page(&driver, artist_path, artist_name).await;
        assert_eq!(s["tag"], "the one", "{s}");
        assert_eq!(s["paused"], false, "{s}");
        let last = s["time"].as_f64().unwrap();
        assert!(last > after, "the time goes on: {after} then {last}");

        // Links to files, and links with modifiers, are left to the browser.
        let skipped = js(
            &driver,
            r#"
const a = document.createElement('a');
a.href = '/media/x.wav';
document.querySelector('main').append(a);
let prevented = null;
document.addEventListener('click', (e) => { prevented = e.defaultPrevented; e.preventDefault(); }, { once: true });
a.click();
return prevented;
"#,
            vec![],
        )
        .await;
        assert_eq!(skipped, false, "a media link is a plain link");
    })
    .await;
}

/// Media Session metadata: title, artist, album and each artwork size.
async fn assert_session(driver: &WebDriver, n: usize) {
    let expected = js(
        driver,
        r#"
const li = document.querySelectorAll('[data-playlist]')[0].querySelectorAll('li[data-track]')[arguments[0]];
const abs = (u) => new URL(u, location.href).href;
const set = (li.dataset.artworkSet || '').split(',').filter(Boolean).map(p => p.trim().split(/\s+/))
  .map(([u, w]) => [abs(u), parseInt(w) + 'x' + parseInt(w)]);
return { title: li.dataset.title, artist: li.dataset.artist, album: li.dataset.album, artwork: set };
"#,
        vec![json!(n)],
    )
    .await;
    assert!(
        expected["artwork"].as_array().unwrap().len() == 2,
        "the demo's artwork has its 80 and 300 px squares: {expected}"
    );
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let s = state(driver).await;
        if s["session"] == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the Media Session shows {expected}, not {s}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_follows_buttons_keys_and_track_ends() {
    with_browser(true, |Env { driver, port, album, .. }| async move {
        open(&driver, port, &format!("/album/{album}")).await;
        let count = js(&driver, "return document.querySelectorAll('[data-playlist] li[data-track]').length", vec![]).await;
        let count = count.as_i64().unwrap();
        assert!(count >= 3, "{count} tracks");
        // Record the Media Session position state the script keeps up to date.
        js(
            &driver,
            r#"
const ms = navigator.mediaSession;
const set = ms.setPositionState.bind(ms);
ms.setPositionState = (p) => { window.__position = p; set(p); };
"#,
            vec![],
        )
        .await;
        click(&driver, "[data-playlist] li[data-track]:nth-child(2) [data-track-play]").await;
        wait_playing(&driver, 1).await;
        assert_session(&driver, 1).await;
        let s = wait_for(&driver, "the position state", "return window.__position && window.__position.duration > 0 ? window.__position : null;", 5).await;
        println!("position state: {s}");

        // The dock's buttons.
        click(&driver, "[data-dock] [data-next]").await;
        wait_playing(&driver, 2).await;
        assert_session(&driver, 2).await;
        click(&driver, "[data-dock] [data-prev]").await;
        wait_playing(&driver, 1).await;
        click(&driver, "[data-dock] [data-prev]").await;
        wait_playing(&driver, 0).await;
        click(&driver, "[data-dock] [data-prev]").await;
        wait_playing(&driver, count - 1).await;

        // The end of a track starts the next, from its start.
        js(&driver, "document.activeElement.blur()", vec![]).await;
        keys(&driver, "k").await;
        let s = wait_playing(&driver, 0).await;
        assert!(s["time"].as_f64().unwrap() < 1.0, "{s}");
        wait_for(&driver, "the length", "const a = document.querySelector('[data-dock] audio[data-current]'); if (!(a.duration > 0)) return null; a.currentTime = a.duration - 0.3; return true;", 10).await;
        wait_playing(&driver, 1).await;

        // The keyboard: K next, J previous, space pauses and plays, arrows seek.
        keys(&driver, "K").await;
        wait_playing(&driver, 2).await;
        keys(&driver, "j").await;
        wait_playing(&driver, 1).await;
        keys(&driver, " ").await;
        let s = state(&driver).await;
        assert_eq!(s["paused"], true, "space pauses: {s}");
        assert_eq!(s["highlighted"], json!([]), "{s}");
        keys(&driver, " ").await;
        let s = wait_playing(&driver, 1).await;
        assert_eq!(s["highlighted"], json!([1]), "{s}");
        // Keys typed in a field are the field's.
        js(&driver, "const i = document.createElement('input'); i.id = 'typing'; document.querySelector('main').append(i); i.focus();", vec![]).await;
        keys(&driver, "k ").await;
        let s = wait_playing(&driver, 1).await;
        assert_eq!(s["paused"], false, "{s}");

        // Arrows seek by 5 s, within the track (the demo's last 3 to 5 s).
        js(&driver, "document.activeElement.blur()", vec![]).await;
        keys(&driver, " ").await;
        js(
            &driver,
            r#"
window.__seeks = [];
document.querySelectorAll('[data-dock] audio').forEach((a) => a.addEventListener('seeking', () => window.__seeks.push(a.currentTime)));
document.querySelector('[data-dock] audio[data-current]').currentTime = 3.5;
"#,
            vec![],
        )
        .await;
        wait_for(&driver, "the seek", "return window.__seeks.length ? true : null;", 5).await;
        keys(&driver, &char::from(Key::Left).to_string()).await;
        let seeks = wait_for(&driver, "the left arrow", "return window.__seeks.length > 1 ? window.__seeks : null;", 5).await;
        assert!(seeks[1].as_f64().unwrap() < 0.01, "3.5 s less 5 is the start: {seeks}");
        js(&driver, "document.querySelector('[data-dock] audio[data-current]').currentTime = 0.5", vec![]).await;
        wait_for(&driver, "the seek", "return window.__seeks.length > 2 ? true : null;", 5).await;
        let duration = js(&driver, "return document.querySelector('[data-dock] audio[data-current]').duration", vec![]).await;
        keys(&driver, &char::from(Key::Right).to_string()).await;
        let seeks = wait_for(&driver, "the right arrow", "return window.__seeks.length > 3 ? window.__seeks : null;", 5).await;
        let want = (0.5f64 + 5.0).min(duration.as_f64().unwrap());
        assert!((seeks[3].as_f64().unwrap() - want).abs() < 0.05, "0.5 s plus 5, within {duration}: {seeks}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_track_that_fails_is_announced_and_skipped() {
    with_browser(true, |Env { driver, port, album, dir }| async move {
        open(&driver, port, &format!("/album/{album}")).await;
        // Every file of track 2 goes missing.
        let files = js(
            &driver,
            r#"
const li = document.querySelectorAll('[data-playlist] li[data-track]')[1];
return [...li.querySelectorAll('source')].map(s => new URL(s.src).pathname).concat(li.dataset.saver ? [li.dataset.saver] : []);
"#,
            vec![],
        )
        .await;
        for f in files.as_array().unwrap() {
            let path = f.as_str().unwrap().strip_prefix("/media/").unwrap();
            std::fs::remove_file(dir.join("media").join(path)).unwrap();
        }
        click(&driver, "[data-playlist] [data-track-play]").await;
        wait_playing(&driver, 0).await;
        wait_for(&driver, "the length", "const a = document.querySelector('[data-dock] audio[data-current]'); if (!(a.duration > 0)) return null; a.currentTime = a.duration - 0.3; return true;", 10).await;
        let s = wait_playing(&driver, 2).await;
        println!("after the missing track: {s}");
        // Said a moment after (the live region is emptied first).
        wait_for(
            &driver,
            "the failure to be announced",
            "return window.__said.some(t => t.includes('could not be played')) ? true : null;",
            5,
        )
        .await;
        assert_eq!(s["errors"], json!([1]), "the track is marked: {s}");
        // Going back skips it the other way.
        keys(&driver, "j").await;
        wait_playing(&driver, 0).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timecode_links_start_at_their_second() {
    with_browser(false, |Env { driver, port, album, .. }| async move {
        // The album's third track is its longest (5 s).
        open(&driver, port, &format!("/album/{album}")).await;
        let track = js(
            &driver,
            "return new URL(document.querySelectorAll('[data-playlist] li[data-track]')[2].querySelector('a.track-title').href).pathname",
            vec![],
        )
        .await;
        let track = track.as_str().unwrap().to_string();
        // The time when first seen playing: a moment after the start.
        const START: &str = "const a = document.querySelector('[data-dock] audio[data-current]'); return a && !a.paused && a.currentTime > 0 ? a.currentTime : null;";
        for (path, index) in [
            (format!("{track}#t=3"), 0),
            (format!("{track}#t=0m2s"), 0),
            (format!("/album/{album}#track=3&t=0m3s"), 2),
        ] {
            // The second is a fragment change of the same page (the browser
            // does not load it again): pause it elsewhere first.
            js(&driver, "const a = document.querySelector('[data-dock] audio[data-current]'); if (a) { a.pause(); a.currentTime = 4.5; }", vec![]).await;
            open(&driver, port, &path).await;
            let at = wait_for(&driver, "the timecode to play", START, 10).await.as_f64().unwrap();
            let s = state(&driver).await;
            println!("{path}: started at {at}: {s}");
            assert_eq!(s["index"], index, "{path}: {s}");
            let want: f64 = if path.ends_with("2s") { 2.0 } else { 3.0 };
            assert!((at - want).abs() <= 1.0, "{path} started at {at}");
        }
        // An internal link with a timecode too.
        js(&driver, "const a = document.createElement('a'); a.id = 'tc'; a.href = arguments[0] + '#t=2'; a.textContent = 'x'; document.querySelector('main').prepend(a);", vec![json!(track)]).await;
        click(&driver, "#tc").await;
        wait_for(&driver, "the track page", &format!("return location.pathname === {} ? true : null;", json!(track)), 10).await;
        let at = wait_for(&driver, "the seek", "const a = document.querySelector('[data-dock] audio[data-current]'); return !a.paused && !a.seeking && a.currentTime >= 1.9 && a.currentTime < 3.5 ? a.currentTime : null;", 10).await;
        println!("internal timecode link: at {at}");

        // The share button offers the link at the current position.
        open(&driver, port, &format!("/album/{album}#track=3&t=2")).await;
        wait_playing(&driver, 2).await;
        js(&driver, "document.querySelector('[data-dock] audio[data-current]').pause()", vec![]).await;
        let url = wait_for(&driver, "the share-at button", "const b = document.querySelector('[data-share-at]'); return b && !b.hidden ? [b.dataset.url, b.textContent] : null;", 5).await;
        println!("{url}");
        let (link, label) = (url[0].as_str().unwrap(), url[1].as_str().unwrap());
        let secs = js(&driver, "return Math.floor(document.querySelector('[data-dock] audio[data-current]').currentTime)", vec![]).await;
        assert_eq!(link, format!("http://127.0.0.1:{port}/album/{album}#track=3&t={secs}s"));
        assert_eq!(label, format!("Copy link at 0:0{secs}"));
    })
    .await;
}
