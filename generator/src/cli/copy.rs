//! `trogs copy --from STORE --to STORE`: moves a whole catalog between
//! engines, a page of items at a time (scan pages into a bulk load).

use anyhow::Context as _;

use trogs::config::ConfigArgs;
use trogs::store::Store;

/// Items read from the source at a time.
const PAGE: usize = 1000;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The catalog to copy: sqlite:PATH or dynamodb://TABLE
    #[arg(long)]
    from: String,
    /// Where to copy it (created when missing): sqlite:PATH or dynamodb://TABLE
    #[arg(long)]
    to: String,
    /// Copy into a catalog that already holds items (same keys are overwritten)
    #[arg(long)]
    merge: bool,
}

pub async fn run(config: &ConfigArgs, args: Args) -> anyhow::Result<()> {
    let config = config.resolve()?;
    let options = config.open_options();
    anyhow::ensure!(args.from != args.to, "--from and --to are the same store");
    let from = Store::open_with(&args.from, &options)
        .await
        .with_context(|| format!("opening {}", args.from))?;
    let to = Store::create_with(&args.to, &options)
        .await
        .with_context(|| format!("opening {}", args.to))?;
    if !args.merge && !to.is_empty().await? {
        anyhow::bail!(
            "{} already holds items; pass --merge to copy into it anyway",
            to.describe()
        );
    }
    if !to.loads_atomically() {
        eprintln!(
            "note: copying into {} in batches of 25. This is not one transaction: if it stops halfway, the items written so far stay, and running the same copy again converges.",
            to.describe()
        );
    }
    let load = to.bulk_load();
    let mut start = None;
    let mut read = 0usize;
    let copied: anyhow::Result<()> = async {
        loop {
            let page = from.scan(start, PAGE).await?;
            read += page.items.len();
            if !page.items.is_empty() && load.send(page.items).await.is_err() {
                break; // the load stopped: finish() says why
            }
            start = page.next;
            if start.is_none() {
                break;
            }
        }
        Ok(())
    }
    .await;
    if let Err(e) = copied {
        drop(load);
        return Err(e.context(format!("reading {}", from.describe())));
    }
    let n = load
        .finish()
        .await
        .with_context(|| format!("writing {}", to.describe()))?;
    anyhow::ensure!(n == read, "read {read} items but wrote {n}");
    println!(
        "copied {n} items from {} to {}",
        from.describe(),
        to.describe()
    );
    Ok(())
}
