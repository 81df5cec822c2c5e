//! Sign-in through the real service: `/login` sends the browser to the
//! provider (oidc-provider, with its login and consent forms), `/callback`
//! checks what comes back and starts a session, and `/logout` ends it here
//! and at the provider. Artists the original site owned by email belong to
//! the user whose verified email matches.

mod common;
mod harness;

use common::oidc::{Browser, param, strict_client, strict_sign_in};
use reqwest::Method;
use trogs::store::Store;
use url::Url;

fn cookie_pair(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_string)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_artist_signs_in_through_the_provider_and_out_again() {
    let port = harness::free_port();
    let base = Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
    let callback = base.join("callback").unwrap();
    let client = strict_client(&callback, &base).await;

    // The original's data: an artist owned by an email.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(&format!("sqlite:{}", dir.path().join("trogs.db").display()))
        .await
        .unwrap();
    let legacy = harness::artist("e000000000000001", "Old Band", "ann@example.test");
    let stranger = harness::artist("e000000000000002", "Not Hers", "mallory@example.test");
    store.put(legacy.to_item(), None).await.unwrap();
    store.put(stranger.to_item(), None).await.unwrap();
    drop(store);

    let key = "s".repeat(40);
    let up = harness::start_production(
        dir,
        port,
        &[
            "--store",
            "sqlite:trogs.db",
            "--issuer",
            &client.issuer,
            "--client-id",
            &client.client_id,
            "--client-secret",
            &client.client_secret,
            "--session-key",
            &key,
        ],
        &[],
    );
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // 1. /login: to the provider, with a sealed sign-in cookie.
    let login = http
        .get(format!("{}/login?next=/create", up.url))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
    let pending = cookie_pair(&login, "trogs_login").expect("a sign-in cookie");
    assert!(
        pending.contains("HttpOnly") && pending.contains("SameSite=Lax"),
        "{pending}"
    );
    let authorize = Url::parse(login.headers()["location"].to_str().unwrap()).unwrap();
    assert!(
        authorize.as_str().starts_with(&client.issuer),
        "{authorize}"
    );
    for p in ["state", "nonce", "code_challenge"] {
        assert!(
            param(&authorize, p).is_some(),
            "the authorize URL lacks {p}: {authorize}"
        );
    }
    assert_eq!(
        param(&authorize, "code_challenge_method").as_deref(),
        Some("S256")
    );

    // 2. The provider's login and consent forms, back to /callback.
    let mut browser = Browser::new();
    let back = strict_sign_in(&mut browser, &authorize, "ann", &callback).await;
    let pending_pair = pending.split(';').next().unwrap().to_string();

    // A callback whose state was tampered with is refused, and starts nothing.
    let mut wrong = back.clone();
    let code = param(&back, "code").unwrap();
    wrong.set_query(Some(&format!("code={code}&state=forged")));
    let refused = http
        .get(wrong.as_str())
        .header("cookie", &pending_pair)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    assert!(cookie_pair(&refused, "trogs_session").is_none());

    let done = http
        .get(back.as_str())
        .header("cookie", &pending_pair)
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 303, "{:?}", done.text().await);
    assert_eq!(
        done.headers()["location"].to_str().unwrap(),
        "/terms?next=%2Fcreate",
        "terms come first"
    );
    let session = cookie_pair(&done, "trogs_session").expect("a session cookie");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Lax"), "{session}");
    assert!(session.contains("Max-Age="), "{session}");
    assert!(
        !session.contains("Secure"),
        "loopback over plain HTTP: {session}"
    );
    let cleared = cookie_pair(&done, "trogs_login").expect("the sign-in cookie is cleared");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");

    // The same code again: the sign-in cookie is spent and the provider
    // refuses a code twice.
    let replay = http
        .get(back.as_str())
        .header("cookie", &pending_pair)
        .send()
        .await
        .unwrap();
    assert!(
        replay.status() == 401 || replay.status() == 400,
        "a replayed code: {}",
        replay.status()
    );
    assert!(cookie_pair(&replay, "trogs_session").is_none());

    // 3. Signed in: the owner is ISSUER#SUB, with the verified email.
    let mut ann = up.client();
    ann.cookie = Some(session.split(';').next().unwrap().to_string());
    let me = ann.get("/api/v1/me").await.json();
    let issuer = client.issuer.trim_end_matches('/');
    let owner = me["data"]["owner"].as_str().unwrap();
    assert!(
        owner == format!("{issuer}#ann") || owner == format!("{issuer}/#ann"),
        "{me}"
    );
    assert_eq!(me["data"]["email"], "ann@example.test");
    ann.csrf = me["data"]["csrf"].as_str().map(str::to_string);
    let listed = ann.get("/api/v1/me/artists").await.json();
    let text = listed.to_string();
    assert!(
        text.contains("e000000000000001"),
        "the email-owned artist is hers: {text}"
    );
    assert!(!text.contains("e000000000000002"), "{text}");
    let other = ann.get("/api/v1/me/artists/e000000000000002").await;
    assert_eq!(other.status, 404);

    // 4. Logout ends the session here and sends the browser to the provider.
    let out = ann.send(Method::POST, "/logout", harness::Body::None).await;
    assert_eq!(out.status, 303, "{}", out.text);
    let to = Url::parse(out.header("location").unwrap()).unwrap();
    assert!(to.as_str().starts_with(&client.issuer), "{to}");
    assert!(param(&to, "id_token_hint").is_some(), "{to}");
    assert_eq!(
        param(&to, "post_logout_redirect_uri").as_deref(),
        Some(base.as_str())
    );
    assert!(ann.cookie.is_none(), "the session cookie is cleared");
    let after = ann.get("/api/v1/me").await;
    assert_eq!(after.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_refuses_to_start_without_a_session_key() {
    let out = std::process::Command::new(harness::BIN)
        .args(["--issuer", "http://127.0.0.1:9/", "--client-id", "c"])
        .env_remove("TROGS_SESSION_KEY")
        .env_remove("FLASK_SECRET_KEY")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("session key"), "{err}");
    let out = std::process::Command::new(harness::BIN)
        .args(["--dev", "--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("loopback"), "{err}");
}
