//! Resumable uploads through the tus clients people use, against the real
//! `trogs-uploader`: tus-js-client (Node), with and without
//! `overridePatchMethod`, and tuspy (Python). Each upload is stopped
//! abruptly halfway (the client's process exits), continued by a new
//! process from the upload's URL, and the stored file compared with the
//! sent one by hash. Then `X-HTTP-Method-Override` by hand: DELETE (which
//! tus-js-client never overrides) and every way it must not get around the
//! Origin, CSRF and owner checks.
//!
//! `scripts/test` installs the clients, pinned, into `.test-stand-ins/` and
//! names them in `TROGS_TEST_TUS_JS` (the tus-js-client package folder) and
//! `TROGS_TEST_TUSPY` (the Python of a venv holding tuspy).

mod harness;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use harness::{Client, Uploader, album, album_track, artist};
use reqwest::Method;
use serde_json::{Value, json};
use trogs::store::Store;

const ARTIST: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";
const TRACK: &str = "c000000000000001";
const UPLOADS: &str = "/api/v1/me/uploads";
/// Small pieces, so the upload stops and resumes between many of them.
const CHUNK: usize = 256 * 1024;

async fn seed(store: &Store, port: u16) {
    let a = artist(ARTIST, "Ann Band", &harness::owner_for(port, "ann"));
    let b = album(ALBUM, &a, "First", 0);
    let t = album_track(TRACK, &b, &a, "One", 0);
    for item in [a.to_item(), b.to_item(), t.to_item()] {
        store.put(item, None).await.unwrap();
    }
}

fn stand_in(var: &str, what: &str, install: &str) -> PathBuf {
    let Some(path) = std::env::var_os(var).map(PathBuf::from) else {
        panic!(
            "{var} is not set: these tests need {what}. `scripts/test` installs it and sets \
             {var}; by hand: {install}"
        )
    };
    assert!(
        path.exists(),
        "{var} names {}, which does not exist; install it: {install}",
        path.display()
    );
    path
}

fn tus_js() -> PathBuf {
    stand_in(
        "TROGS_TEST_TUS_JS",
        "tus-js-client 4.3.1 on Node 20",
        "npm install --prefix .test-stand-ins/tus-js-client --save-exact tus-js-client@4.3.1, \
         then TROGS_TEST_TUS_JS=$PWD/.test-stand-ins/tus-js-client/node_modules/tus-js-client",
    )
}

fn tuspy() -> PathBuf {
    stand_in(
        "TROGS_TEST_TUSPY",
        "tuspy 1.1.0",
        "python3 -m venv .test-stand-ins/tuspy && .test-stand-ins/tuspy/bin/pip install \
         tuspy==1.1.0, then TROGS_TEST_TUSPY=$PWD/.test-stand-ins/tuspy/bin/python",
    )
}

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tus-clients")
        .join(name)
}

/// What one client process printed, and how it ended.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    lines: Vec<String>,
    stderr: String,
}

impl Run {
    /// The rest of each line that starts with `word `.
    fn all(&self, word: &str) -> Vec<&str> {
        let prefix = format!("{word} ");
        self.lines
            .iter()
            .filter_map(|l| l.strip_prefix(&prefix))
            .collect()
    }

    fn one(&self, word: &str) -> &str {
        match self.all(word).as_slice() {
            [one] => one,
            other => panic!(
                "expected one `{word}` line, got {other:?}: {:?}\nits errors:\n{}",
                self.lines, self.stderr
            ),
        }
    }

    fn accepted(&self) -> Vec<u64> {
        self.all("accepted")
            .iter()
            .map(|n| n.parse().unwrap())
            .collect()
    }
}

/// Runs a client to its end (at most two minutes: a hung client fails the
/// test with what it printed, instead of hanging it).
async fn run(mut command: Command) -> Run {
    tokio::task::spawn_blocking(move || {
        let out = tempfile::tempfile().unwrap();
        let err = tempfile::tempfile().unwrap();
        let mut child = command
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(err.try_clone().unwrap())
            .spawn()
            .expect("starting a tus client");
        let deadline = Instant::now() + Duration::from_secs(120);
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let read = |mut f: std::fs::File| {
            use std::io::{Read as _, Seek as _};
            f.rewind().unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            s
        };
        let run = Run {
            code: status.and_then(|s| s.code()),
            lines: read(out).lines().map(str::to_string).collect(),
            stderr: read(err),
        };
        assert!(status.is_some(), "the client ran past two minutes: {run:?}");
        run
    })
    .await
    .unwrap()
}

/// The headers the service wants of a signed-in browser's script: its
/// session cookie, this site's Origin and the CSRF token.
fn session_headers(c: &Client) -> Value {
    json!({
        "Cookie": c.cookie.clone().unwrap(),
        "Origin": c.base,
        "X-CSRF-Token": c.csrf.clone().unwrap(),
    })
}

enum Tool {
    TusJs { override_patch: bool },
    Tuspy,
}

fn command(tool: &Tool, config: &Value) -> Command {
    match tool {
        Tool::TusJs { .. } => {
            let mut c = Command::new("node");
            c.env("TROGS_TEST_TUS_JS", tus_js())
                .arg(script("tus-js.cjs"))
                .arg(config.to_string());
            c
        }
        Tool::Tuspy => {
            let mut c = Command::new(tuspy());
            c.arg(script("tuspy_upload.py")).arg(config.to_string());
            c
        }
    }
}

/// One upload through `tool`: started, stopped halfway by the process
/// exiting, continued from its URL by a new process; the track it made
/// holds exactly the bytes sent.
async fn stop_and_resume(tool: Tool) {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("take two.wav");
    // About 2 MB: eight pieces.
    let sent = harness::wav(12.0);
    std::fs::write(&file, &sent).unwrap();
    let mut config = json!({
        "endpoint": format!("{}{UPLOADS}", up.url),
        "file": file,
        "target": format!("album/{ALBUM}/tracks"),
        "filename": "take two.wav",
        "headers": session_headers(&ann),
        "chunkSize": CHUNK,
        "override": matches!(tool, Tool::TusJs { override_patch: true }),
        "stopAt": sent.len() / 2,
    });

    let first = run(command(&tool, &config)).await;
    assert_eq!(
        first.code,
        Some(3),
        "the first process stops halfway: {first:?}"
    );
    let url = first.one("url").to_string();
    let stopped_at = *first.accepted().last().unwrap();
    assert!(
        stopped_at >= sent.len() as u64 / 2 && stopped_at < sent.len() as u64,
        "{first:?}"
    );
    // The service kept what arrived, and says so to anyone resuming.
    let path = url.trim_start_matches(&up.url).to_string();
    let head = tus_request(&ann, Method::HEAD, &path, &[], Vec::new()).await;
    assert_eq!(head.0, 200, "{url}");
    assert_eq!(head.1["upload-offset"], stopped_at.to_string().as_str());

    config["uploadUrl"] = json!(url);
    config["stopAt"] = Value::Null;
    let second = run(command(&tool, &config)).await;
    assert_eq!(
        second.code,
        Some(0),
        "the second process finishes: {second:?}"
    );
    match tool {
        Tool::TusJs { override_patch } => {
            let requests = second.all("request");
            assert_eq!(
                requests.first(),
                Some(&"HEAD -"),
                "it asked where to continue, and made no second upload: {second:?}"
            );
            let sending: Vec<&&str> = requests.iter().skip(1).collect();
            assert!(!sending.is_empty(), "{second:?}");
            let want = if override_patch {
                "POST PATCH"
            } else {
                "PATCH -"
            };
            assert!(sending.iter().all(|r| **r == want), "{second:?}");
            assert_eq!(
                second.accepted().first().copied(),
                Some((stopped_at + CHUNK as u64).min(sent.len() as u64)),
                "it continued from where the first stopped: {second:?}"
            );
        }
        Tool::Tuspy => {
            assert_eq!(second.one("resumed"), stopped_at.to_string(), "{second:?}");
        }
    }
    assert_eq!(second.accepted().last().copied(), Some(sent.len() as u64));

    // The last answer says what was made: one track, its bytes those sent.
    let result: Value = serde_json::from_str(second.one("result")).unwrap();
    let track = &result["value"];
    assert_eq!(track["title"], "take two", "{result}");
    let audio = track["audio"].as_str().unwrap();
    let key = &audio[audio.find("art/").unwrap()..];
    let stored = std::fs::read(up.media().join(key)).unwrap();
    assert_eq!(
        blake3::hash(&stored),
        blake3::hash(&sent),
        "the stored file is the one sent"
    );
    let album = ann.get(&format!("/api/v1/me/albums/{ALBUM}")).await.json();
    let tracks = album["data"]["attributes"]["tracks"].as_array().unwrap();
    assert_eq!(tracks.len(), 2, "one upload, one new track: {album}");
    assert_eq!(
        tus_request(&ann, Method::HEAD, &path, &[], Vec::new())
            .await
            .0,
        404,
        "the finished upload is over"
    );
    assert_no_staging_left(&up);
}

fn assert_no_staging_left(up: &Uploader) {
    let staging = up.media().join(".uploads");
    let left: Vec<_> = std::fs::read_dir(&staging)
        .map(|d| d.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "staged bytes left behind: {left:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tus_js_client_stops_halfway_and_a_new_process_finishes_the_upload() {
    stop_and_resume(Tool::TusJs {
        override_patch: false,
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tus_js_client_with_override_patch_method_stops_and_resumes() {
    stop_and_resume(Tool::TusJs {
        override_patch: true,
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tuspy_stops_halfway_and_a_new_process_finishes_the_upload() {
    stop_and_resume(Tool::Tuspy).await;
}

// ---------------------------------------------------------------------
// X-HTTP-Method-Override by hand

/// One request as `c` would send it (its cookie, Origin and token, where
/// it has them), with `Tus-Resumable`; the status, headers and text.
async fn tus_request(
    c: &Client,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> (u16, reqwest::header::HeaderMap, String) {
    // A connection of its own: an answer given before the body was read
    // (a refusal) closes the connection it came on.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut r = http
        .request(method, format!("{}{path}", c.base))
        .header("tus-resumable", "1.0.0");
    if let Some(o) = &c.origin {
        r = r.header("origin", o);
    }
    if let Some(cookie) = &c.cookie {
        r = r.header("cookie", cookie);
    }
    if let Some(t) = &c.csrf {
        r = r.header("x-csrf-token", t);
    }
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    let a = r.body(body).send().await.unwrap();
    let status = a.status().as_u16();
    let headers = a.headers().clone();
    (status, headers, a.text().await.unwrap_or_default())
}

fn detail(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v["errors"][0]["detail"].as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("not an error document: {text}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn method_override_opens_no_way_around_the_checks() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let mut bob = up.client();
    bob.sign_in("bob").await;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let sent = harness::wav(1.0);
    let length = sent.len().to_string();
    let metadata = format!(
        "target {},filename {}",
        b64(&format!("album/{ALBUM}/tracks")),
        b64("t.wav")
    );
    let create = [
        ("upload-length", length.as_str()),
        ("upload-metadata", metadata.as_str()),
    ];
    let start = async |c: &Client| {
        let (status, headers, text) =
            tus_request(c, Method::POST, UPLOADS, &create, Vec::new()).await;
        assert_eq!(status, 201, "{text}");
        headers["location"]
            .to_str()
            .unwrap()
            .trim_start_matches(&up.url)
            .to_string()
    };
    let upload = start(&ann).await;
    let offset = async |path: &str| {
        let (status, headers, _) = tus_request(&ann, Method::HEAD, path, &[], Vec::new()).await;
        (status == 200).then(|| headers["upload-offset"].to_str().unwrap().to_string())
    };
    let half = sent[..sent.len() / 2].to_vec();
    let as_patch = [
        ("x-http-method-override", "PATCH"),
        ("upload-offset", "0"),
        ("content-type", "application/offset+octet-stream"),
    ];
    let as_delete = [("x-http-method-override", "DELETE")];

    // Without this site's Origin, or without the token: 403, with the tus
    // header (a tus client reads it), and nothing stored.
    let mut no_token = up.client();
    no_token.cookie = ann.cookie.clone();
    let mut no_origin = up.client();
    no_origin.cookie = ann.cookie.clone();
    no_origin.csrf = ann.csrf.clone();
    no_origin.origin = None;
    let mut elsewhere = up.client();
    elsewhere.cookie = ann.cookie.clone();
    elsewhere.csrf = ann.csrf.clone();
    elsewhere.origin = Some("http://evil.example".into());
    for (who, c) in [
        ("no token", &no_token),
        ("no Origin", &no_origin),
        ("another site", &elsewhere),
    ] {
        for headers in [&as_patch[..], &as_delete[..]] {
            let (status, h, text) =
                tus_request(c, Method::POST, &upload, headers, half.clone()).await;
            assert_eq!(status, 403, "{who} {headers:?}: {text}");
            assert_eq!(h["tus-resumable"], "1.0.0", "{who}: the 403 speaks tus");
        }
    }
    // Nobody signed in: 401; another user: 404, as if there were none.
    let anonymous = up.client();
    for headers in [&as_patch[..], &as_delete[..]] {
        let (status, h, text) =
            tus_request(&anonymous, Method::POST, &upload, headers, half.clone()).await;
        assert_eq!(status, 401, "{headers:?}: {text}");
        assert_eq!(h["tus-resumable"], "1.0.0");
        let (status, h, text) =
            tus_request(&bob, Method::POST, &upload, headers, half.clone()).await;
        assert_eq!(status, 404, "{headers:?}: {text}");
        assert_eq!(h["tus-resumable"], "1.0.0");
    }
    assert_eq!(
        offset(&upload).await.as_deref(),
        Some("0"),
        "nothing stored"
    );

    // An override to anything but PATCH or DELETE, or on anything but a
    // POST to one upload, is refused before any check reads it.
    let other_override = |m: &'static str| [("x-http-method-override", m)];
    for (method, path, value) in [
        (Method::POST, upload.as_str(), "GET"),
        (Method::POST, upload.as_str(), "HEAD"),
        (Method::POST, upload.as_str(), "OPTIONS"),
        (Method::POST, upload.as_str(), "PUT"),
        (Method::POST, upload.as_str(), "POST"),
        (Method::GET, upload.as_str(), "DELETE"),
        (Method::HEAD, upload.as_str(), "DELETE"),
        (Method::PATCH, upload.as_str(), "DELETE"),
        (Method::POST, UPLOADS, "PATCH"),
    ] {
        let (status, h, text) = tus_request(
            &ann,
            method.clone(),
            path,
            &other_override(value),
            Vec::new(),
        )
        .await;
        assert_eq!(status, 400, "{method} {path} as {value}: {text}");
        assert_eq!(h["tus-resumable"], "1.0.0", "{method} {path}");
        if method != Method::HEAD {
            assert!(
                detail(&text).contains("X-HTTP-Method-Override")
                    || detail(&text).contains("x-http-method-override"),
                "{text}"
            );
        }
    }
    assert_eq!(offset(&upload).await.as_deref(), Some("0"), "still there");
    // Nor on the API or the Create forms: a POST there stays what it is
    // (it would otherwise delete the track).
    for path in [
        format!("/api/v1/me/tracks/{TRACK}"),
        format!("/create/tracks/{TRACK}/delete"),
        format!("/api/v1/me/albums/{ALBUM}/tracks"),
    ] {
        let (status, h, text) = tus_request(
            &ann,
            Method::POST,
            &path,
            &other_override("DELETE"),
            Vec::new(),
        )
        .await;
        assert_eq!(status, 400, "{path}: {text}");
        assert!(!h.contains_key("tus-resumable"), "{path} is not tus");
        assert!(detail(&text).contains("resumable upload"), "{text}");
    }
    let (status, _, text) = tus_request(
        &ann,
        Method::GET,
        &format!("/api/v1/me/tracks/{TRACK}"),
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(status, 200, "the track is still there: {text}");

    // The owner's own overrides work: half the bytes as PATCH, then the
    // upload ended as DELETE.
    let (status, h, text) = tus_request(&ann, Method::POST, &upload, &as_patch, half.clone()).await;
    assert_eq!(status, 204, "{text}");
    assert_eq!(h["upload-offset"], half.len().to_string().as_str());
    assert_eq!(h["tus-resumable"], "1.0.0");
    let (status, h, text) = tus_request(&ann, Method::POST, &upload, &as_delete, Vec::new()).await;
    assert_eq!(status, 204, "{text}");
    assert_eq!(h["tus-resumable"], "1.0.0");
    assert_eq!(offset(&upload).await, None, "the upload is over");
    // Without saying what it stands for, a POST to an upload is refused.
    let second = start(&ann).await;
    let (status, _, text) = tus_request(&ann, Method::POST, &second, &[], Vec::new()).await;
    assert_eq!(status, 400, "{text}");
    assert!(detail(&text).contains("PATCH or DELETE"), "{text}");
    assert_no_staging_left_but(&up, &second);
}

/// Only `keep` is staged.
fn assert_no_staging_left_but(up: &Uploader, keep: &str) {
    let id = keep.rsplit('/').next().unwrap();
    let left: Vec<String> = std::fs::read_dir(up.media().join(".uploads"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(left, vec![id.to_string()], "staging");
}
