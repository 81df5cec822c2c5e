//! Ogg's own check: a stream cut short is found from its last page,
//! before the whole file is decoded.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use super::errors::{ProbeError, unreadable};

/// The most bytes an Ogg page can take: a 27-byte header, 255 lacing
/// values and 255 × 255 bytes of data.
const OGG_MAX_PAGE: u64 = 27 + 255 + 255 * 255;

/// Checks that an Ogg stream ends with a whole page flagged end-of-stream,
/// as every encoder writes it. A cut file either ends inside a page or
/// after a page that doesn't carry the flag. Only the last 64 KB are read.
pub(super) fn ogg_ends_whole(file: &mut File, len: u64) -> Result<(), ProbeError> {
    let start = len.saturating_sub(OGG_MAX_PAGE);
    file.seek(SeekFrom::Start(start)).map_err(unreadable)?;
    let mut tail = Vec::with_capacity((len - start) as usize);
    file.take(len - start)
        .read_to_end(&mut tail)
        .map_err(unreadable)?;
    let whole_last_page = (0..tail.len().saturating_sub(27))
        .rev()
        .filter(|&i| tail[i..].starts_with(b"OggS\0"))
        .find(|&i| {
            let page = &tail[i..];
            let segments = usize::from(page[26]);
            if page.len() < 27 + segments {
                return false;
            }
            let body: usize = page[27..27 + segments]
                .iter()
                .map(|&b| usize::from(b))
                .sum();
            page.len() == 27 + segments + body && ogg_crc_ok(page)
        });
    match whole_last_page {
        Some(i) if tail[i + 5] & 0x04 != 0 => Ok(()),
        _ => Err(ProbeError::Broken(
            "The Ogg file is cut short: its last page is missing or incomplete; export it \
             again and upload the whole file."
                .into(),
        )),
    }
}

/// Ogg's page checksum: CRC-32 (polynomial 0x04c11db7, not reflected) over
/// the page with its checksum field zeroed.
fn ogg_crc_ok(page: &[u8]) -> bool {
    let stored = u32::from_le_bytes([page[22], page[23], page[24], page[25]]);
    let mut crc = 0u32;
    for (i, &b) in page.iter().enumerate() {
        let b = if (22..26).contains(&i) { 0 } else { b };
        crc ^= u32::from(b) << 24;
        for _ in 0..8 {
            crc = if crc & 0x8000_0000 != 0 {
                (crc << 1) ^ 0x04c1_1db7
            } else {
                crc << 1
            };
        }
    }
    crc == stored
}
