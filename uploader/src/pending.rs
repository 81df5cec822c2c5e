//! Pending jobs: before a job goes to Lambda, a small side record of it is
//! written to the catalog, and the job removes it when done. A job whose
//! every try failed (it waits in the dead-letter queue) still has its
//! record, so the schedule's sweep finds it with one query and runs it.
//!
//! Each record is an item `PK = JOBS#pending`, `SK = SENT#ID`, where
//! `SENT` is when it was sent (milliseconds, zero-padded so the keys sort
//! by time) and `ID` a random token; `Job` holds the job's event, `Tries`
//! how often a sweep ran it without success, and `ExpiresAt` (Unix
//! seconds, DynamoDB's time to live) when it is given up.

use std::time::Duration;

use trogs::catalog::records::PendingJob;
use trogs::store::{Condition, Index, Item, Key, Query, RangeCondition, Store, StoreError, Write};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The one partition every record lives in.
pub const PK: &str = trogs::catalog::records::PENDING_JOBS;
/// The attribute DynamoDB's time to live reads (Unix seconds).
pub const TTL_ATTRIBUTE: &str = trogs::catalog::records::EXPIRES_AT;
/// How long a record is kept at most: a job that still fails after this
/// long needs an operator, and the record must not pile up meanwhile.
pub const KEEP: Duration = Duration::from_secs(3 * 24 * 3600);

/// When the sweep takes a job on, and how many at once.
#[derive(Debug, Clone)]
pub struct Sweeping {
    /// How long after it was sent a job counts as lost: longer than
    /// Lambda's three tries take (two retries a minute or two apart, each
    /// try up to the function's 900 s).
    pub grace: Duration,
    /// The most pending jobs one sweep runs.
    pub budget: usize,
    /// One sweep starts no pending job after this long, so it ends within
    /// the function's time limit.
    pub time: Duration,
}

/// The setting for [`Sweeping::grace`], in seconds.
pub const GRACE_SETTING: &str = "TROGS_JOB_GRACE_SECS";
/// The setting for [`Sweeping::budget`].
pub const BUDGET_SETTING: &str = "TROGS_JOB_SWEEP_BUDGET";
pub const DEFAULT_GRACE_SECS: u64 = 3600;
pub const DEFAULT_BUDGET: usize = 20;

impl Default for Sweeping {
    fn default() -> Sweeping {
        Sweeping {
            grace: Duration::from_secs(DEFAULT_GRACE_SECS),
            budget: DEFAULT_BUDGET,
            time: Duration::from_secs(300),
        }
    }
}

impl Sweeping {
    /// From the settings' values (`setting` looks one up by name).
    pub fn read(setting: impl Fn(&str) -> Option<String>) -> Result<Sweeping, String> {
        let mut s = Sweeping::default();
        if let Some(v) = setting(GRACE_SETTING) {
            let secs: u64 = v.trim().parse().map_err(|_| {
                format!("{GRACE_SETTING} must be a number of seconds (such as {DEFAULT_GRACE_SECS}), not {v:?}")
            })?;
            s.grace = Duration::from_secs(secs);
        }
        if let Some(v) = setting(BUDGET_SETTING) {
            s.budget = v
                .trim()
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    format!("{BUDGET_SETTING} must be a count of at least 1 (such as {DEFAULT_BUDGET}), not {v:?}")
                })?;
        }
        Ok(s)
    }
}

/// One pending job `J` (the sender's event), as the sweep reads it. The
/// records know jobs only as JSON, so the sender can depend on them.
#[derive(Debug, Clone)]
pub struct Pending<J> {
    /// The record's `SK`, which the job's event carries as `pending`.
    pub id: String,
    pub job: J,
    pub tries: i64,
    pub expires: i64,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn sort_key(sent_ms: i64) -> String {
    format!(
        "{sent_ms:015}#{}",
        crate::session::random_token()
            .chars()
            .take(16)
            .collect::<String>()
    )
}

fn item(id: &str, job: &str, tries: i64, expires: i64) -> Item {
    PendingJob {
        id: id.to_string(),
        job: job.to_string(),
        tries,
        expires_at: expires,
    }
    .to_item()
}

/// Records `job` as pending; returns the id its event carries.
pub async fn record<J: Serialize>(store: &Store, job: &J) -> Result<String, StoreError> {
    let text = serde_json::to_string(job).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let id = sort_key(now_ms());
    let expires = now_ms() / 1000 + KEEP.as_secs() as i64;
    store
        .put(item(&id, &text, 0, expires), Some(Condition::NotExists))
        .await?;
    Ok(id)
}

/// The job `id` is done: its record goes, if it is still this job's. Done
/// twice (a second delivery, or the sweep and a late delivery), the second
/// finds nothing and that is fine.
pub async fn done<J: Serialize>(store: &Store, id: &str, job: &J) -> Result<(), StoreError> {
    let text = serde_json::to_string(job).map_err(|e| StoreError::Invalid(e.to_string()))?;
    match store
        .delete(Key::new(PK, id), Some(PendingJob::holds(&text)))
        .await
    {
        Ok(_) | Err(StoreError::ConditionFailed(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

/// What a sweep found: the jobs to run, oldest first, and the records
/// given up on (past their `ExpiresAt`, which DynamoDB may not have
/// removed yet), which it removed.
#[derive(Debug)]
pub struct Due<J> {
    pub jobs: Vec<Pending<J>>,
    pub expired: Vec<String>,
}

/// The pending jobs sent more than `grace` ago, oldest first, at most
/// `budget`: one query on one partition.
pub async fn due<J: DeserializeOwned>(
    store: &Store,
    grace: Duration,
    budget: usize,
) -> Result<Due<J>, StoreError> {
    // Sent at or before `now - grace`: a key starts with its 15-digit
    // millisecond, so "less than the next millisecond" takes every record
    // of that millisecond too (a grace of zero includes this very one).
    let cutoff = format!("{:015}", now_ms() - grace.as_millis() as i64 + 1);
    let page = store
        .query(
            Query::new(Index::Table, PK)
                .range(RangeCondition::Lt(cutoff))
                .limit(budget),
        )
        .await?;
    let now = now_ms() / 1000;
    let mut due = Due {
        jobs: Vec::new(),
        expired: Vec::new(),
    };
    for item in page.items {
        let Some(record) = PendingJob::from_item(&item) else {
            continue;
        };
        let id = record.id;
        let expires = record.expires_at;
        let job = serde_json::from_str::<J>(&record.job).ok();
        match job {
            Some(job) if expires > now => due.jobs.push(Pending {
                id,
                job,
                tries: record.tries,
                expires,
            }),
            _ => {
                tracing::error!(
                    record = %id,
                    job = record.job,
                    "a pending job was given up (kept too long, or not a job this service knows); \
                     its work needs an operator"
                );
                store.delete(Key::new(PK, &id), None).await?;
                due.expired.push(id);
            }
        }
    }
    Ok(due)
}

/// The sweep ran `p` and it failed: it goes to the back of the line, to
/// be tried again a grace period from now, until its record expires.
pub async fn postpone<J: Serialize>(store: &Store, p: &Pending<J>) -> Result<(), StoreError> {
    let text = serde_json::to_string(&p.job).map_err(|e| StoreError::Invalid(e.to_string()))?;
    store
        .transact(vec![
            Write::Delete {
                key: Key::new(PK, &p.id),
                condition: Some(Condition::Exists),
            },
            Write::Put {
                item: item(&sort_key(now_ms()), &text, p.tries + 1, p.expires),
                condition: Some(Condition::NotExists),
            },
        ])
        .await
}

/// Every pending record (tests and operators look).
pub async fn all(store: &Store) -> Result<Vec<Item>, StoreError> {
    store.query_all(Query::new(Index::Table, PK)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jobs::Job;

    async fn sqlite() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let spec = format!("sqlite:{}", dir.path().join("catalog.db").display());
        let store = Store::create(&spec).await.unwrap();
        (dir, store)
    }

    fn publish(album: &str) -> Job {
        Job::Publish {
            pages: vec![crate::jobs::Page::Album(album.into())],
            expects: Vec::new(),
        }
    }

    #[tokio::test]
    async fn records_are_found_oldest_first_past_their_grace_and_removed_once_done() {
        let (_dir, store) = sqlite().await;
        let first = record(&store, &publish("a")).await.unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
        let second = record(&store, &publish("b")).await.unwrap();
        assert!(first < second);
        let young = due::<Job>(&store, Duration::from_secs(3600), 10)
            .await
            .unwrap();
        assert!(young.jobs.is_empty(), "{young:?}");
        let old = due::<Job>(&store, Duration::ZERO, 10).await.unwrap();
        let ids: Vec<_> = old.jobs.iter().map(|p| p.id.clone()).collect();
        assert_eq!(ids, vec![first.clone(), second.clone()]);
        assert_eq!(old.jobs[0].job, publish("a"));
        let one = due::<Job>(&store, Duration::ZERO, 1).await.unwrap();
        assert_eq!(one.jobs.len(), 1, "the budget bounds a sweep");

        // Another job's id does not remove it; its own does, twice.
        done(&store, &first, &publish("b")).await.unwrap();
        assert_eq!(all(&store).await.unwrap().len(), 2);
        done(&store, &first, &publish("a")).await.unwrap();
        done(&store, &first, &publish("a")).await.unwrap();
        assert_eq!(all(&store).await.unwrap().len(), 1);

        // A failed run goes to the back, counted.
        tokio::time::sleep(Duration::from_millis(5)).await;
        let third = record(&store, &publish("c")).await.unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
        let p = due::<Job>(&store, Duration::ZERO, 1)
            .await
            .unwrap()
            .jobs
            .remove(0);
        assert_eq!(p.id, second);
        postpone(&store, &p).await.unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
        let now = due::<Job>(&store, Duration::ZERO, 10).await.unwrap().jobs;
        assert_eq!(now[0].id, third);
        assert_eq!(now[1].job, publish("b"));
        assert_eq!(now[1].tries, 1);
        assert_eq!(now[1].expires, p.expires, "postponing keeps the expiry");
    }

    #[tokio::test]
    async fn an_expired_record_is_given_up() {
        let (_dir, store) = sqlite().await;
        let text = serde_json::to_string(&publish("a")).unwrap();
        store
            .put(item("000000000000001#x", &text, 4, 1), None)
            .await
            .unwrap();
        let due = due::<Job>(&store, Duration::ZERO, 10).await.unwrap();
        assert!(due.jobs.is_empty());
        assert_eq!(due.expired, vec!["000000000000001#x".to_string()]);
        assert!(all(&store).await.unwrap().is_empty());
    }

    #[test]
    fn settings_are_read_and_bad_ones_say_what_to_give() {
        let s = Sweeping::read(|n| (n == GRACE_SETTING).then(|| "5".to_string())).unwrap();
        assert_eq!(s.grace, Duration::from_secs(5));
        assert_eq!(s.budget, DEFAULT_BUDGET);
        let e = Sweeping::read(|n| (n == BUDGET_SETTING).then(|| "0".to_string())).unwrap_err();
        assert!(
            e.contains(BUDGET_SETTING) && e.contains("at least 1"),
            "{e}"
        );
        let e =
            Sweeping::read(|n| (n == GRACE_SETTING).then(|| "an hour".to_string())).unwrap_err();
        assert!(e.contains("number of seconds"), "{e}");
    }
}
