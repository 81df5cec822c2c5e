//! Every change an artist makes to the catalog, checked against who is
//! asking. Each returns the pages it touches, for regeneration.

use crate::app::App;
use crate::error::{ApiError, ApiResult};
use crate::session::Session;
use crate::upload::Spooled;

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
}

impl UploadTarget {
    /// Parses `album/ID/tracks`, `artist/ID/singles`, `artist/ID/image`,
    /// `album/ID/image`.
    pub fn parse(s: &str) -> Option<UploadTarget> {
        let parts: Vec<&str> = s.split('/').collect();
        let id = |i: usize| {
            let id = parts[i];
            trogs::catalog::model::is_valid_id(id).then(|| id.to_string())
        };
        match parts.as_slice() {
            ["album", _, "tracks"] => Some(UploadTarget::AlbumTrack { album_id: id(1)? }),
            ["artist", _, "singles"] => Some(UploadTarget::Single { artist_id: id(1)? }),
            ["artist", _, "image"] => Some(UploadTarget::ArtistImage { artist_id: id(1)? }),
            ["album", _, "image"] => Some(UploadTarget::AlbumImage { album_id: id(1)? }),
            _ => None,
        }
    }

    pub fn is_audio(&self) -> bool {
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
    let _ = (app, session, target);
    Err(ApiError::NotFound("upload target"))
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
    let _ = (app, session, target, file);
    Err(ApiError::NotFound("upload target"))
}
