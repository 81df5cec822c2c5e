//! The feed parsers written elsewhere that judge the generator's feeds:
//! feedparser (every feed) and podcastparser (podcasts), in a Python venv
//! `scripts/test` installs.

use std::path::{Path, PathBuf};

pub const FEEDPARSER_VERSION: &str = "6.0.14";
pub const PODCASTPARSER_VERSION: &str = "0.6.11";

/// The Python of the venv holding feedparser and podcastparser:
/// `TROGS_TEST_FEED_PARSERS`, else where `scripts/test` installs them.
pub fn parsers_python() -> PathBuf {
    let path = match std::env::var_os("TROGS_TEST_FEED_PARSERS").filter(|p| !p.is_empty()) {
        Some(path) => PathBuf::from(path),
        None => {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../.test-stand-ins/feed-parsers/bin/python")
        }
    };
    assert!(
        path.is_file(),
        "feedparser and podcastparser are missing ({}). scripts/test installs them; or run \
         `python3 -m venv .test-stand-ins/feed-parsers && .test-stand-ins/feed-parsers/bin/pip \
         install feedparser=={FEEDPARSER_VERSION} podcastparser=={PODCASTPARSER_VERSION}` in the \
         workspace and set TROGS_TEST_FEED_PARSERS=$PWD/.test-stand-ins/feed-parsers/bin/python",
        path.display()
    );
    path
}
