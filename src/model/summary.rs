//! What a listing shows of a plan, without its sections: title, year, kind,
//! approval state, progress and the tasks. Built from a [`Plan`]; the store
//! keeps one per git blob so a listing does not parse every plan again.
//! (Not a year-end summary, which is a plan of [`Kind::Summary`].)

use chrono::NaiveDate;
use serde::Serialize;

use super::{ApprovalState, Kind, Plan, Task};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSummary {
    pub title: String,
    pub year: i32,
    pub kind: Kind,
    pub state: ApprovalState,
    pub org: Option<String>,
    pub date: Option<NaiveDate>,
    /// (done, total) over the tasks that are not dropped.
    pub progress: (usize, usize),
    /// How many conflicts a sync left in the plan, to resolve.
    pub conflicts: usize,
    /// Every task, in file order (a task's index in the plan is its index
    /// here); empty unless the listing was asked for this plan's tasks.
    pub tasks: Vec<Task>,
}

impl PlanSummary {
    pub fn of(plan: &Plan) -> PlanSummary {
        PlanSummary {
            title: plan.title.clone(),
            year: plan.year,
            kind: plan.kind,
            state: plan.state(),
            org: plan.org.clone(),
            date: plan.date,
            progress: plan.progress(),
            conflicts: plan.conflicts.len(),
            tasks: plan.tasks.clone(),
        }
    }

    /// (done, total) over the tasks that are not dropped, as [`Plan::progress`].
    pub fn progress(&self) -> (usize, usize) {
        self.progress
    }
}
