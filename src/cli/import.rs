use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use plandesk::import::{ImportOptions, dry_run_report, import_bytes};
use plandesk::model::PlanId;
use plandesk::model::text::{visible, visible_line};
use plandesk::store::{Action, Workspace};

/// `plandesk import FILE [--year Y] [--dry-run]`.
pub fn run(
    ws: Option<&Workspace>,
    file: &Path,
    year: Option<i32>,
    dry_run: bool,
) -> Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let result = import_bytes(&bytes, &ImportOptions { year })
        .with_context(|| format!("cannot import {}", file.display()))?;
    if dry_run {
        print!("{}", visible(&dry_run_report(&result), true));
        return Ok(ExitCode::SUCCESS);
    }
    let Some(ws) = ws else {
        anyhow::bail!("no workspace to import into");
    };
    for u in &result.unplaced {
        eprintln!(
            "plandesk: {}:{}: not part of any plan: {}",
            file.display(),
            u.line,
            visible_line(&u.text)
        );
    }
    for imported in result.plans {
        for u in &imported.unplaced {
            eprintln!(
                "plandesk: {}:{}: not placed ({}): {}",
                file.display(),
                u.line,
                u.why,
                visible_line(&u.text)
            );
        }
        let mut plan = imported.plan;
        let id = free_id(ws, plan.year, &imported.slug)?;
        ws.create(&id, &mut plan, Action::Import, None)?;
        println!("Imported {id}: {}", visible_line(&plan.title));
    }
    Ok(ExitCode::SUCCESS)
}

/// `<year>/<slug>`, or with `-2`, `-3`… when that is taken.
fn free_id(ws: &Workspace, year: i32, slug: &str) -> Result<PlanId> {
    let slug = if slug.is_empty() { "plan" } else { slug };
    let mut id = PlanId::new(year, slug)?;
    let mut n = 2;
    while ws.exists(&id) {
        id = PlanId::new(year, &format!("{slug}-{n}"))?;
        n += 1;
    }
    Ok(id)
}
