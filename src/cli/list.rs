use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use plandesk::model::text::visible_line;
use plandesk::store::{FileState, Workspace};
use serde::Serialize;

#[derive(Serialize)]
struct Row<'a> {
    id: String,
    year: i32,
    kind: &'a str,
    title: &'a str,
    state: &'a str,
    tasks_done: usize,
    tasks_total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    org: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    /// The file differs from the last commit (edited outside plandesk).
    uncommitted: bool,
    /// Conflicts a sync left in the plan, to resolve.
    conflicts: usize,
}

pub fn run(ws: &Workspace, year: Option<i32>, json: bool) -> Result<ExitCode> {
    let listing = ws.summaries()?;
    let mut broken = 0;
    if let Err(e) = ws.settings() {
        errln!("plandesk: {e}");
        broken += 1;
    }
    for e in &listing.stray {
        errln!("plandesk: {e}");
        broken += 1;
    }
    let mut rows = Vec::new();
    for entry in &listing.plans {
        if year.is_some_and(|y| y != entry.id.year()) {
            continue;
        }
        match &entry.summary {
            Ok(plan) => {
                let (done, total) = plan.progress();
                rows.push(Row {
                    id: entry.id.to_string(),
                    year: plan.year,
                    kind: plan.kind.as_str(),
                    title: &plan.title,
                    state: plan.state.as_str(),
                    tasks_done: done,
                    tasks_total: total,
                    org: plan.org.as_deref(),
                    date: plan.date.map(|d| d.to_string()),
                    uncommitted: entry.state != FileState::Clean,
                    conflicts: plan.conflicts,
                });
            }
            Err(e) => {
                broken += 1;
                errln!("plandesk: {e}");
            }
        }
    }
    if json {
        outln!("{}", serde_json::to_string_pretty(&rows)?)?;
    } else if rows.is_empty() && broken == 0 {
        outln!("No plans yet. Import one with `plandesk import FILE`.")?;
    } else {
        // One write for thousands of lines, not one per line.
        let mut out = String::new();
        let width = rows.iter().map(|r| r.id.len()).max().unwrap_or(0);
        let mut last_year = None;
        for r in &rows {
            if last_year != Some(r.year) {
                if last_year.is_some() {
                    out.push('\n');
                }
                let (done, total) = rows
                    .iter()
                    .filter(|x| x.year == r.year)
                    .fold((0, 0), |(d, t), x| (d + x.tasks_done, t + x.tasks_total));
                let _ = writeln!(out, "{}  {done}/{total} tasks done", r.year);
                last_year = Some(r.year);
            }
            let mark = if r.uncommitted { "*" } else { " " };
            let conflicts = match r.conflicts {
                0 => String::new(),
                1 => "  ! 1 conflict".to_string(),
                n => format!("  ! {n} conflicts"),
            };
            let _ = writeln!(
                out,
                "{mark} {:<width$}  {:<7}  {:<9}  {:>3}/{:<3}  {}{conflicts}",
                r.id,
                r.kind,
                r.state,
                r.tasks_done,
                r.tasks_total,
                visible_line(r.title),
            );
        }
        if rows.iter().any(|r| r.uncommitted) {
            out.push_str("\n* changed outside plandesk and not committed\n");
        }
        if rows.iter().any(|r| r.conflicts > 0) {
            out.push_str("! conflicts from a sync to resolve: `plandesk conflicts`\n");
        }
        out!("{out}")?;
    }
    if broken > 0 {
        errln!(
            "plandesk: {broken} file{} could not be read (see above); the other plans are listed.",
            if broken == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
