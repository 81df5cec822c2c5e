//! The service: its state, its routes and the checks every request passes.
//!
//! Every request passes, in order:
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
//! Then each route checks who is asking ([`crate::auth::User`]) and
//! [`crate::edit`] checks that they own what they touch.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use trogs::media::Media;
use trogs::site::Site;
use trogs::store::Store;

use crate::auth::CurrentSession;
use crate::error::ApiError;
use crate::oidc::Provider;
use crate::regen::Regen;
use crate::session::{SESSION_COOKIE, Session, Sessions};
use crate::settings::{Args, Settings};

/// What every request handler shares.
pub struct App {
    pub settings: Settings,
    pub store: Store,
    pub media: Media,
    /// The site pages are rendered into and published through.
    pub site: Site,
    pub sessions: Sessions,
    /// The sign-in provider; `None` in dev mode (a local form instead).
    pub oidc: Option<Provider>,
    pub regen: Regen,
    /// The Content-Security-Policy of every answer.
    pub csp: HeaderValue,
}

pub type AppState = Arc<App>;

/// The largest form body (not an upload) taken.
const MAX_FORM_BYTES: usize = 64 * 1024;

impl App {
    /// Opens everything the settings name. In dev mode an empty catalog is
    /// seeded with the demo first.
    pub async fn open(
        settings: Settings,
        on_publish: Option<crate::regen::OnPublish>,
    ) -> anyhow::Result<App> {
        settings.images.install();
        let config = &settings.config;
        let store = if settings.dev {
            Store::create_with(&config.store, &config.open_options()).await
        } else {
            Store::open_with(&config.store, &config.open_options()).await
        }
        .with_context(|| format!("opening the catalog {}", config.store))?;
        let media = config.open_media().await;
        let mut seeded_demo = false;
        if settings.dev && store.is_empty().await? {
            let seeded = trogs::demo::seed(&store, &media).await?;
            tracing::info!("the catalog was empty, so it now holds the demo: {seeded}");
            seeded_demo = true;
        }
        let site = config.open_site(store.clone()).await?;
        let redirect = settings
            .public_url
            .join("callback")
            .context("the sign-in callback URL")?;
        let oidc = match &settings.oidc {
            Some(o) => Some(Provider::discover(o, redirect).await?),
            None => None,
        };
        let sessions = Sessions::new(
            settings.session_key.as_deref(),
            settings.secure_cookies(),
            settings.session_hours,
        );
        let regen = Regen::start(
            site.clone(),
            Duration::from_millis(settings.coalesce_ms),
            on_publish,
        );
        if seeded_demo && settings.process_demo {
            process_demo(store.clone(), media.clone(), regen.clone());
        }
        let csp = csp(&settings, oidc.as_ref());
        Ok(App {
            settings,
            store,
            media,
            site,
            sessions,
            oidc,
            regen,
            csp,
        })
    }
}

/// Gives the freshly seeded demo its image derivatives and (with the
/// `renditions` feature) its streaming renditions in the background, then
/// publishes every page again. The site is up meanwhile with the originals.
fn process_demo(store: trogs::store::Store, media: trogs::media::Media, regen: Regen) {
    tokio::spawn(async move {
        let progress = trogs::pipeline::Progresses::default();
        match trogs::pipeline::process_catalog(&store, &media, 2, progress).await {
            Ok(report) => {
                for failure in report.failures() {
                    tracing::warn!("demo media: {failure}");
                }
                let live = regen.publish_all().await;
                tracing::info!(published = live.published, "demo media processed: {report}");
            }
            Err(e) => tracing::warn!(error = %e, "the demo's media was not processed"),
        }
    });
}

fn origin_of(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    matches!(u.scheme(), "http" | "https").then(|| u.origin().ascii_serialization())
}

fn csp(settings: &Settings, oidc: Option<&Provider>) -> HeaderValue {
    let media = origin_of(&settings.config.media_url)
        .or_else(|| {
            // A site-relative media URL is served by the site.
            settings
                .config
                .media_url
                .starts_with('/')
                .then(|| origin_of(&settings.config.base_url))
                .flatten()
        })
        .unwrap_or_default();
    let site = origin_of(&settings.config.base_url).unwrap_or_default();
    let provider = oidc.map(Provider::origin).unwrap_or_default();
    let policy = format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' {media} {site} data: blob:; \
         media-src 'self' {media} {site} blob:; connect-src 'self'; form-action 'self' {provider}; \
         frame-ancestors 'none'; base-uri 'none'"
    );
    // One space between words, and each source once per directive.
    let policy = policy
        .split(';')
        .map(|directive| {
            let mut seen = Vec::new();
            for word in directive.split_whitespace() {
                if !seen.contains(&word) {
                    seen.push(word);
                }
            }
            seen.join(" ")
        })
        .collect::<Vec<_>>()
        .join("; ");
    HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static("default-src 'none'"))
}

/// Every route of the service.
pub fn router(app: AppState) -> Router {
    Router::new()
        .merge(crate::auth::routes())
        .merge(crate::api::routes().layer(axum::extract::DefaultBodyLimit::disable()))
        .nest(crate::upload::PATH, crate::upload::routes())
        .merge(crate::pages::routes())
        // Pages and the sign-in flow's messages answer in the browser's language.
        .layer(axum::middleware::from_fn(crate::language::scope))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(app.settings.clone()),
            crate::edge::host_check,
        ))
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// Every route [`router`] answers, as (method, path) in axum's syntax: the
/// deployment's proxy rules must cover each (the CloudFront template's
/// behaviours are checked against this list).
pub fn routes() -> Vec<(&'static str, String)> {
    let mut all: Vec<(&'static str, String)> = Vec::new();
    for &(method, path) in crate::auth::ROUTES
        .iter()
        .chain(crate::api::ROUTES)
        .chain(crate::pages::ROUTES)
    {
        all.push((method, path.to_string()));
    }
    for &(method, path) in crate::upload::ROUTES {
        // Nested: its "/" is the prefix itself.
        let path = format!("{}{}", crate::upload::PATH, path.trim_end_matches('/'));
        all.push((method, path));
    }
    all
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The Origin and CSRF checks, and the security headers on every answer.
async fn guard(State(app): State<AppState>, request: Request, next: Next) -> Response {
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

/// Brings the artists' name claims to the look-alike rule before any
/// request is served (one read when the catalog already follows it), and
/// reports existing artists whose names now look alike.
pub(crate) async fn name_rule(app: &App) {
    match trogs::catalog::names::migrate(&app.store, false).await {
        Ok(done) => {
            for collision in &done.collisions {
                tracing::warn!("names that look alike: {collision}");
            }
            if !done.up_to_date {
                tracing::info!("artist names: {done}");
            }
        }
        Err(e) => tracing::warn!(
            error = %e,
            "artist names could not be brought to the look-alike rule; exact duplicates are still refused, and the next start tries again"
        ),
    }
}

/// Runs the service until Ctrl-C (or SIGTERM).
pub async fn run(args: Args) -> anyhow::Result<()> {
    let settings = args.resolve()?;
    let dev = settings.dev;
    // Dev mode serves the site too, when it is published to a folder.
    let served = (dev && settings.config.out_s3().is_none())
        .then(|| trogs::serve::Served::new(&settings.config, 256));
    let on_publish: Option<crate::regen::OnPublish> = served.clone().map(|s| {
        let f: crate::regen::OnPublish = Box::new(move || s.reload());
        f
    });
    let app = Arc::new(App::open(settings, on_publish).await?);

    // Finish renames a stopped process left half done, then publish.
    match crate::edit::resume_renames(&app).await {
        Ok(pages) if !pages.is_empty() => {
            let live = app.regen.publish(pages, Vec::new()).await;
            tracing::info!(published = live.published, "resumed renames published");
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "interrupted renames could not be resumed yet"),
    }
    // Finish deletes a stopped process left half done (they publish their
    // pages), before the sweeper empties the trash they filled.
    match crate::edit::resume_deletes(&app).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(deletes = n, "interrupted deletes finished"),
        Err(e) => tracing::warn!(error = %e, "interrupted deletes could not be resumed yet"),
    }
    name_rule(&app).await;
    crate::upload::start_sweeper(app.clone());

    if dev {
        // Dev mode: bring the whole site up to date first.
        let live = app.regen.publish_all().await;
        anyhow::ensure!(
            live.published,
            "building the site: {}",
            live.error.unwrap_or_default()
        );
    }
    let limits = crate::edge::limits(&app.settings);
    if let Some(served) = served {
        let listener = bind(app.settings.site_listen, "--site-listen").await?;
        println!("serving the site at http://{}/", app.settings.site_listen);
        let site = trogs::serve::router(served);
        tokio::spawn(trogs::server::serve(
            listener,
            site,
            limits,
            std::future::pending(),
        ));
    }
    let listener = bind(app.settings.listen, "--listen").await?;
    println!(
        "{} at {} (listening on {}; Ctrl-C stops)",
        if dev {
            "the Create section (dev mode: sign in with any name)"
        } else {
            "the Create section"
        },
        app.settings.public_url,
        app.settings.listen
    );
    let service = crate::edge::with_body_idle_timeout(router(app.clone()), app.settings.body_idle);
    trogs::server::serve(listener, service, limits, shutdown()).await;
    Ok(())
}

async fn bind(addr: SocketAddr, flag: &str) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}; is another server using it? Try {flag}"))
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
