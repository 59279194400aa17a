//! Section numbers derived from position and depth: 一、 （一） 1、 （1） ①.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

use super::Section;

/// How one outline level is numbered, written as it renders the number one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberStyle {
    /// 一、
    Chinese,
    /// （一）
    ChineseParen,
    /// (一)
    ChineseAsciiParen,
    /// 1、
    Arabic,
    /// 1.
    ArabicDot,
    /// 1．
    ArabicFullDot,
    /// 1)
    ArabicHalfParen,
    /// （1）
    ArabicParen,
    /// (1)
    ArabicAsciiParen,
    /// ①
    Circled,
    /// 第一、
    Ordinal,
    /// 第一，
    OrdinalComma,
    /// 一是
    Enumerated,
}

const ALL: [NumberStyle; 13] = [
    NumberStyle::Chinese,
    NumberStyle::ChineseParen,
    NumberStyle::ChineseAsciiParen,
    NumberStyle::Arabic,
    NumberStyle::ArabicDot,
    NumberStyle::ArabicFullDot,
    NumberStyle::ArabicHalfParen,
    NumberStyle::ArabicParen,
    NumberStyle::ArabicAsciiParen,
    NumberStyle::Circled,
    NumberStyle::Ordinal,
    NumberStyle::OrdinalComma,
    NumberStyle::Enumerated,
];

impl NumberStyle {
    /// The default style of a depth: 一、 （一） 1、 （1） ①.
    pub fn default_for(depth: u8) -> NumberStyle {
        match depth {
            0 | 1 => NumberStyle::Chinese,
            2 => NumberStyle::ChineseParen,
            3 => NumberStyle::Arabic,
            4 => NumberStyle::ArabicParen,
            _ => NumberStyle::Circled,
        }
    }

    /// The style's place in the standard order of official documents:
    /// 一、 (1) > （一） (2) > 1、 (3) > （1） (4) > ① (5).
    pub fn rank(self) -> u8 {
        match self {
            NumberStyle::Chinese | NumberStyle::Ordinal | NumberStyle::OrdinalComma => 1,
            NumberStyle::ChineseParen | NumberStyle::ChineseAsciiParen => 2,
            NumberStyle::Arabic
            | NumberStyle::ArabicDot
            | NumberStyle::ArabicFullDot
            | NumberStyle::ArabicHalfParen
            | NumberStyle::Enumerated => 3,
            NumberStyle::ArabicParen | NumberStyle::ArabicAsciiParen => 4,
            NumberStyle::Circled => 5,
        }
    }

    pub fn all() -> &'static [NumberStyle] {
        &ALL
    }

    /// The number `n` (from 1) in this style.
    pub fn render(self, n: u32) -> String {
        let zh = chinese_numeral(n);
        match self {
            NumberStyle::Chinese => format!("{zh}、"),
            NumberStyle::ChineseParen => format!("（{zh}）"),
            NumberStyle::ChineseAsciiParen => format!("({zh})"),
            NumberStyle::Arabic => format!("{n}、"),
            NumberStyle::ArabicDot => format!("{n}."),
            NumberStyle::ArabicFullDot => format!("{n}．"),
            NumberStyle::ArabicHalfParen => format!("{n})"),
            NumberStyle::ArabicParen => format!("（{n}）"),
            NumberStyle::ArabicAsciiParen => format!("({n})"),
            NumberStyle::Circled => circled(n),
            NumberStyle::Ordinal => format!("第{zh}、"),
            NumberStyle::OrdinalComma => format!("第{zh}，"),
            NumberStyle::Enumerated => format!("{zh}是"),
        }
    }

    /// The style as written in a plan file: its rendering of one.
    pub fn as_str(self) -> &'static str {
        match self {
            NumberStyle::Chinese => "一、",
            NumberStyle::ChineseParen => "（一）",
            NumberStyle::ChineseAsciiParen => "(一)",
            NumberStyle::Arabic => "1、",
            NumberStyle::ArabicDot => "1.",
            NumberStyle::ArabicFullDot => "1．",
            NumberStyle::ArabicHalfParen => "1)",
            NumberStyle::ArabicParen => "（1）",
            NumberStyle::ArabicAsciiParen => "(1)",
            NumberStyle::Circled => "①",
            NumberStyle::Ordinal => "第一、",
            NumberStyle::OrdinalComma => "第一，",
            NumberStyle::Enumerated => "一是",
        }
    }

    pub fn parse(s: &str) -> Option<NumberStyle> {
        ALL.iter().copied().find(|st| st.as_str() == s)
    }

    /// Styles whose headings read as a run-in phrase ("1、加强学习。正文…")
    /// rather than a heading line of their own.
    pub fn runs_in(self) -> bool {
        !matches!(
            self,
            NumberStyle::Chinese | NumberStyle::ChineseParen | NumberStyle::ChineseAsciiParen
        )
    }
}

impl fmt::Display for NumberStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for NumberStyle {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for NumberStyle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        NumberStyle::parse(&s).ok_or_else(|| {
            let known: Vec<&str> = ALL.iter().map(|st| st.as_str()).collect();
            serde::de::Error::custom(format!(
                "unknown numbering style `{s}`, expected one of {}",
                known.join(" ")
            ))
        })
    }
}

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 21 → 二十一, 105 → 一百零五.
pub fn chinese_numeral(n: u32) -> String {
    if n == 0 {
        return DIGITS[0].to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")];
    let mut out = String::new();
    let mut pending_zero = false;
    for (value, unit) in units {
        let d = (n / value % 10) as usize;
        if d == 0 {
            if !out.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            out.push_str(DIGITS[0]);
            pending_zero = false;
        }
        // 十一, not 一十一, when ten leads.
        if !(value == 10 && d == 1 && out.is_empty()) {
            out.push_str(DIGITS[d]);
        }
        out.push_str(unit);
    }
    out
}

/// The value of a Chinese numeral of up to four digits (一 … 九千九百九十九), also 〇/零/两.
pub fn parse_chinese_numeral(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| match c {
        '〇' | '零' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    };
    let mut total = 0u32;
    let mut current: Option<u32> = None;
    for c in s.chars() {
        let unit = match c {
            '十' => Some(10),
            '百' => Some(100),
            '千' => Some(1000),
            _ => None,
        };
        if let Some(u) = unit {
            total += current.take().unwrap_or(1) * u;
        } else {
            let d = digit(c)?;
            if current.is_some() && d != 0 {
                return None;
            }
            current = if d == 0 { None } else { Some(d) };
        }
    }
    Some(total + current.unwrap_or(0))
}

fn circled(n: u32) -> String {
    let c = match n {
        1..=20 => char::from_u32(0x2460 + n - 1),
        21..=35 => char::from_u32(0x3251 + n - 21),
        36..=50 => char::from_u32(0x32B1 + n - 36),
        _ => None,
    };
    c.map_or_else(|| format!("({n})"), String::from)
}

/// The number of each section: the count of earlier siblings at its depth,
/// restarted under each new parent, rendered in the style of its depth.
pub fn section_numbers(sections: &[Section], style: impl Fn(u8) -> NumberStyle) -> Vec<String> {
    let mut counters = [0u32; 256];
    sections
        .iter()
        .map(|s| {
            let d = usize::from(s.depth);
            counters[d] += 1;
            for c in counters.iter_mut().skip(d + 1) {
                *c = 0;
            }
            style(s.depth).render(counters[d])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_past_the_easy_cases() {
        let cases = [
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (12, "十二"),
            (19, "十九"),
            (20, "二十"),
            (21, "二十一"),
            (99, "九十九"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (1005, "一千零五"),
        ];
        for (n, zh) in cases {
            assert_eq!(chinese_numeral(n), zh, "{n}");
            assert_eq!(parse_chinese_numeral(zh), Some(n), "{zh}");
        }
        assert_eq!(parse_chinese_numeral("两"), Some(2));
        assert_eq!(parse_chinese_numeral("二一"), None);
        assert_eq!(parse_chinese_numeral("甲"), None);
    }

    #[test]
    fn styles_render_big_numbers() {
        assert_eq!(NumberStyle::Chinese.render(11), "十一、");
        assert_eq!(NumberStyle::Chinese.render(20), "二十、");
        assert_eq!(NumberStyle::Chinese.render(21), "二十一、");
        assert_eq!(NumberStyle::ChineseParen.render(12), "（十二）");
        assert_eq!(NumberStyle::Arabic.render(10), "10、");
        assert_eq!(NumberStyle::ArabicParen.render(3), "（3）");
        assert_eq!(NumberStyle::Circled.render(1), "①");
        assert_eq!(NumberStyle::Circled.render(20), "⑳");
        assert_eq!(NumberStyle::Circled.render(21), "㉑");
        assert_eq!(NumberStyle::Circled.render(50), "㊿");
        assert_eq!(NumberStyle::Circled.render(51), "(51)");
        assert_eq!(NumberStyle::Enumerated.render(3), "三是");
    }

    fn sec(depth: u8) -> Section {
        Section {
            id: String::new(),
            depth,
            heading: String::new(),
            body: String::new(),
        }
    }

    #[test]
    fn numbering_restarts_under_each_parent_and_runs_past_ten() {
        let mut sections = vec![sec(1), sec(2), sec(2), sec(3), sec(1), sec(2)];
        sections.extend((0..11).map(|_| sec(1)));
        let n = section_numbers(&sections, NumberStyle::default_for);
        assert_eq!(
            &n[..6],
            ["一、", "（一）", "（二）", "1、", "二、", "（一）"]
        );
        assert_eq!(n[6], "三、");
        assert_eq!(n.last().map(String::as_str), Some("十三、"));
    }

    #[test]
    fn every_style_round_trips_through_its_name() {
        for st in NumberStyle::all() {
            assert_eq!(NumberStyle::parse(st.as_str()), Some(*st));
            assert_eq!(st.render(1), st.as_str());
        }
    }
}
