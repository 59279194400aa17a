//! The month-by-month schedule: ticking tasks, progress, overdue, the agenda
//! of one month across plans. "Today" is always passed in, never read here,
//! so tests pin it.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::numbering::chinese_numeral;
use super::{Plan, PlanId, PlanSummary, Status, Task};

/// "二月", the way the documents name a month.
pub fn month_name(month: u8) -> String {
    format!("{}月", chinese_numeral(u32::from(month)))
}

/// 计划 (or 要点, 安排) becomes 总结 in the title; otherwise 总结 is added.
pub fn summary_title(plan_title: &str) -> String {
    for word in ["总结及计划", "总结和计划", "计划", "要点", "安排"] {
        if plan_title.contains(word) {
            return plan_title.replacen(word, "总结", 1);
        }
    }
    format!("{plan_title}总结")
}

/// A task is overdue when its month is over and it is still to do.
pub fn is_overdue(task: &Task, year: i32, today: NaiveDate) -> bool {
    task.status == Status::Todo && (year, u32::from(task.month)) < (today.year(), today.month())
}

/// How a query picked a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskMatch {
    One(usize),
    /// Several tasks match; their indexes.
    Several(Vec<usize>),
    None,
}

/// The same task in another version of the plan: by its id, else (a file
/// written without ids) the task at `hint` or the only one with its month
/// and text.
pub fn same_task(plan: &Plan, task: &Task, hint: usize) -> Option<usize> {
    if let Some(i) = plan
        .tasks
        .iter()
        .position(|t| !task.id.is_empty() && t.id == task.id)
    {
        return Some(i);
    }
    let alike = |t: &Task| t.month == task.month && t.text == task.text;
    if plan.tasks.get(hint).is_some_and(alike) {
        return Some(hint);
    }
    let mut found = plan.tasks.iter().enumerate().filter(|(_, t)| alike(t));
    match (found.next(), found.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// Find a task by id, else by its exact text, else by a text fragment that
/// matches exactly one task.
pub fn find_task(plan: &Plan, query: &str) -> TaskMatch {
    let q = query.trim();
    if let Some(i) = plan
        .tasks
        .iter()
        .position(|t| !t.id.is_empty() && t.id == q)
    {
        return TaskMatch::One(i);
    }
    let exact: Vec<usize> = (0..plan.tasks.len())
        .filter(|&i| plan.tasks[i].text.trim() == q)
        .collect();
    let found: Vec<usize> = if exact.is_empty() {
        (0..plan.tasks.len())
            .filter(|&i| !q.is_empty() && plan.tasks[i].text.contains(q))
            .collect()
    } else {
        exact
    };
    match found.as_slice() {
        [] => TaskMatch::None,
        [one] => TaskMatch::One(*one),
        _ => TaskMatch::Several(found),
    }
}

impl Plan {
    /// Mark task `i` done on `on`.
    pub fn tick(&mut self, i: usize, on: NaiveDate) {
        if let Some(t) = self.tasks.get_mut(i) {
            t.status = Status::Done;
            t.done_on = Some(on);
        }
    }

    /// Mark task `i` to do again.
    pub fn untick(&mut self, i: usize) {
        if let Some(t) = self.tasks.get_mut(i) {
            t.status = Status::Todo;
            t.done_on = None;
        }
    }

    /// Mark task `i` dropped (no longer planned; left out of progress).
    pub fn drop_task(&mut self, i: usize) {
        if let Some(t) = self.tasks.get_mut(i) {
            t.status = Status::Dropped;
            t.done_on = None;
        }
    }

    /// (done, total) of one month, dropped tasks left out.
    pub fn month_progress(&self, month: u8) -> (usize, usize) {
        let live = self
            .tasks
            .iter()
            .filter(|t| t.month == month && t.status != Status::Dropped);
        let total = live.clone().count();
        (live.filter(|t| t.status == Status::Done).count(), total)
    }

    /// Indexes of the tasks of `month`, in file order.
    pub fn tasks_in(&self, month: u8) -> Vec<usize> {
        (0..self.tasks.len())
            .filter(|&i| self.tasks[i].month == month)
            .collect()
    }

    /// A plan for `year` made from this one: sections, targets and intro
    /// copied, tasks copied as to do in their months, approval and date
    /// cleared, and the year in the schedule heading moved along.
    pub fn carry_over(&self, year: i32, title: &str) -> Plan {
        let mut p = self.clone();
        p.title = title.to_string();
        p.year = year;
        p.date = None;
        p.approval = None;
        p.schedule = p
            .schedule
            .replace(&format!("{}年", self.year), &format!("{year}年"));
        for t in &mut p.targets {
            t.actual = None;
        }
        for t in &mut p.tasks {
            t.status = Status::Todo;
            t.done_on = None;
        }
        p
    }

    /// A year-end summary draft of this plan: each month's done tasks with
    /// their dates, the tasks left undone, the targets with room for the
    /// figures reached, and a section for problems and next steps.
    pub fn summary_draft(&self, title: &str) -> Plan {
        use super::{Kind, Section, Target};
        let section = |depth: u8, heading: String, body: String| Section {
            id: String::new(),
            depth,
            heading,
            body,
        };
        let mut s = Plan::new(title, self.year, Kind::Summary);
        s.org = self.org.clone();
        let (done, total) = self.progress();
        s.intro = format!(
            "对照《{}》，全年计划任务{total}项，已完成{done}项。",
            self.title
        );
        s.sections
            .push(section(1, "主要工作完成情况".into(), String::new()));
        for month in 1..=12u8 {
            let lines: Vec<String> = self
                .tasks
                .iter()
                .filter(|t| t.month == month && t.status == Status::Done)
                .map(|t| match t.done_on {
                    Some(d) => format!("{}（{}月{}日完成）", t.text, d.month(), d.day()),
                    None => t.text.clone(),
                })
                .collect();
            if !lines.is_empty() {
                s.sections
                    .push(section(2, month_name(month), lines.join("\n")));
            }
        }
        let undone: Vec<String> = self
            .tasks
            .iter()
            .filter(|t| t.status != Status::Done)
            .map(|t| {
                let why = if t.status == Status::Dropped {
                    "已取消"
                } else {
                    "未完成"
                };
                format!("{}：{}（{why}）", month_name(t.month), t.text)
            })
            .collect();
        s.sections
            .push(section(1, "未完成的工作".into(), undone.join("\n")));
        let figures: Vec<String> = self
            .targets
            .iter()
            .map(|t| {
                let reached = t.actual.as_deref().filter(|a| !a.trim().is_empty());
                format!(
                    "{}：目标{}，实际完成{}。",
                    t.name,
                    t.target,
                    reached.unwrap_or("＿＿")
                )
            })
            .collect();
        s.sections
            .push(section(1, "目标完成情况".into(), figures.join("\n")));
        s.sections
            .push(section(1, "存在的问题和下一步打算".into(), String::new()));
        s.targets = self
            .targets
            .iter()
            .map(|t| Target {
                id: t.id.clone(),
                name: t.name.clone(),
                target: t.target.clone(),
                // The figures reached so far carry over; the rest are left to fill in.
                actual: Some(t.actual.clone().unwrap_or_default()),
            })
            .collect();
        s
    }
}

/// One month of a plan's board.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardMonth {
    pub month: u8,
    /// Indexes into `plan.tasks`, in file order.
    pub tasks: Vec<usize>,
    /// (done, total), dropped tasks left out.
    pub progress: (usize, usize),
    /// Tasks of this month that are overdue.
    pub overdue: usize,
    /// This is the current month (the plan's year is this year).
    pub current: bool,
}

/// A plan's tasks laid out by month, relative to `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    pub months: Vec<BoardMonth>,
    pub progress: (usize, usize),
    pub overdue: usize,
}

impl Board {
    pub fn new(plan: &Plan, today: NaiveDate) -> Board {
        let months: Vec<BoardMonth> = (1..=12u8)
            .map(|m| {
                let tasks = plan.tasks_in(m);
                let overdue = tasks
                    .iter()
                    .filter(|&&i| is_overdue(&plan.tasks[i], plan.year, today))
                    .count();
                BoardMonth {
                    month: m,
                    progress: plan.month_progress(m),
                    overdue,
                    current: plan.year == today.year() && u32::from(m) == today.month(),
                    tasks,
                }
            })
            .collect();
        let overdue = months.iter().map(|m| m.overdue).sum();
        Board {
            months,
            progress: plan.progress(),
            overdue,
        }
    }
}

/// A progress bar `width` cells wide, in eighths: `██████▍   `.
pub fn progress_bar((done, total): (usize, usize), width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if total == 0 || width == 0 {
        return " ".repeat(width);
    }
    let eighths = done.min(total) * width * 8 / total;
    let mut bar = "█".repeat(eighths / 8);
    if eighths / 8 < width {
        bar.push(PARTS[eighths % 8]);
        bar.push_str(&" ".repeat(width - eighths / 8 - 1));
    }
    bar
}

/// One task on the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    pub plan: String,
    pub plan_title: String,
    /// Index of the task in its plan.
    #[serde(skip)]
    pub index: usize,
    pub task_id: String,
    pub month: u8,
    pub text: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub overdue: bool,
}

/// One month's tasks across plans, with the overdue tasks of earlier months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agenda {
    pub year: i32,
    pub month: u8,
    pub today: NaiveDate,
    /// To do, from earlier months of the year, oldest first.
    pub overdue: Vec<AgendaItem>,
    /// Every task of the month, in plan order.
    pub tasks: Vec<AgendaItem>,
}

/// What the agenda reads of a plan: the whole plan, or its summary.
pub trait Scheduled {
    fn year(&self) -> i32;
    fn title(&self) -> &str;
    /// Every task in file order.
    fn tasks(&self) -> &[Task];
}

impl Scheduled for Plan {
    fn year(&self) -> i32 {
        self.year
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn tasks(&self) -> &[Task] {
        &self.tasks
    }
}

impl Scheduled for PlanSummary {
    fn year(&self) -> i32 {
        self.year
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn tasks(&self) -> &[Task] {
        &self.tasks
    }
}

/// The agenda of `year`/`month` over `plans` (only those of that year count).
pub fn agenda<'a, P: Scheduled + 'a>(
    plans: impl IntoIterator<Item = (&'a PlanId, &'a P)>,
    year: i32,
    month: u8,
    today: NaiveDate,
) -> Agenda {
    let mut out = Agenda {
        year,
        month,
        today,
        overdue: Vec::new(),
        tasks: Vec::new(),
    };
    for (id, plan) in plans {
        if plan.year() != year {
            continue;
        }
        for (index, t) in plan.tasks().iter().enumerate() {
            let overdue = is_overdue(t, year, today);
            let item = || AgendaItem {
                plan: id.to_string(),
                plan_title: plan.title().to_string(),
                index,
                task_id: t.id.clone(),
                month: t.month,
                text: t.text.clone(),
                status: t.status,
                done_on: t.done_on,
                owner: t.owner.clone(),
                overdue,
            };
            if t.month == month {
                out.tasks.push(item());
            } else if t.month < month && overdue {
                out.overdue.push(item());
            }
        }
    }
    out.overdue
        .sort_by(|a, b| a.month.cmp(&b.month).then(a.plan.cmp(&b.plan)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Target};

    fn task(id: &str, month: u8, text: &str, status: Status) -> Task {
        Task {
            id: id.into(),
            month,
            period: None,
            text: text.into(),
            status,
            done_on: (status == Status::Done).then(|| date(2022, month.into(), 10)),
            owner: None,
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn plan() -> Plan {
        let mut p = Plan::new("汪场镇政协联络处2022年工作计划", 2022, Kind::Plan);
        p.schedule = "2022年政协工作分月工作计划".into();
        p.tasks = vec![
            task("a1", 2, "开展一次献爱心活动", Status::Done),
            task("a2", 3, "组织市政协委员集中学习一次", Status::Todo),
            task("a3", 5, "对国土整治项目建设进行视察", Status::Todo),
            task("a4", 5, "对渔湖沟段改造涉及矛盾进行协商", Status::Dropped),
        ];
        p.targets.push(Target {
            id: "g1".into(),
            name: "视察活动".into(),
            target: "不少于2次".into(),
            actual: None,
        });
        p
    }

    #[test]
    fn overdue_means_month_over_and_still_to_do() {
        let p = plan();
        let today = date(2022, 5, 15);
        let overdue: Vec<&str> = p
            .tasks
            .iter()
            .filter(|t| is_overdue(t, 2022, today))
            .map(|t| t.id.as_str())
            .collect();
        assert_eq!(overdue, ["a2"]);
        assert!(is_overdue(&p.tasks[2], 2022, date(2023, 1, 1)));
        assert!(!is_overdue(&p.tasks[2], 2022, date(2022, 5, 31)));
    }

    #[test]
    fn find_task_by_id_text_or_unique_fragment() {
        let p = plan();
        assert_eq!(find_task(&p, "a3"), TaskMatch::One(2));
        assert_eq!(find_task(&p, "开展一次献爱心活动"), TaskMatch::One(0));
        assert_eq!(find_task(&p, "集中学习"), TaskMatch::One(1));
        assert_eq!(find_task(&p, "进行"), TaskMatch::Several(vec![2, 3]));
        assert_eq!(find_task(&p, "不存在"), TaskMatch::None);
    }

    #[test]
    fn tick_untick_drop_and_progress() {
        let mut p = plan();
        assert_eq!(p.progress(), (1, 3));
        p.tick(1, date(2022, 3, 20));
        assert_eq!(p.tasks[1].done_on, Some(date(2022, 3, 20)));
        assert_eq!(p.month_progress(3), (1, 1));
        assert_eq!(p.month_progress(5), (0, 1));
        p.untick(1);
        assert_eq!(
            (p.tasks[1].status, p.tasks[1].done_on),
            (Status::Todo, None)
        );
        p.drop_task(2);
        assert_eq!(p.progress(), (1, 2));
    }

    #[test]
    fn carry_over_copies_tasks_as_todo_and_moves_the_year() {
        let mut p = plan();
        p.approval = Some(crate::model::Approval {
            state: crate::model::ApprovalState::Approved,
            by: None,
            at: None,
            note: None,
        });
        let next = p.carry_over(2023, "2023年工作计划");
        assert_eq!(next.year, 2023);
        assert_eq!(next.schedule, "2023年政协工作分月工作计划");
        assert_eq!(next.approval, None);
        assert!(
            next.tasks
                .iter()
                .all(|t| t.status == Status::Todo && t.done_on.is_none())
        );
        assert_eq!(next.tasks.len(), 4);
        assert_eq!(next.tasks[2].month, 5);
    }

    #[test]
    fn summary_draft_lists_done_by_month_undone_and_targets() {
        let s = plan().summary_draft("2022年工作总结");
        assert_eq!(s.kind, Kind::Summary);
        assert_eq!(s.year, 2022);
        let headings: Vec<&str> = s.sections.iter().map(|x| x.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "主要工作完成情况",
                "二月",
                "未完成的工作",
                "目标完成情况",
                "存在的问题和下一步打算"
            ]
        );
        assert_eq!(s.sections[1].body, "开展一次献爱心活动（2月10日完成）");
        assert!(
            s.sections[2]
                .body
                .contains("三月：组织市政协委员集中学习一次（未完成）")
        );
        assert!(s.sections[2].body.contains("（已取消）"));
        assert_eq!(s.targets[0].actual.as_deref(), Some(""));
        assert!(
            s.sections[3]
                .body
                .contains("视察活动：目标不少于2次，实际完成＿＿。")
        );
        // A figure already reached is kept, in the table and in the text.
        let mut reached = plan();
        reached.targets[0].actual = Some("3次".into());
        let s = reached.summary_draft("2022年工作总结");
        assert_eq!(s.targets[0].actual.as_deref(), Some("3次"));
        assert!(
            s.sections[3]
                .body
                .contains("视察活动：目标不少于2次，实际完成3次。")
        );
        assert!(crate::model::parse_plan(&crate::model::write_plan(&s)).is_ok());
    }

    #[test]
    fn board_marks_the_current_month_overdue_and_progress() {
        let p = plan();
        let b = Board::new(&p, date(2022, 5, 15));
        assert_eq!(b.months.len(), 12);
        assert!(b.months[4].current && !b.months[3].current);
        assert_eq!(b.months[2].overdue, 1);
        assert_eq!(b.months[4].tasks, vec![2, 3]);
        assert_eq!(b.months[4].progress, (0, 1));
        assert_eq!((b.progress, b.overdue), ((1, 3), 1));
        let other_year = Board::new(&p, date(2023, 5, 15));
        assert!(other_year.months.iter().all(|m| !m.current));
        assert_eq!(other_year.overdue, 2);
    }

    #[test]
    fn progress_bars_fill_in_eighths() {
        assert_eq!(progress_bar((0, 4), 4), "    ");
        assert_eq!(progress_bar((4, 4), 4), "████");
        assert_eq!(progress_bar((1, 2), 4), "██  ");
        assert_eq!(progress_bar((1, 3), 4), "█▎  ");
        assert_eq!(progress_bar((0, 0), 3), "   ");
        assert_eq!(progress_bar((1, 3), 4).chars().count(), 4);
    }

    #[test]
    fn agenda_spans_plans_of_the_year_with_overdue_first() {
        let a = plan();
        let mut b = plan();
        b.title = "另一个计划".into();
        let mut old = plan();
        old.year = 2021;
        let ids = [
            PlanId::parse("2022/a").expect("id"),
            PlanId::parse("2022/b").expect("id"),
            PlanId::parse("2021/c").expect("id"),
        ];
        let ag = agenda(
            [(&ids[0], &a), (&ids[1], &b), (&ids[2], &old)],
            2022,
            5,
            date(2022, 5, 15),
        );
        assert_eq!(ag.tasks.len(), 4);
        assert_eq!(ag.overdue.len(), 2);
        assert!(ag.overdue.iter().all(|i| i.month == 3 && i.overdue));
        assert_eq!(ag.tasks[0].plan, "2022/a");
        assert_eq!(ag.tasks[2].plan, "2022/b");
    }

    #[test]
    fn agenda_from_summaries_is_the_agenda_from_plans() {
        let a = plan();
        let id = PlanId::parse("2022/a").expect("id");
        let summary = PlanSummary::of(&a);
        let today = date(2022, 5, 15);
        let from_plan = agenda([(&id, &a)], 2022, 5, today);
        assert_eq!(agenda([(&id, &summary)], 2022, 5, today), from_plan);
        assert_eq!(from_plan.tasks[1].index, 3);
        assert_eq!(from_plan.overdue[0].task_id, "a2");
    }

    #[test]
    fn summary_titles() {
        assert_eq!(
            summary_title("汪场镇2022年工作计划"),
            "汪场镇2022年工作总结"
        );
        assert_eq!(summary_title("学校2023年工作要点"), "学校2023年工作总结");
        assert_eq!(
            summary_title("乡镇政协工作总结及计划篇三"),
            "乡镇政协工作总结篇三"
        );
        assert_eq!(summary_title("2024年读书活动"), "2024年读书活动总结");
    }
}
