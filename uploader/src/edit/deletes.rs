//! Deletes that complete or change nothing. An album or an artist is first
//! marked as being deleted, conditionally on the version read, in the same
//! transaction as a job item (`PK = JOB#DELETE`); from then on nothing may
//! change it or its children, and the rest is resumable: the delete itself,
//! a retried delete or a process starting finishes it. Every item's media
//! is listed in the trash in the transaction that deletes the item.

use super::*;
use crate::regen::Expect;

/// Job items of deletes under way: `SK = album#ID` or `artist#ID`.
pub(super) const DELETE_JOBS: &str = "JOB#DELETE";
/// The attribute marking an album or an artist as being deleted; its value
/// is the job's `SK`.
pub(super) const DELETING: &str = "Deleting";

/// How many times an item that changed while it was being deleted is read
/// again and deleted on its new version.
const DELETE_TRIES: u32 = 12;

/// Refuses changes to what is being deleted.
pub(super) fn refuse_deleting(extra: &Item, what: &str) -> ApiResult<()> {
    if extra.contains_key(DELETING) {
        return Err(being_deleted(what));
    }
    Ok(())
}

fn being_deleted(what: &str) -> ApiError {
    ApiError::Conflict(format!(
        "this {what} is being deleted; reload in a moment (deleting it again finishes the delete)"
    ))
}

/// Refuses changes to the tracks of an album being deleted.
pub(super) async fn refuse_deleting_album(
    app: &App,
    artist_id: &str,
    album_id: &str,
) -> ApiResult<()> {
    match app.store.get(Key::new(artist_id, album_id)).await? {
        Some(item) if item.contains_key(DELETING) => Err(being_deleted("album")),
        _ => Ok(()),
    }
}

/// The keys among `keys` that are objects in our media store (not full
/// URLs), each once.
pub(super) fn ours(keys: Vec<String>) -> Vec<String> {
    let mut ours: Vec<String> = keys
        .into_iter()
        .filter(|k| !k.is_empty() && !k.contains("://") && !k.starts_with("//"))
        .collect();
    ours.sort();
    ours.dedup();
    ours
}

/// The writes listing `keys` in the trash, to go in the transaction that
/// deletes the item referring to them.
pub(super) fn trash_puts(keys: &[String]) -> Vec<Write> {
    keys.iter()
        .map(|k| Write::Put {
            item: trash_item(k),
            condition: None,
        })
        .collect()
}

/// Removes objects listed in the trash and then their entries; an object
/// that cannot be removed stays listed for the sweeper.
pub(super) async fn take_out_trash(app: &App, keys: Vec<String>) {
    for key in keys {
        let removed = if crate::faults::hit("media-delete") {
            Err("the media store is not reachable (injected)".to_string())
        } else {
            app.media.delete(&key).await.map_err(|e| e.to_string())
        };
        match removed {
            Ok(()) => {
                if let Err(e) = app.store.delete(Key::new(TRASH, &key), None).await {
                    tracing::warn!(%key, error = %e, "a removed object stays in the trash list; the sweeper forgets it");
                }
            }
            Err(e) => {
                tracing::warn!(%key, error = %e, "a media object could not be removed yet; it stays in the trash list")
            }
        }
    }
}

/// What a delete job takes away.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Album { artist_id: String, album_id: String },
    Artist { artist_id: String },
}

impl Target {
    fn sk(&self) -> String {
        match self {
            Target::Album { album_id, .. } => format!("album#{album_id}"),
            Target::Artist { artist_id } => format!("artist#{artist_id}"),
        }
    }

    fn job_key(&self) -> Key {
        Key::new(DELETE_JOBS, self.sk())
    }

    fn parent_key(&self) -> Key {
        match self {
            Target::Album {
                artist_id,
                album_id,
            } => Key::new(artist_id, album_id),
            Target::Artist { artist_id } => Key::same(artist_id),
        }
    }

    fn from_job(job: &Item) -> Option<Target> {
        let artist_id = trogs::store::get_s(job, "ArtistID")?.to_string();
        let sk = trogs::store::get_s(job, "SK")?;
        match sk.split_once('#')? {
            ("album", id) if is_valid_id(id) => Some(Target::Album {
                artist_id,
                album_id: id.to_string(),
            }),
            ("artist", id) if is_valid_id(id) && id == artist_id => {
                Some(Target::Artist { artist_id })
            }
            _ => None,
        }
    }
}

fn page_spec(page: &PageRef) -> Option<String> {
    match page {
        PageRef::Artist(id) => Some(format!("artist:{id}")),
        PageRef::Album(id) => Some(format!("album:{id}")),
        PageRef::Track(id) => Some(format!("track:{id}")),
        _ => None,
    }
}

fn job_pages(job: &Item) -> Vec<PageRef> {
    match job.get("Pages") {
        Some(AttributeValue::L(list)) => list
            .iter()
            .filter_map(|v| match v {
                AttributeValue::S(s) => PageRef::parse(s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn pages_value(pages: &[PageRef]) -> AttributeValue {
    AttributeValue::L(
        pages
            .iter()
            .filter_map(page_spec)
            .map(AttributeValue::S)
            .collect(),
    )
}

fn add_page(pages: &mut Vec<PageRef>, page: PageRef) {
    if !pages.contains(&page) {
        pages.push(page);
    }
}

/// Deletes `album` (of `artist`), or finishes its delete.
pub(super) async fn album(app: &App, album: &Album, artist: &Artist) -> ApiResult<Done<()>> {
    let target = Target::Album {
        artist_id: artist.id.clone(),
        album_id: album.id.clone(),
    };
    if !album.extra.contains_key(DELETING) {
        mark(app, &target, &album.extra).await?;
    }
    finish(app, &target).await
}

/// Deletes `artist` with everything of theirs, or finishes its delete.
pub(super) async fn artist(app: &App, artist: &Artist) -> ApiResult<Done<()>> {
    let target = Target::Artist {
        artist_id: artist.id.clone(),
    };
    if !artist.extra.contains_key(DELETING) {
        mark(app, &target, &artist.extra).await?;
    }
    finish(app, &target).await
}

/// The first step, the only one that can be refused: the parent marked as
/// being deleted on the version read, and the job remembered, at once.
/// Everything that changes the parent or its children bumps the parent's
/// version or checks the mark, so nothing is added or changed after it.
async fn mark(app: &App, target: &Target, extra: &Item) -> ApiResult<()> {
    let mut job = Item::new();
    let job_key = target.job_key();
    job.insert("PK".into(), AttributeValue::s(&job_key.pk));
    job.insert("SK".into(), AttributeValue::s(&job_key.sk));
    let (artist_id, parent_page) = match target {
        Target::Album {
            artist_id,
            album_id,
        } => (artist_id, PageRef::Album(album_id.clone())),
        Target::Artist { artist_id } => (artist_id, PageRef::Artist(artist_id.clone())),
    };
    job.insert("ArtistID".into(), AttributeValue::s(artist_id));
    job.insert("Since".into(), AttributeValue::s(today()));
    job.insert("Pages".into(), pages_value(&[parent_page]));
    let marked = app
        .store
        .transact(vec![
            Write::Update {
                key: target.parent_key(),
                updates: vec![
                    Update::Set(DELETING.into(), AttributeValue::s(&job_key.sk)),
                    Update::Add(VERSION.into(), 1),
                ],
                condition: Some(Condition::All(vec![
                    same_version(extra),
                    Condition::AttributeNotExists(DELETING.into()),
                ])),
            },
            Write::Put {
                item: job,
                condition: None,
            },
        ])
        .await;
    match marked {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. }) => {
            Err(ApiError::Conflict(
                "it was changed meanwhile (in another tab or by another request), so nothing was deleted; reload and try again"
                    .into(),
            ))
        }
        Err(e) => Err(e.into()),
    }
}

/// Runs the job for `target` to its end and publishes what it changed.
async fn finish(app: &App, target: &Target) -> ApiResult<Done<()>> {
    let (pages, expects, trash) = run(app, target).await.map_err(begun)?;
    take_out_trash(app, trash).await;
    let live = app.regen.publish(pages, expects).await;
    Ok(Done { value: (), live })
}

/// Finishes deletes that a stopped process left half done, publishing
/// their pages; returns how many.
pub async fn resume_deletes(app: &App) -> ApiResult<usize> {
    let jobs = app
        .store
        .query_all(Query::new(Index::Table, DELETE_JOBS))
        .await?;
    let mut done = 0;
    for job in jobs {
        let Some(target) = Target::from_job(&job) else {
            tracing::warn!(job = ?trogs::store::get_s(&job, "SK"), "a delete job that cannot be read is left alone");
            continue;
        };
        match finish(app, &target).await {
            Ok(finished) => {
                tracing::info!(job = %target.sk(), published = finished.live.published, "finished an interrupted delete");
                done += 1;
            }
            Err(e) => {
                tracing::warn!(job = %target.sk(), error = %e, "an interrupted delete could not be finished yet; deleting again finishes it")
            }
        }
    }
    Ok(done)
}

/// The steps after the mark, each safe to run again: what is there to
/// delete is listed and its pages remembered on the job; the tracks go
/// (each with its media listed in the trash, on the version read), then
/// the albums, then the parent with the job. Returns the pages to
/// publish, the rows they must no longer show, and the trashed keys.
async fn run(app: &App, target: &Target) -> ApiResult<(Vec<PageRef>, Vec<Expect>, Vec<String>)> {
    let job_key = target.job_key();
    let mut pages = match app.store.get(job_key.clone()).await? {
        Some(job) => job_pages(&job),
        None => Vec::new(),
    };
    let (artist_id, albums) = match target {
        Target::Album {
            artist_id,
            album_id,
        } => (artist_id.clone(), vec![album_id.clone()]),
        Target::Artist { artist_id } => (artist_id.clone(), artist_albums(app, artist_id).await?),
    };

    // Every page is remembered before anything goes, so a delete finished
    // by another process still unpublishes pages of items already gone.
    let before = pages.len();
    for album_id in &albums {
        add_page(&mut pages, PageRef::Album(album_id.clone()));
        for t in album_rows(app, &artist_id, album_id).await? {
            add_page(&mut pages, PageRef::Track(t.id));
        }
    }
    add_page(&mut pages, PageRef::Artist(artist_id.clone()));
    if matches!(target, Target::Artist { .. }) {
        for t in loose_tracks(app, &artist_id).await? {
            add_page(&mut pages, PageRef::Track(t.id));
        }
    }
    if pages.len() != before {
        let remembered = app
            .store
            .update(
                job_key.clone(),
                vec![Update::Set("Pages".into(), pages_value(&pages))],
                Some(Condition::Exists),
            )
            .await;
        match remembered {
            // Another process finished the job meanwhile: what is left to
            // do below finds nothing.
            Ok(_) | Err(StoreError::ConditionFailed(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }

    // The owner whose stored bytes each deleted track is counted off.
    let owner = match app.store.get(Key::same(&artist_id)).await? {
        Some(item) => match from_item(&item) {
            Ok(Entity::Artist(a)) => Some(a),
            _ => None,
        },
        None => None,
    };
    let mut expects = Vec::new();
    let mut trash = Vec::new();
    for album_id in &albums {
        delete_listed(
            app,
            || album_rows(app, &artist_id, album_id),
            |t: &Track| t.artist_id == artist_id && t.album_id() == Some(album_id.as_str()),
            owner.as_ref(),
            (&mut pages, &mut expects, &mut trash),
        )
        .await?;
        let last_step = matches!(target, Target::Album { .. });
        remove_album(
            app,
            &artist_id,
            album_id,
            last_step.then_some(&job_key),
            &mut trash,
        )
        .await?;
        expects.push(Expect::gone(
            Index::ArtistsAlbums,
            album_id,
            &artist_id,
            album_id,
        ));
    }
    if let Target::Artist { .. } = target {
        delete_listed(
            app,
            || loose_tracks(app, &artist_id),
            |t: &Track| t.artist_id == artist_id,
            owner.as_ref(),
            (&mut pages, &mut expects, &mut trash),
        )
        .await?;
        remove_artist(app, &artist_id, &job_key, &mut trash).await?;
        expects.push(Expect::gone(
            Index::ArtistContent,
            &artist_id,
            &artist_id,
            &artist_id,
        ));
    }
    Ok((pages, expects, trash))
}

/// After the mark, "nothing was changed" is no longer true: say that the
/// delete has begun, and how it finishes.
fn begun(e: ApiError) -> ApiError {
    match e {
        ApiError::Unavailable(_) | ApiError::Internal(_) => {
            if let ApiError::Internal(detail) = &e {
                tracing::error!(%detail, "a delete could not finish yet");
            }
            ApiError::Unavailable(
                "the delete has begun but could not finish now (the catalog is not reachable); \
                 delete it again in a moment to finish it (the service also finishes it when it \
                 restarts)"
                    .into(),
            )
        }
        other => other,
    }
}

/// Deletes every track `list` gives that `belongs`, listing again until a
/// listing has nothing left to delete (rows appear in an index a moment
/// after they are written). Each deleted track's pages, gone rows and
/// trashed media are added to `taken`, and its bytes counted off the
/// owner's usage.
async fn delete_listed<Listed>(
    app: &App,
    list: impl Fn() -> Listed,
    belongs: impl Fn(&Track) -> bool,
    owner: Option<&Artist>,
    taken: (&mut Vec<PageRef>, &mut Vec<Expect>, &mut Vec<String>),
) -> ApiResult<()>
where
    Listed: Future<Output = ApiResult<Vec<Track>>>,
{
    let (pages, expects, trash) = taken;
    for _ in 0..DELETE_TRIES {
        let mut deleted = false;
        for t in list().await? {
            if let Some(gone) = delete_track_item(app, &t.id, &belongs, trash).await? {
                if let Some(owner) = owner {
                    let freed = crate::quotas::track_bytes(&gone) as i64;
                    crate::quotas::count_bytes(app, owner, -freed).await;
                }
                add_page(pages, PageRef::Track(gone.id.clone()));
                expects.push(gone_expect(&gone));
                deleted = true;
            }
        }
        if !deleted {
            break;
        }
    }
    Ok(())
}

fn gone_expect(t: &Track) -> Expect {
    let mut gone = track_expect(t);
    gone.version = None;
    gone
}

/// The artist's albums, read from the table by the artist's key (not an
/// index), so none just written is missed.
async fn artist_albums(app: &App, artist_id: &str) -> ApiResult<Vec<String>> {
    let rows = app
        .store
        .query_all(Query::new(Index::Table, artist_id))
        .await?;
    Ok(rows
        .iter()
        .filter_map(|item| match from_item(item) {
            Ok(Entity::Album(a)) if a.artist_id == artist_id => Some(a.id),
            _ => None,
        })
        .collect())
}

/// The tracks the album index lists for an album of `artist_id`.
async fn album_rows(app: &App, artist_id: &str, album_id: &str) -> ApiResult<Vec<Track>> {
    let rows = app
        .store
        .query_all(
            Query::new(Index::ArtistsAlbums, album_id)
                .range(RangeCondition::BeginsWith("1".into())),
        )
        .await?;
    Ok(rows
        .iter()
        .filter_map(|item| match from_item(item) {
            Ok(Entity::Track(t)) if t.artist_id == artist_id => Some(t),
            _ => None,
        })
        .collect())
}

/// The artist's tracks the artist index lists (singles, featured tracks).
async fn loose_tracks(app: &App, artist_id: &str) -> ApiResult<Vec<Track>> {
    let rows = app
        .store
        .query_all(Query::new(Index::ArtistContent, artist_id))
        .await?;
    Ok(rows
        .iter()
        .filter_map(|item| match from_item(item) {
            Ok(Entity::Track(t)) if t.artist_id == artist_id => Some(t),
            _ => None,
        })
        .collect())
}

/// Deletes the track `id`, as stored now, if `belongs`, with its media
/// listed in the trash in the same transaction; a track changed meanwhile
/// is read again. Returns the track deleted, or None if it was not there.
async fn delete_track_item(
    app: &App,
    id: &str,
    belongs: impl Fn(&Track) -> bool,
    trash: &mut Vec<String>,
) -> ApiResult<Option<Track>> {
    for attempt in 0..DELETE_TRIES {
        let Some(item) = app.store.get(Key::same(id)).await? else {
            return Ok(None);
        };
        let Ok(Entity::Track(t)) = from_item(&item) else {
            return Ok(None);
        };
        if !belongs(&t) {
            return Ok(None);
        }
        let keys = ours(track_media(&t));
        let mut writes = vec![Write::Delete {
            key: Key::same(id),
            condition: Some(same_version(&t.extra)),
        }];
        writes.extend(trash_puts(&keys));
        match app.store.transact(writes).await {
            Ok(()) => {
                trash.extend(keys);
                if crate::faults::hit("delete-stop") {
                    tracing::error!("the process stops partway through a delete (injected)");
                    std::process::exit(70);
                }
                return Ok(Some(t));
            }
            Err(StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. }) => {
                pause_before_retry(attempt).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(kept_changing())
}

fn kept_changing() -> ApiError {
    ApiError::Conflict(
        "what is being deleted kept changing; delete it again to finish the delete".into(),
    )
}

/// Deletes the album item with its image listed in the trash; for an
/// album's own delete, with the job, and bumping the artist's version
/// (their album list changed).
async fn remove_album(
    app: &App,
    artist_id: &str,
    album_id: &str,
    job: Option<&Key>,
    trash: &mut Vec<String>,
) -> ApiResult<()> {
    let key = Key::new(artist_id, album_id);
    for attempt in 0..DELETE_TRIES {
        let mut writes = Vec::new();
        let mut keys = Vec::new();
        match app.store.get(key.clone()).await? {
            Some(item) => {
                if let Ok(Entity::Album(a)) = from_item(&item) {
                    keys = ours(image_keys(a.image(), &a.extra));
                }
                writes.push(Write::Delete {
                    key: key.clone(),
                    condition: Some(same_version(&item)),
                });
                writes.extend(trash_puts(&keys));
            }
            // Gone already (another process finished it).
            None if job.is_none() => return Ok(()),
            None => {}
        }
        if let Some(job) = job {
            writes.push(Write::Delete {
                key: job.clone(),
                condition: None,
            });
            if let Some(artist) = app.store.get(Key::same(artist_id)).await? {
                writes.push(Write::Update {
                    key: Key::same(artist_id),
                    updates: vec![Update::Add(VERSION.into(), 1)],
                    condition: Some(same_version(&artist)),
                });
            }
        }
        match app.store.transact(writes).await {
            Ok(()) => {
                trash.extend(keys);
                return Ok(());
            }
            Err(StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. }) => {
                pause_before_retry(attempt).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(kept_changing())
}

/// The last step of an artist's delete: the artist, their name's claim,
/// their image (listed in the trash) and the job, at once.
async fn remove_artist(
    app: &App,
    artist_id: &str,
    job: &Key,
    trash: &mut Vec<String>,
) -> ApiResult<()> {
    for attempt in 0..DELETE_TRIES {
        let mut writes = vec![Write::Delete {
            key: job.clone(),
            condition: None,
        }];
        let mut keys = Vec::new();
        if let Some(item) = app.store.get(Key::same(artist_id)).await?
            && let Ok(Entity::Artist(a)) = from_item(&item)
        {
            keys = ours(image_keys(a.image(), &a.extra));
            writes.push(Write::Delete {
                key: Key::same(artist_id),
                condition: Some(same_version(&a.extra)),
            });
            writes.extend(trogs::catalog::names::release(&app.store, &a).await?);
            // A rename of theirs left unfinished has nothing left to do.
            writes.push(Write::Delete {
                key: Key::new(RENAME_JOBS, artist_id),
                condition: None,
            });
            writes.extend(trash_puts(&keys));
        }
        match app.store.transact(writes).await {
            Ok(()) => {
                trash.extend(keys);
                return Ok(());
            }
            Err(StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. }) => {
                pause_before_retry(attempt).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(kept_changing())
}
