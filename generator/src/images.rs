//! Images taken for artwork, judged by their bytes: JPEG and PNG only,
//! checked for size before any pixel is decoded, turned upright by their
//! Exif orientation, re-encoded (which drops Exif, GPS and every other
//! metadata block) and given their derivatives, made once: `50x50`, `80x80`
//! and `300x300` (centred squares), `300` (300 wide) and `1400x1400` (the
//! podcast feeds' square). The upload service uses this for new artwork;
//! `trogs media process` for artwork already in the catalog.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Why an image is not taken.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ImageError {
    /// Not a kind of image we take, or too large to take.
    #[error("{0}")]
    Unsupported(String),
    /// The right kind, but damaged.
    #[error("{0}")]
    Broken(String),
}

/// The derivative sizes, as their key suffixes, in the order made.
pub const SIZES: [&str; 5] = ["50x50", "80x80", "300x300", "300", FEED_SIZE];

/// The square podcast feeds name as their `itunes:image`: Apple Podcasts
/// takes only square JPEGs and PNGs of 1400 to 3000 pixels a side, in RGB.
pub const FEED_SIZE: &str = "1400x1400";
/// The feed square's side, in pixels.
pub const FEED_SIDE: u32 = 1400;

/// The item attributes that record an image's derivatives (`50x50,80x80,…`)
/// and the size of the image itself, upright, in pixels.
pub use crate::catalog::items::{IMAGE_HEIGHT, IMAGE_SIZES, IMAGE_WIDTH};

/// The size of the derivative `size` of an image of `width`×`height`
/// pixels, as [`Checked::decode`] makes it; `None` for a size it does not
/// make.
pub fn derivative_dimensions(size: &str, width: u32, height: u32) -> Option<(u32, u32)> {
    let square = |side: u32| {
        let s = side.min(width.min(height));
        Some((s, s))
    };
    match size {
        "50x50" => square(50),
        "80x80" => square(80),
        "300x300" => square(300),
        "300" if width > 300 => Some((
            300,
            ((f64::from(height) * 300.0 / f64::from(width)).round() as u32).max(1),
        )),
        "300" => Some((width, height)),
        FEED_SIZE => Some((FEED_SIDE, FEED_SIDE)),
        _ => None,
    }
}

/// What an artist's or album's item records of its image besides its key:
/// the derivatives stored beside it, and its size when known (items written
/// before sizes were recorded, such as the original site's, have none until
/// `trogs media process` runs).
#[derive(Debug, Clone, Default, PartialEq, Hash)]
pub struct Recorded<'a> {
    sizes: &'a [String],
    pub dimensions: Option<(u32, u32)>,
}

impl<'a> Recorded<'a> {
    pub fn of(trogs: &'a crate::catalog::model::Written) -> Recorded<'a> {
        Recorded {
            sizes: &trogs.image.sizes,
            dimensions: trogs.image.width.zip(trogs.image.height),
        }
    }

    /// Whether the derivative `size` is stored.
    pub fn has(&self, size: &str) -> bool {
        self.sizes.iter().any(|s| s == size)
    }

    /// The size of the derivative `size`, when it is stored and the
    /// image's own size is known.
    pub fn dimensions_of(&self, size: &str) -> Option<(u32, u32)> {
        let (w, h) = self.dimensions?;
        self.has(size)
            .then(|| derivative_dimensions(size, w, h))
            .flatten()
    }

    /// Whether everything [`derive_catalog`] makes is recorded.
    pub fn complete(&self) -> bool {
        self.dimensions.is_some() && SIZES.iter().all(|s| self.has(s))
    }
}

/// `art/x/cover-abc.jpg` at size `300x300` is `art/x/cover-abc.300x300.jpg`:
/// one rule, kept with the catalog's media keys.
pub use crate::catalog::edit::derivative_key;

fn unreadable(_: io::Error) -> ImageError {
    ImageError::Broken("The image could not be read back; try uploading it again.".into())
}

/// Reads up to `buf.len()` bytes, fewer only at the end of the file: the
/// head of an upload, which its type is told from (here and by the upload
/// service's audio probe).
pub fn read_up_to(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// An uploaded image, re-encoded, with its derivatives.
#[derive(Debug, Clone)]
pub struct Image {
    /// The re-encoded image: JPEG for JPEG, PNG for PNG.
    pub bytes: Vec<u8>,
    pub ext: &'static str,
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    /// (suffix, bytes, mime): `50x50`, `80x80`, `300x300` (cropped), `300`
    /// (300 wide) and `1400x1400` (cropped, for podcast feeds).
    pub derivatives: Vec<(&'static str, Vec<u8>, &'static str)>,
}

impl Image {
    /// What its item records of it: its derivatives and its size.
    pub fn info(&self) -> crate::catalog::model::ImageInfo {
        crate::catalog::model::ImageInfo {
            sizes: self
                .derivatives
                .iter()
                .map(|(s, _, _)| s.to_string())
                .collect(),
            width: Some(self.width),
            height: Some(self.height),
        }
    }
}

/// The widest or tallest image we take, in pixels.
pub const MAX_IMAGE_SIDE: u32 = 12_000;
/// The most pixels we take: 40 megapixels.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
/// The quality of re-encoded JPEGs.
const JPEG_QUALITY: u8 = 85;

const IMAGE_KINDS: &str = "upload a JPEG or PNG";

fn too_large() -> ImageError {
    ImageError::Unsupported(format!(
        "This image is too large: we take at most {MAX_IMAGE_SIDE} pixels on a side and {} \
         megapixels; resize it and upload it again.",
        MAX_IMAGE_PIXELS / 1_000_000
    ))
}

fn broken_image(kind: &str) -> ImageError {
    ImageError::Broken(format!(
        "The {kind} image is damaged or cut short; save it again and upload the whole file."
    ))
}

/// Checks and re-encodes the image at `path`: [`check`], then
/// [`Checked::decode`], with no budget.
pub fn image(path: &Path) -> Result<Image, ImageError> {
    check(path)?.decode()
}

/// An image whose kind and dimensions are checked, not yet decoded.
#[derive(Debug)]
pub struct Checked {
    path: PathBuf,
    format: ImageFormat,
    kind: &'static str,
    ext: &'static str,
    mime: &'static str,
    cost: u64,
}

impl Checked {
    /// The most memory decoding it and making its derivatives holds at
    /// once, in bytes: what a [`DecodeBudget`] is asked for.
    pub fn cost(&self) -> u64 {
        self.cost
    }
}

/// Checks the image at `path` without decoding a pixel.
///
/// The magic bytes decide JPEG or PNG. The header's dimensions are checked
/// before any pixel is decoded, so a small file claiming a huge image (a
/// decompression bomb) costs nothing; a JPEG must also end whole. Reads the
/// file: call it off the async runtime's threads.
pub fn check(path: &Path) -> Result<Checked, ImageError> {
    let mut file = File::open(path).map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    if len == 0 {
        return Err(ImageError::Broken(
            "The image file is empty (0 bytes); save it again and upload it.".into(),
        ));
    }
    let mut head = [0u8; 16];
    let n = read_up_to(&mut file, &mut head).map_err(unreadable)?;
    let head = &head[..n];
    let (format, kind, ext, mime) = if head.starts_with(&[0xff, 0xd8, 0xff]) {
        (ImageFormat::Jpeg, "JPEG", "jpg", "image/jpeg")
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        (ImageFormat::Png, "PNG", "png", "image/png")
    } else {
        let seems = image_description(head)
            .map(|w| format!(" (it looks like {w})"))
            .unwrap_or_default();
        return Err(ImageError::Unsupported(format!(
            "This file is not an image we take{seems}; {IMAGE_KINDS}."
        )));
    };
    file.seek(SeekFrom::Start(0)).map_err(unreadable)?;
    let mut reader = BufReader::new(file);
    // Bytes per pixel as decoded (8 bits a sample), and whether the decoder
    // keeps every coefficient of the picture as well.
    let (w, h, channels, progressive) = if format == ImageFormat::Jpeg {
        let frame = jpeg_ends_whole(&mut reader).map_err(|_| broken_image(kind))?;
        // Grey stays one channel; colour (CMYK too) becomes RGB.
        let channels = match frame.components {
            1 => 1,
            n => u64::from(n).max(3),
        };
        (frame.width, frame.height, channels, frame.progressive)
    } else {
        let mut decoder = png::Decoder::new_with_limits(reader, png_limits());
        let info = decoder.read_header_info().map_err(|e| png_error(kind, e))?;
        // Expanded to 8 bits a sample; a palette or a transparent colour
        // may add an alpha channel, which the header does not yet tell.
        let channels = match info.color_type {
            png::ColorType::Grayscale | png::ColorType::GrayscaleAlpha => 2,
            png::ColorType::Rgb | png::ColorType::Rgba | png::ColorType::Indexed => 4,
        };
        (info.width, info.height, channels, false)
    };
    if w == 0 || h == 0 {
        return Err(broken_image(kind));
    }
    if w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE || u64::from(w) * u64::from(h) > MAX_IMAGE_PIXELS {
        return Err(too_large());
    }
    // The pixels, one copy of them (turned upright, or converted for the
    // encoder), the re-encoded file (about the upload's size) and the
    // small working copies; a progressive JPEG's coefficients besides.
    let pixels = u64::from(w) * u64::from(h) * channels;
    let coefficients = if progressive { 2 * pixels } else { 0 };
    let cost = 2 * pixels + coefficients + 2 * len + (4 << 20) + feed_cost(w, h, channels);
    Ok(Checked {
        path: path.to_path_buf(),
        format,
        kind,
        ext,
        mime,
        cost,
    })
}

/// The memory the feed square takes besides the decoded image: a copy of
/// the image scaled so its shorter side is [`FEED_SIDE`] (or its centred
/// square, when smaller), the square at 8-bit RGBA, its RGB copy and the
/// encoded file.
fn feed_cost(w: u32, h: u32, channels: u64) -> u64 {
    let short = w.min(h);
    let scaled = if short > FEED_SIDE {
        let scale = f64::from(FEED_SIDE) / f64::from(short);
        (f64::from(w) * scale).ceil() as u64 * (f64::from(h) * scale).ceil() as u64 * channels
    } else {
        u64::from(short) * u64::from(short) * channels
    };
    let square = u64::from(FEED_SIDE) * u64::from(FEED_SIDE);
    scaled + square * (4 + 3 + 3)
}

/// What the PNG decoder may allocate: the largest image we take at 8 bits
/// a sample, and its working rows.
fn png_limits() -> png::Limits {
    png::Limits {
        bytes: usize::try_from(MAX_IMAGE_PIXELS * 4 + (64 << 20)).unwrap_or(usize::MAX),
    }
}

fn png_error(kind: &str, e: png::DecodingError) -> ImageError {
    match e {
        png::DecodingError::LimitsExceeded => too_large(),
        _ => broken_image(kind),
    }
}

impl Checked {
    /// Decodes the image, turns it upright, re-encodes it and makes its
    /// derivatives. Holds up to [`Checked::cost`] bytes while it runs; run it
    /// off the async runtime's threads.
    ///
    /// Re-encoding writes pixels only, so Exif (GPS, camera serials) and
    /// every other metadata block is gone from what we store; the Exif
    /// orientation is applied to the pixels first, so the picture still
    /// stands upright. PNGs of 16 bits a sample are read as 8 bits, as
    /// every derivative is: half the memory, and the same artwork.
    ///
    /// Derivatives are JPEG for a JPEG and PNG for a PNG (PNG keeps
    /// transparency). Those for pages are never upscaled: the squares are
    /// the largest centred square, shrunk to 50, 80 or 300 pixels, or left
    /// at its own size when smaller; the `300` derivative is 300 wide, or
    /// the image's own width when it is narrower. A page sizes them with
    /// CSS, which enlarges just as well without storing bigger files.
    ///
    /// The feed square (`1400x1400`) is always 1400×1400: Apple Podcasts
    /// refuses a feed whose artwork is smaller, so a smaller image's
    /// centred square is enlarged (Catmull-Rom) rather than leaving the
    /// artist's podcast out; a larger one is shrunk. It is RGB without
    /// transparency (grey is made RGB; transparent parts are laid on
    /// white), as Apple asks.
    pub fn decode(self) -> Result<Image, ImageError> {
        self.decode_making(true)
    }

    /// Decodes, turns upright and re-encodes the image as [`Checked::decode`]
    /// does, without making its derivatives (`derivatives` is empty): what
    /// a request stores when the derivatives are left to a later job.
    pub fn decode_alone(self) -> Result<Image, ImageError> {
        self.decode_making(false)
    }

    fn decode_making(self, derivatives: bool) -> Result<Image, ImageError> {
        let Checked {
            path,
            format,
            kind,
            ext,
            mime,
            ..
        } = self;
        let reader = BufReader::new(File::open(&path).map_err(unreadable)?);
        let (mut pixels, orientation) = if format == ImageFormat::Png {
            decode_png(reader, kind)?
        } else {
            decode_jpeg(reader, kind)?
        };
        pixels.apply_orientation(orientation);
        if !derivatives {
            return Ok(Image {
                bytes: encode_image(&pixels, format)?,
                ext,
                mime,
                width: pixels.width(),
                height: pixels.height(),
                derivatives: Vec::new(),
            });
        }
        derive(pixels, format, ext, mime)
    }
}

fn decode_jpeg(
    reader: BufReader<File>,
    kind: &str,
) -> Result<(DynamicImage, image::metadata::Orientation), ImageError> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    // Room for the largest image we take, its coefficients and copies.
    limits.max_alloc = Some(MAX_IMAGE_PIXELS * 12 + (64 << 20));
    let mut reader = ImageReader::with_format(reader, ImageFormat::Jpeg);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| image_error(kind, e))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let pixels = DynamicImage::from_decoder(decoder).map_err(|e| image_error(kind, e))?;
    Ok((pixels, orientation))
}

/// Decodes a PNG at 8 bits a sample (16-bit samples keep their high byte,
/// palettes and low bit depths are expanded), straight into the buffer the
/// image keeps.
fn decode_png(
    reader: BufReader<File>,
    kind: &str,
) -> Result<(DynamicImage, image::metadata::Orientation), ImageError> {
    let mut decoder = png::Decoder::new_with_limits(reader, png_limits());
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| png_error(kind, e))?;
    let (w, h) = reader.info().size();
    if w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE || u64::from(w) * u64::from(h) > MAX_IMAGE_PIXELS {
        return Err(too_large());
    }
    let orientation = reader
        .info()
        .exif_metadata
        .as_deref()
        .and_then(image::metadata::Orientation::from_exif_chunk)
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let size = reader.output_buffer_size().ok_or_else(too_large)?;
    let mut buf = vec![0u8; size];
    let frame = reader
        .next_frame(&mut buf)
        .map_err(|e| png_error(kind, e))?;
    buf.truncate(frame.buffer_size());
    let unsupported = || {
        ImageError::Unsupported(format!(
            "This {kind} uses a feature we can't read; save it as a plain JPEG or PNG and \
             upload it again."
        ))
    };
    let (w, h) = (frame.width, frame.height);
    let pixels = match (frame.color_type, frame.bit_depth) {
        (png::ColorType::Grayscale, png::BitDepth::Eight) => {
            image::GrayImage::from_raw(w, h, buf).map(DynamicImage::ImageLuma8)
        }
        (png::ColorType::GrayscaleAlpha, png::BitDepth::Eight) => {
            image::GrayAlphaImage::from_raw(w, h, buf).map(DynamicImage::ImageLumaA8)
        }
        (png::ColorType::Rgb, png::BitDepth::Eight) => {
            image::RgbImage::from_raw(w, h, buf).map(DynamicImage::ImageRgb8)
        }
        (png::ColorType::Rgba, png::BitDepth::Eight) => {
            image::RgbaImage::from_raw(w, h, buf).map(DynamicImage::ImageRgba8)
        }
        _ => None,
    }
    .ok_or_else(unsupported)?;
    Ok((pixels, orientation))
}

/// Re-encodes upright pixels and makes the derivatives.
fn derive(
    pixels: DynamicImage,
    format: ImageFormat,
    ext: &'static str,
    mime: &'static str,
) -> Result<Image, ImageError> {
    let encode = |img: &DynamicImage| encode_image(img, format);
    let bytes = encode(&pixels)?;
    let mut derivatives = Vec::with_capacity(4);
    // Shrink once to a working copy near the largest derivative, so the
    // four resizes cost little however large the upload.
    let work = if pixels.width().min(pixels.height()) > 600 {
        let scale = 600.0 / f64::from(pixels.width().min(pixels.height()));
        let nw = ((f64::from(pixels.width()) * scale).round() as u32).max(1);
        let nh = ((f64::from(pixels.height()) * scale).round() as u32).max(1);
        pixels.thumbnail_exact(nw, nh)
    } else {
        pixels.clone()
    };
    for (suffix, side) in [("50x50", 50u32), ("80x80", 80), ("300x300", 300)] {
        let square = work.width().min(work.height());
        let crop = work.crop_imm(
            (work.width() - square) / 2,
            (work.height() - square) / 2,
            square,
            square,
        );
        let target = side.min(pixels.width().min(pixels.height()));
        let out = if crop.width() == target {
            crop
        } else {
            crop.resize_exact(target, target, image::imageops::FilterType::CatmullRom)
        };
        derivatives.push((suffix, encode(&out)?, mime));
    }
    let wide = if pixels.width() > 300 {
        let nh = ((f64::from(pixels.height()) * 300.0 / f64::from(pixels.width())).round() as u32)
            .max(1);
        work.resize_exact(300, nh, image::imageops::FilterType::CatmullRom)
    } else {
        pixels.clone()
    };
    derivatives.push(("300", encode(&wide)?, mime));
    derivatives.push((FEED_SIZE, encode(&feed_square(&pixels))?, mime));

    Ok(Image {
        bytes,
        ext,
        mime,
        width: pixels.width(),
        height: pixels.height(),
        derivatives,
    })
}

/// The feed square: the centred square of `pixels` at exactly
/// [`FEED_SIDE`] a side, opaque RGB.
fn feed_square(pixels: &DynamicImage) -> DynamicImage {
    let (w, h) = (pixels.width(), pixels.height());
    let short = w.min(h);
    // A large image is first shrunk whole (a box filter, as the working
    // copy above), so the crop copies 1400 rows, not the whole upload.
    let square = if short > FEED_SIDE {
        let scale = f64::from(FEED_SIDE) / f64::from(short);
        let nw = ((f64::from(w) * scale).round() as u32).max(FEED_SIDE);
        let nh = ((f64::from(h) * scale).round() as u32).max(FEED_SIDE);
        let scaled = pixels.thumbnail_exact(nw, nh);
        scaled.crop_imm(
            (nw - FEED_SIDE) / 2,
            (nh - FEED_SIDE) / 2,
            FEED_SIDE,
            FEED_SIDE,
        )
    } else {
        let crop = pixels.crop_imm((w - short) / 2, (h - short) / 2, short, short);
        if short == FEED_SIDE {
            crop
        } else {
            crop.resize_exact(
                FEED_SIDE,
                FEED_SIDE,
                image::imageops::FilterType::CatmullRom,
            )
        }
    };
    opaque_rgb(square)
}

/// `img` as 8-bit RGB: grey spread over the three channels, and
/// transparent pixels laid on white (dropping alpha alone would show
/// whatever colour the transparent pixels happen to hold, often black).
fn opaque_rgb(img: DynamicImage) -> DynamicImage {
    match img {
        DynamicImage::ImageRgb8(_) => img,
        img if !img.color().has_alpha() => DynamicImage::ImageRgb8(img.to_rgb8()),
        img => {
            let rgba = img.to_rgba8();
            let (w, h) = rgba.dimensions();
            let mut rgb = image::RgbImage::new(w, h);
            for (out, px) in rgb.pixels_mut().zip(rgba.pixels()) {
                let [r, g, b, a] = px.0;
                let over = |c: u8| {
                    ((u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a)) + 127) / 255) as u8
                };
                *out = image::Rgb([over(r), over(g), over(b)]);
            }
            DynamicImage::ImageRgb8(rgb)
        }
    }
}

fn image_error(kind: &str, e: image::ImageError) -> ImageError {
    match e {
        image::ImageError::Limits(_) => too_large(),
        image::ImageError::Unsupported(_) => ImageError::Unsupported(format!(
            "This {kind} uses a feature we can't read; save it as a plain JPEG or PNG and \
             upload it again."
        )),
        _ => broken_image(kind),
    }
}

/// Encodes pixels in the upload's own format: JPEG (quality 85, 8-bit RGB
/// or grey) or PNG (any colour type, transparency kept).
fn encode_image(img: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, ImageError> {
    let mut out = Cursor::new(Vec::new());
    let result = if format == ImageFormat::Jpeg {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
        match img {
            DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => {
                img.write_with_encoder(encoder)
            }
            _ => DynamicImage::ImageRgb8(img.to_rgb8()).write_with_encoder(encoder),
        }
    } else {
        img.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out))
    };
    result.map_err(|_| {
        ImageError::Broken(
            "The image could not be re-encoded; save it again as a plain JPEG or PNG and \
             upload it."
                .into(),
        )
    })?;
    Ok(out.into_inner())
}

fn image_description(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(b"GIF8") {
        Some("a GIF")
    } else if b.starts_with(b"RIFF") && b.len() >= 12 && &b[8..12] == b"WEBP" {
        Some("a WebP image")
    } else if b.len() >= 12
        && &b[4..8] == b"ftyp"
        && matches!(&b[8..12], b"heic" | b"heix" | b"mif1" | b"avif")
    {
        Some("a HEIC or AVIF image")
    } else if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") {
        Some("a TIFF image")
    } else if b.starts_with(b"ID3") {
        Some("audio")
    } else if b.starts_with(b"BM") {
        Some("a BMP image")
    } else {
        let audio = b.starts_with(b"fLaC")
            || b.starts_with(b"OggS")
            || (b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WAVE")
            || (b.len() >= 8 && &b[4..8] == b"ftyp")
            || (b.len() >= 2 && b[0] == 0xff && b[1] & 0xe0 == 0xe0);
        let text = !b.is_empty()
            && b.iter()
                .all(|c| c.is_ascii_graphic() || c.is_ascii_whitespace());
        if audio {
            Some("audio")
        } else if text && b.trim_ascii_start().starts_with(b"<") {
            Some("a web page or markup")
        } else if text {
            Some("text")
        } else {
            None
        }
    }
}

/// Walks a JPEG's segments from SOI to EOI. A JPEG decoder fills a cut
/// file's missing rows with grey rather than fail, so the end marker is the
/// only proof that the whole picture arrived. Inside entropy-coded data an
/// 0xFF byte is always followed by 0x00 or a restart marker, so the first
/// other marker after it ends the scan. Gives the frame header's
/// dimensions and components, and whether the picture is progressive.
fn jpeg_ends_whole(r: &mut impl BufRead) -> Result<JpegFrame, ()> {
    fn byte(r: &mut impl BufRead) -> Result<u8, ()> {
        let mut b = [0u8; 1];
        r.read_exact(&mut b).map_err(|_| ())?;
        Ok(b[0])
    }
    fn skip(r: &mut impl BufRead, mut n: u64) -> Result<(), ()> {
        while n > 0 {
            let buf = r.fill_buf().map_err(|_| ())?;
            if buf.is_empty() {
                return Err(());
            }
            let k = (buf.len() as u64).min(n);
            r.consume(k as usize);
            n -= k;
        }
        Ok(())
    }
    if byte(r)? != 0xff || byte(r)? != 0xd8 {
        return Err(());
    }
    let mut pending: Option<u8> = None;
    let mut frame: Option<JpegFrame> = None;
    loop {
        let marker = match pending.take() {
            Some(m) => m,
            None => {
                if byte(r)? != 0xff {
                    return Err(());
                }
                let mut m = byte(r)?;
                while m == 0xff {
                    m = byte(r)?;
                }
                m
            }
        };
        match marker {
            0xd9 => return frame.ok_or(()),
            0x01 | 0xd0..=0xd7 => {}
            _ => {
                let len = u16::from_be_bytes([byte(r)?, byte(r)?]);
                if len < 2 {
                    return Err(());
                }
                let mut rest = u64::from(len) - 2;
                // Start of frame: all 0xCn but DHT (C4), JPG (C8) and DAC (CC).
                if matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc) {
                    if rest < 6 {
                        return Err(());
                    }
                    let _precision = byte(r)?;
                    let height = u16::from_be_bytes([byte(r)?, byte(r)?]);
                    let width = u16::from_be_bytes([byte(r)?, byte(r)?]);
                    let components = byte(r)?;
                    rest -= 6;
                    frame.get_or_insert(JpegFrame {
                        width: u32::from(width),
                        height: u32::from(height),
                        components,
                        progressive: matches!(marker, 0xc2 | 0xc6 | 0xca | 0xce),
                    });
                }
                skip(r, rest)?;
                if marker == 0xda {
                    pending = Some(scan_entropy(r)?);
                }
            }
        }
    }
}

/// A JPEG's frame header, as far as its cost to decode goes.
struct JpegFrame {
    width: u32,
    height: u32,
    components: u8,
    progressive: bool,
}

/// Skips entropy-coded data and returns the marker that ends it.
fn scan_entropy(r: &mut impl BufRead) -> Result<u8, ()> {
    let mut after_ff = false;
    loop {
        let buf = r.fill_buf().map_err(|_| ())?;
        if buf.is_empty() {
            return Err(());
        }
        let mut i = 0;
        while i < buf.len() {
            if after_ff {
                let b = buf[i];
                match b {
                    0x00 | 0xd0..=0xd7 => after_ff = false,
                    0xff => {}
                    marker => {
                        r.consume(i + 1);
                        return Ok(marker);
                    }
                }
                i += 1;
            } else {
                match buf[i..].iter().position(|&b| b == 0xff) {
                    Some(p) => {
                        after_ff = true;
                        i += p + 1;
                    }
                    None => i = buf.len(),
                }
            }
        }
        let n = buf.len();
        r.consume(n);
    }
}

// ---------------------------------------------------------------- the budget

/// The memory image decodes may hold at once in one process unless set
/// otherwise: one of the largest images we take (40 megapixels, as a
/// progressive JPEG or an RGBA PNG) fits in it, two do not.
pub const DEFAULT_DECODE_BUDGET: u64 = 512 << 20;

/// One budget of memory shared by every image decode in the process, so
/// that many large images at once wait their turn instead of exhausting
/// the machine. A decode takes its [`Checked::cost`] (counted in KiB)
/// before it starts and gives it back when its permit is dropped. A decode
/// costing more than the whole budget takes all of it: it runs alone
/// rather than never.
#[derive(Debug)]
pub struct DecodeBudget {
    permits: Arc<Semaphore>,
    kib: u32,
}

/// A decode's share of the budget, given back when dropped.
#[derive(Debug)]
pub struct DecodePermit(#[allow(dead_code)] OwnedSemaphorePermit);

impl DecodeBudget {
    pub fn new(bytes: u64) -> DecodeBudget {
        let kib = u32::try_from(bytes.div_ceil(1024))
            .unwrap_or(u32::MAX)
            .clamp(1, u32::try_from(Semaphore::MAX_PERMITS).unwrap_or(u32::MAX));
        DecodeBudget {
            permits: Arc::new(Semaphore::new(kib as usize)),
            kib,
        }
    }

    /// The whole budget, in bytes.
    pub fn bytes(&self) -> u64 {
        u64::from(self.kib) * 1024
    }

    /// Waits until `cost` bytes of the budget are free, and takes them.
    /// Waiters are served in turn, so a large decode is not passed by a
    /// stream of small ones forever.
    pub async fn acquire(&self, cost: u64) -> DecodePermit {
        let kib = u32::try_from(cost.div_ceil(1024))
            .unwrap_or(u32::MAX)
            .clamp(1, self.kib);
        let permit = self
            .permits
            .clone()
            .acquire_many_owned(kib)
            .await
            .expect("the decode budget is never closed");
        DecodePermit(permit)
    }
}

static BUDGET: OnceLock<DecodeBudget> = OnceLock::new();

/// The process's decode budget: [`DEFAULT_DECODE_BUDGET`] unless
/// [`set_decode_budget`] came first.
pub fn decode_budget() -> &'static DecodeBudget {
    BUDGET.get_or_init(|| DecodeBudget::new(DEFAULT_DECODE_BUDGET))
}

/// Sets the process's decode budget, in bytes; false (and nothing
/// changed) if the budget was set or used already.
pub fn set_decode_budget(bytes: u64) -> bool {
    BUDGET.set(DecodeBudget::new(bytes)).is_ok()
}

/// Checks the image at `path`, waits for its share of the process's
/// decode budget, then decodes it, off the async runtime's threads. The
/// share is held until the decode is done, even if the caller stops
/// waiting for it.
pub async fn image_in_budget(path: &Path) -> Result<Image, ImageError> {
    let read = path.to_path_buf();
    let checked = tokio::task::spawn_blocking(move || check(&read))
        .await
        .map_err(|_| unreadable(io::Error::other("the image check stopped")))??;
    let permit = decode_budget().acquire(checked.cost()).await;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        checked.decode()
    })
    .await
    .map_err(|_| unreadable(io::Error::other("the image decode stopped")))?
}

// ---------------------------------------------------------------- the catalog

/// What [`derive_catalog`] did.
#[derive(Debug, Default)]
pub struct CatalogReport {
    /// Images given their derivatives now.
    pub derived: usize,
    /// Images that had them already.
    pub skipped: usize,
    /// Images that could not be read or are not images we take, with why.
    pub failed: Vec<String>,
}

impl std::fmt::Display for CatalogReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} images given derivatives, {} had them, {} failed",
            self.derived,
            self.skipped,
            self.failed.len()
        )
    }
}

/// One image found in the catalog: the item's key, its image's media key
/// and the derivatives it records already.
struct Artwork {
    key: crate::store::Key,
    image: String,
    have: Vec<String>,
}

/// Gives every artist and album image in the catalog its derivatives, as
/// the upload service does for new uploads, and records them on the item
/// (`ImageSizes`, with the image's own size in `ImageWidth` and
/// `ImageHeight`). The original image is left as it is. Items that record
/// every derivative and their size already are skipped, so running it
/// again does nothing new and an interrupted run picks up where it
/// stopped; an item from before a derivative was added (such as the feed
/// square) gets the ones it lacks. Images that are full
/// URLs (not in the media store) are left alone. Up to `jobs` images are
/// worked on at once; `progress` hears (done, total).
///
/// This reads the whole table a page at a time (a scan): it is a batch job
/// over every item, not a page.
pub async fn derive_catalog(
    store: &crate::store::Store,
    media: &crate::media::Media,
    jobs: usize,
    progress: Option<crate::progress::Progress>,
) -> Result<CatalogReport, crate::store::StoreError> {
    let mut report = CatalogReport::default();
    let mut todo = Vec::new();
    let mut start = None;
    loop {
        let page = store.scan(start, 1000).await?;
        for item in &page.items {
            let Some(key) = crate::store::Key::of(item) else {
                continue;
            };
            let entity = match crate::catalog::items::from_item(item) {
                Ok(crate::catalog::model::Entity::Artist(a)) => a.image().map(str::to_string),
                Ok(crate::catalog::model::Entity::Album(a)) => a.image().map(str::to_string),
                _ => None,
            };
            let Some(image) = entity else { continue };
            if image.contains("://") || image.starts_with("//") {
                continue;
            }
            let written = crate::catalog::model::Written::of(item);
            let recorded = Recorded::of(&written);
            if recorded.complete() {
                report.skipped += 1;
                continue;
            }
            let have = SIZES
                .iter()
                .filter(|s| recorded.has(s))
                .map(|s| s.to_string())
                .collect();
            todo.push(Artwork { key, image, have });
        }
        start = page.next;
        if start.is_none() {
            break;
        }
    }
    let (derived, failed) = crate::progress::run_bounded(todo, jobs, progress, |art| async move {
        let outcome = derive_one(store, media, &art).await;
        (art, outcome)
    })
    .await;
    report.derived = derived;
    report.failed = failed
        .into_iter()
        .map(|(art, why)| format!("{} ({}): {why}", art.image, art.key))
        .collect();
    Ok(report)
}

async fn derive_one(
    store: &crate::store::Store,
    media: &crate::media::Media,
    art: &Artwork,
) -> Result<(), String> {
    use crate::catalog::items;
    use crate::store::StoreError;
    use tokio::io::AsyncWriteExt as _;

    let Some(mut reader) = media.reader(&art.image).await.map_err(|e| e.to_string())? else {
        return Err("not in the media store".into());
    };
    let spool = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    let (file, path) = spool.into_parts();
    let mut file = tokio::fs::File::from_std(file);
    tokio::io::copy(&mut reader, &mut file)
        .await
        .map_err(|e| format!("reading it: {e}"))?;
    file.flush().await.map_err(|e| e.to_string())?;
    drop(file);
    // The same budget as uploads: however many jobs run, large images
    // take their turn.
    let image = image_in_budget(&path).await.map_err(|e| e.to_string())?;
    // Those stored by an earlier run or the upload service are the same
    // pixels: only the missing ones are written.
    for (size, bytes, _) in &image.derivatives {
        if art.have.iter().any(|h| h == size) {
            continue;
        }
        media
            .put_bytes(&derivative_key(&art.image, size), bytes)
            .await
            .map_err(|e| e.to_string())?;
    }
    let mut updates = items::image_updates(&image.info());
    updates.push(items::bump_version());
    // Recorded only if the item still shows this image.
    let recorded = store
        .update(
            art.key.clone(),
            updates,
            Some(items::shows_image(&art.image)),
        )
        .await;
    match recorded {
        Ok(_) => Ok(()),
        Err(StoreError::ConditionFailed(_)) => {
            Err("the image was replaced meanwhile; run again to finish".into())
        }
        Err(e) => Err(e.to_string()),
    }
}
