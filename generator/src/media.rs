//! Where media (audio, artwork) is stored: a local folder (`--media-dir`,
//! `media/` by default) or an S3 bucket (`--media s3://BUCKET/PREFIX`).
//! Pages link to media through the media URL (`--media-url`), which for S3
//! defaults to the bucket's own URL; set it to a CDN in front of it.
//!
//! Puts are streamed: to a temporary file renamed into place, or to S3 as
//! one PutObject below [`PART_SIZE`] and as a multipart upload above it,
//! reading one part at a time, and aborting the upload if anything fails.

use std::path::{Path, PathBuf};

use aws_sdk_s3 as sdk;
use sdk::primitives::ByteStream;
use sdk::types::{CompletedMultipartUpload, CompletedPart, ObjectCannedAcl};
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWriteExt as _};

use crate::publish::s3::{self, Location, error_text};

/// Objects this big or bigger go up as multipart uploads, in parts of
/// this size (S3 wants at least 5 MiB a part, except the last).
pub const PART_SIZE: usize = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    #[error("{0:?} is not a media key: use a relative path such as art/cover.jpg")]
    BadKey(String),
    #[error("writing media {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{target}: {detail}")]
    Remote { target: String, detail: String },
}

pub type Result<T, E = MediaError> = std::result::Result<T, E>;

/// Where media is stored, as configured: `--media` or `--media-dir`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaSpec {
    Folder(PathBuf),
    S3(Location),
}

impl std::fmt::Display for MediaSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MediaSpec::Folder(dir) => write!(f, "{}", dir.display()),
            MediaSpec::S3(l) => write!(f, "{l}"),
        }
    }
}

/// A media store. Cheap to clone.
#[derive(Debug, Clone)]
pub enum Media {
    Folder(PathBuf),
    S3(S3Media),
}

#[derive(Debug, Clone)]
pub struct S3Media {
    pub client: s3::Client,
    pub location: Location,
    pub public_read: bool,
    /// The multipart threshold and part size.
    pub part_size: usize,
}

impl From<&Path> for Media {
    fn from(dir: &Path) -> Media {
        Media::Folder(dir.to_path_buf())
    }
}

impl From<&PathBuf> for Media {
    fn from(dir: &PathBuf) -> Media {
        Media::Folder(dir.clone())
    }
}

impl From<&Media> for Media {
    fn from(m: &Media) -> Media {
        m.clone()
    }
}

impl Media {
    /// Opens the store `spec` names; S3 clients are configured from the
    /// environment (see [`s3::Client::connect`]). Makes no request.
    pub async fn open(spec: &MediaSpec, options: &s3::Options) -> Media {
        match spec {
            MediaSpec::Folder(dir) => Media::Folder(dir.clone()),
            MediaSpec::S3(location) => Media::S3(S3Media {
                client: s3::Client::connect(options).await,
                location: location.clone(),
                public_read: options.public_read,
                part_size: PART_SIZE,
            }),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Media::Folder(dir) => dir.display().to_string(),
            Media::S3(s) => s.location.to_string(),
        }
    }

    /// Stores what `reader` yields under `key`; returns the bytes stored.
    pub async fn put(&self, key: &str, reader: impl AsyncRead + Unpin + Send) -> Result<u64> {
        check_key(key)?;
        match self {
            Media::Folder(dir) => put_file(dir, key, reader).await,
            Media::S3(s) => s.put(key, reader).await,
        }
    }

    pub async fn put_bytes(&self, key: &str, bytes: &[u8]) -> Result<u64> {
        self.put(key, bytes).await
    }

    /// Removes `key`; removing what is not there is fine.
    pub async fn delete(&self, key: &str) -> Result<()> {
        check_key(key)?;
        match self {
            Media::Folder(dir) => {
                let path = dir.join(key);
                match tokio::fs::remove_file(&path).await {
                    Ok(()) => Ok(()),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                    Err(source) => Err(MediaError::Io { path, source }),
                }
            }
            Media::S3(s) => s.delete(key).await,
        }
    }

    /// The bytes stored under `key` (for tests and checks).
    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        check_key(key)?;
        match self {
            Media::Folder(dir) => {
                let path = dir.join(key);
                match tokio::fs::read(&path).await {
                    Ok(b) => Ok(Some(b)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(source) => Err(MediaError::Io { path, source }),
                }
            }
            Media::S3(s) => s.get(key).await,
        }
    }
}

fn check_key(key: &str) -> Result<()> {
    let ok = !key.is_empty()
        && key
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != ".." && !p.contains(['\\', '\0']));
    if ok {
        Ok(())
    } else {
        Err(MediaError::BadKey(key.to_string()))
    }
}

async fn put_file(dir: &Path, key: &str, mut reader: impl AsyncRead + Unpin) -> Result<u64> {
    let path = dir.join(key);
    let err = |source| MediaError::Io {
        path: path.clone(),
        source,
    };
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent).await.map_err(err)?;
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.{:016x}.tmp", fastrand::u64(..)));
    let written = async {
        let mut file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .await?;
        let n = tokio::io::copy(&mut reader, &mut file).await?;
        file.flush().await?;
        drop(file);
        tokio::fs::rename(&tmp, &path).await?;
        Ok(n)
    }
    .await;
    if written.is_err() {
        let _ = tokio::fs::remove_file(&tmp).await;
    }
    written.map_err(err)
}

/// Reads until `buf` holds `want` bytes or the reader ends.
async fn fill(reader: &mut (impl AsyncRead + Unpin), want: usize) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(want);
    while buf.len() < want {
        let n = (&mut *reader)
            .take((want - buf.len()) as u64)
            .read_to_end(&mut buf)
            .await?;
        if n == 0 {
            break;
        }
    }
    Ok(buf)
}

impl S3Media {
    fn key(&self, key: &str) -> String {
        self.location.key(key)
    }

    fn error(&self, op: &str, key: &str, detail: impl std::fmt::Display) -> MediaError {
        MediaError::Remote {
            target: format!("s3://{}/{}", self.location.bucket, self.key(key)),
            detail: format!("{op}: {detail}"),
        }
    }

    async fn put(&self, key: &str, mut reader: impl AsyncRead + Unpin + Send) -> Result<u64> {
        let content_type = mime_guess::from_path(key)
            .first_raw()
            .unwrap_or("application/octet-stream");
        let read_err = |e: std::io::Error| self.error("reading the upload", key, e);
        let first = fill(&mut reader, self.part_size).await.map_err(read_err)?;
        if first.len() < self.part_size {
            let len = first.len() as u64;
            let mut put = self
                .client
                .sdk
                .put_object()
                .bucket(&self.location.bucket)
                .key(self.key(key))
                .content_type(content_type)
                .body(ByteStream::from(first));
            if self.public_read {
                put = put.acl(ObjectCannedAcl::PublicRead);
            }
            put.send()
                .await
                .map_err(|e| self.error("PUT", key, error_text(&e)))?;
            return Ok(len);
        }
        let mut create = self
            .client
            .sdk
            .create_multipart_upload()
            .bucket(&self.location.bucket)
            .key(self.key(key))
            .content_type(content_type);
        if self.public_read {
            create = create.acl(ObjectCannedAcl::PublicRead);
        }
        let upload = create
            .send()
            .await
            .map_err(|e| self.error("CreateMultipartUpload", key, error_text(&e)))?;
        let Some(id) = upload.upload_id().map(str::to_string) else {
            return Err(self.error("CreateMultipartUpload", key, "no upload id"));
        };
        match self.upload_parts(key, &id, first, &mut reader).await {
            Ok(len) => Ok(len),
            Err(e) => {
                // An upload left open keeps its parts (and their cost).
                let aborted = self
                    .client
                    .sdk
                    .abort_multipart_upload()
                    .bucket(&self.location.bucket)
                    .key(self.key(key))
                    .upload_id(&id)
                    .send()
                    .await;
                if let Err(abort) = aborted {
                    tracing::warn!(
                        "aborting the multipart upload {id} of {key}: {}",
                        error_text(&abort)
                    );
                }
                Err(e)
            }
        }
    }

    async fn upload_parts(
        &self,
        key: &str,
        id: &str,
        first: Vec<u8>,
        reader: &mut (impl AsyncRead + Unpin + Send),
    ) -> Result<u64> {
        let mut parts = Vec::new();
        let mut chunk = first;
        let mut len = 0u64;
        loop {
            let number = parts.len() as i32 + 1;
            len += chunk.len() as u64;
            let out = self
                .client
                .sdk
                .upload_part()
                .bucket(&self.location.bucket)
                .key(self.key(key))
                .upload_id(id)
                .part_number(number)
                .body(ByteStream::from(chunk))
                .send()
                .await
                .map_err(|e| self.error(&format!("UploadPart {number}"), key, error_text(&e)))?;
            parts.push(
                CompletedPart::builder()
                    .part_number(number)
                    .set_e_tag(out.e_tag().map(str::to_string))
                    .build(),
            );
            chunk = fill(reader, self.part_size)
                .await
                .map_err(|e| self.error("reading the upload", key, e))?;
            if chunk.is_empty() {
                break;
            }
        }
        self.client
            .sdk
            .complete_multipart_upload()
            .bucket(&self.location.bucket)
            .key(self.key(key))
            .upload_id(id)
            .multipart_upload(
                CompletedMultipartUpload::builder()
                    .set_parts(Some(parts))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| self.error("CompleteMultipartUpload", key, error_text(&e)))?;
        Ok(len)
    }

    async fn delete(&self, key: &str) -> Result<()> {
        self.client
            .sdk
            .delete_object()
            .bucket(&self.location.bucket)
            .key(self.key(key))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| self.error("DELETE", key, error_text(&e)))
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let out = match self
            .client
            .sdk
            .get_object()
            .bucket(&self.location.bucket)
            .key(self.key(key))
            .send()
            .await
        {
            Ok(out) => out,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => return Ok(None),
            Err(e) => return Err(self.error("GET", key, error_text(&e))),
        };
        let bytes = out
            .body
            .collect()
            .await
            .map_err(|e| self.error("GET", key, e))?;
        Ok(Some(bytes.into_bytes().to_vec()))
    }
}
