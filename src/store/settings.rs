//! `plandesk.toml`: the workspace's settings.

use serde::{Deserialize, Serialize};

use super::error::{LoadError, Located};

pub const SETTINGS_FILE: &str = "plandesk.toml";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The office or team the workspace belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// git `user.email` of those who may approve; empty: anyone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvers: Vec<String>,
    /// The remote `plandesk sync` uses when none is named (the older
    /// spelling of `[sync] remote`, still read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<String>,
    #[serde(default, skip_serializing_if = "SyncSettings::is_default")]
    pub sync: SyncSettings,
}

/// `[sync]`: how `plandesk sync` and the UI's sync key behave.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncSettings {
    /// The remote to sync with when none is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<String>,
    /// Sync once when the terminal UI starts.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub on_start: bool,
}

impl SyncSettings {
    fn is_default(&self) -> bool {
        *self == SyncSettings::default()
    }
}

impl Settings {
    pub fn parse(src: &str) -> Result<Settings, LoadError> {
        toml::from_str(src).map_err(|e| {
            let (line, column) = crate::model::file::line_col(src, e.span().map_or(0, |s| s.start));
            LoadError {
                path: SETTINGS_FILE.to_string(),
                problems: vec![Located {
                    line,
                    column,
                    message: e.message().trim().to_string(),
                }],
            }
        })
    }

    /// Whether `email` may approve plans.
    pub fn may_approve(&self, email: &str) -> bool {
        self.approvers.is_empty()
            || self
                .approvers
                .iter()
                .any(|a| a.trim().eq_ignore_ascii_case(email.trim()))
    }

    /// The remote to sync with when none is named.
    pub fn default_remote(&self) -> Option<&str> {
        self.sync.remote.as_deref().or(self.remote.as_deref())
    }

    /// Three-way merge of the settings: each side's change taken; approvers
    /// added or removed on either side are added or removed; a value both
    /// sides changed differently keeps ours, and is named in the notes.
    pub fn merge(base: &Settings, ours: &Settings, theirs: &Settings) -> (Settings, Vec<String>) {
        let mut notes = Vec::new();
        fn pick<V: PartialEq + Clone + std::fmt::Debug>(
            key: &str,
            b: &V,
            o: &V,
            t: &V,
            notes: &mut Vec<String>,
        ) -> V {
            if o == t || b == t {
                o.clone()
            } else if b == o {
                t.clone()
            } else {
                notes.push(format!(
                    "{SETTINGS_FILE}: `{key}` was changed on both sides ({o:?} here, {t:?} there); kept {o:?}"
                ));
                o.clone()
            }
        }
        let mut approvers: Vec<String> = ours
            .approvers
            .iter()
            .filter(|a| !base.approvers.contains(a) || theirs.approvers.contains(a))
            .cloned()
            .collect();
        for a in &theirs.approvers {
            if !base.approvers.contains(a) && !approvers.contains(a) {
                approvers.push(a.clone());
            }
        }
        let merged = Settings {
            name: pick("name", &base.name, &ours.name, &theirs.name, &mut notes),
            approvers,
            remote: pick(
                "remote",
                &base.remote,
                &ours.remote,
                &theirs.remote,
                &mut notes,
            ),
            sync: SyncSettings {
                remote: pick(
                    "sync.remote",
                    &base.sync.remote,
                    &ours.sync.remote,
                    &theirs.sync.remote,
                    &mut notes,
                ),
                on_start: pick(
                    "sync.on_start",
                    &base.sync.on_start,
                    &ours.sync.on_start,
                    &theirs.sync.on_start,
                    &mut notes,
                ),
            },
        };
        (merged, notes)
    }

    pub fn to_toml(&self) -> String {
        let mut out = String::from("# plandesk workspace settings\n");
        out.push_str(&toml::to_string(self).unwrap_or_default());
        if self.approvers.is_empty() {
            out.push_str(
                "# approvers = [\"leader@example.org\"]  # git user.email of those who may approve; absent: anyone\n",
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approvers_are_matched_on_email_ignoring_case() {
        let s =
            Settings::parse("name = \"汪场镇政协联络处\"\napprovers = [\"Wang@Example.org\"]\n")
                .expect("parses");
        assert!(s.may_approve("wang@example.org"));
        assert!(!s.may_approve("li@example.org"));
        assert!(Settings::default().may_approve("anyone@example.org"));
    }

    #[test]
    fn a_typo_is_located() {
        let e = Settings::parse("name = \"x\"\napprover = [\"a@b\"]\n").expect_err("typo");
        assert_eq!(e.problems[0].line, 2);
        assert!(e.to_string().contains("approver"), "{e}");
    }

    #[test]
    fn written_settings_read_back() {
        let s = Settings {
            name: Some("学校办公室".into()),
            approvers: vec!["a@b.org".into()],
            remote: None,
            sync: SyncSettings {
                remote: Some("origin".into()),
                on_start: true,
            },
        };
        let text = s.to_toml();
        assert!(
            text.contains("[sync]\nremote = \"origin\"\non_start = true\n"),
            "{text}"
        );
        assert_eq!(Settings::parse(&text).expect("parses"), s);
        assert_eq!(s.default_remote(), Some("origin"));
        let old = Settings::parse("remote = \"share\"\n").expect("parses");
        assert_eq!(old.default_remote(), Some("share"));
    }

    #[test]
    fn settings_merge_takes_both_sides_approvers_and_keeps_ours_on_a_collision() {
        let base = Settings::parse("name = \"联络处\"\napprovers = [\"a@x.org\", \"b@x.org\"]\n")
            .expect("parses");
        let mut ours = base.clone();
        ours.approvers.push("c@x.org".into());
        ours.name = Some("汪场镇政协联络处".into());
        let mut theirs = base.clone();
        theirs.approvers.retain(|a| a != "a@x.org");
        theirs.sync.on_start = true;
        let (m, notes) = Settings::merge(&base, &ours, &theirs);
        assert_eq!(m.approvers, ["b@x.org", "c@x.org"]);
        assert_eq!(m.name.as_deref(), Some("汪场镇政协联络处"));
        assert!(m.sync.on_start);
        assert!(notes.is_empty());
        theirs.name = Some("政协办".into());
        let (m, notes) = Settings::merge(&base, &ours, &theirs);
        assert_eq!(m.name.as_deref(), Some("汪场镇政协联络处"));
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("`name`"), "{}", notes[0]);
    }
}
