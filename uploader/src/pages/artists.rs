//! The sign-in page, the terms and the artist pages of the Create section,
//! with the forms that change an artist.

use super::*;

/// `/`: the Create section for someone signed in, else the sign-in page.
pub(crate) async fn home(State(app): State<AppState>, headers: HeaderMap) -> Response {
    match app.sessions.session(&headers) {
        Some(s) if s.terms => Redirect::to("/create").into_response(),
        Some(_) => Redirect::to("/terms").into_response(),
        None => signin_page(&app, None, "/create"),
    }
}

/// `/terms`: the terms, with the form to agree for a signed-in user who
/// has not yet.
pub(crate) async fn terms(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<DoneQuery>,
) -> Response {
    let mut session = app.sessions.session(&headers);
    let mut set_cookie = None;
    // A user who agreed before (in another session) is not asked again.
    if let Some(s) = session.as_mut()
        && !s.terms
        && crate::edit::has_agreed(&app, s).await.unwrap_or(false)
    {
        s.set_terms(true);
        set_cookie = Some(app.sessions.set_session(s));
    }
    let mut cx = context(
        &PageInfo::new(&app, session.as_ref(), say(&app, "terms")),
        Done::notice(&q, None).as_ref(),
        None,
    );
    cx["agreed"] = json!(session.as_ref().is_some_and(|s| s.terms));
    let mut response = html(&app, StatusCode::OK, "terms", &cx);
    if let Some(cookie) = set_cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// `POST /terms`: agrees to the terms, then on to the Create section.
pub(crate) async fn agree(
    State(app): State<AppState>,
    headers: HeaderMap,
    fields: Fields,
) -> Response {
    let Some(session) = app.sessions.session(&headers) else {
        return Redirect::to("/").into_response();
    };
    if fields.get("agree") != Some("1") {
        let mut cx = context(
            &PageInfo::new(&app, Some(&session), say(&app, "terms")),
            None,
            Some("tick the box to agree to the terms, then press the button"),
        );
        cx["agreed"] = json!(false);
        return html(&app, StatusCode::UNPROCESSABLE_ENTITY, "terms", &cx);
    }
    match crate::edit::agree_terms(&app, &session).await {
        Ok(session) => {
            let mut response = done("/create", Done::Terms, true, None);
            response
                .headers_mut()
                .append(header::SET_COOKIE, app.sessions.set_session(&session));
            response
        }
        Err(e) => failed(&app, &session, e),
    }
}

/// The fields of the "new artist" and "new album" forms, shown again
/// after an error so nothing typed is lost.
pub(super) fn artist_form(fields: Option<&Fields>) -> Value {
    let f = |name: &str| fields.map(|f| f.text(name)).unwrap_or_default();
    json!({ "name": f("name"), "bio": f("bio") })
}

pub(super) fn album_form(fields: Option<&Fields>) -> Value {
    let f = |name: &str| fields.map(|f| f.text(name)).unwrap_or_default();
    let license = fields
        .and_then(|f| f.get("license"))
        .filter(|l| trogs::catalog::model::LICENSES.contains(l))
        .unwrap_or(trogs::catalog::model::DEFAULT_LICENSE);
    json!({
        "open": fields.is_some(),
        "title": f("title"),
        "release_date": f("release_date"),
        "license": license,
        "description": f("description"),
    })
}

/// `/create`: the signed-in user's artists.
pub(crate) async fn my_artists(
    State(app): State<AppState>,
    Artist(session): Artist,
    Query(q): Query<DoneQuery>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Response {
    // `?cursor=…`: a later page of a long list.
    let cursor = url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "cursor")
        .map(|(_, v)| v.into_owned());
    let notice = Done::notice(&q, None);
    artists_page(&app, &session, notice, None, None, cursor.as_deref()).await
}

pub(super) async fn artists_page(
    app: &App,
    session: &Session,
    notice: Option<Notice>,
    error: Option<ApiError>,
    form: Option<&Fields>,
    cursor: Option<&str>,
) -> Response {
    let page = crate::quotas::artists_page(app, session, cursor, crate::quotas::DEFAULT_PAGE).await;
    let (artists, next) = match page {
        Ok(p) => (
            p.artists
                .iter()
                .map(|a| crate::edit::artist_view(app, a))
                .collect::<Vec<_>>(),
            p.next,
        ),
        Err(e) => return failed(app, session, e),
    };
    let status = error.as_ref().map_or(StatusCode::OK, ApiError::status);
    let message = error.as_ref().map(ToString::to_string);
    let mut cx = context(
        &PageInfo::new(app, Some(session), say(app, "your-artists")),
        notice.as_ref(),
        message.as_deref(),
    );
    cx["artists"] = json!(artists);
    // The template writes `/create?cursor={{more}}` (Handlebars would
    // escape the `=` of a whole URL); a cursor is base64url, safe in a URL.
    cx["more"] = json!(next);
    cx["form"] = artist_form(form);
    html(app, status, "artists", &cx)
}

/// `/create/artists/{id}`: one artist, its albums, singles and featured tracks.
pub(crate) async fn artist_page(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<DoneQuery>,
) -> Response {
    show_artist(&app, &session, &id, Some(&q), None, None).await
}

pub(super) async fn show_artist(
    app: &App,
    session: &Session,
    id: &str,
    query: Option<&DoneQuery>,
    error: Option<ApiError>,
    form: Option<&Fields>,
) -> Response {
    let artist = match crate::edit::artist(app, session, id).await {
        Ok(a) => a,
        Err(e) => return failed(app, session, e),
    };
    let notice = query.and_then(|q| Done::notice(q, Some(artist.page.clone())));
    let status = error.as_ref().map_or(StatusCode::OK, ApiError::status);
    let message = error.as_ref().map(ToString::to_string);
    let mut cx = context(
        &PageInfo::new(app, Some(session), artist.name.clone()),
        notice.as_ref(),
        message.as_deref(),
    );
    cx["artist"] = json!(artist);
    cx["form"] = album_form(form);
    html(app, status, "artist", &cx)
}

/// `POST /create/artists`: a new artist.
pub(crate) async fn new_artist(
    State(app): State<AppState>,
    Artist(session): Artist,
    fields: Fields,
) -> Response {
    let input = crate::edit::ArtistInput {
        name: fields.text("name"),
        bio: fields.optional("bio"),
    };
    let change = crate::edit::create_artist(&app, &session, input);
    let to = |artist: crate::edit::ArtistView| format!("/create/artists/{}", artist.id);
    let again = async |e| artists_page(&app, &session, None, Some(e), Some(&fields), None).await;
    answer(change, to, Done::ArtistCreated, None, again).await
}

/// `POST /create/artists/{id}`: a new name or bio.
pub(crate) async fn save_artist(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    fields: Fields,
) -> Response {
    let patch = crate::edit::ArtistPatch {
        name: fields.get("name").map(str::to_string),
        bio: fields.get("bio").map(str::to_string),
        version: version(&fields),
    };
    let change = crate::edit::update_artist(&app, &session, &id, patch);
    let to = |_| format!("/create/artists/{id}");
    let again = async |e| show_artist(&app, &session, &id, None, Some(e), None).await;
    answer(change, to, Done::ArtistSaved, None, again).await
}

/// `POST /create/artists/{id}/delete`: the artist and everything of it.
pub(crate) async fn delete_artist(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    fields: Fields,
) -> Response {
    if let Err(e) = confirmed(&fields) {
        return show_artist(&app, &session, &id, None, Some(e), None).await;
    }
    let change = crate::edit::delete_artist(&app, &session, &id);
    let to = |()| "/create".to_string();
    let again = async |e| show_artist(&app, &session, &id, None, Some(e), None).await;
    answer(change, to, Done::ArtistDeleted, None, again).await
}

/// `POST /create/artists/{id}/albums`: a new album.
pub(crate) async fn new_album(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    fields: Fields,
) -> Response {
    let input = crate::edit::AlbumInput {
        title: fields.text("title"),
        release_date: fields.optional("release_date"),
        license: fields.optional("license"),
        description: fields.optional("description"),
    };
    let change = crate::edit::create_album(&app, &session, &id, input);
    let to = |album: crate::edit::AlbumView| format!("/create/albums/{}", album.id);
    let again = async |e| show_artist(&app, &session, &id, None, Some(e), Some(&fields)).await;
    answer(change, to, Done::AlbumCreated, None, again).await
}

/// `POST /create/artists/{id}/featured`: the featured tracks' order (the
/// list as sent, or with one moved by its button), or one unfeatured.
pub(crate) async fn featured(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    fields: Fields,
) -> Response {
    let path = format!("/create/artists/{id}");
    let result = if let Some(track) = fields.get("unfeature") {
        crate::edit::set_featured(&app, &session, track, false)
            .await
            .map(|d| (Done::Unfeatured, d.live.published))
    } else {
        let mut order = fields.all("order");
        if let Some((track, direction)) = fields.get("move").and_then(|m| m.split_once(':'))
            && let Some(at) = order.iter().position(|t| t == track)
        {
            match direction {
                "up" if at > 0 => order.swap(at, at - 1),
                "down" if at + 1 < order.len() => order.swap(at, at + 1),
                _ => {}
            }
        }
        crate::edit::order_featured(&app, &session, &id, order)
            .await
            .map(|d| (Done::FeaturedOrder, d.live.published))
    };
    match result {
        Ok((what, published)) => done(&path, what, published, Some("featured")),
        Err(e) => show_artist(&app, &session, &id, None, Some(e), None).await,
    }
}

/// `POST /create/artists/{id}/image`: a new artist image.
pub(crate) async fn artist_image(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let back = Back::Artist(id.clone());
    let target = crate::edit::UploadTarget::ArtistImage { artist_id: id };
    upload_to(&app, &session, back, target, Done::ImageSaved, form).await
}

/// `POST /create/artists/{id}/singles`: one or more new singles.
pub(crate) async fn add_singles(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let back = Back::Artist(id.clone());
    let target = crate::edit::UploadTarget::Single { artist_id: id };
    upload_to(&app, &session, back, target, Done::SinglesAdded, form).await
}
