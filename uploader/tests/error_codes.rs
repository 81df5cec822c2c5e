//! Every error body carries a stable `code` beside its English `detail`,
//! and the status stays the one the kind of error always had: through the
//! real service in dev mode, for errors of the catalog's write side and of
//! the service itself.

mod fixtures;
mod harness;

use harness::{album, artist};
use reqwest::Method;
use serde_json::json;
use trogs::store::Store;

const ARTIST: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";

async fn seed(store: &Store, port: u16) {
    let a = artist(ARTIST, "Kōji Mori", &harness::owner_for(port, "ann"));
    let b = album(ALBUM, &a, "First", 0);
    store.put(a.to_item(), None).await.unwrap();
    store.put(b.to_item(), None).await.unwrap();
}

fn code_and_detail(a: &harness::Answer) -> (String, String) {
    let e = &a.json()["errors"][0];
    (
        e["code"].as_str().unwrap_or_default().to_string(),
        e["detail"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_say_a_stable_code_beside_their_detail() {
    let up = harness::dev(seed).await;

    // Nobody signed in.
    let nobody = up.client().get("/api/v1/me/artists").await;
    assert_eq!(nobody.status, 401, "{}", nobody.text);
    assert_eq!(code_and_detail(&nobody).0, "sign-in");

    let mut ann = up.client();
    ann.sign_in("ann").await;
    let mut bob = up.client();
    bob.sign_in("bob").await;

    let cases = [
        (
            bob.json(
                Method::POST,
                "/api/v1/me/artists",
                json!({"name": "Koji Mori"}),
            )
            .await,
            409,
            "name-looks-taken",
            "\"Koji Mori\" looks the same as \"Kōji Mori\", the name of another artist",
        ),
        (
            bob.json(Method::POST, "/api/v1/me/artists", json!({"name": "  "}))
                .await,
            422,
            "name-required",
            "the name is empty; give it one",
        ),
        (
            bob.json(
                Method::PATCH,
                &format!("/api/v1/me/albums/{ALBUM}"),
                json!({"title": "Mine now"}),
            )
            .await,
            404,
            "not-found",
            "album not found",
        ),
        (
            ann.json(
                Method::PATCH,
                &format!("/api/v1/me/albums/{ALBUM}"),
                json!({"title": "Second", "version": 41}),
            )
            .await,
            409,
            "version-conflict",
            "it was changed meanwhile (in another tab or by another request); reload and try again",
        ),
        (
            ann.json(
                Method::PATCH,
                &format!("/api/v1/me/albums/{ALBUM}"),
                json!({"release_date": "2024-02-30"}),
            )
            .await,
            422,
            "bad-date",
            "the release date \"2024-02-30\" is not a date: use YYYY-MM-DD",
        ),
    ];
    for (answer, status, code, detail) in cases {
        assert_eq!(answer.status, status, "{code}: {}", answer.text);
        let (got_code, got_detail) = code_and_detail(&answer);
        assert_eq!(got_code, code, "{}", answer.text);
        assert!(got_detail.starts_with(detail), "{code}: {got_detail}");
    }

    // Nothing refused was written.
    let kept = ann.get(&format!("/api/v1/me/albums/{ALBUM}")).await;
    assert_eq!(kept.json()["data"]["attributes"]["title"], "First");
}
