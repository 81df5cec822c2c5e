//! `trogs backup FILE` and `trogs restore FILE`: a consistent copy of the
//! SQLite catalog taken while the upload service writes, and putting one
//! back. The work is in `trogs::store::backup`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use trogs::config::ConfigArgs;
use trogs::s3;
use trogs::store::Spec;
use trogs::store::backup;

#[derive(clap::Args, Debug)]
pub struct BackupArgs {
    /// Where to write the backup: a file (an earlier backup there is
    /// replaced; any other file is left alone) or s3://BUCKET/KEY; {date}
    /// in it stands for today (UTC), e.g. /var/backups/trogs/catalog-{date}.db
    dest: String,
    /// With {date} in the file name: keep the newest N dated backups and
    /// remove older ones (only files named so that are Trogs backups)
    #[arg(long, value_name = "N")]
    keep: Option<usize>,
}

#[derive(clap::Args, Debug)]
pub struct RestoreArgs {
    /// The backup file to restore into the catalog --store names
    file: PathBuf,
    /// Replace a catalog that holds items (it is kept beside as
    /// CATALOG.before-restore-TIMESTAMP)
    #[arg(long)]
    force: bool,
}

/// The SQLite file `--store` names, or why there is none to back up or
/// restore into.
fn sqlite_catalog(spec: &str, verb: &str) -> anyhow::Result<PathBuf> {
    match Spec::parse(spec)? {
        Spec::Sqlite(path) => Ok(path),
        Spec::Dynamo(table) => anyhow::bail!(
            "trogs {verb} works on a SQLite catalog, and --store is the DynamoDB table {table}. \
             DynamoDB keeps its own backups: turn on point-in-time recovery (the AWS template does) \
             and restore with `aws dynamodb restore-table-to-point-in-time`. For a copy you keep, \
             `trogs export FILE` writes DynamoDB JSON, and \
             `trogs copy --from dynamodb://{table} --to sqlite:FILE` a SQLite catalog \
             (restored with `trogs copy --from sqlite:FILE --to dynamodb://TABLE`)"
        ),
    }
}

pub async fn backup(config: &ConfigArgs, args: BackupArgs) -> anyhow::Result<()> {
    let config = config.resolve()?;
    let catalog = sqlite_catalog(&config.store, "backup")?;
    let spec = backup::dated(&args.dest, &backup::today()?);
    if let Some(location) = s3::Location::parse(&spec) {
        anyhow::ensure!(
            args.keep.is_none(),
            "--keep prunes dated backup files; for S3, expire old backups with a lifecycle rule on the bucket"
        );
        return to_s3(&catalog, &spec, location).await;
    }
    if let Some(keep) = args.keep {
        // Before the backup: what it couldn't prune by is refused without
        // writing anything.
        anyhow::ensure!(
            keep >= 1,
            "--keep 0 would remove the backup just taken: keep 1 or more, e.g. --keep 14"
        );
        backup::check_pattern(Path::new(&args.dest))?;
    }
    let dest = PathBuf::from(&spec);
    let done = {
        let (catalog, dest) = (catalog.clone(), dest.clone());
        tokio::task::spawn_blocking(move || backup::backup(&catalog, &dest)).await??
    };
    eprintln!(
        "backed up {} items of sqlite:{} to {}",
        done.items,
        catalog.display(),
        dest.display()
    );
    if let Some(keep) = args.keep {
        let pattern = PathBuf::from(&args.dest);
        let removed = tokio::task::spawn_blocking(move || backup::prune(&pattern, keep)).await??;
        for path in removed {
            eprintln!("removed the older backup {}", path.display());
        }
    }
    Ok(())
}

/// Backs up to a temporary file, then uploads it as one object.
async fn to_s3(
    catalog: &Path,
    spec: &str,
    location: Result<s3::Location, String>,
) -> anyhow::Result<()> {
    let (bucket, key) = match location {
        Ok(l) if !l.prefix.is_empty() => (l.bucket, l.prefix.trim_end_matches('/').to_string()),
        Ok(_) => anyhow::bail!("{spec}: name the object, e.g. s3://BUCKET/backups/catalog.db"),
        Err(e) => anyhow::bail!(e),
    };
    let dir = tempfile::tempdir().context("making a temporary folder for the backup")?;
    let file = dir.path().join("catalog.db");
    let done = {
        let (catalog, file) = (catalog.to_path_buf(), file.clone());
        tokio::task::spawn_blocking(move || backup::backup(&catalog, &file)).await??
    };
    let client = s3::Client::connect(&s3::Options::default()).await;
    backup::upload(&client, &bucket, &key, &file)
        .await
        .with_context(|| format!("uploading the backup to {spec}"))?;
    eprintln!(
        "backed up {} items of sqlite:{} to {spec}",
        done.items,
        catalog.display()
    );
    Ok(())
}

pub async fn restore(config: &ConfigArgs, args: RestoreArgs) -> anyhow::Result<()> {
    let config = config.resolve()?;
    let catalog = sqlite_catalog(&config.store, "restore")?;
    let done = {
        let (file, catalog) = (args.file.clone(), catalog.clone());
        tokio::task::spawn_blocking(move || backup::restore(&file, &catalog, args.force)).await??
    };
    if let Some(kept) = &done.kept {
        eprintln!("the catalog that was there is kept as {}", kept.display());
    }
    eprintln!(
        "restored {} items from {} into sqlite:{}",
        done.items,
        args.file.display(),
        catalog.display()
    );
    Ok(())
}
