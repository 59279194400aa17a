//! Two colleagues' clones of one bare remote, driven by the real binary and
//! plain git, and a collision between them that a sync keeps as conflicts.

use std::path::{Path, PathBuf};

use super::Sandbox;

pub const PLAN: &str = "2022/wangchang-cppcc-plan";
pub const BODY_BASE: &str = "集中组织1次专题调研活动";
pub const BODY_A: &str = "集中组织2次专题调研活动";
pub const BODY_B: &str = "集中组织3次专题调研活动";
pub const TASK_BASE: &str = "组织市政协委员集中学习一次";
pub const TASK_A: &str = "组织市政协委员集中学习两次";
pub const TASK_B: &str = "组织市政协委员集中学习三次";

/// A bare remote and two clones with the example plans: `a` made the
/// workspace, `b` cloned it.
pub struct Office {
    pub sb: Sandbox,
    pub remote: PathBuf,
    pub a: PathBuf,
    pub b: PathBuf,
}

impl Office {
    pub fn new() -> Office {
        let sb = Sandbox::new();
        let a = sb.examples();
        let remote = sb.path("remote.git");
        sb.git(
            sb.home.path(),
            &["init", "-q", "--bare", "-b", "main", "remote.git"],
        );
        let office = Office {
            remote: remote.clone(),
            b: sb.path("b"),
            a,
            sb,
        };
        office.ok(
            &office.a,
            &["remote", "add", "origin", remote.to_str().expect("utf-8")],
        );
        office.ok(&office.a, &["sync"]);
        office
            .sb
            .git(office.sb.home.path(), &["clone", "-q", "remote.git", "b"]);
        office
    }

    /// plandesk in `dir`, which must succeed; its stdout.
    pub fn ok(&self, dir: &Path, args: &[&str]) -> String {
        let mut all = vec!["--repo", dir.to_str().expect("utf-8")];
        all.extend_from_slice(args);
        let r = self.sb.run(&all);
        assert!(r.ok, "plandesk {args:?}: {}{}", r.stdout, r.stderr);
        r.stdout
    }

    /// Replace `from` by `to` in the plan file and commit it with plain git.
    pub fn edit(&self, dir: &Path, from: &str, to: &str) {
        let path = dir.join("plans").join(format!("{PLAN}.toml"));
        let text = std::fs::read_to_string(&path).expect("plan file");
        assert!(text.contains(from), "{from} not in the plan");
        std::fs::write(&path, text.replace(from, to)).expect("write plan");
        self.sb
            .git(dir, &["commit", "-qam", &format!("{from} → {to}")]);
    }

    /// Both edit the same sentence of a body and the same task text; `a`
    /// syncs first, then `b` merges (two conflicts, `b`'s text kept as ours)
    /// and pushes; `a` syncs again and holds the same merge.
    pub fn collide(&self) {
        self.edit(&self.a, BODY_BASE, BODY_A);
        self.edit(&self.a, TASK_BASE, TASK_A);
        self.edit(&self.b, BODY_BASE, BODY_B);
        self.edit(&self.b, TASK_BASE, TASK_B);
        self.ok(&self.a, &["sync"]);
        let said = self.ok(&self.b, &["sync"]);
        assert!(said.contains("2 conflicts"), "{said}");
        self.ok(&self.a, &["sync"]);
    }

    /// The plan file's text in `dir` as committed at HEAD, read with git.
    pub fn committed(&self, dir: &Path) -> String {
        self.sb
            .git(dir, &["show", &format!("HEAD:plans/{PLAN}.toml")])
    }
}
