//! Starting the real `trogs-uploader` binary on loopback for tests, and a
//! small HTTP client that signs in and keeps its session cookie and CSRF
//! token. Everything runs against real parts: the binary, an SQLite
//! catalog file and a media folder in a temporary directory.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::Value;
use trogs::catalog::model::{Album, Artist, Track, TrackKind};
use trogs::store::{AttributeValue, Item, Store};

pub const BIN: &str = env!("CARGO_BIN_EXE_trogs-uploader");

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running uploader in dev mode, over a catalog in its own folder.
pub struct Uploader {
    child: Child,
    pub dir: tempfile::TempDir,
    pub port: u16,
    pub site_port: u16,
    /// `http://127.0.0.1:PORT`
    pub url: String,
    pub site_url: String,
}

impl Uploader {
    /// The owner id a dev-mode user named `name` gets on this uploader.
    pub fn owner(&self, name: &str) -> String {
        owner_for(self.port, name)
    }

    pub fn store_spec(&self) -> String {
        format!("sqlite:{}", self.dir.path().join("trogs.db").display())
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("site-out")
    }

    pub fn media(&self) -> PathBuf {
        self.dir.path().join("media")
    }

    pub fn client(&self) -> Client {
        Client::new(&self.url)
    }

    /// Stops the service and hands back its folder, to start another over it.
    pub fn stop(mut self) -> (tempfile::TempDir, u16, u16) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().unwrap());
        (dir, self.port, self.site_port)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("uploader.log")).unwrap_or_default()
    }
}

pub fn owner_for(port: u16, name: &str) -> String {
    format!("http://127.0.0.1:{port}/dev#{}", name.to_lowercase())
}

/// Starts an uploader in dev mode in a new folder, after `seed` has put
/// what the test needs into its catalog (given the folder and the port, so
/// owners can be written).
pub async fn dev(seed: impl AsyncFnOnce(&Store, u16)) -> Uploader {
    dev_with(seed, &[], &[]).await
}

pub async fn dev_with(
    seed: impl AsyncFnOnce(&Store, u16),
    args: &[&str],
    env: &[(&str, &str)],
) -> Uploader {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let site_port = free_port();
    let store = Store::create(&format!("sqlite:{}", dir.path().join("trogs.db").display()))
        .await
        .unwrap();
    seed(&store, port).await;
    drop(store);
    start_in(dir, port, site_port, args, env)
}

pub fn start_in(
    dir: tempfile::TempDir,
    port: u16,
    site_port: u16,
    args: &[&str],
    env: &[(&str, &str)],
) -> Uploader {
    // The demo's media is processed only where a test asks for it
    // (`--process`): it takes a few seconds of both cores.
    let mut all = vec!["--dev"];
    if !args.contains(&"--process") {
        all.push("--no-process");
    }
    all.extend(args.iter().filter(|a| **a != "--process"));
    start(dir, port, site_port, &all, env)
}

/// Starts an uploader as in production: no `--dev`, so `args` must name a
/// sign-in provider and a session key.
pub fn start_production(
    dir: tempfile::TempDir,
    port: u16,
    args: &[&str],
    env: &[(&str, &str)],
) -> Uploader {
    start(dir, port, free_port(), args, env)
}

/// Starts an uploader as in production on a new, empty catalog (outside
/// dev mode the catalog must exist before the service starts); `args`
/// name a sign-in provider and a session key.
pub async fn start_production_empty(port: u16, args: &[&str]) -> Uploader {
    let dir = tempfile::tempdir().unwrap();
    Store::create(&format!("sqlite:{}", dir.path().join("trogs.db").display()))
        .await
        .unwrap();
    start_production(dir, port, args, &[])
}

fn start(
    dir: tempfile::TempDir,
    port: u16,
    site_port: u16,
    args: &[&str],
    env: &[(&str, &str)],
) -> Uploader {
    let home = dir.path().to_path_buf();
    let spawn = |site_port: u16| {
        let log = std::fs::File::create(home.join("uploader.log")).unwrap();
        let mut command = Command::new(BIN);
        command
            .current_dir(&home)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(["--site-listen", &format!("127.0.0.1:{site_port}")])
            .args(["--theme", &theme_dir().display().to_string()])
            .args(args)
            .args(if args.contains(&"--store") {
                &[][..]
            } else {
                &["--store", "sqlite:trogs.db"][..]
            })
            .env_remove("TROGS_STORE")
            .env_remove("TROGS_OUT")
            .env_remove("TROGS_MEDIA")
            .env("TROGS_LOG", "info")
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        for (k, v) in env {
            command.env(k, v);
        }
        command.spawn().expect("starting trogs-uploader")
    };
    let child = spawn(site_port);
    let mut up = Uploader {
        child,
        dir,
        port,
        site_port,
        url: format!("http://127.0.0.1:{port}"),
        site_url: format!("http://127.0.0.1:{site_port}"),
    };
    // Another process may have taken a port after it was chosen: the
    // service is ours once it says it listens there. The site's port is
    // the harness's own choice, so a taken one is chosen again (the
    // service's own port is the test's, which may have given it out).
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut tries = 0;
    let ours = format!("(listening on 127.0.0.1:{port};");
    loop {
        if up.log().contains(&ours) {
            return up;
        }
        if let Ok(Some(status)) = up.child.try_wait() {
            let log = up.log();
            let site_taken = format!(
                "listening on 127.0.0.1:{}; is another server using it?",
                up.site_port
            );
            if log.contains(&site_taken) && tries < 5 {
                tries += 1;
                up.site_port = free_port();
                up.site_url = format!("http://127.0.0.1:{}", up.site_port);
                up.child = spawn(up.site_port);
                continue;
            }
            panic!("trogs-uploader exited with {status}:\n{log}");
        }
        assert!(
            Instant::now() < deadline,
            "trogs-uploader did not listen within 60 s:\n{}",
            up.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Drop for Uploader {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `check` every `every` until it gives a value, for what the service
/// does in the background; fails with `waiting_for()` once `within` has
/// passed.
pub async fn eventually<T>(
    within: Duration,
    every: Duration,
    waiting_for: impl Fn() -> String,
    mut check: impl AsyncFnMut() -> Option<T>,
) -> T {
    let deadline = Instant::now() + within;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "{}", waiting_for());
        tokio::time::sleep(every).await;
    }
}

pub fn theme_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../themes/default")
        .canonicalize()
        .unwrap()
}

/// What a request got back.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.text))
    }

    /// The first error's detail.
    pub fn detail(&self) -> String {
        self.json()["errors"][0]["detail"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// An HTTP client for one user: never follows redirects, sends this
/// service's `Origin`, its session cookie and its CSRF token.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
    pub origin: Option<String>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        Client {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(120))
                .build()
                .unwrap(),
            base: base.to_string(),
            cookie: None,
            csrf: None,
            origin: Some(base.to_string()),
        }
    }

    fn keep_cookie(&mut self, headers: &HeaderMap) {
        for value in headers.get_all(reqwest::header::SET_COOKIE) {
            let text = value.to_str().unwrap_or_default();
            let pair = text.split(';').next().unwrap_or_default();
            if let Some(v) = pair.strip_prefix("trogs_session=") {
                self.cookie = (!v.is_empty()).then(|| pair.to_string());
            }
        }
    }

    pub async fn send(&mut self, method: Method, path: &str, body: Body) -> Answer {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(c) = &self.cookie {
            request = request.header("cookie", c);
        }
        if let Some(o) = &self.origin {
            request = request.header("origin", o);
        }
        if let Some(t) = &self.csrf {
            request = request.header("x-csrf-token", t);
        }
        request = match body {
            Body::None => request,
            Body::Json(v) => request.json(&v),
            Body::Form(pairs) => request.form(&pairs),
            Body::Files(field, files) => {
                let mut form = reqwest::multipart::Form::new();
                for (name, bytes) in files {
                    form = form.part(
                        field.clone(),
                        reqwest::multipart::Part::bytes(bytes).file_name(name),
                    );
                }
                request.multipart(form)
            }
            Body::Raw(content_type, bytes) => {
                request.header("content-type", content_type).body(bytes)
            }
        };
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        self.keep_cookie(&headers);
        let text = response.text().await.unwrap_or_default();
        Answer {
            status,
            headers,
            text,
        }
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        self.send(Method::GET, path, Body::None).await
    }

    pub async fn json(&mut self, method: Method, path: &str, v: Value) -> Answer {
        self.send(method, path, Body::Json(v)).await
    }

    /// Signs in with dev mode's form as `name`, and agrees to the terms.
    pub async fn sign_in(&mut self, name: &str) {
        let a = self
            .send(
                Method::POST,
                "/dev/login",
                Body::Form(vec![
                    ("name".into(), name.into()),
                    ("next".into(), "/create".into()),
                ]),
            )
            .await;
        assert_eq!(a.status, 303, "dev sign-in: {}", a.text);
        assert!(self.cookie.is_some(), "dev sign-in set no session cookie");
        let me = self.get("/api/v1/me").await;
        assert_eq!(me.status, 200, "{}", me.text);
        self.csrf = me.json()["data"]["csrf"].as_str().map(str::to_string);
        let agreed = self
            .send(Method::POST, "/api/v1/me/terms", Body::None)
            .await;
        assert_eq!(agreed.status, 200, "{}", agreed.text);
    }
}

pub enum Body {
    None,
    Json(Value),
    Form(Vec<(String, String)>),
    /// A multipart form with files in one field: (file name, bytes).
    Files(String, Vec<(String, Vec<u8>)>),
    Raw(String, Vec<u8>),
}

// ---------------------------------------------------------------------------
// Seeding a catalog
// ---------------------------------------------------------------------------

/// What Trogs records on an item it wrote once: version 1.
fn written_once() -> trogs::catalog::model::Written {
    let mut w = trogs::catalog::model::Written::default();
    w.version = Some(1);
    w
}

pub fn artist(id: &str, name: &str, owner: &str) -> Artist {
    Artist {
        id: id.into(),
        name: name.into(),
        owner: Some(owner.into()),
        normalized_name: Some(name.to_lowercase().replace(' ', "-")),
        bio: Some("bio".into()),
        image_url: Some(String::new()),
        created_date: Some("2026-01-01".into()),
        trogs: written_once(),
        extra: Item::new(),
    }
}

pub fn album(id: &str, artist: &Artist, title: &str, position: u32) -> Album {
    Album {
        id: id.into(),
        artist_id: artist.id.clone(),
        title: title.into(),
        artist_name: Some(artist.name.clone()),
        release_date: Some("2026-01-01".into()),
        description: None,
        license: Some("by".into()),
        image_url: Some(String::new()),
        position,
        trogs: written_once(),
        extra: Item::new(),
    }
}

pub fn album_track(id: &str, album: &Album, artist: &Artist, title: &str, number: u32) -> Track {
    Track {
        id: id.into(),
        title: title.into(),
        audio_url: format!("art/test/{id}.wav"),
        artist_id: artist.id.clone(),
        artist_name: Some(artist.name.clone()),
        license: Some("by".into()),
        featured: None,
        feature_sort: None,
        kind: TrackKind::AlbumTrack {
            album_id: album.id.clone(),
            album_title: Some(album.title.clone()),
            number,
        },
        trogs: written_once(),
        extra: Item::new(),
    }
}

pub fn single(id: &str, artist: &Artist, title: &str, position: u32) -> Track {
    let mut t = album_track(id, &album("x", artist, "x", 0), artist, title, 0);
    t.kind = TrackKind::Single {
        position,
        release_date: Some("2026-02-02".into()),
    };
    t
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

/// A PCM WAV of a sine tone: 16-bit stereo at 44.1 kHz.
pub fn wav(seconds: f64) -> Vec<u8> {
    let rate = 44_100u32;
    let frames = (seconds * f64::from(rate)) as u32;
    let data_len = frames * 4;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 4).to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..frames {
        let s = ((f64::from(i) * 440.0 * std::f64::consts::TAU / f64::from(rate)).sin() * 8000.0)
            as i16;
        out.extend_from_slice(&s.to_le_bytes());
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

/// A PNG of one colour.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([200, 40, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A JPEG of one colour.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(width, height, image::Rgb([20, 140, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// Every media file (by key) below `dir`, the upload staging left out.
pub fn media_files(dir: &Path) -> std::collections::BTreeSet<String> {
    if !dir.exists() {
        return std::collections::BTreeSet::new();
    }
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let key = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .into_owned();
            (!key.starts_with(".uploads")).then_some(key)
        })
        .collect()
}

/// The media keys an entity refers to: a track's original, renditions
/// and peaks (in that order); an album's or artist's image and its
/// derivatives.
pub fn media_of(item: &Item) -> Vec<String> {
    let mut keys = Vec::new();
    let image = |url: Option<&str>, keys: &mut Vec<String>| {
        if let Some(k) = url.filter(|k| !k.is_empty()) {
            keys.push(k.to_string());
            if let Some(AttributeValue::S(sizes)) = item.get("ImageSizes") {
                for s in sizes.split(',').filter(|s| !s.is_empty()) {
                    keys.push(trogs::images::derivative_key(k, s));
                }
            }
        }
    };
    match trogs::catalog::items::from_item(item) {
        Ok(trogs::catalog::model::Entity::Track(t)) => {
            keys.push(t.audio_url.clone());
            if let Some(AttributeValue::L(list)) = item.get("Renditions") {
                for r in list {
                    if let AttributeValue::M(m) = r
                        && let Some(AttributeValue::S(k)) = m.get("Key")
                    {
                        keys.push(k.clone());
                    }
                }
            }
            if let Some(AttributeValue::S(k)) = item.get("PeaksKey") {
                keys.push(k.clone());
            }
        }
        Ok(trogs::catalog::model::Entity::Album(a)) => image(a.image(), &mut keys),
        Ok(trogs::catalog::model::Entity::Artist(a)) => image(a.image(), &mut keys),
        _ => {}
    }
    keys
}
