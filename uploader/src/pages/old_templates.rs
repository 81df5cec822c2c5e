//! The Create pages' loader as it was before the one theme loader, kept
//! only while a test compares the two byte for byte.

use super::*;

/// The Create templates and assets built into the binary, relative to the
/// theme's `create/` folder. The site's favicon and placeholder image are shared with the theme.
static BUILTIN: &[(&str, &[u8])] = &[
    (
        "locales/en.ftl",
        include_bytes!("../../../themes/default/create/locales/en.ftl"),
    ),
    (
        "locales/es.ftl",
        include_bytes!("../../../themes/default/create/locales/es.ftl"),
    ),
    (
        "locales/fr.ftl",
        include_bytes!("../../../themes/default/create/locales/fr.ftl"),
    ),
    (
        "locales/de.ftl",
        include_bytes!("../../../themes/default/create/locales/de.ftl"),
    ),
    (
        "locales/pt-BR.ftl",
        include_bytes!("../../../themes/default/create/locales/pt-BR.ftl"),
    ),
    (
        "locales/ja.ftl",
        include_bytes!("../../../themes/default/create/locales/ja.ftl"),
    ),
    (
        "locales/ar.ftl",
        include_bytes!("../../../themes/default/create/locales/ar.ftl"),
    ),
    (
        "templates/signin.hbs",
        include_bytes!("../../../themes/default/create/templates/signin.hbs"),
    ),
    (
        "templates/terms.hbs",
        include_bytes!("../../../themes/default/create/templates/terms.hbs"),
    ),
    (
        "templates/artists.hbs",
        include_bytes!("../../../themes/default/create/templates/artists.hbs"),
    ),
    (
        "templates/artist.hbs",
        include_bytes!("../../../themes/default/create/templates/artist.hbs"),
    ),
    (
        "templates/album.hbs",
        include_bytes!("../../../themes/default/create/templates/album.hbs"),
    ),
    (
        "templates/error.hbs",
        include_bytes!("../../../themes/default/create/templates/error.hbs"),
    ),
    (
        "templates/partials/head.hbs",
        include_bytes!("../../../themes/default/create/templates/partials/head.hbs"),
    ),
    (
        "templates/partials/foot.hbs",
        include_bytes!("../../../themes/default/create/templates/partials/foot.hbs"),
    ),
    (
        "templates/partials/csrf.hbs",
        include_bytes!("../../../themes/default/create/templates/partials/csrf.hbs"),
    ),
    (
        "templates/partials/license_select.hbs",
        include_bytes!("../../../themes/default/create/templates/partials/license_select.hbs"),
    ),
    (
        "templates/partials/upload.hbs",
        include_bytes!("../../../themes/default/create/templates/partials/upload.hbs"),
    ),
    (
        "templates/partials/track_row.hbs",
        include_bytes!("../../../themes/default/create/templates/partials/track_row.hbs"),
    ),
    (
        "templates/partials/delete_form.hbs",
        include_bytes!("../../../themes/default/create/templates/partials/delete_form.hbs"),
    ),
    (
        "assets/create.css",
        include_bytes!("../../../themes/default/create/assets/create.css"),
    ),
    (
        "assets/create.js",
        include_bytes!("../../../themes/default/create/assets/create.js"),
    ),
    (
        "assets/favicon.svg",
        include_bytes!("../../../themes/default/assets/favicon.svg"),
    ),
    (
        "assets/placeholder.svg",
        include_bytes!("../../../themes/default/assets/placeholder.svg"),
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
