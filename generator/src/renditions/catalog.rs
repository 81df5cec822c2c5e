//! The pipeline over a whole catalog (`trogs media process`): every track
//! whose audio is in the media store gets its renditions, loudness, peaks
//! and duration, recorded on its item as new attributes:
//!
//! | attribute | what |
//! |---|---|
//! | `Renditions` | a list of maps `{Key, Type, Size, Kbps}`: Opus 96, Opus 48 (data saver), MP3, in the order players offer them |
//! | `PeaksKey` | the waveform peaks file's media key |
//! | `Duration` | seconds |
//! | `Loudness`, `TruePeak`, `Gain` | LUFS, dBTP and the dB applied to the renditions |
//! | `SourceKey`, `SourceHash` | the original they were made from (its `AudioURL` then) and its blake3 |
//! | `RenditionsProblem` | why the upload service made none (stopped, or too many waiting); removed once they are made |
//!
//! `AudioURL` keeps naming the original, which is never changed. A track
//! whose `SourceKey` is its `AudioURL` and that records a `SourceHash` is
//! skipped, so a second run does nothing and an interrupted one finishes
//! what is left. The item is updated only if its `AudioURL` is still the
//! source that was processed.

use std::collections::BTreeMap;

use crate::catalog::model::Entity;
use crate::media::Media;
use crate::store::{AttributeValue, Condition, Key, Store, StoreError, Update, get_s};

/// What [`process_catalog`] did.
#[derive(Debug, Default)]
pub struct CatalogReport {
    pub processed: usize,
    /// Tracks whose renditions were made before.
    pub skipped: usize,
    /// Tracks whose audio is a full URL outside the media store.
    pub elsewhere: usize,
    /// Tracks that could not be processed, each with its key and why.
    pub failed: Vec<String>,
}

impl std::fmt::Display for CatalogReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} tracks given renditions, {} had them, {} not in the media store, {} failed",
            self.processed,
            self.skipped,
            self.elsewhere,
            self.failed.len()
        )
    }
}

struct Work {
    key: Key,
    /// The original's media key.
    source: String,
    /// The item's `AudioURL` as stored: the key, or the original site's
    /// full URL of it.
    audio_url: String,
}

/// Processes every track of the catalog that needs it, up to `jobs` at
/// once (each on a blocking thread); `progress` hears (done, total).
pub async fn process_catalog(
    store: &Store,
    media: &Media,
    options: &super::Options,
    jobs: usize,
    progress: Option<crate::progress::Progress>,
) -> Result<CatalogReport, StoreError> {
    let mut report = CatalogReport::default();
    let mut todo = Vec::new();
    let mut start = None;
    loop {
        let page = store.scan(start, 1000).await?;
        for item in &page.items {
            let Ok(Entity::Track(t)) = crate::catalog::items::from_item(item) else {
                continue;
            };
            let Some(key) = Key::of(item) else { continue };
            // The original wrote full URLs into its bucket: when that is
            // this media store, they are keys like any other.
            let source = media
                .key_of_url(&t.audio_url)
                .unwrap_or_else(|| t.audio_url.clone());
            if source.contains("://") || source.starts_with("//") || source.is_empty() {
                report.elsewhere += 1;
                continue;
            }
            if get_s(item, "SourceKey") == Some(source.as_str())
                && get_s(item, "SourceHash").is_some()
            {
                report.skipped += 1;
                continue;
            }
            todo.push(Work {
                key,
                source,
                audio_url: t.audio_url.clone(),
            });
        }
        start = page.next;
        if start.is_none() {
            break;
        }
    }
    let (processed, failed) =
        crate::progress::run_bounded(todo, jobs, progress, |work| async move {
            let outcome = process_one(store, media, options, &work).await;
            (work, outcome)
        })
        .await;
    report.processed = processed;
    report.failed = failed
        .into_iter()
        .map(|(work, why)| format!("{} ({}): {why}", work.source, work.key))
        .collect();
    Ok(report)
}

/// Processes one track: the item under `key`, whose audio is the media
/// object `source` (the upload service calls this after each audio
/// upload). Records what it made on the item, if `AudioURL` is still
/// `source`.
pub async fn process_track(
    store: &Store,
    media: &Media,
    options: &super::Options,
    key: Key,
    source: String,
) -> Result<(), String> {
    let audio_url = source.clone();
    process_one(
        store,
        media,
        options,
        &Work {
            key,
            source,
            audio_url,
        },
    )
    .await
}

/// Where the pipeline keeps what it makes: under its own prefix, which no
/// upload and nothing the original site wrote uses, so a rendition never
/// replaces an artist's file (an Opus original, or a `song.mp3` uploaded
/// beside `song.wav`).
pub const MADE_PREFIX: &str = "_trogs/";

/// The attribute where the upload service says why a track has no
/// renditions (it plays its original meanwhile).
pub use crate::catalog::records::RENDITIONS_PROBLEM as PROBLEM;

/// The media key for the file named `suffix` made from `source`:
/// `art/a/song-x.wav` and `.opus` give `_trogs/art/a/song-x.opus`.
pub fn sibling_key(source: &str, suffix: &str) -> String {
    let stem = match source.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') => stem,
        _ => source,
    };
    format!("{MADE_PREFIX}{stem}{suffix}")
}

async fn process_one(
    store: &Store,
    media: &Media,
    options: &super::Options,
    work: &Work,
) -> Result<(), String> {
    use tokio::io::AsyncWriteExt as _;

    let Some(mut reader) = media
        .reader(&work.source)
        .await
        .map_err(|e| e.to_string())?
    else {
        return Err("not in the media store".into());
    };
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let name = work.source.rsplit('/').next().unwrap_or("source");
    let local = dir.path().join(format!("source-{name}"));
    let mut file = tokio::fs::File::create(&local)
        .await
        .map_err(|e| e.to_string())?;
    tokio::io::copy(&mut reader, &mut file)
        .await
        .map_err(|e| format!("reading it: {e}"))?;
    file.flush().await.map_err(|e| e.to_string())?;
    drop(file);

    let (source, out, opts) = (local.clone(), dir.path().to_path_buf(), options.clone());
    let processed = tokio::task::spawn_blocking(move || super::process(&source, &out, "r", &opts))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;

    // Everything stored below is removed again if the item is not updated
    // (the track was deleted or its audio replaced meanwhile).
    let mut stored: Vec<String> = Vec::new();
    let outcome = store_and_record(store, media, work, &processed, &mut stored).await;
    if outcome.is_err() {
        for key in &stored {
            if let Err(e) = media.delete(key).await {
                tracing::warn!(%key, error = %e, "a rendition of a track that changed could not be removed");
            }
        }
    }
    outcome
}

async fn store_and_record(
    store: &Store,
    media: &Media,
    work: &Work,
    processed: &super::Processed,
    stored: &mut Vec<String>,
) -> Result<(), String> {
    let mut renditions = Vec::new();
    for r in &processed.renditions {
        let file_name = r.path.file_name().and_then(|n| n.to_str()).unwrap_or("r");
        let suffix = file_name.strip_prefix('r').unwrap_or(file_name);
        let key = sibling_key(&work.source, suffix);
        let f = tokio::fs::File::open(&r.path)
            .await
            .map_err(|e| e.to_string())?;
        stored.push(key.clone());
        media.put(&key, f).await.map_err(|e| e.to_string())?;
        let mut m = BTreeMap::new();
        m.insert("Key".to_string(), AttributeValue::s(&key));
        m.insert("Type".to_string(), AttributeValue::s(r.mime));
        m.insert("Size".to_string(), AttributeValue::n(r.bytes));
        m.insert(
            "Kbps".to_string(),
            AttributeValue::n(format!("{:.0}", r.kbps)),
        );
        renditions.push(AttributeValue::M(m));
    }
    let peaks_key = sibling_key(&work.source, ".peaks.json");
    let f = tokio::fs::File::open(&processed.peaks_path)
        .await
        .map_err(|e| e.to_string())?;
    stored.push(peaks_key.clone());
    media.put(&peaks_key, f).await.map_err(|e| e.to_string())?;

    let number = |x: f64| AttributeValue::n(format!("{x:.2}"));
    let mut updates = vec![
        Update::Set("Renditions".into(), AttributeValue::L(renditions)),
        Update::Set("PeaksKey".into(), AttributeValue::s(&peaks_key)),
        Update::Set(
            "Duration".into(),
            AttributeValue::n(format!("{:.3}", processed.duration_seconds)),
        ),
        Update::Set("Gain".into(), number(processed.gain_db)),
        Update::Set("SourceKey".into(), AttributeValue::s(&work.source)),
        Update::Set(
            "SourceHash".into(),
            AttributeValue::s(&processed.source_hash),
        ),
        Update::Remove(PROBLEM.into()),
        Update::Add("Version".into(), 1),
    ];
    // Silence has no loudness or peak to record.
    if processed.loudness_lufs.is_finite() {
        updates.push(Update::Set(
            "Loudness".into(),
            number(processed.loudness_lufs),
        ));
    }
    if processed.true_peak_dbtp.is_finite() {
        updates.push(Update::Set(
            "TruePeak".into(),
            number(processed.true_peak_dbtp),
        ));
    }
    let recorded = store
        .update(
            work.key.clone(),
            updates,
            Some(Condition::Equals(
                "AudioURL".into(),
                AttributeValue::s(&work.audio_url),
            )),
        )
        .await;
    match recorded {
        Ok(_) => Ok(()),
        Err(StoreError::ConditionFailed(_)) => {
            Err("its audio was replaced meanwhile; run again to process the new file".into())
        }
        Err(e) => Err(e.to_string()),
    }
}
