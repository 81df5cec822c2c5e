//! The DynamoDB engine against DynamoDB Local (started by `scripts/test`):
//! full builds and what they ask DynamoDB for, pages identical to the
//! embedded engine's, throttling, pacing, `trogs table`, import, copy.
//! The conformance suite runs against it as `tests/store_dynamo.rs`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use aws_sdk_dynamodb as sdk;
use sdk::config::interceptors::{
    BeforeDeserializationInterceptorContextMut, BeforeTransmitInterceptorContextRef,
};
use sdk::config::{ConfigBag, Intercept, RuntimeComponents, SharedInterceptor};

use trogs::publish::Target;
use trogs::site::{Report, Site, SiteInfo, Theme};
use trogs::store::{OpenOptions, Store, dynamo};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

// --- Interceptors: what the tests see of the wire ---------------------------

/// The operation a request is for, from its `X-Amz-Target` header.
fn operation(request: Option<&sdk::config::http::HttpRequest>) -> String {
    // (`Option` so a finalizer's view of the request would fit too.)
    request
        .and_then(|r| r.headers().get("x-amz-target"))
        .and_then(|t| t.rsplit('.').next())
        .unwrap_or("?")
        .to_string()
}

/// Counts the requests sent, by operation (every attempt counts).
#[derive(Debug, Default, Clone)]
struct Requests(Arc<Mutex<BTreeMap<String, u64>>>);

impl Requests {
    fn count(&self, op: &str) -> u64 {
        self.0.lock().unwrap().get(op).copied().unwrap_or(0)
    }

    fn reset(&self) {
        self.0.lock().unwrap().clear();
    }
}

impl Intercept for Requests {
    fn name(&self) -> &'static str {
        "count requests"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let op = operation(Some(context.request()));
        *self.0.lock().unwrap().entry(op).or_default() += 1;
        Ok(())
    }
}

/// What a request was, noted before it is sent: the response stage no
/// longer holds the request.
#[derive(Debug, Clone)]
struct Sent {
    op: String,
    body: Vec<u8>,
}

impl aws_smithy_types::config_bag::Storable for Sent {
    type Storer = aws_smithy_types::config_bag::StoreReplace<Sent>;
}

/// Answers the first `n` requests for `op` as DynamoDB answers a throttled
/// one (HTTP 400, `ProvisionedThroughputExceededException`), or for
/// `BatchWriteItem` with every item left unprocessed. Reads and puts are
/// idempotent, so the real request having gone through changes nothing.
#[derive(Debug)]
struct Throttle {
    op: &'static str,
    remaining: AtomicU32,
}

impl Throttle {
    fn first(n: u32, op: &'static str) -> SharedInterceptor {
        SharedInterceptor::new(Throttle {
            op,
            remaining: AtomicU32::new(n),
        })
    }
}

impl Intercept for Throttle {
    fn name(&self) -> &'static str {
        "inject throttling"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        cfg.interceptor_state().store_put(Sent {
            op: operation(Some(request)),
            body: request.body().bytes().unwrap_or_default().to_vec(),
        });
        Ok(())
    }

    fn modify_before_deserialization(
        &self,
        context: &mut BeforeDeserializationInterceptorContextMut<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(sent) = cfg.load::<Sent>().cloned() else {
            return Ok(());
        };
        if sent.op != self.op {
            return Ok(());
        }
        let taken = self
            .remaining
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
        if taken.is_err() {
            return Ok(());
        }
        let (status, body) = if self.op == "BatchWriteItem" {
            let sent: serde_json::Value = serde_json::from_slice(&sent.body)?;
            let body = serde_json::json!({ "UnprocessedItems": sent["RequestItems"] });
            (200u16, body.to_string())
        } else {
            (
                400,
                r#"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"injected by the test"}"#.to_string(),
            )
        };
        let response = context.response_mut();
        *response.status_mut() = status.try_into()?;
        response.headers_mut().remove("content-length");
        response.headers_mut().remove("x-amz-crc32");
        *response.body_mut() = aws_smithy_types::body::SdkBody::from(body);
        Ok(())
    }
}

// --- Fixtures ---------------------------------------------------------------

fn options(interceptors: Vec<SharedInterceptor>, max_read_units: Option<f64>) -> OpenOptions {
    OpenOptions {
        dynamo: dynamo::Options {
            max_read_units,
            interceptors,
        },
    }
}

/// A new table in DynamoDB Local.
async fn dynamo_store(prefix: &str, options: &OpenOptions) -> Store {
    common::dynamodb::endpoint();
    let spec = format!("dynamodb://{}", common::dynamodb::unique_table(prefix));
    Store::create_with(&spec, options)
        .await
        .unwrap_or_else(|e| panic!("creating {spec}: {e}"))
}

fn site(store: Store) -> Site {
    Site {
        info: SiteInfo {
            title: "Trogs Test".into(),
            base_url: common::BASE_URL.into(),
            description: "A test site".into(),
            media_url: "/media/".into(),
            ..SiteInfo::default()
        },
        theme: Arc::new(Theme::load(&common::theme_dir()).unwrap()),
        store,
        target: Target::memory(),
        progress: None,
        options: Default::default(),
    }
}

/// Every file a build published into memory.
fn pages(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let Target::Memory(m) = &site.target else {
        unreachable!()
    };
    m.paths()
        .into_iter()
        .map(|p| {
            let bytes = m.read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// The demo catalog built on the embedded engine: what every DynamoDB
/// build must publish, byte for byte.
async fn embedded_demo_build() -> (Report, BTreeMap<String, Vec<u8>>) {
    let f = common::Fixture::demo().await;
    let site = site(f.store.clone());
    let report = site.build_all().await.unwrap();
    (report, pages(&site))
}

async fn seeded_demo(store: &Store) -> tempfile::TempDir {
    let media = tempfile::tempdir().unwrap();
    trogs::demo::seed(store, media.path()).await.unwrap();
    media
}

fn count(report: &Report, prefix: &str) -> usize {
    report
        .rendered
        .iter()
        .filter(|p| p.starts_with(prefix))
        .count()
}

// --- Builds -----------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_build_makes_one_query_per_page_no_scan_and_the_same_pages() {
    let requests = Requests::default();
    let store = dynamo_store(
        "build",
        &options(vec![SharedInterceptor::new(requests.clone())], None),
    )
    .await;
    let _media = seeded_demo(&store).await;
    let (embedded, want) = embedded_demo_build().await;

    requests.reset();
    let site = site(store.clone());
    let report = site.build_all().await.unwrap();
    let (artists, albums) = (count(&report, "artist/"), count(&report, "album/"));
    assert_eq!((artists, albums), (3, 4), "the demo catalog");
    // The demo's partitions fit in one page of results each.
    assert_eq!(requests.count("Query"), (1 + artists + albums) as u64);
    assert_eq!(report.queries, (1 + artists + albums) as u64);
    assert_eq!(requests.count("Scan"), 0, "a build never scans");
    assert_eq!(
        requests.count("GetItem"),
        0,
        "track pages come from rows read"
    );
    let units = report.read_units.expect("DynamoDB reports read units");
    assert!(units > 0.0 && units < 20.0, "{units} read units");
    assert!(
        report.to_string().contains("read units consumed"),
        "{report}"
    );
    assert_eq!(embedded.read_units, None);

    assert_eq!(report.rendered, embedded.rendered);
    let got = pages(&site);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &want {
        assert!(
            got[path] == *bytes,
            "{path} differs from the embedded build"
        );
    }

    // One album changed: at most 3 queries.
    let album = report
        .rendered
        .iter()
        .find_map(|p| p.strip_prefix("album/")?.strip_suffix(".html"))
        .unwrap()
        .to_string();
    requests.reset();
    let one = site
        .build_changed(&[trogs::site::PageRef::Album(album)])
        .await
        .unwrap();
    assert!(one.queries <= 3, "{} queries", one.queries);
    assert_eq!(requests.count("Scan"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttled_build_retries_and_publishes_the_same_pages() {
    let requests = Requests::default();
    let store = dynamo_store(
        "throttle",
        &options(
            vec![
                Throttle::first(6, "Query"),
                SharedInterceptor::new(requests.clone()),
            ],
            None,
        ),
    )
    .await;
    let _media = seeded_demo(&store).await;
    let (_, want) = embedded_demo_build().await;
    let site = site(store);
    let report = site.build_all().await.unwrap();
    assert_eq!(report.throttled, 6, "{report}");
    assert_eq!(
        requests.count("Query"),
        8 + 6,
        "each throttled query sent again"
    );
    assert_eq!(report.queries, 8, "retries are not new queries");
    assert!(pages(&site) == want, "the throttled build differs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unprocessed_batch_items_are_sent_again() {
    let requests = Requests::default();
    let store = dynamo_store(
        "unprocessed",
        &options(
            vec![
                Throttle::first(2, "BatchWriteItem"),
                SharedInterceptor::new(requests.clone()),
            ],
            None,
        ),
    )
    .await;
    let _media = seeded_demo(&store).await;
    let f = common::Fixture::demo().await;
    let want = f.store.scan_all().await.unwrap();
    assert_eq!(store.scan_all().await.unwrap(), want);
    let batches = want.len().div_ceil(25) as u64;
    assert!(
        requests.count("BatchWriteItem") >= batches + 2,
        "{} batch writes for {} items",
        requests.count("BatchWriteItem"),
        want.len()
    );
    assert!(store.stats().throttled.load(Ordering::Relaxed) >= 2);
    assert!(store.stats().write_units() > 0.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_read_units_paces_a_build() {
    let rate = 1.0;
    let store = dynamo_store("paced", &options(vec![], Some(rate))).await;
    let _media = seeded_demo(&store).await;
    let started = std::time::Instant::now();
    let site = site(store);
    let report = site.build_all().await.unwrap();
    let secs = started.elapsed().as_secs_f64();
    let units = report.read_units.unwrap();
    // A quarter second's burst, plus what one read may cost beyond its estimate.
    let allowed = rate * secs + 1.0 + 2.0;
    assert!(
        units <= allowed,
        "{units} read units in {secs:.2} s at {rate} per second"
    );
    assert!(
        units > 2.0 * rate,
        "the demo should need a few seconds' worth"
    );
}

// --- The command: table, import, copy ---------------------------------------

fn trogs(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_trogs"))
        .args(args)
        .current_dir(dir)
        .env_remove("TROGS_STORE")
        .output()
        .unwrap()
}

fn ok(out: Output) -> (String, String) {
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    (stdout, stderr)
}

fn failed(out: Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "{text}");
    text
}

async fn sdk_client() -> sdk::Client {
    common::dynamodb::endpoint();
    let conf = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    sdk::Client::new(&conf)
}

#[tokio::test]
async fn table_create_and_check_on_matching_and_mismatched_tables() {
    common::dynamodb::endpoint();
    let dir = tempfile::tempdir().unwrap();
    let table = common::dynamodb::unique_table("create");
    let store = format!("dynamodb://{table}");

    let missing = failed(trogs(dir.path(), &["table", "check", "--store", &store]));
    assert!(missing.contains("does not exist"), "{missing}");

    let (out, _) = ok(trogs(dir.path(), &["table", "create", "--store", &store]));
    assert!(
        out.contains("created") && out.contains("provisioned"),
        "{out}"
    );
    let (out, _) = ok(trogs(dir.path(), &["table", "check", "--store", &store]));
    assert!(out.contains("matches"), "{out}");
    let (out, _) = ok(trogs(dir.path(), &["table", "create", "--store", &store]));
    assert!(out.contains("exists already"), "{out}");

    // What was created: the free tier's 25 and 25 units over the table and its 4 indexes.
    let client = sdk_client().await;
    let described = client
        .describe_table()
        .table_name(&table)
        .send()
        .await
        .unwrap()
        .table
        .unwrap();
    assert!(dynamo::differences(&described).is_empty());
    let units = |t: Option<&sdk::types::ProvisionedThroughputDescription>| {
        let t = t.unwrap();
        (
            t.read_capacity_units().unwrap(),
            t.write_capacity_units().unwrap(),
        )
    };
    let mut total = units(described.provisioned_throughput());
    for gsi in described.global_secondary_indexes() {
        let (r, w) = units(gsi.provisioned_throughput());
        total = (total.0 + r, total.1 + w);
    }
    assert_eq!(described.global_secondary_indexes().len(), 4);
    assert_eq!(total, (25, 25));
    let projections: BTreeMap<&str, &str> = described
        .global_secondary_indexes()
        .iter()
        .map(|g| {
            (
                g.index_name().unwrap(),
                g.projection().unwrap().projection_type().unwrap().as_str(),
            )
        })
        .collect();
    assert_eq!(
        projections,
        BTreeMap::from([
            ("IX_ARTISTS_ALBUMS", "ALL"),
            ("IX_ARTISTS_BY_OWNER", "ALL"),
            ("IX_ARTISTS_NAMES", "KEYS_ONLY"),
            ("IX_ARTIST_CONTENT", "ALL"),
        ])
    );

    // On demand.
    let on_demand = common::dynamodb::unique_table("ondemand");
    let spec = format!("dynamodb://{on_demand}");
    let (out, _) = ok(trogs(
        dir.path(),
        &["table", "create", "--on-demand", "--store", &spec],
    ));
    assert!(out.contains("on-demand"), "{out}");
    let described = client
        .describe_table()
        .table_name(&on_demand)
        .send()
        .await
        .unwrap()
        .table
        .unwrap();
    assert_eq!(
        described.billing_mode_summary().unwrap().billing_mode(),
        Some(&sdk::types::BillingMode::PayPerRequest)
    );

    // A table made by hand, without IX_ARTISTS_NAMES and with
    // IX_ARTISTS_BY_OWNER projecting keys only.
    let wrong = common::dynamodb::unique_table("wrong");
    let key = |name: &str, kind| {
        sdk::types::KeySchemaElement::builder()
            .attribute_name(name)
            .key_type(kind)
            .build()
            .unwrap()
    };
    let gsi = |name: &str, hash: &str, range: &str, projection| {
        sdk::types::GlobalSecondaryIndex::builder()
            .index_name(name)
            .key_schema(key(hash, sdk::types::KeyType::Hash))
            .key_schema(key(range, sdk::types::KeyType::Range))
            .projection(
                sdk::types::Projection::builder()
                    .projection_type(projection)
                    .build(),
            )
            .build()
            .unwrap()
    };
    let mut create = client
        .create_table()
        .table_name(&wrong)
        .billing_mode(sdk::types::BillingMode::PayPerRequest)
        .key_schema(key("PK", sdk::types::KeyType::Hash))
        .key_schema(key("SK", sdk::types::KeyType::Range));
    for a in ["PK", "SK", "AA_PK", "AA_SK", "AC_PK", "AC_SK", "Owner"] {
        create = create.attribute_definitions(
            sdk::types::AttributeDefinition::builder()
                .attribute_name(a)
                .attribute_type(sdk::types::ScalarAttributeType::S)
                .build()
                .unwrap(),
        );
    }
    use sdk::types::ProjectionType::{All, KeysOnly};
    create
        .global_secondary_indexes(gsi("IX_ARTISTS_ALBUMS", "AA_PK", "AA_SK", All))
        .global_secondary_indexes(gsi("IX_ARTIST_CONTENT", "AC_PK", "AC_SK", All))
        .global_secondary_indexes(gsi("IX_ARTISTS_BY_OWNER", "Owner", "PK", KeysOnly))
        .send()
        .await
        .unwrap();
    let spec = format!("dynamodb://{wrong}");
    let check = failed(trogs(dir.path(), &["table", "check", "--store", &spec]));
    assert!(check.contains("IX_ARTISTS_NAMES is missing"), "{check}");
    assert!(
        check.contains("IX_ARTISTS_BY_OWNER projects KEYS_ONLY, not ALL"),
        "{check}"
    );
    assert!(check.contains("2 differences"), "{check}");
    let create = failed(trogs(dir.path(), &["table", "create", "--store", &spec]));
    assert!(create.contains("IX_ARTISTS_NAMES is missing"), "{create}");
    let build = failed(trogs(dir.path(), &["build", "--store", &spec]));
    assert!(build.contains("IX_ARTISTS_NAMES is missing"), "{build}");
    let err = Store::open(&spec).await.err().unwrap();
    assert!(
        matches!(err, trogs::store::StoreError::Layout { .. }),
        "{err}"
    );
}

#[test]
fn an_original_scan_export_imports_into_dynamodb_and_every_page_renders() {
    use common::original::{ASTA, BJORN, OTHER_ALBUM, SHARED};
    common::dynamodb::endpoint();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scan.json");
    std::fs::write(&file, common::original::scan()).unwrap();
    let file = file.to_str().unwrap();
    let theme = common::theme_dir();
    let theme = theme.to_str().unwrap();
    let table = format!("dynamodb://{}", common::dynamodb::unique_table("orig"));

    let (out, err) = ok(trogs(dir.path(), &["import", file, "--store", &table]));
    assert!(out.contains("imported 12 items"), "{out}");
    assert!(err.contains("not one transaction"), "{err}");
    assert!(err.contains("again converges"), "{err}");
    // A rerun converges: the same items, nothing doubled.
    ok(trogs(dir.path(), &["import", file, "--store", &table]));

    let build = |store: &str, out: &str| {
        ok(trogs(
            dir.path(),
            &[
                "build",
                "--store",
                store,
                "--out",
                out,
                "--theme",
                theme,
                "--base-url",
                common::BASE_URL,
            ],
        ))
        .0
    };
    let report = build(&table, "from-dynamodb");
    assert!(report.contains("read units consumed"), "{report}");
    ok(trogs(
        dir.path(),
        &["import", file, "--store", "sqlite:t.db"],
    ));
    build("sqlite:t.db", "from-sqlite");

    let html = |root: &str| -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir.path().join(root))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                let rel = e.path().strip_prefix(dir.path().join(root)).unwrap();
                (
                    rel.to_string_lossy().to_string(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    };
    let (dynamo, sqlite) = (html("from-dynamodb"), html("from-sqlite"));
    for page in [
        "index.html".to_string(),
        format!("artist/{ASTA}.html"),
        format!("artist/{BJORN}.html"),
        format!("album/{SHARED}.html"),
        format!("album/{OTHER_ALBUM}.html"),
        "track/trk0000000000001.html".into(),
        "track/trk0000000000002.html".into(),
        "track/trk0000000000003.html".into(),
        "track/sgl0000000000001.html".into(),
        "track/sgl0000000000002.html".into(),
        "track/sgl000000000000b.html".into(),
    ] {
        assert!(dynamo.contains_key(&page), "{page} was not rendered");
    }
    assert_eq!(
        dynamo.keys().collect::<Vec<_>>(),
        sqlite.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &sqlite {
        assert!(dynamo[path] == *bytes, "{path} differs between engines");
    }
}

#[test]
fn copy_moves_a_whole_catalog_both_ways() {
    common::dynamodb::endpoint();
    let dir = tempfile::tempdir().unwrap();
    let table = format!("dynamodb://{}", common::dynamodb::unique_table("copy"));
    ok(trogs(
        dir.path(),
        &[
            "demo",
            "--store",
            "sqlite:a.db",
            "--artists",
            "3",
            "--albums",
            "6",
            "--tracks",
            "30",
        ],
    ));
    let (out, err) = ok(trogs(
        dir.path(),
        &["copy", "--from", "sqlite:a.db", "--to", &table],
    ));
    assert!(out.contains("copied"), "{out}");
    assert!(err.contains("not one transaction"), "{err}");
    let again = failed(trogs(
        dir.path(),
        &["copy", "--from", "sqlite:a.db", "--to", &table],
    ));
    assert!(again.contains("--merge"), "{again}");
    ok(trogs(
        dir.path(),
        &["copy", "--from", &table, "--to", "sqlite:b.db"],
    ));
    let export = |store: &str| ok(trogs(dir.path(), &["export", "--store", store])).0;
    let a = export("sqlite:a.db");
    assert!(a.len() > 10_000, "a catalog worth copying");
    assert_eq!(a, export("sqlite:b.db"));
    // And DynamoDB's own export holds the same items (in its own order).
    let mut from_dynamo = trogs::store::json::parse(&export(&table)).unwrap();
    from_dynamo.sort_by_cached_key(trogs::store::Key::of);
    assert_eq!(from_dynamo, trogs::store::json::parse(&a).unwrap());
}
