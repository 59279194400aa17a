//! One fixture per numbering style, trap and encoding the importer handles,
//! each with the structure it must give.

use std::path::PathBuf;

use plandesk::import::{
    ImportError, ImportOptions, ImportResult, ImportedPlan, YearSource, dry_run_report,
    import_bytes, import_paragraphs,
};
use plandesk::model::{Kind, NumberStyle, Plan};

fn bytes(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import_year(name: &str, year: Option<i32>) -> Result<ImportResult, ImportError> {
    import_bytes(&bytes(name), &ImportOptions { year })
}

fn import(name: &str) -> ImportResult {
    import_year(name, None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The one plan of a single-document fixture.
fn only(name: &str) -> ImportedPlan {
    let mut r = import(name);
    assert_eq!(r.plans.len(), 1, "{name}");
    assert!(r.unplaced.is_empty(), "{name}: {:?}", r.unplaced);
    r.plans.remove(0)
}

fn outline(p: &Plan) -> Vec<(u8, &str, &str)> {
    p.sections
        .iter()
        .map(|s| (s.depth, s.heading.as_str(), s.body.as_str()))
        .collect()
}

fn tasks(p: &Plan) -> Vec<(u8, Option<&str>, &str)> {
    p.tasks
        .iter()
        .map(|t| (t.month, t.period.as_deref(), t.text.as_str()))
        .collect()
}

fn targets(p: &Plan) -> Vec<(&str, &str)> {
    p.targets
        .iter()
        .map(|t| (t.name.as_str(), t.target.as_str()))
        .collect()
}

fn date(p: &Plan) -> Option<String> {
    p.date.map(|d| d.to_string())
}

// ---- numbering styles ---------------------------------------------------------

#[test]
fn default_styles_nest_five_levels() {
    let i = only("styles_default.txt");
    let p = &i.plan;
    assert_eq!(p.title, "阳光小学2024年德育工作计划");
    assert_eq!((p.year, i.year_from), (2024, YearSource::Title));
    assert_eq!(p.kind, Kind::Plan);
    assert_eq!(date(p).as_deref(), Some("2024-02-20"));
    assert_eq!(
        p.intro,
        "为贯彻落实立德树人根本任务，结合我校实际，制定本计划。"
    );
    assert_eq!(
        outline(p),
        [
            (
                1,
                "指导思想",
                "以新时代中国特色社会主义思想为指导，坚持育人为本、德育为先。"
            ),
            (1, "工作重点", ""),
            (2, "加强德育队伍建设", ""),
            // Run in and cut by a page break after 两次，
            (
                3,
                "抓好班主任培训",
                "每学期组织班主任培训两次，每次不少于半天。"
            ),
            (4, "新任班主任岗前培训", ""),
            (5, "开学前集中培训一天", ""),
            (5, "跟岗学习一个月", ""),
            (4, "骨干班主任专题研修", ""),
            (3, "完善德育考核办法", ""),
            (2, "开展主题教育活动", ""),
            (1, "保障措施", "学校成立德育工作领导小组，校长任组长。"),
        ]
    );
    assert!(p.numbering.is_empty(), "the default styles are not stored");
    assert_eq!(
        p.numbers(),
        [
            "一、",
            "二、",
            "（一）",
            "1、",
            "（1）",
            "①",
            "②",
            "（2）",
            "2、",
            "（二）",
            "三、"
        ]
    );
    assert!(p.targets.is_empty(), "两次 and 半天 are no figures");
    assert_eq!(i.slug, "ygxxdygzjh");
    assert!(
        p.sections.iter().all(|s| s.id.is_empty()),
        "no ids on import"
    );
}

#[test]
fn ascii_styles_and_depth_by_nesting_order() {
    let p = only("styles_ascii.txt").plan;
    assert_eq!(p.title, "幸福社区2024年工作要点");
    assert_eq!(p.kind, Kind::Plan, "要点 is a plan");
    assert_eq!(
        p.numbering,
        [
            NumberStyle::ChineseAsciiParen,
            NumberStyle::ArabicDot,
            NumberStyle::ArabicAsciiParen,
            NumberStyle::ArabicHalfParen
        ]
    );
    assert_eq!(
        outline(&p),
        [
            (1, "抓好党建引领", ""),
            (
                2,
                "健全组织体系",
                "完善社区党委、网格党支部、楼栋党小组三级组织。"
            ),
            (3, "每月召开一次党员大会", ""),
            (4, "会前公示议题", ""),
            (4, "会后通报结果", ""),
            (3, "建立党员积分台账", ""),
            (2, "开展“红色物业”创建", ""),
            (1, "提升服务水平", ""),
            (2, "办好民生实事", ""),
        ]
    );
    assert_eq!(p.numbers()[..4], ["(一)", "1.", "(1)", "1)"]);
}

#[test]
fn ordinal_and_full_width_dot_styles() {
    let p = only("styles_ordinal.txt").plan;
    assert_eq!(p.kind, Kind::Plan, "安排 is a plan");
    assert_eq!(
        p.numbering,
        [
            NumberStyle::Ordinal,
            NumberStyle::ArabicFullDot,
            NumberStyle::Circled
        ]
    );
    assert_eq!(
        outline(&p),
        [
            (1, "提高医疗服务质量", ""),
            (2, "规范诊疗行为", "严格执行首诊负责制和三级查房制度。"),
            (3, "每月开展一次病历质量检查", ""),
            (3, "每季度开展一次处方点评", ""),
            (2, "加强院感管理", ""),
            (1, "推进基本公共卫生服务", ""),
            (2, "做实家庭医生签约服务，重点人群签约率达到80%以上", ""),
        ]
    );
    assert_eq!(targets(&p), [("重点人群签约率", "达到80%以上")]);
}

#[test]
fn ordinal_comma_and_yi_shi_items() {
    let p = only("styles_ordinal_comma.txt").plan;
    assert_eq!(
        p.numbering,
        [NumberStyle::OrdinalComma, NumberStyle::Enumerated]
    );
    assert_eq!(
        outline(&p),
        [
            (1, "发展特色产业", ""),
            (2, "扩大猕猴桃种植面积", "新增标准化果园200亩。"),
            (2, "培育龙头企业", ""),
            // 一是 inside a line is text, and so is a lone 三是 at a line
            // start once the sequence has ended.
            (
                1,
                "改善人居环境",
                "全年重点抓好三件事：一是改厕，二是改路，三是改水。\n三是推进垃圾分类。这一项由村两委负责。"
            ),
        ]
    );
    assert_eq!(p.numbers(), ["第一，", "一是", "二是", "第二，"]);
    assert_eq!(targets(&p), [("新增标准化果园", "200亩")]);
}

// ---- traps --------------------------------------------------------------------

#[test]
fn lines_that_only_look_like_headings() {
    let p = only("traps.txt").plan;
    assert_eq!(p.year, 2019);
    // "2019.2.26" is the date line, not heading 2019.
    assert_eq!(date(&p).as_deref(), Some("2019-02-26"));
    assert_eq!(
        outline(&p),
        [
            (
                1,
                "工作目标",
                "全年新增图书不少于6000册，学生借阅率达到98%。"
            ),
            (1, "主要工作", ""),
            // "1.三、四年级…" is item 1, not heading 三.
            (2, "三、四年级开展“好书伴我成长”读书竞赛", ""),
            // "4.23世界读书日" and "4.6月26日…" are text; so is 自3月起.
            (
                2,
                "开展主题读书活动",
                "4.23世界读书日当天举办图书漂流。\n4.6月26日国际禁毒日前后开展禁毒主题阅读。\n自3月起，每月评选一次“阅读之星”。"
            ),
            (2, "做好图书管理工作", ""),
            (1, "分月安排", ""),
        ]
    );
    assert_eq!(p.numbering, [NumberStyle::Chinese, NumberStyle::ArabicDot]);
    // "七、八月份：" is a month line for July and August, each sentence a task.
    assert_eq!(
        tasks(&p),
        [
            (3, None, "图书清点入库"),
            (4, None, "世界读书日系列活动"),
            (7, Some("七、八月份"), "暑期阅读打卡"),
            (8, Some("七、八月份"), "暑期阅读打卡"),
            (7, Some("七、八月份"), "假期图书借阅"),
            (8, Some("七、八月份"), "假期图书借阅"),
            (9, None, "新生入馆教育"),
        ]
    );
    assert_eq!(
        targets(&p),
        [("全年新增图书", "不少于6000册"), ("学生借阅率", "达到98%")]
    );
}

// ---- targets --------------------------------------------------------------------

#[test]
fn committed_and_planned_figures_are_targets_ages_and_anniversaries_are_not() {
    let p = only("targets.txt").plan;
    assert_eq!(
        targets(&p),
        [
            ("城镇新增就业", "1200人"),
            // A bare figure counts right after the line about 目标…
            ("引进农业新品种", "12种"),
            ("社区养老服务覆盖率", "达到98%"),
            ("农家书屋藏书", "不少于6000册"),
            ("全年完成体检", "不少于3000人次"),
            // …and a planned count anywhere.
            ("举办文艺演出", "8场"),
            // A placeholder is a figure still to be filled in.
            ("地区生产总值", "增长xx%"),
            ("固定资产投资", "增长8.5%左右"),
        ]
    );
    // 年满60岁 and 建党100周年 are no targets, and the text stays as it was.
    assert!(p.sections[1].body.contains("举办文艺演出8场"));
    assert!(p.sections[2].body.contains("地区生产总值增长xx%"));
    assert_eq!(
        p.intro,
        "今年民生工作的主要目标是：\n城镇新增就业1200人，引进农业新品种12种，社区养老服务覆盖率达到98%，农家书屋藏书不少于6000册。"
    );
}

#[test]
fn a_summarys_achievements_are_no_targets() {
    let i = only("summary_achievements.txt");
    assert_eq!(i.plan.kind, Kind::Summary);
    assert_eq!(i.plan.year, 2023);
    assert!(i.plan.targets.is_empty());
    assert_eq!(
        outline(&i.plan)[1],
        (
            1,
            "养老服务",
            "社区养老服务覆盖率达到98%，为2800名老人免费体检。"
        )
    );
}

// ---- kinds ------------------------------------------------------------------

#[test]
fn a_summary_and_plan_whose_plan_part_restarts_at_one() {
    let r = import("summary_and_plan.txt");
    assert_eq!(r.plans.len(), 2);
    let (s, p) = (&r.plans[0], &r.plans[1]);
    assert_eq!(s.plan.title, "青山村2023年工作总结");
    assert_eq!((s.plan.kind, s.plan.year), (Kind::Summary, 2023));
    assert_eq!(
        outline(&s.plan),
        [
            (
                1,
                "基础设施明显改善",
                "完成村道硬化3.2公里，新修水渠800米。"
            ),
            (1, "集体经济稳步增长", "村集体经济收入达到28万元。"),
        ]
    );
    assert!(s.plan.targets.is_empty());
    assert!(s.plan.tasks.is_empty());

    assert_eq!(p.plan.title, "青山村2024年工作计划");
    assert_eq!((p.plan.kind, p.plan.year), (Kind::Plan, 2024));
    assert_eq!(p.year_from, YearSource::FollowingYear);
    assert_eq!(p.source_title_line, 13);
    assert_eq!(p.plan.intro, "明年工作打算：");
    assert_eq!(
        outline(&p.plan),
        [
            (1, "抓好产业发展", "力争村集体经济收入达到35万元。"),
            (1, "抓好人居环境整治", ""),
        ]
    );
    assert_eq!(targets(&p.plan), [("村集体经济收入", "达到35万元")]);
    assert_eq!(
        tasks(&p.plan),
        [(2, None, "开展春季爱国卫生运动"), (3, None, "组织义务植树")]
    );
    assert_ne!(s.slug, p.slug);
}

// ---- schedules ----------------------------------------------------------------

#[test]
fn quarter_lines_keep_the_quarter_visible() {
    let p = only("quarters.txt").plan;
    assert_eq!(targets(&p), [("全年发展党员", "不少于15名")]);
    let q = |m: u8, period: &'static str, text: &'static str| (m, Some(period), text);
    assert_eq!(
        tasks(&p),
        [
            q(1, "第一季度", "召开年度党建工作会议"),
            q(2, "第一季度", "召开年度党建工作会议"),
            q(3, "第一季度", "召开年度党建工作会议"),
            q(1, "第一季度", "开展“新春走基层”活动"),
            q(2, "第一季度", "开展“新春走基层”活动"),
            q(3, "第一季度", "开展“新春走基层”活动"),
            q(4, "第二季度", "开展党纪学习教育"),
            q(5, "第二季度", "开展党纪学习教育"),
            q(6, "第二季度", "开展党纪学习教育"),
            // A month line cut by a page break is joined again.
            q(7, "第三季度", "组织党员志愿服务活动"),
            q(8, "第三季度", "组织党员志愿服务活动"),
            q(9, "第三季度", "组织党员志愿服务活动"),
            q(10, "第四季度", "开展年度述职评议"),
            q(11, "第四季度", "开展年度述职评议"),
            q(12, "第四季度", "开展年度述职评议"),
        ]
    );
}

#[test]
fn every_form_of_month_line() {
    let p = only("month_forms.txt").plan;
    assert_eq!(p.kind, Kind::Plan);
    assert_eq!(p.intro, "具体安排如下：");
    assert_eq!(p.schedule, "2024年文明创建分月安排");
    assert!(p.sections.is_empty());
    assert_eq!(
        tasks(&p),
        [
            (1, Some("一至三月"), "制定创建方案"),
            (2, Some("一至三月"), "制定创建方案"),
            (3, Some("一至三月"), "制定创建方案"),
            (4, Some("4-6月"), "开展环境整治"),
            (5, Some("4-6月"), "开展环境整治"),
            (6, Some("4-6月"), "开展环境整治"),
            (2, None, "走访慰问困难群众"),
            (2, None, "开展元宵节猜灯谜活动"),
            (3, None, "学雷锋志愿服务"),
            (7, Some("七、八月份"), "开展暑期青少年活动"),
            (8, Some("七、八月份"), "开展暑期青少年活动"),
            (12, None, "年终总结"),
        ]
    );
}

// ---- dates and years --------------------------------------------------------------

#[test]
fn a_right_aligned_signed_date_line() {
    let p = only("signed_date.txt").plan;
    assert_eq!(date(&p).as_deref(), Some("2022-03-01"));
    assert_eq!(p.org.as_deref(), Some("城南街道办事处"));
    assert_eq!(
        outline(&p),
        [
            (1, "目标任务", "确保全年不发生较大以上安全生产事故。"),
            (1, "工作措施", ""),
            (2, "落实安全责任", ""),
            (2, "开展隐患排查", "每月开展一次安全隐患大排查。"),
        ]
    );
}

#[test]
fn a_placeholder_year_needs_the_year_option() {
    let err = import_year("placeholder_year.txt", None).expect_err("an error");
    assert_eq!(
        err.to_string(),
        "the year of «20xx年XX社区工作计划» (line 1) is a placeholder (20xx); pass --year YEAR"
    );
    let r = import_year("placeholder_year.txt", Some(2024)).expect("test setup");
    assert_eq!(r.plans[0].plan.year, 2024);
    assert_eq!(r.plans[0].year_from, YearSource::Option);
    assert_eq!(r.plans[0].plan.title, "20xx年XX社区工作计划");

    let err = import_bytes(
        "xx年上半年工作总结\n一、学习".as_bytes(),
        &ImportOptions::default(),
    )
    .expect_err("an error");
    assert!(err.to_string().contains("placeholder (xx年)"), "{err}");
}

#[test]
fn the_seeds_fourth_document_alone_names_its_placeholder() {
    let seed = String::from_utf8(bytes("seed/000_c9b7faed38ee8ce4.txt")).expect("test setup");
    // The third and fourth documents without the collection title above them.
    let start = seed.find("乡镇政协工作总结及计划篇三").expect("test setup");
    let end = seed.find("乡镇政协工作总结及计划篇五").expect("test setup");
    let err = import_bytes(&seed.as_bytes()[start..end], &ImportOptions::default())
        .expect_err("an error");
    let msg = err.to_string();
    assert!(
        msg.starts_with("the year of 篇四 (line ")
            && msg.ends_with("is a placeholder (20xx); pass --year YEAR"),
        "{msg}"
    );
    let r = import_bytes(
        &seed.as_bytes()[start..end],
        &ImportOptions { year: Some(2023) },
    )
    .expect("test setup");
    let years: Vec<(i32, YearSource)> =
        r.plans.iter().map(|p| (p.plan.year, p.year_from)).collect();
    assert_eq!(
        years,
        [(2022, YearSource::Text), (2023, YearSource::Option)]
    );
}

#[test]
fn no_year_at_all_is_an_error_that_says_what_to_do() {
    let err = import_year("no_year.txt", None).expect_err("an error");
    assert_eq!(
        err.to_string(),
        "no year found in «社区工作计划» (line 1); pass --year YEAR"
    );
    assert_eq!(
        import_year("no_year.txt", Some(2025))
            .expect("test setup")
            .plans[0]
            .plan
            .year,
        2025
    );
}

// ---- collections --------------------------------------------------------------

#[test]
fn di_yi_pian_documents_and_a_preface() {
    let r = import("collection_di_pian.txt");
    assert_eq!(
        r.collection_title.as_deref(),
        Some("2024年社区工作计划范文（2篇）")
    );
    let titles: Vec<&str> = r.plans.iter().map(|p| p.plan.title.as_str()).collect();
    assert_eq!(
        titles,
        ["第一篇 幸福社区2024年工作计划", "第二篇 和谐社区工作计划"]
    );
    let years: Vec<(i32, YearSource)> =
        r.plans.iter().map(|p| (p.plan.year, p.year_from)).collect();
    assert_eq!(
        years,
        [(2024, YearSource::Title), (2024, YearSource::Collection)]
    );
    assert_eq!(r.unplaced.len(), 1);
    assert_eq!(r.unplaced[0].line, 3);
    assert_eq!(r.unplaced[0].text, "以下两篇范文供参考。");
    let slugs: Vec<&str> = r.plans.iter().map(|p| p.slug.as_str()).collect();
    assert_eq!(slugs, ["xfsqgzjh-1", "hxsqgzjh-2"]);
    assert_eq!(tasks(&r.plans[1].plan), [(3, None, "开展消防演练")]);
}

#[test]
fn pian_1_documents_without_a_collection_title() {
    let r = import("collection_pian1.txt");
    assert_eq!(r.collection_title, None);
    assert!(r.unplaced.is_empty());
    let titles: Vec<(&str, usize)> = r
        .plans
        .iter()
        .map(|p| (p.plan.title.as_str(), p.source_title_line))
        .collect();
    assert_eq!(
        titles,
        [
            ("2023年学校安全工作计划篇1", 1),
            ("2023年学校安全工作计划篇2", 7)
        ]
    );
    assert_eq!(
        outline(&r.plans[1].plan),
        [(1, "工作目标", "实现全年安全事故零发生。")]
    );
}

#[test]
fn the_same_title_pattern_repeated() {
    let r = import("collection_repeated.txt");
    let got: Vec<(&str, i32, &str)> = r
        .plans
        .iter()
        .map(|p| (p.plan.title.as_str(), p.plan.year, p.slug.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("阳光幼儿园2023年保育工作计划", 2023, "ygyeybygzjh-1"),
            ("阳光幼儿园2024年保育工作计划", 2024, "ygyeybygzjh-2")
        ]
    );
}

// ---- lines that are not placed ----------------------------------------------------

#[test]
fn lines_it_cannot_place_are_reported_with_their_numbers() {
    let r = import("unplaced.txt");
    let p = &r.plans[0];
    assert_eq!(date(&p.plan).as_deref(), Some("2024-01-05"));
    assert_eq!(p.plan.schedule, "2024年志愿服务分月安排");
    assert_eq!(p.plan.tasks.len(), 2);
    let unplaced: Vec<(usize, &str)> = p
        .unplaced
        .iter()
        .map(|u| (u.line, u.text.as_str()))
        .collect();
    assert_eq!(
        unplaced,
        [(13, "以上安排可根据实际情况调整。"), (15, "2024年1月8日")]
    );
    let report = dry_run_report(&r);
    assert!(
        report.contains("line 13: 以上安排可根据实际情况调整。"),
        "{report}"
    );
    assert!(report.contains("line 15: 2024年1月8日"), "{report}");
}

// ---- encodings --------------------------------------------------------------------

#[test]
fn gb18030_with_crlf() {
    let raw = bytes("gb18030.txt");
    assert!(
        std::str::from_utf8(&raw).is_err(),
        "the fixture is not UTF-8"
    );
    let p = only("gb18030.txt").plan;
    assert_eq!(p.title, "柳林镇2024年综治工作计划");
    assert_eq!(targets(&p), [("全年矛盾纠纷调处成功率", "达到95%以上")]);
    assert_eq!(
        tasks(&p),
        [
            (3, None, "开展矛盾纠纷大排查"),
            (6, None, "开展禁毒宣传月活动")
        ]
    );
}

#[test]
fn gbk_encoded_on_the_fly_reads_like_utf8() {
    for name in ["traps.txt", "styles_default.txt", "quarters.txt"] {
        let utf8 = bytes(name);
        let text = String::from_utf8(utf8.clone()).expect("test setup");
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
        assert!(!unmappable, "{name}");
        let opts = ImportOptions::default();
        assert_eq!(
            import_bytes(&gbk, &opts).expect("test setup"),
            import_bytes(&utf8, &opts).expect("test setup"),
            "{name}"
        );
    }
}

#[test]
fn utf8_with_a_bom() {
    assert!(bytes("bom.txt").starts_with(b"\xEF\xBB\xBF"));
    let i = only("bom.txt");
    assert_eq!(i.plan.title, "石桥镇2024年河长制工作要点");
    assert_eq!(i.source_title_line, 1);
    assert_eq!(targets(&i.plan), [("全年清淤河道", "不少于12公里")]);
}

#[test]
fn crlf_and_cr_line_ends() {
    assert!(bytes("crlf.txt").windows(2).any(|w| w == b"\r\n"));
    let p = only("crlf.txt").plan;
    assert_eq!(p.title, "河西社区2024年计生工作计划");
    assert_eq!(outline(&p), [(1, "做好孕情服务", ""), (2, "建立台账", "")]);
    assert_eq!(tasks(&p), [(5, None, "开展“5·29”会员活动日宣传")]);
    let cr = String::from_utf8(bytes("crlf.txt"))
        .expect("test setup")
        .replace("\r\n", "\r");
    assert_eq!(
        import_bytes(cr.as_bytes(), &ImportOptions::default())
            .expect("test setup")
            .plans[0]
            .plan,
        p
    );
}

#[test]
fn empty_blank_and_binary_files_are_clear_errors() {
    for name in ["empty.txt", "blank.txt"] {
        let err = import_year(name, None).expect_err("an error");
        assert_eq!(err, ImportError::Empty, "{name}");
        assert!(err.to_string().contains("empty"));
    }
    let err = import_year("binary.bin", None).expect_err("an error");
    assert!(matches!(err, ImportError::Binary { .. }), "{err}");
    assert!(
        err.to_string().contains("save the document as plain text"),
        "{err}"
    );
}

// ---- the report -------------------------------------------------------------------

#[test]
fn the_dry_run_report_shows_what_was_recognised() {
    let r = import("seed/000_c9b7faed38ee8ce4.txt");
    let report = dry_run_report(&r);
    for expected in [
        "collection: 2023年乡镇政协工作总结及计划(精选5篇)",
        "plan 3: 乡镇政协工作总结及计划篇三 (line 63)",
        "year:      2022 (from the text)",
        "year:      2023 (from the collection title)",
        "date:      2022-03-25",
        "numbering: 一、 1、",
        "    一、强化学习，提高履职能力和水平",
        "      1、加强理论学习和形势教育",
        "      （一）指导思想",
        "    地区生产总值: 增长10%",
        "schedule:  2022年政协工作分月工作计划",
        "    五月  利用社区委员联络站对渔湖沟段改造涉及矛盾进行协商",
        "kind:      summary",
        "line 5: 计划是一种灵活性和适应性的工具",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in\n{report}"
        );
    }
    let report = dry_run_report(&import("traps.txt"));
    assert!(
        report.contains("    七月  [七、八月份] 暑期阅读打卡"),
        "{report}"
    );
}

// ---- paragraphs -----------------------------------------------------------------

#[test]
fn paragraphs_import_like_the_text_with_lines_counted_over_them() {
    let text = String::from_utf8(bytes("corpus/01_township_cppcc.txt")).expect("test setup");
    let paragraphs: Vec<&str> = text.split('\n').collect();
    let from_paragraphs =
        import_paragraphs(&paragraphs, &ImportOptions::default()).expect("imports");
    assert_eq!(from_paragraphs, import("corpus/01_township_cppcc.txt"));
    assert_eq!(
        from_paragraphs.plans[0].plan.org.as_deref(),
        Some("青石镇政协联络处")
    );
    assert_eq!(
        import_paragraphs(&["", "  "], &ImportOptions::default()),
        Err(ImportError::Empty)
    );
}
