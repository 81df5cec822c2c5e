//! Where the site goes: the target interface and its engines. Every output
//! of a build passes through `Target::write`, which writes only what changed.

mod local;

use std::path::PathBuf;

pub use local::LocalFolder;

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("writing {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("reading {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("removing {path}: {source}")]
    Remove {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0:?} is not a path inside the site")]
    BadPath(String),
}

pub type Result<T, E = PublishError> = std::result::Result<T, E>;

/// What a write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Written,
    Unchanged,
}

/// A site target. Paths are relative and use `/` (`album/ID.html`).
/// Methods are blocking: they are called from the rendering threads.
#[derive(Debug, Clone)]
pub enum Target {
    Local(LocalFolder),
}

impl Target {
    pub fn local(root: impl Into<PathBuf>) -> Target {
        Target::Local(LocalFolder::new(root))
    }

    /// Writes `bytes` at `path` unless the same bytes are already there.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<Written> {
        check_path(path)?;
        match self {
            Target::Local(l) => l.write(path, bytes),
        }
    }

    pub fn read(&self, path: &str) -> Result<Option<Vec<u8>>> {
        check_path(path)?;
        match self {
            Target::Local(l) => l.read(path),
        }
    }

    /// Removes `path`; `false` when it was not there.
    pub fn remove(&self, path: &str) -> Result<bool> {
        check_path(path)?;
        match self {
            Target::Local(l) => l.remove(path),
        }
    }

    /// Every file below the folder `prefix` (`album`), as relative paths.
    pub fn list(&self, prefix: &str) -> Result<Vec<String>> {
        check_path(prefix)?;
        match self {
            Target::Local(l) => l.list(prefix),
        }
    }
}

/// A relative path of plain parts: nothing can escape the site's root.
fn check_path(path: &str) -> Result<()> {
    let ok = !path.is_empty()
        && !path.starts_with('/')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != ".." && !p.contains('\\'));
    if ok {
        Ok(())
    } else {
        Err(PublishError::BadPath(path.to_string()))
    }
}
