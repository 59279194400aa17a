//! Lines of a document and the punctuation questions asked about them.

/// One non-blank line of the input, trimmed (full-width spaces too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// 1-based, counted in the input after line ends are normalised.
    pub no: usize,
    pub text: String,
}

/// The non-blank lines of `text`. Blank lines carry no meaning in these
/// documents: every paragraph is a line, and page breaks leave blank lines
/// in the middle of sentences.
pub(crate) fn split_lines(text: &str) -> Vec<Line> {
    text.split('\n')
        .enumerate()
        .filter_map(|(i, raw)| {
            let t = raw.trim();
            (!t.is_empty()).then(|| Line {
                no: i + 1,
                text: t.to_owned(),
            })
        })
        .collect()
}

/// Whether a paragraph ends a sentence. One that does not, followed by a
/// plain line, was cut by a page break.
pub(crate) fn ends_sentence(s: &str) -> bool {
    s.chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '。' | '！'
                | '？'
                | '；'
                | '：'
                | '…'
                | '）'
                | '」'
                | '』'
                | '”'
                | '!'
                | '?'
                | ';'
                | ':'
                | '.'
                | ')'
        )
    })
}

/// Punctuation that only sentences have; a heading-like line has none.
pub(crate) fn has_sentence_punct(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(
            c,
            '，' | '。' | '；' | '：' | '！' | '？' | ',' | ';' | ':' | '!' | '?'
        )
    })
}

/// Clauses of a sentence, split on ，；。 and ： (and their ASCII twins but
/// the comma, which also groups digits: 6,000), trimmed.
pub(crate) fn clauses(s: &str) -> impl Iterator<Item = &str> {
    s.split(['，', '；', '。', '！', '？', '：', ';', '!', '?', ':'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
}

/// Traditional characters the importer's words are written with, and their
/// simplified forms: enough to read a plan written in traditional script.
const TRADITIONAL: [(char, char); 40] = [
    ('計', '计'),
    ('劃', '划'),
    ('總', '总'),
    ('結', '结'),
    ('點', '点'),
    ('題', '题'),
    ('務', '务'),
    ('動', '动'),
    ('於', '于'),
    ('達', '达'),
    ('過', '过'),
    ('長', '长'),
    ('實', '实'),
    ('現', '现'),
    ('確', '确'),
    ('參', '参'),
    ('場', '场'),
    ('戶', '户'),
    ('個', '个'),
    ('項', '项'),
    ('員', '员'),
    ('萬', '万'),
    ('億', '亿'),
    ('規', '规'),
    ('舉', '举'),
    ('辦', '办'),
    ('開', '开'),
    ('與', '与'),
    ('組', '组'),
    ('織', '织'),
    ('訪', '访'),
    ('編', '编'),
    ('發', '发'),
    ('訓', '训'),
    ('設', '设'),
    ('書', '书'),
    ('時', '时'),
    ('韌', '韧'),
    ('標', '标'),
    ('這', '这'),
];

/// `s` with the traditional characters the importer looks for made
/// simplified, one character for one of the same UTF-8 length, so byte
/// offsets into the result are offsets into `s`.
pub(crate) fn simplified(s: &str) -> String {
    s.chars()
        .map(|c| {
            TRADITIONAL
                .iter()
                .find(|(t, _)| *t == c)
                .map_or(c, |&(_, simple)| simple)
        })
        .collect()
}

/// A decimal digit, ASCII or full-width, as its value.
pub(crate) fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The characters of a Chinese numeral (一 … 九十九).
pub(crate) fn is_zh_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '〇' | '零'
    )
}

/// The leading run of `s` whose characters satisfy `f`, and the rest.
pub(crate) fn split_run(s: &str, f: impl Fn(char) -> bool) -> (&str, &str) {
    let end = s.find(|c: char| !f(c)).unwrap_or(s.len());
    s.split_at(end)
}

/// A leading number of up to `max_digits` digits (ASCII or full-width) and the rest.
pub(crate) fn leading_number(s: &str, max_digits: usize) -> Option<(u32, &str)> {
    let (digits, rest) = split_run(s, |c| digit(c).is_some());
    let count = digits.chars().count();
    if count == 0 || count > max_digits {
        return None;
    }
    let n = digits
        .chars()
        .filter_map(digit)
        .fold(0u32, |n, d| n * 10 + d);
    Some((n, rest))
}

/// A leading Chinese numeral (as `parse_chinese_numeral` reads it) and the rest.
pub(crate) fn leading_zh_number(s: &str) -> Option<(u32, &str)> {
    let (numeral, rest) = split_run(s, is_zh_digit);
    let n = crate::model::numbering::parse_chinese_numeral(numeral)?;
    Some((n, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_dropped_and_numbers_kept() {
        let lines = split_lines("\n标题\n\n\u{3000}\u{3000}正文。 \n");
        assert_eq!(
            lines,
            vec![
                Line {
                    no: 2,
                    text: "标题".into()
                },
                Line {
                    no: 4,
                    text: "正文。".into()
                }
            ]
        );
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("学有所获。"));
        assert!(ends_sentence("指导思想是："));
        assert!(ends_sentence("（社区）"));
        assert!(!ends_sentence("引进宁乡城投集团和中信集团联合进驻，启"));
        assert!(!ends_sentence("在冬尖、"));
        assert!(!ends_sentence(""));
    }

    #[test]
    fn traditional_characters_map_to_simplified_of_the_same_length() {
        for (t, s) in TRADITIONAL {
            assert_ne!(t, s);
            assert_eq!(t.len_utf8(), s.len_utf8(), "{t}");
        }
        assert_eq!(simplified("工作計劃不少於20場"), "工作计划不少于20场");
    }

    #[test]
    fn numbers_at_the_start() {
        assert_eq!(leading_number("12、学习", 2), Some((12, "、学习")));
        assert_eq!(leading_number("１２．学习", 2), Some((12, "．学习")));
        assert_eq!(leading_number("2019.2.26", 2), None);
        assert_eq!(leading_zh_number("十二月：学习"), Some((12, "月：学习")));
        assert_eq!(leading_zh_number("学习"), None);
        assert_eq!(
            clauses("地区生产总值增长10%，财政总收入增长40%；").collect::<Vec<_>>(),
            ["地区生产总值增长10%", "财政总收入增长40%"]
        );
    }
}
