//! The Create section's and the API's changes to the catalog, as HTTP sees
//! them: each call asks the catalog's write side (`trogs::catalog::edit`),
//! which checks who asks and writes, then publishes the pages the change
//! touches and answers with the view of what was written. Uploads end here
//! too: their bytes are checked and stored, then the editor writes the item.

use serde::Serialize;
use trogs::catalog::edit::{self as rules, Change, NewAudio, NewImage, Page, Row};
use trogs::catalog::model::{Track, is_valid_id};
use trogs::site::PageRef;

use crate::error::{ApiError, ApiResult};
use crate::probe;
use crate::regen::Live;
use crate::session::Session;
pub use crate::session::owns;
pub(crate) use crate::session::user;
use crate::state::App;
pub(crate) use crate::state::editor;
use crate::upload::spool::Spooled;
pub use crate::views::{AlbumView, ArtistView, TrackView, album, artist, my_artists, track};
pub(crate) use crate::views::{album_view, artist_view, track_view};

pub use trogs::catalog::edit::{
    AUDIO_SIZE, AUDIO_TYPE, AlbumInput, AlbumPatch, ArtistInput, ArtistPatch, DURATION, Direction,
    IMAGE_SIZES, MAX_TEXT, MAX_TITLE, TrackPatch, VERSION, derivative_key, list_lock, version_of,
};

/// A change made, and whether its pages are live.
#[derive(Debug, Clone, Serialize)]
pub struct Done<T> {
    pub value: T,
    pub live: Live,
}

pub(crate) fn page_ref(page: &Page) -> PageRef {
    match page {
        Page::Artist(id) => PageRef::Artist(id.clone()),
        Page::Album(id) => PageRef::Album(id.clone()),
        Page::Track(id) => PageRef::Track(id.clone()),
    }
}

fn expect(row: &Row) -> crate::regen::Expect {
    crate::regen::Expect {
        index: row.index,
        hash: row.hash.clone(),
        pk: row.pk.clone(),
        sk: row.sk.clone(),
        version: row.version,
    }
}

/// The row a track's pages show, for the publisher to wait on.
pub(crate) fn track_expect(t: &Track) -> crate::regen::Expect {
    expect(&rules::track_row(t))
}

/// Publishes the pages `change` touches, once the rows it wrote show;
/// a change that wrote nothing is live as it is.
async fn publish<T>(app: &App, change: &Change<T>) -> Live {
    if change.pages.is_empty() {
        return Live::unchanged();
    }
    app.regen
        .publish(
            change.pages.iter().map(page_ref).collect(),
            change.rows.iter().map(expect).collect(),
        )
        .await
}

/// Publishes `change` and answers with `view` of its value.
async fn done<T, V>(app: &App, change: Change<T>, view: impl FnOnce(&T) -> V) -> Done<V> {
    let live = publish(app, &change).await;
    Done {
        value: view(&change.value),
        live,
    }
}

// ---------------------------------------------------------------------------
// Terms

pub use crate::session::TERMS_VERSION;

/// Whether the session's user has agreed to the current terms (read from
/// the catalog, where agreement is remembered).
pub async fn has_agreed(app: &App, session: &Session) -> ApiResult<bool> {
    Ok(editor(app)
        .has_agreed(&user(session), TERMS_VERSION)
        .await?)
}

/// Every write needs the current terms agreed to (403 otherwise); reads
/// do not. The resumable uploads check it too.
pub fn agreed(session: &Session) -> ApiResult<()> {
    if session.terms {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "agree to the terms first (POST /api/v1/me/terms, or the Create section)".into(),
        ))
    }
}

/// Records that the session's user agreed to the terms; returns the
/// session to store.
pub async fn agree_terms(app: &App, session: &Session) -> ApiResult<Session> {
    editor(app)
        .agree_terms(&user(session), TERMS_VERSION)
        .await?;
    let mut s = session.clone();
    s.set_terms(true);
    Ok(s)
}

// ---------------------------------------------------------------------------
// Artists, albums, tracks

pub async fn create_artist(
    app: &App,
    session: &Session,
    input: ArtistInput,
) -> ApiResult<Done<ArtistView>> {
    let editor = editor(app);
    // Refused names are answered before the limit on artists is counted.
    let name = rules::rules::required(&input.name, "name")?;
    if rules::rules::normalize_name(&name).is_empty() {
        return Err(rules::EditError::NameNeedsLetter.into());
    }
    editor.check_name_free(&name, None).await?;
    let counting = crate::quotas::user_lock("artists", &session.owner).await;
    crate::quotas::check_new_artist(app, session).await?;
    let change = editor.create_artist(&user(session), input).await?;
    drop(counting);
    Ok(done(app, change, |a| artist_view(app, a)).await)
}

pub async fn update_artist(
    app: &App,
    session: &Session,
    id: &str,
    patch: ArtistPatch,
) -> ApiResult<Done<ArtistView>> {
    let change = editor(app).update_artist(&user(session), id, patch).await?;
    Ok(done(app, change, |a| artist_view(app, a)).await)
}

/// Finishes renames that a stopped process left half done; returns the
/// artists whose pages need publishing.
pub async fn resume_renames(app: &App) -> ApiResult<Vec<PageRef>> {
    let pages = editor(app).resume_renames().await?;
    Ok(pages.iter().map(page_ref).collect())
}

/// Deletes an artist and everything of theirs, all or nothing (see
/// `trogs::catalog::edit`); a delete left half done is finished by the
/// next one.
pub async fn delete_artist(app: &App, session: &Session, id: &str) -> ApiResult<Done<()>> {
    let change = editor(app).delete_artist(&user(session), id).await?;
    Ok(done(app, change, |_| ()).await)
}

/// Finishes deletes that a stopped process left half done, publishing
/// their pages; returns how many.
pub async fn resume_deletes(app: &App) -> ApiResult<usize> {
    let editor = editor(app);
    let mut done = 0;
    for job in editor.delete_jobs().await? {
        match editor.finish_delete(&job).await {
            Ok(change) => {
                let live = publish(app, &change).await;
                tracing::info!(job = %job.sk(), published = live.published, "finished an interrupted delete");
                done += 1;
            }
            Err(e) => {
                tracing::warn!(job = %job.sk(), error = %e, "an interrupted delete could not be finished yet; deleting again finishes it")
            }
        }
    }
    Ok(done)
}

pub async fn create_album(
    app: &App,
    session: &Session,
    artist_id: &str,
    input: AlbumInput,
) -> ApiResult<Done<AlbumView>> {
    let change = editor(app)
        .create_album(&user(session), artist_id, input)
        .await?;
    Ok(done(app, change, |(album, artist)| {
        album_view(app, album, artist)
    })
    .await)
}

pub async fn update_album(
    app: &App,
    session: &Session,
    id: &str,
    patch: AlbumPatch,
) -> ApiResult<Done<AlbumView>> {
    let change = editor(app).update_album(&user(session), id, patch).await?;
    Ok(done(app, change, |(album, artist)| {
        album_view(app, album, artist)
    })
    .await)
}

/// Deletes an album with its tracks, all or nothing, as [`delete_artist`]
/// does.
pub async fn delete_album(app: &App, session: &Session, id: &str) -> ApiResult<Done<()>> {
    let change = editor(app).delete_album(&user(session), id).await?;
    Ok(done(app, change, |_| ()).await)
}

pub async fn update_track(
    app: &App,
    session: &Session,
    id: &str,
    patch: TrackPatch,
) -> ApiResult<Done<TrackView>> {
    let change = editor(app).update_track(&user(session), id, patch).await?;
    Ok(done(app, change, |t| track_view(app, t, 0)).await)
}

/// Moves a track one place up or down on its album (or among the singles).
pub async fn move_track(
    app: &App,
    session: &Session,
    id: &str,
    direction: Direction,
) -> ApiResult<Done<TrackView>> {
    let change = editor(app)
        .move_track(&user(session), id, direction)
        .await?;
    Ok(done(app, change, |(t, at)| track_view(app, t, at + 1)).await)
}

pub async fn delete_track(app: &App, session: &Session, id: &str) -> ApiResult<Done<()>> {
    let change = editor(app).delete_track(&user(session), id).await?;
    Ok(done(app, change, |_| ()).await)
}

/// Features a track on its artist's page (at most three), or stops.
pub async fn set_featured(
    app: &App,
    session: &Session,
    id: &str,
    on: bool,
) -> ApiResult<Done<TrackView>> {
    let change = editor(app).set_featured(&user(session), id, on).await?;
    Ok(done(app, change, |t| track_view(app, t, 0)).await)
}

/// Puts the artist's featured tracks in the order given.
pub async fn order_featured(
    app: &App,
    session: &Session,
    artist_id: &str,
    order: Vec<String>,
) -> ApiResult<Done<Vec<TrackView>>> {
    let change = editor(app)
        .order_featured(&user(session), artist_id, order)
        .await?;
    Ok(done(app, change, |tracks| {
        tracks
            .iter()
            .enumerate()
            .map(|(i, t)| track_view(app, t, i as u32 + 1))
            .collect()
    })
    .await)
}

/// Removes the media objects in the trash list; returns how many went.
pub async fn empty_trash(app: &App) -> ApiResult<usize> {
    Ok(editor(app).empty_trash().await?)
}

// ---------------------------------------------------------------------------
// Uploads
/// What an upload is for, named when it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadTarget {
    /// A track added to the end of an album.
    AlbumTrack {
        album_id: String,
    },
    /// A new single of an artist.
    Single {
        artist_id: String,
    },
    ArtistImage {
        artist_id: String,
    },
    AlbumImage {
        album_id: String,
    },
    /// A new file for an existing track, which keeps everything else.
    TrackAudio {
        track_id: String,
    },
}

impl UploadTarget {
    /// Parses `album/ID/tracks`, `artist/ID/singles`, `artist/ID/image`,
    /// `album/ID/image`, `track/ID/audio`.
    pub fn parse(s: &str) -> Option<UploadTarget> {
        let parts: Vec<&str> = s.split('/').collect();
        let id = |i: usize| {
            let id = parts[i];
            is_valid_id(id).then(|| id.to_string())
        };
        match parts.as_slice() {
            ["album", _, "tracks"] => Some(UploadTarget::AlbumTrack { album_id: id(1)? }),
            ["artist", _, "singles"] => Some(UploadTarget::Single { artist_id: id(1)? }),
            ["artist", _, "image"] => Some(UploadTarget::ArtistImage { artist_id: id(1)? }),
            ["album", _, "image"] => Some(UploadTarget::AlbumImage { album_id: id(1)? }),
            ["track", _, "audio"] => Some(UploadTarget::TrackAudio { track_id: id(1)? }),
            _ => None,
        }
    }

    pub fn is_audio(&self) -> bool {
        self.adds_audio() || matches!(self, UploadTarget::TrackAudio { .. })
    }

    /// Whether it adds a track, whose whole size counts towards the
    /// stored-bytes limit (a replaced track's counts only what it grows).
    pub fn adds_audio(&self) -> bool {
        matches!(
            self,
            UploadTarget::AlbumTrack { .. } | UploadTarget::Single { .. }
        )
    }

    /// The size limit for this kind of upload.
    pub fn limit(&self, app: &App) -> u64 {
        if self.is_audio() {
            app.settings.max_audio_bytes
        } else {
            app.settings.max_image_bytes
        }
    }
}

/// Checks that `target` exists and is the signed-in user's (404 otherwise),
/// before any byte of an upload is taken.
pub async fn check_upload_target(
    app: &App,
    session: &Session,
    target: &UploadTarget,
) -> ApiResult<()> {
    let (editor, user) = (editor(app), user(session));
    match target {
        UploadTarget::AlbumTrack { album_id } | UploadTarget::AlbumImage { album_id } => {
            editor.album(&user, album_id).await.map(|_| ())?
        }
        UploadTarget::Single { artist_id } | UploadTarget::ArtistImage { artist_id } => {
            editor.artist(&user, artist_id).await.map(|_| ())?
        }
        UploadTarget::TrackAudio { track_id } => editor.track(&user, track_id).await.map(|_| ())?,
    }
    Ok(())
}

fn probe_error(e: probe::ProbeError) -> ApiError {
    match e {
        probe::ProbeError::Unsupported(m) => ApiError::Unsupported(m),
        probe::ProbeError::Broken(m) | probe::ProbeError::OverLimit(m) => ApiError::Invalid(m),
    }
}

/// Takes a finished upload: checks its bytes, stores it in the media store
/// and writes the catalog item (or answers why not, storing nothing). The
/// answer is the JSON document of what was made or changed.
pub async fn finish_upload(
    app: &App,
    session: &Session,
    target: UploadTarget,
    file: Spooled,
) -> ApiResult<serde_json::Value> {
    check_upload_target(app, session, &target).await?;
    if file.size == 0 {
        return Err(ApiError::Invalid(
            "the file is empty (0 bytes); choose the file again".into(),
        ));
    }
    if target.adds_audio() {
        crate::quotas::check_room(app, session, file.size).await?;
    }
    match target {
        UploadTarget::AlbumTrack { album_id } => {
            let done = add_album_track(app, session, &album_id, file).await?;
            Ok(serde_json::to_value(done).map_err(ApiError::internal)?)
        }
        UploadTarget::Single { artist_id } => {
            let done = add_single(app, session, &artist_id, file).await?;
            Ok(serde_json::to_value(done).map_err(ApiError::internal)?)
        }
        UploadTarget::ArtistImage { artist_id } => {
            let done = set_artist_image(app, session, &artist_id, file).await?;
            Ok(serde_json::to_value(done).map_err(ApiError::internal)?)
        }
        UploadTarget::AlbumImage { album_id } => {
            let done = set_album_image(app, session, &album_id, file).await?;
            Ok(serde_json::to_value(done).map_err(ApiError::internal)?)
        }
        UploadTarget::TrackAudio { track_id } => {
            let done = replace_audio(app, session, &track_id, file).await?;
            Ok(serde_json::to_value(done).map_err(ApiError::internal)?)
        }
    }
}

async fn probe_audio(app: &App, file: &Spooled) -> ApiResult<probe::AudioInfo> {
    let path = file.path().to_path_buf();
    let limits = app.settings.audio_limits();
    tokio::task::spawn_blocking(move || probe::audio_within(&path, &limits))
        .await
        .map_err(ApiError::internal)?
        .map_err(probe_error)
}

async fn probe_image(app: &App, file: &Spooled) -> ApiResult<probe::Image> {
    crate::imaging::probe(&app.settings.images, file.path()).await
}

/// The uploaded audio as the editor records it, stored at `key`.
fn new_audio(key: String, title: String, info: &probe::AudioInfo, file: &Spooled) -> NewAudio {
    NewAudio {
        key,
        title,
        duration_seconds: info.duration_seconds,
        mime: info.mime.to_string(),
        size: file.size,
    }
}

/// The title of an uploaded track: its tags', else its file name's.
fn upload_title(info: &probe::AudioInfo, file: &Spooled) -> String {
    info.title
        .clone()
        .or_else(|| rules::rules::title_from_name(file.name.as_deref()))
        .unwrap_or_else(|| "Untitled".into())
}

async fn add_album_track(
    app: &App,
    session: &Session,
    album_id: &str,
    file: Spooled,
) -> ApiResult<Done<TrackView>> {
    let info = probe_audio(app, &file).await?;
    let editor = editor(app);
    let (album, artist) = editor.album(&user(session), album_id).await?;
    let title = upload_title(&info, &file);
    let key = rules::album_track_key(&artist, &album, &title, info.ext);
    store_file(app, &key, &file).await?;
    let audio = new_audio(key, title, &info, &file);
    let change = editor
        .add_album_track(&user(session), album_id, audio)
        .await?;
    let live = publish(app, &change).await;
    let (track, number) = &change.value;
    make_renditions(app, session, track).await;
    Ok(Done {
        value: track_view(app, track, number + 1),
        live,
    })
}

async fn add_single(
    app: &App,
    session: &Session,
    artist_id: &str,
    file: Spooled,
) -> ApiResult<Done<TrackView>> {
    let info = probe_audio(app, &file).await?;
    let editor = editor(app);
    let artist = editor.artist(&user(session), artist_id).await?;
    let title = upload_title(&info, &file);
    let key = rules::single_key(&artist, &title, info.ext);
    store_file(app, &key, &file).await?;
    let audio = new_audio(key, title, &info, &file);
    let change = editor.add_single(&user(session), artist_id, audio).await?;
    let live = publish(app, &change).await;
    let (track, position) = &change.value;
    make_renditions(app, session, track).await;
    Ok(Done {
        value: track_view(app, track, position + 1),
        live,
    })
}

/// Replaces the audio of the session's track `id` with `file`: a new
/// master for a track that keeps its id, page, links, title and place.
/// The old original, renditions and peaks are removed only once the pages
/// playing the new file are published; a refused or failed replacement
/// changes nothing, so the old audio goes on playing.
async fn replace_audio(
    app: &App,
    session: &Session,
    id: &str,
    file: Spooled,
) -> ApiResult<Done<TrackView>> {
    // Refused files get the same answers as any upload, and change nothing.
    let info = probe_audio(app, &file).await?;
    let editor = editor(app);
    let (track, artist) = editor.track(&user(session), id).await?;
    let old_size = trogs::catalog::records::track_bytes(&track);
    crate::quotas::check_room(app, session, file.size.saturating_sub(old_size)).await?;
    let key = rules::replacement_key(&artist, &track, info.ext);
    store_file(app, &key, &file).await?;
    let audio = new_audio(key, track.title.clone(), &info, &file);
    let mut change = editor
        .replace_audio(&user(session), id, &track.audio_url, audio)
        .await?;
    let live = publish(app, &change).await;
    let gone = std::mem::take(&mut change.trash);
    if live.published {
        editor.take_out_trash(gone).await;
    } else {
        // The published pages may still play the old file: the sweeper
        // removes it later, after the next publish has had its chance.
        tracing::warn!(track = %id, "the replaced audio stays in the trash list until the pages are published");
    }
    let (_, new) = &change.value;
    make_renditions(app, session, new).await;
    Ok(Done {
        value: track_view(app, new, rules::position_of(new) + 1),
        live,
    })
}

/// After an audio upload, in the background: the track's streaming
/// renditions, loudness, peaks and duration are made from the stored
/// original, recorded on the item, and its pages published again. Until
/// then the page plays the original. The jobs of all users share a few
/// workers fairly, one per user at a time, and a job that runs far past
/// what the track's length predicts is stopped (`crate::renditions_queue`).
///
/// On Lambda, where nothing runs after the answer, the job is sent as an
/// asynchronous invocation instead (`crate::jobs`).
#[cfg(feature = "renditions")]
async fn make_renditions(app: &App, session: &Session, track: &Track) {
    use trogs::store::Key;
    if crate::jobs::invoked() {
        let job = crate::jobs::Job::Renditions {
            track: track.id.clone(),
            source: track.audio_url.clone(),
        };
        if let Err(e) = crate::jobs::send(&job).await {
            tracing::error!(error = %e, "the track plays its original until `trogs media process` runs");
        }
        return;
    }
    let regen = app.regen.clone();
    let id = track.id.clone();
    let mut expect = track_expect(track);
    expect.version = expect.version.map(|v| v + 1);
    let seconds = track.trogs.audio.duration;
    let job = crate::renditions_queue::TrackJob {
        store: app.store.clone(),
        media: app.media.clone(),
        key: Key::same(&id),
        source: track.audio_url.clone(),
        seconds,
    };
    crate::renditions_queue::submit(&app.settings.renditions, &session.owner, job, async move {
        let live = regen.publish(vec![PageRef::Track(id)], vec![expect]).await;
        tracing::info!(published = live.published, "renditions published");
    });
}

/// Without the `renditions` feature, tracks play their original.
#[cfg(not(feature = "renditions"))]
async fn make_renditions(_: &App, _: &Session, _: &Track) {}

/// Stores an image and its derivatives under new keys; returns the key.
/// On failure, whatever was stored is removed.
async fn store_image(app: &App, dir: &str, name: &str, image: &probe::Image) -> ApiResult<String> {
    let key = rules::image_key(dir, name, image.ext);
    let mut stored = Vec::new();
    let mut put = async |k: String, bytes: &[u8]| -> ApiResult<()> {
        if crate::faults::hit("media-write") && !stored.is_empty() {
            use tokio::io::AsyncReadExt as _;
            app.media
                .put(&k, (&bytes[..bytes.len() / 2]).chain(crate::faults::Broken))
                .await?;
        }
        app.media.put_bytes(&k, bytes).await?;
        stored.push(k);
        Ok(())
    };
    let mut outcome = put(key.clone(), &image.bytes).await;
    for (size, bytes, _) in &image.derivatives {
        if outcome.is_err() {
            break;
        }
        outcome = put(derivative_key(&key, size), bytes).await;
    }
    if let Err(e) = outcome {
        editor(app).delete_media(stored).await;
        return Err(e);
    }
    Ok(key)
}

/// The stored image as the editor records it on its item.
fn new_image(key: String, image: &probe::Image) -> NewImage {
    let mut keys = vec![key.clone()];
    keys.extend(
        image
            .derivatives
            .iter()
            .map(|(s, _, _)| derivative_key(&key, s)),
    );
    NewImage {
        key,
        keys,
        info: image.info(),
    }
}

async fn set_artist_image(
    app: &App,
    session: &Session,
    artist_id: &str,
    file: Spooled,
) -> ApiResult<Done<ArtistView>> {
    let image = probe_image(app, &file).await?;
    let editor = editor(app);
    let artist = editor.artist(&user(session), artist_id).await?;
    let dir = rules::artist_dir(&artist);
    let key = store_image(app, &dir, &artist.name, &image).await?;
    let change = editor
        .set_artist_image(&user(session), artist_id, new_image(key.clone(), &image))
        .await?;
    crate::imaging::derive_later(&image, &artist.id, None, &key).await;
    Ok(done(app, change, |a| artist_view(app, a)).await)
}

async fn set_album_image(
    app: &App,
    session: &Session,
    album_id: &str,
    file: Spooled,
) -> ApiResult<Done<AlbumView>> {
    let image = probe_image(app, &file).await?;
    let editor = editor(app);
    let (album, artist) = editor.album(&user(session), album_id).await?;
    let dir = rules::album_dir(&artist, &album);
    let key = store_image(app, &dir, &album.title, &image).await?;
    let change = editor
        .set_album_image(&user(session), album_id, new_image(key.clone(), &image))
        .await?;
    crate::imaging::derive_later(&image, &album.artist_id, Some(&album.id), &key).await;
    Ok(done(app, change, |(album, artist)| {
        album_view(app, album, artist)
    })
    .await)
}
/// Streams the spooled file to the media store under `key`.
async fn store_file(app: &App, key: &str, file: &Spooled) -> ApiResult<()> {
    use tokio::io::AsyncReadExt as _;
    let f = tokio::fs::File::open(file.path())
        .await
        .map_err(ApiError::internal)?;
    if crate::faults::hit("media-write") {
        app.media
            .put(key, f.take(file.size / 2).chain(crate::faults::Broken))
            .await?;
    } else if let trogs::media::Media::Folder(dir) = &app.media {
        drop(f);
        let (dir, key, from) = (dir.clone(), key.to_string(), file.path().to_path_buf());
        tokio::task::spawn_blocking(move || link_or_copy(&dir, &key, &from))
            .await
            .map_err(ApiError::internal)??;
    } else {
        app.media.put(key, f).await?;
    }
    Ok(())
}

/// Puts the spooled file at `key` in the media folder: a hard link when
/// both are on one file system (the spool is beside the media folder), else
/// the kernel's copy; either way to a temporary name first, then renamed
/// into place, so a reader never sees half a file.
fn link_or_copy(dir: &std::path::Path, key: &str, from: &std::path::Path) -> ApiResult<()> {
    if key
        .split('/')
        .any(|p| p.is_empty() || p == "." || p == ".." || p.starts_with('.'))
    {
        return Err(ApiError::internal(format!("{key:?} is not a media key")));
    }
    let to = dir.join(key);
    let parent = to.parent().expect("a key has a folder");
    let fail = |e: std::io::Error| {
        tracing::error!(key, error = %e, "storing media");
        ApiError::Unavailable(
            "the media store is not reachable right now; nothing was changed. Try again in a moment"
                .into(),
        )
    };
    std::fs::create_dir_all(parent).map_err(fail)?;
    let tmp = parent.join(format!(
        ".{}.{:016x}.tmp",
        crate::token::base36(8),
        fastrand::u64(..)
    ));
    if std::fs::hard_link(from, &tmp).is_err() {
        std::fs::copy(from, &tmp).map_err(fail)?;
    }
    // The spool file is private to this service (0600); a media object is
    // for a web server of its own to serve, whatever our umask.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if let Err(e) = std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o644)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(fail(e));
        }
    }
    std::fs::rename(&tmp, &to).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_targets_parse_only_valid_ids() {
        assert_eq!(
            UploadTarget::parse("album/abc/tracks"),
            Some(UploadTarget::AlbumTrack {
                album_id: "abc".into()
            })
        );
        assert_eq!(UploadTarget::parse("album/../tracks"), None);
        assert_eq!(UploadTarget::parse("album/a b/tracks"), None);
        assert_eq!(UploadTarget::parse("artist/x/other"), None);
    }
}
