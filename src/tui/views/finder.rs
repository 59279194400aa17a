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
use crate::search::SEPARATOR;

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
        spans.extend(path_spans(
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

/// A path in spans: one too wide keeps its year and its end (the item
/// itself) and gives up the middle (`2024 › …划 › 二、… › 1、深入开展专题调研`).
pub fn path_spans(path: &str, positions: &[usize], cols: usize, base: Style) -> Vec<Span<'static>> {
    if width::width(path) <= cols {
        return highlighted(path, positions, cols, base);
    }
    let chars: Vec<char> = path.chars().collect();
    let head_end = path
        .find(SEPARATOR)
        .map(|b| path[..b].chars().count() + SEPARATOR.chars().count())
        .unwrap_or(0);
    let head: String = chars[..head_end].iter().collect();
    let room = cols.saturating_sub(width::width(&head) + 1);
    if head_end == 0 || room < 8 {
        return highlighted(path, positions, cols, base);
    }
    // The longest tail that fits in `room` columns.
    let mut start = chars.len();
    let mut used = 0;
    while start > head_end {
        let mut buf = [0u8; 4];
        let w = width::width(chars[start - 1].encode_utf8(&mut buf));
        if used + w > room {
            break;
        }
        used += w;
        start -= 1;
    }
    let tail: String = chars[start..].iter().collect();
    let tail_hits: Vec<usize> = positions
        .iter()
        .filter(|p| **p >= start)
        .map(|p| p - start)
        .collect();
    let mut spans = highlighted(&head, positions, usize::MAX, base);
    spans.push(Span::styled("…", base));
    spans.extend(highlighted(&tail, &tail_hits, room, base));
    spans
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_long_path_keeps_its_year_and_its_end_and_the_highlight_follows() {
        let path = "2022 › 汪场镇政协2022年工作计划 › 二、围绕中心，认真履行政协职能 › 1、深入开展专题调研";
        let last = path.chars().count() - 1; // 研
        let spans = path_spans(path, &[0, last], 40, Style::default());
        let shown = text(&spans);
        assert!(shown.starts_with("2022 › …"), "{shown}");
        assert!(shown.ends_with("1、深入开展专题调研"), "{shown}");
        assert!(width::width(&shown) <= 40, "{shown}");
        let hit: Vec<&str> = spans
            .iter()
            .filter(|s| s.style.fg == Some(Color::Yellow))
            .map(|s| s.content.as_ref())
            .collect();
        assert_eq!(hit, vec!["2", "研"]);
        // One that fits is shown whole.
        assert_eq!(
            text(&path_spans("2022 › 计划", &[], 40, Style::default())),
            "2022 › 计划"
        );
    }
}
