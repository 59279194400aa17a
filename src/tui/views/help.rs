//! Help: every binding in force, read back from the live keymap (action ->
//! keys), the tables of what is on screen first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::keymap::Context;

use super::super::Action;
use super::super::app::App;
use super::super::labels::L;
use super::super::overlay::HelpState;
use super::super::width;
use super::{centered, clear_under, shown, wrap_lines};

/// Column the descriptions start at.
const KEYS_W: usize = 24;

fn context_label(c: Context) -> L {
    match c {
        Context::Global => L::CtxGlobal,
        Context::Plans => L::CtxPlans,
        Context::Plan => L::CtxPlan,
        Context::Outline => L::CtxOutline,
        Context::Targets => L::CtxTargets,
        Context::Editor => L::CtxEditor,
        Context::Prompt => L::CtxPrompt,
        Context::Confirm => L::CtxConfirm,
        Context::Help => L::CtxHelp,
        Context::Board => L::CtxBoard,
        Context::Agenda => L::CtxAgenda,
        Context::History => L::CtxHistory,
        Context::Diff => L::CtxDiff,
        Context::Conflicts => L::CtxConflicts,
        Context::Finder => L::CtxFinder,
    }
}

/// The help text: a heading per keymap table, then "keys  what they do".
/// The tables in force under the help come first.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let under: Vec<Context> = {
        // The contexts of the view under the help overlay.
        let mut v: Vec<Context> = match &app.view {
            super::super::app::View::Plans => vec![Context::Plans],
            super::super::app::View::History(_) => vec![Context::History],
            super::super::app::View::Diff(_) => vec![Context::Diff],
            super::super::app::View::Conflicts(c) if c.editing.is_some() => vec![Context::Editor],
            super::super::app::View::Conflicts(_) => vec![Context::Conflicts],
            super::super::app::View::Plan(p) if p.editing.is_some() => vec![Context::Editor],
            super::super::app::View::Plan(p) => match p.focus {
                super::super::app::Focus::Outline => vec![Context::Outline, Context::Plan],
                super::super::app::Focus::Targets => vec![Context::Targets, Context::Plan],
            },
            super::super::app::View::Board(_) => vec![Context::Board],
            super::super::app::View::Agenda(_) => vec![Context::Agenda],
        };
        v.push(Context::Global);
        v
    };
    let order: Vec<Context> = under
        .iter()
        .copied()
        .chain(Context::ALL.into_iter().filter(|c| !under.contains(c)))
        .collect();
    let dim = Style::default().fg(Color::DarkGray);
    let mut lines = vec![Line::from(Span::styled(app.t(L::HelpTyping), dim))];
    if let Some(file) = &app.keymap_file {
        lines.push(Line::from(Span::styled(
            app.labels.fmt(L::HelpKeymapFile, &[&shown(file)]),
            dim,
        )));
    }
    for e in &app.keymap_problems {
        lines.push(Line::from(Span::styled(
            format!(
                "⚠ {}",
                shown(&e.in_language(app.labels.lang == super::super::Lang::Zh))
            ),
            Style::default().fg(Color::Yellow),
        )));
    }
    for ctx in order {
        let rows: Vec<Line> = Action::BINDABLE
            .iter()
            .filter_map(|a| {
                let keys = app.keymap.keys_for(ctx, a);
                if keys.is_empty() {
                    return None;
                }
                let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
                let keys = width::fit(&format!("  {}", keys.join(", ")), KEYS_W);
                let label = a.label().map(|l| app.t(l)).unwrap_or_default();
                let name = a.name().unwrap_or_default();
                Some(Line::from(vec![
                    Span::styled(keys, Style::default().fg(Color::Cyan)),
                    Span::raw(format!(" {label}")),
                    Span::styled(format!("  {name}"), dim),
                ]))
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            format!("{} {}", app.t(context_label(ctx)), ctx),
            Style::default().add_modifier(Modifier::BOLD),
        )));
        lines.extend(rows);
    }
    lines
}

pub fn draw(app: &App, h: &HelpState, f: &mut Frame, area: Rect) {
    let w = area.width.saturating_sub(4).min(96);
    let hgt = area.height.saturating_sub(2);
    let r = centered(area, w, hgt);
    let lines = wrap_lines(&help_lines(app), r.width.saturating_sub(2));
    let inner_h = usize::from(r.height.saturating_sub(2));
    let max_scroll = lines.len().saturating_sub(inner_h);
    let scroll = h.scroll.min(max_scroll);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(Color::Cyan))
        .title(format!(" {} ", app.t(L::HelpTitle)));
    clear_under(f, r);
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0)),
        r,
    );
}
