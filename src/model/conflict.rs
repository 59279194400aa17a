//! What a three-way merge could not decide: both sides and the base of one
//! field (or of a whole item, deleted on one side and edited on the other),
//! kept in the plan as `[[conflicts]]` until a person resolves it.

use serde::{Deserialize, Serialize};

/// One undecided field or item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// Unique within the plan's conflicts, short and random like item ids.
    pub id: String,
    /// The section, target or task it is about; empty: the plan itself.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub item: String,
    /// The field both sides changed ([`Field`]).
    pub field: Field,
    /// The field in the common ancestor; `None` when the item was new on both sides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Our side (the local branch); `None` when our side deleted the item or plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ours: Option<String>,
    /// Their side (the remote); `None` when their side deleted the item or plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theirs: Option<String>,
}

/// What a conflict is about. The plan keeps our side's value (or the item
/// one side deleted) until the conflict is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The whole item (or plan): deleted on one side, edited on the other.
    /// `ours`/`theirs` hold its main text, `None` on the side that deleted it.
    Deleted,
    Title,
    Org,
    Date,
    Numbering,
    Intro,
    Schedule,
    Approval,
    Heading,
    Body,
    Depth,
    Name,
    Target,
    Actual,
    Month,
    Period,
    Text,
    Status,
    Owner,
}

impl Field {
    pub const ALL: [Field; 19] = [
        Field::Deleted,
        Field::Title,
        Field::Org,
        Field::Date,
        Field::Numbering,
        Field::Intro,
        Field::Schedule,
        Field::Approval,
        Field::Heading,
        Field::Body,
        Field::Depth,
        Field::Name,
        Field::Target,
        Field::Actual,
        Field::Month,
        Field::Period,
        Field::Text,
        Field::Status,
        Field::Owner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Deleted => "deleted",
            Field::Title => "title",
            Field::Org => "org",
            Field::Date => "date",
            Field::Numbering => "numbering",
            Field::Intro => "intro",
            Field::Schedule => "schedule",
            Field::Approval => "approval",
            Field::Heading => "heading",
            Field::Body => "body",
            Field::Depth => "depth",
            Field::Name => "name",
            Field::Target => "target",
            Field::Actual => "actual",
            Field::Month => "month",
            Field::Period => "period",
            Field::Text => "text",
            Field::Status => "status",
            Field::Owner => "owner",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
