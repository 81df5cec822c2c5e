//! `trogs serve`: pages at their bare URLs, media with range requests, and a
//! rebuild with live reload when the theme or the catalog changes.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use common::{Running, first_album, http_get, serve};
use trogs::store::{AttributeValue, Item, Store};

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Waits for one live-reload event on an open event stream.
fn wait_for_reload(reader: &mut BufReader<std::net::TcpStream>, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    let mut line = String::new();
    while Instant::now() < deadline {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => return false,
            Ok(_) if line.starts_with("data: reload") => return true,
            Ok(_) => {}
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(e) => panic!("{e}"),
        }
    }
    false
}

#[test]
fn serve_seeds_the_demo_serves_pages_and_reloads_on_changes() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    common::copy_theme(&theme);
    let (_server, port) = serve(dir.path(), &theme);

    // The empty catalog got the demo, and pages answer at their bare URLs.
    let album = first_album(&dir.path().join("out"));
    let (status, headers, body) = http_get(port, &format!("/album/{album}"), &[]);
    assert_eq!(status, 200);
    assert!(
        header(&headers, "content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let html = String::from_utf8(body).unwrap();
    assert!(
        html.contains("/_trogs/live-reload"),
        "served pages reload themselves"
    );
    let (status, _, body) = http_get(port, "/", &[]);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("Kōji Mori"));
    let (status, _, body) = http_get(port, "/artist/doesnotexist", &[]);
    assert_eq!(status, 404);
    assert!(
        String::from_utf8_lossy(&body).contains("href=\"/\""),
        "the theme's 404 page"
    );
    assert_eq!(http_get(port, "/../trogs.db", &[]).0, 400);

    // Media answers range requests (the player seeks), with the right type.
    let src_at = html.find("<audio").unwrap();
    let src = common::value_after(&html[src_at..], "src=\"");
    let (status, headers, body) = http_get(port, &src, &[("Range", "bytes=0-99")]);
    assert_eq!(status, 206, "{src}");
    assert_eq!(body.len(), 100);
    assert_eq!(&body[..4], b"RIFF");
    assert!(header(&headers, "content-type").unwrap().contains("wav"));

    // Fingerprinted assets are cached for good.
    let css = common::value_after(&html, "href=\"/assets/style.");
    let (status, headers, _) = http_get(port, &format!("/assets/style.{css}"), &[]);
    assert_eq!(status, 200);
    assert!(
        header(&headers, "cache-control")
            .unwrap()
            .contains("immutable")
    );

    // Open the live-reload stream, then change the theme.
    let mut events = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    write!(
        events,
        "GET /_trogs/live-reload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(events);
    std::thread::sleep(Duration::from_millis(300));
    let css_path = theme.join("assets/style.css");
    let mut css_text = std::fs::read_to_string(&css_path).unwrap();
    css_text.push_str("\n.served-test { color: red }\n");
    std::fs::write(&css_path, css_text).unwrap();
    assert!(
        wait_for_reload(&mut reader, Duration::from_secs(20)),
        "no live reload after a theme change"
    );
    let (_, _, body) = http_get(port, &format!("/album/{album}"), &[]);
    let new_html = String::from_utf8(body).unwrap();
    let new_css = common::value_after(&new_html, "href=\"/assets/style.");
    assert_ne!(new_css, css, "the page links the new stylesheet");

    // Let any further events of the theme change pass, so the next one is the catalog's.
    while wait_for_reload(&mut reader, Duration::from_millis(1500)) {}

    // A change to the catalog from another process rebuilds too.
    let title = "Retitled While Serving";
    let export = std::process::Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args(["export", "--store"])
        .arg(format!("sqlite:{}", dir.path().join("trogs.db").display()))
        .output()
        .unwrap();
    let mut scan: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let item = scan["Items"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["SK"]["S"] == album.as_str())
        .unwrap();
    item["AlbumTitle"]["S"] = serde_json::Value::String(title.into());
    let one = serde_json::json!({ "Items": [item.clone()] });
    let file = dir.path().join("one.json");
    std::fs::write(&file, one.to_string()).unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args(["import", file.to_str().unwrap(), "--store"])
        .arg(format!("sqlite:{}", dir.path().join("trogs.db").display()))
        .status()
        .unwrap();
    assert!(status.success());
    assert!(
        wait_for_reload(&mut reader, Duration::from_secs(20)),
        "no live reload after a catalog change"
    );
    let (_, _, body) = http_get(port, &format!("/album/{album}"), &[]);
    assert!(String::from_utf8_lossy(&body).contains(title));
}

/// Starts `trogs serve` for the catalog `dir/trogs.db` from `dir`, with the
/// built-in theme (there is no `themes/` in `dir`).
fn serve_builtin(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Running, u16) {
    let log = dir.join("serve.log");
    common::start_serve(&log, |port| {
        let file = std::fs::File::create(&log).unwrap();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_trogs"));
        command
            .args(["serve", "--port", &port.to_string()])
            .args([
                "--store",
                "sqlite:trogs.db",
                "--out",
                "out",
                "--media-dir",
                "media",
            ])
            .args(args)
            .current_dir(dir)
            .env_remove("TROGS_THEME")
            .env_remove("TROGS_CONFIG")
            .stdout(file.try_clone().unwrap())
            .stderr(file);
        for (k, v) in env {
            command.env(k, v);
        }
        command
    })
}

/// Sends `request` as it is and returns the status and the whole response.
fn raw(port: u16, request: &str) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).to_string();
    let status = response.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, response)
}

fn get_with_host(port: u16, path: &str, host: &str) -> (u16, String) {
    raw(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

fn item(attributes: &[(&str, AttributeValue)]) -> Item {
    attributes
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect::<BTreeMap<_, _>>()
}

#[tokio::test]
async fn serve_never_seeds_a_catalog_that_holds_items() {
    let s = AttributeValue::s;
    let catalogs = [
        // Not an artist at all.
        item(&[("PK", s("note")), ("SK", s("n1")), ("Text", s("keep me"))]),
        // An artist row no page can use (a Bio that is not a string).
        item(&[
            ("PK", s("zzbrokenartist01")),
            ("SK", s("zzbrokenartist01")),
            ("AA_PK", s("ARTISTS")),
            ("AA_SK", s("Broken")),
            ("AC_PK", s("zzbrokenartist01")),
            ("AC_SK", s("000")),
            ("Bio", AttributeValue::Bool(true)),
        ]),
    ];
    for only in catalogs {
        let dir = tempfile::tempdir().unwrap();
        let spec = format!("sqlite:{}", dir.path().join("trogs.db").display());
        let store = Store::create(&spec).await.unwrap();
        store.put(only.clone(), None).await.unwrap();
        drop(store);

        // Seeding happens before serve listens, so once it answers it is done.
        let (server, port) = serve_builtin(dir.path(), &[], &[]);
        assert_eq!(http_get(port, "/", &[]).0, 200);
        drop(server);

        let items = Store::open(&spec).await.unwrap().scan_all().await.unwrap();
        assert_eq!(items, vec![only], "serve changed the catalog");
        let log = std::fs::read_to_string(dir.path().join("serve.log")).unwrap();
        assert!(!log.contains("holds the demo"), "{log}");
        assert!(!dir.path().join("media").exists(), "demo media was written");
    }
}

#[test]
fn serve_answers_only_loopback_hosts_and_files_inside_its_folders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (_server, port) = serve_builtin(d, &[], &[]);

    // DNS rebinding: a request for another name is refused, whatever it asks for.
    for path in ["/", "/_trogs/live-reload", "/assets/style.css"] {
        let (status, response) = get_with_host(port, path, "evil.example");
        assert_eq!(status, 421, "{path}: {response}");
        assert!(!response.contains("Kōji Mori"));
    }
    let (status, _) = get_with_host(port, "/", &format!("evil.example:{port}"));
    assert_eq!(status, 421);
    let (status, _) = raw(port, "GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 421, "a request without a Host is refused");
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("[::1]:{port}"),
        format!("127.0.0.2:{port}"),
    ] {
        let (status, response) = get_with_host(port, "/", &host);
        assert_eq!(status, 200, "{host}");
        assert!(response.contains("Kōji Mori"), "{host}");
    }

    // Symlinks that lead out of the site or the media folder are not followed.
    let outside = tempfile::tempdir().unwrap();
    let secret = "SECRET-OUTSIDE-THE-SITE";
    std::fs::write(outside.path().join("secret.html"), secret).unwrap();
    std::fs::write(outside.path().join("secret.wav"), secret).unwrap();
    let out = d.join("out");
    let media = d.join("media");
    std::os::unix::fs::symlink(outside.path().join("secret.html"), out.join("leak.html")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.wav"),
        out.join("assets/leak.wav"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), media.join("linked")).unwrap();
    std::os::unix::fs::symlink(outside.path(), out.join("linked")).unwrap();
    for path in [
        "/leak",
        "/leak.html",
        "/assets/leak.wav",
        "/media/linked/secret.wav",
        "/linked/secret.html",
        "/linked/secret",
    ] {
        let (status, _, body) = http_get(port, path, &[]);
        assert_eq!(status, 404, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains(secret), "{path}");
    }
    // A symlink that stays inside the site folder is served.
    std::os::unix::fs::symlink(out.join("index.html"), out.join("home.html")).unwrap();
    let (status, _, body) = http_get(port, "/home", &[]);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("Kōji Mori"));

    // Trogs' own state, and any other dotfile, is never served.
    std::fs::create_dir_all(out.join(".trogs")).unwrap();
    std::fs::write(out.join(".trogs/manifest.json"), "{\"version\":1}").unwrap();
    std::fs::write(media.join(".hidden.wav"), secret).unwrap();
    for path in [
        "/.trogs/manifest.json",
        "/.trogs/manifest",
        "/%2etrogs/manifest.json",
        "/.trogs/",
        "/assets/../.trogs/manifest.json",
        "/media/.hidden.wav",
    ] {
        let (status, _, body) = http_get(port, path, &[]);
        assert!(status == 404 || status == 400, "{path}: {status}");
        let body = String::from_utf8_lossy(&body);
        assert!(
            !body.contains("version") && !body.contains(secret),
            "{path}"
        );
    }
    assert_eq!(http_get(port, "/.trogs/manifest.json", &[]).0, 404);
    assert_eq!(http_get(port, "/%2e%2e/trogs.db", &[]).0, 400);
}

/// Opens a live-reload stream and returns it with the response's status.
fn open_live_reload(port: u16) -> (u16, BufReader<std::net::TcpStream>) {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /_trogs/live-reload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    (status, reader)
}

#[test]
fn live_reload_connections_are_capped_and_slots_are_reused() {
    let dir = tempfile::tempdir().unwrap();
    let (_server, port) = serve_builtin(dir.path(), &[], &[("TROGS_SERVE_MAX_LIVE_RELOAD", "3")]);
    // The server has answered each of these, so each holds a slot.
    let mut open: Vec<_> = (0..3)
        .map(|n| {
            let (status, reader) = open_live_reload(port);
            assert_eq!(status, 200, "stream {n}");
            reader
        })
        .collect();
    let (status, mut refused) = open_live_reload(port);
    assert_eq!(status, 503, "the stream past the cap is refused");
    let mut text = String::new();
    let _ = refused.read_to_string(&mut text);
    assert!(text.contains("too many live-reload connections"), "{text}");
    // Pages are still served while the streams are full.
    assert_eq!(http_get(port, "/", &[]).0, 200);

    // Closing one frees its slot. The server notices the closed connection
    // when it next writes (a keep-alive comes every few seconds), so retry
    // until then; the deadline only stops a test that would never pass.
    drop(open.pop());
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (status, reader) = open_live_reload(port);
        if status == 200 {
            open.push(reader);
            break;
        }
        assert_eq!(status, 503);
        assert!(Instant::now() < deadline, "the freed slot was never reused");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(open.len(), 3);
    let (status, _) = open_live_reload(port);
    assert_eq!(status, 503, "the cap still holds");
}
