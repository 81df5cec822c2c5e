//! `trogs bench`: full-build speed, one-album re-render time and peak memory
//! on synthetic catalogs. Figures are printed, never asserted: this machine
//! is shared and noisy. Each build runs in a child process, so its peak
//! memory is its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::Context as _;

use trogs::config::ConfigArgs;
use trogs::demo::{self, Synthetic};
use trogs::site::PageRef;
use trogs::store::{AttributeValue, Key, Store, Update};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Catalog sizes, in pages
    #[arg(long, value_delimiter = ',', default_values_t = [1_000usize, 10_000, 100_000])]
    sizes: Vec<usize>,
    /// Scratch folder for catalogs and output (a RAM disk measures the generator, not the disk)
    #[arg(long, default_value = "/dev/shm/trogs-bench")]
    dir: PathBuf,
    /// How many full builds to time at each size (the median is reported)
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Internal: measure one size in this process
    #[arg(long, hide = true)]
    child: Option<usize>,
}

pub async fn run(config: &ConfigArgs, args: Args) -> anyhow::Result<()> {
    if let Some(pages) = args.child {
        return child(config, &args, pages).await;
    }
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("creating {}", args.dir.display()))?;
    println!(
        "{:>8} {:>10} {:>12} {:>12} {:>14} {:>14} {:>10}",
        "pages", "queries", "full build", "pages/s", "unchanged", "one album", "peak MB"
    );
    for &pages in &args.sizes {
        let dir = args.dir.join(pages.to_string());
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let store = Store::create(&format!("sqlite:{}", dir.join("trogs.db").display())).await?;
        demo::seed_synthetic(&store, &dir.join("media"), Synthetic::of_pages(pages)).await?;
        drop(store);
        let mut cmd = Command::new(std::env::current_exe()?);
        cmd.arg("bench")
            .arg("--child")
            .arg(pages.to_string())
            .arg("--dir")
            .arg(&args.dir)
            .arg("--runs")
            .arg(args.runs.to_string());
        if let Some(theme) = &config.theme {
            cmd.arg("--theme").arg(theme);
        }
        let out = cmd.output().context("running the benchmark child")?;
        anyhow::ensure!(
            out.status.success(),
            "the benchmark at {pages} pages failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        print!("{}", String::from_utf8_lossy(&out.stdout));
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "full build: median of {} cold builds into an empty folder; unchanged: a rebuild that writes nothing; one album: `build --changed album:ID` after a title change",
        args.runs
    );
    Ok(())
}

async fn child(config: &ConfigArgs, args: &Args, pages: usize) -> anyhow::Result<()> {
    let dir = args.dir.join(pages.to_string());
    let mut config = config.clone();
    config.store = Some(format!("sqlite:{}", dir.join("trogs.db").display()));
    config.out = Some(dir.join("out"));
    config.media_dir = Some(dir.join("media"));
    let config = config.resolve()?;
    let store = super::open_store(&config).await?;
    let mut site = super::open_site(&config, store.clone())?;
    site.progress = None;

    let mut times = Vec::new();
    let mut report = None;
    for _ in 0..args.runs.max(1) {
        let _ = std::fs::remove_dir_all(&config.out);
        let started = Instant::now();
        let r = site.build_all().await?;
        times.push(started.elapsed().as_secs_f64());
        report = Some(r);
    }
    times.sort_by(f64::total_cmp);
    let full = times[times.len() / 2];
    let report = report.expect("at least one run");
    let rendered = report.rendered.len();

    let started = Instant::now();
    let unchanged = site.build_all().await?;
    let unchanged_secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        unchanged.written == 0,
        "an unchanged rebuild wrote {} pages",
        unchanged.written
    );

    // One album changes: its title.
    let album = report
        .rendered
        .iter()
        .find_map(|p| match PageRef::from_path(p) {
            Some(PageRef::Album(id)) => Some(id),
            _ => None,
        })
        .context("the catalog has no album")?;
    let content = trogs::catalog::queries::album_content(&store, &album)
        .await?
        .value
        .context("album")?;
    store
        .update(
            Key::new(&content.album.artist_id, &album),
            vec![Update::Set(
                "AlbumTitle".into(),
                AttributeValue::s("Renamed for the benchmark"),
            )],
            None,
        )
        .await?;
    let started = Instant::now();
    let one = site.build_changed(&[PageRef::Album(album)]).await?;
    let one_ms = started.elapsed().as_secs_f64() * 1000.0;

    println!(
        "{:>8} {:>10} {:>10.3} s {:>12.0} {:>12.3} s {:>8.1} ms/{:<3} {:>10.1}",
        rendered,
        report.queries,
        full,
        rendered as f64 / full,
        unchanged_secs,
        one_ms,
        one.rendered.len(),
        peak_memory_mb(Path::new("/proc/self/status")).unwrap_or(f64::NAN),
    );
    Ok(())
}

/// The peak resident memory of this process (VmHWM), in MB.
fn peak_memory_mb(status: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(status).ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
