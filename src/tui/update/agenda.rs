//! The agenda: one month's tasks across the plans of a year, the overdue
//! tasks of earlier months above them. Ticking here commits to that plan.

use chrono::Datelike;

use crate::model::PlanId;

use super::super::Action;
use super::super::app::{App, View};
use super::super::board::AgendaState;
use super::super::labels::L;
use super::super::overlay::{Ask, Overlay, Prompt};
use super::board::{Mark, commit_mark, report};

const PAGE: usize = 10;

/// Open the agenda on today's month of the year selected in the plan list.
pub fn open(app: &mut App) {
    let year = app.plans.selected_year().unwrap_or(app.today.year());
    let month = if year == app.today.year() {
        u8::try_from(app.today.month()).unwrap_or(1)
    } else {
        1
    };
    let mut a = AgendaState {
        year,
        month,
        plans: Vec::new(),
        cursor: 0,
    };
    load(app, &mut a);
    app.view = View::Agenda(Box::new(a));
}

/// The year's plan summaries from the plan list's listing (broken plans
/// left out; the plan list names them).
fn load(app: &App, a: &mut AgendaState) {
    a.plans = app
        .plans
        .listing
        .plans
        .iter()
        .filter(|e| e.id.year() == a.year)
        .filter_map(|e| e.summary.as_ref().ok().map(|p| (e.id.clone(), p.clone())))
        .collect();
}

fn agenda_mut(app: &mut App) -> Option<&mut AgendaState> {
    match &mut app.view {
        View::Agenda(a) => Some(a),
        _ => None,
    }
}

pub fn update(app: &mut App, action: Action) {
    let today = app.today;
    let Some(a) = agenda_mut(app) else {
        return;
    };
    let ag = a.agenda(today);
    let len = ag.overdue.len() + ag.tasks.len();
    if let Some(c) = super::moved(a.cursor, len, &action, PAGE) {
        a.cursor = c;
        return;
    }
    match action {
        Action::Back => {
            app.view = View::Plans;
            super::plans::reload(app);
        }
        Action::MonthPrev => {
            a.month = if a.month <= 1 { 12 } else { a.month - 1 };
            a.cursor = 0;
        }
        Action::MonthNext => {
            a.month = if a.month >= 12 { 1 } else { a.month + 1 };
            a.cursor = 0;
        }
        Action::TaskTick => {
            with_selected(app, |app, id, i| mark_on(app, &id, i, Mark::Done(today)))
        }
        Action::TaskUntick => with_selected(app, |app, id, i| mark_on(app, &id, i, Mark::Undo)),
        Action::TaskDrop => with_selected(app, |app, id, i| mark_on(app, &id, i, Mark::Drop)),
        Action::TaskTickOn => with_selected(app, |app, id, i| {
            let p = Prompt::new(
                &id.to_string(),
                app.t(L::PromptDoneOn),
                &today.to_string(),
                Ask::DoneOn {
                    plan: Some(id),
                    index: i,
                },
            );
            app.overlays.push(Overlay::Prompt(Box::new(p)));
        }),
        Action::OpenBoard => with_selected(app, |app, id, i| {
            if super::plans::open(app, &id) {
                super::board::open(app);
                if let View::Board(b) = &mut app.view {
                    b.select(i);
                }
            }
        }),
        Action::Reload => {
            super::plans::reload(app);
            if let Some(mut a) = take(app) {
                load(app, &mut a);
                app.view = View::Agenda(a);
            }
            app.info(app.t(L::Reloaded));
        }
        _ => {}
    }
}

fn take(app: &mut App) -> Option<Box<AgendaState>> {
    match std::mem::replace(&mut app.view, View::Plans) {
        View::Agenda(a) => Some(a),
        other => {
            app.view = other;
            None
        }
    }
}

fn with_selected(app: &mut App, f: impl FnOnce(&mut App, PlanId, usize)) {
    let today = app.today;
    let sel = match &app.view {
        View::Agenda(a) => a.selected(today),
        _ => None,
    };
    match sel {
        Some((id, i, _)) => f(app, id, i),
        None => app.warn(app.t(L::NoTask)),
    }
}

/// Tick, untick or drop task `i` of plan `id` as its file stands: one commit.
pub fn mark_on(app: &mut App, id: &PlanId, i: usize, mark: Mark) {
    let saved = match app.ws.load(id) {
        Ok(p) => p,
        Err(e) => return super::plans::show_error(app, &e.to_string()),
    };
    // The agenda was read earlier: the task must still be where it was.
    let listed = match &app.view {
        View::Agenda(a) => a
            .plans
            .iter()
            .find(|(p, _)| p == id)
            .and_then(|(_, p)| p.tasks.get(i).cloned()),
        _ => None,
    };
    let now = saved.tasks.get(i);
    if listed.is_none_or(|t| now.is_none_or(|n| n.id != t.id || n.text != t.text)) {
        return app.warn(app.t(L::TickOutside));
    }
    match commit_mark(&app.ws, id, &saved, i, mark) {
        Ok((_, out, summary)) => {
            report(app, &out, &summary, mark);
            let status = app.status.clone();
            super::plans::reload(app);
            if let Some(mut a) = take(app) {
                load(app, &mut a);
                // The overdue list may have lost the ticked task.
                let ag = a.agenda(app.today);
                a.cursor = a
                    .cursor
                    .min((ag.overdue.len() + ag.tasks.len()).saturating_sub(1));
                app.view = View::Agenda(a);
            }
            app.status = status;
        }
        Err(e) => super::plans::show_error(app, &e),
    }
}
