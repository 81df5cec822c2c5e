//! Invalidating CloudFront after a publish to S3. Pages are cached at the
//! edge for up to a minute (`PAGE_CACHE`), so a publish asks the
//! distribution in front of the bucket to drop the pages it replaced or
//! removed: one request per publish, one path per changed page, or `/*`
//! when more changed than `max_paths`. CloudFront bills invalidation paths
//! past the first 1,000 a month, so the count is kept small: a page new to
//! the bucket was never cached and is not sent.

use std::collections::BTreeSet;
use std::time::Duration;

use aws_sdk_cloudfront as sdk;
use sdk::types::{InvalidationBatch, Paths};

/// A publish changing more paths than this invalidates `/*` (one path)
/// instead. Fifteen covers a one-track upload (a handful of pages), and an
/// album of a dozen tracks released at once (its track pages, the album
/// and the artist): those send one path per page. A full build after a new
/// theme or version changes every page, and sends one path. A publish
/// never costs more than this many of the month's 1,000 free paths.
pub const DEFAULT_MAX_PATHS: usize = 15;

/// What the distribution serves at `/`.
const DEFAULT_ROOT_OBJECT: &str = "index.html";

/// Everything in the distribution: one path, however many pages changed.
pub const EVERYTHING: &str = "/*";

/// Attempts per request (throttling, 5xx, timeouts).
const ATTEMPTS: u32 = 3;
/// How long an invalidation request may take in all, retries included: a
/// publish waits for it, and a failure does not fail the publish.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A distribution whose cached pages a publish invalidates.
#[derive(Clone)]
pub struct Cdn {
    sdk: sdk::Client,
    distribution_id: String,
    max_paths: usize,
}

impl std::fmt::Debug for Cdn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cdn")
            .field("distribution_id", &self.distribution_id)
            .field("max_paths", &self.max_paths)
            .finish()
    }
}

impl Cdn {
    /// A client for `distribution_id`, configured as the AWS CLI is (the
    /// usual credentials; `AWS_ENDPOINT_URL_CLOUDFRONT` or
    /// `AWS_ENDPOINT_URL` for another endpoint). Makes no request.
    pub async fn connect(distribution_id: &str, max_paths: usize) -> Cdn {
        let env = |n: &str| std::env::var(n).ok().filter(|v| !v.is_empty());
        let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .load()
            .await;
        // CloudFront is global; its API signs for us-east-1 whatever the
        // region of the buckets.
        let mut builder = sdk::config::Builder::from(&shared)
            .region(sdk::config::Region::new("us-east-1"))
            .retry_config(sdk::config::retry::RetryConfig::standard().with_max_attempts(ATTEMPTS))
            .timeout_config(
                sdk::config::timeout::TimeoutConfig::builder()
                    .operation_timeout(REQUEST_TIMEOUT)
                    .build(),
            );
        if let Some(url) = env("AWS_ENDPOINT_URL_CLOUDFRONT").or_else(|| env("AWS_ENDPOINT_URL")) {
            builder = builder.endpoint_url(url);
        }
        Cdn {
            sdk: sdk::Client::from_conf(builder.build()),
            distribution_id: distribution_id.to_string(),
            max_paths: max_paths.max(1),
        }
    }

    pub fn distribution_id(&self) -> &str {
        &self.distribution_id
    }

    pub fn max_paths(&self) -> usize {
        self.max_paths
    }

    /// Sends one invalidation for what a publish changed; never fails the
    /// caller, but says what happened (and logs it).
    pub async fn invalidate(&self, changed: Changed) -> Invalidation {
        let paths = changed.into_paths();
        let distribution = self.distribution_id.clone();
        let caller_reference = format!(
            "trogs-{}-{:016x}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis()),
            fastrand::u64(..)
        );
        let sent = async {
            let batch = InvalidationBatch::builder()
                .paths(
                    Paths::builder()
                        .quantity(paths.len() as i32)
                        .set_items(Some(paths.clone()))
                        .build()
                        .map_err(|e| e.to_string())?,
                )
                .caller_reference(caller_reference)
                .build()
                .map_err(|e| e.to_string())?;
            let out = self
                .sdk
                .create_invalidation()
                .distribution_id(&distribution)
                .invalidation_batch(batch)
                .send()
                .await
                .map_err(|e| crate::s3::error_text(&e))?;
            Ok::<_, String>(
                out.invalidation()
                    .map(|i| i.id().to_string())
                    .unwrap_or_default(),
            )
        };
        let outcome = match sent.await {
            Ok(id) => Invalidation::Sent {
                distribution,
                id,
                paths,
            },
            Err(error) => Invalidation::Failed {
                distribution,
                paths,
                error,
            },
        };
        match &outcome {
            Invalidation::Sent { .. } => tracing::info!("{outcome}"),
            Invalidation::Failed { .. } => tracing::warn!("{outcome}"),
        }
        outcome
    }
}

/// What one publish changed, as the paths listeners request: bounded, since
/// past `max` paths one `/*` stands for them all.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changed {
    paths: BTreeSet<String>,
    everything: bool,
}

impl Changed {
    /// Notes a page replaced or removed, by its key (`album/ID`; see
    /// `Address::page` for why only pages count).
    pub fn record(&mut self, key: &str, max: usize) {
        if self.everything {
            return;
        }
        self.paths.extend(urls_of(key));
        if self.paths.len() > max {
            self.paths.clear();
            self.everything = true;
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.everything && self.paths.is_empty()
    }

    /// The invalidation's paths, sorted (`/*` alone when too many changed).
    pub fn into_paths(self) -> Vec<String> {
        if self.everything {
            vec![EVERYTHING.to_string()]
        } else {
            self.paths.into_iter().collect()
        }
    }
}

/// The URLs a page stored under `key` is requested at, as CloudFront
/// caches them (site-relative: the distribution serves the bucket's prefix
/// at its root): its key (`/album/ID`, `/artists/a.html`, `/404.html`,
/// which CloudFront fetches for its error answers), and for the default
/// root object (`index.html`, as the deploy template sets it) `/` too.
pub fn urls_of(key: &str) -> Vec<String> {
    if key == DEFAULT_ROOT_OBJECT {
        vec!["/".into(), format!("/{key}")]
    } else {
        vec![format!("/{key}")]
    }
}

/// What became of a publish's invalidation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalidation {
    Sent {
        distribution: String,
        /// CloudFront's id of the invalidation.
        id: String,
        paths: Vec<String>,
    },
    /// The pages are published; listeners see them once their cached
    /// copies expire (a minute at most).
    Failed {
        distribution: String,
        paths: Vec<String>,
        error: String,
    },
}

impl Invalidation {
    pub fn paths(&self) -> &[String] {
        match self {
            Invalidation::Sent { paths, .. } | Invalidation::Failed { paths, .. } => paths,
        }
    }

    pub fn failed(&self) -> bool {
        matches!(self, Invalidation::Failed { .. })
    }
}

impl std::fmt::Display for Invalidation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let count = |paths: &[String]| match paths.len() {
            1 => "1 path".to_string(),
            n => format!("{n} paths"),
        };
        match self {
            Invalidation::Sent {
                distribution,
                id,
                paths,
            } => write!(
                f,
                "CloudFront distribution {distribution}: invalidating {} ({id}): {}",
                count(paths),
                paths.join(" ")
            ),
            Invalidation::Failed {
                distribution,
                paths,
                error,
            } => write!(
                f,
                "the pages are published, but invalidating {} in CloudFront distribution \
                 {distribution} failed ({error}), so listeners may see the old pages for up to \
                 a minute. Check that the distribution id (--distribution-id, \
                 TROGS_DISTRIBUTION_ID) is right and that these credentials may \
                 cloudfront:CreateInvalidation on it: {}",
                count(paths),
                paths.join(" ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_become_the_urls_they_are_requested_at() {
        for (key, urls) in [
            ("index.html", vec!["/", "/index.html"]),
            ("404.html", vec!["/404.html"]),
            ("artist/a1", vec!["/artist/a1"]),
            ("artists/a-2.html", vec!["/artists/a-2.html"]),
        ] {
            assert_eq!(urls_of(key), urls, "{key}");
        }
    }

    #[test]
    fn past_the_limit_one_path_stands_for_everything() {
        let mut changed = Changed::default();
        assert!(changed.is_empty());
        changed.record("album/b", 3);
        changed.record("track/t", 3);
        changed.record("track/t", 3);
        assert_eq!(changed.clone().into_paths(), ["/album/b", "/track/t"]);
        changed.record("index.html", 3);
        assert_eq!(changed.clone().into_paths(), [EVERYTHING]);
        changed.record("artist/a", 3);
        assert_eq!(changed.into_paths(), [EVERYTHING]);
    }
}
