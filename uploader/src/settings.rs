//! The service's settings: its own flags (each also read from an
//! environment variable), the original site's variable names as fallbacks,
//! and the generator's settings (`--store`, `--out`, `--media`, …), which
//! mean here what they mean to `trogs`.

use std::net::SocketAddr;
use std::path::PathBuf;

use trogs::config::{Config, ConfigArgs, Flags};
use url::Url;

use crate::limits::{
    AudioLimits, DEFAULT_MAX_AUDIO_CHANNELS, DEFAULT_MAX_AUDIO_EXPANSION,
    DEFAULT_MAX_AUDIO_SAMPLE_RATE, DEFAULT_MAX_AUDIO_SECONDS, ImageArgs,
};

pub const DEFAULT_LISTEN: &str = "127.0.0.1:8081";
pub const DEFAULT_SITE_LISTEN: &str = "127.0.0.1:8080";
pub const DEFAULT_MAX_AUDIO_BYTES: u64 = 1 << 30;
pub const DEFAULT_MAX_IMAGE_BYTES: u64 = 25_000_000;

#[derive(clap::Parser, Debug, Clone)]
#[command(
    name = "trogs-uploader",
    version,
    about = "Trogs' upload service: sign-in, the Create section, uploads and live regeneration"
)]
pub struct Args {
    /// The address the service listens on
    #[arg(long, env = "TROGS_LISTEN", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// Try the Create section on this machine: loopback only, a local
    /// sign-in form instead of a provider, the demo catalog seeded into an
    /// empty catalog, and the site itself served on --site-listen
    #[arg(long)]
    pub dev: bool,
    /// In --dev mode, leave the seeded demo's media as it is: no image
    /// derivatives and no streaming renditions (`trogs media process`
    /// makes them later)
    #[arg(long, requires = "dev")]
    pub no_process: bool,
    /// In --dev mode, where the site is served
    #[arg(long, env = "TROGS_SITE_LISTEN", default_value = DEFAULT_SITE_LISTEN)]
    pub site_listen: SocketAddr,
    /// The service's public URL (the sign-in callback and the Origin that
    /// forms must come from) [default: http://LISTEN]
    #[arg(long, env = "TROGS_PUBLIC_URL")]
    pub public_url: Option<Url>,
    /// The OpenID Connect issuer, discovered at ISSUER/.well-known/openid-configuration
    /// [default: AUTH0_API_BASE_URL with a trailing slash]
    #[arg(long, env = "TROGS_OIDC_ISSUER")]
    pub issuer: Option<String>,
    /// The client id registered with the provider [default: AUTH0_CLIENT_ID]
    #[arg(long, env = "TROGS_OIDC_CLIENT_ID", allow_hyphen_values = true)]
    pub client_id: Option<String>,
    /// The client secret [default: AUTH0_CLIENT_SECRET]
    // Generated secrets are base64url, so one in 64 starts with `-`.
    #[arg(
        long,
        env = "TROGS_OIDC_CLIENT_SECRET",
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    pub client_secret: Option<String>,
    /// The secret session cookies are encrypted and signed with; every
    /// process behind one address needs the same one [default: FLASK_SECRET_KEY;
    /// a random one per process in --dev mode]
    #[arg(
        long,
        env = "TROGS_SESSION_KEY",
        hide_env_values = true,
        allow_hyphen_values = true
    )]
    pub session_key: Option<String>,
    /// How long a sign-in lasts, in hours
    #[arg(long, env = "TROGS_SESSION_HOURS", default_value_t = 12)]
    pub session_hours: u32,
    /// The largest audio file taken, in bytes
    #[arg(long, env = "TROGS_MAX_AUDIO_BYTES", default_value_t = DEFAULT_MAX_AUDIO_BYTES)]
    pub max_audio_bytes: u64,
    /// The largest image taken, in bytes
    #[arg(long, env = "TROGS_MAX_IMAGE_BYTES", default_value_t = DEFAULT_MAX_IMAGE_BYTES)]
    pub max_image_bytes: u64,
    /// How long writes are gathered before their pages are published, in
    /// milliseconds
    #[arg(long, env = "TROGS_COALESCE_MS", default_value_t = 10)]
    pub coalesce_ms: u64,
    /// How long a client has to send a request's headers, in seconds (also
    /// how long an idle kept-alive connection stays open)
    #[arg(long, env = "TROGS_HEADER_TIMEOUT_SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=30))]
    pub header_timeout_secs: u64,
    /// How long a request body may send nothing before it is cut off, in
    /// seconds (a slow but steady upload is never cut off)
    #[arg(long, env = "TROGS_BODY_IDLE_SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_idle_secs: u64,
    /// How many connections may be open at once (the Create service and, in
    /// --dev mode, the site each); more are answered 503
    #[arg(long, env = "TROGS_MAX_CONNECTIONS", default_value_t = 512,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// Other host names the service answers besides --public-url's (a
    /// comma-separated list), e.g. the name a proxy in front of it uses
    #[arg(long, env = "TROGS_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,
    #[command(flatten)]
    pub quotas: QuotaArgs,
    #[command(flatten)]
    pub images: ImageArgs,
    #[command(flatten)]
    pub audio: AudioArgs,
    #[command(flatten)]
    pub site: Flags,
}

/// The OpenID Connect client settings.
#[derive(Debug, Clone)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
}

/// The settings in force.
#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub dev: bool,
    /// Dev mode: whether a freshly seeded demo gets its media processed.
    pub process_demo: bool,
    pub site_listen: SocketAddr,
    pub public_url: Url,
    /// `None` only in dev mode.
    pub oidc: Option<OidcSettings>,
    pub session_key: Option<String>,
    pub session_hours: u32,
    pub max_audio_bytes: u64,
    pub max_image_bytes: u64,
    pub coalesce_ms: u64,
    /// The deadline for a request's headers.
    pub header_timeout: std::time::Duration,
    /// How long a request body may stall.
    pub body_idle: std::time::Duration,
    pub max_connections: usize,
    /// The hosts requests may be addressed to: the public URL's and
    /// `--allowed-hosts` (in dev mode, loopback names too).
    pub hosts: Vec<url::Host>,
    /// Per-user limits and the uploads' deadline.
    pub quotas: QuotaArgs,
    /// The image decode budget.
    pub images: ImageArgs,
    /// What an audio upload may decode to.
    pub audio_limits: AudioLimits,
    /// How renditions are scheduled and bounded.
    pub renditions: RenditionSettings,
    pub config: Config,
    /// The largest piece the Create page's script sends an upload in, where
    /// request bodies are limited (on Lambda); none: its own default.
    pub upload_chunk: Option<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error(transparent)]
    Config(#[from] trogs::config::ConfigError),
    #[error(
        "--dev mode serves only this machine: {0} {1} is not a loopback address (use 127.0.0.1:PORT)"
    )]
    DevNotLoopback(&'static str, SocketAddr),
    #[error(
        "no sign-in provider: set --issuer (TROGS_OIDC_ISSUER) or AUTH0_API_BASE_URL, with --client-id (or AUTH0_CLIENT_ID); or try it locally with --dev"
    )]
    NoProvider,
    #[error(
        "{0} is set but no client id is: set --client-id (TROGS_OIDC_CLIENT_ID or AUTH0_CLIENT_ID)"
    )]
    NoClientId(&'static str),
    #[error(
        "no session key: set --session-key (TROGS_SESSION_KEY, or FLASK_SECRET_KEY) to a secret of at least 32 characters, the same in every process"
    )]
    NoSessionKey,
    #[error("the session key is {0} characters; use at least 32")]
    ShortSessionKey(usize),
    #[error("{name} = {value:?}: {detail}")]
    Invalid {
        name: &'static str,
        value: String,
        detail: String,
    },
}

impl Args {
    /// Resolves the settings with the process environment.
    pub fn resolve(&self) -> Result<Settings, SettingsError> {
        self.resolve_with(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    /// Resolves the settings; `env` reads the original site's variables
    /// (a parameter so tests don't depend on the process environment).
    pub fn resolve_with(
        &self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Settings, SettingsError> {
        let mut config = ConfigArgs::from(self.site.clone()).resolve_with(&env)?;
        if self.dev && !self.listen.ip().is_loopback() {
            return Err(SettingsError::DevNotLoopback("--listen", self.listen));
        }
        if self.dev && !self.site_listen.ip().is_loopback() {
            return Err(SettingsError::DevNotLoopback(
                "--site-listen",
                self.site_listen,
            ));
        }
        let public_url = match &self.public_url {
            Some(url) => url.clone(),
            None => Url::parse(&format!("http://{}/", self.listen)).map_err(|e| {
                SettingsError::Invalid {
                    name: "--listen",
                    value: self.listen.to_string(),
                    detail: e.to_string(),
                }
            })?,
        };
        if !matches!(public_url.scheme(), "http" | "https") || public_url.host().is_none() {
            return Err(SettingsError::Invalid {
                name: "--public-url",
                value: public_url.to_string(),
                detail: "use an http:// or https:// URL".into(),
            });
        }
        let hosts = hosts(&public_url, &self.allowed_hosts)?;
        let issuer = self.issuer.clone().or_else(|| {
            // Auth0's issuer is its domain with a trailing slash.
            env("AUTH0_API_BASE_URL").map(|base| format!("{}/", base.trim_end_matches('/')))
        });
        let client_id = self.client_id.clone().or_else(|| env("AUTH0_CLIENT_ID"));
        let client_secret = self
            .client_secret
            .clone()
            .or_else(|| env("AUTH0_CLIENT_SECRET"));
        let oidc = match (issuer, client_id) {
            (Some(issuer), Some(client_id)) => Some(OidcSettings {
                issuer,
                client_id,
                client_secret,
            }),
            (Some(_), None) => return Err(SettingsError::NoClientId("the issuer")),
            (None, _) if self.dev => None,
            (None, _) => return Err(SettingsError::NoProvider),
        };
        let session_key = self.session_key.clone().or_else(|| env("FLASK_SECRET_KEY"));
        match &session_key {
            Some(key) if key.chars().count() < 32 => {
                return Err(SettingsError::ShortSessionKey(key.chars().count()));
            }
            None if !self.dev => return Err(SettingsError::NoSessionKey),
            _ => {}
        }
        if self.dev && config.base_url == trogs::config::DEFAULT_BASE_URL {
            config.base_url = format!("http://{}", self.site_listen);
        }
        Ok(Settings {
            listen: self.listen,
            dev: self.dev,
            process_demo: self.dev && !self.no_process,
            site_listen: self.site_listen,
            public_url,
            oidc,
            session_key,
            session_hours: self.session_hours.max(1),
            max_audio_bytes: self.max_audio_bytes,
            max_image_bytes: self.max_image_bytes,
            coalesce_ms: self.coalesce_ms,
            header_timeout: std::time::Duration::from_secs(self.header_timeout_secs),
            body_idle: std::time::Duration::from_secs(self.body_idle_secs),
            max_connections: self.max_connections as usize,
            hosts,
            quotas: self.quotas.clone(),
            images: self.images.clone(),
            audio_limits: self.audio.limits()?,
            renditions: self.audio.renditions()?,
            config,
            upload_chunk: None,
        })
    }
}

impl Settings {
    /// Cookies are `Secure` unless the service is reached over plain HTTP
    /// on a loopback address.
    pub fn secure_cookies(&self) -> bool {
        !(self.public_url.scheme() == "http" && is_loopback_url(&self.public_url))
    }

    /// The origin (`scheme://host:port`) state-changing requests must come from.
    pub fn origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }

    /// The limits audio uploads are probed within.
    pub fn audio_limits(&self) -> AudioLimits {
        self.audio_limits
    }

    /// The local media folder, when media is kept in one.
    pub fn media_dir(&self) -> Option<PathBuf> {
        match &self.config.media {
            trogs::media::MediaSpec::Folder(dir) => Some(dir.clone()),
            trogs::media::MediaSpec::S3(_) => None,
        }
    }
}

/// The public URL's host and the other allowed ones, each parsed as a URL
/// host would be (lower case, IDNA, IP addresses normalised).
fn hosts(public_url: &Url, allowed: &[String]) -> Result<Vec<url::Host>, SettingsError> {
    let mut hosts: Vec<url::Host> = public_url
        .host()
        .map(|h| h.to_owned())
        .into_iter()
        .collect();
    for name in allowed.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        let host = host_of(name).ok_or_else(|| SettingsError::Invalid {
            name: "--allowed-hosts",
            value: name.to_string(),
            detail: "use host names such as create.example.com, without a scheme or path".into(),
        })?;
        hosts.push(host);
    }
    Ok(hosts)
}

/// The host of a `Host` header value (`name`, `name:port`, `[v6]:port`).
pub fn host_of(authority: &str) -> Option<url::Host> {
    if authority.is_empty() || authority.contains(['/', '?', '#', '@', ' ']) {
        return None;
    }
    Url::parse(&format!("http://{authority}/"))
        .ok()?
        .host()
        .map(|h| h.to_owned())
}

/// Limits on what audio uploads decode to, and on the renditions made of
/// them (see "Audio that decodes huge, and fair renditions" in
/// docs/uploader.md).
#[derive(clap::Args, Debug, Clone)]
pub struct AudioArgs {
    /// The longest audio track taken, in seconds
    #[arg(long, env = "TROGS_MAX_AUDIO_SECONDS", default_value_t = DEFAULT_MAX_AUDIO_SECONDS)]
    pub max_audio_seconds: u64,
    /// The most audio channels taken
    #[arg(long, env = "TROGS_MAX_AUDIO_CHANNELS", default_value_t = DEFAULT_MAX_AUDIO_CHANNELS)]
    pub max_audio_channels: u32,
    /// The highest audio sample rate taken, in Hz
    #[arg(long, env = "TROGS_MAX_AUDIO_SAMPLE_RATE", default_value_t = DEFAULT_MAX_AUDIO_SAMPLE_RATE)]
    pub max_audio_sample_rate: u32,
    /// The most bytes of decoded audio (16-bit PCM) an audio file may hold
    /// per byte of its size
    #[arg(long, env = "TROGS_MAX_AUDIO_EXPANSION", default_value_t = DEFAULT_MAX_AUDIO_EXPANSION)]
    pub max_audio_expansion: u32,
    /// How many tracks' renditions are made at once (each from a
    /// different user)
    #[arg(long, env = "TROGS_RENDITION_WORKERS", default_value_t = 2)]
    pub rendition_workers: usize,
    /// How many of one user's tracks may wait for renditions; beyond them
    /// a track is not given renditions and plays its original
    #[arg(long, env = "TROGS_RENDITION_QUEUE", default_value_t = 20)]
    pub rendition_queue: usize,
    /// A track's renditions are stopped after this many seconds of work per
    /// second of its audio (plus --rendition-min-seconds)
    #[arg(long, env = "TROGS_RENDITION_TIME_FACTOR", default_value_t = 1.0)]
    pub rendition_time_factor: f64,
    /// The seconds of work any track's renditions may take, whatever its
    /// length
    #[arg(long, env = "TROGS_RENDITION_MIN_SECONDS", default_value_t = 60)]
    pub rendition_min_seconds: u64,
}

/// How renditions are scheduled (`crate::renditions_queue`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenditionSettings {
    pub workers: usize,
    /// Jobs one user may have waiting, besides the one running.
    pub queue_per_user: usize,
    /// Seconds of work allowed per second of audio.
    pub time_factor: f64,
    /// Seconds of work any job is allowed.
    pub min_seconds: u64,
}

impl RenditionSettings {
    /// How long a track of `seconds` may take before it is stopped.
    pub fn budget(&self, seconds: f64) -> std::time::Duration {
        let seconds = if seconds.is_finite() {
            seconds.max(0.0)
        } else {
            0.0
        };
        std::time::Duration::from_secs(self.min_seconds)
            + std::time::Duration::from_secs_f64(seconds * self.time_factor)
    }
}

impl AudioArgs {
    fn limits(&self) -> Result<AudioLimits, SettingsError> {
        let invalid = |name: &'static str, value: String, detail: &str| SettingsError::Invalid {
            name,
            value,
            detail: detail.into(),
        };
        if self.max_audio_seconds == 0 {
            return Err(invalid(
                "--max-audio-seconds",
                "0".into(),
                "use a number of seconds above 0",
            ));
        }
        if self.max_audio_channels == 0 {
            return Err(invalid("--max-audio-channels", "0".into(), "use 1 or more"));
        }
        if self.max_audio_sample_rate < 8_000 {
            return Err(invalid(
                "--max-audio-sample-rate",
                self.max_audio_sample_rate.to_string(),
                "use a rate in Hz of at least 8000",
            ));
        }
        if self.max_audio_expansion == 0 {
            return Err(invalid(
                "--max-audio-expansion",
                "0".into(),
                "use 1 or more (WAV is 1, MP3 about 10, low-rate Opus about 256)",
            ));
        }
        Ok(AudioLimits {
            max_seconds: self.max_audio_seconds as f64,
            max_channels: self.max_audio_channels,
            max_sample_rate: self.max_audio_sample_rate,
            max_expansion: f64::from(self.max_audio_expansion),
        })
    }

    fn renditions(&self) -> Result<RenditionSettings, SettingsError> {
        if self.rendition_workers == 0 {
            return Err(SettingsError::Invalid {
                name: "--rendition-workers",
                value: "0".into(),
                detail: "use 1 or more".into(),
            });
        }
        if self.rendition_queue == 0 {
            return Err(SettingsError::Invalid {
                name: "--rendition-queue",
                value: "0".into(),
                detail: "use 1 or more (tracks waiting per user besides the one running)".into(),
            });
        }
        if !self.rendition_time_factor.is_finite() || self.rendition_time_factor < 0.0 {
            return Err(SettingsError::Invalid {
                name: "--rendition-time-factor",
                value: self.rendition_time_factor.to_string(),
                detail: "use a number of 0 or more".into(),
            });
        }
        Ok(RenditionSettings {
            workers: self.rendition_workers,
            queue_per_user: self.rendition_queue,
            time_factor: self.rendition_time_factor,
            min_seconds: self.rendition_min_seconds,
        })
    }
}

/// Per-user limits on what one account may hold at once (see "Quotas,
/// terms and listings" in docs/uploader.md), and each upload's deadline.
pub const DEFAULT_MAX_OPEN_UPLOADS: u32 = 20;
pub const DEFAULT_MAX_ARTISTS: u32 = 50;
pub const DEFAULT_MAX_STORED_BYTES: u64 = 10 << 30;
pub const DEFAULT_UPLOAD_HOURS: u32 = 24;

/// The per-user limits' flags, each also read from an environment variable.
#[derive(clap::Args, Debug, Clone)]
pub struct QuotaArgs {
    /// Resumable uploads one user may have open at once
    #[arg(long, env = "TROGS_MAX_OPEN_UPLOADS", default_value_t = DEFAULT_MAX_OPEN_UPLOADS)]
    pub max_open_uploads: u32,
    /// Artists one user may have
    #[arg(long, env = "TROGS_MAX_ARTISTS", default_value_t = DEFAULT_MAX_ARTISTS)]
    pub max_artists: u32,
    /// Audio bytes one user may store (their tracks' originals, plus the
    /// declared lengths of their open uploads)
    #[arg(long, env = "TROGS_MAX_STORED_BYTES", default_value_t = DEFAULT_MAX_STORED_BYTES)]
    pub max_stored_bytes: u64,
    /// Hours a resumable upload may take from its start, however often
    /// bytes arrive; then it is removed
    #[arg(long, env = "TROGS_UPLOAD_HOURS", default_value_t = DEFAULT_UPLOAD_HOURS)]
    pub upload_hours: u32,
}

impl QuotaArgs {
    /// Seconds from an upload's start to its deadline (at least one minute).
    pub fn upload_seconds(&self) -> u64 {
        (u64::from(self.upload_hours) * 3600).max(60)
    }
}

fn is_loopback_url(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    fn args(list: &[&str]) -> Args {
        let mut all = vec!["trogs-uploader"];
        all.extend_from_slice(list);
        Args::try_parse_from(all).unwrap()
    }

    #[test]
    fn secrets_may_start_with_a_hyphen() {
        // Providers generate base64url ids and secrets: `-` is a first
        // character like any other.
        let a = args(&[
            "--client-id",
            "-id",
            "--client-secret",
            "-Xy_z",
            "--session-key",
            "--key",
        ]);
        assert_eq!(a.client_id.as_deref(), Some("-id"));
        assert_eq!(a.client_secret.as_deref(), Some("-Xy_z"));
        assert_eq!(a.session_key.as_deref(), Some("--key"));
    }

    #[test]
    fn original_variables_configure_auth0() {
        let env = |name: &str| match name {
            "AUTH0_API_BASE_URL" => Some("https://tenant.auth0.com".to_string()),
            "AUTH0_CLIENT_ID" => Some("client".to_string()),
            "AUTH0_CLIENT_SECRET" => Some("secret".to_string()),
            "FLASK_SECRET_KEY" => Some("k".repeat(40)),
            _ => None,
        };
        let s = args(&["--store", "sqlite:x.db"]).resolve_with(env).unwrap();
        let oidc = s.oidc.unwrap();
        assert_eq!(oidc.issuer, "https://tenant.auth0.com/");
        assert_eq!(oidc.client_id, "client");
        assert_eq!(oidc.client_secret.as_deref(), Some("secret"));
        assert_eq!(s.session_key.unwrap().len(), 40);
    }

    #[test]
    fn dev_mode_refuses_other_addresses() {
        let err = args(&["--dev", "--listen", "0.0.0.0:8081"])
            .resolve_with(|_| None)
            .unwrap_err();
        assert!(matches!(err, SettingsError::DevNotLoopback(..)), "{err}");
        let err = args(&["--dev", "--site-listen", "0.0.0.0:8080"])
            .resolve_with(|_| None)
            .unwrap_err();
        assert!(
            err.to_string().contains("--site-listen 0.0.0.0:8080"),
            "{err}"
        );
        let ok = args(&["--dev"]).resolve_with(|_| None).unwrap();
        assert!(ok.oidc.is_none());
        assert!(!ok.secure_cookies());
    }

    #[test]
    fn audio_limits_and_renditions_are_settings() {
        let s = args(&["--dev"]).resolve_with(|_| None).unwrap();
        assert_eq!(s.audio_limits, AudioLimits::default());
        assert_eq!(s.audio_limits.max_seconds, 10_800.0);
        assert_eq!(s.renditions.workers, 2);
        assert_eq!(
            s.renditions.budget(30.0),
            std::time::Duration::from_secs(90)
        );
        let s = args(&[
            "--dev",
            "--max-audio-channels",
            "2",
            "--rendition-time-factor",
            "0.5",
            "--rendition-min-seconds",
            "0",
        ])
        .resolve_with(|_| None)
        .unwrap();
        assert_eq!(s.audio_limits.max_channels, 2);
        assert_eq!(
            s.renditions.budget(30.0),
            std::time::Duration::from_secs(15)
        );
        for bad in [
            "--rendition-workers=0",
            "--rendition-queue=0",
            "--max-audio-sample-rate=100",
            "--rendition-time-factor=-1",
            "--max-audio-expansion=0",
        ] {
            let err = args(&["--dev", bad]).resolve_with(|_| None).unwrap_err();
            assert!(matches!(err, SettingsError::Invalid { .. }), "{bad}: {err}");
        }
    }

    #[test]
    fn production_needs_a_provider_and_a_key() {
        let err = args(&[]).resolve_with(|_| None).unwrap_err();
        assert!(matches!(err, SettingsError::NoProvider), "{err}");
        let err = args(&["--issuer", "https://id.example/", "--client-id", "c"])
            .resolve_with(|_| None)
            .unwrap_err();
        assert!(matches!(err, SettingsError::NoSessionKey), "{err}");
        let err = args(&[
            "--issuer",
            "https://id.example/",
            "--client-id",
            "c",
            "--session-key",
            "short",
        ])
        .resolve_with(|_| None)
        .unwrap_err();
        assert!(matches!(err, SettingsError::ShortSessionKey(5)), "{err}");
        let s = args(&[
            "--issuer",
            "https://id.example/",
            "--client-id",
            "c",
            "--public-url",
            "https://create.example/",
        ])
        .resolve_with(|n| (n == "FLASK_SECRET_KEY").then(|| "x".repeat(32)))
        .unwrap();
        assert!(s.secure_cookies());
        assert_eq!(s.origin(), "https://create.example");
    }
}
