//! The sweeper: removes resumable uploads past their deadline and staging
//! left behind by a stopped process, and empties the media trash list,
//! every hour in every process.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use trogs::media::Media;
use trogs::store::{Query, StoreError};

use super::staging::remove_staging;
use super::state::{Upload, upload_key};
use super::{STAGING_DIR, STAGING_PREFIX, UPLOADS_PK};
use crate::error::ApiResult;
use crate::session::now;
use crate::state::App;

/// Removes uploads past their deadline (`--upload-hours` from their
/// start), with their staging objects, and staging left behind by a process that stopped
/// between starting an upload and recording it. Call it now and then
/// (hourly is plenty); returns how many uploads it removed.
pub async fn sweep(app: &App) -> ApiResult<usize> {
    let items = app
        .store
        .query_all(Query::new(trogs::store::Index::Table, UPLOADS_PK))
        .await?;
    let now = now();
    let mut known = std::collections::HashSet::new();
    let mut removed = 0;
    for item in &items {
        let Some(upload) = Upload::from_item(item) else {
            continue;
        };
        if upload.expires > now {
            known.insert(upload.id);
            continue;
        }
        // Only if nobody stored bytes meanwhile: a request in flight at
        // the deadline fails on its own condition instead.
        let unchanged = Upload::offset_is(upload.offset);
        match app
            .store
            .delete(upload_key(&upload.id), Some(unchanged))
            .await
        {
            Ok(_) => {
                remove_staging(app, &upload).await;
                removed += 1;
            }
            Err(StoreError::ConditionFailed(_)) => {
                known.insert(upload.id);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let stale = now.saturating_sub(app.settings.quotas.upload_seconds());
    match &app.media {
        Media::S3(s3) => {
            for open in s3.open_multiparts(STAGING_PREFIX).await? {
                let id = open.key.trim_start_matches(STAGING_PREFIX);
                if open.initiated < stale && !known.contains(id) {
                    s3.abort_multipart(&open.key, &open.upload_id).await?;
                }
            }
        }
        Media::Folder(dir) => {
            let folder = dir.join(STAGING_DIR);
            let Ok(mut entries) = tokio::fs::read_dir(&folder).await else {
                return Ok(removed);
            };
            while let Ok(Some(entry)) = entries.next_entry().await {
                let name = entry.file_name().to_string_lossy().to_string();
                let old = entry
                    .metadata()
                    .await
                    .ok()
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .is_some_and(|d| d.as_secs() < stale);
                if old && !known.contains(&name) {
                    let _ = tokio::fs::remove_file(entry.path()).await;
                }
            }
        }
    }
    Ok(removed)
}

/// How often [`start_sweeper`] sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Sweeps abandoned uploads every [`SWEEP_EVERY`], in the background, for
/// as long as the process runs. Every process may run one: sweeping
/// removes an upload only on the condition that nobody stored bytes since
/// it was read.
pub fn start_sweeper(app: Arc<App>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match sweep(&app).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "abandoned uploads removed"),
                Err(e) => tracing::warn!(error = %e, "sweeping abandoned uploads"),
            }
            match crate::edit::empty_trash(&app).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "unused media objects removed"),
                Err(e) => tracing::warn!(error = %e, "emptying the media trash list"),
            }
        }
    });
}
