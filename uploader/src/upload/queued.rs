//! A finished resumable upload handed to a job instead of the request (on
//! Lambda, where CloudFront waits 30 s and nothing runs after the answer):
//! the last PATCH answers at once, the job puts the file together, checks
//! and stores it, and records the outcome on the upload's item, where its
//! owner's page asks for it (`GET /api/v1/me/uploads/{id}`).

use axum::Json;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use trogs::catalog::records::QueuedUpload;
use trogs::store::Condition;

use super::UploadHooks;
use super::finish::assemble;
use super::state::{Upload, let_go, load, upload_key};
use crate::error::{ApiError, ApiResult};
use crate::session::{Session, now};
use crate::state::{App, AppState};
use crate::user::User;

/// Lambda stops an invocation after at most 900 s.
const CLAIM_SECONDS: u64 = 960;

/// Sends the finishing of `upload` to a job. On failure the upload is as
/// before its last bytes were counted as finishing, so the client's retry
/// of the last PATCH sends it again.
pub(super) async fn hand_on(app: &App, session: &Session, upload: &Upload) -> ApiResult<()> {
    if let Some(email) = &session.email {
        app.store
            .update(
                upload_key(&upload.id),
                vec![QueuedUpload::set_email(email)],
                Some(Condition::Exists),
            )
            .await?;
    }
    let job = crate::jobs::Job::FinishUpload {
        upload: upload.id.clone(),
    };
    if let Err(e) = crate::jobs::send(&job).await {
        tracing::error!(error = %e, "a finished upload could not be handed on");
        let_go(&app.store, &upload.id).await;
        return Err(ApiError::Unavailable(
            "the upload arrived but could not be handed on for checking; send the last piece again in a moment"
                .into(),
        ));
    }
    Ok(())
}

/// The job: finishes upload `id` once, whoever delivers it and how often.
/// An error (the staged bytes could not be put together) leaves it for
/// Lambda's next try; a refused file is an outcome like a stored one.
pub async fn finish_queued(app: &App, id: &str) -> Result<String, ApiError> {
    let Some(item) = app.store.get(upload_key(id)).await? else {
        return Ok(format!("upload {id} is gone: nothing to do"));
    };
    if QueuedUpload::finished(&item) {
        return Ok(format!("upload {id} was finished already"));
    }
    let Some(upload) = Upload::from_item(&item) else {
        return Err(ApiError::internal(format!(
            "the upload item {id} is damaged"
        )));
    };
    if !upload.finishing || upload.offset < upload.length {
        return Ok(format!("upload {id} is not complete: nothing to do"));
    }
    // Take it on: where another delivery holds it (and is not long dead),
    // leave it to that one.
    let Some(claim) = QueuedUpload::claimable(&item, now(), CLAIM_SECONDS) else {
        return Ok(format!("upload {id} is being finished by another delivery"));
    };
    let claimed = app
        .store
        .update(
            upload_key(id),
            vec![QueuedUpload::claim(now())],
            Some(claim),
        )
        .await;
    match claimed {
        Ok(_) => {}
        Err(trogs::store::StoreError::ConditionFailed(_)) => {
            return Ok(format!("upload {id} is being finished by another delivery"));
        }
        Err(e) => return Err(e.into()),
    }
    let session = Session {
        id: format!("job-{id}"),
        owner: upload.owner.clone(),
        email: QueuedUpload::from_item(&item).email,
        name: None,
        csrf: String::new(),
        expires: now() + 3600,
        terms: true,
        terms_version: crate::session::TERMS_VERSION,
        id_token: None,
    };
    let spooled = match assemble(app, &upload).await {
        Ok(spooled) => spooled,
        Err(e) => {
            // Let Lambda's next try take it on again.
            let _ = app
                .store
                .update(
                    upload_key(id),
                    vec![QueuedUpload::release()],
                    Some(Condition::Exists),
                )
                .await;
            return Err(e);
        }
    };
    let hooks = UploadHooks::default();
    let result = match crate::edit::UploadTarget::parse(&upload.target) {
        Some(target) => (hooks.finish)(app, &session, target, spooled).await,
        None => Err(ApiError::internal(format!("upload {id}: bad target"))),
    };
    let (status, body) = match result {
        Ok(value) => (StatusCode::OK, serde_json::json!({ "data": value })),
        Err(e) => {
            let response = e.into_response();
            let status = response.status();
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap_or_default();
            (
                status,
                serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                    serde_json::json!({ "errors": [{ "detail": "the file could not be stored" }] })
                }),
            )
        }
    };
    app.store
        .update(
            upload_key(id),
            QueuedUpload::set_outcome(&body.to_string(), status.as_u16()),
            Some(Condition::Exists),
        )
        .await?;
    Ok(format!("upload {id} finished: {status}"))
}

/// `GET /{id}`: the upload's state for its owner. While it is checked and
/// stored: 200 with `"state": "finishing"`; then what the last PATCH would
/// have answered: 200 with the result (`"state": "done"`), or the refusal's
/// own status and error.
pub(crate) async fn state(
    State(app): State<AppState>,
    User(session): User,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    let upload = load(&app.store, &session, &id).await?;
    let item = app
        .store
        .get(upload_key(&id))
        .await?
        .ok_or(ApiError::NotFound("upload"))?;
    let queued = QueuedUpload::from_item(&item);
    let outcome = queued
        .outcome
        .and_then(|o| serde_json::from_str::<serde_json::Value>(&o).ok());
    let status = queued.outcome_status;
    Ok(match (outcome, status.and_then(|s| StatusCode::from_u16(s).ok())) {
        (Some(body), Some(StatusCode::OK)) => Json(serde_json::json!({
            "data": { "state": "done", "offset": upload.offset, "length": upload.length, "result": body["data"] }
        }))
        .into_response(),
        (Some(body), Some(status)) => {
            (status, Json(crate::messages::said_body(body))).into_response()
        }
        _ => Json(serde_json::json!({
            "data": {
                "state": if upload.finishing { "finishing" } else { "receiving" },
                "offset": upload.offset,
                "length": upload.length,
            }
        }))
        .into_response(),
    })
}
