//! Replacing a track's audio: a new master for a track that keeps its id,
//! page, links, title and place. The new file is probed like any upload
//! and stored under a new key; the track item then points at it, in one
//! conditional transaction that lists the old original, renditions and
//! peaks in the trash. They are removed only once the pages playing the
//! new file are published; a refused or failed replacement changes
//! nothing, so the old audio goes on playing.

use super::*;

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
    crate::renditions_queue::PROBLEM,
];

/// Where a track's new original goes: beside where an upload of it would
/// go (its album's folder, or the artist's singles), under a new name.
fn new_key(artist: &Artist, track: &Track, ext: &str) -> String {
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

/// `track` playing the file at `key` (probed as `info`, `size` bytes),
/// with nothing left that was made from its old audio.
fn with_new_audio(mut track: Track, key: &str, info: &probe::AudioInfo, size: u64) -> Track {
    track.audio_url = key.to_string();
    for name in MADE_FROM_AUDIO {
        track.extra.remove(*name);
    }
    match info.duration_seconds {
        Some(d) => track
            .extra
            .insert(DURATION.into(), AttributeValue::n(format!("{d:.3}"))),
        None => track.extra.remove(DURATION),
    };
    track
        .extra
        .insert(AUDIO_TYPE.into(), AttributeValue::s(info.mime));
    track
        .extra
        .insert(AUDIO_SIZE.into(), AttributeValue::n(size));
    bump(&mut track.extra);
    track
}

/// The checks that go with the track's write: its album (or, for a
/// single, its artist) is not being deleted. A delete marked after the
/// track was read refuses the replacement instead of racing it.
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

/// Replaces the audio of the session's track `id` with `file`.
pub(super) async fn replace_audio(
    app: &App,
    session: &Session,
    id: &str,
    file: Spooled,
) -> ApiResult<Done<TrackView>> {
    // Refused files get the same answers as any upload, and change nothing.
    let info = probe_audio(app, &file).await?;
    let (track, artist) = load_track(app, session, id).await?;
    let old_size = crate::quotas::track_bytes(&track);
    crate::quotas::check_room(app, session, file.size.saturating_sub(old_size)).await?;
    let key = new_key(&artist, &track, info.ext);
    store_file(app, &key, &file).await?;
    let (old, new) = match write(app, session, id, &track.audio_url, &key, &info, file.size).await {
        Ok(written) => written,
        Err(e) => {
            delete_media(app, vec![key]).await;
            return Err(e);
        }
    };
    crate::quotas::count_bytes(app, &artist, file.size as i64 - old_size as i64).await;
    let live = app
        .regen
        .publish(
            vec![PageRef::Track(id.to_string())],
            vec![track_expect(&new)],
        )
        .await;
    let gone = deletes::ours(track_media(&old));
    if live.published {
        deletes::take_out_trash(app, gone).await;
    } else {
        // The published pages may still play the old file: the sweeper
        // removes it later, after the next publish has had its chance.
        tracing::warn!(track = %id, "the replaced audio stays in the trash list until the pages are published");
    }
    make_renditions(app, session, &new);
    let number = position_of(&new) + 1;
    Ok(Done {
        value: track_view(app, &new, number),
        live,
    })
}

/// Points the track at `key`, on the version read, with the old media
/// listed in the trash and its parent checked not to be going. An edit
/// made meanwhile (a title, a move) is read again and kept; a replacement
/// or a delete made meanwhile wins, and this one is refused. Returns the
/// track before and after.
async fn write(
    app: &App,
    session: &Session,
    id: &str,
    audio_read: &str,
    key: &str,
    info: &probe::AudioInfo,
    size: u64,
) -> ApiResult<(Track, Track)> {
    for attempt in 0..PLACE_TRIES {
        let (old, _) = load_track(app, session, id).await?;
        if old.audio_url != audio_read {
            return Err(ApiError::Conflict(
                "this track's audio was replaced meanwhile (in another tab or by another request); reload to hear it, and upload again if yours should replace it"
                    .into(),
            ));
        }
        let new = with_new_audio(old.clone(), key, info, size);
        let gone = deletes::ours(track_media(&old));
        let mut writes = vec![
            parent_not_deleting(&old),
            Write::Put {
                item: new.to_item(),
                condition: Some(same_version(&old.extra)),
            },
        ];
        writes.extend(deletes::trash_puts(&gone));
        let written = match injected_catalog_failure() {
            Err(e) => Err(e),
            Ok(()) => app.store.transact(writes).await,
        };
        match written {
            Ok(()) => return Ok((old, new)),
            Err(StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. }) => {
                pause_before_retry(attempt).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Conflict(
        "the track kept changing while its audio was being replaced; nothing was changed, try again"
            .into(),
    ))
}
