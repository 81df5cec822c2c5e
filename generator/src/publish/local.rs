//! A local folder as the site target (`site-out/` by default).
//!
//! Safety rules, because the folder may be shared with files Trogs did not
//! write: no write or delete goes through a symbolic link inside the folder;
//! temporary files are created exclusively under unpredictable names; a new
//! path is claimed in the journal before it is written, so a build killed
//! halfway still knows its files; a file Trogs did not publish is never
//! overwritten or removed.

use std::collections::HashSet;
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

#[derive(Debug, Default)]
struct State {
    /// Folders below the root known to be real folders (not links).
    folders: Mutex<HashSet<String, foldhash::fast::RandomState>>,
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
        {
            let known = self.state.folders.lock().unwrap_or_else(|p| p.into_inner());
            if known.contains(dir) {
                return Ok(true);
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
                Err(e) if e.kind() == ErrorKind::NotFound => return Ok(false),
                Err(source) => return Err(PublishError::Read { path: full, source }),
            }
            if end == dir.len() {
                break;
            }
            at = end + 1;
        }
        self.state
            .folders
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(dir.to_string());
        Ok(true)
    }

    pub fn put(&self, path: &str, bytes: &[u8], how: Put) -> Result<()> {
        let (dir, name) = match path.rsplit_once('/') {
            Some((dir, name)) => (Some(dir), name),
            None => (None, path),
        };
        if let Some(dir) = dir {
            self.folder(dir, true)?;
        }
        let full = self.root.join(path);
        let err = |source| PublishError::Write {
            path: full.clone(),
            source,
        };
        if how == Put::New {
            // A path nobody had, written in place. It was claimed first, so
            // a build killed mid-write still knows the file is its own;
            // `create_new` fails on anything already there (a file, a link),
            // and then the claim is taken back.
            let mut file = match OpenOptions::new().write(true).create_new(true).open(&full) {
                Ok(file) => file,
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    self.claim(&[path], false)?;
                    return Err(PublishError::Foreign(full));
                }
                Err(e) => return Err(err(e)),
            };
            return file.write_all(bytes).map_err(|e| {
                let _ = std::fs::remove_file(&full);
                err(e)
            });
        }
        match std::fs::symlink_metadata(&full) {
            Ok(m) if m.file_type().is_symlink() => return Err(PublishError::Symlink(full)),
            Ok(m) if m.is_dir() => return Err(PublishError::NotAFolder(full)),
            Ok(_) | Err(_) => {}
        }
        // Write beside, then rename: a reader (or `serve`) never sees half a
        // page. `create_new` refuses an existing file or link at the name.
        let tmp = full.with_file_name(temp_name(name));
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(err)?;
        if let Err(e) = file.write_all(bytes) {
            let _ = std::fs::remove_file(&tmp);
            return Err(err(e));
        }
        drop(file);
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
