//! `trogs export [FILE]`

use std::path::PathBuf;

use anyhow::Context as _;

use trogs::config::ConfigArgs;
use trogs::store::json::{self, Shape};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where to write; standard output when left out
    file: Option<PathBuf>,
    /// `scan` (like `aws dynamodb scan`) or `batch` (a batch-write-item request)
    #[arg(long, default_value = "scan", value_parser = parse_shape)]
    shape: Shape,
    /// The table name in a batch file
    #[arg(long, default_value = json::DEFAULT_TABLE)]
    table: String,
}

pub async fn run(config: &ConfigArgs, args: Args) -> anyhow::Result<()> {
    let config = config.resolve()?;
    let store = super::open_store(&config)?;
    let items = store.scan_all().await?;
    let text = json::render(&items, args.shape, &args.table);
    match &args.file {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("exported {} items to {}", items.len(), path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}

fn parse_shape(s: &str) -> Result<Shape, String> {
    match s {
        "scan" => Ok(Shape::Scan),
        "batch" => Ok(Shape::Batch),
        _ => Err("use scan or batch".into()),
    }
}
