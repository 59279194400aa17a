//! What the UI draws, on a TestBackend: Chinese inside borders, the outline
//! numbering, help from the live keymap, control characters made visible,
//! and small terminals that get a message instead of a broken layout.

mod common;
mod tui_common;

use plandesk::model::{Kind, Plan, Section};
use plandesk::tui::Lang;
use plandesk::tui::views::{MIN_HEIGHT, MIN_WIDTH};
use tui_common::*;
use unicode_width::UnicodeWidthStr;

/// Every row takes exactly the terminal's width in columns: no wide
/// character pushed a border out of place.
fn assert_rows_fit(rows: &[String], w: u16) {
    for (y, r) in rows.iter().enumerate() {
        assert_eq!(
            UnicodeWidthStr::width(r.as_str()),
            usize::from(w),
            "row {y}: {r:?}"
        );
    }
}

#[test]
fn the_plan_view_shows_a_chinese_heading_and_body_inside_borders() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "enter G");
    let rows = screen(&app, 72, 16);
    assert_rows_fit(&rows, 72);
    let expected = [
        "┌ 汪场镇政协联络处2024年工作计划 ──────────────────────────────────────┐",
        "│2024 · 计划 · 草稿 · 日期 2024-03-25 · 单位 汪场镇政协联络处          │",
        "└──────────────────────────────────────────────────────────────────────┘",
        "┌ 大纲 ───────────────────┐┌ 小节 ─────────────────────────────────────┐",
        "│一、强化学习，提高履职能…││二、围绕中心，服务大局，积极建言献策       │",
        "│  （一）开展专题学习     ││───────────────────────────────────────────│",
        "│    1、每月一次读书会    ││围绕镇党委、政府中心工作开展调研。         │",
        "│二、围绕中心，服务大局，…││                                           │",
    ];
    assert_eq!(rows[..8], expected, "\n{}", rows.join("\n"));
    assert_eq!(
        rows[13],
        "│地区生产总值               增长10%                                    │"
    );
}

#[test]
fn editing_a_body_wraps_wide_characters_by_columns() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "enter G enter ctrl-a delete");
    type_text(&mut app, "你好🦀你好🦀你好🦀你好🦀你好🦀你好🦀你好🦀");
    let rows = screen(&app, 60, 14);
    assert_rows_fit(&rows, 60);
    // 35 columns inside the section pane: 你好🦀 (6 columns) fits five times,
    // then 你好 makes 34, and the next 🦀 goes whole to the next row.
    let body: Vec<&str> = rows[6..9]
        .iter()
        .map(|r| r.split('│').nth(3).unwrap_or_default().trim_end())
        .collect();
    assert_eq!(body, ["你好🦀你好🦀你好🦀你好🦀你好🦀你好", "🦀你好🦀", ""]);
    assert!(rows[3].contains("小节 · 编辑中"));
    // The terminal cursor sits after the last 🦀, where an input method opens.
    let before = rows[7].split("🦀你好🦀").next().unwrap_or_default();
    let x = UnicodeWidthStr::width(before) + UnicodeWidthStr::width("🦀你好🦀");
    assert_eq!(cursor_after_draw(&app, 60, 14), (x as u16, 7));
}

#[test]
fn the_outline_is_numbered_by_depth_and_indented() {
    let mut p = Plan::new("编号", 2024, Kind::Plan);
    for (d, h) in [
        (1, "甲"),
        (2, "乙"),
        (3, "丙"),
        (4, "丁"),
        (5, "戊"),
        (3, "己"),
        (1, "庚"),
        (2, "辛"),
    ] {
        p.sections.push(Section {
            id: String::new(),
            depth: d,
            heading: h.into(),
            body: String::new(),
        });
    }
    let (_dir, ws) = workspace_with(&[(ID, p)]);
    let mut app = app_on(ws, Lang::Zh);
    press(&mut app, "enter");
    let rows = screen(&app, 70, 20);
    let outline: Vec<String> = rows[4..12]
        .iter()
        .map(|r| {
            r.split('│')
                .nth(1)
                .unwrap_or_default()
                .trim_end()
                .to_string()
        })
        .collect();
    assert_eq!(
        outline,
        [
            "一、甲",
            "  （一）乙",
            "    1、丙",
            "      （1）丁",
            "        ①戊",
            "    2、己",
            "二、庚",
            "  （一）辛",
        ]
    );
}

#[test]
fn the_plans_view_lists_years_newest_first_with_kind_state_and_progress() {
    let mut old = sample_plan();
    old.year = 2022;
    old.title = "2022年工作总结".into();
    old.kind = Kind::Summary;
    old.tasks.push(plandesk::model::Task {
        id: String::new(),
        month: 2,
        period: None,
        text: "开展一次献爱心活动".into(),
        status: plandesk::model::Status::Done,
        done_on: chrono::NaiveDate::from_ymd_opt(2022, 2, 18),
        owner: None,
    });
    let (_dir, ws) = workspace_with(&[(ID, sample_plan()), ("2022/summary", old)]);
    let mut app = app_on(ws, Lang::Zh);
    let rows = screen(&app, 80, 14);
    assert_rows_fit(&rows, 80);
    // Each year with its tasks done/total.
    assert!(rows[1].starts_with("│ 2024 0/0 │ 2022 1/1"), "{}", rows[1]);
    assert!(rows[4].contains("汪场镇政协联络处2024年工作计划"));
    press(&mut app, "right");
    let rows = screen(&app, 80, 14);
    let row = &rows[4];
    assert!(row.contains("2022年工作总结"), "{row}");
    assert!(
        row.contains("总结") && row.contains("草稿") && row.contains("1/1"),
        "{row}"
    );
    // English labels from the same table.
    app.labels = plandesk::tui::Labels::new(Lang::En);
    let text = screen_text(&app, 72, 14);
    assert!(text.contains("summary") && text.contains("draft"), "{text}");
}

#[test]
fn control_characters_in_plan_text_are_shown_as_symbols_never_raw() {
    let mut p = sample_plan();
    p.title = "标题\u{1b}]0;pwned\u{7}".into();
    p.sections[0].heading = "小节\u{1b}[2J".into();
    p.sections[0].body = "正文\u{1b}[31m红\u{9b}字\u{202e}反".into();
    let (_dir, ws) = workspace_with(&[(ID, p)]);
    let mut app = app_on(ws, Lang::Zh);
    let check = |text: &str| {
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
            "{text:?}"
        );
    };
    let list = screen_text(&app, 80, 16);
    check(&list);
    assert!(list.contains("标题␛]0;pwned␇"), "{list}");
    press(&mut app, "enter");
    let view = screen_text(&app, 80, 16);
    check(&view);
    assert!(view.contains("小节␛[2J"), "{view}");
    assert!(view.contains("正文␛[31m红�字�反"), "{view}");
    press(&mut app, "enter");
    let editing = screen_text(&app, 80, 16);
    check(&editing);
    assert!(editing.contains("正文␛[31m红"), "{editing}");
    // Leaving the editor untouched keeps the text exactly.
    press(&mut app, "esc");
    assert!(!app.dirty());
}

#[test]
fn help_lists_the_bindings_of_the_live_keymap() {
    let (_dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let dir = tempfile::TempDir::new().expect("temp");
    let user = dir.path().join("keymap.toml");
    std::fs::write(&user, "[global]\n\"f9\" = \"save\"\n\"q\" = \"noop\"\n").expect("write");
    let opts = plandesk::tui::Options {
        lang: Some(Lang::Zh),
        keymap: Some(user),
    };
    let mut app = plandesk::tui::build_app(ws, &opts);
    settle(&mut app);
    press(&mut app, "enter f1");
    let text = screen_text(&app, 100, 60);
    assert!(text.contains("帮助：当前键位"), "{text}");
    // The view's own table comes first, then the rest; keys read back from the map.
    let outline = text.find("大纲 [outline]").expect("outline table");
    let global = text.find("全局 [global]").expect("global table");
    assert!(outline < global);
    let line = |needle: &str| {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in\n{text}"))
            .to_string()
    };
    assert!(line("保存（提交）").contains("ctrl-s, f9"));
    assert!(line("  退出").contains("ctrl-c, ctrl-q, f10"));
    assert!(!line("  退出").contains(" q,"), "q was unbound");
    assert!(line("小节上移").contains("K, alt-up"));
    assert!(text.contains("自定义键位文件"));
    press(&mut app, "esc");
    assert!(app.overlays.is_empty());
}

#[test]
fn a_terminal_too_small_gets_a_message_and_no_size_panics() {
    let (_dir, mut app) = sample_app();
    let rows = screen(&app, 10, 3);
    assert_eq!(rows.len(), 3);
    assert!(rows.join("").contains("终端太小"), "{rows:?}");
    let rows = screen(&app, MIN_WIDTH - 1, MIN_HEIGHT);
    assert!(rows[0].contains("终端太小：39×12"), "{rows:?}");
    // Every view and overlay at every small size: each step changes what a
    // full-size screen shows, and every size either draws the view inside its
    // width or says the terminal is too small.
    let steps = [
        ("", "汪场镇政协联络处2024年工作计划"),
        ("enter", "大纲"),
        ("enter", "编辑中"),
        ("f1", "帮助"),
        ("esc esc", "esc 返回"),
        ("f2", "编辑中"),
        ("esc delete", "删除"),
        ("esc tab", "地区生产总值"),
        ("f9", "二月"),
    ];
    let mut before = screen_text(&app, 80, 24);
    for (keys, marker) in steps {
        press(&mut app, keys);
        let full = screen_text(&app, 80, 24);
        assert!(full.contains(marker), "after `{keys}`: {marker}\n{full}");
        assert!(
            keys.is_empty() || full != before,
            "`{keys}` changed nothing:\n{full}"
        );
        before = full;
        for w in (0..70).step_by(3) {
            for h in 0..18 {
                let rows = screen(&app, w, h);
                assert_rows_fit(&rows, w);
                let text = rows.join("\n");
                if w >= MIN_WIDTH && h >= MIN_HEIGHT {
                    assert!(
                        !text.contains("终端太小"),
                        "{w}×{h} after `{keys}`:\n{text}"
                    );
                } else if w >= 10 && h >= 3 {
                    assert!(text.contains("终端太小"), "{w}×{h} after `{keys}`:\n{text}");
                }
            }
        }
    }
}

#[test]
fn prompts_and_questions_draw_over_the_view() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "n");
    type_text(&mut app, "你好🦀");
    let text = screen_text(&app, 80, 20);
    assert!(text.contains("新建计划"), "{text}");
    assert!(text.contains("你好🦀"), "{text}");
    press(&mut app, "esc enter enter");
    type_text(&mut app, "改");
    press(&mut app, "esc q");
    let text = screen_text(&app, 80, 20);
    assert!(text.contains("有未保存的修改"), "{text}");
    assert!(text.contains(" 保存 ") && text.contains(" 放弃修改 ") && text.contains(" 取消 "));
    assert_rows_fit(&screen(&app, 80, 20), 80);
}

#[test]
fn the_hints_show_keys_that_work_with_an_input_method_on() {
    let (_dir, mut app) = sample_app();
    let last = |app: &plandesk::tui::App| screen(app, 120, 14).last().cloned().unwrap_or_default();
    let hints = last(&app);
    assert!(hints.starts_with("enter 打开 · "), "{hints}");
    assert!(
        hints.contains("f1 帮助") && hints.contains("f10 退出"),
        "{hints}"
    );
    press(&mut app, "enter");
    let hints = last(&app);
    assert!(
        hints.contains("enter 编辑正文") && hints.contains("f2 改小节标题"),
        "{hints}"
    );
    press(&mut app, "enter");
    let hints = last(&app);
    assert!(hints.starts_with("esc 完成编辑 · ctrl-s 保存"), "{hints}");
}

/// A FIFO, a link to /dev/zero and a linked year folder among the plans:
/// the plan list reads (the job ends), shows the good plan, and names each
/// refused file in the UI with an escape in its name made visible.
#[cfg(unix)]
#[test]
fn the_plan_list_names_special_files_and_shows_the_others() {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let year = dir.path().join("plans/2024");
    let made = std::process::Command::new("mkfifo")
        .arg(year.join("pipe.toml"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", year.join("zero\u{1b}[2J.toml")).expect("ln");
    let outside = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("plans/2019")).expect("ln");
    let app = app_on(ws, Lang::En);
    let rows = screen(&app, 100, 30);
    let text = rows.join("\n");
    assert!(text.contains("汪场镇政协联络处2024年工作计划"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
    let problems: Vec<String> = app
        .plans
        .listing
        .plans
        .iter()
        .filter_map(|e| e.summary.as_ref().err().map(ToString::to_string))
        .chain(app.plans.listing.stray.iter().map(ToString::to_string))
        .collect();
    for (name, why) in [
        ("plans/2024/pipe.toml", "FIFO"),
        ("plans/2019", "symbolic link"),
    ] {
        assert!(
            problems.iter().any(|p| p.contains(name) && p.contains(why)),
            "{name}: {problems:?}"
        );
    }
}
