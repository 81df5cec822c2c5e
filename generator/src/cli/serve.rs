//! `trogs serve`: build, serve the site and the media folder on loopback,
//! watch the theme and the catalog, rebuild and live-reload open pages.
//! It reuses the build; the server only reads what the build wrote.
//!
//! The server itself is the library's `trogs::serve`.

use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use notify_debouncer_full::notify::RecursiveMode;
use tokio::sync::{broadcast, mpsc};

use trogs::config::{Config, ConfigArgs};
use trogs::serve::Served;
use trogs::store::Store;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The port on 127.0.0.1
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Don't seed the demo catalog when the catalog is empty
    #[arg(long)]
    no_demo: bool,
    /// How many live-reload connections may be open at once; more are
    /// answered 503
    #[arg(long, env = "TROGS_SERVE_MAX_LIVE_RELOAD", default_value_t = 256, hide = true,
          value_parser = clap::value_parser!(u32).range(1..))]
    max_live_reload: u32,
}

pub async fn run(config_args: &ConfigArgs, args: Args) -> anyhow::Result<()> {
    let mut config = config_args.resolve()?;
    anyhow::ensure!(
        config.out_s3().is_none(),
        "trogs serve serves a local folder; --out {} is a bucket. Use trogs build to publish there",
        config.out.display()
    );
    if config.base_url == trogs::config::DEFAULT_BASE_URL {
        // Nothing set a public URL: canonical links point at this server.
        config.base_url = format!("http://127.0.0.1:{}", args.port);
    }
    // With --no-demo the catalog must exist; otherwise an empty one is
    // created and seeded below.
    let store = if args.no_demo {
        super::open_store(&config).await?
    } else {
        super::create_store(&config).await?
    };
    // Only a table with no item at all is seeded: a catalog holding anything
    // (even rows no page can use) is the user's, and is never changed.
    if !args.no_demo && store.is_empty().await? {
        let media = super::open_media(&config).await;
        let seeded = trogs::demo::seed(&store, &media).await?;
        println!("the catalog was empty, so it now holds the demo: {seeded}");
    }
    rebuild(&config, &store).await?;

    let served = Served::new(&config, args.max_live_reload as usize);
    let _watcher = watch(config.clone(), store.clone(), served.reload.clone())?;
    let app = trogs::serve::router(served);
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
    trogs::server::serve(listener, app, trogs::server::Limits::default(), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}

/// A full build (which writes only what changed). A theme with an error is
/// reported and the previous site stays up.
async fn rebuild(config: &Config, store: &Store) -> anyhow::Result<bool> {
    let site = super::open_site(config, store.clone()).await?;
    let report = site.build_all().await?;
    super::print_report(&report);
    Ok(report.written + report.assets_written + report.feeds_written + report.removed.len() > 0)
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
    // The built-in theme cannot change while serving; a theme folder is watched.
    let theme_dir = config
        .theme
        .as_ref()
        .map(|t| t.canonicalize().unwrap_or_else(|_| t.clone()));
    let theme_for_filter = theme_dir.clone();
    let mut debouncer = notify_debouncer_full::new_debouncer(
        Duration::from_millis(150),
        None,
        move |result: notify_debouncer_full::DebounceEventResult| {
            let Ok(events) = result else { return };
            let relevant = events.iter().any(|e| {
                !e.kind.is_access()
                    && e.paths.iter().any(|p| {
                        theme_for_filter.as_ref().is_some_and(|t| p.starts_with(t))
                            || p.file_name()
                                .is_some_and(|n| catalog_names.iter().any(|c| c == n))
                    })
            });
            if relevant {
                let _ = tx.send(());
            }
        },
    )?;
    if let Some(theme_dir) = &theme_dir {
        debouncer
            .watch(theme_dir, RecursiveMode::Recursive)
            .with_context(|| format!("watching the theme {}", theme_dir.display()))?;
    }
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
