//! The record of what Trogs published to a site target: each path with the
//! hash of its bytes, the hash of the inputs it was rendered from, and (for
//! pages) the pages that list it. It is the build's only state: a build
//! compares against it instead of reading pages back, removes only what it
//! lists, and finds what a deleted entity's page was linked from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Where the manifest lives in the site, relative to its root. Nothing
/// under `.trogs/` is ever served.
pub const MANIFEST_PATH: &str = ".trogs/manifest.json";
/// Paths about to be written for the first time, one a line, appended
/// before each such write and removed once the manifest is saved: a build
/// killed halfway leaves this behind, and the next build knows those files
/// are its own.
pub const JOURNAL_PATH: &str = ".trogs/journal";
/// What the manifest file says it is; anything else is not read as one.
pub const FORMAT: &str = "trogs-site-manifest";
/// Bumped whenever the file's meaning changes: an older or newer manifest is
/// not misread (the build stops and says so).
pub const VERSION: u32 = 1;

/// A 128-bit hash, written as 32 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Hash128(pub u128);

impl Hash128 {
    /// The hash of some bytes (the first 16 bytes of their BLAKE3 hash).
    pub fn of(bytes: &[u8]) -> Hash128 {
        Hash128::from_blake3(&blake3::hash(bytes))
    }

    pub fn from_blake3(hash: &blake3::Hash) -> Hash128 {
        let mut first = [0u8; 16];
        first.copy_from_slice(&hash.as_bytes()[..16]);
        Hash128(u128::from_be_bytes(first))
    }
}

impl Serialize for Hash128 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:032x}", self.0))
    }
}

impl<'de> Deserialize<'de> for Hash128 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        u128::from_str_radix(&text, 16)
            .map(Hash128)
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a hash")))
    }
}

/// One published path.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Entry {
    /// The hash of the published bytes (zero: unknown, e.g. a file a killed
    /// build may have written).
    pub hash: Hash128,
    /// The hash of everything the page was rendered from; a page whose
    /// inputs have not changed is not rendered again.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub inputs: Hash128,
    /// The pages that list this one (`album:ID artist:ID`), space-separated.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub parents: Box<str>,
    /// Set when this build produced the path; not saved.
    #[serde(skip)]
    pub seen: bool,
}

fn is_zero(h: &Hash128) -> bool {
    h.0 == 0
}

/// Every path Trogs published to one target.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    pub entries: BTreeMap<String, Entry>,
}

const VERSION_MISMATCH: &str = "manifest version ";

/// Reads the file's fields in the order they are written, refusing another
/// format or version before reading the entries.
struct FileVisitor;

impl<'de> serde::de::Visitor<'de> for FileVisitor {
    type Value = BTreeMap<String, Entry>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a Trogs site manifest")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error;
        let (mut format_ok, mut version_ok, mut entries) = (false, false, None);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let format: String = map.next_value()?;
                    if format != FORMAT {
                        return Err(A::Error::custom(format!("its format is {format:?}")));
                    }
                    format_ok = true;
                }
                "version" => {
                    let version: u32 = map.next_value()?;
                    if version != VERSION {
                        return Err(A::Error::custom(format!("{VERSION_MISMATCH}{version}")));
                    }
                    version_ok = true;
                }
                "entries" if format_ok && version_ok => entries = Some(map.next_value()?),
                "entries" => return Err(A::Error::custom("no format and version before entries")),
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        entries.ok_or_else(|| A::Error::custom("it has no entries"))
    }
}

#[derive(Serialize)]
struct File<E> {
    format: String,
    version: u32,
    generator: String,
    entries: E,
}

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("it is not a Trogs manifest: {0}")]
    NotAManifest(String),
    #[error(
        "it was written in format version {0}, and this Trogs reads version {VERSION}; use the Trogs that wrote it, or publish to a new folder"
    )]
    Version(u32),
}

impl Manifest {
    /// Reads a manifest, streaming: the format and version come first in
    /// the file and are checked before any entry is read.
    pub fn read(reader: impl std::io::Read) -> Result<Manifest, ManifestError> {
        let reader = std::io::BufReader::with_capacity(1 << 16, reader);
        let mut de = serde_json::Deserializer::from_reader(reader);
        let entries = serde::Deserializer::deserialize_map(&mut de, FileVisitor)
            .map_err(|e| match e.to_string() {
                m if m.starts_with(VERSION_MISMATCH) => ManifestError::Version(
                    m[VERSION_MISMATCH.len()..]
                        .split_whitespace()
                        .next()
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0),
                ),
                m => ManifestError::NotAManifest(m),
            })?;
        Ok(Manifest { entries })
    }

    /// Writes the manifest (paths in order, so unchanged sites give
    /// unchanged manifests).
    pub fn write(&self, writer: impl std::io::Write) -> std::io::Result<()> {
        let mut writer = std::io::BufWriter::with_capacity(1 << 16, writer);
        serde_json::to_writer(
            &mut writer,
            &File {
                format: FORMAT.into(),
                version: VERSION,
                generator: format!("trogs {}", env!("CARGO_PKG_VERSION")),
                entries: &self.entries,
            },
        )?;
        std::io::Write::flush(&mut writer)
    }

    /// Marks every entry unseen, before a build.
    pub fn unsee(&mut self) {
        for e in self.entries.values_mut() {
            e.seen = false;
        }
    }
}
