//! Tracks: changing one, moving it in its list, deleting it, and the
//! featured tracks of an artist's page.

use serde::Deserialize;

use super::files::{take_out_trash, trash_puts};
use super::rules::{license, position_of, release_date, required};
use super::*;
use crate::catalog::items::sort_key;
use crate::catalog::model::{MAX_FEATURED, next_feature_sort};
use crate::catalog::records::{count_bytes, track_bytes};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct TrackPatch {
    pub title: Option<String>,
    /// Singles only.
    pub release_date: Option<String>,
    pub license: Option<String>,
    pub version: Option<i64>,
}

fn set_position(t: &mut Track, to: u32) {
    match &mut t.kind {
        TrackKind::AlbumTrack { number, .. } => *number = to,
        TrackKind::Single { position, .. } => *position = to,
    }
}

impl Editor {
    /// Changes a track's title, license or (for a single) release date.
    pub async fn update_track(
        &self,
        user: &User,
        id: &str,
        patch: TrackPatch,
    ) -> Result<Change<Track>> {
        let (mut track, artist) = self.track(user, id).await?;
        check_version(version_of(&track.trogs), patch.version)?;
        let condition = same_version(&track.trogs);
        if let Some(t) = &patch.title {
            track.title = required(t, "title")?;
        }
        if let Some(l) = &patch.license {
            track.license = license(Some(l))?.or(track.license);
        }
        if let Some(d) = &patch.release_date {
            match &mut track.kind {
                TrackKind::Single {
                    release_date: r, ..
                } => *r = release_date(Some(d))?,
                TrackKind::AlbumTrack { .. } => return Err(EditError::AlbumTrackDate),
            }
        }
        track.artist_name = Some(artist.name.clone());
        bump(&mut track.trogs);
        self.store.put(track.to_item(), Some(condition)).await?;
        let rows = vec![track_row(&track)];
        Ok(Change::new(track, vec![Page::Track(id.to_string())], rows))
    }

    /// Moves a track one place up or down on its album (or among the
    /// singles), swapping places with its neighbour. Returns the track with
    /// its place in the list, from 0.
    pub async fn move_track(
        &self,
        user: &User,
        id: &str,
        direction: Direction,
    ) -> Result<Change<(Track, u32)>> {
        let (track, artist) = self.track(user, id).await?;
        let (siblings, parent) = match &track.kind {
            TrackKind::AlbumTrack { album_id, .. } => {
                let (album, _) = self.album(user, album_id).await?;
                (self.album_tracks(&album).await?, touch_album(&album))
            }
            TrackKind::Single { .. } => (
                self.artist_rows(user, &artist.id).await?.singles,
                touch(&artist),
            ),
        };
        let mut order: Vec<Track> = siblings;
        order.sort_by_key(position_of);
        let Some(at) = order.iter().position(|t| t.id == track.id) else {
            return Err(EditError::ListUpdating);
        };
        let other = match direction {
            Direction::Up if at > 0 => at - 1,
            Direction::Down if at + 1 < order.len() => at + 1,
            _ => return Ok(Change::none((order[at].clone(), at as u32))),
        };
        let mut a = order[at].clone();
        let mut b = order[other].clone();
        let (pa, pb) = (position_of(&a), position_of(&b));
        let (ca, cb) = (same_version(&a.trogs), same_version(&b.trogs));
        set_position(&mut a, pb);
        set_position(&mut b, pa);
        if pa == pb {
            // Two tracks on one place (rows the original wrote): number by order.
            set_position(&mut a, other as u32);
            set_position(&mut b, at as u32);
        }
        bump(&mut a.trogs);
        bump(&mut b.trogs);
        self.store
            .transact(vec![
                parent,
                Write::Put {
                    item: a.to_item(),
                    condition: Some(ca),
                },
                Write::Put {
                    item: b.to_item(),
                    condition: Some(cb),
                },
            ])
            .await?;
        let pages = vec![Page::Track(a.id.clone()), Page::Track(b.id.clone())];
        let rows = vec![track_row(&a), track_row(&b)];
        Ok(Change::new((a, other as u32), pages, rows))
    }

    /// Deletes a track; its media is listed in the trash with the delete,
    /// so no object is left behind even if this process stops before
    /// removing it.
    pub async fn delete_track(&self, user: &User, id: &str) -> Result<Change<()>> {
        let (track, artist) = self.track(user, id).await?;
        let parent = match &track.kind {
            TrackKind::AlbumTrack { album_id, .. } => {
                let (album, _) = self.album(user, album_id).await?;
                touch_album(&album)
            }
            TrackKind::Single { .. } => touch(&artist),
        };
        let media = ours(track_media(&track));
        let mut writes = vec![
            parent,
            Write::Delete {
                key: Key::same(id),
                condition: Some(same_version(&track.trogs)),
            },
        ];
        writes.extend(trash_puts(&media));
        self.store.transact(writes).await?;
        count_bytes(&self.store, &artist, -(track_bytes(&track) as i64)).await;
        take_out_trash(self, media).await;
        Ok(Change::new(
            (),
            vec![Page::Track(id.to_string())],
            vec![gone_row(&track)],
        ))
    }

    /// Features a track on its artist's page (at most three), or stops.
    pub async fn set_featured(&self, user: &User, id: &str, on: bool) -> Result<Change<Track>> {
        let (mut track, artist) = self.track(user, id).await?;
        if track.is_featured() == on {
            return Ok(Change::none(track));
        }
        let rows = self.artist_rows(user, &artist.id).await?;
        let condition = same_version(&track.trogs);
        if on {
            let others: Vec<&Track> = rows.featured.iter().filter(|t| t.id != track.id).collect();
            if others.len() >= MAX_FEATURED {
                return Err(EditError::TooManyFeatured);
            }
            track.featured = Some(true);
            track.feature_sort = Some(next_feature_sort(
                others.iter().filter_map(|t| t.feature_sort.as_deref()),
            ));
        } else {
            track.featured = None;
            track.feature_sort = None;
        }
        bump(&mut track.trogs);
        self.store
            .transact(vec![
                touch(&rows.artist),
                Write::Put {
                    item: track.to_item(),
                    condition: Some(condition),
                },
            ])
            .await?;
        let pages = vec![Page::Track(id.to_string()), Page::Artist(artist.id.clone())];
        let shown = vec![track_row(&track)];
        Ok(Change::new(track, pages, shown))
    }

    /// Puts the artist's featured tracks in the order given (every featured
    /// track, each once): `FeatureSort` becomes `100`, `101`, `102`.
    pub async fn order_featured(
        &self,
        user: &User,
        artist_id: &str,
        order: Vec<String>,
    ) -> Result<Change<Vec<Track>>> {
        let rows = self.artist_rows(user, artist_id).await?;
        let mut current: Vec<&str> = rows.featured.iter().map(|t| t.id.as_str()).collect();
        let mut asked: Vec<&str> = order.iter().map(String::as_str).collect();
        current.sort_unstable();
        asked.sort_unstable();
        if current != asked {
            return Err(EditError::FeaturedOrder);
        }
        let mut writes = vec![touch(&rows.artist)];
        let mut tracks = Vec::new();
        for (i, id) in order.iter().enumerate() {
            let mut t = rows
                .featured
                .iter()
                .find(|t| &t.id == id)
                .cloned()
                .expect("checked above");
            // Read again by key: the index may lag behind the table.
            if let Some(item) = self.store.get(Key::same(id)).await?
                && let Ok(Entity::Track(fresh)) = from_item(&item)
            {
                t = fresh;
            }
            let condition = same_version(&t.trogs);
            t.feature_sort = Some(sort_key(1, i as u32));
            bump(&mut t.trogs);
            writes.push(Write::Put {
                item: t.to_item(),
                condition: Some(condition),
            });
            tracks.push(t);
        }
        self.store.transact(writes).await?;
        let shown = tracks.iter().map(track_row).collect();
        Ok(Change::new(
            tracks,
            vec![Page::Artist(artist_id.to_string())],
            shown,
        ))
    }
}
