//! The semantic diff: sections, targets, tasks, header and approval, item by
//! item by id; character-level highlights that work for Chinese; and the
//! `plandesk diff` command on a real repository.

mod common;

use chrono::NaiveDate;
use common::{Sandbox, workspace};
use plandesk::model::diff::{HeaderField, InlineDiff, PlanDiff, SegmentKind};
use plandesk::model::{Approval, ApprovalState, Kind, Plan, PlanId, Section, Status, Target, Task};
use plandesk::store::{Action, Change, Version};

fn section(id: &str, depth: u8, heading: &str, body: &str) -> Section {
    Section {
        id: id.into(),
        depth,
        heading: heading.into(),
        body: body.into(),
    }
}

fn task(id: &str, month: u8, text: &str) -> Task {
    Task {
        id: id.into(),
        month,
        period: None,
        text: text.into(),
        status: Status::Todo,
        done_on: None,
        owner: None,
    }
}

/// 一、学习 （一）理论 （二）业务  二、调研  三、监督
fn plan() -> Plan {
    let mut p = Plan::new("汪场镇政协联络处2024年工作计划", 2024, Kind::Plan);
    p.sections = vec![
        section(
            "study",
            1,
            "强化学习，提高履职能力",
            "全年学习四次。\n每季度交流一次。",
        ),
        section("theory", 2, "理论学习", "学习新思想。"),
        section("work", 2, "业务学习", "学习政协章程。"),
        section("survey", 1, "深入调研", "围绕中心工作开展调研。"),
        section("oversee", 1, "民主监督", "开展民主评议。"),
    ];
    p.targets = vec![Target {
        id: "gdp".into(),
        name: "地区生产总值".into(),
        target: "增长10%".into(),
        actual: None,
    }];
    p.tasks = vec![
        task("love", 2, "开展一次献爱心活动"),
        task("visit", 3, "组织委员视察"),
        task("meet", 4, "召开联络处全体会议"),
    ];
    p
}

fn marked(d: &InlineDiff) -> String {
    d.segments
        .iter()
        .map(|(k, s)| match k {
            SegmentKind::Same => s.clone(),
            SegmentKind::Removed => format!("[-{s}-]"),
            SegmentKind::Added => format!("{{+{s}+}}"),
        })
        .collect()
}

#[test]
fn a_chinese_edit_of_one_character_marks_that_character_only() {
    let old = plan();
    let mut new = plan();
    new.sections[0].body = "全年学习六次。\n每季度交流一次。".into();
    let d = PlanDiff::between(&old, &new);
    assert_eq!(d.sections.len(), 1, "{:#?}", d.sections);
    let s = &d.sections[0];
    assert_eq!(s.id, "study");
    assert!(!s.moved && !s.renumbered && s.heading.is_none());
    let body = s.body.as_ref().expect("body changed");
    assert_eq!(
        body.segments,
        vec![
            (SegmentKind::Same, "全年学习".to_string()),
            (SegmentKind::Removed, "四".to_string()),
            (SegmentKind::Added, "六".to_string()),
            (SegmentKind::Same, "次。\n每季度交流一次。".to_string()),
        ]
    );
    assert_eq!(body.changed_chars(), (1, 1));

    // A two-character edit marks two characters.
    let d = InlineDiff::new("强化学习，提高履职能力", "强化培训，提高履职能力");
    assert_eq!(marked(&d), "强化[-学习-]{+培训+}，提高履职能力");
    assert_eq!(d.changed_chars(), (2, 2));
}

#[test]
fn a_section_moved_and_edited_is_one_entry_and_the_others_are_renumbered() {
    let old = plan();
    let mut new = plan();
    // 三、民主监督 moves to the top and its heading is edited.
    let mut oversee = new.sections.remove(4);
    oversee.heading = "加强民主监督".into();
    new.sections.insert(0, oversee);
    let d = PlanDiff::between(&old, &new);
    let ids: Vec<&str> = d.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["oversee", "study", "survey"], "{:#?}", d.sections);

    let moved = &d.sections[0];
    assert!(moved.moved && moved.is_edited() && !moved.renumbered);
    assert_eq!(
        marked(moved.heading.as_ref().expect("heading")),
        "{+加强+}民主监督"
    );
    assert_eq!(moved.old.as_ref().map(|a| a.number.as_str()), Some("三、"));
    assert_eq!(moved.new.as_ref().map(|a| a.number.as_str()), Some("一、"));
    assert!(moved.body.is_none());

    for s in &d.sections[1..] {
        assert!(s.renumbered && !s.moved && !s.is_edited(), "{s:#?}");
    }
    assert_eq!(
        d.sections[1].old.as_ref().map(|a| a.number.as_str()),
        Some("一、")
    );
    assert_eq!(
        d.sections[1].new.as_ref().map(|a| a.number.as_str()),
        Some("二、")
    );
    // The subsections kept their parent and order: not in the diff at all.
    assert!(!ids.contains(&"theory") && !ids.contains(&"work"));
}

#[test]
fn sections_added_removed_and_moved_to_another_parent() {
    let old = plan();
    let mut new = plan();
    // （二）业务学习 goes under 二、深入调研; 三、民主监督 is removed; a new 三、.
    let work = new.sections.remove(2);
    new.sections.insert(3, work);
    new.sections.retain(|s| s.id != "oversee");
    new.sections
        .push(section("new1", 1, "加强自身建设", "建章立制。"));
    let d = PlanDiff::between(&old, &new);
    let summary: Vec<(String, bool, bool, bool, bool)> = d
        .sections
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                s.is_added(),
                s.is_removed(),
                s.moved,
                s.renumbered,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            // Removed sections stand right after the section they followed.
            ("oversee".into(), false, true, false, false),
            ("work".into(), false, false, true, false),
            ("new1".into(), true, false, false, false),
        ],
        "{:#?}",
        d.sections
    );
    let work = &d.sections[1];
    assert_eq!(
        work.old.as_ref().and_then(|a| a.parent.as_deref()),
        Some("study")
    );
    assert_eq!(
        work.new.as_ref().and_then(|a| a.parent.as_deref()),
        Some("survey")
    );
    assert_eq!(work.new.as_ref().map(|a| a.number.as_str()), Some("（一）"));
}

#[test]
fn swapping_two_neighbours_marks_one_of_them_moved() {
    let old = plan();
    let mut new = plan();
    new.sections.swap(3, 4);
    let d = PlanDiff::between(&old, &new);
    let moved: Vec<&str> = d
        .sections
        .iter()
        .filter(|s| s.moved)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(moved.len(), 1, "{:#?}", d.sections);
    assert_eq!(d.sections.len(), 2, "the other one is renumbered");
}

#[test]
fn targets_added_removed_and_changed() {
    let mut old = plan();
    old.targets.push(Target {
        id: "tax".into(),
        name: "财政收入".into(),
        target: "增长8%".into(),
        actual: None,
    });
    let mut new = plan();
    new.targets[0].target = "增长12%".into();
    new.targets[0].actual = Some("增长11%".into());
    new.targets.push(Target {
        id: "jobs".into(),
        name: "新增就业".into(),
        target: "500人".into(),
        actual: None,
    });
    let d = PlanDiff::between(&old, &new);
    assert_eq!(d.targets.len(), 3);
    let gdp = &d.targets[0];
    assert_eq!(gdp.id, "gdp");
    assert!(gdp.name.is_none());
    assert_eq!(
        marked(gdp.target.as_ref().expect("target")),
        "增长1[-0-]{+2+}%"
    );
    assert_eq!(marked(gdp.actual.as_ref().expect("actual")), "{+增长11%+}");
    assert!(d.targets[1].old.is_none() && d.targets[1].id == "jobs");
    assert!(d.targets[2].new.is_none() && d.targets[2].id == "tax");
}

#[test]
fn tasks_added_removed_moved_ticked_unticked_dropped_and_edited() {
    let mut old = plan();
    old.tasks.push(task("gone", 5, "走访困难群众"));
    old.tasks.push(task("undo", 6, "开展调研"));
    old.tasks[4].status = Status::Done;
    old.tasks[4].done_on = NaiveDate::from_ymd_opt(2024, 6, 3);
    let mut new = old.clone();
    new.tasks.retain(|t| t.id != "gone");
    new.tasks[0].status = Status::Done; // love: ticked
    new.tasks[0].done_on = NaiveDate::from_ymd_opt(2024, 2, 18);
    new.tasks[1].month = 5; // visit: to May
    new.tasks[2].status = Status::Dropped; // meet: dropped
    new.tasks[2].text = "召开联络处全体委员会议".into();
    new.tasks[3].status = Status::Todo; // undo: unticked
    new.tasks[3].done_on = None;
    new.tasks.push(task("fresh", 12, "年终总结"));
    let d = PlanDiff::between(&old, &new);
    let by_id = |id: &str| {
        d.tasks
            .iter()
            .find(|t| t.id == id)
            .unwrap_or_else(|| panic!("{id} not in {:#?}", d.tasks))
    };
    assert!(by_id("love").ticked());
    assert_eq!(
        by_id("love").done_on,
        Some((None, NaiveDate::from_ymd_opt(2024, 2, 18)))
    );
    assert_eq!(by_id("visit").month, Some((3, 5)));
    assert!(!by_id("visit").ticked());
    assert!(by_id("meet").dropped());
    assert_eq!(
        marked(by_id("meet").text.as_ref().expect("text")),
        "召开联络处全体{+委员+}会议"
    );
    assert!(by_id("undo").unticked());
    assert!(by_id("gone").is_removed());
    assert!(by_id("fresh").is_added());
    assert_eq!(d.tasks.len(), 6);
    let months: Vec<u8> = d.tasks.iter().map(|t| t.month_now()).collect();
    let mut sorted = months.clone();
    sorted.sort();
    assert_eq!(months, sorted, "tasks come by month");
}

#[test]
fn header_and_approval_changes() {
    let old = plan();
    let mut new = plan();
    new.title = "汪场镇政协联络处2024年工作要点".into();
    new.org = Some("汪场镇政协联络处".into());
    new.date = NaiveDate::from_ymd_opt(2024, 3, 25);
    new.kind = Kind::Summary;
    new.approval = Some(Approval {
        state: ApprovalState::Approved,
        by: Some("王主席 <wang@example.org>".into()),
        at: None,
        note: Some("同意".into()),
    });
    let d = PlanDiff::between(&old, &new);
    let fields: Vec<HeaderField> = d.header.iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        [
            HeaderField::Title,
            HeaderField::Kind,
            HeaderField::Org,
            HeaderField::Date
        ]
    );
    assert_eq!(
        marked(&d.header[0].inline),
        "汪场镇政协联络处2024年工作[-计划-]{+要点+}"
    );
    assert_eq!(d.header[3].new, "2024-03-25");
    let a = d.approval.as_ref().expect("approval");
    assert_eq!(a.old_state(), ApprovalState::Draft);
    assert_eq!(a.new_state(), ApprovalState::Approved);
    assert!(d.sections.is_empty() && d.tasks.is_empty() && d.targets.is_empty());
    assert!(PlanDiff::between(&old, &old).is_empty());
}

#[test]
fn items_without_ids_are_matched_in_order() {
    let mut old = plan();
    for s in &mut old.sections {
        s.id.clear();
    }
    let mut new = old.clone();
    new.sections[1].heading = "理论武装".into();
    let d = PlanDiff::between(&old, &new);
    assert_eq!(d.sections.len(), 1);
    assert_eq!(
        marked(d.sections[0].heading.as_ref().expect("h")),
        "理论[-学习-]{+武装+}"
    );
}

// ---- through the store and the binary ----------------------------------------

fn id() -> PlanId {
    PlanId::parse("2024/wangchang-cppcc-plan").expect("id")
}

#[test]
fn the_store_compares_any_two_versions_and_the_working_tree() {
    let (dir, ws) = workspace();
    let mut p = plan();
    ws.save(&id(), &mut p, &Change::new(Action::New, "新建"))
        .expect("save");
    let first = ws.resolve_revision(None, "HEAD").expect("head");
    p.sections[0].body = "全年学习六次。\n每季度交流一次。".into();
    ws.save(&id(), &mut p, &Change::new(Action::Edit, "一、"))
        .expect("save");

    let (from, to) = ws.last_change(&id()).expect("last change");
    assert_eq!(from, Version::Revision(first));
    let cmp = ws.compare(&id(), from, to).expect("compare");
    let diff = cmp.semantic.as_ref().expect("parses");
    assert_eq!(diff.sections.len(), 1);
    assert_eq!(cmp.raw.len(), 1);
    let changed: Vec<_> = cmp.raw[0]
        .lines
        .iter()
        .filter(|l| l.kind != plandesk::model::diff::LineKind::Context)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed[0].contains("四") && changed[1].contains("六"));

    // The plan's first commit compares against nothing before it.
    let created = ws.compare(&id(), Version::Absent, Version::Revision(first));
    let created = created.expect("compare");
    let created = created.semantic.expect("parses");
    assert_eq!(created.sections.len(), 5);
    assert!(created.sections.iter().all(|s| s.is_added()));

    // A hand edit in the working tree against HEAD.
    let path = dir.path().join(id().rel_path());
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, text.replace("深入调研", "深入基层调研")).expect("write");
    let head = ws.resolve_revision(None, "HEAD").expect("head");
    let cmp = ws
        .compare(&id(), Version::Revision(head), Version::WorkingTree)
        .expect("compare");
    let diff = cmp.semantic.expect("parses");
    assert_eq!(
        marked(diff.sections[0].heading.as_ref().expect("heading")),
        "深入{+基层+}调研"
    );
}

#[test]
fn plandesk_diff_shows_the_last_change_with_marks_and_raw_on_request() {
    let (dir, ws) = workspace();
    let mut p = plan();
    ws.save(&id(), &mut p, &Change::new(Action::New, "新建"))
        .expect("save");
    let mut oversee = p.sections.remove(4);
    oversee.heading = "加强民主监督".into();
    p.sections.insert(0, oversee);
    p.sections[1].body = "全年学习六次。\n每季度交流一次。".into();
    p.tasks[0].status = Status::Done;
    p.tasks[0].done_on = NaiveDate::from_ymd_opt(2024, 2, 18);
    p.tasks[1].month = 5;
    ws.save(&id(), &mut p, &Change::new(Action::Edit, "调整"))
        .expect("save");

    let sb = Sandbox::new();
    let repo = dir.path().to_str().expect("utf-8");
    let r = sb.run(&["--repo", repo, "diff", "wangchang-cppcc-plan"]);
    assert!(r.ok, "{}", r.stderr);
    let out = &r.stdout;
    assert!(out.starts_with("2024/wangchang-cppcc-plan: "), "{out}");
    assert!(
        out.contains("Edit 2024/wangchang-cppcc-plan: 调整"),
        "{out}"
    );
    assert!(
        out.contains("  > 一、加强民主监督  (moved, was 三、; edited)"),
        "{out}"
    );
    assert!(out.contains("heading: {+加强+}民主监督"), "{out}");
    assert_eq!(out.matches("民主监督").count(), 2, "shown once: {out}");
    assert!(out.contains("全年学习[-四-]{+六+}次。"), "{out}");
    assert!(
        !out.contains("每季度"),
        "unchanged lines are left out: {out}"
    );
    assert!(
        out.contains("  ~ 二、强化学习，提高履职能力  (renumbered, was 一、; edited)"),
        "{out}"
    );
    assert!(
        out.contains("x 二月 开展一次献爱心活动  (ticked on 2024-02-18)"),
        "{out}"
    );
    assert!(
        out.contains("> 五月 组织委员视察  (moved from 三月 to 五月)"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no colour when piped: {out:?}");

    let raw = sb.run(&["--repo", repo, "diff", "2024/wangchang-cppcc-plan", "--raw"]);
    assert!(raw.ok, "{}", raw.stderr);
    assert!(raw.stdout.contains("\n@@ -"), "{}", raw.stdout);
    assert!(
        raw.stdout.contains("\n-status = \"todo\"\n"),
        "{}",
        raw.stdout
    );
    assert!(raw.stdout.contains("+status = \"done\""), "{}", raw.stdout);

    // FROM and TO, by short id and HEAD~N.
    let head = ws.head().expect("head");
    let r = sb.run(&[
        "--repo",
        repo,
        "diff",
        "wangchang-cppcc-plan",
        "HEAD~1",
        &head[..9],
    ]);
    assert!(r.ok, "{}", r.stderr);
    assert!(
        r.stdout.contains("全年学习[-四-]{+六+}次。"),
        "{}",
        r.stdout
    );
    let r = sb.run(&["--repo", repo, "diff", "wangchang-cppcc-plan", "HEAD"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("→ working tree"), "{}", r.stdout);
    assert!(r.stdout.contains("No changes."), "{}", r.stdout);
    let r = sb.run(&["--repo", repo, "diff", "wangchang-cppcc-plan", "nonsense"]);
    assert!(!r.ok);
    assert!(
        r.stderr.contains("`nonsense` is not a revision"),
        "{}",
        r.stderr
    );
}

#[test]
fn control_characters_in_plan_text_never_reach_the_terminal() {
    let (dir, ws) = workspace();
    let mut p = plan();
    ws.save(&id(), &mut p, &Change::new(Action::New, "新建"))
        .expect("save");
    p.sections[0].heading = "强化学习\u{1b}[2J\u{1b}]0;pwned\u{7}".into();
    ws.save(&id(), &mut p, &Change::new(Action::Edit, "x"))
        .expect("save");
    let sb = Sandbox::new();
    let repo = dir.path().to_str().expect("utf-8");
    for args in [
        vec!["--repo", repo, "diff", "wangchang-cppcc-plan"],
        vec!["--repo", repo, "log"],
    ] {
        let r = sb.run(&args);
        assert!(r.ok, "{}", r.stderr);
        assert!(!r.stdout.contains('\u{1b}'), "{:?}", r.stdout);
        assert!(!r.stdout.contains('\u{7}'), "{:?}", r.stdout);
    }
}
