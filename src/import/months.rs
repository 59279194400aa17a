//! Month lines of a schedule ("二月：…", "七、八月份：…", "一至三月：…",
//! "第一季度：…") and the tasks they hold.

use crate::model::{Status, Task};

use super::lines::{leading_number, leading_zh_number};

/// A line that opens with the months it is about and a colon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MonthLine {
    pub months: Vec<u8>,
    /// How the line named the span when it is more than one month.
    pub period: Option<String>,
    /// The text after the colon.
    pub rest: String,
}

/// Words a month label may carry before its colon ("二月主题：").
const LABEL_WORDS: [&str; 11] = [
    "工作重点",
    "工作安排",
    "工作计划",
    "工作任务",
    "主题",
    "工作",
    "重点",
    "安排",
    "任务",
    "活动",
    "计划",
];

/// The month line `line` is, if it is one. Month words inside a sentence
/// ("自3月起") are not: the label has to run from the line start to the colon.
pub(crate) fn month_line(line: &str) -> Option<MonthLine> {
    let colon = line.find(['：', ':'])?;
    let label = line[..colon].trim();
    if label.chars().count() > 16 {
        return None;
    }
    let colon_len = line[colon..].chars().next().map_or(1, char::len_utf8);
    let (months, period) = period_months(label)?;
    Some(MonthLine {
        months,
        period,
        rest: line[colon + colon_len..].trim().to_owned(),
    })
}

/// The months a label names, and the label itself (without 主题 and the like)
/// when it names more than one month.
pub(crate) fn period_months(label: &str) -> Option<(Vec<u8>, Option<String>)> {
    let core = LABEL_WORDS
        .iter()
        .find_map(|w| label.strip_suffix(w))
        .unwrap_or(label)
        .trim();
    let months = quarter(core).or_else(|| month_span(core))?;
    let period = (months.len() > 1).then(|| core.to_owned());
    Some((months, period))
}

/// 第一季度, 一季度, 第1季度 → its three months.
fn quarter(s: &str) -> Option<Vec<u8>> {
    let s = s.strip_prefix('第').unwrap_or(s);
    let (q, rest) = leading_zh_number(s).or_else(|| leading_number(s, 1))?;
    if !(1..=4).contains(&q) || !(rest == "季度" || rest == "季") {
        return None;
    }
    let first = u8::try_from(q * 3 - 2).ok()?;
    Some((first..first + 3).collect())
}

/// 二月, 2月份, 七、八月份, 一至三月, 1-3月, 一月至三月.
fn month_span(s: &str) -> Option<Vec<u8>> {
    let (first, rest) = month_number(s)?;
    let (rest, named) = match rest.strip_prefix('月') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    if named && is_month_end(rest) {
        return Some(vec![first]);
    }
    if let Some(after) = ["至", "到", "-", "－", "—", "–", "～", "~"]
        .iter()
        .find_map(|sep| rest.strip_prefix(sep))
    {
        let (last, end) = month_number(after)?;
        let end = end.strip_prefix('月')?;
        return (first < last && is_month_end(end)).then(|| (first..=last).collect());
    }
    if named {
        return None;
    }
    // 七、八月份 / 七、八、九月
    let mut months = vec![first];
    let mut rest = rest;
    loop {
        let (m, r) = month_number(rest.strip_prefix('、')?)?;
        if months.last().is_some_and(|&last| m <= last) {
            return None;
        }
        months.push(m);
        if let Some(end) = r.strip_prefix('月') {
            return is_month_end(end).then_some(months);
        }
        rest = r;
    }
}

fn month_number(s: &str) -> Option<(u8, &str)> {
    let (n, rest) = leading_zh_number(s).or_else(|| leading_number(s, 2))?;
    let m = u8::try_from(n).ok().filter(|m| (1..=12).contains(m))?;
    Some((m, rest))
}

fn is_month_end(s: &str) -> bool {
    s.is_empty() || s == "份"
}

/// The tasks of a month line: each sentence (split on 。) is one task, in each
/// of the line's months.
pub(crate) fn tasks(line: &MonthLine) -> Vec<Task> {
    line.rest
        .split('。')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .flat_map(|sentence| {
            line.months.iter().map(move |&month| Task {
                id: String::new(),
                month,
                period: line.period.clone(),
                text: sentence.to_owned(),
                status: Status::Todo,
                done_on: None,
                owner: None,
            })
        })
        .collect()
}

/// 2 → 二月 (how the text export names a month).
pub(crate) fn month_name(month: u8) -> String {
    format!(
        "{}月",
        crate::model::numbering::chinese_numeral(u32::from(month))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(line: &str) -> Option<(Vec<u8>, Option<String>, String)> {
        month_line(line).map(|m| (m.months, m.period, m.rest))
    }

    #[test]
    fn single_months() {
        for line in [
            "二月：开展活动。",
            "2月：开展活动。",
            "二月份：开展活动。",
            "二月主题：开展活动。",
            "２月:开展活动。",
            "二月份工作重点：开展活动。",
        ] {
            assert_eq!(
                months(line),
                Some((vec![2], None, "开展活动。".into())),
                "{line}"
            );
        }
        assert_eq!(months("十二月：总结。").map(|m| m.0), Some(vec![12]));
        assert_eq!(
            months("十月：认真组织好政协换届工作。").map(|m| m.0),
            Some(vec![10])
        );
    }

    #[test]
    fn spans_keep_their_name() {
        let cases: [(&str, &[u8], &str); 7] = [
            ("七、八月份：暑期活动。", &[7, 8], "七、八月份"),
            ("七、八、九月：暑期活动。", &[7, 8, 9], "七、八、九月"),
            ("一至三月：学习。", &[1, 2, 3], "一至三月"),
            ("1-3月：学习。", &[1, 2, 3], "1-3月"),
            ("一月至三月：学习。", &[1, 2, 3], "一月至三月"),
            ("第一季度：学习。", &[1, 2, 3], "第一季度"),
            ("四季度工作：总结。", &[10, 11, 12], "四季度"),
        ];
        for (line, m, period) in cases {
            let (got, p, _) = months(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(got, m, "{line}");
            assert_eq!(p.as_deref(), Some(period), "{line}");
        }
    }

    #[test]
    fn not_month_lines() {
        for line in [
            "自3月起，每月开展一次活动：读书。",
            "6月22日：进行了满意度测评。",
            "十三月：无。",
            "三至一月：无。",
            "4.6月26日：国际禁毒日",
            "经济社会发展主要预期目标是：",
            "二月开展活动。",
        ] {
            assert_eq!(months(line), None, "{line}");
        }
    }

    #[test]
    fn each_sentence_is_a_task_in_each_month() {
        let line = month_line("七、八月份：组织读书。开展征文").expect("valid test input");
        let t = tasks(&line);
        let got: Vec<(u8, &str)> = t.iter().map(|t| (t.month, t.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (7, "组织读书"),
                (8, "组织读书"),
                (7, "开展征文"),
                (8, "开展征文")
            ]
        );
        assert!(t.iter().all(|t| t.period.as_deref() == Some("七、八月份")));
        assert_eq!(month_name(11), "十一月");
    }
}
