//! The month board: move between tasks and months; tick, untick and drop a
//! task (each one commit at once, of the plan as last saved, so unsaved
//! content edits stay unsaved); add, edit, move, delete tasks and set their
//! owner (content edits: unsaved until ctrl-s, undoable).

use chrono::NaiveDate;

use crate::model::schedule::month_name;
use crate::model::{Plan, PlanId, Status, Task};
use crate::store::{Action as Commit, Change, FileState, SaveOutcome, StoreError, Workspace};

use super::super::Action;
use super::super::app::{App, PlanState, View};
use super::super::board::BoardState;
use super::super::labels::L;
use super::super::overlay::{Ask, Choice, Confirm, Overlay, Purpose};
use super::plan::prompt;
use super::save::{self, After};

const PAGE: usize = 10;

/// A change of a task's progress, committed at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Done(NaiveDate),
    Undo,
    Drop,
}

impl Mark {
    pub fn apply(self, plan: &mut Plan, i: usize) {
        match self {
            Mark::Done(on) => plan.tick(i, on),
            Mark::Undo => plan.untick(i),
            Mark::Drop => plan.drop_task(i),
        }
    }

    fn commit(self) -> Commit {
        match self {
            Mark::Done(_) => Commit::Tick,
            Mark::Undo => Commit::Untick,
            Mark::Drop => Commit::Drop,
        }
    }

    fn done_label(self) -> L {
        match self {
            Mark::Done(_) => L::Ticked,
            Mark::Undo => L::Unticked,
            Mark::Drop => L::Dropped,
        }
    }
}

/// Open the board on the plan open in the plan view.
pub fn open(app: &mut App) {
    let view = std::mem::replace(&mut app.view, View::Plans);
    app.view = match view {
        View::Plan(mut p) => {
            // Text being typed goes into the plan (unsaved) first.
            p.finish_editing();
            let mut b = BoardState::new(*p);
            let today = app.today;
            // Start on the current month's first task, when there is one.
            if let Some(i) = b.order().into_iter().find(|&i| {
                let t = &b.plan.working.tasks[i];
                b.plan.working.year == chrono::Datelike::year(&today)
                    && u32::from(t.month) >= chrono::Datelike::month(&today)
            }) {
                b.select(i);
            }
            View::Board(Box::new(b))
        }
        other => other,
    };
}

fn board_mut(app: &mut App) -> Option<&mut BoardState> {
    match &mut app.view {
        View::Board(b) => Some(b),
        _ => None,
    }
}

pub fn update(app: &mut App, action: Action) {
    let today = app.today;
    let this_month = current_month(app);
    let Some(b) = board_mut(app) else {
        return;
    };
    let len = b.plan.working.tasks.len();
    if let Some(m) = b.empty_month
        && matches!(action, Action::Up | Action::Down)
    {
        // Off an empty month, onto the nearest task that way.
        let order = b.order();
        let tasks = &b.plan.working.tasks;
        let c = if action == Action::Down {
            order.iter().position(|&i| tasks[i].month > m)
        } else {
            order.iter().rposition(|&i| tasks[i].month < m)
        };
        if let Some(c) = c {
            b.cursor = c;
            b.empty_month = None;
        }
        return;
    }
    if let Some(c) = super::moved(b.cursor, len, &action, PAGE) {
        b.cursor = c;
        return;
    }
    match action {
        // Back where the board was opened from: the agenda (asking about
        // unsaved changes first), else the plan.
        Action::Back if b.from_agenda.is_some() => save::request_close(app),
        Action::Back => {
            let view = std::mem::replace(&mut app.view, View::Plans);
            app.view = match view {
                View::Board(b) => View::Plan(Box::new(b.plan)),
                other => other,
            };
        }
        Action::Save => save::request_save(app, After::Stay),
        Action::OpenConflicts => super::conflicts::open(app),
        Action::Undo => {
            super::plan::undo(app);
            clamp(app);
        }
        Action::Redo => {
            super::plan::redo(app);
            clamp(app);
        }
        Action::MonthPrev => jump_month(b, -1),
        Action::MonthNext => jump_month(b, 1),
        Action::TaskTick => mark(app, Mark::Done(today)),
        Action::TaskTickOn => {
            let Some(i) = b.selected() else {
                return app.warn(app.t(L::NoTask));
            };
            let on = b.plan.working.tasks[i].done_on.unwrap_or(today);
            prompt(
                app,
                L::PromptDoneOn,
                &on.to_string(),
                Ask::DoneOn {
                    plan: None,
                    index: i,
                },
            );
        }
        Action::TaskUntick => mark(app, Mark::Undo),
        Action::TaskDrop => mark(app, Mark::Drop),
        Action::TaskAdd => {
            let month = b.month().unwrap_or(this_month);
            prompt(
                app,
                L::PromptTaskText,
                "",
                Ask::TaskText { id: None, month },
            );
        }
        Action::TaskEdit | Action::TaskMonth | Action::TaskOwner | Action::TaskDelete => {
            let Some(i) = b.selected() else {
                return app.warn(app.t(L::NoTask));
            };
            let t = b.plan.working.tasks[i].clone();
            match action {
                Action::TaskEdit => prompt(
                    app,
                    L::PromptTaskText,
                    &t.text,
                    Ask::TaskText {
                        id: Some(t.id),
                        month: t.month,
                    },
                ),
                Action::TaskMonth => prompt(
                    app,
                    L::PromptTaskMonth,
                    &t.month.to_string(),
                    Ask::TaskMonth { id: t.id },
                ),
                Action::TaskOwner => prompt(
                    app,
                    L::PromptOwner,
                    t.owner.as_deref().unwrap_or_default(),
                    Ask::TaskOwner { id: t.id },
                ),
                _ => {
                    let line = app.labels.fmt(
                        L::AskDeleteTask,
                        &[&crate::model::text::visible_line(&t.text)],
                    );
                    let c = Confirm::new(
                        app.t(L::TitleConfirm),
                        vec![line],
                        vec![Choice::Delete, Choice::Cancel],
                        Purpose::DeleteTask(t.id),
                    )
                    .selecting(Choice::Cancel);
                    app.overlays.push(Overlay::Confirm(c));
                }
            }
        }
        Action::Reload => reload(app),
        _ => {}
    }
}

/// Read the file again (after an edit outside plandesk), unless that would
/// drop unsaved changes; the cursor stays on the same task where it can.
fn reload(app: &mut App) {
    let Some(b) = board_mut(app) else {
        return;
    };
    if b.plan.dirty() {
        return app.warn(app.t(L::ReloadUnsaved));
    }
    let id = b.plan.id.clone();
    let task = b.selected().map(|i| b.plan.working.tasks[i].id.clone());
    if super::plans::open(app, &id) {
        open(app);
        if let Some(b) = board_mut(app) {
            if let Some(i) = task.and_then(|t| b.plan.working.tasks.iter().position(|x| x.id == t))
            {
                b.select(i);
            }
            b.clamp();
        }
        app.info(app.t(L::Reloaded));
    }
}

fn clamp(app: &mut App) {
    if let Some(b) = board_mut(app) {
        b.clamp();
    }
}

/// This month when the plan is of this year, else January.
fn current_month(app: &App) -> u8 {
    use chrono::Datelike;
    let year = app.plan().map_or(0, |p| p.working.year);
    if year == app.today.year() {
        u8::try_from(app.today.month()).unwrap_or(1)
    } else {
        1
    }
}

/// The previous (`-1`) or next (`1`) month: its first task, or the month
/// itself when it has none (a task can be added there).
fn jump_month(b: &mut BoardState, step: i8) {
    let month = b.month().unwrap_or(0);
    let target = if step < 0 {
        month.saturating_sub(1).max(1)
    } else {
        (month + 1).min(12)
    };
    let order = b.order();
    let tasks = &b.plan.working.tasks;
    match order.iter().position(|&i| tasks[i].month == target) {
        Some(c) => {
            b.cursor = c;
            b.empty_month = None;
        }
        None => b.empty_month = Some(target),
    }
}

/// "二月 开展一次献爱心活动": the commit's summary (its action says tick,
/// untick or drop).
pub fn summary(task: &Task) -> String {
    format!("{} {}", month_name(task.month), task.text)
}

/// Apply `mark` to task `i` of `saved` (found again by its id in the plan
/// as committed, also when another writer committed meanwhile) and commit
/// it. The plan as committed comes back.
pub fn commit_mark(
    ws: &Workspace,
    id: &PlanId,
    saved: &Plan,
    i: usize,
    mark: Mark,
) -> Result<(Plan, SaveOutcome, String), StoreError> {
    let task = saved
        .tasks
        .get(i)
        .cloned()
        .ok_or_else(|| StoreError::Invalid(format!("{id} has no task {}", i + 1)))?;
    let summary = summary(&task);
    let (out, plan) = ws.update_plan(id, |plan| {
        // A file written without ids keeps the ids the board knows it by.
        plan.adopt_ids(saved);
        let i = crate::model::schedule::same_task(plan, &task, i).ok_or_else(|| {
            StoreError::Invalid(format!(
                "the task 「{}」 is no longer in {id}: another change removed it",
                crate::model::text::visible_line(&task.text)
            ))
        })?;
        mark.apply(plan, i);
        Ok(Change::new(mark.commit(), summary.clone()))
    })?;
    Ok((plan, out, summary))
}

/// Tick, untick or drop the task under the board's cursor: one commit of
/// the plan as last saved with only this change; the same change is made
/// to the edited copy (and its undo steps), which stays unsaved.
pub fn mark(app: &mut App, mark: Mark) {
    let Some(b) = (match &app.view {
        View::Board(b) => Some(b),
        _ => None,
    }) else {
        return;
    };
    let Some(i) = b.selected() else {
        return app.warn(app.t(L::NoTask));
    };
    let task_id = b.plan.working.tasks[i].id.clone();
    let Some(base_i) = b.plan.base.tasks.iter().position(|t| t.id == task_id) else {
        let key = app.key_hint(&Action::Save).unwrap_or_default();
        return app.warn(app.labels.fmt(L::TaskNotSaved, &[&key]));
    };
    let p = &b.plan;
    let outside = match app.ws.load(&p.id) {
        Ok(disk) => disk != p.on_disk,
        Err(_) => true,
    };
    if outside {
        return app.warn(app.t(L::TickOutside));
    }
    let (id, base) = (p.id.clone(), p.base.clone());
    match commit_mark(&app.ws, &id, &base, base_i, mark) {
        Ok((saved, out, summary)) => {
            if let Some(b) = board_mut(app) {
                apply_saved(&mut b.plan, saved, &task_id, mark, out.commit.clone());
            }
            report(app, &out, &summary, mark);
        }
        Err(e) => {
            let m = mark;
            super::identity::failed(app, &e, move |app| self::mark(app, m));
        }
    }
}

/// After a progress commit: the saved plan becomes the baseline, and the
/// edited copy and its undo steps get the same change.
fn apply_saved(p: &mut PlanState, saved: Plan, task_id: &str, mark: Mark, head: Option<String>) {
    for plan in std::iter::once(&mut p.working)
        .chain(p.undo.iter_mut())
        .chain(p.redo.iter_mut())
    {
        if let Some(i) = plan.tasks.iter().position(|t| t.id == task_id) {
            mark.apply(plan, i);
        }
    }
    let mut base = saved.clone();
    base.ensure_ids();
    p.base = base;
    p.on_disk = saved;
    p.file_state = FileState::Clean;
    if let Some(c) = head {
        p.head = Some(c);
    }
}

pub fn report(app: &mut App, out: &SaveOutcome, summary: &str, mark: Mark) {
    let shown = crate::model::text::visible_line(summary).into_owned();
    match &out.commit {
        Some(c) => {
            let short: String = c.chars().take(7).collect();
            app.info(app.labels.fmt(mark.done_label(), &[&short, &shown]));
        }
        None => app.info(app.labels.fmt(L::TickUnchanged, &[&shown])),
    }
}

/// The answer to a task prompt: a content edit of the working plan.
pub fn answer(app: &mut App, ask: Ask, text: String) -> Result<(), String> {
    let (err_empty, err_month) = (app.t(L::ErrEmpty), app.t(L::ErrMonth));
    let Some(b) = board_mut(app) else {
        return Ok(());
    };
    match ask {
        Ask::TaskText { id, month } => {
            if text.is_empty() {
                return Err(err_empty.to_string());
            }
            match id {
                Some(id) => edit_task(&mut b.plan, &id, |t| t.text = text),
                None => {
                    let before: Vec<String> =
                        b.plan.working.tasks.iter().map(|t| t.id.clone()).collect();
                    b.plan.edit(|p| {
                        p.tasks.push(Task {
                            id: String::new(),
                            month,
                            period: None,
                            text,
                            status: Status::Todo,
                            done_on: None,
                            owner: None,
                        });
                        p.ensure_ids();
                    });
                    if let Some(i) = b
                        .plan
                        .working
                        .tasks
                        .iter()
                        .position(|t| !before.contains(&t.id))
                    {
                        b.select(i);
                    }
                }
            }
        }
        Ask::TaskMonth { id } => {
            let month = crate::import::typed_month(&text).ok_or_else(|| err_month.to_string())?;
            edit_task(&mut b.plan, &id, |t| {
                t.month = month;
                // A span like "第一季度" no longer holds for the new month.
                t.period = None;
            });
            if let Some(i) = b.plan.working.tasks.iter().position(|t| t.id == id) {
                b.select(i);
            }
        }
        Ask::TaskOwner { id } => {
            edit_task(&mut b.plan, &id, |t| {
                t.owner = Some(text).filter(|o| !o.is_empty());
            });
        }
        _ => {}
    }
    Ok(())
}

fn edit_task(p: &mut PlanState, id: &str, f: impl FnOnce(&mut Task)) {
    p.edit(|plan| {
        if let Some(t) = plan.tasks.iter_mut().find(|t| t.id == id) {
            f(t);
        }
    });
}

pub fn delete_task(app: &mut App, id: &str) {
    if let Some(b) = board_mut(app) {
        b.plan.edit(|p| p.tasks.retain(|t| t.id != id));
        b.clamp();
    }
}
