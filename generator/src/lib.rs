//! Trogs' generator: the catalog table and its engines, the page-shaped
//! reads, rendering with handlebars themes, and publishing to a site target.
//! The `trogs` binary and the upload service both use this library.

pub mod catalog;
pub mod config;
pub mod dates;
pub mod demo;
pub mod hash;
pub mod images;
pub mod media;
pub mod pipeline;
pub mod progress;
pub mod publish;
pub mod random;
#[cfg(feature = "renditions")]
pub mod renditions;
pub mod s3;
#[cfg(feature = "serve")]
pub mod serve;
#[cfg(feature = "serve")]
pub mod server;
pub mod site;
pub mod store;
