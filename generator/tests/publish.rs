//! Publishing to a folder shared with other files: the manifest is the
//! record of what Trogs wrote, and nothing else in the folder is touched.

mod common;

use std::path::Path;
use std::process::Command;

use common::Fixture;
use trogs::catalog::queries;
use trogs::publish::Target;
use trogs::site::BuildError;
use trogs::store::{Key, Store};

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[tokio::test]
async fn files_trogs_did_not_publish_survive_rebuilds_and_deletions() {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    let foreign = [
        ("assets/img/logo.png", "a logo"),
        ("artist/readme.html", "<p>notes about artists</p>"),
        ("notes.txt", "mine"),
    ];
    for (path, text) in foreign {
        write(&f.out().join(path), text);
    }
    // Delete an artist with everything of theirs, then build both ways.
    let artist = queries::artists(&f.store).await.unwrap().value.remove(0);
    let content = queries::artist_content(&f.store, &artist.id)
        .await
        .unwrap()
        .value
        .unwrap();
    for album in &content.albums {
        let tracks = common::album_tracks(&f, &album.id).await;
        for t in tracks {
            f.store.delete(Key::same(&t.id), None).await.unwrap();
        }
        f.store
            .delete(Key::new(&album.artist_id, &album.id), None)
            .await
            .unwrap();
    }
    for t in &content.singles {
        f.store.delete(Key::same(&t.id), None).await.unwrap();
    }
    f.store.delete(Key::same(&artist.id), None).await.unwrap();
    let changed = f
        .site
        .build_changed(&[trogs::site::PageRef::Artist(artist.id.clone())])
        .await
        .unwrap();
    assert!(!changed.removed.is_empty());
    let full = f.site.build_all().await.unwrap();
    assert_eq!(
        (
            full.written,
            full.assets_written,
            full.feeds_written,
            full.removed.len()
        ),
        (0, 0, 0, 0),
        "{full}"
    );
    for (path, text) in foreign {
        assert_eq!(read(&f.out().join(path)), text, "{path} was touched");
    }
}

#[tokio::test]
async fn a_folder_of_other_files_is_refused_unless_adopted() {
    let f = Fixture::demo().await;
    write(&f.out().join("family/photo.jpg"), "a photo");
    write(&f.out().join("index.html"), "my own home page");
    let err = f.site.build_all().await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("did not publish") && text.contains("--adopt"),
        "{text}"
    );
    assert_eq!(read(&f.out().join("index.html")), "my own home page");
    assert!(
        !f.out().join("album").exists(),
        "a refused build wrote pages"
    );

    let mut adopting = f.site.clone();
    adopting.options.adopt = true;
    adopting.build_all().await.unwrap();
    assert!(read(&f.out().join("index.html")).contains("<!doctype html>"));
    assert_eq!(read(&f.out().join("family/photo.jpg")), "a photo");
    // From now on the folder has a manifest: no flag is needed.
    let again = f.site.build_all().await.unwrap();
    assert_eq!(again.written, 0, "{again}");
}

#[tokio::test]
async fn an_earlier_trogs_folder_is_recognised_and_its_pages_adopted() {
    let f = Fixture::demo().await;
    let mark = "<meta name=\"trogs:parents\" content=\"\">";
    write(
        &f.out().join("index.html"),
        &format!("<html><head>{mark}</head></html>"),
    );
    write(
        &f.out().join("album/gone0000000000a.html"),
        &format!("<html><head>{mark}</head></html>"),
    );
    write(&f.out().join("assets/style.0123456789.css"), "old");
    write(&f.out().join("album/mine.html"), "<p>not a Trogs page</p>");
    let report = f.site.build_all().await.unwrap();
    assert!(
        report
            .removed
            .contains(&"album/gone0000000000a.html".to_string()),
        "{:?}",
        report.removed
    );
    assert!(
        report
            .removed
            .contains(&"assets/style.0123456789.css".to_string())
    );
    assert_eq!(
        read(&f.out().join("album/mine.html")),
        "<p>not a Trogs page</p>"
    );
}

#[tokio::test]
async fn links_inside_the_site_folder_are_never_followed() {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    let elsewhere = f.dir.path().join("elsewhere");
    write(&elsewhere.join("keep.css"), "precious");
    // The assets folder becomes a link to another folder.
    std::fs::remove_dir_all(f.out().join("assets")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, f.out().join("assets")).unwrap();
    // A page becomes a link to a file outside the site.
    let outside = f.dir.path().join("outside.html");
    write(&outside, "outside");
    std::fs::remove_file(f.out().join("404.html")).unwrap();
    std::os::unix::fs::symlink(&outside, f.out().join("404.html")).unwrap();

    let mut site = f.site.clone();
    // A new title changes every page, so every one is written.
    site.info.title = "Renamed".into();
    let err = site.build_all().await.unwrap_err();
    assert!(
        matches!(err, BuildError::Publish(_)) && err.to_string().contains("symbolic link"),
        "{err}"
    );
    assert_eq!(read(&outside), "outside");
    let names: Vec<_> = std::fs::read_dir(&elsewhere)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        names,
        vec!["keep.css".to_string()],
        "written through the link"
    );
    assert_eq!(read(&elsewhere.join("keep.css")), "precious");
    // No temporary file was left behind either.
    let leftovers = walkdir::WalkDir::new(f.out())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(leftovers, 0);
}

#[tokio::test]
async fn a_build_that_would_remove_most_of_the_site_stops_unless_pruning() {
    let f = Fixture::demo().await;
    let first = f.site.build_all().await.unwrap();
    // The wrong catalog: an empty one, as after a typo or a half import.
    let empty = Store::create(&format!(
        "sqlite:{}",
        f.dir.path().join("empty.db").display()
    ))
    .await
    .unwrap();
    let mut wrong = f.site.clone();
    wrong.store = empty;
    let err = wrong.build_all().await.unwrap_err();
    assert!(
        matches!(err, BuildError::WouldRemoveMost { .. }) && err.to_string().contains("--prune"),
        "{err}"
    );
    for page in &first.rendered {
        assert!(f.exists(page), "{page} was removed");
    }
    assert!(
        read(&f.out().join("index.html")).contains("Ásta"),
        "home was overwritten"
    );

    wrong.options.prune = true;
    let pruned = wrong.build_all().await.unwrap();
    assert!(pruned.removed.len() > 20, "{pruned}");
    assert!(
        !f.exists(
            &first
                .rendered
                .iter()
                .find(|p| p.starts_with("album/"))
                .unwrap()
                .clone()
        )
    );
}

#[tokio::test]
async fn an_unchanged_rebuild_trusts_the_manifest_and_renders_nothing() {
    let f = Fixture::demo().await;
    let first = f.site.build_all().await.unwrap();
    let manifest = read(&f.out().join(".trogs/manifest.json"));
    assert!(manifest.contains("\"version\":3"), "{manifest}");
    // A page changed behind Trogs' back is not even read.
    let album = first
        .rendered
        .iter()
        .find(|p| p.starts_with("album/"))
        .unwrap();
    write(&f.out().join(album), "edited by hand");
    let again = f.site.build_all().await.unwrap();
    assert_eq!(again.written, 0, "{again}");
    assert_eq!(again.reused, first.rendered.len(), "{again}");
    assert_eq!(read(&f.out().join(album)), "edited by hand");

    // A new setting changes every page's inputs: all are rendered again.
    let mut renamed = f.site.clone();
    renamed.info.title = "Another Title".into();
    let report = renamed.build_all().await.unwrap();
    assert_eq!(report.reused, 0);
    assert_eq!(report.written, first.rendered.len());
}

#[tokio::test]
async fn a_manifest_of_another_version_is_not_misread() {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    write(
        &f.out().join(".trogs/manifest.json"),
        "{\"format\":\"trogs-site-manifest\",\"version\":99,\"entries\":{}}",
    );
    let err = f.site.build_all().await.unwrap_err().to_string();
    assert!(err.contains("version 99"), "{err}");
    write(&f.out().join(".trogs/manifest.json"), "{\"hello\":1}");
    let err = f.site.build_all().await.unwrap_err().to_string();
    assert!(err.contains("not a Trogs manifest"), "{err}");
}

#[tokio::test]
async fn the_memory_target_holds_the_same_site_as_the_folder() {
    let f = Fixture::demo().await;
    let local = f.site.build_all().await.unwrap();
    let mut site = f.site.clone();
    site.target = Target::memory();
    let memory = site.build_all().await.unwrap();
    assert_eq!(local.rendered, memory.rendered);
    for page in &local.rendered {
        let bytes = site
            .target
            .read(trogs::site::page::address(page))
            .unwrap()
            .unwrap();
        assert_eq!(bytes, std::fs::read(f.out().join(page)).unwrap(), "{page}");
    }
    let again = site.build_all().await.unwrap();
    assert_eq!((again.written, again.reused), (0, local.rendered.len()));
}

/// A build killed halfway, then run again, ends as if it had never been
/// interrupted: no page missing, no stale page left, foreign files intact.
#[test]
fn a_build_killed_halfway_converges_when_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let trogs = |args: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_trogs"));
        c.args(args)
            .args([
                "--store",
                "sqlite:syn.db",
                "--out",
                "out",
                "--media-dir",
                "media",
            ])
            .current_dir(d)
            .env_remove("TROGS_STORE")
            .env_remove("TROGS_OUT")
            .env_remove("TROGS_CONFIG");
        c
    };
    let ok = |mut c: Command| {
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    ok(trogs(&[
        "demo",
        "--artists",
        "60",
        "--albums",
        "300",
        "--tracks",
        "2700",
    ]));
    // Kill the first build once it has written some pages but not all.
    let mut killed = false;
    for _ in 0..3 {
        std::fs::remove_dir_all(d.join("out")).ok();
        let mut child = trogs(&["build"]).spawn().unwrap();
        loop {
            let written = std::fs::read_dir(d.join("out/track")).map_or(0, |r| r.count());
            if written >= 100 {
                child.kill().unwrap();
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let status = child.wait().unwrap();
        if !status.success() && !d.join("out/.trogs/manifest.json").exists() {
            killed = true;
            break;
        }
    }
    assert!(
        killed,
        "the build always finished before it could be killed"
    );
    assert!(
        d.join("out/.trogs/journal").exists(),
        "no journal of the claimed paths"
    );
    // Someone adds a file of their own before the build runs again.
    write(&d.join("out/mine.txt"), "mine");
    let report = ok(trogs(&["build"]));
    assert!(report.contains("0 removed"), "{report}");
    let again = ok(trogs(&["build"]));
    assert!(again.contains(" 0 written"), "{again}");
    assert_eq!(
        std::fs::read_dir(d.join("out/track")).unwrap().count(),
        2700,
        "every track has its page"
    );
    assert!(!d.join("out/.trogs/journal").exists());
    assert_eq!(read(&d.join("out/mine.txt")), "mine");
}

/// A small change appends to the manifest's delta log instead of rewriting
/// it; a new process reads base and log back; a log of an older base is
/// never applied.
#[tokio::test]
async fn small_changes_go_to_the_delta_log_and_read_back() {
    let f = Fixture::demo().await;
    f.site.build_all().await.unwrap();
    let base = f.out().join(".trogs/manifest.json");
    let delta = f.out().join(".trogs/manifest.delta");
    let base_text = read(&base);
    assert!(!delta.exists());

    let artist = queries::artists(&f.store).await.unwrap().value.remove(0);
    let content = queries::artist_content(&f.store, &artist.id)
        .await
        .unwrap()
        .value
        .unwrap();
    let mut single = content.singles[0].clone();
    single.title = "A Retitled Single".into();
    f.store.put(single.to_item(), None).await.unwrap();
    let report = f
        .site
        .build_changed(&[trogs::site::PageRef::Track(single.id.clone())])
        .await
        .unwrap();
    assert!(report.written >= 2, "{report}");
    assert_eq!(read(&base), base_text, "a small change rewrote the base");
    let log = read(&delta);
    assert!(log.contains(&format!("track/{}.html", single.id)), "{log}");

    // Another process (a fresh target) sees the change: nothing to write.
    let mut fresh = f.site.clone();
    fresh.target = Target::local(f.out());
    let again = fresh.build_all().await.unwrap();
    assert_eq!(
        (again.written, again.reused),
        (0, again.rendered.len()),
        "{again}"
    );

    // A log written against another base is ignored, then removed.
    // (Base 1: prefixing the real base with a digit may overflow a u64.)
    let at = log.find("\"base\":").unwrap() + "\"base\":".len();
    let digits = log[at..].bytes().take_while(u8::is_ascii_digit).count();
    let stale = format!("{}1{}", &log[..at], &log[at + digits..]);
    std::fs::write(&delta, &stale).unwrap();
    let mut fresh = f.site.clone();
    fresh.target = Target::local(f.out());
    let report = fresh
        .build_changed(&[trogs::site::PageRef::Track(single.id.clone())])
        .await
        .unwrap();
    assert!(report.written >= 1, "the stale log was applied: {report}");
    // (The new log's own base may start with 1 too: compare whole heads.)
    let stale_head = stale.lines().next().unwrap().to_string();
    assert!(
        !delta.exists() || !read(&delta).starts_with(&stale_head),
        "the stale log is still there"
    );
}
