//! A local folder as the site target (`site-out/` by default).
//!
//! Safety rules, because the folder may be shared with files Trogs did not
//! write: no write or delete goes through a symbolic link inside the folder;
//! temporary files are created exclusively under unpredictable names; a new
//! path is claimed in the journal before it is written, so a build killed
//! halfway still knows its files; a file Trogs did not publish is never
//! overwritten or removed.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use walkdir::WalkDir;

use super::manifest::{DELTA_PATH, JOURNAL_PATH, MANIFEST_PATH, Manifest, SavePlan};
use super::{PublishError, Put, Result, temp_name};

/// What marked the pages of Trogs versions that kept no manifest.
const EARLIER_PAGE_MARK: &[u8] = b"<meta name=\"trogs:parents\"";

#[derive(Debug, Clone)]
pub struct LocalFolder {
    root: PathBuf,
    state: Arc<State>,
}

/// An open folder below the root, that new files are created in: the
/// kernel then looks up one name instead of walking the whole path (about a
/// twentieth of the kernel's time in a full build), and a folder swapped
/// for a link after it was checked is not followed.
#[cfg(unix)]
type Handle = Option<Arc<std::os::fd::OwnedFd>>;
#[cfg(not(unix))]
type Handle = Option<()>;

#[derive(Debug, Default)]
struct State {
    /// Folders below the root known to be real folders (not links), with a
    /// handle on each (`None` when it could not be opened: files are then
    /// created by their whole path, as everywhere but on Unix).
    folders: Mutex<HashMap<String, Handle, foldhash::fast::RandomState>>,
    journal: Mutex<Option<File>>,
    /// The manifest as this process last saved it, with the stamp of its
    /// files then: a long-running process (the upload service, `serve`,
    /// a benchmark) does not read it back while nobody else changed it.
    cache: Mutex<Option<(Manifest, Stamp)>>,
}

/// Length and modification time of the manifest's files.
type Stamp = [Option<(u64, std::time::SystemTime)>; 2];

impl LocalFolder {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        LocalFolder {
            root: root.into(),
            state: Arc::default(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn load_manifest(&self, adopt: bool) -> Result<Manifest> {
        // Folders are checked again each build: someone may have removed or
        // replaced them since the last one.
        self.state
            .folders
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        match std::fs::metadata(&self.root) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(PublishError::NotAFolder(self.root.clone())),
            Err(e) if e.kind() == ErrorKind::NotFound => {
                std::fs::create_dir_all(&self.root).map_err(|source| PublishError::Write {
                    path: self.root.clone(),
                    source,
                })?;
            }
            Err(source) => {
                return Err(PublishError::Read {
                    path: self.root.clone(),
                    source,
                });
            }
        }
        let journal = self.read_state_file(JOURNAL_PATH)?;
        let cached = self
            .state
            .cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some((manifest, stamp)) = cached
            && journal.is_none()
            && stamp == self.stamp()
        {
            return Ok(manifest);
        }
        let mut manifest = match self.read_state_file(MANIFEST_PATH)? {
            Some(file) => {
                let mut manifest =
                    Manifest::read(file).map_err(|source| PublishError::Manifest {
                        path: self.root.join(MANIFEST_PATH),
                        source,
                    })?;
                self.apply_delta(&mut manifest)?;
                manifest
            }
            // A first build was interrupted: its journal says what it wrote.
            None if journal.is_some() => Manifest::default(),
            None => self.first_manifest(adopt)?,
        };
        // Paths a killed build claimed are ours, whatever they hold.
        if let Some(mut journal) = journal {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut journal, &mut text).map_err(|source| {
                PublishError::Read {
                    path: self.root.join(JOURNAL_PATH),
                    source,
                }
            })?;
            let mut claimed = std::collections::BTreeSet::new();
            for line in text.lines() {
                match line.strip_prefix('-') {
                    Some(path) => claimed.remove(path),
                    None => claimed.insert(line),
                };
            }
            for path in claimed.into_iter().filter(|p| super::check_path(p).is_ok()) {
                manifest.claim(path);
            }
        }
        Ok(manifest)
    }

    /// Applies the delta log, if there is one for this base; a log left from
    /// an older base is removed.
    fn apply_delta(&self, manifest: &mut Manifest) -> Result<()> {
        let Some(mut file) = self.read_state_file(DELTA_PATH)? else {
            return Ok(());
        };
        let path = self.root.join(DELTA_PATH);
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).map_err(|source| {
            PublishError::Read {
                path: path.clone(),
                source,
            }
        })?;
        let applied = manifest
            .apply_delta(&text)
            .map_err(|source| PublishError::Manifest {
                path: path.clone(),
                source,
            })?;
        // A log of an older format that applied stays until the base is
        // rewritten: until then it is what records its changes.
        if !text.is_empty() && !applied {
            std::fs::remove_file(&path).map_err(|source| PublishError::Remove { path, source })?;
        }
        Ok(())
    }

    fn stamp(&self) -> Stamp {
        [MANIFEST_PATH, DELTA_PATH].map(|rel| {
            let m = std::fs::symlink_metadata(self.root.join(rel)).ok()?;
            Some((m.len(), m.modified().ok()?))
        })
    }

    /// The manifest of a folder that has none: empty for an empty folder;
    /// the pages and assets of an earlier Trogs, which marked its pages;
    /// empty when the user adopts the folder; otherwise a refusal.
    fn first_manifest(&self, adopt: bool) -> Result<Manifest> {
        let read_err = |source| PublishError::Read {
            path: self.root.clone(),
            source,
        };
        let mut visible = Vec::new();
        for entry in std::fs::read_dir(&self.root).map_err(read_err)? {
            let name = entry.map_err(read_err)?.file_name();
            let name = name.to_string_lossy().to_string();
            if !name.starts_with('.') {
                visible.push(name);
            }
        }
        visible.sort();
        let mut manifest = Manifest::default();
        if visible.is_empty() || adopt {
            return Ok(manifest);
        }
        let index = self.root.join("index.html");
        let earlier = std::fs::symlink_metadata(&index).is_ok_and(|m| m.is_file())
            && std::fs::read(&index).is_ok_and(|b| contains(&b, EARLIER_PAGE_MARK));
        if !earlier {
            return Err(PublishError::NotOurs {
                root: self.root.clone(),
                example: visible[0].clone(),
            });
        }
        tracing::info!(
            "{} was published by an earlier Trogs: adopting its pages and assets",
            self.root.display()
        );
        for entry in WalkDir::new(&self.root).follow_links(false) {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&self.root) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if super::check_path(&rel).is_err() {
                continue;
            }
            let ours = if rel.ends_with(".html") {
                std::fs::read(entry.path()).is_ok_and(|b| contains(&b, EARLIER_PAGE_MARK))
            } else {
                rel.starts_with("assets/") && is_fingerprinted(&rel)
            };
            if ours {
                manifest.claim(&rel);
            }
        }
        Ok(manifest)
    }

    /// Opens a file under `.trogs/`, refusing links; `None` when missing.
    fn read_state_file(&self, rel: &str) -> Result<Option<File>> {
        let full = self.root.join(rel);
        let (dir, _) = rel.rsplit_once('/').expect("state files are in .trogs/");
        for p in [self.root.join(dir), full.clone()] {
            match std::fs::symlink_metadata(&p) {
                Ok(m) if m.file_type().is_symlink() => return Err(PublishError::Symlink(p)),
                Ok(_) => {}
                Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
                Err(source) => return Err(PublishError::Read { path: p, source }),
            }
        }
        File::open(&full)
            .map(Some)
            .map_err(|source| PublishError::Read { path: full, source })
    }

    /// Makes sure every folder of `dir` (relative) is a real folder below
    /// the root, creating what is missing; links are refused.
    fn folder(&self, dir: &str, create: bool) -> Result<bool> {
        Ok(self.folder_handle(dir, create)?.is_some())
    }

    /// [`LocalFolder::folder`], with the folder's handle: `None` when the
    /// folder is missing (and not created), `Some(None)` when it is there
    /// but has no handle.
    fn folder_handle(&self, dir: &str, create: bool) -> Result<Option<Handle>> {
        {
            let known = self.state.folders.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(handle) = known.get(dir) {
                return Ok(Some(handle.clone()));
            }
        }
        let mut at = 0;
        loop {
            let end = dir[at..].find('/').map_or(dir.len(), |i| at + i);
            let prefix = &dir[..end];
            let full = self.root.join(prefix);
            match std::fs::symlink_metadata(&full) {
                Ok(m) if m.file_type().is_symlink() => return Err(PublishError::Symlink(full)),
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(PublishError::NotAFolder(full)),
                Err(e) if e.kind() == ErrorKind::NotFound && create => {
                    match std::fs::create_dir(&full) {
                        Ok(()) => {}
                        // Another thread made it at the same moment: check again.
                        Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                        Err(source) => return Err(PublishError::Write { path: full, source }),
                    }
                }
                Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
                Err(source) => return Err(PublishError::Read { path: full, source }),
            }
            if end == dir.len() {
                break;
            }
            at = end + 1;
        }
        let handle = self.open_folder(dir);
        self.state
            .folders
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(dir.to_string(), handle.clone());
        Ok(Some(handle))
    }

    /// A handle on the folder `dir` just checked, not following a link in
    /// its place (opened for lookups only, `O_PATH`, where Linux has it).
    #[cfg(unix)]
    fn open_folder(&self, dir: &str) -> Handle {
        use rustix::fs::{Mode, OFlags};
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let access = OFlags::PATH;
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        let access = OFlags::RDONLY;
        let flags = access | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        rustix::fs::open(self.root.join(dir), flags, Mode::empty())
            .ok()
            .map(Arc::new)
    }

    #[cfg(not(unix))]
    fn open_folder(&self, _dir: &str) -> Handle {
        None
    }

    /// [`create_and_write`] of `name` in the folder `handle`; `None` when
    /// there is no handle to do it with.
    #[cfg(unix)]
    fn put_new_in(
        handle: &Handle,
        name: &str,
        bytes: &[u8],
    ) -> Option<std::result::Result<(), std::io::Error>> {
        use rustix::fs::{AtFlags, Mode, OFlags};
        let folder = handle.as_deref()?;
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = match rustix::fs::openat(folder, name, flags, Mode::from_raw_mode(0o666)) {
            Ok(fd) => fd,
            Err(e) => return Some(Err(e.into())),
        };
        let written = File::from(fd).write_all(bytes);
        if written.is_err() {
            let _ = rustix::fs::unlinkat(folder, name, AtFlags::empty());
        }
        Some(written)
    }

    #[cfg(not(unix))]
    fn put_new_in(
        _handle: &Handle,
        _name: &str,
        _bytes: &[u8],
    ) -> Option<std::result::Result<(), std::io::Error>> {
        None
    }

    pub fn put(&self, path: &str, bytes: &[u8], how: Put) -> Result<()> {
        let (dir, name) = match path.rsplit_once('/') {
            Some((dir, name)) => (Some(dir), name),
            None => (None, path),
        };
        let handle = match dir {
            Some(dir) => self.folder_handle(dir, true)?.flatten(),
            None => None,
        };
        if how == Put::New {
            // A path nobody had, written in place, through its folder's
            // handle where there is one. It was claimed first, so a build
            // killed mid-write still knows the file is its own; creating it
            // fails on anything already there (a file, a link), and then
            // the claim is taken back.
            let written = match Self::put_new_in(&handle, name, bytes) {
                Some(done) => done,
                None => create_and_write(&self.root.join(path), bytes),
            };
            return match written {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    self.claim(&[path], false)?;
                    Err(PublishError::Foreign(self.root.join(path)))
                }
                Err(source) => Err(PublishError::Write {
                    path: self.root.join(path),
                    source,
                }),
            };
        }
        let full = self.root.join(path);
        let err = |source| PublishError::Write {
            path: full.clone(),
            source,
        };
        match std::fs::symlink_metadata(&full) {
            Ok(m) if m.file_type().is_symlink() => return Err(PublishError::Symlink(full)),
            Ok(m) if m.is_dir() => return Err(PublishError::NotAFolder(full)),
            Ok(_) | Err(_) => {}
        }
        // Write beside, then rename: a reader (or `serve`) never sees half a
        // page. `create_new` refuses an existing file or link at the name.
        let tmp = full.with_file_name(temp_name(name));
        create_and_write(&tmp, bytes).map_err(err)?;
        std::fs::rename(&tmp, &full).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            err(e)
        })
    }

    /// Notes paths in the journal before they are first written (`-path`
    /// takes a claim back).
    pub fn claim(&self, paths: &[&str], ours: bool) -> Result<()> {
        let mut journal = self.state.journal.lock().unwrap_or_else(|p| p.into_inner());
        let full = self.root.join(JOURNAL_PATH);
        let err = |source| PublishError::Write {
            path: full.clone(),
            source,
        };
        if journal.is_none() {
            self.folder(".trogs", true)?;
            if std::fs::symlink_metadata(&full).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(PublishError::Symlink(full));
            }
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&full)
                .map_err(err)?;
            *journal = Some(file);
        }
        let file = journal.as_mut().expect("opened above");
        let mut lines = String::new();
        for path in paths {
            if !ours {
                lines.push('-');
            }
            lines.push_str(path);
            lines.push('\n');
        }
        file.write_all(lines.as_bytes()).map_err(err)
    }

    /// Saves the manifest: nothing when nothing changed, a few lines
    /// appended to the delta log for a small change, the whole base (and a
    /// new log) otherwise.
    pub fn save_manifest(&self, mut manifest: Manifest) -> Result<()> {
        self.folder(".trogs", true)?;
        let base = self.root.join(MANIFEST_PATH);
        let delta = self.root.join(DELTA_PATH);
        for p in [&base, &delta] {
            if std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(PublishError::Symlink(p.clone()));
            }
        }
        let base_len = std::fs::metadata(&base).ok().map(|m| m.len());
        let delta_len = std::fs::metadata(&delta).map_or(0, |m| m.len());
        match manifest.save_plan(base_len, delta_len) {
            SavePlan::Nothing => {}
            SavePlan::AppendDelta => {
                let mut text = String::new();
                if delta_len == 0 {
                    text.push_str(&manifest.delta_head());
                }
                text.push_str(&manifest.delta_lines());
                let err = |source| PublishError::Write {
                    path: delta.clone(),
                    source,
                };
                let mut file = OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&delta)
                    .map_err(err)?;
                file.write_all(text.as_bytes()).map_err(err)?;
                file.sync_data().map_err(err)?;
            }
            SavePlan::RewriteBase => {
                manifest.generation = fastrand::u64(1..);
                self.write_base(&manifest)?;
                match std::fs::remove_file(&delta) {
                    Ok(()) => {}
                    Err(e) if e.kind() == ErrorKind::NotFound => {}
                    Err(source) => {
                        return Err(PublishError::Remove {
                            path: delta,
                            source,
                        });
                    }
                }
            }
        }
        // Every claimed path is in the manifest now.
        {
            let mut journal = self.state.journal.lock().unwrap_or_else(|p| p.into_inner());
            *journal = None;
        }
        match std::fs::remove_file(self.root.join(JOURNAL_PATH)) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(source) => {
                return Err(PublishError::Remove {
                    path: self.root.join(JOURNAL_PATH),
                    source,
                });
            }
        }
        manifest.unsee();
        let stamp = self.stamp();
        *self.state.cache.lock().unwrap_or_else(|p| p.into_inner()) = Some((manifest, stamp));
        Ok(())
    }

    fn write_base(&self, manifest: &Manifest) -> Result<()> {
        let full = self.root.join(MANIFEST_PATH);
        let err = |source| PublishError::Write {
            path: full.clone(),
            source,
        };
        let tmp = full.with_file_name(temp_name("manifest.json"));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(err)?;
        let written = manifest.write(&file).and_then(|()| file.sync_all());
        if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, &full)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(err(e));
        }
        Ok(())
    }

    pub fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        if let Some((dir, _)) = path.rsplit_once('/')
            && !self.folder(dir, false)?
        {
            return Ok(None);
        }
        let full = self.root.join(path);
        match std::fs::symlink_metadata(&full) {
            Ok(m) if m.file_type().is_symlink() => return Err(PublishError::Symlink(full)),
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(PublishError::Read { path: full, source }),
        }
        std::fs::read(&full)
            .map(Some)
            .map_err(|source| PublishError::Read { path: full, source })
    }

    pub fn remove(&self, path: &str) -> Result<bool> {
        if let Some((dir, _)) = path.rsplit_once('/')
            && !self.folder(dir, false)?
        {
            return Ok(false);
        }
        let full = self.root.join(path);
        match std::fs::symlink_metadata(&full) {
            Ok(m) if m.file_type().is_symlink() => Err(PublishError::Symlink(full)),
            Ok(m) if m.is_file() => match std::fs::remove_file(&full) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
                Err(source) => Err(PublishError::Remove { path: full, source }),
            },
            Ok(_) => Err(PublishError::NotAFolder(full)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
            Err(source) => Err(PublishError::Read { path: full, source }),
        }
    }
}

/// Creates the file `path`, which must not exist (nor a link in its
/// place), and writes `bytes` to it; a file half written is removed. What
/// [`LocalFolder::put_new_in`] does through a folder's handle.
fn create_and_write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(bytes).inspect_err(|_| {
        let _ = std::fs::remove_file(path);
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// `name.0123456789.ext`: the shape of a theme asset's published name.
fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split('.').any(|part| {
        part.len() == 10
            && part
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::{LocalFolder, Put};

    #[test]
    fn a_folder_swapped_for_a_link_during_a_build_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        let folder = LocalFolder::new(&site);
        folder.load_manifest(false).unwrap();
        folder
            .claim(&["track/a.html", "track/b.html"], true)
            .unwrap();
        folder.put("track/a.html", b"a", Put::New).unwrap();
        // Between two files of one build, the checked folder is moved away
        // and a link out of the site put in its place.
        std::fs::rename(site.join("track"), site.join("moved")).unwrap();
        std::os::unix::fs::symlink(&outside, site.join("track")).unwrap();
        folder.put("track/b.html", b"b", Put::New).unwrap();
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
        assert_eq!(std::fs::read(site.join("moved/b.html")).unwrap(), b"b");
        // The next build checks its folders again and refuses the link.
        folder.load_manifest(false).unwrap();
        let err = folder.put("track/c.html", b"c", Put::New).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    }

    #[test]
    fn a_new_file_never_replaces_one_already_there() {
        let dir = tempfile::tempdir().unwrap();
        let folder = LocalFolder::new(dir.path());
        folder.load_manifest(false).unwrap();
        std::fs::create_dir(dir.path().join("album")).unwrap();
        std::fs::write(dir.path().join("album/x.html"), "theirs").unwrap();
        let err = folder.put("album/x.html", b"ours", Put::New).unwrap_err();
        assert!(matches!(err, super::PublishError::Foreign(_)), "{err}");
        assert_eq!(
            std::fs::read(dir.path().join("album/x.html")).unwrap(),
            b"theirs"
        );
    }
}
