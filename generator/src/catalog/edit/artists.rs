//! Artists: creating one under a free name, changing it (a rename rewrites
//! the name every album and track carries, as a job that resumes after an
//! interruption), and the rows of one artist.

use serde::Deserialize;

use super::rules::{normalize_name, optional_text, required, today};
use super::*;
use crate::catalog::names;
use crate::catalog::queries;
use crate::catalog::records::{RENAME_JOBS, rename_job, rename_job_artist};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArtistInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub bio: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArtistPatch {
    pub name: Option<String>,
    pub bio: Option<String>,
    /// The version the edit was made on; a newer stored one is a conflict.
    pub version: Option<i64>,
}

/// An artist with what their page lists.
#[derive(Debug, Clone)]
pub struct ArtistRows {
    pub artist: Artist,
    pub albums: Vec<Album>,
    pub singles: Vec<Track>,
    pub featured: Vec<Track>,
}

fn name_taken(e: StoreError) -> EditError {
    match e {
        StoreError::ConditionFailed(_) | StoreError::TransactionCanceled { .. } => {
            EditError::NameTakenOrChanged
        }
        other => other.into(),
    }
}

impl Editor {
    /// One of the user's artists with their albums, singles and featured
    /// tracks.
    pub async fn artist_rows(&self, user: &User, id: &str) -> Result<ArtistRows> {
        let artist = self.artist(user, id).await?;
        let content = queries::artist_content(&self.store, id).await?.value;
        let (mut albums, mut singles, mut featured) = match content {
            Some(c) => (c.albums, c.singles, c.featured),
            None => Default::default(),
        };
        albums.retain(|a| a.artist_id == artist.id);
        singles.retain(|t| t.artist_id == artist.id);
        featured.retain(|t| t.artist_id == artist.id);
        Ok(ArtistRows {
            artist,
            albums,
            singles,
            featured,
        })
    }

    /// Refuses a name that is, or looks like, another artist's: its
    /// look-alike claim (`NAME#` + key, see `catalog::names`) held by
    /// another artist, or, for rows written without a claim (as the
    /// original wrote them), the name index. The error names the name that
    /// is taken.
    pub async fn check_name_free(&self, name: &str, except: Option<&str>) -> Result<()> {
        let claimed = self
            .store
            .get(names::claim_key(name))
            .await?
            .and_then(|claim| names::claim_holder(&claim).map(str::to_string))
            .filter(|holder| Some(holder.as_str()) != except);
        let holder = match claimed {
            Some(holder) => Some(holder),
            None => self
                .store
                .query_all(Query::new(Index::ArtistsNames, names::normalize(name)))
                .await?
                .iter()
                .filter_map(|row| crate::store::get_s(row, "PK"))
                .find(|pk| Some(*pk) != except)
                .map(str::to_string),
        };
        let Some(holder) = holder else {
            return Ok(());
        };
        let taken =
            self.store
                .get(Key::same(&holder))
                .await?
                .and_then(|item| match from_item(&item) {
                    Ok(Entity::Artist(a)) => Some(a.name),
                    _ => None,
                });
        Err(match taken {
            Some(taken) if taken == name => EditError::NameTaken(taken),
            Some(taken) => EditError::NameLooksTaken {
                name: name.to_string(),
                taken,
            },
            None => EditError::NameTakenByUnknown,
        })
    }

    /// A new artist of `user`, under a name no other artist has or looks
    /// like. A caller with a limit on artists per user checks it first.
    pub async fn create_artist(&self, user: &User, input: ArtistInput) -> Result<Change<Artist>> {
        let name = required(&input.name, "name")?;
        let normalized = normalize_name(&name);
        if normalized.is_empty() {
            return Err(EditError::NameNeedsLetter);
        }
        self.check_name_free(&name, None).await?;
        let id = crate::random::new_id();
        let mut artist = Artist {
            id: id.clone(),
            name,
            owner: Some(user.owner.clone()),
            normalized_name: Some(normalized.clone()),
            bio: optional_text(input.bio.as_deref())?,
            image_url: Some(String::new()),
            created_date: Some(today()),
            trogs: Written::default(),
            extra: Item::new(),
        };
        bump(&mut artist.trogs);
        self.store
            .transact(vec![
                Write::Put {
                    item: artist.to_item(),
                    condition: Some(Condition::NotExists),
                },
                Write::Put {
                    item: names::claim_item(&artist.name, &id),
                    condition: Some(Condition::NotExists),
                },
            ])
            .await
            .map_err(name_taken)?;
        let rows = vec![artist_row(&artist)];
        Ok(Change::new(artist, vec![Page::Artist(id)], rows))
    }

    /// Changes an artist's name or bio. A new name claims its look-alike
    /// key and releases the old one, and is written into every album and
    /// track of the artist.
    pub async fn update_artist(
        &self,
        user: &User,
        id: &str,
        patch: ArtistPatch,
    ) -> Result<Change<Artist>> {
        let mut artist = self.artist(user, id).await?;
        check_version(version_of(&artist.trogs), patch.version)?;
        let condition = same_version(&artist.trogs);
        let old_name = artist.name.clone();
        if let Some(bio) = &patch.bio {
            artist.bio = optional_text(Some(bio))?;
        }
        let mut writes = Vec::new();
        let renamed = match &patch.name {
            Some(name) => {
                let name = required(name, "name")?;
                let changed = name != old_name;
                if changed {
                    let normalized = normalize_name(&name);
                    if normalized.is_empty() {
                        return Err(EditError::NameNeedsLetter);
                    }
                    let old_normalized = artist.normalized_name.clone().unwrap_or_default();
                    let new_claim = names::claim_key(&name);
                    let same_claim = new_claim == names::claim_key(&old_name);
                    if normalized != old_normalized || !same_claim {
                        self.check_name_free(&name, Some(id)).await?;
                    }
                    if !same_claim {
                        writes.push(Write::Put {
                            item: names::claim_item(&name, id),
                            condition: Some(Condition::NotExists),
                        });
                        // Only the claims this artist holds: a name that came to
                        // look like another's shares that artist's claim.
                        writes.extend(names::release(&self.store, &artist).await?);
                    }
                    artist.name = name;
                    artist.normalized_name = Some(normalized);
                }
                changed
            }
            None => false,
        };
        bump(&mut artist.trogs);
        if renamed {
            // Remembered until every copy of the name is rewritten, so an
            // interrupted rename is finished by the next process to start.
            writes.push(Write::Put {
                item: rename_job(id),
                condition: None,
            });
        }
        writes.push(Write::Put {
            item: artist.to_item(),
            condition: Some(condition),
        });
        self.store.transact(writes).await.map_err(name_taken)?;
        if renamed {
            self.rename_everywhere(&artist).await?;
        }
        let rows = vec![artist_row(&artist)];
        Ok(Change::new(
            artist,
            vec![Page::Artist(id.to_string())],
            rows,
        ))
    }

    /// Rewrites the `ArtistName` every album and track of `artist` carries,
    /// a batch at a time, each item conditionally so a concurrent edit is
    /// not lost; then forgets the rename job. Running it again is harmless,
    /// which is how an interrupted rename resumes. Returns how many items
    /// it rewrote.
    pub async fn rename_everywhere(&self, artist: &Artist) -> Result<usize> {
        let mut keys: Vec<Key> = Vec::new();
        let content = self
            .store
            .query_all(Query::new(Index::ArtistContent, &artist.id))
            .await?;
        let mut album_ids = Vec::new();
        for item in &content {
            match from_item(item) {
                Ok(Entity::Album(a)) if a.artist_id == artist.id => {
                    album_ids.push(a.id.clone());
                    if a.artist_name.as_deref() != Some(&artist.name) {
                        keys.push(Key::new(&a.artist_id, &a.id));
                    }
                }
                Ok(Entity::Track(t))
                    if t.artist_id == artist.id
                        && t.artist_name.as_deref() != Some(&artist.name) =>
                {
                    keys.push(Key::same(&t.id));
                }
                _ => {}
            }
        }
        for album_id in album_ids {
            for item in self
                .store
                .query_all(Query::new(Index::ArtistsAlbums, &album_id).range(tracks_range()))
                .await?
            {
                if let Ok(Entity::Track(t)) = from_item(&item)
                    && t.artist_id == artist.id
                    && t.artist_name.as_deref() != Some(&artist.name)
                {
                    keys.push(Key::same(&t.id));
                }
            }
        }
        keys.sort_by(|a, b| (&a.pk, &a.sk).cmp(&(&b.pk, &b.sk)));
        keys.dedup();
        let total = keys.len();
        let updates = || {
            vec![
                Update::Set("ArtistName".into(), AttributeValue::s(&artist.name)),
                crate::catalog::items::bump_version(),
            ]
        };
        for batch in keys.chunks(25) {
            let writes = batch
                .iter()
                .map(|key| Write::Update {
                    key: key.clone(),
                    updates: updates(),
                    condition: Some(Condition::Exists),
                })
                .collect();
            if let Err(e) = self.store.transact(writes).await {
                // An item deleted meanwhile cancels its batch: do it one by one.
                tracing::debug!(error = %e, "rename batch retried item by item");
                for key in batch {
                    match self
                        .store
                        .update(key.clone(), updates(), Some(Condition::Exists))
                        .await
                    {
                        Ok(_) | Err(StoreError::ConditionFailed(_)) => {}
                        Err(e) => return Err(e.into()),
                    }
                }
            }
        }
        self.store
            .delete(Key::new(RENAME_JOBS, &artist.id), None)
            .await?;
        Ok(total)
    }

    /// Finishes renames that a stopped process left half done; returns the
    /// pages of the artists renamed, to publish.
    pub async fn resume_renames(&self) -> Result<Vec<Page>> {
        let jobs = self
            .store
            .query_all(Query::new(Index::Table, RENAME_JOBS))
            .await?;
        let mut done = Vec::new();
        for job in jobs {
            let Some(id) = rename_job_artist(&job).map(str::to_string) else {
                continue;
            };
            match self.store.get(Key::same(&id)).await? {
                Some(item) => {
                    if let Ok(Entity::Artist(a)) = from_item(&item) {
                        let n = self.rename_everywhere(&a).await?;
                        tracing::info!(artist = %id, items = n, "finished an interrupted rename");
                        done.push(Page::Artist(id));
                    }
                }
                None => {
                    self.store.delete(Key::new(RENAME_JOBS, &id), None).await?;
                }
            }
        }
        Ok(done)
    }

    /// Deletes an artist and everything of theirs, all or nothing: the
    /// artist is marked as being deleted (on the version read) with a job
    /// item, then their tracks, albums and the artist go, their media
    /// through the trash list. A delete left half done is finished by the
    /// next one.
    pub async fn delete_artist(&self, user: &User, id: &str) -> Result<Change<()>> {
        let artist = self.artist_any(user, id).await?;
        self.delete_artist_job(&artist).await
    }
}

/// The range of an album's rows in the album index that are its tracks
/// (`AA_SK = 1nn`; the album itself is `000`).
pub(super) fn tracks_range() -> RangeCondition {
    RangeCondition::BeginsWith("1".into())
}
