//! What an uploaded file is, judged by its bytes, never by its name.
//!
//! Audio: MP3, AAC/M4A, Ogg (Vorbis or Opus), FLAC and WAV — what a
//! browser's audio element plays — with its duration and tags (title, track
//! number, artist). Images: JPEG and PNG, decoded and re-encoded (which drops
//! metadata such as GPS), with their derivatives made once.
//!
//! Both checks read a spooled upload from local disk and run on the blocking
//! pool. Audio is read in constant memory whatever its length; images are
//! refused by their header's dimensions before any pixel is decoded.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use lofty::config::ParseOptions;
use lofty::prelude::{Accessor, TaggedFileExt};
use symphonia::core::codecs::CodecParameters;
use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::codecs::audio::well_known::{
    CODEC_ID_AAC, CODEC_ID_ALAC, CODEC_ID_FLAC, CODEC_ID_MP3, CODEC_ID_OPUS, CODEC_ID_VORBIS,
};
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;

/// What an audio file is.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioInfo {
    /// The extension its key gets: mp3, m4a, ogg, opus, flac or wav.
    pub ext: &'static str,
    /// Its Content-Type.
    pub mime: &'static str,
    pub duration_seconds: Option<f64>,
    pub title: Option<String>,
    pub track_number: Option<u32>,
    pub artist: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ProbeError {
    /// 415: not a kind of file we take.
    #[error("{0}")]
    Unsupported(String),
    /// 422: the right kind, but broken.
    #[error("{0}")]
    Broken(String),
    /// 422: the right kind and whole, but past one of the [`AudioLimits`].
    #[error("{0}")]
    OverLimit(String),
}

/// Below this much decoded audio (16-bit PCM: about six minutes of CD
/// stereo) the expansion limit is not applied: short silence compresses
/// to almost nothing in FLAC or Opus, and renditions of this little audio
/// take seconds whatever the file.
pub const EXPANSION_FLOOR_BYTES: u64 = 64 << 20;

// The limits are settings (`crate::limits`); the checks against them are the probe's.
pub use crate::limits::AudioLimits;

impl AudioLimits {
    /// Refuses a stream with more channels or a higher rate than allowed.
    fn check_format(&self, channels: u32, rate: u32) -> Result<(), ProbeError> {
        if channels > self.max_channels {
            return Err(ProbeError::OverLimit(format!(
                "This file has {channels} audio channels; this site takes at most {} (its \
                 channel limit). Export it in stereo and upload it again.",
                self.max_channels
            )));
        }
        if rate > self.max_sample_rate {
            return Err(ProbeError::OverLimit(format!(
                "This file's sample rate is {}; this site takes at most {} (its sample-rate \
                 limit). Export it at 48 kHz or 44.1 kHz and upload it again.",
                khz(rate),
                khz(self.max_sample_rate)
            )));
        }
        Ok(())
    }

    /// Refuses `frames` of audio (stated by a header, or decoded so far)
    /// that last too long or are out of all proportion to the file's
    /// `len` bytes.
    fn check_length(
        &self,
        frames: u64,
        channels: u32,
        rate: u32,
        len: u64,
    ) -> Result<(), ProbeError> {
        let seconds = frames as f64 / f64::from(rate.max(1));
        if seconds > self.max_seconds {
            return Err(ProbeError::OverLimit(format!(
                "This file holds {} of audio; this site takes tracks of at most {} (its \
                 length limit). Split it into shorter tracks and upload those.",
                long_time_text(seconds),
                long_time_text(self.max_seconds)
            )));
        }
        let decoded = frames.saturating_mul(u64::from(channels.max(1)) * 2);
        if decoded > EXPANSION_FLOOR_BYTES && decoded as f64 > self.max_expansion * len as f64 {
            return Err(ProbeError::OverLimit(format!(
                "This {} file decodes to {} of audio, more than {} times its size (the \
                 site's limit): real recordings don't compress that far. If it is real \
                 audio, export it as WAV or at a higher bit rate and upload it again.",
                bytes_text(len),
                bytes_text(decoded),
                self.max_expansion
            )));
        }
        Ok(())
    }
}

fn khz(rate: u32) -> String {
    format!("{} kHz", f64::from(rate) / 1000.0)
}

/// A length in words an artist reads: `3 hours`, `1 h 06 min`, `4:10.0`.
fn long_time_text(s: f64) -> String {
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
fn bytes_text(n: u64) -> String {
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
const AUDIO_KINDS: &str = "upload MP3, AAC/M4A, Ogg Vorbis/Opus, FLAC or WAV";

/// The longest tag text kept, in characters.
const MAX_TAG_CHARS: usize = 200;

fn not_audio(what: Option<&str>) -> ProbeError {
    let seems = what
        .map(|w| format!(" (it looks like {w})"))
        .unwrap_or_default();
    ProbeError::Unsupported(format!(
        "This file is not audio we can stream{seems}; {AUDIO_KINDS}."
    ))
}

/// The container an upload's first bytes announce.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Container {
    Wav,
    Flac,
    Mp3,
    Mp4,
    Ogg,
}

impl Container {
    fn name(self) -> &'static str {
        match self {
            Container::Wav => "WAV",
            Container::Flac => "FLAC",
            Container::Mp3 => "MP3",
            Container::Mp4 => "M4A",
            Container::Ogg => "Ogg",
        }
    }
}

/// Probes the audio file at `path` (a spooled upload) within the default
/// [`AudioLimits`].
pub fn audio(path: &Path) -> Result<AudioInfo, ProbeError> {
    audio_within(path, &AudioLimits::default())
}

/// Probes the audio file at `path` (a spooled upload).
///
/// The first bytes (after any ID3v2 tag) decide the container; anything
/// else is refused before a decoder sees it. WAV is judged from its chunk
/// headers alone; every other kind is decoded packet by packet (Opus, which
/// has no decoder here, is demuxed), so damage anywhere in the stream, or a
/// stream shorter than its header says, is found. Tags are read last and are
/// only ever text. Past any of `limits`, it is refused as soon as the
/// header or the decoding shows it.
pub fn audio_within(path: &Path, limits: &AudioLimits) -> Result<AudioInfo, ProbeError> {
    let mut file = File::open(path).map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    if len == 0 {
        return Err(ProbeError::Broken(
            "The file is empty (0 bytes); export the track again and upload it.".into(),
        ));
    }
    let (container, counted) = sniff_audio(&mut file, len)?;
    file.seek(SeekFrom::Start(0)).map_err(unreadable)?;

    let mut info = match container {
        Container::Wav => wav(&mut file, len, limits)?,
        Container::Ogg => {
            ogg_ends_whole(&mut file, len)?;
            file.seek(SeekFrom::Start(0)).map_err(unreadable)?;
            decode(file, len, container, true, limits)?
        }
        Container::Mp3 => decode(file, len, container, counted, limits)?,
        _ => decode(file, len, container, true, limits)?,
    };
    read_tags(path, &mut info);
    Ok(info)
}

fn unreadable(_: io::Error) -> ProbeError {
    ProbeError::Broken("The upload could not be read back; try uploading it again.".into())
}

/// Reads up to `buf.len()` bytes, fewer only at the end of the file.
fn read_up_to(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Decides the container from the first bytes, skipping an ID3v2 tag (MP3
/// and some FLAC files start with one) and zero padding after it.
///
/// Returns the container and, for MP3, whether a header counts its frames.
fn sniff_audio(file: &mut File, len: u64) -> Result<(Container, bool), ProbeError> {
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

// ---------------------------------------------------------------- WAV

/// Judges a WAV from its chunk headers: the `fmt ` chunk must name PCM (or
/// 32-bit float), which browsers play, and the `data` chunk must be as long
/// as it says. The samples themselves are never read: any bytes are valid
/// PCM, so only their count matters.
fn wav(file: &mut File, len: u64, limits: &AudioLimits) -> Result<AudioInfo, ProbeError> {
    let mut r = BufReader::with_capacity(8192, file);
    r.seek(SeekFrom::Start(12)).map_err(unreadable)?;
    let mut fmt: Option<WavFormat> = None;
    let mut at = 12u64;
    // A WAV has a handful of chunks; a file with thousands is not one we
    // want to walk.
    for _ in 0..1000 {
        let mut header = [0u8; 8];
        if r.read_exact(&mut header).is_err() {
            break;
        }
        let size = u32::from_le_bytes(header[4..8].try_into().expect("4 bytes"));
        at += 8;
        match &header[..4] {
            b"fmt " => {
                let mut body = vec![0u8; (size as usize).min(64)];
                r.read_exact(&mut body).map_err(|_| wav_cut())?;
                fmt = Some(WavFormat::parse(&body)?);
            }
            b"data" => {
                let format = fmt.ok_or_else(|| {
                    ProbeError::Broken(
                        "The WAV file has its audio before its format header; export it again \
                         and upload it."
                            .into(),
                    )
                })?;
                format.playable()?;
                let available = len - at;
                // 0xFFFFFFFF is what recorders write while the length is
                // still unknown; the audio then runs to the end of the file.
                let data = if size == u32::MAX {
                    available
                } else {
                    u64::from(size)
                };
                if data > available {
                    return Err(ProbeError::Broken(format!(
                        "The WAV file is cut short: its header promises {} but only {} is \
                         there; export it again and upload the whole file.",
                        seconds_text(data as f64 / format.bytes_per_second()),
                        seconds_text(available as f64 / format.bytes_per_second()),
                    )));
                }
                let frames = data / u64::from(format.block_align);
                if frames == 0 {
                    return Err(wav_no_audio());
                }
                let channels = u32::from(format.channels);
                limits.check_format(channels, format.sample_rate)?;
                limits.check_length(frames, channels, format.sample_rate, len)?;
                return Ok(AudioInfo {
                    ext: "wav",
                    mime: "audio/wav",
                    duration_seconds: Some(frames as f64 / f64::from(format.sample_rate)),
                    title: None,
                    track_number: None,
                    artist: None,
                });
            }
            _ => {}
        }
        let skip = u64::from(size) + u64::from(size & 1);
        let body_read = if &header[..4] == b"fmt " {
            u64::from(size).min(64)
        } else {
            0
        };
        at += skip;
        if at > len {
            break;
        }
        r.seek_relative((skip - body_read) as i64)
            .map_err(unreadable)?;
    }
    Err(if fmt.is_some() {
        wav_no_audio()
    } else {
        wav_cut()
    })
}

fn wav_cut() -> ProbeError {
    ProbeError::Broken(
        "The WAV file is cut short before its audio begins; export it again and upload the \
         whole file."
            .into(),
    )
}

fn wav_no_audio() -> ProbeError {
    ProbeError::Broken(
        "The WAV file has a header but no audio; export the track again and upload it.".into(),
    )
}

#[derive(Debug, Clone, Copy)]
struct WavFormat {
    tag: u16,
    channels: u16,
    sample_rate: u32,
    block_align: u16,
    bits: u16,
}

impl WavFormat {
    fn parse(body: &[u8]) -> Result<WavFormat, ProbeError> {
        if body.len() < 16 {
            return Err(ProbeError::Broken(
                "The WAV file's format header is damaged; export it again and upload it.".into(),
            ));
        }
        let u16_at = |i: usize| u16::from_le_bytes([body[i], body[i + 1]]);
        let mut tag = u16_at(0);
        // WAVE_FORMAT_EXTENSIBLE carries the real format in the first two
        // bytes of its sub-format GUID.
        if tag == 0xfffe && body.len() >= 26 {
            tag = u16_at(24);
        }
        Ok(WavFormat {
            tag,
            channels: u16_at(2),
            sample_rate: u32::from_le_bytes([body[4], body[5], body[6], body[7]]),
            block_align: u16_at(12),
            bits: u16_at(14),
        })
    }

    /// Browsers play integer PCM of 8 to 32 bits and 32-bit float; not
    /// ADPCM, A-law/µ-law in every browser, or anything compressed.
    fn playable(&self) -> Result<(), ProbeError> {
        let codec_ok = match self.tag {
            1 => matches!(self.bits, 8 | 16 | 24 | 32),
            3 => self.bits == 32,
            _ => false,
        };
        if !codec_ok {
            let what = match self.tag {
                1 | 3 => format!("{}-bit samples", self.bits),
                2 | 0x11 => "ADPCM-compressed audio".to_string(),
                6 | 7 => "A-law or µ-law audio".to_string(),
                0x55 => "MP3 audio inside a WAV".to_string(),
                _ => "a compressed format".to_string(),
            };
            return Err(ProbeError::Unsupported(format!(
                "This WAV file holds {what}, which browsers can't play; export it as 16- or \
                 24-bit PCM WAV, or {AUDIO_KINDS}."
            )));
        }
        let frame_bytes = u32::from(self.channels) * u32::from(self.bits / 8);
        // How many channels and how high a rate are taken is a limit of
        // the site's (`AudioLimits`), checked after this.
        if self.channels == 0
            || self.sample_rate < 8_000
            || u32::from(self.block_align) != frame_bytes
        {
            return Err(ProbeError::Broken(
                "The WAV file's format header doesn't add up (channels, sample rate or sample \
                 size); export it again and upload it."
                    .into(),
            ));
        }
        Ok(())
    }

    fn bytes_per_second(&self) -> f64 {
        f64::from(self.sample_rate) * f64::from(self.block_align)
    }
}

fn seconds_text(s: f64) -> String {
    if s >= 60.0 {
        format!("{}:{:04.1}", (s / 60.0).floor(), s % 60.0)
    } else {
        format!("{s:.1} s")
    }
}

// ---------------------------------------------------------------- Ogg

/// The most bytes an Ogg page can take: a 27-byte header, 255 lacing
/// values and 255 × 255 bytes of data.
const OGG_MAX_PAGE: u64 = 27 + 255 + 255 * 255;

/// Checks that an Ogg stream ends with a whole page flagged end-of-stream,
/// as every encoder writes it. A cut file either ends inside a page or
/// after a page that doesn't carry the flag. Only the last 64 KB are read.
fn ogg_ends_whole(file: &mut File, len: u64) -> Result<(), ProbeError> {
    let start = len.saturating_sub(OGG_MAX_PAGE);
    file.seek(SeekFrom::Start(start)).map_err(unreadable)?;
    let mut tail = Vec::with_capacity((len - start) as usize);
    file.take(len - start)
        .read_to_end(&mut tail)
        .map_err(unreadable)?;
    let whole_last_page = (0..tail.len().saturating_sub(27))
        .rev()
        .filter(|&i| tail[i..].starts_with(b"OggS\0"))
        .find(|&i| {
            let page = &tail[i..];
            let segments = usize::from(page[26]);
            if page.len() < 27 + segments {
                return false;
            }
            let body: usize = page[27..27 + segments]
                .iter()
                .map(|&b| usize::from(b))
                .sum();
            page.len() == 27 + segments + body && ogg_crc_ok(page)
        });
    match whole_last_page {
        Some(i) if tail[i + 5] & 0x04 != 0 => Ok(()),
        _ => Err(ProbeError::Broken(
            "The Ogg file is cut short: its last page is missing or incomplete; export it \
             again and upload the whole file."
                .into(),
        )),
    }
}

/// Ogg's page checksum: CRC-32 (polynomial 0x04c11db7, not reflected) over
/// the page with its checksum field zeroed.
fn ogg_crc_ok(page: &[u8]) -> bool {
    let stored = u32::from_le_bytes([page[22], page[23], page[24], page[25]]);
    let mut crc = 0u32;
    for (i, &b) in page.iter().enumerate() {
        let b = if (22..26).contains(&i) { 0 } else { b };
        crc ^= u32::from(b) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 {
                (crc << 1) ^ 0x04c1_1db7
            } else {
                crc << 1
            };
        }
    }
    crc == stored
}

// ---------------------------------------------------------------- decoding

/// The kind of audio inside a container, with the key extension and
/// Content-Type it is served with.
fn audio_kind(
    container: Container,
    params: &CodecParameters,
) -> Result<(&'static str, &'static str), ProbeError> {
    let codec = match params {
        CodecParameters::Audio(a) => a.codec,
        _ => return Err(not_audio(None)),
    };
    match (container, codec) {
        (Container::Flac, c) if c == CODEC_ID_FLAC => Ok(("flac", "audio/flac")),
        (Container::Mp3, c) if c == CODEC_ID_MP3 => Ok(("mp3", "audio/mpeg")),
        (Container::Mp4, c) if c == CODEC_ID_AAC => Ok(("m4a", "audio/mp4")),
        (Container::Ogg, c) if c == CODEC_ID_VORBIS => Ok(("ogg", "audio/ogg")),
        (Container::Ogg, c) if c == CODEC_ID_OPUS => Ok(("opus", "audio/ogg; codecs=opus")),
        (Container::Mp4, c) if c == CODEC_ID_ALAC => Err(ProbeError::Unsupported(format!(
            "This M4A file holds Apple Lossless (ALAC), which most browsers can't play; \
             export it as AAC or FLAC, or {AUDIO_KINDS}."
        ))),
        (Container::Ogg, c) if c == CODEC_ID_FLAC => Err(ProbeError::Unsupported(format!(
            "This Ogg file holds FLAC, which not every browser plays; export a plain FLAC \
             file, or {AUDIO_KINDS}."
        ))),
        (container, _) => Err(ProbeError::Unsupported(format!(
            "This {} file holds audio in a format browsers can't play; {AUDIO_KINDS}.",
            container.name()
        ))),
    }
}

fn broken_stream(container: Container, e: &SymphoniaError) -> ProbeError {
    let why = match e {
        SymphoniaError::IoError(io) if io.kind() == io::ErrorKind::UnexpectedEof => {
            "it ends in the middle".to_string()
        }
        SymphoniaError::Unsupported(what) => {
            return ProbeError::Unsupported(format!(
                "This {} file uses a feature we can't play ({what}); {AUDIO_KINDS}.",
                container.name()
            ));
        }
        // Symphonia's messages are fixed text, never bytes of the file.
        other => other.to_string(),
    };
    ProbeError::Broken(format!(
        "The {} file is damaged or incomplete ({why}); export it again and upload the whole \
         file.",
        container.name()
    ))
}

/// Demuxes the whole stream and decodes every packet (Opus is only
/// demuxed), in constant memory: one packet and one decoded buffer at a
/// time. The duration is what decoded; a stream that decodes to less than
/// its header promises, or with errors, is broken. `counted` says whether
/// the header's length is a count (every container but an MP3 without a
/// Xing/VBRI header) rather than an estimate. `len` is the file's size,
/// which the [`AudioLimits`] weigh the audio against.
fn decode(
    file: File,
    len: u64,
    container: Container,
    counted: bool,
    limits: &AudioLimits,
) -> Result<AudioInfo, ProbeError> {
    let source = MediaSourceStream::new(Box::new(file), MediaSourceStreamOptions::default());
    let mut hint = Hint::new();
    hint.with_extension(match container {
        Container::Wav => "wav",
        Container::Flac => "flac",
        Container::Mp3 => "mp3",
        Container::Mp4 => "m4a",
        Container::Ogg => "ogg",
    });
    let mut format: Box<dyn FormatReader> = symphonia::default::get_probe()
        .probe(
            &hint,
            source,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .map_err(|e| broken_stream(container, &e))?;

    let track = format
        .default_track(TrackType::Audio)
        .or_else(|| format.first_track(TrackType::Audio))
        .cloned()
        .ok_or_else(|| {
            if container == Container::Mp4 {
                ProbeError::Unsupported(format!(
                    "This MP4 file has no audio track we can play; {AUDIO_KINDS}."
                ))
            } else {
                ProbeError::Broken(format!(
                    "The {} file has no audio in it; export the track again and upload it.",
                    container.name()
                ))
            }
        })?;
    let params = track.codec_params.as_ref().ok_or_else(|| not_audio(None))?;
    let (ext, mime) = audio_kind(container, params)?;
    let audio = params.audio().expect("audio_kind checked it is audio");
    let sample_rate = audio.sample_rate.filter(|&r| r > 0);

    // The limits are checked on what the header states before any packet
    // is decoded, then on what has decoded after each packet, so a file
    // whose header lies is still stopped where it crosses one.
    let channels = audio.channels.as_ref().map_or(1, |c| c.count() as u32);
    // Opus always decodes at 48 kHz; its header's rate is only the input's.
    let limit_rate = if audio.codec == CODEC_ID_OPUS {
        48_000
    } else {
        sample_rate.unwrap_or(1)
    };
    limits.check_format(channels, limit_rate)?;
    if let Some(stated) = track.num_frames.filter(|_| counted) {
        limits.check_length(stated, channels, limit_rate, len)?;
    }

    let mut decoder = if audio.codec == CODEC_ID_OPUS {
        None
    } else {
        Some(
            symphonia::default::get_codecs()
                .make_audio_decoder(audio, &AudioDecoderOptions::default())
                .map_err(|e| broken_stream(container, &e))?,
        )
    };

    let mut packets = 0u64;
    let mut decoded = 0u64;
    let mut errors = 0u64;
    loop {
        let packet = match format.next_packet() {
            Ok(Some(packet)) => packet,
            Ok(None) => break,
            Err(SymphoniaError::ResetRequired) => break,
            Err(e) => return Err(broken_stream(container, &e)),
        };
        if packet.track_id != track.id {
            continue;
        }
        packets += 1;
        match decoder.as_mut() {
            Some(decoder) => match decoder.decode(&packet) {
                Ok(buf) => decoded += buf.frames() as u64,
                Err(SymphoniaError::DecodeError(_)) => errors += 1,
                Err(e) => return Err(broken_stream(container, &e)),
            },
            None => decoded += packet.dur.get(),
        }
        limits.check_length(decoded, channels, limit_rate, len)?;
    }

    // MP3 has no checksums worth the name and players skip a bad frame, so
    // a few are forgiven; the other codecs have none to forgive.
    let forgiven = if container == Container::Mp3 {
        3 + packets / 100
    } else {
        0
    };
    if errors > forgiven {
        return Err(ProbeError::Broken(format!(
            "The {} file is damaged: {errors} of its {packets} audio frames don't decode; \
             export it again and upload it.",
            container.name()
        )));
    }
    if decoded == 0 {
        return Err(ProbeError::Broken(format!(
            "The {} file has a header but no audio; export the track again and upload it.",
            container.name()
        )));
    }

    let rate = match (decoder.is_some(), sample_rate) {
        // Opus always runs at 48 kHz, whatever the header's input rate says.
        (false, _) => 48_000,
        (true, Some(rate)) => rate,
        (true, None) => {
            return Err(ProbeError::Broken(format!(
                "The {} file doesn't say its sample rate; export it again and upload it.",
                container.name()
            )));
        }
    };
    // The header's promise: what a gapless player would play.
    if let Some(promised) = track.num_frames.filter(|_| counted) {
        // FLAC states its exact sample count. Elsewhere decoders and
        // containers differ on trimming the first and last packets.
        let slack = if container == Container::Flac {
            0
        } else {
            2 * audio.max_frames_per_packet.unwrap_or(2048).max(1152)
        };
        if decoded + slack < promised {
            return Err(ProbeError::Broken(format!(
                "The {} file is cut short: its header promises {} but only {} is there; \
                 export it again and upload the whole file.",
                container.name(),
                seconds_text(promised as f64 / f64::from(rate)),
                seconds_text(decoded as f64 / f64::from(rate)),
            )));
        }
    }
    let frames = if decoder.is_none() {
        // Opus packets are demuxed, not decoded: the last granule
        // position, less the pre-skip, is the length.
        track.num_frames.unwrap_or(decoded)
    } else {
        decoded
    };

    Ok(AudioInfo {
        ext,
        mime,
        duration_seconds: Some(frames as f64 / f64::from(rate)),
        title: None,
        track_number: None,
        artist: None,
    })
}

// ---------------------------------------------------------------- tags

/// Fills title, artist and track number from the file's tags, if any.
/// Tags are whatever the artist's software wrote: they are kept only as
/// trimmed text without control characters, and a file whose tags don't
/// parse simply has none.
fn read_tags(path: &Path, info: &mut AudioInfo) {
    let options = ParseOptions::new()
        .read_properties(false)
        .read_cover_art(false);
    let Ok(probe) = lofty::probe::Probe::open(path) else {
        return;
    };
    let Ok(probe) = probe.options(options).guess_file_type() else {
        return;
    };
    let Ok(tagged) = probe.read() else {
        return;
    };
    let Some(tag) = tagged.primary_tag().or_else(|| tagged.first_tag()) else {
        return;
    };
    info.title = tag.title().as_deref().and_then(clean_text);
    info.artist = tag.artist().as_deref().and_then(clean_text);
    info.track_number = tag.track().filter(|&n| (1..=9999).contains(&n));
}

/// Tag text as we keep it: control characters dropped, whitespace trimmed,
/// at most [`MAX_TAG_CHARS`] characters; `None` when nothing is left.
pub fn clean_text(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .chars()
        .take(MAX_TAG_CHARS)
        .collect();
    let cleaned = cleaned.trim_end().to_string();
    (!cleaned.is_empty()).then_some(cleaned)
}

// ---------------------------------------------------------------- images

pub use trogs::images::{Image, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE};

/// Checks and re-encodes the image at `path`, with its derivatives: see
/// `trogs::images`, which this is.
pub fn image(path: &Path) -> Result<Image, ProbeError> {
    trogs::images::image(path).map_err(|e| match e {
        trogs::images::ImageError::Unsupported(m) => ProbeError::Unsupported(m),
        trogs::images::ImageError::Broken(m) => ProbeError::Broken(m),
    })
}
