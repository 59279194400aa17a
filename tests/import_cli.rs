//! `plandesk import` and `plandesk export` through the binary.

mod common;

use common::Sandbox;

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/import/seed/000_c9b7faed38ee8ce4.txt"
);

fn empty_ws(sb: &Sandbox) -> std::path::PathBuf {
    let ws = sb.path("ws");
    let r = sb.run(&["init", ws.to_str().expect("utf-8")]);
    assert!(r.ok, "{}", r.stderr);
    ws
}

#[test]
fn importing_the_seed_makes_five_plans_one_commit_each() {
    let sb = Sandbox::new();
    let ws = empty_ws(&sb);
    let repo = ws.to_str().expect("utf-8");
    let r = sb.run(&["--repo", repo, "import", SEED]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(r.stdout.matches("Imported ").count(), 5, "{}", r.stdout);
    assert!(r.stdout.contains("Imported 2022/"), "{}", r.stdout);
    // The collection's preface belongs to no plan and is said so.
    assert!(r.stderr.contains("not part of any plan"), "{}", r.stderr);
    let actions = sb.git(
        &ws,
        &[
            "log",
            "--format=%(trailers:key=Action,valueonly,separator=)",
        ],
    );
    assert_eq!(actions.lines().filter(|l| *l == "import").count(), 5);
    assert_eq!(sb.git(&ws, &["status", "--porcelain"]), "");
    let list = sb.run(&["--repo", repo, "list", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&list.stdout).expect("json");
    let kinds: Vec<&str> = rows
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["kind"].as_str())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "summary").count(), 1);

    // Importing again does not overwrite: the ids get a suffix.
    let r = sb.run(&["--repo", repo, "import", SEED]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("-2:"), "{}", r.stdout);
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let sb = Sandbox::new();
    let ws = empty_ws(&sb);
    let head = sb.git(&ws, &["rev-parse", "HEAD"]);
    let r = sb.run(&[
        "--repo",
        ws.to_str().expect("utf-8"),
        "import",
        "--dry-run",
        SEED,
    ]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("5 plans recognised"), "{}", r.stdout);
    assert!(
        r.stdout.contains("一、强化学习，提高履职能力和水平"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("地区生产总值: 增长10%"), "{}", r.stdout);
    assert_eq!(sb.git(&ws, &["rev-parse", "HEAD"]), head);
    assert!(!ws.join("plans").exists());
}

#[test]
fn a_placeholder_year_without_year_is_a_clear_error() {
    let sb = Sandbox::new();
    let ws = empty_ws(&sb);
    let file = sb.path("plan.txt");
    std::fs::write(
        &file,
        "20xx年镇文化站工作计划\n\n一、开展读书活动\n\n三月：举办读书月活动。\n",
    )
    .expect("write");
    let repo = ws.to_str().expect("utf-8");
    let r = sb.run(&["--repo", repo, "import", file.to_str().expect("utf-8")]);
    assert!(!r.ok);
    assert!(r.stderr.contains("plan.txt"), "{}", r.stderr);
    assert!(r.stderr.contains("--year"), "{}", r.stderr);
    let r = sb.run(&[
        "--repo",
        repo,
        "import",
        file.to_str().expect("utf-8"),
        "--year",
        "2024",
    ]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("Imported 2024/"), "{}", r.stdout);

    let empty = sb.path("empty.txt");
    std::fs::write(&empty, "  \n").expect("write");
    let r = sb.run(&["--repo", repo, "import", empty.to_str().expect("utf-8")]);
    assert!(!r.ok);
    assert!(r.stderr.contains("empty.txt"), "{}", r.stderr);
}

#[test]
fn export_writes_markdown_and_text_that_imports_back() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let repo = ws.to_str().expect("utf-8");
    let md = sb.run(&[
        "--repo",
        repo,
        "export",
        "2022/wangchang-cppcc-plan",
        "--format",
        "md",
    ]);
    assert!(md.ok, "{}", md.stderr);
    assert!(
        md.stdout.starts_with("# 乡镇政协工作总结及计划篇三"),
        "{}",
        md.stdout
    );
    assert!(
        md.stdout.contains("- [ ] 开展一次献爱心活动"),
        "{}",
        md.stdout
    );

    let out = sb.path("篇三.txt");
    let r = sb.run(&[
        "--repo",
        repo,
        "export",
        "wangchang-cppcc-plan",
        "--format",
        "text",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert!(r.ok, "{}", r.stderr);
    let text = std::fs::read_to_string(&out).expect("read");
    assert!(text.contains("一、强化学习，提高履职能力和水平"), "{text}");
    assert!(text.contains("二月：开展一次献爱心活动"), "{text}");
    assert!(text.contains("2022年3月25日"), "{text}");

    let r = sb.run(&["--repo", repo, "import", out.to_str().expect("utf-8")]);
    assert!(r.ok, "{}", r.stderr);
    let new_id = r
        .stdout
        .split_whitespace()
        .nth(1)
        .expect("id")
        .trim_end_matches(':')
        .to_string();
    let a = sb.run(&[
        "--repo",
        repo,
        "show",
        "2022/wangchang-cppcc-plan",
        "--format",
        "text",
    ]);
    let b = sb.run(&["--repo", repo, "show", &new_id, "--format", "text"]);
    assert_eq!(
        a.stdout, b.stdout,
        "the exported text imports back to the same plan"
    );
}

#[test]
fn a_page_copied_from_the_web_names_its_clutter_on_stderr_and_keeps_the_signature() {
    let sb = Sandbox::new();
    let ws = empty_ws(&sb);
    let page = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/import/corpus/07_culture_station_web.txt"
    );
    let r = sb.run(&["--repo", ws.to_str().expect("utf-8"), "import", page]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(r.stdout.matches("Imported ").count(), 1, "{}", r.stdout);
    // The file name, the counters, the preface and the repeated title: each
    // named with its line, none in the plan.
    for line in [1, 3, 5, 7, 9, 13] {
        assert!(
            r.stderr.contains(&format!(
                "07_culture_station_web.txt:{line}: not part of any plan"
            )),
            "line {line}: {}",
            r.stderr
        );
    }
    let files = sb.git(&ws, &["ls-files", "plans"]);
    let path = files
        .lines()
        .find(|l| l.starts_with("plans/2024/"))
        .unwrap_or_else(|| panic!("no 2024 plan in {files}"));
    let toml = sb.git(&ws, &["show", &format!("HEAD:{path}")]);
    assert!(
        toml.contains("title = \"2024年乡镇文化站工作计划\""),
        "{toml}"
    );
    assert!(toml.contains("org = \"某镇文化站\""), "{toml}");
    assert!(toml.contains("date = 2024-03-08"), "{toml}");
    assert!(
        !toml.contains("小编") && !toml.contains("约6千字"),
        "{toml}"
    );
}
