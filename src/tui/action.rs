//! Every message `update` understands: what a key is bound to (by its name
//! in keymap.toml), and what the event loop itself reports.

use crate::keymap::{Bindable, Context};

use super::labels::L;

use Context::{
    Agenda, Board, Confirm, Conflicts, Diff, Editor, Finder, Global, Help, History, Outline, Plan,
    Plans, Prompt, Targets,
};

// Where groups of actions make sense.
const ANYWHERE_BUT_MODAL: &[Context] = &[
    Global, Plans, Plan, Outline, Targets, History, Diff, Conflicts,
];
const EDITING_PLAN: &[Context] = &[Global, Plan, Outline, Targets, Editor];
const LISTS: &[Context] = &[
    Plans, Outline, Targets, Editor, Help, Board, Agenda, History, Diff, Conflicts, Finder,
];
const EVERY_VIEW: &[Context] = &[
    Global, Plans, Plan, Outline, Targets, Board, Agenda, History, Diff, Conflicts,
];
const TEXT: &[Context] = &[Editor];
const PLAN_PANES: &[Context] = &[Plan, Outline, Targets];
const TASKS: &[Context] = &[Board, Agenda];
const NEW_FROM: &[Context] = &[Plans, Plan, Outline, Targets];

/// One table: the bindable actions with their keymap names, the contexts
/// where they do something, and their help label. The enum gets the other
/// messages appended after the table.
macro_rules! actions {
    (
        bindable { $( $variant:ident = $name:literal, $ctx:expr, $label:ident; )+ }
        other { $( $(#[$meta:meta])* $other:ident $( ( $($field:ty),* ) )?, )+ }
    ) => {
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Action {
            $( $variant, )+
            $( $(#[$meta])* $other $( ( $($field),* ) )?, )+
        }

        impl Action {
            /// Every action a key can be bound to.
            pub const BINDABLE: &'static [Action] = &[ $( Action::$variant, )+ ];

            /// The name keymap.toml uses, for bindable actions.
            pub fn name(&self) -> Option<&'static str> {
                match self {
                    $( Action::$variant => Some($name), )+
                    _ => None,
                }
            }

            /// What help says the action does.
            pub fn label(&self) -> Option<L> {
                match self {
                    $( Action::$variant => Some(L::$label), )+
                    _ => None,
                }
            }

            fn fit(&self) -> &'static [Context] {
                match self {
                    $( Action::$variant => $ctx, )+
                    _ => &[],
                }
            }
        }

        impl Bindable for Action {
            fn from_name(name: &str) -> Option<Action> {
                match name {
                    $( $name => Some(Action::$variant), )+
                    _ => None,
                }
            }

            fn fits(&self, ctx: Context) -> bool {
                self.fit().contains(&ctx)
            }

            fn names() -> Vec<&'static str> {
                vec![ $( $name, )+ ]
            }
        }
    };
}

actions! {
    bindable {
        Help = "help", &[Global, Plans, Plan, Outline, Targets, Editor, History, Diff, Conflicts], ActHelp;
        Quit = "quit", ANYWHERE_BUT_MODAL, ActQuit;
        Save = "save", EDITING_PLAN, ActSave;
        Undo = "undo", &[Global, Plan, Outline, Targets, Editor, Board], ActUndo;
        Redo = "redo", EDITING_PLAN, ActRedo;
        Back = "back", &[Global, Plans, Plan, Outline, Targets, Help, History, Diff, Conflicts], ActBack;
        PaneNext = "pane.next", EDITING_PLAN, ActPaneNext;
        PanePrev = "pane.prev", EDITING_PLAN, ActPanePrev;

        Up = "cursor.up", LISTS, ActUp;
        Down = "cursor.down", LISTS, ActDown;
        Left = "cursor.left", &[Editor, Confirm], ActLeft;
        Right = "cursor.right", &[Editor, Confirm], ActRight;
        PageUp = "cursor.page_up", LISTS, ActPageUp;
        PageDown = "cursor.page_down", LISTS, ActPageDown;
        Top = "cursor.top", LISTS, ActTop;
        Bottom = "cursor.bottom", LISTS, ActBottom;
        LineStart = "cursor.home", TEXT, ActLineStart;
        LineEnd = "cursor.end", TEXT, ActLineEnd;
        WordLeft = "cursor.word_left", TEXT, ActWordLeft;
        WordRight = "cursor.word_right", TEXT, ActWordRight;

        YearNewer = "year.newer", &[Plans], ActYearNewer;
        YearOlder = "year.older", &[Plans], ActYearOlder;
        YearJump = "year.jump", &[Plans], ActYearJump;
        OpenPlan = "plan.open", &[Plans], ActOpenPlan;
        NewPlan = "plan.new", &[Plans], ActNewPlan;
        DeletePlan = "plan.delete", &[Plans], ActDeletePlan;
        Reload = "reload", &[Global, Plans], ActReload;
        Sync = "sync", &[Plans], ActSync;

        EditTitle = "header.title", PLAN_PANES, ActEditTitle;
        EditOrg = "header.org", PLAN_PANES, ActEditOrg;
        EditDate = "header.date", PLAN_PANES, ActEditDate;
        EditIntro = "header.intro", PLAN_PANES, ActEditIntro;

        EditHeading = "section.heading", &[Plan, Outline], ActEditHeading;
        EditBody = "section.body", &[Plan, Outline], ActEditBody;
        AddSection = "section.add", &[Plan, Outline], ActAddSection;
        AddChild = "section.add_child", &[Plan, Outline], ActAddChild;
        DeleteSection = "section.delete", &[Outline], ActDeleteSection;
        MoveUp = "section.move_up", &[Plan, Outline], ActMoveUp;
        MoveDown = "section.move_down", &[Plan, Outline], ActMoveDown;
        Indent = "section.indent", &[Plan, Outline], ActIndent;
        Outdent = "section.outdent", &[Plan, Outline], ActOutdent;
        ExternalEditor = "body.external", &[Plan, Outline, Editor], ActExternal;
        ScrollBodyDown = "body.scroll_down", &[Plan, Outline], ActScrollBodyDown;
        ScrollBodyUp = "body.scroll_up", &[Plan, Outline], ActScrollBodyUp;

        AddTarget = "target.add", &[Plan, Targets], ActAddTarget;
        EditTarget = "target.edit", &[Targets], ActEditTarget;
        DeleteTarget = "target.delete", &[Targets], ActDeleteTarget;

        EditDone = "edit.done", TEXT, ActEditDone;
        Newline = "edit.newline", TEXT, ActNewline;
        DeleteBack = "edit.delete_back", TEXT, ActDeleteBack;
        DeleteForward = "edit.delete_forward", TEXT, ActDeleteForward;
        DeleteWord = "edit.delete_word", TEXT, ActDeleteWord;
        DeleteWordForward = "edit.delete_word_forward", TEXT, ActDeleteWordForward;
        DeleteToEnd = "edit.delete_to_end", TEXT, ActDeleteToEnd;
        SelectLeft = "select.left", TEXT, ActSelectLeft;
        SelectRight = "select.right", TEXT, ActSelectRight;
        SelectUp = "select.up", TEXT, ActSelectUp;
        SelectDown = "select.down", TEXT, ActSelectDown;
        SelectHome = "select.home", TEXT, ActSelectHome;
        SelectEnd = "select.end", TEXT, ActSelectEnd;
        SelectAll = "select.all", TEXT, ActSelectAll;
        Copy = "edit.copy", TEXT, ActCopy;
        Cut = "edit.cut", TEXT, ActCut;
        PasteClip = "edit.paste", TEXT, ActPaste;

        Accept = "accept", &[Prompt, Confirm, Finder], ActAccept;
        Cancel = "cancel", &[Prompt, Confirm, Finder], ActCancel;
        Yes = "confirm.yes", &[Confirm], ActYes;
        No = "confirm.no", &[Confirm], ActNo;
        ChooseSave = "confirm.save", &[Confirm], ActChooseSave;
        ChooseDiscard = "confirm.discard", &[Confirm], ActChooseDiscard;

        OpenBoard = "board.open", &[Plan, Outline, Targets, Agenda], ActOpenBoard;
        OpenAgenda = "agenda.open", &[Plans], ActOpenAgenda;
        MonthPrev = "month.prev", TASKS, ActMonthPrev;
        MonthNext = "month.next", TASKS, ActMonthNext;
        TaskTick = "task.tick", TASKS, ActTaskTick;
        TaskTickOn = "task.tick_on", TASKS, ActTaskTickOn;
        TaskUntick = "task.untick", TASKS, ActTaskUntick;
        TaskDrop = "task.drop", TASKS, ActTaskDrop;
        TaskAdd = "task.add", &[Board], ActTaskAdd;
        TaskEdit = "task.edit", &[Board], ActTaskEdit;
        TaskDelete = "task.delete", &[Board], ActTaskDelete;
        TaskMonth = "task.month", &[Board], ActTaskMonth;
        TaskOwner = "task.owner", &[Board], ActTaskOwner;
        CarryOver = "plan.carry_over", NEW_FROM, ActCarryOver;
        SummaryDraft = "plan.summary_draft", NEW_FROM, ActSummaryDraft;
        OpenHistory = "history.open", &[Plans, Plan, Outline, Targets], ActOpenHistory;
        ShowDiff = "history.diff", &[History], ActShowDiff;
        MarkRevision = "history.mark", &[History], ActMarkRevision;
        RestoreRevision = "history.restore", &[History], ActRestoreRevision;
        SinceApproval = "history.since_approval", &[Plan, Outline, Targets, History], ActSinceApproval;
        ToggleRaw = "diff.raw", &[Diff], ActToggleRaw;
        Submit = "approval.submit", &[Plan, Outline, Targets], ActSubmit;
        Approve = "approval.approve", &[Plan, Outline, Targets], ActApprove;
        ReturnPlan = "approval.return", &[Plan, Outline, Targets], ActReturnPlan;
        OpenFinder = "finder.open", EVERY_VIEW, ActOpenFinder;
        ExportPlan = "plan.export", NEW_FROM, ActExport;
        ImportPlans = "plans.import", &[Plans], ActImport;
        OpenConflicts = "conflicts.open", &[Plan, Outline, Targets, Board], ActOpenConflicts;
        TakeOurs = "conflict.ours", &[Conflicts], ActTakeOurs;
        TakeTheirs = "conflict.theirs", &[Conflicts], ActTakeTheirs;
        EditConflict = "conflict.edit", &[Conflicts], ActEditConflict;
    }
    other {
        /// A character typed into text (no binding took it).
        Type(char),
        /// Text pasted by the terminal (bracketed paste).
        Paste(String),
        /// Time passed: autosave unsaved text.
        Tick,
        /// The terminal changed size: draw again.
        Resize,
        /// $EDITOR is done: the new text, or why not.
        ExternalDone(Result<String, String>),
        /// A background job is done; its outcome waits in `App::jobs`.
        JobDone(crate::jobs::Ticket),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::BINDABLE {
            let name = a.name().expect("bindable has a name");
            assert!(seen.insert(name), "{name} twice");
            assert_eq!(Action::from_name(name).as_ref(), Some(a));
            assert!(!a.fit().is_empty(), "{name} fits nowhere");
        }
        assert_eq!(Action::names().len(), Action::BINDABLE.len());
        assert_eq!(Action::Tick.name(), None);
    }
}
