//! Where the site goes: the target interface and its engines (a local
//! folder, memory). Every output of a build passes through `Target::put`,
//! and the manifest (`manifest.rs`) records what was published, so a target
//! is never asked what it holds and nothing Trogs did not publish is touched.

pub mod cdn;
mod local;
pub mod manifest;
mod memory;
pub mod s3;

use std::path::PathBuf;

use crate::hash::Hash128;

pub use local::LocalFolder;
pub use manifest::{Entry, EntryRef, Manifest, ManifestError, Release};
pub use memory::MemoryTarget;
pub use s3::S3Target;

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
    #[error(
        "{0} is a symbolic link; Trogs never writes or deletes through links in the site folder. Replace it with a real folder or file, or remove it"
    )]
    Symlink(PathBuf),
    #[error("{0} is in the way: it is not a folder")]
    NotAFolder(PathBuf),
    #[error(
        "{0} exists, and Trogs did not publish it, so it is left alone. Move it away, or pass --adopt to let Trogs overwrite files at its page paths"
    )]
    Foreign(PathBuf),
    #[error(
        "{root} already holds files that Trogs did not publish (for example {example}). Trogs never deletes or overwrites files it did not write. Choose an empty or new folder with --out, or pass --adopt to publish into this one: files at Trogs' page paths are then overwritten and nothing else is touched"
    )]
    NotOurs { root: PathBuf, example: String },
    #[error("{target}: {detail}")]
    Remote { target: String, detail: String },
    #[error("the site manifest {path} cannot be used: {source}")]
    Manifest {
        path: PathBuf,
        source: ManifestError,
    },
}

pub type Result<T, E = PublishError> = std::result::Result<T, E>;

/// How a path is being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    /// The manifest lists it: Trogs published it before.
    Ours,
    /// New to the manifest: claimed in the journal first, and a file already
    /// there that Trogs did not write is refused.
    New,
    /// New to the manifest, in a folder the user asked Trogs to adopt: a
    /// file already there is overwritten.
    Adopt,
}

/// What a put did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    /// False when the target already held these bytes (an S3 object whose
    /// ETag is their MD5, found by listing a bucket that lost its manifest).
    pub written: bool,
    /// The MD5 of the bytes, for targets that report it (S3's ETag).
    pub md5: Option<Hash128>,
}

impl Stored {
    const WRITTEN: Stored = Stored {
        written: true,
        md5: None,
    };
}

/// A file as the site hands it to a target: where it lies in the site and
/// how listeners ask for it. The site decides both, so publishing knows no
/// page shapes: a folder writes `path`, a bucket stores the file under
/// `key`, and a CDN in front drops a changed page at `key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Address<'a> {
    /// The file's path in the site (`album/ID.html`): what the manifest
    /// records and a folder holds.
    pub path: &'a str,
    /// The path listeners request, without its leading `/`: `album/ID`
    /// for a page with a bare URL, else the path itself.
    pub key: &'a str,
    /// A page, which a CDN caches and a publish that replaces or removes
    /// it invalidates. Feeds, playlists, embeds and the sitemap are
    /// fetched by programs that come back later anyway, and assets are
    /// fingerprinted.
    pub page: bool,
}

/// A site target. Paths are relative and use `/` (`album/ID.html`).
/// Methods are blocking: they are called from the publishing threads.
#[derive(Debug, Clone)]
pub enum Target {
    Local(LocalFolder),
    Memory(MemoryTarget),
    S3(S3Target),
}

impl Target {
    pub fn local(root: impl Into<PathBuf>) -> Target {
        Target::Local(LocalFolder::new(root))
    }

    pub fn memory() -> Target {
        Target::Memory(MemoryTarget::default())
    }

    /// For reports: the folder, or `memory`.
    pub fn describe(&self) -> String {
        match self {
            Target::Local(l) => l.root().display().to_string(),
            Target::Memory(_) => "memory".into(),
            Target::S3(s) => s.location().to_string(),
        }
    }

    /// How many writes to keep in flight.
    pub fn parallelism(&self) -> usize {
        match self {
            Target::Local(_) => 2,
            Target::Memory(_) => 1,
            Target::S3(_) => s3::PARALLELISM,
        }
    }

    /// What Trogs published here before. A target without a manifest must be
    /// empty, hold an earlier Trogs's output (recognised and adopted), or be
    /// adopted explicitly (`adopt`); anything else is refused.
    pub fn load_manifest(&self, adopt: bool) -> Result<Manifest> {
        let mut manifest = match self {
            Target::Local(l) => l.load_manifest(adopt)?,
            Target::Memory(m) => m.load_manifest()?,
            Target::S3(s) => s.load_manifest(adopt)?,
        };
        manifest.ensure_seed();
        Ok(manifest)
    }

    /// Notes paths about to be written for the first time, so a build
    /// killed halfway still knows they are its own.
    pub fn claim(&self, paths: &[&str]) -> Result<()> {
        for path in paths {
            check_path(path)?;
        }
        match self {
            Target::Local(l) => l.claim(paths, true),
            Target::Memory(_) => Ok(()),
            Target::S3(s) => s.claim(paths),
        }
    }

    /// Writes `bytes` as `file`; a path new to the manifest must have been
    /// claimed.
    pub fn put(&self, file: Address<'_>, bytes: &[u8], how: Put) -> Result<Stored> {
        check_address(file)?;
        match self {
            Target::Local(l) => l.put(file.path, bytes, how).map(|()| Stored::WRITTEN),
            Target::Memory(m) => m.put(file.path, bytes).map(|()| Stored::WRITTEN),
            Target::S3(s) => s.put(file, bytes, how),
        }
    }

    /// Removes `file`, which the manifest lists; `false` when it was gone.
    pub fn remove(&self, file: Address<'_>) -> Result<bool> {
        check_address(file)?;
        match self {
            Target::Local(l) => l.remove(file.path),
            Target::Memory(m) => Ok(m.remove(file.path)),
            Target::S3(s) => s.remove(file),
        }
    }

    /// Saves the manifest, last, once everything it lists is in place.
    pub fn save_manifest(&self, manifest: Manifest) -> Result<()> {
        match self {
            Target::Local(l) => l.save_manifest(manifest),
            Target::Memory(m) => {
                m.save_manifest(manifest);
                Ok(())
            }
            Target::S3(s) => s.save_manifest(manifest),
        }
    }

    /// What became of the last publish's CDN invalidation, once (`None`:
    /// nothing was sent, or the target has no distribution in front).
    pub fn take_invalidation(&self) -> Option<cdn::Invalidation> {
        match self {
            Target::S3(s) => s.take_invalidation(),
            Target::Local(_) | Target::Memory(_) => None,
        }
    }

    /// A published file's bytes, for tests and previews.
    pub fn read(&self, file: Address<'_>) -> Result<Option<Vec<u8>>> {
        check_address(file)?;
        match self {
            Target::Local(l) => l.read(file.path),
            Target::Memory(m) => Ok(m.read(file.path)),
            Target::S3(s) => s.read(file),
        }
    }
}

/// The Content-Type a published path is served with.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("ico") => "image/x-icon",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("m3u") => "audio/x-mpegurl",
        Some("atom") => "application/atom+xml",
        Some("rss") => "application/rss+xml",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// A relative path of plain parts: nothing can escape the site's root, and
/// nothing can reach Trogs' own state under `.trogs/`.
fn check_path(path: &str) -> Result<()> {
    // Every file of every build passes here, most of them twice: one pass
    // over the bytes, knowing whether each one starts a part. No part may
    // be empty or start with a dot, and no byte may be `\\` or NUL.
    let mut starts_part = true;
    let ok = path.bytes().all(|b| {
        let fine = match b {
            b'\\' | 0 => false,
            b'/' | b'.' => !starts_part,
            _ => true,
        };
        starts_part = b == b'/';
        fine
    }) && !starts_part;
    if ok {
        Ok(())
    } else {
        Err(PublishError::BadPath(path.to_string()))
    }
}

/// Both names of a file are plain relative paths (see [`check_path`]).
fn check_address(file: Address<'_>) -> Result<()> {
    check_path(file.path)?;
    // A key is most often the path itself, or a page's path cut before its
    // `.html`. A good path cut before a dot is good too: that dot does not
    // start a part, so the part it ends is not empty.
    let (path, key) = (file.path.as_bytes(), file.key.as_bytes());
    let cut_of_path = key.as_ptr() == path.as_ptr()
        && (key.len() == path.len() || path.get(key.len()) == Some(&b'.'));
    if cut_of_path {
        return Ok(());
    }
    check_path(file.key)
}

/// A name for a temporary file no one can guess in advance.
fn temp_name(name: &str) -> String {
    format!(".{name}.{:016x}.tmp", fastrand::u64(..))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_plain_relative_paths_pass() {
        for ok in [
            "index.html",
            "track/abc.html",
            "embed/compact/track/x.html",
            "a.b/c",
        ] {
            assert!(super::check_path(ok).is_ok(), "{ok:?}");
        }
        for bad in [
            "",
            "/index.html",
            "a//b",
            "a/",
            ".trogs/manifest.json",
            "../x",
            "a/../b",
            "a/./b",
            "a/.hidden",
            "a\\b",
            "a\\..\\b",
            "a\0b",
        ] {
            assert!(super::check_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn both_names_of_an_address_are_checked() {
        use super::{Address, check_address};
        let page = "album/abc.html";
        let ok = |path, key| {
            check_address(Address {
                path,
                key,
                page: false,
            })
            .is_ok()
        };
        assert!(ok(page, page));
        assert!(ok(page, &page[..9]), "the page's bare URL");
        assert!(ok("a.b/c", &"a.b/c"[..1]));
        assert!(ok(page, "album/abc"), "the same text elsewhere");
        assert!(!ok(page, &page[..6]), "a cut that ends a part is empty");
        assert!(!ok(page, ".trogs/manifest"));
        assert!(!ok(page, "album/../x"));
        assert!(!ok("../x", "x"));
    }
}
