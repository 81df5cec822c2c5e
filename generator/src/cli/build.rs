//! `trogs build`

use trogs::config::ConfigArgs;
use trogs::site::Site;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Re-render only the pages these changes touch: artist:ID,album:ID,track:ID
    #[arg(long, value_name = "CHANGES")]
    changed: Option<String>,
    /// Publish into a folder holding files Trogs did not write: files at
    /// Trogs' page paths are overwritten, nothing else is touched
    #[arg(long)]
    adopt: bool,
    /// Allow a build that removes most (or all) of the published pages
    #[arg(long)]
    prune: bool,
}

pub async fn run(config: &ConfigArgs, args: Args) -> anyhow::Result<()> {
    let config = config.resolve()?;
    let store = super::open_store(&config).await?;
    let mut site = super::open_site(&config, store).await?;
    site.options.adopt = args.adopt;
    site.options.prune = args.prune;
    let report = match &args.changed {
        Some(spec) => {
            let changes = Site::parse_changes(spec)?;
            anyhow::ensure!(
                !changes.is_empty(),
                "--changed needs at least one of artist:ID, album:ID, track:ID"
            );
            site.build_changed(&changes).await?
        }
        None => site.build_all().await?,
    };
    super::print_report(&report);
    Ok(())
}
