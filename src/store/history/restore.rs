//! Bringing a plan back to a past revision, as a new commit.

use super::{Revision, RevisionId, revision_of};
use crate::model::PlanId;
use crate::store::Workspace;
use crate::store::commit::{Action, Change};
use crate::store::error::Result;

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The new commit; `None` when the plan already stood as in `from`.
    pub commit: Option<RevisionId>,
    /// The revision brought back.
    pub from: Revision,
    /// The plan is a draft now, though the restored revision or the current
    /// plan was approved: a restore is never an approval.
    pub approval_dropped: bool,
}

impl Workspace {
    /// Bring `id` back to how it stood at `rev` (anything
    /// [`Workspace::resolve_revision`] takes) as one new commit, `Action:
    /// restore`, whose subject names that revision. Nothing is rewritten.
    ///
    /// The content and progress come from `rev`. The approval stays as it is
    /// now when the content an approval covers is the same; otherwise the
    /// plan becomes a draft, to be approved again.
    pub fn restore(&self, id: &PlanId, rev: &str) -> Result<Restored> {
        let target = self.resolve_revision(Some(id), rev)?;
        let from = revision_of(&self.repo.find_commit(target.oid())?);
        let past = self.plan_at(id, &target.to_string())?;
        self.ensure_committed(id)?;
        let change = || {
            let mut change = Change::new(
                Action::Restore,
                format!("to {} ({})", from.short, from.summary),
            );
            change
                .trailers
                .push(("Restored-from".into(), target.to_string()));
            change
        };
        let was_approved =
            |p: &crate::model::Plan| p.state() == crate::model::ApprovalState::Approved;
        if !self.exists(id) {
            // A deleted plan comes back as a draft.
            let mut plan = past;
            let approval_dropped = was_approved(&plan);
            plan.approval = None;
            let saved = self.save(id, &mut plan, &change())?;
            return Ok(Restored {
                commit: saved.commit.as_deref().and_then(RevisionId::from_hex),
                from,
                approval_dropped,
            });
        }
        let mut approval_dropped = false;
        // Against the plan as committed, again if another writer commits meanwhile.
        let (saved, _) = self.update_plan(id, |plan| {
            let current = std::mem::replace(plan, past.clone());
            let approval = if current.same_content(plan) {
                current.approval.clone()
            } else {
                None
            };
            approval_dropped = approval.is_none() && (was_approved(plan) || was_approved(&current));
            plan.approval = approval;
            Ok(change())
        })?;
        let commit = saved.commit.as_deref().and_then(RevisionId::from_hex);
        Ok(Restored {
            commit,
            from,
            approval_dropped,
        })
    }
}
