//! The commits plandesk made since the index file was last written, one
//! small record each, appended to `.git/plandesk/history/recent`: a tick
//! adds tens of bytes instead of rewriting an index of megabytes (3.4 MB
//! for 100,000 commits, and ext4 flushes a file renamed over another).
//!
//! ```text
//! record   payload_len u32, CRC-32 of the payload u32,
//!          payload: parent [20], commit [20], commit time i64, path (UTF-8;
//!          empty when the commit changed no plan)
//! ```
//!
//! A record only says "`commit`, whose parent is `parent`, changed `path`
//! and nothing else"; it is used only when `parent` is the tip the index
//! has reached, so a record that is stale (the index was rewritten since,
//! or history moved) is skipped, never misapplied. Reading stops at the
//! first record that is cut short or fails its checksum (a writer killed
//! mid-append). Losing records costs only time: the next reader indexes
//! those commits from git.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use git2::Oid;

const FIXED: usize = 20 + 20 + 8;

/// One commit plandesk made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Record {
    pub parent: Oid,
    pub commit: Oid,
    /// Committer time, seconds.
    pub time: i64,
    /// The plan file it changed; `None` when it changed none.
    pub path: Option<String>,
}

/// Where the records of `index` (the index file's path) are kept.
pub(super) fn path_beside(index: &Path) -> PathBuf {
    index.with_file_name("recent")
}

/// The records, oldest first, up to the first damaged one.
pub(super) fn read(path: &Path) -> Vec<Record> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(head) = bytes.get(at..at + 8) {
        let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let crc = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        let Some(payload) = bytes.get(at + 8..at + 8 + len) else {
            break;
        };
        if len < FIXED || crc32fast::hash(payload) != crc {
            break;
        }
        let (Ok(parent), Ok(commit)) = (
            Oid::from_bytes(&payload[..20]),
            Oid::from_bytes(&payload[20..40]),
        ) else {
            break;
        };
        let mut time = [0u8; 8];
        time.copy_from_slice(&payload[40..48]);
        let Ok(path) = std::str::from_utf8(&payload[FIXED..]) else {
            break;
        };
        out.push(Record {
            parent,
            commit,
            time: i64::from_le_bytes(time),
            path: (!path.is_empty()).then(|| path.to_string()),
        });
        at += 8 + len;
    }
    out
}

/// Append one record, in one write.
pub(super) fn append(path: &Path, record: &Record) -> std::io::Result<()> {
    let name = record.path.as_deref().unwrap_or("");
    let mut payload = Vec::with_capacity(FIXED + name.len());
    payload.extend_from_slice(record.parent.as_bytes());
    payload.extend_from_slice(record.commit.as_bytes());
    payload.extend_from_slice(&record.time.to_le_bytes());
    payload.extend_from_slice(name.as_bytes());
    let len = u32::try_from(payload.len()).map_err(std::io::Error::other)?;
    let mut bytes = Vec::with_capacity(8 + payload.len());
    bytes.extend_from_slice(&len.to_le_bytes());
    bytes.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    bytes.extend_from_slice(&payload);
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(&bytes)
}

/// Forget the records: the index file now holds what they said.
pub(super) fn clear(path: &Path) {
    // Missing already, or not removable (a read-only repository): records
    // that are stale are skipped anyway.
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).expect("oid")
    }

    #[test]
    fn records_read_back_in_order_and_a_cut_or_damaged_tail_is_dropped() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("recent");
        assert!(read(&path).is_empty());
        let a = Record {
            parent: oid(1),
            commit: oid(2),
            time: 1_700_000_000,
            path: Some("plans/2024/汪场.toml".into()),
        };
        let b = Record {
            parent: oid(2),
            commit: oid(3),
            time: -5,
            path: None,
        };
        append(&path, &a).expect("append");
        append(&path, &b).expect("append");
        assert_eq!(read(&path), vec![a.clone(), b.clone()]);

        // A writer killed mid-append: the whole records before it are kept.
        let whole = std::fs::read(&path).expect("read");
        std::fs::write(&path, &whole[..whole.len() - 3]).expect("cut");
        assert_eq!(read(&path), vec![a.clone()]);
        // A flipped byte in the second record's payload.
        let mut bad = whole.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0xff;
        std::fs::write(&path, &bad).expect("damage");
        assert_eq!(read(&path), vec![a]);

        clear(&path);
        assert!(read(&path).is_empty() && !path.exists());
    }
}
