#!/bin/bash
# arm64 KVM statistic names (tests/sar/mksnap kvm-arm64): counters mapped by name, the x86-only
# ones absent ("-", no JSON key), never a fake zero. Values: tests/sar/expected/kvm-arch.md.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"
kvm_snaps kvm-arm64

t_replay_diff sar-K/arm64 $MYSNAPS/kvm-arm64 "$EXP/kvm-arm64.K-ALL" -- sar -K ALL 1 5
# sar -K (sadc -S KVM: per-VM core counters by their arm64 names, the others, incl. hvc_exit_stat,
# from the top-level files): the "all" rows of the report above, unchanged
kvm_core_all sar-K/arm64-core $MYSNAPS/kvm-arm64 "$EXP/kvm-arm64.K" 5
if grep -v -E ' [0-9]+-[0-9]+$' "$EXP/kvm-arm64.K-ALL" | cmp -s - "$EXP/kvm-arm64.K"; then
    t_pass sar-K/arm64-core-is-the-all-rows-of-K-ALL
else
    t_fail sar-K/arm64-core-is-the-all-rows-of-K-ALL "kvm-arm64.K is not kvm-arm64.K-ALL without its VM rows"
fi
F=$T_TMP/arm64.sa
if kvm_record sadc-S-XKVM/arm64 $MYSNAPS/kvm-arm64 "$F" 2 XKVM; then
    kvm_cmd sadf-j/arm64 "$EXP/kvm-arm64.sadf-j" -- sadf -j "$F" -- -K ALL
    kvm_json sadf-j/arm64-valid "$T_TMP/sadf-j_arm64.out"
    kvm_cmd sadf-x/arm64 "$EXP/kvm-arm64.sadf-x" -- sadf -x "$F" -- -K ALL
    kvm_xml sadf-x/arm64-valid "$T_TMP/sadf-x_arm64.out"
    kvm_cmd sadf-p/arm64 "$EXP/kvm-arm64.sadf-p" -- sadf -p "$F" -- -K
fi
