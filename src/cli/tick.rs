use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDate;
use plandesk::model::schedule::{TaskMatch, find_task, month_name};
use plandesk::model::text::visible_line;
use plandesk::store::{Action, Change, Workspace};

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
    let mut plan = ws.load(&id)?;
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
    let action = match mark {
        Mark::Done => {
            plan.tick(i, on.unwrap_or_else(super::today));
            Action::Tick
        }
        Mark::Undo => {
            plan.untick(i);
            Action::Untick
        }
        Mark::Drop => {
            plan.drop_task(i);
            Action::Drop
        }
    };
    let out = ws.save(&id, &mut plan, &Change::new(action, label.clone()))?;
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
