//! A site published by a Trogs that wrote version 2 of the manifest (BLAKE3
//! hashes) is taken over by this one (XXH3 hashes, version 3) without
//! rewriting a file whose bytes are the same: each file is compared with
//! the hash it was recorded with. A build that renders only some pages
//! keeps the others' BLAKE3 hashes, named as such, and the next build
//! still compares them right. On a folder and on S3 (moto).
//!
//! The version 2 manifest is the one the older Trogs wrote for the same
//! pages: this Trogs' own manifest with every hash replaced by the BLAKE3
//! hash of the bytes at its path (the first 16 bytes, as 32 hex digits),
//! and no inputs (an older Trogs' inputs never match, so the first build
//! after an upgrade renders every page again).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Fixture, moto};
use trogs::publish::{S3Target, Target};
use trogs::s3::{self, Location, Options};
use trogs::site::Report;
use trogs::site::page::{PageRef, address};

/// The page whose recorded hash the test makes wrong: it is the one file
/// the first build after the upgrade writes.
const STALE: &str = "404.html";

async fn catalog() -> Fixture {
    Fixture::synthetic(2, 4, 12).await
}

fn blake3_hex(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..32].to_string()
}

/// The path of a file beside a page, by the name its record gives it.
fn beside_path(key: &str, name: &str) -> String {
    let stem = key.strip_suffix(".html").unwrap();
    match name {
        "m3u" => format!("{stem}.m3u"),
        "atom" => format!("{stem}.atom"),
        "rss" => format!("{stem}.rss"),
        "embed" => format!("embed/{key}"),
        "compact" => format!("embed/compact/{key}"),
        "oembed" => format!("oembed/{stem}.json"),
        other => panic!("{key}: a file beside it named {other:?}"),
    }
}

/// Every path the manifest lists: each record's own file, and the files
/// beside it.
fn paths(manifest: &serde_json::Value) -> Vec<String> {
    let mut paths = Vec::new();
    for (key, record) in manifest["entries"].as_object().unwrap() {
        if record["own"] != false {
            paths.push(key.clone());
        }
        if let Some(beside) = record["beside"].as_object() {
            paths.extend(beside.keys().map(|name| beside_path(key, name)));
        }
    }
    paths
}

/// The manifest the Trogs before version 3 wrote for the files `bytes`
/// holds (by path), with the hash of `STALE` made wrong.
fn as_version_2(manifest: &[u8], bytes: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut m: serde_json::Value = serde_json::from_slice(manifest).unwrap();
    assert_eq!(m["version"], 3, "this Trogs writes version 3");
    m["version"] = 2.into();
    // Version 2 had no seed: the upgrade makes one.
    m.as_object_mut().unwrap().remove("seed").expect("a seed");
    let hash = |path: &str| {
        if path == STALE {
            blake3_hex(b"a 404 page an older theme rendered")
        } else {
            blake3_hex(
                bytes
                    .get(path)
                    .unwrap_or_else(|| panic!("{path} is missing")),
            )
        }
    };
    for (key, record) in m["entries"].as_object_mut().unwrap() {
        let record = record.as_object_mut().unwrap();
        assert!(!record.contains_key("blake3"), "{key}");
        record.remove("inputs");
        if record.get("own") != Some(&false.into()) {
            record.insert("hash".into(), hash(key).into());
        }
        if let Some(beside) = record.get_mut("beside").and_then(|b| b.as_object_mut()) {
            for (name, value) in beside.iter_mut() {
                // "HASH" or "HASH MD5": the MD5 stays.
                let old = value.as_str().unwrap().to_string();
                let md5 = old.split_once(' ').map(|(_, md5)| md5);
                let mut new = hash(&beside_path(key, name));
                if let Some(md5) = md5 {
                    new.push(' ');
                    new.push_str(md5);
                }
                *value = new.into();
            }
        }
    }
    serde_json::to_vec(&m).unwrap()
}

fn manifest_json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).unwrap()
}

/// The records that still name files with a BLAKE3 hash.
fn still_blake3(manifest: &serde_json::Value) -> BTreeMap<String, Vec<String>> {
    manifest["entries"]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(key, r)| {
            let names = r.get("blake3")?.as_array()?;
            Some((
                key.clone(),
                names
                    .iter()
                    .map(|n| n.as_str().unwrap().to_string())
                    .collect(),
            ))
        })
        .collect()
}

fn files_written(r: &Report) -> usize {
    r.written + r.feeds_written + r.assets_written
}

/// The first album's page: a build of only it leaves the rest untouched.
fn first_album(manifest: &serde_json::Value) -> PageRef {
    let key = manifest["entries"]
        .as_object()
        .unwrap()
        .keys()
        .find(|k| k.starts_with("album/"))
        .unwrap();
    let id = key
        .strip_prefix("album/")
        .unwrap()
        .strip_suffix(".html")
        .unwrap();
    PageRef::Album(id.to_string())
}

/// What the upgrade's builds must do, whatever the target: `read` gives
/// the manifest's bytes, `replace` puts a version 2 manifest in its place.
async fn upgrade_writes_only_what_changed(
    f: &Fixture,
    read: impl AsyncFn() -> Vec<u8>,
    files: impl AsyncFn(&[String]) -> BTreeMap<String, Vec<u8>>,
    replace: impl AsyncFn(Vec<u8>),
) {
    let first = f.site.build_all().await.unwrap();
    assert!(first.written > 10, "{first}");
    let mine = read().await;
    let listed = paths(&manifest_json(&mine));
    assert!(listed.iter().any(|p| p.starts_with("embed/compact/track/")));
    assert!(listed.iter().any(|p| p.ends_with(".rss")));
    let bytes = files(&listed).await;
    let old = as_version_2(&mine, &bytes);
    replace(old.clone()).await;

    // One album again, as the upload service publishes an edit: its files
    // are the same bytes, so none is written; the manifest is rewritten as
    // version 3, its files' hashes XXH3's, every other file's still BLAKE3's
    // and named so.
    let album = first_album(&manifest_json(&old));
    let partial = f
        .site
        .build_changed(std::slice::from_ref(&album))
        .await
        .unwrap();
    assert!(partial.rendered.contains(&album.path()), "{partial}");
    assert_eq!(files_written(&partial), 0, "{partial}");
    let after = manifest_json(&read().await);
    assert_eq!(after["version"], 3);
    let seed = after["seed"].as_str().expect("a seed").to_string();
    assert_eq!(seed.len(), 16, "{seed}");
    assert_ne!(Some(seed.as_str()), manifest_json(&mine)["seed"].as_str());
    let left = still_blake3(&after);
    assert!(!left.contains_key(&album.path()), "{left:?}");
    assert_eq!(
        left.get(STALE).map(Vec::as_slice),
        Some(&["own".to_string()][..]),
        "{left:?}"
    );
    let artist = left
        .iter()
        .find(|(k, _)| k.starts_with("artist/"))
        .expect("an artist page was not rendered");
    assert_eq!(artist.1, &["own", "m3u", "atom", "rss"], "{left:?}");
    for (key, record) in after["entries"].as_object().unwrap() {
        let kept = old_hash(&manifest_json(&old), key);
        if left.contains_key(key) {
            assert_eq!(record["hash"], kept, "{key} keeps its BLAKE3 hash");
        } else if key == &album.path() {
            assert_ne!(record["hash"], kept, "{key} has its XXH3 hash");
        }
    }

    // Every page again, as after an upgrade: only the page whose bytes
    // differ from what the older Trogs recorded is written.
    let full = f.site.build_all().await.unwrap();
    assert_eq!(full.written, 1, "{full}");
    assert_eq!(full.feeds_written + full.assets_written, 0, "{full}");
    let last = read().await;
    assert!(still_blake3(&manifest_json(&last)).is_empty());
    assert_eq!(
        manifest_json(&last)["seed"],
        seed.as_str(),
        "the seed is kept"
    );
    assert_eq!(
        files(&[STALE.to_string()]).await[STALE],
        bytes[STALE],
        "the page is the one this Trogs renders"
    );

    // The hashes it recorded are the ones it compares with next time:
    // with every page's inputs forgotten, all are rendered again and none
    // is written.
    let mut forgotten = manifest_json(&last);
    for record in forgotten["entries"].as_object_mut().unwrap().values_mut() {
        record.as_object_mut().unwrap().remove("inputs");
    }
    replace(serde_json::to_vec(&forgotten).unwrap()).await;
    let again = f.site.build_all().await.unwrap();
    assert_eq!(again.reused, 0, "{again}");
    assert_eq!(files_written(&again), 0, "{again}");
    assert_eq!(again.unchanged, first.written, "{again}");
}

fn old_hash(manifest: &serde_json::Value, key: &str) -> serde_json::Value {
    manifest["entries"][key]["hash"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_published_with_blake3_hashes_is_taken_over_without_rewriting_it() {
    let f = catalog().await;
    let out = f.out();
    let manifest = out.join(".trogs/manifest.json");
    upgrade_writes_only_what_changed(
        &f,
        async || std::fs::read(&manifest).unwrap(),
        async |paths: &[String]| {
            paths
                .iter()
                .map(|p| (p.clone(), std::fs::read(out.join(p)).unwrap()))
                .collect()
        },
        async |bytes: Vec<u8>| {
            std::fs::write(&manifest, bytes).unwrap();
            let _ = std::fs::remove_file(out.join(".trogs/manifest.delta"));
        },
    )
    .await;
    assert_folder_keeps_no_stray_files(&out);
}

/// Nothing was written beside the pages (a temporary file left behind).
fn assert_folder_keeps_no_stray_files(out: &Path) {
    for e in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = e.file_name().to_string_lossy();
        assert!(!name.starts_with(".tmp"), "{}", e.path().display());
    }
}

async fn get(client: &aws_sdk_s3::Client, bucket: &str, key: &str) -> Vec<u8> {
    let o = client
        .get_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {key}: {e:?}"));
    o.body.collect().await.unwrap().into_bytes().to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_s3_site_published_with_blake3_hashes_is_taken_over_without_rewriting_it() {
    moto::endpoint();
    let client = s3::Client::connect(&Options::default()).await.sdk;
    let bucket = moto::bucket(&client, "hashes").await;
    let prefix = "site/";
    let mut f = catalog().await;
    let location = Location::parse(&format!("s3://{bucket}/{prefix}"))
        .unwrap()
        .unwrap();
    f.site.target = Target::S3(S3Target::connect(location, &Options::default()).await);
    let manifest = format!("{prefix}.trogs/manifest.json");
    upgrade_writes_only_what_changed(
        &f,
        async || get(&client, &bucket, &manifest).await,
        async |paths: &[String]| {
            let mut files = BTreeMap::new();
            for p in paths {
                let key = format!("{prefix}{}", address(p).key);
                files.insert(p.clone(), get(&client, &bucket, &key).await);
            }
            files
        },
        async |bytes: Vec<u8>| {
            client
                .put_object()
                .bucket(&bucket)
                .key(&manifest)
                .body(bytes.into())
                .send()
                .await
                .unwrap();
            let _ = client
                .delete_object()
                .bucket(&bucket)
                .key(format!("{prefix}.trogs/manifest.delta"))
                .send()
                .await;
        },
    )
    .await;
}
