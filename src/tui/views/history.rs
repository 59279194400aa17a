//! The history: one commit a row, newest first, with its time (local),
//! action, author, summary and approval mark. Rows whose details have not
//! come back from their job yet show their id and `…`.

use chrono::Local;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::store::{Action as Commit, Revision};

use super::super::app::App;
use super::super::history::HistoryState;
use super::super::labels::L;
use super::super::width;
use super::{scroll_for, selected_style, shown_line};

/// Columns of the action and the author.
const ACTION_W: usize = 8;
const AUTHOR_W: usize = 10;

/// The rows of commits a terminal `screen_rows` high shows: the screen less
/// the status line (see `views::draw`) and the list's two borders.
pub fn list_rows(screen_rows: u16) -> usize {
    usize::from(screen_rows.saturating_sub(1 + 2))
}

pub fn draw(app: &App, h: &HistoryState, f: &mut Frame, area: Rect) {
    let title = match &h.plan {
        Some(p) => app.labels.fmt(L::HistoryOf, &[p]),
        None => app.t(L::HistoryAll).to_string(),
    };
    let count = if h.done {
        app.labels.fmt(L::HistoryCount, &[&h.ids.len()])
    } else if h.ids.is_empty() {
        app.t(L::HistoryLoading).to_string()
    } else {
        app.labels.fmt(L::HistoryMore, &[&h.ids.len()])
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::Cyan))
        .title(format!(" {} ", shown_line(&title)))
        .title_bottom(format!(" {count} "));
    let inner = block.inner(area);
    f.render_widget(block, area);

    let height = usize::from(inner.height);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(e) = &h.error {
        lines.push(Line::from(Span::styled(
            shown_line(e).into_owned(),
            Style::default().fg(Color::Red),
        )));
    } else if h.ids.is_empty() && h.done {
        lines.push(Line::from(app.t(L::HistoryEmpty)));
    }
    let rows_h = height.saturating_sub(lines.len());
    let top = scroll_for(h.cursor, rows_h);
    for (i, id) in h.ids.iter().enumerate().skip(top).take(rows_h) {
        let marked = h.marked == Some(*id);
        let mut line = match h.details.get(id) {
            Some(rev) => row(app, rev, marked),
            None => Line::from(vec![
                Span::raw(if marked { "●" } else { " " }),
                Span::styled(id.short(), Style::default().fg(Color::Yellow)),
                Span::styled(
                    format!("  {}", app.t(L::RowLoading)),
                    Style::default().fg(Color::DarkGray),
                ),
            ]),
        };
        if i == h.cursor {
            line = line.patch_style(selected_style(true));
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// `●1a2b3c4  2024-03-26 09:00  批准      王主席      2024/x: 同意  ✔ 王主席 <wang@…>`
fn row(app: &App, r: &Revision, marked: bool) -> Line<'static> {
    let dim = Style::default().fg(Color::DarkGray);
    let mut spans = vec![
        Span::styled(
            if marked { "●" } else { " " }.to_string(),
            Style::default().fg(Color::Magenta),
        ),
        Span::styled(r.short.clone(), Style::default().fg(Color::Yellow)),
        Span::styled(
            format!(
                "  {}  ",
                r.time.with_timezone(&Local).format("%Y-%m-%d %H:%M")
            ),
            dim,
        ),
        Span::styled(
            width::fit(r.action.map_or("-", |a| app.t(action_label(a))), ACTION_W),
            Style::default().fg(Color::Cyan),
        ),
        Span::raw("  "),
        Span::raw(width::fit(&shown_line(&r.author_name), AUTHOR_W)),
        Span::raw("  "),
        Span::raw(shown_line(subject(r)).into_owned()),
    ];
    if let Some(by) = &r.approved_by {
        spans.push(Span::styled(
            format!("  ✔ {}", shown_line(by)),
            Style::default()
                .fg(Color::Green)
                .add_modifier(Modifier::BOLD),
        ));
    }
    Line::from(spans)
}

/// An action as the UI's language names it.
pub fn action_label(a: Commit) -> L {
    match a {
        Commit::New => L::CommitNew,
        Commit::Edit => L::CommitEdit,
        Commit::Delete => L::CommitDelete,
        Commit::Tick => L::CommitTick,
        Commit::Untick => L::CommitUntick,
        Commit::Drop => L::CommitDrop,
        Commit::Import => L::CommitImport,
        Commit::Submit => L::CommitSubmit,
        Commit::Approve => L::CommitApprove,
        Commit::Return => L::CommitReturn,
        Commit::Restore => L::CommitRestore,
        Commit::Merge => L::CommitMerge,
        Commit::Resolve => L::CommitResolve,
    }
}

/// The subject without its English verb when the action column says it:
/// `Tick 2024/x: 二月 …` is shown as `2024/x: 二月 …`.
fn subject(r: &Revision) -> &str {
    r.action
        .and_then(|a| r.summary.strip_prefix(a.verb()))
        .and_then(|rest| rest.strip_prefix(' '))
        .unwrap_or(&r.summary)
}
