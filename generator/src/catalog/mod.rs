//! The catalog: entities, their table items, and the page-shaped reads.

pub mod items;
pub mod model;
pub mod names;
pub mod queries;

pub use items::{Conflict, ItemError, from_item, sort_key};
pub use model::{Album, Artist, Entity, Track, TrackKind};
