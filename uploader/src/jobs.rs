//! Sending work that outlives a request. On Lambda nothing runs after a
//! response, so such work goes out as an asynchronous invocation of the
//! function itself, with an event naming the job (`{"trogs-job": ...}`);
//! `crate::lambda::jobs` runs it there. This module knows the events and
//! how to send them, and nothing of the service's state, so the edit,
//! upload and publishing code can send jobs without a circle of imports.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use trogs::site::PageRef;

/// A job event. `{"trogs-job":"sweep"}` is what the schedule sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "trogs-job", rename_all = "kebab-case")]
pub enum Job {
    /// What the server runs on timers: the upload sweeper, emptying the
    /// media trash, finishing interrupted renames and deletes.
    Sweep,
    /// A resumable upload whose last bytes arrived: put together, checked
    /// and stored, its outcome recorded for its owner's page.
    FinishUpload { upload: String },
    /// A track's streaming renditions from its stored original, then its
    /// pages published again.
    Renditions {
        track: String,
        /// The original's media key when the job was sent: a track whose
        /// audio was replaced since is left to its own job.
        source: String,
    },
    /// An artist's or album's image derivatives, made from the stored
    /// image, recorded on the item, then its page published again.
    Derivatives {
        artist: String,
        /// The album whose cover it is; none for the artist's own image.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        album: Option<String>,
        /// The image's media key when the job was sent: an item showing
        /// another image since is left to that image's job.
        image: String,
    },
    /// The pages a change touches, published once the rows in `expects`
    /// show in the indexes, holding the publish lease.
    Publish {
        pages: Vec<Page>,
        #[serde(default)]
        expects: Vec<Awaited>,
    },
}

/// A page of the site, as a job names it (`"home"`, `{"album":"ID"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Page {
    Home,
    NotFound,
    Artist(String),
    Album(String),
    Track(String),
    Artists { initial: char, number: u32 },
}

impl From<&PageRef> for Page {
    fn from(p: &PageRef) -> Page {
        match p {
            PageRef::Home => Page::Home,
            PageRef::NotFound => Page::NotFound,
            PageRef::Artist(id) => Page::Artist(id.clone()),
            PageRef::Album(id) => Page::Album(id.clone()),
            PageRef::Track(id) => Page::Track(id.clone()),
            PageRef::Artists { initial, number } => Page::Artists {
                initial: *initial,
                number: *number,
            },
        }
    }
}

impl From<Page> for PageRef {
    fn from(p: Page) -> PageRef {
        match p {
            Page::Home => PageRef::Home,
            Page::NotFound => PageRef::NotFound,
            Page::Artist(id) => PageRef::Artist(id),
            Page::Album(id) => PageRef::Album(id),
            Page::Track(id) => PageRef::Track(id),
            Page::Artists { initial, number } => PageRef::Artists { initial, number },
        }
    }
}

/// A row a publish waits to see (`crate::regen::Expect`), as a job carries
/// it: `index` is the index's table name, or `table`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Awaited {
    pub index: String,
    pub hash: String,
    pub pk: String,
    pub sk: String,
    /// At least this version; none when the row must be gone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("{0}")]
    Failed(String),
    #[error("sending the job {job} to {function} failed: {detail}")]
    Invoke {
        job: String,
        function: String,
        detail: String,
    },
}

pub fn failed(e: impl std::fmt::Display) -> JobError {
    JobError::Failed(e.to_string())
}

/// Sends jobs to the function itself.
struct Invoker {
    client: aws_sdk_lambda::Client,
    function: String,
}

static INVOKER: OnceLock<Invoker> = OnceLock::new();
/// Where pending-job records go (`crate::pending`), once the catalog is
/// open.
static PENDING: OnceLock<trogs::store::Store> = OnceLock::new();

/// The field of a job's event naming its pending record.
pub const PENDING_FIELD: &str = "pending";

tokio::task_local! {
    /// Set while a job runs: its work is done where it is, not sent on.
    static IN_JOB: ();
}

/// In Lambda mode: jobs are sent to `function` from now on.
pub fn install(aws: &aws_config::SdkConfig, function: String) {
    let _ = INVOKER.set(Invoker {
        client: aws_sdk_lambda::Client::new(aws),
        function,
    });
}

/// From now on every job but the sweep is recorded in `store` as pending
/// before it is sent (`crate::pending`), so one that is lost is redone.
pub fn keep_pending(store: trogs::store::Store) {
    let _ = PENDING.set(store);
}

/// The pending record a job's event names, if any (events sent before
/// records existed, and the schedule's sweep, name none).
pub fn pending_of(event: &serde_json::Value) -> Option<String> {
    event
        .get(PENDING_FIELD)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// Whether jobs are sent as invocations (Lambda mode) rather than run in
/// this process's background.
pub fn invoked() -> bool {
    INVOKER.get().is_some()
}

/// Whether work that may take long (image derivatives, a publish that may
/// wait for the lease) is sent as a job rather than done now: on Lambda,
/// while answering a request, which CloudFront gives up on after 30 s. A
/// job itself does such work where it is.
pub fn deferred() -> bool {
    invoked() && IN_JOB.try_with(|_| ()).is_err()
}

/// Runs `work` as a job's: work it starts is done in place (see
/// [`deferred`]). Only what `work` awaits itself counts, not tasks it
/// spawns.
pub async fn as_job<F: Future>(work: F) -> F::Output {
    IN_JOB.scope((), work).await
}

/// Sends `job` as an asynchronous invocation (Lambda keeps it, retries it
/// and, when every try failed, puts it in the dead-letter queue). Returns
/// once Lambda has it.
///
/// First it records the job as pending: the record stays until the job
/// has run, so a job Lambda gave up on, or one that could not even be
/// sent, is run by a later sweep.
pub async fn send(job: &Job) -> Result<(), JobError> {
    let Some(invoker) = INVOKER.get() else {
        return Err(JobError::Failed(
            "jobs are sent only in Lambda mode".to_string(),
        ));
    };
    let mut event = serde_json::to_value(job).map_err(failed)?;
    if let (Some(store), false) = (PENDING.get(), matches!(job, Job::Sweep)) {
        match crate::pending::record(store, job).await {
            Ok(id) => {
                event[PENDING_FIELD] = serde_json::Value::String(id);
            }
            // Sent all the same: Lambda's own tries usually suffice.
            Err(e) => tracing::warn!(
                error = %e,
                ?job,
                "the job was not recorded as pending; if all its tries fail, nothing redoes it"
            ),
        }
    }
    let payload = serde_json::to_vec(&event).map_err(failed)?;
    invoker
        .client
        .invoke()
        .function_name(&invoker.function)
        .invocation_type(aws_sdk_lambda::types::InvocationType::Event)
        .payload(aws_sdk_lambda::primitives::Blob::new(payload))
        .send()
        .await
        .map_err(|e| JobError::Invoke {
            job: serde_json::to_string(job).unwrap_or_default(),
            function: invoker.function.clone(),
            detail: aws_sdk_lambda::error::DisplayErrorContext(&e).to_string(),
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedules_event_is_the_sweep() {
        let job: Job = serde_json::from_str(r#"{"trogs-job":"sweep"}"#).unwrap();
        assert_eq!(job, Job::Sweep);
        let job = Job::Renditions {
            track: "t".into(),
            source: "art/x.wav".into(),
        };
        let text = serde_json::to_string(&job).unwrap();
        assert!(text.contains(r#""trogs-job":"renditions""#), "{text}");
        assert_eq!(serde_json::from_str::<Job>(&text).unwrap(), job);
    }

    #[test]
    fn an_event_naming_its_pending_record_is_the_same_job() {
        let event: serde_json::Value = serde_json::from_str(
            r#"{"trogs-job":"finish-upload","upload":"u1","pending":"001#ab"}"#,
        )
        .unwrap();
        let job: Job = serde_json::from_value(event.clone()).unwrap();
        assert_eq!(
            job,
            Job::FinishUpload {
                upload: "u1".into()
            }
        );
        assert_eq!(pending_of(&event).as_deref(), Some("001#ab"));
        let old = serde_json::json!({"trogs-job": "sweep"});
        assert_eq!(pending_of(&old), None);
    }

    #[test]
    fn a_publish_names_its_pages_and_rows() {
        let pages = [
            PageRef::Home,
            PageRef::Album("a".into()),
            PageRef::Artists {
                initial: 'q',
                number: 2,
            },
        ];
        let job = Job::Publish {
            pages: pages.iter().map(Page::from).collect(),
            expects: vec![Awaited {
                index: "IX_ARTISTS_ALBUMS".into(),
                hash: "a".into(),
                pk: "r".into(),
                sk: "a".into(),
                version: Some(3),
            }],
        };
        let text = serde_json::to_string(&job).unwrap();
        assert!(text.contains(r#""trogs-job":"publish""#), "{text}");
        assert!(text.contains(r#""album":"a""#), "{text}");
        let Job::Publish { pages: back, .. } = serde_json::from_str::<Job>(&text).unwrap() else {
            panic!("{text}");
        };
        let back: Vec<PageRef> = back.into_iter().map(PageRef::from).collect();
        assert_eq!(back, pages);
        let derive: Job = serde_json::from_str(
            r#"{"trogs-job":"derivatives","artist":"r","image":"art/r/x.jpg"}"#,
        )
        .unwrap();
        assert_eq!(
            derive,
            Job::Derivatives {
                artist: "r".into(),
                album: None,
                image: "art/r/x.jpg".into()
            }
        );
    }
}
