//! `trogs demo`

use trogs::config::ConfigArgs;
use trogs::demo::{self, Synthetic};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Make a synthetic catalog with this many artists (with --albums and --tracks)
    #[arg(long, requires_all = ["albums", "tracks"])]
    artists: Option<usize>,
    /// Albums in all, spread over the artists
    #[arg(long, requires = "artists")]
    albums: Option<usize>,
    /// Album tracks in all, spread over the albums
    #[arg(long, requires = "artists")]
    tracks: Option<usize>,
    /// Leave the demo's media as uploaded: no image derivatives and no
    /// streaming renditions (`trogs media process` makes them later)
    #[arg(long)]
    no_process: bool,
}

pub async fn run(config: &ConfigArgs, args: Args) -> anyhow::Result<()> {
    let config = config.resolve()?;
    let store = super::create_store(&config).await?;
    let media = super::open_media(&config).await;
    let seeded = match (args.artists, args.albums, args.tracks) {
        (Some(artists), Some(albums), Some(tracks)) => {
            demo::seed_synthetic(
                &store,
                &media,
                Synthetic {
                    artists,
                    albums,
                    tracks,
                },
            )
            .await?
        }
        _ => demo::seed(&store, &media).await?,
    };
    println!(
        "wrote {seeded} into {} (media in {})",
        store.describe(),
        media.describe()
    );
    if args.no_process || args.artists.is_some() {
        return Ok(());
    }
    super::media::process(&config, &store, &media, 4).await
}
