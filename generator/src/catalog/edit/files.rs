//! Media on the write side: where an upload's objects go (their keys),
//! adding an uploaded track at the next place of its list, setting an
//! artist's or an album's image, replacing a track's audio, and the trash
//! list of objects no item refers to any more. The bytes themselves are
//! stored by the caller before the item is written here.

use super::rules::{next_position, position_of, slug_or, today};
use super::*;
use crate::catalog::model::DEFAULT_LICENSE;
use crate::catalog::records::{
    RENDITIONS_PROBLEM, TRASH, count_bytes, track_bytes, trash_item, trash_key,
};

/// An uploaded audio file, stored at `key`, as its probe found it.
#[derive(Debug, Clone)]
pub struct NewAudio {
    pub key: String,
    pub title: String,
    pub duration_seconds: Option<f64>,
    pub mime: String,
    pub size: u64,
}

/// An uploaded image, stored at `key` with its derivatives.
#[derive(Debug, Clone)]
pub struct NewImage {
    pub key: String,
    /// Every object stored for it: `key` and its derivatives.
    pub keys: Vec<String>,
    /// What the item records of it (its size, its derivatives' sizes).
    pub attributes: Vec<(String, AttributeValue)>,
}

/// What the item records of the audio it plays, made from it: dropped
/// when the audio is replaced, until the new file's are made.
const MADE_FROM_AUDIO: &[&str] = &[
    "Renditions",
    "PeaksKey",
    "Gain",
    "Loudness",
    "TruePeak",
    "SourceKey",
    "SourceHash",
    // Why the old audio got no renditions (the upload service's queue).
    RENDITIONS_PROBLEM,
];

/// The key of an image's derivative of `size` (`300x300`): beside the
/// image, `cover-x.300x300.jpg`.
pub fn derivative_key(key: &str, size: &str) -> String {
    match key.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') => {
            format!("{stem}.{size}.{ext}")
        }
        _ => format!("{key}.{size}"),
    }
}

/// Eight random characters that make a new key unlike any before it.
fn rand8() -> String {
    crate::random::base36(8)
}

/// The folder of an artist's media.
pub fn artist_dir(artist: &Artist) -> String {
    format!("art/{}-{}", slug_or(&artist.name, "artist"), artist.id)
}

/// The folder of an album's media.
pub fn album_dir(artist: &Artist, album: &Album) -> String {
    format!(
        "{}/{}-{}",
        artist_dir(artist),
        slug_or(&album.title, "album"),
        album.id
    )
}

/// A new image's key in `dir`, named after `name`.
pub fn image_key(dir: &str, name: &str, ext: &str) -> String {
    format!("{dir}/{}-{}.{ext}", slug_or(name, "image"), rand8())
}

/// A new track's key on `album`.
pub fn album_track_key(artist: &Artist, album: &Album, title: &str, ext: &str) -> String {
    format!(
        "{}/{}-{}.{ext}",
        album_dir(artist, album),
        slug_or(title, "track"),
        rand8()
    )
}

/// A new single's key.
pub fn single_key(artist: &Artist, title: &str, ext: &str) -> String {
    format!(
        "{}/singles/{}-{}.{ext}",
        artist_dir(artist),
        slug_or(title, "track"),
        rand8()
    )
}

/// Where a track's new original goes: beside where an upload of it would
/// go (its album's folder, or the artist's singles), under a new name.
pub fn replacement_key(artist: &Artist, track: &Track, ext: &str) -> String {
    let name = format!("{}-{}.{ext}", slug_or(&track.title, "track"), rand8());
    match &track.kind {
        TrackKind::AlbumTrack {
            album_id,
            album_title,
            ..
        } => format!(
            "{}/{}-{album_id}/{name}",
            artist_dir(artist),
            slug_or(album_title.as_deref().unwrap_or_default(), "album"),
        ),
        TrackKind::Single { .. } => format!("{}/singles/{name}", artist_dir(artist)),
    }
}

/// The keys among `keys` that are objects in our media store (not full
/// URLs), each once.
pub fn ours(keys: Vec<String>) -> Vec<String> {
    let mut ours: Vec<String> = keys
        .into_iter()
        .filter(|k| !k.is_empty() && !k.contains("://") && !k.starts_with("//"))
        .collect();
    ours.sort();
    ours.dedup();
    ours
}

/// A track's media objects: its original, and the renditions and peaks
/// recorded on its item.
pub fn track_media(t: &Track) -> Vec<String> {
    let mut keys = vec![t.audio_url.clone()];
    if let Some(AttributeValue::L(list)) = t.extra.get("Renditions") {
        for r in list {
            if let AttributeValue::M(m) = r
                && let Some(AttributeValue::S(k)) = m.get("Key")
            {
                keys.push(k.clone());
            }
        }
    }
    if let Some(AttributeValue::S(k)) = t.extra.get("PeaksKey") {
        keys.push(k.clone());
    }
    keys
}

/// An image's key and the keys of its derivatives, as recorded on the item.
pub fn image_keys(key: Option<&str>, extra: &Item) -> Vec<String> {
    let Some(key) = key else { return Vec::new() };
    let mut keys = vec![key.to_string()];
    if let Some(AttributeValue::S(sizes)) = extra.get(IMAGE_SIZES) {
        for size in sizes.split(',').filter(|s| !s.is_empty()) {
            keys.push(derivative_key(key, size));
        }
    }
    keys
}

/// The writes listing `keys` in the trash, to go in the transaction that
/// deletes the item referring to them.
pub(super) fn trash_puts(keys: &[String]) -> Vec<Write> {
    let since = today();
    keys.iter()
        .map(|k| Write::Put {
            item: trash_item(k, &since),
            condition: None,
        })
        .collect()
}

/// Removes objects listed in the trash and then their entries; an object
/// that cannot be removed stays listed for the sweeper.
pub(super) async fn take_out_trash(editor: &Editor, keys: Vec<String>) {
    for key in keys {
        let removed = if editor.fault("media-delete") {
            Err("the media store is not reachable (injected)".to_string())
        } else {
            editor.media.delete(&key).await.map_err(|e| e.to_string())
        };
        match removed {
            Ok(()) => {
                if let Err(e) = editor.store.delete(Key::new(TRASH, &key), None).await {
                    tracing::warn!(%key, error = %e, "a removed object stays in the trash list; the sweeper forgets it");
                }
            }
            Err(e) => {
                tracing::warn!(%key, error = %e, "a media object could not be removed yet; it stays in the trash list")
            }
        }
    }
}

impl Editor {
    /// Removes objects a change listed in the trash ([`Change::trash`]),
    /// once the pages that played them are published.
    pub async fn take_out_trash(&self, keys: Vec<String>) {
        take_out_trash(self, keys).await
    }

    /// Removes media objects that are no longer referenced; one that cannot
    /// be removed is listed in the trash for the sweeper, or logged with
    /// its key so it can be removed by hand.
    pub async fn delete_media(&self, keys: Vec<String>) {
        for key in keys {
            if key.is_empty() || key.contains("://") || key.starts_with("//") {
                continue; // a full URL: not in our media store
            }
            let deleted = if self.fault("media-delete") {
                Err("the media store is not reachable (injected)".to_string())
            } else {
                self.media.delete(&key).await.map_err(|e| e.to_string())
            };
            if let Err(e) = deleted {
                tracing::warn!(%key, error = %e, "a media object could not be removed yet; it is kept in the trash list");
                let item = trash_item(&key, &today());
                if let Err(e) = self.store.put(item, None).await {
                    tracing::error!(%key, error = %e, "an unused media object could not be listed for removal; remove it by hand");
                }
            }
        }
    }

    /// Removes the media objects in the trash list; returns how many went.
    pub async fn empty_trash(&self) -> Result<usize> {
        let listed = self
            .store
            .query_all(Query::new(Index::Table, TRASH))
            .await?;
        let mut removed = 0;
        for item in listed {
            let Some(key) = trash_key(&item).map(str::to_string) else {
                continue;
            };
            if self.fault("media-delete") {
                continue;
            }
            match self.media.delete(&key).await {
                Ok(()) => {
                    self.store.delete(Key::new(TRASH, &key), None).await?;
                    removed += 1;
                }
                Err(e) => {
                    tracing::warn!(%key, error = %e, "an unused media object is still not removable")
                }
            }
        }
        Ok(removed)
    }

    /// Adds the uploaded `audio` as the last track of the user's album.
    /// Two uploads to one album at once both read the same last place; the
    /// album's version makes the second retry with the next one. When the
    /// track cannot be placed, its stored original is deleted. Returns the
    /// track and its place, from 0.
    pub async fn add_album_track(
        &self,
        user: &User,
        album_id: &str,
        audio: NewAudio,
    ) -> Result<Change<(Track, u32)>> {
        let id = crate::random::new_id();
        let (track, number) = self
            .place_new_track(
                &format!("album:{album_id}"),
                "the album",
                &audio.key,
                || async {
                    let (album, artist) = self.album(user, album_id).await?;
                    let tracks = self.album_tracks(&album).await?;
                    let number =
                        next_position(tracks.iter().map(position_of), "track on this album")?;
                    let track = new_track(
                        &id,
                        &artist,
                        &audio,
                        album.license.clone(),
                        TrackKind::AlbumTrack {
                            album_id: album.id.clone(),
                            album_title: Some(album.title.clone()),
                            number,
                        },
                    );
                    Ok((track, number, touch_album(&album), artist))
                },
            )
            .await?;
        let rows = vec![track_row(&track)];
        Ok(Change::new((track, number), vec![Page::Track(id)], rows))
    }

    /// Adds the uploaded `audio` as the artist's newest single.
    pub async fn add_single(
        &self,
        user: &User,
        artist_id: &str,
        audio: NewAudio,
    ) -> Result<Change<(Track, u32)>> {
        let id = crate::random::new_id();
        let (track, position) = self
            .place_new_track(
                &format!("artist:{artist_id}"),
                "the artist",
                &audio.key,
                || async {
                    let rows = self.artist_rows(user, artist_id).await?;
                    let position = next_position(rows.singles.iter().map(position_of), "single")?;
                    let track = new_track(
                        &id,
                        &rows.artist,
                        &audio,
                        Some(DEFAULT_LICENSE.into()),
                        TrackKind::Single {
                            position,
                            release_date: Some(today()),
                        },
                    );
                    Ok((track, position, touch(&rows.artist), rows.artist))
                },
            )
            .await?;
        let rows = vec![track_row(&track)];
        Ok(Change::new((track, position), vec![Page::Track(id)], rows))
    }

    /// Puts a new track at the next place of a list (an album's tracks, an
    /// artist's singles). `place` reads the list and gives the track, its
    /// place, the write that checks the list is still as read, and the
    /// artist: two uploads that read the same last place collide there,
    /// and the later one tries again (`list` serialises them within this
    /// process). When it cannot be placed, the stored original at `key` is
    /// deleted; when it is, its bytes count towards the owner's usage.
    async fn place_new_track<Placed>(
        &self,
        list: &str,
        what: &'static str,
        key: &str,
        mut place: impl FnMut() -> Placed,
    ) -> Result<(Track, u32)>
    where
        Placed: Future<Output = Result<(Track, u32, Write, Artist)>>,
    {
        let mut result = Err(EditError::Internal("not attempted".into()));
        let serial = list_lock(list).await;
        for attempt in 0..PLACE_TRIES {
            let (track, at, guard, artist) = match place().await {
                Ok(placed) => placed,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            };
            let written = match self.injected_catalog_failure() {
                Err(e) => Err(e),
                Ok(()) => {
                    self.store
                        .transact(vec![
                            guard,
                            Write::Put {
                                item: track.to_item(),
                                condition: Some(Condition::NotExists),
                            },
                        ])
                        .await
                }
            };
            match written {
                Ok(()) => {
                    count_bytes(&self.store, &artist, track_bytes(&track) as i64).await;
                    result = Ok((track, at));
                    break;
                }
                Err(StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. }) => {
                    result = Err(EditError::ListBusy(what));
                    pause_before_retry(attempt).await;
                }
                Err(e) => {
                    result = Err(e.into());
                    break;
                }
            }
        }
        drop(serial);
        if result.is_err() {
            self.delete_media(vec![key.to_string()]).await;
        }
        result
    }

    /// Sets the user's artist's image to the stored `image`, then removes
    /// the old one; when the artist cannot be written, the new objects are
    /// removed instead.
    pub async fn set_artist_image(
        &self,
        user: &User,
        artist_id: &str,
        image: NewImage,
    ) -> Result<Change<Artist>> {
        // Read again: storing the image took a while, and the condition
        // below must be on what is stored now.
        let mut artist = match self.artist(user, artist_id).await {
            Ok(a) => a,
            Err(e) => {
                self.delete_media(image.keys).await;
                return Err(e);
            }
        };
        let old = image_keys(artist.image(), &artist.extra);
        let condition = same_version(&artist.extra);
        artist.image_url = Some(image.key.clone());
        record_image(&mut artist.extra, &image);
        bump(&mut artist.extra);
        let written = match self.injected_catalog_failure() {
            Err(e) => Err(e),
            Ok(()) => self.store.put(artist.to_item(), Some(condition)).await,
        };
        if let Err(e) = written {
            self.delete_media(image.keys).await;
            return Err(e.into());
        }
        self.delete_media(old).await;
        let rows = vec![artist_row(&artist)];
        Ok(Change::new(
            artist.clone(),
            vec![Page::Artist(artist.id)],
            rows,
        ))
    }

    /// Sets the user's album's image, as [`Editor::set_artist_image`] does.
    pub async fn set_album_image(
        &self,
        user: &User,
        album_id: &str,
        image: NewImage,
    ) -> Result<Change<(Album, Artist)>> {
        let (mut album, artist) = match self.album(user, album_id).await {
            Ok(found) => found,
            Err(e) => {
                self.delete_media(image.keys).await;
                return Err(e);
            }
        };
        let old = image_keys(album.image(), &album.extra);
        let condition = same_version(&album.extra);
        album.image_url = Some(image.key.clone());
        record_image(&mut album.extra, &image);
        bump(&mut album.extra);
        let written = match self.injected_catalog_failure() {
            Err(e) => Err(e),
            Ok(()) => self.store.put(album.to_item(), Some(condition)).await,
        };
        if let Err(e) = written {
            self.delete_media(image.keys).await;
            return Err(e.into());
        }
        self.delete_media(old).await;
        let pages = vec![Page::Album(album.id.clone())];
        let rows = vec![album_row(&album)];
        Ok(Change::new((album, artist), pages, rows))
    }

    /// Points the user's track `id` at the new original `audio` (stored
    /// already), on the version read, with the old media listed in the
    /// trash ([`Change::trash`]: remove it once the pages play the new
    /// file) and its parent checked not to be going. An edit made meanwhile
    /// (a title, a move) is read again and kept; a replacement or a delete
    /// made meanwhile wins, and this one is refused. `audio_read` is the
    /// audio the track had when the upload began. On failure the new file
    /// is removed and the old audio goes on playing. Returns the track
    /// before and after.
    pub async fn replace_audio(
        &self,
        user: &User,
        id: &str,
        audio_read: &str,
        audio: NewAudio,
    ) -> Result<Change<(Track, Track)>> {
        let (old, new, artist) = match self.write_new_audio(user, id, audio_read, &audio).await {
            Ok(written) => written,
            Err(e) => {
                self.delete_media(vec![audio.key]).await;
                return Err(e);
            }
        };
        count_bytes(
            &self.store,
            &artist,
            audio.size as i64 - track_bytes(&old) as i64,
        )
        .await;
        let rows = vec![track_row(&new)];
        let mut change = Change::new((old, new), vec![Page::Track(id.to_string())], rows);
        change.trash = ours(track_media(&change.value.0));
        Ok(change)
    }

    async fn write_new_audio(
        &self,
        user: &User,
        id: &str,
        audio_read: &str,
        audio: &NewAudio,
    ) -> Result<(Track, Track, Artist)> {
        for attempt in 0..PLACE_TRIES {
            let (old, artist) = self.track(user, id).await?;
            if old.audio_url != audio_read {
                return Err(EditError::AudioReplaced);
            }
            let new = with_new_audio(old.clone(), audio);
            let gone = ours(track_media(&old));
            let mut writes = vec![
                parent_not_deleting(&old),
                Write::Put {
                    item: new.to_item(),
                    condition: Some(same_version(&old.extra)),
                },
            ];
            writes.extend(trash_puts(&gone));
            let written = match self.injected_catalog_failure() {
                Err(e) => Err(e),
                Ok(()) => self.store.transact(writes).await,
            };
            match written {
                Ok(()) => return Ok((old, new, artist)),
                Err(StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. }) => {
                    pause_before_retry(attempt).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(EditError::ReplaceKeptChanging)
    }
}

fn new_track(
    id: &str,
    artist: &Artist,
    audio: &NewAudio,
    license: Option<String>,
    kind: TrackKind,
) -> Track {
    let mut track = Track {
        id: id.to_string(),
        title: audio.title.clone(),
        audio_url: audio.key.clone(),
        artist_id: artist.id.clone(),
        artist_name: Some(artist.name.clone()),
        license,
        featured: None,
        feature_sort: None,
        kind,
        extra: Item::new(),
    };
    record_audio(&mut track.extra, audio);
    bump(&mut track.extra);
    track
}

fn record_audio(extra: &mut Item, audio: &NewAudio) {
    match audio.duration_seconds {
        Some(d) => extra.insert(DURATION.into(), AttributeValue::n(format!("{d:.3}"))),
        None => extra.remove(DURATION),
    };
    extra.insert(AUDIO_TYPE.into(), AttributeValue::s(&audio.mime));
    extra.insert(AUDIO_SIZE.into(), AttributeValue::n(audio.size));
}

/// `track` playing `audio`, with nothing left that was made from its old
/// audio.
fn with_new_audio(mut track: Track, audio: &NewAudio) -> Track {
    track.audio_url = audio.key.clone();
    for name in MADE_FROM_AUDIO {
        track.extra.remove(*name);
    }
    record_audio(&mut track.extra, audio);
    bump(&mut track.extra);
    track
}

/// The check that goes with a track's write: its album (or, for a single,
/// its artist) is not being deleted. A delete marked after the track was
/// read refuses the change instead of racing it.
fn parent_not_deleting(track: &Track) -> Write {
    let key = match &track.kind {
        TrackKind::AlbumTrack { album_id, .. } => Key::new(&track.artist_id, album_id),
        TrackKind::Single { .. } => Key::same(&track.artist_id),
    };
    Write::Check {
        key,
        condition: Condition::All(vec![
            Condition::Exists,
            Condition::AttributeNotExists(deletes::DELETING.into()),
        ]),
    }
}

/// Records an image's derivatives and size on its item.
fn record_image(extra: &mut Item, image: &NewImage) {
    for (name, value) in &image.attributes {
        extra.insert(name.clone(), value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivative_keys_sit_beside_the_image() {
        assert_eq!(
            derivative_key("art/a-1/cover-x.jpg", "300x300"),
            "art/a-1/cover-x.300x300.jpg"
        );
    }
}
