//! Word's automatic numbering: the definitions of word/numbering.xml and the
//! numbered paragraph styles of word/styles.xml, and the counters Word keeps
//! while it lays out the document, so a paragraph reads with the number it shows.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::xml::{Reader, attr, is_w};
use crate::model::numbering::chinese_numeral;

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Level {
    pub start: Option<u32>,
    /// `w:numFmt`: decimal, chineseCounting, decimalEnclosedCircle…
    pub format: String,
    /// For `custom` formats, Word's sample: "一, 二, 三, ...".
    pub custom: Option<String>,
    /// `w:lvlText`: "%1、", "（%2）", "%1.%2".
    pub text: String,
    /// `w:lvlRestart`: restart after this (1-based) level; 0 never.
    pub restart: Option<u32>,
    /// `w:suff`: tab (the default), space or nothing.
    pub suffix: Option<String>,
    /// `w:pStyle`: the paragraph style this level belongs to.
    pub style: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: HashMap<u32, Level>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: u32,
    /// Per level: a start override and a whole level in its place.
    start_overrides: HashMap<u32, u32>,
    level_overrides: HashMap<u32, Level>,
}

/// A paragraph style's numbering, and what it is based on.
#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<u32>,
    ilvl: Option<u32>,
}

/// The numbering a paragraph asks for in its own `w:pPr`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct NumPr {
    pub num_id: Option<u32>,
    pub ilvl: Option<u32>,
}

/// The definitions and the running counters.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    nums: HashMap<u32, Num>,
    styles: HashMap<String, Style>,
    /// Per list (an abstract definition, or a num that restarts it): the
    /// count at each level.
    counters: HashMap<ListKey, [Option<u32>; 9]>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ListKey {
    Abstract(u32),
    Num(u32),
}

impl Numbering {
    /// Read word/numbering.xml and word/styles.xml (either may be absent).
    pub fn parse(
        numbering_xml: Option<&[u8]>,
        styles_xml: Option<&[u8]>,
    ) -> Result<Numbering, String> {
        let mut n = Numbering::default();
        if let Some(xml) = numbering_xml {
            n.read_numbering(xml)?;
        }
        if let Some(xml) = styles_xml {
            n.read_styles(xml)?;
        }
        Ok(n)
    }

    /// The number text a paragraph shows ("一、", "（二）", "3."), counting it;
    /// `None` for a paragraph that is not numbered or shows a bullet.
    pub fn label(&mut self, style: Option<&str>, direct: NumPr) -> Option<String> {
        let (num_id, ilvl) = self.resolve(style, direct)?;
        let num = self.nums.get(&num_id)?;
        let abs = self.abstracts.get(&num.abstract_id)?;
        let level_of = |l: u32| -> Option<Level> {
            num.level_overrides
                .get(&l)
                .or_else(|| abs.levels.get(&l))
                .cloned()
        };
        let this = level_of(ilvl)?;
        // A num that overrides a start is a list of its own; otherwise the
        // nums of one abstract definition continue each other, as in Word.
        let key = if num.start_overrides.is_empty() && num.level_overrides.is_empty() {
            ListKey::Abstract(num.abstract_id)
        } else {
            ListKey::Num(num_id)
        };
        let start_of = |l: u32| -> u32 {
            num.start_overrides
                .get(&l)
                .copied()
                .or_else(|| level_of(l).and_then(|lv| lv.start))
                .unwrap_or(0)
        };
        let levels: Vec<Option<Level>> = (0..9).map(level_of).collect();
        let counters = self.counters.entry(key).or_insert([None; 9]);
        let i = ilvl as usize;
        counters[i] = Some(counters[i].map_or_else(|| start_of(ilvl), |c| c + 1));
        for (deeper, slot) in counters.iter_mut().enumerate().skip(i + 1) {
            let restart = levels[deeper].as_ref().and_then(|l| l.restart);
            // lvlRestart n: restart after level n (1-based) is used; 0: never.
            let restarts = match restart {
                None => true,
                Some(0) => false,
                Some(n) => ilvl < n,
            };
            if restarts {
                *slot = None;
            }
        }
        let counts = *counters;
        if this.format == "bullet" || this.format == "none" {
            return None;
        }
        let mut out = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            let level = (c == '%')
                .then(|| chars.peek().and_then(|d| d.to_digit(10)))
                .flatten()
                .filter(|d| (1..=9).contains(d));
            match level {
                Some(d) => {
                    chars.next();
                    let l = d - 1;
                    let count = counts[l as usize].unwrap_or_else(|| start_of(l));
                    let lv = levels[l as usize].clone().unwrap_or_default();
                    out.push_str(&format_number(count, &lv));
                }
                None => out.push(c),
            }
        }
        let out = out.trim().to_owned();
        if out.is_empty() {
            return None;
        }
        // Word puts a tab (or a space) after the number; a number that ends
        // in its own punctuation ("一、") needs nothing more to read right.
        let needs_space = this.suffix.as_deref() != Some("nothing")
            && out.chars().last().is_some_and(char::is_alphanumeric);
        Some(if needs_space { format!("{out} ") } else { out })
    }

    /// The num and level a paragraph uses: its own `w:numPr`, else its style's
    /// (through `w:basedOn`); `numId` 0 switches numbering off.
    fn resolve(&self, style: Option<&str>, direct: NumPr) -> Option<(u32, u32)> {
        let mut num_id = direct.num_id;
        let mut ilvl = direct.ilvl;
        let mut next = style.map(str::to_owned);
        let mut seen = 0;
        while let Some(id) = next.take() {
            seen += 1;
            let Some(s) = self.styles.get(&id) else { break };
            if seen > 16 {
                break;
            }
            num_id = num_id.or(s.num_id);
            ilvl = ilvl.or(s.ilvl);
            next = s.based_on.clone();
        }
        let num_id = num_id.filter(|&n| n != 0)?;
        let ilvl = match ilvl {
            Some(l) => l,
            // A style linked from a level (`w:pStyle` in `w:lvl`) gives that level.
            None => {
                let num = self.nums.get(&num_id)?;
                let abs = self.abstracts.get(&num.abstract_id)?;
                abs.levels
                    .iter()
                    .find(|(_, l)| l.style.is_some() && l.style.as_deref() == style)
                    .map_or(0, |(i, _)| *i)
            }
        };
        Some((num_id, ilvl.min(8)))
    }

    fn read_numbering(&mut self, xml: &[u8]) -> Result<(), String> {
        let mut r = Reader::new(xml);
        let mut abs: Option<(u32, Abstract)> = None;
        let mut num: Option<(u32, Num)> = None;
        let mut level: Option<(u32, Level)> = None;
        let mut override_ilvl: Option<u32> = None;
        while let Some(ev) = r.next()? {
            match ev {
                Event::Start(e) | Event::Empty(e) if is_w(&r, e.name()) => {
                    let empty = r.was_empty();
                    match e.local_name().as_ref() {
                        b"abstractNum" => {
                            let id = num_attr(&e, b"abstractNumId");
                            abs = id.map(|id| (id, Abstract::default()));
                        }
                        b"num" => {
                            let id = num_attr(&e, b"numId");
                            num = id.map(|id| (id, Num::default()));
                        }
                        b"abstractNumId" => {
                            if let (Some((_, n)), Some(v)) = (num.as_mut(), num_attr(&e, b"val")) {
                                n.abstract_id = v;
                            }
                        }
                        b"lvlOverride" => override_ilvl = num_attr(&e, b"ilvl"),
                        b"startOverride" => {
                            if let (Some((_, n)), Some(l), Some(v)) =
                                (num.as_mut(), override_ilvl, num_attr(&e, b"val"))
                            {
                                n.start_overrides.insert(l, v);
                            }
                        }
                        b"lvl" if !empty => {
                            level = num_attr(&e, b"ilvl").map(|l| (l, Level::default()));
                        }
                        _ => {
                            if let Some((_, lv)) = level.as_mut() {
                                level_field(lv, &e);
                            }
                        }
                    }
                }
                Event::End(e) if is_w(&r, e.name()) => match e.local_name().as_ref() {
                    b"lvl" => {
                        if let Some((l, lv)) = level.take() {
                            if let Some((_, n)) = num.as_mut() {
                                n.level_overrides.insert(l, lv);
                            } else if let Some((_, a)) = abs.as_mut() {
                                a.levels.insert(l, lv);
                            }
                        }
                    }
                    b"abstractNum" => {
                        if let Some((id, a)) = abs.take() {
                            self.abstracts.insert(id, a);
                        }
                    }
                    b"num" => {
                        if let Some((id, n)) = num.take() {
                            self.nums.insert(id, n);
                        }
                    }
                    b"lvlOverride" => override_ilvl = None,
                    _ => {}
                },
                _ => {}
            }
        }
        Ok(())
    }

    fn read_styles(&mut self, xml: &[u8]) -> Result<(), String> {
        let mut r = Reader::new(xml);
        let mut style: Option<(String, Style)> = None;
        while let Some(ev) = r.next()? {
            match ev {
                Event::Start(e) | Event::Empty(e) if is_w(&r, e.name()) => {
                    match e.local_name().as_ref() {
                        b"style" => {
                            let paragraph = attr(&e, b"type").is_none_or(|t| t == "paragraph");
                            style = attr(&e, b"styleId")
                                .filter(|_| paragraph)
                                .map(|id| (id, Style::default()));
                        }
                        b"basedOn" => {
                            if let Some((_, s)) = style.as_mut() {
                                s.based_on = attr(&e, b"val");
                            }
                        }
                        b"numId" => {
                            if let Some((_, s)) = style.as_mut() {
                                s.num_id = num_attr(&e, b"val");
                            }
                        }
                        b"ilvl" => {
                            if let Some((_, s)) = style.as_mut() {
                                s.ilvl = num_attr(&e, b"val");
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) if is_w(&r, e.name()) && e.local_name().as_ref() == b"style" => {
                    if let Some((id, s)) = style.take() {
                        self.styles.insert(id, s);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

fn num_attr(e: &BytesStart<'_>, name: &[u8]) -> Option<u32> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}

fn level_field(lv: &mut Level, e: &BytesStart<'_>) {
    match e.local_name().as_ref() {
        b"start" => lv.start = num_attr(e, b"val"),
        // Word writes a newer format first (mc:Choice) and an older one as a
        // fallback, which the reader skips; the first one counts.
        b"numFmt" if lv.format.is_empty() => {
            lv.format = attr(e, b"val").unwrap_or_default();
            lv.custom = attr(e, b"format");
        }
        b"lvlText" => lv.text = attr(e, b"val").unwrap_or_default(),
        b"lvlRestart" => lv.restart = num_attr(e, b"val"),
        b"suff" => lv.suffix = attr(e, b"val"),
        b"pStyle" => lv.style = attr(e, b"val"),
        _ => {}
    }
}

/// `n` in a level's number format.
fn format_number(n: u32, level: &Level) -> String {
    let format = if level.format == "custom" {
        custom_format(level.custom.as_deref().unwrap_or(""))
    } else {
        level.format.as_str()
    };
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "koreanCounting" => chinese_numeral(n),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => {
            n.to_string().chars().map(ideograph_digit).collect()
        }
        "chineseLegalSimplified" => legal(n),
        "ideographTraditional" => cycle(
            n,
            &["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"],
        ),
        "ideographZodiac" => cycle(
            n,
            &[
                "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
            ],
        ),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => match n {
            1..=20 => char::from_u32(0x2460 + n - 1).map_or_else(|| n.to_string(), String::from),
            _ => n.to_string(),
        },
        "decimalEnclosedParen" => format!("({n})"),
        "decimalEnclosedFullstop" => format!("{n}."),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .filter_map(|c| c.to_digit(10).and_then(|d| char::from_u32(0xFF10 + d)))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "lowerLetter" => letters(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

/// A `custom` format by its sample ("一, 二, 三, ..." or "01, 02, 03, ...").
fn custom_format(sample: &str) -> &'static str {
    let first = sample.split(',').next().unwrap_or("").trim();
    match first {
        "一" => "chineseCounting",
        "壹" => "chineseLegalSimplified",
        "①" => "decimalEnclosedCircle",
        "甲" => "ideographTraditional",
        "01" | "001" => "decimalZero",
        _ => "decimal",
    }
}

fn ideograph_digit(c: char) -> char {
    const D: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    c.to_digit(10).map_or(c, |d| D[d as usize])
}

fn legal(n: u32) -> String {
    let plain = chinese_numeral(n);
    plain
        .chars()
        .map(|c| match c {
            '一' => '壹',
            '二' => '贰',
            '三' => '叁',
            '四' => '肆',
            '五' => '伍',
            '六' => '陆',
            '七' => '柒',
            '八' => '捌',
            '九' => '玖',
            '十' => '拾',
            '百' => '佰',
            '千' => '仟',
            '零' => '零',
            other => other,
        })
        .collect()
}

fn cycle(n: u32, names: &[&str]) -> String {
    match n {
        0 => n.to_string(),
        _ => names[((n - 1) as usize) % names.len()].to_owned(),
    }
}

fn letters(n: u32) -> String {
    if n == 0 {
        return n.to_string();
    }
    // Word repeats the letter: a … z, aa … zz.
    let letter = char::from(b'A' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    const R: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in R {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(format: &str, text: &str) -> Level {
        Level {
            start: Some(1),
            format: format.into(),
            text: text.into(),
            ..Level::default()
        }
    }

    #[test]
    fn formats_word_offers() {
        assert_eq!(format_number(11, &level("chineseCounting", "")), "十一");
        assert_eq!(
            format_number(3, &level("chineseCountingThousand", "")),
            "三"
        );
        assert_eq!(format_number(3, &level("decimalEnclosedCircle", "")), "③");
        assert_eq!(format_number(2, &level("ideographTraditional", "")), "乙");
        assert_eq!(
            format_number(12, &level("chineseLegalSimplified", "")),
            "拾贰"
        );
        assert_eq!(format_number(4, &level("lowerRoman", "")), "iv");
        assert_eq!(format_number(27, &level("upperLetter", "")), "AA");
        let mut custom = level("custom", "");
        custom.custom = Some("一, 二, 三, ...".into());
        assert_eq!(format_number(2, &custom), "二");
    }

    #[test]
    fn counters_restart_under_a_higher_level_and_continue_across_nums() {
        let mut n = Numbering::default();
        let mut a = Abstract::default();
        a.levels.insert(0, level("chineseCounting", "%1、"));
        a.levels.insert(1, level("chineseCounting", "（%2）"));
        a.levels.insert(2, level("decimal", "%3."));
        n.abstracts.insert(7, a);
        n.nums.insert(
            1,
            Num {
                abstract_id: 7,
                ..Num::default()
            },
        );
        n.nums.insert(
            2,
            Num {
                abstract_id: 7,
                ..Num::default()
            },
        );
        let mut restarted = Num {
            abstract_id: 7,
            ..Num::default()
        };
        restarted.start_overrides.insert(0, 1);
        n.nums.insert(3, restarted);
        let p = |num_id, ilvl| NumPr {
            num_id: Some(num_id),
            ilvl: Some(ilvl),
        };
        let labels: Vec<String> = [
            p(1, 0),
            p(1, 1),
            p(1, 2),
            p(1, 2),
            p(1, 1),
            p(2, 0),
            p(2, 1),
            p(3, 0),
            p(1, 0),
        ]
        .into_iter()
        .filter_map(|np| n.label(None, np))
        .collect();
        assert_eq!(
            labels,
            [
                "一、",
                "（一）",
                "1.",
                "2.",
                "（二）",
                "二、",
                "（一）",
                "一、",
                "三、"
            ]
        );
        // numId 0 switches numbering off.
        assert_eq!(n.label(None, p(0, 0)), None);
    }
}
