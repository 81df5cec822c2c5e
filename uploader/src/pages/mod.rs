//! The Create section's pages: server-rendered with handlebars from the
//! theme's `create/` templates, working without JavaScript. Every action is
//! a plain form post answered with a redirect back to its page (and a
//! notice that the change is live), or the page again with the error; the
//! script in `create/assets/` only makes the same forms nicer (drag and
//! drop, a progress bar per upload, reordering by dragging).
//!
//! The templates and assets are built into the binary; when the theme's
//! `create/` folder is on disk (`--theme DIR/create`, or
//! `themes/default/create` in the working folder) it is read instead, and
//! read again when a file in it changes, so edits show at once.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use axum::extract::{FromRequest, Multipart, Path as UrlPath, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use handlebars::Handlebars;
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult};
use crate::language::request_language;
use crate::session::Session;
use crate::state::{App, AppState};

pub(crate) mod albums;
pub(crate) mod artists;
mod forms;
mod templates;
pub(crate) mod tracks;
mod uploads;

use albums::*;
use artists::*;
use forms::*;
pub use forms::{Back, Done, DoneQuery, Fields, Notice};
pub use templates::{ASSET_PREFIX, Asset, Pages, PagesError, TEMPLATES, Templates};
use tracks::*;
use uploads::*;

/// The service's pages, set up from its settings on first use.
static PAGES: OnceLock<Pages> = OnceLock::new();

fn pages(app: &App) -> &'static Pages {
    crate::language::set_site_language(&app.settings.config.language);
    PAGES.get_or_init(|| Pages::new(Pages::folder_for(&app.settings)))
}

/// What every Create page shows about the site and who is signed in: the
/// `page` object of each template's context.
#[derive(Debug, Clone, Serialize)]
pub struct PageInfo {
    /// The text of `<title>`, before the service's name.
    pub title: String,
    /// The signed-in user's CSRF token (empty when nobody is signed in).
    pub csrf: String,
    pub site_title: String,
    /// The published site's home page.
    pub site_url: String,
    pub user: Option<UserInfo>,
    /// The largest piece the page's script sends an upload in, when the
    /// service takes less than S3's 5 MiB part per request (on Lambda);
    /// the upload forms then also say what a form without the script takes.
    pub upload_chunk: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserInfo {
    pub name: Option<String>,
    pub email: Option<String>,
}

impl PageInfo {
    pub fn new(app: &App, session: Option<&Session>, title: impl Into<String>) -> PageInfo {
        let config = &app.settings.config;
        PageInfo {
            title: title.into(),
            csrf: session.map(|s| s.csrf.clone()).unwrap_or_default(),
            site_title: config.title.clone(),
            site_url: format!("{}/", config.base_url.trim_end_matches('/')),
            user: session.map(|s| UserInfo {
                name: s.name.clone(),
                email: s.email.clone(),
            }),
            upload_chunk: app.settings.upload_chunk,
        }
    }
}

/// The Create section's locales, which [`crate::language`] picks the
/// request's language from: the service's templates' once a page has set
/// them up, the built-in messages before (an API call first); `None` only
/// when even they cannot be read.
pub fn locales() -> Option<Arc<trogs::site::i18n::Locales>> {
    static BUILTIN_ONLY: OnceLock<Option<Arc<Templates>>> = OnceLock::new();
    let templates = match PAGES.get() {
        Some(pages) => pages.templates().ok()?,
        None => BUILTIN_ONLY
            .get_or_init(|| Templates::builtin().ok().map(Arc::new))
            .clone()?,
    };
    Some(Arc::clone(&templates.locales))
}

/// The message `key` in the language of the request being answered.
pub fn say(app: &App, key: &str) -> String {
    pages(app);
    match request_language() {
        Some(l) => l.say(key, &[]),
        None => key.to_string(),
    }
}

/// A message the service wrote in English (a notice, an error), in the
/// page's language: notices by their `done-…` key, everything else
/// through [`crate::messages`].
fn translated(language: Option<&trogs::site::i18n::Language>, english: &str) -> String {
    let Some(l) = language else {
        return english.to_string();
    };
    let key: Option<String> = Done::ALL
        .iter()
        .find(|(d, _)| d.text() == english)
        .map(|(_, code)| format!("done-{code}"))
        .or_else(|| {
            Some(
                match english {
                    "Deleted. The site shows it in a moment." => "done-pending-deleted",
                    "Saved. The site shows it in a moment." => "done-pending",
                    "See the page" => "see-the-page",
                    _ => return None,
                }
                .to_string(),
            )
        });
    if let Some(key) = key
        && let Some(text) = l.text(&key)
    {
        return text.to_string();
    }
    crate::messages::say_in(l, english)
}

/// The six Creative Commons 4.0 licenses, for the license pickers.
pub fn licenses() -> Value {
    Value::Array(
        trogs::catalog::model::LICENSES
            .iter()
            .map(|code| {
                let (short, name) = trogs::site::context::license_names(code);
                json!({ "code": code, "short": short, "name": name })
            })
            .collect(),
    )
}

/// A page's context: `page`, `notice`, `error`, `licenses`, and the page's
/// own fields.
pub fn context(page: &PageInfo, notice: Option<&Notice>, error: Option<&str>) -> Value {
    let language = request_language();
    let mut page = json!(page);
    page["locale"] = json!(
        language
            .as_ref()
            .map_or(trogs::site::i18n::FALLBACK, |l| l.tag.as_str())
    );
    page["dir"] = json!(language.as_ref().map_or("ltr", |l| l.dir));
    let language = language.as_deref();
    let notice = notice.map(|n| {
        json!({
            "text": translated(language, n.text),
            "url": n.url,
            "link_text": if n.link_text.is_empty() { String::new() } else { translated(language, n.link_text) },
        })
    });
    let error = error.map(|e| translated(language, e));
    json!({
        "page": page,
        "notice": notice,
        "error": error,
        "licenses": licenses(),
    })
}

/// A rendered page with the headers every Create page gets.
fn html(app: &App, status: StatusCode, template: &str, cx: &Value) -> Response {
    let body = match pages(app).templates().and_then(|t| t.render(template, cx)) {
        Ok(body) => body,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // Pages show one user's data and a CSRF token: never stored.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Serves `/assets/create/FILE`: a fingerprinted name for a year, a plain
/// name revalidated on every use.
pub(crate) async fn asset(State(app): State<AppState>, UrlPath(file): UrlPath<String>) -> Response {
    let templates = match pages(&app).templates() {
        Ok(t) => t,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let Some((asset, fingerprinted)) = templates.asset(&file) else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    let cache = if fingerprinted {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (header::CONTENT_TYPE, asset.content_type()),
            (header::CACHE_CONTROL, cache),
        ],
        asset.bytes.to_vec(),
    )
        .into_response()
}

// ---- who is asking -----------------------------------------------------

/// A signed-in user who agreed to the terms. Anyone else is sent to the
/// sign-in page or the terms instead of getting an error.
pub struct Artist(pub Session);

impl axum::extract::FromRequestParts<AppState> for Artist {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        app: &AppState,
    ) -> Result<Self, Response> {
        match app.sessions.session(&parts.headers) {
            None => Err(Redirect::to("/").into_response()),
            Some(s) if !s.terms => Err(Redirect::to("/terms").into_response()),
            Some(s) => Ok(Artist(s)),
        }
    }
}

/// An error answered as a page: 401 sends the browser to sign in, a
/// missing thing gets the error page, anything else re-renders `page`
/// with the message.
fn failed(app: &App, session: &Session, error: ApiError) -> Response {
    if matches!(error, ApiError::Unauthorized) {
        return Redirect::to("/").into_response();
    }
    if let ApiError::Internal(detail) = &error {
        tracing::error!(%detail, "a Create page failed");
    }
    let status = error.status();
    let heading = say(
        app,
        match status {
            StatusCode::NOT_FOUND => "error-not-found-heading",
            StatusCode::SERVICE_UNAVAILABLE => "error-unavailable-heading",
            _ => "error-heading",
        },
    );
    let mut cx = context(
        &PageInfo::new(app, Some(session), heading.clone()),
        None,
        Some(&error.to_string()),
    );
    cx["status"] = json!(status.as_u16());
    cx["heading"] = json!(heading);
    cx["back"] = json!("/create");
    html(app, status, "error", &cx)
}

/// How a form's change is answered: once it is made, a redirect to the
/// page `to` names for what was changed, saying `what` was done and
/// whether it is live yet (see [`forms::done`]); if it is refused, the form's own
/// page again, from `again`, with the message.
pub(super) async fn answer<T>(
    change: impl Future<Output = ApiResult<crate::edit::Done<T>>>,
    to: impl FnOnce(T) -> String,
    what: Done,
    anchor: Option<&str>,
    again: impl AsyncFnOnce(ApiError) -> Response,
) -> Response {
    match change.await {
        Ok(d) => done(&to(d.value), what, d.live.published, anchor),
        Err(e) => again(e).await,
    }
}

/// A page with a title, a message and a link onward (sign-in failures and
/// other dead ends outside the Create section).
pub fn message_page(
    app: &App,
    status: StatusCode,
    title: &str,
    message: &str,
    link: Option<(&str, &str)>,
) -> Response {
    let session = None;
    let mut cx = context(&PageInfo::new(app, session, title), None, Some(message));
    cx["status"] = json!(status.as_u16());
    cx["heading"] = json!(title);
    let (href, text) = link.map_or_else(
        || ("/", say(app, "go-to-start")),
        |(href, text)| (href, text.to_string()),
    );
    cx["back"] = json!(href);
    cx["back_text"] = json!(text);
    html(app, status, "error", &cx)
}

/// Dev mode's sign-in form (the sign-in page with its local form), coming
/// back to `next` (a path on this service, already checked). Shown to
/// someone signed in, its form carries their session's CSRF token.
pub fn dev_login_page(app: &App, session: Option<&Session>, next: &str) -> Response {
    signin_page(app, session, next)
}

fn signin_page(app: &App, session: Option<&Session>, next: &str) -> Response {
    let mut cx = context(
        &PageInfo::new(app, session, say(app, "sign-in")),
        None,
        None,
    );
    cx["dev"] = json!(app.settings.dev);
    cx["next"] = json!(next);
    html(app, StatusCode::OK, "signin", &cx)
}
