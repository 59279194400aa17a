//! What can stand over a view: help, a question with choices, a prompt for
//! one line of text. Each question and prompt carries what it is for, so
//! that its answer goes to the right place.

use crate::model::PlanId;

use super::editor::Editor;
use super::labels::L;

pub enum Overlay {
    Help(HelpState),
    Confirm(Confirm),
    Prompt(Box<Prompt>),
    Finder(Box<super::finder::FinderState>),
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct HelpState {
    pub scroll: usize,
}

#[derive(Debug, Clone)]
pub struct Confirm {
    pub title: String,
    pub lines: Vec<String>,
    pub choices: Vec<Choice>,
    pub selected: usize,
    pub purpose: Purpose,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Yes,
    No,
    Save,
    Discard,
    Cancel,
    Ok,
    Delete,
    Restore,
    Later,
    /// Keep the identity in this workspace's `.git/config`.
    ThisWorkspace,
    /// Keep it in the user's global git config.
    AllGit,
}

impl Choice {
    pub fn label(self) -> L {
        match self {
            Choice::Yes => L::ChoiceYes,
            Choice::No => L::ChoiceNo,
            Choice::Save => L::ChoiceSave,
            Choice::Discard => L::ChoiceDiscard,
            Choice::Cancel => L::ChoiceCancel,
            Choice::Ok => L::ChoiceOk,
            Choice::Delete => L::ChoiceDelete,
            Choice::Restore => L::ChoiceRestore,
            Choice::Later => L::ChoiceLater,
            Choice::ThisWorkspace => L::ChoiceThisWorkspace,
            Choice::AllGit => L::ChoiceAllGit,
        }
    }
}

/// What a question is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// Only to be read.
    Message,
    DeletePlan(PlanId),
    /// The section with this id.
    DeleteSection(String),
    /// The target with this id.
    DeleteTarget(String),
    /// Unsaved changes, and what was asked for when they were found.
    Unsaved(After),
    /// Saving over a file changed outside plandesk.
    SaveOutside(SaveFlow),
    /// Saving content changes of an approved plan.
    SaveApproved(SaveFlow),
    /// Unsaved changes of this plan found in its recovery file.
    Recover(PlanId),
    /// The board's task with this id.
    DeleteTask(String),
    /// Bring the plan back to how it stood at this commit.
    RestoreRevision {
        plan: PlanId,
        rev: crate::store::RevisionId,
    },
    /// Where git keeps the name and email just given (see `update::identity`).
    KeepIdentity(crate::store::Identity),
    /// A question of an export or import (see `update::transfer`).
    Transfer(super::update::transfer::Step),
    /// Open this plan, which exists already (a summary asked for again).
    OpenExisting(PlanId),
}

/// A save in progress: the questions already answered, and what comes after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaveFlow {
    pub outside_ok: bool,
    pub approval_ok: bool,
    pub then: After,
}

impl SaveFlow {
    pub fn new(then: After) -> SaveFlow {
        SaveFlow {
            outside_ok: false,
            approval_ok: false,
            then,
        }
    }
}

/// What to do once the plan is saved (or its changes discarded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum After {
    Stay,
    /// Back to the plan list.
    Close,
    Quit,
}

impl Confirm {
    pub fn new(title: &str, lines: Vec<String>, choices: Vec<Choice>, purpose: Purpose) -> Confirm {
        Confirm {
            title: title.to_string(),
            lines,
            choices,
            selected: 0,
            purpose,
        }
    }

    /// Start on `choice` (the safe one, for a deletion).
    pub fn selecting(mut self, choice: Choice) -> Confirm {
        if let Some(i) = self.choices.iter().position(|c| *c == choice) {
            self.selected = i;
        }
        self
    }

    pub fn current(&self) -> Choice {
        self.choices
            .get(self.selected)
            .copied()
            .unwrap_or(Choice::Cancel)
    }

    /// The first of `wanted` that this question offers.
    pub fn offered(&self, wanted: &[Choice]) -> Option<Choice> {
        wanted.iter().copied().find(|w| self.choices.contains(w))
    }

    /// What Esc means here.
    pub fn cancel_choice(&self) -> Choice {
        self.offered(&[Choice::Cancel, Choice::No, Choice::Later, Choice::Ok])
            .unwrap_or(Choice::Cancel)
    }
}

/// A question answered with one line of text.
#[derive(Debug)]
pub struct Prompt {
    pub title: String,
    pub label: String,
    pub editor: Editor,
    pub error: Option<String>,
    pub ask: Ask,
    /// Whether what was typed when this question was last left with Esc
    /// has been looked for (once, when the prompt first shows).
    pub drafted: bool,
    /// A password: shown as dots, never kept as a draft.
    pub masked: bool,
}

impl Prompt {
    pub fn new(title: &str, label: &str, text: &str, ask: Ask) -> Prompt {
        Prompt {
            title: title.to_string(),
            label: label.to_string(),
            editor: Editor::single_line(text),
            error: None,
            ask,
            drafted: false,
            masked: false,
        }
    }

    /// The same prompt for a password.
    pub fn masked(mut self) -> Prompt {
        self.masked = true;
        self
    }
}

/// What a prompt's answer is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// A new plan: its year first, then its title, then its file name
    /// (proposed from the title).
    NewPlanYear,
    NewPlanTitle {
        year: i32,
    },
    NewPlanSlug {
        year: i32,
        title: String,
    },
    Title,
    Org,
    Date,
    /// A target's name; `id` is `None` for a new target.
    TargetName {
        id: Option<String>,
    },
    TargetFigure {
        id: Option<String>,
        name: String,
    },
    TargetActual {
        id: Option<String>,
        name: String,
        figure: String,
    },
    /// The date a task was done: on the board (`plan` is `None`), or on
    /// the agenda (the plan and the task's index there).
    DoneOn {
        plan: Option<PlanId>,
        index: usize,
    },
    /// A task's text; `id` is `None` for a new task in `month`.
    TaskText {
        id: Option<String>,
        month: u8,
    },
    TaskMonth {
        id: String,
    },
    TaskOwner {
        id: String,
    },
    /// The id of the plan `from` is carried over to.
    CarryId {
        from: PlanId,
    },
    CarryTitle {
        from: PlanId,
        id: PlanId,
    },
    /// The note of a submit, an approval or a return.
    ApprovalNote(super::update::approval::Step),
    /// A year of the plan list, typed by its digits.
    YearJump,
    /// The name or email git records (see `update::identity`).
    Identity(super::update::identity::Step),
    /// A path to export to or import from (see `update::transfer`).
    Transfer(super::update::transfer::Step),
    /// The user name a remote asks for during a sync.
    SyncUser,
    /// The password of `user` a remote asks for during a sync.
    SyncPassword {
        user: String,
    },
}

impl Overlay {
    /// A message to read, closed with Enter or Esc.
    pub fn message(title: &str, lines: Vec<String>) -> Overlay {
        Overlay::Confirm(Confirm::new(
            title,
            lines,
            vec![Choice::Ok],
            Purpose::Message,
        ))
    }
}
