//! `plandesk remote …` and `plandesk sync`.

use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;

use anyhow::Result;
use plandesk::model::text::visible_line;
use plandesk::store::{CredentialRequest, Stage, SyncProgress, UserPass, Workspace};

pub fn remote_add(ws: &Workspace, name: &str, url: &str) -> Result<ExitCode> {
    let r = ws.add_remote(name, url)?;
    println!("added remote {} {}", r.name, visible_line(&r.url));
    Ok(ExitCode::SUCCESS)
}

pub fn remote_list(ws: &Workspace) -> Result<ExitCode> {
    let remotes = ws.remotes()?;
    if remotes.is_empty() {
        eprintln!("plandesk: no remotes yet; add one with `plandesk remote add NAME URL`");
    }
    for r in remotes {
        println!("{}\t{}", visible_line(&r.name), visible_line(&r.url));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn remote_remove(ws: &Workspace, name: &str) -> Result<ExitCode> {
    ws.remove_remote(name)?;
    println!("removed remote {}", visible_line(name));
    Ok(ExitCode::SUCCESS)
}

/// Sync, with a progress line on stderr when it is a terminal and the
/// summary on stdout.
pub fn run(ws: &Workspace, remote: Option<&str>) -> Result<ExitCode> {
    let tty = std::io::stderr().is_terminal();
    let mut show = |p: SyncProgress| {
        if !tty {
            return;
        }
        let stage = match p.stage {
            Stage::Packing => "remote packing",
            Stage::Fetching => "fetching",
            Stage::Merging => "merging",
            Stage::Pushing => "pushing",
        };
        let mut err = std::io::stderr();
        let _ = write!(
            err,
            "\r\x1b[K{stage} {}/{} objects, {} KiB",
            p.objects,
            p.total_objects,
            p.bytes / 1024
        );
        let _ = err.flush();
    };
    let mut ask = |request: &CredentialRequest| {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        if tty {
            eprint!("\r\x1b[K");
        }
        ask_credentials(request)
    };
    let summary = ws.sync_asking(remote, &mut show, &mut ask);
    if tty {
        eprint!("\r\x1b[K");
    }
    let summary = summary?;
    println!("{}", visible_line(&summary.line()));
    if let Some(c) = &summary.merge_commit {
        println!("merge commit {}", &c[..c.len().min(12)]);
    }
    for id in &summary.merged {
        let n = summary
            .conflicts
            .iter()
            .find(|(c, _)| c == id)
            .map_or(0, |(_, n)| *n);
        if n > 0 {
            println!(
                "  {id}: merged, {n} conflict{} kept in the plan (plandesk show {id})",
                if n == 1 { "" } else { "s" }
            );
        } else {
            println!("  {id}: merged");
        }
    }
    for id in &summary.approvals_reset {
        println!("  {id}: the merge changed the approved content, so it is a draft again");
    }
    for r in &summary.refused {
        println!("  refused {}", visible_line(r));
    }
    for n in &summary.notes {
        println!("  {}", visible_line(n));
    }
    Ok(ExitCode::SUCCESS)
}

/// Ask on the terminal for a user name (unless the address gives one) and a
/// password, which is never echoed.
fn ask_credentials(request: &CredentialRequest) -> Option<UserPass> {
    let username = match &request.username {
        Some(user) => user.clone(),
        None => {
            eprint!("User name for {}: ", request.url);
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).ok()?;
            line.trim().to_string()
        }
    };
    if username.is_empty() {
        return None;
    }
    let password = rpassword::prompt_password(format!(
        "Password for {} at {}: ",
        visible_line(&username),
        request.url
    ))
    .ok()?;
    Some(UserPass { username, password })
}
