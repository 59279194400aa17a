//! Two versions of a plan side by side: the semantic diff and the raw TOML diff.

use super::{HistoryError, RevisionId};
use crate::model::diff::{Hunk, PlanDiff, line_diff};
use crate::model::{Plan, PlanId, parse_plan};
use crate::store::Workspace;
use crate::store::error::{LoadError, Result, StoreError};

/// Lines of context around each change in the raw diff, as git shows them.
const CONTEXT: usize = 3;

/// One side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    /// Nothing: before the first commit.
    Absent,
    Revision(RevisionId),
    /// The file as it is on disk now.
    WorkingTree,
}

/// A plan in two versions. Either side may lack the plan (it was created
/// or deleted in between); then it is compared with an empty plan.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub plan: PlanId,
    pub from: Version,
    pub to: Version,
    pub old_text: Option<String>,
    pub new_text: Option<String>,
    /// What changed, item by item; or why one side cannot be read as a plan
    /// (the raw diff still shows it).
    pub semantic: std::result::Result<PlanDiff, LoadError>,
    /// The line diff of the two files.
    pub raw: Vec<Hunk>,
}

impl Workspace {
    /// The plan file's text in a version; `None` where it does not exist.
    pub fn plan_text(&self, id: &PlanId, version: Version) -> Result<Option<String>> {
        let rel = id.rel_path();
        match version {
            Version::Absent => Ok(None),
            Version::Revision(rev) => self.file_at(&rel, &rev.to_string()),
            Version::WorkingTree => match crate::store::confine::read_file(&self.root, &rel) {
                Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
                Err(crate::store::confine::ReadError::Missing) => Ok(None),
                Err(e) => Err(e.into_refused(&rel).into()),
            },
        }
    }

    /// `id` in version `from` against version `to`.
    pub fn compare(&self, id: &PlanId, from: Version, to: Version) -> Result<Comparison> {
        let old_text = self.plan_text(id, from)?;
        let new_text = self.plan_text(id, to)?;
        if old_text.is_none() && new_text.is_none() {
            return Err(StoreError::NotAtRevision {
                id: id.clone(),
                rev: format!("{} or {}", from.label(), to.label()),
            });
        }
        let rel = id.rel_path();
        let parse = |text: &Option<String>, version: Version| {
            text.as_deref()
                .map(|t| {
                    parse_plan(t).map_err(|e| {
                        LoadError::from_plan_error(&format!("{rel}@{}", version.label()), t, &e)
                    })
                })
                .transpose()
        };
        let semantic = parse(&old_text, from).and_then(|old| {
            let new = parse(&new_text, to)?;
            let empty_like = |p: &Plan| Plan::new("", p.year, p.kind);
            Ok(match (old, new) {
                (Some(o), Some(n)) => PlanDiff::between(&o, &n),
                (None, Some(n)) => PlanDiff::between(&empty_like(&n), &n),
                (Some(o), None) => PlanDiff::between(&o, &empty_like(&o)),
                (None, None) => PlanDiff::default(),
            })
        });
        let raw = line_diff(
            old_text.as_deref().unwrap_or_default(),
            new_text.as_deref().unwrap_or_default(),
            CONTEXT,
        );
        Ok(Comparison {
            plan: id.clone(),
            from,
            to,
            old_text,
            new_text,
            semantic,
            raw,
        })
    }

    /// The default pair to compare: the newest commit that changes the plan,
    /// against its first parent (or nothing, for a root commit).
    pub fn last_change(&self, id: &PlanId) -> Result<(Version, Version)> {
        let mut walker = self.history(Some(id))?;
        let Some(last) = walker.take(1)?.into_iter().next() else {
            return Err(HistoryError::NoHistory(id.clone()).into());
        };
        let commit = self.repo.find_commit(last.oid())?;
        let from = commit
            .parent_ids()
            .next()
            .map_or(Version::Absent, |p| Version::Revision(p.into()));
        Ok((from, Version::Revision(last)))
    }

    /// "Changes since approval": the plan's last approved revision against
    /// the working tree.
    pub fn changes_since_approval(&self, id: &PlanId) -> Result<Comparison> {
        let approved = self.resolve_revision(Some(id), "approved")?;
        self.compare(id, Version::Revision(approved), Version::WorkingTree)
    }
}

impl Version {
    /// As a user reads it: a short commit id, "working tree" or "nothing".
    pub fn label(self) -> String {
        match self {
            Version::Absent => "nothing".into(),
            Version::Revision(r) => r.short(),
            Version::WorkingTree => "working tree".into(),
        }
    }
}
