//! The embedded engine: the table and its four indexes in one SQLite file,
//! so a fresh machine builds the site with no cloud account. Items are kept
//! whole as DynamoDB JSON; index keys are copied into indexed columns.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params_from_iter};

use super::{
    AttributeValue, Condition, Cursor, Index, Item, Key, Page, Query, RangeCondition, Result,
    StoreError, Update, Write, get_s,
};

/// SQLite's errors stay inside this engine: callers see a `StoreError`
/// that names the engine, not its types.
impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Backend(format!("SQLite: {e}"))
    }
}

/// DynamoDB's largest item, which the embedded engine enforces too.
const MAX_ITEM_BYTES: usize = 400 * 1024;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS items (
    pk TEXT NOT NULL,
    sk TEXT NOT NULL,
    item TEXT NOT NULL,
    aa_pk TEXT, aa_sk TEXT,
    ac_pk TEXT, ac_sk TEXT,
    owner TEXT,
    norm_name TEXT,
    PRIMARY KEY (pk, sk)
) WITHOUT ROWID;
-- The two page indexes project every attribute, as their DynamoDB
-- counterparts do: each holds a copy of the item, so a page query reads
-- its rows from neighbouring index entries instead of looking each one
-- up in the table (an album's tracks lie all over it). They are partial,
-- as a GSI is: an item without the index's keys is not in it.
DROP INDEX IF EXISTS ix_artists_albums;
DROP INDEX IF EXISTS ix_artist_content;
DROP INDEX IF EXISTS ix_artists_by_owner;
DROP INDEX IF EXISTS ix_artists_names;
DROP INDEX IF EXISTS ix_aa;
DROP INDEX IF EXISTS ix_ac;
CREATE INDEX IF NOT EXISTS ix_aa_items ON items (aa_pk, aa_sk, pk, sk, item)
    WHERE aa_pk IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_ac_items ON items (ac_pk, ac_sk, pk, sk, item)
    WHERE ac_pk IS NOT NULL;
CREATE INDEX IF NOT EXISTS ix_owner ON items (owner, pk, sk);
CREATE INDEX IF NOT EXISTS ix_names ON items (norm_name, pk, sk);
";

pub struct Embedded {
    path: PathBuf,
    writer: Mutex<Connection>,
    /// Idle read connections. WAL lets them read while the writer writes.
    readers: Mutex<Vec<Connection>>,
}

impl Embedded {
    /// Opens the catalog file at `path`. Only `create` makes a new one:
    /// reading a catalog that is not there must fail, or a typo in `--store`
    /// would build (and publish) an empty site.
    pub fn open(path: impl AsRef<Path>, create: bool) -> Result<Embedded> {
        let path = path.as_ref().to_path_buf();
        if !create && !path.is_file() {
            return Err(StoreError::Missing(format!("sqlite:{}", path.display())));
        }
        if create && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let open_err = |source: rusqlite::Error| StoreError::Open {
            path: path.clone(),
            detail: source.to_string(),
        };
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let writer = Connection::open_with_flags(&path, flags).map_err(open_err)?;
        writer
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;",
            )
            .map_err(open_err)?;
        writer.execute_batch(SCHEMA).map_err(open_err)?;
        Ok(Embedded {
            path,
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with an idle read connection, opening one when none is idle.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let idle = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match idle {
            Some(c) => c,
            None => {
                let c = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|source| StoreError::Open {
                    path: self.path.clone(),
                    detail: source.to_string(),
                })?;
                c.busy_timeout(std::time::Duration::from_secs(10))?;
                c
            }
        };
        let result = f(&conn);
        self.readers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(conn);
        result
    }

    fn write<T>(&self, f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>) -> Result<T> {
        let mut conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Dropping an uncommitted transaction rolls it back: a failed
        // condition or a failed write leaves nothing behind.
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    pub fn get(&self, key: &Key) -> Result<Option<Item>> {
        self.read(|c| load(c, key))
    }

    pub fn query(&self, q: &Query) -> Result<Page> {
        let (sql, args) = query_sql(q)?;
        let mut items = self.read(|c| select_items(c, &sql, params_from_iter(args.iter())))?;
        let mut next = None;
        if let Some(limit) = q.limit
            && items.len() > limit
        {
            items.truncate(limit);
            let last = items.last().expect("limit is at least 1");
            let cursor: Item = q
                .index
                .cursor_attributes()
                .into_iter()
                .filter_map(|a| last.get(a).map(|v| (a.to_string(), v.clone())))
                .collect();
            next = Some(Cursor(cursor));
        }
        if q.index.keys_only() {
            let keep = q.index.cursor_attributes();
            for item in &mut items {
                item.retain(|name, _| keep.contains(&name.as_str()));
            }
        }
        Ok(Page { items, next })
    }

    pub fn put(&self, item: Item, condition: Option<&Condition>) -> Result<()> {
        let key = Key::of(&item).expect("validated by Store::put");
        self.write(|tx| {
            check(tx, &key, condition)?;
            store(tx, &key, &item)
        })
    }

    pub fn update(
        &self,
        key: &Key,
        updates: &[Update],
        condition: Option<&Condition>,
    ) -> Result<Item> {
        self.write(|tx| {
            let current = check(tx, key, condition)?;
            let item = apply_updates(key, current, updates)?;
            store(tx, key, &item)?;
            Ok(item)
        })
    }

    pub fn delete(&self, key: &Key, condition: Option<&Condition>) -> Result<Option<Item>> {
        self.write(|tx| {
            let current = check(tx, key, condition)?;
            tx.execute(
                "DELETE FROM items WHERE pk = ?1 AND sk = ?2",
                [&key.pk, &key.sk],
            )?;
            Ok(current)
        })
    }

    pub fn transact(&self, writes: &[Write]) -> Result<()> {
        self.write(|tx| {
            // Every condition is checked against the state before the
            // transaction, as DynamoDB does; any failure cancels them all.
            let mut failed = false;
            let mut reasons = Vec::with_capacity(writes.len());
            let mut currents = Vec::with_capacity(writes.len());
            for (n, w) in writes.iter().enumerate() {
                let key = w.key().expect("validated by Store::transact");
                let current = load(tx, &key)?;
                let condition = match w {
                    Write::Put { condition, .. }
                    | Write::Update { condition, .. }
                    | Write::Delete { condition, .. } => condition.as_ref(),
                    Write::Check { condition, .. } => Some(condition),
                };
                if condition.is_some_and(|c| !c.holds(current.as_ref())) {
                    failed = true;
                    reasons.push(format!("write {} ({key}): condition failed", n + 1));
                } else {
                    reasons.push(format!("write {}: none", n + 1));
                }
                currents.push((key, current));
            }
            if failed {
                return Err(StoreError::TransactionCanceled { reasons });
            }
            for (w, (key, current)) in writes.iter().zip(currents) {
                match w {
                    Write::Put { item, .. } => store(tx, &key, item)?,
                    Write::Update { updates, .. } => {
                        let item = apply_updates(&key, current, updates)?;
                        store(tx, &key, &item)?;
                    }
                    Write::Delete { .. } => {
                        tx.execute(
                            "DELETE FROM items WHERE pk = ?1 AND sk = ?2",
                            [&key.pk, &key.sk],
                        )?;
                    }
                    Write::Check { .. } => {}
                }
            }
            Ok(())
        })
    }

    pub fn put_all(&self, items: &[Item]) -> Result<usize> {
        self.write(|tx| {
            for (n, item) in items.iter().enumerate() {
                let key = Key::of(item).expect("validated by Store::put_all");
                store(tx, &key, item).map_err(|e| match e {
                    StoreError::Invalid(d) => StoreError::Invalid(format!("item {}: {d}", n + 1)),
                    e => e,
                })?;
            }
            Ok(items.len())
        })
    }

    /// Loads items as they arrive, in one transaction that commits only
    /// when `commit` says so: a load whose sender goes away without it
    /// rolls back.
    pub fn bulk_load(
        &self,
        mut items: tokio::sync::mpsc::Receiver<Vec<Item>>,
        commit: tokio::sync::oneshot::Receiver<()>,
    ) -> Result<usize> {
        self.write(|tx| {
            let mut n = 0;
            while let Some(chunk) = items.blocking_recv() {
                for item in chunk {
                    n += 1;
                    let invalid = |d: String| {
                        let key = Key::of(&item)
                            .map(|k| format!(" ({k})"))
                            .unwrap_or_default();
                        StoreError::Invalid(format!("item {n}{key}: {d}"))
                    };
                    super::validate_item(&item).map_err(invalid)?;
                    let key = Key::of(&item).expect("validated");
                    // The engine's own refusals name the key already.
                    store(tx, &key, &item).map_err(|e| match e {
                        StoreError::Invalid(d) => StoreError::Invalid(format!("item {n}: {d}")),
                        e => e,
                    })?;
                }
            }
            match commit.blocking_recv() {
                Ok(()) => Ok(n),
                Err(_) => Err(StoreError::Invalid(
                    "the load was abandoned; nothing was written".into(),
                )),
            }
        })
    }

    /// At most `limit` items after `after`, in key order, and where to go on.
    pub fn scan(&self, after: Option<&Key>, limit: usize) -> Result<Page> {
        let limit1 = limit as i64 + 1;
        let mut items = self.read(|c| match after {
            None => select_items(
                c,
                "SELECT pk, sk, item FROM items ORDER BY pk, sk LIMIT ?1",
                rusqlite::params![limit1],
            ),
            Some(k) => select_items(
                c,
                "SELECT pk, sk, item FROM items WHERE (pk, sk) > (?1, ?2) ORDER BY pk, sk LIMIT ?3",
                rusqlite::params![k.pk, k.sk, limit1],
            ),
        })?;
        let mut next = None;
        if items.len() > limit {
            items.truncate(limit);
            let last = items.last().expect("limit is at least 1");
            let cursor: Item = ["PK", "SK"]
                .into_iter()
                .filter_map(|a| last.get(a).map(|v| (a.to_string(), v.clone())))
                .collect();
            next = Some(Cursor(cursor));
        }
        Ok(Page { items, next })
    }

    pub fn scan_all(&self) -> Result<Vec<Item>> {
        self.read(|c| select_items(c, "SELECT pk, sk, item FROM items ORDER BY pk, sk", []))
    }

    /// Whether the table holds no item at all.
    pub fn is_empty(&self) -> Result<bool> {
        self.read(|c| {
            let mut stmt = c.prepare_cached("SELECT 1 FROM items LIMIT 1")?;
            Ok(!stmt.exists([])?)
        })
    }
}

/// The statement behind a query, with its arguments in order.
fn query_sql(q: &Query) -> Result<(String, Vec<String>)> {
    let (hash_col, range_col, tiebreak) = columns(q.index);
    let mut sql = format!("SELECT pk, sk, item FROM items WHERE {hash_col} = {ARG}");
    let mut args: Vec<String> = vec![q.hash.clone()];
    if let Some(range) = &q.range {
        range_sql(range_col, range, &mut sql, &mut args);
    }
    let order: Vec<&str> = std::iter::once(range_col)
        .chain(tiebreak.iter().copied())
        .collect();
    if let Some(Cursor(cursor)) = &q.start {
        let mut values = Vec::with_capacity(order.len());
        for attr in std::iter::once(q.index.range_key()).chain(tiebreak_attrs(q.index)) {
            let v = get_s(cursor, attr)
                .ok_or_else(|| StoreError::Invalid(format!("the start cursor has no {attr}")))?;
            values.push(v.to_string());
        }
        let placeholders = vec![ARG; order.len()].join(", ");
        let cmp = if q.forward { ">" } else { "<" };
        sql.push_str(&format!(
            " AND ({}) {cmp} ({placeholders})",
            order.join(", ")
        ));
        args.extend(values);
    }
    let dir = if q.forward { "ASC" } else { "DESC" };
    let order_by: Vec<String> = order.iter().map(|c| format!("{c} {dir}")).collect();
    sql.push_str(&format!(" ORDER BY {}", order_by.join(", ")));
    if let Some(limit) = q.limit {
        sql.push_str(&format!(" LIMIT {}", limit + 1));
    }
    Ok((sql, args))
}

/// The indexed columns of an index: hash, range, then the table key columns
/// that order items with equal range keys.
fn columns(index: Index) -> (&'static str, &'static str, &'static [&'static str]) {
    match index {
        Index::Table => ("pk", "sk", &[]),
        Index::ArtistsAlbums => ("aa_pk", "aa_sk", &["pk", "sk"]),
        Index::ArtistContent => ("ac_pk", "ac_sk", &["pk", "sk"]),
        Index::ArtistsByOwner => ("owner", "pk", &["sk"]),
        Index::ArtistsNames => ("norm_name", "pk", &["sk"]),
    }
}

fn tiebreak_attrs(index: Index) -> impl Iterator<Item = &'static str> {
    columns(index)
        .2
        .iter()
        .map(|c| if *c == "pk" { "PK" } else { "SK" })
}

/// A bound value in a page query. The unary `+` changes nothing about the
/// comparison (a bound value has no affinity either way), but it keeps
/// SQLite from preparing the statement again each time a value is bound:
/// a bare `?` compared with an `ORDER BY` column or a partial index's
/// condition makes the plan depend on the value, and preparing it again
/// cost a fifth of every page query.
const ARG: &str = "+?";

fn range_sql(col: &str, range: &RangeCondition, sql: &mut String, args: &mut Vec<String>) {
    let mut cond = |op: &str, v: &str| {
        sql.push_str(&format!(" AND {col} {op} {ARG}"));
        args.push(v.to_string());
    };
    match range {
        RangeCondition::Eq(v) => cond("=", v),
        RangeCondition::Lt(v) => cond("<", v),
        RangeCondition::Le(v) => cond("<=", v),
        RangeCondition::Gt(v) => cond(">", v),
        RangeCondition::Ge(v) => cond(">=", v),
        RangeCondition::Between(a, b) => {
            cond(">=", a);
            cond("<=", b);
        }
        RangeCondition::BeginsWith(prefix) => {
            // SQLite compares TEXT bytewise, as DynamoDB compares strings,
            // so a prefix is the range [prefix, prefix with its last
            // character incremented): an index range scan.
            cond(">=", prefix);
            match prefix_upper_bound(prefix) {
                Some(upper) => cond("<", &upper),
                None => {
                    sql.push_str(&format!(" AND substr({col}, 1, length({ARG})) = {ARG}"));
                    args.push(prefix.clone());
                    args.push(prefix.clone());
                }
            }
        }
    }
}

fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let mut next = last as u32 + 1;
        if (0xD800..=0xDFFF).contains(&next) {
            next = 0xE000;
        }
        if let Some(c) = char::from_u32(next) {
            chars.push(c);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

fn load(c: &Connection, key: &Key) -> Result<Option<Item>> {
    let mut stmt = c.prepare_cached("SELECT item FROM items WHERE pk = ?1 AND sk = ?2")?;
    let json: Option<String> = stmt
        .query_row([&key.pk, &key.sk], |r| r.get(0))
        .optional()?;
    json.map(|j| decode(&key.pk, &key.sk, &j)).transpose()
}

/// Runs a `SELECT pk, sk, item …` and decodes the items, in row order.
fn select_items(c: &Connection, sql: &str, args: impl rusqlite::Params) -> Result<Vec<Item>> {
    let mut stmt = c.prepare_cached(sql)?;
    let mut rows = stmt.query(args)?;
    let mut items = Vec::new();
    while let Some(row) = rows.next()? {
        let text = |i: usize| -> Result<&str> {
            row.get_ref(i)?.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
                .into()
            })
        };
        items.push(decode(text(0)?, text(1)?, text(2)?)?);
    }
    Ok(items)
}

fn decode(pk: &str, sk: &str, json: &str) -> Result<Item> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        key: format!("PK={pk:?} SK={sk:?}"),
        detail: e.to_string(),
    })
}

/// Loads the current item and checks the condition against it.
fn check(c: &Connection, key: &Key, condition: Option<&Condition>) -> Result<Option<Item>> {
    let current = load(c, key)?;
    if let Some(cond) = condition
        && !cond.holds(current.as_ref())
    {
        return Err(StoreError::ConditionFailed(key.clone()));
    }
    Ok(current)
}

/// An index key pair, only when both attributes are there: DynamoDB leaves
/// items without both out of a GSI.
fn index_keys<'a>(item: &'a Item, hash: &str, range: &str) -> (Option<&'a str>, Option<&'a str>) {
    match (get_s(item, hash), get_s(item, range)) {
        (Some(h), Some(r)) => (Some(h), Some(r)),
        _ => (None, None),
    }
}

fn store(c: &Connection, key: &Key, item: &Item) -> Result<()> {
    let json = serde_json::to_string(item).expect("items always serialise");
    if json.len() > MAX_ITEM_BYTES {
        return Err(StoreError::Invalid(format!(
            "the item {key} is {} KB; the largest item is 400 KB",
            json.len() / 1024
        )));
    }
    let (aa_pk, aa_sk) = index_keys(item, "AA_PK", "AA_SK");
    let (ac_pk, ac_sk) = index_keys(item, "AC_PK", "AC_SK");
    let mut stmt = c.prepare_cached(
        "INSERT OR REPLACE INTO items (pk, sk, item, aa_pk, aa_sk, ac_pk, ac_sk, owner, norm_name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    stmt.execute(rusqlite::params![
        key.pk,
        key.sk,
        json,
        aa_pk,
        aa_sk,
        ac_pk,
        ac_sk,
        get_s(item, "Owner"),
        get_s(item, "NormalizedName"),
    ])?;
    Ok(())
}

/// Applies updates as DynamoDB's UpdateItem does: a missing item starts as
/// just its key.
fn apply_updates(key: &Key, current: Option<Item>, updates: &[Update]) -> Result<Item> {
    let mut item = current.unwrap_or_else(|| {
        Item::from([
            ("PK".to_string(), AttributeValue::s(&key.pk)),
            ("SK".to_string(), AttributeValue::s(&key.sk)),
        ])
    });
    for u in updates {
        match u {
            Update::Set(name, value) => {
                item.insert(name.clone(), value.clone());
            }
            Update::Remove(name) => {
                item.remove(name);
            }
            Update::Add(name, delta) => {
                let current = match item.get(name) {
                    None => 0,
                    Some(AttributeValue::N(n)) => n.parse::<i64>().map_err(|_| {
                        StoreError::Invalid(format!("{name} = {n} is not a whole number"))
                    })?,
                    Some(v) => {
                        return Err(StoreError::Invalid(format!(
                            "ADD needs a number, but {name} is {}",
                            v.type_name()
                        )));
                    }
                };
                item.insert(name.clone(), AttributeValue::n(current + delta));
            }
        }
    }
    super::validate_item(&item).map_err(StoreError::Invalid)?;
    Ok(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(pairs: &[(&str, &str)]) -> Item {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), AttributeValue::s(*v)))
            .collect()
    }

    fn keys(page: &Page) -> Vec<String> {
        page.items
            .iter()
            .map(|i| format!("{}/{}", get_s(i, "PK").unwrap(), get_s(i, "SK").unwrap()))
            .collect()
    }

    /// A catalog written before the page indexes held whole items gets
    /// them when it is opened, and keeps every item.
    #[test]
    fn an_older_catalog_gets_the_new_indexes_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("catalog.db");
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(
                "CREATE TABLE items (
                    pk TEXT NOT NULL, sk TEXT NOT NULL, item TEXT NOT NULL,
                    aa_pk TEXT, aa_sk TEXT, ac_pk TEXT, ac_sk TEXT,
                    owner TEXT, norm_name TEXT,
                    PRIMARY KEY (pk, sk)
                ) WITHOUT ROWID;
                CREATE INDEX ix_aa ON items (aa_pk, aa_sk, pk, sk);
                CREATE INDEX ix_ac ON items (ac_pk, ac_sk, pk, sk);
                INSERT INTO items (pk, sk, item, aa_pk, aa_sk, ac_pk, ac_sk) VALUES
                    ('ar', 'al', '{\"PK\":{\"S\":\"ar\"},\"SK\":{\"S\":\"al\"},\"AA_PK\":{\"S\":\"al\"},\"AA_SK\":{\"S\":\"000\"},\"AC_PK\":{\"S\":\"ar\"},\"AC_SK\":{\"S\":\"200\"}}',
                     'al', '000', 'ar', '200');",
            )
            .unwrap();
        }
        let db = Embedded::open(&path, false).unwrap();
        let indexes: Vec<String> = db
            .read(|c| {
                let mut stmt = c.prepare(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_a%' ORDER BY name",
                )?;
                let names = stmt
                    .query_map([], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                Ok(names)
            })
            .unwrap();
        assert_eq!(indexes, ["ix_aa_items", "ix_ac_items"]);
        let album = db.query(&Query::new(Index::ArtistsAlbums, "al")).unwrap();
        assert_eq!(keys(&album), ["ar/al"]);
        let content = db.query(&Query::new(Index::ArtistContent, "ar")).unwrap();
        assert_eq!(keys(&content), ["ar/al"]);
    }

    /// The page indexes hold whole items, so a page query reads index
    /// entries alone; and each statement is prepared once, however many
    /// values it runs with.
    #[test]
    fn page_queries_read_the_index_alone_and_are_prepared_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = Embedded::open(dir.path().join("catalog.db"), true).unwrap();
        for (n, album) in ["al1", "al2"].iter().enumerate() {
            let ac_sk = format!("20{n}");
            db.put(
                item(&[
                    ("PK", "ar"),
                    ("SK", album),
                    ("AA_PK", album),
                    ("AA_SK", "000"),
                    ("AC_PK", "ar"),
                    ("AC_SK", &ac_sk),
                ]),
                None,
            )
            .unwrap();
            // Track ids that sort against their album order.
            for t in 0..3 {
                let id = format!("{}{album}", 9 - t);
                let aa_sk = format!("10{t}");
                db.put(
                    item(&[
                        ("PK", &id),
                        ("SK", &id),
                        ("AA_PK", album),
                        ("AA_SK", &aa_sk),
                    ]),
                    None,
                )
                .unwrap();
            }
        }

        let album = |id: &str| Query::new(Index::ArtistsAlbums, id);
        assert_eq!(
            keys(&db.query(&album("al1")).unwrap()),
            ["ar/al1", "9al1/9al1", "8al1/8al1", "7al1/7al1"]
        );
        assert_eq!(
            keys(&db.query(&album("al2")).unwrap()),
            ["ar/al2", "9al2/9al2", "8al2/8al2", "7al2/7al2"]
        );
        let tracks = |id: &str| album(id).range(RangeCondition::BeginsWith("1".to_string()));
        assert_eq!(keys(&db.query(&tracks("al1")).unwrap()).len(), 3);
        assert_eq!(keys(&db.query(&tracks("al2")).unwrap()).len(), 3);
        let first = db.query(&album("al1").limit(2)).unwrap();
        assert_eq!(keys(&first), ["ar/al1", "9al1/9al1"]);
        let rest = db
            .query(&album("al1").limit(2).start(first.next.clone()))
            .unwrap();
        assert_eq!(keys(&rest), ["8al1/8al1", "7al1/7al1"]);
        let rest = db.query(&album("al2").limit(2).start(first.next)).unwrap();
        // The same statement with other values: al1's cursor (AA_SK 100, then
        // PK 9al1) is before al2's 9al2.
        assert_eq!(keys(&rest), ["9al2/9al2", "8al2/8al2"]);
        let content = Query::new(Index::ArtistContent, "ar");
        assert_eq!(keys(&db.query(&content).unwrap()), ["ar/al1", "ar/al2"]);
        assert_eq!(
            keys(&db.query(&content.clone().backward()).unwrap()),
            ["ar/al2", "ar/al1"]
        );

        let cursor = db.query(&album("al1").limit(1)).unwrap().next;
        let statements = [
            album("al1"),
            tracks("al1"),
            album("al1").limit(2).start(cursor),
        ];
        db.read(|c| {
            for q in &statements {
                let (sql, args) = query_sql(q).unwrap();
                let stmt = c.prepare_cached(&sql)?;
                // Cached and run: it is the statement the queries above used.
                assert!(
                    stmt.get_status(rusqlite::StatementStatus::VmStep) > 0,
                    "{sql}"
                );
                assert_eq!(
                    stmt.get_status(rusqlite::StatementStatus::RePrepare),
                    0,
                    "prepared again: {sql}"
                );
                let mut plan = c.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
                let detail: Vec<String> = plan
                    .query_map(params_from_iter(args.iter()), |r| r.get(3))?
                    .collect::<rusqlite::Result<_>>()?;
                // One index search, no lookups in the table and no sort.
                assert_eq!(detail.len(), 1, "{sql}: {detail:?}");
                assert!(
                    detail[0].starts_with("SEARCH items USING COVERING INDEX ix_aa_items (aa_pk=?"),
                    "{sql}: {detail:?}"
                );
            }
            Ok(())
        })
        .unwrap();
    }
}
