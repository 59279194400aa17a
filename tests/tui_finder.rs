//! The finder overlay and the plan list's year tabs at scale: key scripts
//! through the real keymap and update on real workspaces, screens drawn on
//! a TestBackend.

mod common;
mod tui_common;

use plandesk::model::{Kind, Plan, PlanId, Section};
use plandesk::tui::app::{Focus, View};
use plandesk::tui::overlay::Overlay;
use plandesk::tui::{App, Lang, views};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use tui_common::*;

/// The sample plan (2024) with tasks in February, March and November, and a
/// 2022 plan with a section of its own.
fn app() -> (tempfile::TempDir, App) {
    let mut p = sample_plan();
    p.tasks = vec![
        task(2, "开展一次献爱心活动"),
        task(3, "组织委员视察"),
        task(11, "组织市政协委员集中学习一次"),
    ];
    let mut old = Plan::new("汪场镇政协2022年工作计划", 2022, Kind::Plan);
    old.sections = vec![
        Section {
            id: String::new(),
            depth: 1,
            heading: "认真履行政协职能".into(),
            body: "坚持民主监督，开展半年评议。".into(),
        },
        Section {
            id: String::new(),
            depth: 2,
            heading: "深入开展专题调研".into(),
            body: String::new(),
        },
    ];
    let (dir, ws) = workspace_with(&[(ID, p), ("2022/zhengxie", old)]);
    let mut app = app_on(ws, Lang::Zh);
    app.today = chrono::NaiveDate::from_ymd_opt(2024, 3, 15).expect("date");
    (dir, app)
}

/// Whether some cell showing `c` on screen is highlighted as a match.
fn highlighted(app: &App, c: &str) -> bool {
    let mut t = Terminal::new(TestBackend::new(120, 30)).expect("terminal");
    t.draw(|f| views::draw(app, f)).expect("draw");
    let buf = t.backend().buffer().clone();
    buf.content().iter().any(|cell| {
        cell.symbol() == c
            && cell.fg == Color::Yellow
            && cell.modifier.contains(Modifier::UNDERLINED)
    })
}

fn finder_open(app: &App) -> bool {
    matches!(app.overlays.last(), Some(Overlay::Finder(_)))
}

#[test]
fn pinyin_finds_a_task_highlighted_and_enter_lands_on_it_on_the_board_in_its_month() {
    let (_dir, mut app) = app();
    press_settled(&mut app, "ctrl-p");
    assert!(finder_open(&app));
    type_text(&mut app, "jzxx");
    settle(&mut app);
    let screen = screen_text(&app, 120, 30);
    assert!(
        screen.contains(
            "2024 › 汪场镇政协联络处2024年工作计划 › 十一月 › 组织市政协委员集中学习一次"
        ),
        "{screen}"
    );
    assert!(
        highlighted(&app, "集"),
        "集 of 集中学习 is highlighted\n{screen}"
    );
    assert!(highlighted(&app, "习"));
    press(&mut app, "enter");
    assert!(!finder_open(&app));
    let View::Board(b) = &app.view else {
        panic!("not on the board");
    };
    let i = b.selected().expect("a task selected");
    assert_eq!(b.plan.working.tasks[i].text, "组织市政协委员集中学习一次");
    assert_eq!(b.plan.working.tasks[i].month, 11);
    let screen = screen_text(&app, 120, 30);
    assert!(screen.contains("十一月"), "{screen}");
}

#[test]
fn enter_on_a_section_of_another_year_selects_it_in_the_outline_and_esc_returns() {
    let (_dir, mut app) = app();
    // Esc closes the finder where it was opened: the plan list stays.
    press_settled(&mut app, "/");
    type_text(&mut app, "zhuanti");
    settle(&mut app);
    press(&mut app, "esc");
    assert!(!finder_open(&app));
    assert!(matches!(app.view, View::Plans));

    press_settled(&mut app, "/");
    type_text(&mut app, "ztdy");
    settle(&mut app);
    let screen = screen_text(&app, 120, 30);
    assert!(
        screen.contains(
            "2022 › 汪场镇政协2022年工作计划 › 一、认真履行政协职能 › （一）深入开展专题调研"
        ),
        "{screen}"
    );
    press(&mut app, "enter");
    let p = app.plan().expect("the plan view");
    assert_eq!(p.id, PlanId::parse("2022/zhengxie").expect("id"));
    assert_eq!(p.focus, Focus::Outline);
    assert_eq!(p.working.sections[p.section].heading, "深入开展专题调研");
    // Back from the plan: the list is on the plan's year.
    press_settled(&mut app, "esc");
    assert!(matches!(app.view, View::Plans));
    assert_eq!(app.plans.selected_year(), Some(2022));
}

#[test]
fn a_body_phrase_shows_its_snippet_and_the_opened_item_comes_first_on_an_empty_query() {
    let (_dir, mut app) = app();
    press_settled(&mut app, "ctrl-p");
    type_text(&mut app, "半年评议");
    settle(&mut app);
    let screen = screen_text(&app, 120, 30);
    assert!(
        screen.contains("┆ 坚持民主监督，开展半年评议。"),
        "{screen}"
    );
    press(&mut app, "enter");
    assert_eq!(
        app.plan().map(|p| p.id.to_string()).as_deref(),
        Some("2022/zhengxie")
    );

    press_settled(&mut app, "ctrl-p");
    let Some(Overlay::Finder(s)) = app.overlays.last() else {
        panic!("no finder");
    };
    let first = s.rows.first().expect("rows on an empty query");
    assert_eq!(
        first.path,
        "2022 › 汪场镇政协2022年工作计划 › 一、认真履行政协职能"
    );
}

#[test]
fn slash_is_typed_inside_a_text_field_and_the_finder_sees_a_save() {
    let (_dir, mut app) = app();
    press_settled(&mut app, "enter");
    assert!(app.plan().is_some());
    // Edit a heading: `/` is typed, not the finder.
    press(&mut app, "f2");
    assert!(app.plan().is_some_and(|p| p.editing.is_some()));
    press(&mut app, "ctrl-a");
    type_text(&mut app, "读书/分享会");
    press(&mut app, "enter");
    assert!(!finder_open(&app));
    press_settled(&mut app, "ctrl-s");
    press_settled(&mut app, "ctrl-p");
    type_text(&mut app, "fenxiang");
    settle(&mut app);
    let screen = screen_text(&app, 120, 30);
    assert!(screen.contains("读书/分享会"), "{screen}");
}

/// A workspace of one plan a year, 1985..=2024.
fn forty_years() -> (tempfile::TempDir, App) {
    let plans: Vec<(String, Plan)> = (1985..=2024)
        .map(|y| {
            (
                format!("{y}/plan"),
                Plan::new(format!("{y}年工作计划"), y, Kind::Plan),
            )
        })
        .collect();
    let refs: Vec<(&str, Plan)> = plans.iter().map(|(i, p)| (i.as_str(), p.clone())).collect();
    let (dir, ws) = workspace_with(&refs);
    (dir, app_on(ws, Lang::Zh))
}

#[test]
fn forty_years_the_tabs_scroll_with_counts_and_the_oldest_is_reachable() {
    let (_dir, mut app) = forty_years();
    let tabs = |app: &App| screen(app, 100, 30)[1].clone();
    let first = tabs(&app);
    assert!(first.contains("2024"), "{first}");
    assert!(!first.contains("1985"), "{first}");
    assert!(!first.contains('‹'), "nothing newer: {first}");
    let right: usize = first
        .rsplit_once(" ›")
        .and_then(|(l, _)| l.split_whitespace().last())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count of older years: {first}"));
    assert!(right > 20, "{first}");
    for _ in 0..39 {
        press(&mut app, "right");
    }
    assert_eq!(app.plans.selected_year(), Some(1985));
    let last = tabs(&app);
    assert!(last.contains("1985"), "{last}");
    assert!(last.contains("‹ "), "{last}");
    assert!(!last.contains(" ›"), "nothing older: {last}");
    let screen = screen_text(&app, 100, 30);
    assert!(screen.contains("1985年工作计划"), "{screen}");

    // A year typed by its digits: in full, or its last two.
    press(&mut app, "y");
    type_text(&mut app, "2003");
    press(&mut app, "enter");
    assert_eq!(app.plans.selected_year(), Some(2003));
    let mid = tabs(&app);
    assert!(
        mid.contains("2003") && mid.contains("‹ ") && mid.contains(" ›"),
        "{mid}"
    );
    press(&mut app, "ctrl-g");
    type_text(&mut app, "87");
    press(&mut app, "enter");
    assert_eq!(app.plans.selected_year(), Some(1987));
    press(&mut app, "y");
    type_text(&mut app, "1900");
    press(&mut app, "enter");
    let screen = screen_text(&app, 100, 30);
    assert!(screen.contains("没有 1900 年的计划"), "{screen}");
}

#[test]
fn a_target_found_by_initials_is_selected_in_the_targets_table_and_stale_rows_are_dropped() {
    let (_dir, mut app) = app();
    press_settled(&mut app, "ctrl-p");
    // Typed without waiting: each keystroke asks anew, only the last is kept.
    type_text(&mut app, "dqsczz");
    settle(&mut app);
    let Some(Overlay::Finder(s)) = app.overlays.last() else {
        panic!("no finder");
    };
    assert_eq!(s.answered.as_deref(), Some("dqsczz"));
    assert_eq!(
        s.rows.first().map(|r| r.path.as_str()),
        Some("2024 › 汪场镇政协联络处2024年工作计划 › 地区生产总值：增长10%")
    );
    press(&mut app, "enter");
    let p = app.plan().expect("the plan view");
    assert_eq!(p.focus, Focus::Targets);
    assert_eq!(p.working.targets[p.target].name, "地区生产总值");
}

#[test]
fn a_plan_added_by_plain_git_is_found_when_the_finder_opens_again() {
    let (_dir, mut app) = app();
    press_settled(&mut app, "ctrl-p");
    type_text(&mut app, "guihua");
    settle(&mut app);
    assert!(!screen_text(&app, 120, 30).contains("城乡规划"));
    press(&mut app, "esc");

    let root = app.ws.root().to_path_buf();
    let mut p = Plan::new("城乡规划工作要点", 2023, Kind::Plan);
    p.sections = vec![Section {
        id: String::new(),
        depth: 1,
        heading: "编制村庄规划".into(),
        body: String::new(),
    }];
    let file = root.join("plans/2023/guihua.toml");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    std::fs::write(&file, plandesk::model::write_plan(&p)).expect("write");
    git(&root, &["add", "."]);
    git(
        &root,
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-qm",
            "add",
        ],
    );

    press_settled(&mut app, "ctrl-p");
    type_text(&mut app, "guihua");
    settle(&mut app);
    let screen = screen_text(&app, 120, 30);
    assert!(screen.contains("2023 › 城乡规划工作要点"), "{screen}");
    press(&mut app, "enter");
    assert_eq!(
        app.plan().map(|p| p.id.to_string()).as_deref(),
        Some("2023/guihua")
    );
}

#[test]
fn unsaved_changes_keep_the_plan_on_screen_when_the_item_is_in_another_plan() {
    let (_dir, mut app) = app();
    press_settled(&mut app, "enter");
    press(&mut app, "f2 ctrl-a");
    type_text(&mut app, "新的标题");
    press(&mut app, "enter");
    assert!(app.dirty());
    press_settled(&mut app, "ctrl-p");
    type_text(&mut app, "ztdy");
    settle(&mut app);
    press(&mut app, "enter");
    let p = app.plan().expect("still the plan view");
    assert_eq!(p.id, tui_common::id());
    assert!(p.working.sections.iter().any(|s| s.heading == "新的标题"));
    let screen = screen_text(&app, 120, 30);
    assert!(screen.contains("未保存的改动"), "{screen}");
}

#[test]
fn enter_typed_before_the_rows_of_the_query_come_goes_to_the_first_of_them() {
    let (_dir, mut app) = app();
    press_settled(&mut app, "ctrl-p");
    // An older query's rows are on screen: the plan comes first for 2024.
    type_text(&mut app, "2024");
    settle(&mut app);
    // Typed and entered faster than the matcher answers (nothing is handed
    // to update between the keys): Enter must not take a row of "2024".
    type_text(&mut app, " jzxx");
    press(&mut app, "enter");
    assert!(
        finder_open(&app),
        "Enter waits for the rows of the query typed"
    );
    settle(&mut app);
    assert!(!finder_open(&app));
    let View::Board(b) = &app.view else {
        panic!("not on the board: Enter took a row of an older query");
    };
    let i = b.selected().expect("a task selected");
    assert_eq!(b.plan.working.tasks[i].text, "组织市政协委员集中学习一次");
}
