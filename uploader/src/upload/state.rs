//! A resumable upload's state: the catalog item that records it, read and
//! written as an [`Upload`], and the conditional updates every request
//! makes to it so that racing requests never count bytes twice.

use trogs::store::{Condition, Key, Store, StoreError, Update};

use crate::error::{ApiError, ApiResult};
use crate::session::{Session, now};

/// The catalog partition that holds every upload in progress, one item
/// each (`SK` = the upload id), so [`sweep`](super::sweep) finds them with one query.
/// The items have no index attributes, so no page ever reads them.
pub const UPLOADS_PK: &str = trogs::catalog::records::UPLOADS;
/// The key prefix, in an S3 media store, where uploads are staged.
pub const STAGING_PREFIX: &str = "uploads/";

/// A resumable upload, as its catalog item records it
/// (`trogs::catalog::records` reads and writes the item).
pub(super) use trogs::catalog::records::{UploadRecord as Upload, UploadStaging as Staging};

pub(super) fn upload_key(id: &str) -> Key {
    Upload::key(id)
}

/// Where an upload's bytes wait in an S3 media store.
pub(super) trait Staged {
    fn staging_key(&self) -> String;
    fn tail_prefix(&self) -> String;
}

impl Staged for Upload {
    fn staging_key(&self) -> String {
        format!("{STAGING_PREFIX}{}", self.id)
    }

    fn tail_prefix(&self) -> String {
        format!("{STAGING_PREFIX}{}.tail.", self.id)
    }
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
    let mut updates = vec![Upload::set_offset(offset)];
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
            vec![Upload::stop_finishing()],
            Some(Condition::Exists),
        )
        .await;
}
