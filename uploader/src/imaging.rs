//! Image uploads under one memory budget: every decode in the process
//! takes its share of `trogs::images`' decode budget first, waits a little
//! when the budget is full, and is refused with 503 and a Retry-After when
//! no room comes in time, so many large images at once cannot exhaust the
//! machine. On Lambda, a request stores the image alone and a
//! `derivatives` job makes the rest ([`derive_later`], [`derive_stored`]).

use std::path::Path;
use std::time::Duration;

use crate::error::{ApiError, ApiResult};
use trogs::images::ImageError;
use trogs::media::Media;
use trogs::store::{Key, Store, StoreError};

use crate::probe;

// The budget is a setting, defined with the others.
pub use crate::limits::{DEFAULT_IMAGE_MEMORY_MIB, DEFAULT_IMAGE_WAIT_SECS, ImageArgs};

/// Checks and re-encodes the image at `path` with its derivatives, within
/// the decode budget: see [`ImageArgs`]. On Lambda, answering a request,
/// without its derivatives (they are left to [`derive_later`]'s job), so
/// the answer does not wait for them.
pub async fn probe(settings: &ImageArgs, path: &Path) -> ApiResult<probe::Image> {
    let read = path.to_path_buf();
    let checked = tokio::task::spawn_blocking(move || trogs::images::check(&read))
        .await
        .map_err(ApiError::internal)?
        .map_err(probe_error)?;
    let later = crate::jobs::deferred();
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
        if later {
            checked.decode_alone()
        } else {
            checked.decode()
        }
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(probe_error)
}

/// After an image made by [`probe`] without its derivatives is stored at
/// `image` and recorded on its item (the artist's, or `album`'s cover),
/// sends the `derivatives` job that makes them. Until it has run, pages
/// show the image itself, sized by the page. Does nothing for an image
/// that has its derivatives.
pub async fn derive_later(made: &probe::Image, artist: &str, album: Option<&str>, image: &str) {
    if !made.derivatives.is_empty() {
        return;
    }
    let job = crate::jobs::Job::Derivatives {
        artist: artist.to_string(),
        album: album.map(str::to_string),
        image: image.to_string(),
    };
    if let Err(e) = crate::jobs::send(&job).await {
        tracing::error!(
            error = %e,
            "pages show the image itself until the sweep runs the pending job (or `trogs media process` runs)"
        );
    }
}

/// What [`derive_stored`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum Derived {
    /// The derivatives are made and recorded; the item's version now.
    Made(i64),
    /// The item recorded them already (a job delivered again).
    Had(i64),
    /// The item is gone or shows another image: nothing was left behind.
    Replaced,
}

fn version(item: &trogs::store::Item) -> i64 {
    trogs::catalog::items::stored_version(item)
}

/// Makes the derivatives of the image stored at `image` for the item at
/// `key`, stores them beside it and records them on the item, if the item
/// still shows that image. Run again, it writes the same objects under the
/// same keys, or finds them recorded. When the item took another image (or
/// went) meanwhile, the derivatives it stored are removed again: the newer
/// image is never touched. An error is worth trying again.
pub async fn derive_stored(
    store: &Store,
    media: &Media,
    key: Key,
    image: &str,
) -> Result<Derived, String> {
    use tokio::io::AsyncWriteExt as _;
    let shows = |item: &trogs::store::Item| match trogs::catalog::from_item(item) {
        Ok(trogs::catalog::Entity::Artist(a)) => a.image_url.as_deref() == Some(image),
        Ok(trogs::catalog::Entity::Album(a)) => a.image_url.as_deref() == Some(image),
        _ => false,
    };
    let Some(item) = store.get(key.clone()).await.map_err(|e| e.to_string())? else {
        return Ok(Derived::Replaced);
    };
    if !shows(&item) {
        return Ok(Derived::Replaced);
    }
    let written = trogs::catalog::model::Written::of(&item);
    if trogs::images::Recorded::of(&written).complete() {
        return Ok(Derived::Had(version(&item)));
    }
    let Some(mut reader) = media.reader(image).await.map_err(|e| e.to_string())? else {
        // Removed with its item, or by a newer image, since the read above.
        return match store.get(key).await.map_err(|e| e.to_string())? {
            Some(item) if shows(&item) => Err(format!(
                "{image} is recorded on its item but missing from the media store"
            )),
            _ => Ok(Derived::Replaced),
        };
    };
    let spool = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    let (file, path) = spool.into_parts();
    let mut file = tokio::fs::File::from_std(file);
    tokio::io::copy(&mut reader, &mut file)
        .await
        .map_err(|e| format!("reading {image}: {e}"))?;
    file.flush().await.map_err(|e| e.to_string())?;
    drop(file);
    // The image was re-encoded when it was taken, so it decodes; the same
    // process-wide budget as uploads bounds the memory.
    let made = trogs::images::image_in_budget(&path)
        .await
        .map_err(|e| format!("{image}: {e}"))?;
    let mut stored = Vec::new();
    for (size, bytes, _) in &made.derivatives {
        let k = trogs::images::derivative_key(image, size);
        if let Err(e) = media.put_bytes(&k, bytes).await {
            remove(media, &stored).await;
            return Err(format!("storing {k}: {e}"));
        }
        stored.push(k);
    }
    let mut updates = trogs::catalog::items::image_updates(&made.info());
    // Pages wait for this version before they are built.
    updates.push(trogs::catalog::items::bump_version());
    let recorded = store
        .update(
            key,
            updates,
            Some(trogs::catalog::items::shows_image(image)),
        )
        .await;
    match recorded {
        Ok(item) => Ok(Derived::Made(version(&item))),
        Err(StoreError::ConditionFailed(_)) => {
            remove(media, &stored).await;
            Ok(Derived::Replaced)
        }
        Err(e) => Err(e.to_string()),
    }
}

/// Removes derivatives no item records; what fails is logged with its key.
async fn remove(media: &Media, keys: &[String]) {
    for k in keys {
        if let Err(e) = media.delete(k).await {
            tracing::warn!(key = %k, error = %e, "an unused image derivative could not be removed; remove it by hand");
        }
    }
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
