//! Entities to and from table items, exactly as `docs/catalog.md` lays them
//! out: attribute names, sort keys and value formats are those of the
//! original site. Legacy rows are read leniently; writes are what the
//! original would write.

use std::collections::BTreeMap;

use super::model::{
    ARTISTS_PARTITION, Album, Artist, AudioInfo, Entity, ImageInfo, MAX_POSITION, Rendition,
    RenditionKind, Track, TrackKind, Written, is_valid_id,
};
use crate::store::{AttributeValue, Condition, Item, Update, get_s};

// The attributes Trogs adds (`docs/catalog.md`, "Attributes Trogs adds"):
// named here and nowhere else.
pub const VERSION: &str = "Version";
pub const DELETING: &str = "Deleting";
pub const LANGUAGE: &str = "Language";
pub const IMAGE_URL: &str = "ImageURL";
pub const AUDIO_URL: &str = "AudioURL";
pub const IMAGE_SIZES: &str = "ImageSizes";
pub const IMAGE_WIDTH: &str = "ImageWidth";
pub const IMAGE_HEIGHT: &str = "ImageHeight";
pub const DURATION: &str = "Duration";
pub const AUDIO_TYPE: &str = "AudioType";
pub const AUDIO_SIZE: &str = "AudioSize";
pub const RENDITIONS: &str = "Renditions";
pub const RENDITIONS_PROBLEM: &str = "RenditionsProblem";
pub const PEAKS_KEY: &str = "PeaksKey";
pub const LOUDNESS: &str = "Loudness";
pub const TRUE_PEAK: &str = "TruePeak";
pub const GAIN: &str = "Gain";
pub const SOURCE_KEY: &str = "SourceKey";
pub const SOURCE_HASH: &str = "SourceHash";
// A rendition's map.
const R_KEY: &str = "Key";
const R_TYPE: &str = "Type";
const R_SIZE: &str = "Size";
const R_KBPS: &str = "Kbps";

/// Every attribute `Written` holds. A track's `ImageURL` is one; an
/// artist's or album's is read into its `image_url` before these are taken.
const WRITTEN: [&str; 18] = [
    VERSION,
    DELETING,
    LANGUAGE,
    IMAGE_URL,
    IMAGE_SIZES,
    IMAGE_WIDTH,
    IMAGE_HEIGHT,
    DURATION,
    AUDIO_TYPE,
    AUDIO_SIZE,
    RENDITIONS,
    RENDITIONS_PROBLEM,
    PEAKS_KEY,
    LOUDNESS,
    TRUE_PEAK,
    GAIN,
    SOURCE_KEY,
    SOURCE_HASH,
];

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ItemError {
    /// The item does not fit the table layout.
    #[error("item PK={pk:?} SK={sk:?}: {detail}")]
    Invalid {
        pk: String,
        sk: String,
        detail: String,
    },
    /// The item fits the layout but another item owns the page it would
    /// land on: it is left out of that page (a warning, not a broken row).
    #[error(transparent)]
    Conflict(Box<Conflict>),
}

/// An item left out of a page because of whom it belongs to (ids that
/// collide, a track pointing at another artist's album), with both keys.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error(
    "item PK={pk:?} SK={sk:?} left out of {page}: {detail} (item PK={other_pk:?} SK={other_sk:?})"
)]
pub struct Conflict {
    pub pk: String,
    pub sk: String,
    /// The page it was left out of, e.g. `album/ID`.
    pub page: String,
    pub detail: String,
    /// The key of the item that keeps the page.
    pub other_pk: String,
    pub other_sk: String,
}

impl From<Conflict> for ItemError {
    fn from(c: Conflict) -> ItemError {
        ItemError::Conflict(Box::new(c))
    }
}

/// `1nn`, `2nn`, `3nn`: a group digit and a two-digit position counted
/// from 0, so the first of a group is `100`, `200` or `300`.
pub fn sort_key(group: u8, position: u32) -> String {
    format!("{group}{:02}", position.min(MAX_POSITION))
}

fn parse_sort_key(sk: &str, group: u8) -> Option<u32> {
    let rest = sk.strip_prefix(char::from(b'0' + group))?;
    (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())).then(|| rest.parse().ok())?
}

struct Fields {
    item: Item,
    pk: String,
    sk: String,
}

impl Fields {
    fn err(&self, detail: impl Into<String>) -> ItemError {
        ItemError::Invalid {
            pk: self.pk.clone(),
            sk: self.sk.clone(),
            detail: detail.into(),
        }
    }

    fn string(&mut self, name: &str) -> Result<Option<String>, ItemError> {
        match self.item.remove(name) {
            None => Ok(None),
            Some(AttributeValue::S(s)) => Ok(Some(s)),
            Some(AttributeValue::Null(_)) => Ok(None),
            Some(AttributeValue::N(n)) => Ok(Some(n)),
            Some(v) => Err(self.err(format!("{name} must be a string, not {}", v.type_name()))),
        }
    }

    fn required(&mut self, name: &str) -> Result<String, ItemError> {
        self.string(name)?
            .ok_or_else(|| self.err(format!("{name} is missing")))
    }

    /// A string sort key; legacy rows may hold it as a number (its text is
    /// read), and an empty one counts as none.
    fn sort_string(&mut self, name: &str) -> Result<Option<String>, ItemError> {
        Ok(self.string(name)?.filter(|s| !s.trim().is_empty()))
    }

    fn boolean(&mut self, name: &str) -> Result<Option<bool>, ItemError> {
        match self.item.remove(name) {
            None | Some(AttributeValue::Null(_)) => Ok(None),
            Some(AttributeValue::Bool(b)) => Ok(Some(b)),
            Some(AttributeValue::S(s) | AttributeValue::N(s)) => Ok(Some(matches!(
                s.to_ascii_lowercase().as_str(),
                "true" | "1" | "yes"
            ))),
            Some(v) => Err(self.err(format!("{name} must be BOOL, not {}", v.type_name()))),
        }
    }
}

/// Reads an entity from a table item. Index key attributes are checked
/// against the layout and dropped (they are derived again on write); unknown
/// attributes are kept in `extra`.
pub fn from_item(item: &Item) -> Result<Entity, ItemError> {
    from_owned_item(item.clone())
}

/// `from_item`, taking the item: what page queries use, so a build does not
/// copy every row it reads.
pub fn from_owned_item(item: Item) -> Result<Entity, ItemError> {
    let pk = get_s(&item, "PK").unwrap_or_default().to_string();
    let sk = get_s(&item, "SK").unwrap_or_default().to_string();
    let mut f = Fields {
        item,
        pk: pk.clone(),
        sk: sk.clone(),
    };
    for id in [&pk, &sk] {
        if !is_valid_id(id) {
            return Err(f.err(format!(
                "{id:?} is not a valid id (letters, digits, - and _ only)"
            )));
        }
    }
    f.item.remove("PK");
    f.item.remove("SK");
    let aa_pk = f.string("AA_PK")?;
    let aa_sk = f.string("AA_SK")?;
    let ac_pk = f.string("AC_PK")?;
    let ac_sk = f.string("AC_SK")?;

    if pk != sk {
        // An album: PK is its artist, SK the album.
        if aa_pk.as_deref() != Some(sk.as_str()) {
            return Err(f.err("an album needs AA_PK equal to its SK"));
        }
        let position = ac_sk.as_deref().and_then(|s| parse_sort_key(s, 2));
        let position = position.ok_or_else(|| f.err("an album needs AC_SK = 2nn"))?;
        return Ok(Entity::Album(Album {
            id: sk,
            artist_id: pk,
            title: f.required("AlbumTitle")?,
            artist_name: f.string("ArtistName")?,
            release_date: f.string("ReleaseDate")?,
            description: f.string("Description")?,
            license: f.string("License")?,
            image_url: f.string(IMAGE_URL)?,
            position,
            trogs: Written::take(&mut f.item),
            extra: f.item,
        }));
    }
    if aa_pk.as_deref() == Some(ARTISTS_PARTITION) {
        let name = aa_sk.ok_or_else(|| f.err("an artist needs its name in AA_SK"))?;
        return Ok(Entity::Artist(Artist {
            id: pk,
            name,
            owner: f.string("Owner")?,
            normalized_name: f.string("NormalizedName")?,
            bio: f.string("Bio")?,
            image_url: f.string(IMAGE_URL)?,
            created_date: f.string("CreatedDate")?,
            trogs: Written::take(&mut f.item),
            extra: f.item,
        }));
    }
    let title = f.required("TrackTitle")?;
    let audio_url = f.string(AUDIO_URL)?.unwrap_or_default();
    let artist_id = match (f.string("ArtistID")?, &ac_pk) {
        (Some(id), _) => id,
        (None, Some(ac)) => ac.clone(),
        (None, None) => return Err(f.err("a track needs ArtistID")),
    };
    if !is_valid_id(&artist_id) {
        return Err(f.err(format!("ArtistID {artist_id:?} is not a valid id")));
    }
    let artist_name = f.string("ArtistName")?;
    let license = f.string("License")?;
    let mut featured = f.boolean("Featured")?;
    let mut feature_sort = f.sort_string("FeatureSort")?;
    let kind = match (aa_pk, aa_sk) {
        (Some(album_id), Some(aa_sk)) => {
            if !is_valid_id(&album_id) {
                return Err(f.err(format!("AA_PK {album_id:?} is not a valid album id")));
            }
            let number = parse_sort_key(&aa_sk, 1)
                .ok_or_else(|| f.err(format!("an album track needs AA_SK = 1nn, not {aa_sk:?}")))?;
            // A featured album track is in the artist's partition as 1nn:
            // that index entry is what the artist page reads, so it counts
            // as featured whatever `Featured` says, and orders by its AC_SK
            // when it has no FeatureSort.
            if let Some(key) = ac_sk.filter(|s| parse_sort_key(s, 1).is_some()) {
                featured = Some(true);
                feature_sort.get_or_insert(key);
            }
            TrackKind::AlbumTrack {
                album_id,
                album_title: f.string("AlbumTitle")?,
                number,
            }
        }
        _ => {
            let position = ac_sk.as_deref().and_then(|s| parse_sort_key(s, 3));
            let position = position.ok_or_else(|| f.err("a single needs AC_SK = 3nn"))?;
            TrackKind::Single {
                position,
                release_date: f.string("ReleaseDate")?,
            }
        }
    };
    Ok(Entity::Track(Track {
        id: pk,
        title,
        audio_url,
        artist_id,
        artist_name,
        license,
        featured,
        feature_sort,
        kind,
        trogs: Written::take(&mut f.item),
        extra: f.item,
    }))
}

fn put(item: &mut Item, name: &str, value: &Option<String>) {
    if let Some(v) = value {
        item.insert(name.to_string(), AttributeValue::s(v));
    }
}

fn s(item: &mut Item, name: &str, value: &str) {
    item.insert(name.to_string(), AttributeValue::s(value));
}

impl Artist {
    pub fn to_item(&self) -> Item {
        let mut item = self.extra.clone();
        s(&mut item, "PK", &self.id);
        s(&mut item, "SK", &self.id);
        s(&mut item, "AA_PK", ARTISTS_PARTITION);
        s(&mut item, "AA_SK", &self.name);
        s(&mut item, "AC_PK", &self.id);
        s(&mut item, "AC_SK", "000");
        put(&mut item, "Owner", &self.owner);
        put(&mut item, "NormalizedName", &self.normalized_name);
        put(&mut item, "Bio", &self.bio);
        put(&mut item, IMAGE_URL, &self.image_url);
        put(&mut item, "CreatedDate", &self.created_date);
        self.trogs.put_into(&mut item);
        item
    }
}

impl Album {
    pub fn to_item(&self) -> Item {
        let mut item = self.extra.clone();
        s(&mut item, "PK", &self.artist_id);
        s(&mut item, "SK", &self.id);
        s(&mut item, "AA_PK", &self.id);
        s(&mut item, "AA_SK", "000");
        s(&mut item, "AC_PK", &self.artist_id);
        s(&mut item, "AC_SK", &sort_key(2, self.position));
        s(&mut item, "AlbumTitle", &self.title);
        put(&mut item, "ArtistName", &self.artist_name);
        put(&mut item, "ReleaseDate", &self.release_date);
        put(&mut item, "Description", &self.description);
        put(&mut item, "License", &self.license);
        put(&mut item, IMAGE_URL, &self.image_url);
        self.trogs.put_into(&mut item);
        item
    }
}

impl Track {
    pub fn to_item(&self) -> Item {
        let mut item = self.extra.clone();
        s(&mut item, "PK", &self.id);
        s(&mut item, "SK", &self.id);
        s(&mut item, "TrackTitle", &self.title);
        s(&mut item, AUDIO_URL, &self.audio_url);
        s(&mut item, "ArtistID", &self.artist_id);
        put(&mut item, "ArtistName", &self.artist_name);
        put(&mut item, "License", &self.license);
        if let Some(f) = self.featured {
            item.insert("Featured".into(), AttributeValue::Bool(f));
        }
        put(&mut item, "FeatureSort", &self.feature_sort);
        match &self.kind {
            TrackKind::AlbumTrack {
                album_id,
                album_title,
                number,
            } => {
                s(&mut item, "AA_PK", album_id);
                s(&mut item, "AA_SK", &sort_key(1, *number));
                put(&mut item, "AlbumTitle", album_title);
                if self.is_featured() {
                    s(&mut item, "AC_PK", &self.artist_id);
                    s(&mut item, "AC_SK", &self.featured_sort_key());
                }
            }
            TrackKind::Single {
                position,
                release_date,
            } => {
                s(&mut item, "AC_PK", &self.artist_id);
                s(&mut item, "AC_SK", &sort_key(3, *position));
                put(&mut item, "ReleaseDate", release_date);
            }
        }
        self.trogs.put_into(&mut item);
        item
    }
}

impl Entity {
    pub fn to_item(&self) -> Item {
        match self {
            Entity::Artist(a) => a.to_item(),
            Entity::Album(a) => a.to_item(),
            Entity::Track(t) => t.to_item(),
        }
    }
}

// ---------------------------------------------------------------------
// What Trogs adds, typed

fn text(v: Option<&AttributeValue>) -> Option<String> {
    v.and_then(AttributeValue::as_s).map(str::to_string)
}

/// A number as Trogs writes it (N); legacy rows may hold it as a string.
fn number_or_text(v: Option<&AttributeValue>) -> Option<&str> {
    match v? {
        AttributeValue::N(n) | AttributeValue::S(n) => Some(n.trim()),
        _ => None,
    }
}

fn float(v: Option<&AttributeValue>) -> Option<f64> {
    match v? {
        AttributeValue::N(n) => n.parse().ok(),
        _ => None,
    }
}

fn rendition(v: &AttributeValue) -> Option<Rendition> {
    let AttributeValue::M(m) = v else { return None };
    let key = text(m.get(R_KEY))?;
    let mime = text(m.get(R_TYPE))?;
    Some(Rendition {
        kind: RenditionKind::of(&key, &mime),
        size: number_or_text(m.get(R_SIZE)).and_then(|n| n.parse().ok()),
        kbps: number_or_text(m.get(R_KBPS)).and_then(|n| n.parse().ok()),
        key,
        mime,
    })
}

/// What the attributes in `read` say, read as leniently as pages always
/// read them; `read` itself is left empty.
fn parse(read: &Item) -> Written {
    let dimension = |name: &str| {
        number_or_text(read.get(name))
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|n| *n > 0)
    };
    Written {
        version: match read.get(VERSION) {
            Some(AttributeValue::N(n)) => n.parse().ok(),
            _ => None,
        },
        // Any value marks a delete under way.
        deleting: read
            .get(DELETING)
            .map(|v| number_or_text(Some(v)).unwrap_or_default().to_string()),
        language: text(read.get(LANGUAGE)),
        track_image: text(read.get(IMAGE_URL)),
        image: ImageInfo {
            sizes: text(read.get(IMAGE_SIZES))
                .map(|s| {
                    s.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            width: dimension(IMAGE_WIDTH),
            height: dimension(IMAGE_HEIGHT),
        },
        audio: AudioInfo {
            duration: float(read.get(DURATION)),
            mime: text(read.get(AUDIO_TYPE)),
            size: number_or_text(read.get(AUDIO_SIZE)).and_then(|n| n.parse().ok()),
        },
        renditions: match read.get(RENDITIONS) {
            Some(AttributeValue::L(list)) => list.iter().filter_map(rendition).collect(),
            _ => Vec::new(),
        },
        renditions_problem: text(read.get(RENDITIONS_PROBLEM)),
        peaks_key: text(read.get(PEAKS_KEY)),
        loudness: float(read.get(LOUDNESS)),
        true_peak: float(read.get(TRUE_PEAK)),
        gain: float(read.get(GAIN)),
        source_key: text(read.get(SOURCE_KEY)),
        source_hash: text(read.get(SOURCE_HASH)),
        read: Item::new(),
    }
}

fn decimals(x: f64, places: usize) -> AttributeValue {
    AttributeValue::n(format!("{x:.places$}"))
}

/// A rendition's map, as the media pipeline writes it.
fn rendition_value(r: &Rendition) -> AttributeValue {
    let mut m = BTreeMap::new();
    m.insert(R_KEY.to_string(), AttributeValue::s(&r.key));
    m.insert(R_TYPE.to_string(), AttributeValue::s(&r.mime));
    if let Some(size) = r.size {
        m.insert(R_SIZE.to_string(), AttributeValue::n(size));
    }
    if let Some(kbps) = r.kbps {
        m.insert(R_KBPS.to_string(), AttributeValue::n(kbps));
    }
    AttributeValue::M(m)
}

/// Each attribute as Trogs writes it (`None`: absent).
fn forms(w: &Written) -> [(&'static str, Option<AttributeValue>); 18] {
    let s = |v: &Option<String>| v.as_ref().map(AttributeValue::s);
    [
        (VERSION, w.version.map(AttributeValue::n)),
        (DELETING, s(&w.deleting)),
        (LANGUAGE, s(&w.language)),
        (IMAGE_URL, s(&w.track_image)),
        (
            IMAGE_SIZES,
            (!w.image.sizes.is_empty()).then(|| AttributeValue::s(w.image.sizes.join(","))),
        ),
        (IMAGE_WIDTH, w.image.width.map(AttributeValue::n)),
        (IMAGE_HEIGHT, w.image.height.map(AttributeValue::n)),
        (DURATION, w.audio.duration.map(|d| decimals(d, 3))),
        (AUDIO_TYPE, s(&w.audio.mime)),
        (AUDIO_SIZE, w.audio.size.map(AttributeValue::n)),
        (
            RENDITIONS,
            (!w.renditions.is_empty())
                .then(|| AttributeValue::L(w.renditions.iter().map(rendition_value).collect())),
        ),
        (RENDITIONS_PROBLEM, s(&w.renditions_problem)),
        (PEAKS_KEY, s(&w.peaks_key)),
        (LOUDNESS, w.loudness.map(|x| decimals(x, 2))),
        (TRUE_PEAK, w.true_peak.map(|x| decimals(x, 2))),
        (GAIN, w.gain.map(|x| decimals(x, 2))),
        (SOURCE_KEY, s(&w.source_key)),
        (SOURCE_HASH, s(&w.source_hash)),
    ]
}

impl Written {
    /// Takes the attributes Trogs adds out of `item`.
    fn take(item: &mut Item) -> Written {
        let read: Item = WRITTEN
            .iter()
            .filter_map(|name| item.remove_entry(*name))
            .collect();
        let mut written = parse(&read);
        written.read = read;
        written
    }

    /// What a stored item records, without reading it as an entity (for
    /// work over raw items, such as `trogs media process`).
    pub fn of(item: &Item) -> Written {
        Written::take(&mut item.clone())
    }

    /// Writes the attributes into `item`: each one still as it was read
    /// keeps its stored form (type and text), a changed one is written as
    /// Trogs writes it, and one set to none is left out.
    fn put_into(&self, item: &mut Item) {
        let was = forms(&parse(&self.read));
        for ((name, now), (_, before)) in forms(self).into_iter().zip(was) {
            let value = if now == before {
                self.read.get(name).cloned()
            } else {
                now
            };
            if let Some(v) = value {
                item.insert(name.to_string(), v);
            }
        }
    }

    /// Forgets everything made from the audio the track played (renditions,
    /// peaks, loudness, where they came from, why they are missing), for a
    /// track that now plays other audio: in whatever form they were stored.
    pub fn forget_made_from_audio(&mut self) {
        self.renditions.clear();
        self.renditions_problem = None;
        self.peaks_key = None;
        self.loudness = None;
        self.true_peak = None;
        self.gain = None;
        self.source_key = None;
        self.source_hash = None;
        for name in [
            RENDITIONS,
            RENDITIONS_PROBLEM,
            PEAKS_KEY,
            LOUDNESS,
            TRUE_PEAK,
            GAIN,
            SOURCE_KEY,
            SOURCE_HASH,
        ] {
            self.read.remove(name);
        }
    }

    /// The condition that the stored item still has the version read (an
    /// item the original wrote has none), compared as it is stored.
    pub fn same_version(&self) -> Condition {
        match self.read.get(VERSION) {
            Some(v) => Condition::All(vec![
                Condition::Exists,
                Condition::Equals(VERSION.into(), v.clone()),
            ]),
            None => Condition::All(vec![
                Condition::Exists,
                Condition::AttributeNotExists(VERSION.into()),
            ]),
        }
    }
}

/// The version a stored item carries (0 for the original's rows), read
/// without taking the item apart (an index row a publisher waits for).
pub fn stored_version(item: &Item) -> i64 {
    match item.get(VERSION) {
        Some(AttributeValue::N(n)) => n.parse().unwrap_or(0),
        _ => 0,
    }
}

/// The update raising an item's version by one.
pub fn bump_version() -> Update {
    Update::Add(VERSION.into(), 1)
}

/// The condition that an item is there and no delete is under way on it.
pub fn not_being_deleted() -> Condition {
    Condition::All(vec![
        Condition::Exists,
        Condition::AttributeNotExists(DELETING.into()),
    ])
}

/// The condition that no delete is under way on an item.
pub fn no_delete_mark() -> Condition {
    Condition::AttributeNotExists(DELETING.into())
}

/// The update marking an item as being deleted by the job `job_sk`.
pub fn mark_deleting(job_sk: &str) -> Update {
    Update::Set(DELETING.into(), AttributeValue::s(job_sk))
}

/// The condition that an item still shows the image `key`.
pub fn shows_image(key: &str) -> Condition {
    Condition::Equals(IMAGE_URL.into(), AttributeValue::s(key))
}

/// The condition that a track still plays `audio_url`.
pub fn plays_audio(audio_url: &str) -> Condition {
    Condition::Equals(AUDIO_URL.into(), AttributeValue::s(audio_url))
}

/// The updates recording an image's derivatives and size on its item.
pub fn image_updates(image: &ImageInfo) -> Vec<Update> {
    let w = Written {
        image: image.clone(),
        ..Written::default()
    };
    let mut updates = Vec::new();
    for (name, value) in forms(&w) {
        if let (IMAGE_SIZES | IMAGE_WIDTH | IMAGE_HEIGHT, Some(v)) = (name, value) {
            updates.push(Update::Set(name.into(), v));
        }
    }
    updates
}

/// The updates recording what the media pipeline made of a track's audio
/// (`made`'s renditions, peaks, duration, loudness, gain and source),
/// clearing why renditions were missing.
pub fn made_from_audio_updates(made: &Written) -> Vec<Update> {
    let mut updates = Vec::new();
    for (name, value) in forms(made) {
        let wanted = matches!(
            name,
            RENDITIONS
                | PEAKS_KEY
                | DURATION
                | GAIN
                | SOURCE_KEY
                | SOURCE_HASH
                | LOUDNESS
                | TRUE_PEAK
        );
        if let (true, Some(v)) = (wanted, value) {
            updates.push(Update::Set(name.into(), v));
        }
    }
    updates.push(Update::Remove(RENDITIONS_PROBLEM.into()));
    updates
}

/// The update recording why a track got no renditions.
pub fn renditions_problem(why: &str) -> Update {
    Update::Set(RENDITIONS_PROBLEM.into(), AttributeValue::s(why))
}
