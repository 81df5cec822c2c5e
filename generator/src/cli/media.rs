//! `trogs media process`: makes what the media of an existing catalog
//! lacks: the derivatives of every artist and album image (as the upload
//! service makes for new uploads), recorded on the items so pages offer
//! them instead of the full image; and, in a build with the `renditions`
//! feature, every track's renditions, loudness, peaks and duration.

use anyhow::Context as _;

use trogs::config::ConfigArgs;

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Make the derivatives every artist and album image lacks; images that
    /// have them are skipped, so running it again (or after an
    /// interruption) only finishes what is left
    Process(ProcessArgs),
}

#[derive(clap::Args, Debug)]
pub struct ProcessArgs {
    /// How many images are worked on at once
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    jobs: u16,
}

pub async fn run(config: &ConfigArgs, command: Command) -> anyhow::Result<()> {
    let Command::Process(args) = command;
    let config = config.resolve()?;
    let store = super::open_store(&config).await?;
    let media = super::open_media(&config).await;
    let report = trogs::images::derive_catalog(
        &store,
        &media,
        args.jobs.into(),
        super::progress_bar_for("{spinner} images {pos}/{len} {wide_bar} {eta}", 1),
    )
    .await
    .with_context(|| format!("reading the catalog {}", config.store))?;
    for failure in &report.failed {
        eprintln!("warning: {failure}");
    }
    println!("{report}");
    #[cfg(feature = "renditions")]
    {
        let audio = trogs::renditions::catalog::process_catalog(
            &store,
            &media,
            &trogs::renditions::Options::default(),
            args.jobs.into(),
            super::progress_bar_for("{spinner} tracks {pos}/{len} {wide_bar} {eta}", 1),
        )
        .await
        .with_context(|| format!("reading the catalog {}", config.store))?;
        for failure in &audio.failed {
            eprintln!("warning: {failure}");
        }
        println!("{audio}");
    }
    Ok(())
}
