//! History against real repositories: ids in batches and details for a
//! window, of one plan among many; revisions as users write them; restore.

mod common;

use std::path::Path;

use common::{EMAIL, NAME, Sandbox, workspace};
use plandesk::model::{Kind, Plan, PlanId, Section};
use plandesk::store::{Action, Change, RevisionId, StoreError, Workspace};

fn plan_id(i: usize) -> PlanId {
    PlanId::new(2024, &format!("plan-{i}")).expect("id")
}

fn plan(i: usize) -> Plan {
    let mut p = Plan::new(format!("第{i}号工作计划"), 2024, Kind::Plan);
    p.sections.push(Section {
        id: String::new(),
        depth: 1,
        heading: "强化学习".into(),
        body: "全年学习四次。".into(),
    });
    p
}

fn git_lines(sb: &Sandbox, dir: &Path, args: &[&str]) -> Vec<String> {
    sb.git(dir, args).lines().map(str::to_string).collect()
}

fn hex(ids: &[RevisionId]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

/// Eight plans, a few hundred plandesk commits among them, and some commits
/// made with plain git (no trailers) that touch plan 3 or nothing at all.
fn busy_workspace(sb: &Sandbox) -> (tempfile::TempDir, Workspace) {
    let (dir, ws) = workspace();
    let mut plans: Vec<Plan> = (0..8).map(plan).collect();
    for (i, p) in plans.iter_mut().enumerate() {
        ws.create(&plan_id(i), p, Action::New, None)
            .expect("create");
    }
    for round in 0..60 {
        for (i, p) in plans.iter_mut().enumerate() {
            if (round * 7 + i) % 3 == 0 {
                continue;
            }
            p.sections[0].body = format!("第{round}轮修改。");
            ws.save(
                &plan_id(i),
                p,
                &Change::new(Action::Edit, format!("第{round}轮")),
            )
            .expect("save");
        }
        if round % 10 == 5 {
            let path = dir.path().join(plan_id(3).rel_path());
            let text = std::fs::read_to_string(&path).expect("read");
            std::fs::write(&path, text.replace("强化学习", &format!("强化学习{round}")))
                .expect("write");
            sb.git(
                dir.path(),
                &["commit", "-qam", &format!("hand edit {round}")],
            );
            plans[3] = ws.load(&plan_id(3)).expect("load");
            std::fs::write(dir.path().join("notes.txt"), format!("{round}")).expect("write");
            sb.git(dir.path(), &["add", "notes.txt"]);
            sb.git(dir.path(), &["commit", "-qm", "notes"]);
        }
    }
    (dir, ws)
}

#[test]
fn one_plan_among_many_pages_in_by_batches_and_windows() {
    let sb = Sandbox::new();
    let (dir, ws) = busy_workspace(&sb);
    let d = dir.path();
    let all = git_lines(&sb, d, &["log", "--format=%H"]);
    assert!(all.len() > 300, "{} commits", all.len());
    let of_3 = git_lines(
        &sb,
        d,
        &["log", "--format=%H", "--", "plans/2024/plan-3.toml"],
    );
    assert!(of_3.len() > 30, "{}", of_3.len());

    // The whole workspace: full batches, in git's order.
    let mut walker = ws.history(None).expect("walker");
    let mut ids = Vec::new();
    while !walker.is_done() {
        let batch = walker.next_batch(50).expect("batch");
        if !walker.is_done() {
            assert_eq!(batch.len(), 50);
        }
        ids.extend(batch);
    }
    assert_eq!(hex(&ids), all);
    assert_eq!(walker.walked(), all.len());
    assert!(walker.next_batch(50).expect("after the end").is_empty());

    // One plan, on a worker thread: plandesk's commits and plain git's,
    // nothing else; from the history index, so only those are walked.
    let walker = ws.history(Some(&plan_id(3))).expect("walker");
    let worker = std::thread::spawn(move || {
        let mut walker = walker;
        let mut ids = Vec::new();
        let mut batches = 0;
        while !walker.is_done() {
            ids.extend(walker.next_batch(64).expect("batch"));
            batches += 1;
        }
        (ids, batches, walker.walked())
    });
    let (ids_3, batches, walked) = worker.join().expect("worker");
    assert_eq!(hex(&ids_3), of_3);
    assert_eq!(walked, of_3.len());
    assert_eq!(batches, of_3.len().div_ceil(64));

    // Details only for a window, as git shows them.
    let window = ws.revisions(&ids[100..150]).expect("window");
    let expected = git_lines(
        &sb,
        d,
        &[
            "log",
            "--skip=100",
            "-50",
            "--format=%H|%h|%s|%an|%ae|%(trailers:key=Action,valueonly,separator=)|%(trailers:key=Plan,valueonly,separator=)|%at",
        ],
    );
    let got: Vec<String> = window
        .iter()
        .map(|r| {
            format!(
                "{}|{}|{}|{}|{}|{}|{}|{}",
                r.id,
                r.short,
                r.summary,
                r.author_name,
                r.author_email,
                r.action.map(|a| a.as_str()).unwrap_or_default(),
                r.plan.as_ref().map(ToString::to_string).unwrap_or_default(),
                r.time.timestamp()
            )
        })
        .collect();
    assert_eq!(got, expected);
    assert!(
        window
            .iter()
            .all(|r| r.author_name == NAME && r.author_email == EMAIL)
    );
    assert!(window.iter().all(|r| r.parents.len() == 1));

    // The plan's history with its details, newest first.
    let log = ws.log(Some(&plan_id(3)), Some(5)).expect("log");
    assert_eq!(
        hex(&log.iter().map(|r| r.id).collect::<Vec<_>>()),
        of_3[..5]
    );
    let hand = ws.log(Some(&plan_id(3)), None).expect("log");
    let plain: Vec<&str> = hand
        .iter()
        .filter(|r| r.action.is_none())
        .map(|r| r.summary.as_str())
        .collect();
    assert_eq!(
        plain,
        [
            "hand edit 55",
            "hand edit 45",
            "hand edit 35",
            "hand edit 25",
            "hand edit 15",
            "hand edit 5"
        ]
    );
}

#[test]
fn merges_count_for_a_plan_only_when_they_change_it() {
    let sb = Sandbox::new();
    let (dir, ws) = workspace();
    let d = dir.path();
    for i in 0..2 {
        ws.create(&plan_id(i), &mut plan(i), Action::New, None)
            .expect("create");
    }
    let edit = |i: usize, from: &str, to: &str| {
        let path = d.join(plan_id(i).rel_path());
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replace(from, to)).expect("write");
    };
    let trunk = sb.git(d, &["rev-parse", "--abbrev-ref", "HEAD"]);
    let trunk = trunk.trim();
    sb.git(d, &["checkout", "-qb", "side"]);
    edit(0, "四次", "五次");
    sb.git(d, &["commit", "-qam", "side: plan 0"]);
    sb.git(d, &["checkout", "-q", trunk]);
    edit(1, "四次", "六次");
    sb.git(d, &["commit", "-qam", "main: plan 1"]);
    sb.git(d, &["merge", "-q", "--no-ff", "side", "-m", "merge side"]);

    for i in 0..2 {
        let path = plan_id(i).rel_path();
        let mut expected = git_lines(&sb, d, &["log", "--format=%H", "--", &path]);
        let mut got = hex(&ws
            .history(Some(&plan_id(i)))
            .expect("w")
            .take(100)
            .expect("ids"));
        expected.sort();
        got.sort();
        assert_eq!(got, expected, "plan {i}");
    }
    let mut all = git_lines(&sb, d, &["log", "--format=%H"]);
    let mut got = hex(&ws.history(None).expect("w").take(100).expect("ids"));
    assert_eq!(got.first(), all.first(), "the merge comes first");
    all.sort();
    got.sort();
    assert_eq!(got, all);
}

#[test]
fn revisions_are_named_as_git_names_them() {
    let (_dir, ws) = workspace();
    let id = plan_id(0);
    let mut p = plan(0);
    ws.create(&id, &mut p, Action::New, None).expect("create");
    let first = ws.head().expect("head");
    p.title = "改了".into();
    ws.save(&id, &mut p, &Change::new(Action::Edit, "标题"))
        .expect("save");
    let head = ws.head().expect("head");
    for (spec, want) in [
        ("HEAD", &head),
        ("HEAD~1", &first),
        (&first[..7], &first),
        (&head[..12], &head),
        (head.as_str(), &head),
        ("HEAD^{commit}", &head),
    ] {
        let got = ws.resolve_revision(Some(&id), spec).expect(spec);
        assert_eq!(&got.to_string(), want, "{spec}");
    }
    assert!(matches!(
        ws.resolve_revision(None, "HEAD~9"),
        Err(StoreError::NoSuchRevision(_))
    ));
    let err = ws
        .resolve_revision(None, "approved")
        .expect_err("needs a plan");
    assert!(err.to_string().contains("needs a plan"), "{err}");
    assert_eq!(
        RevisionId::from_hex(&head).map(|r| r.to_string()),
        Some(head.clone())
    );
    assert_eq!(RevisionId::from_hex(&head[..7]), None);
}

#[test]
fn restore_brings_a_revision_back_as_a_new_commit_naming_it() {
    let sb = Sandbox::new();
    let (dir, ws) = workspace();
    let d = dir.path();
    let id = plan_id(0);
    let mut p = plan(0);
    ws.create(&id, &mut p, Action::New, None).expect("create");
    let first = ws.resolve_revision(None, "HEAD").expect("head");
    for n in ["五", "六"] {
        p.sections[0].body = format!("全年学习{n}次。");
        ws.save(&id, &mut p, &Change::new(Action::Edit, n))
            .expect("save");
    }
    ws.approve(&id, Some("同意")).expect("approve");
    let before = git_lines(&sb, d, &["log", "--format=%H"]);

    let restored = ws.restore(&id, &first.short()).expect("restore");
    let commit = restored.commit.expect("a commit");
    assert_eq!(restored.from.id, first);
    assert!(
        restored.approval_dropped,
        "the content differs from the approved one"
    );
    let log = sb.git(
        d,
        &[
            "log",
            "-1",
            "--format=%s|%(trailers:key=Action,valueonly,separator=)|%(trailers:key=Restored-from,valueonly,separator=)",
        ],
    );
    assert_eq!(
        log.trim(),
        format!(
            "Restore 2024/plan-0: to {} (New 2024/plan-0: 第0号工作计划)|restore|{first}",
            restored.from.short
        )
    );
    assert_eq!(commit.to_string(), ws.head().expect("head"));
    // Nothing rewritten: the old commits are all still there, below the new one.
    let after = git_lines(&sb, d, &["log", "--format=%H"]);
    assert_eq!(after[1..], before[..]);
    let then = sb.git(d, &["show", &format!("{first}:plans/2024/plan-0.toml")]);
    let now = std::fs::read_to_string(d.join(id.rel_path())).expect("read");
    assert_eq!(now, then);
    assert_eq!(sb.git(d, &["status", "--porcelain"]), "");
    assert!(ws.verify().expect("verify").is_clean());

    // Again: nothing to do.
    let again = ws.restore(&id, &first.to_string()).expect("restore");
    assert_eq!(again.commit, None);

    // Through the binary.
    let repo = d.to_str().expect("utf-8");
    let r = sb.run(&["--repo", repo, "restore", "plan-0", "HEAD~2"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("Restored 2024/plan-0 to "),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("(Edit 2024/plan-0: 六)"), "{}", r.stdout);
    let text = std::fs::read_to_string(d.join(id.rel_path())).expect("read");
    assert!(text.contains("全年学习六次"), "{text}");
}

#[test]
fn log_prints_one_line_a_commit_and_follows_deleted_plans() {
    let sb = Sandbox::new();
    let (dir, ws) = workspace();
    let d = dir.path();
    let id = plan_id(0);
    ws.create(&id, &mut plan(0), Action::New, None)
        .expect("create");
    ws.approve(&id, Some("同意")).expect("approve");
    ws.create(&plan_id(1), &mut plan(1), Action::New, None)
        .expect("create");
    let repo = d.to_str().expect("utf-8");

    let r = sb.run(&["--repo", repo, "log"]);
    assert!(r.ok, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert!(
        lines[0].contains("  new      测试用户  New 2024/plan-1: 第1号工作计划"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].ends_with(
            "approve  测试用户  Approve 2024/plan-0: 同意  ✔ 测试用户 <tester@example.org>"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[3].contains("  -        测试用户  Create plandesk workspace"),
        "{}",
        lines[3]
    );

    let r = sb.run(&["--repo", repo, "log", "plan-0", "--limit", "1", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    assert_eq!(rows[0]["plan"], "2024/plan-0");
    let time = rows[0]["time"].as_str().expect("time");
    chrono::DateTime::parse_from_rfc3339(time).expect("RFC 3339");

    ws.delete(&id).expect("delete");
    let r = sb.run(&["--repo", repo, "log", "2024/plan-0"]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 3, "{}", r.stdout);
    assert!(
        r.stdout
            .lines()
            .next()
            .is_some_and(|l| l.contains("delete")),
        "{}",
        r.stdout
    );
}
