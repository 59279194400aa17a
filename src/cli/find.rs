//! `plandesk find QUERY`: the finder for scripts.

use std::process::ExitCode;

use anyhow::Result;
use plandesk::model::text::visible_line;
use plandesk::search::{self, Finder, Found, Openings, PlanSource};
use plandesk::store::Workspace;

pub fn run(ws: &Workspace, query: &str, limit: usize, json: bool) -> Result<ExitCode> {
    let sources: Vec<PlanSource> = ws
        .plan_files()?
        .files
        .into_iter()
        .map(PlanSource::from)
        .collect();
    let refresh = search::refresh(ws.git_dir(), &sources, |id| ws.load(id))?;
    if let Some(why) = &refresh.rebuilt {
        errln!("plandesk: {why}");
    }
    for (id, why) in &refresh.broken {
        errln!("plandesk: {id} is left out: {}", visible_line(why));
    }
    let openings = Openings::load(ws.git_dir());
    let mut finder = Finder::new(refresh.index);
    let matches = finder.search(query, limit, &openings);
    let found: Vec<Found> = matches
        .hits
        .iter()
        .map(|h| finder.found(query, h))
        .collect();
    if json {
        let rows: Vec<serde_json::Value> = found.iter().map(as_json).collect();
        outln!("{}", serde_json::to_string_pretty(&rows)?)?;
    } else {
        for f in &found {
            outln!(
                "{}  [{} {} {}]",
                visible_line(&f.path),
                f.plan,
                f.kind.as_str(),
                f.item.as_deref().unwrap_or("-")
            )?;
            if let Some(s) = &f.snippet {
                outln!("    ┆ {}", visible_line(&s.text))?;
            }
        }
        if matches.total > found.len() {
            errln!(
                "plandesk: {} of {} matches shown; --limit N for more",
                found.len(),
                matches.total
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn as_json(f: &Found) -> serde_json::Value {
    serde_json::json!({
        "plan": f.plan.to_string(),
        "year": f.year,
        "plan_kind": f.plan_kind.as_str(),
        "kind": f.kind.as_str(),
        "item": f.item,
        "path": f.path,
        "positions": f.positions,
        "snippet": f.snippet,
        "score": f.score,
    })
}
