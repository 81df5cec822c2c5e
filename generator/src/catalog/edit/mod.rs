//! The catalog's write side: every change an artist makes to the catalog,
//! checked against who asks, as plain library calls over [`Store`] and
//! [`Media`]. It publishes nothing and knows nothing of HTTP: each change
//! returns a [`Change`], the value written plus the pages it touches and the
//! rows those pages must show, for the caller to publish.
//!
//! How writes stay safe:
//! - **Ownership.** Every call loads the entity from the table (by key,
//!   strongly consistent) and checks that its artist belongs to the
//!   [`User`]: `Owner` is the user's `ISSUER#SUB`, or, for the original
//!   site's rows, the user's verified email. Anything else is "not found",
//!   so other users' ids are not revealed.
//! - **Optimistic concurrency.** Items Trogs writes carry a `Version`
//!   number. Every write is conditional on the version it read (or on there
//!   being none, for rows the original wrote) and bumps it, so two edits made
//!   at once never lose one another: the second gets a conflict and reloads.
//!   Changes to an album's track list also bump the album's version, and
//!   changes to an artist's albums, singles or featured tracks bump the
//!   artist's, so two uploads to one album cannot take the same place.
//! - **Media first, item second.** An upload is stored under a new key, then
//!   the item is written with a condition; if the item write fails the new
//!   object is deleted. A replaced image goes to a new key, the item is
//!   updated, then the old objects are deleted.

use std::sync::Arc;

use crate::catalog::items::{self, from_item};
use crate::catalog::model::{Album, Artist, Entity, Track, TrackKind, Written, is_valid_id};
use crate::media::{Media, MediaError};
use crate::store::{
    AttributeValue, Condition, Index, Item, Key, Query, RangeCondition, Store, StoreError, Update,
    Write,
};

mod albums;
mod artists;
mod deletes;
mod files;
pub mod rules;
mod tracks;

pub use crate::catalog::items::{AUDIO_SIZE, AUDIO_TYPE, DURATION, IMAGE_SIZES, VERSION};
pub use albums::{AlbumInput, AlbumPatch};
pub use artists::{ArtistInput, ArtistPatch, ArtistRows};
pub use deletes::DeleteJob;
pub use files::{
    NewAudio, NewImage, album_dir, album_track_key, artist_dir, derivative_key, image_key,
    image_keys, ours, replacement_key, single_key, track_media,
};
pub use rules::{Direction, MAX_TEXT, MAX_TITLE, position_of};
pub use tracks::TrackPatch;

/// Who asks for a change: the owner id a new artist gets, and the verified
/// email that also owns the original site's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// `ISSUER#SUB`.
    pub owner: String,
    pub email: Option<String>,
}

impl User {
    /// Whether `artist` is this user's.
    pub fn owns(&self, artist: &Artist) -> bool {
        match artist.owner.as_deref() {
            Some(owner) if owner == self.owner => true,
            Some(owner) => self
                .email
                .as_deref()
                .is_some_and(|email| owner.eq_ignore_ascii_case(email)),
            None => false,
        }
    }

    /// The owner ids that make an artist the user's: `ISSUER#SUB`, and the
    /// verified email as the original site wrote it (as given, and in
    /// lower case).
    pub fn owner_ids(&self) -> Vec<String> {
        let mut owners = vec![self.owner.clone()];
        if let Some(email) = &self.email {
            owners.push(email.clone());
            if email.to_lowercase() != *email {
                owners.push(email.to_lowercase());
            }
        }
        owners
    }
}

/// A page a change touches.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Page {
    Artist(String),
    Album(String),
    Track(String),
}

impl Page {
    /// `artist:ID`, `album:ID`, `track:ID`: how delete jobs remember pages
    /// (the site's page specs read the same).
    pub fn spec(&self) -> String {
        match self {
            Page::Artist(id) => format!("artist:{id}"),
            Page::Album(id) => format!("album:{id}"),
            Page::Track(id) => format!("track:{id}"),
        }
    }

    pub fn parse(spec: &str) -> Option<Page> {
        let (kind, id) = spec.split_once(':')?;
        if !is_valid_id(id) {
            return None;
        }
        let id = id.to_string();
        match kind {
            "artist" => Some(Page::Artist(id)),
            "album" => Some(Page::Album(id)),
            "track" => Some(Page::Track(id)),
            _ => None,
        }
    }
}

/// A row a page reads, as a change left it: in index `index` under `hash`,
/// at `version`, or gone (`version` is `None`). A publisher waits until the
/// index shows it before rendering, as indexes lag behind the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub index: Index,
    pub hash: String,
    pub pk: String,
    pub sk: String,
    pub version: Option<i64>,
}

impl Row {
    pub fn item(index: Index, hash: &str, pk: &str, sk: &str, version: i64) -> Row {
        Row {
            index,
            hash: hash.into(),
            pk: pk.into(),
            sk: sk.into(),
            version: Some(version),
        }
    }

    pub fn gone(index: Index, hash: &str, pk: &str, sk: &str) -> Row {
        Row {
            index,
            hash: hash.into(),
            pk: pk.into(),
            sk: sk.into(),
            version: None,
        }
    }
}

/// A change made: the value as written, the pages it touches and the rows
/// they must show. An empty list of pages means nothing changed.
#[derive(Debug, Clone)]
#[must_use = "a change's pages are to be published"]
pub struct Change<T> {
    pub value: T,
    pub pages: Vec<Page>,
    pub rows: Vec<Row>,
    /// Media the change took out of use and listed in the trash, to remove
    /// ([`Editor::take_out_trash`]) once the pages no longer play it.
    pub trash: Vec<String>,
}

impl<T> Change<T> {
    pub fn new(value: T, pages: Vec<Page>, rows: Vec<Row>) -> Change<T> {
        Change {
            value,
            pages,
            rows,
            trash: Vec::new(),
        }
    }

    /// Nothing was written.
    pub fn none(value: T) -> Change<T> {
        Change::new(value, Vec::new(), Vec::new())
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Change<U> {
        Change {
            value: f(self.value),
            pages: self.pages,
            rows: self.rows,
            trash: self.trash,
        }
    }
}

/// Why a change was refused or failed. Each has a stable [`code`](EditError::code)
/// that does not depend on the wording, and an English sentence saying
/// what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// It does not exist, or it is not the user's (the two look the same).
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("the {what} is too long: at most {max} characters")]
    TooLong { what: &'static str, max: usize },
    #[error("the {0} is empty; give it one")]
    Required(&'static str),
    #[error("the name needs at least one letter or digit")]
    NameNeedsLetter,
    #[error("the release date {0:?} is not a date: use YYYY-MM-DD")]
    BadDate(String),
    #[error("the license must be one of {}", crate::catalog::model::LICENSES.join(", "))]
    BadLicense,
    #[error("an album track takes its album's release date; change the album's")]
    AlbumTrackDate,
    #[error("list every featured track once, in the order wanted")]
    FeaturedOrder,
    #[error(
        "it was changed meanwhile (in another tab or by another request); reload and try again"
    )]
    VersionConflict,
    #[error(
        "it was changed meanwhile (in another tab or by another request), so nothing was deleted; reload and try again"
    )]
    ChangedBeforeDelete,
    #[error("the name \"{0}\" is taken by another artist; pick another name")]
    NameTaken(String),
    #[error(
        "\"{name}\" looks the same as \"{taken}\", the name of another artist (letters from another alphabet, accents, case, wide letters and special spaces do not make a name different); pick another name"
    )]
    NameLooksTaken { name: String, taken: String },
    #[error("that name is taken by another artist; pick another name")]
    NameTakenByUnknown,
    #[error(
        "that name is taken by another artist, or the artist was changed meanwhile; reload and try again"
    )]
    NameTakenOrChanged,
    #[error(
        "this {0} is being deleted; reload in a moment (deleting it again finishes the delete)"
    )]
    BeingDeleted(&'static str),
    #[error("there is no room for another {what}: at most {max} are kept")]
    NoRoom { what: &'static str, max: u32 },
    #[error(
        "at most {} tracks can be featured; stop featuring one first",
        crate::catalog::model::MAX_FEATURED
    )]
    TooManyFeatured,
    #[error("{0} was changed by several uploads at once; try again")]
    ListBusy(&'static str),
    #[error("the track list is being updated; reload and try again")]
    ListUpdating,
    #[error("what is being deleted kept changing; delete it again to finish the delete")]
    DeleteKeptChanging,
    #[error(
        "this track's audio was replaced meanwhile (in another tab or by another request); reload to hear it, and upload again if yours should replace it"
    )]
    AudioReplaced,
    #[error(
        "the track kept changing while its audio was being replaced; nothing was changed, try again"
    )]
    ReplaceKeptChanging,
    #[error(
        "the delete has begun but could not finish now (the catalog is not reachable); delete it again in a moment to finish it (the service also finishes it when it restarts)"
    )]
    DeleteUnfinished,
    #[error("the catalog is not reachable right now; nothing was changed. Try again in a moment")]
    CatalogUnavailable,
    #[error(
        "the media store is not reachable right now; nothing was changed. Try again in a moment"
    )]
    MediaUnavailable,
    /// Our fault: the detail is for the log, not for the user.
    #[error("something went wrong on our side; nothing was changed. Try again in a moment")]
    Internal(String),
}

impl EditError {
    /// The stable, machine-readable name of the error.
    pub fn code(&self) -> &'static str {
        use EditError as E;
        match self {
            E::NotFound(_) => "not-found",
            E::TooLong { .. } => "too-long",
            E::Required("name") => "name-required",
            E::Required(_) => "title-required",
            E::NameNeedsLetter => "name-needs-letter",
            E::BadDate(_) => "bad-date",
            E::BadLicense => "bad-license",
            E::AlbumTrackDate => "album-track-date",
            E::FeaturedOrder => "featured-order",
            E::VersionConflict | E::ChangedBeforeDelete => "version-conflict",
            E::NameTaken(_) | E::NameTakenByUnknown => "name-taken",
            E::NameLooksTaken { .. } => "name-looks-taken",
            E::NameTakenOrChanged => "name-taken-or-changed",
            E::BeingDeleted(_) => "being-deleted",
            E::NoRoom { .. } => "list-full",
            E::TooManyFeatured => "too-many-featured",
            E::ListBusy(_) | E::ListUpdating => "list-busy",
            E::DeleteKeptChanging | E::ReplaceKeptChanging => "kept-changing",
            E::AudioReplaced => "audio-replaced",
            E::DeleteUnfinished => "delete-unfinished",
            E::CatalogUnavailable => "catalog-unavailable",
            E::MediaUnavailable => "media-unavailable",
            E::Internal(_) => "internal",
        }
    }
}

impl From<StoreError> for EditError {
    fn from(e: StoreError) -> EditError {
        match e {
            StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. } => {
                EditError::VersionConflict
            }
            StoreError::Backend(detail) => {
                tracing::error!(%detail, "catalog unavailable");
                EditError::CatalogUnavailable
            }
            other => EditError::Internal(other.to_string()),
        }
    }
}

impl From<MediaError> for EditError {
    fn from(e: MediaError) -> EditError {
        tracing::error!(error = %e, "media store failed");
        EditError::MediaUnavailable
    }
}

pub type Result<T, E = EditError> = std::result::Result<T, E>;

/// Failure points for fault-injection tests: a named step fails as a
/// broken store would when the function says so.
pub type Faults = Arc<dyn Fn(&str) -> bool + Send + Sync>;

/// The catalog's write side over one table and one media store.
#[derive(Clone)]
pub struct Editor {
    pub store: Store,
    pub media: Media,
    faults: Option<Faults>,
}

impl std::fmt::Debug for Editor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Editor")
            .field("store", &self.store.describe())
            .field("media", &self.media.describe())
            .finish()
    }
}

impl Editor {
    pub fn new(store: Store, media: Media) -> Editor {
        Editor {
            store,
            media,
            faults: None,
        }
    }

    /// The editor with failure points (`catalog-write`, `media-delete`,
    /// `delete-stop`) switched on by `faults`.
    pub fn with_faults(mut self, faults: Faults) -> Editor {
        self.faults = Some(faults);
        self
    }

    pub(crate) fn fault(&self, name: &str) -> bool {
        self.faults.as_ref().is_some_and(|f| f(name))
    }

    /// The catalog write that follows a media write, failing when the
    /// `catalog-write` failure point is on.
    fn injected_catalog_failure(&self) -> Result<(), StoreError> {
        if self.fault("catalog-write") {
            return Err(StoreError::Backend(
                "the catalog is not reachable (injected)".into(),
            ));
        }
        Ok(())
    }

    // -----------------------------------------------------------------
    // Loading, with ownership

    /// The user's artist, refused while it is being deleted: nothing may be
    /// added to or changed on what a delete is taking away.
    pub async fn artist(&self, user: &User, id: &str) -> Result<Artist> {
        let artist = self.artist_any(user, id).await?;
        deletes::refuse_deleting(&artist.trogs, "artist")?;
        Ok(artist)
    }

    /// The user's artist, even while it is being deleted (a retried delete
    /// finishes it).
    pub async fn artist_any(&self, user: &User, id: &str) -> Result<Artist> {
        if !is_valid_id(id) {
            return Err(EditError::NotFound("artist"));
        }
        match self.store.get(Key::same(id)).await? {
            Some(item) => match from_item(&item) {
                Ok(Entity::Artist(a)) if user.owns(&a) => Ok(a),
                _ => Err(EditError::NotFound("artist")),
            },
            None => Err(EditError::NotFound("artist")),
        }
    }

    /// An album and its artist, when the artist is the user's. The album's
    /// key holds its artist's id, so it is found through the album index
    /// and then read by key; a just-created album may take a moment to show
    /// in the index, so a miss is retried briefly.
    pub async fn album(&self, user: &User, id: &str) -> Result<(Album, Artist)> {
        let (album, artist) = self.album_any(user, id).await?;
        deletes::refuse_deleting(&artist.trogs, "artist")?;
        deletes::refuse_deleting(&album.trogs, "album")?;
        Ok((album, artist))
    }

    /// An album and its artist, even while either is being deleted.
    pub async fn album_any(&self, user: &User, id: &str) -> Result<(Album, Artist)> {
        if !is_valid_id(id) {
            return Err(EditError::NotFound("album"));
        }
        for attempt in 0..4u32 {
            let rows = self
                .store
                .query_all(
                    Query::new(Index::ArtistsAlbums, id)
                        .range(RangeCondition::Eq(crate::catalog::items::sort_key(0, 0))),
                )
                .await?;
            for row in rows {
                let Some(artist_id) = crate::store::get_s(&row, "PK").map(str::to_string) else {
                    continue;
                };
                let Ok(artist) = self.artist_any(user, &artist_id).await else {
                    continue;
                };
                if let Some(item) = self.store.get(Key::new(&artist_id, id)).await?
                    && let Ok(Entity::Album(album)) = from_item(&item)
                {
                    return Ok((album, artist));
                }
            }
            if attempt < 3 {
                tokio::time::sleep(std::time::Duration::from_millis(50 << attempt)).await;
            }
        }
        Err(EditError::NotFound("album"))
    }

    /// A track and its artist, when the artist is the user's and neither
    /// the artist nor the track's album is being deleted.
    pub async fn track(&self, user: &User, id: &str) -> Result<(Track, Artist)> {
        if !is_valid_id(id) {
            return Err(EditError::NotFound("track"));
        }
        let Some(item) = self.store.get(Key::same(id)).await? else {
            return Err(EditError::NotFound("track"));
        };
        let Ok(Entity::Track(track)) = from_item(&item) else {
            return Err(EditError::NotFound("track"));
        };
        let artist = self
            .artist_any(user, &track.artist_id)
            .await
            .map_err(|_| EditError::NotFound("track"))?;
        deletes::refuse_deleting(&artist.trogs, "artist")?;
        if let TrackKind::AlbumTrack { album_id, .. } = &track.kind {
            deletes::refuse_deleting_album(self, &artist.id, album_id).await?;
        }
        Ok((track, artist))
    }

    /// The artists the user owns (their `ISSUER#SUB`, and their verified
    /// email for the original site's rows), by name.
    pub async fn my_artists(&self, user: &User) -> Result<Vec<Artist>> {
        let mut artists = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for owner in user.owner_ids() {
            for item in self
                .store
                .query_all(Query::new(Index::ArtistsByOwner, owner))
                .await?
            {
                if let Ok(Entity::Artist(a)) = from_item(&item)
                    && user.owns(&a)
                    && seen.insert(a.id.clone())
                {
                    artists.push(a);
                }
            }
        }
        artists.sort_by_key(|a| a.name.to_lowercase());
        Ok(artists)
    }

    // -----------------------------------------------------------------
    // Terms

    /// Whether the user has agreed to the terms of version `current` (or
    /// later), as remembered in the catalog.
    pub async fn has_agreed(&self, user: &User, current: i64) -> Result<bool> {
        let item = self
            .store
            .get(crate::catalog::records::terms_key(&user.owner))
            .await?;
        Ok(item
            .as_ref()
            .and_then(crate::catalog::records::terms_version)
            .is_some_and(|v| v >= current))
    }

    /// Remembers that the user agreed to the terms of version `version`.
    pub async fn agree_terms(&self, user: &User, version: i64) -> Result<()> {
        let at = time::OffsetDateTime::now_utc()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let item = crate::catalog::records::terms_item(&user.owner, version, &at);
        self.store.put(item, None).await?;
        Ok(())
    }
}

// ---------------------------------------------------------------------
// Versions

/// The version an item carries (0 for the original's rows).
pub fn version_of(trogs: &Written) -> i64 {
    trogs.version()
}

/// The condition that the stored item still has the version read: an
/// item the original wrote has none.
fn same_version(trogs: &Written) -> Condition {
    trogs.same_version()
}

fn bump(trogs: &mut Written) {
    trogs.bump();
}

fn check_version(stored: i64, expected: Option<i64>) -> Result<()> {
    match expected {
        Some(v) if v != stored => Err(EditError::VersionConflict),
        _ => Ok(()),
    }
}

/// The artist's version bump that goes with a change to their albums,
/// singles or featured tracks, so two such changes at once conflict instead
/// of taking the same place.
fn touch(artist: &Artist) -> Write {
    Write::Update {
        key: Key::same(&artist.id),
        updates: vec![crate::catalog::items::bump_version()],
        condition: Some(same_version(&artist.trogs)),
    }
}

fn touch_album(album: &Album) -> Write {
    Write::Update {
        key: Key::new(&album.artist_id, &album.id),
        updates: vec![crate::catalog::items::bump_version()],
        condition: Some(same_version(&album.trogs)),
    }
}

/// The row an artist's page shows of the artist.
pub fn artist_row(artist: &Artist) -> Row {
    Row::item(
        Index::ArtistContent,
        &artist.id,
        &artist.id,
        &artist.id,
        version_of(&artist.trogs),
    )
}

/// The row an album's page shows of the album.
pub fn album_row(album: &Album) -> Row {
    Row::item(
        Index::ArtistsAlbums,
        &album.id,
        &album.artist_id,
        &album.id,
        version_of(&album.trogs),
    )
}

/// The row a track's pages show of the track (on its album's, or among
/// its artist's singles).
pub fn track_row(t: &Track) -> Row {
    match &t.kind {
        TrackKind::AlbumTrack { album_id, .. } => Row::item(
            Index::ArtistsAlbums,
            album_id,
            &t.id,
            &t.id,
            version_of(&t.trogs),
        ),
        TrackKind::Single { .. } => Row::item(
            Index::ArtistContent,
            &t.artist_id,
            &t.id,
            &t.id,
            version_of(&t.trogs),
        ),
    }
}

fn gone_row(t: &Track) -> Row {
    let mut gone = track_row(t);
    gone.version = None;
    gone
}

/// How many times a write that lost a race for a place is tried again,
/// with a growing, jittered pause.
const PLACE_TRIES: u32 = 12;

async fn pause_before_retry(attempt: u32) {
    let most = 10u64 << attempt.min(5);
    tokio::time::sleep(std::time::Duration::from_millis(fastrand::u64(5..=most))).await;
}

/// Serialises this process's writes to one album's or one artist's list
/// (uploads that each take the next place), so they do not spend their
/// retries on each other; other processes are kept apart by the versions.
/// Any other work serialised per key takes it too, with a key of its own
/// kind.
pub async fn list_lock(key: &str) -> tokio::sync::OwnedMutexGuard<()> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static LOCKS: OnceLock<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    let lock = {
        let mut locks = LOCKS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Forget locks nobody holds, so the map stays small.
        locks.retain(|_, l| Arc::strong_count(l) > 1);
        Arc::clone(locks.entry(key.to_string()).or_default())
    };
    lock.lock_owned().await
}
