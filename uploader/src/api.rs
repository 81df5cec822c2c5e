//! The JSON API under `/api/v1/me/`, in the shape of the original site's
//! routes (`/api/v1/me/artists`, `/api/v1/me/artists/{id}`,
//! `/api/v1/me/artists/{id}/image`, `/api/v1/me/artists/{id}/albums`) and
//! extended to everything the Create section does.
//!
//! Answers are `{"data": …, "meta": {"live": …}}`, where `live` says
//! whether the change's pages are published and where. Bodies are JSON
//! objects of the fields to set (or a JSON:API document whose
//! `data.attributes` holds them). Errors are `{"errors":[{"detail":"…"}]}`
//! with the status that fits: 400 malformed, 401 not signed in, 403 not
//! allowed (terms, CSRF, Origin), 404 not found or not yours, 409 conflict,
//! 413 too large, 415 not a file we take, 422 invalid.

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::edit::{self, Direction, Done, UploadTarget, agreed};
use crate::error::{ApiError, ApiResult};
use crate::session::Session;
use crate::state::AppState;
use crate::user::User;

/// A JSON body, with errors in the API's shape: 415 when it is not JSON,
/// 400 when it does not parse, 422 when a field has the wrong type.
pub struct JsonBody<T>(pub T);

const MAX_JSON_BYTES: usize = 256 * 1024;

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| {
                let t = t.split(';').next().unwrap_or("").trim();
                t == "application/json" || t == "application/vnd.api+json"
            });
        if !is_json {
            return Err(ApiError::Unsupported(
                "send the fields as JSON (Content-Type: application/json)".into(),
            ));
        }
        let bytes = axum::body::to_bytes(req.into_body(), MAX_JSON_BYTES)
            .await
            .map_err(|_| ApiError::TooLarge("the JSON body is too large".into()))?;
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::BadRequest(format!("the body is not valid JSON: {e}")))?;
        // A JSON:API document carries the fields in data.attributes.
        let fields = match value.pointer("/data/attributes") {
            Some(a) => a.clone(),
            None => value,
        };
        if !fields.is_object() {
            return Err(ApiError::BadRequest(
                "the body must be a JSON object of fields".into(),
            ));
        }
        serde_json::from_value(fields)
            .map(JsonBody)
            .map_err(|e| ApiError::Invalid(format!("a field is not right: {e}")))
    }
}

fn document<T: Serialize>(kind: &str, value: &T) -> Value {
    let v = serde_json::to_value(value).unwrap_or(Value::Null);
    match &v {
        Value::Array(items) => Value::Array(items.iter().map(|i| resource(kind, i)).collect()),
        _ => resource(kind, &v),
    }
}

fn resource(kind: &str, v: &Value) -> Value {
    json!({ "type": kind, "id": v.get("id").cloned().unwrap_or(Value::Null), "attributes": v })
}

fn ok<T: Serialize>(kind: &str, value: &T) -> Response {
    axum::Json(json!({ "data": document(kind, value) })).into_response()
}

fn done<T: Serialize>(status: StatusCode, kind: &str, d: &Done<T>) -> Response {
    (
        status,
        axum::Json(json!({ "data": document(kind, &d.value), "meta": { "live": d.live } })),
    )
        .into_response()
}

fn deleted(d: &Done<()>) -> Response {
    (
        StatusCode::OK,
        axum::Json(json!({ "data": null, "meta": { "live": d.live } })),
    )
        .into_response()
}

pub(crate) async fn me(User(s): User) -> Response {
    axum::Json(json!({ "data": {
        "owner": s.owner,
        "email": s.email,
        "name": s.name,
        "terms": s.terms,
        "csrf": s.csrf,
    }}))
    .into_response()
}

pub(crate) async fn agree(State(app): State<AppState>, User(s): User) -> ApiResult<Response> {
    let s = edit::agree_terms(&app, &s).await?;
    let mut r = axum::Json(json!({ "data": { "terms": true } })).into_response();
    r.headers_mut()
        .append(axum::http::header::SET_COOKIE, app.sessions.set_session(&s));
    Ok(r)
}

/// Signs the user out everywhere: every session of theirs ends, this one
/// included (its cookie is cleared).
pub(crate) async fn end_sessions(
    State(app): State<AppState>,
    User(s): User,
) -> ApiResult<Response> {
    let ended = crate::session_records::end_all(&app.store, &s.owner).await?;
    tracing::info!(owner = %s.owner, sessions = ended, "signed out everywhere");
    let mut r = axum::Json(json!({ "data": { "ended": ended } })).into_response();
    r.headers_mut()
        .append(axum::http::header::SET_COOKIE, app.sessions.end_session());
    Ok(r)
}

/// `?cursor=…&limit=…`: one page of the user's artists, with
/// `links.next` to the next page (`null` on the last).
pub(crate) async fn my_artists(
    State(app): State<AppState>,
    User(s): User,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> ApiResult<Response> {
    let params: Vec<(String, String)> =
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let size = crate::quotas::page_size(param("limit"))?;
    let page = crate::quotas::artists_page(&app, &s, param("cursor"), size).await?;
    let artists: Vec<_> = page
        .artists
        .iter()
        .map(|a| edit::artist_view(&app, a))
        .collect();
    let next = page.next.map(|cursor| {
        let mut to = url::form_urlencoded::Serializer::new(String::new());
        to.append_pair("cursor", &cursor);
        if param("limit").is_some() {
            to.append_pair("limit", &size.to_string());
        }
        format!("/api/v1/me/artists?{}", to.finish())
    });
    Ok(axum::Json(json!({
        "data": document("artist", &artists),
        "links": { "next": next },
    }))
    .into_response())
}

pub(crate) async fn create_artist(
    State(app): State<AppState>,
    User(s): User,
    JsonBody(input): JsonBody<edit::ArtistInput>,
) -> ApiResult<Response> {
    agreed(&s)?;
    let d = edit::create_artist(&app, &s, input).await?;
    Ok(done(StatusCode::CREATED, "artist", &d))
}

pub(crate) async fn get_artist(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    Ok(ok("artist", &edit::artist(&app, &s, &id).await?))
}

pub(crate) async fn edit_artist(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
    JsonBody(patch): JsonBody<edit::ArtistPatch>,
) -> ApiResult<Response> {
    agreed(&s)?;
    let d = edit::update_artist(&app, &s, &id, patch).await?;
    Ok(done(StatusCode::OK, "artist", &d))
}

pub(crate) async fn delete_artist(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    agreed(&s)?;
    Ok(deleted(&edit::delete_artist(&app, &s, &id).await?))
}

pub(crate) async fn artist_albums(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    Ok(ok("album", &edit::artist(&app, &s, &id).await?.albums))
}

pub(crate) async fn create_album(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
    JsonBody(input): JsonBody<edit::AlbumInput>,
) -> ApiResult<Response> {
    agreed(&s)?;
    let d = edit::create_album(&app, &s, &id, input).await?;
    Ok(done(StatusCode::CREATED, "album", &d))
}

pub(crate) async fn artist_singles(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    Ok(ok("track", &edit::artist(&app, &s, &id).await?.singles))
}

pub(crate) async fn artist_featured(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    Ok(ok("track", &edit::artist(&app, &s, &id).await?.featured))
}

#[derive(serde::Deserialize)]
pub(crate) struct Order {
    order: Vec<String>,
}

pub(crate) async fn order_featured(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
    JsonBody(o): JsonBody<Order>,
) -> ApiResult<Response> {
    agreed(&s)?;
    let d = edit::order_featured(&app, &s, &id, o.order).await?;
    Ok(done(StatusCode::OK, "track", &d))
}

pub(crate) async fn get_album(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    Ok(ok("album", &edit::album(&app, &s, &id).await?))
}

pub(crate) async fn edit_album(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
    JsonBody(patch): JsonBody<edit::AlbumPatch>,
) -> ApiResult<Response> {
    agreed(&s)?;
    let d = edit::update_album(&app, &s, &id, patch).await?;
    Ok(done(StatusCode::OK, "album", &d))
}

pub(crate) async fn delete_album(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    agreed(&s)?;
    Ok(deleted(&edit::delete_album(&app, &s, &id).await?))
}

pub(crate) async fn album_tracks(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    Ok(ok("track", &edit::album(&app, &s, &id).await?.tracks))
}

pub(crate) async fn get_track(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    Ok(ok("track", &edit::track(&app, &s, &id).await?))
}

pub(crate) async fn edit_track(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
    JsonBody(patch): JsonBody<edit::TrackPatch>,
) -> ApiResult<Response> {
    agreed(&s)?;
    let d = edit::update_track(&app, &s, &id, patch).await?;
    Ok(done(StatusCode::OK, "track", &d))
}

pub(crate) async fn delete_track(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    agreed(&s)?;
    Ok(deleted(&edit::delete_track(&app, &s, &id).await?))
}

#[derive(serde::Deserialize)]
pub(crate) struct Move {
    direction: Direction,
}

pub(crate) async fn move_track(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
    JsonBody(m): JsonBody<Move>,
) -> ApiResult<Response> {
    agreed(&s)?;
    let d = edit::move_track(&app, &s, &id, m.direction).await?;
    Ok(done(StatusCode::OK, "track", &d))
}

#[derive(serde::Deserialize)]
pub(crate) struct Feature {
    featured: bool,
}

pub(crate) async fn feature_track(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
    JsonBody(f): JsonBody<Feature>,
) -> ApiResult<Response> {
    agreed(&s)?;
    let d = edit::set_featured(&app, &s, &id, f.featured).await?;
    Ok(done(StatusCode::OK, "track", &d))
}

/// Takes the files of a multipart body one at a time, each streamed to a
/// spool file and then finished as an upload to `target`. The target is
/// checked before any byte is read.
async fn take_files(
    app: &AppState,
    s: &Session,
    target: UploadTarget,
    mut multipart: Multipart,
    many: bool,
) -> ApiResult<(Vec<Value>, std::time::Duration)> {
    agreed(s)?;
    edit::check_upload_target(app, s, &target).await?;
    let mut results = Vec::new();
    let mut finishing = std::time::Duration::ZERO;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| ApiError::BadRequest(format!("the upload is not a valid form: {e}")))?
    {
        if field.file_name().is_none() {
            continue; // a text field
        }
        if !many && !results.is_empty() {
            return Err(ApiError::BadRequest("send one file".into()));
        }
        let spooled = crate::upload::spool_field_in(
            field,
            target.limit(app),
            &crate::upload::spool_dir_for(app),
        )
        .await?;
        let received = std::time::Instant::now();
        results.push(edit::finish_upload(app, s, target.clone(), spooled).await?);
        finishing += received.elapsed();
    }
    if results.is_empty() {
        return Err(ApiError::BadRequest(
            "no file was sent: post it as a multipart form file field".into(),
        ));
    }
    Ok((results, finishing))
}

/// The files' answer. `Server-Timing` tells how long it took from the
/// files being received to their pages being live (checking, storing,
/// writing the catalog and publishing).
fn uploaded((mut results, finishing): (Vec<Value>, std::time::Duration), kind: &str) -> Response {
    let data: Vec<Value> = results
        .iter_mut()
        .map(|r| resource(kind, r.get("value").unwrap_or(&Value::Null)))
        .collect();
    let live: Vec<Value> = results
        .iter()
        .map(|r| r.get("live").cloned().unwrap_or(Value::Null))
        .collect();
    let timing = format!(
        "finish;dur={:.1};desc=\"received to live\"",
        finishing.as_secs_f64() * 1000.0
    );
    let mut r = (
        StatusCode::CREATED,
        axum::Json(json!({ "data": data, "meta": { "live": live } })),
    )
        .into_response();
    if let Ok(v) = axum::http::HeaderValue::from_str(&timing) {
        r.headers_mut().insert("server-timing", v);
    }
    r
}

pub(crate) async fn artist_image(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
    multipart: Multipart,
) -> ApiResult<Response> {
    let target = UploadTarget::ArtistImage { artist_id: id };
    let r = take_files(&app, &s, target, multipart, false).await?;
    Ok(uploaded(r, "artist"))
}

pub(crate) async fn album_image(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
    multipart: Multipart,
) -> ApiResult<Response> {
    let target = UploadTarget::AlbumImage { album_id: id };
    let r = take_files(&app, &s, target, multipart, false).await?;
    Ok(uploaded(r, "album"))
}

pub(crate) async fn upload_single(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
    multipart: Multipart,
) -> ApiResult<Response> {
    let target = UploadTarget::Single { artist_id: id };
    let r = take_files(&app, &s, target, multipart, false).await?;
    Ok(uploaded(r, "track"))
}

/// `POST /api/v1/me/tracks/{id}/audio`: a new file for the track (a
/// multipart file field), which keeps its id, page, title and place.
pub(crate) async fn replace_audio(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
    multipart: Multipart,
) -> ApiResult<Response> {
    let target = UploadTarget::TrackAudio { track_id: id };
    let r = take_files(&app, &s, target, multipart, false).await?;
    // The track was there before: changed, not created.
    let mut response = uploaded(r, "track");
    *response.status_mut() = StatusCode::OK;
    Ok(response)
}

pub(crate) async fn upload_tracks(
    State(app): State<AppState>,
    User(s): User,
    Path(id): Path<String>,
    multipart: Multipart,
) -> ApiResult<Response> {
    let target = UploadTarget::AlbumTrack { album_id: id };
    let r = take_files(&app, &s, target, multipart, true).await?;
    Ok(uploaded(r, "track"))
}
