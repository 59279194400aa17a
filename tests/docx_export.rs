//! The .docx export: every example plan read back by python-docx (an
//! independent reader, through scripts/docx-dump.py) for its text, fonts,
//! sizes, margins and page numbers; and read back by plandesk's importer as
//! the same plan.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use plandesk::export::{DocxOptions, ScheduleLayout, docx};
use plandesk::import::{ImportOptions, import_file};
use plandesk::model::{Kind, Plan, Status, parse_plan};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example_plans() -> Vec<(PathBuf, Plan)> {
    let mut out = Vec::new();
    for year in std::fs::read_dir(root().join("plans")).expect("plans/") {
        for file in std::fs::read_dir(year.expect("entry").path()).expect("year folder") {
            let path = file.expect("entry").path();
            let plan = parse_plan(&std::fs::read_to_string(&path).expect("read"))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((path, plan));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 5);
    out
}

/// python-docx's view of a .docx file.
fn dump(path: &Path) -> Value {
    let out = Command::new("python3")
        .arg(root().join("scripts/docx-dump.py"))
        .arg(path)
        .output()
        .expect("python3 runs (python-docx: pip install python-docx)");
    assert!(
        out.status.success(),
        "docx-dump.py {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json from docx-dump.py")
}

fn approx(v: &Value, want: f64, what: &str) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{what}: {v}"));
    assert!((got - want).abs() < 0.2, "{what}: {got}, want {want}");
}

/// The paragraph whose text is `text`, in the body.
fn para<'a>(d: &'a Value, text: &str) -> &'a Value {
    d["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .find(|p| p["text"] == text)
        .unwrap_or_else(|| panic!("no paragraph «{text}»"))
}

/// Every run of a paragraph in `face` at `size` points.
fn assert_face(p: &Value, face: &str, size: f64) {
    let runs = p["runs"].as_array().expect("runs");
    assert!(!runs.is_empty(), "{p}");
    for r in runs {
        assert_eq!(r["fonts"]["eastAsia"], face, "{}", p["text"]);
        approx(&r["size"], size, &format!("size of «{}»", p["text"]));
    }
}

#[test]
fn every_example_plan_reads_back_in_the_official_layout() {
    let dir = tempfile::tempdir().expect("temp");
    for (path, mut plan) in example_plans() {
        // None of the examples is signed; a signature goes with a date.
        if plan.date.is_some() && plan.org.is_none() {
            plan.org = Some("汪场镇人民政府".into());
        }
        if plan.kind == Kind::Summary {
            with_figures(&mut plan);
        }
        let file = dir.path().join("plan.docx");
        std::fs::write(&file, docx(&plan, &DocxOptions::default()).expect("export"))
            .expect("write");
        let d = dump(&file);
        let what = path.display().to_string();

        // A4, top 37, bottom 35, left 28, right 26 mm.
        approx(&d["page"]["width_mm"], 210.0, &what);
        approx(&d["page"]["height_mm"], 297.0, &what);
        approx(&d["page"]["top_mm"], 37.0, &what);
        approx(&d["page"]["bottom_mm"], 35.0, &what);
        approx(&d["page"]["left_mm"], 28.0, &what);
        approx(&d["page"]["right_mm"], 26.0, &what);

        // The title first, centred, 2号 小标宋.
        let paras = d["paragraphs"].as_array().expect("paragraphs");
        let title = &paras[0];
        assert_eq!(title["text"], plan.title.as_str(), "{what}");
        assert!(
            title["align"].as_str().unwrap_or("").contains("CENTER"),
            "{what}"
        );
        assert_face(title, "方正小标宋简体", 22.0);

        // The text in order: every heading with its number, each where it belongs.
        let texts: Vec<&str> = paras.iter().filter_map(|p| p["text"].as_str()).collect();
        let mut at = 0;
        for (s, number) in plan.sections.iter().zip(plan.numbers()) {
            let heading = format!("{number}{}", s.heading);
            let found = texts[at..]
                .iter()
                .position(|t| t.starts_with(&heading))
                .unwrap_or_else(|| panic!("{what}: «{heading}» missing or out of order"));
            at += found;
            let p = &paras[at];
            let face = match (s.depth, plan.style_for(s.depth).runs_in()) {
                (1, _) => "黑体",
                (2, false) => "楷体_GB2312",
                _ => "仿宋_GB2312",
            };
            assert_face(p, face, 16.0);
            approx(&p["first_line_indent_pt"], 32.0, &heading);
            approx(&p["line_spacing_pt"], 28.9, &heading);
            assert!(
                p["line_rule"].as_str().unwrap_or("").contains("EXACTLY"),
                "{p}"
            );
            // The body paragraphs: 3号 仿宋, indented two characters.
            for body in s
                .body
                .lines()
                .skip(usize::from(plan.style_for(s.depth).runs_in()))
            {
                let p = para(&d, body.trim());
                assert_face(p, "仿宋_GB2312", 16.0);
                approx(&p["first_line_indent_pt"], 32.0, body);
            }
        }

        // The signature and the date last, right-aligned, the date four characters in.
        if let Some(date) = plan.date {
            let last = paras
                .iter()
                .rev()
                .find(|p| p["text"] != "")
                .expect("a last paragraph");
            assert_eq!(
                last["text"],
                format!(
                    "{}年{}月{}日",
                    date.format("%Y"),
                    date.format("%-m"),
                    date.format("%-d")
                ),
                "{what}"
            );
            assert!(
                last["align"].as_str().unwrap_or("").contains("RIGHT"),
                "{what}"
            );
            approx(&last["right_indent_pt"], 64.0, &what);
            if let Some(org) = &plan.org {
                // Right above the date, centred over it: 汪场镇人民政府 is 7
                // characters wide, 2022年3月25日 7 too, so also 4 characters in.
                let sig = para(&d, org);
                assert!(
                    sig["align"].as_str().unwrap_or("").contains("RIGHT"),
                    "{what}"
                );
                approx(&sig["right_indent_pt"], 64.0, &what);
                let i = texts.iter().rposition(|t| t == org).expect("signature");
                assert_eq!(texts[i + 1], last["text"], "{what}");
            }
        }

        // Targets as a table; a summary's with the figures reached.
        let tables = d["tables"].as_array().expect("tables");
        if !plan.targets.is_empty() {
            let t = tables
                .iter()
                .find(|t| t[0][0] == "指标")
                .unwrap_or_else(|| panic!("{what}: no targets table"));
            assert_eq!(t.as_array().expect("rows").len(), plan.targets.len() + 1);
            assert_eq!(t[1][0], plan.targets[0].name.as_str());
            assert_eq!(t[1][1], plan.targets[0].target.as_str());
            if plan.kind == Kind::Summary {
                assert_eq!(t[0][2], "完成情况");
                assert_eq!(t[1][2], "98%");
            }
        }
        // The month schedule as a table with an owner column.
        if !plan.tasks.is_empty() {
            let t = tables
                .iter()
                .find(|t| t[0][0] == "月份")
                .unwrap_or_else(|| panic!("{what}: no schedule table"));
            assert_eq!(t[0][2], "责任人");
            assert_eq!(t[1][1], plan.tasks[0].text.as_str());
        }

        // "— 1 —" in 4号 宋体: odd pages at the right, even pages at the left.
        assert_eq!(d["odd_and_even"], true, "{what}");
        for (footer, side) in [("footer", "RIGHT"), ("even_footer", "LEFT")] {
            let f = &d[footer][0];
            assert!(
                f["align"].as_str().unwrap_or("").contains(side),
                "{what} {footer}: {f}"
            );
            assert_eq!(f["text"], "— 1 —", "{what} {footer}");
            assert!(
                f["fields"]
                    .as_array()
                    .expect("fields")
                    .iter()
                    .any(|i| i.as_str().is_some_and(|s| s.trim() == "PAGE")),
                "{f}"
            );
            assert_face(f, "宋体", 14.0);
        }
        approx(&d["footer"][0]["right_indent_pt"], 14.0, &what);
        approx(&d["even_footer"][0]["left_indent_pt"], 14.0, &what);

        // Fonts named with the fallbacks WPS and LibreOffice know.
        let fonts = &d["font_table"];
        assert_eq!(fonts["仿宋_GB2312"], "FangSong");
        assert_eq!(fonts["黑体"], "SimHei");
        assert_eq!(fonts["楷体_GB2312"], "KaiTi");
        assert_eq!(fonts["宋体"], "SimSun");
    }
}

#[test]
fn the_schedule_as_month_paragraphs() {
    let (_, plan) = example_plans()
        .into_iter()
        .find(|(_, p)| !p.tasks.is_empty())
        .expect("an example plan with tasks");
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("plan.docx");
    let opts = DocxOptions {
        schedule: ScheduleLayout::Paragraphs,
    };
    std::fs::write(&file, docx(&plan, &opts).expect("export")).expect("write");
    let d = dump(&file);
    assert!(
        d["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .all(|t| t[0][0] != "月份")
    );
    let first = &plan.tasks[0];
    let label = first.period.clone().unwrap_or_else(|| {
        format!(
            "{}月",
            plandesk::model::numbering::chinese_numeral(u32::from(first.month))
        )
    });
    let line = format!("{label}：{}。", first.text);
    assert!(
        d["paragraphs"]
            .as_array()
            .expect("paragraphs")
            .iter()
            .any(|p| p["text"].as_str().is_some_and(|t| t.starts_with(&line))),
        "no paragraph starts with «{line}»"
    );
}

/// A summary's targets with the figures reached (the example summary has none).
fn with_figures(plan: &mut Plan) {
    plan.targets.push(plandesk::model::Target {
        id: String::new(),
        name: "提案办结率".into(),
        target: "100%".into(),
        actual: Some("98%".into()),
    });
    plan.targets.push(plandesk::model::Target {
        id: String::new(),
        name: "委员视察".into(),
        target: "不少于4次".into(),
        actual: None,
    });
}

/// What a printed document does not carry: ids, progress, the approval.
fn content(mut p: Plan, owners: bool) -> Plan {
    p.approval = None;
    p.sections.iter_mut().for_each(|s| s.id.clear());
    p.targets.iter_mut().for_each(|t| t.id.clear());
    p.tasks.iter_mut().for_each(|t| {
        t.id.clear();
        t.status = Status::Todo;
        t.done_on = None;
        if !owners {
            t.owner = None;
        }
    });
    p
}

#[test]
fn export_then_import_gives_back_the_same_plan() {
    for (path, mut plan) in example_plans() {
        if plan.date.is_some() && plan.org.is_none() {
            plan.org = Some("汪场镇人民政府".into());
        }
        // Owners and figures reached travel in the tables.
        if let Some(t) = plan.tasks.first_mut() {
            t.owner = Some("办公室".into());
        }
        if plan.kind == Kind::Summary {
            with_figures(&mut plan);
        }
        for (layout, owners) in [
            (ScheduleLayout::Table, true),
            (ScheduleLayout::Paragraphs, false),
        ] {
            let what = format!("{} ({layout:?})", path.display());
            let bytes = docx(&plan, &DocxOptions { schedule: layout }).expect("export");
            let imported = import_file(&bytes, "plan.docx", &ImportOptions::default())
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(imported.result.plans.len(), 1, "{what}");
            assert!(
                imported.result.unplaced.is_empty(),
                "{what}: {:?}",
                imported.result.unplaced
            );
            let back = &imported.result.plans[0];
            assert!(back.unplaced.is_empty(), "{what}: {:?}", back.unplaced);
            let mut want = content(plan.clone(), owners);
            if plan.kind != Kind::Summary {
                // Figures reached are in a summary's table only.
                want.targets.iter_mut().for_each(|t| t.actual = None);
            }
            assert_eq!(content(back.plan.clone(), owners), want, "{what}");
        }
    }
}

#[test]
fn the_cli_writes_a_docx_and_refuses_the_repository_and_plan_files() {
    let sb = common::Sandbox::new();
    let ws = sb.path("ws");
    let repo = ws.to_str().expect("utf-8");
    assert!(sb.run(&["init", repo, "--examples"]).ok);
    let out = sb.path("计划.docx");
    let r = sb.run(&[
        "--repo",
        repo,
        "export",
        "2022/wangchang-cppcc-plan",
        "--format",
        "docx",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(r.ok, "{}", r.stderr);
    let d = dump(&out);
    assert_eq!(d["paragraphs"][0]["text"], "乡镇政协工作总结及计划篇三");

    let plan_file = ws.join("plans/2022/wangchang-cppcc-plan.toml");
    let before = std::fs::read(&plan_file).expect("plan file");
    for target in [
        plan_file.clone(),
        ws.join(".git/plan.docx"),
        ws.join("plandesk.toml"),
    ] {
        let r = sb.run(&[
            "--repo",
            repo,
            "export",
            "2022/wangchang-cppcc-plan",
            "--format",
            "docx",
            "-o",
            target.to_str().expect("utf-8"),
        ]);
        assert!(!r.ok, "{}", target.display());
        assert!(r.stderr.contains("will not write"), "{}", r.stderr);
    }
    assert_eq!(std::fs::read(&plan_file).expect("plan file"), before);
    assert!(!ws.join(".git/plan.docx").exists());
    assert_eq!(sb.git(&ws, &["status", "--porcelain"]), "");
}
