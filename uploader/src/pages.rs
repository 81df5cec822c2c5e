//! The Create section's pages: server-rendered with handlebars from the
//! theme's `create/` templates, working without JavaScript.

use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::app::{App, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
}

fn escape(text: &str) -> String {
    handlebars::html_escape(text)
}

/// A page with a title, a message and a link onward.
pub fn message_page(
    _app: &App,
    status: StatusCode,
    title: &str,
    message: &str,
    link: Option<(&str, &str)>,
) -> Response {
    let link = link
        .map(|(href, text)| format!("<p><a href=\"{}\">{}</a></p>", escape(href), escape(text)))
        .unwrap_or_default();
    let body = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>{t}</title><h1>{t}</h1><p>{m}</p>{link}</html>",
        t = escape(title),
        m = escape(message)
    );
    (status, Html(body)).into_response()
}

/// Dev mode's sign-in form.
pub fn dev_login_page(app: &App, next: &str) -> Response {
    let _ = app;
    let body = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Sign in (dev)</title>\
         <h1>Sign in (dev mode)</h1><form method=\"post\" action=\"/dev/login\">\
         <input type=\"hidden\" name=\"next\" value=\"{}\">\
         <label>Name <input name=\"name\" required></label> \
         <label>Email <input name=\"email\" type=\"email\"></label> \
         <button>Sign in</button></form></html>",
        escape(next)
    );
    Html(body).into_response()
}
