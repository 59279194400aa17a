//! Dates and years: the date line, the first year a text names, placeholder
//! years such as 20xx, and the year line the text export puts under a title.

use chrono::NaiveDate;

use super::lines::{Line, digit, has_sentence_punct, leading_number, leading_zh_number};

/// A line that is only a date, or an organisation's signature and a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateLine {
    pub org: Option<String>,
    pub date: NaiveDate,
}

/// The date line `line` is, if it is one: "2022年3月25日", "2019.2.26",
/// "2019-02-26", "二〇二二年三月二十五日", or "XX镇政府 2022年3月25日".
pub(crate) fn date_line(line: &str) -> Option<DateLine> {
    let line = line.trim();
    if let Some(date) = parse_date(line) {
        return Some(DateLine { org: None, date });
    }
    let split = line.rfind(char::is_whitespace)?;
    let (org, date) = line.split_at(split);
    let org = org.trim();
    let date = parse_date(date.trim())?;
    let plausible_org = !org.is_empty() && org.chars().count() <= 30 && !has_sentence_punct(org);
    plausible_org.then(|| DateLine {
        org: Some(org.to_owned()),
        date,
    })
}

/// A date as people type it into a prompt: 2022-03-28, 2022/3/28, 2022.3.28,
/// 2022年3月28日, 二〇二二年三月二十八日, in full-width digits too (２０２２－０３－２８).
pub fn typed_date(s: &str) -> Option<NaiveDate> {
    let s = fold_full_width(s.trim());
    arabic_date(&s).or_else(|| chinese_date(&s))
}

/// A year as people type it: 2025, ２０２５, 2025年, 二〇二五年.
pub fn typed_year(s: &str) -> Option<i32> {
    let s = fold_full_width(s);
    let (year, rest) = four_digit_year(&s).or_else(|| chinese_year(&s))?;
    matches!(rest.trim(), "" | "年" | "年度").then_some(year)
}

/// Full-width ASCII (０ － ／ ．) as its ASCII twin, so either can be typed.
pub(crate) fn fold_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    arabic_date(s)
        .or_else(|| chinese_date(s))
        .or_else(|| year_month(s))
}

/// "二〇〇八年二月", "2008年2月": a signature's date without its day, taken
/// as the month's first.
fn year_month(s: &str) -> Option<NaiveDate> {
    let (year, rest) = four_digit_year(s).or_else(|| chinese_year(s))?;
    let rest = rest.strip_prefix('年')?;
    let (m, rest) = leading_zh_number(rest).or_else(|| leading_number(rest, 2))?;
    if rest != "月" {
        return None;
    }
    NaiveDate::from_ymd_opt(year, m, 1)
}

/// 二〇〇八 → 2008.
fn chinese_year(s: &str) -> Option<(i32, &str)> {
    let mut chars = s.char_indices();
    let mut year = 0i32;
    for _ in 0..4 {
        let (_, c) = chars.next()?;
        let d = match c {
            '〇' | '零' | 'O' | '○' => 0,
            _ => i32::try_from(crate::model::numbering::parse_chinese_numeral(
                &c.to_string(),
            )?)
            .ok()
            .filter(|d| *d < 10)?,
        };
        year = year * 10 + d;
    }
    (1900..=2099)
        .contains(&year)
        .then_some((year, chars.as_str()))
}

/// The signature at the end of a document: a date line, and the
/// organisation on the line before it ("某镇文化站" / "2024.3.8"). The index
/// of its first line, and the date with the organisation.
pub(crate) fn signature(lines: &[Line]) -> Option<(usize, DateLine)> {
    let last = lines.len().checked_sub(1)?;
    let mut d = date_line(&lines[last].text)?;
    if d.org.is_some() || last == 0 {
        return Some((last, d));
    }
    let org = lines[last - 1].text.as_str();
    if is_org(org) {
        d.org = Some(org.to_owned());
        return Some((last - 1, d));
    }
    Some((last, d))
}

/// A line that can be an organisation's name: short, no sentence, no
/// heading number, no month.
fn is_org(line: &str) -> bool {
    line.chars().count() <= 30
        && !has_sentence_punct(line)
        && !line.contains('。')
        && super::classify::heading_marker(line).is_none()
        && super::months::month_line(line).is_none()
        && date_line(line).is_none()
        && !super::kind::names_a_document(line)
}

fn arabic_date(s: &str) -> Option<NaiveDate> {
    let (year, rest) = four_digit_year(s)?;
    let (month, day, rest) = if let Some(rest) = rest.strip_prefix('年') {
        let (m, rest) = leading_number(rest, 2)?;
        let (d, rest) = leading_number(rest.strip_prefix('月')?, 2)?;
        let rest = rest
            .strip_prefix('日')
            .or_else(|| rest.strip_prefix('号'))?;
        (m, d, rest)
    } else {
        let sep = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '.' | '-' | '/'))?;
        let (m, rest) = leading_number(&rest[1..], 2)?;
        let (d, rest) = leading_number(rest.strip_prefix(sep)?, 2)?;
        (m, d, rest)
    };
    if !rest.is_empty() {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// 二〇二二年三月二十五日
fn chinese_date(s: &str) -> Option<NaiveDate> {
    let (year, rest) = chinese_year(s)?;
    let rest = rest.strip_prefix('年')?;
    let (m, rest) = leading_zh_number(rest)?;
    let (d, rest) = leading_zh_number(rest.strip_prefix('月')?)?;
    if !(rest == "日" || rest == "号") {
        return None;
    }
    NaiveDate::from_ymd_opt(year, m, d)
}

/// A four-digit year 1900..=2099 at the start of `s`, not followed by a digit.
fn four_digit_year(s: &str) -> Option<(i32, &str)> {
    let (n, rest) = leading_number(s, 4)?;
    let year = i32::try_from(n).ok()?;
    (1900..=2099).contains(&year).then_some((year, rest))
}

/// The first year written as 19xx年 or 20xx年 (digits) in `text`.
pub(crate) fn first_year(text: &str) -> Option<i32> {
    let mut prev_digit = false;
    for (i, c) in text.char_indices() {
        let is_digit = digit(c).is_some();
        if is_digit
            && !prev_digit
            && let Some((year, rest)) = four_digit_year(&text[i..])
            && rest.starts_with('年')
        {
            return Some(year);
        }
        prev_digit = is_digit;
    }
    None
}

/// A year in a title written without 年: "某镇政协2024工作计划".
pub(crate) fn bare_year(title: &str) -> Option<i32> {
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let starts_run = digit(c).is_some() && (k == 0 || digit(chars[k - 1].1).is_none());
        if starts_run
            && let Some((year, rest)) = four_digit_year(&title[i..])
            && !rest.starts_with(|c: char| digit(c).is_some())
        {
            return Some(year);
        }
    }
    None
}

/// A placeholder standing where a year should be: "20xx" or "xx年", as written.
pub(crate) fn placeholder_year(text: &str) -> Option<String> {
    let is_x = |c: char| matches!(c, 'x' | 'X' | '×' | 'ｘ' | 'Ｘ');
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, _)) in chars.iter().enumerate() {
        let run = chars[k..].iter().take_while(|(_, c)| is_x(*c)).count();
        if run < 2 || k > 0 && is_x(chars[k - 1].1) {
            continue;
        }
        let end = chars.get(k + run).map_or(text.len(), |(j, _)| *j);
        let before_20 = k >= 2 && chars[k - 2].1 == '2' && chars[k - 1].1 == '0';
        if before_20 && run == 2 {
            return Some(text[chars[k - 2].0..end].to_owned());
        }
        if text[end..].starts_with('年') {
            let start = if before_20 { chars[k - 2].0 } else { i };
            return Some(format!("{}年", &text[start..end]));
        }
    }
    None
}

/// "（2023年）" or "(2023年度)" alone on a line: the year the text export
/// writes under a title that does not name it.
pub(crate) fn year_line(line: &str) -> Option<i32> {
    let inner = line.strip_prefix('（').or_else(|| line.strip_prefix('('))?;
    let inner = inner
        .strip_suffix('）')
        .or_else(|| inner.strip_suffix(')'))?;
    let (year, rest) = four_digit_year(inner)?;
    matches!(rest, "年" | "年度").then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_people_type_them() {
        let d = NaiveDate::from_ymd_opt(2022, 3, 28);
        for typed in [
            "2022-03-28",
            "2022-3-28",
            "2022/3/28",
            "2022.3.28",
            "2022年3月28日",
            "2022年03月28号",
            "二〇二二年三月二十八日",
            "２０２２－０３－２８",
            "２０２２年３月２８日",
            " 2022-03-28 ",
        ] {
            assert_eq!(typed_date(typed), d, "{typed}");
        }
        for typed in ["2022-02-30", "2022年3月", "28/3/2022", "", "明天"] {
            assert_eq!(typed_date(typed), None, "{typed}");
        }
        for typed in ["2025", "２０２５", "2025年", "二〇二五", "二〇二五年度"] {
            assert_eq!(typed_year(typed), Some(2025), "{typed}");
        }
        for typed in ["25", "20255", "2025-1", "公元2025"] {
            assert_eq!(typed_year(typed), None, "{typed}");
        }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test input")
    }

    #[test]
    fn date_lines() {
        let plain = |s: &str| date_line(s).map(|d| (d.org, d.date));
        assert_eq!(plain("2022年3月25日"), Some((None, ymd(2022, 3, 25))));
        assert_eq!(plain("2019.2.26"), Some((None, ymd(2019, 2, 26))));
        assert_eq!(plain("2019-02-26"), Some((None, ymd(2019, 2, 26))));
        assert_eq!(plain("2019/2/26"), Some((None, ymd(2019, 2, 26))));
        assert_eq!(
            plain("二〇二二年三月二十五日"),
            Some((None, ymd(2022, 3, 25)))
        );
        assert_eq!(
            plain("XX镇人民政府\u{3000}2022年3月25日"),
            Some((Some("XX镇人民政府".into()), ymd(2022, 3, 25)))
        );
        for not in [
            "2022年3月25日，召开会议",
            "截至2022年3月25日",
            "2022年政协工作分月工作计划",
            "2022年2月30日",
            "2019.2",
            "2011年，将在市中医院帮扶",
            "我们认真开展了工作，取得成效 2022年3月25日",
        ] {
            assert_eq!(plain(not), None, "{not}");
        }
    }

    #[test]
    fn years_and_placeholders() {
        assert_eq!(
            first_year("经我从事20余年的卫生工作，2011年，将"),
            Some(2011)
        );
        assert_eq!(first_year("按照市政协2022年工作要点"), Some(2022));
        assert_eq!(first_year("12023年"), None);
        assert_eq!(first_year("2019.2.26"), None);
        assert_eq!(first_year("3000年"), None);
        assert_eq!(
            placeholder_year("20xx年我镇工作的指导思想").as_deref(),
            Some("20xx")
        );
        assert_eq!(
            placeholder_year("xx年上半年，区政协").as_deref(),
            Some("xx年")
        );
        assert_eq!(placeholder_year("20XX年").as_deref(), Some("20XX"));
        assert_eq!(placeholder_year("以xxx理论为指导"), None);
        assert_eq!(placeholder_year("编制“xx”规划"), None);
        assert_eq!(bare_year("某镇政协2024工作计划"), Some(2024));
        assert_eq!(bare_year("青禾中学2024-2025学年工作计划"), Some(2024));
        assert_eq!(bare_year("编号12024"), None);
        assert_eq!(year_line("（2023年）"), Some(2023));
        assert_eq!(year_line("(2023年度)"), Some(2023));
        assert_eq!(year_line("（2023年3月）"), None);
    }
}
