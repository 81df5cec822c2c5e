//! One loader for a theme's two parts: the site's pages and the Create
//! section's `create/` folder. What the Create section holds never moves
//! the site's pages: editing or breaking it leaves the site's theme (and
//! so every published page) as it was.

use std::path::Path;

use trogs::site::Theme;
use trogs::site::theme::{CreateTheme, ThemeSource};

fn copy(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn no_helpers(
    _: &mut handlebars::Handlebars<'static>,
    _: &std::sync::Arc<trogs::site::i18n::Locales>,
) {
}

#[test]
fn editing_or_breaking_create_leaves_the_site_theme_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default"),
        dir.path(),
    );
    let before = Theme::load(dir.path()).unwrap();
    let source = ThemeSource::Folder(dir.path().to_path_buf());
    let create = CreateTheme::open(&source, &no_helpers).unwrap();
    let css = create.asset_url("create.css").unwrap();
    assert!(css.starts_with("/assets/create/create."), "{css}");

    std::fs::write(
        dir.path().join("create/assets/create.css"),
        "body { color: red }",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("create/locales/sv.ftl"),
        "sign-in = Logga in\n",
    )
    .unwrap();
    let edited = CreateTheme::open(&source, &no_helpers).unwrap();
    assert_ne!(edited.asset_url("create.css").unwrap(), css);
    assert!(edited.locales.tags().contains(&"sv"));
    let after = Theme::load(dir.path()).unwrap();
    assert_eq!(after.fingerprint, before.fingerprint);
    assert_eq!(after.locales.tags(), before.locales.tags());
    assert_eq!(
        after.assets.iter().map(|a| &a.path).collect::<Vec<_>>(),
        before.assets.iter().map(|a| &a.path).collect::<Vec<_>>(),
        "no Create asset is published with the site"
    );

    std::fs::write(dir.path().join("create/templates/album.hbs"), "{{#each}}").unwrap();
    let err = CreateTheme::open(&source, &no_helpers)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("create/templates/album.hbs"), "{err}");
    assert_eq!(
        Theme::load(dir.path()).unwrap().fingerprint,
        before.fingerprint
    );
}

/// The built-in theme carries the Create section too, so the upload
/// service needs no folder.
#[test]
fn the_built_in_theme_has_the_create_pages() {
    let create = CreateTheme::open(&ThemeSource::BuiltIn, &no_helpers).unwrap();
    for name in ["create.css", "create.js", "favicon.svg", "placeholder.svg"] {
        assert!(create.asset_url(name).is_some(), "{name}");
    }
    assert!(create.locales.tags().contains(&"ar"));
    let site = Theme::builtin().unwrap();
    assert!(
        site.assets
            .iter()
            .all(|a| !a.path.starts_with("assets/create/"))
    );
}
