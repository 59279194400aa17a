//! A query as typed: words that filter (a year, a kind, a state) and words
//! to match. Words are split on spaces; every word must match.
//!
//! A bare four-digit number is a year filter (`2022`), and `2019..2022` a range
//! of years; any other number (`10`, `12345`, `2022年`) is text to match.

use crate::model::{ApprovalState, Kind, Status};

use super::record::ItemKind;
use super::symbols::fold;

/// The longest word matched; longer ones are cut here (the matcher keeps one
/// bit per character of a word).
pub const MAX_TERM: usize = 60;

/// The filters of a query; each kind of filter holds the values any of which
/// an item may have, all kinds must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub years: Vec<(i32, i32)>,
    pub kinds: Vec<Kind>,
    pub items: Vec<ItemKind>,
    pub status: Vec<Status>,
    pub states: Vec<ApprovalState>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Words to match, folded (lower case, full-width ASCII as ASCII).
    pub terms: Vec<Vec<char>>,
    pub filters: Filters,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut q = Query::default();
        for word in text.split_whitespace() {
            let folded: String = word.chars().map(fold).collect();
            if !filter(&folded, &mut q.filters) {
                q.terms.push(folded.chars().take(MAX_TERM).collect());
            }
        }
        q
    }

    /// Whether every item matching `self` also matched `earlier`, so only
    /// earlier's matches need searching: same filters, and each earlier word
    /// is the start of the word in the same place.
    pub fn narrows(&self, earlier: &Query) -> bool {
        self.filters == earlier.filters
            && earlier.terms.len() <= self.terms.len()
            && earlier
                .terms
                .iter()
                .zip(&self.terms)
                .all(|(old, new)| new.starts_with(old))
    }
}

/// Records `word` in `f` when it is a filter word.
fn filter(word: &str, f: &mut Filters) -> bool {
    if let Some(y) = year(word) {
        f.years.push((y, y));
        return true;
    }
    if let Some((a, b)) = word.split_once("..")
        && let (Some(a), Some(b)) = (year(a), year(b))
    {
        f.years.push((a.min(b), a.max(b)));
        return true;
    }
    match word {
        "plan" | "计划" => f.kinds.push(Kind::Plan),
        "summary" | "总结" => f.kinds.push(Kind::Summary),
        "task" | "任务" => f.items.push(ItemKind::Task),
        "section" | "章节" => f.items.push(ItemKind::Section),
        "target" | "目标" => f.items.push(ItemKind::Target),
        "todo" | "未完成" => f.status.push(Status::Todo),
        "done" | "已完成" => f.status.push(Status::Done),
        "draft" | "草稿" => f.states.push(ApprovalState::Draft),
        "submitted" | "已报送" => f.states.push(ApprovalState::Submitted),
        "approved" | "已批准" => f.states.push(ApprovalState::Approved),
        "returned" | "已退回" => f.states.push(ApprovalState::Returned),
        _ => return false,
    }
    true
}

fn year(word: &str) -> Option<i32> {
    if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
        word.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(q: &Query) -> Vec<String> {
        q.terms.iter().map(|t| t.iter().collect()).collect()
    }

    #[test]
    fn years_ranges_and_words_are_told_apart() {
        let q = Query::parse("2022 2019..2021 政协 dy 10 2022年 Task 已批准");
        assert_eq!(q.filters.years, vec![(2022, 2022), (2019, 2021)]);
        assert_eq!(q.filters.items, vec![ItemKind::Task]);
        assert_eq!(q.filters.states, vec![ApprovalState::Approved]);
        assert_eq!(terms(&q), ["政协", "dy", "10", "2022年"]);
    }

    #[test]
    fn a_longer_word_narrows_and_a_new_filter_does_not() {
        let a = Query::parse("min");
        assert!(Query::parse("minz").narrows(&a));
        assert!(Query::parse("min 政").narrows(&a));
        assert!(!Query::parse("mi").narrows(&a));
        assert!(!Query::parse("min 2022").narrows(&a));
        assert!(!Query::parse("xmin").narrows(&a));
    }
}
