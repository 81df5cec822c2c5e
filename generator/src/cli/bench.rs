//! `trogs bench`: full-build speed, one-album re-render time and peak memory
//! on synthetic catalogs. Figures are printed, never asserted: this machine
//! is shared and noisy. Each build runs in a child process, so its peak
//! memory is its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::Context as _;

use trogs::config::Config;
use trogs::config::ConfigArgs;
use trogs::demo::{self, Synthetic};
use trogs::s3::Location;
use trogs::site::PageRef;
use trogs::store::{AttributeValue, Key, Spec, Store, Update};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Catalog sizes, in pages [default: 1000,10000,100000; 1000,10000 with --store dynamodb://TABLE]
    #[arg(long, value_delimiter = ',')]
    sizes: Vec<usize>,
    /// Scratch folder for catalogs and output (a RAM disk measures the generator, not the disk)
    #[arg(long, default_value = "/dev/shm/trogs-bench")]
    dir: PathBuf,
    /// How many full builds to time at each size (the median is reported)
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Leave out the `cp -r` of the built site that a full build is compared with
    #[arg(long)]
    no_copy: bool,
    /// Leave out the builds without embeds and feeds (a million pages on a disk take long enough)
    #[arg(long)]
    no_bare: bool,
    /// Internal: measure one size in this process
    #[arg(long, hide = true)]
    child: Option<usize>,
}

pub async fn run(config: &ConfigArgs, mut args: Args) -> anyhow::Result<()> {
    if let Some(pages) = args.child {
        return child(config, &args, pages).await;
    }
    let resolved = config.resolve()?;
    if let Some(location) = resolved.out_s3() {
        if args.sizes.is_empty() {
            args.sizes = vec![10_000];
        }
        return s3_cost(&resolved, location, &args).await;
    }
    if let Spec::Dynamo(table) = Spec::parse(&resolved.store)? {
        if args.sizes.is_empty() {
            args.sizes = vec![1_000, 10_000];
        }
        return dynamo_cost(&resolved, &table, &args).await;
    }
    if args.sizes.is_empty() {
        args.sizes = vec![1_000, 10_000, 100_000];
    }
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("creating {}", args.dir.display()))?;
    println!(
        "{:>8} {:>10} {:>12} {:>12} {:>8} {:>14} {:>14} {:>8} {:>14} {:>10} {:>12}",
        "pages",
        "queries",
        "full build",
        "pages/s",
        "/ cp -r",
        "no extras",
        "unchanged",
        "faster",
        "one album",
        "peak MB",
        "index KB gz"
    );
    let mut targets = Vec::new();
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
        if args.no_copy {
            cmd.arg("--no-copy");
        }
        if args.no_bare {
            cmd.arg("--no-bare");
        }
        if let Some(theme) = &config.theme {
            cmd.arg("--theme").arg(theme);
        }
        let out = cmd.output().context("running the benchmark child")?;
        anyhow::ensure!(
            out.status.success(),
            "the benchmark at {pages} pages failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The child prints its row, then its figures against the targets,
        // which are listed below the table.
        let stdout = String::from_utf8_lossy(&out.stdout);
        let mut lines = stdout.lines();
        if let Some(row) = lines.next() {
            println!("{row}");
        }
        targets.extend(lines.map(str::to_string));
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "full build: median of {} cold builds into an empty folder, with the settings given (feeds, embeds and the sitemap by default); / cp -r: the full build's time over that of `cp -r` of the site it built, on the same disk; faster: the full build's time over the unchanged rebuild's; no extras: the same with embeds and feeds off (pages, assets, sitemap and robots.txt only); unchanged: a rebuild that writes nothing; one album: `build --changed album:ID` after a title change; peak MB: the resident memory of the first full build, in a fresh process; index KB gz: the largest of the home page and the artist index pages, gzipped",
        args.runs
    );
    if !targets.is_empty() {
        println!("targets (issue 21; Hugo's ratio is `scripts/bench-vs-hugo`'s):");
        for line in targets {
            println!("{line}");
        }
    }
    Ok(())
}

/// A figure against its target, as a line under the table.
fn target(pages: usize, what: &str, figure: String, target: &str, met: bool) -> String {
    let verdict = if met { "met" } else { "NOT met" };
    format!("  {pages:>8} pages: {what} {figure} (target {target}): {verdict}")
}

/// The peak memory target for a site of this size: under 120 MB at
/// 100,000 pages, 150 MB at 300,000 and 250 MB at a million; none below
/// 100,000.
fn memory_target(pages: usize) -> Option<f64> {
    match pages {
        0..95_000 => None,
        95_000..200_000 => Some(120.0),
        200_000..650_000 => Some(150.0),
        _ => Some(250.0),
    }
}

async fn child(config: &ConfigArgs, args: &Args, pages: usize) -> anyhow::Result<()> {
    let dir = args.dir.join(pages.to_string());
    let mut config = config.clone();
    config.store = Some(format!("sqlite:{}", dir.join("trogs.db").display()));
    config.out = Some(dir.join("out"));
    config.media_dir = Some(dir.join("media"));
    let config = config.resolve()?;
    let store = super::open_store(&config).await?;
    let mut site = super::open_site(&config, store.clone()).await?;
    site.progress = None;

    let mut times = Vec::new();
    let mut rendered = 0;
    let mut queries = 0;
    let mut peak: f64 = 0.0;
    for run in 0..args.runs.max(1) {
        let _ = std::fs::remove_dir_all(&config.out);
        let started = Instant::now();
        let r = site.build_all().await?;
        times.push(started.elapsed().as_secs_f64());
        rendered = r.pages;
        queries = r.queries;
        // The first build's peak, in a fresh process: later builds start
        // from memory the allocator kept from the ones before.
        if run == 0 {
            peak = peak_memory_mb(Path::new("/proc/self/status")).unwrap_or(f64::NAN);
        }
    }
    let full = median(&mut times);
    // What copying the site's bytes costs, on the same disk: the floor a
    // build that writes every file is compared with.
    let copy = if args.no_copy {
        f64::NAN
    } else {
        copy_secs(&config.out)?
    };

    // The same builds without the files beside pages (embeds, oEmbed
    // answers, playlists and feeds): what they cost, side by side.
    let bare_full = if args.no_bare {
        f64::NAN
    } else {
        let mut bare = site.clone();
        bare.info.embeds = false;
        bare.info.feeds = false;
        let mut bare_times = Vec::new();
        for _ in 0..args.runs.max(1) {
            let _ = std::fs::remove_dir_all(&config.out);
            let started = Instant::now();
            bare.build_all().await?;
            bare_times.push(started.elapsed().as_secs_f64());
        }
        // Back to the site as configured, for the figures that follow.
        let _ = std::fs::remove_dir_all(&config.out);
        site.build_all().await?;
        median(&mut bare_times)
    };

    let started = Instant::now();
    let unchanged = site.build_all().await?;
    let unchanged_secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        unchanged.written == 0,
        "an unchanged rebuild wrote {} pages",
        unchanged.written
    );

    // One album changes: its title.
    let album = rename_an_album(&store).await?;
    let started = Instant::now();
    let one = site.build_changed(&[PageRef::Album(album)]).await?;
    let one_ms = started.elapsed().as_secs_f64() * 1000.0;

    let (index_path, index_bytes) = largest_index_page(&config.out)?;
    tracing::debug!(index_path, index_bytes, "largest index page, gzipped");
    println!(
        "{:>8} {:>10} {:>10.3} s {:>12.0} {:>7.2}x {:>12.3} s {:>12.3} s {:>7.1}x {:>8.1} ms/{:<3} {:>10.1} {:>12.1}",
        rendered,
        queries,
        full,
        rendered as f64 / full,
        full / copy,
        bare_full,
        unchanged_secs,
        full / unchanged_secs,
        one_ms,
        one.rendered.len(),
        peak,
        index_bytes as f64 / 1000.0,
    );
    if let Some(limit) = memory_target(rendered) {
        println!(
            "{}",
            target(
                rendered,
                "peak memory",
                format!("{peak:.1} MB"),
                &format!("under {limit:.0} MB"),
                peak < limit
            )
        );
    }
    if rendered >= 200_000 {
        println!(
            "{}",
            target(
                rendered,
                "one album changed",
                format!("{one_ms:.1} ms"),
                "under 20 ms",
                one_ms < 20.0
            )
        );
        println!(
            "{}",
            target(
                rendered,
                "unchanged rebuild",
                format!("{:.1}x faster than a full build", full / unchanged_secs),
                "at least 5x",
                full / unchanged_secs >= 5.0
            )
        );
    }
    if !args.no_copy {
        println!(
            "{}",
            target(
                rendered,
                "full build / cp -r",
                format!("{:.2}x", full / copy),
                "at most 1.5x",
                full / copy <= 1.5
            )
        );
    }
    Ok(())
}

/// How long `cp -r` takes to copy a built site beside it (the copy is
/// removed after).
fn copy_secs(out: &Path) -> anyhow::Result<f64> {
    let copy = out.with_extension("copy");
    let _ = std::fs::remove_dir_all(&copy);
    let started = Instant::now();
    let status = Command::new("cp")
        .arg("-r")
        .arg(out)
        .arg(&copy)
        .status()
        .context("running cp -r")?;
    let secs = started.elapsed().as_secs_f64();
    anyhow::ensure!(status.success(), "cp -r {} failed", out.display());
    let _ = std::fs::remove_dir_all(&copy);
    Ok(secs)
}

/// The median of some timings.
fn median(times: &mut [f64]) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The largest of the home page and the artist index pages
/// (`artists/*.html`) of a built site, gzipped: its path and size.
pub fn largest_index_page(out: &Path) -> anyhow::Result<(String, usize)> {
    use std::io::Write as _;
    let mut pages = vec![out.join("index.html")];
    if let Ok(dir) = std::fs::read_dir(out.join("artists")) {
        for entry in dir {
            pages.push(entry?.path());
        }
    }
    let mut largest = (String::new(), 0);
    for page in pages {
        let bytes = std::fs::read(&page).with_context(|| format!("reading {}", page.display()))?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&bytes)?;
        let size = gz.finish()?.len();
        if size > largest.1 {
            largest = (page.display().to_string(), size);
        }
    }
    Ok(largest)
}

/// What publishing to S3 costs in requests: a full publish into an empty
/// prefix, an unchanged republish from a fresh process (as a CI runner
/// with an empty folder: a new target with nothing cached), and a
/// republish after one album changed. The catalog is a synthetic SQLite
/// one; each size publishes under `PREFIX/bench-PAGES-RANDOM/` (the bucket
/// is created when missing: this is meant for moto or a scratch bucket).
async fn s3_cost(config: &Config, location: Location, args: &Args) -> anyhow::Result<()> {
    let options = config.s3_options();
    let client = trogs::s3::Client::connect(&options).await;
    let exists = client
        .sdk
        .head_bucket()
        .bucket(&location.bucket)
        .send()
        .await
        .is_ok();
    if !exists {
        client
            .sdk
            .create_bucket()
            .bucket(&location.bucket)
            .send()
            .await
            .map_err(|e| anyhow::anyhow!(trogs::s3::error_text(&e)))
            .with_context(|| format!("creating the bucket {}", location.bucket))?;
    }
    println!(
        "{:>7} {:>40} {:>40} {:>40}",
        "pages", "full publish", "unchanged republish", "one album changed"
    );
    for &pages in &args.sizes {
        let dir = args.dir.join(format!("s3-{pages}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let store = Store::create(&format!("sqlite:{}", dir.join("trogs.db").display())).await?;
        demo::seed_synthetic(&store, &dir.join("media"), Synthetic::of_pages(pages)).await?;
        let at = Location {
            bucket: location.bucket.clone(),
            prefix: format!(
                "{}bench-{pages}-{:08x}/",
                location.prefix,
                fastrand::u32(..)
            ),
        };
        let target = || {
            trogs::publish::Target::S3(trogs::publish::S3Target::with_client(
                client.clone(),
                at.clone(),
                options.public_read,
            ))
        };
        let publish = |target: trogs::publish::Target| {
            let store = store.clone();
            async move {
                let mut site = super::open_site(config, store).await?;
                site.target = target.clone();
                site.progress = None;
                anyhow::Ok((site, target))
            }
        };
        let requests = |t: &trogs::publish::Target| match t {
            trogs::publish::Target::S3(s) => s.requests(),
            _ => unreachable!(),
        };
        let sizes = |t: &trogs::publish::Target| match t {
            trogs::publish::Target::S3(s) => s.manifest_sizes(),
            _ => unreachable!(),
        };
        let (site, t) = publish(target()).await?;
        let started = Instant::now();
        let full = site.build_all().await?;
        let full_secs = started.elapsed().as_secs_f64();
        let full_requests = requests(&t);
        let (full_base, _) = sizes(&t);

        let (site, t) = publish(target()).await?;
        let unchanged = site.build_all().await?;
        let unchanged_requests = requests(&t);
        anyhow::ensure!(
            unchanged.written + unchanged.assets_written + unchanged.feeds_written == 0,
            "an unchanged republish wrote {} objects",
            unchanged.written + unchanged.assets_written + unchanged.feeds_written
        );

        let album = rename_an_album(&store).await?;
        let (site, t) = publish(target()).await?;
        let one = site.build_changed(&[PageRef::Album(album)]).await?;
        let one_requests = requests(&t);
        let (one_base, one_delta) = sizes(&t);
        println!(
            "{:>7} {:>40} {:>40} {:>40}",
            full.rendered.len(),
            full_requests.to_string(),
            unchanged_requests.to_string(),
            one_requests.to_string(),
        );
        println!(
            "{:>7} {:>40} {:>40} {:>40}",
            "",
            format!(
                "{} objects written, {full_secs:.1} s",
                full.written + full.assets_written + full.feeds_written
            ),
            format!(
                "{} objects written",
                unchanged.written + unchanged.assets_written + unchanged.feeds_written
            ),
            format!("{} pages written", one.written),
        );
        println!(
            "{:>7} {:>40} {:>40} {:>40}",
            "",
            format!("manifest {:.1} KB", full_base.unwrap_or(0) as f64 / 1000.0),
            "",
            format!(
                "manifest {:.1} KB, log {:.1} KB",
                one_base.unwrap_or(0) as f64 / 1000.0,
                one_delta as f64 / 1000.0
            ),
        );
        println!("        published under {at}");
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "each figure is a fresh process's (a new target: a CI runner with an empty folder); requests as the target made them, not counting the SDK's retries"
    );
    Ok(())
}

/// Renames an album of the catalog (the change the one-album figures
/// measure) and returns its id.
async fn rename_an_album(store: &Store) -> anyhow::Result<String> {
    let album = any_album(store).await?;
    let content = trogs::catalog::queries::album_content(store, &album)
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
    Ok(album)
}

/// An album of the catalog: the first album of the first artist.
async fn any_album(store: &Store) -> anyhow::Result<String> {
    let artists = trogs::catalog::queries::artists(store).await?.value;
    for artist in artists {
        let content = trogs::catalog::queries::artist_content(store, &artist.id).await?;
        if let Some(album) = content.value.and_then(|c| c.albums.into_iter().next()) {
            return Ok(album.id);
        }
    }
    anyhow::bail!("the catalog has no album")
}

/// The peak resident memory of this process (VmHWM), in MB.
fn peak_memory_mb(status: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(status).ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// What a catalog costs in DynamoDB read units: a full build, the floor,
/// the original site's way, and one album's re-render. Each size gets its
/// own table, `TABLE-PAGES`, created when missing and refused when not
/// empty.
async fn dynamo_cost(config: &Config, table: &str, args: &Args) -> anyhow::Result<()> {
    use futures_util::stream::{self, StreamExt as _, TryStreamExt as _};
    println!(
        "{:>7} {:>7} {:>8} {:>8} {:>9} {:>8} {:>7} {:>10} {:>7} {:>6} {:>10} {:>9}",
        "pages",
        "items",
        "queries",
        "RCU",
        "floor",
        "/floor",
        "scans",
        "original",
        "/orig",
        "1 alb q",
        "1 alb RCU",
        "build s"
    );
    for &pages in &args.sizes {
        let dir = args.dir.join(format!("dynamodb-{pages}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let spec = format!("dynamodb://{table}-{pages}");
        let store = Store::create_with(&spec, &config.open_options())
            .await
            .with_context(|| format!("creating {spec}"))?;
        anyhow::ensure!(
            store.is_empty().await?,
            "{} holds items already; the benchmark fills a table of its own (delete it, or use another --store name)",
            store.describe()
        );
        demo::seed_synthetic(&store, &dir.join("media"), Synthetic::of_pages(pages)).await?;

        // The floor: every item read once, eventually consistent, with no
        // rounding (a full build must read every item at least once).
        let items = store.scan_all().await?;
        let bytes: usize = items.iter().map(trogs::store::dynamo::item_size).sum();
        let floor = bytes as f64 / 4096.0 / 2.0;

        let mut config = config.clone();
        config.out = dir.join("out");
        config.media_dir = dir.join("media");
        let mut site = super::open_site(&config, store.clone()).await?;
        site.progress = None;
        let scans = store
            .stats()
            .scans
            .load(std::sync::atomic::Ordering::Relaxed);
        let started = Instant::now();
        let report = site.build_all().await?;
        let secs = started.elapsed().as_secs_f64();
        let scans = store
            .stats()
            .scans
            .load(std::sync::atomic::Ordering::Relaxed)
            - scans;
        let rcu = report.read_units.unwrap_or(f64::NAN);

        // The original way: the same query for each home, artist and album
        // page view, and a read of its own for each track page.
        let tracks: Vec<String> = report
            .rendered
            .iter()
            .filter_map(|p| match PageRef::from_path(p) {
                Some(PageRef::Track(id)) => Some(id),
                _ => None,
            })
            .collect();
        let before = store.stats().read_units();
        stream::iter(tracks)
            .map(|id| {
                let store = store.clone();
                async move { store.get(Key::same(&id)).await }
            })
            .buffer_unordered(store.max_in_flight())
            .try_collect::<Vec<_>>()
            .await?;
        let original = rcu + (store.stats().read_units() - before);

        // One album changes.
        let album = rename_an_album(&store).await?;
        let one = site.build_changed(&[PageRef::Album(album)]).await?;

        println!(
            "{:>7} {:>7} {:>8} {:>8.1} {:>9.1} {:>7.2}x {:>7} {:>10.1} {:>6.2}x {:>7} {:>10.1} {:>9.2}",
            report.rendered.len(),
            items.len(),
            report.queries,
            rcu,
            floor,
            rcu / floor,
            scans,
            original,
            rcu / original,
            one.queries,
            one.read_units.unwrap_or(f64::NAN),
            secs,
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!(
        "RCU: read units a full build consumed (DynamoDB's figures); floor: the table's item bytes / 4 KB / 2 (every item read once, eventually consistent, no rounding); original: one query per home, artist and album page view plus a read of its own per track page; 1 alb: `build --changed album:ID` after a title change"
    );
    Ok(())
}
