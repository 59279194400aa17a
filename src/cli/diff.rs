use std::fmt::Write as _;
use std::process::ExitCode;

use anyhow::Result;
use plandesk::model::Approval;
use plandesk::model::diff::{
    HeaderField, InlineDiff, LineKind, PlanDiff, SectionAt, SectionChange, SegmentKind,
    TargetChange, TaskChange,
};
use plandesk::model::numbering::chinese_numeral;
use plandesk::model::text::{visible, visible_line};
use plandesk::store::{Comparison, Version, Workspace};

/// How changed characters are made visible: colour on a terminal, else
/// `[-removed-]{+added+}` as `git diff --word-diff=plain` writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    Color,
    Plain,
}

impl Marks {
    /// Colour only on a terminal, and not with NO_COLOR set.
    pub fn for_stdout() -> Marks {
        if super::out::stdout_is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            Marks::Color
        } else {
            Marks::Plain
        }
    }

    fn removed(self, s: &str) -> String {
        match self {
            Marks::Color => format!("\x1b[31;9m{s}\x1b[0m"),
            Marks::Plain => format!("[-{s}-]"),
        }
    }

    fn added(self, s: &str) -> String {
        match self {
            Marks::Color => format!("\x1b[32m{s}\x1b[0m"),
            Marks::Plain => format!("{{+{s}+}}"),
        }
    }
}

pub fn run(
    ws: &Workspace,
    plan: &str,
    from: Option<&str>,
    to: Option<&str>,
    raw: bool,
) -> Result<ExitCode> {
    let id = super::log::plan_in_history(ws, plan)?;
    let rev = |spec: &str| -> Result<Version> {
        Ok(Version::Revision(ws.resolve_revision(Some(&id), spec)?))
    };
    let (from, to) = match (from, to) {
        (None, _) => {
            if ws.changed_plans()?.iter().any(|(p, _)| *p == id) {
                errln!(
                    "plandesk: {} has changes that are not committed; see them with `plandesk diff {id} HEAD`.",
                    id.rel_path()
                );
            }
            ws.last_change(&id)?
        }
        (Some(f), None) => (rev(f)?, Version::WorkingTree),
        (Some(f), Some(t)) => (rev(f)?, rev(t)?),
    };
    let cmp = ws.compare(&id, from, to)?;
    let marks = Marks::for_stdout();
    // The user's text in a diff is made visible piece by piece, before the
    // colour marks go around it; the marks themselves must reach the terminal.
    let print = |text: &str| match marks {
        Marks::Color => super::out::print_styled(text),
        Marks::Plain => super::out::print(text),
    };
    outln!("{}", title(ws, &cmp)?)?;
    if raw {
        print(&render_raw(&cmp, marks))?;
        return Ok(ExitCode::SUCCESS);
    }
    match &cmp.semantic {
        Ok(diff) if diff.is_empty() => outln!("No changes.")?,
        Ok(diff) => print(&render(diff, marks))?,
        Err(e) => {
            errln!("plandesk: {e}\nShowing the raw diff instead.");
            print(&render_raw(&cmp, marks))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `2022/x: 1a2b3c4 (Edit …) → 5d6e7f8 (Tick …)`
fn title(ws: &Workspace, cmp: &Comparison) -> Result<String> {
    let side = |v: Version| -> Result<String> {
        Ok(match v {
            Version::Revision(r) => {
                let rev = ws.revisions(&[r])?;
                match rev.first() {
                    Some(r) => format!("{} ({})", r.short, visible_line(&r.summary)),
                    None => r.short(),
                }
            }
            other => other.label(),
        })
    };
    Ok(format!(
        "{}: {} → {}",
        cmp.plan,
        side(cmp.from)?,
        side(cmp.to)?
    ))
}

fn render_raw(cmp: &Comparison, marks: Marks) -> String {
    let mut out = String::new();
    for hunk in &cmp.raw {
        let _ = writeln!(out, "{}", hunk.header());
        for line in &hunk.lines {
            let text = visible_line(&line.text);
            let _ = match line.kind {
                LineKind::Context => writeln!(out, " {text}"),
                LineKind::Removed => writeln!(out, "{}", colored(marks, "31", &format!("-{text}"))),
                LineKind::Added => writeln!(out, "{}", colored(marks, "32", &format!("+{text}"))),
            };
        }
    }
    out
}

fn colored(marks: Marks, code: &str, s: &str) -> String {
    match marks {
        Marks::Color => format!("\x1b[{code}m{s}\x1b[0m"),
        Marks::Plain => s.to_string(),
    }
}

/// The semantic diff as a person reads it, one block per kind of item.
pub fn render(diff: &PlanDiff, marks: Marks) -> String {
    let mut out = String::new();
    if !diff.header.is_empty() {
        out.push_str("Header\n");
        for f in &diff.header {
            if f.field == HeaderField::Intro {
                let _ = writeln!(out, "  intro:");
                body_lines(&mut out, &f.inline, marks);
            } else {
                let _ = writeln!(out, "  {}: {}", f.field.as_str(), inline(&f.inline, marks));
            }
        }
    }
    if !diff.sections.is_empty() {
        out.push_str("Sections\n");
        for s in &diff.sections {
            section(&mut out, s, marks);
        }
    }
    if !diff.targets.is_empty() {
        out.push_str("Targets\n");
        for t in &diff.targets {
            target(&mut out, t, marks);
        }
    }
    if !diff.tasks.is_empty() {
        out.push_str("Tasks\n");
        for t in &diff.tasks {
            task(&mut out, t, marks);
        }
    }
    if let Some(a) = &diff.approval {
        out.push_str("Approval\n");
        let _ = writeln!(
            out,
            "  {} → {}{}",
            a.old_state().as_str(),
            a.new_state().as_str(),
            approval_detail(a.new.as_ref())
        );
    }
    out
}

fn section(out: &mut String, s: &SectionChange, marks: Marks) {
    let named = |at: &SectionAt| format!("{}{}", at.number, visible_line(&at.heading));
    match (&s.old, &s.new) {
        (None, Some(new)) => {
            let _ = writeln!(out, "  + {}", marks.added(&named(new)));
            body_lines(out, &InlineDiff::new("", &new.body), marks);
        }
        (Some(old), None) => {
            let _ = writeln!(out, "  - {}", marks.removed(&named(old)));
        }
        (Some(old), Some(new)) => {
            let mut facts = Vec::new();
            if s.moved {
                facts.push(format!("moved, was {}", where_(old, new)));
            } else if s.renumbered {
                facts.push(format!("renumbered, was {}", old.number));
            }
            if s.is_edited() {
                facts.push("edited".to_string());
            }
            let sign = if s.moved {
                '>'
            } else if s.is_edited() {
                '~'
            } else {
                '#'
            };
            let _ = writeln!(out, "  {sign} {}  ({})", named(new), facts.join("; "));
            if let Some(h) = &s.heading {
                let _ = writeln!(out, "      heading: {}", inline(h, marks));
            }
            if let Some(b) = &s.body {
                let _ = writeln!(out, "      body:");
                body_lines(out, b, marks);
            }
        }
        (None, None) => {}
    }
}

/// The number a moved section had, and its level when that changed too.
fn where_(old: &SectionAt, new: &SectionAt) -> String {
    if old.depth == new.depth {
        old.number.clone()
    } else {
        format!("{} at level {}", old.number, old.depth)
    }
}

/// The changed lines of a body, long unchanged stretches cut short.
fn body_lines(out: &mut String, body: &InlineDiff, marks: Marks) {
    for line in body.lines().iter().filter(|l| l.is_change()) {
        let _ = writeln!(out, "        {}", inline_elided(line, marks));
    }
}

fn inline(d: &InlineDiff, marks: Marks) -> String {
    marked(&d.segments, marks)
}

/// Segments as text, changes made visible by `marks`.
fn marked(segments: &[(SegmentKind, String)], marks: Marks) -> String {
    segments
        .iter()
        .map(|(kind, text)| {
            let text = visible(text, false);
            match kind {
                SegmentKind::Same => text.into_owned(),
                SegmentKind::Removed => marks.removed(&text),
                SegmentKind::Added => marks.added(&text),
            }
        })
        .collect()
}

/// Unchanged text kept to this many characters on each side of a change.
const AROUND: usize = 12;

fn inline_elided(d: &InlineDiff, marks: Marks) -> String {
    marked(&d.elided(AROUND), marks)
}

fn target(out: &mut String, t: &TargetChange, marks: Marks) {
    let show = |t: &plandesk::model::Target| {
        let mut s = format!("{}: {}", visible_line(&t.name), visible_line(&t.target));
        if let Some(a) = &t.actual {
            s.push_str(&format!(" (actual {})", visible_line(a)));
        }
        s
    };
    match (&t.old, &t.new) {
        (None, Some(new)) => {
            let _ = writeln!(out, "  + {}", marks.added(&show(new)));
        }
        (Some(old), None) => {
            let _ = writeln!(out, "  - {}", marks.removed(&show(old)));
        }
        (Some(_), Some(new)) => {
            let name = t.name.as_ref().map_or_else(
                || visible_line(&new.name).into_owned(),
                |d| inline(d, marks),
            );
            let mut parts = Vec::new();
            if let Some(d) = &t.target {
                parts.push(format!("target {}", inline(d, marks)));
            }
            if let Some(d) = &t.actual {
                parts.push(format!("actual {}", inline(d, marks)));
            }
            let _ = writeln!(out, "  ~ {name}: {}", parts.join(", "));
        }
        (None, None) => {}
    }
}

fn month(m: u8) -> String {
    format!("{}月", chinese_numeral(u32::from(m)))
}

fn task(out: &mut String, t: &TaskChange, marks: Marks) {
    let text = |task: &plandesk::model::Task| visible_line(&task.text).into_owned();
    let Some(new) = &t.new else {
        if let Some(old) = &t.old {
            let _ = writeln!(
                out,
                "  - {} {}",
                month(old.month),
                marks.removed(&text(old))
            );
        }
        return;
    };
    if t.old.is_none() {
        let _ = writeln!(out, "  + {} {}", month(new.month), marks.added(&text(new)));
        return;
    }
    let mut facts = Vec::new();
    if let Some((from, to)) = t.month {
        facts.push(format!("moved from {} to {}", month(from), month(to)));
    }
    if t.ticked() {
        let on = new.done_on.map(|d| format!(" on {d}")).unwrap_or_default();
        facts.push(format!("ticked{on}"));
    } else if t.unticked() {
        facts.push("unticked".into());
    } else if t.dropped() {
        facts.push("dropped".into());
    } else if let Some((from, to)) = t.status {
        facts.push(format!("{} → {}", from.as_str(), to.as_str()));
    } else if let Some((_, on)) = t.done_on {
        let on = on.map_or_else(|| "-".into(), |d| d.to_string());
        facts.push(format!("done on {on}"));
    }
    if t.text.is_some() {
        facts.push("text edited".into());
    }
    if let Some(d) = &t.owner {
        facts.push(format!("owner {}", inline(d, marks)));
    }
    if let Some(d) = &t.period {
        facts.push(format!("period {}", inline(d, marks)));
    }
    let shown = t
        .text
        .as_ref()
        .map_or_else(|| text(new), |d| inline(d, marks));
    let sign = if t.ticked() {
        'x'
    } else if t.month.is_some() {
        '>'
    } else {
        '~'
    };
    let _ = writeln!(
        out,
        "  {sign} {} {shown}  ({})",
        month(new.month),
        facts.join("; ")
    );
}

fn approval_detail(a: Option<&Approval>) -> String {
    let Some(a) = a else {
        return String::new();
    };
    let mut s = String::new();
    if let Some(by) = &a.by {
        let _ = write!(s, " by {}", visible_line(by));
    }
    if let Some(at) = a.at {
        let _ = write!(s, " on {}", at.format("%Y-%m-%d %H:%M"));
    }
    if let Some(note) = &a.note {
        let _ = write!(s, ": {}", visible_line(note));
    }
    s
}
