//! The table interface: the few operations the generator and the uploader
//! need from the catalog table, over interchangeable engines. Every engine
//! passes the same conformance tests (`tests/store.rs`).

pub mod backup;
pub mod dynamo;
mod embedded;
pub mod json;
mod value;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub use dynamo::Dynamo;
pub use embedded::Embedded;
pub use value::{AttributeValue, Item, get_s, validate_item};

/// The table and its global secondary indexes, as `docs/catalog.md` describes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Index {
    /// The table itself: `PK` / `SK`.
    Table,
    /// `IX_ARTISTS_ALBUMS`: `AA_PK` / `AA_SK`, all attributes.
    ArtistsAlbums,
    /// `IX_ARTIST_CONTENT`: `AC_PK` / `AC_SK`, all attributes.
    ArtistContent,
    /// `IX_ARTISTS_BY_OWNER`: `Owner` / `PK`, all attributes.
    ArtistsByOwner,
    /// `IX_ARTISTS_NAMES`: `NormalizedName` / `PK`, keys only.
    ArtistsNames,
}

impl Index {
    /// Attributes that are keys of some index; DynamoDB types them all S.
    pub const GSI_KEY_ATTRIBUTES: &'static [&'static str] = &[
        "AA_PK",
        "AA_SK",
        "AC_PK",
        "AC_SK",
        "Owner",
        "NormalizedName",
    ];

    /// The name of the index in DynamoDB (`None` for the table).
    pub fn name(self) -> Option<&'static str> {
        match self {
            Index::Table => None,
            Index::ArtistsAlbums => Some("IX_ARTISTS_ALBUMS"),
            Index::ArtistContent => Some("IX_ARTIST_CONTENT"),
            Index::ArtistsByOwner => Some("IX_ARTISTS_BY_OWNER"),
            Index::ArtistsNames => Some("IX_ARTISTS_NAMES"),
        }
    }

    pub fn hash_key(self) -> &'static str {
        match self {
            Index::Table => "PK",
            Index::ArtistsAlbums => "AA_PK",
            Index::ArtistContent => "AC_PK",
            Index::ArtistsByOwner => "Owner",
            Index::ArtistsNames => "NormalizedName",
        }
    }

    pub fn range_key(self) -> &'static str {
        match self {
            Index::Table => "SK",
            Index::ArtistsAlbums => "AA_SK",
            Index::ArtistContent => "AC_SK",
            Index::ArtistsByOwner | Index::ArtistsNames => "PK",
        }
    }

    /// Whether the index holds only key attributes (table and index keys).
    pub fn keys_only(self) -> bool {
        self == Index::ArtistsNames
    }

    /// The key attributes that identify a position in this index: what a
    /// continuation cursor (DynamoDB's `LastEvaluatedKey`) holds.
    pub fn cursor_attributes(self) -> Vec<&'static str> {
        let mut attrs = vec!["PK", "SK"];
        for a in [self.hash_key(), self.range_key()] {
            if !attrs.contains(&a) {
                attrs.push(a);
            }
        }
        attrs
    }
}

/// A condition on the range key of a query.
#[derive(Debug, Clone, PartialEq)]
pub enum RangeCondition {
    Eq(String),
    BeginsWith(String),
    Between(String, String),
    Lt(String),
    Le(String),
    Gt(String),
    Ge(String),
}

/// One query: a hash key, an optional range condition, a direction, a page
/// size and where to continue from.
#[derive(Debug, Clone)]
pub struct Query {
    pub index: Index,
    pub hash: String,
    pub range: Option<RangeCondition>,
    pub forward: bool,
    pub limit: Option<usize>,
    pub start: Option<Cursor>,
}

impl Query {
    pub fn new(index: Index, hash: impl Into<String>) -> Self {
        Query {
            index,
            hash: hash.into(),
            range: None,
            forward: true,
            limit: None,
            start: None,
        }
    }

    pub fn range(mut self, condition: RangeCondition) -> Self {
        self.range = Some(condition);
        self
    }

    pub fn backward(mut self) -> Self {
        self.forward = false;
        self
    }

    pub fn limit(mut self, limit: usize) -> Self {
        self.limit = Some(limit);
        self
    }

    pub fn start(mut self, cursor: Option<Cursor>) -> Self {
        self.start = cursor;
        self
    }
}

/// Where a query left off: the key attributes of the last item returned.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor(pub Item);

/// One page of query results.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
    /// Set when there may be more items; pass it as the next query's start.
    pub next: Option<Cursor>,
}

/// A table key: `PK` and `SK`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    pub fn new(pk: impl Into<String>, sk: impl Into<String>) -> Self {
        Key {
            pk: pk.into(),
            sk: sk.into(),
        }
    }

    /// The key of an item whose `PK` and `SK` are both the id.
    pub fn same(id: &str) -> Self {
        Key::new(id, id)
    }

    pub fn of(item: &Item) -> Option<Key> {
        Some(Key::new(get_s(item, "PK")?, get_s(item, "SK")?))
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PK={:?} SK={:?}", self.pk, self.sk)
    }
}

/// A condition a write depends on, evaluated against the stored item.
/// Each maps to one DynamoDB condition expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `attribute_exists(PK)`: the item is there.
    Exists,
    /// `attribute_not_exists(PK)`: the item is not there.
    NotExists,
    AttributeExists(String),
    AttributeNotExists(String),
    /// `name = :value` (false when the item or attribute is missing).
    Equals(String, AttributeValue),
    All(Vec<Condition>),
}

impl Condition {
    pub fn holds(&self, item: Option<&Item>) -> bool {
        match self {
            Condition::Exists => item.is_some(),
            Condition::NotExists => item.is_none(),
            Condition::AttributeExists(a) => item.is_some_and(|i| i.contains_key(a)),
            Condition::AttributeNotExists(a) => !item.is_some_and(|i| i.contains_key(a)),
            Condition::Equals(a, v) => item.and_then(|i| i.get(a)) == Some(v),
            Condition::All(all) => all.iter().all(|c| c.holds(item)),
        }
    }
}

/// One change to one attribute of an item.
#[derive(Debug, Clone, PartialEq)]
pub enum Update {
    /// `SET name = :value`
    Set(String, AttributeValue),
    /// `REMOVE name`
    Remove(String),
    /// `ADD name :n` on a number (a missing attribute counts as 0).
    Add(String, i64),
}

/// One operation of an all-or-nothing transaction.
#[derive(Debug, Clone)]
pub enum Write {
    Put {
        item: Item,
        condition: Option<Condition>,
    },
    Update {
        key: Key,
        updates: Vec<Update>,
        condition: Option<Condition>,
    },
    Delete {
        key: Key,
        condition: Option<Condition>,
    },
    Check {
        key: Key,
        condition: Condition,
    },
}

impl Write {
    pub fn key(&self) -> Option<Key> {
        match self {
            Write::Put { item, .. } => Key::of(item),
            Write::Update { key, .. } | Write::Delete { key, .. } | Write::Check { key, .. } => {
                Some(key.clone())
            }
        }
    }
}

/// DynamoDB's limit on the operations of one transaction.
pub const MAX_TRANSACTION_WRITES: usize = 100;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the condition on {0} does not hold; nothing was written")]
    ConditionFailed(Key),
    #[error("transaction cancelled, nothing was written: {}", .reasons.join("; "))]
    TransactionCanceled { reasons: Vec<String> },
    #[error("invalid request: {0}")]
    Invalid(String),
    #[error(
        "the catalog file {path} could not be opened: {detail}. Check the path given with --store"
    )]
    Open { path: PathBuf, detail: String },
    #[error(
        "the catalog {0} does not exist. Check --store (or TROGS_STORE, or `store` in trogs.toml); `trogs demo` or `trogs import FILE` creates a catalog"
    )]
    Missing(String),
    #[error("catalog engine error: {0}")]
    Backend(String),
    #[error("the stored item {key} is damaged: {detail}")]
    Corrupt { key: String, detail: String },
    #[error("unknown store {0:?}: use sqlite:PATH or dynamodb://TABLE")]
    UnknownStore(String),
    #[error(
        "the table {table} does not match the catalog layout (docs/catalog.md): {}. `trogs table check` lists the differences",
        .differences.join("; ")
    )]
    Layout {
        table: String,
        differences: Vec<String>,
    },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The catalog table, over one of its engines. Cheap to clone and share.
#[derive(Clone)]
pub struct Store {
    engine: Engine,
    stats: Arc<Stats>,
}

#[derive(Clone)]
enum Engine {
    Embedded(Arc<Embedded>),
    Dynamo(Arc<Dynamo>),
}

/// Requests made through one store, for build reports and benchmarks.
#[derive(Debug, Default)]
pub struct Stats {
    /// Query requests (each page of results is one).
    pub queries: AtomicU64,
    pub gets: AtomicU64,
    pub writes: AtomicU64,
    /// Scan requests (each page is one). Pages never scan.
    pub scans: AtomicU64,
    /// Batch write requests (DynamoDB).
    pub batch_writes: AtomicU64,
    /// Requests DynamoDB throttled (or batch items it left unprocessed),
    /// each retried after a backoff.
    pub throttled: AtomicU64,
    /// Read and write capacity consumed, in thousandths of a unit, as
    /// DynamoDB reports it (the embedded engine reports none).
    pub read_milliunits: AtomicU64,
    pub write_milliunits: AtomicU64,
}

impl Stats {
    pub fn read_units(&self) -> f64 {
        self.read_milliunits.load(Ordering::Relaxed) as f64 / 1000.0
    }

    pub fn write_units(&self) -> f64 {
        self.write_milliunits.load(Ordering::Relaxed) as f64 / 1000.0
    }

    pub(crate) fn add_read_units(&self, units: f64) {
        self.read_milliunits
            .fetch_add((units * 1000.0).round() as u64, Ordering::Relaxed);
    }

    pub(crate) fn add_write_units(&self, units: f64) {
        self.write_milliunits
            .fetch_add((units * 1000.0).round() as u64, Ordering::Relaxed);
    }
}

/// A parsed store spec.
#[derive(Debug, Clone, PartialEq)]
pub enum Spec {
    /// `sqlite:PATH`, or a bare path.
    Sqlite(PathBuf),
    /// `dynamodb://TABLE`.
    Dynamo(String),
}

impl Spec {
    pub fn parse(spec: &str) -> Result<Spec> {
        if let Some(table) = spec.strip_prefix("dynamodb://") {
            let table = table.trim_end_matches('/');
            if table.is_empty() || table.contains('/') {
                return Err(StoreError::UnknownStore(spec.to_string()));
            }
            return Ok(Spec::Dynamo(table.to_string()));
        }
        Ok(Spec::Sqlite(PathBuf::from(sqlite_path(spec)?)))
    }
}

/// How a store is opened, beyond its spec.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// DynamoDB: pacing and SDK interceptors.
    pub dynamo: dynamo::Options,
}

impl Store {
    /// Opens an existing catalog from a spec: `sqlite:PATH` (or a bare
    /// path) or `dynamodb://TABLE`. A catalog that does not exist is an
    /// error, and so is a DynamoDB table that does not match the layout.
    pub async fn open(spec: &str) -> Result<Store> {
        Store::open_with(spec, &OpenOptions::default()).await
    }

    pub async fn open_with(spec: &str, options: &OpenOptions) -> Result<Store> {
        match Spec::parse(spec)? {
            Spec::Sqlite(path) => Ok(Store::embedded(Embedded::open(path, false)?)),
            Spec::Dynamo(table) => {
                let store = Store::dynamo(&table, options).await?;
                store.dynamo_engine().expect("dynamo").open().await?;
                Ok(store)
            }
        }
    }

    /// Opens a catalog, creating an empty one when it does not exist (a
    /// DynamoDB table with the free tier's provisioned capacity, see
    /// [`dynamo::Capacity::FREE_TIER`]). Only the commands that fill a
    /// catalog (`demo`, `import`, `copy`) use this.
    pub async fn create(spec: &str) -> Result<Store> {
        Store::create_with(spec, &OpenOptions::default()).await
    }

    pub async fn create_with(spec: &str, options: &OpenOptions) -> Result<Store> {
        match Spec::parse(spec)? {
            Spec::Sqlite(path) => Ok(Store::embedded(Embedded::open(path, true)?)),
            Spec::Dynamo(table) => {
                let store = Store::dynamo(&table, options).await?;
                let engine = store.dynamo_engine().expect("dynamo");
                engine.create_table(dynamo::Capacity::FREE_TIER).await?;
                Ok(store)
            }
        }
    }

    /// A store over a DynamoDB table, without checking the table.
    pub async fn dynamo(table: &str, options: &OpenOptions) -> Result<Store> {
        let stats = Arc::<Stats>::default();
        let engine = Dynamo::connect(table, &options.dynamo, Arc::clone(&stats)).await?;
        Ok(Store {
            engine: Engine::Dynamo(Arc::new(engine)),
            stats,
        })
    }

    pub fn embedded(engine: Embedded) -> Store {
        Store {
            engine: Engine::Embedded(Arc::new(engine)),
            stats: Arc::default(),
        }
    }

    /// The DynamoDB engine behind this store, for `trogs table`.
    pub fn dynamo_engine(&self) -> Option<&Dynamo> {
        match &self.engine {
            Engine::Dynamo(d) => Some(d),
            Engine::Embedded(_) => None,
        }
    }

    /// Whether writes of many items are one transaction (the embedded
    /// engine) or batches that stay written when a later one fails
    /// (DynamoDB).
    pub fn loads_atomically(&self) -> bool {
        matches!(self.engine, Engine::Embedded(_))
    }

    /// Whether the engine reports consumed capacity (DynamoDB does).
    pub fn reports_capacity(&self) -> bool {
        matches!(self.engine, Engine::Dynamo(_))
    }

    /// How many requests a caller should keep in flight at once. SQLite
    /// reads are local CPU work: more than a few only costs memory (each
    /// reader connection has its own page cache). DynamoDB reads wait on
    /// the network, so more of them overlap.
    pub fn max_in_flight(&self) -> usize {
        match &self.engine {
            Engine::Embedded(_) => 4,
            Engine::Dynamo(_) => 16,
        }
    }

    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// A short description for logs, e.g. `sqlite:trogs.db`.
    pub fn describe(&self) -> String {
        match &self.engine {
            Engine::Embedded(e) => format!("sqlite:{}", e.path().display()),
            Engine::Dynamo(d) => format!("dynamodb://{} (region {})", d.table(), d.region()),
        }
    }

    /// The file behind an embedded store, for `serve` to watch.
    pub fn file(&self) -> Option<PathBuf> {
        match &self.engine {
            Engine::Embedded(e) => Some(e.path().to_path_buf()),
            Engine::Dynamo(_) => None,
        }
    }

    pub async fn get(&self, key: Key) -> Result<Option<Item>> {
        self.stats.gets.fetch_add(1, Ordering::Relaxed);
        match &self.engine {
            Engine::Embedded(e) => blocking(e, move |e| e.get(&key)).await,
            Engine::Dynamo(d) => d.get(&key).await,
        }
    }

    /// One page of a query. Follow `Page::next` for more.
    pub async fn query(&self, query: Query) -> Result<Page> {
        validate_query(&query)?;
        self.stats.queries.fetch_add(1, Ordering::Relaxed);
        match &self.engine {
            Engine::Embedded(e) => blocking(e, move |e| e.query(&query)).await,
            Engine::Dynamo(d) => d.query(&query).await,
        }
    }

    /// Every item a query matches, following cursors page by page.
    pub async fn query_all(&self, query: Query) -> Result<Vec<Item>> {
        let mut items = Vec::new();
        let mut next = Some(query);
        while let Some(q) = next.take() {
            let page = self.query(q.clone()).await?;
            items.extend(page.items);
            next = page.next.map(|c| q.start(Some(c)));
        }
        Ok(items)
    }

    /// Every item of several queries, each followed through its pages, in
    /// order. The embedded engine runs them in one trip to the blocking
    /// pool; the others run them concurrently, up to `max_in_flight`.
    pub async fn query_all_many(&self, queries: Vec<Query>) -> Result<Vec<Vec<Item>>> {
        for q in &queries {
            validate_query(q)?;
        }
        match &self.engine {
            Engine::Embedded(e) => {
                let stats = Arc::clone(&self.stats);
                blocking(e, move |e| {
                    queries
                        .into_iter()
                        .map(|query| {
                            let mut items = Vec::new();
                            let mut next = Some(query);
                            while let Some(q) = next.take() {
                                stats.queries.fetch_add(1, Ordering::Relaxed);
                                let page = e.query(&q)?;
                                items.extend(page.items);
                                next = page.next.map(|c| q.start(Some(c)));
                            }
                            Ok(items)
                        })
                        .collect()
                })
                .await
            }
            _ => {
                use futures_util::{StreamExt as _, TryStreamExt as _};
                futures_util::stream::iter(queries)
                    .map(|q| self.query_all(q))
                    .buffered(self.max_in_flight())
                    .try_collect()
                    .await
            }
        }
    }

    pub async fn put(&self, item: Item, condition: Option<Condition>) -> Result<()> {
        validate_item(&item).map_err(StoreError::Invalid)?;
        self.stats.writes.fetch_add(1, Ordering::Relaxed);
        match &self.engine {
            Engine::Embedded(e) => blocking(e, move |e| e.put(item, condition.as_ref())).await,
            Engine::Dynamo(d) => d.put(&item, condition.as_ref()).await,
        }
    }

    /// Changes some attributes of an item (creating it when the condition
    /// allows), returning the item as stored afterwards.
    pub async fn update(
        &self,
        key: Key,
        updates: Vec<Update>,
        condition: Option<Condition>,
    ) -> Result<Item> {
        validate_updates(&updates)?;
        self.stats.writes.fetch_add(1, Ordering::Relaxed);
        match &self.engine {
            Engine::Embedded(e) => {
                blocking(e, move |e| e.update(&key, &updates, condition.as_ref())).await
            }
            Engine::Dynamo(d) => d.update(&key, &updates, condition.as_ref()).await,
        }
    }

    /// Deletes an item, returning what was stored.
    pub async fn delete(&self, key: Key, condition: Option<Condition>) -> Result<Option<Item>> {
        self.stats.writes.fetch_add(1, Ordering::Relaxed);
        match &self.engine {
            Engine::Embedded(e) => blocking(e, move |e| e.delete(&key, condition.as_ref())).await,
            Engine::Dynamo(d) => d.delete(&key, condition.as_ref()).await,
        }
    }

    /// All of the writes, or none of them.
    pub async fn transact(&self, writes: Vec<Write>) -> Result<()> {
        validate_transaction(&writes)?;
        self.stats.writes.fetch_add(1, Ordering::Relaxed);
        match &self.engine {
            Engine::Embedded(e) => blocking(e, move |e| e.transact(&writes)).await,
            Engine::Dynamo(d) => d.transact(&writes).await,
        }
    }

    /// Puts many items at once: how the demo loads a catalog. Every item is
    /// validated before anything is written. All or nothing on the
    /// embedded engine; batches of 25 on DynamoDB.
    pub async fn put_all(&self, items: Vec<Item>) -> Result<usize> {
        for (n, item) in items.iter().enumerate() {
            validate_item(item).map_err(|e| StoreError::Invalid(format!("item {}: {e}", n + 1)))?;
        }
        self.stats.writes.fetch_add(1, Ordering::Relaxed);
        match &self.engine {
            Engine::Embedded(e) => blocking(e, move |e| e.put_all(&items)).await,
            Engine::Dynamo(d) => d.put_all(&items).await,
        }
    }

    /// Whether the table holds no item at all (reads at most one item).
    pub async fn is_empty(&self) -> Result<bool> {
        match &self.engine {
            Engine::Embedded(e) => blocking(e, |e| e.is_empty()).await,
            Engine::Dynamo(d) => d.is_empty().await,
        }
    }

    /// Every item of the table, for export. Pages never scan.
    pub async fn scan_all(&self) -> Result<Vec<Item>> {
        match &self.engine {
            Engine::Embedded(e) => blocking(e, |e| e.scan_all()).await,
            Engine::Dynamo(d) => d.scan_all().await,
        }
    }

    /// One page of every item of the table, for export: at most `limit`
    /// items after `start`. Follow `Page::next` for more. Pages never scan.
    /// The embedded engine goes in key order; DynamoDB in its own order.
    pub async fn scan(&self, start: Option<Cursor>, limit: usize) -> Result<Page> {
        if limit == 0 {
            return Err(StoreError::Invalid("limit must be at least 1".into()));
        }
        if let Engine::Dynamo(d) = &self.engine {
            return d.scan(start.as_ref(), Some(limit)).await;
        }
        let after =
            match &start {
                None => None,
                Some(Cursor(c)) => Some(Key::of(c).ok_or_else(|| {
                    StoreError::Invalid("the start cursor has no PK and SK".into())
                })?),
            };
        match &self.engine {
            Engine::Embedded(e) => blocking(e, move |e| e.scan(after.as_ref(), limit)).await,
            Engine::Dynamo(_) => unreachable!("handled above"),
        }
    }

    /// Whether the catalog a spec names exists, without creating it: an
    /// import checks its file before it creates a catalog.
    pub async fn exists(spec: &str) -> Result<bool> {
        match Spec::parse(spec)? {
            Spec::Sqlite(path) => Ok(path.is_file()),
            Spec::Dynamo(table) => {
                let store = Store::dynamo(&table, &OpenOptions::default()).await?;
                store.dynamo_engine().expect("dynamo").exists().await
            }
        }
    }

    /// Starts loading many items, streamed in chunks: how an import writes
    /// a file that does not fit in memory. Every item is validated as it
    /// arrives.
    ///
    /// On the embedded engine the load is one transaction: nothing is
    /// visible until [`BulkLoad::finish`] commits it, and an error, or a
    /// load dropped unfinished, writes nothing. An engine without such
    /// transactions (DynamoDB: batches of 25, see
    /// [`Store::loads_atomically`]) writes chunks as they arrive, so callers
    /// check the whole input first (`json::check`); a rerun converges,
    /// because puts are idempotent.
    pub fn bulk_load(&self) -> BulkLoad {
        self.stats.writes.fetch_add(1, Ordering::Relaxed);
        let (items, receiver) = tokio::sync::mpsc::channel::<Vec<Item>>(2);
        let (commit, commit_receiver) = tokio::sync::oneshot::channel::<()>();
        let task = match &self.engine {
            Engine::Embedded(e) => {
                let e = Arc::clone(e);
                tokio::task::spawn_blocking(move || e.bulk_load(receiver, commit_receiver))
            }
            Engine::Dynamo(d) => {
                let d = Arc::clone(d);
                tokio::spawn(async move { d.bulk_load(receiver, commit_receiver).await })
            }
        };
        BulkLoad {
            items,
            commit,
            task,
        }
    }
}

/// A load of many items in progress; see [`Store::bulk_load`].
pub struct BulkLoad {
    items: tokio::sync::mpsc::Sender<Vec<Item>>,
    commit: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<Result<usize>>,
}

impl BulkLoad {
    /// Hands over the next chunk of items. An error means the load has
    /// stopped: [`BulkLoad::finish`] says why.
    pub async fn send(&self, chunk: Vec<Item>) -> Result<()> {
        self.items.send(chunk).await.map_err(|_| load_stopped())
    }

    /// [`BulkLoad::send`] for code on a blocking thread (reading a file),
    /// never on an async one.
    pub fn blocking_send(&self, chunk: Vec<Item>) -> Result<()> {
        self.items.blocking_send(chunk).map_err(|_| load_stopped())
    }

    /// Writes what is left and commits; returns how many items were loaded.
    pub async fn finish(self) -> Result<usize> {
        let BulkLoad {
            items,
            commit,
            task,
        } = self;
        drop(items);
        let _ = commit.send(());
        match task.await {
            Ok(result) => result,
            Err(join) => std::panic::resume_unwind(join.into_panic()),
        }
    }
}

fn load_stopped() -> StoreError {
    StoreError::Backend("the load stopped; finish() tells why".into())
}

fn sqlite_path(spec: &str) -> Result<&str> {
    match spec.split_once(':') {
        Some(("sqlite", path)) => Ok(path),
        Some((scheme, _)) if scheme.len() > 1 => Err(StoreError::UnknownStore(spec.to_string())),
        _ => Ok(spec),
    }
}

/// SQLite calls block, so they run on tokio's blocking pool: callers in async
/// code (the uploader, `serve`) never stall a runtime thread.
async fn blocking<T: Send + 'static>(
    engine: &Arc<Embedded>,
    f: impl FnOnce(&Embedded) -> Result<T> + Send + 'static,
) -> Result<T> {
    let engine = Arc::clone(engine);
    match tokio::task::spawn_blocking(move || f(&engine)).await {
        Ok(result) => result,
        Err(join) => std::panic::resume_unwind(join.into_panic()),
    }
}

fn validate_query(q: &Query) -> Result<()> {
    if q.hash.is_empty() {
        return Err(StoreError::Invalid(format!(
            "{} must not be empty",
            q.index.hash_key()
        )));
    }
    if q.limit == Some(0) {
        return Err(StoreError::Invalid("limit must be at least 1".into()));
    }
    if let Some(RangeCondition::Between(a, b)) = &q.range
        && a > b
    {
        return Err(StoreError::Invalid(format!(
            "between {a:?} and {b:?}: the first is larger"
        )));
    }
    Ok(())
}

fn validate_updates(updates: &[Update]) -> Result<()> {
    if updates.is_empty() {
        return Err(StoreError::Invalid(
            "an update needs at least one change".into(),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for u in updates {
        let name = match u {
            Update::Set(n, v) => {
                v.validate()
                    .map_err(|e| StoreError::Invalid(format!("{n}: {e}")))?;
                n
            }
            Update::Remove(n) | Update::Add(n, _) => n,
        };
        if name == "PK" || name == "SK" {
            return Err(StoreError::Invalid(format!(
                "{name} is part of the key and cannot be updated"
            )));
        }
        if !seen.insert(name) {
            return Err(StoreError::Invalid(format!(
                "{name} is changed twice in one update"
            )));
        }
    }
    Ok(())
}

fn validate_transaction(writes: &[Write]) -> Result<()> {
    if writes.is_empty() || writes.len() > MAX_TRANSACTION_WRITES {
        return Err(StoreError::Invalid(format!(
            "a transaction takes 1 to {MAX_TRANSACTION_WRITES} writes, not {}",
            writes.len()
        )));
    }
    let mut keys = std::collections::HashSet::new();
    for w in writes {
        match w {
            Write::Put { item, .. } => validate_item(item).map_err(StoreError::Invalid)?,
            Write::Update { updates, .. } => validate_updates(updates)?,
            _ => {}
        }
        let key = w
            .key()
            .ok_or_else(|| StoreError::Invalid("a write without a key".into()))?;
        if !keys.insert(key.clone()) {
            return Err(StoreError::Invalid(format!(
                "{key} appears twice in one transaction"
            )));
        }
    }
    Ok(())
}
