//! The finder overlay: the query, then one row per item as its path with
//! the matched characters highlighted; a body match has its snippet below.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::app::App;
use super::super::finder::FinderState;
use super::super::labels::L;
use super::super::width;
use super::{centered, clear_under, scroll_for, shown_line};

/// How a matched character looks.
pub fn matched() -> Style {
    Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

pub fn draw(app: &App, s: &FinderState, top: bool, f: &mut Frame, area: Rect) {
    let w = area.width.saturating_sub(4).min(110);
    let h = area.height.saturating_sub(2);
    let r = centered(area, w, h);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::Cyan))
        .title(format!(" {} ", app.t(L::TitleFinder)));
    let inner = block.inner(r);
    clear_under(f, r);
    f.render_widget(block, r);
    let [input, count, list] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    let field = Block::default()
        .borders(Borders::BOTTOM)
        .border_style(Style::default().fg(Color::DarkGray));
    let field_inner = field.inner(input);
    f.render_widget(field, input);
    f.render_widget(s.editor.widget(), field_inner);
    if top && let Some(pos) = s.editor.screen_cursor(field_inner) {
        f.set_cursor_position(pos);
    }
    let cols = usize::from(list.width);
    let status = if let Some(e) = &s.error {
        Span::styled(
            width::truncate(&shown_line(e), cols).into_owned(),
            Style::default().fg(Color::Red),
        )
    } else if s.answered.is_none() || (s.behind() && s.rows.is_empty()) {
        Span::styled(
            app.t(L::FinderSearching),
            Style::default().fg(Color::DarkGray),
        )
    } else if s.rows.is_empty() {
        Span::styled(
            app.t(L::FinderNothing),
            Style::default().fg(Color::DarkGray),
        )
    } else {
        Span::styled(
            app.labels.fmt(L::FinderCount, &[&s.rows.len(), &s.total]),
            Style::default().fg(Color::DarkGray),
        )
    };
    f.render_widget(Paragraph::new(Line::from(status)), count);

    // Each row takes one line, two with a snippet; scroll by rows.
    let height = usize::from(list.height);
    let per = |i: usize| if s.rows[i].snippet.is_some() { 2 } else { 1 };
    let mut first = scroll_for(s.cursor, height);
    // With snippets rows are taller: move down until the cursor's row fits.
    while first < s.cursor && (first..=s.cursor).map(per).sum::<usize>() > height {
        first += 1;
    }
    let mut lines: Vec<Line> = Vec::new();
    for (i, row) in s.rows.iter().enumerate().skip(first) {
        if lines.len() >= height {
            break;
        }
        let selected = i == s.cursor;
        let base = if selected {
            Style::default().bg(Color::Blue).fg(Color::White)
        } else {
            Style::default()
        };
        let mut spans = vec![Span::styled(if selected { "▶ " } else { "  " }, base)];
        spans.extend(highlighted(
            &row.path,
            &row.positions,
            cols.saturating_sub(2),
            base,
        ));
        lines.push(Line::from(spans));
        if let Some(snip) = &row.snippet {
            let dim = Style::default().fg(Color::DarkGray);
            let mut spans = vec![Span::styled("    ┆ ", dim)];
            spans.extend(highlighted(
                &snip.text,
                &snip.positions,
                cols.saturating_sub(6),
                dim,
            ));
            lines.push(Line::from(spans));
        }
    }
    lines.truncate(height);
    f.render_widget(Paragraph::new(lines), list);
}

/// `text` in spans, the characters at `positions` (character indices)
/// highlighted, cut at `cols` columns (a wide character counts two).
pub fn highlighted(
    text: &str,
    positions: &[usize],
    cols: usize,
    base: Style,
) -> Vec<Span<'static>> {
    let hit = base.patch(matched());
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    let mut used = 0;
    let total = width::width(text);
    for (i, c) in text.chars().enumerate() {
        let c = if c.is_control() { ' ' } else { c };
        let mut buf = [0u8; 4];
        let w = width::width(c.encode_utf8(&mut buf));
        if total > cols && used + w + 1 > cols {
            run.push('…');
            break;
        }
        if used + w > cols {
            break;
        }
        let is_hit = positions.contains(&i);
        if is_hit != run_hit && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_hit { hit } else { base },
            ));
        }
        run_hit = is_hit;
        run.push(c);
        used += w;
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hit { hit } else { base }));
    }
    spans
}
