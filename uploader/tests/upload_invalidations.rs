//! What a one-track upload invalidates in CloudFront: the real service in
//! dev mode publishes to a bucket on moto behind a distribution (moto
//! models CloudFront), an artist uploads one track to an album, and the
//! invalidations its publishes sent are listed back. These are the paths
//! per upload that docs/deploy.md's cost figures count.

mod fixtures;
mod harness;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use aws_sdk_cloudfront as cloudfront;
use harness::{Body, album, album_track, artist, single};
use reqwest::Method;
use trogs::store::Store;

const ARTIST: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";

const HOW: &str = "this test needs moto's server (S3 and CloudFront). `scripts/test` installs and starts it; by hand:
  python3 -m venv .test-stand-ins/moto && .test-stand-ins/moto/bin/pip install 'moto[s3,server,cloudformation]==5.2.5'
  setsid .test-stand-ins/moto/bin/moto_server -H 127.0.0.1 -p 5000 &
  export TROGS_TEST_S3=http://127.0.0.1:5000 AWS_ENDPOINT_URL_S3=http://127.0.0.1:5000 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1";

async fn seed(store: &Store, port: u16) {
    let a = artist(ARTIST, "Ann Band", &harness::owner_for(port, "ann"));
    let b = album(ALBUM, &a, "First", 0);
    store.put(a.to_item(), None).await.unwrap();
    store.put(b.to_item(), None).await.unwrap();
    for (i, id) in ["c000000000000001", "c000000000000002", "c000000000000003"]
        .iter()
        .enumerate()
    {
        let t = album_track(id, &b, &a, &format!("Track {}", i + 1), i as u32);
        store.put(t.to_item(), None).await.unwrap();
    }
    let s = single("d000000000000001", &a, "Single 1", 0);
    store.put(s.to_item(), None).await.unwrap();
}

fn moto() -> String {
    let url = std::env::var("TROGS_TEST_S3")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| panic!("TROGS_TEST_S3 is not set: {HOW}"));
    std::net::TcpStream::connect(url.trim_start_matches("http://").trim_end_matches('/'))
        .unwrap_or_else(|e| panic!("moto does not answer at {url} ({e}): {HOW}"));
    url
}

async fn cloudfront(endpoint: &str) -> cloudfront::Client {
    let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .load()
        .await;
    cloudfront::Client::from_conf(
        cloudfront::config::Builder::from(&shared)
            .region(cloudfront::config::Region::new("us-east-1"))
            .endpoint_url(endpoint)
            .build(),
    )
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
        .comment("trogs upload invalidations test")
        .enabled(true)
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
    let made = client
        .create_distribution()
        .distribution_config(config)
        .send()
        .await
        .unwrap();
    made.distribution().unwrap().id().to_string()
}

/// The distribution's invalidations: id → paths, sorted.
async fn invalidations(client: &cloudfront::Client, id: &str) -> BTreeMap<String, Vec<String>> {
    let list = client
        .list_invalidations()
        .distribution_id(id)
        .send()
        .await
        .unwrap();
    let mut all = BTreeMap::new();
    for summary in list
        .invalidation_list()
        .map(|l| l.items())
        .unwrap_or_default()
    {
        let got = client
            .get_invalidation()
            .distribution_id(id)
            .id(summary.id())
            .send()
            .await
            .unwrap();
        let batch = got.invalidation().unwrap().invalidation_batch().unwrap();
        let mut paths = batch.paths().unwrap().items().to_vec();
        paths.sort();
        all.insert(summary.id().to_string(), paths);
    }
    all
}

async fn page(s3: &str, bucket: &str, key: &str) -> Option<String> {
    let got = reqwest::get(format!("{s3}/{bucket}/{key}")).await.unwrap();
    // Missing: 404, or 403 for an anonymous reader who may not list.
    if matches!(got.status().as_u16(), 403 | 404) {
        return None;
    }
    assert!(got.status().is_success(), "GET {key}: {}", got.status());
    Some(got.text().await.unwrap())
}

#[cfg(feature = "renditions")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_track_upload_invalidates_a_few_pages() {
    let s3 = moto();
    let bucket = format!("trogs-cdn-{:08x}", fastrand::u32(..));
    let made = reqwest::Client::new()
        .put(format!("{s3}/{bucket}"))
        .send()
        .await
        .unwrap();
    assert!(
        made.status().is_success(),
        "creating the bucket: {}",
        made.status()
    );
    let cf = cloudfront(&s3).await;
    let distribution = create_distribution(&cf, &bucket).await;

    let out = format!("s3://{bucket}");
    let up = harness::dev_with(
        seed,
        // Objects publicly readable, so the test reads pages as a
        // browser would.
        &[
            "--out",
            &out,
            "--acl",
            "public-read",
            "--distribution-id",
            &distribution,
        ],
        &[("AWS_ENDPOINT_URL_CLOUDFRONT", s3.as_str())],
    )
    .await;
    // Dev mode publishes the whole site at start: every page new, so no
    // invalidation.
    harness::eventually(
        Duration::from_secs(60),
        Duration::from_millis(200),
        || format!("the site was not published within 60 s:\n{}", up.log()),
        async || page(&s3, &bucket, &format!("album/{ALBUM}")).await,
    )
    .await;
    let before = invalidations(&cf, &distribution).await;
    assert!(before.is_empty(), "{before:?}");

    let mut ann = up.client();
    ann.sign_in("ann").await;
    let a = ann
        .send(
            Method::POST,
            &format!("/api/v1/me/albums/{ALBUM}/tracks"),
            Body::Files(
                "file".into(),
                vec![("new song.wav".into(), fixtures::wav(2.0))],
            ),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text);
    let track = a.json()["data"][0]["id"].as_str().unwrap().to_string();
    // The upload's publishes are done once the track's page offers its
    // renditions (the last of them) and that publish's invalidation, sent
    // once its pages and manifest are saved, names the track's page.
    let track_url = format!("/track/{track}");
    harness::eventually(
        Duration::from_secs(120),
        Duration::from_millis(300),
        || {
            format!(
                "after 120 s, the track's page has no renditions or {track_url} was not invalidated:\n{}",
                up.log()
            )
        },
        async || {
            let html = page(&s3, &bucket, &format!("track/{track}")).await?;
            let sent = invalidations(&cf, &distribution).await;
            (html.contains(".opus\"") && sent.values().flatten().any(|p| *p == track_url))
                .then_some(())
        },
    )
    .await;
    let album_page = page(&s3, &bucket, &format!("album/{ALBUM}")).await.unwrap();
    assert!(
        album_page.contains("new song"),
        "the album page lacks the upload"
    );

    let sent: Vec<Vec<String>> = invalidations(&cf, &distribution)
        .await
        .into_values()
        .collect();
    let paths: Vec<&String> = sent.iter().flatten().collect();
    let distinct: BTreeSet<&str> = paths.iter().map(|p| p.as_str()).collect();
    // The album's page (it lists the new track) and the track's own page
    // once its renditions replaced the original; the track's first
    // version was new to the bucket, never cached, so not sent. Nothing
    // past the pages the upload touched, and never `/*`.
    let allowed: BTreeSet<String> = [
        format!("/album/{ALBUM}"),
        format!("/track/{track}"),
        format!("/artist/{ARTIST}"),
        "/".to_string(),
        "/index.html".to_string(),
    ]
    .into();
    assert!(
        distinct.contains(format!("/album/{ALBUM}").as_str()),
        "{sent:?}"
    );
    assert!(
        distinct.iter().all(|p| allowed.contains(*p)),
        "{sent:?} goes past {allowed:?}"
    );
    // For the cost figures (docs/deploy.md): the requests and paths one
    // upload sent.
    println!(
        "one-track upload: {} invalidations, {} paths: {sent:?}",
        sent.len(),
        paths.len()
    );
}
