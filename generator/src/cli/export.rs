//! `trogs export [FILE]`: pages through the table and writes each page as
//! it comes, so memory does not grow with the catalog.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context as _;

use trogs::config::ConfigArgs;
use trogs::store::Item;
use trogs::store::json::{self, Shape};

/// Items read from the table at a time.
const PAGE: usize = 1000;

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
    let store = super::open_store(&config).await?;
    let out: Box<dyn Write + Send> = match &args.file {
        Some(path) => Box::new(
            std::fs::File::create(path).with_context(|| format!("writing {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    // Pages are read here and written on a blocking thread, one behind.
    // `None` ends the document: without it (the scan failed) the writer
    // stops short instead of closing a document that would look whole.
    let (pages, mut received) = tokio::sync::mpsc::channel::<Option<Vec<Item>>>(1);
    let (shape, table) = (args.shape, args.table.clone());
    let writer = tokio::task::spawn_blocking(move || {
        let mut w = json::Writer::new(BufWriter::with_capacity(1 << 16, out), shape, &table)?;
        loop {
            match received.blocking_recv() {
                Some(Some(page)) => page.iter().try_for_each(|item| w.write(item))?,
                Some(None) => break,
                None => return Err(std::io::Error::other("the export stopped")),
            }
        }
        let (_, n) = w.finish()?;
        Ok::<_, std::io::Error>(n)
    });
    let mut start = None;
    loop {
        let page = store.scan(start, PAGE).await?;
        if pages.send(Some(page.items)).await.is_err() {
            break; // the writer failed; it says why below
        }
        start = page.next;
        if start.is_none() {
            let _ = pages.send(None).await;
            break;
        }
    }
    drop(pages);
    let written = writer.await?;
    let n = match &args.file {
        Some(path) => written.with_context(|| format!("writing {}", path.display()))?,
        None => written.context("writing to standard output")?,
    };
    if let Some(path) = &args.file {
        eprintln!("exported {n} items to {}", path.display());
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
