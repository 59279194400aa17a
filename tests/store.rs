//! The store against real repositories, read back with the git CLI.

mod common;

use common::{EMAIL, NAME, git, workspace};
use plandesk::model::{
    Approval, ApprovalState, Kind, Plan, PlanId, Section, Status, Task, write_plan,
};
use plandesk::store::{Action, Change, FileState, StoreError};

fn sample() -> Plan {
    let mut p = Plan::new("汪场镇政协联络处2024年工作计划", 2024, Kind::Plan);
    p.sections.push(Section {
        id: String::new(),
        depth: 1,
        heading: "强化学习，提高履职能力和水平".into(),
        body: "加强理论学习和形势教育。".into(),
    });
    p.tasks.push(Task {
        id: String::new(),
        month: 2,
        period: None,
        text: "开展一次献爱心活动".into(),
        status: Status::Todo,
        done_on: None,
        owner: None,
    });
    p
}

fn id() -> PlanId {
    PlanId::parse("2024/wangchang-cppcc-plan").expect("id")
}

#[test]
fn a_save_is_one_commit_that_plain_git_reads_back() {
    let (dir, ws) = workspace();
    let mut plan = sample();
    let title = plan.title.clone();
    let out = ws
        .save(&id(), &mut plan, &Change::new(Action::New, title))
        .expect("save");
    assert!(out.commit.is_some());
    assert!(
        plan.sections[0].id.len() == 6,
        "ids are assigned in the caller's plan too"
    );

    let log = git(
        dir.path(),
        &[
            "log",
            "--format=%an <%ae>|%s|%(trailers:key=Plan,valueonly,separator=)|%(trailers:key=Action,valueonly,separator=)",
        ],
    );
    let first = log.lines().next().expect("a commit");
    assert_eq!(
        first,
        format!(
            "{NAME} <{EMAIL}>|New 2024/wangchang-cppcc-plan: 汪场镇政协联络处2024年工作计划|2024/wangchang-cppcc-plan|new"
        )
    );
    assert_eq!(git(dir.path(), &["status", "--porcelain"]), "");
    git(dir.path(), &["fsck", "--strict"]);
    let shown = git(
        dir.path(),
        &["show", "HEAD:plans/2024/wangchang-cppcc-plan.toml"],
    );
    assert_eq!(shown, write_plan(&plan));
}

#[test]
fn an_unchanged_save_makes_no_commit_and_an_edit_is_a_small_diff() {
    let (dir, ws) = workspace();
    let mut plan = sample();
    ws.save(&id(), &mut plan, &Change::new(Action::New, "x"))
        .expect("save");
    let head = ws.head();
    let again = ws
        .save(&id(), &mut plan, &Change::new(Action::Edit, "x"))
        .expect("save");
    assert_eq!(again.commit, None);
    assert_eq!(ws.head(), head);

    plan.sections[0].body = "加强理论学习和形势教育，全年四次。".into();
    let out = ws
        .save(&id(), &mut plan, &Change::new(Action::Edit, "一、强化学习"))
        .expect("save");
    assert!(out.commit.is_some());
    let stat = git(dir.path(), &["diff", "--numstat", "HEAD~1", "HEAD"]);
    assert_eq!(stat.trim(), "1\t1\tplans/2024/wangchang-cppcc-plan.toml");
}

#[test]
fn what_the_user_staged_with_git_stays_staged_and_out_of_the_commit() {
    let (dir, ws) = workspace();
    std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
    git(dir.path(), &["add", "notes.txt"]);
    let mut plan = sample();
    ws.save(&id(), &mut plan, &Change::new(Action::New, "x"))
        .expect("save");
    let files = git(dir.path(), &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), "plans/2024/wangchang-cppcc-plan.toml");
    assert_eq!(
        git(dir.path(), &["status", "--porcelain"]),
        "A  notes.txt\n"
    );
}

#[test]
fn a_hand_written_plan_without_ids_loads_and_gets_ids_on_save() {
    let (dir, ws) = workspace();
    let rel = dir.path().join("plans/2024/hand.toml");
    std::fs::create_dir_all(rel.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        &rel,
        "title = \"手写计划\"\nyear = 2024\n[[sections]]\ndepth = 1\nheading = \"总则\"\n",
    )
    .expect("write");
    let id = PlanId::parse("2024/hand").expect("id");
    let mut plan = ws.load(&id).expect("loads");
    assert!(plan.sections[0].id.is_empty());
    assert_eq!(
        ws.changed_plans().expect("status"),
        vec![(id.clone(), FileState::Untracked)]
    );
    ws.save(&id, &mut plan, &Change::new(Action::Edit, "ids"))
        .expect("save");
    let text = std::fs::read_to_string(&rel).expect("read");
    assert!(text.contains("[[sections]]\nid = \""), "{text}");
    assert_eq!(ws.load(&id).expect("loads"), plan);
    assert!(ws.changed_plans().expect("status").is_empty());
}

#[test]
fn a_file_edited_outside_is_reported_and_revisions_can_be_read() {
    let (dir, ws) = workspace();
    let mut plan = sample();
    ws.save(&id(), &mut plan, &Change::new(Action::New, "x"))
        .expect("save");
    let first = ws.head().expect("head");
    plan.title = "改过的标题".into();
    ws.save(&id(), &mut plan, &Change::new(Action::Edit, "标题"))
        .expect("save");
    assert_eq!(
        ws.plan_at(&id(), "HEAD~1").expect("old").title,
        "汪场镇政协联络处2024年工作计划"
    );
    assert_eq!(
        ws.plan_at(&id(), &first[..8]).expect("old").title,
        "汪场镇政协联络处2024年工作计划"
    );
    assert!(matches!(
        ws.plan_at(&id(), "nonsense"),
        Err(StoreError::NoSuchRevision(_))
    ));

    let path = dir.path().join(id().rel_path());
    let text = std::fs::read_to_string(&path)
        .expect("read")
        .replace("改过的标题", "手改");
    std::fs::write(&path, text).expect("write");
    assert_eq!(
        ws.changed_plans().expect("status"),
        vec![(id(), FileState::Modified)]
    );
}

#[test]
fn a_content_edit_of_an_approved_plan_resets_it_but_a_tick_keeps_it() {
    let (_dir, ws) = workspace();
    let mut plan = sample();
    plan.approval = Some(Approval {
        state: ApprovalState::Approved,
        by: Some("王主席 <wang@example.org>".into()),
        at: None,
        note: Some("同意".into()),
    });
    ws.save(&id(), &mut plan, &Change::new(Action::Approve, ""))
        .expect("save");
    plan.tasks[0].status = Status::Done;
    plan.tasks[0].done_on = chrono::NaiveDate::from_ymd_opt(2024, 2, 18);
    let out = ws
        .save(&id(), &mut plan, &Change::new(Action::Tick, "二月"))
        .expect("tick");
    assert!(!out.approval_reset);
    assert_eq!(
        ws.load(&id()).expect("load").state(),
        ApprovalState::Approved
    );

    plan.sections[0].heading = "强化学习".into();
    let out = ws
        .save(&id(), &mut plan, &Change::new(Action::Edit, "一、"))
        .expect("edit");
    assert!(out.approval_reset);
    assert_eq!(plan.state(), ApprovalState::Draft);
    assert_eq!(ws.load(&id()).expect("load").state(), ApprovalState::Draft);
}

#[test]
fn plans_are_listed_newest_year_first_with_broken_ones_named() {
    let (dir, ws) = workspace();
    for (y, slug) in [(2022, "a"), (2024, "b"), (2023, "c")] {
        let mut p = Plan::new(format!("计划{y}"), y, Kind::Plan);
        ws.save(
            &PlanId::new(y, slug).expect("id"),
            &mut p,
            &Change::new(Action::New, ""),
        )
        .expect("save");
    }
    std::fs::write(
        dir.path().join("plans/2023/broken.toml"),
        "title = \"坏\"\nyear = 2023\n[[tasks]]\nmonth = 13\ntext = \"x\"\nstatus = \"todo\"\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("plans/2023/Bad Name.toml"), "").expect("write");
    let listing = ws.list_plans().expect("list");
    let ids: Vec<String> = listing.plans.iter().map(|e| e.id.to_string()).collect();
    assert_eq!(ids, ["2024/b", "2023/broken", "2023/c", "2022/a"]);
    let broken = listing.plans[1].plan.as_ref().expect_err("broken");
    assert_eq!(
        broken.to_string(),
        "plans/2023/broken.toml:4:9: task 1 「x」 has month 13; a month is 1 to 12"
    );
    assert_eq!(listing.stray.len(), 1);
    assert!(
        listing.stray[0]
            .to_string()
            .contains("plans/2023/Bad Name.toml")
    );
}

#[test]
fn a_year_that_disagrees_with_the_folder_is_refused() {
    let (_dir, ws) = workspace();
    let mut p = Plan::new("计划", 2023, Kind::Plan);
    let err = ws
        .save(
            &PlanId::new(2024, "x").expect("id"),
            &mut p,
            &Change::new(Action::New, ""),
        )
        .expect_err("mismatch");
    assert!(err.to_string().contains("year 2023"), "{err}");
}

#[test]
fn delete_is_a_commit_and_create_refuses_to_overwrite() {
    let (dir, ws) = workspace();
    let mut plan = sample();
    ws.create(&id(), &mut plan, Action::New, None)
        .expect("create");
    let err = ws
        .create(&id(), &mut sample(), Action::New, None)
        .expect_err("exists");
    assert!(matches!(err, StoreError::PlanExists(_)));
    ws.delete(&id()).expect("delete");
    assert!(!dir.path().join(id().rel_path()).exists());
    let log = git(
        dir.path(),
        &[
            "log",
            "-1",
            "--format=%s|%(trailers:key=Action,valueonly,separator=)",
        ],
    );
    assert_eq!(
        log.trim(),
        "Delete 2024/wangchang-cppcc-plan: 汪场镇政协联络处2024年工作计划|delete"
    );
    assert_eq!(git(dir.path(), &["status", "--porcelain"]), "");
}

#[test]
fn unknown_plans_get_the_closest_ids() {
    let (_dir, ws) = workspace();
    ws.create(&id(), &mut sample(), Action::New, None)
        .expect("create");
    let err = ws.resolve("2024/wangchang-cpcc-plan").expect_err("unknown");
    assert!(
        err.to_string()
            .contains("Did you mean:\n  2024/wangchang-cppcc-plan"),
        "{err}"
    );
    assert_eq!(ws.resolve("wangchang-cppcc-plan").expect("by slug"), id());
    let err = ws.resolve("2024/../../etc/passwd").expect_err("escape");
    assert!(err.to_string().contains(".."), "{err}");
}

#[test]
fn every_example_plan_round_trips_byte_identical_through_the_store() {
    let (dir, ws) = common::workspace_with(true);
    let head = ws.head();
    let listing = ws.list_plans().expect("list");
    assert_eq!(listing.plans.len(), 5);
    for entry in listing.plans {
        let before = std::fs::read(dir.path().join(entry.id.rel_path())).expect("read");
        let mut plan = entry.plan.expect("example parses");
        let out = ws
            .save(&entry.id, &mut plan, &Change::new(Action::Edit, "nothing"))
            .expect("save");
        assert_eq!(out.commit, None, "{} made a commit", entry.id);
        let after = std::fs::read(dir.path().join(entry.id.rel_path())).expect("read");
        assert_eq!(before, after, "{} changed on disk", entry.id);
    }
    assert_eq!(ws.head(), head);
}

#[test]
fn a_large_workspace_lists_every_plan_in_order_with_its_own_content() {
    let (dir, ws) = workspace();
    // Written straight to disk: listing is what is tested, not saving.
    let mut expected = Vec::new();
    for y in [2021, 2022, 2023] {
        for n in 0..30 {
            let p = Plan::new(format!("{y}年第{n}号计划"), y, Kind::Plan);
            let id = PlanId::new(y, &format!("p{n:02}")).expect("id");
            let path = dir.path().join(id.rel_path());
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, write_plan(&p)).expect("write");
            expected.push((id, p.title));
        }
    }
    std::fs::write(dir.path().join("plans/2022/p07.toml"), "title = \"坏\"\n").expect("write");
    expected.sort_by(|a, b| b.0.year().cmp(&a.0.year()).then(a.0.cmp(&b.0)));
    let listing = ws.list_plans().expect("list");
    let got: Vec<(PlanId, Option<String>)> = listing
        .plans
        .into_iter()
        .map(|e| (e.id, e.plan.ok().map(|p| p.title)))
        .collect();
    assert_eq!(got.len(), 90);
    for ((id, title), (got_id, got_title)) in expected.iter().zip(&got) {
        assert_eq!(id, got_id);
        if id.to_string() == "2022/p07" {
            assert_eq!(got_title, &None, "the broken file is listed with its error");
        } else {
            assert_eq!(got_title.as_ref(), Some(title));
        }
    }
}
