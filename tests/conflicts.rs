//! Conflicts a sync left in a plan, seen and resolved from the command line:
//! two clones of a bare remote collide, then `plandesk conflicts`, `list`,
//! `show` and `resolve` are run on the real binary and the commits read back
//! with the git CLI.

mod common;

use common::office::{BODY_A, BODY_B, BODY_BASE, Office, PLAN, TASK_A, TASK_B, TASK_BASE};

/// The conflicts of the plan in `dir`, as `plandesk conflicts --json` gives them.
fn conflicts(o: &Office, dir: &std::path::Path) -> Vec<serde_json::Value> {
    let out = o.ok(dir, &["conflicts", PLAN, "--json"]);
    serde_json::from_str::<Vec<serde_json::Value>>(&out).expect("json")
}

fn conflict_on(list: &[serde_json::Value], field: &str) -> serde_json::Value {
    list.iter()
        .find(|c| c["field"] == field)
        .unwrap_or_else(|| panic!("no {field} conflict in {list:?}"))
        .clone()
}

#[test]
fn conflicts_are_listed_with_all_three_sides_and_marked_in_list_and_show() {
    let o = Office::new();
    o.collide();
    let list = conflicts(&o, &o.b);
    assert_eq!(list.len(), 2, "{list:?}");
    let body = conflict_on(&list, "body");
    assert!(
        body["place"]
            .as_str()
            .expect("place")
            .starts_with("section 「")
    );
    assert!(body["base"].as_str().expect("base").contains(BODY_BASE));
    assert!(body["ours"].as_str().expect("ours").contains(BODY_B));
    assert!(body["theirs"].as_str().expect("theirs").contains(BODY_A));
    let task = conflict_on(&list, "text");
    assert_eq!(
        task["ours"].as_str(),
        Some(TASK_B.to_string() + "，参加市政协组织的委员培训").as_deref()
    );
    assert!(
        task["place"]
            .as_str()
            .expect("place")
            .starts_with("task 「")
    );

    // The text listing: every plan's conflicts, one short line a side.
    let text = o.ok(&o.b, &["conflicts"]);
    let id = body["id"].as_str().expect("id");
    assert!(
        text.contains(&format!("{PLAN}  {id}  section 「")),
        "{text}"
    );
    assert!(text.contains("    theirs "), "{text}");
    assert!(text.contains('…'), "long bodies are cut short: {text}");

    // `list` marks and counts them, in text and JSON.
    let listed = o.ok(&o.b, &["list"]);
    let line = listed
        .lines()
        .find(|l| l.contains(PLAN))
        .expect("plan listed");
    assert!(line.ends_with("! 2 conflicts"), "{line}");
    let json: Vec<serde_json::Value> =
        serde_json::from_str(&o.ok(&o.b, &["list", "--json"])).expect("json");
    let row = json.iter().find(|r| r["id"] == PLAN).expect("row");
    assert_eq!(row["conflicts"], 2);
    let other = json.iter().find(|r| r["id"] != PLAN).expect("another plan");
    assert_eq!(other["conflicts"], 0);

    // `show` says how many in its header and marks the section and the task.
    let shown = o.ok(&o.b, &["show", PLAN]);
    assert!(
        shown
            .lines()
            .nth(1)
            .expect("meta")
            .ends_with("! 2 conflicts"),
        "{shown}"
    );
    let task_id = task["id"].as_str().expect("id");
    assert!(
        shown
            .lines()
            .any(|l| l.contains(TASK_B) && l.ends_with(&format!("! conflict {task_id}"))),
        "{shown}"
    );
    assert!(
        shown
            .lines()
            .any(|l| l.ends_with(&format!("! conflict {id}")) && !l.contains(TASK_B)),
        "the section heading is marked: {shown}"
    );
    // Both clones hold the same merge.
    assert_eq!(o.committed(&o.a), o.committed(&o.b));
}

#[test]
fn resolving_takes_a_side_or_a_text_as_one_resolve_commit() {
    let o = Office::new();
    o.collide();
    let list = conflicts(&o, &o.b);
    let body = conflict_on(&list, "body");
    let task = conflict_on(&list, "text");
    let body_id = body["id"].as_str().expect("id");
    let task_id = task["id"].as_str().expect("id");

    let said = o.ok(&o.b, &["resolve", PLAN, body_id, "--theirs"]);
    assert!(
        said.starts_with(&format!(
            "resolved {body_id} of {PLAN} with theirs (commit "
        )),
        "{said}"
    );
    assert!(said.trim_end().ends_with("1 conflict left"), "{said}");
    let msg = o.sb.git(&o.b, &["log", "-1", "--format=%B"]);
    assert!(
        msg.starts_with(&format!("Resolve {PLAN}: body of 「")),
        "{msg}"
    );
    assert!(
        msg.contains(&format!("Plan: {PLAN}\nAction: resolve\n")),
        "{msg}"
    );
    // Exactly the plan file changed, and it holds their text, not ours.
    let files =
        o.sb.git(&o.b, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), format!("plans/{PLAN}.toml"));
    let text = o.committed(&o.b);
    assert!(text.contains(BODY_A) && !text.contains(BODY_B), "{text}");
    assert!(!text.contains(&format!("id = \"{body_id}\"")), "{text}");
    assert!(o.sb.git(&o.b, &["status", "--porcelain"]).is_empty());

    // A text of one's own; the last conflict goes, and [[conflicts]] with it.
    let said = o.ok(
        &o.b,
        &[
            "resolve",
            PLAN,
            task_id,
            "--text",
            "组织市政协委员集中学习四次，参加市政协组织的委员培训",
        ],
    );
    assert!(said.trim_end().ends_with("no conflicts left"), "{said}");
    let text = o.committed(&o.b);
    assert!(text.contains("集中学习四次") && !text.contains(TASK_A) && !text.contains(TASK_B));
    assert!(!text.contains("[[conflicts]]"), "{text}");
    assert_eq!(o.ok(&o.b, &["conflicts"]).trim(), "No conflicts.");
    o.sb.git(&o.b, &["fsck", "--strict"]);

    // Resolved on one side, the conflicts are gone on the other after a sync.
    o.ok(&o.b, &["sync"]);
    o.ok(&o.a, &["sync"]);
    assert_eq!(o.committed(&o.a), o.committed(&o.b));
}

#[test]
fn an_unknown_plan_or_conflict_is_refused_naming_what_exists() {
    let o = Office::new();
    o.collide();
    let list = conflicts(&o, &o.b);
    let ids: Vec<&str> = list.iter().map(|c| c["id"].as_str().expect("id")).collect();
    let head = o.sb.git(&o.b, &["rev-parse", "HEAD"]);

    let repo = o.b.to_str().expect("utf-8");
    let r =
        o.sb.run(&["--repo", repo, "resolve", PLAN, "nosuch", "--ours"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    // In file order, as `plandesk conflicts` lists them.
    assert!(
        r.stderr.contains(&format!(
            "there is no conflict `nosuch`; this plan's conflicts are: {}",
            ids.join(", ")
        )),
        "{}",
        r.stderr
    );
    let r = o.sb.run(&[
        "--repo",
        repo,
        "resolve",
        "2022/wangchang-cpcc",
        ids[0],
        "--ours",
    ]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("there is no plan `2022/wangchang-cpcc`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(PLAN),
        "the closest plan is suggested: {}",
        r.stderr
    );
    // One choice, exactly.
    let r = o.sb.run(&["--repo", repo, "resolve", PLAN, ids[0]]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    let r = o.sb.run(&[
        "--repo", repo, "resolve", PLAN, ids[0], "--ours", "--theirs",
    ]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    let r = o.sb.run(&["--repo", repo, "conflicts", "2021/none"]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("there is no plan `2021/none`"),
        "{}",
        r.stderr
    );
    // Nothing was committed.
    assert_eq!(o.sb.git(&o.b, &["rev-parse", "HEAD"]), head);
}

#[test]
fn approval_is_refused_while_a_conflict_remains_and_allowed_once_resolved() {
    let o = Office::new();
    o.collide();
    let repo = o.b.to_str().expect("utf-8");
    let r = o.sb.run(&["--repo", repo, "approve", PLAN]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .contains("2 conflicts from a sync still to resolve"),
        "{}",
        r.stderr
    );
    for c in conflicts(&o, &o.b) {
        o.ok(
            &o.b,
            &["resolve", PLAN, c["id"].as_str().expect("id"), "--ours"],
        );
    }
    // Ours was what the plan held: only the conflicts went.
    let text = o.committed(&o.b);
    assert!(text.contains(BODY_B) && text.contains(TASK_B));
    o.ok(&o.b, &["approve", PLAN, "-m", "同意"]);
}

#[test]
fn conflict_text_with_terminal_escapes_is_shown_as_symbols() {
    let o = Office::new();
    o.edit(&o.a, TASK_BASE, "组织\\u001b]0;pwned\\u0007学习");
    o.edit(&o.b, TASK_BASE, TASK_B);
    o.ok(&o.a, &["sync"]);
    o.ok(&o.b, &["sync"]);
    let out =
        o.sb.plandesk()
            .env("PLANDESK_ASSUME_TERMINAL", "1")
            .args(["--repo", o.b.to_str().expect("utf-8"), "conflicts"])
            .output()
            .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{text:?}"
    );
    assert!(text.contains("␛]0;pwned␇"), "{text}");
}
