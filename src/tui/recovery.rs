//! Unsaved edits, autosaved every few seconds to a file inside `.git/` (one
//! per plan), offered back at the next start after a crash, and removed once
//! the plan is saved or its changes are discarded.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::model::{Plan, PlanId, parse_plan, write_plan};

/// Seconds between autosaves.
pub const AUTOSAVE_SECONDS: u64 = 3;

const HEADER: &str = "# plandesk recovery of ";
/// The second line: the commit the unsaved edits were made on.
const BASED_ON: &str = "# based on ";

#[derive(Debug, Clone)]
pub struct Recovery {
    dir: PathBuf,
}

/// A plan's unsaved state, found in its recovery file.
#[derive(Debug, Clone)]
pub struct Recovered {
    pub id: PlanId,
    pub plan: Plan,
    /// When it was written, as the file says ("2024-03-25 14:02").
    pub written: String,
    /// The commit the edits were made on, when there was one.
    pub base: Option<String>,
}

impl Recovery {
    pub fn new(git_dir: &Path) -> Recovery {
        Recovery {
            dir: git_dir.join("plandesk-recovery"),
        }
    }

    pub fn path(&self, id: &PlanId) -> PathBuf {
        self.dir.join(format!("{}-{}.toml", id.year(), id.slug()))
    }

    /// Keep `plan` as the unsaved state of `id`, edited on commit `base`.
    /// Written to a temporary file and renamed, so a crash while writing
    /// leaves the previous one.
    pub fn write(&self, id: &PlanId, plan: &Plan, base: Option<&str>) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let written = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
        let based = base.map_or_else(String::new, |b| format!("{BASED_ON}{b}\n"));
        let text = format!("{HEADER}{id} at {written}\n{based}{}", write_plan(plan));
        let mut tmp = tempfile::NamedTempFile::new_in(&self.dir)?;
        tmp.write_all(text.as_bytes())?;
        tmp.as_file().sync_all()?;
        tmp.persist(self.path(id)).map_err(|e| e.error)?;
        Ok(())
    }

    pub fn remove(&self, id: &PlanId) -> std::io::Result<()> {
        match std::fs::remove_file(self.path(id)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    pub fn exists(&self, id: &PlanId) -> bool {
        self.path(id).is_file()
    }

    /// The recovery file of `id`, if there is one.
    pub fn read(&self, id: &PlanId) -> Option<Result<Recovered, String>> {
        let path = self.path(id);
        path.is_file().then(|| read_file(&path))
    }

    /// Every recovery file, oldest name first; unreadable ones with why.
    pub fn all(&self) -> Vec<Result<Recovered, String>> {
        let Ok(rd) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut paths: Vec<PathBuf> = rd
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        paths.iter().map(|p| read_file(p)).collect()
    }
}

fn read_file(path: &Path) -> Result<Recovered, String> {
    let why = |e: String| format!("{}: {e}", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| why(e.to_string()))?;
    let first = text.lines().next().unwrap_or_default();
    let rest = first
        .strip_prefix(HEADER)
        .ok_or_else(|| why("not a plandesk recovery file".into()))?;
    let (id, written) = rest.split_once(" at ").unwrap_or((rest, ""));
    let id = PlanId::parse(id.trim()).map_err(|e| why(e.to_string()))?;
    let plan = parse_plan(&text).map_err(|e| why(e.to_string()))?;
    let base = text
        .lines()
        .nth(1)
        .and_then(|l| l.strip_prefix(BASED_ON))
        .map(|b| b.trim().to_string())
        .filter(|b| b.len() == 40 && b.bytes().all(|c| c.is_ascii_hexdigit()));
    Ok(Recovered {
        id,
        plan,
        written: written.trim().to_string(),
        base,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Section};

    #[test]
    fn written_recovery_reads_back_and_goes_away() {
        let dir = tempfile::TempDir::new().expect("temp");
        let r = Recovery::new(dir.path());
        let id = PlanId::parse("2024/work-plan").expect("id");
        let mut plan = Plan::new("计划", 2024, Kind::Plan);
        plan.sections.push(Section {
            id: "abc".into(),
            depth: 1,
            heading: "你好🦀".into(),
            body: "加强学习".into(),
        });
        assert!(r.read(&id).is_none());
        let base = "0123456789abcdef0123456789abcdef01234567";
        r.write(&id, &plan, Some(base)).expect("write");
        let back = r.read(&id).expect("there").expect("readable");
        assert_eq!(back.id, id);
        assert_eq!(back.base.as_deref(), Some(base));
        assert_eq!(back.plan, plan);
        assert!(!back.written.is_empty());
        assert_eq!(r.all().len(), 1);
        r.remove(&id).expect("remove");
        assert!(!r.exists(&id));
        r.remove(&id).expect("removing twice is fine");
    }
}
