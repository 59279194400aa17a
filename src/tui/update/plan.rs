//! The plan view: the outline, the section being edited, the targets and
//! the header. Every change of the plan goes through `PlanState::edit`, so
//! it can be undone.

use crate::model::Target;

use super::super::Action;
use super::super::app::{App, Editing, Field, Focus, PlanState};
use super::super::editor::Editor;
use super::super::labels::L;
use super::super::outline::{self, OutlineError};
use super::super::overlay::{Ask, Choice, Confirm, Overlay, Prompt, Purpose};
use super::super::views;
use super::approval::Step;
use super::save::{self, After};

/// Rows a page key moves.
const PAGE: usize = 10;

pub fn update(app: &mut App, action: Action) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    if p.editing.is_some() {
        return editing(app, action);
    }
    match action {
        Action::Save => save::request_save(app, After::Stay),
        Action::Undo => undo(app),
        Action::Redo => redo(app),
        Action::Back => save::request_close(app),
        Action::Reload => reload(app),
        // Tab moves between the outline and the targets; a body is edited
        // only when asked for (its own key), never by passing through.
        Action::PaneNext | Action::PanePrev => {
            p.focus = match p.focus {
                Focus::Outline => Focus::Targets,
                Focus::Targets => Focus::Outline,
            }
        }
        Action::EditTitle => {
            let title = p.working.title.clone();
            prompt(app, L::PromptTitle, &title, Ask::Title);
        }
        Action::EditOrg => {
            let org = p.working.org.clone().unwrap_or_default();
            prompt(app, L::PromptOrg, &org, Ask::Org);
        }
        Action::EditDate => {
            let date = p.working.date.map(|d| d.to_string()).unwrap_or_default();
            prompt(app, L::PromptDate, &date, Ask::Date);
        }
        Action::EditIntro => {
            let editor = Editor::multi_line(&p.working.intro);
            p.focus = Focus::Outline;
            p.editing = Some(Editing {
                field: Field::Intro,
                editor,
            });
        }
        Action::AddTarget => prompt(app, L::PromptTargetName, "", Ask::TargetName { id: None }),
        Action::OpenBoard => super::board::open(app),
        Action::CarryOver | Action::SummaryDraft => {
            let id = p.id.clone();
            super::plans::new_from(app, &id, action == Action::CarryOver);
        }
        Action::OpenHistory => {
            let id = p.id.clone();
            super::history::open(app, Some(id));
        }
        Action::ExportPlan => {
            let id = p.id.clone();
            super::transfer::ask_export(app, &id);
        }
        Action::SinceApproval => super::history::since_approval(app),
        Action::OpenConflicts => super::conflicts::open(app),
        Action::Submit => super::approval::request(app, Step::Submit),
        Action::Approve => super::approval::request(app, Step::Approve),
        Action::ReturnPlan => super::approval::request(app, Step::Return),
        action => match p.focus {
            Focus::Outline => outline_action(app, action),
            Focus::Targets => targets_action(app, action),
        },
    }
}

/// Read the plan's file again (after an edit outside plandesk), unless that
/// would drop unsaved changes.
fn reload(app: &mut App) {
    let Some(p) = app.plan() else {
        return;
    };
    if p.dirty() {
        app.warn(app.t(L::ReloadUnsaved));
        return;
    }
    let (id, section, focus) = (p.id.clone(), p.section, p.focus);
    if super::plans::open(app, &id)
        && let Some(p) = app.plan_mut()
    {
        p.section = section;
        p.focus = focus;
        p.clamp_cursors();
        app.info(app.t(L::Reloaded));
    }
}

/// Ask for one line of text, titled with the open plan's title.
pub(super) fn prompt(app: &mut App, label: L, text: &str, ask: Ask) {
    let title = app
        .plan()
        .map(|p| crate::model::text::visible_line(&p.working.title).into_owned())
        .unwrap_or_default();
    app.overlays.push(Overlay::Prompt(Box::new(Prompt::new(
        &title,
        app.t(label),
        text,
        ask,
    ))));
}

/// Rows a body scrolls by per key.
const BODY_STEP: u16 = 5;

fn outline_action(app: &mut App, action: Action) {
    let app_cols = app.screen_cols;
    let Some(p) = app.plan_mut() else {
        return;
    };
    let len = p.working.sections.len();
    if let Some(c) = super::moved(p.section, len, &action, PAGE) {
        p.section = c;
        return;
    }
    if matches!(action, Action::ScrollBodyDown | Action::ScrollBodyUp) {
        let Some(id) = p.working.sections.get(p.section).map(|s| s.id.clone()) else {
            return;
        };
        let now = if p.body_scroll.0 == id {
            p.body_scroll.1
        } else {
            0
        };
        let next = if action == Action::ScrollBodyDown {
            now.saturating_add(BODY_STEP)
        } else {
            now.saturating_sub(BODY_STEP)
        };
        // Stop at the body's last row, as the view lays it out.
        let body = &p.working.sections[p.section].body;
        let rows = views::plan::body_rows(body, views::plan::body_cols(app_cols));
        p.body_scroll = (id, next.min(rows.saturating_sub(1) as u16));
        return;
    }
    let has_section = p.section < len;
    let needs_section = matches!(
        action,
        Action::EditHeading
            | Action::EditBody
            | Action::AddChild
            | Action::DeleteSection
            | Action::MoveUp
            | Action::MoveDown
            | Action::Indent
            | Action::Outdent
            | Action::ExternalEditor
    );
    if needs_section && !has_section {
        app.warn(app.t(L::NoSection));
        return;
    }
    let i = p.section;
    let result = match action {
        Action::EditHeading => {
            start_editing(app, true);
            Ok(())
        }
        Action::EditBody => {
            start_editing(app, false);
            Ok(())
        }
        Action::AddSection => {
            let mut sections = p.working.sections.clone();
            let at = outline::add_after(&mut sections, has_section.then_some(i));
            set_sections(p, sections, at);
            start_editing(app, true);
            Ok(())
        }
        Action::AddChild => {
            let mut sections = p.working.sections.clone();
            match outline::add_child(&mut sections, i) {
                Ok(at) => {
                    set_sections(p, sections, at);
                    start_editing(app, true);
                    Ok(())
                }
                Err(e) => Err(e),
            }
        }
        Action::DeleteSection => {
            ask_delete_section(app, i);
            Ok(())
        }
        Action::MoveUp | Action::MoveDown => {
            let mut sections = p.working.sections.clone();
            let moved = if action == Action::MoveUp {
                outline::move_up(&mut sections, i)
            } else {
                outline::move_down(&mut sections, i)
            };
            moved.map(|at| set_sections(p, sections, at))
        }
        Action::Indent | Action::Outdent => {
            let mut sections = p.working.sections.clone();
            let done = if action == Action::Indent {
                outline::indent(&mut sections, i)
            } else {
                outline::outdent(&mut sections, i)
            };
            done.map(|()| set_sections(p, sections, i))
        }
        Action::ExternalEditor => {
            request_external(app);
            Ok(())
        }
        _ => Ok(()),
    };
    if let Err(e) = result {
        let l = match e {
            OutlineError::CannotMove => L::CannotMove,
            OutlineError::NoParent => L::IndentNoParent,
            OutlineError::TooDeep if action == Action::AddChild => L::ChildTooDeep,
            OutlineError::TooDeep => L::IndentTooDeep,
            OutlineError::AtTop => L::OutdentTop,
            OutlineError::NoSection => L::NoSection,
        };
        app.warn(app.t(l));
    }
}

/// Replace the sections as one edit (new sections get their ids) and put
/// the cursor on `at`.
fn set_sections(p: &mut PlanState, sections: Vec<crate::model::Section>, at: usize) {
    p.edit(|w| {
        w.sections = sections;
        w.ensure_ids();
    });
    p.section = at;
}

fn ask_delete_section(app: &mut App, i: usize) {
    let Some(p) = app.plan() else {
        return;
    };
    let s = &p.working.sections[i];
    let numbers = p.working.numbers();
    let name = super::super::summary::label(&numbers[i], &s.heading);
    let under = outline::subtree_end(&p.working.sections, i) - i - 1;
    let line = if under == 0 {
        app.labels.fmt(L::AskDeleteSection, &[&name])
    } else {
        app.labels.fmt(L::AskDeleteSubtree, &[&name, &under])
    };
    let c = Confirm::new(
        app.t(L::TitleConfirm),
        vec![line],
        vec![Choice::Delete, Choice::Cancel],
        Purpose::DeleteSection(s.id.clone()),
    )
    .selecting(Choice::Cancel);
    app.overlays.push(Overlay::Confirm(c));
}

pub fn delete_section(app: &mut App, id: &str) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    if let Some(i) = p.section_index(id) {
        let mut sections = p.working.sections.clone();
        outline::delete(&mut sections, i);
        set_sections(p, sections, i);
        p.clamp_cursors();
    }
}

fn targets_action(app: &mut App, action: Action) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    if let Some(c) = super::moved(p.target, p.working.targets.len(), &action, PAGE) {
        p.target = c;
        return;
    }
    let Some(t) = p.working.targets.get(p.target).cloned() else {
        if matches!(action, Action::EditTarget | Action::DeleteTarget) {
            app.warn(app.t(L::NoTarget));
        }
        return;
    };
    match action {
        Action::EditTarget => prompt(
            app,
            L::PromptTargetName,
            &t.name,
            Ask::TargetName { id: Some(t.id) },
        ),
        Action::DeleteTarget => {
            let line = app.labels.fmt(L::AskDeleteTarget, &[&t.name]);
            let c = Confirm::new(
                app.t(L::TitleConfirm),
                vec![line],
                vec![Choice::Delete, Choice::Cancel],
                Purpose::DeleteTarget(t.id),
            )
            .selecting(Choice::Cancel);
            app.overlays.push(Overlay::Confirm(c));
        }
        _ => {}
    }
}

pub fn delete_target(app: &mut App, id: &str) {
    if let Some(p) = app.plan_mut() {
        p.edit(|w| w.targets.retain(|t| t.id != id));
        p.clamp_cursors();
    }
}

/// The target prompts are answered: add it or change it.
pub fn set_target(app: &mut App, id: Option<String>, name: String, figure: String, actual: String) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    let actual = Some(actual.trim().to_string()).filter(|a| !a.is_empty());
    match id {
        Some(id) => p.edit(|w| {
            if let Some(t) = w.targets.iter_mut().find(|t| t.id == id) {
                t.name = name;
                t.target = figure;
                t.actual = actual;
            }
        }),
        None => {
            p.edit(|w| {
                w.targets.push(Target {
                    id: String::new(),
                    name,
                    target: figure,
                    actual,
                });
                w.ensure_ids();
            });
            p.target = p.working.targets.len().saturating_sub(1);
        }
    }
}

/// Open the editor on the selected section's heading or body.
fn start_editing(app: &mut App, heading: bool) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    let Some(s) = p.working.sections.get(p.section) else {
        return;
    };
    let id = s.id.clone();
    let (field, editor) = if heading {
        (Field::Heading(id), Editor::single_line(&s.heading))
    } else {
        (Field::Body(id), Editor::multi_line(&s.body))
    };
    p.focus = Focus::Outline;
    p.editing = Some(Editing { field, editor });
}

fn editing(app: &mut App, action: Action) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    let single = p
        .editing
        .as_ref()
        .is_some_and(|e| e.editor.is_single_line());
    match action {
        Action::EditDone | Action::Back | Action::Accept => p.finish_editing(),
        Action::Newline if single => p.finish_editing(),
        Action::PaneNext => {
            p.finish_editing();
            p.focus = Focus::Targets;
        }
        Action::PanePrev => {
            p.finish_editing();
            p.focus = Focus::Outline;
        }
        Action::Save => save::request_save(app, After::Stay),
        Action::ExternalEditor => request_external(app),
        action => {
            if let Some(e) = p.editing.as_mut() {
                e.editor.apply(&action);
            }
        }
    }
}

pub fn undo(app: &mut App) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    match p.undo.pop() {
        Some(mut prev) => {
            // Undo goes back over saves too, but never over an approval
            // step: the approval stays as committed.
            prev.approval = p.working.approval.clone();
            let now = std::mem::replace(&mut p.working, prev);
            p.redo.push(now);
            p.clamp_cursors();
            app.info(app.t(L::Undone));
            super::recover::settle(app);
        }
        None => app.info(app.t(L::NothingToUndo)),
    }
}

pub fn redo(app: &mut App) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    match p.redo.pop() {
        Some(mut next) => {
            next.approval = p.working.approval.clone();
            let now = std::mem::replace(&mut p.working, next);
            p.undo.push(now);
            p.clamp_cursors();
            app.info(app.t(L::Redone));
        }
        None => app.info(app.t(L::NothingToRedo)),
    }
}

/// Ask the event loop to run $EDITOR on the selected section's body.
fn request_external(app: &mut App) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    let text = match &p.editing {
        Some(Editing {
            field: Field::Body(_),
            editor,
        }) => editor.text(),
        Some(_) => return,
        None => match p.working.sections.get(p.section) {
            Some(s) => s.body.clone(),
            None => {
                app.warn(app.t(L::NoSection));
                return;
            }
        },
    };
    p.external_for = p.working.sections.get(p.section).map(|s| s.id.clone());
    app.external = Some(text);
}

/// $EDITOR returned: take the text back into the body it was opened on.
pub fn external_done(app: &mut App, result: Result<String, String>) {
    let Some(p) = app.plan_mut() else {
        return;
    };
    let Some(id) = p.external_for.take() else {
        return;
    };
    let text = match result {
        Ok(t) => t,
        Err(why) => {
            app.error(app.labels.fmt(L::ExternalFailed, &[&why]));
            return;
        }
    };
    let was_editing = p.editing.is_some();
    p.finish_editing();
    let Some(i) = p.section_index(&id) else {
        return;
    };
    let same = p.working.sections[i].body == text;
    if !same {
        p.edit(|w| w.sections[i].body = text);
    }
    if was_editing {
        p.section = i;
        start_editing(app, false);
    }
    if same {
        app.info(app.t(L::ExternalSame));
    }
}
