//! The build pipeline, as three stages connected by bounded channels:
//! plan (async queries, a bounded number in flight) → render (rayon, in
//! parallel) → publish (a few writer threads, only changed bytes). A full
//! build streams artist by artist, so memory is bounded by the largest
//! artist, not by the catalog. The manifest is loaded first and saved last.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use futures_util::{StreamExt, stream};
use rayon::prelude::*;

use super::context::Contexts;
use super::directory::Directory;
use super::feeds;
use super::page::{PageRef, SITE_FEED_PATH, address};
use super::plan::{ArtistRows, Loaded, Plan, read_artist};
use super::render::{Job, Templates, site_fingerprint};
use super::sitemap;
use super::{BuildError, Result, Site};
use crate::catalog::model::Artist;
use crate::catalog::queries;
use crate::hash::Hash128;
use crate::publish::{Manifest, PublishError, Put, Release, Target};

/// What a build did.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// How many pages the build made (rendered, or kept because their inputs
    /// had not changed).
    pub pages: usize,
    /// Their paths, sorted, for builds of up to `RENDERED_LIST_LIMIT` pages;
    /// empty past it, so that memory does not grow with the catalog.
    pub rendered: Vec<String>,
    pub written: usize,
    /// Pages whose published bytes were already right.
    pub unchanged: usize,
    /// Of those, pages not even rendered: their inputs had not changed.
    pub reused: usize,
    /// Paths removed, sorted.
    pub removed: Vec<String>,
    pub assets_written: usize,
    /// Files written beside pages (playlists, feeds, embeds and oEmbed
    /// answers: `PageRef::companions`), and `feed.atom`.
    pub feeds_written: usize,
    pub queries: u64,
    /// Read capacity units consumed, when the engine reports them (DynamoDB).
    pub read_units: Option<f64>,
    /// Requests the engine retried after throttling.
    pub throttled: u64,
    /// Items left out because they don't fit the table layout, and pages
    /// two entities claimed.
    pub skipped: Vec<String>,
    /// The CDN invalidation the publish sent (or failed to), when the
    /// target has a distribution in front and pages changed.
    pub invalidation: Option<crate::publish::cdn::Invalidation>,
    pub elapsed: Duration,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        write!(
            f,
            "{} pages rendered, {} written, {} unchanged, {} removed; {} assets and {} playlists, feeds and embeds written; {} queries; {:.3} s",
            self.pages,
            self.written,
            self.unchanged,
            self.removed.len(),
            self.assets_written,
            self.feeds_written,
            self.queries,
            secs,
        )?;
        if secs > 0.0 && self.pages > 0 {
            write!(f, " ({:.0} pages/s)", self.pages as f64 / secs)?;
        }
        if let Some(units) = self.read_units {
            write!(f, "; {units:.1} read units consumed")?;
        }
        if self.throttled > 0 {
            write!(f, "; {} requests throttled and retried", self.throttled)?;
        }
        if self.reused > 0 {
            write!(
                f,
                "; {} pages kept without rendering, their inputs unchanged",
                self.reused
            )?;
        }
        match &self.invalidation {
            Some(i @ crate::publish::cdn::Invalidation::Sent { .. }) => {
                let n = i.paths().len();
                let s = if n == 1 { "" } else { "s" };
                write!(f, "; {n} CloudFront path{s} invalidated")?;
            }
            Some(crate::publish::cdn::Invalidation::Failed { .. }) => {
                write!(f, "; the CloudFront invalidation FAILED (logged above)")?;
            }
            None => {}
        }
        Ok(())
    }
}

/// Past this many pages a full build's report lists no paths, only counts.
pub const RENDERED_LIST_LIMIT: usize = 20_000;

/// What the plan stage hands the render stage.
enum Batch {
    Assets,
    Home(Arc<Directory>),
    NotFound,
    Artist(Box<ArtistRows>),
    Pages(Box<Loaded>, BTreeSet<PageRef>),
    /// Sent last, when the plan stage read everything it meant to: the
    /// sitemap is made once every page is published.
    Sitemap(SitemapMode),
}

/// The pages a batch renders.
fn batch_jobs(batch: &Batch) -> Vec<Job<'_>> {
    match batch {
        Batch::Home(directory) => std::iter::once(Job::Home(directory))
            .chain((0..directory.pages.len()).map(|i| Job::Artists(directory, i)))
            .collect(),
        Batch::NotFound => vec![Job::NotFound],
        Batch::Artist(rows) => rows.jobs(),
        Batch::Pages(loaded, pages) => loaded.jobs(pages),
        Batch::Assets | Batch::Sitemap(_) => Vec::new(),
    }
}

/// How many batches the render stage holds at once: enough for every
/// thread to have work while one batch ends and the next begins.
const IN_FLIGHT: usize = 4;

/// A counting semaphore: the render stage takes a slot for each batch it
/// hands to the thread pool, and the batch gives it back when rendered.
struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    fn new(count: usize) -> Self {
        Slots {
            free: Mutex::new(count),
            freed: Condvar::new(),
        }
    }

    fn acquire(&self) {
        let mut free = lock(&self.free);
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|p| p.into_inner());
        }
        *free -= 1;
    }

    fn release(&self) {
        *lock(&self.free) += 1;
        self.freed.notify_one();
    }
}

/// A slot taken from `Slots`, given back when dropped.
struct SlotTaken<'a>(&'a Slots);

impl Drop for SlotTaken<'_> {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// A mutex's value, even if a thread panicked holding it (the panic is
/// reported on its own).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

/// Which pages the sitemap lists.
enum SitemapMode {
    /// Those the build produced.
    Full,
    /// Those the manifest lists, less these paths (being removed).
    Changed(std::collections::HashSet<String>),
}

/// What the render stage hands the publish stage.
struct Output {
    path: String,
    bytes: Vec<u8>,
    inputs: Hash128,
    parents: Vec<PageRef>,
    kind: Kind,
    /// For a release's page: what the site-wide feed lists of it.
    release: Option<Box<Release>>,
}

/// A page of a batch, before it is rendered: where it goes, and from what.
struct Planned {
    path: String,
    companions: Vec<String>,
    inputs: Hash128,
}

/// What an output is, for the report.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    /// Theme assets, `sitemap.xml`, `robots.txt`.
    Asset,
    /// Files beside pages (playlists, feeds, embeds, oEmbed answers) and
    /// `feed.atom`.
    Feed,
}

impl Site {
    /// Builds the whole site: one query for the home page, one per artist and
    /// one per album; track pages come from rows already read.
    pub async fn build_all(&self) -> Result<Report> {
        let started = Instant::now();
        let before = Counters::of(&self.store);
        let manifest = self
            .on_blocking_pool(|site| Ok(site.target.load_manifest(site.options.adopt)?))
            .await?;
        let published = published_pages(&manifest);
        let home = queries::artists(&self.store).await?;
        let mut skipped: Vec<String> = home.skipped.iter().map(ToString::to_string).collect();
        let artists = home.value;
        self.check_artists_still_there(&manifest, &artists)?;
        let directory = Arc::new(Directory::new(artists));
        tracing::debug!(elapsed = ?started.elapsed(), "manifest and artists read");

        let in_flight = self.store.max_in_flight();
        let (tx, rx) = tokio::sync::mpsc::channel::<Batch>(in_flight * 2);
        let site = self.clone();
        let render = tokio::task::spawn_blocking(move || site.render_stage(manifest, rx));

        let store = self.store.clone();
        let mut plan_error = None;
        let mut reads = stream::iter(0..directory.artists.len())
            .map(|i| {
                let (store, directory) = (&store, Arc::clone(&directory));
                async move { read_artist(store, &directory.artists[i]).await }
            })
            .buffer_unordered(in_flight);
        let mut send = vec![
            Batch::Assets,
            Batch::Home(Arc::clone(&directory)),
            Batch::NotFound,
        ];
        'plan: loop {
            for batch in send.drain(..) {
                if tx.send(batch).await.is_err() {
                    // The render stage stopped: its error says why.
                    break 'plan;
                }
            }
            match reads.next().await {
                Some(Ok(Some(mut rows))) => {
                    skipped.extend(rows.skipped.drain(..).map(|e| e.to_string()));
                    send.push(Batch::Artist(Box::new(rows)));
                }
                Some(Ok(None)) => {}
                Some(Err(e)) => {
                    plan_error = Some(e);
                    break;
                }
                None => break,
            }
        }
        drop(reads);
        if plan_error.is_none() {
            // A build that could not read the whole catalog publishes no sitemap.
            let _ = tx.send(Batch::Sitemap(SitemapMode::Full)).await;
        }
        drop(tx);
        tracing::debug!(elapsed = ?started.elapsed(), "catalog read");
        let (manifest, mut report) = join(render).await?;
        tracing::debug!(elapsed = ?started.elapsed(), "pages rendered and published");
        if let Some(e) = plan_error {
            return Err(e);
        }

        // What this build did not produce was published by an earlier one.
        let stale: Vec<String> = manifest.unseen();
        let stale_pages = stale.iter().filter(|p| is_page(p)).count();
        if let Err(e) = self.check_removal(stale_pages, published, "; the new pages were written") {
            // The sitemap and the site feed list this build's pages alone,
            // while the manifest keeps the pages not removed: the next
            // build makes them again.
            let mut manifest = manifest;
            for path in [sitemap::SITEMAP_PATH, SITE_FEED_PATH] {
                manifest.invalidate(path);
            }
            self.save(manifest).await?;
            return Err(e);
        }
        report.removed = self.remove_and_save(manifest, stale).await?;
        tracing::debug!(elapsed = ?started.elapsed(), "manifest saved");
        report.skipped.extend(skipped);
        self.finish(&mut report, started, before);
        Ok(report)
    }

    /// Re-renders only the pages a set of changed entities touches:
    /// - an artist: home, the artist page, and the artist's album and track pages;
    /// - an album: its page, its track pages and the artist page;
    /// - a track: its page, its album page, and the artist page when it is a
    ///   single or featured (now, or on the page published before);
    /// - an entity that no longer exists: its page is removed, the pages it
    ///   listed are removed too unless their entity still exists (a track
    ///   that moved keeps its page), and the pages that listed it are
    ///   re-rendered.
    pub async fn build_changed(&self, changes: &[PageRef]) -> Result<Report> {
        let started = Instant::now();
        let before = Counters::of(&self.store);
        let manifest = self
            .on_blocking_pool(|site| Ok(site.target.load_manifest(site.options.adopt)?))
            .await?;
        tracing::debug!(elapsed = ?started.elapsed(), "manifest read");
        let mut plan = Plan::new(self, &manifest);
        for change in changes {
            plan.change(change).await?;
        }
        plan.resolve().await?;
        let Plan {
            mut loaded,
            render,
            remove,
            ..
        } = plan;
        loaded.keep_own_albums();
        // A page goes with the files beside it.
        let remove: Vec<String> = remove
            .iter()
            .flat_map(|p| std::iter::once(p.path()).chain(p.companions()))
            .filter(|p| manifest.contains(p))
            .collect();
        let removing_pages = remove.iter().filter(|p| is_page(p)).count();
        if removing_pages > 0 {
            self.check_removal(removing_pages, published_pages(&manifest), "")?;
        }
        tracing::debug!(elapsed = ?started.elapsed(), "pages planned");
        let skipped: Vec<String> = loaded.skipped.iter().map(ToString::to_string).collect();

        let (tx, rx) = tokio::sync::mpsc::channel::<Batch>(2);
        let site = self.clone();
        let removing = remove.iter().cloned().collect();
        let render_stage = tokio::task::spawn_blocking(move || site.render_stage(manifest, rx));
        let sent = async {
            tx.send(Batch::Assets).await.ok()?;
            tx.send(Batch::Pages(Box::new(loaded), render)).await.ok()?;
            tx.send(Batch::Sitemap(SitemapMode::Changed(removing)))
                .await
                .ok()
        };
        sent.await;
        drop(tx);
        let (manifest, mut report) = join(render_stage).await?;
        tracing::debug!(elapsed = ?started.elapsed(), "pages rendered and published");

        // A sitemap made again with fewer parts leaves the others behind.
        let mut remove = remove;
        if manifest.get(sitemap::SITEMAP_PATH).is_some_and(|e| e.seen) {
            remove.extend(
                manifest
                    .own_range(std::ops::Bound::Included("sitemap-"))
                    .take_while(|(p, _)| p.starts_with("sitemap-"))
                    .filter(|(p, e)| !e.seen && sitemap::is_part(p))
                    .map(|(p, _)| p.to_string()),
            );
        }
        report.removed = self.remove_and_save(manifest, remove).await?;
        report.skipped.extend(skipped);
        self.finish(&mut report, started, before);
        Ok(report)
    }

    /// Parses `artist:ID,album:ID,track:ID`.
    pub fn parse_changes(spec: &str) -> Result<Vec<PageRef>> {
        spec.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| match PageRef::parse(s) {
                Some(p @ (PageRef::Artist(_) | PageRef::Album(_) | PageRef::Track(_))) => Ok(p),
                _ => Err(BuildError::BadChange(s.to_string())),
            })
            .collect()
    }

    /// A wrong or half-imported catalog must not take a site down: when
    /// most of the published artists are missing from the catalog, the
    /// build stops before it writes anything.
    fn check_artists_still_there(&self, manifest: &Manifest, artists: &[Artist]) -> Result<()> {
        let ids: std::collections::HashSet<&str> = artists.iter().map(|a| a.id.as_str()).collect();
        let mut published = 0;
        let mut missing = 0;
        for (path, _) in manifest.own_range(std::ops::Bound::Included("artist/")) {
            if !path.starts_with("artist/") {
                break;
            }
            if let Some(PageRef::Artist(id)) = PageRef::from_path(path) {
                published += 1;
                if !ids.contains(id.as_str()) {
                    missing += 1;
                }
            }
        }
        if self.options.prune || missing == 0 || (missing < published && missing * 2 <= published) {
            return Ok(());
        }
        Err(BuildError::WouldRemoveMost {
            removing: missing,
            published,
            target: self.target.describe(),
            written: " before writing anything (most published artists are not in the catalog)",
        })
    }

    /// Stops a build that would remove all of the published pages, or more
    /// than half, unless `prune` says so.
    fn check_removal(
        &self,
        removing: usize,
        published: usize,
        written: &'static str,
    ) -> Result<()> {
        if self.options.prune
            || removing == 0
            || (removing < published && removing * 2 <= published)
        {
            return Ok(());
        }
        Err(BuildError::WouldRemoveMost {
            removing,
            published,
            target: self.target.describe(),
            written,
        })
    }

    /// Removes published paths (the manifest lists them all), then saves
    /// the manifest, last. Returns the paths that were there, sorted.
    async fn remove_and_save(
        &self,
        mut manifest: Manifest,
        paths: Vec<String>,
    ) -> Result<Vec<String>> {
        let target = self.target.clone();
        self.on_blocking_pool(move |_| {
            let mut removed = Vec::new();
            for path in paths {
                if target.remove(address(&path))? {
                    removed.push(path.clone());
                }
                manifest.remove(&path);
            }
            target.save_manifest(manifest)?;
            removed.sort();
            Ok(removed)
        })
        .await
    }

    /// Renders one batch's pages in parallel (those whose inputs the
    /// manifest does not already hold) with the files beside them.
    fn render_batch(
        &self,
        jobs: &[Job<'_>],
        cx: &Contexts<'_>,
        templates: &Templates<'_>,
        publisher: &Publisher<'_>,
        fingerprint: Hash128,
        (done, total): (&AtomicUsize, usize),
    ) -> Result<Vec<Output>> {
        let planned: Vec<Planned> = jobs
            .iter()
            .map(|job| {
                let page = job.page();
                Planned {
                    path: page.path(),
                    companions: page.companions_for(&self.info),
                    inputs: job.inputs(fingerprint),
                }
            })
            .collect();
        // One look at the manifest for the whole batch.
        let reused = publisher.reuse(&planned);
        let kept = reused.iter().filter(|r| **r).count();
        if kept > 0
            && let Some(progress) = &self.progress
        {
            progress(done.fetch_add(kept, Ordering::Relaxed) + kept, total);
        }
        let outputs = jobs
            .par_iter()
            .zip(planned)
            .zip(reused)
            .filter(|(_, reused)| !reused)
            .map(|((job, planned), _)| -> Result<Vec<Output>> {
                let Planned { path, inputs, .. } = planned;
                let (html, companions) = job.render(cx, templates)?;
                let mut outputs = Vec::with_capacity(1 + companions.len());
                outputs.push(Output {
                    path,
                    bytes: html,
                    inputs,
                    parents: job.parents(),
                    kind: Kind::Page,
                    release: job.release().map(Box::new),
                });
                // Files beside the page come from the same rows, so they
                // share the page's inputs.
                outputs.extend(companions.into_iter().map(|(path, bytes)| Output {
                    path,
                    bytes,
                    inputs,
                    parents: Vec::new(),
                    kind: Kind::Feed,
                    release: None,
                }));
                if let Some(progress) = &self.progress {
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                }
                Ok(outputs)
            })
            .collect::<Result<Vec<Vec<Output>>>>()?;
        Ok(outputs.into_iter().flatten().collect())
    }

    async fn save(&self, manifest: Manifest) -> Result<()> {
        let target = self.target.clone();
        self.on_blocking_pool(move |_| Ok(target.save_manifest(manifest)?))
            .await
    }

    /// The render stage, with the publish stage's writer threads beside it.
    /// Pages are rendered in parallel, batch by batch, as the plan stage
    /// sends them; a page whose inputs match the manifest is not rendered.
    fn render_stage(
        &self,
        manifest: Manifest,
        mut batches: tokio::sync::mpsc::Receiver<Batch>,
    ) -> Result<(Manifest, Report)> {
        let cx = Contexts::new(&self.info, &self.theme);
        let templates = Templates::new(&self.theme, cx.lang);
        let seed = manifest.seed();
        let fingerprint = site_fingerprint(&self.info, &self.theme, seed);
        let publisher = Publisher {
            target: &self.target,
            adopt: self.options.adopt,
            fresh: manifest.is_empty(),
            seed,
            manifest: Mutex::new(manifest),
            written: AtomicUsize::new(0),
            assets_written: AtomicUsize::new(0),
            feeds_written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            duplicates: Mutex::new(Vec::new()),
            error: Mutex::new(None),
            pages_added: std::sync::atomic::AtomicBool::new(false),
            releases_changed: std::sync::atomic::AtomicBool::new(false),
        };
        let mut rendered = Vec::new();
        let mut pages = 0;
        let mut sitemap = None;
        let done = AtomicUsize::new(0);
        // Pages travel a batch at a time: one hand-over per artist, not per page.
        let (tx, rx) = sync_channel::<Vec<Output>>(4);
        let rx = Mutex::new(rx);
        let rendering = std::thread::scope(|scope| {
            for _ in 0..self.target.parallelism() {
                scope.spawn(|| publisher.run(&rx));
            }
            // Batches are rendered side by side: each is a task in the
            // thread pool, so no thread waits for the last page of one
            // batch before starting on the next. At most `IN_FLIGHT` are
            // held at once, so memory stays bounded by a few artists.
            let slots = Slots::new(IN_FLIGHT);
            let failure: Mutex<Option<BuildError>> = Mutex::new(None);
            rayon::in_place_scope(|scope| {
                while let Some(batch) = batches.blocking_recv() {
                    if publisher.failed() || lock(&failure).is_some() {
                        break;
                    }
                    let batch = match batch {
                        Batch::Sitemap(mode) => {
                            sitemap = Some(mode);
                            continue;
                        }
                        Batch::Assets => {
                            self.send_assets(&tx);
                            continue;
                        }
                        other => other,
                    };
                    let count = {
                        let jobs = batch_jobs(&batch);
                        if pages + jobs.len() <= RENDERED_LIST_LIMIT {
                            rendered.extend(jobs.iter().map(|j| j.page().path()));
                        } else {
                            rendered = Vec::new();
                        }
                        jobs.len()
                    };
                    pages += count;
                    let total = pages;
                    slots.acquire();
                    let (tx, slots, failure, publisher, cx, templates, done) = (
                        tx.clone(),
                        &slots,
                        &failure,
                        &publisher,
                        &cx,
                        &templates,
                        &done,
                    );
                    scope.spawn(move |_| {
                        // Given back however the task ends: a task that
                        // panicked must not leave the render stage waiting
                        // for a slot (the panic is raised when the scope
                        // ends).
                        let _slot = SlotTaken(slots);
                        let rendered = self.render_batch(
                            &batch_jobs(&batch),
                            cx,
                            templates,
                            publisher,
                            fingerprint,
                            (done, total),
                        );
                        match rendered {
                            // The publishers only stop once every sender is
                            // gone.
                            Ok(outputs) if !outputs.is_empty() => {
                                let _ = tx.send(outputs);
                            }
                            Ok(_) => {}
                            Err(e) => {
                                lock(failure).get_or_insert(e);
                            }
                        }
                    });
                }
            });
            let result = match failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
                Some(e) => Err(e),
                None => Ok(()),
            };
            drop(tx);
            result
        });
        if let Some(mode) = sitemap
            && rendering.is_ok()
            && !publisher.failed()
        {
            if self.info.feeds {
                self.publish_site_feed(&publisher, &mode, &cx, fingerprint);
            }
            self.publish_sitemap(&publisher, mode, fingerprint);
        }
        let Publisher {
            manifest,
            written,
            assets_written,
            feeds_written,
            unchanged,
            reused,
            duplicates,
            error,
            ..
        } = publisher;
        if let Some(e) = error.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(e.into());
        }
        rendering?;
        rendered.sort();
        rendered.dedup();
        if !rendered.is_empty() {
            pages = rendered.len();
        }
        let report = Report {
            pages,
            rendered,
            written: written.into_inner(),
            unchanged: unchanged.into_inner(),
            reused: reused.into_inner(),
            assets_written: assets_written.into_inner(),
            feeds_written: feeds_written.into_inner(),
            skipped: duplicates.into_inner().unwrap_or_else(|p| p.into_inner()),
            ..Report::default()
        };
        Ok((
            manifest.into_inner().unwrap_or_else(|p| p.into_inner()),
            report,
        ))
    }

    /// Publishes `sitemap.xml` (with its parts) and `robots.txt` through
    /// the pages' publisher, once every page is published. A full build
    /// lists the pages it produced; an incremental one makes them again
    /// only when pages came or went (or the site's settings changed), from
    /// the manifest's pages less those it is removing.
    fn publish_sitemap(&self, publisher: &Publisher<'_>, mode: SitemapMode, fingerprint: Hash128) {
        let limit = self
            .options
            .sitemap_urls
            .unwrap_or(sitemap::SITEMAP_URLS)
            .max(1);
        let inputs = sitemap::inputs(fingerprint, limit);
        // The pages listed: those this build produced (a full build), or
        // those the manifest lists less the paths being removed.
        let wanted = |path: &str, e: &crate::publish::EntryRef<'_>| match &mode {
            SitemapMode::Full => e.seen,
            SitemapMode::Changed(removing) => !removing.contains(path),
        };
        // Kept as they are when the same pages are listed: no page came,
        // none goes, and the settings are the same.
        let mut manifest = publisher.manifest();
        let current = [sitemap::SITEMAP_PATH, sitemap::ROBOTS_PATH]
            .iter()
            .all(|p| manifest.get(p).is_some_and(|e| e.inputs == inputs));
        let removes_pages = match &mode {
            SitemapMode::Changed(removing) => removing.iter().any(|p| sitemap::listed(p).is_some()),
            // A full build removes the pages it did not produce.
            SitemapMode::Full => manifest
                .own()
                .any(|(p, e)| !e.seen && sitemap::listed(p).is_some()),
        };
        if current && !removes_pages && !publisher.pages_added.load(Ordering::Relaxed) {
            if let SitemapMode::Full = mode {
                // A full build must not see them as stale.
                let parts: Vec<String> = manifest
                    .own_range(std::ops::Bound::Included("sitemap-"))
                    .take_while(|(p, _)| *p < "sitemap.")
                    .map(|(p, _)| p.to_string())
                    .filter(|p| sitemap::is_part(p))
                    .collect();
                for path in [sitemap::SITEMAP_PATH, sitemap::ROBOTS_PATH] {
                    manifest.see(path);
                }
                for path in parts {
                    manifest.see(&path);
                }
            }
            return;
        }
        drop(manifest);
        let put = |path: String, bytes: Vec<u8>| {
            let output = Output {
                path,
                bytes,
                inputs,
                parents: Vec::new(),
                kind: Kind::Asset,
                release: None,
            };
            publisher.publish(vec![output])
        };
        // One part at a time, read from the manifest in path order after
        // the last page of the part before: a part is all that is held.
        // Whether another part follows is known once a page past this
        // part's limit turns up, so one pass over the manifest serves.
        let mut after: Option<String> = None;
        let mut parts = 0;
        let mut result = loop {
            let (pages, more) = {
                let manifest = publisher.manifest();
                let from = match &after {
                    Some(last) => std::ops::Bound::Excluded(last.as_str()),
                    None => std::ops::Bound::Unbounded,
                };
                let mut listed = manifest
                    .own_range(from)
                    .filter(|(path, e)| wanted(path, e))
                    .filter_map(|(path, _)| Some((path, sitemap::listed(path)?)));
                let mut pages = Vec::new();
                let mut last = None;
                for (path, page) in listed.by_ref().take(limit) {
                    pages.push(page);
                    last = Some(path);
                }
                let more = listed.next().is_some();
                let last = last.map(str::to_string);
                drop(listed);
                if last.is_some() {
                    after = last;
                }
                (pages, more)
            };
            parts += 1;
            let path = if parts == 1 && !more {
                sitemap::SITEMAP_PATH.to_string()
            } else {
                sitemap::part_path(parts)
            };
            let put_part = put(path, sitemap::urlset(&self.info.base_url, pages.iter()));
            if put_part.is_err() || !more {
                break put_part;
            }
        };
        if result.is_ok() && parts > 1 {
            result = put(
                sitemap::SITEMAP_PATH.to_string(),
                sitemap::index(&self.info.base_url, parts),
            );
        }
        if result.is_ok() {
            result = match put(
                sitemap::ROBOTS_PATH.to_string(),
                sitemap::robots(&self.info.base_url),
            ) {
                // A site's own robots.txt stays, and the build goes on: it
                // is the operator's (only `--adopt` hands it over).
                Err(crate::publish::PublishError::Foreign(_)) => {
                    lock(&publisher.duplicates).push(format!(
                        "robots.txt is the site's own, so it was kept: add the line \
                             `Sitemap: {}/{}` to it so search engines find the sitemap \
                             (or build with --adopt to let Trogs write it)",
                        self.info.base_url,
                        sitemap::SITEMAP_PATH
                    ));
                    Ok(())
                }
                other => other,
            };
        }
        if let Err(e) = result {
            let mut error = lock(&publisher.error);
            error.get_or_insert(e);
        }
    }

    /// Publishes `feed.atom`, the site's newest releases, from the release
    /// summaries the manifest records for album and single pages: no query
    /// and no scan. A full build lists the pages it produced; an
    /// incremental one makes it again only when a release summary changed,
    /// a release's page is being removed, or the site's settings changed.
    fn publish_site_feed(
        &self,
        publisher: &Publisher<'_>,
        mode: &SitemapMode,
        cx: &Contexts<'_>,
        fingerprint: Hash128,
    ) {
        let inputs = site_feed_inputs(fingerprint);
        let bytes = {
            let manifest = publisher.manifest();
            let current = manifest
                .get(SITE_FEED_PATH)
                .is_some_and(|e| e.inputs == inputs && e.hash.0 != 0);
            let removes_release = || match mode {
                // A full build removes the pages it did not produce.
                SitemapMode::Full => manifest.unseen_release(),
                SitemapMode::Changed(removing) => removing
                    .iter()
                    .any(|p| manifest.get(p).is_some_and(|e| e.release.is_some())),
            };
            if current && !publisher.releases_changed.load(Ordering::Relaxed) && !removes_release()
            {
                // Kept as it is: a full build must not see it as stale.
                drop(manifest);
                publisher.manifest().see(SITE_FEED_PATH);
                return;
            }
            // The newest releases alone, from the manifest's index of
            // releases by date: no walk over every page.
            let releases: Vec<(&str, &Release)> = match mode {
                SitemapMode::Full => {
                    manifest.newest_releases(feeds::SITE_FEED_ENTRIES, |_, e| e.seen)
                }
                SitemapMode::Changed(removing) => {
                    manifest.newest_releases(feeds::SITE_FEED_ENTRIES, |p, _| !removing.contains(p))
                }
            };
            feeds::site_feed(cx, releases.into_iter(), feeds::SITE_FEED_ENTRIES)
        };
        let output = Output {
            path: SITE_FEED_PATH.to_string(),
            bytes,
            inputs,
            parents: Vec::new(),
            kind: Kind::Feed,
            release: None,
        };
        let result = publisher.publish(vec![output]);
        if let Err(e) = result {
            let mut error = lock(&publisher.error);
            error.get_or_insert(e);
        }
    }

    fn send_assets(&self, tx: &SyncSender<Vec<Output>>) {
        let assets = self
            .theme
            .assets
            .iter()
            .map(|asset| Output {
                path: asset.path.clone(),
                bytes: asset.bytes.clone(),
                inputs: Hash128::default(),
                parents: Vec::new(),
                kind: Kind::Asset,
                release: None,
            })
            .collect();
        let _ = tx.send(assets);
    }

    /// Rendering and publishing are blocking work (rayon, files): they run
    /// on tokio's blocking pool, so async callers such as the upload service
    /// and `serve` never stall a runtime thread.
    async fn on_blocking_pool<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Site) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let site = self.clone();
        join(tokio::task::spawn_blocking(move || work(&site))).await
    }

    fn finish(&self, report: &mut Report, started: Instant, before: Counters) {
        let now = Counters::of(&self.store);
        report.queries = now.queries - before.queries;
        report.throttled = now.throttled - before.throttled;
        report.read_units = self
            .store
            .reports_capacity()
            .then(|| (now.read_milliunits - before.read_milliunits) as f64 / 1000.0);
        report.invalidation = self.target.take_invalidation();
        report.elapsed = started.elapsed();
    }
}

/// The store's counters at the start of a build.
#[derive(Clone, Copy)]
struct Counters {
    queries: u64,
    throttled: u64,
    read_milliunits: u64,
}

impl Counters {
    fn of(store: &crate::store::Store) -> Counters {
        let s = store.stats();
        Counters {
            queries: s.queries.load(Ordering::Relaxed),
            throttled: s.throttled.load(Ordering::Relaxed),
            read_milliunits: s.read_milliunits.load(Ordering::Relaxed),
        }
    }
}

async fn join<T>(handle: tokio::task::JoinHandle<Result<T>>) -> Result<T> {
    match handle.await {
        Ok(result) => result,
        Err(join) => std::panic::resume_unwind(join.into_panic()),
    }
}

/// What `feed.atom` depends on besides the release summaries.
fn site_feed_inputs(fingerprint: Hash128) -> Hash128 {
    use std::hash::Hash;
    let mut h = crate::hash::InputHasher::keyed(fingerprint.as_seed());
    "site feed".hash(&mut h);
    fingerprint.0.hash(&mut h);
    feeds::SITE_FEED_ENTRIES.hash(&mut h);
    h.finish128()
}

/// A page of the site, as opposed to an asset, a sitemap, a playlist, a
/// feed or an embed (which go with their page).
fn is_page(path: &str) -> bool {
    PageRef::from_path(path).is_some()
}

/// How many pages the manifest lists.
fn published_pages(manifest: &Manifest) -> usize {
    manifest.own().filter(|(p, _)| is_page(p)).count()
}

/// The publish stage: takes rendered pages, writes those whose bytes
/// changed, and keeps the manifest up to date.
struct Publisher<'a> {
    target: &'a Target,
    adopt: bool,
    manifest: Mutex<Manifest>,
    written: AtomicUsize,
    assets_written: AtomicUsize,
    feeds_written: AtomicUsize,
    unchanged: AtomicUsize,
    reused: AtomicUsize,
    duplicates: Mutex<Vec<String>>,
    error: Mutex<Option<PublishError>>,
    /// True when the manifest held nothing at the start: nothing can be
    /// reused, and rendering need not wait on the manifest to learn so.
    fresh: bool,
    /// The site's secret seed, which published files are hashed under.
    seed: u64,
    /// Set when a page new to the manifest was published.
    pages_added: std::sync::atomic::AtomicBool,
    /// Set when a page's release summary changed (or a release appeared).
    releases_changed: std::sync::atomic::AtomicBool,
}

impl Publisher<'_> {
    fn manifest(&self) -> std::sync::MutexGuard<'_, Manifest> {
        lock(&self.manifest)
    }

    fn failed(&self) -> bool {
        lock(&self.error).is_some()
    }

    /// For each planned page, true (and the page counts as built) when the
    /// manifest says the page, and each of its companion files, was
    /// published from the same inputs. The manifest is locked once for the
    /// whole batch.
    fn reuse(&self, planned: &[Planned]) -> Vec<bool> {
        if self.fresh {
            return vec![false; planned.len()];
        }
        let mut manifest = self.manifest();
        let reused: Vec<bool> = planned
            .iter()
            .map(
                |Planned {
                     path,
                     companions,
                     inputs,
                 }| {
                    let same = |path: &str| {
                        manifest.get(path).is_some_and(|e| {
                            !e.seen && e.inputs == *inputs && e.hash.0 != 0 && inputs.0 != 0
                        })
                    };
                    if !(same(path) && companions.iter().all(|c| same(c)) && manifest.see(path)) {
                        return false;
                    }
                    for c in companions {
                        manifest.see(c);
                    }
                    true
                },
            )
            .collect();
        let count = reused.iter().filter(|r| **r).count();
        self.reused.fetch_add(count, Ordering::Relaxed);
        self.unchanged.fetch_add(count, Ordering::Relaxed);
        reused
    }

    /// Takes outputs until the render stage is done. After an error it
    /// keeps taking them (so rendering never waits on a full channel) but
    /// writes nothing more.
    fn run(&self, outputs: &Mutex<Receiver<Vec<Output>>>) {
        loop {
            let next = lock(outputs).recv();
            let Ok(batch) = next else { return };
            if self.failed() {
                continue;
            }
            if let Err(e) = self.publish(batch) {
                let mut error = lock(&self.error);
                error.get_or_insert(e);
            }
        }
    }

    /// Publishes a batch of outputs. The manifest is locked twice for the
    /// whole batch, not per file: once to decide what each output needs
    /// (nothing when the published bytes are the same), and once to record
    /// what was written. Paths new to the manifest are claimed, in one
    /// write, before any of them is written.
    fn publish(&self, batch: Vec<Output>) -> Result<(), PublishError> {
        let hashed: Vec<(Output, Hash128, Box<str>)> = batch
            .into_iter()
            .map(|output| {
                let hash = Hash128::keyed(&output.bytes, self.seed);
                let parents = output
                    .parents
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .into_boxed_str();
                (output, hash, parents)
            })
            .collect();
        let mut puts = Vec::new();
        let mut new = Vec::new();
        let mut duplicates = Vec::new();
        {
            let mut manifest = self.manifest();
            for (output, hash, parents) in hashed {
                // A hash from a manifest before version 3 is BLAKE3's:
                // compared with the same, once, in the first build after an
                // upgrade.
                let entry = manifest.get(&output.path);
                if entry.is_none_or(|e| !e.seen)
                    && entry.and_then(|e| e.release) != output.release.as_deref()
                {
                    self.releases_changed.store(true, Ordering::Relaxed);
                }
                let existing = entry.map(|e| {
                    let same = if e.blake3 {
                        e.hash == Hash128::of_blake3(&output.bytes)
                    } else {
                        e.hash == hash
                    };
                    (e.seen, same, e.blake3)
                });
                let how = match existing {
                    Some((true, _, _)) => {
                        duplicates.push(format!(
                            "{} was produced twice (two items claim it); the first was kept",
                            output.path
                        ));
                        continue;
                    }
                    Some((false, true, blake3)) => {
                        manifest.see(&output.path);
                        if blake3 {
                            manifest.rehash(&output.path, hash);
                        }
                        manifest.update(&output.path, output.inputs, parents, output.release);
                        if output.kind == Kind::Page {
                            self.unchanged.fetch_add(1, Ordering::Relaxed);
                        }
                        continue;
                    }
                    Some((false, false, _)) => {
                        manifest.see(&output.path);
                        Put::Ours
                    }
                    None => {
                        if output.kind == Kind::Page {
                            self.pages_added.store(true, Ordering::Relaxed);
                        }
                        manifest.add(&output.path);
                        new.push(output.path.clone());
                        if self.adopt { Put::Adopt } else { Put::New }
                    }
                };
                puts.push((output, hash, parents, how));
            }
        }
        if !duplicates.is_empty() {
            lock(&self.duplicates).extend(duplicates);
        }
        if !new.is_empty() {
            let new: Vec<&str> = new.iter().map(String::as_str).collect();
            self.target.claim(&new)?;
        }
        let mut stored = Vec::with_capacity(puts.len());
        let mut result = Ok(());
        for (output, hash, parents, how) in puts {
            if self.failed() {
                break;
            }
            match self.target.put(address(&output.path), &output.bytes, how) {
                Ok(s) => stored.push((output, hash, parents, s)),
                Err(e) => {
                    if matches!(e, PublishError::Foreign(_)) {
                        self.manifest().forget(&output.path);
                    }
                    result = Err(e);
                    break;
                }
            }
        }
        if stored.is_empty() {
            return result;
        }
        let mut manifest = self.manifest();
        for (output, hash, parents, s) in stored {
            manifest.record(
                &output.path,
                hash,
                s.md5,
                output.inputs,
                parents,
                output.release,
            );
            let counter = match (s.written, output.kind) {
                // The target held these bytes already.
                (false, Kind::Page) => &self.unchanged,
                (false, _) => continue,
                (true, Kind::Page) => &self.written,
                (true, Kind::Asset) => &self.assets_written,
                (true, Kind::Feed) => &self.feeds_written,
            };
            counter.fetch_add(1, Ordering::Relaxed);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::{SlotTaken, Slots};

    /// A render task that panics gives its slot back, so the render stage
    /// is not left waiting for one and the panic reaches the caller when
    /// the scope ends (giving the slot back after the work would hang here).
    #[test]
    fn a_task_that_panics_gives_its_slot_back() {
        let slots = Slots::new(1);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            rayon::in_place_scope(|scope| {
                for _ in 0..3 {
                    slots.acquire();
                    let slots = &slots;
                    scope.spawn(move |_| {
                        let _slot = SlotTaken(slots);
                        panic!("a render bug");
                    });
                }
            })
        }));
        assert!(result.is_err(), "the task's panic reaches the caller");
        slots.acquire();
    }
}
