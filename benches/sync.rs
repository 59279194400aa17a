//! Sync-merging 100 diverged plans: both sides changed each of 100 plans
//! (another section's body, a task ticked on one side and renamed on the
//! other), and the merge half of a sync brings them together: the semantic
//! merge of every plan, the merge commit, the branch moved and the working
//! tree written. The fetch is done once beforehand and not timed; before
//! each timed merge the branch is put back (untimed). Beside it, the same
//! 100 semantic merges in memory, to tell the merge from the disk.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use plandesk::model::{Kind, Plan, PlanId, Section, Status, Task};
use plandesk::store::{Action, Change, Workspace};

const PLANS: usize = 100;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .args(args)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn identity(dir: &Path, name: &str, email: &str) {
    git(dir, &["config", "user.name", name]);
    git(dir, &["config", "user.email", email]);
}

fn plan_id(i: usize) -> PlanId {
    PlanId::new(2024, &format!("plan-{i}")).expect("id")
}

/// A plan the size of a real one: 12 sections of a few sentences, 24 tasks.
fn plan(i: usize) -> Plan {
    let mut p = Plan::new(format!("第{i}号单位2024年工作计划"), 2024, Kind::Plan);
    for s in 0..12 {
        p.sections.push(Section {
            id: String::new(),
            depth: 1 + u8::from(s % 3 != 0),
            heading: format!("第{s}节 强化学习，提高履职能力和水平"),
            body: "加强理论学习和形势教育，全年集中学习四次。\n深入基层开展调研，形成报告。\n"
                .repeat(3),
        });
    }
    for t in 0..24 {
        p.tasks.push(Task {
            id: String::new(),
            month: 1 + (t % 12) as u8,
            period: None,
            text: format!("第{t}项任务：组织委员开展视察活动"),
            status: Status::Todo,
            done_on: None,
            owner: None,
        });
    }
    p
}

/// Each plan edited on one side, one commit a plan.
fn edit_all(ws: &Workspace, f: impl Fn(&mut Plan)) {
    for i in 0..PLANS {
        let id = plan_id(i);
        let mut p = ws.load(&id).expect("load");
        f(&mut p);
        ws.save(&id, &mut p, &Change::new(Action::Edit, "edit"))
            .expect("save");
    }
}

/// A bare remote and two clones; 甲 pushed changes to all 100 plans, 乙
/// changed all 100 differently and fetched 甲's. Returns 乙's clone and the
/// tip to put its branch back to.
fn diverged() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let started = Instant::now();
    let dir = tempfile::TempDir::new().expect("temp dir");
    let top = dir.path();
    git(top, &["init", "-q", "--bare", "-b", "main", "remote.git"]);
    git(top, &["init", "-q", "-b", "main", "a"]);
    let (a, b) = (top.join("a"), top.join("b"));
    identity(&a, "张甲", "jia@example.org");
    let ws_a = Workspace::init(&a, false).expect("init");
    for i in 0..PLANS {
        ws_a.create(&plan_id(i), &mut plan(i), Action::New, None)
            .expect("create");
    }
    git(&a, &["push", "-q", "../remote.git", "main"]);
    git(top, &["clone", "-q", "remote.git", "b"]);
    identity(&b, "李乙", "yi@example.org");
    edit_all(&ws_a, |p| {
        p.sections[2].body.push_str("年中组织一次考察。\n");
        p.tasks[3].status = Status::Done;
        p.tasks[3].done_on = chrono::NaiveDate::from_ymd_opt(2024, 4, 2);
    });
    git(&a, &["push", "-q", "../remote.git", "main"]);
    let ws_b = Workspace::open(&b).expect("open");
    edit_all(&ws_b, |p| {
        p.sections[7].heading = "围绕中心，积极建言献策".into();
        p.sections[9].body = p.sections[9].body.replace("四次", "六次");
        p.tasks[3].text = "组织委员开展专项视察活动".into();
    });
    git(&b, &["fetch", "-q", "origin"]);
    let tip = git(&b, &["rev-parse", "HEAD"]);
    eprintln!(
        "generated {PLANS} plans diverged on two clones in {:.1?}",
        started.elapsed()
    );
    (dir, b, tip)
}

fn merge(c: &mut Criterion) {
    let (_dir, b, tip) = diverged();
    // Once by hand: it really merges all of them, without a conflict.
    let ws = Workspace::open(&b).expect("open");
    let s = ws.merge_fetched(None).expect("merge");
    assert_eq!(s.merged.len(), PLANS);
    assert_eq!(s.conflict_count(), 0);
    let merged = ws.load(&plan_id(42)).expect("load");
    assert!(merged.sections[2].body.ends_with("年中组织一次考察。\n"));
    assert_eq!(merged.tasks[3].text, "组织委员开展专项视察活动");
    assert_eq!(merged.tasks[3].status, Status::Done);

    // The same 100 merges in memory alone (no git, no disk): what of the
    // figure above is the semantic merge itself.
    let merge_base = git(&b, &["merge-base", &tip, "origin/main"]);
    let version = |rev: &str, i: usize| -> Plan {
        let text = git(&b, &["show", &format!("{rev}:{}", plan_id(i).rel_path())]);
        plandesk::model::parse_plan(&text).expect("a plan")
    };
    let triples: Vec<(Plan, Plan, Plan)> = (0..PLANS)
        .map(|i| {
            (
                version(&merge_base, i),
                version(&tip, i),
                version("origin/main", i),
            )
        })
        .collect();

    let mut group = c.benchmark_group("sync");
    group.bench_function("semantic merge of the same 100 plans, in memory", |bench| {
        bench.iter(|| {
            for (b, o, t) in &triples {
                black_box(plandesk::model::merge(Some(b), Some(o), Some(t)));
            }
        });
    });
    group.sample_size(20);
    group.bench_function("merge 100 plans changed on both sides, commit", |bench| {
        bench.iter_batched(
            || {
                git(&b, &["reset", "-q", "--hard", &tip]);
                Workspace::open(&b).expect("open")
            },
            |ws| black_box(ws.merge_fetched(None).expect("merge")),
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, merge);
criterion_main!(benches);
