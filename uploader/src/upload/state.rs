//! A resumable upload's state: the catalog item that records it, read and
//! written as an [`Upload`], and the conditional updates every request
//! makes to it so that racing requests never count bytes twice.

use trogs::media::StoredPart;
use trogs::store::{AttributeValue, Condition, Item, Key, Store, StoreError, Update, get_s};

use crate::error::{ApiError, ApiResult};
use crate::session::{Session, now};

/// The catalog partition that holds every upload in progress, one item
/// each (`SK` = the upload id), so [`sweep`](super::sweep) finds them with one query.
/// The items have no index attributes, so no page ever reads them.
pub const UPLOADS_PK: &str = "UPLOADS";
/// The key prefix, in an S3 media store, where uploads are staged.
pub const STAGING_PREFIX: &str = "uploads/";

/// A resumable upload, as its catalog item records it.
#[derive(Debug, Clone)]
pub(super) struct Upload {
    pub(super) id: String,
    pub(super) owner: String,
    pub(super) target: String,
    pub(super) length: u64,
    /// Bytes stored.
    pub(super) offset: u64,
    pub(super) name: Option<String>,
    pub(super) created: u64,
    pub(super) expires: u64,
    pub(super) staging: Staging,
    /// The last bytes arrived and the upload is being handed on.
    pub(super) finishing: bool,
}

#[derive(Debug, Clone)]
pub(super) enum Staging {
    /// Appended to `{media}/.uploads/{id}`.
    Folder,
    /// An S3 multipart upload on `uploads/{id}`.
    S3 {
        multipart: String,
        /// Parts stored so far, in order, with their sizes.
        parts: Vec<(StoredPart, u64)>,
        /// The bytes after the last part, in `uploads/{id}.tail.{token}`.
        tail: Option<(String, u64)>,
    },
}

pub(super) fn upload_key(id: &str) -> Key {
    Key::new(UPLOADS_PK, id)
}

pub(super) fn n(v: u64) -> AttributeValue {
    AttributeValue::n(v)
}

pub(super) fn get_n(item: &Item, name: &str) -> Option<u64> {
    match item.get(name)? {
        AttributeValue::N(v) => v.parse().ok(),
        _ => None,
    }
}

impl Upload {
    pub(super) fn staging_key(&self) -> String {
        format!("{STAGING_PREFIX}{}", self.id)
    }

    pub(super) fn tail_prefix(&self) -> String {
        format!("{STAGING_PREFIX}{}.tail.", self.id)
    }

    pub(super) fn to_item(&self) -> Item {
        let mut item = Item::new();
        item.insert("PK".into(), AttributeValue::s(UPLOADS_PK));
        item.insert("SK".into(), AttributeValue::s(&self.id));
        item.insert("UploadOwner".into(), AttributeValue::s(&self.owner));
        item.insert("UploadTarget".into(), AttributeValue::s(&self.target));
        item.insert("UploadLength".into(), n(self.length));
        item.insert("UploadOffset".into(), n(self.offset));
        if let Some(name) = &self.name {
            item.insert("FileName".into(), AttributeValue::s(name));
        }
        item.insert("CreatedAt".into(), n(self.created));
        item.insert("Expires".into(), n(self.expires));
        item.insert("NextPart".into(), n(0));
        match &self.staging {
            Staging::Folder => {
                item.insert("Staging".into(), AttributeValue::s("folder"));
            }
            Staging::S3 { multipart, .. } => {
                item.insert("Staging".into(), AttributeValue::s("s3"));
                item.insert("MultipartId".into(), AttributeValue::s(multipart));
                item.insert("Parts".into(), AttributeValue::L(Vec::new()));
            }
        }
        item
    }

    pub(super) fn from_item(item: &Item) -> Option<Upload> {
        let staging = match get_s(item, "Staging")? {
            "folder" => Staging::Folder,
            "s3" => {
                let parts = match item.get("Parts") {
                    Some(AttributeValue::L(list)) => list
                        .iter()
                        .map(|p| match p {
                            AttributeValue::M(m) => Some((
                                StoredPart {
                                    number: get_n(m, "Number")?.try_into().ok()?,
                                    etag: get_s(m, "ETag")?.to_string(),
                                },
                                get_n(m, "Size")?,
                            )),
                            _ => None,
                        })
                        .collect::<Option<Vec<_>>>()?,
                    _ => Vec::new(),
                };
                let tail = match (get_s(item, "Tail"), get_n(item, "TailSize")) {
                    (Some(token), Some(size)) => Some((token.to_string(), size)),
                    _ => None,
                };
                Staging::S3 {
                    multipart: get_s(item, "MultipartId")?.to_string(),
                    parts,
                    tail,
                }
            }
            _ => return None,
        };
        Some(Upload {
            id: get_s(item, "SK")?.to_string(),
            owner: get_s(item, "UploadOwner")?.to_string(),
            target: get_s(item, "UploadTarget")?.to_string(),
            length: get_n(item, "UploadLength")?,
            offset: get_n(item, "UploadOffset")?,
            name: get_s(item, "FileName").map(str::to_string),
            created: get_n(item, "CreatedAt").unwrap_or(0),
            expires: get_n(item, "Expires")?,
            staging,
            finishing: matches!(item.get("Finishing"), Some(AttributeValue::Bool(true))),
        })
    }

    /// The condition every change of the upload depends on: nobody else
    /// stored bytes or began to finish it since it was read.
    pub(super) fn unchanged(&self) -> Condition {
        Condition::All(vec![
            Condition::Equals("UploadOffset".into(), n(self.offset)),
            Condition::AttributeNotExists("Finishing".into()),
        ])
    }
}

pub(super) fn part_value(part: &StoredPart, size: u64) -> AttributeValue {
    let mut m = Item::new();
    m.insert("Number".into(), AttributeValue::n(part.number));
    m.insert("ETag".into(), AttributeValue::s(&part.etag));
    m.insert("Size".into(), n(size));
    AttributeValue::M(m)
}

pub(super) fn moved_on() -> ApiError {
    ApiError::Conflict(
        "another request changed this upload meanwhile; ask for its offset (HEAD) and continue from there"
            .into(),
    )
}

/// Maps a failed condition to "changed meanwhile"; other store errors
/// keep their own meaning.
pub(super) fn store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. } => moved_on(),
        other => other.into(),
    }
}

/// The upload `id` of the signed-in user: 404 when it does not exist, has
/// expired or is someone else's (the three look the same).
pub(super) async fn load(store: &Store, session: &Session, id: &str) -> ApiResult<Upload> {
    let not_found = ApiError::NotFound("upload");
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(not_found);
    }
    let item = store.get(upload_key(id)).await?.ok_or(not_found)?;
    let upload = Upload::from_item(&item)
        .ok_or_else(|| ApiError::internal(format!("the upload item {id} is damaged")))?;
    if upload.owner != session.owner || upload.expires <= now() {
        return Err(ApiError::NotFound("upload"));
    }
    Ok(upload)
}

/// Records that `upload` now holds `offset` bytes (and whatever `more`
/// changes), if nobody changed it since it was read. The deadline stays
/// where it was set at the start: bytes arriving never move it, so an
/// upload kept alive a few bytes at a time still ends.
pub(super) async fn commit(
    store: &Store,
    upload: &mut Upload,
    offset: u64,
    more: Vec<Update>,
) -> ApiResult<()> {
    let mut updates = vec![Update::Set("UploadOffset".into(), n(offset))];
    updates.extend(more);
    let item = store
        .update(upload_key(&upload.id), updates, Some(upload.unchanged()))
        .await
        .map_err(store_error)?;
    *upload = Upload::from_item(&item)
        .ok_or_else(|| ApiError::internal(format!("the upload item {} is damaged", upload.id)))?;
    Ok(())
}

/// Gives up the finishing of upload `id` that could not be handed on, so
/// the client's retry of its last piece claims it again. Best effort: the
/// request has failed already, and says so.
pub(super) async fn let_go(store: &Store, id: &str) {
    let _ = store
        .update(
            upload_key(id),
            vec![Update::Remove("Finishing".into())],
            Some(Condition::Exists),
        )
        .await;
}
