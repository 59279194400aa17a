//! `plandesk conflicts [PLAN]` and `plandesk resolve PLAN CONFLICT`.

use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use plandesk::model::resolve::{self, Choice, Place};
use plandesk::model::text::visible_line;
use plandesk::model::{Conflict, Plan, PlanId};
use plandesk::store::Workspace;
use serde::Serialize;

/// Characters of each side shown in the text listing.
const SHORT: usize = 60;

#[derive(Serialize)]
struct Row<'a> {
    plan: String,
    id: &'a str,
    /// The section, target or task id; empty: the plan itself.
    item: &'a str,
    /// Where, as a reader knows it: `section 「…」`, `task 「…」`, `the plan`.
    place: String,
    field: &'a str,
    base: Option<&'a str>,
    ours: Option<&'a str>,
    theirs: Option<&'a str>,
}

pub fn list(ws: &Workspace, plan: Option<&str>, json: bool) -> Result<ExitCode> {
    let mut plans: Vec<(PlanId, Plan)> = Vec::new();
    let mut broken = 0;
    match plan {
        Some(name) => {
            let id = ws.resolve(name)?;
            let plan = ws.load(&id)?;
            plans.push((id, plan));
        }
        None => {
            let listing = ws.summaries()?;
            for entry in &listing.plans {
                match &entry.summary {
                    Ok(s) if s.conflicts > 0 => plans.push((entry.id.clone(), ws.load(&entry.id)?)),
                    Ok(_) => {}
                    Err(e) => {
                        broken += 1;
                        errln!("plandesk: {e}");
                    }
                }
            }
        }
    }
    let rows: Vec<Row> = plans
        .iter()
        .flat_map(|(id, plan)| {
            plan.conflicts.iter().map(move |c| Row {
                plan: id.to_string(),
                id: &c.id,
                item: &c.item,
                place: place_words(plan, c),
                field: c.field.as_str(),
                base: c.base.as_deref(),
                ours: c.ours.as_deref(),
                theirs: c.theirs.as_deref(),
            })
        })
        .collect();
    if json {
        outln!("{}", serde_json::to_string_pretty(&rows)?)?;
    } else if rows.is_empty() {
        match plan {
            Some(_) => outln!("No conflicts in {}.", plans[0].0)?,
            None => outln!("No conflicts.")?,
        }
    } else {
        let mut out = String::new();
        for r in &rows {
            let _ = writeln!(
                out,
                "{}  {}  {} · {}",
                r.plan,
                visible_line(r.id),
                visible_line(&r.place),
                r.field
            );
            for (side, text) in [("base", r.base), ("ours", r.ours), ("theirs", r.theirs)] {
                let _ = writeln!(out, "    {side:<7}{}", short(side, text));
            }
        }
        let _ = writeln!(
            out,
            "\nResolve one with `plandesk resolve PLAN CONFLICT --ours|--theirs|--text TEXT`."
        );
        out!("{out}")?;
    }
    Ok(super::list::unreadable(broken))
}

/// One side on one line: control characters and line ends made visible, cut short.
fn short(side: &str, text: Option<&str>) -> String {
    let Some(text) = text else {
        return if side == "base" {
            "(new on both sides)".to_string()
        } else {
            "(deleted)".to_string()
        };
    };
    let line = visible_line(&text.replace('\n', "⏎")).into_owned();
    let mut chars = line.chars();
    let mut cut: String = chars.by_ref().take(SHORT).collect();
    if chars.next().is_some() {
        cut.push('…');
    }
    cut
}

pub fn place_words(plan: &Plan, c: &Conflict) -> String {
    match resolve::place(plan, c) {
        Place::Plan => "the plan".to_string(),
        Place::Section(h) => format!("section 「{h}」"),
        Place::Target(n) => format!("target 「{n}」"),
        Place::Task { month, text } => format!("task 「{text}」 (month {month})"),
        Place::Gone => format!("item {}", c.item),
    }
}

pub fn resolve(ws: &Workspace, plan: &str, conflict: &str, choice: Choice) -> Result<ExitCode> {
    let id = ws.resolve(plan)?;
    let outcome = ws.resolve_conflict(&id, conflict, &choice)?;
    let commit = outcome.short_commit();
    match &outcome.plan {
        None => outln!(
            "resolved {} of {id} with {}: the plan is deleted (commit {commit})",
            visible_line(conflict),
            choice.as_str()
        )?,
        Some(p) => {
            let left = p.conflicts.len();
            outln!(
                "resolved {} of {id} with {} (commit {commit}); {}",
                visible_line(conflict),
                choice.as_str(),
                match left {
                    0 => "no conflicts left".to_string(),
                    1 => "1 conflict left".to_string(),
                    n => format!("{n} conflicts left"),
                }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
