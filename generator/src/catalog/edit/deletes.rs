//! Deletes that complete or change nothing. An album or an artist is first
//! marked as being deleted, conditionally on the version read, in the same
//! transaction as a job item (`PK = JOB#DELETE`); from then on nothing may
//! change it or its children, and the rest is resumable: the delete itself,
//! a retried delete or a process starting finishes it. Every item's media
//! is listed in the trash in the transaction that deletes the item.

use super::artists::tracks_range;
use super::files::{take_out_trash, trash_puts};
use super::*;
use crate::catalog::records::{
    DELETE_JOBS, DeleteJobRecord, RENAME_JOBS, count_bytes, track_bytes,
};

/// How many times an item that changed while it was being deleted is read
/// again and deleted on its new version.
const DELETE_TRIES: u32 = 12;

/// Refuses changes to what is being deleted.
pub(super) fn refuse_deleting(trogs: &Written, what: &'static str) -> Result<()> {
    if trogs.deleting.is_some() {
        return Err(EditError::BeingDeleted(what));
    }
    Ok(())
}

/// Refuses changes to the tracks of an album being deleted.
pub(super) async fn refuse_deleting_album(
    editor: &Editor,
    artist_id: &str,
    album_id: &str,
) -> Result<()> {
    match editor.store.get(Key::new(artist_id, album_id)).await? {
        Some(item) if Written::of(&item).deleting.is_some() => {
            Err(EditError::BeingDeleted("album"))
        }
        _ => Ok(()),
    }
}

/// A delete under way: what its job takes away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeleteJob {
    Album { artist_id: String, album_id: String },
    Artist { artist_id: String },
}

impl DeleteJob {
    /// The job's `SK`: `album#ID` or `artist#ID`.
    pub fn sk(&self) -> String {
        match self {
            DeleteJob::Album { album_id, .. } => format!("album#{album_id}"),
            DeleteJob::Artist { artist_id } => format!("artist#{artist_id}"),
        }
    }

    fn job_key(&self) -> Key {
        DeleteJobRecord::key(&self.sk())
    }

    fn parent_key(&self) -> Key {
        match self {
            DeleteJob::Album {
                artist_id,
                album_id,
            } => Key::new(artist_id, album_id),
            DeleteJob::Artist { artist_id } => Key::same(artist_id),
        }
    }

    fn from_job(job: &Item) -> Option<DeleteJob> {
        let DeleteJobRecord { sk, artist_id, .. } = DeleteJobRecord::from_item(job)?;
        match sk.split_once('#')? {
            ("album", id) if is_valid_id(id) => Some(DeleteJob::Album {
                artist_id,
                album_id: id.to_string(),
            }),
            ("artist", id) if is_valid_id(id) && id == artist_id => {
                Some(DeleteJob::Artist { artist_id })
            }
            _ => None,
        }
    }
}

fn job_pages(job: &Item) -> Vec<Page> {
    DeleteJobRecord::from_item(job)
        .map(|r| r.pages.iter().filter_map(|s| Page::parse(s)).collect())
        .unwrap_or_default()
}

fn page_specs(pages: &[Page]) -> Vec<String> {
    pages.iter().map(Page::spec).collect()
}

fn add_page(pages: &mut Vec<Page>, page: Page) {
    if !pages.contains(&page) {
        pages.push(page);
    }
}

/// What a delete took away so far: the pages to publish, the rows they
/// must no longer show, and the media keys listed in the trash.
#[derive(Default)]
struct Taken {
    pages: Vec<Page>,
    rows: Vec<Row>,
    trash: Vec<String>,
}

impl Editor {
    /// Deletes `album` (of `artist`), or finishes its delete.
    pub(super) async fn delete_album_job(
        &self,
        album: &Album,
        artist: &Artist,
    ) -> Result<Change<()>> {
        let job = DeleteJob::Album {
            artist_id: artist.id.clone(),
            album_id: album.id.clone(),
        };
        if album.trogs.deleting.is_none() {
            self.mark(&job, &album.trogs).await?;
        }
        self.finish_delete(&job).await
    }

    /// Deletes `artist` with everything of theirs, or finishes its delete.
    pub(super) async fn delete_artist_job(&self, artist: &Artist) -> Result<Change<()>> {
        let job = DeleteJob::Artist {
            artist_id: artist.id.clone(),
        };
        if artist.trogs.deleting.is_none() {
            self.mark(&job, &artist.trogs).await?;
        }
        self.finish_delete(&job).await
    }

    /// The first step, the only one that can be refused: the parent marked
    /// as being deleted on the version read, and the job remembered, at
    /// once. Everything that changes the parent or its children bumps the
    /// parent's version or checks the mark, so nothing is added or changed
    /// after it.
    async fn mark(&self, target: &DeleteJob, trogs: &Written) -> Result<()> {
        let job_key = target.job_key();
        let (artist_id, parent_page) = match target {
            DeleteJob::Album {
                artist_id,
                album_id,
            } => (artist_id, Page::Album(album_id.clone())),
            DeleteJob::Artist { artist_id } => (artist_id, Page::Artist(artist_id.clone())),
        };
        let job = DeleteJobRecord {
            sk: job_key.sk.clone(),
            artist_id: artist_id.clone(),
            since: rules::today(),
            pages: page_specs(&[parent_page]),
        }
        .to_item();
        let marked = self
            .store
            .transact(vec![
                Write::Update {
                    key: target.parent_key(),
                    updates: vec![items::mark_deleting(&job_key.sk), items::bump_version()],
                    condition: Some(Condition::All(vec![
                        same_version(trogs),
                        items::no_delete_mark(),
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
                Err(EditError::ChangedBeforeDelete)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Runs the delete `job` to its end, removing the media it trashed;
    /// returns the pages it changed.
    pub async fn finish_delete(&self, job: &DeleteJob) -> Result<Change<()>> {
        let taken = self.run(job).await.map_err(begun)?;
        take_out_trash(self, taken.trash).await;
        Ok(Change::new((), taken.pages, taken.rows))
    }

    /// The deletes a stopped process left half done, to finish with
    /// [`Editor::finish_delete`].
    pub async fn delete_jobs(&self) -> Result<Vec<DeleteJob>> {
        let jobs = self
            .store
            .query_all(Query::new(Index::Table, DELETE_JOBS))
            .await?;
        Ok(jobs
            .iter()
            .filter_map(|job| {
                let target = DeleteJob::from_job(job);
                if target.is_none() {
                    tracing::warn!(job = ?crate::store::get_s(job, "SK"), "a delete job that cannot be read is left alone");
                }
                target
            })
            .collect())
    }

    /// The steps after the mark, each safe to run again: what is there to
    /// delete is listed and its pages remembered on the job; the tracks go
    /// (each with its media listed in the trash, on the version read), then
    /// the albums, then the parent with the job.
    async fn run(&self, target: &DeleteJob) -> Result<Taken> {
        let job_key = target.job_key();
        let mut taken = Taken {
            pages: match self.store.get(job_key.clone()).await? {
                Some(job) => job_pages(&job),
                None => Vec::new(),
            },
            ..Taken::default()
        };
        let (artist_id, albums) = match target {
            DeleteJob::Album {
                artist_id,
                album_id,
            } => (artist_id.clone(), vec![album_id.clone()]),
            DeleteJob::Artist { artist_id } => {
                (artist_id.clone(), self.artist_albums(artist_id).await?)
            }
        };

        // Every page is remembered before anything goes, so a delete finished
        // by another process still unpublishes pages of items already gone.
        let before = taken.pages.len();
        for album_id in &albums {
            add_page(&mut taken.pages, Page::Album(album_id.clone()));
            for t in self.album_rows(&artist_id, album_id).await? {
                add_page(&mut taken.pages, Page::Track(t.id));
            }
        }
        add_page(&mut taken.pages, Page::Artist(artist_id.clone()));
        if matches!(target, DeleteJob::Artist { .. }) {
            for t in self.loose_tracks(&artist_id).await? {
                add_page(&mut taken.pages, Page::Track(t.id));
            }
        }
        if taken.pages.len() != before {
            let remembered = self
                .store
                .update(
                    job_key.clone(),
                    vec![DeleteJobRecord::set_pages(&page_specs(&taken.pages))],
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
        let owner = match self.store.get(Key::same(&artist_id)).await? {
            Some(item) => match from_item(&item) {
                Ok(Entity::Artist(a)) => Some(a),
                _ => None,
            },
            None => None,
        };
        for album_id in &albums {
            self.delete_listed(
                || self.album_rows(&artist_id, album_id),
                |t: &Track| t.artist_id == artist_id && t.album_id() == Some(album_id.as_str()),
                owner.as_ref(),
                &mut taken,
            )
            .await?;
            let last_step = matches!(target, DeleteJob::Album { .. });
            self.remove_album(
                &artist_id,
                album_id,
                last_step.then_some(&job_key),
                &mut taken.trash,
            )
            .await?;
            taken.rows.push(Row::gone(
                Index::ArtistsAlbums,
                album_id,
                &artist_id,
                album_id,
            ));
        }
        if let DeleteJob::Artist { .. } = target {
            self.delete_listed(
                || self.loose_tracks(&artist_id),
                |t: &Track| t.artist_id == artist_id,
                owner.as_ref(),
                &mut taken,
            )
            .await?;
            self.remove_artist(&artist_id, &job_key, &mut taken.trash)
                .await?;
            taken.rows.push(Row::gone(
                Index::ArtistContent,
                &artist_id,
                &artist_id,
                &artist_id,
            ));
        }
        Ok(taken)
    }

    /// Deletes every track `list` gives that `belongs`, listing again until
    /// a listing has nothing left to delete (rows appear in an index a
    /// moment after they are written). Each deleted track's pages, gone rows
    /// and trashed media are added to `taken`, and its bytes counted off the
    /// owner's usage.
    async fn delete_listed<Listed>(
        &self,
        list: impl Fn() -> Listed,
        belongs: impl Fn(&Track) -> bool,
        owner: Option<&Artist>,
        taken: &mut Taken,
    ) -> Result<()>
    where
        Listed: Future<Output = Result<Vec<Track>>>,
    {
        for _ in 0..DELETE_TRIES {
            let mut deleted = false;
            for t in list().await? {
                if let Some(gone) = self
                    .delete_track_item(&t.id, &belongs, &mut taken.trash)
                    .await?
                {
                    if let Some(owner) = owner {
                        count_bytes(&self.store, owner, -(track_bytes(&gone) as i64)).await;
                    }
                    add_page(&mut taken.pages, Page::Track(gone.id.clone()));
                    taken.rows.push(gone_row(&gone));
                    deleted = true;
                }
            }
            if !deleted {
                break;
            }
        }
        Ok(())
    }

    /// The artist's albums, read from the table by the artist's key (not an
    /// index), so none just written is missed.
    async fn artist_albums(&self, artist_id: &str) -> Result<Vec<String>> {
        let rows = self
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
    async fn album_rows(&self, artist_id: &str, album_id: &str) -> Result<Vec<Track>> {
        let rows = self
            .store
            .query_all(Query::new(Index::ArtistsAlbums, album_id).range(tracks_range()))
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
    async fn loose_tracks(&self, artist_id: &str) -> Result<Vec<Track>> {
        let rows = self
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
    /// listed in the trash in the same transaction; a track changed
    /// meanwhile is read again. Returns the track deleted, or None if it
    /// was not there.
    async fn delete_track_item(
        &self,
        id: &str,
        belongs: impl Fn(&Track) -> bool,
        trash: &mut Vec<String>,
    ) -> Result<Option<Track>> {
        let belongs = &belongs;
        let gone = self
            .delete_step(trash, move || async move {
                let Some(item) = self.store.get(Key::same(id)).await? else {
                    return Ok(Step::Nothing(None));
                };
                let Ok(Entity::Track(t)) = from_item(&item) else {
                    return Ok(Step::Nothing(None));
                };
                if !belongs(&t) {
                    return Ok(Step::Nothing(None));
                }
                let keys = ours(track_media(&t));
                let mut writes = vec![Write::Delete {
                    key: Key::same(id),
                    condition: Some(same_version(&t.trogs)),
                }];
                writes.extend(trash_puts(&keys));
                Ok(Step::Write {
                    writes,
                    keys,
                    answer: Some(t),
                })
            })
            .await?;
        if gone.is_some() && self.fault("delete-stop") {
            tracing::error!("the process stops partway through a delete (injected)");
            std::process::exit(70);
        }
        Ok(gone)
    }

    /// Deletes the album item with its image listed in the trash; for an
    /// album's own delete, with the job, and bumping the artist's version
    /// (their album list changed).
    async fn remove_album(
        &self,
        artist_id: &str,
        album_id: &str,
        job: Option<&Key>,
        trash: &mut Vec<String>,
    ) -> Result<()> {
        let key = &Key::new(artist_id, album_id);
        self.delete_step(trash, move || async move {
            let mut writes = Vec::new();
            let mut keys = Vec::new();
            match self.store.get(key.clone()).await? {
                Some(item) => {
                    if let Ok(Entity::Album(a)) = from_item(&item) {
                        keys = ours(image_keys(a.image(), &a.trogs));
                    }
                    writes.push(Write::Delete {
                        key: key.clone(),
                        condition: Some(same_version(&Written::of(&item))),
                    });
                    writes.extend(trash_puts(&keys));
                }
                // Gone already (another process finished it).
                None if job.is_none() => return Ok(Step::Nothing(())),
                None => {}
            }
            if let Some(job) = job {
                writes.push(Write::Delete {
                    key: job.clone(),
                    condition: None,
                });
                if let Some(artist) = self.store.get(Key::same(artist_id)).await? {
                    writes.push(Write::Update {
                        key: Key::same(artist_id),
                        updates: vec![items::bump_version()],
                        condition: Some(same_version(&Written::of(&artist))),
                    });
                }
            }
            Ok(Step::Write {
                writes,
                keys,
                answer: (),
            })
        })
        .await
    }

    /// The last step of an artist's delete: the artist, their name's claim,
    /// their image (listed in the trash) and the job, at once.
    async fn remove_artist(
        &self,
        artist_id: &str,
        job: &Key,
        trash: &mut Vec<String>,
    ) -> Result<()> {
        self.delete_step(trash, move || async move {
            let mut writes = vec![Write::Delete {
                key: job.clone(),
                condition: None,
            }];
            let mut keys = Vec::new();
            if let Some(item) = self.store.get(Key::same(artist_id)).await?
                && let Ok(Entity::Artist(a)) = from_item(&item)
            {
                keys = ours(image_keys(a.image(), &a.trogs));
                writes.push(Write::Delete {
                    key: Key::same(artist_id),
                    condition: Some(same_version(&a.trogs)),
                });
                writes.extend(crate::catalog::names::release(&self.store, &a).await?);
                // A rename of theirs left unfinished has nothing left to do.
                writes.push(Write::Delete {
                    key: Key::new(RENAME_JOBS, artist_id),
                    condition: None,
                });
                writes.extend(trash_puts(&keys));
            }
            Ok(Step::Write {
                writes,
                keys,
                answer: (),
            })
        })
        .await
    }

    /// One step of a delete, on what is stored now: `read` reads it and
    /// says what to write, which is written in one transaction on the
    /// versions read. When something changed meanwhile, the step reads
    /// again (a bounded number of times). The media keys the writes list
    /// in the trash reach `trash` only once they are written.
    async fn delete_step<T, Read>(
        &self,
        trash: &mut Vec<String>,
        read: impl Fn() -> Read,
    ) -> Result<T>
    where
        Read: Future<Output = Result<Step<T>>>,
    {
        for attempt in 0..DELETE_TRIES {
            let (writes, keys, answer) = match read().await? {
                Step::Nothing(answer) => return Ok(answer),
                Step::Write {
                    writes,
                    keys,
                    answer,
                } => (writes, keys, answer),
            };
            match self.store.transact(writes).await {
                Ok(()) => {
                    trash.extend(keys);
                    return Ok(answer);
                }
                Err(StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. }) => {
                    pause_before_retry(attempt).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(EditError::DeleteKeptChanging)
    }
}

/// What one read of a [`Editor::delete_step`] found to do.
enum Step<T> {
    /// Nothing to write; the step's answer.
    Nothing(T),
    /// The writes to make at once, the media keys they list in the trash,
    /// and the step's answer once they are made.
    Write {
        writes: Vec<Write>,
        keys: Vec<String>,
        answer: T,
    },
}

/// After the mark, "nothing was changed" is no longer true: say that the
/// delete has begun, and how it finishes.
fn begun(e: EditError) -> EditError {
    match e {
        EditError::CatalogUnavailable | EditError::MediaUnavailable | EditError::Internal(_) => {
            if let EditError::Internal(detail) = &e {
                tracing::error!(%detail, "a delete could not finish yet");
            }
            EditError::DeleteUnfinished
        }
        other => other,
    }
}
