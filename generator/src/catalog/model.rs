//! The catalog's entities: artists, albums, album tracks, singles and
//! featured tracks, as the pages and the uploader see them.

use crate::store::Item;

/// The partition of `IX_ARTISTS_ALBUMS` that lists every artist by name.
pub const ARTISTS_PARTITION: &str = "ARTISTS";
/// The license albums get when none is set.
pub const DEFAULT_LICENSE: &str = "by-nc-nd";
/// The Creative Commons 4.0 licenses an artist can choose.
pub const LICENSES: [&str; 6] = ["by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd"];
/// Sort keys hold positions as two digits, so at most 99 of each.
pub const MAX_POSITION: u32 = 99;
/// An artist features at most this many tracks.
pub const MAX_FEATURED: usize = 3;

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Artist {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
    pub normalized_name: Option<String>,
    pub bio: Option<String>,
    /// A media key (`art/…/x.jpg`), a full URL, or empty for none.
    pub image_url: Option<String>,
    pub created_date: Option<String>,
    /// Attributes this version does not know, kept so writes never lose them.
    pub extra: Item,
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Album {
    pub id: String,
    pub artist_id: String,
    pub title: String,
    pub artist_name: Option<String>,
    pub release_date: Option<String>,
    pub description: Option<String>,
    pub license: Option<String>,
    pub image_url: Option<String>,
    /// Position among the artist's albums (`AC_SK = 2nn`).
    pub position: u32,
    pub extra: Item,
}

/// An album track or a single. Either can be featured on its artist's page.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Track {
    pub id: String,
    pub title: String,
    /// A full URL (as the original stored) or a media key.
    pub audio_url: String,
    pub artist_id: String,
    pub artist_name: Option<String>,
    pub license: Option<String>,
    /// The `Featured` attribute as stored (`None` when absent).
    pub featured: Option<bool>,
    pub feature_sort: Option<u32>,
    pub kind: TrackKind,
    pub extra: Item,
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub enum TrackKind {
    /// On an album: `AA_PK = album id`, `AA_SK = 1nn`.
    AlbumTrack {
        album_id: String,
        album_title: Option<String>,
        number: u32,
    },
    /// Released alone: `AC_SK = 3nn`.
    Single {
        position: u32,
        release_date: Option<String>,
    },
}

/// Any entity of the catalog.
#[derive(Debug, Clone, PartialEq)]
pub enum Entity {
    Artist(Artist),
    Album(Album),
    Track(Track),
}

impl Artist {
    pub fn image(&self) -> Option<&str> {
        self.image_url.as_deref().filter(|s| !s.is_empty())
    }
}

impl Album {
    pub fn year(&self) -> Option<&str> {
        year_of(self.release_date.as_deref())
    }

    pub fn license(&self) -> &str {
        license_or_default(self.license.as_deref())
    }

    pub fn image(&self) -> Option<&str> {
        self.image_url.as_deref().filter(|s| !s.is_empty())
    }
}

impl Track {
    pub fn album_id(&self) -> Option<&str> {
        match &self.kind {
            TrackKind::AlbumTrack { album_id, .. } => Some(album_id),
            TrackKind::Single { .. } => None,
        }
    }

    pub fn is_single(&self) -> bool {
        matches!(self.kind, TrackKind::Single { .. })
    }

    /// A featured track is listed first on its artist's page.
    pub fn is_featured(&self) -> bool {
        self.featured == Some(true)
    }

    /// Where a featured track sits among the featured ones (1-based).
    pub fn feature_position(&self) -> u32 {
        self.feature_sort
            .unwrap_or(MAX_POSITION)
            .clamp(1, MAX_POSITION)
    }

    pub fn license(&self) -> &str {
        license_or_default(self.license.as_deref())
    }
}

/// The year of a `YYYY-MM-DD` (or `YYYY…`) release date.
pub fn year_of(date: Option<&str>) -> Option<&str> {
    let d = date?;
    (d.len() >= 4 && d.as_bytes()[..4].iter().all(u8::is_ascii_digit)).then(|| &d[..4])
}

fn license_or_default(code: Option<&str>) -> &str {
    match code {
        Some(c) if LICENSES.contains(&c) => c,
        _ => DEFAULT_LICENSE,
    }
}

/// Ids become file names and URL paths, so only URL- and path-safe ones are
/// accepted (ours are 16 lowercase base-36 characters).
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A new id: 16 lowercase base-36 characters.
pub fn new_id(rng: &mut fastrand::Rng) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    (0..16)
        .map(|_| ALPHABET[rng.usize(..ALPHABET.len())] as char)
        .collect()
}
