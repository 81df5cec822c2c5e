//! `trogs import FILE`: two passes over the file, one item in memory at a
//! time. The first checks every item and every key and refuses the file
//! before anything is created; the second writes it as one load (one
//! transaction into SQLite; batches of 25 into DynamoDB, which has no
//! transaction that large, so a rerun after a failure converges instead).

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use trogs::config::ConfigArgs;
use trogs::store::json::{self, JsonError, Summary};
use trogs::store::{Item, Store};

/// Items handed to the store at a time.
const CHUNK: usize = 500;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A DynamoDB JSON file: `aws dynamodb scan` output or a batch-write-item request
    file: PathBuf,
    /// In a batch-write-item file with requests for several tables, the table to import
    #[arg(long)]
    table: Option<String>,
}

pub async fn run(config: &ConfigArgs, args: Args) -> anyhow::Result<()> {
    let config = config.resolve()?;
    let refused = || {
        format!(
            "{} was not imported; nothing was written",
            args.file.display()
        )
    };

    // Pass 1: check the whole file before the catalog is touched.
    let (file, table) = (args.file.clone(), args.table.clone());
    let (summary, digest) = tokio::task::spawn_blocking(move || {
        let mut reader = Digesting::open(&file)?;
        let summary = json::check(&mut reader, table.as_deref())?;
        Ok::<_, JsonError>((summary, reader.digest()))
    })
    .await?
    .with_context(refused)?;
    if let Some(marker) = summary.partial {
        eprintln!(
            "warning: {} is a partial export: it carries {marker}, so the scan that wrote it stopped before the end of the table. Importing the {} items it holds; export the rest and import it too.",
            args.file.display(),
            summary.items
        );
    }

    // Pass 2: the same items again, written as one load.
    let existed = Store::exists(&config.store).await?;
    let store = super::create_store(&config).await?;
    if !store.loads_atomically() {
        eprintln!(
            "note: the whole file was checked; {} items go into {} in batches of 25. A DynamoDB import is not one transaction: if it stops halfway, the items written so far stay, and running the same import again converges (puts are idempotent).",
            summary.items,
            store.describe()
        );
    }
    let load = store.bulk_load();
    let (file, table) = (args.file.clone(), args.table.clone());
    let streamed = tokio::task::spawn_blocking(move || {
        let mut reader = Digesting::open(&file)?;
        let mut chunk: Vec<Item> = Vec::with_capacity(CHUNK);
        let mut stopped = false;
        let again = json::read(&mut reader, table.as_deref(), |_, item| {
            chunk.push(item);
            if chunk.len() == CHUNK && load.blocking_send(std::mem::take(&mut chunk)).is_err() {
                // The store refused an item: finish() says which.
                stopped = true;
                return Err(JsonError::Shape("stopped".into()));
            }
            Ok(())
        });
        if stopped {
            return Ok((load, None));
        }
        let again: Summary = again?;
        if !chunk.is_empty() {
            let _ = load.blocking_send(chunk);
        }
        Ok::<_, JsonError>((load, Some((again, reader.digest()))))
    })
    .await?;
    let result: anyhow::Result<usize> = match streamed {
        Err(e) => Err(e.into()),
        Ok((load, Some((again, d)))) if again != summary || d != digest => {
            drop(load);
            Err(anyhow::anyhow!(
                "the file changed while it was being imported"
            ))
        }
        Ok((load, _)) => load.finish().await.map_err(Into::into),
    };
    match result {
        Ok(n) => {
            if existed {
                // The imported artists may have no name claims: the upload
                // service's next start (or `trogs names`) claims them.
                store
                    .delete(trogs::catalog::names::marker_key(), None)
                    .await?;
            }
            println!("imported {n} items into {}", store.describe());
            Ok(())
        }
        Err(e) if !store.loads_atomically() => Err(e.context(format!(
            "{} was imported only in part into {}: run the same import again to finish it",
            args.file.display(),
            store.describe()
        ))),
        Err(e) => {
            if !existed {
                remove_catalog(store);
            }
            Err(e.context(refused()))
        }
    }
}

/// Removes a catalog this import created and then could not fill.
fn remove_catalog(store: Store) {
    let Some(path) = store.file() else { return };
    drop(store);
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

/// A file reader that hashes what it reads, so the second pass can tell
/// that it read the same bytes as the first.
struct Digesting {
    file: File,
    hasher: blake3::Hasher,
}

impl Digesting {
    fn open(path: &Path) -> Result<Self, JsonError> {
        Ok(Digesting {
            file: File::open(path).map_err(JsonError::Io)?,
            hasher: blake3::Hasher::new(),
        })
    }

    fn digest(&self) -> blake3::Hash {
        self.hasher.finalize()
    }
}

impl Read for Digesting {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}
