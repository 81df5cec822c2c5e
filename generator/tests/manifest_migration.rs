//! A site published by a Trogs that wrote format version 1 of the manifest
//! (a record per file, with a delta log) is taken over by this one: the
//! manifest is read, rewritten once as the current version (3), and no file the older
//! Trogs published is lost track of — a later removal deletes every one of
//! them, and nothing else. On a folder and on S3 (moto).
//!
//! The fixtures in `tests/fixtures/manifest-v1/` are the manifests and
//! delta logs that Trogs wrote before version 2, for a synthetic catalog of
//! 4 artists, 12 albums and 48 tracks, after one track was deleted (the
//! delta log): the folder's, and the S3 target's (which records MD5s).

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{Fixture, moto};
use trogs::publish::{Manifest, S3Target, Target};
use trogs::s3::{self, Location, Options};
use trogs::site::page::address;
use trogs::store::Store;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/manifest-v1");
/// What the older Trogs wrote at every path it published (the test puts
/// these bytes there, standing for its pages).
const OLD_BYTES: &str = "published by an earlier Trogs\n";
/// An artist of the fixture's catalog that the test's catalog lacks: the
/// first build removes their pages and the files beside them.
const GONE_ARTIST: &str = "t4lugduw3one7kav";

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join(name)).unwrap()
}

/// The paths a version 1 manifest and its delta log list, read as plain
/// JSON (not with the code under test).
fn listed_in_v1(base: &str, delta: &str) -> BTreeSet<String> {
    let base: serde_json::Value = serde_json::from_str(base).unwrap();
    assert_eq!(base["version"], 1, "a version 1 fixture");
    let mut paths: BTreeSet<String> = base["entries"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let mut lines = delta.lines();
    let head: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(
        head["base"], base["generation"],
        "the log applies to the base"
    );
    for line in lines {
        let line: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = line["path"].as_str().unwrap().to_string();
        if line["entry"].is_null() {
            paths.remove(&path);
        } else {
            paths.insert(path);
        }
    }
    paths
}

/// The test's catalog: the first 3 of the fixture's 4 artists.
async fn catalog() -> Fixture {
    Fixture::synthetic(3, 9, 36).await
}

/// An empty catalog, to remove everything the site published.
fn empty_store(f: &Fixture) -> Store {
    Store::embedded(trogs::store::Embedded::open(f.dir.path().join("empty.db"), true).unwrap())
}

/// Every file under `root` (relative, `/`-separated), `.trogs/` left out.
fn files(root: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| !p.starts_with(".trogs/"))
        .collect()
}

/// The paths a version 3 manifest (and its log, if any) lists.
fn listed(base: &[u8], delta: Option<&str>) -> BTreeSet<String> {
    let mut m = Manifest::read(base).unwrap();
    if let Some(delta) = delta {
        m.apply_delta(delta).unwrap();
    }
    m.paths().into_iter().collect()
}

/// A version 3 manifest is read into the build's table and written back
/// byte for byte: every record, hash, MD5, parent and release, in path
/// order. A manifest of this format written by the Trogs before the table
/// reads the same way (the file did not change).
fn assert_reads_back_the_same(base: &[u8]) {
    let m = Manifest::read(base).unwrap();
    assert!(!m.migrated());
    let mut again = Vec::new();
    m.write(&mut again).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&again),
        String::from_utf8_lossy(base),
        "written back differently"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_published_with_the_first_manifest_format_stays_tracked() {
    let mut f = catalog().await;
    let out = f.out();
    let old = listed_in_v1(
        &fixture("folder-manifest.json"),
        &fixture("folder-manifest.delta"),
    );
    assert!(old.len() > 200, "{}", old.len());
    assert!(old.iter().any(|p| p.starts_with("embed/compact/track/")));
    // The folder as the older Trogs left it, with files of someone else's.
    for path in &old {
        let file = out.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, OLD_BYTES).unwrap();
    }
    std::fs::create_dir_all(out.join(".trogs")).unwrap();
    std::fs::write(
        out.join(".trogs/manifest.json"),
        fixture("folder-manifest.json"),
    )
    .unwrap();
    std::fs::write(
        out.join(".trogs/manifest.delta"),
        fixture("folder-manifest.delta"),
    )
    .unwrap();
    let foreign = [
        "notes.txt",
        "album/notes.txt",
        "embed/album/not-ours.txt",
        "artist/someone.html.bak",
    ];
    for path in foreign {
        std::fs::write(out.join(path), "not Trogs's\n").unwrap();
    }

    let report = f.site.build_all().await.unwrap();
    assert!(report.written > 0, "{report}");
    // Rewritten once as version 3, its old log gone.
    let base = std::fs::read(out.join(".trogs/manifest.json")).unwrap();
    assert!(String::from_utf8_lossy(&base).contains("\"version\":3"));
    assert!(!out.join(".trogs/manifest.delta").exists());
    assert!(!out.join(".trogs/journal").exists());
    assert_reads_back_the_same(&base);
    let now = listed(&base, None);
    // Every file the older Trogs published is either still listed (a page
    // rewritten from the catalog) or was removed with its page.
    for path in &old {
        if now.contains(path) {
            if !path.starts_with("assets/") {
                let bytes = std::fs::read_to_string(out.join(path)).unwrap();
                assert_ne!(bytes, OLD_BYTES, "{path}");
            }
        } else {
            assert!(!out.join(path).exists(), "{path} was left behind, unlisted");
        }
    }
    let gone: Vec<&String> = old.iter().filter(|p| p.contains(GONE_ARTIST)).collect();
    assert_eq!(gone.len(), 4, "{gone:?}");
    for path in gone {
        assert!(!out.join(path).exists(), "{path}");
    }
    assert!(
        old.iter().filter(|p| !now.contains(*p)).count() > 4 * 4,
        "the gone artist's albums and tracks went, with the files beside them"
    );
    // What is in the folder is what the manifest lists, and the rest.
    let on_disk = files(&out);
    let expected: BTreeSet<String> = now
        .iter()
        .cloned()
        .chain(foreign.iter().map(|p| p.to_string()))
        .collect();
    assert_eq!(on_disk, expected);

    // Rewritten once: an unchanged rebuild leaves the manifest alone.
    let again = f.site.build_all().await.unwrap();
    assert_eq!(
        again.written + again.feeds_written + again.assets_written,
        0
    );
    assert_eq!(
        std::fs::read(out.join(".trogs/manifest.json")).unwrap(),
        base
    );
    assert!(!out.join(".trogs/manifest.delta").exists());

    // Every artist goes: each of their files Trogs ever published here is
    // deleted, and nothing else; what is left is the empty site's home,
    // 404 page, assets, sitemap and feed, and the files of someone else.
    f.site.store = empty_store(&f);
    f.site.options.prune = true;
    f.site.build_all().await.unwrap();
    let delta = std::fs::read_to_string(out.join(".trogs/manifest.delta")).ok();
    let last = listed(
        &std::fs::read(out.join(".trogs/manifest.json")).unwrap(),
        delta.as_deref(),
    );
    assert_empty_site(&last);
    let expected: BTreeSet<String> = last
        .iter()
        .cloned()
        .chain(foreign.iter().map(|p| p.to_string()))
        .collect();
    assert_eq!(files(&out), expected);
}

/// A site of no artist: no page of an entity, and nothing beside one.
fn assert_empty_site(listed: &BTreeSet<String>) {
    for path in listed {
        assert!(
            [
                "index.html",
                "404.html",
                "feed.atom",
                "sitemap.xml",
                "robots.txt"
            ]
            .contains(&path.as_str())
                || path.starts_with("assets/"),
            "{path} is listed for a site of no artist"
        );
    }
}

async fn keys(client: &aws_sdk_s3::Client, bucket: &str, prefix: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut pages = client
        .list_objects_v2()
        .bucket(bucket)
        .prefix(prefix)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        for o in page.unwrap().contents() {
            keys.insert(o.key().unwrap()[prefix.len()..].to_string());
        }
    }
    keys
}

async fn put(client: &aws_sdk_s3::Client, bucket: &str, key: &str, body: &str) {
    client
        .put_object()
        .bucket(bucket)
        .key(key)
        .body(body.as_bytes().to_vec().into())
        .send()
        .await
        .unwrap();
}

async fn get(client: &aws_sdk_s3::Client, bucket: &str, key: &str) -> Option<Vec<u8>> {
    match client.get_object().bucket(bucket).key(key).send().await {
        Ok(o) => Some(o.body.collect().await.unwrap().into_bytes().to_vec()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => None,
        Err(e) => panic!("GET {key}: {e:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_s3_site_published_with_the_first_manifest_format_stays_tracked() {
    moto::endpoint();
    let client = s3::Client::connect(&Options::default()).await.sdk;
    let bucket = moto::bucket(&client, "migrate").await;
    let prefix = "site/";
    let mut f = catalog().await;
    let old = listed_in_v1(&fixture("s3-manifest.json"), &fixture("s3-manifest.delta"));
    assert!(old.len() > 200, "{}", old.len());
    for path in &old {
        put(
            &client,
            &bucket,
            &format!("{prefix}{}", address(path).key),
            OLD_BYTES,
        )
        .await;
    }
    for (state, name) in [
        (".trogs/manifest.json", "s3-manifest.json"),
        (".trogs/manifest.delta", "s3-manifest.delta"),
    ] {
        put(
            &client,
            &bucket,
            &format!("{prefix}{state}"),
            &fixture(name),
        )
        .await;
    }
    // Someone else's objects, one at a key like a page's.
    let foreign = ["notes.txt", "album/not-a-page-of-ours"];
    for key in foreign {
        put(&client, &bucket, &format!("{prefix}{key}"), "not Trogs's\n").await;
    }
    let location = Location::parse(&format!("s3://{bucket}/{prefix}"))
        .unwrap()
        .unwrap();
    f.site.target = Target::S3(S3Target::connect(location.clone(), &Options::default()).await);

    let report = f.site.build_all().await.unwrap();
    assert!(report.written > 0, "{report}");
    let base = get(&client, &bucket, &format!("{prefix}.trogs/manifest.json"))
        .await
        .unwrap();
    assert!(String::from_utf8_lossy(&base).contains("\"version\":3"));
    assert!(
        get(&client, &bucket, &format!("{prefix}.trogs/manifest.delta"))
            .await
            .is_none(),
        "the older log is gone with the rewrite"
    );
    // MD5s are kept on S3.
    assert!(String::from_utf8_lossy(&base).contains("\"md5\""));
    assert_reads_back_the_same(&base);
    let now = listed(&base, None);
    let in_bucket = keys(&client, &bucket, prefix).await;
    for path in &old {
        let key = address(path).key.to_string();
        if now.contains(path) {
            assert!(in_bucket.contains(&key), "{key}");
        } else {
            assert!(!in_bucket.contains(&key), "{key} was left behind, unlisted");
        }
    }
    assert!(old.iter().filter(|p| !now.contains(*p)).count() > 4 * 4);
    let expected: BTreeSet<String> = now
        .iter()
        .map(|p| address(p).key.to_string())
        .chain(foreign.iter().map(|k| k.to_string()))
        .chain([".trogs/manifest.json".to_string()])
        .collect();
    assert_eq!(in_bucket, expected);

    // A fresh process republishing an unchanged site reads version 3 and
    // writes nothing.
    f.site.target = Target::S3(S3Target::connect(location.clone(), &Options::default()).await);
    let again = f.site.build_all().await.unwrap();
    assert_eq!(
        again.written + again.feeds_written + again.assets_written,
        0
    );

    // Every artist goes, and only what Trogs published.
    f.site.store = empty_store(&f);
    f.site.options.prune = true;
    f.site.target = Target::S3(S3Target::connect(location, &Options::default()).await);
    f.site.build_all().await.unwrap();
    let base = get(&client, &bucket, &format!("{prefix}.trogs/manifest.json"))
        .await
        .unwrap();
    let delta = get(&client, &bucket, &format!("{prefix}.trogs/manifest.delta")).await;
    let delta = delta.map(|d| String::from_utf8(d).unwrap());
    let last = listed(&base, delta.as_deref());
    assert_empty_site(&last);
    let left: BTreeSet<String> = keys(&client, &bucket, prefix)
        .await
        .into_iter()
        .filter(|k| !k.starts_with(".trogs/"))
        .collect();
    let expected: BTreeSet<String> = last
        .iter()
        .map(|p| address(p).key.to_string())
        .chain(foreign.iter().map(|k| k.to_string()))
        .collect();
    assert_eq!(left, expected);
}
