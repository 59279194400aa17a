//! Walking commit ids newest first, in batches, optionally only those that
//! change one plan's file.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use git2::{Commit, Oid, Repository};

use super::{Revision, RevisionId, blob_at, head_commit, revisions_in};
use crate::model::PlanId;
use crate::store::error::Result;

/// Commit ids from HEAD back, newest first (by commit time; among equal times,
/// a first parent before later ones). Owns its repository handle: make one
/// per worker with [`crate::store::Workspace::history`].
///
/// The whole workspace's history is walked commit by commit. One plan's
/// comes from the history index: its ids are known at once and handed out
/// in batches, so paging through them costs the same as before.
pub struct HistoryWalker {
    repo: Repository,
    plan: Option<(PlanId, String)>,
    source: Source,
    walked: usize,
}

enum Source {
    /// Walking the commit graph, each commit checked against the filter.
    Graph {
        queue: BinaryHeap<Queued>,
        seen: HashSet<Oid>,
        queued: u64,
    },
    /// The plan's commits, from the index, read at the first step (on the
    /// worker, not where the walker is made): HEAD as it was when it was made.
    Listed {
        head: Option<Oid>,
        ids: Option<std::vec::IntoIter<Oid>>,
    },
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
    /// A walk of the commit graph from HEAD, diffing trees commit by commit
    /// when there is a plan filter (the index is checked against this).
    pub(crate) fn scan(repo: Repository, plan: Option<&PlanId>) -> Result<HistoryWalker> {
        let head = head_commit(&repo)?.map(|c| (c.id(), c.time().seconds()));
        let mut walker = HistoryWalker {
            plan: plan.map(|p| (p.clone(), p.rel_path())),
            source: Source::Graph {
                queue: BinaryHeap::new(),
                seen: HashSet::new(),
                queued: 0,
            },
            walked: 0,
            repo,
        };
        if let Some((oid, time)) = head
            && let Source::Graph { seen, .. } = &mut walker.source
        {
            seen.insert(oid);
            walker.enqueue(oid, time);
        }
        Ok(walker)
    }

    /// `plan`'s commits, from the index (brought up to HEAD first).
    pub(crate) fn indexed(repo: Repository, plan: &PlanId) -> Result<HistoryWalker> {
        let head = head_commit(&repo)?.map(|c| c.id());
        Ok(HistoryWalker {
            plan: Some((plan.clone(), plan.rel_path())),
            source: Source::Listed { head, ids: None },
            walked: 0,
            repo,
        })
    }

    fn enqueue(&mut self, oid: Oid, time: i64) {
        if let Source::Graph { queue, queued, .. } = &mut self.source {
            *queued += 1;
            queue.push(Queued {
                time,
                order: Reverse(*queued),
                oid,
            });
        }
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
        match &self.source {
            Source::Graph { queue, .. } => queue.is_empty(),
            Source::Listed { ids, .. } => ids.as_ref().is_some_and(|i| i.len() == 0),
        }
    }

    /// How many commits have been walked so far (matching or not; from the
    /// index, only matching ones are walked).
    pub fn walked(&self) -> usize {
        self.walked
    }

    /// The details of `ids`, read through this walker's repository handle.
    pub fn revisions(&self, ids: &[RevisionId]) -> Result<Vec<Revision>> {
        revisions_in(&self.repo, ids)
    }

    /// One commit: `None` at the end, `Some(None)` for a commit the filter skips.
    fn step(&mut self) -> Result<Option<Option<RevisionId>>> {
        let next = match &mut self.source {
            Source::Listed { head, ids } => {
                let ids = match ids {
                    Some(ids) => ids,
                    None => {
                        let rel = self.plan.as_ref().map_or("", |(_, rel)| rel.as_str());
                        let listed = super::index::fresh(&self.repo, *head)?.commits_of(rel);
                        ids.insert(listed.into_iter())
                    }
                };
                let id = ids.next();
                self.walked += usize::from(id.is_some());
                return Ok(id.map(|id| Some(RevisionId(id))));
            }
            Source::Graph { queue, .. } => match queue.pop() {
                Some(next) => next,
                None => return Ok(None),
            },
        };
        self.walked += 1;
        let (parents, keep) = {
            let commit = self.repo.find_commit(next.oid)?;
            let parents: Vec<(Oid, i64)> = commit
                .parents()
                .map(|p| (p.id(), p.time().seconds()))
                .collect();
            let keep = match &self.plan {
                None => true,
                Some((_, rel)) => touches(&commit, rel)?,
            };
            (parents, keep)
        };
        for (oid, time) in parents {
            let new = match &mut self.source {
                Source::Graph { seen, .. } => seen.insert(oid),
                Source::Listed { .. } => false,
            };
            if new {
                self.enqueue(oid, time);
            }
        }
        Ok(Some(keep.then_some(RevisionId(next.oid))))
    }
}

/// Whether `commit` changes the plan's file, compared with its parents' trees
/// as `git log -- path` does: a commit counts unless the file is as in one of
/// its parents. (A `Plan:` trailer is not trusted: an amended commit may
/// change more than the plan it names.)
fn touches(commit: &Commit<'_>, rel: &str) -> Result<bool> {
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
