use std::process::ExitCode;

use anyhow::{Result, bail};
use plandesk::model::schedule::summary_title;
use plandesk::model::text::visible_line;
use plandesk::model::{Kind, Plan, PlanId};
use plandesk::store::{Action, Workspace};

/// `plandesk new PLAN --title T [--from OTHER] [--kind K]`.
pub fn run(
    ws: &Workspace,
    id: &str,
    title: &str,
    from: Option<&str>,
    kind: Kind,
) -> Result<ExitCode> {
    let id = PlanId::parse(id)?;
    if title.trim().is_empty() {
        bail!("the title is empty; give one with --title");
    }
    let (mut plan, summary) = match from {
        Some(src) => {
            let src_id = ws.resolve(src)?;
            let src = ws.load(&src_id)?;
            let mut p = src.carry_over(id.year(), title);
            p.kind = kind;
            (p, format!("{title} (from {src_id})"))
        }
        None => (Plan::new(title, id.year(), kind), title.to_string()),
    };
    create(ws, &id, &mut plan, summary)
}

/// `plandesk summary PLAN [--id ID] [--title T]`: the year-end summary draft.
pub fn summary(
    ws: &Workspace,
    plan: &str,
    new_id: Option<&str>,
    title: Option<&str>,
) -> Result<ExitCode> {
    let src_id = ws.resolve(plan)?;
    let src = ws.load(&src_id)?;
    let id = match new_id {
        Some(s) => PlanId::parse(s)?,
        None => {
            let base = src_id.slug().trim_end_matches("-plan");
            PlanId::new(src_id.year(), &format!("{base}-summary"))?
        }
    };
    let title = title.map_or_else(|| summary_title(&src.title), str::to_string);
    let mut draft = src.summary_draft(&title);
    create(
        ws,
        &id,
        &mut draft,
        format!("{title} (summary of {src_id})"),
    )
}

fn create(ws: &Workspace, id: &PlanId, plan: &mut Plan, summary: String) -> Result<ExitCode> {
    if ws.exists(id) {
        bail!("a plan `{id}` exists already; choose another id");
    }
    // Checked again under the workspace lock: another writer may take the id first.
    ws.create(id, plan, Action::New, Some(&summary))?;
    outln!("Created {id}: {}", visible_line(&plan.title))?;
    Ok(ExitCode::SUCCESS)
}
