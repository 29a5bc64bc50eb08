#!/bin/bash
# VMs come and go (tests/sar/mksnap, CHURN): a VM ends so the host-wide debugfs sums fall,
# a new QEMU starts, a pid-fd name is reused with restarted counters; and (VANISH) a VM ends while
# sadc reads debugfs. No rate may be negative or absurd. Values: tests/sar/expected/kvm-churn.md.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"
kvm_snaps kvm-churn kvm-vanish

# sar -K ALL: every counter of each VM (sadc -S XKVM); "all" = sums of the VM increments
t_replay_diff sar-K/churn $MYSNAPS/kvm-churn "$EXP/kvm-churn.K-ALL" -- sar -K ALL 1 3
# sar -K: the counters outside the per-VM core set come from the top-level sums (sadc -S KVM):
# unknown ("-") over an interval where a VM has gone or was replaced, never negative
kvm_core_all sar-K/churn-core $MYSNAPS/kvm-churn "$EXP/kvm-churn.K" 3
# a VM listed by debugfs but gone when its directory is read (frame 2): that sample's top-level
# values may hold its counts, so they are not used (intervals 2 and 3)
kvm_core_all sar-K/vanish-core $MYSNAPS/kvm-vanish "$EXP/kvm-vanish.K" 3
F=$T_TMP/churn.sa
if kvm_record sadc-S-XKVM/churn $MYSNAPS/kvm-churn "$F" 4 XKVM; then
    kvm_cmd sadf-j/churn "$EXP/kvm-churn.sadf-j" -- sadf -j "$F" -- -K ALL
    kvm_json sadf-j/churn-valid "$T_TMP/sadf-j_churn.out"
    kvm_cmd sadf-r/churn "$EXP/kvm-churn.sadf-r" -- sadf -r "$F" -- -K ALL
    # no negative value anywhere in the CSV output
    TZ=UTC "$BIN/sadf" -d "$F" -- -K ALL > "$T_TMP/churn.csv" 2>&1
    if grep -q ';-[0-9]' "$T_TMP/churn.csv"; then
        t_fail sadf-d/churn-no-negative "$(grep ';-[0-9]' "$T_TMP/churn.csv" | head -3)"
    elif [ "$(grep -vc '^#' "$T_TMP/churn.csv")" -eq 9 ]; then
        t_pass sadf-d/churn-no-negative
    else
        t_fail sadf-d/churn-no-negative "expected 9 data lines: $(head -c 300 "$T_TMP/churn.csv")"
    fi
fi
F=$T_TMP/churn-core.sa
if kvm_record sadc-S-KVM/churn $MYSNAPS/kvm-churn "$F" 4; then
    TZ=UTC "$BIN/sadf" -d "$F" -- -K ALL > "$T_TMP/churn-core.csv" 2>&1
    if grep -q ';-[0-9]' "$T_TMP/churn-core.csv"; then
        t_fail sadf-d/churn-core-no-negative "$(grep ';-[0-9]' "$T_TMP/churn-core.csv" | head -3)"
    elif [ "$(grep -vc '^#' "$T_TMP/churn-core.csv")" -eq 9 ]; then
        t_pass sadf-d/churn-core-no-negative
    else
        t_fail sadf-d/churn-core-no-negative "expected 9 data lines: $(head -c 300 "$T_TMP/churn-core.csv")"
    fi
fi
