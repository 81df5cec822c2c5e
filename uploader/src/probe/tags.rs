//! The tags an audio file carries (title, track number, artist), kept
//! only as clean text.

use std::path::Path;

use lofty::config::ParseOptions;
use lofty::prelude::{Accessor, TaggedFileExt};

use super::AudioInfo;

/// The longest tag text kept, in characters.
const MAX_TAG_CHARS: usize = 200;

/// Fills title, artist and track number from the file's tags, if any.
/// Tags are whatever the artist's software wrote: they are kept only as
/// trimmed text without control characters, and a file whose tags don't
/// parse simply has none.
pub(super) fn read_tags(path: &Path, info: &mut AudioInfo) {
    let options = ParseOptions::new()
        .read_properties(false)
        .read_cover_art(false);
    let Ok(probe) = lofty::probe::Probe::open(path) else {
        return;
    };
    let Ok(probe) = probe.options(options).guess_file_type() else {
        return;
    };
    let Ok(tagged) = probe.read() else {
        return;
    };
    let Some(tag) = tagged.primary_tag().or_else(|| tagged.first_tag()) else {
        return;
    };
    info.title = tag.title().as_deref().and_then(clean_text);
    info.artist = tag.artist().as_deref().and_then(clean_text);
    info.track_number = tag.track().filter(|&n| (1..=9999).contains(&n));
}

/// Tag text as we keep it: control characters dropped, whitespace trimmed,
/// at most [`MAX_TAG_CHARS`] characters; `None` when nothing is left.
pub fn clean_text(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .chars()
        .take(MAX_TAG_CHARS)
        .collect();
    let cleaned = cleaned.trim_end().to_string();
    (!cleaned.is_empty()).then_some(cleaned)
}
