//! The job layer on its own, on a real workspace: the newest request of a
//! kind replaces the pending one, kinds run side by side, a panicking job
//! is reported and its worker goes on, and real store work comes back.

mod common;

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use plandesk::jobs::{Job, JobError, Jobs, Kind, Outcome, Ticket};
use plandesk::model::{Kind as PlanKind, Plan, PlanId};
use plandesk::store::{Action as Commit, Version, Workspace};

const WAIT: Duration = Duration::from_secs(20);

fn jobs_on(ws: &Workspace) -> (Jobs, mpsc::Receiver<Ticket>) {
    let (tx, rx) = mpsc::channel();
    let jobs = Jobs::new(ws.root().to_path_buf(), move |t| {
        let _ = tx.send(t);
    });
    (jobs, rx)
}

/// A job of `kind` that notes its name, says it started, and waits for `gate`.
fn gated(
    kind: Kind,
    name: &'static str,
    log: &Arc<Mutex<Vec<&'static str>>>,
    gate: Option<mpsc::Receiver<()>>,
) -> (Job, mpsc::Receiver<()>) {
    let (started, running) = mpsc::channel();
    let log = Arc::clone(log);
    let job = Job::Injected {
        kind,
        work: Box::new(move |_ws: &Workspace| {
            log.lock().expect("log").push(name);
            let _ = started.send(());
            if let Some(g) = gate {
                let _ = g.recv();
            }
            Outcome::NoPlanChanged {
                to: Version::Absent,
            }
        }),
    };
    (job, running)
}

#[test]
fn a_new_request_replaces_the_pending_one_and_only_finished_tickets_are_announced() {
    let (_dir, ws) = common::workspace();
    let (mut jobs, announced) = jobs_on(&ws);
    let log = Arc::default();
    let (release, gate) = mpsc::channel();
    let (a, a_running) = gated(Kind::Plans, "A", &log, Some(gate));
    let a = jobs.request(a);
    a_running.recv_timeout(WAIT).expect("A runs");
    let (b, _) = gated(Kind::Plans, "B", &log, None);
    let b = jobs.request(b);
    assert!(jobs.is_pending(b));
    let (c, _) = gated(Kind::Plans, "C", &log, None);
    let c = jobs.request(c);
    assert!(!jobs.is_pending(b), "B was replaced");
    assert!(jobs.is_pending(c));
    assert!(jobs.is_latest(c) && !jobs.is_latest(a) && !jobs.is_latest(b));
    assert_eq!(jobs.busy(), [Kind::Plans]);

    release.send(()).expect("release");
    assert_eq!(announced.recv_timeout(WAIT).expect("A"), a);
    assert_eq!(announced.recv_timeout(WAIT).expect("C"), c);
    assert!(jobs.wait_for(Kind::Plans, WAIT));
    assert!(jobs.idle());
    assert!(announced.try_recv().is_err(), "B is never announced");
    assert_eq!(*log.lock().expect("log"), ["A", "C"]);
    assert!(jobs.take(a).is_some() && jobs.take(c).is_some());
    assert!(jobs.take(b).is_none());
}

#[test]
fn kinds_run_side_by_side() {
    let (_dir, ws) = common::workspace();
    let (mut jobs, announced) = jobs_on(&ws);
    let log = Arc::default();
    let (release, gate) = mpsc::channel();
    let (slow, running) = gated(Kind::HistoryWalk, "walk", &log, Some(gate));
    jobs.request(slow);
    running.recv_timeout(WAIT).expect("the walk runs");
    // The plan list does not wait behind a long walk.
    let listing = jobs.request(Job::Plans);
    assert_eq!(announced.recv_timeout(WAIT).expect("the list"), listing);
    assert!(matches!(
        jobs.take(listing),
        Some(Outcome::Plans {
            listing: Ok(_),
            settings: Ok(_)
        })
    ));
    assert!(jobs.wait_for(Kind::Plans, WAIT));
    assert_eq!(jobs.busy(), [Kind::HistoryWalk], "the walk still runs");
    release.send(()).expect("release");
    assert!(jobs.wait_for(Kind::HistoryWalk, WAIT));
}

#[test]
fn a_panicking_job_is_reported_and_its_worker_takes_the_next() {
    let (_dir, ws) = common::workspace();
    let (mut jobs, announced) = jobs_on(&ws);
    let t = jobs.request(Job::Injected {
        kind: Kind::Compare,
        work: Box::new(|_ws: &Workspace| panic!("a job that breaks")),
    });
    assert_eq!(announced.recv_timeout(WAIT).expect("announced"), t);
    match jobs.take(t) {
        Some(Outcome::Failed(e @ JobError::Panicked(Kind::Compare))) => {
            assert!(e.to_string().contains("try again"), "{e}")
        }
        _ => panic!("expected the panic reported"),
    }
    let t = jobs.request(Job::Compare {
        plan: None,
        among: Vec::new(),
        from: Version::Absent,
        to: Version::WorkingTree,
    });
    assert_eq!(announced.recv_timeout(WAIT).expect("announced"), t);
    assert!(matches!(jobs.take(t), Some(Outcome::NoPlanChanged { .. })));
}

#[test]
fn a_restore_job_commits_and_the_plan_list_job_sees_it() {
    let (dir, ws) = common::workspace();
    let id = PlanId::parse("2024/work-plan").expect("id");
    let mut plan = Plan::new("第一稿", 2024, PlanKind::Plan);
    ws.create(&id, &mut plan, Commit::New, None)
        .expect("create");
    let first = ws.log(Some(&id), Some(1)).expect("log")[0].id;
    plan.title = "第二稿".into();
    ws.save(
        &id,
        &mut plan,
        &plandesk::store::Change::new(Commit::Edit, "二"),
    )
    .expect("save");
    let (mut jobs, announced) = jobs_on(&ws);
    let t = jobs.request(Job::Restore {
        plan: id.clone(),
        rev: first,
    });
    assert_eq!(announced.recv_timeout(WAIT).expect("restored"), t);
    match jobs.take(t) {
        Some(Outcome::Restored { plan, result, .. }) => {
            assert_eq!(plan, id);
            assert!(result.expect("restore").commit.is_some());
        }
        _ => panic!("expected the restore's outcome"),
    }
    assert_eq!(
        common::git(
            dir.path(),
            &[
                "log",
                "-1",
                "--format=%(trailers:key=Action,valueonly,separator=)"
            ]
        )
        .trim(),
        "restore"
    );
    let t = jobs.request(Job::Plans);
    assert_eq!(announced.recv_timeout(WAIT).expect("listed"), t);
    match jobs.take(t) {
        Some(Outcome::Plans {
            listing: Ok(listing),
            ..
        }) => {
            let titles: Vec<_> = listing
                .plans
                .iter()
                .filter_map(|e| e.summary.as_ref().ok().map(|p| p.title.clone()))
                .collect();
            assert_eq!(titles, ["第一稿"]);
        }
        _ => panic!("expected the plan list"),
    }
}
