//! Page-shaped reads: each page of the site is one query (plus pages of
//! results), never a scan. Items that don't fit the layout are reported and
//! left out, so one bad row cannot take the whole site down.

use super::items::{ItemError, from_item};
use super::model::{ARTISTS_PARTITION, Album, Artist, Entity, MAX_FEATURED, Track};
use crate::store::{Index, Item, Key, Query, Result, Store};

/// What the artist page shows: `IX_ARTIST_CONTENT`, `AC_PK = artist id`.
#[derive(Debug, Clone)]
pub struct ArtistContent {
    pub artist: Artist,
    /// At most three, in feature order.
    pub featured: Vec<Track>,
    pub albums: Vec<Album>,
    pub singles: Vec<Track>,
}

/// What the album page shows: `IX_ARTISTS_ALBUMS`, `AA_PK = album id`.
#[derive(Debug, Clone)]
pub struct AlbumContent {
    pub album: Album,
    pub tracks: Vec<Track>,
}

/// The result of one read, with the items it had to leave out.
#[derive(Debug)]
pub struct Read<T> {
    pub value: T,
    pub skipped: Vec<ItemError>,
}

fn entities(items: Vec<Item>) -> (Vec<Entity>, Vec<ItemError>) {
    let mut ok = Vec::with_capacity(items.len());
    let mut skipped = Vec::new();
    for item in &items {
        match from_item(item) {
            Ok(e) => ok.push(e),
            Err(e) => skipped.push(e),
        }
    }
    (ok, skipped)
}

/// Every artist, sorted by name: the home page.
pub async fn artists(store: &Store) -> Result<Read<Vec<Artist>>> {
    let items = store
        .query_all(Query::new(Index::ArtistsAlbums, ARTISTS_PARTITION))
        .await?;
    let (entities, skipped) = entities(items);
    let value = entities
        .into_iter()
        .filter_map(|e| match e {
            Entity::Artist(a) => Some(a),
            _ => None,
        })
        .collect();
    Ok(Read { value, skipped })
}

/// One artist with featured tracks, albums and singles: the artist page.
pub async fn artist_content(store: &Store, artist_id: &str) -> Result<Read<Option<ArtistContent>>> {
    let items = store
        .query_all(Query::new(Index::ArtistContent, artist_id))
        .await?;
    let (entities, skipped) = entities(items);
    let mut artist = None;
    let mut featured = Vec::new();
    let mut albums = Vec::new();
    let mut singles = Vec::new();
    // The index returns them in AC_SK order: 000, 1nn, 2nn, 3nn.
    for e in entities {
        match e {
            Entity::Artist(a) if a.id == artist_id => artist = Some(a),
            Entity::Album(a) => albums.push(a),
            Entity::Track(t) if t.is_single() => {
                if t.is_featured() {
                    featured.push(t.clone());
                }
                singles.push(t);
            }
            Entity::Track(t) => featured.push(t),
            Entity::Artist(_) => {}
        }
    }
    featured.sort_by_key(Track::feature_position);
    featured.truncate(MAX_FEATURED);
    let value = artist.map(|artist| ArtistContent {
        artist,
        featured,
        albums,
        singles,
    });
    Ok(Read { value, skipped })
}

/// One album with its tracks in order: the album page.
pub async fn album_content(store: &Store, album_id: &str) -> Result<Read<Option<AlbumContent>>> {
    let items = store
        .query_all(Query::new(Index::ArtistsAlbums, album_id))
        .await?;
    let (entities, skipped) = entities(items);
    let mut album = None;
    let mut tracks = Vec::new();
    for e in entities {
        match e {
            Entity::Album(a) if a.id == album_id => album = Some(a),
            Entity::Track(t) => tracks.push(t),
            _ => {}
        }
    }
    let value = album.map(|album| AlbumContent { album, tracks });
    Ok(Read { value, skipped })
}

/// One entity by its id (`PK = SK = id`); albums are keyed by their artist,
/// so this finds artists and tracks.
pub async fn entity(store: &Store, id: &str) -> Result<Option<Result<Entity, ItemError>>> {
    Ok(store.get(Key::same(id)).await?.map(|item| from_item(&item)))
}
