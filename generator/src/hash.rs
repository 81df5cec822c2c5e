//! The 128-bit content hash Trogs keys everything by: a published file's
//! bytes and inputs in the manifest, a theme's fingerprint, a page's inputs.
//! Publishing and the site both reach it here.
//!
//! Published bytes and page inputs are hashed with XXH3 (128-bit): it only
//! has to tell a changed file from the same one, and it is about ten times
//! faster than BLAKE3 on pages of a few kilobytes. XXH3 is not built to
//! stand up to someone crafting collisions, and artists write part of every
//! page, so both hashes are keyed with the site's secret seed (`keyed`),
//! which the manifest keeps and nothing serves: an artist cannot work out
//! a page's hash, so cannot make an edit look like the bytes already
//! published. Manifests written before version 3 hold BLAKE3 hashes
//! (`of_blake3`); the manifest keeps track of which, so a file they list
//! is compared with the hash it was recorded with. A theme's fingerprint
//! and its assets' names stay BLAKE3.

use std::hash::Hasher;

use serde::{Deserialize, Serialize};

/// A 128-bit hash, written as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Hash128(pub u128);

impl Hash128 {
    /// The hash of some bytes: their XXH3 128-bit hash.
    pub fn of(bytes: &[u8]) -> Hash128 {
        Hash128(xxhash_rust::xxh3::xxh3_128(bytes))
    }

    /// A seed made from a (keyed) hash, for the hashes made under it.
    pub fn as_seed(self) -> u64 {
        (self.0 as u64) ^ ((self.0 >> 64) as u64)
    }

    /// The hash of some bytes under a site's secret seed: what the
    /// manifest records of a published file.
    pub fn keyed(bytes: &[u8], seed: u64) -> Hash128 {
        Hash128(xxhash_rust::xxh3::xxh3_128_with_seed(bytes, seed))
    }

    /// The hash manifests before version 3 recorded for some bytes: the
    /// first 16 bytes of their BLAKE3 hash.
    pub fn of_blake3(bytes: &[u8]) -> Hash128 {
        Hash128::from_blake3(&blake3::hash(bytes))
    }

    pub fn from_blake3(hash: &blake3::Hash) -> Hash128 {
        let mut first = [0u8; 16];
        first.copy_from_slice(&hash.as_bytes()[..16]);
        Hash128(u128::from_be_bytes(first))
    }

    /// The 32 lowercase hex digits the manifest records (`format!` with
    /// `{:032x}` writes the same, several times slower: a manifest holds
    /// two per published file).
    pub fn hex(&self) -> HexHash {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 32];
        for (i, byte) in self.0.to_be_bytes().iter().enumerate() {
            out[2 * i] = DIGITS[usize::from(byte >> 4)];
            out[2 * i + 1] = DIGITS[usize::from(byte & 0xf)];
        }
        HexHash(out)
    }
}

/// A hash as 32 hex digits, without allocating.
pub struct HexHash([u8; 32]);

impl HexHash {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("hex digits are ASCII")
    }
}

impl Serialize for Hash128 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.hex().as_str())
    }
}

impl<'de> Deserialize<'de> for Hash128 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        parse_hash(&text).ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a hash")))
    }
}

pub(crate) fn parse_hash(text: &str) -> Option<Hash128> {
    u128::from_str_radix(text, 16).ok().map(Hash128)
}

/// `std::hash::Hash` into XXH3, for 128 bits that are the same on every
/// run and every machine. The bytes are gathered and hashed at the end:
/// `Hash` writes a field at a time, a few bytes each, and one long input
/// hashes faster than many short ones (the hash is the same either way).
pub(crate) struct InputHasher {
    bytes: Vec<u8>,
    seed: u64,
}

impl InputHasher {
    /// Keyed with a site's secret seed: for a page's inputs, which hold
    /// artists' text.
    pub fn keyed(seed: u64) -> Self {
        InputHasher {
            bytes: Vec::with_capacity(1024),
            seed,
        }
    }

    pub fn finish128(&self) -> Hash128 {
        Hash128::keyed(&self.bytes, self.seed)
    }
}

impl Hasher for InputHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        self.finish128().0 as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_written_as_32_hex_digits() {
        for h in [
            0u128,
            1,
            0xdead_beef,
            u128::MAX,
            0x0123_4567_89ab_cdef_0011_2233_4455_6677,
        ] {
            assert_eq!(Hash128(h).hex().as_str(), format!("{h:032x}"));
        }
    }
}
