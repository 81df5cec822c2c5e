//! The record of what Trogs published to a site target: each path with the
//! hash of its bytes, the hash of the inputs it was rendered from, and (for
//! pages) the pages that list it. It is the build's only state: a build
//! compares against it instead of reading pages back, removes only what it
//! lists, and finds what a deleted entity's page was linked from.
//!
//! It is stored as a base file and a delta log: a small change (one album
//! re-rendered) appends the entries it changed to the log instead of
//! rewriting every entry; a large one rewrites the base and starts a new
//! log. The log names the base generation it applies to, so a log left
//! over from an older base is never applied to a newer one.

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
/// Changes since the base manifest was written, one JSON line each.
pub const DELTA_PATH: &str = ".trogs/manifest.delta";
const DELTA_FORMAT: &str = "trogs-site-manifest-delta";
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
    /// The MD5 of the published bytes, where the target reports it (S3:
    /// the ETag of a single-part object), so a listing can be checked
    /// against the manifest. Older manifests have none. Adding it did not
    /// change `VERSION`: the field is optional both ways (a manifest
    /// without it reads as `None`; an older Trogs ignores it), and no
    /// existing field changed meaning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub md5: Option<Hash128>,
    /// The pages that list this one (`album:ID artist:ID`), space-separated.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub parents: Box<str>,
    /// For the page of a release (an album, or a single's track page):
    /// what the site-wide feed of new releases lists, so `feed.atom` is
    /// kept right from the manifest alone. Added without changing
    /// `VERSION`, as `md5` was: optional both ways.
    /// Boxed: most entries have none, and a manifest holds an entry per
    /// published file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<Box<Release>>,
    /// Set when this build produced the path; not saved.
    #[serde(skip)]
    pub seen: bool,
    /// Set when this build changed the entry; not saved.
    #[serde(skip)]
    pub dirty: bool,
}

/// A release as the site-wide feed lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    /// `YYYY-MM-DD` (or `YYYY`, `YYYY-MM`), as the catalog holds it.
    pub date: String,
    pub title: String,
    pub artist: String,
    /// `album` or `single`.
    pub kind: String,
}

fn is_zero(h: &Hash128) -> bool {
    h.0 == 0
}

/// Every path Trogs published to one target.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    pub entries: BTreeMap<String, Entry>,
    /// Which base file the entries were read from (0: none yet).
    pub generation: u64,
    /// Paths this build removed from the manifest.
    pub removed: Vec<String>,
    /// Paths whose `seen` flag this build set, and paths it changed: an
    /// incremental build touches a few entries of many, and saving it must
    /// not walk them all.
    seen_paths: Vec<String>,
    changed_paths: Vec<String>,
    /// Set when a build marked too many entries to list them (a full build):
    /// then the flags themselves are scanned.
    many_marked: bool,
}

/// Past this many marked entries a build stops listing them, so a full
/// build's memory does not grow by a path per page.
const MARKED_LIST_LIMIT: usize = 20_000;

/// What saving a manifest writes (see `Manifest::save_plan`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavePlan {
    Nothing,
    AppendDelta,
    RewriteBase,
}

/// One line of the delta log.
#[derive(Serialize, Deserialize)]
struct DeltaLine<E> {
    path: String,
    entry: Option<E>,
}

#[derive(Serialize, Deserialize)]
struct DeltaHead {
    format: String,
    version: u32,
    base: u64,
}

const VERSION_MISMATCH: &str = "manifest version ";

/// Reads the file's fields in the order they are written, refusing another
/// format or version before reading the entries.
struct FileVisitor;

impl<'de> serde::de::Visitor<'de> for FileVisitor {
    type Value = (Vec<(String, Entry)>, u64);

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a Trogs site manifest")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error;
        let (mut format_ok, mut version_ok, mut entries) = (false, false, None);
        let mut generation = 0;
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
                "generation" => generation = map.next_value()?,
                "entries" if format_ok && version_ok => {
                    entries = Some(map.next_value::<EntryList>()?.0)
                }
                "entries" => return Err(A::Error::custom("no format and version before entries")),
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        entries
            .map(|e| (e, generation))
            .ok_or_else(|| A::Error::custom("it has no entries"))
    }
}

/// The entries as the file lists them, in path order. They are made into
/// the map once the file's bytes are freed, in one go: building a map from
/// sorted entries skips the search that inserting each one costs.
struct EntryList(Vec<(String, Entry)>);

impl<'de> Deserialize<'de> for EntryList {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> serde::de::Visitor<'de> for ListVisitor {
            type Value = EntryList;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map of paths to entries")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(EntryList(entries))
            }
        }
        deserializer.deserialize_map(ListVisitor)
    }
}

#[derive(Serialize)]
struct File<E> {
    format: String,
    version: u32,
    generator: String,
    generation: u64,
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
    /// Reads a manifest: the format and version come first in the file and
    /// are checked before any entry is read. The file is read whole and
    /// parsed from memory, several times faster than parsing from a reader
    /// a byte at a time (16 MB at 100,000 pages, held only while parsing).
    pub fn read(mut reader: impl std::io::Read) -> Result<Manifest, ManifestError> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| ManifestError::NotAManifest(format!("it could not be read: {e}")))?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let (entries, generation) = serde::Deserializer::deserialize_map(&mut de, FileVisitor)
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
        drop(bytes);
        // Sorted already, as written; a path listed twice keeps its last
        // entry.
        let entries = entries.into_iter().collect();
        Ok(Manifest {
            entries,
            generation,
            ..Manifest::default()
        })
    }

    /// Applies a delta log written against this manifest's base; a log of
    /// another base is ignored. A torn last line (a write cut short) is
    /// ignored too: the pages it described are rewritten by the next build.
    pub fn apply_delta(&mut self, text: &str) -> Result<(), ManifestError> {
        let mut lines = text.split_inclusive('\n');
        let Some(head) = lines.next() else {
            return Ok(());
        };
        let head: DeltaHead = serde_json::from_str(head)
            .map_err(|e| ManifestError::NotAManifest(format!("its delta log: {e}")))?;
        if head.format != DELTA_FORMAT {
            return Err(ManifestError::NotAManifest(format!(
                "its delta log's format is {:?}",
                head.format
            )));
        }
        if head.version != VERSION {
            return Err(ManifestError::Version(head.version));
        }
        if head.base != self.generation {
            return Ok(());
        }
        for line in lines {
            if !line.ends_with('\n') {
                break;
            }
            let change: DeltaLine<Entry> = serde_json::from_str(line)
                .map_err(|e| ManifestError::NotAManifest(format!("its delta log: {e}")))?;
            match change.entry {
                Some(entry) => self.entries.insert(change.path, entry),
                None => self.entries.remove(&change.path),
            };
        }
        Ok(())
    }

    /// The delta log's first line, for a log against this base.
    pub fn delta_head(&self) -> String {
        let mut line = serde_json::to_string(&DeltaHead {
            format: DELTA_FORMAT.into(),
            version: VERSION,
            base: self.generation,
        })
        .expect("a head serialises");
        line.push('\n');
        line
    }

    /// This build's changes as delta lines.
    pub fn delta_lines(&self) -> String {
        let mut text = String::new();
        let changed: Box<dyn Iterator<Item = (&String, &Entry)>> = if self.many_marked {
            Box::new(self.entries.iter().filter(|(_, e)| e.dirty))
        } else {
            Box::new(
                self.changed_paths
                    .iter()
                    .filter_map(|p| self.entries.get_key_value(p))
                    .filter(|(_, e)| e.dirty),
            )
        };
        for (path, entry) in changed {
            let line = DeltaLine {
                path: path.clone(),
                entry: Some(entry),
            };
            text.push_str(&serde_json::to_string(&line).expect("an entry serialises"));
            text.push('\n');
        }
        for path in &self.removed {
            let line: DeltaLine<&Entry> = DeltaLine {
                path: path.clone(),
                entry: None,
            };
            text.push_str(&serde_json::to_string(&line).expect("a line serialises"));
            text.push('\n');
        }
        text
    }

    /// How a target saves this manifest, given the sizes of what it holds:
    /// nothing when nothing changed; a few lines appended to the delta log
    /// when few entries changed and the log is still small next to the
    /// base; else the whole base (and a new log).
    pub fn save_plan(&self, base_len: Option<u64>, delta_len: u64) -> SavePlan {
        let changes = self.changes();
        match base_len {
            Some(_) if self.generation != 0 && changes == 0 => SavePlan::Nothing,
            Some(base_len)
                if self.generation != 0
                    && changes * 8 <= self.entries.len()
                    && delta_len * 4 < base_len =>
            {
                SavePlan::AppendDelta
            }
            _ => SavePlan::RewriteBase,
        }
    }

    /// How many entries this build changed or removed.
    pub fn changes(&self) -> usize {
        let changed = if self.many_marked {
            self.entries.values().filter(|e| e.dirty).count()
        } else {
            self.changed_paths.len()
        };
        changed + self.removed.len()
    }

    /// Lists a marked path, unless there are too many to list.
    fn list_marked(&mut self, path: &str, changed: bool) {
        if self.many_marked {
            return;
        }
        if self.seen_paths.len() + self.changed_paths.len() >= MARKED_LIST_LIMIT {
            self.many_marked = true;
            self.seen_paths = Vec::new();
            self.changed_paths = Vec::new();
            return;
        }
        if changed {
            self.changed_paths.push(path.to_string());
        } else {
            self.seen_paths.push(path.to_string());
        }
    }

    /// Marks an entry as produced by this build; false when it already was.
    pub fn see(&mut self, path: &str) -> bool {
        match self.entries.get_mut(path) {
            Some(e) if !e.seen => {
                e.seen = true;
                self.list_marked(path, false);
                true
            }
            _ => false,
        }
    }

    /// Drops an entry this build added for a path it then found someone
    /// else's file at: the path was never the site's, so no delta line
    /// records it, and no later build takes the file over.
    pub fn forget(&mut self, path: &str) {
        self.entries.remove(path);
    }

    /// Records that this build changed an entry (it must be seen).
    pub fn touch(&mut self, path: &str) {
        if let Some(e) = self.entries.get_mut(path)
            && !e.dirty
        {
            e.dirty = true;
            self.list_marked(path, true);
        }
    }

    /// Removes a path, remembering it for the delta log.
    pub fn remove(&mut self, path: &str) {
        if self.entries.remove(path).is_some() {
            self.removed.push(path.to_string());
        }
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
                generation: self.generation,
                entries: &self.entries,
            },
        )?;
        std::io::Write::flush(&mut writer)
    }

    /// Marks every entry unseen and unchanged, for the next build.
    pub fn unsee(&mut self) {
        if !self.many_marked {
            for path in self.seen_paths.iter().chain(&self.changed_paths) {
                if let Some(e) = self.entries.get_mut(path) {
                    e.seen = false;
                    e.dirty = false;
                }
            }
        } else {
            for e in self.entries.values_mut() {
                e.seen = false;
                e.dirty = false;
            }
        }
        self.seen_paths = Vec::new();
        self.changed_paths = Vec::new();
        self.many_marked = false;
        self.removed.clear();
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
