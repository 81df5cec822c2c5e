//! Every change an artist makes to the catalog, checked against who is
//! asking, and the views the Create section and the API show.
//!
//! How writes stay safe:
//! - **Ownership.** Every function loads the entity from the table (by key,
//!   strongly consistent) and checks that its artist belongs to the session:
//!   `Owner` is the user's `ISSUER#SUB`, or, for the original site's rows,
//!   the user's verified email. Anything else is "not found", so other
//!   users' ids are not revealed.
//! - **Optimistic concurrency.** Items Trogs writes carry a `Version`
//!   number. Every write is conditional on the version it read (or on there
//!   being none, for rows the original wrote) and bumps it, so two edits made
//!   at once never lose one another: the second gets 409 and reloads.
//!   Changes to an album's track list also bump the album's version, and
//!   changes to an artist's albums, singles or featured tracks bump the
//!   artist's, so two uploads to one album cannot take the same place.
//! - **Media first, item second.** An upload is stored under a new key, then
//!   the item is written with a condition; if the item write fails the new
//!   object is deleted. A replaced image goes to a new key, the item is
//!   updated, then the old objects are deleted.
//!
//! Each change returns the pages it touches; the caller hands them to
//! [`crate::regen`] and tells the artist when they are live.

use serde::{Deserialize, Serialize};
use trogs::catalog::items::{from_item, sort_key};
use trogs::catalog::model::{
    Album, Artist, DEFAULT_LICENSE, Entity, LICENSES, MAX_FEATURED, MAX_POSITION, Track, TrackKind,
    is_valid_id, next_feature_sort,
};
use trogs::catalog::queries;
use trogs::site::PageRef;
use trogs::store::{
    AttributeValue, Condition, Index, Item, Key, Query, RangeCondition, StoreError, Update, Write,
};

use crate::app::App;
use crate::error::{ApiError, ApiResult};
use crate::probe;
use crate::regen::Live;
use crate::session::Session;
use crate::upload::Spooled;
pub use crate::views::{AlbumView, ArtistView, TrackView};
pub(crate) use crate::views::{album_view, artist_view, track_view};

mod deletes;
mod replace;
pub use deletes::resume_deletes;

/// The attribute holding an item's version for optimistic concurrency.
pub const VERSION: &str = "Version";
/// Image derivative sizes recorded on an item whose image has them.
pub const IMAGE_SIZES: &str = "ImageSizes";
pub const DURATION: &str = "Duration";
pub const AUDIO_TYPE: &str = "AudioType";
pub const AUDIO_SIZE: &str = "AudioSize";
/// The longest name, title or license text taken.
pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 10_000;

/// A change made, and whether its pages are live.
#[derive(Debug, Clone, Serialize)]
pub struct Done<T> {
    pub value: T,
    pub live: Live,
}

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArtistInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub bio: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArtistPatch {
    pub name: Option<String>,
    pub bio: Option<String>,
    /// The version the edit was made on; a newer stored one is a conflict.
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AlbumInput {
    #[serde(default)]
    pub title: String,
    pub release_date: Option<String>,
    pub license: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AlbumPatch {
    pub title: Option<String>,
    pub release_date: Option<String>,
    pub license: Option<String>,
    pub description: Option<String>,
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct TrackPatch {
    pub title: Option<String>,
    /// Singles only.
    pub release_date: Option<String>,
    pub license: Option<String>,
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

// ---------------------------------------------------------------------------
// Checking what people type
// ---------------------------------------------------------------------------

/// Text as stored: trimmed, control characters dropped (newlines kept when
/// `multiline`), and no longer than `max` characters.
fn clean(text: &str, max: usize, what: &str, multiline: bool) -> ApiResult<String> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_control() || (multiline && (*c == '\n' || *c == '\t')))
        .collect();
    if cleaned.chars().count() > max {
        return Err(ApiError::Invalid(format!(
            "the {what} is too long: at most {max} characters"
        )));
    }
    Ok(cleaned)
}

fn required(text: &str, what: &str) -> ApiResult<String> {
    let t = clean(text, MAX_TITLE, what, false)?;
    if t.is_empty() {
        return Err(ApiError::Invalid(format!(
            "the {what} is empty; give it one"
        )));
    }
    Ok(t)
}

fn optional_text(text: Option<&str>) -> ApiResult<Option<String>> {
    match text {
        None => Ok(None),
        Some(t) => {
            let t = clean(t, MAX_TEXT, "text", true)?;
            Ok((!t.is_empty()).then_some(t))
        }
    }
}

/// A release date as `YYYY-MM-DD` (or `YYYY-MM`, or `YYYY`), or none.
fn release_date(text: Option<&str>) -> ApiResult<Option<String>> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let ok = match t.len() {
        4 => t.bytes().all(|b| b.is_ascii_digit()),
        7 | 10 => time::Date::parse(
            &if t.len() == 7 {
                format!("{t}-01")
            } else {
                t.to_string()
            },
            &time::macros::format_description!("[year]-[month]-[day]"),
        )
        .is_ok(),
        _ => false,
    };
    if !ok {
        return Err(ApiError::Invalid(format!(
            "the release date {t:?} is not a date: use YYYY-MM-DD"
        )));
    }
    Ok(Some(t.to_string()))
}

fn license(text: Option<&str>) -> ApiResult<Option<String>> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let code = t.to_ascii_lowercase();
    if !LICENSES.contains(&code.as_str()) {
        return Err(ApiError::Invalid(format!(
            "the license must be one of {}",
            LICENSES.join(", ")
        )));
    }
    Ok(Some(code))
}

/// The name as the original site compared names (its `NormalizedName`),
/// by the one rule in `trogs::catalog::names`. Two artists cannot have
/// names that normalise alike, nor names that look alike.
pub fn normalize_name(name: &str) -> String {
    trogs::catalog::names::normalize(name)
}

fn slug_or(text: &str, fallback: &str) -> String {
    let s = slug::slugify(text);
    let s: String = s.chars().take(60).collect();
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        fallback.to_string()
    } else {
        s
    }
}

fn today() -> String {
    let now = time::OffsetDateTime::now_utc().date();
    format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    )
}

// ---------------------------------------------------------------------------
// Versions and ownership
// ---------------------------------------------------------------------------

pub(crate) fn version_of(extra: &Item) -> i64 {
    match extra.get(VERSION) {
        Some(AttributeValue::N(n)) => n.parse().unwrap_or(0),
        _ => 0,
    }
}

/// The condition that the stored item still has the version read: an
/// item the original wrote has none.
fn same_version(extra: &Item) -> Condition {
    match extra.get(VERSION) {
        Some(v) => Condition::All(vec![
            Condition::Exists,
            Condition::Equals(VERSION.into(), v.clone()),
        ]),
        None => Condition::All(vec![
            Condition::Exists,
            Condition::AttributeNotExists(VERSION.into()),
        ]),
    }
}

fn bump(extra: &mut Item) {
    let v = version_of(extra) + 1;
    extra.insert(VERSION.into(), AttributeValue::n(v));
}

fn check_version(stored: i64, expected: Option<i64>) -> ApiResult<()> {
    match expected {
        Some(v) if v != stored => Err(ApiError::Conflict(
            "it was changed meanwhile (in another tab or by another request); reload and try again"
                .into(),
        )),
        _ => Ok(()),
    }
}

/// Whether `session` owns `artist`.
pub fn owns(session: &Session, artist: &Artist) -> bool {
    match artist.owner.as_deref() {
        Some(owner) if owner == session.owner => true,
        Some(owner) => session
            .email
            .as_deref()
            .is_some_and(|email| owner.eq_ignore_ascii_case(email)),
        None => false,
    }
}

/// The session's artist, refused while it is being deleted: nothing may be
/// added to or changed on what a delete is taking away.
async fn load_artist(app: &App, session: &Session, id: &str) -> ApiResult<Artist> {
    let artist = load_artist_any(app, session, id).await?;
    deletes::refuse_deleting(&artist.extra, "artist")?;
    Ok(artist)
}

/// The session's artist, even while it is being deleted (a retried delete
/// finishes it).
async fn load_artist_any(app: &App, session: &Session, id: &str) -> ApiResult<Artist> {
    if !is_valid_id(id) {
        return Err(ApiError::NotFound("artist"));
    }
    match app.store.get(Key::same(id)).await? {
        Some(item) => match from_item(&item) {
            Ok(Entity::Artist(a)) if owns(session, &a) => Ok(a),
            _ => Err(ApiError::NotFound("artist")),
        },
        None => Err(ApiError::NotFound("artist")),
    }
}

/// An album and its artist, when the artist is the session's. The album's
/// key holds its artist's id, so it is found through the album index and
/// then read by key; a just-created album may take a moment to show in the
/// index, so a miss is retried briefly.
async fn load_album(app: &App, session: &Session, id: &str) -> ApiResult<(Album, Artist)> {
    let (album, artist) = load_album_any(app, session, id).await?;
    deletes::refuse_deleting(&artist.extra, "artist")?;
    deletes::refuse_deleting(&album.extra, "album")?;
    Ok((album, artist))
}

/// An album and its artist, even while either is being deleted.
async fn load_album_any(app: &App, session: &Session, id: &str) -> ApiResult<(Album, Artist)> {
    if !is_valid_id(id) {
        return Err(ApiError::NotFound("album"));
    }
    for attempt in 0..4u32 {
        let rows = app
            .store
            .query_all(Query::new(Index::ArtistsAlbums, id).range(RangeCondition::Eq("000".into())))
            .await?;
        for row in rows {
            let Some(artist_id) = trogs::store::get_s(&row, "PK").map(str::to_string) else {
                continue;
            };
            let Ok(artist) = load_artist_any(app, session, &artist_id).await else {
                continue;
            };
            if let Some(item) = app.store.get(Key::new(&artist_id, id)).await?
                && let Ok(Entity::Album(album)) = from_item(&item)
            {
                return Ok((album, artist));
            }
        }
        if attempt < 3 {
            tokio::time::sleep(std::time::Duration::from_millis(50 << attempt)).await;
        }
    }
    Err(ApiError::NotFound("album"))
}

async fn load_track(app: &App, session: &Session, id: &str) -> ApiResult<(Track, Artist)> {
    if !is_valid_id(id) {
        return Err(ApiError::NotFound("track"));
    }
    let Some(item) = app.store.get(Key::same(id)).await? else {
        return Err(ApiError::NotFound("track"));
    };
    let Ok(Entity::Track(track)) = from_item(&item) else {
        return Err(ApiError::NotFound("track"));
    };
    let artist = load_artist_any(app, session, &track.artist_id)
        .await
        .map_err(|_| ApiError::NotFound("track"))?;
    deletes::refuse_deleting(&artist.extra, "artist")?;
    if let TrackKind::AlbumTrack { album_id, .. } = &track.kind {
        deletes::refuse_deleting_album(app, &artist.id, album_id).await?;
    }
    Ok((track, artist))
}

/// The artists the session owns (its `ISSUER#SUB`, and its verified email
/// for the original site's rows), by name.
pub async fn my_artists(app: &App, session: &Session) -> ApiResult<Vec<ArtistView>> {
    let mut owners = vec![session.owner.clone()];
    if let Some(email) = &session.email {
        owners.push(email.clone());
        if email.to_lowercase() != *email {
            owners.push(email.to_lowercase());
        }
    }
    let mut artists = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for owner in owners {
        for item in app
            .store
            .query_all(Query::new(Index::ArtistsByOwner, owner))
            .await?
        {
            if let Ok(Entity::Artist(a)) = from_item(&item)
                && owns(session, &a)
                && seen.insert(a.id.clone())
            {
                artists.push(artist_view(app, &a));
            }
        }
    }
    artists.sort_by_key(|a| a.name.to_lowercase());
    Ok(artists)
}

struct ArtistRows {
    artist: Artist,
    albums: Vec<Album>,
    singles: Vec<Track>,
    featured: Vec<Track>,
}

async fn artist_rows(app: &App, session: &Session, id: &str) -> ApiResult<ArtistRows> {
    let artist = load_artist(app, session, id).await?;
    let content = queries::artist_content(&app.store, id).await?.value;
    let (mut albums, mut singles, mut featured) = match content {
        Some(c) => (c.albums, c.singles, c.featured),
        None => Default::default(),
    };
    albums.retain(|a| a.artist_id == artist.id);
    singles.retain(|t| t.artist_id == artist.id);
    featured.retain(|t| t.artist_id == artist.id);
    Ok(ArtistRows {
        artist,
        albums,
        singles,
        featured,
    })
}

/// One of the session's artists with its albums, singles and featured tracks.
pub async fn artist(app: &App, session: &Session, id: &str) -> ApiResult<ArtistView> {
    let rows = artist_rows(app, session, id).await?;
    let mut view = artist_view(app, &rows.artist);
    view.albums = rows
        .albums
        .iter()
        .map(|a| album_view(app, a, &rows.artist))
        .collect();
    view.singles = rows
        .singles
        .iter()
        .enumerate()
        .map(|(i, t)| track_view(app, t, i as u32 + 1))
        .collect();
    view.featured = rows
        .featured
        .iter()
        .enumerate()
        .map(|(i, t)| track_view(app, t, i as u32 + 1))
        .collect();
    Ok(view)
}

async fn album_tracks(app: &App, album: &Album) -> ApiResult<Vec<Track>> {
    let rows = app
        .store
        .query_all(
            Query::new(Index::ArtistsAlbums, &album.id)
                .range(RangeCondition::BeginsWith("1".into())),
        )
        .await?;
    let mut tracks: Vec<Track> = rows
        .iter()
        .filter_map(|item| match from_item(item) {
            Ok(Entity::Track(t)) if t.artist_id == album.artist_id => Some(t),
            _ => None,
        })
        .collect();
    tracks.sort_by_key(|t| match t.kind {
        TrackKind::AlbumTrack { number, .. } => number,
        TrackKind::Single { .. } => u32::MAX,
    });
    Ok(tracks)
}

/// One of the session's albums with its tracks.
pub async fn album(app: &App, session: &Session, id: &str) -> ApiResult<AlbumView> {
    let (album, artist) = load_album(app, session, id).await?;
    let mut view = album_view(app, &album, &artist);
    view.tracks = album_tracks(app, &album)
        .await?
        .iter()
        .enumerate()
        .map(|(i, t)| track_view(app, t, i as u32 + 1))
        .collect();
    Ok(view)
}

/// One of the session's tracks.
pub async fn track(app: &App, session: &Session, id: &str) -> ApiResult<TrackView> {
    let (track, _) = load_track(app, session, id).await?;
    let number = match track.kind {
        TrackKind::AlbumTrack { number, .. }
        | TrackKind::Single {
            position: number, ..
        } => number + 1,
    };
    Ok(track_view(app, &track, number))
}

// ---------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------

pub use crate::session::TERMS_VERSION;

fn terms_key(session: &Session) -> Key {
    Key::new(format!("USER#{}", session.owner), "TERMS")
}

/// Whether the session's user has agreed to the current terms (read from
/// the catalog, where agreement is remembered).
pub async fn has_agreed(app: &App, session: &Session) -> ApiResult<bool> {
    let item = app.store.get(terms_key(session)).await?;
    Ok(item
        .and_then(|i| match i.get("TermsVersion") {
            Some(AttributeValue::N(n)) => n.parse::<i64>().ok(),
            _ => None,
        })
        .is_some_and(|v| v >= TERMS_VERSION))
}

/// Records that the session's user agreed to the terms; returns the
/// session to store.
pub async fn agree_terms(app: &App, session: &Session) -> ApiResult<Session> {
    let key = terms_key(session);
    let mut item = Item::new();
    item.insert("PK".into(), AttributeValue::s(&key.pk));
    item.insert("SK".into(), AttributeValue::s(&key.sk));
    item.insert("TermsVersion".into(), AttributeValue::n(TERMS_VERSION));
    item.insert(
        "AgreedAt".into(),
        AttributeValue::s(
            time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        ),
    );
    app.store.put(item, None).await?;
    let mut s = session.clone();
    s.set_terms(true);
    Ok(s)
}

// ---------------------------------------------------------------------------
// Artists
// ---------------------------------------------------------------------------

/// Refuses a name that is, or looks like, another artist's: its look-alike
/// claim (`NAME#` + key, see `trogs::catalog::names`) held by another
/// artist, or, for rows written without a claim (as the original wrote
/// them), the name index. The answer names the name that is taken.
async fn check_name_free(app: &App, name: &str, except: Option<&str>) -> ApiResult<()> {
    use trogs::catalog::names;
    let claimed = app
        .store
        .get(names::claim_key(name))
        .await?
        .and_then(|claim| names::claim_holder(&claim).map(str::to_string))
        .filter(|holder| Some(holder.as_str()) != except);
    let holder = match claimed {
        Some(holder) => Some(holder),
        None => app
            .store
            .query_all(Query::new(Index::ArtistsNames, names::normalize(name)))
            .await?
            .iter()
            .filter_map(|row| trogs::store::get_s(row, "PK"))
            .find(|pk| Some(*pk) != except)
            .map(str::to_string),
    };
    let Some(holder) = holder else {
        return Ok(());
    };
    let taken = app
        .store
        .get(Key::same(&holder))
        .await?
        .and_then(|item| match from_item(&item) {
            Ok(trogs::catalog::Entity::Artist(a)) => Some(a.name),
            _ => None,
        });
    Err(ApiError::Conflict(match taken {
        Some(taken) if taken == name => {
            format!("the name \"{taken}\" is taken by another artist; pick another name")
        }
        Some(taken) => format!(
            "\"{name}\" looks the same as \"{taken}\", the name of another artist (letters from another alphabet, accents, case, wide letters and special spaces do not make a name different); pick another name"
        ),
        None => "that name is taken by another artist; pick another name".into(),
    }))
}

fn name_taken(e: StoreError) -> ApiError {
    match e {
        StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. } => {
            ApiError::Conflict(
                "that name is taken by another artist, or the artist was changed meanwhile; reload and try again"
                    .into(),
            )
        }
        other => other.into(),
    }
}

pub async fn create_artist(
    app: &App,
    session: &Session,
    input: ArtistInput,
) -> ApiResult<Done<ArtistView>> {
    let name = required(&input.name, "name")?;
    let normalized = normalize_name(&name);
    if normalized.is_empty() {
        return Err(ApiError::Invalid(
            "the name needs at least one letter or digit".into(),
        ));
    }
    check_name_free(app, &name, None).await?;
    let counting = crate::quotas::user_lock("artists", &session.owner).await;
    crate::quotas::check_new_artist(app, session).await?;
    let id = crate::token::new_id();
    let mut artist = Artist {
        id: id.clone(),
        name,
        owner: Some(session.owner.clone()),
        normalized_name: Some(normalized.clone()),
        bio: optional_text(input.bio.as_deref())?,
        image_url: Some(String::new()),
        created_date: Some(today()),
        extra: Item::new(),
    };
    bump(&mut artist.extra);
    app.store
        .transact(vec![
            Write::Put {
                item: artist.to_item(),
                condition: Some(Condition::NotExists),
            },
            Write::Put {
                item: trogs::catalog::names::claim_item(&artist.name, &id),
                condition: Some(Condition::NotExists),
            },
        ])
        .await
        .map_err(name_taken)?;
    drop(counting);
    let live = app
        .regen
        .publish(vec![PageRef::Artist(id.clone())], visible_artist(&artist))
        .await;
    Ok(Done {
        value: artist_view(app, &artist),
        live,
    })
}

fn visible_artist(artist: &Artist) -> Vec<crate::regen::Expect> {
    vec![crate::regen::Expect::item(
        Index::ArtistContent,
        &artist.id,
        &artist.id,
        &artist.id,
        version_of(&artist.extra),
    )]
}

pub async fn update_artist(
    app: &App,
    session: &Session,
    id: &str,
    patch: ArtistPatch,
) -> ApiResult<Done<ArtistView>> {
    let mut artist = load_artist(app, session, id).await?;
    check_version(version_of(&artist.extra), patch.version)?;
    let condition = same_version(&artist.extra);
    let old_name = artist.name.clone();
    if let Some(bio) = &patch.bio {
        artist.bio = optional_text(Some(bio))?;
    }
    let mut writes = Vec::new();
    let renamed = match &patch.name {
        Some(name) => {
            let name = required(name, "name")?;
            let changed = name != old_name;
            if changed {
                let normalized = normalize_name(&name);
                if normalized.is_empty() {
                    return Err(ApiError::Invalid(
                        "the name needs at least one letter or digit".into(),
                    ));
                }
                let old_normalized = artist.normalized_name.clone().unwrap_or_default();
                let new_claim = trogs::catalog::names::claim_key(&name);
                let same_claim = new_claim == trogs::catalog::names::claim_key(&old_name);
                if normalized != old_normalized || !same_claim {
                    check_name_free(app, &name, Some(id)).await?;
                }
                if !same_claim {
                    writes.push(Write::Put {
                        item: trogs::catalog::names::claim_item(&name, id),
                        condition: Some(Condition::NotExists),
                    });
                    // Only the claims this artist holds: a name that came to
                    // look like another's shares that artist's claim.
                    writes.extend(trogs::catalog::names::release(&app.store, &artist).await?);
                }
                artist.name = name;
                artist.normalized_name = Some(normalized);
            }
            changed
        }
        None => false,
    };
    bump(&mut artist.extra);
    if renamed {
        // Remembered until every copy of the name is rewritten, so an
        // interrupted rename is finished by the next process to start.
        writes.push(Write::Put {
            item: rename_job(id),
            condition: None,
        });
    }
    writes.push(Write::Put {
        item: artist.to_item(),
        condition: Some(condition),
    });
    app.store.transact(writes).await.map_err(name_taken)?;
    if renamed {
        rename_everywhere(app, &artist).await?;
    }
    let changes = vec![PageRef::Artist(id.to_string())];
    let live = app.regen.publish(changes, visible_artist(&artist)).await;
    Ok(Done {
        value: artist_view(app, &artist),
        live,
    })
}

const RENAME_JOBS: &str = "JOB#RENAME";

fn rename_job(artist_id: &str) -> Item {
    let mut item = Item::new();
    item.insert("PK".into(), AttributeValue::s(RENAME_JOBS));
    item.insert("SK".into(), AttributeValue::s(artist_id));
    item
}

/// Rewrites the `ArtistName` every album and track of `artist` carries,
/// a batch at a time, each item conditionally so a concurrent edit is not
/// lost; then forgets the rename job. Running it again is harmless, which
/// is how an interrupted rename resumes.
pub async fn rename_everywhere(app: &App, artist: &Artist) -> ApiResult<usize> {
    let mut keys: Vec<Key> = Vec::new();
    let content = app
        .store
        .query_all(Query::new(Index::ArtistContent, &artist.id))
        .await?;
    let mut album_ids = Vec::new();
    for item in &content {
        match from_item(item) {
            Ok(Entity::Album(a)) if a.artist_id == artist.id => {
                album_ids.push(a.id.clone());
                if a.artist_name.as_deref() != Some(&artist.name) {
                    keys.push(Key::new(&a.artist_id, &a.id));
                }
            }
            Ok(Entity::Track(t))
                if t.artist_id == artist.id && t.artist_name.as_deref() != Some(&artist.name) =>
            {
                keys.push(Key::same(&t.id));
            }
            _ => {}
        }
    }
    for album_id in album_ids {
        for item in app
            .store
            .query_all(
                Query::new(Index::ArtistsAlbums, &album_id)
                    .range(RangeCondition::BeginsWith("1".into())),
            )
            .await?
        {
            if let Ok(Entity::Track(t)) = from_item(&item)
                && t.artist_id == artist.id
                && t.artist_name.as_deref() != Some(&artist.name)
            {
                keys.push(Key::same(&t.id));
            }
        }
    }
    keys.sort_by(|a, b| (&a.pk, &a.sk).cmp(&(&b.pk, &b.sk)));
    keys.dedup();
    let total = keys.len();
    for batch in keys.chunks(25) {
        let writes = batch
            .iter()
            .map(|key| Write::Update {
                key: key.clone(),
                updates: vec![
                    Update::Set("ArtistName".into(), AttributeValue::s(&artist.name)),
                    Update::Add(VERSION.into(), 1),
                ],
                condition: Some(Condition::Exists),
            })
            .collect();
        if let Err(e) = app.store.transact(writes).await {
            // An item deleted meanwhile cancels its batch: do it one by one.
            tracing::debug!(error = %e, "rename batch retried item by item");
            for key in batch {
                match app
                    .store
                    .update(
                        key.clone(),
                        vec![
                            Update::Set("ArtistName".into(), AttributeValue::s(&artist.name)),
                            Update::Add(VERSION.into(), 1),
                        ],
                        Some(Condition::Exists),
                    )
                    .await
                {
                    Ok(_) | Err(StoreError::ConditionFailed(_)) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
    }
    app.store
        .delete(Key::new(RENAME_JOBS, &artist.id), None)
        .await?;
    Ok(total)
}

/// Finishes renames that a stopped process left half done; returns the
/// artists whose pages need publishing.
pub async fn resume_renames(app: &App) -> ApiResult<Vec<PageRef>> {
    let jobs = app
        .store
        .query_all(Query::new(Index::Table, RENAME_JOBS))
        .await?;
    let mut done = Vec::new();
    for job in jobs {
        let Some(id) = trogs::store::get_s(&job, "SK").map(str::to_string) else {
            continue;
        };
        match app.store.get(Key::same(&id)).await? {
            Some(item) => {
                if let Ok(Entity::Artist(a)) = from_item(&item) {
                    let n = rename_everywhere(app, &a).await?;
                    tracing::info!(artist = %id, items = n, "finished an interrupted rename");
                    done.push(PageRef::Artist(id));
                }
            }
            None => {
                app.store.delete(Key::new(RENAME_JOBS, &id), None).await?;
            }
        }
    }
    Ok(done)
}

/// Deletes an artist and everything of theirs, all or nothing: the artist
/// is marked as being deleted (on the version read) with a job item, then
/// its tracks, albums and the artist go, their media through the trash list
/// (see [`deletes`]). A delete left half done is finished by the next one.
pub async fn delete_artist(app: &App, session: &Session, id: &str) -> ApiResult<Done<()>> {
    let artist = load_artist_any(app, session, id).await?;
    deletes::artist(app, &artist).await
}

// ---------------------------------------------------------------------------
// Albums
// ---------------------------------------------------------------------------

/// The next free place in a group (`2nn` albums, `3nn` singles) of an
/// artist, or among an album's tracks: one past the highest used.
fn next_position(used: impl Iterator<Item = u32>, what: &str) -> ApiResult<u32> {
    let next = used.max().map_or(0, |m| m + 1);
    if next > MAX_POSITION {
        return Err(ApiError::Conflict(format!(
            "there is no room for another {what}: at most {} are kept",
            MAX_POSITION + 1
        )));
    }
    Ok(next)
}

/// The artist's version bump that goes with a change to their albums,
/// singles or featured tracks, so two such changes at once conflict instead
/// of taking the same place.
fn touch(artist: &Artist) -> Write {
    Write::Update {
        key: Key::same(&artist.id),
        updates: vec![Update::Add(VERSION.into(), 1)],
        condition: Some(same_version(&artist.extra)),
    }
}

fn touch_album(album: &Album) -> Write {
    Write::Update {
        key: Key::new(&album.artist_id, &album.id),
        updates: vec![Update::Add(VERSION.into(), 1)],
        condition: Some(same_version(&album.extra)),
    }
}

pub async fn create_album(
    app: &App,
    session: &Session,
    artist_id: &str,
    input: AlbumInput,
) -> ApiResult<Done<AlbumView>> {
    let title = required(&input.title, "title")?;
    let release_date = release_date(input.release_date.as_deref())?;
    let license = license(input.license.as_deref())?.unwrap_or_else(|| DEFAULT_LICENSE.into());
    let description = optional_text(input.description.as_deref())?;
    let rows = artist_rows(app, session, artist_id).await?;
    let position = next_position(rows.albums.iter().map(|a| a.position), "album")?;
    let mut album = Album {
        id: crate::token::new_id(),
        artist_id: rows.artist.id.clone(),
        title,
        artist_name: Some(rows.artist.name.clone()),
        release_date,
        description,
        license: Some(license),
        image_url: Some(String::new()),
        position,
        extra: Item::new(),
    };
    bump(&mut album.extra);
    app.store
        .transact(vec![
            touch(&rows.artist),
            Write::Put {
                item: album.to_item(),
                condition: Some(Condition::NotExists),
            },
        ])
        .await?;
    let live = app
        .regen
        .publish(
            vec![PageRef::Album(album.id.clone())],
            vec![crate::regen::Expect::item(
                Index::ArtistsAlbums,
                &album.id,
                &album.artist_id,
                &album.id,
                1,
            )],
        )
        .await;
    Ok(Done {
        value: album_view(app, &album, &rows.artist),
        live,
    })
}

pub async fn update_album(
    app: &App,
    session: &Session,
    id: &str,
    patch: AlbumPatch,
) -> ApiResult<Done<AlbumView>> {
    let (mut album, artist) = load_album(app, session, id).await?;
    check_version(version_of(&album.extra), patch.version)?;
    let condition = same_version(&album.extra);
    if let Some(t) = &patch.title {
        album.title = required(t, "title")?;
    }
    if let Some(d) = &patch.release_date {
        album.release_date = release_date(Some(d))?;
    }
    if let Some(l) = &patch.license {
        album.license = license(Some(l))?.or(album.license);
    }
    if let Some(d) = &patch.description {
        album.description = optional_text(Some(d))?;
    }
    album.artist_name = Some(artist.name.clone());
    bump(&mut album.extra);
    app.store.put(album.to_item(), Some(condition)).await?;
    let live = app
        .regen
        .publish(
            vec![PageRef::Album(album.id.clone())],
            vec![crate::regen::Expect::item(
                Index::ArtistsAlbums,
                &album.id,
                &album.artist_id,
                &album.id,
                version_of(&album.extra),
            )],
        )
        .await;
    Ok(Done {
        value: album_view(app, &album, &artist),
        live,
    })
}

/// Deletes an album with its tracks, all or nothing, as [`delete_artist`]
/// does.
pub async fn delete_album(app: &App, session: &Session, id: &str) -> ApiResult<Done<()>> {
    let (album, artist) = load_album_any(app, session, id).await?;
    // While the artist goes, the artist's delete takes the album with it.
    deletes::refuse_deleting(&artist.extra, "artist")?;
    deletes::album(app, &album, &artist).await
}

// ---------------------------------------------------------------------------
// Tracks
// ---------------------------------------------------------------------------

pub(crate) fn track_expect(t: &Track) -> crate::regen::Expect {
    match &t.kind {
        TrackKind::AlbumTrack { album_id, .. } => crate::regen::Expect::item(
            Index::ArtistsAlbums,
            album_id,
            &t.id,
            &t.id,
            version_of(&t.extra),
        ),
        TrackKind::Single { .. } => crate::regen::Expect::item(
            Index::ArtistContent,
            &t.artist_id,
            &t.id,
            &t.id,
            version_of(&t.extra),
        ),
    }
}

pub async fn update_track(
    app: &App,
    session: &Session,
    id: &str,
    patch: TrackPatch,
) -> ApiResult<Done<TrackView>> {
    let (mut track, artist) = load_track(app, session, id).await?;
    check_version(version_of(&track.extra), patch.version)?;
    let condition = same_version(&track.extra);
    if let Some(t) = &patch.title {
        track.title = required(t, "title")?;
    }
    if let Some(l) = &patch.license {
        track.license = license(Some(l))?.or(track.license);
    }
    if let Some(d) = &patch.release_date {
        match &mut track.kind {
            TrackKind::Single {
                release_date: r, ..
            } => *r = release_date(Some(d))?,
            TrackKind::AlbumTrack { .. } => {
                return Err(ApiError::Invalid(
                    "an album track takes its album's release date; change the album's".into(),
                ));
            }
        }
    }
    track.artist_name = Some(artist.name.clone());
    bump(&mut track.extra);
    app.store.put(track.to_item(), Some(condition)).await?;
    let view = track_view(app, &track, 0);
    let live = app
        .regen
        .publish(
            vec![PageRef::Track(id.to_string())],
            vec![track_expect(&track)],
        )
        .await;
    Ok(Done { value: view, live })
}

fn position_of(t: &Track) -> u32 {
    match t.kind {
        TrackKind::AlbumTrack { number, .. } => number,
        TrackKind::Single { position, .. } => position,
    }
}

fn set_position(t: &mut Track, to: u32) {
    match &mut t.kind {
        TrackKind::AlbumTrack { number, .. } => *number = to,
        TrackKind::Single { position, .. } => *position = to,
    }
}

/// Moves a track one place up or down on its album (or among the singles),
/// swapping places with its neighbour.
pub async fn move_track(
    app: &App,
    session: &Session,
    id: &str,
    direction: Direction,
) -> ApiResult<Done<TrackView>> {
    let (track, artist) = load_track(app, session, id).await?;
    let (siblings, parent) = match &track.kind {
        TrackKind::AlbumTrack { album_id, .. } => {
            let (album, _) = load_album(app, session, album_id).await?;
            (album_tracks(app, &album).await?, touch_album(&album))
        }
        TrackKind::Single { .. } => (
            artist_rows(app, session, &artist.id).await?.singles,
            touch(&artist),
        ),
    };
    let mut order: Vec<Track> = siblings;
    order.sort_by_key(position_of);
    let Some(at) = order.iter().position(|t| t.id == track.id) else {
        return Err(ApiError::Conflict(
            "the track list is being updated; reload and try again".into(),
        ));
    };
    let other = match direction {
        Direction::Up if at > 0 => at - 1,
        Direction::Down if at + 1 < order.len() => at + 1,
        _ => {
            let view = track_view(app, &order[at], at as u32 + 1);
            return Ok(Done {
                value: view,
                live: Live::unchanged(),
            });
        }
    };
    let mut a = order[at].clone();
    let mut b = order[other].clone();
    let (pa, pb) = (position_of(&a), position_of(&b));
    let (ca, cb) = (same_version(&a.extra), same_version(&b.extra));
    set_position(&mut a, pb);
    set_position(&mut b, pa);
    if pa == pb {
        // Two tracks on one place (rows the original wrote): number by order.
        set_position(&mut a, other as u32);
        set_position(&mut b, at as u32);
    }
    bump(&mut a.extra);
    bump(&mut b.extra);
    app.store
        .transact(vec![
            parent,
            Write::Put {
                item: a.to_item(),
                condition: Some(ca),
            },
            Write::Put {
                item: b.to_item(),
                condition: Some(cb),
            },
        ])
        .await?;
    let view = track_view(app, &a, other as u32 + 1);
    let live = app
        .regen
        .publish(
            vec![PageRef::Track(a.id.clone()), PageRef::Track(b.id.clone())],
            vec![track_expect(&a), track_expect(&b)],
        )
        .await;
    Ok(Done { value: view, live })
}

pub async fn delete_track(app: &App, session: &Session, id: &str) -> ApiResult<Done<()>> {
    let (track, artist) = load_track(app, session, id).await?;
    let parent = match &track.kind {
        TrackKind::AlbumTrack { album_id, .. } => {
            let (album, _) = load_album(app, session, album_id).await?;
            touch_album(&album)
        }
        TrackKind::Single { .. } => touch(&artist),
    };
    // Its media is listed in the trash with the delete, so no object is
    // left behind even if this process stops before removing it.
    let media = deletes::ours(track_media(&track));
    let mut writes = vec![
        parent,
        Write::Delete {
            key: Key::same(id),
            condition: Some(same_version(&track.extra)),
        },
    ];
    writes.extend(deletes::trash_puts(&media));
    app.store.transact(writes).await?;
    crate::quotas::count_bytes(app, &artist, -(crate::quotas::track_bytes(&track) as i64)).await;
    deletes::take_out_trash(app, media).await;
    let mut gone = track_expect(&track);
    gone.version = None;
    let live = app
        .regen
        .publish(vec![PageRef::Track(id.to_string())], vec![gone])
        .await;
    Ok(Done { value: (), live })
}

// ---------------------------------------------------------------------------
// Featured tracks
// ---------------------------------------------------------------------------

/// Features a track on its artist's page (at most three), or stops.
pub async fn set_featured(
    app: &App,
    session: &Session,
    id: &str,
    on: bool,
) -> ApiResult<Done<TrackView>> {
    let (mut track, artist) = load_track(app, session, id).await?;
    if track.is_featured() == on {
        let view = track_view(app, &track, 0);
        return Ok(Done {
            value: view,
            live: Live::unchanged(),
        });
    }
    let rows = artist_rows(app, session, &artist.id).await?;
    let condition = same_version(&track.extra);
    if on {
        let others: Vec<&Track> = rows.featured.iter().filter(|t| t.id != track.id).collect();
        if others.len() >= MAX_FEATURED {
            return Err(ApiError::Conflict(format!(
                "at most {MAX_FEATURED} tracks can be featured; stop featuring one first"
            )));
        }
        track.featured = Some(true);
        track.feature_sort = Some(next_feature_sort(
            others.iter().filter_map(|t| t.feature_sort.as_deref()),
        ));
    } else {
        track.featured = None;
        track.feature_sort = None;
    }
    bump(&mut track.extra);
    app.store
        .transact(vec![
            touch(&rows.artist),
            Write::Put {
                item: track.to_item(),
                condition: Some(condition),
            },
        ])
        .await?;
    let view = track_view(app, &track, 0);
    let live = app
        .regen
        .publish(
            vec![
                PageRef::Track(id.to_string()),
                PageRef::Artist(artist.id.clone()),
            ],
            vec![track_expect(&track)],
        )
        .await;
    Ok(Done { value: view, live })
}

/// Puts the artist's featured tracks in the order given (every featured
/// track, each once): `FeatureSort` becomes `100`, `101`, `102`.
pub async fn order_featured(
    app: &App,
    session: &Session,
    artist_id: &str,
    order: Vec<String>,
) -> ApiResult<Done<Vec<TrackView>>> {
    let rows = artist_rows(app, session, artist_id).await?;
    let mut current: Vec<&str> = rows.featured.iter().map(|t| t.id.as_str()).collect();
    let mut asked: Vec<&str> = order.iter().map(String::as_str).collect();
    current.sort_unstable();
    asked.sort_unstable();
    if current != asked {
        return Err(ApiError::Invalid(
            "list every featured track once, in the order wanted".into(),
        ));
    }
    let mut writes = vec![touch(&rows.artist)];
    let mut tracks = Vec::new();
    for (i, id) in order.iter().enumerate() {
        let mut t = rows
            .featured
            .iter()
            .find(|t| &t.id == id)
            .cloned()
            .expect("checked above");
        // Read again by key: the index may lag behind the table.
        if let Some(item) = app.store.get(Key::same(id)).await?
            && let Ok(Entity::Track(fresh)) = from_item(&item)
        {
            t = fresh;
        }
        let condition = same_version(&t.extra);
        t.feature_sort = Some(sort_key(1, i as u32));
        bump(&mut t.extra);
        writes.push(Write::Put {
            item: t.to_item(),
            condition: Some(condition),
        });
        tracks.push(t);
    }
    app.store.transact(writes).await?;
    let views = tracks
        .iter()
        .enumerate()
        .map(|(i, t)| track_view(app, t, i as u32 + 1))
        .collect();
    let expects = tracks.iter().map(track_expect).collect();
    let live = app
        .regen
        .publish(vec![PageRef::Artist(artist_id.to_string())], expects)
        .await;
    Ok(Done { value: views, live })
}

// ---------------------------------------------------------------------------
// Uploads
// ---------------------------------------------------------------------------

/// What an upload is for, named when it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadTarget {
    /// A track added to the end of an album.
    AlbumTrack {
        album_id: String,
    },
    /// A new single of an artist.
    Single {
        artist_id: String,
    },
    ArtistImage {
        artist_id: String,
    },
    AlbumImage {
        album_id: String,
    },
    /// A new file for an existing track, which keeps everything else.
    TrackAudio {
        track_id: String,
    },
}

impl UploadTarget {
    /// Parses `album/ID/tracks`, `artist/ID/singles`, `artist/ID/image`,
    /// `album/ID/image`, `track/ID/audio`.
    pub fn parse(s: &str) -> Option<UploadTarget> {
        let parts: Vec<&str> = s.split('/').collect();
        let id = |i: usize| {
            let id = parts[i];
            is_valid_id(id).then(|| id.to_string())
        };
        match parts.as_slice() {
            ["album", _, "tracks"] => Some(UploadTarget::AlbumTrack { album_id: id(1)? }),
            ["artist", _, "singles"] => Some(UploadTarget::Single { artist_id: id(1)? }),
            ["artist", _, "image"] => Some(UploadTarget::ArtistImage { artist_id: id(1)? }),
            ["album", _, "image"] => Some(UploadTarget::AlbumImage { album_id: id(1)? }),
            ["track", _, "audio"] => Some(UploadTarget::TrackAudio { track_id: id(1)? }),
            _ => None,
        }
    }

    pub fn is_audio(&self) -> bool {
        self.adds_audio() || matches!(self, UploadTarget::TrackAudio { .. })
    }

    /// Whether it adds a track, whose whole size counts towards the
    /// stored-bytes limit (a replaced track's counts only what it grows).
    pub fn adds_audio(&self) -> bool {
        matches!(
            self,
            UploadTarget::AlbumTrack { .. } | UploadTarget::Single { .. }
        )
    }

    /// The size limit for this kind of upload.
    pub fn limit(&self, app: &App) -> u64 {
        if self.is_audio() {
            app.settings.max_audio_bytes
        } else {
            app.settings.max_image_bytes
        }
    }
}

/// Checks that `target` exists and is the signed-in user's (404 otherwise),
/// before any byte of an upload is taken.
pub async fn check_upload_target(
    app: &App,
    session: &Session,
    target: &UploadTarget,
) -> ApiResult<()> {
    match target {
        UploadTarget::AlbumTrack { album_id } | UploadTarget::AlbumImage { album_id } => {
            load_album(app, session, album_id).await.map(|_| ())
        }
        UploadTarget::Single { artist_id } | UploadTarget::ArtistImage { artist_id } => {
            load_artist(app, session, artist_id).await.map(|_| ())
        }
        UploadTarget::TrackAudio { track_id } => {
            load_track(app, session, track_id).await.map(|_| ())
        }
    }
}

fn probe_error(e: probe::ProbeError) -> ApiError {
    match e {
        probe::ProbeError::Unsupported(m) => ApiError::Unsupported(m),
        probe::ProbeError::Broken(m) | probe::ProbeError::OverLimit(m) => ApiError::Invalid(m),
    }
}

/// A title from the browser's file name: without its extension, with
/// separators as spaces. Only ever text, never a path.
fn title_from_name(name: Option<&str>) -> Option<String> {
    let name = name?.rsplit(['/', '\\']).next()?;
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    let t: String = stem
        .chars()
        .map(|c| if c == '_' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then(|| t.chars().take(MAX_TITLE).collect())
}

/// Takes a finished upload: checks its bytes, stores it in the media store
/// and writes the catalog item (or answers why not, storing nothing). The
/// answer is the JSON document of what was made or changed.
pub async fn finish_upload(
    app: &App,
    session: &Session,
    target: UploadTarget,
    file: Spooled,
) -> ApiResult<serde_json::Value> {
    check_upload_target(app, session, &target).await?;
    if file.size == 0 {
        return Err(ApiError::Invalid(
            "the file is empty (0 bytes); choose the file again".into(),
        ));
    }
    if target.adds_audio() {
        crate::quotas::check_room(app, session, file.size).await?;
    }
    match target {
        UploadTarget::AlbumTrack { album_id } => {
            let done = add_album_track(app, session, &album_id, file).await?;
            Ok(serde_json::to_value(done).map_err(ApiError::internal)?)
        }
        UploadTarget::Single { artist_id } => {
            let done = add_single(app, session, &artist_id, file).await?;
            Ok(serde_json::to_value(done).map_err(ApiError::internal)?)
        }
        UploadTarget::ArtistImage { artist_id } => {
            let done = set_artist_image(app, session, &artist_id, file).await?;
            Ok(serde_json::to_value(done).map_err(ApiError::internal)?)
        }
        UploadTarget::AlbumImage { album_id } => {
            let done = set_album_image(app, session, &album_id, file).await?;
            Ok(serde_json::to_value(done).map_err(ApiError::internal)?)
        }
        UploadTarget::TrackAudio { track_id } => {
            let done = replace::replace_audio(app, session, &track_id, file).await?;
            Ok(serde_json::to_value(done).map_err(ApiError::internal)?)
        }
    }
}

async fn probe_audio(app: &App, file: &Spooled) -> ApiResult<probe::AudioInfo> {
    let path = file.path().to_path_buf();
    let limits = app.settings.audio_limits();
    tokio::task::spawn_blocking(move || probe::audio_within(&path, &limits))
        .await
        .map_err(ApiError::internal)?
        .map_err(probe_error)
}

async fn probe_image(app: &App, file: &Spooled) -> ApiResult<probe::Image> {
    crate::imaging::probe(&app.settings.images, file.path()).await
}

fn artist_dir(artist: &Artist) -> String {
    format!("art/{}-{}", slug_or(&artist.name, "artist"), artist.id)
}

fn rand8() -> String {
    crate::token::base36(8)
}

/// The catalog write that follows a media write, failing when the
/// `catalog-write` failure point is on.
fn injected_catalog_failure() -> Result<(), StoreError> {
    if crate::faults::hit("catalog-write") {
        return Err(StoreError::Backend(
            "the catalog is not reachable (injected)".into(),
        ));
    }
    Ok(())
}

/// Streams the spooled file to the media store under `key`.
async fn store_file(app: &App, key: &str, file: &Spooled) -> ApiResult<()> {
    use tokio::io::AsyncReadExt as _;
    let f = tokio::fs::File::open(file.path())
        .await
        .map_err(ApiError::internal)?;
    if crate::faults::hit("media-write") {
        app.media
            .put(key, f.take(file.size / 2).chain(crate::faults::Broken))
            .await?;
    } else if let trogs::media::Media::Folder(dir) = &app.media {
        drop(f);
        let (dir, key, from) = (dir.clone(), key.to_string(), file.path().to_path_buf());
        tokio::task::spawn_blocking(move || link_or_copy(&dir, &key, &from))
            .await
            .map_err(ApiError::internal)??;
    } else {
        app.media.put(key, f).await?;
    }
    Ok(())
}

/// Puts the spooled file at `key` in the media folder: a hard link when
/// both are on one file system (the spool is beside the media folder), else
/// the kernel's copy; either way to a temporary name first, then renamed
/// into place, so a reader never sees half a file.
fn link_or_copy(dir: &std::path::Path, key: &str, from: &std::path::Path) -> ApiResult<()> {
    if key
        .split('/')
        .any(|p| p.is_empty() || p == "." || p == ".." || p.starts_with('.'))
    {
        return Err(ApiError::internal(format!("{key:?} is not a media key")));
    }
    let to = dir.join(key);
    let parent = to.parent().expect("a key has a folder");
    let fail = |e: std::io::Error| {
        tracing::error!(key, error = %e, "storing media");
        ApiError::Unavailable(
            "the media store is not reachable right now; nothing was changed. Try again in a moment"
                .into(),
        )
    };
    std::fs::create_dir_all(parent).map_err(fail)?;
    let tmp = parent.join(format!(".{}.{:016x}.tmp", rand8(), fastrand::u64(..)));
    if std::fs::hard_link(from, &tmp).is_err() {
        std::fs::copy(from, &tmp).map_err(fail)?;
    }
    // The spool file is private to this service (0600); a media object is
    // for a web server of its own to serve, whatever our umask.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if let Err(e) = std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o644)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(fail(e));
        }
    }
    std::fs::rename(&tmp, &to).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

/// Removes media objects that are no longer referenced; a failure is
/// logged with the key, so it can be removed by hand.
async fn delete_media(app: &App, keys: Vec<String>) {
    for key in keys {
        if key.is_empty() || key.contains("://") || key.starts_with("//") {
            continue; // a full URL: not in our media store
        }
        let deleted = if crate::faults::hit("media-delete") {
            Err("the media store is not reachable (injected)".to_string())
        } else {
            app.media.delete(&key).await.map_err(|e| e.to_string())
        };
        if let Err(e) = deleted {
            tracing::warn!(%key, error = %e, "a media object could not be removed yet; it is kept in the trash list");
            remember_trash(app, &key).await;
        }
    }
}

/// Items `PK = TRASH`, `SK = media key`: objects no item refers to any more
/// whose removal failed. The sweeper removes them later.
const TRASH: &str = "TRASH";

fn trash_item(key: &str) -> Item {
    let mut item = Item::new();
    item.insert("PK".into(), AttributeValue::s(TRASH));
    item.insert("SK".into(), AttributeValue::s(key));
    item.insert("Since".into(), AttributeValue::s(today()));
    item
}

async fn remember_trash(app: &App, key: &str) {
    let item = trash_item(key);
    if let Err(e) = app.store.put(item, None).await {
        tracing::error!(%key, error = %e, "an unused media object could not be listed for removal; remove it by hand");
    }
}

/// Removes the media objects in the trash list; returns how many went.
pub async fn empty_trash(app: &App) -> ApiResult<usize> {
    let listed = app.store.query_all(Query::new(Index::Table, TRASH)).await?;
    let mut removed = 0;
    for item in listed {
        let Some(key) = trogs::store::get_s(&item, "SK").map(str::to_string) else {
            continue;
        };
        if crate::faults::hit("media-delete") {
            continue;
        }
        match app.media.delete(&key).await {
            Ok(()) => {
                app.store.delete(Key::new(TRASH, &key), None).await?;
                removed += 1;
            }
            Err(e) => {
                tracing::warn!(%key, error = %e, "an unused media object is still not removable")
            }
        }
    }
    Ok(removed)
}

/// A track's media objects: its original, and the renditions and peaks
/// recorded on its item.
fn track_media(t: &Track) -> Vec<String> {
    let mut keys = vec![t.audio_url.clone()];
    if let Some(AttributeValue::L(list)) = t.extra.get("Renditions") {
        for r in list {
            if let AttributeValue::M(m) = r
                && let Some(AttributeValue::S(k)) = m.get("Key")
            {
                keys.push(k.clone());
            }
        }
    }
    if let Some(AttributeValue::S(k)) = t.extra.get("PeaksKey") {
        keys.push(k.clone());
    }
    keys
}

/// An image's key and the keys of its derivatives, as recorded on the item.
fn image_keys(key: Option<&str>, extra: &Item) -> Vec<String> {
    let Some(key) = key else { return Vec::new() };
    let mut keys = vec![key.to_string()];
    if let Some(AttributeValue::S(sizes)) = extra.get(IMAGE_SIZES) {
        for size in sizes.split(',').filter(|s| !s.is_empty()) {
            keys.push(derivative_key(key, size));
        }
    }
    keys
}

pub use trogs::images::derivative_key;

async fn add_album_track(
    app: &App,
    session: &Session,
    album_id: &str,
    file: Spooled,
) -> ApiResult<Done<TrackView>> {
    let info = probe_audio(app, &file).await?;
    let (album, artist) = load_album(app, session, album_id).await?;
    let title = info
        .title
        .clone()
        .or_else(|| title_from_name(file.name.as_deref()))
        .unwrap_or_else(|| "Untitled".into());
    let key = format!(
        "{}/{}-{}/{}-{}.{}",
        artist_dir(&artist),
        slug_or(&album.title, "album"),
        album.id,
        slug_or(&title, "track"),
        rand8(),
        info.ext
    );
    store_file(app, &key, &file).await?;
    let id = crate::token::new_id();
    // Two uploads to one album at once both read the same last place; the
    // album's version makes the second retry with the next one.
    let (track, number) = place_new_track(
        app,
        &format!("album:{album_id}"),
        "the album",
        &key,
        || async {
            let (album, artist) = load_album(app, session, album_id).await?;
            let tracks = album_tracks(app, &album).await?;
            let number = next_position(tracks.iter().map(position_of), "track on this album")?;
            let track = new_track(
                &id,
                &title,
                &key,
                &artist,
                &info,
                file.size,
                album.license.clone(),
                TrackKind::AlbumTrack {
                    album_id: album.id.clone(),
                    album_title: Some(album.title.clone()),
                    number,
                },
            );
            Ok((track, number, touch_album(&album)))
        },
    )
    .await?;
    crate::quotas::count_bytes(app, &artist, file.size as i64).await;
    let view = track_view(app, &track, number + 1);
    let live = app
        .regen
        .publish(vec![PageRef::Track(id)], vec![track_expect(&track)])
        .await;
    make_renditions(app, session, &track).await;
    Ok(Done { value: view, live })
}

/// After an audio upload, in the background: the track's streaming
/// renditions, loudness, peaks and duration are made from the stored
/// original, recorded on the item, and its pages published again. Until
/// then the page plays the original. The jobs of all users share a few
/// workers fairly, one per user at a time, and a job that runs far past
/// what the track's length predicts is stopped (`crate::renditions_queue`).
///
/// On Lambda, where nothing runs after the answer, the job is sent as an
/// asynchronous invocation instead (`crate::lambda::jobs`).
#[cfg(feature = "renditions")]
async fn make_renditions(app: &App, session: &Session, track: &Track) {
    if crate::lambda::jobs::invoked() {
        let job = crate::lambda::jobs::Job::Renditions {
            track: track.id.clone(),
            source: track.audio_url.clone(),
        };
        if let Err(e) = crate::lambda::jobs::send(&job).await {
            tracing::error!(error = %e, "the track plays its original until `trogs media process` runs");
        }
        return;
    }
    let regen = app.regen.clone();
    let id = track.id.clone();
    let mut expect = track_expect(track);
    expect.version = expect.version.map(|v| v + 1);
    let seconds = match track.extra.get(DURATION) {
        Some(AttributeValue::N(n)) => n.parse().ok(),
        _ => None,
    };
    let job = crate::renditions_queue::TrackJob {
        store: app.store.clone(),
        media: app.media.clone(),
        key: Key::same(&id),
        source: track.audio_url.clone(),
        seconds,
    };
    crate::renditions_queue::submit(&app.settings.renditions, &session.owner, job, async move {
        let live = regen.publish(vec![PageRef::Track(id)], vec![expect]).await;
        tracing::info!(published = live.published, "renditions published");
    });
}

/// Without the `renditions` feature, tracks play their original.
#[cfg(not(feature = "renditions"))]
async fn make_renditions(_: &App, _: &Session, _: &Track) {}

/// Serialises this process's writes to one album's or one artist's list
/// (uploads that each take the next place), so they do not spend their
/// retries on each other; other processes are kept apart by the versions.
/// Any other work serialised per key takes it too, with a key of its own
/// kind (see `quotas::user_lock`).
pub(crate) async fn list_lock(key: &str) -> tokio::sync::OwnedMutexGuard<()> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
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

/// Puts a new track at the next place of a list (an album's tracks, an
/// artist's singles). `place` reads the list and gives the track, its
/// place and the write that checks the list is still as read: two uploads
/// that read the same last place collide there, and the later one tries
/// again (`list` serialises them within this process). When it cannot be
/// placed, the stored original at `key` is deleted.
async fn place_new_track<Placed>(
    app: &App,
    list: &str,
    what: &str,
    key: &str,
    mut place: impl FnMut() -> Placed,
) -> ApiResult<(Track, u32)>
where
    Placed: Future<Output = ApiResult<(Track, u32, Write)>>,
{
    let mut result = Err(ApiError::Internal("not attempted".into()));
    let serial = list_lock(list).await;
    for attempt in 0..PLACE_TRIES {
        let (track, at, guard) = match place().await {
            Ok(placed) => placed,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        let written = match injected_catalog_failure() {
            Err(e) => Err(e),
            Ok(()) => {
                app.store
                    .transact(vec![
                        guard,
                        Write::Put {
                            item: track.to_item(),
                            condition: Some(Condition::NotExists),
                        },
                    ])
                    .await
            }
        };
        match written {
            Ok(()) => {
                result = Ok((track, at));
                break;
            }
            Err(StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. }) => {
                result = Err(ApiError::Conflict(format!(
                    "{what} was changed by several uploads at once; try again"
                )));
                pause_before_retry(attempt).await;
            }
            Err(e) => {
                result = Err(e.into());
                break;
            }
        }
    }
    drop(serial);
    if result.is_err() {
        delete_media(app, vec![key.to_string()]).await;
    }
    result
}

/// How many times a write that lost a race for a place is tried again,
/// with a growing, jittered pause.
const PLACE_TRIES: u32 = 12;

async fn pause_before_retry(attempt: u32) {
    let most = 10u64 << attempt.min(5);
    tokio::time::sleep(std::time::Duration::from_millis(fastrand::u64(5..=most))).await;
}

#[allow(clippy::too_many_arguments)]
fn new_track(
    id: &str,
    title: &str,
    key: &str,
    artist: &Artist,
    info: &probe::AudioInfo,
    size: u64,
    license: Option<String>,
    kind: TrackKind,
) -> Track {
    let mut extra = Item::new();
    if let Some(d) = info.duration_seconds {
        extra.insert(DURATION.into(), AttributeValue::n(format!("{d:.3}")));
    }
    extra.insert(AUDIO_TYPE.into(), AttributeValue::s(info.mime));
    extra.insert(AUDIO_SIZE.into(), AttributeValue::n(size));
    let mut track = Track {
        id: id.to_string(),
        title: title.to_string(),
        audio_url: key.to_string(),
        artist_id: artist.id.clone(),
        artist_name: Some(artist.name.clone()),
        license,
        featured: None,
        feature_sort: None,
        kind,
        extra,
    };
    bump(&mut track.extra);
    track
}

async fn add_single(
    app: &App,
    session: &Session,
    artist_id: &str,
    file: Spooled,
) -> ApiResult<Done<TrackView>> {
    let info = probe_audio(app, &file).await?;
    let artist = load_artist(app, session, artist_id).await?;
    let title = info
        .title
        .clone()
        .or_else(|| title_from_name(file.name.as_deref()))
        .unwrap_or_else(|| "Untitled".into());
    let key = format!(
        "{}/singles/{}-{}.{}",
        artist_dir(&artist),
        slug_or(&title, "track"),
        rand8(),
        info.ext
    );
    store_file(app, &key, &file).await?;
    let id = crate::token::new_id();
    let (track, position) = place_new_track(
        app,
        &format!("artist:{artist_id}"),
        "the artist",
        &key,
        || async {
            let rows = artist_rows(app, session, artist_id).await?;
            let position = next_position(rows.singles.iter().map(position_of), "single")?;
            let track = new_track(
                &id,
                &title,
                &key,
                &rows.artist,
                &info,
                file.size,
                Some(DEFAULT_LICENSE.into()),
                TrackKind::Single {
                    position,
                    release_date: Some(today()),
                },
            );
            Ok((track, position, touch(&rows.artist)))
        },
    )
    .await?;
    crate::quotas::count_bytes(app, &artist, file.size as i64).await;
    let view = track_view(app, &track, position + 1);
    let live = app
        .regen
        .publish(vec![PageRef::Track(id)], vec![track_expect(&track)])
        .await;
    make_renditions(app, session, &track).await;
    Ok(Done { value: view, live })
}

/// Stores an image and its derivatives under new keys; returns the key.
/// On failure, whatever was stored is removed.
async fn store_image(app: &App, dir: &str, name: &str, image: &probe::Image) -> ApiResult<String> {
    let key = format!("{dir}/{}-{}.{}", slug_or(name, "image"), rand8(), image.ext);
    let mut stored = Vec::new();
    let mut put = async |k: String, bytes: &[u8]| -> ApiResult<()> {
        if crate::faults::hit("media-write") && !stored.is_empty() {
            use tokio::io::AsyncReadExt as _;
            app.media
                .put(&k, (&bytes[..bytes.len() / 2]).chain(crate::faults::Broken))
                .await?;
        }
        app.media.put_bytes(&k, bytes).await?;
        stored.push(k);
        Ok(())
    };
    let mut outcome = put(key.clone(), &image.bytes).await;
    for (size, bytes, _) in &image.derivatives {
        if outcome.is_err() {
            break;
        }
        outcome = put(derivative_key(&key, size), bytes).await;
    }
    if let Err(e) = outcome {
        delete_media(app, stored).await;
        return Err(e);
    }
    Ok(key)
}

/// Records an image's derivatives and size on its item.
fn record_image(extra: &mut Item, image: &probe::Image) {
    for (name, value) in image.attributes() {
        extra.insert(name.into(), value);
    }
}

async fn set_artist_image(
    app: &App,
    session: &Session,
    artist_id: &str,
    file: Spooled,
) -> ApiResult<Done<ArtistView>> {
    let image = probe_image(app, &file).await?;
    let artist = load_artist(app, session, artist_id).await?;
    let key = store_image(app, &artist_dir(&artist), &artist.name, &image).await?;
    // Read again: the image took a while, and the condition below must be
    // on what is stored now.
    let mut artist = match load_artist(app, session, artist_id).await {
        Ok(a) => a,
        Err(e) => {
            delete_media(app, image_keys_with(&key, &image)).await;
            return Err(e);
        }
    };
    let old = image_keys(artist.image(), &artist.extra);
    let condition = same_version(&artist.extra);
    artist.image_url = Some(key.clone());
    record_image(&mut artist.extra, &image);
    bump(&mut artist.extra);
    let written = match injected_catalog_failure() {
        Err(e) => Err(e),
        Ok(()) => app.store.put(artist.to_item(), Some(condition)).await,
    };
    if let Err(e) = written {
        delete_media(app, image_keys_with(&key, &image)).await;
        return Err(e.into());
    }
    delete_media(app, old).await;
    let live = app
        .regen
        .publish(
            vec![PageRef::Artist(artist.id.clone())],
            visible_artist(&artist),
        )
        .await;
    Ok(Done {
        value: artist_view(app, &artist),
        live,
    })
}

fn image_keys_with(key: &str, image: &probe::Image) -> Vec<String> {
    let mut keys = vec![key.to_string()];
    keys.extend(
        image
            .derivatives
            .iter()
            .map(|(s, _, _)| derivative_key(key, s)),
    );
    keys
}

async fn set_album_image(
    app: &App,
    session: &Session,
    album_id: &str,
    file: Spooled,
) -> ApiResult<Done<AlbumView>> {
    let image = probe_image(app, &file).await?;
    let (album, artist) = load_album(app, session, album_id).await?;
    let dir = format!(
        "{}/{}-{}",
        artist_dir(&artist),
        slug_or(&album.title, "album"),
        album.id
    );
    let key = store_image(app, &dir, &album.title, &image).await?;
    let (mut album, artist) = match load_album(app, session, album_id).await {
        Ok(found) => found,
        Err(e) => {
            delete_media(app, image_keys_with(&key, &image)).await;
            return Err(e);
        }
    };
    let old = image_keys(album.image(), &album.extra);
    let condition = same_version(&album.extra);
    album.image_url = Some(key.clone());
    record_image(&mut album.extra, &image);
    bump(&mut album.extra);
    let written = match injected_catalog_failure() {
        Err(e) => Err(e),
        Ok(()) => app.store.put(album.to_item(), Some(condition)).await,
    };
    if let Err(e) = written {
        delete_media(app, image_keys_with(&key, &image)).await;
        return Err(e.into());
    }
    delete_media(app, old).await;
    let live = app
        .regen
        .publish(
            vec![PageRef::Album(album.id.clone())],
            vec![crate::regen::Expect::item(
                Index::ArtistsAlbums,
                &album.id,
                &album.artist_id,
                &album.id,
                version_of(&album.extra),
            )],
        )
        .await;
    Ok(Done {
        value: album_view(app, &album, &artist),
        live,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_as_the_original_compared_them() {
        assert_eq!(normalize_name("The Band"), "the-band");
        assert_eq!(normalize_name("the-band!"), "the-band");
        assert_eq!(normalize_name("Sigur Rós"), "sigur-rós");
        assert_eq!(normalize_name("!!!"), "");
    }

    #[test]
    fn titles_from_file_names_are_text_only() {
        assert_eq!(
            title_from_name(Some("../../etc/passwd")).as_deref(),
            Some("passwd")
        );
        assert_eq!(
            title_from_name(Some("01_My_Song.mp3")).as_deref(),
            Some("01 My Song")
        );
        assert_eq!(title_from_name(Some("")), None);
    }

    #[test]
    fn upload_targets_parse_only_valid_ids() {
        assert_eq!(
            UploadTarget::parse("album/abc/tracks"),
            Some(UploadTarget::AlbumTrack {
                album_id: "abc".into()
            })
        );
        assert_eq!(UploadTarget::parse("album/../tracks"), None);
        assert_eq!(UploadTarget::parse("album/a b/tracks"), None);
        assert_eq!(UploadTarget::parse("artist/x/other"), None);
    }

    #[test]
    fn dates_and_licenses_are_checked() {
        assert!(release_date(Some("2024-02-30")).is_err());
        assert_eq!(
            release_date(Some("2024-02-29")).unwrap().as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(release_date(Some("2024")).unwrap().as_deref(), Some("2024"));
        assert!(release_date(Some("yesterday")).is_err());
        assert_eq!(license(Some("BY-SA")).unwrap().as_deref(), Some("by-sa"));
        assert!(license(Some("gpl")).is_err());
    }

    #[test]
    fn derivative_keys_sit_beside_the_image() {
        assert_eq!(
            derivative_key("art/a-1/cover-x.jpg", "300x300"),
            "art/a-1/cover-x.300x300.jpg"
        );
    }
}
