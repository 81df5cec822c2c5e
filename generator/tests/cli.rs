//! The `trogs` command as an operator uses it: flags after the subcommand,
//! environment variables, `trogs.toml`, reports and errors.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn trogs(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_trogs"));
    cmd.args(args)
        .current_dir(dir)
        .env("TROGS_THEME", common::theme_dir());
    for var in [
        "TROGS_STORE",
        "TROGS_OUT",
        "TROGS_BASE_URL",
        "TROGS_TITLE",
        "TROGS_CONFIG",
        "AWS_CONTENT_BUCKET",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn build_reports_what_it_did_and_takes_changes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    stdout(&trogs(d, &["demo"], &[]));
    let first = stdout(&trogs(d, &["build"], &[]));
    assert!(
        first.contains("34 pages rendered, 34 written, 0 unchanged, 0 removed"),
        "{first}"
    );
    assert!(
        first.contains("8 queries"),
        "1 home + 3 artists + 4 albums: {first}"
    );
    assert!(
        d.join("site-out/index.html").is_file(),
        "the default output folder is site-out"
    );
    let again = stdout(&trogs(d, &["build"], &[]));
    assert!(again.contains("0 written, 34 unchanged"), "{again}");

    let album = common::first_album(&d.join("site-out"));
    let changed = stdout(&trogs(
        d,
        &["build", "--changed", &format!("album:{album}")],
        &[],
    ));
    assert!(changed.contains("pages rendered, 0 written"), "{changed}");
    assert!(changed.contains("2 queries"), "{changed}");

    let bad = trogs(d, &["build", "--changed", "album:../../x"], &[]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("use artist:ID, album:ID or track:ID"));
}

#[test]
fn flags_beat_environment_which_beats_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("trogs.toml"), "title = \"File Title\"\nout = \"from-file\"\nbase_url = \"https://file.example\"\nstore = \"sqlite:file.db\"\n").unwrap();
    stdout(&trogs(d, &["demo"], &[]));
    assert!(d.join("file.db").is_file(), "trogs.toml chose the store");

    stdout(&trogs(d, &["build"], &[("TROGS_TITLE", "Env Title")]));
    let home = std::fs::read_to_string(d.join("from-file/index.html")).unwrap();
    assert!(
        home.contains("<title>Env Title</title>"),
        "the environment beats the file"
    );
    assert!(
        home.contains("https://file.example/"),
        "the file's base URL"
    );

    stdout(&trogs(
        d,
        &["build", "--title", "Flag Title", "--out", "from-flag"],
        &[("TROGS_TITLE", "Env Title")],
    ));
    let home = std::fs::read_to_string(d.join("from-flag/index.html")).unwrap();
    assert!(
        home.contains("<title>Flag Title</title>"),
        "the flag beats the environment"
    );

    // The original site's bucket variable still says where media is.
    stdout(&trogs(
        d,
        &["build", "--out", "bucket"],
        &[
            ("AWS_CONTENT_BUCKET", "trogs-media"),
            ("AWS_REGION", "eu-west-1"),
        ],
    ));
    let album = common::first_album(&d.join("bucket"));
    let page = std::fs::read_to_string(d.join(format!("bucket/album/{album}.html"))).unwrap();
    assert!(
        common::unescape(&page).contains("https://trogs-media.s3.eu-west-1.amazonaws.com/art/")
    );
}

#[test]
fn mistakes_get_errors_that_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let made = trogs(
        d,
        &["demo", "--artists", "1", "--albums", "1", "--tracks", "1"],
        &[],
    );
    assert!(made.status.success(), "{made:?}");
    let cases: [(&[&str], &str); 6] = [
        (&["build", "--theme", "no-such-theme"], "pass --theme"),
        // A typo in the store must not build (and publish) an empty site.
        (&["build", "--store", "sqlite:typo/x.db"], "does not exist"),
        (&["export", "--store", "sqlite:typo/x.db"], "does not exist"),
        (
            &["build", "--base-url", "music.example.org"],
            "absolute URL",
        ),
        (&["build", "--store", "postgres://db"], "sqlite:PATH"),
        (
            &[
                "demo",
                "--artists",
                "1",
                "--albums",
                "200",
                "--tracks",
                "200",
            ],
            "at most 99",
        ),
    ];
    for (args, expect) in cases {
        let out = trogs(d, args, &[]);
        assert!(!out.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
    }
    assert!(!d.join("typo").exists(), "a missing catalog was created");
}

/// `trogs` run from `dir` with nothing pointing at a theme.
fn trogs_anywhere(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_trogs"));
    cmd.args(args).current_dir(dir);
    for var in [
        "TROGS_THEME",
        "TROGS_STORE",
        "TROGS_OUT",
        "TROGS_CONFIG",
        "TROGS_TITLE",
        "TROGS_BASE_URL",
        "AWS_CONTENT_BUCKET",
    ] {
        cmd.env_remove(var);
    }
    cmd.output().unwrap()
}

/// The stylesheet a built page links, and its bytes.
fn stylesheet(out: &Path) -> (String, String) {
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let href = format!(
        "assets/style.{}",
        common::value_after(&home, "href=\"/assets/style.")
    );
    let css = std::fs::read_to_string(out.join(&href)).unwrap_or_else(|e| panic!("{href}: {e}"));
    (href, css)
}

#[test]
fn the_binary_builds_from_any_folder_with_its_built_in_theme() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    stdout(&trogs_anywhere(d, &["demo"]));
    let built = stdout(&trogs_anywhere(d, &["build"]));
    assert!(built.contains("34 pages rendered"), "{built}");
    assert!(!d.join("themes").exists());

    // Pages link fingerprinted assets that were published next to them.
    let out = d.join("site-out");
    let (href, css) = stylesheet(&out);
    let hash = href
        .trim_start_matches("assets/style.")
        .trim_end_matches(".css");
    assert_eq!(hash.len(), 10, "{href}");
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{href}");
    let checkout_css =
        std::fs::read_to_string(common::theme_dir().join("assets/style.css")).unwrap();
    assert_eq!(css, checkout_css, "the built-in theme is the default theme");
    let album = common::first_album(&out);
    let page = std::fs::read_to_string(out.join(format!("album/{album}.html"))).unwrap();
    let player = format!(
        "assets/player.{}",
        common::value_after(&page, "/assets/player.")
    );
    assert!(out.join(&player).is_file(), "{player}");

    // A theme folder given with --theme overrides the built-in one.
    let theme = d.join("my-theme");
    common::copy_theme(&theme);
    std::fs::write(
        theme.join("assets/style.css"),
        format!("{checkout_css}\n.from-my-theme {{ color: red }}\n"),
    )
    .unwrap();
    stdout(&trogs_anywhere(
        d,
        &["build", "--theme", "my-theme", "--out", "flag-out"],
    ));
    let (flag_href, flag_css) = stylesheet(&d.join("flag-out"));
    assert_ne!(flag_href, href);
    assert!(flag_css.contains(".from-my-theme"));

    // So does themes/default in the working folder, as in a checkout.
    std::fs::create_dir(d.join("themes")).unwrap();
    std::fs::rename(&theme, d.join("themes/default")).unwrap();
    stdout(&trogs_anywhere(d, &["build", "--out", "checkout-out"]));
    let (_, checkout_out_css) = stylesheet(&d.join("checkout-out"));
    assert!(checkout_out_css.contains(".from-my-theme"));
}
