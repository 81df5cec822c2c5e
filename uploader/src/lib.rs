//! Trogs' upload service: artists sign in (OpenID Connect, or a local form
//! in `--dev` mode), manage their music in the Create section or through the
//! JSON API under `/api/v1/me/`, upload audio and artwork to the media
//! store, and the pages their change touches are rendered by the generator
//! library in this process and published at once.

pub mod api;
pub mod app;
pub mod auth;
pub mod edge;
pub mod edit;
pub mod error;
pub mod faults;
pub mod guard;
pub mod imaging;
pub mod jobs;
pub mod lambda;
pub mod language;
pub mod limits;
pub mod messages;
pub mod oidc;
pub mod pages;
pub mod pending;
pub mod probe;
pub mod quotas;
pub mod regen;
pub mod renditions_queue;
pub mod routes;
pub mod session;
pub mod session_records;
pub mod settings;
pub mod state;
pub mod token;
pub mod upload;
pub mod user;
pub mod views;

pub use error::ApiError;
pub use settings::Settings;
pub use state::App;
