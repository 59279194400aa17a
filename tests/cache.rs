//! The summary cache under `.git/plandesk/` against real repositories: the
//! listing stays right when files change behind plandesk's back (plain git
//! commits, hand edits, resets, rebases, branch checkouts), a damaged cache
//! is rebuilt, and only changed plans are parsed again.

mod common;

use std::path::{Path, PathBuf};

use common::{Sandbox, git};
use plandesk::model::{Kind, Plan, PlanId, Status, Task, write_plan};
use plandesk::store::{Action, Change, FileState, Workspace};

fn plan(title: &str, year: i32, tasks: &[(&str, u8, Status)]) -> Plan {
    let mut p = Plan::new(title, year, Kind::Plan);
    for (text, month, status) in tasks {
        p.tasks.push(Task {
            id: String::new(),
            month: *month,
            period: None,
            text: (*text).into(),
            status: *status,
            done_on: (*status == Status::Done)
                .then(|| chrono::NaiveDate::from_ymd_opt(year, u32::from(*month), 10))
                .flatten(),
            owner: None,
        });
    }
    p.ensure_ids();
    p
}

/// A workspace of `n` plans in 2023 and 2024, made through the store.
fn workspace(n: usize) -> (tempfile::TempDir, Workspace) {
    let (dir, ws) = common::workspace();
    for i in 0..n {
        let year = 2023 + (i % 2) as i32;
        let mut p = plan(
            &format!("第{i}号计划"),
            year,
            &[("开展调研", 2, Status::Done), ("组织学习", 3, Status::Todo)],
        );
        ws.save(
            &PlanId::new(year, &format!("plan-{i}")).expect("id"),
            &mut p,
            &Change::new(Action::New, ""),
        )
        .expect("save");
    }
    (dir, ws)
}

/// (id, title) of every plan the listing can read, in listing order.
fn titles(ws: &Workspace) -> Vec<(String, String)> {
    ws.summaries()
        .expect("summaries")
        .plans
        .into_iter()
        .map(|e| {
            let title = e.summary.map_or_else(|e| format!("ERR {e}"), |s| s.title);
            (e.id.to_string(), title)
        })
        .collect()
}

fn title_of(ws: &Workspace, id: &str) -> Option<String> {
    titles(ws)
        .into_iter()
        .find(|(i, _)| i == id)
        .map(|(_, t)| t)
}

fn rewrite(dir: &Path, id: &str, title: &str) {
    let year: i32 = id[..4].parse().expect("year");
    let p = plan(title, year, &[("开展调研", 2, Status::Todo)]);
    std::fs::write(dir.join(format!("plans/{id}.toml")), write_plan(&p)).expect("write");
}

fn cache_file(dir: &Path) -> PathBuf {
    dir.join(".git/plandesk/summaries")
}

#[test]
fn a_second_listing_parses_nothing_and_an_edit_parses_only_that_plan() {
    let (dir, ws) = workspace(6);
    let first = ws.summaries().expect("summaries");
    assert_eq!((first.stats.hits, first.stats.misses), (0, 6));
    let second = ws.summaries().expect("summaries");
    assert_eq!((second.stats.hits, second.stats.misses), (6, 0));

    rewrite(dir.path(), "2024/plan-1", "改过的计划");
    git(dir.path(), &["commit", "-qam", "edited with plain git"]);
    let third = ws.summaries().expect("summaries");
    assert_eq!((third.stats.hits, third.stats.misses), (5, 1));
    let changed = third
        .plans
        .iter()
        .find(|e| e.id.to_string() == "2024/plan-1")
        .expect("listed");
    assert_eq!(
        changed.summary.as_ref().map(|s| s.title.as_str()),
        Ok("改过的计划")
    );
    assert_eq!(changed.state, FileState::Clean);
    let fourth = ws.summaries().expect("summaries");
    assert_eq!((fourth.stats.hits, fourth.stats.misses), (6, 0));
}

#[test]
fn a_listing_without_tasks_keeps_the_tasks_in_the_cache_for_the_agenda() {
    let (dir, ws) = workspace(4);
    ws.summaries_with_tasks(None).expect("warm, with tasks");
    rewrite(dir.path(), "2023/plan-0", "改过");
    // Three hits not decoded, one miss: all four written back.
    let listing = ws.summaries().expect("summaries");
    assert_eq!((listing.stats.hits, listing.stats.misses), (3, 1));
    assert!(
        listing
            .plans
            .iter()
            .all(|e| e.summary.as_ref().is_ok_and(|s| s.tasks.is_empty()))
    );
    let with = ws.summaries_with_tasks(Some(2024)).expect("with tasks");
    assert_eq!(with.stats.misses, 0);
    let texts: Vec<Vec<String>> = with
        .plans
        .iter()
        .map(|e| {
            let s = e.summary.as_ref().expect("readable");
            s.tasks.iter().map(|t| t.text.clone()).collect()
        })
        .collect();
    assert_eq!(
        texts,
        [
            vec!["开展调研".to_string(), "组织学习".to_string()],
            vec!["开展调研".to_string(), "组织学习".to_string()],
            vec![],
            vec![],
        ],
        "2024's plans with their tasks, 2023's without"
    );
    let p = &with.plans[0];
    assert_eq!(p.summary.as_ref().map(|s| s.progress), Ok((1, 2)));
}

#[test]
fn blob_ids_are_the_ones_git_gives_the_files() {
    let (dir, ws) = workspace(3);
    rewrite(dir.path(), "2023/plan-0", "手改");
    let files = ws.plan_files().expect("plan files");
    for f in &files.files {
        let rel = f.id.rel_path();
        let want = git(dir.path(), &["hash-object", &rel]);
        assert_eq!(
            f.blob.map(|b| b.to_string()).as_deref(),
            Some(want.trim()),
            "{rel}"
        );
    }
    let states: Vec<(String, FileState)> = files
        .files
        .iter()
        .map(|f| (f.id.to_string(), f.state))
        .collect();
    assert_eq!(
        states,
        [
            ("2024/plan-1".to_string(), FileState::Clean),
            ("2023/plan-0".to_string(), FileState::Modified),
            ("2023/plan-2".to_string(), FileState::Clean),
        ]
    );
}

#[test]
fn a_hand_edit_is_listed_as_changed_with_its_new_title() {
    let (dir, ws) = workspace(2);
    titles(&ws);
    rewrite(dir.path(), "2023/plan-0", "手改的标题");
    let listing = ws.summaries().expect("summaries");
    let e = &listing.plans[1];
    assert_eq!(e.id.to_string(), "2023/plan-0");
    assert_eq!(
        e.summary.as_ref().map(|s| s.title.as_str()),
        Ok("手改的标题")
    );
    assert_eq!(e.state, FileState::Modified);
    // An untracked new plan and a deleted one.
    rewrite(dir.path(), "2023/fresh", "新计划");
    std::fs::remove_file(dir.path().join("plans/2024/plan-1.toml")).expect("rm");
    assert_eq!(
        titles(&ws),
        [
            ("2023/fresh".to_string(), "新计划".to_string()),
            ("2023/plan-0".to_string(), "手改的标题".to_string()),
        ]
    );
    let files = ws.plan_files().expect("files");
    assert_eq!(files.files[0].state, FileState::Untracked);
    assert_eq!(
        ws.changed_plans().expect("changed"),
        [
            (
                PlanId::parse("2023/fresh").expect("id"),
                FileState::Untracked
            ),
            (
                PlanId::parse("2023/plan-0").expect("id"),
                FileState::Modified
            ),
            (
                PlanId::parse("2024/plan-1").expect("id"),
                FileState::Deleted
            ),
        ]
    );
}

#[test]
fn a_reset_to_an_older_commit_lists_the_older_plans() {
    let (dir, ws) = workspace(2);
    let old = git(dir.path(), &["rev-parse", "HEAD"]);
    rewrite(dir.path(), "2023/plan-0", "新标题");
    git(dir.path(), &["commit", "-qam", "newer"]);
    assert_eq!(title_of(&ws, "2023/plan-0").as_deref(), Some("新标题"));
    git(dir.path(), &["reset", "-q", "--hard", old.trim()]);
    assert_eq!(title_of(&ws, "2023/plan-0").as_deref(), Some("第0号计划"));
    let files = ws.plan_files().expect("files");
    assert!(files.files.iter().all(|f| f.state == FileState::Clean));
}

#[test]
fn a_checkout_of_another_branch_lists_that_branchs_plans() {
    let (dir, ws) = workspace(2);
    let first = git(dir.path(), &["branch", "--show-current"]);
    let first = first.trim();
    git(dir.path(), &["checkout", "-q", "-b", "other"]);
    rewrite(dir.path(), "2024/plan-1", "分支上的计划");
    rewrite(dir.path(), "2024/only-here", "只在分支上");
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "on the branch"]);
    assert_eq!(
        title_of(&ws, "2024/plan-1").as_deref(),
        Some("分支上的计划")
    );
    git(dir.path(), &["checkout", "-q", first]);
    assert_eq!(
        titles(&ws),
        [
            ("2024/plan-1".to_string(), "第1号计划".to_string()),
            ("2023/plan-0".to_string(), "第0号计划".to_string()),
        ]
    );
    git(dir.path(), &["checkout", "-q", "other"]);
    assert_eq!(
        title_of(&ws, "2024/only-here").as_deref(),
        Some("只在分支上")
    );
}

#[test]
fn a_rebase_lists_the_rebased_plans() {
    let (dir, ws) = workspace(2);
    let first = git(dir.path(), &["branch", "--show-current"]);
    let first = first.trim();
    git(dir.path(), &["checkout", "-q", "-b", "topic"]);
    rewrite(dir.path(), "2023/plan-0", "主题分支");
    git(dir.path(), &["commit", "-qam", "topic"]);
    git(dir.path(), &["checkout", "-q", first]);
    rewrite(dir.path(), "2024/plan-1", "主干");
    git(dir.path(), &["commit", "-qam", "main"]);
    titles(&ws);
    git(dir.path(), &["checkout", "-q", "topic"]);
    git(dir.path(), &["rebase", "-q", first]);
    assert_eq!(
        titles(&ws),
        [
            ("2024/plan-1".to_string(), "主干".to_string()),
            ("2023/plan-0".to_string(), "主题分支".to_string()),
        ]
    );
}

#[test]
fn a_truncated_damaged_older_or_deleted_cache_is_rebuilt_never_trusted() {
    let (dir, ws) = workspace(3);
    let want = titles(&ws);
    let cache = cache_file(dir.path());
    let good = std::fs::read(&cache).expect("the cache is written");

    // Same length, one byte of a title changed: only the checksum can tell.
    let mut flipped = good.clone();
    let at = flipped.len() / 2;
    flipped[at] ^= 0x01;
    let older = {
        let mut b = good.clone();
        b[8] = b[8].wrapping_sub(1);
        b
    };
    for (what, bytes) in [
        ("truncated", good[..good.len() / 2].to_vec()),
        ("garbage", b"not a cache at all".repeat(40)),
        ("a changed byte", flipped),
        ("an older format", older),
        ("empty", Vec::new()),
    ] {
        std::fs::write(&cache, &bytes).expect("damage the cache");
        let listing = ws.summaries().expect("summaries");
        assert!(listing.stats.discarded, "{what}: not detected");
        assert_eq!(listing.stats.misses, 3, "{what}: every plan parsed again");
        assert_eq!(titles(&ws), want, "{what}");
        let again = ws.summaries().expect("summaries");
        assert_eq!(
            (again.stats.hits, again.stats.discarded),
            (3, false),
            "{what}: rewritten"
        );
    }
    std::fs::remove_file(&cache).expect("delete");
    assert_eq!(titles(&ws), want);
    assert!(cache.is_file(), "written again");
}

#[test]
fn entries_for_blobs_no_longer_present_are_pruned() {
    let (dir, ws) = workspace(2);
    titles(&ws);
    let before = std::fs::metadata(cache_file(dir.path()))
        .expect("cache")
        .len();
    for i in 0..5 {
        rewrite(
            dir.path(),
            "2023/plan-0",
            &format!("第{i}次改写，标题越来越长越来越长"),
        );
        titles(&ws);
    }
    let after = std::fs::metadata(cache_file(dir.path()))
        .expect("cache")
        .len();
    assert!(
        after < before * 2,
        "the cache grew from {before} to {after} bytes"
    );
}

#[test]
fn broken_plans_are_cached_with_their_errors_and_located_by_path() {
    let (dir, ws) = workspace(1);
    let text =
        "title = \"坏\"\nyear = 2023\n[[tasks]]\nmonth = 13\ntext = \"x\"\nstatus = \"todo\"\n";
    std::fs::write(dir.path().join("plans/2023/broken.toml"), text).expect("write");
    // The same bytes in the folder of another year: the year is wrong there too.
    let wrong_year = "title = \"年份不对\"\nyear = 2023\n";
    std::fs::create_dir_all(dir.path().join("plans/2025")).expect("mkdir");
    std::fs::write(dir.path().join("plans/2025/moved.toml"), wrong_year).expect("write");
    for round in 0..2 {
        let listing = ws.summaries().expect("summaries");
        let errors: Vec<String> = listing
            .plans
            .iter()
            .filter_map(|e| e.summary.as_ref().err().map(|e| e.to_string()))
            .collect();
        assert_eq!(
            errors,
            [
                "plans/2025/moved.toml:2:1: year = 2023 but the file is in the folder for 2025; fix the year or move the file to plans/2023/",
                "plans/2023/broken.toml:4:9: task 1 「x」 has month 13; a month is 1 to 12",
            ],
            "round {round}"
        );
    }
}

#[test]
fn the_list_command_stays_right_through_plain_git_and_a_deleted_cache() {
    let sb = Sandbox::new();
    let dir = sb.examples();
    let list = |sb: &Sandbox| {
        let r = sb.run(&["--repo", dir.to_str().expect("utf-8"), "list", "--json"]);
        assert!(r.ok, "{}", r.stderr);
        r.stdout
    };
    let first = list(&sb);
    assert_eq!(list(&sb), first, "from the cache");
    let path = dir.join("plans/2022/wangchang-cppcc-plan.toml");
    let text = std::fs::read_to_string(&path).expect("read");
    let edited = text.replacen("title = \"", "title = \"改：", 1);
    std::fs::write(&path, edited).expect("write");
    sb.git(&dir, &["commit", "-qam", "retitled with plain git"]);
    let after = list(&sb);
    assert!(
        after.contains("\"title\": \"改：乡镇政协工作总结及计划篇三\""),
        "{after}"
    );
    std::fs::remove_dir_all(dir.join(".git/plandesk")).expect("delete the cache");
    assert_eq!(list(&sb), after);
}

#[test]
fn two_processes_filling_the_cache_at_once_never_corrupt_it() {
    let sb = Sandbox::new();
    let dir = sb.examples();
    let repo = dir.to_str().expect("utf-8").to_string();
    let want = sb.run(&["--repo", &repo, "list", "--json"]).stdout;
    for round in 0..15 {
        // Each round starts cold, so both processes parse and write.
        let _ = std::fs::remove_dir_all(dir.join(".git/plandesk"));
        let spawn = || {
            sb.plandesk()
                .args(["--repo", &repo, "list", "--json"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let out = child.wait_with_output().expect("wait");
            assert!(out.status.success(), "round {round}");
            assert_eq!(String::from_utf8_lossy(&out.stdout), want, "round {round}");
        }
        common::sandbox_libgit2();
        let ws = Workspace::open(&dir).expect("open");
        let listing = ws.summaries().expect("summaries");
        assert!(!listing.stats.discarded, "round {round}: a damaged cache");
        assert_eq!(
            listing.stats.misses, 0,
            "round {round}: the cache is complete"
        );
    }
}

#[test]
fn naming_a_plan_by_slug_never_parses_the_other_plans() {
    let sb = Sandbox::new();
    let dir = sb.examples();
    let repo = dir.to_str().expect("utf-8");
    std::fs::write(dir.join("plans/2022/broken.toml"), "title = \"坏\nyear = ").expect("write");
    let r = sb.run(&[
        "--repo",
        repo,
        "show",
        "wangchang-cppcc-plan",
        "--format",
        "toml",
    ]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout.contains("title = \"乡镇政协工作总结及计划篇三\""),
        "{}",
        r.stdout
    );
    // A typo is still answered with the closest ids, the broken file among the names.
    let r = sb.run(&["--repo", repo, "show", "wangchang-cpcc-plan"]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("2022/wangchang-cppcc-plan"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_tick_and_its_undo_leave_the_listing_right() {
    let sb = Sandbox::new();
    let dir = sb.examples();
    let repo = dir.to_str().expect("utf-8");
    let tasks_done = |sb: &Sandbox| {
        let r = sb.run(&["--repo", repo, "list", "--json"]);
        let rows: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        rows.as_array()
            .expect("rows")
            .iter()
            .find(|r| r["id"] == "2022/wangchang-cppcc-plan")
            .map(|r| r["tasks_done"].as_u64().expect("count"))
            .expect("listed")
    };
    let before = tasks_done(&sb);
    let r = sb.run(&["--repo", repo, "tick", "wangchang-cppcc-plan", "集中学习"]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(tasks_done(&sb), before + 1);
    let r = sb.run(&[
        "--repo",
        repo,
        "tick",
        "wangchang-cppcc-plan",
        "集中学习",
        "--undo",
    ]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(tasks_done(&sb), before);
    assert_eq!(sb.git(&dir, &["status", "--porcelain"]), "");
}

/// The state of `id` in the listing.
fn state_of(ws: &Workspace, id: &str) -> Option<FileState> {
    ws.plan_files()
        .expect("plan files")
        .files
        .into_iter()
        .find(|f| f.id.to_string() == id)
        .map(|f| f.state)
}

#[test]
fn the_kept_index_and_head_snapshot_follows_git_add_restore_and_commit_and_is_rebuilt_when_damaged()
{
    let (dir, ws) = workspace(2);
    let id = "2023/plan-0";
    let status = dir.path().join(".git/plandesk/status");
    assert_eq!(state_of(&ws, id), Some(FileState::Clean));
    assert!(
        status.exists(),
        "the listing kept what the index and HEAD say"
    );

    // A hand edit, staged with git: still differs from HEAD.
    rewrite(dir.path(), id, "手改的标题");
    git(dir.path(), &["add", "plans/2023/plan-0.toml"]);
    assert_eq!(state_of(&ws, id), Some(FileState::Modified));
    // Unstaged again, then committed with plain git: clean once HEAD has it.
    git(
        dir.path(),
        &["restore", "--staged", "plans/2023/plan-0.toml"],
    );
    assert_eq!(state_of(&ws, id), Some(FileState::Modified));
    git(dir.path(), &["commit", "-qam", "hand edit"]);
    assert_eq!(state_of(&ws, id), Some(FileState::Clean));
    assert_eq!(title_of(&ws, id).as_deref(), Some("手改的标题"));

    // Removed from the index and the tree by git: listed as deleted.
    git(dir.path(), &["rm", "-q", "plans/2023/plan-0.toml"]);
    let files = ws.plan_files().expect("plan files");
    assert!(files.deleted.iter().any(|d| d.to_string() == id));
    git(dir.path(), &["reset", "-q", "--hard"]);
    assert_eq!(state_of(&ws, id), Some(FileState::Clean));

    // A snapshot that claims a plan is clean when it is not is never read:
    // damage it (its checksum no longer matches) and edit the plan by hand.
    let mut bytes = std::fs::read(&status).expect("snapshot");
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&status, &bytes).expect("damage");
    rewrite(dir.path(), id, "又改了");
    assert_eq!(state_of(&ws, id), Some(FileState::Modified));
    assert_eq!(title_of(&ws, id).as_deref(), Some("又改了"));
    std::fs::write(&status, b"PLDSTATS garbage").expect("garbage");
    assert_eq!(state_of(&ws, "2024/plan-1"), Some(FileState::Clean));
}

#[test]
fn the_tasks_are_kept_apart_and_a_lost_or_damaged_tasks_file_is_rebuilt_by_the_agenda() {
    let (dir, ws) = workspace(4);
    ws.summaries_with_tasks(None).expect("warm, with tasks");
    let tasks = dir.path().join(".git/plandesk/tasks");
    let summaries = cache_file(dir.path());
    assert!(tasks.exists() && summaries.exists());

    // A plain listing needs no tasks: with the tasks file gone, it still
    // reads every plan from the cache.
    std::fs::remove_file(&tasks).expect("remove");
    let listing = ws.summaries().expect("summaries");
    assert_eq!((listing.stats.hits, listing.stats.misses), (4, 0));
    assert!(
        !tasks.exists(),
        "a listing without tasks does not write them"
    );

    // The agenda parses what the tasks file lacks and keeps it again.
    let with = ws.summaries_with_tasks(Some(2023)).expect("with tasks");
    assert_eq!((with.stats.hits, with.stats.misses), (2, 2));
    let texts = |l: &plandesk::store::Summaries| -> Vec<usize> {
        l.plans
            .iter()
            .map(|e| e.summary.as_ref().map_or(0, |s| s.tasks.len()))
            .collect()
    };
    assert_eq!(
        texts(&with),
        [0, 0, 2, 2],
        "2023's plans with their two tasks"
    );
    assert!(tasks.exists());
    let again = ws.summaries_with_tasks(Some(2023)).expect("again");
    assert_eq!(again.stats.misses, 0);

    // A damaged tasks file is never trusted: its plans are parsed again.
    let mut bytes = std::fs::read(&tasks).expect("tasks");
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    std::fs::write(&tasks, &bytes).expect("damage");
    let after = ws.summaries_with_tasks(Some(2023)).expect("after damage");
    assert_eq!(after.stats.misses, 2);
    assert_eq!(texts(&after), [0, 0, 2, 2]);
}

#[test]
fn the_first_screen_reads_one_years_plans_and_leaves_the_caches_to_the_full_list() {
    let (dir, ws) = workspace(6);
    // A third year, and a hand edit and a deletion in the year asked for.
    let mut old = plan("二〇二二年的计划", 2022, &[("开展调研", 2, Status::Todo)]);
    ws.save(
        &PlanId::new(2022, "old-plan").expect("id"),
        &mut old,
        &Change::new(Action::New, ""),
    )
    .expect("save");
    rewrite(dir.path(), "2023/plan-0", "手改的标题");
    std::fs::remove_file(dir.path().join("plans/2023/plan-2.toml")).expect("rm");
    std::fs::remove_dir_all(dir.path().join(".git/plandesk")).expect("no caches");

    let first = ws.first_summaries(2023).expect("first year");
    assert_eq!(first.years, vec![2024, 2023, 2022]);
    let full = ws.summaries().expect("summaries");
    let of_2023: Vec<_> = full.plans.iter().filter(|e| e.id.year() == 2023).collect();
    // The same entries, states and titles as the full list has for 2023.
    let seen = |entries: &[&plandesk::store::SummaryEntry]| -> Vec<(String, FileState, String)> {
        entries
            .iter()
            .map(|e| {
                let title = e
                    .summary
                    .as_ref()
                    .map_or_else(|e| e.to_string(), |s| s.title.clone());
                (e.id.to_string(), e.state, title)
            })
            .collect()
    };
    let first_entries: Vec<_> = first.summaries.plans.iter().collect();
    assert_eq!(seen(&first_entries), seen(&of_2023));
    assert!(
        first_entries.iter().any(|e| e.state == FileState::Modified),
        "the hand edit is there: {:?}",
        seen(&first_entries)
    );
    assert!(
        !first_entries
            .iter()
            .any(|e| e.id.to_string() == "2023/plan-2")
    );

    // Read before the full list, it wrote no cache: one year's records
    // would have dropped the others'.
    std::fs::remove_dir_all(dir.path().join(".git/plandesk")).expect("no caches");
    ws.first_summaries(2023).expect("first year");
    assert!(!cache_file(dir.path()).exists());
    // With the caches full, it reads them and parses nothing.
    ws.summaries().expect("summaries");
    let again = ws.first_summaries(2023).expect("first year");
    assert_eq!(
        (again.summaries.stats.hits, again.summaries.stats.misses),
        (2, 0)
    );
    // A year without plans opens on the newest.
    let none = ws.first_summaries(1999).expect("first year");
    assert!(none.summaries.plans.iter().all(|e| e.id.year() == 2024));
    assert_eq!(none.summaries.plans.len(), 3);
    // And a full list after it has every plan again.
    assert_eq!(titles(&ws).len(), 6);
}
