//! Sign-in with OpenID Connect against real providers on loopback: the lax
//! oauth2-mock-server (scripted users and misbehaviours, an Auth0-style
//! issuer with a trailing slash) and the strict oidc-provider (login and
//! consent forms, PKCE required, codes good once). `scripts/test` starts
//! both; without them these tests fail and say how to start them.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Json;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use common::oidc::{
    Browser, MockUser, mock_authorize, mock_issuer, param, set_mock_user, strict_client,
    strict_sign_in, unique_client_id,
};
use common::{loopback, serve};
use trogs_uploader::oidc::{HttpError, MAX_RESPONSE_BYTES, OidcError, Provider, http_client, send};
use trogs_uploader::settings::OidcSettings;
use url::Url;

fn callback() -> Url {
    Url::parse("http://127.0.0.1:8081/callback").unwrap()
}

/// A provider at the lax stand-in for a client id of this test's own, whose
/// user is `user`.
async fn mock_provider(test: &str, user: &MockUser) -> Provider {
    let client_id = unique_client_id(test);
    set_mock_user(&client_id, user).await;
    let settings = OidcSettings {
        issuer: mock_issuer(),
        client_id,
        client_secret: Some("mock-secret".into()),
    };
    Provider::discover(&settings, callback())
        .await
        .expect("the mock provider is discovered")
}

/// Signs in at the lax stand-in and returns what `finish` makes of it.
async fn mock_sign_in(provider: &Provider) -> Result<trogs_uploader::oidc::Identity, OidcError> {
    let (url, pending) = provider.begin("/create".into());
    let back = mock_authorize(&url).await;
    assert!(back.as_str().starts_with(callback().as_str()), "{back}");
    let code = param(&back, "code").expect("a code");
    let state = param(&back, "state").expect("the state");
    provider.finish(&pending, &code, &state).await
}

#[tokio::test]
async fn signing_in_gives_the_identity_the_provider_vouches_for() {
    let mut user = MockUser::verified("artist-7", "seven@example.test");
    user.name = Some("Seven".into());
    let provider = mock_provider("round-trip", &user).await;

    let (url, pending) = provider.begin("/create/artists".into());
    assert_eq!(pending.return_to, "/create/artists");
    assert_eq!(
        param(&url, "state").as_deref(),
        Some(pending.state.as_str())
    );
    assert_eq!(
        param(&url, "nonce").as_deref(),
        Some(pending.nonce.as_str())
    );
    assert_eq!(
        param(&url, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(param(&url, "response_type").as_deref(), Some("code"));
    assert_eq!(
        param(&url, "redirect_uri").as_deref(),
        Some(callback().as_str())
    );
    let scopes = param(&url, "scope").unwrap();
    for scope in ["openid", "profile", "email"] {
        assert!(scopes.split(' ').any(|s| s == scope), "{scopes}");
    }
    assert!(pending.pkce_verifier.len() >= 43, "{pending:?}");
    assert!(pending.expires > trogs_uploader::session::now());

    let back = mock_authorize(&url).await;
    let code = param(&back, "code").expect("a code");
    let state = param(&back, "state").expect("the state");
    let who = provider.finish(&pending, &code, &state).await.unwrap();
    assert_eq!(who.issuer, mock_issuer());
    assert!(
        who.issuer.ends_with('/'),
        "Auth0-style issuer: {}",
        who.issuer
    );
    assert_eq!(who.subject, "artist-7");
    assert_eq!(who.email.as_deref(), Some("seven@example.test"));
    assert_eq!(who.name.as_deref(), Some("Seven"));
    assert_eq!(who.owner(), format!("{}#artist-7", mock_issuer()));
    assert_eq!(
        who.id_token.split('.').count(),
        3,
        "a JWS: {}",
        who.id_token
    );
}

#[tokio::test]
async fn an_unverified_email_is_not_taken() {
    let mut user = MockUser::verified("artist-8", "eight@example.test");
    user.email_verified = Some(false);
    let provider = mock_provider("unverified", &user).await;
    let who = mock_sign_in(&provider).await.unwrap();
    assert_eq!(who.subject, "artist-8");
    assert_eq!(who.email, None);

    let user = MockUser {
        sub: "artist-9".into(),
        email: Some("nine@example.test".into()),
        ..MockUser::default()
    };
    let provider = mock_provider("no-verified-claim", &user).await;
    assert_eq!(mock_sign_in(&provider).await.unwrap().email, None);
}

#[tokio::test]
async fn the_issuer_is_found_with_or_without_auth0s_trailing_slash() {
    let issuer = mock_issuer();
    assert!(issuer.ends_with('/'));
    let client_id = unique_client_id("slash");
    set_mock_user(&client_id, &MockUser::verified("s", "s@example.test")).await;
    let settings = OidcSettings {
        issuer: issuer.trim_end_matches('/').to_string(),
        client_id,
        client_secret: None,
    };
    let provider = Provider::discover(&settings, callback()).await.unwrap();
    // The provider's own spelling wins, so owners stay `ISSUER#SUB` alike.
    assert_eq!(provider.issuer(), issuer);
    assert_eq!(mock_sign_in(&provider).await.unwrap().issuer, issuer);

    let strict = common::oidc::strict_issuer();
    let settings = OidcSettings {
        issuer: format!("{strict}/"),
        client_id: "any".into(),
        client_secret: None,
    };
    let provider = Provider::discover(&settings, callback()).await.unwrap();
    assert_eq!(provider.issuer(), strict);
    assert_eq!(provider.origin(), strict);
}

#[tokio::test]
async fn a_wrong_nonce_is_refused() {
    let user = MockUser::verified("n", "n@example.test").misbehaving("wrong-nonce");
    let provider = mock_provider("wrong-nonce", &user).await;
    let err = mock_sign_in(&provider).await.unwrap_err();
    assert!(matches!(err, OidcError::Token(_)), "{err:?}");
    assert!(err.to_string().contains("nonce"), "{err}");
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let user = MockUser::verified("e", "e@example.test").misbehaving("expired");
    let provider = mock_provider("expired", &user).await;
    let err = mock_sign_in(&provider).await.unwrap_err();
    assert!(matches!(err, OidcError::Token(_)), "{err:?}");
    assert!(err.to_string().contains("expired"), "{err}");
}

#[tokio::test]
async fn a_token_from_another_issuer_is_refused() {
    let user = MockUser::verified("i", "i@example.test").misbehaving("other-issuer");
    let provider = mock_provider("other-issuer", &user).await;
    let err = mock_sign_in(&provider).await.unwrap_err();
    assert!(matches!(err, OidcError::Token(_)), "{err:?}");
    assert!(err.to_string().contains("another issuer"), "{err}");
    assert!(err.to_string().contains("another-issuer"), "{err}");
}

#[tokio::test]
async fn a_token_for_another_client_is_refused() {
    let user = MockUser::verified("a", "a@example.test").misbehaving("other-audience");
    let provider = mock_provider("other-audience", &user).await;
    let err = mock_sign_in(&provider).await.unwrap_err();
    assert!(matches!(err, OidcError::Token(_)), "{err:?}");
    assert!(err.to_string().contains("another client"), "{err}");
}

#[tokio::test]
async fn a_token_with_a_bad_signature_is_refused() {
    let user = MockUser::verified("b", "b@example.test").misbehaving("bad-signature");
    let provider = mock_provider("bad-signature", &user).await;
    let err = mock_sign_in(&provider).await.unwrap_err();
    assert!(matches!(err, OidcError::Token(_)), "{err:?}");
    assert!(err.to_string().contains("signature"), "{err}");
}

#[tokio::test]
async fn a_key_published_after_discovery_is_fetched_and_used() {
    let user = MockUser::verified("r", "r@example.test").misbehaving("new-key");
    let provider = mock_provider("new-key", &user).await;
    let who = mock_sign_in(&provider).await.unwrap();
    assert_eq!(who.subject, "r");
    // And again, with a key newer still.
    assert_eq!(mock_sign_in(&provider).await.unwrap().subject, "r");
}

/// A provider at the strict stand-in, with a client registered for this
/// test that may come back to `callback()` and, after signing out, to
/// `home`.
async fn strict_provider(home: &Url) -> Provider {
    let client = strict_client(&callback(), home).await;
    let settings = OidcSettings {
        issuer: client.issuer.clone(),
        client_id: client.client_id,
        client_secret: Some(client.client_secret),
    };
    Provider::discover(&settings, callback())
        .await
        .expect("the strict provider is discovered")
}

fn home() -> Url {
    Url::parse("http://127.0.0.1:8081/").unwrap()
}

#[tokio::test]
async fn signing_in_through_the_login_and_consent_forms() {
    let provider = strict_provider(&home()).await;
    let (url, pending) = provider.begin("/create".into());
    let mut browser = Browser::new();
    let back = strict_sign_in(&mut browser, &url, "mira", &callback()).await;
    let code = param(&back, "code").expect("a code");
    assert_eq!(
        param(&back, "state").as_deref(),
        Some(pending.state.as_str())
    );
    let who = provider
        .finish(&pending, &code, &pending.state)
        .await
        .unwrap();
    assert_eq!(who.issuer, common::oidc::strict_issuer());
    assert_eq!(who.subject, "mira");
    assert_eq!(who.email.as_deref(), Some("mira@example.test"));
    assert_eq!(who.name.as_deref(), Some("mira"));
}

#[tokio::test]
async fn a_code_is_good_once() {
    let provider = strict_provider(&home()).await;
    let (url, pending) = provider.begin("/create".into());
    let back = strict_sign_in(&mut Browser::new(), &url, "ana", &callback()).await;
    let code = param(&back, "code").unwrap();
    let state = param(&back, "state").unwrap();
    provider.finish(&pending, &code, &state).await.unwrap();
    let err = provider.finish(&pending, &code, &state).await.unwrap_err();
    assert!(matches!(err, OidcError::Exchange(_)), "{err:?}");
    assert!(err.to_string().contains("invalid_grant"), "{err}");
}

#[tokio::test]
async fn a_wrong_state_fails_before_the_code_is_spent() {
    let provider = strict_provider(&home()).await;
    let (url, pending) = provider.begin("/create".into());
    let back = strict_sign_in(&mut Browser::new(), &url, "olu", &callback()).await;
    let code = param(&back, "code").unwrap();
    let state = param(&back, "state").unwrap();

    let forged = format!("{state}x");
    let err = provider.finish(&pending, &code, &forged).await.unwrap_err();
    assert!(matches!(err, OidcError::State(_)), "{err:?}");
    let err = provider.finish(&pending, &code, "").await.unwrap_err();
    assert!(matches!(err, OidcError::State(_)), "{err:?}");
    // Another sign-in's pending login does not fit this callback either.
    let (_, other) = provider.begin("/create".into());
    let err = provider.finish(&other, &code, &state).await.unwrap_err();
    assert!(matches!(err, OidcError::State(_)), "{err:?}");

    // The code was never sent (the strict provider takes a code once), so
    // the real callback still signs in.
    let who = provider.finish(&pending, &code, &state).await.unwrap();
    assert_eq!(who.subject, "olu");
}

#[tokio::test]
async fn a_wrong_pkce_verifier_is_refused() {
    let provider = strict_provider(&home()).await;
    let (url, mut pending) = provider.begin("/create".into());
    let back = strict_sign_in(&mut Browser::new(), &url, "pk", &callback()).await;
    let code = param(&back, "code").unwrap();
    let (_, other) = provider.begin("/create".into());
    pending.pkce_verifier = other.pkce_verifier;
    let err = provider
        .finish(&pending, &code, &pending.state)
        .await
        .unwrap_err();
    assert!(matches!(err, OidcError::Exchange(_)), "{err:?}");
    assert!(err.to_string().contains("invalid_grant"), "{err}");
}

#[tokio::test]
async fn an_expired_sign_in_is_refused() {
    let provider = strict_provider(&home()).await;
    let (_, mut pending) = provider.begin("/create".into());
    pending.expires = trogs_uploader::session::now() - 1;
    let err = provider
        .finish(&pending, "any-code", &pending.state)
        .await
        .unwrap_err();
    assert!(matches!(err, OidcError::State(_)), "{err:?}");
}

#[tokio::test]
async fn logout_goes_through_the_end_session_endpoint() {
    let provider = strict_provider(&home()).await;
    let end_session = provider.end_session_endpoint().expect("it has one");
    assert_eq!(
        end_session.as_str(),
        format!("{}/session/end", common::oidc::strict_issuer())
    );
    let (url, pending) = provider.begin("/create".into());
    let mut browser = Browser::new();
    let back = strict_sign_in(&mut browser, &url, "lee", &callback()).await;
    let who = provider
        .finish(&pending, &param(&back, "code").unwrap(), &pending.state)
        .await
        .unwrap();

    let logout = provider.logout_url(Some(&who.id_token), &home());
    assert!(
        logout.as_str().starts_with(end_session.as_str()),
        "{logout}"
    );
    assert_eq!(param(&logout, "id_token_hint"), Some(who.id_token.clone()));
    assert_eq!(
        param(&logout, "client_id").as_deref(),
        Some(provider.settings.client_id.as_str())
    );
    assert_eq!(
        param(&logout, "post_logout_redirect_uri").as_deref(),
        Some(home().as_str())
    );
    // The provider asks to confirm, then sends the browser home.
    let landed = browser
        .walk(&logout, home().as_str(), &[("logout", "yes")])
        .await;
    assert!(landed.as_str().starts_with(home().as_str()), "{landed}");

    // Without an ID token the hint is left out.
    let logout = provider.logout_url(None, &home());
    assert_eq!(param(&logout, "id_token_hint"), None);
    assert!(param(&logout, "client_id").is_some());
}

#[tokio::test]
async fn logout_at_the_lax_provider_returns_home() {
    let provider = mock_provider("logout", &MockUser::verified("l", "l@example.test")).await;
    let end_session = provider.end_session_endpoint().expect("it has one");
    let logout = provider.logout_url(None, &home());
    assert!(
        logout.as_str().starts_with(end_session.as_str()),
        "{logout}"
    );
    let page = Browser::new().get(&logout).await;
    assert_eq!(page.location, Some(home()));
}

/// A discovery document served from `base`, whose issuer is `issuer`, with
/// no `end_session_endpoint` (as an Auth0 tenant without RP-initiated
/// logout discovery has none).
fn discovery_router(base: &Url, issuer: &str) -> Router {
    discovery_router_with(serde_json::json!({
        "issuer": issuer,
        "authorization_endpoint": base.join("authorize").unwrap(),
        "token_endpoint": base.join("oauth/token").unwrap(),
        "jwks_uri": base.join(".well-known/jwks.json").unwrap(),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
    }))
}

/// Serves `document` as the discovery document, and an empty key set.
fn discovery_router_with(document: serde_json::Value) -> Router {
    Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(move || {
                let document = document.clone();
                async move { Json(document) }
            }),
        )
        .route(
            "/.well-known/jwks.json",
            get(|| async { Json(serde_json::json!({"keys": []})) }),
        )
}

#[tokio::test]
async fn logout_without_an_end_session_endpoint_uses_auth0s() {
    let (listener, base) = loopback().await;
    serve(listener, discovery_router(&base, base.as_str()));
    let settings = OidcSettings {
        issuer: base.to_string(),
        client_id: "tenant-client".into(),
        client_secret: Some("s".into()),
    };
    let provider = Provider::discover(&settings, callback()).await.unwrap();
    assert_eq!(provider.end_session_endpoint(), None);
    let logout = provider.logout_url(Some("ignored.id.token"), &home());
    let expected = format!(
        "{base}v2/logout?client_id=tenant-client&returnTo={}",
        url::form_urlencoded::byte_serialize(home().as_str().as_bytes()).collect::<String>()
    );
    assert_eq!(logout.as_str(), expected);
}

/// An Auth0 tenant's discovery document, with every field such a document
/// has (some of them values openidconnect knows no name for), at `base`.
fn auth0_document(base: &Url) -> serde_json::Value {
    let at = |path: &str| base.join(path).unwrap().to_string();
    serde_json::json!({
        "issuer": base.as_str(),
        "authorization_endpoint": at("authorize"),
        "token_endpoint": at("oauth/token"),
        "device_authorization_endpoint": at("oauth/device/code"),
        "userinfo_endpoint": at("userinfo"),
        "mfa_challenge_endpoint": at("mfa/challenge"),
        "jwks_uri": at(".well-known/jwks.json"),
        "registration_endpoint": at("oidc/register"),
        "revocation_endpoint": at("oauth/revoke"),
        "scopes_supported": ["openid", "profile", "offline_access", "name", "given_name",
            "family_name", "nickname", "email", "email_verified", "picture", "created_at",
            "identities", "phone", "address"],
        "response_types_supported": ["code", "token", "id_token", "code token",
            "code id_token", "token id_token", "code token id_token"],
        "code_challenge_methods_supported": ["S256", "plain"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["public"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post",
            "private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth"],
        "token_endpoint_auth_signing_alg_values_supported": ["RS256", "RS384", "PS256"],
        "claims_supported": ["aud", "auth_time", "created_at", "email", "email_verified",
            "exp", "family_name", "given_name", "iat", "identities", "iss", "name",
            "nickname", "phone_number", "picture", "sub"],
        "request_uri_parameter_supported": false,
        "request_parameter_supported": false,
        "id_token_signing_alg_values_supported": ["HS256", "RS256", "PS256"],
        "tls_client_certificate_bound_access_tokens": true,
        "request_object_signing_alg_values_supported": ["RS256", "RS384", "PS256"],
        "backchannel_logout_supported": true,
        "backchannel_logout_session_supported": true,
        "end_session_endpoint": at("oidc/logout"),
        "backchannel_authentication_endpoint": at("bc-authorize"),
        "backchannel_token_delivery_modes_supported": ["poll"],
        "global_token_revocation_endpoint": at("oauth/global-token-revocation/connection/{connectionName}"),
        "global_token_revocation_endpoint_auth_methods_supported": ["global-token-revocation+jwt"],
        "dpop_signing_alg_values_supported": ["ES256"],
        "authorization_response_iss_parameter_supported": true,
        "pushed_authorization_request_endpoint": at("oauth/par"),
        "require_pushed_authorization_requests": false
    })
}

#[tokio::test]
async fn an_auth0_tenants_document_is_understood() {
    let (listener, base) = loopback().await;
    serve(listener, discovery_router_with(auth0_document(&base)));
    let settings = OidcSettings {
        // As AUTH0_API_BASE_URL gives it, without the slash.
        issuer: base.as_str().trim_end_matches('/').to_string(),
        client_id: "tenant-client".into(),
        client_secret: Some("s".into()),
    };
    let provider = Provider::discover(&settings, callback()).await.unwrap();
    assert_eq!(provider.issuer(), base.as_str());
    let (url, pending) = provider.begin("/create".into());
    assert!(
        url.as_str().starts_with(&format!("{base}authorize?")),
        "{url}"
    );
    assert_eq!(param(&url, "client_id").as_deref(), Some("tenant-client"));
    assert_eq!(
        param(&url, "state").as_deref(),
        Some(pending.state.as_str())
    );
    let logout = provider.logout_url(Some("a.b.c"), &home());
    assert!(
        logout.as_str().starts_with(&format!("{base}oidc/logout?")),
        "{logout}"
    );
    assert_eq!(param(&logout, "id_token_hint").as_deref(), Some("a.b.c"));
    assert_eq!(
        param(&logout, "post_logout_redirect_uri").as_deref(),
        Some(home().as_str())
    );
}

#[tokio::test]
async fn a_document_naming_another_issuer_is_refused() {
    let (listener, base) = loopback().await;
    serve(
        listener,
        discovery_router(&base, "https://someone-else.example/"),
    );
    let settings = OidcSettings {
        issuer: base.to_string(),
        client_id: "c".into(),
        client_secret: None,
    };
    let err = Provider::discover(&settings, callback())
        .await
        .err()
        .expect("discovery fails");
    assert!(matches!(err, OidcError::Discovery { .. }), "{err:?}");
    assert!(err.to_string().contains("someone-else.example"), "{err}");
    assert!(err.to_string().contains("exactly"), "{err}");
}

#[tokio::test]
async fn an_unreachable_issuer_is_reported() {
    // A port that was free a moment ago, and is closed now.
    let (listener, base) = loopback().await;
    drop(listener);
    let settings = OidcSettings {
        issuer: base.to_string(),
        client_id: "c".into(),
        client_secret: None,
    };
    let err = Provider::discover(&settings, callback())
        .await
        .err()
        .expect("discovery fails");
    assert!(matches!(err, OidcError::Discovery { .. }), "{err:?}");
    assert!(err.to_string().contains(base.as_str()), "{err}");
}

#[tokio::test]
async fn the_http_client_never_follows_a_redirect() {
    // Where a redirect would lead: counts the requests it gets.
    let landed = Arc::new(AtomicUsize::new(0));
    let (listener, elsewhere) = loopback().await;
    let count = landed.clone();
    serve(
        listener,
        Router::new().fallback(move || {
            count.fetch_add(1, Ordering::SeqCst);
            async { Json(serde_json::json!({"keys": []})) }
        }),
    );
    let target = elsewhere.join("landing").unwrap().to_string();
    let (listener, base) = loopback().await;
    let to = target.clone();
    serve(
        listener,
        Router::new().fallback(move || {
            let to = to.clone();
            async move { (StatusCode::FOUND, [(header::LOCATION, to)]).into_response() }
        }),
    );

    let request = axum::http::Request::get(base.join("moved").unwrap().as_str())
        .body(Vec::new())
        .unwrap();
    let response = send(&http_client(), request).await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()[header::LOCATION].to_str().unwrap(),
        target
    );

    // Discovery that meets a redirect reports it and does not go there.
    let settings = OidcSettings {
        issuer: base.to_string(),
        client_id: "c".into(),
        client_secret: None,
    };
    let err = Provider::discover(&settings, callback())
        .await
        .err()
        .expect("discovery fails");
    assert!(err.to_string().contains("302"), "{err}");
    assert_eq!(landed.load(Ordering::SeqCst), 0, "a redirect was followed");

    // A response larger than any a provider sends is not read to the end.
    let (listener, big) = loopback().await;
    serve(
        listener,
        Router::new().fallback(|| async { vec![b'x'; MAX_RESPONSE_BYTES + 1] }),
    );
    let request = axum::http::Request::get(big.as_str())
        .body(Vec::new())
        .unwrap();
    let err = send(&http_client(), request).await.unwrap_err();
    assert!(matches!(err, HttpError::TooLarge), "{err:?}");

    // The counter does count: a direct request lands.
    let direct = axum::http::Request::get(target.as_str())
        .body(Vec::new())
        .unwrap();
    assert_eq!(
        send(&http_client(), direct).await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(landed.load(Ordering::SeqCst), 1);
}
