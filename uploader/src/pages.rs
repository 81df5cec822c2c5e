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
use handlebars::{Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError};
use serde::Serialize;
use serde_json::{Value, json};

use crate::app::{App, AppState};
use crate::error::{ApiError, ApiResult};
use crate::session::Session;

/// The Create templates and assets built into the binary, relative to the
/// theme's `create/` folder. The site's favicon and placeholder image are shared with the theme.
static BUILTIN: &[(&str, &[u8])] = &[
    (
        "locales/en.ftl",
        include_bytes!("../../themes/default/create/locales/en.ftl"),
    ),
    (
        "locales/es.ftl",
        include_bytes!("../../themes/default/create/locales/es.ftl"),
    ),
    (
        "locales/fr.ftl",
        include_bytes!("../../themes/default/create/locales/fr.ftl"),
    ),
    (
        "locales/de.ftl",
        include_bytes!("../../themes/default/create/locales/de.ftl"),
    ),
    (
        "locales/pt-BR.ftl",
        include_bytes!("../../themes/default/create/locales/pt-BR.ftl"),
    ),
    (
        "locales/ja.ftl",
        include_bytes!("../../themes/default/create/locales/ja.ftl"),
    ),
    (
        "locales/ar.ftl",
        include_bytes!("../../themes/default/create/locales/ar.ftl"),
    ),
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
    (
        "assets/placeholder.svg",
        include_bytes!("../../themes/default/assets/placeholder.svg"),
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
    #[error("the Create section's messages: {0}")]
    Locale(#[from] trogs::site::i18n::LocaleError),
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
    /// The Create section's messages in each language (`locales/*.ftl`, a
    /// folder's own over the built-in ones, message by message).
    pub locales: Arc<trogs::site::i18n::Locales>,
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
        let mut own_locales = Vec::new();
        let locale_file = |rel: &str, bytes: Vec<u8>, at: String| {
            let text =
                String::from_utf8(bytes).map_err(|_| PagesError::NotText { path: at.clone() })?;
            let tag = rel
                .trim_start_matches("locales/")
                .trim_end_matches(".ftl")
                .to_string();
            Ok::<_, PagesError>(trogs::site::i18n::LocaleFile {
                path: at,
                tag,
                text,
            })
        };
        let default_locales = BUILTIN
            .iter()
            .filter(|(rel, _)| rel.starts_with("locales/"))
            .map(|(rel, bytes)| locale_file(rel, bytes.to_vec(), format!("built-in/{rel}")))
            .collect::<Result<Vec<_>, _>>()?;
        for (rel, bytes) in files {
            if rel.starts_with("locales/") && rel.ends_with(".ftl") {
                let at = format!("{from}/{rel}");
                own_locales.push(locale_file(&rel, bytes, at)?);
                continue;
            }
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
                let text = String::from_utf8(bytes)
                    .map_err(|_| PagesError::NotText { path: at.clone() })?;
                // Partials are registered by their bare name: `{{> head}}`.
                let name = name.rsplit('/').next().unwrap_or(name).to_string();
                templates.push((name, text, at));
            }
        }
        let assets = Arc::new(assets);
        let locales = Arc::new(trogs::site::i18n::Locales::new(
            default_locales,
            own_locales,
        )?);

        let mut registry = Handlebars::new();
        registry.set_prevent_indent(true);
        // A typo in a template fails the render (and the tests) instead of
        // showing an empty field.
        registry.set_strict_mode(true);
        registry.register_helper("concat", Box::new(concat_helper));
        let lookup = Arc::clone(&assets);
        registry.register_helper(
            "asset",
            trogs::site::theme::asset_helper("the Create pages", "create/assets/", move |name| {
                lookup.get(name).map(Asset::url)
            }),
        );
        let locale_of: trogs::site::i18n::LocaleOf =
            |root| root.get("page")?.get("locale")?.as_str();
        registry.register_helper(
            "t",
            trogs::site::i18n::t_helper(Arc::clone(&locales), locale_of, true),
        );
        registry.register_helper(
            "t_attr",
            trogs::site::i18n::t_helper(Arc::clone(&locales), locale_of, false),
        );
        let said = crate::messages::Said {
            locales: Arc::clone(&locales),
        };
        registry.register_helper("said", Box::new(said));
        for (name, text, at) in templates {
            registry
                .register_template_string(&name, text)
                .map_err(|e| PagesError::Template {
                    path: at,
                    source: Box::new(e),
                })?;
        }
        Ok(Templates {
            registry,
            assets,
            locales,
        })
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
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), PagesError> {
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
    for part in ["templates", "assets", "locales"] {
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
static PAGES: OnceLock<Pages> = OnceLock::new();

/// The site's language, the Create pages' language when the browser asks
/// for none the service has.
static SITE_LANGUAGE: OnceLock<String> = OnceLock::new();

fn pages(app: &App) -> &'static Pages {
    SITE_LANGUAGE.get_or_init(|| app.settings.config.language.clone());
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
    /// The largest piece the page's script sends an upload in, when the
    /// service takes less than S3's 5 MiB part per request (on Lambda);
    /// the upload forms then also say what a form without the script takes.
    pub upload_chunk: Option<usize>,
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
            upload_chunk: app.settings.upload_chunk,
        }
    }
}

/// The language the request being answered should get: its
/// `Accept-Language`, else the site's. Before any page has set up the
/// service's templates (an API call first), the built-in messages answer;
/// `None` only when even they cannot be read, which a page's render reports.
pub fn request_language() -> Option<Arc<trogs::site::i18n::Language>> {
    static BUILTIN_ONLY: OnceLock<Option<Arc<Templates>>> = OnceLock::new();
    let templates = match PAGES.get() {
        Some(pages) => pages.templates().ok()?,
        None => BUILTIN_ONLY
            .get_or_init(|| Templates::builtin().ok().map(Arc::new))
            .clone()?,
    };
    let accept = crate::language::accept_language();
    let site = SITE_LANGUAGE
        .get()
        .map_or(trogs::site::i18n::FALLBACK, String::as_str);
    Some(Arc::clone(
        templates.locales.for_request(accept.as_deref(), site),
    ))
}

/// The message `key` in the language of the request being answered.
pub fn say(app: &App, key: &str) -> String {
    pages(app);
    match request_language() {
        Some(l) => l.say(key, &[]),
        None => key.to_string(),
    }
}

/// A message the service wrote in English (a notice, an error), in the
/// page's language: notices by their `done-…` key, everything else
/// through [`crate::messages`].
fn translated(language: Option<&trogs::site::i18n::Language>, english: &str) -> String {
    let Some(l) = language else {
        return english.to_string();
    };
    let key: Option<String> = Done::ALL
        .iter()
        .find(|(d, _)| d.text() == english)
        .map(|(_, code)| format!("done-{code}"))
        .or_else(|| {
            Some(
                match english {
                    "Deleted. The site shows it in a moment." => "done-pending-deleted",
                    "Saved. The site shows it in a moment." => "done-pending",
                    "See the page" => "see-the-page",
                    _ => return None,
                }
                .to_string(),
            )
        });
    if let Some(key) = key
        && let Some(text) = l.text(&key)
    {
        return text.to_string();
    }
    crate::messages::say_in(l, english)
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
    AudioReplaced,
}

impl Done {
    const ALL: [(Done, &'static str); 17] = [
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
    let language = request_language();
    let mut page = json!(page);
    page["locale"] = json!(
        language
            .as_ref()
            .map_or(trogs::site::i18n::FALLBACK, |l| l.tag.as_str())
    );
    page["dir"] = json!(language.as_ref().map_or("ltr", |l| l.dir));
    let language = language.as_deref();
    let notice = notice.map(|n| {
        json!({
            "text": translated(language, n.text),
            "url": n.url,
            "link_text": if n.link_text.is_empty() { String::new() } else { translated(language, n.link_text) },
        })
    });
    let error = error.map(|e| translated(language, e));
    json!({
        "page": page,
        "notice": notice,
        "error": error,
        "licenses": licenses(),
    })
}

// ---- routes ------------------------------------------------------------

/// Every HTML route, listed once; the authorization tests walk this list,
/// so a page route added without a test case fails them.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/terms"),
    ("POST", "/terms"),
    ("GET", "/create"),
    ("POST", "/create/artists"),
    ("GET", "/create/artists/{id}"),
    ("POST", "/create/artists/{id}"),
    ("POST", "/create/artists/{id}/delete"),
    ("POST", "/create/artists/{id}/image"),
    ("POST", "/create/artists/{id}/albums"),
    ("POST", "/create/artists/{id}/singles"),
    ("POST", "/create/artists/{id}/featured"),
    ("GET", "/create/albums/{id}"),
    ("POST", "/create/albums/{id}"),
    ("POST", "/create/albums/{id}/delete"),
    ("POST", "/create/albums/{id}/image"),
    ("POST", "/create/albums/{id}/tracks"),
    ("POST", "/create/tracks/{id}"),
    ("POST", "/create/tracks/{id}/move"),
    ("POST", "/create/tracks/{id}/delete"),
    ("POST", "/create/tracks/{id}/feature"),
    ("POST", "/create/tracks/{id}/audio"),
    ("GET", "/assets/create/{*file}"),
];

/// The router of every HTML route, built from [`ROUTES`] alone (sign-in page, terms, the Create
/// section and its forms) and the Create assets. Sign-in itself (`/login`,
/// `/callback`, `/logout`, `/dev/login`) and the JSON API live elsewhere.
pub fn routes() -> axum::Router<AppState> {
    ROUTES
        .iter()
        .fold(axum::Router::new(), |router, &(method, path)| {
            router.route(path, handler(method, path))
        })
}

/// The handler of one listed route. Uploads are limited as they are
/// spooled, per file, not by axum's body limit.
fn handler(method: &str, path: &str) -> axum::routing::MethodRouter<AppState> {
    use axum::extract::DefaultBodyLimit;
    let upload = |r: axum::routing::MethodRouter<AppState>| r.layer(DefaultBodyLimit::disable());
    match (method, path) {
        ("GET", "/") => get(home),
        ("GET", "/terms") => get(terms),
        ("POST", "/terms") => post(agree),
        ("GET", "/create") => get(my_artists),
        ("POST", "/create/artists") => post(new_artist),
        ("GET", "/create/artists/{id}") => get(artist_page),
        ("POST", "/create/artists/{id}") => post(save_artist),
        ("POST", "/create/artists/{id}/delete") => post(delete_artist),
        ("POST", "/create/artists/{id}/image") => upload(post(artist_image)),
        ("POST", "/create/artists/{id}/albums") => post(new_album),
        ("POST", "/create/artists/{id}/singles") => upload(post(add_singles)),
        ("POST", "/create/artists/{id}/featured") => post(featured),
        ("GET", "/create/albums/{id}") => get(album_page),
        ("POST", "/create/albums/{id}") => post(save_album),
        ("POST", "/create/albums/{id}/delete") => post(delete_album),
        ("POST", "/create/albums/{id}/image") => upload(post(album_image)),
        ("POST", "/create/albums/{id}/tracks") => upload(post(add_tracks)),
        ("POST", "/create/tracks/{id}") => post(save_track),
        ("POST", "/create/tracks/{id}/move") => post(move_track),
        ("POST", "/create/tracks/{id}/delete") => post(delete_track),
        ("POST", "/create/tracks/{id}/feature") => post(feature_track),
        ("POST", "/create/tracks/{id}/audio") => upload(post(replace_audio)),
        ("GET", "/assets/create/{*file}") => get(asset),
        _ => unreachable!("ROUTES lists {method} {path}, which has no handler"),
    }
}

/// A rendered page with the headers every Create page gets.
fn html(app: &App, status: StatusCode, template: &str, cx: &Value) -> Response {
    let body = match pages(app).templates().and_then(|t| t.render(template, cx)) {
        Ok(body) => body,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // Pages show one user's data and a CSRF token: never stored.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Serves `/assets/create/FILE`: a fingerprinted name for a year, a plain
/// name revalidated on every use.
async fn asset(State(app): State<AppState>, UrlPath(file): UrlPath<String>) -> Response {
    let templates = match pages(&app).templates() {
        Ok(t) => t,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let Some((asset, fingerprinted)) = templates.asset(&file) else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    let cache = if fingerprinted {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (header::CONTENT_TYPE, asset.content_type()),
            (header::CACHE_CONTROL, cache),
        ],
        asset.bytes.to_vec(),
    )
        .into_response()
}

// ---- who is asking -----------------------------------------------------

/// A signed-in user who agreed to the terms. Anyone else is sent to the
/// sign-in page or the terms instead of getting an error.
pub struct Artist(pub Session);

impl axum::extract::FromRequestParts<AppState> for Artist {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        app: &AppState,
    ) -> Result<Self, Response> {
        match app.sessions.session(&parts.headers) {
            None => Err(Redirect::to("/").into_response()),
            Some(s) if !s.terms => Err(Redirect::to("/terms").into_response()),
            Some(s) => Ok(Artist(s)),
        }
    }
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
fn done(path: &str, what: Done, published: bool, anchor: Option<&str>) -> Response {
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

/// An error answered as a page: 401 sends the browser to sign in, a
/// missing thing gets the error page, anything else re-renders `page`
/// with the message.
fn failed(app: &App, session: &Session, error: ApiError) -> Response {
    if matches!(error, ApiError::Unauthorized) {
        return Redirect::to("/").into_response();
    }
    if let ApiError::Internal(detail) = &error {
        tracing::error!(%detail, "a Create page failed");
    }
    let status = error.status();
    let heading = say(
        app,
        match status {
            StatusCode::NOT_FOUND => "error-not-found-heading",
            StatusCode::SERVICE_UNAVAILABLE => "error-unavailable-heading",
            _ => "error-heading",
        },
    );
    let mut cx = context(
        &PageInfo::new(app, Some(session), heading.clone()),
        None,
        Some(&error.to_string()),
    );
    cx["status"] = json!(status.as_u16());
    cx["heading"] = json!(heading);
    cx["back"] = json!("/create");
    html(app, status, "error", &cx)
}

/// A page with a title, a message and a link onward (sign-in failures and
/// other dead ends outside the Create section).
pub fn message_page(
    app: &App,
    status: StatusCode,
    title: &str,
    message: &str,
    link: Option<(&str, &str)>,
) -> Response {
    let session = None;
    let mut cx = context(&PageInfo::new(app, session, title), None, Some(message));
    cx["status"] = json!(status.as_u16());
    cx["heading"] = json!(title);
    let (href, text) = link.map_or_else(
        || ("/", say(app, "go-to-start")),
        |(href, text)| (href, text.to_string()),
    );
    cx["back"] = json!(href);
    cx["back_text"] = json!(text);
    html(app, status, "error", &cx)
}

/// Dev mode's sign-in form (the sign-in page with its local form), coming
/// back to `next` (a path on this service, already checked). Shown to
/// someone signed in, its form carries their session's CSRF token.
pub fn dev_login_page(app: &App, session: Option<&Session>, next: &str) -> Response {
    signin_page(app, session, next)
}

fn signin_page(app: &App, session: Option<&Session>, next: &str) -> Response {
    let mut cx = context(
        &PageInfo::new(app, session, say(app, "sign-in")),
        None,
        None,
    );
    cx["dev"] = json!(app.settings.dev);
    cx["next"] = json!(next);
    html(app, StatusCode::OK, "signin", &cx)
}

// ---- pages ---------------------------------------------------------------

/// `/`: the Create section for someone signed in, else the sign-in page.
async fn home(State(app): State<AppState>, headers: HeaderMap) -> Response {
    match app.sessions.session(&headers) {
        Some(s) if s.terms => Redirect::to("/create").into_response(),
        Some(_) => Redirect::to("/terms").into_response(),
        None => signin_page(&app, None, "/create"),
    }
}

/// `/terms`: the terms, with the form to agree for a signed-in user who
/// has not yet.
async fn terms(
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
async fn agree(State(app): State<AppState>, headers: HeaderMap, fields: Fields) -> Response {
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
fn artist_form(fields: Option<&Fields>) -> Value {
    let f = |name: &str| fields.map(|f| f.text(name)).unwrap_or_default();
    json!({ "name": f("name"), "bio": f("bio") })
}

fn album_form(fields: Option<&Fields>) -> Value {
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
async fn my_artists(
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

async fn artists_page(
    app: &App,
    session: &Session,
    notice: Option<Notice>,
    error: Option<ApiError>,
    form: Option<&Fields>,
    cursor: Option<&str>,
) -> Response {
    let page = crate::quotas::artists_page(app, session, cursor, crate::quotas::DEFAULT_PAGE).await;
    let (artists, next) = match page {
        Ok(p) => (p.artists, p.next),
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
async fn artist_page(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<DoneQuery>,
) -> Response {
    show_artist(&app, &session, &id, Some(&q), None, None).await
}

async fn show_artist(
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

/// `/create/albums/{id}`: one album and its tracks.
async fn album_page(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    Query(q): Query<DoneQuery>,
) -> Response {
    show_album(&app, &session, &id, Some(&q), None).await
}

async fn show_album(
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

/// The page `back` names, showing `error`.
async fn show_back(app: &App, session: &Session, back: &Back, error: ApiError) -> Response {
    match back {
        Back::Artist(id) => show_artist(app, session, id, None, Some(error), None).await,
        Back::Album(id) => show_album(app, session, id, None, Some(error)).await,
    }
}

// ---- forms ---------------------------------------------------------------

fn version(fields: &Fields) -> Option<i64> {
    fields.get("version").and_then(|v| v.trim().parse().ok())
}

/// `POST /create/artists`: a new artist.
async fn new_artist(
    State(app): State<AppState>,
    Artist(session): Artist,
    fields: Fields,
) -> Response {
    let input = crate::edit::ArtistInput {
        name: fields.text("name"),
        bio: fields.optional("bio"),
    };
    match crate::edit::create_artist(&app, &session, input).await {
        Ok(d) => done(
            &format!("/create/artists/{}", d.value.id),
            Done::ArtistCreated,
            d.live.published,
            None,
        ),
        Err(e) => artists_page(&app, &session, None, Some(e), Some(&fields), None).await,
    }
}

/// `POST /create/artists/{id}`: a new name or bio.
async fn save_artist(
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
    match crate::edit::update_artist(&app, &session, &id, patch).await {
        Ok(d) => done(
            &format!("/create/artists/{id}"),
            Done::ArtistSaved,
            d.live.published,
            None,
        ),
        Err(e) => show_artist(&app, &session, &id, None, Some(e), None).await,
    }
}

/// The confirmation box of the delete forms, checked here too so a page
/// without it (or an old one) cannot delete.
fn confirmed(fields: &Fields) -> Result<(), ApiError> {
    if fields.get("confirm") == Some("1") {
        Ok(())
    } else {
        Err(ApiError::Invalid(
            "nothing was deleted: tick \u{201c}I understand\u{201d} to confirm, then press Delete"
                .into(),
        ))
    }
}

/// `POST /create/artists/{id}/delete`: the artist and everything of it.
async fn delete_artist(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    fields: Fields,
) -> Response {
    if let Err(e) = confirmed(&fields) {
        return show_artist(&app, &session, &id, None, Some(e), None).await;
    }
    match crate::edit::delete_artist(&app, &session, &id).await {
        Ok(d) => done("/create", Done::ArtistDeleted, d.live.published, None),
        Err(e) => show_artist(&app, &session, &id, None, Some(e), None).await,
    }
}

/// `POST /create/artists/{id}/albums`: a new album.
async fn new_album(
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
    match crate::edit::create_album(&app, &session, &id, input).await {
        Ok(d) => done(
            &format!("/create/albums/{}", d.value.id),
            Done::AlbumCreated,
            d.live.published,
            None,
        ),
        Err(e) => show_artist(&app, &session, &id, None, Some(e), Some(&fields)).await,
    }
}

/// `POST /create/artists/{id}/featured`: the featured tracks' order (the
/// list as sent, or with one moved by its button), or one unfeatured.
async fn featured(
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

/// `POST /create/albums/{id}`: the album's title, date, license, description.
async fn save_album(
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
    match crate::edit::update_album(&app, &session, &id, patch).await {
        Ok(d) => done(
            &format!("/create/albums/{id}"),
            Done::AlbumSaved,
            d.live.published,
            None,
        ),
        Err(e) => show_album(&app, &session, &id, None, Some(e)).await,
    }
}

/// `POST /create/albums/{id}/delete`: the album and its tracks.
async fn delete_album(
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
    match crate::edit::delete_album(&app, &session, &id).await {
        Ok(d) => done(
            &format!("/create/artists/{artist_id}"),
            Done::AlbumDeleted,
            d.live.published,
            Some("albums"),
        ),
        Err(e) => show_album(&app, &session, &id, None, Some(e)).await,
    }
}

/// The `back` field of a track's forms, or the track's own page.
async fn back_of(app: &App, session: &Session, id: &str, fields: &Fields) -> ApiResult<Back> {
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
async fn track_change<T>(
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
    match change.await {
        Ok(d) => done(&back.path(), what, d.live.published, anchor.as_deref()),
        Err(e) => show_back(app, session, &back, e).await,
    }
}

/// `POST /create/tracks/{id}`: a track's title (and a single's date and license).
async fn save_track(
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
async fn move_track(
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
async fn delete_track(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    fields: Fields,
) -> Response {
    let change = crate::edit::delete_track(&app, &session, &id);
    track_change(&app, &session, &id, &fields, Done::TrackDeleted, change).await
}

/// `POST /create/tracks/{id}/feature`: featured (`on=1`) or not (`on=0`).
async fn feature_track(
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

// ---- uploads without the script ----------------------------------------

/// Takes every file of a multipart form's `file` field for `target`, one
/// after another. Answers whether all their pages are live; on an error,
/// the files before the failing one are kept and the message names it.
async fn take_files(
    app: &App,
    session: &Session,
    target: crate::edit::UploadTarget,
    mut form: Multipart,
) -> ApiResult<bool> {
    crate::edit::check_upload_target(app, session, &target).await?;
    let limit = target.limit(app);
    let mut taken = 0;
    let mut published = true;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| ApiError::BadRequest(format!("the upload was cut off: {e}")))?
    {
        // A file input left empty still sends a part, with no file name.
        if field.name() != Some("file") || field.file_name().is_none_or(str::is_empty) {
            continue;
        }
        let name = field.file_name().unwrap_or_default().to_string();
        let named = |e: ApiError| {
            let kept = match taken {
                0 => String::new(),
                1 => " The file before it was added.".to_string(),
                n => format!(" The {n} files before it were added."),
            };
            let status = e.status();
            let message = format!("{name}: {e}.{kept}");
            match status {
                StatusCode::PAYLOAD_TOO_LARGE => ApiError::TooLarge(message),
                StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::Unsupported(message),
                StatusCode::UNPROCESSABLE_ENTITY => ApiError::Invalid(message),
                StatusCode::BAD_REQUEST => ApiError::BadRequest(message),
                _ => e,
            }
        };
        let spooled =
            crate::upload::spool_field_in(field, limit, &crate::upload::spool_dir_for(app))
                .await
                .map_err(named)?;
        let result = crate::edit::finish_upload(app, session, target.clone(), spooled)
            .await
            .map_err(named)?;
        taken += 1;
        published &= result
            .pointer("/live/published")
            .and_then(Value::as_bool)
            .unwrap_or(true);
    }
    if taken == 0 {
        return Err(ApiError::Invalid(
            "no file was sent: choose a file, then press Upload".into(),
        ));
    }
    Ok(published)
}

async fn upload_to(
    app: &App,
    session: &Session,
    back: Back,
    target: crate::edit::UploadTarget,
    what: Done,
    form: Multipart,
) -> Response {
    match take_files(app, session, target, form).await {
        Ok(published) => done(&back.path(), what, published, None),
        Err(ApiError::Unauthorized) => Redirect::to("/").into_response(),
        Err(e) => show_back(app, session, &back, e).await,
    }
}

/// `POST /create/artists/{id}/image`: a new artist image.
async fn artist_image(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let target = crate::edit::UploadTarget::ArtistImage {
        artist_id: id.clone(),
    };
    upload_to(
        &app,
        &session,
        Back::Artist(id),
        target,
        Done::ImageSaved,
        form,
    )
    .await
}

/// `POST /create/artists/{id}/singles`: one or more new singles.
async fn add_singles(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let target = crate::edit::UploadTarget::Single {
        artist_id: id.clone(),
    };
    upload_to(
        &app,
        &session,
        Back::Artist(id),
        target,
        Done::SinglesAdded,
        form,
    )
    .await
}

/// `POST /create/albums/{id}/image`: a new cover.
async fn album_image(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let target = crate::edit::UploadTarget::AlbumImage {
        album_id: id.clone(),
    };
    upload_to(
        &app,
        &session,
        Back::Album(id),
        target,
        Done::ImageSaved,
        form,
    )
    .await
}

/// `POST /create/tracks/{id}/audio`: a new file for the track, which
/// keeps its page, title and place; back to the album or artist it is on.
async fn replace_audio(
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

/// `POST /create/albums/{id}/tracks`: one or many tracks, added in the
/// order they are sent.
async fn add_tracks(
    State(app): State<AppState>,
    Artist(session): Artist,
    UrlPath(id): UrlPath<String>,
    form: Multipart,
) -> Response {
    let target = crate::edit::UploadTarget::AlbumTrack {
        album_id: id.clone(),
    };
    upload_to(
        &app,
        &session,
        Back::Album(id),
        target,
        Done::TracksAdded,
        form,
    )
    .await
}
