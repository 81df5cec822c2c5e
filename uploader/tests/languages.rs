//! The Create section answers in the browser's language (`Accept-Language`),
//! else the site's: its pages, notices and the errors users meet, in
//! Spanish and in Arabic (right to left), valid HTML either way; and every
//! Create locale file has English's keys and placeholders.

mod harness;
#[path = "../../generator/tests/common/vnu.rs"]
mod vnu;

use std::collections::BTreeMap;

use harness::{Answer, Client};

/// `GET path` as `c`, asking for `language`.
async fn get(c: &Client, path: &str, language: Option<&str>) -> Answer {
    send(c, reqwest::Method::GET, path, language, None).await
}

/// A request as `c` (its cookie, origin and CSRF token), asking for
/// `language`, with an urlencoded `form` when given.
async fn send(
    c: &Client,
    method: reqwest::Method,
    path: &str,
    language: Option<&str>,
    form: Option<&[(&str, &str)]>,
) -> Answer {
    let mut request = c.http.request(method, format!("{}{path}", c.base));
    if let Some(cookie) = &c.cookie {
        request = request.header("cookie", cookie);
    }
    if let Some(origin) = &c.origin {
        request = request.header("origin", origin);
    }
    if let Some(csrf) = &c.csrf {
        request = request.header("x-csrf-token", csrf);
    }
    if let Some(language) = language {
        request = request.header("accept-language", language);
    }
    if let Some(form) = form {
        request = request.form(form);
    }
    let response = request.send().await.unwrap();
    Answer {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        text: response.text().await.unwrap(),
    }
}

const SHIPPED: [&str; 7] = ["ar", "de", "en", "es", "fr", "ja", "pt-BR"];

#[test]
fn every_create_locale_has_every_english_key_and_placeholder() {
    let dir = harness::theme_dir().join("create/locales");
    let keys = |tag: &str| -> BTreeMap<String, Vec<String>> {
        let path = dir.join(format!("{tag}.ftl"));
        let text = std::fs::read_to_string(&path).unwrap();
        trogs::site::i18n::keys_and_variables(&text)
            .unwrap_or_else(|e| panic!("{} does not parse: {e}", path.display()))
            .into_iter()
            .collect()
    };
    let mut tags: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".ftl").map(str::to_string))
        .collect();
    tags.sort();
    assert_eq!(tags, SHIPPED);
    let english = keys("en");
    for tag in SHIPPED {
        let theirs = keys(tag);
        // The words around `--dev` are one sentence: a language may put
        // its text in either part.
        let loose = |k: &str| k.starts_with("dev-hint-");
        let missing: Vec<_> = english
            .keys()
            .filter(|k| !theirs.contains_key(*k))
            .collect();
        let extra: Vec<_> = theirs
            .keys()
            .filter(|k| !english.contains_key(*k))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{tag}: missing {missing:?}, extra {extra:?}"
        );
        for (key, vars) in &english {
            if !loose(key) {
                assert_eq!(&theirs[key], vars, "{tag}.ftl: {key}'s placeholders");
            }
        }
    }
}

#[tokio::test]
async fn the_create_section_answers_in_the_browsers_language() {
    let up = harness::dev(async |_, _| {}).await;
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut save = |name: &str, text: &str| {
        let file = dir.path().join(format!("{name}.html"));
        std::fs::write(&file, text).unwrap();
        files.push(file);
    };

    // Spanish first, English second: Spanish.
    let spanish = Some("es-ES,es;q=0.9,en;q=0.5");
    let mut es = up.client();
    let signin = get(&es, "/", spanish).await;
    assert_eq!(signin.status, 200, "{}", signin.text);
    assert!(
        signin
            .header("vary")
            .is_some_and(|v| v.to_ascii_lowercase().contains("accept-language")),
        "a cache keeps each language apart: {:?}",
        signin.headers
    );
    for words in [
        "<html lang=\"es\" dir=\"ltr\">",
        "Comparte tu música en",
        ">Iniciar sesión<",
        ">Saltar al contenido<",
    ] {
        assert!(
            signin.text.contains(words),
            "the sign-in page says {words:?}: {}",
            signin.text
        );
    }
    assert!(!signin.text.contains("Share your music"));
    save("signin-es", &signin.text);

    es.sign_in("Ada").await;
    let artists = get(&es, "/create", spanish).await;
    assert_eq!(artists.status, 200, "{}", artists.text);
    for words in [
        ">Tus artistas<",
        ">Nuevo artista<",
        ">Crear artista<",
        ">Cerrar sesión<",
    ] {
        assert!(
            artists.text.contains(words),
            "the artists page says {words:?}"
        );
    }
    assert!(artists.text.contains("<title>Tus artistas · "));
    save("artists-es", &artists.text);

    // A notice after a change, and an error page.
    let notice = get(&es, "/create?done=artist-deleted", spanish).await;
    assert!(
        notice
            .text
            .contains("El artista se ha eliminado, con sus páginas y archivos."),
        "{}",
        notice.text
    );
    let missing = get(&es, "/create/artists/zzzzzzzzzzzzzzzz", spanish).await;
    assert_eq!(missing.status, 404);
    for words in [
        "Error 404",
        "Esto no está aquí, o no es tuyo",
        "no se encontró el artista",
    ] {
        assert!(
            missing.text.contains(words),
            "the error page says {words:?}: {}",
            missing.text
        );
    }
    save("error-es", &missing.text);
    // An error a form meets: a name with no letter or digit.
    let csrf = es.csrf.clone().unwrap();
    let refused = send(
        &es,
        reqwest::Method::POST,
        "/create/artists",
        spanish,
        Some(&[("csrf", &csrf), ("name", "!!!"), ("bio", "")]),
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.text);
    assert!(
        refused
            .text
            .contains("el nombre necesita al menos una letra o un dígito"),
        "{}",
        refused.text
    );

    // An artist's own page, once made.
    let made = send(
        &es,
        reqwest::Method::POST,
        "/create/artists",
        spanish,
        Some(&[("csrf", &csrf), ("name", "Banda de Ada"), ("bio", "")]),
    )
    .await;
    assert_eq!(made.status, 303, "{}", made.text);
    let location = made.header("location").unwrap().to_string();
    let artist = get(&es, &location, spanish).await;
    assert_eq!(artist.status, 200, "{}", artist.text);
    for words in [
        "Tu página de artista está creada y publicada.",
        ">Nombre y biografía<",
        ">Eliminar este artista<",
        "Entiendo que esto elimina <bdi>este artista con todos sus álbumes, pistas y archivos</bdi>, para siempre.",
    ] {
        assert!(
            artist.text.contains(words),
            "the artist page says {words:?}: {}",
            artist.text
        );
    }
    save("artist-es", &artist.text);

    // No Accept-Language: the site's language (English here).
    let signin = get(&up.client(), "/", None).await;
    assert!(signin.text.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(signin.text.contains("Share your music on"));

    // Arabic: right to left.
    let mut ar = up.client();
    ar.sign_in("Layla").await;
    let artists = get(&ar, "/create", Some("ar")).await;
    assert!(artists.text.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(artists.text.contains(">فنانوك<"));
    save("artists-ar", &artists.text);

    vnu::assert_valid(&files, 5);
}
