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

# top_keys NAME SNAP HOME COLSxROWS -- TOP-ARGS...: run $BIN/top INTERACTIVELY under the replay runner in
# a detached tmux session of COLSxROWS (a private tmux server, socket in $T_TMP), drive it with the steps of
# the array TOP_STEPS, wait for top to end and write the final screen to the file named by $TOP_OUT
# ($T_TMP/NAME.out). Returns 1 after a FAIL line if a step times out, top fails or a sanitizer reports.
#
# TOP_STEPS holds pairs KEY TEXT: send KEY (a tmux key name: 3, Enter, ...) and wait until the screen
# shows TEXT (grep -F). Each TEXT must prove that top has taken the key in: top discards type-ahead
# (tcflush after every read), so the next key may only go out once top is past that.
# Before the first step the helper waits for top's first screen ("Tasks:"); keys typed earlier would be
# flushed when top sets up the terminal.
#
# Why interactive top is deterministic here: the replay shim advances a frame on every wait with a
# positive timeout and then reports "no input", so keys can only be read with -d 0 (a zero timeout is a
# real poll of the terminal) and top then loops on the current frame (its deltas there are zero). The
# steps end with `d' 1 Enter: from then on each refresh waits 1 s, i.e. takes the next frame, until top
# runs past the snapshot's last frame and the shim stops it with SIGINT. So the final screen always shows
# the delta of the last two frames, in the views the steps selected, whatever the timing.
top_keys() {
    local name=$1 snap=$2 home=$3 size=$4 cmd i key text dead status
    shift 4
    [ "$1" = -- ] && shift
    local base=$T_TMP/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' _)
    local sock=$T_TMP/tk$RANDOM.sock sockdir=
    if [ ${#sock} -gt 100 ]; then   # a unix socket path has at most 107 bytes
        sockdir=$(mktemp -d /tmp/topkeys.XXXXXX) && sock=$sockdir/s
    fi
    TOP_OUT=$base.out
    if ! command -v tmux > /dev/null 2>&1; then
        t_fail "$name" "tmux is not installed (tools/deps check installs it)"
        return 1
    fi
    printf 'set -g remain-on-exit on\nset -g history-limit 0\n' > "$base.tmux.conf"
    # Sanitizer reports go to files: interactive top sends its stderr to /dev/null while it runs.
    # The suppression is for a false positive of GCC 12's libsanitizer: its setbuffer() interceptor
    # marks BUFSIZ (8192) bytes as written whatever the size passed, and top (whack_terminal) gives
    # stdout a 2048-byte buffer -- "global-buffer-overflow ... WRITE of size 8192 ... Stdout_buf".
    printf 'interceptor_name:setbuffer\n' > "$base.supp"
    rm -f "$base.san-log".*
    cmd=$(printf '%q ' env -u TMUX TERM=screen HOME="$home" XDG_CONFIG_HOME="$home/.config" \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}suppressions=$base.supp:log_path=$base.san-log" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$base.san-log" \
        "$REPLAY" "$SNAPS/$snap" -- "$BIN/top" "$@")
    # (the exit status goes to a file: tmux 3.3 does not always record #{pane_dead_status})
    rm -f "$base.status"
    cmd="$cmd 2> $(printf '%q' "$base.err"); echo \$? > $(printf '%q' "$base.status")"
    # tm: our private tmux server (also when the tests themselves run inside tmux)
    tm() { env -u TMUX tmux -S "$sock" "$@"; }
    # screen: the pane shows what top drew (capture-pane drops colours and trailing blanks)
    screen() { tm capture-pane -p -t keys 2> /dev/null; }
    waitfor() {   # TEXT: up to 60 s (the sanitizer build is slow)
        local n=0
        until screen | grep -q -F -- "$1"; do
            [ "$(tm display-message -p -t keys '#{pane_dead}' 2> /dev/null)" = 1 ] && return 1
            n=$((n + 1)); [ $n -gt 1200 ] && return 1
            sleep 0.05
        done
    }
    why() {   # what went wrong besides: top's stderr and any sanitizer report
        cat "$base.err" "$base.san-log".* > "$base.err+san" 2> /dev/null
        if t_sanitizer_report "$base.err+san" > "$base.san"; then
            printf 'sanitizer report: %s' "$(tr '\n' ' ' < "$base.san")"
        else
            printf 'exit status %s; stderr: %s' "$(cat "$base.status" 2> /dev/null)" "$(head -c 400 "$base.err" | tr '\n' ' ')"
        fi
    }
    tm -f "$base.tmux.conf" new-session -d -s keys -x "${size%x*}" -y "${size#*x}" "$cmd"
    local ok=1
    if ! waitfor "Tasks:"; then
        ok=0; t_fail "$name" "top did not draw its first screen ($(why)): $(screen | grep -v '^ *$' | head -n 3 | tr '\n' '|')"
    fi
    i=0
    while [ $ok = 1 ] && [ $i -lt ${#TOP_STEPS[@]} ]; do
        key=${TOP_STEPS[i]} text=${TOP_STEPS[i + 1]}
        tm send-keys -t keys "$key"
        if [ -n "$text" ] && ! waitfor "$text"; then
            ok=0; t_fail "$name" "after key '$key' the screen never showed '$text' ($(why)); it shows: $(screen | grep -v '^ *$' | tail -n 4 | tr '\n' '|')"
        fi
        i=$((i + 2))
    done
    # top ends by itself (past the last frame); wait for that
    local n=0
    while [ $ok = 1 ]; do
        dead=$(tm display-message -p -t keys '#{pane_dead}' 2> /dev/null)
        [ "$dead" = 1 ] && break
        n=$((n + 1))
        if [ $n -gt 1200 ]; then ok=0; t_fail "$name" "top did not end after the last step"; fi
        sleep 0.05
    done
    if [ $ok = 1 ]; then
        screen > "$TOP_OUT"
        status=$(cat "$base.status" 2> /dev/null)
    fi
    tm kill-server 2> /dev/null
    [ -n "$sockdir" ] && rm -rf "$sockdir"
    [ $ok = 1 ] || return 1
    # the runner's "ran past the last frame" line on stderr is expected: that is how top ends here
    cat "$base.err" "$base.san-log".* > "$base.err+san" 2> /dev/null
    if t_sanitizer_report "$base.err+san" > /dev/null || [ "$status" != 0 ]; then
        t_fail "$name" "$(why)"
        return 1
    fi
    return 0
}
