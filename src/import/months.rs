//! Month lines of a schedule ("二月：…", "七、八月份：…", "一至三月：…",
//! "第一季度：…"), month labels on a line of their own ("二月份：", "2月份",
//! "第一季度") whose tasks follow one a line, a month theme ("二月主题：…"),
//! and a month at the start of a heading or paragraph ("9月份，…", "4月底前…").

use crate::model::{Status, Task};

use super::classify::heading_marker;
use super::lines::{digit, leading_number, leading_zh_number, simplified};

/// A line that opens with the months it is about and a colon, or is only
/// such a label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MonthLine {
    pub months: Vec<u8>,
    /// How the line named the span when it is more than one month, or the
    /// month's theme ("二月主题：我们的节日").
    pub period: Option<String>,
    /// The text after the colon.
    pub rest: String,
    /// The label as written ("二月主题"), for a theme.
    pub label: String,
    /// The label names a theme (主题): what follows the colon is the month's
    /// heading when its tasks follow on lines of their own.
    pub themed: bool,
    /// Tasks on lines of their own below the label, numbering taken off.
    pub items: Vec<String>,
}

impl MonthLine {
    /// The text after the colon becomes the month's theme (the tasks'
    /// period), as its activities follow on lines of their own.
    pub fn take_theme(&mut self) {
        let theme = self.rest.trim_end_matches('。').trim();
        if self.themed && !theme.is_empty() && !theme.contains('。') && self.items.is_empty() {
            self.period = Some(format!("{}：{theme}", self.label));
            self.rest.clear();
        }
    }

    /// Whether the line holds no task at all.
    pub fn is_empty(&self) -> bool {
        self.rest.split('。').all(|s| s.trim().is_empty()) && self.items.is_empty()
    }
}

/// Words a month label may carry before its colon ("二月主题："), in
/// simplified characters.
const LABEL_WORDS: [&str; 13] = [
    "工作重点",
    "工作安排",
    "工作计划",
    "工作任务",
    "主要活动",
    "主题",
    "工作",
    "重点",
    "安排",
    "任务",
    "活动",
    "计划",
    "主题活动",
];

/// The month line `line` is, if it is one. Month words inside a sentence
/// ("自3月起") are not: the label has to run from the line start to the
/// colon, or be the whole line. A numbering marker in front ("1. 第一季度：")
/// is no part of it.
pub(crate) fn month_line(line: &str) -> Option<MonthLine> {
    labelled(line).or_else(|| {
        let marker = heading_marker(line)?;
        labelled(&marker.rest)
    })
}

fn labelled(line: &str) -> Option<MonthLine> {
    let (label, rest) = match line.find(['：', ':']) {
        Some(colon) => {
            let colon_len = line[colon..].chars().next().map_or(1, char::len_utf8);
            (line[..colon].trim(), line[colon + colon_len..].trim())
        }
        None => (line.trim(), ""),
    };
    if label.chars().count() > 16 {
        return None;
    }
    let (months, period, themed) = label_months(label)?;
    let mut m = MonthLine {
        months,
        period,
        rest: rest.to_owned(),
        label: label.to_owned(),
        themed,
        items: Vec::new(),
    };
    // "二月主题：我们的节日：猜灯谜。…", the way the text export writes a theme.
    if themed
        && let Some(colon) = m.rest.find('：')
        && m.rest.find('。').is_none_or(|stop| colon < stop)
    {
        let theme = m.rest[..colon].trim().to_owned();
        m.rest = m.rest[colon + '：'.len_utf8()..].trim().to_owned();
        m.period = Some(format!("{label}：{theme}"));
    }
    Some(m)
}

/// The months a label names, the label itself (without 主题 and the like)
/// when it names more than one month, and whether it names a theme.
fn label_months(label: &str) -> Option<(Vec<u8>, Option<String>, bool)> {
    let plain = simplified(label);
    let word = LABEL_WORDS.iter().find(|w| plain.ends_with(**w));
    // Same byte length: simplified() maps one character to one character
    // of the same width in UTF-8.
    let core = match word {
        Some(w) => &label[..label.len() - w.len()],
        None => label,
    }
    .trim();
    let months = quarter(core).or_else(|| month_span(core))?;
    let period = (months.len() > 1).then(|| core.to_owned());
    Some((months, period, word.is_some_and(|w| w.contains("主题"))))
}

/// The months a label names, and the label itself (without 主题 and the like)
/// when it names more than one month.
pub(crate) fn period_months(label: &str) -> Option<(Vec<u8>, Option<String>)> {
    label_months(label).map(|(m, p, _)| (m, p))
}

/// A month named at the start of a heading or a paragraph: "9月份，组织…",
/// "6-7月，开展…", "4月底前完成…", "2月份（春节前）开展…".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention {
    pub months: Vec<u8>,
    /// The label, when it names more than one month.
    pub period: Option<String>,
    /// What the tasks say: the text after "9月份，", else the whole text.
    pub text: String,
}

impl From<Mention> for MonthLine {
    fn from(m: Mention) -> MonthLine {
        MonthLine {
            months: m.months,
            period: m.period,
            rest: m.text,
            label: String::new(),
            themed: false,
            items: Vec::new(),
        }
    }
}

pub(crate) fn leading_month(text: &str) -> Option<Mention> {
    let text = text.trim();
    let at = text.char_indices().take(8).find(|(_, c)| *c == '月')?.0;
    let mut end = at + '月'.len_utf8();
    if text[end..].starts_with('份') {
        end += '份'.len_utf8();
    }
    let (months, period) = period_months(&text[..end])?;
    let rest = &text[end..];
    let next = rest.chars().next();
    // 3月5日 is a date, 3月以来 looks back, and a label alone is a month line.
    if next.is_none_or(|c| digit(c).is_some() || matches!(c, '日' | '号' | '：' | ':'))
        || rest.starts_with("以来")
    {
        return None;
    }
    let text = match rest.strip_prefix(['，', ',']) {
        Some(after) => after.trim(),
        None => text,
    };
    Some(Mention {
        months,
        period,
        text: text.to_owned(),
    })
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
    // "4月份—6月份": the first month may keep its 份.
    let before_sep = if named {
        rest.strip_prefix('份').unwrap_or(rest)
    } else {
        rest
    };
    if let Some(after) = ["至", "到", "-", "－", "—", "–", "～", "~"]
        .iter()
        .find_map(|sep| before_sep.strip_prefix(sep))
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

/// A month as people type it into a prompt: 11, １１, 十一, 十一月, 11月份,
/// or its English name (November, nov).
pub fn typed_month(s: &str) -> Option<u8> {
    let s = super::dates::fold_full_width(s);
    let core = s
        .strip_suffix("月份")
        .or_else(|| s.strip_suffix('月'))
        .unwrap_or(&s)
        .trim();
    if let Some((m, "")) = month_number(core) {
        return Some(m);
    }
    const EN: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = core.to_ascii_lowercase();
    let word = word.trim_end_matches('.');
    (word.len() >= 3)
        .then(|| EN.iter().position(|m| m.starts_with(word)))
        .flatten()
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn month_number(s: &str) -> Option<(u8, &str)> {
    let (n, rest) = leading_zh_number(s).or_else(|| leading_number(s, 2))?;
    let m = u8::try_from(n).ok().filter(|m| (1..=12).contains(m))?;
    Some((m, rest))
}

fn is_month_end(s: &str) -> bool {
    s.is_empty() || s == "份"
}

/// The tasks of a month line: each sentence (split on 。) of the text after
/// its colon and of each item below it is one task, in each of the line's
/// months.
pub(crate) fn tasks(line: &MonthLine) -> Vec<Task> {
    std::iter::once(line.rest.as_str())
        .chain(line.items.iter().map(String::as_str))
        .flat_map(|text| sentence_tasks(text, &line.months, line.period.as_deref()))
        .collect()
}

/// One task per sentence of `text`, in each of `months`.
pub(crate) fn sentence_tasks(text: &str, months: &[u8], period: Option<&str>) -> Vec<Task> {
    text.split('。')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .flat_map(|sentence| {
            months.iter().map(move |&month| Task {
                id: String::new(),
                month,
                period: period.map(str::to_owned),
                text: sentence.to_owned(),
                status: Status::Todo,
                done_on: None,
                owner: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_as_people_type_them() {
        for (typed, month) in [
            ("11", 11),
            ("１１", 11),
            ("十一月", 11),
            ("十一", 11),
            ("3月份", 3),
            (" 三月 ", 3),
            ("November", 11),
            ("nov", 11),
            ("Sept.", 9),
        ] {
            assert_eq!(typed_month(typed), Some(month), "{typed}");
        }
        for typed in ["13", "十三月", "0", "", "ma", "三四月"] {
            assert_eq!(typed_month(typed), None, "{typed}");
        }
    }

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
        let cases: [(&str, &[u8], &str); 8] = [
            ("七、八月份：暑期活动。", &[7, 8], "七、八月份"),
            ("七、八、九月：暑期活动。", &[7, 8, 9], "七、八、九月"),
            ("一至三月：学习。", &[1, 2, 3], "一至三月"),
            ("1-3月：学习。", &[1, 2, 3], "1-3月"),
            ("一月至三月：学习。", &[1, 2, 3], "一月至三月"),
            ("4月份—6月份：视察。", &[4, 5, 6], "4月份—6月份"),
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
    fn labels_alone_numbered_quarters_and_themes() {
        for (line, m) in [
            ("二月份：", vec![2]),
            ("2月份", vec![2]),
            ("1月", vec![1]),
            ("第一季度", vec![1, 2, 3]),
            ("1. 第二季度：组织考务。", vec![4, 5, 6]),
            ("七、八月份：", vec![7, 8]),
        ] {
            assert_eq!(month_line(line).map(|l| l.months), Some(m), "{line}");
        }
        let mut theme = month_line("二月主题：我们的节日").expect("a month line");
        theme.take_theme();
        assert_eq!(theme.period.as_deref(), Some("二月主题：我们的节日"));
        assert!(theme.rest.is_empty());
        // The text export's form of a theme reads back the same.
        let back = month_line("二月主题：我们的节日：猜灯谜。讲座。").expect("a month line");
        assert_eq!(back.period.as_deref(), Some("二月主题：我们的节日"));
        assert_eq!(back.rest, "猜灯谜。讲座。");
        let traditional = month_line("三月主題：學雷鋒").expect("a month line");
        assert!(traditional.themed);
    }

    #[test]
    fn months_at_the_start_of_a_text() {
        let found = |t: &str| leading_month(t).map(|m| (m.months, m.period, m.text));
        assert_eq!(
            found("9月份，举办丰收节。"),
            Some((vec![9], None, "举办丰收节。".into()))
        );
        assert_eq!(
            found("6-7月，组织演练"),
            Some((vec![6, 7], Some("6-7月".into()), "组织演练".into()))
        );
        assert_eq!(
            found("2月份（春节前）开展检查"),
            Some((vec![2], None, "2月份（春节前）开展检查".into()))
        );
        for not in [
            "3月5日，召开会议",
            "3月以来，我们",
            "自3月起开展",
            "二月：学习",
            "十月",
        ] {
            assert_eq!(found(not), None, "{not}");
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
    }
}
