//! Entities to and from table items, exactly as `docs/catalog.md` lays them
//! out: attribute names, sort keys and value formats are those of the
//! original site. Legacy rows are read leniently; writes are what the
//! original would write.

use super::model::{
    ARTISTS_PARTITION, Album, Artist, Entity, MAX_POSITION, Track, TrackKind, is_valid_id,
};
use crate::store::{AttributeValue, Item, get_s};

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
            image_url: f.string("ImageURL")?,
            position,
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
            image_url: f.string("ImageURL")?,
            created_date: f.string("CreatedDate")?,
            extra: f.item,
        }));
    }
    let title = f.required("TrackTitle")?;
    let audio_url = f.string("AudioURL")?.unwrap_or_default();
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
        put(&mut item, "ImageURL", &self.image_url);
        put(&mut item, "CreatedDate", &self.created_date);
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
        put(&mut item, "ImageURL", &self.image_url);
        item
    }
}

impl Track {
    pub fn to_item(&self) -> Item {
        let mut item = self.extra.clone();
        s(&mut item, "PK", &self.id);
        s(&mut item, "SK", &self.id);
        s(&mut item, "TrackTitle", &self.title);
        s(&mut item, "AudioURL", &self.audio_url);
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
