//! The Create section in headless Chromium, against the real
//! `trogs-uploader --dev`: sign in with the local form, agree to the terms,
//! make an artist and an album, upload files with the script (a progress
//! bar per file; a refused file says why next to it), replace a track's
//! audio from its row, and delete. And the
//! whole way an artist goes: sign in through the provider's own login form
//! (oidc-provider), agree, make an artist and an album, upload three tracks
//! and a cover, reorder and feature, then listen to the published album
//! from track to track, and rename the artist on every page. And the
//! script speaking the page's language (Spanish): an upload's refusal and
//! its end.
//! Needs Chromium and a matching chromedriver, from `TROGS_CHROME` and
//! `TROGS_CHROMEDRIVER` or the usual places.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

mod common;
mod fixtures;

/// A child process, stopped when the test ends.
struct Running(Child);

impl Running {
    /// Starts `command` (its output going to `log`) and waits until `log`
    /// holds `ready`, what it prints once it listens. A port free when
    /// chosen can be taken by another process before it binds (Chromium
    /// listens on random ports), so an answer on the port proves nothing.
    fn start(command: &mut Command, name: &str, log: &Path, ready: &str) -> Running {
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("starting {name}: {e}"));
        let mut running = Running(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let said = std::fs::read_to_string(log).unwrap_or_default();
            if said.contains(ready) {
                return running;
            }
            if let Ok(Some(status)) = running.0.try_wait() {
                panic!("{name} exited with {status} before saying {ready:?}:\n{said}");
            }
            assert!(
                Instant::now() < deadline,
                "{name} did not say {ready:?} within 60 s:\n{said}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The program named by `var`, else `binary` in the usual places.
fn require(var: &str, binary: &str) -> String {
    if let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) {
        let path = Path::new(&path);
        assert!(path.is_file(), "{var}={} is not a file", path.display());
        return path.display().to_string();
    }
    for dir in ["/usr/bin", "/usr/local/bin", "/usr/lib/chromium"] {
        let path = Path::new(dir).join(binary);
        if path.is_file() {
            return path.display().to_string();
        }
    }
    panic!("{binary} is missing: install chromium and chromium-driver, or set {var}");
}

/// Waits until `script` (a JavaScript expression) is true on the page.
async fn until(driver: &WebDriver, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let ok = driver
            .execute(format!("return !!({script});"), Vec::new())
            .await
            .map(|r| r.json().as_bool() == Some(true))
            .unwrap_or(false);
        if ok {
            return;
        }
        if Instant::now() > deadline {
            let body = driver
                .execute("return document.body.innerText", Vec::new())
                .await
                .map(|r| r.json().to_string())
                .unwrap_or_default();
            panic!("timed out waiting for {what} ({script}); the page says: {body}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text(driver: &WebDriver, css: &str) -> String {
    driver
        .find(By::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// A file of the demo catalog's media with one of `exts`.
fn media_file(dir: &Path, exts: &[&str]) -> PathBuf {
    walk(dir)
        .into_iter()
        .find(|p| {
            p.extension()
                .is_some_and(|e| exts.contains(&e.to_string_lossy().as_ref()))
        })
        .unwrap_or_else(|| panic!("no {exts:?} file in {}", dir.display()))
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The service in dev mode and a browser driving it.
struct Browser {
    driver: WebDriver,
    base: String,
    site_port: u16,
    dir: tempfile::TempDir,
    _profile: tempfile::TempDir,
    _service: Running,
    _chromedriver: Running,
}

async fn browser() -> Browser {
    browser_on(free_port(), &[]).await
}

/// The service on `port` with `extra` arguments (a sign-in provider, say),
/// and a browser.
async fn browser_on(port: u16, extra: &[String]) -> Browser {
    let chromium = require("TROGS_CHROME", "chromium");
    let chromedriver = require("TROGS_CHROMEDRIVER", "chromedriver");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("uploader.log");
    let site_port = free_port();
    let _service = Running::start(
        Command::new(env!("CARGO_BIN_EXE_trogs-uploader"))
            .current_dir(dir.path())
            // The demo's media is left as it is: processing it would
            // publish (and live-reload) every page while the test plays.
            .args([
                "--dev",
                "--no-process",
                "--listen",
                &format!("127.0.0.1:{port}"),
            ])
            .args(["--site-listen", &format!("127.0.0.1:{site_port}")])
            .args([
                "--store",
                "sqlite:catalog.db",
                "--out",
                "site",
                "--media-dir",
                "media",
            ])
            .args(extra)
            .env("TROGS_LOG", "warn")
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(std::fs::OpenOptions::new().append(true).open(&log).unwrap()),
        "trogs-uploader",
        &log,
        &format!("(listening on 127.0.0.1:{port};"),
    );
    let driver_port = free_port();
    let driver_log = dir.path().join("chromedriver.log");
    let _chromedriver = Running::start(
        Command::new(&chromedriver)
            .arg(format!("--port={driver_port}"))
            .stdout(std::fs::File::create(&driver_log).unwrap())
            .stderr(Stdio::null()),
        "chromedriver",
        &driver_log,
        &format!("started successfully on port {driver_port}."),
    );
    let profile = tempfile::tempdir().unwrap();
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(&chromium).unwrap();
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--autoplay-policy=no-user-gesture-required",
        "--mute-audio",
        &format!("--user-data-dir={}", profile.path().display()),
    ] {
        caps.add_arg(arg).unwrap();
    }
    let driver = WebDriver::new(format!("http://127.0.0.1:{driver_port}"), caps)
        .await
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    Browser {
        driver,
        base,
        site_port,
        dir,
        _profile: profile,
        _service,
        _chromedriver,
    }
}

impl Browser {
    /// Quits the browser, then reports the test's own outcome.
    async fn finish(self, result: std::thread::Result<()>) {
        self.driver.quit().await.unwrap();
        if let Err(panic) = result {
            std::panic::resume_unwind(panic);
        }
    }
}

async fn catching(test: impl std::future::Future<Output = ()>) -> std::thread::Result<()> {
    futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(test)).await
}

/// Signs in with the local form, agrees to the terms, makes an artist and
/// an album, and leaves the browser on the album's page.
async fn sign_in_and_make_an_album(b: &Browser) {
    let (driver, base, site_port) = (&b.driver, &b.base, b.site_port);
    // Sign in with the local form, then agree to the terms.
    driver.goto(format!("{base}/")).await.unwrap();
    let name = driver.find(By::Id("dev-name")).await.unwrap();
    name.clear().await.unwrap();
    name.send_keys("Ada").await.unwrap();
    driver
        .find(By::Css("form[action='/dev/login'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(driver, "location.pathname === '/terms'", "the terms").await;
    driver
        .find(By::Id("terms-agree"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    driver
        .find(By::Css("form[action='/terms'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        driver,
        "location.pathname === '/create'",
        "the Create section",
    )
    .await;
    assert!(
        text(driver, "[data-status]")
            .await
            .contains("You can now make your artist page")
    );

    // A new artist, with a name that would be markup if not escaped.
    let hostile = r#"<b>Ada</b> "E2E""#;
    driver
        .find(By::Id("new-artist-name"))
        .await
        .unwrap()
        .send_keys(hostile)
        .await
        .unwrap();
    driver
        .find(By::Css("form[action='/create/artists'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        driver,
        "location.pathname.startsWith('/create/artists/')",
        "the artist page",
    )
    .await;
    assert_eq!(text(driver, "h1").await, hostile);
    let notice = driver
        .find(By::Css("[data-status] .notice a"))
        .await
        .unwrap();
    let link = notice.attr("href").await.unwrap().unwrap();
    assert!(
        link.starts_with(&format!("http://127.0.0.1:{site_port}/artist/")),
        "{link}"
    );

    // With scripting, choosing files uploads them: no Upload button.
    let hidden = driver
            .execute(
                "return [...document.querySelectorAll('[data-upload-submit]')].every(b => b.hidden && b.offsetParent === null)",
                Vec::new(),
            )
            .await
            .unwrap();
    assert_eq!(hidden.json().as_bool(), Some(true));

    // A new album.
    driver
        .find(By::Css("details.new summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    driver
        .find(By::Id("album-title"))
        .await
        .unwrap()
        .send_keys("First Light")
        .await
        .unwrap();
    driver
        .find(By::Css("form[action$='/albums'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(
        driver,
        "location.pathname.startsWith('/create/albums/')",
        "the album page",
    )
    .await;
    assert!(text(driver, "[data-status]").await.contains("live"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_artist_signs_in_makes_an_album_and_deletes_it() {
    let b = browser().await;
    let result = catching(async {
        sign_in_and_make_an_album(&b).await;
        let driver = &b.driver;
        // Delete the album: the box must be ticked.
        driver
            .find(By::Id("album-delete-confirm"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        driver
            .find(By::Css("form[action$='/delete'] button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        until(
            driver,
            "location.pathname.startsWith('/create/artists/')",
            "back on the artist page",
        )
        .await;
        assert!(text(driver, "[data-status]").await.contains("deleted"));
    })
    .await;
    b.finish(result).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_show_a_bar_per_file_and_why_a_file_is_refused() {
    let b = browser().await;
    let result = catching(async {
        sign_in_and_make_an_album(&b).await;
        let (driver, dir) = (&b.driver, &b.dir);
        let media = dir.path().join("media");
        // A file that is not audio: refused, and the refusal is shown next
        // to that file, with its bar.
        let not_audio = dir.path().join("notes.mp3");
        std::fs::write(&not_audio, "these are words, not sound").unwrap();
        let input = driver.find(By::Id("tracks-file")).await.unwrap();
        input.send_keys(not_audio.display().to_string()).await.unwrap();
        until(driver, "document.querySelector('.upload-row.is-failed')", "the refused upload").await;
        let row = driver.find(By::Css(".upload-row.is-failed")).await.unwrap();
        assert!(row.find(By::Css("progress")).await.is_ok());
        let label = row.find(By::Css("label")).await.unwrap();
        assert_eq!(label.text().await.unwrap(), "notes.mp3");
        let state = text(driver, ".upload-row.is-failed .upload-state").await;
        assert!(!state.is_empty() && !state.contains("request failed ("), "{state}");

        // Two real tracks at once: a bar each, both end up in the list.
        let first = media_file(&media, &["wav"]);
        let second = walk(&media)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "wav"))
            .nth(1)
            .unwrap();
        let input = driver.find(By::Id("tracks-file")).await.unwrap();
        input
            .send_keys(format!("{}\n{}", first.display(), second.display()))
            .await
            .unwrap();
        until(
            driver,
            "document.querySelectorAll('.upload-row').length === 3",
            "a row per file",
        )
        .await;
        until(
            driver,
            "document.querySelectorAll('.upload-row.is-done, .upload-row.is-failed').length === 3",
            "both uploads to finish",
        )
        .await;
        let states = driver
            .execute(
                "return [...document.querySelectorAll('.upload-row')].slice(1).map(r => r.className + ': ' + r.innerText)",
                Vec::new(),
            )
            .await
            .unwrap();
        let states = states.json().to_string();
        assert!(!states.contains("is-failed"), "{states}");
        until(driver, "document.querySelectorAll('#tracks [data-item]').length === 2", "the tracks listed").await;

    })
    .await;
    b.finish(result).await;
}

/// "Replace audio" under a track: the script sends the new file as a
/// resumable upload; the track keeps its id, title and place, and plays
/// the new file (the catalog records its duration).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tracks_audio_is_replaced_from_its_row() {
    let b = browser().await;
    let result = catching(async {
        sign_in_and_make_an_album(&b).await;
        let (driver, dir) = (&b.driver, &b.dir);
        let first = dir.path().join("01 First take.wav");
        std::fs::write(&first, fixtures::wav(1.0)).unwrap();
        let input = driver.find(By::Id("tracks-file")).await.unwrap();
        input.send_keys(first.display().to_string()).await.unwrap();
        until(
            driver,
            "document.querySelectorAll('#tracks [data-item]').length === 1",
            "the track listed",
        )
        .await;
        let id = driver
            .execute(
                "return document.querySelector('#tracks [data-item]').dataset.id",
                Vec::new(),
            )
            .await
            .unwrap()
            .json()
            .as_str()
            .unwrap()
            .to_string();
        let title = text(driver, &format!("#track-{id}-name")).await;
        let store = trogs::store::Store::open(&format!(
            "sqlite:{}",
            dir.path().join("catalog.db").display()
        ))
        .await
        .unwrap();
        let key = trogs::store::Key::same(&id);
        let old = store.get(key.clone()).await.unwrap().unwrap();

        click(driver, &format!("#track-{id} .replace-audio > summary")).await;
        let master = dir.path().join("master v2.wav");
        std::fs::write(&master, fixtures::wav(2.5)).unwrap();
        let input = driver
            .find(By::Id(format!("track-{id}-audio")))
            .await
            .unwrap();
        input.send_keys(master.display().to_string()).await.unwrap();
        until(
            driver,
            "/Upload finished/.test(document.querySelector('[data-status]').innerText)",
            "the replacement to be live",
        )
        .await;
        let now = store.get(key).await.unwrap().unwrap();
        let audio =
            |item: &trogs::store::Item| trogs::store::get_s(item, "AudioURL").unwrap().to_string();
        assert_ne!(audio(&now), audio(&old), "the track plays the new file");
        assert_eq!(
            trogs::store::get_s(&now, "TrackTitle"),
            trogs::store::get_s(&old, "TrackTitle")
        );
        assert_eq!(now.get("AA_SK"), old.get("AA_SK"), "the same place");
        assert_eq!(
            now.get("Duration"),
            Some(&trogs::store::AttributeValue::n("2.500"))
        );
        // The list shows the same track, under the same title.
        until(
            driver,
            "document.querySelectorAll('#tracks [data-item]').length === 1",
            "one track still",
        )
        .await;
        assert_eq!(text(driver, &format!("#track-{id}-name")).await, title);
        assert!(
            !dir.path().join("media").join(audio(&old)).exists(),
            "the old file went"
        );
        assert!(dir.path().join("media").join(audio(&now)).is_file());
    })
    .await;
    b.finish(result).await;
}

/// Clicks the element `css` finds, scrolled into view first (the site's
/// player bar is fixed at the bottom of the window). The Create pages
/// redraw their lists as uploads finish, so an element found a moment ago
/// may have been replaced: it is found again.
async fn click(driver: &WebDriver, css: &str) {
    for attempt in 0.. {
        let e = driver
            .find(By::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"));
        let clicked = match e.scroll_into_view().await {
            Ok(()) => e.click().await,
            Err(err) => Err(err),
        };
        match clicked {
            Ok(()) => return,
            Err(e)
                if attempt < 5
                    && matches!(
                        *e,
                        thirtyfour::error::WebDriverErrorInner::StaleElementReference(..)
                    ) =>
            {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => panic!("clicking {css}: {e}"),
        }
    }
}

async fn type_into(driver: &WebDriver, css: &str, text: &str) {
    let e = driver
        .find(By::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"));
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

async fn titles(driver: &WebDriver, css: &str) -> Vec<String> {
    let r = driver
        .execute(
            format!(
                "return [...document.querySelectorAll({css:?})].map(e => e.textContent.trim())"
            ),
            Vec::new(),
        )
        .await
        .unwrap();
    serde_json::from_value(r.json().clone()).unwrap()
}

/// Which of the published album page's tracks is playing.
async fn playing(driver: &WebDriver) -> Vec<usize> {
    let r = driver
        .execute(
            // The page's player bar plays one <audio> and marks the
            // playlist entry it is playing.
            "const a = document.querySelector('[data-dock] audio[data-current]'); \
             if (!a || a.paused) return []; \
             return [...document.querySelectorAll('[data-playlist] li[data-track]')].map((li, i) => li.classList.contains('is-playing') ? i : -1).filter(i => i >= 0)",
            Vec::new(),
        )
        .await
        .unwrap();
    serde_json::from_value(r.json().clone()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_artist_signs_in_with_the_provider_uploads_an_album_and_it_plays() {
    let port = free_port();
    let base = url::Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
    let provider = common::oidc::strict_client(&base.join("callback").unwrap(), &base).await;
    let extra = [
        "--issuer".to_string(),
        provider.issuer.clone(),
        "--client-id".into(),
        provider.client_id.clone(),
        "--client-secret".into(),
        provider.client_secret.clone(),
    ];
    let b = browser_on(port, &extra).await;
    let result = catching(async {
        let (driver, base, site_port, dir) = (&b.driver, &b.base, b.site_port, &b.dir);
        let site = format!("http://127.0.0.1:{site_port}");

        // 1. Sign in through the provider's login and consent forms.
        driver.goto(format!("{base}/")).await.unwrap();
        click(driver, "a[href='/login']").await;
        until(driver, "document.querySelector('input[name=login]')", "the provider's login form").await;
        type_into(driver, "input[name=login]", "ann").await;
        type_into(driver, "input[name=password]", "any password").await;
        click(driver, "button[type=submit]").await;
        let back = format!("location.origin === {base:?} || document.querySelector('button[type=submit]')");
        until(driver, &back, "the consent form or the way back").await;
        if !driver.current_url().await.unwrap().as_str().starts_with(base.as_str()) {
            click(driver, "button[type=submit]").await;
        }
        // 2. The terms, once.
        until(driver, "location.pathname === '/terms'", "the terms").await;
        click(driver, "#terms-agree").await;
        click(driver, "form[action='/terms'] button").await;
        until(driver, "location.pathname === '/create'", "the Create section").await;

        // 3. An artist.
        type_into(driver, "#new-artist-name", "Ann Band").await;
        click(driver, "form[action='/create/artists'] button").await;
        until(driver, "location.pathname.startsWith('/create/artists/')", "the artist page").await;
        let artist_url = driver.current_url().await.unwrap();
        let artist_id = artist_url.path().rsplit('/').next().unwrap().to_string();
        let artist_page = format!("{base}/create/artists/{artist_id}");

        // 4. An album, three tracks at once and a cover.
        click(driver, "details.new summary").await;
        type_into(driver, "#album-title", "First Light").await;
        click(driver, "form[action$='/albums'] button").await;
        until(driver, "location.pathname.startsWith('/create/albums/')", "the album page").await;
        let album_id = driver
            .current_url()
            .await
            .unwrap()
            .path()
            .trim_start_matches("/create/albums/")
            .to_string();
        let mut paths = Vec::new();
        for name in ["Alpha", "Beta", "Gamma"] {
            let path = dir.path().join(format!("{name}.wav"));
            std::fs::write(&path, fixtures::wav(1.5)).unwrap();
            paths.push(path.display().to_string());
        }
        driver
            .find(By::Id("tracks-file"))
            .await
            .unwrap()
            .send_keys(paths.join("\n"))
            .await
            .unwrap();
        until(
            driver,
            "document.querySelectorAll('#tracks [data-item]').length === 3",
            "three tracks listed",
        )
        .await;
        let cover = dir.path().join("cover.png");
        std::fs::write(&cover, fixtures::png(600, 600)).unwrap();
        driver
            .find(By::Id("album-image"))
            .await
            .unwrap()
            .send_keys(cover.display().to_string())
            .await
            .unwrap();
        until(
            driver,
            "[...document.querySelectorAll('img.cover')].some(i => i.src.includes('/media/art/'))",
            "the cover shown",
        )
        .await;

        // 5. Reorder (Alpha down: Beta, Alpha, Gamma) and feature Gamma.
        let order = titles(driver, "#tracks [data-item] .item-title").await;
        let first = order.iter().position(|t| t == "Alpha").expect("Alpha is listed");
        assert_eq!(first, 0, "uploaded in order: {order:?}");
        click(driver, "#tracks [data-item]:first-child [data-move-down]").await;
        until(
            driver,
            "document.querySelector('#tracks [data-item]:first-child .item-title').textContent.trim() === 'Beta'",
            "the new order",
        )
        .await;
        click(driver, "#tracks [data-item]:last-child form[action$='/feature'] button").await;
        until(
            driver,
            "document.querySelector('#tracks [data-item]:last-child .badge')",
            "Gamma featured",
        )
        .await;

        // 6. The published album page: the new order, the cover, and it
        // plays from track to track.
        // Each upload's renditions are published in the background, and
        // every publish live-reloads the open page: wait for them first.
        if cfg!(feature = "renditions") {
            let built = dir.path().join("site/album").join(format!("{album_id}.html"));
            let deadline = Instant::now() + Duration::from_secs(120);
            while std::fs::read_to_string(&built).unwrap_or_default().matches(".opus\" type=").count() < 3 {
                assert!(Instant::now() < deadline, "the tracks' renditions were not published");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
        driver.goto(format!("{site}/album/{album_id}")).await.unwrap();
        let listed = titles(driver, "[data-playlist] li[data-track] [data-track-title], [data-playlist] li[data-track] .title").await;
        let page = driver.source().await.unwrap();
        let (pb, pa, pg) = (page.find("Beta").unwrap(), page.find("Alpha").unwrap(), page.find("Gamma").unwrap());
        assert!(pb < pa && pa < pg, "the published order is Beta, Alpha, Gamma: {listed:?}");
        assert!(page.contains("/media/art/"), "the published page shows the cover");
        click(driver, "[data-playlist] li[data-track] [data-track-play]").await;
        let deadline = Instant::now() + Duration::from_secs(30);
        while playing(driver).await != [0] {
            assert!(Instant::now() < deadline, "the first track did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while playing(driver).await != [1] {
            assert!(Instant::now() < deadline, "the second track did not follow the first");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let artist_html = std::fs::read_to_string(
            dir.path().join("site/artist").join(format!("{artist_id}.html")),
        )
        .unwrap();
        assert!(artist_html.contains("Gamma"), "the artist page features Gamma");

        // 7. A new name, on every page.
        driver.goto(&artist_page).await.unwrap();
        type_into(driver, "#artist-name", "Ann Renamed").await;
        click(driver, "form[action^='/create/artists/']:not([action$='/albums']):not([action$='/delete']):not([action$='/featured']):not([enctype]) button[type=submit]").await;
        until(driver, "document.querySelector('h1').textContent.includes('Ann Renamed')", "the new name").await;
        let mut pages = 0;
        for entry in walk(&dir.path().join("site")) {
            if entry.extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(&entry).unwrap();
                assert!(!html.contains("Ann Band"), "{} keeps the old name", entry.display());
                if html.contains("First Light") {
                    assert!(html.contains("Ann Renamed"), "{} lacks the new name", entry.display());
                    pages += 1;
                }
            }
        }
        assert!(pages >= 5, "the album, its 3 tracks and the artist: {pages}");
        driver.goto(format!("{site}/album/{album_id}")).await.unwrap();
        assert!(driver.source().await.unwrap().contains("Ann Renamed"));
    })
    .await;
    b.finish(result).await;
}

/// The script says what it does in the page's language: with the browser
/// asking for Spanish, a refused upload says why in Spanish (the service's
/// reason included), and a finished one says so in Spanish.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_script_says_its_progress_in_the_pages_language() {
    let b = browser().await;
    let result = catching(async {
        sign_in_and_make_an_album(&b).await;
        let (driver, dir) = (&b.driver, &b.dir);
        let agent = driver
            .execute("return navigator.userAgent", Vec::new())
            .await
            .unwrap()
            .json()
            .as_str()
            .unwrap()
            .to_string();
        driver
            .cdp()
            .send_raw(
                "Emulation.setUserAgentOverride",
                serde_json::json!({ "userAgent": agent, "acceptLanguage": "es" }),
            )
            .await
            .unwrap();
        driver.refresh().await.unwrap();
        until(driver, "document.documentElement.lang === 'es'", "the album page in Spanish").await;

        let not_audio = dir.path().join("notas.mp3");
        std::fs::write(&not_audio, "estas son palabras, no sonido").unwrap();
        let input = driver.find(By::Id("tracks-file")).await.unwrap();
        input.send_keys(not_audio.display().to_string()).await.unwrap();
        until(driver, "document.querySelector('.upload-row.is-failed')", "the refused upload").await;
        let state = text(driver, ".upload-row.is-failed .upload-state").await;
        assert!(
            state.contains("Este archivo no es audio que podamos transmitir") && state.contains("sube MP3"),
            "{state}"
        );
        until(
            driver,
            "/La subida falló; mira el mensaje junto al archivo/.test(document.querySelector('[data-status]').innerText)",
            "the page saying, in Spanish, that the upload failed",
        )
        .await;

        let first = dir.path().join("01 Primera.wav");
        std::fs::write(&first, fixtures::wav(1.0)).unwrap();
        let input = driver.find(By::Id("tracks-file")).await.unwrap();
        input.send_keys(first.display().to_string()).await.unwrap();
        until(
            driver,
            "/Subida terminada/.test(document.querySelector('[data-status]').innerText)",
            "the page saying, in Spanish, that the upload finished",
        )
        .await;
        let done = text(driver, ".upload-row.is-done .upload-state").await;
        assert_eq!(done, "Subido y publicado.");
    })
    .await;
    b.finish(result).await;
}
