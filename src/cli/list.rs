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
    date: Option<chrono::NaiveDate>,
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
                    date: plan.date,
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
            // Pushed piece by piece: the formatting machinery, once per
            // field of thousands of rows, was a tenth of a listing's time.
            out.push_str(if r.uncommitted { "* " } else { "  " });
            pad_right(&mut out, &r.id, width);
            out.push_str("  ");
            pad_right(&mut out, r.kind, 7);
            out.push_str("  ");
            pad_right(&mut out, r.state, 9);
            out.push_str("  ");
            let done = r.tasks_done.to_string();
            out.extend(std::iter::repeat_n(' ', 3usize.saturating_sub(done.len())));
            out.push_str(&done);
            out.push('/');
            pad_right(&mut out, &r.tasks_total.to_string(), 3);
            out.push_str("  ");
            out.push_str(&visible_line(r.title));
            match r.conflicts {
                0 => {}
                1 => out.push_str("  ! 1 conflict"),
                n => {
                    let _ = write!(out, "  ! {n} conflicts");
                }
            }
            out.push('\n');
        }
        if rows.iter().any(|r| r.uncommitted) {
            out.push_str("\n* changed outside plandesk and not committed\n");
        }
        if rows.iter().any(|r| r.conflicts > 0) {
            out.push_str("! conflicts from a sync to resolve: `plandesk conflicts`\n");
        }
        out!("{out}")?;
    }
    Ok(unreadable(broken))
}

/// After a listing: how many files could not be read (told above, one by
/// one), and the exit code that says whether any.
pub(super) fn unreadable(broken: usize) -> ExitCode {
    if broken == 0 {
        return ExitCode::SUCCESS;
    }
    errln!(
        "plandesk: {broken} file{} could not be read (see above); the other plans are listed.",
        if broken == 1 { "" } else { "s" }
    );
    ExitCode::FAILURE
}

/// `text` and spaces after it up to `width` characters, as `{:<width$}`.
fn pad_right(out: &mut String, text: &str, width: usize) {
    out.push_str(text);
    let n = text.chars().count();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(n)));
}
