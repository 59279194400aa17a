use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use plandesk::model::schedule::{TaskMatch, find_task, month_name, same_task};
use plandesk::model::text::visible_line;
use plandesk::model::today::check_done_on;
use plandesk::store::{Action, Change, StoreError, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Done,
    Undo,
    Drop,
}

pub fn run(
    ws: &Workspace,
    plan: &str,
    task: &str,
    mark: Mark,
    on: Option<NaiveDate>,
) -> Result<ExitCode> {
    let id = ws.resolve(plan)?;
    let plan = ws.load(&id)?;
    let i = match find_task(&plan, task) {
        TaskMatch::One(i) => i,
        TaskMatch::None => {
            errln!(
                "plandesk: no task of {id} matches 「{}」. Its tasks:",
                visible_line(task)
            );
            list(&plan, &(0..plan.tasks.len()).collect::<Vec<_>>());
            return Ok(ExitCode::FAILURE);
        }
        TaskMatch::Several(found) => {
            errln!(
                "plandesk: {} tasks of {id} match 「{}」; name one by its id:",
                found.len(),
                visible_line(task)
            );
            list(&plan, &found);
            return Ok(ExitCode::FAILURE);
        }
    };
    let t = &plan.tasks[i];
    let label = format!("{} {}", month_name(t.month), t.text);
    let on = match mark {
        Mark::Done => {
            let today = super::today()?;
            let on = on.unwrap_or(today);
            check_done_on(on, today).map_err(anyhow::Error::msg)?;
            Some(on)
        }
        _ => None,
    };
    let task = t.clone();
    // Applied to the plan as committed (again, should another writer commit
    // meanwhile), found by the id it had when the user named it.
    let (out, _) = ws.update_plan(&id, |plan| {
        let Some(i) = same_task(plan, &task, i) else {
            return Err(StoreError::Invalid(format!(
                "the task 「{}」 is no longer in {id}: another change removed it",
                visible_line(&label)
            )));
        };
        let action = match (mark, on) {
            (Mark::Done, Some(on)) => {
                plan.tick(i, on);
                Action::Tick
            }
            (Mark::Undo, _) => {
                plan.untick(i);
                Action::Untick
            }
            _ => {
                plan.drop_task(i);
                Action::Drop
            }
        };
        Ok(Change::new(action, label.clone()))
    })?;
    let verb = match (mark, out.commit.is_some()) {
        (_, false) => "Unchanged",
        (Mark::Done, _) => "Ticked",
        (Mark::Undo, _) => "Unticked",
        (Mark::Drop, _) => "Dropped",
    };
    outln!("{verb}: {id} {}", visible_line(&label))?;
    Ok(ExitCode::SUCCESS)
}

fn list(plan: &plandesk::model::Plan, idx: &[usize]) {
    for &i in idx {
        let t = &plan.tasks[i];
        errln!(
            "  {}  {}  {}",
            t.id,
            month_name(t.month),
            visible_line(&t.text)
        );
    }
}
