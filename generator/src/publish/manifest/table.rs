//! The manifest's records as a build holds them: fixed-size rows in large
//! blocks, their paths, parents and the hashes of the files beside each
//! page in shared text and hash blocks, and a hash index of paths. A record
//! costs about half of what a map of boxed records did (no tree nodes,
//! no allocation per path, parents or hash list), and no block is ever
//! copied to grow, so a build's peak is what it holds (see
//! `docs/benchmarks.md`).

use std::hash::BuildHasher as _;
use std::ops::Bound;
use std::sync::OnceLock;

use hashbrown::HashTable;

use super::{Digest, OWN, Release, ZERO, allowed};

/// A record's place in the table; it never moves while the record lives.
pub(super) type Id = u32;

/// Rows (and hashes) per block: a block is allocated whole and never grown.
const BLOCK: usize = 4096;
/// Bytes per text block (paths, parents).
const TEXT_BLOCK: usize = 1 << 20;
/// No offset: a record with no files beside it yet.
const NONE: u32 = u32::MAX;

/// One record's row.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Row {
    /// The hash of the record's own file (zero: unknown).
    pub hash: Digest,
    pub inputs: Digest,
    key: u32,
    key_len: u32,
    /// Interned: 0 is no parents.
    parents: u32,
    /// Where the hashes of the files beside the page start: one per kind
    /// its page may have (`allowed`), reserved with the first.
    beside: u32,
    /// Which files are published: `OWN` and the companion bits; 0 for a
    /// row whose record was removed.
    pub kinds: u8,
    /// Which of them have a BLAKE3 hash, as a manifest before version 3
    /// recorded it (`Hash128::of_blake3`), not the XXH3 one a build
    /// records; `set_hash` clears a file's bit.
    pub blake3: u8,
    /// Which of them this build produced; not saved.
    pub seen: u8,
    /// Changed by this build; not saved.
    pub dirty: bool,
}

/// Fixed-size values in blocks that are never reallocated.
#[derive(Debug, Clone, Default)]
struct Blocks<T> {
    blocks: Vec<Vec<T>>,
}

impl<T: Copy + Default> Blocks<T> {
    fn len(&self) -> usize {
        self.blocks
            .last()
            .map_or(0, |b| (self.blocks.len() - 1) * BLOCK + b.len())
    }

    /// Places `n` values side by side (in one block) and returns the first's
    /// index; the rest of a block too small for them is left unused.
    fn push_run(&mut self, n: usize) -> u32 {
        debug_assert!(n > 0 && n <= BLOCK);
        let room = self.blocks.last().map_or(0, |b| BLOCK - b.len());
        if room < n {
            if let Some(last) = self.blocks.last_mut() {
                last.resize(BLOCK, T::default());
            }
            self.blocks.push(Vec::with_capacity(BLOCK));
        }
        let at = self.len();
        let last = self.blocks.last_mut().expect("a block was pushed");
        last.resize(last.len() + n, T::default());
        u32::try_from(at).expect("fewer than 4 billion rows")
    }

    fn get(&self, i: u32) -> &T {
        let i = i as usize;
        &self.blocks[i / BLOCK][i % BLOCK]
    }

    fn get_mut(&mut self, i: u32) -> &mut T {
        let i = i as usize;
        &mut self.blocks[i / BLOCK][i % BLOCK]
    }
}

/// Strings side by side in blocks that are never reallocated; a string is
/// found by where it starts (block and offset packed in a u32) and its
/// length.
#[derive(Debug, Clone, Default)]
struct Text {
    blocks: Vec<String>,
}

impl Text {
    fn push(&mut self, s: &str) -> u32 {
        let fits = self
            .blocks
            .last()
            .is_some_and(|b| b.capacity() - b.len() >= s.len() && b.len() < TEXT_BLOCK);
        if !fits {
            // A string longer than a block (none is, as paths go) gets a
            // block of its own.
            self.blocks
                .push(String::with_capacity(TEXT_BLOCK.max(s.len())));
        }
        let block = self.blocks.len() - 1;
        let last = &mut self.blocks[block];
        let at = last.len();
        last.push_str(s);
        assert!(block < 1 << 12, "more than 4 GB of paths");
        ((block as u32) << 20) | at as u32
    }

    fn get(&self, at: u32, len: u32) -> &str {
        let block = &self.blocks[(at >> 20) as usize];
        let start = (at & (TEXT_BLOCK as u32 - 1)) as usize;
        &block[start..start + len as usize]
    }
}

/// Each distinct parents string once: every track of an album has the
/// same.
#[derive(Debug, Clone)]
struct Interner {
    text: Text,
    /// Where each string is: 0 is the empty one.
    strings: Vec<(u32, u32)>,
    index: HashTable<u32>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            text: Text::default(),
            strings: vec![(0, 0)],
            index: HashTable::new(),
        }
    }
}

impl Interner {
    fn get(&self, id: u32) -> &str {
        let (at, len) = self.strings[id as usize];
        if len == 0 { "" } else { self.text.get(at, len) }
    }

    fn intern(&mut self, s: &str, hasher: &foldhash::fast::RandomState) -> u32 {
        if s.is_empty() {
            return 0;
        }
        let hash = hasher.hash_one(s);
        let Interner {
            text,
            strings,
            index,
        } = self;
        let found = index.find(hash, |&id| {
            let (at, len) = strings[id as usize];
            text.get(at, len) == s
        });
        if let Some(&id) = found {
            return id;
        }
        let id = u32::try_from(strings.len()).expect("fewer than 4 billion parents");
        let at = text.push(s);
        strings.push((at, s.len() as u32));
        index.insert_unique(hash, id, |&id| {
            let (at, len) = strings[id as usize];
            hasher.hash_one(text.get(at, len))
        });
        id
    }
}

/// Every record, by path.
#[derive(Debug, Clone, Default)]
pub(super) struct Table {
    rows: Blocks<Row>,
    keys: Text,
    beside: Blocks<Digest>,
    parents: Interner,
    releases: std::collections::HashMap<Id, Box<Release>, foldhash::fast::RandomState>,
    index: HashTable<Id>,
    hasher: foldhash::fast::RandomState,
    /// The live records in path order, made when first asked for after a
    /// record was added.
    order: OnceLock<Box<[Id]>>,
    live: usize,
}

impl Table {
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn key(&self, id: Id) -> &str {
        let row = self.rows.get(id);
        self.keys.get(row.key, row.key_len)
    }

    pub fn row(&self, id: Id) -> &Row {
        self.rows.get(id)
    }

    pub fn row_mut(&mut self, id: Id) -> &mut Row {
        self.rows.get_mut(id)
    }

    pub fn find(&self, key: &str) -> Option<Id> {
        let hash = self.hasher.hash_one(key);
        self.index
            .find(hash, |&id| {
                let row = self.rows.get(id);
                self.keys.get(row.key, row.key_len) == key
            })
            .copied()
    }

    /// The record at `key`, made (with no files) when missing.
    pub fn entry(&mut self, key: &str) -> Id {
        if let Some(id) = self.find(key) {
            return id;
        }
        let at = self.keys.push(key);
        let id = self.rows.push_run(1);
        *self.rows.get_mut(id) = Row {
            key: at,
            key_len: u32::try_from(key.len()).expect("a path shorter than 4 GB"),
            beside: NONE,
            ..Row::default()
        };
        let Table {
            rows,
            keys,
            index,
            hasher,
            ..
        } = self;
        index.insert_unique(hasher.hash_one(key), id, |&id| {
            let row = rows.get(id);
            hasher.hash_one(keys.get(row.key, row.key_len))
        });
        self.live += 1;
        // Added after the sorted list was made: in path order only if it
        // sorts after every record (as when a file is read in order).
        if let Some(order) = self.order.get()
            && order.last().is_none_or(|&last| self.key(last) < key)
        {
            let mut order = self.order.take().expect("checked above").into_vec();
            order.push(id);
            let _ = self.order.set(order.into_boxed_slice());
        } else {
            self.order.take();
        }
        id
    }

    /// Removes a record, with its release.
    pub fn remove(&mut self, id: Id) {
        let key = self.key(id).to_string();
        let hash = self.hasher.hash_one(key.as_str());
        if let Ok(found) = self.index.find_entry(hash, |&other| other == id) {
            found.remove();
            self.live -= 1;
        }
        self.releases.remove(&id);
        let row = self.rows.get_mut(id);
        row.kinds = 0;
        row.blake3 = 0;
        row.seen = 0;
        row.dirty = false;
        row.parents = 0;
        row.beside = NONE;
    }

    pub fn parents(&self, id: Id) -> &str {
        self.parents.get(self.rows.get(id).parents)
    }

    pub fn set_parents(&mut self, id: Id, parents: &str) {
        let interned = self.parents.intern(parents, &self.hasher);
        self.rows.get_mut(id).parents = interned;
    }

    pub fn release(&self, id: Id) -> Option<&Release> {
        self.releases.get(&id).map(|r| &**r)
    }

    /// Sets the record's release and returns the one it had.
    pub fn replace_release(
        &mut self,
        id: Id,
        release: Option<Box<Release>>,
    ) -> Option<Box<Release>> {
        match release {
            Some(r) => self.releases.insert(id, r),
            None => self.releases.remove(&id),
        }
    }

    /// Where the hash of the file of `bit` beside the page goes: its place
    /// among the kinds the page may have.
    fn beside_at(&self, id: Id, bit: u8) -> Option<u32> {
        let row = self.rows.get(id);
        if row.beside == NONE {
            return None;
        }
        let kinds = allowed_for(self.key(id));
        (kinds & bit != 0).then(|| row.beside + (kinds & (bit - 1)).count_ones())
    }

    pub fn hash_of(&self, id: Id, bit: u8) -> Digest {
        if bit == OWN {
            return self.rows.get(id).hash;
        }
        self.beside_at(id, bit)
            .map_or(ZERO, |at| *self.beside.get(at))
    }

    pub fn set_hash(&mut self, id: Id, bit: u8, hash: Digest) {
        self.rows.get_mut(id).blake3 &= !bit;
        if bit == OWN {
            self.rows.get_mut(id).hash = hash;
        } else if let Some(at) = self.beside_at(id, bit) {
            *self.beside.get_mut(at) = hash;
        }
    }

    /// Adds a file to the record (with an unknown hash); false when it was
    /// there, or is not a kind its page may have beside it.
    pub fn add(&mut self, id: Id, bit: u8) -> bool {
        if self.rows.get(id).kinds & bit != 0 {
            return false;
        }
        self.rows.get_mut(id).blake3 &= !bit;
        if bit != OWN {
            let kinds = allowed_for(self.key(id));
            if kinds & bit == 0 {
                return false;
            }
            if self.rows.get(id).beside == NONE {
                let at = self.beside.push_run(kinds.count_ones() as usize);
                self.rows.get_mut(id).beside = at;
            }
            self.set_hash(id, bit, ZERO);
        }
        self.rows.get_mut(id).kinds |= bit;
        true
    }

    /// Takes a file out of the record; false when it was not there.
    pub fn take(&mut self, id: Id, bit: u8) -> bool {
        if self.rows.get(id).kinds & bit == 0 {
            return false;
        }
        if bit == OWN {
            let row = self.rows.get_mut(id);
            row.hash = ZERO;
            row.parents = 0;
        } else {
            self.set_hash(id, bit, ZERO);
        }
        let row = self.rows.get_mut(id);
        row.kinds &= !bit;
        row.blake3 &= !bit;
        row.seen &= !bit;
        true
    }

    /// Marks every record unseen and unchanged.
    pub fn unmark_all(&mut self) {
        for block in &mut self.rows.blocks {
            for row in block {
                row.seen = 0;
                row.dirty = false;
            }
        }
    }

    /// Every live record, in no order.
    pub fn ids(&self) -> impl Iterator<Item = Id> + '_ {
        (0..self.rows.len() as u32).filter(|&id| self.rows.get(id).kinds != 0)
    }

    /// The live records in path order, from `from` on.
    pub fn range(&self, from: Bound<&str>) -> impl Iterator<Item = Id> + '_ {
        let order = self.order();
        let start = match from {
            Bound::Unbounded => 0,
            Bound::Included(k) => order.partition_point(|&id| self.key(id) < k),
            Bound::Excluded(k) => order.partition_point(|&id| self.key(id) <= k),
        };
        order[start..]
            .iter()
            .copied()
            .filter(|&id| self.rows.get(id).kinds != 0)
    }

    fn order(&self) -> &[Id] {
        self.order.get_or_init(|| {
            let mut ids: Vec<Id> = self.ids().collect();
            ids.sort_unstable_by(|&a, &b| self.key(a).cmp(self.key(b)));
            ids.into_boxed_slice()
        })
    }
}

/// Which files a record's page may have beside it, from its path
/// (`album/ID.html`).
fn allowed_for(key: &str) -> u8 {
    key.split_once('/').map_or(0, |(page, _)| allowed(page))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records keep their paths and hashes as more are added than a block
    /// holds, and come out in path order whatever order they came in.
    #[test]
    fn records_outlive_their_blocks_and_come_out_sorted() {
        let mut t = Table::default();
        let n = BLOCK * 2 + 17;
        for i in (0..n).rev() {
            let key = format!("album/a{i:06}.html");
            let id = t.entry(&key);
            assert!(t.add(id, OWN));
            assert!(t.add(id, super::super::EMBED));
            t.set_hash(id, super::super::EMBED, [i as u8; 16]);
            t.set_parents(id, &format!("artist:{}", i % 7));
        }
        assert_eq!(t.len(), n);
        let keys: Vec<&str> = t.range(Bound::Unbounded).map(|id| t.key(id)).collect();
        assert!(keys.is_sorted());
        assert_eq!(keys.len(), n);
        let id = t.find("album/a000300.html").unwrap();
        assert_eq!(t.hash_of(id, super::super::EMBED), [300u16 as u8; 16]);
        assert_eq!(t.parents(id), "artist:6");
        t.remove(id);
        assert!(t.find("album/a000300.html").is_none());
        assert_eq!(t.range(Bound::Unbounded).count(), n - 1);
        let from = t
            .range(Bound::Excluded("album/a000299.html"))
            .map(|id| t.key(id))
            .next();
        assert_eq!(from, Some("album/a000301.html"));
    }
}
