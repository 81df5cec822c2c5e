//! Every route of the service, listed once: its method, its path, who may
//! call it and its handler. The router is built from this list alone, and
//! the authorization tests walk it (axum's `Router` cannot list its
//! routes), so a route added here without a test case fails them.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension};
use axum::handler::Handler;
use axum::routing::{MethodFilter, MethodRouter, on};

use crate::pages::{albums, artists, tracks};
use crate::state::AppState;
use crate::upload::{UploadHooks, method_override, queued, tus};
use crate::{api, auth, pages, upload};

/// An HTTP method a route answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
        }
    }

    fn filter(self) -> MethodFilter {
        match self {
            Method::Get => MethodFilter::GET,
            Method::Head => MethodFilter::HEAD,
            Method::Post => MethodFilter::POST,
            Method::Put => MethodFilter::PUT,
            Method::Patch => MethodFilter::PATCH,
            Method::Delete => MethodFilter::DELETE,
            Method::Options => MethodFilter::OPTIONS,
        }
    }
}

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Anyone, signed in or not: it answers everyone, or shows them the way
    /// in.
    Anyone,
    /// Anyone signed in, about their own account (401, or a page's redirect
    /// to sign in, for nobody).
    SignedIn,
    /// The owner of what the request names (an artist, album, track or
    /// upload): anyone else is answered as if it did not exist (404).
    Owner,
}

/// The part of the service a route belongs to, which decides what wraps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Signing in and out, and the health check.
    SignIn,
    /// The JSON API under `/api/v1/me/`; its bodies are limited as they are
    /// read, not by axum's body limit.
    Api,
    /// The resumable uploads, nested under [`upload::PATH`]: every answer
    /// carries `Tus-Resumable`.
    Uploads,
    /// The Create section's pages and their assets.
    Pages,
}

/// One route.
pub struct Route {
    pub part: Part,
    pub method: Method,
    /// Its path, in axum's syntax, as requests reach it.
    pub path: &'static str,
    pub who: Who,
    handler: fn(MethodFilter) -> MethodRouter<AppState>,
}

const fn route(
    part: Part,
    method: Method,
    path: &'static str,
    who: Who,
    handler: fn(MethodFilter) -> MethodRouter<AppState>,
) -> Route {
    Route {
        part,
        method,
        path,
        who,
        handler,
    }
}

/// A form handler that takes files: they are limited per file as they are
/// spooled, not by axum's body limit.
fn files<H: Handler<T, AppState>, T: 'static>(
    method: MethodFilter,
    handler: H,
) -> MethodRouter<AppState> {
    on(method, handler).layer(DefaultBodyLimit::disable())
}

use Method::{Delete, Get, Head, Options, Patch, Post, Put};
use Part::{Api, Pages, SignIn, Uploads};
use Who::{Anyone, Owner, SignedIn};

/// Every route of the service.
#[rustfmt::skip]
pub static ROUTES: &[Route] = &[
    route(SignIn, Get, "/login", Anyone, |m| on(m, auth::login)),
    route(SignIn, Get, "/callback", Anyone, |m| on(m, auth::callback)),
    route(SignIn, Post, "/logout", Anyone, |m| on(m, auth::logout)),
    route(SignIn, Post, "/logout/everywhere", Anyone, |m| on(m, auth::logout_everywhere)),
    route(SignIn, Get, "/dev/login", Anyone, |m| on(m, auth::dev_form)),
    route(SignIn, Post, "/dev/login", Anyone, |m| on(m, auth::dev_login)),
    route(SignIn, Get, "/healthz", Anyone, |m| on(m, async || "ok\n")),

    route(Api, Get, "/api/v1/me", SignedIn, |m| on(m, api::me)),
    route(Api, Post, "/api/v1/me/terms", SignedIn, |m| on(m, api::agree)),
    route(Api, Delete, "/api/v1/me/sessions", SignedIn, |m| on(m, api::end_sessions)),
    route(Api, Get, "/api/v1/me/artists", SignedIn, |m| on(m, api::my_artists)),
    route(Api, Post, "/api/v1/me/artists", SignedIn, |m| on(m, api::create_artist)),
    route(Api, Get, "/api/v1/me/artists/{id}", Owner, |m| on(m, api::get_artist)),
    route(Api, Patch, "/api/v1/me/artists/{id}", Owner, |m| on(m, api::edit_artist)),
    route(Api, Delete, "/api/v1/me/artists/{id}", Owner, |m| on(m, api::delete_artist)),
    route(Api, Post, "/api/v1/me/artists/{id}/image", Owner, |m| on(m, api::artist_image)),
    route(Api, Get, "/api/v1/me/artists/{id}/albums", Owner, |m| on(m, api::artist_albums)),
    route(Api, Post, "/api/v1/me/artists/{id}/albums", Owner, |m| on(m, api::create_album)),
    route(Api, Get, "/api/v1/me/artists/{id}/singles", Owner, |m| on(m, api::artist_singles)),
    route(Api, Post, "/api/v1/me/artists/{id}/singles", Owner, |m| on(m, api::upload_single)),
    route(Api, Get, "/api/v1/me/artists/{id}/featured", Owner, |m| on(m, api::artist_featured)),
    route(Api, Put, "/api/v1/me/artists/{id}/featured", Owner, |m| on(m, api::order_featured)),
    route(Api, Get, "/api/v1/me/albums/{id}", Owner, |m| on(m, api::get_album)),
    route(Api, Patch, "/api/v1/me/albums/{id}", Owner, |m| on(m, api::edit_album)),
    route(Api, Delete, "/api/v1/me/albums/{id}", Owner, |m| on(m, api::delete_album)),
    route(Api, Post, "/api/v1/me/albums/{id}/image", Owner, |m| on(m, api::album_image)),
    route(Api, Get, "/api/v1/me/albums/{id}/tracks", Owner, |m| on(m, api::album_tracks)),
    route(Api, Post, "/api/v1/me/albums/{id}/tracks", Owner, |m| on(m, api::upload_tracks)),
    route(Api, Get, "/api/v1/me/tracks/{id}", Owner, |m| on(m, api::get_track)),
    route(Api, Patch, "/api/v1/me/tracks/{id}", Owner, |m| on(m, api::edit_track)),
    route(Api, Delete, "/api/v1/me/tracks/{id}", Owner, |m| on(m, api::delete_track)),
    route(Api, Post, "/api/v1/me/tracks/{id}/move", Owner, |m| on(m, api::move_track)),
    route(Api, Put, "/api/v1/me/tracks/{id}/featured", Owner, |m| on(m, api::feature_track)),
    route(Api, Post, "/api/v1/me/tracks/{id}/audio", Owner, |m| on(m, api::replace_audio)),

    // What an upload is for (its metadata's target) must be the asker's.
    route(Uploads, Options, "/api/v1/me/uploads", Anyone, |m| on(m, tus::options)),
    route(Uploads, Post, "/api/v1/me/uploads", Owner, |m| on(m, tus::create)),
    route(Uploads, Options, "/api/v1/me/uploads/{id}", Anyone, |m| on(m, tus::options)),
    route(Uploads, Head, "/api/v1/me/uploads/{id}", Owner, |m| on(m, tus::status)),
    route(Uploads, Patch, "/api/v1/me/uploads/{id}", Owner, |m| on(m, tus::append)),
    route(Uploads, Delete, "/api/v1/me/uploads/{id}", Owner, |m| on(m, tus::terminate)),
    // PATCH or DELETE, named by `X-HTTP-Method-Override`.
    route(Uploads, Post, "/api/v1/me/uploads/{id}", Owner, |m| on(m, method_override::overridden)),
    route(Uploads, Get, "/api/v1/me/uploads/{id}", Owner, |m| on(m, queued::state)),

    route(Pages, Get, "/", Anyone, |m| on(m, artists::home)),
    route(Pages, Get, "/terms", Anyone, |m| on(m, artists::terms)),
    route(Pages, Post, "/terms", SignedIn, |m| on(m, artists::agree)),
    route(Pages, Get, "/create", SignedIn, |m| on(m, artists::my_artists)),
    route(Pages, Post, "/create/artists", SignedIn, |m| on(m, artists::new_artist)),
    route(Pages, Get, "/create/artists/{id}", Owner, |m| on(m, artists::artist_page)),
    route(Pages, Post, "/create/artists/{id}", Owner, |m| on(m, artists::save_artist)),
    route(Pages, Post, "/create/artists/{id}/delete", Owner, |m| on(m, artists::delete_artist)),
    route(Pages, Post, "/create/artists/{id}/image", Owner, |m| files(m, artists::artist_image)),
    route(Pages, Post, "/create/artists/{id}/albums", Owner, |m| on(m, artists::new_album)),
    route(Pages, Post, "/create/artists/{id}/singles", Owner, |m| files(m, artists::add_singles)),
    route(Pages, Post, "/create/artists/{id}/featured", Owner, |m| on(m, artists::featured)),
    route(Pages, Get, "/create/albums/{id}", Owner, |m| on(m, albums::album_page)),
    route(Pages, Post, "/create/albums/{id}", Owner, |m| on(m, albums::save_album)),
    route(Pages, Post, "/create/albums/{id}/delete", Owner, |m| on(m, albums::delete_album)),
    route(Pages, Post, "/create/albums/{id}/image", Owner, |m| files(m, albums::album_image)),
    route(Pages, Post, "/create/albums/{id}/tracks", Owner, |m| files(m, albums::add_tracks)),
    route(Pages, Post, "/create/tracks/{id}", Owner, |m| on(m, tracks::save_track)),
    route(Pages, Post, "/create/tracks/{id}/move", Owner, |m| on(m, tracks::move_track)),
    route(Pages, Post, "/create/tracks/{id}/delete", Owner, |m| on(m, tracks::delete_track)),
    route(Pages, Post, "/create/tracks/{id}/feature", Owner, |m| on(m, tracks::feature_track)),
    route(Pages, Post, "/create/tracks/{id}/audio", Owner, |m| files(m, tracks::replace_audio)),
    route(Pages, Get, "/assets/create/{*file}", Anyone, |m| on(m, pages::asset)),
];

/// The routes of `part`, at their paths below `prefix`.
fn part(part: Part, prefix: &str) -> Router<AppState> {
    ROUTES
        .iter()
        .filter(|r| r.part == part)
        .fold(Router::new(), |router, r| {
            let path = r.path.strip_prefix(prefix).unwrap_or(r.path);
            let path = if path.is_empty() { "/" } else { path };
            router.route(path, (r.handler)(r.method.filter()))
        })
}

/// The resumable uploads' routes, to be nested at [`upload::PATH`], with
/// uploads checked and handed on by `hooks`.
pub fn uploads(hooks: UploadHooks) -> Router<AppState> {
    part(Part::Uploads, upload::PATH)
        .layer(axum::middleware::map_response(tus::tus_resumable))
        .layer(Extension(hooks))
}

/// Every route of [`ROUTES`], each part wrapped as it needs.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(part(Part::SignIn, ""))
        .merge(part(Part::Api, "").layer(DefaultBodyLimit::disable()))
        .nest(upload::PATH, uploads(UploadHooks::default()))
        .merge(part(Part::Pages, ""))
}
