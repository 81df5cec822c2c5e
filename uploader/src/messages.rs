//! What the service says to people, in their language: every fixed English
//! sentence it answers with (an error's detail, a sign-in failure) is found
//! in one table by its wording, the parts that vary taken as Fluent
//! arguments, and said again from the Create section's `error-…` message.
//! The code keeps writing its sentences in English; English answers are
//! those sentences, byte for byte.

use trogs::site::i18n::{Arg, FALLBACK, Language};

/// Each English sentence the service shows people, with `{name}` where
/// a part varies, and the key of its message in `create/locales/*.ftl`.
/// An argument is itself said in the language when it is a sentence of
/// this table (`{kinds}`, `{error}`); `{thing}` is said as `thing-…`, and
/// `{what}` is given as a key (`track-on-this-album`) that translations
/// choose their words by; a part named with `_` (`track{_s}`) is English
/// grammar, matched and left out (the message picks its own plural).
/// `tests/languages.rs` checks that every sentence written in the sources
/// has an entry, and every entry a message in every language.
#[rustfmt::skip]
pub const MESSAGES: &[(&str, &str)] = &[
    // Anywhere
    ("error-sign-in-first", "sign in first"),
    ("error-internal", "something went wrong on our side; nothing was changed. Try again in a moment"),
    ("error-not-found", "{thing} not found"),
    ("error-changed-meanwhile", "it was changed meanwhile (in another tab or by another request); reload and try again"),
    ("error-catalog-unreachable", "the catalog is not reachable right now; nothing was changed. Try again in a moment"),
    ("error-media-unreachable", "the media store is not reachable right now; nothing was changed. Try again in a moment"),
    ("error-images-busy", "Too many large images are being prepared right now, so nothing was stored; try again in a few seconds"),
    // Requests and forms
    ("error-field-not-right", "a field is not right: {detail}"),
    ("error-agree-terms-first", "agree to the terms first (POST /api/v1/me/terms, or the Create section)"),
    ("error-api-no-file", "no file was sent: post it as a multipart form file field"),
    ("error-send-one-file", "send one file"),
    ("error-send-json", "send the fields as JSON (Content-Type: application/json)"),
    ("error-json-too-large", "the JSON body is too large"),
    ("error-json-invalid", "the body is not valid JSON: {detail}"),
    ("error-json-not-object", "the body must be a JSON object of fields"),
    ("error-upload-form-invalid", "the upload is not a valid form: {detail}"),
    ("error-form-too-large", "the form is too large"),
    ("error-form-cut-off", "the form was cut off ({detail}); send it again"),
    ("error-csrf", "the form's security token is missing or old; reload the page and try again"),
    ("error-origin", "this request did not come from this site's own pages (its Origin is missing or another site's)"),
    ("error-terms-tick", "tick the box to agree to the terms, then press the button"),
    ("error-form-no-file", "no file was sent: choose a file, then press Upload"),
    ("error-confirm-delete", "nothing was deleted: tick \u{201c}I understand\u{201d} to confirm, then press Delete"),
    ("error-move-direction", "say which way to move: direction=up or down"),
    ("error-upload-cut-off", "the upload was cut off: {detail}"),
    ("error-in-file", "{file}: {error}."),
    ("error-in-file-one-kept", "{file}: {error}. The file before it was added."),
    ("error-in-file-kept", "{file}: {error}. The {count} files before it were added."),
    ("error-cursor", "the cursor is not one this service gave out; start from the first page (leave out cursor)"),
    ("error-page-limit", "limit must be a number of artists from 1 to {max}"),
    // Artists, albums and tracks
    ("error-name-letter", "the name needs at least one letter or digit"),
    ("error-name-taken", "that name is taken by another artist; pick another name"),
    ("error-name-taken-exactly", "the name \"{name}\" is taken by another artist; pick another name"),
    ("error-name-looks-the-same", "\"{name}\" looks the same as \"{taken}\", the name of another artist (letters from another alphabet, accents, case, wide letters and special spaces do not make a name different); pick another name"),
    ("error-name-taken-or-changed", "that name is taken by another artist, or the artist was changed meanwhile; reload and try again"),
    ("error-empty", "the {what} is empty; give it one"),
    ("error-too-long", "the {what} is too long: at most {max} characters"),
    ("error-not-a-date", "the release date {date} is not a date: use YYYY-MM-DD"),
    ("error-license", "the license must be one of {licenses}"),
    ("error-album-track-date", "an album track takes its album's release date; change the album's"),
    ("error-no-room", "there is no room for another {what}: at most {max} are kept"),
    ("error-track-list-busy", "the track list is being updated; reload and try again"),
    ("error-featured-max", "at most {max} tracks can be featured; stop featuring one first"),
    ("error-featured-list", "list every featured track once, in the order wanted"),
    ("error-several-uploads", "{what} was changed by several uploads at once; try again"),
    ("error-artists-limit", "you have {count} artists, the most one account may have ({max}, the artists limit); delete one you no longer need, or add albums and singles to one you have"),
    ("error-changed-nothing-deleted", "it was changed meanwhile (in another tab or by another request), so nothing was deleted; reload and try again"),
    ("error-delete-unfinished", "the delete has begun but could not finish now (the catalog is not reachable); delete it again in a moment to finish it (the service also finishes it when it restarts)"),
    ("error-being-deleted", "this {what} is being deleted; reload in a moment (deleting it again finishes the delete)"),
    ("error-delete-kept-changing", "what is being deleted kept changing; delete it again to finish the delete"),
    ("error-replace-kept-changing", "the track kept changing while its audio was being replaced; nothing was changed, try again"),
    ("error-audio-replaced-meanwhile", "this track's audio was replaced meanwhile (in another tab or by another request); reload to hear it, and upload again if yours should replace it"),
    // Uploads
    ("error-empty-file", "the file is empty (0 bytes); choose the file again"),
    ("error-empty-upload", "the file is empty (0 bytes): choose the file again and upload it"),
    ("error-file-too-large", "the file is larger than the limit of {limit}; make it smaller and upload it again"),
    ("error-upload-cut-off-again", "the upload was cut off ({detail}); send the file again"),
    ("error-storage-full", "this file ({size}) does not fit in your storage: you keep {kept} of audio{open}, and one account may store {limit} (the stored-bytes limit); delete tracks you no longer need, then upload it again"),
    ("error-storage-open", "and {size} in uploads in progress"),
    ("error-uploads-limit", "you have {count} uploads open, the most one account may have at once ({max}, the open-uploads limit); finish or cancel one (DELETE it), or wait until one expires, then start this one again"),
    ("error-upload-not-stored", "the file could not be stored"),
    ("error-upload-handoff", "the upload arrived but could not be handed on for checking; send the last piece again in a moment"),
    ("error-tus-version", "this is a tus {version} endpoint: send the header Tus-Resumable: {version}"),
    ("error-tus-metadata", "Upload-Metadata must be comma-separated pairs of a key and a base64 value"),
    ("error-tus-target", "Upload-Metadata must name the upload's target: `target` is base64 of album/ID/tracks, artist/ID/singles, artist/ID/image, album/ID/image or track/ID/audio"),
    ("error-tus-offset", "Upload-Offset is {sent} but {stored} bytes are stored; continue from {stored}"),
    ("error-tus-length-unknown", "an upload's length must be known when it starts: send Upload-Length"),
    ("error-tus-send-length", "send the file's size in bytes as Upload-Length"),
    ("error-tus-send-offset", "send Upload-Offset: the offset the bytes start at"),
    ("error-tus-content-type", "send the bytes of a PATCH as Content-Type: {type}"),
    ("error-tus-not-bytes", "{header} must be a number of bytes, such as 1048576"),
    ("error-tus-changed", "another request changed this upload meanwhile; ask for its offset (HEAD) and continue from there"),
    ("error-tus-busy", "another request is storing bytes of this upload; try again in a moment"),
    ("error-tus-finishing", "this upload is complete and being stored; wait a moment"),
    ("error-tus-too-many-pieces", "this upload was sent in too many pieces; start it again"),
    ("error-tus-too-much", "this request carries more than the {left} bytes left of the upload; nothing past its end was stored"),
    ("error-override-once", "a POST to an upload must name the method it stands for, once: {header}: PATCH or DELETE"),
    ("error-override-which", "{header} may only be PATCH or DELETE (for a resumable upload); send other methods as they are"),
    ("error-override-where", "{header} is honoured only on a POST to a resumable upload ({path}/ID, standing for PATCH or DELETE); send the method itself"),
    // Audio files
    ("error-audio-kinds", "upload MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC or WAV"),
    ("error-looks-like", "(it looks like {kind})"),
    ("error-not-audio", "This file is not audio we can stream{seems}; {kinds}."),
    ("error-audio-channels", "This file has {channels} audio channels; this site takes at most {max} (its channel limit). Export it in stereo and upload it again."),
    ("error-audio-rate", "This file's sample rate is {rate}; this site takes at most {max} (its sample-rate limit). Export it at 48 kHz or 44.1 kHz and upload it again."),
    ("error-audio-length", "This file holds {length} of audio; this site takes tracks of at most {max} (its length limit). Split it into shorter tracks and upload those."),
    ("error-audio-ratio", "This {format} file decodes to {length} of audio, more than {ratio} times its size (the site's limit): real recordings don't compress that far. If it is real audio, export it as WAV or at a higher bit rate and upload it again."),
    ("error-audio-empty", "The file is empty (0 bytes); export the track again and upload it."),
    ("error-read-back", "The upload could not be read back; try uploading it again."),
    ("error-tag-only", "The file holds only a tag and no audio; export the track again and upload it."),
    ("error-too-short", "The file is too short to hold any audio; export the track again and upload it."),
    ("error-id3-only", "The file starts with an ID3 tag but no audio follows it; export the track again and upload it."),
    ("error-rf64", "This is a WAV file over 4 GB (RF64), which browsers don't play; {kinds} under 4 GB."),
    ("error-adts", "This is raw AAC (ADTS), which not every browser plays; put it in an M4A file, or {kinds}."),
    ("error-mpeg-layer", "This is MPEG audio layer {layer} (MP{layer}), which browsers don't all play; {kinds}."),
    ("error-wav-order", "The WAV file has its audio before its format header; export it again and upload it."),
    ("error-wav-cut-early", "The WAV file is cut short before its audio begins; export it again and upload the whole file."),
    ("error-wav-no-audio", "The WAV file has a header but no audio; export the track again and upload it."),
    ("error-wav-header-damaged", "The WAV file's format header is damaged; export it again and upload it."),
    ("error-wav-header-sum", "The WAV file's format header doesn't add up (channels, sample rate or sample size); export it again and upload it."),
    ("error-wav-encoding", "This WAV file holds {encoding}, which browsers can't play; export it as 16- or 24-bit PCM WAV, or {kinds}."),
    ("error-ogg-cut", "The Ogg file is cut short: its last page is missing or incomplete; export it again and upload the whole file."),
    ("error-alac", "This M4A file holds Apple Lossless (ALAC), which most browsers can't play; export it as AAC or FLAC, or {kinds}."),
    ("error-ogg-flac", "This Ogg file holds FLAC, which not every browser plays; export a plain FLAC file, or {kinds}."),
    ("error-mp4-no-audio", "This MP4 file has no audio track we can play; {kinds}."),
    ("error-codec", "This {format} file holds audio in a format browsers can't play; {kinds}."),
    ("error-feature", "This {format} file uses a feature we can't play ({feature}); {kinds}."),
    ("error-damaged", "The {format} file is damaged or incomplete ({why}); export it again and upload the whole file."),
    ("error-frames", "The {format} file is damaged: {errors} of its {packets} audio frames don't decode; export it again and upload it."),
    ("error-no-audio", "The {format} file has no audio in it; export the track again and upload it."),
    ("error-header-no-audio", "The {format} file has a header but no audio; export the track again and upload it."),
    ("error-no-rate", "The {format} file doesn't say its sample rate; export it again and upload it."),
    ("error-cut-short", "The {format} file is cut short: its header promises {promised} but only {there} is there; export it again and upload the whole file."),
    // Images
    ("error-image-kinds", "upload a JPEG or PNG"),
    ("error-not-image", "This file is not an image we take{seems}; {kinds}."),
    ("error-image-empty", "The image file is empty (0 bytes); save it again and upload it."),
    ("error-image-read-back", "The image could not be read back; try uploading it again."),
    ("error-image-damaged", "The {format} image is damaged or cut short; save it again and upload the whole file."),
    ("error-image-too-large", "This image is too large: we take at most {side} pixels on a side and {megapixels} megapixels; resize it and upload it again."),
    ("error-image-feature", "This {format} uses a feature we can't read; save it as a plain JPEG or PNG and upload it again."),
    ("error-image-reencode", "The image could not be re-encoded; save it again as a plain JPEG or PNG and upload it."),
    // Why a track plays its original file (said on its row)
    ("error-renditions-queued", "No streaming versions were made of this track: you already had {count} track{_s} waiting for theirs, the most this site queues for one person. It plays its original file (the site's next full media run makes them)."),
    ("error-renditions-stopped", "Making streaming versions of this track was stopped after {took}: it took far longer than a track of {length} should. It plays its original file; to try again, export it once more (WAV or FLAC) and upload it."),
    ("error-renditions-its-length", "its length"),
    // Signing in
    ("error-dev-name", "give a name to sign in with"),
    ("error-signin-provider", "{reason} (error code: {code}). Start again; if it keeps happening, tell us the code"),
    ("error-signin-cancelled", "the sign-in was cancelled or not allowed at the sign-in provider"),
    ("error-signin-there-first", "the sign-in provider needs you to sign in there first"),
    ("error-signin-not-now", "the sign-in provider could not sign you in just now"),
    ("error-signin-refused", "the sign-in provider did not sign you in"),
    ("error-signin-expired", "this sign-in was not started here, or took longer than 10 minutes; start again"),
    ("error-signin-no-code", "the sign-in provider sent no code back; start again"),
    ("error-signin-state", "the sign-in did not come back as it went out ({why}); start again"),
    ("error-signin-state-mismatch", "the state parameter does not match"),
    ("error-signin-too-slow", "the sign-in took too long"),
    ("error-signin-unreachable", "the sign-in provider {issuer} could not be reached or described itself wrongly: {detail}"),
    ("error-signin-exchange", "the sign-in provider refused the sign-in: {detail}"),
    ("error-signin-token", "the sign-in provider's ID token is not valid: {detail}"),
];

/// A sentence of the table, cut into its fixed text and its arguments.
enum Piece<'p> {
    Text(&'p str),
    Arg(&'p str),
}

/// The pieces of a pattern: `"the {what} is empty"` is text, argument,
/// text.
fn pieces(pattern: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Arg(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// Whether `text` reads as `pieces`, each argument taking the shortest
/// text that lets the rest match; the arguments' values go to `out`.
fn capture<'p, 't>(pieces: &[Piece<'p>], text: &'t str, out: &mut Vec<(&'p str, &'t str)>) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Text(fixed), rest)) => text
            .strip_prefix(fixed)
            .is_some_and(|after| capture(rest, after, out)),
        Some((Piece::Arg(name), rest)) => {
            let ends = text.char_indices().map(|(i, _)| i).chain([text.len()]);
            for end in ends {
                out.push((name, &text[..end]));
                if capture(rest, &text[end..], out) {
                    return true;
                }
                out.pop();
            }
            false
        }
    }
}

/// The key of the sentence `english` and its arguments' values, by the
/// entry that matches with the most fixed text (`"{file}: {error}. The
/// file before it was added."` before `"{file}: {error}."`).
pub fn find(english: &str) -> Option<Found<'_>> {
    let mut best: Option<(usize, Found<'_>)> = None;
    for &(key, pattern) in MESSAGES {
        let pieces = pieces(pattern);
        let mut args = Vec::new();
        if !capture(&pieces, english, &mut args) {
            continue;
        }
        let fixed: usize = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.len(),
                Piece::Arg(_) => 0,
            })
            .sum();
        if best.as_ref().is_none_or(|(most, _)| fixed > *most) {
            best = Some((fixed, (key, args)));
        }
    }
    best.map(|(_, found)| found)
}

/// A sentence's key and its arguments' values, by name.
pub type Found<'t> = (&'static str, Vec<(&'static str, &'t str)>);

/// The names of a pattern's arguments, in order, each once (English
/// grammar, `{_s}`, is none).
pub fn arguments(pattern: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for piece in pieces(pattern) {
        if let Piece::Arg(name) = piece
            && !name.starts_with('_')
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    names
}

/// `english` in `language`: the table's message when the sentence is in
/// it, else as written (a detail from elsewhere, such as a library's).
pub fn say_in(language: &Language, english: &str) -> String {
    if language.tag == FALLBACK {
        return english.to_string();
    }
    said(language, english, 0)
}

fn said(language: &Language, english: &str, depth: u8) -> String {
    // An argument keeps the spaces around it (" (it looks like …)").
    let trimmed = english.trim();
    let (before, after) = english.split_at(english.find(trimmed).unwrap_or(0));
    let after = &after[trimmed.len()..];
    let Some((key, found)) = find(trimmed).filter(|_| depth < 4 && !trimmed.is_empty()) else {
        return english.to_string();
    };
    let values: Vec<(&str, String)> = found
        .into_iter()
        .filter(|(name, _)| !name.starts_with('_'))
        .map(|(name, value)| {
            let value = match name {
                "thing" => language
                    .text(&format!("thing-{value}"))
                    .map_or_else(|| value.to_string(), str::to_string),
                "what" => value.trim().replace(' ', "-"),
                _ => said(language, value, depth + 1),
            };
            (name, value)
        })
        .collect();
    let args: Vec<(&str, Arg<'_>)> = values
        .iter()
        .map(|(name, value)| {
            let number = !value.is_empty()
                && value.bytes().all(|b| b.is_ascii_digit())
                && (value == "0" || !value.starts_with('0'));
            let arg = match value.parse::<f64>() {
                Ok(n) if number => Arg::Number(n),
                _ => Arg::Text(value.as_str()),
            };
            (*name, arg)
        })
        .collect();
    match language.format(key, &args) {
        Some(text) => format!("{before}{text}{after}"),
        None => english.to_string(),
    }
}

/// `english` in the language of the request being answered.
pub fn say(english: &str) -> String {
    match crate::language::request_language() {
        Some(language) => say_in(&language, english),
        None => english.to_string(),
    }
}

/// `{{said text}}`: a sentence the service stored in English (why a track
/// has no streaming versions), in the page's language.
pub struct Said {
    pub locales: std::sync::Arc<trogs::site::i18n::Locales>,
}

impl handlebars::HelperDef for Said {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &handlebars::Helper<'rc>,
        _: &'reg handlebars::Handlebars<'reg>,
        ctx: &'rc handlebars::Context,
        _: &mut handlebars::RenderContext<'reg, 'rc>,
        out: &mut dyn handlebars::Output,
    ) -> handlebars::HelperResult {
        let text = h.param(0).and_then(|p| p.value().as_str()).unwrap_or("");
        let tag = ctx
            .data()
            .pointer("/page/locale")
            .and_then(serde_json::Value::as_str)
            .unwrap_or(FALLBACK);
        let said = say_in(self.locales.exactly(tag), text);
        out.write(&trogs::site::escape::escape_html(&said))?;
        Ok(())
    }
}

/// A JSON error body kept from earlier (an upload a job checked), each
/// detail said in the language of the request asking for it now.
pub fn said_body(mut body: serde_json::Value) -> serde_json::Value {
    if let Some(errors) = body.get_mut("errors").and_then(|e| e.as_array_mut()) {
        for error in errors {
            if let Some(detail) = error.get_mut("detail")
                && let Some(text) = detail.as_str()
            {
                *detail = serde_json::Value::String(say(text));
            }
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_with_the_most_fixed_text_wins() {
        let (key, args) = find("a.wav: the file is empty (0 bytes); choose the file again. The 2 files before it were added.").unwrap();
        assert_eq!(key, "error-in-file-kept");
        assert_eq!(
            args,
            [
                ("file", "a.wav"),
                (
                    "error",
                    "the file is empty (0 bytes); choose the file again"
                ),
                ("count", "2")
            ]
        );
        assert_eq!(find("sign in first").unwrap().0, "error-sign-in-first");
        assert_eq!(find("artist not found").unwrap().1, [("thing", "artist")]);
        assert!(find("nothing like any of them").is_none());
    }
}
