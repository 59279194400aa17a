//! The finder: `plandesk find` on real workspaces (committed with the git
//! CLI), and the index on disk through the library.

mod common;

use std::path::{Path, PathBuf};

use common::Sandbox;
use serde_json::Value;

const PLAN_2022: &str = r#"schema = 1
title = "汪场镇政协联络处2022年工作计划"
year = 2022
kind = "plan"

[[targets]]
id = "g1"
name = "视察活动"
target = "不少于2次"

[[sections]]
id = "s1"
depth = 1
heading = "强化学习，提高履职能力和水平"
body = "集中组织政协委员全年学习四次。\n继续捐助汪场中学初二学生曹梦琪完成初中学业，体现委员的社会责任。"

[[sections]]
id = "s2"
depth = 2
heading = "深入开展专题调研"

[[sections]]
id = "s3"
depth = 1
heading = "全面强化民主监督"
body = "对教育、卫生、财政等单位进行半年评议，推动问题整改。"

[[sections]]
id = "s4"
depth = 2
heading = "支持银行网点下乡"

[[sections]]
id = "s5"
depth = 2
heading = "制定长期规划"

[[sections]]
id = "s6"
depth = 2
heading = "重新调整工作重点"

[[sections]]
id = "s7"
depth = 1
heading = "民生热点主动监督"

[[tasks]]
id = "t1"
month = 2
text = "开展一次献爱心活动，继续捐助学生曹梦琪"
status = "done"
done_on = 2022-02-18

[[tasks]]
id = "t2"
month = 3
text = "组织市政协委员集中学习一次"
status = "todo"

[[tasks]]
id = "t3"
month = 6
text = "组织政协委员进企业开展调研"
status = "todo"
"#;

const SUMMARY_2019: &str = r#"schema = 1
title = "卫生院2019年工作总结"
year = 2019
kind = "summary"

[approval]
state = "approved"
by = "王主席 <wang@example.org>"
at = 2019-12-26T09:00:00+08:00

[[sections]]
id = "a1"
depth = 1
heading = "加强医疗质量管理"

[[tasks]]
id = "b1"
month = 4
text = "组织医护人员学习培训"
status = "done"
done_on = 2019-04-10
"#;

const PLAN_2011: &str = r#"schema = 1
title = "卫生院2011年工作计划"
year = 2011
kind = "plan"

[approval]
state = "submitted"

[[sections]]
id = "c1"
depth = 1
heading = "提高服务水平"
"#;

fn put(sb: &Sandbox, ws: &Path, rel: &str, text: &str) {
    let path = ws.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(&path, text).expect("write");
    sb.git(ws, &["add", rel]);
    sb.git(ws, &["commit", "-q", "-m", &format!("add {rel}")]);
}

fn setup(sb: &Sandbox) -> PathBuf {
    let ws = sb.path("ws");
    let r = sb.run(&["init", ws.to_str().expect("utf-8")]);
    assert!(r.ok, "{}", r.stderr);
    put(sb, &ws, "plans/2022/wangchang.toml", PLAN_2022);
    put(sb, &ws, "plans/2019/hospital-summary.toml", SUMMARY_2019);
    put(sb, &ws, "plans/2011/hospital.toml", PLAN_2011);
    ws
}

fn find_run(sb: &Sandbox, ws: &Path, args: &[&str]) -> common::Run {
    let mut cmd = sb.plandesk();
    cmd.arg("--repo").arg(ws).arg("find").args(args);
    common::Run::from(cmd.output().expect("run"))
}

/// The results of `plandesk find QUERY --json --limit 50`.
fn find(sb: &Sandbox, ws: &Path, query: &str) -> Vec<Value> {
    let r = find_run(sb, ws, &[query, "--json", "--limit", "50"]);
    assert!(r.ok, "find {query}: {}", r.stderr);
    match serde_json::from_str(&r.stdout) {
        Ok(Value::Array(rows)) => rows,
        other => panic!("find {query}: not a JSON array: {other:?}\n{}", r.stdout),
    }
}

fn paths(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["path"].as_str().expect("path").to_string())
        .collect()
}

/// The highlighted characters of a result's path.
fn marked(row: &Value) -> String {
    let chars: Vec<char> = row["path"].as_str().expect("path").chars().collect();
    row["positions"]
        .as_array()
        .expect("positions")
        .iter()
        .map(|p| chars[p.as_u64().expect("index") as usize])
        .collect()
}

fn first(rows: &[Value]) -> &Value {
    rows.first().expect("at least one result")
}

#[test]
fn chinese_finds_the_section_with_its_numbered_path_and_highlight() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    let rows = find(&sb, &ws, "民主监督");
    let top = first(&rows);
    assert_eq!(
        top["path"],
        "2022 › 汪场镇政协联络处2022年工作计划 › 二、全面强化民主监督"
    );
    assert_eq!(top["kind"], "section");
    assert_eq!(top["item"], "s3");
    assert_eq!(top["plan"], "2022/wangchang");
    assert_eq!(marked(top), "民主监督");
    // The subsection is numbered under its own parent: 二、 then （一）.
    let rows = find(&sb, &ws, "银行网点");
    assert_eq!(
        first(&rows)["path"],
        "2022 › 汪场镇政协联络处2022年工作计划 › 二、全面强化民主监督 › （一）支持银行网点下乡"
    );
}

#[test]
fn full_pinyin_and_initials_find_chinese_and_highlight_it() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    let rows = find(&sb, &ws, "minzhu");
    assert!(
        paths(&rows)[0].ends_with("二、全面强化民主监督"),
        "{:?}",
        paths(&rows)
    );
    assert_eq!(marked(first(&rows)), "民主");
    let rows = find(&sb, &ws, "mzjd");
    assert!(
        paths(&rows)[0].ends_with("二、全面强化民主监督"),
        "{:?}",
        paths(&rows)
    );
    assert_eq!(marked(first(&rows)), "民主监督");
    // Tasks sit under their month.
    let rows = find(&sb, &ws, "xianaixin");
    assert_eq!(
        first(&rows)["path"],
        "2022 › 汪场镇政协联络处2022年工作计划 › 二月 › 开展一次献爱心活动，继续捐助学生曹梦琪"
    );
    assert_eq!(first(&rows)["kind"], "task");
    assert_eq!(marked(first(&rows)), "献爱心");
}

#[test]
fn a_polyphone_matches_by_any_of_its_readings() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    for (query, heading) in [
        ("yinhang", "支持银行网点下乡"),
        ("changqi", "制定长期规划"),
        ("zhangqi", "制定长期规划"),
        ("chongxin", "重新调整工作重点"),
        ("zhongdian", "重新调整工作重点"),
        ("tiaozheng", "重新调整工作重点"),
        ("diaozheng", "重新调整工作重点"),
    ] {
        let rows = find(&sb, &ws, query);
        assert!(
            paths(&rows).first().is_some_and(|p| p.ends_with(heading)),
            "{query}: {:?}",
            paths(&rows)
        );
    }
}

#[test]
fn mixed_queries_combine_chinese_pinyin_and_a_year() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    let rows = find(&sb, &ws, "政协 dy");
    assert!(
        paths(&rows)
            .iter()
            .any(|p| p.ends_with("六月 › 组织政协委员进企业开展调研")),
        "{:?}",
        paths(&rows)
    );
    let rows = find(&sb, &ws, "2022 xuexi");
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["year"] == 2022), "{rows:?}");
    let rows = find(&sb, &ws, "2019 xuexi");
    assert_eq!(
        paths(&rows),
        ["2019 › 卫生院2019年工作总结 › 四月 › 组织医护人员学习培训"]
    );
}

#[test]
fn every_filter_narrows_the_results() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    let years = |q: &str| -> Vec<i64> {
        let mut y: Vec<i64> = find(&sb, &ws, q)
            .iter()
            .map(|r| r["year"].as_i64().expect("year"))
            .collect();
        y.dedup();
        y
    };
    assert_eq!(years("2011"), [2011]);
    assert_eq!(years("2012..2022"), [2022, 2019]);
    assert_eq!(years("2019..2011"), [2019, 2011]);
    let kinds = |q: &str| -> Vec<String> {
        let mut k: Vec<String> = find(&sb, &ws, q)
            .iter()
            .map(|r| format!("{}/{}", r["plan_kind"], r["kind"]).replace('"', ""))
            .collect();
        k.sort();
        k.dedup();
        k
    };
    assert_eq!(
        kinds("summary"),
        ["summary/plan", "summary/section", "summary/task"]
    );
    assert_eq!(kinds("总结"), kinds("summary"));
    assert_eq!(kinds("plan target"), ["plan/target"]);
    assert_eq!(kinds("计划 目标"), ["plan/target"]);
    assert_eq!(kinds("task"), ["plan/task", "summary/task"]);
    assert_eq!(kinds("任务"), kinds("task"));
    assert_eq!(kinds("章节 2011"), ["plan/section"]);
    assert_eq!(kinds("section"), ["plan/section", "summary/section"]);
    let items = |q: &str| -> Vec<String> {
        find(&sb, &ws, q)
            .iter()
            .map(|r| r["item"].as_str().unwrap_or("-").to_string())
            .collect()
    };
    assert_eq!(items("done 2022"), ["t1"]);
    assert_eq!(items("已完成 2022"), ["t1"]);
    let mut todo = items("todo");
    todo.sort();
    assert_eq!(todo, ["t2", "t3"]);
    assert_eq!(items("未完成"), items("todo"));
    // Approval state, also by the labels the plan list shows.
    use plandesk::tui::labels::{L, Lang};
    assert_eq!(items("approved section"), ["a1"]);
    assert_eq!(
        items(&format!("{} section", L::StateApproved.text(Lang::Zh))),
        ["a1"]
    );
    assert_eq!(items("submitted section"), ["c1"]);
    assert_eq!(
        items(&format!("{} section", L::StateSubmitted.text(Lang::Zh))),
        ["c1"]
    );
    assert_eq!(
        items(&format!("{} target", L::StateDraft.text(Lang::Zh))),
        ["g1"]
    );
    assert!(items(L::StateReturned.text(Lang::Zh)).is_empty());
    assert!(items("returned").is_empty());
    // A year and words: only that year's matches.
    assert_eq!(items("2011 tigao"), ["c1"]);
}

#[test]
fn a_phrase_from_a_body_finds_its_section_with_a_snippet_after_path_matches() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    let rows = find(&sb, &ws, "曹梦琪");
    assert_eq!(rows.len(), 2, "{rows:?}");
    // The task names 曹梦琪 in its text: a path match, first.
    assert_eq!(rows[0]["item"], "t1");
    assert!(rows[0]["snippet"].is_null());
    assert_eq!(rows[1]["item"], "s1");
    let snippet = &rows[1]["snippet"];
    let text = snippet["text"].as_str().expect("snippet text");
    assert!(text.contains("曹梦琪"), "{text}");
    assert!(!text.contains('\n'), "one line: {text:?}");
    let chars: Vec<char> = text.chars().collect();
    let shown: String = snippet["positions"]
        .as_array()
        .expect("positions")
        .iter()
        .map(|p| chars[p.as_u64().expect("index") as usize])
        .collect();
    assert_eq!(shown, "曹梦琪");
    let rows = find(&sb, &ws, "半年评议");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["item"], "s3");
    // The text output shows the snippet under the path.
    let r = find_run(&sb, &ws, &["半年评议"]);
    assert!(r.stdout.contains("二、全面强化民主监督"), "{}", r.stdout);
    assert!(r.stdout.contains("    ┆ …"), "{}", r.stdout);
    assert!(
        r.stdout.contains("单位进行半年评议，推动问题整改"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_exact_heading_beats_a_scattered_match() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    // 民主监督 exactly vs 民生热点主动监督 (民…主…监督, scattered).
    let rows = find(&sb, &ws, "民主监督");
    let p = paths(&rows);
    let exact = p.iter().position(|x| x.ends_with("二、全面强化民主监督"));
    let scattered = p.iter().position(|x| x.ends_with("三、民生热点主动监督"));
    assert_eq!(exact, Some(0), "{p:?}");
    assert!(scattered.is_some_and(|s| s > 0), "{p:?}");
    assert!(rows[0]["score"].as_i64() > rows[scattered.unwrap_or(0)]["score"].as_i64());
}

#[test]
fn nothing_found_is_an_empty_list_and_exit_zero() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    let r = find_run(&sb, &ws, &["量子计算机", "--json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        serde_json::from_str::<Value>(&r.stdout).ok(),
        Some(Value::Array(vec![]))
    );
    let r = find_run(&sb, &ws, &["量子计算机"]);
    assert_eq!(r.code, Some(0));
    assert_eq!(r.stdout, "");
}

#[test]
fn the_json_shape_names_plan_item_path_snippet_and_score() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    let rows = find(&sb, &ws, "半年评议");
    let row = first(&rows).as_object().expect("object");
    let mut keys: Vec<&str> = row.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "item",
            "kind",
            "path",
            "plan",
            "plan_kind",
            "positions",
            "score",
            "snippet",
            "year"
        ]
    );
    assert!(row["score"].is_i64());
    assert!(row["year"].is_i64());
    let plan_row = find(&sb, &ws, "卫生院2011年工作计划");
    assert_eq!(first(&plan_row)["kind"], "plan");
    assert!(first(&plan_row)["item"].is_null());
    assert_eq!(first(&plan_row)["path"], "2011 › 卫生院2011年工作计划");
}

#[test]
fn a_plan_added_with_plain_git_is_found_and_an_edited_one_under_its_new_text() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    assert!(find(&sb, &ws, "防汛抗旱").is_empty());
    let added = PLAN_2011
        .replace("卫生院2011年工作计划", "水利站2011年工作计划")
        .replace("提高服务水平", "做好防汛抗旱准备");
    put(&sb, &ws, "plans/2011/water.toml", &added);
    let rows = find(&sb, &ws, "防汛抗旱");
    assert_eq!(
        paths(&rows),
        ["2011 › 水利站2011年工作计划 › 一、做好防汛抗旱准备"]
    );
    // Edited by hand and not committed: the working tree is what is found.
    let path = ws.join("plans/2011/water.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("防汛抗旱", "森林防火")).expect("write");
    assert!(find(&sb, &ws, "防汛抗旱").is_empty());
    assert_eq!(
        paths(&find(&sb, &ws, "slfh")),
        ["2011 › 水利站2011年工作计划 › 一、做好森林防火准备"]
    );
}

#[test]
fn a_damaged_index_file_is_rebuilt() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    assert_eq!(find(&sb, &ws, "半年评议").len(), 1);
    let file = ws.join(".git").join(plandesk::search::INDEX_FILE);
    let mut bytes = std::fs::read(&file).expect("the index was written");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x5a;
    std::fs::write(&file, &bytes).expect("damage");
    let r = find_run(&sb, &ws, &["半年评议", "--json"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stderr.contains("damaged"), "{}", r.stderr);
    let rows: Vec<Value> = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(rows.len(), 1);
    // Rebuilt: the next run is quiet.
    let r = find_run(&sb, &ws, &["半年评议"]);
    assert_eq!(r.stderr, "");
    // Cut short, or of another version: rebuilt too.
    std::fs::write(&file, &bytes[..40]).expect("truncate");
    assert_eq!(find(&sb, &ws, "半年评议").len(), 1);
    std::fs::write(&file, b"plandesk-finder\n\x01\0\0\0").expect("old version");
    assert_eq!(find(&sb, &ws, "半年评议").len(), 1);
}

#[test]
fn text_output_shows_escapes_visibly() {
    let sb = Sandbox::new();
    let ws = setup(&sb);
    let evil = PLAN_2011
        .replace("卫生院2011年工作计划", "恶意\\u001b[2J计划")
        .replace("提高服务水平", "提高\\u001b]0;x\\u0007水平");
    put(&sb, &ws, "plans/2011/evil.toml", &evil);
    let r = find_run(&sb, &ws, &["tgsp"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("提高␛]0;x␇水平"), "{}", r.stdout);
    assert!(!r.stdout.contains('\u{1b}'));
}

// In process: the index on disk, narrowing, openings.

use plandesk::model::PlanId;
use plandesk::search::{Finder, ItemKind, ItemRef, Openings, PlanSource, Refresh};
use plandesk::store::{Action, Change, Workspace};

fn refresh(ws: &Workspace) -> Refresh {
    let sources: Vec<PlanSource> = ws
        .plan_files()
        .expect("plan files")
        .files
        .into_iter()
        .map(PlanSource::from)
        .collect();
    plandesk::search::refresh(ws.git_dir(), &sources, |id| ws.load(id)).expect("refresh")
}

fn top_paths(finder: &mut Finder, query: &str) -> Vec<String> {
    let m = finder.search(query, 10, &Openings::default());
    m.hits.iter().map(|h| finder.found(query, h).path).collect()
}

#[test]
fn a_second_start_parses_nothing_and_a_save_reparses_only_that_plan() {
    let (_dir, ws) = common::workspace_with(true);
    let first = refresh(&ws);
    assert_eq!((first.parsed, first.reused), (5, 0));
    assert!(first.written);
    let second = refresh(&ws);
    assert_eq!((second.parsed, second.reused), (0, 5));
    assert!(
        !second.written,
        "nothing changed: the file is not written again"
    );

    let id = PlanId::parse("2022/wangchang-cppcc-plan").expect("id");
    let mut plan = ws.load(&id).expect("load");
    let task = plan
        .tasks
        .iter_mut()
        .find(|t| t.text.contains("献爱心"))
        .expect("the 献爱心 task");
    task.text = "组织委员慰问孤寡老人".into();
    let task_id = task.id.clone();
    ws.save(&id, &mut plan, &Change::new(Action::Edit, "慰问"))
        .expect("save");
    let after = refresh(&ws);
    assert_eq!((after.parsed, after.reused), (1, 4));
    let mut finder = Finder::new(after.index);
    let m = finder.search("weiwen", 5, &Openings::default());
    let found = finder.found("weiwen", &m.hits[0]);
    assert_eq!(found.item.as_deref(), Some(task_id.as_str()));
    assert!(
        found.path.ends_with("组织委员慰问孤寡老人"),
        "{}",
        found.path
    );
    assert!(
        top_paths(&mut finder, "献爱心活动")
            .iter()
            .all(|p| !p.contains("慰问"))
    );
}

#[test]
fn a_longer_query_searches_only_the_previous_matches_and_finds_the_same() {
    let (_dir, ws) = common::workspace_with(true);
    let index = refresh(&ws).index;
    let mut typed = Finder::new(index.clone());
    let none = Openings::default();
    let mut before = index.len();
    for query in [
        "z",
        "zz",
        "zzx",
        "zzxc",
        "zzxc 2022",
        "政",
        "政协",
        "政协委",
        "政协委员 dy",
    ] {
        let narrowed = typed.search(query, 1000, &none);
        let mut fresh = Finder::new(index.clone());
        let whole = fresh.search(query, 1000, &none);
        assert_eq!(narrowed.hits, whole.hits, "{query}");
        assert_eq!(narrowed.total, whole.total, "{query}");
        assert_eq!(whole.searched, index.len());
        if ["zz", "zzx", "zzxc", "政协", "政协委", "政协委员 dy"].contains(&query) {
            assert_eq!(narrowed.searched, before, "{query}: only the last matches");
        }
        before = narrowed.total;
    }
    assert!(before < index.len() / 2, "the last query matched {before}");
}

#[test]
fn the_best_few_rows_are_the_head_of_the_whole_ranking() {
    // Only the rows shown are ranked in full; the others are counted and
    // kept for the next keystroke. Neither may change what is shown.
    let (_dir, ws) = common::workspace_with(true);
    let index = refresh(&ws).index;
    let none = Openings::default();
    for query in [
        "z", "g", "政", "政协", "dy", "2022 x", "工作 j", "mzjd", "评议",
    ] {
        let mut whole = Finder::new(index.clone());
        let all = whole.search(query, usize::MAX, &none);
        assert_eq!(all.hits.len(), all.total, "{query}: every match ranked");
        for limit in [1, 3, 10, 30] {
            let mut few = Finder::new(index.clone());
            let m = few.search(query, limit, &none);
            assert_eq!(m.total, all.total, "{query} / {limit}: the same count");
            let head: Vec<_> = all.hits.iter().take(limit).copied().collect();
            assert_eq!(m.hits, head, "{query} / {limit}: the same best rows");
        }
        assert!(all.total > 0, "{query} finds something in the examples");
    }
}

#[test]
fn a_scan_split_over_two_cores_finds_and_narrows_the_same() {
    let (_dir, ws) = common::workspace_with(true);
    let index = refresh(&ws).index;
    let none = Openings::default();
    // Every scan split in two (a large index's are), against none split.
    let mut split = Finder::new(index.clone()).parallel_from(1);
    let mut whole = Finder::new(index.clone()).parallel_from(usize::MAX);
    for query in [
        "z",
        "zz",
        "zzx",
        "政",
        "政协",
        "政协委员 dy",
        "g",
        "2022 m",
        "评议",
    ] {
        for limit in [1, 10, 1000] {
            let a = split.search(query, limit, &none);
            let b = whole.search(query, limit, &none);
            assert_eq!(a.hits, b.hits, "{query} / {limit}");
            assert_eq!(a.total, b.total, "{query} / {limit}");
            assert_eq!(a.searched, b.searched, "{query} / {limit}: narrowed alike");
        }
    }
}

#[test]
fn an_empty_query_lists_recently_and_often_opened_items_first() {
    let (_dir, ws) = common::workspace_with(true);
    let mut finder = Finder::new(refresh(&ws).index);
    let plan = PlanId::parse("2011/township-hospital-plan").expect("id");
    let m = finder.search("2022 target", 5, &Openings::load(ws.git_dir()));
    let target = finder.found("", &m.hits[m.hits.len() - 1]).item_ref();
    let section = ItemRef {
        plan: plan.clone(),
        kind: ItemKind::Plan,
        item: None,
    };
    Openings::record(ws.git_dir(), &target).expect("record");
    Openings::record(ws.git_dir(), &section).expect("record");
    Openings::record(ws.git_dir(), &section).expect("record");
    let openings = Openings::load(ws.git_dir());
    let m = finder.search("", 3, &openings);
    let refs: Vec<ItemRef> = m
        .hits
        .iter()
        .map(|h| finder.found("", h).item_ref())
        .collect();
    assert_eq!(refs[0], section, "opened twice: first");
    assert_eq!(refs[1], target);
    assert!(m.total > 3);
    // Filters still apply: of the openings, only the 2022 target is of 2022.
    let m = finder.search("2022", 3, &openings);
    assert_eq!(finder.found("", &m.hits[0]).item_ref(), target);
    assert!(m.hits.iter().all(|h| finder.found("", h).year == 2022));
}

/// A generated workspace of many plans (in memory): random headings, bodies
/// and tasks of words that share characters and pinyin, so that most queries
/// match many items along their paths.
fn many_plans(count: usize) -> Vec<(PlanId, plandesk::model::Plan)> {
    use plandesk::model::{Kind, Plan, Section, Status, Target, Task};
    const WORDS: &[&str] = &[
        "加强",
        "民主",
        "监督",
        "专题",
        "调研",
        "视察",
        "组织",
        "委员",
        "政协",
        "社情民意",
        "经济",
        "发展",
        "评议",
        "规划",
        "改革",
        "银行",
        "长江",
        "重点",
        "调整",
        "行动",
        "干部",
        "党建",
        "社区",
        "网格",
        "治理",
        "GDP",
        "5G基站",
        "PPP项目",
        "工业",
        "第10批",
    ];
    let mut seed = 11u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut words = |n: usize| -> String {
        let extra = next() % 3;
        (0..n + extra)
            .map(|_| WORDS[next() % WORDS.len()])
            .collect()
    };
    (0..count)
        .map(|n| {
            let year = 1990 + (n % 30) as i32;
            let kind = if n % 5 == 4 {
                Kind::Summary
            } else {
                Kind::Plan
            };
            let mut p = Plan::new(format!("{}{year}年第{n}号工作计划", words(1)), year, kind);
            for i in 0..40 {
                p.sections.push(Section {
                    id: format!("s{i}"),
                    depth: [1, 2, 3, 3, 2][i % 5],
                    heading: words(2),
                    body: if i % 3 == 0 {
                        String::new()
                    } else {
                        format!("{}，{}。", words(4), words(4))
                    },
                });
            }
            for i in 0..3 {
                p.targets.push(Target {
                    id: format!("g{i}"),
                    name: words(1),
                    target: format!("增长{}%", i * 7),
                    actual: None,
                });
            }
            for i in 0..24 {
                p.tasks.push(Task {
                    id: format!("t{i}"),
                    month: (i % 12) as u8 + 1,
                    period: None,
                    text: format!("组织{}", words(2)),
                    status: if i % 3 == 0 {
                        Status::Done
                    } else {
                        Status::Todo
                    },
                    done_on: None,
                    owner: None,
                });
            }
            let id = PlanId::new(year, &format!("plan-{n}")).expect("id");
            (id, p)
        })
        .collect()
}

#[test]
fn every_shortcut_finds_and_ranks_as_a_plain_scan_of_many_items() {
    // Memos, narrowing, the floor of the best rows, two halves, and bodies
    // looked through in one pass: on over 20,000 items (so that the scans
    // are split), typed keystroke by keystroke, each against reading every
    // item's whole path and body.
    let index = plandesk::search::index_of(&many_plans(320));
    assert!(index.len() > 20_000, "{} items", index.len());
    let plain = Finder::new(index.clone());
    let mut typed = Finder::new(index);
    let none = Openings::default();
    let typing: &[&[&str]] = &[
        &["民", "民主", "民主监", "民主监督调研"],
        &["g", "gd", "gdp", "gdp 1", "gdp 10"],
        &["m", "mi", "min", "minzhu"],
        &["m", "mz", "mzj", "mzjdzt"],
        // Phrases typed on in bodies: one found inside a longer phrase, not
        // at its start; where the shorter one first is, and further on.
        &["网格", "社区网格"],
        &["评议", "社区网格"],
        &["社区", "社区网", "社区网格", "社区网格治"],
        &["治理", "治理g", "治理gd", "治理gdp"],
        &["z", "zh", "zhi", "zhi l", "zhi li"],
        &["task g", "task gz", "done gz"],
        &["1995..2000 d", "1995..2000 dy", "plan 1995..2000 dy"],
        &["5", "5g", "5gj", "5gjz"],
        &["工", "工作", "工作 jh", "工作 jhs"],
    ];
    for steps in typing {
        for q in steps.iter() {
            for limit in [50, 2_000] {
                let want = plain.search_plain(q, limit);
                let got = typed.search(q, limit, &none);
                assert_eq!(got.total, want.total, "{q} / {limit}: the same count");
                assert_eq!(
                    got.hits, want.hits,
                    "{q} / {limit}: the same rows and scores"
                );
            }
            // Typed on from the larger limit: the next keystroke narrows it.
        }
    }
    for q in ["g", "民主", "mz", "评议"] {
        assert!(
            plain.search_plain(q, 1).total > 1_000,
            "{q}: a query that matches many items"
        );
    }
}

#[test]
fn an_exact_heading_in_a_later_plan_outranks_the_leading_tasks_that_filled_the_rows() {
    // The first plans fill the two best rows with tasks that the word only
    // leads (民主会, three characters); the last plan has a section headed
    // by the word alone, numbered (一、民主, four characters). A plan whose
    // items could not beat the rows is passed over unscored, so this holds
    // only if a numbered heading as long as the word counts as exact.
    use plandesk::model::{Kind, Plan, Section, Status, Task};
    let plans: Vec<_> = (0..6)
        .map(|n| {
            let mut p = Plan::new(format!("第{n}号工作计划"), 2020, Kind::Plan);
            if n == 5 {
                p.sections.push(Section {
                    id: "s0".into(),
                    depth: 1,
                    heading: "民主".into(),
                    body: String::new(),
                });
            } else {
                p.tasks.push(Task {
                    id: "t0".into(),
                    month: 3,
                    period: None,
                    text: "民主会".into(),
                    status: Status::Todo,
                    done_on: None,
                    owner: None,
                });
            }
            let id = PlanId::new(2020, &format!("plan-{n}")).expect("id");
            (id, p)
        })
        .collect();
    let mut finder = Finder::new(plandesk::search::index_of(&plans));
    let none = Openings::default();
    let got = finder.search("民主", 2, &none);
    assert_eq!(got.hits, finder.search_plain("民主", 2).hits);
    let best = finder.found("民主", &got.hits[0]);
    assert!(best.path.ends_with("› 一、民主"), "{}", best.path);
}
