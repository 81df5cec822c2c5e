//! `trogs media process`: makes what the media of an existing catalog
//! lacks: the derivatives of every artist and album image (as the upload
//! service makes for new uploads), recorded on the items so pages offer
//! them instead of the full image; and, in a build with the `renditions`
//! feature, every track's renditions, loudness, peaks and duration.

use anyhow::Context as _;

use trogs::config::ConfigArgs;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Make the image derivatives and (with the `renditions` feature) the
    /// streaming renditions the catalog's media lacks; what has them is
    /// skipped, so running it again (or after an interruption) only
    /// finishes what is left
    Process(ProcessArgs),
}

#[derive(clap::Args, Debug)]
pub struct ProcessArgs {
    /// How many files are worked on at once
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: u16,
}

pub async fn run(config: &ConfigArgs, command: Command) -> anyhow::Result<()> {
    let Command::Process(args) = command;
    let config = config.resolve()?;
    let store = super::open_store(&config).await?;
    let media = super::open_media(&config).await;
    process(&config, &store, &media, args.jobs.into()).await
}

/// Runs the media pipeline over the catalog with progress bars, warns about
/// each file that failed, and prints what it did.
pub(crate) async fn process(
    config: &trogs::config::Config,
    store: &trogs::store::Store,
    media: &trogs::media::Media,
    jobs: usize,
) -> anyhow::Result<()> {
    let progress = trogs::pipeline::Progresses {
        images: super::progress_bar_for("{spinner} images {pos}/{len} {wide_bar} {eta}", 1),
        tracks: super::progress_bar_for("{spinner} tracks {pos}/{len} {wide_bar} {eta}", 1),
    };
    let report = trogs::pipeline::process_catalog(store, media, jobs, progress)
        .await
        .with_context(|| format!("reading the catalog {}", config.store))?;
    for failure in report.failures() {
        eprintln!("warning: {failure}");
    }
    println!("{report}");
    Ok(())
}
