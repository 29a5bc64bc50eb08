#!/bin/bash
# sar -K with each data source: debugfs refused by lockdown (binary stats fds read through
# pidfd_getfd), no debugfs at all (VMs found in /proc/PID/fd), lockdown without stats fds
# (instant values only), no KVM at all. Values: tests/sar/expected/kvm-sources.md.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"
kvm_snaps kvm-statsfd kvm-nodebugfs

t_replay_diff sar-K/statsfd $MYSNAPS/kvm-statsfd "$EXP/kvm-statsfd.K-ALL" -- sar -K ALL 1 5
t_replay_diff sar-K/nodebugfs $MYSNAPS/kvm-nodebugfs "$EXP/kvm-nodebugfs.K-ALL" -- sar -K ALL 1 5
t_replay_diff sar-K/lockdown-instant kvm-lockdown "$EXP/kvm-lockdown.K-ALL" -- sar -K ALL 1 2

# The source is recorded for every row and shown by sadf
for s in kvm-statsfd:statsfd kvm-nodebugfs:statsfd; do
    F=$T_TMP/${s%%:*}.sa
    if kvm_record sadc-S-KVM/${s%%:*} $MYSNAPS/${s%%:*} "$F" 2; then
        kvm_cmd sadf-d/${s%%:*} "$EXP/${s%%:*}.sadf-d" -- sadf -d "$F" -- -K ALL
    fi
done
F=$T_TMP/lockdown.sa
if kvm_record sadc-S-KVM/lockdown kvm-lockdown "$F" 3; then
    kvm_cmd sadf-j/lockdown "$EXP/kvm-lockdown.sadf-j" -- sadf -j "$F" -- -K ALL
    kvm_json sadf-j/lockdown-valid "$T_TMP/sadf-j_lockdown.out"
    kvm_cmd sadf-x/lockdown "$EXP/kvm-lockdown.sadf-x" -- sadf -x "$F" -- -K ALL
    kvm_xml sadf-x/lockdown-valid "$T_TMP/sadf-x_lockdown.out"
    kvm_cmd sadf-d/lockdown "$EXP/kvm-lockdown.sadf-d" -- sadf -d "$F" -- -K ALL
fi

# No KVM on the host: the activity is absent, sar says so once (stock sysstat message)
out=$T_TMP/nokvm.out
"$REPLAY" "$SNAPS/stat-width-10" -- "$BIN/sar" -K 1 1 > "$out" 2> "$out.err" < /dev/null
rc=$?
if [ $rc -ne 0 ] && [ "$(cat "$out.err")" = "Requested activities not available" ] && [ ! -s "$out" ]; then
    t_pass sar-K/no-kvm
else
    t_fail sar-K/no-kvm "exit $rc, stdout: $(head -c 200 "$out"), stderr: $(head -c 200 "$out.err")"
fi
