//! Who gets the renditions workers next. Renditions cost CPU for minutes,
//! so one user's many uploads must not hold up everyone else's: each user
//! has at most one job running and a bounded queue of waiting ones, and
//! the workers take users in turn (round-robin), so another user's track
//! waits for at most one job of each user ahead of it.
//!
//! A job that runs far past what its track's length predicts is stopped,
//! and why a track got no renditions is recorded on it ([`PROBLEM`]); it
//! plays its original.

use std::collections::{HashMap, HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::settings::RenditionSettings;

/// The track attribute saying why it has no renditions; the generator
/// removes it when it makes them.
pub const PROBLEM: &str = trogs::catalog::items::RENDITIONS_PROBLEM;

/// The scheduling rule alone, without a runtime: users wait in a ring;
/// a free worker takes the first user's oldest job, and that user rejoins
/// the ring at the back when the job ends, if they have more waiting.
#[derive(Debug)]
pub struct Fair<J> {
    workers: usize,
    per_user: usize,
    /// Users with jobs waiting and none running, in the order they are served.
    ring: VecDeque<String>,
    waiting: HashMap<String, VecDeque<J>>,
    running: HashSet<String>,
}

impl<J> Fair<J> {
    /// `workers` jobs run at once (at least one); each user may have
    /// `per_user` jobs waiting besides the one running (at least one).
    pub fn new(workers: usize, per_user: usize) -> Fair<J> {
        Fair {
            workers: workers.max(1),
            per_user: per_user.max(1),
            ring: VecDeque::new(),
            waiting: HashMap::new(),
            running: HashSet::new(),
        }
    }

    /// Queues `job` for `user`; gives it back when the user has as many
    /// waiting as allowed.
    pub fn push(&mut self, user: &str, job: J) -> Result<(), J> {
        let queue = self.waiting.entry(user.to_string()).or_default();
        if queue.len() >= self.per_user {
            return Err(job);
        }
        queue.push_back(job);
        if queue.len() == 1 && !self.running.contains(user) {
            self.ring.push_back(user.to_string());
        }
        Ok(())
    }

    /// The jobs to start now, as many as there are free workers and users
    /// in the ring; each is marked running until [`Fair::done`].
    pub fn start(&mut self) -> Vec<(String, J)> {
        let mut started = Vec::new();
        while self.running.len() < self.workers {
            let Some(user) = self.ring.pop_front() else {
                break;
            };
            let Some(queue) = self.waiting.get_mut(&user) else {
                continue;
            };
            let Some(job) = queue.pop_front() else {
                continue;
            };
            if queue.is_empty() {
                self.waiting.remove(&user);
            }
            self.running.insert(user.clone());
            started.push((user, job));
        }
        started
    }

    /// `user`'s running job ended: they rejoin the ring at the back if
    /// they have more waiting.
    pub fn done(&mut self, user: &str) {
        if self.running.remove(user) && self.waiting.get(user).is_some_and(|q| !q.is_empty()) {
            self.ring.push_back(user.to_string());
        }
    }

    /// Jobs waiting (not running), of everyone.
    pub fn waiting(&self) -> usize {
        self.waiting.values().map(VecDeque::len).sum()
    }

    /// Jobs running.
    pub fn running(&self) -> usize {
        self.running.len()
    }
}

/// A job: the work for one track, run on the tokio runtime.
pub type Job = Pin<Box<dyn Future<Output = ()> + Send>>;

/// [`Fair`] over tokio tasks.
pub struct Queue {
    fair: Mutex<Fair<Job>>,
}

impl Queue {
    pub fn new(workers: usize, per_user: usize) -> Arc<Queue> {
        Arc::new(Queue {
            fair: Mutex::new(Fair::new(workers, per_user)),
        })
    }

    /// Queues `job` for `user` and starts what can start; gives the job
    /// back when the user's queue is full.
    pub fn submit(self: &Arc<Self>, user: &str, job: Job) -> Result<(), Job> {
        let started = {
            let mut fair = self.fair.lock().unwrap_or_else(PoisonError::into_inner);
            fair.push(user, job)?;
            fair.start()
        };
        self.run(started);
        Ok(())
    }

    fn run(self: &Arc<Self>, started: Vec<(String, Job)>) {
        for (user, job) in started {
            let queue = Arc::clone(self);
            tokio::spawn(async move {
                // Its own task, so a job that panics still frees its worker.
                if let Err(e) = tokio::spawn(job).await {
                    tracing::error!(error = %e, "a renditions job failed");
                }
                let started = {
                    let mut fair = queue.fair.lock().unwrap_or_else(PoisonError::into_inner);
                    fair.done(&user);
                    fair.start()
                };
                queue.run(started);
            });
        }
    }
}

/// This process's queue, made with the settings of its first use (a
/// process has one set of settings).
pub fn shared(settings: &RenditionSettings) -> Arc<Queue> {
    static QUEUE: OnceLock<Arc<Queue>> = OnceLock::new();
    Arc::clone(QUEUE.get_or_init(|| Queue::new(settings.workers, settings.queue_per_user)))
}

#[cfg(feature = "renditions")]
pub use with_renditions::*;

#[cfg(feature = "renditions")]
mod with_renditions {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};

    use trogs::media::Media;
    use trogs::renditions::catalog::process_track;
    use trogs::store::{Key, Store, StoreError};

    use super::{Future, shared};
    use crate::settings::RenditionSettings;

    /// One track's renditions to make.
    pub struct TrackJob {
        pub store: Store,
        pub media: Media,
        pub key: Key,
        /// The original's media key (the item's `AudioURL`).
        pub source: String,
        /// The track's length as probed, which sets its time budget.
        pub seconds: Option<f64>,
    }

    /// Queues `job` for `owner` (the uploading user); `then` runs once its
    /// renditions are recorded (to publish its pages again). When the
    /// owner's queue is full, the track is left playing its original and
    /// says why.
    pub fn submit(
        settings: &RenditionSettings,
        owner: &str,
        job: TrackJob,
        then: impl Future<Output = ()> + Send + 'static,
    ) {
        let settings = *settings;
        let (store, key, source) = (job.store.clone(), job.key.clone(), job.source.clone());
        let work = Box::pin(async move {
            if make(&job, &settings).await {
                then.await;
            }
        });
        if shared(&settings).submit(owner, work).is_err() {
            tracing::warn!(%source, owner, "too many tracks waiting for renditions; this one plays its original");
            let n = settings.queue_per_user;
            let why = format!(
                "No streaming versions were made of this track: you already had {n} track{} \
                 waiting for theirs, the most this site queues for one person. It plays its \
                 original file (the site's next full media run makes them).",
                if n == 1 { "" } else { "s" }
            );
            tokio::spawn(async move { record_problem(&store, key, &source, &why).await });
        }
    }

    /// Makes and records the renditions, stopping them past the budget;
    /// whether they were made.
    async fn make(job: &TrackJob, settings: &RenditionSettings) -> bool {
        match make_now(job, settings).await {
            Ok(made) => made,
            Err(e) => {
                tracing::warn!(source = %job.source, error = %e, "no renditions; the page plays the original");
                false
            }
        }
    }

    /// Makes and records the renditions in this task (a job of their own
    /// on Lambda): `Ok(true)` when made, `Ok(false)` when stopped past the
    /// budget (said on the item: trying again would stop again), an error
    /// when trying again may work.
    pub async fn make_now(job: &TrackJob, settings: &RenditionSettings) -> Result<bool, String> {
        let stop = Arc::new(AtomicBool::new(false));
        let options = trogs::renditions::Options {
            stop: Some(Arc::clone(&stop)),
            ..Default::default()
        };
        let budget = settings.budget(job.seconds.unwrap_or(0.0));
        let began = Instant::now();
        tracing::info!(source = %job.source, "renditions started");
        let work = process_track(
            &job.store,
            &job.media,
            &options,
            job.key.clone(),
            job.source.clone(),
        );
        tokio::pin!(work);
        let made = tokio::select! {
            made = &mut work => made,
            () = tokio::time::sleep(budget) => {
                // The pass stops at its next block; what it stored so far
                // is removed as it ends.
                stop.store(true, Ordering::Relaxed);
                work.await
            }
        };
        match made {
            Ok(()) => {
                tracing::info!(source = %job.source, "renditions made");
                Ok(true)
            }
            Err(e) if stop.load(Ordering::Relaxed) => {
                tracing::warn!(source = %job.source, error = %e, ?budget, "renditions stopped: past their time budget");
                let why = format!(
                    "Making streaming versions of this track was stopped after {}: it took \
                     far longer than a track of {} should. It plays its original file; to try \
                     again, export it once more (WAV or FLAC) and upload it.",
                    duration_text(began.elapsed()),
                    job.seconds.map_or_else(
                        || "its length".to_string(),
                        |s| duration_text(Duration::from_secs_f64(s.max(0.0)))
                    ),
                );
                record_problem(&job.store, job.key.clone(), &job.source, &why).await;
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    fn duration_text(d: Duration) -> String {
        let s = d.as_secs_f64();
        if s < 60.0 {
            format!("{s:.1} s")
        } else {
            format!("{}:{:02}", (s / 60.0).floor(), (s % 60.0).floor())
        }
    }

    /// Says on the item why it has no renditions, if its audio is still
    /// `source` (a track deleted or replaced meanwhile is left alone).
    async fn record_problem(store: &Store, key: Key, source: &str, why: &str) {
        let recorded = store
            .update(
                key,
                vec![
                    trogs::catalog::items::renditions_problem(why),
                    trogs::catalog::items::bump_version(),
                ],
                Some(trogs::catalog::items::plays_audio(source)),
            )
            .await;
        match recorded {
            Ok(_) | Err(StoreError::ConditionFailed(_)) => {}
            Err(e) => {
                tracing::warn!(%source, error = %e, "why the track has no renditions could not be recorded")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Fair;

    /// Starts what can start and names it `user:job`.
    fn start(f: &mut Fair<u32>) -> Vec<String> {
        f.start()
            .into_iter()
            .map(|(u, j)| format!("{u}:{j}"))
            .collect()
    }

    #[test]
    fn one_job_per_user_at_a_time() {
        let mut f = Fair::new(2, 10);
        for j in 1..=4 {
            f.push("a", j).unwrap();
        }
        // Two workers, but only one of a's jobs runs.
        assert_eq!(start(&mut f), ["a:1"]);
        assert_eq!(start(&mut f), Vec::<String>::new());
        f.done("a");
        assert_eq!(start(&mut f), ["a:2"]);
        assert_eq!((f.running(), f.waiting()), (1, 2));
    }

    #[test]
    fn another_user_waits_for_at_most_one_job() {
        // One worker: a's first job runs, a queues three more, then b
        // uploads one. b's job is the very next to start.
        let mut f = Fair::new(1, 10);
        f.push("a", 1).unwrap();
        assert_eq!(start(&mut f), ["a:1"]);
        for j in 2..=4 {
            f.push("a", j).unwrap();
        }
        f.push("b", 1).unwrap();
        assert_eq!(start(&mut f), Vec::<String>::new());
        f.done("a");
        assert_eq!(start(&mut f), ["b:1"]);
        f.done("b");
        assert_eq!(start(&mut f), ["a:2"]);
    }

    #[test]
    fn a_free_worker_takes_another_user_at_once() {
        let mut f = Fair::new(2, 10);
        for j in 1..=5 {
            f.push("a", j).unwrap();
        }
        assert_eq!(start(&mut f), ["a:1"]);
        f.push("b", 1).unwrap();
        assert_eq!(start(&mut f), ["b:1"]);
    }

    #[test]
    fn users_take_turns() {
        // Three users with three jobs each over two workers: the order
        // of starts goes round the users, whoever queued most.
        let mut f = Fair::new(2, 10);
        for user in ["a", "b", "c"] {
            for j in 1..=3 {
                f.push(user, j).unwrap();
            }
        }
        let mut order = Vec::new();
        let mut running = std::collections::VecDeque::new();
        loop {
            for (user, job) in f.start() {
                order.push(format!("{user}:{job}"));
                running.push_back(user);
            }
            // The oldest running job ends first.
            let Some(user) = running.pop_front() else {
                break;
            };
            f.done(&user);
        }
        assert_eq!(
            order,
            [
                "a:1", "b:1", "c:1", "a:2", "b:2", "c:2", "a:3", "b:3", "c:3"
            ]
        );
    }

    #[test]
    fn a_full_queue_gives_the_job_back() {
        let mut f = Fair::new(1, 2);
        f.push("a", 1).unwrap();
        assert_eq!(start(&mut f), ["a:1"]);
        f.push("a", 2).unwrap();
        f.push("a", 3).unwrap();
        // Two waiting besides the running one: the next is refused, and
        // another user's is not.
        assert_eq!(f.push("a", 4), Err(4));
        f.push("b", 1).unwrap();
        f.done("a");
        assert_eq!(start(&mut f), ["b:1"]);
        // Room again once a job of a's starts.
        f.done("b");
        assert_eq!(start(&mut f), ["a:2"]);
        f.push("a", 4).unwrap();
    }

    #[test]
    fn a_user_whose_queue_empties_leaves_the_ring() {
        let mut f = Fair::new(1, 10);
        f.push("a", 1).unwrap();
        assert_eq!(start(&mut f), ["a:1"]);
        f.done("a");
        assert_eq!(start(&mut f), Vec::<String>::new());
        assert_eq!((f.running(), f.waiting()), (0, 0));
        f.push("a", 2).unwrap();
        assert_eq!(start(&mut f), ["a:2"]);
    }
}
