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

mod queued;
pub use queued::finish_queued;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::extract::multipart::Field;
use axum::extract::{Extension, OriginalUri, Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{head, post};
use base64::Engine as _;
use futures_util::StreamExt as _;
use futures_util::future::BoxFuture;
use tokio::io::{AsyncSeekExt as _, AsyncWriteExt as _};
use trogs::media::{MIN_PART_SIZE, Media, S3Media, StoredPart};
use trogs::store::{AttributeValue, Condition, Item, Key, Query, StoreError, Update, get_s};

use crate::app::{App, AppState};
use crate::auth::User;
use crate::edit::{UploadTarget, check_upload_target, finish_upload};
use crate::error::{ApiError, ApiResult};
use crate::session::{Session, now, random_token};

mod method_override;
pub use method_override::{METHOD_OVERRIDE, misplaced as misplaced_override};

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

/// The tus protocol version spoken.
pub const TUS_VERSION: &str = "1.0.0";
/// The tus extensions offered.
pub const TUS_EXTENSIONS: &str = "creation,termination,expiration";
/// How long a resumable upload may take from its start by default (the
/// setting `--upload-hours`); then it is removed by [`sweep`], however
/// recently bytes arrived.
pub const EXPIRY_SECONDS: u64 = crate::quotas::DEFAULT_UPLOAD_HOURS as u64 * 3600;
/// The catalog partition that holds every upload in progress, one item
/// each (`SK` = the upload id), so [`sweep`] finds them with one query.
/// The items have no index attributes, so no page ever reads them.
pub const UPLOADS_PK: &str = "UPLOADS";
/// The folder, under a media folder, where uploads are staged. A dot
/// folder: `trogs serve` never shows it.
pub const STAGING_DIR: &str = ".uploads";
/// The key prefix, in an S3 media store, where uploads are staged.
pub const STAGING_PREFIX: &str = "uploads/";
/// A media folder's staged bytes are synced and counted every this many.
const FOLDER_COMMIT_BYTES: u64 = 8 * 1024 * 1024;
/// S3 numbers parts 1 to 10,000.
const MAX_PART_NUMBER: i64 = 10_000;
/// The longest file name kept (characters).
const MAX_NAME_CHARS: usize = 200;

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

// ---------------------------------------------------------------------
// Form uploads

/// Where uploads are spooled before they are checked and stored: the
/// system's temporary folder (`TMPDIR`), which should be a local disk
/// with room for a few of the largest uploads.
pub fn spool_dir() -> PathBuf {
    std::env::temp_dir()
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

fn spool_file(dir: &Path) -> ApiResult<(std::fs::File, tempfile::TempPath)> {
    tempfile::Builder::new()
        .prefix("trogs-spool-")
        .tempfile_in(dir)
        .map(tempfile::NamedTempFile::into_parts)
        .map_err(spool_error)
}

fn spool_error(e: std::io::Error) -> ApiError {
    ApiError::internal(format!("spooling an upload: {e}"))
}

fn empty_file() -> ApiError {
    ApiError::Invalid("the file is empty (0 bytes): choose the file again and upload it".into())
}

fn too_large(limit: u64) -> ApiError {
    ApiError::TooLarge(format!(
        "the file is larger than the limit of {}; make it smaller and upload it again",
        human_size(limit)
    ))
}

/// `1 GiB`, `25 MB`, `5 MiB`: a limit as people configure it.
pub fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    if bytes >= GIB && bytes.is_multiple_of(GIB) {
        format!("{} GiB", bytes / GIB)
    } else if bytes >= GIB {
        format!("{:.1} GiB", bytes as f64 / GIB as f64)
    } else if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1_000_000 && bytes.is_multiple_of(1_000_000) {
        format!("{} MB", bytes / 1_000_000)
    } else if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{bytes} bytes")
    }
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

// ---------------------------------------------------------------------
// Resumable uploads: the state

/// A resumable upload, as its catalog item records it.
#[derive(Debug, Clone)]
struct Upload {
    id: String,
    owner: String,
    target: String,
    length: u64,
    /// Bytes stored.
    offset: u64,
    name: Option<String>,
    created: u64,
    expires: u64,
    staging: Staging,
    /// The last bytes arrived and the upload is being handed on.
    finishing: bool,
}

#[derive(Debug, Clone)]
enum Staging {
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

fn upload_key(id: &str) -> Key {
    Key::new(UPLOADS_PK, id)
}

fn n(v: u64) -> AttributeValue {
    AttributeValue::n(v)
}

fn get_n(item: &Item, name: &str) -> Option<u64> {
    match item.get(name)? {
        AttributeValue::N(v) => v.parse().ok(),
        _ => None,
    }
}

impl Upload {
    fn staging_key(&self) -> String {
        format!("{STAGING_PREFIX}{}", self.id)
    }

    fn tail_prefix(&self) -> String {
        format!("{STAGING_PREFIX}{}.tail.", self.id)
    }

    fn to_item(&self) -> Item {
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

    fn from_item(item: &Item) -> Option<Upload> {
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
    fn unchanged(&self) -> Condition {
        Condition::All(vec![
            Condition::Equals("UploadOffset".into(), n(self.offset)),
            Condition::AttributeNotExists("Finishing".into()),
        ])
    }
}

fn part_value(part: &StoredPart, size: u64) -> AttributeValue {
    let mut m = Item::new();
    m.insert("Number".into(), AttributeValue::n(part.number));
    m.insert("ETag".into(), AttributeValue::s(&part.etag));
    m.insert("Size".into(), n(size));
    AttributeValue::M(m)
}

fn moved_on() -> ApiError {
    ApiError::Conflict(
        "another request changed this upload meanwhile; ask for its offset (HEAD) and continue from there"
            .into(),
    )
}

/// Maps a failed condition to "changed meanwhile"; other store errors
/// keep their own meaning.
fn store_error(e: StoreError) -> ApiError {
    match e {
        StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. } => moved_on(),
        other => other.into(),
    }
}

/// The upload `id` of the signed-in user: 404 when it does not exist, has
/// expired or is someone else's (the three look the same).
async fn load(app: &App, session: &Session, id: &str) -> ApiResult<Upload> {
    let not_found = ApiError::NotFound("upload");
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(not_found);
    }
    let item = app.store.get(upload_key(id)).await?.ok_or(not_found)?;
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
async fn commit(app: &App, upload: &mut Upload, offset: u64, more: Vec<Update>) -> ApiResult<()> {
    let mut updates = vec![Update::Set("UploadOffset".into(), n(offset))];
    updates.extend(more);
    let item = app
        .store
        .update(upload_key(&upload.id), updates, Some(upload.unchanged()))
        .await
        .map_err(store_error)?;
    *upload = Upload::from_item(&item)
        .ok_or_else(|| ApiError::internal(format!("the upload item {} is damaged", upload.id)))?;
    Ok(())
}

// ---------------------------------------------------------------------
// Resumable uploads: the routes

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

/// The tus endpoints, to be nested at `/api/v1/me/uploads`: `OPTIONS` and
/// `POST` on the collection; `HEAD`, `PATCH`, `DELETE` (and `OPTIONS`) on
/// `/{id}`, and `POST` standing for `PATCH` or `DELETE` by
/// `X-HTTP-Method-Override`. Every answer carries `Tus-Resumable`.
pub fn routes() -> Router<AppState> {
    routes_with(UploadHooks::default())
}

/// Where [`routes`] are nested.
pub const PATH: &str = "/api/v1/me/uploads";

/// Every route of the resumable uploads, below where they are nested
/// (`/api/v1/me/uploads`), listed once; the router is built from this list
/// alone and the authorization tests walk it.
pub const ROUTES: &[(&str, &str)] = &[
    ("OPTIONS", "/"),
    ("POST", "/"),
    ("OPTIONS", "/{id}"),
    ("HEAD", "/{id}"),
    ("PATCH", "/{id}"),
    ("DELETE", "/{id}"),
    // PATCH or DELETE, named by `X-HTTP-Method-Override`.
    ("POST", "/{id}"),
    ("GET", "/{id}"),
];

/// [`routes`], with uploads checked and handed on by `hooks`.
pub fn routes_with(hooks: UploadHooks) -> Router<AppState> {
    ROUTES
        .iter()
        .fold(Router::new(), |router, &(method, path)| {
            let handler = match (method, path) {
                ("OPTIONS", _) => axum::routing::options(options),
                ("POST", "/") => post(create),
                ("HEAD", "/{id}") => head(status),
                ("PATCH", "/{id}") => axum::routing::patch(append),
                ("DELETE", "/{id}") => axum::routing::delete(terminate),
                ("POST", "/{id}") => post(method_override::overridden),
                ("GET", "/{id}") => axum::routing::get(queued::state),
                _ => unreachable!("ROUTES lists {method} {path}, which has no handler"),
            };
            router.route(path, handler)
        })
        .layer(axum::middleware::map_response(tus_resumable))
        .layer(Extension(hooks))
}

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

async fn tus_resumable(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(TUS_RESUMABLE, HeaderValue::from_static(TUS_VERSION));
    response
}

/// A 412 unless the request speaks tus 1.0.0.
fn tus_refusal(headers: &HeaderMap) -> Option<Response> {
    if headers.get(&TUS_RESUMABLE).and_then(|v| v.to_str().ok()) == Some(TUS_VERSION) {
        return None;
    }
    let body = serde_json::json!({ "errors": [{ "detail": format!(
        "this is a tus {TUS_VERSION} endpoint: send the header Tus-Resumable: {TUS_VERSION}"
    ) }] });
    Some(
        (
            StatusCode::PRECONDITION_FAILED,
            [(TUS_VERSION_HEADER, HeaderValue::from_static(TUS_VERSION))],
            axum::Json(body),
        )
            .into_response(),
    )
}

fn max_size(app: &App) -> u64 {
    app.settings
        .max_audio_bytes
        .max(app.settings.max_image_bytes)
}

async fn options(State(app): State<AppState>) -> Response {
    (
        StatusCode::NO_CONTENT,
        [
            (TUS_VERSION_HEADER, HeaderValue::from_static(TUS_VERSION)),
            (TUS_EXTENSION, HeaderValue::from_static(TUS_EXTENSIONS)),
            (TUS_MAX_SIZE, HeaderValue::from(max_size(&app))),
        ],
    )
        .into_response()
}

fn header_u64(headers: &HeaderMap, name: &HeaderName) -> Option<Result<u64, ApiError>> {
    let value = headers.get(name)?;
    Some(
        value
            .to_str()
            .ok()
            .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| {
                ApiError::BadRequest(format!("{name} must be a number of bytes, such as 1048576"))
            }),
    )
}

/// `Upload-Metadata`: comma-separated `key base64value` pairs.
fn parse_metadata(headers: &HeaderMap) -> ApiResult<Vec<(String, String)>> {
    let Some(value) = headers.get(&UPLOAD_METADATA) else {
        return Ok(Vec::new());
    };
    let bad = || {
        ApiError::BadRequest(
            "Upload-Metadata must be comma-separated pairs of a key and a base64 value".into(),
        )
    };
    let text = value.to_str().map_err(|_| bad())?;
    let mut pairs = Vec::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once(' ').unwrap_or((pair, ""));
        let value = base64::engine::general_purpose::STANDARD
            .decode(value.trim())
            .map_err(|_| bad())?;
        let value = String::from_utf8(value).map_err(|_| bad())?;
        pairs.push((key.to_string(), value));
    }
    Ok(pairs)
}

fn http_date(unix: u64) -> HeaderValue {
    let text = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(unix));
    HeaderValue::from_str(&text).expect("an HTTP date is ASCII")
}

/// `POST /`: creates an upload of `Upload-Length` bytes for the target
/// named in `Upload-Metadata` (`target`, and optionally `filename`).
async fn create(
    State(app): State<AppState>,
    Extension(hooks): Extension<UploadHooks>,
    User(session): User,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Result<Response, Response> {
    if let Some(refusal) = tus_refusal(&headers) {
        return Err(refusal);
    }
    crate::api::agreed(&session).map_err(IntoResponse::into_response)?;
    let length = match header_u64(&headers, &UPLOAD_LENGTH) {
        Some(length) => length.map_err(IntoResponse::into_response)?,
        None if headers.contains_key(&UPLOAD_DEFER_LENGTH) => {
            return Err(ApiError::BadRequest(
                "an upload's length must be known when it starts: send Upload-Length".into(),
            )
            .into_response());
        }
        None => {
            return Err(ApiError::BadRequest(
                "send the file's size in bytes as Upload-Length".into(),
            )
            .into_response());
        }
    };
    let metadata = parse_metadata(&headers).map_err(IntoResponse::into_response)?;
    let meta = |key: &str| {
        metadata
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let target_text = meta("target").unwrap_or_default().to_string();
    let target = UploadTarget::parse(&target_text).ok_or_else(|| {
        ApiError::BadRequest(
            "Upload-Metadata must name the upload's target: `target` is base64 of album/ID/tracks, artist/ID/singles, artist/ID/image, album/ID/image or track/ID/audio"
                .into(),
        )
        .into_response()
    })?;
    if length == 0 {
        return Err(empty_file().into_response());
    }
    let limit = target.limit(&app);
    if length > limit {
        return Err(too_large(limit).into_response());
    }
    (hooks.check)(&app, &session, &target)
        .await
        .map_err(IntoResponse::into_response)?;
    // Held until the upload is recorded, so uploads started at once are
    // counted one after the other.
    let _counting = crate::quotas::user_lock("uploads", &session.owner).await;
    crate::quotas::check_new_upload(&app, &session, length, target.adds_audio())
        .await
        .map_err(IntoResponse::into_response)?;
    let upload = begin(
        &app,
        &session,
        target_text,
        length,
        meta("filename").and_then(clean_file_name),
    )
    .await
    .map_err(IntoResponse::into_response)?;
    let location = format!("{}/{}", uri.path().trim_end_matches('/'), upload.id);
    Ok((
        StatusCode::CREATED,
        [
            (
                header::LOCATION,
                HeaderValue::from_str(&location)
                    .map_err(|e| ApiError::internal(e).into_response())?,
            ),
            (UPLOAD_EXPIRES, http_date(upload.expires)),
        ],
    )
        .into_response())
}

/// Opens the staging object and records the upload.
async fn begin(
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

/// `HEAD /{id}`: how many bytes are stored.
async fn status(
    State(app): State<AppState>,
    User(session): User,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    if let Some(refusal) = tus_refusal(&headers) {
        return Err(refusal);
    }
    let upload = load(&app, &session, &id)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok((
        StatusCode::OK,
        [
            (UPLOAD_OFFSET, HeaderValue::from(upload.offset)),
            (UPLOAD_LENGTH, HeaderValue::from(upload.length)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (UPLOAD_EXPIRES, http_date(upload.expires)),
        ],
    )
        .into_response())
}

/// `DELETE /{id}`: ends an upload and removes what was staged.
async fn terminate(
    State(app): State<AppState>,
    User(session): User,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    if let Some(refusal) = tus_refusal(&headers) {
        return Err(refusal);
    }
    crate::api::agreed(&session).map_err(IntoResponse::into_response)?;
    let upload = load(&app, &session, &id)
        .await
        .map_err(IntoResponse::into_response)?;
    remove(&app, &upload)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// What one PATCH did.
enum Outcome {
    /// Bytes were stored; the upload continues.
    Stored { offset: u64, expires: u64 },
    /// The body went past `Upload-Length`; what fitted was stored.
    TooLong { offset: u64, left: u64 },
    /// The last bytes arrived, and the upload was handed to a job (on
    /// Lambda): its owner asks for the outcome with `GET`.
    Queued { offset: u64 },
    /// The last bytes arrived, and the upload was handed on.
    Finished {
        offset: u64,
        result: serde_json::Value,
    },
}

/// `PATCH /{id}`: stores the body at `Upload-Offset`. The work runs in a
/// task of its own, so a client that goes away mid-request still has
/// every byte that arrived stored (and a last piece still finishes).
async fn append(
    State(app): State<AppState>,
    Extension(hooks): Extension<UploadHooks>,
    User(session): User,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, Response> {
    if let Some(refusal) = tus_refusal(&headers) {
        return Err(refusal);
    }
    crate::api::agreed(&session).map_err(IntoResponse::into_response)?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if content_type != Some(OFFSET_STREAM) {
        return Err(ApiError::Unsupported(format!(
            "send the bytes of a PATCH as Content-Type: {OFFSET_STREAM}"
        ))
        .into_response());
    }
    let offset = header_u64(&headers, &UPLOAD_OFFSET)
        .unwrap_or_else(|| {
            Err(ApiError::BadRequest(
                "send Upload-Offset: the offset the bytes start at".into(),
            ))
        })
        .map_err(IntoResponse::into_response)?;
    let upload = load(&app, &session, &id)
        .await
        .map_err(IntoResponse::into_response)?;
    if offset != upload.offset {
        return Err(offset_mismatch(offset, upload.offset));
    }
    if upload.finishing {
        return Err(ApiError::Conflict(
            "this upload is complete and being stored; wait a moment".into(),
        )
        .into_response());
    }
    let left = upload.length - upload.offset;
    let declared = header_u64(&headers, &header::CONTENT_LENGTH)
        .transpose()
        .map_err(IntoResponse::into_response)?;
    if declared.is_some_and(|d| d > left) {
        return Err(over_length(left, upload.offset));
    }
    let task = tokio::spawn(receive(Arc::clone(&app), hooks, session, upload, body));
    let outcome = task
        .await
        .map_err(|e| ApiError::internal(format!("an upload task failed: {e}")).into_response())?
        .map_err(IntoResponse::into_response)?;
    Ok(match outcome {
        Outcome::Stored { offset, expires } => (
            StatusCode::NO_CONTENT,
            [
                (UPLOAD_OFFSET, HeaderValue::from(offset)),
                (UPLOAD_EXPIRES, http_date(expires)),
            ],
        )
            .into_response(),
        Outcome::TooLong { offset, left } => over_length(left, offset),
        Outcome::Queued { offset } => (
            StatusCode::NO_CONTENT,
            [
                (UPLOAD_OFFSET, HeaderValue::from(offset)),
                (TROGS_STATE, HeaderValue::from_static("finishing")),
            ],
        )
            .into_response(),
        Outcome::Finished { offset, result } => {
            let json = ascii_json(&result);
            let value = HeaderValue::from_str(&json).map_err(|e| {
                ApiError::internal(format!("the result header: {e}")).into_response()
            })?;
            (
                StatusCode::NO_CONTENT,
                [
                    (UPLOAD_OFFSET, HeaderValue::from(offset)),
                    (TROGS_RESULT, value),
                ],
            )
                .into_response()
        }
    })
}

fn offset_mismatch(sent: u64, stored: u64) -> Response {
    let mut response = ApiError::Conflict(format!(
        "Upload-Offset is {sent} but {stored} bytes are stored; continue from {stored}"
    ))
    .into_response();
    response
        .headers_mut()
        .insert(UPLOAD_OFFSET, HeaderValue::from(stored));
    response
}

/// 413 for a body longer than what is left; the connection is closed, as
/// the rest of the body is not read.
fn over_length(left: u64, offset: u64) -> Response {
    let mut response = ApiError::TooLarge(format!(
        "this request carries more than the {left} bytes left of the upload; nothing past its end was stored"
    ))
    .into_response();
    let headers = response.headers_mut();
    headers.insert(UPLOAD_OFFSET, HeaderValue::from(offset));
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Compact JSON with every non-ASCII character escaped, so it fits in a
/// header value.
pub fn ascii_json(value: &serde_json::Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

/// Stores a PATCH body, then hands a complete upload on.
async fn receive(
    app: AppState,
    hooks: UploadHooks,
    session: Session,
    mut upload: Upload,
    body: Body,
) -> ApiResult<Outcome> {
    let before = upload.clone();
    // Boxed: the S3 client's futures are large, and a task's stack is not.
    let stored = match &app.media {
        Media::Folder(dir) => Box::pin(receive_folder(&app, &mut upload, dir, body)).await,
        Media::S3(s3) => Box::pin(receive_s3(&app, &mut upload, s3, body)).await,
    };
    let stored = match stored {
        Ok(stored) => stored,
        // A staging object can vanish under a request that lost a race
        // (the winner finished the upload, or it was terminated): that is
        // the race, not the media store failing.
        Err(e) if matches!(e.plain(), ApiError::Unavailable(_) | ApiError::Internal(_)) => {
            let now = app.store.get(upload_key(&before.id)).await?;
            let same = now
                .as_ref()
                .and_then(Upload::from_item)
                .is_some_and(|u| u.offset == before.offset && !u.finishing);
            return Err(if same { e } else { moved_on() });
        }
        Err(e) => return Err(e),
    };
    if let Some(left) = stored {
        return Ok(Outcome::TooLong {
            offset: upload.offset,
            left,
        });
    }
    if upload.offset < upload.length {
        return Ok(Outcome::Stored {
            offset: upload.offset,
            expires: upload.expires,
        });
    }
    if !upload.finishing {
        // The bytes were all stored by an earlier request that did not
        // get to finish: claim the finishing now.
        let offset = upload.offset;
        commit(
            &app,
            &mut upload,
            offset,
            vec![Update::Set("Finishing".into(), AttributeValue::Bool(true))],
        )
        .await?;
    }
    let offset = upload.offset;
    if crate::jobs::invoked() {
        queued::hand_on(&app, &session, &upload).await?;
        return Ok(Outcome::Queued { offset });
    }
    let result = Box::pin(finish(&app, &hooks, &session, upload)).await?;
    Ok(Outcome::Finished { offset, result })
}

/// The body's bytes as they arrive. Ends at the end of the body, at a
/// broken connection (whatever arrived is kept), or at a chunk that goes
/// past what is left of the upload (`over` is set, and the caller keeps
/// nothing it has not counted yet).
struct Incoming {
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
async fn receive_folder(
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
            commit(app, upload, written, Vec::new()).await?;
        }
    }
    file.flush().await.map_err(io)?;
    if written > upload.offset && !incoming.over {
        file.sync_data().await.map_err(io)?;
        let finishing = if written == upload.length {
            vec![Update::Set("Finishing".into(), AttributeValue::Bool(true))]
        } else {
            Vec::new()
        };
        commit(app, upload, written, finishing).await?;
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
async fn receive_s3(
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
            let mut updates = vec![
                Update::Set("Parts".into(), with_part(upload, &stored, size)),
                Update::Remove("Tail".into()),
                Update::Remove("TailSize".into()),
            ];
            if new_offset == upload.length {
                updates.push(Update::Set("Finishing".into(), AttributeValue::Bool(true)));
            }
            commit(app, upload, new_offset, updates).await?;
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
        let updates = vec![
            Update::Set("Tail".into(), AttributeValue::s(token)),
            Update::Set("TailSize".into(), n(size)),
        ];
        if let Err(e) = commit(app, upload, new_offset, updates).await {
            delete_quietly(&app.media, &tail_key).await;
            return Err(e);
        }
        if let Some(tail) = old_tail.take() {
            delete_quietly(&app.media, &tail).await;
        }
    }
    Ok(incoming.over.then_some(incoming.left))
}

fn multipart_id(upload: &Upload) -> &str {
    match &upload.staging {
        Staging::S3 { multipart, .. } => multipart,
        Staging::Folder => "",
    }
}

fn with_part(upload: &Upload, part: &StoredPart, size: u64) -> AttributeValue {
    let mut list: Vec<AttributeValue> = match &upload.staging {
        Staging::S3 { parts, .. } => parts.iter().map(|(p, s)| part_value(p, *s)).collect(),
        Staging::Folder => Vec::new(),
    };
    list.push(part_value(part, size));
    AttributeValue::L(list)
}

/// A part number no other request uses for this upload.
async fn next_part_number(app: &App, upload: &Upload) -> ApiResult<i32> {
    let item = app
        .store
        .update(
            upload_key(&upload.id),
            vec![Update::Add("NextPart".into(), 1)],
            Some(upload.unchanged()),
        )
        .await
        .map_err(store_error)?;
    let number = get_n(&item, "NextPart").unwrap_or(0) as i64;
    if number > MAX_PART_NUMBER {
        return Err(ApiError::Conflict(
            "this upload was sent in too many pieces; start it again".into(),
        ));
    }
    Ok(number as i32)
}

async fn delete_quietly(media: &Media, key: &str) {
    if let Err(e) = media.delete(key).await {
        tracing::warn!(%key, error = %e, "removing a staged upload object");
    }
}

/// Hands a complete upload on: its bytes become a spool file (the
/// staging file itself for a media folder; read back from S3 as a
/// stream), the staging objects are removed, then `finish_upload` checks
/// and stores it. The upload ends either way; `finish_upload`'s error is
/// the answer when it refuses the file.
async fn finish(
    app: &App,
    hooks: &UploadHooks,
    session: &Session,
    upload: Upload,
) -> ApiResult<serde_json::Value> {
    let spooled = match assemble(app, &upload).await {
        Ok(spooled) => spooled,
        Err(e) => {
            // Let a later request try again.
            let _ = app
                .store
                .update(
                    upload_key(&upload.id),
                    vec![Update::Remove("Finishing".into())],
                    Some(Condition::Exists),
                )
                .await;
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

async fn assemble(app: &App, upload: &Upload) -> ApiResult<Spooled> {
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

async fn read_back(media: &Media, key: &str, upload: &Upload) -> ApiResult<Spooled> {
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

/// Ends an upload: the staging objects, then its item.
async fn remove(app: &App, upload: &Upload) -> ApiResult<()> {
    remove_staging(app, upload).await;
    app.store.delete(upload_key(&upload.id), None).await?;
    Ok(())
}

async fn remove_staging(app: &App, upload: &Upload) {
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
async fn remove_s3_staging(media: &Media, upload: &Upload) {
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

/// Removes uploads past their deadline (`--upload-hours` from their
/// start), with their staging objects, and staging left behind by a process that stopped
/// between starting an upload and recording it. Call it now and then
/// (hourly is plenty); returns how many uploads it removed.
pub async fn sweep(app: &App) -> ApiResult<usize> {
    let items = app
        .store
        .query_all(Query::new(trogs::store::Index::Table, UPLOADS_PK))
        .await?;
    let now = now();
    let mut known = std::collections::HashSet::new();
    let mut removed = 0;
    for item in &items {
        let Some(upload) = Upload::from_item(item) else {
            continue;
        };
        if upload.expires > now {
            known.insert(upload.id);
            continue;
        }
        // Only if nobody stored bytes meanwhile: a request in flight at
        // the deadline fails on its own condition instead.
        let unchanged = Condition::Equals("UploadOffset".into(), n(upload.offset));
        match app
            .store
            .delete(upload_key(&upload.id), Some(unchanged))
            .await
        {
            Ok(_) => {
                remove_staging(app, &upload).await;
                removed += 1;
            }
            Err(StoreError::ConditionFailed(_)) => {
                known.insert(upload.id);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let stale = now.saturating_sub(app.settings.quotas.upload_seconds());
    match &app.media {
        Media::S3(s3) => {
            for open in s3.open_multiparts(STAGING_PREFIX).await? {
                let id = open.key.trim_start_matches(STAGING_PREFIX);
                if open.initiated < stale && !known.contains(id) {
                    s3.abort_multipart(&open.key, &open.upload_id).await?;
                }
            }
        }
        Media::Folder(dir) => {
            let folder = dir.join(STAGING_DIR);
            let Ok(mut entries) = tokio::fs::read_dir(&folder).await else {
                return Ok(removed);
            };
            while let Ok(Some(entry)) = entries.next_entry().await {
                let name = entry.file_name().to_string_lossy().to_string();
                let old = entry
                    .metadata()
                    .await
                    .ok()
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .is_some_and(|d| d.as_secs() < stale);
                if old && !known.contains(&name) {
                    let _ = tokio::fs::remove_file(entry.path()).await;
                }
            }
        }
    }
    Ok(removed)
}

/// How often [`start_sweeper`] sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Sweeps abandoned uploads every [`SWEEP_EVERY`], in the background, for
/// as long as the process runs. Every process may run one: sweeping
/// removes an upload only on the condition that nobody stored bytes since
/// it was read.
pub fn start_sweeper(app: Arc<App>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match sweep(&app).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "abandoned uploads removed"),
                Err(e) => tracing::warn!(error = %e, "sweeping abandoned uploads"),
            }
            match crate::edit::empty_trash(&app).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "unused media objects removed"),
                Err(e) => tracing::warn!(error = %e, "emptying the media trash list"),
            }
        }
    });
}

/// Where a media folder stages the upload `id`.
pub fn staging_path(media_dir: &Path, id: &str) -> PathBuf {
    media_dir.join(STAGING_DIR).join(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_they_are_configured() {
        assert_eq!(human_size(1 << 30), "1 GiB");
        assert_eq!(human_size(3 << 29), "1.5 GiB");
        assert_eq!(human_size(25_000_000), "25 MB");
        assert_eq!(human_size(5 << 20), "5 MiB");
        assert_eq!(human_size(1_500_000), "1.5 MB");
        assert_eq!(human_size(999), "999 bytes");
    }

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

    #[test]
    fn the_result_header_is_ascii_json() {
        let value = serde_json::json!({"title": "Ünï \"q\" 🎵", "n": 1});
        let text = ascii_json(&value);
        assert!(text.is_ascii(), "{text}");
        assert!(
            text.contains("\\u00dc") && text.contains("\\ud83c\\udfb5"),
            "{text}"
        );
        assert!(HeaderValue::from_str(&text).is_ok());
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
    }

    #[test]
    fn metadata_pairs_are_decoded() {
        let mut headers = HeaderMap::new();
        headers.insert(
            UPLOAD_METADATA,
            HeaderValue::from_static("target YWxidW0vYTEvdHJhY2tz, filename c29uZy5tcDM=,flag"),
        );
        let pairs = parse_metadata(&headers).unwrap();
        assert_eq!(
            pairs,
            vec![
                ("target".to_string(), "album/a1/tracks".to_string()),
                ("filename".to_string(), "song.mp3".to_string()),
                ("flag".to_string(), String::new()),
            ]
        );
        headers.insert(UPLOAD_METADATA, HeaderValue::from_static("target %%%"));
        assert!(parse_metadata(&headers).is_err());
    }
}
