//! Live regeneration: after each write, the pages it touches are rendered
//! by the generator library and published through the site's target.

/// The regeneration worker's handle.
#[derive(Clone)]
pub struct Regen {}
