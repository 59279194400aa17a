//! The five example plans under `plans/` are what the importer makes of the
//! seed collection, and they hold the seed's text, nothing lost or invented.

use std::path::{Path, PathBuf};

use plandesk::import::{ImportOptions, import_bytes};
use plandesk::model::{Plan, parse_plan, write_plan};

const SEED: &str = "tests/fixtures/import/seed/000_c9b7faed38ee8ce4.txt";

/// Where each document of the seed lives, in document order.
const FILES: [&str; 5] = [
    "plans/2011/township-hospital-plan.toml",
    "plans/2023/jinzhou-government-plan.toml",
    "plans/2022/wangchang-cppcc-plan.toml",
    "plans/2023/guide-town-plan.toml",
    "plans/2023/district-cppcc-summary.toml",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed_text() -> String {
    std::fs::read_to_string(root().join(SEED)).expect("test setup")
}

fn imported() -> Vec<Plan> {
    let result =
        import_bytes(seed_text().as_bytes(), &ImportOptions::default()).expect("test setup");
    result.plans.into_iter().map(|p| p.plan).collect()
}

fn example(path: &str) -> Plan {
    let text = std::fs::read_to_string(root().join(path)).expect("test setup");
    parse_plan(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn without_ids(mut p: Plan) -> Plan {
    p.sections.iter_mut().for_each(|s| s.id.clear());
    p.targets.iter_mut().for_each(|t| t.id.clear());
    p.tasks.iter_mut().for_each(|t| t.id.clear());
    p
}

fn plan_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("test setup") {
        let path = entry.expect("test setup").path();
        if path.is_dir() {
            out.extend(plan_files(&path));
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    out
}

#[test]
fn importing_the_seed_gives_the_example_plans() {
    let plans = imported();
    assert_eq!(plans.len(), FILES.len());
    let mut on_disk: Vec<PathBuf> = plan_files(&root().join("plans"))
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "plandesk.toml"))
        .collect();
    on_disk.sort();
    let mut expected: Vec<PathBuf> = FILES.iter().map(|f| root().join(f)).collect();
    expected.sort();
    assert_eq!(
        on_disk, expected,
        "plans/ holds exactly the five seed plans"
    );
    for (plan, path) in plans.into_iter().zip(FILES) {
        let example = example(path);
        assert_eq!(plan.title, example.title, "{path}");
        assert!(
            path.contains(&format!("/{}/", plan.year)),
            "{path} is not under its year {}",
            plan.year
        );
        assert_eq!(without_ids(example), plan, "{path}");
    }
}

#[test]
fn example_plans_are_canonical_and_have_ids() {
    for path in FILES {
        let text = std::fs::read_to_string(root().join(path)).expect("test setup");
        let plan = example(path);
        assert_eq!(write_plan(&plan), text, "{path} is not canonical");
        assert!(plan.sections.iter().all(|s| !s.id.is_empty()), "{path}");
        assert!(plan.tasks.iter().all(|t| !t.id.is_empty()), "{path}");
        assert!(plan.targets.iter().all(|t| !t.id.is_empty()), "{path}");
    }
}

#[test]
fn what_the_lead_asked_of_the_seed() {
    let plans: Vec<Plan> = FILES.iter().map(|f| example(f)).collect();
    let years: Vec<i32> = plans.iter().map(|p| p.year).collect();
    assert_eq!(years, [2011, 2023, 2022, 2023, 2023]);
    let kinds: Vec<&str> = plans.iter().map(|p| p.kind.as_str()).collect();
    assert_eq!(kinds, ["plan", "plan", "plan", "plan", "summary"]);
    let targets: Vec<(&str, &str)> = plans[1]
        .targets
        .iter()
        .map(|t| (t.name.as_str(), t.target.as_str()))
        .collect();
    assert_eq!(
        targets,
        [
            ("地区生产总值", "增长10%"),
            ("财政总收入", "增长40%"),
            ("固定资产投资", "增长16%")
        ]
    );
    let wangchang = &plans[2];
    assert_eq!(
        wangchang.date.map(|d| d.to_string()).as_deref(),
        Some("2022-03-25")
    );
    assert_eq!(wangchang.schedule, "2022年政协工作分月工作计划");
    let months: Vec<u8> = wangchang.tasks.iter().map(|t| t.month).collect();
    assert_eq!(months, [2, 3, 4, 5, 5, 6, 7, 8, 9, 10]);
    assert!(
        plans[4].targets.is_empty(),
        "a summary's achievements are no targets"
    );
}

// ---- faithfulness -------------------------------------------------------------
//
// Independent of the importer: the seed's documents are cut at their 篇 lines,
// numbering markers and month labels are stripped by the simple rules below,
// and what is left must be, character for character, the plan's own text in
// document order. Only the 。 or ： where a heading or a task was cut may be
// missing from the plan.

fn seed_documents() -> Vec<Vec<String>> {
    let mut docs: Vec<Vec<String>> = Vec::new();
    for line in seed_text().lines().map(str::trim).filter(|l| !l.is_empty()) {
        let is_title = ["篇一", "篇二", "篇三", "篇四", "篇五"]
            .iter()
            .any(|n| line.ends_with(n));
        if is_title {
            docs.push(Vec::new());
        }
        if let Some(doc) = docs.last_mut() {
            doc.push(line.to_owned());
        }
    }
    docs
}

const NUMERALS: &str = "一二三四五六七八九十";

/// Where a heading starts, on both sides, so that a paragraph moved under
/// another heading shows.
const HEADING: char = '§';

/// The line without the heading number or month label it starts with; a
/// heading gets a § in front.
fn strip_marker(line: &str) -> String {
    let zh = |c: char| NUMERALS.contains(c);
    let digits = |c: char| c.is_ascii_digit();
    for (open, close) in [("（", "）"), ("(", ")")] {
        if let Some(rest) = line.strip_prefix(open) {
            let n = rest.chars().take_while(|&c| zh(c)).count();
            let rest: String = rest.chars().skip(n).collect();
            if n > 0 && rest.starts_with(close) {
                return format!("{HEADING}{}", &rest[close.len()..]);
            }
        }
    }
    for (is_num, sep, heading) in [
        (zh as fn(char) -> bool, "、", true),
        (digits, "、", true),
        (zh, "月：", false),
    ] {
        let n: usize = line
            .chars()
            .take_while(|&c| is_num(c))
            .map(char::len_utf8)
            .sum();
        if n > 0 && line[n..].starts_with(sep) {
            let rest = &line[n + sep.len()..];
            return if heading {
                format!("{HEADING}{rest}")
            } else {
                rest.to_owned()
            };
        }
    }
    line.to_owned()
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn plan_text(p: &Plan) -> String {
    let mut out = p.title.clone();
    out.push_str(&p.intro);
    for s in &p.sections {
        out.push(HEADING);
        out.push_str(&s.heading);
        out.push_str(&s.body);
    }
    if let Some(d) = p.date {
        use chrono::Datelike;
        out.push_str(&format!("{}年{}月{}日", d.year(), d.month(), d.day()));
    }
    out.push_str(&p.schedule);
    let mut last: Option<(&Option<String>, &str)> = None;
    for t in &p.tasks {
        // A task spanning several months is written once in the source.
        if t.period.is_some() && last == Some((&t.period, t.text.as_str())) {
            continue;
        }
        out.push_str(&t.text);
        last = Some((&t.period, &t.text));
    }
    squash(&out)
}

/// Ok if `plan` holds exactly the text of the seed document `doc`.
fn faithful(doc: &[String], plan: &Plan) -> Result<(), String> {
    let source: Vec<char> = doc
        .iter()
        .flat_map(|l| squash(&strip_marker(l)).chars().collect::<Vec<_>>())
        .collect();
    let ours: Vec<char> = plan_text(plan).chars().collect();
    let allowed = plan.sections.len() + plan.tasks.len();
    let (mut i, mut j, mut skipped) = (0, 0, 0);
    let around = |v: &[char], k: usize| -> String {
        v[k.saturating_sub(20)..(k + 20).min(v.len())]
            .iter()
            .collect()
    };
    while i < source.len() {
        if j < ours.len() && source[i] == ours[j] {
            i += 1;
            j += 1;
        } else if matches!(source[i], '。' | '：') && skipped < allowed {
            i += 1;
            skipped += 1;
        } else {
            return Err(format!(
                "the plan departs from the seed at character {i}:\n seed: …{}…\n plan: …{}…",
                around(&source, i),
                around(&ours, j)
            ));
        }
    }
    if j < ours.len() {
        return Err(format!(
            "the plan has text the seed has not: …{}…",
            around(&ours, j)
        ));
    }
    Ok(())
}

#[test]
fn the_plans_hold_the_seed_text_in_order() {
    let docs = seed_documents();
    assert_eq!(docs.len(), FILES.len());
    for (doc, path) in docs.iter().zip(FILES) {
        if let Err(e) = faithful(doc, &example(path)) {
            panic!("{path}: {e}");
        }
    }
}

#[test]
fn the_faithfulness_check_catches_dropped_duplicated_and_moved_text() {
    let docs = seed_documents();
    let plan = example(FILES[4]);
    let paragraphs = |s: &str| s.lines().map(str::to_owned).collect::<Vec<_>>();

    let mut dropped = plan.clone();
    dropped.sections[2].body = paragraphs(&plan.sections[2].body)[1..].join("\n");
    let mut duplicated = plan.clone();
    duplicated.sections[0].body = format!("{}\n{}", plan.sections[0].body, plan.sections[0].body);
    let mut moved = plan.clone();
    moved.sections.swap(0, 1);
    let mut misplaced = plan.clone();
    let first = paragraphs(&plan.sections[1].body)[0].clone();
    misplaced.sections[0].body = format!("{}\n{first}", plan.sections[0].body);
    misplaced.sections[1].body = paragraphs(&plan.sections[1].body)[1..].join("\n");
    let mut joined_wrongly = plan.clone();
    joined_wrongly.sections[0].heading.push('。');

    assert_eq!(faithful(&docs[4], &plan), Ok(()));
    for bad in [dropped, duplicated, moved, misplaced, joined_wrongly] {
        assert!(faithful(&docs[4], &bad).is_err());
    }
}

/// `plans/` holds exactly what the importer writes for the seed, ids kept:
/// canonical and up to date. After changing the importer, regenerate the
/// files with `PLANDESK_REGENERATE=1 cargo test --test import_seed`, then
/// read every file against the seed.
#[test]
fn example_plans_are_the_importers_output() {
    let regenerate = std::env::var_os("PLANDESK_REGENERATE").is_some();
    for (mut plan, path) in imported().into_iter().zip(FILES) {
        let target = root().join(path);
        // Keep the ids of a plan that is already there, so a regeneration
        // does not churn them.
        let old = std::fs::read_to_string(&target).unwrap_or_default();
        if let Ok(old) = parse_plan(&old)
            && without_ids(old.clone()) == plan
        {
            plan = old;
        }
        plan.ensure_ids();
        let text = write_plan(&plan);
        if regenerate {
            std::fs::create_dir_all(target.parent().expect("test setup")).expect("test setup");
            std::fs::write(&target, &text).expect("test setup");
        } else {
            assert_eq!(old, text, "{path} is not what the importer writes");
        }
    }
}
