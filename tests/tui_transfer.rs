//! .docx out and .txt/.docx in from the terminal UI: alt-e asks where to
//! write the plan's .docx (and before writing over a file), refuses the
//! workspace's own files; alt-i asks for a file and imports it, one commit
//! per plan, and selects the new plan in the list.

mod common;
mod tui_common;

use std::path::Path;

use plandesk::import::{ImportOptions, read_file};
use plandesk::tui::App;
use plandesk::tui::Lang;
use plandesk::tui::app::View;
use plandesk::tui::overlay::Overlay;
use tui_common::*;

/// Replace the prompt's text with `text` and press Enter.
fn answer(app: &mut App, text: &str) {
    press(app, "ctrl-a");
    type_text(app, text);
    press_settled(app, "enter");
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn prompt_error(app: &App) -> Option<String> {
    match app.overlays.last() {
        Some(Overlay::Prompt(p)) => p.error.clone(),
        _ => None,
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

#[test]
fn alt_e_in_a_plan_writes_the_saved_plan_as_a_docx_that_reads_back() {
    let (_dir, mut app) = sample_app();
    let out = tempfile::tempdir().expect("tmp");
    let file = out.path().join("计划.docx");
    press(&mut app, "enter");
    assert!(matches!(app.view, View::Plan(_)));
    press(&mut app, "alt-e");
    let shown = screen_text(&app, 100, 30);
    assert!(
        shown.contains("汪场镇政协联络处2024年工作计划.docx"),
        "proposes <title>.docx:\n{shown}"
    );
    answer(&mut app, &file.display().to_string());
    assert!(app.overlays.is_empty(), "{:?}", prompt_error(&app));
    assert!(
        status(&app).contains(&file.display().to_string()),
        "{}",
        status(&app)
    );
    let back = read_file(&file, &ImportOptions::default()).expect("reads back");
    let plan = &back.result.plans[0].plan;
    assert_eq!(plan.title, "汪场镇政协联络处2024年工作计划");
    assert_eq!(plan.sections.len(), sample_plan().sections.len());
}

#[test]
fn an_existing_file_is_written_over_only_after_yes_and_unsaved_edits_are_said() {
    let (_dir, mut app) = sample_app();
    let out = tempfile::tempdir().expect("tmp");
    let file = out.path().join("old.docx");
    std::fs::write(&file, b"keep me").expect("write");
    press(&mut app, "enter");
    // An unsaved title: the export is of the plan as saved.
    press(&mut app, "f6");
    answer(&mut app, "改过的标题");
    press(&mut app, "alt-e");
    answer(&mut app, &file.display().to_string());
    assert!(matches!(app.overlays.last(), Some(Overlay::Confirm(_))));
    press(&mut app, "esc");
    assert_eq!(std::fs::read(&file).expect("read"), b"keep me");
    press(&mut app, "alt-e");
    answer(&mut app, &file.display().to_string());
    press(&mut app, "y");
    let back = read_file(&file, &ImportOptions::default()).expect("reads back");
    assert_eq!(
        back.result.plans[0].plan.title,
        "汪场镇政协联络处2024年工作计划"
    );
    assert!(status(&app).contains("未保存"), "{}", status(&app));
}

#[test]
fn the_plan_list_refuses_to_export_into_the_repository() {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let mut app = app_on(ws, Lang::En);
    let plan_file = dir.path().join("plans/2024/work-plan.toml");
    let before = std::fs::read(&plan_file).expect("read");
    press(&mut app, "alt-e");
    answer(
        &mut app,
        &dir.path().join(".git/x.docx").display().to_string(),
    );
    let why = prompt_error(&app).expect("the prompt stays with the reason");
    assert!(why.contains(".git"), "{why}");
    answer(&mut app, &plan_file.display().to_string());
    // It exists: asked first, then refused.
    press(&mut app, "y");
    assert_eq!(std::fs::read(&plan_file).expect("read"), before);
    assert!(status(&app).contains("Cannot export"), "{}", status(&app));
    assert!(!dir.path().join(".git/x.docx").exists());
}

#[test]
fn alt_i_imports_a_text_file_as_a_commit_and_selects_it() {
    let (dir, ws) = workspace_with(&[(ID, sample_plan())]);
    let mut app = app_on(ws, Lang::En);
    press(&mut app, "alt-i");
    answer(&mut app, &fixture("unplaced.txt").display().to_string());
    assert!(app.overlays.is_empty(), "{:?}", prompt_error(&app));
    let selected = app.plans.selected().expect("selected").id.to_string();
    assert!(selected.starts_with("2024/"), "{selected}");
    assert_ne!(selected, ID);
    assert!(status(&app).contains("not placed"), "{}", status(&app));
    assert!(screen_text(&app, 100, 30).contains("南湖社区2024年志愿服务工作计划"));
    let log = git(dir.path(), &["log", "-1", "--name-only", "--format=%s"]);
    assert!(log.contains(&format!("plans/{selected}.toml")), "{log}");
}

#[test]
fn a_docx_exported_here_imports_into_another_workspace() {
    let (_dir, mut app) = sample_app();
    let out = tempfile::tempdir().expect("tmp");
    let file = out.path().join("plan.docx");
    press(&mut app, "alt-e");
    answer(&mut app, &file.display().to_string());
    assert!(file.is_file());

    let (dir2, ws2) = workspace_with(&[]);
    let mut other = app_on(ws2, Lang::Zh);
    press(&mut other, "ctrl-o");
    answer(&mut other, &file.display().to_string());
    assert!(other.overlays.is_empty(), "{:?}", prompt_error(&other));
    let id = other.plans.selected().expect("selected").id.clone();
    assert_eq!(id.year(), 2024);
    let log = git(dir2.path(), &["log", "--format=%s", "-1"]);
    assert_eq!(
        log.trim(),
        format!("Import {id}: 汪场镇政协联络处2024年工作计划")
    );
    assert!(
        status(&other).contains("已导入 1 个计划"),
        "{}",
        status(&other)
    );
}

#[test]
fn missing_old_word_and_not_a_plan_say_so_in_the_ui_language() {
    let (_dir, ws) = workspace_with(&[]);
    let mut app = app_on(ws, Lang::Zh);
    let tmp = tempfile::tempdir().expect("tmp");
    press(&mut app, "alt-i");
    answer(
        &mut app,
        &tmp.path().join("nope.docx").display().to_string(),
    );
    assert!(prompt_error(&app).expect("error").contains("不存在"));
    let doc = tmp.path().join("old.doc");
    std::fs::write(&doc, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).expect("w");
    answer(&mut app, &doc.display().to_string());
    assert!(prompt_error(&app).expect("error").contains("另存为 .docx"));
    answer(&mut app, &fixture("no_year.txt").display().to_string());
    let why = prompt_error(&app).expect("error");
    assert!(
        why.contains("无法导入") || why.contains("没有找到计划"),
        "{why}"
    );
    press(&mut app, "esc");
    assert!(app.plans.listing.plans.is_empty());
}

#[test]
fn help_names_the_export_and_import_keys() {
    let (_dir, mut app) = sample_app();
    press(&mut app, "f1");
    let mut seen = String::new();
    for _ in 0..40 {
        seen.push_str(&screen_text(&app, 120, 40));
        press(&mut app, "pagedown");
    }
    assert!(seen.contains("导出为 Word 文档（.docx）"), "{seen}");
    assert!(seen.contains("alt-e"), "{seen}");
    assert!(seen.contains("导入文件（.txt 或 .docx）为计划"), "{seen}");
}

#[test]
fn a_folder_imports_every_plan_in_it_and_lists_the_files_refused() {
    let (dir, ws) = workspace_with(&[]);
    let mut app = app_on(ws, Lang::En);
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::create_dir(tmp.path().join("sub")).expect("mkdir");
    std::fs::copy(fixture("unplaced.txt"), tmp.path().join("a.txt")).expect("copy");
    std::fs::copy(fixture("targets.txt"), tmp.path().join("sub/b.txt")).expect("copy");
    std::fs::write(
        tmp.path().join("old.doc"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    )
    .expect("write");
    press(&mut app, "alt-i");
    answer(&mut app, &tmp.path().display().to_string());
    assert!(
        status(&app).contains("Imported 2 plan(s)"),
        "{}",
        status(&app)
    );
    let shown = screen_text(&app, 120, 30);
    assert!(shown.contains("1 file(s) not imported"), "{shown}");
    assert!(shown.contains("old.doc"), "{shown}");
    press(&mut app, "enter");
    assert_eq!(app.plans.listing.plans.len(), 2);
    let subjects = git(dir.path(), &["log", "--format=%s"]);
    assert_eq!(
        subjects
            .lines()
            .filter(|l| l.starts_with("Import "))
            .count(),
        2,
        "{subjects}"
    );
}

#[test]
fn an_import_without_a_git_identity_asks_who_then_commits_as_them() {
    let (dir, ws) = workspace_with(&[]);
    drop(ws);
    git(dir.path(), &["config", "--unset", "user.name"]);
    git(dir.path(), &["config", "--unset", "user.email"]);
    let ws = plandesk::store::Workspace::open(dir.path()).expect("open");
    assert!(ws.identity().is_err(), "the sandbox has no identity");
    let mut app = app_on(ws, Lang::En);
    press(&mut app, "alt-i");
    answer(&mut app, &fixture("targets.txt").display().to_string());
    assert!(app.plans.listing.plans.is_empty(), "nothing made yet");
    press(&mut app, "ctrl-a");
    type_text(&mut app, "王小明");
    press(&mut app, "enter ctrl-a");
    type_text(&mut app, "wang@example.org");
    press(&mut app, "enter");
    press_settled(&mut app, "enter");
    assert_eq!(
        app.plans.listing.plans.len(),
        1,
        "{:?}",
        app.status.as_ref().map(|s| &s.text)
    );
    let log = git(dir.path(), &["log", "-1", "--format=%an <%ae>|%s"]);
    assert!(
        log.starts_with("王小明 <wang@example.org>|Import 2024/"),
        "{log}"
    );
}

#[cfg(unix)]
#[test]
fn alt_i_refuses_a_fifo_and_a_device_without_blocking() {
    let (_dir, ws) = workspace_with(&[]);
    let mut app = app_on(ws, Lang::En);
    let tmp = tempfile::tempdir().expect("tmp");
    let fifo = tmp.path().join("plan.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    press(&mut app, "alt-i");
    // Were the FIFO opened for a blocking read, this would never return.
    answer(&mut app, &fifo.display().to_string());
    let why = prompt_error(&app).expect("error");
    assert!(why.contains("not a regular file"), "{why}");
    answer(&mut app, "/dev/zero");
    let why = prompt_error(&app).expect("error");
    assert!(why.contains("not a regular file"), "{why}");
    press(&mut app, "esc");
    assert!(app.plans.listing.plans.is_empty());
}
