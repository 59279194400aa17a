//! Ticking, the agenda, carrying a plan over and the summary draft, through
//! the binary, checked with the git CLI.

mod common;

use std::path::Path;

use common::Sandbox;

const PLAN_2022: &str = r#"schema = 1
title = "汪场镇政协联络处2022年工作计划"
year = 2022
kind = "plan"
schedule = "2022年政协工作分月工作计划"

[approval]
state = "approved"
by = "王主席 <wang@example.org>"
at = 2022-03-26T09:00:00+08:00
note = "同意"

[[targets]]
id = "g1"
name = "视察活动"
target = "不少于2次"

[[sections]]
id = "s1"
depth = 1
heading = "强化学习，提高履职能力和水平"

[[tasks]]
id = "t1"
month = 2
text = "开展一次献爱心活动"
status = "todo"

[[tasks]]
id = "t2"
month = 3
text = "组织市政协委员集中学习一次"
status = "todo"

[[tasks]]
id = "t3"
month = 5
text = "对国土整治项目建设进行视察"
status = "todo"

[[tasks]]
id = "t4"
month = 5
text = "利用社区委员联络站对渔湖沟段改造涉及矛盾进行协商"
status = "todo"
"#;

fn setup(sb: &Sandbox) -> std::path::PathBuf {
    let ws = sb.path("ws");
    let r = sb.run(&["init", ws.to_str().expect("utf-8")]);
    assert!(r.ok, "{}", r.stderr);
    put(sb, &ws, "plans/2022/wangchang.toml", PLAN_2022);
    let other = PLAN_2022
        .replace("汪场镇政协联络处2022年工作计划", "学校2022年读书活动计划")
        .replace("[approval]\nstate = \"approved\"\nby = \"王主席 <wang@example.org>\"\nat = 2022-03-26T09:00:00+08:00\nnote = \"同意\"\n", "");
    put(sb, &ws, "plans/2022/school.toml", &other);
    let old = PLAN_2022.replace("year = 2022", "year = 2021");
    put(sb, &ws, "plans/2021/old.toml", &old);
    ws
}

fn put(sb: &Sandbox, ws: &Path, rel: &str, text: &str) {
    let path = ws.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write");
    sb.git(ws, &["add", rel]);
    sb.git(ws, &["commit", "-q", "-m", &format!("add {rel}")]);
}

fn run(sb: &Sandbox, ws: &Path, today: &str, args: &[&str]) -> common::Run {
    let mut cmd = sb.plandesk();
    cmd.env("PLANDESK_TODAY", today)
        .arg("--repo")
        .arg(ws)
        .args(args);
    common::Run::from(cmd.output().expect("run"))
}

fn last_commit(sb: &Sandbox, ws: &Path) -> String {
    sb.git(
        ws,
        &["log", "-1", "--format=%s|%(trailers:key=Plan,valueonly,separator=)|%(trailers:key=Action,valueonly,separator=)"],
    )
    .trim()
    .to_string()
}

#[test]
fn a_tick_is_a_commit_that_keeps_the_approval() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    let r = run(
        &sb,
        &ws,
        "2022-02-18",
        &["tick", "2022/wangchang", "献爱心"],
    );
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(
        last_commit(&sb, &ws),
        "Tick 2022/wangchang: 二月 开展一次献爱心活动|2022/wangchang|tick"
    );
    let file = sb.git(&ws, &["show", "HEAD:plans/2022/wangchang.toml"]);
    assert!(
        file.contains("text = \"开展一次献爱心活动\"\nstatus = \"done\"\ndone_on = 2022-02-18\n"),
        "{file}"
    );
    assert!(
        file.contains("[approval]\nstate = \"approved\""),
        "approval kept:\n{file}"
    );
    assert_eq!(sb.git(&ws, &["status", "--porcelain"]), "");

    let r = run(
        &sb,
        &ws,
        "2022-02-20",
        &["tick", "2022/wangchang", "t1", "--undo"],
    );
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(
        last_commit(&sb, &ws),
        "Untick 2022/wangchang: 二月 开展一次献爱心活动|2022/wangchang|untick"
    );
    let file = sb.git(&ws, &["show", "HEAD:plans/2022/wangchang.toml"]);
    assert!(!file.contains("done_on"), "{file}");

    let r = run(
        &sb,
        &ws,
        "2022-06-01",
        &["tick", "wangchang", "t3", "--on", "2022-05-30"],
    );
    assert!(r.ok, "{}", r.stderr);
    let file = sb.git(&ws, &["show", "HEAD:plans/2022/wangchang.toml"]);
    assert!(file.contains("done_on = 2022-05-30"), "{file}");
}

#[test]
fn an_ambiguous_or_unknown_task_lists_the_candidates() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    let head = sb.git(&ws, &["rev-parse", "HEAD"]);
    let r = run(&sb, &ws, "2022-05-01", &["tick", "2022/wangchang", "进行"]);
    assert!(!r.ok);
    assert!(
        r.stderr
            .contains("2 tasks of 2022/wangchang match 「进行」"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("t3  五月  对国土整治项目建设进行视察"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("t4  五月"), "{}", r.stderr);
    let r = run(
        &sb,
        &ws,
        "2022-05-01",
        &["tick", "2022/wangchang", "不存在的任务"],
    );
    assert!(!r.ok);
    assert!(
        r.stderr.contains("no task of 2022/wangchang matches"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("t1  二月  开展一次献爱心活动"),
        "{}",
        r.stderr
    );
    assert_eq!(
        sb.git(&ws, &["rev-parse", "HEAD"]),
        head,
        "nothing committed"
    );
}

#[test]
fn dropping_is_a_drop_commit_and_keeps_approval() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    let r = run(
        &sb,
        &ws,
        "2022-05-01",
        &["tick", "2022/wangchang", "t4", "--drop"],
    );
    assert!(r.ok, "{}", r.stderr);
    assert!(last_commit(&sb, &ws).ends_with("|2022/wangchang|drop"));
    let file = sb.git(&ws, &["show", "HEAD:plans/2022/wangchang.toml"]);
    assert!(file.contains("status = \"dropped\""));
    assert!(file.contains("state = \"approved\""));
}

#[test]
fn the_agenda_spans_the_plans_of_the_year_with_overdue_first() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    run(&sb, &ws, "2022-02-18", &["tick", "2022/wangchang", "t1"]);
    let r = run(&sb, &ws, "2022-05-10", &["agenda"]);
    assert!(r.ok, "{}", r.stderr);
    let out = &r.stdout;
    assert!(out.starts_with("2022年五月 (today 2022-05-10)"), "{out}");
    let overdue = out.find("Overdue").expect("overdue block");
    let month = out.find("This month").expect("month block");
    assert!(overdue < month);
    let overdue_block = &out[overdue..month];
    // 二月 of 2022/school is overdue; 二月 of wangchang was ticked; 三月 of both are overdue.
    assert_eq!(overdue_block.matches("[!]").count(), 3, "{out}");
    assert!(!overdue_block.contains("2021/old"), "{out}");
    assert_eq!(out[month..].matches("[ ]").count(), 4, "{out}");

    let r = run(
        &sb,
        &ws,
        "2022-05-10",
        &["agenda", "--month", "2", "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["month"], 2);
    assert_eq!(v["tasks"].as_array().expect("tasks").len(), 2);
    assert_eq!(v["tasks"][0]["plan"], "2022/school");
    assert_eq!(v["tasks"][0]["overdue"], true);
    assert_eq!(v["tasks"][1]["plan"], "2022/wangchang");
    assert_eq!(v["tasks"][1]["status"], "done");
    assert_eq!(v["tasks"][1]["done_on"], "2022-02-18");
    assert_eq!(v["tasks"][1]["overdue"], false);

    let r = run(
        &sb,
        &ws,
        "2022-05-10",
        &["agenda", "--year", "2021", "--month", "3", "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["tasks"][0]["plan"], "2021/old");
}

#[test]
fn carry_over_and_summary_draft_from_two_commands() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    run(&sb, &ws, "2022-02-18", &["tick", "2022/wangchang", "t1"]);
    let r = run(
        &sb,
        &ws,
        "2022-12-20",
        &[
            "new",
            "2023/wangchang",
            "--title",
            "汪场镇政协联络处2023年工作计划",
            "--from",
            "2022/wangchang",
        ],
    );
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(
        last_commit(&sb, &ws),
        "New 2023/wangchang: 汪场镇政协联络处2023年工作计划 (from 2022/wangchang)|2023/wangchang|new"
    );
    let file = sb.git(&ws, &["show", "HEAD:plans/2023/wangchang.toml"]);
    assert!(file.contains("year = 2023"));
    assert!(file.contains("schedule = \"2023年政协工作分月工作计划\""));
    assert!(!file.contains("[approval]"), "{file}");
    assert!(!file.contains("status = \"done\""), "{file}");
    assert_eq!(file.matches("[[tasks]]").count(), 4);

    let r = run(&sb, &ws, "2022-12-20", &["summary", "2022/wangchang"]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(
        last_commit(&sb, &ws),
        "New 2022/wangchang-summary: 汪场镇政协联络处2022年工作总结 (summary of 2022/wangchang)|2022/wangchang-summary|new"
    );
    let show = run(&sb, &ws, "2022-12-20", &["show", "2022/wangchang-summary"]);
    assert!(
        show.stdout.contains("开展一次献爱心活动（2月18日完成）"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout
            .contains("三月：组织市政协委员集中学习一次（未完成）"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains("2022 · summary · draft"),
        "{}",
        show.stdout
    );

    let r = run(
        &sb,
        &ws,
        "2022-12-20",
        &[
            "new",
            "2023/wangchang",
            "--title",
            "x",
            "--from",
            "2022/wangchang",
        ],
    );
    assert!(!r.ok);
    assert!(r.stderr.contains("exists already"), "{}", r.stderr);
}
