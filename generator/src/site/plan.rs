//! The plan stage: which pages a build makes, from which rows. A full build
//! reads the catalog artist by artist (`read_artist`), so each artist's
//! pages can be rendered as soon as its queries return; an incremental
//! build (`Plan`) follows the rules of `Site::build_changed` and reads only
//! what the changed pages need, using the manifest for what was published.

use std::collections::{BTreeSet, HashMap, VecDeque};

use futures_util::{StreamExt, TryStreamExt, stream};

use super::directory::Directory;
use super::page::PageRef;
use super::render::{Job, site_fingerprint, track_parents};
use super::{Result, Site};
use crate::catalog::ItemError;
use crate::catalog::model::{Artist, Entity, Track, TrackKind};
use crate::catalog::queries::{self, AlbumContent, ArtistContent, Read};
use crate::hash::Hash128;
use crate::publish::Manifest;
use crate::store::{Store, StoreError};

/// One artist's rows, as a full build reads them: the artist's own query
/// and one query per album.
pub(crate) struct ArtistRows {
    pub content: ArtistContent,
    pub albums: Vec<AlbumContent>,
    pub skipped: Vec<ItemError>,
}

impl ArtistRows {
    /// The artist page, its album pages and every track page below them.
    pub fn jobs(&self) -> Vec<Job<'_>> {
        let c = &self.content;
        let mut jobs = vec![Job::Artist(c)];
        jobs.extend(c.singles.iter().map(|t| Job::Track {
            track: t,
            number: 1,
            album: None,
            artist: Some(&c.artist),
        }));
        for a in &self.albums {
            jobs.push(Job::Album(a));
            jobs.extend(Job::album_tracks(a));
        }
        jobs
    }
}

/// Reads one artist with its albums, one query at a time. `artist` is its
/// item as the home query returned it: an artist missing from the artist
/// index still gets its page (no link from the home page is dead).
pub(crate) async fn read_artist(store: &Store, artist: &Artist) -> Result<Option<ArtistRows>> {
    let read = queries::artist_page_content(store, &artist.id, Some(artist)).await?;
    let mut skipped = read.skipped;
    let Some(mut content) = read.value else {
        return Ok(None);
    };
    let ids: Vec<String> = content.albums.iter().map(|a| a.id.clone()).collect();
    let mut albums = Vec::with_capacity(ids.len());
    for read in queries::album_contents(store, &ids).await? {
        skipped.extend(read.skipped);
        albums.extend(read.value);
    }
    // An album id two artists use has one page, its owner's: the other
    // artist's page neither lists nor renders it.
    skipped.extend(content.keep_own_albums(|id| {
        albums
            .iter()
            .find(|a| a.album.id == id)
            .map(|a| a.album.artist_id.as_str())
    }));
    albums.retain(|a| a.album.artist_id == content.artist.id);
    Ok(Some(ArtistRows {
        content,
        albums,
        skipped,
    }))
}

/// The catalog rows an incremental build has read, keyed the way pages
/// need them.
#[derive(Default)]
pub(crate) struct Loaded {
    /// The home query's artists, as the home and index pages list them.
    pub artists: Option<Directory>,
    pub artist_contents: HashMap<String, Option<ArtistContent>>,
    pub album_contents: HashMap<String, Option<AlbumContent>>,
    /// Tracks read by key whose parent's query did not (yet) list them.
    pub loose_tracks: HashMap<String, Track>,
    pub skipped: Vec<ItemError>,
}

impl Loaded {
    fn keep<T>(&mut self, read: Read<T>) -> T {
        self.skipped.extend(read.skipped);
        read.value
    }

    async fn artists(&mut self, store: &Store) -> Result<()> {
        if self.artists.is_none() {
            let read = queries::artists(store).await?;
            let artists = self.keep(read);
            self.artists = Some(Directory::new(artists));
        }
        Ok(())
    }

    async fn artist(&mut self, store: &Store, id: &str) -> Result<Option<&ArtistContent>> {
        if !self.artist_contents.contains_key(id) {
            let listed = self.artists.as_ref().and_then(|d| d.find(id));
            let read = queries::artist_page_content(store, id, listed).await?;
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

    /// Reads many albums, keeping a bounded number of queries in flight.
    async fn many_albums(&mut self, store: &Store, ids: Vec<String>) -> Result<()> {
        let ids: Vec<String> = ids
            .into_iter()
            .filter(|id| !self.album_contents.contains_key(id))
            .collect();
        let reads: Vec<(String, Read<Option<AlbumContent>>)> = stream::iter(ids)
            .map(|id| async move {
                let read = queries::album_content(store, &id).await?;
                Ok::<_, StoreError>((id, read))
            })
            .buffer_unordered(store.max_in_flight())
            .try_collect()
            .await?;
        for (id, read) in reads {
            let value = self.keep(read);
            self.album_contents.insert(id, value);
        }
        Ok(())
    }

    /// Drops from the artist pages the albums whose page belongs to another
    /// artist, as far as the albums read tell.
    pub fn keep_own_albums(&mut self) {
        let albums = &self.album_contents;
        for content in self.artist_contents.values_mut().flatten() {
            let lost = content.keep_own_albums(|id| {
                albums
                    .get(id)
                    .and_then(Option::as_ref)
                    .map(|a| a.album.artist_id.as_str())
            });
            self.skipped.extend(lost);
        }
    }

    /// The jobs for `pages`, each from the rows its own query gave, so an
    /// incremental build renders a page exactly as a full build does.
    pub fn jobs(&self, pages: &BTreeSet<PageRef>) -> Vec<Job<'_>> {
        let mut tracks: HashMap<&str, Job<'_>> = HashMap::new();
        for c in self.album_contents.values().flatten() {
            for (t, job) in c.tracks.iter().zip(Job::album_tracks(c)) {
                tracks.insert(&t.id, job);
            }
        }
        for c in self.artist_contents.values().flatten() {
            for t in &c.singles {
                tracks.insert(
                    &t.id,
                    Job::Track {
                        track: t,
                        number: 1,
                        album: None,
                        artist: Some(&c.artist),
                    },
                );
            }
        }
        // Tracks read by key get the same rows their parent's query would give.
        for t in self.loose_tracks.values() {
            let (album, artist) = match t.album_id() {
                Some(album) => (
                    self.album_contents
                        .get(album)
                        .and_then(Option::as_ref)
                        .map(|c| &c.album),
                    None,
                ),
                None => (
                    None,
                    self.artist_contents
                        .get(&t.artist_id)
                        .and_then(Option::as_ref)
                        .map(|c| &c.artist),
                ),
            };
            tracks.entry(&t.id).or_insert(Job::Track {
                track: t,
                // Not in its album's rows yet (an index lags behind its
                // item): its place by its own sort key.
                number: match t.kind {
                    TrackKind::AlbumTrack { number, .. } => number as usize + 1,
                    TrackKind::Single { .. } => 1,
                },
                album,
                artist,
            });
        }
        pages
            .iter()
            .filter_map(|page| match page {
                PageRef::Home => self.artists.as_ref().map(Job::Home),
                PageRef::Artists { .. } => {
                    let d = self.artists.as_ref()?;
                    d.index_of(page).map(|i| Job::Artists(d, i))
                }
                PageRef::NotFound => Some(Job::NotFound),
                PageRef::Artist(id) => self
                    .artist_contents
                    .get(id)
                    .and_then(Option::as_ref)
                    .map(Job::Artist),
                PageRef::Album(id) => self
                    .album_contents
                    .get(id)
                    .and_then(Option::as_ref)
                    .map(Job::Album),
                PageRef::Track(id) => tracks.remove(id.as_str()),
            })
            .collect()
    }
}

/// Chooses the pages of an incremental build.
pub(crate) struct Plan<'a> {
    pub site: &'a Site,
    pub manifest: &'a Manifest,
    pub loaded: Loaded,
    pub render: BTreeSet<PageRef>,
    pub remove: BTreeSet<PageRef>,
    /// Pages wanted but not yet checked against the catalog.
    queue: VecDeque<PageRef>,
    /// The published pages each page lists, from the manifest's parents;
    /// made when a deletion first needs it.
    children: Option<HashMap<PageRef, Vec<PageRef>>>,
    /// The site's fingerprint, for the inputs of index and track pages.
    fingerprint: Hash128,
}

impl<'a> Plan<'a> {
    pub fn new(site: &'a Site, manifest: &'a Manifest) -> Self {
        Plan {
            site,
            manifest,
            loaded: Loaded::default(),
            render: BTreeSet::new(),
            remove: BTreeSet::new(),
            queue: VecDeque::new(),
            children: None,
            fingerprint: site_fingerprint(&site.info, &site.theme, manifest.seed()),
        }
    }

    fn want(&mut self, page: PageRef) {
        if !self.remove.contains(&page) && self.render.insert(page.clone()) {
            self.queue.push_back(page);
        }
    }

    /// The pages that listed `page` when it was last published.
    fn published_parents(&self, page: &PageRef) -> Vec<PageRef> {
        self.manifest
            .get(&page.path())
            .map(|e| {
                e.parents
                    .split_whitespace()
                    .filter_map(PageRef::parse)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The pages `page` listed when it was last published.
    fn published_children(&mut self, page: &PageRef) -> Vec<PageRef> {
        let manifest = self.manifest;
        let children = self.children.get_or_insert_with(|| {
            let mut children: HashMap<PageRef, Vec<PageRef>> = HashMap::new();
            for (path, entry) in manifest.own() {
                let Some(child) = PageRef::from_path(path) else {
                    continue;
                };
                for parent in entry.parents.split_whitespace().filter_map(PageRef::parse) {
                    children.entry(parent).or_default().push(child.clone());
                }
            }
            children
        });
        children.get(page).cloned().unwrap_or_default()
    }

    pub async fn change(&mut self, change: &PageRef) -> Result<()> {
        let store = &self.site.store;
        let previous = self.published_parents(change);
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
                    self.loaded.many_albums(store, albums.clone()).await?;
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
            PageRef::Home | PageRef::NotFound | PageRef::Artists { .. } => {
                self.want(change.clone())
            }
        }
        // Where it was listed before matters too: a track no longer
        // featured must leave its artist page.
        for parent in previous {
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
    pub async fn resolve(&mut self) -> Result<()> {
        loop {
            self.resolve_queue().await?;
            if !self.renumbered_tracks() {
                return Ok(());
            }
        }
    }

    /// Wants the track pages of the albums being rendered whose page would
    /// now differ from the published one though their own rows did not
    /// change: a track removed, added or moved before them changes their
    /// number. True when it wanted any.
    fn renumbered_tracks(&mut self) -> bool {
        let manifest = self.manifest;
        let fingerprint = self.fingerprint;
        let mut wanted = Vec::new();
        for page in &self.render {
            let PageRef::Album(id) = page else { continue };
            let Some(Some(c)) = self.loaded.album_contents.get(id) else {
                continue;
            };
            for job in Job::album_tracks(c) {
                let track = job.page();
                if self.render.contains(&track) || self.remove.contains(&track) {
                    continue;
                }
                let published = manifest.get(&track.path());
                if published.is_some_and(|e| e.inputs != job.inputs(fingerprint)) {
                    wanted.push(track);
                }
            }
        }
        let any = !wanted.is_empty();
        for page in wanted {
            self.want(page);
        }
        any
    }

    async fn resolve_queue(&mut self) -> Result<()> {
        let store = self.site.store.clone();
        while let Some(page) = self.queue.pop_front() {
            let exists = match &page {
                PageRef::Home => {
                    self.loaded.artists(&store).await?;
                    self.index_pages();
                    true
                }
                PageRef::Artists { .. } => {
                    self.loaded.artists(&store).await?;
                    self.loaded
                        .artists
                        .as_ref()
                        .is_some_and(|d| d.index_of(&page).is_some())
                }
                PageRef::NotFound => true,
                PageRef::Artist(id) => self.loaded.artist(&store, id).await?.is_some(),
                PageRef::Album(id) => match self.loaded.album(&store, id).await? {
                    // A full build reaches albums through their artist: an
                    // album whose artist is gone has no page either.
                    Some(c) => {
                        let artist = c.album.artist_id.clone();
                        !self.artist_gone(&artist)
                    }
                    None => false,
                },
                PageRef::Track(id) => self.track(id).await?,
            };
            if !exists {
                self.gone(&page);
            }
        }
        Ok(())
    }

    /// The index pages a change of artists touches: those whose artists
    /// (or neighbours) differ from what the manifest says they were
    /// rendered from. Index pages no longer needed (their initial lost
    /// artists, or the catalog became small enough for the home page to
    /// list everyone) are removed.
    fn index_pages(&mut self) {
        let Some(d) = self.loaded.artists.as_ref() else {
            return;
        };
        let manifest = self.manifest;
        let mut wanted = Vec::new();
        let mut current = std::collections::HashSet::new();
        for i in 0..d.pages.len() {
            let job = Job::Artists(d, i);
            let path = job.page().path();
            let inputs = job.inputs(self.fingerprint);
            let same = manifest
                .get(&path)
                .is_some_and(|e| e.inputs == inputs && e.hash.0 != 0);
            if !same {
                wanted.push(job.page());
            }
            current.insert(path);
        }
        let stale: Vec<PageRef> = manifest
            .own_range(std::ops::Bound::Included("artists/"))
            .take_while(|(p, _)| p.starts_with("artists/"))
            .filter(|(p, _)| !current.contains(*p))
            .filter_map(|(p, _)| PageRef::from_path(p))
            .collect();
        for page in wanted {
            self.want(page);
        }
        for page in stale {
            self.gone(&page);
        }
    }

    /// True when the artist is known to have no page: its page is being
    /// removed, or its query found no artist. (An artist not read yet is
    /// not gone: its own check comes when its page is resolved.)
    fn artist_gone(&self, id: &str) -> bool {
        self.remove.contains(&PageRef::Artist(id.to_string()))
            || matches!(self.loaded.artist_contents.get(id), Some(None))
    }

    /// Makes sure a track's rows are loaded; false when it no longer exists.
    async fn track(&mut self, id: &str) -> Result<bool> {
        let store = self.site.store.clone();
        let remove = &self.remove;
        let known = self
            .loaded
            .album_contents
            .values()
            .flatten()
            .filter(|c| !remove.contains(&PageRef::Album(c.album.id.clone())))
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
                // A track whose album is gone, or is another artist's, has
                // no page to be listed on.
                match self.loaded.album(&store, album_id).await? {
                    Some(c) if c.album.artist_id == track.artist_id => {}
                    _ => return Ok(false),
                }
                if self.remove.contains(&PageRef::Album(album_id.clone())) {
                    return Ok(false);
                }
            }
            TrackKind::Single { .. } => {
                if self
                    .loaded
                    .artist(&store, &track.artist_id)
                    .await?
                    .is_none()
                {
                    return Ok(false);
                }
            }
        }
        self.loaded.loose_tracks.insert(id.to_string(), track);
        Ok(true)
    }

    /// A page whose entity no longer exists: it is removed; the pages it
    /// listed are checked (a track that moved to another album keeps its
    /// page), and the pages that listed it are re-rendered.
    fn gone(&mut self, page: &PageRef) {
        self.render.remove(page);
        if !self.remove.insert(page.clone()) {
            return;
        }
        let mut children = self.published_children(page);
        if let PageRef::Artist(id) = page {
            // Its albums read so far, listed or not, have no page now.
            children.extend(
                self.loaded
                    .album_contents
                    .values()
                    .flatten()
                    .filter(|c| &c.album.artist_id == id)
                    .map(|c| PageRef::Album(c.album.id.clone())),
            );
        }
        if let PageRef::Album(id) = page
            && let Some(Some(c)) = self.loaded.album_contents.get(id)
        {
            children.extend(c.tracks.iter().map(|t| PageRef::Track(t.id.clone())));
        }
        for child in children {
            // Checked again even when already checked: what it hangs on
            // is gone.
            self.render.remove(&child);
            self.want(child);
        }
        for parent in self.published_parents(page) {
            self.want(parent);
        }
    }
}
