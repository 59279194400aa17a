//! Chinese text on screen: overlays that clear what they cover (wide
//! characters cut at their edge included), word motion that stops at Chinese
//! words, and wrapped lines that follow the Chinese line-breaking rules.

mod common;
mod tui_common;

use plandesk::model::{Kind, Plan, Section};
use plandesk::tui::{App, Lang};
use tui_common::*;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

fn assert_rows_fit(rows: &[String], w: u16) {
    for (y, r) in rows.iter().enumerate() {
        assert_eq!(
            UnicodeWidthStr::width(r.as_str()),
            usize::from(w),
            "row {y}: {r:?}"
        );
    }
}

/// The grapheme drawn over column `col` of `row`, and the column it starts at.
fn at(row: &str, col: usize) -> (&str, usize) {
    let mut x = 0;
    for g in row.graphemes(true) {
        let w = UnicodeWidthStr::width(g);
        if col < x + w.max(1) {
            return (g, x);
        }
        x += w;
    }
    ("", x)
}

/// The column of the first `needle` in `row`.
fn col_of(row: &str, needle: &str) -> Option<usize> {
    row.find(needle).map(|i| UnicodeWidthStr::width(&row[..i]))
}

fn section(depth: u8, heading: &str, body: &str) -> Section {
    Section {
        id: String::new(),
        depth,
        heading: heading.into(),
        body: body.into(),
    }
}

/// Headings and a body of Chinese text that starts at both odd and even
/// columns, so some wide character straddles any column.
fn chinese_plan() -> Plan {
    let mut p = Plan::new("汪场镇政协联络处2024年工作计划", 2024, Kind::Plan);
    let line = "围绕镇党委、政府中心工作开展调研，加强理论学习和形势教育，提高履职能力和水平。";
    let body = (0..12)
        .map(|i| format!("{}{line}{line}", "a".repeat(i % 2)))
        .collect::<Vec<_>>()
        .join("\n");
    p.sections = (0..16)
        .map(|i| {
            let heading = format!(
                "{}强化学习，提高履职能力和水平，积极建言献策",
                "1".repeat(i % 3)
            );
            section(1 + (i % 2) as u8, &heading, &body)
        })
        .collect();
    p
}

fn chinese_app() -> (tempfile::TempDir, App) {
    let (dir, ws) = workspace_with(&[(ID, chinese_plan())]);
    (dir, app_on(ws, Lang::Zh))
}

/// The overlay whose top border holds `title`: every row from its top to its
/// bottom border has border characters in its first and last column, and the
/// view underneath had wide characters cut by those columns.
fn assert_overlay_whole(app: &App, under: &[String], w: u16, h: u16, title: &str) {
    let rows = screen(app, w, h);
    let text = rows.join("\n");
    assert_rows_fit(&rows, w);
    let corner = format!("┌ {title}");
    let top = rows
        .iter()
        .rposition(|r| r.contains(&corner))
        .unwrap_or_else(|| panic!("{w}×{h}: no {title}\n{text}"));
    let t = &rows[top];
    let left = col_of(t, &corner).unwrap_or_default();
    let right = col_of(t, "┐").unwrap_or_else(|| panic!("{w}×{h}: no ┐\n{text}"));
    let bottom = (top + 1..rows.len())
        .find(|&y| at(&rows[y], left).0 == "└")
        .unwrap_or_else(|| panic!("{w}×{h}: no └ under column {left}\n{text}"));
    assert_eq!(at(&rows[bottom], right).0, "┘", "{w}×{h}\n{text}");
    for (y, row) in rows.iter().enumerate().take(bottom).skip(top + 1) {
        assert_eq!(
            at(row, left),
            ("│", left),
            "{w}×{h} row {y} left edge\n{text}"
        );
        assert_eq!(
            at(row, right),
            ("│", right),
            "{w}×{h} row {y} right edge\n{text}"
        );
    }
    // The test means something only if the view underneath had a wide
    // character across the left edge (starting one column before it).
    let cut = (top..=bottom).any(|y| {
        let (g, x) = at(&under[y], left);
        UnicodeWidthStr::width(g) == 2 && x + 1 == left
    });
    let cut_right = (top..=bottom).any(|y| {
        let (g, x) = at(&under[y], right);
        UnicodeWidthStr::width(g) == 2 && x == right
    });
    // At 40 columns the one body row is too short to reach the right edge.
    assert!(
        cut_right || w < 80,
        "{w}×{h}: nothing cut at column {right} underneath\n{}",
        under.join("\n")
    );
    assert!(
        cut,
        "{w}×{h}: nothing cut at column {left} underneath\n{}",
        under.join("\n")
    );
}

#[test]
fn overlays_clear_what_they_cover_even_a_wide_character_cut_at_their_edge() {
    for (w, h) in [(120, 40), (80, 24), (40, 12)] {
        let (_dir, mut app) = chinese_app();
        press(&mut app, "enter");
        let under = screen(&app, w, h);
        press(&mut app, "f1");
        assert_overlay_whole(&app, &under, w, h, "帮助");
        press(&mut app, "esc f6");
        assert_overlay_whole(&app, &under, w, h, "汪场镇政协联络处");
        press(&mut app, "esc delete");
        assert_overlay_whole(&app, &under, w, h, "请确认");
    }
}

/// The body of the section being edited, as the app holds it.
fn editing_text(app: &App) -> String {
    match &app.view {
        plandesk::tui::app::View::Plan(p) => p
            .editing
            .as_ref()
            .map(|e| e.editor.text())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

#[test]
fn ctrl_w_in_a_chinese_body_deletes_a_word_not_the_paragraph() {
    let (_dir, mut app) = sample_app();
    let sentence = "围绕镇党委、政府中心工作开展调研，加强理论学习和形势教育，提高履职能力和水平。";
    let paragraph = format!("2024{}", sentence.repeat(4));
    press(&mut app, "enter G enter ctrl-a delete");
    type_text(&mut app, &paragraph);
    press(&mut app, "ctrl-w");
    let left = paragraph.strip_suffix("水平。").unwrap_or_default();
    assert_eq!(editing_text(&app), left);
    press(&mut app, "ctrl-backspace alt-backspace");
    assert!(
        editing_text(&app).ends_with("形势教育，"),
        "{}",
        editing_text(&app)
    );
    // ctrl-← stops at the start of 提高履职能力, not at the paragraph's start.
    press(
        &mut app,
        "ctrl-z ctrl-z ctrl-end ctrl-left ctrl-left ctrl-delete",
    );
    assert!(
        editing_text(&app).ends_with("，和"),
        "{}",
        editing_text(&app)
    );
    press(&mut app, "ctrl-home ctrl-delete");
    assert!(
        editing_text(&app).starts_with("围绕"),
        "{}",
        editing_text(&app)
    );
    press(&mut app, "ctrl-end");
    type_text(&mut app, "止");
    assert!(editing_text(&app).ends_with("，和止"));
    let text = screen_text(&app, 80, 24);
    assert!(text.contains("，和止"), "{text}");
}

/// The text inside the section pane (the right-hand pane) of a plan view row.
fn section_pane(row: &str) -> &str {
    row.split('│').nth(3).unwrap_or_default().trim_end()
}

#[test]
fn a_body_is_wrapped_so_that_no_line_starts_with_a_closing_mark() {
    let chars: Vec<char> =
        "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒日月盈昃辰宿列张"
            .chars()
            .collect();
    for w in [80u16, 60, 120] {
        // The body's width: the rule under the section's heading.
        let (_dir, ws) = workspace_with(&[(ID, Plan::new("断行", 2024, Kind::Plan))]);
        let mut app = app_on(ws, Lang::Zh);
        press(&mut app, "enter ctrl-n");
        let cols = screen(&app, w, 24)
            .iter()
            .map(|r| section_pane(r))
            .find(|p| p.starts_with('─'))
            .map(UnicodeWidthStr::width)
            .unwrap_or_else(|| panic!("{w}: no section pane"));
        // As many characters as fill the line, then 。 which would start the next.
        let n = cols / 2;
        let first: String = chars[..n].iter().collect();
        let mut plan = Plan::new("断行", 2024, Kind::Plan);
        plan.sections = vec![section(1, "小节", &format!("{first}。尾，再来一句。"))];
        let (_dir, ws) = workspace_with(&[(ID, plan)]);
        let mut app = app_on(ws, Lang::Zh);
        press(&mut app, "enter");
        let rows = screen(&app, w, 24);
        let text = rows.join("\n");
        let at = rows
            .iter()
            .position(|r| section_pane(r).starts_with("甲乙"))
            .unwrap_or_else(|| panic!("{w}: no body\n{text}"));
        let moved: String = chars[..n - 1].iter().collect();
        assert_eq!(section_pane(&rows[at]), moved, "{w}\n{text}");
        assert!(
            section_pane(&rows[at + 1]).starts_with(&format!("{}。尾，", chars[n - 1])),
            "{w}: the character before 。 moves down with it\n{text}"
        );
    }
}
