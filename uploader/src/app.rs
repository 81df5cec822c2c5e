//! The service assembled: its routers, built from [`crate::routes::ROUTES`],
//! the layers every request passes first ([`crate::guard`], the language of
//! the request, the host check), and the server that runs them.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use axum::Router;

use crate::settings::Args;
pub use crate::state::{App, AppState};

/// Every route of the service ([`crate::routes::ROUTES`]), behind the
/// checks every request passes.
pub fn router(app: AppState) -> Router {
    crate::language::locales_from(crate::pages::locales);
    crate::routes::router()
        // Pages and the sign-in flow's messages answer in the browser's language.
        .layer(axum::middleware::from_fn(crate::language::scope))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(app.settings.clone()),
            crate::edge::host_check,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            crate::guard::guard,
        ))
        .with_state(app)
}

/// Every route [`router`] answers, as (method, path) in axum's syntax: the
/// deployment's proxy rules must cover each (the CloudFront template's
/// behaviours are checked against this list).
pub fn routes() -> Vec<(&'static str, String)> {
    crate::routes::ROUTES
        .iter()
        .map(|r| (r.method.as_str(), r.path.to_string()))
        .collect()
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
