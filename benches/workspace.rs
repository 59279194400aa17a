//! Speed of the everyday paths on a generated large workspace: listing every
//! plan, loading and saving one big plan, one month's agenda across all plans.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use plandesk::model::schedule::agenda;
use plandesk::model::{Kind, Plan, PlanId, Section, Status, Task, parse_plan, write_plan};
use plandesk::store::{Action, Change, Workspace};

const YEARS: i32 = 10;
const PLANS_PER_YEAR: usize = 50;

fn big_plan(title: &str, year: i32, sections: usize, tasks: usize) -> Plan {
    let mut p = Plan::new(title, year, Kind::Plan);
    for i in 0..sections {
        p.sections.push(Section {
            id: String::new(),
            depth: [1, 2, 3, 3, 2][i % 5],
            heading: format!("第{i}项工作：围绕中心，服务大局，认真履行职能"),
            body: "坚持以人民为中心，深入开展调查研究，集中组织委员学习，提高履职能力和水平。\n"
                .repeat(3),
        });
    }
    for i in 0..tasks {
        p.tasks.push(Task {
            id: String::new(),
            month: (i % 12) as u8 + 1,
            period: None,
            text: format!("组织政协委员开展第{i}次专题调研活动"),
            status: if i % 3 == 0 {
                Status::Done
            } else {
                Status::Todo
            },
            done_on: (i % 3 == 0)
                .then(|| NaiveDate::from_ymd_opt(year, (i % 12) as u32 + 1, 10))
                .flatten(),
            owner: None,
        });
    }
    p.ensure_ids();
    p
}

/// A workspace of YEARS × PLANS_PER_YEAR plans written straight to disk and
/// committed once (the store's one-commit-per-save is measured separately).
fn generated() -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let repo = git2::Repository::init(dir.path()).expect("init");
    let mut cfg = repo.config().expect("config");
    cfg.set_str("user.name", "bench").expect("name");
    cfg.set_str("user.email", "bench@example.org")
        .expect("email");
    std::fs::write(dir.path().join("plandesk.toml"), "name = \"bench\"\n").expect("settings");
    for y in 0..YEARS {
        let year = 2015 + y;
        for n in 0..PLANS_PER_YEAR {
            let p = big_plan(&format!("{year}年第{n}号工作计划"), year, 40, 36);
            let path = dir.path().join(format!("plans/{year}/plan-{n}.toml"));
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, write_plan(&p)).expect("write");
        }
    }
    let mut index = repo.index().expect("index");
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .expect("add");
    index.write().expect("write index");
    let tree = repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("tree");
    let sig = repo.signature().expect("sig");
    repo.commit(Some("HEAD"), &sig, &sig, "generated", &tree, &[])
        .expect("commit");
    let ws = Workspace::open(dir.path()).expect("open");
    (dir, ws)
}

fn benches(c: &mut Criterion) {
    let (_dir, ws) = generated();
    let total = (YEARS as usize) * PLANS_PER_YEAR;
    c.bench_function(
        &format!("list_plans ({total} plans, 40 sections + 36 tasks each)"),
        |b| {
            b.iter(|| {
                let listing = ws.list_plans().expect("list");
                assert_eq!(listing.plans.len(), total);
                black_box(listing)
            })
        },
    );

    let huge = big_plan("大计划", 2024, 2000, 1200);
    let text = write_plan(&huge);
    c.bench_function("parse_plan (2000 sections, 1200 tasks)", |b| {
        b.iter(|| black_box(parse_plan(black_box(&text)).expect("parse")))
    });
    c.bench_function("write_plan (2000 sections, 1200 tasks)", |b| {
        b.iter(|| black_box(write_plan(black_box(&huge))))
    });

    let listing = ws.list_plans().expect("list");
    let plans: Vec<(PlanId, Plan)> = listing
        .plans
        .into_iter()
        .filter_map(|e| Some((e.id, e.plan.ok()?)))
        .collect();
    let today = NaiveDate::from_ymd_opt(2020, 6, 15).expect("date");
    c.bench_function("agenda of one month across all plans", |b| {
        b.iter(|| black_box(agenda(plans.iter().map(|(i, p)| (i, p)), 2020, 6, today)))
    });

    let id = PlanId::parse("2020/plan-7").expect("id");
    let mut plan = ws.load(&id).expect("load");
    let mut n = 0u32;
    c.bench_function("save one edit as a commit (500-plan repository)", |b| {
        b.iter(|| {
            n += 1;
            plan.sections[0].body = format!("第{n}次修改");
            ws.save(&id, &mut plan, &Change::new(Action::Edit, "bench"))
                .expect("save")
        })
    });
}

criterion_group! {
    name = workspace;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(workspace);
