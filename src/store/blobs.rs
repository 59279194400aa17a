//! The plan files of the working tree with their git blob ids, found the way
//! `git status` finds them: an index entry whose stat data still matches the
//! file gives the blob id without reading the file; only the others are
//! read and hashed. HEAD's tree then says which files are clean.
//!
//! Caches keyed by blob id (plan summaries, the finder's items) start here.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use git2::{ObjectType, Oid};

use super::error::{LoadError, Result, io_err};
use super::plans::FileState;
use super::status::{self, Known, Stat};
use super::{PLANS_DIR, Workspace};
use crate::model::PlanId;

/// The git blob id of a file's contents (SHA-1), owned and printable as hex.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlobId([u8; 20]);

impl BlobId {
    /// The blob id git gives `bytes`.
    pub fn of(bytes: &[u8]) -> BlobId {
        // Hashing in memory cannot fail; a zero id would only miss the cache.
        Oid::hash_object(ObjectType::Blob, bytes)
            .ok()
            .and_then(BlobId::from_oid)
            .unwrap_or(BlobId([0; 20]))
    }

    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    pub fn from_bytes(bytes: [u8; 20]) -> BlobId {
        BlobId(bytes)
    }

    pub(crate) fn from_oid(oid: Oid) -> Option<BlobId> {
        oid.as_bytes().try_into().ok().map(BlobId)
    }
}

impl fmt::Display for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for BlobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlobId({self})")
    }
}

/// Text that is not 40 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a blob id (40 hex digits)")]
pub struct BadBlobId(pub String);

impl FromStr for BlobId {
    type Err = BadBlobId;

    fn from_str(s: &str) -> std::result::Result<BlobId, BadBlobId> {
        let bad = || BadBlobId(s.to_string());
        if s.len() != 40 || !s.is_ascii() {
            return Err(bad());
        }
        let mut out = [0u8; 20];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(BlobId(out))
    }
}

/// One plan file of the working tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFile {
    pub id: PlanId,
    /// The blob id of the file as it is now; `None` when it cannot be read
    /// (loading it says why).
    pub blob: Option<BlobId>,
    /// How the file stands against HEAD.
    pub state: FileState,
}

/// Every plan file under `plans/<year>/`, newest year first, then by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanFiles {
    pub files: Vec<PlanFile>,
    /// Plans in HEAD (or the index) whose files are gone from the working tree.
    pub deleted: Vec<PlanId>,
    /// Files under `plans/` whose names are not plan ids.
    pub stray: Vec<LoadError>,
}

impl PlanFiles {
    /// Files that differ from HEAD (edited by hand, new, or deleted), by id.
    pub fn changed(&self) -> Vec<(PlanId, FileState)> {
        let mut out: Vec<(PlanId, FileState)> = self
            .files
            .iter()
            .filter(|f| f.state != FileState::Clean)
            .map(|f| (f.id.clone(), f.state))
            .chain(
                self.deleted
                    .iter()
                    .map(|id| (id.clone(), FileState::Deleted)),
            )
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

impl Workspace {
    /// Every plan file of the working tree with its blob id and its state
    /// against HEAD, at about the cost of `git status`: files whose stat data
    /// matches their index entry are not read.
    pub fn plan_files(&self) -> Result<PlanFiles> {
        Ok(self.plan_files_in(None)?.0)
    }

    /// As [`Workspace::plan_files`], for the plans of one year only when
    /// `first` is given: that year when it has a folder under `plans/`,
    /// else the newest that has. Also gives every year with a folder,
    /// newest first.
    pub(super) fn plan_files_in(&self, first: Option<i32>) -> Result<(PlanFiles, Vec<i32>)> {
        // The key first: should git change the index or HEAD meanwhile, the
        // snapshot kept below is under the older key and never read back.
        let index_meta = std::fs::metadata(self.repo.path().join("index")).ok();
        let index_mtime = index_meta.as_ref().map(|m| stat_of(m).mtime);
        let head = self.repo.refname_to_id("HEAD").ok().map(oid_bytes);
        let key = status::Key::of(index_meta.as_ref(), head);
        let kept = status::read(self.git_dir());
        let from_git;
        let known: HashMap<&str, Known> = match kept.as_deref().and_then(|b| status::decode(b, key))
        {
            Some(known) => known,
            None => {
                from_git = self.known_from_git()?;
                status::write(self.git_dir(), key, &from_git);
                from_git.iter().map(|(p, k)| (p.as_str(), *k)).collect()
            }
        };

        let mut out = PlanFiles::default();
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        let plans_dir = self.root.join(PLANS_DIR);
        if std::fs::symlink_metadata(&plans_dir).is_ok_and(|m| !m.is_dir()) {
            // `plans` itself a link (or a file): nothing under it is read.
            if let Err(r) = super::confine::check_write(&self.root, &format!("{PLANS_DIR}/x")) {
                out.stray.push(super::plans::refused_load(r));
            }
        }
        let years = match std::fs::read_dir(&plans_dir) {
            Ok(_) if !out.stray.is_empty() => None,
            Ok(rd) => Some(rd),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_err(&plans_dir)(e)),
        };
        let mut year_dirs: Vec<(String, std::path::PathBuf)> = Vec::new();
        for year_dir in years.into_iter().flatten().flatten() {
            let year_name = year_dir.file_name().to_string_lossy().into_owned();
            if year_name.starts_with('.') {
                continue;
            }
            if year_dir.file_type().is_ok_and(|t| t.is_symlink()) {
                // A linked year folder is not followed, and said so.
                let rel = format!("{PLANS_DIR}/{year_name}");
                if let Err(r) = super::confine::check_write(&self.root, &format!("{rel}/x")) {
                    out.stray.push(super::plans::refused_load(r));
                }
                continue;
            }
            if year_dir.file_type().is_ok_and(|t| t.is_dir()) {
                year_dirs.push((year_name, year_dir.path()));
            }
        }
        let mut all_years: Vec<i32> = year_dirs
            .iter()
            .filter_map(|(n, _)| n.parse().ok())
            .collect();
        all_years.sort_unstable_by(|a, b| b.cmp(a));
        let only = first.map(|y| match all_years.contains(&y) {
            true => y,
            false => all_years.first().copied().unwrap_or(y),
        });
        if let Some(y) = only {
            year_dirs.retain(|(name, _)| name.parse() == Ok(y));
        }
        // The year folders on both cores: a stat per file is most of a
        // listing's time in a workspace of decades.
        let years = super::plans::in_parallel(&year_dirs, |(year_name, path)| {
            year_files(year_name, path, &known, index_mtime)
        });
        for year in years {
            let (files, stray) = year?;
            out.stray.extend(stray);
            for (rel, file) in files {
                seen.insert(rel);
                out.files.push(file);
            }
        }
        let mut deleted: Vec<PlanId> = known
            .keys()
            .filter(|rel| !seen.contains(**rel))
            .filter_map(|rel| PlanId::parse(rel).ok())
            .filter(|id| only.is_none_or(|y| id.year() == y))
            .collect();
        deleted.sort();
        deleted.dedup();
        out.deleted = deleted;
        out.files
            .sort_by(|a, b| b.id.year().cmp(&a.id.year()).then(a.id.cmp(&b.id)));
        Ok((out, all_years))
    }

    /// One plan file as [`Workspace::plan_files`] finds it, `None` when it
    /// is not in the working tree; reads only that file's index entry, its
    /// stat data and HEAD's blob for it.
    pub fn plan_file(&self, id: &PlanId) -> Result<Option<PlanFile>> {
        let rel = id.rel_path();
        let path = self.root.join(&rel);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            return Ok(None);
        };
        let index_mtime = std::fs::metadata(self.repo.path().join("index"))
            .ok()
            .map(|m| stat_of(&m).mtime);
        let mut index = self.repo.index()?;
        index.read(false)?;
        let staged = index.get_path(Path::new(&rel), 0).map(|e| staged_of(&e));
        let in_head = match self.repo.head() {
            Ok(head) => head
                .peel_to_tree()?
                .get_path(Path::new(&rel))
                .ok()
                .and_then(|e| BlobId::from_oid(e.id())),
            Err(_) => None,
        };
        let blob = blob_of(&path, Some(meta), staged, index_mtime);
        Ok(Some(PlanFile {
            id: id.clone(),
            blob,
            state: state_of(blob, staged, in_head),
        }))
    }

    /// What the index (stage 0) and HEAD's tree hold under `plans/`, by
    /// path, read from git.
    fn known_from_git(&self) -> Result<HashMap<String, Known>> {
        let mut out: HashMap<String, Known> = HashMap::new();
        let mut index = self.repo.index()?;
        // Plain git may have changed the index since this handle read it.
        index.read(false)?;
        let prefix = format!("{PLANS_DIR}/").into_bytes();
        for e in index.iter() {
            let stage = (e.flags >> 12) & 0x3;
            if stage != 0 || !e.path.starts_with(&prefix) || !e.path.ends_with(b".toml") {
                continue;
            }
            let Ok(path) = String::from_utf8(e.path.clone()) else {
                continue;
            };
            out.entry(path).or_default().staged = Some(staged_of(&e));
        }

        let Ok(head) = self.repo.head() else {
            return Ok(out); // before the first commit
        };
        let tree = head.peel_to_tree()?;
        let Ok(plans) = tree.get_path(Path::new(PLANS_DIR)) else {
            return Ok(out);
        };
        let Ok(plans) = self.repo.find_tree(plans.id()) else {
            return Ok(out);
        };
        for year in plans.iter() {
            if year.kind() != Some(ObjectType::Tree) {
                continue;
            }
            let Ok(year_name) = year.name() else {
                continue;
            };
            let year_tree = self.repo.find_tree(year.id())?;
            for file in year_tree.iter() {
                let (Ok(name), Some(ObjectType::Blob)) = (file.name(), file.kind()) else {
                    continue;
                };
                out.entry(format!("{PLANS_DIR}/{year_name}/{name}"))
                    .or_default()
                    .head = Some(oid_bytes(file.id()));
            }
        }
        Ok(out)
    }
}

/// One year folder's plan files (by path) and its files that are not plans.
type YearFiles = (Vec<(String, PlanFile)>, Vec<LoadError>);

/// The plan files of one year folder with their blob ids and states, and
/// the files there whose names are not plan ids.
fn year_files(
    year_name: &str,
    dir: &Path,
    known: &HashMap<&str, Known>,
    index_mtime: Option<(i64, u32)>,
) -> Result<YearFiles> {
    let mut files = Vec::new();
    let mut stray = Vec::new();
    for file in std::fs::read_dir(dir).map_err(io_err(dir))?.flatten() {
        let name = file.file_name().to_string_lossy().into_owned();
        let Some(slug) = name.strip_suffix(".toml") else {
            continue;
        };
        // Built by hand: `format!` for each of thousands of files showed in
        // the profile of `plandesk list`.
        let mut rel = String::with_capacity(PLANS_DIR.len() + year_name.len() + name.len() + 2);
        rel.push_str(PLANS_DIR);
        rel.push('/');
        let id_at = rel.len();
        rel.push_str(year_name);
        rel.push('/');
        rel.push_str(slug);
        let id = PlanId::parse(&rel[id_at..]);
        rel.push_str(".toml");
        let id = match id {
            Ok(id) => id,
            Err(e) => {
                // Not a valid id: reported, so the user learns why it is not listed.
                stray.push(LoadError::whole_file(&rel, format!("{e}; rename the file")));
                continue;
            }
        };
        let k = known.get(rel.as_str()).copied().unwrap_or_default();
        let blob = blob_of(&file.path(), file.metadata().ok(), k.staged, index_mtime);
        let state = state_of(blob, k.staged, k.head.map(BlobId));
        files.push((rel, PlanFile { id, blob, state }));
    }
    Ok((files, stray))
}

fn oid_bytes(oid: Oid) -> [u8; 20] {
    let mut out = [0; 20];
    let raw = oid.as_bytes();
    if raw.len() == 20 {
        out.copy_from_slice(raw);
    }
    out
}

fn staged_of(e: &git2::IndexEntry) -> ([u8; 20], Stat) {
    (
        oid_bytes(e.id),
        Stat {
            mtime: (i64::from(e.mtime.seconds()), e.mtime.nanoseconds()),
            ctime: (i64::from(e.ctime.seconds()), e.ctime.nanoseconds()),
            size: u64::from(e.file_size),
            ino: u64::from(e.ino),
        },
    )
}

/// A file's blob id: its index entry's where the stat data still matches
/// and the file is older than the index, else the hash of its contents.
fn blob_of(
    path: &Path,
    meta: Option<std::fs::Metadata>,
    staged: Option<([u8; 20], Stat)>,
    index_mtime: Option<(i64, u32)>,
) -> Option<BlobId> {
    match (meta, staged) {
        (Some(meta), Some((blob, stat)))
            if meta.is_file()
                && stat == stat_of(&meta)
                && index_mtime.is_some_and(|m| stat.mtime < m) =>
        {
            Some(BlobId(blob))
        }
        // Changed since it was staged, or written in the same instant as
        // the index (racy): its content decides.
        // Only a regular file is read (a link, FIFO or device never is),
        // and no more than a plan file may have.
        (Some(meta), _) if meta.is_file() && meta.len() <= super::confine::MAX_PLAN_FILE => {
            read_regular(path).map(|b| BlobId::of(&b))
        }
        _ => None,
    }
}

/// The bytes of a regular file, opened without following a link.
fn read_regular(path: &Path) -> Option<Vec<u8>> {
    let (dir, name) = (path.parent()?, path.file_name()?);
    super::confine::read_file(dir, &name.to_string_lossy()).ok()
}

/// How a file with `blob` stands against HEAD's blob for its path.
fn state_of(
    blob: Option<BlobId>,
    staged: Option<([u8; 20], Stat)>,
    in_head: Option<BlobId>,
) -> FileState {
    let Some(h) = in_head else {
        return FileState::Untracked;
    };
    let staged_same = staged.is_none_or(|(b, _)| BlobId(b) == h);
    if blob == Some(h) && staged_same {
        FileState::Clean
    } else {
        FileState::Modified
    }
}

/// The stat data the index keeps, truncated as the index stores it (32 bits).
#[cfg(unix)]
fn stat_of(meta: &std::fs::Metadata) -> Stat {
    use std::os::unix::fs::MetadataExt;
    let t = |s: i64, ns: i64| (i64::from(s as u32), ns as u32);
    Stat {
        mtime: t(meta.mtime(), meta.mtime_nsec()),
        ctime: t(meta.ctime(), meta.ctime_nsec()),
        size: u64::from(meta.size() as u32),
        ino: u64::from(meta.ino() as u32),
    }
}

/// Without unix stat data nothing matches, so every file is hashed.
#[cfg(not(unix))]
fn stat_of(_meta: &std::fs::Metadata) -> Stat {
    Stat {
        mtime: (-1, 0),
        ctime: (-1, 0),
        size: u64::MAX,
        ino: u64::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_ids_are_gits_and_round_trip_as_hex() {
        // `printf 'hello\n' | git hash-object --stdin`
        let id = BlobId::of(b"hello\n");
        assert_eq!(id.to_string(), "ce013625030ba8dba906f756967f9e9ca394464a");
        assert_eq!(id.to_string().parse::<BlobId>(), Ok(id));
        assert!("ce01".parse::<BlobId>().is_err());
        assert!(
            "zz013625030ba8dba906f756967f9e9ca394464a"
                .parse::<BlobId>()
                .is_err()
        );
    }
}
