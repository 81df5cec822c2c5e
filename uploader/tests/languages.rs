//! The Create section answers in the browser's language (`Accept-Language`),
//! else the site's: its pages (track rows, upload forms and the terms
//! included), notices, the words its script shows, every error (in the JSON
//! API and on the form pages) and a failed sign-in, in Spanish and in
//! Arabic (right to left), valid HTML either way. Every Create locale file
//! has English's keys and placeholders, and every English sentence the
//! service writes has a message in each.

mod common;
mod fixtures;
mod harness;
#[path = "../../generator/tests/common/vnu.rs"]
mod vnu;

use std::collections::BTreeMap;
use std::path::PathBuf;

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
    send_with(c, method, path, language, |r| match form {
        Some(form) => r.form(form),
        None => r,
    })
    .await
}

/// A request as `c`, asking for `language`, its body set by `body`.
async fn send_with(
    c: &Client,
    method: reqwest::Method,
    path: &str,
    language: Option<&str>,
    body: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
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
    let response = body(request).send().await.unwrap();
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

// ---------------------------------------------------------------------------
// Every sentence the service writes has a message in every language
// ---------------------------------------------------------------------------

/// The string literals inside each construction of `source` that begins
/// with one of `starts` (which ends in its opening bracket), up to the
/// bracket that closes it: each as the text it stands for, lines joined by
/// `\` read as Rust reads them.
fn literals_in(source: &str, starts: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for start in starts {
        for (at, _) in source.match_indices(start) {
            let mut chars = source[at + start.len()..].chars().peekable();
            let mut depth = 1;
            while depth > 0 {
                let Some(c) = chars.next() else { break };
                match c {
                    '(' | '{' | '[' => depth += 1,
                    ')' | '}' | ']' => depth -= 1,
                    '"' => {
                        let mut text = String::new();
                        while let Some(c) = chars.next() {
                            match c {
                                '"' => break,
                                '\\' => match chars.next() {
                                    Some('\n') => {
                                        while chars.peek().is_some_and(|c| c.is_whitespace()) {
                                            chars.next();
                                        }
                                    }
                                    Some('n') => text.push('\n'),
                                    Some('u') => {
                                        let code: String = chars
                                            .by_ref()
                                            .skip(1)
                                            .take_while(|c| *c != '}')
                                            .collect();
                                        text.extend(
                                            u32::from_str_radix(&code, 16)
                                                .ok()
                                                .and_then(char::from_u32),
                                        );
                                    }
                                    Some(other) => text.push(other),
                                    None => break,
                                },
                                c => text.push(c),
                            }
                        }
                        found.push(text);
                    }
                    _ => {}
                }
            }
        }
    }
    found
}

/// A sentence a format string can make: each `{…}` stands for some text.
/// `None` for what is no sentence (a code, a path, a lone placeholder).
fn sample_of(format: &str) -> Option<String> {
    if !format.contains(' ') {
        return None;
    }
    let mut out = String::new();
    let mut letters = false;
    let mut rest = format;
    let mut n = 0;
    while let Some(open) = rest.find('{') {
        letters |= rest[..open].chars().any(char::is_alphabetic);
        out.push_str(&rest[..open]);
        if rest[open..].starts_with("{{") {
            out.push('{');
            rest = &rest[open + 2..];
            continue;
        }
        let close = open + rest[open..].find('}').expect("a closed placeholder");
        n += 1;
        out.push_str(&format!("X{n}"));
        rest = &rest[close + 1..];
    }
    letters |= rest.chars().any(char::is_alphabetic);
    out.push_str(rest);
    letters.then_some(out.replace("}}", "}"))
}

#[test]
fn every_sentence_the_service_shows_has_a_message_in_every_language() {
    use trogs_uploader::messages::{MESSAGES, arguments, find};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    // Where the sentences people see are written: every error the service
    // answers with (the API's JSON and the forms' pages), the checks of an
    // uploaded file, and the sign-in's failures.
    let errors = [
        "ApiError::BadRequest(",
        "ApiError::Forbidden(",
        "ApiError::Conflict(",
        "ApiError::TooLarge(",
        "ApiError::TooMany(",
        "ApiError::Unsupported(",
        "ApiError::Invalid(",
        "ApiError::Unavailable(",
        "ApiError::Busy {",
        "ProbeError::Unsupported(",
        "ProbeError::Broken(",
        "ProbeError::OverLimit(",
        "ImageError::Unsupported(",
        "ImageError::Broken(",
        "OidcError::State(",
        "json!({ \"errors\"",
    ];
    let mut files: Vec<PathBuf> = walk(&root.join("src"));
    files.push(root.join("../generator/src/images.rs"));
    let mut sentences = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let mut starts: Vec<&str> = errors.to_vec();
        if name == "error.rs" {
            starts.push("#[error(");
        }
        if name == "oidc.rs" {
            // The sign-in's own errors, not the HTTP client's beside them.
            let enum_at = source.find("pub enum OidcError").unwrap();
            let end = enum_at + source[enum_at..].find("\n}").unwrap();
            for s in literals_in(&source[enum_at..end], &["#[error("]) {
                sentences.push((name.clone(), s));
            }
        }
        if name == "pages.rs" {
            // A page's own error, given to its context as it is.
            starts.push("context(");
        }
        if name == "renditions_queue.rs" {
            // Why a track plays its original, shown on its row.
            starts.push("let why = format!(");
        }
        if name == "auth.rs" {
            starts.extend(["return fail(", "let what = match code {", "format!("]);
        }
        for s in literals_in(&source, &starts) {
            sentences.push((name.clone(), s));
        }
    }
    assert!(
        sentences.len() > 120,
        "the sources' sentences are found: {}",
        sentences.len()
    );

    let dir = harness::theme_dir().join("create/locales");
    let keys = |tag: &str| -> BTreeMap<String, Vec<String>> {
        let text = std::fs::read_to_string(dir.join(format!("{tag}.ftl"))).unwrap();
        trogs::site::i18n::keys_and_variables(&text)
            .unwrap()
            .into_iter()
            .collect()
    };
    let languages: Vec<(&str, BTreeMap<String, Vec<String>>)> =
        SHIPPED.iter().map(|t| (*t, keys(t))).collect();
    let mut missing = Vec::new();
    for (file, format) in &sentences {
        let Some(sample) = sample_of(format) else {
            continue;
        };
        // The file-name frame of a refused upload matches most sentences
        // with a colon; a sentence needs an entry of its own.
        match find(&sample).filter(|(key, _)| !key.starts_with("error-in-file")) {
            Some((key, _)) => {
                for (tag, keys) in &languages {
                    if !keys.contains_key(key) {
                        missing.push(format!("{tag}.ftl has no {key} ({format:?})"));
                    }
                }
            }
            None => missing.push(format!(
                "{file}: {format:?} has no entry in messages::MESSAGES (and no error-… message)"
            )),
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));

    // Each entry: some fixed words, its own key, a message in every
    // language with its arguments, and English saying the sentence as the
    // code writes it.
    let templates = trogs_uploader::pages::Templates::builtin().unwrap();
    let english = templates.locales.exactly("en");
    let mut seen = std::collections::BTreeSet::new();
    for (key, pattern) in MESSAGES {
        assert!(seen.insert(key), "{key} is in the table twice");
        assert!(key.starts_with("error-"), "{key}");
        let names = arguments(pattern);
        let mut sorted: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        sorted.sort();
        for (tag, keys) in &languages {
            assert_eq!(
                keys.get(*key),
                Some(&sorted),
                "{tag}.ftl: {key} with the arguments {sorted:?}"
            );
        }
        let args: Vec<(&str, trogs::site::i18n::Arg<'_>)> = names
            .iter()
            .map(|n| (*n, trogs::site::i18n::Arg::Text(n)))
            .collect();
        // English grammar (`track{_s}`) is the message's own plural, which
        // a text argument takes as `other`.
        let mut expected = pattern.replace("{_s}", "s");
        for n in &names {
            expected = expected.replace(&format!("{{{n}}}"), n);
        }
        assert_eq!(
            english.format(key, &args).as_deref(),
            Some(expected.as_str()),
            "en.ftl says {key} as the code writes it"
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_sentence_is_said_with_its_parts_in_the_language() {
    use trogs_uploader::messages::say_in;
    let templates = trogs_uploader::pages::Templates::builtin().unwrap();
    let es = templates.locales.exactly("es");
    let en = templates.locales.exactly("en");
    let refused = "notes.txt: This file is not audio we can stream (it looks like plain text); upload MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC or WAV.. The 2 files before it were added.";
    assert_eq!(
        say_in(es, refused),
        "notes.txt: Este archivo no es audio que podamos transmitir (parece plain text); sube MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC o WAV.. Los 2 archivos anteriores sí se añadieron."
    );
    assert_eq!(
        say_in(en, refused),
        refused,
        "English is the code's own sentence"
    );
    assert_eq!(
        say_in(es, "the title is too long: at most 200 characters"),
        "el título es demasiado largo: como máximo 200 caracteres"
    );
    assert_eq!(
        say_in(
            es,
            "there is no room for another track on this album: at most 900 are kept"
        ),
        "no cabe otra pista en este álbum: se guardan 900 como máximo"
    );
    assert_eq!(say_in(es, "album not found"), "no se encontró el álbum");
    assert_eq!(
        say_in(
            es,
            "Making streaming versions of this track was stopped after 95.0 s: it took far longer than a track of its length should. It plays its original file; to try again, export it once more (WAV or FLAC) and upload it."
        ),
        "Se detuvo la creación de versiones para streaming de esta pista tras 95.0 s: tardó mucho más de lo que debería una pista de su duración. Suena su archivo original; para volver a intentarlo, expórtala de nuevo (WAV o FLAC) y súbela."
    );
    assert_eq!(
        say_in(es, "a detail from a library, in English"),
        "a detail from a library, in English",
        "a sentence the table does not know is shown as written"
    );
}

// ---------------------------------------------------------------------------
// The Create section in Spanish, all of it
// ---------------------------------------------------------------------------

const QUEUED: &str = "No streaming versions were made of this track: you already had 3 tracks waiting for theirs, the most this site queues for one person. It plays its original file (the site's next full media run makes them).";
const ARTIST: &str = "a000000000000001";
const ALBUM: &str = "b000000000000001";

async fn seed(store: &trogs::store::Store, port: u16) {
    let owner = harness::owner_for(port, "ada");
    let band = harness::artist(ARTIST, "Banda de Ada", &owner);
    let record = harness::album(ALBUM, &band, "Primero", 0);
    store.put(band.to_item(), None).await.unwrap();
    store.put(record.to_item(), None).await.unwrap();
    for (i, id) in ["c000000000000001", "c000000000000002"].iter().enumerate() {
        let mut t = harness::album_track(
            id,
            &record,
            &band,
            &format!("Canción {}", i + 1),
            i as u32 + 1,
        );
        t.featured = (i == 0).then_some(true);
        store.put(t.to_item(), None).await.unwrap();
    }
    let mut single = harness::single("d000000000000001", &band, "Sola", 0);
    // Why it plays its original file, as the renditions queue wrote it.
    single.trogs.renditions_problem = Some(QUEUED.into());
    store.put(single.to_item(), None).await.unwrap();
}

/// The English words of the Create section's theme that Spanish says
/// otherwise (longer than three letters, so "Bio" is not "Biografía").
fn english_words(language: &str) -> Vec<String> {
    let templates = trogs_uploader::pages::Templates::builtin().unwrap();
    let english = templates.locales.exactly("en");
    let other = templates.locales.exactly(language);
    english
        .static_keys()
        // Nouns said inside sentences ("upload" is also a class name).
        .filter(|k| !k.starts_with("thing-"))
        .filter(|k| other.text(k) != english.text(k))
        .filter_map(|k| english.text(k))
        .filter(|t| t.chars().count() > 3)
        .map(str::to_string)
        .collect()
}

/// What a page shows of the theme's words: text between tags, or a whole
/// attribute value.
fn shows(html: &str, text: &str) -> bool {
    let text = trogs::site::escape::escape_html(text);
    [
        format!(">{text}<"),
        format!(">{text} "),
        format!(" {text}<"),
        format!("\"{text}\""),
    ]
    .iter()
    .any(|p| html.contains(p.as_str()))
}

#[tokio::test]
async fn the_create_pages_track_rows_upload_forms_terms_and_script_speak_spanish() {
    let up = harness::dev(seed).await;
    let spanish = Some("es");
    let mut ada = up.client();
    ada.sign_in("Ada").await;
    let words = english_words("es");
    assert!(
        words.len() > 150,
        "the Create section's English: {}",
        words.len()
    );
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (name, path) in [
        ("artist", format!("/create/artists/{ARTIST}")),
        ("album", format!("/create/albums/{ALBUM}")),
        ("terms", "/terms".to_string()),
        ("artists", "/create".to_string()),
    ] {
        let page = get(&ada, &path, spanish).await;
        assert_eq!(page.status, 200, "{name}: {}", page.text);
        for text in &words {
            assert!(
                !shows(&page.text, text),
                "the {name} page still says {text:?}"
            );
        }
        let file = dir.path().join(format!("{name}-es.html"));
        std::fs::write(&file, &page.text).unwrap();
        files.push(file);
    }
    let artist = std::fs::read_to_string(&files[0]).unwrap();
    let album = std::fs::read_to_string(&files[1]).unwrap();
    let terms = std::fs::read_to_string(&files[2]).unwrap();
    // A track row, its forms and its upload control, in Spanish.
    for words in [
        ">Destacada<",
        ">Destacar<",
        ">Reemplazar el audio<",
        ">Nuevo archivo de audio<",
        "data-confirm=\"¿Eliminar esta pista? Se eliminan su página y su archivo.\"",
        "aria-label=\"Subidas en curso\"",
        ">Subir<",
        "Un máster corregido",
        ">Mover arriba<span class=\"visually-hidden\">: <bdi>Canción 1</bdi></span>",
    ] {
        assert!(album.contains(words), "the album page says {words:?}");
    }
    assert!(artist.contains(">Reemplazar el audio<"), "a single's row");
    assert!(
        artist.contains("No se hicieron versiones para streaming de esta pista: ya tenías pistas esperando las suyas (3)"),
        "why the single plays its original, in Spanish"
    );
    assert!(!artist.contains("No streaming versions"));
    assert!(
        artist.contains("<label for=\"track-d000000000000001-date\">Fecha de publicación</label>")
    );
    // What the script says comes with the page, in Spanish.
    for words in [
        "data-msg-waiting=\"En espera…\"",
        "data-msg-uploading=\"Subiendo… {percent} %\"",
        "data-msg-checking=\"Comprobando el archivo…\"",
        "data-msg-upload-failed=\"La subida falló: {reason}\"",
        "data-msg-finished-some=\"{done} de {total} subidas terminadas\"",
        "data-msg-drag=\"Arrastra para reordenar\"",
    ] {
        assert!(album.contains(words), "the page gives the script {words:?}");
    }
    let script = get(&ada, "/assets/create/create.js", None).await.text;
    for english in [
        "Waiting…",
        "Uploading",
        "Checking the file",
        "live now",
        "Drag to reorder",
        "The upload failed",
    ] {
        assert!(
            !script.contains(english),
            "create.js still writes {english:?}"
        );
    }
    // The terms, every paragraph.
    for words in [
        "Tu música sigue siendo tuya",
        "Lo que nos permites hacer",
        "Tú eliges la licencia",
        "Puedes eliminar cuando quieras",
        "Uso justo del servicio",
    ] {
        assert!(terms.contains(words), "the terms say {words:?}");
    }
    assert!(!terms.contains("short on purpose"));
    vnu::assert_valid(&files, 4);
}

#[tokio::test]
async fn errors_answer_in_spanish_in_the_api_and_on_the_forms() {
    let up = harness::dev(seed).await;
    let spanish = Some("es-MX,es;q=0.9");
    let mut ada = up.client();
    ada.sign_in("Ada").await;
    let csrf = ada.csrf.clone().unwrap();

    // The JSON API: a fixed sentence, and one with a limit in it.
    let json = |v: serde_json::Value| move |r: reqwest::RequestBuilder| r.json(&v);
    let nameless = send_with(
        &ada,
        reqwest::Method::POST,
        "/api/v1/me/artists",
        spanish,
        json(serde_json::json!({ "name": "!!!" })),
    )
    .await;
    assert_eq!(nameless.status, 422, "{}", nameless.text);
    assert_eq!(
        nameless.detail(),
        "el nombre necesita al menos una letra o un dígito"
    );
    let long = "x".repeat(300);
    let too_long = send_with(
        &ada,
        reqwest::Method::PATCH,
        &format!("/api/v1/me/albums/{ALBUM}"),
        spanish,
        json(serde_json::json!({ "title": long })),
    )
    .await;
    assert_eq!(too_long.status, 422, "{}", too_long.text);
    assert_eq!(
        too_long.detail(),
        "el título es demasiado largo: como máximo 200 caracteres"
    );
    // Without Accept-Language, the site's language: English, as written.
    let english = send_with(
        &ada,
        reqwest::Method::PATCH,
        &format!("/api/v1/me/albums/{ALBUM}"),
        None,
        json(serde_json::json!({ "title": long })),
    )
    .await;
    assert_eq!(
        english.detail(),
        "the title is too long: at most 200 characters"
    );
    // The upload protocol's own errors, which the page's script shows.
    let tus = send_with(
        &ada,
        reqwest::Method::POST,
        "/api/v1/me/uploads",
        spanish,
        |r| r.header("tus-resumable", "1.0.0"),
    )
    .await;
    assert!(tus.status >= 400, "{}", tus.text);
    assert!(
        tus.detail().contains("Upload-Length") && !tus.detail().contains("send"),
        "{}",
        tus.detail()
    );

    // A form: a title too long, shown on the page again.
    let form = send(
        &ada,
        reqwest::Method::POST,
        &format!("/create/artists/{ARTIST}/albums"),
        spanish,
        Some(&[
            ("csrf", &csrf),
            ("title", &long),
            ("release_date", ""),
            ("license", "by"),
            ("description", ""),
        ]),
    )
    .await;
    assert_eq!(form.status, 422, "{}", form.text);
    assert!(
        form.text
            .contains("el título es demasiado largo: como máximo 200 caracteres"),
        "{}",
        form.text
    );
    // An upload form refusing a file that is not audio: the file's name,
    // then why, then what to upload, each part in Spanish.
    let part = reqwest::multipart::Part::bytes(b"just some notes, not music\n".repeat(40))
        .file_name("notas.txt")
        .mime_str("text/plain")
        .unwrap();
    let upload = send_with(
        &ada,
        reqwest::Method::POST,
        &format!("/create/artists/{ARTIST}/singles?csrf={csrf}"),
        spanish,
        |r| r.multipart(reqwest::multipart::Form::new().part("file", part)),
    )
    .await;
    assert_eq!(upload.status, 415, "{}", upload.text);
    for words in [
        "notas.txt: Este archivo no es audio que podamos transmitir",
        "sube MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC o WAV.",
    ] {
        assert!(upload.text.contains(words), "{words:?}: {}", upload.text);
    }
    assert!(!upload.text.contains("we can stream"), "{}", upload.text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_sign_in_says_so_in_spanish() {
    let issuer = common::oidc::mock_issuer();
    let client_id = common::oidc::unique_client_id("languages-signin");
    let port = harness::free_port();
    let key = "l".repeat(40);
    let up = harness::start_production_empty(
        port,
        &[
            "--issuer",
            &issuer,
            "--client-id",
            &client_id,
            "--client-secret",
            "mock-secret",
            "--session-key",
            &key,
        ],
    )
    .await;
    let c = up.client();
    let cancelled = get(&c, "/callback?error=access_denied&state=x", Some("es")).await;
    assert_eq!(cancelled.status, 401, "{}", cancelled.text);
    for words in [
        "<title>No se pudo iniciar sesión · ",
        "el inicio de sesión se canceló o no se permitió en el proveedor de inicio de sesión (código de error: access_denied). Empieza de nuevo; si sigue pasando, dinos el código",
        ">Iniciar sesión de nuevo<",
    ] {
        assert!(
            cancelled.text.contains(words),
            "{words:?}: {}",
            cancelled.text
        );
    }
    // A callback with no sign-in begun here (or one begun too long ago).
    let expired = get(&c, "/callback?code=abc&state=x", Some("es")).await;
    assert_eq!(expired.status, 400, "{}", expired.text);
    assert!(
        expired.text.contains(
            "este inicio de sesión no empezó aquí, o tardó más de 10 minutos; empieza de nuevo"
        ),
        "{}",
        expired.text
    );
    // In English, the code's own words.
    let english = get(&c, "/callback?error=access_denied&state=x", None).await;
    assert!(english.text.contains("Sign-in failed"));
    assert!(
        english
            .text
            .contains("the sign-in was cancelled or not allowed")
    );
}

/// An eighth language for the Create section is one file in a theme's
/// `create/locales/`: the browser asking for it gets its words, and its
/// errors, with English wherever the file says nothing.
#[test]
fn a_new_create_language_is_one_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("create/templates")).unwrap();
    std::fs::create_dir_all(dir.path().join("create/locales")).unwrap();
    std::fs::write(
        dir.path().join("create/locales/sv.ftl"),
        "sign-in = Logga in\nerror-too-long = { $what ->\n    [name] namnet är för långt: högst { $max } tecken\n   *[other] titeln är för lång: högst { $max } tecken\n}\n",
    )
    .unwrap();
    let templates = trogs_uploader::pages::Templates::load(dir.path()).unwrap();
    let sv = templates
        .locales
        .for_request(Some("sv-SE,sv;q=0.9,en;q=0.5"), "en");
    assert_eq!(sv.tag, "sv");
    assert_eq!(sv.text("sign-in"), Some("Logga in"));
    assert_eq!(
        sv.text("your-artists"),
        Some("Your artists"),
        "English fills the gaps"
    );
    let say = |english: &str| trogs_uploader::messages::say_in(sv, english);
    assert_eq!(
        say("the title is too long: at most 200 characters"),
        "titeln är för lång: högst 200 tecken"
    );
    assert_eq!(
        say("the name is too long: at most 200 characters"),
        "namnet är för långt: högst 200 tecken"
    );
    assert_eq!(
        say("the name needs at least one letter or digit"),
        "the name needs at least one letter or digit",
        "a message the file lacks is said in English"
    );
}

/// The bad-upload corpus (audio and images) through the JSON API, in
/// English and in Spanish:
/// each refusal, with the figures the service put in it, is a sentence of
/// the table, and is said in Spanish.
#[tokio::test]
async fn every_refused_file_is_refused_in_spanish() {
    let up = harness::dev(seed).await;
    let mut ada = up.client();
    ada.sign_in("Ada").await;
    let tracks = format!("/api/v1/me/albums/{ALBUM}/tracks");
    let cover = format!("/api/v1/me/albums/{ALBUM}/image");
    let png = harness::png(64, 64);
    let corpus: Vec<(&str, &str, Vec<u8>)> = vec![
        ("notes.png", &cover, fixtures::text()),
        ("half.png", &cover, png[..png.len() / 2].to_vec()),
        ("empty.png", &cover, Vec::new()),
        ("notes.mp3", &tracks, fixtures::text()),
        ("page.mp3", &tracks, fixtures::html()),
        ("noise.mp3", &tracks, fixtures::random_bytes(50_000, 7)),
        (
            "half.flac",
            &tracks,
            fixtures::truncated(&fixtures::flac(2.0), 0.5),
        ),
        ("short.wav", &tracks, fixtures::wav_cut_short(2.0)),
        ("silent.wav", &tracks, fixtures::wav_no_audio()),
        ("adpcm.wav", &tracks, fixtures::wav_adpcm(1.0)),
        ("lossless.m4a", &tracks, fixtures::m4a_alac(1.0)),
        ("video.mkv", &tracks, fixtures::mkv()),
        ("empty.wav", &tracks, Vec::new()),
    ];
    let mut keys = std::collections::BTreeSet::new();
    for (name, path, bytes) in corpus {
        let form = || {
            let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name(name);
            move |r: reqwest::RequestBuilder| {
                r.multipart(reqwest::multipart::Form::new().part("file", part))
            }
        };
        let english = send_with(&ada, reqwest::Method::POST, path, None, form()).await;
        let spanish = send_with(&ada, reqwest::Method::POST, path, Some("es"), form()).await;
        assert!(
            (400..500).contains(&english.status),
            "{name}: {}",
            english.text
        );
        assert_eq!(spanish.status, english.status, "{name}");
        let (en, es) = (english.detail(), spanish.detail());
        let (key, _) = trogs_uploader::messages::find(&en)
            .unwrap_or_else(|| panic!("{name}: {en:?} is no sentence of the table"));
        keys.insert(key);
        assert_ne!(es, en, "{name}: {en:?} is said in Spanish");
        for english_words in ["upload it", " again", "the file", "This "] {
            assert!(!es.contains(english_words), "{name}: {es}");
        }
    }
    assert!(keys.len() >= 6, "the corpus meets many sentences: {keys:?}");
}
