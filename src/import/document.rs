//! One document of the file -> one plan, or two for a 总结及计划 whose plan
//! part is numbered afresh.

use crate::model::{Kind, Plan, Section, Target};

use super::dates::{bare_year, first_year, placeholder_year};
use super::kind;
use super::lines::Line;
use super::outline::{Outline, build};
use super::split::Document;
use super::{ImportError, ImportedPlan, YearSource, months, runs, slug, targets};

/// What the whole file says about every document in it.
pub(crate) struct Context {
    pub multi: bool,
    pub year_option: Option<i32>,
    pub collection_year: Option<i32>,
}

pub(crate) fn import_document(
    doc: &Document<'_>,
    ctx: &Context,
) -> Result<Vec<ImportedPlan>, ImportError> {
    let title = doc.title.text.as_str();
    let lines = runs::unrun(doc.lines);
    let doc = &Document {
        title: doc.title.clone(),
        number: doc.number,
        label: doc.label.clone(),
        lines: &lines,
    };
    let outline = build(doc.lines);
    let number = if ctx.multi { doc.number } else { None };

    if let Some(start) = kind::plan_part_start(title, doc.lines, &outline) {
        let (summary_lines, plan_lines) = doc.lines.split_at(start);
        let summary = build(summary_lines);
        let plan = build(plan_lines);
        let (summary_year, summary_from) = year(doc, summary_lines, &summary, ctx)?;
        let opening: String = plan_lines.iter().take(3).map(|l| l.text.as_str()).collect();
        let (plan_year, plan_from) =
            kind::plan_part_year(summary_year, &opening).unwrap_or((summary_year, summary_from));
        let (summary_title, plan_title) = kind::part_titles(title, summary_year, plan_year);
        let plan_line = plan_lines.first().map_or(doc.title.no, |l| l.no);
        return Ok(vec![
            assemble(
                summary_title,
                Kind::Summary,
                (summary_year, summary_from),
                summary,
                number,
                doc.title.no,
            ),
            assemble(
                plan_title,
                Kind::Plan,
                (plan_year, plan_from),
                plan,
                number,
                plan_line,
            ),
        ]);
    }

    let year = year(doc, doc.lines, &outline, ctx)?;
    let kind = kind::decide(title, &outline);
    Ok(vec![assemble(
        title.to_owned(),
        kind,
        year,
        outline,
        number,
        doc.title.no,
    )])
}

/// The year from the title, else the text, else the date line, else
/// `--year`, else the collection's title.
fn year(
    doc: &Document<'_>,
    lines: &[Line],
    outline: &Outline,
    ctx: &Context,
) -> Result<(i32, YearSource), ImportError> {
    let title = doc.title.text.as_str();
    if let Some(y) = outline.year_line {
        return Ok((y, YearSource::YearLine));
    }
    if let Some(y) = first_year(title).or_else(|| bare_year(title)) {
        return Ok((y, YearSource::Title));
    }
    if let Some(y) = lines.iter().find_map(|l| first_year(&l.text)) {
        return Ok((y, YearSource::Text));
    }
    if let Some(d) = &outline.date {
        return Ok((chrono::Datelike::year(&d.date), YearSource::Date));
    }
    if let Some(y) = ctx.year_option {
        return Ok((y, YearSource::Option));
    }
    if let Some(y) = ctx.collection_year {
        return Ok((y, YearSource::Collection));
    }
    let placeholder =
        placeholder_year(title).or_else(|| lines.iter().find_map(|l| placeholder_year(&l.text)));
    Err(match placeholder {
        Some(placeholder) => ImportError::PlaceholderYear {
            document: doc.label.clone(),
            line: doc.title.no,
            placeholder,
        },
        None => ImportError::NoYear {
            title: title.to_owned(),
            line: doc.title.no,
        },
    })
}

fn assemble(
    title: String,
    kind: Kind,
    (year, year_from): (i32, YearSource),
    outline: Outline,
    number: Option<u32>,
    source_title_line: usize,
) -> ImportedPlan {
    let mut plan = Plan::new(title, year, kind);
    plan.numbering = outline.numbering();
    plan.targets = targets::find_targets_in(
        outline.prose(),
        targets::Reading {
            year: Some(year),
            summary: kind == Kind::Summary,
        },
    );
    for listed in &outline.listed_targets {
        if !plan
            .targets
            .iter()
            .any(|t: &Target| t.name == listed.name && t.target == listed.target)
        {
            plan.targets.push(listed.clone());
        }
    }
    let Outline {
        intro,
        sections,
        months: month_lines,
        date,
        schedule,
        unplaced,
        ..
    } = outline;
    if let Some(d) = date {
        plan.date = Some(d.date);
        plan.org = d.org;
    }
    plan.intro = intro.join("\n");
    plan.schedule = schedule.unwrap_or_default();
    plan.sections = sections
        .into_iter()
        .map(|s| Section {
            id: String::new(),
            depth: s.depth,
            heading: s.heading,
            body: s.body.join("\n"),
        })
        .collect();
    // A summary reports what was done in a month; only a plan's months
    // named in its prose are tasks.
    for task in month_lines
        .iter()
        .filter(|m| kind == Kind::Plan || !m.mention)
        .flat_map(|m| months::tasks(&m.month))
    {
        // The schedule may say again what a heading said ("三、3月份，…").
        let again = plan
            .tasks
            .iter()
            .any(|t| t.month == task.month && t.period == task.period && t.text == task.text);
        if !again {
            plan.tasks.push(task);
        }
    }
    let slug = slug::suggest(&plan.title, number, kind);
    ImportedPlan {
        plan,
        slug,
        unplaced,
        source_title_line,
        year_from,
    }
}
