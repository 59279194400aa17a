//! A question with choices, over the view.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::super::app::App;
use super::super::overlay::Confirm;
use super::{centered, clear_under, shown, shown_line, wrap_text};

pub fn draw(app: &App, c: &Confirm, f: &mut Frame, area: Rect) {
    let wrapped = |w: u16| -> Vec<Line<'static>> {
        let inner_w = w.saturating_sub(2).max(1);
        c.lines
            .iter()
            .flat_map(|l| wrap_text(&shown(l), inner_w))
            .collect()
    };
    let mut w = area.width.saturating_sub(4).min(72);
    let mut lines = wrapped(w);
    // Too tall for the screen: the whole width, so that fewer rows are cut.
    if lines.len() + 4 > usize::from(area.height) {
        w = area.width;
        lines = wrapped(w);
    }
    let h = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(4);
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
    f.render_widget(Paragraph::new(lines), text);
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
