//! Receiving uploads: a form's file field, or a resumable tus 1.0 upload,
//! streamed to a spool file on local disk (never held whole in memory)
//! with the size limit enforced as the bytes arrive.
//!
//! A resumable upload (tus 1.0 core, with the creation, expiration and
//! termination extensions) is staged in the media store while it arrives,
//! and its state is an item of the catalog table, so any uploader process
//! behind one address can take the next piece: S3 media keeps an S3
//! multipart upload open on `uploads/{id}` (pieces shorter than a part wait
//! in a small `uploads/{id}.tail.{token}` object), a media folder appends
//! to `{media}/.uploads/{id}`, which is never shown (`trogs serve` answers
//! 404 for any path with a segment starting with a dot). Only bytes that
//! are stored (uploaded as a part, or written and synced) count in
//! `Upload-Offset`. Staging objects in S3 get no ACL; a bucket policy that
//! makes media public should leave `uploads/` out.

mod finish;
pub(crate) mod method_override;
pub(crate) mod queued;
pub(crate) mod spool;
mod staging;
mod state;
mod sweeper;
pub(crate) mod tus;

pub use method_override::{METHOD_OVERRIDE, misplaced as misplaced_override};
pub use queued::finish_queued;
pub use spool::{Spooled, clean_file_name, human_size, spool_dir, spool_field, spool_field_in};
pub use state::{STAGING_PREFIX, UPLOADS_PK};
pub use sweeper::{SWEEP_EVERY, start_sweeper, sweep};
pub use tus::ascii_json;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::http::{HeaderMap, HeaderName, HeaderValue};
use futures_util::future::BoxFuture;

use crate::edit::{UploadTarget, check_upload_target, finish_upload};
use crate::error::ApiResult;
use crate::session::Session;
use crate::state::App;
use tus::{append, terminate};

/// The tus protocol version spoken.
pub const TUS_VERSION: &str = "1.0.0";
/// The tus extensions offered.
pub const TUS_EXTENSIONS: &str = "creation,termination,expiration";
/// How long a resumable upload may take from its start by default (the
/// setting `--upload-hours`); then it is removed by [`sweep`], however
/// recently bytes arrived.
pub const EXPIRY_SECONDS: u64 = crate::quotas::DEFAULT_UPLOAD_HOURS as u64 * 3600;
/// The folder, under a media folder, where uploads are staged. A dot
/// folder: `trogs serve` never shows it.
pub const STAGING_DIR: &str = ".uploads";

const TUS_RESUMABLE: HeaderName = HeaderName::from_static("tus-resumable");
const TUS_VERSION_HEADER: HeaderName = HeaderName::from_static("tus-version");
const TUS_EXTENSION: HeaderName = HeaderName::from_static("tus-extension");
const TUS_MAX_SIZE: HeaderName = HeaderName::from_static("tus-max-size");
const UPLOAD_LENGTH: HeaderName = HeaderName::from_static("upload-length");
const UPLOAD_OFFSET: HeaderName = HeaderName::from_static("upload-offset");
const UPLOAD_METADATA: HeaderName = HeaderName::from_static("upload-metadata");
const UPLOAD_EXPIRES: HeaderName = HeaderName::from_static("upload-expires");
const UPLOAD_DEFER_LENGTH: HeaderName = HeaderName::from_static("upload-defer-length");
/// The JSON answer of a finished upload (what `finish_upload` made), on
/// the last PATCH's 204.
pub const TROGS_RESULT: HeaderName = HeaderName::from_static("trogs-result");
/// On the last PATCH of an upload handed to a job: `finishing`.
pub const TROGS_STATE: HeaderName = HeaderName::from_static("trogs-state");
const OFFSET_STREAM: &str = "application/offset+octet-stream";

/// Checks that a target is the user's, before any byte is taken.
pub type CheckFn = Arc<
    dyn for<'a> Fn(&'a App, &'a Session, &'a UploadTarget) -> BoxFuture<'a, ApiResult<()>>
        + Send
        + Sync,
>;
/// Takes a complete upload: checks and stores it, answers what was made.
pub type FinishFn = Arc<
    dyn for<'a> Fn(
            &'a App,
            &'a Session,
            UploadTarget,
            Spooled,
        ) -> BoxFuture<'a, ApiResult<serde_json::Value>>
        + Send
        + Sync,
>;

/// What resumable uploads are checked against when they start and handed
/// to when they are complete. The default is the catalog's
/// ([`check_upload_target`], [`finish_upload`]); a test of the upload
/// protocol alone gives its own.
#[derive(Clone)]
pub struct UploadHooks {
    pub check: CheckFn,
    pub finish: FinishFn,
}

impl Default for UploadHooks {
    fn default() -> UploadHooks {
        fn check<'a>(
            app: &'a App,
            session: &'a Session,
            target: &'a UploadTarget,
        ) -> BoxFuture<'a, ApiResult<()>> {
            Box::pin(check_upload_target(app, session, target))
        }
        fn finish<'a>(
            app: &'a App,
            session: &'a Session,
            target: UploadTarget,
            file: Spooled,
        ) -> BoxFuture<'a, ApiResult<serde_json::Value>> {
            Box::pin(finish_upload(app, session, target, file))
        }
        UploadHooks {
            check: Arc::new(check),
            finish: Arc::new(finish),
        }
    }
}

/// Where the resumable uploads' routes are nested: `OPTIONS` and `POST`
/// on the collection; `HEAD`, `PATCH`, `DELETE` (and `OPTIONS`) on
/// `/{id}`, and `POST` standing for `PATCH` or `DELETE` by
/// `X-HTTP-Method-Override`. Every answer carries `Tus-Resumable`.
pub const PATH: &str = "/api/v1/me/uploads";

/// Whether `path` is the resumable uploads' (the collection or one upload).
pub fn is_tus_path(path: &str) -> bool {
    path.strip_prefix(PATH)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Marks an answer to a resumable upload's request with `Tus-Resumable`,
/// whatever gave it: the checks every request passes first (a 403 for a
/// missing Origin or CSRF token, a 421 for another host) answer before
/// the upload routes are reached.
pub fn mark_tus_answer(path: &str, headers: &mut HeaderMap) {
    if is_tus_path(path) {
        headers.insert(TUS_RESUMABLE, HeaderValue::from_static(TUS_VERSION));
    }
}

/// Where a form's files are spooled for `app`: beside the media folder
/// (its hidden `.uploads/`), so a checked file becomes a media object by a
/// link instead of a copy; the system's temporary folder with S3 media.
pub fn spool_dir_for(app: &App) -> PathBuf {
    if let trogs::media::Media::Folder(media) = &app.media {
        let dir = media.join(STAGING_DIR);
        if std::fs::create_dir_all(&dir).is_ok() {
            return dir;
        }
    }
    spool_dir()
}

/// Where a media folder stages the upload `id`.
pub fn staging_path(media_dir: &Path, id: &str) -> PathBuf {
    media_dir.join(STAGING_DIR).join(id)
}
