//! Submit, approve, return and `plandesk verify` against real repositories,
//! read back with the git CLI; forgeries made with plain git.

mod common;

use std::path::Path;

use common::{EMAIL, NAME, Run, Sandbox, workspace};
use plandesk::model::{ApprovalState, Kind, Plan, PlanId, Section, Status, Task};
use plandesk::store::{Action, Change, Problem, Version, Workspace};
use tempfile::TempDir;

const PLAN: &str = "2024/wangchang-cppcc-plan";
const WANG: &str = "王主席 <wang@example.org>";

fn id() -> PlanId {
    PlanId::parse(PLAN).expect("id")
}

fn sample() -> Plan {
    let mut p = Plan::new("汪场镇政协联络处2024年工作计划", 2024, Kind::Plan);
    p.sections.push(Section {
        id: String::new(),
        depth: 1,
        heading: "强化学习，提高履职能力和水平".into(),
        body: "全年学习四次。".into(),
    });
    p.tasks.push(Task {
        id: String::new(),
        month: 2,
        period: None,
        text: "开展一次献爱心活动".into(),
        status: Status::Todo,
        done_on: None,
        owner: None,
    });
    p
}

/// A workspace with one plan, and a sandbox to run the binary and git in it.
fn setup() -> (TempDir, Workspace, Sandbox) {
    let (dir, ws) = workspace();
    ws.create(&id(), &mut sample(), Action::New, None)
        .expect("create");
    (dir, ws, Sandbox::new())
}

fn run(sb: &Sandbox, dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["--repo", dir.to_str().expect("utf-8")];
    all.extend_from_slice(args);
    sb.run(&all)
}

fn plan_file(dir: &Path) -> std::path::PathBuf {
    dir.join(id().rel_path())
}

fn set_identity(sb: &Sandbox, dir: &Path, name: &str, email: &str) {
    sb.git(dir, &["config", "user.name", name]);
    sb.git(dir, &["config", "user.email", email]);
}

fn set_approvers(sb: &Sandbox, dir: &Path, approvers: &[&str]) {
    let list: Vec<String> = approvers.iter().map(|a| format!("\"{a}\"")).collect();
    std::fs::write(
        dir.join("plandesk.toml"),
        format!(
            "name = \"汪场镇政协联络处\"\napprovers = [{}]\n",
            list.join(", ")
        ),
    )
    .expect("write settings");
    sb.git(dir, &["commit", "-qam", "Set the approvers"]);
}

/// Write an `[approval]` block into the plan file by hand (before the first table array).
fn hand_approve(dir: &Path, by: &str) {
    let path = plan_file(dir);
    let text = std::fs::read_to_string(&path).expect("read");
    let block = format!(
        "\n[approval]\nstate = \"approved\"\nby = \"{by}\"\nat = 2024-03-26T09:00:00+08:00\nnote = \"同意\"\n"
    );
    let at = text.find("\n[[").expect("a table array");
    std::fs::write(&path, format!("{}{block}{}", &text[..at], &text[at..])).expect("write");
}

fn short_head(sb: &Sandbox, dir: &Path) -> String {
    sb.git(dir, &["rev-parse", "--short", "HEAD"])
        .trim()
        .to_string()
}

#[test]
fn submit_and_approve_are_commits_whose_trailers_git_reads_back() {
    let (dir, _ws, sb) = setup();
    let d = dir.path();
    let r = run(&sb, d, &["submit", PLAN, "-m", "请审批"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("Submitted 2024/wangchang-cppcc-plan as "),
        "{}",
        r.stdout
    );
    let r = run(&sb, d, &["approve", "wangchang-cppcc-plan", "-m", "同意"]);
    assert!(r.ok, "{}", r.stderr);

    let approved_by = sb.git(
        d,
        &[
            "log",
            "-1",
            "--format=%(trailers:key=Approved-by,valueonly)",
        ],
    );
    assert_eq!(approved_by.trim(), format!("{NAME} <{EMAIL}>"));
    let log = sb.git(
        d,
        &[
            "log",
            "-3",
            "--format=%s|%an <%ae>|%(trailers:key=Plan,valueonly,separator=)|%(trailers:key=Action,valueonly,separator=)|%(trailers:key=Approved-by,valueonly,separator=)",
        ],
    );
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(
        lines[0],
        format!("Approve {PLAN}: 同意|{NAME} <{EMAIL}>|{PLAN}|approve|{NAME} <{EMAIL}>")
    );
    assert_eq!(
        lines[1],
        format!("Submit {PLAN}: 请审批|{NAME} <{EMAIL}>|{PLAN}|submit|")
    );
    assert!(lines[2].starts_with("New "), "{log}");

    let text = std::fs::read_to_string(plan_file(d)).expect("read");
    assert!(
        text.contains("\n[approval]\nstate = \"approved\"\n"),
        "{text}"
    );
    assert!(
        text.contains(&format!("by = \"{NAME} <{EMAIL}>\"\n")),
        "{text}"
    );
    assert!(text.contains("note = \"同意\"\n"), "{text}");
    // Local time (the sandbox is in Asia/Shanghai), to the second.
    let at = text
        .lines()
        .find_map(|l| l.strip_prefix("at = "))
        .expect("at");
    assert_eq!(at.len(), "2024-03-26T09:00:00+08:00".len(), "{at}");
    assert!(at.ends_with("+08:00"), "{at}");

    assert_eq!(sb.git(d, &["status", "--porcelain"]), "");
    sb.git(d, &["fsck", "--strict"]);
    let r = run(&sb, d, &["verify"]);
    assert!(r.ok, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("OK: "), "{}", r.stdout);

    let r = run(&sb, d, &["log", PLAN, "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(rows[0]["action"], "approve");
    assert_eq!(rows[0]["approved_by"], format!("{NAME} <{EMAIL}>"));
    assert_eq!(rows[1]["action"], "submit");
    assert_eq!(rows[1]["approved_by"], serde_json::Value::Null);
}

#[test]
fn someone_outside_the_approvers_list_is_refused_and_an_approver_is_not() {
    let (dir, _ws, sb) = setup();
    let d = dir.path();
    set_approvers(&sb, d, &["wang@example.org"]);
    let r = run(&sb, d, &["submit", PLAN]);
    assert!(r.ok, "anyone may submit: {}", r.stderr);
    let head = sb.git(d, &["rev-parse", "HEAD"]);

    let r = run(&sb, d, &["approve", PLAN, "-m", "同意"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains(
            "tester@example.org may not approve plans in this workspace: plandesk.toml lists the approvers as wang@example.org"
        ),
        "{}",
        r.stderr
    );
    let r = run(&sb, d, &["return", PLAN, "-m", "请修改"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("may not return"), "{}", r.stderr);
    assert_eq!(sb.git(d, &["rev-parse", "HEAD"]), head, "nothing committed");
    assert_eq!(sb.git(d, &["status", "--porcelain"]), "");

    set_identity(&sb, d, "王主席", "Wang@Example.org");
    let r = run(&sb, d, &["approve", PLAN, "-m", "同意"]);
    assert!(r.ok, "{}", r.stderr);
    let by = sb.git(
        d,
        &[
            "log",
            "-1",
            "--format=%(trailers:key=Approved-by,valueonly)",
        ],
    );
    assert_eq!(by.trim(), "王主席 <Wang@Example.org>");
    let r = run(&sb, d, &["verify"]);
    assert!(r.ok, "{}{}", r.stdout, r.stderr);
}

#[test]
fn an_approval_edited_by_hand_and_committed_with_plain_git_is_caught() {
    let (dir, ws, sb) = setup();
    let d = dir.path();
    hand_approve(d, WANG);
    sb.git(d, &["commit", "-qam", "按领导意见定稿"]);
    let forged = short_head(&sb, d);
    // A tick afterwards carries the forged state on; it is named once, where it began.
    let path = plan_file(d);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace(
            "status = \"todo\"",
            "status = \"done\"\ndone_on = 2024-02-18",
        ),
    )
    .expect("write");
    sb.git(d, &["commit", "-qam", "tick"]);
    let r = run(&sb, d, &["verify"]);
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!(
            "{PLAN} at {forged} (按领导意见定稿): marked approved by a commit without an Action: trailer (plain git?), not by an approval commit"
        )),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains(PLAN), "{}", r.stderr);
    assert!(
        r.stderr.contains("an approver returns the plan"),
        "{}",
        r.stderr
    );

    // A content edit through plandesk sets it back to draft: the forgery is
    // past, but stays on record.
    let mut plan = ws.load(&id()).expect("load");
    assert_eq!(plan.state(), ApprovalState::Approved);
    plan.sections[0].heading = "强化学习".into();
    let saved = ws
        .save(&id(), &mut plan, &Change::new(Action::Edit, "一、"))
        .expect("save");
    assert!(saved.approval_reset);
    let report = ws.verify().expect("verify");
    assert_eq!(report.findings.len(), 1);
    assert!(!report.findings[0].in_effect);
    let r = run(&sb, d, &["verify"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout.trim_end().ends_with("[superseded since]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("stay in history as a record"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_forged_approval_commit_with_trailers_but_another_author_is_caught() {
    let (dir, ws, sb) = setup();
    let d = dir.path();
    set_approvers(&sb, d, &["wang@example.org"]);
    hand_approve(d, WANG);
    let message =
        format!("Approve {PLAN}: 同意\n\nPlan: {PLAN}\nAction: approve\nApproved-by: {WANG}\n");
    sb.git(d, &["commit", "-qam", &message]);
    let forged = short_head(&sb, d);
    let report = ws.verify().expect("verify");
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    let f = &report.findings[0];
    assert_eq!(f.plan, id());
    assert_eq!(
        f.revision.as_ref().map(|r| r.short.as_str()),
        Some(forged.as_str())
    );
    assert_eq!(
        f.problem,
        Problem::AuthorIsNotApprover {
            author: format!("{NAME} <{EMAIL}>"),
            approver: WANG.into()
        }
    );
    let r = run(&sb, d, &["verify"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout
            .contains("approval commit authored by 测试用户 <tester@example.org>, not by the approver 王主席 <wang@example.org>"),
        "{}",
        r.stdout
    );
    // Not a baseline for "changes since approval" either.
    assert!(ws.last_approved(&id()).expect("walk").is_none());
}

#[test]
fn the_approvers_list_is_read_as_it_stood_at_each_approval() {
    let (dir, ws, sb) = setup();
    let d = dir.path();
    // Approved while anyone could approve; the list came later: fine.
    let r = run(&sb, d, &["approve", PLAN, "-m", "同意"]);
    assert!(r.ok, "{}", r.stderr);
    set_approvers(&sb, d, &["wang@example.org"]);
    assert!(ws.verify().expect("verify").is_clean());

    // Approved by li (who wrote the commit) while the list named only wang:
    // a finding, even after li is added to the list.
    let r = run(&sb, d, &["return", PLAN, "-m", "重新审"]);
    assert!(!r.ok, "tester is no approver now");
    set_identity(&sb, d, "李四", "li@example.org");
    let path = plan_file(d);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace(
            &format!("by = \"{NAME} <{EMAIL}>\""),
            "by = \"李四 <li@example.org>\"",
        ),
    )
    .expect("write");
    let message = format!(
        "Approve {PLAN}: 同意\n\nPlan: {PLAN}\nAction: approve\nApproved-by: 李四 <li@example.org>\n"
    );
    sb.git(d, &["commit", "-qam", &message]);
    set_approvers(&sb, d, &["wang@example.org", "li@example.org"]);
    let report = ws.verify().expect("verify");
    let problems: Vec<&Problem> = report.findings.iter().map(|f| &f.problem).collect();
    assert_eq!(
        problems,
        [&Problem::ApproverNotListed {
            approver: "李四 <li@example.org>".into(),
            approvers: vec!["wang@example.org".into()],
        }]
    );
    let r = run(&sb, d, &["verify"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout.contains(
            "who is not among the approvers in plandesk.toml at that revision (wang@example.org)"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn ticks_keep_an_approval_but_a_content_edit_kept_approved_by_hand_is_caught() {
    let (dir, ws, sb) = setup();
    let d = dir.path();
    assert!(run(&sb, d, &["approve", PLAN]).ok);
    let path = plan_file(d);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace(
            "status = \"todo\"",
            "status = \"done\"\ndone_on = 2024-02-18",
        ),
    )
    .expect("write");
    sb.git(d, &["commit", "-qam", "tick by hand"]);
    assert!(ws.verify().expect("verify").is_clean());

    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("全年学习四次", "全年学习六次")).expect("write");
    sb.git(d, &["commit", "-qam", "改次数"]);
    let edited = short_head(&sb, d);
    let r = run(&sb, d, &["verify"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout.contains(&format!(
            "{PLAN} at {edited} (改次数): content changed by a commit without an Action: trailer (plain git?) while it stayed marked approved"
        )),
        "{}",
        r.stdout
    );
}

#[test]
fn an_approved_state_in_the_working_tree_only_is_named_too() {
    let (dir, ws, sb) = setup();
    let d = dir.path();
    hand_approve(d, WANG);
    let report = ws.verify().expect("verify");
    assert_eq!(report.findings.len(), 1);
    assert!(report.findings[0].revision.is_none());
    let r = run(&sb, d, &["verify"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stdout
            .contains(&format!("{PLAN} in the working tree (not committed)")),
        "{}",
        r.stdout
    );
    // Approval steps refuse to commit changes they did not make.
    let r = run(&sb, d, &["submit", PLAN]);
    assert!(!r.ok);
    assert!(
        r.stderr
            .contains("plans/2024/wangchang-cppcc-plan.toml has changes that are not committed"),
        "{}",
        r.stderr
    );
}

#[test]
fn invalid_steps_are_refused_with_what_to_do() {
    let (dir, _ws, sb) = setup();
    let d = dir.path();
    let r = run(&sb, d, &["return", PLAN, "-m", "x"]);
    assert!(
        r.stderr.contains("it is a draft that was never submitted"),
        "{}",
        r.stderr
    );
    assert!(run(&sb, d, &["submit", PLAN]).ok);
    let r = run(&sb, d, &["submit", PLAN]);
    assert!(
        r.stderr
            .contains("cannot be submitted: it is submitted already by"),
        "{}",
        r.stderr
    );
    let r = run(&sb, d, &["return", PLAN]);
    assert!(r.stderr.contains("needs a note saying why"), "{}", r.stderr);
    let r = run(&sb, d, &["return", PLAN, "-m", "目标不具体，请修改"]);
    assert!(r.ok, "{}", r.stderr);
    let r = run(&sb, d, &["approve", PLAN]);
    assert!(
        r.stderr
            .contains("it must be submitted again (plandesk submit)"),
        "{}",
        r.stderr
    );
    assert!(run(&sb, d, &["submit", PLAN, "-m", "已修改"]).ok);
    assert!(run(&sb, d, &["approve", PLAN]).ok);
    let r = run(&sb, d, &["approve", PLAN]);
    assert!(
        r.stderr
            .contains("cannot be approved: it is approved already by 测试用户"),
        "{}",
        r.stderr
    );
    let actions = sb.git(
        d,
        &[
            "log",
            "--format=%(trailers:key=Action,valueonly,separator=)",
        ],
    );
    assert_eq!(
        actions.lines().take(5).collect::<Vec<_>>(),
        ["approve", "submit", "return", "submit", "new"]
    );
    let text = std::fs::read_to_string(plan_file(d)).expect("read");
    assert!(
        !text.contains("目标不具体"),
        "the return note gave way to the approval"
    );
}

#[test]
fn an_edit_resets_to_draft_and_changes_since_approval_are_shown() {
    let (dir, ws, sb) = setup();
    let d = dir.path();
    let approved = ws.approve(&id(), Some("同意")).expect("approve");
    assert_eq!(approved.approval.state, ApprovalState::Approved);
    let mut plan = ws.load(&id()).expect("load");
    plan.sections[0].body = "全年学习六次。".into();
    let saved = ws
        .save(&id(), &mut plan, &Change::new(Action::Edit, "一、"))
        .expect("save");
    assert!(saved.approval_reset);
    assert!(ws.verify().expect("verify").is_clean());

    assert_eq!(
        ws.resolve_revision(Some(&id()), "approved")
            .expect("approved"),
        approved.commit
    );
    let cmp = ws.changes_since_approval(&id()).expect("compare");
    assert_eq!(cmp.from, Version::Revision(approved.commit));
    assert_eq!(cmp.to, Version::WorkingTree);
    let r = run(&sb, d, &["diff", PLAN, "approved"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout.contains("全年学习[-四-]{+六+}次。"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Approval\n  approved → draft"),
        "{}",
        r.stdout
    );

    let r = run(&sb, d, &["diff", "2024/other", "approved"]);
    assert!(!r.ok);
    let (_d2, other) = workspace();
    other
        .create(&id(), &mut sample(), Action::New, None)
        .expect("create");
    let err = other
        .resolve_revision(Some(&id()), "approved")
        .expect_err("never approved");
    assert!(err.to_string().contains("has never been approved"), "{err}");
}

#[test]
fn ticks_on_two_branches_merged_with_plain_git_keep_a_real_approval() {
    let (dir, ws, sb) = setup();
    let d = dir.path();
    let mut plan = ws.load(&id()).expect("load");
    let mut second = plan.tasks[0].clone();
    second.id = String::new();
    second.month = 9;
    second.text = "组织委员视察".into();
    plan.tasks.push(second);
    ws.save(&id(), &mut plan, &Change::new(Action::Edit, "九月"))
        .expect("save");
    ws.approve(&id(), Some("同意")).expect("approve");
    let trunk = sb.git(d, &["rev-parse", "--abbrev-ref", "HEAD"]);
    let tick = |nth: usize| {
        let path = plan_file(d);
        let text = std::fs::read_to_string(&path).expect("read");
        let at = text
            .match_indices("status = \"todo\"")
            .nth(nth)
            .expect("task")
            .0;
        let done = format!(
            "{}status = \"done\"\ndone_on = 2024-0{}-18{}",
            &text[..at],
            nth + 2,
            &text[at + "status = \"todo\"".len()..]
        );
        std::fs::write(&path, done).expect("write");
    };
    sb.git(d, &["checkout", "-qb", "side"]);
    tick(1);
    sb.git(d, &["commit", "-qam", "side: 九月 done"]);
    sb.git(d, &["checkout", "-q", trunk.trim()]);
    tick(0);
    sb.git(d, &["commit", "-qam", "main: 二月 done"]);
    sb.git(d, &["merge", "-q", "--no-ff", "side", "-m", "merge side"]);
    let merged = ws.load(&id()).expect("load");
    assert_eq!(merged.progress(), (2, 2));
    assert_eq!(merged.state(), ApprovalState::Approved);
    let report = ws.verify().expect("verify");
    assert!(report.is_clean(), "{:#?}", report.findings);
    assert_eq!(report.approvals, 1);
}
