//! The rules for what people type: names, titles, texts, release dates and
//! licenses are cleaned and checked here before anything is written.

use serde::Deserialize;

use super::{EditError, Result};
use crate::catalog::model::{LICENSES, MAX_POSITION, Track, TrackKind};

/// The longest name, title or license text taken.
pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 10_000;

/// Which way a track moves in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

/// Text as stored: trimmed, control characters dropped (newlines kept when
/// `multiline`), and no longer than `max` characters.
pub fn clean(text: &str, max: usize, what: &'static str, multiline: bool) -> Result<String> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_control() || (multiline && (*c == '\n' || *c == '\t')))
        .collect();
    if cleaned.chars().count() > max {
        return Err(EditError::TooLong { what, max });
    }
    Ok(cleaned)
}

/// A name or title: cleaned, and not empty.
pub fn required(text: &str, what: &'static str) -> Result<String> {
    let t = clean(text, MAX_TITLE, what, false)?;
    if t.is_empty() {
        return Err(EditError::Required(what));
    }
    Ok(t)
}

/// A longer text (a bio, a description), or none when empty.
pub fn optional_text(text: Option<&str>) -> Result<Option<String>> {
    match text {
        None => Ok(None),
        Some(t) => {
            let t = clean(t, MAX_TEXT, "text", true)?;
            Ok((!t.is_empty()).then_some(t))
        }
    }
}

/// A release date as `YYYY-MM-DD` (or `YYYY-MM`, or `YYYY`), or none.
pub fn release_date(text: Option<&str>) -> Result<Option<String>> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let ok = match t.len() {
        4 => t.bytes().all(|b| b.is_ascii_digit()),
        7 | 10 => time::Date::parse(
            &if t.len() == 7 {
                format!("{t}-01")
            } else {
                t.to_string()
            },
            &time::macros::format_description!("[year]-[month]-[day]"),
        )
        .is_ok(),
        _ => false,
    };
    if !ok {
        return Err(EditError::BadDate(t.to_string()));
    }
    Ok(Some(t.to_string()))
}

/// A license code among [`LICENSES`] (any case), or none.
pub fn license(text: Option<&str>) -> Result<Option<String>> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let code = t.to_ascii_lowercase();
    if !LICENSES.contains(&code.as_str()) {
        return Err(EditError::BadLicense);
    }
    Ok(Some(code))
}

/// The name as the original site compared names (its `NormalizedName`),
/// by the one rule in `catalog::names`. Two artists cannot have names that
/// normalise alike, nor names that look alike.
pub fn normalize_name(name: &str) -> String {
    crate::catalog::names::normalize(name)
}

/// A name fit for a media key: the slug of `text`, at most 60 characters,
/// or `fallback` when nothing is left.
pub fn slug_or(text: &str, fallback: &str) -> String {
    let s = slug::slugify(text);
    let s: String = s.chars().take(60).collect();
    let s = s.trim_end_matches('-').to_string();
    if s.is_empty() {
        fallback.to_string()
    } else {
        s
    }
}

/// Today, UTC, as `YYYY-MM-DD`.
pub fn today() -> String {
    let now = time::OffsetDateTime::now_utc().date();
    format!(
        "{:04}-{:02}-{:02}",
        now.year(),
        u8::from(now.month()),
        now.day()
    )
}

/// The next free place in a group (`2nn` albums, `3nn` singles) of an
/// artist, or among an album's tracks: one past the highest used.
pub fn next_position(used: impl Iterator<Item = u32>, what: &'static str) -> Result<u32> {
    let next = used.max().map_or(0, |m| m + 1);
    if next > MAX_POSITION {
        return Err(EditError::NoRoom {
            what,
            max: MAX_POSITION + 1,
        });
    }
    Ok(next)
}

/// A track's place in its list (its album's tracks, or the singles), from 0.
pub fn position_of(t: &Track) -> u32 {
    match t.kind {
        TrackKind::AlbumTrack { number, .. } => number,
        TrackKind::Single { position, .. } => position,
    }
}

/// A title from the browser's file name: without its extension, with
/// separators as spaces. Only ever text, never a path.
pub fn title_from_name(name: Option<&str>) -> Option<String> {
    let name = name?.rsplit(['/', '\\']).next()?;
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    let t: String = stem
        .chars()
        .map(|c| if c == '_' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then(|| t.chars().take(MAX_TITLE).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_as_the_original_compared_them() {
        assert_eq!(normalize_name("The Band"), "the-band");
        assert_eq!(normalize_name("the-band!"), "the-band");
        assert_eq!(normalize_name("Sigur Rós"), "sigur-rós");
        assert_eq!(normalize_name("!!!"), "");
    }

    #[test]
    fn titles_from_file_names_are_text_only() {
        assert_eq!(
            title_from_name(Some("../../etc/passwd")).as_deref(),
            Some("passwd")
        );
        assert_eq!(
            title_from_name(Some("01_My_Song.mp3")).as_deref(),
            Some("01 My Song")
        );
        assert_eq!(title_from_name(Some("")), None);
    }

    #[test]
    fn dates_and_licenses_are_checked() {
        assert!(release_date(Some("2024-02-30")).is_err());
        assert_eq!(
            release_date(Some("2024-02-29")).unwrap().as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(release_date(Some("2024")).unwrap().as_deref(), Some("2024"));
        assert!(release_date(Some("yesterday")).is_err());
        assert_eq!(license(Some("BY-SA")).unwrap().as_deref(), Some("by-sa"));
        assert!(license(Some("gpl")).is_err());
    }
}
