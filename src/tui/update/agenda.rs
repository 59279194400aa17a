//! The agenda: one month's tasks across the plans of a year, the overdue
//! tasks of earlier months above them. Ticking here commits to that plan.

use chrono::Datelike;

use crate::jobs::Job;
use crate::model::PlanId;
use crate::store::Summaries;

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
    // This year on today's month; a past year on December, so that every
    // task left undone shows as overdue above it; a coming year on January.
    let month = match year.cmp(&app.today.year()) {
        std::cmp::Ordering::Equal => u8::try_from(app.today.month()).unwrap_or(1),
        std::cmp::Ordering::Less => 12,
        std::cmp::Ordering::Greater => 1,
    };
    let a = AgendaState {
        year,
        month,
        plans: Vec::new(),
        cursor: 0,
    };
    // The year's tasks come from a job; [`loaded`] takes them.
    app.jobs.request(Job::Agenda { year });
    app.view = View::Agenda(Box::new(a));
}

/// The plan list came (a job read it): the agenda on screen reads its
/// year's tasks again.
pub fn refresh(app: &mut App) {
    if let View::Agenda(a) = &app.view {
        app.jobs.request(Job::Agenda { year: a.year });
    }
}

/// Keep the cursor on a row: the overdue list may have lost a ticked task.
fn clamp(a: &mut AgendaState, today: chrono::NaiveDate) {
    let ag = a.agenda(today);
    a.cursor = a
        .cursor
        .min((ag.overdue.len() + ag.tasks.len()).saturating_sub(1));
}

/// The tasks of a year a job read: into the agenda on screen, when it
/// still shows that year.
pub fn loaded(app: &mut App, year: i32, listing: Result<Summaries, String>) {
    let today = app.today;
    if let View::Agenda(a) = &mut app.view
        && a.year == year
    {
        apply_agenda(a, listing);
        clamp(a, today);
    }
}

/// Put the year's summaries with their tasks into the agenda (broken plans
/// left out; the plan list names them).
pub fn apply_agenda(a: &mut AgendaState, listing: Result<Summaries, String>) {
    a.plans = match listing {
        Ok(listing) => listing
            .plans
            .into_iter()
            .filter(|e| e.id.year() == a.year)
            .filter_map(|e| Some((e.id, e.summary.ok()?)))
            .collect(),
        Err(_) => Vec::new(),
    };
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
            let agenda = std::mem::replace(&mut app.view, View::Plans);
            if super::plans::open(app, &id) {
                super::board::open(app);
                if let View::Board(b) = &mut app.view {
                    b.select(i);
                    // Esc on the board comes back here.
                    if let View::Agenda(a) = agenda {
                        b.from_agenda = Some(a);
                    }
                }
            } else {
                app.view = agenda;
            }
        }),
        Action::Reload => {
            app.on_listing.say_reloaded = true;
            super::plans::reload(app);
        }
        _ => {}
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
        Ok((plan, out, summary)) => {
            report(app, &out, &summary, mark);
            // The ticked plan at once; the others as the list a job reads has them.
            let today = app.today;
            if let Some(a) = agenda_mut(app) {
                if let Some(listed) = a.plans.iter_mut().find(|(p, _)| p == id) {
                    listed.1 = crate::model::PlanSummary::of(&plan);
                }
                clamp(a, today);
            }
            super::plans::reload(app);
        }
        Err(e) => {
            let id = id.clone();
            super::identity::failed(app, &e, move |app| mark_on(app, &id, i, mark));
        }
    }
}
