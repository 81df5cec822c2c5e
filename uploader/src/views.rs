//! The views the Create section and the API show of an artist, an album
//! and a track: what is stored, with the URLs of its page and media, and
//! nothing of how it is stored.

use serde::Serialize;
use trogs::catalog::edit::{position_of, version_of};
use trogs::catalog::model::{Album, Artist, Track, TrackKind};
use trogs::site::PageRef;

use crate::error::ApiResult;
use crate::session::Session;
use crate::session::user;
use crate::state::App;
use crate::state::editor;
// ---------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize)]
pub struct ArtistView {
    pub id: String,
    pub name: String,
    pub bio: String,
    /// The image's URL, if it has one.
    pub image: Option<String>,
    pub version: i64,
    /// The published page's URL.
    pub page: String,
    pub albums: Vec<AlbumView>,
    pub singles: Vec<TrackView>,
    pub featured: Vec<TrackView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlbumView {
    pub id: String,
    pub artist_id: String,
    pub artist_name: String,
    pub title: String,
    pub release_date: String,
    pub license: String,
    pub description: String,
    pub image: Option<String>,
    pub version: i64,
    pub page: String,
    /// Empty in an artist's list of albums.
    pub tracks: Vec<TrackView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrackView {
    pub id: String,
    pub title: String,
    /// 1-based place on its album, or among the singles.
    pub number: u32,
    pub single: bool,
    pub featured: bool,
    pub album_id: Option<String>,
    pub release_date: String,
    pub license: String,
    pub audio: String,
    pub duration: Option<f64>,
    pub version: i64,
    pub page: String,
    /// Why the track has no streaming renditions and plays its original
    /// (stopped, or too many of the user's tracks waiting).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renditions_problem: Option<String>,
}

// ---------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------

pub(crate) fn page_url(app: &App, page: &PageRef) -> String {
    let path = match page {
        PageRef::Home => String::new(),
        PageRef::Artist(id) => format!("artist/{id}"),
        PageRef::Album(id) => format!("album/{id}"),
        PageRef::Track(id) => format!("track/{id}"),
        PageRef::NotFound => "404".into(),
        PageRef::Artists { .. } => page.url().trim_start_matches('/').to_string(),
    };
    format!(
        "{}/{}",
        app.settings.config.base_url.trim_end_matches('/'),
        path
    )
}

pub(crate) fn media_url(app: &App, key: &str) -> String {
    if key.starts_with("https://") || key.starts_with("http://") || key.starts_with("//") {
        key.to_string()
    } else {
        format!(
            "{}{}",
            app.settings.config.media_url,
            key.trim_start_matches('/')
        )
    }
}

pub(crate) fn artist_view(app: &App, a: &Artist) -> ArtistView {
    ArtistView {
        id: a.id.clone(),
        name: a.name.clone(),
        bio: a.bio.clone().unwrap_or_default(),
        image: a.image().map(|k| media_url(app, k)),
        version: version_of(&a.trogs),
        page: page_url(app, &PageRef::Artist(a.id.clone())),
        albums: Vec::new(),
        singles: Vec::new(),
        featured: Vec::new(),
    }
}

pub(crate) fn album_view(app: &App, a: &Album, artist: &Artist) -> AlbumView {
    AlbumView {
        id: a.id.clone(),
        artist_id: a.artist_id.clone(),
        artist_name: artist.name.clone(),
        title: a.title.clone(),
        release_date: a.release_date.clone().unwrap_or_default(),
        license: a.license().to_string(),
        description: a.description.clone().unwrap_or_default(),
        image: a.image().map(|k| media_url(app, k)),
        version: version_of(&a.trogs),
        page: page_url(app, &PageRef::Album(a.id.clone())),
        tracks: Vec::new(),
    }
}

pub(crate) fn track_view(app: &App, t: &Track, number: u32) -> TrackView {
    let duration = t.trogs.audio.duration;
    TrackView {
        id: t.id.clone(),
        title: t.title.clone(),
        number,
        single: t.is_single(),
        featured: t.is_featured(),
        album_id: t.album_id().map(str::to_string),
        release_date: match &t.kind {
            TrackKind::Single { release_date, .. } => release_date.clone().unwrap_or_default(),
            TrackKind::AlbumTrack { .. } => String::new(),
        },
        license: t.license().to_string(),
        audio: media_url(app, &t.audio_url),
        duration,
        version: version_of(&t.trogs),
        page: page_url(app, &PageRef::Track(t.id.clone())),
        renditions_problem: t.trogs.renditions_problem.clone(),
    }
}

/// The artists the session owns (its `ISSUER#SUB`, and its verified email
/// for the original site's rows), by name.
pub async fn my_artists(app: &App, session: &Session) -> ApiResult<Vec<ArtistView>> {
    let artists = editor(app).my_artists(&user(session)).await?;
    Ok(artists.iter().map(|a| artist_view(app, a)).collect())
}

/// One of the session's artists with its albums, singles and featured tracks.
pub async fn artist(app: &App, session: &Session, id: &str) -> ApiResult<ArtistView> {
    let rows = editor(app).artist_rows(&user(session), id).await?;
    let mut view = artist_view(app, &rows.artist);
    view.albums = rows
        .albums
        .iter()
        .map(|a| album_view(app, a, &rows.artist))
        .collect();
    view.singles = rows
        .singles
        .iter()
        .enumerate()
        .map(|(i, t)| track_view(app, t, i as u32 + 1))
        .collect();
    view.featured = rows
        .featured
        .iter()
        .enumerate()
        .map(|(i, t)| track_view(app, t, i as u32 + 1))
        .collect();
    Ok(view)
}

/// One of the session's albums with its tracks.
pub async fn album(app: &App, session: &Session, id: &str) -> ApiResult<AlbumView> {
    let editor = editor(app);
    let (album, artist) = editor.album(&user(session), id).await?;
    let mut view = album_view(app, &album, &artist);
    view.tracks = editor
        .album_tracks(&album)
        .await?
        .iter()
        .enumerate()
        .map(|(i, t)| track_view(app, t, i as u32 + 1))
        .collect();
    Ok(view)
}

/// One of the session's tracks.
pub async fn track(app: &App, session: &Session, id: &str) -> ApiResult<TrackView> {
    let (track, _) = editor(app).track(&user(session), id).await?;
    Ok(track_view(app, &track, position_of(&track) + 1))
}
