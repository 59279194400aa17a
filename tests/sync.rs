//! `plandesk sync` between real clones of a bare repository in temp dirs,
//! each with its own identity; results read back with the git CLI, and
//! `git fsck --strict` clean on every repository.

mod common;

use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use common::{git, sandbox_libgit2};
use plandesk::model::{
    ApprovalState, Field, Kind, Plan, PlanId, Section, Status, Task, parse_plan,
};
use plandesk::store::{Action, Change, Problem, StoreError, SyncError, SyncSummary, Workspace};
use tempfile::TempDir;

const PLAN: &str = "2022/wangchang-cppcc-plan";

fn id() -> PlanId {
    PlanId::parse(PLAN).expect("id")
}

fn sample() -> Plan {
    let mut p = Plan::new("汪场镇政协联络处2022年工作计划", 2022, Kind::Plan);
    for (heading, body) in [
        (
            "强化学习，提高履职能力和水平",
            "组织委员学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流会。",
        ),
        ("围绕中心，积极建言献策", "围绕乡村振兴开展调研。"),
    ] {
        p.sections.push(Section {
            id: String::new(),
            depth: 1,
            heading: heading.into(),
            body: body.into(),
        });
    }
    for (month, text) in [
        (2, "开展一次献爱心活动"),
        (3, "组织委员视察春耕生产"),
        (7, "开展民主监督"),
    ] {
        p.tasks.push(Task {
            id: String::new(),
            month,
            period: None,
            text: text.into(),
            status: Status::Todo,
            done_on: None,
            owner: None,
        });
    }
    p
}

/// A bare remote and two clones, 甲 (who made the workspace) and 乙.
struct Office {
    _dir: TempDir,
    remote: PathBuf,
    a: PathBuf,
    b: PathBuf,
}

fn identity(dir: &Path, name: &str, email: &str) {
    git(dir, &["config", "user.name", name]);
    git(dir, &["config", "user.email", email]);
}

fn office_with(settings: Option<&str>) -> Office {
    sandbox_libgit2();
    let dir = TempDir::new().expect("temp dir");
    let remote = dir.path().join("remote.git");
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    git(dir.path(), &["init", "--bare", "-b", "main", "remote.git"]);
    git(dir.path(), &["init", "-b", "main", "a"]);
    identity(&a, "张甲", "jia@example.org");
    let ws = Workspace::init(&a, false).expect("init");
    if let Some(settings) = settings {
        std::fs::write(a.join("plandesk.toml"), settings).expect("settings");
        git(&a, &["commit", "-qam", "Settings"]);
    }
    ws.create(&id(), &mut sample(), Action::New, None)
        .expect("plan");
    ws.add_remote("origin", remote.to_str().expect("utf-8"))
        .expect("remote");
    let first = ws.sync(None, &mut |_| {}).expect("first sync");
    assert_eq!(first.pushed, if settings.is_some() { 3 } else { 2 });
    git(dir.path(), &["clone", "-q", "remote.git", "b"]);
    identity(&b, "李乙", "yi@example.org");
    Office {
        _dir: dir,
        remote,
        a,
        b,
    }
}

fn office() -> Office {
    office_with(None)
}

fn open(dir: &Path) -> Workspace {
    Workspace::open(dir).expect("open")
}

fn sync(dir: &Path) -> SyncSummary {
    open(dir).sync(None, &mut |_| {}).expect("sync")
}

fn edit(dir: &Path, what: &str, f: impl FnOnce(&mut Plan)) {
    let ws = open(dir);
    let mut plan = ws.load(&id()).expect("load");
    f(&mut plan);
    ws.save(&id(), &mut plan, &Change::new(Action::Edit, what))
        .expect("save");
}

fn plan_in(dir: &Path) -> Plan {
    open(dir).load(&id()).expect("load")
}

fn fsck(office: &Office) {
    for dir in [&office.a, &office.b, &office.remote] {
        git(dir, &["fsck", "--strict", "--no-progress"]);
    }
}

/// Both clones synced in turn until both hold the remote's tree.
fn settle(office: &Office) {
    sync(&office.a);
    sync(&office.b);
    sync(&office.a);
    let tree = |dir: &Path| git(dir, &["rev-parse", "HEAD^{tree}"]);
    assert_eq!(tree(&office.a), tree(&office.b));
    assert_eq!(tree(&office.a), tree(&office.remote));
    // No stray changes: the working trees are what was committed.
    for dir in [&office.a, &office.b] {
        assert_eq!(git(dir, &["status", "--porcelain"]), "");
    }
}

#[test]
fn a_clone_that_only_fetches_fast_forwards() {
    let o = office();
    edit(&o.a, "二月", |p| {
        p.tasks[0].text = "开展一次献爱心捐助活动".into()
    });
    let s = sync(&o.a);
    assert_eq!((s.fetched, s.pushed), (0, 1));
    let s = sync(&o.b);
    assert!(s.fast_forward);
    assert_eq!(
        (s.fetched, s.pushed, s.merge_commit.as_deref()),
        (1, 0, None)
    );
    assert_eq!(plan_in(&o.b).tasks[0].text, "开展一次献爱心捐助活动");
    assert_eq!(git(&o.b, &["log", "-1", "--format=%an"]).trim(), "张甲");
    fsck(&o);
}

#[test]
fn edits_of_different_tasks_merge_in_a_commit_with_both_parents() {
    let o = office();
    edit(&o.a, "二月", |p| {
        p.tasks[0].text = "开展一次献爱心捐助活动".into()
    });
    edit(&o.b, "三月", |p| p.tasks[1].owner = Some("王五".into()));
    let ws_b = open(&o.b);
    let mut plan = ws_b.load(&id()).expect("load");
    plan.tasks[2].status = Status::Done;
    plan.tasks[2].done_on = chrono::NaiveDate::from_ymd_opt(2022, 7, 20);
    ws_b.save(&id(), &mut plan, &Change::new(Action::Tick, "七月"))
        .expect("tick");
    sync(&o.a);
    let s = sync(&o.b);
    assert_eq!(s.fetched, 1);
    assert_eq!(s.merged, [id()]);
    assert!(s.conflicts.is_empty());
    assert_eq!(s.pushed, 3, "two edits and the merge");
    let merge = s.merge_commit.expect("a merge commit");

    // git sees a merge of both histories, made by 乙, with plandesk's trailer.
    let parents = git(&o.b, &["show", "-s", "--format=%P", &merge]);
    assert_eq!(parents.split_whitespace().count(), 2);
    let body = git(&o.b, &["show", "-s", "--format=%an%n%B", &merge]);
    assert!(
        body.starts_with("李乙\nMerge origin/main: 1 plan merged"),
        "{body}"
    );
    assert!(body.contains("Action: merge"), "{body}");
    let graph = git(&o.b, &["log", "--graph", "--format=%s"]);
    assert!(graph.contains("|\\"), "{graph}");

    settle(&o);
    for dir in [&o.a, &o.b] {
        let p = plan_in(dir);
        assert_eq!(p.tasks[0].text, "开展一次献爱心捐助活动");
        assert_eq!(p.tasks[1].owner.as_deref(), Some("王五"));
        assert_eq!(p.tasks[2].status, Status::Done);
        assert!(p.conflicts.is_empty());
    }
    fsck(&o);
}

#[test]
fn the_same_sentence_edited_on_both_sides_is_kept_as_a_conflict_in_the_plan() {
    let o = office();
    let ours = "组织委员认真学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流会。";
    let theirs = "组织委员深入学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流会。";
    edit(&o.a, "一、", |p| p.sections[0].body = theirs.into());
    edit(&o.b, "一、", |p| p.sections[0].body = ours.into());
    sync(&o.a);
    let s = sync(&o.b);
    assert_eq!(s.conflicts, [(id(), 1)]);
    assert!(s.line().contains("1 conflict"), "{}", s.line());

    // The committed file holds both texts and the base, as git shows it.
    let file = git(&o.b, &["show", &format!("HEAD:plans/{PLAN}.toml")]);
    let committed = parse_plan(&file).expect("a valid plan");
    let c = &committed.conflicts[0];
    assert_eq!(c.field, Field::Body);
    assert_eq!(c.item, committed.sections[0].id);
    assert_eq!(c.ours.as_deref(), Some(ours));
    assert_eq!(c.theirs.as_deref(), Some(theirs));
    assert!(
        c.base
            .as_deref()
            .is_some_and(|b| b.starts_with("组织委员学习"))
    );
    assert!(file.contains("[[conflicts]]"), "{file}");

    settle(&o);
    assert_eq!(plan_in(&o.a).conflicts, committed.conflicts);
    fsck(&o);
}

#[test]
fn different_lines_of_one_body_merge_without_a_conflict() {
    let o = office();
    edit(&o.a, "一、", |p| {
        p.sections[0].body =
            "组织委员认真学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流会。"
                .into()
    });
    edit(&o.b, "一、", |p| {
        p.sections[0].body =
            "组织委员学习党的二十大精神。\n开展专题培训两次。\n每月召开一次学习交流会。".into()
    });
    sync(&o.a);
    assert!(sync(&o.b).conflicts.is_empty());
    settle(&o);
    assert_eq!(
        plan_in(&o.a).sections[0].body,
        "组织委员认真学习党的二十大精神。\n开展专题培训两次。\n每月召开一次学习交流会。"
    );
    fsck(&o);
}

#[test]
fn commits_made_with_plain_git_merge_the_same_way() {
    let o = office();
    // 乙 edits the file in a text editor and commits with git: no trailers.
    let path = o.b.join(format!("plans/{PLAN}.toml"));
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace("组织委员视察春耕生产", "组织委员视察春耕备耕生产"),
    )
    .expect("write");
    git(&o.b, &["commit", "-qam", "typo"]);
    git(&o.b, &["push", "-q", "origin", "main"]);
    edit(&o.a, "七月", |p| {
        p.tasks[2].text = "开展专项民主监督".into()
    });
    let s = sync(&o.a);
    assert_eq!((s.fetched, s.merged.len(), s.pushed), (1, 1, 2));
    settle(&o);
    let p = plan_in(&o.b);
    assert_eq!(p.tasks[1].text, "组织委员视察春耕备耕生产");
    assert_eq!(p.tasks[2].text, "开展专项民主监督");
    fsck(&o);
}

#[test]
fn a_plan_deleted_on_one_side_and_edited_on_the_other_is_kept() {
    let o = office();
    let ws = open(&o.a);
    ws.delete(&id()).expect("delete");
    edit(&o.b, "二月", |p| {
        p.tasks[0].text = "开展两次献爱心活动".into()
    });
    sync(&o.a);
    let s = sync(&o.b);
    assert_eq!(s.conflicts, [(id(), 1)]);
    settle(&o);
    let p = plan_in(&o.a);
    assert_eq!(p.tasks[0].text, "开展两次献爱心活动");
    assert_eq!(p.conflicts[0].field, Field::Deleted);
    fsck(&o);
}

#[test]
fn a_sync_with_uncommitted_plan_changes_is_refused_and_changes_nothing() {
    let o = office();
    edit(&o.a, "二月", |p| p.tasks[0].text = "改".into());
    sync(&o.a);
    let path = o.b.join(format!("plans/{PLAN}.toml"));
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("组织委员视察春耕生产", "手改")).expect("write");
    let head = git(&o.b, &["rev-parse", "HEAD"]);
    let err = open(&o.b).sync(None, &mut |_| {}).expect_err("refused");
    let msg = err.to_string();
    assert!(msg.contains(PLAN) && msg.contains("not committed"), "{msg}");
    assert!(matches!(&err, StoreError::Sync(e) if matches!(**e, SyncError::Uncommitted(_))));
    assert_eq!(git(&o.b, &["rev-parse", "HEAD"]), head);
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("手改")
    );
}

/// OSC 52 (write the clipboard), CSI 2J (clear the screen), an 8-bit CSI,
/// RLO and an isolate, BEL.
const EVIL: &str = "\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}31m\u{202e}\u{2066}";
/// What must never reach a terminal raw.
const RAW: [char; 6] = [
    '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{202c}',
];

/// The real binary in the sandbox, standard output taken for a terminal;
/// killed and failed after a minute (a link followed to a FIFO would hang).
fn on_a_terminal(sandbox: &common::Sandbox, dir: &Path, args: &[&str]) -> common::Run {
    use std::process::Stdio;
    let mut child = sandbox
        .plandesk()
        .env("PLANDESK_ASSUME_TERMINAL", "1")
        .arg("--repo")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run plandesk");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("plandesk {args:?} hung: did it open a link out of the workspace?");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let r = common::Run::from(child.wait_with_output().expect("output"));
    for bad in RAW {
        assert!(
            !r.stdout.contains(bad),
            "{args:?}: {bad:?} raw on stdout: {:?}",
            r.stdout
        );
        assert!(
            !r.stderr.contains(bad),
            "{args:?}: {bad:?} raw on stderr: {:?}",
            r.stderr
        );
    }
    r
}

#[test]
fn a_hostile_remote_gets_its_links_and_oversized_files_refused_and_no_escape_through() {
    let o = office();
    // A hostile clone pushes plans that are links out of the workspace (to
    // a file, to /dev/zero, to a FIFO that would hang whoever opens it), one
    // too large, one under a name with escapes, and a plan whose title and
    // task hold terminal escapes.
    let outside = o._dir.path().join("secret.txt");
    std::fs::write(&outside, "secret").expect("secret");
    let fifo = o._dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let plans = o.b.join("plans/2022");
    let bad_name = format!("bad{EVIL}.toml");
    for (name, target) in [
        ("evil.toml", outside.as_path()),
        ("zero.toml", Path::new("/dev/zero")),
        ("fifo.toml", fifo.as_path()),
        (bad_name.as_str(), outside.as_path()),
    ] {
        std::os::unix::fs::symlink(target, plans.join(name)).expect("symlink");
    }
    let huge = format!(
        "schema = 1\ntitle = \"大\"\nyear = 2022\nkind = \"plan\"\nintro = \"{}\"\n",
        "长".repeat(3 << 20)
    );
    std::fs::write(plans.join("huge.toml"), &huge).expect("huge");
    let e: String = EVIL
        .chars()
        .map(|c| match c {
            c if c.is_control() || ('\u{2000}'..='\u{2FFF}').contains(&c) => {
                format!("\\u{:04X}", c as u32)
            }
            c => c.to_string(),
        })
        .collect();
    std::fs::write(
        plans.join("escapes.toml"),
        format!(
            "schema = 1\ntitle = \"恶意{e}计划\"\nyear = 2022\nkind = \"plan\"\n\n\
             [[tasks]]\nid = \"ta1\"\nmonth = 3\ntext = \"任务{e}清屏\"\nstatus = \"todo\"\n"
        ),
    )
    .expect("escapes");
    git(&o.b, &["add", "-A", "plans"]);
    git(&o.b, &["commit", "-qm", &format!("evil {EVIL}")]);
    git(&o.b, &["push", "-q", "origin", "main"]);

    // 甲 syncs with the real binary, its output taken for a terminal.
    let sandbox = common::Sandbox::new();
    let r = on_a_terminal(&sandbox, &o.a, &["sync"]);
    assert!(r.ok, "{}", r.stderr);
    let refused: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains("refused "))
        .collect();
    assert_eq!(refused.len(), 5, "{}", r.stdout);
    for name in ["evil.toml", "zero.toml", "fifo.toml"] {
        assert!(
            refused
                .iter()
                .any(|l| l.contains(&format!("plans/2022/{name}: not a regular file"))),
            "{name}: {}",
            r.stdout
        );
    }
    assert!(
        refused
            .iter()
            .any(|l| l.contains("plans/2022/huge.toml: larger than 8 MiB")),
        "{}",
        r.stdout
    );
    // None of them existed here: nothing was kept in their place.
    assert!(
        refused
            .iter()
            .all(|l| l.trim_end().ends_with("; not taken")),
        "{}",
        r.stdout
    );
    // The name with escapes is named, its escapes made visible.
    assert!(
        refused
            .iter()
            .any(|l| l.contains("plans/2022/bad") && l.contains("not a regular file")),
        "{}",
        r.stdout
    );

    // Nothing refused is in 甲's working tree or commit; the plan with
    // escapes is text and arrived; nothing outside changed.
    for name in [
        "evil.toml",
        "zero.toml",
        "fifo.toml",
        "huge.toml",
        bad_name.as_str(),
    ] {
        assert!(
            std::fs::symlink_metadata(o.a.join("plans/2022").join(name)).is_err(),
            "{name} written"
        );
    }
    let tree = git(&o.a, &["ls-tree", "-r", "--name-only", "HEAD", "plans/"]);
    assert_eq!(
        tree.lines().collect::<Vec<_>>(),
        ["plans/2022/escapes.toml", &format!("plans/{PLAN}.toml")],
        "{tree}"
    );
    assert_eq!(std::fs::read_to_string(&outside).expect("read"), "secret");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .expect("fifo")
            .file_type()
            .is_fifo()
    );
    // The refusal is merged in, so the remote no longer holds the links.
    let remote = git(&o.remote, &["ls-tree", "-r", "--name-only", "main"]);
    assert!(
        !remote.contains("evil") && !remote.contains("huge"),
        "{remote}"
    );

    // The plan with escapes, listed and shown: its text there, no escape raw.
    let r = on_a_terminal(&sandbox, &o.a, &["list"]);
    assert!(
        r.ok && r.stdout.contains("恶意"),
        "{}{}",
        r.stdout,
        r.stderr
    );
    let r = on_a_terminal(&sandbox, &o.a, &["show", "2022/escapes"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout.contains("恶意") && r.stdout.contains("清屏"),
        "{}",
        r.stdout
    );
    let r = on_a_terminal(&sandbox, &o.a, &["conflicts"]);
    assert!(r.ok, "{}", r.stderr);
    // A second sync has nothing new: it refuses nothing more, and says so cleanly.
    let r = on_a_terminal(&sandbox, &o.a, &["sync"]);
    assert!(r.ok, "{}", r.stderr);
    fsck(&o);
}

#[test]
fn an_approval_made_on_another_machine_verifies_and_a_forged_one_is_flagged() {
    let o = office_with(Some(
        "name = \"汪场镇政协联络处\"\napprovers = [\"jia@example.org\"]\n",
    ));
    sync(&o.b);
    // 甲, a listed approver, approves on their machine; 乙 ticks a task meanwhile.
    let ws_a = open(&o.a);
    ws_a.submit(&id(), None).expect("submit");
    ws_a.approve(&id(), Some("同意")).expect("approve");
    let ws_b = open(&o.b);
    let mut plan = ws_b.load(&id()).expect("load");
    plan.tasks[0].status = Status::Done;
    plan.tasks[0].done_on = chrono::NaiveDate::from_ymd_opt(2022, 2, 18);
    ws_b.save(&id(), &mut plan, &Change::new(Action::Tick, "二月"))
        .expect("tick");
    sync(&o.a);
    let s = sync(&o.b);
    assert!(s.merge_commit.is_some());
    assert!(s.approvals_reset.is_empty());
    settle(&o);
    let p = plan_in(&o.b);
    assert_eq!(p.state(), ApprovalState::Approved);
    assert_eq!(p.tasks[0].status, Status::Done);
    for dir in [&o.a, &o.b] {
        let v = open(dir).verify().expect("verify");
        assert!(v.is_clean(), "{:?}", v.findings);
    }

    // 乙 (not an approver) edits the text and marks it approved by hand, with plain git.
    let path = o.b.join(format!("plans/{PLAN}.toml"));
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("组织委员视察春耕生产", "取消视察")).expect("write");
    git(&o.b, &["commit", "-qam", "small fix"]);
    git(&o.b, &["push", "-q", "origin", "main"]);
    sync(&o.a);
    let v = open(&o.a).verify().expect("verify");
    assert!(
        v.findings.iter().any(|f| f.plan == id()
            && f.in_effect
            && matches!(f.problem, Problem::ContentChangedWhileApproved { .. })),
        "{:?}",
        v.findings
    );
    fsck(&o);
}

#[test]
fn a_merge_that_changes_approved_content_sets_the_plan_back_to_draft() {
    let o = office();
    let ws_a = open(&o.a);
    ws_a.approve(&id(), None).expect("approve");
    edit(&o.b, "二", |p| {
        p.sections[1].body = "围绕乡村振兴和基层治理开展调研。".into()
    });
    sync(&o.a);
    let s = sync(&o.b);
    assert_eq!(s.approvals_reset, [id()]);
    settle(&o);
    let p = plan_in(&o.a);
    assert_eq!(p.state(), ApprovalState::Draft);
    assert_eq!(p.sections[1].body, "围绕乡村振兴和基层治理开展调研。");
    assert!(open(&o.a).verify().expect("verify").is_clean());
    fsck(&o);
}

#[test]
fn remotes_are_added_listed_and_removed_and_a_missing_one_is_named() {
    let o = office();
    let ws = open(&o.b);
    assert_eq!(ws.remotes().expect("list").len(), 1);
    ws.add_remote("share", "/mnt/share/plans.git").expect("add");
    let names: Vec<String> = ws
        .remotes()
        .expect("list")
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["origin", "share"]);
    assert!(git(&o.b, &["remote", "-v"]).contains("share\t/mnt/share/plans.git"));
    let dup = ws
        .add_remote("share", "/x")
        .expect_err("duplicate")
        .to_string();
    assert!(dup.contains("exists already"), "{dup}");
    ws.remove_remote("share").expect("remove");
    let err = ws
        .sync(Some("share"), &mut |_| {})
        .expect_err("gone")
        .to_string();
    assert!(
        err.contains("no remote `share`") && err.contains("origin"),
        "{err}"
    );
}

#[test]
fn an_unreachable_remote_says_so_and_leaves_the_commits_alone() {
    let o = office();
    edit(&o.a, "二月", |p| p.tasks[0].text = "改".into());
    let ws = open(&o.a);
    ws.add_remote(
        "gone",
        o._dir.path().join("nowhere.git").to_str().expect("utf-8"),
    )
    .expect("add");
    let head = git(&o.a, &["rev-parse", "HEAD"]);
    let err = ws
        .sync(Some("gone"), &mut |_| {})
        .expect_err("fails")
        .to_string();
    assert!(err.contains("gone") && err.contains("nowhere.git"), "{err}");
    assert!(!err.contains("libgit2") && !err.contains("git:"), "{err}");
    assert_eq!(git(&o.a, &["rev-parse", "HEAD"]), head);
}

#[test]
fn a_push_refused_because_the_remote_moved_fetches_merges_and_pushes_again() {
    let o = office();
    // A third clone, 丙, pushes while 甲's sync is about to push.
    let c = o._dir.path().join("c");
    git(o._dir.path(), &["clone", "-q", "remote.git", "c"]);
    identity(&c, "王丙", "bing@example.org");
    let path = c.join(format!("plans/{PLAN}.toml"));
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("开展民主监督", "开展专项民主监督")).expect("write");
    git(&c, &["commit", "-qam", "丙 edits July"]);

    edit(&o.a, "二月", |p| {
        p.tasks[0].text = "开展一次献爱心捐助活动".into()
    });
    let mut raced = false;
    let mut pushes = 0;
    let s = open(&o.a)
        .sync(None, &mut |p| {
            if p.stage == plandesk::store::Stage::Pushing && p.total_objects == 0 {
                pushes += 1;
                if !raced {
                    raced = true;
                    git(&c, &["push", "-q", "origin", "main"]);
                }
            }
        })
        .expect("sync");
    assert_eq!(pushes, 2, "the first push was refused and tried again");
    assert_eq!(s.fetched, 1);
    assert!(s.merge_commit.is_some());
    settle(&o);
    let p = plan_in(&o.b);
    assert_eq!(p.tasks[0].text, "开展一次献爱心捐助活动");
    assert_eq!(p.tasks[2].text, "开展专项民主监督");
    fsck(&o);
}

#[test]
fn a_plan_with_a_conflict_cannot_be_approved() {
    let o = office();
    edit(&o.a, "一、", |p| p.sections[1].body = "甲写的。".into());
    edit(&o.b, "一、", |p| p.sections[1].body = "乙写的。".into());
    sync(&o.a);
    sync(&o.b);
    let err = open(&o.b)
        .approve(&id(), None)
        .expect_err("refused")
        .to_string();
    assert!(err.contains("1 conflict from a sync"), "{err}");
}

#[test]
fn the_command_line_syncs_prints_the_summary_and_shows_the_conflict() {
    let o = office();
    let sandbox = common::Sandbox::new();
    let run = |dir: &Path, args: &[&str]| {
        let mut all = vec!["--repo", dir.to_str().expect("utf-8")];
        all.extend_from_slice(args);
        sandbox.run(&all)
    };
    let r = run(&o.b, &["remote", "list"]);
    assert!(
        r.ok && r.stdout.starts_with("origin\t"),
        "{}{}",
        r.stdout,
        r.stderr
    );

    edit(&o.a, "二", |p| {
        p.sections[1].body = "围绕乡村振兴开展专题调研。".into()
    });
    edit(&o.b, "二", |p| {
        p.sections[1].body = "围绕乡村振兴开展两次调研。".into()
    });
    let r = run(&o.a, &["sync"]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(
        r.stdout.trim(),
        "origin: 0 fetched, 0 plans merged, 0 conflicts, 1 pushed"
    );
    let r = run(&o.b, &["sync", "origin"]);
    assert!(r.ok, "{}", r.stderr);
    let first = r.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "origin: 1 fetched, 1 plan merged, 1 conflict, 2 pushed"
    );
    assert!(
        r.stdout
            .contains(&format!("{PLAN}: merged, 1 conflict kept in the plan")),
        "{}",
        r.stdout
    );

    let r = run(&o.b, &["show", PLAN]);
    assert!(r.ok, "{}", r.stderr);
    let tail = &r.stdout[r
        .stdout
        .find("Conflicts from a sync: 1")
        .expect("conflicts listed")..];
    assert!(
        tail.contains("section 「围绕中心，积极建言献策」 · body"),
        "{tail}"
    );
    assert!(tail.contains("base   围绕乡村振兴开展调研。"), "{tail}");
    assert!(tail.contains("ours   围绕乡村振兴开展两次调研。"), "{tail}");
    assert!(tail.contains("theirs 围绕乡村振兴开展专题调研。"), "{tail}");

    let r = run(&o.b, &["sync", "nosuch"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("no remote `nosuch`"), "{}", r.stderr);
}

#[test]
fn the_same_new_plan_created_on_both_sides_and_the_settings_merge() {
    let o = office();
    let new_id = PlanId::parse("2023/wangchang-cppcc-plan").expect("id");
    let mut on_a = sample();
    on_a.year = 2023;
    on_a.title = "汪场镇政协联络处2023年工作计划".into();
    open(&o.a)
        .create(&new_id, &mut on_a, Action::New, None)
        .expect("create on 甲");
    let mut on_b = on_a.clone();
    on_b.tasks[0].text = "开展一次献爱心助学活动".into();
    open(&o.b)
        .create(&new_id, &mut on_b, Action::New, None)
        .expect("create on 乙");
    // 甲 adds an approver; 乙 turns on sync at start (plain git both).
    let settings = |dir: &Path, f: &dyn Fn(&str) -> String| {
        let path = dir.join("plandesk.toml");
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, f(&text)).expect("write");
        git(dir, &["commit", "-qam", "settings"]);
    };
    settings(&o.a, &|t| format!("{t}approvers = [\"jia@example.org\"]\n"));
    settings(&o.b, &|t| format!("{t}\n[sync]\non_start = true\n"));
    sync(&o.a);
    let s = sync(&o.b);
    assert_eq!(s.merged.len(), 1);
    assert_eq!(s.merged[0], new_id);
    settle(&o);
    let ws = open(&o.a);
    let merged = ws.load(&new_id).expect("load");
    // 乙 copied 甲's plan with its ids: the items match, and the one task
    // both wrote differently (against no base) is a conflict holding both.
    assert_eq!(s.conflicts, [(new_id.clone(), 1)]);
    assert_eq!(merged.tasks.len(), 3);
    assert_eq!(merged.tasks[0].text, "开展一次献爱心助学活动");
    let c = &merged.conflicts[0];
    assert_eq!(
        (c.item.as_str(), c.base.as_deref()),
        (merged.tasks[0].id.as_str(), None)
    );
    assert_eq!(c.theirs.as_deref(), Some("开展一次献爱心活动"));
    let settings = ws.settings().expect("settings");
    assert_eq!(settings.approvers, ["jia@example.org"]);
    assert!(settings.sync.on_start);
    fsck(&o);
}

#[test]
fn several_remotes_without_a_default_ask_for_one_and_unrelated_history_is_refused() {
    let o = office();
    let ws = open(&o.a);
    ws.remove_remote("origin").expect("remove");
    // A repository with a history of its own.
    let stranger = o._dir.path().join("stranger");
    git(o._dir.path(), &["init", "-q", "-b", "main", "stranger"]);
    identity(&stranger, "陌生人", "x@example.org");
    std::fs::write(stranger.join("readme.txt"), "别的项目").expect("write");
    git(&stranger, &["add", "."]);
    git(&stranger, &["commit", "-qm", "other project"]);
    ws.add_remote("stranger", stranger.to_str().expect("utf-8"))
        .expect("add");
    ws.add_remote("share", o.remote.to_str().expect("utf-8"))
        .expect("add");
    let err = ws
        .sync(None, &mut |_| {})
        .expect_err("which one?")
        .to_string();
    assert!(
        err.contains("several remotes") && err.contains("share, stranger"),
        "{err}"
    );

    let head = git(&o.a, &["rev-parse", "HEAD"]);
    let err = ws
        .sync(Some("stranger"), &mut |_| {})
        .expect_err("unrelated")
        .to_string();
    assert!(err.contains("nothing in common"), "{err}");
    assert_eq!(git(&o.a, &["rev-parse", "HEAD"]), head);
    // With the default set in plandesk.toml, a plain `sync` uses it.
    let path = o.a.join("plandesk.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, format!("{text}\n[sync]\nremote = \"share\"\n")).expect("write");
    git(&o.a, &["commit", "-qam", "default remote"]);
    let s = ws.sync(None, &mut |_| {}).expect("sync");
    assert_eq!((s.remote.as_str(), s.pushed), ("share", 1));
}

fn tick(dir: &Path, task: usize, day: u32, month: u32) {
    let ws = open(dir);
    let mut plan = ws.load(&id()).expect("load");
    plan.tasks[task].status = Status::Done;
    plan.tasks[task].done_on = chrono::NaiveDate::from_ymd_opt(2022, month, day);
    ws.save(&id(), &mut plan, &Change::new(Action::Tick, "tick"))
        .expect("tick");
}

fn new_task(month: u8, text: &str) -> Task {
    Task {
        id: String::new(),
        month,
        period: None,
        text: text.into(),
        status: Status::Todo,
        done_on: None,
        owner: None,
    }
}

fn new_section(heading: &str, body: &str) -> Section {
    Section {
        id: String::new(),
        depth: 1,
        heading: heading.into(),
        body: body.into(),
    }
}

/// Every heading and body of `plan`, in order, as (heading, body).
fn outline(plan: &Plan) -> Vec<(&str, &str)> {
    plan.sections
        .iter()
        .map(|s| (s.heading.as_str(), s.body.as_str()))
        .collect()
}

#[test]
fn both_tick_different_tasks_and_both_ticks_hold() {
    let o = office();
    tick(&o.a, 0, 18, 2);
    tick(&o.b, 1, 10, 3);
    sync(&o.a);
    let s = sync(&o.b);
    assert_eq!(s.merged, [id()]);
    assert!(s.conflicts.is_empty(), "{s:?}");
    settle(&o);
    for dir in [&o.a, &o.b] {
        let p = plan_in(dir);
        let progress: Vec<_> = p.tasks.iter().map(|t| (t.status, t.done_on)).collect();
        assert_eq!(
            progress,
            [
                (Status::Done, chrono::NaiveDate::from_ymd_opt(2022, 2, 18)),
                (Status::Done, chrono::NaiveDate::from_ymd_opt(2022, 3, 10)),
                (Status::Todo, None),
            ]
        );
        assert!(p.conflicts.is_empty());
    }
    fsck(&o);
}

#[test]
fn a_task_ticked_on_one_side_and_edited_on_the_other_is_both_ticked_and_edited() {
    let o = office();
    tick(&o.a, 1, 12, 3);
    edit(&o.b, "三月", |p| {
        p.tasks[1].text = "组织委员视察春耕备耕生产".into();
        p.tasks[1].owner = Some("王五".into());
    });
    sync(&o.a);
    let s = sync(&o.b);
    assert!(s.conflicts.is_empty(), "{s:?}");
    settle(&o);
    for dir in [&o.a, &o.b] {
        let t = &plan_in(dir).tasks[1];
        assert_eq!(t.text, "组织委员视察春耕备耕生产");
        assert_eq!(t.owner.as_deref(), Some("王五"));
        assert_eq!(
            (t.status, t.done_on),
            (Status::Done, chrono::NaiveDate::from_ymd_opt(2022, 3, 12))
        );
    }
    fsck(&o);
}

#[test]
fn a_section_deleted_on_one_side_and_edited_on_the_other_is_kept_with_a_conflict() {
    let o = office();
    let kept_body = "围绕乡村振兴开展调研。\n年底形成调研报告。";
    edit(&o.a, "删除二、", |p| {
        p.sections.remove(1);
        p.sections[0].body.push_str("\n年中开展一次考察。");
    });
    edit(&o.b, "二、", |p| p.sections[1].body = kept_body.into());
    sync(&o.a);
    let s = sync(&o.b);
    assert_eq!(s.conflicts, [(id(), 1)]);
    settle(&o);
    for dir in [&o.a, &o.b] {
        let p = plan_in(dir);
        assert_eq!(
            outline(&p),
            [
                (
                    "强化学习，提高履职能力和水平",
                    "组织委员学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流会。\n年中开展一次考察。"
                ),
                ("围绕中心，积极建言献策", kept_body),
            ]
        );
        let c = &p.conflicts[0];
        assert_eq!(c.field, Field::Deleted);
        assert_eq!(c.item, p.sections[1].id);
        assert_eq!(c.base.as_deref(), Some("围绕中心，积极建言献策"));
    }
    // 甲 deleted it, 乙 edited it: 甲's side of the conflict says deleted.
    let c = &plan_in(&o.a).conflicts[0];
    assert_eq!(
        (c.ours.as_deref(), c.theirs.as_deref()),
        (Some("围绕中心，积极建言献策"), None),
        "merged on 乙's machine: ours is 乙's (kept), theirs 甲's (deleted)"
    );
    fsck(&o);
}

#[test]
fn tasks_added_on_both_sides_in_the_same_month_are_all_kept() {
    let o = office();
    edit(&o.a, "三月", |p| {
        p.tasks.insert(2, new_task(3, "组织委员参加植树活动"))
    });
    edit(&o.b, "三月", |p| {
        p.tasks.insert(2, new_task(3, "召开一季度学习交流会"));
        p.tasks.push(new_task(3, "走访困难群众"));
    });
    sync(&o.a);
    let s = sync(&o.b);
    assert!(s.conflicts.is_empty(), "{s:?}");
    settle(&o);
    for dir in [&o.a, &o.b] {
        let p = plan_in(dir);
        let mut march: Vec<&str> = p
            .tasks
            .iter()
            .filter(|t| t.month == 3)
            .map(|t| t.text.as_str())
            .collect();
        march.sort_unstable();
        let mut want = vec![
            "组织委员视察春耕生产",
            "组织委员参加植树活动",
            "召开一季度学习交流会",
            "走访困难群众",
        ];
        want.sort_unstable();
        assert_eq!(march, want);
        assert_eq!(p.tasks.len(), 6);
        let mut ids: Vec<&str> = p.tasks.iter().map(|t| t.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 6, "every task keeps an id of its own");
    }
    fsck(&o);
}

/// Four sections, synced to both clones.
fn office_with_four_sections() -> Office {
    let o = office();
    edit(&o.a, "三、四、", |p| {
        p.sections
            .push(new_section("加强自身建设", "完善学习制度。"));
        p.sections
            .push(new_section("做好其他工作", "完成上级交办的任务。"));
    });
    sync(&o.a);
    sync(&o.b);
    o
}

const S1: &str = "强化学习，提高履职能力和水平";
const S2: &str = "围绕中心，积极建言献策";
const S3: &str = "加强自身建设";
const S4: &str = "做好其他工作";

fn headings(plan: &Plan) -> Vec<&str> {
    plan.sections.iter().map(|s| s.heading.as_str()).collect()
}

#[test]
fn both_reorder_different_sections_and_both_moves_hold_with_the_edits() {
    let o = office_with_four_sections();
    edit(&o.a, "一、二、对调", |p| {
        p.sections.swap(0, 1);
        p.sections[1].body.push_str("\n甲加的一句。");
    });
    edit(&o.b, "三、四、对调", |p| {
        p.sections.swap(2, 3);
        p.sections[3].body = "完善学习和考勤制度。".into();
    });
    sync(&o.a);
    let s = sync(&o.b);
    assert!(s.conflicts.is_empty(), "{s:?}");
    settle(&o);
    for dir in [&o.a, &o.b] {
        let p = plan_in(dir);
        assert_eq!(headings(&p), [S2, S1, S4, S3]);
        assert!(p.sections[1].body.ends_with("\n甲加的一句。"));
        assert_eq!(p.sections[3].body, "完善学习和考勤制度。");
        assert!(p.conflicts.is_empty());
    }
    fsck(&o);
}

#[test]
fn both_reorder_the_same_sections_differently_and_every_section_stays_once() {
    let o = office_with_four_sections();
    // 甲 brings the last to the top; 乙 sends the first to the bottom.
    edit(&o.a, "四、提前", |p| {
        let s = p.sections.remove(3);
        p.sections.insert(0, s);
    });
    edit(&o.b, "一、置后", |p| {
        let s = p.sections.remove(0);
        p.sections.push(s);
        p.sections[0].heading = "围绕中心，积极建言献策，服务大局".into();
    });
    sync(&o.a);
    sync(&o.b);
    settle(&o);
    let p = plan_in(&o.a);
    let mut got = headings(&p);
    assert_eq!(got.len(), 4, "{got:?}");
    got.sort_unstable();
    let mut want = vec![S1, "围绕中心，积极建言献策，服务大局", S3, S4];
    want.sort_unstable();
    assert_eq!(got, want, "every section once, 乙's new heading kept");
    // Where 甲 put 做好其他工作 (before the rest) and where 乙 put 强化学习
    // (after the rest) both hold.
    assert_eq!(
        headings(&p),
        [S4, "围绕中心，积极建言献策，服务大局", S3, S1]
    );
    assert_eq!(plan_in(&o.b), p);
    fsck(&o);
}

#[test]
fn both_edit_different_sections_and_both_edits_arrive() {
    let o = office();
    edit(&o.a, "一、", |p| {
        p.sections[0].heading = "强化学习，不断提高履职能力和水平".into()
    });
    edit(&o.b, "二、", |p| {
        p.sections[1].body = "围绕乡村振兴开展专题调研。".into()
    });
    sync(&o.a);
    assert!(sync(&o.b).conflicts.is_empty());
    settle(&o);
    for dir in [&o.a, &o.b] {
        let p = plan_in(dir);
        assert_eq!(
            outline(&p),
            [
                (
                    "强化学习，不断提高履职能力和水平",
                    "组织委员学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流会。"
                ),
                ("围绕中心，积极建言献策", "围绕乡村振兴开展专题调研。"),
            ]
        );
    }
    fsck(&o);
}

// ---------------------------------------------------------------------------
// plandesk's merge beside `git merge` (ort, line-based) on the same histories.

/// What a side wrote into a plan, relative to the base: the runs of text it
/// inserted into each field, and each task's progress it changed, keyed by
/// item id ("" for the plan's own fields).
fn written(base: Option<&Plan>, side: &Plan) -> Vec<(String, Field, String)> {
    fn fields(p: &Plan) -> Vec<(String, Field, String)> {
        let mut out = vec![
            (String::new(), Field::Title, p.title.clone()),
            (String::new(), Field::Intro, p.intro.clone()),
            (String::new(), Field::Org, p.org.clone().unwrap_or_default()),
        ];
        for s in &p.sections {
            out.push((s.id.clone(), Field::Heading, s.heading.clone()));
            out.push((s.id.clone(), Field::Body, s.body.clone()));
        }
        for t in &p.tasks {
            out.push((t.id.clone(), Field::Text, t.text.clone()));
            out.push((
                t.id.clone(),
                Field::Owner,
                t.owner.clone().unwrap_or_default(),
            ));
            let progress = format!("{} {:?}", t.status.as_str(), t.done_on);
            out.push((t.id.clone(), Field::Status, progress));
        }
        for t in &p.targets {
            out.push((t.id.clone(), Field::Name, t.name.clone()));
            out.push((t.id.clone(), Field::Target, t.target.clone()));
        }
        out
    }
    let before: std::collections::HashMap<(String, Field), String> = base
        .map(fields)
        .unwrap_or_default()
        .into_iter()
        .map(|(i, f, v)| ((i, f), v))
        .collect();
    let mut out = Vec::new();
    for (item, field, now) in fields(side) {
        let was = before
            .get(&(item.clone(), field))
            .cloned()
            .unwrap_or_default();
        if was == now {
            continue;
        }
        if field == Field::Status {
            out.push((item, field, now));
            continue;
        }
        // The runs of characters inserted: each must be found in the result.
        let diff = similar::TextDiff::from_chars(was.as_str(), now.as_str());
        let mut run = String::new();
        for change in diff.iter_all_changes() {
            if change.tag() == similar::ChangeTag::Insert {
                run.push_str(change.value());
            } else if !run.is_empty() {
                out.push((item.clone(), field, std::mem::take(&mut run)));
            }
        }
        if !run.is_empty() {
            out.push((item, field, run));
        }
    }
    out
}

/// The fragments of `wrote` that `result` lost: not in the field, nor in a
/// conflict recorded on the item.
fn lost(wrote: &[(String, Field, String)], result: Option<&Plan>) -> Vec<String> {
    let Some(r) = result else {
        return wrote.iter().map(|(_, _, t)| t.clone()).collect();
    };
    let holds = |item: &str, field: Field, text: &str| -> bool {
        let in_conflict = r.conflicts.iter().any(|c| {
            c.item == item
                && [&c.ours, &c.theirs]
                    .iter()
                    .any(|s| s.as_deref().is_some_and(|s| s.contains(text)))
        });
        let value = written(None, r)
            .into_iter()
            .filter(|(i, f, _)| i == item && *f == field)
            .any(|(_, _, v)| v.contains(text));
        in_conflict || value
    };
    wrote
        .iter()
        .filter(|(i, f, t)| !holds(i, *f, t))
        .map(|(_, _, t)| t.clone())
        .collect()
}

/// How one merge went: clean (no conflict), and the texts it lost.
#[derive(Debug)]
struct Outcome {
    clean: bool,
    lost: Vec<String>,
}

fn plan_at(dir: &Path, rev: &str, path: &str) -> Option<Plan> {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .args(["show", &format!("{rev}:{path}")])
        .output()
        .expect("git show");
    if !out.status.success() {
        return None;
    }
    // A file git merged into something that is no plan counts as lost.
    parse_plan(&String::from_utf8_lossy(&out.stdout)).ok()
}

fn plan_paths(dir: &Path, revs: &[&str]) -> Vec<String> {
    let mut paths: Vec<String> = revs
        .iter()
        .flat_map(|rev| {
            git(dir, &["ls-tree", "-r", "--name-only", rev, "plans/"])
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Both merges of 乙's branch with what 甲 pushed: `git merge` in a copy of
/// 乙's clone, then plandesk's sync in 乙's clone itself.
fn both_merges(o: &Office) -> (Outcome, Outcome) {
    let probe = o._dir.path().join("probe");
    let _ = std::fs::remove_dir_all(&probe);
    git(
        o._dir.path(),
        &["clone", "-q", o.b.to_str().expect("utf-8"), "probe"],
    );
    identity(&probe, "李乙", "yi@example.org");
    git(
        &probe,
        &["fetch", "-q", o.remote.to_str().expect("utf-8"), "main"],
    );
    let ours = git(&probe, &["rev-parse", "HEAD"]).trim().to_string();
    let theirs = git(&probe, &["rev-parse", "FETCH_HEAD"]).trim().to_string();
    let base = git(&probe, &["merge-base", &ours, &theirs])
        .trim()
        .to_string();
    let merged = std::process::Command::new("git")
        .current_dir(&probe)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", &probe)
        .args(["merge", "-q", "--no-edit", "FETCH_HEAD"])
        .output()
        .expect("git merge");
    let paths = plan_paths(&probe, &[&base, &ours, &theirs]);
    let judge = |clean: bool, result_dir: &Path, result_rev: &str| -> Outcome {
        let mut lost_all = Vec::new();
        for path in &paths {
            let b = plan_at(&probe, &base, path);
            let result = plan_at(result_dir, result_rev, path);
            for side in [&ours, &theirs] {
                if let Some(s) = plan_at(&probe, side, path) {
                    lost_all.extend(lost(&written(b.as_ref(), &s), result.as_ref()));
                }
            }
        }
        Outcome {
            clean,
            lost: lost_all,
        }
    };
    let git_clean = merged.status.success();
    let by_git = if git_clean {
        judge(true, &probe, "HEAD")
    } else {
        // The conflict markers hold both sides: nothing is lost, nothing merged.
        Outcome {
            clean: false,
            lost: Vec::new(),
        }
    };
    let s = sync(&o.b);
    let by_plandesk = judge(s.conflict_count() == 0, &o.b, "HEAD");
    (by_plandesk, by_git)
}

type Edit = fn(&Office);

/// Two more sections, made on 甲's side and synced to both before the
/// scenario's own edits.
fn four_sections(o: &Office) {
    edit(&o.a, "三、四、", |p| {
        p.sections
            .push(new_section("加强自身建设", "完善学习制度。"));
        p.sections
            .push(new_section("做好其他工作", "完成上级交办的任务。"));
    });
    sync(&o.a);
    sync(&o.b);
}

fn scenarios() -> Vec<(&'static str, Edit, Edit)> {
    fn body0(p: &mut Plan, text: &str) {
        p.sections[0].body = text.into();
    }
    vec![
        (
            "fast-forward (one side only)",
            |o| {
                edit(&o.a, "二月", |p| {
                    p.tasks[0].text = "开展一次献爱心捐助活动".into()
                })
            },
            |_| {},
        ),
        (
            "different tasks edited and ticked",
            |o| {
                edit(&o.a, "二月", |p| {
                    p.tasks[0].text = "开展一次献爱心捐助活动".into()
                })
            },
            |o| {
                edit(&o.b, "三月", |p| p.tasks[1].owner = Some("王五".into()));
                tick(&o.b, 2, 20, 7);
            },
        ),
        (
            "different sections edited",
            |o| {
                edit(&o.a, "一、", |p| {
                    p.sections[0].heading = "强化学习，不断提高履职能力和水平".into()
                })
            },
            |o| {
                edit(&o.b, "二、", |p| {
                    p.sections[1].body = "围绕乡村振兴开展专题调研。".into()
                })
            },
        ),
        (
            "one body, different lines",
            |o| {
                edit(&o.a, "一、", |p| {
                    body0(
                        p,
                        "组织委员认真学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流会。",
                    )
                })
            },
            |o| {
                edit(&o.b, "一、", |p| {
                    body0(
                        p,
                        "组织委员学习党的二十大精神。\n开展专题培训两次。\n每月召开一次学习交流会。",
                    )
                })
            },
        ),
        (
            "one sentence, edited at its two ends",
            |o| {
                edit(&o.a, "二、", |p| {
                    p.sections[1].body = "围绕乡村振兴开展调研，形成报告。".into()
                })
            },
            |o| {
                edit(&o.b, "二、", |p| {
                    p.sections[1].body = "年初围绕乡村振兴开展调研。".into()
                })
            },
        ),
        (
            "the same sentence (a true conflict)",
            |o| {
                edit(&o.a, "一、", |p| {
                    body0(
                        p,
                        "组织委员深入学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流会。",
                    )
                })
            },
            |o| {
                edit(&o.b, "一、", |p| {
                    body0(
                        p,
                        "组织委员认真学习党的二十大精神。\n开展专题培训两次。\n每季度召开一次学习交流会。",
                    )
                })
            },
        ),
        (
            "both tick different tasks",
            |o| tick(&o.a, 0, 18, 2),
            |o| tick(&o.b, 1, 10, 3),
        ),
        (
            "a tick and an edit of one task",
            |o| tick(&o.a, 1, 12, 3),
            |o| {
                edit(&o.b, "三月", |p| {
                    p.tasks[1].text = "组织委员视察春耕备耕生产".into()
                })
            },
        ),
        (
            "a section deleted and edited",
            |o| {
                edit(&o.a, "删除二、", |p| {
                    p.sections.remove(1);
                })
            },
            |o| {
                edit(&o.b, "二、", |p| {
                    p.sections[1].body = "围绕乡村振兴开展调研。\n年底形成调研报告。".into()
                })
            },
        ),
        (
            "tasks added in one month",
            |o| {
                edit(&o.a, "三月", |p| {
                    p.tasks.insert(2, new_task(3, "组织委员参加植树活动"))
                })
            },
            |o| {
                edit(&o.b, "三月", |p| {
                    p.tasks.insert(2, new_task(3, "召开一季度学习交流会"))
                })
            },
        ),
        (
            "both reorder sections, apart",
            |o| {
                four_sections(o);
                edit(&o.a, "一二对调", |p| p.sections.swap(0, 1));
            },
            |o| edit(&o.b, "三四对调", |p| p.sections.swap(2, 3)),
        ),
        (
            "both reorder sections, crossing",
            |o| {
                four_sections(o);
                edit(&o.a, "四提前", |p| {
                    let s = p.sections.remove(3);
                    p.sections.insert(0, s);
                });
            },
            |o| {
                edit(&o.b, "一置后", |p| {
                    let s = p.sections.remove(0);
                    p.sections.push(s);
                })
            },
        ),
        (
            "a section added and moved beside a heading edit",
            |o| {
                edit(&o.a, "对调", |p| {
                    p.sections
                        .push(new_section("加强自身建设", "完善学习制度。"));
                    p.sections.swap(0, 1);
                })
            },
            |o| {
                edit(&o.b, "改", |p| {
                    p.sections[1].heading = "围绕中心，积极建言献策，服务大局".into()
                })
            },
        ),
        (
            "the same new plan on both sides",
            |o| {
                let id = PlanId::parse("2023/new-plan").expect("id");
                let mut p = Plan::new("2023年工作计划", 2023, Kind::Plan);
                p.tasks.push(new_task(2, "开展一次献爱心活动"));
                open(&o.a)
                    .create(&id, &mut p, Action::New, None)
                    .expect("create");
            },
            |o| {
                let id = PlanId::parse("2023/new-plan").expect("id");
                let mut p = Plan::new("2023年工作计划", 2023, Kind::Plan);
                p.tasks.push(new_task(3, "组织委员视察春耕生产"));
                open(&o.b)
                    .create(&id, &mut p, Action::New, None)
                    .expect("create");
            },
        ),
        (
            "a plan deleted and edited",
            |o| {
                open(&o.a).delete(&id()).expect("delete");
            },
            |o| {
                edit(&o.b, "二月", |p| {
                    p.tasks[0].text = "开展两次献爱心活动".into()
                })
            },
        ),
        (
            "approved on one side, edited on the other",
            |o| {
                open(&o.a).approve(&id(), Some("同意")).expect("approve");
            },
            |o| {
                edit(&o.b, "七月", |p| {
                    p.tasks[2].text = "开展专项民主监督".into()
                })
            },
        ),
        (
            "a plain-git edit beside a plandesk edit",
            |o| {
                edit(&o.a, "七月", |p| {
                    p.tasks[2].text = "开展专项民主监督".into()
                })
            },
            |o| {
                let path = o.b.join(format!("plans/{PLAN}.toml"));
                let text = std::fs::read_to_string(&path).expect("read");
                std::fs::write(
                    &path,
                    text.replace("组织委员视察春耕生产", "组织委员视察春耕备耕生产"),
                )
                .expect("write");
                git(&o.b, &["commit", "-qam", "typo"]);
            },
        ),
    ]
}

#[test]
fn plandesk_merges_whatever_git_merge_does_and_more_and_never_loses_text() {
    let mut table = String::from("| scenario | plandesk | git merge (ort) |\n|---|---|---|\n");
    let (mut ours_ok, mut git_ok) = (0, 0);
    let all = scenarios();
    let say = |o: &Outcome| match (o.clean, o.lost.is_empty()) {
        (true, true) => "merged".to_string(),
        (false, true) => "conflict, both kept".to_string(),
        (_, false) => format!("LOST {:?}", o.lost),
    };
    for (name, on_a, on_b) in &all {
        let o = office();
        on_a(&o);
        on_b(&o);
        sync(&o.a);
        let (p, g) = both_merges(&o);
        settle(&o);
        fsck(&o);
        assert!(p.lost.is_empty(), "{name}: plandesk lost {:?}", p.lost);
        let (p_ok, g_ok) = (p.clean && p.lost.is_empty(), g.clean && g.lost.is_empty());
        assert!(p_ok || !g_ok, "{name}: git merged it, plandesk did not");
        ours_ok += usize::from(p_ok);
        git_ok += usize::from(g_ok);
        table.push_str(&format!("| {name} | {} | {} |\n", say(&p), say(&g)));
    }
    table.push_str(&format!(
        "| **merged without a conflict and without losing text** | **{ours_ok} of {}** | **{git_ok} of {}** |\n",
        all.len(),
        all.len()
    ));
    println!("{table}");
    let out = std::env::var_os("PLANDESK_MERGE_TABLE");
    if let Some(path) = out {
        std::fs::write(path, &table).expect("write the table");
    }
    // Where both sides changed one plan in nearby lines, git has to ask;
    // plandesk follows the items by id and should not.
    assert!(ours_ok > git_ok, "{table}");
}
