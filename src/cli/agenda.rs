use std::process::ExitCode;

use anyhow::{Result, bail};
use chrono::Datelike;
use plandesk::model::schedule::{AgendaItem, agenda, month_name};
use plandesk::model::text::visible_line;
use plandesk::model::{PlanId, PlanSummary, Status};
use plandesk::store::Workspace;

pub fn run(ws: &Workspace, year: Option<i32>, month: Option<u8>, json: bool) -> Result<ExitCode> {
    let today = super::today()?;
    let year = year.unwrap_or(today.year());
    let month = month.unwrap_or(u8::try_from(today.month()).unwrap_or(1));
    if !(1..=12).contains(&month) {
        bail!("--month {month} is not a month; give 1 to 12");
    }
    let listing = ws.summaries_with_tasks(Some(year))?;
    let mut broken = 0;
    let mut plans: Vec<(PlanId, PlanSummary)> = Vec::new();
    for e in listing.plans {
        match e.summary {
            Ok(p) => plans.push((e.id, p)),
            Err(err) => {
                broken += 1;
                errln!("plandesk: {err}");
            }
        }
    }
    let ag = agenda(plans.iter().map(|(i, p)| (i, p)), year, month, today);
    if json {
        outln!("{}", serde_json::to_string_pretty(&ag)?)?;
    } else {
        outln!("{year}年{} (today {today})", month_name(month))?;
        if !ag.overdue.is_empty() {
            outln!("\nOverdue")?;
            for item in &ag.overdue {
                line(item, true)?;
            }
        }
        outln!("\nThis month")?;
        if ag.tasks.is_empty() {
            outln!("  no tasks")?;
        }
        for item in &ag.tasks {
            line(item, false)?;
        }
    }
    Ok(if broken > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn line(item: &AgendaItem, with_month: bool) -> Result<(), super::out::WriteFailed> {
    let mark = match (item.status, item.overdue) {
        (Status::Done, _) => "[x]",
        (Status::Dropped, _) => "[-]",
        (Status::Todo, true) => "[!]",
        (Status::Todo, false) => "[ ]",
    };
    let month = if with_month {
        format!("{}  ", month_name(item.month))
    } else {
        String::new()
    };
    let mut extra = String::new();
    if let Some(d) = item.done_on {
        extra.push_str(&format!("  ({d})"));
    }
    if let Some(o) = &item.owner {
        extra.push_str(&format!("  @{}", visible_line(o)));
    }
    outln!(
        "  {mark} {month}{}  {}  [{}]{extra}",
        visible_line(&item.text),
        item.plan,
        item.task_id
    )
}
