//! Who is asking: the session extractor, sign-in (OpenID Connect, or the
//! local form in dev mode) and sign-out.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::app::AppState;
use crate::error::ApiError;
use crate::session::Session;

/// The signed-in user. Extracting it answers 401 when nobody is signed in.
pub struct User(pub Session);

impl FromRequestParts<AppState> for User {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        app.sessions
            .session(&parts.headers)
            .map(User)
            .ok_or(ApiError::Unauthorized)
    }
}
