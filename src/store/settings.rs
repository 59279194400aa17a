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
    /// The remote `plandesk sync` uses when none is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<String>,
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
            remote: Some("origin".into()),
        };
        assert_eq!(Settings::parse(&s.to_toml()).expect("parses"), s);
    }
}
