//! The conflict view: the open plan's conflicts listed on top, the one
//! under the cursor below as base, ours and theirs side by side. Ours and
//! theirs are marked against the base character by character, as the diff
//! view marks changes (removed red and crossed out, added green and
//! underlined). While a text of one's own is written, the editor is below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::keymap::Context;
use crate::model::diff::InlineDiff;
use crate::model::resolve::{Place, place};
use crate::model::{Conflict, Plan};

use super::super::Action;
use super::super::app::App;
use super::super::conflicts::ConflictsState;
use super::super::labels::L;
use super::super::width;
use super::diff::segment;
use super::{pane, scroll_for, selected_style, shown_line, wrap_lines};

pub fn draw(app: &App, c: &ConflictsState, f: &mut Frame, area: Rect) {
    let Some(p) = app.plan() else {
        return;
    };
    let plan = &p.base;
    let n = plan.conflicts.len();
    let title = app.labels.fmt(
        L::ConflictsTitle,
        &[&shown_line(&plan.title), &(c.cursor + 1).min(n), &n],
    );
    let list_h = (n as u16 + 2).min(area.height / 4).max(3);
    let edit_h = if c.editing.is_some() {
        area.height.saturating_sub(list_h) / 3
    } else {
        0
    };
    let [list, sides, edit] = Layout::vertical([
        Constraint::Length(list_h),
        Constraint::Min(3),
        Constraint::Length(edit_h),
    ])
    .areas(area);
    draw_list(app, plan, c, &title, f, list);
    let Some(conflict) = plan.conflicts.get(c.cursor) else {
        return;
    };
    draw_sides(app, conflict, f, sides);
    if let Some(e) = &c.editing {
        let block = pane(format!(" {} ", app.t(L::ConflictEdit)), true);
        let inner = block.inner(edit);
        f.render_widget(block, edit);
        f.render_widget(e.widget(), inner);
        if app.overlays.is_empty()
            && let Some(pos) = e.screen_cursor(inner)
        {
            f.set_cursor_position(pos);
        }
    }
}

/// Where a conflict is and which field, in the UI's language.
pub fn place_label(app: &App, plan: &Plan, c: &Conflict) -> String {
    let place = match place(plan, c) {
        Place::Plan => app.t(L::PlacePlan).to_string(),
        Place::Section(h) => app.labels.fmt(L::PlaceSection, &[&shown_line(&h)]),
        Place::Target(n) => app.labels.fmt(L::PlaceTarget, &[&shown_line(&n)]),
        Place::Task { month, text } => app.labels.fmt(
            L::PlaceTask,
            &[&app.labels.month(month), &shown_line(&text)],
        ),
        Place::Gone => app.t(L::PlaceGone).to_string(),
    };
    format!("{place} · {}", c.field)
}

fn draw_list(app: &App, plan: &Plan, c: &ConflictsState, title: &str, f: &mut Frame, area: Rect) {
    let keys = [
        Action::TakeOurs,
        Action::TakeTheirs,
        Action::EditConflict,
        Action::Back,
    ]
    .map(|a| {
        app.key_in(Context::Conflicts, &a)
            .or_else(|| app.key_in(Context::Global, &a))
            .unwrap_or_default()
    });
    let hint = app
        .labels
        .fmt(L::ConflictHint, &[&keys[0], &keys[1], &keys[2], &keys[3]]);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::Red))
        .title(Span::styled(
            format!(" {title} "),
            Style::default().add_modifier(Modifier::BOLD),
        ))
        .title_bottom(format!(" {hint} "));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let rows = usize::from(inner.height);
    let offset = scroll_for(c.cursor, rows);
    let cols = usize::from(inner.width);
    let lines: Vec<Line> = plan
        .conflicts
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, k)| {
            let text = format!("{}  {}", shown_line(&k.id), place_label(app, plan, k));
            let text = width::fit(&text, cols);
            if i == c.cursor {
                Line::from(Span::styled(text, selected_style(c.editing.is_none())))
            } else {
                Line::from(text)
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_sides(app: &App, c: &Conflict, f: &mut Frame, area: Rect) {
    let columns: [Rect; 3] = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(area);
    let base = c.base.as_deref();
    let sides = [
        (L::ConflictBase, base, false),
        (L::ConflictOurs, c.ours.as_deref(), true),
        (L::ConflictTheirs, c.theirs.as_deref(), true),
    ];
    for ((label, text, marked), col) in sides.into_iter().zip(columns) {
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", app.t(label)));
        let inner = block.inner(col);
        f.render_widget(block, col);
        let lines = match text {
            None if label == L::ConflictBase => vec![dim(app.t(L::ConflictNewBoth))],
            None => vec![dim(app.t(L::ConflictDeleted))],
            Some(t) if marked => marked_lines(base.unwrap_or(""), t),
            Some(t) => t
                .split('\n')
                .map(|l| Line::from(shown_line(l).into_owned()))
                .collect(),
        };
        f.render_widget(Paragraph::new(wrap_lines(&lines, inner.width)), inner);
    }
}

fn dim(text: &str) -> Line<'static> {
    Line::from(Span::styled(
        text.to_string(),
        Style::default().fg(Color::DarkGray),
    ))
}

/// `text` against `base`, line by line, each change marked as the diff view marks it.
fn marked_lines(base: &str, text: &str) -> Vec<Line<'static>> {
    InlineDiff::new(base, text)
        .lines()
        .iter()
        .map(|line| {
            Line::from(
                line.segments
                    .iter()
                    .map(|(kind, t)| segment(*kind, shown_line(t).into_owned()))
                    .collect::<Vec<Span>>(),
            )
        })
        .collect()
}
