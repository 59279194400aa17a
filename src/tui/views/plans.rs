//! The plan list: years as tabs (newest first), the selected year's plans
//! with kind, approval state and tasks done/total; broken files with their
//! error, files changed outside plandesk marked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, Tabs};

use crate::model::{ApprovalState, Kind};
use crate::store::FileState;

use super::super::Action;
use super::super::app::App;
use super::super::labels::L;
use super::super::width;
use super::{scroll_for, selected_style, shown, shown_line, wrap_lines, wrap_text};

const KIND_W: u16 = 8;
const STATE_W: u16 = 10;
const TASKS_W: u16 = 7;
const FILE_W: u16 = 16;

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let ps = &app.plans;
    let problems: Vec<String> = match ps.selected().map(|e| &e.summary) {
        Some(Err(e)) => e.to_string().lines().map(String::from).collect(),
        _ => Vec::new(),
    };
    let stray: Vec<String> = ps
        .listing
        .stray
        .iter()
        .flat_map(|e| e.to_string().lines().map(String::from).collect::<Vec<_>>())
        .chain(ps.error.clone())
        .collect();
    let extra = |lines: &[String]| {
        if lines.is_empty() {
            0
        } else {
            (lines.len() as u16 + 2).min(area.height / 3)
        }
    };
    let [main, detail, other] = Layout::vertical([
        Constraint::Min(4),
        Constraint::Length(extra(&problems)),
        Constraint::Length(extra(&stray)),
    ])
    .areas(area);

    let title = match &ps.workspace {
        Some(name) => format!(" {} · {} ", app.t(L::PlansTitle), shown_line(name)),
        None => format!(" {} ", app.t(L::PlansTitle)),
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(main);
    f.render_widget(block, main);
    let [tabs_area, table_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);

    year_tabs(app, f, tabs_area);

    let entries = ps.entries();
    if entries.is_empty() {
        let key = app.key_hint(&Action::NewPlan).unwrap_or_default();
        let busy = app.jobs.busy();
        let reading = busy.contains(&crate::jobs::Kind::Plans)
            || busy.contains(&crate::jobs::Kind::FirstYear);
        let text = if ps.years.is_empty() && reading {
            // The first list is still being read: not "no plans" yet.
            app.t(L::BusyPlans).to_string()
        } else if ps.years.is_empty() {
            app.labels.fmt(L::NoYears, &[&key])
        } else {
            app.labels.fmt(L::NoPlans, &[&key])
        };
        f.render_widget(
            Paragraph::new(wrap_text(&text, table_area.width)),
            table_area,
        );
    } else {
        draw_table(app, &entries, f, table_area);
    }
    draw_lines(f, detail, app.t(L::Broken), &problems, Color::Red);
    draw_lines(f, other, app.t(L::OtherFiles), &stray, Color::Red);
}

/// The title gets at least this many columns; the other columns give way,
/// the least needed first.
const TITLE_MIN: usize = 20;

fn file_label(app: &App, state: FileState) -> &'static str {
    match state {
        FileState::Clean => "",
        FileState::Modified => app.t(L::FileModified),
        FileState::Untracked => app.t(L::FileUntracked),
        FileState::Deleted => app.t(L::FileDeleted),
    }
}

/// Which of kind, state, tasks, file are shown at this width, and the
/// title's width. An empty file column takes no room at all.
fn columns(app: &App, entries: &[&crate::store::SummaryEntry], width: u16) -> ([u16; 4], usize) {
    let file_w = entries
        .iter()
        .map(|e| width::width(file_label(app, e.state)))
        .max()
        .unwrap_or(0);
    let file_w = if file_w == 0 {
        0
    } else {
        file_w
            .max(width::width(app.t(L::ColFile)))
            .min(usize::from(FILE_W)) as u16
    };
    let mut w = [KIND_W, STATE_W, TASKS_W, file_w];
    let title_w = |w: &[u16; 4]| {
        let used: u16 = w.iter().filter(|c| **c > 0).map(|c| c + 1).sum();
        usize::from(width.saturating_sub(used))
    };
    // The file state goes first, then the kind, the tasks, the state.
    for i in [3, 0, 2, 1] {
        if title_w(&w) >= TITLE_MIN.min(usize::from(width)) {
            break;
        }
        w[i] = 0;
    }
    let t = title_w(&w);
    (w, t)
}

fn draw_table(app: &App, entries: &[&crate::store::SummaryEntry], f: &mut Frame, area: Rect) {
    let ps = &app.plans;
    let (widths, title_w) = columns(app, entries, area.width);
    let keep = |cells: Vec<Line<'static>>| -> Vec<Line<'static>> {
        let mut cells = cells.into_iter();
        let title = cells.next().unwrap_or_default();
        std::iter::once(title)
            .chain(cells.zip(widths).filter(|(_, w)| *w > 0).map(|(c, _)| c))
            .collect()
    };
    let body_h = usize::from(area.height.saturating_sub(1));
    let offset = scroll_for(ps.cursor, body_h);
    let rows = entries.iter().enumerate().skip(offset).map(|(i, e)| {
        let style = if i == ps.cursor {
            selected_style(true)
        } else {
            Style::default()
        };
        let file_cell = Span::styled(
            width::truncate(file_label(app, e.state), usize::from(FILE_W)).into_owned(),
            Style::default().fg(Color::Yellow),
        );
        match &e.summary {
            Ok(p) => {
                let (done, total) = p.progress();
                let kind = match p.kind {
                    Kind::Plan => app.t(L::KindPlan),
                    Kind::Summary => app.t(L::KindSummary),
                };
                let state = match p.state {
                    ApprovalState::Draft => app.t(L::StateDraft),
                    ApprovalState::Submitted => app.t(L::StateSubmitted),
                    ApprovalState::Approved => app.t(L::StateApproved),
                    ApprovalState::Returned => app.t(L::StateReturned),
                };
                // A plan with conflicts from a sync says so before its title.
                let mark = match p.conflicts {
                    0 => String::new(),
                    n => format!("{} ", app.labels.fmt(L::ConflictsMark, &[&n])),
                };
                let rest = title_w.saturating_sub(width::width(&mark));
                let title = Line::from(vec![
                    Span::styled(
                        mark,
                        Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
                    ),
                    Span::raw(width::truncate(&shown_line(&p.title), rest).into_owned()),
                ]);
                Row::new(keep(vec![
                    title,
                    Line::from(kind),
                    Line::from(state),
                    Line::from(format!("{done}/{total}")),
                    Line::from(file_cell),
                ]))
                .style(style)
            }
            Err(err) => {
                let first = err.to_string();
                let first = first.lines().next().unwrap_or_default().to_string();
                Row::new(keep(vec![
                    Line::from(Span::styled(
                        width::truncate(&format!("⚠ {}", shown_line(&first)), title_w).into_owned(),
                        Style::default().fg(Color::Red),
                    )),
                    Line::from(""),
                    Line::from(Span::styled(
                        app.t(L::Broken),
                        Style::default().fg(Color::Red),
                    )),
                    Line::from(""),
                    Line::from(file_cell),
                ]))
                .style(style)
            }
        }
    });
    let header = Row::new(keep(
        [
            L::ColTitle,
            L::ColKind,
            L::ColState,
            L::ColTasks,
            L::ColFile,
        ]
        .into_iter()
        .map(|l| Line::from(app.t(l)))
        .collect(),
    ))
    .style(Style::default().add_modifier(Modifier::BOLD));
    let constraints: Vec<Constraint> = std::iter::once(Constraint::Fill(1))
        .chain(
            widths
                .iter()
                .filter(|w| **w > 0)
                .map(|w| Constraint::Length(*w)),
        )
        .collect();
    let table = Table::new(rows, constraints)
        .header(header)
        .column_spacing(1);
    f.render_widget(table, area);
}

fn draw_lines(f: &mut Frame, area: Rect, title: &str, lines: &[String], color: Color) {
    if area.height == 0 || lines.is_empty() {
        return;
    }
    let text: Vec<Line> = lines
        .iter()
        .map(|l| Line::from(shown(l).into_owned()))
        .collect();
    f.render_widget(
        Paragraph::new(wrap_lines(&text, area.width.saturating_sub(2)))
            .style(Style::default().fg(color))
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(format!(" {title} ")),
            ),
        area,
    );
}

/// The year tabs: as many as fit around the selected year, with how many
/// years lie beyond each side (`‹ 12` … `8 ›`).
fn year_tabs(app: &App, f: &mut Frame, area: Rect) {
    let ps = &app.plans;
    let [row, rule] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    f.render_widget(Block::default().borders(Borders::BOTTOM), rule);
    if ps.years.is_empty() {
        return;
    }
    // Each year with its tasks done/total over its plans.
    let label = |i: usize| {
        let y = ps.years[i];
        if ps.first_year_only && i != ps.year {
            return y.to_string(); // not read yet
        }
        let (done, total) = super::super::update::plans::year_progress(app, y);
        format!("{y} {done}/{total}")
    };
    let sel = ps.year.min(ps.years.len() - 1);
    let (lo, hi) = tab_window(ps.years.len(), sel, usize::from(row.width), |i| {
        width::width(&label(i))
    });
    let dim = Style::default().fg(Color::DarkGray);
    let left = if lo > 0 {
        format!("‹ {lo} ")
    } else {
        String::new()
    };
    let after = ps.years.len() - 1 - hi;
    let right = if after > 0 {
        format!(" {after} ›")
    } else {
        String::new()
    };
    let [l, mid, r] = Layout::horizontal([
        Constraint::Length(width::width(&left) as u16),
        Constraint::Min(1),
        Constraint::Length(width::width(&right) as u16),
    ])
    .areas(row);
    f.render_widget(Paragraph::new(Span::styled(left, dim)), l);
    f.render_widget(Paragraph::new(Span::styled(right, dim)), r);
    let years: Vec<Line> = (lo..=hi).map(|i| Line::from(label(i))).collect();
    f.render_widget(
        Tabs::new(years)
            .select(sel - lo)
            .highlight_style(Style::default().add_modifier(Modifier::REVERSED)),
        mid,
    );
}

/// Room for the `‹ 12 ` and ` 8 ›` marks.
const MARK_W: usize = 6;

/// The first and last tab shown: a window around `sel` that fits in `cols`
/// (each tab takes its label and three columns of padding and divider).
pub fn tab_window(
    len: usize,
    sel: usize,
    cols: usize,
    label_w: impl Fn(usize) -> usize,
) -> (usize, usize) {
    let room = cols.saturating_sub(2 * MARK_W);
    let w = |i: usize| label_w(i) + 3;
    let (mut lo, mut hi) = (sel, sel);
    let mut used = w(sel);
    loop {
        let mut grew = false;
        if hi + 1 < len && used + w(hi + 1) <= room {
            hi += 1;
            used += w(hi);
            grew = true;
        }
        if lo > 0 && used + w(lo - 1) <= room {
            lo -= 1;
            used += w(lo);
            grew = true;
        }
        if !grew {
            return (lo, hi);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tab_window;

    #[test]
    fn the_window_keeps_the_selected_tab_and_fits() {
        // 40 tabs of 9 columns (+3) in 100 columns (88 after the marks): 7 fit.
        for sel in [0, 5, 20, 39] {
            let (lo, hi) = tab_window(40, sel, 100, |_| 9);
            assert!(lo <= sel && sel <= hi, "{sel}: {lo}..{hi}");
            assert_eq!(hi - lo + 1, 7, "{sel}: {lo}..{hi}");
        }
        assert_eq!(tab_window(3, 1, 100, |_| 9), (0, 2));
    }
}
