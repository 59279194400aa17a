use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use plandesk::store::Workspace;

pub fn run(dir: Option<PathBuf>, examples: bool) -> Result<ExitCode> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let ws = Workspace::init(&dir, examples)?;
    let count = ws.plan_files()?.files.len();
    outln!(
        "Created a plandesk workspace in {} ({count} plan{}).",
        ws.root().display(),
        if count == 1 { "" } else { "s" }
    )?;
    outln!(
        "Open it with `plandesk --repo {}`, or list its plans with `plandesk --repo {} list`.",
        dir.display(),
        dir.display()
    )?;
    Ok(ExitCode::SUCCESS)
}
