//! Plan -> .docx in the layout of GB/T 9704-2012 (党政机关公文格式): A4, the
//! standard margins, 小标宋 title, 仿宋 body at a fixed 28.9 pt, 一、 in 黑体,
//! （一） in 楷体, targets and the month schedule as tables, the signature and
//! date at the end, "— 1 —" page numbers outside on odd and even pages.
//!
//! The paragraphs are those of the text export, so importing the .docx gives
//! back the same plan. Fonts are named, not embedded; the font table names
//! the usual fallback of each (FangSong, SimHei, KaiTi, SimSun).

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing, LineSpacingType,
    PageMargin, Paragraph, Run, RunFonts, SpecialIndentType, Table, TableCell, TableRow, WidthType,
};

use crate::model::{Kind, Plan, Task};

use super::{ExportError, chinese_date, month_name};

/// How the month-by-month schedule is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScheduleLayout {
    /// A table: 月份 | 工作任务 | 责任人.
    #[default]
    Table,
    /// One paragraph a month, "二月：…。…。", as the text export writes it
    /// (owners are left out).
    Paragraphs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DocxOptions {
    pub schedule: ScheduleLayout,
}

/// The header rows of the tables the export writes; the importer knows them.
pub const TARGETS_HEADER: [&str; 2] = ["指标", "目标"];
/// The third column of a summary's targets table.
pub const ACTUAL_HEADER: &str = "完成情况";
pub const SCHEDULE_HEADER: [&str; 3] = ["月份", "工作任务", "责任人"];

/// A font by the name the standard gives, and the name systems without it
/// know for the same face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Face {
    name: &'static str,
    fallback: &'static str,
}

const XIAOBIAOSONG: Face = Face {
    name: "方正小标宋简体",
    fallback: "SimSun",
};
const FANGSONG: Face = Face {
    name: "仿宋_GB2312",
    fallback: "FangSong",
};
const HEITI: Face = Face {
    name: "黑体",
    fallback: "SimHei",
};
const KAITI: Face = Face {
    name: "楷体_GB2312",
    fallback: "KaiTi",
};
const SONGTI: Face = Face {
    name: "宋体",
    fallback: "SimSun",
};
const FACES: [Face; 5] = [XIAOBIAOSONG, FANGSONG, HEITI, KAITI, SONGTI];

/// Sizes in half points: 2号 22 pt, 3号 16 pt, 4号 14 pt.
const SIZE_2: usize = 44;
const SIZE_3: usize = 32;
const SIZE_4: usize = 28;

/// Lengths in twentieths of a point (twips); one millimetre is 56.7.
const fn mm(v: u32) -> i32 {
    (v as i32 * 1440 * 10 + 127) / 254
}
const A4: (u32, u32) = (11906, 16838);
/// One 3号 character.
const CHAR: i32 = 320;
/// 22 lines on the 225 mm type area: 28.9 pt.
const LINE: i32 = 578;
/// 4号 text in a table, a little more than single spacing.
const TABLE_LINE: i32 = 400;

/// The plan as a .docx document.
pub fn docx(plan: &Plan, opts: &DocxOptions) -> Result<Vec<u8>, ExportError> {
    let blocks = blocks(plan, opts);
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(mm(37))
                .left(mm(28))
                .right(mm(26))
                .bottom(mm(35))
                .header(mm(15))
                // The page number's line sits 7 mm below the type area.
                .footer(mm(35) - mm(7) - SIZE_4 as i32 * 10 - 60),
        )
        .default_fonts(fonts(FANGSONG))
        .default_size(SIZE_3)
        .footer(page_number(true))
        .even_footer(page_number(false));
    for b in blocks {
        doc = match b {
            Block::Para(p) => doc.add_paragraph(paragraph(&p)),
            Block::Table(t) => doc.add_table(table(&t)),
        };
    }
    let mut xml = doc.build();
    xml.font_table = font_table()?;
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)?;
    Ok(out.into_inner())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// `last`: nothing of the title block (a year line) follows.
    Title {
        last: bool,
    },
    /// "（2023年）" under the title, when the text names another year first.
    YearLine,
    Body,
    /// 一、 （一） 1、 （1）: the face by level.
    Heading(Face),
    Schedule,
    /// The signature, right-aligned so that it centres over the date.
    Org {
        right_chars: i32,
    },
    Date,
    Blank,
}

struct Para {
    role: Role,
    /// Runs of one paragraph: a run-in heading and the first lines of its body.
    runs: Vec<String>,
}

struct TableBlock {
    header: Vec<&'static str>,
    widths: Vec<usize>,
    rows: Vec<Vec<String>>,
}

enum Block {
    Para(Para),
    Table(TableBlock),
}

fn para(role: Role, text: impl Into<String>) -> Block {
    Block::Para(Para {
        role,
        runs: vec![text.into()],
    })
}

/// The document, block by block, in the order the importer reads it back.
fn blocks(plan: &Plan, opts: &DocxOptions) -> Vec<Block> {
    let mut out = vec![para(Role::Title { last: true }, plan.title.clone())];
    out.extend(paragraphs(&plan.intro).map(|p| para(Role::Body, p)));
    for (s, number) in plan.sections.iter().zip(plan.numbers()) {
        let style = plan.style_for(s.depth);
        let face = match s.depth {
            1 => HEITI,
            2 if !style.runs_in() => KAITI,
            _ => FANGSONG,
        };
        let mut body = paragraphs(&s.body);
        if style.runs_in() {
            let mut runs = vec![format!("{number}{}。", s.heading)];
            runs.extend(body.next().map(str::to_owned));
            out.push(Block::Para(Para {
                role: Role::Heading(face),
                runs,
            }));
        } else {
            out.push(para(Role::Heading(face), format!("{number}{}", s.heading)));
        }
        out.extend(body.map(|p| para(Role::Body, p)));
    }
    if !plan.targets.is_empty() {
        out.push(targets_table(plan));
    }
    if !plan.schedule.is_empty() {
        out.push(para(Role::Schedule, plan.schedule.clone()));
    }
    match opts.schedule {
        ScheduleLayout::Table if !plan.tasks.is_empty() => out.push(schedule_table(&plan.tasks)),
        ScheduleLayout::Table => {}
        ScheduleLayout::Paragraphs => {
            out.extend(month_groups(&plan.tasks).into_iter().map(|(label, tasks)| {
                let sentences: String = tasks.iter().map(|t| format!("{}。", t.text)).collect();
                para(Role::Body, format!("{label}：{sentences}"))
            }))
        }
    }
    if let Some(date) = plan.date {
        let date = chinese_date(date);
        out.push(para(Role::Blank, ""));
        out.push(para(Role::Blank, ""));
        if let Some(org) = &plan.org {
            // Centred over the date: half the difference in width further in.
            let shift = (width(&date) - width(org)) / 2;
            out.push(para(
                Role::Org {
                    right_chars: (4 + shift).max(0),
                },
                org.clone(),
            ));
        }
        out.push(para(Role::Date, date));
    }
    // The importer takes the first year the title or the text names.
    let first = out
        .iter()
        .flat_map(texts)
        .find_map(crate::import::first_year);
    if first != Some(plan.year) {
        out[0] = para(Role::Title { last: false }, plan.title.clone());
        out.insert(1, para(Role::YearLine, format!("（{}年）", plan.year)));
    }
    out
}

/// The texts of a block in reading order (a table's rows, not its header).
fn texts(b: &Block) -> Vec<&str> {
    match b {
        Block::Para(p) => p.runs.iter().map(String::as_str).collect(),
        Block::Table(t) => t.rows.iter().flatten().map(String::as_str).collect(),
    }
}

/// Width in characters: a CJK character is one, anything narrower a half.
fn width(s: &str) -> i32 {
    let halves: usize = s
        .chars()
        .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
        .sum();
    (halves as i32 + 1) / 2
}

fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').map(str::trim).filter(|p| !p.is_empty())
}

fn targets_table(plan: &Plan) -> Block {
    let summary = plan.kind == Kind::Summary;
    let mut header = TARGETS_HEADER.to_vec();
    if summary {
        header.push(ACTUAL_HEADER);
    }
    let rows = plan
        .targets
        .iter()
        .map(|t| {
            let mut row = vec![t.name.clone(), t.target.clone()];
            if summary {
                row.push(t.actual.clone().unwrap_or_default());
            }
            row
        })
        .collect();
    let widths = if summary {
        vec![3544, 2650, 2650]
    } else {
        vec![4422, 4422]
    };
    Block::Table(TableBlock {
        header,
        widths,
        rows,
    })
}

fn schedule_table(tasks: &[Task]) -> Block {
    let rows = month_groups(tasks)
        .into_iter()
        .flat_map(|(label, tasks)| {
            tasks.into_iter().map(move |t| {
                vec![
                    label.clone(),
                    t.text.clone(),
                    t.owner.clone().unwrap_or_default(),
                ]
            })
        })
        .collect();
    Block::Table(TableBlock {
        header: SCHEDULE_HEADER.to_vec(),
        widths: vec![1700, 5344, 1800],
        rows,
    })
}

/// The tasks of one month in a row under its name; a task that spans several
/// months ("第一季度") once, under its period — as the text export groups them.
fn month_groups(tasks: &[Task]) -> Vec<(String, Vec<&Task>)> {
    let mut groups: Vec<(String, Vec<&Task>)> = Vec::new();
    for t in tasks {
        let label = t.period.clone().unwrap_or_else(|| month_name(t.month));
        match groups.last_mut() {
            Some((l, group)) if *l == label => {
                if t.period.is_none() || !group.iter().any(|g| g.text == t.text) {
                    group.push(t);
                }
            }
            _ => groups.push((label, vec![t])),
        }
    }
    groups
}

fn fonts(face: Face) -> RunFonts {
    RunFonts::new()
        .east_asia(face.name)
        .ascii(face.name)
        .hi_ansi(face.name)
        .cs(face.name)
        .hint("eastAsia")
}

fn run(text: &str, face: Face, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(face)).size(size)
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
        .before(0)
        .after(0)
}

fn paragraph(p: &Para) -> Paragraph {
    let (face, size) = match p.role {
        Role::Title { .. } => (XIAOBIAOSONG, SIZE_2),
        Role::YearLine => (KAITI, SIZE_3),
        Role::Heading(face) => (face, SIZE_3),
        Role::Schedule => (HEITI, SIZE_3),
        Role::Body | Role::Org { .. } | Role::Date | Role::Blank => (FANGSONG, SIZE_3),
    };
    let mut out = Paragraph::new()
        .line_spacing(exact(LINE))
        .fonts(fonts(face))
        .size(size);
    out = match p.role {
        // A blank line's space between the title block and the text.
        Role::Title { last: true } | Role::YearLine => out
            .align(AlignmentType::Center)
            .line_spacing(exact(LINE).after(LINE as u32)),
        Role::Title { last: false } => out.align(AlignmentType::Center),
        Role::Body | Role::Heading(_) => out.align(AlignmentType::Both).indent(
            None,
            Some(SpecialIndentType::FirstLine(2 * CHAR)),
            None,
            None,
        ),
        // Half a line apart from what stands before, and on the page of its table.
        Role::Schedule => out
            .align(AlignmentType::Both)
            .indent(
                None,
                Some(SpecialIndentType::FirstLine(2 * CHAR)),
                None,
                None,
            )
            .line_spacing(exact(LINE).before(LINE as u32 / 2))
            .keep_next(true),
        Role::Org { right_chars } => {
            out.align(AlignmentType::Right)
                .indent(None, None, Some(right_chars * CHAR), None)
        }
        Role::Date => out
            .align(AlignmentType::Right)
            .indent(None, None, Some(4 * CHAR), None),
        Role::Blank => out,
    };
    for text in &p.runs {
        out = out.add_run(run(text, face, size));
    }
    out
}

fn table(t: &TableBlock) -> Table {
    let cell = |text: &str, width: usize, face: Face, align: AlignmentType| {
        TableCell::new().width(width, WidthType::Dxa).add_paragraph(
            Paragraph::new()
                .align(align)
                .line_spacing(exact(TABLE_LINE))
                .fonts(fonts(face))
                .size(SIZE_4)
                // The header row stays on the page of the first row.
                .keep_next(face == HEITI)
                .add_run(run(text, face, SIZE_4)),
        )
    };
    let header = TableRow::new(
        t.header
            .iter()
            .zip(&t.widths)
            .map(|(h, w)| cell(h, *w, HEITI, AlignmentType::Center))
            .collect(),
    )
    .cant_split();
    let rows = t.rows.iter().map(|row| {
        TableRow::new(
            row.iter()
                .zip(&t.widths)
                .enumerate()
                .map(|(i, (text, w))| {
                    // The text column reads as prose; the short ones are centred.
                    let align = if i == 1 && t.widths.len() == 3 && t.header[0] == "月份" {
                        AlignmentType::Both
                    } else {
                        AlignmentType::Center
                    };
                    cell(text, *w, FANGSONG, align)
                })
                .collect(),
        )
        .cant_split()
    });
    Table::new(std::iter::once(header).chain(rows).collect())
        .set_grid(t.widths.clone())
        .width(t.widths.iter().sum(), WidthType::Dxa)
}

/// "— 1 —" in 4号 宋体: on odd pages at the right, on even pages at the
/// left, one character in.
fn page_number(odd: bool) -> Footer {
    let one_char = SIZE_4 as i32 * 10;
    let p = Paragraph::new()
        .fonts(fonts(SONGTI))
        .size(SIZE_4)
        .add_run(run("— ", SONGTI, SIZE_4))
        .add_run(
            Run::new()
                .fonts(fonts(SONGTI))
                .size(SIZE_4)
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                .add_field_char(FieldCharType::Separate, false)
                .add_text("1")
                .add_field_char(FieldCharType::End, false),
        )
        .add_run(run(" —", SONGTI, SIZE_4));
    let p = if odd {
        p.align(AlignmentType::Right)
            .indent(None, None, Some(one_char), None)
    } else {
        p.align(AlignmentType::Left)
            .indent(Some(one_char), None, None, None)
    };
    Footer::new().add_paragraph(p)
}

/// word/fontTable.xml naming each face and its fallback (`w:altName`), so
/// Word, WPS and LibreOffice substitute sensibly where the face is missing.
/// docx-rs writes a fixed font table, so this one part is written here.
fn font_table() -> Result<Vec<u8>, ExportError> {
    use quick_xml::Writer;
    use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};

    let mut w = Writer::new(Vec::new());
    let xml = |e: std::io::Error| ExportError::Xml(e.to_string());
    w.write_event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )))
    .map_err(xml)?;
    w.write_event(Event::Start(BytesStart::new("w:fonts").with_attributes([
        (
            "xmlns:w",
            "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        ),
        (
            "xmlns:r",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        ),
    ])))
    .map_err(xml)?;
    for face in FACES {
        w.write_event(Event::Start(
            BytesStart::new("w:font").with_attributes([("w:name", face.name)]),
        ))
        .map_err(xml)?;
        for (tag, val) in [
            ("w:altName", face.fallback),
            // GB2312
            ("w:charset", "86"),
            ("w:family", "auto"),
            ("w:pitch", "variable"),
        ] {
            w.write_event(Event::Empty(
                BytesStart::new(tag).with_attributes([("w:val", val)]),
            ))
            .map_err(xml)?;
        }
        w.write_event(Event::End(BytesEnd::new("w:font")))
            .map_err(xml)?;
    }
    w.write_event(Event::End(BytesEnd::new("w:fonts")))
        .map_err(xml)?;
    Ok(w.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millimetres_in_twips() {
        assert_eq!(mm(37), 2098);
        assert_eq!(mm(28), 1587);
        assert_eq!(mm(26), 1474);
        assert_eq!(mm(35), 1984);
    }

    #[test]
    fn the_signature_centres_over_the_date() {
        // 2022年3月25日 is 7 wide (two-digit runs count a half each).
        assert_eq!(width("2022年3月25日"), 7);
        assert_eq!(width("汪场镇政协联络处"), 8);
    }
}
