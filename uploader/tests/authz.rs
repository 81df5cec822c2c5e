//! Every route of the API, asked as nobody, as another user and as the
//! owner, with the status each must get. The tables below must list
//! exactly the routes the service has (`trogs_uploader::routes::ROUTES`),
//! so a route added without being listed here fails this test, and each
//! route's statuses must fit who the list says may call it.

mod harness;

use harness::{Body, Client, album, album_track, artist, single};
use reqwest::Method;
use serde_json::json;
use trogs::store::Store;
use trogs_uploader::routes::{Part, ROUTES, Who};

const ARTIST: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";
const TRACK: &str = "c000000000000001";
const TRACK2: &str = "c000000000000002";
const SINGLE: &str = "d000000000000001";

async fn seed(store: &Store, port: u16) {
    let a = artist(ARTIST, "Ann Band", &harness::owner_for(port, "ann"));
    let b = album(ALBUM, &a, "First", 0);
    let t = album_track(TRACK, &b, &a, "One", 0);
    let t2 = album_track(TRACK2, &b, &a, "Two", 1);
    let s = single(SINGLE, &a, "Alone", 0);
    for item in [
        a.to_item(),
        b.to_item(),
        t.to_item(),
        t2.to_item(),
        s.to_item(),
    ] {
        store.put(item, None).await.unwrap();
    }
}

/// What a route is sent, and the statuses: (anonymous, another user, owner).
struct Case {
    method: &'static str,
    route: &'static str,
    body: fn() -> Body,
    anonymous: u16,
    other: u16,
    owner: u16,
}

fn none() -> Body {
    Body::None
}

fn files(field: &str, name: &str, bytes: Vec<u8>) -> Body {
    Body::Files(field.into(), vec![(name.into(), bytes)])
}

/// The routes of one part of the service, as (method, path).
fn routes_of(part: Part) -> Vec<(&'static str, &'static str)> {
    ROUTES
        .iter()
        .filter(|r| r.part == part)
        .map(|r| (r.method.as_str(), r.path))
        .collect()
}

/// In the order the owner runs them: deletions last.
fn cases() -> Vec<Case> {
    let c = |method, route, body: fn() -> Body, anonymous, other, owner| Case {
        method,
        route,
        body,
        anonymous,
        other,
        owner,
    };
    vec![
        c("GET", "/api/v1/me", none, 401, 200, 200),
        c("POST", "/api/v1/me/terms", none, 401, 200, 200),
        c("GET", "/api/v1/me/artists", none, 401, 200, 200),
        c(
            "POST",
            "/api/v1/me/artists",
            || Body::Json(json!({"name": format!("Someone {}", fastrand::u32(..))})),
            401,
            201,
            201,
        ),
        c("GET", "/api/v1/me/artists/{id}", none, 401, 404, 200),
        c(
            "PATCH",
            "/api/v1/me/artists/{id}",
            || Body::Json(json!({"bio": "changed"})),
            401,
            404,
            200,
        ),
        c(
            "POST",
            "/api/v1/me/artists/{id}/image",
            || files("image_file", "me.png", harness::png(400, 300)),
            401,
            404,
            201,
        ),
        c("GET", "/api/v1/me/artists/{id}/albums", none, 401, 404, 200),
        c(
            "POST",
            "/api/v1/me/artists/{id}/albums",
            || Body::Json(json!({"title": "Second", "release_date": "2026-03-04"})),
            401,
            404,
            201,
        ),
        c(
            "GET",
            "/api/v1/me/artists/{id}/singles",
            none,
            401,
            404,
            200,
        ),
        c(
            "POST",
            "/api/v1/me/artists/{id}/singles",
            || files("audio_file", "song.wav", harness::wav(0.05)),
            401,
            404,
            201,
        ),
        c(
            "GET",
            "/api/v1/me/artists/{id}/featured",
            none,
            401,
            404,
            200,
        ),
        c(
            "PUT",
            "/api/v1/me/artists/{id}/featured",
            || Body::Json(json!({"order": []})),
            401,
            404,
            200,
        ),
        c("GET", "/api/v1/me/albums/{id}", none, 401, 404, 200),
        c(
            "PATCH",
            "/api/v1/me/albums/{id}",
            || Body::Json(json!({"title": "First, again"})),
            401,
            404,
            200,
        ),
        c(
            "POST",
            "/api/v1/me/albums/{id}/image",
            || files("image_file", "cover.jpg", harness::jpeg(500, 500)),
            401,
            404,
            201,
        ),
        c("GET", "/api/v1/me/albums/{id}/tracks", none, 401, 404, 200),
        c(
            "POST",
            "/api/v1/me/albums/{id}/tracks",
            || files("audio_file", "three.wav", harness::wav(0.05)),
            401,
            404,
            201,
        ),
        c("GET", "/api/v1/me/tracks/{id}", none, 401, 404, 200),
        c(
            "PATCH",
            "/api/v1/me/tracks/{id}",
            || Body::Json(json!({"title": "One, renamed"})),
            401,
            404,
            200,
        ),
        c(
            "POST",
            "/api/v1/me/tracks/{id}/move",
            || Body::Json(json!({"direction": "down"})),
            401,
            404,
            200,
        ),
        c(
            "PUT",
            "/api/v1/me/tracks/{id}/featured",
            || Body::Json(json!({"featured": true})),
            401,
            404,
            200,
        ),
        c(
            "POST",
            "/api/v1/me/tracks/{id}/audio",
            || files("file", "new master.wav", harness::wav(0.05)),
            401,
            404,
            200,
        ),
        c("DELETE", "/api/v1/me/tracks/{id}", none, 401, 404, 200),
        c("DELETE", "/api/v1/me/albums/{id}", none, 401, 404, 200),
        c("DELETE", "/api/v1/me/artists/{id}", none, 401, 404, 200),
        // Last: it ends the asker's sessions (the test signs in again).
        c("DELETE", "/api/v1/me/sessions", none, 401, 200, 200),
    ]
}

fn path(route: &str) -> String {
    let id = if route.starts_with("/api/v1/me/artists/") {
        ARTIST
    } else if route.starts_with("/api/v1/me/albums/") {
        ALBUM
    } else {
        TRACK
    };
    route.replace("{id}", id)
}

#[test]
fn every_route_is_listed_once() {
    let mut listed: Vec<(&str, &str)> = cases().iter().map(|c| (c.method, c.route)).collect();
    let mut routes = routes_of(Part::Api);
    listed.sort_unstable();
    routes.sort_unstable();
    assert_eq!(
        listed, routes,
        "the authorization table must list every API route exactly once"
    );
}

/// Who may call a route, by what nobody and another user get: a route
/// that sends nobody away (401, or a page's redirect) is for those signed
/// in, and one that looks missing to another user is for its owner.
fn who_answered(case: &Case) -> Who {
    match (case.anonymous, case.other) {
        (401 | 303, 404) => Who::Owner,
        (401 | 303, _) => Who::SignedIn,
        _ => Who::Anyone,
    }
}

#[test]
fn every_route_says_who_may_call_it_as_it_answers() {
    let who_of = |method: &str, path: &str| {
        ROUTES
            .iter()
            .find(|r| r.method.as_str() == method && r.path == path)
            .unwrap_or_else(|| panic!("{method} {path} is not a route"))
            .who
    };
    let mut wrong = Vec::new();
    for case in cases().iter().chain(&page_cases()) {
        let (listed, answered) = (who_of(case.method, case.route), who_answered(case));
        if listed != answered {
            wrong.push(format!(
                "{} {}: the routes say {listed:?}, its statuses {answered:?}",
                case.method, case.route
            ));
        }
    }
    for (method, path, _, _) in sign_in_cases() {
        if who_of(method, path) != Who::Anyone {
            wrong.push(format!("{method} {path} answers everyone alike"));
        }
    }
    // The resumable uploads (their statuses are the test below): asking
    // what they take is for anyone; the rest is for the owner of the
    // upload, or of what it is for.
    for (method, path) in routes_of(Part::Uploads) {
        let who = if method == "OPTIONS" {
            Who::Anyone
        } else {
            Who::Owner
        };
        if who_of(method, path) != who {
            wrong.push(format!("{method} {path} is for {who:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_nobody_other_users_and_owners_as_it_must() {
    let up = harness::dev(seed).await;
    let mut anonymous = up.client();
    let mut bob = up.client();
    bob.sign_in("bob").await;
    let mut ann = up.client();
    ann.sign_in("ann").await;

    for case in cases() {
        let method = Method::from_bytes(case.method.as_bytes()).unwrap();
        let p = path(case.route);
        let a = anonymous.send(method.clone(), &p, (case.body)()).await;
        assert_eq!(
            a.status, case.anonymous,
            "anonymous {} {p}: {}",
            case.method, a.text
        );
        assert!(
            a.text.starts_with("{\"errors\""),
            "anonymous {} {p}: {}",
            case.method,
            a.text
        );
        let b = bob.send(method.clone(), &p, (case.body)()).await;
        assert_eq!(
            b.status, case.other,
            "another user {} {p}: {}",
            case.method, b.text
        );
        if case.other == 404 {
            // Not found looks the same whether or not it exists.
            let missing = p
                .replace(ARTIST, "zzzzzzzzzzzzzzzz")
                .replace(ALBUM, "zzzzzzzzzzzzzzzz")
                .replace(TRACK, "zzzzzzzzzzzzzzzz");
            let m = bob.send(method.clone(), &missing, (case.body)()).await;
            assert_eq!(m.status, 404, "{} {missing}", case.method);
            assert_eq!(m.text, b.text, "another user's {p} must look missing");
        }
    }
    // Bob signed himself out everywhere last.
    assert_eq!(bob.get("/api/v1/me").await.status, 401);
    bob.sign_in("bob").await;
    // Nothing another user did changed Ann's work.
    let a = ann.get(&format!("/api/v1/me/artists/{ARTIST}")).await;
    assert_eq!(a.status, 200);
    let attrs = &a.json()["data"]["attributes"];
    assert_eq!(attrs["bio"], "bio");
    assert_eq!(attrs["albums"].as_array().unwrap().len(), 1);
    assert_eq!(attrs["singles"].as_array().unwrap().len(), 1);
    let listed = bob.get("/api/v1/me/artists").await.json();
    assert!(
        !listed.to_string().contains(ARTIST),
        "another user's list shows Ann's artist: {listed}"
    );

    for case in cases() {
        let method = Method::from_bytes(case.method.as_bytes()).unwrap();
        let p = path(case.route);
        let o = ann.send(method, &p, (case.body)()).await;
        assert_eq!(
            o.status, case.owner,
            "owner {} {p}: {}",
            case.method, o.text
        );
    }
    assert_eq!(ann.get("/api/v1/me").await.status, 401);
    ann.sign_in("ann").await;
    let gone = ann.get(&format!("/api/v1/me/artists/{ARTIST}")).await;
    assert_eq!(gone.status, 404);
    let _ = TRACK2;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changes_need_this_origin_and_the_csrf_token() {
    let up = harness::dev(seed).await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    async fn patch(c: &mut Client) -> harness::Answer {
        let p = format!("/api/v1/me/artists/{ARTIST}");
        c.send(Method::PATCH, &p, Body::Json(json!({"bio": "sneaky"})))
            .await
    }
    let token = ann.csrf.take();
    let a = patch(&mut ann).await;
    assert_eq!(a.status, 403, "{}", a.text);
    assert!(a.detail().contains("security token"), "{}", a.text);
    ann.csrf = Some("0".repeat(32));
    let a = patch(&mut ann).await;
    assert_eq!(a.status, 403, "a wrong token: {}", a.text);
    ann.csrf = token;
    ann.origin = Some("http://evil.example".into());
    let a = patch(&mut ann).await;
    assert_eq!(a.status, 403, "{}", a.text);
    assert!(a.detail().contains("Origin"), "{}", a.text);
    ann.origin = None;
    let a = patch(&mut ann).await;
    assert_eq!(a.status, 403, "no Origin at all: {}", a.text);
    ann.origin = Some(up.url.clone());
    let a = ann.get(&format!("/api/v1/me/artists/{ARTIST}")).await;
    assert_eq!(
        a.json()["data"]["attributes"]["bio"],
        "bio",
        "nothing changed"
    );
    let a = patch(&mut ann).await;
    assert_eq!(a.status, 200, "{}", a.text);

    // Every answer carries the strict policy.
    let csp = a.header("content-security-policy").unwrap().to_string();
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}

// ---------------------------------------------------------------------------
// The Create section's pages
// ---------------------------------------------------------------------------

fn form(pairs: &[(&str, &str)]) -> Body {
    Body::Form(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// Page routes, in the order the owner runs them, with (anonymous,
/// another user, owner) statuses: 303 is a redirect (to sign in for
/// nobody; back to the page after a change for the owner).
fn page_cases() -> Vec<Case> {
    let c = |method, route, body: fn() -> Body, anonymous, other, owner| Case {
        method,
        route,
        body,
        anonymous,
        other,
        owner,
    };
    vec![
        c("GET", "/", none, 200, 303, 303),
        c("GET", "/terms", none, 200, 200, 200),
        c("POST", "/terms", || form(&[("agree", "1")]), 303, 303, 303),
        c("GET", "/create", none, 303, 200, 200),
        c(
            "POST",
            "/create/artists",
            || form(&[("name", &format!("Page Band {}", fastrand::u32(..)))]),
            303,
            303,
            303,
        ),
        c("GET", "/create/artists/{id}", none, 303, 404, 200),
        c(
            "POST",
            "/create/artists/{id}",
            || form(&[("bio", "from a form")]),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/artists/{id}/image",
            || files("file", "me.png", harness::png(300, 300)),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/artists/{id}/albums",
            || form(&[("title", "Page Album"), ("license", "by")]),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/artists/{id}/singles",
            || files("file", "single.wav", harness::wav(0.05)),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/artists/{id}/featured",
            || form(&[("unfeature", SINGLE)]),
            303,
            404,
            303,
        ),
        c("GET", "/create/albums/{id}", none, 303, 404, 200),
        c(
            "POST",
            "/create/albums/{id}",
            || form(&[("title", "First, from a form")]),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/albums/{id}/image",
            || files("file", "cover.jpg", harness::jpeg(300, 300)),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/albums/{id}/tracks",
            || files("file", "t.wav", harness::wav(0.05)),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/tracks/{id}",
            || form(&[("title", "Renamed by form")]),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/tracks/{id}/move",
            || form(&[("direction", "down")]),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/tracks/{id}/feature",
            || form(&[("on", "1")]),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/tracks/{id}/audio",
            || files("file", "new master.wav", harness::wav(0.05)),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/tracks/{id}/delete",
            || form(&[("confirm", "1")]),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/albums/{id}/delete",
            || form(&[("confirm", "1")]),
            303,
            404,
            303,
        ),
        c(
            "POST",
            "/create/artists/{id}/delete",
            || form(&[("confirm", "1")]),
            303,
            404,
            303,
        ),
        c("GET", "/assets/create/{*file}", none, 200, 200, 200),
    ]
}

fn page_path(route: &str) -> String {
    let id = if route.starts_with("/create/artists/") {
        ARTIST
    } else if route.starts_with("/create/albums/") {
        ALBUM
    } else {
        TRACK
    };
    route.replace("{id}", id).replace("{*file}", "create.css")
}

#[test]
fn every_page_route_is_listed_once() {
    let mut listed: Vec<(&str, &str)> = page_cases().iter().map(|c| (c.method, c.route)).collect();
    let mut routes = routes_of(Part::Pages);
    listed.sort_unstable();
    routes.sort_unstable();
    assert_eq!(
        listed, routes,
        "the page table must list every page route exactly once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_answers_nobody_other_users_and_owners_as_it_must() {
    let up = harness::dev(seed).await;
    let mut anonymous = up.client();
    let mut bob = up.client();
    bob.sign_in("bob").await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    for case in page_cases() {
        let method = Method::from_bytes(case.method.as_bytes()).unwrap();
        let p = page_path(case.route);
        let a = anonymous.send(method.clone(), &p, (case.body)()).await;
        assert_eq!(
            a.status, case.anonymous,
            "anonymous {} {p}: {}",
            case.method, a.text
        );
        if a.status == 303 {
            let to = a.header("location").unwrap_or_default();
            assert!(
                to == "/" || to.starts_with("/login"),
                "anonymous {p} went to {to}"
            );
        }
        let b = bob.send(method.clone(), &p, (case.body)()).await;
        assert_eq!(
            b.status, case.other,
            "another user {} {p}: {}",
            case.method, b.text
        );
    }
    let a = ann
        .get(&format!("/api/v1/me/artists/{ARTIST}"))
        .await
        .json();
    assert_eq!(
        a["data"]["attributes"]["bio"], "bio",
        "another user changed nothing: {a}"
    );
    for case in page_cases() {
        let method = Method::from_bytes(case.method.as_bytes()).unwrap();
        let p = page_path(case.route);
        let o = ann.send(method, &p, (case.body)()).await;
        assert_eq!(
            o.status, case.owner,
            "owner {} {p}: {}",
            case.method, o.text
        );
        if case.method == "POST" && o.status == 303 {
            let to = o.header("location").unwrap_or_default();
            assert!(
                !to.contains("error") && to.starts_with('/'),
                "owner {p} went to {to}"
            );
        }
    }
    assert_eq!(
        ann.get(&format!("/api/v1/me/artists/{ARTIST}"))
            .await
            .status,
        404
    );
}

// ---------------------------------------------------------------------------
// Sign-in routes and resumable uploads
// ---------------------------------------------------------------------------

/// A sign-in route, what it is sent, and the status everyone gets.
type SignInCase = (&'static str, &'static str, fn() -> Body, u16);

/// Sign-in routes are for everyone: each answers the same whoever asks.
fn sign_in_cases() -> Vec<SignInCase> {
    vec![
        ("GET", "/login", none, 303),
        // Dev mode has no provider to come back from.
        ("GET", "/callback", none, 404),
        ("POST", "/logout", none, 303),
        ("POST", "/logout/everywhere", none, 303),
        ("GET", "/dev/login", none, 200),
        ("POST", "/dev/login", || form(&[("name", "someone")]), 303),
        ("GET", "/healthz", none, 200),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_routes_answer_everyone_alike() {
    let mut listed: Vec<(&str, &str)> = sign_in_cases().iter().map(|c| (c.0, c.1)).collect();
    let mut routes = routes_of(Part::SignIn);
    listed.sort_unstable();
    routes.sort_unstable();
    assert_eq!(listed, routes, "every sign-in route is listed once");
    let up = harness::dev(seed).await;
    for (method, path, body, status) in sign_in_cases() {
        for who in [None, Some("bob"), Some("ann")] {
            let mut c = up.client();
            if let Some(name) = who {
                c.sign_in(name).await;
            }
            let a = c
                .send(Method::from_bytes(method.as_bytes()).unwrap(), path, body())
                .await;
            assert_eq!(a.status, status, "{who:?} {method} {path}: {}", a.text);
        }
    }
}

/// One request to the resumable uploads, as `c` (its cookie and token).
async fn tus(
    c: &Client,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> (u16, reqwest::header::HeaderMap) {
    let mut r = c
        .http
        .request(
            Method::from_bytes(method.as_bytes()).unwrap(),
            format!("{}{path}", c.base),
        )
        .header("tus-resumable", "1.0.0")
        .header("origin", c.base.clone());
    if let Some(cookie) = &c.cookie {
        r = r.header("cookie", cookie);
    }
    if let Some(t) = &c.csrf {
        r = r.header("x-csrf-token", t);
    }
    for (k, v) in headers {
        r = r.header(*k, v);
    }
    let a = r.body(body).send().await.unwrap();
    (a.status().as_u16(), a.headers().clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resumable_uploads_answer_nobody_other_users_and_owners_as_they_must() {
    let mut listed = vec![
        ("OPTIONS", "/"),
        ("POST", "/"),
        ("OPTIONS", "/{id}"),
        ("HEAD", "/{id}"),
        ("PATCH", "/{id}"),
        ("DELETE", "/{id}"),
        ("POST", "/{id}"),
        ("GET", "/{id}"),
    ];
    // Below where they are nested: the collection is "/".
    let mut routes: Vec<(&str, &str)> = routes_of(Part::Uploads)
        .into_iter()
        .map(
            |(m, p)| match p.strip_prefix(trogs_uploader::upload::PATH) {
                Some("") => (m, "/"),
                Some(rest) => (m, rest),
                None => (m, p),
            },
        )
        .collect();
    listed.sort_unstable();
    routes.sort_unstable();
    assert_eq!(listed, routes, "every upload route is listed here");

    let up = harness::dev(seed).await;
    let anonymous = up.client();
    let mut bob = up.client();
    bob.sign_in("bob").await;
    let mut ann = up.client();
    ann.sign_in("ann").await;
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let wav = harness::wav(0.1);
    let create = [
        ("upload-length", wav.len().to_string()),
        (
            "upload-metadata",
            format!(
                "target {},filename {}",
                b64(&format!("album/{ALBUM}/tracks")),
                b64("t.wav")
            ),
        ),
    ];
    let base = "/api/v1/me/uploads";
    for c in [&anonymous, &bob, &ann] {
        assert_eq!(tus(c, "OPTIONS", base, &[], Vec::new()).await.0, 204);
    }
    assert_eq!(
        tus(&anonymous, "POST", base, &create, Vec::new()).await.0,
        401
    );
    assert_eq!(
        tus(&bob, "POST", base, &create, Vec::new()).await.0,
        404,
        "another user's album"
    );
    let (status, headers) = tus(&ann, "POST", base, &create, Vec::new()).await;
    assert_eq!(status, 201);
    let location = headers["location"].to_str().unwrap().to_string();
    let path = location.trim_start_matches(&up.url).to_string();
    assert!(path.starts_with(base), "{location}");

    let patch = [
        ("upload-offset", "0".to_string()),
        (
            "content-type",
            "application/offset+octet-stream".to_string(),
        ),
    ];
    // POST standing for PATCH or DELETE (X-HTTP-Method-Override).
    let mut overridden_patch = patch.to_vec();
    overridden_patch.push(("x-http-method-override", "PATCH".to_string()));
    let overridden_delete = [("x-http-method-override", "DELETE".to_string())];
    for (c, want) in [(&anonymous, 401), (&bob, 404)] {
        assert_eq!(tus(c, "HEAD", &path, &[], Vec::new()).await.0, want);
        assert_eq!(tus(c, "GET", &path, &[], Vec::new()).await.0, want);
        assert_eq!(tus(c, "PATCH", &path, &patch, wav.clone()).await.0, want);
        assert_eq!(tus(c, "DELETE", &path, &[], Vec::new()).await.0, want);
        assert_eq!(
            tus(c, "POST", &path, &overridden_patch, wav.clone())
                .await
                .0,
            want
        );
        assert_eq!(
            tus(c, "POST", &path, &overridden_delete, Vec::new())
                .await
                .0,
            want
        );
        assert_eq!(tus(c, "OPTIONS", &path, &[], Vec::new()).await.0, 204);
    }
    let (status, headers) = tus(&ann, "HEAD", &path, &[], Vec::new()).await;
    assert_eq!(status, 200);
    assert_eq!(headers["upload-offset"], "0", "nobody else moved it on");
    assert_eq!(tus(&ann, "GET", &path, &[], Vec::new()).await.0, 200);
    assert_eq!(tus(&ann, "PATCH", &path, &patch, wav.clone()).await.0, 204);
    // A second upload, ended by its owner.
    let (_, headers) = tus(&ann, "POST", base, &create, Vec::new()).await;
    let second = headers["location"]
        .to_str()
        .unwrap()
        .trim_start_matches(&up.url)
        .to_string();
    assert_eq!(tus(&ann, "DELETE", &second, &[], Vec::new()).await.0, 204);
    assert_eq!(tus(&ann, "HEAD", &second, &[], Vec::new()).await.0, 404);
    let tracks = ann.get(&format!("/api/v1/me/albums/{ALBUM}")).await.json()["data"]["attributes"]
        ["tracks"]
        .clone();
    assert_eq!(
        tracks.as_array().unwrap().len(),
        3,
        "one upload finished: {tracks}"
    );
}

// ---------------------------------------------------------------------------
// A fourth caller: signed in, terms not agreed
// ---------------------------------------------------------------------------

/// Signs in as `name` with `email` through dev mode's form, without
/// agreeing to the terms.
async fn sign_in_without_agreeing(c: &mut Client, name: &str, email: &str) {
    let a = c
        .send(
            Method::POST,
            "/dev/login",
            form(&[("name", name), ("email", email), ("next", "/create")]),
        )
        .await;
    assert_eq!(a.status, 303, "{}", a.text);
    assert!(
        a.header("location")
            .unwrap_or_default()
            .starts_with("/terms"),
        "a user who has not agreed is sent to the terms"
    );
    let me = c.get("/api/v1/me").await;
    assert_eq!(me.json()["data"]["terms"], false, "{}", me.text);
    c.csrf = me.json()["data"]["csrf"].as_str().map(str::to_string);
}

/// The original site's owner of Ann's artist: the artist's `Owner` is
/// Carol's email, and Carol has not agreed to the terms (nobody had, there).
async fn seed_for_carol(store: &Store, _port: u16) {
    let a = artist(ARTIST, "Ann Band", "carol@example.test");
    let b = album(ALBUM, &a, "First", 0);
    let t = album_track(TRACK, &b, &a, "One", 0);
    let t2 = album_track(TRACK2, &b, &a, "Two", 1);
    let s = single(SINGLE, &a, "Alone", 0);
    for item in [
        a.to_item(),
        b.to_item(),
        t.to_item(),
        t2.to_item(),
        s.to_item(),
    ] {
        store.put(item, None).await.unwrap();
    }
}

/// [`tus`], with the answer's text.
async fn tus_text(
    c: &Client,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> (u16, String) {
    let mut r = c
        .http
        .request(
            Method::from_bytes(method.as_bytes()).unwrap(),
            format!("{}{path}", c.base),
        )
        .header("tus-resumable", "1.0.0")
        .header("origin", c.base.clone());
    if let Some(cookie) = &c.cookie {
        r = r.header("cookie", cookie);
    }
    if let Some(t) = &c.csrf {
        r = r.header("x-csrf-token", t);
    }
    for (k, v) in headers {
        r = r.header(*k, v);
    }
    let a = r.body(body).send().await.unwrap();
    (a.status().as_u16(), a.text().await.unwrap_or_default())
}

fn is_read(method: &str) -> bool {
    matches!(method, "GET" | "HEAD" | "OPTIONS")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_terms_every_write_is_refused_and_reads_work() {
    let up = harness::dev(seed_for_carol).await;
    let mut carol = up.client();
    sign_in_without_agreeing(&mut carol, "carol", "carol@example.test").await;
    let says_terms = |text: &str| text.contains("agree to the terms");

    // The API: every write 403 saying to agree; every read as the owner's.
    for case in cases() {
        // Agreeing needs no agreement, and neither does signing out
        // everywhere (which would also end this session for the cases after).
        if case.route == "/api/v1/me/terms" || case.route == "/api/v1/me/sessions" {
            continue;
        }
        let method = Method::from_bytes(case.method.as_bytes()).unwrap();
        let p = path(case.route);
        let a = carol.send(method, &p, (case.body)()).await;
        if is_read(case.method) {
            assert_eq!(a.status, 200, "{} {p}: {}", case.method, a.text);
        } else {
            assert_eq!(a.status, 403, "{} {p}: {}", case.method, a.text);
            assert!(says_terms(&a.detail()), "{} {p}: {}", case.method, a.text);
        }
    }

    // The Create pages send her to the terms, reads and writes alike.
    for case in page_cases() {
        if !case.route.starts_with("/create") {
            continue;
        }
        let method = Method::from_bytes(case.method.as_bytes()).unwrap();
        let p = page_path(case.route);
        let a = carol.send(method, &p, (case.body)()).await;
        assert_eq!(a.status, 303, "{} {p}: {}", case.method, a.text);
        assert_eq!(a.header("location"), Some("/terms"), "{} {p}", case.method);
    }

    // The resumable uploads: starting, continuing and ending one are
    // writes; asking about one is a read (404: there is none).
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let wav = harness::wav(0.1);
    let create = [
        ("upload-length", wav.len().to_string()),
        (
            "upload-metadata",
            format!(
                "target {},filename {}",
                b64(&format!("album/{ALBUM}/tracks")),
                b64("t.wav")
            ),
        ),
    ];
    let base = "/api/v1/me/uploads";
    let some = format!("{base}/{}", "0".repeat(32));
    let patch = [
        ("upload-offset", "0".to_string()),
        (
            "content-type",
            "application/offset+octet-stream".to_string(),
        ),
    ];
    for (method, p, headers, want) in [
        ("POST", base.to_string(), create.to_vec(), 403),
        ("PATCH", some.clone(), patch.to_vec(), 403),
        ("DELETE", some.clone(), Vec::new(), 403),
        (
            "POST",
            some.clone(),
            vec![("x-http-method-override", "DELETE".to_string())],
            403,
        ),
        ("HEAD", some.clone(), Vec::new(), 404),
        ("OPTIONS", base.to_string(), Vec::new(), 204),
    ] {
        let body = if method == "PATCH" {
            wav.clone()
        } else {
            Vec::new()
        };
        let (status, text) = tus_text(&carol, method, &p, &headers, body).await;
        assert_eq!(status, want, "{method} {p}: {text}");
        if want == 403 {
            assert!(says_terms(&text), "{method} {p}: {text}");
        }
    }

    // Nothing was written.
    let a = carol.get(&format!("/api/v1/me/artists/{ARTIST}")).await;
    assert_eq!(a.status, 200, "{}", a.text);
    let attrs = &a.json()["data"]["attributes"];
    assert_eq!(attrs["bio"], "bio");
    assert_eq!(attrs["name"], "Ann Band");
    assert_eq!(attrs["albums"].as_array().unwrap().len(), 1);
    assert_eq!(attrs["singles"].as_array().unwrap().len(), 1);
    let album = carol
        .get(&format!("/api/v1/me/albums/{ALBUM}"))
        .await
        .json();
    assert_eq!(
        album["data"]["attributes"]["tracks"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(
        !walkdir::WalkDir::new(up.media())
            .into_iter()
            .filter_map(Result::ok)
            .any(|e| e.file_type().is_file()),
        "a media file was stored"
    );

    // Once she agrees, the same upload goes through.
    let agreed = carol
        .send(Method::POST, "/api/v1/me/terms", Body::None)
        .await;
    assert_eq!(agreed.status, 200, "{}", agreed.text);
    let (status, text) = tus_text(&carol, "POST", base, &create, Vec::new()).await;
    assert_eq!(status, 201, "{text}");
}
