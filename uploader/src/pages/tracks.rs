//! The forms that change one track, from an album's or an artist's page,
//! each leading back to the page it was sent from.

use super::*;

/// The page `back` names, showing `error`.
pub(super) async fn show_back(
    app: &App,
    session: &Session,
    back: &Back,
    error: ApiError,
) -> Response {
    match back {
        Back::Artist(id) => show_artist(app, session, id, None, Some(error), None).await,
        Back::Album(id) => show_album(app, session, id, None, Some(error)).await,
    }
}

/// The `back` field of a track's forms, or the track's own page.
pub(super) async fn back_of(
    app: &App,
    session: &Session,
    id: &str,
    fields: &Fields,
) -> ApiResult<Back> {
    if let Some(back) = fields.get("back").and_then(Back::parse) {
        return Ok(back);
    }
    let track = crate::edit::track(app, session, id).await?;
    Ok(match track.album_id {
        Some(album) => Back::Album(album),
        None => {
            // A single: its artist is the one whose singles hold it.
            let artists = crate::edit::my_artists(app, session).await?;
            let mut found = None;
            for a in artists {
                let a = crate::edit::artist(app, session, &a.id).await?;
                if a.singles.iter().any(|t| t.id == id) {
                    found = Some(a.id);
                    break;
                }
            }
            Back::Artist(found.ok_or(ApiError::NotFound("track"))?)
        }
    })
}

/// A change to one track, then back to the page it was made on.
pub(super) async fn track_change<T>(
    app: &App,
    session: &Session,
    id: &str,
    fields: &Fields,
    what: Done,
    change: impl std::future::Future<Output = ApiResult<crate::edit::Done<T>>>,
) -> Response {
    let back = match back_of(app, session, id, fields).await {
        Ok(b) => b,
        Err(e) => return failed(app, session, e),
    };
    let anchor = (what != Done::TrackDeleted).then(|| format!("track-{id}"));
    let to = |_| back.path();
    let again = async |e| show_back(app, session, &back, e).await;
    answer(change, to, what, anchor.as_deref(), again).await
}

/// `POST /create/tracks/{id}`: a track's title (and a single's date and license).
pub(crate) async fn save_track(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    fields: Fields,
) -> Response {
    let patch = crate::edit::TrackPatch {
        title: fields.get("title").map(str::to_string),
        release_date: fields.get("release_date").map(str::to_string),
        license: fields.get("license").map(str::to_string),
        version: version(&fields),
    };
    let change = crate::edit::update_track(&app, &session, &id, patch);
    track_change(&app, &session, &id, &fields, Done::TrackSaved, change).await
}

/// `POST /create/tracks/{id}/move`: one place up or down.
pub(crate) async fn move_track(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    fields: Fields,
) -> Response {
    let direction = match fields.get("direction") {
        Some("up") => crate::edit::Direction::Up,
        Some("down") => crate::edit::Direction::Down,
        _ => {
            return failed(
                &app,
                &session,
                ApiError::BadRequest("say which way to move: direction=up or down".into()),
            );
        }
    };
    let change = crate::edit::move_track(&app, &session, &id, direction);
    track_change(&app, &session, &id, &fields, Done::TrackMoved, change).await
}

/// `POST /create/tracks/{id}/delete`: the track and its file.
pub(crate) async fn delete_track(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    fields: Fields,
) -> Response {
    let change = crate::edit::delete_track(&app, &session, &id);
    track_change(&app, &session, &id, &fields, Done::TrackDeleted, change).await
}

/// `POST /create/tracks/{id}/feature`: featured (`on=1`) or not (`on=0`).
pub(crate) async fn feature_track(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    fields: Fields,
) -> Response {
    let on = fields.get("on") == Some("1");
    let what = if on { Done::Featured } else { Done::Unfeatured };
    let change = crate::edit::set_featured(&app, &session, &id, on);
    track_change(&app, &session, &id, &fields, what, change).await
}

/// `POST /create/tracks/{id}/audio`: a new file for the track, which
/// keeps its page, title and place; back to the album or artist it is on.
pub(crate) async fn replace_audio(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let back = match back_of(&app, &session, &id, &Fields(Vec::new())).await {
        Ok(back) => back,
        Err(ApiError::Unauthorized) => return Redirect::to("/").into_response(),
        Err(e) => return failed(&app, &session, e),
    };
    let target = crate::edit::UploadTarget::TrackAudio { track_id: id };
    upload_to(&app, &session, back, target, Done::AudioReplaced, form).await
}
