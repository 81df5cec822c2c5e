//! What faces the network: slow clients (headers sent a little at a time,
//! bodies that stall), the cap on open connections, the Host check, the
//! site server's `nosniff`, and the startup errors naming the right flag.
//! Everything through raw TCP against the real binary, so the test controls
//! exactly what is sent and when.

mod common;
mod harness;

use std::net::SocketAddr;
use std::process::Command;
use std::time::{Duration, Instant};

use harness::{album, album_track, artist};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use trogs::store::Store;

const ARTIST: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";

async fn seed(store: &Store, port: u16) {
    let a = artist(ARTIST, "Ann Band", &harness::owner_for(port, "ann"));
    let b = album(ALBUM, &a, "First", 0);
    let t = album_track("c000000000000001", &b, &a, "One", 0);
    for item in [a.to_item(), b.to_item(), t.to_item()] {
        store.put(item, None).await.unwrap();
    }
}

async fn nothing(_: &Store, _: u16) {}

fn addr(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// What came back on a connection: the status (0 if the server closed it
/// without answering), the head and the body.
#[derive(Debug)]
struct Raw {
    status: u16,
    head: String,
    body: String,
}

impl Raw {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

/// Reads until the server closes the connection, at most `within`.
async fn read_answer(stream: &mut TcpStream, within: Duration) -> Option<Raw> {
    let mut bytes = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut buf = [0u8; 8192];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok()?;
    let text = String::from_utf8_lossy(&bytes).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Some(Raw {
        status,
        head: head.to_string(),
        body: body.to_string(),
    })
}

/// One whole request on a new connection (`Connection: close`).
async fn request(to: SocketAddr, head: &str) -> Raw {
    let mut stream = TcpStream::connect(to).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    read_answer(&mut stream, Duration::from_secs(60))
        .await
        .unwrap_or_else(|| panic!("no answer within 60 s to {head:?}"))
}

async fn get(to: SocketAddr, host: &str, path: &str) -> Raw {
    request(
        to,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
    .await
}

/// Connections that sent the start of a request and then nothing more.
async fn half_sent(to: SocketAddr, count: usize) -> Vec<TcpStream> {
    let mut open = Vec::with_capacity(count);
    for _ in 0..count {
        let mut s = TcpStream::connect(to).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            .await
            .unwrap();
        open.push(s);
    }
    open
}

/// Waits until the server has closed every connection in `open`, at most
/// `within`; gives how long that took.
async fn all_closed(open: Vec<TcpStream>, within: Duration) -> Duration {
    let started = Instant::now();
    let count = open.len();
    let waits = open.into_iter().map(|mut s| async move {
        read_answer(&mut s, within).await.map(|answer| {
            // Closed with no answer, or with 408: never served.
            assert!(
                matches!(answer.status, 0 | 408),
                "a half-sent request got {}: {}",
                answer.status,
                answer.head
            );
        })
    });
    let closed = futures_util::future::join_all(waits).await;
    let still_open = closed.iter().filter(|c| c.is_none()).count();
    assert_eq!(
        still_open,
        0,
        "{still_open} of {count} half-sent requests were still open after {} s",
        within.as_secs()
    );
    started.elapsed()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_requests_are_closed_after_the_header_timeout() {
    let up = harness::dev_with(nothing, &["--header-timeout-secs", "2"], &[]).await;
    let to = addr(up.port);
    let slow = half_sent(to, 300).await;
    // The service still answers while they hang.
    let health = get(to, "127.0.0.1", "/healthz").await;
    assert_eq!(health.status, 200, "{health:?}");
    // Each is closed about 2 s after it was accepted; the bound is generous.
    let took = all_closed(slow, Duration::from_secs(60)).await;
    eprintln!("300 half-sent requests all closed by the service in {took:?}");
    let health = get(to, "127.0.0.1", "/healthz").await;
    assert_eq!(health.status, 200, "{health:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_cap_get_503_until_slow_ones_are_closed() {
    let up = harness::dev_with(
        nothing,
        &["--max-connections", "50", "--header-timeout-secs", "5"],
        &[],
    )
    .await;
    let to = addr(up.port);
    let slow = half_sent(to, 50).await;
    // The 51st connection, accepted right after them (well within their 5 s).
    let busy = get(to, "127.0.0.1", "/healthz").await;
    assert_eq!(busy.status, 503, "{busy:?}");
    assert!(busy.body.contains("too many connections"), "{busy:?}");
    assert_eq!(busy.header("connection").as_deref(), Some("close"));
    // Once the header timeout has closed the slow ones, it answers again.
    let took = all_closed(slow, Duration::from_secs(60)).await;
    eprintln!("50 half-sent requests closed in {took:?}");
    let health = harness::eventually(
        Duration::from_secs(60),
        Duration::from_millis(200),
        || "/healthz never answered 200 after the slow connections were closed".into(),
        async || {
            let a = get(to, "127.0.0.1", "/healthz").await;
            (a.status == 200).then_some(a)
        },
    )
    .await;
    assert_eq!(health.body, "ok\n");
}

/// A multipart upload of `wav` to the album, sent by hand: the head and the
/// form's opening, then the file in `pieces`, each after `pause`, stopping
/// after `send` pieces.
async fn slow_upload(
    up: &harness::Uploader,
    client: &harness::Client,
    wav: &[u8],
    pieces: usize,
    send: usize,
    pause: Duration,
) -> Raw {
    let boundary = "----trogs-edge-boundary";
    let prefix = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
    );
    let suffix = format!("\r\n--{boundary}--\r\n");
    let length = prefix.len() + wav.len() + suffix.len();
    let head = format!(
        "POST /api/v1/me/albums/{ALBUM}/tracks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Origin: {origin}\r\nCookie: {cookie}\r\nX-CSRF-Token: {csrf}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {length}\r\n\r\n{prefix}",
        port = up.port,
        origin = up.url,
        cookie = client.cookie.as_deref().unwrap(),
        csrf = client.csrf.as_deref().unwrap(),
    );
    let mut stream = TcpStream::connect(addr(up.port)).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let size = wav.len().div_ceil(pieces);
    for piece in wav.chunks(size).take(send) {
        tokio::time::sleep(pause).await;
        stream.write_all(piece).await.unwrap();
    }
    if send >= pieces {
        stream.write_all(suffix.as_bytes()).await.unwrap();
    }
    read_answer(&mut stream, Duration::from_secs(90))
        .await
        .expect("no answer within 90 s: the stalled body was never cut off")
}

fn media_files(up: &harness::Uploader) -> Vec<String> {
    walkdir::WalkDir::new(up.media().join("art"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().display().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_body_is_cut_off_and_a_slow_steady_one_completes() {
    let up = harness::dev_with(seed, &["--body-idle-secs", "3"], &[]).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let wav = harness::wav(0.25);
    let before = media_files(&up);

    // Half the file, then nothing: cut off after the idle timeout, with a
    // clear refusal, and nothing stored.
    let started = Instant::now();
    let stalled = slow_upload(&up, &ann, &wav, 10, 5, Duration::ZERO).await;
    eprintln!(
        "the stalled upload was answered after {:?}",
        started.elapsed()
    );
    assert_eq!(stalled.status, 400, "{stalled:?}");
    assert!(stalled.body.contains("cut off"), "{stalled:?}");
    assert_eq!(
        media_files(&up),
        before,
        "a stalled upload left media behind"
    );
    let album = ann.get(&format!("/api/v1/me/albums/{ALBUM}")).await;
    assert_eq!(album.status, 200, "{}", album.text);
    assert!(!album.text.contains("slow"), "{}", album.text);

    // The whole file a piece every 0.4 s: about 10 s in all, far over the
    // idle timeout, but never idle for long.
    let started = Instant::now();
    let steady = slow_upload(&up, &ann, &wav, 25, 25, Duration::from_millis(400)).await;
    eprintln!("the steady upload took {:?}", started.elapsed());
    assert_eq!(steady.status, 201, "{steady:?}");
    assert!(steady.body.contains("\"slow\""), "{steady:?}");
    assert_eq!(media_files(&up).len(), before.len() + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_form_is_cut_off_not_called_too_large() {
    let up = harness::dev_with(seed, &["--body-idle-secs", "3"], &[]).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    // A urlencoded form whose CSRF token is a field: the service reads the
    // body to find it. Half the body, then nothing.
    let body = format!("csrf={}&name=Slow+Band", ann.csrf.as_deref().unwrap());
    let head = format!(
        "POST /create/artists HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nOrigin: {}\r\nCookie: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        up.port,
        up.url,
        ann.cookie.as_deref().unwrap(),
        body.len() + 100,
    );
    let mut stream = TcpStream::connect(addr(up.port)).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body.as_bytes()).await.unwrap();
    let stalled = read_answer(&mut stream, Duration::from_secs(90))
        .await
        .expect("no answer within 90 s: the stalled form was never cut off");
    assert_eq!(stalled.status, 400, "{stalled:?}");
    assert!(stalled.body.contains("cut off"), "{stalled:?}");
    let mine = ann.get("/api/v1/me/artists").await;
    assert!(!mine.text.contains("Slow Band"), "{}", mine.text);

    // A form over the size limit is still called too large.
    let big = format!(
        "csrf={}&bio={}",
        ann.csrf.as_deref().unwrap(),
        "x".repeat(70 * 1024)
    );
    let head = format!(
        "POST /create/artists HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nOrigin: {}\r\nCookie: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        up.port,
        up.url,
        ann.cookie.as_deref().unwrap(),
        big.len(),
    );
    let mut stream = TcpStream::connect(addr(up.port)).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    // The server may answer and close before reading it all.
    let _ = stream.write_all(big.as_bytes()).await;
    let refused = read_answer(&mut stream, Duration::from_secs(90))
        .await
        .expect("no answer to a form over the limit");
    assert_eq!(refused.status, 413, "{refused:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_resumable_upload_keeps_what_arrived() {
    use base64::Engine as _;
    let up = harness::dev_with(seed, &["--body-idle-secs", "3"], &[]).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let wav = harness::wav(0.25);
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let who = format!(
        "Host: 127.0.0.1:{}\r\nConnection: close\r\nOrigin: {}\r\nCookie: {}\r\nX-CSRF-Token: {}\r\nTus-Resumable: 1.0.0\r\n",
        up.port,
        up.url,
        ann.cookie.as_deref().unwrap(),
        ann.csrf.as_deref().unwrap()
    );
    let made = request(
        addr(up.port),
        &format!(
            "POST /api/v1/me/uploads HTTP/1.1\r\n{who}Upload-Length: {}\r\nUpload-Metadata: target {},filename {}\r\nContent-Length: 0\r\n\r\n",
            wav.len(),
            b64(&format!("album/{ALBUM}/tracks")),
            b64("slow.wav"),
        ),
    )
    .await;
    assert_eq!(made.status, 201, "{made:?}");
    let location = made.header("location").unwrap();
    let patch = |offset: usize, length: usize| {
        format!(
            "PATCH {location} HTTP/1.1\r\n{who}Upload-Offset: {offset}\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: {length}\r\n\r\n"
        )
    };
    // The whole length announced, half sent, then nothing.
    let half = wav.len() / 2;
    let mut stream = TcpStream::connect(addr(up.port)).await.unwrap();
    stream
        .write_all(patch(0, wav.len()).as_bytes())
        .await
        .unwrap();
    stream.write_all(&wav[..half]).await.unwrap();
    let stalled = read_answer(&mut stream, Duration::from_secs(90))
        .await
        .expect("no answer within 90 s: the stalled body was never cut off");
    assert_eq!(stalled.status, 204, "{stalled:?}");
    assert_eq!(stalled.header("upload-offset"), Some(half.to_string()));
    // The rest continues it.
    let mut stream = TcpStream::connect(addr(up.port)).await.unwrap();
    stream
        .write_all(patch(half, wav.len() - half).as_bytes())
        .await
        .unwrap();
    stream.write_all(&wav[half..]).await.unwrap();
    let done = read_answer(&mut stream, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(done.status, 204, "{done:?}");
    let result = done.header("trogs-result").expect("a Trogs-Result header");
    assert!(result.contains("slow"), "{result}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_service_s_own_host_is_answered() {
    let up = harness::dev_with(
        nothing,
        &[
            "--public-url",
            "http://create.test/",
            "--allowed-hosts",
            "proxy.test",
        ],
        &[],
    )
    .await;
    let to = addr(up.port);
    let ours = format!("127.0.0.1:{}", up.port);
    for host in [
        "evil.example",
        "evil.example:80",
        "create.test.evil.example",
        "",
    ] {
        let a = get(to, host, "/terms").await;
        assert_eq!(a.status, 421, "Host {host:?}: {a:?}");
        assert!(
            a.body.contains("answers only requests for create.test"),
            "{a:?}"
        );
        assert_eq!(
            a.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
    }
    for host in [
        ours.as_str(),
        "localhost",
        "create.test",
        "CREATE.test:443",
        "proxy.test",
    ] {
        let a = get(to, host, "/terms").await;
        assert_eq!(a.status, 200, "Host {host:?}: {a:?}");
    }
    // An absolute request target names the host too.
    let a = request(
        to,
        &format!(
            "GET http://evil.example/terms HTTP/1.1\r\nHost: {ours}\r\nConnection: close\r\n\r\n"
        ),
    )
    .await;
    assert_eq!(a.status, 421, "{a:?}");
    // A load balancer's health check addresses the instance, not the site.
    let a = get(to, "10.0.0.7:8081", "/healthz").await;
    assert_eq!(a.status, 200, "{a:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_answers_only_the_public_host() {
    let port = harness::free_port();
    let public = format!("http://create.test:{port}/");
    let issuer = common::oidc::mock_issuer();
    let client_id = common::oidc::unique_client_id("edge");
    let key = "k".repeat(40);
    let up = harness::start_production_empty(
        port,
        &[
            "--issuer",
            &issuer,
            "--client-id",
            &client_id,
            "--session-key",
            &key,
            "--public-url",
            &public,
        ],
    )
    .await;
    let to = addr(up.port);
    // Outside dev mode a loopback name is a host like any other.
    for host in ["evil.example", "localhost", &format!("127.0.0.1:{port}")] {
        let a = get(to, host, "/login").await;
        assert_eq!(a.status, 421, "Host {host:?}: {a:?}");
        assert!(a.body.contains(&public), "{a:?}");
    }
    let a = get(to, &format!("create.test:{port}"), "/login").await;
    assert_eq!(a.status, 303, "{a:?}");
    let a = get(to, "10.0.0.7", "/healthz").await;
    assert_eq!(a.status, 200, "{a:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_public_url_keeps_loopback_clients_working() {
    // Without --public-url it is http://LISTEN/, which is how every other
    // test reaches the service.
    let up = harness::dev(nothing).await;
    let to = addr(up.port);
    let a = get(to, "evil.example", "/terms").await;
    assert_eq!(a.status, 421, "{a:?}");
    let a = get(to, &format!("127.0.0.1:{}", up.port), "/terms").await;
    assert_eq!(a.status, 200, "{a:?}");
    let mut ann = up.client();
    ann.sign_in("ann").await;
    assert_eq!(ann.get("/api/v1/me").await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_site_server_never_lets_media_be_sniffed() {
    let up = harness::dev(nothing).await;
    let dir = up.media().join("art/test");
    std::fs::create_dir_all(&dir).unwrap();
    // A WAV whose samples read as HTML.
    let mut wav = harness::wav(0.01);
    wav.extend_from_slice(b"<html><script>alert(1)</script></html>");
    std::fs::write(dir.join("sniff.wav"), &wav).unwrap();
    let to = addr(up.site_port);
    let host = format!("127.0.0.1:{}", up.site_port);
    let media = get(to, &host, "/media/art/test/sniff.wav").await;
    assert_eq!(media.status, 200, "{}", media.head);
    for answer in [
        media,
        get(to, &host, "/").await,
        get(to, &host, "/no/such/page").await,
        get(to, "evil.example", "/").await,
    ] {
        assert_eq!(
            answer.header("x-content-type-options").as_deref(),
            Some("nosniff"),
            "{}",
            answer.head
        );
    }
}

/// Starts the binary in dev mode with `args`, expecting it to stop with an
/// error; gives what it printed.
fn startup_error(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(harness::BIN)
        .current_dir(dir.path())
        .args(["--dev", "--no-process", "--store", "sqlite:trogs.db"])
        .args(["--theme", &harness::theme_dir().display().to_string()])
        .args(args)
        .env_remove("TROGS_STORE")
        .env_remove("TROGS_OUT")
        .env_remove("TROGS_MEDIA")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("trogs-uploader {args:?} did not stop within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success(), "trogs-uploader {args:?} started");
    String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout)
}

#[test]
fn site_listen_errors_name_site_listen() {
    let port = harness::free_port();
    let site_port = harness::free_port();
    let listen = format!("127.0.0.1:{port}");

    let not_loopback = format!("0.0.0.0:{site_port}");
    let err = startup_error(&["--listen", &listen, "--site-listen", &not_loopback]);
    assert!(
        err.contains(&format!(
            "--site-listen {not_loopback} is not a loopback address"
        )),
        "{err}"
    );

    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_addr = taken.local_addr().unwrap().to_string();
    let err = startup_error(&["--listen", &listen, "--site-listen", &taken_addr]);
    assert!(
        err.contains(&format!("listening on {taken_addr}")) && err.contains("Try --site-listen"),
        "{err}"
    );
}
