//! The history index on disk: one file, read whole, checked whole, written
//! whole to a temporary file and renamed over the old one.
//!
//! ```text
//! header   magic "PDHIST\0\0", version u32, tip [20], next_seq u32,
//!          path_count u32, entry_count u32, pool_len u32
//! table    path_count × (pool_offset u32, path_len u32, first u32, count u32),
//!          sorted by path
//! pool     the paths' bytes (UTF-8), back to back
//! entries  entry_count × (commit [20], commit time i64, seq u32); each
//!          path's run newest first
//! trailer  CRC-32 of everything before it
//! ```
//!
//! All integers little-endian. A file that fails any check is never used:
//! the caller rebuilds the index.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use git2::Oid;

/// Bumped whenever the layout or the meaning of an entry changes; an index of
/// another version is rebuilt.
pub const VERSION: u32 = 1;
const MAGIC: &[u8; 8] = b"PDHIST\0\0";
const HEADER: usize = 8 + 4 + 20 + 4 + 4 + 4 + 4;
const ROW: usize = 16;
const ENTRY: usize = 20 + 8 + 4;
const TRAILER: usize = 4;

/// One commit that changed a plan's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub commit: Oid,
    /// Committer time, seconds: history is newest first by it.
    pub time: i64,
    /// Order of indexing (parents before children); breaks ties in time.
    pub seq: u32,
}

impl Entry {
    /// Newest first: later time, then later seq.
    pub(crate) fn newest_first(a: &Entry, b: &Entry) -> std::cmp::Ordering {
        (b.time, b.seq).cmp(&(a.time, a.seq))
    }
}

/// Why a file on disk cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Unusable {
    Missing,
    /// Another version of the format (older or newer plandesk).
    Version(u32),
    /// Truncated, garbage, or failing its checksum.
    Damaged(&'static str),
}

/// An index as read from disk: the bytes, checked, and looked up in place.
#[derive(Debug)]
pub(crate) struct IndexFile {
    bytes: Vec<u8>,
    paths: usize,
    pool: usize,
}

/// An index being changed: every path's entries, newest first.
#[derive(Debug, Default)]
pub(crate) struct Index {
    pub tip: Option<Oid>,
    pub next_seq: u32,
    pub plans: BTreeMap<String, Vec<Entry>>,
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut x = [0u8; 4];
    x.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(x)
}

fn i64_at(b: &[u8], at: usize) -> i64 {
    let mut x = [0u8; 8];
    x.copy_from_slice(&b[at..at + 8]);
    i64::from_le_bytes(x)
}

fn oid_at(b: &[u8], at: usize) -> Option<Oid> {
    Oid::from_bytes(&b[at..at + 20]).ok()
}

impl IndexFile {
    pub(crate) fn read(path: &Path) -> Result<IndexFile, Unusable> {
        match std::fs::read(path) {
            Ok(bytes) => IndexFile::parse(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Unusable::Missing),
            Err(_) => Err(Unusable::Damaged("unreadable")),
        }
    }

    /// Check everything that a lookup relies on, so lookups cannot fail.
    pub(crate) fn parse(bytes: Vec<u8>) -> Result<IndexFile, Unusable> {
        if bytes.len() < HEADER + TRAILER || &bytes[..8] != MAGIC {
            return Err(Unusable::Damaged("not an index"));
        }
        let version = u32_at(&bytes, 8);
        if version != VERSION {
            return Err(Unusable::Version(version));
        }
        let body = bytes.len() - TRAILER;
        if crc32fast::hash(&bytes[..body]) != u32_at(&bytes, body) {
            return Err(Unusable::Damaged("checksum"));
        }
        let paths = u32_at(&bytes, 36) as usize;
        let entries = u32_at(&bytes, 40) as usize;
        let pool = u32_at(&bytes, 44) as usize;
        let expected = HEADER as u64
            + paths as u64 * ROW as u64
            + pool as u64
            + entries as u64 * ENTRY as u64
            + TRAILER as u64;
        if expected != bytes.len() as u64 {
            return Err(Unusable::Damaged("length"));
        }
        let file = IndexFile { bytes, paths, pool };
        let mut previous: Option<&[u8]> = None;
        for i in 0..paths {
            let (offset, len, first, count) = file.row(i);
            if offset + len > pool || first + count > entries || count == 0 {
                return Err(Unusable::Damaged("table"));
            }
            let name = file.path_bytes(offset, len);
            if std::str::from_utf8(name).is_err() || previous.is_some_and(|p| p >= name) {
                return Err(Unusable::Damaged("table order"));
            }
            previous = Some(name);
        }
        Ok(file)
    }

    /// The bytes, as they are written.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The order number the next indexed commit gets.
    pub(crate) fn next_seq(&self) -> u32 {
        u32_at(&self.bytes, 32)
    }

    /// The commit the index is complete for.
    pub(crate) fn tip(&self) -> Option<Oid> {
        let tip = oid_at(&self.bytes, 12)?;
        (!tip.is_zero()).then_some(tip)
    }

    fn row(&self, i: usize) -> (usize, usize, usize, usize) {
        let at = HEADER + i * ROW;
        (
            u32_at(&self.bytes, at) as usize,
            u32_at(&self.bytes, at + 4) as usize,
            u32_at(&self.bytes, at + 8) as usize,
            u32_at(&self.bytes, at + 12) as usize,
        )
    }

    fn path_bytes(&self, offset: usize, len: usize) -> &[u8] {
        let start = HEADER + self.paths * ROW + offset;
        &self.bytes[start..start + len]
    }

    fn entry_at(&self, i: usize) -> usize {
        HEADER + self.paths * ROW + self.pool + i * ENTRY
    }

    fn entry(&self, i: usize) -> Entry {
        let at = self.entry_at(i);
        Entry {
            commit: oid_at(&self.bytes, at).unwrap_or(Oid::ZERO_SHA1),
            time: i64_at(&self.bytes, at + 20),
            seq: u32_at(&self.bytes, at + 28),
        }
    }

    /// The commits that changed `path`, newest first: a binary search in the
    /// table, then only that path's run is decoded.
    pub(crate) fn commits_of(&self, path: &str) -> Vec<Oid> {
        let Some(row) = self.find(path) else {
            return Vec::new();
        };
        let (_, _, first, count) = self.row(row);
        (first..first + count)
            .map(|i| self.entry(i).commit)
            .collect()
    }

    /// Every indexed commit with the paths it changed.
    pub(crate) fn changes_by_commit(&self) -> HashMap<Oid, Vec<String>> {
        let mut out: HashMap<Oid, Vec<String>> = HashMap::new();
        for i in 0..self.paths {
            let (offset, len, first, count) = self.row(i);
            let name = String::from_utf8_lossy(self.path_bytes(offset, len));
            for e in first..first + count {
                out.entry(self.entry(e).commit)
                    .or_default()
                    .push(name.clone().into_owned());
            }
        }
        out
    }

    /// The bytes of this index after one more commit, `commit`, which
    /// changed `path` (or no plan: `None`) and is newer than every entry of
    /// it: spliced in place of decoding and encoding it all, which a tick
    /// would otherwise pay on a long history. `None` when the splice does not
    /// apply (a path the index does not know, an entry that is not the
    /// newest); the caller then changes the decoded [`Index`].
    pub(crate) fn with_newest(&self, commit: Oid, path: Option<(&str, Entry)>) -> Option<Vec<u8>> {
        let next_seq = self.next_seq();
        let entries = u32_at(&self.bytes, 40) as usize;
        let body = self.bytes.len() - TRAILER;
        let mut out = Vec::with_capacity(self.bytes.len() + ENTRY);
        out.extend_from_slice(&self.bytes[..12]);
        out.extend_from_slice(commit.as_bytes());
        let Some((path, entry)) = path else {
            // No plan changed: only the tip moves.
            out.extend_from_slice(&self.bytes[32..body]);
            let crc = crc32fast::hash(&out);
            out.extend_from_slice(&crc.to_le_bytes());
            return Some(out);
        };
        let row = self.find(path)?;
        let (_, _, first, _) = self.row(row);
        let newest = self.entry(first);
        if Entry::newest_first(&entry, &newest) != std::cmp::Ordering::Less || entry.seq < next_seq
        {
            return None;
        }
        let n = |x: usize| u32::try_from(x).ok().map(u32::to_le_bytes);
        out.extend_from_slice(&entry.seq.saturating_add(1).to_le_bytes());
        out.extend_from_slice(&self.bytes[36..40]);
        out.extend_from_slice(&n(entries + 1)?);
        out.extend_from_slice(&self.bytes[44..HEADER]);
        for i in 0..self.paths {
            let (offset, len, f, c) = self.row(i);
            out.extend_from_slice(&n(offset)?);
            out.extend_from_slice(&n(len)?);
            out.extend_from_slice(&n(if f > first { f + 1 } else { f })?);
            out.extend_from_slice(&n(if i == row { c + 1 } else { c })?);
        }
        let pool_at = HEADER + self.paths * ROW;
        out.extend_from_slice(&self.bytes[pool_at..pool_at + self.pool]);
        let split = self.entry_at(first);
        out.extend_from_slice(&self.bytes[pool_at + self.pool..split]);
        out.extend_from_slice(entry.commit.as_bytes());
        out.extend_from_slice(&entry.time.to_le_bytes());
        out.extend_from_slice(&entry.seq.to_le_bytes());
        out.extend_from_slice(&self.bytes[split..body]);
        let crc = crc32fast::hash(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        Some(out)
    }

    /// The table row of `path`: a binary search.
    fn find(&self, path: &str) -> Option<usize> {
        let mut lo = 0;
        let mut hi = self.paths;
        while lo < hi {
            let mid = (lo + hi) / 2;
            let (offset, len, _, _) = self.row(mid);
            match self.path_bytes(offset, len).cmp(path.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Decode it all, to change it.
    pub(crate) fn into_index(self) -> Index {
        let mut plans = BTreeMap::new();
        for i in 0..self.paths {
            let (offset, len, first, count) = self.row(i);
            let name = String::from_utf8_lossy(self.path_bytes(offset, len)).into_owned();
            plans.insert(
                name,
                (first..first + count).map(|e| self.entry(e)).collect(),
            );
        }
        Index {
            tip: self.tip(),
            next_seq: u32_at(&self.bytes, 32),
            plans,
        }
    }
}

impl Index {
    /// The bytes of the file (see the module documentation).
    pub(crate) fn encode(&self) -> Vec<u8> {
        let plans: Vec<(&String, &Vec<Entry>)> =
            self.plans.iter().filter(|(_, e)| !e.is_empty()).collect();
        let pool: usize = plans.iter().map(|(p, _)| p.len()).sum();
        let entries: usize = plans.iter().map(|(_, e)| e.len()).sum();
        let mut out =
            Vec::with_capacity(HEADER + plans.len() * ROW + pool + entries * ENTRY + TRAILER);
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX).to_le_bytes();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(self.tip.unwrap_or(Oid::ZERO_SHA1).as_bytes());
        out.extend_from_slice(&self.next_seq.to_le_bytes());
        out.extend_from_slice(&n(plans.len()));
        out.extend_from_slice(&n(entries));
        out.extend_from_slice(&n(pool));
        let (mut offset, mut first) = (0, 0);
        for (path, list) in &plans {
            out.extend_from_slice(&n(offset));
            out.extend_from_slice(&n(path.len()));
            out.extend_from_slice(&n(first));
            out.extend_from_slice(&n(list.len()));
            offset += path.len();
            first += list.len();
        }
        for (path, _) in &plans {
            out.extend_from_slice(path.as_bytes());
        }
        for (_, list) in &plans {
            for e in list.iter() {
                out.extend_from_slice(e.commit.as_bytes());
                out.extend_from_slice(&e.time.to_le_bytes());
                out.extend_from_slice(&e.seq.to_le_bytes());
            }
        }
        let crc = crc32fast::hash(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// Write it beside `path` and rename it over: readers see the old file
    /// or the new one, never a mix, and of two writers the last rename wins
    /// with a file that is whole on its own. Not synced to disk: the index can
    /// always be rebuilt, and a file a crash damaged fails its checksum.
    pub(crate) fn write(&self, path: &Path) -> std::io::Result<()> {
        crate::store::framed::replace(path, &self.encode())
    }

    /// Re-read as a file, for lookups.
    pub(crate) fn into_file(self) -> IndexFile {
        let bytes = self.encode();
        let paths = self.plans.values().filter(|e| !e.is_empty()).count();
        let pool = self
            .plans
            .iter()
            .filter(|(_, e)| !e.is_empty())
            .map(|(p, _)| p.len())
            .sum();
        IndexFile { bytes, paths, pool }
    }
}

/// The tip of the index file at `path`, from its header alone (`None`
/// inside when the index is empty); `None` when there is no index of this
/// version. The rest is checked by whoever reads the whole file.
pub(crate) fn tip_of(path: &Path) -> Option<Option<Oid>> {
    use std::io::Read as _;
    let mut header = [0u8; HEADER];
    std::fs::File::open(path)
        .ok()?
        .read_exact(&mut header)
        .ok()?;
    if &header[..8] != MAGIC || u32_at(&header, 8) != VERSION {
        return None;
    }
    let tip = oid_at(&header, 12)?;
    Some((!tip.is_zero()).then_some(tip))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).expect("oid")
    }

    fn sample() -> Index {
        let mut index = Index {
            tip: Some(oid(9)),
            next_seq: 4,
            plans: BTreeMap::new(),
        };
        let e = |n: u8, seq: u32| Entry {
            commit: oid(n),
            time: 1_700_000_000 + i64::from(seq),
            seq,
        };
        index
            .plans
            .insert("plans/2024/b.toml".into(), vec![e(3, 3), e(1, 1)]);
        index
            .plans
            .insert("plans/2024/a.toml".into(), vec![e(2, 2)]);
        index.plans.insert("plans/2024/empty.toml".into(), vec![]);
        index
    }

    #[test]
    fn round_trips_and_looks_up_one_path() {
        let bytes = sample().encode();
        let file = IndexFile::parse(bytes).expect("parse");
        assert_eq!(file.tip(), Some(oid(9)));
        assert_eq!(file.commits_of("plans/2024/b.toml"), vec![oid(3), oid(1)]);
        assert_eq!(file.commits_of("plans/2024/a.toml"), vec![oid(2)]);
        assert!(file.commits_of("plans/2024/c.toml").is_empty());
        assert!(file.commits_of("plans/2024/empty.toml").is_empty());
        let back = file.into_index();
        assert_eq!(back.next_seq, 4);
        assert_eq!(back.plans.len(), 2);
        let direct = sample().into_file();
        assert_eq!(direct.commits_of("plans/2024/b.toml"), vec![oid(3), oid(1)]);
    }

    #[test]
    fn a_spliced_commit_gives_the_bytes_a_full_rewrite_gives() {
        let file = IndexFile::parse(sample().encode()).expect("parse");
        let newer = Entry {
            commit: oid(7),
            time: 1_800_000_000,
            seq: 4,
        };
        for path in ["plans/2024/a.toml", "plans/2024/b.toml"] {
            let spliced = file
                .with_newest(oid(7), Some((path, newer)))
                .expect("splices");
            let mut index = sample();
            index.tip = Some(oid(7));
            index.next_seq = 5;
            index.plans.get_mut(path).expect("path").insert(0, newer);
            assert_eq!(spliced, index.encode(), "{path}");
            let back = IndexFile::parse(spliced).expect("parses");
            assert_eq!(back.commits_of(path)[0], oid(7));
        }
        // A commit of no plan moves the tip only.
        let mut index = sample();
        index.tip = Some(oid(8));
        assert_eq!(file.with_newest(oid(8), None), Some(index.encode()));
        // What a splice cannot do is left to a full rewrite.
        let unknown = file.with_newest(oid(7), Some(("plans/2024/new.toml", newer)));
        assert!(unknown.is_none(), "a path the index does not know");
        let older = Entry {
            time: 1_600_000_000,
            ..newer
        };
        let older = file.with_newest(oid(7), Some(("plans/2024/b.toml", older)));
        assert!(older.is_none(), "not the newest");
    }

    #[test]
    fn every_truncation_and_every_flipped_byte_is_refused() {
        let bytes = sample().encode();
        for len in 0..bytes.len() {
            assert!(IndexFile::parse(bytes[..len].to_vec()).is_err(), "{len}");
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x40;
            assert!(IndexFile::parse(bad).is_err(), "{at}");
        }
    }

    #[test]
    fn another_version_is_named_as_such() {
        let mut bytes = sample().encode();
        bytes[8..12].copy_from_slice(&0u32.to_le_bytes());
        assert_eq!(
            IndexFile::parse(bytes).map(|_| ()),
            Err(Unusable::Version(0))
        );
    }
}
