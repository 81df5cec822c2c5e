//! Hostile text from artists is escaped everywhere it lands: element text,
//! attributes, JSON-LD, and it is never read as a template.

mod common;

use common::Fixture;
use trogs::catalog::model::{Album, Artist, Track, TrackKind};
use trogs::store::{AttributeValue, Item};

const HOSTILE: [&str; 4] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "{{handlebars}}",
    "' onmouseover='alert(1)",
];

fn hostile(n: usize) -> String {
    format!(
        "{} {}",
        HOSTILE[n % HOSTILE.len()],
        HOSTILE[(n + 1) % HOSTILE.len()]
    )
}

#[tokio::test]
async fn hostile_text_is_escaped_in_text_attributes_and_json_ld() {
    let f = Fixture::empty();
    let artist = Artist {
        id: "hostileartist001".into(),
        name: hostile(0),
        owner: None,
        normalized_name: None,
        bio: Some(format!("{}\n\n{}", hostile(1), hostile(2))),
        image_url: Some("art/x/\"><script>alert(2)</script>.jpg".into()),
        created_date: None,
        trogs: Default::default(),
        extra: Item::new(),
    };
    let album = Album {
        id: "hostilealbum0001".into(),
        artist_id: artist.id.clone(),
        title: hostile(1),
        artist_name: Some(hostile(0)),
        release_date: Some("2020-01-01".into()),
        description: Some(hostile(3)),
        license: Some("by\"><script>alert(3)</script>".into()),
        image_url: Some("javascript:alert(4)".into()),
        position: 1,
        trogs: Default::default(),
        extra: Item::new(),
    };
    // Renditions and peaks whose keys carry the same text land in data-
    // attributes and the download link's name.
    let media_of = |n: usize| {
        let mut extra = Item::new();
        let rendition = |suffix: &str| {
            AttributeValue::M(
                [
                    (
                        "Key".to_string(),
                        AttributeValue::s(format!("art/x/{}{suffix}", hostile(n))),
                    ),
                    (
                        "Type".to_string(),
                        AttributeValue::s("audio/ogg; codecs=opus"),
                    ),
                ]
                .into_iter()
                .collect(),
            )
        };
        extra.insert(
            "Renditions".into(),
            AttributeValue::L(vec![rendition(".opus"), rendition(".48.opus")]),
        );
        extra.insert(
            "PeaksKey".into(),
            AttributeValue::s(format!("art/x/{}.peaks.json", hostile(n))),
        );
        extra.insert("Duration".into(), AttributeValue::n("3.5"));
        // Its MP3 original's size: podcast feeds enclose only audio of a
        // known length.
        extra.insert("AudioSize".into(), AttributeValue::n("1000"));
        extra
    };
    let track = |id: &str, n: usize, kind: TrackKind| Track {
        id: id.into(),
        title: hostile(n),
        audio_url: format!("art/x/{}.mp3", hostile(n)),
        artist_id: artist.id.clone(),
        artist_name: Some(hostile(0)),
        license: None,
        featured: Some(true),
        feature_sort: Some("100".into()),
        kind,
        trogs: Default::default(),
        extra: media_of(n),
    };
    let items = vec![
        artist.to_item(),
        album.to_item(),
        track(
            "hostiletrack0001",
            2,
            TrackKind::AlbumTrack {
                album_id: album.id.clone(),
                album_title: Some(hostile(1)),
                number: 1,
            },
        )
        .to_item(),
        track(
            "hostilesingle001",
            3,
            TrackKind::Single {
                position: 1,
                release_date: Some(hostile(2)),
            },
        )
        .to_item(),
    ];
    f.store.put_all(items).await.unwrap();
    let report = f.site.build_all().await.unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.rendered.len(), 6);

    // Pages, and the embeds published beside album and track pages.
    let embeds: Vec<String> = report
        .rendered
        .iter()
        .filter_map(|p| trogs::site::PageRef::from_path(p))
        .flat_map(|p| p.companions())
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert_eq!(
        embeds.len(),
        2 * 3,
        "an album and two tracks, full and compact"
    );
    for page in report.rendered.iter().chain(&embeds) {
        let html = f.page(page);
        // Inside JSON-LD a quote is only a character of a JSON string; that block is checked below.
        let outside_ld = match html.find("application/ld+json") {
            Some(at) => format!(
                "{}{}",
                &html[..at],
                &html[at + html[at..].find("</script>").unwrap()..]
            ),
            None => html.clone(),
        };
        for raw in [
            "<script>alert",
            "<img src=x",
            "onerror=alert(1)>",
            "' onmouseover='",
        ] {
            assert!(
                !outside_ld.contains(raw),
                "{page} contains the raw text {raw:?}"
            );
        }
        assert!(
            !html.contains("href=\"javascript:") && !html.contains("src=\"javascript:"),
            "{page} links to javascript:"
        );
        // The only script elements are the theme's own and the JSON-LD.
        for (at, _) in html.match_indices("<script") {
            let tag = &html[at..html[at..].find('>').map_or(html.len(), |e| at + e + 1)];
            assert!(
                tag.contains("/assets/player.") || tag.contains("application/ld+json"),
                "{page}: {tag}"
            );
        }
        // JSON-LD stays one valid JSON document holding the text as it was typed.
        if let Some(start) = html.find("application/ld+json\">") {
            let start = start + "application/ld+json\">".len();
            let end = start + html[start..].find("</script>").unwrap();
            let ld_text = &html[start..end];
            assert!(
                !ld_text.contains('<') && !ld_text.contains('>'),
                "{page}: {ld_text}"
            );
            let ld: serde_json::Value = serde_json::from_str(ld_text).unwrap();
            if page.starts_with("artist/") {
                assert_eq!(ld["name"], hostile(0));
            }
        }
    }
    let artist_page = f.page("artist/hostileartist001.html");
    // Shown as text, not read as a template or markup.
    assert!(
        artist_page.contains("{{handlebars}}"),
        "the text is shown as typed"
    );
    assert!(artist_page.contains("&lt;script&gt;alert(1)&lt;"));
    assert!(artist_page.contains("&quot;&gt;&lt;img src"));
    // The new attributes hold the escaped text, and the download name has
    // none of the characters file systems refuse.
    let track_page = f.page("track/hostiletrack0001.html");
    for attr in ["data-saver=\"", "data-peaks=\"", "download=\""] {
        let value = common::value_after(&track_page, attr);
        assert!(!value.contains(['<', '>', '"']), "{attr}{value}");
    }
    let name = common::value_after(&track_page, "download=\"");
    assert!(name.ends_with(".mp3"), "{name}");
    assert!(
        !name.contains(['/', '\\', ':', '*', '?', '|'])
            && !name.contains("&quot;")
            && !name.contains("&lt;"),
        "{name}"
    );
    // An unknown license falls back to the default one rather than landing in a URL.
    let album_page = f.page("album/hostilealbum0001.html");
    assert!(album_page.contains("creativecommons.org/licenses/by-nc-nd/4.0/"));

    // Feeds are well-formed XML that holds the text as typed.
    for (path, want) in [
        (
            "artist/hostileartist001.atom",
            vec![hostile(0), hostile(1), hostile(3)],
        ),
        (
            "artist/hostileartist001.rss",
            vec![hostile(0), hostile(2), hostile(3)],
        ),
        ("feed.atom", vec![hostile(1)]),
    ] {
        let xml = f.page(path);
        let texts = xml_texts(&xml);
        for text in want {
            assert!(texts.contains(&text), "{path} lacks {text:?}: {texts:?}");
        }
    }
    // Playlists keep one entry to a line, whatever the titles hold.
    for path in ["album/hostilealbum0001.m3u", "artist/hostileartist001.m3u"] {
        assert_m3u_lines(&f.page(path), path);
    }
    assert!(f.page("album/hostilealbum0001.m3u").contains(&hostile(2)));

    // oEmbed: JSON holding the text as typed, and an iframe whose
    // attributes cannot be broken out of.
    for (path, title) in [
        ("oembed/album/hostilealbum0001.json", hostile(1)),
        ("oembed/track/hostiletrack0001.json", hostile(2)),
    ] {
        let answer: serde_json::Value = serde_json::from_str(&f.page(path)).unwrap();
        assert_eq!(answer["title"], title, "{path}");
        assert_eq!(answer["author_name"], hostile(0), "{path}");
        let html = answer["html"].as_str().unwrap();
        assert!(html.starts_with("<iframe src=\""), "{html}");
        assert_eq!(html.matches('"').count(), 2 * 7, "{path}: {html}");
        assert_eq!(html.matches('<').count(), 2, "{path}: {html}");
        assert_eq!(html.matches('>').count(), 2, "{path}: {html}");
    }
}

/// Every text and attribute value of an XML document, which must parse.
fn xml_texts(xml: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    doc.descendants()
        .flat_map(|n| {
            n.text()
                .map(str::to_string)
                .into_iter()
                .chain(n.attributes().map(|a| a.value().to_string()))
        })
        .collect()
}

/// Every line of a playlist is its header, an `#EXTINF` or `#PLAYLIST`
/// line, or a URL of the site's media, in that rhythm.
fn assert_m3u_lines(m3u: &str, path: &str) {
    let lines: Vec<&str> = m3u.lines().collect();
    assert_eq!(lines[0], "#EXTM3U", "{path}");
    assert!(lines[1].starts_with("#PLAYLIST:"), "{path}");
    for pair in lines[2..].chunks(2) {
        assert!(pair[0].starts_with("#EXTINF:"), "{path}: {pair:?}");
        assert!(
            pair[1].starts_with(&format!("{}/media/", common::BASE_URL)),
            "{path}: {pair:?}"
        );
    }
}

/// Line breaks and control characters cannot add an entry to a playlist
/// or break a feed: XML keeps the line breaks as references and drops the
/// characters XML cannot hold.
#[tokio::test]
async fn line_breaks_and_control_characters_stay_inside_their_field() {
    let f = Fixture::empty();
    let artist = Artist {
        id: "controlartist001".into(),
        name: "Line\nbreak\u{1}\u{0}er".into(),
        owner: None,
        normalized_name: None,
        bio: Some("Bio\u{1b}[31m".into()),
        image_url: None,
        created_date: None,
        trogs: Default::default(),
        extra: Item::new(),
    };
    let title = "x\r\n#EXTINF:1,evil\nhttps://evil.example/a.mp3";
    let single = Track {
        id: "controlsingle001".into(),
        title: title.into(),
        audio_url: "art/x/a b\nhttps://evil.example/b.mp3".into(),
        artist_id: artist.id.clone(),
        artist_name: None,
        license: None,
        featured: None,
        feature_sort: None,
        kind: TrackKind::Single {
            position: 0,
            release_date: Some("2024-01-02".into()),
        },
        trogs: Default::default(),
        extra: [("AudioSize".to_string(), AttributeValue::n("1000"))]
            .into_iter()
            .collect(),
    };
    f.store
        .put_all(vec![artist.to_item(), single.to_item()])
        .await
        .unwrap();
    f.site.build_all().await.unwrap();
    let m3u = f.page("artist/controlartist001.m3u");
    assert_m3u_lines(&m3u, "artist m3u");
    assert_eq!(m3u.lines().count(), 4, "{m3u}");
    assert!(!m3u.lines().any(|l| l.starts_with("https://evil")), "{m3u}");
    for path in [
        "artist/controlartist001.rss",
        "artist/controlartist001.atom",
        "feed.atom",
    ] {
        let texts = xml_texts(&f.page(path));
        assert!(texts.iter().any(|t| t == title), "{path}: {texts:?}");
    }
    let rss = xml_texts(&f.page("artist/controlartist001.rss"));
    assert!(rss.iter().any(|t| t == "Line\nbreaker"), "{rss:?}");
    assert!(rss.iter().any(|t| t == "Bio[31m"), "{rss:?}");
}
