//! Which container an upload is, from its first bytes alone: anything
//! but the audio we take is refused here, before a decoder sees it, and
//! common mistakes (an image, a web page) are named in the message.

use std::fs::File;
use std::io::{Seek, SeekFrom};

use trogs::images::read_up_to;

use super::errors::{AUDIO_KINDS, ProbeError, not_audio, unreadable};

/// The container an upload's first bytes announce.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Container {
    Wav,
    Flac,
    Mp3,
    Mp4,
    Ogg,
}

impl Container {
    pub(super) fn name(self) -> &'static str {
        match self {
            Container::Wav => "WAV",
            Container::Flac => "FLAC",
            Container::Mp3 => "MP3",
            Container::Mp4 => "M4A",
            Container::Ogg => "Ogg",
        }
    }
}

/// Decides the container from the first bytes, skipping an ID3v2 tag (MP3
/// and some FLAC files start with one) and zero padding after it.
///
/// Returns the container and, for MP3, whether a header counts its frames.
pub(super) fn sniff_audio(file: &mut File, len: u64) -> Result<(Container, bool), ProbeError> {
    let mut head = [0u8; 4096];
    let n = read_up_to(file, &mut head).map_err(unreadable)?;
    if head[..n].starts_with(b"ID3") && n >= 10 {
        let size = head[6..10]
            .iter()
            .fold(0u64, |acc, &b| (acc << 7) | u64::from(b & 0x7f));
        let footer = if head[5] & 0x10 != 0 { 10 } else { 0 };
        let skip = 10 + size + footer;
        if skip >= len {
            return Err(ProbeError::Broken(
                "The file holds only a tag and no audio; export the track again and upload it."
                    .into(),
            ));
        }
        file.seek(SeekFrom::Start(skip)).map_err(unreadable)?;
        let n = read_up_to(file, &mut head).map_err(unreadable)?;
        let zeros = head[..n].iter().take_while(|&&b| b == 0).count();
        let container = sniff_bytes(&head[zeros..n], true)?;
        return Ok((container, has_length_tag(&head[zeros..n])));
    }
    let container = sniff_bytes(&head[..n], false)?;
    Ok((container, has_length_tag(&head[..n])))
}

/// Whether an MP3's first frame is a Xing/Info or VBRI header, which counts
/// the frames of the whole stream. Without one, the length is only an
/// estimate from the first frames, and can't show that a file was cut.
fn has_length_tag(first_frame: &[u8]) -> bool {
    let end = first_frame.len().min(200);
    first_frame[..end]
        .windows(4)
        .any(|w| w == b"Xing" || w == b"Info" || w == b"VBRI")
}

fn sniff_bytes(b: &[u8], after_id3: bool) -> Result<Container, ProbeError> {
    if b.len() < 4 {
        return Err(ProbeError::Broken(
            "The file is too short to hold any audio; export the track again and upload it.".into(),
        ));
    }
    if b.starts_with(b"RIFF") && b.len() >= 12 {
        return match &b[8..12] {
            b"WAVE" => Ok(Container::Wav),
            b"WEBP" => Err(not_audio(Some("a WebP image"))),
            b"AVI " => Err(not_audio(Some("an AVI video"))),
            _ => Err(not_audio(None)),
        };
    }
    if b.starts_with(b"RF64") || b.starts_with(b"BW64") {
        return Err(ProbeError::Unsupported(format!(
            "This is a WAV file over 4 GB (RF64), which browsers don't play; {AUDIO_KINDS} \
             under 4 GB."
        )));
    }
    if b.starts_with(b"fLaC") {
        return Ok(Container::Flac);
    }
    if b.starts_with(b"OggS") {
        return Ok(Container::Ogg);
    }
    if b.len() >= 8 && &b[4..8] == b"ftyp" {
        return Ok(Container::Mp4);
    }
    if let Some(layer) = mpeg_audio_layer(b) {
        return match layer {
            3 => Ok(Container::Mp3),
            0 => Err(ProbeError::Unsupported(format!(
                "This is raw AAC (ADTS), which not every browser plays; put it in an M4A \
                 file, or {AUDIO_KINDS}."
            ))),
            _ => Err(ProbeError::Unsupported(format!(
                "This is MPEG audio layer {layer} (MP{layer}), which browsers don't all play; \
                 {AUDIO_KINDS}."
            ))),
        };
    }
    if mp3_frames_follow(b) {
        return Ok(Container::Mp3);
    }
    if after_id3 {
        return Err(ProbeError::Broken(
            "The file starts with an ID3 tag but no audio follows it; export the track again \
             and upload it."
                .into(),
        ));
    }
    Err(not_audio(describe(b)))
}

/// The layer (1–3, or 0 for AAC's ADTS) of an MPEG audio frame header at
/// the start of `b`, if it is one.
fn mpeg_audio_layer(b: &[u8]) -> Option<u8> {
    if b.len() < 4 || b[0] != 0xff || b[1] & 0xe0 != 0xe0 {
        return None;
    }
    let version = (b[1] >> 3) & 3;
    let layer = (b[1] >> 1) & 3;
    if layer == 0 {
        // ADTS: 0xFFF sync, MPEG-4 or MPEG-2, layer bits zero.
        return (b[1] & 0xf6 == 0xf0).then_some(0);
    }
    let bitrate = b[2] >> 4;
    let rate = (b[2] >> 2) & 3;
    if version == 1 || bitrate == 0xf || rate == 3 {
        return None;
    }
    Some(4 - layer)
}

/// The length in bytes of the MPEG audio layer III frame whose header
/// starts `b`, if it is one.
fn mp3_frame_len(b: &[u8]) -> Option<usize> {
    if mpeg_audio_layer(b)? != 3 {
        return None;
    }
    const KBPS_V1: [u32; 15] = [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ];
    const KBPS_V2: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    let mpeg1 = (b[1] >> 3) & 3 == 3;
    let kbps = if mpeg1 { KBPS_V1 } else { KBPS_V2 }[usize::from(b[2] >> 4)];
    let rate = [44_100u32, 48_000, 32_000][usize::from((b[2] >> 2) & 3)]
        / match (b[1] >> 3) & 3 {
            3 => 1,
            2 => 2,
            _ => 4,
        };
    if kbps == 0 {
        return None;
    }
    let per_kbps = if mpeg1 { 144_000 } else { 72_000 };
    Some((per_kbps * kbps / rate + u32::from((b[2] >> 1) & 1)) as usize)
}

/// Whether three MP3 frames follow each other somewhere in `b`: an MP3
/// that starts with a scrap of junk or of a cut frame is still an MP3.
/// Three headers, each where the last one's length says, don't happen by
/// chance in text or noise.
fn mp3_frames_follow(b: &[u8]) -> bool {
    (0..b.len()).any(|start| {
        let mut at = start;
        for _ in 0..3 {
            match b.get(at..).and_then(mp3_frame_len) {
                Some(len) => at += len,
                None => return false,
            }
        }
        true
    })
}

/// A few common kinds of file people upload by mistake, named for the
/// message; `None` when the bytes say nothing we recognise.
fn describe(b: &[u8]) -> Option<&'static str> {
    let text_start = b
        .iter()
        .skip_while(|c| c.is_ascii_whitespace() || **c == 0xef || **c == 0xbb || **c == 0xbf)
        .take(16)
        .map(|c| c.to_ascii_lowercase())
        .collect::<Vec<u8>>();
    if b.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("a JPEG image")
    } else if b.starts_with(b"\x89PNG") {
        Some("a PNG image")
    } else if b.starts_with(b"GIF8") {
        Some("a GIF image")
    } else if b.starts_with(&[0x1a, 0x45, 0xdf, 0xa3]) {
        Some("a Matroska or WebM file")
    } else if b.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if b.starts_with(b"PK\x03\x04") {
        Some("a ZIP archive")
    } else if text_start.starts_with(b"<!doctype html") || text_start.starts_with(b"<html") {
        Some("a web page")
    } else if text_start.starts_with(b"<") {
        Some("an XML or HTML document")
    } else if b
        .iter()
        .take(512)
        .all(|&c| c == b'\n' || c == b'\r' || c == b'\t' || (0x20..0x7f).contains(&c) || c >= 0x80)
        // A cut in the middle of a character at the end of the sample is
        // still text.
        && std::str::from_utf8(&b[..b.len().min(512)]).map_or_else(|e| e.error_len().is_none(), |_| true)
    {
        Some("text")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An MPEG-1 layer III frame header: 128 kbit/s, 44.1 kHz, no padding,
    /// whose frame is 417 bytes long.
    const MP3_HEADER: [u8; 4] = [0xff, 0xfb, 0x90, 0x00];

    fn mp3_frames(n: usize) -> Vec<u8> {
        let mut frame = vec![0u8; 417];
        frame[..4].copy_from_slice(&MP3_HEADER);
        frame.repeat(n)
    }

    fn refused(b: &[u8]) -> String {
        match sniff_bytes(b, false) {
            Err(ProbeError::Unsupported(m) | ProbeError::Broken(m)) => m,
            other => panic!("{other:?} for {b:?}"),
        }
    }

    #[test]
    fn containers_are_told_by_their_first_bytes() {
        let cases: [(&[u8], Container); 4] = [
            (b"RIFF\x24\0\0\0WAVEfmt ", Container::Wav),
            (b"fLaC\0\0\0\x22", Container::Flac),
            (b"OggS\0\x02\0\0", Container::Ogg),
            (b"\0\0\0\x20ftypM4A ", Container::Mp4),
        ];
        for (bytes, container) in cases {
            assert_eq!(sniff_bytes(bytes, false), Ok(container), "{bytes:?}");
        }
        assert_eq!(sniff_bytes(&mp3_frames(1), false), Ok(Container::Mp3));
    }

    #[test]
    fn an_mp3_after_a_scrap_of_junk_is_still_an_mp3() {
        assert_eq!(mp3_frame_len(&MP3_HEADER), Some(417));
        let mut b = b"junk".to_vec();
        b.extend(mp3_frames(3));
        assert!(mpeg_audio_layer(&b).is_none());
        assert!(mp3_frames_follow(&b));
        assert_eq!(sniff_bytes(&b, false), Ok(Container::Mp3));
        // Two frames are not enough to be sure.
        let mut b = b"junk".to_vec();
        b.extend(mp3_frames(2));
        assert!(!mp3_frames_follow(&b));
    }

    #[test]
    fn a_frame_count_header_is_found_in_the_first_frame() {
        let mut frame = mp3_frames(1);
        assert!(!has_length_tag(&frame));
        frame[36..40].copy_from_slice(b"Xing");
        assert!(has_length_tag(&frame));
    }

    #[test]
    fn common_mistakes_are_named() {
        assert!(refused(b"RIFF\0\0\0\0WEBPVP8 ").contains("a WebP image"));
        assert!(refused(b"\x89PNG\r\n\x1a\n").contains("a PNG image"));
        assert!(refused(b"%PDF-1.7").contains("a PDF document"));
        assert!(refused(b"\xef\xbb\xbf<!DOCTYPE html>").contains("a web page"));
        assert!(refused(b"just some words").contains("(it looks like text)"));
        assert!(refused(b"RF64\xff\xff\xff\xff").contains("over 4 GB"));
        assert!(refused(&[0xff, 0xf1, 0x50, 0x80]).contains("raw AAC"));
        assert!(refused(b"abc").contains("too short"));
    }

    #[test]
    fn an_id3_tag_with_nothing_after_it_is_broken_not_foreign() {
        assert!(matches!(
            sniff_bytes(b"\0\0\0\0 no audio", true),
            Err(ProbeError::Broken(m)) if m.contains("ID3 tag")
        ));
    }
}
