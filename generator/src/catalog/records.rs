//! The side records the write side keeps in the catalog table beside the
//! artists, albums and tracks: name claims, per-user records, rename and
//! delete jobs, and the trash list. No page ever reads them; each has one
//! key shape, written here and nowhere else.

use crate::catalog::model::{Artist, Track};
use crate::store::{AttributeValue, Condition, Item, Key, Store, Update, get_s};

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
pub use crate::catalog::items::{AUDIO_SIZE, VERSION};

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
    Terms {
        version,
        agreed_at: at.to_string(),
    }
    .to_item(owner)
}

/// The terms version a terms record holds.
pub fn terms_version(item: &Item) -> Option<i64> {
    Terms::from_item(item).map(|t| t.version)
}

const TERMS_VERSION: &str = "TermsVersion";
const AGREED_AT: &str = "AgreedAt";

/// A user's agreement to the terms: `PK = USER#owner`, `SK = TERMS`, with
/// `TermsVersion` (N) and `AgreedAt` (S).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub version: i64,
    pub agreed_at: String,
}

impl Terms {
    pub fn key(owner: &str) -> Key {
        terms_key(owner)
    }

    pub fn to_item(&self, owner: &str) -> Item {
        let mut item = keyed(&Terms::key(owner));
        item.insert(TERMS_VERSION.into(), AttributeValue::n(self.version));
        item.insert(AGREED_AT.into(), AttributeValue::s(&self.agreed_at));
        item
    }

    /// A stored agreement; `None` without a version, a missing date reads
    /// as "" (the version is what counts).
    pub fn from_item(item: &Item) -> Option<Terms> {
        Some(Terms {
            version: number(item, TERMS_VERSION)?,
            agreed_at: get_s(item, AGREED_AT).unwrap_or_default().to_string(),
        })
    }
}

const STORED_BYTES: &str = "StoredBytes";

/// The audio bytes an owner's tracks hold: `PK = USER#owner`,
/// `SK = USAGE`, with `StoredBytes` (N), only ever changed by adding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    /// Can be below zero where the original's tracks were deleted here.
    pub stored_bytes: i64,
}

impl Usage {
    pub fn key(owner: &str) -> Key {
        usage_key(owner)
    }

    pub fn to_item(&self, owner: &str) -> Item {
        let mut item = keyed(&Usage::key(owner));
        item.insert(STORED_BYTES.into(), AttributeValue::n(self.stored_bytes));
        item
    }

    /// A stored count; a missing one reads as 0.
    pub fn from_item(item: &Item) -> Usage {
        Usage {
            stored_bytes: number(item, STORED_BYTES).unwrap_or(0),
        }
    }

    /// The bytes counted, with a count below zero read as zero.
    pub fn bytes(&self) -> u64 {
        self.stored_bytes.max(0) as u64
    }

    /// The update adding `delta` bytes, safe against concurrent counts.
    pub fn add(delta: i64) -> Update {
        Update::Add(STORED_BYTES.into(), delta)
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
    // A count that went below zero (the original's rows, deleted here) is
    // read as zero.
    track.trogs.audio.size.map_or(0, |n| n.max(0) as u64)
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
        .update(usage_key(owner), vec![Usage::add(delta)], None)
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

const ARTIST_ID: &str = "ArtistID";
const SINCE: &str = "Since";
const PAGES: &str = "Pages";

/// A delete job's item in `JOB#DELETE`: `SK` = `album#ID` or `artist#ID`,
/// with `ArtistID` (S), `Since` (S, the day it began) and `Pages` (L of S,
/// the specs of the pages it unpublishes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteJobRecord {
    /// Its `SK`.
    pub sk: String,
    pub artist_id: String,
    pub since: String,
    pub pages: Vec<String>,
}

impl DeleteJobRecord {
    pub fn key(sk: &str) -> Key {
        Key::new(DELETE_JOBS, sk)
    }

    pub fn to_item(&self) -> Item {
        let mut item = keyed(&DeleteJobRecord::key(&self.sk));
        item.insert(ARTIST_ID.into(), AttributeValue::s(&self.artist_id));
        item.insert(SINCE.into(), AttributeValue::s(&self.since));
        item.insert(PAGES.into(), pages_value(&self.pages));
        item
    }

    /// A stored job; `None` without its `SK` or artist. Missing pages read
    /// as none, entries that are not strings are skipped.
    pub fn from_item(item: &Item) -> Option<DeleteJobRecord> {
        let pages = match item.get(PAGES) {
            Some(AttributeValue::L(list)) => list
                .iter()
                .filter_map(|v| match v {
                    AttributeValue::S(s) => Some(s.clone()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Some(DeleteJobRecord {
            sk: get_s(item, "SK")?.to_string(),
            artist_id: get_s(item, ARTIST_ID)?.to_string(),
            since: get_s(item, SINCE).unwrap_or_default().to_string(),
            pages,
        })
    }

    /// The update remembering the pages a job unpublishes.
    pub fn set_pages(pages: &[String]) -> Update {
        Update::Set(PAGES.into(), pages_value(pages))
    }
}

fn pages_value(pages: &[String]) -> AttributeValue {
    AttributeValue::L(pages.iter().map(AttributeValue::s).collect())
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

fn number(item: &Item, name: &str) -> Option<i64> {
    match item.get(name)? {
        AttributeValue::N(n) => n.parse().ok(),
        _ => None,
    }
}

// ---------------------------------------------------------------------
// The publishing lease

/// Who publishes a site now, so processes sharing it take turns:
/// `PK = LEASE#` + what is leased, `SK = LEASE`, with `Holder` and
/// `Expires` (milliseconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub holder: String,
    /// Unix milliseconds.
    pub expires_ms: i64,
}

const HOLDER: &str = "Holder";
const EXPIRES: &str = "Expires";

impl Lease {
    /// Where the lease on `what` (`publish`) is kept.
    pub fn key(what: &str) -> Key {
        Key::new(format!("{LEASE}{what}"), "LEASE")
    }

    pub fn to_item(&self, key: &Key) -> Item {
        let mut item = keyed(key);
        item.insert(HOLDER.into(), AttributeValue::s(&self.holder));
        item.insert(EXPIRES.into(), AttributeValue::n(self.expires_ms));
        item
    }

    /// A stored lease; what it lacks reads as nobody's, expired.
    pub fn from_item(item: &Item) -> Lease {
        Lease {
            holder: get_s(item, HOLDER).unwrap_or_default().to_string(),
            expires_ms: number(item, EXPIRES).unwrap_or(0),
        }
    }

    /// The condition that the stored lease is still `held` as it was read,
    /// compared as it is stored: nobody renewed or took it meanwhile.
    pub fn unchanged(held: &Item) -> Condition {
        Condition::All(vec![
            Condition::Equals(
                HOLDER.into(),
                held.get(HOLDER).cloned().unwrap_or(AttributeValue::s("")),
            ),
            Condition::Equals(
                EXPIRES.into(),
                held.get(EXPIRES).cloned().unwrap_or(AttributeValue::n(0)),
            ),
        ])
    }

    /// The condition that `holder` holds the lease.
    pub fn held_by(holder: &str) -> Condition {
        Condition::Equals(HOLDER.into(), AttributeValue::s(holder))
    }
}

// ---------------------------------------------------------------------
// Jobs handed to another process

/// The partition of jobs sent and not finished yet (`PK = JOBS#pending`,
/// `SK` = the send time in milliseconds, 15 digits, `#`, a random part).
pub const PENDING_JOBS: &str = "JOBS#pending";
/// The attribute DynamoDB's time to live reads (Unix seconds).
pub const EXPIRES_AT: &str = "ExpiresAt";
const JOB: &str = "Job";
const TRIES: &str = "Tries";

/// A pending job's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingJob {
    /// Its `SK`.
    pub id: String,
    /// The job's event, as JSON.
    pub job: String,
    /// How often a sweep ran it and it failed.
    pub tries: i64,
    /// Unix seconds; a record past it is given up.
    pub expires_at: i64,
}

impl PendingJob {
    pub fn to_item(&self) -> Item {
        let mut item = keyed(&Key::new(PENDING_JOBS, &self.id));
        item.insert(JOB.into(), AttributeValue::s(&self.job));
        item.insert(TRIES.into(), AttributeValue::n(self.tries));
        item.insert(EXPIRES_AT.into(), AttributeValue::n(self.expires_at));
        item
    }

    /// A stored record; `None` without its `SK`. A missing count or expiry
    /// reads as 0 (so the record counts as expired), a missing job as "".
    pub fn from_item(item: &Item) -> Option<PendingJob> {
        Some(PendingJob {
            id: get_s(item, "SK")?.to_string(),
            job: get_s(item, JOB).unwrap_or_default().to_string(),
            tries: number(item, TRIES).unwrap_or(0),
            expires_at: number(item, EXPIRES_AT).unwrap_or(0),
        })
    }

    /// The condition that the record still holds `job`.
    pub fn holds(job: &str) -> Condition {
        Condition::Equals(JOB.into(), AttributeValue::s(job))
    }
}

// ---------------------------------------------------------------------
// Resumable uploads

const UPLOAD_OWNER: &str = "UploadOwner";
const UPLOAD_TARGET: &str = "UploadTarget";
const UPLOAD_LENGTH: &str = "UploadLength";
const UPLOAD_OFFSET: &str = "UploadOffset";
const FILE_NAME: &str = "FileName";
const CREATED_AT: &str = "CreatedAt";
const UPLOAD_EXPIRES: &str = "Expires";
const NEXT_PART: &str = "NextPart";
const STAGING: &str = "Staging";
const MULTIPART_ID: &str = "MultipartId";
const PARTS: &str = "Parts";
const TAIL: &str = "Tail";
const TAIL_SIZE: &str = "TailSize";
const FINISHING: &str = "Finishing";

/// A resumable upload in progress, as its item in `UPLOADS` records it
/// (the upload service writes and reads it).
#[derive(Debug, Clone)]
pub struct UploadRecord {
    /// Its `SK`.
    pub id: String,
    pub owner: String,
    pub target: String,
    pub length: u64,
    /// Bytes stored.
    pub offset: u64,
    pub name: Option<String>,
    /// Unix seconds.
    pub created: u64,
    pub expires: u64,
    pub staging: UploadStaging,
    /// The last bytes arrived and the upload is being handed on.
    pub finishing: bool,
}

/// Where an upload's bytes wait.
#[derive(Debug, Clone)]
pub enum UploadStaging {
    /// Appended to a file of the media folder.
    Folder,
    /// An S3 multipart upload.
    S3 {
        multipart: String,
        /// Parts stored so far, in order, with their sizes.
        parts: Vec<(crate::media::StoredPart, u64)>,
        /// The bytes after the last part: their object's token, and size.
        tail: Option<(String, u64)>,
    },
}

fn whole(item: &Item, name: &str) -> Option<u64> {
    match item.get(name)? {
        AttributeValue::N(v) => v.parse().ok(),
        _ => None,
    }
}

impl UploadRecord {
    pub fn key(id: &str) -> Key {
        Key::new(UPLOADS, id)
    }

    /// The item a new upload starts with: no parts, no tail.
    pub fn to_item(&self) -> Item {
        let mut item = keyed(&UploadRecord::key(&self.id));
        item.insert(UPLOAD_OWNER.into(), AttributeValue::s(&self.owner));
        item.insert(UPLOAD_TARGET.into(), AttributeValue::s(&self.target));
        item.insert(UPLOAD_LENGTH.into(), AttributeValue::n(self.length));
        item.insert(UPLOAD_OFFSET.into(), AttributeValue::n(self.offset));
        if let Some(name) = &self.name {
            item.insert(FILE_NAME.into(), AttributeValue::s(name));
        }
        item.insert(CREATED_AT.into(), AttributeValue::n(self.created));
        item.insert(UPLOAD_EXPIRES.into(), AttributeValue::n(self.expires));
        item.insert(NEXT_PART.into(), AttributeValue::n(0));
        match &self.staging {
            UploadStaging::Folder => {
                item.insert(STAGING.into(), AttributeValue::s("folder"));
            }
            UploadStaging::S3 { multipart, .. } => {
                item.insert(STAGING.into(), AttributeValue::s("s3"));
                item.insert(MULTIPART_ID.into(), AttributeValue::s(multipart));
                item.insert(PARTS.into(), AttributeValue::L(Vec::new()));
            }
        }
        item
    }

    /// A stored upload; `None` when the item is damaged.
    pub fn from_item(item: &Item) -> Option<UploadRecord> {
        let staging = match get_s(item, STAGING)? {
            "folder" => UploadStaging::Folder,
            "s3" => {
                let parts = match item.get(PARTS) {
                    Some(AttributeValue::L(list)) => list
                        .iter()
                        .map(|p| match p {
                            AttributeValue::M(m) => Some((
                                crate::media::StoredPart {
                                    number: whole(m, "Number")?.try_into().ok()?,
                                    etag: get_s(m, "ETag")?.to_string(),
                                },
                                whole(m, "Size")?,
                            )),
                            _ => None,
                        })
                        .collect::<Option<Vec<_>>>()?,
                    _ => Vec::new(),
                };
                let tail = match (get_s(item, TAIL), whole(item, TAIL_SIZE)) {
                    (Some(token), Some(size)) => Some((token.to_string(), size)),
                    _ => None,
                };
                UploadStaging::S3 {
                    multipart: get_s(item, MULTIPART_ID)?.to_string(),
                    parts,
                    tail,
                }
            }
            _ => return None,
        };
        Some(UploadRecord {
            id: get_s(item, "SK")?.to_string(),
            owner: get_s(item, UPLOAD_OWNER)?.to_string(),
            target: get_s(item, UPLOAD_TARGET)?.to_string(),
            length: whole(item, UPLOAD_LENGTH)?,
            offset: whole(item, UPLOAD_OFFSET)?,
            name: get_s(item, FILE_NAME).map(str::to_string),
            created: whole(item, CREATED_AT).unwrap_or(0),
            expires: whole(item, UPLOAD_EXPIRES)?,
            staging,
            finishing: matches!(item.get(FINISHING), Some(AttributeValue::Bool(true))),
        })
    }

    /// The owner an upload item names, without reading the rest of it.
    pub fn owner_of(item: &Item) -> Option<&str> {
        get_s(item, UPLOAD_OWNER)
    }

    /// When an upload item expires (Unix seconds), without reading the
    /// rest of it.
    pub fn expires_of(item: &Item) -> Option<u64> {
        count(item, UPLOAD_EXPIRES)
    }

    /// The bytes an upload item says the upload will hold.
    pub fn length_of(item: &Item) -> Option<u64> {
        count(item, UPLOAD_LENGTH)
    }

    /// The condition that the stored upload still holds `offset` bytes.
    pub fn offset_is(offset: u64) -> Condition {
        Condition::Equals(UPLOAD_OFFSET.into(), AttributeValue::n(offset))
    }

    /// The condition every change of the upload depends on: nobody else
    /// stored bytes or began to finish it since it was read.
    pub fn unchanged(&self) -> Condition {
        Condition::All(vec![
            UploadRecord::offset_is(self.offset),
            Condition::AttributeNotExists(FINISHING.into()),
        ])
    }

    /// The update recording that `offset` bytes are stored.
    pub fn set_offset(offset: u64) -> Update {
        Update::Set(UPLOAD_OFFSET.into(), AttributeValue::n(offset))
    }

    /// The update claiming the upload's finishing.
    pub fn begin_finishing() -> Update {
        Update::Set(FINISHING.into(), AttributeValue::Bool(true))
    }

    /// The update giving the finishing up, for a retry to claim again.
    pub fn stop_finishing() -> Update {
        Update::Remove(FINISHING.into())
    }

    /// The updates recording the parts stored, now `self`'s and `part` of
    /// `size` bytes, with no tail left.
    pub fn add_part(&self, part: &crate::media::StoredPart, size: u64) -> Vec<Update> {
        let mut list: Vec<AttributeValue> = match &self.staging {
            UploadStaging::S3 { parts, .. } => {
                parts.iter().map(|(p, s)| part_value(p, *s)).collect()
            }
            UploadStaging::Folder => Vec::new(),
        };
        list.push(part_value(part, size));
        vec![
            Update::Set(PARTS.into(), AttributeValue::L(list)),
            Update::Remove(TAIL.into()),
            Update::Remove(TAIL_SIZE.into()),
        ]
    }

    /// The updates recording the bytes after the last part: the object
    /// `token` names, of `size` bytes.
    pub fn set_tail(token: &str, size: u64) -> Vec<Update> {
        vec![
            Update::Set(TAIL.into(), AttributeValue::s(token)),
            Update::Set(TAIL_SIZE.into(), AttributeValue::n(size)),
        ]
    }

    /// The update taking the next part number; the number taken is
    /// [`UploadRecord::part_taken`] of the item it returns.
    pub fn take_part_number() -> Update {
        Update::Add(NEXT_PART.into(), 1)
    }

    pub fn part_taken(item: &Item) -> u64 {
        whole(item, NEXT_PART).unwrap_or(0)
    }
}

fn part_value(part: &crate::media::StoredPart, size: u64) -> AttributeValue {
    let mut m = Item::new();
    m.insert("Number".into(), AttributeValue::n(part.number));
    m.insert("ETag".into(), AttributeValue::s(&part.etag));
    m.insert("Size".into(), AttributeValue::n(size));
    AttributeValue::M(m)
}

// ---------------------------------------------------------------------
// Uploads finished by a job

/// What a job recorded: the JSON answer, and its status.
const OUTCOME: &str = "Outcome";
const OUTCOME_STATUS: &str = "OutcomeStatus";
/// When a job took the upload on (Unix seconds).
const CLAIMED: &str = "FinishClaimed";
/// The uploader's email, for artists the original site owned by email.
const UPLOAD_EMAIL: &str = "UploadEmail";

/// The part of an upload's item a finishing job keeps (the upload service
/// hands the last bytes to a job on Lambda): who sent it, which delivery
/// took it on, and the answer the job came to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueuedUpload {
    pub email: Option<String>,
    /// Unix seconds.
    pub claimed: Option<u64>,
    /// The JSON answer.
    pub outcome: Option<String>,
    pub outcome_status: Option<u16>,
}

impl QueuedUpload {
    pub fn from_item(item: &Item) -> QueuedUpload {
        QueuedUpload {
            email: get_s(item, UPLOAD_EMAIL).map(str::to_string),
            claimed: whole(item, CLAIMED),
            outcome: get_s(item, OUTCOME).map(str::to_string),
            outcome_status: whole(item, OUTCOME_STATUS).and_then(|s| s.try_into().ok()),
        }
    }

    /// Adds the attributes present to an upload's item.
    pub fn write_into(&self, item: &mut Item) {
        if let Some(email) = &self.email {
            item.insert(UPLOAD_EMAIL.into(), AttributeValue::s(email));
        }
        if let Some(at) = self.claimed {
            item.insert(CLAIMED.into(), AttributeValue::n(at));
        }
        if let Some(outcome) = &self.outcome {
            item.insert(OUTCOME.into(), AttributeValue::s(outcome));
        }
        if let Some(status) = self.outcome_status {
            item.insert(OUTCOME_STATUS.into(), AttributeValue::n(status));
        }
    }

    /// Whether a job recorded its answer already (in any form).
    pub fn finished(item: &Item) -> bool {
        item.contains_key(OUTCOME)
    }

    pub fn set_email(email: &str) -> Update {
        Update::Set(UPLOAD_EMAIL.into(), AttributeValue::s(email))
    }

    /// The condition under which a delivery may take the upload on at
    /// `now`: nobody holds it, or whoever took it did so more than
    /// `seconds` ago (compared as stored). `None` while another holds it.
    pub fn claimable(item: &Item, now: u64, seconds: u64) -> Option<Condition> {
        match item.get(CLAIMED) {
            None => Some(Condition::AttributeNotExists(CLAIMED.into())),
            Some(AttributeValue::N(at)) if at.parse::<u64>().unwrap_or(0) + seconds < now => Some(
                Condition::Equals(CLAIMED.into(), AttributeValue::N(at.clone())),
            ),
            Some(_) => None,
        }
    }

    pub fn claim(now: u64) -> Update {
        Update::Set(CLAIMED.into(), AttributeValue::n(now))
    }

    /// Gives the claim up, for the next delivery to take it on.
    pub fn release() -> Update {
        Update::Remove(CLAIMED.into())
    }

    pub fn set_outcome(body: &str, status: u16) -> Vec<Update> {
        vec![
            Update::Set(OUTCOME.into(), AttributeValue::s(body)),
            Update::Set(OUTCOME_STATUS.into(), AttributeValue::n(status)),
        ]
    }
}
