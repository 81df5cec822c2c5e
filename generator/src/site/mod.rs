//! Building the site: read the catalog with page-shaped queries, render each
//! page with the theme, publish what changed.

pub mod build;
pub mod context;
pub mod directory;
pub mod embed;
pub mod feeds;
pub mod i18n;
pub mod page;
mod plan;
mod render;
pub mod sitemap;
pub mod theme;

pub use build::{BuildError, Options, Report, Site};
pub use context::{PodcastOwner, SiteInfo};
pub use page::PageRef;
pub use theme::Theme;
