//! The Create section's pages: server-rendered with handlebars from the
//! theme's `create/` templates, working without JavaScript. Every action is
//! a plain form post answered with a redirect back to its page (and a
//! notice that the change is live), or the page again with the error; the
//! script in `create/assets/` only makes the same forms nicer (drag and
//! drop, a progress bar per upload, reordering by dragging).
//!
//! The templates and assets are built into the binary; when the theme's
//! `create/` folder is on disk (`--theme DIR/create`, or
//! `themes/default/create` in the working folder) it is read instead, and
//! read again when a file in it changes, so edits show at once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use axum::extract::{FromRequest, Multipart, Path as UrlPath, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::app::{App, AppState};
use crate::error::{ApiError, ApiResult};
use crate::session::Session;

/// The Create templates and assets built into the binary, relative to the
/// theme's `create/` folder. The site's favicon is shared with the theme.
static BUILTIN: &[(&str, &[u8])] = &[
    (
        "templates/signin.hbs",
        include_bytes!("../../themes/default/create/templates/signin.hbs"),
    ),
    (
        "templates/terms.hbs",
        include_bytes!("../../themes/default/create/templates/terms.hbs"),
    ),
    (
        "templates/artists.hbs",
        include_bytes!("../../themes/default/create/templates/artists.hbs"),
    ),
    (
        "templates/artist.hbs",
        include_bytes!("../../themes/default/create/templates/artist.hbs"),
    ),
    (
        "templates/album.hbs",
        include_bytes!("../../themes/default/create/templates/album.hbs"),
    ),
    (
        "templates/error.hbs",
        include_bytes!("../../themes/default/create/templates/error.hbs"),
    ),
    (
        "templates/partials/head.hbs",
        include_bytes!("../../themes/default/create/templates/partials/head.hbs"),
    ),
    (
        "templates/partials/foot.hbs",
        include_bytes!("../../themes/default/create/templates/partials/foot.hbs"),
    ),
    (
        "templates/partials/csrf.hbs",
        include_bytes!("../../themes/default/create/templates/partials/csrf.hbs"),
    ),
    (
        "templates/partials/license_select.hbs",
        include_bytes!("../../themes/default/create/templates/partials/license_select.hbs"),
    ),
    (
        "templates/partials/upload.hbs",
        include_bytes!("../../themes/default/create/templates/partials/upload.hbs"),
    ),
    (
        "templates/partials/track_row.hbs",
        include_bytes!("../../themes/default/create/templates/partials/track_row.hbs"),
    ),
    (
        "templates/partials/delete_form.hbs",
        include_bytes!("../../themes/default/create/templates/partials/delete_form.hbs"),
    ),
    (
        "assets/create.css",
        include_bytes!("../../themes/default/create/assets/create.css"),
    ),
    (
        "assets/create.js",
        include_bytes!("../../themes/default/create/assets/create.js"),
    ),
    (
        "assets/favicon.svg",
        include_bytes!("../../themes/default/assets/favicon.svg"),
    ),
];

/// The page templates; each renders with the context `pages` documents in
/// the theme's CONTEXT.md.
pub const TEMPLATES: [&str; 6] = ["signin", "terms", "artists", "artist", "album", "error"];

/// Where assets are served: `/assets/create/create.1a2b3c4d5e.css`.
pub const ASSET_PREFIX: &str = "/assets/create/";

#[derive(Debug, thiserror::Error)]
pub enum PagesError {
    #[error("reading the Create templates in {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the Create template {path} is not UTF-8")]
    NotText { path: String },
    #[error("the Create template {path}: {source}")]
    Template {
        path: String,
        source: Box<handlebars::TemplateError>,
    },
    #[error("rendering the Create page {name}: {source}")]
    Render {
        name: String,
        source: Box<RenderError>,
    },
}

impl From<PagesError> for ApiError {
    fn from(e: PagesError) -> ApiError {
        ApiError::internal(e)
    }
}

/// An asset of the Create pages.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The name templates use: `create.css`.
    pub name: String,
    /// The fingerprinted file name it is served under: `create.1a2b3c4d5e.css`.
    pub file: String,
    pub bytes: Arc<[u8]>,
}

impl Asset {
    pub fn url(&self) -> String {
        format!("{ASSET_PREFIX}{}", self.file)
    }

    pub fn content_type(&self) -> &'static str {
        match self.name.rsplit_once('.').map(|(_, ext)| ext) {
            Some("css") => "text/css; charset=utf-8",
            Some("js") => "text/javascript; charset=utf-8",
            Some("svg") => "image/svg+xml",
            Some("png") => "image/png",
            Some("woff2") => "font/woff2",
            _ => "application/octet-stream",
        }
    }
}

/// One loaded set of templates and assets.
pub struct Templates {
    registry: Handlebars<'static>,
    assets: Arc<HashMap<String, Asset>>,
}

impl Templates {
    /// The built-in templates and assets.
    pub fn builtin() -> Result<Templates, PagesError> {
        let files = BUILTIN
            .iter()
            .map(|(rel, bytes)| (rel.to_string(), bytes.to_vec()))
            .collect();
        Templates::from_files(files, "built-in")
    }

    /// The templates and assets of a `create/` folder, over the built-in
    /// ones (a file the folder lacks, such as the favicon, is the built-in one).
    pub fn load(dir: &Path) -> Result<Templates, PagesError> {
        let mut files: HashMap<String, Vec<u8>> = BUILTIN
            .iter()
            .map(|(rel, bytes)| (rel.to_string(), bytes.to_vec()))
            .collect();
        for (rel, path) in folder_files(dir)? {
            let bytes = std::fs::read(&path).map_err(|source| PagesError::Io {
                path: path.clone(),
                source,
            })?;
            files.insert(rel, bytes);
        }
        let mut files: Vec<_> = files.into_iter().collect();
        files.sort();
        Templates::from_files(files, &dir.display().to_string())
    }

    fn from_files(files: Vec<(String, Vec<u8>)>, from: &str) -> Result<Templates, PagesError> {
        let mut assets = HashMap::new();
        let mut templates = Vec::new();
        for (rel, bytes) in files {
            if let Some(name) = rel.strip_prefix("assets/") {
                let hash = blake3::hash(&bytes).to_hex();
                let file = match name.rsplit_once('.') {
                    Some((stem, ext)) => format!("{stem}.{}.{ext}", &hash[..10]),
                    None => format!("{name}.{}", &hash[..10]),
                };
                assets.insert(
                    name.to_string(),
                    Asset {
                        name: name.to_string(),
                        file,
                        bytes: bytes.into(),
                    },
                );
            } else if let Some(name) = rel.strip_prefix("templates/")
                && let Some(name) = name.strip_suffix(".hbs")
            {
                let at = format!("{from}/{rel}");
                let text = String::from_utf8(bytes).map_err(|_| PagesError::NotText {
                    path: at.clone(),
                })?;
                // Partials are registered by their bare name: `{{> head}}`.
                let name = name.rsplit('/').next().unwrap_or(name).to_string();
                templates.push((name, text, at));
            }
        }
        let assets = Arc::new(assets);

        let mut registry = Handlebars::new();
        registry.set_prevent_indent(true);
        // A typo in a template fails the render (and the tests) instead of
        // showing an empty field.
        registry.set_strict_mode(true);
        registry.register_helper("concat", Box::new(concat_helper));
        let lookup = Arc::clone(&assets);
        registry.register_helper(
            "asset",
            Box::new(
                move |h: &Helper<'_>,
                      _: &Handlebars<'_>,
                      _: &Context,
                      _: &mut RenderContext<'_, '_>,
                      out: &mut dyn Output|
                      -> HelperResult {
                    let name = h.param(0).and_then(|p| p.value().as_str()).ok_or_else(|| {
                        RenderError::from(RenderErrorReason::ParamNotFoundForIndex("asset", 0))
                    })?;
                    let asset = lookup.get(name).ok_or_else(|| {
                        RenderError::from(RenderErrorReason::Other(format!(
                            "the Create pages have no asset {name:?} (looked in create/assets/)"
                        )))
                    })?;
                    out.write(&asset.url())?;
                    Ok(())
                },
            ),
        );
        for (name, text, at) in templates {
            registry
                .register_template_string(&name, text)
                .map_err(|e| PagesError::Template {
                    path: at,
                    source: Box::new(e),
                })?;
        }
        Ok(Templates { registry, assets })
    }

    /// Renders the page template `name` with `context`.
    pub fn render(&self, name: &str, context: &Value) -> Result<String, PagesError> {
        self.registry
            .render(name, context)
            .map_err(|e| PagesError::Render {
                name: name.into(),
                source: Box::new(e),
            })
    }

    /// The asset served as `file`: its fingerprinted name (`create.1a2b3c4d5e.css`)
    /// or its plain one (`create.css`). The flag says whether it was the
    /// fingerprinted name, which may be cached for good.
    pub fn asset(&self, file: &str) -> Option<(&Asset, bool)> {
        if let Some(asset) = self.assets.get(file) {
            return Some((asset, false));
        }
        self.assets
            .values()
            .find(|a| a.file == file)
            .map(|asset| (asset, true))
    }

    /// The URL an asset is served under, for templates and tests.
    pub fn asset_url(&self, name: &str) -> Option<String> {
        self.assets.get(name).map(Asset::url)
    }
}

/// `{{concat "a" b "c"}}`: the parameters written one after another, for
/// ids and paths built from an entity's id.
fn concat_helper(
    h: &Helper<'_>,
    _: &Handlebars<'_>,
    _: &Context,
    _: &mut RenderContext<'_, '_>,
    out: &mut dyn Output,
) -> HelperResult {
    for param in h.params() {
        match param.value() {
            Value::String(s) => out.write(s)?,
            Value::Null => {}
            other => out.write(&other.to_string())?,
        }
    }
    Ok(())
}

/// The files of a `create/` folder below `templates/` and `assets/`,
/// relative to it, skipping names that start with a dot.
fn folder_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, PagesError> {
    fn walk(
        root: &Path,
        dir: &Path,
        out: &mut Vec<(String, PathBuf)>,
    ) -> Result<(), PagesError> {
        let io = |source| PagesError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        for entry in entries {
            let entry = entry.map_err(io)?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let kind = entry.file_type().map_err(io)?;
            if kind.is_dir() {
                walk(root, &path, out)?;
            } else if kind.is_file() {
                let rel = path
                    .strip_prefix(root)
                    .expect("below the root")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, path));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for part in ["templates", "assets"] {
        walk(dir, &dir.join(part), &mut out)?;
    }
    out.sort();
    Ok(out)
}

/// What a folder's files look like now (names, sizes, modification
/// times): when it changes, the folder is read again.
fn folder_signature(dir: &Path) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let files = folder_files(dir).ok()?;
    let mut h = std::hash::DefaultHasher::new();
    for (rel, path) in files {
        let meta = std::fs::metadata(&path).ok()?;
        rel.hash(&mut h);
        meta.len().hash(&mut h);
        meta.modified()
            .ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .hash(&mut h);
    }
    Some(h.finish())
}

/// Where the Create pages come from: a folder read at run time, or the
/// built-in copies.
pub struct Pages {
    folder: Option<PathBuf>,
    cached: Mutex<Option<(u64, Arc<Templates>)>>,
    builtin: OnceLock<Arc<Templates>>,
}

impl Pages {
    /// Pages from `folder` (a theme's `create/` folder) when given, else
    /// the built-in ones.
    pub fn new(folder: Option<PathBuf>) -> Pages {
        Pages {
            folder,
            cached: Mutex::new(None),
            builtin: OnceLock::new(),
        }
    }

    /// The folder the service reads: `create/` of the configured theme,
    /// else `themes/default/create` in the working folder, when it exists.
    pub fn folder_for(settings: &crate::settings::Settings) -> Option<PathBuf> {
        let candidates = [
            settings.config.theme.as_ref().map(|t| t.join("create")),
            Some(PathBuf::from("themes/default/create")),
        ];
        candidates
            .into_iter()
            .flatten()
            .find(|dir| dir.join("templates").is_dir())
    }

    /// The templates and assets in force.
    pub fn templates(&self) -> Result<Arc<Templates>, PagesError> {
        if let Some(dir) = &self.folder
            && let Some(signature) = folder_signature(dir)
        {
            let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((seen, templates)) = cached.as_ref()
                && *seen == signature
            {
                return Ok(Arc::clone(templates));
            }
            let templates = Arc::new(Templates::load(dir)?);
            *cached = Some((signature, Arc::clone(&templates)));
            return Ok(templates);
        }
        if let Some(t) = self.builtin.get() {
            return Ok(Arc::clone(t));
        }
        let t = Arc::new(Templates::builtin()?);
        Ok(Arc::clone(self.builtin.get_or_init(|| t)))
    }
}

/// The service's pages, set up from its settings on first use.
fn pages(app: &App) -> &'static Pages {
    static PAGES: OnceLock<Pages> = OnceLock::new();
    PAGES.get_or_init(|| Pages::new(Pages::folder_for(&app.settings)))
}

/// What every Create page shows about the site and who is signed in: the
/// `page` object of each template's context.
#[derive(Debug, Clone, Serialize)]
pub struct PageInfo {
    /// The text of `<title>`, before the service's name.
    pub title: String,
    /// The signed-in user's CSRF token (empty when nobody is signed in).
    pub csrf: String,
    pub site_title: String,
    /// The published site's home page.
    pub site_url: String,
    pub user: Option<UserInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserInfo {
    pub name: Option<String>,
    pub email: Option<String>,
}

impl PageInfo {
    pub fn new(app: &App, session: Option<&Session>, title: impl Into<String>) -> PageInfo {
        let config = &app.settings.config;
        PageInfo {
            title: title.into(),
            csrf: session.map(|s| s.csrf.clone()).unwrap_or_default(),
            site_title: config.title.clone(),
            site_url: format!("{}/", config.base_url.trim_end_matches('/')),
            user: session.map(|s| UserInfo {
                name: s.name.clone(),
                email: s.email.clone(),
            }),
        }
    }
}

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
}

impl Done {
    const ALL: [(Done, &'static str); 16] = [
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
    fn text(self) -> &'static str {
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
            text: if live { done.text() } else { done.pending_text() },
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

/// The six Creative Commons 4.0 licenses, for the license pickers.
pub fn licenses() -> Value {
    Value::Array(
        trogs::catalog::model::LICENSES
            .iter()
            .map(|code| {
                let (short, name) = trogs::site::context::license_names(code);
                json!({ "code": code, "short": short, "name": name })
            })
            .collect(),
    )
}

/// A page's context: `page`, `notice`, `error`, `licenses`, and the page's
/// own fields.
pub fn context(page: &PageInfo, notice: Option<&Notice>, error: Option<&str>) -> Value {
    json!({
        "page": page,
        "notice": notice,
        "error": error,
        "licenses": licenses(),
    })
}
