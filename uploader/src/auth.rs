//! Who is asking: the session extractor, sign-in (OpenID Connect, or the
//! local form in dev mode) and sign-out.
//!
//! - `GET /login?next=/create/…` starts a sign-in with the provider (in dev
//!   mode it shows the local form instead).
//! - `GET /callback` finishes it: the state, the PKCE verifier and the nonce
//!   come from the sealed sign-in cookie, the ID token is checked, and a new
//!   session (new id, new CSRF token) is set.
//! - `POST /logout` ends the session here and at the provider.
//! - `GET|POST /dev/login`: dev mode only (loopback), any name signs in.

use axum::Router;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::app::AppState;
use crate::error::ApiError;
use crate::session::{PendingLogin, Session};

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

/// Every sign-in route, listed once; the router is built from this list
/// alone and the authorization tests walk it.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/login"),
    ("GET", "/callback"),
    ("POST", "/logout"),
    ("GET", "/dev/login"),
    ("POST", "/dev/login"),
    ("GET", "/healthz"),
];

pub fn routes() -> Router<AppState> {
    ROUTES
        .iter()
        .fold(Router::new(), |router, &(method, path)| {
            let handler = match (method, path) {
                ("GET", "/login") => get(login),
                ("GET", "/callback") => get(callback),
                ("POST", "/logout") => axum::routing::post(logout),
                ("GET", "/dev/login") => get(dev_form),
                ("POST", "/dev/login") => axum::routing::post(dev_login),
                ("GET", "/healthz") => get(async || "ok\n"),
                _ => unreachable!("ROUTES lists {method} {path}, which has no handler"),
            };
            router.route(path, handler)
        })
}

#[derive(Deserialize)]
struct Next {
    next: Option<String>,
}

/// Where to go after signing in: only a path on this service.
pub fn safe_return(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains(['\\', '\r', '\n'])
                && p.len() < 1000 =>
        {
            p.to_string()
        }
        _ => "/create".to_string(),
    }
}

fn redirect_with(to: &str, cookies: Vec<HeaderValue>) -> Response {
    let mut response = Redirect::to(to).into_response();
    for c in cookies {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

async fn login(State(app): State<AppState>, Query(q): Query<Next>) -> Response {
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
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

async fn callback(
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
            "Sign-in failed",
            &message,
            Some(("/login", "Sign in again")),
        );
        r.headers_mut().append(header::SET_COOKIE, clear.clone());
        r
    };
    if let Some(error) = q.error {
        let detail = q.error_description.unwrap_or(error);
        return fail(
            StatusCode::UNAUTHORIZED,
            format!("the sign-in provider said: {detail}"),
        );
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
        Ok(agreed) => session.terms = agreed,
        Err(e) => return e.into_response(),
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

async fn logout(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let session = app.sessions.session(&headers);
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

async fn dev_form(State(app): State<AppState>, Query(q): Query<Next>) -> Response {
    if !app.settings.dev {
        return ApiError::NotFound("page").into_response();
    }
    crate::pages::dev_login_page(&app, &safe_return(q.next.as_deref()))
}

#[derive(Deserialize)]
struct DevLogin {
    name: String,
    email: Option<String>,
    next: Option<String>,
}

/// Dev mode's sign-in: any name; the owner is `PUBLIC_URL/dev#NAME`.
async fn dev_login(
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
