//! The build pipeline, top to bottom: load (async queries, bounded
//! concurrency) → plan (which pages) → render (rayon, in parallel) → publish
//! (only changed bytes) → remove what no longer exists. A full build and an
//! incremental one differ only in how they choose pages.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::{StreamExt, TryStreamExt, stream};
use handlebars::Context;
use rayon::prelude::*;

use super::context::{Contexts, SiteInfo};
use super::page::{PageRef, Relations};
use super::theme::Theme;
use crate::catalog::ItemError;
use crate::catalog::model::{Album, Artist, Entity, Track, TrackKind};
use crate::catalog::queries::{self, AlbumContent, ArtistContent, Read};
use crate::publish::{PublishError, Target, Written};
use crate::store::{Store, StoreError};

/// The folders of entity pages, which full builds clean of stale pages.
const PAGE_FOLDERS: [&str; 3] = ["artist", "album", "track"];

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Publish(#[from] PublishError),
    #[error("rendering {page} with the theme {theme}: {source}")]
    Render {
        page: String,
        theme: String,
        source: Box<handlebars::RenderError>,
    },
    #[error("{0:?} is not a change: use artist:ID, album:ID or track:ID")]
    BadChange(String),
}

pub type Result<T, E = BuildError> = std::result::Result<T, E>;

/// Everything a build needs: the catalog, the theme and where to publish.
/// Cheap to clone.
#[derive(Clone)]
pub struct Site {
    pub info: SiteInfo,
    pub theme: Arc<Theme>,
    pub store: Store,
    pub target: Target,
    /// Told how rendering goes; the library draws nothing itself.
    pub progress: Option<Progress>,
}

/// A progress callback: called with pages done and pages planned.
pub type Progress = Arc<dyn Fn(usize, usize) + Send + Sync>;

/// What a build did.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Paths of the pages rendered, sorted.
    pub rendered: Vec<String>,
    pub written: usize,
    pub unchanged: usize,
    /// Paths removed, sorted.
    pub removed: Vec<String>,
    pub assets_written: usize,
    pub queries: u64,
    /// Items left out because they don't fit the table layout.
    pub skipped: Vec<String>,
    pub elapsed: Duration,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.elapsed.as_secs_f64();
        write!(
            f,
            "{} pages rendered, {} written, {} unchanged, {} removed; {} assets written; {} queries; {:.3} s",
            self.rendered.len(),
            self.written,
            self.unchanged,
            self.removed.len(),
            self.assets_written,
            self.queries,
            secs,
        )?;
        if secs > 0.0 && !self.rendered.is_empty() {
            write!(f, " ({:.0} pages/s)", self.rendered.len() as f64 / secs)?;
        }
        Ok(())
    }
}

/// The catalog rows a build has read, keyed the way pages need them.
#[derive(Default)]
struct Loaded {
    artists: Option<Vec<Artist>>,
    artist_contents: HashMap<String, Option<ArtistContent>>,
    album_contents: HashMap<String, Option<AlbumContent>>,
    /// Tracks read by key whose parent's query did not (yet) list them.
    loose_tracks: HashMap<String, Track>,
    skipped: Vec<ItemError>,
}

impl Loaded {
    fn keep<T>(&mut self, read: Read<T>) -> T {
        self.skipped.extend(read.skipped);
        read.value
    }

    async fn artists(&mut self, store: &Store) -> Result<()> {
        if self.artists.is_none() {
            let read = queries::artists(store).await?;
            self.artists = Some(self.keep(read));
        }
        Ok(())
    }

    async fn artist(&mut self, store: &Store, id: &str) -> Result<Option<&ArtistContent>> {
        if !self.artist_contents.contains_key(id) {
            let read = queries::artist_content(store, id).await?;
            let value = self.keep(read);
            self.artist_contents.insert(id.to_string(), value);
        }
        Ok(self.artist_contents[id].as_ref())
    }

    async fn album(&mut self, store: &Store, id: &str) -> Result<Option<&AlbumContent>> {
        if !self.album_contents.contains_key(id) {
            let read = queries::album_content(store, id).await?;
            let value = self.keep(read);
            self.album_contents.insert(id.to_string(), value);
        }
        Ok(self.album_contents[id].as_ref())
    }

    /// Reads many artists' contents, keeping a bounded number of queries in flight.
    async fn many_artists(&mut self, store: &Store, ids: Vec<String>) -> Result<()> {
        for (id, read) in read_many(store, ids, |s, id| async move {
            queries::artist_content(s, &id).await
        })
        .await?
        {
            let value = self.keep(read);
            self.artist_contents.insert(id, value);
        }
        Ok(())
    }

    async fn many_albums(&mut self, store: &Store, ids: Vec<String>) -> Result<()> {
        for (id, read) in read_many(store, ids, |s, id| async move {
            queries::album_content(s, &id).await
        })
        .await?
        {
            let value = self.keep(read);
            self.album_contents.insert(id, value);
        }
        Ok(())
    }
}

/// Runs one page query per id, with at most `Store::max_in_flight` at once.
async fn read_many<'a, T, F, Fut>(
    store: &'a Store,
    ids: Vec<String>,
    query: F,
) -> Result<Vec<(String, Read<T>)>>
where
    F: Fn(&'a Store, String) -> Fut,
    Fut: std::future::Future<Output = Result<Read<T>, StoreError>> + 'a,
{
    let reads = stream::iter(ids)
        .map(|id| {
            let read = query(store, id.clone());
            async move { read.await.map(|r| (id, r)) }
        })
        .buffer_unordered(store.max_in_flight())
        .try_collect()
        .await?;
    Ok(reads)
}

/// One page to render, with the rows it is made of.
enum Job<'a> {
    Home(&'a [Artist]),
    NotFound,
    Artist(&'a ArtistContent),
    Album(&'a AlbumContent),
    Track {
        track: &'a Track,
        album: Option<&'a Album>,
        artist: Option<&'a Artist>,
    },
}

impl Job<'_> {
    fn page(&self) -> PageRef {
        match self {
            Job::Home(_) => PageRef::Home,
            Job::NotFound => PageRef::NotFound,
            Job::Artist(c) => PageRef::Artist(c.artist.id.clone()),
            Job::Album(c) => PageRef::Album(c.album.id.clone()),
            Job::Track { track, .. } => PageRef::Track(track.id.clone()),
        }
    }

    fn relations(&self) -> Relations {
        match self {
            Job::Home(_) | Job::NotFound => Relations::default(),
            Job::Artist(c) => Relations {
                parents: vec![PageRef::Home],
                children: c
                    .albums
                    .iter()
                    .map(|a| PageRef::Album(a.id.clone()))
                    .chain(c.singles.iter().map(|t| PageRef::Track(t.id.clone())))
                    .collect(),
            },
            Job::Album(c) => Relations {
                parents: vec![PageRef::Artist(c.album.artist_id.clone())],
                children: c
                    .tracks
                    .iter()
                    .map(|t| PageRef::Track(t.id.clone()))
                    .collect(),
            },
            Job::Track { track, .. } => Relations {
                parents: track_parents(track),
                children: Vec::new(),
            },
        }
    }

    fn template(&self) -> &'static str {
        match self {
            Job::Home(_) => "home",
            Job::NotFound => "404",
            Job::Artist(_) => "artist",
            Job::Album(_) => "album",
            Job::Track { .. } => "track",
        }
    }

    fn context(&self, cx: &Contexts<'_>) -> serde_json::Value {
        match self {
            Job::Home(artists) => cx.home(artists),
            Job::NotFound => cx.not_found(),
            Job::Artist(c) => cx.artist(c),
            Job::Album(c) => cx.album(c),
            Job::Track {
                track,
                album,
                artist,
            } => cx.track_page(track, *album, *artist),
        }
    }
}

/// The pages that list a track: its album, or its artist for a single, and
/// the artist page too when it is featured there.
fn track_parents(track: &Track) -> Vec<PageRef> {
    let artist = PageRef::Artist(track.artist_id.clone());
    match &track.kind {
        TrackKind::AlbumTrack { album_id, .. } if track.is_featured() => {
            vec![PageRef::Album(album_id.clone()), artist]
        }
        TrackKind::AlbumTrack { album_id, .. } => vec![PageRef::Album(album_id.clone())],
        TrackKind::Single { .. } => vec![artist],
    }
}

impl Site {
    /// Renders one page to HTML.
    fn render(&self, cx: &Contexts<'_>, job: &Job<'_>) -> Result<String> {
        let ctx = Context::from(job.context(cx));
        let mut html = self
            .theme
            .registry
            .render_with_context(job.template(), &ctx)
            .map_err(|e| BuildError::Render {
                page: job.page().to_string(),
                theme: self.theme.dir.display().to_string(),
                source: Box::new(e),
            })?;
        job.relations().insert_into(&mut html);
        Ok(html)
    }

    /// Builds the whole site: one query for the home page, one per artist and
    /// one per album; track pages come from rows already read.
    pub async fn build_all(&self) -> Result<Report> {
        let started = Instant::now();
        let queries_before = self.store.stats().queries.load(Ordering::Relaxed);
        let mut loaded = Loaded::default();
        loaded.artists(&self.store).await?;
        let artist_ids: Vec<String> = loaded
            .artists
            .iter()
            .flatten()
            .map(|a| a.id.clone())
            .collect();
        loaded.many_artists(&self.store, artist_ids).await?;
        let album_ids: Vec<String> = loaded
            .artist_contents
            .values()
            .flatten()
            .flat_map(|c| c.albums.iter().map(|a| a.id.clone()))
            .collect();
        loaded.many_albums(&self.store, album_ids).await?;
        tracing::debug!(elapsed = ?started.elapsed(), rss_mb = resident_mb(), "catalog read");

        let mut pages = BTreeSet::from([PageRef::Home, PageRef::NotFound]);
        for c in loaded.artist_contents.values().flatten() {
            pages.insert(PageRef::Artist(c.artist.id.clone()));
            pages.extend(c.singles.iter().map(|t| PageRef::Track(t.id.clone())));
        }
        for c in loaded.album_contents.values().flatten() {
            pages.insert(PageRef::Album(c.album.id.clone()));
            pages.extend(c.tracks.iter().map(|t| PageRef::Track(t.id.clone())));
        }

        let skipped = loaded.skipped.iter().map(ToString::to_string).collect();
        let mut report = self
            .on_blocking_pool(move |site| {
                let mut report = site.render_and_publish(&loaded, &pages)?;
                tracing::debug!(elapsed = ?started.elapsed(), rss_mb = resident_mb(), "pages rendered and published");
                report.removed = site.remove_stale(&pages)?;
                Ok(report)
            })
            .await?;
        self.finish(&mut report, skipped, started, queries_before);
        Ok(report)
    }

    /// Re-renders only the pages a set of changed entities touches:
    /// - an artist: home, the artist page, and the artist's album and track pages;
    /// - an album: its page, its track pages and the artist page;
    /// - a track: its page, its album page, and the artist page when it is a
    ///   single or featured (now, or on the page published before);
    /// - an entity that no longer exists: its page (and its children's) is
    ///   removed and the pages that listed it are re-rendered.
    pub async fn build_changed(&self, changes: &[PageRef]) -> Result<Report> {
        let started = Instant::now();
        let queries_before = self.store.stats().queries.load(Ordering::Relaxed);
        let mut plan = Plan {
            site: self,
            loaded: Loaded::default(),
            render: BTreeSet::new(),
            remove: BTreeSet::new(),
            queue: VecDeque::new(),
        };
        for change in changes {
            plan.change(change).await?;
        }
        plan.resolve().await?;
        let Plan {
            loaded,
            render,
            remove,
            ..
        } = plan;

        let skipped = loaded.skipped.iter().map(ToString::to_string).collect();
        let mut report = self
            .on_blocking_pool(move |site| {
                let mut report = site.render_and_publish(&loaded, &render)?;
                for page in &remove {
                    if site.target.remove(&page.path())? {
                        report.removed.push(page.path());
                    }
                }
                report.removed.sort();
                Ok(report)
            })
            .await?;
        self.finish(&mut report, skipped, started, queries_before);
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

    /// Rendering and writing are blocking work (rayon, files): they run on
    /// tokio's blocking pool, so async callers such as the upload service and
    /// `serve` never stall a runtime thread.
    async fn on_blocking_pool<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Site) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let site = self.clone();
        match tokio::task::spawn_blocking(move || work(&site)).await {
            Ok(result) => result,
            Err(join) => std::panic::resume_unwind(join.into_panic()),
        }
    }

    fn finish(
        &self,
        report: &mut Report,
        skipped: Vec<String>,
        started: Instant,
        queries_before: u64,
    ) {
        report.queries = self.store.stats().queries.load(Ordering::Relaxed) - queries_before;
        report.skipped = skipped;
        report.elapsed = started.elapsed();
    }

    /// Publishes the theme's assets, then renders and publishes `pages` in
    /// parallel from the rows in `loaded`.
    fn render_and_publish(&self, loaded: &Loaded, pages: &BTreeSet<PageRef>) -> Result<Report> {
        let mut report = Report::default();
        for asset in &self.theme.assets {
            if self.target.write(&asset.path, &asset.bytes)? == Written::Written {
                report.assets_written += 1;
            }
        }

        // Where each track's rows are: its album's query, or its artist's.
        let mut tracks: HashMap<&str, (&Track, Option<&Album>, Option<&Artist>)> = HashMap::new();
        for c in loaded.album_contents.values().flatten() {
            for t in &c.tracks {
                tracks.insert(&t.id, (t, Some(&c.album), None));
            }
        }
        for c in loaded.artist_contents.values().flatten() {
            for t in &c.singles {
                tracks.insert(&t.id, (t, None, Some(&c.artist)));
            }
        }
        // Tracks read by key get the same rows their parent's query would give.
        for t in loaded.loose_tracks.values() {
            let parents = match t.album_id() {
                Some(album) => (
                    loaded
                        .album_contents
                        .get(album)
                        .and_then(Option::as_ref)
                        .map(|c| &c.album),
                    None,
                ),
                None => (
                    None,
                    loaded
                        .artist_contents
                        .get(&t.artist_id)
                        .and_then(Option::as_ref)
                        .map(|c| &c.artist),
                ),
            };
            tracks.entry(&t.id).or_insert((t, parents.0, parents.1));
        }

        let jobs: Vec<Job<'_>> = pages
            .iter()
            .filter_map(|page| match page {
                PageRef::Home => loaded.artists.as_deref().map(Job::Home),
                PageRef::NotFound => Some(Job::NotFound),
                PageRef::Artist(id) => loaded
                    .artist_contents
                    .get(id)
                    .and_then(Option::as_ref)
                    .map(Job::Artist),
                PageRef::Album(id) => loaded
                    .album_contents
                    .get(id)
                    .and_then(Option::as_ref)
                    .map(Job::Album),
                PageRef::Track(id) => {
                    tracks
                        .get(id.as_str())
                        .map(|&(track, album, artist)| Job::Track {
                            track,
                            album,
                            artist,
                        })
                }
            })
            .collect();

        let total = jobs.len();
        let done = AtomicUsize::new(0);
        let cx = Contexts::new(&self.info, &self.theme);
        let written = AtomicUsize::new(0);
        let unchanged = AtomicUsize::new(0);
        jobs.par_iter().try_for_each(|job| -> Result<()> {
            let html = self.render(&cx, job)?;
            match self.target.write(&job.page().path(), html.as_bytes())? {
                Written::Written => written.fetch_add(1, Ordering::Relaxed),
                Written::Unchanged => unchanged.fetch_add(1, Ordering::Relaxed),
            };
            if let Some(progress) = &self.progress {
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            }
            Ok(())
        })?;
        report.rendered = jobs.iter().map(|j| j.page().path()).collect();
        report.rendered.sort();
        report.written = written.into_inner();
        report.unchanged = unchanged.into_inner();
        Ok(report)
    }

    /// Removes published pages and assets that the build did not produce.
    fn remove_stale(&self, pages: &BTreeSet<PageRef>) -> Result<Vec<String>> {
        let keep: HashSet<String> = pages
            .iter()
            .map(PageRef::path)
            .chain(self.theme.assets.iter().map(|a| a.path.clone()))
            .collect();
        let mut removed = Vec::new();
        for folder in PAGE_FOLDERS.iter().chain(&["assets"]) {
            for path in self.target.list(folder)? {
                let ours = *folder == "assets" || PageRef::from_path(&path).is_some();
                if ours && !keep.contains(&path) && self.target.remove(&path)? {
                    removed.push(path);
                }
            }
        }
        removed.sort();
        Ok(removed)
    }

    /// The relations recorded in a page as it was last published.
    fn published_relations(&self, page: &PageRef) -> Result<Relations> {
        Ok(self
            .target
            .read(&page.path())?
            .map(|bytes| Relations::read(&String::from_utf8_lossy(&bytes)))
            .unwrap_or_default())
    }
}

/// Chooses the pages of an incremental build.
struct Plan<'a> {
    site: &'a Site,
    loaded: Loaded,
    render: BTreeSet<PageRef>,
    remove: BTreeSet<PageRef>,
    /// Pages wanted but not yet checked against the catalog.
    queue: VecDeque<PageRef>,
}

impl Plan<'_> {
    fn want(&mut self, page: PageRef) {
        if !self.remove.contains(&page) && self.render.insert(page.clone()) {
            self.queue.push_back(page);
        }
    }

    async fn change(&mut self, change: &PageRef) -> Result<()> {
        let store = &self.site.store;
        let previous = self.site.published_relations(change)?;
        match change {
            PageRef::Artist(id) => {
                self.want(PageRef::Home);
                self.want(change.clone());
                if let Some(c) = self.loaded.artist(store, id).await? {
                    let albums: Vec<String> = c.albums.iter().map(|a| a.id.clone()).collect();
                    let singles: Vec<String> = c.singles.iter().map(|t| t.id.clone()).collect();
                    for id in singles {
                        self.want(PageRef::Track(id));
                    }
                    for id in albums {
                        self.album_with_tracks(&id).await?;
                    }
                }
            }
            PageRef::Album(id) => {
                if let Some(artist) = self.album_with_tracks(id).await? {
                    self.want(PageRef::Artist(artist));
                }
            }
            PageRef::Track(id) => {
                self.want(change.clone());
                if let Some(Ok(Entity::Track(t))) = queries::entity(store, id).await? {
                    for parent in track_parents(&t) {
                        self.want(parent);
                    }
                    self.loaded.loose_tracks.insert(t.id.clone(), t);
                }
            }
            PageRef::Home | PageRef::NotFound => self.want(change.clone()),
        }
        // Where it was listed before matters too: a track no longer
        // featured must leave its artist page.
        for parent in previous.parents {
            self.want(parent);
        }
        Ok(())
    }

    /// Wants an album page and its track pages; returns the album's artist.
    async fn album_with_tracks(&mut self, id: &str) -> Result<Option<String>> {
        self.want(PageRef::Album(id.to_string()));
        let Some(c) = self.loaded.album(&self.site.store, id).await? else {
            return Ok(None);
        };
        let artist = c.album.artist_id.clone();
        let tracks: Vec<String> = c.tracks.iter().map(|t| t.id.clone()).collect();
        for t in tracks {
            self.want(PageRef::Track(t));
        }
        Ok(Some(artist))
    }

    /// Loads the rows of every wanted page; a page whose entity is gone is
    /// removed instead, and the pages that listed it are re-rendered.
    async fn resolve(&mut self) -> Result<()> {
        let store = self.site.store.clone();
        while let Some(page) = self.queue.pop_front() {
            let exists = match &page {
                PageRef::Home => {
                    self.loaded.artists(&store).await?;
                    true
                }
                PageRef::NotFound => true,
                PageRef::Artist(id) => self.loaded.artist(&store, id).await?.is_some(),
                PageRef::Album(id) => self.loaded.album(&store, id).await?.is_some(),
                PageRef::Track(id) => self.track(id).await?,
            };
            if !exists {
                self.gone(&page)?;
            }
        }
        Ok(())
    }

    /// Makes sure a track's rows are loaded; false when it no longer exists.
    async fn track(&mut self, id: &str) -> Result<bool> {
        let store = self.site.store.clone();
        let known = self
            .loaded
            .album_contents
            .values()
            .flatten()
            .any(|c| c.tracks.iter().any(|t| t.id == id))
            || self
                .loaded
                .artist_contents
                .values()
                .flatten()
                .any(|c| c.singles.iter().any(|t| t.id == id));
        if known {
            return Ok(true);
        }
        let track = match self.loaded.loose_tracks.get(id) {
            Some(t) => t.clone(),
            None => match queries::entity(&store, id).await? {
                Some(Ok(Entity::Track(t))) => t,
                _ => return Ok(false),
            },
        };
        match &track.kind {
            TrackKind::AlbumTrack { album_id, .. } => {
                self.loaded.album(&store, album_id).await?;
            }
            TrackKind::Single { .. } => {
                self.loaded.artist(&store, &track.artist_id).await?;
            }
        }
        self.loaded.loose_tracks.insert(id.to_string(), track);
        Ok(true)
    }

    fn gone(&mut self, page: &PageRef) -> Result<()> {
        self.render.remove(page);
        if !self.remove.insert(page.clone()) {
            return Ok(());
        }
        let previous = self.site.published_relations(page)?;
        for child in &previous.children {
            self.gone(child)?;
        }
        for parent in previous.parents {
            self.want(parent);
        }
        Ok(())
    }
}

/// This process's resident memory in MB, for debug logs (Linux only).
fn resident_mb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096 / 1_000_000)
}
