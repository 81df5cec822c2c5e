//! The language a request is answered in: the browser's `Accept-Language`,
//! kept for the length of the request by one layer ([`scope`]), matched
//! against the Create section's locales, falling back to the site's
//! language. Every page, notice and error rendered for the request asks
//! here ([`request_language`]).

use std::sync::{Arc, OnceLock};

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use trogs::site::i18n::{FALLBACK, Language, Locales};

tokio::task_local! {
    static ACCEPT_LANGUAGE: Option<String>;
}

/// Where the locales come from: the Create pages load them with their
/// templates (and load them again when a theme's file changes), so they are
/// asked for each time rather than kept here.
pub type LocalesFn = fn() -> Option<Arc<Locales>>;

/// Set once, when the service is assembled: this module sits below
/// everything that says a message, so it may not import the pages itself.
static LOCALES: OnceLock<LocalesFn> = OnceLock::new();

/// The site's language, the Create pages' language when the browser asks
/// for none the service has.
static SITE_LANGUAGE: OnceLock<String> = OnceLock::new();

/// Names where the locales come from (the first call counts).
pub fn locales_from(locales: LocalesFn) {
    let _ = LOCALES.set(locales);
}

/// Names the site's language (the first call counts).
pub fn set_site_language(tag: &str) {
    SITE_LANGUAGE.get_or_init(|| tag.to_string());
}

/// Middleware: runs the request with its `Accept-Language` at hand, and
/// marks the answer as varying by it (a cache must not give one person's
/// language to another).
pub async fn scope(req: Request, next: Next) -> Response {
    let accept = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut response = ACCEPT_LANGUAGE.scope(accept, next.run(req)).await;
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept-language"));
    response
}

/// The `Accept-Language` of the request being answered, if it sent one.
pub fn accept_language() -> Option<String> {
    ACCEPT_LANGUAGE.try_with(Clone::clone).ok().flatten()
}

/// The language the request being answered should get: its
/// `Accept-Language`, else the site's. `None` when no locales can be read
/// (or none were named), which a page's render reports.
pub fn request_language() -> Option<Arc<Language>> {
    let locales = LOCALES.get()?()?;
    let accept = accept_language();
    let site = SITE_LANGUAGE.get().map_or(FALLBACK, String::as_str);
    Some(Arc::clone(locales.for_request(accept.as_deref(), site)))
}
