//! A suggested file name for an imported plan: pinyin initials of its title.

use pinyin::ToPinyin;

use crate::model::Kind;

use super::lines::{digit, is_zh_digit};

const MAX_LEN: usize = 32;

/// "乡镇政协工作总结及计划篇三" in a collection → "xzzxgzzjjjh-3". Years, the
/// document number and bracketed asides are left out of the initials.
pub(crate) fn suggest(title: &str, number: Option<u32>, kind: Kind) -> String {
    let core = strip_asides(title);
    let mut initials = String::new();
    for c in core.chars() {
        if c.is_ascii_alphanumeric() {
            initials.push(c.to_ascii_lowercase());
        } else if let Some(p) = c.to_pinyin() {
            // Plain pinyin may start with ê; a slug holds ASCII only.
            initials.extend(p.first_letter().chars().filter(char::is_ascii_lowercase));
        }
    }
    let suffix = number.map(|n| format!("-{n}")).unwrap_or_default();
    let room = MAX_LEN.saturating_sub(suffix.len());
    initials.truncate(room);
    if initials.is_empty() {
        initials.push_str(kind.as_str());
    }
    initials + &suffix
}

/// The title without its years ("2022年", "20xx年度"), its 篇三 / 第三篇
/// number, and bracketed parts such as "(精选5篇)".
fn strip_asides(title: &str) -> String {
    let mut t = title.to_owned();
    if let Some(at) = t.rfind('篇')
        && t[at + '篇'.len_utf8()..]
            .chars()
            .all(|c| is_zh_digit(c) || digit(c).is_some())
    {
        t.truncate(at);
    }
    if let Some(rest) = t.strip_prefix('第')
        && let Some(at) = rest.find('篇')
        && rest[..at]
            .chars()
            .all(|c| is_zh_digit(c) || digit(c).is_some())
    {
        t = rest[at + '篇'.len_utf8()..].to_owned();
    }
    let mut out = String::new();
    let mut depth = 0u32;
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            _ => {
                // A year: digits or x's followed by 年 (and 度).
                let run = chars[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit() || matches!(c, 'x' | 'X' | '×'))
                    .count();
                if run >= 2 && chars.get(i + run) == Some(&'年') {
                    i += run + 1;
                    if chars.get(i) == Some(&'度') {
                        i += 1;
                    }
                    continue;
                }
                out.push(c);
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_without_years_and_numbers() {
        assert_eq!(
            suggest("乡镇政协工作总结及计划篇三", Some(3), Kind::Plan),
            "xzzxgzzjjjh-3"
        );
        assert_eq!(
            suggest("乡镇政协工作总结及计划", None, Kind::Plan),
            "xzzxgzzjjjh"
        );
        assert_eq!(
            suggest("汪场镇2022年工作计划（草案）", None, Kind::Plan),
            "wczgzjh"
        );
        assert_eq!(
            suggest("20xx年ABC小学工作要点", None, Kind::Plan),
            "abcxxgzyd"
        );
        assert_eq!(suggest("2022年", None, Kind::Summary), "summary");
        let long = suggest(&"政协".repeat(40), Some(12), Kind::Plan);
        assert_eq!(long.len(), 32);
        assert!(long.ends_with("-12"));
    }
}
