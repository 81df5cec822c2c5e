//! What the Create forms send and where they lead: form fields, the page to
//! go back to, and the notice a redirect shows after a change.

use super::*;

/// A message shown after a change: fixed text (never what the request
/// said) and, when the change is published, the link to its page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Notice {
    pub text: &'static str,
    pub url: Option<String>,
    pub link_text: &'static str,
}

/// The things a form can have done, named in the redirect's `?done=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    Terms,
    ArtistCreated,
    ArtistSaved,
    ArtistDeleted,
    ImageSaved,
    AlbumCreated,
    AlbumSaved,
    AlbumDeleted,
    TracksAdded,
    SinglesAdded,
    TrackSaved,
    TrackMoved,
    TrackDeleted,
    Featured,
    Unfeatured,
    FeaturedOrder,
    AudioReplaced,
}

impl Done {
    pub(super) const ALL: [(Done, &'static str); 17] = [
        (Done::Terms, "terms"),
        (Done::ArtistCreated, "artist-created"),
        (Done::ArtistSaved, "artist-saved"),
        (Done::ArtistDeleted, "artist-deleted"),
        (Done::ImageSaved, "image-saved"),
        (Done::AlbumCreated, "album-created"),
        (Done::AlbumSaved, "album-saved"),
        (Done::AlbumDeleted, "album-deleted"),
        (Done::TracksAdded, "tracks-added"),
        (Done::SinglesAdded, "singles-added"),
        (Done::TrackSaved, "track-saved"),
        (Done::TrackMoved, "track-moved"),
        (Done::TrackDeleted, "track-deleted"),
        (Done::Featured, "featured"),
        (Done::Unfeatured, "unfeatured"),
        (Done::FeaturedOrder, "featured-order"),
        (Done::AudioReplaced, "audio-replaced"),
    ];

    pub fn code(self) -> &'static str {
        Done::ALL
            .iter()
            .find(|(d, _)| *d == self)
            .map(|(_, c)| *c)
            .unwrap_or("saved")
    }

    pub fn parse(code: &str) -> Option<Done> {
        Done::ALL.iter().find(|(_, c)| *c == code).map(|(d, _)| *d)
    }

    /// What the page says once the change is published.
    pub(super) fn text(self) -> &'static str {
        match self {
            Done::Terms => "Thank you. You can now make your artist page.",
            Done::ArtistCreated => "Your artist page is made and live.",
            Done::ArtistSaved => "Saved. The artist page is live.",
            Done::ArtistDeleted => "The artist is deleted, with its pages and files.",
            Done::ImageSaved => "The new image is live.",
            Done::AlbumCreated => "The album is made and its page is live. Add its tracks below.",
            Done::AlbumSaved => "Saved. The album page is live.",
            Done::AlbumDeleted => "The album is deleted, with its tracks and files.",
            Done::TracksAdded => "Uploaded. The tracks are live.",
            Done::SinglesAdded => "Uploaded. The singles are live.",
            Done::TrackSaved => "Saved. The track is live.",
            Done::TrackMoved => "Moved. The new order is live.",
            Done::TrackDeleted => "The track is deleted.",
            Done::Featured => "The track is featured on the artist page.",
            Done::Unfeatured => "The track is no longer featured.",
            Done::FeaturedOrder => "The featured tracks' new order is live.",
            Done::AudioReplaced => "The new audio is live; the track kept its page and place.",
        }
    }

    /// What the page says when the change is saved but its pages are not
    /// published yet.
    fn pending_text(self) -> &'static str {
        match self {
            Done::ArtistDeleted | Done::AlbumDeleted | Done::TrackDeleted => {
                "Deleted. The site shows it in a moment."
            }
            _ => "Saved. The site shows it in a moment.",
        }
    }

    /// The notice for a redirect's query; `url` is the published page the
    /// notice links to (taken from the catalog, not from the request).
    pub fn notice(query: &DoneQuery, url: Option<String>) -> Option<Notice> {
        let done = Done::parse(query.done.as_deref()?)?;
        let live = query.live.as_deref() != Some("0");
        let url = url.filter(|_| live && !matches!(done, Done::Terms) && !done.is_delete());
        Some(Notice {
            text: if live {
                done.text()
            } else {
                done.pending_text()
            },
            link_text: if url.is_some() { "See the page" } else { "" },
            url,
        })
    }

    fn is_delete(self) -> bool {
        matches!(
            self,
            Done::ArtistDeleted | Done::AlbumDeleted | Done::TrackDeleted
        )
    }
}

/// The query a page is redirected to after a change: `?done=album-saved&live=1`.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct DoneQuery {
    pub done: Option<String>,
    pub live: Option<String>,
}

/// A urlencoded form's fields, repeated names included (the featured
/// tracks' `order`).
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The field as text, empty when missing.
    pub fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default().to_string()
    }

    /// A field that may be left empty: `None` when empty or missing.
    pub fn optional(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

impl<S: Send + Sync> FromRequest<S> for Fields {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Fields(
            url::form_urlencoded::parse(&bytes).into_owned().collect(),
        ))
    }
}

/// A page of the Create section to return to: the `back` field of a
/// track's forms, accepted only in these two shapes (never a URL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Back {
    Artist(String),
    Album(String),
}

impl Back {
    pub fn parse(path: &str) -> Option<Back> {
        let valid = |id: &str| trogs::catalog::model::is_valid_id(id).then(|| id.to_string());
        if let Some(id) = path.strip_prefix("/create/artists/") {
            return valid(id).map(Back::Artist);
        }
        if let Some(id) = path.strip_prefix("/create/albums/") {
            return valid(id).map(Back::Album);
        }
        None
    }

    pub fn path(&self) -> String {
        match self {
            Back::Artist(id) => format!("/create/artists/{id}"),
            Back::Album(id) => format!("/create/albums/{id}"),
        }
    }
}

/// Where a change sends the browser: its page, saying what was done.
pub(super) fn done(path: &str, what: Done, published: bool, anchor: Option<&str>) -> Response {
    let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    let to = format!(
        "{path}?done={}&live={}{anchor}",
        what.code(),
        u8::from(published)
    );
    // Paths are built from checked ids; anything else goes to the start.
    let safe = to.starts_with('/')
        && to
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/?=&#-_".contains(&b));
    Redirect::to(if safe { &to } else { "/create" }).into_response()
}

pub(super) fn version(fields: &Fields) -> Option<i64> {
    fields.get("version").and_then(|v| v.trim().parse().ok())
}

/// The confirmation box of the delete forms, checked here too so a page
/// without it (or an old one) cannot delete.
pub(super) fn confirmed(fields: &Fields) -> Result<(), ApiError> {
    if fields.get("confirm") == Some("1") {
        Ok(())
    } else {
        Err(ApiError::Invalid(
            "nothing was deleted: tick \u{201c}I understand\u{201d} to confirm, then press Delete"
                .into(),
        ))
    }
}
