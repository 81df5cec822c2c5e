//! Publishing to S3 and the S3 media store, against moto (started by
//! `scripts/test`): pages at their bare keys, change detection through the
//! manifest alone, removals that spare what Trogs did not publish, a
//! publish killed halfway, a lost manifest, multipart media uploads.

mod common;

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use aws_sdk_s3 as sdk;
use sdk::config::interceptors::BeforeTransmitInterceptorContextRef;
use sdk::config::{ConfigBag, Intercept, RuntimeComponents, SharedInterceptor};

use common::{Fixture, moto};
use trogs::catalog::queries;
use trogs::media::{Media, S3Media};
use trogs::publish::{S3Target, Target};
use trogs::s3::{self, Location, Options};
use trogs::site::page::address;
use trogs::site::{PageRef, Report};
use trogs::store::{AttributeValue, Key, Update};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// One request as sent: method, key (without the bucket) and query.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Sent {
    method: String,
    key: String,
    query: String,
}

/// Which requests fail.
type Rule = Arc<dyn Fn(&Sent) -> bool + Send + Sync>;

/// Records every request (every attempt), and fails those `fail` matches
/// once `after` of them went through.
#[derive(Default, Clone)]
struct Wire {
    sent: Arc<Mutex<Vec<Sent>>>,
    fail: Option<Rule>,
    after: usize,
    matched: Arc<AtomicUsize>,
}

impl std::fmt::Debug for Wire {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Wire")
    }
}

impl Wire {
    fn failing(after: usize, fail: impl Fn(&Sent) -> bool + Send + Sync + 'static) -> Wire {
        Wire {
            fail: Some(Arc::new(fail)),
            after,
            ..Wire::default()
        }
    }

    fn sent(&self) -> Vec<Sent> {
        self.sent.lock().unwrap().clone()
    }

    fn options(&self, public_read: bool) -> Options {
        Options {
            public_read,
            interceptors: vec![SharedInterceptor::new(self.clone())],
        }
    }
}

impl Intercept for Wire {
    fn name(&self) -> &'static str {
        "record and fail requests"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        let uri = request.uri();
        let after_host = uri.split_once("://").map_or(uri, |(_, r)| r);
        let path = after_host.find('/').map_or("/", |i| &after_host[i..]);
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        // Path-style: /BUCKET/KEY.
        let key = path.trim_start_matches('/');
        let key = key.split_once('/').map_or("", |(_, k)| k).to_string();
        let sent = Sent {
            method: request.method().to_string(),
            key,
            query: query.to_string(),
        };
        self.sent.lock().unwrap().push(sent.clone());
        if let Some(fail) = &self.fail
            && fail(&sent)
            && self.matched.fetch_add(1, Ordering::SeqCst) >= self.after
        {
            return Err(format!("injected failure of {} {}", sent.method, sent.key).into());
        }
        Ok(())
    }
}

struct Bucket {
    client: sdk::Client,
    name: String,
}

impl Bucket {
    async fn new(prefix: &str) -> Bucket {
        moto::endpoint();
        let client = s3::Client::connect(&Options::default()).await.sdk;
        let name = moto::bucket(&client, prefix).await;
        Bucket { client, name }
    }

    fn location(&self, prefix: &str) -> Location {
        Location::parse(&format!("s3://{}/{prefix}", self.name))
            .unwrap()
            .unwrap()
    }

    async fn target(&self, prefix: &str, wire: &Wire, public_read: bool) -> Target {
        Target::S3(S3Target::connect(self.location(prefix), &wire.options(public_read)).await)
    }

    async fn keys(&self) -> BTreeSet<String> {
        let mut keys = BTreeSet::new();
        let mut pages = self
            .client
            .list_objects_v2()
            .bucket(&self.name)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            for o in page.unwrap().contents() {
                keys.insert(o.key().unwrap().to_string());
            }
        }
        keys
    }

    async fn get(&self, key: &str) -> Option<Vec<u8>> {
        match self
            .client
            .get_object()
            .bucket(&self.name)
            .key(key)
            .send()
            .await
        {
            Ok(o) => Some(o.body.collect().await.unwrap().into_bytes().to_vec()),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => None,
            Err(e) => panic!("GET {key}: {e:?}"),
        }
    }

    async fn put(&self, key: &str, body: &str) {
        self.client
            .put_object()
            .bucket(&self.name)
            .key(key)
            .body(body.as_bytes().to_vec().into())
            .send()
            .await
            .unwrap();
    }
}

/// Builds the fixture's site into `target`.
async fn publish(f: &mut Fixture, target: Target) -> Result<Report, trogs::site::BuildError> {
    f.site.target = target;
    f.site.build_all().await
}

/// The same site built in memory: path → bytes.
async fn reference(f: &Fixture) -> Vec<(String, Vec<u8>)> {
    let mut site = f.site.clone();
    let memory = trogs::publish::MemoryTarget::default();
    site.target = Target::Memory(memory.clone());
    site.build_all().await.unwrap();
    memory
        .paths()
        .into_iter()
        .map(|p| {
            let bytes = memory.read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Every page and asset of the reference build is in the bucket, byte for
/// byte, at its key.
async fn assert_matches_reference(f: &Fixture, bucket: &Bucket, prefix: &str) {
    for (path, bytes) in reference(f).await {
        let key = format!("{prefix}{}", address(&path).key);
        let got = bucket.get(&key).await;
        assert!(got.as_deref() == Some(&bytes[..]), "{key} is not as built");
    }
}

fn puts_outside_state(sent: &[Sent]) -> Vec<String> {
    sent.iter()
        .filter(|s| s.method == "PUT" && !s.key.contains(".trogs/"))
        .map(|s| s.key.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_is_served_at_its_bare_key_with_its_content_type() {
    let bucket = Bucket::new("pages").await;
    let mut f = Fixture::demo().await;
    let target = bucket.target("", &Wire::default(), true).await;
    let report = publish(&mut f, target).await.unwrap();
    assert!(report.rendered.len() > 20, "{report}");
    assert_eq!(report.written, report.rendered.len());
    let built = reference(&f).await;
    for (path, bytes) in &built {
        let key = address(path).key;
        if matches!(
            PageRef::from_path(path),
            Some(PageRef::Artist(_) | PageRef::Album(_) | PageRef::Track(_))
        ) {
            assert!(!key.ends_with(".html"), "{key}");
        }
        let r = moto::http_get(&format!("/{}/{key}", bucket.name));
        assert_eq!(r.status, 200, "GET /{key}");
        assert_eq!(r.body, *bytes, "{key}");
        assert_eq!(
            r.header("content-type"),
            Some(trogs::publish::content_type(path)),
            "{key}"
        );
        let cache = r.header("cache-control").unwrap_or_default().to_string();
        if path.starts_with("assets/") {
            assert_eq!(cache, "public, max-age=31536000, immutable", "{key}");
        } else {
            assert_eq!(cache, "public, max-age=60", "{key}");
        }
    }
    let album = built.iter().find(|(p, _)| p.starts_with("album/")).unwrap();
    let r = moto::http_get(&format!("/{}/{}", bucket.name, address(&album.0).key));
    assert_eq!(
        r.header("content-type"),
        Some("text/html; charset=utf-8"),
        "an album page at its bare key"
    );
    // The manifest is under the prefix, and not public.
    let r = moto::http_get(&format!("/{}/.trogs/manifest.json", bucket.name));
    assert_ne!(r.status, 200, "the manifest is not public");
    assert!(
        bucket.get(".trogs/manifest.json").await.is_some(),
        "the manifest is in the bucket"
    );

    // Without --acl, objects are not public.
    let private = Bucket::new("private").await;
    publish(
        &mut f,
        private.target("site/", &Wire::default(), false).await,
    )
    .await
    .unwrap();
    assert!(private.get("site/index.html").await.is_some());
    let r = moto::http_get(&format!("/{}/site/index.html", private.name));
    assert_ne!(r.status, 200, "no ACL is set by default");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_republish_writes_nothing_and_reads_only_the_manifest() {
    let bucket = Bucket::new("unchanged").await;
    let mut f = Fixture::demo().await;
    publish(&mut f, bucket.target("www/", &Wire::default(), false).await)
        .await
        .unwrap();
    // A fresh runner: a new target, nothing cached.
    for _ in 0..2 {
        let wire = Wire::default();
        let target = bucket.target("www/", &wire, false).await;
        let report = publish(&mut f, target.clone()).await.unwrap();
        assert_eq!(
            report.written + report.assets_written + report.feeds_written,
            0,
            "{report}"
        );
        assert!(report.removed.is_empty());
        let sent = wire.sent();
        assert!(sent.len() <= 2, "{sent:?}");
        assert!(
            sent.iter()
                .all(|s| s.method == "GET" && s.key.starts_with("www/.trogs/manifest.")),
            "{sent:?}"
        );
        let Target::S3(s) = &target else {
            unreachable!()
        };
        assert_eq!(s.requests().put, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_album_rewrites_only_its_pages() {
    let bucket = Bucket::new("album").await;
    let mut f = Fixture::demo().await;
    let first = publish(&mut f, bucket.target("", &Wire::default(), false).await)
        .await
        .unwrap();
    let album_id = first
        .rendered
        .iter()
        .find_map(|p| match PageRef::from_path(p) {
            Some(PageRef::Album(id)) => Some(id),
            _ => None,
        })
        .unwrap();
    let content = queries::album_content(&f.store, &album_id)
        .await
        .unwrap()
        .value
        .unwrap();
    f.store
        .update(
            Key::new(&content.album.artist_id, &album_id),
            vec![Update::Set(
                "AlbumTitle".into(),
                AttributeValue::s("A New Title"),
            )],
            None,
        )
        .await
        .unwrap();
    let mut allowed: BTreeSet<String> = content
        .tracks
        .iter()
        .map(|t| format!("track/{}", t.id))
        .collect();
    allowed.insert(format!("album/{album_id}"));
    allowed.insert(format!("artist/{}", content.album.artist_id));
    // And the files beside those pages (playlists, feeds, embeds, oEmbed
    // answers), and the site's feed of new releases, which names the album.
    let beside: Vec<String> = allowed
        .iter()
        .filter_map(|key| PageRef::from_path(&format!("{key}.html")))
        .flat_map(|p| p.companions())
        .collect();
    allowed.extend(beside);
    allowed.insert("feed.atom".to_string());

    let wire = Wire::default();
    let report = publish(&mut f, bucket.target("", &wire, false).await)
        .await
        .unwrap();
    let written: BTreeSet<String> = puts_outside_state(&wire.sent()).into_iter().collect();
    assert!(
        written.contains(&format!("album/{album_id}")),
        "{written:?}"
    );
    assert!(written.is_subset(&allowed), "{written:?} ⊄ {allowed:?}");
    assert!(written.contains(&format!("oembed/album/{album_id}.json")));
    assert_eq!(report.written + report.feeds_written, written.len());
    let page = bucket.get(&format!("album/{album_id}")).await.unwrap();
    assert!(String::from_utf8_lossy(&page).contains("A New Title"));
    // No per-object reads: GETs only of the manifest.
    assert!(
        wire.sent()
            .iter()
            .all(|s| s.method != "HEAD" && (s.method != "GET" || s.key.contains(".trogs/"))),
        "{:?}",
        wire.sent()
    );
    assert_matches_reference(&f, &bucket, "").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_track_is_deleted_and_foreign_objects_survive() {
    let bucket = Bucket::new("removed").await;
    let mut f = Fixture::demo().await;
    bucket.put("notes/readme.txt", "not Trogs's").await;
    bucket.put("track/mine", "someone's own page").await;
    let first = publish(&mut f, bucket.target("", &Wire::default(), false).await)
        .await
        .unwrap();
    let track = first
        .rendered
        .iter()
        .find_map(|p| match PageRef::from_path(p) {
            Some(PageRef::Track(id)) => Some(id),
            _ => None,
        })
        .unwrap();
    assert!(bucket.get(&format!("track/{track}")).await.is_some());
    f.store.delete(Key::same(&track), None).await.unwrap();
    let wire = Wire::default();
    let report = publish(&mut f, bucket.target("", &wire, false).await)
        .await
        .unwrap();
    // With its embeds and oEmbed answer.
    assert_eq!(
        report.removed,
        [
            format!("embed/compact/track/{track}.html"),
            format!("embed/track/{track}.html"),
            format!("oembed/track/{track}.json"),
            format!("track/{track}.html"),
        ]
    );
    assert_eq!(bucket.get(&format!("track/{track}")).await, None);
    assert_eq!(bucket.get(&format!("embed/track/{track}.html")).await, None);
    assert_eq!(
        bucket.get("notes/readme.txt").await.as_deref(),
        Some(&b"not Trogs's"[..])
    );
    assert_eq!(
        bucket.get("track/mine").await.as_deref(),
        Some(&b"someone's own page"[..])
    );
    let deletes: Vec<Sent> = wire
        .sent()
        .into_iter()
        .filter(|s| s.method == "DELETE")
        .collect();
    assert_eq!(deletes.len(), report.removed.len(), "{deletes:?}");

    // An object Trogs did not write at one of its page keys is refused,
    // unless the user adopts the bucket.
    let other = Bucket::new("foreign").await;
    other.put("index.html", "my own home page").await;
    let err = publish(&mut f, other.target("", &Wire::default(), false).await)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("did not publish"), "{err}");
    assert_eq!(
        other.get("index.html").await.as_deref(),
        Some(&b"my own home page"[..])
    );
    f.site.options.adopt = true;
    publish(&mut f, other.target("", &Wire::default(), false).await)
        .await
        .unwrap();
    f.site.options.adopt = false;
    assert_matches_reference(&f, &other, "").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publish_killed_halfway_and_run_again_converges() {
    let bucket = Bucket::new("killed").await;
    let mut f = Fixture::demo().await;
    let page_put = |s: &Sent| s.method == "PUT" && !s.key.contains(".trogs/");

    // Killed during the very first publish: no manifest yet. After 30
    // puts, at least half of them are pages whatever the order (the theme
    // has about a dozen assets).
    let wire = Wire::failing(30, page_put);
    let err = publish(&mut f, bucket.target("p/", &wire, false).await).await;
    assert!(err.is_err());
    assert!(bucket.get("p/.trogs/manifest.json").await.is_none());
    let half = bucket.keys().await.len();
    assert!(half >= 10, "{half} objects");

    // Meanwhile the catalog changed: pages the killed publish wrote differ
    // from the ones to write now (so they are recognised as Trogs's by
    // their metadata, not by their bytes).
    let catalog = f.store.clone();
    // Every album is renamed, so most pages (albums, their tracks, the
    // artists) change.
    let rename = |title: &'static str| {
        let store = catalog.clone();
        async move {
            for artist in queries::artists(&store).await.unwrap().value {
                let content = queries::artist_content(&store, &artist.id)
                    .await
                    .unwrap()
                    .value
                    .unwrap();
                for album in &content.albums {
                    store
                        .update(
                            Key::new(&album.artist_id, &album.id),
                            vec![Update::Set("AlbumTitle".into(), AttributeValue::s(title))],
                            None,
                        )
                        .await
                        .unwrap();
                }
            }
        }
    };
    rename("Renamed Meanwhile").await;
    let wire = Wire::default();
    let report = publish(&mut f, bucket.target("p/", &wire, false).await)
        .await
        .unwrap();
    assert!(report.written > 0);
    assert!(
        wire.sent().iter().any(|s| s.method == "HEAD"),
        "a page the killed publish wrote was recognised by its metadata"
    );
    assert_matches_reference(&f, &bucket, "p/").await;

    // Killed after a change, with a manifest.
    let rendered = report.rendered.len();
    rename("Renamed Again").await;
    let wire = Wire::failing(2, page_put);
    assert!(
        publish(&mut f, bucket.target("p/", &wire, false).await)
            .await
            .is_err()
    );
    let report = publish(&mut f, bucket.target("p/", &Wire::default(), false).await)
        .await
        .unwrap();
    assert_eq!(report.rendered.len(), rendered);
    assert_matches_reference(&f, &bucket, "p/").await;
    let wire = Wire::default();
    let again = publish(&mut f, bucket.target("p/", &wire, false).await)
        .await
        .unwrap();
    assert_eq!(
        again.written + again.assets_written + again.feeds_written,
        0,
        "{again}"
    );
    assert!(puts_outside_state(&wire.sent()).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_manifest_is_rebuilt_from_a_listing_and_nothing_is_deleted() {
    let bucket = Bucket::new("lost").await;
    let mut f = Fixture::demo().await;
    let first = publish(&mut f, bucket.target("", &Wire::default(), false).await)
        .await
        .unwrap();
    for state in [".trogs/manifest.json", ".trogs/manifest.delta"] {
        bucket
            .client
            .delete_object()
            .bucket(&bucket.name)
            .key(state)
            .send()
            .await
            .unwrap();
    }
    // A track goes while the manifest is lost: without a manifest its page
    // cannot be told from anyone else's object, so it stays.
    let track = first
        .rendered
        .iter()
        .find_map(|p| match PageRef::from_path(p) {
            Some(PageRef::Track(id)) => Some(id),
            _ => None,
        })
        .unwrap();
    f.store.delete(Key::same(&track), None).await.unwrap();

    let wire = Wire::default();
    let report = publish(&mut f, bucket.target("", &wire, false).await)
        .await
        .unwrap();
    let sent = wire.sent();
    assert!(report.removed.is_empty(), "{report}");
    assert!(
        !sent
            .iter()
            .any(|s| s.method == "DELETE" && !s.key.starts_with(".trogs/")),
        "{sent:?}"
    );
    assert!(bucket.get(&format!("track/{track}")).await.is_some());
    // Pages whose ETag is the MD5 of their bytes were not written again;
    // only those the deleted track touched were.
    // (A page that changed is refused by `If-None-Match`, recognised by
    // its metadata with a HEAD, then written.)
    let written: BTreeSet<String> = puts_outside_state(&sent).into_iter().collect();
    // Its album page with the playlist and the two embeds that list it,
    // the artist page with its playlist and podcast if it was featured,
    // and the sitemap.
    assert!(written.len() < 9, "{written:?}");
    // The pages, and the sitemap, which lists the track no more.
    assert_eq!(
        report.written + report.assets_written + report.feeds_written,
        written.len(),
        "{report} {sent:?}"
    );
    assert!(
        sent.iter()
            .any(|s| s.method == "GET" && s.query.contains("list-type=2"))
    );
    assert!(bucket.get(".trogs/manifest.json").await.is_some());
    assert_matches_reference(&f, &bucket, "").await;

    // The manifest is whole again: the next publish reads only it.
    let wire = Wire::default();
    let again = publish(&mut f, bucket.target("", &wire, false).await)
        .await
        .unwrap();
    assert_eq!(
        again.written + again.assets_written + again.feeds_written,
        0
    );
    assert!(wire.sent().len() <= 2, "{:?}", wire.sent());
}

async fn media(bucket: &Bucket, wire: &Wire) -> Media {
    let Media::S3(s) = Media::open(
        &trogs::media::MediaSpec::S3(bucket.location("media/")),
        &wire.options(false),
    )
    .await
    else {
        unreachable!()
    };
    Media::S3(S3Media {
        part_size: 5 * 1024 * 1024,
        ..s
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn media_multipart_uploads_round_trip_and_failures_are_aborted() {
    let bucket = Bucket::new("media").await;
    let wire = Wire::default();
    let store = media(&bucket, &wire).await;
    let big: Vec<u8> = (0..11 * 1024 * 1024 + 123)
        .map(|i| (i % 251) as u8)
        .collect();
    let n = store.put("audio/long.wav", &big[..]).await.unwrap();
    assert_eq!(n, big.len() as u64);
    assert_eq!(
        store.get("audio/long.wav").await.unwrap(),
        Some(big.clone())
    );
    let parts = wire
        .sent()
        .iter()
        .filter(|s| s.method == "PUT" && s.query.contains("partNumber="))
        .count();
    assert_eq!(parts, 3);
    let head = bucket
        .client
        .head_object()
        .bucket(&bucket.name)
        .key("media/audio/long.wav")
        .send()
        .await
        .unwrap();
    assert!(
        head.e_tag().unwrap().ends_with("-3\""),
        "{:?}",
        head.e_tag()
    );

    // A small one is one PUT.
    store.put_bytes("art/cover.jpg", b"jpeg").await.unwrap();
    assert_eq!(
        bucket.get("media/art/cover.jpg").await.as_deref(),
        Some(&b"jpeg"[..])
    );
    store.delete("art/cover.jpg").await.unwrap();
    assert_eq!(bucket.get("media/art/cover.jpg").await, None);

    // The second part fails: the upload is aborted, nothing is left.
    let wire = Wire::failing(0, |s: &Sent| s.query.contains("partNumber=2"));
    let failing = media(&bucket, &wire).await;
    let err = failing.put("audio/broken.wav", &big[..]).await.unwrap_err();
    assert!(err.to_string().contains("UploadPart 2"), "{err}");
    let uploads = bucket
        .client
        .list_multipart_uploads()
        .bucket(&bucket.name)
        .send()
        .await
        .unwrap();
    assert!(uploads.uploads().is_empty(), "{:?}", uploads.uploads());
    assert!(
        wire.sent()
            .iter()
            .any(|s| s.method == "DELETE" && s.query.contains("uploadId=")),
        "an AbortMultipartUpload was sent"
    );
    assert_eq!(bucket.get("media/audio/broken.wav").await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_writes_its_media_through_the_store() {
    let bucket = Bucket::new("demo").await;
    let f = Fixture::empty();
    let store = media(&bucket, &Wire::default()).await;
    let seeded = trogs::demo::seed(&f.store, &store).await.unwrap();
    let keys = bucket.keys().await;
    assert_eq!(keys.len(), seeded.media_files, "{keys:?}");
    assert!(keys.iter().all(|k| k.starts_with("media/art/")), "{keys:?}");
}

/// The original's table names each track's audio by its full S3 URL. With
/// that bucket as the media store, the media pipeline reads the originals
/// from it and stores the renditions in it, under Trogs' own `_trogs/`
/// prefix; `AudioURL` keeps naming the original.
#[cfg(feature = "renditions")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_originals_full_audio_urls_get_renditions_in_their_bucket() {
    use trogs::store::get_s;
    let bucket = Bucket::new("orig").await;
    let f = Fixture::empty();
    let store = media(&bucket, &Wire::default()).await;
    trogs::demo::seed(&f.store, &store).await.unwrap();
    let mut originals = Vec::new();
    for item in f.store.scan_all().await.unwrap() {
        let Some(audio) = get_s(&item, "AudioURL").map(str::to_string) else {
            continue;
        };
        let url = format!(
            "https://s3-eu-west-1.amazonaws.com/{}/media/{audio}",
            bucket.name
        );
        f.store
            .update(
                Key::of(&item).unwrap(),
                vec![Update::Set("AudioURL".into(), AttributeValue::s(&url))],
                None,
            )
            .await
            .unwrap();
        originals.push((Key::of(&item).unwrap(), audio, url));
    }
    assert!(originals.len() >= 20);

    let report = trogs::pipeline::process_catalog(&f.store, &store, 2, Default::default())
        .await
        .unwrap();
    assert_eq!(report.audio.processed, originals.len(), "{report}");
    assert_eq!(report.audio.elsewhere, 0, "{report}");
    let keys = bucket.keys().await;
    for (key, audio, url) in &originals {
        let stem = audio.rsplit_once('.').unwrap().0;
        for suffix in [".opus", ".48.opus", ".mp3", ".peaks.json"] {
            let made = format!("media/_trogs/{stem}{suffix}");
            assert!(keys.contains(&made), "no {made}");
        }
        let item = f.store.get(key.clone()).await.unwrap().unwrap();
        assert_eq!(get_s(&item, "AudioURL"), Some(url.as_str()));
        assert_eq!(get_s(&item, "SourceKey"), Some(audio.as_str()));
    }
    let again = trogs::pipeline::process_catalog(&f.store, &store, 2, Default::default())
        .await
        .unwrap();
    assert_eq!(again.audio.processed, 0, "{again}");
    assert_eq!(again.audio.skipped, originals.len(), "{again}");
}
