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

mod decode;
mod errors;
mod limits;
mod ogg;
mod sniff;
mod tags;
mod wav;

use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::path::Path;

pub use errors::ProbeError;
pub use tags::clean_text;

use decode::decode;
use errors::unreadable;
use ogg::ogg_ends_whole;
use sniff::{Container, sniff_audio};
use tags::read_tags;
use wav::wav;

/// Below this much decoded audio (16-bit PCM: about six minutes of CD
/// stereo) the expansion limit is not applied: short silence compresses
/// to almost nothing in FLAC or Opus, and renditions of this little audio
/// take seconds whatever the file.
pub const EXPANSION_FLOOR_BYTES: u64 = 64 << 20;

// The limits are settings (`crate::limits`); the checks against them are the probe's.
pub use crate::limits::AudioLimits;

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

pub use trogs::images::{Image, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE};

/// Checks and re-encodes the image at `path`, with its derivatives: see
/// `trogs::images`, which this is.
pub fn image(path: &Path) -> Result<Image, ProbeError> {
    trogs::images::image(path).map_err(|e| match e {
        trogs::images::ImageError::Unsupported(m) => ProbeError::Unsupported(m),
        trogs::images::ImageError::Broken(m) => ProbeError::Broken(m),
    })
}
