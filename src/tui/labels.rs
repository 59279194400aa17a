//! Every label of the UI, in Chinese and in English, in one table.
//!
//! `{}` in a label is filled in order by [`Labels::fmt`]. Messages that come
//! from the store or the keymap (errors with files and lines) are shown as
//! they are.

use std::fmt::Display;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// From the locale: `LC_ALL`, else `LC_MESSAGES`, else `LANG` (the first
    /// that is set); one starting with `zh` means Chinese, anything else English.
    pub fn from_env() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        Lang::from_locale(&locale)
    }

    pub fn from_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// `zh` or `en`, as `--lang` takes it.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

macro_rules! labels {
    ($( $key:ident => $zh:literal, $en:literal; )+) => {
        /// A label of the UI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum L { $( $key, )+ }

        impl L {
            pub const ALL: &'static [L] = &[ $( L::$key, )+ ];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (L::$key, Lang::Zh) => $zh, (L::$key, Lang::En) => $en, )+
                }
            }
        }
    };
}

labels! {
    // The plans view.
    PlansTitle => "计划", "Plans";
    ColTitle => "标题", "Title";
    ColKind => "类型", "Kind";
    ColState => "状态", "State";
    ColTasks => "任务", "Tasks";
    ColFile => "文件", "File";
    KindPlan => "计划", "plan";
    KindSummary => "总结", "summary";
    StateDraft => "草稿", "draft";
    StateSubmitted => "已报送", "submitted";
    StateApproved => "已批准", "approved";
    StateReturned => "已退回", "returned";
    FileModified => "外部修改未提交", "changed outside";
    FileUntracked => "未提交", "not committed";
    FileDeleted => "已删除", "deleted";
    Broken => "无法读取", "cannot be read";
    NoPlans => "这一年还没有计划。按 {} 新建。", "No plans here yet. Press {} to make one.";
    NoYears => "还没有计划。按 {} 新建。", "No plans yet. Press {} to make one.";
    OtherFiles => "plans/ 中的其他问题", "Other problems in plans/";

    // The plan view.
    Outline => "大纲", "Outline";
    Section => "小节", "Section";
    Intro => "引言", "Intro";
    Targets => "目标", "Targets";
    TargetName => "名称", "Name";
    TargetFigure => "目标", "Target";
    TargetActual => "完成", "Reached";
    NoSections => "还没有小节。按 {} 添加。", "No sections yet. Press {} to add one.";
    NoTargets => "没有目标。按 {} 添加。", "No targets. Press {} to add one.";
    Org => "单位", "Org";
    Date => "日期", "Date";
    Unsaved => "● 未保存", "● unsaved";
    ApprovalWillReset => "已报送或已批准：保存内容修改后将退回草稿", "submitted or approved: saving content changes sends it back to draft";
    ChangedOutside => "文件与最近提交不同（在 plandesk 外修改）", "file differs from the last commit (edited outside plandesk)";
    Editing => "编辑中", "editing";
    EmptyHeading => "（无标题）", "(no heading)";
    TooSmall => "终端太小：{}×{}，至少需要 {}×{}", "Terminal too small: {}×{}, needs {}×{}";

    // Help.
    HelpTitle => "帮助：当前键位", "Help: the keys in force";
    HelpTyping => "编辑文字时，未绑定的字符直接输入（包括输入法输入的中文）。", "While editing text, characters that are not bound are typed (input methods too).";
    HelpKeymapFile => "自定义键位文件：{}（按键逐个覆盖默认值，\"noop\" 解除绑定）", "Your keymap file: {} (overrides the defaults key by key; \"noop\" unbinds)";
    CtxGlobal => "全局", "Everywhere";
    CtxPlans => "计划列表", "Plan list";
    CtxPlan => "计划视图", "Plan view";
    CtxOutline => "大纲", "Outline";
    CtxTargets => "目标表", "Targets";
    CtxEditor => "编辑文字", "Editing text";
    CtxPrompt => "输入框", "Prompts";
    CtxConfirm => "确认框", "Questions";
    CtxHelp => "帮助", "Help";
    CtxHistory => "历史", "History";
    CtxDiff => "比较", "Diff";
    CtxConflicts => "冲突", "Conflicts";
    CtxFinder => "查找", "Finder";
    ActOpenFinder => "查找", "find (any year; pinyin works)";
    ActYearJump => "跳到输入的年度", "jump to a year typed by its digits";
    TitleFinder => "查找", "Find";
    FinderCount => "{} / {} 项", "{} of {}";
    FinderNothing => "没有匹配的项", "nothing matches";
    FinderSearching => "正在查找…", "searching…";
    FinderGone => "找不到该项（计划已改动），已打开计划", "the item is no longer there (the plan changed); the plan is open";
    FinderSaveFirst => "当前计划有未保存的改动：请先保存（ctrl-s）或撤销，再跳到别的计划", "this plan has unsaved changes: save (ctrl-s) or undo them before going to another plan";
    BusyFind => "正在查找…", "finding…";
    BusySync => "正在同步…", "syncing…";
    SyncStarting => "同步：准备中，正在连接远程仓库…", "sync: starting, reaching the remote…";
    SyncPacking => "远程仓库打包 {}/{} 个对象", "the remote packs {}/{} objects";
    SyncFetching => "取回 {}/{} 个对象 · {}", "fetching {}/{} objects · {}";
    SyncMerging => "合并中…", "merging…";
    SyncPushing => "推送 {}/{} 个对象 · {}", "pushing {}/{} objects · {}";
    SyncDone => "同步完成", "sync done";
    ActSync => "与远程仓库同步（取回、合并、推送）", "sync with the remote (fetch, merge, push)";
    Synced => "已与 {} 同步：取回 {} 个提交，合并 {} 个计划，冲突 {} 处，推送 {} 个提交", "Synced with {}: {} fetched, {} plans merged, {} conflicts, {} pushed";
    SyncRefused => "；拒收 {} 项（{}）", "; refused {} ({})";
    TitleYearJump => "跳到年度", "Jump to a year";
    PromptYearJump => "年度（如 2019，或末两位 19）", "Year (e.g. 2019, or its last digits 19)";
    ErrNoSuchYear => "没有 {} 年的计划", "no plans in {}";

    // Prompts.
    TitleNewPlan => "新建计划", "New plan";
    PromptSlug => "文件名（按标题拼音首字母提出；可改，中文会转为拼音首字母）", "File name (proposed from the title's pinyin; a-z, 0-9 and -)";
    ErrSlug => "文件名只能用小写字母、数字和 -，且不以 - 开头或结尾", "a file name holds only a-z, 0-9 and -, and does not start or end with -";
    PromptTitle => "标题", "Title";
    PromptYear => "年度", "Year";
    PromptOrg => "单位（可空）", "Organisation (may be empty)";
    PromptDate => "日期（如 2024-03-25 或 2024年3月25日，可空）", "Date, e.g. 2024-03-25 (may be empty)";
    PromptTargetName => "目标名称", "Target name";
    PromptTargetFigure => "目标值", "Target figure";
    PromptTargetActual => "完成情况（可空）", "Reached (may be empty)";
    PromptKept => "已取消；输入的内容下次打开时还在", "Cancelled; what you typed is kept for next time";
    ErrEmpty => "不能为空", "cannot be empty";
    ErrYear => "年度应为四位数字，如 2024 或 2024年", "a year has four digits, e.g. 2024";
    ErrDate => "日期应写作 2024-03-25 或 2024年3月25日", "a date looks like 2024-03-25";
    ErrDoneLater => "完成日期不能晚于今天（{}）", "a task cannot be done later than today ({})";
    ErrExists => "计划 {} 已存在", "plan {} exists already";

    // Questions.
    TitleConfirm => "请确认", "Please confirm";
    TitleUnsaved => "未保存的修改", "Unsaved changes";
    TitleRecover => "找回未保存的修改", "Recovered changes";
    TitleError => "出错了", "Something went wrong";
    TitleKeymap => "键位表有问题", "Problems in the keymap";
    TitleSaved => "已保存", "Saved";
    ChoiceYes => "是", "Yes";
    ChoiceNo => "否", "No";
    ChoiceSave => "保存", "Save";
    ChoiceDiscard => "放弃修改", "Discard";
    ChoiceCancel => "取消", "Cancel";
    ChoiceOk => "确定", "OK";
    ChoiceDelete => "删除", "Delete";
    ChoiceRestore => "恢复", "Restore";
    ChoiceLater => "以后再说", "Later";
    ChoiceThisWorkspace => "只用于这个工作区", "This workspace only";
    ChoiceAllGit => "用于所有 git", "All git use";
    TitleIdentity => "你的姓名和邮箱（每次修改都会记下）", "Your name and email (recorded with each change)";
    PromptIdentityName => "姓名", "Name";
    TitleSyncLogin => "登录 {}", "Log in to {}";
    PromptSyncUser => "用户名", "User name";
    PromptSyncPassword => "{} 的密码（不显示）", "Password of {} (not shown)";
    PromptIdentityEmail => "邮箱", "Email";
    IdentityNeeded => "git 还不知道你是谁：填好姓名和邮箱后继续（Esc 取消，修改不会丢）", "git does not know who you are: give a name and an email (Esc cancels, nothing is lost)";
    ErrIdentityName => "姓名里不能有 < > 或换行", "A name cannot hold <, > or line breaks";
    ErrIdentityEmail => "邮箱的样子应当像 name@example.org", "An email looks like name@example.org";
    AskKeepIdentity => "记在哪里？只用于这个工作区，还是用于你所有的 git 使用？", "Keep it for this workspace only, or for all your git use?";
    KeepIdentityWhere => "（这个工作区：.git/config；所有 git：{}）", "(this workspace: .git/config; all git use: {})";
    IdentityKept => "已记下：{}", "Kept: {}";
    IdentityCancelled => "没有记录这次修改：需要姓名和邮箱（未保存的内容还在）", "The change was not recorded: it needs a name and an email (unsaved edits are kept)";
    AskDeletePlan => "删除计划「{}」（{}）？这会生成一个提交。", "Delete the plan “{}” ({})? This makes a commit.";
    AskDeleteSection => "删除小节「{}」？", "Delete the section “{}”?";
    AskDeleteSubtree => "删除小节「{}」及其下的 {} 个小节？", "Delete the section “{}” and the {} sections under it?";
    AskDeleteTarget => "删除目标「{}」？", "Delete the target “{}”?";
    AskUnsaved => "「{}」有未保存的修改。", "“{}” has unsaved changes.";
    AskOutside => "这个计划的文件在 plandesk 外被修改过，与最近的提交或打开时不同。保存会用你现在的版本覆盖它并提交。", "This plan's file was changed outside plandesk: it differs from the last commit or from when you opened it. Saving overwrites it with your version and commits.";
    AskSubmitted => "这个计划已报送审批。保存内容修改后，它将退回草稿，需要重新报送。", "This plan is submitted for approval. Saving content changes sends it back to draft; it will need submitting again.";
    AskApproved => "这个计划已批准。保存内容修改后，它将退回草稿，需要重新审批。", "This plan is approved. Saving content changes sends it back to draft; it will need approving again.";
    RecoverChangedSince => "注意：这些修改之后，计划已有新的提交（{}）。恢复后保存时会先询问。", "Note: the plan has newer commits since these changes ({}). Saving them asks first.";
    RecoverSomeChange => "有改动", "changes";
    AskRecover => "找到「{}」（{}）未保存的修改，自动保存于 {}。", "Found unsaved changes to “{}” ({}), autosaved {}.";
    KeymapDefaultsKept => "以上按键使用默认设置。", "Those keys keep their defaults.";

    // Status line.
    Saved => "已保存 {}：{}", "Saved {}: {}";
    SavedNoChange => "没有需要保存的修改", "Nothing to save";
    ApprovalReset => "计划已退回草稿", "the plan is a draft again";
    Deleted => "已删除 {}", "Deleted {}";
    Created => "已新建 {}", "Created {}";
    Undone => "已撤销", "Undone";
    Redone => "已重做", "Redone";
    NothingToUndo => "没有可撤销的修改", "Nothing to undo";
    NothingToRedo => "没有可重做的修改", "Nothing to redo";
    CannotMove => "已经到头，不能再移动", "It cannot move further that way";
    IndentNoParent => "前面没有同级小节，不能降级", "No section before it at its level to go under";
    IndentTooDeep => "已是最深一级", "Already at the deepest level";
    OutdentTop => "已是第一级", "Already at the top level";
    ChildTooDeep => "已是最深一级，不能再加下级", "Already at the deepest level; no subsections below it";
    NoSection => "没有选中小节", "No section selected";
    NoTarget => "没有选中目标", "No target selected";
    NoPlan => "没有选中计划", "No plan selected";
    ExternalFailed => "外部编辑器出错，正文未改：{}", "The editor failed, the body is unchanged: {}";
    ExternalSame => "正文没有变化", "The body is unchanged";
    CannotOpen => "无法打开：{}", "Cannot open: {}";
    Reloaded => "已重新读取", "Reloaded";
    BusyPlans => "正在读取计划…", "reading plans…";
    BusyCompare => "正在比较…", "comparing…";
    BusyRestore => "正在恢复…", "restoring…";
    ReloadUnsaved => "有未保存的修改，先保存或撤销再重新读取", "Unsaved changes: save or undo them before reloading";
    KeymapWarning => "键位表有 {} 处问题，见 {}", "{} problems in the keymap, see {}";
    RecoveryDiscarded => "已丢弃找回的修改", "Recovered changes discarded";
    RecoveryFailed => "无法写入恢复文件：{}", "Cannot write the recovery file: {}";

    // Actions, as help and the hints show them.
    ActHelp => "帮助", "help";
    ActQuit => "退出", "quit";
    ActSave => "保存（提交）", "save (commit)";
    ActUndo => "撤销", "undo";
    ActRedo => "重做", "redo";
    ActBack => "返回", "back";
    ActPaneNext => "下一个窗格", "next pane";
    ActPanePrev => "上一个窗格", "previous pane";
    ActUp => "向上", "up";
    ActDown => "向下", "down";
    ActLeft => "向左", "left";
    ActRight => "向右", "right";
    ActPageUp => "上一页", "page up";
    ActPageDown => "下一页", "page down";
    ActTop => "到开头", "to the top";
    ActBottom => "到末尾", "to the end";
    ActLineStart => "到行首", "start of line";
    ActLineEnd => "到行尾", "end of line";
    ActWordLeft => "上一个词", "word left";
    ActWordRight => "下一个词", "word right";
    ActYearNewer => "较新的年度", "newer year";
    ActYearOlder => "较早的年度", "older year";
    ActOpenPlan => "打开", "open";
    ActNewPlan => "新建计划", "new plan";
    ActDeletePlan => "删除计划", "delete plan";
    ActReload => "重新读取", "reload";
    ActEditTitle => "改计划标题", "edit title";
    ActEditOrg => "改单位", "edit organisation";
    ActEditIntro => "改引言", "edit intro";
    ActScrollBodyDown => "正文向下翻", "scroll the body down";
    ActScrollBodyUp => "正文向上翻", "scroll the body up";
    ActEditDate => "改日期", "edit date";
    ActEditHeading => "改小节标题", "edit heading";
    ActEditBody => "编辑正文", "edit body";
    ActAddSection => "在后面加小节", "add section after";
    ActAddChild => "加下级小节", "add subsection";
    ActDeleteSection => "删除小节", "delete section";
    ActMoveUp => "小节上移", "move section up";
    ActMoveDown => "小节下移", "move section down";
    ActIndent => "降一级", "indent";
    ActOutdent => "升一级", "outdent";
    ActExternal => "用 $EDITOR 编辑正文", "edit body in $EDITOR";
    ActAddTarget => "加目标", "add target";
    ActEditTarget => "改目标", "edit target";
    ActDeleteTarget => "删除目标", "delete target";
    ActEditDone => "完成编辑", "done editing";
    ActNewline => "换行", "new line";
    ActDeleteBack => "删除前一个字", "delete back";
    ActDeleteForward => "删除后一个字", "delete forward";
    ActDeleteWord => "删除前一个词", "delete word";
    ActDeleteWordForward => "删除后一个词", "delete next word";
    ActDeleteToEnd => "删除到行尾", "delete to end of line";
    ActSelectLeft => "向左选择", "select left";
    ActSelectRight => "向右选择", "select right";
    ActSelectUp => "向上选择", "select up";
    ActSelectDown => "向下选择", "select down";
    ActSelectHome => "选择到行首", "select to line start";
    ActSelectEnd => "选择到行尾", "select to line end";
    ActSelectAll => "全选", "select all";
    ActCopy => "复制", "copy";
    ActCut => "剪切", "cut";
    ActPaste => "粘贴", "paste";
    ActAccept => "确定", "accept";
    ActCancel => "取消", "cancel";
    ActYes => "选“是”", "choose yes";
    ActNo => "选“否”", "choose no";
    ActChooseSave => "选“保存”", "choose save";
    ActChooseDiscard => "选“放弃修改”", "choose discard";

    // The month board and the agenda.
    CtxBoard => "月度任务", "Month board";
    CtxAgenda => "本月任务（各计划）", "Agenda";
    ActOpenBoard => "打开月度任务", "open the month board";
    ActOpenAgenda => "本月各计划任务", "this month's tasks of all plans";
    ActMonthPrev => "上个月", "previous month";
    ActMonthNext => "下个月", "next month";
    ActTaskTick => "完成（今天，立即提交）", "tick done today (commits)";
    ActTaskTickOn => "完成于某日（立即提交）", "tick done on a date (commits)";
    ActTaskUntick => "改回未完成（立即提交）", "untick (commits)";
    ActTaskDrop => "取消任务（立即提交）", "drop the task (commits)";
    ActTaskAdd => "添加任务", "add a task";
    ActTaskEdit => "修改任务内容", "edit the task's text";
    ActTaskDelete => "删除任务", "delete the task";
    ActTaskMonth => "改到别的月份", "move to another month";
    ActTaskOwner => "设置负责人", "set the owner";
    ActCarryOver => "结转到下一年", "carry over to next year";
    ActSummaryDraft => "生成年终总结草稿", "year-end summary draft";
    BoardTitle => "月度任务", "Month board";
    BoardYear => "全年", "Year";
    BoardOverdue => "逾期 {}", "{} overdue";
    BoardNoTasks => "还没有任务。按 {} 添加。", "No tasks yet. Press {} to add one.";
    BoardUnsaved => "有未保存的修改", "unsaved changes";
    MarkOverdue => "逾期", "overdue";
    Ticked => "已完成并提交 {}：{}", "Ticked, commit {}: {}";
    Unticked => "已改回未完成并提交 {}：{}", "Unticked, commit {}: {}";
    Dropped => "已取消并提交 {}：{}", "Dropped, commit {}: {}";
    TickUnchanged => "没有变化：{}", "Nothing changed: {}";
    TaskNotSaved => "这个任务还没有保存；先保存（{}）再勾选", "This task is not saved yet; save ({}) before ticking it";
    TickOutside => "文件在 plandesk 之外改过；先重新读取", "The file was changed outside plandesk; reload it first";
    NoTask => "没有选中任务", "No task selected";
    PromptDoneOn => "完成日期（如 2024-03-25 或 2024年3月25日）", "Done on (e.g. 2024-03-25)";
    PromptTaskText => "任务内容", "Task";
    PromptTaskMonth => "月份（1-12 或 三月）", "Month (1-12 or its name)";
    PromptOwner => "负责人（可空）", "Owner (may be empty)";
    ErrMonth => "月份写作 1 到 12，或 一月 到 十二月", "A month is 1 to 12, or its name (March)";
    AskDeleteTask => "删除任务「{}」？", "Delete the task 「{}」?";
    AgendaTitle => "{} · 各计划任务（今天 {}）", "{} · tasks of all plans (today {})";
    AgendaOverdue => "逾期（之前的月份）", "Overdue (earlier months)";
    AgendaThisMonth => "本月", "This month";
    AgendaNone => "本月没有任务", "No tasks this month";
    AgendaNoYear => "还没有计划", "No plans yet";
    TitleCarryOver => "结转到下一年", "Carry over to next year";
    PromptCarryId => "新计划编号（年份/文件名）", "New plan id (year/file-name)";
    CarriedOver => "已结转为 {}", "Carried over to {}";
    AskOpenSummary => "总结草稿 {} 已经有了。打开它吗？", "The summary draft {} exists already. Open it?";
    SummaryCreated => "已生成总结草稿 {}", "Summary draft created: {}";
    NoSourcePlan => "没有可用的计划", "No plan to start from";
    ActExport => "导出为 Word 文档（.docx）", "export as a Word document (.docx)";
    ActImport => "导入文件（.txt 或 .docx）为计划", "import a file (.txt or .docx) as plans";
    ActOpenConflicts => "同步留下的冲突（逐条解决）", "conflicts a sync left (resolve them one by one)";
    ActTakeOurs => "采用本机的版本", "take ours (this side's)";
    ActTakeTheirs => "采用对方的版本", "take theirs (the remote's)";
    ActEditConflict => "自己改写（Esc 完成并解决）", "edit the text (Esc resolves with it)";
    ConflictsTitle => "冲突：{}（{}/{}）", "Conflicts: {} ({}/{})";
    ConflictsNone => "这个计划没有同步冲突", "this plan has no conflicts from a sync";
    ConflictsAllResolved => "冲突都已解决", "every conflict is resolved";
    ConflictsWarning => "{} 处同步冲突待解决（{}）", "{} conflicts from a sync to resolve ({})";
    ConflictsMark => "冲突{}", "!{}";
    ConflictBase => "共同的原版", "base";
    ConflictOurs => "本机（ours）", "ours";
    ConflictTheirs => "对方（theirs）", "theirs";
    ConflictDeleted => "（已删除）", "(deleted)";
    ConflictNewBoth => "（两边都新建）", "(new on both sides)";
    ConflictEdit => "改写后按 Esc 以此解决", "edit, then Esc resolves with this text";
    ConflictHint => "{} 本机 · {} 对方 · {} 改写 · {} 返回", "{} ours · {} theirs · {} edit · {} back";
    ConflictResolved => "已解决 {}（{}，提交 {}）；还剩 {} 处", "resolved {} ({}, commit {}); {} left";
    ConflictPlanDeleted => "已解决：计划已删除（提交 {}）", "resolved: the plan is deleted (commit {})";
    ConflictOurs1 => "本机", "ours";
    ConflictTheirs1 => "对方", "theirs";
    ConflictText1 => "改写", "your text";
    PlacePlan => "整个计划", "the plan";
    PlaceSection => "章节「{}」", "section 「{}」";
    PlaceTarget => "目标「{}」", "target 「{}」";
    PlaceTask => "{}任务「{}」", "{} task 「{}」";
    PlaceGone => "已不在计划中的条目", "an item no longer in the plan";
    WhyConflicts => "还有 {} 处同步冲突未解决（{} 查看）", "has {} conflicts from a sync still to resolve ({} shows them)";
    SavedMerged => "已保存 {}：{}（与另一处同时的修改合并）", "Saved {}: {} (merged with another change made meanwhile)";
    SavedMergedConflicts => "已保存 {}：与另一处同时的修改合并，{} 处冲突留待解决（{}）", "Saved {}: merged with another change made meanwhile; {} conflicts kept to resolve ({})";
    TitleExport => "导出为 .docx", "Export as .docx";
    PromptExportPath => "保存为（相对于 {}）", "Save as (relative to {})";
    AskOverwrite => "{} 已存在，覆盖它吗？", "{} exists already. Write over it?";
    ExportFailed => "无法导出：{}", "Cannot export: {}";
    Exported => "已将 {} 导出到 {}", "Exported {} to {}";
    ExportedSavedOnly => "已将 {} 已保存的版本导出到 {}（未保存的修改不在其中）", "Exported the saved version of {} to {} (unsaved edits are not in it)";
    TitleImport => "导入计划", "Import plans";
    PromptImportPath => "要导入的文件（.txt 或 .docx）或文件夹", "File to import (.txt or .docx), or a folder";
    ErrEmptyFolder => "文件夹 {} 中没有 .txt 或 .docx 文件", "The folder {} has no .txt or .docx file";
    ImportedFolder => "已导入 {} 个计划（来自文件夹 {}，共 {} 个文件）", "Imported {} plan(s) from the folder {} ({} files)";
    FilesRefused => "{} 个文件未导入：", "{} file(s) not imported:";
    ErrNotAPlan => "在 {} 中没有找到计划（需要标题和年份）", "No plan found in {} (a plan needs a title with its year)";
    ErrOldWord => "{} 是旧版 Word 文档（.doc/.wps），无法读取；请在 Word 或 WPS 中另存为 .docx 再导入", "{} is an old Word document (.doc/.wps), which plandesk cannot read; save it as .docx in Word or WPS and import that";
    ErrNoFile => "文件 {} 不存在；请检查路径", "There is no file {}; check the path";
    ErrImport => "无法导入 {}：{}", "Cannot import {}: {}";
    Imported => "已导入 {} 个计划（来自 {}）：{}", "Imported {} plan(s) from {}: {}";
    ImportedUnplaced => "；{} 行未能归入计划（命令行 plandesk import --dry-run 可查看）", "; {} line(s) not placed (plandesk import --dry-run shows them)";
    ActOpenHistory => "历史（计划列表：全部；计划视图：本计划）", "history (plan list: all; plan view: this plan)";
    ActShowDiff => "查看这次提交的修改（或与标记的提交比较）", "show this commit's changes (or compare with the marked one)";
    ActMarkRevision => "标记/取消标记一个提交，用来比较", "mark / unmark a commit to compare with";
    ActRestoreRevision => "把计划恢复到这个提交", "restore the plan to this commit";
    ActSinceApproval => "批准以来的修改", "changes since approval";
    ActToggleRaw => "切换：逐项比较 / 原始 TOML", "switch: item by item / raw TOML";
    ActSubmit => "报送审批", "submit for approval";
    ActApprove => "批准", "approve";
    ActReturnPlan => "退回（需写理由）", "return (with a note)";

    // History and diff.
    HistoryAll => "历史：全部计划", "History: all plans";
    CommitNew => "新建", "new";
    CommitEdit => "修改", "edit";
    CommitDelete => "删除", "delete";
    CommitTick => "完成", "tick";
    CommitUntick => "撤销完成", "untick";
    CommitDrop => "取消任务", "drop";
    CommitImport => "导入", "import";
    CommitSubmit => "报送", "submit";
    CommitApprove => "批准", "approve";
    CommitReturn => "退回", "return";
    CommitRestore => "恢复", "restore";
    CommitMerge => "合并", "merge";
    CommitResolve => "解决冲突", "resolve";
    HistoryOf => "历史：{}", "History: {}";
    HistoryLoading => "正在读取历史…", "reading history…";
    HistoryCount => "{} 个提交", "{} commits";
    HistoryMore => "{} 个提交，还有更多", "{} commits, more to come";
    HistoryEmpty => "还没有提交。", "No commits yet.";
    RowLoading => "…", "…";
    MarkedAt => "已标记 {}：按 {} 与它比较", "marked {}: press {} to compare with it";
    Unmarked => "已取消标记", "mark cleared";
    NoPlanInCommit => "提交 {} 没有 Plan: 标记，不知道比较哪个计划", "commit {} names no plan (no Plan: trailer), so there is nothing to compare";
    NoPlanHere => "这里没有可比较的计划", "no plan to compare here";
    NeverApproved => "{} 还没有被批准过，没有可比较的批准版本", "{} has never been approved, so there is no approved revision to compare with";
    DiffTitle => "{}：{} → {}", "{}: {} → {}";
    DiffRaw => "原始 TOML", "raw TOML";
    DiffSemantic => "逐项", "item by item";
    DiffNone => "没有修改。", "No changes.";
    DiffUnreadable => "无法按计划读取，显示原始差异：{}", "cannot be read as a plan, showing the raw diff: {}";
    WorkingTree => "工作区", "working tree";
    Nothing => "（无）", "(nothing)";
    DiffHeader => "基本信息", "Header";
    FieldTitle => "标题", "title";
    FieldYear => "年份", "year";
    FieldKind => "类型", "kind";
    FieldOrg => "单位", "org";
    FieldDate => "日期", "date";
    FieldNumbering => "编号方式", "numbering";
    FieldIntro => "前言", "intro";
    FieldSchedule => "进度安排", "schedule";
    SinceApprovalUnsaved => "未保存的修改不在比较之内（比较的是文件）", "unsaved changes are not in this comparison (it reads the file)";
    DiffSections => "小节", "Sections";
    DiffTargets => "目标", "Targets";
    DiffTasks => "任务", "Tasks";
    DiffApproval => "审批", "Approval";
    DiffMoved => "移动，原为 {}", "moved, was {}";
    DiffRenumbered => "重新编号，原为 {}", "renumbered, was {}";
    DiffEdited => "已修改", "edited";
    DiffHeading => "标题：", "heading: ";
    DiffBody => "正文：", "body:";
    DiffTicked => "已完成", "ticked";
    DiffUnticked => "取消完成", "unticked";
    DiffDropped => "已放弃", "dropped";
    DiffMonthMoved => "从{}移到{}", "moved from {} to {}";
    DiffTextEdited => "文字已修改", "text edited";
    DiffStatus => "状态 {} → {}", "status {} → {}";
    DiffTargetFigure => "目标 ", "target ";
    DiffTargetActual => "完成 ", "reached ";
    DiffBy => "，{}", " by {}";
    AskRestore => "把 {} 恢复到 {}（{}）？这会生成一个新提交，不改写历史。", "Restore {} to {} ({})? This makes a new commit; nothing is rewritten.";
    TitleRestore => "恢复", "Restore";
    RestoredAs => "已恢复到 {}，新提交 {}", "restored to {} as commit {}";
    RestoredSame => "计划已经与 {} 相同，没有提交", "the plan already stands as at {}; nothing to commit";
    RestoredDraft => "恢复后为草稿：恢复不是批准", "it is a draft now: a restore is not an approval";
    SaveFirst => "有未保存的修改：请先保存（{}）", "there are unsaved changes: save first ({})";
    PromptNoteOptional => "说明（可留空）", "Note (may be empty)";
    PromptNoteReturn => "退回理由", "Why it is returned";
    TitleSubmit => "报送审批：{}", "Submit: {}";
    TitleApprove => "批准：{}", "Approve: {}";
    TitleReturn => "退回：{}", "Return: {}";
    DidSubmit => "已报送 {}（提交 {}）", "submitted {} (commit {})";
    DidApprove => "已批准 {}（提交 {}）", "approved {} (commit {})";
    DidReturn => "已退回 {}（提交 {}）", "returned {} (commit {})";
    ReturnedWhy => "退回理由：{}（{}）", "Returned: {} ({})";
    CannotStep => "无法{} {}：它{}", "Cannot {} {}: it {}";
    WhySubmittedAlready => "已报送，正等待审批人批准或退回", "is submitted already and waits for an approver to approve or return it";
    WhyApprovedSubmit => "已批准；修改内容并保存后会退回草稿，那时可以再报送", "is approved already; a content edit sends it back to draft, then it can be submitted again";
    WhyApprovedAlready => "已经批准过了", "is approved already";
    WhyReturnedApprove => "已被退回，需要重新报送后才能批准", "was returned; it must be submitted again before it can be approved";
    WhyDraftReturn => "还是草稿，从未报送；只有已报送或已批准的计划可以退回", "is a draft that was never submitted; only a submitted or approved plan can be returned";
    WhyReturnedAlready => "已经退回过了", "was returned already";
    NotAnApprover => "你（{}）不在审批人名单中，不能{}计划。plandesk.toml 列出的审批人：{}", "You ({}) are not among the approvers, so you cannot {} plans. plandesk.toml lists: {}";
    NoApprovers => "（无）", "(none)";
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The labels of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels {
    pub lang: Lang,
}

impl Labels {
    pub fn new(lang: Lang) -> Labels {
        Labels { lang }
    }

    pub fn get(&self, l: L) -> &'static str {
        l.text(self.lang)
    }

    /// A month's name: 三月, March.
    pub fn month(&self, month: u8) -> String {
        match self.lang {
            Lang::Zh => crate::model::schedule::month_name(month),
            Lang::En => MONTHS_EN
                .get(usize::from(month).wrapping_sub(1))
                .map_or_else(|| month.to_string(), |m| (*m).to_string()),
        }
    }

    /// A month of a year: 2024年三月, March 2024.
    pub fn month_of_year(&self, year: i32, month: u8) -> String {
        match self.lang {
            Lang::Zh => format!("{year}年{}", self.month(month)),
            Lang::En => format!("{} {year}", self.month(month)),
        }
    }

    /// The label with each `{}` filled by the next argument.
    pub fn fmt(&self, l: L, args: &[&dyn Display]) -> String {
        let mut out = String::new();
        let mut args = args.iter();
        let mut parts = self.get(l).split("{}").peekable();
        while let Some(part) = parts.next() {
            out.push_str(part);
            if parts.peek().is_some()
                && let Some(a) = args.next()
            {
                out.push_str(&a.to_string());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_both_languages_with_the_same_blanks() {
        for l in L::ALL {
            let zh = l.text(Lang::Zh);
            let en = l.text(Lang::En);
            assert!(!zh.is_empty() && !en.is_empty(), "{l:?}");
            assert_eq!(zh.matches("{}").count(), en.matches("{}").count(), "{l:?}");
        }
    }

    #[test]
    fn locale_picks_the_language() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh_TW"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale(""), Lang::En);
    }

    #[test]
    fn blanks_are_filled_in_order() {
        let zh = Labels::new(Lang::Zh);
        assert_eq!(
            zh.fmt(L::Saved, &[&"abc1234", &"二、围绕中心…"]),
            "已保存 abc1234：二、围绕中心…"
        );
        let en = Labels::new(Lang::En);
        assert_eq!(
            en.fmt(L::TooSmall, &[&10, &3, &40, &10]),
            "Terminal too small: 10×3, needs 40×10"
        );
    }
}
