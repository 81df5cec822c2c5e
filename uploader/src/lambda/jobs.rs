//! Work that outlives a request. On Lambda nothing runs after a response,
//! so such work is sent as an asynchronous invocation of the function
//! itself, with an event naming the job (`{"trogs-job": ...}`), and run by
//! [`run`] there. Lambda retries a job that fails and may deliver one twice,
//! so every job can run again without harm.

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use trogs::catalog::items::from_item;
use trogs::catalog::model::Entity;
use trogs::store::Key;

use crate::app::App;

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

fn failed(e: impl std::fmt::Display) -> JobError {
    JobError::Failed(e.to_string())
}

/// Sends jobs to the function itself.
pub struct Invoker {
    client: aws_sdk_lambda::Client,
    function: String,
}

static INVOKER: OnceLock<Invoker> = OnceLock::new();

/// In Lambda mode: jobs are sent to `function` from now on.
pub fn install(aws: &aws_config::SdkConfig, function: String) {
    let _ = INVOKER.set(Invoker {
        client: aws_sdk_lambda::Client::new(aws),
        function,
    });
}

/// Whether jobs are sent as invocations (Lambda mode) rather than run in
/// this process's background.
pub fn invoked() -> bool {
    INVOKER.get().is_some()
}

/// Sends `job` as an asynchronous invocation (Lambda keeps it, retries it
/// and, when every try failed, puts it in the dead-letter queue). Returns
/// once Lambda has it.
pub async fn send(job: &Job) -> Result<(), JobError> {
    let Some(invoker) = INVOKER.get() else {
        return Err(JobError::Failed(
            "jobs are sent only in Lambda mode".to_string(),
        ));
    };
    let payload = serde_json::to_vec(job).map_err(failed)?;
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

/// Runs `job`; what it did, for the log. An error makes Lambda try again.
pub async fn run(app: &Arc<App>, job: Job) -> Result<String, JobError> {
    match job {
        Job::Sweep => sweep(app).await,
        Job::FinishUpload { upload } => crate::upload::finish_queued(app, &upload)
            .await
            .map_err(failed),
        Job::Renditions { track, source } => renditions(app, &track, &source).await,
    }
}

async fn sweep(app: &Arc<App>) -> Result<String, JobError> {
    let swept = crate::upload::sweep(app).await.map_err(failed)?;
    let trashed = crate::edit::empty_trash(app).await.map_err(failed)?;
    let pages = crate::edit::resume_renames(app).await.map_err(failed)?;
    let renamed = pages.len();
    if !pages.is_empty() {
        let live = app.regen.publish(pages, Vec::new()).await;
        if !live.published {
            return Err(JobError::Failed(format!(
                "the pages of resumed renames were not published: {}",
                live.error.unwrap_or_default()
            )));
        }
    }
    let deletes = crate::edit::resume_deletes(app).await.map_err(failed)?;
    Ok(format!(
        "swept {swept} uploads, removed {trashed} unused media objects, \
         published {renamed} renamed pages, finished {deletes} deletes"
    ))
}

#[cfg(feature = "renditions")]
async fn renditions(app: &Arc<App>, track: &str, source: &str) -> Result<String, JobError> {
    use trogs::store::AttributeValue;
    let key = Key::same(track);
    let Some(item) = app.store.get(key.clone()).await.map_err(failed)? else {
        return Ok(format!("track {track} is gone: nothing to do"));
    };
    if trogs::store::get_s(&item, "AudioURL") != Some(source) {
        return Ok(format!("track {track} has other audio now: nothing to do"));
    }
    let seconds = match item.get(crate::edit::DURATION) {
        Some(AttributeValue::N(n)) => n.parse().ok(),
        _ => None,
    };
    let job = crate::renditions_queue::TrackJob {
        store: app.store.clone(),
        media: app.media.clone(),
        key: key.clone(),
        source: source.to_string(),
        seconds,
    };
    // Made twice, they are the same objects under the same keys, and the
    // item records them again.
    let made = crate::renditions_queue::make_now(&job, &app.settings.renditions)
        .await
        .map_err(JobError::Failed)?;
    let Some(item) = app.store.get(key).await.map_err(failed)? else {
        return Ok(format!("track {track} was deleted meanwhile"));
    };
    let Ok(Entity::Track(t)) = from_item(&item) else {
        return Err(JobError::Failed(format!(
            "track {track} no longer reads as a track"
        )));
    };
    let live = app
        .regen
        .publish(
            vec![trogs::site::PageRef::Track(track.to_string())],
            vec![crate::edit::track_expect(&t)],
        )
        .await;
    if !live.published {
        return Err(JobError::Failed(format!(
            "track {track}'s pages were not published: {}",
            live.error.unwrap_or_default()
        )));
    }
    Ok(format!(
        "track {track}: {}, pages published",
        if made {
            "renditions made"
        } else {
            "renditions stopped past their budget"
        }
    ))
}

#[cfg(not(feature = "renditions"))]
async fn renditions(_: &Arc<App>, track: &str, _: &str) -> Result<String, JobError> {
    Ok(format!(
        "track {track}: this build makes no renditions (built without the `renditions` feature)"
    ))
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
}
