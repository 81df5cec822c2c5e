//! Shared fixtures: a real catalog in a temporary folder, built with the
//! default theme.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use trogs::publish::Target;
use trogs::site::{Site, SiteInfo, Theme};
use trogs::store::Store;

pub const BASE_URL: &str = "https://music.example.org";

pub fn theme_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default")
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub site: Site,
}

impl Fixture {
    /// An empty catalog and site in a fresh temporary folder.
    pub fn empty() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&format!("sqlite:{}", dir.path().join("trogs.db").display())).unwrap();
        let site = Site {
            info: SiteInfo {
                title: "Trogs Test".into(),
                base_url: BASE_URL.into(),
                description: "A test site".into(),
                media_url: "/media/".into(),
            },
            theme: Theme::load(&theme_dir()).unwrap(),
            store: store.clone(),
            target: Target::local(dir.path().join("out")),
            progress: false,
        };
        Fixture { dir, store, site }
    }

    /// The demo catalog, seeded (not yet built).
    pub async fn demo() -> Fixture {
        let f = Fixture::empty();
        trogs::demo::seed(&f.store, &f.media()).await.unwrap();
        f
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    pub fn media(&self) -> PathBuf {
        self.dir.path().join("media")
    }

    pub fn page(&self, path: &str) -> String {
        std::fs::read_to_string(self.out().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.out().join(path).is_file()
    }
}
