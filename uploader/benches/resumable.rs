//! What an upload costs: a large file sent over loopback HTTP as one tus
//! PATCH to a media folder (and to S3, when moto is configured as for the
//! tests), and as a form field spooled to disk, each beside a plain copy
//! of the same bytes from a loopback socket to a file. Prints throughput
//! and the process's peak resident memory during each run.
//!
//! `cargo bench -p trogs-uploader --bench resumable`; the size is
//! `TROGS_BENCH_UPLOAD_MIB` (default 1024), the S3 size
//! `TROGS_BENCH_S3_MIB` (default 256: moto keeps objects in memory).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart};
use axum::routing::post;
use clap::Parser as _;
use futures_util::future::BoxFuture;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use trogs::media::{MIN_PART_SIZE, Media, S3Media};
use trogs::s3::{Client, Location, Options};
use trogs::store::Store;
use trogs_uploader::app::App;
use trogs_uploader::edit::UploadTarget;
use trogs_uploader::error::{ApiError, ApiResult};
use trogs_uploader::regen::Regen;
use trogs_uploader::session::{Session, Sessions};
use trogs_uploader::upload::{self, Spooled, UploadHooks};

const MIB: u64 = 1 << 20;
const CHUNK: usize = 256 * 1024;

/// Accepts any target; a finished upload is only measured (the catalog's
/// checks of the bytes are not what is measured here).
fn hooks() -> UploadHooks {
    fn check<'a>(_: &'a App, _: &'a Session, _: &'a UploadTarget) -> BoxFuture<'a, ApiResult<()>> {
        Box::pin(async { Ok(()) })
    }
    fn finish<'a>(
        _: &'a App,
        _: &'a Session,
        _: UploadTarget,
        file: Spooled,
    ) -> BoxFuture<'a, ApiResult<serde_json::Value>> {
        Box::pin(async move { Ok(serde_json::json!({ "size": file.size })) })
    }
    UploadHooks {
        check: Arc::new(check),
        finish: Arc::new(finish),
    }
}

/// Peak resident memory (VmHWM), in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Resets the peak, so each run reports its own.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn report(what: &str, bytes: u64, took: Duration) {
    println!(
        "{what:<44} {:>8.0} MiB/s  {:>7.2} s  peak RSS {:>7.1} MiB",
        bytes as f64 / MIB as f64 / took.as_secs_f64(),
        took.as_secs_f64(),
        peak_mib()
    );
}

fn make_source(path: &Path, bytes: u64) {
    use std::io::Write as _;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut rng = fastrand::Rng::with_seed(7);
    let mut chunk = vec![0u8; MIB as usize];
    for _ in 0..bytes / MIB {
        rng.fill(&mut chunk);
        file.write_all(&chunk).unwrap();
    }
    file.flush().unwrap();
}

/// Writes a request head, then the file in chunks; returns the answer's
/// status line.
async fn send_file(
    addr: std::net::SocketAddr,
    head: String,
    prefix: &[u8],
    file: &Path,
    suffix: &[u8],
) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(prefix).await.unwrap();
    let mut source = tokio::fs::File::open(file).await.unwrap();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = source.read(&mut buf).await.unwrap();
        if n == 0 {
            break;
        }
        stream.write_all(&buf[..n]).await.unwrap();
    }
    stream.write_all(suffix).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = stream.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// A plain copy: loopback socket to a file, no HTTP.
async fn baseline(source: &Path, into: &Path, bytes: u64) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let into = into.to_path_buf();
    // Both ends move the bytes in the chunks the upload client uses, and
    // the file is synced at the end, as an upload's staging file is.
    let receiver = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut file = tokio::fs::File::create(&into).await.unwrap();
        let mut buf = vec![0u8; CHUNK];
        let mut n = 0u64;
        loop {
            let got = socket.read(&mut buf).await.unwrap();
            if got == 0 {
                break;
            }
            file.write_all(&buf[..got]).await.unwrap();
            n += got as u64;
        }
        file.sync_data().await.unwrap();
        n
    });
    reset_peak();
    let started = Instant::now();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut file = tokio::fs::File::open(source).await.unwrap();
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = file.read(&mut buf).await.unwrap();
        if n == 0 {
            break;
        }
        stream.write_all(&buf[..n]).await.unwrap();
    }
    drop(stream);
    assert_eq!(receiver.await.unwrap(), bytes);
    report(
        "loopback copy to a file (baseline)",
        bytes,
        started.elapsed(),
    );
}

struct Service {
    addr: std::net::SocketAddr,
    cookie: String,
    csrf: String,
}

async fn serve(dir: &Path, media: Media) -> Service {
    let settings = trogs_uploader::settings::Args::try_parse_from([
        "trogs-uploader".to_string(),
        "--dev".into(),
        "--store".into(),
        format!("sqlite:{}", dir.join("trogs.db").display()),
        "--out".into(),
        dir.join("out").display().to_string(),
        "--max-audio-bytes".into(),
        (64 * 1024 * MIB).to_string(),
    ])
    .unwrap()
    .resolve_with(|_| None)
    .unwrap();
    let store = Store::create(&settings.config.store).await.unwrap();
    let site = settings.config.open_site(store.clone()).await.unwrap();
    let sessions = Sessions::new(None, false, 1);
    let session = sessions.start("iss#bench".into(), None, None, None);
    let set = sessions.set_session(&session);
    let cookie = set.to_str().unwrap().split(';').next().unwrap().to_string();
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
    let spool = dir.join("spool");
    std::fs::create_dir_all(&spool).unwrap();
    let router = Router::new()
        .nest(
            "/api/v1/me/uploads",
            trogs_uploader::routes::uploads(hooks()),
        )
        .route(
            "/form",
            post(move |mut multipart: Multipart| {
                let spool = spool.clone();
                async move {
                    let field = multipart.next_field().await.unwrap().unwrap();
                    let spooled = upload::spool_field_in(field, u64::MAX, &spool).await?;
                    Ok::<_, ApiError>(axum::Json(serde_json::json!({ "size": spooled.size })))
                }
            }),
        )
        .layer(DefaultBodyLimit::disable())
        .with_state(app);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Service {
        addr,
        cookie,
        csrf: session.csrf,
    }
}

async fn tus(service: &Service, source: &Path, bytes: u64, what: &str) {
    use base64::Engine as _;
    let target = base64::engine::general_purpose::STANDARD.encode("album/bench1/tracks");
    let auth = format!(
        "Cookie: {}\r\nX-CSRF-Token: {}\r\nOrigin: http://127.0.0.1\r\nTus-Resumable: 1.0.0\r\n",
        service.cookie, service.csrf
    );
    reset_peak();
    let started = Instant::now();
    let mut stream = tokio::net::TcpStream::connect(service.addr).await.unwrap();
    stream
        .write_all(
            format!(
                "POST /api/v1/me/uploads HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}Upload-Length: {bytes}\r\nUpload-Metadata: target {target}\r\nContent-Length: 0\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let location = answer
        .lines()
        .find_map(|l| {
            l.strip_prefix("location: ")
                .or_else(|| l.strip_prefix("Location: "))
        })
        .unwrap_or_else(|| panic!("no Location: {answer}"))
        .trim()
        .to_string();
    let head = format!(
        "PATCH {location} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: {bytes}\r\n\r\n"
    );
    let status = send_file(service.addr, head, b"", source, b"").await;
    assert!(status.contains(" 204 "), "{status}");
    report(what, bytes, started.elapsed());
}

async fn form(service: &Service, source: &Path, bytes: u64) {
    let boundary = "----trogs-bench-boundary";
    let prefix = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
    );
    let suffix = format!("\r\n--{boundary}--\r\n");
    let length = prefix.len() as u64 + bytes + suffix.len() as u64;
    let head = format!(
        "POST /form HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: {}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {length}\r\n\r\n",
        service.cookie
    );
    reset_peak();
    let started = Instant::now();
    let status = send_file(
        service.addr,
        head,
        prefix.as_bytes(),
        source,
        suffix.as_bytes(),
    )
    .await;
    assert!(status.contains(" 200 "), "{status}");
    report("form field spooled to disk", bytes, started.elapsed());
}

fn env_mib(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let bytes = env_mib("TROGS_BENCH_UPLOAD_MIB", 1024) * MIB;
        let dir = tempfile::tempdir().unwrap();
        let source: PathBuf = dir.path().join("source.bin");
        make_source(&source, bytes);
        println!(
            "{} MiB, {} cores; peak RSS is this whole process (client and service)",
            bytes / MIB,
            std::thread::available_parallelism().map_or(1, |n| n.get())
        );
        let copy = dir.path().join("copy.bin");
        baseline(&source, &copy, bytes).await;
        std::fs::remove_file(&copy).unwrap();

        let media_dir = dir.path().join("media");
        std::fs::create_dir_all(&media_dir).unwrap();
        let service = serve(dir.path(), Media::Folder(media_dir)).await;
        tus(&service, &source, bytes, "tus PATCH to a media folder").await;
        form(&service, &source, bytes).await;

        if let Ok(url) = std::env::var("TROGS_TEST_S3") {
            let s3_bytes = env_mib("TROGS_BENCH_S3_MIB", 256).min(bytes / MIB) * MIB;
            let s3_source = dir.path().join("s3-source.bin");
            make_source(&s3_source, s3_bytes);
            let client = Client::connect(&Options::default()).await;
            let bucket = format!("bench-uploads-{:08x}", fastrand::u32(..));
            client
                .sdk
                .create_bucket()
                .bucket(&bucket)
                .send()
                .await
                .unwrap();
            let media = Media::S3(S3Media {
                client,
                location: Location {
                    bucket,
                    prefix: String::new(),
                },
                public_read: false,
                part_size: trogs::media::PART_SIZE.max(MIN_PART_SIZE),
            });
            let s3_dir = dir.path().join("s3");
            std::fs::create_dir_all(&s3_dir).unwrap();
            let service = serve(&s3_dir, media).await;
            baseline(&s3_source, &s3_dir.join("copy.bin"), s3_bytes).await;
            tus(
                &service,
                &s3_source,
                s3_bytes,
                &format!("tus PATCH to S3 (moto at {url})"),
            )
            .await;
        }
    });
}
