//! The commit summary of a save: what changed since the last save, in the
//! plan's own words — "二、围绕中心…", "标题", "目标" — and "等3处" when
//! there is more than one change.
//!
//! The words are Chinese whatever the UI language: they go into the shared
//! history of a Chinese document, next to the numbers and headings they name.

use std::collections::{HashMap, HashSet};

use crate::model::Plan;
use crate::model::text::visible_line;

/// Headings are cut to this many characters in a summary.
const HEADING_CHARS: usize = 12;

pub fn summarize(before: &Plan, after: &Plan) -> String {
    let changes = changes(before, after);
    match changes.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first, ..] => format!("{first}等{}处", changes.len()),
    }
}

/// Each change, in the order of the document.
pub fn changes(before: &Plan, after: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    let header = [
        (before.title != after.title, "标题"),
        (before.org != after.org, "单位"),
        (before.date != after.date, "日期"),
        (before.kind != after.kind, "类型"),
        (before.intro != after.intro, "引言"),
    ];
    out.extend(
        header
            .iter()
            .filter(|(c, _)| *c)
            .map(|(_, w)| w.to_string()),
    );

    let old: HashMap<&str, (usize, &crate::model::Section)> = before
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.id.is_empty())
        .map(|(i, s)| (s.id.as_str(), (i, s)))
        .collect();
    let kept_in_order = in_place(before, after);
    let numbers = after.numbers();
    for (i, s) in after.sections.iter().enumerate() {
        let changed = match old.get(s.id.as_str()) {
            None => true,
            Some((_, o)) => {
                o.heading != s.heading
                    || o.body != s.body
                    || o.depth != s.depth
                    || !kept_in_order.contains(s.id.as_str())
            }
        };
        if changed {
            out.push(label(&numbers[i], &s.heading));
        }
    }
    let now: HashSet<&str> = after.sections.iter().map(|s| s.id.as_str()).collect();
    let old_numbers = before.numbers();
    for (i, s) in before.sections.iter().enumerate() {
        if !s.id.is_empty() && !now.contains(s.id.as_str()) {
            out.push(format!("删除{}", label(&old_numbers[i], &s.heading)));
        }
    }
    if before.targets != after.targets {
        out.push("目标".to_string());
    }
    if before.tasks != after.tasks || before.schedule != after.schedule {
        out.push("任务".to_string());
    }
    out
}

/// The ids of sections that kept their order relative to each other: the
/// longest common subsequence of the two id sequences. The others moved.
fn in_place<'a>(before: &'a Plan, after: &Plan) -> HashSet<&'a str> {
    let a: Vec<&str> = before.sections.iter().map(|s| s.id.as_str()).collect();
    let b: Vec<&str> = after.sections.iter().map(|s| s.id.as_str()).collect();
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = HashSet::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            out.insert(a[i]);
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// "二、围绕中心…": the number and the start of the heading.
pub fn label(number: &str, heading: &str) -> String {
    let heading = visible_line(heading.trim());
    let mut short: String = heading.chars().take(HEADING_CHARS).collect();
    if heading.chars().count() > HEADING_CHARS {
        short.push('…');
    }
    format!("{number}{short}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Section, Target};

    fn plan() -> Plan {
        let mut p = Plan::new("计划", 2022, Kind::Plan);
        for (id, d, h) in [
            ("a", 1, "强化学习，提高履职能力和水平"),
            ("b", 1, "围绕中心，服务大局，积极建言献策"),
            ("c", 2, "开展调研"),
        ] {
            p.sections.push(Section {
                id: id.into(),
                depth: d,
                heading: h.into(),
                body: String::new(),
            });
        }
        p
    }

    #[test]
    fn one_section_is_named_by_number_and_heading() {
        let a = plan();
        let mut b = a.clone();
        b.sections[1].body = "加强学习".into();
        assert_eq!(summarize(&a, &b), "二、围绕中心，服务大局，积极…");
    }

    #[test]
    fn several_changes_name_the_first_and_count() {
        let a = plan();
        let mut b = a.clone();
        b.title = "新标题".into();
        b.sections[2].heading = "开展专题调研".into();
        b.targets.push(Target {
            id: "t".into(),
            name: "地区生产总值".into(),
            target: "增长10%".into(),
            actual: None,
        });
        assert_eq!(summarize(&a, &b), "标题等3处");
        assert_eq!(changes(&a, &b)[1], "（一）开展专题调研");
    }

    #[test]
    fn a_move_names_the_moved_section_and_a_delete_says_so() {
        let a = plan();
        let mut b = a.clone();
        b.sections.swap(0, 1);
        b.sections.swap(1, 2);
        // b: 围绕中心 (一、), 开展调研 (（一）), 强化学习 (二、)
        assert_eq!(changes(&a, &b), vec!["二、强化学习，提高履职能力和…"]);
        let mut c = a.clone();
        c.sections.remove(2);
        assert_eq!(summarize(&a, &c), "删除（一）开展调研");
        assert_eq!(summarize(&a, &a), "");
    }
}
