#!/bin/bash
# sar -K on the bundled KVM host snapshot (debugfs source, two VMs, 5 intervals).
# Every value is worked out by hand in tests/sar/expected/kvm-host.md.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"

S=kvm-host
# sar -K alone is the CPU report (all, then one row per VM): its columns are among those that
# sadc -S KVM reads for each VM; the other reports (-K ALL) need every statistic of each VM
# (sar asks sadc -S XKVM). Both give the hand-derived values. The expected files were carried
# over from the one-block layout by tests/sar/relayout (values copied, not recomputed).
t_replay_diff sar-K/host $S "$EXP/kvm-host.K" -- sar -K 1 5
t_replay_diff sar-K/host-ALL $S "$EXP/kvm-host.K-ALL" -- sar -K ALL 1 5
t_replay_diff sar-K/host-vm-name $S "$EXP/kvm-host.K-vm" -- sar -K ALL --vm=db,,primary 1 2
t_replay_diff sar-K/host-vm-key $S "$EXP/kvm-host.K-vm" -- sar -K ALL --vm=5151-12 1 2
t_replay_diff sar-K/host-x $S "$EXP/kvm-host.K-x" -- sar -K ALL -x --vm=4242 1 2
# -K with a list of reports: the blocks of -K ALL, those asked for, in the order of -K ALL
out=$T_TMP/host-exit-cpu.out
if why=$(t_replay_out $S "$out" -- sar -K EXIT,CPU 1 5 2>&1); then
    awk -v RS= -v ORS='\n\n' '$2 == "VM" && ($3 == "nvm" || $3 == "exit/s")' "$EXP/kvm-host.K-ALL" > "$out.want"
    awk -v RS= -v ORS='\n\n' '$2 == "VM" && ($3 == "nvm" || $3 == "exit/s")' "$out" > "$out.got"
    if [ -s "$out.got" ] && cmp -s "$out.want" "$out.got" && ! grep -q 'hpoll/s\|irqinj/s' "$out"; then
        t_pass sar-K/host-EXIT,CPU
    else
        t_fail sar-K/host-EXIT,CPU "not the CPU and EXIT blocks of kvm-host.K-ALL: $(diff "$out.want" "$out" | head -5)"
    fi
else
    t_fail sar-K/host-EXIT,CPU "$why"
fi
# every report fits 132 columns (names of kvm-host: at most 16 characters)
w=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$EXP/kvm-host.K-ALL")
[ "$w" -le 132 ] && t_pass "sar-K/host-ALL-fits-132-columns ($w)" || t_fail sar-K/host-ALL-fits-132-columns "$w columns"

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
    # SVG: the views and every point checked against the hand-checked CSV (tests/sar/kvm-svg-check)
    kvm_svg sadf-g/host "$F" "$EXP/kvm-host.sadf-d"
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
    kvm_svg sadf-g/host-core "$F" "$EXP/kvm-host.sadf-d.core"
    if command -v xmllint > /dev/null; then
        if xmllint --noout "$T_TMP/sadf-g_host-core.out" 2> "$T_TMP/svg-core.err"; then
            t_pass sadf-g/host-core-well-formed
        else
            t_fail sadf-g/host-core-well-formed "$(head -c 300 "$T_TMP/svg-core.err")"
        fi
    fi
fi
