//! The media pipeline over a whole catalog, in one call: every artist and
//! album image gets its derivatives, and (in a build with the `renditions`
//! feature) every track its streaming renditions, loudness, peaks and
//! duration. `trogs media process`, `trogs demo` and the upload service's
//! dev mode all run it. What was made before is skipped, so it can run
//! again at any time and an interrupted run finishes what is left.

use crate::media::Media;
use crate::progress::Progress;
use crate::store::{Store, StoreError};

/// Whether this build makes streaming renditions (the `renditions`
/// feature, which builds libopus with cmake).
pub const RENDITIONS: bool = cfg!(feature = "renditions");

/// What [`process_catalog`] did.
#[derive(Debug, Default)]
pub struct Report {
    pub images: crate::images::CatalogReport,
    /// Only in a build with the `renditions` feature.
    #[cfg(feature = "renditions")]
    pub audio: crate::renditions::catalog::CatalogReport,
}

impl Report {
    /// Each image or track that failed, with its key and why.
    pub fn failures(&self) -> impl Iterator<Item = &str> {
        let audio: &[String] = {
            #[cfg(feature = "renditions")]
            {
                &self.audio.failed
            }
            #[cfg(not(feature = "renditions"))]
            {
                &[]
            }
        };
        self.images.failed.iter().chain(audio).map(String::as_str)
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.images)?;
        #[cfg(feature = "renditions")]
        write!(f, "\n{}", self.audio)?;
        #[cfg(not(feature = "renditions"))]
        write!(
            f,
            "\ntracks play their original files: this build makes no streaming renditions \
             (build with `--features renditions`, which needs cmake, then run `trogs media \
             process`)"
        )?;
        Ok(())
    }
}

/// Progress bars for each part: `images` and `tracks` hear (done, total).
#[derive(Default, Clone)]
pub struct Progresses {
    pub images: Option<Progress>,
    pub tracks: Option<Progress>,
}

/// Runs the pipeline over every item of `store` whose media lacks what it
/// makes, up to `jobs` files at once. Only reading the catalog fails the
/// call; a file that cannot be processed is reported in [`Report::failures`]
/// and the rest go on.
pub async fn process_catalog(
    store: &Store,
    media: &Media,
    jobs: usize,
    progress: Progresses,
) -> Result<Report, StoreError> {
    let images = crate::images::derive_catalog(store, media, jobs, progress.images).await?;
    #[cfg(feature = "renditions")]
    let audio = crate::renditions::catalog::process_catalog(
        store,
        media,
        &crate::renditions::Options::default(),
        jobs,
        progress.tracks,
    )
    .await?;
    #[cfg(not(feature = "renditions"))]
    let _ = progress.tracks;
    Ok(Report {
        images,
        #[cfg(feature = "renditions")]
        audio,
    })
}
