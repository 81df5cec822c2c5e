//! CloudFront invalidations after a publish to S3, against moto's server
//! (which models CloudFront beside S3): the real `trogs build` publishes a
//! catalog to a bucket behind a distribution, and the distribution's
//! invalidations are listed back. One invalidation per publish, one path
//! per page whose bytes changed or which went, `/*` past the limit, and a
//! failed invalidation leaves the publish standing.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

use aws_sdk_cloudfront as cloudfront;
use common::Fixture;
use trogs::catalog::queries;
use trogs::s3::{self, Options};
use trogs::site::PageRef;
use trogs::store::{AttributeValue, Key, Update};

/// A bucket on moto and a distribution in front of it.
struct Stand {
    s3: aws_sdk_s3::Client,
    cloudfront: cloudfront::Client,
    bucket: String,
    distribution: String,
}

impl Stand {
    async fn new(prefix: &str) -> Stand {
        let endpoint = common::moto::endpoint();
        let s3 = s3::Client::connect(&Options::default()).await.sdk;
        let bucket = common::moto::bucket(&s3, prefix).await;
        let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .load()
            .await;
        let cloudfront = cloudfront::Client::from_conf(
            cloudfront::config::Builder::from(&shared)
                .region(cloudfront::config::Region::new("us-east-1"))
                .endpoint_url(&endpoint)
                .build(),
        );
        let distribution = create_distribution(&cloudfront, &bucket).await;
        Stand {
            s3,
            cloudfront,
            bucket,
            distribution,
        }
    }

    /// `trogs build` over the fixture's catalog into the bucket, with the
    /// distribution and `extra` flags; CloudFront is found as the S3
    /// endpoint is, through its own endpoint variable.
    fn build(&self, f: &Fixture, extra: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_trogs"))
            .arg("build")
            .args([
                "--store",
                &format!("sqlite:{}", f.dir.path().join("trogs.db").display()),
            ])
            .args(["--out", &format!("s3://{}", self.bucket)])
            .args(["--media-dir", &f.media().display().to_string()])
            .args(["--base-url", common::BASE_URL])
            .args(["--theme", &common::theme_dir().display().to_string()])
            .args(extra)
            .env("AWS_ENDPOINT_URL_CLOUDFRONT", common::moto::endpoint())
            .env_remove("TROGS_DISTRIBUTION_ID")
            .env_remove("TROGS_MAX_INVALIDATION_PATHS")
            .current_dir(f.dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "trogs build {extra:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn build_invalidating(&self, f: &Fixture, extra: &[&str]) -> Output {
        let mut args = vec!["--distribution-id", &self.distribution];
        args.extend(extra);
        self.build(f, &args)
    }

    /// The distribution's invalidations: id → paths, sorted.
    async fn invalidations(&self) -> BTreeMap<String, Vec<String>> {
        let list = self
            .cloudfront
            .list_invalidations()
            .distribution_id(&self.distribution)
            .send()
            .await
            .unwrap();
        let ids: Vec<String> = list
            .invalidation_list()
            .map(|l| l.items().iter().map(|i| i.id().to_string()).collect())
            .unwrap_or_default();
        let mut all = BTreeMap::new();
        for id in ids {
            let got = self
                .cloudfront
                .get_invalidation()
                .distribution_id(&self.distribution)
                .id(&id)
                .send()
                .await
                .unwrap();
            let batch = got.invalidation().unwrap().invalidation_batch().unwrap();
            let paths = batch.paths().unwrap();
            let mut items: Vec<String> = paths.items().to_vec();
            assert_eq!(paths.quantity() as usize, items.len(), "{id}");
            items.sort();
            all.insert(id, items);
        }
        all
    }

    /// Runs a publish, and returns the invalidations it made (each as its
    /// paths).
    async fn sent_by(&self, publish: impl FnOnce()) -> Vec<Vec<String>> {
        let before = self.invalidations().await;
        publish();
        self.invalidations()
            .await
            .into_iter()
            .filter(|(id, _)| !before.contains_key(id))
            .map(|(_, paths)| paths)
            .collect()
    }

    /// Every object's key and ETag.
    async fn objects(&self) -> BTreeMap<String, String> {
        let mut objects = BTreeMap::new();
        let mut pages = self
            .s3
            .list_objects_v2()
            .bucket(&self.bucket)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            for o in page.unwrap().contents() {
                objects.insert(
                    o.key().unwrap().to_string(),
                    o.e_tag().unwrap_or_default().to_string(),
                );
            }
        }
        objects
    }
}

async fn create_distribution(client: &cloudfront::Client, bucket: &str) -> String {
    use cloudfront::types::*;
    let origin = Origin::builder()
        .id("site")
        .domain_name(format!("{bucket}.s3.us-east-1.amazonaws.com"))
        .s3_origin_config(S3OriginConfig::builder().origin_access_identity("").build())
        .build()
        .unwrap();
    let config = DistributionConfig::builder()
        .caller_reference(format!("{bucket}-{:08x}", fastrand::u32(..)))
        .comment("trogs invalidations test")
        .enabled(true)
        .default_root_object("index.html")
        .origins(
            Origins::builder()
                .quantity(1)
                .items(origin)
                .build()
                .unwrap(),
        )
        .default_cache_behavior(
            DefaultCacheBehavior::builder()
                .target_origin_id("site")
                .viewer_protocol_policy(ViewerProtocolPolicy::RedirectToHttps)
                .cache_policy_id("658327ea-f89d-4fab-a63d-7e88639e58f6")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    client
        .create_distribution()
        .distribution_config(config)
        .send()
        .await
        .unwrap()
        .distribution()
        .unwrap()
        .id()
        .to_string()
}

/// The URLs of the pages whose objects changed or went between two
/// listings, as listeners request them (`/album/ID`; the home page as `/`
/// and `/index.html`): what an invalidation should name. Worked out from
/// the bucket, not from the code under test.
fn changed_pages(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> Vec<String> {
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let mut urls = BTreeSet::new();
    for key in keys {
        if before.get(key) == after.get(key) {
            continue;
        }
        // Pages of entities are stored under their bare keys.
        let path = match key.split_once('/') {
            Some(("artist" | "album" | "track", id)) if !id.contains('.') => format!("{key}.html"),
            _ => key.clone(),
        };
        match PageRef::from_path(&path) {
            Some(PageRef::Home) => {
                urls.insert("/".to_string());
                urls.insert("/index.html".to_string());
            }
            Some(_) => {
                urls.insert(format!("/{key}"));
            }
            None => {}
        }
    }
    urls.into_iter().collect()
}

async fn first_album(f: &Fixture) -> queries::AlbumContent {
    let home = queries::artists(&f.store).await.unwrap().value;
    for artist in home {
        let content = queries::artist_content(&f.store, &artist.id)
            .await
            .unwrap()
            .value;
        if let Some(album) = content.and_then(|c| c.albums.into_iter().next()) {
            let read = queries::album_content(&f.store, &album.id).await.unwrap();
            let content = read.value.unwrap();
            if content.tracks.len() >= 2 {
                return content;
            }
        }
    }
    panic!("the demo catalog has no album with two tracks");
}

async fn retitle(f: &Fixture, album: &queries::AlbumContent, title: &str) {
    f.store
        .update(
            Key::new(&album.album.artist_id, &album.album.id),
            vec![Update::Set("AlbumTitle".into(), AttributeValue::s(title))],
            None,
        )
        .await
        .unwrap();
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_publish_invalidates_the_pages_it_changed_in_one_request() {
    let stand = Stand::new("invalidate").await;
    let f = Fixture::demo().await;

    // The first build writes every page, all of them new to the bucket:
    // none was ever cached, so none is invalidated.
    let sent = stand
        .sent_by(|| {
            stand.build_invalidating(&f, &[]);
        })
        .await;
    assert!(sent.is_empty(), "{sent:?}");
    assert!(stand.objects().await.contains_key("index.html"));

    // Nothing changed: nothing sent.
    let sent = stand
        .sent_by(|| {
            stand.build_invalidating(&f, &[]);
        })
        .await;
    assert!(sent.is_empty(), "{sent:?}");

    // One album retitled: its page, its tracks' pages and its artist's
    // page, in one request, at the URLs listeners use.
    let album = first_album(&f).await;
    retitle(&f, &album, "A New Title").await;
    let before = stand.objects().await;
    let changed = format!("album:{}", album.album.id);
    let sent = stand
        .sent_by(|| {
            stand.build_invalidating(&f, &["--changed", &changed]);
        })
        .await;
    let expected = changed_pages(&before, &stand.objects().await);
    assert!(
        expected.contains(&format!("/album/{}", album.album.id)),
        "{expected:?}"
    );
    for track in &album.tracks {
        assert!(
            expected.contains(&format!("/track/{}", track.id)),
            "{expected:?}"
        );
    }
    assert_eq!(sent, [expected]);

    // A track deleted: its page goes, and is invalidated with the pages
    // that listed it.
    let gone = &album.tracks[0];
    f.store.delete(Key::same(&gone.id), None).await.unwrap();
    let before = stand.objects().await;
    let changed = format!("track:{}", gone.id);
    let sent = stand
        .sent_by(|| {
            stand.build_invalidating(&f, &["--changed", &changed]);
        })
        .await;
    let after = stand.objects().await;
    assert!(!after.contains_key(&format!("track/{}", gone.id)));
    let expected = changed_pages(&before, &after);
    assert!(
        expected.contains(&format!("/track/{}", gone.id)),
        "{expected:?}"
    );
    assert!(
        expected.contains(&format!("/album/{}", album.album.id)),
        "{expected:?}"
    );
    assert_eq!(sent, [expected]);

    // Past a lower limit, the same kind of change is one path.
    retitle(&f, &album, "Another Title").await;
    let changed = format!("album:{}", album.album.id);
    let mut out = None;
    let sent = stand
        .sent_by(|| {
            out = Some(stand.build_invalidating(
                &f,
                &["--changed", &changed, "--max-invalidation-paths", "2"],
            ));
        })
        .await;
    assert_eq!(sent, [["/*"]]);
    let out = stdout(&out.unwrap());
    assert!(out.contains("; 1 CloudFront path invalidated"), "{out}");

    // Without a distribution, a publish sends none.
    retitle(&f, &album, "A Third Title").await;
    let sent = stand
        .sent_by(|| {
            stand.build(&f, &["--changed", &changed]);
        })
        .await;
    assert!(sent.is_empty(), "{sent:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_invalidation_is_reported_and_the_pages_stay_published() {
    let stand = Stand::new("invalidate-fails").await;
    let f = Fixture::demo().await;
    stand.build(&f, &[]);
    let album = first_album(&f).await;
    retitle(&f, &album, "A New Title").await;
    // A distribution that doesn't exist: CloudFront refuses the request.
    let changed = format!("album:{}", album.album.id);
    let out = stand.build(
        &f,
        &[
            "--changed",
            &changed,
            "--distribution-id",
            "ENOSUCHDISTRIBUTION",
        ],
    );
    let (stdout, stderr) = (stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout.contains("CloudFront invalidation FAILED"),
        "{stdout}"
    );
    for says in [
        "the pages are published, but invalidating",
        "ENOSUCHDISTRIBUTION",
        "--distribution-id",
        "cloudfront:CreateInvalidation",
    ] {
        assert!(stderr.contains(says), "{says:?} is not in:\n{stderr}");
    }
    assert!(
        stderr.contains(&format!("/album/{}", album.album.id)),
        "{stderr}"
    );
    let page = stand
        .s3
        .get_object()
        .bucket(&stand.bucket)
        .key(format!("album/{}", album.album.id))
        .send()
        .await
        .unwrap();
    let page = page.body.collect().await.unwrap().into_bytes();
    assert!(String::from_utf8_lossy(&page).contains("A New Title"));
    // The next publish finds nothing left to do: the manifest was saved.
    let again = stand.build(&f, &["--changed", &changed]);
    let again = String::from_utf8_lossy(&again.stdout);
    assert!(again.contains(", 0 written,"), "{again}");
}

#[test]
fn a_distribution_needs_an_s3_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args([
            "build",
            "--out",
            "site-out",
            "--distribution-id",
            "E2QWRUHAPOMQZL",
        ])
        .env_remove("TROGS_OUT")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("--out s3://BUCKET"), "{stderr}");
    assert!(!Path::new(&dir.path().join("site-out")).exists());
}
