//! The service: its state, its routes and the checks every request passes.

use std::sync::Arc;

use trogs::media::Media;
use trogs::site::Site;
use trogs::store::Store;

use crate::oidc::Provider;
use crate::regen::Regen;
use crate::session::Sessions;
use crate::settings::{Args, Settings};

/// What every request handler shares.
pub struct App {
    pub settings: Settings,
    pub store: Store,
    pub media: Media,
    /// The site pages are rendered into and published through.
    pub site: Site,
    pub sessions: Sessions,
    /// The sign-in provider; `None` in dev mode (a local form instead).
    pub oidc: Option<Provider>,
    pub regen: Regen,
}

pub type AppState = Arc<App>;

pub async fn run(args: Args) -> anyhow::Result<()> {
    let _settings = args.resolve()?;
    Ok(())
}
