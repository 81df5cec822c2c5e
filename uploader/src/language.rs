//! The language a Create page answers in: the browser's `Accept-Language`,
//! kept for the length of the request so every page, notice and error
//! rendered for it can ask, falling back to the site's language.

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

tokio::task_local! {
    static ACCEPT_LANGUAGE: Option<String>;
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
