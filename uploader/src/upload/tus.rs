//! The tus 1.0 protocol: the handlers of OPTIONS, POST, HEAD, PATCH and
//! DELETE, their headers (`Tus-Resumable`, `Upload-Offset`, ...) and the
//! answers each gives.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::{Extension, OriginalUri, Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use trogs::media::Media;

use super::finish::finish;
use super::spool::{clean_file_name, empty_file, too_large};
use super::staging::{begin, receive_folder, receive_s3, remove};
use super::state::{Upload, commit, load, moved_on, upload_key};
use super::{
    OFFSET_STREAM, TROGS_RESULT, TROGS_STATE, TUS_EXTENSION, TUS_EXTENSIONS, TUS_MAX_SIZE,
    TUS_RESUMABLE, TUS_VERSION, TUS_VERSION_HEADER, UPLOAD_DEFER_LENGTH, UPLOAD_EXPIRES,
    UPLOAD_LENGTH, UPLOAD_METADATA, UPLOAD_OFFSET, UploadHooks, queued,
};
use crate::edit::UploadTarget;
use crate::error::{ApiError, ApiResult};
use crate::session::Session;
use crate::state::{App, AppState};
use crate::user::User;

pub(crate) async fn tus_resumable(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(TUS_RESUMABLE, HeaderValue::from_static(TUS_VERSION));
    response
}

/// A 412 unless the request speaks tus 1.0.0.
pub(super) fn tus_refusal(headers: &HeaderMap) -> Option<Response> {
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

pub(super) fn max_size(app: &App) -> u64 {
    app.settings
        .max_audio_bytes
        .max(app.settings.max_image_bytes)
}

pub(crate) async fn options(State(app): State<AppState>) -> Response {
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

pub(super) fn header_u64(headers: &HeaderMap, name: &HeaderName) -> Option<Result<u64, ApiError>> {
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
pub(super) fn parse_metadata(headers: &HeaderMap) -> ApiResult<Vec<(String, String)>> {
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

pub(super) fn http_date(unix: u64) -> HeaderValue {
    let text = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(unix));
    HeaderValue::from_str(&text).expect("an HTTP date is ASCII")
}

/// `POST /`: creates an upload of `Upload-Length` bytes for the target
/// named in `Upload-Metadata` (`target`, and optionally `filename`).
pub(crate) async fn create(
    State(app): State<AppState>,
    Extension(hooks): Extension<UploadHooks>,
    User(session): User,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Result<Response, Response> {
    if let Some(refusal) = tus_refusal(&headers) {
        return Err(refusal);
    }
    crate::edit::agreed(&session).map_err(IntoResponse::into_response)?;
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

/// `HEAD /{id}`: how many bytes are stored.
pub(crate) async fn status(
    State(app): State<AppState>,
    User(session): User,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    if let Some(refusal) = tus_refusal(&headers) {
        return Err(refusal);
    }
    let upload = load(&app.store, &session, &id)
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
pub(crate) async fn terminate(
    State(app): State<AppState>,
    User(session): User,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response, Response> {
    if let Some(refusal) = tus_refusal(&headers) {
        return Err(refusal);
    }
    crate::edit::agreed(&session).map_err(IntoResponse::into_response)?;
    let upload = load(&app.store, &session, &id)
        .await
        .map_err(IntoResponse::into_response)?;
    remove(&app, &upload)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// What one PATCH did.
pub(super) enum Outcome {
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
pub(crate) async fn append(
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
    crate::edit::agreed(&session).map_err(IntoResponse::into_response)?;
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
    let upload = load(&app.store, &session, &id)
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

pub(super) fn offset_mismatch(sent: u64, stored: u64) -> Response {
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
pub(super) fn over_length(left: u64, offset: u64) -> Response {
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
pub(super) async fn receive(
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
            &app.store,
            &mut upload,
            offset,
            vec![Upload::begin_finishing()],
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

#[cfg(test)]
mod tests {
    use super::*;

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
