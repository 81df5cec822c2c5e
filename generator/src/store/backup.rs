//! Backups of a SQLite catalog while the upload service writes to it, and
//! their restore. A backup is SQLite's online backup of the live file into a
//! temporary file beside the destination, renamed into place only once whole
//! and checked, so a half backup never carries the destination's name.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// The columns every Trogs catalog's `items` table has.
const ITEM_COLUMNS: [&str; 3] = ["pk", "sk", "item"];

/// SQLite's application id that marks a file as a Trogs backup ("TROG"):
/// only such a file is replaced by a new backup. A live catalog has none,
/// so a backup never lands on a catalog in use.
const BACKUP_ID: i32 = 0x5452_4f47;

/// How long a backup or restore waits on a lock another connection holds.
const BUSY: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Refused(String),
    #[error("{path}: {detail}")]
    Io { path: PathBuf, detail: String },
    #[error("SQLite on {path}: {detail}")]
    Sqlite { path: PathBuf, detail: String },
}

pub type Result<T> = std::result::Result<T, BackupError>;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |e| BackupError::Io {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

fn sql(path: &Path) -> impl FnOnce(rusqlite::Error) -> BackupError + '_ {
    move |e| BackupError::Sqlite {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// What a backup or a restore wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    /// Items in the copy.
    pub items: u64,
    /// Restore only: where the catalog that was replaced now is.
    pub kept: Option<PathBuf>,
}

/// Whether `path` is a catalog Trogs wrote: a SQLite file with the `items`
/// table. `Err` says why not. Opened read-write (never created): a
/// read-only connection cannot open a WAL catalog whose service is stopped
/// (there is no shared-memory file yet); nothing is written.
fn trogs_catalog(path: &Path) -> std::result::Result<Connection, String> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| e.to_string())?;
    let _ = conn.busy_timeout(BUSY);
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('items')")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(|e| e.to_string())?;
    match ITEM_COLUMNS
        .iter()
        .find(|c| !columns.iter().any(|have| have == *c))
    {
        None => Ok(conn),
        Some(_) if columns.is_empty() => Err("it has no `items` table".into()),
        Some(c) => Err(format!("its `items` table has no `{c}` column")),
    }
}

/// `PRAGMA integrity_check` and the item count of a catalog file.
fn check(conn: &Connection, path: &Path) -> Result<u64> {
    let report: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(sql(path))?;
    if report != ["ok"] {
        return Err(BackupError::Refused(format!(
            "{} fails SQLite's integrity check: {}",
            path.display(),
            report.join("; ")
        )));
    }
    conn.query_row("SELECT count(*) FROM items", [], |r| r.get::<_, i64>(0))
        .map(|n| n as u64)
        .map_err(sql(path))
}

/// A temporary file beside `dest`, removed when dropped unless persisted.
fn temp_beside(dest: &Path, what: &str) -> Result<tempfile::NamedTempFile> {
    let dir = match dest.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tempfile::Builder::new()
        .prefix(&format!(".{name}.{what}-"))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io(dir))
}

/// Copies the SQLite database at `from` into the (empty) file at `to`, as one
/// consistent snapshot, and leaves `to` as a single file (no WAL).
fn copy_database(from: &Connection, to: &Path, application_id: i32) -> Result<()> {
    let mut dest = Connection::open(to).map_err(sql(to))?;
    {
        let backup = rusqlite::backup::Backup::new(from, &mut dest).map_err(sql(to))?;
        // All pages in one step: the catalog is in WAL mode, where a reader
        // never blocks the writer, so one step holds no lock the upload
        // service waits on. Stepping a few pages at a time would instead
        // start over each time the service writes, and under steady uploads
        // a large catalog might never finish.
        let started = std::time::Instant::now();
        loop {
            match backup.step(-1).map_err(sql(to))? {
                rusqlite::backup::StepResult::Done => break,
                _ if started.elapsed() > BUSY => {
                    return Err(BackupError::Refused(format!(
                        "the catalog stayed locked for {} s; try again",
                        BUSY.as_secs()
                    )));
                }
                // Busy or locked: another connection holds a lock a moment.
                _ => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
    // The copy takes the source's WAL flag; a backup is one
    // self-contained file.
    dest.pragma_update(None, "journal_mode", "DELETE")
        .map_err(sql(to))?;
    dest.pragma_update(None, "application_id", application_id)
        .map_err(sql(to))?;
    dest.close().map_err(|(_, e)| sql(to)(e))?;
    Ok(())
}

/// Renames the finished temporary file to `dest` and makes both durable.
fn persist(temp: tempfile::NamedTempFile, dest: &Path) -> Result<()> {
    temp.as_file().sync_all().map_err(io(temp.path()))?;
    temp.persist(dest).map_err(|e| io(dest)(e.error))?;
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Backs up the live catalog at `catalog` into the file `dest`, while the
/// upload service keeps writing. `dest` is replaced only when it is itself a
/// Trogs catalog (an earlier backup); any other file there is left alone.
pub fn backup(catalog: &Path, dest: &Path) -> Result<Done> {
    if !catalog.is_file() {
        return Err(BackupError::Refused(format!(
            "the catalog {} does not exist: check --store",
            catalog.display()
        )));
    }
    if let (Ok(a), Ok(b)) = (catalog.canonicalize(), dest.canonicalize())
        && a == b
    {
        return Err(BackupError::Refused(format!(
            "{} is the catalog itself: back it up to another file",
            dest.display()
        )));
    }
    if dest.is_dir() {
        return Err(BackupError::Refused(format!(
            "{} is a directory: name the backup file, e.g. {}/catalog.backup.db",
            dest.display(),
            dest.display()
        )));
    }
    if dest.exists() {
        let why = match trogs_catalog(dest) {
            Err(why) => Some(format!("not a Trogs catalog ({why})")),
            Ok(conn) => {
                match conn.pragma_query_value(None, "application_id", |r| r.get::<_, i32>(0)) {
                    Ok(BACKUP_ID) => None,
                    _ => Some("a Trogs catalog, not a backup".to_string()),
                }
            }
        };
        if let Some(why) = why {
            return Err(BackupError::Refused(format!(
                "{} exists and is {why}; Trogs replaces only its own earlier backups. Choose another file name",
                dest.display()
            )));
        }
    }
    let source = trogs_catalog(catalog).map_err(|why| {
        BackupError::Refused(format!(
            "{} is not a Trogs catalog: {why}",
            catalog.display()
        ))
    })?;
    let temp = temp_beside(dest, "backup")?;
    copy_database(&source, temp.path(), BACKUP_ID)?;
    drop(source);
    let items = {
        let conn = trogs_catalog(temp.path()).map_err(|why| {
            BackupError::Refused(format!("the backup copy is not a catalog: {why}"))
        })?;
        check(&conn, temp.path())?
    };
    persist(temp, dest)?;
    Ok(Done { items, kept: None })
}

/// Checks that `file` is a whole Trogs catalog (the integrity check and the
/// `items` table) and returns its item count, touching nothing.
pub fn verify(file: &Path) -> Result<u64> {
    if !file.is_file() {
        return Err(BackupError::Refused(format!(
            "the backup {} does not exist",
            file.display()
        )));
    }
    let conn = trogs_catalog(file).map_err(|why| {
        BackupError::Refused(format!(
            "{} is not a Trogs catalog backup: {why}",
            file.display()
        ))
    })?;
    check(&conn, file)
}

/// Restores the backup `file` as the catalog at `catalog`. A catalog there
/// that holds items is replaced only with `force`; whatever was there is
/// kept beside as `CATALOG.before-restore-TIMESTAMP`. Refuses while another
/// process (the upload service, `trogs serve`) has the catalog open.
pub fn restore(file: &Path, catalog: &Path, force: bool) -> Result<Done> {
    verify(file)?;
    if let (Ok(a), Ok(b)) = (catalog.canonicalize(), file.canonicalize())
        && a == b
    {
        return Err(BackupError::Refused(format!(
            "{} is the catalog itself",
            file.display()
        )));
    }
    let side = |suffix: &str| {
        let mut s = catalog.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    // Holds the old catalog locked, so nothing writes to it between the
    // check and the swap.
    let mut guard = None;
    if catalog.exists() {
        let conn = trogs_catalog(catalog).map_err(|why| {
            BackupError::Refused(format!(
                "{} exists and is not a Trogs catalog ({why}); Trogs replaces only its own catalogs. Restore to another path",
                catalog.display()
            ))
        })?;
        let items: i64 = conn
            .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
            .map_err(sql(catalog))?;
        if items > 0 && !force {
            return Err(BackupError::Refused(format!(
                "the catalog {} holds {items} items; pass --force to replace it (it is then kept beside as {}.before-restore-TIMESTAMP)",
                catalog.display(),
                catalog.display()
            )));
        }
        // Leaving WAL mode needs the only connection: it fails while the
        // service has the catalog open. It also folds the WAL into the file,
        // so the copy kept beside is whole, and no WAL file is left for the
        // restored catalog to pick up.
        conn.busy_timeout(Duration::from_secs(2))
            .map_err(sql(catalog))?;
        let in_use = || {
            BackupError::Refused(format!(
                "the catalog {} is in use: stop trogs-uploader (and any `trogs serve`) first, then restore",
                catalog.display()
            ))
        };
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))
            .map_err(|_| in_use())?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(in_use());
        }
        conn.execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;")
            .map_err(|_| in_use())?;
        guard = Some(conn);
    }
    for suffix in ["-wal", "-journal"] {
        if side(suffix).exists() {
            return Err(BackupError::Refused(format!(
                "{} exists without its catalog: it is SQLite's journal of an earlier catalog at this path, which the restored one must not pick up. Move it elsewhere, then restore",
                side(suffix).display()
            )));
        }
    }
    if let Some(dir) = catalog.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let temp = temp_beside(catalog, "restore")?;
    {
        let source = Connection::open_with_flags(
            file,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql(file))?;
        copy_database(&source, temp.path(), 0)?;
    }
    let items = {
        let conn = trogs_catalog(temp.path()).map_err(|why| {
            BackupError::Refused(format!("the restored copy is not a catalog: {why}"))
        })?;
        check(&conn, temp.path())?
    };
    let mut kept = None;
    if let Some(guard) = &guard {
        let stamp: String = guard
            .query_row("SELECT strftime('%Y%m%dT%H%M%SZ', 'now')", [], |r| r.get(0))
            .map_err(sql(catalog))?;
        let mut aside = side(&format!(".before-restore-{stamp}"));
        let mut n = 1;
        while aside.exists() {
            n += 1;
            aside = side(&format!(".before-restore-{stamp}-{n}"));
        }
        // A second name for the old catalog first, so the catalog's path
        // names a whole catalog at every moment.
        std::fs::hard_link(catalog, &aside).map_err(io(&aside))?;
        kept = Some(aside);
    }
    persist(temp, catalog)?;
    drop(guard);
    Ok(Done { items, kept })
}

/// The placeholder in a backup's file name for the day it is taken (UTC,
/// `2026-12-06`): `catalog-{date}.db` makes one file a day, and [`prune`]
/// keeps the newest few.
pub const DATE: &str = "{date}";

/// Today's date, UTC, as `YYYY-MM-DD` (SQLite's clock, as the restore's
/// stamp reads it).
pub fn today() -> Result<String> {
    let conn = Connection::open_in_memory().map_err(sql(Path::new(":memory:")))?;
    conn.query_row("SELECT date('now')", [], |r| r.get(0))
        .map_err(sql(Path::new(":memory:")))
}

/// `pattern` with [`DATE`] in its file name replaced by `date`.
pub fn dated(pattern: &str, date: &str) -> String {
    pattern.replace(DATE, date)
}

/// The folder and the parts of the file name around [`DATE`], for a
/// pattern that holds it once, in the file name; `Err` says how to write
/// one.
fn split_pattern(pattern: &Path) -> Result<(PathBuf, String, String)> {
    let bad = || {
        BackupError::Refused(format!(
            "{}: put {DATE} once in the backup's file name (not its folder), e.g. /var/backups/trogs/catalog-{DATE}.db",
            pattern.display()
        ))
    };
    let name = pattern
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(bad)?;
    let folder = pattern.parent().unwrap_or(Path::new(""));
    if folder.to_string_lossy().contains(DATE) || name.matches(DATE).count() != 1 {
        return Err(bad());
    }
    let (before, after) = name.split_once(DATE).ok_or_else(bad)?;
    let folder = if folder.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        folder.to_path_buf()
    };
    Ok((folder, before.to_string(), after.to_string()))
}

/// True for a `YYYY-MM-DD` date.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// True when `path` is a Trogs backup: a catalog file carrying the backup
/// mark (SQLite's application id).
pub fn is_backup(path: &Path) -> bool {
    path.is_file()
        && trogs_catalog(path).is_ok_and(|conn| {
            conn.pragma_query_value(None, "application_id", |r| r.get::<_, i32>(0))
                .is_ok_and(|id| id == BACKUP_ID)
        })
}

/// Keeps the newest `keep` of the dated backups `pattern` names (a path
/// whose file name holds [`DATE`]) and removes the older ones. Only a file
/// whose name is the pattern with a date in place of [`DATE`], and which
/// is a Trogs backup, is ever removed: nothing else in the folder is
/// touched. Returns what was removed, oldest first.
pub fn prune(pattern: &Path, keep: usize) -> Result<Vec<PathBuf>> {
    if keep == 0 {
        return Err(BackupError::Refused(
            "keep at least 1 backup (the one just taken)".into(),
        ));
    }
    let (folder, before, after) = split_pattern(pattern)?;
    let mut dated: Vec<(String, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(&folder).map_err(io(&folder))? {
        let entry = entry.map_err(io(&folder))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(date) = name
            .strip_prefix(before.as_str())
            .and_then(|rest| rest.strip_suffix(after.as_str()))
        else {
            continue;
        };
        if is_date(date) && is_backup(&entry.path()) {
            dated.push((date.to_string(), entry.path()));
        }
    }
    dated.sort();
    let old = dated.len().saturating_sub(keep);
    let mut removed = Vec::new();
    for (_, path) in dated.into_iter().take(old) {
        std::fs::remove_file(&path).map_err(io(&path))?;
        removed.push(path);
    }
    Ok(removed)
}

/// Checks a backup destination pattern without writing anything: `Err`
/// says how to write one.
pub fn check_pattern(pattern: &Path) -> Result<()> {
    split_pattern(pattern).map(|_| ())
}

/// The S3 metadata that marks an object as a Trogs backup: only such an
/// object is ever replaced.
const S3_MARK: &str = "trogs-backup";

/// Uploads the backup `file` to `bucket`/`key`, replacing only an earlier
/// Trogs backup there.
pub async fn upload(
    client: &crate::s3::Client,
    bucket: &str,
    key: &str,
    file: &Path,
) -> Result<()> {
    let s3_err = |e: String| BackupError::Io {
        path: PathBuf::from(format!("s3://{bucket}/{key}")),
        detail: e,
    };
    match client
        .sdk
        .head_object()
        .bucket(bucket)
        .key(key)
        .send()
        .await
    {
        Ok(head) => {
            if !head.metadata().is_some_and(|m| m.contains_key(S3_MARK)) {
                return Err(BackupError::Refused(format!(
                    "s3://{bucket}/{key} exists and is not a Trogs backup; Trogs replaces only its own earlier backups. Choose another key"
                )));
            }
        }
        Err(e) if e.as_service_error().is_some_and(|e| e.is_not_found()) => {}
        Err(e) => {
            return Err(s3_err(
                aws_sdk_s3::error::DisplayErrorContext(&e).to_string(),
            ));
        }
    }
    let bytes = std::fs::read(file).map_err(io(file))?;
    client
        .sdk
        .put_object()
        .bucket(bucket)
        .key(key)
        .metadata(S3_MARK, "1")
        .content_type("application/vnd.sqlite3")
        .body(aws_sdk_s3::primitives::ByteStream::from(bytes))
        .send()
        .await
        .map_err(|e| s3_err(aws_sdk_s3::error::DisplayErrorContext(&e).to_string()))?;
    Ok(())
}
