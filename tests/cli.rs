//! The binary end to end: init, list, show and their errors.

mod common;

use common::Sandbox;

#[test]
fn init_examples_makes_one_import_commit_per_plan() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let log = sb.git(&ws, &["log", "--reverse", "--format=%s|%(trailers:key=Plan,valueonly,separator=)|%(trailers:key=Action,valueonly,separator=)"]);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 6, "{log}");
    assert_eq!(lines[0], "Create plandesk workspace||");
    for l in &lines[1..] {
        assert!(l.starts_with("Import 20"), "{l}");
        assert!(l.ends_with("|import"), "{l}");
    }
    assert!(log.contains("|2022/wangchang-cppcc-plan|import"));
    sb.git(&ws, &["fsck", "--strict"]);
    assert_eq!(sb.git(&ws, &["status", "--porcelain"]), "");
    assert_eq!(
        sb.git(&ws, &["rev-parse", "--abbrev-ref", "HEAD"]).trim(),
        "main"
    );
}

#[test]
fn list_shows_the_five_plans_and_json_has_the_fields() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let repo = ws.to_str().expect("utf-8");
    let r = sb.run(&["--repo", repo, "list"]);
    assert!(r.ok, "{}", r.stderr);
    for id in [
        "2011/township-hospital-plan",
        "2023/jinzhou-government-plan",
        "2022/wangchang-cppcc-plan",
        "2023/guide-town-plan",
        "2023/district-cppcc-summary",
    ] {
        assert!(r.stdout.contains(id), "{id} missing from\n{}", r.stdout);
    }
    let years: Vec<&str> = r
        .stdout
        .lines()
        .filter(|l| l.starts_with("20"))
        .map(|l| &l[..4])
        .collect();
    assert_eq!(years, ["2023", "2022", "2011"]);

    let r = sb.run(&["--repo", repo, "list", "--json", "--year", "2023"]);
    let rows: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), 3);
    for row in rows {
        for key in [
            "id",
            "year",
            "kind",
            "title",
            "state",
            "tasks_done",
            "tasks_total",
        ] {
            assert!(row.get(key).is_some(), "{key} missing in {row}");
        }
        assert_eq!(row["year"], 2023);
    }
}

#[test]
fn show_json_has_exactly_the_fields_of_the_toml_file() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let repo = ws.to_str().expect("utf-8");
    for id in ["2022/wangchang-cppcc-plan", "2023/jinzhou-government-plan"] {
        let json = sb.run(&["--repo", repo, "show", id, "--format", "json"]);
        assert!(json.ok, "{}", json.stderr);
        let json: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
        let file = std::fs::read_to_string(ws.join(format!("plans/{id}.toml"))).expect("read");
        let toml: toml::Value = toml::from_str(&file).expect("toml");
        let toml = serde_json::to_value(toml_to_json(&toml)).expect("convert");
        assert_eq!(json, toml, "{id}");
        let raw = sb.run(&["--repo", repo, "show", id, "--format", "toml"]);
        assert_eq!(raw.stdout, file);
    }
}

fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(i) => serde_json::Value::from(*i),
        toml::Value::Float(f) => serde_json::Value::from(*f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(a) => serde_json::Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => serde_json::Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

#[test]
fn a_broken_plan_among_good_ones_is_named_and_the_rest_listed() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    std::fs::write(
        ws.join("plans/2022/broken.toml"),
        "title = \"坏了的计划\"\nyear = 2022\n[[sections]\ndepth = 1\n",
    )
    .expect("write");
    let r = sb.run(&["--repo", ws.to_str().expect("utf-8"), "list"]);
    assert!(!r.ok);
    assert!(
        r.stdout.contains("2022/wangchang-cppcc-plan"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("plans/2022/broken.toml:3:"),
        "{}",
        r.stderr
    );
}

#[test]
fn show_of_an_unknown_plan_suggests_the_closest() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let r = sb.run(&[
        "--repo",
        ws.to_str().expect("utf-8"),
        "show",
        "2022/wangchang-plan",
    ]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("there is no plan `2022/wangchang-plan`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("Did you mean:\n  2022/wangchang-cppcc-plan"),
        "{}",
        r.stderr
    );
}

#[test]
fn without_a_git_identity_the_message_shows_the_config_commands() {
    let sb = Sandbox::without_identity();
    let dir = sb.path("ws");
    let r = sb.run(&["init", dir.to_str().expect("utf-8"), "--examples"]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("git config --global user.name"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("git config --global user.email"),
        "{}",
        r.stderr
    );
    // The other way: for this workspace only.
    assert!(
        r.stderr.contains(&format!(
            "git -C {} config user.name \"Your Name\"",
            dir.display()
        )),
        "{}",
        r.stderr
    );
    assert!(
        !dir.join("plandesk.toml").exists(),
        "nothing half-made is left"
    );
}

#[test]
fn the_first_run_without_a_git_identity_makes_the_workspace_and_lists_it() {
    let sb = Sandbox::without_identity();
    let r = sb.run(&["list"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout.contains("2022/wangchang-cppcc-plan"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("asks for them at your first change"),
        "{}",
        r.stderr
    );
    let dir = sb.path(".local/share/plandesk/workspace");
    let authors = sb.git(&dir, &["log", "--format=%an <%ae>"]);
    assert!(
        authors
            .lines()
            .all(|l| l == "plandesk <plandesk@localhost>"),
        "{authors}"
    );
    // A change from the command line says how to set the identity.
    let r = sb.run(&["tick", "2022/wangchang-cppcc-plan", "献爱心"]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("git config --global user.name"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_repo_that_is_not_a_workspace_says_how_to_make_one() {
    let sb = Sandbox::new();
    let plain = sb.path("plain");
    std::fs::create_dir_all(&plain).expect("mkdir");
    let r = sb.run(&["--repo", plain.to_str().expect("utf-8"), "list"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("is not a git repository"), "{}", r.stderr);
    assert!(r.stderr.contains("plandesk init"), "{}", r.stderr);

    sb.git(&plain, &["init", "-q"]);
    let r = sb.run(&["--repo", plain.to_str().expect("utf-8"), "list"]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("not a plandesk workspace"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("plandesk init"), "{}", r.stderr);
}

#[test]
fn the_first_run_without_a_workspace_creates_one_with_the_examples() {
    let sb = Sandbox::new();
    let r = sb.run(&["list"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("created a workspace with the example plans"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("2022/wangchang-cppcc-plan"));
    let r = sb.run(&["list"]);
    assert!(
        r.stderr.is_empty(),
        "second run creates nothing: {}",
        r.stderr
    );
}

#[test]
fn every_command_has_help() {
    let sb = Sandbox::new();
    let top = sb.run(&["--help"]);
    assert!(top.ok, "{}", top.stderr);
    // Every command `plandesk --help` lists, so a new one cannot be left out.
    let commands: Vec<String> = top
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    for known in ["init", "list", "show", "tick", "import", "log", "verify"] {
        assert!(
            commands.iter().any(|c| c == known),
            "{known} in {commands:?}"
        );
    }
    for cmd in &commands {
        let r = sb.run(&[cmd, "--help"]);
        assert!(
            r.ok && r.stdout.contains(&format!("Usage: plandesk {cmd}")),
            "{cmd} --help: {}{}",
            r.stdout,
            r.stderr
        );
    }
}

#[test]
fn show_prints_every_example_faithfully() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let repo = ws.to_str().expect("utf-8");
    for (id, text) in plandesk::store::examples::EXAMPLES {
        let plan = plandesk::model::parse_plan(text).expect("example parses");
        let r = sb.run(&["--repo", repo, "show", id]);
        assert!(r.ok, "{}", r.stderr);
        let out = &r.stdout;
        assert!(out.starts_with(&format!("{}\n", plan.title)), "{id}");
        let mut at = 0;
        for (s, n) in plan.sections.iter().zip(plan.numbers()) {
            let line = format!("{n}{}", s.heading);
            let found = out[at..]
                .find(&line)
                .unwrap_or_else(|| panic!("{id}: {line} missing or out of order"));
            at += found;
            for p in s.body.lines() {
                assert!(out.contains(p), "{id}: paragraph missing: {p}");
            }
        }
        for t in &plan.tasks {
            assert!(
                out.contains(&format!("[ ] {}", t.text)),
                "{id}: task missing: {}",
                t.text
            );
        }
        for t in &plan.targets {
            assert!(
                out.contains(&format!("{}  {}", t.name, t.target)),
                "{id}: target missing"
            );
        }
    }
}

#[test]
fn the_source_tree_is_itself_a_workspace_of_the_examples() {
    let sb = Sandbox::new();
    let r = sb.run(&["--repo", env!("CARGO_MANIFEST_DIR"), "list", "--json"]);
    assert!(r.ok, "{}", r.stderr);
    let rows: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let ids: Vec<&str> = rows
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    let mut expected: Vec<&str> = plandesk::store::examples::EXAMPLES
        .iter()
        .map(|(id, _)| *id)
        .collect();
    expected.sort_by(|a, b| b[..4].cmp(&a[..4]).then(a.cmp(b)));
    assert_eq!(ids, expected);
}

#[test]
fn a_broken_plandesk_toml_is_named_and_the_plans_still_listed() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let settings = ws.join("plandesk.toml");
    let mut text = std::fs::read_to_string(&settings).expect("read");
    text.push_str("approvers = \"not closed\n");
    std::fs::write(&settings, text).expect("write");
    let r = sb.run(&["--repo", ws.to_str().expect("utf-8"), "list"]);
    assert!(!r.ok);
    assert!(
        r.stdout.contains("2022/wangchang-cppcc-plan"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("plandesk.toml:"), "{}", r.stderr);
    assert!(
        r.stderr.contains("git checkout -- plandesk.toml"),
        "{}",
        r.stderr
    );
}
