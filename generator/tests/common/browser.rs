//! Headless Chromium through chromedriver, for the player tests, which
//! include this file as `#[path = "common/browser.rs"] mod browser;`. Needs
//! Chromium or Chrome and a matching chromedriver: scripts/test finds them
//! (or installs Debian's chromium and chromium-driver) and passes them in
//! `TROGS_CHROME` and `TROGS_CHROMEDRIVER`.

use std::path::Path;

use thirtyfour::prelude::*;

use crate::common::start_on_free_port;

/// The program named by `var`, else `binary` in the usual places; fails
/// saying how to install it.
pub fn require(var: &str, binary: &str) -> String {
    if let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) {
        let path = Path::new(&path);
        assert!(path.is_file(), "{var}={} is not a file", path.display());
        return path.display().to_string();
    }
    for dir in ["/usr/bin", "/usr/local/bin", "/usr/lib/chromium"] {
        let path = Path::new(dir).join(binary);
        if path.is_file() {
            return path.display().to_string();
        }
    }
    panic!(
        "{binary} is missing: install it with `apt-get install -y chromium chromium-driver` (scripts/test does this), or set {var}"
    );
}

/// Starts chromedriver and a headless Chromium of `width`×`height` (audio
/// may start without a gesture, and is muted), runs `test` with the driver,
/// and quits the browser however the test ends; then reports the test's
/// own outcome.
pub async fn with_chromium<F, Fut>(width: u32, height: u32, test: F)
where
    F: FnOnce(WebDriver) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let chromium = require("TROGS_CHROME", "chromium");
    let chromedriver = require("TROGS_CHROMEDRIVER", "chromedriver");
    let logs = tempfile::tempdir().unwrap();
    let log = logs.path().join("chromedriver.log");
    let (_chromedriver, driver_port) = start_on_free_port(
        "chromedriver",
        &log,
        |port| format!("started successfully on port {port}."),
        "port not available",
        |port| {
            let file = std::fs::File::create(&log).unwrap();
            let mut command = std::process::Command::new(&chromedriver);
            command
                .arg(format!("--port={port}"))
                .stdout(file.try_clone().unwrap())
                .stderr(file);
            command
        },
    );
    let profile = tempfile::tempdir().unwrap();
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary(&chromium).unwrap();
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--autoplay-policy=no-user-gesture-required",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--mute-audio",
        &format!("--window-size={width},{height}"),
        &format!("--user-data-dir={}", profile.path().display()),
    ] {
        caps.add_arg(arg).unwrap();
    }
    let driver = WebDriver::new(format!("http://127.0.0.1:{driver_port}"), caps)
        .await
        .unwrap();
    let result =
        futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(test(driver.clone())))
            .await;
    let _ = driver.quit().await;
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
