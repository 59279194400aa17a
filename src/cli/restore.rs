use std::process::ExitCode;

use anyhow::Result;
use plandesk::model::text::visible_line;
use plandesk::store::Workspace;

pub fn run(ws: &Workspace, plan: &str, rev: &str) -> Result<ExitCode> {
    let id = super::log::plan_in_history(ws, plan)?;
    let restored = ws.restore(&id, rev)?;
    let from = format!(
        "{} ({})",
        restored.from.short,
        visible_line(&restored.from.summary)
    );
    match restored.commit {
        Some(commit) => outln!("Restored {id} to {from} as commit {}.", commit.short())?,
        None => outln!("{id} already stands as at {from}; nothing to commit.")?,
    }
    if restored.approval_dropped {
        outln!(
            "It is a draft now: a restore is not an approval. Submit it and have it approved again."
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
