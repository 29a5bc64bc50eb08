# tests/lib.sh - helpers for the tests/*/*.t scripts (see tests/CONVENTIONS.md).
# Sourced, not run. Every result line goes through t_pass/t_fail/t_skip, which tests/run-all counts.

: "${ROOT:?tests/lib.sh: ROOT is not set (run the tests through tests/run-all or make check)}"
: "${BIN:=$ROOT/build/bin}" "${REPLAY:=$ROOT/tests/replay/run}" "${SNAPS:=$ROOT/tests/snapshots}"
: "${VARIANT:=release}" "${T_TMP:=$(mktemp -d)}"

t_pass() { printf 'PASS %s\n' "$1"; }
t_fail() { printf 'FAIL %s: %s\n' "$1" "$2"; }
t_skip() { printf 'SKIP %s: %s\n' "$1" "$2"; }

# t_sanitizer_report FILE: print the first lines of a sanitizer report found in FILE; status 0 if there is one
t_sanitizer_report() {
    grep -q -E 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|SUMMARY: (Address|Undefined)' "$1" 2>/dev/null || return 1
    grep -m 3 -E 'ERROR: |runtime error:|SUMMARY:' "$1"
    return 0
}

# t_replay_out SNAP OUTFILE -- CMD [ARGS...]
# Runs $BIN/CMD under the replay runner on $SNAPS/SNAP; stdout to OUTFILE, stderr to OUTFILE.err.
# Returns non-zero and prints why on stderr when the command failed or a sanitizer reported.
t_replay_out() {
    local snap=$1 out=$2
    shift 2
    [ "$1" = -- ] && shift
    local cmd=$1
    shift
    local rc=0
    "$REPLAY" "$SNAPS/$snap" -- "$BIN/$cmd" "$@" > "$out" 2> "$out.err" < /dev/null || rc=$?
    if t_sanitizer_report "$out.err" > "$out.san"; then
        echo "sanitizer report: $(tr '\n' ' ' < "$out.san")" >&2
        return 1
    fi
    if [ $rc -ne 0 ]; then
        echo "exit status $rc; stderr: $(head -c 400 "$out.err" | tr '\n' ' ')" >&2
        return 1
    fi
    return 0
}

# t_replay_diff NAME SNAP EXPECTED -- CMD [ARGS...]
t_replay_diff() {
    local name=$1 snap=$2 expected=$3
    shift 3
    local out=$T_TMP/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' _).out why
    if ! why=$(t_replay_out "$snap" "$out" "$@" 2>&1); then
        t_fail "$name" "$why"
        return 0
    fi
    if diff -u "$expected" "$out" > "$out.diff"; then
        t_pass "$name"
    else
        t_fail "$name" "output differs from $(basename "$expected"):"
        sed 's/^/    /' "$out.diff"
    fi
}
