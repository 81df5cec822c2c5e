//! HTML escaping, as handlebars does it: the theme's templates escape every
//! `{{value}}` with it, and translations and embed snippets escape the text
//! they put into HTML.

/// Handlebars' own HTML escaping, byte for byte (`< > " & ' \` =`), but
/// copying the text between special characters in runs instead of one
/// character at a time: most text has none, and every `{{value}}` of every
/// page goes through here.
pub fn escape_html(text: &str) -> String {
    let bytes = text.as_bytes();
    let Some(first) = bytes.iter().position(|b| SPECIAL[usize::from(*b)]) else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate().skip(first) {
        let entity = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'&' => "&amp;",
            b'\'' => "&#x27;",
            b'`' => "&#x60;",
            b'=' => "&#x3D;",
            _ => continue,
        };
        // Special characters are ASCII, so `start..i` never splits a
        // character.
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out
}

/// The bytes HTML escaping replaces.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    let bytes = b"<>\"&'`=";
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// Whether `escape_html` would change `text`.
pub fn needs_escape(text: &str) -> bool {
    text.bytes().any(|b| SPECIAL[usize::from(b)])
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_matches_handlebars_byte_for_byte() {
        for text in [
            "",
            "plain words",
            "<script>alert('x')</script>",
            "a=b & c=\"d\" `e`",
            "Ásta & the Lights — 坂本龍一 <3",
            "&&&",
            "ends with <",
            "=",
            "sixteen bytes and more, with a quote past them: \"",
            "sixteen bytes and more, all of them plain",
            "0123456789abcde<0123456789abcdef",
        ] {
            assert_eq!(
                super::escape_html(text),
                handlebars::html_escape(text),
                "{text:?}"
            );
            // Text that needs no escaping is written as it is.
            assert_eq!(
                super::needs_escape(text),
                super::escape_html(text) != text,
                "{text:?}"
            );
        }
    }
}
