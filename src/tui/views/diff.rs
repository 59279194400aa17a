//! Two versions of a plan: item by item (sections added, removed, moved,
//! renumbered, edited with the changed characters marked; targets; tasks;
//! the approval), or the raw TOML diff. The same reading as `plandesk diff`,
//! with styles instead of escape codes: removed text red and crossed out,
//! added text green and underlined, segment by segment.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::model::diff::{
    HeaderField, InlineDiff, LineKind, PlanDiff, SectionAt, SectionChange, SegmentKind,
    TargetChange, TaskChange,
};
use crate::model::numbering::chinese_numeral;
use crate::model::{Approval, ApprovalState};

use super::super::app::App;
use super::super::history::DiffState;
use super::super::labels::{L, Labels};
use super::{shown, shown_line, wrap_lines};

/// Unchanged text kept on each side of a change in a body line.
const AROUND: usize = 12;

pub fn removed() -> Style {
    Style::default()
        .fg(Color::Red)
        .add_modifier(Modifier::CROSSED_OUT)
}

pub fn added() -> Style {
    Style::default()
        .fg(Color::Green)
        .add_modifier(Modifier::UNDERLINED)
}

fn heading() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

pub fn draw(app: &App, d: &DiffState, f: &mut Frame, area: Rect) {
    let title = app.labels.fmt(
        L::DiffTitle,
        &[
            &d.cmp.plan,
            &shown_line(&d.from_label),
            &shown_line(&d.to_label),
        ],
    );
    let mode = app.t(if d.raw { L::DiffRaw } else { L::DiffSemantic });
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::Cyan))
        .title(format!(" {title} "))
        .title_bottom(format!(" {mode} "));
    let lines = lines(&app.labels, d);
    f.render_widget(
        Paragraph::new(wrap_lines(&lines, area.width.saturating_sub(2)))
            .block(block)
            .scroll((u16::try_from(d.scroll).unwrap_or(u16::MAX), 0)),
        area,
    );
}

/// Every line of the diff as shown (before wrapping).
pub fn lines(labels: &Labels, d: &DiffState) -> Vec<Line<'static>> {
    if d.raw {
        return raw(d);
    }
    match &d.cmp.semantic {
        Ok(diff) if diff.is_empty() => vec![Line::from(labels.get(L::DiffNone))],
        Ok(diff) => semantic(labels, diff),
        Err(e) => {
            let mut out: Vec<Line<'static>> = labels
                .fmt(L::DiffUnreadable, &[&e])
                .lines()
                .map(|l| {
                    Line::from(Span::styled(
                        shown_line(l).into_owned(),
                        Style::default().fg(Color::Yellow),
                    ))
                })
                .collect();
            out.extend(raw(d));
            out
        }
    }
}

fn raw(d: &DiffState) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for hunk in &d.cmp.raw {
        out.push(Line::from(Span::styled(
            hunk.header(),
            Style::default().fg(Color::Cyan),
        )));
        for l in &hunk.lines {
            let text = shown_line(&l.text);
            out.push(match l.kind {
                LineKind::Context => Line::from(format!(" {text}")),
                LineKind::Removed => Line::from(Span::styled(
                    format!("-{text}"),
                    Style::default().fg(Color::Red),
                )),
                LineKind::Added => Line::from(Span::styled(
                    format!("+{text}"),
                    Style::default().fg(Color::Green),
                )),
            });
        }
    }
    out
}

fn semantic(labels: &Labels, diff: &PlanDiff) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    let title = |out: &mut Vec<Line<'static>>, l: L| {
        out.push(Line::from(Span::styled(
            labels.get(l).to_string(),
            heading(),
        )));
    };
    if !diff.header.is_empty() {
        title(&mut out, L::DiffHeader);
        for f in &diff.header {
            if f.field == HeaderField::Intro {
                out.push(Line::from(format!(
                    "  {}:",
                    labels.get(field_label(f.field))
                )));
                body_lines(&mut out, &f.inline);
            } else {
                let mut spans = vec![Span::raw(format!(
                    "  {}: ",
                    labels.get(field_label(f.field))
                ))];
                spans.extend(inline(&f.inline));
                out.push(Line::from(spans));
            }
        }
    }
    if !diff.sections.is_empty() {
        title(&mut out, L::DiffSections);
        for s in &diff.sections {
            section(labels, &mut out, s);
        }
    }
    if !diff.targets.is_empty() {
        title(&mut out, L::DiffTargets);
        for t in &diff.targets {
            target(labels, &mut out, t);
        }
    }
    if !diff.tasks.is_empty() {
        title(&mut out, L::DiffTasks);
        for t in &diff.tasks {
            task(labels, &mut out, t);
        }
    }
    if let Some(a) = &diff.approval {
        title(&mut out, L::DiffApproval);
        let mut line = format!(
            "  {} → {}",
            labels.get(state_label(a.old_state())),
            labels.get(state_label(a.new_state()))
        );
        line.push_str(&approval_detail(labels, a.new.as_ref()));
        out.push(Line::from(line));
    }
    out
}

fn field_label(f: HeaderField) -> L {
    match f {
        HeaderField::Title => L::FieldTitle,
        HeaderField::Year => L::FieldYear,
        HeaderField::Kind => L::FieldKind,
        HeaderField::Org => L::FieldOrg,
        HeaderField::Date => L::FieldDate,
        HeaderField::Numbering => L::FieldNumbering,
        HeaderField::Intro => L::FieldIntro,
        HeaderField::Schedule => L::FieldSchedule,
    }
}

fn state_label(s: ApprovalState) -> L {
    match s {
        ApprovalState::Draft => L::StateDraft,
        ApprovalState::Submitted => L::StateSubmitted,
        ApprovalState::Approved => L::StateApproved,
        ApprovalState::Returned => L::StateReturned,
    }
}

fn approval_detail(labels: &Labels, a: Option<&Approval>) -> String {
    let Some(a) = a else {
        return String::new();
    };
    let mut s = String::new();
    if let Some(by) = &a.by {
        s.push_str(&labels.fmt(L::DiffBy, &[&shown_line(by)]));
    }
    if let Some(at) = a.at {
        s.push_str(&format!(" {}", at.format("%Y-%m-%d %H:%M")));
    }
    if let Some(note) = &a.note {
        s.push_str(&format!(": {}", shown_line(note)));
    }
    s
}

fn named(at: &SectionAt) -> String {
    format!("{}{}", at.number, shown_line(&at.heading))
}

fn section(labels: &Labels, out: &mut Vec<Line<'static>>, s: &SectionChange) {
    match (&s.old, &s.new) {
        (None, Some(new)) => {
            out.push(Line::from(vec![
                Span::raw("  + "),
                Span::styled(named(new), added()),
            ]));
            body_lines(out, &InlineDiff::new("", &new.body));
        }
        (Some(old), None) => {
            out.push(Line::from(vec![
                Span::raw("  - "),
                Span::styled(named(old), removed()),
            ]));
        }
        (Some(old), Some(new)) => {
            let mut facts = Vec::new();
            if s.moved {
                let was = if old.depth == new.depth {
                    old.number.clone()
                } else {
                    format!("{} ({})", old.number, old.depth)
                };
                facts.push(labels.fmt(L::DiffMoved, &[&was]));
            } else if s.renumbered {
                facts.push(labels.fmt(L::DiffRenumbered, &[&old.number]));
            }
            if s.is_edited() {
                facts.push(labels.get(L::DiffEdited).to_string());
            }
            let sign = if s.moved {
                '>'
            } else if s.is_edited() {
                '~'
            } else {
                '#'
            };
            out.push(Line::from(vec![
                Span::raw(format!("  {sign} {}", named(new))),
                Span::styled(format!("  ({})", facts.join("; ")), dim()),
            ]));
            if let Some(h) = &s.heading {
                let mut spans = vec![Span::raw(format!("      {}", labels.get(L::DiffHeading)))];
                spans.extend(inline(h));
                out.push(Line::from(spans));
            }
            if let Some(b) = &s.body {
                out.push(Line::from(format!("      {}", labels.get(L::DiffBody))));
                body_lines(out, b);
            }
        }
        (None, None) => {}
    }
}

/// The changed lines of a text, long unchanged stretches cut short.
fn body_lines(out: &mut Vec<Line<'static>>, body: &InlineDiff) {
    for line in body.lines().iter().filter(|l| l.is_change()) {
        let mut spans = vec![Span::raw("        ")];
        spans.extend(inline_elided(line));
        out.push(Line::from(spans));
    }
}

pub fn segment(kind: SegmentKind, text: String) -> Span<'static> {
    match kind {
        SegmentKind::Same => Span::raw(text),
        SegmentKind::Removed => Span::styled(text, removed()),
        SegmentKind::Added => Span::styled(text, added()),
    }
}

fn inline(d: &InlineDiff) -> Vec<Span<'static>> {
    d.segments
        .iter()
        .map(|(kind, text)| segment(*kind, shown(text).replace('\n', "⏎")))
        .collect()
}

fn inline_elided(d: &InlineDiff) -> Vec<Span<'static>> {
    d.elided(AROUND)
        .into_iter()
        .map(|(kind, text)| segment(kind, shown_line(&text).into_owned()))
        .collect()
}

fn target(labels: &Labels, out: &mut Vec<Line<'static>>, t: &TargetChange) {
    let show = |t: &crate::model::Target| {
        let mut s = format!("{}: {}", shown_line(&t.name), shown_line(&t.target));
        if let Some(a) = &t.actual {
            s.push_str(&format!(
                " ({}{})",
                labels.get(L::DiffTargetActual),
                shown_line(a)
            ));
        }
        s
    };
    match (&t.old, &t.new) {
        (None, Some(new)) => out.push(Line::from(vec![
            Span::raw("  + "),
            Span::styled(show(new), added()),
        ])),
        (Some(old), None) => out.push(Line::from(vec![
            Span::raw("  - "),
            Span::styled(show(old), removed()),
        ])),
        (Some(_), Some(new)) => {
            let mut spans = vec![Span::raw("  ~ ")];
            match &t.name {
                Some(d) => spans.extend(inline(d)),
                None => spans.push(Span::raw(shown_line(&new.name).into_owned())),
            }
            spans.push(Span::raw(": "));
            if let Some(d) = &t.target {
                spans.push(Span::raw(labels.get(L::DiffTargetFigure)));
                spans.extend(inline(d));
                spans.push(Span::raw(" "));
            }
            if let Some(d) = &t.actual {
                spans.push(Span::raw(labels.get(L::DiffTargetActual)));
                spans.extend(inline(d));
            }
            out.push(Line::from(spans));
        }
        (None, None) => {}
    }
}

fn month(m: u8) -> String {
    format!("{}月", chinese_numeral(u32::from(m)))
}

fn task(labels: &Labels, out: &mut Vec<Line<'static>>, t: &TaskChange) {
    let text = |task: &crate::model::Task| shown_line(&task.text).into_owned();
    let Some(new) = &t.new else {
        if let Some(old) = &t.old {
            out.push(Line::from(vec![
                Span::raw(format!("  - {} ", month(old.month))),
                Span::styled(text(old), removed()),
            ]));
        }
        return;
    };
    if t.old.is_none() {
        out.push(Line::from(vec![
            Span::raw(format!("  + {} ", month(new.month))),
            Span::styled(text(new), added()),
        ]));
        return;
    }
    let mut facts = Vec::new();
    if let Some((from, to)) = t.month {
        facts.push(labels.fmt(L::DiffMonthMoved, &[&month(from), &month(to)]));
    }
    if t.ticked() {
        let on = new.done_on.map(|d| format!(" {d}")).unwrap_or_default();
        facts.push(format!("{}{on}", labels.get(L::DiffTicked)));
    } else if t.unticked() {
        facts.push(labels.get(L::DiffUnticked).to_string());
    } else if t.dropped() {
        facts.push(labels.get(L::DiffDropped).to_string());
    } else if let Some((from, to)) = t.status {
        facts.push(labels.fmt(L::DiffStatus, &[&from.as_str(), &to.as_str()]));
    }
    if t.text.is_some() {
        facts.push(labels.get(L::DiffTextEdited).to_string());
    }
    let sign = if t.ticked() {
        'x'
    } else if t.month.is_some() {
        '>'
    } else {
        '~'
    };
    let mut spans = vec![Span::raw(format!("  {sign} {} ", month(new.month)))];
    match &t.text {
        Some(d) => spans.extend(inline(d)),
        None => spans.push(Span::raw(text(new))),
    }
    if let Some(d) = &t.owner {
        spans.push(Span::raw("  · "));
        spans.extend(inline(d));
    }
    if let Some(d) = &t.period {
        spans.push(Span::raw("  · "));
        spans.extend(inline(d));
    }
    spans.push(Span::styled(format!("  ({})", facts.join("; ")), dim()));
    out.push(Line::from(spans));
}
