//! Importing the text export of a plan gives back the same plan (ids, task
//! progress and targets' actual figures aside), for every example plan and
//! every plan of every import fixture.

use std::path::{Path, PathBuf};

use plandesk::export;
use plandesk::import::{ImportError, ImportOptions, import_bytes};
use plandesk::model::{Plan, Status, parse_plan};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.expect("test setup").path();
        if path.is_dir() {
            out.extend(files(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// What an export does not carry: ids, progress, actual figures.
fn content(mut p: Plan) -> Plan {
    p.approval = None;
    p.sections.iter_mut().for_each(|s| s.id.clear());
    p.targets.iter_mut().for_each(|t| {
        t.id.clear();
        t.actual = None;
    });
    p.tasks.iter_mut().for_each(|t| {
        t.id.clear();
        t.status = Status::Todo;
        t.done_on = None;
        t.owner = None;
    });
    p
}

fn round_trip(plan: &Plan, what: &str) {
    let text = export::text(plan);
    let result = import_bytes(text.as_bytes(), &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{what}: the export does not import: {e}\n{text}"));
    assert_eq!(result.plans.len(), 1, "{what}:\n{text}");
    assert!(result.unplaced.is_empty(), "{what}: {:?}", result.unplaced);
    let back = &result.plans[0];
    assert!(
        back.unplaced.is_empty(),
        "{what}: {:?}\n{text}",
        back.unplaced
    );
    assert_eq!(
        content(back.plan.clone()),
        content(plan.clone()),
        "{what}:\n{text}"
    );
}

#[test]
fn every_example_plan_round_trips() {
    let plans = files(&root().join("plans"), "toml");
    assert!(plans.len() >= 5);
    for path in plans {
        if path.file_name().is_some_and(|n| n == "plandesk.toml") {
            continue;
        }
        let plan =
            parse_plan(&std::fs::read_to_string(&path).expect("test setup")).expect("test setup");
        round_trip(&plan, &path.display().to_string());

        // Progress is not content: a ticked plan exports to the same text.
        let mut ticked = plan.clone();
        for t in &mut ticked.tasks {
            t.status = Status::Done;
            t.done_on = chrono::NaiveDate::from_ymd_opt(plan.year, u32::from(t.month), 1);
            t.owner = Some("王主席".into());
        }
        assert_eq!(export::text(&ticked), export::text(&plan));
        assert!(!export::markdown(&plan).is_empty());
    }
}

#[test]
fn every_fixture_plan_round_trips() {
    let dir = root().join("tests/fixtures/import");
    let mut count = 0;
    for path in files(&dir, "txt") {
        let bytes = std::fs::read(&path).expect("test setup");
        let result = match import_bytes(&bytes, &ImportOptions::default()) {
            Ok(r) => r,
            Err(ImportError::PlaceholderYear { .. } | ImportError::NoYear { .. }) => {
                import_bytes(&bytes, &ImportOptions { year: Some(2024) }).expect("test setup")
            }
            Err(
                ImportError::Empty
                | ImportError::Binary { .. }
                | ImportError::OldWord { .. }
                | ImportError::Docx { .. },
            ) => continue,
            Err(e @ ImportError::Read { .. }) => panic!("import_bytes reads no file: {e}"),
        };
        for (i, p) in result.plans.iter().enumerate() {
            round_trip(&p.plan, &format!("{} plan {}", path.display(), i + 1));
            count += 1;
        }
    }
    assert!(count >= 5, "only {count} fixture plans");
}
