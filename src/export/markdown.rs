//! Markdown: numbered headings, bodies, a targets table, the tasks by month
//! with their check boxes.

use std::fmt::Write as _;

use crate::model::{Kind, Plan, Status};

use super::{chinese_date, month_name};

pub fn markdown(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&plan.title));
    let mut facts = vec![
        format!("{}年", plan.year),
        match plan.kind {
            Kind::Plan => "计划".to_owned(),
            Kind::Summary => "总结".to_owned(),
        },
    ];
    if let Some(org) = &plan.org {
        facts.push(inline(org));
    }
    if let Some(date) = plan.date {
        facts.push(chinese_date(date));
    }
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    paragraphs(&mut out, &plan.intro);

    for (s, number) in plan.sections.iter().zip(plan.numbers()) {
        let level = "#".repeat(usize::from(s.depth).saturating_add(1).min(6));
        let _ = writeln!(out, "{level} {}{}\n", inline(&number), inline(&s.heading));
        paragraphs(&mut out, &s.body);
    }

    if !plan.targets.is_empty() {
        out.push_str("## 主要目标\n\n| 指标 | 目标 | 实际 |\n| --- | --- | --- |\n");
        for t in &plan.targets {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                inline(&t.name),
                inline(&t.target),
                t.actual.as_deref().map(inline).unwrap_or_default()
            );
        }
        out.push('\n');
    }

    if !plan.tasks.is_empty() {
        let heading = if plan.schedule.is_empty() {
            "分月工作安排".to_owned()
        } else {
            inline(&plan.schedule)
        };
        let _ = writeln!(out, "## {heading}\n");
        for month in 1..=12u8 {
            let tasks: Vec<_> = plan.tasks.iter().filter(|t| t.month == month).collect();
            if tasks.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {}\n", month_name(month));
            for t in tasks {
                let mut line = match t.status {
                    Status::Done => format!("- [x] {}", inline(&t.text)),
                    Status::Todo => format!("- [ ] {}", inline(&t.text)),
                    Status::Dropped => format!("- [ ] ~~{}~~（已取消）", inline(&t.text)),
                };
                if let Some(period) = &t.period {
                    let _ = write!(line, "（{}）", inline(period));
                }
                let mut notes = Vec::new();
                if let Some(d) = t.done_on {
                    notes.push(format!("完成于{}", chinese_date(d)));
                }
                if let Some(owner) = &t.owner {
                    notes.push(format!("负责人：{}", inline(owner)));
                }
                if !notes.is_empty() {
                    let _ = write!(line, " — {}", notes.join("，"));
                }
                let _ = writeln!(out, "{line}");
            }
            out.push('\n');
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn paragraphs(out: &mut String, text: &str) {
    for p in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let _ = writeln!(out, "{}\n", block(p));
    }
}

/// Text that Markdown must not read as markup.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A paragraph, also kept from starting a heading, list or quote.
fn block(s: &str) -> String {
    let escaped = inline(s);
    let starts_block = escaped.starts_with(['#', '-', '+', '=']) || {
        let digits = escaped.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && escaped[digits..].starts_with(['.', ')'])
    };
    if !starts_block {
        return escaped;
    }
    let at = escaped
        .find(['#', '-', '+', '=', '.', ')'])
        .unwrap_or_default();
    format!("{}\\{}", &escaped[..at], &escaped[at..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NumberStyle, Section, Target, Task};
    use chrono::NaiveDate;

    #[test]
    fn a_plan_in_markdown() {
        let mut p = Plan::new("汪场镇2022年工作计划", 2022, Kind::Plan);
        p.date = NaiveDate::from_ymd_opt(2022, 3, 25);
        p.numbering = vec![NumberStyle::Chinese, NumberStyle::Arabic];
        p.intro = "坚持以__理论为指导。".into();
        p.schedule = "2022年分月工作计划".into();
        p.sections = vec![
            Section {
                id: String::new(),
                depth: 1,
                heading: "强化学习".into(),
                body: String::new(),
            },
            Section {
                id: String::new(),
                depth: 2,
                heading: "加强理论学习".into(),
                body: "结合形势。\n1.第二段".into(),
            },
        ];
        p.targets.push(Target {
            id: String::new(),
            name: "视察活动".into(),
            target: "不少于2次".into(),
            actual: Some("3次".into()),
        });
        for (month, status, period) in [
            (2, Status::Done, None),
            (7, Status::Todo, Some("七、八月份")),
        ] {
            p.tasks.push(Task {
                id: String::new(),
                month,
                period: period.map(str::to_owned),
                text: "开展活动".into(),
                status,
                done_on: (status == Status::Done)
                    .then(|| NaiveDate::from_ymd_opt(2022, 2, 18))
                    .flatten(),
                owner: (month == 2).then(|| "王主席".to_owned()),
            });
        }
        assert_eq!(
            markdown(&p),
            "# 汪场镇2022年工作计划\n\n2022年 · 计划 · 2022年3月25日\n\n坚持以\\_\\_理论为指导。\n\n\
             ## 一、强化学习\n\n### 1、加强理论学习\n\n结合形势。\n\n1\\.第二段\n\n\
             ## 主要目标\n\n| 指标 | 目标 | 实际 |\n| --- | --- | --- |\n| 视察活动 | 不少于2次 | 3次 |\n\n\
             ## 2022年分月工作计划\n\n### 二月\n\n- [x] 开展活动 — 完成于2022年2月18日，负责人：王主席\n\n\
             ### 七月\n\n- [ ] 开展活动（七、八月份）\n"
        );
    }
}
