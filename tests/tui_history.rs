//! The history view and the diff view: rows paged in through the worker,
//! a Chinese character-level change styled cell by cell, and the approval
//! steps and restore driven by keys, read back with git.

mod common;
mod tui_common;

use std::time::{Duration, Instant};

use chrono::Local;
use plandesk::model::{ApprovalState, Plan, PlanId};
use plandesk::store::{Action as Commit, Change, Workspace};
use plandesk::tui::app::View;
use plandesk::tui::history::HistoryState;
use plandesk::tui::overlay::Overlay;
use plandesk::tui::{App, Lang, views};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use tui_common::*;

/// Take the jobs' outcomes until `done` holds (or fail after a while).
fn wait_until(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    loop {
        pump(app);
        if done(app) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "waited for {what}:\n{}",
            screen_text(app, 100, 20)
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn history(app: &App) -> &HistoryState {
    match &app.view {
        View::History(h) => h,
        _ => panic!("not in the history view"),
    }
}

/// The history is walked to the end and every row near the cursor has its details.
fn settled(app: &App) -> bool {
    matches!(&app.view, View::History(h)
        if h.done && !h.walking && h.asked.iter().all(|id| h.details.contains_key(id)))
}

fn buffer(app: &App, w: u16, h: u16) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| views::draw(app, f)).expect("draw");
    t.backend().buffer().clone()
}

/// The column of the cell holding `c` on row `y`.
fn column_of(buf: &Buffer, y: u16, c: &str) -> u16 {
    (0..buf.area.width)
        .find(|x| buf[(*x, y)].symbol() == c)
        .unwrap_or_else(|| panic!("{c} not on row {y}"))
}

fn save(ws: &Workspace, plan: &mut Plan, summary: &str) {
    ws.save(&id(), plan, &Change::new(Commit::Edit, summary))
        .expect("save");
}

#[test]
fn the_history_shows_action_author_local_time_summary_and_the_approval_mark() {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    ws.approve(&id(), Some("同意")).expect("approve");
    let newest = ws.log(None, Some(1)).expect("log").remove(0);
    let mut app = app_on(ws, Lang::Zh);
    press(&mut app, "H");
    wait_until(&mut app, "the whole history", settled);
    // The workspace's first commit, the plan's, the approval.
    assert_eq!(history(&app).ids.len(), 3);
    let rows = screen(&app, 130, 12);
    let text = rows.join("\n");
    assert!(rows[0].contains("历史：全部计划"), "{text}");
    let time = newest
        .time
        .with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let row = &rows[1];
    assert!(row.contains(&newest.short), "{text}");
    assert!(row.contains(&time), "{text}");
    // The action in the UI's language, and the subject without its English verb.
    assert!(row.contains("批准"), "{text}");
    assert!(!row.contains("pprove"), "{text}");
    assert!(row.contains(common::NAME), "{text}");
    let subject = newest.summary.strip_prefix("Approve ").expect("verb");
    assert!(row.contains(subject), "{text}");
    assert!(
        row.contains(&format!("✔ {} <{}>", common::NAME, common::EMAIL)),
        "{text}"
    );
    assert!(rows[2].contains("新建") && !rows[2].contains('✔'), "{text}");
    assert!(rows.iter().any(|r| r.contains("3 个提交")), "{text}");

    // In English, the English words.
    app.labels = plandesk::tui::Labels::new(Lang::En);
    let rows = screen(&app, 130, 12);
    let text = rows.join("\n");
    assert!(
        rows[1].contains("approve") && !rows[1].contains("批准"),
        "{text}"
    );
    assert!(rows[2].contains("new"), "{text}");
    drop(dir);
}

#[test]
fn a_two_character_chinese_edit_is_styled_character_by_character() {
    let (_dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let mut plan = ws.load(&id()).expect("load");
    plan.sections[0].body = "全年学习四次".into();
    save(&ws, &mut plan, "四次");
    plan.sections[0].body = "全年学习六次".into();
    save(&ws, &mut plan, "六次");
    let mut app = app_on(ws, Lang::Zh);
    // The plan's own history, from the plan view; Enter on the newest commit.
    press(&mut app, "enter alt-h");
    wait_until(&mut app, "the plan's history", settled);
    assert!(history(&app).plan.is_some());
    press_settled(&mut app, "enter");
    assert!(matches!(app.view, View::Diff(_)));
    let buf = buffer(&app, 90, 20);
    let rows = screen(&app, 90, 20);
    let y = rows
        .iter()
        .position(|r| r.contains("全年学习四六次"))
        .unwrap_or_else(|| panic!("{}", rows.join("\n")));
    let y = u16::try_from(y).expect("row");
    let style = |c: &str| buf[(column_of(&buf, y, c), y)].style();
    assert_eq!(style("四").fg, Some(Color::Red));
    assert!(style("四").add_modifier.contains(Modifier::CROSSED_OUT));
    assert_eq!(style("六").fg, Some(Color::Green));
    assert!(style("六").add_modifier.contains(Modifier::UNDERLINED));
    for neighbour in ["习", "次"] {
        let s = style(neighbour);
        assert!(
            s.add_modifier.is_empty() && matches!(s.fg, None | Some(Color::Reset)),
            "{neighbour}: {s:?}"
        );
    }
    // The section is named, with what happened to it.
    assert!(
        rows.iter()
            .any(|r| r.contains("~ 一、强化学习") && r.contains("已修改")),
        "{}",
        rows.join("\n")
    );
    // The raw TOML diff, and back.
    press(&mut app, "tab");
    let raw = screen_text(&app, 90, 20);
    assert!(raw.contains("-body = \"全年学习四次\""), "{raw}");
    assert!(raw.contains("+body = \"全年学习六次\""), "{raw}");
    press(&mut app, "esc");
    assert!(matches!(app.view, View::History(_)));
    press(&mut app, "esc");
    assert!(matches!(app.view, View::Plan(_)));
}

#[test]
fn a_marked_commit_is_compared_with_another_and_since_approval_has_a_message_first() {
    let (_dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let mut plan = ws.load(&id()).expect("load");
    for n in ["一", "二", "三"] {
        plan.sections[0].body = format!("第{n}稿");
        save(&ws, &mut plan, n);
    }
    let mut app = app_on(ws, Lang::Zh);
    press(&mut app, "enter");
    // Never approved: a message, no diff.
    press_settled(&mut app, "alt-v");
    let status = app.status.clone().map(|s| s.text).unwrap_or_default();
    assert!(status.contains("还没有被批准过"), "{status}");
    assert!(matches!(app.view, View::Plan(_)));
    press(&mut app, "H");
    wait_until(&mut app, "the plan's history", settled);
    // Mark the newest (第三稿), compare with the third (第一稿).
    press_settled(&mut app, "insert down down enter");
    let text = screen_text(&app, 90, 20);
    assert!(text.contains("第一三稿"), "{text}");
}

#[test]
fn a_long_history_pages_in_through_the_worker() {
    let (_dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let mut plan = ws.load(&id()).expect("load");
    for i in 0..300 {
        plan.org = Some(format!("联络处{i}"));
        save(&ws, &mut plan, &format!("第{i}次"));
    }
    let total = ws.log(None, None).expect("log").len();
    assert_eq!(total, 302);
    let mut app = app_on(ws, Lang::Zh);
    app.screen_rows = 20;
    press(&mut app, "H");
    wait_until(&mut app, "the first batch", |app| {
        !history(app).ids.is_empty() && !history(app).walking
    });
    let h = history(&app);
    assert_eq!(h.ids.len(), plandesk::jobs::BATCH);
    assert!(!h.done);
    wait_until(&mut app, "the first rows", |app| {
        let h = history(app);
        h.details.contains_key(&h.ids[0])
    });
    let text = screen_text(&app, 100, 20);
    assert!(text.contains("第299次"), "{text}");
    // Details were asked for the 17 rows on screen and the next screen down only.
    let rows = plandesk::tui::views::history::list_rows(20);
    assert_eq!(rows, 17);
    let h = history(&app);
    let expected: std::collections::HashSet<_> = h.ids[..2 * rows].iter().copied().collect();
    assert_eq!(h.asked, expected);
    // Moving down a page asks for the rows that come into view, not the rest.
    press(&mut app, "pagedown pagedown pagedown");
    let cursor = history(&app).cursor;
    wait_until(&mut app, "the rows in view", |app| {
        let h = history(app);
        h.details.contains_key(&h.ids[cursor])
    });
    let h = history(&app);
    let top = cursor + 1 - rows;
    assert!(h.ids[top..top + rows].iter().all(|id| h.asked.contains(id)));
    // Each step asked for its screen and the next: rows 0 up to two screens past the top.
    assert_eq!(h.asked.len(), top + 2 * rows, "{} asked", h.asked.len());
    assert!(h.asked.len() < h.ids.len());
    // A taller terminal brings more rows into view, and their details are asked.
    app.screen_rows = 60;
    plandesk::tui::update::update(&mut app, plandesk::tui::Action::Resize);
    let h = history(&app);
    let top = plandesk::tui::views::scroll_for(cursor, 57);
    assert!(
        h.ids[top..(top + 57).min(h.ids.len())]
            .iter()
            .all(|id| h.asked.contains(id))
    );
    // Scrolling down asks for more, until the end.
    let mut rounds = 0;
    while !history(&app).done {
        press(&mut app, "G");
        let before = history(&app).ids.len();
        wait_until(&mut app, "another batch", |app| {
            let h = history(app);
            h.done || h.ids.len() > before
        });
        rounds += 1;
        assert!(rounds < 10, "the walk does not end");
    }
    assert_eq!(history(&app).ids.len(), total);
    assert!(rounds >= 2);
    wait_until(&mut app, "the last rows", settled);
    press(&mut app, "G");
    wait_until(&mut app, "the last rows", settled);
    let text = screen_text(&app, 100, 20);
    assert!(text.contains("Create plandesk workspace"), "{text}");
}

#[test]
fn submit_approve_and_return_by_keys_each_make_one_commit() {
    let (dir, mut app) = sample_app();
    press(&mut app, "enter alt-s");
    type_text(&mut app, "请审阅");
    press(&mut app, "enter");
    assert_eq!(
        app.plan().expect("plan").base.state(),
        ApprovalState::Submitted
    );
    let subject = git(dir.path(), &["log", "-1", "--format=%s"]);
    assert!(subject.starts_with("Submit"), "{subject}");

    press(&mut app, "alt-a");
    type_text(&mut app, "同意");
    press(&mut app, "enter");
    assert_eq!(
        app.plan().expect("plan").base.state(),
        ApprovalState::Approved
    );
    let by = git(
        dir.path(),
        &[
            "log",
            "-1",
            "--format=%(trailers:key=Approved-by,valueonly,separator=)",
        ],
    );
    assert_eq!(by.trim(), format!("{} <{}>", common::NAME, common::EMAIL));
    let screen = screen_text(&app, 90, 16);
    assert!(screen.contains("已批准"), "{screen}");

    // A return needs a note: the prompt stays until there is one.
    press(&mut app, "alt-r enter");
    assert!(!app.overlays.is_empty());
    type_text(&mut app, "目标不明确");
    press(&mut app, "enter");
    assert!(app.overlays.is_empty());
    assert_eq!(
        app.plan().expect("plan").base.state(),
        ApprovalState::Returned
    );
    let log = git(
        dir.path(),
        &[
            "log",
            "-3",
            "--format=%(trailers:key=Action,valueonly,separator=)",
        ],
    );
    assert_eq!(
        log.split_whitespace().collect::<Vec<_>>(),
        ["return", "approve", "submit"]
    );

    // A refusal is shown before a reason is asked: a returned plan cannot
    // be returned again.
    press(&mut app, "alt-r");
    assert!(!matches!(app.overlays.last(), Some(Overlay::Prompt(_))));
    press(&mut app, "enter");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.kind == plandesk::tui::app::StatusKind::Error),
        "{:?}",
        app.status
    );
    assert_eq!(
        git(
            dir.path(),
            &[
                "log",
                "-1",
                "--format=%(trailers:key=Action,valueonly,separator=)"
            ]
        )
        .trim(),
        "return"
    );
}

#[test]
fn approval_steps_wait_for_unsaved_changes_to_be_saved() {
    let (dir, mut app) = sample_app();
    press(&mut app, "enter enter");
    type_text(&mut app, "新增");
    press(&mut app, "esc alt-s");
    let status = app.status.clone().map(|s| s.text).unwrap_or_default();
    assert!(status.contains("先保存"), "{status}");
    assert!(app.overlays.is_empty());
    let subject = git(dir.path(), &["log", "-1", "--format=%s"]);
    assert!(!subject.starts_with("Submit"), "{subject}");
}

#[test]
fn restore_from_the_history_brings_the_old_body_back_as_a_new_commit() {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let mut plan = ws.load(&id()).expect("load");
    plan.sections[0].body = "改过的正文".into();
    save(&ws, &mut plan, "改正文");
    let mut app = app_on(ws, Lang::Zh);
    press(&mut app, "enter H");
    wait_until(&mut app, "the plan's history", settled);
    // The second row is the plan's first commit; restore it, confirmed.
    press(&mut app, "down alt-r");
    assert!(!app.overlays.is_empty());
    press_settled(&mut app, "y");
    wait_until(&mut app, "the history again", settled);
    assert_eq!(history(&app).ids.len(), 3);
    let action = git(
        dir.path(),
        &[
            "log",
            "-1",
            "--format=%(trailers:key=Action,valueonly,separator=)",
        ],
    );
    assert_eq!(action.trim(), "restore");
    // The plan under the history was read again.
    assert_eq!(
        app.plan().expect("plan").base.sections[0].body,
        "加强理论学习和形势教育。"
    );
    let _ = PlanId::parse(ID);
}

#[test]
fn replies_of_an_older_walk_are_dropped() {
    let (_dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let total = ws.log(None, None).expect("log").len();
    let mut app = app_on(ws, Lang::Zh);
    // Reload before any reply is taken: the first walk's answers are stale.
    press(&mut app, "H f5 f5");
    wait_until(&mut app, "the history", settled);
    std::thread::sleep(Duration::from_millis(50));
    pump(&mut app);
    assert_eq!(history(&app).ids.len(), total);
}

#[test]
fn changes_since_approval_compare_the_file_with_the_approved_revision() {
    let (_dir, ws) = workspace_with(&[(ID, sample_plan())]);
    ws.approve(&id(), None).expect("approve");
    let mut plan = ws.load(&id()).expect("load");
    plan.sections[3].heading = "围绕中心，服务大局".into();
    save(&ws, &mut plan, "短标题");
    let mut app = app_on(ws, Lang::En);
    press_settled(&mut app, "enter alt-v");
    let text = screen_text(&app, 100, 20);
    assert!(matches!(app.view, View::Diff(_)), "{text}");
    assert!(text.contains("working tree"), "{text}");
    assert!(
        text.contains("heading: 围绕中心，服务大局，积极建言献策"),
        "{text}"
    );
    assert!(text.contains("approved → draft"), "{text}");
}
