//! Shared fixtures: a real catalog in a temporary folder, built with the
//! default theme.
#![allow(dead_code)]

pub mod dynamodb;
pub mod feed_parsers;
pub mod markup;
pub mod moto;
pub mod original;
pub mod template;
pub mod vnu;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use trogs::catalog::model::Track;
use trogs::catalog::queries::{self, ArtistContent};
use trogs::publish::Target;
use trogs::site::{Site, SiteInfo, Theme};
use trogs::store::{AttributeValue, Key, Store, Update};

pub const BASE_URL: &str = "https://music.example.org";

/// The settings `trogs` reads from the environment, removed from every
/// command a test runs, so whoever runs the tests can't change what they
/// see.
const SETTINGS: [&str; 7] = [
    "TROGS_STORE",
    "TROGS_OUT",
    "TROGS_MEDIA",
    "TROGS_CONFIG",
    "TROGS_LANGUAGE",
    "TROGS_PODCAST_OWNER_NAME",
    "TROGS_PODCAST_OWNER_EMAIL",
];

/// `trogs ARGS` in `dir`, with the repository's default theme and none of
/// the caller's settings.
pub fn trogs_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_trogs"));
    command
        .args(args)
        .current_dir(dir)
        .env("TROGS_THEME", theme_dir());
    for name in SETTINGS {
        command.env_remove(name);
    }
    command
}

/// Runs `command`, failing the test with what it wrote to standard error
/// unless it succeeds.
pub fn succeeds(command: &mut Command) -> Output {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `trogs ARGS` in `dir` (see [`trogs_command`]), which must succeed.
pub fn trogs(dir: &Path, args: &[&str]) -> Output {
    succeeds(&mut trogs_command(dir, args))
}

pub fn theme_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default")
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub site: Site,
}

impl Fixture {
    /// The file a site-relative URL path (`/album/ID`, `/media/x.jpg`)
    /// is served from: a published file (as it is, or as `PATH.html` or
    /// `PATH/index.html`, as static hosts serve pages), or a media file.
    pub fn resolve(&self, path: &str) -> Result<PathBuf, String> {
        let f = self;
        let rel = &path[1..];
        if let Some(media) = rel.strip_prefix("media/") {
            let file = f.media().join(media);
            return if file.is_file() {
                Ok(file)
            } else {
                Err(format!("no media file {}", file.display()))
            };
        }
        let candidates: Vec<PathBuf> = if rel.is_empty() || rel.ends_with('/') {
            vec![f.out().join(rel).join("index.html")]
        } else {
            vec![
                f.out().join(rel),
                f.out().join(format!("{rel}.html")),
                f.out().join(rel).join("index.html"),
            ]
        };
        candidates
            .iter()
            .find(|c| c.is_file())
            .cloned()
            .ok_or_else(|| {
                let tried: Vec<String> = candidates
                    .iter()
                    .map(|c| {
                        c.strip_prefix(f.out())
                            .unwrap()
                            .to_string_lossy()
                            .to_string()
                    })
                    .collect();
                format!("no published file (tried {})", tried.join(", "))
            })
    }

    /// An empty catalog and site in a fresh temporary folder.
    pub fn empty() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::embedded(
            trogs::store::Embedded::open(dir.path().join("trogs.db"), true).unwrap(),
        );
        let site = Site {
            info: SiteInfo {
                title: "Trogs Test".into(),
                base_url: BASE_URL.into(),
                description: "A test site".into(),
                media_url: "/media/".into(),
                ..SiteInfo::default()
            },
            theme: std::sync::Arc::new(Theme::load(&theme_dir()).unwrap()),
            store: store.clone(),
            target: Target::local(dir.path().join("out")),
            progress: None,
            options: Default::default(),
        };
        Fixture { dir, store, site }
    }

    /// A synthetic catalog of these sizes (totals), seeded (not yet built).
    pub async fn synthetic(artists: usize, albums: usize, tracks: usize) -> Fixture {
        let f = Fixture::empty();
        trogs::demo::seed_synthetic(
            &f.store,
            &f.media(),
            trogs::demo::Synthetic {
                artists,
                albums,
                tracks,
            },
        )
        .await
        .unwrap();
        f
    }

    /// The demo catalog, seeded (not yet built).
    pub async fn demo() -> Fixture {
        let f = Fixture::empty();
        trogs::demo::seed(&f.store, &f.media()).await.unwrap();
        f
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    pub fn media(&self) -> PathBuf {
        self.dir.path().join("media")
    }

    pub fn page(&self, path: &str) -> String {
        std::fs::read_to_string(self.out().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.out().join(path).is_file()
    }
}

/// A child process that is killed when the test ends, however it ends.
pub struct Running {
    pub child: std::process::Child,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A plain HTTP/1.1 GET on loopback: status, headers (lowercased names) and body.
pub fn http_get(
    port: u16,
    path: &str,
    extra_headers: &[(&str, &str)],
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut request =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (k, v) in extra_headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, headers, body)
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&raw[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 2 + size + 2..];
    }
}

/// Starts `trogs serve` on a free port for a catalog in `dir`.
pub fn serve(dir: &Path, theme: &Path) -> (Running, u16) {
    let log = dir.join("serve.log");
    start_serve(&log, |port| {
        let file = std::fs::File::create(&log).unwrap();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_trogs"));
        command
            .arg("serve")
            .arg("--port")
            .arg(port.to_string())
            .arg("--store")
            .arg(format!("sqlite:{}", dir.join("trogs.db").display()))
            .arg("--out")
            .arg(dir.join("out"))
            .arg("--media-dir")
            .arg(dir.join("media"))
            .arg("--theme")
            .arg(theme)
            .current_dir(dir)
            .stdout(file.try_clone().unwrap())
            .stderr(file);
        command
    })
}

/// Starts `trogs serve` as `command(port)` makes it (its output going to
/// `log`) on a free port, and waits until it says it is serving there.
pub fn start_serve(
    log: &Path,
    command: impl FnMut(u16) -> std::process::Command,
) -> (Running, u16) {
    start_on_free_port(
        "trogs serve",
        log,
        |port| format!("at http://127.0.0.1:{port}/"),
        "is another server using it",
        command,
    )
}

/// Starts `name` as `command(port)` makes it (its output going to `log`)
/// on a free port, and waits until its output holds `ready(port)`. A port
/// free when chosen can be taken before the program binds it (another
/// test's server, or Chromium, which listens on random ports), so a
/// connection to it proves nothing: the program is ours once it says so.
/// When it exits saying `lost` (it could not bind), it is started again on
/// another port.
pub fn start_on_free_port(
    name: &str,
    log: &Path,
    ready: impl Fn(u16) -> String,
    lost: &str,
    mut command: impl FnMut(u16) -> std::process::Command,
) -> (Running, u16) {
    for _ in 0..3 {
        let port = free_port();
        let child = command(port)
            .spawn()
            .unwrap_or_else(|e| panic!("starting {name}: {e}"));
        let mut running = Running { child };
        let ready = ready(port);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let said = std::fs::read_to_string(log).unwrap_or_default();
            if said.contains(&ready) {
                return (running, port);
            }
            if let Ok(Some(status)) = running.child.try_wait() {
                if said.contains(lost) {
                    break;
                }
                panic!("{name} exited with {status} before listening on {port}:\n{said}");
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{name} did not listen on 127.0.0.1:{port} within 60 s:\n{said}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
    panic!("{name} lost its port to another process three times running");
}

/// The first album page of a built site, by its id.
pub fn first_album(out: &Path) -> String {
    let mut albums: Vec<String> = std::fs::read_dir(out.join("album"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".html")
                .to_string()
        })
        .collect();
    albums.sort();
    albums.remove(0)
}

/// A copy of the default theme at `to`, to edit in a test.
pub fn copy_theme(to: &Path) {
    let from = theme_dir();
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Undoes the escaping handlebars applies to URLs in attributes.
pub fn unescape(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&#x3D;", "=")
        .replace("&amp;", "&")
}

/// The (unescaped) text from the first `prefix` in `html` up to the next quote:
/// `value_after(html, "src=\"")` is the first `src` attribute.
pub fn value_after(html: &str, prefix: &str) -> String {
    let start = html
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in the page"))
        + prefix.len();
    let end = html[start..].find('"').map_or(html.len(), |e| start + e);
    unescape(&html[start..end])
}

/// Gives `t` streaming renditions (Opus, data-saver Opus, MP3) and
/// waveform peaks, as `trogs media process` records them, with the files in
/// the media folder, so pages carry `<source>`s, `data-saver` and
/// `data-peaks`. Returns the MP3 rendition's URL (1,234 bytes).
pub async fn give_renditions(f: &Fixture, t: &Track) -> String {
    let dir = f.media().join("_trogs");
    std::fs::create_dir_all(&dir).unwrap();
    let file = |ext: &str, bytes: &[u8]| {
        let key = format!("_trogs/{}.{ext}", t.id);
        std::fs::write(f.media().join(&key), bytes).unwrap();
        key
    };
    let opus = file("opus", &[0; 99]);
    let saver = file("48.opus", &[0; 50]);
    let mp3 = file("mp3", &[0xFF; 1234]);
    let peaks = file(
        "peaks.json",
        br#"{"version":1,"buckets":2,"seconds":1,"min":[-1,-2],"max":[1,2]}"#,
    );
    let rendition = |key: &str, ty: &str, size: usize, kbps: u32| {
        AttributeValue::M(
            [
                ("Key".to_string(), AttributeValue::s(key)),
                ("Type".to_string(), AttributeValue::s(ty)),
                ("Size".to_string(), AttributeValue::n(size.to_string())),
                ("Kbps".to_string(), AttributeValue::n(kbps.to_string())),
            ]
            .into_iter()
            .collect(),
        )
    };
    f.store
        .update(
            Key::same(&t.id),
            vec![
                Update::Set(
                    "Renditions".into(),
                    AttributeValue::L(vec![
                        rendition(&opus, "audio/ogg; codecs=opus", 99, 96),
                        rendition(&saver, "audio/ogg; codecs=opus", 50, 48),
                        rendition(&mp3, "audio/mpeg", 1234, 130),
                    ]),
                ),
                Update::Set("PeaksKey".into(), AttributeValue::s(peaks)),
                Update::Set("Duration".into(), AttributeValue::n("61.4")),
            ],
            None,
        )
        .await
        .unwrap();
    format!("{BASE_URL}/media/{mp3}")
}

/// What the artist query returns for each artist of the catalog.
pub async fn artist_contents(f: &Fixture) -> Vec<ArtistContent> {
    let mut all = Vec::new();
    for a in queries::artists(&f.store).await.unwrap().value {
        all.push(
            queries::artist_content(&f.store, &a.id)
                .await
                .unwrap()
                .value
                .unwrap(),
        );
    }
    all
}

/// An album's tracks, in album order, as its page query returns them.
pub async fn album_tracks(f: &Fixture, album_id: &str) -> Vec<Track> {
    queries::album_content(&f.store, album_id)
        .await
        .unwrap()
        .value
        .unwrap()
        .tracks
}
