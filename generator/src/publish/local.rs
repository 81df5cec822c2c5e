//! A local folder as the site target (`site-out/` by default).

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{PublishError, Result, Written};

#[derive(Debug, Clone)]
pub struct LocalFolder {
    root: PathBuf,
}

impl LocalFolder {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        LocalFolder { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<Written> {
        let full = self.root.join(path);
        match std::fs::read(&full) {
            Ok(existing) if existing == bytes => return Ok(Written::Unchanged),
            _ => {}
        }
        let err = |source| PublishError::Write {
            path: full.clone(),
            source,
        };
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        // Write beside, then rename: a reader (or `serve`) never sees half a page.
        let tmp = full.with_file_name(format!(
            ".{}.{:?}.tmp",
            full.file_name().and_then(|n| n.to_str()).unwrap_or("page"),
            std::thread::current().id()
        ));
        std::fs::write(&tmp, bytes).map_err(err)?;
        std::fs::rename(&tmp, &full).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            err(e)
        })?;
        Ok(Written::Written)
    }

    pub fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let full = self.root.join(path);
        match std::fs::read(&full) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(source) => Err(PublishError::Read { path: full, source }),
        }
    }

    pub fn remove(&self, path: &str) -> Result<bool> {
        let full = self.root.join(path);
        match std::fs::remove_file(&full) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
            Err(source) => Err(PublishError::Remove { path: full, source }),
        }
    }

    pub fn list(&self, prefix: &str) -> Result<Vec<String>> {
        let dir = self.root.join(prefix);
        if !dir.is_dir() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for entry in WalkDir::new(&dir) {
            let entry = entry.map_err(|e| PublishError::Read {
                path: dir.clone(),
                source: e.into_io_error().unwrap_or_else(|| ErrorKind::Other.into()),
            })?;
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&self.root)
                    .expect("below the root");
                let rel = rel.to_string_lossy().replace('\\', "/");
                if !rel.rsplit('/').next().is_some_and(|n| n.starts_with('.')) {
                    out.push(rel);
                }
            }
        }
        Ok(out)
    }
}
