//! The catalog: entities, their table items, the page-shaped reads, and
//! the write side (`edit`) with the side records it keeps (`records`).

pub mod edit;
pub mod items;
pub mod model;
pub mod names;
pub mod queries;
pub mod records;

pub use items::{Conflict, ItemError, from_item, sort_key};
pub use model::{Album, Artist, Entity, Track, TrackKind};
