//! The `--dry-run` report: what the importer recognised, and what it could not place.

use std::fmt::Write as _;

use crate::model::text::visible_line;
use crate::model::{MAX_DEPTH, Plan};

use super::{ImportResult, ImportedPlan, Unplaced};
use crate::model::schedule::month_name;

/// Per plan: title, kind, year, date, the outline with its numbering, the
/// targets, the tasks by month; and every line that was not placed.
pub fn dry_run_report(result: &ImportResult) -> String {
    let mut out = String::new();
    if let Some(title) = &result.collection_title {
        let _ = writeln!(out, "collection: {}", visible_line(title));
    }
    let _ = writeln!(
        out,
        "{} plan{} recognised",
        result.plans.len(),
        if result.plans.len() == 1 { "" } else { "s" }
    );
    for (i, p) in result.plans.iter().enumerate() {
        out.push('\n');
        plan_report(&mut out, i + 1, p);
    }
    if !result.unplaced.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "not placed (outside any document):");
        unplaced(&mut out, &result.unplaced);
    }
    out
}

fn plan_report(out: &mut String, n: usize, imported: &ImportedPlan) {
    let p = &imported.plan;
    let _ = writeln!(
        out,
        "plan {n}: {} (line {})",
        visible_line(&p.title),
        imported.source_title_line
    );
    let _ = writeln!(out, "  kind:      {}", p.kind.as_str());
    let _ = writeln!(
        out,
        "  year:      {} ({})",
        p.year,
        imported.year_from.describe()
    );
    let _ = writeln!(
        out,
        "  date:      {}",
        p.date.map_or_else(|| "-".to_owned(), |d| d.to_string())
    );
    if let Some(org) = &p.org {
        let _ = writeln!(out, "  org:       {}", visible_line(org));
    }
    let _ = writeln!(out, "  slug:      {}", imported.slug);
    let _ = writeln!(out, "  numbering: {}", numbering(p));
    let _ = writeln!(out, "  outline:");
    if !p.intro.is_empty() {
        let _ = writeln!(out, "    intro {}", paragraphs(&p.intro));
    }
    for (s, number) in p.sections.iter().zip(p.numbers()) {
        let indent = "  ".repeat(usize::from(s.depth));
        let _ = write!(out, "  {indent}{number}{}", visible_line(&s.heading));
        if !s.body.is_empty() {
            let _ = write!(out, "  {}", paragraphs(&s.body));
        }
        out.push('\n');
    }
    if !p.targets.is_empty() {
        let _ = writeln!(out, "  targets:");
        for t in &p.targets {
            let _ = writeln!(
                out,
                "    {}: {}",
                visible_line(&t.name),
                visible_line(&t.target)
            );
        }
    }
    if !p.schedule.is_empty() {
        let _ = writeln!(out, "  schedule:  {}", visible_line(&p.schedule));
    }
    if !p.tasks.is_empty() {
        let _ = writeln!(out, "  tasks by month:");
        for month in 1..=12u8 {
            for t in p.tasks.iter().filter(|t| t.month == month) {
                let period = t
                    .period
                    .as_ref()
                    .map(|p| format!("[{}] ", visible_line(p)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    {}  {period}{}",
                    month_name(month),
                    visible_line(&t.text)
                );
            }
        }
    }
    if !imported.unplaced.is_empty() {
        let _ = writeln!(out, "  not placed:");
        unplaced(out, &imported.unplaced);
    }
}

fn numbering(p: &Plan) -> String {
    let deepest = p.sections.iter().map(|s| s.depth).max().unwrap_or(1);
    let styles: Vec<&str> = (1..=deepest.min(MAX_DEPTH))
        .map(|d| p.style_for(d).as_str())
        .collect();
    let default = if p.numbering.is_empty() {
        " (default)"
    } else {
        ""
    };
    format!("{}{default}", styles.join(" "))
}

/// "(2 paragraphs) 在新的形势下，乡镇卫生工作正面临…"
fn paragraphs(text: &str) -> String {
    let count = text.lines().count();
    let first_paragraph = text.lines().next().unwrap_or("");
    let first: String = first_paragraph.chars().take(24).collect();
    let more = if first_paragraph.chars().count() > 24 {
        "…"
    } else {
        ""
    };
    format!(
        "({count} paragraph{}) {}{more}",
        if count == 1 { "" } else { "s" },
        visible_line(&first)
    )
}

fn unplaced(out: &mut String, lines: &[Unplaced]) {
    for u in lines {
        let _ = writeln!(
            out,
            "    line {}: {} — {}",
            u.line,
            visible_line(&u.text),
            u.why
        );
    }
}
