//! Finishing a resumable upload: its staged bytes become one spool file,
//! its staging is removed, and the file is handed to the catalog to be
//! checked and stored.

use tokio::io::AsyncWriteExt as _;
use trogs::media::{Media, StoredPart};

use super::spool::{Spooled, spool_dir, spool_error, spool_file};
use super::staging::remove_s3_staging;
use super::state::{Staged as _, Staging, Upload, let_go, upload_key};
use super::{STAGING_DIR, UploadHooks};
use crate::edit::UploadTarget;
use crate::error::{ApiError, ApiResult};
use crate::session::Session;
use crate::state::App;

/// Hands a complete upload on: its bytes become a spool file (the
/// staging file itself for a media folder; read back from S3 as a
/// stream), the staging objects are removed, then `finish_upload` checks
/// and stores it. The upload ends either way; `finish_upload`'s error is
/// the answer when it refuses the file.
pub(super) async fn finish(
    app: &App,
    hooks: &UploadHooks,
    session: &Session,
    upload: Upload,
) -> ApiResult<serde_json::Value> {
    let spooled = match assemble(app, &upload).await {
        Ok(spooled) => spooled,
        Err(e) => {
            // Let a later request try again.
            let_go(&app.store, &upload.id).await;
            return Err(e);
        }
    };
    let target = UploadTarget::parse(&upload.target)
        .ok_or_else(|| ApiError::internal(format!("upload {}: bad target", upload.id)));
    let result = match target {
        Ok(target) => (hooks.finish)(app, session, target, spooled).await,
        Err(e) => Err(e),
    };
    if let Err(e) = app.store.delete(upload_key(&upload.id), None).await {
        tracing::warn!(id = %upload.id, error = %e, "removing a finished upload's item");
    }
    result
}

pub(super) async fn assemble(app: &App, upload: &Upload) -> ApiResult<Spooled> {
    let spooled = match (&app.media, &upload.staging) {
        (Media::Folder(dir), _) => {
            let path = dir.join(STAGING_DIR).join(&upload.id);
            Spooled {
                file: tempfile::TempPath::try_from_path(path).map_err(spool_error)?,
                size: upload.length,
                name: upload.name.clone(),
            }
        }
        (
            Media::S3(s3),
            Staging::S3 {
                multipart, parts, ..
            },
        ) => {
            let key = upload.staging_key();
            let parts: Vec<StoredPart> = parts.iter().map(|(p, _)| p.clone()).collect();
            s3.complete_multipart(&key, multipart, &parts).await?;
            let spooled = read_back(&app.media, &key, upload).await;
            remove_s3_staging(&app.media, upload).await;
            spooled?
        }
        (Media::S3(_), Staging::Folder) => {
            return Err(ApiError::internal(format!(
                "upload {} was staged in a folder, but media is in S3 now",
                upload.id
            )));
        }
    };
    let size = tokio::fs::metadata(spooled.path())
        .await
        .map_err(spool_error)?
        .len();
    if size != upload.length {
        return Err(ApiError::internal(format!(
            "upload {}: {size} bytes staged, {} expected",
            upload.id, upload.length
        )));
    }
    Ok(spooled)
}

pub(super) async fn read_back(media: &Media, key: &str, upload: &Upload) -> ApiResult<Spooled> {
    let mut reader = media
        .reader(key)
        .await?
        .ok_or_else(|| ApiError::internal(format!("the staged upload {key} is missing")))?;
    let (file, path) = spool_file(&spool_dir())?;
    let mut file = tokio::fs::File::from_std(file);
    let size = tokio::io::copy(&mut reader, &mut file)
        .await
        .map_err(|e| ApiError::internal(format!("reading back {key}: {e}")))?;
    file.flush().await.map_err(spool_error)?;
    Ok(Spooled {
        file: path,
        size,
        name: upload.name.clone(),
    })
}
