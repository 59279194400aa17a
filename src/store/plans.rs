//! Plans in the working tree and in history: list, load, save as a commit.

use std::path::Path;

use git2::Oid;

use super::commit::{Action, Change};
use super::error::{LoadError, Result, StoreError, io_err};
use super::txn::{Base, Basis, Write};
use super::{PLANS_DIR, Workspace};
use crate::model::handwritten::carry_over;
use crate::model::{ApprovalState, Plan, PlanId, parse_plan, write_plan};

/// One plan file of the working tree: its plan, or why it cannot be read.
#[derive(Debug, Clone)]
pub struct PlanEntry {
    pub id: PlanId,
    pub plan: std::result::Result<Plan, LoadError>,
    /// How the file stands against HEAD.
    pub state: FileState,
}

/// The plans of the working tree, and files under `plans/` that are not plans.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub plans: Vec<PlanEntry>,
    pub stray: Vec<LoadError>,
}

/// How a plan file in the working tree stands against HEAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// As committed.
    Clean,
    /// Changed outside plandesk and not committed.
    Modified,
    /// Not in HEAD at all (new, untracked).
    Untracked,
    /// In HEAD, gone from the working tree.
    Deleted,
}

/// What a save did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveOutcome {
    /// The new commit, `None` when nothing changed.
    pub commit: Option<String>,
    /// The plan was approved and its content changed, so it went back to draft.
    pub approval_reset: bool,
}

impl Workspace {
    /// Every plan of the working tree parsed in full, newest year first,
    /// then by id; a file that cannot be read is listed with its error.
    /// Listings that need less read [`Workspace::summaries`] instead.
    pub fn list_plans(&self) -> Result<Listing> {
        let files = self.plan_files()?;
        let found = files.files.into_iter().map(|f| (f.id, f.state)).collect();
        Ok(Listing {
            plans: load_all(&self.root, found),
            stray: files.stray,
        })
    }

    fn load_entry(&self, id: &PlanId) -> std::result::Result<Plan, LoadError> {
        load_file(&self.root, id)
    }

    /// The plan as it stands in the working tree.
    pub fn load(&self, id: &PlanId) -> Result<Plan> {
        if !self.exists(id) {
            return Err(self.no_such_plan(&id.to_string()));
        }
        self.load_entry(id).map_err(StoreError::Broken)
    }

    /// Whether anything is at the plan's path in the working tree (a link
    /// or a FIFO too: loading it says why it is refused, and nothing is
    /// created over it).
    pub fn exists(&self, id: &PlanId) -> bool {
        super::confine::is_present(&self.root, &id.rel_path())
    }

    /// `<year>/<slug>`, or with `-2`, `-3`… when that is taken (an import
    /// never writes over a plan).
    pub fn free_id(&self, year: i32, slug: &str) -> Result<PlanId> {
        let slug = if slug.is_empty() { "plan" } else { slug };
        let mut id = PlanId::new(year, slug)?;
        let mut n = 2;
        while self.exists(&id) {
            id = PlanId::new(year, &format!("{slug}-{n}"))?;
            n += 1;
        }
        Ok(id)
    }

    /// Resolve what a user typed: a full id, a path, or a slug that is unique
    /// across years. Unknown names get the closest ids as suggestions.
    pub fn resolve(&self, name: &str) -> Result<PlanId> {
        if let Ok(id) = PlanId::parse(name)
            && self.exists(&id)
        {
            return Ok(id);
        }
        if name.contains('/') || name.contains('\\') {
            // A path-like name that is not a valid id is refused outright.
            PlanId::parse(name)?;
        }
        let ids = self.plan_ids()?;
        let by_slug: Vec<&PlanId> = ids.iter().filter(|i| i.slug() == name).collect();
        if let [one] = by_slug.as_slice() {
            return Ok((*one).clone());
        }
        Err(self.no_such_plan(name))
    }

    /// The ids of the plan files in the working tree, from their names
    /// alone: nothing is read or parsed.
    fn plan_ids(&self) -> Result<Vec<PlanId>> {
        let plans_dir = self.root.join(PLANS_DIR);
        if std::fs::symlink_metadata(&plans_dir).is_ok_and(|m| !m.is_dir()) {
            return Ok(Vec::new());
        }
        let years = match std::fs::read_dir(&plans_dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io_err(&plans_dir)(e)),
        };
        let mut ids = Vec::new();
        for year_dir in years.flatten() {
            if !year_dir.file_type().is_ok_and(|t| t.is_dir()) {
                continue;
            }
            let year = year_dir.file_name().to_string_lossy().into_owned();
            let Ok(files) = std::fs::read_dir(year_dir.path()) else {
                continue;
            };
            for file in files.flatten() {
                let name = file.file_name().to_string_lossy().into_owned();
                if let Some(slug) = name.strip_suffix(".toml")
                    && let Ok(id) = PlanId::parse(&format!("{year}/{slug}"))
                {
                    ids.push(id);
                }
            }
        }
        ids.sort();
        Ok(ids)
    }

    fn no_such_plan(&self, name: &str) -> StoreError {
        let ids = self.plan_ids().unwrap_or_default();
        StoreError::NoSuchPlan {
            id: name.to_string(),
            suggestions: closest(name, &ids),
        }
    }

    /// Save `plan` as one commit. Items without ids get them (in `plan` too).
    /// A content change of an approved plan sets it back to draft in the same
    /// commit. Unchanged content makes no commit. Should another commit
    /// change the file while this one is made, nothing is saved
    /// ([`StoreError::ChangedMeanwhile`]).
    pub fn save(&self, id: &PlanId, plan: &mut Plan, change: &Change) -> Result<SaveOutcome> {
        self.save_based_on(id, plan, change, None)
    }

    /// [`Workspace::save`] of a plan read when HEAD was `base` (a commit id):
    /// when a commit since then changed the file, nothing is saved and the
    /// answer is [`StoreError::ChangedMeanwhile`], for the user to decide.
    pub fn save_based_on(
        &self,
        id: &PlanId,
        plan: &mut Plan,
        change: &Change,
        base: Option<&str>,
    ) -> Result<SaveOutcome> {
        check_year(id, plan)?;
        plan.ensure_ids();
        let base = base.and_then(|b| Oid::from_str(b).ok());
        let rel = id.rel_path();
        let message = change.message(id);
        let mut approval_reset = false;
        let commit = self.write_file(&rel, Basis::FileAsOf(base), |head| {
            approval_reset = reset_approval(plan, head_plan(id, head).as_ref());
            Ok(Some(Write {
                commit: Some(checked_text(plan, head.working.as_deref())?.into_bytes()),
                keep_working: None,
                message: message.clone(),
            }))
        })?;
        Ok(SaveOutcome {
            commit: commit.map(|c| c.to_string()),
            approval_reset,
        })
    }

    /// One atomic action on a plan (tick, approve, restore…): `apply`
    /// changes the plan as committed at HEAD and says what the commit is.
    /// When another writer commits meanwhile, it is applied again on top.
    /// An uncommitted hand edit of the file stays uncommitted and in the
    /// working file, with `apply` done to it too. Returns what was done and
    /// the plan as committed.
    pub fn update_plan(
        &self,
        id: &PlanId,
        mut apply: impl FnMut(&mut Plan) -> Result<Change>,
    ) -> Result<(SaveOutcome, Plan)> {
        let rel = id.rel_path();
        let mut committed = None;
        let mut approval_reset = false;
        let commit = self.write_file(&rel, Basis::Reapply, |head| {
            let Some(working) = &head.working else {
                return Err(self.no_such_plan(&id.to_string()));
            };
            let working = parse_checked(id, &rel, &String::from_utf8_lossy(working))
                .map_err(StoreError::Broken)?;
            let hand_edit = head.in_head.as_ref() != head.working.as_ref();
            // The same bytes parse the same: HEAD's plan is parsed only
            // when the file differs from it.
            let before = match hand_edit {
                false => Some(working.clone()),
                true => head_plan(id, head),
            };
            let mut plan = match (&before, hand_edit) {
                (Some(b), true) => b.clone(),
                _ => working.clone(),
            };
            let change = apply(&mut plan)?;
            check_year(id, &plan)?;
            plan.ensure_ids();
            approval_reset = reset_approval(&mut plan, before.as_ref());
            let keep_working = match (&before, hand_edit) {
                (Some(_), true) => {
                    let mut kept = working;
                    apply(&mut kept)?;
                    // Items the file names without ids get the committed ones.
                    kept.adopt_ids(&plan);
                    Some(checked_text(&kept, head.working.as_deref())?.into_bytes())
                }
                _ => None,
            };
            // The comments of the text it is applied to stay.
            let on = match (&before, hand_edit) {
                (Some(_), true) => head.in_head.as_deref(),
                _ => head.working.as_deref(),
            };
            let text = checked_text(&plan, on)?;
            committed = Some(plan);
            Ok(Some(Write {
                commit: Some(text.into_bytes()),
                keep_working,
                message: change.message(id),
            }))
        })?;
        let plan = committed.ok_or_else(|| StoreError::Invalid("nothing was applied".into()))?;
        Ok((
            SaveOutcome {
                commit: commit.map(|c| c.to_string()),
                approval_reset,
            },
            plan,
        ))
    }

    /// Save a new plan; refuses to overwrite one that exists (checked under
    /// the workspace lock, so two writers never take the same id).
    pub fn create(
        &self,
        id: &PlanId,
        plan: &mut Plan,
        action: Action,
        summary: Option<&str>,
    ) -> Result<SaveOutcome> {
        check_year(id, plan)?;
        plan.ensure_ids();
        let summary = summary.map_or_else(|| plan.title.clone(), str::to_string);
        let message = Change::new(action, summary).message(id);
        let text = checked_text(plan, None)?;
        let commit = self.write_file(&id.rel_path(), Basis::Reapply, |head| {
            if head.working.is_some() || head.in_head.is_some() {
                return Err(StoreError::PlanExists(id.clone()));
            }
            Ok(Some(Write {
                commit: Some(text.clone().into_bytes()),
                keep_working: None,
                message: message.clone(),
            }))
        })?;
        Ok(SaveOutcome {
            commit: commit.map(|c| c.to_string()),
            approval_reset: false,
        })
    }

    /// Save a new plan as `<year>/<slug>`, or `-2`, `-3`… when that is taken
    /// (also by a writer running at the same time). Returns the id taken.
    pub fn create_free(
        &self,
        slug: &str,
        plan: &mut Plan,
        action: Action,
    ) -> Result<(PlanId, SaveOutcome)> {
        loop {
            let id = self.free_id(plan.year, slug)?;
            match self.create(&id, plan, action, None) {
                Err(StoreError::PlanExists(_)) => continue,
                other => return Ok((id, other?)),
            }
        }
    }

    /// Remove a plan as one commit.
    pub fn delete(&self, id: &PlanId) -> Result<Option<String>> {
        let title = self.load(id).map(|p| p.title).unwrap_or_default();
        let commit = self.commit_file(
            &id.rel_path(),
            None,
            &Change::new(Action::Delete, title).message(id),
        )?;
        Ok(commit.map(|c| c.to_string()))
    }

    /// The plan as of a revision (`HEAD`, `HEAD~3`, a commit id…).
    pub fn plan_at(&self, id: &PlanId, rev: &str) -> Result<Plan> {
        let text = self
            .file_at(&id.rel_path(), rev)?
            .ok_or_else(|| StoreError::NotAtRevision {
                id: id.clone(),
                rev: rev.to_string(),
            })?;
        parse_checked(id, &format!("{}@{rev}", id.rel_path()), &text).map_err(StoreError::Broken)
    }

    /// A file's text at a revision, `None` when it did not exist there.
    pub(crate) fn file_at(&self, rel: &str, rev: &str) -> Result<Option<String>> {
        let commit = self
            .repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| StoreError::NoSuchRevision(rev.to_string()))?;
        let tree = commit.tree()?;
        let Ok(entry) = tree.get_path(Path::new(rel)) else {
            return Ok(None);
        };
        let blob = self.repo.find_blob(entry.id())?;
        Ok(Some(String::from_utf8_lossy(blob.content()).into_owned()))
    }

    /// Plans whose files differ from HEAD (edited by hand, new, or deleted).
    pub fn changed_plans(&self) -> Result<Vec<(PlanId, FileState)>> {
        Ok(self.plan_files()?.changed())
    }

    /// The id of HEAD's commit, when there is one.
    pub fn head(&self) -> Option<String> {
        self.repo
            .head()
            .ok()
            .and_then(|h| h.target())
            .map(|o: Oid| o.to_string())
    }
}

fn check_year(id: &PlanId, plan: &Plan) -> Result<()> {
    if plan.year != id.year() {
        return Err(StoreError::Invalid(format!(
            "the plan says year {} but its id `{id}` is in {}",
            plan.year,
            id.year()
        )));
    }
    Ok(())
}

/// The plan's file text; never what cannot be read back.
/// The plan's text, checked to read back. Comments and CRLF line ends
/// written by hand in `working` (the working file) stay.
fn checked_text(plan: &Plan, working: Option<&[u8]>) -> Result<String> {
    let text = match working {
        Some(old) => carry_over(&String::from_utf8_lossy(old), &write_plan(plan)),
        None => write_plan(plan),
    };
    parse_plan(&text).map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(text)
}

/// The plan as the branch's commit holds it, when it is readable there.
fn head_plan(id: &PlanId, head: &Base) -> Option<Plan> {
    let text = String::from_utf8_lossy(head.in_head.as_deref()?).into_owned();
    parse_checked(id, &id.rel_path(), &text).ok()
}

/// A content change of an approved or submitted plan sends it back to
/// draft; `true` when it did.
fn reset_approval(plan: &mut Plan, before: Option<&Plan>) -> bool {
    // What was submitted is not what is there any more either.
    let state = plan.state();
    let reset = matches!(state, ApprovalState::Approved | ApprovalState::Submitted)
        && before.is_some_and(|b| b.state() == state && !b.same_content(plan));
    if reset {
        plan.approval = None;
    }
    reset
}

/// Read and parse plan files, spread over the machine's cores: parsing is
/// most of the time a large workspace takes to list.
fn load_all(root: &Path, found: Vec<(PlanId, FileState)>) -> Vec<PlanEntry> {
    in_parallel(&found, |(id, state)| PlanEntry {
        plan: load_file(root, id),
        id: id.clone(),
        state: *state,
    })
}

/// `f` over `items`, in order, spread over the machine's cores.
pub(super) fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(threads).max(16);
    if items.len() <= chunk {
        return items.iter().map(f).collect();
    }
    let f = &f;
    std::thread::scope(|s| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

fn load_file(root: &Path, id: &PlanId) -> std::result::Result<Plan, LoadError> {
    let rel = id.rel_path();
    let bytes =
        super::confine::read_file(root, &rel).map_err(|e| refused_load(e.into_refused(&rel)))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| LoadError::whole_file(&rel, format!("cannot read the file: {e}")))?;
    parse_checked(id, &rel, &text)
}

/// A file that is not read, as a load error naming it.
pub(super) fn refused_load(r: super::confine::Refused) -> LoadError {
    LoadError::whole_file(&r.path, r.why)
}

fn parse_checked(id: &PlanId, rel: &str, text: &str) -> std::result::Result<Plan, LoadError> {
    let plan = parse_plan(text).map_err(|e| LoadError::from_plan_error(rel, text, &e))?;
    if plan.year != id.year() {
        return Err(year_error(rel, text, plan.year, id.year()));
    }
    Ok(plan)
}

/// A plan whose `year` is not the year of the folder it is in.
pub(super) fn year_error(rel: &str, text: &str, year: i32, folder: i32) -> LoadError {
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("year"))
        .map_or(1, |i| i + 1);
    LoadError {
        path: rel.to_string(),
        problems: vec![super::error::Located {
            line,
            column: 1,
            message: format!(
                "year = {year} but the file is in the folder for {folder}; fix the year or move the file to plans/{year}/"
            ),
        }],
    }
}

/// The ids closest to what was typed: same slug in another year, containing
/// it, or within a small edit distance.
fn closest(name: &str, ids: &[PlanId]) -> Vec<PlanId> {
    let wanted = name
        .trim_end_matches(".toml")
        .rsplit('/')
        .next()
        .unwrap_or(name);
    let mut scored: Vec<(usize, &PlanId)> = ids
        .iter()
        .map(|id| {
            let d = if id.slug().contains(wanted) || wanted.contains(id.slug()) {
                0
            } else {
                crate::model::text::edit_distance(wanted, id.slug())
            };
            (d, id)
        })
        .filter(|(d, id)| *d <= (id.slug().len().max(wanted.len()) / 3).max(2))
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, id)| id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_ids_rank_typos_and_fragments() {
        let ids: Vec<PlanId> = [
            "2022/wangchang-cppcc-plan",
            "2023/guide-town-plan",
            "2023/other",
        ]
        .iter()
        .filter_map(|s| PlanId::parse(s).ok())
        .collect();
        let got = closest("2022/wangchang-cpcc-plan", &ids);
        assert_eq!(
            got.first().map(|i| i.to_string()).as_deref(),
            Some("2022/wangchang-cppcc-plan")
        );
        let got = closest("guide", &ids);
        assert_eq!(got.first().map(|i| i.slug()), Some("guide-town-plan"));
        assert!(closest("zzzzzzzzzz", &ids).is_empty());
    }
}
