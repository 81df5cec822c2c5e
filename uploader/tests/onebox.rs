//! The one-box deployment (`deploy/onebox/Caddyfile`): every route of the
//! service is proxied to it, compared with the service's own route list so
//! a new route can't be left out; and Debian's Caddy, run with that very
//! file on loopback over HTTPS from its own internal CA (`localhost` gets
//! one automatically; nothing touches the network or the system's trust
//! store), in front of a dev-mode `trogs-uploader`, serves pages, media and
//! the Create section (an upload through it included), and never the
//! publisher's work files or staged uploads. Then the whole way through
//! it in headless Chromium, with the service as in production: sign in
//! through the provider, upload, hear the published page. Needs Debian's
//! caddy, Chromium and chromedriver, and openssl.

mod common;
mod harness;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;
use thirtyfour::prelude::*;
use trogs::store::Store;

/// Routes the service answers that Caddy deliberately leaves to something
/// else, each with the reason (as in the AWS template's test).
const NOT_PROXIED: &[(&str, &str, &str)] = &[
    (
        "GET",
        "/",
        "the site's home page (index.html) owns /; the Create section starts at /create",
    ),
    (
        "GET",
        "/dev/login",
        "the local sign-in form answers only in --dev mode, which binds loopback",
    ),
    ("POST", "/dev/login", "as GET /dev/login"),
];

/// Paths of the site and its media, which Caddy serves from the folders.
const SITE_PATHS: &[&str] = &[
    "/",
    "/index.html",
    "/artist/0123456789abcdef",
    "/album/0123456789abcdef",
    "/assets/site.0123456789.css",
    "/media/art/0123/cover.jpg",
    "/feed.atom",
    "/404.html",
    "/creators",
    "/apiary",
    "/terms-of-sale",
];

fn caddyfile() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../deploy/onebox/Caddyfile");
    std::fs::read_to_string(path).expect("deploy/onebox/Caddyfile is readable")
}

/// The patterns of the named matcher `@name path …`.
fn path_matcher(caddyfile: &str, name: &str) -> Vec<String> {
    let head = format!("@{name} path ");
    let lines: Vec<&str> = caddyfile
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with(&head))
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "the Caddyfile should have one line `@{name} path …`, found {lines:?}"
    );
    lines[0][head.len()..]
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Caddy's path matcher for the two forms used: an exact path, or a prefix
/// ending in `*`.
fn matches(pattern: &str, path: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => {
            assert!(
                !prefix.contains('*'),
                "{pattern}: only a trailing * is understood here"
            );
            path.starts_with(prefix)
        }
        None => {
            assert!(!pattern.contains('*'), "{pattern}: only a trailing *");
            path == pattern
        }
    }
}

/// A concrete path for a route: `{id}` and `{*file}` filled in.
fn example(route: &str) -> String {
    route
        .replace("{id}", "0123456789abcdef")
        .replace("{*file}", "create.0123456789.js")
}

#[test]
fn every_route_of_the_service_is_proxied_by_caddy() {
    let file = caddyfile();
    let create = path_matcher(&file, "create");
    let mut missing = Vec::new();
    for (method, route) in trogs_uploader::app::routes() {
        let path = example(&route);
        let proxied = create.iter().any(|p| matches(p, &path));
        let excluded = NOT_PROXIED
            .iter()
            .any(|&(m, r, _)| m == method && r == route);
        if excluded {
            assert!(
                !proxied,
                "{method} {route} is listed as not proxied, but @create matches it"
            );
        } else if !proxied {
            missing.push(format!("{method} {route}"));
        }
    }
    assert!(
        missing.is_empty(),
        "deploy/onebox/Caddyfile's @create matcher leaves out {missing:?}: add them, \
         or to NOT_PROXIED with the reason"
    );
    // Each exclusion still names a route, so the list can't go stale.
    let routes = trogs_uploader::app::routes();
    for &(m, r, why) in NOT_PROXIED {
        assert!(
            routes.iter().any(|(rm, rr)| *rm == m && rr == r),
            "NOT_PROXIED names {m} {r} ({why}), which the service no longer answers"
        );
    }
    for path in SITE_PATHS {
        assert!(
            !create.iter().any(|p| matches(p, path)),
            "{path} belongs to the site, but @create sends it to the service"
        );
    }
}

#[test]
fn dotfiles_are_matched_before_anything_is_served() {
    let file = caddyfile();
    assert_eq!(path_matcher(&file, "hidden"), ["*/.*"]);
    let hidden = file.find("handle @hidden").expect("a handle @hidden block");
    for later in ["handle @create", "handle_path /media/*", "\thandle {"] {
        let at = file
            .find(later)
            .unwrap_or_else(|| panic!("the Caddyfile has no `{later}`"));
        assert!(
            hidden < at,
            "`handle @hidden` must come before `{later}`, or Caddy may serve dotfiles"
        );
    }
}

// ---- Caddy in front of the service ----------------------------------------

/// Caddy, run from `deploy/onebox/Caddyfile`, stopped when dropped.
struct Caddy {
    child: Child,
    log: PathBuf,
    home: tempfile::TempDir,
}

impl Caddy {
    /// Serves `https://localhost:PORT` from `data`, proxying to the
    /// service on `uploader`.
    fn start(port: u16, data: &Path, uploader: u16) -> Caddy {
        let home = tempfile::tempdir().unwrap();
        let log = home.path().join("caddy.log");
        let config = concat!(env!("CARGO_MANIFEST_DIR"), "/../deploy/onebox/Caddyfile");
        let out = std::fs::File::create(&log).unwrap();
        // Its CA stays its own (no trust store is touched), and its
        // HTTP-to-HTTPS redirects listen on a free loopback port, not 80.
        let options = format!(
            "skip_install_trust\nhttp_port {}\ndefault_bind 127.0.0.1",
            harness::free_port()
        );
        let child = Command::new("caddy")
            .args(["run", "--adapter", "caddyfile", "--config", config])
            .env("TROGS_SITE_HOST", format!("https://localhost:{port}"))
            .env("TROGS_DATA", data)
            .env("TROGS_UPLOADER", format!("127.0.0.1:{uploader}"))
            .env("TROGS_CADDY_ADMIN", "off")
            .env("TROGS_CADDY_OPTIONS", options)
            // Its CA, certificates, locks and autosave stay in the test's
            // folder.
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| {
                panic!("could not run caddy ({e}): install Debian's with `apt-get install caddy`")
            });
        let mut caddy = Caddy { child, log, home };
        let deadline = Instant::now() + Duration::from_secs(60);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() || !caddy.root().is_file()
        {
            if let Ok(Some(status)) = caddy.child.try_wait() {
                panic!("caddy exited with {status}:\n{}", caddy.log());
            }
            assert!(
                Instant::now() < deadline,
                "caddy did not listen on {port} with its CA within 60 s:\n{}",
                caddy.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        caddy
    }

    /// The root certificate of Caddy's internal CA.
    fn root(&self) -> PathBuf {
        self.home
            .path()
            .join("data/caddy/pki/authorities/local/root.crt")
    }

    /// A client that trusts Caddy's root alone.
    fn client(&self, base: &str) -> harness::Client {
        let pem = std::fs::read(self.root()).unwrap();
        let mut client = harness::Client::new(base);
        client.http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(120))
            .tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap()])
            .build()
            .unwrap();
        client
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Caddy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn nothing(_: &Store, _: u16) {}

/// A file below `dir` (not in a dot folder) whose name ends with `suffix`,
/// as a path relative to `dir`.
fn find(dir: &Path, suffix: &str) -> Option<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .find(|rel| rel.ends_with(suffix))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn caddy_serves_the_site_and_media_and_proxies_the_create_section() {
    let caddy_port = harness::free_port();
    let public = format!("https://localhost:{caddy_port}");
    // The service's public URL is Caddy's, as on a real box.
    let up = harness::dev_with(nothing, &["--public-url", &format!("{public}/")], &[]).await;
    let data = up.dir.path().to_path_buf();
    // Dev mode seeds the demo into the empty catalog and publishes it.
    let (page, media) = harness::eventually(
        Duration::from_secs(120),
        Duration::from_millis(200),
        || format!("the demo's pages and media did not appear:\n{}", up.log()),
        async || {
            let manifest = up.out().join(".trogs/manifest.json").is_file();
            let index = up.out().join("index.html").is_file();
            let page = find(&up.out().join("artist"), ".html")?;
            let media = find(&up.media(), "")?;
            (manifest && index).then_some((page, media))
        },
    )
    .await;
    // A staged upload's bytes, where the service stages them.
    std::fs::create_dir_all(up.media().join(".uploads")).unwrap();
    std::fs::write(up.media().join(".uploads/0123456789abcdef"), b"staged").unwrap();

    let caddy = Caddy::start(caddy_port, &data, up.port);
    let mut client = caddy.client(&public);

    // Its certificate for localhost may still be on its way.
    let first = harness::eventually(
        Duration::from_secs(60),
        Duration::from_millis(200),
        || format!("no HTTPS answer from caddy within 60 s:\n{}", caddy.log()),
        async || client.http.get(format!("{public}/")).send().await.ok(),
    )
    .await;
    assert_eq!(first.status(), 200);
    let home = client.get("/").await;
    assert_eq!(home.status, 200, "{}", caddy.log());
    assert_eq!(home.header("cache-control"), Some("public, max-age=60"));
    assert_eq!(home.header("x-content-type-options"), Some("nosniff"));
    assert!(home.header("strict-transport-security").is_some());
    assert_eq!(
        home.header("referrer-policy"),
        Some("strict-origin-when-cross-origin")
    );

    // Pages are stored as artist/ID.html and linked without the extension.
    let bare = format!("/artist/{}", page.trim_end_matches(".html"));
    let a = client.get(&bare).await;
    assert_eq!(a.status, 200, "{bare}: {}", caddy.log());
    let on_disk = std::fs::read_to_string(up.out().join("artist").join(&page)).unwrap();
    assert_eq!(a.text, on_disk, "{bare} is artist/{page}");

    let m = client.get(&format!("/media/{media}")).await;
    assert_eq!(m.status, 200, "/media/{media}: {}", caddy.log());
    assert_eq!(m.header("x-content-type-options"), Some("nosniff"));

    let not_found = std::fs::read_to_string(up.out().join("404.html")).unwrap();
    for hidden in [
        "/.trogs/manifest.json",
        "/%2etrogs/manifest.json",
        "/media/.uploads/0123456789abcdef",
        "/site-out/index.html",
        "/trogs.db",
        "/no/such/page",
    ] {
        let a = client.get(hidden).await;
        let start: String = a.text.chars().take(200).collect();
        assert_eq!(a.status, 404, "{hidden} must not be served: {start}");
        assert_eq!(a.text, not_found, "{hidden} gets the site's 404 page");
        assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
    }

    // The Create section, through Caddy: the Host is Caddy's, which is the
    // service's public host, so its Host and Origin checks pass.
    let health = client.get("/healthz").await;
    assert_eq!(health.status, 200);
    assert_eq!(health.text, "ok\n");
    let create = client.get("/create").await;
    assert!(
        [200, 303].contains(&create.status),
        "/create through Caddy: {} {}",
        create.status,
        create.text
    );
    assert_eq!(create.header("cache-control"), Some("no-store"));
    let terms = client.get("/terms").await;
    assert_eq!(terms.status, 200, "{}", terms.text);
    assert_eq!(terms.header("referrer-policy"), Some("same-origin"));

    // Dev mode's sign-in form is not proxied (it is not a route of the
    // box); sign in beside Caddy, then use the session through it.
    let mut direct = up.client();
    direct.origin = Some(public.clone());
    direct.sign_in("ann").await;
    client.cookie = direct.cookie.clone();
    client.csrf = direct.csrf.clone();
    let me = client.get("/api/v1/me").await;
    assert_eq!(me.status, 200, "{}", me.text);
    let made = client
        .json(
            Method::POST,
            "/api/v1/me/artists",
            json!({"name": "Ann Through Caddy"}),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.text);
    let artist = made.json()["data"]["id"].as_str().unwrap().to_string();

    // An upload through Caddy, and its page and audio served by Caddy.
    let wav = harness::wav(1.0);
    let single = client
        .send(
            Method::POST,
            &format!("/api/v1/me/artists/{artist}/singles"),
            harness::Body::Files("file".into(), vec![("first song.wav".into(), wav.clone())]),
        )
        .await;
    assert_eq!(single.status, 201, "{}", single.text);
    let track = single.json()["data"][0]["id"].as_str().unwrap().to_string();
    let page = client.get(&format!("/track/{track}")).await;
    assert_eq!(page.status, 200, "/track/{track}: {}", caddy.log());
    let src = page
        .text
        .split("src=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|src| src.ends_with(".wav"))
        .unwrap_or_else(|| panic!("no .wav source on the track's page:\n{}", page.text));
    let src = src.strip_prefix(&public).unwrap_or(src).to_string();
    assert!(src.starts_with("/media/"), "{src}");
    let audio = client
        .http
        .get(format!("{public}{src}"))
        .send()
        .await
        .unwrap();
    assert_eq!(audio.status(), 200, "{src}");
    assert_eq!(audio.headers()["x-content-type-options"], "nosniff");
    assert_eq!(audio.bytes().await.unwrap().as_ref(), &wav[..]);
    // The player seeks with range requests.
    let part = client
        .http
        .get(format!("{public}{src}"))
        .header("range", "bytes=0-99")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206, "{src}");
    assert_eq!(part.bytes().await.unwrap().as_ref(), &wav[..100]);

    // The dev form itself is not reachable through Caddy.
    assert_eq!(client.get("/dev/login").await.status, 404);
}

// ---- Chromium through Caddy's HTTPS -----------------------------------------

/// A child process, stopped when the test ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
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

/// The base64 SHA-256 of a certificate's public key, as Chromium's
/// `--ignore-certificate-errors-spki-list` takes it (openssl computes it).
fn spki_hash(cert: &Path) -> String {
    let out = Command::new("sh")
        .arg("-c")
        .arg(
            "openssl x509 -in \"$1\" -pubkey -noout | openssl pkey -pubin -outform der \
             | openssl dgst -sha256 -binary | openssl base64 -A",
        )
        .arg("sh")
        .arg(cert)
        .output()
        .expect("openssl is needed to trust Caddy's CA in Chromium: apt-get install openssl");
    assert!(out.status.success(), "openssl: {out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Waits until `script` (a JavaScript expression) is true on the page.
async fn until(driver: &WebDriver, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
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
                .execute(
                    "return location.href + ' ' + document.body.innerText",
                    Vec::new(),
                )
                .await
                .map(|r| r.json().to_string())
                .unwrap_or_default();
            panic!("timed out waiting for {what} ({script}); the page says: {body}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

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
                tokio::time::sleep(Duration::from_millis(100)).await;
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

/// An artist signs in through the provider, makes an album, uploads a
/// track and hears it on the published page, all through Caddy's HTTPS
/// with the service running as in production (not dev mode) behind it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_caddy_an_artist_signs_in_uploads_and_hears_the_page() {
    let chromium = require("TROGS_CHROME", "chromium");
    let chromedriver = require("TROGS_CHROMEDRIVER", "chromedriver");
    let caddy_port = harness::free_port();
    let public = format!("https://localhost:{caddy_port}");
    let base = url::Url::parse(&format!("{public}/")).unwrap();
    let provider = common::oidc::strict_client(&base.join("callback").unwrap(), &base).await;
    // The service opens a catalog; a new box's is empty.
    let dir = tempfile::tempdir().unwrap();
    Store::create(&format!("sqlite:{}", dir.path().join("trogs.db").display()))
        .await
        .unwrap();
    let port = harness::free_port();
    let up = harness::start_production(
        dir,
        port,
        &[
            "--issuer",
            &provider.issuer,
            "--client-id",
            &provider.client_id,
            "--client-secret",
            &provider.client_secret,
            "--session-key",
            "a session key of the one-box test, 32+ characters",
            "--public-url",
            base.as_str(),
        ],
        &[],
    );
    let caddy = Caddy::start(caddy_port, up.dir.path(), up.port);
    let hashes = ["root.crt", "intermediate.crt"]
        .map(|c| spki_hash(&caddy.root().with_file_name(c)))
        .join(",");

    let driver_port = harness::free_port();
    let driver_log = up.dir.path().join("chromedriver.log");
    let _chromedriver = Running(
        Command::new(&chromedriver)
            .arg(format!("--port={driver_port}"))
            .stdout(std::fs::File::create(&driver_log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting chromedriver"),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while !std::fs::read_to_string(&driver_log)
        .unwrap_or_default()
        .contains(&format!("started successfully on port {driver_port}."))
    {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
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
        // Caddy's CA, trusted by this browser alone.
        &format!("--ignore-certificate-errors-spki-list={hashes}"),
        &format!("--user-data-dir={}", profile.path().display()),
    ] {
        caps.add_arg(arg).unwrap();
    }
    let driver = WebDriver::new(format!("http://127.0.0.1:{driver_port}"), caps)
        .await
        .unwrap();
    let out = up.out();
    let result = futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(async {
        let d = &driver;
        // 1. Sign in through the provider's login and consent forms.
        d.goto(format!("{public}/login")).await.unwrap();
        until(
            d,
            "document.querySelector('input[name=login]')",
            "the provider's login form",
        )
        .await;
        type_into(d, "input[name=login]", "ann").await;
        type_into(d, "input[name=password]", "any password").await;
        click(d, "button[type=submit]").await;
        let back = format!(
            "location.origin === {public:?} || document.querySelector('button[type=submit]')"
        );
        until(d, &back, "the consent form or the way back").await;
        if !d.current_url().await.unwrap().as_str().starts_with(&public) {
            click(d, "button[type=submit]").await;
        }
        // 2. The terms, then the Create section, over HTTPS.
        until(d, "location.pathname === '/terms'", "the terms").await;
        until(d, "window.isSecureContext", "a secure context").await;
        click(d, "#terms-agree").await;
        click(d, "form[action='/terms'] button").await;
        until(d, "location.pathname === '/create'", "the Create section").await;
        // 3. An artist, an album, and a track uploaded by the page's script.
        type_into(d, "#new-artist-name", "Ann Box").await;
        click(d, "form[action='/create/artists'] button").await;
        until(
            d,
            "location.pathname.startsWith('/create/artists/')",
            "the artist page",
        )
        .await;
        click(d, "details.new summary").await;
        type_into(d, "#album-title", "One Box").await;
        click(d, "form[action$='/albums'] button").await;
        until(
            d,
            "location.pathname.startsWith('/create/albums/')",
            "the album page",
        )
        .await;
        let album = d
            .current_url()
            .await
            .unwrap()
            .path()
            .trim_start_matches("/create/albums/")
            .to_string();
        let wav = profile.path().join("Hello.wav");
        std::fs::write(&wav, harness::wav(1.5)).unwrap();
        d.find(By::Id("tracks-file"))
            .await
            .unwrap()
            .send_keys(wav.display().to_string())
            .await
            .unwrap();
        until(
            d,
            "document.querySelectorAll('#tracks [data-item]').length === 1",
            "the track listed",
        )
        .await;
        // 4. The published page, once its rendition is on it (each
        // publish would otherwise change the page under the player).
        let built = out.join("album").join(format!("{album}.html"));
        let deadline = Instant::now() + Duration::from_secs(120);
        let wanted = if cfg!(feature = "renditions") {
            ".opus\" type="
        } else {
            ".wav"
        };
        while !std::fs::read_to_string(&built)
            .unwrap_or_default()
            .contains(wanted)
        {
            assert!(
                Instant::now() < deadline,
                "the album page was not published with {wanted}"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        d.goto(format!("{public}/album/{album}")).await.unwrap();
        until(
            d,
            "document.querySelector('[data-playlist] li[data-track]')",
            "the album page",
        )
        .await;
        click(d, "[data-playlist] li[data-track] [data-track-play]").await;
        until(
            d,
            "(() => { const a = document.querySelector('[data-dock] audio[data-current]'); \
             return a && !a.paused && a.currentTime > 0; })()",
            "the track playing",
        )
        .await;
    }))
    .await;
    driver.quit().await.unwrap();
    if let Err(panic) = result {
        eprintln!("caddy:\n{}\nuploader:\n{}", caddy.log(), up.log());
        std::panic::resume_unwind(panic);
    }
}
