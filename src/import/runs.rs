//! Headings swallowed into the line before them: "…落到实处。四、主要活动",
//! "2、…活动。3、…". A line is cut before a heading number that follows a
//! full stop when that number is the next one of its style: the number after
//! the line's own, or after the last one the document gave that style. A
//! first number (一、) is taken only for a short heading that ends the line.

use crate::model::NumberStyle;

use super::classify::heading_marker;
use super::lines::{Line, has_sentence_punct};

/// `lines` with every swallowed heading on a line of its own; the pieces of
/// a cut line keep its line number.
pub(crate) fn unrun(lines: &[Line]) -> Vec<Line> {
    let mut last: Vec<(NumberStyle, u32)> = Vec::new();
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let mut rest = line.text.as_str();
        loop {
            if let Some(m) = heading_marker(rest) {
                remember(&mut last, m.style, m.number);
            }
            match cut(rest, &last) {
                Some(at) => {
                    out.push(Line {
                        no: line.no,
                        text: rest[..at].trim().to_owned(),
                    });
                    rest = rest[at..].trim();
                }
                None => {
                    out.push(Line {
                        no: line.no,
                        text: rest.to_owned(),
                    });
                    break;
                }
            }
        }
    }
    out
}

fn remember(last: &mut Vec<(NumberStyle, u32)>, style: NumberStyle, number: u32) {
    match last.iter_mut().find(|(s, _)| *s == style) {
        Some(entry) => entry.1 = number,
        None => last.push((style, number)),
    }
}

/// Where in `text` a swallowed heading starts, if one does.
fn cut(text: &str, last: &[(NumberStyle, u32)]) -> Option<usize> {
    text.match_indices('。').find_map(|(at, stop)| {
        let start = at + stop.len();
        let after = text[start..].trim_start();
        let m = heading_marker(after)?;
        // 一是 items run on in a paragraph by nature.
        if m.style == NumberStyle::Enumerated {
            return None;
        }
        let next = last
            .iter()
            .find(|(s, _)| *s == m.style)
            .is_some_and(|(_, n)| m.number == n + 1);
        let first = m.number == 1
            && !last.iter().any(|(s, _)| *s == m.style)
            && m.rest.chars().count() <= 20
            && !has_sentence_punct(&m.rest)
            && !m.rest.contains('。');
        (next || first).then(|| text.len() - after.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::split_lines;

    fn texts(text: &str) -> Vec<String> {
        unrun(&split_lines(text))
            .into_iter()
            .map(|l| l.text)
            .collect()
    }

    #[test]
    fn swallowed_headings_get_their_own_line() {
        assert_eq!(
            texts("一、指导思想\n确保各项工作落到实处。二、工作目标\n正文。"),
            [
                "一、指导思想",
                "确保各项工作落到实处。",
                "二、工作目标",
                "正文。"
            ]
        );
        assert_eq!(
            texts("1、加强排查。每月一次。2、深化管理。实现全覆盖。3、推进建设。"),
            [
                "1、加强排查。每月一次。",
                "2、深化管理。实现全覆盖。",
                "3、推进建设。"
            ]
        );
        assert_eq!(
            texts("县科协将服务发展，确保落到实处。一、主要目标"),
            ["县科协将服务发展，确保落到实处。", "一、主要目标"]
        );
    }

    #[test]
    fn numbers_that_are_not_the_next_heading_stay() {
        for line in [
            "1、学习。3、不是下一个。",
            "一、学习\n正文。五、跳了号",
            "正文。一、这是一个很长的句子，带着标点符号。",
            "一是学习。二是培训。",
        ] {
            assert_eq!(texts(line).len(), split_lines(line).len(), "{line}");
        }
    }
}
