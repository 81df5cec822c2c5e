//! The staging backends of a resumable upload: a file under a media
//! folder's `.uploads/`, or an S3 multipart upload with a tail object for
//! bytes short of a part; opening, appending to and removing them.

use std::path::Path;

use axum::body::Body;
use futures_util::StreamExt as _;
use tokio::io::{AsyncSeekExt as _, AsyncWriteExt as _};
use trogs::media::{MIN_PART_SIZE, Media, S3Media};
use trogs::store::Condition;

use super::STAGING_DIR;
use super::state::{
    STAGING_PREFIX, Staged as _, Staging, Upload, commit, moved_on, store_error, upload_key,
};
use crate::error::{ApiError, ApiResult};
use crate::session::{Session, now, random_token};
use crate::state::App;

/// A media folder's staged bytes are synced and counted every this many.
const FOLDER_COMMIT_BYTES: u64 = 8 * 1024 * 1024;
/// S3 numbers parts 1 to 10,000.
const MAX_PART_NUMBER: i64 = 10_000;

/// Opens the staging object and records the upload.
pub(super) async fn begin(
    app: &App,
    session: &Session,
    target: String,
    length: u64,
    name: Option<String>,
) -> ApiResult<Upload> {
    let id = crate::quotas::new_upload_id(&session.owner);
    let staging = match &app.media {
        Media::Folder(dir) => {
            let folder = dir.join(STAGING_DIR);
            tokio::fs::create_dir_all(&folder)
                .await
                .map_err(|e| ApiError::internal(format!("{}: {e}", folder.display())))?;
            tokio::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(folder.join(&id))
                .await
                .map_err(|e| ApiError::internal(format!("{}: {e}", folder.display())))?;
            Staging::Folder
        }
        Media::S3(s3) => Staging::S3 {
            multipart: s3
                .create_multipart(&format!("{STAGING_PREFIX}{id}"))
                .await?,
            parts: Vec::new(),
            tail: None,
        },
    };
    let created = now();
    let upload = Upload {
        id,
        owner: session.owner.clone(),
        target,
        length,
        offset: 0,
        name,
        created,
        expires: created + app.settings.quotas.upload_seconds(),
        staging,
        finishing: false,
    };
    if let Err(e) = app
        .store
        .put(upload.to_item(), Some(Condition::NotExists))
        .await
    {
        remove_staging(app, &upload).await;
        return Err(e.into());
    }
    Ok(upload)
}

/// The body's bytes as they arrive. Ends at the end of the body, at a
/// broken connection (whatever arrived is kept), or at a chunk that goes
/// past what is left of the upload (`over` is set, and the caller keeps
/// nothing it has not counted yet).
pub(super) struct Incoming {
    stream: axum::body::BodyDataStream,
    left: u64,
    over: bool,
    done: bool,
}

impl Incoming {
    fn new(body: Body, left: u64) -> Incoming {
        Incoming {
            stream: body.into_data_stream(),
            left,
            over: false,
            done: false,
        }
    }

    async fn next(&mut self) -> Option<bytes::Bytes> {
        while !self.done {
            match self.stream.next().await {
                Some(Ok(chunk)) => {
                    if chunk.is_empty() {
                        continue;
                    }
                    if chunk.len() as u64 > self.left {
                        // A client that sends more than it announced sent
                        // something else: none of this stretch is kept.
                        self.over = true;
                        self.done = true;
                        return None;
                    }
                    self.left -= chunk.len() as u64;
                    return Some(chunk);
                }
                Some(Err(e)) => {
                    tracing::info!(error = %e, "an upload's request ended early; keeping what arrived");
                    self.done = true;
                }
                None => self.done = true,
            }
        }
        None
    }
}

/// Appends to the staging file, synced and counted every
/// [`FOLDER_COMMIT_BYTES`]. The file is locked while a request writes it,
/// so two requests (in any process on this machine) never write at once;
/// bytes past the counted offset (a request that died before counting
/// them) are cut off before anything is appended. Returns the bytes left
/// when the body went past the length.
pub(super) async fn receive_folder(
    app: &App,
    upload: &mut Upload,
    dir: &Path,
    body: Body,
) -> ApiResult<Option<u64>> {
    let path = dir.join(STAGING_DIR).join(&upload.id);
    let io = |e: std::io::Error| ApiError::internal(format!("{}: {e}", path.display()));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            return Err(ApiError::Conflict(
                "another request is storing bytes of this upload; try again in a moment".into(),
            ));
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
    }
    // Read again under the lock: the request that held it may have
    // counted more bytes meanwhile.
    let expected = upload.offset;
    let fresh = app
        .store
        .get(upload_key(&upload.id))
        .await?
        .and_then(|item| Upload::from_item(&item))
        .ok_or_else(moved_on)?;
    if fresh.offset != expected || fresh.finishing {
        return Err(moved_on());
    }
    *upload = fresh;
    file.set_len(upload.offset).map_err(io)?;
    let mut file = tokio::fs::File::from_std(file);
    file.seek(std::io::SeekFrom::Start(upload.offset))
        .await
        .map_err(io)?;
    let mut incoming = Incoming::new(body, upload.length - upload.offset);
    let mut written = upload.offset;
    while let Some(chunk) = incoming.next().await {
        file.write_all(&chunk).await.map_err(io)?;
        written += chunk.len() as u64;
        if written - upload.offset >= FOLDER_COMMIT_BYTES && written < upload.length {
            file.sync_data().await.map_err(io)?;
            commit(&app.store, upload, written, Vec::new()).await?;
        }
    }
    file.flush().await.map_err(io)?;
    if written > upload.offset && !incoming.over {
        file.sync_data().await.map_err(io)?;
        let finishing = if written == upload.length {
            vec![Upload::begin_finishing()]
        } else {
            Vec::new()
        };
        commit(&app.store, upload, written, finishing).await?;
    }
    Ok(incoming.over.then_some(incoming.left))
}

/// Stores the body as parts of the staging multipart upload. Bytes that
/// do not fill a part wait in a tail object, which the next request puts
/// in front of its bytes. Every part and tail is counted in the catalog,
/// on the condition that nobody else counted bytes meanwhile; part numbers
/// are taken from a counter in the item, so two requests racing on one
/// offset never overwrite each other's parts (the loser's part is left out
/// when the upload completes).
pub(super) async fn receive_s3(
    app: &App,
    upload: &mut Upload,
    s3: &S3Media,
    body: Body,
) -> ApiResult<Option<u64>> {
    let part_size = s3.part_size.max(MIN_PART_SIZE);
    let key = upload.staging_key();
    // `buffer` begins with the stored tail (`old` bytes, already counted).
    let mut buffer = Vec::with_capacity(part_size);
    let mut old = 0usize;
    let mut old_tail: Option<String> = None;
    if let Staging::S3 {
        tail: Some((token, size)),
        ..
    } = &upload.staging
    {
        let tail_key = format!("{}{token}", upload.tail_prefix());
        let bytes = app.media.get(&tail_key).await?.ok_or_else(moved_on)?;
        if bytes.len() as u64 != *size {
            return Err(moved_on());
        }
        buffer.extend_from_slice(&bytes);
        old = bytes.len();
        old_tail = Some(tail_key);
    }
    let mut incoming = Incoming::new(body, upload.length - upload.offset);
    loop {
        let chunk = incoming.next().await;
        let ended = chunk.is_none();
        if let Some(chunk) = &chunk {
            buffer.extend_from_slice(chunk);
        }
        let end = upload.offset + (buffer.len() - old) as u64;
        let last = ended && !incoming.over && end == upload.length && buffer.len() > old;
        // A full part, or the last bytes of the upload.
        while buffer.len() >= part_size || (last && !buffer.is_empty()) {
            let rest = buffer.split_off(buffer.len().min(part_size));
            let part = std::mem::replace(&mut buffer, rest);
            let size = part.len() as u64;
            let number = next_part_number(app, upload).await?;
            let stored = s3
                .upload_part(&key, multipart_id(upload), number, part)
                .await?;
            let new_offset = upload.offset + size - old as u64;
            let mut updates = upload.add_part(&stored, size);
            if new_offset == upload.length {
                updates.push(Upload::begin_finishing());
            }
            commit(&app.store, upload, new_offset, updates).await?;
            old = 0;
            if let Some(tail) = old_tail.take() {
                delete_quietly(&app.media, &tail).await;
            }
        }
        if ended {
            break;
        }
    }
    if buffer.len() > old && !incoming.over {
        // Not a whole part: kept as the new tail.
        let token = random_token();
        let tail_key = format!("{}{token}", upload.tail_prefix());
        let size = buffer.len() as u64;
        s3.put_private(&tail_key, buffer).await?;
        let new_offset = upload.offset + size - old as u64;
        let updates = Upload::set_tail(&token, size);
        if let Err(e) = commit(&app.store, upload, new_offset, updates).await {
            delete_quietly(&app.media, &tail_key).await;
            return Err(e);
        }
        if let Some(tail) = old_tail.take() {
            delete_quietly(&app.media, &tail).await;
        }
    }
    Ok(incoming.over.then_some(incoming.left))
}

pub(super) fn multipart_id(upload: &Upload) -> &str {
    match &upload.staging {
        Staging::S3 { multipart, .. } => multipart,
        Staging::Folder => "",
    }
}

/// A part number no other request uses for this upload.
pub(super) async fn next_part_number(app: &App, upload: &Upload) -> ApiResult<i32> {
    let item = app
        .store
        .update(
            upload_key(&upload.id),
            vec![Upload::take_part_number()],
            Some(upload.unchanged()),
        )
        .await
        .map_err(store_error)?;
    let number = Upload::part_taken(&item) as i64;
    if number > MAX_PART_NUMBER {
        return Err(ApiError::Conflict(
            "this upload was sent in too many pieces; start it again".into(),
        ));
    }
    Ok(number as i32)
}

pub(super) async fn delete_quietly(media: &Media, key: &str) {
    if let Err(e) = media.delete(key).await {
        tracing::warn!(%key, error = %e, "removing a staged upload object");
    }
}

/// Ends an upload: the staging objects, then its item.
pub(super) async fn remove(app: &App, upload: &Upload) -> ApiResult<()> {
    remove_staging(app, upload).await;
    app.store.delete(upload_key(&upload.id), None).await?;
    Ok(())
}

pub(super) async fn remove_staging(app: &App, upload: &Upload) {
    match &app.media {
        Media::Folder(dir) => {
            let path = dir.join(STAGING_DIR).join(&upload.id);
            if let Err(e) = tokio::fs::remove_file(&path).await
                && e.kind() != std::io::ErrorKind::NotFound
            {
                tracing::warn!(path = %path.display(), error = %e, "removing a staged upload");
            }
        }
        Media::S3(s3) => {
            if let Staging::S3 { multipart, .. } = &upload.staging
                && let Err(e) = s3.abort_multipart(&upload.staging_key(), multipart).await
            {
                tracing::warn!(id = %upload.id, error = %e, "aborting a staged upload");
            }
            remove_s3_staging(&app.media, upload).await;
        }
    }
}

/// The staging object and every tail of `upload`.
pub(super) async fn remove_s3_staging(media: &Media, upload: &Upload) {
    let Media::S3(s3) = media else { return };
    delete_quietly(media, &upload.staging_key()).await;
    match s3.list_keys(&upload.tail_prefix()).await {
        Ok(keys) => {
            for key in keys {
                delete_quietly(media, &key).await;
            }
        }
        Err(e) => tracing::warn!(id = %upload.id, error = %e, "listing a staged upload's tails"),
    }
}
