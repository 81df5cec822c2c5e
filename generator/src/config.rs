//! Configuration: command-line flags, then environment variables (clap reads
//! both), then `trogs.toml`, then defaults. The original site's variable
//! names keep working where they mean the same thing.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::media::MediaSpec;
use crate::s3::{self, Location};
// The site's own defaults are the site's; they are listed here beside the
// rest, where settings are read.
pub use crate::site::info::{DEFAULT_BASE_URL, DEFAULT_LANGUAGE, DEFAULT_MEDIA_URL, DEFAULT_TITLE};

/// The file read when `--config` is not given (only if it exists).
pub const DEFAULT_CONFIG_FILE: &str = "trogs.toml";
pub const DEFAULT_STORE: &str = "sqlite:trogs.db";
pub const DEFAULT_OUT: &str = "site-out";
pub const DEFAULT_MEDIA_DIR: &str = "media";
/// The theme folder used when present in the working folder (a checkout),
/// so edits to it show at once; elsewhere the built-in copy is used.
pub const DEFAULT_THEME: &str = "themes/default";

/// Settings given on the command line or in the environment, before the
/// configuration file and the defaults fill the gaps. The `trogs` command
/// fills this from its flags; the library knows nothing of flags.
#[derive(Debug, Clone, Default)]
pub struct ConfigArgs {
    /// A TOML file with any of these options [default: trogs.toml when present].
    pub config: Option<PathBuf>,
    pub store: Option<String>,
    pub out: Option<PathBuf>,
    pub media_dir: Option<PathBuf>,
    /// Where media is stored: a folder or `s3://BUCKET/PREFIX` (wins over
    /// `media_dir`).
    pub media: Option<String>,
    pub media_url: Option<String>,
    pub base_url: Option<String>,
    pub title: Option<String>,
    pub theme: Option<PathBuf>,
    /// DynamoDB: never ask for more read units per second than this.
    pub max_read_units: Option<f64>,
    /// The canned ACL of objects written to S3: `public-read`, or `none`.
    pub acl: Option<String>,
    /// Publish embeddable players and oEmbed answers beside album and
    /// track pages.
    pub embeds: Option<bool>,
    /// Publish playlists and feeds (M3U, Atom, podcast RSS, `feed.atom`).
    pub feeds: Option<bool>,
    /// The podcast feeds' `itunes:owner`: a name and an email address.
    pub podcast_owner_name: Option<String>,
    pub podcast_owner_email: Option<String>,
    /// The language of the site's text, as a BCP 47 tag (`en`, `pt-BR`).
    pub language: Option<String>,
    /// The CloudFront distribution in front of an S3 site: each publish
    /// invalidates the pages it changed there.
    pub distribution_id: Option<String>,
    /// Past this many changed paths, a publish invalidates `/*` instead.
    pub max_invalidation_paths: Option<usize>,
}

/// The settings as command-line flags (each also read from its
/// environment variable), for the commands that take them: `trogs` and
/// `trogs-uploader`.
#[cfg(feature = "args")]
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Flags {
    /// A TOML file with any of these options [default: trogs.toml when present]
    #[arg(long, env = "TROGS_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// The catalog: sqlite:PATH or dynamodb://TABLE [default: sqlite:trogs.db]
    #[arg(long, env = "TROGS_STORE", global = true)]
    pub store: Option<String>,
    /// Where the site is published: a folder or s3://BUCKET/PREFIX [default: site-out]
    #[arg(long, env = "TROGS_OUT", global = true)]
    pub out: Option<PathBuf>,
    /// The folder holding uploaded media [default: media]
    #[arg(long, env = "TROGS_MEDIA_DIR", global = true)]
    pub media_dir: Option<PathBuf>,
    /// Where media is stored: a folder or s3://BUCKET/PREFIX [default: --media-dir]
    #[arg(long, env = "TROGS_MEDIA", global = true)]
    pub media: Option<String>,
    /// The public URL media keys resolve against [default: /media/, or the media bucket's URL]
    #[arg(long, env = "TROGS_MEDIA_URL", global = true)]
    pub media_url: Option<String>,
    /// S3: the canned ACL of objects written, public-read or none [default: none]
    #[arg(long, env = "TROGS_ACL", global = true, value_name = "ACL")]
    pub acl: Option<String>,
    /// The site's public URL, for canonical links and Open Graph [default: http://127.0.0.1:8080]
    #[arg(long, env = "TROGS_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// The site's title [default: Trogs]
    #[arg(long, env = "TROGS_TITLE", global = true)]
    pub title: Option<String>,
    /// The theme folder [default: themes/default when present, else the built-in theme]
    #[arg(long, env = "TROGS_THEME", global = true)]
    pub theme: Option<PathBuf>,
    /// DynamoDB: never ask for more read units per second than this [default: no limit]
    #[arg(long, env = "TROGS_MAX_READ_UNITS", global = true, value_name = "N")]
    pub max_read_units: Option<f64>,
    /// Publish embeddable players and oEmbed answers beside album and track pages [default: yes]
    #[arg(long, env = "TROGS_EMBEDS", global = true, value_name = "yes|no", value_parser = clap::builder::BoolishValueParser::new())]
    pub embeds: Option<bool>,
    /// Publish playlists and feeds: M3U, Atom, podcast RSS and feed.atom [default: yes]
    #[arg(long, env = "TROGS_FEEDS", global = true, value_name = "yes|no", value_parser = clap::builder::BoolishValueParser::new())]
    pub feeds: Option<bool>,
    /// The podcast feeds' owner (itunes:owner), with --podcast-owner-email [default: the site's title]
    #[arg(
        long,
        env = "TROGS_PODCAST_OWNER_NAME",
        global = true,
        value_name = "NAME"
    )]
    pub podcast_owner_name: Option<String>,
    /// The email address Apple Podcasts and other directories reach the podcast feeds' owner at (itunes:owner) [default: none, and no itunes:owner]
    #[arg(
        long,
        env = "TROGS_PODCAST_OWNER_EMAIL",
        global = true,
        value_name = "EMAIL"
    )]
    pub podcast_owner_email: Option<String>,
    /// The language of the site's text, a BCP 47 tag such as en or pt-BR [default: en]
    #[arg(long, env = "TROGS_LANGUAGE", global = true, value_name = "TAG")]
    pub language: Option<String>,
    /// The CloudFront distribution in front of the site bucket: each publish to s3:// invalidates the pages it changed [default: none]
    #[arg(long, env = "TROGS_DISTRIBUTION_ID", global = true, value_name = "ID")]
    pub distribution_id: Option<String>,
    /// A publish changing more pages' paths than this invalidates /* (one path) instead of one path per page [default: 15]
    #[arg(
        long,
        env = "TROGS_MAX_INVALIDATION_PATHS",
        global = true,
        value_name = "N"
    )]
    pub max_invalidation_paths: Option<usize>,
}

#[cfg(feature = "args")]
impl From<Flags> for ConfigArgs {
    fn from(g: Flags) -> Self {
        ConfigArgs {
            config: g.config,
            store: g.store,
            out: g.out,
            media_dir: g.media_dir,
            media: g.media,
            media_url: g.media_url,
            acl: g.acl,
            base_url: g.base_url,
            title: g.title,
            theme: g.theme,
            max_read_units: g.max_read_units,
            embeds: g.embeds,
            feeds: g.feeds,
            podcast_owner_name: g.podcast_owner_name,
            podcast_owner_email: g.podcast_owner_email,
            language: g.language,
            distribution_id: g.distribution_id,
            max_invalidation_paths: g.max_invalidation_paths,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    store: Option<String>,
    out: Option<PathBuf>,
    media_dir: Option<PathBuf>,
    media: Option<String>,
    media_url: Option<String>,
    base_url: Option<String>,
    title: Option<String>,
    description: Option<String>,
    theme: Option<PathBuf>,
    max_read_units: Option<f64>,
    acl: Option<String>,
    embeds: Option<bool>,
    feeds: Option<bool>,
    podcast_owner_name: Option<String>,
    podcast_owner_email: Option<String>,
    language: Option<String>,
    distribution_id: Option<String>,
    max_invalidation_paths: Option<usize>,
}

/// The settings in force.
#[derive(Debug, Clone)]
pub struct Config {
    pub store: String,
    /// The site folder, or `s3://BUCKET/PREFIX` (see [`Config::out_s3`]).
    pub out: PathBuf,
    pub media_dir: PathBuf,
    /// Where media is stored: `media_dir`, or what `--media` names.
    pub media: MediaSpec,
    /// Objects written to S3 (pages, media) are publicly readable.
    pub public_read: bool,
    pub media_url: String,
    pub base_url: String,
    pub title: String,
    /// The site's description; `None` when the settings give none, and the
    /// theme's `site-description` says it in the site's language.
    pub description: Option<String>,
    /// The theme folder; `None` means the theme built into the binary.
    pub theme: Option<PathBuf>,
    /// DynamoDB: never ask for more read units per second than this
    /// (`None`: as fast as `max_in_flight` reads go).
    pub max_read_units: Option<f64>,
    /// Embeddable players and oEmbed answers are published.
    pub embeds: bool,
    /// Playlists and feeds are published.
    pub feeds: bool,
    /// The podcast feeds' `itunes:owner`, when an email address is set.
    pub podcast_owner: Option<crate::site::PodcastOwner>,
    /// The language of the site's text (`<html lang>`, the podcast feed).
    pub language: String,
    /// The CloudFront distribution each publish to S3 invalidates.
    pub distribution_id: Option<String>,
    /// Past this many changed paths, one `/*` instead.
    pub max_invalidation_paths: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("reading the configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the configuration file {path} is not valid: {detail}")]
    Parse { path: PathBuf, detail: String },
    #[error("{name}: {detail}")]
    Bad { name: &'static str, detail: String },
    #[error("{name} = {value:?}: {detail}")]
    Invalid {
        name: &'static str,
        value: String,
        detail: &'static str,
    },
}

impl Config {
    /// The S3 location the site is published to, when `out` is an
    /// `s3://` URL (checked when the settings were resolved).
    pub fn out_s3(&self) -> Option<Location> {
        Location::parse(self.out.to_str()?).and_then(Result::ok)
    }

    /// How S3 clients are made with these settings.
    pub fn s3_options(&self) -> s3::Options {
        s3::Options {
            public_read: self.public_read,
            ..Default::default()
        }
    }

    /// What pages say about the site; without a description of its own,
    /// an empty one (`open_site` gives the theme's, in the site's language).
    pub fn site_info(&self) -> crate::site::SiteInfo {
        crate::site::SiteInfo {
            title: self.title.clone(),
            base_url: self.base_url.clone(),
            description: self.description.clone().unwrap_or_default(),
            media_url: self.media_url.clone(),
            language: self.language.clone(),
            embeds: self.embeds,
            feeds: self.feeds,
            podcast_owner: self.podcast_owner.clone(),
        }
    }

    /// The site these settings describe, over `store`: its theme (the
    /// folder, or the built-in one) and its target (a folder or S3).
    pub async fn open_site(
        &self,
        store: crate::store::Store,
    ) -> Result<crate::site::Site, crate::site::theme::ThemeError> {
        use crate::publish::Target;
        let source = crate::site::theme::ThemeSource::folder_or_builtin(self.theme.as_deref());
        let theme = std::sync::Arc::new(crate::site::Theme::open(&source)?);
        let mut info = self.site_info();
        let (language, translated) = theme.locales.for_site(&self.language);
        if self.description.is_none() {
            info.description = language.say("site-description", &[]);
        }
        if !translated {
            tracing::warn!(
                "the theme has no translation into {:?}: pages say lang=\"{}\" with English words; languages it has: {} (add locales/{}.ftl to the theme to translate it)",
                self.language,
                self.language,
                theme.locales.tags().join(", "),
                self.language
            );
        }
        let target = match self.out_s3() {
            Some(location) => {
                let s3 = crate::publish::S3Target::connect(location, &self.s3_options()).await;
                if let Some(id) = &self.distribution_id {
                    s3.invalidate_with(
                        crate::publish::cdn::Cdn::connect(id, self.max_invalidation_paths).await,
                    );
                }
                Target::S3(s3)
            }
            None => Target::local(&self.out),
        };
        Ok(crate::site::Site {
            info,
            theme,
            store,
            target,
            progress: None,
            options: crate::site::Options::default(),
        })
    }

    /// The media store these settings name. Makes no request.
    pub async fn open_media(&self) -> crate::media::Media {
        crate::media::Media::open(&self.media, &self.s3_options()).await
    }

    /// How the store is opened with these settings.
    pub fn open_options(&self) -> crate::store::OpenOptions {
        crate::store::OpenOptions {
            dynamo: crate::store::dynamo::Options {
                max_read_units: self.max_read_units,
                ..Default::default()
            },
        }
    }
}

impl ConfigArgs {
    /// Resolves the settings; `env` is how environment variables are read
    /// (a parameter so tests don't depend on the process environment).
    pub fn resolve_with(
        &self,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let file = match &self.config {
            Some(path) => read_file(path)?,
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => {
                read_file(Path::new(DEFAULT_CONFIG_FILE))?
            }
            None => FileConfig::default(),
        };
        // The original site kept media in AWS_CONTENT_BUCKET, an
        // environment variable: it loses to the flag (and TROGS_MEDIA_URL)
        // and wins over the file.
        let s3_region = || s3::region_from(&env).unwrap_or_else(|| "us-east-1".into());
        let bucket_url = match env("AWS_CONTENT_BUCKET").filter(|b| !b.is_empty()) {
            Some(bucket) => {
                s3::check_bucket_name(&bucket).map_err(|detail| ConfigError::Bad {
                    name: "AWS_CONTENT_BUCKET",
                    detail,
                })?;
                Some(s3::bucket_url(&bucket, &s3_region(), ""))
            }
            None => None,
        };
        let media_dir = self
            .media_dir
            .clone()
            .or(file.media_dir)
            .unwrap_or_else(|| DEFAULT_MEDIA_DIR.into());
        // A --media-dir flag wins over `media` in the file.
        let file_media = file.media.filter(|_| self.media_dir.is_none());
        let media = match self.media.clone().or(file_media) {
            Some(spec) => match Location::parse(&spec) {
                Some(Ok(location)) => MediaSpec::S3(location),
                Some(Err(detail)) => {
                    return Err(ConfigError::Bad {
                        name: "media",
                        detail,
                    });
                }
                None => MediaSpec::Folder(spec.into()),
            },
            None => MediaSpec::Folder(media_dir.clone()),
        };
        // Media in a bucket is linked at the bucket's own URL unless a
        // media URL (a CDN, say) is set.
        let media_store_url = match &media {
            MediaSpec::S3(location) => Some(match s3::endpoint_from(&env) {
                Some(url) if s3::is_local_endpoint(&url) => format!(
                    "{}/{}/{}",
                    url.trim_end_matches('/'),
                    location.bucket,
                    location.prefix
                ),
                _ => s3::bucket_url(&location.bucket, &s3_region(), &location.prefix),
            }),
            MediaSpec::Folder(_) => None,
        };
        let media_url = self
            .media_url
            .clone()
            .or(bucket_url)
            .or(file.media_url)
            .or(media_store_url)
            .unwrap_or_else(|| DEFAULT_MEDIA_URL.into());
        let public_read = match self.acl.clone().or(file.acl).as_deref() {
            None | Some("none" | "private" | "") => false,
            Some("public-read") => true,
            Some(other) => {
                return Err(ConfigError::Bad {
                    name: "acl",
                    detail: format!(
                        "{other:?}: use public-read (for buckets that serve objects by their ACL) or none"
                    ),
                });
            }
        };
        let out = self
            .out
            .clone()
            .or(file.out)
            .unwrap_or_else(|| DEFAULT_OUT.into());
        if let Some(Some(Err(detail))) = out.to_str().map(Location::parse) {
            return Err(ConfigError::Bad {
                name: "out",
                detail,
            });
        }
        let base_url = self
            .base_url
            .clone()
            .or(file.base_url)
            .unwrap_or_else(|| DEFAULT_BASE_URL.into());
        let max_read_units = self.max_read_units.or(file.max_read_units);
        if let Some(n) = max_read_units
            && !(n.is_finite() && n > 0.0)
        {
            return Err(ConfigError::Invalid {
                name: "max_read_units",
                value: n.to_string(),
                detail: "use a number of read units per second above 0, such as 10",
            });
        }
        let language = self
            .language
            .clone()
            .or(file.language)
            .unwrap_or_else(|| DEFAULT_LANGUAGE.into());
        let title = self
            .title
            .clone()
            .or(file.title)
            .unwrap_or_else(|| DEFAULT_TITLE.into());
        let podcast_owner = podcast_owner(
            self.podcast_owner_name.clone().or(file.podcast_owner_name),
            self.podcast_owner_email
                .clone()
                .or(file.podcast_owner_email),
            &title,
        )?;
        // Empty means none, so a deploy can pass a variable it may not have.
        let distribution_id = self
            .distribution_id
            .clone()
            .or(file.distribution_id)
            .filter(|id| !id.is_empty())
            .map(|id| check_distribution_id(id, &out))
            .transpose()?;
        let max_invalidation_paths = self
            .max_invalidation_paths
            .or(file.max_invalidation_paths)
            .unwrap_or(crate::publish::cdn::DEFAULT_MAX_PATHS);
        if max_invalidation_paths == 0 {
            return Err(ConfigError::Invalid {
                name: "max_invalidation_paths",
                value: "0".into(),
                detail: "use a number of paths of 1 or more, such as 15 (past it a publish invalidates /*, one path)",
            });
        }
        Ok(Config {
            distribution_id,
            max_invalidation_paths,
            max_read_units,
            embeds: self.embeds.or(file.embeds).unwrap_or(true),
            feeds: self.feeds.or(file.feeds).unwrap_or(true),
            podcast_owner,
            language: check_language(language)?,
            store: self
                .store
                .clone()
                .or(file.store)
                .unwrap_or_else(|| DEFAULT_STORE.into()),
            out,
            media_dir,
            media,
            public_read,
            media_url: check_media_url(media_url)?,
            base_url: check_base_url(base_url)?,
            title,
            description: file.description,
            theme: self
                .theme
                .clone()
                .or(file.theme)
                .or_else(|| Some(PathBuf::from(DEFAULT_THEME)).filter(|d| d.is_dir())),
        })
    }

    pub fn resolve(&self) -> Result<Config, ConfigError> {
        self.resolve_with(|name| std::env::var(name).ok())
    }
}

fn read_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.into(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| ConfigError::Parse {
        path: path.into(),
        detail: e.to_string(),
    })
}

/// A CloudFront distribution id (`E2QWRUHAPOMQZL`), for a site published
/// to S3: the local folder target sends no invalidations.
fn check_distribution_id(id: String, out: &Path) -> Result<String, ConfigError> {
    if !(id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
    {
        return Err(ConfigError::Invalid {
            name: "distribution_id",
            value: id,
            detail: "use the distribution's id as CloudFront shows it, such as E2QWRUHAPOMQZL (the stack's DistributionId output)",
        });
    }
    if !out.to_str().is_some_and(|o| o.starts_with("s3://")) {
        return Err(ConfigError::Bad {
            name: "distribution_id",
            detail: format!(
                "CloudFront invalidations follow a publish to S3, and the site is published to the folder {}: publish with --out s3://BUCKET, or leave --distribution-id (TROGS_DISTRIBUTION_ID) unset",
                out.display()
            ),
        });
    }
    Ok(id)
}

fn check_base_url(url: String) -> Result<String, ConfigError> {
    let trimmed = url.trim_end_matches('/').to_string();
    let ok = (trimmed.starts_with("https://") || trimmed.starts_with("http://"))
        && trimmed.len() > "https://".len()
        && !trimmed.contains(['"', '<', '>', ' ', '?', '#']);
    if ok {
        Ok(trimmed)
    } else {
        Err(ConfigError::Invalid {
            name: "base_url",
            value: url,
            detail: "use an absolute URL such as https://music.example.org",
        })
    }
}

/// A BCP 47 language tag, loosely: a primary language of 2 or 3 letters,
/// then subtags of 1 to 8 letters or digits (`en`, `pt-BR`, `sr-Latn`).
fn check_language(tag: String) -> Result<String, ConfigError> {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    let ok = (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts
            .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if ok {
        Ok(tag)
    } else {
        Err(ConfigError::Invalid {
            name: "language",
            value: tag,
            detail: "use a language tag such as en, de or pt-BR",
        })
    }
}

/// The podcast feeds' owner: none without an email address; the name
/// defaults to the site's title. Apple Podcasts writes to the address to
/// confirm who may list the feeds, so a name alone is refused rather than
/// dropped.
fn podcast_owner(
    name: Option<String>,
    email: Option<String>,
    title: &str,
) -> Result<Option<crate::site::PodcastOwner>, ConfigError> {
    let name = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    let Some(email) = email
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty())
    else {
        return match name {
            Some(_) => Err(ConfigError::Bad {
                name: "podcast_owner_name",
                detail: "set podcast_owner_email too (TROGS_PODCAST_OWNER_EMAIL, \
                         --podcast-owner-email): the podcast feeds name their owner only with an \
                         address to reach them at"
                    .into(),
            }),
            None => Ok(None),
        };
    };
    let ok = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && email.len() <= 254
                && !email
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || "<>\"(),;:[]\\".contains(c))
        }
        None => false,
    };
    if !ok {
        return Err(ConfigError::Invalid {
            name: "podcast_owner_email",
            value: email,
            detail: "use an email address such as music@example.org",
        });
    }
    Ok(Some(crate::site::PodcastOwner {
        name: name.unwrap_or_else(|| title.to_string()),
        email,
    }))
}

fn check_media_url(url: String) -> Result<String, ConfigError> {
    let ok = (url.starts_with('/') || url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(['"', '<', '>', ' ', '?', '#']);
    if !ok {
        return Err(ConfigError::Invalid {
            name: "media_url",
            value: url,
            detail: "use a path such as /media/ or an absolute URL such as https://cdn.example.org/",
        });
    }
    Ok(if url.ends_with('/') {
        url
    } else {
        format!("{url}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_then_environment_then_file_then_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(
            &file,
            "title = \"From file\"\nout = \"file-out\"\nbase_url = \"https://file.example/\"\n",
        )
        .unwrap();
        let args = ConfigArgs {
            config: Some(file),
            title: Some("From flag".into()),
            ..Default::default()
        };
        let c = args.resolve_with(|_| None).unwrap();
        assert_eq!(c.title, "From flag");
        assert_eq!(c.out, PathBuf::from("file-out"));
        assert_eq!(c.base_url, "https://file.example");
        assert_eq!(c.store, DEFAULT_STORE);
        assert_eq!(c.media_url, DEFAULT_MEDIA_URL);
    }

    #[test]
    fn embeds_feeds_and_language_come_from_the_file_and_flags_win() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(&file, "embeds = false\nfeeds = false\nlanguage = \"de\"\n").unwrap();
        let defaults = ConfigArgs::default().resolve_with(|_| None).unwrap();
        assert_eq!(
            (defaults.embeds, defaults.feeds, defaults.language.as_str()),
            (true, true, "en")
        );
        let from_file = ConfigArgs {
            config: Some(file.clone()),
            ..Default::default()
        };
        let c = from_file.resolve_with(|_| None).unwrap();
        assert_eq!(
            (c.embeds, c.feeds, c.language.as_str()),
            (false, false, "de")
        );
        let flags = ConfigArgs {
            config: Some(file),
            embeds: Some(true),
            language: Some("pt-BR".into()),
            ..Default::default()
        };
        let c = flags.resolve_with(|_| None).unwrap();
        assert_eq!(
            (c.embeds, c.feeds, c.language.as_str()),
            (true, false, "pt-BR")
        );
        let info = c.site_info();
        assert_eq!(
            (info.embeds, info.feeds, info.language.as_str()),
            (true, false, "pt-BR")
        );
        for bad in ["", "e", "english", "en_US", "en-", "\"><x", "de-123456789"] {
            let args = ConfigArgs {
                language: Some(bad.into()),
                ..Default::default()
            };
            let e = args.resolve_with(|_| None).unwrap_err().to_string();
            assert!(
                e.contains("language") && e.contains("such as en"),
                "{bad:?}: {e}"
            );
        }
        for good in ["en", "pt-BR", "sr-Latn-RS", "yue"] {
            let args = ConfigArgs {
                language: Some(good.into()),
                ..Default::default()
            };
            assert_eq!(args.resolve_with(|_| None).unwrap().language, good);
        }
    }

    #[test]
    fn the_podcast_owner_needs_an_email_and_takes_the_title_for_a_name() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(
            &file,
            "title = \"Fjord Music\"\npodcast_owner_email = \"feeds@fjord.example\"\n",
        )
        .unwrap();
        assert_eq!(
            ConfigArgs::default()
                .resolve_with(|_| None)
                .unwrap()
                .podcast_owner,
            None
        );
        let from_file = ConfigArgs {
            config: Some(file.clone()),
            ..Default::default()
        };
        let owner = from_file
            .resolve_with(|_| None)
            .unwrap()
            .podcast_owner
            .unwrap();
        assert_eq!(
            (owner.name.as_str(), owner.email.as_str()),
            ("Fjord Music", "feeds@fjord.example")
        );
        let flags = ConfigArgs {
            config: Some(file),
            podcast_owner_name: Some("Fjord Records".into()),
            podcast_owner_email: Some("podcasts@fjord.example".into()),
            ..Default::default()
        };
        let c = flags.resolve_with(|_| None).unwrap();
        assert_eq!(
            c.site_info().podcast_owner,
            Some(crate::site::PodcastOwner {
                name: "Fjord Records".into(),
                email: "podcasts@fjord.example".into()
            })
        );
        let name_only = ConfigArgs {
            podcast_owner_name: Some("Fjord Records".into()),
            ..Default::default()
        };
        let e = name_only.resolve_with(|_| None).unwrap_err().to_string();
        assert!(e.contains("podcast_owner_email"), "{e}");
        for bad in [
            "fjord",
            "@fjord.example",
            "a@b",
            "a b@c.example",
            "a@c.example>",
            "a@.c",
        ] {
            let args = ConfigArgs {
                podcast_owner_email: Some(bad.into()),
                ..Default::default()
            };
            let e = args.resolve_with(|_| None).unwrap_err().to_string();
            assert!(e.contains("such as music@example.org"), "{bad:?}: {e}");
        }
    }

    #[test]
    fn the_original_bucket_variable_sets_the_media_url() {
        let env = |n: &str| match n {
            "AWS_CONTENT_BUCKET" => Some("trogs-media".to_string()),
            "AWS_REGION" => Some("eu-west-1".to_string()),
            _ => None,
        };
        let c = ConfigArgs::default().resolve_with(env).unwrap();
        assert_eq!(
            c.media_url,
            "https://trogs-media.s3.eu-west-1.amazonaws.com/"
        );
    }

    #[test]
    fn the_bucket_variable_beats_the_file_and_loses_to_the_flag() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(&file, "media_url = \"https://file.example/m/\"\n").unwrap();
        let env = |n: &str| match n {
            "AWS_CONTENT_BUCKET" => Some("trogs-media".to_string()),
            "AWS_CONTENT_REGION" => Some("eu-west-3".to_string()),
            "AWS_REGION" => Some("eu-west-1".to_string()),
            _ => None,
        };
        let mut args = ConfigArgs {
            config: Some(file),
            ..Default::default()
        };
        let c = args.resolve_with(env).unwrap();
        assert_eq!(
            c.media_url,
            "https://trogs-media.s3.eu-west-3.amazonaws.com/"
        );
        args.media_url = Some("https://cdn.example/".into());
        assert_eq!(
            args.resolve_with(env).unwrap().media_url,
            "https://cdn.example/"
        );
        let bad = |n: &str| (n == "AWS_CONTENT_BUCKET").then(|| "Not_A_Bucket".to_string());
        let err = ConfigArgs::default()
            .resolve_with(bad)
            .unwrap_err()
            .to_string();
        assert!(err.contains("AWS_CONTENT_BUCKET"), "{err}");
    }

    #[test]
    fn s3_media_and_out() {
        let args = ConfigArgs {
            media: Some("s3://my-media/audio".into()),
            out: Some("s3://my-site/www".into()),
            acl: Some("public-read".into()),
            ..Default::default()
        };
        let region = |n: &str| (n == "AWS_REGION").then(|| "eu-west-1".to_string());
        let c = args.resolve_with(region).unwrap();
        assert_eq!(
            c.media_url,
            "https://my-media.s3.eu-west-1.amazonaws.com/audio/"
        );
        assert!(c.public_read);
        assert_eq!(c.out_s3().unwrap().key("index.html"), "www/index.html");
        let local = |n: &str| (n == "AWS_ENDPOINT_URL_S3").then(|| "http://127.0.0.1:5000".into());
        assert_eq!(
            args.resolve_with(local).unwrap().media_url,
            "http://127.0.0.1:5000/my-media/audio/"
        );
        let bad = ConfigArgs {
            out: Some("s3://UPPER/x".into()),
            ..Default::default()
        };
        assert!(bad.resolve_with(|_| None).is_err());
        let bad = ConfigArgs {
            acl: Some("public-write".into()),
            ..Default::default()
        };
        assert!(bad.resolve_with(|_| None).is_err());
    }

    #[test]
    fn max_read_units_comes_from_flags_or_the_file_and_must_be_positive() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(&file, "max_read_units = 10\n").unwrap();
        let mut args = ConfigArgs {
            config: Some(file),
            ..Default::default()
        };
        assert_eq!(
            args.resolve_with(|_| None).unwrap().max_read_units,
            Some(10.0)
        );
        args.max_read_units = Some(4.5);
        let c = args.resolve_with(|_| None).unwrap();
        assert_eq!(c.max_read_units, Some(4.5));
        assert_eq!(c.open_options().dynamo.max_read_units, Some(4.5));
        args.max_read_units = Some(0.0);
        let err = args.resolve_with(|_| None).unwrap_err().to_string();
        assert!(err.contains("max_read_units"), "{err}");
    }

    #[test]
    fn a_distribution_goes_with_an_s3_site() {
        let c = ConfigArgs::default().resolve_with(|_| None).unwrap();
        assert_eq!(c.distribution_id, None);
        assert_eq!(
            c.max_invalidation_paths,
            crate::publish::cdn::DEFAULT_MAX_PATHS
        );
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(
            &file,
            "out = \"s3://my-site\"\ndistribution_id = \"E2QWRUHAPOMQZL\"\nmax_invalidation_paths = 40\n",
        )
        .unwrap();
        let mut args = ConfigArgs {
            config: Some(file),
            ..Default::default()
        };
        let c = args.resolve_with(|_| None).unwrap();
        assert_eq!(c.distribution_id.as_deref(), Some("E2QWRUHAPOMQZL"));
        assert_eq!(c.max_invalidation_paths, 40);
        // Empty is none: a deploy may pass a variable it doesn't have.
        args.distribution_id = Some(String::new());
        assert_eq!(args.resolve_with(|_| None).unwrap().distribution_id, None);
        args.distribution_id = Some("e2qw/../x".into());
        let e = args.resolve_with(|_| None).unwrap_err().to_string();
        assert!(
            e.contains("distribution_id") && e.contains("DistributionId"),
            "{e}"
        );
        args.distribution_id = Some("E2QWRUHAPOMQZL".into());
        args.out = Some("site-out".into());
        let e = args.resolve_with(|_| None).unwrap_err().to_string();
        assert!(e.contains("--out s3://BUCKET"), "{e}");
        args.out = None;
        args.max_invalidation_paths = Some(0);
        let e = args.resolve_with(|_| None).unwrap_err().to_string();
        assert!(e.contains("max_invalidation_paths"), "{e}");
    }

    #[test]
    fn bad_values_say_what_to_use() {
        let args = ConfigArgs {
            base_url: Some("example.org".into()),
            ..Default::default()
        };
        let err = args.resolve_with(|_| None).unwrap_err().to_string();
        assert!(err.contains("absolute URL"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.toml");
        std::fs::write(&file, "titel = \"typo\"\n").unwrap();
        let args = ConfigArgs {
            config: Some(file),
            ..Default::default()
        };
        let err = args.resolve_with(|_| None).unwrap_err().to_string();
        assert!(err.contains("titel"), "{err}");
    }
}
