//! Image uploads under one memory budget: every decode in the process
//! takes its share of `trogs::images`' decode budget first, waits a little
//! when the budget is full, and is refused with 503 and a Retry-After when
//! no room comes in time, so many large images at once cannot exhaust the
//! machine.

use std::path::Path;
use std::time::Duration;

use crate::error::{ApiError, ApiResult};
use trogs::images::ImageError;

use crate::probe;

pub const DEFAULT_IMAGE_MEMORY_MIB: u64 = trogs::images::DEFAULT_DECODE_BUDGET >> 20;
pub const DEFAULT_IMAGE_WAIT_SECS: u64 = 5;

/// The budget's settings.
#[derive(clap::Args, Debug, Clone)]
pub struct ImageArgs {
    /// The memory all image decodes at once may hold, in MiB. A decode
    /// costs twice its pixels at 8 bits a sample and twice its file (a
    /// 40-megapixel RGBA PNG about 320 MiB; a progressive JPEG's
    /// coefficients add as much again); one larger than the budget runs
    /// alone
    #[arg(
        long,
        env = "TROGS_IMAGE_MEMORY_MIB",
        default_value_t = DEFAULT_IMAGE_MEMORY_MIB,
        value_parser = clap::value_parser!(u64).range(1..=1 << 22)
    )]
    pub image_memory_mib: u64,
    /// How long an image upload waits for room in that memory before it
    /// is refused (503, with a Retry-After), in seconds
    #[arg(long, env = "TROGS_IMAGE_WAIT_SECS", default_value_t = DEFAULT_IMAGE_WAIT_SECS)]
    pub image_wait_secs: u64,
}

impl ImageArgs {
    /// Makes this the process's decode budget. Called once, before any
    /// image is decoded.
    pub fn install(&self) {
        let bytes = self.image_memory_mib << 20;
        if !trogs::images::set_decode_budget(bytes) {
            tracing::warn!(
                "the image decode budget was in use before --image-memory-mib was applied"
            );
        }
    }
}

/// Checks and re-encodes the image at `path` with its derivatives, within
/// the decode budget: see [`ImageArgs`].
pub async fn probe(settings: &ImageArgs, path: &Path) -> ApiResult<probe::Image> {
    let read = path.to_path_buf();
    let checked = tokio::task::spawn_blocking(move || trogs::images::check(&read))
        .await
        .map_err(ApiError::internal)?
        .map_err(probe_error)?;
    let wait = Duration::from_secs(settings.image_wait_secs);
    let budget = trogs::images::decode_budget();
    let Ok(permit) = tokio::time::timeout(wait, budget.acquire(checked.cost())).await else {
        refused();
        tracing::warn!(
            cost = checked.cost(),
            budget = budget.bytes(),
            "an image was refused: the decode budget stayed full"
        );
        return Err(ApiError::Busy {
            detail: "Too many large images are being prepared right now, so nothing was \
                     stored; try again in a few seconds"
                .into(),
            retry_after: settings.image_wait_secs.clamp(1, 60),
        });
    };
    // The permit moves into the blocking task: a request whose client
    // goes away still holds its share until its decode has ended.
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        hold_for_test();
        checked.decode()
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(probe_error)
}

fn probe_error(e: ImageError) -> ApiError {
    match e {
        ImageError::Unsupported(m) => ApiError::Unsupported(m),
        ImageError::Broken(m) => ApiError::Invalid(m),
    }
}

#[cfg(debug_assertions)]
static REFUSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(debug_assertions)]
fn refused() {
    REFUSED.store(true, std::sync::atomic::Ordering::SeqCst);
}

#[cfg(not(debug_assertions))]
fn refused() {}

/// The failure point `image-decode-hold`: a decode keeps its share of the
/// budget until another image has been refused (or two minutes pass), so a
/// test can make two decodes overlap for sure.
#[cfg(debug_assertions)]
fn hold_for_test() {
    if !crate::faults::hit("image-decode-hold") {
        return;
    }
    tracing::warn!("holding the image budget until an image is refused (injected)");
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while !REFUSED.load(std::sync::atomic::Ordering::SeqCst) && std::time::Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(not(debug_assertions))]
fn hold_for_test() {}
