//! Plan or summary, and the 总结及计划 document that is both: its plan part,
//! numbered from 一、 again, becomes a plan of its own.

use crate::model::Kind;

use super::YearSource;
use super::dates::first_year;
use super::lines::{Line, ends_sentence};
use super::outline::Outline;

const PLAN_WORDS: [&str; 5] = ["计划", "要点", "安排", "打算", "规划"];

/// Whether a line names a kind of document (总结, 计划, 要点…), as a title does.
pub(crate) fn names_a_document(line: &str) -> bool {
    let line = super::lines::simplified(line);
    line.contains("总结") || PLAN_WORDS.iter().any(|w| line.contains(w))
}

/// The kind the title names, if it names only one.
pub(crate) fn title_kind(title: &str) -> Option<Kind> {
    let title = super::lines::simplified(title);
    let summary = title.contains("总结");
    let plan = PLAN_WORDS.iter().any(|w| title.contains(w));
    match (summary, plan) {
        (true, false) => Some(Kind::Summary),
        (false, true) => Some(Kind::Plan),
        _ => None,
    }
}

/// Whether a text opens by looking back: "上半年，…", "xx年上半年，…",
/// "今年以来…", "一年来…", "去年…", "过去…".
pub(crate) fn opens_with_past(text: &str) -> bool {
    let t = strip_leading_year(text.trim_start());
    const PAST: [&str; 9] = [
        "上半年",
        "今年以来",
        "今年上半年",
        "本年度以来",
        "年初以来",
        "半年来",
        "去年",
        "过去",
        "近年来",
    ];
    if PAST.iter().any(|w| t.starts_with(w)) {
        return true;
    }
    // 一年来, 两年来, 三年来…
    let mut chars = t.chars();
    matches!(
        chars.next(),
        Some('一' | '两' | '二' | '三' | '四' | '五' | '几' | '多')
    ) && chars.as_str().starts_with("年来")
}

/// "2023年", "2023年度", "20xx年", "xx年" at the start, and a comma after it.
fn strip_leading_year(t: &str) -> &str {
    let (lead, rest) =
        super::lines::split_run(t, |c| c.is_ascii_digit() || matches!(c, 'x' | 'X' | '×'));
    if lead.chars().count() < 2 {
        return t;
    }
    let Some(rest) = rest.strip_prefix('年') else {
        return t;
    };
    let rest = rest.strip_prefix('度').unwrap_or(rest);
    rest.strip_prefix(['，', ',']).unwrap_or(rest).trim_start()
}

/// The kind of a document with this title and outline, when it is not split.
pub(crate) fn decide(title: &str, outline: &Outline) -> Kind {
    title_kind(title).unwrap_or_else(|| {
        let first = outline.prose().next().unwrap_or("");
        if opens_with_past(first) {
            Kind::Summary
        } else {
            Kind::Plan
        }
    })
}

/// Where the plan part of a 总结及计划 document starts: the index (into the
/// document's lines) of the line that opens it, if its numbering restarts at
/// one at the top level. Short lead lines right before the restart ("明年工作打算：")
/// belong to the plan part.
pub(crate) fn plan_part_start(title: &str, lines: &[Line], outline: &Outline) -> Option<usize> {
    if title_kind(title).is_some() || !title.contains("总结") {
        return None;
    }
    let sections = &outline.sections;
    let restart = sections.iter().enumerate().skip(1).find(|(k, s)| {
        s.depth == 1 && s.number == 1 && sections[..*k].iter().any(|p| p.depth == 1)
    })?;
    let mut start = restart.1.index;
    let previous_heading = sections[restart.0 - 1].index;
    while start > previous_heading + 1 && start + 2 > restart.1.index {
        let lead = &lines[start - 1].text;
        let leadish = lead.chars().count() <= 40
            && (!ends_sentence(lead) || lead.ends_with('：') || lead.ends_with(':'))
            && !lead.contains('。')
            && super::dates::date_line(lead).is_none()
            && super::months::month_line(lead).is_none();
        if !leadish {
            break;
        }
        start -= 1;
    }
    Some(start)
}

/// The year of the plan part: a later year it names, or the year after the
/// summary's when it says 明年 / 下一年 / 来年 / 新的一年.
pub(crate) fn plan_part_year(summary_year: i32, opening: &str) -> Option<(i32, YearSource)> {
    if let Some(y) = first_year(opening).filter(|y| *y > summary_year) {
        return Some((y, YearSource::Text));
    }
    ["明年", "下一年", "下年度", "来年", "新的一年", "新一年"]
        .iter()
        .any(|w| opening.contains(w))
        .then_some((summary_year + 1, YearSource::FollowingYear))
}

/// Titles for the two parts: "…工作总结及计划" → "…工作总结" and "…工作计划";
/// "…2022年工作总结及2023年工作计划" → "…2022年工作总结" and "…2023年工作计划".
pub(crate) fn part_titles(title: &str, summary_year: i32, plan_year: i32) -> (String, String) {
    for joiner in ["及", "和", "与", "暨", "、", "以及"] {
        for plan_word in PLAN_WORDS {
            let phrase = format!("总结{joiner}{plan_word}");
            if title.contains(&phrase) {
                let summary = title.replacen(&phrase, "总结", 1);
                let plan = title.replacen(&phrase, plan_word, 1).replacen(
                    &format!("{summary_year}年"),
                    &format!("{plan_year}年"),
                    1,
                );
                return (summary, plan);
            }
        }
    }
    if let Some(at) = title.find("总结") {
        let end = at + "总结".len();
        let rest = &title[end..];
        if let Some(rest) = ["以及", "及", "和", "与", "暨", "、"]
            .iter()
            .find_map(|j| rest.strip_prefix(j))
        {
            let summary = title[..end].to_owned();
            // Keep the organisation in front of the summary's year: "汪场镇".
            let org_end = summary.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
            let plan = if rest.starts_with(|c: char| c.is_ascii_digit()) {
                format!("{}{rest}", &summary[..org_end])
            } else {
                rest.to_owned()
            };
            return (summary, plan);
        }
    }
    (title.to_owned(), title.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_titles() {
        assert_eq!(title_kind("2022年工作总结"), Some(Kind::Summary));
        assert_eq!(title_kind("2023年工作要点"), Some(Kind::Plan));
        assert_eq!(title_kind("乡镇政协工作总结及计划篇三"), None);
    }

    #[test]
    fn past_openings() {
        assert!(opens_with_past("xx年上半年，区政协在区委领导下"));
        assert!(opens_with_past("2022年上半年，我们"));
        assert!(opens_with_past("一年来，我们"));
        assert!(opens_with_past("今年以来，在党委领导下"));
        assert!(!opens_with_past("20xx年我镇工作的指导思想是"));
        assert!(!opens_with_past("今年政府工作的指导思想是："));
        assert!(!opens_with_past("在新的形势下，乡镇卫生工作"));
    }

    #[test]
    fn part_titles_and_year() {
        assert_eq!(
            part_titles("某镇2022年工作总结及计划", 2022, 2023),
            ("某镇2022年工作总结".into(), "某镇2023年工作计划".into())
        );
        assert_eq!(
            part_titles("汪场镇2022年工作总结及2023年工作计划", 2022, 2023),
            ("汪场镇2022年工作总结".into(), "汪场镇2023年工作计划".into())
        );
        assert_eq!(
            plan_part_year(2022, "明年工作打算："),
            Some((2023, YearSource::FollowingYear))
        );
        assert_eq!(
            plan_part_year(2022, "2024年工作计划"),
            Some((2024, YearSource::Text))
        );
        assert_eq!(plan_part_year(2022, "下一步工作打算"), None);
    }
}
