//! What the index and HEAD say of the plan files, kept in
//! `.git/plandesk/status` for as long as neither changes.
//!
//! Listing the plans needs each plan file's index entry (its blob and stat
//! data) and its blob in HEAD. Read from git, that is the whole index
//! (parsed and checksummed) and every year's tree of HEAD, on every
//! `plandesk list`. Both change only when git writes them: the index file is
//! always replaced whole (a new inode and change time), and HEAD's commit id
//! names its tree. So the two maps are kept here under a key of the index
//! file's stat data and HEAD's commit id, and read back while the key still
//! matches. The file has the summary cache's header (magic, version, length,
//! CRC-32); one that is damaged or of another version is rebuilt from git,
//! and deleting it is always safe.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::framed;

const MAGIC: &[u8; 8] = b"PLDSTATS";
/// Bump when the records change shape or meaning.
const VERSION: u32 = 1;

/// What the index and HEAD hold for one path under `plans/`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Known {
    /// The index entry (stage 0): blob id and the stat data git recorded.
    pub staged: Option<([u8; 20], Stat)>,
    /// HEAD's blob.
    pub head: Option<[u8; 20]>,
}

/// Stat data as the index keeps it (seconds and nanoseconds, size, inode,
/// truncated to 32 bits as the index stores them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stat {
    pub mtime: (i64, u32),
    pub ctime: (i64, u32),
    pub size: u64,
    pub ino: u64,
}

/// What the snapshot is valid for: the index file as it is on disk and
/// HEAD's commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Key {
    /// Full-precision stat data of `.git/index` (`None`: there is none).
    pub index: Option<(i64, i64, i64, i64, u64, u64)>,
    pub head: Option<[u8; 20]>,
}

impl Key {
    #[cfg(unix)]
    pub fn of(index: Option<&std::fs::Metadata>, head: Option<[u8; 20]>) -> Key {
        use std::os::unix::fs::MetadataExt;
        Key {
            index: index.map(|m| {
                (
                    m.mtime(),
                    m.mtime_nsec(),
                    m.ctime(),
                    m.ctime_nsec(),
                    m.size(),
                    m.ino(),
                )
            }),
            head,
        }
    }

    /// Without unix stat data no key can be trusted: never a match.
    #[cfg(not(unix))]
    pub fn of(_index: Option<&std::fs::Metadata>, _head: Option<[u8; 20]>) -> Key {
        Key {
            index: Some((-1, -1, -1, -1, u64::MAX, u64::MAX)),
            head: None,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Body<'a> {
    key: Key,
    #[serde(borrow)]
    paths: Vec<(&'a str, Known)>,
}

pub(super) fn path(git_dir: &Path) -> PathBuf {
    git_dir.join("plandesk").join("status")
}

/// The file's bytes, to be decoded by [`decode`].
pub(super) fn read(git_dir: &Path) -> Option<Vec<u8>> {
    std::fs::read(path(git_dir)).ok()
}

/// The paths the file knows, when it was made for `key`.
pub(super) fn decode(bytes: &[u8], key: Key) -> Option<HashMap<&str, Known>> {
    let body: Body = postcard::from_bytes(framed::body(bytes, MAGIC, VERSION)?).ok()?;
    (body.key == key).then(|| body.paths.into_iter().collect())
}

/// Keep `paths` for `key`, replacing the file whole. A cache: failing to
/// write only costs time.
pub(super) fn write(git_dir: &Path, key: Key, paths: &HashMap<String, Known>) {
    let mut sorted: Vec<(&str, Known)> = paths.iter().map(|(p, k)| (p.as_str(), *k)).collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    if let Some(bytes) = framed::frame(MAGIC, VERSION, &Body { key, paths: sorted }) {
        let _ = framed::replace(&path(git_dir), &bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(head: u8) -> Key {
        Key {
            index: Some((1, 2, 3, 4, 5, 6)),
            head: Some([head; 20]),
        }
    }

    #[test]
    fn a_snapshot_is_read_back_only_for_its_own_key_and_never_when_damaged() {
        let dir = tempfile::tempdir().expect("dir");
        let mut paths = HashMap::new();
        let known = Known {
            staged: Some((
                [7; 20],
                Stat {
                    mtime: (10, 11),
                    ctime: (12, 13),
                    size: 14,
                    ino: 15,
                },
            )),
            head: Some([8; 20]),
        };
        paths.insert("plans/2024/a.toml".to_string(), known);
        write(dir.path(), key(1), &paths);
        let bytes = read(dir.path()).expect("written");
        let back = decode(&bytes, key(1)).expect("same key");
        assert_eq!(back.get("plans/2024/a.toml"), Some(&known));
        assert!(decode(&bytes, key(2)).is_none(), "HEAD moved");

        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(decode(&flipped, key(1)).is_none(), "damaged");
        assert!(
            decode(&bytes[..bytes.len() - 3], key(1)).is_none(),
            "truncated"
        );
    }
}
