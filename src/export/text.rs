//! Plain text in the document's own style: title, intro, 一、（一）1、
//! headings in the plan's numbering, the date line, the schedule and its
//! month lines. Importing it gives back the same plan.

use crate::model::{Kind, Plan, Target, Task};

use super::{chinese_date, month_name};

/// The plan as a plain-text document, one paragraph a line.
///
/// Two lines carry what the prose may not say: "（2023年）" under the title
/// when the first year the document names is not the plan's, and "主要目标：名称（目标）；…。" for
/// targets the importer would not find in the text. Run-in styles (1、 （1）
/// ①…) write "1、heading。first paragraph"; 一、 and （一） headings stand on
/// their own line.
pub fn text(plan: &Plan) -> String {
    let mut lines: Vec<String> = vec![plan.title.clone()];
    lines.extend(paragraphs(&plan.intro).map(str::to_owned));
    for (s, number) in plan.sections.iter().zip(plan.numbers()) {
        let mut body = paragraphs(&s.body);
        if plan.style_for(s.depth).runs_in() {
            lines.push(format!(
                "{number}{}。{}",
                s.heading,
                body.next().unwrap_or_default()
            ));
        } else {
            lines.push(format!("{number}{}", s.heading));
        }
        lines.extend(body.map(str::to_owned));
    }
    let listed = unstated_targets(plan);
    if !listed.is_empty() {
        let items: Vec<String> = listed
            .iter()
            .map(|t| format!("{}（{}）", t.name, t.target))
            .collect();
        lines.push(format!("主要目标：{}。", items.join("；")));
    }
    if let Some(date) = plan.date {
        lines.push(match &plan.org {
            Some(org) => format!("{org} {}", chinese_date(date)),
            None => chinese_date(date),
        });
    }
    if !plan.schedule.is_empty() {
        lines.push(plan.schedule.clone());
    }
    lines.extend(month_lines(&plan.tasks));
    // The importer takes the first year the title or the text names.
    if lines.iter().find_map(|l| crate::import::first_year(l)) != Some(plan.year) {
        lines.insert(1, format!("（{}年）", plan.year));
    }
    let mut out = lines.join("\n\n");
    out.push('\n');
    out
}

fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').map(str::trim).filter(|p| !p.is_empty())
}

/// Targets the importer would not find in the prose: all of a summary's,
/// and a plan's that its text does not state in the form the importer reads.
fn unstated_targets(plan: &Plan) -> Vec<&Target> {
    if plan.kind == Kind::Summary {
        return plan.targets.iter().collect();
    }
    let prose = paragraphs(&plan.intro).chain(
        plan.sections
            .iter()
            .flat_map(|s| std::iter::once(s.heading.as_str()).chain(paragraphs(&s.body))),
    );
    let found = crate::import::find_targets(prose);
    plan.targets
        .iter()
        .filter(|t| {
            !found
                .iter()
                .any(|f| f.name == t.name && f.target == t.target)
        })
        .collect()
}

/// "二月：…。…。" for the tasks of one month in a row; a task that spans
/// several months ("第一季度") is written once, under its period.
fn month_lines(tasks: &[Task]) -> Vec<String> {
    let mut lines: Vec<(String, Vec<&str>)> = Vec::new();
    for t in tasks {
        let label = t.period.clone().unwrap_or_else(|| month_name(t.month));
        match lines.last_mut() {
            Some((l, texts)) if *l == label => {
                if t.period.is_none() || !texts.contains(&t.text.as_str()) {
                    texts.push(&t.text);
                }
            }
            _ => lines.push((label, vec![&t.text])),
        }
    }
    lines
        .into_iter()
        .map(|(label, texts)| {
            let sentences: String = texts.iter().map(|t| format!("{t}。")).collect();
            format!("{label}：{sentences}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NumberStyle, Section, Status};

    fn task(month: u8, period: Option<&str>, text: &str) -> Task {
        Task {
            id: String::new(),
            month,
            period: period.map(str::to_owned),
            text: text.into(),
            status: Status::Todo,
            done_on: None,
            owner: None,
        }
    }

    #[test]
    fn headings_in_the_plans_styles() {
        let mut p = Plan::new("汪场镇政协联络处2022年工作计划", 2022, Kind::Plan);
        p.numbering = vec![NumberStyle::Chinese, NumberStyle::Arabic];
        p.intro = "引言。".into();
        let sec = |depth, heading: &str, body: &str| Section {
            id: String::new(),
            depth,
            heading: heading.into(),
            body: body.into(),
        };
        p.sections = vec![
            sec(1, "强化学习", "总述。"),
            sec(2, "加强理论学习", "结合形势。\n第二段。"),
            sec(2, "认真组织培训", ""),
        ];
        assert_eq!(
            text(&p),
            "汪场镇政协联络处2022年工作计划\n\n引言。\n\n一、强化学习\n\n总述。\n\n1、加强理论学习。结合形势。\n\n第二段。\n\n2、认真组织培训。\n"
        );
    }

    #[test]
    fn a_year_line_only_when_the_text_names_another_year_or_none() {
        let mut p = Plan::new("乡镇政协工作总结及计划篇四", 2023, Kind::Plan);
        p.date = chrono::NaiveDate::from_ymd_opt(2022, 12, 28);
        p.org = Some("归德镇人民政府".into());
        assert_eq!(
            text(&p),
            "乡镇政协工作总结及计划篇四\n\n（2023年）\n\n归德镇人民政府 2022年12月28日\n"
        );
        p.date = chrono::NaiveDate::from_ymd_opt(2023, 3, 5);
        assert_eq!(
            text(&p),
            "乡镇政协工作总结及计划篇四\n\n归德镇人民政府 2023年3月5日\n"
        );
        p.intro = "20xx年我镇工作的指导思想是：".into();
        p.date = None;
        assert!(text(&p).contains("\n（2023年）\n"));
    }

    #[test]
    fn month_lines_group_a_months_tasks_and_write_a_period_once() {
        let tasks = [
            task(1, Some("第一季度"), "学习"),
            task(2, Some("第一季度"), "学习"),
            task(3, Some("第一季度"), "学习"),
            task(2, None, "捐助"),
            task(2, None, "走访"),
            task(7, Some("七、八月份"), "暑期活动"),
            task(8, Some("七、八月份"), "暑期活动"),
        ];
        assert_eq!(
            month_lines(&tasks),
            [
                "第一季度：学习。",
                "二月：捐助。走访。",
                "七、八月份：暑期活动。"
            ]
        );
    }

    #[test]
    fn targets_the_text_does_not_state_get_a_line() {
        let mut p = Plan::new("2023年工作计划", 2023, Kind::Plan);
        p.intro = "地区生产总值增长10%，财政收入稳步增长。".into();
        for (name, target) in [("地区生产总值", "增长10%"), ("群众满意度", "95%")] {
            p.targets.push(Target {
                id: String::new(),
                name: name.into(),
                target: target.into(),
                actual: None,
            });
        }
        let out = text(&p);
        assert!(out.contains("\n主要目标：群众满意度（95%）。\n"), "{out}");
        assert!(!out.contains("地区生产总值（"), "{out}");
    }
}
