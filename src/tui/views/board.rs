//! The month board: the year's progress, then the twelve months, each with
//! its progress and its tasks (a month without tasks takes one line). The
//! current month is highlighted, overdue tasks are marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::schedule::{Board, is_overdue, progress_bar};
use crate::model::{Status, Task};

use super::super::Action;
use super::super::app::App;
use super::super::board::BoardState;
use super::super::labels::L;
use super::super::width;
use super::{pane, scroll_for, selected_style, shown_line};

const COUNT_W: usize = 7;
const BAR_W: usize = 12;

pub fn draw(app: &App, b: &BoardState, f: &mut Frame, area: Rect) {
    let plan = &b.plan.working;
    let mut title = format!(
        " {} · {} ",
        width::truncate(
            &shown_line(&plan.title),
            usize::from(area.width.saturating_sub(24))
        ),
        app.t(L::BoardTitle)
    );
    if b.plan.dirty() {
        title.push_str(&format!("[{}] ", app.t(L::BoardUnsaved)));
    }
    if !plan.conflicts.is_empty() {
        let key = app.key_hint(&Action::OpenConflicts).unwrap_or_default();
        title.push_str(&format!(
            "[{}] ",
            app.labels
                .fmt(L::ConflictsWarning, &[&plan.conflicts.len(), &key])
        ));
    }
    let block = pane(title, true);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let cols = usize::from(inner.width);
    let board = Board::new(plan, app.today);

    let mut rows: Vec<Line> = vec![year_line(app, &board, cols), Line::from("")];
    let mut cursor_row = 0;
    let mut pos = 0;
    for m in &board.months {
        let mut head = month_line(app, m, cols);
        if b.empty_month == Some(m.month) {
            cursor_row = rows.len();
            head = head.style(selected_style(true));
        }
        rows.push(head);
        for &i in &m.tasks {
            let on = b.empty_month.is_none() && pos == b.cursor;
            if on {
                cursor_row = rows.len();
            }
            let t = &plan.tasks[i];
            let overdue = is_overdue(t, plan.year, app.today);
            let conflicted = crate::model::resolve::count_on(plan, &t.id) > 0;
            let mut line = task_line(app, t, overdue, conflicted, cols);
            if on {
                line = line.style(selected_style(true));
            }
            rows.push(line);
            pos += 1;
        }
    }
    if plan.tasks.is_empty() {
        let key = app.key_hint(&Action::TaskAdd).unwrap_or_default();
        rows.insert(2, Line::from(app.labels.fmt(L::BoardNoTasks, &[&key])));
    }
    let height = usize::from(inner.height);
    let offset = scroll_for(cursor_row, height);
    let shown: Vec<Line> = rows.into_iter().skip(offset).take(height).collect();
    f.render_widget(Paragraph::new(shown), inner);
}

/// The month column: 十一月, or September in English.
fn month_w(app: &App) -> usize {
    match app.labels.lang {
        super::super::Lang::Zh => 8,
        super::super::Lang::En => 11,
    }
}

fn percent((done, total): (usize, usize)) -> String {
    (done * 100)
        .checked_div(total)
        .map(|p| format!("{p:>3}%"))
        .unwrap_or_default()
}

fn year_line(app: &App, board: &Board, cols: usize) -> Line<'static> {
    let (done, total) = board.progress;
    let mut spans = vec![
        Span::styled(
            width::fit(app.t(L::BoardYear), month_w(app)),
            Style::default().add_modifier(Modifier::BOLD),
        ),
        Span::raw(width::fit(&format!("{done}/{total}"), COUNT_W)),
        Span::styled(
            progress_bar(board.progress, BAR_W),
            Style::default().fg(Color::Green),
        ),
        Span::raw(format!(" {}", percent(board.progress))),
    ];
    if board.overdue > 0 {
        spans.push(Span::styled(
            format!("  {}", app.labels.fmt(L::BoardOverdue, &[&board.overdue])),
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        ));
    }
    clip(spans, cols)
}

fn month_line(app: &App, m: &crate::model::schedule::BoardMonth, cols: usize) -> Line<'static> {
    let name = app.labels.month(m.month);
    let head = if m.current {
        Style::default()
            .fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::REVERSED)
    } else if m.tasks.is_empty() {
        Style::default().fg(Color::DarkGray)
    } else {
        Style::default().add_modifier(Modifier::BOLD)
    };
    let marker = if m.current { "▶" } else { " " };
    let mut spans = vec![
        Span::styled(
            format!("{marker}{}", width::fit(&name, month_w(app) - 1)),
            head,
        ),
        Span::raw(width::fit(
            &format!("{}/{}", m.progress.0, m.progress.1),
            COUNT_W,
        )),
    ];
    if !m.tasks.is_empty() {
        spans.push(Span::styled(
            progress_bar(m.progress, BAR_W),
            Style::default().fg(Color::Green),
        ));
        spans.push(Span::raw(format!(" {}", percent(m.progress))));
    }
    if m.current {
        spans.push(Span::styled(
            format!("  ◀ {}", app.t(L::AgendaThisMonth)),
            Style::default().fg(Color::Yellow),
        ));
    }
    if m.overdue > 0 {
        spans.push(Span::styled(
            format!("  {}", app.labels.fmt(L::BoardOverdue, &[&m.overdue])),
            Style::default().fg(Color::Red),
        ));
    }
    clip(spans, cols)
}

/// The mark a task's status gets on the board and the agenda.
pub fn status_mark(status: Status, overdue: bool) -> &'static str {
    match (status, overdue) {
        (Status::Done, _) => "[x]",
        (Status::Dropped, _) => "[-]",
        (Status::Todo, true) => "[!]",
        (Status::Todo, false) => "[ ]",
    }
}

pub fn status_style(status: Status, overdue: bool) -> Style {
    match (status, overdue) {
        (Status::Done, _) => Style::default().fg(Color::Green),
        (Status::Dropped, _) => Style::default()
            .fg(Color::DarkGray)
            .add_modifier(Modifier::CROSSED_OUT),
        (Status::Todo, true) => Style::default().fg(Color::Red),
        (Status::Todo, false) => Style::default(),
    }
}

/// "   [x] 开展一次献爱心活动…   @王某 2022-02-18", fitted to `cols`.
fn task_line(app: &App, t: &Task, overdue: bool, conflicted: bool, cols: usize) -> Line<'static> {
    let mark = status_mark(t.status, overdue);
    let mut extra = String::new();
    if let Some(o) = &t.owner {
        extra.push_str(&format!(" @{}", shown_line(o)));
    }
    if let Some(d) = t.done_on {
        extra.push_str(&format!(" {d}"));
    }
    if overdue {
        extra.push_str(&format!(" {}", app.t(L::MarkOverdue)));
    }
    let extra = width::truncate(&extra, cols / 3).into_owned();
    // A task a conflict from a sync is about: `!` before its mark.
    let flag = if conflicted { " ! " } else { "   " };
    let prefix = format!("{mark} ");
    let text_w = cols
        .saturating_sub(width::width(flag) + width::width(&prefix))
        .saturating_sub(width::width(&extra));
    let style = status_style(t.status, overdue);
    Line::from(vec![
        Span::styled(
            flag,
            Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        ),
        Span::styled(prefix, style),
        Span::styled(width::fit(&shown_line(&t.text), text_w), style),
        Span::styled(extra, Style::default().fg(Color::Cyan)),
    ])
}

/// Spans cut to `cols` columns.
fn clip(spans: Vec<Span<'static>>, cols: usize) -> Line<'static> {
    let mut used = 0;
    let mut out = Vec::new();
    for s in spans {
        let w = width::width(&s.content);
        if used + w <= cols {
            used += w;
            out.push(s);
        } else {
            let cut = width::truncate(&s.content, cols - used).into_owned();
            out.push(Span::styled(cut, s.style));
            break;
        }
    }
    Line::from(out)
}
