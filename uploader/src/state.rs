//! The service's state: what every request handler shares (the settings,
//! the catalog, the media store, the site, sessions, the sign-in provider
//! and the publisher), and how it is opened from the settings.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::http::HeaderValue;
use trogs::catalog::edit::Editor;
use trogs::media::Media;
use trogs::site::Site;
use trogs::store::Store;

use crate::oidc::Provider;
use crate::regen::Regen;
use crate::session::Sessions;
use crate::settings::Settings;

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

pub(crate) fn origin_of(url: &str) -> Option<String> {
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

/// The catalog's write side over this service's table and media store,
/// with the service's failure points for the fault-injection tests.
pub fn editor(app: &App) -> Editor {
    Editor::new(app.store.clone(), app.media.clone()).with_faults(Arc::new(crate::faults::hit))
}
