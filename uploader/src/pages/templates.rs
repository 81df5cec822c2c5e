//! The service's call into the one theme loader (`trogs::site::theme`):
//! the Create pages of the configured theme with the service's own helper
//! `said`, loaded again when a file of the theme's `create/` folder
//! changes.

use super::*;

pub use trogs::site::theme::Asset;
pub use trogs::site::theme::create::{ASSET_PREFIX, TEMPLATES};
use trogs::site::theme::{CreateTheme, ThemeError, ThemeSource};

/// Loading or rendering the Create pages failed.
pub type PagesError = ThemeError;

impl From<ThemeError> for ApiError {
    fn from(e: ThemeError) -> ApiError {
        ApiError::internal(e)
    }
}

/// One loaded set of the Create pages' templates, assets and messages.
pub struct Templates(CreateTheme);

impl std::ops::Deref for Templates {
    type Target = CreateTheme;

    fn deref(&self) -> &CreateTheme {
        &self.0
    }
}

impl Templates {
    /// The built-in templates and assets.
    pub fn builtin() -> Result<Templates, PagesError> {
        Templates::open(&ThemeSource::BuiltIn)
    }

    /// The Create pages of the theme folder `theme`: its `create/` folder
    /// over the built-in files (a file it lacks, such as the favicon, is
    /// the built-in one).
    pub fn load(theme: &Path) -> Result<Templates, PagesError> {
        Templates::open(&ThemeSource::Folder(theme.to_path_buf()))
    }

    fn open(source: &ThemeSource) -> Result<Templates, PagesError> {
        let said = |registry: &mut Handlebars<'static>, locales: &Arc<_>| {
            let said = crate::messages::Said {
                locales: Arc::clone(locales),
            };
            registry.register_helper("said", Box::new(said));
        };
        Ok(Templates(CreateTheme::open(source, &said)?))
    }
}

/// Where the Create pages come from: a theme folder read at run time, or
/// the built-in copies.
pub struct Pages {
    theme: Option<PathBuf>,
    cached: Mutex<Option<(u64, Arc<Templates>)>>,
    builtin: OnceLock<Arc<Templates>>,
}

impl Pages {
    /// Pages from the `create/` folder of `theme` when given, else the
    /// built-in ones.
    pub fn new(theme: Option<PathBuf>) -> Pages {
        Pages {
            theme,
            cached: Mutex::new(None),
            builtin: OnceLock::new(),
        }
    }

    /// The theme folder whose `create/` the service reads: the configured
    /// theme's, else `themes/default` in the working folder, when it has
    /// `create/templates/`.
    pub fn folder_for(settings: &crate::settings::Settings) -> Option<PathBuf> {
        let candidates = [
            settings.config.theme.clone(),
            Some(PathBuf::from("themes/default")),
        ];
        candidates
            .into_iter()
            .flatten()
            .find(|dir| dir.join("create/templates").is_dir())
    }

    /// The templates and assets in force.
    pub fn templates(&self) -> Result<Arc<Templates>, PagesError> {
        if let Some(theme) = &self.theme
            && let Some(signature) = trogs::site::theme::create::signature(theme)
        {
            let mut cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((seen, templates)) = cached.as_ref()
                && *seen == signature
            {
                return Ok(Arc::clone(templates));
            }
            let templates = Arc::new(Templates::load(theme)?);
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
