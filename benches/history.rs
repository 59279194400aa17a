//! History on a generated workspace of a few thousand commits: how soon the
//! first batch of ids arrives, and what details for one screen cost.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use plandesk::model::{Kind, Plan, PlanId, Section};
use plandesk::store::{Action, Change, Workspace};

const PLANS: usize = 20;
const COMMITS: usize = 3000;

fn plan_id(i: usize) -> PlanId {
    PlanId::new(2024, &format!("plan-{i}")).expect("id")
}

/// `COMMITS` edits spread over `PLANS` plans, made through the store.
fn generate() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let repo = git2::Repository::init(dir.path()).expect("git init");
    let mut cfg = repo.config().expect("config");
    cfg.set_str("user.name", "基准").expect("name");
    cfg.set_str("user.email", "bench@example.org")
        .expect("email");
    let ws = Workspace::init(dir.path(), false).expect("workspace");
    let started = Instant::now();
    let mut plans: Vec<Plan> = (0..PLANS)
        .map(|i| {
            let mut p = Plan::new(format!("第{i}号工作计划"), 2024, Kind::Plan);
            for s in 0..12 {
                p.sections.push(Section {
                    id: String::new(),
                    depth: 1 + u8::from(s % 3 != 0),
                    heading: format!("第{s}节 强化学习，提高履职能力和水平"),
                    body: "加强理论学习和形势教育，全年集中学习四次。".repeat(4),
                });
            }
            p
        })
        .collect();
    for (i, p) in plans.iter_mut().enumerate() {
        ws.create(&plan_id(i), p, Action::New, None)
            .expect("create");
    }
    for n in PLANS..COMMITS {
        // Uneven: plan 0 gets a third of the commits, the others share the rest.
        let i = if n % 3 == 0 { 0 } else { 1 + n % (PLANS - 1) };
        let p = &mut plans[i];
        let s = n % p.sections.len();
        p.sections[s].body = format!(
            "第{n}次修改：{}",
            p.sections[s].body.chars().take(40).collect::<String>()
        );
        ws.save(
            &plan_id(i),
            p,
            &Change::new(Action::Edit, format!("第{n}次")),
        )
        .expect("save");
    }
    eprintln!(
        "generated {COMMITS} commits over {PLANS} plans in {:.1?}",
        started.elapsed()
    );
    (dir, ws)
}

fn history(c: &mut Criterion) {
    let (_dir, ws) = generate();
    let all = ws
        .history(None)
        .expect("walker")
        .take(usize::MAX)
        .expect("ids");
    assert!(all.len() > COMMITS);
    let rare = plan_id(7);

    c.bench_function("first batch: 200 ids, whole workspace", |b| {
        b.iter(|| {
            let mut w = ws.history(None).expect("walker");
            black_box(w.next_batch(200).expect("batch"))
        })
    });
    c.bench_function("first batch: 200 commits walked, one plan", |b| {
        b.iter(|| {
            let mut w = ws.history(Some(&rare)).expect("walker");
            black_box(w.next_batch(200).expect("batch"))
        })
    });
    c.bench_function("first 50 ids of one plan (1 commit in 30)", |b| {
        b.iter(|| {
            let mut w = ws.history(Some(&rare)).expect("walker");
            black_box(w.take(50).expect("ids"))
        })
    });
    c.bench_function("details: a 50-row window", |b| {
        let window = &all[1500..1550];
        b.iter(|| black_box(ws.revisions(window).expect("details")))
    });
    c.bench_function("all ids, whole workspace", |b| {
        b.iter(|| {
            let mut w = ws.history(None).expect("walker");
            black_box(w.take(usize::MAX).expect("ids"))
        })
    });
    c.bench_function("verify: the whole history", |b| {
        b.iter(|| black_box(ws.verify().expect("verify")))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = history
}
criterion_main!(benches);
