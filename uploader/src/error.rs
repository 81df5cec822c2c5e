//! Every error the service answers with: one kind, one status, and a JSON
//! body `{"errors":[{"code":"…","detail":"…"}]}` (or an HTML page for the
//! Create section's forms, see `pages`). The code is stable and does not
//! depend on the wording; the detail says what to do. Errors of the
//! catalog's write side get their status here, in one place
//! (`From<EditError>`).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use trogs::catalog::edit::EditError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request is malformed (a missing field, bad JSON).
    #[error("{0}")]
    BadRequest(String),
    /// 401: nobody is signed in.
    #[error("sign in first")]
    Unauthorized,
    /// 403: the request is not allowed as made (a missing CSRF token, a
    /// cross-origin request, terms not agreed).
    #[error("{0}")]
    Forbidden(String),
    /// 404: it does not exist, or it is not the signed-in user's (the two
    /// look the same, so ids of other users' work are not revealed).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// 409: it conflicts with what is stored (a name taken, an edit made
    /// meanwhile, a full album).
    #[error("{0}")]
    Conflict(String),
    /// 413: the upload is over its limit.
    #[error("{0}")]
    TooLarge(String),
    /// 429: one of the user's limits on things held at once (open
    /// uploads) is reached; it frees up as they finish or expire.
    #[error("{0}")]
    TooMany(String),
    /// 415: the upload is not a kind of file we take.
    #[error("{0}")]
    Unsupported(String),
    /// 422: well-formed but invalid (an empty title, a bad date, a broken file).
    #[error("{0}")]
    Invalid(String),
    /// 500: our fault; the detail is logged, not shown.
    #[error("something went wrong on our side; nothing was changed. Try again in a moment")]
    Internal(String),
    /// 503: a store or the media store is unreachable.
    #[error("{0}")]
    Unavailable(String),
    /// 503 with a Retry-After: no room to do it now (the image decode
    /// budget is full); nothing was changed.
    #[error("{detail}")]
    Busy { detail: String, retry_after: u64 },
    /// One of the above with a code more precise than its kind's (the
    /// catalog's write side names each of its errors).
    #[error("{error}")]
    Coded {
        code: &'static str,
        error: Box<ApiError>,
    },
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::Unavailable(_) | ApiError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Coded { error, .. } => error.status(),
        }
    }

    /// The stable, machine-readable name of the error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad-request",
            ApiError::Unauthorized => "sign-in",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::NotFound(_) => "not-found",
            ApiError::Conflict(_) => "conflict",
            ApiError::TooLarge(_) => "too-large",
            ApiError::Unsupported(_) => "unsupported-type",
            ApiError::TooMany(_) => "too-many",
            ApiError::Invalid(_) => "invalid",
            ApiError::Internal(_) => "internal",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Busy { .. } => "busy",
            ApiError::Coded { code, .. } => code,
        }
    }

    /// The error under its code.
    pub fn plain(&self) -> &ApiError {
        match self {
            ApiError::Coded { error, .. } => error.plain(),
            other => other,
        }
    }

    pub fn internal(e: impl std::fmt::Display) -> ApiError {
        ApiError::Internal(e.to_string())
    }

    /// The body every API error has.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({ "errors": [{ "code": self.code(), "detail": self.to_string() }] })
    }

    /// [`ApiError::body`], its detail in the language of the request.
    pub fn said_body(&self) -> serde_json::Value {
        let detail = crate::messages::say(&self.to_string());
        serde_json::json!({ "errors": [{ "code": self.code(), "detail": detail }] })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = self.plain() {
            tracing::error!(%detail, "request failed");
        }
        let mut response = (self.status(), Json(self.said_body())).into_response();
        if let ApiError::Busy { retry_after, .. } = self.plain() {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(*retry_after),
            );
        }
        response
    }
}

/// A store's or a media store's failure reads as the write side's does.
impl From<trogs::store::StoreError> for ApiError {
    fn from(e: trogs::store::StoreError) -> ApiError {
        EditError::from(e).into()
    }
}

impl From<trogs::media::MediaError> for ApiError {
    fn from(e: trogs::media::MediaError) -> ApiError {
        EditError::from(e).into()
    }
}

/// Every status of the catalog's write side, decided here.
impl From<EditError> for ApiError {
    fn from(e: EditError) -> ApiError {
        use EditError as E;
        let code = e.code();
        let detail = e.to_string();
        let error = match e {
            E::NotFound(what) => ApiError::NotFound(what),
            E::TooLong { .. }
            | E::Required(_)
            | E::NameNeedsLetter
            | E::BadDate(_)
            | E::BadLicense
            | E::AlbumTrackDate
            | E::FeaturedOrder => ApiError::Invalid(detail),
            E::VersionConflict
            | E::ChangedBeforeDelete
            | E::NameTaken(_)
            | E::NameLooksTaken { .. }
            | E::NameTakenByUnknown
            | E::NameTakenOrChanged
            | E::BeingDeleted(_)
            | E::NoRoom { .. }
            | E::TooManyFeatured
            | E::ListBusy(_)
            | E::ListUpdating
            | E::DeleteKeptChanging
            | E::AudioReplaced
            | E::ReplaceKeptChanging => ApiError::Conflict(detail),
            E::DeleteUnfinished | E::CatalogUnavailable | E::MediaUnavailable => {
                ApiError::Unavailable(detail)
            }
            // Logged when answered; the detail is not shown.
            E::Internal(detail) => return ApiError::Internal(detail),
        };
        if error.code() == code {
            error
        } else {
            ApiError::Coded {
                code,
                error: Box::new(error),
            }
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
