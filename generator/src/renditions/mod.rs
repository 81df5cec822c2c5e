//! The media pipeline for one audio file: from the artist's original it
//! makes the streaming renditions (Opus 96 kbit/s, Opus 48 kbit/s for the
//! data-saver switch, MP3 V5 for browsers without Opus), measures loudness
//! (EBU R128) and true peak, reads the duration, and writes waveform peaks.
//!
//! # One decode, constant memory, and gain known before encoding
//!
//! Level matching needs the track's loudness before the first sample is
//! encoded, and integrated loudness is only known at the end. So the work
//! is two stages over **one decode** of the source:
//!
//! 1. the source is decoded packet by packet (symphonia); each block feeds
//!    the loudness meter, the waveform peaks and the duration, and is
//!    appended, as 32-bit float at the source's rate, to a temporary file
//!    next to the outputs (`.{stem}.pcm.tmp`, removed when done);
//! 2. that temporary stream is read back block by block, multiplied by the
//!    gain, resampled to 48 kHz (rubato) and fed to the three encoders at
//!    once.
//!
//! Memory stays constant whatever the length (a few blocks, the encoders'
//! and resampler's state, and the loudness meter's 100 ms block energies,
//! 8 bytes each: about 0.3 MB per hour). The cost is disk: the temporary
//! stream takes 4 bytes per sample at the source's rate (about 85 MB for
//! four minutes of 44.1 kHz stereo), written once and read once.
//!
//! The gain moves the track toward [`Options::target_lufs`], except that
//! no track is boosted past [`Options::ceiling_dbtp`]: a boost is at most
//! `ceiling − true peak` (and none when the peaks are past the ceiling
//! already). A quiet track with loud peaks therefore plays below the
//! target rather than distorted; a loud one is turned down to the target.
//! Nothing is compressed or limited. The ceiling is −2 dBTP, not the −1 of
//! lossless delivery, because lossy coding moves peaks: Opus at 48 kbit/s
//! overshot full-scale clicks by about 2 dB in our tests. The original
//! file is never changed.
//!
//! Both renditions are encoded at 48 kHz: Opus only runs at 48 kHz, and
//! LAME takes 48 kHz as well, so one resampling serves all three.

pub mod catalog;
mod decode;
mod mp3;
mod opus;
mod resample;

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ebur128::{EbuR128, Mode};
use serde::Serialize;

use decode::Source;
use mp3::Mp3;
use opus::OggOpus;
use resample::To48k;

/// What a pass produces and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The loudness every rendition is moved toward, in LUFS.
    pub target_lufs: f64,
    /// No gain may bring the true peak above this, in dBTP.
    pub ceiling_dbtp: f64,
    /// The main Opus rendition's bit rate, in bit/s.
    pub opus_bitrate: u32,
    /// The data-saver Opus rendition's bit rate, in bit/s.
    pub opus_saver_bitrate: u32,
    /// libopus complexity, 0 (fastest) to 10 (best).
    pub opus_complexity: u8,
    /// LAME's VBR level (`-V`), 0 (largest) to 9 (smallest).
    pub mp3_vbr: u8,
    /// LAME's algorithm quality (`-q`), 0 (best, slowest) to 9 (fastest).
    pub mp3_algorithm: u8,
    /// Waveform buckets for a track whose header states its length.
    pub peak_buckets: usize,
    /// Set by another thread to stop the pass: it ends with
    /// [`RenditionError::Stopped`] at its next block (a service stops a
    /// track that runs far past what its length predicts).
    pub stop: Option<Arc<AtomicBool>>,
}

impl Options {
    fn check_stop(&self, path: &Path) -> Result<(), RenditionError> {
        match &self.stop {
            Some(stop) if stop.load(Ordering::Relaxed) => Err(RenditionError::Stopped {
                path: path.to_owned(),
            }),
            _ => Ok(()),
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            target_lufs: -14.0,
            ceiling_dbtp: -2.0,
            opus_bitrate: 96_000,
            opus_saver_bitrate: 48_000,
            opus_complexity: 10,
            mp3_vbr: 5,
            mp3_algorithm: 5,
            peak_buckets: 1000,
            stop: None,
        }
    }
}

/// The outcome of [`process`] for one source file.
#[derive(Debug, Clone)]
pub struct Processed {
    /// Decoded length of the source.
    pub duration_seconds: f64,
    /// Integrated loudness of the source (EBU R128), in LUFS;
    /// `-inf` for silence.
    pub loudness_lufs: f64,
    /// True peak of the source (4× oversampled), in dBTP.
    pub true_peak_dbtp: f64,
    /// The gain applied to every rendition, in dB.
    pub gain_db: f64,
    /// Opus 96, Opus 48 (data saver), MP3, in the order players should
    /// offer them (the data-saver one only when asked for).
    pub renditions: Vec<Rendition>,
    /// The waveform peaks file (`{stem}.peaks.json`).
    pub peaks_path: PathBuf,
    /// blake3 of the source's bytes, hex: renditions made from a source
    /// with this hash need not be made again.
    pub source_hash: String,
}

/// One encoded file.
#[derive(Debug, Clone)]
pub struct Rendition {
    pub kind: crate::catalog::model::RenditionKind,
    pub path: PathBuf,
    /// The type for `<source type=...>` and `canPlayType`.
    pub mime: &'static str,
    pub bytes: u64,
    /// Average bit rate over the track, in kbit/s.
    pub kbps: f64,
}

pub const MIME_OPUS: &str = "audio/ogg; codecs=opus";
pub const MIME_MP3: &str = "audio/mpeg";

/// What went wrong with one source file. Every message starts with the
/// file's path.
#[derive(Debug, thiserror::Error)]
pub enum RenditionError {
    #[error("{}: the file is empty (0 bytes); upload the whole audio file", path.display())]
    Empty { path: PathBuf },
    #[error("{}: this is not audio we can read: {why}", path.display())]
    NotAudio { path: PathBuf, why: String },
    #[error("{}: the audio is damaged or incomplete: {why}; export it again", path.display())]
    Broken { path: PathBuf, why: String },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: encoding failed: {why}", path.display())]
    Encode { path: PathBuf, why: String },
    #[error("{}: stopped before it was done", path.display())]
    Stopped { path: PathBuf },
}

impl RenditionError {
    fn io(path: &Path, source: io::Error) -> RenditionError {
        RenditionError::Io {
            path: path.to_owned(),
            source,
        }
    }

    fn broken(path: &Path, e: &symphonia::core::errors::Error) -> RenditionError {
        RenditionError::Broken {
            path: path.to_owned(),
            why: e.to_string(),
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            RenditionError::Empty { path }
            | RenditionError::NotAudio { path, .. }
            | RenditionError::Broken { path, .. }
            | RenditionError::Io { path, .. }
            | RenditionError::Encode { path, .. }
            | RenditionError::Stopped { path } => path,
        }
    }
}

/// Removes the temporary stream however the pass ends.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Makes the renditions and peaks of `source` in `out_dir`, named
/// `{stem}.opus`, `{stem}.48.opus`, `{stem}.mp3` and `{stem}.peaks.json`.
/// See the module documentation for how it runs.
pub fn process(
    source: &Path,
    out_dir: &Path,
    stem: &str,
    options: &Options,
) -> Result<Processed, RenditionError> {
    let len = fs::metadata(source)
        .map_err(|e| RenditionError::io(source, e))?
        .len();
    if len == 0 {
        return Err(RenditionError::Empty {
            path: source.to_owned(),
        });
    }
    let source_hash = hash_file(source)?;
    fs::create_dir_all(out_dir).map_err(|e| RenditionError::io(out_dir, e))?;

    // Stage 1: decode, measure, spool.
    let mut input = Source::open(source)?;
    let channels = input.channels;
    let rate = input.rate;
    let mut meter =
        EbuR128::new(channels as u32, rate, Mode::I | Mode::TRUE_PEAK).map_err(|e| {
            RenditionError::NotAudio {
                path: source.to_owned(),
                why: format!("the loudness meter refuses its format ({e})"),
            }
        })?;
    let mut peaks = Peaks::new(options.peak_buckets, input.header_frames, rate);
    let temp = TempFile(out_dir.join(format!(".{stem}.pcm.tmp")));
    let mut spool = BufWriter::with_capacity(
        256 * 1024,
        File::create(&temp.0).map_err(|e| RenditionError::io(&temp.0, e))?,
    );
    let mut block = Vec::new();
    let mut bytes = Vec::new();
    while input.next_block(&mut block)? {
        options.check_stop(source)?;
        meter
            .add_frames_f32(&block)
            .map_err(|e| RenditionError::Broken {
                path: source.to_owned(),
                why: format!("loudness meter: {e}"),
            })?;
        peaks.add(&block, channels);
        bytes.clear();
        bytes.extend(block.iter().flat_map(|s| s.to_le_bytes()));
        spool
            .write_all(&bytes)
            .map_err(|e| RenditionError::io(&temp.0, e))?;
    }
    spool.flush().map_err(|e| RenditionError::io(&temp.0, e))?;
    drop(spool);
    let frames = input.decoded();
    drop(input);

    let duration_seconds = frames as f64 / f64::from(rate);
    let loudness_lufs = meter.loudness_global().unwrap_or(f64::NEG_INFINITY);
    let true_peak = (0..channels as u32)
        .filter_map(|c| meter.true_peak(c).ok())
        .fold(0.0f64, f64::max);
    let true_peak_dbtp = 20.0 * true_peak.log10();
    let gain_db = if loudness_lufs.is_finite() && true_peak_dbtp.is_finite() {
        let to_target = options.target_lufs - loudness_lufs;
        if to_target > 0.0 {
            to_target.min((options.ceiling_dbtp - true_peak_dbtp).max(0.0))
        } else {
            to_target
        }
    } else {
        0.0 // silence: nothing to match
    };
    let gain = 10f64.powf(gain_db / 20.0) as f32;

    // Stage 2: read back, apply the gain, resample, encode.
    let kinds = crate::catalog::model::RenditionKind::ALL;
    let paths = kinds.map(|kind| out_dir.join(format!("{stem}{}", kind.suffix())));
    let mut opus = OggOpus::create(
        &paths[0],
        channels,
        options.opus_bitrate,
        options.opus_complexity,
        rate,
    )?;
    let mut saver = OggOpus::create(
        &paths[1],
        channels,
        options.opus_saver_bitrate,
        options.opus_complexity,
        rate,
    )?;
    let mut mp3 = Mp3::create(&paths[2], channels, options.mp3_vbr, options.mp3_algorithm)?;
    let mut resampler = To48k::new(rate, channels).map_err(|why| RenditionError::Encode {
        path: source.to_owned(),
        why: format!("resampler: {why}"),
    })?;
    let mut encode = |samples: &[f32]| -> Result<(), RenditionError> {
        opus.write(samples)?;
        saver.write(samples)?;
        mp3.write(samples)
    };
    let mut reader = BufReader::with_capacity(
        256 * 1024,
        File::open(&temp.0).map_err(|e| RenditionError::io(&temp.0, e))?,
    );
    // About 85 ms at 48 kHz stereo: a whole number of frames.
    let block_frames = 4096;
    bytes.resize(block_frames * channels * 4, 0);
    loop {
        let n = read_full(&mut reader, &mut bytes).map_err(|e| RenditionError::io(&temp.0, e))?;
        if n == 0 {
            break;
        }
        options.check_stop(source)?;
        block.clear();
        block.extend(
            bytes[..n]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]) * gain),
        );
        resampler.push(&block, &mut encode)?;
    }
    resampler.finish(&mut encode)?;
    drop(temp);
    let sizes = [opus.finish()?, saver.finish()?, mp3.finish()?];
    let mimes = [MIME_OPUS, MIME_OPUS, MIME_MP3];
    let renditions = kinds
        .into_iter()
        .zip(paths)
        .zip(sizes)
        .zip(mimes)
        .map(|(((kind, path), bytes), mime)| Rendition {
            kind,
            path,
            mime,
            bytes,
            kbps: bytes as f64 * 8.0 / 1000.0 / duration_seconds.max(1e-9),
        })
        .collect();

    let peaks_path = out_dir.join(format!("{stem}.peaks.json"));
    peaks
        .write(&peaks_path, gain, duration_seconds)
        .map_err(|e| RenditionError::io(&peaks_path, e))?;

    Ok(Processed {
        duration_seconds,
        loudness_lufs,
        true_peak_dbtp,
        gain_db,
        renditions,
        peaks_path,
        source_hash,
    })
}

fn hash_file(path: &Path) -> Result<String, RenditionError> {
    let file = File::open(path).map_err(|e| RenditionError::io(path, e))?;
    let mut hasher = blake3::Hasher::new();
    hasher
        .update_reader(file)
        .map_err(|e| RenditionError::io(path, e))?;
    Ok(hasher.finalize().to_hex().to_string())
}

/// Fills `buf` unless the stream ends first; returns how much it read.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Waveform peaks: the lowest and highest sample (over all channels) per
/// bucket. When the header states the length, the track gets exactly
/// `buckets` buckets. When it does not (some MP3s), buckets start at 10 ms
/// and, whenever there are twice as many as wanted, neighbours are merged
/// and the bucket length doubles: the file then has between `buckets` and
/// twice as many, in constant memory either way.
struct Peaks {
    wanted: usize,
    /// The header's frame count, when the bucket count is fixed.
    total: Option<u64>,
    frames_per_bucket: u64,
    /// Frames seen, and the frame that closes the current bucket.
    frame: u64,
    boundary: u64,
    min: Vec<f32>,
    max: Vec<f32>,
    in_bucket: u64,
    low: f32,
    high: f32,
}

#[derive(Serialize)]
struct PeaksFile<'a> {
    version: u32,
    buckets: usize,
    seconds: f64,
    min: &'a [i8],
    max: &'a [i8],
}

impl Peaks {
    fn new(wanted: usize, header_frames: Option<u64>, rate: u32) -> Peaks {
        let mut wanted = wanted.max(1);
        if let Some(total) = header_frames {
            wanted = wanted.min(total as usize);
        }
        let frames_per_bucket = (u64::from(rate) / 100).max(1);
        let mut peaks = Peaks {
            wanted,
            total: header_frames,
            frames_per_bucket,
            frame: 0,
            boundary: 0,
            min: Vec::with_capacity(2 * wanted),
            max: Vec::with_capacity(2 * wanted),
            in_bucket: 0,
            low: 0.0,
            high: 0.0,
        };
        peaks.boundary = peaks.next_boundary();
        peaks
    }

    /// Where the next bucket ends: bucket k of n ends at frame
    /// ⌊(k + 1) × total / n⌋, so a known length gets exactly n buckets.
    fn next_boundary(&self) -> u64 {
        let k = self.min.len() as u64 + 1;
        match self.total {
            Some(total) if k < self.wanted as u64 => k * total / self.wanted as u64,
            // The last bucket takes whatever the header did not count.
            Some(_) => u64::MAX,
            None => self.frame + self.frames_per_bucket,
        }
    }

    fn add(&mut self, block: &[f32], channels: usize) {
        for frame in block.chunks_exact(channels) {
            for &s in frame {
                self.low = self.low.min(s);
                self.high = self.high.max(s);
            }
            self.in_bucket += 1;
            self.frame += 1;
            if self.frame >= self.boundary {
                self.close_bucket();
            }
        }
    }

    fn close_bucket(&mut self) {
        self.min.push(self.low);
        self.max.push(self.high);
        self.in_bucket = 0;
        self.low = 0.0;
        self.high = 0.0;
        if self.total.is_none() && self.min.len() == 2 * self.wanted {
            for i in 0..self.wanted {
                self.min[i] = self.min[2 * i].min(self.min[2 * i + 1]);
                self.max[i] = self.max[2 * i].max(self.max[2 * i + 1]);
            }
            self.min.truncate(self.wanted);
            self.max.truncate(self.wanted);
            self.frames_per_bucket *= 2;
        }
        self.boundary = self.next_boundary();
    }

    /// Writes the peaks as the renditions play them (after `gain`), as
    /// integers from −127 to 127.
    fn write(mut self, path: &Path, gain: f32, seconds: f64) -> io::Result<()> {
        if self.in_bucket > 0 {
            self.close_bucket();
        }
        let scale = |v: &f32| (v * gain * 127.0).round().clamp(-127.0, 127.0) as i8;
        let min: Vec<i8> = self.min.iter().map(scale).collect();
        let max: Vec<i8> = self.max.iter().map(scale).collect();
        let file = PeaksFile {
            version: 1,
            buckets: min.len(),
            seconds: (seconds * 1000.0).round() / 1000.0,
            min: &min,
            max: &max,
        };
        let json = serde_json::to_vec(&file).map_err(io::Error::other)?;
        fs::write(path, json)
    }
}
