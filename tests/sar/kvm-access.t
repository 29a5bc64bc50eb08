#!/bin/bash
# What sadc finds without debugfs, what a user who may not read the sources is told, and --vm=
# with names as sar prints them. Snapshots: tests/sar/mksnap (LATE, NONROOT).
#
# 1. kvm-late: a VMM (pid 6000, "late", 1 vCPU) whose guest time in /proc/6000/stat is 0 in
#    frames 0 and 1 and 1, 2, 3, 4 ticks in frames 2-5. Without debugfs sadc lists the fds only of
#    processes that have run guest code, so the VM is absent from the records of frames 0 and 1
#    and found in frame 2, the first sample after its vCPU ran a tick. Worked out by hand from
#    LATE_EXITS (100 200 400 700 1100 1600), LATE_UTIME (10 20 ... 60 ticks, HZ 100, stime 0):
#    00:00:02  row present, rates "-": its process was not in the record of frame 1 and started
#              before it (LATE_START 99,000 s < 100,001 s), so the interval is unknown; the "all"
#              exit/s is "-" too (an unknown VM makes the sum unknown, never an undercount)
#    00:00:03  exit/s (700-400)/1 = 300.00, %gcpu (2-1 cs)/100 cs = 1.00, %vmm (40-30)-1 = 9.00
#    00:00:04  exit/s 400.00, 1.00, 9.00;  00:00:05  exit/s 500.00, 1.00, 9.00
#    Average   exit/s (300+400+500)/3 = 400.00, 1.00, 9.00 (the unknown interval is left out)
#    %steal: its one thread (the vCPU: it has guest time from frame 2) waited LATE_RUN_DELAY = 0,
#    0, 5, 15, 30, 50 ms: 00:00:02 "-" (as above), then (15-5)/1000 = 1.00, 1.50, 2.00 %,
#    Average (1.00+1.50+2.00)/3 = 1.50.
#    Before the change (every process's fds listed) the VM had a row at 00:00:01 with exit/s 100.
# 2. kvm-nonroot: debugfs and every /proc/PID/fd refused (EACCES), VMMs with guest time: sar
#    prints its banner and the message on stderr once, no row, no average; the sa file holds item
#    "all" with source "denied" and no value (no nvm 0). kvm-nonroot-own: one VMM readable, the
#    other not: the same (a partial "all" would be an undercount).
# 3. --vm=: db,primary (as printed), db,,primary, a pid, a key, and lists mixing them; an element
#    that matches no VM of the report is named on stderr.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"
kvm_snaps kvm-late kvm-nonroot kvm-nonroot-own

# ---------------------------------------------------------------- 1. discovery by guest time
out=$T_TMP/late.out
if why=$(t_replay_out $MYSNAPS/kvm-late "$out" -- sar -K 1 5 2>&1); then
    # sar -K: time, name, nvm, nvcpu, vcpublk, %gcpu, %vmm, %steal, %hpoll, %hwait, exit/s, key
    got=$(awk '$NF == "6000-3" { print $1, $11, $6, $7, $8, $2 }' "$out")
    want="00:00:02 - - - - late
00:00:03 300.00 1.00 9.00 1.00 late
00:00:04 400.00 1.00 9.00 1.50 late
00:00:05 500.00 1.00 9.00 2.00 late
Average: 400.00 1.00 9.00 1.50 late"
    [ "$got" = "$want" ] && t_pass sar-K/late-vm-found-after-guest-time ||
        t_fail sar-K/late-vm-found-after-guest-time "rows of 6000-3: $(tr '\n' '|' <<< "$got")"
    got=$(awk '$1 == "00:00:02" && $NF == "all" { print $11 }' "$out")
    [ "$got" = - ] && t_pass sar-K/late-all-unknown-when-found ||
        t_fail sar-K/late-all-unknown-when-found "all exit/s at 00:00:02: '$got'"
else
    t_fail sar-K/late-vm-found-after-guest-time "$why"
fi

# ---------------------------------------------------------------- 2. a user who may not read
for s in kvm-nonroot kvm-nonroot-own; do
    out=$T_TMP/$s.out
    if why=$(t_replay_out $MYSNAPS/$s "$out" -- sar -K 1 2 2>&1); then
        kvm_denied_sar "sar-K/$s-message-only" "$out"
    else
        t_fail "sar-K/$s-message-only" "$why"
    fi
    F=$T_TMP/$s.sa
    if kvm_record "sadc-S-KVM/$s" $MYSNAPS/$s "$F" 3; then
        TZ=UTC LC_ALL=C "$BIN/sadf" -j "$F" -- -K ALL > "$T_TMP/$s.json" 2> "$T_TMP/$s.json.err"
        kvm_denied_json "sadf-j/$s-denied-no-value" "$T_TMP/$s.json"
    fi
done

# ---------------------------------------------------------------- 3. --vm=
F=$T_TMP/host.sa
if kvm_record sadc-S-XKVM/host kvm-host "$F" 3 XKVM; then
    # VM keys shown (besides "all") and what stderr says, for each filter
    while IFS='|' read -r filter want_keys want_err; do
        TZ=UTC LC_ALL=C "$BIN/sar" -K --vm="$filter" -f "$F" > "$T_TMP/vm.out" 2> "$T_TMP/vm.err"
        keys=$(awk 'NF > 5 && $NF != "key" && $NF != "all" && $1 != "Linux" { print $NF }' "$T_TMP/vm.out" |
               sort -u | tr '\n' ' ')
        err=$(tr '\n' ' ' < "$T_TMP/vm.err")
        if [ "$keys" = "$want_keys" ] && [ "$err" = "$want_err" ]; then
            t_pass "sar-K/vm=$filter"
        else
            t_fail "sar-K/vm=$filter" "keys '$keys' (want '$want_keys'), stderr '$err' (want '$want_err')"
        fi
    done <<'EOF'
db,primary|5151-12 |
db,,primary|5151-12 |
5151|5151-12 |
4242-11|4242-11 |
web01,db,primary|4242-11 5151-12 |
4242,db,,primary|4242-11 5151-12 |
nosuch||No VM matches --vm=nosuch 
web01,nosuch|4242-11 |No VM matches --vm=nosuch 
db||No VM matches --vm=db 
EOF
fi
