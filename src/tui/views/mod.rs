//! `draw(&App, &mut Frame)`: reads the state, never changes it.
//!
//! Every text that comes from a plan or a file goes through [`shown`] or
//! [`shown_line`], so control characters and escape sequences appear as
//! visible symbols and never reach the terminal raw.

mod agenda;
mod board;
mod confirm;
pub mod conflicts;
pub mod diff;
mod finder;
mod help;
pub mod history;
pub mod plan;
mod plans;
mod prompt;
mod status;
mod sync;

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::model::text::{visible, visible_line};

use super::app::{App, View};
use super::labels::L;
use super::overlay::Overlay;

pub use help::help_lines;

/// Below this the layout does not fit; a message says so instead.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

pub fn draw(app: &App, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return too_small(app, f, area);
    }
    let band = u16::from(sync::shown(app));
    let [main, bar, bottom] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(band),
        Constraint::Length(1),
    ])
    .areas(area);
    match &app.view {
        View::Plans => plans::draw(app, f, main),
        View::Plan(p) => plan::draw(app, p, f, main),
        View::Board(b) => board::draw(app, b, f, main),
        View::Agenda(a) => agenda::draw(app, a, f, main),
        View::History(h) => history::draw(app, h, f, main),
        View::Diff(d) => diff::draw(app, d, f, main),
        View::Conflicts(c) => conflicts::draw(app, c, f, main),
    }
    if band > 0 {
        sync::draw(app, f, bar);
    }
    status::draw(app, f, bottom);
    for (i, o) in app.overlays.iter().enumerate() {
        let top = i + 1 == app.overlays.len();
        match o {
            Overlay::Help(h) => help::draw(app, h, f, area),
            Overlay::Confirm(c) => confirm::draw(app, c, f, area),
            Overlay::Prompt(p) => prompt::draw(p, top, f, area),
            Overlay::Finder(s) => finder::draw(app, s, top, f, area),
        }
    }
    no_raw_controls(f);
}

/// The last line of defence: every piece of user text is shown through
/// [`shown`] / [`shown_line`], and should one be missed, no cell reaches the
/// terminal with a control character or bidi control in it.
fn no_raw_controls(f: &mut Frame) {
    for cell in f.buffer_mut().content.iter_mut() {
        if let Cow::Owned(safe) = visible_line(cell.symbol()) {
            cell.set_symbol(&safe);
        }
    }
}

fn too_small(app: &App, f: &mut Frame, area: Rect) {
    let msg = app.labels.fmt(
        L::TooSmall,
        &[&area.width, &area.height, &MIN_WIDTH, &MIN_HEIGHT],
    );
    // Wrapped by columns here: a wide character never overflows a narrow edge.
    let lines: Vec<Line> = super::width::wrap(&msg, usize::from(area.width))
        .into_iter()
        .map(Line::from)
        .collect();
    f.render_widget(
        Paragraph::new(lines).style(Style::default().fg(Color::Yellow)),
        area,
    );
}

/// Text from a plan or a file, several lines allowed.
pub fn shown(s: &str) -> Cow<'_, str> {
    visible(s, true)
}

/// Text from a plan or a file, on one line.
pub fn shown_line(s: &str) -> Cow<'_, str> {
    visible_line(s)
}

pub fn selected_style(focused: bool) -> Style {
    if focused {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
}

/// A bordered pane with its title, the border lit when it has the focus.
pub fn pane<'a>(title: impl Into<Line<'a>>, focused: bool) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(focus_border(focused))
        .title(title)
}

pub fn focus_border(focused: bool) -> Style {
    if focused {
        Style::default().fg(Color::Cyan)
    } else {
        Style::default()
    }
}

/// `lines` wrapped to `cols` columns by the Chinese line-breaking rules
/// ([`super::width::wrap`]), each span keeping its style; used instead of
/// ratatui's `Wrap`, which may start a line with `。`.
pub fn wrap_lines(lines: &[Line<'_>], cols: u16) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for line in lines {
        let pieces: Vec<(&str, Style)> = line
            .spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style))
            .collect();
        for pieces in super::width::wrap_styled(&pieces, usize::from(cols)) {
            let spans: Vec<Span<'static>> = pieces
                .into_iter()
                .map(|(text, style)| Span::styled(text, style))
                .collect();
            let mut wrapped = Line::from(spans).style(line.style);
            wrapped.alignment = line.alignment;
            out.push(wrapped);
        }
    }
    out
}

/// Plain text wrapped to `cols` columns by the Chinese line-breaking rules.
pub fn wrap_text(text: &str, cols: u16) -> Vec<Line<'static>> {
    super::width::wrap(text, usize::from(cols))
        .into_iter()
        .map(Line::from)
        .collect()
}

/// Clears `r` for an overlay, and the half of a wide character of the view
/// underneath that the overlay's left edge cuts: left alone, a `一` that
/// starts one column left of the overlay covers its left border. (One cut by
/// the right edge starts inside and is cleared; ratatui keeps its right half
/// as a blank cell.)
pub fn clear_under(f: &mut Frame, r: Rect) {
    f.render_widget(Clear, r);
    let area = f.area().intersection(r);
    let Some(left) = area.x.checked_sub(1) else {
        return;
    };
    let buf = f.buffer_mut();
    for y in area.top()..area.bottom() {
        let cell = &mut buf[(left, y)];
        if super::width::width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// A box of `width`×`height` in the middle of `area`, shrunk to fit.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// The first row to show so that `selected` is inside a window of `height` rows.
pub fn scroll_for(selected: usize, height: usize) -> usize {
    if height == 0 {
        return 0;
    }
    selected.saturating_sub(height - 1)
}
