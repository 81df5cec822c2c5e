//! Live regeneration: after each write, the pages it touches are rendered
//! by the generator library, in this process, and published through the
//! site's target and manifest, following the generator's rules for what a
//! change re-renders.
//!
//! - **Coalescing.** Writes that arrive within `--coalesce-ms` of the first
//!   are published together in one build.
//! - **Read your write.** The indexes pages are read from are eventually
//!   consistent. Before building, each write's row is looked up the way
//!   its page reads it, until the written version shows (or, for a delete,
//!   the row is gone), retrying with backoff.
//! - **One publisher at a time.** Several uploader processes may share one
//!   table and one site. A build holds a lease item in the table (taken with
//!   a conditional write, with an expiry in case its holder dies), so two
//!   builds never interleave their pages or their manifests.
//! - **Not inside a request on Lambda.** There a publish, which may wait
//!   for the lease, is sent as a `publish` job (`crate::jobs`) and the
//!   answer says the pages show in a moment; the job publishes them.

use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::{mpsc, oneshot};
use trogs::catalog::items::stored_version as version_of;
use trogs::site::{PageRef, Site};
use trogs::store::{Condition, Index, Key, Query, Store, StoreError};

/// What the artist is told about the pages of a change.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Live {
    /// The pages are published.
    pub published: bool,
    /// The published pages of the change, as URLs on the site.
    pub urls: Vec<String>,
    /// Why they are not published yet, when they are not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Live {
    /// Nothing changed, so nothing needed publishing.
    pub fn unchanged() -> Live {
        Live {
            published: true,
            urls: Vec::new(),
            error: None,
        }
    }
}

/// A row a build must see before it runs: present with at least `version`,
/// or gone (`version: None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Expect {
    pub index: Index,
    pub hash: String,
    pub pk: String,
    pub sk: String,
    pub version: Option<i64>,
}

impl Expect {
    pub fn item(index: Index, hash: &str, pk: &str, sk: &str, version: i64) -> Expect {
        Expect {
            index,
            hash: hash.into(),
            pk: pk.into(),
            sk: sk.into(),
            version: Some(version),
        }
    }

    pub fn gone(index: Index, hash: &str, pk: &str, sk: &str) -> Expect {
        Expect {
            index,
            hash: hash.into(),
            pk: pk.into(),
            sk: sk.into(),
            version: None,
        }
    }

    async fn visible(&self, store: &Store) -> Result<bool, StoreError> {
        let rows = store.query_all(Query::new(self.index, &self.hash)).await?;
        let row = rows.iter().find(|r| {
            trogs::store::get_s(r, "PK") == Some(&self.pk)
                && trogs::store::get_s(r, "SK") == Some(&self.sk)
        });
        Ok(match (row, self.version) {
            (None, None) => true,
            (Some(_), None) => false,
            // Not in the index yet, or deleted since (a delete racing this
            // write): then the build shows the deletion, which is newer, and
            // waiting would only hold up the delete's own pages.
            (None, Some(_)) => store.get(Key::new(&self.pk, &self.sk)).await?.is_none(),
            (Some(r), Some(want)) => version_of(r) >= want,
        })
    }
}

struct Request {
    changes: Vec<PageRef>,
    expects: Vec<Expect>,
    /// Build the whole site instead (at start, in dev mode).
    full: bool,
    done: oneshot::Sender<Live>,
}

/// The regeneration worker's handle. Cheap to clone.
#[derive(Clone)]
pub struct Regen {
    tx: mpsc::Sender<Request>,
    base_url: String,
}

/// Called after each publish (dev mode reloads open pages with it).
pub type OnPublish = Box<dyn Fn() + Send + Sync>;

/// How long a build may wait for its writes to show in the indexes.
const VISIBLE_WITHIN: Duration = Duration::from_secs(10);
/// How long a publish lease lasts unless renewed; a process that dies
/// holding one blocks the others at most this long.
const LEASE: Duration = Duration::from_secs(30);
/// How long a process waits for another's lease before giving up.
const LEASE_WAIT: Duration = Duration::from_secs(60);

impl Regen {
    /// Starts the worker over `site`.
    pub fn start(site: Site, coalesce: Duration, on_publish: Option<OnPublish>) -> Regen {
        let (tx, rx) = mpsc::channel(1024);
        let base_url = site.info.base_url.trim_end_matches('/').to_string();
        tokio::spawn(worker(site, rx, coalesce, on_publish));
        Regen { tx, base_url }
    }

    /// Builds and publishes the whole site, holding the lease like any
    /// other publish.
    pub async fn publish_all(&self) -> Live {
        self.send(Vec::new(), Vec::new(), true).await
    }

    /// Publishes the pages `changes` touch once `expects` are visible, and
    /// says whether they are live. On Lambda, within a request, they are
    /// handed to a `publish` job instead (not live yet).
    pub async fn publish(&self, changes: Vec<PageRef>, expects: Vec<Expect>) -> Live {
        if crate::jobs::deferred() {
            return queue(&changes, &expects).await;
        }
        self.send(changes, expects, false).await
    }

    async fn send(&self, changes: Vec<PageRef>, expects: Vec<Expect>, full: bool) -> Live {
        let urls = changes
            .iter()
            .map(|p| format!("{}/{}", self.base_url, url_path(p)))
            .collect();
        let (done, wait) = oneshot::channel();
        let sent = self
            .tx
            .send(Request {
                changes,
                expects,
                full,
                done,
            })
            .await;
        let failed = |why: &str| Live {
            published: false,
            urls: Vec::new(),
            error: Some(why.to_string()),
        };
        if sent.is_err() {
            return failed(
                "the publisher has stopped; the change is saved and will show after the next build",
            );
        }
        match wait.await {
            Ok(mut live) => {
                if live.published {
                    live.urls = urls;
                }
                live
            }
            Err(_) => failed(
                "the publisher stopped; the change is saved and will show after the next build",
            ),
        }
    }
}

/// Sends the publish to a job, which takes turns for the lease as long as
/// it needs; the request answers at once.
async fn queue(changes: &[PageRef], expects: &[Expect]) -> Live {
    if changes.is_empty() {
        return Live::unchanged();
    }
    let job = crate::jobs::Job::Publish {
        pages: changes.iter().map(crate::jobs::Page::from).collect(),
        expects: expects.iter().map(crate::jobs::Awaited::from).collect(),
    };
    let error = match crate::jobs::send(&job).await {
        Ok(()) => "the change is saved; its pages are being published and show in a moment".into(),
        Err(e) => {
            tracing::error!(error = %e, "a publish could not be sent to its job");
            "the change is saved, but its pages could not be handed on for publishing; \
             they show after the next publish, or when the scheduled sweep publishes them"
                .to_string()
        }
    };
    Live {
        published: false,
        urls: Vec::new(),
        error: Some(error),
    }
}

impl From<&Expect> for crate::jobs::Awaited {
    fn from(e: &Expect) -> crate::jobs::Awaited {
        crate::jobs::Awaited {
            index: e.index.name().unwrap_or(TABLE).to_string(),
            hash: e.hash.clone(),
            pk: e.pk.clone(),
            sk: e.sk.clone(),
            version: e.version,
        }
    }
}

impl TryFrom<crate::jobs::Awaited> for Expect {
    type Error = String;

    fn try_from(a: crate::jobs::Awaited) -> Result<Expect, String> {
        let index = [
            Index::Table,
            Index::ArtistsAlbums,
            Index::ArtistContent,
            Index::ArtistsByOwner,
            Index::ArtistsNames,
        ]
        .into_iter()
        .find(|i| i.name().unwrap_or(TABLE) == a.index)
        .ok_or_else(|| {
            format!(
                "the job names an index this service does not know: {}",
                a.index
            )
        })?;
        Ok(Expect {
            index,
            hash: a.hash,
            pk: a.pk,
            sk: a.sk,
            version: a.version,
        })
    }
}

/// How a job names the table itself, which has no index name.
const TABLE: &str = "table";

fn url_path(page: &PageRef) -> String {
    match page {
        PageRef::Home => String::new(),
        PageRef::Artist(id) => format!("artist/{id}"),
        PageRef::Album(id) => format!("album/{id}"),
        PageRef::Track(id) => format!("track/{id}"),
        PageRef::NotFound => "404".into(),
        PageRef::Artists { .. } => page.url().trim_start_matches('/').to_string(),
    }
}

async fn worker(
    site: Site,
    mut rx: mpsc::Receiver<Request>,
    coalesce: Duration,
    on_publish: Option<OnPublish>,
) {
    let holder = crate::session::random_token();
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        let until = tokio::time::Instant::now() + coalesce;
        while let Ok(Some(next)) = tokio::time::timeout_at(until, rx.recv()).await {
            batch.push(next);
        }
        while let Ok(next) = rx.try_recv() {
            batch.push(next);
        }
        let outcome = publish_batch(&site, &holder, &batch).await;
        if outcome.is_ok()
            && let Some(f) = &on_publish
        {
            f();
        }
        for request in batch {
            let live = match &outcome {
                Ok(()) => Live {
                    published: true,
                    urls: Vec::new(),
                    error: None,
                },
                Err(e) => Live {
                    published: false,
                    urls: Vec::new(),
                    error: Some(format!(
                        "the change is saved, but its pages could not be published yet: {e}"
                    )),
                },
            };
            let _ = request.done.send(live);
        }
    }
}

async fn publish_batch(site: &Site, holder: &str, batch: &[Request]) -> Result<(), String> {
    let started = Instant::now();
    let mut changes: Vec<PageRef> = Vec::new();
    for r in batch {
        for c in &r.changes {
            if !changes.contains(c) {
                changes.push(c.clone());
            }
        }
    }
    // Wait until the indexes show every write of the batch.
    let mut delay = Duration::from_millis(10);
    for expect in batch.iter().flat_map(|r| &r.expects) {
        loop {
            match expect.visible(&site.store).await {
                Ok(true) => break,
                Ok(false) if started.elapsed() < VISIBLE_WITHIN => {
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(Duration::from_millis(500));
                }
                Ok(false) => {
                    return Err("the catalog's indexes did not show the change in time".into());
                }
                Err(e) => return Err(e.to_string()),
            }
        }
    }
    let lease = Lease::take(&site.store, holder).await?;
    let report = if batch.iter().any(|r| r.full) {
        site.build_all().await
    } else {
        site.build_changed(&changes).await
    };
    lease.release(&site.store).await;
    let report = report.map_err(|e| e.to_string())?;
    tracing::info!(
        changes = changes.len(),
        writes = batch.len(),
        pages = report.pages,
        written = report.written,
        feeds = report.feeds_written,
        removed = report.removed.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "published"
    );
    Ok(())
}

/// The publish lease: one item in the table.
struct Lease {
    holder: String,
}

fn lease_key() -> Key {
    trogs::catalog::records::Lease::key("publish")
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl Lease {
    async fn take(store: &Store, holder: &str) -> Result<Lease, String> {
        let started = Instant::now();
        loop {
            use trogs::catalog::records::Lease as Record;
            let key = lease_key();
            let item = Record {
                holder: holder.to_string(),
                expires_ms: now_ms() + LEASE.as_millis() as i64,
            }
            .to_item(&key);
            let current = store.get(key.clone()).await.map_err(|e| e.to_string())?;
            let condition = match &current {
                None => Some(Condition::NotExists),
                Some(held) => {
                    let lease = Record::from_item(held);
                    let mine = lease.holder == holder;
                    if mine || lease.expires_ms < now_ms() {
                        // Taken over only if nobody renewed or took it meanwhile.
                        Some(Record::unchanged(held))
                    } else {
                        None
                    }
                }
            };
            if let Some(condition) = condition {
                match store.put(item, Some(condition)).await {
                    Ok(()) => {
                        return Ok(Lease {
                            holder: holder.to_string(),
                        });
                    }
                    Err(StoreError::ConditionFailed(_)) => {}
                    Err(e) => return Err(e.to_string()),
                }
            }
            if started.elapsed() > LEASE_WAIT {
                return Err("another uploader process held the publish lease too long".into());
            }
            tokio::time::sleep(Duration::from_millis(fastrand::u64(10..40))).await;
        }
    }

    async fn release(self, store: &Store) {
        let released = store
            .delete(
                lease_key(),
                Some(trogs::catalog::records::Lease::held_by(&self.holder)),
            )
            .await;
        if let Err(e) = released {
            tracing::warn!(error = %e, "the publish lease was not released; it expires by itself");
        }
    }
}
