//! Who is asking: the signed-in user, as every handler extracts it from
//! the session the request's checks ([`crate::guard`]) found.

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::error::ApiError;
use crate::session::Session;
use crate::session_records;
use crate::state::{App, AppState};

/// The signed-in user. Extracting it answers 401 when nobody is signed in.
pub struct User(pub Session);

/// The request's session as checked by `guard::guard` (its cookie opened and
/// its record is there), so handlers need not read the record again.
#[derive(Clone)]
pub struct CurrentSession(pub Option<Session>);

impl FromRequestParts<AppState> for User {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, ApiError> {
        let session = match parts.extensions.get::<CurrentSession>() {
            Some(CurrentSession(s)) => s.clone(),
            // A router without the guard (some tests) checks here instead.
            None => live_session(app, &parts.headers).await?,
        };
        session.map(User).ok_or(ApiError::Unauthorized)
    }
}

/// The session whose cookie the request carries, if the cookie opens, has
/// not expired and its record is there (one read of the catalog).
pub async fn live_session(app: &App, headers: &HeaderMap) -> Result<Option<Session>, ApiError> {
    let Some(session) = app.sessions.session(headers) else {
        return Ok(None);
    };
    if session_records::is_live(&app.store, &session).await? {
        Ok(Some(session))
    } else {
        Ok(None)
    }
}
