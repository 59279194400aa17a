//! The conflict view and the conflict marks, driven by key scripts through
//! the real keymap and update; commits read back with the git CLI. Also a
//! save that raced another writer's commit, merged three-way.

mod common;
mod tui_common;

use plandesk::model::{Conflict, Field, Plan, PlanId, Status, Task};
use plandesk::store::{Action as Commit, Change, Workspace};
use plandesk::tui::app::View;
use plandesk::tui::overlay::Overlay;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use tui_common::*;

const OURS: &str = "每季度一次，集中学习。";
const THEIRS: &str = "每季度两次。";

/// The sample plan as a sync leaves it after a collision: our texts in the
/// plan, both sides and the base in two `[[conflicts]]`.
fn conflicted() -> Plan {
    let mut p = sample_plan();
    for (i, s) in p.sections.iter_mut().enumerate() {
        s.id = format!("s{}", i + 1);
    }
    p.sections[1].body = OURS.into();
    p.tasks.push(Task {
        id: "t1".into(),
        month: 3,
        period: None,
        text: "召开委员座谈会".into(),
        status: Status::Todo,
        done_on: None,
        owner: None,
    });
    p.conflicts = vec![
        Conflict {
            id: "c1".into(),
            item: "s2".into(),
            field: Field::Body,
            base: Some("每季度一次。".into()),
            ours: Some(OURS.into()),
            theirs: Some(THEIRS.into()),
        },
        Conflict {
            id: "c2".into(),
            item: "t1".into(),
            field: Field::Text,
            base: Some("召开座谈会".into()),
            ours: Some("召开委员座谈会".into()),
            theirs: Some("召开政协委员座谈会".into()),
        },
    ];
    p
}

fn app_with_conflicts() -> (tempfile::TempDir, plandesk::tui::App) {
    let (dir, ws) = workspace_with(&[(ID, conflicted())]);
    (dir, app_on(ws, plandesk::tui::Lang::Zh))
}

fn committed(dir: &std::path::Path) -> Plan {
    let text = git(dir, &["show", &format!("HEAD:plans/{ID}.toml")]);
    plandesk::model::parse_plan(&text).expect("committed plan")
}

fn git(dir: &std::path::Path, args: &[&str]) -> String {
    common::git(dir, args)
}

fn status(app: &plandesk::tui::App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn plans_with_conflicts_are_marked_in_the_list_the_plan_and_the_board() {
    let (_dir, mut app) = app_with_conflicts();
    let list = screen(&app, 100, 20);
    let row = list
        .iter()
        .find(|l| l.contains("汪场镇政协联络处2024年工作计划"))
        .expect("listed");
    assert!(row.contains("冲突2 汪场镇"), "{row}");

    press(&mut app, "enter");
    let plan = screen_text(&app, 120, 30);
    assert!(plan.contains("2 处同步冲突待解决（alt-x）"), "{plan}");
    // The section a conflict is about is marked in the outline, the others not.
    let rows = screen(&app, 120, 30);
    assert!(
        rows.iter().any(|r| r.contains("│!   （一）开展专题学习")),
        "{plan}"
    );
    assert!(rows.iter().any(|r| r.contains("│  一、强化学习")), "{plan}");

    press(&mut app, "f9");
    let board = screen(&app, 120, 30);
    let task = board
        .iter()
        .find(|r| r.contains("召开委员座谈会"))
        .expect("task on the board");
    assert!(
        task.starts_with("│ ! [") && task.contains("] 召开委员座谈会"),
        "{task}"
    );
    assert!(board[0].contains("2 处同步冲突待解决"), "{}", board[0]);
}

#[test]
fn the_conflict_view_shows_three_sides_with_changes_marked_by_character() {
    let (_dir, mut app) = app_with_conflicts();
    press(&mut app, "enter alt-x");
    assert!(matches!(app.view, View::Conflicts(_)));
    let mut t = Terminal::new(TestBackend::new(120, 30)).expect("terminal");
    t.draw(|f| plandesk::tui::views::draw(&app, f))
        .expect("draw");
    let buf = t.backend().buffer().clone();
    let rows = buffer_rows(&buf);
    let text = rows.join("\n");
    for want in [
        "冲突：汪场镇政协联络处2024年工作计划（1/2）",
        "c1  章节「开展专题学习」 · body",
        "c2  三月任务「召开委员座谈会」 · text",
        "共同的原版",
        "本机（ours）",
        "对方（theirs）",
    ] {
        assert!(text.contains(want), "{want} not in\n{text}");
    }
    // Ours: "，集中学习" added (underlined); theirs: "一" removed (crossed
    // out) and "两" added; the base column unmarked.
    let cell_of = |ch: &str, from_col: u16| {
        (0..buf.area.height)
            .flat_map(|y| (from_col..buf.area.width).map(move |x| (x, y)))
            .find(|&(x, y)| buf[(x, y)].symbol() == ch)
            .map(|(x, y)| buf[(x, y)].clone())
            .unwrap_or_else(|| panic!("{ch} not on screen"))
    };
    let third = buf.area.width / 3;
    assert!(cell_of("集", third).modifier.contains(Modifier::UNDERLINED));
    assert!(
        cell_of("两", 2 * third)
            .modifier
            .contains(Modifier::UNDERLINED)
    );
    let removed = cell_of("一", 2 * third);
    assert!(removed.modifier.contains(Modifier::CROSSED_OUT));
    let base = cell_of("每", 0);
    assert!(base.modifier.is_empty(), "{base:?}");
}

#[test]
fn taking_theirs_then_ours_commits_each_and_goes_back_when_none_is_left() {
    let (dir, mut app) = app_with_conflicts();
    press(&mut app, "enter alt-x alt-t");
    let plan = committed(dir.path());
    assert_eq!(plan.sections[1].body, THEIRS);
    assert_eq!(plan.conflicts.len(), 1);
    let msg = git(dir.path(), &["log", "-1", "--format=%B"]);
    assert!(
        msg.starts_with(&format!("Resolve {ID}: body of 「开展专题学习」: theirs")),
        "{msg}"
    );
    assert!(msg.contains("Action: resolve"), "{msg}");
    assert!(status(&app).contains("已解决 c1（对方"), "{}", status(&app));
    // The plan on screen is the committed one.
    assert_eq!(app.plan().expect("plan").working.sections[1].body, THEIRS);
    assert!(matches!(app.view, View::Conflicts(_)));

    press(&mut app, "alt-o");
    let plan = committed(dir.path());
    assert!(plan.conflicts.is_empty());
    assert_eq!(plan.tasks[0].text, "召开委员座谈会");
    assert!(matches!(app.view, View::Plan(_)), "back to the plan");
    assert!(status(&app).contains("冲突都已解决"), "{}", status(&app));
    assert!(!screen_text(&app, 120, 30).contains("同步冲突待解决"));
    assert!(
        git(dir.path(), &["status", "--porcelain"])
            .trim()
            .is_empty()
    );
    let log = git(dir.path(), &["log", "--format=%s"]);
    assert_eq!(log.lines().filter(|l| l.starts_with("Resolve ")).count(), 2);
    // Nothing else to resolve: the key says so and stays.
    press(&mut app, "alt-x");
    assert!(matches!(app.view, View::Plan(_)));
    assert!(status(&app).contains("没有同步冲突"), "{}", status(&app));
}

#[test]
fn a_text_of_ones_own_is_written_in_the_editor_and_resolves_on_esc() {
    let (dir, mut app) = app_with_conflicts();
    press(&mut app, "enter alt-x down enter");
    assert!(screen_text(&app, 120, 30).contains("改写后按 Esc 以此解决"));
    press(&mut app, "ctrl-a backspace");
    type_text(&mut app, "召开政协委员和群众代表座谈会");
    // q is typed, not a quit, while the text is edited.
    type_text(&mut app, "q");
    press(&mut app, "backspace esc");
    assert!(!app.quit);
    let plan = committed(dir.path());
    assert_eq!(plan.tasks[0].text, "召开政协委员和群众代表座谈会");
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(plan.conflicts[0].id, "c1");
    // Esc without a change resolves nothing.
    press(&mut app, "enter esc");
    assert_eq!(committed(dir.path()).conflicts.len(), 1);
    press(&mut app, "esc");
    assert!(matches!(app.view, View::Plan(_)));
}

#[test]
fn approval_is_refused_in_the_ui_while_conflicts_remain() {
    let (dir, mut app) = app_with_conflicts();
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    press(&mut app, "enter alt-a");
    assert!(
        status(&app).contains("无法批准 2024/work-plan：它还有 2 处同步冲突未解决（alt-x 查看）"),
        "{}",
        status(&app)
    );
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm(_))));
    assert_eq!(git(dir.path(), &["rev-parse", "HEAD"]), head);
}

#[test]
fn unsaved_edits_are_saved_before_the_conflict_view_opens() {
    let (_dir, mut app) = app_with_conflicts();
    press(&mut app, "enter f6 end");
    type_text(&mut app, "（修订）");
    press(&mut app, "enter alt-x");
    assert!(matches!(app.view, View::Plan(_)));
    assert!(
        status(&app).contains("请先保存（ctrl-s）"),
        "{}",
        status(&app)
    );
}

// ---- a save that raced another writer ----------------------------------------

fn other_writer(dir: &std::path::Path, f: impl FnOnce(&mut Plan)) {
    let ws = Workspace::open(dir).expect("open");
    let id = PlanId::parse(ID).expect("id");
    let mut plan = ws.load(&id).expect("load");
    f(&mut plan);
    ws.save(&id, &mut plan, &Change::new(Commit::Edit, "meanwhile"))
        .expect("other save");
}

#[test]
fn a_save_racing_another_commit_of_the_plan_merges_both_changes() {
    let (dir, mut app) = sample_app();
    press(&mut app, "enter");
    // Another writer (the CLI, a second window) commits the last body meanwhile.
    other_writer(dir.path(), |p| p.sections[3].body.push_str("另一人补充。"));
    press(&mut app, "down enter ctrl-end");
    type_text(&mut app, "本人补充。");
    press(&mut app, "esc ctrl-s");
    assert!(app.overlays.is_empty(), "no question: it merged");
    assert!(
        status(&app).contains("与另一处同时的修改合并"),
        "{}",
        status(&app)
    );
    let plan = committed(dir.path());
    assert_eq!(plan.sections[1].body, "每季度一次。本人补充。");
    assert!(plan.sections[3].body.ends_with("另一人补充。"));
    assert!(plan.conflicts.is_empty());
    assert!(!app.dirty());
    assert_eq!(app.plan().expect("plan").working, plan);
    let log = git(dir.path(), &["log", "--format=%s", "-3"]);
    assert!(
        log.starts_with(&format!(
            "Edit {ID}: （一）开展专题学习\nEdit {ID}: meanwhile"
        )),
        "{log}"
    );
    assert!(
        git(dir.path(), &["status", "--porcelain"])
            .trim()
            .is_empty()
    );
}

#[test]
fn a_save_racing_an_edit_of_the_same_sentence_keeps_both_as_a_conflict() {
    let (dir, mut app) = sample_app();
    press(&mut app, "enter");
    other_writer(dir.path(), |p| p.sections[1].body = "每半年一次。".into());
    press(&mut app, "down enter ctrl-a backspace");
    type_text(&mut app, "每月一次。");
    press(&mut app, "esc ctrl-s");
    assert!(app.overlays.is_empty());
    assert!(
        status(&app).contains("1 处冲突留待解决（alt-x）"),
        "{}",
        status(&app)
    );
    let plan = committed(dir.path());
    assert_eq!(
        plan.sections[1].body, "每月一次。",
        "ours stays in the plan"
    );
    let c = &plan.conflicts[0];
    assert_eq!(
        (c.base.as_deref(), c.ours.as_deref(), c.theirs.as_deref()),
        (
            Some("每季度一次。"),
            Some("每月一次。"),
            Some("每半年一次。")
        )
    );
    // And it can be resolved at once.
    press(&mut app, "alt-x alt-t");
    let plan = committed(dir.path());
    assert_eq!(plan.sections[1].body, "每半年一次。");
    assert!(plan.conflicts.is_empty());
}

#[test]
fn a_racing_save_of_a_file_whose_items_had_no_ids_asks_instead_of_merging() {
    // Written by hand without ids: the editor and the other writer each
    // give the items ids of their own, which a merge cannot match up.
    let (dir, ws) = workspace_with(&[]);
    let path = dir.path().join(format!("plans/{ID}.toml"));
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let text = plandesk::model::write_plan(&sample_plan());
    assert!(!text.contains("id = "), "{text}");
    std::fs::write(&path, text).expect("write");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-qm", "by hand"]);
    let mut app = app_on(ws, plandesk::tui::Lang::Zh);
    press(&mut app, "enter");
    other_writer(dir.path(), |p| p.sections[3].body.push_str("另一人补充。"));
    press(&mut app, "down enter ctrl-end");
    type_text(&mut app, "本人补充。");
    press(&mut app, "esc ctrl-s");
    assert!(
        matches!(app.overlays.last(), Some(Overlay::Confirm(_))),
        "{}",
        status(&app)
    );
    assert!(
        committed(dir.path()).sections[3]
            .body
            .ends_with("另一人补充。")
    );
    assert!(app.dirty());
}

#[test]
fn help_in_the_conflict_view_lists_its_keys_and_english_labels_read_well() {
    let (_dir, ws) = workspace_with(&[(ID, conflicted())]);
    let mut app = app_on(ws, plandesk::tui::Lang::En);
    let list = screen_text(&app, 100, 20);
    assert!(list.contains("!2 汪场镇"), "{list}");
    press(&mut app, "enter");
    assert!(screen_text(&app, 120, 30).contains("2 conflicts from a sync to resolve (alt-x)"));
    press(&mut app, "alt-x");
    let view = screen_text(&app, 120, 30);
    assert!(
        view.contains("f2 ours · f3 theirs · enter edit · esc back"),
        "{view}"
    );
    assert!(
        view.contains("c2  March task 「召开委员座谈会」 · text"),
        "{view}"
    );
    press(&mut app, "?");
    let help = screen_text(&app, 120, 40);
    for want in [
        "Conflicts",
        "take ours (this side's)",
        "take theirs (the remote's)",
    ] {
        assert!(help.contains(want), "{want} not in help:\n{help}");
    }
}
