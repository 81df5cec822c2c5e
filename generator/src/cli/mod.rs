//! The `trogs` command: one file per subcommand; the work is in the library.

mod backup;
mod bench;
mod build;
mod copy;
mod demo;
mod export;
mod import;
mod media;
mod names;
mod serve;
mod table;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use trogs::config::{Config, ConfigArgs};
use trogs::site::Site;
use trogs::store::Store;

#[derive(Parser, Debug)]
#[command(
    name = "trogs",
    version,
    about = "Builds Trogs' static site from the catalog table"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    config: trogs::config::Flags,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site (all of it, or only the pages some changes touch)
    Build(build::Args),
    /// Build, serve on 127.0.0.1 and rebuild on changes, with live reload
    Serve(serve::Args),
    /// Import a DynamoDB JSON file (scan output or a batch-write-item request)
    Import(import::Args),
    /// Export the catalog as DynamoDB JSON
    Export(export::Args),
    /// Write the demo catalog, or a synthetic one of any size
    Demo(demo::Args),
    /// Measure build speed and memory on synthetic catalogs (with --store
    /// dynamodb://TABLE: read units and queries against DynamoDB)
    Bench(bench::Args),
    /// Create or check the DynamoDB table and its indexes
    #[command(subcommand)]
    Table(table::Command),
    /// Copy a whole catalog from one store to another (SQLite or DynamoDB)
    Copy(copy::Args),
    /// Make what the catalog's media lacks (image derivatives)
    #[command(subcommand)]
    Media(media::Command),
    /// Claim every artist's name by the look-alike rule now (the upload
    /// service does it at start), and list names that look alike
    Names(names::Args),
    /// Back up the SQLite catalog while the upload service writes (to a
    /// file or s3://BUCKET/KEY)
    Backup(backup::BackupArgs),
    /// Put a backup back as the SQLite catalog (stop the upload service first)
    Restore(backup::RestoreArgs),
}

pub fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("TROGS_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let config = ConfigArgs::from(cli.config);
    runtime.block_on(async {
        match cli.command {
            Command::Build(args) => build::run(&config, args).await,
            Command::Serve(args) => serve::run(&config, args).await,
            Command::Import(args) => import::run(&config, args).await,
            Command::Export(args) => export::run(&config, args).await,
            Command::Demo(args) => demo::run(&config, args).await,
            Command::Bench(args) => bench::run(&config, args).await,
            Command::Table(command) => table::run(&config, command).await,
            Command::Copy(args) => copy::run(&config, args).await,
            Command::Media(command) => media::run(&config, command).await,
            Command::Names(args) => names::run(&config, args).await,
            Command::Backup(args) => backup::backup(&config, args).await,
            Command::Restore(args) => backup::restore(&config, args).await,
        }
    })
}

/// Opens the catalog, which must exist.
pub(crate) async fn open_store(config: &Config) -> anyhow::Result<Store> {
    Store::open_with(&config.store, &config.open_options())
        .await
        .with_context(|| format!("opening the catalog {}", config.store))
}

/// Opens the catalog, creating an empty one when missing: only for the
/// commands that fill it.
pub(crate) async fn create_store(config: &Config) -> anyhow::Result<Store> {
    Store::create_with(&config.store, &config.open_options())
        .await
        .with_context(|| format!("opening the catalog {}", config.store))
}

pub(crate) async fn open_site(config: &Config, store: Store) -> anyhow::Result<Site> {
    let mut site = config.open_site(store).await?;
    site.progress = progress_bar();
    Ok(site)
}

/// The media store the settings name.
pub(crate) async fn open_media(config: &Config) -> trogs::media::Media {
    config.open_media().await
}

/// A progress bar on stderr when it is a terminal; drawn only for builds
/// long enough to need one.
fn progress_bar() -> Option<trogs::progress::Progress> {
    progress_bar_for(
        "{spinner} rendering {pos}/{len} pages {wide_bar} {per_sec}",
        200,
    )
}

/// A progress bar with `template`, drawn once the work reaches `at_least`.
pub(crate) fn progress_bar_for(
    template: &str,
    at_least: usize,
) -> Option<trogs::progress::Progress> {
    use std::io::IsTerminal as _;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::hidden();
    bar.set_style(indicatif::ProgressStyle::with_template(template).expect("a valid template"));
    Some(std::sync::Arc::new(move |done, total| {
        if total < at_least {
            return;
        }
        if bar.is_hidden() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        if done >= total {
            bar.finish_and_clear();
        }
    }))
}

pub(crate) fn print_report(report: &trogs::site::Report) {
    for skipped in &report.skipped {
        tracing::warn!("left out: {skipped}");
    }
    println!("{report}");
}
