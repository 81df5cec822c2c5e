//! Sign-in (OpenID Connect, or the local form in dev mode) and sign-out;
//! who is asking is [`crate::user`].
//!
//! - `GET /login?next=/create/…` starts a sign-in with the provider (in dev
//!   mode it shows the local form instead).
//! - `GET /callback` finishes it: the state, the PKCE verifier and the nonce
//!   come from the sealed sign-in cookie, the ID token is checked, and a new
//!   session (new id, new CSRF token) is set.
//! - `POST /logout` ends the session here and at the provider;
//!   `POST /logout/everywhere` ends every session of the user first.
//! - `GET|POST /dev/login`: dev mode only (loopback), any name signs in.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::error::ApiError;
use crate::session::{PendingLogin, Session};
use crate::session_records;
use crate::state::{App, AppState};

// Who is asking is read below the routes, which all extract it.
pub use crate::user::{CurrentSession, User, live_session};

#[derive(Deserialize)]
pub(crate) struct Next {
    next: Option<String>,
}

/// Where to go after signing in: only a path on this service, else
/// `/create` (never an error: a bad `next` must not cost the sign-in).
///
/// Browsers drop tabs and newlines from a URL and read `\` as `/`, so
/// `/\t/evil.example` or `/\evil.example` would leave the site. A step that
/// decodes the value once more (a proxy, a page passing it on) must not
/// turn it into such a path either, so its percent-decoded forms are held
/// to the same rules. What passes is printable ASCII, a valid `Location`
/// as it is (a control character there was a 500 that lost the sign-in).
pub fn safe_return(next: Option<&str>) -> String {
    match next {
        Some(p) if is_local_path(p) => p.to_string(),
        _ => "/create".to_string(),
    }
}

fn is_local_path(p: &str) -> bool {
    const MAX_LEN: usize = 1000;
    if p.len() >= MAX_LEN || !p.bytes().all(|b| b.is_ascii_graphic()) {
        return false;
    }
    // The value and each of its percent-decoded forms (three at most; one
    // that still decodes further after that is refused).
    let mut form = p.to_string();
    for _ in 0..4 {
        let bad = !form.starts_with('/')
            || form.contains("//")
            || form.contains('\\')
            || form.chars().any(|c| c.is_control() || c.is_whitespace());
        if bad {
            return false;
        }
        let decoded = percent_encoding::percent_decode_str(&form)
            .decode_utf8_lossy()
            .into_owned();
        if decoded == form {
            return true;
        }
        form = decoded;
    }
    false
}

fn redirect_with(to: &str, cookies: Vec<HeaderValue>) -> Response {
    let mut response = Redirect::to(to).into_response();
    for c in cookies {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

pub(crate) async fn login(State(app): State<AppState>, Query(q): Query<Next>) -> Response {
    let return_to = safe_return(q.next.as_deref());
    let Some(provider) = &app.oidc else {
        let to = format!(
            "/dev/login?next={}",
            url::form_urlencoded::byte_serialize(return_to.as_bytes()).collect::<String>()
        );
        return Redirect::to(&to).into_response();
    };
    let (url, pending): (url::Url, PendingLogin) = provider.begin(return_to);
    redirect_with(url.as_str(), vec![app.sessions.set_pending_login(&pending)])
}

#[derive(Deserialize)]
pub(crate) struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// The error codes an authorization endpoint may send back (RFC 6749
/// 4.1.2.1 and OpenID Connect Core 3.1.2.6).
const OAUTH_ERRORS: &[&str] = &[
    "invalid_request",
    "unauthorized_client",
    "access_denied",
    "unsupported_response_type",
    "invalid_scope",
    "server_error",
    "temporarily_unavailable",
    "interaction_required",
    "login_required",
    "account_selection_required",
    "consent_required",
    "invalid_request_uri",
    "invalid_request_object",
    "request_not_supported",
    "request_uri_not_supported",
    "registration_not_supported",
];

/// What the sign-in page says when the provider sent an error back: our
/// own words, and the code only when it is a registered one.
pub fn provider_error_message(error: &str) -> String {
    let code = if OAUTH_ERRORS.contains(&error) {
        error
    } else {
        "unknown"
    };
    let what = match code {
        "access_denied" | "consent_required" => {
            "the sign-in was cancelled or not allowed at the sign-in provider"
        }
        "login_required" | "interaction_required" | "account_selection_required" => {
            "the sign-in provider needs you to sign in there first"
        }
        "server_error" | "temporarily_unavailable" => {
            "the sign-in provider could not sign you in just now"
        }
        _ => "the sign-in provider did not sign you in",
    };
    format!("{what} (error code: {code}). Start again; if it keeps happening, tell us the code")
}

pub(crate) async fn callback(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<CallbackQuery>,
) -> Response {
    let Some(provider) = &app.oidc else {
        return ApiError::NotFound("page").into_response();
    };
    let clear = app.sessions.end_pending_login();
    let fail = |status: StatusCode, message: String| {
        let mut r = crate::pages::message_page(
            &app,
            status,
            &crate::pages::say(&app, "signin-failed"),
            &message,
            Some(("/login", &crate::pages::say(&app, "sign-in-again"))),
        );
        r.headers_mut().append(header::SET_COOKIE, clear.clone());
        r
    };
    if let Some(error) = q.error {
        // Whoever sends the browser here chooses `error_description` (and
        // `error`): only our own words, and a registered code, are shown.
        if let Some(description) = &q.error_description {
            tracing::info!(error = %error, %description, "the provider refused the sign-in");
        }
        return fail(StatusCode::UNAUTHORIZED, provider_error_message(&error));
    }
    let Some(pending) = app.sessions.pending_login(&headers) else {
        return fail(
            StatusCode::BAD_REQUEST,
            "this sign-in was not started here, or took longer than 10 minutes; start again".into(),
        );
    };
    let (Some(code), Some(state)) = (q.code, q.state) else {
        return fail(
            StatusCode::BAD_REQUEST,
            "the sign-in provider sent no code back; start again".into(),
        );
    };
    let identity = match provider.finish(&pending, &code, &state).await {
        Ok(i) => i,
        Err(e) => {
            tracing::warn!(error = %e, "sign-in refused");
            return fail(StatusCode::UNAUTHORIZED, e.to_string());
        }
    };
    let session = app.sessions.start(
        identity.owner(),
        identity.email.clone(),
        identity.name.clone(),
        Some(identity.id_token.clone()),
    );
    signed_in(&app, session, &pending.return_to, vec![clear]).await
}

/// Sets the new session, remembering whether the terms were agreed to.
async fn signed_in(
    app: &AppState,
    mut session: Session,
    return_to: &str,
    mut cookies: Vec<HeaderValue>,
) -> Response {
    match crate::edit::has_agreed(app, &session).await {
        Ok(agreed) => session.set_terms(agreed),
        Err(e) => return e.into_response(),
    }
    if let Err(e) = session_records::record(&app.store, &session).await {
        return ApiError::from(e).into_response();
    }
    tracing::info!(owner = %session.owner, "signed in");
    cookies.push(app.sessions.set_session(&session));
    let to = if session.terms {
        return_to.to_string()
    } else {
        format!(
            "/terms?next={}",
            url::form_urlencoded::byte_serialize(return_to.as_bytes()).collect::<String>()
        )
    };
    redirect_with(&to, cookies)
}

pub(crate) async fn logout(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let session = app.sessions.session(&headers);
    if let Some(s) = &session
        && let Err(e) = session_records::end(&app.store, s).await
    {
        return not_signed_out(&app, e);
    }
    signed_out(&app, session)
}

/// `POST /logout/everywhere`: ends every session of the user (other
/// browsers, other devices), then signs out here as `/logout` does.
pub(crate) async fn logout_everywhere(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let session = app.sessions.session(&headers);
    if let Some(s) = &session {
        match session_records::end_all(&app.store, &s.owner).await {
            Ok(n) => tracing::info!(owner = %s.owner, sessions = n, "signed out everywhere"),
            Err(e) => return not_signed_out(&app, e),
        }
    }
    signed_out(&app, session)
}

/// Signing out could not be recorded: the cookie is kept, so trying again
/// ends the same session.
fn not_signed_out(app: &App, e: trogs::store::StoreError) -> Response {
    let e = ApiError::from(e);
    crate::pages::message_page(
        app,
        e.status(),
        &crate::pages::say(app, "not-signed-out"),
        &e.to_string(),
        Some(("/create", &crate::pages::say(app, "back"))),
    )
}

fn signed_out(app: &App, session: Option<Session>) -> Response {
    let end = app.sessions.end_session();
    let home = app.settings.public_url.clone();
    match (&app.oidc, session) {
        (Some(provider), Some(s)) => {
            let url = provider.logout_url(s.id_token.as_deref(), &home);
            redirect_with(url.as_str(), vec![end])
        }
        _ => redirect_with("/", vec![end]),
    }
}

pub(crate) async fn dev_form(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<Next>,
) -> Response {
    if !app.settings.dev {
        return ApiError::NotFound("page").into_response();
    }
    // Someone signed in may sign in as someone else: the form then needs
    // the session's CSRF token like any other.
    let session = app.sessions.session(&headers);
    crate::pages::dev_login_page(&app, session.as_ref(), &safe_return(q.next.as_deref()))
}

#[derive(Deserialize)]
pub(crate) struct DevLogin {
    name: String,
    email: Option<String>,
    next: Option<String>,
}

/// Dev mode's sign-in: any name; the owner is `PUBLIC_URL/dev#NAME`.
pub(crate) async fn dev_login(
    State(app): State<AppState>,
    axum::Form(form): axum::Form<DevLogin>,
) -> Response {
    if !app.settings.dev {
        return ApiError::NotFound("page").into_response();
    }
    let name: String = form
        .name
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    if name.is_empty() {
        return ApiError::Invalid("give a name to sign in with".into()).into_response();
    }
    let email = form
        .email
        .map(|e| e.trim().to_string())
        .filter(|e| e.contains('@') && e.len() < 200);
    let owner = format!("{}dev#{}", app.settings.public_url, name.to_lowercase());
    let session = app.sessions.start(owner, email, Some(name), None);
    signed_in(
        &app,
        session,
        &safe_return(form.next.as_deref()),
        Vec::new(),
    )
    .await
}

/// An HTML page for people, or JSON for scripts, saying to sign in.
pub fn sign_in_first(path: &str) -> Response {
    let to = format!(
        "/login?next={}",
        url::form_urlencoded::byte_serialize(path.as_bytes()).collect::<String>()
    );
    Redirect::to(&to).into_response()
}
