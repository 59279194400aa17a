//! The history index against real repositories: one plan's history from the
//! index is the same as from a tree-diff walk of every commit and as
//! `git log -- <file>`, whatever plain git does to the branch meanwhile; a
//! damaged or outdated index is rebuilt; processes updating it at once
//! leave it whole.

mod common;

use std::path::{Path, PathBuf};

use common::{Sandbox, workspace};
use plandesk::model::{Kind, Plan, PlanId, Section};
use plandesk::store::{Action, Change, HistoryWalker, RevisionId, Workspace};

const PLANS: usize = 4;

fn plan_id(i: usize) -> PlanId {
    PlanId::new(2024, &format!("plan-{i}")).expect("id")
}

fn plan(i: usize) -> Plan {
    let mut p = Plan::new(format!("第{i}号工作计划"), 2024, Kind::Plan);
    p.sections.push(Section {
        id: String::new(),
        depth: 1,
        heading: "强化学习".into(),
        body: "全年学习四次。".into(),
    });
    p
}

fn hex(ids: &[RevisionId]) -> Vec<String> {
    ids.iter().map(ToString::to_string).collect()
}

fn all(walker: plandesk::store::Result<HistoryWalker>) -> Vec<String> {
    hex(&walker.expect("walker").take(usize::MAX).expect("ids"))
}

fn index_file(dir: &Path) -> PathBuf {
    dir.join(".git/plandesk/history/index")
}

/// Edit plan `i` through plandesk: one commit.
fn edit(ws: &Workspace, i: usize, body: &str) {
    let mut p = ws.load(&plan_id(i)).expect("load");
    p.sections[0].body = body.into();
    ws.save(&plan_id(i), &mut p, &Change::new(Action::Edit, body))
        .expect("save");
}

/// Edit plan `i`'s file by hand, for plain git to commit.
fn hand_edit(dir: &Path, i: usize, body: &str) {
    let path = dir.join(plan_id(i).rel_path());
    let text = std::fs::read_to_string(&path).expect("read");
    let start = text.find("body = ").expect("a body");
    let end = start + text[start..].find('\n').expect("end of line");
    let new = format!("{}body = \"{body}\"{}", &text[..start], &text[end..]);
    std::fs::write(&path, new).expect("write");
}

/// For every plan: the index, the tree-diff walk and git agree. `ordered`:
/// in the same order too (linear history; across a merge git orders
/// commits of the same second its own way, so there only the sets agree).
fn agree(sb: &Sandbox, ws: &Workspace, dir: &Path, ordered: bool, step: &str) {
    for i in 0..PLANS {
        let id = plan_id(i);
        let mut indexed = all(ws.history(Some(&id)));
        let mut walked = all(ws.history_by_tree_diff(Some(&id)));
        let mut git: Vec<String> = sb
            .git(dir, &["log", "--format=%H", "--", &id.rel_path()])
            .lines()
            .map(str::to_string)
            .collect();
        if !ordered {
            indexed.sort();
            walked.sort();
            git.sort();
        }
        assert_eq!(indexed, walked, "{step}: plan {i}, index vs tree diff");
        assert_eq!(indexed, git, "{step}: plan {i}, index vs git log");
    }
    assert!(index_file(dir).is_file(), "{step}: the index is kept");
}

fn busy(sb: &Sandbox) -> (tempfile::TempDir, Workspace) {
    let (dir, ws) = workspace();
    for i in 0..PLANS {
        ws.create(&plan_id(i), &mut plan(i), Action::New, None)
            .expect("create");
    }
    for round in 0..5 {
        for i in 0..PLANS {
            if (round + i) % 3 != 0 {
                edit(&ws, i, &format!("第{round}轮修改。"));
            }
        }
    }
    agree(sb, &ws, dir.path(), true, "plandesk commits");
    (dir, ws)
}

#[test]
fn the_index_follows_plain_git_resets_amends_rebases_branches_and_merges() {
    let sb = Sandbox::new();
    let (dir, ws) = busy(&sb);
    let d = dir.path();

    // Commits made with plain git: one changes plan 1, one changes no plan.
    hand_edit(d, 1, "手工修改");
    sb.git(d, &["commit", "-qam", "hand edit"]);
    std::fs::write(d.join("notes.txt"), "笔记").expect("write");
    sb.git(d, &["add", "notes.txt"]);
    sb.git(d, &["commit", "-qm", "notes"]);
    agree(&sb, &ws, d, true, "plain git commits");

    // Back to an older commit: the commits after it leave every history.
    let dropped = sb.git(d, &["rev-parse", "HEAD~1"]);
    sb.git(d, &["reset", "-q", "--hard", "HEAD~4"]);
    agree(&sb, &ws, d, true, "reset --hard");
    for i in 0..PLANS {
        assert!(
            !all(ws.history(Some(&plan_id(i)))).contains(&dropped.trim().to_string()),
            "the reset commit is gone from plan {i}"
        );
    }
    edit(&ws, 2, "重置之后");
    agree(&sb, &ws, d, true, "a plandesk commit after the reset");

    // Amend the newest commit: the replaced one goes, the amended one comes.
    hand_edit(d, 0, "改正");
    sb.git(d, &["commit", "-qa", "--amend", "--no-edit"]);
    agree(&sb, &ws, d, true, "amend");
    let amended = sb.git(d, &["rev-parse", "HEAD"]);
    let of_0 = all(ws.history(Some(&plan_id(0))));
    assert_eq!(of_0.first().map(String::as_str), Some(amended.trim()));

    // Another branch, from further back, with its own changes.
    let trunk = sb.git(d, &["rev-parse", "--abbrev-ref", "HEAD"]);
    let trunk = trunk.trim();
    sb.git(d, &["checkout", "-qb", "topic", "HEAD~3"]);
    agree(&sb, &ws, d, true, "checkout of an older branch point");
    hand_edit(d, 3, "分支修改");
    sb.git(d, &["commit", "-qam", "topic: plan 3"]);
    edit(&ws, 1, "分支上的 plandesk 修改");
    agree(&sb, &ws, d, true, "commits on the branch");

    // Rebased onto the trunk: new commits replace the branch's.
    sb.git(d, &["rebase", "-q", trunk]);
    agree(&sb, &ws, d, true, "rebase");

    // Back on the trunk, which moves on; then the branch merged in.
    sb.git(d, &["checkout", "-q", trunk]);
    agree(&sb, &ws, d, true, "checkout of the trunk");
    edit(&ws, 2, "主干修改");
    sb.git(d, &["merge", "-q", "--no-ff", "topic", "-m", "merge topic"]);
    agree(&sb, &ws, d, false, "merge");
    edit(&ws, 3, "合并之后");
    agree(&sb, &ws, d, false, "a plandesk commit after the merge");
}

#[test]
fn a_damaged_or_deleted_index_is_rebuilt_never_trusted() {
    let sb = Sandbox::new();
    let (dir, ws) = busy(&sb);
    let d = dir.path();
    let file = index_file(d);
    let good = std::fs::read(&file).expect("index");

    std::fs::write(&file, &good[..good.len() / 2]).expect("truncate");
    agree(&sb, &ws, d, true, "truncated");
    assert!(std::fs::read(&file).expect("index").len() >= good.len());

    std::fs::write(&file, "这不是索引".repeat(100)).expect("garbage");
    agree(&sb, &ws, d, true, "garbage");

    let mut flipped = std::fs::read(&file).expect("index");
    let last = flipped.len() - 10;
    flipped[last] ^= 1;
    std::fs::write(&file, &flipped).expect("flip");
    agree(&sb, &ws, d, true, "one byte changed");

    std::fs::remove_dir_all(d.join(".git/plandesk/history")).expect("delete");
    agree(&sb, &ws, d, true, "deleted");

    // An index of an older format claiming to stand at HEAD, with a sound
    // checksum: its entries miss the newest commits, so trusting it would
    // show a shorter history. Layout: version at 8, tip at 12..32, CRC-32 last.
    let stale = std::fs::read(&file).expect("index");
    for round in 0..3 {
        edit(&ws, 0, &format!("格式变了{round}"));
    }
    let head = sb.git(d, &["rev-parse", "HEAD"]);
    let head = git2::Oid::from_str(head.trim()).expect("oid");
    let forge = |version: u32| {
        let mut bytes = stale.clone();
        bytes[8..12].copy_from_slice(&version.to_le_bytes());
        bytes[12..32].copy_from_slice(head.as_bytes());
        let body = bytes.len() - 4;
        let crc = crc32fast::hash(&bytes[..body]);
        bytes[body..].copy_from_slice(&crc.to_le_bytes());
        bytes
    };
    std::fs::write(&file, forge(0)).expect("older format");
    agree(&sb, &ws, d, true, "older format");
    // The same forgery in the current format is trusted (the checks above
    // are what stops it), which is why a format change bumps the version.
    std::fs::write(&file, forge(plandesk::store::history::INDEX_VERSION)).expect("forged");
    let of_0 = all(ws.history(Some(&plan_id(0))));
    assert_eq!(
        of_0.len() + 3,
        all(ws.history_by_tree_diff(Some(&plan_id(0)))).len()
    );
}

#[test]
fn processes_updating_the_index_at_once_leave_it_whole() {
    let sb = Sandbox::new();
    let (dir, ws) = busy(&sb);
    let d = dir.path();
    let repo = d.to_str().expect("utf-8");
    for round in 0..4 {
        // Every reader finds the index behind HEAD (or gone) and rewrites it,
        // while a writer commits a new plan.
        hand_edit(d, round % PLANS, &format!("第{round}次手改"));
        sb.git(d, &["commit", "-qam", &format!("hand {round}")]);
        if round % 2 == 0 {
            let _ = std::fs::remove_file(index_file(d));
        }
        let expected: Vec<Vec<String>> = (0..PLANS)
            .map(|i| {
                sb.git(d, &["log", "--format=%H", "--", &plan_id(i).rel_path()])
                    .lines()
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        let title = format!("第{round}个新计划");
        let mut writer = sb.plandesk();
        writer.args([
            "--repo",
            repo,
            "new",
            &format!("2024/extra-{round}"),
            "--title",
            &title,
        ]);
        let writer = writer.spawn().expect("spawn writer");
        let readers: Vec<(usize, std::process::Child)> = (0..PLANS * 2)
            .map(|k| {
                let i = k % PLANS;
                let child = sb
                    .plandesk()
                    .args(["--repo", repo, "log", &plan_id(i).to_string(), "--json"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn reader");
                (i, child)
            })
            .collect();
        for (i, child) in readers {
            let out = child.wait_with_output().expect("reader");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
            let ids: Vec<String> = rows
                .as_array()
                .expect("rows")
                .iter()
                .map(|r| r["id"].as_str().expect("id").to_string())
                .collect();
            assert_eq!(ids, expected[i], "round {round}, plan {i}");
        }
        let mut writer = writer;
        assert!(writer.wait().expect("writer").success());
    }
    agree(&sb, &ws, d, true, "after the crowd");
    let leftovers: Vec<_> = std::fs::read_dir(d.join(".git/plandesk/history"))
        .expect("folder")
        .flatten()
        .map(|e| e.file_name())
        // The index, and the records of commits made since it was written.
        .filter(|n| n != "index" && n != "recent")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let extra = PlanId::parse("2024/extra-3").expect("id");
    assert_eq!(all(ws.history(Some(&extra))).len(), 1);
}

#[test]
fn plandesk_commits_are_recorded_beside_the_index_and_stale_or_damaged_records_are_never_used() {
    let sb = Sandbox::new();
    let (dir, ws) = busy(&sb);
    let d = dir.path();
    let recent = d.join(".git/plandesk/history/recent");
    let indexed = std::fs::read(index_file(d)).expect("index");

    // plandesk's own commits are recorded beside the index, which a commit
    // no longer rewrites whole; the next reader folds them in.
    for n in 0..3 {
        edit(&ws, n % PLANS, &format!("记录{n}"));
    }
    assert_eq!(
        std::fs::read(index_file(d)).expect("index"),
        indexed,
        "the index is left as it was"
    );
    assert!(recent.is_file(), "the commits are recorded");
    agree(&sb, &ws, d, true, "recorded commits");
    assert!(!recent.exists(), "folded into the index by the reader");

    // Plain git takes history back from under records: they are stale, and
    // the plandesk commit made on the older commit is not chained to them.
    edit(&ws, 0, "将被丢弃");
    edit(&ws, 1, "也将被丢弃");
    sb.git(d, &["reset", "-q", "--hard", "HEAD~2"]);
    edit(&ws, 2, "重置之后");
    agree(&sb, &ws, d, true, "records made stale by a reset");

    // A record cut short or damaged (a writer killed mid-append, a bad
    // disk): it and what follows are ignored, and git says the rest.
    edit(&ws, 3 % PLANS, "一条记录");
    let mut bytes = std::fs::read(&recent).expect("recent");
    bytes.extend_from_slice(&[7, 0, 0, 0, 1, 2]);
    std::fs::write(&recent, &bytes).expect("damage");
    edit(&ws, 4 % PLANS, "损坏之后");
    agree(&sb, &ws, d, true, "a damaged record");

    // A writer with many records folds them into the index itself.
    let before = std::fs::read(index_file(d)).expect("index");
    for n in 0..260 {
        edit(&ws, n % PLANS, &format!("第{n}次"));
    }
    assert_ne!(
        std::fs::read(index_file(d)).expect("index"),
        before,
        "folded by the writer"
    );
    agree(&sb, &ws, d, true, "many recorded commits");
}
