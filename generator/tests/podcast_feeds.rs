//! The artists' podcast feeds as podcast apps and Apple Podcasts take them,
//! read over HTTP from `trogs serve` (built with an absolute base URL on a
//! loopback port): feedparser finds nothing ill-formed (no "bozo"),
//! podcastparser (what gPodder and other apps use) reads every episode,
//! and Apple's published requirements hold: a square JPEG or PNG of 1400
//! to 3000 pixels in RGB (decoded here with the `image` crate), enclosures
//! that are MP3 or AAC whose length is the file's size, the owner from the
//! site's settings. For the processed demo, and for data shaped like the
//! original site's before and after `trogs media process`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::feed_parsers::parsers_python;
use common::{Running, trogs};
use trogs::store::{AttributeValue, Key, Store, Update};

const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";

/// Serves the catalog in `dir` with `trogs serve`, built with its own
/// loopback URL as the absolute base URL, and `env` set.
fn serve(dir: &Path, env: &[(&str, &str)]) -> (Running, u16) {
    let log = dir.join("serve.log");
    common::start_serve(&log, |port| {
        let file = std::fs::File::create(&log).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_trogs"));
        command
            .args(["serve", "--no-demo", "--port", &port.to_string()])
            .args(["--base-url", &format!("http://127.0.0.1:{port}")])
            .current_dir(dir)
            .env("TROGS_THEME", common::theme_dir())
            .env_remove("TROGS_STORE")
            .env_remove("TROGS_OUT")
            .env_remove("TROGS_MEDIA")
            .env_remove("TROGS_CONFIG")
            .env_remove("TROGS_PODCAST_OWNER_NAME")
            .env_remove("TROGS_PODCAST_OWNER_EMAIL")
            .envs(env.iter().copied())
            .stdout(file.try_clone().unwrap())
            .stderr(file);
        command
    })
}

/// The artists' feeds a build published, as URLs on `port`.
fn feed_urls(dir: &Path, port: u16) -> Vec<String> {
    let mut urls: Vec<String> = std::fs::read_dir(dir.join("site-out/artist"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name.ends_with(".rss"))
        .map(|name| format!("http://127.0.0.1:{port}/artist/{name}"))
        .collect();
    urls.sort();
    assert!(!urls.is_empty(), "no podcast feeds in {}", dir.display());
    urls
}

/// GETs a URL of the server on `port`: (status, content type, body).
fn fetch(port: u16, url: &str) -> (u16, String, Vec<u8>) {
    let origin = format!("http://127.0.0.1:{port}");
    let path = url
        .strip_prefix(&origin)
        .unwrap_or_else(|| panic!("{url} is not on {origin}: the base URL is not absolute"));
    let (status, headers, body) = common::http_get(port, path, &[]);
    let ty = headers
        .iter()
        .find(|(k, _)| k == "content-type")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    (status, ty, body)
}

/// One feed as the podcast apps' parsers read it.
#[derive(Debug)]
struct Parsed {
    url: String,
    feedparser: serde_json::Value,
    podcastparser: serde_json::Value,
}

/// Runs feedparser and podcastparser over the feeds at `urls`.
fn parse_feeds(urls: &[String]) -> Vec<Parsed> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/stand-ins/feed_parsers.py");
    let out = Command::new(parsers_python())
        .arg(&script)
        .args(urls)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Vec<Parsed> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            Parsed {
                url: v["url"].as_str().unwrap().to_string(),
                feedparser: v["feedparser"].clone(),
                podcastparser: v["podcastparser"].clone(),
            }
        })
        .collect();
    assert_eq!(parsed.len(), urls.len());
    parsed
}

/// What a feed holds, as far as the checks go.
#[derive(Debug, Default)]
struct Feed {
    image: String,
    /// Each item's (guid, enclosure URL, length, type).
    items: Vec<(String, String, u64, String)>,
}

/// What the checks found: the parsers' complaints and the requirements
/// Apple Podcasts states that a feed misses, one line each.
#[derive(Debug, Default)]
struct Findings {
    bozo: Vec<String>,
    podcastparser: Vec<String>,
    apple: Vec<String>,
}

impl Findings {
    fn total(&self) -> usize {
        self.bozo.len() + self.podcastparser.len() + self.apple.len()
    }
}

impl std::fmt::Display for Findings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "feedparser bozo: {}, podcastparser errors: {}, Apple Podcasts requirements missed: {}",
            self.bozo.len(),
            self.podcastparser.len(),
            self.apple.len()
        )?;
        for line in self
            .bozo
            .iter()
            .chain(&self.podcastparser)
            .chain(&self.apple)
        {
            writeln!(f, "  {line}")?;
        }
        Ok(())
    }
}

/// Checks the image a feed names as Apple Podcasts does: a JPEG or PNG
/// (by its bytes, and named so), square, 1400 to 3000 pixels a side, RGB.
fn check_image(port: u16, feed: &str, href: &str, apple: &mut Vec<String>) {
    let (status, ty, body) = fetch(port, href);
    if status != 200 {
        apple.push(format!("{feed}: itunes:image {href} answers {status}"));
        return;
    }
    let format = image::guess_format(&body).ok();
    let named = href.rsplit('.').next().unwrap_or_default();
    let kind_ok = match format {
        Some(image::ImageFormat::Jpeg) => matches!(named, "jpg" | "jpeg") && ty == "image/jpeg",
        Some(image::ImageFormat::Png) => named == "png" && ty == "image/png",
        _ => false,
    };
    if !kind_ok {
        apple.push(format!(
            "{feed}: itunes:image {href} is {format:?} served as {ty:?}, not a JPEG or PNG named so"
        ));
        return;
    }
    let img = image::load_from_memory(&body).unwrap();
    let (w, h) = (img.width(), img.height());
    if w != h || !(1400..=3000).contains(&w) {
        apple.push(format!(
            "{feed}: itunes:image {href} is {w}×{h}, not a square of 1400 to 3000 pixels"
        ));
    }
    if img.color() != image::ColorType::Rgb8 {
        apple.push(format!(
            "{feed}: itunes:image {href} is {:?}, not RGB",
            img.color()
        ));
    }
}

/// The iTunes element `name` of `node`.
fn itunes<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children()
        .find(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(ITUNES))
}

/// Reads and checks the feeds at `urls`: the parsers' findings, and
/// Apple's requirements (an owner with `owner_email` when given).
fn check_feeds(port: u16, urls: &[String], owner_email: Option<&str>) -> (Vec<Feed>, Findings) {
    let mut findings = Findings::default();
    let mut feeds = Vec::new();
    let parsed = parse_feeds(urls);
    for (url, p) in urls.iter().zip(&parsed) {
        assert_eq!(&p.url, url);
        let apple = &mut findings.apple;
        let (status, ty, body) = fetch(port, url);
        assert_eq!(status, 200, "{url}");
        assert!(ty.starts_with("application/rss+xml"), "{url}: {ty}");
        let xml = String::from_utf8(body).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{url}: {e}"));
        let channel = doc
            .root_element()
            .children()
            .find(|n| n.has_tag_name("channel"))
            .unwrap();
        let plain = |node: roxmltree::Node<'_, '_>, name: &str| {
            node.children()
                .find(|n| n.tag_name().name() == name && n.tag_name().namespace().is_none())
                .and_then(|n| n.text())
                .map(str::trim)
                .unwrap_or_default()
                .to_string()
        };
        for required in ["title", "description", "language", "link"] {
            if plain(channel, required).is_empty() {
                apple.push(format!("{url}: no <{required}>"));
            }
        }
        if itunes(channel, "category").and_then(|c| c.attribute("text")) != Some("Music") {
            apple.push(format!("{url}: no itunes:category"));
        }
        if !matches!(
            itunes(channel, "explicit").and_then(|e| e.text()),
            Some("true" | "false")
        ) {
            apple.push(format!("{url}: itunes:explicit is not true or false"));
        }
        if let Some(email) = owner_email {
            let owner = itunes(channel, "owner");
            let said = owner
                .and_then(|o| itunes(o, "email"))
                .and_then(|e| e.text());
            if said != Some(email) || owner.and_then(|o| itunes(o, "name")).is_none() {
                apple.push(format!("{url}: itunes:owner is not the site's ({said:?})"));
            }
        }
        let mut feed = Feed::default();
        match itunes(channel, "image").and_then(|i| i.attribute("href")) {
            Some(href) => {
                feed.image = href.to_string();
                check_image(port, url, href, apple);
            }
            None => apple.push(format!("{url}: no itunes:image")),
        }
        let mut guids = BTreeSet::new();
        for item in channel.children().filter(|n| n.has_tag_name("item")) {
            let guid = plain(item, "guid");
            if plain(item, "title").is_empty() || guid.is_empty() || !guids.insert(guid.clone()) {
                apple.push(format!("{url}: an item without a title or a unique guid"));
            }
            let Some(enclosure) = item.children().find(|n| n.has_tag_name("enclosure")) else {
                apple.push(format!("{url}: item {guid} has no enclosure"));
                continue;
            };
            let href = enclosure.attribute("url").unwrap_or_default();
            let ty = enclosure.attribute("type").unwrap_or_default();
            let length: u64 = enclosure
                .attribute("length")
                .and_then(|l| l.parse().ok())
                .unwrap_or(0);
            if !matches!(ty, "audio/mpeg" | "audio/x-m4a") {
                apple.push(format!("{url}: item {guid} encloses {ty}"));
            }
            let (status, _, audio) = fetch(port, href);
            if status != 200 || audio.len() as u64 != length {
                apple.push(format!(
                    "{url}: item {guid} says length {length}; {href} answers {status} with {} bytes",
                    audio.len()
                ));
            }
            let looks = match ty {
                "audio/mpeg" => {
                    audio.starts_with(b"ID3")
                        || (audio.len() > 1 && audio[0] == 0xff && audio[1] & 0xe0 == 0xe0)
                }
                _ => audio.len() > 12 && &audio[4..8] == b"ftyp",
            };
            if !looks {
                apple.push(format!("{url}: item {guid}: {href} is not {ty}"));
            }
            feed.items
                .push((guid, href.to_string(), length, ty.to_string()));
        }

        // The parsers read the same.
        let fp = &p.feedparser;
        if fp["bozo"] != false {
            findings
                .bozo
                .push(format!("{url}: {}", fp["bozo_exception"]));
        }
        let entries = fp["entries"].as_array().unwrap();
        assert_eq!(entries.len(), feed.items.len(), "{url}: feedparser");
        for (entry, (guid, href, length, ty)) in entries.iter().zip(&feed.items) {
            assert_eq!(entry["id"], guid.as_str(), "{url}");
            let want = serde_json::json!([{"url": href, "length": length.to_string(), "type": ty}]);
            assert_eq!(entry["enclosures"], want, "{url}: feedparser");
        }
        assert_eq!(fp["image"], feed.image.as_str(), "{url}: feedparser");
        let pp = &p.podcastparser;
        if !pp["error"].is_null() {
            findings
                .podcastparser
                .push(format!("{url}: {}", pp["error"]));
        } else {
            let episodes = pp["episodes"].as_array().unwrap();
            assert_eq!(episodes.len(), feed.items.len(), "{url}: podcastparser");
            for (episode, (guid, href, length, ty)) in episodes.iter().zip(&feed.items) {
                assert_eq!(episode["guid"], guid.as_str(), "{url}");
                let want = serde_json::json!([{"url": href, "length": length, "type": ty}]);
                assert_eq!(episode["enclosures"], want, "{url}: podcastparser");
            }
            assert_eq!(pp["cover_url"], feed.image.as_str(), "{url}: podcastparser");
        }
        feeds.push(feed);
    }
    (feeds, findings)
}

/// `N singles (M featured)` from what `trogs demo` printed: how many
/// tracks the artists' feeds can carry in all.
fn demo_feed_tracks(said: &str) -> usize {
    let (head, tail) = said.split_once(" singles (").unwrap();
    let singles: usize = head.rsplit(' ').next().unwrap().parse().unwrap();
    let featured: usize = tail.split(' ').next().unwrap().parse().unwrap();
    singles + featured
}

#[cfg(feature = "renditions")]
#[test]
fn the_processed_demos_podcast_feeds_are_what_podcast_apps_and_apple_take() {
    let dir = tempfile::tempdir().unwrap();
    let demo = trogs(dir.path(), &["demo"]);
    let tracks = demo_feed_tracks(&String::from_utf8_lossy(&demo.stdout));
    let (_server, port) = serve(
        dir.path(),
        &[
            ("TROGS_PODCAST_OWNER_NAME", "Trogs Records"),
            ("TROGS_PODCAST_OWNER_EMAIL", "podcasts@music.example.org"),
        ],
    );
    let urls = feed_urls(dir.path(), port);
    let (feeds, findings) = check_feeds(port, &urls, Some("podcasts@music.example.org"));
    eprintln!(
        "the processed demo's {} podcast feeds: {findings}",
        feeds.len()
    );
    assert_eq!(findings.total(), 0, "{findings}");
    // Every featured track and single, as its MP3 rendition, with the
    // artist's feed square.
    let items: Vec<_> = feeds.iter().flat_map(|f| &f.items).collect();
    assert_eq!(items.len(), tracks, "{feeds:?}");
    for (_, href, _, ty) in items {
        assert!(
            href.contains("/media/_trogs/") && href.ends_with(".mp3"),
            "{href}"
        );
        assert_eq!(ty, "audio/mpeg");
    }
    for feed in &feeds {
        assert!(feed.image.ends_with(".1400x1400.jpg"), "{}", feed.image);
    }
    let xml = std::fs::read_to_string(
        std::fs::read_dir(dir.path().join("site-out/artist"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "rss"))
            .unwrap(),
    )
    .unwrap();
    assert!(
        xml.contains(
            "<itunes:owner><itunes:name>Trogs Records</itunes:name>\
             <itunes:email>podcasts@music.example.org</itunes:email></itunes:owner>"
        ),
        "{xml}"
    );
}

/// A media key's file in the demo's media folder.
fn media_file(dir: &Path, key: &str) -> PathBuf {
    dir.join("media").join(key)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_like_the_originals_gives_feeds_apple_takes_once_media_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    trogs(dir.path(), &["demo", "--no-process"]);
    // The catalog shaped like the original site's data: no derivatives,
    // no recorded image sizes, WAV originals without renditions; and:
    // an artist without an image, a single whose original is MP3 and one
    // whose original is AAC (both with their sizes, as uploads record
    // them), an MP3 single whose size nobody recorded, and an artist
    // image with the four derivatives an earlier Trogs made.
    let store =
        Store::embedded(trogs::store::Embedded::open(dir.path().join("trogs.db"), false).unwrap());
    let artists = trogs::catalog::queries::artists(&store)
        .await
        .unwrap()
        .value;
    let named = |prefix: &str| {
        artists
            .iter()
            .find(|a| a.name.starts_with(prefix))
            .unwrap()
            .id
            .clone()
    };
    let content = |id: String| {
        let store = store.clone();
        async move {
            trogs::catalog::queries::artist_content(&store, &id)
                .await
                .unwrap()
                .value
                .unwrap()
        }
    };
    let (asta, koji, etoiles) = (
        content(named("Ásta")).await,
        content(named("Kōji")).await,
        content(named("Les Étoiles")).await,
    );
    assert_eq!((koji.singles.len(), etoiles.singles.len()), (2, 1));
    store
        .update(
            Key::same(&asta.artist.id),
            vec![Update::Set("ImageURL".into(), AttributeValue::s(""))],
            None,
        )
        .await
        .unwrap();
    let mp3: Vec<u8> = [0xff, 0xfb, 0x90, 0x64]
        .into_iter()
        .chain(std::iter::repeat_n(0x55, 4092))
        .collect();
    let m4a: Vec<u8> = b"\0\0\0\x20ftypM4A \0\0\0\0M4A mp42isom\0\0\0\x08free"
        .iter()
        .copied()
        .chain(std::iter::repeat_n(0, 3000))
        .collect();
    let originals = [
        (&koji.singles[0], "mp3", &mp3, Some("audio/mpeg")),
        (&koji.singles[1], "m4a", &m4a, Some("audio/mp4")),
        (&etoiles.singles[0], "mp3", &mp3, None),
    ];
    for (t, ext, bytes, ty) in originals {
        let key = t.audio_url.replace(".wav", &format!(".{ext}"));
        std::fs::write(media_file(dir.path(), &key), bytes).unwrap();
        let mut updates = vec![Update::Set("AudioURL".into(), AttributeValue::s(&key))];
        if let Some(ty) = ty {
            updates.push(Update::Set("AudioType".into(), AttributeValue::s(ty)));
            updates.push(Update::Set(
                "AudioSize".into(),
                AttributeValue::n(bytes.len()),
            ));
        }
        store.update(Key::same(&t.id), updates, None).await.unwrap();
    }
    let etoiles_image = etoiles.artist.image_url.clone().unwrap();
    let old_derivatives = ["50x50", "80x80", "300x300", "300"];
    let original_bytes = std::fs::read(media_file(dir.path(), &etoiles_image)).unwrap();
    for size in old_derivatives {
        let key = trogs::images::derivative_key(&etoiles_image, size);
        std::fs::write(media_file(dir.path(), &key), &original_bytes).unwrap();
    }
    store
        .update(
            Key::same(&etoiles.artist.id),
            vec![Update::Set(
                "ImageSizes".into(),
                AttributeValue::s(old_derivatives.join(",")),
            )],
            None,
        )
        .await
        .unwrap();
    drop(store);

    // Before `trogs media process`.
    let (server, port) = serve(dir.path(), &[]);
    let urls = feed_urls(dir.path(), port);
    let (feeds, findings) = check_feeds(port, &urls, None);
    eprintln!("before trogs media process: {findings}");
    assert!(
        findings.bozo.is_empty() && findings.podcastparser.is_empty(),
        "{findings}"
    );
    let feed_of = |id: &str| {
        let at = urls
            .iter()
            .position(|u| u.ends_with(&format!("/{id}.rss")))
            .unwrap();
        &feeds[at]
    };
    // The WAV originals, and the MP3 of unknown size, are left out.
    let (a, k, e) = (
        feed_of(&asta.artist.id),
        feed_of(&koji.artist.id),
        feed_of(&etoiles.artist.id),
    );
    assert!(a.items.is_empty() && e.items.is_empty(), "{a:?} {e:?}");
    let kinds: Vec<(&str, u64, &str)> = k
        .items
        .iter()
        .map(|(guid, _, length, ty)| (guid.as_str(), *length, ty.as_str()))
        .collect();
    let mut want = vec![
        (koji.singles[0].id.as_str(), mp3.len() as u64, "audio/mpeg"),
        (koji.singles[1].id.as_str(), m4a.len() as u64, "audio/x-m4a"),
    ];
    want.sort();
    let mut got = kinds.clone();
    got.sort();
    assert_eq!(got, want);
    // No image: the theme's square, which Apple takes as it is. Images of
    // unknown size: the artist's own (here 600×600, which Apple refuses),
    // until `trogs media process` makes the feed square; the only
    // requirements missed.
    assert!(a.image.contains("/assets/podcast-default."), "{}", a.image);
    assert!(
        k.image.ends_with(koji.artist.image_url.as_deref().unwrap()),
        "{}",
        k.image
    );
    assert!(e.image.ends_with(&etoiles_image), "{}", e.image);
    assert_eq!(findings.apple.len(), 2, "{findings}");
    assert!(
        findings.apple.iter().all(|f| f.contains("600×600")),
        "{findings}"
    );
    drop(server);

    // After: every image has its square, and (in a build that makes
    // renditions) every track its MP3.
    let processed = trogs(dir.path(), &["media", "process", "--jobs", "2"]);
    let said = String::from_utf8_lossy(&processed.stdout);
    assert!(
        said.contains("6 images given derivatives, 0 had them, 0 failed"),
        "{said}"
    );
    // The earlier Trogs's derivatives are kept as they were: only the
    // square was added.
    for size in old_derivatives {
        let key = trogs::images::derivative_key(&etoiles_image, size);
        assert_eq!(
            std::fs::read(media_file(dir.path(), &key)).unwrap(),
            original_bytes,
            "{key} was written again"
        );
    }
    let (_server, port) = serve(dir.path(), &[]);
    let urls = feed_urls(dir.path(), port);
    let (feeds, findings) = check_feeds(port, &urls, None);
    eprintln!("after trogs media process: {findings}");
    assert_eq!(findings.total(), 0, "{findings}");
    let at = |id: &str| {
        urls.iter()
            .position(|u| u.ends_with(&format!("/{id}.rss")))
            .unwrap()
    };
    assert!(
        feeds[at(&asta.artist.id)]
            .image
            .contains("/assets/podcast-default.")
    );
    for id in [&koji.artist.id, &etoiles.artist.id] {
        assert!(
            feeds[at(id)].image.ends_with(".1400x1400.jpg"),
            "{:?}",
            feeds[at(id)]
        );
    }
    let items: usize = feeds.iter().map(|f| f.items.len()).sum();
    let renditions = cfg!(feature = "renditions");
    let all = asta.featured.len()
        + asta.singles.len()
        + koji.featured.len()
        + koji.singles.len()
        + etoiles.featured.len()
        + etoiles.singles.len();
    // The MP3 and AAC singles were in already; the MP3 of unknown size is
    // no audio at all here, so it gets no renditions and stays out.
    assert_eq!(items, if renditions { all - 1 } else { 2 }, "{feeds:?}");
}
