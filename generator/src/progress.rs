//! Long work that tells its caller how far it got: the callback a build and
//! the media pipeline call with (done, total), and the bounded runner that
//! both parts of the media pipeline run their files through.

use std::sync::Arc;

/// A progress callback: called with how many are done and how many are known
/// so far (a full build learns its size as it reads the catalog).
pub type Progress = Arc<dyn Fn(usize, usize) + Send + Sync>;

/// Runs `work` over `todo`, up to `jobs` at once, telling `progress`
/// (done, total) after each; returns how many succeeded and each item that
/// failed with why. Both parts of the pipeline run their files through it.
pub(crate) async fn run_bounded<T, F, Fut>(
    todo: Vec<T>,
    jobs: usize,
    progress: Option<Progress>,
    work: F,
) -> (usize, Vec<(T, String)>)
where
    F: Fn(T) -> Fut,
    Fut: std::future::Future<Output = (T, Result<(), String>)>,
{
    use futures_util::StreamExt as _;
    let total = todo.len();
    let (mut done, mut succeeded, mut failed) = (0, 0, Vec::new());
    let mut results = futures_util::stream::iter(todo)
        .map(work)
        .buffer_unordered(jobs.max(1));
    while let Some((item, outcome)) = results.next().await {
        done += 1;
        match outcome {
            Ok(()) => succeeded += 1,
            Err(why) => failed.push((item, why)),
        }
        if let Some(p) = &progress {
            p(done, total);
        }
    }
    (succeeded, failed)
}
