//! Building the site: read the catalog with page-shaped queries, render each
//! page with the theme, publish what changed.

pub mod build;
pub mod context;
pub mod directory;
pub mod embed;
pub mod escape;
pub mod feeds;
pub mod i18n;
pub mod info;
pub mod page;
mod plan;
mod render;
pub mod sitemap;
pub mod theme;
mod words;

pub use build::Report;
pub use info::{PodcastOwner, SiteInfo};
pub use page::PageRef;
pub use theme::Theme;

use std::sync::Arc;

use crate::progress::Progress;
use crate::publish::{PublishError, Target};
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Publish(#[from] PublishError),
    #[error("rendering {page} with the theme {theme}: {source}")]
    Render {
        page: String,
        theme: String,
        source: Box<handlebars::RenderError>,
    },
    #[error("{0:?} is not a change: use artist:ID, album:ID or track:ID")]
    BadChange(String),
    #[error(
        "this build would remove {removing} of the {published} pages published to {target}, so it stopped{written}. Is this the right catalog (--store)? If the pages should go, run it again with --prune"
    )]
    WouldRemoveMost {
        removing: usize,
        published: usize,
        target: String,
        written: &'static str,
    },
}

pub type Result<T, E = BuildError> = std::result::Result<T, E>;

/// Everything a build needs: the catalog, the theme and where to publish.
/// Cheap to clone.
#[derive(Clone)]
pub struct Site {
    pub info: SiteInfo,
    pub theme: Arc<Theme>,
    pub store: Store,
    pub target: Target,
    /// Told how rendering goes; the library draws nothing itself.
    pub progress: Option<Progress>,
    pub options: Options,
}

/// Choices the person running a build makes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Publish into a folder that holds files Trogs did not write: files at
    /// Trogs' page paths are overwritten, nothing else is touched.
    pub adopt: bool,
    /// Let a build remove most (or all) of the published pages.
    pub prune: bool,
    /// The most URLs one sitemap file lists before `sitemap.xml` becomes
    /// an index of parts; `None` is the protocol's 50,000.
    pub sitemap_urls: Option<usize>,
}
