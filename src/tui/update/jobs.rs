//! A background job is done: its outcome goes to the part of the UI that
//! asked. An outcome of a request that a newer one of its kind has
//! superseded is stale and dropped, and so is a comparison whose view the
//! user has left; the history decides for its own
//! (details of an older window still belong to the walk on screen), and a
//! restore is never dropped (it made a commit).

use crate::jobs::{Kind, Outcome, Ticket};

use super::super::app::App;
use super::{agenda, finder, history, plans};

pub fn done(app: &mut App, ticket: Ticket) {
    let Some(outcome) = app.jobs.take(ticket) else {
        return;
    };
    let latest = app.jobs.is_latest(ticket);
    match outcome {
        Outcome::Plans { listing, settings } if latest => plans::apply(app, listing, settings),
        Outcome::FirstYear {
            year,
            first,
            settings,
        } if latest => plans::first_year(app, year, first, settings),
        Outcome::Agenda { year, listing } if latest => {
            agenda::loaded(app, year, listing.map_err(|e| e.to_string()))
        }
        Outcome::Compared(result) if latest && history::compare_still_wanted(app) => {
            history::compared(app, result)
        }
        Outcome::NoPlanChanged { to } if latest && history::compare_still_wanted(app) => {
            history::no_plan_changed(app, to)
        }
        Outcome::Found {
            query,
            rows,
            total,
            notes,
        } if latest => finder::found(app, query, rows, total, notes),
        Outcome::Walked { walker, ids, done } => history::walked(app, ticket, walker, ids, done),
        Outcome::Details(revisions) => history::details(app, ticket, revisions),
        Outcome::Restored { plan, rev, result } => history::restored(app, &plan, rev, result),
        // Never dropped: it may have made commits.
        Outcome::Synced(result) => plans::synced(app, result),
        // A cache filled ahead of need: nothing to show, and a failure is
        // met again (and told) by the history view that needs it.
        Outcome::Indexed(_) => {}
        Outcome::Failed(e) => match ticket.kind {
            Kind::Plans if latest => plans::failed(app, e.to_string()),
            Kind::Agenda if latest => plans::show_error(app, &e.to_string()),
            Kind::HistoryWalk | Kind::HistoryDetails => history::failed(app, ticket, &e),
            Kind::Compare if latest && history::compare_still_wanted(app) => {
                plans::show_error(app, &e.to_string())
            }
            Kind::Restore | Kind::Sync => plans::show_error(app, &e.to_string()),
            Kind::Find if latest => finder::failed(app, e.to_string()),
            // The full list says what failed.
            Kind::FirstYear => plans::reload(app),
            Kind::Plans | Kind::Agenda | Kind::Compare | Kind::Find | Kind::HistoryIndex => {}
        },
        // Stale.
        Outcome::Plans { .. }
        | Outcome::FirstYear { .. }
        | Outcome::Agenda { .. }
        | Outcome::Compared(_)
        | Outcome::NoPlanChanged { .. }
        | Outcome::Found { .. } => {}
    }
}
