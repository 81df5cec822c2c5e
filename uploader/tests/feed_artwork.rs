//! Artwork after an upload, as feeds and oEmbed consumers see it: the
//! artist's podcast names the 1400×1400 square made beside the image (the
//! size Apple Podcasts asks for, even from a smaller upload), the item
//! records the image's size, and an album's oEmbed answer states its
//! thumbnail's true size.

mod harness;

use harness::{Body, album, artist};
use reqwest::Method;
use trogs::store::{AttributeValue, Key, Store};

const ARTIST: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";

async fn seed(store: &Store, port: u16) {
    let a = artist(ARTIST, "Ann Band", &harness::owner_for(port, "ann"));
    let b = album(ALBUM, &a, "First", 0);
    store.put(a.to_item(), None).await.unwrap();
    store.put(b.to_item(), None).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_uploaded_image_gets_its_feed_square_and_its_true_size() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let portrait = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/artists/{ARTIST}/image"),
            Body::Files(
                "file".into(),
                vec![("me.png".into(), harness::png(600, 400))],
            ),
        )
        .await;
    assert_eq!(portrait.status, 201, "{}", portrait.text);
    let cover = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/albums/{ALBUM}/image"),
            Body::Files(
                "file".into(),
                vec![("small cover.jpg".into(), harness::jpeg(200, 120))],
            ),
        )
        .await;
    assert_eq!(cover.status, 201, "{}", cover.text);

    // The podcast's image is the square, enlarged to what Apple takes.
    let rss = std::fs::read_to_string(up.out().join(format!("artist/{ARTIST}.rss"))).unwrap();
    let href = rss
        .split("<itunes:image href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no itunes:image: {rss}"));
    assert!(href.ends_with(".1400x1400.png"), "{href}");
    let key = href.split("/media/").nth(1).unwrap();
    let square = image::open(up.media().join(key)).unwrap();
    assert_eq!((square.width(), square.height()), (1400, 1400));
    assert_eq!(square.color(), image::ColorType::Rgb8);

    // The items record the images' sizes and every derivative.
    let store = Store::open(&up.store_spec()).await.unwrap();
    let recorded = |item: &trogs::store::Item| {
        let n = |name: &str| match item.get(name) {
            Some(AttributeValue::N(n)) => n.clone(),
            other => panic!("{name}: {other:?}"),
        };
        (
            trogs::store::get_s(item, "ImageSizes").unwrap().to_string(),
            n("ImageWidth"),
            n("ImageHeight"),
        )
    };
    let artist_item = store.get(Key::same(ARTIST)).await.unwrap().unwrap();
    assert_eq!(
        recorded(&artist_item),
        (
            "50x50,80x80,300x300,300,1400x1400".into(),
            "600".into(),
            "400".into()
        )
    );
    let album_item = store.get(Key::new(ARTIST, ALBUM)).await.unwrap().unwrap();
    assert_eq!(
        recorded(&album_item),
        (
            "50x50,80x80,300x300,300,1400x1400".into(),
            "200".into(),
            "120".into()
        )
    );

    // oEmbed states the thumbnail as it is: the "300×300" square of an
    // image 120 pixels high is 120×120.
    let answer: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(up.out().join(format!("oembed/album/{ALBUM}.json"))).unwrap(),
    )
    .unwrap();
    let thumb = answer["thumbnail_url"].as_str().unwrap();
    assert!(thumb.ends_with(".300x300.jpg"), "{thumb}");
    let file = image::open(up.media().join(thumb.split("/media/").nth(1).unwrap())).unwrap();
    assert_eq!((file.width(), file.height()), (120, 120));
    assert_eq!(
        (&answer["thumbnail_width"], &answer["thumbnail_height"]),
        (&serde_json::json!(120), &serde_json::json!(120))
    );
}
