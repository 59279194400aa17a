//! Speed of the .docx export and import on a generated large plan (500
//! sections, 600 tasks with owners): a plan a user exports with one key
//! must come out at once, and a long Word file must import without a wait.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use plandesk::export::{DocxOptions, docx};
use plandesk::import::{ImportOptions, import_file};
use plandesk::model::{Kind, Plan, Section, Status, Target, Task};

fn big_plan(sections: usize, tasks: usize) -> Plan {
    let mut p = Plan::new("汪场镇政协联络处2024年工作计划", 2024, Kind::Plan);
    p.intro = "坚持以人民为中心，围绕中心，服务大局。".into();
    for i in 0..sections {
        p.sections.push(Section {
            id: String::new(),
            depth: [1, 2, 3, 3, 2][i % 5],
            heading: format!("第{i}项工作围绕中心服务大局认真履行职能"),
            body: "坚持以人民为中心，深入开展调查研究，集中组织委员学习，提高履职能力和水平。\n"
                .repeat(3)
                .trim_end()
                .to_owned(),
        });
    }
    for i in 0..20 {
        p.targets.push(Target {
            id: String::new(),
            name: format!("第{i}项指标"),
            target: format!("增长{i}%"),
            actual: None,
        });
    }
    for i in 0..tasks {
        p.tasks.push(Task {
            id: String::new(),
            month: (i * 12 / tasks) as u8 + 1,
            period: None,
            text: format!("组织政协委员开展第{i}次专题调研活动"),
            status: Status::Todo,
            done_on: None,
            owner: Some(format!("第{}组", i % 7)),
        });
    }
    p
}

fn benches(c: &mut Criterion) {
    let plan = big_plan(500, 600);
    let bytes = docx(&plan, &DocxOptions::default()).expect("export");
    c.bench_function("docx export (500 sections, 600 tasks)", |b| {
        b.iter(|| docx(black_box(&plan), &DocxOptions::default()).expect("export"))
    });
    c.bench_function("docx import (500 sections, 600 tasks)", |b| {
        b.iter(|| {
            import_file(black_box(&bytes), "plan.docx", &ImportOptions::default()).expect("import")
        })
    });
}

criterion_group! {
    name = docx_benches;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(docx_benches);
