//! The bottom line: the last message, else hints from the live keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::jobs::Kind;

use super::super::Action;
use super::super::app::{App, Focus, StatusKind, View};
use super::super::labels::L;
use super::super::overlay::Overlay;
use super::super::width;
use super::shown_line;

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let unsaved = match app.plan() {
        Some(p) if p.dirty() => Some(app.t(L::Unsaved)),
        _ => None,
    };
    let right = busy(app)
        .into_iter()
        .chain(unsaved)
        .collect::<Vec<_>>()
        .join(" · ");
    let right_w = width::width(&right) as u16;
    let left_w = usize::from(area.width.saturating_sub(right_w + 1));
    let line = match &app.status {
        Some(s) => {
            let color = match s.kind {
                StatusKind::Info => Color::Green,
                StatusKind::Warning => Color::Yellow,
                StatusKind::Error => Color::Red,
            };
            Line::from(Span::styled(
                width::truncate(&shown_line(&s.text), left_w).into_owned(),
                Style::default().fg(color),
            ))
        }
        None => Line::from(Span::styled(
            width::truncate(&hints(app, left_w), left_w).into_owned(),
            Style::default().fg(Color::DarkGray),
        )),
    };
    f.render_widget(Paragraph::new(line), area);
    if right_w > 0 && right_w < area.width {
        let r = Rect {
            x: area.x + area.width - right_w,
            width: right_w,
            ..area
        };
        f.render_widget(
            Paragraph::new(Span::styled(right, Style::default().fg(Color::Yellow))),
            r,
        );
    }
}

/// What the background jobs are doing, while they work.
pub fn busy(app: &App) -> Vec<&'static str> {
    let mut labels: Vec<&'static str> = app
        .jobs
        .busy()
        .into_iter()
        .filter_map(|kind| {
            Some(match kind {
                Kind::Plans | Kind::FirstYear | Kind::Agenda => app.t(L::BusyPlans),
                Kind::Compare => app.t(L::BusyCompare),
                Kind::HistoryWalk | Kind::HistoryDetails => app.t(L::HistoryLoading),
                Kind::Restore => app.t(L::BusyRestore),
                Kind::Find => app.t(L::BusyFind),
                Kind::Sync => app.t(L::BusySync),
                // Quiet: nothing waits for it yet.
                Kind::HistoryIndex => return None,
            })
        })
        .collect();
    labels.dedup();
    labels
}

/// "enter 打开 · n 新建计划 · f1 帮助" for what is on screen now, in `cols`
/// columns: when not all fit, the way out and help (esc, f1, quit, save,
/// accept) stay and the others give way, then the essential ones lose their
/// words and keep their keys.
pub fn hints(app: &App, cols: usize) -> String {
    use Action::*;
    let actions: &[Action] = match (app.overlays.last(), &app.view) {
        (Some(Overlay::Help(_)), _) => &[Down, Up, PageDown, Back],
        (Some(Overlay::Confirm(_)), _) => &[Right, Accept, Cancel],
        (Some(Overlay::Prompt(_)), _) => &[Accept, Cancel],
        (Some(Overlay::Finder(_)), _) => &[Down, Accept, Cancel],
        (None, view) => match view {
            View::Plans => &[
                OpenPlan, NewPlan, OpenFinder, OpenAgenda, YearOlder, Help, Quit,
            ],
            View::Board(_) => &[TaskTick, TaskUntick, TaskDrop, TaskAdd, Save, Help, Back],
            View::Agenda(_) => &[TaskTick, MonthNext, OpenBoard, Help, Back],
            View::History(_) => &[ShowDiff, MarkRevision, RestoreRevision, Help, Back],
            View::Diff(_) => &[ToggleRaw, Down, Help, Back],
            View::Conflicts(c) if c.editing.is_some() => &[EditDone, Help],
            View::Conflicts(_) => &[TakeOurs, TakeTheirs, EditConflict, Down, Help, Back],
            View::Plan(p) if p.editing.is_some() => &[EditDone, Save, ExternalEditor, Help],
            View::Plan(p) => match p.focus {
                Focus::Outline => &[
                    EditBody,
                    EditHeading,
                    AddSection,
                    DeleteSection,
                    Save,
                    Help,
                    Back,
                ],
                Focus::Targets => &[AddTarget, EditTarget, DeleteTarget, Save, Help, Back],
            },
        },
    };
    let essential =
        |a: &Action| matches!(a, Help | Back | Quit | Cancel | Accept | EditDone | Save);
    let items: Vec<(bool, String, String)> = actions
        .iter()
        .filter_map(|a| {
            let key = app.key_hint(a)?;
            let label = app.t(a.label()?);
            let hint = format!("{key} {label}");
            Some((essential(a), key, hint))
        })
        .collect();
    let join = |parts: Vec<&str>| parts.join(" · ");
    let all = join(items.iter().map(|(_, _, h)| h.as_str()).collect());
    if width::width(&all) <= cols {
        return all;
    }
    // The essential ones with their words, then the others in order while they fit.
    let mut keep: Vec<bool> = items.iter().map(|(e, _, _)| *e).collect();
    let shown = |keep: &[bool]| {
        join(
            items
                .iter()
                .zip(keep)
                .filter(|(_, k)| **k)
                .map(|((_, _, h), _)| h.as_str())
                .collect(),
        )
    };
    if width::width(&shown(&keep)) <= cols {
        for i in 0..items.len() {
            if keep[i] {
                continue;
            }
            keep[i] = true;
            if width::width(&shown(&keep)) > cols {
                keep[i] = false;
            }
        }
        return shown(&keep);
    }
    // Too narrow even for that: the essential keys alone.
    join(
        items
            .iter()
            .filter(|(e, _, _)| *e)
            .map(|(_, k, _)| k.as_str())
            .collect(),
    )
}
