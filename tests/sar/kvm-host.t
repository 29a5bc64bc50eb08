#!/bin/bash
# sar -K on the bundled KVM host snapshot (debugfs source, two VMs, 5 intervals).
# Every value is worked out by hand in tests/sar/expected/kvm-host.md.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"

S=kvm-host
# sar -K alone shows the "all" row: sadc reads each VM's core counters and the others from
# the top-level debugfs files (sadc -S KVM); with VM rows (-K ALL, --vm=) it reads them all
# for each VM (sadc -S XKVM). Both give the hand-derived values.
t_replay_diff sar-K/host $S "$EXP/kvm-host.K" -- sar -K 1 5
t_replay_diff sar-K/host-ALL $S "$EXP/kvm-host.K-ALL" -- sar -K ALL 1 5
t_replay_diff sar-K/host-vm-name $S "$EXP/kvm-host.K-vm" -- sar -K --vm=db,,primary 1 2
t_replay_diff sar-K/host-vm-key $S "$EXP/kvm-host.K-vm" -- sar -K --vm=5151-12 1 2
t_replay_diff sar-K/host-x $S "$EXP/kvm-host.K-x" -- sar -K -x --vm=4242 1 2

# Recorded by sadc -S XKVM (every counter of each VM), read back from the file: the same report
F=$T_TMP/host.sa
if kvm_record sadc-S-XKVM/host $S "$F" 6 XKVM; then
    kvm_cmd sar-K/host-file "$EXP/kvm-host.K-ALL.file" -- sar -K ALL -f "$F"
    kvm_cmd sadf-d/host "$EXP/kvm-host.sadf-d" -- sadf -d "$F" -- -K ALL
    kvm_cmd sadf-p/host "$EXP/kvm-host.sadf-p" -- sadf -p "$F" -- -K --vm=web01
    kvm_cmd sadf-j/host "$EXP/kvm-host.sadf-j" -- sadf -j "$F" -- -K ALL
    kvm_json sadf-j/host-valid "$T_TMP/sadf-j_host.out"
    kvm_cmd sadf-x/host "$EXP/kvm-host.sadf-x" -- sadf -x "$F" -- -K ALL
    kvm_xml sadf-x/host-valid "$T_TMP/sadf-x_host.out"
    kvm_cmd sadf-r/host "$EXP/kvm-host.sadf-r" -- sadf -r "$F" -- -K ALL
    kvm_cmd sadf-g/host "$EXP/kvm-host.sadf-g" -- sadf -g "$F" -- -K ALL
    if command -v xmllint > /dev/null; then
        if xmllint --noout "$T_TMP/sadf-g_host.out" 2> "$T_TMP/svg.err"; then
            t_pass sadf-g/host-well-formed
        else
            t_fail sadf-g/host-well-formed "$(head -c 300 "$T_TMP/svg.err")"
        fi
    fi
fi

# Recorded by sadc -S KVM (the default): each VM row has its core counters only (the others
# are "-", empty, or left out); the "all" rows are the same as above (top-level sums for the
# others). Every output must be the hand-checked XKVM one with the VM rows' non-core values left
# out (tests/sar/kvm-core-of), and is also compared with its expected file.
# core_of NAME FORMAT FULL: the output of the last kvm_cmd NAME is FULL minus the non-core VM values
core_of() {
    local out
    if out=$("$SAR_T/kvm-core-of" --format "$2" "$3" "$T_TMP/$(printf '%s' "$1" | tr -c 'A-Za-z0-9_.-' _).out" 2>&1); then
        t_pass "$1-is-full-minus-non-core"
    else
        t_fail "$1-is-full-minus-non-core" "$out"
    fi
}
F=$T_TMP/host-core.sa
if kvm_record sadc-S-KVM/host $S "$F" 6; then
    kvm_cmd sar-K/host-file-core "$EXP/kvm-host.K-ALL.core" -- sar -K ALL -f "$F"
    core_of sar-K/host-file-core text "$EXP/kvm-host.K-ALL.file"
    kvm_cmd sadf-d/host-core "$EXP/kvm-host.sadf-d.core" -- sadf -d "$F" -- -K ALL
    core_of sadf-d/host-core csv "$EXP/kvm-host.sadf-d"
    kvm_cmd sadf-p/host-core "$EXP/kvm-host.sadf-p.core" -- sadf -p "$F" -- -K --vm=web01
    core_of sadf-p/host-core ppc "$EXP/kvm-host.sadf-p"
    kvm_cmd sadf-j/host-core "$EXP/kvm-host.sadf-j.core" -- sadf -j "$F" -- -K ALL
    core_of sadf-j/host-core json "$EXP/kvm-host.sadf-j"
    kvm_json sadf-j/host-core-valid "$T_TMP/sadf-j_host-core.out"
    kvm_cmd sadf-x/host-core "$EXP/kvm-host.sadf-x.core" -- sadf -x "$F" -- -K ALL
    core_of sadf-x/host-core xml "$EXP/kvm-host.sadf-x"
    kvm_xml sadf-x/host-core-valid "$T_TMP/sadf-x_host-core.out"
    kvm_cmd sadf-r/host-core "$EXP/kvm-host.sadf-r.core" -- sadf -r "$F" -- -K ALL
    kvm_cmd sadf-g/host-core "$EXP/kvm-host.sadf-g.core" -- sadf -g "$F" -- -K ALL
    if command -v xmllint > /dev/null; then
        if xmllint --noout "$T_TMP/sadf-g_host-core.out" 2> "$T_TMP/svg-core.err"; then
            t_pass sadf-g/host-core-well-formed
        else
            t_fail sadf-g/host-core-well-formed "$(head -c 300 "$T_TMP/svg-core.err")"
        fi
    fi
fi
