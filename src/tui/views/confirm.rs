//! A question with choices, over the view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::super::app::App;
use super::super::overlay::Confirm;
use super::super::width;
use super::{centered, clear_under, shown, shown_line};

pub fn draw(app: &App, c: &Confirm, f: &mut Frame, area: Rect) {
    let w = area.width.saturating_sub(4).min(72);
    let inner_w = usize::from(w.saturating_sub(2)).max(1);
    let text_rows: usize = c
        .lines
        .iter()
        .map(|l| width::width(&shown(l)).div_ceil(inner_w).max(1))
        .sum();
    let h = (text_rows as u16).saturating_add(4);
    let r = centered(area, w, h);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::Yellow))
        .title(format!(" {} ", shown_line(&c.title)));
    let inner = block.inner(r);
    clear_under(f, r);
    f.render_widget(block, r);
    let [text, _, buttons] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let lines: Vec<Line> = c
        .lines
        .iter()
        .map(|l| Line::from(shown(l).into_owned()))
        .collect();
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text);
    let mut spans = Vec::new();
    for (i, choice) in c.choices.iter().enumerate() {
        let label = format!(" {} ", app.t(choice.label()));
        let style = if i == c.selected {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        } else {
            Style::default()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw("  "));
    }
    f.render_widget(
        Paragraph::new(Line::from(spans)).alignment(ratatui::layout::Alignment::Center),
        buttons,
    );
}
