//! The history view and the diff view: paging through the commits that
//! history jobs walk, comparing two versions of a plan, restoring one. The
//! walk and the comparisons run on jobs (`crate::jobs`); their outcomes come
//! back here through `update`.

use crate::jobs::{Job, JobError, Jobs, Kind, Ticket};
use crate::model::PlanId;
use crate::store::{
    Comparison, HistoryError, HistoryWalker, Restored, Revision, RevisionId, StoreError, Version,
};

use super::super::Action;
use super::super::app::{App, PlanState, View};
use super::super::history::{DiffState, HistoryState};
use super::super::labels::L;
use super::super::overlay::{Choice, Confirm, Overlay, Purpose};
use super::plans;

/// Rows a page key moves.
const PAGE: usize = 20;

/// Open the history of `plan` (of the whole workspace with `None`) over
/// the view on screen.
pub fn open(app: &mut App, plan: Option<PlanId>) {
    let prev = std::mem::replace(&mut app.view, View::Plans);
    app.view = View::History(Box::new(HistoryState::new(plan, prev)));
    restart(app);
}

/// The history state, on screen or under the diff opened from it.
fn history_mut(view: &mut View) -> Option<&mut HistoryState> {
    match view {
        View::History(h) => Some(h),
        View::Diff(d) => history_mut(&mut d.prev),
        _ => None,
    }
}

fn history(view: &View) -> Option<&HistoryState> {
    match view {
        View::History(h) => Some(h),
        View::Diff(d) => history(&d.prev),
        _ => None,
    }
}

/// Walk the history again from HEAD (after a restore, or on reload).
pub fn restart(app: &mut App) {
    let Some(h) = history_mut(&mut app.view) else {
        return;
    };
    h.ids.clear();
    h.details.clear();
    h.asked.clear();
    h.details_asked = None;
    h.done = false;
    h.cursor = 0;
    h.marked = None;
    h.error = None;
    h.walker = None;
    let step = app.jobs.request(Job::HistoryWalk {
        plan: h.plan.clone(),
        walker: None,
    });
    h.started = Some(step);
    h.step = Some(step);
    h.walking = true;
}

/// The history rows a terminal of `screen_rows` shows: all but the status
/// line and the list's two borders, as the history view lays them out.
fn list_rows(screen_rows: u16) -> usize {
    crate::tui::views::history::list_rows(screen_rows)
}

/// Ask for more ids when the cursor nears the end, and for the details of
/// the rows on screen (and the next screen down).
fn ask(h: &mut HistoryState, jobs: &mut Jobs, rows: usize) {
    if h.wants_more()
        && let Some(walker) = h.walker.take()
    {
        h.step = Some(jobs.request(Job::HistoryWalk {
            plan: h.plan.clone(),
            walker: Some(walker),
        }));
        h.walking = true;
    }
    let mut ids = h.unasked_window(rows);
    if ids.is_empty() {
        return;
    }
    h.asked.extend(ids.iter().copied());
    if let Some((waiting, earlier)) = h.details_asked.take()
        && jobs.is_pending(waiting)
    {
        // That request never runs now: this one takes its ids along.
        ids.splice(0..0, earlier);
    }
    let ticket = jobs.request(Job::HistoryDetails { ids: ids.clone() });
    h.details_asked = Some((ticket, ids));
}

/// Ask for what the rows on screen now need.
fn ask_for_screen(app: &mut App) {
    let rows = list_rows(app.screen_rows);
    if let Some(h) = history_mut(&mut app.view) {
        ask(h, &mut app.jobs, rows);
    }
}

/// A step of the walk is done: its ids, unless the walk started over since.
pub fn walked(
    app: &mut App,
    ticket: Ticket,
    walker: Box<HistoryWalker>,
    ids: Vec<RevisionId>,
    done: bool,
) {
    let Some(h) = history_mut(&mut app.view) else {
        return;
    };
    if h.step != Some(ticket) {
        return;
    }
    h.ids.extend(ids);
    h.done = done;
    h.walking = false;
    h.walker = Some(walker);
    ask_for_screen(app);
}

/// Details of commits came: kept, unless they were asked for an older walk.
pub fn details(app: &mut App, ticket: Ticket, revisions: Result<Vec<Revision>, StoreError>) {
    let Some(h) = history_mut(&mut app.view) else {
        return;
    };
    if h.started.is_none_or(|s| ticket < s) {
        return;
    }
    match revisions {
        Ok(revisions) => {
            for r in revisions {
                h.details.insert(r.id, r);
            }
        }
        Err(e) => h.error = Some(e.to_string()),
    }
    ask_for_screen(app);
}

/// A history job could not do its work: the history says why.
pub fn failed(app: &mut App, ticket: Ticket, error: &JobError) {
    let Some(h) = history_mut(&mut app.view) else {
        return;
    };
    let walk_step = h.step == Some(ticket);
    if walk_step || (ticket.kind == Kind::HistoryDetails && h.started.is_some_and(|s| ticket >= s))
    {
        h.error = Some(error.to_string());
    }
    if walk_step {
        h.walking = false;
    }
}

/// The terminal changed size: rows that came into view need their details.
pub fn resized(app: &mut App) {
    ask_for_screen(app);
}

pub fn update(app: &mut App, action: Action) {
    match &mut app.view {
        View::History(h) => {
            if let Some(c) = super::moved(h.cursor, h.ids.len(), &action, PAGE) {
                h.cursor = c;
                ask_for_screen(app);
                return;
            }
            match action {
                Action::Back => back(app),
                Action::ShowDiff => show_diff(app),
                Action::MarkRevision => mark(app),
                Action::RestoreRevision => ask_restore(app),
                Action::SinceApproval => since_approval(app),
                Action::Reload => restart(app),
                _ => {}
            }
        }
        View::Diff(d) => {
            let len = super::super::views::diff::lines(&app.labels, d).len();
            if let Some(s) = super::moved(d.scroll, len, &action, PAGE) {
                d.scroll = s;
                return;
            }
            match action {
                Action::ToggleRaw => {
                    d.raw = !d.raw;
                    d.scroll = 0;
                }
                Action::Back => back(app),
                _ => {}
            }
        }
        _ => {}
    }
}

/// Back to the view the history or diff was opened from.
fn back(app: &mut App) {
    let view = std::mem::replace(&mut app.view, View::Plans);
    app.view = match view {
        View::History(h) => h.prev,
        View::Diff(d) => d.prev,
        other => other,
    };
}

fn mark(app: &mut App) {
    let Some(h) = history_mut(&mut app.view) else {
        return;
    };
    let Some(id) = h.ids.get(h.cursor).copied() else {
        return;
    };
    if h.marked == Some(id) {
        h.marked = None;
        app.info(app.t(L::Unmarked));
    } else {
        h.marked = Some(id);
        let key = app.key_hint(&Action::ShowDiff).unwrap_or_default();
        app.info(app.labels.fmt(L::MarkedAt, &[&id.short(), &key]));
    }
}

/// The plan a history row is about: the history's own, else its Plan trailer.
fn plan_of_selected(app: &App) -> Option<(PlanId, Revision)> {
    let h = history(&app.view)?;
    let rev = h.selected()?.clone();
    let plan = h.plan.clone().or_else(|| rev.plan.clone())?;
    Some((plan, rev))
}

fn show_diff(app: &mut App) {
    let Some(h) = history(&app.view) else {
        return;
    };
    let Some(rev) = h.selected().cloned() else {
        if !h.ids.is_empty() {
            app.warn(app.t(L::HistoryLoading));
        }
        return;
    };
    let marked = h.marked.filter(|m| *m != rev.id);
    let plan = h.plan.clone().or_else(|| rev.plan.clone()).or_else(|| {
        marked
            .and_then(|m| h.details.get(&m))
            .and_then(|r| r.plan.clone())
    });
    let (from, to) = match marked {
        Some(m) => {
            // The one further down the list is the older one.
            let at = |id: RevisionId| h.ids.iter().position(|x| *x == id);
            if at(m) > at(rev.id) {
                (Version::Revision(m), Version::Revision(rev.id))
            } else {
                (Version::Revision(rev.id), Version::Revision(m))
            }
        }
        None => (
            rev.parents
                .first()
                .map_or(Version::Absent, |p| Version::Revision(*p)),
            Version::Revision(rev.id),
        ),
    };
    let among = match &plan {
        Some(_) => Vec::new(),
        None => app
            .plans
            .listing
            .plans
            .iter()
            .map(|e| e.id.clone())
            .collect(),
    };
    app.jobs.request(Job::Compare {
        plan,
        among,
        from,
        to,
    });
    app.compare_over = Some(std::mem::discriminant(&app.view));
}

/// "Changes since approval": the plan's last approved revision against the
/// file as it is now. From the plan view, or for the history's plan (or the
/// selected commit's).
pub fn since_approval(app: &mut App) {
    let id = match &app.view {
        View::Plan(p) => Some(p.id.clone()),
        _ => history(&app.view)
            .and_then(|h| h.plan.clone())
            .or_else(|| plan_of_selected(app).map(|(p, _)| p)),
    };
    let Some(plan) = id else {
        app.warn(app.t(L::NoPlanHere));
        return;
    };
    app.jobs.request(Job::SinceApproval { plan });
    app.compare_over = Some(std::mem::discriminant(&app.view));
}

/// Whether the view a comparison was asked from is still on screen (the
/// user may have gone elsewhere while it ran; then it is not shown).
pub fn compare_still_wanted(app: &App) -> bool {
    app.compare_over == Some(std::mem::discriminant(&app.view))
}

/// A comparison came: the diff opens over the view on screen.
pub fn compared(app: &mut App, result: Result<(Comparison, Vec<Revision>), StoreError>) {
    match result {
        Ok((cmp, sides)) => {
            let since_approval = cmp.to == Version::WorkingTree;
            let unsaved = app.plan().is_some_and(|p| p.id == cmp.plan && p.dirty());
            open_diff(app, cmp, &sides);
            if since_approval && unsaved {
                app.warn(app.t(L::SinceApprovalUnsaved));
            }
        }
        Err(StoreError::History(HistoryError::NeverApproved(id))) => {
            app.warn(app.labels.fmt(L::NeverApproved, &[&id]));
        }
        Err(e) => plans::show_error(app, &e.to_string()),
    }
}

/// The commit asked about changes none of the listed plans.
pub fn no_plan_changed(app: &mut App, to: Version) {
    let short = match to {
        Version::Revision(r) => r.short(),
        Version::Absent | Version::WorkingTree => to.label(),
    };
    app.warn(app.labels.fmt(L::NoPlanInCommit, &[&short]));
}

fn open_diff(app: &mut App, cmp: Comparison, sides: &[Revision]) {
    let from_label = side(app, cmp.from, sides);
    let to_label = side(app, cmp.to, sides);
    let prev = std::mem::replace(&mut app.view, View::Plans);
    app.view = View::Diff(Box::new(DiffState {
        cmp,
        from_label,
        to_label,
        raw: false,
        scroll: 0,
        prev,
    }));
}

/// One side of a comparison as the title names it: `1a2b3c4 (Edit …)`.
fn side(app: &App, v: Version, sides: &[Revision]) -> String {
    match v {
        Version::Revision(r) => {
            let known = sides
                .iter()
                .find(|s| s.id == r)
                .or_else(|| history(&app.view).and_then(|h| h.details.get(&r)));
            match known {
                Some(rev) => format!("{} ({})", rev.short, rev.summary),
                None => r.short(),
            }
        }
        Version::WorkingTree => app.t(L::WorkingTree).to_string(),
        Version::Absent => app.t(L::Nothing).to_string(),
    }
}

fn ask_restore(app: &mut App) {
    let Some((plan, rev)) = plan_of_selected(app) else {
        if let Some(rev) = history(&app.view).and_then(HistoryState::selected) {
            let short = rev.short.clone();
            app.warn(app.labels.fmt(L::NoPlanInCommit, &[&short]));
        }
        return;
    };
    if app.plan().is_some_and(PlanState::dirty) {
        super::save::say_save_first(app);
        return;
    }
    let line = app
        .labels
        .fmt(L::AskRestore, &[&plan, &rev.short, &rev.summary]);
    let c = Confirm::new(
        app.t(L::TitleRestore),
        vec![line],
        vec![Choice::Restore, Choice::Cancel],
        Purpose::RestoreRevision { plan, rev: rev.id },
    )
    .selecting(Choice::Cancel);
    app.overlays.push(Overlay::Confirm(c));
}

/// Restore `plan` to `rev` as a new commit, on a job; [`restored`] reads
/// the plan and the history again.
pub fn restore(app: &mut App, plan: &PlanId, rev: RevisionId) {
    app.jobs.request(Job::Restore {
        plan: plan.clone(),
        rev,
    });
}

/// A restore is done (it is never dropped: a commit was made).
pub fn restored(
    app: &mut App,
    plan: &PlanId,
    rev: RevisionId,
    result: Result<Restored, StoreError>,
) {
    match result {
        Ok(done) => {
            // Edits made while it ran stay; saving them asks about the changed file.
            if !app.plan().is_some_and(|p| &p.id == plan && p.dirty()) {
                reload_plan(app, plan);
            }
            plans::reload(app);
            restart(app);
            let mut msg = match done.commit {
                Some(c) => app
                    .labels
                    .fmt(L::RestoredAs, &[&done.from.short, &c.short()]),
                None => app.labels.fmt(L::RestoredSame, &[&done.from.short]),
            };
            if done.approval_dropped {
                msg = format!("{msg}; {}", app.t(L::RestoredDraft));
            }
            app.info(msg);
        }
        Err(e) => {
            let plan = plan.clone();
            super::identity::failed(app, &e, move |app| restore(app, &plan, rev));
        }
    }
}

/// Read the open plan's file again when it is `id` (it has nothing unsaved:
/// callers refuse before that), keeping the cursors.
pub fn reload_plan(app: &mut App, id: &PlanId) {
    if app.plan().map(|p| &p.id) != Some(id) {
        return;
    }
    let plan = match app.ws.load(id) {
        Ok(p) => p,
        Err(e) => return plans::show_error(app, &e.to_string()),
    };
    let state = plans::file_state(app, id);
    let head = app.ws.head();
    if let Some(p) = app.plan_mut() {
        let (section, target, focus) = (p.section, p.target, p.focus);
        *p = PlanState::new(id.clone(), plan, state);
        p.head = head;
        p.section = section;
        p.target = target;
        p.focus = focus;
        p.clamp_cursors();
    }
}
