//! Albums: creating one at the end of an artist's list, changing it,
//! deleting it with its tracks, and its tracks in order.

use serde::Deserialize;

use super::artists::tracks_range;
use super::rules::{license, next_position, optional_text, release_date, required};
use super::*;
use crate::catalog::model::DEFAULT_LICENSE;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AlbumInput {
    #[serde(default)]
    pub title: String,
    pub release_date: Option<String>,
    pub license: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AlbumPatch {
    pub title: Option<String>,
    pub release_date: Option<String>,
    pub license: Option<String>,
    pub description: Option<String>,
    pub version: Option<i64>,
}

impl Editor {
    /// An album's tracks, in their order.
    pub async fn album_tracks(&self, album: &Album) -> Result<Vec<Track>> {
        let rows = self
            .store
            .query_all(Query::new(Index::ArtistsAlbums, &album.id).range(tracks_range()))
            .await?;
        let mut tracks: Vec<Track> = rows
            .iter()
            .filter_map(|item| match from_item(item) {
                Ok(Entity::Track(t)) if t.artist_id == album.artist_id => Some(t),
                _ => None,
            })
            .collect();
        tracks.sort_by_key(|t| match t.kind {
            TrackKind::AlbumTrack { number, .. } => number,
            TrackKind::Single { .. } => u32::MAX,
        });
        Ok(tracks)
    }

    /// A new album at the end of the artist's albums. Returns it with its
    /// artist.
    pub async fn create_album(
        &self,
        user: &User,
        artist_id: &str,
        input: AlbumInput,
    ) -> Result<Change<(Album, Artist)>> {
        let title = required(&input.title, "title")?;
        let release_date = release_date(input.release_date.as_deref())?;
        let license = license(input.license.as_deref())?.unwrap_or_else(|| DEFAULT_LICENSE.into());
        let description = optional_text(input.description.as_deref())?;
        let rows = self.artist_rows(user, artist_id).await?;
        let position = next_position(rows.albums.iter().map(|a| a.position), "album")?;
        let mut album = Album {
            id: crate::random::new_id(),
            artist_id: rows.artist.id.clone(),
            title,
            artist_name: Some(rows.artist.name.clone()),
            release_date,
            description,
            license: Some(license),
            image_url: Some(String::new()),
            position,
            trogs: Written::default(),
            extra: Item::new(),
        };
        bump(&mut album.trogs);
        self.store
            .transact(vec![
                touch(&rows.artist),
                Write::Put {
                    item: album.to_item(),
                    condition: Some(Condition::NotExists),
                },
            ])
            .await?;
        let pages = vec![Page::Album(album.id.clone())];
        let shown = vec![album_row(&album)];
        Ok(Change::new((album, rows.artist), pages, shown))
    }

    /// Changes an album's title, release date, license or description.
    pub async fn update_album(
        &self,
        user: &User,
        id: &str,
        patch: AlbumPatch,
    ) -> Result<Change<(Album, Artist)>> {
        let (mut album, artist) = self.album(user, id).await?;
        check_version(version_of(&album.trogs), patch.version)?;
        let condition = same_version(&album.trogs);
        if let Some(t) = &patch.title {
            album.title = required(t, "title")?;
        }
        if let Some(d) = &patch.release_date {
            album.release_date = release_date(Some(d))?;
        }
        if let Some(l) = &patch.license {
            album.license = license(Some(l))?.or(album.license);
        }
        if let Some(d) = &patch.description {
            album.description = optional_text(Some(d))?;
        }
        album.artist_name = Some(artist.name.clone());
        bump(&mut album.trogs);
        self.store.put(album.to_item(), Some(condition)).await?;
        let pages = vec![Page::Album(album.id.clone())];
        let shown = vec![album_row(&album)];
        Ok(Change::new((album, artist), pages, shown))
    }

    /// Deletes an album with its tracks, all or nothing, as
    /// [`Editor::delete_artist`] does.
    pub async fn delete_album(&self, user: &User, id: &str) -> Result<Change<()>> {
        let (album, artist) = self.album_any(user, id).await?;
        // While the artist goes, the artist's delete takes the album with it.
        deletes::refuse_deleting(&artist.trogs, "artist")?;
        self.delete_album_job(&album, &artist).await
    }
}
