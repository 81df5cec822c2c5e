//! The errors a probe answers with, and the words their messages are
//! written in: lengths, sizes and rates as an artist reads them.

use std::io;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ProbeError {
    /// 415: not a kind of file we take.
    #[error("{0}")]
    Unsupported(String),
    /// 422: the right kind, but broken.
    #[error("{0}")]
    Broken(String),
    /// 422: the right kind and whole, but past one of the
    /// [`AudioLimits`](super::AudioLimits).
    #[error("{0}")]
    OverLimit(String),
}

pub(super) fn khz(rate: u32) -> String {
    format!("{} kHz", f64::from(rate) / 1000.0)
}

/// A length in words an artist reads: `3 hours`, `1 h 06 min`, `4:10.0`.
pub(super) fn long_time_text(s: f64) -> String {
    if s < 3600.0 {
        return seconds_text(s);
    }
    let minutes = (s / 60.0).round() as u64;
    match (minutes / 60, minutes % 60) {
        (1, 0) => "1 hour".into(),
        (h, 0) => format!("{h} hours"),
        (h, m) => format!("{h} h {m:02} min"),
    }
}

/// A size in decimal units: `106 KB`, `3.0 GB`.
pub(super) fn bytes_text(n: u64) -> String {
    let n = n as f64;
    if n >= 1e9 {
        format!("{:.1} GB", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.1} MB", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.0} KB", n / 1e3)
    } else {
        format!("{n} bytes")
    }
}

/// The kinds of audio we take, in the words an artist knows.
pub(super) const AUDIO_KINDS: &str = "upload MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC or WAV";

pub(super) fn not_audio(what: Option<&str>) -> ProbeError {
    let seems = what
        .map(|w| format!(" (it looks like {w})"))
        .unwrap_or_default();
    ProbeError::Unsupported(format!(
        "This file is not audio we can stream{seems}; {AUDIO_KINDS}."
    ))
}

pub(super) fn unreadable(_: io::Error) -> ProbeError {
    ProbeError::Broken("The upload could not be read back; try uploading it again.".into())
}

pub(super) fn seconds_text(s: f64) -> String {
    if s >= 60.0 {
        format!("{}:{:04.1}", (s / 60.0).floor(), s % 60.0)
    } else {
        format!("{s:.1} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_sizes_and_rates_read_as_an_artist_reads_them() {
        assert_eq!(seconds_text(5.0), "5.0 s");
        assert_eq!(seconds_text(250.0), "4:10.0");
        assert_eq!(long_time_text(250.0), "4:10.0");
        assert_eq!(long_time_text(3600.0), "1 hour");
        assert_eq!(long_time_text(3.0 * 3600.0), "3 hours");
        assert_eq!(long_time_text(3960.0), "1 h 06 min");
        assert_eq!(bytes_text(512), "512 bytes");
        assert_eq!(bytes_text(106_000), "106 KB");
        assert_eq!(bytes_text(3_000_000_000), "3.0 GB");
        assert_eq!(khz(44_100), "44.1 kHz");
    }

    #[test]
    fn what_is_not_audio_is_named_when_it_can_be() {
        let ProbeError::Unsupported(m) = not_audio(Some("a PNG image")) else {
            panic!("not audio is 415");
        };
        assert!(m.contains("(it looks like a PNG image)"), "{m}");
        assert!(m.ends_with(&format!("{AUDIO_KINDS}.")), "{m}");
    }
}
