//! An album's page in the Create section and the forms that change it.

use super::*;

/// `/create/albums/{id}`: one album and its tracks.
pub(crate) async fn album_page(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<DoneQuery>,
) -> Response {
    show_album(&app, &session, &id, Some(&q), None).await
}

pub(super) async fn show_album(
    app: &App,
    session: &Session,
    id: &str,
    query: Option<&DoneQuery>,
    error: Option<ApiError>,
) -> Response {
    let album = match crate::edit::album(app, session, id).await {
        Ok(a) => a,
        Err(e) => return failed(app, session, e),
    };
    let notice = query.and_then(|q| Done::notice(q, Some(album.page.clone())));
    let status = error.as_ref().map_or(StatusCode::OK, ApiError::status);
    let message = error.as_ref().map(ToString::to_string);
    let mut cx = context(
        &PageInfo::new(app, Some(session), album.title.clone()),
        notice.as_ref(),
        message.as_deref(),
    );
    cx["album"] = json!(album);
    html(app, status, "album", &cx)
}

/// `POST /create/albums/{id}`: the album's title, date, license, description.
pub(crate) async fn save_album(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    fields: Fields,
) -> Response {
    let patch = crate::edit::AlbumPatch {
        title: fields.get("title").map(str::to_string),
        release_date: fields.get("release_date").map(str::to_string),
        license: fields.get("license").map(str::to_string),
        description: fields.get("description").map(str::to_string),
        version: version(&fields),
    };
    let change = crate::edit::update_album(&app, &session, &id, patch);
    let to = |_| format!("/create/albums/{id}");
    let again = async |e| show_album(&app, &session, &id, None, Some(e)).await;
    answer(change, to, Done::AlbumSaved, None, again).await
}

/// `POST /create/albums/{id}/delete`: the album and its tracks.
pub(crate) async fn delete_album(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    fields: Fields,
) -> Response {
    if let Err(e) = confirmed(&fields) {
        return show_album(&app, &session, &id, None, Some(e)).await;
    }
    // Where to go afterwards: the album's artist.
    let artist_id = match crate::edit::album(&app, &session, &id).await {
        Ok(album) => album.artist_id,
        Err(e) => return failed(&app, &session, e),
    };
    let change = crate::edit::delete_album(&app, &session, &id);
    let to = |()| format!("/create/artists/{artist_id}");
    let again = async |e| show_album(&app, &session, &id, None, Some(e)).await;
    answer(change, to, Done::AlbumDeleted, Some("albums"), again).await
}

/// `POST /create/albums/{id}/image`: a new cover.
pub(crate) async fn album_image(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let back = Back::Album(id.clone());
    let target = crate::edit::UploadTarget::AlbumImage { album_id: id };
    upload_to(&app, &session, back, target, Done::ImageSaved, form).await
}

/// `POST /create/albums/{id}/tracks`: one or many tracks, added in the
/// order they are sent.
pub(crate) async fn add_tracks(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let back = Back::Album(id.clone());
    let target = crate::edit::UploadTarget::AlbumTrack { album_id: id };
    upload_to(&app, &session, back, target, Done::TracksAdded, form).await
}
