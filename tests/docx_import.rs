//! Importing Word documents made here with docx-rs (a writer independent of
//! plandesk's reader): automatic numbering as Word writes it, literal
//! numbering, a month schedule table with owners, several plans in one
//! file, headers and footers with page numbers, and old .doc files.

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, Header, IndentLevel, Level, LevelJc, LevelText,
    NumberFormat, Numbering, NumberingId, PageNum, Paragraph, Run, Start, Table, TableCell,
    TableRow,
};
use plandesk::import::{ImportError, ImportOptions, Imported, import_file};
use plandesk::model::{NumberStyle, Plan};

fn pack(doc: Docx) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).expect("pack test document");
    out.into_inner()
}

fn p(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

/// A paragraph numbered by Word: numId, level.
fn np(num: usize, level: usize, text: &str) -> Paragraph {
    p(text).numbering(NumberingId::new(num), IndentLevel::new(level))
}

fn level(i: usize, format: &str, text: &str) -> Level {
    Level::new(
        i,
        Start::new(1),
        NumberFormat::new(format),
        LevelText::new(text),
        LevelJc::new("left"),
    )
}

/// 一、 （一） 1. ① as Word's "multilevel list" writes them.
fn outline_numbering(doc: Docx) -> Docx {
    doc.add_abstract_numbering(
        AbstractNumbering::new(1)
            .add_level(level(0, "chineseCounting", "%1、"))
            .add_level(level(1, "chineseCountingThousand", "（%2）"))
            .add_level(level(2, "decimal", "%3."))
            .add_level(level(3, "decimalEnclosedCircle", "%4")),
    )
    .add_numbering(Numbering::new(1, 1))
}

fn import(bytes: &[u8], name: &str) -> Imported {
    import_file(bytes, name, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{name} does not import: {e}"))
}

fn only_plan(imported: &Imported) -> &Plan {
    assert_eq!(imported.result.plans.len(), 1, "{:#?}", imported.result);
    &imported.result.plans[0].plan
}

/// (number as shown, depth, heading, body) of every section.
fn outline(plan: &Plan) -> Vec<(String, u8, String, String)> {
    plan.sections
        .iter()
        .zip(plan.numbers())
        .map(|(s, n)| (n, s.depth, s.heading.clone(), s.body.clone()))
        .collect()
}

fn numbered_document(auto: bool) -> Vec<u8> {
    let line = |num: usize, lvl: usize, literal: &str, text: &str| {
        if auto {
            np(num, lvl, text)
        } else {
            p(&format!("{literal}{text}"))
        }
    };
    let doc = outline_numbering(Docx::new())
        .add_paragraph(p("城关镇2023年工作计划").align(AlignmentType::Center))
        .add_paragraph(p("今年工作的总体要求是：稳中求进。"))
        .add_paragraph(line(1, 0, "一、", "加强学习"))
        .add_paragraph(line(1, 1, "（一）", "理论学习"))
        .add_paragraph(p("每月集中学习一次。"))
        .add_paragraph(line(1, 2, "1.", "学习党章。按季度检查笔记。"))
        .add_paragraph(line(1, 3, "①", "第一季度自学。"))
        .add_paragraph(line(1, 3, "②", "第二季度交流。"))
        .add_paragraph(line(1, 2, "2.", "学习条例。结合实际。"))
        .add_paragraph(line(1, 1, "（二）", "业务培训"))
        .add_paragraph(p("组织两次培训。"))
        .add_paragraph(line(1, 0, "二、", "改进作风"))
        .add_paragraph(line(1, 1, "（一）", "深入基层"))
        .add_paragraph(p("每人每月走访两户。"));
    pack(doc)
}

#[test]
fn word_automatic_numbering_reads_as_the_numbers_word_shows() {
    let imported = import(&numbered_document(true), "计划.docx");
    let plan = only_plan(&imported);
    assert_eq!(plan.title, "城关镇2023年工作计划");
    assert_eq!(plan.year, 2023);
    assert_eq!(plan.intro, "今年工作的总体要求是：稳中求进。");
    let o = outline(plan);
    let shown: Vec<(&str, u8, &str)> = o
        .iter()
        .map(|(n, d, h, _)| (n.as_str(), *d, h.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("一、", 1, "加强学习"),
            ("（一）", 2, "理论学习"),
            ("1.", 3, "学习党章"),
            ("①", 4, "第一季度自学"),
            ("②", 4, "第二季度交流"),
            ("2.", 3, "学习条例"),
            ("（二）", 2, "业务培训"),
            ("二、", 1, "改进作风"),
            // （一） again: the level restarts under 二、, as in Word.
            ("（一）", 2, "深入基层"),
        ]
    );
    assert_eq!(o[1].3, "每月集中学习一次。");
    assert_eq!(o[2].3, "按季度检查笔记。");
    assert_eq!(o[8].3, "每人每月走访两户。");
    assert_eq!(
        (1..=4).map(|d| plan.style_for(d)).collect::<Vec<_>>(),
        [
            NumberStyle::Chinese,
            NumberStyle::ChineseParen,
            NumberStyle::ArabicDot,
            NumberStyle::Circled
        ]
    );
    let nothing_lost: Vec<_> = imported.result.plans[0].unplaced.iter().collect();
    assert!(nothing_lost.is_empty(), "{nothing_lost:?}");
}

#[test]
fn typed_numbers_read_the_same_as_automatic_ones() {
    let auto = import(&numbered_document(true), "a.docx");
    let typed = import(&numbered_document(false), "b.docx");
    assert_eq!(only_plan(&auto), only_plan(&typed));
}

#[test]
fn a_list_continued_in_another_num_counts_on_and_a_restart_override_starts_again() {
    // Numbers that are no heading style stay in the body as Word shows them.
    // Word gives a continued list a new numId on the same abstract list; a
    // list started afresh ("restart at 1") gets a numId with a startOverride.
    let doc = outline_numbering(Docx::new())
        .add_abstract_numbering(
            AbstractNumbering::new(5)
                .add_level(level(0, "chineseCounting", "第%1条"))
                .add_level(level(1, "ideographTraditional", "%2.")),
        )
        .add_numbering(Numbering::new(6, 5))
        .add_numbering(Numbering::new(7, 5))
        .add_numbering(Numbering::new(8, 5).add_override(docx_rs::LevelOverride::new(0).start(1)))
        .add_paragraph(p("甲单位2021年工作计划"))
        .add_paragraph(np(1, 0, "严肃纪律"))
        .add_paragraph(np(6, 0, "遵守纪律。"))
        .add_paragraph(np(6, 1, "按时上班。"))
        .add_paragraph(np(6, 1, "按时下班。"))
        .add_paragraph(np(7, 0, "保守秘密。"))
        .add_paragraph(np(7, 1, "不外传。"))
        .add_paragraph(np(8, 0, "另起一条。"));
    let imported = import(&pack(doc), "c.docx");
    let plan = only_plan(&imported);
    assert_eq!(plan.sections.len(), 1, "{plan:?}");
    assert_eq!(
        plan.sections[0].body.lines().collect::<Vec<_>>(),
        [
            "第一条 遵守纪律。",
            "甲.按时上班。",
            "乙.按时下班。",
            // numId 7 goes on from numId 6; its second level restarts under it.
            "第二条 保守秘密。",
            "甲.不外传。",
            // numId 8 overrides the start.
            "第一条 另起一条。",
        ]
    );
}

#[test]
fn a_month_schedule_table_becomes_tasks_with_owners() {
    let row = |cells: [&str; 3]| {
        TableRow::new(
            cells
                .iter()
                .map(|c| TableCell::new().add_paragraph(p(c)))
                .collect(),
        )
    };
    let doc = Docx::new()
        .add_paragraph(p("某社区2024年工作计划"))
        .add_paragraph(np(1, 0, "做好服务"))
        .add_paragraph(p("服务居民。"))
        .add_paragraph(p("2024年分月工作安排"))
        .add_table(Table::new(vec![
            row(["月份", "工作任务", "责任人"]),
            row(["一月", "走访困难户", "张三"]),
            row(["", "召开居民会议", "李四"]),
            row(["3月", "植树活动", ""]),
            row(["第二季度", "安全检查", "王五"]),
        ]));
    let doc = outline_numbering(doc);
    let imported = import(&pack(doc), "schedule.docx");
    let plan = only_plan(&imported);
    let tasks: Vec<(u8, &str, Option<&str>, Option<&str>)> = plan
        .tasks
        .iter()
        .map(|t| {
            (
                t.month,
                t.text.as_str(),
                t.owner.as_deref(),
                t.period.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        tasks,
        [
            (1, "走访困难户", Some("张三"), None),
            // A merged month cell: the row below reads under the same month.
            (1, "召开居民会议", Some("李四"), None),
            (3, "植树活动", None, None),
            (4, "安全检查", Some("王五"), Some("第二季度")),
            (5, "安全检查", Some("王五"), Some("第二季度")),
            (6, "安全检查", Some("王五"), Some("第二季度")),
        ]
    );
    assert_eq!(plan.schedule, "2024年分月工作安排");
    assert_eq!(plan.sections.len(), 1);
    assert_eq!(plan.sections[0].body, "服务居民。");
}

#[test]
fn several_plans_in_one_document() {
    let doc = Docx::new()
        .add_paragraph(p("乡镇工作计划范文（精选2篇）"))
        .add_paragraph(p("乡镇工作计划篇一"))
        .add_paragraph(p("2022年，我镇将继续抓好以下工作。"))
        .add_paragraph(p("一、发展经济"))
        .add_paragraph(p("招商引资。"))
        .add_paragraph(p("乡镇工作计划篇二"))
        .add_paragraph(p("2023年，我镇重点做好以下工作。"))
        .add_paragraph(p("一、改善民生"))
        .add_paragraph(p("修建道路。"));
    let imported = import(&pack(doc), "collection.docx");
    let plans: Vec<(&str, i32, &str)> = imported
        .result
        .plans
        .iter()
        .map(|p| {
            (
                p.plan.title.as_str(),
                p.plan.year,
                p.plan.sections[0].heading.as_str(),
            )
        })
        .collect();
    assert_eq!(
        plans,
        [
            ("乡镇工作计划篇一", 2022, "发展经济"),
            ("乡镇工作计划篇二", 2023, "改善民生")
        ]
    );
    assert_eq!(
        imported.result.collection_title.as_deref(),
        Some("乡镇工作计划范文（精选2篇）")
    );
}

#[test]
fn headers_footers_page_numbers_and_empty_paragraphs_are_left_out() {
    let doc = Docx::new()
        .header(Header::new().add_paragraph(p("城关镇人民政府文件")))
        .footer(
            Footer::new().add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_text("— "))
                    .add_page_num(PageNum::new())
                    .add_run(Run::new().add_text(" —")),
            ),
        )
        .add_paragraph(p("城关镇2022年工作计划"))
        .add_paragraph(p(""))
        .add_paragraph(p("一、抓好党建"))
        .add_paragraph(p("落实责任。"))
        .add_paragraph(p("— 2 —"))
        .add_paragraph(p(""))
        .add_paragraph(p("加强考核。"))
        .add_paragraph(p("城关镇人民政府").align(AlignmentType::Right))
        .add_paragraph(p("2022年2月10日").align(AlignmentType::Right));
    let imported = import(&pack(doc), "with-footer.docx");
    let plan = only_plan(&imported);
    assert_eq!(plan.sections.len(), 1);
    assert_eq!(plan.sections[0].body, "落实责任。\n加强考核。");
    let everything = format!("{plan:?}");
    assert!(!everything.contains("文件"), "{everything}");
    assert!(!everything.contains("— "), "{everything}");
    // The signature and the date on lines of their own make the date line.
    assert_eq!(plan.org.as_deref(), Some("城关镇人民政府"));
    assert_eq!(
        plan.date.map(|d| d.to_string()).as_deref(),
        Some("2022-02-10")
    );
    assert!(imported.result.plans[0].unplaced.is_empty());
    assert!(matches!(
        imported.source,
        plandesk::import::Source::Docx {
            page_numbers: 1,
            empty_paragraphs: 2,
            ..
        }
    ));
}

#[test]
fn a_paragraph_not_placed_is_named_by_its_paragraph() {
    let doc = Docx::new()
        .add_paragraph(p("城关镇2022年工作计划"))
        .add_paragraph(p(""))
        .add_paragraph(p("2022年3月1日"))
        .add_paragraph(p("2022年3月2日"));
    let imported = import(&pack(doc), "dates.docx");
    let unplaced = &imported.result.plans[0].unplaced;
    assert_eq!(unplaced.len(), 1, "{unplaced:?}");
    assert_eq!(unplaced[0].text, "2022年3月2日");
    // The fourth paragraph of the body, the empty one counted.
    assert_eq!(imported.locate(unplaced[0].line), "paragraph 4");
}

#[test]
fn old_word_and_wps_files_are_refused_with_what_to_do() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend_from_slice(&[0u8; 504]);
    for name in ["计划.doc", "计划.wps", "计划.docx"] {
        let err = import_file(&ole, name, &ImportOptions::default()).expect_err("refused");
        assert!(matches!(err, ImportError::OldWord { .. }), "{name}: {err}");
        assert!(err.to_string().contains("save it as .docx"), "{err}");
    }
    // A .doc that is really RTF or text is still not read as a plan.
    let err =
        import_file(b"{\\rtf1 plan}", "x.doc", &ImportOptions::default()).expect_err("refused");
    assert!(err.to_string().contains("RTF"), "{err}");
    let err =
        import_file("计划".as_bytes(), "x.wps", &ImportOptions::default()).expect_err("refused");
    assert!(err.to_string().contains("save it as .docx"), "{err}");
    // A zip that is not a Word document.
    let mut zip = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut zip);
        w.start_file("content.xml", zip::write::SimpleFileOptions::default())
            .expect("zip");
        std::io::Write::write_all(&mut w, b"<x/>").expect("zip");
        w.finish().expect("zip");
    }
    let err = import_file(zip.get_ref(), "x.docx", &ImportOptions::default()).expect_err("refused");
    assert!(err.to_string().contains("word/document.xml"), "{err}");
}

/// A package written part by part, as Word writes it (which docx-rs does not).
fn raw_docx(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        for (name, text) in parts {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("zip");
            std::io::Write::write_all(&mut w, text.as_bytes()).expect("zip");
        }
        w.finish().expect("zip");
    }
    out.into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14""#;

#[test]
fn numbering_as_word_writes_it_heading_styles_revisions_and_text_boxes() {
    // Word 2010+ writes 一, 二, 三 as a custom format in mc:Choice with a
    // decimal fallback; headings take their numbering from the style.
    let numbering = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering {W}>
 <w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/>
   <mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="一, 二, 三, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>
   <w:pStyle w:val="1"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%2"/></w:lvl>
 </w:abstractNum>
 <w:num w:numId="4"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}>
 <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
 <w:style w:type="paragraph" w:styleId="10"><w:name w:val="my heading"/><w:basedOn w:val="1"/></w:style>
</w:styles>"#
    );
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>
 <w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>城关镇</w:t></w:r><w:r><w:t xml:space="preserve">2023年工作</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>要点</w:delText></w:r></w:del><w:r><w:t>计划</w:t></w:r></w:p>
 <w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>抓好党建</w:t></w:r></w:p>
 <w:p><w:r><w:t>落实</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>MERGEFIELD x</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>主体</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>责任。</w:t></w:r></w:p>
 <w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="4"/></w:numPr></w:pPr><w:r><w:t>每月学习。</w:t></w:r></w:p>
 <w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="4"/></w:numPr></w:pPr><w:r><w:t>每季考核。</w:t></w:r></w:p>
 <w:p><w:pPr><w:pStyle w:val="10"/></w:pPr><w:r><w:t>改进作风</w:t></w:r></w:p>
 <w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>框内的话。</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内的话。</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>深入基层。</w:t></w:r></w:p>
 <w:sectPr/>
</w:body></w:document>"#
    );
    let bytes = raw_docx(&[
        ("word/document.xml", &document),
        ("word/numbering.xml", &numbering),
        ("word/styles.xml", &styles),
    ]);
    let imported = import(&bytes, "word.docx");
    let plan = only_plan(&imported);
    assert_eq!(plan.title, "城关镇2023年工作计划");
    let o = outline(plan);
    let shown: Vec<(&str, u8, &str, &str)> = o
        .iter()
        .map(|(n, d, h, b)| (n.as_str(), *d, h.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("一、", 1, "抓好党建", "落实主体责任。"),
            ("①", 2, "每月学习", ""),
            ("②", 2, "每季考核", ""),
            // Numbered through the style it is based on: 二、, not a decimal 2、.
            ("二、", 1, "改进作风", "框内的话。\n深入基层。"),
        ]
    );
}
