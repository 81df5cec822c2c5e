//! `trogs serve`: pages at their bare URLs, media with range requests, and a
//! rebuild with live reload when the theme or the catalog changes.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::time::{Duration, Instant};

use common::{first_album, http_get, serve};

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
        "GET /_trogs/live-reload HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n"
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
