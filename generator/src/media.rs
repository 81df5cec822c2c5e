//! Where media (audio, artwork) is stored: a local folder (`--media-dir`,
//! `media/` by default) or an S3 bucket (`--media s3://BUCKET/PREFIX`).
//! Pages link to media through the media URL (`--media-url`), which for S3
//! defaults to the bucket's own URL; set it to a CDN in front of it.
//!
//! Puts are streamed: to a temporary file renamed into place, or to S3 as
//! one PutObject below [`PART_SIZE`] and as a multipart upload above it,
//! reading one part at a time, and aborting the upload if anything fails.
//!
//! A resumable upload keeps a multipart upload open across requests: the
//! S3 store also offers its steps one by one ([`S3Media::create_multipart`]
//! and the rest), and both stores stream an object back ([`Media::reader`]).

use std::path::{Path, PathBuf};

use aws_sdk_s3 as sdk;
use sdk::error::ProvideErrorMetadata as _;
use sdk::primitives::ByteStream;
use sdk::types::{CompletedMultipartUpload, CompletedPart, ObjectCannedAcl};
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWriteExt as _};

use crate::s3::{self, Location, error_text};

/// Objects this big or bigger go up as multipart uploads, in parts of
/// this size (S3 wants at least 5 MiB a part, except the last).
pub const PART_SIZE: usize = 8 * 1024 * 1024;

/// S3's smallest part of a multipart upload, except the last.
pub const MIN_PART_SIZE: usize = 5 * 1024 * 1024;

/// A stream of stored bytes.
pub type Reader = std::pin::Pin<Box<dyn AsyncRead + Send>>;

/// One part of a multipart upload, as S3 acknowledged it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPart {
    /// 1 to 10,000; the parts of an object are its numbers in order, and
    /// the numbers need not follow one another.
    pub number: i32,
    pub etag: String,
}

/// A multipart upload that was started and neither completed nor aborted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenMultipart {
    /// The media key (without the location's prefix).
    pub key: String,
    pub upload_id: String,
    /// Unix seconds.
    pub initiated: u64,
}

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

    /// The key of a full URL that points into this store (see
    /// [`s3::Location::key_of_url`]); `None` for a media folder, which has
    /// no URL of its own.
    pub fn key_of_url(&self, url: &str) -> Option<String> {
        match self {
            Media::S3(s3) => s3.location.key_of_url(url),
            Media::Folder(_) => None,
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

impl Media {
    /// Streams the bytes stored under `key`, without holding them in
    /// memory; `None` when nothing is stored there.
    pub async fn reader(&self, key: &str) -> Result<Option<Reader>> {
        check_key(key)?;
        match self {
            Media::Folder(dir) => {
                let path = dir.join(key);
                match tokio::fs::File::open(&path).await {
                    Ok(file) => Ok(Some(Box::pin(file))),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(source) => Err(MediaError::Io { path, source }),
                }
            }
            Media::S3(s) => s.reader(key).await,
        }
    }

    /// Copies the object under `from` to `to` (in the store itself for S3,
    /// so the bytes never pass through this process); `false` when there
    /// is nothing under `from`.
    pub async fn copy(&self, from: &str, to: &str) -> Result<bool> {
        check_key(from)?;
        check_key(to)?;
        match self {
            Media::Folder(dir) => match tokio::fs::File::open(dir.join(from)).await {
                Ok(file) => put_file(dir, to, file).await.map(|_| true),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
                Err(source) => Err(MediaError::Io {
                    path: dir.join(from),
                    source,
                }),
            },
            Media::S3(s) => s.copy(from, to).await,
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
        // Readable by everyone, whatever the umask: a media folder is
        // served by a web server of its own.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            file.set_permissions(std::fs::Permissions::from_mode(0o644))
                .await?;
        }
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
                if let Err(abort) = self.abort_multipart(key, &id).await {
                    tracing::warn!("aborting the multipart upload {id} of {key}: {abort}");
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
            parts.push(self.upload_part(key, id, number, chunk).await?);
            chunk = fill(reader, self.part_size)
                .await
                .map_err(|e| self.error("reading the upload", key, e))?;
            if chunk.is_empty() {
                break;
            }
        }
        self.complete_multipart(key, id, &parts).await?;
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

/// The steps of a multipart upload, one request each, for callers that
/// keep an upload open across requests (a resumable upload taken in
/// pieces). Staging objects written here get no ACL: they are never
/// public, whatever `public_read` says.
impl S3Media {
    /// Starts a multipart upload to `key`; returns its upload id.
    pub async fn create_multipart(&self, key: &str) -> Result<String> {
        check_key(key)?;
        let out = self
            .client
            .sdk
            .create_multipart_upload()
            .bucket(&self.location.bucket)
            .key(self.key(key))
            .content_type("application/octet-stream")
            .send()
            .await
            .map_err(|e| self.error("CreateMultipartUpload", key, error_text(&e)))?;
        out.upload_id()
            .map(str::to_string)
            .ok_or_else(|| self.error("CreateMultipartUpload", key, "no upload id"))
    }

    /// Stores one part; S3 rejects the completion unless every part but
    /// the last is at least [`MIN_PART_SIZE`].
    pub async fn upload_part(
        &self,
        key: &str,
        upload_id: &str,
        number: i32,
        bytes: Vec<u8>,
    ) -> Result<StoredPart> {
        check_key(key)?;
        let out = self
            .client
            .sdk
            .upload_part()
            .bucket(&self.location.bucket)
            .key(self.key(key))
            .upload_id(upload_id)
            .part_number(number)
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(|e| self.error(&format!("UploadPart {number}"), key, error_text(&e)))?;
        let etag = out
            .e_tag()
            .map(str::to_string)
            .ok_or_else(|| self.error(&format!("UploadPart {number}"), key, "no ETag"))?;
        Ok(StoredPart { number, etag })
    }

    /// Joins `parts` (in the order of their numbers) into the object; parts
    /// uploaded but not named are dropped by S3.
    pub async fn complete_multipart(
        &self,
        key: &str,
        upload_id: &str,
        parts: &[StoredPart],
    ) -> Result<()> {
        check_key(key)?;
        let mut parts = parts.to_vec();
        parts.sort_by_key(|p| p.number);
        let parts = parts
            .into_iter()
            .map(|p| {
                CompletedPart::builder()
                    .part_number(p.number)
                    .e_tag(p.etag)
                    .build()
            })
            .collect();
        self.client
            .sdk
            .complete_multipart_upload()
            .bucket(&self.location.bucket)
            .key(self.key(key))
            .upload_id(upload_id)
            .multipart_upload(
                CompletedMultipartUpload::builder()
                    .set_parts(Some(parts))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| self.error("CompleteMultipartUpload", key, error_text(&e)))?;
        Ok(())
    }

    /// Drops an open multipart upload and its parts; one that is already
    /// gone is fine.
    pub async fn abort_multipart(&self, key: &str, upload_id: &str) -> Result<()> {
        check_key(key)?;
        match self
            .client
            .sdk
            .abort_multipart_upload()
            .bucket(&self.location.bucket)
            .key(self.key(key))
            .upload_id(upload_id)
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_upload()) => Ok(()),
            Err(e) => Err(self.error("AbortMultipartUpload", key, error_text(&e))),
        }
    }

    /// The multipart uploads open under `prefix` (a key prefix relative to
    /// the location), for sweeping ones that were abandoned.
    pub async fn open_multiparts(&self, prefix: &str) -> Result<Vec<OpenMultipart>> {
        let mut found = Vec::new();
        let mut key_marker: Option<String> = None;
        let mut id_marker: Option<String> = None;
        loop {
            let out = self
                .client
                .sdk
                .list_multipart_uploads()
                .bucket(&self.location.bucket)
                .prefix(self.key(prefix))
                .set_key_marker(key_marker.take())
                .set_upload_id_marker(id_marker.take())
                .send()
                .await
                .map_err(|e| self.error("ListMultipartUploads", prefix, error_text(&e)))?;
            for u in out.uploads() {
                let (Some(key), Some(upload_id)) = (u.key(), u.upload_id()) else {
                    continue;
                };
                let Some(key) = key.strip_prefix(&self.location.prefix) else {
                    continue;
                };
                found.push(OpenMultipart {
                    key: key.to_string(),
                    upload_id: upload_id.to_string(),
                    initiated: u.initiated().map_or(0, |t| t.secs().max(0) as u64),
                });
            }
            if out.is_truncated() != Some(true) {
                break;
            }
            key_marker = out.next_key_marker().map(str::to_string);
            id_marker = out.next_upload_id_marker().map(str::to_string);
            if key_marker.is_none() && id_marker.is_none() {
                break;
            }
        }
        Ok(found)
    }

    /// Stores small `bytes` under `key` in one request, with no ACL.
    pub async fn put_private(&self, key: &str, bytes: Vec<u8>) -> Result<()> {
        check_key(key)?;
        self.client
            .sdk
            .put_object()
            .bucket(&self.location.bucket)
            .key(self.key(key))
            .content_type("application/octet-stream")
            .body(ByteStream::from(bytes))
            .send()
            .await
            .map_err(|e| self.error("PUT", key, error_text(&e)))?;
        Ok(())
    }

    /// The keys (relative to the location) that start with `prefix`.
    pub async fn list_keys(&self, prefix: &str) -> Result<Vec<String>> {
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let out = self
                .client
                .sdk
                .list_objects_v2()
                .bucket(&self.location.bucket)
                .prefix(self.key(prefix))
                .set_continuation_token(token.take())
                .send()
                .await
                .map_err(|e| self.error("ListObjectsV2", prefix, error_text(&e)))?;
            keys.extend(
                out.contents()
                    .iter()
                    .filter_map(|o| o.key()?.strip_prefix(&self.location.prefix))
                    .map(str::to_string),
            );
            token = out.next_continuation_token().map(str::to_string);
            if token.is_none() {
                break;
            }
        }
        Ok(keys)
    }

    async fn reader(&self, key: &str) -> Result<Option<Reader>> {
        match self
            .client
            .sdk
            .get_object()
            .bucket(&self.location.bucket)
            .key(self.key(key))
            .send()
            .await
        {
            Ok(out) => Ok(Some(Box::pin(out.body.into_async_read()))),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => Ok(None),
            Err(e) => Err(self.error("GET", key, error_text(&e))),
        }
    }

    async fn copy(&self, from: &str, to: &str) -> Result<bool> {
        let source = format!("{}/{}", self.location.bucket, self.key(from));
        let mut copy = self
            .client
            .sdk
            .copy_object()
            .bucket(&self.location.bucket)
            .key(self.key(to))
            .copy_source(urlencode_path(&source));
        if let Some(content_type) = mime_guess::from_path(to).first_raw() {
            copy = copy
                .content_type(content_type)
                .metadata_directive(sdk::types::MetadataDirective::Replace);
        }
        if self.public_read {
            copy = copy.acl(ObjectCannedAcl::PublicRead);
        }
        match copy.send().await {
            Ok(_) => Ok(true),
            Err(e) if e.code() == Some("NoSuchKey") => Ok(false),
            Err(e) => Err(self.error("CopyObject", to, error_text(&e))),
        }
    }
}

/// Percent-encodes a copy source (`BUCKET/KEY`), leaving `/` as it is.
fn urlencode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
