//! Reading the artist's file: symphonia demuxes and decodes it one packet
//! at a time, and each packet comes out as interleaved `f32`, mixed down to
//! at most two channels (what Opus and MP3 renditions carry).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use symphonia::core::codecs::audio::{AudioDecoder, AudioDecoderOptions};
use symphonia::core::codecs::registry::CodecRegistry;
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;

use super::RenditionError;

/// Symphonia's decoders, plus Opus through libopus (symphonia has no Opus
/// decoder of its own).
fn codecs() -> &'static CodecRegistry {
    static CODECS: OnceLock<CodecRegistry> = OnceLock::new();
    CODECS.get_or_init(|| {
        let mut registry = CodecRegistry::new();
        symphonia::default::register_enabled_codecs(&mut registry);
        registry.register_audio_decoder::<symphonia_adapter_libopus::OpusDecoder>();
        registry
    })
}

/// An open source file, positioned before its first packet.
pub(crate) struct Source {
    path: PathBuf,
    format: Box<dyn FormatReader>,
    decoder: Box<dyn AudioDecoder>,
    track_id: u32,
    /// Sample rate of the decoded audio, in Hz.
    pub rate: u32,
    /// Channels handed out: the file's, at most two.
    pub channels: usize,
    /// The frame count the header states, when it states one.
    pub header_frames: Option<u64>,
    flac: bool,
    decoded: u64,
    errors: u64,
    packets: u64,
    scratch: Vec<f32>,
}

impl Source {
    pub fn open(path: &Path) -> Result<Source, RenditionError> {
        let file = File::open(path).map_err(|e| RenditionError::io(path, e))?;
        let stream = MediaSourceStream::new(Box::new(file), MediaSourceStreamOptions::default());
        let mut hint = Hint::new();
        if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
            hint.with_extension(ext);
        }
        let format = symphonia::default::get_probe()
            .probe(
                &hint,
                stream,
                FormatOptions::default(),
                MetadataOptions::default(),
            )
            .map_err(|e| match e {
                SymphoniaError::Unsupported(_) => RenditionError::NotAudio {
                    path: path.to_owned(),
                    why: "its bytes are not WAV, FLAC, MP3, AAC/M4A, Ogg Vorbis or Opus".into(),
                },
                other => RenditionError::broken(path, &other),
            })?;
        let track = format
            .default_track(TrackType::Audio)
            .or_else(|| format.first_track(TrackType::Audio))
            .cloned()
            .ok_or_else(|| RenditionError::NotAudio {
                path: path.to_owned(),
                why: "it has no audio track".into(),
            })?;
        let audio = track
            .codec_params
            .as_ref()
            .and_then(|p| p.audio())
            .ok_or_else(|| RenditionError::NotAudio {
                path: path.to_owned(),
                why: "its first track is not audio".into(),
            })?;
        let decoder = codecs()
            .make_audio_decoder(audio, &AudioDecoderOptions::default())
            .map_err(|e| RenditionError::NotAudio {
                path: path.to_owned(),
                why: format!("no decoder for its codec ({e})"),
            })?;
        let rate = audio
            .sample_rate
            .filter(|&r| r > 0)
            .ok_or_else(|| RenditionError::Broken {
                path: path.to_owned(),
                why: "it does not state its sample rate".into(),
            })?;
        let source_channels = audio.channels.as_ref().map_or(2, |c| c.count()).max(1);
        let flac = format.format_info().short_name == "flac";
        Ok(Source {
            path: path.to_owned(),
            decoder,
            track_id: track.id,
            rate,
            channels: source_channels.min(2),
            header_frames: track.num_frames.filter(|&n| n > 0),
            flac,
            format,
            decoded: 0,
            errors: 0,
            packets: 0,
            scratch: Vec::new(),
        })
    }

    /// Decodes the next packet into `out` (interleaved, `self.channels`
    /// wide), replacing what it held. `Ok(false)` at the end of the stream,
    /// after checking that the stream held what its header promised.
    pub fn next_block(&mut self, out: &mut Vec<f32>) -> Result<bool, RenditionError> {
        loop {
            let packet = match self.format.next_packet() {
                Ok(Some(packet)) => packet,
                Ok(None) | Err(SymphoniaError::ResetRequired) => {
                    self.check_complete()?;
                    return Ok(false);
                }
                // A stream cut inside a packet ends with an I/O error.
                Err(SymphoniaError::IoError(e))
                    if e.kind() == std::io::ErrorKind::UnexpectedEof =>
                {
                    self.check_complete()?;
                    return Ok(false);
                }
                Err(e) => return Err(RenditionError::broken(&self.path, &e)),
            };
            if packet.track_id != self.track_id {
                continue;
            }
            self.packets += 1;
            let buf = match self.decoder.decode(&packet) {
                Ok(buf) => buf,
                Err(SymphoniaError::DecodeError(_)) => {
                    self.errors += 1;
                    continue;
                }
                Err(e) => return Err(RenditionError::broken(&self.path, &e)),
            };
            let frames = buf.frames();
            if frames == 0 {
                continue;
            }
            let planes = buf.num_planes().max(1);
            self.decoded += frames as u64;
            if planes == self.channels {
                buf.copy_to_vec_interleaved(out);
            } else {
                buf.copy_to_vec_interleaved(&mut self.scratch);
                downmix(&self.scratch, planes, self.channels, out);
            }
            return Ok(true);
        }
    }

    /// Frames decoded so far.
    pub fn decoded(&self) -> u64 {
        self.decoded
    }

    fn check_complete(&self) -> Result<(), RenditionError> {
        // MP3 players skip a bad frame, so a few are forgiven; FLAC and
        // PCM have nothing to forgive.
        if self.errors > 3 + self.packets / 100 || (self.flac && self.errors > 0) {
            return Err(RenditionError::Broken {
                path: self.path.clone(),
                why: format!(
                    "{} of its {} audio packets do not decode",
                    self.errors, self.packets
                ),
            });
        }
        if self.decoded == 0 {
            return Err(RenditionError::Broken {
                path: self.path.clone(),
                why: "it has a header but no audio".into(),
            });
        }
        if let Some(promised) = self.header_frames {
            // FLAC states its exact sample count; elsewhere containers and
            // decoders differ on trimming the first and last packets.
            let slack = if self.flac { 0 } else { 4096 };
            if self.decoded + slack < promised {
                return Err(RenditionError::Broken {
                    path: self.path.clone(),
                    why: format!(
                        "it is cut short: its header promises {:.1} s but only {:.1} s is there",
                        promised as f64 / f64::from(self.rate),
                        self.decoded as f64 / f64::from(self.rate)
                    ),
                });
            }
        }
        Ok(())
    }
}

/// Mixes `from` (interleaved, `n` channels) down to one or two channels:
/// the mean of all channels for mono, and for more than two, the first two
/// plus half of the others on each side.
fn downmix(from: &[f32], n: usize, to: usize, out: &mut Vec<f32>) {
    out.clear();
    for frame in from.chunks_exact(n) {
        if to == 1 {
            out.push(frame.iter().sum::<f32>() / n as f32);
        } else {
            let rest: f32 = frame[2..].iter().sum::<f32>() * 0.5;
            let scale = 1.0 / (1.0 + 0.5 * (n - 2) as f32);
            out.push((frame[0] + rest) * scale);
            out.push((frame[1] + rest) * scale);
        }
    }
}
