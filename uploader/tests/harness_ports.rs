//! The test harness itself: a site port another process took between its
//! choice and the service's start is chosen again, instead of failing the
//! test that asked for a service.

mod harness;

use trogs::store::Store;

#[tokio::test]
async fn a_taken_site_port_is_chosen_again() {
    let dir = tempfile::tempdir().unwrap();
    Store::create(&format!("sqlite:{}", dir.path().join("trogs.db").display()))
        .await
        .unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken_port = taken.local_addr().unwrap().port();
    let up = harness::start_in(dir, harness::free_port(), taken_port, &[], &[]);
    assert_ne!(up.site_port, taken_port, "{}", up.log());
    let home = reqwest::get(format!("{}/", up.site_url)).await.unwrap();
    assert!(home.status().is_success(), "{}", up.log());
    drop(taken);
}
