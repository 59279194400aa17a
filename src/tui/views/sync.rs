//! The sync bar, one row above the status line: while a sync runs, its
//! stage (the remote packing, fetching, merging, pushing) with objects done
//! of all and bytes moved; when it went through, a full bar until the next
//! key (the summary is on the status line).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols;
use ratatui::widgets::LineGauge;

use crate::jobs::Kind;
use crate::store::{Stage, SyncProgress};

use super::super::app::App;
use super::super::labels::L;
use super::super::width;

/// Whether the bar is on screen.
pub fn shown(app: &App) -> bool {
    app.sync_done || app.jobs.busy().contains(&Kind::Sync)
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let running = app.jobs.busy().contains(&Kind::Sync);
    let progress = *app
        .sync_watch
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (ratio, label, color) = if running {
        let (ratio, label) = stage(app, progress);
        (ratio, label, Color::Cyan)
    } else {
        (1.0, app.t(L::SyncDone).to_string(), Color::Green)
    };
    // The label takes what it needs (up to half the row), the bar the rest.
    let max = usize::from(area.width / 2);
    let label = width::truncate(&label, max).into_owned();
    let gauge = LineGauge::default()
        .filled_symbol(symbols::line::THICK_HORIZONTAL)
        .unfilled_symbol(symbols::line::HORIZONTAL)
        .filled_style(Style::default().fg(color).add_modifier(Modifier::BOLD))
        .unfilled_style(Style::default().fg(Color::DarkGray))
        .label(format!("{label} "))
        .ratio(ratio.clamp(0.0, 1.0));
    f.render_widget(gauge, area);
}

/// How far the running sync is, and what it is doing, in words.
fn stage(app: &App, progress: Option<SyncProgress>) -> (f64, String) {
    let Some(p) = progress else {
        return (0.0, app.t(L::SyncStarting).to_string());
    };
    let ratio = if p.total_objects > 0 {
        p.objects as f64 / p.total_objects as f64
    } else {
        0.0
    };
    match p.stage {
        Stage::Packing => (
            ratio,
            app.labels
                .fmt(L::SyncPacking, &[&p.objects, &p.total_objects]),
        ),
        Stage::Fetching => (
            ratio,
            app.labels.fmt(
                L::SyncFetching,
                &[&p.objects, &p.total_objects, &bytes(p.bytes)],
            ),
        ),
        Stage::Merging => (1.0, app.t(L::SyncMerging).to_string()),
        Stage::Pushing => (
            ratio,
            app.labels.fmt(
                L::SyncPushing,
                &[&p.objects, &p.total_objects, &bytes(p.bytes)],
            ),
        ),
    }
}

/// 512 B, 12.0 KiB, 3.4 MiB.
pub fn bytes(n: usize) -> String {
    const KIB: f64 = 1024.0;
    let n = n as f64;
    if n < KIB {
        format!("{n} B")
    } else if n < KIB * KIB {
        format!("{:.1} KiB", n / KIB)
    } else if n < KIB * KIB * KIB {
        format!("{:.1} MiB", n / (KIB * KIB))
    } else {
        format!("{:.1} GiB", n / (KIB * KIB * KIB))
    }
}

#[cfg(test)]
mod tests {
    use super::bytes;

    #[test]
    fn bytes_are_shown_in_the_unit_that_fits() {
        assert_eq!(bytes(512), "512 B");
        assert_eq!(bytes(12 * 1024), "12.0 KiB");
        assert_eq!(bytes(3 * 1024 * 1024 + 400 * 1024), "3.4 MiB");
    }
}
