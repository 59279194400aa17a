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

use std::collections::HashSet;
use std::path::PathBuf;

use git2::{Commit, ObjectType, Oid, Repository, Sort, Tree};

use file::{Entry, Index, IndexFile};

pub use file::VERSION;

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
    let mut index = file.into_index();
    let is_plan =
        rel.starts_with(&format!("{}/", crate::store::PLANS_DIR)) && rel.ends_with(".toml");
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
    for oid in walk {
        let commit = repo.find_commit(oid?)?;
        let changed = changed_plan_files(repo, &commit)?;
        if changed.is_empty() {
            continue;
        }
        let entry = Entry {
            commit: commit.id(),
            time: commit.time().seconds(),
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

/// The plan files (`.toml` under `plans/`) that `commit` changed, in the
/// sense of the module documentation.
pub(crate) fn changed_plan_files(
    repo: &Repository,
    commit: &Commit<'_>,
) -> Result<Vec<String>, git2::Error> {
    let plans_of = |tree: &Tree<'_>| {
        tree.get_name(crate::store::PLANS_DIR)
            .filter(|e| e.kind() == Some(ObjectType::Tree))
            .map(|e| e.id())
    };
    let here = plans_of(&commit.tree()?);
    let mut parents = commit.parents();
    let Some(first) = parents.next() else {
        let mut out = Vec::new();
        diff_trees(repo, None, here, crate::store::PLANS_DIR, &mut out)?;
        return Ok(out);
    };
    let mut out = Vec::new();
    diff_trees(
        repo,
        plans_of(&first.tree()?),
        here,
        crate::store::PLANS_DIR,
        &mut out,
    )?;
    for parent in parents {
        if out.is_empty() {
            break;
        }
        let mut other = Vec::new();
        diff_trees(
            repo,
            plans_of(&parent.tree()?),
            here,
            crate::store::PLANS_DIR,
            &mut other,
        )?;
        out.retain(|p| other.contains(p));
    }
    Ok(out)
}

/// The `.toml` files that differ between two trees under `prefix`, reading
/// only the subtrees whose ids differ.
fn diff_trees(
    repo: &Repository,
    old: Option<Oid>,
    new: Option<Oid>,
    prefix: &str,
    out: &mut Vec<String>,
) -> Result<(), git2::Error> {
    if old == new {
        return Ok(());
    }
    let old = old.map(|o| repo.find_tree(o)).transpose()?;
    let new = new.map(|o| repo.find_tree(o)).transpose()?;
    let items = |t: &Option<Tree<'_>>| -> Vec<(Vec<u8>, Oid, bool)> {
        t.as_ref().map_or_else(Vec::new, |t| {
            t.iter()
                .filter_map(|e| match e.kind() {
                    Some(ObjectType::Tree) => Some((e.name_bytes().to_vec(), e.id(), true)),
                    Some(ObjectType::Blob) => Some((e.name_bytes().to_vec(), e.id(), false)),
                    _ => None,
                })
                .collect()
        })
    };
    let mut old_items = items(&old);
    let mut new_items = items(&new);
    // Git orders a folder as if its name ended in '/': sort by name alone.
    old_items.sort();
    new_items.sort();
    let (mut i, mut j) = (0, 0);
    let blob = |name: &[u8], out: &mut Vec<String>| {
        if let Ok(name) = std::str::from_utf8(name)
            && name.ends_with(".toml")
        {
            out.push(format!("{prefix}/{name}"));
        }
    };
    let side = |item: &(Vec<u8>, Oid, bool), in_new: bool, out: &mut Vec<String>| {
        let (name, id, is_tree) = item;
        if *is_tree {
            let sub = format!("{prefix}/{}", String::from_utf8_lossy(name));
            let (o, n) = if in_new {
                (None, Some(*id))
            } else {
                (Some(*id), None)
            };
            diff_trees(repo, o, n, &sub, out)
        } else {
            blob(name, out);
            Ok(())
        }
    };
    while i < old_items.len() || j < new_items.len() {
        let order = match (old_items.get(i), new_items.get(j)) {
            (Some(o), Some(n)) => o.0.cmp(&n.0),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                side(&old_items[i], false, out)?;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                side(&new_items[j], true, out)?;
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                let (o, n) = (&old_items[i], &new_items[j]);
                if o.1 != n.1 || o.2 != n.2 {
                    if o.2 == n.2 {
                        if o.2 {
                            let sub = format!("{prefix}/{}", String::from_utf8_lossy(&n.0));
                            diff_trees(repo, Some(o.1), Some(n.1), &sub, out)?;
                        } else {
                            blob(&n.0, out);
                        }
                    } else {
                        side(o, false, out)?;
                        side(n, true, out)?;
                    }
                }
                i += 1;
                j += 1;
            }
        }
    }
    Ok(())
}
