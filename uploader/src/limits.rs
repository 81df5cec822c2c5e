//! The limits uploads are held to, as settings: what an audio file may
//! decode to, and the memory image decodes may hold at once. The settings
//! read them from flags and the environment; `probe` and `imaging` apply
//! them, and import them from here. Sizes are said as people configure
//! them ([`human_size`]).

pub const DEFAULT_MAX_AUDIO_SECONDS: u64 = 3 * 3600;
pub const DEFAULT_MAX_AUDIO_CHANNELS: u32 = 8;
pub const DEFAULT_MAX_AUDIO_SAMPLE_RATE: u32 = 192_000;
pub const DEFAULT_MAX_AUDIO_EXPANSION: u32 = 500;

/// What an audio upload may decode to. Making its renditions costs CPU in
/// proportion to the audio it decodes to, not to its bytes, so a small
/// file claiming hours of many-channel audio (a decompression bomb) is
/// refused by the probe, from its header where it states its length, else
/// as soon as decoding crosses a limit: the probe never spends more than
/// the limit on it either.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AudioLimits {
    /// The longest track taken, in seconds.
    pub max_seconds: f64,
    /// The most channels taken (8 is 7.1 surround, and FLAC's maximum).
    pub max_channels: u32,
    /// The highest sample rate taken, in Hz.
    pub max_sample_rate: u32,
    /// The most bytes of decoded audio (as 16-bit PCM) per byte of file.
    /// Honest files stay far below 500: WAV is 1, MP3 about 10, Opus at
    /// 6 kbit/s about 256.
    pub max_expansion: f64,
}

impl Default for AudioLimits {
    fn default() -> Self {
        AudioLimits {
            max_seconds: DEFAULT_MAX_AUDIO_SECONDS as f64,
            max_channels: DEFAULT_MAX_AUDIO_CHANNELS,
            max_sample_rate: DEFAULT_MAX_AUDIO_SAMPLE_RATE,
            max_expansion: DEFAULT_MAX_AUDIO_EXPANSION as f64,
        }
    }
}

pub const DEFAULT_IMAGE_MEMORY_MIB: u64 = trogs::images::DEFAULT_DECODE_BUDGET >> 20;
pub const DEFAULT_IMAGE_WAIT_SECS: u64 = 5;

/// The image decode budget's settings (`crate::imaging` applies them).
#[derive(clap::Args, Debug, Clone)]
pub struct ImageArgs {
    /// The memory all image decodes at once may hold, in MiB. A decode
    /// costs twice its pixels at 8 bits a sample and twice its file (a
    /// 40-megapixel RGBA PNG about 320 MiB; a progressive JPEG's
    /// coefficients add as much again); one larger than the budget runs
    /// alone
    #[arg(
        long,
        env = "TROGS_IMAGE_MEMORY_MIB",
        default_value_t = DEFAULT_IMAGE_MEMORY_MIB,
        value_parser = clap::value_parser!(u64).range(1..=1 << 22)
    )]
    pub image_memory_mib: u64,
    /// How long an image upload waits for room in that memory before it
    /// is refused (503, with a Retry-After), in seconds
    #[arg(long, env = "TROGS_IMAGE_WAIT_SECS", default_value_t = DEFAULT_IMAGE_WAIT_SECS)]
    pub image_wait_secs: u64,
}

impl ImageArgs {
    /// Makes this the process's decode budget. Called once, before any
    /// image is decoded.
    pub fn install(&self) {
        let bytes = self.image_memory_mib << 20;
        if !trogs::images::set_decode_budget(bytes) {
            tracing::warn!(
                "the image decode budget was in use before --image-memory-mib was applied"
            );
        }
    }
}

/// `1 GiB`, `25 MB`, `5 MiB`: a limit as people configure it.
pub fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    const GIB: u64 = 1 << 30;
    if bytes >= GIB && bytes.is_multiple_of(GIB) {
        format!("{} GiB", bytes / GIB)
    } else if bytes >= GIB {
        format!("{:.1} GiB", bytes as f64 / GIB as f64)
    } else if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1_000_000 && bytes.is_multiple_of(1_000_000) {
        format!("{} MB", bytes / 1_000_000)
    } else if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_they_are_configured() {
        assert_eq!(human_size(1 << 30), "1 GiB");
        assert_eq!(human_size(3 << 29), "1.5 GiB");
        assert_eq!(human_size(25_000_000), "25 MB");
        assert_eq!(human_size(5 << 20), "5 MiB");
        assert_eq!(human_size(1_500_000), "1.5 MB");
        assert_eq!(human_size(999), "999 bytes");
    }
}
