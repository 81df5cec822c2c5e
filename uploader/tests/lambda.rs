//! The upload service as AWS Lambda runs it: the real binary, started with
//! `AWS_LAMBDA_RUNTIME_API` pointing at a loopback stand-in for Lambda's
//! Runtime API (which hands it events and takes its answers) that also
//! answers Lambda's Invoke API (where the function sends its asynchronous
//! jobs). Requests arrive as Function URL events (payload 2.0), as
//! CloudFront sends them; settings and secrets come from SSM (moto), the
//! catalog is DynamoDB Local and the buckets are moto's S3.
//!
//! Lambda refuses an event over 6 MB before the function runs, and hands a
//! binary body base64-encoded: the stand-in does both, so a test that sent
//! too much fails here as it would there. Jobs the function asked for are
//! delivered by the test, as Lambda would, and twice where it matters.
//! Requests on Lambda leave image derivatives and publishing to jobs, so
//! the tests deliver those too before they look at the site bucket.

mod common;
mod harness;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use base64::Engine as _;
use serde_json::{Value, json};
use tokio::sync::{Notify, oneshot};
use trogs::s3::{Client, Options};
use trogs::store::Store;

use common::oidc::{MockUser, mock_authorize, mock_issuer, set_mock_user, unique_client_id};

/// What Lambda takes as an event (and gives as an answer), at most.
const MAX_EVENT_BYTES: usize = 6 * 1024 * 1024;
/// The tus chunk the Create page sends in Lambda mode.
const CHUNK: usize = 4 * 1024 * 1024;
const PUBLIC: &str = "music.example.test";
const FUNCTION_HOST: &str = "abcdefghij.lambda-url.us-east-1.on.aws";

const HOW: &str = "this test needs DynamoDB Local, moto (S3 and SSM) and the OpenID stand-in; \
                   run it with scripts/test, which installs and starts them";

fn required(name: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| panic!("{name} is not set: {HOW}"))
}

// ---------------------------------------------------------------------------
// The Lambda stand-in: Runtime API and Invoke API on one loopback port
// ---------------------------------------------------------------------------

#[derive(Default)]
struct Lambda {
    /// Events waiting for the function's next `/invocation/next`.
    events: Mutex<VecDeque<(String, Value)>>,
    arrived: Notify,
    /// Who waits for each event's answer.
    answers: Mutex<HashMap<String, oneshot::Sender<Result<Value, Value>>>>,
    /// Payloads of asynchronous invocations the function sent.
    invoked: Mutex<Vec<Value>>,
}

async fn next(State(lambda): State<Arc<Lambda>>) -> impl IntoResponse {
    loop {
        let waiting = lambda.arrived.notified();
        if let Some((id, event)) = lambda.events.lock().unwrap().pop_front() {
            let deadline = (std::time::SystemTime::now() + Duration::from_secs(900))
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis();
            let mut headers = HeaderMap::new();
            headers.insert("lambda-runtime-aws-request-id", id.parse().unwrap());
            headers.insert(
                "lambda-runtime-deadline-ms",
                deadline.to_string().parse().unwrap(),
            );
            headers.insert(
                "lambda-runtime-invoked-function-arn",
                "arn:aws:lambda:us-east-1:123456789012:function:trogs-uploader"
                    .parse()
                    .unwrap(),
            );
            headers.insert("content-type", "application/json".parse().unwrap());
            return (headers, event.to_string());
        }
        waiting.await;
    }
}

async fn answer(
    State(lambda): State<Arc<Lambda>>,
    Path((id, kind)): Path<(String, String)>,
    body: String,
) -> StatusCode {
    let value: Value = serde_json::from_str(&body).unwrap_or(Value::String(body));
    if let Some(tx) = lambda.answers.lock().unwrap().remove(&id) {
        let _ = tx.send(if kind == "response" {
            Ok(value)
        } else {
            Err(value)
        });
    }
    StatusCode::ACCEPTED
}

async fn invoke(
    State(lambda): State<Arc<Lambda>>,
    Path(_name): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    assert_eq!(
        headers
            .get("x-amz-invocation-type")
            .and_then(|v| v.to_str().ok()),
        Some("Event"),
        "jobs are asynchronous invocations"
    );
    let payload: Value = serde_json::from_slice(&body).expect("a JSON job event");
    lambda.invoked.lock().unwrap().push(payload);
    StatusCode::ACCEPTED
}

impl Lambda {
    async fn start() -> (Arc<Lambda>, String) {
        let lambda = Arc::new(Lambda::default());
        let router = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route("/2018-06-01/runtime/invocation/{id}/{kind}", post(answer))
            .route("/2015-03-31/functions/{name}/invocations", post(invoke))
            .with_state(Arc::clone(&lambda));
        let (listener, url) = common::loopback().await;
        common::serve(listener, router);
        let host = url.host_str().unwrap().to_string();
        (lambda, format!("{host}:{}", url.port().unwrap()))
    }

    /// Hands `event` to the function and waits for its answer (an `Err`
    /// is what the function reported as its error).
    async fn invoke(&self, event: Value) -> Result<Value, Value> {
        let size = event.to_string().len();
        assert!(
            size <= MAX_EVENT_BYTES,
            "Lambda refuses an event of {size} bytes (at most {MAX_EVENT_BYTES}) before the function runs"
        );
        let id = format!("req-{:016x}", fastrand::u64(..));
        let (tx, rx) = oneshot::channel();
        self.answers.lock().unwrap().insert(id.clone(), tx);
        self.events.lock().unwrap().push_back((id, event));
        self.arrived.notify_one();
        tokio::time::timeout(Duration::from_secs(600), rx)
            .await
            .expect("the function answered within 10 minutes")
            .expect("the function answered")
    }

    /// The job events sent since the last call.
    fn take_jobs(&self) -> Vec<Value> {
        std::mem::take(&mut *self.invoked.lock().unwrap())
    }

    /// Delivers every job sent so far (each once), as Lambda would, and
    /// the jobs those send in turn.
    async fn run_jobs(&self) {
        loop {
            let jobs = self.take_jobs();
            if jobs.is_empty() {
                return;
            }
            for job in jobs {
                let done = self.invoke(job.clone()).await;
                assert!(done.is_ok(), "the job {job}: {done:?}");
            }
        }
    }
}

/// The partition of the catalog holding pending-job records.
const PENDING: &str = "JOBS#pending";

/// The pending-job records in the deployment's table (one query).
async fn pending_records(d: &Deployment) -> Vec<trogs::store::Item> {
    let store = Store::open(&format!("dynamodb://{}", d.table))
        .await
        .unwrap();
    store
        .query_all(trogs::store::Query::new(
            trogs::store::Index::Table,
            PENDING,
        ))
        .await
        .unwrap()
}

/// The `publish` job among `jobs` naming `page` (`{"artist": ID}`).
fn publish_job(jobs: &[Value], page: &Value) -> Option<Value> {
    jobs.iter()
        .find(|j| {
            j["trogs-job"] == "publish"
                && j["pages"]
                    .as_array()
                    .is_some_and(|pages| pages.contains(page))
        })
        .cloned()
}

// ---------------------------------------------------------------------------
// The deployment: table, buckets, parameters, the function's environment
// ---------------------------------------------------------------------------

struct Deployment {
    stack: String,
    table: String,
    site_bucket: String,
    media_bucket: String,
    client_id: String,
    origin_secret: String,
    s3: Client,
}

async fn ssm_put(name: &str, value: &str, secure: bool) {
    let moto = required("TROGS_TEST_S3");
    let body = json!({
        "Name": name,
        "Value": value,
        "Type": if secure { "SecureString" } else { "String" },
        "Overwrite": true,
    });
    let r = reqwest::Client::new()
        .post(format!("{}/", moto.trim_end_matches('/')))
        .header("x-amz-target", "AmazonSSM.PutParameter")
        .header("content-type", "application/x-amz-json-1.1")
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ssm/aws4_request, SignedHeaders=host, Signature=0",
        )
        .body(body.to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("moto does not answer at {moto} ({e}): {HOW}"));
    assert!(
        r.status().is_success(),
        "putting {name}: {}",
        r.text().await.unwrap()
    );
}

impl Deployment {
    async fn new(test: &str) -> Deployment {
        required("TROGS_TEST_DYNAMODB");
        required("TROGS_TEST_S3");
        let n = format!("{}-{:06x}", std::process::id(), fastrand::u32(..1 << 24));
        let stack = format!("lambda-{test}-{n}");
        let table = format!("{stack}-table");
        Store::create(&format!("dynamodb://{table}")).await.unwrap();
        let s3 = Client::connect(&Options::default()).await;
        let site_bucket = format!("{stack}-site");
        let media_bucket = format!("{stack}-media");
        for bucket in [&site_bucket, &media_bucket] {
            s3.sdk.create_bucket().bucket(bucket).send().await.unwrap();
        }
        let client_id = unique_client_id(&format!("lambda-{test}"));
        let origin_secret = format!("{:032x}{:032x}", fastrand::u128(..), fastrand::u128(..));
        let d = Deployment {
            stack,
            table,
            site_bucket,
            media_bucket,
            client_id,
            origin_secret,
            s3,
        };
        ssm_put(&d.parameter("session-key"), &"s".repeat(40), true).await;
        ssm_put(&d.parameter("oidc-client-secret"), "mock-secret", true).await;
        // Two values, as while rotating: the new one first.
        ssm_put(
            &d.parameter("origin-secret"),
            &format!("{}, {}", d.origin_secret, "o".repeat(40)),
            true,
        )
        .await;
        ssm_put(
            &d.parameter("public-url"),
            &format!("https://{PUBLIC}"),
            false,
        )
        .await;
        d
    }

    fn parameter(&self, name: &str) -> String {
        format!("/trogs/{}/{name}", self.stack)
    }

    /// The function's environment, as the template sets it.
    fn environment(&self, runtime_api: &str) -> Vec<(String, String)> {
        let moto = required("TROGS_TEST_S3");
        let lambda = format!("http://{runtime_api}");
        [
            ("AWS_LAMBDA_RUNTIME_API", runtime_api.to_string()),
            (
                "AWS_LAMBDA_FUNCTION_NAME",
                format!("{}-uploader", self.stack),
            ),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024".into()),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".into()),
            ("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/test".into()),
            ("AWS_LAMBDA_LOG_STREAM_NAME", "test".into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ENDPOINT_URL_SSM", moto),
            ("AWS_ENDPOINT_URL_LAMBDA", lambda),
            ("TROGS_STORE", format!("dynamodb://{}", self.table)),
            ("TROGS_OUT", format!("s3://{}", self.site_bucket)),
            ("TROGS_MEDIA", format!("s3://{}/media", self.media_bucket)),
            ("TROGS_MEDIA_URL", "/media/".into()),
            ("TROGS_OIDC_ISSUER", mock_issuer()),
            ("TROGS_OIDC_CLIENT_ID", self.client_id.clone()),
            ("TROGS_THEME", harness::theme_dir().display().to_string()),
            ("TROGS_PUBLIC_URL_PARAMETER", self.parameter("public-url")),
            ("TROGS_BASE_URL_PARAMETER", self.parameter("public-url")),
            ("TROGS_SESSION_KEY_PARAMETER", self.parameter("session-key")),
            (
                "TROGS_OIDC_CLIENT_SECRET_PARAMETER",
                self.parameter("oidc-client-secret"),
            ),
            (
                "TROGS_ORIGIN_SECRET_PARAMETER",
                self.parameter("origin-secret"),
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    async fn site_object(&self, key: &str) -> Option<String> {
        let got = self
            .s3
            .sdk
            .get_object()
            .bucket(&self.site_bucket)
            .key(key)
            .send()
            .await
            .ok()?;
        let bytes = got.body.collect().await.ok()?.into_bytes();
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    async fn media_keys(&self) -> Vec<String> {
        let listed = self
            .s3
            .sdk
            .list_objects_v2()
            .bucket(&self.media_bucket)
            .send()
            .await
            .unwrap();
        listed
            .contents()
            .iter()
            .filter_map(|o| o.key().map(str::to_string))
            .collect()
    }
}

/// The function's process, as Lambda starts it.
struct Function {
    child: Child,
    log: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Function {
    fn start(env: &[(String, String)]) -> Function {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("function.log");
        let file = std::fs::File::create(&log).unwrap();
        let mut command = Command::new(harness::BIN);
        command
            .current_dir(dir.path())
            .env("TMPDIR", dir.path())
            .env("TROGS_LOG", "info")
            .env_remove("TROGS_STORE")
            .env_remove("TROGS_OUT")
            .env_remove("TROGS_MEDIA")
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file);
        for (k, v) in env {
            command.env(k, v);
        }
        Function {
            child: command.spawn().expect("starting trogs-uploader"),
            log,
            _dir: dir,
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits for the process to end (a failed cold start) and gives its log.
    fn ended(&mut self) -> (std::process::ExitStatus, String) {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, self.log());
            }
            assert!(
                Instant::now() < deadline,
                "the function did not stop: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Function {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------
// A browser behind CloudFront, as Function URL events
// ---------------------------------------------------------------------------

/// An answer, from the function's payload 2.0 response.
struct Answer {
    status: u16,
    headers: BTreeMap<String, String>,
    cookies: Vec<String>,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {} {}", self.status, self.text()))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

fn answer_of(value: Value) -> Answer {
    let status = value["statusCode"].as_u64().expect("a statusCode") as u16;
    let headers = value["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.as_str().unwrap_or("").to_string()))
                .collect()
        })
        .unwrap_or_default();
    let cookies = value["cookies"]
        .as_array()
        .map(|c| {
            c.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let text = value["body"].as_str().unwrap_or("");
    let body = if value["isBase64Encoded"].as_bool() == Some(true) {
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .expect("a base64 body")
    } else {
        text.as_bytes().to_vec()
    };
    Answer {
        status,
        headers,
        cookies,
        body,
    }
}

/// A browser's requests, as CloudFront hands them to the Function URL:
/// with the origin secret, the viewer's host copied by CloudFront's
/// function, and the Function URL's own Host.
struct Viewer {
    lambda: Arc<Lambda>,
    cookies: BTreeMap<String, String>,
    csrf: Option<String>,
    origin_secret: Option<String>,
    viewer_host: Option<String>,
}

enum Payload {
    None,
    Json(Value),
    Bytes(&'static str, Vec<u8>),
}

const BOUNDARY: &str = "trogs-test-boundary-7d3f";
const MULTIPART: &str = "multipart/form-data; boundary=trogs-test-boundary-7d3f";

/// A multipart form with one file, as a browser's form sends it.
fn form_file(field: &str, name: &str, kind: &str, bytes: &[u8]) -> Payload {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n\
         Content-Type: {kind}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    Payload::Bytes(MULTIPART, body)
}

impl Viewer {
    fn new(lambda: &Arc<Lambda>, d: &Deployment) -> Viewer {
        Viewer {
            lambda: Arc::clone(lambda),
            cookies: BTreeMap::new(),
            csrf: None,
            origin_secret: Some(d.origin_secret.clone()),
            viewer_host: Some(PUBLIC.to_string()),
        }
    }

    fn event(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, String)],
        body: &Payload,
    ) -> Value {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let mut h = serde_json::Map::new();
        h.insert("host".into(), json!(FUNCTION_HOST));
        h.insert("user-agent".into(), json!("Mozilla/5.0 (test)"));
        h.insert("via".into(), json!("2.0 abc.cloudfront.net (CloudFront)"));
        h.insert("x-forwarded-proto".into(), json!("https"));
        if let Some(secret) = &self.origin_secret {
            h.insert("x-trogs-origin".into(), json!(secret));
        }
        if let Some(host) = &self.viewer_host {
            h.insert("x-trogs-viewer-host".into(), json!(host));
        }
        if method != "GET" && method != "HEAD" {
            h.insert("origin".into(), json!(format!("https://{PUBLIC}")));
            if let Some(csrf) = &self.csrf {
                h.insert("x-csrf-token".into(), json!(csrf));
            }
        }
        for (k, v) in headers {
            h.insert(k.to_ascii_lowercase(), json!(v));
        }
        let (body, base64) = match body {
            Payload::None => (None, false),
            Payload::Json(v) => {
                h.insert("content-type".into(), json!("application/json"));
                (Some(v.to_string()), false)
            }
            // A Function URL hands a binary body base64-encoded.
            Payload::Bytes(kind, bytes) => {
                h.insert("content-type".into(), json!(kind));
                (
                    Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
                    true,
                )
            }
        };
        if let Some(b) = &body {
            h.insert(
                "content-length".into(),
                json!(match body {
                    _ if base64 => base64::engine::general_purpose::STANDARD
                        .decode(b)
                        .unwrap()
                        .len()
                        .to_string(),
                    _ => b.len().to_string(),
                }),
            );
        }
        let cookies: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut event = json!({
            "version": "2.0",
            "routeKey": "$default",
            "rawPath": path,
            "rawQueryString": query,
            "headers": h,
            "requestContext": {
                "accountId": "anonymous",
                "apiId": "abcdefghij",
                "domainName": FUNCTION_HOST,
                "domainPrefix": "abcdefghij",
                "http": {
                    "method": method,
                    "path": path,
                    "protocol": "HTTP/1.1",
                    "sourceIp": "203.0.113.7",
                    "userAgent": "Mozilla/5.0 (test)"
                },
                "requestId": format!("{:016x}", fastrand::u64(..)),
                "routeKey": "$default",
                "stage": "$default",
                "time": "06/Dec/2026:15:00:00 +0000",
                "timeEpoch": 1_796_569_200_000u64
            },
            "isBase64Encoded": base64,
        });
        if !cookies.is_empty() {
            event["cookies"] = json!(cookies);
        }
        if let Some(b) = body {
            event["body"] = json!(b);
        }
        event
    }

    async fn send(
        &mut self,
        method: &str,
        target: &str,
        headers: &[(&str, String)],
        body: Payload,
    ) -> Answer {
        let event = self.event(method, target, headers, &body);
        let value = self
            .lambda
            .invoke(event)
            .await
            .unwrap_or_else(|e| panic!("{method} {target}: the function failed: {e}"));
        let a = answer_of(value);
        for cookie in &a.cookies {
            let pair = cookie.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() || cookie.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
        a
    }

    async fn get(&mut self, target: &str) -> Answer {
        self.send("GET", target, &[], Payload::None).await
    }

    async fn json(&mut self, method: &str, target: &str, v: Value) -> Answer {
        self.send(method, target, &[], Payload::Json(v)).await
    }

    /// Signs in through the OpenID stand-in and agrees to the terms.
    async fn sign_in(&mut self, client_id: &str, sub: &str) {
        set_mock_user(
            client_id,
            &MockUser::verified(sub, &format!("{sub}@example.test")),
        )
        .await;
        let login = self.get("/login?next=/create").await;
        assert_eq!(login.status, 303, "{}", login.text());
        let to = url::Url::parse(login.header("location").expect("to the provider")).unwrap();
        let back = mock_authorize(&to).await;
        assert_eq!(
            back.host_str(),
            Some(PUBLIC),
            "the provider sends the browser back to the public address: {back}"
        );
        let target = format!("{}?{}", back.path(), back.query().unwrap_or(""));
        let done = self.get(&target).await;
        assert!(
            done.status == 303 || done.status == 302,
            "{} {}",
            done.status,
            done.text()
        );
        let me = self.get("/api/v1/me").await;
        assert_eq!(me.status, 200, "{}", me.text());
        self.csrf = me.json()["data"]["csrf"].as_str().map(str::to_string);
        let agreed = self
            .send("POST", "/api/v1/me/terms", &[], Payload::None)
            .await;
        assert_eq!(agreed.status, 200, "{}", agreed.text());
    }
}

/// Starts the function in a fresh deployment and waits for its cold start.
async fn deployed(test: &str) -> (Deployment, Arc<Lambda>, Function) {
    deployed_with(test, &[]).await
}

/// A deployment whose function also has the settings `extra`.
async fn deployed_with(test: &str, extra: &[(&str, &str)]) -> (Deployment, Arc<Lambda>, Function) {
    let d = Deployment::new(test).await;
    let (lambda, api) = Lambda::start().await;
    let mut env = d.environment(&api);
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let function = Function::start(&env);
    // The first event waits for the cold start.
    let mut v = Viewer::new(&lambda, &d);
    let health = tokio::select! {
        a = v.get("/healthz") => a,
        () = async {
            loop {
                tokio::time::sleep(Duration::from_millis(200)).await;
                if function.log().contains("Error:") {
                    break;
                }
            }
        } => panic!("the cold start failed: {}", function.log()),
    };
    assert_eq!(health.status, 200, "{}", health.text());
    (d, lambda, function)
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_through_the_function_reaches_the_site_bucket_with_renditions() {
    let (d, lambda, function) = deployed("upload").await;
    let mut ann = Viewer::new(&lambda, &d);
    ann.sign_in(&d.client_id, "ann").await;

    let artist = ann
        .json("POST", "/api/v1/me/artists", json!({"name": "Lambda Band"}))
        .await;
    assert_eq!(artist.status, 201, "{}", artist.text());
    let artist_id = artist.json()["data"]["id"].as_str().unwrap().to_string();
    let album = ann
        .json(
            "POST",
            &format!("/api/v1/me/artists/{artist_id}/albums"),
            json!({"title": "Cold Starts"}),
        )
        .await;
    assert_eq!(album.status, 201, "{}", album.text());
    let album_id = album.json()["data"]["id"].as_str().unwrap().to_string();

    // The Create page tells its script Lambda's chunk size, and the form
    // without script its size limit.
    let page = ann.get(&format!("/create/albums/{album_id}")).await;
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(
        page.text().contains(&format!(
            r#"<meta name="trogs-upload-chunk" content="{CHUNK}">"#
        )),
        "{}",
        page.text()
    );
    assert!(
        page.text().contains("files of at most 4 MB"),
        "{}",
        page.text()
    );

    // A track larger than one event can carry, in 4 MiB tus chunks (each
    // about 5.6 MB as base64).
    let audio = harness::wav(30.0);
    assert!(audio.len() > CHUNK, "{} bytes", audio.len());
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let created = ann
        .send(
            "POST",
            "/api/v1/me/uploads",
            &[
                ("tus-resumable", "1.0.0".into()),
                ("upload-length", audio.len().to_string()),
                (
                    "upload-metadata",
                    format!(
                        "target {},filename {}",
                        b64(&format!("album/{album_id}/tracks")),
                        b64("night drive.wav")
                    ),
                ),
            ],
            Payload::None,
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text());
    let location = created.header("location").expect("a Location").to_string();
    let path = url::Url::parse(&format!("https://{PUBLIC}"))
        .unwrap()
        .join(&location)
        .unwrap()
        .path()
        .to_string();
    let mut offset = 0;
    let mut last = None;
    for chunk in audio.chunks(CHUNK) {
        let a = ann
            .send(
                "PATCH",
                &path,
                &[
                    ("tus-resumable", "1.0.0".into()),
                    ("upload-offset", offset.to_string()),
                ],
                Payload::Bytes("application/offset+octet-stream", chunk.to_vec()),
            )
            .await;
        assert!(
            a.status == 204 || a.status == 200,
            "{} {}",
            a.status,
            a.text()
        );
        offset += chunk.len();
        assert_eq!(
            a.header("upload-offset"),
            Some(offset.to_string().as_str()),
            "the base64 body was decoded to its bytes"
        );
        last = Some(a);
    }
    // The last PATCH answers at once: the file is put together, checked
    // and stored by a job, and the page asks for the outcome.
    let last = last.unwrap();
    assert_eq!(
        last.header("trogs-state"),
        Some("finishing"),
        "{}",
        last.text()
    );
    assert!(last.header("trogs-result").is_none());
    let waiting = ann.get(&path).await;
    assert_eq!(waiting.status, 200, "{}", waiting.text());
    assert_eq!(waiting.json()["data"]["state"], "finishing");
    let jobs = lambda.take_jobs();
    let finish = jobs
        .iter()
        .find(|j| j["trogs-job"] == "finish-upload")
        .unwrap_or_else(|| panic!("a finish-upload job: {jobs:?}\n{}", function.log()))
        .clone();
    // Lambda may deliver it twice: one track all the same.
    for _ in 0..2 {
        let done = lambda.invoke(finish.clone()).await;
        assert!(done.is_ok(), "{done:?}\n{}", function.log());
    }
    let done = ann.get(&path).await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(done.json()["data"]["state"], "done", "{}", done.text());
    // Someone else can't see it.
    let mut bob = Viewer::new(&lambda, &d);
    bob.sign_in(&d.client_id, "bob").await;
    assert_eq!(bob.get(&path).await.status, 404);

    let tracks = ann
        .get(&format!("/api/v1/me/albums/{album_id}/tracks"))
        .await;
    assert_eq!(tracks.status, 200, "{}", tracks.text());
    let listed = tracks.json()["data"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(listed.len(), 1, "one track: {}", tracks.text());
    let track_id = listed[0]["id"].as_str().unwrap().to_string();

    // The function asked for the renditions job; Lambda runs it, maybe
    // twice.
    let jobs = lambda.take_jobs();
    let job = jobs
        .iter()
        .find(|j| j["trogs-job"] == "renditions" && j["track"] == track_id.as_str())
        .unwrap_or_else(|| {
            panic!(
                "a renditions job for {track_id}: {jobs:?}\n{}",
                function.log()
            )
        })
        .clone();
    for _ in 0..2 {
        let done = lambda.invoke(job.clone()).await;
        assert!(done.is_ok(), "the job: {done:?}\n{}", function.log());
    }

    // On S3 a page's key is its URL's path: `track/ID`, no `.html`.
    let page = d
        .site_object(&format!("track/{track_id}"))
        .await
        .unwrap_or_else(|| panic!("track/{track_id} in the site bucket\n{}", function.log()));
    assert!(
        page.contains(".opus"),
        "the page offers the Opus rendition: {page}"
    );
    let album_page = d
        .site_object(&format!("album/{album_id}"))
        .await
        .expect("the album page");
    assert!(album_page.contains("night drive"), "{album_page}");
    let media = d.media_keys().await;
    let opus: Vec<_> = media
        .iter()
        .filter(|k| k.starts_with("media/_trogs/") && k.ends_with(".opus"))
        .collect();
    assert!(
        !opus.is_empty(),
        "renditions in the media bucket: {media:?}"
    );
    let count_after_twice = media.len();

    // Delivered again, the job changes nothing more.
    assert!(lambda.invoke(job.clone()).await.is_ok());
    assert_eq!(d.media_keys().await.len(), count_after_twice);
    let track = ann.get(&format!("/api/v1/me/tracks/{track_id}")).await;
    assert_eq!(track.status, 200, "{}", track.text());
    assert!(lambda.take_jobs().is_empty(), "a job sends no further jobs");

    // A file that is not audio: the job records the refusal, and the page
    // gets it with its status, as the last PATCH would have answered.
    let text = b"<html>this is not audio</html>".repeat(40);
    let created = ann
        .send(
            "POST",
            "/api/v1/me/uploads",
            &[
                ("tus-resumable", "1.0.0".into()),
                ("upload-length", text.len().to_string()),
                (
                    "upload-metadata",
                    format!(
                        "target {},filename {}",
                        b64(&format!("album/{album_id}/tracks")),
                        b64("page.mp3")
                    ),
                ),
            ],
            Payload::None,
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text());
    let location = created.header("location").unwrap().to_string();
    let a = ann
        .send(
            "PATCH",
            &location,
            &[
                ("tus-resumable", "1.0.0".into()),
                ("upload-offset", "0".into()),
            ],
            Payload::Bytes("application/offset+octet-stream", text.clone()),
        )
        .await;
    assert_eq!(a.status, 204, "{}", a.text());
    let mut delivered = vec![finish, job];
    for job in lambda.take_jobs() {
        assert!(lambda.invoke(job.clone()).await.is_ok());
        delivered.push(job);
    }
    let refused = ann.get(&location).await;
    assert_eq!(refused.status, 415, "{}", refused.text());
    assert!(
        refused.json()["errors"][0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("not audio")),
        "{}",
        refused.text()
    );

    // The schedule's sweep runs, and again.
    for _ in 0..2 {
        let swept = lambda.invoke(json!({"trogs-job": "sweep"})).await;
        assert!(swept.is_ok(), "{swept:?}\n{}", function.log());
    }
    // The jobs Lambda delivered removed their pending records; those of
    // the publish jobs this test never delivered stay for a later sweep.
    let left: Vec<String> = pending_records(&d)
        .await
        .iter()
        .filter_map(|r| trogs::store::get_s(r, "SK").map(str::to_string))
        .collect();
    for job in delivered {
        let record = job["pending"]
            .as_str()
            .unwrap_or_else(|| panic!("the job names its pending record: {job}"));
        assert!(
            !left.iter().any(|r| r == record),
            "the delivered job {job} left its record {record}"
        );
    }
    assert_eq!(
        left.len(),
        2,
        "the artist's and the album's publish: {left:?}"
    );
}

/// The media key an artist's or album's image URL (`/media/KEY`) names.
fn image_key(data: &Value) -> String {
    let url = data["attributes"]["image"]
        .as_str()
        .unwrap_or_else(|| panic!("an image URL: {data}"));
    url.split_once("/media/")
        .map(|(_, k)| k.to_string())
        .unwrap_or_else(|| panic!("a media URL: {url}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_upload_answers_and_a_job_makes_its_derivatives() {
    let (d, lambda, function) = deployed("image").await;
    let mut ann = Viewer::new(&lambda, &d);
    ann.sign_in(&d.client_id, "ann").await;
    let artist = ann
        .json(
            "POST",
            "/api/v1/me/artists",
            json!({"name": "Picture Band"}),
        )
        .await;
    assert_eq!(artist.status, 201, "{}", artist.text());
    let artist_id = artist.json()["data"]["id"].as_str().unwrap().to_string();
    lambda.run_jobs().await;
    assert!(
        d.site_object(&format!("artist/{artist_id}"))
            .await
            .is_some(),
        "the publish job made the artist's page\n{}",
        function.log()
    );

    // The image is stored and the answer comes before any derivative.
    let upload = |bytes: Vec<u8>, name: &'static str, kind: &'static str| {
        form_file("image_file", name, kind, &bytes)
    };
    let a = ann
        .send(
            "POST",
            &format!("/api/v1/me/artists/{artist_id}/image"),
            &[],
            upload(harness::png(900, 600), "me.png", "image/png"),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text());
    let first = image_key(&a.json()["data"][0]);
    assert_eq!(
        a.json()["meta"]["live"][0]["published"],
        false,
        "the page is left to a job: {}",
        a.text()
    );
    let media = d.media_keys().await;
    assert!(media.contains(&format!("media/{first}")), "{media:?}");
    let derivative = |image: &str, size: &str| {
        let (stem, ext) = image.rsplit_once('.').unwrap();
        format!("{stem}.{size}.{ext}")
    };
    assert!(
        !media.iter().any(|k| k.contains(".300x300.")),
        "no derivative yet: {media:?}"
    );
    let jobs = lambda.take_jobs();
    let derive = jobs
        .iter()
        .find(|j| j["trogs-job"] == "derivatives")
        .unwrap_or_else(|| panic!("a derivatives job: {jobs:?}\n{}", function.log()))
        .clone();
    assert_eq!(derive["artist"], artist_id.as_str(), "{derive}");
    assert_eq!(derive["image"], first.as_str(), "{derive}");
    assert!(derive.get("album").is_none(), "{derive}");

    // Published before the derivatives exist, the page shows the image
    // itself, sized by the page.
    let publish = publish_job(&jobs, &json!({ "artist": artist_id }))
        .unwrap_or_else(|| panic!("a publish job for the artist: {jobs:?}"));
    assert!(lambda.invoke(publish).await.is_ok());
    let page = d.site_object(&format!("artist/{artist_id}")).await.unwrap();
    assert!(page.contains(&format!("/media/{first}")), "{page}");
    assert!(!page.contains(".300x300."), "{page}");

    // Lambda delivers the job, twice: the derivatives are made once, and
    // the page shows them.
    for _ in 0..2 {
        let done = lambda.invoke(derive.clone()).await;
        assert!(done.is_ok(), "{done:?}\n{}", function.log());
    }
    let media = d.media_keys().await;
    for size in ["50x50", "80x80", "300x300", "300", "1400x1400"] {
        let k = format!("media/{}", derivative(&first, size));
        assert!(media.contains(&k), "{k} in {media:?}");
    }
    let page = d.site_object(&format!("artist/{artist_id}")).await.unwrap();
    assert!(
        page.contains(&format!("/media/{}", derivative(&first, "300x300"))),
        "the page shows the 300x300 square: {page}"
    );
    assert!(lambda.take_jobs().is_empty(), "a job sends no further jobs");
    let count = media.len();
    assert!(lambda.invoke(derive.clone()).await.is_ok());
    assert_eq!(
        d.media_keys().await.len(),
        count,
        "a third delivery adds nothing"
    );

    // A newer image: the old image's job, delivered late, leaves it alone.
    let a = ann
        .send(
            "POST",
            &format!("/api/v1/me/artists/{artist_id}/image"),
            &[],
            upload(harness::jpeg(700, 700), "new.jpg", "image/jpeg"),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text());
    let second = image_key(&a.json()["data"][0]);
    assert_ne!(first, second);
    let jobs = lambda.take_jobs();
    let derive_second = jobs
        .iter()
        .find(|j| j["trogs-job"] == "derivatives" && j["image"] == second.as_str())
        .unwrap_or_else(|| panic!("a derivatives job for the new image: {jobs:?}"))
        .clone();
    assert!(lambda.invoke(derive.clone()).await.is_ok());
    let media = d.media_keys().await;
    let stem = first.rsplit_once('.').unwrap().0;
    assert!(
        !media
            .iter()
            .any(|k| k.starts_with(&format!("media/{stem}"))),
        "the replaced image and its derivatives are gone, and stay gone: {media:?}"
    );
    assert!(
        !media.iter().any(|k| k.contains(".300x300.")),
        "the new image's derivatives are its own job's: {media:?}"
    );
    let me = ann.get(&format!("/api/v1/me/artists/{artist_id}")).await;
    assert_eq!(image_key(&me.json()["data"]), second, "{}", me.text());
    for job in jobs {
        assert!(lambda.invoke(job).await.is_ok());
    }
    assert!(lambda.invoke(derive_second).await.is_ok());
    let page = d.site_object(&format!("artist/{artist_id}")).await.unwrap();
    assert!(
        page.contains(&format!("/media/{}", derivative(&second, "300x300"))),
        "{page}"
    );

    // An album's cover goes the same way: a 12-megapixel photo's, whose
    // request and job times are printed (docs/deploy.md quotes them).
    let album = ann
        .json(
            "POST",
            &format!("/api/v1/me/artists/{artist_id}/albums"),
            json!({"title": "Covers"}),
        )
        .await;
    assert_eq!(album.status, 201, "{}", album.text());
    let album_id = album.json()["data"]["id"].as_str().unwrap().to_string();
    let photo = image::RgbImage::from_fn(4000, 3000, |x, y| {
        image::Rgb([(x / 16) as u8, (y / 12) as u8, ((x + y) / 28) as u8])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    photo
        .write_to(&mut bytes, image::ImageFormat::Jpeg)
        .unwrap();
    let started = Instant::now();
    let a = ann
        .send(
            "POST",
            &format!("/api/v1/me/albums/{album_id}/image"),
            &[],
            upload(bytes.into_inner(), "cover.jpg", "image/jpeg"),
        )
        .await;
    let request = started.elapsed();
    assert_eq!(a.status, 201, "{}", a.text());
    let cover = image_key(&a.json()["data"][0]);
    let jobs = lambda.take_jobs();
    assert!(
        jobs.iter().any(|j| j["trogs-job"] == "derivatives"
            && j["album"] == album_id.as_str()
            && j["image"] == cover.as_str()),
        "{jobs:?}"
    );
    let started = Instant::now();
    for job in jobs.iter().filter(|j| j["trogs-job"] == "derivatives") {
        assert!(lambda.invoke(job.clone()).await.is_ok());
    }
    eprintln!(
        "a 4000x3000 JPEG cover on Lambda: the request took {request:?}, its derivatives job {:?}",
        started.elapsed()
    );
    for job in jobs.iter().filter(|j| j["trogs-job"] != "derivatives") {
        assert!(lambda.invoke(job.clone()).await.is_ok());
    }
    let page = d.site_object(&format!("album/{album_id}")).await.unwrap();
    assert!(
        page.contains(&format!("/media/{}", derivative(&cover, "300x300"))),
        "{page}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_answers_while_another_holds_the_publish_lease() {
    use trogs::store::{AttributeValue, Item, Key};
    let (d, lambda, function) = deployed("lease").await;
    let mut ann = Viewer::new(&lambda, &d);
    ann.sign_in(&d.client_id, "ann").await;
    let artist = ann
        .json("POST", "/api/v1/me/artists", json!({"name": "Lease Band"}))
        .await;
    assert_eq!(artist.status, 201, "{}", artist.text());
    let artist_id = artist.json()["data"]["id"].as_str().unwrap().to_string();
    lambda.run_jobs().await;

    // Another process holds the publish lease, as the lease code writes
    // it, for longer than a publish waits for it (60 s).
    let store = Store::open(&format!("dynamodb://{}", d.table))
        .await
        .unwrap();
    let held = Duration::from_secs(600);
    let expires = std::time::SystemTime::now() + held;
    let mut lease = Item::new();
    lease.insert("PK".into(), AttributeValue::s("LEASE#publish"));
    lease.insert("SK".into(), AttributeValue::s("LEASE"));
    lease.insert("Holder".into(), AttributeValue::s("another-process"));
    lease.insert(
        "Expires".into(),
        AttributeValue::n(
            expires
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_millis() as i64,
        ),
    );
    store.put(lease, None).await.unwrap();

    let bio = "Written while the lease was held";
    let started = Instant::now();
    let a = ann
        .json(
            "PATCH",
            &format!("/api/v1/me/artists/{artist_id}"),
            json!({ "bio": bio }),
        )
        .await;
    let took = started.elapsed();
    eprintln!("an edit on Lambda while another holds the publish lease answered in {took:?}");
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(
        took < Duration::from_secs(60),
        "the edit answered without waiting for the lease (a publish waits up to 60 s): {took:?}"
    );
    let live = &a.json()["meta"]["live"];
    assert_eq!(live["published"], false, "{live}");
    assert!(
        live["error"]
            .as_str()
            .is_some_and(|e| e.contains("in a moment")),
        "{live}"
    );
    let jobs = lambda.take_jobs();
    let publish = publish_job(&jobs, &json!({ "artist": artist_id }))
        .unwrap_or_else(|| panic!("a publish job for the artist: {jobs:?}\n{}", function.log()));
    assert!(
        publish["expects"].as_array().is_some_and(|e| !e.is_empty()),
        "the job waits for the edit's row: {publish}"
    );
    let page = d.site_object(&format!("artist/{artist_id}")).await.unwrap();
    assert!(!page.contains(bio), "not published yet: {page}");

    // The lease frees; Lambda delivers the job, twice: the page is
    // published, and the second delivery changes nothing.
    store
        .delete(Key::new("LEASE#publish", "LEASE"), None)
        .await
        .unwrap();
    // The schedule's sweep comes first: within its grace period (an hour
    // by default) the job is Lambda's, and the sweep leaves it alone.
    let record = Key::new(PENDING, publish["pending"].as_str().unwrap());
    let swept = lambda.invoke(json!({"trogs-job": "sweep"})).await;
    assert!(swept.is_ok(), "{swept:?}\n{}", function.log());
    let page = d.site_object(&format!("artist/{artist_id}")).await.unwrap();
    assert!(
        !page.contains(bio),
        "the sweep left the young job alone: {page}"
    );
    assert!(store.get(record.clone()).await.unwrap().is_some());
    for _ in 0..2 {
        let done = lambda.invoke(publish.clone()).await;
        assert!(done.is_ok(), "{done:?}\n{}", function.log());
    }
    let page = d.site_object(&format!("artist/{artist_id}")).await.unwrap();
    assert!(page.contains(bio), "{page}");
    assert!(
        store.get(record).await.unwrap().is_none(),
        "the job removed its pending record"
    );
    assert!(lambda.take_jobs().is_empty(), "a job sends no further jobs");
    assert!(
        store
            .get(Key::new("LEASE#publish", "LEASE"))
            .await
            .unwrap()
            .is_none(),
        "the job let go of the lease"
    );
}

/// Sends the schedule's sweep and gives what it said it did.
async fn sweep(lambda: &Lambda, function: &Function) -> String {
    let swept = lambda.invoke(json!({"trogs-job": "sweep"})).await;
    let Ok(done) = swept else {
        panic!("the sweep failed: {swept:?}\n{}", function.log());
    };
    done["done"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_whose_tries_all_failed_are_run_by_a_later_sweep() {
    // Every pending job counts as lost at once, instead of after an hour.
    let (d, lambda, function) = deployed_with("lost", &[("TROGS_JOB_GRACE_SECS", "0")]).await;
    let store = Store::open(&format!("dynamodb://{}", d.table))
        .await
        .unwrap();
    let mut ann = Viewer::new(&lambda, &d);
    ann.sign_in(&d.client_id, "ann").await;

    // A new artist's publish job is never delivered (as if all three of
    // Lambda's tries failed): its record stays, and no page is made.
    let artist = ann
        .json("POST", "/api/v1/me/artists", json!({"name": "Lost Band"}))
        .await;
    assert_eq!(artist.status, 201, "{}", artist.text());
    let artist_id = artist.json()["data"]["id"].as_str().unwrap().to_string();
    let dropped = lambda.take_jobs();
    let publish = publish_job(&dropped, &json!({ "artist": artist_id }))
        .unwrap_or_else(|| panic!("a publish job for the artist: {dropped:?}"));
    let record = publish["pending"]
        .as_str()
        .unwrap_or_else(|| panic!("the job names its pending record: {publish}"))
        .to_string();
    let item = store
        .get(trogs::store::Key::new(PENDING, &record))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("the record {record} is in the catalog"));
    assert!(
        item.contains_key("ExpiresAt"),
        "a pending record expires by DynamoDB's time to live: {item:?}"
    );
    assert!(
        d.site_object(&format!("artist/{artist_id}"))
            .await
            .is_none(),
        "no page without the job"
    );

    // The next sweep runs it: the page appears, and the record is gone.
    let done = sweep(&lambda, &function).await;
    assert!(
        done.contains(&format!("ran {} lost jobs", dropped.len())),
        "{done}"
    );
    assert!(
        d.site_object(&format!("artist/{artist_id}"))
            .await
            .is_some_and(|page| page.contains("Lost Band")),
        "the sweep published the artist's page\n{}",
        function.log()
    );
    assert_eq!(pending_records(&d).await, Vec::new());
    assert!(
        lambda.take_jobs().is_empty(),
        "the sweep ran it where it was"
    );
    // Delivered at last, long after, the job still does no harm.
    assert!(lambda.invoke(publish).await.is_ok());

    // An image's derivatives job, and its publish, are dropped too.
    let a = ann
        .send(
            "POST",
            &format!("/api/v1/me/artists/{artist_id}/image"),
            &[],
            form_file("image_file", "me.png", "image/png", &harness::png(900, 600)),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text());
    let image = image_key(&a.json()["data"][0]);
    let dropped = lambda.take_jobs();
    assert!(
        dropped
            .iter()
            .any(|j| j["trogs-job"] == "derivatives" && j["image"] == image.as_str()),
        "{dropped:?}"
    );
    assert_eq!(
        pending_records(&d).await.len(),
        dropped.len(),
        "{dropped:?}"
    );
    assert!(
        !d.media_keys().await.iter().any(|k| k.contains(".300x300.")),
        "no derivative without the job"
    );
    let done = sweep(&lambda, &function).await;
    assert!(
        done.contains(&format!("ran {} lost jobs", dropped.len())),
        "{done}"
    );
    let media = d.media_keys().await;
    let (stem, ext) = image.rsplit_once('.').unwrap();
    for size in ["50x50", "80x80", "300x300", "300", "1400x1400"] {
        let k = format!("media/{stem}.{size}.{ext}");
        assert!(media.contains(&k), "the sweep made {k}: {media:?}");
    }
    let page = d.site_object(&format!("artist/{artist_id}")).await.unwrap();
    assert!(
        page.contains(&format!("/media/{stem}.300x300.{ext}")),
        "the page shows the derivatives: {page}"
    );
    assert_eq!(pending_records(&d).await, Vec::new());
    let done = sweep(&lambda, &function).await;
    assert!(
        done.contains("ran 0 lost jobs"),
        "nothing is left to run: {done}"
    );

    // A lost job that fails again in the sweep (its image is missing from
    // the bucket for a while) waits for a later sweep, counted, and is
    // done once it can be.
    let a = ann
        .send(
            "POST",
            &format!("/api/v1/me/artists/{artist_id}/image"),
            &[],
            form_file(
                "image_file",
                "again.png",
                "image/png",
                &harness::png(640, 480),
            ),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.text());
    let image = image_key(&a.json()["data"][0]);
    let dropped = lambda.take_jobs();
    let derive = dropped
        .iter()
        .find(|j| j["trogs-job"] == "derivatives" && j["image"] == image.as_str())
        .unwrap_or_else(|| panic!("{dropped:?}"))
        .clone();
    let object = format!("media/{image}");
    let stored =
        d.s3.sdk
            .get_object()
            .bucket(&d.media_bucket)
            .key(&object)
            .send()
            .await
            .unwrap()
            .body
            .collect()
            .await
            .unwrap()
            .into_bytes();
    d.s3.sdk
        .delete_object()
        .bucket(&d.media_bucket)
        .key(&object)
        .send()
        .await
        .unwrap();
    let done = sweep(&lambda, &function).await;
    assert!(done.contains("(1 failed again)"), "{done}");
    let left = pending_records(&d).await;
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(
        left[0].get("Tries"),
        Some(&trogs::store::AttributeValue::n(1)),
        "{left:?}"
    );
    assert_ne!(
        trogs::store::get_s(&left[0], "SK"),
        derive["pending"].as_str(),
        "it went to the back of the line"
    );
    d.s3.sdk
        .put_object()
        .bucket(&d.media_bucket)
        .key(&object)
        .body(stored.into())
        .send()
        .await
        .unwrap();
    let done = sweep(&lambda, &function).await;
    assert!(done.contains("ran 1 lost jobs (0 failed again)"), "{done}");
    let (stem, ext) = image.rsplit_once('.').unwrap();
    let k = format!("media/{stem}.300x300.{ext}");
    assert!(
        d.media_keys().await.contains(&k),
        "the later sweep made {k}"
    );
    assert_eq!(pending_records(&d).await, Vec::new());
    // The job itself, delivered at last, finds its work done.
    assert!(lambda.invoke(derive).await.is_ok());

    // A job delivered normally (and twice, as Lambda may) removes its own
    // record, and leaves the sweep nothing.
    let bio = "Delivered as usual";
    let a = ann
        .json(
            "PATCH",
            &format!("/api/v1/me/artists/{artist_id}"),
            json!({ "bio": bio }),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.text());
    let jobs = lambda.take_jobs();
    assert_eq!(pending_records(&d).await.len(), jobs.len(), "{jobs:?}");
    for job in &jobs {
        for _ in 0..2 {
            let done = lambda.invoke(job.clone()).await;
            assert!(done.is_ok(), "{done:?}\n{}", function.log());
        }
    }
    assert_eq!(pending_records(&d).await, Vec::new());
    let page = d.site_object(&format!("artist/{artist_id}")).await.unwrap();
    assert!(page.contains(bio), "{page}");
    let done = sweep(&lambda, &function).await;
    assert!(done.contains("ran 0 lost jobs"), "{done}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_cloudfront_with_the_viewers_host_is_answered() {
    let (d, lambda, function) = deployed("edge").await;

    // Without the origin secret, or with a wrong one: 403 before anything.
    let mut stranger = Viewer::new(&lambda, &d);
    stranger.origin_secret = None;
    let a = stranger.get("/create").await;
    assert_eq!(a.status, 403, "{}", a.text());
    assert!(a.json()["errors"][0]["detail"].as_str().is_some());
    stranger.origin_secret = Some(format!("{}x", d.origin_secret));
    assert_eq!(stranger.get("/healthz").await.status, 403);
    // The second value of a rotation is taken.
    stranger.origin_secret = Some("o".repeat(40));
    assert_eq!(stranger.get("/healthz").await.status, 200);

    // Another host than the site's (DNS rebinding, or a request to the
    // distribution's other name): 421, as the server answers.
    let mut elsewhere = Viewer::new(&lambda, &d);
    elsewhere.viewer_host = Some("evil.example".into());
    let a = elsewhere.get("/create").await;
    assert_eq!(a.status, 421, "{}", a.text());
    assert!(a.text().contains(PUBLIC), "{}", a.text());
    // No viewer host at all (not through CloudFront's function): the
    // Function URL's own Host is not the site's.
    elsewhere.viewer_host = None;
    assert_eq!(elsewhere.get("/create").await.status, 421);

    // The site's own host is answered.
    let mut viewer = Viewer::new(&lambda, &d);
    let a = viewer.get("/create").await;
    assert!(
        a.status == 303 || a.status == 200,
        "{} {}",
        a.status,
        a.text()
    );
    drop(function);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_parameter_stops_the_cold_start_naming_it() {
    let d = Deployment::new("missing").await;
    let (_lambda, api) = Lambda::start().await;
    let mut env = d.environment(&api);
    let missing = d.parameter("not-put");
    for (k, v) in env.iter_mut() {
        if k == "TROGS_SESSION_KEY_PARAMETER" {
            *v = missing.clone();
        }
    }
    let mut function = Function::start(&env);
    let (status, log) = function.ended();
    assert!(!status.success(), "{log}");
    assert!(log.contains(&missing), "names the parameter: {log}");
    assert!(log.contains("TROGS_SESSION_KEY_PARAMETER"), "{log}");
    assert!(
        log.contains(&format!(
            "aws ssm put-parameter --name {missing} --type SecureString"
        )),
        "says how to set it: {log}"
    );
}

#[test]
fn a_four_mib_chunk_fits_in_an_event_and_five_does_not() {
    // Base64 makes 4 bytes of 3; with the event around it a 4 MiB chunk is
    // still under Lambda's 6 MB, and S3's 5 MiB part size is not.
    let fits = |n: usize| n.div_ceil(3) * 4 + 4096 <= MAX_EVENT_BYTES;
    assert!(fits(CHUNK));
    assert!(!fits(5 * 1024 * 1024));
    assert_eq!(
        trogs_uploader::lambda::MAX_CHUNK_BYTES,
        CHUNK,
        "the Create page's chunk in Lambda mode"
    );
}
