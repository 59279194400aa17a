//! History: the commits of the workspace or of one plan, newest first.
//!
//! Ids come first, in batches ([`HistoryWalker`]), so a worker can page
//! through thousands of commits without holding anyone up; details
//! ([`Revision`]) are read only for the rows on screen.

mod compare;
pub(crate) mod index;
mod restore;
mod walker;

use std::fmt;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Offset as _, Utc};
use git2::{Commit, Oid, Repository};

use super::Workspace;
use super::commit::Action;
use super::error::{Result, StoreError};
use super::plans::FileState;
use crate::model::PlanId;

pub use compare::{Comparison, Version};
/// The format version of the history index (`.git/plandesk/history/index`).
pub use index::VERSION as INDEX_VERSION;
pub use restore::Restored;
pub use walker::HistoryWalker;

/// One commit, by id. Cheap to copy and compare; shows as the full hex id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RevisionId(Oid);

impl RevisionId {
    /// A full 40-digit hex id; `None` when it is not one. Whether the commit
    /// exists is for the workspace to say ([`Workspace::resolve_revision`]).
    pub fn from_hex(hex: &str) -> Option<RevisionId> {
        (hex.len() == 40)
            .then(|| Oid::from_str(hex).ok())
            .flatten()
            .map(RevisionId)
    }

    /// The first seven hex digits (not checked for uniqueness).
    pub fn short(&self) -> String {
        self.0.to_string().chars().take(7).collect()
    }

    pub(crate) fn oid(self) -> Oid {
        self.0
    }
}

impl From<Oid> for RevisionId {
    fn from(oid: Oid) -> Self {
        RevisionId(oid)
    }
}

impl fmt::Display for RevisionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What the history view shows for one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub id: RevisionId,
    /// The first seven hex digits, as git abbreviates. Not checked for
    /// uniqueness (that costs a lookup per row, 80 times the rest on a
    /// repository of loose objects); an ambiguous one typed back gets a clear error.
    pub short: String,
    pub author_name: String,
    pub author_email: String,
    /// When it was authored, in the author's own UTC offset.
    pub time: DateTime<FixedOffset>,
    /// From the `Action:` trailer; `None` for a commit made with plain git.
    pub action: Option<Action>,
    /// From the `Plan:` trailer.
    pub plan: Option<PlanId>,
    /// The subject line.
    pub summary: String,
    /// From the `Approved-by:` trailer of an approval commit.
    pub approved_by: Option<String>,
    pub parents: Vec<RevisionId>,
}

/// Revisions that cannot be found or used.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("`{0}` matches more than one commit; give more digits of the id")]
    Ambiguous(String),
    #[error("`approved` names a plan's last approved revision, so it needs a plan")]
    ApprovedNeedsPlan,
    #[error(
        "{0} has never been approved by an approval commit, so there is no `approved` revision.\nSee its history with `plandesk log {0}`."
    )]
    NeverApproved(PlanId),
    #[error("no commit touches {0} yet, so it has no history to compare")]
    NoHistory(PlanId),
    #[error(
        "{path} has changes that are not committed, and plandesk never overwrites them silently.\nCommit them with git, or bring back the committed version with `git checkout -- {path}`, then try again."
    )]
    Uncommitted { path: String },
}

/// The trailers plandesk reads from a commit message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Trailers {
    pub action: Option<Action>,
    pub plan: Option<PlanId>,
    pub approved_by: Option<String>,
}

impl Trailers {
    pub(crate) fn of(commit: &Commit<'_>) -> Trailers {
        let message = String::from_utf8_lossy(commit.message_raw_bytes());
        let mut out = Trailers::default();
        let Ok(found) = git2::message_trailers_strs(&message) else {
            return out;
        };
        for (key, value) in found.iter() {
            let value = value.trim();
            if key.eq_ignore_ascii_case("Action") && out.action.is_none() {
                out.action = Action::parse(value);
            } else if key.eq_ignore_ascii_case("Plan") && out.plan.is_none() {
                out.plan = PlanId::parse(value).ok();
            } else if key.eq_ignore_ascii_case("Approved-by") && out.approved_by.is_none() {
                out.approved_by = Some(value.to_string());
            }
        }
        out
    }
}

/// The email in `Name <email>`, or the whole text when it has no brackets.
pub(crate) fn email_of(person: &str) -> &str {
    match (person.rfind('<'), person.rfind('>')) {
        (Some(open), Some(close)) if open < close => person[open + 1..close].trim(),
        _ => person.trim(),
    }
}

pub(crate) fn revision_of(commit: &Commit<'_>) -> Revision {
    let trailers = Trailers::of(commit);
    let author = commit.author();
    let short = RevisionId(commit.id()).short();
    Revision {
        id: RevisionId(commit.id()),
        short,
        author_name: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        author_email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        time: time_of(author.when()),
        action: trailers.action,
        plan: trailers.plan,
        summary: commit
            .summary_bytes()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .unwrap_or_default(),
        approved_by: trailers.approved_by,
        parents: commit.parent_ids().map(RevisionId).collect(),
    }
}

fn time_of(t: git2::Time) -> DateTime<FixedOffset> {
    let offset =
        FixedOffset::east_opt(t.offset_minutes().saturating_mul(60)).unwrap_or_else(|| Utc.fix());
    DateTime::from_timestamp(t.seconds(), 0)
        .unwrap_or_default()
        .with_timezone(&offset)
}

pub(crate) fn revisions_in(repo: &Repository, ids: &[RevisionId]) -> Result<Vec<Revision>> {
    ids.iter()
        .map(|id| Ok(revision_of(&repo.find_commit(id.0)?)))
        .collect()
}

/// The blob of `rel` in `tree`, if it is there.
pub(crate) fn blob_at(tree: &git2::Tree<'_>, rel: &str) -> Option<Oid> {
    tree.get_path(Path::new(rel)).ok().map(|e| e.id())
}

pub(crate) fn head_commit(repo: &Repository) -> Result<Option<Commit<'_>>> {
    match repo.head() {
        Ok(h) => Ok(Some(h.peel_to_commit()?)),
        Err(e)
            if e.code() == git2::ErrorCode::UnbornBranch
                || e.code() == git2::ErrorCode::NotFound =>
        {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

impl Workspace {
    /// A walker over the history, newest first: of the whole workspace, or
    /// only the commits that change `plan`'s file (from the history index,
    /// brought up to HEAD first). It has its own repository handle, so it
    /// can be moved to a worker thread.
    pub fn history(&self, plan: Option<&PlanId>) -> Result<HistoryWalker> {
        let repo = Repository::open(self.repo.path())?;
        match plan {
            Some(plan) => HistoryWalker::indexed(repo, plan),
            None => HistoryWalker::scan(repo, None),
        }
    }

    /// Bring the history index up to HEAD (built the first time, caught up
    /// afterwards); the history views then read it without waiting.
    pub fn index_history(&self) -> Result<()> {
        let head = head_commit(&self.repo)?.map(|c| c.id());
        index::fresh(&self.repo, head)?;
        Ok(())
    }

    /// The same as [`Self::history`], without the index: every commit's
    /// trees are compared with its parents'. Slow on a long history; the
    /// reference the index is checked against.
    pub fn history_by_tree_diff(&self, plan: Option<&PlanId>) -> Result<HistoryWalker> {
        HistoryWalker::scan(Repository::open(self.repo.path())?, plan)
    }

    /// The details of `ids`, in the same order (for the rows on screen).
    pub fn revisions(&self, ids: &[RevisionId]) -> Result<Vec<Revision>> {
        revisions_in(&self.repo, ids)
    }

    /// The newest `limit` commits (all with `None`), of one plan or of all.
    pub fn log(&self, plan: Option<&PlanId>, limit: Option<usize>) -> Result<Vec<Revision>> {
        let mut walker = self.history(plan)?;
        let ids = walker.take(limit.unwrap_or(usize::MAX))?;
        self.revisions(&ids)
    }

    /// The commit a user means: a full or short commit id, `HEAD`, `HEAD~3`,
    /// anything git understands, or `approved`: `plan`'s last approved
    /// revision (the newest approval commit that `plandesk verify` accepts).
    pub fn resolve_revision(&self, plan: Option<&PlanId>, spec: &str) -> Result<RevisionId> {
        let spec = spec.trim();
        if spec.eq_ignore_ascii_case("approved") {
            let plan = plan.ok_or(HistoryError::ApprovedNeedsPlan)?;
            return self
                .last_approved(plan)?
                .ok_or_else(|| HistoryError::NeverApproved(plan.clone()).into());
        }
        match self
            .repo
            .revparse_single(spec)
            .and_then(|o| o.peel_to_commit())
        {
            Ok(c) => Ok(RevisionId(c.id())),
            Err(e) if e.code() == git2::ErrorCode::Ambiguous => {
                Err(HistoryError::Ambiguous(spec.to_string()).into())
            }
            Err(_) => Err(StoreError::NoSuchRevision(spec.to_string())),
        }
    }

    /// The newest commit that approved `plan` and holds up under
    /// `plandesk verify`'s checks, if any.
    pub fn last_approved(&self, plan: &PlanId) -> Result<Option<RevisionId>> {
        let mut walker = self.history(Some(plan))?;
        let mut settings = super::verify::SettingsCache::default();
        loop {
            let batch = walker.next_batch(256)?;
            for id in batch {
                let commit = self.repo.find_commit(id.0)?;
                let trailers = Trailers::of(&commit);
                if trailers.action != Some(Action::Approve) || trailers.plan.as_ref() != Some(plan)
                {
                    continue;
                }
                let Ok(Some(text)) = self.file_at(&plan.rel_path(), &id.to_string()) else {
                    continue;
                };
                let Ok(approved) = crate::model::parse_plan(&text) else {
                    continue;
                };
                if approved.state() == crate::model::ApprovalState::Approved
                    && super::verify::approval_problems(
                        &self.repo,
                        &commit,
                        &trailers,
                        &approved,
                        &mut settings,
                    )?
                    .is_empty()
                {
                    return Ok(Some(id));
                }
            }
            if walker.is_done() {
                return Ok(None);
            }
        }
    }

    /// Refuse to go on when the plan's file has changes git has not recorded.
    pub(crate) fn ensure_committed(&self, id: &PlanId) -> Result<()> {
        let dirty = self
            .changed_plans()?
            .into_iter()
            .any(|(p, st)| &p == id && matches!(st, FileState::Modified | FileState::Untracked));
        if dirty {
            return Err(HistoryError::Uncommitted {
                path: id.rel_path(),
            }
            .into());
        }
        Ok(())
    }
}
