use std::process::ExitCode;

use anyhow::Result;
use plandesk::model::text::visible_line;
use plandesk::store::Workspace;

/// Every finding on stdout; exit 1 when there is any.
pub fn run(ws: &Workspace) -> Result<ExitCode> {
    let report = ws.verify()?;
    if report.is_clean() {
        println!(
            "OK: {} commits walked; every approved plan is backed by an approval commit ({} approvals).",
            report.commits, report.approvals
        );
        return Ok(ExitCode::SUCCESS);
    }
    for f in &report.findings {
        println!("{}", visible_line(&f.to_string()));
    }
    let mut plans: Vec<String> = report.findings.iter().map(|f| f.plan.to_string()).collect();
    plans.sort();
    plans.dedup();
    eprintln!(
        "plandesk: {} approval problem{} in {} ({} commits walked).\nAn approver can approve the plan again with `plandesk approve PLAN`; the findings stay in history.",
        report.findings.len(),
        if report.findings.len() == 1 { "" } else { "s" },
        plans.join(", "),
        report.commits
    );
    Ok(ExitCode::FAILURE)
}
