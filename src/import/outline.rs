//! One document's lines -> intro, sections at their depths, month lines and
//! the tasks below them, the date, the schedule heading; page breaks
//! repaired on the way.

use crate::model::{MAX_DEPTH, NumberStyle, Target};

use super::Unplaced;
use super::classify::{LineKind, Marker, classify};
use super::dates::{DateLine, signature, year_line};
use super::lines::{Line, ends_sentence};
use super::months::{MonthLine, leading_month};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BuiltSection {
    pub depth: u8,
    /// The number as written (numbers are derived again when shown).
    pub number: u32,
    /// Index of the heading line in the lines built from.
    pub index: usize,
    pub heading: String,
    pub body: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MonthEntry {
    pub month: MonthLine,
    pub line: usize,
    /// A month named at the start of a heading or paragraph ("9月份，…"),
    /// whose text stays where it stands too. Only plans take these as tasks.
    pub mention: bool,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Outline {
    /// "（2023年）" right under the title.
    pub year_line: Option<i32>,
    pub intro: Vec<String>,
    pub sections: Vec<BuiltSection>,
    pub months: Vec<MonthEntry>,
    pub date: Option<DateLine>,
    pub schedule: Option<String>,
    /// Targets from a "主要目标：…（…）" line.
    pub listed_targets: Vec<Target>,
    /// The numbering style of each depth, in the order the document nests them.
    pub styles: Vec<NumberStyle>,
    pub unplaced: Vec<Unplaced>,
}

impl Outline {
    /// The paragraphs of prose in document order: intro, then each heading
    /// and its body.
    pub fn prose(&self) -> impl Iterator<Item = &str> {
        self.intro
            .iter()
            .map(String::as_str)
            .chain(self.sections.iter().flat_map(|s| {
                std::iter::once(s.heading.as_str()).chain(s.body.iter().map(String::as_str))
            }))
    }

    /// The plan's `numbering`: empty when the styles are the default ones.
    pub fn numbering(&self) -> Vec<NumberStyle> {
        let default = (1..=MAX_DEPTH).map(NumberStyle::default_for);
        if self
            .styles
            .iter()
            .copied()
            .zip(default)
            .all(|(a, b)| a == b)
        {
            Vec::new()
        } else {
            self.styles.clone()
        }
    }
}

/// Where the next plain line goes if it continues a paragraph cut by a page break.
#[derive(Debug, Clone, Copy)]
enum Open {
    Intro(usize),
    Body(usize, usize),
    Month(usize),
    /// The last task below a month label.
    Item(usize),
}

/// The rank of a style in the standard order 一、 > （一） > 1、 > （1） > ①,
/// doubled so that a style outside it can sit between two ranks.
fn rank(style: NumberStyle) -> Option<u8> {
    use NumberStyle::*;
    match style {
        Chinese => Some(2),
        ChineseParen | ChineseAsciiParen => Some(4),
        Arabic | ArabicDot | ArabicFullDot => Some(6),
        ArabicParen | ArabicAsciiParen => Some(8),
        Circled => Some(10),
        ArabicHalfParen | Ordinal | OrdinalComma | Enumerated => None,
    }
}

/// An open section: its style and its place in the order.
#[derive(Debug, Clone, Copy)]
struct Level {
    style: NumberStyle,
    rank: u8,
}

#[derive(Default)]
struct Builder {
    out: Outline,
    /// The sections open at the current line, outermost first.
    levels: Vec<Level>,
    /// Styles outside the standard order and the depth each was given.
    depth_of: Vec<(NumberStyle, u8)>,
    /// The depth of the 一是 sequence going on, if one is.
    enumeration: Option<u8>,
    open: Option<Open>,
    in_schedule: bool,
    /// The month label whose tasks follow on lines of their own, if one does.
    block: Option<usize>,
    /// The tasks below the label are numbered: a plain line after them is
    /// no task ("以上安排如有变动，另行通知。").
    block_numbered: bool,
}

pub(crate) fn build(lines: &[Line]) -> Outline {
    let mut b = Builder::default();
    let signed = signature(lines);
    let body = signed.as_ref().map_or(lines, |(start, _)| &lines[..*start]);
    for (i, line) in body.iter().enumerate() {
        if i == 0
            && let Some(year) = year_line(&line.text)
        {
            b.out.year_line = Some(year);
            continue;
        }
        let next = lines.get(i + 1).map(|l| l.text.as_str());
        let kind = classify(&line.text, next);
        if b.block.is_some() && b.item(line, &kind) {
            continue;
        }
        b.block = None;
        match kind {
            LineKind::Targets(t) => {
                b.out.listed_targets.extend(t);
                b.open = None;
            }
            LineKind::Date(d) => {
                if b.out.date.is_none() {
                    b.out.date = Some(d);
                } else {
                    b.unplaced(line, "a second date line; the plan keeps the first");
                }
                b.open = None;
            }
            LineKind::Schedule => {
                if b.out.schedule.is_none() {
                    b.out.schedule = Some(line.text.clone());
                } else {
                    b.unplaced(line, "a second schedule heading; the plan keeps the first");
                }
                b.open = None;
            }
            LineKind::TableHeader => {
                b.unplaced(line, "the header of a table of months");
                b.open = None;
            }
            LineKind::Month(m) => b.month(line, m),
            LineKind::Heading(marker) => {
                if !b.heading(i, line, marker) {
                    b.text(line);
                }
            }
            LineKind::Text => b.text(line),
        }
    }
    if let Some((start, d)) = signed {
        if b.out.date.is_none() {
            b.out.date = Some(d);
        } else {
            for line in &lines[start..] {
                b.unplaced(line, "a second date line; the plan keeps the first");
            }
        }
    }
    for (k, m) in b.out.months.iter().enumerate() {
        if m.month.is_empty() {
            let line = lines
                .iter()
                .find(|l| l.no == m.line)
                .map_or_else(String::new, |l| l.text.clone());
            b.out.unplaced.push(Unplaced {
                line: m.line,
                text: line,
                why: format!("month line {} without any task", k + 1),
            });
        }
    }
    b.out
}

impl Builder {
    fn unplaced(&mut self, line: &Line, why: &str) {
        self.out.unplaced.push(Unplaced {
            line: line.no,
            text: line.text.clone(),
            why: why.to_owned(),
        });
    }

    fn month(&mut self, line: &Line, m: MonthLine) {
        let open = !ends_sentence(&m.rest);
        // A label alone ("二月份：", "2月份") or a theme ("二月主题：…") has its
        // tasks on the lines below.
        let heads_block = m.rest.is_empty() || (m.themed && !m.rest.contains('。'));
        self.out.months.push(MonthEntry {
            month: m,
            line: line.no,
            mention: false,
        });
        let at = self.out.months.len() - 1;
        self.open = (open && !heads_block).then_some(Open::Month(at));
        self.block = heads_block.then_some(at);
        self.block_numbered = false;
        self.in_schedule = true;
    }

    /// A line below a month label: a task of that month, unless it is a
    /// heading of the outline around the schedule or something else that
    /// ends the month's list. True when taken.
    fn item(&mut self, line: &Line, kind: &LineKind) -> bool {
        let Some(at) = self.block else {
            return false;
        };
        let (text, numbered) = match kind {
            // Tasks are numbered 1、 or （1）, never 一、.
            LineKind::Heading(m)
                if m.style != NumberStyle::Chinese
                    && self.levels.iter().all(|l| l.style != m.style) =>
            {
                (m.rest.clone(), true)
            }
            LineKind::Text | LineKind::Schedule => {
                if let Some(Open::Item(_)) = self.open
                    && let Some(last) = self.out.months[at].month.items.last_mut()
                {
                    last.push_str(&line.text);
                    if ends_sentence(last) {
                        self.open = None;
                    }
                    return true;
                }
                if self.block_numbered {
                    return false;
                }
                (line.text.clone(), false)
            }
            _ => return false,
        };
        let month = &mut self.out.months[at].month;
        if month.items.is_empty() {
            self.block_numbered = numbered;
        }
        month.take_theme();
        // A numbered task cut by a page break goes on on the next line; a
        // task a line without numbers ("2月份" / "元宵节灯谜会") is whole.
        let cut = text.ends_with(['，', '、', ',']) || (numbered && !ends_sentence(&text));
        self.open = cut.then_some(Open::Item(at));
        month.items.push(text);
        true
    }

    /// The depth a heading of style `style` takes, given the sections open
    /// above it; None when it would be deeper than a plan goes.
    fn depth_for(&mut self, style: NumberStyle) -> Option<u8> {
        let depth = match rank(style) {
            Some(r) => {
                while self.levels.last().is_some_and(|l| l.rank >= r) {
                    self.levels.pop();
                }
                let depth = u8::try_from(self.levels.len() + 1).ok()?;
                (depth <= MAX_DEPTH).then_some((depth, r))
            }
            None => {
                let current = u8::try_from(self.levels.len()).ok()?;
                // A style seen before returns to its depth, but a section goes
                // at most one level deeper than the one before it.
                let depth = match self.depth_of.iter().find(|(s, _)| *s == style) {
                    Some(&(_, d)) => d.min(current + 1),
                    None => {
                        let d = current + 1;
                        if d > MAX_DEPTH {
                            return None;
                        }
                        self.depth_of.push((style, d));
                        d
                    }
                };
                self.levels.truncate(usize::from(depth - 1));
                let parent = self.levels.last().map_or(0, |l| l.rank);
                Some((depth, parent + 1))
            }
        };
        let (depth, rank) = depth?;
        self.levels.push(Level { style, rank });
        if usize::from(depth) > self.out.styles.len() {
            self.out.styles.push(style);
        }
        Some(depth)
    }

    /// Takes a heading line into the outline; false if it is text after all.
    fn heading(&mut self, index: usize, line: &Line, m: Marker) -> bool {
        // 二是 counts only inside a sequence that started with 一是 at a line
        // start; a lone "三是…" line is text.
        if m.style == NumberStyle::Enumerated && m.number != 1 && self.enumeration.is_none() {
            return false;
        }
        let saved = self.levels.clone();
        let Some(depth) = self.depth_for(m.style) else {
            self.levels = saved;
            return false;
        };
        if m.style == NumberStyle::Enumerated {
            self.enumeration = Some(depth);
        } else if self.enumeration.is_some_and(|e| depth <= e) {
            self.enumeration = None;
        }
        // A heading that runs on into its paragraph is cut at the first 。 or ：.
        let (heading, tail) = match m.rest.find(['。', '：']) {
            Some(at) => {
                let punct = m.rest[at..].chars().next().map_or(0, char::len_utf8);
                (m.rest[..at].trim(), m.rest[at + punct..].trim())
            }
            None => (m.rest.as_str(), ""),
        };
        self.mention(line, &m.rest);
        let mut body = Vec::new();
        self.open = None;
        if !tail.is_empty() {
            body.push(tail.to_owned());
            if !ends_sentence(tail) {
                self.open = Some(Open::Body(self.out.sections.len(), 0));
            }
        }
        self.out.sections.push(BuiltSection {
            depth,
            number: m.number,
            index,
            heading: heading.to_owned(),
            body,
        });
        self.in_schedule = false;
        true
    }

    /// A month the text starts with gives tasks in that month.
    fn mention(&mut self, line: &Line, text: &str) {
        if let Some(found) = leading_month(text) {
            self.out.months.push(MonthEntry {
                month: found.into(),
                line: line.no,
                mention: true,
            });
        }
    }

    fn text(&mut self, line: &Line) {
        let text = line.text.as_str();
        if let Some(open) = self.open {
            // A page break cut the paragraph: join the halves with nothing between.
            let para = match open {
                Open::Intro(p) => self.out.intro.get_mut(p),
                Open::Body(s, p) => self.out.sections.get_mut(s).and_then(|s| s.body.get_mut(p)),
                Open::Month(m) => self.out.months.get_mut(m).map(|m| &mut m.month.rest),
                Open::Item(m) => self
                    .out
                    .months
                    .get_mut(m)
                    .and_then(|m| m.month.items.last_mut()),
            };
            if let Some(para) = para {
                para.push_str(text);
                if ends_sentence(para) {
                    self.open = None;
                }
                return;
            }
        }
        let still_open = !ends_sentence(text);
        if self.in_schedule {
            // "10月，组织…" among "第三季度：…" lines is one more month line.
            if let Some(found) = leading_month(text) {
                self.out.months.push(MonthEntry {
                    month: found.into(),
                    line: line.no,
                    mention: false,
                });
                let at = self.out.months.len() - 1;
                self.open = still_open.then_some(Open::Month(at));
                return;
            }
            self.unplaced(line, "text after the month lines that is no month line");
            return;
        }
        self.mention(line, text);
        if let Some(s) = self.out.sections.len().checked_sub(1) {
            let body = &mut self.out.sections[s].body;
            body.push(text.to_owned());
            self.open = still_open.then_some(Open::Body(s, body.len() - 1));
        } else {
            self.out.intro.push(text.to_owned());
            self.open = still_open.then_some(Open::Intro(self.out.intro.len() - 1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::split_lines;

    fn outline(text: &str) -> Outline {
        build(&split_lines(text))
    }

    fn shape(o: &Outline) -> Vec<(u8, String, String)> {
        o.sections
            .iter()
            .map(|s| (s.depth, s.heading.clone(), s.body.join("|")))
            .collect()
    }

    #[test]
    fn depth_is_the_order_of_nesting() {
        let o = outline(
            "引言。\n(一)优化环境\n1.建设园区。正文。\n(二)强化服务\n1.改造集市：正文\n2.扩建市场\n(1)水果市场\n(三)打造特色农业，加快步伐。",
        );
        assert_eq!(o.intro, ["引言。"]);
        assert_eq!(
            shape(&o),
            vec![
                (1, "优化环境".into(), "".into()),
                (2, "建设园区".into(), "正文。".into()),
                (1, "强化服务".into(), "".into()),
                (2, "改造集市".into(), "正文".into()),
                (2, "扩建市场".into(), "".into()),
                (3, "水果市场".into(), "".into()),
                (1, "打造特色农业，加快步伐".into(), "".into()),
            ]
        );
        assert_eq!(
            o.numbering(),
            [
                NumberStyle::ChineseAsciiParen,
                NumberStyle::ArabicDot,
                NumberStyle::ArabicAsciiParen
            ]
        );
        let o = outline("一、甲\n（一）乙\n1、丙\n二、丁");
        assert_eq!(o.numbering(), []);
    }

    #[test]
    fn page_breaks_are_repaired() {
        let o = outline(
            "一、学习\n1、加强理论学习。认真学习会议\n\n精神，提高水平。\n2、认真组织培训。\n着力招大引强。启\n\n动实质性开发。\n在冬尖、\n大头菜上下工夫。",
        );
        assert_eq!(
            shape(&o)[1..],
            [
                (
                    2,
                    "加强理论学习".into(),
                    "认真学习会议精神，提高水平。".into()
                ),
                (
                    2,
                    "认真组织培训".into(),
                    "着力招大引强。启动实质性开发。|在冬尖、大头菜上下工夫。".into()
                ),
            ]
        );
    }

    #[test]
    fn headings_never_swallow_the_next_line() {
        let o = outline("（一）指导思想\n2011年，将在成果基础上开展工作。\n（二）工作思路");
        assert_eq!(
            shape(&o),
            vec![
                (
                    1,
                    "指导思想".into(),
                    "2011年，将在成果基础上开展工作。".into()
                ),
                (1, "工作思路".into(), "".into()),
            ]
        );
    }

    #[test]
    fn enumerations_start_with_yi_shi_at_a_line_start() {
        let o = outline(
            "一、学习\n我们开展了三个阶段的活动。一是学习阶段。\n三是整改提高阶段。主要抓了整改。",
        );
        assert_eq!(o.sections.len(), 1);
        assert_eq!(o.sections[0].body.len(), 2);
        let o = outline("一、学习\n一是加强学习。正文。\n二是加强培训\n二、监督\n二是不算。");
        assert_eq!(
            shape(&o),
            vec![
                (1, "学习".into(), "".into()),
                (2, "加强学习".into(), "正文。".into()),
                (2, "加强培训".into(), "".into()),
                (1, "监督".into(), "二是不算。".into()),
            ]
        );
    }

    #[test]
    fn month_lines_dates_and_the_schedule() {
        let o = outline(
            "一、学习\n正文。\n2022年3月25日\n2022年分月工作计划\n二月：开展活动，捐助学生。\n五月：视察\n项目。利用联络站协商。\n附记。",
        );
        assert_eq!(
            o.date.as_ref().map(|d| d.date.to_string()).as_deref(),
            Some("2022-03-25")
        );
        assert_eq!(o.schedule.as_deref(), Some("2022年分月工作计划"));
        let rests: Vec<&str> = o.months.iter().map(|m| m.month.rest.as_str()).collect();
        assert_eq!(
            rests,
            ["开展活动，捐助学生。", "视察项目。利用联络站协商。"]
        );
        assert_eq!(o.unplaced.len(), 1);
        assert_eq!(o.unplaced[0].line, 8);
    }

    #[test]
    fn numbering_gaps_and_numbers_running_on_across_sections() {
        let o = outline("一、甲\n1、子\n2、丑\n二、乙\n3、寅\n五、丙\n（三）卯");
        let depths: Vec<u8> = o.sections.iter().map(|s| s.depth).collect();
        assert_eq!(depths, [1, 2, 2, 1, 2, 1, 2]);
        let numbers: Vec<u32> = o.sections.iter().map(|s| s.number).collect();
        assert_eq!(numbers, [1, 1, 2, 2, 3, 5, 3]);
    }

    #[test]
    fn levels_follow_the_standard_order_not_first_appearance() {
        // An excerpt that starts at （二）, and a （五） after a 2、.
        let o = outline("（二）甲\n1、子\n2、丑\n（1）寅\n（三）乙\n①卯\n（四）丙");
        let depths: Vec<u8> = o.sections.iter().map(|s| s.depth).collect();
        assert_eq!(depths, [1, 2, 2, 3, 1, 2, 1]);
        assert_eq!(o.sections[0].number, 2);
        assert_eq!(
            o.numbering(),
            [
                NumberStyle::ChineseParen,
                NumberStyle::Arabic,
                NumberStyle::ArabicParen
            ]
        );
        let o = outline("一、甲\n（一）乙\n1、丙\n2、丁\n（二）戊\n二、己");
        let depths: Vec<u8> = o.sections.iter().map(|s| s.depth).collect();
        assert_eq!(depths, [1, 2, 3, 3, 2, 1]);
    }

    /// Months, period, text after the colon, tasks below.
    type Months = Vec<(Vec<u8>, Option<String>, String, Vec<String>)>;

    fn months(o: &Outline) -> Months {
        o.months
            .iter()
            .map(|m| {
                (
                    m.month.months.clone(),
                    m.month.period.clone(),
                    m.month.rest.clone(),
                    m.month.items.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn month_labels_with_their_tasks_below() {
        let o = outline(
            "一、安排\n二月份：\n1、召开会议。\n2、走访群众，\n慰问困难户。\n2月份\n元宵节灯谜会\n学雷锋活动\n三月主题：学雷锋\n1、清扫街道。\n二、要求\n正文。",
        );
        assert_eq!(
            months(&o),
            [
                (
                    vec![2],
                    None,
                    String::new(),
                    vec!["召开会议。".into(), "走访群众，慰问困难户。".into()]
                ),
                (
                    vec![2],
                    None,
                    String::new(),
                    vec!["元宵节灯谜会".into(), "学雷锋活动".into()]
                ),
                (
                    vec![3],
                    Some("三月主题：学雷锋".into()),
                    String::new(),
                    vec!["清扫街道。".into()]
                ),
            ]
        );
        assert_eq!(o.sections.len(), 2);
        assert_eq!(o.sections[1].body, ["正文。"]);
        assert!(o.unplaced.is_empty());

        // After numbered tasks, a plain sentence is no task, and is said so.
        let o = outline("一、安排\n二月份：\n1、召开会议。\n以上安排如有变动，另行通知。");
        assert_eq!(o.months[0].month.items, ["召开会议。"]);
        assert_eq!(o.unplaced.len(), 1);
        assert_eq!(o.unplaced[0].text, "以上安排如有变动，另行通知。");
    }

    #[test]
    fn a_flattened_table_of_months() {
        let o = outline("一、安排\n月份\n主要活动\n二月\n开学典礼\n三月\n植树活动");
        let unplaced: Vec<&str> = o.unplaced.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(unplaced, ["月份", "主要活动"]);
        let items: Vec<(Vec<u8>, Vec<String>)> = months(&o)
            .into_iter()
            .map(|(m, _, _, items)| (m, items))
            .collect();
        assert_eq!(
            items,
            [
                (vec![2], vec!["开学典礼".to_owned()]),
                (vec![3], vec!["植树活动".to_owned()])
            ]
        );
    }

    #[test]
    fn months_at_the_start_of_headings_and_paragraphs_stay_and_give_tasks() {
        let o = outline(
            "一、安排\n二、4月底前完成评审\n三、时间\n6-7月，组织防汛演练。\n3月5日，召开会议。",
        );
        assert_eq!(o.sections[1].heading, "4月底前完成评审");
        assert_eq!(o.sections[2].body.len(), 2);
        let found: Vec<(Vec<u8>, Option<String>, String, bool)> = o
            .months
            .iter()
            .map(|m| {
                (
                    m.month.months.clone(),
                    m.month.period.clone(),
                    m.month.rest.clone(),
                    m.mention,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (vec![4], None, "4月底前完成评审".into(), true),
                (
                    vec![6, 7],
                    Some("6-7月".into()),
                    "组织防汛演练。".into(),
                    true
                ),
            ]
        );
    }

    #[test]
    fn a_signature_block_is_the_org_and_date() {
        let o = outline("一、学习\n正文。\n某镇文化站\n2024.3.8");
        let d = o.date.expect("a date");
        assert_eq!(d.org.as_deref(), Some("某镇文化站"));
        assert_eq!(d.date.to_string(), "2024-03-08");
        assert_eq!(o.sections[0].body, ["正文。"]);
        let o = outline("一、学习\n1、走访。\n桃源乡卫生院\n二〇〇八年二月");
        assert_eq!(
            o.date.map(|d| (d.org, d.date.to_string())),
            Some((Some("桃源乡卫生院".into()), "2008-02-01".into()))
        );
        // A closing sentence is no organisation.
        let o = outline("一、学习\n以上安排可根据实际调整。\n2024年1月8日");
        assert_eq!(o.date.and_then(|d| d.org), None);
        assert_eq!(o.sections[0].body, ["以上安排可根据实际调整。"]);
    }

    #[test]
    fn too_deep_is_text() {
        let o = outline("一、a\n（一）b\n1、c\n（1）d\n①e\n1)f");
        assert_eq!(o.sections.len(), 5);
        assert_eq!(o.sections[4].body, ["1)f"]);
    }
}
