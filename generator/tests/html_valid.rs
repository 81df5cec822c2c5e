//! Every published page and embed is valid HTML by the Nu Html Checker:
//! the demo site before and after its media is processed (pages without and
//! with image derivatives and renditions), and the artist index pages of a
//! catalog too large for the home page.

mod common;

use common::{trogs, vnu};

#[test]
fn every_page_and_embed_of_the_demo_site_is_valid_html() {
    let dir = tempfile::tempdir().unwrap();
    trogs(dir.path(), &["demo", "--no-process"]);
    trogs(dir.path(), &["build"]);
    let out = dir.path().join("site-out");
    let files = vnu::html_files(&out);
    let embeds = files
        .iter()
        .filter(|f| f.starts_with(out.join("embed")))
        .count();
    // The demo's 34 pages (home, 404, artists, albums, tracks) and its
    // embeds (each album and track, full and compact).
    assert!(embeds >= 40, "the demo publishes its embeds: {files:?}");
    for page in ["index.html", "404.html"] {
        assert!(out.join(page).is_file(), "{page} is published");
    }
    vnu::assert_valid(&files, 90);

    // Processed media: pages with srcsets, waveform peaks and renditions.
    trogs(dir.path(), &["media", "process", "--jobs", "2"]);
    trogs(dir.path(), &["build"]);
    let files = vnu::html_files(&out);
    let pages: String = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert!(pages.contains("srcset="), "the pages offer the derivatives");
    vnu::assert_valid(&files, 90);
}

#[test]
fn the_artist_index_pages_are_valid_html() {
    let dir = tempfile::tempdir().unwrap();
    // 301 artists: past the home page's limit of 300, so the home page lists
    // initials and `a` (every synthetic artist) has two index pages.
    trogs(
        dir.path(),
        &[
            "demo",
            "--artists",
            "301",
            "--albums",
            "301",
            "--tracks",
            "301",
            "--no-process",
        ],
    );
    trogs(dir.path(), &["build", "--embeds", "false"]);
    let out = dir.path().join("site-out");
    let mut files = vnu::html_files(&out.join("artists"));
    assert!(
        files.len() >= 2,
        "the artist index has more than one page: {files:?}"
    );
    files.push(out.join("index.html"));
    vnu::assert_valid(&files, 3);
}
