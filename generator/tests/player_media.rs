#![cfg(feature = "renditions")]
//! The player with real renditions, in headless Chromium against `trogs
//! serve`: a catalog of two tracks cut from one continuous 440 Hz tone is
//! given its renditions and peaks by `trogs media process`, then
//!
//! - every rendition (Opus 96, Opus 48, MP3) and the original decode and
//!   play to their end, with the source's length;
//! - track 2 starts as soon as track 1 ends (the gap is printed);
//! - the data-saver switch swaps the playing track to the 48 kbit/s file
//!   where it was, and is remembered after a reload;
//! - the waveform is drawn from the peaks and a click on it seeks;
//! - the track page links to the original with a sensible file name.
//!
//! Needs Chromium and chromedriver, like tests/player.rs.

mod common;
// Headless Chromium, shared by the player tests only (the other test
// binaries need not link the WebDriver client).
#[path = "common/browser.rs"]
mod browser;

use std::path::Path;
use std::time::{Duration, Instant};

use common::serve;
use serde_json::Value;
use thirtyfour::prelude::*;
use trogs::catalog::model::{Album, Artist, Track, TrackKind};
use trogs::store::{Embedded, Item, Store};

const RATE: u32 = 44_100;
/// Each track's length: long enough to act on a playing track in the tests.
const SECONDS: u32 = 5;
const ARTIST: &str = "gaplessartist001";
const ALBUM: &str = "gaplessalbum0001";
const TRACKS: [&str; 2] = ["gaplesstrack0001", "gaplesstrack0002"];

/// A 16-bit mono WAV of `samples` of a 440 Hz sine starting at sample `from`
/// of one continuous tone, so consecutive parts join without a click.
fn tone_part(from: u32, samples: u32) -> Vec<u8> {
    let data_len = samples * 2;
    let mut wav = Vec::with_capacity(44 + data_len as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data_len).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&RATE.to_le_bytes());
    wav.extend_from_slice(&(RATE * 2).to_le_bytes());
    wav.extend_from_slice(&2u16.to_le_bytes());
    wav.extend_from_slice(&16u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data_len.to_le_bytes());
    for n in from..from + samples {
        let t = n as f64 / RATE as f64;
        let v = (t * 440.0 * std::f64::consts::TAU).sin() * 0.4;
        wav.extend_from_slice(&((v * i16::MAX as f64) as i16).to_le_bytes());
    }
    wav
}

/// The catalog in `dir` (trogs.db and media/), processed by `trogs media
/// process`: one artist, one album, two tracks.
async fn make_catalog(dir: &Path) {
    let media = dir.join("media");
    let folder = media.join("art/tone");
    std::fs::create_dir_all(&folder).unwrap();
    let samples = RATE * SECONDS;
    for (i, _) in TRACKS.iter().enumerate() {
        std::fs::write(
            folder.join(format!("part-{}.wav", i + 1)),
            tone_part(i as u32 * samples, samples),
        )
        .unwrap();
    }
    {
        let store = Store::embedded(Embedded::open(dir.join("trogs.db"), true).unwrap());
        let artist = Artist {
            id: ARTIST.into(),
            name: "Tone/Generator".into(),
            owner: None,
            normalized_name: None,
            bio: None,
            image_url: None,
            created_date: None,
            trogs: Default::default(),
            extra: Item::new(),
        };
        let album = Album {
            id: ALBUM.into(),
            artist_id: ARTIST.into(),
            title: "One Long Tone".into(),
            artist_name: Some(artist.name.clone()),
            release_date: Some("2024-05-01".into()),
            description: None,
            license: Some("by-sa".into()),
            image_url: None,
            position: 0,
            trogs: Default::default(),
            extra: Item::new(),
        };
        let mut items = vec![artist.to_item(), album.to_item()];
        for (i, (id, title)) in TRACKS.iter().zip(["Part: One?", "Part Two"]).enumerate() {
            let track = Track {
                id: (*id).into(),
                title: title.into(),
                audio_url: format!("art/tone/part-{}.wav", i + 1),
                artist_id: ARTIST.into(),
                artist_name: Some(artist.name.clone()),
                license: Some("by-sa".into()),
                featured: None,
                feature_sort: None,
                kind: TrackKind::AlbumTrack {
                    album_id: ALBUM.into(),
                    album_title: Some(album.title.clone()),
                    number: i as u32 + 1,
                },
                trogs: Default::default(),
                extra: Item::new(),
            };
            items.push(track.to_item());
        }
        store.put_all(items).await.unwrap();
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args(["media", "process", "--store"])
        .arg(format!("sqlite:{}", dir.join("trogs.db").display()))
        .arg("--media-dir")
        .arg(&media)
        .current_dir(dir)
        .env_remove("TROGS_STORE")
        .env_remove("TROGS_MEDIA")
        .env_remove("TROGS_MEDIA_DIR")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("2 tracks given renditions"),
        "trogs media process: {text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Makes the processed catalog, serves it and opens Chromium, runs `test`
/// with the driver and the server's port, and quits the browser however
/// the test ends.
async fn with_browser<F, Fut>(test: F)
where
    F: FnOnce(WebDriver, u16) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let dir = tempfile::tempdir().unwrap();
    make_catalog(dir.path()).await;
    let (_server, port) = serve(dir.path(), &common::theme_dir());

    browser::with_chromium(1000, 900, |driver| test(driver, port)).await;
}

async fn js(driver: &WebDriver, script: &str, args: Vec<Value>) -> Value {
    driver.execute(script, args).await.unwrap().json().clone()
}

/// Runs `script` until it returns something other than null, for up to
/// `seconds`.
async fn wait_for(driver: &WebDriver, what: &str, script: &str, seconds: u64) -> Value {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        let v = js(driver, script, Vec::new()).await;
        if !v.is_null() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn open(driver: &WebDriver, port: u16, path: &str) {
    driver
        .goto(format!("http://127.0.0.1:{port}{path}"))
        .await
        .unwrap();
    // The player script is deferred: wait until it has set the sources up.
    wait_for(
        driver,
        "the player to set its sources",
        "const a = document.querySelector('[data-dock] audio[data-current]'); return a && a.getAttribute('src') ? true : null;",
        10,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_rendition_and_the_original_play_to_the_end() {
    with_browser(|driver, port| async move {
        open(&driver, port, &format!("/album/{ALBUM}")).await;
        let files = js(
            &driver,
            r#"
const li = document.querySelector('[data-track]');
const a = li.querySelector('audio');
const files = [...a.querySelectorAll('source')].map(s => ({ url: s.src, type: s.type }));
files.splice(1, 0, { url: new URL(li.dataset.saver, location.href).href, type: 'audio/ogg; codecs=opus' });
return files.map(f => Object.assign(f, { can: a.canPlayType(f.type) }));
"#,
            Vec::new(),
        )
        .await;
        let files = files.as_array().unwrap();
        let urls: Vec<&str> = files.iter().map(|f| f["url"].as_str().unwrap()).collect();
        assert_eq!(files.len(), 4, "{files:?}");
        assert!(urls[0].ends_with("/part-1.opus"), "{urls:?}");
        assert!(urls[1].ends_with("/part-1.48.opus"), "{urls:?}");
        assert!(urls[2].ends_with("/part-1.mp3"), "{urls:?}");
        assert!(urls[3].ends_with("/part-1.wav"), "{urls:?}");
        for f in files {
            assert_ne!(f["can"], "", "Chromium cannot play {f}");
        }
        for f in files {
            js(
                &driver,
                r#"
const [url] = arguments;
window.__done = null;
const a = document.createElement('audio');
const r = { url: url, error: null };
const finish = () => { r.duration = a.duration; r.current = a.currentTime; r.ended = a.ended; window.__done = r; };
a.addEventListener('error', () => { r.error = a.error ? a.error.code + ' ' + a.error.message : 'error'; finish(); });
a.addEventListener('ended', finish);
a.preload = 'auto';
a.defaultPlaybackRate = 4;
a.playbackRate = 4;
a.src = url;
document.body.appendChild(a);
a.play().catch((e) => { r.error = 'play(): ' + e.name + ' ' + e.message; finish(); });
"#,
                vec![f["url"].clone()],
            )
            .await;
            let r = wait_for(&driver, "the file to end", "return window.__done;", 30).await;
            println!("played {r}");
            assert!(r["error"].is_null(), "{r}");
            assert_eq!(r["ended"], true, "{r}");
            let duration = r["duration"].as_f64().unwrap();
            let current = r["current"].as_f64().unwrap();
            assert!(
                (duration - SECONDS as f64).abs() <= 0.1,
                "{}: {duration} s long instead of {SECONDS}: {r}",
                f["url"]
            );
            assert!(
                (current - duration).abs() <= 0.05,
                "{}: stopped at {current} of {duration}",
                f["url"]
            );
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_track_starts_as_the_first_ends() {
    with_browser(|driver, port| async move {
        open(&driver, port, &format!("/album/{ALBUM}")).await;
        js(
            &driver,
            r#"
// The dock's two elements take turns: the next track buffers in the other.
const as = [...document.querySelectorAll('[data-dock] audio')];
const g = window.__gap = {};
as.forEach((a) => {
  a.addEventListener('ended', () => {
    if (g.ended) return;
    g.ended = performance.now();
    const next = as.find((x) => x.src.includes('part-2'));
    g.nextReady = next ? next.readyState : -1;
    g.nextBuffered = next && next.buffered.length ? next.buffered.end(0) : 0;
    g.other = next !== a;
  });
  a.addEventListener('playing', () => {
    if (g.playing || !a.src.includes('part-2')) return;
    g.playing = performance.now();
    g.at = a.currentTime;
    g.src = a.currentSrc;
  });
});
"#,
            Vec::new(),
        )
        .await;
        driver
            .find(By::Css("[data-track] [data-track-play]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let g = wait_for(
            &driver,
            "track 2 to play",
            "return window.__gap.playing ? window.__gap : null;",
            SECONDS as u64 * 4,
        )
        .await;
        let gap = g["playing"].as_f64().unwrap() - g["ended"].as_f64().unwrap();
        println!(
            "gap between track 1's ended and track 2's playing: {gap:.1} ms; track 2 at {:.3} s then, readyState {} and {:.2} s buffered when track 1 ended; {g}",
            g["at"].as_f64().unwrap(),
            g["nextReady"],
            g["nextBuffered"].as_f64().unwrap_or(0.0),
        );
        assert!(
            g["nextReady"].as_u64().unwrap() >= 3,
            "track 2 was not buffered before track 1 ended: {g}"
        );
        assert!((0.0..=250.0).contains(&gap), "a gap of {gap} ms: {g}");
        assert!(g["at"].as_f64().unwrap() < 0.1, "{g}");
    })
    .await;
}

const SAVER_STATE: &str = r#"
const a = document.querySelector('[data-dock] audio[data-current]');
const box = document.querySelector('[data-saver-toggle]');
let stored = null;
try { stored = localStorage.getItem('trogs.dataSaver'); } catch (e) {}
return { src: a.src, paused: a.paused, time: a.currentTime, checked: box.checked,
         shown: !box.closest('label').hidden && box.offsetParent !== null, stored: stored };
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_saver_switch_swaps_the_playing_file_and_is_remembered() {
    with_browser(|driver, port| async move {
        let page = format!("/album/{ALBUM}");
        open(&driver, port, &page).await;
        let s = js(&driver, SAVER_STATE, Vec::new()).await;
        assert_eq!(s["shown"], true, "the switch is offered: {s}");
        assert_eq!(s["checked"], false, "{s}");
        assert!(s["src"].as_str().unwrap().ends_with("/part-1.opus"), "{s}");

        driver
            .find(By::Css("[data-track] [data-track-play]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        // Playing, and a little way in.
        wait_for(
            &driver,
            "track 1 to play",
            "const a = document.querySelector('[data-dock] audio[data-current]'); if (a.paused || !(a.duration > 0)) return null; a.currentTime = 1.5; return true;",
            20,
        )
        .await;
        let before = wait_for(
            &driver,
            "the seek",
            "const a = document.querySelector('[data-dock] audio[data-current]'); return !a.seeking && a.currentTime >= 1.5 && !a.paused ? a.currentTime : null;",
            10,
        )
        .await
        .as_f64()
        .unwrap();
        driver
            .find(By::Css("[data-saver-toggle]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let s = wait_for(
            &driver,
            "the data-saver file to play",
            "const a = document.querySelector('[data-dock] audio[data-current]'); return a.src.endsWith('.48.opus') && !a.paused && a.readyState >= 3 && !a.seeking ? true : null;",
            10,
        )
        .await;
        assert_eq!(s, true);
        let s = js(&driver, SAVER_STATE, Vec::new()).await;
        println!("switched at {before:.3} s: {s}");
        let time = s["time"].as_f64().unwrap();
        assert!(
            time >= before - 0.25 && time < before + 2.5,
            "the position is kept: {before} before, {s}"
        );
        assert_eq!(s["paused"], false, "{s}");
        assert_eq!(s["checked"], true, "{s}");
        assert_eq!(s["stored"], "1", "{s}");

        // Remembered on this device.
        open(&driver, port, &page).await;
        let s = js(&driver, SAVER_STATE, Vec::new()).await;
        assert_eq!(s["checked"], true, "{s}");
        assert!(
            s["src"].as_str().unwrap().ends_with("/part-1.48.opus"),
            "{s}"
        );
        // And switched off again, back to the full-quality file.
        driver
            .find(By::Css("[data-saver-toggle]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let s = js(&driver, SAVER_STATE, Vec::new()).await;
        assert!(s["src"].as_str().unwrap().ends_with("/part-1.opus"), "{s}");
        assert_eq!(s["stored"], "0", "{s}");
        assert_eq!(s["paused"], true, "switching does not start playback: {s}");
    })
    .await;
}

const WAVE_STATE: &str = r#"
const c = document.querySelector('[data-waveform]');
const a = document.querySelector('[data-dock] audio[data-current]');
if (c.hidden || !c.width) return null;
const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
let inked = 0;
for (let i = 3; i < d.length; i += 4) if (d[i] > 0) inked++;
// The colour of the tallest bar near a quarter and three quarters across.
const colourAt = (fx) => {
  const x0 = Math.floor(c.width * fx);
  for (let x = x0; x < x0 + 8; x++) {
    const i = (Math.floor(c.height / 2) * c.width + x) * 4;
    if (d[i + 3] > 0) return [d[i], d[i + 1], d[i + 2]].join(',');
  }
  return null;
};
return { width: c.width, height: c.height, css: c.clientWidth, dpr: devicePixelRatio, inked: inked,
         pixels: c.width * c.height, time: a.currentTime, duration: a.duration, paused: a.paused,
         left: colourAt(0.25), right: colourAt(0.75) };
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_waveform_shows_the_peaks_and_a_click_seeks() {
    with_browser(|driver, port| async move {
        open(&driver, port, &format!("/album/{ALBUM}")).await;
        let hidden = js(
            &driver,
            "return document.querySelector('[data-waveform]').hidden",
            Vec::new(),
        )
        .await;
        assert_eq!(hidden, true, "no waveform before a track is chosen");
        driver
            .find(By::Css("[data-track] [data-track-play]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let s = wait_for(&driver, "the waveform", WAVE_STATE, 20).await;
        println!("waveform while playing: {s}");
        let (width, css, dpr) = (
            s["width"].as_f64().unwrap(),
            s["css"].as_f64().unwrap(),
            s["dpr"].as_f64().unwrap(),
        );
        assert_eq!(width, (css * dpr).round(), "drawn at device pixels: {s}");
        let inked = s["inked"].as_f64().unwrap() / s["pixels"].as_f64().unwrap();
        // A steady tone fills most of the height, with gaps between bars.
        assert!(inked > 0.1, "the waveform is drawn: {s}");

        // Pause, then click the middle: playback moves to half way.
        driver
            .find(By::Css("[data-play-main]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_for(
            &driver,
            "the duration",
            "const a = document.querySelector('[data-dock] audio[data-current]'); return a.paused && a.duration > 0 ? true : null;",
            10,
        )
        .await;
        driver
            .find(By::Css("[data-waveform]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let s = wait_for(&driver, "the waveform", WAVE_STATE, 5).await;
        println!("after the click: {s}");
        let (time, duration) = (s["time"].as_f64().unwrap(), s["duration"].as_f64().unwrap());
        assert!(
            (time - duration / 2.0).abs() <= 0.1,
            "a click in the middle seeks half way: {s}"
        );
        assert_eq!(s["paused"], true, "{s}");
        assert!(
            s["left"].is_string() && s["right"].is_string() && s["left"] != s["right"],
            "the played part has its own colour: {s}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_track_page_links_to_the_original_for_download() {
    with_browser(|driver, port| async move {
        open(&driver, port, &format!("/track/{}", TRACKS[0])).await;
        let link = driver
            .find(By::Css(".download a[download]"))
            .await
            .unwrap();
        assert_eq!(
            link.attr("download").await.unwrap().as_deref(),
            Some("Tone Generator - Part One.wav")
        );
        let text = link.text().await.unwrap();
        assert!(text.contains("Download") && text.contains("WAV"), "{text}");
        let name = js(
            &driver,
            "return document.querySelector('.download a[download]').textContent.replace(/\\s+/g, ' ').trim()",
            Vec::new(),
        )
        .await;
        assert_eq!(name, "Download Part: One? (WAV)", "screen readers hear the title");
        let answer = driver
            .execute_async(
                r#"
const done = arguments[arguments.length - 1];
const a = document.querySelector('.download a[download]');
fetch(a.href).then(
  (r) => r.arrayBuffer().then((b) => done({ status: r.status, type: r.headers.get('content-type'), bytes: b.byteLength, href: a.href })),
  (e) => done({ error: String(e) }));
"#,
                Vec::new(),
            )
            .await
            .unwrap()
            .json()
            .clone();
        println!("{answer}");
        assert_eq!(answer["status"], 200, "{answer}");
        assert!(
            answer["href"].as_str().unwrap().ends_with("/media/art/tone/part-1.wav"),
            "{answer}"
        );
        assert_eq!(
            answer["bytes"].as_u64().unwrap(),
            44 + 2 * (RATE * SECONDS) as u64,
            "{answer}"
        );

        // Each track of the album can be downloaded too.
        open(&driver, port, &format!("/album/{ALBUM}")).await;
        let names = js(
            &driver,
            "return [...document.querySelectorAll('[data-track] a.track-dl[download]')].map(a => a.getAttribute('download'))",
            Vec::new(),
        )
        .await;
        assert_eq!(
            names,
            serde_json::json!([
                "Tone Generator - Part One.wav",
                "Tone Generator - Part Two.wav"
            ])
        );
    })
    .await;
}
