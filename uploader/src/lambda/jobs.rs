//! Running jobs in the function: the events `crate::jobs` sends (and the
//! schedule's sweep) arrive here. Lambda retries a job that fails and may
//! deliver one twice, so every job can run again without harm. The sweep
//! also runs the jobs that were sent long ago and never finished
//! (`crate::pending`).

use std::sync::Arc;

use trogs::catalog::items::from_item;
use trogs::catalog::model::Entity;
use trogs::site::PageRef;
use trogs::store::{Index, Key};

use crate::jobs::{Job, JobError, failed};
use crate::pending::{self, Sweeping};
use crate::regen::Expect;
use crate::state::App;

/// Runs `job`; what it did, for the log. An error makes Lambda try again.
pub async fn run(app: &Arc<App>, sweeping: &Sweeping, job: Job) -> Result<String, JobError> {
    crate::jobs::as_job(async {
        match job {
            Job::Sweep => sweep(app, sweeping).await,
            job => run_here(app, job).await,
        }
    })
    .await
}

async fn run_here(app: &Arc<App>, job: Job) -> Result<String, JobError> {
    match job {
        // A sweep is never pending, so it never runs within another.
        Job::Sweep => Ok("a sweep within a sweep: nothing to do".into()),
        Job::FinishUpload { upload } => crate::upload::finish_queued(app, &upload)
            .await
            .map_err(failed),
        Job::Renditions { track, source } => renditions(app, &track, &source).await,
        Job::Derivatives {
            artist,
            album,
            image,
        } => derivatives(app, &artist, album.as_deref(), &image).await,
        Job::Publish { pages, expects } => publish(app, pages, expects).await,
    }
}

/// Publishes what an edit on Lambda left to this job: the same pages, once
/// the same rows show, under the publish lease like any publish. A second
/// delivery finds the pages as they are and writes nothing.
async fn publish(
    app: &Arc<App>,
    pages: Vec<crate::jobs::Page>,
    expects: Vec<crate::jobs::Awaited>,
) -> Result<String, JobError> {
    let pages: Vec<PageRef> = pages.into_iter().map(PageRef::from).collect();
    let expects = expects
        .into_iter()
        .map(Expect::try_from)
        .collect::<Result<Vec<_>, _>>()
        .map_err(JobError::Failed)?;
    let count = pages.len();
    let live = app.regen.publish(pages, expects).await;
    if !live.published {
        return Err(JobError::Failed(format!(
            "the pages were not published: {}",
            live.error.unwrap_or_default()
        )));
    }
    Ok(format!("{count} changed pages published"))
}

/// Makes an image's derivatives (`crate::imaging::derive_stored`) and
/// publishes the page that shows it.
async fn derivatives(
    app: &Arc<App>,
    artist: &str,
    album: Option<&str>,
    image: &str,
) -> Result<String, JobError> {
    let key = match album {
        Some(album) => Key::new(artist, album),
        None => Key::same(artist),
    };
    let what = match album {
        Some(album) => format!("album {album}"),
        None => format!("artist {artist}"),
    };
    let derived = crate::imaging::derive_stored(&app.store, &app.media, key.clone(), image)
        .await
        .map_err(failed)?;
    let version = match &derived {
        crate::imaging::Derived::Made(v) | crate::imaging::Derived::Had(v) => *v,
        crate::imaging::Derived::Replaced => {
            return Ok(format!("{what} shows another image now: nothing to do"));
        }
    };
    let (page, expect) = match album {
        Some(album) => (
            PageRef::Album(album.to_string()),
            Expect::item(Index::ArtistsAlbums, album, artist, album, version),
        ),
        None => (
            PageRef::Artist(artist.to_string()),
            Expect::item(Index::ArtistContent, artist, artist, artist, version),
        ),
    };
    let live = app.regen.publish(vec![page], vec![expect]).await;
    if !live.published {
        return Err(JobError::Failed(format!(
            "{what}'s page was not published: {}",
            live.error.unwrap_or_default()
        )));
    }
    Ok(format!(
        "{what}: {}, page published",
        if matches!(derived, crate::imaging::Derived::Made(_)) {
            "image derivatives made"
        } else {
            "image derivatives were made already"
        }
    ))
}

/// Runs the pending jobs sent more than the grace period ago (Lambda gave
/// up on them, or they were never sent), oldest first, within the sweep's
/// budget. One that fails again waits another grace period, behind the
/// others, until its record expires. Returns how many were done and how
/// many failed.
async fn redo_pending(app: &Arc<App>, sweeping: &Sweeping) -> Result<(usize, usize), JobError> {
    let started = std::time::Instant::now();
    let due = pending::due::<Job>(&app.store, sweeping.grace, sweeping.budget)
        .await
        .map_err(failed)?;
    let (mut done, mut failing) = (0, 0);
    for p in due.jobs {
        if started.elapsed() > sweeping.time {
            break;
        }
        tracing::warn!(job = ?p.job, record = %p.id, tries = p.tries, "running a job whose tries all failed");
        match Box::pin(run_here(app, p.job.clone())).await {
            Ok(what) => {
                tracing::info!(job = ?p.job, "{what}");
                pending::done(&app.store, &p.id, &p.job)
                    .await
                    .map_err(failed)?;
                done += 1;
            }
            Err(e) => {
                tracing::error!(job = ?p.job, error = %e, "a pending job failed again; the sweep tries it later");
                pending::postpone(&app.store, &p).await.map_err(failed)?;
                failing += 1;
            }
        }
    }
    Ok((done, failing))
}

/// The schedule's sweep. Its parts do not depend on one another, so one
/// that fails does not keep the others (above all the lost jobs) from
/// running; the sweep then fails with every reason, and Lambda tries it
/// again.
async fn sweep(app: &Arc<App>, sweeping: &Sweeping) -> Result<String, JobError> {
    let mut errors = Vec::new();
    let mut did = Vec::new();
    match crate::upload::sweep(app).await {
        Ok(n) => did.push(format!("swept {n} uploads")),
        Err(e) => errors.push(format!("sweeping uploads: {e}")),
    }
    match crate::edit::empty_trash(app).await {
        Ok(n) => did.push(format!("removed {n} unused media objects")),
        Err(e) => errors.push(format!("emptying the trash: {e}")),
    }
    match crate::edit::resume_renames(app).await {
        Ok(pages) if pages.is_empty() => did.push("published 0 renamed pages".into()),
        Ok(pages) => {
            let renamed = pages.len();
            let live = app.regen.publish(pages, Vec::new()).await;
            if live.published {
                did.push(format!("published {renamed} renamed pages"));
            } else {
                errors.push(format!(
                    "the pages of resumed renames were not published: {}",
                    live.error.unwrap_or_default()
                ));
            }
        }
        Err(e) => errors.push(format!("resuming renames: {e}")),
    }
    match crate::edit::resume_deletes(app).await {
        Ok(n) => did.push(format!("finished {n} deletes")),
        Err(e) => errors.push(format!("resuming deletes: {e}")),
    }
    match redo_pending(app, sweeping).await {
        Ok((redone, failing)) => {
            did.push(format!("ran {redone} lost jobs ({failing} failed again)"));
        }
        Err(e) => errors.push(format!("running lost jobs: {e}")),
    }
    if errors.is_empty() {
        Ok(did.join(", "))
    } else {
        Err(JobError::Failed(format!(
            "{} (done: {})",
            errors.join("; "),
            did.join(", ")
        )))
    }
}

#[cfg(feature = "renditions")]
async fn renditions(app: &Arc<App>, track: &str, source: &str) -> Result<String, JobError> {
    let key = Key::same(track);
    let Some(item) = app.store.get(key.clone()).await.map_err(failed)? else {
        return Ok(format!("track {track} is gone: nothing to do"));
    };
    let Ok(trogs::catalog::Entity::Track(t)) = trogs::catalog::from_item(&item) else {
        return Ok(format!("track {track} is not a track: nothing to do"));
    };
    if t.audio_url != source {
        return Ok(format!("track {track} has other audio now: nothing to do"));
    }
    let seconds = t.trogs.audio.duration;
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
