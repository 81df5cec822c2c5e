//! What faces the network before any route: which hosts the service
//! answers (a request for another name, as DNS rebinding makes, gets 421),
//! the limits connections are served under, and the idle timeout on bodies.

use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::timeout::RequestBodyTimeoutLayer;

use std::sync::Arc;

use crate::settings::{Settings, host_of};

/// Answers only requests addressed to one of the service's hosts (and, in
/// dev mode, to a loopback name). `/healthz` answers any host: a load
/// balancer's health check addresses the instance itself.
pub async fn host_check(
    State(settings): State<Arc<Settings>>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path() == "/healthz" || addressed_to_us(&settings, &request) {
        return next.run(request).await;
    }
    let public = settings
        .public_url
        .host_str()
        .unwrap_or_default()
        .to_string();
    let detail = format!(
        "this service answers only requests for {public}; use {}",
        settings.public_url
    );
    (
        StatusCode::MISDIRECTED_REQUEST,
        Json(serde_json::json!({ "errors": [{ "detail": detail }] })),
    )
        .into_response()
}

fn addressed_to_us(settings: &Settings, request: &Request) -> bool {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or(""));
    let authority = request.uri().authority().map(|a| a.as_str());
    let ours = |name: &str| {
        (settings.dev && trogs::serve::is_loopback_host(name))
            || host_of(name).is_some_and(|h| settings.hosts.contains(&h))
    };
    (host.is_some() || authority.is_some()) && host.is_none_or(ours) && authority.is_none_or(ours)
}

/// The limits the service's connections (and dev mode's site server's) are
/// served under.
pub fn limits(settings: &Settings) -> trogs::server::Limits {
    trogs::server::Limits {
        header_timeout: settings.header_timeout,
        max_connections: settings.max_connections,
    }
}

/// Cuts off a request body that sends nothing for `idle`. The timer starts
/// again with every chunk, so a slow but steady upload of any size goes
/// through; a stalled one ends as if the connection broke (a form upload is
/// refused, a resumable one keeps what arrived).
pub fn with_body_idle_timeout(router: Router, idle: Duration) -> Router {
    router.layer(RequestBodyTimeoutLayer::new(idle))
}
