//! What kind of line a line is: a numbered heading, a month line, a date
//! line, the schedule heading, a targets line, or plain text.

use crate::model::NumberStyle;

use super::dates::{DateLine, date_line};
use super::lines::{digit, has_sentence_punct, leading_number, leading_zh_number};
use super::months::{MonthLine, month_line};
use super::targets::targets_line;
use crate::model::Target;

/// A heading number at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub style: NumberStyle,
    pub number: u32,
    /// The text after the number, without the space some writers put there.
    pub rest: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LineKind {
    /// "主要目标：地区生产总值（增长10%）；…。", the form the text export gives
    /// targets the prose does not state.
    Targets(Vec<Target>),
    Date(DateLine),
    Month(MonthLine),
    /// A heading number; whether it is taken as a heading depends on the
    /// outline around it (一是 sequences, depth limit).
    Heading(Marker),
    /// A short line right before the month lines ("2022年政协工作分月工作计划").
    Schedule,
    /// "月份" / "主要活动": the header of a table of months flattened into lines.
    TableHeader,
    Text,
}

/// The kind of `line`, given the line after it.
pub(crate) fn classify(line: &str, next: Option<&str>) -> LineKind {
    if let Some(targets) = targets_line(line) {
        LineKind::Targets(targets)
    } else if let Some(d) = date_line(line) {
        LineKind::Date(d)
    } else if let Some(m) = month_line(line) {
        LineKind::Month(m)
    } else if let Some(m) = heading_marker(line) {
        LineKind::Heading(m)
    } else if is_table_header(line, next) {
        LineKind::TableHeader
    } else if next.is_some_and(|n| month_line(n).is_some()) && is_schedule_heading(line) {
        LineKind::Schedule
    } else {
        LineKind::Text
    }
}

/// Column names of a month table.
const TABLE_HEADERS: [&str; 14] = [
    "月份",
    "时间",
    "月 份",
    "主要活动",
    "活动内容",
    "工作内容",
    "主要工作",
    "工作任务",
    "内容",
    "活动安排",
    "负责人",
    "责任人",
    "责任单位",
    "备注",
];

/// A column name of a month table, followed by another or by a month alone
/// ("月份" / "主要活动" / "二月"); or all the column names on one line.
fn is_table_header(line: &str, next: Option<&str>) -> bool {
    let is_column = |s: &str| TABLE_HEADERS.contains(&s.trim());
    let columns: Vec<&str> = line.split_whitespace().collect();
    let first = columns
        .first()
        .is_some_and(|c| matches!(*c, "月份" | "时间"));
    if columns.len() > 1 {
        return first && columns.iter().all(|c| is_column(c));
    }
    is_column(line)
        && next.is_some_and(|n| is_column(n) || month_line(n).is_some_and(|m| m.rest.is_empty()))
}

fn is_schedule_heading(line: &str) -> bool {
    line.chars().count() <= 40 && !has_sentence_punct(line)
}

/// The heading number `line` starts with, if it does: 一、 （一） (一) 1、 1.
/// 1． 1) （1） (1) ① 第一、 第一， 一是.
pub(crate) fn heading_marker(line: &str) -> Option<Marker> {
    let (style, number, rest) = circled(line)
        .or_else(|| ordinal(line))
        .or_else(|| parenthesised(line))
        .or_else(|| chinese(line))
        .or_else(|| arabic(line))?;
    let rest = rest.trim_start();
    if rest.is_empty() || !(1..=99).contains(&number) {
        return None;
    }
    Some(Marker {
        style,
        number,
        rest: rest.to_owned(),
    })
}

type Parsed<'a> = (NumberStyle, u32, &'a str);

fn circled(line: &str) -> Option<Parsed<'_>> {
    let c = line.chars().next()?;
    let n = match u32::from(c) {
        cp @ 0x2460..=0x2473 => cp - 0x2460 + 1,
        cp @ 0x3251..=0x325F => cp - 0x3251 + 21,
        cp @ 0x32B1..=0x32BF => cp - 0x32B1 + 36,
        _ => return None,
    };
    Some((NumberStyle::Circled, n, &line[c.len_utf8()..]))
}

fn ordinal(line: &str) -> Option<Parsed<'_>> {
    let (n, rest) = leading_zh_number(line.strip_prefix('第')?)?;
    if let Some(rest) = rest.strip_prefix('、') {
        Some((NumberStyle::Ordinal, n, rest))
    } else {
        let rest = rest.strip_prefix('，').or_else(|| rest.strip_prefix(','))?;
        Some((NumberStyle::OrdinalComma, n, rest))
    }
}

fn parenthesised(line: &str) -> Option<Parsed<'_>> {
    let (full_width, inner) = match line.strip_prefix('（') {
        Some(inner) => (true, inner),
        None => (false, line.strip_prefix('(')?),
    };
    if let Some((n, rest)) = leading_zh_number(inner) {
        let style = if full_width {
            NumberStyle::ChineseParen
        } else {
            NumberStyle::ChineseAsciiParen
        };
        return Some((style, n, close(rest)?));
    }
    let (n, rest) = leading_number(inner, 2)?;
    let style = if full_width {
        NumberStyle::ArabicParen
    } else {
        NumberStyle::ArabicAsciiParen
    };
    Some((style, n, close(rest)?))
}

fn close(s: &str) -> Option<&str> {
    s.strip_prefix('）').or_else(|| s.strip_prefix(')'))
}

fn chinese(line: &str) -> Option<Parsed<'_>> {
    let (n, rest) = leading_zh_number(line)?;
    if let Some(rest) = rest.strip_prefix('、') {
        // "七、八月份…" names two months; it is no heading 七.
        if starts_with_month(rest) {
            return None;
        }
        Some((NumberStyle::Chinese, n, rest))
    } else {
        // Whether a 一是 item is a heading is decided with the outline around it.
        Some((NumberStyle::Enumerated, n, rest.strip_prefix('是')?))
    }
}

fn arabic(line: &str) -> Option<Parsed<'_>> {
    let (n, rest) = leading_number(line, 2)?;
    let mut chars = rest.chars();
    let style = match chars.next()? {
        '、' => NumberStyle::Arabic,
        '.' => NumberStyle::ArabicDot,
        '．' => NumberStyle::ArabicFullDot,
        ')' | '）' => NumberStyle::ArabicHalfParen,
        _ => return None,
    };
    let rest = chars.as_str();
    // "4.23世界读书日", "4.6月26日…": a number goes on, this is no heading.
    if rest.chars().next().and_then(digit).is_some() {
        return None;
    }
    Some((style, n, rest))
}

/// "八月份…" after "七、": a second month named in Chinese numerals. A month
/// in digits ("五、4月底前…") follows a heading number.
fn starts_with_month(s: &str) -> bool {
    leading_zh_number(s).is_some_and(|(_, rest)| rest.starts_with('月'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberStyle::*;

    fn marker(line: &str) -> Option<(NumberStyle, u32, String)> {
        heading_marker(line).map(|m| (m.style, m.number, m.rest))
    }

    #[test]
    fn every_heading_style() {
        let cases = [
            ("一、强化学习", Chinese, 1),
            ("十二、其他", Chinese, 12),
            ("（三）全面提标城乡管理", ChineseParen, 3),
            ("(三) 打造特色农业", ChineseAsciiParen, 3),
            ("（三)打造", ChineseParen, 3),
            ("2、认真组织", Arabic, 2),
            ("3.开展读书活动", ArabicDot, 3),
            ("3．开展读书活动", ArabicFullDot, 3),
            ("3)开展读书活动", ArabicHalfParen, 3),
            ("（4）建立台账", ArabicParen, 4),
            ("(4) 建立台账", ArabicAsciiParen, 4),
            ("⑤建立台账", Circled, 5),
            ("㉑建立台账", Circled, 21),
            ("第二、加强学习", Ordinal, 2),
            ("第二，加强学习", OrdinalComma, 2),
            ("二是狠抓重点产业", Enumerated, 2),
            ("１０、学习", Arabic, 10),
        ];
        for (line, style, n) in cases {
            let (s, num, rest) = marker(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((s, num), (style, n), "{line}");
            assert!(!rest.starts_with(' '), "{line}: {rest:?}");
        }
    }

    #[test]
    fn lines_that_only_look_like_headings() {
        for line in [
            "七、八月份：暑期读书活动",
            "4.23世界读书日",
            "4.6月26日国际禁毒日宣传",
            "2019.2.26",
            "2011年，将在市中医院帮扶三年来的成果基础上",
            "十分重要",
            "一、",
            "100、多余",
            "(组织政协委员集中视察万亩国土整治项目)",
            "第一季度：学习",
            "0、无",
        ] {
            assert_eq!(marker(line), None, "{line}");
        }
        assert_eq!(
            marker("1.三、四年级开展读书竞赛"),
            Some((ArabicDot, 1, "三、四年级开展读书竞赛".into()))
        );
    }

    #[test]
    fn line_kinds() {
        assert!(matches!(
            classify("七、八月份：暑期读书活动。", None),
            LineKind::Month(_)
        ));
        assert!(matches!(classify("2022年3月25日", None), LineKind::Date(_)));
        assert!(matches!(
            classify(
                "2022年政协工作分月工作计划",
                Some("二月：开展一次献爱心活动。")
            ),
            LineKind::Schedule
        ));
        assert_eq!(
            classify("2022年政协工作分月工作计划", Some("继续。")),
            LineKind::Text
        );
        assert_eq!(classify("自3月起开展读书月活动。", None), LineKind::Text);
        assert!(matches!(
            classify("一、强化学习", None),
            LineKind::Heading(_)
        ));
    }
}
