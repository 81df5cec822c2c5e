//! Per-user limits (open resumable uploads, artists, stored audio bytes),
//! the absolute deadline of a resumable upload, and the cursor pages of
//! the user's artists: what one account may make us hold or answer at once.
//!
//! Each check is a bounded read: the user's open uploads are one query (an
//! upload's id starts with a digest of its owner, so they sit together in
//! the `UPLOADS` partition), the artists one query per owner id (at most
//! three: the user's `ISSUER#SUB` and verified email), and the stored bytes
//! one read of a usage item per owner id, kept up to date as tracks are
//! added and deleted.

use base64::Engine as _;
use trogs::catalog::items::from_item;
use trogs::catalog::model::{Artist, Entity, Track, is_valid_id};
use trogs::store::{AttributeValue, Cursor, Index, Item, Query, RangeCondition};

use crate::error::{ApiError, ApiResult};
use crate::limits::human_size;
use crate::session::{Session, now};
use crate::state::App;

// The limits are settings; they are defined with the others.
pub use crate::settings::{
    DEFAULT_MAX_ARTISTS, DEFAULT_MAX_OPEN_UPLOADS, DEFAULT_MAX_STORED_BYTES, DEFAULT_UPLOAD_HOURS,
    QuotaArgs,
};

/// Artists per page of `GET /api/v1/me/artists` and `/create`, unless
/// `limit` asks for fewer or more (at most [`MAX_PAGE`]).
pub const DEFAULT_PAGE: usize = 50;
pub const MAX_PAGE: usize = 100;

/// Owner ids that make an artist the user's: the user's `ISSUER#SUB`, and
/// their verified email as the original site wrote it (as given, and in
/// lower case).
pub fn owner_ids(session: &Session) -> Vec<String> {
    let mut owners = vec![session.owner.clone()];
    if let Some(email) = &session.email {
        owners.push(email.clone());
        if email.to_lowercase() != *email {
            owners.push(email.to_lowercase());
        }
    }
    owners
}

/// Serialises one user's checks and the writes they guard within this
/// process, so requests sent at once cannot all pass a limit that only
/// one of them fits under. (Processes sharing a table can still each let
/// one through: the limits are for cost, not for billing.)
pub async fn user_lock(kind: &str, owner: &str) -> tokio::sync::OwnedMutexGuard<()> {
    // List keys are ids, which hold no colon: these never meet them.
    trogs::catalog::edit::list_lock(&format!("user:{kind}:{owner}")).await
}

// ---------------------------------------------------------------------
// Open uploads

/// The first characters of every upload id of `owner`: 12 hex digits of a
/// digest of the owner id, so one query with `begins_with` finds them.
pub fn upload_prefix(owner: &str) -> String {
    let hash = blake3::hash(format!("trogs upload owner\0{owner}").as_bytes());
    hash.to_hex()[..12].to_string()
}

/// A new upload id for `owner`: its prefix and 80 random bits, 32 hex
/// digits in all like every upload id.
pub fn new_upload_id(owner: &str) -> String {
    let mut rng = fastrand::Rng::new();
    format!(
        "{}{:04x}{:016x}",
        upload_prefix(owner),
        rng.u16(..),
        rng.u64(..)
    )
}

/// How many uploads `owner` has open (not expired), and the sum of their
/// declared lengths.
pub async fn open_uploads(app: &App, owner: &str) -> ApiResult<(u32, u64)> {
    let items = app
        .store
        .query_all(
            Query::new(Index::Table, trogs::catalog::records::UPLOADS)
                .range(RangeCondition::BeginsWith(upload_prefix(owner))),
        )
        .await?;
    let now = now();
    let mut count = 0;
    let mut bytes = 0u64;
    for item in &items {
        use trogs::catalog::records::UploadRecord;
        let mine = UploadRecord::owner_of(item) == Some(owner);
        let live = UploadRecord::expires_of(item).is_some_and(|e| e > now);
        if mine && live {
            count += 1;
            bytes = bytes.saturating_add(UploadRecord::length_of(item).unwrap_or(0));
        }
    }
    Ok((count, bytes))
}

/// Refuses a new upload of `length` bytes when the user has as many open
/// as allowed (429), or when it would not fit in their stored bytes (413).
/// Call it holding [`user_lock`]`("uploads", owner)` until the upload is
/// recorded.
pub async fn check_new_upload(
    app: &App,
    session: &Session,
    length: u64,
    audio: bool,
) -> ApiResult<()> {
    let limits = &app.settings.quotas;
    let (open, open_bytes) = open_uploads(app, &session.owner).await?;
    if open >= limits.max_open_uploads {
        return Err(ApiError::TooMany(format!(
            "you have {open} uploads open, the most one account may have at once ({}, the open-uploads limit); finish or cancel one (DELETE it), or wait until one expires, then start this one again",
            limits.max_open_uploads
        )));
    }
    if audio {
        let stored = stored_bytes(app, session).await?;
        fits(limits.max_stored_bytes, stored, open_bytes, length)?;
    }
    Ok(())
}

/// Refuses a finished audio file of `size` bytes that would take the
/// user's stored audio past the limit (413).
pub async fn check_room(app: &App, session: &Session, size: u64) -> ApiResult<()> {
    let stored = stored_bytes(app, session).await?;
    fits(app.settings.quotas.max_stored_bytes, stored, 0, size)
}

fn fits(limit: u64, stored: u64, open: u64, size: u64) -> ApiResult<()> {
    let used = stored.saturating_add(open);
    if used.saturating_add(size) <= limit {
        return Ok(());
    }
    let open = if open > 0 {
        format!(" and {} in uploads in progress", human_size(open))
    } else {
        String::new()
    };
    Err(ApiError::TooLarge(format!(
        "this file ({}) does not fit in your storage: you keep {} of audio{open}, and one account may store {} (the stored-bytes limit); delete tracks you no longer need, then upload it again",
        human_size(size),
        human_size(stored),
        human_size(limit)
    )))
}

// ---------------------------------------------------------------------
// Stored bytes

use trogs::catalog::records::Usage;

/// The audio bytes the user's tracks hold, as counted on their usage items.
pub async fn stored_bytes(app: &App, session: &Session) -> ApiResult<u64> {
    let mut total = 0u64;
    for owner in owner_ids(session) {
        if let Some(item) = app.store.get(Usage::key(&owner)).await? {
            total = total.saturating_add(Usage::from_item(&item).bytes());
        }
    }
    Ok(total)
}

/// The bytes of a track's original, as recorded when it was uploaded.
pub fn track_bytes(track: &Track) -> u64 {
    trogs::catalog::records::track_bytes(track)
}

/// Adds `delta` bytes to the usage of `artist`'s owner, after the tracks
/// were written or deleted. A failure is logged, not answered: the change
/// itself is done.
pub async fn count_bytes(app: &App, artist: &Artist, delta: i64) {
    trogs::catalog::records::count_bytes(&app.store, artist, delta).await
}

// ---------------------------------------------------------------------
// Artists

/// Refuses a new artist when the user has as many as allowed (409). Call
/// it holding [`user_lock`]`("artists", owner)` until the artist is written.
pub async fn check_new_artist(app: &App, session: &Session) -> ApiResult<()> {
    let limit = app.settings.quotas.max_artists;
    let mut count = 0usize;
    for owner in owner_ids(session) {
        let mut start = None;
        loop {
            let page = app
                .store
                .query(
                    Query::new(Index::ArtistsByOwner, &owner)
                        .limit(limit as usize + 1)
                        .start(start),
                )
                .await?;
            count += page.items.len();
            if count >= limit as usize || page.next.is_none() {
                break;
            }
            start = page.next;
        }
        if count >= limit as usize {
            return Err(ApiError::Conflict(format!(
                "you have {count} artists, the most one account may have ({limit}, the artists limit); delete one you no longer need, or add albums and singles to one you have"
            )));
        }
    }
    Ok(())
}

/// One page of the user's artists, sorted by name, and the cursor of the
/// next page.
pub struct ArtistsPage {
    pub artists: Vec<Artist>,
    pub next: Option<String>,
}

fn bad_cursor() -> ApiError {
    ApiError::BadRequest(
        "the cursor is not one this service gave out; start from the first page (leave out cursor)"
            .into(),
    )
}

/// The page size asked for: [`DEFAULT_PAGE`] when not given, 1 to
/// [`MAX_PAGE`] otherwise.
pub fn page_size(limit: Option<&str>) -> ApiResult<usize> {
    match limit {
        None | Some("") => Ok(DEFAULT_PAGE),
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| {
                ApiError::BadRequest(format!(
                    "limit must be a number of artists from 1 to {MAX_PAGE}"
                ))
            }),
    }
}

/// A cursor names a place in the user's own list only: which of their
/// owner ids and the last artist id shown. The owner ids always come from
/// the session, so no cursor reaches another user's artists.
fn encode_cursor(slot: usize, artist_id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("a1.{slot}.{artist_id}"))
}

fn decode_cursor(text: &str) -> ApiResult<(usize, String)> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| bad_cursor())?;
    let text = String::from_utf8(bytes).map_err(|_| bad_cursor())?;
    let mut parts = text.splitn(3, '.');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("a1"), Some(slot), Some(id)) if is_valid_id(id) => {
            Ok((slot.parse().map_err(|_| bad_cursor())?, id.to_string()))
        }
        _ => Err(bad_cursor()),
    }
}

/// Up to `size` of the user's artists after `cursor`, in the order of the
/// owner index (by owner id, then artist id), each page sorted by name for
/// showing. One query per owner id reached, each reading at most one more
/// artist than the page holds.
pub async fn artists_page(
    app: &App,
    session: &Session,
    cursor: Option<&str>,
    size: usize,
) -> ApiResult<ArtistsPage> {
    let owners = owner_ids(session);
    let (mut slot, mut after) = match cursor.filter(|c| !c.is_empty()) {
        Some(c) => {
            let (slot, id) = decode_cursor(c)?;
            if slot >= owners.len() {
                return Err(bad_cursor());
            }
            (slot, Some(id))
        }
        None => (0, None),
    };
    // (slot, artist): one more than the page, to know whether more follow.
    let mut found: Vec<(usize, Artist)> = Vec::new();
    while slot < owners.len() && found.len() <= size {
        let owner = &owners[slot];
        let mut start = after.take().map(|id| {
            let mut key = Item::new();
            key.insert("PK".into(), AttributeValue::s(&id));
            key.insert("SK".into(), AttributeValue::s(&id));
            key.insert("Owner".into(), AttributeValue::s(owner));
            Cursor(key)
        });
        loop {
            let page = app
                .store
                .query(
                    Query::new(Index::ArtistsByOwner, owner)
                        .limit(size + 1 - found.len())
                        .start(start),
                )
                .await?;
            for item in &page.items {
                if let Ok(Entity::Artist(a)) = from_item(item)
                    && crate::session::owns(session, &a)
                {
                    found.push((slot, a));
                }
            }
            if found.len() > size || page.next.is_none() {
                break;
            }
            start = page.next;
        }
        slot += 1;
    }
    let next = if found.len() > size {
        found.truncate(size);
        found.last().map(|(slot, a)| encode_cursor(*slot, &a.id))
    } else {
        None
    };
    let mut artists: Vec<Artist> = found.into_iter().map(|(_, a)| a).collect();
    artists.sort_by_key(|a| a.name.to_lowercase());
    Ok(ArtistsPage { artists, next })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_anything_else() {
        let c = encode_cursor(1, "abc123");
        assert_eq!(decode_cursor(&c).unwrap(), (1, "abc123".to_string()));
        assert!(decode_cursor("not a cursor").is_err());
        let other = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("a1.0.../x");
        assert!(decode_cursor(&other).is_err());
    }

    #[test]
    fn upload_ids_start_with_their_owner() {
        let id = new_upload_id("iss#alice");
        assert_eq!(id.len(), 32);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(id.starts_with(&upload_prefix("iss#alice")));
        assert_ne!(upload_prefix("iss#alice"), upload_prefix("iss#bob"));
    }

    #[test]
    fn page_sizes_are_bounded() {
        assert_eq!(page_size(None).unwrap(), DEFAULT_PAGE);
        assert_eq!(page_size(Some("3")).unwrap(), 3);
        assert!(page_size(Some("0")).is_err());
        assert!(page_size(Some("1000")).is_err());
        assert!(page_size(Some("x")).is_err());
    }
}
