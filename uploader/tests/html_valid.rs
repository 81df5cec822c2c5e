//! Every Create page is valid HTML by the Nu Html Checker, as the running
//! service sends it (dev mode, signed in): sign-in, terms, the artists list
//! (with a notice, and with a form's error), an artist with and without an
//! image, an album with tracks, and the error page. And an artist without
//! an image is shown with the placeholder, which the service serves.

mod harness;
#[path = "../../generator/tests/common/vnu.rs"]
mod vnu;

use harness::{Body, album, album_track, artist, single};
use reqwest::Method;
use trogs::store::Store;

const PLAIN: &str = "a000000000000001";
const PICTURED: &str = "a000000000000002";
const ALBUM: &str = "b000000000000001";

async fn seed(store: &Store, port: u16) {
    let owner = harness::owner_for(port, "ada");
    let plain = artist(PLAIN, "Plain Band", &owner);
    let mut pictured = artist(PICTURED, "Pictured Band", &owner);
    pictured.image_url = Some("art/pictured/face.jpg".into());
    let b = album(ALBUM, &plain, "First", 0);
    store.put(plain.to_item(), None).await.unwrap();
    store.put(pictured.to_item(), None).await.unwrap();
    store.put(b.to_item(), None).await.unwrap();
    for (i, id) in ["c000000000000001", "c000000000000002"].iter().enumerate() {
        let t = album_track(id, &b, &plain, &format!("Track {}", i + 1), i as u32 + 1);
        store.put(t.to_item(), None).await.unwrap();
    }
    let mut s = single("d000000000000001", &plain, "Alone", 0);
    s.featured = Some(true);
    store.put(s.to_item(), None).await.unwrap();
}

#[tokio::test]
async fn every_create_page_is_valid_html() {
    let up = harness::dev(seed).await;
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut save = |name: &str, answer: &harness::Answer, status: u16| {
        assert_eq!(answer.status, status, "{name}: {}", answer.text);
        let file = dir.path().join(format!("{name}.html"));
        std::fs::write(&file, &answer.text).unwrap();
        files.push(file);
    };

    // Signed out: the sign-in page; signed in, before agreeing: the terms.
    let mut newcomer = up.client();
    save("signin", &newcomer.get("/").await, 200);
    let login = newcomer
        .send(
            Method::POST,
            "/dev/login",
            Body::Form(vec![
                ("name".into(), "Newcomer".into()),
                ("next".into(), "/create".into()),
            ]),
        )
        .await;
    assert_eq!(login.status, 303, "dev sign-in: {}", login.text);
    save("terms", &newcomer.get("/terms").await, 200);

    let mut ada = up.client();
    ada.sign_in("Ada").await;
    let csrf = ada.csrf.clone().unwrap();
    save("artists", &ada.get("/create").await, 200);
    save(
        "artists-notice",
        &ada.get("/create?done=artist-deleted").await,
        200,
    );
    let refused = ada
        .send(
            Method::POST,
            "/create/artists",
            Body::Form(vec![
                ("csrf".into(), csrf.clone()),
                ("name".into(), "   ".into()),
                ("bio".into(), String::new()),
            ]),
        )
        .await;
    save("artists-error", &refused, 422);
    save(
        "artist",
        &ada.get(&format!(
            "/create/artists/{PLAIN}?done=artist-created&live=1"
        ))
        .await,
        200,
    );
    save(
        "artist-image",
        &ada.get(&format!("/create/artists/{PICTURED}")).await,
        200,
    );
    save(
        "album",
        &ada.get(&format!("/create/albums/{ALBUM}")).await,
        200,
    );
    save(
        "error-artist",
        &ada.get("/create/artists/zzzzzzzzzzzzzzzz").await,
        404,
    );
    save(
        "error-album",
        &ada.get("/create/albums/zzzzzzzzzzzzzzzz").await,
        404,
    );
    vnu::assert_valid(&files, 10);
}

#[tokio::test]
async fn an_artist_without_an_image_is_listed_with_the_placeholder() {
    let up = harness::dev(seed).await;
    let mut ada = up.client();
    ada.sign_in("Ada").await;
    let page = ada.get("/create").await;
    assert_eq!(page.status, 200, "{}", page.text);
    // Each card: its link, then its picture.
    let card = |id: &str| {
        let at = page
            .text
            .find(&format!("href=\"/create/artists/{id}\""))
            .unwrap_or_else(|| panic!("no card for {id}: {}", page.text));
        let img = page.text[at..].find("<img").unwrap() + at;
        let src = page.text[img..].split("src=\"").nth(1).unwrap();
        src[..src.find('"').unwrap()].to_string()
    };
    let placeholder = card(PLAIN);
    assert!(
        placeholder.starts_with("/assets/create/placeholder.") && placeholder.ends_with(".svg"),
        "an artist without an image shows the placeholder, not {placeholder:?}"
    );
    let served = ada.get(&placeholder).await;
    assert_eq!(served.status, 200, "{placeholder}: {}", served.text);
    assert_eq!(served.header("content-type"), Some("image/svg+xml"));
    assert!(served.text.contains("<svg"), "{}", served.text);
    let pictured = card(PICTURED);
    assert!(
        pictured.ends_with("art/pictured/face.jpg"),
        "an artist with an image shows it: {pictured}"
    );
}
