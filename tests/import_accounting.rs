//! No line is lost silently: for every fixture, every corpus document and the
//! seed, every non-blank character of the input lands in a plan (title,
//! intro, headings, bodies, targets, tasks, org, date, schedule) or in the
//! list of lines the importer could not place.
//!
//! The check is independent of the importer: it strips numbering markers and
//! month labels by the simple rules below, then counts letters and digits
//! (punctuation aside) on both sides. Every one of the input's must be there.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::Datelike;
use plandesk::import::{ImportError, ImportOptions, ImportResult, import_bytes};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn texts(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("test setup") {
        let path = entry.expect("test setup").path();
        if path.is_dir() {
            out.extend(texts(&path));
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The file's text, decoded as the importer would (UTF-8, else GB18030).
fn decoded(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

const NUMERALS: &str = "一二三四五六七八九十〇零壹贰叁肆伍陆柒捌玖拾";

fn numeral(c: char) -> bool {
    NUMERALS.contains(c) || c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn circled(c: char) -> bool {
    matches!(u32::from(c), 0x2460..=0x2473 | 0x3251..=0x325F | 0x32B1..=0x32BF)
}

/// The line without the numbering markers and month labels an importer may
/// leave out: 一、 （一） (1) 1. ① 一是 篇一 第一篇, 二月份： 第一季度 1-3月.
fn strip_markers(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let at_start = i == 0 || matches!(chars[i - 1], '。' | '；' | '：' | ' ' | '\u{3000}');
        let run = chars[i..].iter().take_while(|c| numeral(**c)).count();
        let next = chars.get(i + run).copied();
        let after = chars.get(i + run + 1).copied();
        // 一、 1、 (anywhere); 1. 1． 1) 一是 at a sentence start.
        if run > 0 && run <= 3 && next == Some('、') {
            i += run + 1;
            continue;
        }
        if run > 0
            && run <= 2
            && at_start
            && matches!(next, Some('.' | '．' | ')' | '）' | '是'))
            && !after.is_some_and(|c| c.is_ascii_digit())
        {
            i += run + 1;
            continue;
        }
        // （一） (1)
        if matches!(chars[i], '（' | '(') {
            let inner = chars[i + 1..].iter().take_while(|c| numeral(**c)).count();
            if inner > 0 && matches!(chars.get(i + 1 + inner), Some('）' | ')')) {
                i += inner + 2;
                continue;
            }
        }
        if circled(chars[i]) {
            i += 1;
            continue;
        }
        // 篇一 篇1 第一篇
        if chars[i] == '篇' && run == 0 {
            let n = chars[i + 1..].iter().take_while(|c| numeral(**c)).count();
            if n > 0 {
                i += n + 1;
                continue;
            }
        }
        // 第一篇 第一季度 第一、 第一，
        if chars[i] == '第' {
            let n = chars[i + 1..].iter().take_while(|c| numeral(**c)).count();
            if n > 0 && matches!(chars.get(i + 1 + n), Some('篇' | '季' | '、' | '，')) {
                i += n + 2;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    strip_month_label(&out)
}

/// "二月份：", "七、八月份", "1-3月", "季度", "月份" at the start (the months a
/// task is in, which the plan keeps as a number), with the word a label may
/// carry ("二月主题："); the extension of a file name ("….docx"); the 及 of
/// a "总结及计划" title, which becomes two plans' titles.
fn strip_month_label(line: &str) -> String {
    let line = line.trim();
    let chars: Vec<char> = line.chars().collect();
    let label = chars
        .iter()
        .take_while(|c| {
            numeral(**c)
                || matches!(
                    c,
                    '月' | '份' | '至' | '到' | '-' | '－' | '—' | '~' | '～' | '季' | '度'
                )
        })
        .count();
    let mut out: String = if label > 0 && chars[..label].iter().any(|c| matches!(c, '月' | '季'))
    {
        let rest: String = chars[label..].iter().collect();
        [
            "工作重点",
            "工作安排",
            "主题",
            "重点",
            "安排",
            "任务",
            "活动",
            "计划",
            "工作",
        ]
        .iter()
        .find_map(|w| rest.strip_prefix(w).filter(|r| r.starts_with(['：', ':'])))
        .unwrap_or(&rest)
        .to_owned()
    } else {
        line.to_owned()
    };
    for ending in [".docx", ".doc", ".wps", ".pdf", ".txt"] {
        if let Some(stem) = out.strip_suffix(ending) {
            out = stem.to_owned();
        }
    }
    for joiner in ["总结及", "总结和", "总结与", "总结暨"] {
        out = out.replace(joiner, "总结");
    }
    out
}

fn counts(s: &str, into: &mut HashMap<char, usize>) {
    for c in s.chars().filter(|c| c.is_alphanumeric()) {
        *into.entry(c).or_insert(0) += 1;
    }
}

/// Everything the result holds, as text.
fn result_text(r: &ImportResult) -> String {
    let mut out = String::new();
    let mut push = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    if let Some(t) = &r.collection_title {
        push(t);
    }
    for u in &r.unplaced {
        push(&u.text);
    }
    for imported in &r.plans {
        let p = &imported.plan;
        push(&p.title);
        push(&p.intro);
        for s in &p.sections {
            push(&s.heading);
            push(&s.body);
        }
        for t in &p.targets {
            push(&t.name);
            push(&t.target);
        }
        push(&p.schedule);
        for t in &p.tasks {
            push(&t.text);
            if let Some(period) = &t.period {
                push(period);
            }
        }
        if let Some(org) = &p.org {
            push(org);
        }
        if let Some(d) = p.date {
            push(&format!("{}年{}月{}日", d.year(), d.month(), d.day()));
            push(&zh_date(d));
        }
        for u in &imported.unplaced {
            push(&u.text);
        }
    }
    out
}

/// 二〇〇八年二月一日, the way a date may be written.
fn zh_date(d: chrono::NaiveDate) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let year: String = d
        .year()
        .to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).map(|n| DIGITS[n as usize]))
        .collect();
    let small = |n: u32| -> String {
        match n {
            1..=9 => DIGITS[n as usize].to_string(),
            10 => "十".into(),
            11..=19 => format!("十{}", DIGITS[(n - 10) as usize]),
            _ => format!(
                "{}十{}",
                DIGITS[(n / 10) as usize],
                if n.is_multiple_of(10) {
                    String::new()
                } else {
                    DIGITS[(n % 10) as usize].to_string()
                }
            ),
        }
    };
    format!("{year}年{}月{}日", small(d.month()), small(d.day()))
}

/// The characters of `input` (markers aside) missing from `r`, with the
/// lines they stand on.
fn lost(input: &str, r: &ImportResult) -> Vec<String> {
    let mut have = HashMap::new();
    counts(&result_text(r), &mut have);
    let mut missing = Vec::new();
    for (no, line) in input.split('\n').enumerate() {
        let mut need = HashMap::new();
        counts(&strip_markers(line.trim()), &mut need);
        let mut gone = String::new();
        let mut chars: Vec<(char, usize)> = need.into_iter().collect();
        chars.sort();
        for (c, n) in chars {
            let left = have.entry(c).or_insert(0);
            if *left < n {
                gone.push(c);
            }
            *left = left.saturating_sub(n);
        }
        if !gone.is_empty() {
            missing.push(format!("line {}: {gone} of «{}»", no + 1, line.trim()));
        }
    }
    missing
}

fn import(bytes: &[u8]) -> Option<ImportResult> {
    match import_bytes(bytes, &ImportOptions::default()) {
        Ok(r) => Some(r),
        Err(ImportError::PlaceholderYear { .. } | ImportError::NoYear { .. }) => {
            Some(import_bytes(bytes, &ImportOptions { year: Some(2024) }).expect("test setup"))
        }
        Err(ImportError::Empty | ImportError::Binary { .. }) => None,
        // Text fixtures only: a Word file is not read here.
        Err(e @ (ImportError::OldWord { .. } | ImportError::Docx { .. })) => {
            panic!("a text fixture read as Word: {e}")
        }
        Err(e @ ImportError::Read { .. }) => panic!("import_bytes reads no file: {e}"),
    }
}

#[test]
fn every_character_of_every_fixture_lands_somewhere() {
    let files = texts(&root().join("tests/fixtures/import"));
    let corpus = files
        .iter()
        .filter(|f| f.components().any(|c| c.as_os_str() == "corpus"))
        .count();
    let seed = files
        .iter()
        .filter(|f| f.components().any(|c| c.as_os_str() == "seed"))
        .count();
    assert!(corpus >= 20 && seed == 1, "corpus {corpus}, seed {seed}");
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in &files {
        let bytes = std::fs::read(path).expect("test setup");
        let Some(result) = import(&bytes) else {
            continue;
        };
        checked += 1;
        let missing = lost(&decoded(&bytes), &result);
        if !missing.is_empty() {
            failures.push(format!("{}:\n  {}", path.display(), missing.join("\n  ")));
        }
    }
    assert!(checked >= 40, "only {checked} files checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_check_sees_a_lost_line() {
    let text = "某镇2024年工作计划\n一、学习\n正文一句。\n";
    let mut r = import(text.as_bytes()).expect("imports");
    assert!(lost(text, &r).is_empty());
    r.plans[0].plan.sections[0].body.clear();
    assert_eq!(lost(text, &r), ["line 3: 一句文正 of «正文一句。»"]);
    assert_eq!(strip_markers("（二）聚焦中心"), "聚焦中心");
    assert_eq!(
        strip_markers("三、 2月份（春节前）开展检查"),
        "（春节前）开展检查"
    );
    assert_eq!(strip_markers("增长8.5%"), "增长8.5%");
}
