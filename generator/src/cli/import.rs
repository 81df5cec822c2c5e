//! `trogs import FILE`

use std::path::PathBuf;

use anyhow::Context as _;

use trogs::config::ConfigArgs;
use trogs::store::json;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A DynamoDB JSON file: `aws dynamodb scan` output or a batch-write-item request
    file: PathBuf,
}

pub async fn run(config: &ConfigArgs, args: Args) -> anyhow::Result<()> {
    let config = config.resolve()?;
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let refused = || {
        format!(
            "{} was not imported; nothing was written",
            args.file.display()
        )
    };
    let items = json::parse(&text).with_context(refused)?;
    let store = super::create_store(&config)?;
    let n = store.put_all(items).await.with_context(refused)?;
    println!("imported {n} items into {}", store.describe());
    Ok(())
}
