//! oEmbed answers and JSON-LD say what is true: a thumbnail's width and
//! height are those of the file it names (and it is left out while the
//! catalog does not record the image's size), and pages describe their
//! artist, album or recording with its image, an album with its
//! description and a single with its release date.

mod common;

use common::{BASE_URL, Fixture, artist_contents};
use trogs::store::{AttributeValue, Key, Update};

/// A page's JSON-LD, parsed.
fn json_ld(f: &Fixture, page: &str) -> serde_json::Value {
    let html = f.page(page);
    let start = html
        .find("application/ld+json\">")
        .unwrap_or_else(|| panic!("{page} has no JSON-LD"))
        + "application/ld+json\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

/// The file an absolute URL of the site names.
fn file_of(f: &Fixture, url: &str) -> std::path::PathBuf {
    let path = url
        .strip_prefix(BASE_URL)
        .unwrap_or_else(|| panic!("{url} is not an absolute URL of the site"));
    f.resolve(path)
        .unwrap_or_else(|why| panic!("{url} does not resolve: {why}"))
}

/// Every oEmbed answer of the site: (path, answer).
fn oembed_answers(f: &Fixture) -> Vec<(String, serde_json::Value)> {
    let mut answers = Vec::new();
    for kind in ["album", "track"] {
        for entry in std::fs::read_dir(f.out().join("oembed").join(kind)).unwrap() {
            let path = entry.unwrap().path();
            let answer = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            answers.push((path.display().to_string(), answer));
        }
    }
    answers.sort_by(|a, b| a.0.cmp(&b.0));
    answers
}

#[tokio::test]
async fn oembed_thumbnails_state_the_size_of_the_file_they_name() {
    let f = Fixture::demo().await;
    // One album's cover is small: its "300x300" square is 80×80.
    let contents = artist_contents(&f).await;
    let small = contents[0].albums[0].clone();
    let key = small.image_url.clone().unwrap();
    let img = image::RgbImage::from_pixel(120, 80, image::Rgb([10, 120, 200]));
    img.save(f.media().join(&key)).unwrap();

    // The original's data: no recorded sizes, so no thumbnail rather than
    // a wrong one.
    f.site.build_all().await.unwrap();
    let answers = oembed_answers(&f);
    assert!(answers.len() >= 4 + 20, "{}", answers.len());
    for (path, answer) in &answers {
        for field in ["thumbnail_url", "thumbnail_width", "thumbnail_height"] {
            assert!(answer.get(field).is_none(), "{path}: {answer}");
        }
    }

    // Once `trogs media process` has made the derivatives and recorded the
    // sizes, every thumbnail is stated as it is.
    let report = trogs::images::derive_catalog(&f.store, &(&f.media()).into(), 1, None)
        .await
        .unwrap();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    f.site.build_all().await.unwrap();
    let mut stated = Vec::new();
    for (path, answer) in oembed_answers(&f) {
        let url = answer["thumbnail_url"]
            .as_str()
            .unwrap_or_else(|| panic!("{path}: no thumbnail: {answer}"));
        let file = image::open(file_of(&f, url)).unwrap();
        let size = (
            answer["thumbnail_width"].as_u64().unwrap(),
            answer["thumbnail_height"].as_u64().unwrap(),
        );
        assert_eq!(
            size,
            (u64::from(file.width()), u64::from(file.height())),
            "{path}: {url}"
        );
        stated.push(size);
    }
    assert!(stated.contains(&(300, 300)), "{stated:?}");
    assert!(
        stated.contains(&(80, 80)),
        "the small cover's album and tracks: {stated:?}"
    );

    // An image whose derivatives an earlier Trogs recorded without its
    // size: no thumbnail until it is processed again.
    f.store
        .update(
            Key::new(&small.artist_id, &small.id),
            vec![
                Update::Remove("ImageWidth".into()),
                Update::Remove("ImageHeight".into()),
            ],
            None,
        )
        .await
        .unwrap();
    f.site.build_all().await.unwrap();
    let answer: serde_json::Value =
        serde_json::from_str(&f.page(&format!("oembed/album/{}.json", small.id))).unwrap();
    assert!(answer.get("thumbnail_url").is_none(), "{answer}");
}

#[tokio::test]
async fn json_ld_gives_images_album_descriptions_and_single_dates() {
    let f = Fixture::demo().await;
    let contents = artist_contents(&f).await;
    // Text that would end the script element if it were not escaped.
    let album = &contents[0].albums[0];
    let hostile = "Side A </script><script>alert(1)</script> & <!-- side B";
    f.store
        .update(
            Key::new(&album.artist_id, &album.id),
            vec![Update::Set(
                "Description".into(),
                AttributeValue::s(hostile),
            )],
            None,
        )
        .await
        .unwrap();
    f.site.build_all().await.unwrap();
    let media = |key: &str| format!("{BASE_URL}/media/{key}");

    for c in &contents {
        let a = &c.artist;
        let ld = json_ld(&f, &format!("artist/{}.html", a.id));
        assert_eq!(ld["@type"], "MusicGroup");
        assert_eq!(ld["image"], media(a.image_url.as_deref().unwrap()));
        file_of(&f, ld["image"].as_str().unwrap());

        for al in &c.albums {
            let ld = json_ld(&f, &format!("album/{}.html", al.id));
            assert_eq!(ld["@type"], "MusicAlbum");
            assert_eq!(ld["image"], media(al.image_url.as_deref().unwrap()));
            let description = if al.id == album.id {
                hostile.to_string()
            } else {
                al.description.clone().unwrap()
            };
            assert_eq!(ld["description"], description.as_str());
            let html = f.page(&format!("album/{}.html", al.id));
            assert!(
                !html.contains("alert(1)</script>"),
                "the description breaks out"
            );
            for t in common::album_tracks(&f, &al.id).await {
                let ld = json_ld(&f, &format!("track/{}.html", t.id));
                assert_eq!(ld["@type"], "MusicRecording");
                assert_eq!(ld["image"], ld_album_image(al));
                assert!(ld.get("datePublished").is_none(), "{ld}");
            }
        }
        for s in &c.singles {
            let ld = json_ld(&f, &format!("track/{}.html", s.id));
            assert_eq!(ld["@type"], "MusicRecording");
            let trogs::catalog::model::TrackKind::Single { release_date, .. } = &s.kind else {
                unreachable!()
            };
            assert_eq!(ld["datePublished"], release_date.as_deref().unwrap());
            // A single without its own image shows its artist's.
            assert_eq!(ld["image"], media(a.image_url.as_deref().unwrap()));
        }
    }

    // A single's release date that is no date is left out, not stated.
    let single = &contents[0].singles[0];
    f.store
        .update(
            Key::same(&single.id),
            vec![Update::Set(
                "ReleaseDate".into(),
                AttributeValue::s("someday"),
            )],
            None,
        )
        .await
        .unwrap();
    f.site.build_all().await.unwrap();
    let ld = json_ld(&f, &format!("track/{}.html", single.id));
    assert!(ld.get("datePublished").is_none(), "{ld}");
}

fn ld_album_image(al: &trogs::catalog::model::Album) -> String {
    format!("{BASE_URL}/media/{}", al.image_url.as_deref().unwrap())
}
