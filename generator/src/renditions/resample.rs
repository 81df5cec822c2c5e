//! Streaming conversion to 48 kHz, the rate of both renditions, with
//! rubato's FFT resampler (a fixed ratio, fast, and as good as its sinc
//! resampler). Audio goes in as blocks of any size and comes out in
//! blocks of at most one chunk; the resampler's delay is trimmed at the
//! start and flushed at the end, so the output has exactly
//! `round(input × 48000 / rate)` frames, aligned with the input.

use audioadapter_buffers::direct::InterleavedSlice;
use rubato::{Fft, FixedSync, Indexing, Resampler};

pub(crate) const RATE: u32 = 48_000;
const CHUNK: usize = 1024;

pub(crate) struct To48k {
    /// `None` when the input is already at 48 kHz.
    fft: Option<Fft<f32>>,
    rate: u32,
    channels: usize,
    input: Vec<f32>,
    output: Vec<f32>,
    /// Output frames still to drop: the resampler's delay.
    skip: usize,
    frames_in: u64,
    frames_out: u64,
}

impl To48k {
    pub fn new(rate: u32, channels: usize) -> Result<To48k, String> {
        let fft = if rate == RATE {
            None
        } else {
            Some(
                Fft::<f32>::new(
                    rate as usize,
                    RATE as usize,
                    CHUNK,
                    channels,
                    FixedSync::Input,
                )
                .map_err(|e| e.to_string())?,
            )
        };
        let (out_max, skip) = fft
            .as_ref()
            .map_or((0, 0), |f| (f.output_frames_max(), f.output_delay()));
        Ok(To48k {
            fft,
            rate,
            channels,
            input: Vec::with_capacity(CHUNK * channels),
            output: vec![0.0; out_max * channels],
            skip,
            frames_in: 0,
            frames_out: 0,
        })
    }

    /// Resamples `samples` (interleaved) and hands the 48 kHz result to
    /// `sink`, in one or more blocks.
    pub fn push<E>(
        &mut self,
        samples: &[f32],
        sink: &mut impl FnMut(&[f32]) -> Result<(), E>,
    ) -> Result<(), E> {
        self.frames_in += (samples.len() / self.channels) as u64;
        if self.fft.is_none() {
            self.frames_out += (samples.len() / self.channels) as u64;
            return sink(samples);
        }
        let chunk_len = CHUNK * self.channels;
        let mut rest = samples;
        while !rest.is_empty() {
            let take = (chunk_len - self.input.len()).min(rest.len());
            self.input.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.input.len() == chunk_len {
                self.run(None, u64::MAX, sink)?;
                self.input.clear();
            }
        }
        Ok(())
    }

    /// Flushes what the resampler holds.
    pub fn finish<E>(&mut self, sink: &mut impl FnMut(&[f32]) -> Result<(), E>) -> Result<(), E> {
        if self.fft.is_none() {
            return Ok(());
        }
        let wanted =
            (self.frames_in as f64 * f64::from(RATE) / f64::from(self.rate)).round() as u64;
        let partial = self.input.len() / self.channels;
        self.input.resize(CHUNK * self.channels, 0.0);
        self.run(Some(partial), wanted, sink)?;
        while self.frames_out < wanted {
            self.run(Some(0), wanted, sink)?;
        }
        self.input.clear();
        Ok(())
    }

    fn run<E>(
        &mut self,
        partial: Option<usize>,
        limit: u64,
        sink: &mut impl FnMut(&[f32]) -> Result<(), E>,
    ) -> Result<(), E> {
        let fft = self.fft.as_mut().expect("only called when resampling");
        let channels = self.channels;
        let frames_out_max = self.output.len() / channels;
        let input = InterleavedSlice::new(&self.input[..], channels, CHUNK)
            .expect("the input chunk holds CHUNK frames");
        let mut output = InterleavedSlice::new_mut(&mut self.output[..], channels, frames_out_max)
            .expect("the output holds the resampler's largest chunk");
        let indexing = partial.map(|n| Indexing {
            partial_len: Some(n),
            ..Indexing::default()
        });
        let (_, produced) = fft
            .process_into_buffer(&input, &mut output, indexing.as_ref())
            .expect("buffers are sized from the resampler's own figures");
        let skip = self.skip.min(produced);
        self.skip -= skip;
        let available = (produced - skip) as u64;
        let keep = available.min(limit.saturating_sub(self.frames_out)) as usize;
        self.frames_out += keep as u64;
        if keep > 0 {
            sink(&self.output[skip * channels..(skip + keep) * channels])?;
        }
        Ok(())
    }
}
