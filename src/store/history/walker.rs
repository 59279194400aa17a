//! Walking commit ids newest first, in batches, optionally only those that
//! change one plan's file.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use git2::{Commit, Oid, Repository};

use super::{Revision, RevisionId, Trailers, blob_at, head_commit, revisions_in};
use crate::model::PlanId;
use crate::store::error::Result;

/// Commit ids from HEAD back, newest first (by commit time; among equal times,
/// a first parent before later ones). Owns its repository handle: make one
/// per worker with [`crate::store::Workspace::history`].
pub struct HistoryWalker {
    repo: Repository,
    plan: Option<(PlanId, String)>,
    queue: BinaryHeap<Queued>,
    seen: HashSet<Oid>,
    queued: u64,
    walked: usize,
}

/// Ordered by commit time, then by arrival (earlier first).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Queued {
    time: i64,
    order: Reverse<u64>,
    oid: Oid,
}

impl std::fmt::Debug for HistoryWalker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HistoryWalker")
            .field("plan", &self.plan.as_ref().map(|(id, _)| id))
            .field("walked", &self.walked)
            .field("done", &self.is_done())
            .finish()
    }
}

impl HistoryWalker {
    pub(crate) fn new(repo: Repository, plan: Option<&PlanId>) -> Result<HistoryWalker> {
        let mut walker = HistoryWalker {
            plan: plan.map(|p| (p.clone(), p.rel_path())),
            queue: BinaryHeap::new(),
            seen: HashSet::new(),
            queued: 0,
            walked: 0,
            repo,
        };
        let head = head_commit(&walker.repo)?.map(|c| (c.id(), c.time().seconds()));
        if let Some((oid, time)) = head {
            walker.seen.insert(oid);
            walker.enqueue(oid, time);
        }
        Ok(walker)
    }

    fn enqueue(&mut self, oid: Oid, time: i64) {
        self.queued += 1;
        self.queue.push(Queued {
            time,
            order: Reverse(self.queued),
            oid,
        });
    }

    /// Walk at most `max` more commits and return those that belong (all of
    /// them without a plan filter). With a filter a batch may come back
    /// short or empty while the walk goes on: ask [`Self::is_done`].
    pub fn next_batch(&mut self, max: usize) -> Result<Vec<RevisionId>> {
        let mut out = Vec::new();
        for _ in 0..max {
            match self.step()? {
                None => break,
                Some(Some(id)) => out.push(id),
                Some(None) => {}
            }
        }
        Ok(out)
    }

    /// The next `n` commits that belong (fewer at the end of history).
    pub fn take(&mut self, n: usize) -> Result<Vec<RevisionId>> {
        let mut out = Vec::new();
        while out.len() < n {
            match self.step()? {
                None => break,
                Some(Some(id)) => out.push(id),
                Some(None) => {}
            }
        }
        Ok(out)
    }

    /// No commits are left to walk.
    pub fn is_done(&self) -> bool {
        self.queue.is_empty()
    }

    /// How many commits have been walked so far (matching or not).
    pub fn walked(&self) -> usize {
        self.walked
    }

    /// The details of `ids`, read through this walker's repository handle.
    pub fn revisions(&self, ids: &[RevisionId]) -> Result<Vec<Revision>> {
        revisions_in(&self.repo, ids)
    }

    /// One commit: `None` at the end, `Some(None)` for a commit the filter skips.
    fn step(&mut self) -> Result<Option<Option<RevisionId>>> {
        let Some(next) = self.queue.pop() else {
            return Ok(None);
        };
        self.walked += 1;
        let (parents, keep) = {
            let commit = self.repo.find_commit(next.oid)?;
            let mut parents = Vec::with_capacity(commit.parent_count());
            for parent in commit.parents() {
                if !self.seen.contains(&parent.id()) {
                    parents.push((parent.id(), parent.time().seconds()));
                }
            }
            let keep = match &self.plan {
                None => true,
                Some((id, rel)) => touches(&commit, id, rel)?,
            };
            (parents, keep)
        };
        for (oid, time) in parents {
            if self.seen.insert(oid) {
                self.enqueue(oid, time);
            }
        }
        Ok(Some(keep.then_some(RevisionId(next.oid))))
    }
}

/// Whether `commit` changes the plan's file. A commit plandesk made names its
/// plan in a `Plan:` trailer and changes that one file; anything else (plain
/// git, merges) is checked against its parents' trees, as `git log -- path`
/// does: a commit counts unless the file is as in one of its parents.
fn touches(commit: &Commit<'_>, id: &PlanId, rel: &str) -> Result<bool> {
    if commit.parent_count() <= 1
        && let Some(plan) = Trailers::of(commit).plan
    {
        return Ok(&plan == id);
    }
    let here = blob_at(&commit.tree()?, rel);
    if commit.parent_count() == 0 {
        return Ok(here.is_some());
    }
    for parent in commit.parents() {
        if blob_at(&parent.tree()?, rel) == here {
            return Ok(false);
        }
    }
    Ok(true)
}
