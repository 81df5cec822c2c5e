//! A site held in memory: for tests, and for the upload service's previews.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::Result;
use super::manifest::Manifest;

#[derive(Debug, Clone, Default)]
pub struct MemoryTarget {
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    files: BTreeMap<String, Vec<u8>>,
    manifest: Option<Manifest>,
}

impl MemoryTarget {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn load_manifest(&self) -> Result<Manifest> {
        Ok(self.state().manifest.clone().unwrap_or_default())
    }

    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.state().files.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }

    pub fn remove(&self, path: &str) -> bool {
        self.state().files.remove(path).is_some()
    }

    pub fn save_manifest(&self, mut manifest: Manifest) {
        manifest.unsee();
        self.state().manifest = Some(manifest);
    }

    pub fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.state().files.get(path).cloned()
    }

    /// Every path held, in order.
    pub fn paths(&self) -> Vec<String> {
        self.state().files.keys().cloned().collect()
    }
}
