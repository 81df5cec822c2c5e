//! The Create pages come from the one theme loader (`trogs::site::theme`):
//! the built-in files are the checkout's `create/` folder, a theme without
//! `create/` gets them, and a theme's own template, partial, message or
//! asset wins over the built-in one, file by file and message by message.

use serde_json::{Value, json};
use trogs_uploader::pages::{self, Notice, PageInfo, TEMPLATES, Templates, UserInfo};

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

/// Every page kind in every language, rendered by `templates`.
fn render_all(templates: &Templates) -> Vec<String> {
    let mut pages = Vec::new();
    for (locale, dir) in [("en", "ltr"), ("ar", "rtl"), ("es", "ltr"), ("ja", "ltr")] {
        for (template, cx) in contexts(locale, dir) {
            let html = templates
                .render(template, &cx)
                .unwrap_or_else(|e| panic!("{template} in {locale}: {e}"));
            pages.push(html);
        }
    }
    pages
}

#[test]
fn every_page_kind_is_covered() {
    let kinds: std::collections::BTreeSet<_> =
        contexts("en", "ltr").iter().map(|(t, _)| *t).collect();
    assert_eq!(kinds.into_iter().collect::<Vec<_>>().len(), TEMPLATES.len());
}

/// The built-in files are the checkout's `themes/default/create`, all of
/// them: the service without a theme folder shows what it shows with one.
#[test]
fn the_built_in_create_pages_are_the_checkouts_create_folder() {
    let builtin = Templates::builtin().unwrap();
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../themes/default");
    let folder = Templates::load(&theme).unwrap();
    let (a, b) = (render_all(&builtin), render_all(&folder));
    assert_eq!(a.len(), 80);
    for (a, b) in a.iter().zip(&b) {
        assert!(a == b, "built-in:\n{a}\nfolder:\n{b}");
    }
    for name in ["create.css", "create.js", "favicon.svg", "placeholder.svg"] {
        let url = builtin.asset_url(name).unwrap();
        assert!(url.starts_with("/assets/create/"), "{url}");
        assert_eq!(Some(url), folder.asset_url(name), "{name}");
    }
    assert_eq!(builtin.locales.tags(), folder.locales.tags());
    assert_eq!(
        builtin.locales.tags(),
        ["ar", "de", "en", "es", "fr", "ja", "pt-BR"]
    );
}

/// A site theme made before the Create section (no `create/`) gets the
/// built-in Create pages, byte for byte.
#[test]
fn a_theme_without_create_gets_the_built_in_create_pages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/home.hbs"), "home").unwrap();
    let builtin = render_all(&Templates::builtin().unwrap());
    let theme = render_all(&Templates::load(dir.path()).unwrap());
    assert!(builtin == theme);
}

/// A theme's `create/` overrides one partial, one Arabic message and one
/// asset: those change, and everything else stays the built-in; an edit
/// to the folder shows on the next page without a restart.
#[test]
fn a_themes_create_template_message_and_asset_win_one_by_one() {
    let builtin = Templates::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let create = dir.path().join("create");
    for sub in ["templates/partials", "locales", "assets"] {
        std::fs::create_dir_all(create.join(sub)).unwrap();
    }
    std::fs::write(
        create.join("templates/partials/foot.hbs"),
        "<footer>{{t \"sign-in\"}} {{concat \"/x/\" page.locale}} {{said error}}</footer></body></html>\n",
    )
    .unwrap();
    std::fs::write(create.join("locales/ar.ftl"), "sign-in = ادخل هنا\n").unwrap();
    std::fs::write(create.join("assets/create.css"), "body { color: red }").unwrap();
    let pages = pages::Pages::new(Some(dir.path().to_path_buf()));
    let themed = pages.templates().unwrap();

    let (_, cx) = contexts("ar", "rtl").remove(0);
    let html = themed.render("signin", &cx).unwrap();
    let before = builtin.render("signin", &cx).unwrap();
    let foot = &html[html.find("<footer>").unwrap()..];
    assert!(foot.starts_with("<footer>ادخل هنا /x/ar "), "{foot}");
    assert!(
        !foot.contains("the title is too long"),
        "`said` says the error in Arabic: {foot}"
    );
    // The page's head is the built-in partial, but its stylesheet is the theme's.
    let head = |html: &str| html[..html.find("<link rel=\"stylesheet\"").unwrap()].to_string();
    assert_eq!(head(&html), head(&before));
    let css = themed.asset_url("create.css").unwrap();
    assert_ne!(Some(css.clone()), builtin.asset_url("create.css"));
    assert!(html.contains(&css));
    let (asset, cached) = themed
        .asset(css.trim_start_matches("/assets/create/"))
        .unwrap();
    assert!(cached);
    assert_eq!(asset.bytes, b"body { color: red }");
    assert_eq!(asset.content_type(), "text/css; charset=utf-8");
    assert_eq!(
        themed.asset_url("favicon.svg"),
        builtin.asset_url("favicon.svg")
    );
    // Only the one message changed: Arabic keeps its other words.
    let ar = themed.locales.exactly("ar");
    assert_eq!(ar.text("sign-in"), Some("ادخل هنا"));
    assert_eq!(
        ar.text("your-artists"),
        builtin.locales.exactly("ar").text("your-artists")
    );
    assert_ne!(
        ar.text("your-artists"),
        themed.locales.exactly("en").text("your-artists")
    );

    // An edit shows on the next page.
    std::fs::write(create.join("locales/ar.ftl"), "sign-in = سجّل الدخول الآن\n").unwrap();
    let again = pages.templates().unwrap();
    assert_eq!(
        again.locales.exactly("ar").text("sign-in"),
        Some("سجّل الدخول الآن")
    );
}

/// A broken template in a theme's `create/` names its file.
#[test]
fn a_broken_create_template_names_its_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("create/templates")).unwrap();
    std::fs::write(dir.path().join("create/templates/terms.hbs"), "{{#if}}").unwrap();
    let err = Templates::load(dir.path()).err().unwrap().to_string();
    assert!(err.contains("create/templates/terms.hbs"), "{err}");
}
