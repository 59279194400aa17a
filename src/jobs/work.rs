//! What each kind of job does: a thin call of the store, on a workspace
//! opened for the job.

use std::path::Path;

use crate::model::PlanId;
use crate::store::{HistoryWalker, RevisionId, Version, Workspace};

use super::{Job, JobError, Outcome};

/// Commit ids a walk step returns at most.
pub const BATCH: usize = 100;

/// Commits one walk step looks at most, so that a walk filtered to one plan
/// reports back (maybe with nothing) instead of going quiet for long.
pub const WALK_PER_REQUEST: usize = 2000;

pub(super) fn run(root: &Path, job: Job) -> Outcome {
    // The terminal UI owns the screen: what the store would say goes nowhere
    // rather than over it (the UI's own workspace shows it).
    let ws = match Workspace::open_held(root) {
        Ok(ws) => ws,
        Err(e) => return Outcome::Failed(e.into()),
    };
    match job {
        Job::Plans => Outcome::Plans {
            listing: ws.summaries(),
            settings: ws.settings(),
        },
        Job::FirstYear { year } => Outcome::FirstYear {
            year,
            first: ws.first_summaries(year),
            settings: ws.settings(),
        },
        Job::Agenda { year } => Outcome::Agenda {
            year,
            listing: ws.summaries_with_tasks(Some(year)),
        },
        Job::Compare {
            plan,
            among,
            from,
            to,
        } => {
            let Some(plan) = plan.or_else(|| first_changed(&ws, &among, from, to)) else {
                return Outcome::NoPlanChanged { to };
            };
            Outcome::Compared(ws.compare(&plan, from, to).and_then(|cmp| sides(&ws, cmp)))
        }
        Job::SinceApproval { plan } => Outcome::Compared(
            ws.changes_since_approval(&plan)
                .and_then(|cmp| sides(&ws, cmp)),
        ),
        Job::HistoryWalk { plan, walker } => {
            let walker = match walker {
                Some(w) => w,
                None => match ws.history(plan.as_ref()) {
                    Ok(w) => Box::new(w),
                    Err(e) => return Outcome::Failed(e.into()),
                },
            };
            walk(walker)
        }
        Job::HistoryDetails { ids } => Outcome::Details(ws.revisions(&ids)),
        Job::Restore { plan, rev } => Outcome::Restored {
            result: ws.restore(&plan, &rev.to_string()),
            plan,
            rev,
        },
        Job::Find {
            finder,
            fresh,
            query,
            limit,
        } => find(&ws, &finder, fresh, &query, limit),
        Job::IndexHistory => Outcome::Indexed(ws.index_history()),
        Job::Sync {
            remote,
            progress,
            credentials,
        } => Outcome::Synced(ws.sync_asking(
            remote.as_deref(),
            &mut |p| {
                *progress
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(p);
            },
            &mut |request| credentials.ask(request),
        )),
        #[cfg(debug_assertions)]
        Job::Injected { work, .. } => work(&ws),
    }
}

/// The comparison with the details of the revisions on its sides, for its title.
fn sides(
    ws: &Workspace,
    cmp: crate::store::Comparison,
) -> crate::store::Result<(crate::store::Comparison, Vec<crate::store::Revision>)> {
    let ids: Vec<RevisionId> = [cmp.from, cmp.to]
        .into_iter()
        .filter_map(|v| match v {
            Version::Revision(r) => Some(r),
            Version::Absent | Version::WorkingTree => None,
        })
        .collect();
    let revisions = ws.revisions(&ids)?;
    Ok((cmp, revisions))
}

/// The first of `among` whose file differs between `from` and `to` (for a
/// commit made with plain git, without a `Plan:` trailer).
fn first_changed(ws: &Workspace, among: &[PlanId], from: Version, to: Version) -> Option<PlanId> {
    among
        .iter()
        .find(|id| {
            let text = |v| ws.plan_text(id, v).ok().flatten();
            text(from) != text(to)
        })
        .cloned()
}

/// Up to [`BATCH`] ids, walking at most [`WALK_PER_REQUEST`] commits.
fn walk(mut walker: Box<HistoryWalker>) -> Outcome {
    let mut ids = Vec::new();
    let start = walker.walked();
    while ids.len() < BATCH && walker.walked() - start < WALK_PER_REQUEST && !walker.is_done() {
        match walker.next_batch(BATCH - ids.len()) {
            Ok(batch) => ids.extend(batch),
            Err(e) => return Outcome::Failed(JobError::Store(e)),
        }
    }
    let done = walker.is_done();
    Outcome::Walked { walker, ids, done }
}

/// The finder's rows for `query`; the index is refreshed first (per plan,
/// by blob id) when the kept finder is older than `fresh`.
fn find(
    ws: &Workspace,
    shared: &crate::search::SharedFinder,
    fresh: u64,
    query: &str,
    limit: usize,
) -> Outcome {
    use crate::model::text::visible_line;
    use crate::search::{self, Finder, Openings, PlanSource};
    let mut kept = shared
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut notes = Vec::new();
    if kept.finder.is_none() || kept.fresh < fresh {
        let files = match ws.plan_files() {
            Ok(f) => f.files,
            Err(e) => return Outcome::Failed(e.into()),
        };
        let sources: Vec<PlanSource> = files.into_iter().map(PlanSource::from).collect();
        let refresh = match search::refresh(ws.git_dir(), &sources, |id| ws.load(id)) {
            Ok(r) => r,
            Err(e) => return Outcome::Failed(JobError::Search(e)),
        };
        notes.extend(refresh.rebuilt.clone());
        for (id, why) in &refresh.broken {
            notes.push(format!("{id}: {}", visible_line(why)));
        }
        kept.finder = Some(Finder::new(refresh.index));
        kept.fresh = fresh;
    }
    let openings = Openings::load(ws.git_dir());
    let Some(finder) = kept.finder.as_mut() else {
        return Outcome::Found {
            query: query.to_string(),
            rows: Vec::new(),
            total: 0,
            notes,
        };
    };
    let matches = finder.search(query, limit, &openings);
    let rows = matches
        .hits
        .iter()
        .map(|h| finder.found(query, h))
        .collect();
    Outcome::Found {
        query: query.to_string(),
        rows,
        total: matches.total,
        notes,
    }
}
