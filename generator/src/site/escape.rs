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

/// Whether `escape_html` would change `text`. Every `{{value}}` of every
/// page is asked (about a thirtieth of a full build's instructions, a byte
/// at a time); on x86_64 sixteen bytes are compared at once.
#[cfg(target_arch = "x86_64")]
pub fn needs_escape(text: &str) -> bool {
    let mut chunks = text.as_bytes().chunks_exact(16);
    // SAFETY: `any_special` only needs SSE2, which is part of x86_64
    // itself: every CPU that runs this binary has it.
    chunks.by_ref().any(|chunk| unsafe { any_special(chunk) })
        || chunks.remainder().iter().any(|b| SPECIAL[usize::from(*b)])
}

/// Whether `escape_html` would change `text`.
#[cfg(not(target_arch = "x86_64"))]
pub fn needs_escape(text: &str) -> bool {
    text.bytes().any(|b| SPECIAL[usize::from(b)])
}

/// Whether any of sixteen bytes is one `escape_html` replaces: each of the
/// seven is compared with all sixteen at once.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn any_special(chunk: &[u8]) -> bool {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x, _mm_set1_epi8,
    };
    let mut lo = [0; 8];
    let mut hi = [0; 8];
    lo.copy_from_slice(&chunk[..8]);
    hi.copy_from_slice(&chunk[8..16]);
    let v = _mm_set_epi64x(i64::from_le_bytes(hi), i64::from_le_bytes(lo));
    // (A closure would not have SSE2 enabled, so a macro.)
    macro_rules! is {
        ($c:literal) => {
            _mm_cmpeq_epi8(v, _mm_set1_epi8($c as i8))
        };
    }
    let any = _mm_or_si128(
        _mm_or_si128(
            _mm_or_si128(is!(b'<'), is!(b'>')),
            _mm_or_si128(is!(b'"'), is!(b'&')),
        ),
        _mm_or_si128(_mm_or_si128(is!(b'\''), is!(b'`')), is!(b'=')),
    );
    _mm_movemask_epi8(any) != 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_special_byte_is_seen_at_every_place_of_a_chunk() {
        for special in "<>\"&'`=".chars() {
            for at in 0..40 {
                let mut text = "x".repeat(40);
                text.replace_range(at..=at, &special.to_string());
                assert!(super::needs_escape(&text), "{special:?} at {at}");
            }
        }
        // Near misses: the bytes next to the special ones, and non-ASCII.
        assert!(!super::needs_escape(&"!#%(;?_a~ é坂本".repeat(5)));
    }

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
            "0123456789abcdef0123456789abcdef=",
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
