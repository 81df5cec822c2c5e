//! A theme folder: handlebars templates and partials, read at run time, and
//! assets published under fingerprinted names.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use handlebars::{
    Context, Handlebars, Helper, HelperResult, Output, RenderContext, RenderError,
    RenderErrorReason,
};
use walkdir::WalkDir;

/// The page templates every theme must have.
pub const PAGE_TEMPLATES: [&str; 5] = ["home", "artist", "album", "track", "404"];

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error(
        "the theme folder {0} does not exist; pass --theme with a folder holding templates/ and assets/"
    )]
    Missing(PathBuf),
    #[error("the theme {theme} has no templates/{name}.hbs; every theme needs {}", PAGE_TEMPLATES.join(", "))]
    MissingTemplate { theme: PathBuf, name: String },
    #[error("{path}: {source}")]
    Template {
        path: PathBuf,
        source: Box<handlebars::TemplateError>,
    },
    #[error("reading the theme: {0}")]
    Io(#[from] std::io::Error),
    #[error("reading the theme: {0}")]
    Walk(#[from] walkdir::Error),
}

/// A theme file published as it is, under a fingerprinted path.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The name templates use: `player.js`, `badges/by.svg`.
    pub name: String,
    /// Where it is published: `assets/player.1a2b3c4d5e.js`.
    pub path: String,
    pub bytes: Vec<u8>,
}

pub struct Theme {
    pub dir: PathBuf,
    pub registry: Handlebars<'static>,
    pub assets: Vec<Asset>,
    /// A hash of every template and asset: pages are rendered again when
    /// it changes.
    pub fingerprint: crate::publish::Hash128,
    urls: Arc<HashMap<String, String>>,
}

impl Theme {
    pub fn load(dir: &Path) -> Result<Theme, ThemeError> {
        if !dir.is_dir() {
            return Err(ThemeError::Missing(dir.to_path_buf()));
        }
        let assets = load_assets(&dir.join("assets"))?;
        let urls: Arc<HashMap<String, String>> = Arc::new(
            assets
                .iter()
                .map(|a| (a.name.clone(), format!("/{}", a.path)))
                .collect(),
        );

        let mut registry = Handlebars::new();
        registry.set_prevent_indent(true);
        // A typo in a template (`{{albm.title}}`) fails the build instead of
        // publishing an empty field.
        registry.set_strict_mode(true);
        let lookup = Arc::clone(&urls);
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
                    let url = lookup.get(name).ok_or_else(|| {
                        RenderError::from(RenderErrorReason::Other(format!(
                            "the theme has no asset {name:?} (looked in assets/)"
                        )))
                    })?;
                    out.write(url)?;
                    Ok(())
                },
            ),
        );
        let mut fingerprint = blake3::Hasher::new();
        for asset in &assets {
            fingerprint.update(asset.path.as_bytes());
            fingerprint.update(b"\0");
        }
        let templates = dir.join("templates");
        for entry in WalkDir::new(&templates).sort_by_file_name() {
            let entry = entry?;
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "hbs") {
                continue;
            }
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let text = std::fs::read_to_string(path)?;
            fingerprint.update(name.as_bytes());
            fingerprint.update(b"\0");
            fingerprint.update(text.as_bytes());
            fingerprint.update(b"\0");
            registry
                .register_template_string(&name, text)
                .map_err(|e| ThemeError::Template {
                    path: path.to_path_buf(),
                    source: Box::new(e),
                })?;
        }
        for name in PAGE_TEMPLATES {
            if !registry.has_template(name) {
                return Err(ThemeError::MissingTemplate {
                    theme: dir.to_path_buf(),
                    name: name.into(),
                });
            }
        }
        Ok(Theme {
            dir: dir.to_path_buf(),
            registry,
            assets,
            fingerprint: crate::publish::Hash128::from_blake3(&fingerprint.finalize()),
            urls,
        })
    }

    /// The published URL of an asset (`/assets/x.HASH.ext`).
    pub fn asset_url(&self, name: &str) -> Option<&str> {
        self.urls.get(name).map(String::as_str)
    }
}

fn load_assets(dir: &Path) -> Result<Vec<Asset>, ThemeError> {
    let mut assets = Vec::new();
    if !dir.is_dir() {
        return Ok(assets);
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir stays below its root");
        let name = rel.to_string_lossy().replace('\\', "/");
        if name.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let bytes = std::fs::read(entry.path())?;
        let hash = blake3::hash(&bytes).to_hex();
        let fingerprinted = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{}.{ext}", &hash[..10]),
            _ => format!("{name}.{}", &hash[..10]),
        };
        assets.push(Asset {
            name,
            path: format!("assets/{fingerprinted}"),
            bytes,
        });
    }
    Ok(assets)
}
