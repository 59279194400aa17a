//! What a web page or a document site leaves above a plan copied from it:
//! the file name, counters and dates ("• 0", "约6千字", "发布时间：…"), a
//! preface addressed to readers ("下面是小编为你整理了…"), the title said
//! twice. Such lines go to the unplaced list, never into a plan; a file
//! name stands in for a title the page lost.

use super::Unplaced;
use super::lines::{Line, digit, has_sentence_punct};

/// Words of a preface addressed to the page's readers.
const PREFACE: [&str; 12] = [
    "小编",
    "为你整理",
    "为您整理",
    "为大家整理",
    "为大家带来",
    "为你带来",
    "欢迎阅读",
    "欢迎大家阅读",
    "仅供参考",
    "供大家参考",
    "希望对你有",
    "希望对您有",
];

/// Labels of a page's counters and dates ("发布时间：2024-03-10").
const COUNTERS: [&str; 14] = [
    "发布时间",
    "发布日期",
    "更新时间",
    "上传时间",
    "时间",
    "日期",
    "来源",
    "作者",
    "编辑",
    "责任编辑",
    "阅读",
    "浏览",
    "点击",
    "字数",
];

const FILE_ENDINGS: [&str; 6] = [".docx", ".doc", ".wps", ".pdf", ".txt", ".rtf"];

/// The lines of the file without the clutter above its first heading, and
/// the clutter, each with why it was left out.
pub(crate) fn strip(lines: &[Line]) -> (Vec<Line>, Vec<Unplaced>) {
    let head = lines
        .iter()
        .position(|l| super::classify::heading_marker(&l.text).is_some())
        .unwrap_or(lines.len());
    let mut kept: Vec<Line> = Vec::with_capacity(lines.len());
    let mut unplaced = Vec::new();
    let mut out = |line: &Line, why: &str| {
        unplaced.push(Unplaced {
            line: line.no,
            text: line.text.clone(),
            why: why.to_owned(),
        })
    };
    for (i, line) in lines.iter().enumerate() {
        if i >= head {
            kept.push(line.clone());
            continue;
        }
        let text = line.text.as_str();
        if let Some(stem) = file_stem(text) {
            // The title stands below the file name, or the file name is all
            // that is left of it.
            let title_below = lines[i + 1..head]
                .iter()
                .any(|l| !is_clutter(&l.text) && is_title_like(&l.text));
            if title_below || stem.is_empty() {
                out(line, "a file name above the document");
            } else {
                kept.push(Line {
                    no: line.no,
                    text: stem.to_owned(),
                });
            }
        } else if is_counter(text) {
            out(line, "a web page's counter or date");
        } else if is_preface(text) {
            out(line, "a preface addressed to the page's readers");
        } else if kept.last().is_some_and(|k| k.text == text) {
            out(line, "the title said again");
        } else {
            kept.push(line.clone());
        }
    }
    (kept, unplaced)
}

fn is_clutter(text: &str) -> bool {
    file_stem(text).is_some() || is_counter(text) || is_preface(text)
}

fn is_title_like(text: &str) -> bool {
    text.chars().count() <= 50 && !has_sentence_punct(text)
}

/// "2024年乡镇文化站工作计划.docx" → "2024年乡镇文化站工作计划".
fn file_stem(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    FILE_ENDINGS
        .iter()
        .find(|e| lower.ends_with(**e))
        .map(|e| text[..text.len() - e.len()].trim())
}

/// "• 0", "0", "约6千字", "共3页", "发布时间：2024-03-10 08:12".
fn is_counter(text: &str) -> bool {
    let t = text.trim();
    if t.chars().all(|c| {
        digit(c).is_some() || c.is_whitespace() || matches!(c, '•' | '·' | '|' | '/' | '-')
    }) {
        return true;
    }
    let words: String = t.chars().filter(|c| digit(*c).is_none()).collect();
    if t.chars().count() <= 12
        && t.chars().any(|c| digit(c).is_some())
        && ["约千字", "约字", "千字", "共页", "字"].contains(&words.as_str())
    {
        return true;
    }
    COUNTERS.iter().any(|label| {
        t.strip_prefix(label)
            .and_then(|rest| rest.trim_start().strip_prefix(['：', ':']))
            .is_some_and(|value| {
                // A time or a count is in digits; a name (来源, 作者) is short.
                let dated = !label.contains("时间") && !label.contains("日期")
                    || value.chars().any(|c| digit(c).is_some());
                dated
                    && value.chars().count() <= 30
                    && !value.contains('。')
                    && !value.contains('，')
            })
    })
}

fn is_preface(text: &str) -> bool {
    PREFACE.iter().any(|w| text.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::split_lines;

    #[test]
    fn page_clutter_is_set_aside_and_a_file_name_can_be_the_title() {
        let lines = split_lines(
            "工作计划.docx\n• 0\n约6千字\n发布时间：2024-03-10 08:12\n下面是小编为你整理了工作计划，欢迎阅读。\n某镇2024年工作计划\n某镇2024年工作计划\n一、学习\n时间：每周一",
        );
        let (kept, out) = strip(&lines);
        let kept: Vec<&str> = kept.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(kept, ["某镇2024年工作计划", "一、学习", "时间：每周一"]);
        let lines_out: Vec<usize> = out.iter().map(|u| u.line).collect();
        assert_eq!(lines_out, [1, 2, 3, 4, 5, 7]);

        let lines = split_lines("大河镇2024年防汛工作方案.docx\n发布时间：2024-04-02\n一、目标");
        let (kept, out) = strip(&lines);
        assert_eq!(kept[0].text, "大河镇2024年防汛工作方案");
        assert_eq!(out.len(), 1);
    }

    #[test]
    fn plain_openings_are_kept() {
        let lines = split_lines(
            "某镇2024年工作计划\n2024年，我镇将继续努力。\n时间紧，任务重。\n时间：全年\n一、学习",
        );
        let (kept, out) = strip(&lines);
        assert_eq!(kept.len(), 5, "{kept:?} {out:?}");
        assert!(out.is_empty());
    }
}
