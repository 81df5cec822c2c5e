//! Spooling request bodies to local disk: a form's file field is streamed
//! to a spool file with the size limit enforced as the bytes arrive, and
//! the sizes and names an upload is refused or shown with.

use std::path::{Path, PathBuf};

use axum::extract::multipart::Field;
use axum::http::StatusCode;
use tokio::io::AsyncWriteExt as _;

use crate::error::{ApiError, ApiResult};
// Limits are said as they are configured, wherever one is named.
pub use crate::limits::human_size;

/// The longest file name kept (characters).
const MAX_NAME_CHARS: usize = 200;

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

/// Where uploads are spooled before they are checked and stored: the
/// system's temporary folder (`TMPDIR`), which should be a local disk
/// with room for a few of the largest uploads.
pub fn spool_dir() -> PathBuf {
    std::env::temp_dir()
}

/// Streams a form's file field to a spool file in [`spool_dir`], at most
/// `limit` bytes: past it, reading stops at once (the rest of the request
/// is never read, and the connection is closed after the answer) with a
/// 413. An empty field is a 422.
pub async fn spool_field(field: Field<'_>, limit: u64) -> ApiResult<Spooled> {
    spool_field_in(field, limit, &spool_dir()).await
}

/// [`spool_field`], spooling into `dir`.
pub async fn spool_field_in(mut field: Field<'_>, limit: u64, dir: &Path) -> ApiResult<Spooled> {
    let name = field.file_name().and_then(clean_file_name);
    let (file, path) = spool_file(dir)?;
    // Network chunks are a few KB; each write to a tokio file is a trip to
    // the blocking pool, so they are gathered 256 KiB at a time.
    let mut file = tokio::io::BufWriter::with_capacity(256 << 10, tokio::fs::File::from_std(file));
    let mut size = 0u64;
    loop {
        let chunk = match field.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(too_large(limit));
            }
            Err(e) => {
                return Err(ApiError::BadRequest(format!(
                    "the upload was cut off ({}); send the file again",
                    e.body_text()
                )));
            }
        };
        size += chunk.len() as u64;
        if size > limit {
            // `path` is dropped with the error: the partial file goes too.
            return Err(too_large(limit));
        }
        file.write_all(&chunk).await.map_err(spool_error)?;
    }
    if size == 0 {
        return Err(empty_file());
    }
    file.flush().await.map_err(spool_error)?;
    Ok(Spooled {
        file: path,
        size,
        name,
    })
}

pub(super) fn spool_file(dir: &Path) -> ApiResult<(std::fs::File, tempfile::TempPath)> {
    tempfile::Builder::new()
        .prefix("trogs-spool-")
        .tempfile_in(dir)
        .map(tempfile::NamedTempFile::into_parts)
        .map_err(spool_error)
}

pub(super) fn spool_error(e: std::io::Error) -> ApiError {
    ApiError::internal(format!("spooling an upload: {e}"))
}

pub(super) fn empty_file() -> ApiError {
    ApiError::Invalid("the file is empty (0 bytes): choose the file again and upload it".into())
}

pub(super) fn too_large(limit: u64) -> ApiError {
    ApiError::TooLarge(format!(
        "the file is larger than the limit of {}; make it smaller and upload it again",
        human_size(limit)
    ))
}

/// The browser's name for a file, made safe to show: the last path
/// component only, trimmed, without control characters, at most
/// [`MAX_NAME_CHARS`] characters. Never used as a path.
pub fn clean_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME_CHARS)
        .collect();
    let clean = clean.trim();
    (!clean.is_empty()).then(|| clean.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_only_names() {
        assert_eq!(clean_file_name("song.mp3").as_deref(), Some("song.mp3"));
        assert_eq!(
            clean_file_name("C:\\Users\\me\\Song.mp3").as_deref(),
            Some("Song.mp3")
        );
        assert_eq!(
            clean_file_name("../../etc/pa\u{7}ss\nwd ").as_deref(),
            Some("passwd")
        );
        assert_eq!(clean_file_name(" \u{1} "), None);
        assert_eq!(clean_file_name("dir/"), None);
        let long = "ä".repeat(500);
        assert_eq!(
            clean_file_name(&long).unwrap().chars().count(),
            MAX_NAME_CHARS
        );
    }
}
