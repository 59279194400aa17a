//! The UI's state and update without a terminal: key scripts go through the
//! real keymap and update; results are read from the state, the store and git.

mod common;
mod tui_common;

use plandesk::model::{Approval, ApprovalState, PlanId};
use plandesk::tui::Action;
use plandesk::tui::app::{Field, Focus, View};
use plandesk::tui::overlay::{Ask, Choice, Overlay, Purpose};
use plandesk::tui::update::update;
use tui_common::*;

fn plan_view(app: &plandesk::tui::App) -> &plandesk::tui::app::PlanState {
    app.plan().expect("the plan view is open")
}

fn top_confirm(app: &plandesk::tui::App) -> &plandesk::tui::overlay::Confirm {
    match app.overlays.last() {
        Some(Overlay::Confirm(c)) => c,
        _ => panic!("no question on top"),
    }
}

fn top_prompt(app: &plandesk::tui::App) -> &plandesk::tui::overlay::Prompt {
    match app.overlays.last() {
        Some(Overlay::Prompt(p)) => p,
        _ => panic!("no prompt on top"),
    }
}

#[test]
fn open_type_chinese_into_a_body_save_and_the_commit_names_the_section() {
    let (dir, mut app) = sample_app();
    assert!(matches!(app.view, View::Plans));
    press(&mut app, "enter");
    assert_eq!(plan_view(&app).id.to_string(), ID);
    // 一、 → （一）, then edit its body at the end.
    press(&mut app, "j enter ctrl-end");
    assert!(matches!(
        plan_view(&app).editing.as_ref().map(|e| &e.field),
        Some(Field::Body(_))
    ));
    type_text(&mut app, "加强学习q?");
    assert!(!app.quit, "q is typed while editing, not a quit");
    assert!(app.dirty());
    press(&mut app, "ctrl-s");
    assert!(!app.dirty(), "{:?}", app.status);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("（一）开展专题学习")),
        "{:?}",
        app.status
    );
    let subject = git(dir.path(), &["log", "-1", "--format=%s"]);
    assert_eq!(subject.trim(), "Edit 2024/work-plan: （一）开展专题学习");
    let file = git(dir.path(), &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(file.contains("每季度一次。加强学习q?"), "{file}");
    assert!(
        git(dir.path(), &["status", "--porcelain"])
            .trim()
            .is_empty()
    );
}

#[test]
fn several_changes_make_one_commit_named_by_the_first_and_a_count() {
    let (dir, mut app) = sample_app();
    press(&mut app, "enter f2 end");
    type_text(&mut app, "（修订）");
    press(&mut app, "enter");
    press(&mut app, "G f3");
    type_text(&mut app, "补充。");
    press(&mut app, "esc ctrl-s");
    let subject = git(dir.path(), &["log", "-1", "--format=%s"]);
    assert_eq!(
        subject.trim(),
        "Edit 2024/work-plan: 一、强化学习，提高履职能力和…等2处"
    );
}

#[test]
fn undo_and_redo_walk_the_edits_and_go_back_over_a_save() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "enter f2");
    type_text(&mut app, "甲");
    press(&mut app, "enter f2");
    type_text(&mut app, "乙");
    press(&mut app, "enter");
    let heading = |app: &plandesk::tui::App| plan_view(app).working.sections[0].heading.clone();
    assert!(heading(&app).ends_with("甲乙"));
    press(&mut app, "ctrl-z");
    assert!(heading(&app).ends_with("水平甲"));
    press(&mut app, "u");
    assert!(heading(&app).ends_with("水平"));
    assert!(!app.dirty());
    press(&mut app, "ctrl-y ctrl-y");
    assert!(heading(&app).ends_with("甲乙"));
    press(&mut app, "ctrl-s");
    assert!(!app.dirty());
    press(&mut app, "ctrl-z");
    assert!(
        heading(&app).ends_with("水平甲"),
        "undo goes back past a save"
    );
    assert!(app.dirty(), "and is a change to save");
}

#[test]
fn sections_move_indent_and_get_deleted_with_their_subtrees() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "enter");
    let outline = |app: &plandesk::tui::App| {
        let p = plan_view(app);
        p.working
            .numbers()
            .iter()
            .zip(&p.working.sections)
            .map(|(n, s)| format!("{n}{}", s.heading))
            .collect::<Vec<_>>()
    };
    // 一、 with its two levels below moves down past 二、.
    press(&mut app, "alt-down");
    assert_eq!(
        outline(&app),
        [
            "一、围绕中心，服务大局，积极建言献策",
            "二、强化学习，提高履职能力和水平",
            "（一）开展专题学习",
            "1、每月一次读书会",
        ]
    );
    assert_eq!(plan_view(&app).section, 1);
    // 二、 goes under 一、, its subtree one level deeper.
    press(&mut app, "alt-right");
    assert_eq!(
        outline(&app)[1..],
        [
            "（一）强化学习，提高履职能力和水平",
            "1、开展专题学习",
            "（1）每月一次读书会"
        ]
    );
    press(&mut app, "alt-left K");
    assert_eq!(outline(&app)[0], "一、强化学习，提高履职能力和水平");
    // The first section cannot go up, nor in.
    press(&mut app, "alt-up");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("不能再移动"))
    );
    press(&mut app, "alt-right");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("不能降级"))
    );
    // Delete asks, starting on Cancel.
    press(&mut app, "delete");
    assert!(top_confirm(&app).lines[0].contains("及其下的 2 个小节"));
    press(&mut app, "enter");
    assert_eq!(plan_view(&app).working.sections.len(), 4);
    press(&mut app, "delete left enter");
    assert_eq!(outline(&app), ["一、围绕中心，服务大局，积极建言献策"]);
}

#[test]
fn new_sections_go_after_the_subtree_or_below_and_start_with_their_heading() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "enter ctrl-n");
    type_text(&mut app, "加强自身建设");
    press(&mut app, "enter");
    let p = plan_view(&app);
    assert_eq!(p.section, 3, "after 一、 and its subtree");
    assert_eq!(p.working.numbers()[3], "二、");
    assert_eq!(p.working.sections[3].heading, "加强自身建设");
    press(&mut app, "alt-n");
    type_text(&mut app, "完善制度");
    press(&mut app, "esc");
    let p = plan_view(&app);
    assert_eq!(p.working.numbers()[4], "（一）");
    assert_eq!(p.working.sections[4].heading, "完善制度");
    assert!(p.working.sections.iter().all(|s| !s.id.is_empty()));
}

#[test]
fn quitting_with_unsaved_changes_asks_save_discard_or_cancel() {
    let (dir, mut app) = sample_app();
    press(&mut app, "enter enter");
    type_text(&mut app, "未保存");
    press(&mut app, "esc q");
    assert_eq!(
        top_confirm(&app).choices,
        [Choice::Save, Choice::Discard, Choice::Cancel]
    );
    press(&mut app, "esc");
    assert!(!app.quit && app.overlays.is_empty() && app.dirty());
    // Esc from the plan view asks the same on the way back to the list.
    press(&mut app, "esc");
    assert_eq!(
        top_confirm(&app).purpose,
        Purpose::Unsaved(plandesk::tui::overlay::After::Close)
    );
    press(&mut app, "esc ctrl-q d");
    assert!(app.quit);
    assert_eq!(
        git(dir.path(), &["log", "--format=%s"]).lines().count(),
        2,
        "nothing committed"
    );
}

#[test]
fn quitting_and_saving_commits_then_quits() {
    let (dir, mut app) = sample_app();
    press(&mut app, "enter enter");
    type_text(&mut app, "保存后退出");
    press(&mut app, "ctrl-q");
    press(&mut app, "enter");
    assert!(app.quit);
    assert!(git(dir.path(), &["show", "HEAD:plans/2024/work-plan.toml"]).contains("保存后退出"));
}

#[test]
fn an_approved_plan_warns_before_its_content_is_saved_and_goes_back_to_draft() {
    let mut plan = sample_plan();
    plan.approval = Some(Approval {
        state: ApprovalState::Approved,
        by: Some("王主席 <wang@example.org>".into()),
        at: None,
        note: None,
    });
    let (dir, ws) = workspace_with(&[(ID, plan)]);
    let mut app = app_on(ws, plandesk::tui::Lang::Zh);
    press(&mut app, "enter enter");
    type_text(&mut app, "改");
    assert!(plan_view(&app).approval_at_risk());
    press(&mut app, "ctrl-s");
    assert!(matches!(
        top_confirm(&app).purpose,
        Purpose::SaveApproved(_)
    ));
    assert!(top_confirm(&app).lines[0].contains("退回草稿"));
    press(&mut app, "esc");
    assert!(app.dirty(), "cancel keeps the changes unsaved");
    press(&mut app, "ctrl-s enter");
    assert!(!app.dirty());
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("已退回草稿"))
    );
    let file = git(dir.path(), &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(!file.contains("[approval]"), "{file}");
}

#[test]
fn saving_over_a_file_changed_outside_asks_first() {
    let (dir, mut app) = sample_app();
    press(&mut app, "enter");
    // Someone edits the file by hand while it is open.
    let path = dir.path().join("plans/2024/work-plan.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("每季度一次。", "每季度一次，手改。")).expect("write");
    press(&mut app, "enter");
    type_text(&mut app, "改");
    press(&mut app, "ctrl-s");
    assert!(matches!(top_confirm(&app).purpose, Purpose::SaveOutside(_)));
    assert_eq!(
        top_confirm(&app).current(),
        Choice::Cancel,
        "the safe choice first"
    );
    press(&mut app, "enter");
    assert!(app.dirty());
    press(&mut app, "ctrl-s ctrl-s");
    assert!(!app.dirty(), "{:?}", app.status);
}

#[test]
fn a_plan_edited_outside_plandesk_is_marked_in_the_list_and_in_the_view() {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let path = dir.path().join("plans/2024/work-plan.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("增长10%", "增长12%")).expect("write");
    let mut app = app_on(ws, plandesk::tui::Lang::Zh);
    assert!(screen_text(&app, 100, 20).contains("外部修改未提交"));
    press(&mut app, "enter");
    assert!(screen_text(&app, 100, 20).contains("文件与最近提交不同"));
    // Edited again while open: f5 reads it back, unless something is unsaved.
    std::fs::write(&path, text.replace("增长10%", "增长15%")).expect("write");
    press(&mut app, "f5");
    assert_eq!(plan_view(&app).working.targets[0].target, "增长15%");
    press(&mut app, "f8 ctrl-a backspace enter f5");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("未保存"))
    );
    assert_eq!(plan_view(&app).working.date, None);
}

#[test]
fn a_new_plan_is_asked_for_in_prompts_and_made_as_a_commit() {
    let (dir, mut app) = sample_app();
    // The year first (the one shown is proposed), then the title.
    press(&mut app, "n");
    assert_eq!(top_prompt(&app).ask, Ask::NewPlanYear);
    assert_eq!(top_prompt(&app).editor.text(), "2024");
    press(&mut app, "ctrl-a backspace");
    type_text(&mut app, "二〇二");
    press(&mut app, "enter");
    assert!(
        top_prompt(&app)
            .error
            .as_deref()
            .is_some_and(|e| e.contains("四位数字"))
    );
    press(&mut app, "ctrl-a backspace");
    type_text(&mut app, "２０２５年");
    press(&mut app, "enter enter");
    assert!(
        top_prompt(&app).error.is_some(),
        "the title cannot be empty"
    );
    type_text(&mut app, "2025年工作总结");
    press(&mut app, "enter");
    // The file name is proposed from the title's pinyin, without its year.
    assert_eq!(
        top_prompt(&app).ask,
        Ask::NewPlanSlug {
            year: 2025,
            title: "2025年工作总结".into()
        }
    );
    assert_eq!(top_prompt(&app).editor.text(), "gzzj");
    press(&mut app, "ctrl-a backspace");
    type_text(&mut app, "-bad-");
    press(&mut app, "enter");
    let why = top_prompt(&app).error.clone().unwrap_or_default();
    assert!(why.contains("小写字母"), "{why}");
    press(&mut app, "ctrl-a backspace");
    type_text(&mut app, "summary");
    press(&mut app, "enter");
    assert!(app.overlays.is_empty());
    assert_eq!(plan_view(&app).id.to_string(), "2025/summary");
    assert_eq!(
        git(dir.path(), &["log", "-1", "--format=%s"]).trim(),
        "New 2025/summary: 2025年工作总结"
    );
    // Back in the list, 2025 comes first.
    press_settled(&mut app, "esc");
    assert_eq!(app.plans.years, [2025, 2024]);
}

#[test]
fn a_chinese_file_name_becomes_its_pinyin_initials_and_a_taken_one_is_not_proposed() {
    let (dir, mut app) = sample_app();
    press(&mut app, "n enter");
    type_text(&mut app, "工作计划");
    press(&mut app, "enter");
    // 2024/work-plan is taken, 2024/gzjh is not.
    assert_eq!(top_prompt(&app).editor.text(), "gzjh");
    press(&mut app, "ctrl-a backspace");
    type_text(&mut app, "读书活动");
    press(&mut app, "enter");
    assert!(app.overlays.is_empty(), "{:?}", top_prompt(&app).error);
    assert_eq!(plan_view(&app).id.to_string(), "2024/dshd");
    assert!(dir.path().join("plans/2024/dshd.toml").exists());
    // The same title again: the proposal is free.
    press_settled(&mut app, "esc");
    press(&mut app, "n enter");
    type_text(&mut app, "读书活动");
    press(&mut app, "enter");
    assert_eq!(top_prompt(&app).editor.text(), "dshd-2");
}

#[test]
fn deleting_a_plan_asks_and_commits() {
    let (dir, mut app) = sample_app();
    press(&mut app, "d");
    assert_eq!(top_confirm(&app).current(), Choice::Cancel);
    press(&mut app, "enter");
    assert_eq!(app.plans.listing.plans.len(), 1);
    press(&mut app, "delete left enter");
    // Gone from the list at once, before the list is read again.
    assert!(app.plans.listing.plans.is_empty());
    settle(&mut app);
    assert!(app.plans.listing.plans.is_empty());
    assert!(app.plans.years.is_empty());
    assert_eq!(
        git(dir.path(), &["log", "-1", "--format=%s"]).trim(),
        "Delete 2024/work-plan: 汪场镇政协联络处2024年工作计划"
    );
}

#[test]
fn a_broken_plan_is_listed_with_its_error_and_the_others_still_open() {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    std::fs::write(
        dir.path().join("plans/2024/broken.toml"),
        "schema = 1\ntitle = \"坏\"\nyear = 2024\n[[sections]]\ndepth = 3\nheading = \"跳级\"\n",
    )
    .expect("write");
    let mut app = app_on(ws, plandesk::tui::Lang::Zh);
    assert_eq!(app.plans.listing.plans.len(), 2);
    let screen = screen_text(&app, 110, 24);
    assert!(screen.contains("plans/2024/broken.toml:5:9"), "{screen}");
    press(&mut app, "enter");
    assert!(
        matches!(app.view, View::Plans),
        "a broken plan does not open"
    );
    assert!(
        top_confirm(&app)
            .lines
            .iter()
            .any(|l| l.contains("depth 3"))
    );
    press(&mut app, "esc j enter");
    assert_eq!(plan_view(&app).id.to_string(), ID);
}

#[test]
fn targets_are_added_edited_and_deleted() {
    let (dir, mut app) = sample_app();
    press(&mut app, "enter tab");
    assert!(plan_view(&app).editing.is_none());
    assert_eq!(plan_view(&app).focus, Focus::Targets);
    press(&mut app, "insert");
    type_text(&mut app, "粮食产量");
    press(&mut app, "enter");
    type_text(&mut app, "稳定在5万吨");
    press(&mut app, "enter enter");
    let t = &plan_view(&app).working.targets;
    assert_eq!(t.len(), 2);
    assert_eq!(
        (t[1].name.as_str(), t[1].target.as_str()),
        ("粮食产量", "稳定在5万吨")
    );
    assert_eq!(plan_view(&app).target, 1);
    press(&mut app, "up enter enter enter");
    type_text(&mut app, "10.5%");
    press(&mut app, "enter");
    assert_eq!(
        plan_view(&app).working.targets[0].actual.as_deref(),
        Some("10.5%")
    );
    press(&mut app, "down delete left enter");
    assert_eq!(plan_view(&app).working.targets.len(), 1);
    press(&mut app, "ctrl-s");
    assert_eq!(
        git(dir.path(), &["log", "-1", "--format=%s"]).trim(),
        "Edit 2024/work-plan: 目标"
    );
}

#[test]
fn title_org_and_date_are_edited_and_a_bad_date_is_refused() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "enter f8 ctrl-a backspace");
    type_text(&mut app, "2024-13-01");
    press(&mut app, "enter");
    assert!(
        top_prompt(&app)
            .error
            .as_deref()
            .is_some_and(|e| e.contains("2024-03-25"))
    );
    press(&mut app, "ctrl-a backspace");
    type_text(&mut app, "2024-04-01");
    press(&mut app, "enter");
    press(&mut app, "f7 ctrl-a backspace enter");
    press(&mut app, "f6 end");
    type_text(&mut app, "（草案）");
    press(&mut app, "enter");
    let w = &plan_view(&app).working;
    assert_eq!(w.date, chrono::NaiveDate::from_ymd_opt(2024, 4, 1));
    assert_eq!(w.org, None);
    assert_eq!(w.title, "汪场镇政协联络处2024年工作计划（草案）");
    assert_eq!(
        plandesk::tui::summary::summarize(&plan_view(&app).base, w),
        "标题等3处"
    );
}

#[test]
fn an_external_editor_is_requested_and_its_text_taken_back() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "enter j");
    press(&mut app, "ctrl-e");
    assert_eq!(app.external.take().as_deref(), Some("每季度一次。"));
    update(
        &mut app,
        Action::ExternalDone(Ok("每季度一次。\n外部编辑的长文。".into())),
    );
    assert_eq!(
        plan_view(&app).working.sections[1].body,
        "每季度一次。\n外部编辑的长文。"
    );
    // From inside the body editor, the editor's text goes out and comes back into it.
    press(&mut app, "enter");
    type_text(&mut app, "再加");
    press(&mut app, "f4");
    assert_eq!(
        app.external.take().as_deref(),
        Some("每季度一次。\n外部编辑的长文。再加")
    );
    update(
        &mut app,
        Action::ExternalDone(Err("vi exited with 1".into())),
    );
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("vi exited"))
    );
    assert!(
        plan_view(&app).editing.is_some(),
        "still editing after a failed editor"
    );
}

#[test]
fn unsaved_text_is_autosaved_and_offered_back_at_the_next_start() {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let mut app = app_on(ws, plandesk::tui::Lang::Zh);
    press(&mut app, "enter enter");
    type_text(&mut app, "崩溃前");
    update(&mut app, Action::Tick);
    let file = dir
        .path()
        .join(".git/plandesk-recovery/2024-work-plan.toml");
    assert!(file.is_file());
    drop(app); // a crash: no quit

    let ws = plandesk::store::Workspace::open(dir.path()).expect("open");
    let mut app = app_on(ws, plandesk::tui::Lang::Zh);
    let c = top_confirm(&app);
    assert_eq!(c.purpose, Purpose::Recover(PlanId::parse(ID).expect("id")));
    assert_eq!(c.choices, [Choice::Restore, Choice::Discard, Choice::Later]);
    press(&mut app, "enter");
    assert!(app.dirty());
    assert!(plan_view(&app).working.sections[0].body.ends_with("崩溃前"));
    press(&mut app, "ctrl-s");
    assert!(!file.exists(), "a save removes the recovery file");
    assert!(git(dir.path(), &["show", "HEAD:plans/2024/work-plan.toml"]).contains("崩溃前"));
}

#[test]
fn a_discarded_recovery_is_gone_and_a_clean_quit_leaves_none() {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let mut app = app_on(ws, plandesk::tui::Lang::Zh);
    press(&mut app, "enter enter");
    type_text(&mut app, "丢弃");
    update(&mut app, Action::Tick);
    drop(app);
    let file = dir
        .path()
        .join(".git/plandesk-recovery/2024-work-plan.toml");
    let ws = plandesk::store::Workspace::open(dir.path()).expect("open");
    let mut app = app_on(ws, plandesk::tui::Lang::Zh);
    press(&mut app, "right enter");
    assert!(!file.exists());
    press(&mut app, "enter enter");
    type_text(&mut app, "再改");
    update(&mut app, Action::Tick);
    assert!(file.exists());
    press(&mut app, "esc ctrl-z");
    update(&mut app, Action::Tick);
    assert!(!file.exists(), "back to the saved text: nothing to recover");
    press(&mut app, "q");
    assert!(app.quit);
}

#[test]
fn a_bad_keymap_starts_with_the_defaults_and_shows_the_warning() {
    let (_dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keymap/all_at_once.toml");
    let opts = plandesk::tui::Options {
        lang: Some(plandesk::tui::Lang::En),
        keymap: Some(path.clone()),
    };
    let mut app = plandesk::tui::build_app(ws, &opts);
    settle(&mut app);
    let c = top_confirm(&app);
    assert_eq!(c.lines.len(), 6, "{:?}", c.lines);
    assert!(c.lines[0].starts_with(&format!("{}:5: unknown action", path.display())));
    press(&mut app, "enter");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("5 problems in the keymap"))
    );
    // The defaults still work, the good lines apply.
    press(&mut app, "enter enter");
    type_text(&mut app, "x");
    press(&mut app, "f9");
    assert!(!app.dirty(), "f9 saves, from the user's file");
}

#[test]
fn the_intro_before_the_first_section_is_edited_and_saved() {
    let (dir, mut app) = sample_app();
    press(&mut app, "enter alt-i");
    assert!(matches!(
        plan_view(&app).editing.as_ref().map(|e| &e.field),
        Some(Field::Intro)
    ));
    type_text(&mut app, "今年工作的指导思想是：");
    press(&mut app, "esc ctrl-s");
    let subject = git(dir.path(), &["log", "-1", "--format=%s"]);
    assert_eq!(subject.trim(), "Edit 2024/work-plan: 引言");
    let file = git(dir.path(), &["show", "HEAD:plans/2024/work-plan.toml"]);
    assert!(file.contains("intro = \"今年工作的指导思想是："), "{file}");
}

#[test]
fn a_new_plan_is_proposed_the_selected_year() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "n");
    assert_eq!(top_prompt(&app).ask, Ask::NewPlanYear);
    assert_eq!(top_prompt(&app).editor.text(), "2024");
}

#[test]
fn a_broken_plandesk_toml_is_warned_about_and_the_plans_still_open() {
    let (dir, mut app) = sample_app();
    std::fs::write(dir.path().join("plandesk.toml"), "name = [\n").expect("write");
    press_settled(&mut app, "f5");
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("plandesk.toml:"), "{status}");
    press(&mut app, "enter");
    assert_eq!(plan_view(&app).id.to_string(), ID);
}

#[test]
fn a_long_body_scrolls_while_it_is_read_and_stops_at_its_end() {
    let (_dir, mut app) = sample_app();
    app.screen_cols = 100;
    app.screen_rows = 24;
    press(&mut app, "enter");
    let body: Vec<String> = (1..=40)
        .map(|i| format!("第{i}段：组织委员开展调研。"))
        .collect();
    app.plan_mut().expect("plan").working.sections[0].body = body.join("\n");
    let text = screen_text(&app, 100, 24);
    assert!(text.contains("第1段") && !text.contains("第30段"), "{text}");
    press(&mut app, "ctrl-d ctrl-d");
    let text = screen_text(&app, 100, 24);
    assert!(
        !text.contains("第1段：") && text.contains("第11段"),
        "{text}"
    );
    // Far past the end it stops with the last row on top, so one step back up shows.
    press(
        &mut app,
        "ctrl-d ctrl-d ctrl-d ctrl-d ctrl-d ctrl-d ctrl-d ctrl-d ctrl-d ctrl-d",
    );
    let text = screen_text(&app, 100, 24);
    assert!(
        text.contains("第40段") && !text.contains("第39段"),
        "{text}"
    );
    press(&mut app, "ctrl-u");
    let text = screen_text(&app, 100, 24);
    assert!(
        text.contains("第35段") && !text.contains("第34段"),
        "{text}"
    );
    // Another section starts from its top.
    press(&mut app, "down");
    let text = screen_text(&app, 100, 24);
    assert!(!text.contains("第35段"), "{text}");
}
