//! The Create pages come from the one theme loader (`trogs::site::theme`):
//! every page kind renders to the same bytes as the service's old loader
//! did, in every language, from the built-in files and from a theme folder.

use serde_json::{Value, json};
use trogs_uploader::pages::{self, Notice, PageInfo, TEMPLATES, UserInfo, old_templates};

const HOSTILE: &str = r#"<script>alert("x")</script> O'Brien & "Sons" ♪ كوجي"#;

fn page(title: &str, signed_in: bool) -> PageInfo {
    PageInfo {
        title: title.into(),
        csrf: if signed_in {
            "0123456789abcdef0123456789abcdef".into()
        } else {
            String::new()
        },
        site_title: "Trogs".into(),
        site_url: "https://music.example/".into(),
        user: signed_in.then(|| UserInfo {
            name: Some("Ada".into()),
            email: Some("ada@example.test".into()),
        }),
        upload_chunk: signed_in.then_some(4 * 1024 * 1024),
    }
}

fn track(id: &str, title: &str, featured: bool, single: bool) -> Value {
    json!({ "id": id, "title": title, "number": 1, "single": single, "featured": featured,
            "album_id": if single { Value::Null } else { json!("b000000000000001") },
            "release_date": "2024-05-01", "license": "by-sa", "audio": "https://media.example/a.mp3",
            "duration": 215.5, "version": 3, "page": format!("https://music.example/track/{id}") })
}

/// Every page kind (sign-in, terms, the Create home, artist with its track
/// rows and upload forms, album, errors), in `locale`, with and without a
/// notice and an error.
fn contexts(locale: &str, dir: &str) -> Vec<(&'static str, Value)> {
    let notice = Notice {
        text: "Saved. The album page is live.",
        url: Some("https://music.example/album/b000000000000001".into()),
        link_text: "See the page",
    };
    let artist_id = "a000000000000001";
    let album_id = "b000000000000001";
    let album = json!({ "id": album_id, "title": HOSTILE, "artist_id": artist_id, "artist_name": HOSTILE,
                        "release_date": "2024-05-01", "license": "by-nc", "description": HOSTILE,
                        "image": null, "version": 2,
                        "page": format!("https://music.example/album/{album_id}"),
                        "tracks": [track("d000000000000001", HOSTILE, false, false), track("d000000000000002", "Two", true, false)] });
    let artist = json!({ "id": artist_id, "name": HOSTILE, "bio": format!("About {HOSTILE}"),
                         "image": "https://media.example/art/a.jpg", "version": 1,
                         "page": format!("https://music.example/artist/{artist_id}"),
                         "albums": [album.clone()],
                         "singles": [track("c000000000000001", HOSTILE, true, true), track("c000000000000002", "Two", false, true)],
                         "featured": [track("c000000000000001", HOSTILE, true, true)] });
    let mut out = Vec::new();
    for (notice, error) in [
        (
            Some(&notice),
            Some("the title is too long: at most 200 characters"),
        ),
        (None, None),
    ] {
        let with = |title: &str, signed_in: bool, extra: Value| {
            let mut cx = pages::context(&page(title, signed_in), notice, error);
            cx["page"]["locale"] = json!(locale);
            cx["page"]["dir"] = json!(dir);
            for (k, v) in extra.as_object().unwrap() {
                cx[k] = v.clone();
            }
            cx
        };
        out.extend([
            (
                "signin",
                with("Sign in", false, json!({ "dev": true, "next": "/create" })),
            ),
            ("signin", with("Sign in", false, json!({ "dev": false, "next": "/create" }))),
            ("terms", with("Terms", true, json!({ "agreed": false }))),
            ("terms", with("Terms", true, json!({ "agreed": true }))),
            (
                "artists",
                with("Your artists", true, json!({ "artists": [artist.clone()], "form": { "name": HOSTILE, "bio": HOSTILE } })),
            ),
            ("artists", with("Your artists", true, json!({ "artists": [], "form": { "name": "", "bio": "" } }))),
            (
                "artist",
                with(HOSTILE, true, json!({ "artist": artist.clone(),
                    "form": { "open": true, "title": HOSTILE, "release_date": "", "license": "by-nc-nd", "description": HOSTILE } })),
            ),
            ("album", with(HOSTILE, true, json!({ "album": album.clone() }))),
            (
                "error",
                with("Not found", true, json!({ "status": 404, "heading": "This is not here", "back": "/create" })),
            ),
            (
                "error",
                with("Sign-in failed", false, json!({ "status": 403, "heading": HOSTILE, "back": "/", "back_text": "Start" })),
            ),
        ]);
    }
    out
}

const LANGUAGES: [(&str, &str); 7] = [
    ("en", "ltr"),
    ("ar", "rtl"),
    ("es", "ltr"),
    ("fr", "ltr"),
    ("de", "ltr"),
    ("pt-BR", "ltr"),
    ("ja", "ltr"),
];

/// Renders every page kind in every language with both loaders and
/// compares the bytes; returns how many pages were compared.
fn compare(old: &old_templates::Templates, new: &pages::Templates) -> usize {
    let mut compared = 0;
    for (locale, dir) in LANGUAGES {
        for (template, cx) in contexts(locale, dir) {
            let before = old.render(template, &cx).unwrap();
            let after = new.render(template, &cx).unwrap();
            assert!(
                before == after,
                "{template} in {locale} differs:\n--- old\n{before}\n--- new\n{after}"
            );
            compared += 1;
        }
    }
    let kinds: std::collections::BTreeSet<_> =
        contexts("en", "ltr").iter().map(|(t, _)| *t).collect();
    assert_eq!(
        kinds.len(),
        TEMPLATES.len(),
        "every page template is compared"
    );
    compared
}

#[test]
fn the_create_pages_are_byte_identical_to_the_old_loaders() {
    let old = old_templates::Templates::builtin().unwrap();
    let new = pages::Templates::builtin().unwrap();
    let compared = compare(&old, &new);
    assert_eq!(compared, LANGUAGES.len() * 20);
    for name in ["create.css", "create.js", "favicon.svg", "placeholder.svg"] {
        assert_eq!(old.asset_url(name), new.asset_url(name), "{name}");
    }

    // The checkout's theme folder, read at run time.
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default");
    let old = old_templates::Templates::load(&theme.join("create")).unwrap();
    let new = pages::Templates::load(&theme).unwrap();
    compare(&old, &new);

    // A theme overriding a template, a partial, a message and an asset.
    let dir = tempfile::tempdir().unwrap();
    let create = dir.path().join("create");
    std::fs::create_dir_all(create.join("templates/partials")).unwrap();
    std::fs::create_dir_all(create.join("locales")).unwrap();
    std::fs::create_dir_all(create.join("assets")).unwrap();
    std::fs::write(
        create.join("templates/partials/foot.hbs"),
        "<footer>{{t \"sign-in\"}} · {{concat \"/x/\" page.locale}} · {{said error}}</footer></body></html>\n",
    )
    .unwrap();
    std::fs::write(create.join("locales/ar.ftl"), "sign-in = ادخل\n").unwrap();
    std::fs::write(create.join("locales/sv.ftl"), "sign-in = Logga in\n").unwrap();
    std::fs::write(create.join("assets/create.css"), "body { color: red }").unwrap();
    let old = old_templates::Templates::load(&create).unwrap();
    let new = pages::Templates::load(dir.path()).unwrap();
    compare(&old, &new);
    assert_eq!(old.asset_url("create.css"), new.asset_url("create.css"));
    assert_eq!(old.locales.tags(), new.locales.tags());
}
