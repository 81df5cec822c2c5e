//! The checks every request passes before its route, and the security
//! headers on every answer. In order:
//! 0. **No method override** but where it is honoured (a POST to one
//!    resumable upload standing for its PATCH or DELETE, see
//!    [`crate::upload`]): anywhere else `X-HTTP-Method-Override` is 400,
//!    so no check below sees one method and the handler another.
//! 1. **Security headers**: a strict Content-Security-Policy (scripts,
//!    styles and connections only from this service; images and audio also
//!    from the media store; forms only to this service and the sign-in
//!    provider; no framing), `nosniff`, `no-referrer` across origins, and
//!    `no-store` so signed-in pages are never cached.
//! 2. **Same origin** for anything that changes state (every method but
//!    GET, HEAD and OPTIONS): the `Origin` header (or, without one, the
//!    `Referer`) must be this service's public origin, else 403.
//! 3. **The session**, for a request with a session cookie: the cookie
//!    counts only while its record is in the catalog (one read; see
//!    [`crate::session_records`]); otherwise it is removed from the request.
//! 4. **CSRF token** for the same requests, once signed in: the session's
//!    token as the `X-CSRF-Token` header, the `csrf` query parameter, or the
//!    `csrf` field of a urlencoded form, else 403. Sign-in itself (the dev
//!    form) has no session yet and relies on the Origin check.
//! 5. **Host**: the request must be addressed to this service's public
//!    host (see [`crate::edge`]), else 421.
//!
//! Then each route checks who is asking ([`crate::user::User`]) and
//! [`crate::edit`] checks that they own what they touch.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::session::{SESSION_COOKIE, Session};
use crate::state::{App, AppState, origin_of};
use crate::user::CurrentSession;

/// The largest form body (not an upload) taken.
const MAX_FORM_BYTES: usize = 64 * 1024;

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The Origin and CSRF checks, and the security headers on every answer.
pub async fn guard(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let mut ended = false;
    let path = request.uri().path().to_string();
    let mut response = match check(&app, request, &mut ended).await {
        Ok(request) => next.run(request).await,
        Err(e) => e.into_response(),
    };
    let headers = response.headers_mut();
    crate::upload::mark_tus_answer(&path, headers);
    if ended && !sets_session(headers) {
        // The browser's cookie is for a session that was ended: drop it, so
        // its requests stop costing a catalog read each.
        headers.append(header::SET_COOKIE, app.sessions.end_session());
    }
    headers.insert(header::CONTENT_SECURITY_POLICY, app.csp.clone());
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn sets_session(headers: &HeaderMap) -> bool {
    let prefix = format!("{SESSION_COOKIE}=");
    headers
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|v| v.as_bytes().starts_with(prefix.as_bytes()))
}

/// Requests that never read the session: the Create section's assets and
/// the health check. They skip its catalog read.
fn needs_no_session(request: &Request) -> bool {
    let path = request.uri().path();
    is_safe(request.method()) && (path.starts_with("/assets/") || path == "/healthz")
}

/// Checks the session cookie against its record (the one catalog read a
/// request costs), and hands the result on as [`CurrentSession`]. A cookie
/// that does not open, has expired or whose session was ended is taken out
/// of the request, so nothing after this (the pages read the cookie too)
/// can mistake it for a session; `ended` then says there was one.
async fn current_session(
    app: &App,
    request: &mut Request,
    ended: &mut bool,
) -> Result<Option<Session>, ApiError> {
    if needs_no_session(request) {
        request.extensions_mut().insert(CurrentSession(None));
        return Ok(None);
    }
    let session = match app.sessions.session(request.headers()) {
        Some(s) if crate::session_records::is_live(&app.store, &s).await? => Some(s),
        _ => None,
    };
    if session.is_none() && without_session_cookie(request.headers_mut()) {
        *ended = true;
    }
    request
        .extensions_mut()
        .insert(CurrentSession(session.clone()));
    Ok(session)
}

/// Removes the session cookie from the request's `Cookie` headers, keeping
/// any other cookie (the sign-in in progress); says whether there was one.
fn without_session_cookie(headers: &mut HeaderMap) -> bool {
    let prefix = format!("{SESSION_COOKIE}=");
    let all: Vec<String> = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    let kept: Vec<&str> = all
        .iter()
        .map(String::as_str)
        .filter(|c| !c.starts_with(&prefix))
        .collect();
    let had = kept.len() < all.len();
    headers.remove(header::COOKIE);
    if !kept.is_empty()
        && let Ok(v) = HeaderValue::from_str(&kept.join("; "))
    {
        headers.insert(header::COOKIE, v);
    }
    had
}

async fn check(app: &App, mut request: Request, ended: &mut bool) -> Result<Request, ApiError> {
    // First: every check below must see the method the request is handled as.
    if let Some(refusal) =
        crate::upload::misplaced_override(request.method(), request.uri().path(), request.headers())
    {
        return Err(refusal);
    }
    if is_safe(request.method()) {
        current_session(app, &mut request, ended).await?;
        return Ok(request);
    }
    let headers = request.headers();
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| {
            headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(origin_of)
        });
    if origin.as_deref() != Some(app.settings.origin().as_str()) {
        return Err(ApiError::Forbidden(
            "this request did not come from this site's own pages (its Origin is missing or another site's)"
                .into(),
        ));
    }
    // The Origin is checked first: a cross-site request costs no read.
    let Some(session) = current_session(app, &mut request, ended).await? else {
        // Nobody is signed in: the route answers 401 itself, except the
        // sign-in routes, which need no token.
        return Ok(request);
    };
    let headers = request.headers();
    if token_in(headers, request.uri().query()).as_deref() == Some(session.csrf.as_str()) {
        return Ok(request);
    }
    // A urlencoded form carries the token as a field: read the (small) body,
    // check it, and hand it on.
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if is_form {
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(form_error)?;
        let field = url::form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v.into_owned());
        if field.as_deref() == Some(session.csrf.as_str()) {
            return Ok(Request::from_parts(parts, Body::from(bytes)));
        }
    }
    Err(ApiError::Forbidden(
        "the form's security token is missing or old; reload the page and try again".into(),
    ))
}

/// A form body that could not be read: over its limit (413), or cut off
/// (the body idle timeout, or the client went away: 400).
fn form_error(e: axum::Error) -> ApiError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return ApiError::TooLarge("the form is too large".into());
        }
        source = err.source();
    }
    ApiError::BadRequest(format!("the form was cut off ({e}); send it again"))
}

fn token_in(headers: &HeaderMap, query: Option<&str>) -> Option<String> {
    if let Some(t) = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        return Some(t.to_string());
    }
    let query = query?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.into_owned())
}
