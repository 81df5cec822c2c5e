//! An S3 bucket (or a prefix in one) as the site target, through
//! `aws-sdk-s3`: `--out s3://BUCKET/PREFIX`.
//!
//! - Pages are stored under their bare keys (`artist/{id}`, `album/{id}`,
//!   `track/{id}`; `index.html` and `404.html` as they are) with
//!   `Content-Type: text/html; charset=utf-8`, so the original site's URLs
//!   work straight from the bucket. The site hands each file's key with
//!   its path (`Address`); the manifest keeps site paths.
//! - The manifest and its delta log live under the prefix, in `.trogs/`.
//!   An unchanged republish reads those two objects and sends nothing else.
//! - Every object Trogs writes carries the metadata `trogs-hash` (the hash
//!   of its bytes). A path new to the manifest is written with
//!   `If-None-Match: *`, so an object already there is never overwritten
//!   blindly: when the put is refused, one HEAD tells a page a killed
//!   publish wrote (it carries `trogs-hash`: ours, overwritten) from an
//!   object someone else put there (refused, unless `--adopt`). That is
//!   what the local folder's journal does, without an object rewritten per
//!   claim: a publish killed halfway and run again converges, because the
//!   manifest is saved last and every page it did not record is either
//!   recognised by its metadata or byte-identical (below).
//! - Without a manifest, the prefix is listed once: an object whose ETag (the
//!   MD5 of a single-part object) equals the MD5 of the page about to be
//!   written is kept as it is. Nothing is deleted: a listing cannot tell
//!   Trogs's objects from anyone else's.
//! - No ACL is set unless asked for (`--acl public-read`).
//!
//! The target's methods are blocking (the publisher threads call them): each
//! runs its SDK future on the runtime the target was connected on and waits
//! for it. They must not be called from async code.

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use aws_sdk_s3 as sdk;
use md5::Digest as _;
use sdk::error::{ProvideErrorMetadata, SdkError};
use sdk::primitives::ByteStream;
use sdk::types::ObjectCannedAcl;

use super::cdn::{Cdn, Changed, Invalidation};
use super::manifest::{DELTA_PATH, MANIFEST_PATH, Manifest, SavePlan};
use super::{Address, PublishError, Put, Result, Stored};
use crate::hash::Hash128;
use crate::s3::{Client, Location, Options, error_text};

/// How long browsers and CDNs may keep a page.
pub const PAGE_CACHE: &str = "public, max-age=60";
/// Fingerprinted assets never change under the same name.
pub const ASSET_CACHE: &str = "public, max-age=31536000, immutable";
/// Objects Trogs wrote carry this metadata: the hash of their bytes.
pub const HASH_METADATA: &str = "trogs-hash";
/// Writes in flight.
pub const PARALLELISM: usize = 16;

/// The Cache-Control a path is stored with.
pub fn cache_control(path: &str) -> &'static str {
    if path.starts_with("assets/") {
        ASSET_CACHE
    } else {
        PAGE_CACHE
    }
}

/// MD5, as S3 reports it in the ETag of a single-part object.
pub fn md5(bytes: &[u8]) -> Hash128 {
    Hash128(u128::from_be_bytes(md5::Md5::digest(bytes).into()))
}

/// An ETag (`"0123…"`) as a hash; `None` for a multipart ETag (`"…-3"`).
pub fn etag_md5(etag: &str) -> Option<Hash128> {
    let hex = etag.trim_matches('"');
    (hex.len() == 32)
        .then(|| u128::from_str_radix(hex, 16).ok().map(Hash128))
        .flatten()
}

/// Requests a target made, by kind (each call counts once; the SDK's own
/// retries are not counted).
#[derive(Debug, Default)]
pub struct Stats {
    pub get: AtomicU64,
    pub put: AtomicU64,
    pub head: AtomicU64,
    pub delete: AtomicU64,
    pub list: AtomicU64,
    /// Bytes of the bodies PUT (pages, files, the manifest and its log).
    pub put_bytes: AtomicU64,
}

/// A snapshot of [`Stats`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Requests {
    pub get: u64,
    pub put: u64,
    pub head: u64,
    pub delete: u64,
    pub list: u64,
    pub put_bytes: u64,
}

impl Requests {
    pub fn total(&self) -> u64 {
        self.get + self.put + self.head + self.delete + self.list
    }
}

impl std::ops::Sub for Requests {
    type Output = Requests;
    fn sub(self, o: Requests) -> Requests {
        Requests {
            get: self.get - o.get,
            put: self.put - o.put,
            head: self.head - o.head,
            delete: self.delete - o.delete,
            list: self.list - o.list,
            put_bytes: self.put_bytes - o.put_bytes,
        }
    }
}

impl std::fmt::Display for Requests {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} requests ({} GET, {} PUT, {} HEAD, {} DELETE, {} LIST; {:.1} KB PUT)",
            self.total(),
            self.get,
            self.put,
            self.head,
            self.delete,
            self.list,
            self.put_bytes as f64 / 1000.0
        )
    }
}

impl Stats {
    pub fn snapshot(&self) -> Requests {
        let l = |a: &AtomicU64| a.load(Ordering::Relaxed);
        Requests {
            get: l(&self.get),
            put: l(&self.put),
            head: l(&self.head),
            delete: l(&self.delete),
            list: l(&self.list),
            put_bytes: l(&self.put_bytes),
        }
    }
}

fn bump(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

#[derive(Clone)]
pub struct S3Target {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    location: Location,
    public_read: bool,
    runtime: tokio::runtime::Handle,
    stats: Stats,
    state: Mutex<State>,
    /// The CloudFront distribution in front of the bucket, if any.
    cdn: std::sync::OnceLock<Cdn>,
}

#[derive(Default)]
struct State {
    /// The delta log as loaded (appended to and written back whole).
    delta: Option<String>,
    /// The size of the base manifest as loaded (`None`: there is none).
    base_len: Option<u64>,
    /// Without a manifest: the MD5 (ETag) of every object under the prefix,
    /// by key (after the prefix).
    listing: Option<HashMap<String, Hash128>>,
    /// The pages this publish wrote or removed (with a distribution).
    changed: Changed,
    /// What became of the last publish's invalidation.
    invalidation: Option<Invalidation>,
}

impl std::fmt::Debug for S3Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "S3Target({})", self.inner.location)
    }
}

impl S3Target {
    /// A target for `location`; must be called on the runtime its blocking
    /// methods will run their requests on. Makes no request.
    pub async fn connect(location: Location, options: &Options) -> S3Target {
        let client = Client::connect(options).await;
        S3Target::with_client(client, location, options.public_read)
    }

    pub fn with_client(client: Client, location: Location, public_read: bool) -> S3Target {
        S3Target {
            inner: Arc::new(Inner {
                client,
                location,
                public_read,
                runtime: tokio::runtime::Handle::current(),
                stats: Stats::default(),
                state: Mutex::default(),
                cdn: std::sync::OnceLock::new(),
            }),
        }
    }

    pub fn location(&self) -> &Location {
        &self.inner.location
    }

    /// From now on, each publish (a manifest saved) invalidates the pages
    /// it wrote or removed in `cdn`'s distribution. Set once; a second
    /// call is ignored.
    pub fn invalidate_with(&self, cdn: Cdn) {
        let _ = self.inner.cdn.set(cdn);
    }

    /// The distribution each publish invalidates, if any.
    pub fn cdn(&self) -> Option<&Cdn> {
        self.inner.cdn.get()
    }

    /// What became of the last publish's invalidation (`None`: nothing was
    /// sent), once.
    pub fn take_invalidation(&self) -> Option<Invalidation> {
        self.state().invalidation.take()
    }

    /// Notes a file written or removed, for the publish's invalidation
    /// (only pages count: see `Address::page`).
    fn changed(&self, file: Address<'_>) {
        if let Some(cdn) = self.cdn()
            && file.page
        {
            self.state().changed.record(file.key, cdn.max_paths());
        }
    }

    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// The requests made so far.
    pub fn requests(&self) -> Requests {
        self.inner.stats.snapshot()
    }

    /// The sizes of the manifest and of its delta log, as last loaded or
    /// saved (`None`: no manifest).
    pub fn manifest_sizes(&self) -> (Option<u64>, u64) {
        let s = self.state();
        (s.base_len, s.delta.as_ref().map_or(0, |d| d.len() as u64))
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.inner.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs a request on the target's runtime and waits for it.
    fn run<T: Send + 'static>(
        &self,
        what: impl FnOnce(Arc<Inner>) -> std::pin::Pin<Box<dyn Future<Output = T> + Send>>,
    ) -> Result<T> {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let future = what(self.inner.clone());
        self.inner.runtime.spawn(async move {
            let _ = tx.send(future.await);
        });
        rx.recv().map_err(|_| PublishError::Remote {
            target: self.inner.location.to_string(),
            detail: "the runtime stopped before the request finished".into(),
        })
    }

    fn error(&self, op: &str, key: &str, e: impl std::fmt::Display) -> PublishError {
        PublishError::Remote {
            target: format!("s3://{}/{key}", self.inner.location.bucket),
            detail: format!("{op}: {e}"),
        }
    }

    /// GETs an object under `.trogs/`; `None` when missing.
    fn get_state(&self, rel: &str) -> Result<Option<Vec<u8>>> {
        self.get(self.inner.location.key(rel))
    }

    /// GETs an object by its key; `None` when missing.
    fn get(&self, key: String) -> Result<Option<Vec<u8>>> {
        let k = key.clone();
        let result = self.run(move |inner| {
            Box::pin(async move {
                bump(&inner.stats.get);
                let out = inner
                    .client
                    .sdk
                    .get_object()
                    .bucket(&inner.location.bucket)
                    .key(&k)
                    .send()
                    .await
                    .map_err(|e| match e.as_service_error() {
                        Some(s) if s.is_no_such_key() => None,
                        _ => Some(error_text(&e)),
                    })?;
                let bytes = out.body.collect().await.map_err(|e| Some(e.to_string()))?;
                Ok::<_, Option<String>>(bytes.into_bytes().to_vec())
            })
        })?;
        match result {
            Ok(bytes) => Ok(Some(bytes)),
            Err(None) => Ok(None),
            Err(Some(e)) => Err(self.error("GET", &key, e)),
        }
    }

    pub fn load_manifest(&self, _adopt: bool) -> Result<Manifest> {
        // The two state objects, at once: an unchanged republish makes no
        // other request.
        let (base, delta) = {
            let this = self.clone();
            let delta = std::thread::scope(|s| {
                let delta = s.spawn(|| this.get_state(DELTA_PATH));
                let base = self.get_state(MANIFEST_PATH);
                (base, delta.join().expect("the GET thread does not panic"))
            });
            (delta.0?, delta.1?)
        };
        let manifest_path = || PathBuf::from(self.inner.location.key(MANIFEST_PATH));
        let mut state = self.state();
        state.listing = None;
        state.delta = None;
        // A publish that failed before saving leaves pages uninvalidated:
        // they expire from the cache within a minute, sooner than another
        // publish would send them.
        state.changed = Changed::default();
        state.invalidation = None;
        state.base_len = base.as_ref().map(|b| b.len() as u64);
        let Some(base) = base else {
            drop(state);
            let listing = self.list()?;
            self.state().listing = Some(listing);
            return Ok(Manifest::default());
        };
        let mut manifest =
            Manifest::read(base.as_slice()).map_err(|source| PublishError::Manifest {
                path: manifest_path(),
                source,
            })?;
        if let Some(delta) = delta {
            let text = String::from_utf8_lossy(&delta).into_owned();
            manifest
                .apply_delta(&text)
                .map_err(|source| PublishError::Manifest {
                    path: PathBuf::from(self.inner.location.key(DELTA_PATH)),
                    source,
                })?;
            // A log of an older base is replaced when the manifest is saved.
            if text.starts_with(&manifest.delta_head()) {
                state.delta = Some(text);
            }
        }
        Ok(manifest)
    }

    /// Lists every object under the prefix: key (after the prefix) → MD5
    /// (single-part objects only; a multipart ETag is not an MD5).
    fn list(&self) -> Result<HashMap<String, Hash128>> {
        let prefix = self.inner.location.prefix.clone();
        let result = self.run(move |inner| {
            Box::pin(async move {
                let mut found = HashMap::new();
                let mut pages = inner
                    .client
                    .sdk
                    .list_objects_v2()
                    .bucket(&inner.location.bucket)
                    .prefix(&prefix)
                    .into_paginator()
                    .send();
                while let Some(page) = pages.next().await {
                    bump(&inner.stats.list);
                    let page = page.map_err(|e| error_text(&e))?;
                    for object in page.contents() {
                        let Some(key) = object.key() else { continue };
                        let Some(key) = key.strip_prefix(&prefix) else {
                            continue;
                        };
                        if let Some(md5) = object.e_tag().and_then(etag_md5) {
                            found.insert(key.to_string(), md5);
                        }
                    }
                }
                Ok::<_, String>(found)
            })
        })?;
        result.map_err(|e| self.error("LIST", &self.inner.location.prefix, e))
    }

    /// Paths are claimed by the conditional put itself (see the module's
    /// notes), so there is nothing to note beforehand.
    pub fn claim(&self, _paths: &[&str]) -> Result<()> {
        Ok(())
    }

    pub fn put(&self, file: Address<'_>, bytes: &[u8], how: Put) -> Result<Stored> {
        let md5 = md5(bytes);
        if how != Put::Ours
            && let Some(listing) = &self.state().listing
            && listing.get(file.key) == Some(&md5)
        {
            // The object holds these very bytes already (a lost manifest).
            return Ok(Stored {
                written: false,
                md5: Some(md5),
            });
        }
        let key = self.inner.location.key(file.key);
        let object = Object {
            key: key.clone(),
            body: bytes.to_vec(),
            content_type: super::content_type(file.path),
            cache_control: cache_control(file.path),
            hash: Hash128::of(bytes).hex().as_str().to_string(),
        };
        // A page new to the bucket was never cached at the edge (the
        // distribution doesn't cache S3's 404s), so only pages that
        // replace an object are invalidated.
        let replaced = match self.put_object(object.clone(), how == Put::New)? {
            PutResult::Done => how != Put::New,
            PutResult::Exists => {
                if !self.written_by_trogs(&key)? {
                    return Err(PublishError::Foreign(PathBuf::from(format!(
                        "s3://{}/{key}",
                        self.inner.location.bucket
                    ))));
                }
                // A page a killed publish wrote: ours.
                match self.put_object(object, false)? {
                    PutResult::Done => {}
                    PutResult::Exists => unreachable!("an unconditional put"),
                }
                true
            }
        };
        if replaced {
            self.changed(file);
        }
        Ok(Stored {
            written: true,
            md5: Some(md5),
        })
    }

    fn put_object(&self, object: Object, if_absent: bool) -> Result<PutResult> {
        let key = object.key.clone();
        let result = self.run(move |inner| {
            Box::pin(async move {
                bump(&inner.stats.put);
                inner
                    .stats
                    .put_bytes
                    .fetch_add(object.body.len() as u64, Ordering::Relaxed);
                let mut put = inner
                    .client
                    .sdk
                    .put_object()
                    .bucket(&inner.location.bucket)
                    .key(&object.key)
                    .content_type(object.content_type)
                    .cache_control(object.cache_control)
                    .metadata(HASH_METADATA, object.hash)
                    .body(ByteStream::from(object.body));
                if if_absent {
                    put = put.if_none_match("*");
                }
                if inner.public_read {
                    put = put.acl(ObjectCannedAcl::PublicRead);
                }
                match put.send().await {
                    Ok(_) => Ok(PutResult::Done),
                    Err(e) if if_absent && is_precondition_failed(&e) => Ok(PutResult::Exists),
                    Err(e) => Err(error_text(&e)),
                }
            })
        })?;
        result.map_err(|e| self.error("PUT", &key, e))
    }

    /// True when the object carries the metadata Trogs puts on its objects.
    fn written_by_trogs(&self, key: &str) -> Result<bool> {
        let k = key.to_string();
        let result = self.run(move |inner| {
            Box::pin(async move {
                bump(&inner.stats.head);
                match inner
                    .client
                    .sdk
                    .head_object()
                    .bucket(&inner.location.bucket)
                    .key(&k)
                    .send()
                    .await
                {
                    Ok(out) => Ok(out
                        .metadata()
                        .is_some_and(|m| m.contains_key(HASH_METADATA))),
                    Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => Ok(false),
                    Err(e) => Err(error_text(&e)),
                }
            })
        })?;
        result.map_err(|e| self.error("HEAD", key, e))
    }

    /// Deletes a path the manifest lists. S3 does not say whether the object
    /// was there, so this answers `true`.
    pub fn remove(&self, file: Address<'_>) -> Result<bool> {
        let key = self.inner.location.key(file.key);
        self.delete(&key)?;
        self.changed(file);
        Ok(true)
    }

    fn delete(&self, key: &str) -> Result<()> {
        let k = key.to_string();
        let result = self.run(move |inner| {
            Box::pin(async move {
                bump(&inner.stats.delete);
                inner
                    .client
                    .sdk
                    .delete_object()
                    .bucket(&inner.location.bucket)
                    .key(&k)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| error_text(&e))
            })
        })?;
        result.map_err(|e| self.error("DELETE", key, e))
    }

    /// Saves the manifest: nothing when nothing changed, the delta log
    /// rewritten for a small change, else the base (and the log deleted).
    pub fn save_manifest(&self, mut manifest: Manifest) -> Result<()> {
        let (base_len, delta) = {
            let s = self.state();
            (s.base_len, s.delta.clone())
        };
        let delta_len = delta.as_ref().map_or(0, |d| d.len() as u64);
        // A log of the older format is replaced by the rewritten base.
        let migrated = manifest.migrated();
        match manifest.save_plan(base_len, delta_len) {
            SavePlan::Nothing => {}
            SavePlan::AppendDelta => {
                let mut text = delta.unwrap_or_else(|| manifest.delta_head());
                text.push_str(&manifest.delta_lines());
                self.put_state(DELTA_PATH, text.clone().into_bytes())?;
                self.state().delta = Some(text);
            }
            SavePlan::RewriteBase => {
                manifest.generation = fastrand::u64(1..);
                let mut bytes = Vec::new();
                manifest
                    .write(&mut bytes)
                    .expect("writing into memory does not fail");
                let len = bytes.len() as u64;
                self.put_state(MANIFEST_PATH, bytes)?;
                if delta.is_some() || base_len.is_none() || migrated {
                    // (With no base before, a stray log may be there too.)
                    self.delete(&self.inner.location.key(DELTA_PATH))?;
                }
                let mut s = self.state();
                s.base_len = Some(len);
                s.delta = None;
            }
        }
        // The manifest lists every page now.
        self.state().listing = None;
        self.invalidate()
    }

    /// Sends the publish's one invalidation, once its pages are in place
    /// and its manifest saved. Its failure is reported, not returned: the
    /// pages are published.
    fn invalidate(&self) -> Result<()> {
        let Some(cdn) = self.cdn().cloned() else {
            return Ok(());
        };
        let changed = std::mem::take(&mut self.state().changed);
        if changed.is_empty() {
            return Ok(());
        }
        let outcome = self.run(move |_| Box::pin(async move { cdn.invalidate(changed).await }))?;
        self.state().invalidation = Some(outcome);
        Ok(())
    }

    fn put_state(&self, rel: &str, body: Vec<u8>) -> Result<()> {
        let key = self.inner.location.key(rel);
        let k = key.clone();
        let result = self.run(move |inner| {
            Box::pin(async move {
                bump(&inner.stats.put);
                inner
                    .stats
                    .put_bytes
                    .fetch_add(body.len() as u64, Ordering::Relaxed);
                inner
                    .client
                    .sdk
                    .put_object()
                    .bucket(&inner.location.bucket)
                    .key(&k)
                    .content_type(if k.ends_with(".json") {
                        "application/json"
                    } else {
                        "text/plain; charset=utf-8"
                    })
                    .cache_control("no-store")
                    .body(ByteStream::from(body))
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(|e| error_text(&e))
            })
        })?;
        result.map_err(|e| self.error("PUT", &key, e))
    }

    /// A published path's bytes.
    pub fn read(&self, file: Address<'_>) -> Result<Option<Vec<u8>>> {
        self.get(self.inner.location.key(file.key))
    }
}

#[derive(Clone)]
struct Object {
    key: String,
    body: Vec<u8>,
    content_type: &'static str,
    cache_control: &'static str,
    hash: String,
}

enum PutResult {
    Done,
    /// `If-None-Match: *` failed: an object is there.
    Exists,
}

fn is_precondition_failed<E: ProvideErrorMetadata>(
    e: &SdkError<E, sdk::config::http::HttpResponse>,
) -> bool {
    e.raw_response().map(|r| r.status().as_u16()) == Some(412)
        || e.code() == Some("PreconditionFailed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags() {
        assert_eq!(
            etag_md5("\"5d41402abc4b2a76b9719d911017c592\""),
            Some(md5(b"hello"))
        );
        assert_eq!(etag_md5("\"5d41402abc4b2a76b9719d911017c592-2\""), None);
    }
}
