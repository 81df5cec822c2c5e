//! The side records the write side keeps in the catalog table beside the
//! artists, albums and tracks: name claims, per-user records, rename and
//! delete jobs, and the trash list. No page ever reads them; each has one
//! key shape, written here and nowhere else.

use crate::catalog::model::{Artist, Track};
use crate::store::{AttributeValue, Item, Key, Store, Update, get_s};

pub use crate::catalog::names::{claim_holder, claim_item, claim_key};

/// Rename jobs: `PK = JOB#RENAME`, `SK = artist id`, kept until every
/// copy of the artist's name is rewritten.
pub const RENAME_JOBS: &str = "JOB#RENAME";
/// Delete jobs: `PK = JOB#DELETE`, `SK = album#ID` or `artist#ID`.
pub const DELETE_JOBS: &str = "JOB#DELETE";
/// Media objects no item refers to any more, waiting to be removed:
/// `PK = TRASH`, `SK = media key`.
pub const TRASH: &str = "TRASH";
/// Open resumable uploads (written by the upload service's spooler):
/// `PK = UPLOADS`, `SK = upload id`.
pub const UPLOADS: &str = "UPLOADS";
/// The prefix of a lease's partition (one publisher at a time).
pub const LEASE: &str = "LEASE#";
/// The attribute holding an item's version for optimistic concurrency.
pub const VERSION: &str = "Version";
/// The bytes of a track's uploaded original.
pub const AUDIO_SIZE: &str = "AudioSize";
/// The track attribute saying why it has no renditions (it plays its
/// original meanwhile): written by the upload service, removed by the
/// renditions pipeline once it makes them, dropped with the audio it was
/// about when the audio is replaced.
pub const RENDITIONS_PROBLEM: &str = "RenditionsProblem";

/// A user's record of kind `sk` (`TERMS`, `USAGE`): `PK = USER#` + the
/// owner id (`ISSUER#SUB`, or an email for the original's rows).
pub fn user_key(owner: &str, sk: &str) -> Key {
    Key::new(format!("USER#{owner}"), sk)
}

/// Where the version of the terms a user agreed to is remembered.
pub fn terms_key(owner: &str) -> Key {
    user_key(owner, "TERMS")
}

/// The terms record: the version agreed to, and when.
pub fn terms_item(owner: &str, version: i64, at: &str) -> Item {
    let key = terms_key(owner);
    let mut item = keyed(&key);
    item.insert("TermsVersion".into(), AttributeValue::n(version));
    item.insert("AgreedAt".into(), AttributeValue::s(at));
    item
}

/// The terms version a terms record holds.
pub fn terms_version(item: &Item) -> Option<i64> {
    match item.get("TermsVersion") {
        Some(AttributeValue::N(n)) => n.parse().ok(),
        _ => None,
    }
}

/// The usage record counting the audio bytes an owner's tracks hold.
pub fn usage_key(owner: &str) -> Key {
    user_key(owner, "USAGE")
}

/// A whole number attribute, with a count that went below zero (tracks the
/// original wrote, deleted here) read as zero.
pub fn count(item: &Item, name: &str) -> Option<u64> {
    match item.get(name)? {
        AttributeValue::N(v) => v.parse::<i64>().ok().map(|v| v.max(0) as u64),
        _ => None,
    }
}

/// The bytes of a track's original, as recorded when it was uploaded.
pub fn track_bytes(track: &Track) -> u64 {
    count(&track.extra, AUDIO_SIZE).unwrap_or(0)
}

/// Adds `delta` bytes to the usage of `artist`'s owner, after the tracks
/// were written or deleted. A failure is logged, not returned: the change
/// itself is done.
pub async fn count_bytes(store: &Store, artist: &Artist, delta: i64) {
    let Some(owner) = artist.owner.as_deref().filter(|o| !o.is_empty()) else {
        return;
    };
    if delta == 0 {
        return;
    }
    let updated = store
        .update(
            usage_key(owner),
            vec![Update::Add("StoredBytes".into(), delta)],
            None,
        )
        .await;
    if let Err(e) = updated {
        tracing::warn!(%owner, delta, error = %e, "the stored bytes of an owner could not be counted");
    }
}

/// The rename job of an artist.
pub fn rename_job(artist_id: &str) -> Item {
    keyed(&Key::new(RENAME_JOBS, artist_id))
}

/// The artist a rename job is for.
pub fn rename_job_artist(job: &Item) -> Option<&str> {
    get_s(job, "SK")
}

/// A trash entry for the media object `key`, listed on `since`.
pub fn trash_item(key: &str, since: &str) -> Item {
    let mut item = keyed(&Key::new(TRASH, key));
    item.insert("Since".into(), AttributeValue::s(since));
    item
}

/// The media key a trash entry lists.
pub fn trash_key(item: &Item) -> Option<&str> {
    get_s(item, "SK")
}

/// An item holding only its key.
pub fn keyed(key: &Key) -> Item {
    let mut item = Item::new();
    item.insert("PK".into(), AttributeValue::s(&key.pk));
    item.insert("SK".into(), AttributeValue::s(&key.sk));
    item
}
