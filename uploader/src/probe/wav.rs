//! WAV, judged from its chunk headers alone: whether browsers play its
//! samples, and whether the file holds all the audio its header promises.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};

use super::errors::{AUDIO_KINDS, ProbeError, seconds_text, unreadable};
use super::{AudioInfo, AudioLimits};

/// Judges a WAV from its chunk headers: the `fmt ` chunk must name PCM (or
/// 32-bit float), which browsers play, and the `data` chunk must be as long
/// as it says. The samples themselves are never read: any bytes are valid
/// PCM, so only their count matters.
pub(super) fn wav(
    file: &mut File,
    len: u64,
    limits: &AudioLimits,
) -> Result<AudioInfo, ProbeError> {
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
