//! The record of what Trogs published to a site target: each path with the
//! hash of its bytes, the hash of the inputs it was rendered from, and (for
//! pages) the pages that list it. It is the build's only state: a build
//! compares against it instead of reading pages back, removes only what it
//! lists, and finds what a deleted entity's page was linked from.
//!
//! A page and the files published beside it (its embeds, oEmbed answer,
//! playlist and feeds: `PageRef::companions`) are made and removed
//! together from the same inputs, so they share one record: the page's
//! path, inputs and parents once, and a hash per file beside it. Four in
//! five published files are such companions; keeping them in their page's
//! record is what keeps a build's memory small (see `docs/benchmarks.md`).
//! The methods still take any published path, a companion's too. A build
//! holds the records in a table of fixed-size rows (`table.rs`), read from
//! the file a record at a time, never as a map of boxed records or as the
//! file's whole text.
//!
//! It is stored as a base file and a delta log: a small change (one album
//! re-rendered) appends the records it changed to the log instead of
//! rewriting every record; a large one rewrites the base and starts a new
//! log. The log names the base generation it applies to, so a log left
//! over from an older base is never applied to a newer one. Manifests of
//! format versions 1 (a line per file) and 2 (BLAKE3 hashes) are read as
//! well, and the next save rewrites them as version 3.
//!
//! Version 3 records XXH3 hashes, keyed with the site's seed
//! (`Hash128::keyed`). A hash read from an
//! older manifest stays BLAKE3 until the file is published again: the
//! record names such files (`"blake3": ["own", "embed"]`), and a build
//! compares a page it rendered with the hash of the same kind, so the
//! first build after an upgrade rewrites no file whose bytes are the same.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Bound;

use serde::ser::SerializeMap as _;
use serde::{Deserialize, Serialize};

use crate::hash::{Hash128, parse_hash};

mod table;
use table::{Id, Table};

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
/// not misread (the build stops and says so). Version 3 records XXH3
/// hashes; version 2 (BLAKE3 hashes, the files beside a page in the page's
/// record) and version 1 (a record per file) are still read, and rewritten
/// as version 3 by the next save.
pub const VERSION: u32 = 3;
/// The second format (BLAKE3 hashes), still read.
const VERSION_BLAKE3: u32 = 2;
/// The first format, still read.
const VERSION_FLAT: u32 = 1;

/// A version this Trogs reads.
fn readable(version: u32) -> bool {
    matches!(version, VERSION | VERSION_BLAKE3 | VERSION_FLAT)
}

impl Hash128 {
    fn digest(self) -> Digest {
        self.0.to_be_bytes()
    }

    fn of_digest(d: Digest) -> Hash128 {
        Hash128(u128::from_be_bytes(d))
    }
}

/// A hash as the records hold it: bytes, so a record is not padded to a
/// u128's 16-byte alignment.
type Digest = [u8; 16];
const ZERO: Digest = [0; 16];

/// One published path as format version 1 recorded it (a line per file),
/// and as it is read from such a manifest.
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
    /// against the manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub md5: Option<Hash128>,
    /// The pages that list this one (`album:ID artist:ID`), space-separated.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub parents: Box<str>,
    /// For the page of a release (an album, or a single's track page):
    /// what the site-wide feed of new releases lists, so `feed.atom` is
    /// kept right from the manifest alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<Box<Release>>,
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

/// What the manifest says of one published path.
#[derive(Debug, Clone, Copy)]
pub struct EntryRef<'a> {
    /// The hash of the published bytes (zero: unknown).
    pub hash: Hash128,
    /// The hash of what the page was rendered from (a companion shares its
    /// page's).
    pub inputs: Hash128,
    /// The pages that list this one, space-separated (none for a
    /// companion).
    pub parents: &'a str,
    /// What the site-wide feed lists of a release's page.
    pub release: Option<&'a Release>,
    /// Produced by this build.
    pub seen: bool,
    /// `hash` is BLAKE3's (`Hash128::of_blake3`), read from a manifest
    /// before version 3.
    pub blake3: bool,
}

/// The record's own path is published (not only files beside it).
const OWN: u8 = 1 << 7;
/// The files beside a page: their bit, and their name in the file.
const BESIDE: [(u8, &str); 6] = [
    (1 << 0, "m3u"),
    (1 << 1, "atom"),
    (1 << 2, "rss"),
    (1 << 3, "embed"),
    (1 << 4, "compact"),
    (1 << 5, "oembed"),
];
const PLAYLIST: u8 = 1 << 0;
const ATOM: u8 = 1 << 1;
const PODCAST: u8 = 1 << 2;
const EMBED: u8 = 1 << 3;
const COMPACT: u8 = 1 << 4;
const OEMBED: u8 = 1 << 5;

/// Which files each page kind has beside it (as `PageRef::companions`).
fn allowed(page: &str) -> u8 {
    match page {
        "artist" => PLAYLIST | ATOM | PODCAST,
        "album" => PLAYLIST | EMBED | COMPACT | OEMBED,
        "track" => EMBED | COMPACT | OEMBED,
        _ => 0,
    }
}

/// A record's key: the path itself, or a companion's page path made on
/// the stack (every lookup of a companion makes one; an id is at most 64
/// characters).
enum Key<'a> {
    Path(&'a str),
    Page([u8; 80], u8),
}

impl std::ops::Deref for Key<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Key::Path(p) => p,
            Key::Page(buf, len) => {
                std::str::from_utf8(&buf[..usize::from(*len)]).expect("made from str parts")
            }
        }
    }
}

impl AsRef<str> for Key<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl Key<'_> {
    fn into_owned(self) -> String {
        self.to_string()
    }

    fn page(page: &str, id: &str) -> Key<'static> {
        let mut buf = [0u8; 80];
        let mut len = 0;
        for part in [page, "/", id, ".html"] {
            buf[len..len + part.len()].copy_from_slice(part.as_bytes());
            len += part.len();
        }
        Key::Page(buf, len as u8)
    }
}

/// The record a path belongs to and its bit there: a companion's page
/// (`embed/album/ID.html` → `album/ID.html`), or the path itself.
fn split(path: &str) -> (Key<'_>, u8) {
    let companion = || -> Option<(Key<'static>, u8)> {
        let (bit, rest, ext) = if let Some(rest) = path.strip_prefix("embed/compact/") {
            (COMPACT, rest, "html")
        } else if let Some(rest) = path.strip_prefix("embed/") {
            (EMBED, rest, "html")
        } else if let Some(rest) = path.strip_prefix("oembed/") {
            (OEMBED, rest, "json")
        } else {
            let (_, ext) = path.rsplit_once('.')?;
            let bit = match ext {
                "m3u" => PLAYLIST,
                "atom" => ATOM,
                "rss" => PODCAST,
                _ => return None,
            };
            (bit, path, ext)
        };
        let (page, file) = rest.split_once('/')?;
        let id = file.strip_suffix(ext)?.strip_suffix('.')?;
        if allowed(page) & bit == 0 || !crate::catalog::model::is_valid_id(id) {
            return None;
        }
        Some((Key::page(page, id), bit))
    };
    companion().unwrap_or((Key::Path(path), OWN))
}

/// The path of the file of `bit` in the record `key` (the inverse of
/// [`split`]).
fn join(key: &str, bit: u8) -> String {
    if bit == OWN {
        return key.to_string();
    }
    let stem = key.strip_suffix(".html").unwrap_or(key);
    match bit {
        PLAYLIST => format!("{stem}.m3u"),
        ATOM => format!("{stem}.atom"),
        PODCAST => format!("{stem}.rss"),
        EMBED => format!("embed/{key}"),
        COMPACT => format!("embed/compact/{key}"),
        _ => format!("oembed/{stem}.json"),
    }
}

/// Every path Trogs published to one target.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// A record per page (or other file), with the files beside it.
    table: Table,
    /// MD5s of published files, by path, where the target reports them
    /// (S3): empty for a folder.
    md5s: HashMap<Box<str>, Digest>,
    /// The records with a release in the order `feed.atom` lists them
    /// (see [`release_key`]), so the feed is made from the first few, not
    /// from every release.
    releases: BTreeSet<(Box<str>, Box<str>)>,
    /// Which base file the entries were read from (0: none yet).
    pub generation: u64,
    /// The site's secret seed, which published files and page inputs are
    /// hashed under (`Hash128::keyed`); 0 until `ensure_seed`. It is kept
    /// in the base file only, which nothing serves.
    seed: u64,
    /// Records this build removed.
    pub removed: Vec<String>,
    /// Records whose `seen` flags this build set, and records it changed:
    /// an incremental build touches a few records of many, and saving it
    /// must not walk them all.
    seen_ids: Vec<Id>,
    changed_ids: Vec<Id>,
    /// Set when a build marked too many records to list them (a full
    /// build): then the flags themselves are scanned.
    many_marked: bool,
    /// Read from a manifest of an older format: the next save rewrites the
    /// base, whatever changed.
    migrated: bool,
}

/// Past this many marked records a build stops listing them, so a full
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

/// A record as versions 2 and 3 hold it.
#[derive(Deserialize)]
struct RecordFile {
    /// False for a record of files beside a page that is not itself ours.
    #[serde(default = "yes")]
    own: bool,
    #[serde(default)]
    hash: Hash128,
    #[serde(default)]
    inputs: Hash128,
    #[serde(default)]
    md5: Option<Hash128>,
    #[serde(default)]
    parents: Box<str>,
    #[serde(default)]
    release: Option<Box<Release>>,
    /// Files beside the page by name (`embed`): their hash, and their MD5
    /// after a space where the target reports one.
    #[serde(default)]
    beside: BTreeMap<String, String>,
    /// Version 3: the files whose hash is still BLAKE3's (`own`, or a name
    /// of `beside`).
    #[serde(default)]
    blake3: Vec<String>,
}

/// The name a record's own file goes by in its `blake3` list.
const OWN_NAME: &str = "own";

/// The bit of a file beside a page, by its name in a record.
fn beside_bit(name: &str) -> Option<u8> {
    BESIDE.iter().find(|(_, n)| *n == name).map(|&(bit, _)| bit)
}

/// The bit of a file's name in a record's `blake3` list.
fn bit_named(name: &str) -> Option<u8> {
    if name == OWN_NAME {
        return Some(OWN);
    }
    beside_bit(name)
}

/// A file's name in a record's `blake3` list (the inverse of `bit_named`).
fn name_of(bit: u8) -> &'static str {
    if bit == OWN {
        return OWN_NAME;
    }
    BESIDE
        .iter()
        .find(|(b, _)| *b == bit)
        .map(|&(_, name)| name)
        .expect("every bit of a record names a file")
}

fn yes() -> bool {
    true
}

/// Reads the file's fields in the order they are written, refusing another
/// format or version before reading the entries, which go into the
/// manifest one by one as they are parsed (never a list of them all).
struct FileVisitor;

impl<'de> serde::de::Visitor<'de> for FileVisitor {
    type Value = Manifest;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a Trogs site manifest")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error;
        let (mut format_ok, mut version, mut entries) = (false, None, false);
        let mut manifest = Manifest::default();
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
                    let v: u32 = map.next_value()?;
                    if !readable(v) {
                        return Err(A::Error::custom(format!("{VERSION_MISMATCH}{v}")));
                    }
                    version = Some(v);
                }
                "generation" => manifest.generation = map.next_value()?,
                "seed" => {
                    let text: String = map.next_value()?;
                    manifest.seed = u64::from_str_radix(&text, 16)
                        .ok()
                        .filter(|&seed| seed != 0)
                        .ok_or_else(|| A::Error::custom(format!("{text:?} is not a seed")))?;
                }
                "entries" if format_ok && version.is_some() => {
                    let version = version.expect("checked by the guard");
                    map.next_value_seed(EntriesSeed {
                        manifest: &mut manifest,
                        version,
                    })?;
                    // Version 1: a line per file, folded into records;
                    // versions 1 and 2: BLAKE3 hashes. The next save
                    // writes version 3.
                    manifest.migrated = version != VERSION;
                    entries = true;
                }
                "entries" => return Err(A::Error::custom("no format and version before entries")),
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        if !entries {
            return Err(A::Error::custom("it has no entries"));
        }
        Ok(manifest)
    }
}

/// The entries of any version, put into the manifest as they are read.
struct EntriesSeed<'a> {
    manifest: &'a mut Manifest,
    version: u32,
}

impl<'de> serde::de::DeserializeSeed<'de> for EntriesSeed<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for EntriesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a map of paths to entries")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        use serde::de::Error;
        while let Some(path) = map.next_key::<String>()? {
            if self.version == VERSION_FLAT {
                let entry: Entry = map.next_value()?;
                self.manifest.insert_flat(&path, entry);
            } else {
                let file: RecordFile = map.next_value()?;
                self.manifest
                    .insert_record(&path, file, self.version == VERSION_BLAKE3)
                    .map_err(|e| A::Error::custom(e.detail()))?;
            }
        }
        Ok(())
    }
}

#[derive(Serialize)]
struct File<E> {
    format: String,
    version: u32,
    generator: String,
    generation: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    seed: Option<String>,
    entries: E,
}

#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("it is not a Trogs manifest: {0}")]
    NotAManifest(String),
    #[error(
        "it was written in format version {0}, and this Trogs reads versions 1 to {VERSION}; use the Trogs that wrote it, or publish to a new folder"
    )]
    Version(u32),
}

/// Where a release's page sorts in `feed.atom`: newest first, then by URL
/// (the page's path less `.html`, as URLs are). The date, as the feed
/// writes it, has each digit turned around (9 - digit), so that ascending
/// order is newest first; every such date has the same length and
/// separators. `None` for a release the feed leaves out (no date it can
/// read).
fn release_key(release: &Release, key: &str) -> Option<(Box<str>, Box<str>)> {
    let date = crate::dates::rfc3339(Some(&release.date))?;
    let newest_first: String = date
        .bytes()
        .map(|b| {
            if b.is_ascii_digit() {
                char::from(b'9' - (b - b'0'))
            } else {
                char::from(b)
            }
        })
        .collect();
    let stem = key.strip_suffix(".html").unwrap_or(key);
    Some((newest_first.into(), stem.into()))
}

impl ManifestError {
    /// What is wrong, as a parse error carries it.
    fn detail(&self) -> String {
        match self {
            ManifestError::NotAManifest(m) => m.clone(),
            ManifestError::Version(v) => format!("{VERSION_MISMATCH}{v}"),
        }
    }
}

impl Manifest {
    /// Reads a manifest: the format and version come first in the file and
    /// are checked before any entry is read. The file is parsed as it is
    /// read and each record goes into the table as it is parsed, so its
    /// bytes are never held whole (about 300 bytes a page: 300 MB at a
    /// million pages, more than the records take), for a parse about twice
    /// as slow as from memory.
    pub fn read(reader: impl std::io::Read) -> Result<Manifest, ManifestError> {
        let reader = std::io::BufReader::with_capacity(1 << 16, reader);
        let mut de = serde_json::Deserializer::from_reader(reader);
        serde::Deserializer::deserialize_map(&mut de, FileVisitor).map_err(|e| {
            match e.to_string() {
                m if m.starts_with(VERSION_MISMATCH) => ManifestError::Version(
                    m[VERSION_MISMATCH.len()..]
                        .split_whitespace()
                        .next()
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0),
                ),
                m => ManifestError::NotAManifest(m),
            }
        })
    }

    /// What the manifest says of one file of a record.
    fn view(&self, id: Id, bit: u8) -> EntryRef<'_> {
        let row = self.table.row(id);
        let own = bit == OWN;
        EntryRef {
            hash: Hash128::of_digest(self.table.hash_of(id, bit)),
            inputs: Hash128::of_digest(row.inputs),
            parents: if own { self.table.parents(id) } else { "" },
            release: if own { self.table.release(id) } else { None },
            seen: row.seen & bit != 0,
            blake3: row.blake3 & bit != 0,
        }
    }

    /// Puts a version 2 or 3 record in (in place of one at the same path),
    /// its MD5s noted; every hash of a version 2 record (`blake3`) is
    /// BLAKE3's.
    fn insert_record(
        &mut self,
        key: &str,
        file: RecordFile,
        blake3: bool,
    ) -> Result<(), ManifestError> {
        self.drop_record(key);
        let id = self.table.entry(key);
        {
            let row = self.table.row_mut(id);
            row.inputs = file.inputs.digest();
        }
        if file.own {
            self.table.add(id, OWN);
            self.table.set_hash(id, OWN, file.hash.digest());
            self.table.set_parents(id, &file.parents);
            if let Some(md5) = file.md5 {
                self.md5s.insert(key.into(), md5.digest());
            }
        }
        for (name, value) in &file.beside {
            let Some(bit) = beside_bit(name) else {
                self.drop_record(key);
                return Err(ManifestError::NotAManifest(format!(
                    "{key} has a file beside it of an unknown kind, {name:?}"
                )));
            };
            let mut parts = value.split(' ');
            let hash = parts.next().and_then(parse_hash);
            let md5 = parts.next().and_then(parse_hash);
            let Some(hash) = hash else {
                self.drop_record(key);
                return Err(ManifestError::NotAManifest(format!(
                    "{key}: {value:?} is not a hash"
                )));
            };
            if !self.table.add(id, bit) {
                self.drop_record(key);
                return Err(ManifestError::NotAManifest(format!(
                    "{key} cannot have a file beside it of the kind {name:?}"
                )));
            }
            self.table.set_hash(id, bit, hash.digest());
            if let Some(md5) = md5 {
                self.md5s.insert(join(key, bit).into(), md5.digest());
            }
        }
        if self.table.row(id).kinds == 0 {
            // A record of no file: nothing to keep track of.
            self.table.remove(id);
            return Ok(());
        }
        let mut marked = 0;
        for name in &file.blake3 {
            let Some(bit) = bit_named(name) else {
                self.drop_record(key);
                return Err(ManifestError::NotAManifest(format!(
                    "{key}: {name:?} in its BLAKE3 list is not a file it can have"
                )));
            };
            marked |= bit;
        }
        let row = self.table.row_mut(id);
        row.blake3 = if blake3 {
            row.kinds
        } else {
            marked & row.kinds
        };
        if file.own {
            self.set_release(id, file.release);
        }
        Ok(())
    }

    /// Adds a version 1 entry (a file) to its record.
    fn insert_flat(&mut self, path: &str, entry: Entry) {
        self.remove_path(path);
        let (key, bit) = split(path);
        let id = self.table.entry(&key);
        let had_own = self.table.row(id).kinds & OWN != 0;
        if !self.table.add(id, bit) {
            if self.table.row(id).kinds == 0 {
                self.table.remove(id);
            }
            return;
        }
        self.table.set_hash(id, bit, entry.hash.digest());
        // Version 1 recorded BLAKE3 hashes.
        self.table.row_mut(id).blake3 |= bit;
        let inputs = entry.inputs.digest();
        let kinds = self.table.row(id).kinds;
        if bit == OWN {
            // A file beside the page rendered from other inputs than the
            // page's (it cannot be, short of a build cut short) is marked
            // unknown, so it is written again rather than trusted.
            if self.table.row(id).inputs != inputs {
                for b in bits(kinds & !OWN) {
                    self.table.set_hash(id, b, ZERO);
                }
            }
            self.table.row_mut(id).inputs = inputs;
            self.table.set_parents(id, &entry.parents);
            self.set_release(id, entry.release);
        } else if !had_own && (kinds & !OWN).count_ones() == 1 {
            self.table.row_mut(id).inputs = inputs;
        } else if self.table.row(id).inputs != inputs {
            self.table.set_hash(id, bit, ZERO);
        }
        if let Some(md5) = entry.md5 {
            self.md5s.insert(path.into(), md5.digest());
        }
    }

    /// Sets a record's release, keeping the index of releases right.
    fn set_release(&mut self, id: Id, release: Option<Box<Release>>) {
        if self.table.release(id) == release.as_deref() {
            return;
        }
        let key = self.table.key(id);
        if let Some(old) = self.table.release(id).and_then(|r| release_key(r, key)) {
            self.releases.remove(&old);
        }
        if let Some(new) = release.as_deref().and_then(|r| release_key(r, key)) {
            self.releases.insert(new);
        }
        self.table.replace_release(id, release);
    }

    /// Applies a delta log written against this manifest's base; a log of
    /// another base is ignored (false: a log left from an older base). A
    /// torn last line (a write cut short) is ignored too: the pages it
    /// described are rewritten by the next build.
    pub fn apply_delta(&mut self, text: &str) -> Result<bool, ManifestError> {
        let mut lines = text.split_inclusive('\n');
        let Some(head) = lines.next() else {
            return Ok(false);
        };
        let head: DeltaHead = serde_json::from_str(head)
            .map_err(|e| ManifestError::NotAManifest(format!("its delta log: {e}")))?;
        if head.format != DELTA_FORMAT {
            return Err(ManifestError::NotAManifest(format!(
                "its delta log's format is {:?}",
                head.format
            )));
        }
        if !readable(head.version) {
            return Err(ManifestError::Version(head.version));
        }
        if head.base != self.generation {
            return Ok(false);
        }
        let bad = |e: serde_json::Error| ManifestError::NotAManifest(format!("its delta log: {e}"));
        for line in lines {
            if !line.ends_with('\n') {
                break;
            }
            if head.version == VERSION_FLAT {
                let change: DeltaLine<Entry> = serde_json::from_str(line).map_err(bad)?;
                match change.entry {
                    Some(entry) => self.insert_flat(&change.path, entry),
                    None => {
                        self.remove_path(&change.path);
                    }
                }
            } else {
                let change: DeltaLine<RecordFile> = serde_json::from_str(line).map_err(bad)?;
                match change.entry {
                    Some(file) => {
                        self.insert_record(&change.path, file, head.version == VERSION_BLAKE3)?
                    }
                    None => {
                        self.drop_record(&change.path);
                    }
                }
            }
        }
        if head.version != VERSION {
            self.migrated = true;
        }
        Ok(true)
    }

    /// True when the manifest was read from an older format: the next save
    /// rewrites the base and removes the older delta log.
    pub fn migrated(&self) -> bool {
        self.migrated
    }

    /// Takes a path out of its record (the record goes with its last
    /// file), with its MD5; nothing is noted for the delta log.
    fn remove_path(&mut self, path: &str) -> bool {
        let (key, bit) = split(path);
        let Some(id) = self.table.find(&key) else {
            return false;
        };
        if !self.table.take(id, bit) {
            return false;
        }
        if !self.md5s.is_empty() {
            self.md5s.remove(path);
        }
        if self.table.row(id).kinds == 0 {
            self.drop_record(&key);
        } else if bit == OWN {
            self.set_release(id, None);
        }
        true
    }

    /// Removes a whole record and what is noted of it elsewhere.
    fn drop_record(&mut self, key: &str) -> bool {
        let Some(id) = self.table.find(key) else {
            return false;
        };
        if let Some(index) = self.table.release(id).and_then(|r| release_key(r, key)) {
            self.releases.remove(&index);
        }
        if !self.md5s.is_empty() {
            for bit in bits(self.table.row(id).kinds) {
                self.md5s.remove(join(key, bit).as_str());
            }
        }
        self.table.remove(id);
        true
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

    /// The records this build changed.
    fn changed(&self) -> Box<dyn Iterator<Item = Id> + '_> {
        let dirty = |id: &Id| {
            let row = self.table.row(*id);
            row.dirty && row.kinds != 0
        };
        if self.many_marked {
            Box::new(self.table.range(Bound::Unbounded).filter(dirty))
        } else {
            Box::new(self.changed_ids.iter().copied().filter(dirty))
        }
    }

    /// This build's changes as delta lines: a changed record whole, a
    /// removed one as `null`.
    pub fn delta_lines(&self) -> String {
        let mut text = String::new();
        for path in &self.removed {
            if self.table.find(path).is_some() {
                continue;
            }
            let line: DeltaLine<()> = DeltaLine {
                path: path.clone(),
                entry: None,
            };
            text.push_str(&serde_json::to_string(&line).expect("a line serialises"));
            text.push('\n');
        }
        for id in self.changed() {
            let line = DeltaLine {
                path: self.table.key(id).to_string(),
                entry: Some(RecordOut { manifest: self, id }),
            };
            text.push_str(&serde_json::to_string(&line).expect("a record serialises"));
            text.push('\n');
        }
        text
    }

    /// How a target saves this manifest, given the sizes of what it holds:
    /// nothing when nothing changed; a few lines appended to the delta log
    /// when few records changed and the log is still small next to the
    /// base; else the whole base (and a new log). A manifest read from an
    /// older format is always rewritten.
    pub fn save_plan(&self, base_len: Option<u64>, delta_len: u64) -> SavePlan {
        if self.migrated {
            return SavePlan::RewriteBase;
        }
        let changes = self.changes();
        match base_len {
            Some(_) if self.generation != 0 && changes == 0 => SavePlan::Nothing,
            Some(base_len)
                if self.generation != 0
                    && changes * 8 <= self.table.len()
                    && delta_len * 4 < base_len =>
            {
                SavePlan::AppendDelta
            }
            _ => SavePlan::RewriteBase,
        }
    }

    /// How many records this build changed or removed.
    pub fn changes(&self) -> usize {
        self.changed().count() + self.removed.len()
    }

    /// The site's secret seed (see `ensure_seed`).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Gives a manifest without a seed (a new site, or one published by a
    /// Trogs before version 3) a random one, and has the next save write
    /// the base that keeps it. A seed made anew means no XXH3 hash the
    /// manifest holds can match, so its pages are written once more: only
    /// a version 3 manifest whose seed was removed by hand has any.
    pub fn ensure_seed(&mut self) {
        if self.seed == 0 {
            let bytes = crate::random::OsRandom::<8>::new();
            self.seed = u64::from_le_bytes(*bytes.bytes()).max(1);
            self.migrated = true;
        }
    }

    /// True when this manifest lists nothing.
    pub fn is_empty(&self) -> bool {
        self.table.len() == 0
    }

    /// What the manifest says of a published path.
    pub fn get(&self, path: &str) -> Option<EntryRef<'_>> {
        let (key, bit) = split(path);
        let id = self.table.find(&key)?;
        (self.table.row(id).kinds & bit != 0).then(|| self.view(id, bit))
    }

    /// True when Trogs published `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// The pages and other files (not the files beside pages), in path
    /// order, from `from` on.
    pub fn own_range<'a>(
        &'a self,
        from: Bound<&'a str>,
    ) -> impl Iterator<Item = (&'a str, EntryRef<'a>)> + 'a {
        self.table
            .range(from)
            .filter(|&id| self.table.row(id).kinds & OWN != 0)
            .map(|id| (self.table.key(id), self.view(id, OWN)))
    }

    /// The pages and other files (not the files beside pages), in path
    /// order.
    pub fn own(&self) -> impl Iterator<Item = (&str, EntryRef<'_>)> {
        self.own_range(Bound::Unbounded)
    }

    /// Every published path, in record order.
    pub fn paths(&self) -> Vec<String> {
        let mut paths = Vec::new();
        for id in self.table.range(Bound::Unbounded) {
            let key = self.table.key(id);
            paths.extend(bits(self.table.row(id).kinds).map(|bit| join(key, bit)));
        }
        paths
    }

    /// Every published path this build did not produce, in record order.
    pub fn unseen(&self) -> Vec<String> {
        let mut paths = Vec::new();
        for id in self.table.range(Bound::Unbounded) {
            let row = self.table.row(id);
            let left = row.kinds & !row.seen;
            if left != 0 {
                let key = self.table.key(id);
                paths.extend(bits(left).map(|bit| join(key, bit)));
            }
        }
        paths
    }

    /// The releases `feed.atom` lists, in its order: the first `limit` of
    /// the pages `keep` accepts, newest first. Reads the index of releases
    /// from its start: no walk over every page.
    pub fn newest_releases(
        &self,
        limit: usize,
        keep: impl Fn(&str, EntryRef<'_>) -> bool,
    ) -> Vec<(&str, &Release)> {
        let mut out: Vec<(&str, &Release)> = Vec::new();
        for (_, stem) in &self.releases {
            if out.len() >= limit {
                break;
            }
            let Some(id) = self.table.find(&format!("{stem}.html")) else {
                continue;
            };
            let Some(release) = self.table.release(id) else {
                continue;
            };
            let key = self.table.key(id);
            if self.table.row(id).kinds & OWN == 0 || !keep(key, self.view(id, OWN)) {
                continue;
            }
            out.push((key, release));
        }
        out
    }

    /// True when a release's page was published and this build did not
    /// produce it (a full build is about to remove it).
    pub fn unseen_release(&self) -> bool {
        self.releases.iter().any(|(_, stem)| {
            self.table.find(&format!("{stem}.html")).is_some_and(|id| {
                let row = self.table.row(id);
                row.kinds & OWN != 0 && row.seen & OWN == 0
            })
        })
    }

    /// Notes a path as Trogs's own, with nothing known of its bytes (a path
    /// a killed build claimed, a page of an earlier Trogs); a path already
    /// listed is left as it is.
    pub fn claim(&mut self, path: &str) {
        let (key, bit) = split(path);
        let id = self.table.entry(&key);
        self.table.add(id, bit);
    }

    /// Adds a path this build is about to publish for the first time,
    /// marked as produced by it.
    pub fn add(&mut self, path: &str) {
        self.claim(path);
        self.see(path);
    }

    /// Lists a marked record, unless there are too many to list.
    fn list_marked(&mut self, id: Id, changed: bool) {
        if self.many_marked {
            return;
        }
        if self.seen_ids.len() + self.changed_ids.len() >= MARKED_LIST_LIMIT {
            self.many_marked = true;
            self.seen_ids = Vec::new();
            self.changed_ids = Vec::new();
            return;
        }
        if changed {
            self.changed_ids.push(id);
        } else {
            self.seen_ids.push(id);
        }
    }

    /// Marks a path as produced by this build; false when it already was
    /// (or is not listed).
    pub fn see(&mut self, path: &str) -> bool {
        let (key, bit) = split(path);
        let Some(id) = self.table.find(&key) else {
            return false;
        };
        let row = self.table.row_mut(id);
        if row.kinds & bit == 0 || row.seen & bit != 0 {
            return false;
        }
        let first = row.seen == 0;
        row.seen |= bit;
        if first {
            self.list_marked(id, false);
        }
        true
    }

    /// Drops a path this build added and then found someone else's file
    /// at: the path was never the site's, so no delta line records it, and
    /// no later build takes the file over.
    pub fn forget(&mut self, path: &str) {
        self.remove_path(path);
    }

    /// Records that this build changed a path's record.
    pub fn touch(&mut self, path: &str) {
        let (key, _) = split(path);
        if let Some(id) = self.table.find(&key) {
            self.touch_record(id);
        }
    }

    fn touch_record(&mut self, id: Id) {
        let row = self.table.row_mut(id);
        if !row.dirty {
            row.dirty = true;
            self.list_marked(id, true);
        }
    }

    /// Records what was published at a path: its bytes' hash (and MD5,
    /// where the target reports it) and, for a page, what it was rendered
    /// from. A file beside a page shares its page's inputs.
    pub fn record(
        &mut self,
        path: &str,
        hash: Hash128,
        md5: Option<Hash128>,
        inputs: Hash128,
        parents: Box<str>,
        release: Option<Box<Release>>,
    ) {
        let (key, bit) = split(path);
        let Some(id) = self.table.find(&key) else {
            return;
        };
        let kinds = self.table.row(id).kinds;
        if kinds & bit == 0 {
            return;
        }
        self.table.set_hash(id, bit, hash.digest());
        if bit == OWN {
            self.table.row_mut(id).inputs = inputs.digest();
            self.table.set_parents(id, &parents);
            self.set_release(id, release);
        } else if kinds & OWN == 0 {
            self.table.row_mut(id).inputs = inputs.digest();
        }
        match md5 {
            Some(md5) => {
                self.md5s.insert(path.into(), md5.digest());
            }
            None => {
                if !self.md5s.is_empty() {
                    self.md5s.remove(path);
                }
            }
        }
        self.touch_record(id);
    }

    /// Records what a page whose bytes did not change was rendered from;
    /// true (and the record marked changed) when that differs from what
    /// the manifest held. Files beside a page have nothing of their own to
    /// record.
    pub fn update(
        &mut self,
        path: &str,
        inputs: Hash128,
        parents: Box<str>,
        release: Option<Box<Release>>,
    ) -> bool {
        let (key, bit) = split(path);
        if bit != OWN {
            return false;
        }
        let Some(id) = self.table.find(&key) else {
            return false;
        };
        if self.table.row(id).inputs == inputs.digest()
            && self.table.parents(id) == &*parents
            && self.table.release(id) == release.as_deref()
        {
            return false;
        }
        self.table.row_mut(id).inputs = inputs.digest();
        self.table.set_parents(id, &parents);
        self.set_release(id, release);
        self.touch_record(id);
        true
    }

    /// Records the XXH3 hash of a file whose bytes did not change but
    /// whose recorded hash is BLAKE3's (from a manifest before version 3),
    /// so the next build compares with the hash it makes.
    pub fn rehash(&mut self, path: &str, hash: Hash128) {
        let (key, bit) = split(path);
        let Some(id) = self.table.find(&key) else {
            return;
        };
        if self.table.row(id).kinds & bit == 0 {
            return;
        }
        self.table.set_hash(id, bit, hash.digest());
        self.touch_record(id);
    }

    /// Forgets what a path was rendered from, so the next build makes it
    /// again.
    pub fn invalidate(&mut self, path: &str) {
        let (key, bit) = split(path);
        if let Some(id) = self.table.find(&key)
            && self.table.row(id).kinds & bit != 0
        {
            self.table.row_mut(id).inputs = ZERO;
            self.touch_record(id);
        }
    }

    /// Removes a path, remembering it for the delta log.
    pub fn remove(&mut self, path: &str) {
        let (key, _) = split(path);
        if self.remove_path(path) {
            match self.table.find(&key) {
                Some(id) => self.touch_record(id),
                None => self.removed.push(key.into_owned()),
            }
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
                seed: (self.seed != 0).then(|| format!("{:016x}", self.seed)),
                entries: RecordsOut(self),
            },
        )?;
        std::io::Write::flush(&mut writer)
    }

    /// Marks every record unseen and unchanged, for the next build; a
    /// migrated manifest has been rewritten by now.
    pub fn unsee(&mut self) {
        if !self.many_marked {
            for &id in self.seen_ids.iter().chain(&self.changed_ids) {
                let row = self.table.row_mut(id);
                row.seen = 0;
                row.dirty = false;
            }
        } else {
            self.table.unmark_all();
        }
        self.seen_ids = Vec::new();
        self.changed_ids = Vec::new();
        self.many_marked = false;
        self.migrated = false;
        self.removed.clear();
    }
}

/// The bits set in `kinds`, the record's own first.
fn bits(kinds: u8) -> impl Iterator<Item = u8> {
    std::iter::once(OWN)
        .chain(BESIDE.iter().map(|(bit, _)| *bit))
        .filter(move |bit| kinds & bit != 0)
}

/// Every record, as a JSON object by path.
struct RecordsOut<'a>(&'a Manifest);

impl Serialize for RecordsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let table = &self.0.table;
        let mut map = s.serialize_map(Some(table.len()))?;
        for id in table.range(Bound::Unbounded) {
            map.serialize_entry(
                table.key(id),
                &RecordOut {
                    manifest: self.0,
                    id,
                },
            )?;
        }
        map.end()
    }
}

/// A record as version 3 files hold it (see `RecordFile`).
struct RecordOut<'a> {
    manifest: &'a Manifest,
    id: Id,
}

impl Serialize for RecordOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let table = &self.manifest.table;
        let (id, key) = (self.id, table.key(self.id));
        let r = table.row(id);
        let md5 = |bit: u8| -> Option<Hash128> {
            if self.manifest.md5s.is_empty() {
                return None;
            }
            self.manifest
                .md5s
                .get(join(key, bit).as_str())
                .map(|d| Hash128::of_digest(*d))
        };
        let mut map = s.serialize_map(None)?;
        if r.kinds & OWN == 0 {
            map.serialize_entry("own", &false)?;
        } else {
            map.serialize_entry("hash", &Hash128::of_digest(r.hash))?;
        }
        if r.inputs != ZERO {
            map.serialize_entry("inputs", &Hash128::of_digest(r.inputs))?;
        }
        if r.kinds & OWN != 0
            && let Some(md5) = md5(OWN)
        {
            map.serialize_entry("md5", &md5)?;
        }
        let parents = table.parents(id);
        if !parents.is_empty() {
            map.serialize_entry("parents", parents)?;
        }
        if let Some(release) = table.release(id) {
            map.serialize_entry("release", release)?;
        }
        if r.kinds & !OWN != 0 {
            let beside: BTreeMap<&str, String> = BESIDE
                .iter()
                .filter(|(bit, _)| r.kinds & bit != 0)
                .map(|&(bit, name)| {
                    let mut value = Hash128::of_digest(table.hash_of(id, bit))
                        .hex()
                        .as_str()
                        .to_string();
                    if let Some(md5) = md5(bit) {
                        value.push(' ');
                        value.push_str(md5.hex().as_str());
                    }
                    (name, value)
                })
                .collect();
            map.serialize_entry("beside", &beside)?;
        }
        let blake3 = r.blake3 & r.kinds;
        if blake3 != 0 {
            let names: Vec<&str> = bits(blake3).map(name_of).collect();
            map.serialize_entry("blake3", &names)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file beside a page finds its page's record and back; other
    /// paths are records of their own.
    #[test]
    fn companions_fold_into_their_page() {
        for (path, key, bit) in [
            ("album/a-1.html", "album/a-1.html", OWN),
            ("album/a-1.m3u", "album/a-1.html", PLAYLIST),
            ("artist/x.atom", "artist/x.html", ATOM),
            ("artist/x.rss", "artist/x.html", PODCAST),
            ("embed/track/t_2.html", "track/t_2.html", EMBED),
            ("embed/compact/album/a.html", "album/a.html", COMPACT),
            ("oembed/track/t.json", "track/t.html", OEMBED),
            // Not files a page has beside it.
            ("track/t.m3u", "track/t.m3u", OWN),
            ("album/a.rss", "album/a.rss", OWN),
            ("embed/artist/x.html", "embed/artist/x.html", OWN),
            ("feed.atom", "feed.atom", OWN),
            ("sitemap.xml", "sitemap.xml", OWN),
            (
                "embed/compact/track/a.b.html",
                "embed/compact/track/a.b.html",
                OWN,
            ),
        ] {
            let (k, b) = split(path);
            assert_eq!((&*k, b), (key, bit), "{path}");
            assert_eq!(join(key, bit), path);
        }
    }

    /// The index gives the releases `feed.atom` would pick from all of
    /// them: newest first, then by URL (`album/a` before `album/a-b`, though
    /// `album/a-b.html` sorts before `album/a.html`).
    #[test]
    fn the_newest_releases_come_in_the_feeds_order() {
        let mut m = Manifest::default();
        let pages = [
            ("album/a.html", "2024"),
            ("album/a-b.html", "2024-01-01"),
            ("album/b.html", "2023-12-31"),
            ("track/a.html", "2024-01"),
            ("album/z.html", "2025-06-01"),
            ("album/undated.html", "someday"),
            ("album/c.html", "2023-12-31"),
        ];
        for (path, date) in pages {
            m.add(path);
            let release = Release {
                date: date.into(),
                ..Release::default()
            };
            m.record(
                path,
                Hash128(1),
                None,
                Hash128(1),
                "".into(),
                Some(Box::new(release)),
            );
        }
        let mut all: Vec<(String, String)> = pages
            .iter()
            .filter_map(|(p, d)| {
                let date = crate::dates::rfc3339(Some(d))?;
                Some((date, format!("/{}", p.strip_suffix(".html").unwrap())))
            })
            .collect();
        all.sort_by(|(da, ua), (db, ub)| db.cmp(da).then_with(|| ua.cmp(ub)));
        for limit in 0..8 {
            let got: Vec<String> = m
                .newest_releases(limit, |_, _| true)
                .into_iter()
                .map(|(p, _)| format!("/{}", p.strip_suffix(".html").unwrap()))
                .collect();
            let want: Vec<String> = all.iter().take(limit).map(|(_, u)| u.clone()).collect();
            assert_eq!(got, want, "{limit}");
        }
        m.remove("album/z.html");
        let got = m.newest_releases(1, |p, _| p != "album/a.html");
        assert_eq!(got[0].0, "album/a-b.html");
    }

    #[test]
    fn a_record_keeps_its_files_apart() {
        let mut m = Manifest::default();
        for p in ["album/a.html", "embed/album/a.html", "album/a.m3u"] {
            m.add(p);
            m.record(
                p,
                Hash128(p.len() as u128),
                None,
                Hash128(7),
                "artist:x".into(),
                None,
            );
        }
        assert_eq!(m.table.len(), 1);
        assert_eq!(m.get("embed/album/a.html").unwrap().hash, Hash128(18));
        assert_eq!(m.get("album/a.m3u").unwrap().hash, Hash128(11));
        assert_eq!(m.get("album/a.html").unwrap().parents, "artist:x");
        assert_eq!(m.get("album/a.m3u").unwrap().inputs, Hash128(7));
        assert!(m.get("oembed/album/a.json").is_none());
        m.unsee();
        m.see("album/a.html");
        assert_eq!(m.unseen(), vec!["album/a.m3u", "embed/album/a.html"]);
        m.remove("album/a.m3u");
        assert!(m.removed.is_empty());
        assert_eq!(m.get("embed/album/a.html").unwrap().hash, Hash128(18));
        m.remove("album/a.html");
        m.remove("embed/album/a.html");
        assert_eq!(m.removed, vec!["album/a.html"]);
        assert!(m.is_empty());
    }

    /// Version 2's hashes are BLAKE3's: read so, named so when written as
    /// version 3, read back the same, and forgotten file by file as a
    /// build records its own.
    #[test]
    fn blake3_hashes_stay_named_until_the_file_is_recorded_again() {
        let v2 = r#"{"format":"trogs-site-manifest","version":2,"generation":1,"entries":{
            "album/a.html":{"hash":"0000000000000000000000000000000a","beside":{"embed":"0000000000000000000000000000000b"}},
            "index.html":{"hash":"0000000000000000000000000000000c"}}}"#;
        let mut m = Manifest::read(v2.as_bytes()).unwrap();
        assert!(m.migrated());
        for p in ["album/a.html", "embed/album/a.html", "index.html"] {
            assert!(m.get(p).unwrap().blake3, "{p}");
        }
        m.rehash("embed/album/a.html", Hash128(0xee));
        assert!(!m.get("embed/album/a.html").unwrap().blake3);
        assert_eq!(m.get("embed/album/a.html").unwrap().hash, Hash128(0xee));
        let mut v3 = Vec::new();
        m.write(&mut v3).unwrap();
        let text = String::from_utf8(v3.clone()).unwrap();
        assert!(text.contains(r#""version":3"#), "{text}");
        assert!(text.contains(r#""blake3":["own"]"#), "{text}");
        assert_eq!(text.matches("blake3").count(), 2, "{text}");
        let again = Manifest::read(&v3[..]).unwrap();
        assert!(!again.migrated());
        assert!(again.get("album/a.html").unwrap().blake3);
        assert!(!again.get("embed/album/a.html").unwrap().blake3);
        assert!(again.get("index.html").unwrap().blake3);

        assert!(!text.contains("seed"), "none was made: {text}");

        // A seed is made once, kept by the file, and must be one.
        let mut seeded = again;
        seeded.ensure_seed();
        let seed = seeded.seed();
        assert_ne!(seed, 0);
        seeded.ensure_seed();
        assert_eq!(seeded.seed(), seed);
        let mut file = Vec::new();
        seeded.write(&mut file).unwrap();
        assert_eq!(Manifest::read(&file[..]).unwrap().seed(), seed);
        let zero = String::from_utf8(file)
            .unwrap()
            .replace(&format!("{seed:016x}"), "0000000000000000");
        let err = Manifest::read(zero.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("is not a seed"), "{err}");

        let wrong = text.replace(r#""blake3":["own"]"#, r#""blake3":["cover"]"#);
        let err = Manifest::read(wrong.as_bytes()).unwrap_err().to_string();
        assert!(err.contains(r#""cover" in its BLAKE3 list"#), "{err}");
    }
}
