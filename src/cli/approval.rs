use std::process::ExitCode;

use anyhow::Result;
use plandesk::model::text::visible_line;
use plandesk::store::Workspace;

#[derive(Debug, Clone, Copy)]
pub enum Step {
    Submit,
    Approve,
    Return,
}

pub fn run(ws: &Workspace, plan: &str, step: Step, note: Option<&str>) -> Result<ExitCode> {
    let id = ws.resolve(plan)?;
    let (done, outcome) = match step {
        Step::Submit => ("Submitted", ws.submit(&id, note)?),
        Step::Approve => ("Approved", ws.approve(&id, note)?),
        Step::Return => ("Returned", ws.return_plan(&id, note.unwrap_or_default())?),
    };
    let by = outcome.approval.by.as_deref().unwrap_or_default();
    outln!(
        "{done} {id} as {} (commit {}).",
        visible_line(by),
        outcome.commit.short()
    )?;
    Ok(ExitCode::SUCCESS)
}
