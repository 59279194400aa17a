//! A prompt for one line of text, over the view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::overlay::Prompt;
use super::super::width;
use super::{centered, clear_under, shown_line};

/// `top`: the prompt is the top overlay, so the terminal cursor is its.
pub fn draw(p: &Prompt, top: bool, f: &mut Frame, area: Rect) {
    let w = area.width.saturating_sub(4).min(72);
    let r = centered(area, w, 6);
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
    let [label, input, error] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    f.render_widget(Paragraph::new(p.label.as_str()), label);
    let field = Block::default()
        .borders(Borders::BOTTOM)
        .border_style(Style::default().fg(Color::DarkGray));
    let field_inner = field.inner(input);
    f.render_widget(field, input);
    f.render_widget(p.editor.widget(), field_inner);
    if top && let Some(pos) = p.editor.screen_cursor(field_inner) {
        f.set_cursor_position(pos);
    }
    if let Some(e) = &p.error {
        f.render_widget(
            Paragraph::new(Span::styled(
                width::truncate(&shown_line(e), usize::from(error.width)).into_owned(),
                Style::default().fg(Color::Red),
            )),
            error,
        );
    }
}
