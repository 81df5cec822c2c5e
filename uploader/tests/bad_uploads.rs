//! The bad-upload corpus, through the real service: every file or field
//! that must be refused gets the right 4xx and a message that says what to
//! do, and leaves no media object and no catalog item behind. Files are
//! judged by their bytes, never by their names.

mod fixtures;
mod harness;

use harness::{Body, Client, album, album_track, artist};
use reqwest::Method;
use serde_json::json;
use trogs::store::Store;

const ARTIST: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";
const TRACK: &str = "c000000000000001";
const BOBS_ALBUM: &str = "b000000000000009";

async fn seed(store: &Store, port: u16) {
    let a = artist(ARTIST, "Ann Band", &harness::owner_for(port, "ann"));
    let b = album(ALBUM, &a, "First", 0);
    let t = album_track(TRACK, &b, &a, "One", 0);
    let bob = artist(
        "a000000000000009",
        "Bob Band",
        &harness::owner_for(port, "bob"),
    );
    let bobs = album(BOBS_ALBUM, &bob, "Bob's", 0);
    for item in [
        a.to_item(),
        b.to_item(),
        t.to_item(),
        bob.to_item(),
        bobs.to_item(),
    ] {
        store.put(item, None).await.unwrap();
    }
}

fn media_files(up: &harness::Uploader) -> Vec<String> {
    let dir = up.media();
    if !dir.exists() {
        return Vec::new();
    }
    let mut files: Vec<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&dir).unwrap().display().to_string())
        .collect();
    files.sort();
    files
}

async fn catalog(client: &mut Client) -> String {
    let a = client.get(&format!("/api/v1/me/artists/{ARTIST}")).await;
    let b = client.get(&format!("/api/v1/me/albums/{ALBUM}")).await;
    format!("{}\n{}", a.text, b.text)
}

/// One file sent where it must be refused.
struct Bad {
    what: &'static str,
    path: String,
    field_name: &'static str,
    file_name: &'static str,
    bytes: Vec<u8>,
    status: u16,
    /// Words the message must hold.
    says: &'static str,
}

fn tracks() -> String {
    format!("/api/v1/me/albums/{ALBUM}/tracks")
}

fn cover() -> String {
    format!("/api/v1/me/albums/{ALBUM}/image")
}

fn corpus() -> Vec<Bad> {
    let b = |what, path: String, file_name, bytes, status, says| Bad {
        what,
        path,
        field_name: "file",
        file_name,
        bytes,
        status,
        says,
    };
    vec![
        b(
            "a text file renamed .mp3",
            tracks(),
            "song.mp3",
            fixtures::text(),
            415,
            "upload MP3",
        ),
        b(
            "a truncated FLAC",
            tracks(),
            "cut.flac",
            fixtures::truncated(&fixtures::flac(2.0), 0.5),
            422,
            "",
        ),
        b(
            "zero bytes",
            tracks(),
            "empty.wav",
            Vec::new(),
            422,
            "empty",
        ),
        b(
            "a WAV cut short",
            tracks(),
            "short.wav",
            fixtures::wav_cut_short(2.0),
            422,
            "",
        ),
        b(
            "a WAV with no audio",
            tracks(),
            "none.wav",
            fixtures::wav_no_audio(),
            422,
            "",
        ),
        b(
            "an ADPCM WAV",
            tracks(),
            "adpcm.wav",
            fixtures::wav_adpcm(1.0),
            415,
            "",
        ),
        b(
            "ALAC in M4A",
            tracks(),
            "alac.m4a",
            fixtures::m4a_alac(1.0),
            415,
            "",
        ),
        b(
            "an HTML page",
            tracks(),
            "page.mp3",
            fixtures::html(),
            415,
            "",
        ),
        b(
            "random bytes",
            tracks(),
            "noise.ogg",
            fixtures::random_bytes(50_000, 7),
            415,
            "",
        ),
        b("Matroska", tracks(), "video.mkv", fixtures::mkv(), 415, ""),
        b(
            "an image as a track",
            tracks(),
            "cover.mp3",
            fixtures::jpeg(64, 64),
            415,
            "",
        ),
        b(
            "/etc/passwd by name and content",
            tracks(),
            "../../etc/passwd",
            b"root:x:0:0:root:/root:/bin/bash\n".to_vec(),
            415,
            "",
        ),
        b(
            "a truncated MP3",
            tracks(),
            "cut.mp3",
            fixtures::truncated(&fixtures::mp3(3.0), 0.4),
            422,
            "",
        ),
        b(
            "a truncated Ogg Vorbis",
            tracks(),
            "cut.ogg",
            fixtures::truncated(&fixtures::vorbis(3.0), 0.5),
            422,
            "",
        ),
        b(
            "a decompression bomb",
            cover(),
            "bomb.png",
            fixtures::png_bomb(),
            415,
            "resize",
        ),
        b(
            "a truncated JPEG",
            cover(),
            "cut.jpg",
            fixtures::truncated(&fixtures::jpeg(400, 400), 0.5),
            422,
            "",
        ),
        b("a GIF", cover(), "anim.gif", fixtures::gif(), 415, ""),
        b("a WebP", cover(), "pic.webp", fixtures::webp(), 415, ""),
        b("an SVG", cover(), "logo.svg", fixtures::svg(), 415, ""),
        b(
            "audio as a cover",
            cover(),
            "cover.jpg",
            fixtures::wav(0.5),
            415,
            "",
        ),
        b(
            "a track for another user's album",
            format!("/api/v1/me/albums/{BOBS_ALBUM}/tracks"),
            "x.wav",
            fixtures::wav(0.2),
            404,
            "not found",
        ),
        b(
            "a track for an album that does not exist",
            "/api/v1/me/albums/zzzzzzzzzzzzzzzz/tracks".into(),
            "x.wav",
            fixtures::wav(0.2),
            404,
            "not found",
        ),
        b(
            "over the audio limit",
            tracks(),
            "long.wav",
            fixtures::wav(8.0),
            413,
            "limit",
        ),
        b(
            "over the image limit",
            cover(),
            "huge.png",
            fixtures::random_png(),
            413,
            "limit",
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_bad_upload_gets_its_4xx_and_leaves_nothing() {
    // Limits low enough to pass with small files.
    let up = harness::dev_with(
        seed,
        &[
            "--max-audio-bytes",
            "1000000",
            "--max-image-bytes",
            "300000",
        ],
        &[],
    )
    .await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let before_files = media_files(&up);
    let before = catalog(&mut ann).await;
    let cases = corpus();
    assert!(cases.len() >= 20, "at least 20 cases");
    for case in cases {
        let a = ann
            .send(
                Method::POST,
                &case.path,
                Body::Files(
                    case.field_name.into(),
                    vec![(case.file_name.into(), case.bytes.clone())],
                ),
            )
            .await;
        assert_eq!(a.status, case.status, "{}: {}", case.what, a.text);
        let detail = a.detail();
        assert!(!detail.is_empty(), "{}: no message: {}", case.what, a.text);
        assert!(
            detail.to_lowercase().contains(&case.says.to_lowercase()),
            "{}: the message {detail:?} should say {:?}",
            case.what,
            case.says
        );
        assert!(
            !detail.contains("root:x:0"),
            "{}: the message echoes the upload",
            case.what
        );
        assert_eq!(
            media_files(&up),
            before_files,
            "{}: a media object was left",
            case.what
        );
        assert_eq!(
            catalog(&mut ann).await,
            before,
            "{}: the catalog changed",
            case.what
        );
    }
    // No spool file is left in the service's folder either.
    assert!(
        !up.dir.path().join("etc").exists(),
        "a file name became a path"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_names_are_titles_at_most_never_paths() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    for (name, title) in [
        ("../../etc/passwd.wav", "passwd"),
        ("Ünïcödé — song 🎵.wav", "Ünïcödé — song 🎵"),
        ("..\\..\\windows\\evil.wav", "evil"),
    ] {
        let a = ann
            .send(
                Method::POST,
                &tracks(),
                Body::Files("file".into(), vec![(name.into(), fixtures::wav(0.2))]),
            )
            .await;
        assert_eq!(a.status, 201, "{name}: {}", a.text);
        assert_eq!(a.json()["data"][0]["attributes"]["title"], title, "{name}");
    }
    for f in media_files(&up) {
        // Originals under art/, what the media pipeline makes of them
        // under _trogs/art/.
        assert!(
            f.strip_prefix("_trogs/").unwrap_or(&f).starts_with("art/"),
            "{f} is outside art/"
        );
        assert!(
            f.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/.-_".contains(c)),
            "{f}: keys are slugs"
        );
    }
    assert!(!up.dir.path().join("etc").exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_fields_get_their_4xx_and_html_is_escaped_where_it_lands() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let album_path = format!("/api/v1/me/albums/{ALBUM}");
    let track_path = format!("/api/v1/me/tracks/{TRACK}");
    let before = catalog(&mut ann).await;
    for (what, method, path, body, status) in [
        (
            "an empty title",
            Method::PATCH,
            album_path.clone(),
            json!({"title": "  "}),
            422,
        ),
        (
            "a title too long",
            Method::PATCH,
            album_path.clone(),
            json!({"title": "x".repeat(500)}),
            422,
        ),
        (
            "a bad license",
            Method::PATCH,
            album_path.clone(),
            json!({"license": "gpl"}),
            422,
        ),
        (
            "a bad date",
            Method::PATCH,
            album_path.clone(),
            json!({"release_date": "2026-02-31"}),
            422,
        ),
        (
            "a number for a title",
            Method::PATCH,
            track_path.clone(),
            json!({"title": 5}),
            422,
        ),
        (
            "an old version",
            Method::PATCH,
            album_path.clone(),
            json!({"title": "Late", "version": 0}),
            409,
        ),
        (
            "a name with no letters",
            Method::POST,
            "/api/v1/me/artists".into(),
            json!({"name": "!!!"}),
            422,
        ),
        (
            "a taken name",
            Method::POST,
            "/api/v1/me/artists".into(),
            json!({"name": "ann-band"}),
            409,
        ),
        (
            "a move nowhere",
            Method::POST,
            format!("{track_path}/move"),
            json!({"direction": "sideways"}),
            422,
        ),
    ] {
        let a = ann.json(method, &path, body).await;
        assert_eq!(a.status, status, "{what}: {}", a.text);
        assert!(!a.detail().is_empty(), "{what}");
    }
    let a = ann
        .send(
            Method::PATCH,
            &album_path,
            Body::Raw("application/json".into(), b"{not json".to_vec()),
        )
        .await;
    assert_eq!(a.status, 400, "{}", a.text);
    let a = ann
        .send(
            Method::PATCH,
            &album_path,
            Body::Raw("text/plain".into(), b"title=x".to_vec()),
        )
        .await;
    assert_eq!(a.status, 415, "{}", a.text);
    let a = ann
        .send(
            Method::POST,
            &tracks(),
            Body::Raw(
                "multipart/form-data; boundary=x".into(),
                b"--x--\r\n".to_vec(),
            ),
        )
        .await;
    assert_eq!(a.status, 400, "no file: {}", a.text);
    assert_eq!(catalog(&mut ann).await, before, "nothing changed");

    // HTML in titles is stored as text and escaped on every page.
    let hostile = "<script>alert(1)</script> & \"quotes\"";
    let a = ann
        .json(Method::PATCH, &track_path, json!({"title": hostile}))
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    let a = ann
        .json(Method::PATCH, &album_path, json!({"title": hostile}))
        .await;
    assert_eq!(a.status, 200, "{}", a.text);
    for page in [format!("track/{TRACK}.html"), format!("album/{ALBUM}.html")] {
        let html = std::fs::read_to_string(up.out().join(&page)).unwrap();
        assert!(
            !html.contains("<script>alert(1)"),
            "{page} has the raw script"
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}"
        );
    }
    let create = ann.get(&format!("/create/albums/{ALBUM}")).await;
    assert!(
        !create.text.contains("<script>alert(1)"),
        "the Create page has the raw script"
    );
}
