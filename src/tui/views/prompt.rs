//! A prompt for one line of text, over the view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::overlay::Prompt;
use super::super::width;
use super::{centered, clear_under, shown, shown_line, wrap_text};

/// `top`: the prompt is the top overlay, so the terminal cursor is its.
/// The label and the error wrap (never cut); the box grows to hold them.
pub fn draw(p: &Prompt, top: bool, f: &mut Frame, area: Rect) {
    let w = area.width.saturating_sub(4).min(72);
    let inner_w = w.saturating_sub(2).max(1);
    let label_lines = wrap_text(&shown(&p.label), inner_w);
    let error_lines = p
        .error
        .as_deref()
        .map(|e| wrap_text(&shown(e), inner_w))
        .unwrap_or_default();
    let rows = |v: &Vec<_>| u16::try_from(v.len()).unwrap_or(u16::MAX);
    let h = 2 + rows(&label_lines) + 2 + rows(&error_lines).max(1);
    let r = centered(area, w, h);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::Cyan))
        .title(format!(
            " {} ",
            width::truncate(&shown_line(&p.title), usize::from(w.saturating_sub(4)))
        ));
    let inner = block.inner(r);
    clear_under(f, r);
    f.render_widget(block, r);
    // The field keeps its two rows; the label gives way first on a tiny screen.
    let [label, input, error] = Layout::vertical([
        Constraint::Max(rows(&label_lines)),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(inner);
    f.render_widget(Paragraph::new(label_lines), label);
    let field = Block::default()
        .borders(Borders::BOTTOM)
        .border_style(Style::default().fg(Color::DarkGray));
    let field_inner = field.inner(input);
    f.render_widget(field, input);
    if p.masked {
        // A password: one dot a character, the cursor after them.
        let dots = p
            .editor
            .text()
            .chars()
            .count()
            .min(usize::from(field_inner.width));
        f.render_widget(Paragraph::new("•".repeat(dots)), field_inner);
        if top {
            let x = field_inner.x + u16::try_from(dots).unwrap_or(0);
            f.set_cursor_position((x.min(field_inner.right().saturating_sub(1)), field_inner.y));
        }
    } else {
        f.render_widget(p.editor.widget(), field_inner);
        if top && let Some(pos) = p.editor.screen_cursor(field_inner) {
            f.set_cursor_position(pos);
        }
    }
    if !error_lines.is_empty() {
        f.render_widget(
            Paragraph::new(error_lines).style(Style::default().fg(Color::Red)),
            error,
        );
    }
}
