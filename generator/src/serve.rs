//! Serving a published site folder on loopback, for `trogs serve` and the
//! upload service's dev mode: pages at their bare URLs, the media folder,
//! and a live-reload stream that reloads open pages after a build.
//!
//! It answers only requests addressed to a loopback name (so a page on
//! another site cannot reach it through DNS rebinding), serves no file
//! whose real path leaves the site or media folder and no path with a
//! segment starting with `.` (Trogs' own state lives in `.trogs/`), and
//! caps the open live-reload connections. Every answer says `nosniff`:
//! an uploaded WAV whose samples happen to read as HTML must never be
//! rendered as a page.

use std::convert::Infallible;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, broadcast};
use tower::ServiceExt as _;
use tower_http::services::ServeFile;

use crate::config::Config;

pub const LIVE_RELOAD_PATH: &str = "/_trogs/live-reload";
/// Closed when the page is hidden and opened again if it comes back from
/// the back/forward cache, so cached pages hold no connection (a browser
/// keeps only six open to one host).
const LIVE_RELOAD_SCRIPT: &str = "<script>(function(){var s;function o(){s=new EventSource('/_trogs/live-reload');s.onmessage=function(){location.reload()}}o();addEventListener('pagehide',function(){s.close()});addEventListener('pageshow',function(e){if(e.persisted)o()});})();</script>";

/// What the site server serves, and how open pages are told to reload.
pub struct Served {
    pub out: PathBuf,
    pub media_dir: PathBuf,
    /// The URL path media is served under (`/media/`), when it is local.
    pub media_path: Option<String>,
    pub reload: broadcast::Sender<()>,
    /// One permit per open live-reload connection.
    pub live_reload_slots: Arc<Semaphore>,
}

impl Served {
    /// Serves the site folder and the media folder the settings name, with
    /// at most `max_live_reload` live-reload streams open at once.
    pub fn new(config: &Config, max_live_reload: usize) -> Arc<Served> {
        let (reload, _) = broadcast::channel(16);
        Arc::new(Served {
            out: config.out.clone(),
            media_dir: config.media_dir.clone(),
            media_path: config
                .media_url
                .starts_with('/')
                .then(|| config.media_url.clone()),
            reload,
            live_reload_slots: Arc::new(Semaphore::new(max_live_reload)),
        })
    }

    /// Tells open pages to reload.
    pub fn reload(&self) {
        let _ = self.reload.send(());
    }
}

/// The site server's routes: live reload, then every file.
pub fn router(served: Arc<Served>) -> Router {
    Router::new()
        .route(LIVE_RELOAD_PATH, get(live_reload))
        .fallback(serve_file)
        .layer(axum::middleware::from_fn(loopback_host_only))
        .layer(axum::middleware::map_response(nosniff))
        .with_state(served)
}

async fn nosniff(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Refuses requests whose `Host` (or absolute request target) names
/// anything but a loopback address: a page on another site that rebinds
/// its name to 127.0.0.1 gets 421, not the site.
async fn loopback_host_only(request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|h| h.to_str().unwrap_or(""));
    let authority = request.uri().authority().map(|a| a.as_str());
    let ok = (host.is_some() || authority.is_some())
        && host.is_none_or(is_loopback_host)
        && authority.is_none_or(is_loopback_host);
    if ok {
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            "trogs serve answers only requests for 127.0.0.1 or localhost\n",
        )
            .into_response()
    }
}

/// `localhost`, an address in 127.0.0.0/8 or `[::1]`, with or without a port.
pub fn is_loopback_host(host: &str) -> bool {
    let port_ok = |port: Option<&str>| {
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()))
    };
    if let Some(rest) = host.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((addr, "")) => addr.parse::<Ipv6Addr>().is_ok_and(|a| a.is_loopback()),
            Some((addr, port)) => {
                port.strip_prefix(':').is_some_and(|p| port_ok(Some(p)))
                    && addr.parse::<Ipv6Addr>().is_ok_and(|a| a.is_loopback())
            }
            None => false,
        };
    }
    let (name, port) = match host.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    port_ok(port)
        && (name.eq_ignore_ascii_case("localhost")
            || name.parse::<Ipv4Addr>().is_ok_and(|a| a.is_loopback()))
}

/// The live-reload event stream. Each open one holds a slot; when all are
/// taken the answer is 503, which also stops the page's EventSource from
/// retrying.
async fn live_reload(State(served): State<Arc<Served>>) -> Response {
    let Ok(permit) = Arc::clone(&served.live_reload_slots).try_acquire_owned() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "too many live-reload connections are open; close some pages\n",
        )
            .into_response();
    };
    let rx = served.reload.subscribe();
    Sse::new(reload_events(rx, permit))
        // A closed connection is noticed when a write fails, so keep-alives
        // also free its slot within a few seconds.
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(5)))
        .into_response()
}

/// Reload events; the slot is released when the stream is dropped.
fn reload_events(
    rx: broadcast::Receiver<()>,
    permit: OwnedSemaphorePermit,
) -> impl Stream<Item = Result<Event, Infallible>> {
    futures_util::stream::unfold((rx, permit), |(mut rx, permit)| async move {
        loop {
            match rx.recv().await {
                Ok(()) => return Some((Ok(Event::default().data("reload")), (rx, permit))),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    })
}

/// Pages at their bare URLs (`/album/ID` is `album/ID.html`), the 404 page
/// for anything missing; media and other files through `ServeFile`, which
/// answers range requests (the player seeks). A path with a `..` segment is
/// refused (400); one with a segment starting with `.` is not found, so
/// `.trogs/manifest.json` and other dotfiles are never served.
async fn serve_file(State(served): State<Arc<Served>>, request: Request) -> Response {
    let Some(path) = percent_decode(request.uri().path()) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    if path
        .split('/')
        .any(|p| p == ".." || p.contains(['\\', '\0']))
    {
        return StatusCode::BAD_REQUEST.into_response();
    }
    if path.split('/').any(|p| p.starts_with('.')) {
        return not_found(&served).await;
    }
    if let Some(prefix) = &served.media_path
        && let Some(rest) = path.strip_prefix(prefix.as_str())
    {
        return match contained(&served.media_dir, rest).await {
            Some(file) => send_file(file, request, false).await,
            None => not_found(&served).await,
        };
    }
    let rel = path.trim_start_matches('/');
    if rel.starts_with("assets/") {
        return match contained(&served.out, rel).await {
            Some(file) => send_file(file, request, true).await,
            None => not_found(&served).await,
        };
    }
    let candidates = if rel.is_empty() {
        vec!["index.html".to_string()]
    } else if rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else if rel.ends_with(".html") {
        vec![rel.to_string()]
    } else {
        vec![format!("{rel}.html"), rel.to_string()]
    };
    for candidate in candidates {
        let Some(file) = contained(&served.out, &candidate).await else {
            continue;
        };
        if candidate.ends_with(".html") {
            if let Ok(html) = tokio::fs::read_to_string(&file).await {
                return html_response(StatusCode::OK, html);
            }
        } else {
            return send_file(file, request, false).await;
        }
    }
    not_found(&served).await
}

async fn not_found(served: &Served) -> Response {
    let html = match contained(&served.out, "404.html").await {
        Some(file) => tokio::fs::read_to_string(file).await.ok(),
        None => None,
    };
    html_response(
        StatusCode::NOT_FOUND,
        html.unwrap_or_else(|| "Not found".into()),
    )
}

/// The real path of the regular file `rel` below `root`, when that real
/// path (symlinks followed) is inside `root`'s real path. A symlink that
/// stays inside the folder is served; one that leads out of it is not.
async fn contained(root: &Path, rel: &str) -> Option<PathBuf> {
    let rel = rel.trim_start_matches('/');
    if rel.is_empty() {
        return None;
    }
    let root = tokio::fs::canonicalize(root).await.ok()?;
    let file = tokio::fs::canonicalize(root.join(rel)).await.ok()?;
    if !file.starts_with(&root) || !tokio::fs::metadata(&file).await.ok()?.is_file() {
        return None;
    }
    Some(file)
}

/// `%XX` escapes decoded; `None` when they are malformed or not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn html_response(status: StatusCode, html: String) -> Response {
    let body = match html.rfind("</body>") {
        Some(at) => format!("{}{LIVE_RELOAD_SCRIPT}{}", &html[..at], &html[at..]),
        None => format!("{html}{LIVE_RELOAD_SCRIPT}"),
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// One file (already checked to be inside its folder), with range requests.
async fn send_file(file: PathBuf, request: Request, immutable: bool) -> Response {
    let mut response = match ServeFile::new(file).oneshot(request).await {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    if immutable && response.status().is_success() {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    response
}
