//! The history view and the diff view: paging through the commits the
//! worker walks, comparing two versions of a plan, restoring one.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::model::PlanId;
use crate::store::{Comparison, RevisionId, Version};

use super::super::Action;
use super::super::app::{App, PlanState, View};
use super::super::history::{DiffState, HistoryState};
use super::super::history_worker::{HistoryWorker, Polled, Reply, Request};
use super::super::labels::L;
use super::super::overlay::{Choice, Confirm, Overlay, Purpose};
use super::plans;

/// Rows a page key moves.
const PAGE: usize = 20;

/// Every walk gets its own number, so replies of an older one are dropped.
static GENERATION: AtomicU64 = AtomicU64::new(1);

/// Open the history of `plan` (of the whole workspace with `None`) over
/// the view on screen.
pub fn open(app: &mut App, plan: Option<PlanId>) {
    let worker = match HistoryWorker::spawn() {
        Ok(w) => w,
        Err(e) => return plans::show_error(app, &e.to_string()),
    };
    let prev = std::mem::replace(&mut app.view, View::Plans);
    app.view = View::History(Box::new(HistoryState::new(plan, Some(worker), prev)));
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
    let rows = list_rows(app.screen_rows);
    let Some(h) = history_mut(&mut app.view) else {
        return;
    };
    h.generation = GENERATION.fetch_add(1, Ordering::Relaxed);
    h.ids.clear();
    h.details.clear();
    h.asked.clear();
    h.done = false;
    h.walking = false;
    h.cursor = 0;
    h.marked = None;
    h.error = None;
    let walker = match app.ws.history(h.plan.as_ref()) {
        Ok(w) => w,
        Err(e) => {
            h.error = Some(e.to_string());
            return;
        }
    };
    let sent = h.worker.as_ref().is_some_and(|w| {
        w.send(Request::Start {
            generation: h.generation,
            walker: Box::new(walker),
        })
    });
    if !sent {
        h.error = Some(worker_gone(app.labels.get(L::HistoryLoading)));
        return;
    }
    ask(h, rows);
}

/// The history rows a terminal of `screen_rows` shows: all but the status
/// line and the list's two borders, as the history view lays them out.
fn list_rows(screen_rows: u16) -> usize {
    crate::tui::views::history::list_rows(screen_rows)
}

fn worker_gone(doing: &str) -> String {
    format!("{doing} stopped: the history worker is gone")
}

/// Ask the worker for more ids when the cursor nears the end, and for the
/// details of the rows on screen (and the next screen down).
fn ask(h: &mut HistoryState, rows: usize) {
    let Some(worker) = &h.worker else {
        return;
    };
    let generation = h.generation;
    if h.wants_more() {
        h.walking = worker.send(Request::More { generation });
    }
    let ids = h.unasked_window(rows);
    if !ids.is_empty()
        && worker.send(Request::Details {
            generation,
            ids: ids.clone(),
        })
    {
        h.asked.extend(ids);
    }
}

/// Take what the worker has sent (the event loop calls this every turn);
/// whether anything on screen changed.
pub fn drain(app: &mut App) -> bool {
    let rows = list_rows(app.screen_rows);
    let Some(h) = history_mut(&mut app.view) else {
        return false;
    };
    let mut changed = false;
    loop {
        let reply = match h.worker.as_ref().map(HistoryWorker::try_recv) {
            Some(Polled::Reply(r)) => r,
            Some(Polled::Nothing) | None => break,
            Some(Polled::Gone) => {
                h.worker = None;
                if !h.done && h.error.is_none() {
                    h.error = Some("the history worker stopped".into());
                }
                h.walking = false;
                changed = true;
                break;
            }
        };
        if reply.generation() != h.generation {
            // Of an older walk.
            continue;
        }
        changed = true;
        match reply {
            Reply::Ids { ids, done, .. } => {
                h.ids.extend(ids);
                h.done = done;
                h.walking = false;
            }
            Reply::Details { revisions, .. } => {
                for r in revisions {
                    h.details.insert(r.id, r);
                }
            }
            Reply::Failed { error, .. } => {
                h.error = Some(error);
                h.walking = false;
            }
        }
    }
    if changed {
        ask(h, rows);
    }
    changed
}

/// The terminal changed size: rows that came into view need their details.
pub fn resized(app: &mut App) {
    let rows = list_rows(app.screen_rows);
    if let Some(h) = history_mut(&mut app.view) {
        ask(h, rows);
    }
}

/// The worker has something on the way (the event loop then polls sooner).
pub fn waiting(app: &App) -> bool {
    history(&app.view).is_some_and(|h| {
        h.worker.is_some() && (h.walking || h.asked.iter().any(|id| !h.details.contains_key(id)))
    })
}

pub fn update(app: &mut App, action: Action) {
    let rows = list_rows(app.screen_rows);
    match &mut app.view {
        View::History(h) => {
            if let Some(c) = super::moved(h.cursor, h.ids.len(), &action, PAGE) {
                h.cursor = c;
                ask(h, rows);
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
fn plan_of_selected(app: &App) -> Option<(PlanId, crate::store::Revision)> {
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
    let plan = h
        .plan
        .clone()
        .or_else(|| rev.plan.clone())
        .or_else(|| {
            marked
                .and_then(|m| h.details.get(&m))
                .and_then(|r| r.plan.clone())
        })
        .or_else(|| plans_changed_by(app, &rev).into_iter().next());
    let Some(plan) = plan else {
        app.warn(app.labels.fmt(L::NoPlanInCommit, &[&rev.short]));
        return;
    };
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
    match app.ws.compare(&plan, from, to) {
        Ok(cmp) => open_diff(app, cmp),
        Err(e) => plans::show_error(app, &e.to_string()),
    }
}

/// The plans a commit without a `Plan:` trailer (made with plain git)
/// changes, among those in the working tree: their files differ from the
/// commit's first parent.
fn plans_changed_by(app: &App, rev: &crate::store::Revision) -> Vec<PlanId> {
    let before = rev
        .parents
        .first()
        .map_or(Version::Absent, |p| Version::Revision(*p));
    let after = Version::Revision(rev.id);
    app.plans
        .listing
        .plans
        .iter()
        .map(|e| &e.id)
        .filter(|id| {
            let text = |v| app.ws.plan_text(id, v).ok().flatten();
            text(before) != text(after)
        })
        .cloned()
        .collect()
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
    let Some(id) = id else {
        app.warn(app.t(L::NoPlanHere));
        return;
    };
    let approved = match app.ws.last_approved(&id) {
        Ok(Some(rev)) => rev,
        Ok(None) => {
            app.warn(app.labels.fmt(L::NeverApproved, &[&id]));
            return;
        }
        Err(e) => return plans::show_error(app, &e.to_string()),
    };
    let unsaved = app.plan().is_some_and(|p| p.id == id && p.dirty());
    match app
        .ws
        .compare(&id, Version::Revision(approved), Version::WorkingTree)
    {
        Ok(cmp) => {
            open_diff(app, cmp);
            if unsaved {
                app.warn(app.t(L::SinceApprovalUnsaved));
            }
        }
        Err(e) => plans::show_error(app, &e.to_string()),
    }
}

fn open_diff(app: &mut App, cmp: Comparison) {
    let from_label = side(app, cmp.from);
    let to_label = side(app, cmp.to);
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
fn side(app: &App, v: Version) -> String {
    match v {
        Version::Revision(r) => {
            let known = history(&app.view).and_then(|h| h.details.get(&r).cloned());
            let rev = known.or_else(|| {
                app.ws
                    .revisions(&[r])
                    .ok()
                    .and_then(|v| v.into_iter().next())
            });
            match rev {
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
        let key = app
            .key_hint(&Action::Save)
            .unwrap_or_else(|| "ctrl-s".into());
        app.warn(app.labels.fmt(L::SaveFirst, &[&key]));
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

/// Restore `plan` to `rev` as a new commit, then read the plan and the
/// history again.
pub fn restore(app: &mut App, plan: &PlanId, rev: RevisionId) {
    match app.ws.restore(plan, &rev.to_string()) {
        Ok(done) => {
            reload_plan(app, plan);
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
        Err(e) => plans::show_error(app, &e.to_string()),
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
    if let Some(p) = app.plan_mut() {
        let (section, target, focus) = (p.section, p.target, p.focus);
        *p = PlanState::new(id.clone(), plan, state);
        p.section = section;
        p.target = target;
        p.focus = focus;
        p.clamp_cursors();
    }
}
