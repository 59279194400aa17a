//! `plandesk verify`: is every approved state, in every commit and in the
//! working tree, backed by a real approval commit?
//!
//! A plan version marked approved is backed when the commit that made it is
//! an approval commit that holds up (its `Approved-by:` person wrote it and
//! was an approver at that revision), or when it carries a backed approval
//! over unchanged: same approval block, same content (ticks may differ).
//! Anything else is a finding, named once, at the commit where it began.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::rc::Rc;

use git2::{Commit, DiffOptions, Oid, Repository, Sort, Tree};

use super::Workspace;
use super::commit::Action;
use super::error::Result;
use super::history::{Revision, Trailers, blob_at, email_of, revision_of};
use super::plans::FileState;
use super::settings::{SETTINGS_FILE, Settings};
use crate::model::{ApprovalState, Plan, PlanId, parse_plan};

/// What is wrong with an approved state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Marked approved (or its approval changed) by a commit that is not an
    /// approval of this plan: edited by hand and committed with plain git, say.
    NotAnApproval { action: Option<Action> },
    /// The content changed while the plan stayed marked approved.
    ContentChangedWhileApproved { action: Option<Action> },
    /// An approval commit without an `Approved-by:` trailer.
    NoApprovedBy,
    /// An approval commit authored by someone else than its `Approved-by:`.
    AuthorIsNotApprover { author: String, approver: String },
    /// The approver was not in `plandesk.toml`'s approvers at that revision.
    ApproverNotListed {
        approver: String,
        approvers: Vec<String>,
    },
    /// The plan file records another approver than the commit's `Approved-by:`.
    RecordDisagrees { in_file: String, approver: String },
    /// `plandesk.toml` at that revision cannot be read, so the approver
    /// cannot be checked.
    SettingsUnreadable { error: String },
    /// In the working tree, not committed: marked approved by hand, or its
    /// content edited by hand while it stays marked approved.
    HandEdited { content: bool },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let by = |action: &Option<Action>| match action {
            Some(a) => format!("a commit with Action: {a}"),
            None => "a commit without an Action: trailer (plain git?)".to_string(),
        };
        match self {
            Problem::NotAnApproval { action } => write!(
                f,
                "marked approved by {}, not by an approval commit",
                by(action)
            ),
            Problem::ContentChangedWhileApproved { action } => write!(
                f,
                "content changed by {} while it stayed marked approved; no approval commit covers this content",
                by(action)
            ),
            Problem::NoApprovedBy => write!(f, "approval commit without an Approved-by: trailer"),
            Problem::AuthorIsNotApprover { author, approver } => write!(
                f,
                "approval commit authored by {author}, not by the approver {approver}"
            ),
            Problem::ApproverNotListed {
                approver,
                approvers,
            } => write!(
                f,
                "approved by {approver}, who is not among the approvers in {SETTINGS_FILE} at that revision ({})",
                approvers.join(", ")
            ),
            Problem::RecordDisagrees { in_file, approver } => write!(
                f,
                "the plan file records approval by {in_file}, the commit's Approved-by: says {approver}"
            ),
            Problem::SettingsUnreadable { error } => write!(
                f,
                "{SETTINGS_FILE} at that revision cannot be read, so the approver cannot be checked: {error}"
            ),
            Problem::HandEdited { content: false } => {
                write!(f, "marked approved by hand; no approval commit backs it")
            }
            Problem::HandEdited { content: true } => write!(
                f,
                "content edited by hand while it stays marked approved; no approval commit covers this content"
            ),
        }
    }
}

/// One approved state that is not backed by a real approval commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub plan: PlanId,
    /// The commit where it began; `None`: the working tree (not committed).
    pub revision: Option<Revision>,
    pub problem: Problem,
    /// The plan still stands approved on this unbacked approval (at HEAD or
    /// in the working tree); otherwise a later commit superseded it.
    pub in_effect: bool,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.revision {
            Some(r) => write!(
                f,
                "{} at {} ({}): {}",
                self.plan, r.short, r.summary, self.problem
            )?,
            None => write!(
                f,
                "{} in the working tree (not committed): {}",
                self.plan, self.problem
            )?,
        }
        if !self.in_effect {
            write!(f, " [superseded since]")?;
        }
        Ok(())
    }
}

/// The outcome of [`Workspace::verify`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verification {
    pub findings: Vec<Finding>,
    /// Commits walked.
    pub commits: usize,
    /// Approval commits that hold up.
    pub approvals: usize,
}

impl Verification {
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}

/// An approved plan file at some commit: its blob, and whether it is
/// backed; if not, the commit where the unbacked approval began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    blob: Oid,
    backed: bool,
    origin: Option<Oid>,
}

/// The approved plan files of one commit, by path. Shared between commits
/// that change none of them.
type Marks = Rc<BTreeMap<String, Mark>>;

/// `plandesk.toml` by blob, parsed once.
#[derive(Default)]
pub(crate) struct SettingsCache(HashMap<Option<Oid>, std::result::Result<Settings, String>>);

impl SettingsCache {
    fn at(
        &mut self,
        repo: &Repository,
        tree: &Tree<'_>,
    ) -> Result<std::result::Result<Settings, String>> {
        let blob = blob_at(tree, SETTINGS_FILE);
        if let Some(hit) = self.0.get(&blob) {
            return Ok(hit.clone());
        }
        let parsed = match blob {
            None => Ok(Settings::default()),
            Some(b) => {
                let blob = repo.find_blob(b)?;
                Settings::parse(&String::from_utf8_lossy(blob.content())).map_err(|e| e.to_string())
            }
        };
        self.0.insert(blob, parsed.clone());
        Ok(parsed)
    }
}

/// What is wrong with `commit` as the approval of `plan` (the plan as that
/// commit left it); empty when it holds up.
pub(crate) fn approval_problems(
    repo: &Repository,
    commit: &Commit<'_>,
    trailers: &Trailers,
    plan: &Plan,
    settings: &mut SettingsCache,
) -> Result<Vec<Problem>> {
    let Some(approver) = trailers.approved_by.clone() else {
        return Ok(vec![Problem::NoApprovedBy]);
    };
    let mut problems = Vec::new();
    let email = email_of(&approver).to_string();
    let author = commit.author();
    let author_email = String::from_utf8_lossy(author.email_bytes()).into_owned();
    if !author_email.trim().eq_ignore_ascii_case(&email) {
        problems.push(Problem::AuthorIsNotApprover {
            author: format!(
                "{} <{author_email}>",
                String::from_utf8_lossy(author.name_bytes())
            ),
            approver: approver.clone(),
        });
    }
    match settings.at(repo, &commit.tree()?)? {
        Ok(s) if !s.may_approve(&email) => problems.push(Problem::ApproverNotListed {
            approver: approver.clone(),
            approvers: s.approvers.clone(),
        }),
        Ok(_) => {}
        Err(error) => problems.push(Problem::SettingsUnreadable { error }),
    }
    let in_file = plan.approval.as_ref().and_then(|a| a.by.clone());
    if !in_file
        .as_deref()
        .is_some_and(|by| email_of(by).eq_ignore_ascii_case(&email))
    {
        problems.push(Problem::RecordDisagrees {
            in_file: in_file.unwrap_or_else(|| "nobody".into()),
            approver,
        });
    }
    Ok(problems)
}

fn parse_blob(repo: &Repository, blob: Oid) -> Result<Option<Plan>> {
    let blob = repo.find_blob(blob)?;
    Ok(parse_plan(&String::from_utf8_lossy(blob.content())).ok())
}

/// The plan files a commit changes against `base` (everything under plans/
/// for a root commit).
fn changed_plan_files(
    repo: &Repository,
    base: Option<&Tree<'_>>,
    tree: &Tree<'_>,
) -> Result<Vec<String>> {
    let mut opts = DiffOptions::new();
    opts.pathspec(format!("{}/", super::PLANS_DIR));
    let diff = repo.diff_tree_to_tree(base, Some(tree), Some(&mut opts))?;
    let mut out = Vec::new();
    for delta in diff.deltas() {
        let path = delta.new_file().path().or_else(|| delta.old_file().path());
        if let Some(p) = path.and_then(|p| p.to_str())
            && p.ends_with(".toml")
        {
            out.push(p.to_string());
        }
    }
    Ok(out)
}

struct Walk<'r> {
    repo: &'r Repository,
    /// The marks of walked commits whose children are not all walked yet.
    marks: HashMap<Oid, Marks>,
    /// How many children of a walked commit are still to come.
    waiting: HashMap<Oid, usize>,
    /// The plan files each commit with one parent (or none) changed, from
    /// the history index; taken out as the walk passes.
    changes: HashMap<Oid, Vec<String>>,
    settings: SettingsCache,
    out: Verification,
}

impl Walk<'_> {
    fn commit(&mut self, oid: Oid) -> Result<()> {
        let repo = self.repo;
        let commit = repo.find_commit(oid)?;
        let parent_ids: Vec<Oid> = commit.parent_ids().collect();
        let indexed =
            (parent_ids.len() <= 1).then(|| self.changes.remove(&oid).unwrap_or_default());
        if indexed.as_ref().is_some_and(Vec::is_empty) {
            // No plan file changed: the parent's marks, without reading a tree.
            let base = parent_ids
                .first()
                .and_then(|p| self.marks.get(p).cloned())
                .unwrap_or_default();
            self.passed(&parent_ids);
            self.marks.insert(oid, base);
            self.out.commits += 1;
            return Ok(());
        }
        let tree = commit.tree()?;
        let parents: Vec<Commit<'_>> = commit.parents().collect();
        let parent_trees = parents
            .iter()
            .map(Commit::tree)
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let parent_marks: Vec<Marks> = parents
            .iter()
            .map(|p| self.marks.get(&p.id()).cloned().unwrap_or_default())
            .collect();
        let base = parent_marks.first().cloned().unwrap_or_default();
        let changed = match indexed {
            Some(changed) => changed,
            None => changed_plan_files(repo, parent_trees.first(), &tree)?,
        };
        let mut next: Option<BTreeMap<String, Mark>> = None;
        let trailers = Trailers::of(&commit);
        for path in changed {
            let Ok(id) = PlanId::parse(&path) else {
                continue;
            };
            let mark = self.judge(
                &commit,
                &trailers,
                &tree,
                &parent_trees,
                &parent_marks,
                &id,
                &path,
            )?;
            if mark.as_ref() == base.get(&path) {
                continue;
            }
            let map = next.get_or_insert_with(|| (*base).clone());
            match mark {
                Some(m) => map.insert(path, m),
                None => map.remove(&path),
            };
        }
        let marks = next.map_or(base, Rc::new);
        self.passed(&parent_ids);
        self.marks.insert(oid, marks);
        self.out.commits += 1;
        Ok(())
    }

    /// One more child of each of `parents` walked: forget the marks of those
    /// whose children are all walked, so memory follows the width of the
    /// history, not its length.
    fn passed(&mut self, parents: &[Oid]) {
        for p in parents {
            if let Some(n) = self.waiting.get_mut(p) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.waiting.remove(p);
                    self.marks.remove(p);
                }
            }
        }
    }

    /// The mark of `path` as `commit` leaves it: `None` when it is not an
    /// approved plan there. Reports what is wrong.
    #[allow(clippy::too_many_arguments)]
    fn judge(
        &mut self,
        commit: &Commit<'_>,
        trailers: &Trailers,
        tree: &Tree<'_>,
        parent_trees: &[Tree<'_>],
        parent_marks: &[Marks],
        id: &PlanId,
        path: &str,
    ) -> Result<Option<Mark>> {
        let Some(blob) = blob_at(tree, path) else {
            return Ok(None);
        };
        // As in one of the parents (a merge taking one side): as it was there.
        for (t, m) in parent_trees.iter().zip(parent_marks) {
            if blob_at(t, path) == Some(blob) {
                return Ok(m.get(path).copied().filter(|m| m.blob == blob));
            }
        }
        let Some(plan) = parse_blob(self.repo, blob)? else {
            return Ok(None);
        };
        if plan.state() != ApprovalState::Approved {
            return Ok(None);
        }
        if trailers.action == Some(Action::Approve) && trailers.plan.as_ref() == Some(id) {
            let problems =
                approval_problems(self.repo, commit, trailers, &plan, &mut self.settings)?;
            let backed = problems.is_empty();
            if backed {
                self.out.approvals += 1;
            }
            for problem in problems {
                self.report(id, Some(commit), problem);
            }
            let origin = (!backed).then(|| commit.id());
            return Ok(Some(Mark {
                blob,
                backed,
                origin,
            }));
        }
        // Carried over from a parent where it was approved already?
        let mut carried: Option<Mark> = None;
        let mut content_changed = false;
        for m in parent_marks.iter().filter_map(|m| m.get(path)) {
            let Some(before) = parse_blob(self.repo, m.blob)? else {
                continue;
            };
            if before.approval != plan.approval {
                continue;
            }
            if before.same_content(&plan) {
                if !carried.is_some_and(|c| c.backed) {
                    carried = Some(Mark { blob, ..*m });
                }
            } else {
                content_changed = true;
            }
        }
        Ok(Some(match carried {
            // An unbacked approval carried on was reported where it began.
            Some(mark) => mark,
            None => {
                let action = trailers.action;
                let problem = if content_changed {
                    Problem::ContentChangedWhileApproved { action }
                } else {
                    Problem::NotAnApproval { action }
                };
                self.report(id, Some(commit), problem);
                Mark {
                    blob,
                    backed: false,
                    origin: Some(commit.id()),
                }
            }
        }))
    }

    fn report(&mut self, plan: &PlanId, commit: Option<&Commit<'_>>, problem: Problem) {
        self.out.findings.push(Finding {
            plan: plan.clone(),
            revision: commit.map(revision_of),
            problem,
            in_effect: commit.is_none(),
        });
    }
}

impl Workspace {
    /// Walk the whole history (from HEAD, oldest first) and the working tree,
    /// and name every plan whose approved state is not backed by a real
    /// approval commit. See the module documentation for the rules.
    pub fn verify(&self) -> Result<Verification> {
        let head = super::history::head_commit(&self.repo)?.map(|c| c.id());
        let mut walk = Walk {
            repo: &self.repo,
            marks: HashMap::new(),
            waiting: HashMap::new(),
            changes: super::history::index::fresh(&self.repo, head)?.changes_by_commit(),
            settings: SettingsCache::default(),
            out: Verification::default(),
        };
        if let Some(head) = head {
            let mut revwalk = self.repo.revwalk()?;
            revwalk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
            revwalk.push(head)?;
            let order = revwalk.collect::<std::result::Result<Vec<Oid>, _>>()?;
            for oid in &order {
                for p in self.repo.find_commit(*oid)?.parent_ids() {
                    *walk.waiting.entry(p).or_default() += 1;
                }
            }
            for oid in order {
                walk.commit(oid)?;
            }
        }
        let head_marks = head
            .and_then(|h| walk.marks.get(&h).cloned())
            .unwrap_or_default();
        for (id, state) in self.changed_plans()? {
            if !matches!(state, FileState::Modified | FileState::Untracked) {
                continue;
            }
            let Ok(plan) = self.load(&id) else { continue };
            if plan.state() != ApprovalState::Approved {
                continue;
            }
            let before = match head_marks.get(&id.rel_path()) {
                Some(m) => parse_blob(&self.repo, m.blob)?,
                None => None,
            };
            let content = match before {
                // Ticked by hand: as good as HEAD's approval (reported there if not).
                Some(p) if p.approval == plan.approval && p.same_content(&plan) => continue,
                Some(p) => p.approval == plan.approval,
                None => false,
            };
            walk.report(&id, None, Problem::HandEdited { content });
        }
        // The unbacked approvals HEAD still stands on.
        for (path, mark) in head_marks.iter() {
            let Some(origin) = mark.origin.filter(|_| !mark.backed) else {
                continue;
            };
            for f in &mut walk.out.findings {
                if f.revision.as_ref().is_some_and(|r| r.id.oid() == origin)
                    && f.plan.rel_path() == *path
                {
                    f.in_effect = true;
                }
            }
        }
        Ok(walk.out)
    }
}
