//! The sentences the generator writes around artists' text (a track's
//! description, a release's summary in the site's feed), in the site's
//! language: each is a theme message, so a theme can say it its own way.
//! Each says its text arguments through `Language::say`, whose patterns are
//! kept per message, so a page pays a lookup, not a Fluent formatting. They
//! are plain text (a meta description, a feed's summary): a right-to-left
//! site gets each argument isolated, as `say` does.

use super::i18n::{Arg, Language};

/// A track's one-line description, on its page and as its podcast item's:
/// its title and artist, and the album it is from when there is one. A
/// track whose artist has no name is described without one.
pub fn track_summary(lang: &Language, title: &str, artist: &str, album: Option<&str>) -> String {
    let key = match (artist.is_empty(), album.is_some()) {
        (false, true) => "track-summary",
        (false, false) => "track-summary-single",
        (true, true) => "track-summary-anonymous",
        (true, false) => "track-summary-single-anonymous",
    };
    lang.say(
        key,
        &[
            ("title", Arg::Text(title)),
            ("artist", Arg::Text(artist)),
            ("album", Arg::Text(album.unwrap_or_default())),
        ],
    )
}

/// A release's summary in the site's feed of new releases: `kind` is
/// `single` or `album` (anything else is an album, as the feed's category
/// says), `artist` empty when the release names none.
pub fn new_release(lang: &Language, kind: &str, artist: &str) -> String {
    let key = match (kind == "single", artist.is_empty()) {
        (true, false) => "feed-new-single-by",
        (true, true) => "feed-new-single",
        (false, false) => "feed-new-album-by",
        (false, true) => "feed-new-album",
    };
    lang.say(key, &[("artist", Arg::Text(artist))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::i18n::{LocaleFile, Locales};

    /// The default theme's English and Japanese, as the build reads them.
    fn locales() -> Locales {
        let file = |tag: &str| LocaleFile {
            path: format!("locales/{tag}.ftl"),
            tag: tag.into(),
            text: std::fs::read_to_string(format!(
                "{}/../themes/default/locales/{tag}.ftl",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap(),
        };
        Locales::new(vec![file("en"), file("ja")], vec![]).unwrap()
    }

    #[test]
    fn summaries_say_what_is_known_in_the_sites_language() {
        let locales = locales();
        let en = locales.find("en").unwrap();
        let ja = locales.find("ja").unwrap();
        let s = |l, artist, album| track_summary(l, "Fog <1>", artist, album);
        assert_eq!(s(en, "Ásta", Some("Hvítá")), "Fog <1> by Ásta, from Hvítá.");
        assert_eq!(s(en, "Ásta", None), "Fog <1> by Ásta.");
        assert_eq!(s(en, "", Some("Hvítá")), "Fog <1>, from Hvítá.");
        assert_eq!(s(en, "", None), "Fog <1>.");
        assert_eq!(
            s(ja, "Ásta", Some("Hvítá")),
            "Ásta の「Fog <1>」(アルバム「Hvítá」収録)。"
        );
        assert_eq!(s(ja, "", None), "「Fog <1>」。");
        assert_eq!(new_release(en, "single", "Kōji"), "A new single by Kōji.");
        assert_eq!(new_release(en, "album", ""), "A new album.");
        assert_eq!(new_release(en, "other", "K"), "A new album by K.");
        assert_eq!(new_release(ja, "single", ""), "新しいシングル。");
    }
}
