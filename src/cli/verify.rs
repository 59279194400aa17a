use std::process::ExitCode;

use anyhow::Result;
use plandesk::model::text::visible_line;
use plandesk::store::Workspace;

/// Every finding on stdout; exit 1 when there is any.
pub fn run(ws: &Workspace) -> Result<ExitCode> {
    let report = ws.verify()?;
    if report.is_clean() {
        outln!(
            "OK: {} commits walked; every approved plan is backed by an approval commit ({} approvals).",
            report.commits,
            report.approvals
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for f in &report.findings {
        outln!("{}", visible_line(&f.to_string()))?;
    }
    let mut plans: Vec<String> = report.findings.iter().map(|f| f.plan.to_string()).collect();
    plans.sort();
    plans.dedup();
    let n = report.findings.len();
    errln!(
        "plandesk: {n} approval problem{} in {} ({} commits walked).",
        if n == 1 { "" } else { "s" },
        plans.join(", "),
        report.commits
    );
    if report.findings.iter().any(|f| f.in_effect) {
        errln!(
            "Where the plan still stands approved on it, an approver returns the plan (plandesk return PLAN -m \"…\"), and it is submitted and approved again."
        );
    }
    if report.findings.iter().any(|f| !f.in_effect) {
        errln!("Findings marked [superseded since] are past: they stay in history as a record.");
    }
    Ok(ExitCode::FAILURE)
}
