//! The finder overlay: every keystroke asks the finder's job for the rows
//! of the query typed (a newer query replaces an older one, and typing never
//! waits for it); Enter goes to the item in its own view, Esc back to where
//! the user was.

use crate::jobs::Job;
use crate::model::PlanId;
use crate::search::{Found, ItemKind, Openings, SEPARATOR};

use super::super::Action;
use super::super::app::{App, Focus, View};
use super::super::finder::{FinderState, ROWS};
use super::super::labels::L;
use super::super::overlay::Overlay;
use super::{board, plans};

/// Open the finder over the view; its index is refreshed first (per plan,
/// by blob id), so saves, ticks, imports and restores are found.
pub fn open(app: &mut App) {
    app.finder_fresh += 1;
    app.overlays.push(Overlay::Finder(Box::default()));
    ask(app, String::new());
}

fn ask(app: &mut App, query: String) {
    if let Some(Overlay::Finder(s)) = app.overlays.last_mut() {
        s.asked = query.clone();
    }
    app.jobs.request(Job::Find {
        finder: app.finder.clone(),
        fresh: app.finder_fresh,
        query,
        limit: ROWS,
    });
}

pub fn update(app: &mut App, mut s: Box<FinderState>, action: Action) {
    if let Some(c) = super::moved(s.cursor, s.rows.len(), &action, 10) {
        s.cursor = c;
        s.accept_pending = false;
        app.overlays.push(Overlay::Finder(s));
        return;
    }
    match action {
        Action::Cancel | Action::Back => {}
        // Typed fast, the rows on screen may still be an older query's:
        // Enter then waits for the newest (typing never does).
        Action::Accept if s.behind() && s.error.is_none() => {
            s.accept_pending = true;
            app.overlays.push(Overlay::Finder(s));
        }
        Action::Accept => match s.selected().cloned() {
            Some(found) => jump(app, &found),
            None => app.overlays.push(Overlay::Finder(s)),
        },
        action => {
            s.accept_pending = false;
            s.editor.apply(&action);
            let text = s.editor.text();
            let changed = text != s.asked;
            app.overlays.push(Overlay::Finder(s));
            if changed {
                ask(app, text);
            }
        }
    }
}

/// The job's rows for `query`; those of a query no longer typed still show
/// (better than nothing) until the newest come.
pub fn found(app: &mut App, query: String, rows: Vec<Found>, total: usize, notes: Vec<String>) {
    let Some(Overlay::Finder(s)) = app.overlays.last_mut() else {
        return;
    };
    if s.answered.as_deref() != Some(query.as_str()) {
        s.cursor = 0;
    }
    s.answered = Some(query);
    s.rows = rows;
    s.total = total;
    s.error = None;
    s.cursor = s.cursor.min(s.rows.len().saturating_sub(1));
    let go = match s.accept_pending && !s.behind() {
        true => {
            s.accept_pending = false;
            s.selected().cloned()
        }
        false => None,
    };
    if let Some(first) = notes.first() {
        app.warn(first.clone());
    }
    if let Some(found) = go {
        // The finder closes as Enter closes it, then goes there.
        if let Some(Overlay::Finder(_)) = app.overlays.last() {
            app.overlays.pop();
        }
        jump(app, &found);
    }
}

pub fn failed(app: &mut App, why: String) {
    if let Some(Overlay::Finder(s)) = app.overlays.last_mut() {
        s.error = Some(why);
        s.answered = Some(s.asked.clone());
        s.accept_pending = false;
    }
}

/// Go to `found` in its own view: a plan opens, a section is selected in
/// the outline, a target in the targets table, a task on the month board.
pub fn jump(app: &mut App, found: &Found) {
    if let Err(e) = Openings::record(app.ws.git_dir(), &found.item_ref()) {
        app.warn(e.to_string());
    }
    if !show_plan(app, &found.plan) {
        return;
    }
    plans::select(app, &found.plan);
    let label = found.path.rsplit(SEPARATOR).next().unwrap_or_default();
    let Some(p) = app.plan_mut() else {
        return;
    };
    let id = found.item.as_deref().unwrap_or_default();
    let mut gone = false;
    match found.kind {
        ItemKind::Plan => {}
        ItemKind::Section => {
            let at = p
                .working
                .sections
                .iter()
                .position(|x| x.id == id)
                .or_else(|| {
                    p.working
                        .sections
                        .iter()
                        // Shown with its number: "（一）heading".
                        .position(|x| label.trim().ends_with(x.heading.trim()))
                });
            p.focus = Focus::Outline;
            match at {
                Some(i) => p.section = i,
                None => gone = true,
            }
        }
        ItemKind::Target => {
            let at = p
                .working
                .targets
                .iter()
                .position(|x| x.id == id)
                .or_else(|| {
                    p.working
                        .targets
                        .iter()
                        // Shown as "name：figure".
                        .position(|x| label.trim().starts_with(x.name.trim()))
                });
            match at {
                Some(i) => {
                    p.focus = Focus::Targets;
                    p.target = i;
                }
                None => gone = true,
            }
        }
        ItemKind::Task => {
            let at = p.working.tasks.iter().position(|x| x.id == id).or_else(|| {
                p.working
                    .tasks
                    .iter()
                    .position(|x| x.text.trim() == label.trim())
            });
            match at {
                Some(i) => {
                    board::open(app);
                    if let View::Board(b) = &mut app.view {
                        b.select(i);
                    }
                }
                None => gone = true,
            }
        }
    }
    if gone {
        app.warn(app.t(L::FinderGone));
    }
}

/// The plan view on `plan`: the one on screen (from its board too), or the
/// plan opened; `false` when it cannot be (unsaved changes of another plan,
/// or a plan that does not load).
fn show_plan(app: &mut App, plan: &PlanId) -> bool {
    let view = std::mem::replace(&mut app.view, View::Plans);
    match view {
        View::Plan(mut p) if &p.id == plan => {
            p.finish_editing();
            app.view = View::Plan(p);
            true
        }
        View::Board(b) if &b.plan.id == plan => {
            app.view = View::Plan(Box::new(b.plan));
            true
        }
        other => {
            app.view = other;
            if app.dirty() {
                app.warn(app.t(L::FinderSaveFirst));
                return false;
            }
            plans::open(app, plan)
        }
    }
}
