#!/usr/bin/env bash
# top on a /proc/PID/stat whose command name (between the parentheses) is 100 bytes long: libproc2's
# stat2proc() copied it into a 64-byte stack buffer without a bound (upstream bug, fixed by the series
# patch 0200 and upstream/bugs/procps-ng/0005). The kernel keeps a comm within 64 bytes; a fake /proc
# (container runtime, FUSE, a replayed snapshot) does not have to.
#
# The snapshot is stat-width-10 with pid 1's comm "systemd" replaced, in every frame, by
# "0123456789" ten times (100 bytes); it is derived into the scratch directory, not stored.
# Expected, worked out by hand: the library keeps sizeof(raw) - 1 = 63 bytes, i.e. six times
# "0123456789" then "012"; top's COMMAND column (last; toprc-text's fields before it take 48 columns,
# so at -w 120 it has 72) shows all of them. Before the fix: SIGSEGV in the release build (exit status 139),
# "stack-buffer-overflow ... WRITE of size 100 ... stat2proc" in the ASan build.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/top/top-lib.sh"

comm=0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789
expected=012345678901234567890123456789012345678901234567890123456789012
[ ${#comm} -eq 100 ] && [ ${#expected} -eq 63 ] || { t_fail "top/long-comm: setup" "comm lengths"; exit 0; }

snap=$T_TMP/snaps/long-comm
mkdir -p "$T_TMP/snaps" && cp -a "$SNAPS/stat-width-10" "$snap"
n=0
for f in "$snap"/[0-9][0-9][0-9][0-9]/proc/1/stat "$snap"/[0-9][0-9][0-9][0-9]/proc/1/task/1/stat; do
    sed -i "s/^1 (systemd) /1 ($comm) /" "$f"
    grep -q -F "($comm) " "$f" && n=$((n + 1))
done
frames=$(ls -d "$snap"/[0-9][0-9][0-9][0-9] | wc -l)
if [ "$n" -ne $((2 * frames)) ] || [ "$frames" -lt 2 ]; then
    t_fail "top/long-comm: snapshot" "pid 1's stat edited in $n of $((2 * frames)) files"
    exit 0
fi
rel=$(realpath --relative-to="$SNAPS" "$snap")
home=$(top_home long-comm toprc-text)

# top sends stderr to /dev/null while it starts (libnuma), which is when it first reads the tasks:
# a sanitizer report would be lost, so it goes to a log file
san=$T_TMP/long-comm.san
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$san" UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$san"

check() {   # NAME -- TOP-ARGS...
    local name=$1 got
    shift
    rm -f "$san".*
    if ! top_out "$name" "$rel" "$home" "$@"; then
        cat "$san".* > "$san.all" 2> /dev/null && t_sanitizer_report "$san.all" | sed 's/^/    /'
        return 0
    fi
    cat "$san".* > "$san.all" 2> /dev/null
    if t_sanitizer_report "$san.all" > "$san.first"; then
        t_fail "$name" "sanitizer report: $(tr '\n' ' ' < "$san.first")"
        return 0
    fi
    # the COMMAND of pid 1 in every display
    got=$(awk '/^ *PID /{ rows = 1; next } /^top - /{ rows = 0 } rows && $1 == 1 { print $NF }' "$TOP_OUT" | sort -u)
    if [ "$got" = "$expected" ]; then
        t_pass "$name"
    else
        t_fail "$name" "pid 1's COMMAND is '$got', expected the first 63 bytes '$expected'"
    fi
}

check "top/long-comm: a 100-byte comm is cut to 63 bytes, 2 frames" -- -b -n 2 -w 120
check "top/long-comm: the same with threads (-H)" -- -b -n 2 -w 120 -H
