#!/usr/bin/env bash
# ps: the gtime and cgtime format specifiers (patch 0110) on kvm-host, frame 0 (ps reads once).
# Expected values, from tests/snapshots/kvm-host/README.md ("Processes and threads", HZ = 100):
#   gtime  = guest_time / 100 s as [DD-]hh:mm:ss: 4242: 1800000 ticks = 18000 s = 05:00:00;
#            5151: 250000 = 2500 s = 00:41:40; threads 4250: 1000000 = 02:46:40, 4251: 800000 = 02:13:20,
#            5160: 250000 = 00:41:40; every other task 0 = 00:00:00.
#   cgtime = cguest_time: pid 1 has 20000 ticks = 200 s = 00:03:20, the others 0.
#   with S (dead children included, as cputime does) pid 1's gtime is 0 + 20000 = 00:03:20.
. "$ROOT/tests/lib.sh"

run() {   # NAME EXPECTED ARGS...: ps on kvm-host, stdout against expected/EXPECTED
    local name=$1 expected=$2 out=$T_TMP/$(printf '%s' "$1" | tr -c 'A-Za-z0-9_.-' _).out why
    shift 2
    if ! why=$(t_replay_out kvm-host "$out.raw" -- ps "$@" 2>&1); then
        t_fail "$name" "$why"
        return
    fi
    # the header, then the rows by their first number: ps lists threads in directory order
    { head -n 1 "$out.raw"; tail -n +2 "$out.raw" | sort -n; } > "$out"
    if diff -u "$ROOT/tests/ps/expected/$expected" "$out" > "$out.diff"; then
        t_pass "$name"
    else
        t_fail "$name" "output differs from expected/$expected:"
        sed 's/^/    /' "$out.diff"
    fi
}

run "ps/gtime: -o pid,comm,gtime,cgtime for every process" procs.txt -e -o pid,comm,gtime,cgtime
run "ps/gtime: S adds the dead children's guest time" procs-S.txt -e -o pid,gtime S
run "ps/gtime: threads (-L) of the web01 VM" threads.txt -L -o lwp,comm,gtime -p 4242
