//! The agenda: the overdue tasks of earlier months, then the month's tasks,
//! across the plans of one year, each with its plan's title.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::model::schedule::AgendaItem;

use super::super::app::App;
use super::super::board::AgendaState;
use super::super::labels::L;
use super::super::width;
use super::board::{status_mark, status_style};
use super::{pane, scroll_for, selected_style, shown_line};

pub fn draw(app: &App, a: &AgendaState, f: &mut Frame, area: Rect) {
    let ag = a.agenda(app.today);
    let title = app.labels.fmt(
        L::AgendaTitle,
        &[&app.labels.month_of_year(a.year, a.month), &app.today],
    );
    let block = pane(format!(" {title} "), true);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let cols = usize::from(inner.width);
    let head = Style::default().add_modifier(Modifier::BOLD);

    let mut rows: Vec<Line> = Vec::new();
    let mut cursor_row = 0;
    let mut pos = 0;
    let mut push_items = |rows: &mut Vec<Line<'static>>, items: &[AgendaItem], month: bool| {
        for item in items {
            if pos == a.cursor {
                cursor_row = rows.len();
            }
            let month = month.then(|| app.labels.month(item.month));
            let mut line = item_line(item, month.as_deref(), cols);
            if pos == a.cursor {
                line = line.style(selected_style(true));
            }
            rows.push(line);
            pos += 1;
        }
    };
    if !ag.overdue.is_empty() {
        rows.push(Line::from(Span::styled(
            app.t(L::AgendaOverdue),
            head.fg(Color::Red),
        )));
        push_items(&mut rows, &ag.overdue, true);
        rows.push(Line::from(""));
    }
    rows.push(Line::from(Span::styled(
        format!(
            "{} · {}",
            app.t(L::AgendaThisMonth),
            app.labels.month(a.month)
        ),
        head,
    )));
    if ag.tasks.is_empty() {
        let l = if a.plans.is_empty() {
            L::AgendaNoYear
        } else {
            L::AgendaNone
        };
        rows.push(Line::from(Span::styled(
            format!("  {}", app.t(l)),
            Style::default().fg(Color::DarkGray),
        )));
    }
    push_items(&mut rows, &ag.tasks, false);
    let height = usize::from(inner.height);
    let offset = scroll_for(cursor_row, height);
    let shown: Vec<Line> = rows.into_iter().skip(offset).take(height).collect();
    f.render_widget(Paragraph::new(shown), inner);
}

/// "  [!] 二月 开展一次献爱心活动…  汪场镇…计划 @王某".
fn item_line(item: &AgendaItem, month: Option<&str>, cols: usize) -> Line<'static> {
    let mark = status_mark(item.status, item.overdue);
    let style = status_style(item.status, item.overdue);
    let mut prefix = format!("  {mark} ");
    if let Some(month) = month {
        prefix.push_str(&format!("{} ", width::fit(month, 9)));
    }
    let mut extra = format!("  {}", shown_line(&item.plan_title));
    if let Some(o) = &item.owner {
        extra.push_str(&format!(" @{}", shown_line(o)));
    }
    if let Some(d) = item.done_on {
        extra.push_str(&format!(" {d}"));
    }
    let extra = width::truncate(&extra, cols * 2 / 5).into_owned();
    let text_w = cols
        .saturating_sub(width::width(&prefix))
        .saturating_sub(width::width(&extra));
    Line::from(vec![
        Span::styled(prefix, style),
        Span::styled(width::fit(&shown_line(&item.text), text_w), style),
        Span::styled(extra, Style::default().fg(Color::Cyan)),
    ])
}
