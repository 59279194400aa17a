use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use chrono::Local;
use plandesk::model::PlanId;
use plandesk::model::text::visible_line;
use plandesk::store::{Revision, Workspace};
use serde::Serialize;

#[derive(Serialize)]
struct Row<'a> {
    id: String,
    short: &'a str,
    author_name: &'a str,
    author_email: &'a str,
    /// RFC 3339, in the author's UTC offset.
    time: String,
    action: Option<&'a str>,
    plan: Option<String>,
    summary: &'a str,
    approved_by: Option<&'a str>,
    parents: Vec<String>,
}

impl<'a> From<&'a Revision> for Row<'a> {
    fn from(r: &'a Revision) -> Row<'a> {
        Row {
            id: r.id.to_string(),
            short: &r.short,
            author_name: &r.author_name,
            author_email: &r.author_email,
            time: r.time.to_rfc3339(),
            action: r.action.map(|a| a.as_str()),
            plan: r.plan.as_ref().map(ToString::to_string),
            summary: &r.summary,
            approved_by: r.approved_by.as_deref(),
            parents: r.parents.iter().map(ToString::to_string).collect(),
        }
    }
}

pub fn run(
    ws: &Workspace,
    plan: Option<&str>,
    json: bool,
    limit: Option<usize>,
) -> Result<ExitCode> {
    let id = plan.map(|name| plan_in_history(ws, name)).transpose()?;
    let revisions = ws.log(id.as_ref(), limit)?;
    let mut text = Vec::new();
    print(&mut text, id.as_ref(), &revisions, json)?;
    super::out::print(&String::from_utf8_lossy(&text))?;
    Ok(ExitCode::SUCCESS)
}

fn print(
    out: &mut impl Write,
    id: Option<&PlanId>,
    revisions: &[Revision],
    json: bool,
) -> std::io::Result<()> {
    if json {
        let rows: Vec<Row> = revisions.iter().map(Row::from).collect();
        let text = serde_json::to_string_pretty(&rows).map_err(std::io::Error::other)?;
        writeln!(out, "{text}")?;
        return Ok(());
    }
    if revisions.is_empty() {
        match id {
            Some(id) => writeln!(out, "No commits touch {id} yet.")?,
            None => writeln!(out, "No commits yet.")?,
        }
    }
    for r in revisions {
        writeln!(out, "{}", line(r))?;
    }
    Ok(())
}

/// In local time: `1a2b3c4  2024-03-26 09:00  approve  王主席  Approve 2024/x: 同意  ✔ 王主席 <wang@example.org>`
fn line(r: &Revision) -> String {
    let mut out = format!(
        "{}  {}  {:<7}  {}  {}",
        r.short,
        r.time.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
        r.action.map_or("-", |a| a.as_str()),
        visible_line(&r.author_name),
        visible_line(&r.summary),
    );
    if let Some(by) = &r.approved_by {
        out.push_str(&format!("  ✔ {}", visible_line(by)));
    }
    out
}

/// The plan a user names, also when its file is gone from the working tree
/// (a deleted plan still has history).
pub fn plan_in_history(ws: &Workspace, name: &str) -> Result<PlanId> {
    match ws.resolve(name) {
        Ok(id) => Ok(id),
        Err(e) => PlanId::parse(name).map_err(|_| e.into()),
    }
}
