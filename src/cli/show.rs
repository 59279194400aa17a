use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use plandesk::model::numbering::chinese_numeral;
use plandesk::model::text::{visible, visible_line};
use plandesk::model::{Plan, Status, write_plan};
use plandesk::store::Workspace;

#[derive(Debug, Clone, Copy)]
pub enum Format {
    Text,
    Toml,
    Json,
    Markdown,
}

pub fn run(ws: &Workspace, name: &str, format: Format) -> Result<ExitCode> {
    let id = ws.resolve(name)?;
    let plan = ws.load(&id)?;
    match format {
        Format::Text => out!("{}", render(&plan))?,
        // Both are escaped forms (TOML and JSON strings), safe for a terminal.
        Format::Toml => out!("{}", write_plan(&plan))?,
        Format::Json => outln!("{}", serde_json::to_string_pretty(&plan)?)?,
        Format::Markdown => out!("{}", visible(&plandesk::export::markdown(&plan), true))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The plan as a person reads it: header, numbered outline, targets, tasks by month.
pub fn render(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", visible_line(&plan.title));
    let mut meta = vec![plan.year.to_string(), plan.kind.as_str().to_string()];
    meta.push(plan.state().as_str().to_string());
    if let Some(d) = plan.date {
        meta.push(d.to_string());
    }
    if let Some(org) = &plan.org {
        meta.push(visible_line(org).into_owned());
    }
    match plan.conflicts.len() {
        0 => {}
        1 => meta.push("! 1 conflict".to_string()),
        n => meta.push(format!("! {n} conflicts")),
    }
    let _ = writeln!(out, "{}", meta.join(" · "));
    if let Some(a) = &plan.approval {
        let mut line = a.state.as_str().to_string();
        if let Some(by) = &a.by {
            let _ = write!(line, " by {}", visible_line(by));
        }
        if let Some(at) = a.at {
            let _ = write!(line, " on {}", at.format("%Y-%m-%d %H:%M"));
        }
        if let Some(note) = &a.note {
            let _ = write!(line, ": {}", visible_line(note));
        }
        let _ = writeln!(out, "{line}");
    }
    if !plan.intro.is_empty() {
        out.push('\n');
        paragraphs(&mut out, &plan.intro, 0);
    }
    let numbers = plan.numbers();
    for (s, n) in plan.sections.iter().zip(&numbers) {
        let indent = "  ".repeat(usize::from(s.depth) - 1);
        let _ = writeln!(
            out,
            "\n{indent}{n}{}{}",
            visible_line(&s.heading),
            conflict_mark(plan, &s.id)
        );
        paragraphs(&mut out, &s.body, usize::from(s.depth) * 2);
    }
    if let Some(d) = plan.date.filter(|_| !plan.sections.is_empty()) {
        let _ = writeln!(out, "\n{}", d.format("%Y年%-m月%-d日"));
    }
    if !plan.targets.is_empty() {
        let _ = writeln!(out, "\nTargets");
        for t in &plan.targets {
            let _ = write!(
                out,
                "  {}  {}",
                visible_line(&t.name),
                visible_line(&t.target)
            );
            if let Some(a) = &t.actual {
                let _ = write!(out, "  (actual: {})", visible_line(a));
            }
            out.push_str(&conflict_mark(plan, &t.id));
            out.push('\n');
        }
    }
    if !plan.tasks.is_empty() {
        let (done, total) = plan.progress();
        let heading = if plan.schedule.is_empty() {
            "Tasks by month".to_string()
        } else {
            visible_line(&plan.schedule).into_owned()
        };
        let _ = writeln!(out, "\n{heading}  {done}/{total}");
        for month in 1..=12u8 {
            let tasks: Vec<_> = plan.tasks.iter().filter(|t| t.month == month).collect();
            if tasks.is_empty() {
                continue;
            }
            let _ = writeln!(out, "  {}月", chinese_numeral(u32::from(month)));
            for t in tasks {
                let mark = match t.status {
                    Status::Todo => "[ ]",
                    Status::Done => "[x]",
                    Status::Dropped => "[-]",
                };
                let _ = write!(out, "    {mark} ");
                if let Some(p) = &t.period {
                    let _ = write!(out, "〔{}〕", visible_line(p));
                }
                let _ = write!(out, "{}", visible_line(&t.text));
                let mut extra = Vec::new();
                if let Some(d) = t.done_on {
                    extra.push(d.to_string());
                }
                if let Some(o) = &t.owner {
                    extra.push(visible_line(o).into_owned());
                }
                if !extra.is_empty() {
                    let _ = write!(out, "  ({})", extra.join(", "));
                }
                out.push_str(&conflict_mark(plan, &t.id));
                out.push('\n');
            }
        }
    }
    if !plan.conflicts.is_empty() {
        let _ = writeln!(
            out,
            "\nConflicts from a sync: {} (resolve each before approving)",
            plan.conflicts.len()
        );
        for c in &plan.conflicts {
            let _ = writeln!(
                out,
                "  [{}] {} · {}",
                visible_line(&c.id),
                visible_line(&item_name(plan, &c.item)),
                c.field
            );
            for (side, text) in [("base", &c.base), ("ours", &c.ours), ("theirs", &c.theirs)] {
                let text = match text {
                    Some(t) => visible_line(t).into_owned(),
                    None if side == "base" => "(new on both sides)".to_string(),
                    None => "(deleted)".to_string(),
                };
                let _ = writeln!(out, "    {side:<7}{text}");
            }
        }
    }
    out
}

/// `  ! conflict k3f9qa` after an item a conflict is about.
fn conflict_mark(plan: &Plan, item: &str) -> String {
    let ids: Vec<String> = plan
        .conflicts
        .iter()
        .filter(|c| !item.is_empty() && c.item == item)
        .map(|c| visible_line(&c.id).into_owned())
        .collect();
    match ids.len() {
        0 => String::new(),
        1 => format!("  ! conflict {}", ids[0]),
        _ => format!("  ! conflicts {}", ids.join(", ")),
    }
}

/// The item a conflict is about, as a reader knows it.
fn item_name(plan: &Plan, item: &str) -> String {
    if item.is_empty() {
        return "the plan".to_string();
    }
    if let Some(s) = plan.sections.iter().find(|s| s.id == item) {
        return format!("section 「{}」", s.heading);
    }
    if let Some(t) = plan.targets.iter().find(|t| t.id == item) {
        return format!("target 「{}」", t.name);
    }
    if let Some(t) = plan.tasks.iter().find(|t| t.id == item) {
        return format!("task 「{}」", t.text);
    }
    item.to_string()
}

fn paragraphs(out: &mut String, text: &str, indent: usize) {
    for p in visible(text, true).lines() {
        let _ = writeln!(out, "{}{p}", " ".repeat(indent + 2));
    }
}
