//! The `trogs` command: one file per subcommand; the work is in the library.

mod bench;
mod build;
mod demo;
mod export;
mod import;
mod serve;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::config::{Config, ConfigArgs};
use crate::publish::Target;
use crate::site::{Site, SiteInfo, Theme};
use crate::store::Store;

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
    config: ConfigArgs,
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
    /// Measure build speed and memory on synthetic catalogs
    Bench(bench::Args),
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
    runtime.block_on(async {
        match cli.command {
            Command::Build(args) => build::run(&cli.config, args).await,
            Command::Serve(args) => serve::run(&cli.config, args).await,
            Command::Import(args) => import::run(&cli.config, args).await,
            Command::Export(args) => export::run(&cli.config, args).await,
            Command::Demo(args) => demo::run(&cli.config, args).await,
            Command::Bench(args) => bench::run(&cli.config, args).await,
        }
    })
}

pub(crate) fn open_store(config: &Config) -> anyhow::Result<Store> {
    Store::open(&config.store).with_context(|| format!("opening the catalog {}", config.store))
}

pub(crate) fn site_info(config: &Config) -> SiteInfo {
    SiteInfo {
        title: config.title.clone(),
        base_url: config.base_url.clone(),
        description: config.description.clone(),
        media_url: config.media_url.clone(),
    }
}

pub(crate) fn open_site(config: &Config, store: Store) -> anyhow::Result<Site> {
    let theme = std::sync::Arc::new(Theme::load(&config.theme)?);
    Ok(Site {
        info: site_info(config),
        theme,
        store,
        target: Target::local(&config.out),
        progress: true,
    })
}

pub(crate) fn print_report(report: &crate::site::Report) {
    for skipped in &report.skipped {
        tracing::warn!("left out: {skipped}");
    }
    println!("{report}");
}
