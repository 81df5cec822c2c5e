//! Every format but WAV, demuxed and decoded packet by packet with
//! Symphonia: which codec it holds, whether all of it decodes, how long it
//! lasts, and the decode limits applied as it goes.

use std::fs::File;
use std::io;

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

use super::errors::{AUDIO_KINDS, ProbeError, not_audio, seconds_text};
use super::sniff::Container;
use super::{AudioInfo, AudioLimits};

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
pub(super) fn decode(
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
