//! The S3 client Trogs uses for the site bucket and the media bucket alike:
//! where a bucket is (`s3://BUCKET/PREFIX`), how a client is configured
//! from the environment, and the SDK's errors as text a person can act on.

use aws_sdk_s3 as sdk;
use sdk::error::{ProvideErrorMetadata, SdkError};

/// Attempts per request (the SDK's standard retry: throttling, 5xx, timeouts).
const ATTEMPTS: u32 = 5;

/// `s3://BUCKET/PREFIX`: a bucket and a prefix in it (empty, or ending in `/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub bucket: String,
    pub prefix: String,
}

impl Location {
    /// The key of a full URL that points into this bucket and prefix: the
    /// original site wrote `AudioURL` as
    /// `https://s3-REGION.amazonaws.com/BUCKET/KEY`, and S3 also answers
    /// `https://s3.REGION.amazonaws.com/BUCKET/KEY` and
    /// `https://BUCKET.s3[.-]REGION.amazonaws.com/KEY` (the region may be
    /// left out). `None` for any other URL or bucket, and for a key outside
    /// the prefix.
    pub fn key_of_url(&self, url: &str) -> Option<String> {
        let u = url::Url::parse(url).ok()?;
        if !matches!(u.scheme(), "https" | "http") || u.query().is_some() {
            return None;
        }
        let host = u.host_str()?.to_ascii_lowercase();
        // `s3.amazonaws.com`, `s3.REGION.amazonaws.com`, `s3-REGION.amazonaws.com`.
        let is_s3 = |h: &str| {
            h.strip_suffix(".amazonaws.com").is_some_and(|h| {
                h == "s3"
                    || h.strip_prefix("s3.")
                        .or_else(|| h.strip_prefix("s3-"))
                        .is_some_and(|region| {
                            !region.is_empty()
                                && region
                                    .chars()
                                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
                        })
            })
        };
        let path = percent_encoding::percent_decode_str(u.path().trim_start_matches('/'))
            .decode_utf8()
            .ok()?;
        let key = if is_s3(&host) {
            path.strip_prefix(self.bucket.as_str())?.strip_prefix('/')?
        } else {
            let rest = host.strip_prefix(self.bucket.as_str())?.strip_prefix('.')?;
            if !is_s3(rest) {
                return None;
            }
            &path
        };
        let key = key.strip_prefix(self.prefix.as_str())?;
        (!key.is_empty() && !key.ends_with('/')).then(|| key.to_string())
    }

    /// Parses `s3://BUCKET` or `s3://BUCKET/PREFIX`; `None` when `spec` is not
    /// an `s3://` URL at all.
    pub fn parse(spec: &str) -> Option<Result<Location, String>> {
        let rest = spec.strip_prefix("s3://")?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if let Err(e) = check_bucket_name(bucket) {
            return Some(Err(format!("{spec}: {e}")));
        }
        let prefix = prefix.trim_matches('/');
        if !prefix.is_empty()
            && !prefix
                .split('/')
                .all(|p| !p.is_empty() && p != "." && p != ".." && !p.contains(['\\', '\0']))
        {
            return Some(Err(format!(
                "{spec}: the prefix must be plain folder names, such as s3://bucket/site"
            )));
        }
        Some(Ok(Location {
            bucket: bucket.to_string(),
            prefix: if prefix.is_empty() {
                String::new()
            } else {
                format!("{prefix}/")
            },
        }))
    }

    pub fn key(&self, rel: &str) -> String {
        format!("{}{rel}", self.prefix)
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.prefix)
    }
}

/// S3's rules for bucket names (general purpose buckets).
pub fn check_bucket_name(name: &str) -> Result<(), String> {
    let bad = |why: &str| Err(format!("{name:?} is not a valid S3 bucket name: {why}"));
    if !(3..=63).contains(&name.len()) {
        return bad("use 3 to 63 characters");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return bad("use lowercase letters, digits, dots and hyphens");
    }
    let edge = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !edge(name.as_bytes()[0]) || !edge(name.as_bytes()[name.len() - 1]) {
        return bad("begin and end with a letter or a digit");
    }
    if name.contains("..") || name.contains(".-") || name.contains("-.") {
        return bad("no two dots, or dot and hyphen, side by side");
    }
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        return bad("it must not look like an IP address");
    }
    if name.starts_with("xn--") || name.starts_with("sthree-") || name.ends_with("-s3alias") {
        return bad("that prefix or suffix is reserved");
    }
    Ok(())
}

/// How S3 clients are made: settings from the environment (as the AWS CLI
/// reads them, plus the original site's `AWS_CONTENT_*` variables), an
/// optional ACL, and SDK interceptors (tests count and fail requests).
#[derive(Clone, Default)]
pub struct Options {
    /// `--acl public-read`: every object written is publicly readable.
    pub public_read: bool,
    pub interceptors: Vec<sdk::config::SharedInterceptor>,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("public_read", &self.public_read)
            .field("interceptors", &self.interceptors.len())
            .finish()
    }
}

/// An S3 client and what it was made with.
#[derive(Clone, Debug)]
pub struct Client {
    pub sdk: sdk::Client,
    pub region: String,
    /// The endpoint when not AWS's own (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`).
    pub endpoint: Option<String>,
}

/// The S3 endpoint set in the environment, if any.
pub fn endpoint_from(env: &impl Fn(&str) -> Option<String>) -> Option<String> {
    env("AWS_ENDPOINT_URL_S3")
        .or_else(|| env("AWS_ENDPOINT_URL"))
        .filter(|u| !u.is_empty())
}

/// The S3 region: `AWS_CONTENT_REGION`, then the usual ones.
pub fn region_from(env: &impl Fn(&str) -> Option<String>) -> Option<String> {
    ["AWS_CONTENT_REGION", "AWS_REGION", "AWS_DEFAULT_REGION"]
        .into_iter()
        .find_map(|n| env(n).filter(|r| !r.is_empty()))
}

/// True for an endpoint on this machine (moto, MinIO): such endpoints have
/// no per-bucket host names, so requests use path-style addressing.
pub fn is_local_endpoint(url: &str) -> bool {
    let host = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', '?'])
        .next()
        .unwrap_or_default();
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    host == "localhost"
        || host.ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl Client {
    /// A client configured as the AWS CLI is (`AWS_PROFILE`, the region,
    /// `AWS_ENDPOINT_URL_S3`/`AWS_ENDPOINT_URL`, the usual credentials),
    /// except that `AWS_CONTENT_ACCESS_KEY_ID` and
    /// `AWS_CONTENT_SECRET_ACCESS_KEY` (with `AWS_CONTENT_SESSION_TOKEN`)
    /// and `AWS_CONTENT_REGION`, when set, are used for S3. Makes no request.
    pub async fn connect(options: &Options) -> Client {
        let env = |n: &str| std::env::var(n).ok();
        let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .load()
            .await;
        let region = region_from(&env)
            .or_else(|| shared.region().map(ToString::to_string))
            .unwrap_or_else(|| "us-east-1".into());
        let endpoint = endpoint_from(&env);
        let mut builder = sdk::config::Builder::from(&shared)
            .region(sdk::config::Region::new(region.clone()))
            .retry_config(sdk::config::retry::RetryConfig::standard().with_max_attempts(ATTEMPTS));
        if let Some(url) = &endpoint {
            builder = builder
                .endpoint_url(url)
                .force_path_style(is_local_endpoint(url));
        }
        if let (Some(id), Some(secret)) = (
            env("AWS_CONTENT_ACCESS_KEY_ID").filter(|v| !v.is_empty()),
            env("AWS_CONTENT_SECRET_ACCESS_KEY").filter(|v| !v.is_empty()),
        ) {
            builder = builder.credentials_provider(sdk::config::Credentials::new(
                id,
                secret,
                env("AWS_CONTENT_SESSION_TOKEN").filter(|v| !v.is_empty()),
                None,
                "AWS_CONTENT_ACCESS_KEY_ID",
            ));
        }
        for interceptor in &options.interceptors {
            builder.push_interceptor(interceptor.clone());
        }
        Client {
            sdk: sdk::Client::from_conf(builder.build()),
            region,
            endpoint,
        }
    }

    /// The public URL of a key: the endpoint's (path-style) for a local
    /// endpoint, else the bucket's own virtual-hosted URL.
    pub fn public_url(&self, location: &Location) -> String {
        match &self.endpoint {
            Some(url) if is_local_endpoint(url) => format!(
                "{}/{}/{}",
                url.trim_end_matches('/'),
                location.bucket,
                location.prefix
            ),
            _ => bucket_url(&location.bucket, &self.region, &location.prefix),
        }
    }
}

/// `https://BUCKET.s3.REGION.amazonaws.com/PREFIX`.
pub fn bucket_url(bucket: &str, region: &str, prefix: &str) -> String {
    format!("https://{bucket}.s3.{region}.amazonaws.com/{prefix}")
}

/// An SDK error with its code and message, not just "service error".
pub fn error_text<E: ProvideErrorMetadata + std::error::Error + 'static, R: std::fmt::Debug>(
    e: &SdkError<E, R>,
) -> String {
    match (e.code(), e.message()) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code.to_string(),
        _ => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text.push_str(": ");
                text.push_str(&s.to_string());
                source = s.source();
            }
            text
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_originals_s3_urls_are_keys_in_their_bucket() {
        let at = |spec: &str| Location::parse(spec).unwrap().unwrap();
        let bucket = at("s3://trogs-media");
        for (url, key) in [
            (
                "https://s3-eu-west-1.amazonaws.com/trogs-media/art/a-1/b-2/song-x.wav",
                Some("art/a-1/b-2/song-x.wav"),
            ),
            (
                "https://s3.eu-west-1.amazonaws.com/trogs-media/art/My%20Song.mp3",
                Some("art/My Song.mp3"),
            ),
            ("https://s3.amazonaws.com/trogs-media/a.wav", Some("a.wav")),
            ("https://trogs-media.s3.amazonaws.com/a.wav", Some("a.wav")),
            (
                "https://trogs-media.s3.eu-west-3.amazonaws.com/art/a.wav",
                Some("art/a.wav"),
            ),
            (
                "https://trogs-media.s3-eu-west-3.amazonaws.com/art/a.wav",
                Some("art/a.wav"),
            ),
            // Another bucket, another host, a query, a folder: not ours.
            ("https://s3-eu-west-1.amazonaws.com/other/art/a.wav", None),
            (
                "https://s3-eu-west-1.amazonaws.com/trogs-media-2/a.wav",
                None,
            ),
            ("https://trogs-media.example.com/a.wav", None),
            ("https://evil.com/trogs-media/a.wav", None),
            ("https://s3.amazonaws.com.evil.com/trogs-media/a.wav", None),
            ("https://trogs-media.s3.amazonaws.com/a.wav?x=1", None),
            ("https://trogs-media.s3.amazonaws.com/art/", None),
            ("art/a.wav", None),
        ] {
            assert_eq!(bucket.key_of_url(url).as_deref(), key, "{url}");
        }
        let prefixed = at("s3://trogs-media/media");
        assert_eq!(
            prefixed
                .key_of_url("https://s3-eu-west-1.amazonaws.com/trogs-media/media/art/a.wav")
                .as_deref(),
            Some("art/a.wav")
        );
        assert_eq!(
            prefixed.key_of_url("https://s3-eu-west-1.amazonaws.com/trogs-media/art/a.wav"),
            None
        );
    }

    #[test]
    fn locations_and_bucket_names() {
        let l = Location::parse("s3://my-site/www/").unwrap().unwrap();
        assert_eq!(l.bucket, "my-site");
        assert_eq!(l.key("index.html"), "www/index.html");
        let l = Location::parse("s3://my-site").unwrap().unwrap();
        assert_eq!(l.key("index.html"), "index.html");
        assert!(Location::parse("site-out").is_none());
        for bad in ["ab", "My_Bucket", "-abc", "a..b", "192.168.1.1", "xn--abc"] {
            assert!(check_bucket_name(bad).is_err(), "{bad}");
        }
        assert!(Location::parse("s3://my-site/../x").unwrap().is_err());
    }

    #[test]
    fn local_endpoints() {
        assert!(is_local_endpoint("http://127.0.0.1:5000"));
        assert!(is_local_endpoint("http://localhost:9000/"));
        assert!(is_local_endpoint("http://[::1]:9000"));
        assert!(!is_local_endpoint("https://s3.eu-west-1.amazonaws.com"));
    }
}
