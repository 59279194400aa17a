#!/usr/bin/env bash
# plandesk side by side with the git CLI on the generated county workspaces
# (3,000 plans over 40 years; 20,000 and 100,000 commits; see
# benches/support/mod.rs), printed as a markdown table.
#
#   benches/compare.sh                      both sizes
#   PLANDESK_BENCH_SIZES=20000 benches/compare.sh
#   RUNS=20 benches/compare.sh              more runs per figure (default 10)
#
# Needs hyperfine (apt-get install -y hyperfine, or cargo install hyperfine),
# tmux, jq and GNU time (/usr/bin/time; apt-get install -y time). Builds the
# release binary, makes or reuses the workspaces under
# target/bench-workspaces/, and measures on a throwaway copy of each, so
# the cached workspaces are never written to.

set -euo pipefail

# A hidden mode, run by hyperfine: start the UI in a fresh tmux window and
# return once the first plan's title is on screen.
if [[ "${1:-}" == "--first-frame" ]]; then
    sock=$2 cmd=$3 title=$4
    session="f$$"
    tmux -L "$sock" new-session -d -s "$session" -x 160 -y 48 "$cmd"
    for _ in $(seq 1 3000); do
        if tmux -L "$sock" capture-pane -p -t "$session" 2>/dev/null | grep -qF -- "$title"; then
            tmux -L "$sock" kill-session -t "$session"
            exit 0
        fi
        sleep 0.005
    done
    tmux -L "$sock" kill-session -t "$session" 2>/dev/null || true
    echo "the title never appeared: $title" >&2
    exit 1
fi

cd "$(dirname "$0")/.."
missing=0
for tool in hyperfine tmux jq /usr/bin/time git; do
    if ! command -v "$tool" >/dev/null; then
        echo "compare.sh needs $tool: apt-get install -y ${tool##*/} (hyperfine also: cargo install hyperfine)" >&2
        missing=1
    fi
done
[[ $missing == 0 ]] || exit 1

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
RUNS=${RUNS:-10}
cargo build --release --locked --bin plandesk >&2
BIN=$CARGO_TARGET_DIR/release/plandesk
SELF=$PWD/benches/compare.sh

# Makes the workspaces when missing; prints "<commits> <folder>" lines.
mapfile -t WORKSPACES < <(cargo bench --locked --bench generate 2>/dev/null | grep -E '^[0-9]+ /')
if [[ ${#WORKSPACES[@]} == 0 ]]; then
    echo "no workspace was generated; run cargo bench --bench generate to see why" >&2
    exit 1
fi

SCRATCH=$(mktemp -d "$CARGO_TARGET_DIR/bench-workspaces/compare.XXXXXX")
SOCK="plandesk-compare-$$"
cleanup() {
    tmux -L "$SOCK" kill-server 2>/dev/null || true
    rm -rf "$SCRATCH"
}
trap cleanup EXIT
# One tmux server for all runs, so a run does not pay for starting it.
tmux -L "$SOCK" new-session -d -s keep -x 80 -y 24

# Mean and standard deviation in ms of hyperfine run $2 of json $1.
ms() {
    jq -r ".results[$2] | \"\\(.mean * 1000 | round) ± \\(.stddev * 1000 | round) ms\"" "$1"
}
ratio() {
    jq -r "(.results[0].mean / .results[1].mean * 10 | round / 10 | tostring) + \"x\"" "$1"
}
ratio_of() { # two json files, run 0 of each
    jq -rn --slurpfile a "$1" --slurpfile b "$2" \
        '($a[0].results[0].mean / $b[0].results[0].mean * 10 | round / 10 | tostring) + "x"'
}
hf() { # json, then the commands
    local out=$1
    shift
    hyperfine --style none --warmup 2 --runs "$RUNS" --export-json "$out" "$@" >&2
}
peak_mb() { # the largest of three runs' maximum resident set size (as time -v reports it), in MB
    local best=0 kb
    for _ in 1 2 3; do
        kb=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
        ((kb > best)) && best=$kb
    done
    echo "$((best / 1024)) MB"
}

echo "machine: $(nproc) cores; load at start: $(uptime | sed 's/.*load average: //')"
echo "plandesk: $(git rev-parse --short HEAD) ($(git rev-parse --abbrev-ref HEAD)), release build; $(git --version); $(hyperfine --version)"

for line in "${WORKSPACES[@]}"; do
    commits=${line%% *}
    src=${line#* }
    # shellcheck disable=SC1091
    source "$src/.git/bench.env"
    W=$SCRATCH/ws-$commits
    cp -a "$src" "$W"
    git -C "$W" status --porcelain >/dev/null # refresh the copy's index stat data
    d=$SCRATCH/$commits
    mkdir -p "$d"
    P="$BIN --repo $W"

    hf "$d/list.json" -N "$P list" "git -C $W status --porcelain"
    hf "$d/list-cold.json" --prepare "rm -rf $W/.git/plandesk" "$P list"
    hf "$d/log.json" -N "$P log $BUSY_PLAN" "git -C $W log -- $BUSY_FILE"

    # The same two changes through git: the file as plandesk's tick and untick
    # leave it, each committed with `git commit -a` and the same message.
    ORIG=$SCRATCH/orig.toml TICKED=$SCRATCH/ticked.toml
    PLAN_FILE=$W/plans/$TICK_PLAN.toml
    cp "$PLAN_FILE" "$ORIG"
    $P tick "$TICK_PLAN" "$TICK_TASK" --on 2026-11-20 >/dev/null
    cp "$PLAN_FILE" "$TICKED"
    $P tick "$TICK_PLAN" "$TICK_TASK" --undo >/dev/null
    cmp -s "$PLAN_FILE" "$ORIG" || echo "warning: tick + undo did not give the file back" >&2
    git_tick="cp $TICKED $PLAN_FILE && git -C $W commit -qa -m 'Tick $TICK_PLAN' -m 'Plan: $TICK_PLAN
Action: tick' && cp $ORIG $PLAN_FILE && git -C $W commit -qa -m 'Untick $TICK_PLAN' -m 'Plan: $TICK_PLAN
Action: untick'"
    hf "$d/tick.json" \
        "$P tick $TICK_PLAN $TICK_TASK --on 2026-11-20 >/dev/null && $P tick $TICK_PLAN $TICK_TASK --undo >/dev/null" \
        "$git_tick"

    hf "$d/frame.json" \
        "bash $SELF --first-frame $SOCK '$P' '$FIRST_TITLE'" \
        "bash $SELF --first-frame $SOCK 'echo $FIRST_TITLE; sleep 5' '$FIRST_TITLE'"
    hf "$d/status.json" -N "git -C $W status"

    mem_pd=$(peak_mb $P log "$BUSY_PLAN")
    mem_git=$(peak_mb git -C "$W" log -- "$BUSY_FILE")

    echo
    echo "### $commits commits, 3,000 plans (load now: $(uptime | sed 's/.*load average: //'))"
    echo
    echo "| work | plandesk | git CLI | ratio |"
    echo "|---|---|---|---|"
    echo "| \`plandesk list\` (warm) vs \`git status --porcelain\` | $(ms "$d/list.json" 0) | $(ms "$d/list.json" 1) | $(ratio "$d/list.json") |"
    echo "| \`plandesk list\` (cold: no .git/plandesk) vs \`git status --porcelain\` | $(ms "$d/list-cold.json" 0) | $(ms "$d/list.json" 1) | $(ratio_of "$d/list-cold.json" <(jq '{results: [.results[1]]}' "$d/list.json")) |"
    echo "| first frame in tmux (start to first plan title) vs \`git status\` | $(ms "$d/frame.json" 0) | $(ms "$d/status.json" 0) | $(ratio_of "$d/frame.json" "$d/status.json") |"
    echo "| (the tmux harness alone: \`echo TITLE\` in a new window) | $(ms "$d/frame.json" 1) | | |"
    echo "| \`plandesk log $BUSY_PLAN\` vs \`git log -- $BUSY_FILE\` (commit-graph with changed paths) | $(ms "$d/log.json" 0) | $(ms "$d/log.json" 1) | $(ratio "$d/log.json") |"
    echo "| \`tick\` + \`tick --undo\` vs the same two changes by \`git commit -a\` | $(ms "$d/tick.json" 0) | $(ms "$d/tick.json" 1) | $(ratio "$d/tick.json") |"
    echo "| peak memory of \`plandesk log PLAN\` vs \`git log -- FILE\` | $mem_pd | $mem_git | |"
    rm -rf "$W"
done
