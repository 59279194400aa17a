//! The state of the UI. `update` changes it, the views only read it.

use crate::jobs::Jobs;
use crate::keymap::{Context, KeymapError};
use crate::model::{Plan, PlanId};
use crate::store::{FileState, Summaries, SummaryEntry, Workspace};

use super::Keymap;
use super::editor::Editor;
use super::events::{Event, Inbox};
use super::labels::{L, Labels};
use super::overlay::Overlay;
use super::recovery::Recovery;

pub struct App {
    /// For the one plan on screen: load it, save it, tick it. Anything that
    /// reads many files or walks history goes to `jobs`.
    pub ws: Workspace,
    pub jobs: Jobs,
    /// Where finished jobs are announced (and, in the event loop, keys and signals).
    pub inbox: Inbox,
    /// What to do when the plan list asked for comes.
    pub on_listing: OnListing,
    /// The view a comparison was asked from, to open the diff over.
    pub compare_over: Option<std::mem::Discriminant<View>>,
    pub keymap: Keymap,
    pub labels: Labels,
    /// The user's keymap file, as help names it.
    pub keymap_file: Option<String>,
    pub keymap_problems: Vec<KeymapError>,
    /// The plan list, kept while a plan is open.
    pub plans: PlansState,
    pub view: View,
    /// Questions, prompts and help over the view; the last is on top.
    pub overlays: Vec<Overlay>,
    /// The finder's index and matcher, kept by its job between keystrokes.
    pub finder: crate::search::SharedFinder,
    /// Raised each time the finder opens: its index is refreshed then.
    pub finder_fresh: u64,
    pub status: Option<Status>,
    /// Where the running sync stands (its job writes it).
    pub sync_watch: crate::jobs::SyncWatch,
    /// Where the running sync asks for credentials.
    pub sync_credentials: crate::jobs::CredentialDesk,
    /// The last sync went through: its bar stays full until the next key.
    pub sync_done: bool,
    /// A write that waits for the user's git identity (`update::identity`).
    pub waiting_write: Option<super::update::identity::Retry>,
    pub recovery: Recovery,
    /// $EDITOR to run on this text, for the event loop.
    pub external: Option<String>,
    pub quit: bool,
    /// The date overdue marks and ticks go by; tests pin it.
    pub today: chrono::NaiveDate,
    /// The terminal's height in rows, as the event loop last saw it, so that
    /// update can tell which rows of a long list are on screen.
    pub screen_rows: u16,
    /// The terminal's width in columns, likewise.
    pub screen_cols: u16,
    /// What was typed in a prompt left with Esc, for when the same question
    /// is asked again (a wizard's later step keeps its first answer).
    pub prompt_draft: Option<(super::overlay::Ask, String)>,
    /// The history index has been asked to catch up (once, after the first
    /// plan list, so it does not compete with it for the first frame).
    pub history_indexed: bool,
}

/// The main view under any overlay.
///
/// Each view has its state struct, a context in keymap.toml, an update in
/// `update/` and a draw in `views/`. The finder is an overlay over any of
/// them (`Overlay::Finder`), so Esc leaves the view as it was.
pub enum View {
    Plans,
    Plan(Box<PlanState>),
    Board(Box<super::board::BoardState>),
    Agenda(Box<super::board::AgendaState>),
    /// The history, over the view it was opened from.
    History(Box<super::history::HistoryState>),
    /// Two versions of a plan compared, over the view it was opened from.
    Diff(Box<super::history::DiffState>),
    /// The open plan's conflicts from a sync, over the plan or its board.
    Conflicts(Box<super::conflicts::ConflictsState>),
}

impl View {
    /// The open plan, also under a history or diff opened from it.
    pub fn plan(&self) -> Option<&PlanState> {
        match self {
            View::Plan(p) => Some(p),
            View::Board(b) => Some(&b.plan),
            View::Plans | View::Agenda(_) => None,
            View::History(h) => h.prev.plan(),
            View::Diff(d) => d.prev.plan(),
            View::Conflicts(c) => c.prev.plan(),
        }
    }

    pub fn plan_mut(&mut self) -> Option<&mut PlanState> {
        match self {
            View::Plan(p) => Some(p),
            View::Board(b) => Some(&mut b.plan),
            View::Plans | View::Agenda(_) => None,
            View::History(h) => h.prev.plan_mut(),
            View::Diff(d) => d.prev.plan_mut(),
            View::Conflicts(c) => c.prev.plan_mut(),
        }
    }
}

/// What waits for the plan list a job reads.
#[derive(Debug, Default)]
pub struct OnListing {
    /// Select this plan (one just made, not in the list on screen yet).
    pub select: Option<PlanId>,
    /// Say "reloaded" (the user asked).
    pub say_reloaded: bool,
}

#[derive(Debug, Default)]
pub struct PlansState {
    /// Every plan's summary, as the last reload read them.
    pub listing: Summaries,
    /// Years with plans, newest first.
    pub years: Vec<i32>,
    /// `listing` holds the plans of the selected year only: the first
    /// screen, shown while the whole list is read.
    pub first_year_only: bool,
    pub year: usize,
    pub cursor: usize,
    /// The listing could not be read at all.
    pub error: Option<String>,
    /// The workspace's name, from plandesk.toml.
    pub workspace: Option<String>,
}

impl PlansState {
    pub fn selected_year(&self) -> Option<i32> {
        self.years.get(self.year).copied()
    }

    /// The entries of the selected year, in listing order.
    pub fn entries(&self) -> Vec<&SummaryEntry> {
        let year = self.selected_year();
        self.listing
            .plans
            .iter()
            .filter(|e| Some(e.id.year()) == year)
            .collect()
    }

    pub fn selected(&self) -> Option<&SummaryEntry> {
        self.entries().get(self.cursor).copied()
    }
}

/// One open plan: the plan as last saved, the plan being edited, and the
/// edits between them.
pub struct PlanState {
    pub id: PlanId,
    /// As in the last commit plandesk made or read.
    pub base: Plan,
    pub working: Plan,
    /// Snapshots of `working` before each edit since the last save.
    pub undo: Vec<Plan>,
    pub redo: Vec<Plan>,
    pub section: usize,
    pub target: usize,
    pub focus: Focus,
    pub editing: Option<Editing>,
    /// How the file stood against HEAD when it was opened or last saved.
    pub file_state: FileState,
    /// The plan as plandesk last read or wrote the file, to notice edits
    /// made outside while it is open.
    pub on_disk: Plan,
    /// What the last autosave wrote.
    pub autosaved: Option<String>,
    /// The commit `base` was read at (HEAD then), kept with autosaves.
    pub head: Option<String>,
    /// The section whose body is open in $EDITOR.
    pub external_for: Option<String>,
    /// The unsaved edits were recovered from a version older than HEAD's:
    /// saving asks first rather than merging them in.
    pub recovered_from_older: bool,
    /// How far the body of the section with this id is scrolled (in rows)
    /// while it is read, not edited; any other section shows from its top.
    pub body_scroll: (String, u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Outline,
    Targets,
}

/// Text being edited in place.
pub struct Editing {
    pub field: Field,
    pub editor: Editor,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// The heading of the section with this id.
    Heading(String),
    /// The body of the section with this id.
    Body(String),
    /// The plan's intro: the text before the first numbered section.
    Intro,
}

/// Undo keeps this many snapshots.
pub const UNDO_DEPTH: usize = 200;

impl PlanState {
    pub fn new(id: PlanId, plan: Plan, file_state: FileState) -> PlanState {
        let on_disk = plan.clone();
        let mut plan = plan;
        // Ids let the commit summary follow sections through moves.
        plan.ensure_ids();
        PlanState {
            id,
            on_disk,
            autosaved: None,
            head: None,
            external_for: None,
            body_scroll: (String::new(), 0),
            recovered_from_older: false,
            base: plan.clone(),
            working: plan,
            undo: Vec::new(),
            redo: Vec::new(),
            section: 0,
            target: 0,
            focus: Focus::Outline,
            editing: None,
            file_state,
        }
    }

    /// The plan with the text in the editor, as a save would write it.
    pub fn effective(&self) -> std::borrow::Cow<'_, Plan> {
        match &self.editing {
            Some(e) if e.editor.changed() => {
                let mut p = self.working.clone();
                apply_field(&mut p, &e.field, e.editor.text());
                std::borrow::Cow::Owned(p)
            }
            _ => std::borrow::Cow::Borrowed(&self.working),
        }
    }

    pub fn dirty(&self) -> bool {
        *self.effective() != self.base
    }

    /// The plan is approved or submitted and its content (not just
    /// progress) changed: saving sends it back to draft.
    pub fn approval_at_risk(&self) -> bool {
        use crate::model::ApprovalState::{Approved, Submitted};
        matches!(self.base.state(), Approved | Submitted)
            && !self.base.same_content(&self.effective())
    }

    /// Change the working plan as one undoable edit.
    pub fn edit(&mut self, f: impl FnOnce(&mut Plan)) {
        let before = self.working.clone();
        f(&mut self.working);
        if self.working != before {
            self.undo.push(before);
            if self.undo.len() > UNDO_DEPTH {
                self.undo.remove(0);
            }
            self.redo.clear();
        }
    }

    /// Put the editor's text into the plan (one undoable edit) and stop editing.
    pub fn finish_editing(&mut self) {
        if let Some(e) = self.editing.take()
            && e.editor.changed()
        {
            let text = e.editor.text();
            self.edit(|p| apply_field(p, &e.field, text));
        }
    }

    /// Put the editor's text into the plan but keep editing (before a save).
    pub fn commit_editor(&mut self) {
        let Some(e) = self.editing.take() else {
            return;
        };
        let mut e = e;
        if e.editor.changed() {
            let text = e.editor.text();
            let field = e.field.clone();
            self.edit(|p| apply_field(p, &field, text));
            e.editor.mark_saved();
        }
        self.editing = Some(e);
    }

    pub fn section_index(&self, id: &str) -> Option<usize> {
        self.working.sections.iter().position(|s| s.id == id)
    }

    pub fn clamp_cursors(&mut self) {
        self.section = self
            .section
            .min(self.working.sections.len().saturating_sub(1));
        self.target = self
            .target
            .min(self.working.targets.len().saturating_sub(1));
    }
}

/// Which key a hint shows first: the common named keys, then function keys,
/// then ctrl/alt chords (all of which pass an input method), then characters.
fn hint_rank(k: &crate::keymap::Key) -> u8 {
    use crate::keymap::KeyCode;
    match k.code {
        _ if !k.passes_input_method() => 5,
        KeyCode::Char(_) if !k.mods.ctrl && !k.mods.alt => 4,
        KeyCode::Insert => 3,
        _ if k.mods.ctrl || k.mods.alt => 2,
        KeyCode::F(_) => 1,
        _ => 0,
    }
}

pub fn apply_field(plan: &mut Plan, field: &Field, text: String) {
    let (Field::Heading(id) | Field::Body(id)) = field else {
        plan.intro = text;
        return;
    };
    if let Some(s) = plan.sections.iter_mut().find(|s| &s.id == id) {
        match field {
            Field::Heading(_) => s.heading = text,
            Field::Body(_) | Field::Intro => s.body = text,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Warning,
    Error,
}

impl App {
    pub fn new(
        ws: Workspace,
        keymap: Keymap,
        keymap_problems: Vec<KeymapError>,
        keymap_file: Option<String>,
        labels: Labels,
    ) -> App {
        // The screen is the UI's: the store's notices go to its status line.
        ws.hold_notices();
        let recovery = Recovery::new(ws.git_dir());
        let inbox = Inbox::default();
        let announce = inbox.sender();
        let jobs = Jobs::new(ws.root().to_path_buf(), move |ticket| {
            let _ = announce.send(Event::Job(ticket));
        });
        let mut app = App {
            ws,
            jobs,
            inbox,
            on_listing: OnListing::default(),
            compare_over: None,
            keymap,
            labels,
            keymap_file,
            keymap_problems,
            plans: PlansState::default(),
            view: View::Plans,
            overlays: Vec::new(),
            finder: Default::default(),
            finder_fresh: 0,
            status: None,
            sync_watch: crate::jobs::SyncWatch::default(),
            sync_credentials: crate::jobs::CredentialDesk::default(),
            sync_done: false,
            waiting_write: None,
            recovery,
            external: None,
            quit: false,
            today: super::board::today(),
            screen_rows: 40,
            screen_cols: 120,
            prompt_draft: None,
            history_indexed: false,
        };
        // The year on screen first, then every plan.
        super::update::plans::first_screen(&mut app);
        if app.ws.settings().is_ok_and(|s| s.sync.on_start) {
            super::update::plans::sync(&mut app);
        }
        super::update::recover::offer_all(&mut app);
        if !app.keymap_problems.is_empty() {
            let lines: Vec<String> = app
                .keymap_problems
                .iter()
                .map(|e| e.in_language(app.labels.lang == super::labels::Lang::Zh))
                .chain([app.labels.get(L::KeymapDefaultsKept).to_string()])
                .collect();
            app.overlays
                .push(Overlay::message(app.labels.get(L::TitleKeymap), lines));
            let where_ = app
                .keymap_problems
                .first()
                .map(|e| e.file.clone())
                .unwrap_or_default();
            app.warn(
                app.labels
                    .fmt(L::KeymapWarning, &[&app.keymap_problems.len(), &where_]),
            );
        }
        app
    }

    pub fn t(&self, l: L) -> &'static str {
        self.labels.get(l)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Info,
        });
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Warning,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Error,
        });
    }

    pub fn plan(&self) -> Option<&PlanState> {
        self.view.plan()
    }

    pub fn plan_mut(&mut self) -> Option<&mut PlanState> {
        self.view.plan_mut()
    }

    /// Whether anything is unsaved.
    pub fn dirty(&self) -> bool {
        self.plan().is_some_and(PlanState::dirty)
    }

    /// The keymap tables that apply now, most specific first, and whether
    /// unbound characters are typed as text.
    pub fn contexts(&self) -> (&'static [Context], bool) {
        if let Some(o) = self.overlays.last() {
            return match o {
                Overlay::Help(_) => (&[Context::Help], false),
                Overlay::Confirm(_) => (&[Context::Confirm], false),
                Overlay::Prompt(_) => (&[Context::Prompt, Context::Editor], true),
                Overlay::Finder(_) => (&[Context::Finder, Context::Editor], true),
            };
        }
        match &self.view {
            View::Plans => (&[Context::Plans, Context::Global], false),
            View::Board(_) => (&[Context::Board, Context::Global], false),
            View::Agenda(_) => (&[Context::Agenda, Context::Global], false),
            View::History(_) => (&[Context::History, Context::Global], false),
            View::Diff(_) => (&[Context::Diff, Context::Global], false),
            View::Conflicts(c) if c.editing.is_some() => {
                (&[Context::Editor, Context::Global], true)
            }
            View::Conflicts(_) => (&[Context::Conflicts, Context::Global], false),
            View::Plan(p) if p.editing.is_some() => (&[Context::Editor, Context::Global], true),
            View::Plan(p) => match p.focus {
                Focus::Outline => (&[Context::Outline, Context::Plan, Context::Global], false),
                Focus::Targets => (&[Context::Targets, Context::Plan, Context::Global], false),
            },
        }
    }

    /// The key to show for `action` in the table of `ctx` (a pane not
    /// focused yet), chosen as [`App::key_hint`] chooses.
    pub fn key_in(&self, ctx: Context, action: &super::Action) -> Option<String> {
        self.keymap
            .keys_for(ctx, action)
            .into_iter()
            .min_by_key(|k| (hint_rank(k), k.to_string().len()))
            .map(|k| k.to_string())
    }

    /// The key to show for `action` where it applies now, for hints: one
    /// that works with a Chinese input method on (Enter, F1, ctrl-n) before a
    /// letter, and never one that would be typed into the text.
    pub fn key_hint(&self, action: &super::Action) -> Option<String> {
        let (chain, text) = self.contexts();
        chain
            .iter()
            .flat_map(|c| {
                self.keymap
                    .keys_for(*c, action)
                    .into_iter()
                    .filter(move |k| !(text && *c == Context::Global && k.typed_char().is_some()))
            })
            .min_by_key(|k| (hint_rank(k), k.to_string().len()))
            .map(|k| k.to_string())
    }
}
