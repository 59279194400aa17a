//! A plan file edited by hand keeps its `#` comments and its Windows line
//! ends through a tick: the commit is a one-line diff, read back with git.

mod common;

use std::path::Path;

use common::Sandbox;

const PLAN: &str = "2022/hand";

const HAND: &str = "# 王主任手写：三月前定稿
schema = 1
title = \"手写计划\" # 标题待定
year = 2022
kind = \"plan\"

# 正文
[[sections]]
id = \"s1\"
depth = 1
heading = \"总体要求\"
body = \"\"\"
第一段
第二段\"\"\"

# 二月的任务
[[tasks]]
id = \"t1\"
month = 2
text = \"开展活动\"
status = \"todo\" # 等经费到位

[[tasks]]
id = \"t2\"
month = 3
text = \"集中学习\"
status = \"todo\"
# 文件末尾的备注
";

fn commit_by_hand(sb: &Sandbox, ws: &Path, text: &str) {
    std::fs::write(ws.join("plans/2022/hand.toml"), text).expect("write");
    sb.git(ws, &["add", "plans/2022/hand.toml"]);
    sb.git(ws, &["commit", "-q", "-m", "hand-written plan"]);
}

fn tick_and_numstat(sb: &Sandbox, ws: &Path, task: &str) -> String {
    let r = sb.run(&[
        "--repo",
        ws.to_str().expect("utf-8"),
        "tick",
        PLAN,
        task,
        "--on",
        "2022-03-05",
    ]);
    assert!(r.ok, "{}", r.stderr);
    sb.git(ws, &["diff", "--numstat", "HEAD~1", "HEAD"])
}

#[test]
fn comments_survive_a_tick_and_the_diff_is_one_line() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    commit_by_hand(&sb, &ws, HAND);
    // The first save writes the canonical form (ids stay, nothing to add):
    // the tick changes the status and adds done_on, and nothing else.
    let numstat = tick_and_numstat(&sb, &ws, "t2");
    assert_eq!(
        numstat,
        "2\t1\tplans/2022/hand.toml\n",
        "{}",
        sb.git(&ws, &["show"])
    );
    let now = sb.git(&ws, &["show", "HEAD:plans/2022/hand.toml"]);
    for comment in [
        "# 王主任手写：三月前定稿\nschema = 1",
        "title = \"手写计划\" # 标题待定",
        "# 正文\n[[sections]]",
        "# 二月的任务\n[[tasks]]\nid = \"t1\"",
        "status = \"todo\" # 等经费到位",
        "# 文件末尾的备注",
    ] {
        assert!(now.contains(comment), "{comment:?} lost:\n{now}");
    }
    assert_eq!(sb.git(&ws, &["status", "--porcelain"]), "");
}

#[test]
fn a_crlf_file_keeps_crlf_and_a_tick_is_a_one_line_change() {
    let sb = Sandbox::new();
    let ws = sb.examples();
    let crlf = HAND.replace('\n', "\r\n");
    commit_by_hand(&sb, &ws, &crlf);
    let numstat = tick_and_numstat(&sb, &ws, "t1");
    assert_eq!(
        numstat,
        "2\t1\tplans/2022/hand.toml\n",
        "{}",
        sb.git(&ws, &["show"])
    );
    let now = std::fs::read_to_string(ws.join("plans/2022/hand.toml")).expect("read");
    assert!(
        !now.replace("\r\n", "").contains('\n'),
        "an LF line end crept in"
    );
    assert!(
        now.contains("status = \"done\" # 等经费到位\r\n"),
        "{now:?}"
    );
    let r = sb.run(&["--repo", ws.to_str().expect("utf-8"), "show", PLAN]);
    assert!(
        r.stdout.contains("    第一段\n    第二段\n"),
        "{}",
        r.stdout
    );
}
