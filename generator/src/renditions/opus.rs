//! The Opus renditions: libopus (through `opusic-c`) in an Ogg stream whose
//! OpusHead and OpusTags headers are written here. Players rely on three
//! things for a gapless, exact-length file: the pre-skip in OpusHead (the
//! encoder's lookahead, which the decoder drops), the granule position of
//! each page (samples decoded up to its last packet, pre-skip included),
//! and the last page's granule, which trims the padding of the last frame.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use ogg::writing::{PacketWriteEndInfo, PacketWriter};
use opusic_c::{Application, Bitrate, Channels, Encoder, SampleRate};

use super::RenditionError;

/// 20 ms at 48 kHz: the frame size music encoders use.
const FRAME: usize = 960;
/// Largest packet libopus produces for one frame.
const MAX_PACKET: usize = 4000;

pub(crate) struct OggOpus {
    path: PathBuf,
    encoder: Encoder,
    writer: PacketWriter<'static, BufWriter<File>>,
    serial: u32,
    channels: usize,
    pre_skip: u64,
    /// Samples (per channel) given to `write`.
    input: u64,
    /// Frames encoded so far.
    frames: u64,
    pending: Vec<f32>,
    /// The last packet, held back until we know whether it ends the stream.
    held: Option<Vec<u8>>,
    packet: Vec<u8>,
}

impl OggOpus {
    /// Creates `path` and writes the two header pages. `input_rate` is the
    /// source's rate, recorded in OpusHead for information only.
    pub fn create(
        path: &Path,
        channels: usize,
        bitrate: u32,
        complexity: u8,
        input_rate: u32,
    ) -> Result<OggOpus, RenditionError> {
        let encode_err = |e: opusic_c::ErrorCode| RenditionError::Encode {
            path: path.to_owned(),
            why: format!("libopus: {e:?}"),
        };
        let opus_channels = if channels == 1 {
            Channels::Mono
        } else {
            Channels::Stereo
        };
        let mut encoder = Encoder::new(opus_channels, SampleRate::Hz48000, Application::Audio)
            .map_err(encode_err)?;
        encoder
            .set_bitrate(Bitrate::Value(bitrate))
            .map_err(encode_err)?;
        encoder.set_complexity(complexity).map_err(encode_err)?;
        let pre_skip = u64::from(encoder.get_look_ahead().map_err(encode_err)?);

        let file = File::create(path).map_err(|e| RenditionError::io(path, e))?;
        let mut writer = PacketWriter::new(BufWriter::with_capacity(64 * 1024, file));
        // Any serial will do for a single-stream file; one derived from the
        // path keeps the output reproducible.
        let serial = blake3::hash(path.as_os_str().as_encoded_bytes()).as_bytes()[0] as u32 | 1;

        let mut head = Vec::with_capacity(19);
        head.extend_from_slice(b"OpusHead");
        head.push(1); // version
        head.push(channels as u8);
        head.extend_from_slice(&(pre_skip as u16).to_le_bytes());
        head.extend_from_slice(&input_rate.to_le_bytes());
        head.extend_from_slice(&0i16.to_le_bytes()); // output gain: already applied
        head.push(0); // mapping family 0: mono or stereo
        let vendor = format!("trogs, libopus {}", opusic_c::version());
        let mut tags = Vec::new();
        tags.extend_from_slice(b"OpusTags");
        tags.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
        tags.extend_from_slice(vendor.as_bytes());
        tags.extend_from_slice(&0u32.to_le_bytes()); // no user comments
        // Each header ends its page, as the Ogg Opus mapping requires.
        for header in [head, tags] {
            writer
                .write_packet(header, serial, PacketWriteEndInfo::EndPage, 0)
                .map_err(|e| RenditionError::io(path, e))?;
        }
        Ok(OggOpus {
            path: path.to_owned(),
            encoder,
            writer,
            serial,
            channels,
            pre_skip,
            input: 0,
            frames: 0,
            pending: Vec::with_capacity(FRAME * channels),
            held: None,
            packet: Vec::with_capacity(MAX_PACKET),
        })
    }

    /// Takes interleaved 48 kHz samples.
    pub fn write(&mut self, samples: &[f32]) -> Result<(), RenditionError> {
        self.input += (samples.len() / self.channels) as u64;
        let frame_len = FRAME * self.channels;
        let mut rest = samples;
        while !rest.is_empty() {
            let take = (frame_len - self.pending.len()).min(rest.len());
            self.pending.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.pending.len() == frame_len {
                self.encode_pending()?;
            }
        }
        Ok(())
    }

    fn encode_pending(&mut self) -> Result<(), RenditionError> {
        self.packet.clear();
        self.encoder
            .encode_float_to_vec(&self.pending, &mut self.packet)
            .map_err(|e| RenditionError::Encode {
                path: self.path.clone(),
                why: format!("libopus: {e:?}"),
            })?;
        self.pending.clear();
        self.frames += 1;
        if let Some(previous) = self.held.take() {
            // Its granule: every sample decoded up to its end.
            let granule = (self.frames - 1) * FRAME as u64;
            self.writer
                .write_packet(
                    previous,
                    self.serial,
                    PacketWriteEndInfo::NormalPacket,
                    granule,
                )
                .map_err(|e| RenditionError::io(&self.path, e))?;
        }
        self.held = Some(self.packet.clone());
        Ok(())
    }

    /// Pads the last frame, encodes until the lookahead is flushed, ends the
    /// stream and returns the file's size in bytes.
    pub fn finish(mut self) -> Result<u64, RenditionError> {
        let end = self.pre_skip + self.input;
        let frame_len = FRAME * self.channels;
        while self.frames * (FRAME as u64) < end || !self.pending.is_empty() {
            self.pending.resize(frame_len, 0.0);
            self.encode_pending()?;
        }
        if let Some(last) = self.held.take() {
            self.writer
                .write_packet(last, self.serial, PacketWriteEndInfo::EndStream, end)
                .map_err(|e| RenditionError::io(&self.path, e))?;
        }
        let mut inner = self.writer.into_inner();
        std::io::Write::flush(&mut inner).map_err(|e| RenditionError::io(&self.path, e))?;
        let file = inner
            .into_inner()
            .map_err(|e| RenditionError::io(&self.path, e.into_error()))?;
        Ok(file
            .metadata()
            .map_err(|e| RenditionError::io(&self.path, e))?
            .len())
    }
}
