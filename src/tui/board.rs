//! The state of the month board and of the agenda. The board is a way of
//! looking at an open plan: it owns the plan's [`PlanState`] (with its
//! unsaved edits and undo), so leaving it goes back to the plan view.

use chrono::NaiveDate;

use crate::model::schedule::{Agenda, agenda};
use crate::model::{Plan, PlanId, PlanSummary};

use super::app::PlanState;

/// Today, for overdue marks and the date a tick gets: `PLANDESK_TODAY`
/// (YYYY-MM-DD) when set, as the command line reads it, else (also when it
/// is not a date, which the command line refuses) the local date.
pub fn today() -> NaiveDate {
    crate::model::today::today().unwrap_or_else(|_| chrono::Local::now().date_naive())
}

pub struct BoardState {
    pub plan: PlanState,
    /// Position in [`BoardState::order`].
    pub cursor: usize,
    /// A month without tasks the cursor stands on (to add one there); while
    /// set, no task is selected.
    pub empty_month: Option<u8>,
    /// The agenda this board was opened from, to go back to.
    pub from_agenda: Option<Box<AgendaState>>,
}

impl BoardState {
    pub fn new(plan: PlanState) -> BoardState {
        BoardState {
            plan,
            cursor: 0,
            empty_month: None,
            from_agenda: None,
        }
    }

    /// The month the cursor is in: the empty one it stands on, or the
    /// selected task's.
    pub fn month(&self) -> Option<u8> {
        self.empty_month
            .or_else(|| self.selected().map(|i| self.plan.working.tasks[i].month))
    }

    /// The tasks as the board lists them: by month, file order within a month.
    pub fn order(&self) -> Vec<usize> {
        task_order(&self.plan.working)
    }

    /// The index in `plan.working.tasks` of the task under the cursor.
    pub fn selected(&self) -> Option<usize> {
        if self.empty_month.is_some() {
            return None;
        }
        self.order().get(self.cursor).copied()
    }

    /// Put the cursor on the task with this index.
    pub fn select(&mut self, index: usize) {
        if let Some(c) = self.order().iter().position(|i| *i == index) {
            self.cursor = c;
            self.empty_month = None;
        }
    }

    pub fn clamp(&mut self) {
        self.cursor = self
            .cursor
            .min(self.plan.working.tasks.len().saturating_sub(1));
    }
}

pub fn task_order(plan: &Plan) -> Vec<usize> {
    (1..=12u8).flat_map(|m| plan.tasks_in(m)).collect()
}

pub struct AgendaState {
    pub year: i32,
    pub month: u8,
    /// The year's plan summaries, from the plan list's listing.
    pub plans: Vec<(PlanId, PlanSummary)>,
    /// Position in overdue-then-this-month.
    pub cursor: usize,
}

impl AgendaState {
    pub fn agenda(&self, today: NaiveDate) -> Agenda {
        agenda(
            self.plans.iter().map(|(i, p)| (i, p)),
            self.year,
            self.month,
            today,
        )
    }

    /// The plan and task index under the cursor.
    pub fn selected(&self, today: NaiveDate) -> Option<(PlanId, usize, String)> {
        let ag = self.agenda(today);
        let item = ag.overdue.iter().chain(&ag.tasks).nth(self.cursor)?;
        let id = PlanId::parse(&item.plan).ok()?;
        Some((id, item.index, item.task_id.clone()))
    }
}
