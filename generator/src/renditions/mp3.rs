//! The MP3 rendition, for browsers without Opus: LAME's VBR at quality 5
//! (`-V5`, about 130 kbit/s for stereo music) at 48 kHz. LAME reserves the
//! first frame for its Xing/Info tag, which records the frame count, the
//! encoder delay and the padding; it is written over that frame at the end,
//! so players that read it (browsers do) play the track at its exact length.

use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use mp3lame_encoder::{
    Builder, Encoder, FlushNoGap, InterleavedPcm, MonoPcm, Quality, VbrMode,
    max_required_buffer_size,
};

use super::RenditionError;

pub(crate) struct Mp3 {
    path: PathBuf,
    encoder: Encoder,
    out: BufWriter<File>,
    channels: usize,
    buf: Vec<u8>,
}

fn quality(q: u8) -> Quality {
    match q {
        0 => Quality::Best,
        1 => Quality::SecondBest,
        2 => Quality::NearBest,
        3 => Quality::VeryNice,
        4 => Quality::Nice,
        5 => Quality::Good,
        6 => Quality::Decent,
        7 => Quality::Ok,
        8 => Quality::SecondWorst,
        _ => Quality::Worst,
    }
}

impl Mp3 {
    /// `vbr` is LAME's `-V` level; `algorithm` its `-q` (0 best and
    /// slowest, 9 fastest).
    pub fn create(
        path: &Path,
        channels: usize,
        vbr: u8,
        algorithm: u8,
    ) -> Result<Mp3, RenditionError> {
        let err = |why: String| RenditionError::Encode {
            path: path.to_owned(),
            why: format!("LAME: {why}"),
        };
        let mut builder = Builder::new().ok_or_else(|| err("out of memory".into()))?;
        builder
            .set_num_channels(channels as u8)
            .map_err(|e| err(e.to_string()))?;
        builder
            .set_sample_rate(48_000)
            .map_err(|e| err(e.to_string()))?;
        builder
            .set_vbr_mode(VbrMode::Mtrh)
            .map_err(|e| err(e.to_string()))?;
        builder
            .set_vbr_quality(quality(vbr))
            .map_err(|e| err(e.to_string()))?;
        builder
            .set_quality(quality(algorithm))
            .map_err(|e| err(e.to_string()))?;
        builder
            .set_to_write_vbr_tag(true)
            .map_err(|e| err(e.to_string()))?;
        let encoder = builder.build().map_err(|e| err(e.to_string()))?;
        let file = File::create(path).map_err(|e| RenditionError::io(path, e))?;
        Ok(Mp3 {
            path: path.to_owned(),
            encoder,
            out: BufWriter::with_capacity(64 * 1024, file),
            channels,
            buf: Vec::new(),
        })
    }

    /// Takes interleaved 48 kHz samples.
    pub fn write(&mut self, samples: &[f32]) -> Result<(), RenditionError> {
        let frames = samples.len() / self.channels;
        self.buf.clear();
        self.buf.reserve(max_required_buffer_size(frames));
        let encoded = if self.channels == 1 {
            self.encoder.encode_to_vec(MonoPcm(samples), &mut self.buf)
        } else {
            self.encoder
                .encode_to_vec(InterleavedPcm(samples), &mut self.buf)
        };
        encoded.map_err(|e| RenditionError::Encode {
            path: self.path.clone(),
            why: format!("LAME: {e}"),
        })?;
        self.out
            .write_all(&self.buf)
            .map_err(|e| RenditionError::io(&self.path, e))
    }

    /// Flushes the encoder, writes the Xing/Info tag over the first frame
    /// and returns the file's size in bytes.
    pub fn finish(mut self) -> Result<u64, RenditionError> {
        self.buf.clear();
        self.buf.reserve(7200);
        self.encoder
            .flush_to_vec::<FlushNoGap>(&mut self.buf)
            .map_err(|e| RenditionError::Encode {
                path: self.path.clone(),
                why: format!("LAME: {e}"),
            })?;
        let io = |e| RenditionError::io(&self.path, e);
        self.out.write_all(&self.buf).map_err(io)?;
        self.buf.clear();
        self.buf.reserve(self.encoder.lame_tag_size());
        if self.encoder.lame_tag_encode_to_vec(&mut self.buf).is_some() {
            self.out.seek(SeekFrom::Start(0)).map_err(io)?;
            self.out.write_all(&self.buf).map_err(io)?;
        }
        self.out.flush().map_err(io)?;
        let file = self.out.get_ref();
        Ok(file.metadata().map_err(io)?.len())
    }
}
