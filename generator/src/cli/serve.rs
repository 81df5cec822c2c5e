//! `trogs serve`: build, serve the site and the media folder on loopback,
//! watch the theme and the catalog, rebuild and live-reload open pages.
//! It reuses the build; the server only reads what the build wrote.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use notify_debouncer_full::notify::RecursiveMode;
use tokio::sync::{broadcast, mpsc};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

use trogs::config::{Config, ConfigArgs};
use trogs::store::Store;

const LIVE_RELOAD_PATH: &str = "/_trogs/live-reload";
const LIVE_RELOAD_SCRIPT: &str = "<script>(function(){var s=new EventSource('/_trogs/live-reload');s.onmessage=function(){location.reload()};})();</script>";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The port on 127.0.0.1
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Don't seed the demo catalog when the catalog is empty
    #[arg(long)]
    no_demo: bool,
}

struct Served {
    out: PathBuf,
    media_dir: PathBuf,
    /// The URL path media is served under (`/media/`), when it is local.
    media_path: Option<String>,
    reload: broadcast::Sender<()>,
}

pub async fn run(config_args: &ConfigArgs, args: Args) -> anyhow::Result<()> {
    let mut config = config_args.resolve()?;
    if config.base_url == trogs::config::DEFAULT_BASE_URL {
        // Nothing set a public URL: canonical links point at this server.
        config.base_url = format!("http://127.0.0.1:{}", args.port);
    }
    // With --no-demo the catalog must exist; otherwise an empty one is
    // created and seeded below.
    let store = if args.no_demo {
        super::open_store(&config)?
    } else {
        super::create_store(&config)?
    };
    if !args.no_demo
        && trogs::catalog::queries::artists(&store)
            .await?
            .value
            .is_empty()
    {
        let seeded = trogs::demo::seed(&store, &config.media_dir).await?;
        println!("the catalog was empty, so it now holds the demo: {seeded}");
    }
    rebuild(&config, &store).await?;

    let (reload, _) = broadcast::channel(16);
    let served = Arc::new(Served {
        out: config.out.clone(),
        media_dir: config.media_dir.clone(),
        media_path: config
            .media_url
            .starts_with('/')
            .then(|| config.media_url.clone()),
        reload: reload.clone(),
    });
    let _watcher = watch(config.clone(), store.clone(), reload)?;

    let app = Router::new()
        .route(LIVE_RELOAD_PATH, get(live_reload))
        .fallback(serve_file)
        .with_state(served);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
        .await
        .with_context(|| {
            format!(
                "listening on 127.0.0.1:{}; is another server using it? Try --port",
                args.port
            )
        })?;
    println!(
        "serving {} at http://127.0.0.1:{}/ (Ctrl-C stops)",
        config.out.display(),
        args.port
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

/// A full build (which writes only what changed). A theme with an error is
/// reported and the previous site stays up.
async fn rebuild(config: &Config, store: &Store) -> anyhow::Result<bool> {
    let site = super::open_site(config, store.clone())?;
    let report = site.build_all().await?;
    super::print_report(&report);
    Ok(report.written + report.assets_written + report.removed.len() > 0)
}

fn watch(
    config: Config,
    store: Store,
    reload: broadcast::Sender<()>,
) -> anyhow::Result<
    notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let catalog = store.file();
    let catalog_names: Vec<std::ffi::OsString> = catalog
        .iter()
        .filter_map(|p| p.file_name())
        .flat_map(|n| {
            let n = n.to_string_lossy();
            [n.to_string(), format!("{n}-wal")].map(std::ffi::OsString::from)
        })
        .collect();
    let theme_dir = config
        .theme
        .canonicalize()
        .unwrap_or_else(|_| config.theme.clone());
    let theme_for_filter = theme_dir.clone();
    let mut debouncer = notify_debouncer_full::new_debouncer(
        Duration::from_millis(150),
        None,
        move |result: notify_debouncer_full::DebounceEventResult| {
            let Ok(events) = result else { return };
            let relevant = events.iter().any(|e| {
                !e.kind.is_access()
                    && e.paths.iter().any(|p| {
                        p.starts_with(&theme_for_filter)
                            || p.file_name()
                                .is_some_and(|n| catalog_names.iter().any(|c| c == n))
                    })
            });
            if relevant {
                let _ = tx.send(());
            }
        },
    )?;
    debouncer
        .watch(&theme_dir, RecursiveMode::Recursive)
        .with_context(|| format!("watching the theme {}", theme_dir.display()))?;
    if let Some(file) = &catalog {
        let dir = file
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        debouncer
            .watch(dir, RecursiveMode::NonRecursive)
            .with_context(|| format!("watching {}", dir.display()))?;
    }
    tokio::spawn(async move {
        while rx.recv().await.is_some() {
            while rx.try_recv().is_ok() {}
            match rebuild(&config, &store).await {
                Ok(true) => {
                    let _ = reload.send(());
                }
                Ok(false) => {}
                Err(e) => {
                    tracing::error!("rebuild failed, still serving the last good build: {e:#}")
                }
            }
        }
    });
    Ok(debouncer)
}

async fn live_reload(
    State(served): State<Arc<Served>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = served.reload.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(()) => return Some((Ok(Event::default().data("reload")), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Pages at their bare URLs (`/album/ID` is `album/ID.html`), the 404 page
/// for anything missing; media and assets through `ServeDir`, which
/// answers range requests (the player seeks).
async fn serve_file(State(served): State<Arc<Served>>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    if path.split('/').any(|p| p == ".." || p.contains('\\')) {
        return StatusCode::BAD_REQUEST.into_response();
    }
    if let Some(prefix) = &served.media_path
        && let Some(rest) = path.strip_prefix(prefix.as_str())
    {
        let mut request = request;
        *request.uri_mut() = format!("/{rest}").parse().unwrap_or_default();
        return serve_dir(&served.media_dir, request, false).await;
    }
    if path.starts_with("/assets/") {
        return serve_dir(&served.out, request, true).await;
    }
    let rel = path.trim_start_matches('/');
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
        let file = served.out.join(&candidate);
        if candidate.ends_with(".html") {
            if let Ok(html) = tokio::fs::read_to_string(&file).await {
                return html_response(StatusCode::OK, html);
            }
        } else if file.is_file() {
            return serve_dir(&served.out, request, false).await;
        }
    }
    let html = tokio::fs::read_to_string(served.out.join("404.html"))
        .await
        .unwrap_or_else(|_| "Not found".into());
    html_response(StatusCode::NOT_FOUND, html)
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

async fn serve_dir(dir: &Path, request: Request, immutable: bool) -> Response {
    let response = match ServeDir::new(dir).oneshot(request).await {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    let mut response = response;
    if immutable && response.status().is_success() {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    }
    response
}
