//! Failure points for the fault-injection tests: in a debug build, the
//! variable `TROGS_TEST_FAULTS` (a comma-separated list) makes the named
//! steps fail as a broken store or media store would. Release builds have
//! no failure points at all.
//!
//! - `catalog-write`: the catalog write that follows a media write fails.
//! - `media-write`: a media write fails partway through its bytes.
//! - `media-delete`: removing a media object fails.
//! - `delete-stop`: the process exits right after a delete job deleted its
//!   first track, as a crash would leave it.

/// Whether the failure point `name` is switched on.
#[cfg(debug_assertions)]
pub fn hit(name: &str) -> bool {
    static FAULTS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FAULTS
        .get_or_init(|| {
            std::env::var("TROGS_TEST_FAULTS")
                .unwrap_or_default()
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .iter()
        .any(|f| f == name)
}

#[cfg(not(debug_assertions))]
pub fn hit(_name: &str) -> bool {
    false
}

/// A reader that fails: put after `take(n)` of a real one, it is a
/// connection to the media store that drops partway.
pub struct Broken;

impl tokio::io::AsyncRead for Broken {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        _: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(Err(std::io::Error::other(
            "the media store connection failed (injected)",
        )))
    }
}
