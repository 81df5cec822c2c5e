//! The DynamoDB engine: the catalog table as the original site kept it, in
//! a real DynamoDB table (or DynamoDB Local), through `aws-sdk-dynamodb`.
//!
//! Every request asks for its consumed capacity, which [`Stats`] adds up;
//! throttling and transient failures are retried here, with jittered
//! exponential backoff (the SDK's own retries are off, so one place decides
//! and counts); reads can be paced to a number of read units per second.
//! SDK errors stay inside this module: callers see a [`StoreError`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_dynamodb as sdk;
use futures_util::stream::{FuturesUnordered, StreamExt};
use sdk::config::http::HttpResponse;
use sdk::error::{ProvideErrorMetadata, SdkError};
use sdk::types::{
    self as t, AttributeDefinition, BillingMode, ConsumedCapacity, GlobalSecondaryIndex,
    KeySchemaElement, KeyType, Projection, ProjectionType, ProvisionedThroughput,
    ReturnConsumedCapacity, ReturnValue, ScalarAttributeType, TransactWriteItem, WriteRequest,
};

use super::{
    AttributeValue, Condition, Cursor, Index, Item, Key, Page, Query, RangeCondition, Result,
    Stats, StoreError, Update, Write,
};

/// How a [`Store`](super::Store) over DynamoDB is opened: pacing, and SDK
/// interceptors (tests count requests and inject throttling with them).
#[derive(Clone, Default)]
pub struct Options {
    /// Never ask for more than this many read units per second.
    pub max_read_units: Option<f64>,
    /// Interceptors added to the SDK client.
    pub interceptors: Vec<sdk::config::SharedInterceptor>,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("max_read_units", &self.max_read_units)
            .field("interceptors", &self.interceptors.len())
            .finish()
    }
}

/// How a new table is paid for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Capacity {
    /// Pay per request.
    OnDemand,
    /// Read and write units for the table and for each of its four indexes.
    Provisioned { read: i64, write: i64 },
}

impl Capacity {
    /// The free tier's 25 read and 25 write units, spread over the table and
    /// its four indexes.
    pub const FREE_TIER: Capacity = Capacity::Provisioned { read: 5, write: 5 };
}

impl std::fmt::Display for Capacity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Capacity::OnDemand => write!(f, "on-demand"),
            Capacity::Provisioned { read, write } => write!(
                f,
                "provisioned: {read} read and {write} write units for the table and for each of its 4 indexes ({} and {} in all)",
                read * 5,
                write * 5
            ),
        }
    }
}

/// What `table create` found or did.
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    /// The table was created, with this capacity.
    New(Capacity),
    /// The table was there already and matches the layout.
    Existing,
}

/// The throttling errors DynamoDB answers with.
const THROTTLING: &[&str] = &[
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
];
/// Attempts for a throttled request (each waits longer, up to `MAX_BACKOFF`).
const THROTTLED_ATTEMPTS: u32 = 12;
/// Attempts for a request that failed in transit or with a server error.
const TRANSIENT_ATTEMPTS: u32 = 4;
const BASE_BACKOFF: Duration = Duration::from_millis(25);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// DynamoDB's largest batch write.
pub const BATCH: usize = 25;
/// Batch writes a bulk load keeps in flight.
const BATCHES_IN_FLIGHT: usize = 4;

pub struct Dynamo {
    client: sdk::Client,
    table: String,
    region: String,
    stats: Arc<Stats>,
    pacer: Option<Pacer>,
}

impl Dynamo {
    /// A client for `table`, configured as the AWS CLI is: `AWS_PROFILE`,
    /// `AWS_REGION`/`AWS_DEFAULT_REGION`, `AWS_ENDPOINT_URL` and
    /// `AWS_ENDPOINT_URL_DYNAMODB`, credentials from the usual chain (SSO
    /// and `credential_process` profiles included). Makes no request.
    pub async fn connect(table: &str, options: &Options, stats: Arc<Stats>) -> Result<Dynamo> {
        check_table_name(table)?;
        let shared = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .load()
            .await;
        let region = shared
            .region()
            .cloned()
            .unwrap_or_else(|| sdk::config::Region::new("us-east-1"));
        let mut builder = sdk::config::Builder::from(&shared)
            .region(region.clone())
            .retry_config(sdk::config::retry::RetryConfig::disabled());
        for interceptor in &options.interceptors {
            builder.push_interceptor(interceptor.clone());
        }
        let pacer = match options.max_read_units {
            Some(n) if n > 0.0 => Some(Pacer::new(n)),
            Some(n) => {
                return Err(StoreError::Invalid(format!(
                    "--max-read-units must be more than 0, not {n}"
                )));
            }
            None => None,
        };
        Ok(Dynamo {
            client: sdk::Client::from_conf(builder.build()),
            table: table.to_string(),
            region: region.to_string(),
            stats,
            pacer,
        })
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    fn missing(&self) -> StoreError {
        StoreError::Missing(format!(
            "dynamodb://{} (region {})",
            self.table, self.region
        ))
    }

    /// Sends a request, retrying throttling and transient failures with
    /// jittered exponential backoff ("full jitter").
    async fn send<T, E, F, Fut>(&self, mut request: F) -> Result<T, SdkError<E, HttpResponse>>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata,
    {
        let mut attempt = 0;
        loop {
            let result = request().await;
            let Err(e) = &result else { return result };
            let limit = match classify(e) {
                Retry::Throttled => {
                    self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                    THROTTLED_ATTEMPTS
                }
                Retry::Transient => TRANSIENT_ATTEMPTS,
                Retry::No => return result,
            };
            attempt += 1;
            if attempt >= limit {
                return result;
            }
            tokio::time::sleep(backoff(attempt)).await;
        }
    }

    fn read_units(&self, c: Option<&ConsumedCapacity>) -> f64 {
        let units = c.and_then(ConsumedCapacity::capacity_units).unwrap_or(0.0);
        self.stats.add_read_units(units);
        units
    }

    fn write_units<'a>(&self, c: impl IntoIterator<Item = &'a ConsumedCapacity>) {
        let units = c
            .into_iter()
            .filter_map(ConsumedCapacity::capacity_units)
            .sum();
        self.stats.add_write_units(units);
    }

    /// Waits for read capacity, runs a read and settles what it cost.
    async fn paced<T>(&self, read: impl Future<Output = Result<(T, f64)>>) -> Result<T> {
        let reserved = match &self.pacer {
            Some(p) => p.acquire().await,
            None => 0.0,
        };
        let result = read.await;
        if let Some(p) = &self.pacer {
            let used = result.as_ref().map_or(reserved, |(_, u)| *u);
            p.settle(reserved, used);
        }
        result.map(|(value, _)| value)
    }

    pub async fn get(&self, key: &Key) -> Result<Option<Item>> {
        self.paced(async {
            let request = self
                .client
                .get_item()
                .table_name(&self.table)
                .set_key(Some(key_map(key)))
                .return_consumed_capacity(ReturnConsumedCapacity::Total);
            let out = self
                .send(|| request.clone().send())
                .await
                .map_err(|e| self.error("GetItem", e))?;
            let units = self.read_units(out.consumed_capacity());
            let item = out.item.map(|i| from_sdk_item(&i, key)).transpose()?;
            Ok((item, units))
        })
        .await
    }

    pub async fn query(&self, q: &Query) -> Result<Page> {
        let mut expr = Expr::default();
        let hash = expr.name(q.index.hash_key());
        let value = expr.value(AttributeValue::s(&q.hash));
        let mut condition = format!("{hash} = {value}");
        let range = match &q.range {
            // DynamoDB refuses an empty key value; every key begins with "".
            Some(RangeCondition::BeginsWith(p)) if p.is_empty() => None,
            r => r.as_ref(),
        };
        if let Some(range) = range {
            let r = expr.name(q.index.range_key());
            let mut v = |s: &String| expr.value(AttributeValue::s(s));
            let part = match range {
                RangeCondition::BeginsWith(p) => format!("begins_with({r}, {})", v(p)),
                RangeCondition::Eq(s) => format!("{r} = {}", v(s)),
                RangeCondition::Lt(s) => format!("{r} < {}", v(s)),
                RangeCondition::Le(s) => format!("{r} <= {}", v(s)),
                RangeCondition::Gt(s) => format!("{r} > {}", v(s)),
                RangeCondition::Ge(s) => format!("{r} >= {}", v(s)),
                RangeCondition::Between(a, b) => {
                    let (a, b) = (v(a), v(b));
                    format!("{r} BETWEEN {a} AND {b}")
                }
            };
            condition.push_str(" AND ");
            condition.push_str(&part);
        }
        let limit = q.limit.map(|l| i32::try_from(l).unwrap_or(i32::MAX));
        let request = self
            .client
            .query()
            .table_name(&self.table)
            .set_index_name(q.index.name().map(str::to_string))
            .key_condition_expression(condition)
            .set_expression_attribute_names(Some(expr.names))
            .set_expression_attribute_values(Some(expr.values))
            .scan_index_forward(q.forward)
            .set_limit(limit)
            .set_exclusive_start_key(q.start.as_ref().map(|Cursor(c)| to_sdk_item(c)))
            .return_consumed_capacity(ReturnConsumedCapacity::Total);
        self.paced(async {
            let out = self
                .send(|| request.clone().send())
                .await
                .map_err(|e| self.error("Query", e))?;
            let units = self.read_units(out.consumed_capacity());
            Ok((self.page(out.items, out.last_evaluated_key)?, units))
        })
        .await
    }

    fn page(
        &self,
        items: Option<Vec<HashMap<String, t::AttributeValue>>>,
        last: Option<HashMap<String, t::AttributeValue>>,
    ) -> Result<Page> {
        let items = items
            .unwrap_or_default()
            .iter()
            .map(|i| from_sdk_item(i, &Key::new("?", "?")))
            .collect::<Result<Vec<_>>>()?;
        let next = last
            .filter(|k| !k.is_empty())
            .map(|k| from_sdk_item(&k, &Key::new("?", "?")).map(Cursor))
            .transpose()?;
        Ok(Page { items, next })
    }

    pub async fn put(&self, item: &Item, condition: Option<&Condition>) -> Result<()> {
        let key = Key::of(item).expect("validated by Store::put");
        let mut expr = Expr::default();
        let condition = condition.and_then(|c| expr.condition(c));
        let request = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_sdk_item(item)))
            .set_condition_expression(condition)
            .set_expression_attribute_names(expr.names_or_none())
            .set_expression_attribute_values(expr.values_or_none())
            .return_consumed_capacity(ReturnConsumedCapacity::Total);
        let out = self.send(|| request.clone().send()).await.map_err(|e| {
            if e.code() == Some("ConditionalCheckFailedException") {
                StoreError::ConditionFailed(key.clone())
            } else {
                self.error("PutItem", e)
            }
        })?;
        self.write_units(out.consumed_capacity());
        Ok(())
    }

    pub async fn update(
        &self,
        key: &Key,
        updates: &[Update],
        condition: Option<&Condition>,
    ) -> Result<Item> {
        let mut expr = Expr::default();
        let update = expr.update(updates);
        let condition = condition.and_then(|c| expr.condition(c));
        let request = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .update_expression(update)
            .set_condition_expression(condition)
            .set_expression_attribute_names(expr.names_or_none())
            .set_expression_attribute_values(expr.values_or_none())
            .return_values(ReturnValue::AllNew)
            .return_consumed_capacity(ReturnConsumedCapacity::Total);
        let out = self.send(|| request.clone().send()).await.map_err(|e| {
            if e.code() == Some("ConditionalCheckFailedException") {
                StoreError::ConditionFailed(key.clone())
            } else {
                self.error("UpdateItem", e)
            }
        })?;
        self.write_units(out.consumed_capacity());
        let attributes = out.attributes.unwrap_or_default();
        from_sdk_item(&attributes, key)
    }

    pub async fn delete(&self, key: &Key, condition: Option<&Condition>) -> Result<Option<Item>> {
        let mut expr = Expr::default();
        let condition = condition.and_then(|c| expr.condition(c));
        let request = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key_map(key)))
            .set_condition_expression(condition)
            .set_expression_attribute_names(expr.names_or_none())
            .set_expression_attribute_values(expr.values_or_none())
            .return_values(ReturnValue::AllOld)
            .return_consumed_capacity(ReturnConsumedCapacity::Total);
        let out = self.send(|| request.clone().send()).await.map_err(|e| {
            if e.code() == Some("ConditionalCheckFailedException") {
                StoreError::ConditionFailed(key.clone())
            } else {
                self.error("DeleteItem", e)
            }
        })?;
        self.write_units(out.consumed_capacity());
        out.attributes
            .filter(|a| !a.is_empty())
            .map(|a| from_sdk_item(&a, key))
            .transpose()
    }

    pub async fn transact(&self, writes: &[Write]) -> Result<()> {
        let mut items = Vec::with_capacity(writes.len());
        for w in writes {
            items.push(self.transact_item(w)?);
        }
        let request = self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .return_consumed_capacity(ReturnConsumedCapacity::Total);
        let mut attempt = 0;
        loop {
            let result = self.send(|| request.clone().send()).await;
            let e = match result {
                Ok(out) => {
                    self.write_units(out.consumed_capacity());
                    return Ok(());
                }
                Err(e) => e,
            };
            let Some(sdk::operation::transact_write_items::TransactWriteItemsError::TransactionCanceledException(canceled)) = e.as_service_error() else {
                return Err(self.error("TransactWriteItems", e));
            };
            let reasons = canceled.cancellation_reasons();
            // Cancelled by throttling or by another transaction on the same
            // items, not by a condition: try again.
            let retry = reasons.iter().all(|r| {
                matches!(
                    r.code(),
                    None | Some("None")
                        | Some("ThrottlingError")
                        | Some("ProvisionedThroughputExceeded")
                        | Some("TransactionConflict")
                )
            });
            attempt += 1;
            if retry && attempt < THROTTLED_ATTEMPTS {
                self.stats.throttled.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(backoff(attempt)).await;
                continue;
            }
            let reasons = writes
                .iter()
                .enumerate()
                .map(|(n, w)| {
                    let key = w.key().map(|k| k.to_string()).unwrap_or_default();
                    match reasons.get(n).and_then(|r| r.code()) {
                        None | Some("None") => format!("write {}: none", n + 1),
                        Some("ConditionalCheckFailed") => {
                            format!("write {} ({key}): condition failed", n + 1)
                        }
                        Some(code) => format!(
                            "write {} ({key}): {code}{}",
                            n + 1,
                            reasons[n]
                                .message()
                                .map(|m| format!(": {m}"))
                                .unwrap_or_default()
                        ),
                    }
                })
                .collect();
            return Err(StoreError::TransactionCanceled { reasons });
        }
    }

    fn transact_item(&self, w: &Write) -> Result<TransactWriteItem> {
        let mut expr = Expr::default();
        let item = match w {
            Write::Put { item, condition } => {
                let condition = condition.as_ref().and_then(|c| expr.condition(c));
                let put = t::Put::builder()
                    .table_name(&self.table)
                    .set_item(Some(to_sdk_item(item)))
                    .set_condition_expression(condition)
                    .set_expression_attribute_names(expr.names_or_none())
                    .set_expression_attribute_values(expr.values_or_none())
                    .build()
                    .map_err(invalid)?;
                TransactWriteItem::builder().put(put).build()
            }
            Write::Update {
                key,
                updates,
                condition,
            } => {
                let update = expr.update(updates);
                let condition = condition.as_ref().and_then(|c| expr.condition(c));
                let update = t::Update::builder()
                    .table_name(&self.table)
                    .set_key(Some(key_map(key)))
                    .update_expression(update)
                    .set_condition_expression(condition)
                    .set_expression_attribute_names(expr.names_or_none())
                    .set_expression_attribute_values(expr.values_or_none())
                    .build()
                    .map_err(invalid)?;
                TransactWriteItem::builder().update(update).build()
            }
            Write::Delete { key, condition } => {
                let condition = condition.as_ref().and_then(|c| expr.condition(c));
                let delete = t::Delete::builder()
                    .table_name(&self.table)
                    .set_key(Some(key_map(key)))
                    .set_condition_expression(condition)
                    .set_expression_attribute_names(expr.names_or_none())
                    .set_expression_attribute_values(expr.values_or_none())
                    .build()
                    .map_err(invalid)?;
                TransactWriteItem::builder().delete(delete).build()
            }
            Write::Check { key, condition } => {
                // An empty `All` always holds: check that the key is a key.
                let condition = expr
                    .condition(condition)
                    .unwrap_or_else(|| "attribute_exists(PK) OR attribute_not_exists(PK)".into());
                let check = t::ConditionCheck::builder()
                    .table_name(&self.table)
                    .set_key(Some(key_map(key)))
                    .condition_expression(condition)
                    .set_expression_attribute_names(expr.names_or_none())
                    .set_expression_attribute_values(expr.values_or_none())
                    .build()
                    .map_err(invalid)?;
                TransactWriteItem::builder().condition_check(check).build()
            }
        };
        Ok(item)
    }

    /// Writes items in batches of 25, resending what DynamoDB leaves
    /// unprocessed. Not one transaction: a failure leaves earlier batches
    /// written.
    pub async fn put_all(&self, items: &[Item]) -> Result<usize> {
        let mut batches = Batches::default();
        let mut in_flight = FuturesUnordered::new();
        for item in items {
            if let Some(full) = batches.push(item) {
                in_flight.push(self.batch_write(full));
                if in_flight.len() >= BATCHES_IN_FLIGHT {
                    in_flight.next().await.transpose()?;
                }
            }
        }
        if let Some(rest) = batches.take() {
            in_flight.push(self.batch_write(rest));
        }
        while let Some(done) = in_flight.next().await {
            done?;
        }
        Ok(items.len())
    }

    /// Loads chunks of items as they arrive, in batches of 25. What was
    /// written stays written when the load fails or is abandoned: DynamoDB
    /// has no transaction that large. Rerunning a load converges, because
    /// puts are idempotent.
    pub async fn bulk_load(
        &self,
        mut chunks: tokio::sync::mpsc::Receiver<Vec<Item>>,
        commit: tokio::sync::oneshot::Receiver<()>,
    ) -> Result<usize> {
        let mut n = 0;
        let mut batches = Batches::default();
        let mut in_flight = FuturesUnordered::new();
        while let Some(chunk) = chunks.recv().await {
            for item in chunk {
                n += 1;
                super::validate_item(&item).map_err(|d| {
                    let key = Key::of(&item)
                        .map(|k| format!(" ({k})"))
                        .unwrap_or_default();
                    StoreError::Invalid(format!("item {n}{key}: {d}"))
                })?;
                if let Some(full) = batches.push(&item) {
                    in_flight.push(self.batch_write(full));
                    if in_flight.len() >= BATCHES_IN_FLIGHT {
                        in_flight.next().await.transpose()?;
                    }
                }
            }
        }
        if let Some(rest) = batches.take() {
            in_flight.push(self.batch_write(rest));
        }
        while let Some(done) = in_flight.next().await {
            done?;
        }
        match commit.await {
            Ok(()) => Ok(n),
            Err(_) => Err(StoreError::Invalid(format!(
                "the load was abandoned after {n} items; DynamoDB keeps what was written (a DynamoDB load is not one transaction)"
            ))),
        }
    }

    async fn batch_write(&self, mut requests: Vec<WriteRequest>) -> Result<()> {
        let mut attempt = 0;
        loop {
            let request = self
                .client
                .batch_write_item()
                .request_items(&self.table, requests)
                .return_consumed_capacity(ReturnConsumedCapacity::Total);
            let out = self
                .send(|| request.clone().send())
                .await
                .map_err(|e| self.error("BatchWriteItem", e))?;
            self.stats.batch_writes.fetch_add(1, Ordering::Relaxed);
            self.write_units(out.consumed_capacity());
            requests = out
                .unprocessed_items
                .and_then(|mut u| u.remove(&self.table))
                .unwrap_or_default();
            if requests.is_empty() {
                return Ok(());
            }
            // DynamoDB left some out, usually for lack of capacity.
            self.stats.throttled.fetch_add(1, Ordering::Relaxed);
            attempt += 1;
            if attempt >= THROTTLED_ATTEMPTS * 2 {
                return Err(StoreError::Backend(format!(
                    "DynamoDB left {} items of a batch unprocessed {attempt} times; the table's write capacity is too low",
                    requests.len()
                )));
            }
            tokio::time::sleep(backoff(attempt)).await;
        }
    }

    pub async fn scan(&self, after: Option<&Cursor>, limit: Option<usize>) -> Result<Page> {
        let request = self
            .client
            .scan()
            .table_name(&self.table)
            .set_limit(limit.map(|l| i32::try_from(l).unwrap_or(i32::MAX)))
            .set_exclusive_start_key(after.map(|Cursor(c)| to_sdk_item(c)))
            .return_consumed_capacity(ReturnConsumedCapacity::Total);
        self.stats.scans.fetch_add(1, Ordering::Relaxed);
        self.paced(async {
            let out = self
                .send(|| request.clone().send())
                .await
                .map_err(|e| self.error("Scan", e))?;
            let units = self.read_units(out.consumed_capacity());
            Ok((self.page(out.items, out.last_evaluated_key)?, units))
        })
        .await
    }

    /// Every item, in key order (as the embedded engine gives them).
    pub async fn scan_all(&self) -> Result<Vec<Item>> {
        let mut items = Vec::new();
        let mut next = None;
        loop {
            let page = self.scan(next.as_ref(), None).await?;
            items.extend(page.items);
            next = page.next;
            if next.is_none() {
                break;
            }
        }
        items.sort_by_cached_key(Key::of);
        Ok(items)
    }

    pub async fn is_empty(&self) -> Result<bool> {
        let page = self.scan(None, Some(1)).await?;
        Ok(page.items.is_empty() && page.next.is_none())
    }

    fn error<E>(&self, operation: &str, e: SdkError<E, HttpResponse>) -> StoreError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        match e.code() {
            Some("ValidationException") => StoreError::Invalid(format!(
                "DynamoDB refused {operation}: {}",
                e.message().unwrap_or("no reason given")
            )),
            Some("ResourceNotFoundException") => self.missing(),
            Some(code) => StoreError::Backend(format!(
                "DynamoDB {operation} on {}: {code}: {}",
                self.table,
                e.message().unwrap_or("no message")
            )),
            None => StoreError::Backend(format!(
                "DynamoDB {operation} on {} (region {}): {}",
                self.table,
                self.region,
                sdk::error::DisplayErrorContext(&e)
            )),
        }
    }

    // --- The table itself -------------------------------------------------

    /// The table's description, or `None` when it does not exist.
    async fn describe_table(&self) -> Result<Option<t::TableDescription>> {
        let request = self.client.describe_table().table_name(&self.table);
        match self.send(|| request.clone().send()).await {
            Ok(out) => Ok(out.table),
            Err(e) if e.code() == Some("ResourceNotFoundException") => Ok(None),
            Err(e) => Err(self.error("DescribeTable", e)),
        }
    }

    /// How the table differs from the catalog layout (`docs/catalog.md`);
    /// empty when it matches. A table that does not exist is an error.
    pub async fn check_table(&self) -> Result<Vec<String>> {
        match self.describe_table().await? {
            Some(table) => Ok(differences(&table)),
            None => Err(self.missing()),
        }
    }

    /// Opens an existing table, refusing one that does not match the layout.
    pub async fn open(&self) -> Result<()> {
        let differences = self.check_table().await?;
        self.refuse_differences(differences)
    }

    fn refuse_differences(&self, differences: Vec<String>) -> Result<()> {
        if differences.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Layout {
                table: format!("dynamodb://{}", self.table),
                differences,
            })
        }
    }

    /// Whether the table exists.
    pub async fn exists(&self) -> Result<bool> {
        Ok(self.describe_table().await?.is_some())
    }

    /// Creates the table and its four indexes, or accepts an existing table
    /// that matches the layout; waits until the table and its indexes are
    /// active.
    pub async fn create_table(&self, capacity: Capacity) -> Result<Created> {
        if let Some(table) = self.describe_table().await? {
            self.refuse_differences(differences(&table))?;
            self.wait_active().await?;
            return Ok(Created::Existing);
        }
        let throughput = match capacity {
            Capacity::OnDemand => None,
            Capacity::Provisioned { read, write } => {
                if read < 1 || write < 1 {
                    return Err(StoreError::Invalid(
                        "read and write units must be at least 1".into(),
                    ));
                }
                Some(
                    ProvisionedThroughput::builder()
                        .read_capacity_units(read)
                        .write_capacity_units(write)
                        .build()
                        .map_err(invalid)?,
                )
            }
        };
        let mut attributes = vec!["PK", "SK"];
        attributes.extend(Index::GSI_KEY_ATTRIBUTES);
        let mut request = self
            .client
            .create_table()
            .table_name(&self.table)
            .set_key_schema(Some(key_schema(Index::Table)?))
            .billing_mode(match capacity {
                Capacity::OnDemand => BillingMode::PayPerRequest,
                Capacity::Provisioned { .. } => BillingMode::Provisioned,
            })
            .set_provisioned_throughput(throughput.clone());
        for a in attributes {
            request = request.attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(a)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .map_err(invalid)?,
            );
        }
        for index in GSIS {
            let projection = Projection::builder()
                .projection_type(if index.keys_only() {
                    ProjectionType::KeysOnly
                } else {
                    ProjectionType::All
                })
                .build();
            request = request.global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(index.name().expect("an index"))
                    .set_key_schema(Some(key_schema(index)?))
                    .projection(projection)
                    .set_provisioned_throughput(throughput.clone())
                    .build()
                    .map_err(invalid)?,
            );
        }
        match self.send(|| request.clone().send()).await {
            Ok(_) => {}
            // Someone else created it meanwhile: check it like any other.
            Err(e) if e.code() == Some("ResourceInUseException") => {
                self.wait_active().await?;
                let differences = self.check_table().await?;
                self.refuse_differences(differences)?;
                return Ok(Created::Existing);
            }
            Err(e) => return Err(self.error("CreateTable", e)),
        }
        self.wait_active().await?;
        Ok(Created::New(capacity))
    }

    async fn wait_active(&self) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(600);
        loop {
            let table = self.describe_table().await?.ok_or_else(|| self.missing())?;
            let active = table.table_status() == Some(&t::TableStatus::Active)
                && table
                    .global_secondary_indexes()
                    .iter()
                    .all(|i| i.index_status() == Some(&t::IndexStatus::Active));
            if active {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(StoreError::Backend(format!(
                    "the table {} did not become active within 10 minutes",
                    self.table
                )));
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }
}

/// The four global secondary indexes of the layout.
pub const GSIS: [Index; 4] = [
    Index::ArtistsAlbums,
    Index::ArtistContent,
    Index::ArtistsByOwner,
    Index::ArtistsNames,
];

fn key_schema(index: Index) -> Result<Vec<KeySchemaElement>> {
    [
        (index.hash_key(), KeyType::Hash),
        (index.range_key(), KeyType::Range),
    ]
    .into_iter()
    .map(|(name, kind)| {
        KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(kind)
            .build()
            .map_err(invalid)
    })
    .collect()
}

fn describe_keys(keys: &[KeySchemaElement]) -> String {
    let parts: Vec<String> = keys
        .iter()
        .map(|k| format!("{} ({})", k.attribute_name(), k.key_type().as_str()))
        .collect();
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join(", ")
    }
}

/// How a described table differs from the layout, one line per difference.
pub fn differences(table: &t::TableDescription) -> Vec<String> {
    let mut out = Vec::new();
    let expected_keys =
        |index: Index| format!("{} (HASH), {} (RANGE)", index.hash_key(), index.range_key());
    let keys = describe_keys(table.key_schema());
    if keys != expected_keys(Index::Table) {
        out.push(format!(
            "the table's key is {keys}, not {}",
            expected_keys(Index::Table)
        ));
    }
    let types: BTreeMap<&str, &str> = table
        .attribute_definitions()
        .iter()
        .map(|a| (a.attribute_name(), a.attribute_type().as_str()))
        .collect();
    let mut key_attributes = vec!["PK", "SK"];
    key_attributes.extend(Index::GSI_KEY_ATTRIBUTES);
    for a in key_attributes {
        if let Some(kind) = types.get(a)
            && *kind != "S"
        {
            out.push(format!("the key attribute {a} is typed {kind}, not S"));
        }
    }
    let indexes: BTreeMap<&str, &t::GlobalSecondaryIndexDescription> = table
        .global_secondary_indexes()
        .iter()
        .filter_map(|i| Some((i.index_name()?, i)))
        .collect();
    for index in GSIS {
        let name = index.name().expect("an index");
        let Some(found) = indexes.get(name) else {
            out.push(format!(
                "the index {name} is missing (keys {})",
                expected_keys(index)
            ));
            continue;
        };
        let keys = describe_keys(found.key_schema());
        if keys != expected_keys(index) {
            out.push(format!(
                "the index {name} has the key {keys}, not {}",
                expected_keys(index)
            ));
        }
        let projection = found
            .projection()
            .and_then(|p| p.projection_type())
            .map_or("none", |p| p.as_str());
        let want = if index.keys_only() {
            "KEYS_ONLY"
        } else {
            "ALL"
        };
        if projection != want {
            out.push(format!(
                "the index {name} projects {projection}, not {want}"
            ));
        }
    }
    if table
        .local_secondary_indexes()
        .iter()
        .any(|i| i.index_name().is_some())
    {
        // Harmless for reads; noted so nobody wonders.
        tracing::debug!("the table has local secondary indexes Trogs does not use");
    }
    out
}

/// Table names as DynamoDB allows them.
fn check_table_name(name: &str) -> Result<()> {
    let ok = (3..=255).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "{name:?} is not a DynamoDB table name: 3 to 255 letters, digits, '_', '-' or '.'"
        )))
    }
}

fn invalid(e: impl std::fmt::Display) -> StoreError {
    StoreError::Invalid(e.to_string())
}

enum Retry {
    Throttled,
    Transient,
    No,
}

fn classify<E: ProvideErrorMetadata>(e: &SdkError<E, HttpResponse>) -> Retry {
    match e {
        SdkError::TimeoutError(_) | SdkError::ResponseError(_) => Retry::Transient,
        SdkError::DispatchFailure(d) if d.is_io() || d.is_timeout() => Retry::Transient,
        SdkError::ServiceError(s) => {
            if e.code().is_some_and(|c| THROTTLING.contains(&c)) {
                Retry::Throttled
            } else if s.raw().status().is_server_error() {
                Retry::Transient
            } else {
                Retry::No
            }
        }
        _ => Retry::No,
    }
}

/// Full jitter: a random wait up to an exponentially growing bound.
fn backoff(attempt: u32) -> Duration {
    let bound = BASE_BACKOFF
        .saturating_mul(1 << attempt.min(16))
        .min(MAX_BACKOFF);
    bound.mul_f64(fastrand::f64()).max(Duration::from_millis(1))
}

/// Paces reads to a number of read units per second: a token bucket that a
/// read draws its expected cost from before it is sent, and that is settled
/// with the real cost afterwards (a read that cost more leaves a debt the
/// next reads wait for).
struct Pacer {
    rate: f64,
    burst: f64,
    state: Mutex<PacerState>,
}

struct PacerState {
    tokens: f64,
    at: Instant,
    /// What a read has cost lately.
    estimate: f64,
}

impl Pacer {
    fn new(rate: f64) -> Pacer {
        // A quarter of a second's worth at most, so no second sees much
        // more than `rate` (a read costs at least half a unit).
        let burst = (rate / 4.0).max(1.0);
        Pacer {
            rate,
            burst,
            state: Mutex::new(PacerState {
                tokens: burst,
                at: Instant::now(),
                estimate: 0.5,
            }),
        }
    }

    async fn acquire(&self) -> f64 {
        loop {
            let wait = {
                let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
                let now = Instant::now();
                s.tokens =
                    (s.tokens + now.duration_since(s.at).as_secs_f64() * self.rate).min(self.burst);
                s.at = now;
                let need = s.estimate.min(self.burst);
                if s.tokens >= need {
                    s.tokens -= need;
                    return need;
                }
                (need - s.tokens) / self.rate
            };
            tokio::time::sleep(Duration::from_secs_f64(wait)).await;
        }
    }

    fn settle(&self, reserved: f64, used: f64) {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        s.tokens += reserved - used;
        s.estimate = 0.7 * s.estimate + 0.3 * used.max(0.5);
    }
}

/// Items grouped into batch writes of 25, never two with one key in a
/// batch (DynamoDB refuses that).
#[derive(Default)]
struct Batches {
    requests: Vec<WriteRequest>,
    keys: HashSet<Key>,
}

impl Batches {
    /// Adds an item; returns a batch to send when one is full.
    fn push(&mut self, item: &Item) -> Option<Vec<WriteRequest>> {
        let key = Key::of(item).expect("validated");
        let mut full = None;
        if self.keys.contains(&key) {
            full = self.take();
        }
        let put = t::PutRequest::builder()
            .set_item(Some(to_sdk_item(item)))
            .build()
            .expect("an item is set");
        self.requests
            .push(WriteRequest::builder().put_request(put).build());
        self.keys.insert(key);
        if full.is_none() && self.requests.len() == BATCH {
            full = self.take();
        }
        full
    }

    fn take(&mut self) -> Option<Vec<WriteRequest>> {
        self.keys.clear();
        Some(std::mem::take(&mut self.requests)).filter(|r| !r.is_empty())
    }
}

/// Expression attribute names and values, with placeholders that never
/// collide with attribute names.
#[derive(Default)]
struct Expr {
    names: HashMap<String, String>,
    values: HashMap<String, t::AttributeValue>,
}

impl Expr {
    fn name(&mut self, attribute: &str) -> String {
        if let Some((placeholder, _)) = self.names.iter().find(|(_, a)| *a == attribute) {
            return placeholder.clone();
        }
        let placeholder = format!("#n{}", self.names.len());
        self.names
            .insert(placeholder.clone(), attribute.to_string());
        placeholder
    }

    fn value(&mut self, value: AttributeValue) -> String {
        let placeholder = format!(":v{}", self.values.len());
        self.values.insert(placeholder.clone(), to_sdk(&value));
        placeholder
    }

    fn names_or_none(&self) -> Option<HashMap<String, String>> {
        Some(self.names.clone()).filter(|n| !n.is_empty())
    }

    fn values_or_none(&self) -> Option<HashMap<String, t::AttributeValue>> {
        Some(self.values.clone()).filter(|v| !v.is_empty())
    }

    /// The condition expression; `None` for one that always holds.
    fn condition(&mut self, c: &Condition) -> Option<String> {
        Some(match c {
            Condition::Exists => format!("attribute_exists({})", self.name("PK")),
            Condition::NotExists => format!("attribute_not_exists({})", self.name("PK")),
            Condition::AttributeExists(a) => format!("attribute_exists({})", self.name(a)),
            Condition::AttributeNotExists(a) => {
                format!("attribute_not_exists({})", self.name(a))
            }
            Condition::Equals(a, v) => {
                let n = self.name(a);
                let v = self.value(v.clone());
                format!("{n} = {v}")
            }
            Condition::All(all) => {
                let parts: Vec<String> = all
                    .iter()
                    .filter_map(|c| self.condition(c))
                    .map(|p| format!("({p})"))
                    .collect();
                if parts.is_empty() {
                    return None;
                }
                parts.join(" AND ")
            }
        })
    }

    fn update(&mut self, updates: &[Update]) -> String {
        let (mut set, mut remove, mut add) = (Vec::new(), Vec::new(), Vec::new());
        for u in updates {
            match u {
                Update::Set(a, v) => {
                    let n = self.name(a);
                    let v = self.value(v.clone());
                    set.push(format!("{n} = {v}"));
                }
                Update::Remove(a) => remove.push(self.name(a)),
                Update::Add(a, delta) => {
                    let n = self.name(a);
                    let v = self.value(AttributeValue::n(delta));
                    add.push(format!("{n} {v}"));
                }
            }
        }
        let mut clauses = Vec::new();
        if !set.is_empty() {
            clauses.push(format!("SET {}", set.join(", ")));
        }
        if !remove.is_empty() {
            clauses.push(format!("REMOVE {}", remove.join(", ")));
        }
        if !add.is_empty() {
            clauses.push(format!("ADD {}", add.join(", ")));
        }
        clauses.join(" ")
    }
}

fn key_map(key: &Key) -> HashMap<String, t::AttributeValue> {
    HashMap::from([
        ("PK".to_string(), t::AttributeValue::S(key.pk.clone())),
        ("SK".to_string(), t::AttributeValue::S(key.sk.clone())),
    ])
}

fn to_sdk_item(item: &Item) -> HashMap<String, t::AttributeValue> {
    item.iter().map(|(k, v)| (k.clone(), to_sdk(v))).collect()
}

fn blob(b64: &str) -> sdk::primitives::Blob {
    // Validated as base64 before any write (`AttributeValue::validate`).
    sdk::primitives::Blob::new(aws_smithy_types::base64::decode(b64).unwrap_or_default())
}

fn to_sdk(v: &AttributeValue) -> t::AttributeValue {
    match v {
        AttributeValue::S(s) => t::AttributeValue::S(s.clone()),
        AttributeValue::N(n) => t::AttributeValue::N(n.clone()),
        AttributeValue::B(b) => t::AttributeValue::B(blob(b)),
        AttributeValue::Bool(b) => t::AttributeValue::Bool(*b),
        AttributeValue::Null(b) => t::AttributeValue::Null(*b),
        AttributeValue::L(l) => t::AttributeValue::L(l.iter().map(to_sdk).collect()),
        AttributeValue::M(m) => {
            t::AttributeValue::M(m.iter().map(|(k, v)| (k.clone(), to_sdk(v))).collect())
        }
        AttributeValue::SS(s) => t::AttributeValue::Ss(s.clone()),
        AttributeValue::NS(s) => t::AttributeValue::Ns(s.clone()),
        AttributeValue::BS(s) => t::AttributeValue::Bs(s.iter().map(|b| blob(b)).collect()),
    }
}

fn from_sdk_item(item: &HashMap<String, t::AttributeValue>, key: &Key) -> Result<Item> {
    item.iter()
        .map(|(k, v)| {
            from_sdk(v)
                .map(|v| (k.clone(), v))
                .ok_or_else(|| StoreError::Corrupt {
                    key: key.to_string(),
                    detail: format!("{k} has a type this version does not know"),
                })
        })
        .collect()
}

fn from_sdk(v: &t::AttributeValue) -> Option<AttributeValue> {
    let b64 = |b: &sdk::primitives::Blob| aws_smithy_types::base64::encode(b.as_ref());
    Some(match v {
        t::AttributeValue::S(s) => AttributeValue::S(s.clone()),
        t::AttributeValue::N(n) => AttributeValue::N(n.clone()),
        t::AttributeValue::B(b) => AttributeValue::B(b64(b)),
        t::AttributeValue::Bool(b) => AttributeValue::Bool(*b),
        t::AttributeValue::Null(b) => AttributeValue::Null(*b),
        t::AttributeValue::L(l) => {
            AttributeValue::L(l.iter().map(from_sdk).collect::<Option<_>>()?)
        }
        t::AttributeValue::M(m) => AttributeValue::M(
            m.iter()
                .map(|(k, v)| Some((k.clone(), from_sdk(v)?)))
                .collect::<Option<_>>()?,
        ),
        t::AttributeValue::Ss(s) => AttributeValue::SS(s.clone()),
        t::AttributeValue::Ns(s) => AttributeValue::NS(s.clone()),
        t::AttributeValue::Bs(s) => AttributeValue::BS(s.iter().map(b64).collect()),
        _ => return None,
    })
}

/// An item's size as DynamoDB counts it for capacity (names and values in
/// bytes, numbers about one byte per two digits), for cost estimates.
pub fn item_size(item: &Item) -> usize {
    item.iter().map(|(k, v)| k.len() + value_size(v)).sum()
}

fn value_size(v: &AttributeValue) -> usize {
    let number = |n: &str| {
        let digits = n.bytes().filter(u8::is_ascii_digit).count();
        digits.div_ceil(2) + 1
    };
    let binary = |b: &str| b.len() / 4 * 3;
    match v {
        AttributeValue::S(s) => s.len(),
        AttributeValue::N(n) => number(n),
        AttributeValue::B(b) => binary(b),
        AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
        AttributeValue::L(l) => 3 + l.iter().map(|v| 1 + value_size(v)).sum::<usize>(),
        AttributeValue::M(m) => {
            3 + m
                .iter()
                .map(|(k, v)| 1 + k.len() + value_size(v))
                .sum::<usize>()
        }
        AttributeValue::SS(s) => s.iter().map(String::len).sum(),
        AttributeValue::NS(s) => s.iter().map(|n| number(n)).sum(),
        AttributeValue::BS(s) => s.iter().map(|b| binary(b)).sum(),
    }
}
