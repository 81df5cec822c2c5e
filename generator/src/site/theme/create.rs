//! The Create section's part of a theme (its `create/` folder): templates,
//! partials, assets served under `/assets/create/` and `create/locales/`,
//! loaded by the same loader as the site's pages. The upload service
//! renders its signed-in pages with it; a file the folder lacks is the
//! built-in one.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use handlebars::{Context, Handlebars, Helper, HelperResult, Output, RenderContext};
use serde_json::Value;

use super::{Asset, Files, Part, ThemeError, ThemeSource, builtin_files, load, read_folder};
use crate::site::i18n::Locales;

/// The page templates; each renders with the context the theme's
/// CONTEXT.md documents for the Create pages.
pub const TEMPLATES: [&str; 6] = ["signin", "terms", "artists", "artist", "album", "error"];

/// Where the upload service serves the assets:
/// `/assets/create/create.1a2b3c4d5e.css`.
pub const ASSET_PREFIX: &str = "/assets/create/";

/// The site's assets the Create pages use too, taken from the built-in
/// theme unless `create/assets/` has its own.
const SHARED_ASSETS: [&str; 2] = ["favicon.svg", "placeholder.svg"];

const CREATE: Part = Part {
    root: "create/",
    published: "assets/create/",
    owner: "the Create pages",
    assets_folder: "create/assets/",
    locale_of: |root| root.get("page")?.get("locale")?.as_str(),
    site_escape: false,
};

/// Helpers of the caller's own (the upload service's `said`), registered
/// after the theme's with the part's messages.
pub type Helpers<'a> = &'a dyn Fn(&mut Handlebars<'static>, &Arc<Locales>);

/// The Create pages of a theme, ready to render.
pub struct CreateTheme {
    registry: Handlebars<'static>,
    assets: HashMap<String, Asset>,
    /// The Create section's messages in each language
    /// (`create/locales/*.ftl`, a theme's own over the built-in ones,
    /// message by message).
    pub locales: Arc<Locales>,
}

impl CreateTheme {
    /// The Create pages of `source`: its `create/` folder over the built-in
    /// files, or the built-in files alone. `helpers` adds the caller's own.
    pub fn open(source: &ThemeSource, helpers: Helpers<'_>) -> Result<CreateTheme, ThemeError> {
        let builtin = |sub: &str, keep: fn(&str) -> bool| builtin_files(CREATE.root, sub, keep);
        let is_template: fn(&str) -> bool = |name| name.ends_with(".hbs");
        let is_locale: fn(&str) -> bool = |name| name.ends_with(".ftl");
        let mut assets = builtin("assets/", |_| true);
        for name in SHARED_ASSETS {
            let rel = format!("assets/{name}");
            let bytes = super::builtin_file(&rel).expect("the default theme has its shared assets");
            assets.push((rel, bytes.to_vec()));
        }
        let mut templates: Vec<(String, Vec<u8>, String)> = builtin("templates/", is_template)
            .into_iter()
            .map(|(rel, bytes)| {
                let at = CREATE.builtin_at(&rel);
                (rel, bytes, at)
            })
            .collect();
        let mut locales = Vec::new();
        if let ThemeSource::Folder(dir) = source {
            let dir = dir.join(CREATE.root.trim_end_matches('/'));
            let own = |sub, keep| read_folder(&dir, sub, keep);
            // The folder's files replace the built-in ones of the same path.
            overlay(&mut assets, own("assets", |_| true)?);
            let own_templates = own("templates", is_template)?;
            templates.retain(|(rel, _, _)| !own_templates.iter().any(|(r, _)| r == rel));
            templates.extend(own_templates.into_iter().map(|(rel, bytes)| {
                let at = CREATE.at(source, &rel);
                (rel, bytes, at)
            }));
            locales = own("locales", is_locale)?;
        }
        // Registered in the order of their paths, whoever gave them.
        templates.sort_by(|a, b| a.0.cmp(&b.0));
        assets.sort_by(|a, b| a.0.cmp(&b.0));
        let loaded = load(&CREATE, source, templates, assets, locales)?;
        let mut registry = loaded.registry;
        registry.register_helper("concat", Box::new(concat_helper));
        helpers(&mut registry, &loaded.locales);
        Ok(CreateTheme {
            registry,
            assets: loaded
                .assets
                .into_iter()
                .map(|a| (a.name.clone(), a))
                .collect(),
            locales: loaded.locales,
        })
    }

    /// Renders the page template `name` with `context`.
    pub fn render(&self, name: &str, context: &Value) -> Result<String, ThemeError> {
        self.registry
            .render(name, context)
            .map_err(|e| ThemeError::Render {
                name: name.into(),
                source: Box::new(e),
            })
    }

    /// The asset served as `file` below [`ASSET_PREFIX`]: its fingerprinted
    /// name (`create.1a2b3c4d5e.css`) or its plain one (`create.css`). The
    /// flag says whether it was the fingerprinted name, which may be cached
    /// for good.
    pub fn asset(&self, file: &str) -> Option<(&Asset, bool)> {
        if let Some(asset) = self.assets.get(file) {
            return Some((asset, false));
        }
        let path = format!("{}{file}", CREATE.published);
        self.assets
            .values()
            .find(|a| a.path == path)
            .map(|asset| (asset, true))
    }

    /// The URL an asset is served under (`/assets/create/create.1a2b3c4d5e.css`).
    pub fn asset_url(&self, name: &str) -> Option<String> {
        self.assets.get(name).map(|a| format!("/{}", a.path))
    }
}

/// `files` with each of `own` in place of the file of the same path.
fn overlay(files: &mut Files, own: Files) {
    for (rel, bytes) in own {
        match files.iter_mut().find(|(r, _)| *r == rel) {
            Some(file) => file.1 = bytes,
            None => files.push((rel, bytes)),
        }
    }
}

/// What the files of a theme's `create/` folder look like now (names,
/// sizes, modification times), to tell cheaply when it must be loaded
/// again; `None` when it cannot be read.
pub fn signature(theme: &Path) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let dir = theme.join(CREATE.root.trim_end_matches('/'));
    let mut h = std::hash::DefaultHasher::new();
    for sub in ["templates", "assets", "locales"] {
        let root = dir.join(sub);
        if !root.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let entry = entry.ok()?;
            let rel = entry.path().strip_prefix(&dir).ok()?;
            if rel.iter().any(|p| p.to_string_lossy().starts_with('.')) {
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let meta = entry.metadata().ok()?;
            rel.hash(&mut h);
            meta.len().hash(&mut h);
            meta.modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::SystemTime::UNIX_EPOCH).ok())
                .hash(&mut h);
        }
    }
    Some(h.finish())
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
