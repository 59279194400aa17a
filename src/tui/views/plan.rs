//! The plan view: the header (title, year, kind, state, date, org), the
//! outline beside the selected section, and the targets table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table};

use crate::model::{ApprovalState, Kind};
use crate::store::FileState;

use super::super::Action;
use super::super::app::{App, Field, Focus, PlanState};
use super::super::labels::L;
use super::super::width;
use super::{pane, scroll_for, selected_style, shown, shown_line, wrap_text};

pub fn draw(app: &App, p: &PlanState, f: &mut Frame, area: Rect) {
    let warnings = warnings(app, p);
    let header_h = 3
        + u16::from(!warnings.is_empty())
        + u16::from(!p.working.intro.is_empty())
        + u16::from(return_note(app, p).is_some());
    let avail = area.height.saturating_sub(header_h);
    let wanted = if p.working.targets.is_empty() {
        3
    } else {
        (p.working.targets.len() as u16 + 3).min(8)
    };
    let targets_h = wanted.min(avail / 3).max(3.min(avail));
    let [header, middle, targets] = Layout::vertical([
        Constraint::Length(header_h),
        Constraint::Min(1),
        Constraint::Length(targets_h),
    ])
    .areas(area);
    draw_header(app, p, &warnings, f, header);
    let [outline, section] =
        Layout::horizontal([Constraint::Percentage(38), Constraint::Percentage(62)]).areas(middle);
    draw_outline(app, p, f, outline);
    draw_section(app, p, f, section);
    draw_targets(app, p, f, targets);
}

fn warnings(app: &App, p: &PlanState) -> Vec<String> {
    let mut out = Vec::new();
    if p.file_state != FileState::Clean {
        out.push(app.t(L::ChangedOutside).to_string());
    }
    if p.approval_at_risk() {
        out.push(app.t(L::ApprovalWillReset).to_string());
    }
    if !p.working.conflicts.is_empty() {
        let key = app.key_hint(&Action::OpenConflicts).unwrap_or_default();
        out.push(
            app.labels
                .fmt(L::ConflictsWarning, &[&p.working.conflicts.len(), &key]),
        );
    }
    out
}

/// `! ` before an item a conflict is about; the other rows get as much
/// room, so that the outline's indents still line up.
pub fn conflict_mark(plan: &crate::model::Plan, item: &str) -> &'static str {
    if crate::model::resolve::count_on(plan, item) > 0 {
        "! "
    } else if plan.conflicts.iter().any(|c| !c.item.is_empty()) {
        "  "
    } else {
        ""
    }
}

/// Why the plan was returned, and by whom, while it stands returned.
fn return_note(app: &App, p: &PlanState) -> Option<String> {
    let a = p.working.approval.as_ref()?;
    if a.state != ApprovalState::Returned {
        return None;
    }
    let note = shown_line(a.note.as_deref()?).into_owned();
    let by =
        a.by.as_deref()
            .map(|b| shown_line(b.split(" <").next().unwrap_or(b)).into_owned())
            .unwrap_or_default();
    Some(app.labels.fmt(L::ReturnedWhy, &[&note, &by]))
}

fn draw_header(app: &App, p: &PlanState, warnings: &[String], f: &mut Frame, area: Rect) {
    let w = &p.working;
    let mark = if p.dirty() { "● " } else { "" };
    let inner_w = usize::from(area.width.saturating_sub(4));
    let title = width::truncate(&shown_line(&w.title), inner_w.saturating_sub(2)).into_owned();
    let kind = match w.kind {
        Kind::Plan => app.t(L::KindPlan),
        Kind::Summary => app.t(L::KindSummary),
    };
    let state = match w.state() {
        ApprovalState::Draft => app.t(L::StateDraft),
        ApprovalState::Submitted => app.t(L::StateSubmitted),
        ApprovalState::Approved => app.t(L::StateApproved),
        ApprovalState::Returned => app.t(L::StateReturned),
    };
    let mut facts = vec![w.year.to_string(), kind.to_string(), state.to_string()];
    if let Some(d) = w.date {
        facts.push(format!("{} {d}", app.t(L::Date)));
    }
    if let Some(org) = &w.org {
        facts.push(format!("{} {}", app.t(L::Org), shown_line(org)));
    }
    let mut lines = vec![Line::from(
        width::truncate(&facts.join(" · "), inner_w).into_owned(),
    )];
    if !w.intro.is_empty() {
        let first = w.intro.lines().next().unwrap_or_default();
        let more = if w.intro.lines().nth(1).is_some() {
            " …"
        } else {
            ""
        };
        lines.push(Line::from(Span::styled(
            width::truncate(
                &format!("{}：{}{more}", app.t(L::Intro), shown_line(first)),
                inner_w,
            )
            .into_owned(),
            Style::default().fg(Color::Gray),
        )));
    }
    if let Some(note) = return_note(app, p) {
        lines.push(Line::from(Span::styled(
            width::truncate(&note, inner_w).into_owned(),
            Style::default().fg(Color::Red),
        )));
    }
    if !warnings.is_empty() {
        lines.push(Line::from(Span::styled(
            width::truncate(&format!("⚠ {}", warnings.join(" · ")), inner_w).into_owned(),
            Style::default().fg(Color::Yellow),
        )));
    }
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        format!(" {mark}{title} "),
        Style::default().add_modifier(Modifier::BOLD),
    ));
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn draw_outline(app: &App, p: &PlanState, f: &mut Frame, area: Rect) {
    let focused = p.focus == Focus::Outline && p.editing.is_none();
    let block = pane(format!(" {} ", app.t(L::Outline)), focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if p.working.sections.is_empty() {
        let key = app.key_hint(&Action::AddSection).unwrap_or_default();
        f.render_widget(
            Paragraph::new(wrap_text(
                &app.labels.fmt(L::NoSections, &[&key]),
                inner.width,
            )),
            inner,
        );
        return;
    }
    let numbers = p.working.numbers();
    let height = usize::from(inner.height);
    let offset = scroll_for(p.section, height);
    let cols = usize::from(inner.width);
    let lines: Vec<Line> = p
        .working
        .sections
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, s)| {
            let indent = "  ".repeat(usize::from(s.depth.saturating_sub(1)));
            let heading = if s.heading.trim().is_empty() {
                app.t(L::EmptyHeading).to_string()
            } else {
                shown_line(&s.heading).into_owned()
            };
            let mark = conflict_mark(&p.working, &s.id);
            let text = format!("{mark}{indent}{}{heading}", numbers[i]);
            let text = width::fit(&text, cols);
            if i == p.section {
                Line::from(Span::styled(text, selected_style(focused)))
            } else {
                Line::from(text)
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_section(app: &App, p: &PlanState, f: &mut Frame, area: Rect) {
    let editing = p.editing.as_ref();
    let title = match editing {
        Some(_) => format!(" {} · {} ", app.t(L::Section), app.t(L::Editing)),
        None => format!(" {} ", app.t(L::Section)),
    };
    let block = pane(title, editing.is_some());
    let inner = block.inner(area);
    f.render_widget(block, area);
    if let Some(e) = editing.filter(|e| e.field == Field::Intro) {
        let [head, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
        f.render_widget(
            Paragraph::new(Span::styled(
                app.t(L::Intro),
                Style::default().add_modifier(Modifier::BOLD),
            )),
            head,
        );
        f.render_widget(e.editor.widget(), body);
        if app.overlays.is_empty()
            && let Some(pos) = e.editor.screen_cursor(body)
        {
            f.set_cursor_position(pos);
        }
        return;
    }
    let Some(s) = p.working.sections.get(p.section) else {
        return;
    };
    let number = p
        .working
        .numbers()
        .get(p.section)
        .cloned()
        .unwrap_or_default();
    let [head, rule, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let number_w = (width::width(&number) as u16).min(head.width);
    let number_area = Rect {
        width: number_w,
        ..head
    };
    let heading_area = Rect {
        x: head.x + number_w,
        width: head.width - number_w,
        ..head
    };
    f.render_widget(Paragraph::new(Span::styled(number, bold)), number_area);
    f.render_widget(
        Paragraph::new(Span::styled(
            "─".repeat(usize::from(rule.width)),
            Style::default().fg(Color::DarkGray),
        )),
        rule,
    );
    let cursor_here = app.overlays.is_empty();
    match editing {
        Some(e) if matches!(e.field, Field::Heading(_)) => {
            f.render_widget(e.editor.widget(), heading_area);
            if cursor_here && let Some(pos) = e.editor.screen_cursor(heading_area) {
                f.set_cursor_position(pos);
            }
        }
        _ => {
            let heading = if s.heading.trim().is_empty() {
                app.t(L::EmptyHeading).to_string()
            } else {
                shown_line(&s.heading).into_owned()
            };
            let heading = width::truncate(&heading, usize::from(heading_area.width)).into_owned();
            f.render_widget(Paragraph::new(Span::styled(heading, bold)), heading_area);
        }
    }
    match editing {
        Some(e) if matches!(e.field, Field::Body(_)) => {
            f.render_widget(e.editor.widget(), body);
            if cursor_here && let Some(pos) = e.editor.screen_cursor(body) {
                f.set_cursor_position(pos);
            }
        }
        _ => {
            let text = shown(&s.body).into_owned();
            let lines = wrap_text(&text, body.width);
            let rows = lines.len();
            let wanted = if p.body_scroll.0 == s.id {
                p.body_scroll.1
            } else {
                0
            };
            let scroll = wanted.min(rows.saturating_sub(1) as u16);
            f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);
        }
    }
}

/// Rows a body takes wrapped to `cols` columns (wide characters count two).
pub fn body_rows(text: &str, cols: u16) -> usize {
    width::wrap(text, usize::from(cols.max(1))).len()
}

/// The body's width in a terminal `screen_cols` wide: the section pane is
/// 62% of it (see `draw`), less its two borders.
pub fn body_cols(screen_cols: u16) -> u16 {
    (u32::from(screen_cols) * 62 / 100).saturating_sub(2) as u16
}

fn draw_targets(app: &App, p: &PlanState, f: &mut Frame, area: Rect) {
    let focused = p.focus == Focus::Targets && p.editing.is_none();
    let block = pane(format!(" {} ", app.t(L::Targets)), focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if p.working.targets.is_empty() {
        // The targets' own key, also while the outline has the focus.
        let key = app
            .key_in(crate::keymap::Context::Targets, &Action::AddTarget)
            .unwrap_or_default();
        f.render_widget(Paragraph::new(app.labels.fmt(L::NoTargets, &[&key])), inner);
        return;
    }
    let name_w = usize::from(inner.width) * 2 / 5;
    let fig_w = usize::from(inner.width) * 3 / 10;
    let rows_h = usize::from(inner.height.saturating_sub(1));
    let offset = scroll_for(p.target, rows_h);
    let rows = p
        .working
        .targets
        .iter()
        .enumerate()
        .skip(offset)
        .map(|(i, t)| {
            let style = if i == p.target {
                selected_style(focused)
            } else {
                Style::default()
            };
            let name = format!(
                "{}{}",
                conflict_mark(&p.working, &t.id),
                shown_line(&t.name)
            );
            Row::new(vec![
                width::truncate(&name, name_w).into_owned(),
                width::truncate(&shown_line(&t.target), fig_w).into_owned(),
                width::truncate(&shown_line(t.actual.as_deref().unwrap_or("")), fig_w).into_owned(),
            ])
            .style(style)
        });
    let header = Row::new(vec![
        app.t(L::TargetName),
        app.t(L::TargetFigure),
        app.t(L::TargetActual),
    ])
    .style(Style::default().add_modifier(Modifier::BOLD));
    let table = Table::new(
        rows,
        [
            Constraint::Percentage(40),
            Constraint::Percentage(30),
            Constraint::Percentage(30),
        ],
    )
    .header(header)
    .column_spacing(1);
    f.render_widget(table, inner);
}
