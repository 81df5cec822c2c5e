//! How much audio an upload may decode to: the checks of [`AudioLimits`],
//! made on what a header states and again as decoding goes.

use super::errors::{ProbeError, bytes_text, khz, long_time_text};
use super::{AudioLimits, EXPANSION_FLOOR_BYTES};

impl AudioLimits {
    /// Refuses a stream with more channels or a higher rate than allowed.
    pub(super) fn check_format(&self, channels: u32, rate: u32) -> Result<(), ProbeError> {
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
    pub(super) fn check_length(
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
