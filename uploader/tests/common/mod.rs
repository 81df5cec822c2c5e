//! Helpers shared by the uploader's integration tests. Each test binary uses
//! a part of them, so the rest is dead code there.
#![allow(dead_code)]

pub mod oidc;

use tokio::net::TcpListener;
use url::Url;

/// A listener on a free loopback port, and its base URL (`http://127.0.0.1:PORT/`).
pub async fn loopback() -> (TcpListener, Url) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    (listener, Url::parse(&format!("http://{addr}/")).unwrap())
}

/// Serves `router` on `listener` until the test ends.
pub fn serve(listener: TcpListener, router: axum::Router) {
    tokio::spawn(async move {
        axum::serve(listener, router)
            .await
            .expect("the test server runs");
    });
}
