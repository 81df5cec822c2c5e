//! Uploads end to end over real HTTP on loopback: resumable tus uploads
//! against the embedded catalog with a media folder and with S3 (moto,
//! started by `scripts/test`), and form fields spooled to disk.
//!
//! The catalog's own target check and hand-off are not what is tested
//! here: uploads are checked and handed to [`Hooks`] that accept the
//! album `album1` of the user `iss#alice`, and store a finished upload in
//! the media store under `finished/`, where the test reads it back.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart};
use axum::routing::post;
use clap::Parser as _;
use futures_util::future::BoxFuture;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use trogs::media::{MIN_PART_SIZE, Media, S3Media};
use trogs::s3::{Client, Location, Options};
use trogs::store::{AttributeValue, Key, Store, Update};
use trogs_uploader::app::App;
use trogs_uploader::edit::UploadTarget;
use trogs_uploader::error::{ApiError, ApiResult};
use trogs_uploader::regen::Regen;
use trogs_uploader::session::{Session, Sessions};
use trogs_uploader::upload::{self, Spooled, UploadHooks};

const MIB: usize = 1 << 20;
const BASE: &str = "/api/v1/me/uploads";
const ALBUM: &str = "album/album1/tracks";
const ORIGIN: &str = "http://127.0.0.1:8081";

// ---------------------------------------------------------------------
// The service under test

/// Accepts `album1` of `iss#alice`; a finished upload of `album/broken1`
/// is refused as the catalog refuses a file it can't play.
fn hooks() -> UploadHooks {
    fn check<'a>(
        _app: &'a App,
        session: &'a Session,
        target: &'a UploadTarget,
    ) -> BoxFuture<'a, ApiResult<()>> {
        Box::pin(async move {
            let ok = session.owner == "iss#alice"
                && matches!(target, UploadTarget::AlbumTrack { album_id } if album_id == "album1" || album_id == "broken1");
            if ok {
                Ok(())
            } else {
                Err(ApiError::NotFound("album"))
            }
        })
    }
    fn finish<'a>(
        app: &'a App,
        _session: &'a Session,
        target: UploadTarget,
        file: Spooled,
    ) -> BoxFuture<'a, ApiResult<serde_json::Value>> {
        Box::pin(async move {
            if target
                == (UploadTarget::AlbumTrack {
                    album_id: "broken1".into(),
                })
            {
                return Err(ApiError::Unsupported(
                    "this is not audio a browser can play".into(),
                ));
            }
            let key = format!("finished/{:016x}.bin", fastrand::u64(..));
            let reader = tokio::fs::File::open(file.path()).await.unwrap();
            let stored = app.media.put(&key, reader).await?;
            assert_eq!(stored, file.size);
            Ok(serde_json::json!({
                "key": key,
                "size": file.size,
                "name": file.name,
                "title": "Ünïcødé ♫ 🎵",
            }))
        })
    }
    UploadHooks {
        check: Arc::new(check),
        finish: Arc::new(finish),
    }
}

struct Service {
    app: Arc<App>,
    addr: SocketAddr,
    dir: tempfile::TempDir,
    alice: Cookie,
    bob: Cookie,
}

#[derive(Clone)]
struct Cookie {
    cookie: String,
    csrf: String,
}

impl Service {
    async fn start(media: Option<Media>, extra: &[&str]) -> Service {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec![
            "trogs-uploader".to_string(),
            "--dev".into(),
            "--store".into(),
            format!("sqlite:{}", dir.path().join("trogs.db").display()),
            "--media-dir".into(),
            dir.path().join("media").display().to_string(),
            "--out".into(),
            dir.path().join("out").display().to_string(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        let settings = trogs_uploader::settings::Args::try_parse_from(args)
            .unwrap()
            .resolve_with(|_| None)
            .unwrap();
        let store = Store::create(&settings.config.store).await.unwrap();
        let site = settings.config.open_site(store.clone()).await.unwrap();
        let media = match media {
            Some(m) => m,
            None => {
                std::fs::create_dir_all(dir.path().join("media")).unwrap();
                Media::Folder(dir.path().join("media"))
            }
        };
        let sessions = Sessions::new(None, false, 1);
        let cookie = async |owner: &str| {
            let mut s = sessions.start(owner.into(), None, None, None);
            // Both have agreed to the terms: writes need it.
            s.set_terms(true);
            // A session counts only while the catalog records it.
            trogs_uploader::session_records::record(&store, &s)
                .await
                .unwrap();
            let set = sessions.set_session(&s);
            Cookie {
                cookie: set.to_str().unwrap().split(';').next().unwrap().to_string(),
                csrf: s.csrf,
            }
        };
        let (alice, bob) = (cookie("iss#alice").await, cookie("iss#bob").await);
        let app = Arc::new(App {
            settings,
            store,
            media,
            site: site.clone(),
            sessions,
            oidc: None,
            regen: Regen::start(site.clone(), std::time::Duration::from_millis(10), None),
            csp: axum::http::HeaderValue::from_static("default-src 'none'"),
        });
        let spool = dir.path().join("spool");
        std::fs::create_dir_all(&spool).unwrap();
        let router = Router::new()
            .nest(BASE, trogs_uploader::routes::uploads(hooks()))
            .nest(
                "/real",
                trogs_uploader::routes::uploads(UploadHooks::default()),
            )
            // Only the form needs axum's 2 MB body limit lifted: a PATCH
            // body is read as a stream, which the limit does not apply to.
            .route(
                "/form",
                post(move |multipart: Multipart| form(multipart, spool.clone()))
                    .layer(DefaultBodyLimit::disable()),
            )
            .with_state(Arc::clone(&app));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        Service {
            app,
            addr,
            dir,
            alice,
            bob,
        }
    }

    fn media_dir(&self) -> PathBuf {
        self.dir.path().join("media")
    }

    fn spool_dir(&self) -> PathBuf {
        self.dir.path().join("spool")
    }

    /// A request of alice's (or `who`'s), with the tus header.
    async fn send(
        &self,
        who: &Cookie,
        method: &str,
        path: &str,
        headers: &[(&str, String)],
        body: Body,
    ) -> Resp {
        let mut all = vec![("Tus-Resumable", "1.0.0".to_string())];
        all.extend_from_slice(headers);
        raw(self.addr, Some(who), method, path, &all, body).await
    }

    /// Creates an upload of `length` bytes; returns its path.
    async fn create(&self, target: &str, length: usize) -> String {
        let r = self
            .send(
                &self.alice,
                "POST",
                BASE,
                &[
                    ("Upload-Length", length.to_string()),
                    (
                        "Upload-Metadata",
                        metadata(target, "Song \u{1}/../tune.mp3"),
                    ),
                ],
                Body::Empty,
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let location = r.header("location").expect("a Location").to_string();
        assert!(location.starts_with(&format!("{BASE}/")), "{location}");
        assert!(
            r.header("upload-expires")
                .is_some_and(|d| d.ends_with("GMT"))
        );
        location
    }

    async fn offset(&self, path: &str) -> Option<usize> {
        let r = self.send(&self.alice, "HEAD", path, &[], Body::Empty).await;
        if r.status == 404 {
            return None;
        }
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.header("cache-control"), Some("no-store"));
        assert_eq!(r.header("tus-resumable"), Some("1.0.0"));
        Some(r.header("upload-offset").unwrap().parse().unwrap())
    }

    async fn patch(&self, path: &str, offset: usize, bytes: &[u8]) -> Resp {
        self.send(
            &self.alice,
            "PATCH",
            path,
            &patch_headers(offset),
            Body::Full(bytes.to_vec()),
        )
        .await
    }

    /// Waits until the upload's offset stops moving (the request that was
    /// cut off has stored what arrived) and returns it.
    async fn settled_offset(&self, path: &str, at_least: usize) -> usize {
        let mut last = None;
        for _ in 0..200 {
            let now = self.offset(path).await.unwrap();
            if now >= at_least && last == Some(now) {
                return now;
            }
            last = Some(now);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the offset never settled at {at_least} or more: {last:?}");
    }
}

fn patch_headers(offset: usize) -> Vec<(&'static str, String)> {
    vec![
        ("Upload-Offset", offset.to_string()),
        ("Content-Type", "application/offset+octet-stream".into()),
    ]
}

fn metadata(target: &str, filename: &str) -> String {
    use base64::Engine as _;
    let b = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    format!("target {},filename {}", b(target), b(filename))
}

/// A form's file field, spooled with a 1 MB limit.
async fn form(mut multipart: Multipart, dir: PathBuf) -> ApiResult<axum::Json<serde_json::Value>> {
    let field = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::BadRequest(e.to_string()))?
        .ok_or_else(|| ApiError::BadRequest("no field".into()))?;
    let spooled = upload::spool_field_in(field, 1_000_000, &dir).await?;
    let bytes = std::fs::read(spooled.path()).unwrap();
    Ok(axum::Json(serde_json::json!({
        "size": spooled.size,
        "name": spooled.name,
        "blake3": blake3::hash(&bytes).to_hex().to_string(),
        "in_spool": spooled.path().starts_with(&dir),
    })))
}

fn source(len: usize) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(len as u64);
    (0..len).map(|_| rng.u8(..)).collect()
}

/// The uploads in progress the catalog holds.
async fn upload_items(service: &Service) -> usize {
    let query = trogs::store::Query::new(trogs::store::Index::Table, upload::UPLOADS_PK);
    service.app.store.query_all(query).await.unwrap().len()
}

fn files_in(dir: &Path) -> Vec<String> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect(),
        Err(_) => Vec::new(),
    }
}

// ---------------------------------------------------------------------
// A plain HTTP/1.1 client that can stop halfway

enum Body {
    Empty,
    Full(Vec<u8>),
    /// `Transfer-Encoding: chunked`, in chunks of 64 KiB.
    Chunked(Vec<u8>),
    /// Announces `declared` bytes, sends these, then drops the connection.
    CutOff {
        declared: usize,
        bytes: Vec<u8>,
    },
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

async fn raw(
    addr: SocketAddr,
    who: Option<&Cookie>,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Body,
) -> Resp {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(who) = who {
        head.push_str(&format!(
            "Cookie: {}\r\nOrigin: {ORIGIN}\r\nX-CSRF-Token: {}\r\n",
            who.cookie, who.csrf
        ));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match &body {
        Body::Empty => head.push_str("Content-Length: 0\r\n"),
        Body::Full(b) => head.push_str(&format!("Content-Length: {}\r\n", b.len())),
        Body::Chunked(_) => head.push_str("Transfer-Encoding: chunked\r\n"),
        Body::CutOff { declared, .. } => head.push_str(&format!("Content-Length: {declared}\r\n")),
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    if let Body::CutOff { bytes, .. } = body {
        stream.write_all(&bytes).await.unwrap();
        stream.flush().await.unwrap();
        drop(stream);
        return Resp {
            status: 0,
            headers: Vec::new(),
            body: Vec::new(),
        };
    }
    // The body is written while the answer is read: the server may answer
    // (and close) before it reads the whole body, and then write errors
    // are expected.
    let (mut reader, mut writer) = stream.into_split();
    let writing = tokio::spawn(async move {
        match body {
            Body::Empty | Body::CutOff { .. } => {}
            Body::Full(b) => {
                let _ = writer.write_all(&b).await;
            }
            Body::Chunked(b) => {
                for chunk in b.chunks(64 * 1024) {
                    let framed =
                        [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
                    if writer.write_all(&framed).await.is_err() {
                        break;
                    }
                }
                let _ = writer.write_all(b"0\r\n\r\n").await;
            }
        }
        // Dropping the writer would half-close the connection, which the
        // server takes for the client going away.
        std::future::pending::<()>().await;
        drop(writer);
    });
    let mut raw = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(60), async {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match reader.read(&mut buf).await {
                Ok(0) => break,
                Ok(n) => raw.extend_from_slice(&buf[..n]),
                Err(_) => break,
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within 60 s to {method} {path}");
    writing.abort();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head: {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Resp {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

// ---------------------------------------------------------------------
// moto

const HOW: &str = "this test needs moto's S3 server. `scripts/test` installs and starts it; by hand:
  python3 -m venv .test-stand-ins/moto && .test-stand-ins/moto/bin/pip install 'moto[s3,server]'
  setsid .test-stand-ins/moto/bin/moto_server -H 127.0.0.1 -p 5000 &
  export TROGS_TEST_S3=http://127.0.0.1:5000 AWS_ENDPOINT_URL_S3=http://127.0.0.1:5000 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1";

/// An S3 media store in a new bucket of moto's, in parts of 5 MiB.
async fn s3_media() -> S3Media {
    let url = std::env::var("TROGS_TEST_S3")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| panic!("TROGS_TEST_S3 is not set: {HOW}"));
    assert_eq!(
        std::env::var("AWS_ENDPOINT_URL_S3").unwrap_or_default(),
        url,
        "AWS_ENDPOINT_URL_S3 must point the SDK at moto: {HOW}"
    );
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    std::net::TcpStream::connect_timeout(&host.parse().unwrap(), Duration::from_secs(5))
        .unwrap_or_else(|e| panic!("moto does not answer at {url} ({e}): {HOW}"));
    let client = Client::connect(&Options::default()).await;
    let bucket = format!("uploads-{}-{:08x}", std::process::id(), fastrand::u32(..));
    client
        .sdk
        .create_bucket()
        .bucket(&bucket)
        .send()
        .await
        .unwrap();
    S3Media {
        client,
        location: Location {
            bucket,
            prefix: "media/".into(),
        },
        public_read: false,
        part_size: MIN_PART_SIZE,
    }
}

fn s3_of(app: &App) -> &S3Media {
    match &app.media {
        Media::S3(s3) => s3,
        Media::Folder(_) => panic!("not S3"),
    }
}

// ---------------------------------------------------------------------
// The tests

/// Cuts a PATCH off at 60%, checks what HEAD says is stored, continues in
/// two more requests, and compares what was handed on with the source.
async fn resume(service: &Service, len: usize) -> (String, serde_json::Value) {
    let data = source(len);
    let path = service.create(ALBUM, len).await;
    let cut = len * 6 / 10;
    service
        .send(
            &service.alice,
            "PATCH",
            &path,
            &patch_headers(0),
            Body::CutOff {
                declared: len,
                bytes: data[..cut].to_vec(),
            },
        )
        .await;
    let stored = service.settled_offset(&path, cut).await;
    assert_eq!(stored, cut, "every byte that arrived is stored");

    // A piece that leaves the upload unfinished.
    let step = stored + MIB;
    let r = service.patch(&path, stored, &data[stored..step]).await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(r.header("upload-offset"), Some(step.to_string().as_str()));
    assert!(r.header("trogs-result").is_none());
    assert_eq!(service.offset(&path).await, Some(step));

    // The rest finishes it.
    let r = service.patch(&path, step, &data[step..]).await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(r.header("upload-offset"), Some(len.to_string().as_str()));
    let header = r.header("trogs-result").expect("the result").to_string();
    assert!(header.is_ascii() && header.contains("\\u00dc"), "{header}");
    let result: serde_json::Value = serde_json::from_str(&header).unwrap();
    assert_eq!(result["title"], "Ünïcødé ♫ 🎵");
    assert_eq!(result["size"], len);
    assert_eq!(result["name"], "tune.mp3", "the name is cleaned");
    let key = result["key"].as_str().unwrap();
    let finished = service.app.media.get(key).await.unwrap().unwrap();
    assert_eq!(
        blake3::hash(&finished),
        blake3::hash(&data),
        "the stored object is the source, byte for byte"
    );
    assert_eq!(
        service.offset(&path).await,
        None,
        "a finished upload is gone"
    );
    (path, result)
}

#[tokio::test]
async fn resumes_to_a_media_folder() {
    let service = Service::start(None, &[]).await;
    Box::pin(resume(&service, 12 * MIB)).await;
    assert!(
        files_in(&service.media_dir().join(".uploads")).is_empty(),
        "staging is removed"
    );
    assert_eq!(upload_items(&service).await, 0, "no upload items are left");
}

#[tokio::test]
async fn resumes_to_s3_in_parts() {
    let s3 = s3_media().await;
    let service = Service::start(Some(Media::S3(s3)), &[]).await;
    let s3 = s3_of(&service.app);

    // Check the staged state at the cut by hand: one part and a tail.
    let len = 12 * MIB;
    let data = source(len);
    let path = service.create(ALBUM, len).await;
    let id = path.rsplit('/').next().unwrap().to_string();
    let cut = len * 6 / 10;
    service
        .send(
            &service.alice,
            "PATCH",
            &path,
            &patch_headers(0),
            Body::CutOff {
                declared: len,
                bytes: data[..cut].to_vec(),
            },
        )
        .await;
    let stored = service.settled_offset(&path, cut).await;
    assert_eq!(stored, cut);
    let tails = s3.list_keys(&format!("uploads/{id}.tail.")).await.unwrap();
    assert_eq!(tails.len(), 1, "{tails:?}");
    let tail = service.app.media.get(&tails[0]).await.unwrap().unwrap();
    assert_eq!(
        tail.len(),
        cut - MIN_PART_SIZE,
        "one 5 MiB part, the rest in the tail"
    );
    assert_eq!(tail, data[MIN_PART_SIZE..cut]);
    let open = s3.open_multiparts("uploads/").await.unwrap();
    assert_eq!(open.len(), 1, "{open:?}");
    // Carry on from there.
    let r = service.patch(&path, cut, &data[cut..]).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let result: serde_json::Value =
        serde_json::from_str(r.header("trogs-result").unwrap()).unwrap();
    let finished = service
        .app
        .media
        .get(result["key"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(blake3::hash(&finished), blake3::hash(&data));

    // The whole cycle again, continued in two requests.
    Box::pin(resume(&service, 12 * MIB + 12345)).await;

    assert_eq!(
        s3.list_keys("uploads/").await.unwrap(),
        Vec::<String>::new()
    );
    assert!(s3.open_multiparts("uploads/").await.unwrap().is_empty());
}

#[tokio::test]
async fn small_uploads_in_small_pieces_to_s3() {
    let s3 = s3_media().await;
    let service = Service::start(Some(Media::S3(s3)), &[]).await;
    let data = source(300_000);
    let path = service.create(ALBUM, data.len()).await;
    let mut offset = 0;
    for piece in data.chunks(100_000) {
        let r = service.patch(&path, offset, piece).await;
        assert_eq!(r.status, 204, "{}", r.text());
        offset += piece.len();
    }
    let r = service.offset(&path).await;
    assert_eq!(r, None, "finished");
    let s3 = s3_of(&service.app);
    assert_eq!(
        s3.list_keys("uploads/").await.unwrap(),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn an_offset_that_is_not_the_stored_one_is_a_conflict() {
    let service = Service::start(None, &[]).await;
    let data = source(1000);
    let path = service.create(ALBUM, data.len()).await;
    let r = service.patch(&path, 0, &data[..400]).await;
    assert_eq!(r.status, 204, "{}", r.text());
    for wrong in [0, 300, 401, 999] {
        let r = service.patch(&path, wrong, &data[wrong..]).await;
        assert_eq!(r.status, 409, "offset {wrong}: {}", r.text());
        assert_eq!(r.header("upload-offset"), Some("400"));
        assert!(
            r.json()["errors"][0]["detail"]
                .as_str()
                .unwrap()
                .contains("continue from 400")
        );
    }
    assert_eq!(service.offset(&path).await, Some(400));
}

#[tokio::test]
async fn more_than_the_length_is_refused_and_not_stored() {
    let service = Service::start(None, &["--max-audio-bytes", "5000000"]).await;
    // Over the limit when it starts.
    let r = service
        .send(
            &service.alice,
            "POST",
            BASE,
            &[
                ("Upload-Length", "5000001".into()),
                ("Upload-Metadata", metadata(ALBUM, "big.wav")),
            ],
            Body::Empty,
        )
        .await;
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.text().contains("limit of 5 MB"), "{}", r.text());

    let data = source(2 * MIB);
    let path = service.create(ALBUM, 1000).await;
    let id = path.rsplit('/').next().unwrap();
    let r = service.patch(&path, 0, &data[..100]).await;
    assert_eq!(r.status, 204);
    // Announced as longer: refused before a byte is read.
    let r = service.patch(&path, 100, &data[..901]).await;
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(r.header("upload-offset"), Some("100"));
    // Not announced (chunked), and longer: refused as it arrives.
    let r = service
        .send(
            &service.alice,
            "PATCH",
            &path,
            &patch_headers(100),
            Body::Chunked(data.clone()),
        )
        .await;
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(service.offset(&path).await, Some(100));
    // Nothing past the length reached the staging file either.
    let staged = std::fs::metadata(upload::staging_path(&service.media_dir(), id))
        .unwrap()
        .len();
    assert!(staged <= 1000, "{staged}");
    // The rest, exactly, still finishes it.
    let r = service.patch(&path, 100, &data[100..1000]).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let result: serde_json::Value =
        serde_json::from_str(r.header("trogs-result").unwrap()).unwrap();
    let stored = service
        .app
        .media
        .get(result["key"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored, data[..1000]);
}

#[tokio::test]
async fn another_users_upload_is_not_found() {
    let service = Service::start(None, &[]).await;
    let data = source(1000);
    let path = service.create(ALBUM, data.len()).await;
    let r = service.patch(&path, 0, &data[..10]).await;
    assert_eq!(r.status, 204);
    let bob = service.bob.clone();
    let r = service.send(&bob, "HEAD", &path, &[], Body::Empty).await;
    assert_eq!(r.status, 404);
    let r = service
        .send(
            &bob,
            "PATCH",
            &path,
            &patch_headers(10),
            Body::Full(data[10..].to_vec()),
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.text());
    let r = service.send(&bob, "DELETE", &path, &[], Body::Empty).await;
    assert_eq!(r.status, 404, "{}", r.text());
    // Bob can't start one on alice's album either.
    let r = service
        .send(
            &bob,
            "POST",
            BASE,
            &[
                ("Upload-Length", "10".into()),
                ("Upload-Metadata", metadata(ALBUM, "x.mp3")),
            ],
            Body::Empty,
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.text());
    // Nobody signed in.
    let r = raw(
        service.addr,
        None,
        "HEAD",
        &path,
        &[("Tus-Resumable", "1.0.0".into())],
        Body::Empty,
    )
    .await;
    assert_eq!(r.status, 401);
    // Unknown and malformed ids.
    for other in [
        format!("{BASE}/{}", "0".repeat(32)),
        format!("{BASE}/..%2F..%2Fx"),
    ] {
        let r = service
            .send(&service.alice, "HEAD", &other, &[], Body::Empty)
            .await;
        assert_eq!(r.status, 404, "{other}");
    }
    // Alice's is untouched.
    assert_eq!(service.offset(&path).await, Some(10));
}

async fn terminate(service: &Service, len: usize) -> String {
    let data = source(len);
    let path = service.create(ALBUM, len + 10).await;
    let r = service.patch(&path, 0, &data).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let r = service
        .send(&service.alice, "DELETE", &path, &[], Body::Empty)
        .await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(service.offset(&path).await, None);
    let r = service.patch(&path, len, &[1]).await;
    assert_eq!(r.status, 404);
    path
}

#[tokio::test]
async fn termination_removes_the_staging_objects() {
    let service = Service::start(None, &[]).await;
    terminate(&service, 100_000).await;
    assert!(files_in(&service.media_dir().join(".uploads")).is_empty());

    let s3 = s3_media().await;
    let service = Service::start(Some(Media::S3(s3)), &[]).await;
    // A part and a tail.
    terminate(&service, 6 * MIB).await;
    let s3 = s3_of(&service.app);
    assert_eq!(s3.list_keys("").await.unwrap(), Vec::<String>::new());
    assert!(s3.open_multiparts("").await.unwrap().is_empty());
}

#[tokio::test]
async fn a_refused_file_answers_why_and_ends_the_upload() {
    let service = Service::start(None, &[]).await;
    let data = source(5000);
    let path = service.create("album/broken1/tracks", data.len()).await;
    let r = service.patch(&path, 0, &data).await;
    assert_eq!(r.status, 415, "{}", r.text());
    assert!(
        r.json()["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("not audio")
    );
    assert_eq!(service.offset(&path).await, None);
    assert!(files_in(&service.media_dir().join(".uploads")).is_empty());
    assert_eq!(upload_items(&service).await, 0);
}

#[tokio::test]
async fn the_protocol_is_checked() {
    let service = Service::start(None, &[]).await;
    let r = raw(service.addr, None, "OPTIONS", BASE, &[], Body::Empty).await;
    assert_eq!(r.status, 204);
    assert_eq!(r.header("tus-version"), Some("1.0.0"));
    assert_eq!(r.header("tus-resumable"), Some("1.0.0"));
    assert!(
        r.header("tus-extension")
            .unwrap()
            .contains("creation,termination")
    );
    assert_eq!(
        r.header("tus-max-size"),
        Some((1u64 << 30).to_string().as_str())
    );

    // No Tus-Resumable.
    let r = raw(
        service.addr,
        Some(&service.alice),
        "POST",
        BASE,
        &[
            ("Upload-Length", "10".into()),
            ("Upload-Metadata", metadata(ALBUM, "a")),
        ],
        Body::Empty,
    )
    .await;
    assert_eq!(r.status, 412, "{}", r.text());
    assert_eq!(r.header("tus-version"), Some("1.0.0"));

    // No length, no target, a bad target, an empty file.
    for (headers, status) in [
        (vec![("Upload-Metadata", metadata(ALBUM, "a"))], 400),
        (vec![("Upload-Length", "10".to_string())], 400),
        (
            vec![
                ("Upload-Length", "10".into()),
                ("Upload-Metadata", metadata("album/../x", "a")),
            ],
            400,
        ),
        (
            vec![
                ("Upload-Length", "10".into()),
                ("Upload-Metadata", "target !!!".into()),
            ],
            400,
        ),
        (
            vec![
                ("Upload-Length", "-1".into()),
                ("Upload-Metadata", metadata(ALBUM, "a")),
            ],
            400,
        ),
        (
            vec![
                ("Upload-Length", "0".into()),
                ("Upload-Metadata", metadata(ALBUM, "a")),
            ],
            422,
        ),
    ] {
        let r = service
            .send(&service.alice, "POST", BASE, &headers, Body::Empty)
            .await;
        assert_eq!(r.status, status, "{headers:?}: {}", r.text());
        assert!(r.json()["errors"][0]["detail"].is_string());
    }

    // PATCH with another content type.
    let path = service.create(ALBUM, 10).await;
    let r = service
        .send(
            &service.alice,
            "PATCH",
            &path,
            &[
                ("Upload-Offset", "0".into()),
                ("Content-Type", "application/octet-stream".into()),
            ],
            Body::Full(vec![0; 10]),
        )
        .await;
    assert_eq!(r.status, 415, "{}", r.text());
    assert_eq!(service.offset(&path).await, Some(0));

    // The service's own routes check targets against the catalog: an
    // album that is not there is not found.
    let r = service
        .send(
            &service.alice,
            "POST",
            "/real",
            &[
                ("Upload-Length", "10".into()),
                ("Upload-Metadata", metadata("album/nosuchalbum/tracks", "a")),
            ],
            Body::Empty,
        )
        .await;
    assert_eq!(r.status, 404, "{}", r.text());
}

#[tokio::test]
async fn abandoned_uploads_are_swept() {
    let service = Service::start(None, &[]).await;
    let keep = service.create(ALBUM, 100).await;
    let gone = service.create(ALBUM, 100).await;
    let r = service.patch(&gone, 0, &[7; 50]).await;
    assert_eq!(r.status, 204);
    let id = gone.rsplit('/').next().unwrap();
    service
        .app
        .store
        .update(
            Key::new(upload::UPLOADS_PK, id),
            vec![Update::Set("Expires".into(), AttributeValue::n(1))],
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        service.offset(&gone).await,
        None,
        "an expired upload is not found"
    );
    assert_eq!(upload::sweep(&service.app).await.unwrap(), 1);
    assert_eq!(upload::sweep(&service.app).await.unwrap(), 0);
    assert!(!upload::staging_path(&service.media_dir(), id).exists());
    assert_eq!(service.offset(&keep).await, Some(0));
    assert_eq!(files_in(&service.media_dir().join(".uploads")).len(), 1);

    // The background sweeper sweeps as soon as it starts.
    let keep_id = keep.rsplit('/').next().unwrap();
    service
        .app
        .store
        .update(
            Key::new(upload::UPLOADS_PK, keep_id),
            vec![Update::Set("Expires".into(), AttributeValue::n(1))],
            None,
        )
        .await
        .unwrap();
    upload::start_sweeper(Arc::clone(&service.app));
    for _ in 0..100 {
        if upload_items(&service).await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(upload_items(&service).await, 0);
    assert!(files_in(&service.media_dir().join(".uploads")).is_empty());
}

#[tokio::test]
async fn abandoned_uploads_are_swept_from_s3() {
    let s3 = s3_media().await;
    let service = Service::start(Some(Media::S3(s3)), &[]).await;
    let gone = service.create(ALBUM, 6 * MIB).await;
    let r = service.patch(&gone, 0, &source(5 * MIB + 10)).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let id = gone.rsplit('/').next().unwrap();
    service
        .app
        .store
        .update(
            Key::new(upload::UPLOADS_PK, id),
            vec![Update::Set("Expires".into(), AttributeValue::n(1))],
            None,
        )
        .await
        .unwrap();
    assert_eq!(upload::sweep(&service.app).await.unwrap(), 1);
    let s3 = s3_of(&service.app);
    assert_eq!(s3.list_keys("").await.unwrap(), Vec::<String>::new());
    assert!(s3.open_multiparts("").await.unwrap().is_empty());
}

/// A multipart form with one file field.
fn form_body(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----trogs-test-boundary-7d2f";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: audio/mpeg\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn a_form_field_is_spooled_within_its_limit() {
    let service = Service::start(None, &[]).await;
    let post = |name: &str, bytes: Vec<u8>, chunked: bool| {
        let (content_type, body) = form_body(name, &bytes);
        let alice = service.alice.clone();
        let addr = service.addr;
        async move {
            let body = if chunked {
                Body::Chunked(body)
            } else {
                Body::Full(body)
            };
            raw(
                addr,
                Some(&alice),
                "POST",
                "/form",
                &[("Content-Type", content_type)],
                body,
            )
            .await
        }
    };
    let data = source(1_000_000);
    let r = post("  ../../etc/Müsic.mp3 ", data.clone(), false).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let json = r.json();
    assert_eq!(json["size"], 1_000_000);
    assert_eq!(json["name"], "Müsic.mp3");
    assert_eq!(json["blake3"], blake3::hash(&data).to_hex().to_string());
    assert_eq!(json["in_spool"], true);
    assert!(
        files_in(&service.spool_dir()).is_empty(),
        "dropped with the request"
    );

    // One byte over, and far over (the rest is never read).
    for (len, chunked) in [(1_000_001, false), (20 * MIB, false), (20 * MIB, true)] {
        let r = post("big.mp3", source(len), chunked).await;
        assert_eq!(r.status, 413, "{len}: {}", r.text());
        let detail = r.json()["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(detail.contains("limit of 1 MB"), "{detail}");
        assert!(
            files_in(&service.spool_dir()).is_empty(),
            "nothing is left on disk"
        );
    }

    let r = post("empty.mp3", Vec::new(), false).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.text().contains("empty"));
    assert!(files_in(&service.spool_dir()).is_empty());
}

/// Two requests racing on one offset: one stores its bytes, the other is
/// told the upload moved on (or is gone, once finished), and the result
/// is the source.
async fn race(service: &Service, len: usize) {
    let data = source(len);
    let path = service.create(ALBUM, len).await;
    let (a, b) = tokio::join!(
        service.patch(&path, 0, &data),
        service.patch(&path, 0, &data)
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert!(
        statuses == [204, 404] || statuses == [204, 409],
        "{statuses:?}: {} / {}",
        a.text(),
        b.text()
    );
    let winner = if a.status == 204 { a } else { b };
    let result: serde_json::Value =
        serde_json::from_str(winner.header("trogs-result").unwrap()).unwrap();
    let stored = service
        .app
        .media
        .get(result["key"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(blake3::hash(&stored), blake3::hash(&data));
}

#[tokio::test]
async fn racing_requests_never_mix_their_bytes() {
    let service = Service::start(None, &[]).await;
    Box::pin(race(&service, 3 * MIB)).await;
    assert!(files_in(&service.media_dir().join(".uploads")).is_empty());

    let s3 = s3_media().await;
    let service = Service::start(Some(Media::S3(s3)), &[]).await;
    Box::pin(race(&service, 3 * MIB)).await;
    Box::pin(race(&service, 11 * MIB)).await;
    let s3 = s3_of(&service.app);
    assert_eq!(
        s3.list_keys("uploads/").await.unwrap(),
        Vec::<String>::new()
    );
    assert!(s3.open_multiparts("uploads/").await.unwrap().is_empty());
}

/// The media store's streaming read and copy, on both stores.
async fn read_and_copy(media: &Media) {
    let data = source(3 * MIB + 1);
    media.put_bytes("art/a/x y+z.bin", &data).await.unwrap();
    let mut reader = media.reader("art/a/x y+z.bin").await.unwrap().unwrap();
    let mut back = Vec::new();
    reader.read_to_end(&mut back).await.unwrap();
    assert_eq!(back, data);
    assert!(media.reader("art/nothing").await.unwrap().is_none());
    assert!(
        media
            .copy("art/a/x y+z.bin", "art/b/copy.mp3")
            .await
            .unwrap()
    );
    assert_eq!(media.get("art/b/copy.mp3").await.unwrap().unwrap(), data);
    assert!(!media.copy("art/nothing", "art/b/none").await.unwrap());
    assert!(media.get("art/b/none").await.unwrap().is_none());
    assert!(media.reader("../x").await.is_err());
}

#[tokio::test]
async fn media_stores_stream_and_copy() {
    let dir = tempfile::tempdir().unwrap();
    Box::pin(read_and_copy(&Media::Folder(dir.path().to_path_buf()))).await;
    let s3 = s3_media().await;
    Box::pin(read_and_copy(&Media::S3(s3))).await;
}
