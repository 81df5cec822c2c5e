//! The playlist player in headless Chromium, against `trogs serve`: a track
//! ends, the next one starts, only one plays, and after the last it loops.
//! The docked player's own `<audio>` plays; the track lists' stay silent.
//! Needs Chromium or Chrome and a matching chromedriver: scripts/test finds
//! them (or installs Debian's chromium and chromium-driver) and passes them
//! in `TROGS_CHROME` and `TROGS_CHROMEDRIVER`.

mod common;
// Headless Chromium, shared by the player tests only (the other test
// binaries need not link the WebDriver client).
#[path = "common/browser.rs"]
mod browser;

use std::time::{Duration, Instant};

use common::{first_album, serve};
use serde_json::Value;
use thirtyfour::prelude::*;

const STATE: &str = r#"
const lis = [...document.querySelectorAll('[data-playlist] li[data-track]')];
const docked = [...document.querySelectorAll('[data-dock] audio')];
const a = document.querySelector('[data-dock] audio[data-current]');
const main = document.querySelector('[data-play-main]');
const abs = (u) => u ? new URL(u, location.href).href : '';
const src = a ? a.currentSrc || a.src : '';
return {
  tracks: lis.map(li => {
    const mine = !!src && ([...li.querySelectorAll('source')].some(s => s.src === src) || abs(li.dataset.saver) === src);
    const set = (li.dataset.artworkSet || '').split(',').filter(Boolean).map(p => abs(p.trim().split(/\s+/)[0]));
    return { paused: !(mine && !a.paused), duration: mine ? a.duration : null, highlighted: li.classList.contains('is-playing'),
             current: li.getAttribute('aria-current'), title: li.dataset.title,
             artist: li.dataset.artist, album: li.dataset.album,
             artwork: set.length ? set : li.dataset.artwork ? [abs(li.dataset.artwork)] : [] };
  }),
  // Media elements playing besides the dock's current one: none, ever.
  others: docked.filter(x => x !== a && !x.paused).length + lis.filter(li => !li.querySelector('audio').paused).length,
  main: main && main.getAttribute('aria-pressed'),
  title: document.title,
  // The dock's picture of the playing track (made by the script).
  art: [...document.querySelectorAll('[data-dock] img.dock-art')].map(i => i.hidden ? '' : i.src),
  session: navigator.mediaSession && navigator.mediaSession.metadata
    ? { title: navigator.mediaSession.metadata.title, artist: navigator.mediaSession.metadata.artist,
        album: navigator.mediaSession.metadata.album,
        artwork: [...navigator.mediaSession.metadata.artwork].map(a => a.src) }
    : null,
};
"#;

/// Jumps the playing track to just before its end, once its length is known.
const NEAR_END: &str = r#"
const a = document.querySelector('[data-dock] audio[data-current]');
if (!isFinite(a.duration) || a.duration <= 0) return false;
a.currentTime = Math.max(0, a.duration - 0.3);
return true;
"#;

async fn state(driver: &WebDriver) -> Value {
    driver
        .execute(STATE, Vec::<Value>::new())
        .await
        .unwrap()
        .json()
        .clone()
}

/// Whether the lock screen (Media Session) shows `track`: its title, artist,
/// album and artwork.
fn session_shows(s: &Value, track: &Value) -> bool {
    let session = &s["session"];
    session["title"] == track["title"]
        && session["artist"] == track["artist"]
        && session["album"] == track["album"]
        && session["artwork"] == track["artwork"]
        && track["artwork"].as_array().is_some_and(|a| !a.is_empty())
}

/// Waits until track `n` is the one playing, and checks everything follows it.
async fn wait_until_playing(driver: &WebDriver, n: usize) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let s = state(driver).await;
        let tracks = s["tracks"].as_array().unwrap();
        let playing: Vec<usize> = (0..tracks.len())
            .filter(|&i| tracks[i]["paused"] == false)
            .collect();
        // The Media Session may be updated a moment after playback starts.
        let art_shows = s["art"] == serde_json::json!([tracks[n]["artwork"][0]]);
        if playing == [n]
            && !(session_shows(&s, &tracks[n]) && art_shows)
            && Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(100)).await;
            continue;
        }
        if playing == [n] {
            let track = &tracks[n];
            for field in ["title", "artist", "album"] {
                assert!(
                    track[field].as_str().is_some_and(|v| !v.is_empty()),
                    "track {} has no {field} to show: {s}",
                    n + 1
                );
            }
            assert!(
                session_shows(&s, track),
                "the Media Session does not show track {}: {s}",
                n + 1
            );
            let highlighted: Vec<usize> = (0..tracks.len())
                .filter(|&i| tracks[i]["highlighted"] == true)
                .collect();
            assert_eq!(
                highlighted,
                [n],
                "the highlight follows the playing track: {s}"
            );
            assert!(art_shows, "the dock shows the playing track's picture: {s}");
            assert_eq!(tracks[n]["current"], "true", "{s}");
            assert_eq!(s["main"], "true", "the main control shows playing: {s}");
            let title = tracks[n]["title"].as_str().unwrap();
            assert!(
                s["title"].as_str().unwrap().contains(title),
                "the document title follows: {s}"
            );
            return s;
        }
        assert!(
            playing.len() <= 1 && s["others"] == 0,
            "two tracks play at once: {s}"
        );
        assert!(
            Instant::now() < deadline,
            "track {} never started: {s}",
            n + 1
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn skip_to_end(driver: &WebDriver, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !driver
        .execute(NEAR_END, vec![Value::from(n)])
        .await
        .unwrap()
        .json()
        .as_bool()
        .unwrap_or(false)
    {
        assert!(
            Instant::now() < deadline,
            "track {} never reported its length",
            n + 1
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_album_plays_track_after_track_and_loops_to_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, port) = serve(dir.path(), &common::theme_dir());
    let album = first_album(&dir.path().join("out"));

    browser::with_chromium(1000, 900, |driver| async move {
        driver
            .goto(format!("http://127.0.0.1:{port}/album/{album}"))
            .await
            .unwrap();
        let first = state(&driver).await;
        let count = first["tracks"].as_array().unwrap().len();
        assert!(count >= 3, "the album has {count} tracks");
        assert!(
            first["tracks"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["paused"] == true && t["highlighted"] == false)
        );
        assert_eq!(first["main"], "false");
        let page_title = first["title"].as_str().unwrap().to_string();

        let play = driver
            .find(By::Css("[data-playlist] li[data-track] [data-track-play]"))
            .await
            .unwrap();
        // Centred, clear of the docked player at the bottom.
        play.scroll_into_view().await.unwrap();
        play.click().await.unwrap();
        for n in 0..count {
            wait_until_playing(&driver, n).await;
            skip_to_end(&driver, n).await;
        }
        // After the last track, playback returns to the first.
        wait_until_playing(&driver, 0).await;

        // The main control pauses, and shows it.
        driver
            .find(By::Css("[data-play-main]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let s = state(&driver).await;
        assert!(
            s["tracks"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["paused"] == true),
            "{s}"
        );
        assert_eq!(s["main"], "false", "{s}");
        assert_eq!(
            s["title"],
            page_title.as_str(),
            "the title comes back on pause"
        );

        // A track's own control starts that track, and pauses the others.
        let buttons = driver
            .find_all(By::Css("[data-playlist] li[data-track] [data-track-play]"))
            .await
            .unwrap();
        buttons[2].scroll_into_view().await.unwrap();
        buttons[2].click().await.unwrap();
        wait_until_playing(&driver, 2).await;
        buttons[1].scroll_into_view().await.unwrap();
        buttons[1].click().await.unwrap();
        wait_until_playing(&driver, 1).await;

        // The keyboard: k plays the next track, j the previous one.
        driver
            .action_chain()
            .send_keys("k")
            .perform()
            .await
            .unwrap();
        wait_until_playing(&driver, 2).await;
        driver
            .action_chain()
            .send_keys("j")
            .perform()
            .await
            .unwrap();
        wait_until_playing(&driver, 1).await;

        // Sharing copies the page's absolute link and says so.
        let share = driver.find(By::Css("button[data-share]")).await.unwrap();
        let url = share.attr("data-url").await.unwrap().unwrap();
        assert_eq!(url, format!("http://127.0.0.1:{port}/album/{album}"));
        share.click().await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let toast = driver
                .find(By::Css("[data-toast]"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            if toast.contains("Link copied") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "no confirmation after sharing: {toast:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
}
