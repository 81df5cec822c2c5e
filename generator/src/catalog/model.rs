//! The catalog's entities: artists, albums, album tracks, singles and
//! featured tracks, as the pages and the uploader see them.

use crate::store::Item;

/// The partition of `IX_ARTISTS_ALBUMS` that lists every artist by name.
pub const ARTISTS_PARTITION: &str = "ARTISTS";
/// The license albums get when none is set.
pub const DEFAULT_LICENSE: &str = "by-nc-nd";
/// The Creative Commons 4.0 licenses an artist can choose.
pub const LICENSES: [&str; 6] = ["by", "by-sa", "by-nd", "by-nc", "by-nc-sa", "by-nc-nd"];
/// Sort keys hold a group digit and a two-digit position counted from 0:
/// the first of a group is `x00`, so each group holds at most 100 (`x00` to
/// `x99`) and the last position is 99.
pub const MAX_POSITION: u32 = 99;
/// How many items one sort-key group holds.
pub const PER_GROUP: usize = MAX_POSITION as usize + 1;
/// The `FeatureSort` of an artist's first featured track, as the original
/// wrote it; each next one gets the last one plus 1.
pub const FIRST_FEATURE_SORT: &str = "100";
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
    /// What Trogs itself records on the item (version, image sizes, …).
    pub trogs: Written,
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
    /// Position among the artist's albums, from 0 (`AC_SK = 200` is the first).
    pub position: u32,
    pub trogs: Written,
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
    /// The `FeatureSort` attribute: a string sort key (`"100"`, `"101"`, …),
    /// compared as a string, never as a number.
    pub feature_sort: Option<String>,
    pub kind: TrackKind,
    pub trogs: Written,
    pub extra: Item,
}

#[derive(Debug, Clone, PartialEq, Hash)]
pub enum TrackKind {
    /// On an album: `AA_PK = album id`, `AA_SK = 1nn`.
    AlbumTrack {
        album_id: String,
        album_title: Option<String>,
        /// Its place on the album, from 0 (`AA_SK = 100` is the first
        /// track). Pages number tracks from 1 by their order.
        number: u32,
    },
    /// Released alone: `AC_SK = 3nn`.
    Single {
        /// Its place among the artist's singles, from 0 (`AC_SK = 300`).
        position: u32,
        release_date: Option<String>,
    },
}

/// What Trogs itself records on an item beside the original's attributes,
/// typed (`items.rs` names the attributes). Each value also remembers how it
/// was stored: one written back unchanged keeps its exact DynamoDB type and
/// text, so a legacy row round-trips as it was.
#[derive(Debug, Clone, Default)]
pub struct Written {
    /// Raised by each write, for optimistic concurrency; none on the
    /// original's rows.
    pub version: Option<i64>,
    /// The delete job under way (`album#ID`, `artist#ID`): the item and its
    /// children refuse every change until it has finished.
    pub deleting: Option<String>,
    /// The BCP 47 tag the item's own text is written in, as recorded.
    pub language: Option<String>,
    /// A track's own image key (a single's cover); artists and albums keep
    /// theirs in `image_url`.
    pub track_image: Option<String>,
    pub image: ImageInfo,
    pub audio: AudioInfo,
    /// The streaming renditions the media pipeline made, in the order made.
    pub renditions: Vec<Rendition>,
    /// Why the upload service made no renditions (the track plays its
    /// original meanwhile).
    pub renditions_problem: Option<String>,
    /// The waveform peaks file.
    pub peaks_key: Option<String>,
    /// The original's integrated loudness (LUFS), true peak (dBTP) and the
    /// gain (dB) the renditions were made with.
    pub loudness: Option<f64>,
    pub true_peak: Option<f64>,
    pub gain: Option<f64>,
    /// The media key the renditions were made from, and its blake3.
    pub source_key: Option<String>,
    pub source_hash: Option<String>,
    /// The attributes above as they were read, so `items.rs` writes an
    /// unchanged one back exactly as it was.
    pub(crate) read: Item,
}

/// What an item records of its image besides its key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ImageInfo {
    /// The derivative sizes stored beside the image (`50x50`, `300`, …).
    pub sizes: Vec<String>,
    /// The image's size in pixels, upright, when recorded (and above 0).
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// What a track records of the audio it plays.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AudioInfo {
    /// Seconds, from the uploaded file's bytes.
    pub duration: Option<f64>,
    /// The MIME type.
    pub mime: Option<String>,
    /// Bytes of the uploaded original.
    pub size: Option<i64>,
}

/// A streaming rendition the media pipeline made of a track's audio.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rendition {
    pub kind: RenditionKind,
    /// Its media key (under `_trogs/`).
    pub key: String,
    /// Its MIME type (`audio/ogg`, `audio/mpeg`).
    pub mime: String,
    /// Bytes, when recorded.
    pub size: Option<u64>,
    /// The average bit rate, in kbit/s, when recorded.
    pub kbps: Option<u64>,
}

/// Which of the pipeline's renditions one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RenditionKind {
    /// Opus at the streaming bit rate: pages offer it first.
    Opus,
    /// Opus at the data-saver bit rate: the player's choice, never a source.
    Saver,
    /// MP3: playlists and podcast feeds give it.
    Mp3,
}

impl RenditionKind {
    /// Every kind, in the order the pipeline makes them.
    pub const ALL: [RenditionKind; 3] = [
        RenditionKind::Opus,
        RenditionKind::Saver,
        RenditionKind::Mp3,
    ];

    /// The file name ending the pipeline gives it, after the source's stem:
    /// what tells the kinds apart in a stored key.
    pub fn suffix(self) -> &'static str {
        match self {
            RenditionKind::Opus => ".opus",
            RenditionKind::Saver => ".48.opus",
            RenditionKind::Mp3 => ".mp3",
        }
    }

    /// The kind a recorded rendition is, by its key and type.
    pub fn of(key: &str, mime: &str) -> RenditionKind {
        if key.ends_with(RenditionKind::Saver.suffix()) {
            RenditionKind::Saver
        } else if mime == "audio/mpeg" {
            RenditionKind::Mp3
        } else {
            RenditionKind::Opus
        }
    }
}

impl Written {
    /// The version the item carries (0 for the original's rows).
    pub fn version(&self) -> i64 {
        self.version.unwrap_or(0)
    }

    /// The next version, as a write records it.
    pub fn bump(&mut self) {
        self.version = Some(self.version() + 1);
    }

    /// A rendition of `kind`, when one is recorded.
    pub fn rendition(&self, kind: RenditionKind) -> Option<&Rendition> {
        self.renditions.iter().find(|r| r.kind == kind)
    }
}

/// Two records are equal when they say the same, however it was stored.
impl PartialEq for Written {
    fn eq(&self, other: &Written) -> bool {
        let Written {
            version,
            deleting,
            language,
            track_image,
            image,
            audio,
            renditions,
            renditions_problem,
            peaks_key,
            loudness,
            true_peak,
            gain,
            source_key,
            source_hash,
            read: _,
        } = self;
        *version == other.version
            && *deleting == other.deleting
            && *language == other.language
            && *track_image == other.track_image
            && *image == other.image
            && *audio == other.audio
            && *renditions == other.renditions
            && *renditions_problem == other.renditions_problem
            && *peaks_key == other.peaks_key
            && *loudness == other.loudness
            && *true_peak == other.true_peak
            && *gain == other.gain
            && *source_key == other.source_key
            && *source_hash == other.source_hash
    }
}

// Page inputs hash entities; floats are hashed by their bits, and how a
// value was stored (`read`) is left out: it never shows on a page.
impl std::hash::Hash for Written {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let float = |x: &Option<f64>, h: &mut H| x.map(f64::to_bits).hash(h);
        self.version.hash(h);
        self.deleting.hash(h);
        self.language.hash(h);
        self.track_image.hash(h);
        self.image.hash(h);
        float(&self.audio.duration, h);
        self.audio.mime.hash(h);
        self.audio.size.hash(h);
        self.renditions.hash(h);
        self.renditions_problem.hash(h);
        self.peaks_key.hash(h);
        float(&self.loudness, h);
        float(&self.true_peak, h);
        float(&self.gain, h);
        self.source_key.hash(h);
        self.source_hash.hash(h);
    }
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

    /// The language the artist's own text (name, bio) is written in, when
    /// the item records one (`Language`, a BCP 47 tag).
    pub fn language(&self) -> Option<&str> {
        recorded_language(&self.trogs)
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

    /// The language the album's own text (title, description) is written
    /// in, when the item records one (`Language`, a BCP 47 tag).
    pub fn language(&self) -> Option<&str> {
        recorded_language(&self.trogs)
    }
}

/// An item's `Language`, when it is a plausible BCP 47 tag (letters,
/// digits and hyphens, starting with 2 or 3 letters): it lands in a `lang`
/// attribute.
fn recorded_language(trogs: &Written) -> Option<&str> {
    let tag = trogs.language.as_deref()?;
    let primary = tag.split('-').next().unwrap_or_default();
    ((2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && tag.len() <= 35
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    .then_some(tag)
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

    /// The order of featured tracks on their artist's page, as the original
    /// sorts them: by `FeatureSort` compared as strings (so `"99"` comes after
    /// `"100"`); tracks without one come last; equal keys go by id.
    pub fn feature_order(&self, other: &Track) -> std::cmp::Ordering {
        let key = |t: &Track| (t.feature_sort.is_none(), t.feature_sort.clone());
        key(self)
            .cmp(&key(other))
            .then_with(|| self.id.cmp(&other.id))
    }

    /// The `AC_SK` a featured album track is written with: its `FeatureSort`
    /// when that is a `1nn` key (as the original's `"100"`, `"101"`, …),
    /// otherwise `100`. Either way it lands in the artist's featured group;
    /// the order among featured tracks comes from `FeatureSort`.
    pub fn featured_sort_key(&self) -> String {
        match self.feature_sort.as_deref() {
            Some(k)
                if k.len() == 3 && k.starts_with('1') && k.bytes().all(|b| b.is_ascii_digit()) =>
            {
                k.to_string()
            }
            _ => FIRST_FEATURE_SORT.to_string(),
        }
    }

    pub fn license(&self) -> &str {
        license_or_default(self.license.as_deref())
    }
}

/// The `FeatureSort` for a track featured after `current` (the values the
/// artist's featured tracks hold now), as the original makes it: `"100"` for
/// the first, otherwise the last one plus 1. "Last" is the largest number,
/// which is also the last in string order while values have three digits
/// (`"100"` to `"999"`), as everything the original and Trogs write does.
/// Values that are not whole numbers are passed over.
pub fn next_feature_sort<'a>(current: impl IntoIterator<Item = &'a str>) -> String {
    current
        .into_iter()
        .filter_map(|s| s.trim().parse::<u64>().ok())
        .max()
        .map_or_else(
            || FIRST_FEATURE_SORT.to_string(),
            |last| last.saturating_add(1).to_string(),
        )
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
