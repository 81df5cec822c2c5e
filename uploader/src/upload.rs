//! Receiving uploads: a form's file field, or a resumable tus 1.0 upload,
//! streamed to a spool file on local disk (never held whole in memory)
//! with the size limit enforced as the bytes arrive.

use std::path::Path;

/// A received upload, on local disk until it is checked and stored.
/// The file is removed when this is dropped.
pub struct Spooled {
    pub file: tempfile::TempPath,
    pub size: u64,
    /// The name the browser gave the file: used only as a title when the
    /// file has no title tag, never as a path.
    pub name: Option<String>,
}

impl Spooled {
    pub fn path(&self) -> &Path {
        &self.file
    }
}
