//! plandesk's own history index, under `.git/plandesk/history/`: for each plan
//! file, the commits that changed it, newest first. One plan's history is a
//! lookup in it instead of a tree diff of every commit.
//!
//! What "changed" means is what the tree-diff walk ([`super::HistoryWalker`]
//! without the index) says, for every commit reachable from HEAD: a commit
//! with one parent changed the files that differ from its parent; a root
//! commit, the files it has; a merge, the files that differ from every one of
//! its parents (a merge that takes one side's version changed nothing; the
//! side's own commits are listed). That is `git log -- <file>` except where a
//! merge throws one side's change away: git then hides that side's commits, the
//! index keeps them.
//!
//! Kept up to date lazily: whoever reads it first brings it to HEAD.
//! - plandesk's own commits are appended to a small file of records beside
//!   it ([`record`], see `recent`), which the next reader folds in;
//! - other commits since the indexed tip (plain git, a merge, a pull) are
//!   indexed by walking HEAD's history down to the tip;
//! - when the tip is no longer an ancestor of HEAD (a reset, rebase, amend,
//!   another branch), the entries of commits still reachable from the merge
//!   base of the two are kept and the rest are indexed again;
//! - a file that is missing, damaged, truncated or of another version is
//!   rebuilt from scratch. Deleting the folder is always safe.

mod file;
mod recent;
mod scan;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use git2::{Oid, Repository, Sort};

use file::{Entry, Index, IndexFile};

pub use file::VERSION;

static BUILDING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The index of `repo`, beside the other plandesk caches in the git directory.
pub(crate) fn path(repo: &Repository) -> PathBuf {
    repo.path().join("plandesk").join("history").join("index")
}

/// The index, complete for `head` (HEAD's commit; `None` on an unborn
/// branch). Written back when it had to change; when it cannot be written
/// (a read-only repository), the answer is still right, only not kept.
pub(crate) fn fresh(repo: &Repository, head: Option<Oid>) -> Result<IndexFile, git2::Error> {
    let Some(head) = head else {
        return Ok(Index::default().into_file());
    };
    // Within one process, one builder at a time: a history view opened
    // while the start-up job builds the index waits for it, then finds it
    // fresh, instead of building it a second time beside it.
    let _one = BUILDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let at = path(repo);
    let recent_at = recent::path_beside(&at);
    let (current, folded) = match IndexFile::read(&at) {
        Ok(file) => with_recent(file, &recent::read(&recent_at)),
        Err(_) => (Current::Changed(Index::default()), 0),
    };
    let mut index = match current {
        Current::File(file) if file.tip() == Some(head) => {
            // A cache: when it cannot be kept, the records are read again.
            if folded > 0 && crate::store::framed::replace(&at, file.bytes()).is_ok() {
                recent::clear(&recent_at);
            }
            return Ok(file);
        }
        Current::File(file) => file.into_index(),
        Current::Changed(index) => index,
    };
    catch_up(repo, &mut index, head)?;
    // A cache: when it cannot be kept, the next reader builds it again.
    if index.write(&at).is_ok() {
        recent::clear(&recent_at);
    }
    Ok(index.into_file())
}

/// The index as it stands: the file as read, or changed in memory.
enum Current {
    File(IndexFile),
    Changed(Index),
}

impl Current {
    fn tip(&self) -> Option<Oid> {
        match self {
            Current::File(file) => file.tip(),
            Current::Changed(index) => index.tip,
        }
    }
}

/// At most this many records are spliced into the file's bytes (a copy of
/// it each); more are added to the decoded index.
const SPLICES: usize = 8;

/// `file` with the recorded commits that continue its tip, in order (the
/// others are stale and skipped), and how many there were.
fn with_recent(file: IndexFile, records: &[recent::Record]) -> (Current, usize) {
    let mut current = Current::File(file);
    let mut folded = 0;
    for r in records {
        if current.tip() != Some(r.parent) {
            continue;
        }
        current = match current {
            Current::File(file) if folded < SPLICES => {
                let entry = Entry {
                    commit: r.commit,
                    time: r.time,
                    seq: file.next_seq(),
                };
                let spliced = file
                    .with_newest(r.commit, r.path.as_deref().map(|p| (p, entry)))
                    .and_then(|bytes| IndexFile::parse(bytes).ok());
                match spliced {
                    Some(next) => Current::File(next),
                    None => Current::Changed(file.into_index().with(r)),
                }
            }
            Current::File(file) => Current::Changed(file.into_index().with(r)),
            Current::Changed(index) => Current::Changed(index.with(r)),
        };
        folded += 1;
    }
    (current, folded)
}

impl Index {
    /// With one more commit, newer than all: `r.commit`, which changed
    /// `r.path` (or no plan).
    fn with(mut self, r: &recent::Record) -> Index {
        if let Some(rel) = &r.path {
            let entry = Entry {
                commit: r.commit,
                time: r.time,
                seq: self.next_seq,
            };
            self.next_seq = self.next_seq.saturating_add(1);
            let list = self.plans.entry(rel.clone()).or_default();
            list.push(entry);
            list.sort_by(Entry::newest_first);
        }
        self.tip = Some(r.commit);
        self
    }
}

/// Records kept before a writer folds them into the index file itself.
const RECORDS: usize = 256;

/// Record a commit plandesk just made (at `time`, committer time), which
/// changed only `rel`, when the index (with its records) stands at its
/// parent; otherwise leave it to the next reader. A record of a few dozen
/// bytes is appended: the index file is read only for its header, and
/// rewritten only once every few hundred commits.
pub(crate) fn record(repo: &Repository, commit: Oid, time: i64, parent: Option<Oid>, rel: &str) {
    let Some(parent) = parent else {
        return;
    };
    let at = path(repo);
    let recent_at = recent::path_beside(&at);
    let Some(mut tip) = file::tip_of(&at) else {
        return; // no index yet (or another version): the next reader builds it
    };
    let records = recent::read(&recent_at);
    let mut chained = 0;
    for r in &records {
        if tip == Some(r.parent) {
            tip = Some(r.commit);
            chained += 1;
        }
    }
    if tip != Some(parent) {
        return;
    }
    let is_plan =
        rel.starts_with(&format!("{}/", crate::store::PLANS_DIR)) && rel.ends_with(".toml");
    let record = recent::Record {
        parent,
        commit,
        time,
        path: is_plan.then(|| rel.to_string()),
    };
    if chained < RECORDS && recent::append(&recent_at, &record).is_ok() {
        return;
    }
    // Enough records (or none can be added): fold them into the file.
    let Ok(file) = IndexFile::read(&at) else {
        return;
    };
    let mut all = records;
    all.push(record);
    let index = match with_recent(file, &all).0 {
        Current::File(file) => file.into_index(),
        Current::Changed(index) => index,
    };
    // A cache: when it cannot be kept, the next reader catches up.
    if index.tip == Some(commit) && index.write(&at).is_ok() {
        recent::clear(&recent_at);
    }
}

/// Bring `index` from its tip to `head`.
fn catch_up(repo: &Repository, index: &mut Index, head: Oid) -> Result<(), git2::Error> {
    // What of the old index is still history of HEAD: all of it when HEAD
    // descends from the tip; up to the merge base otherwise; nothing when the
    // tip is gone or unrelated.
    let base = match index.tip {
        Some(tip) => match repo.merge_base(head, tip) {
            Ok(base) => Some(base),
            Err(e) if e.code() == git2::ErrorCode::NotFound => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    match base {
        None => *index = Index::default(),
        Some(base) if Some(base) != index.tip => {
            let mut walk = repo.revwalk()?;
            walk.push(base)?;
            let kept = walk.collect::<Result<HashSet<Oid>, _>>()?;
            for list in index.plans.values_mut() {
                list.retain(|e| kept.contains(&e.commit));
            }
            index.plans.retain(|_, list| !list.is_empty());
        }
        Some(_) => {}
    }

    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    walk.push(head)?;
    if let Some(base) = base {
        walk.hide(base)?;
    }
    let mut touched = HashSet::new();
    let odb = repo.odb()?;
    let mut trees = scan::Trees::new(&odb);
    let _no_cache = scan::NoObjectCache::new();
    // Each commit's root tree, kept for its children (parents come first).
    let mut roots: HashMap<Oid, Oid> = HashMap::new();
    for oid in walk {
        let oid = oid?;
        let commit = scan::Commit::read(&odb, oid)?;
        let mut parent_trees = Vec::with_capacity(commit.parents.len());
        for p in &commit.parents {
            parent_trees.push(match roots.get(p) {
                Some(t) => *t,
                None => scan::Commit::read(&odb, *p)?.tree,
            });
        }
        roots.insert(oid, commit.tree);
        let changed = scan::changed_plan_files(&mut trees, &commit, &parent_trees)?;
        if changed.is_empty() {
            continue;
        }
        let entry = Entry {
            commit: oid,
            time: commit.time,
            seq: index.next_seq,
        };
        index.next_seq = index.next_seq.saturating_add(1);
        for rel in changed {
            index.plans.entry(rel.clone()).or_default().push(entry);
            touched.insert(rel);
        }
    }
    for rel in touched {
        if let Some(list) = index.plans.get_mut(&rel) {
            list.sort_by(Entry::newest_first);
        }
    }
    index.tip = Some(head);
    Ok(())
}
