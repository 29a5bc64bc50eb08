# tests/top/top-lib.sh - helpers for tests/top/*.t, sourced after tests/lib.sh.
#
# top reads its rcfile from $HOME/.config/procps/toprc (or $XDG_CONFIG_HOME/procps/toprc),
# so each run gets a private HOME holding one of tests/top/fixtures/ (see fixtures/README.md).

# top_home NAME FIXTURE [SED-EXPR]: make $T_TMP/home-NAME with FIXTURE as its rcfile,
# optionally edited by SED-EXPR (for a one-value variant, e.g. 's/double_up=0/double_up=1/'),
# or without any rcfile (top's defaults) if FIXTURE is "-"; prints the directory
top_home() {
    local h
    h=$T_TMP/home-$(printf '%s' "$1" | tr -c 'A-Za-z0-9_.-' _)
    mkdir -p "$h/.config/procps"
    if [ "$2" = - ]; then
        :
    elif [ -n "${3:-}" ]; then
        sed -e "$3" "$ROOT/tests/top/fixtures/$2" > "$h/.config/procps/toprc"
    else
        cp "$ROOT/tests/top/fixtures/$2" "$h/.config/procps/toprc"
    fi
    printf '%s\n' "$h"
}

# top_out NAME SNAP HOME [--frame N] -- TOP-ARGS...: run $BIN/top under the replay runner (as
# t_replay_out does, plus HOME and an optional start frame); stdout to the file named by $TOP_OUT
# ($T_TMP/NAME.out). On a non-zero exit or a sanitizer report prints a FAIL line and returns 1.
top_out() {
    local name=$1 snap=$2 home=$3 frame=() rc=0
    shift 3
    if [ "$1" = --frame ]; then frame=(--frame "$2"); shift 2; fi
    [ "$1" = -- ] && shift
    local out=$T_TMP/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' _).out
    TOP_OUT=$out
    HOME=$home XDG_CONFIG_HOME=$home/.config "$REPLAY" "${frame[@]}" "$SNAPS/$snap" -- "$BIN/top" "$@" \
        > "$out" 2> "$out.err" < /dev/null || rc=$?
    if t_sanitizer_report "$out.err" > "$out.san"; then
        t_fail "$name" "sanitizer report: $(tr '\n' ' ' < "$out.san")"
        return 1
    fi
    if [ $rc -ne 0 ]; then
        t_fail "$name" "exit status $rc; stderr: $(head -c 400 "$out.err" | tr '\n' ' ')"
        return 1
    fi
    return 0
}

# t_same NAME EXPECTED ACTUAL: pass if the files are equal, else fail with the diff
t_same() {
    if diff -u "$2" "$3" > "$3.diff"; then
        t_pass "$1"
    else
        t_fail "$1" "output differs from expected/$(basename "$2"):"
        sed 's/^/    /' "$3.diff"
    fi
}

# strip: top ends each summary line with a blank (and batch mode adds no attributes); drop it
strip() { sed 's/ *$//'; }

# task_rows PIDS < top-output: per display, the column header and the rows of PIDS, in that order
task_rows() {
    awk -v pids="$1" '
        BEGIN { n = split(pids, want, " ") }
        /^top - / { if (nd) flush(); nd++; delete row; hdr = ""; next }
        /^ *PID / { hdr = $0; next }
        hdr != "" && NF { row[$1] = $0 }
        function flush(   i) { print hdr; for (i = 1; i <= n; i++) if (want[i] in row) print row[want[i]] }
        END { if (nd) flush() }' | strip
}
