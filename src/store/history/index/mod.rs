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
//! - plandesk's own commits are appended directly ([`record`]);
//! - other commits since the indexed tip (plain git, a merge, a pull) are
//!   indexed by walking HEAD's history down to the tip;
//! - when the tip is no longer an ancestor of HEAD (a reset, rebase, amend,
//!   another branch), the entries of commits still reachable from the merge
//!   base of the two are kept and the rest are indexed again;
//! - a file that is missing, damaged, truncated or of another version is
//!   rebuilt from scratch. Deleting the folder is always safe.

mod file;
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
    let mut index = match IndexFile::read(&at) {
        Ok(file) if file.tip() == Some(head) => return Ok(file),
        Ok(file) => file.into_index(),
        Err(_) => Index::default(),
    };
    catch_up(repo, &mut index, head)?;
    // A cache: when it cannot be kept, the next reader builds it again.
    let _ = index.write(&at);
    Ok(index.into_file())
}

/// Append a commit plandesk just made (at `time`, committer time), which
/// changed only `rel`, when the index stands at its parent; otherwise leave it
/// to the next reader.
pub(crate) fn record(repo: &Repository, commit: Oid, time: i64, parent: Option<Oid>, rel: &str) {
    let at = path(repo);
    let Ok(file) = IndexFile::read(&at) else {
        return;
    };
    if parent.is_none() || file.tip() != parent {
        return;
    }
    let is_plan =
        rel.starts_with(&format!("{}/", crate::store::PLANS_DIR)) && rel.ends_with(".toml");
    let next_seq = file.next_seq();
    let entry = Entry {
        commit,
        time,
        seq: next_seq,
    };
    if let Some(bytes) = file.with_newest(commit, is_plan.then_some((rel, entry))) {
        // A cache: when it cannot be kept, the next reader catches up.
        let _ = file::write_bytes(&at, &bytes);
        return;
    }
    let mut index = file.into_index();
    if is_plan {
        let entry = Entry {
            commit,
            time,
            seq: index.next_seq,
        };
        index.next_seq = index.next_seq.saturating_add(1);
        let list = index.plans.entry(rel.to_string()).or_default();
        list.push(entry);
        list.sort_by(Entry::newest_first);
    }
    index.tip = Some(commit);
    // A cache: when it cannot be kept, the next reader catches up.
    let _ = index.write(&at);
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
