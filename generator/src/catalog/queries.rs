//! Page-shaped reads: each page of the site is one query (plus pages of
//! results), never a scan. Items that don't fit the layout are reported and
//! left out, so one bad row cannot take the whole site down.

use super::items::{Conflict, ItemError, from_item, from_owned_item};
use super::model::{ARTISTS_PARTITION, Album, Artist, Entity, MAX_FEATURED, Track};
use crate::store::{Index, Item, Key, Query, Result, Store, get_s};

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
    for item in items {
        match from_owned_item(item) {
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
///
/// Rows in the artist's partition that another artist owns are left out and
/// reported: an album whose PK is another artist, a track whose `ArtistID`
/// is another artist, and a featured album track whose album is not one of
/// this artist's albums (its album page would belong to someone else).
pub async fn artist_content(store: &Store, artist_id: &str) -> Result<Read<Option<ArtistContent>>> {
    let items = store
        .query_all(Query::new(Index::ArtistContent, artist_id))
        .await?;
    Ok(artist_content_of(items, artist_id, None))
}

/// The artist page's rows, for an artist the home page lists: as
/// [`artist_content`], but an artist whose own item is missing from the
/// artist index (the original wrote some without `AC_PK`/`AC_SK`) still
/// gets its page, with whatever the query found (often nothing). Its item
/// is `listed`, the one the home query returned; without it, the item is
/// read by its key, only when the query did not return it.
pub async fn artist_page_content(
    store: &Store,
    artist_id: &str,
    listed: Option<&Artist>,
) -> Result<Read<Option<ArtistContent>>> {
    let items = store
        .query_all(Query::new(Index::ArtistContent, artist_id))
        .await?;
    let has_own_item = items
        .iter()
        .any(|i| get_s(i, "PK") == Some(artist_id) && get_s(i, "SK") == Some(artist_id));
    if has_own_item {
        return Ok(artist_content_of(items, artist_id, None));
    }
    let fallback = match listed {
        Some(a) => Some(a.clone()),
        None => match entity(store, artist_id).await? {
            Some(Ok(Entity::Artist(a))) => Some(a),
            _ => None,
        },
    };
    Ok(artist_content_of(items, artist_id, fallback))
}

/// The artist page from its partition's items; `listed` stands in for the
/// artist's own item when the partition lacks it.
fn artist_content_of(
    items: Vec<Item>,
    artist_id: &str,
    listed: Option<Artist>,
) -> Read<Option<ArtistContent>> {
    let (entities, mut skipped) = entities(items);
    let page = format!("artist/{artist_id}");
    let mut artist = None;
    let mut featured = Vec::new();
    let mut albums = Vec::new();
    let mut singles = Vec::new();
    // The index returns them in AC_SK order: 000, 1nn, 2nn, 3nn.
    for e in entities {
        match e {
            Entity::Artist(a) if a.id == artist_id => artist = Some(a),
            Entity::Album(a) if a.artist_id != artist_id => skipped.push(
                Conflict {
                    pk: a.artist_id.clone(),
                    sk: a.id.clone(),
                    page: page.clone(),
                    detail: "an album of another artist is in this artist's partition (AC_PK)"
                        .into(),
                    other_pk: artist_id.to_string(),
                    other_sk: artist_id.to_string(),
                }
                .into(),
            ),
            Entity::Album(a) => albums.push(a),
            Entity::Track(t) if t.artist_id != artist_id => skipped.push(
                Conflict {
                    pk: t.id.clone(),
                    sk: t.id.clone(),
                    page: page.clone(),
                    detail: format!(
                        "a track of artist {:?} (ArtistID) is in this artist's partition (AC_PK)",
                        t.artist_id
                    ),
                    other_pk: artist_id.to_string(),
                    other_sk: artist_id.to_string(),
                }
                .into(),
            ),
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
    // Albums (2nn) come after featured tracks (1nn) in the partition, so
    // featured album tracks are checked once every album is known.
    featured.retain(|t| match t.album_id() {
        Some(album) if !albums.iter().any(|a| a.id == album) => {
            skipped.push(Conflict {
                pk: t.id.clone(),
                sk: t.id.clone(),
                page: page.clone(),
                detail: format!(
                    "a featured track on album {album:?} (AA_PK), which is not among this artist's albums"
                ),
                other_pk: artist_id.to_string(),
                other_sk: artist_id.to_string(),
            }.into());
            false
        }
        _ => true,
    });
    featured.sort_by(Track::feature_order);
    featured.truncate(MAX_FEATURED);
    let value = artist
        .or(listed.filter(|a| a.id == artist_id))
        .map(|artist| ArtistContent {
            artist,
            featured,
            albums,
            singles,
        });
    Read { value, skipped }
}

impl ArtistContent {
    /// Leaves out the albums (and the featured tracks on them) whose album
    /// page belongs to another artist: when two artists list the same album
    /// id, [`album_content`] picks one, and the other artist's page must not
    /// link to it. `owner` gives the artist of an album page (the
    /// `album.artist_id` of its [`AlbumContent`]), or `None` when unknown;
    /// unknown albums are kept. Returns what was left out.
    pub fn keep_own_albums<'a>(
        &mut self,
        owner: impl Fn(&str) -> Option<&'a str>,
    ) -> Vec<ItemError> {
        let me = self.artist.id.clone();
        let mut lost = Vec::new();
        self.albums.retain(|a| match owner(&a.id) {
            Some(other) if other != me => {
                lost.push(
                    Conflict {
                        pk: a.artist_id.clone(),
                        sk: a.id.clone(),
                        page: format!("artist/{me}"),
                        detail: "album id also used by another artist, whose album has the page"
                            .into(),
                        other_pk: other.to_string(),
                        other_sk: a.id.clone(),
                    }
                    .into(),
                );
                false
            }
            _ => true,
        });
        let albums = &self.albums;
        self.featured.retain(|t| {
            t.album_id()
                .is_none_or(|id| albums.iter().any(|a| a.id == id))
        });
        lost
    }
}

/// One album with its tracks in order: the album page.
///
/// Album items are keyed by artist and album (`PK`, `SK`), so two artists
/// can hold an album with the same id. The page then shows the one whose
/// artist id sorts first: a rule that depends only on the two keys, not on
/// the engine, the read order or which was written last, so every build
/// (and every page that links to it) agrees. The others are reported with
/// both keys. Tracks whose `ArtistID` is not the chosen album's artist are
/// left out and reported too.
pub async fn album_content(store: &Store, album_id: &str) -> Result<Read<Option<AlbumContent>>> {
    let items = store
        .query_all(Query::new(Index::ArtistsAlbums, album_id))
        .await?;
    Ok(album_content_of(items, album_id))
}

/// Several albums' pages, read together (in one trip for the embedded
/// engine), in the order of `album_ids`.
pub async fn album_contents(
    store: &Store,
    album_ids: &[String],
) -> Result<Vec<Read<Option<AlbumContent>>>> {
    let queries = album_ids
        .iter()
        .map(|id| Query::new(Index::ArtistsAlbums, id.as_str()))
        .collect();
    let results = store.query_all_many(queries).await?;
    Ok(results
        .into_iter()
        .zip(album_ids)
        .map(|(items, id)| album_content_of(items, id))
        .collect())
}

fn album_content_of(items: Vec<Item>, album_id: &str) -> Read<Option<AlbumContent>> {
    let (entities, mut skipped) = entities(items);
    let page = format!("album/{album_id}");
    let mut albums = Vec::new();
    let mut tracks = Vec::new();
    for e in entities {
        match e {
            Entity::Album(a) if a.id == album_id => albums.push(a),
            Entity::Track(t) => tracks.push(t),
            _ => {}
        }
    }
    albums.sort_by(|a, b| a.artist_id.cmp(&b.artist_id));
    let mut albums = albums.into_iter();
    let Some(album) = albums.next() else {
        return Read {
            value: None,
            skipped,
        };
    };
    for other in albums {
        skipped.push(Conflict {
            pk: other.artist_id,
            sk: other.id,
            page: page.clone(),
            detail: "another artist has an album with this id; the page shows the one whose artist id sorts first".into(),
            other_pk: album.artist_id.clone(),
            other_sk: album.id.clone(),
        }.into());
    }
    tracks.retain(|t| {
        let own = t.artist_id == album.artist_id;
        if !own {
            skipped.push(Conflict {
                pk: t.id.clone(),
                sk: t.id.clone(),
                page: page.clone(),
                detail: format!(
                    "a track of artist {:?} (ArtistID) points at another artist's album (AA_PK)",
                    t.artist_id
                ),
                other_pk: album.artist_id.clone(),
                other_sk: album.id.clone(),
            }.into());
        }
        own
    });
    let value = Some(AlbumContent { album, tracks });
    Read { value, skipped }
}

/// One entity by its id (`PK = SK = id`); albums are keyed by their artist,
/// so this finds artists and tracks.
pub async fn entity(store: &Store, id: &str) -> Result<Option<Result<Entity, ItemError>>> {
    Ok(store.get(Key::same(id)).await?.map(|item| from_item(&item)))
}
