#!/bin/bash
# sadf -l (PCP archive) for the KVM activity, from the default build (`make` builds sadf with libpcp
# when its headers are installed: tools/deps build installs them), checked with PCP's own tools.
# Values (kvm-host, tests/sar/expected/kvm-host.md): host-wide exits 28000/s (38000/s at step 4),
# web01 mmio_exits 1000/s, db,primary 200/s; kvm.nvm 2, kvm.nvcpu 3. Instances are named
# "<key> <guest name>" ("4242-11 web01", "5151-12 db,primary": kvm-host's QEMU -name options);
# every metric has a one-line help text (pminfo -T).
# variants: release
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"

if [ ! -f /usr/include/pcp/import.h ] || ! command -v pmval > /dev/null || ! command -v pmlogcheck > /dev/null; then
    t_skip sadf-l/pcp "PCP development files or tools not installed (libpcp3-dev, libpcp-import1-dev, pcp)"
    exit 0
fi
SADF=$BIN/sadf
# With libpcp's headers installed, `make` (PCP=auto) builds sadf with PCP
if [ ! -f "$BUILD/release/sysstat/Makefile" ] || ! grep -q -- -DHAVE_PCP "$BUILD/release/sysstat/Makefile"; then
    if grep -q 'PCP=no' "$BUILD/sysstat.config" 2> /dev/null; then
        t_skip sadf-l/pcp "built with make PCP=no"
    else
        t_fail sadf-l/built-with-pcp "libpcp is installed but $BUILD/release/sysstat was configured without it"
    fi
    exit 0
fi
t_pass sadf-l/built-with-pcp

F=$T_TMP/host.sa
kvm_record sadc-S-KVM/pcp kvm-host "$F" 6 || exit 0
A=$T_TMP/arch
if ! TZ=UTC "$SADF" -l -O pcparchive="$A" "$F" -- -K ALL > "$T_TMP/l.out" 2>&1; then
    t_fail sadf-l/write "$(head -c 300 "$T_TMP/l.out")"; exit 0
fi
pmlogcheck "$A" > "$T_TMP/check.out" 2>&1 && t_pass sadf-l/pmlogcheck ||
    t_fail sadf-l/pmlogcheck "$(head -c 300 "$T_TMP/check.out")"

# pmval prints rates of counters; -f 0: no decimals
rates() { TZ=UTC pmval -z -a "$A" -f 0 "$@" 2>&1 | awk '/^[0-9][0-9]:/ { $1 = ""; print }' | tr -s ' ' | tr '\n' '|'; }
check() { [ "$2" = "$3" ] && t_pass "$1" || t_fail "$1" "got '$2', want '$3'"; }
check sadf-l/kvm.exits-rate "$(rates kvm.exits)" " 28000| 28000| 38000| 28000|"
check sadf-l/kvm.vm.mmio_exits-rate "$(rates -i 4242-11,5151-12 kvm.vm.mmio_exits)" " 1000 200| 1000 200| 1000 200| 1000 200|"
check sadf-l/kvm.nvcpu "$(rates kvm.nvcpu)" " 3| 3| 3| 3| 3|"
# The two metrics whose names are 24 characters long were cut by a 24-byte buffer and never
# written (pmiPutValue failed, unchecked). kvm-host.md: hpollok/s 2900 (step 4: 2400);
# halt_poll_success_ns: web01 30e6 + db,primary 10e6 ns per 1 s step = 0.040 s/s (pmval shows a
# time counter as a utilization).
check sadf-l/kvm.halt_successful_poll-rate "$(rates kvm.halt_successful_poll)" " 2900| 2900| 2400| 2900|"
check sadf-l/kvm.halt_poll_success_ns-rate "$(TZ=UTC pmval -z -a "$A" -f 3 kvm.halt_poll_success_ns 2>&1 |
    awk '/^[0-9][0-9]:/ { $1 = ""; print }' | tr -s ' ' | tr '\n' '|')" " 0.040| 0.040| 0.040| 0.040|"
TZ=UTC pminfo -a "$A" -d kvm.exits > "$T_TMP/d.out" 2>&1
grep -q 'Semantics: counter  Units: count' "$T_TMP/d.out" && t_pass sadf-l/kvm.exits-is-a-counter ||
    t_fail sadf-l/kvm.exits-is-a-counter "$(cat "$T_TMP/d.out")"

# Instances carry the guest name: "<key> <guest name>" (kvm-host: -name guest=web01 and
# db,,primary); pmval -i above found them by their first word, the key
got=$(TZ=UTC pminfo -f -a "$A" kvm.vm.nvcpu 2>&1 |
      sed -n 's/.*inst \[\([0-9]*\) or "\(.*\)"\] value \(.*\)/\1:\2:\3/p' | tr '\n' '|')
check sadf-l/instances-named-key-and-guest "$got" '0:4242-11 web01:2|1:5151-12 db,primary:1|'

# Every metric is written (with sadc -S XKVM, kvm-host has every counter for every VM: the 17
# host-wide counters, kvm.nvm, kvm.nvcpu, kvm.blocking, the 19 per-VM counters, kvm.vm.nvcpu,
# kvm.vm.blocking and kvm.vm.steal = 42 metrics; pminfo lists a metric of an archive only if it has a value), each
# with its one-line help text
FX=$T_TMP/hostx.sa
if kvm_record sadc-S-XKVM/pcp kvm-host "$FX" 3 XKVM; then
    AX=$T_TMP/archx
    if TZ=UTC "$SADF" -l -O pcparchive="$AX" "$FX" -- -K ALL > "$T_TMP/lx.out" 2>&1; then
        want="kvm.blocking kvm.exits kvm.halt_attempted_poll kvm.halt_exits kvm.halt_poll_fail_ns"
        want+=" kvm.halt_poll_success_ns kvm.halt_successful_poll kvm.halt_wait_ns kvm.halt_wakeup"
        want+=" kvm.hypercalls kvm.insn_emulation kvm.io_exits kvm.irq_exits kvm.irq_injections"
        want+=" kvm.mmio_exits kvm.nvcpu kvm.nvm kvm.pf_fixed kvm.remote_tlb_flush kvm.signal_exits"
        for m in blocking cpu exits guest halt_attempted_poll halt_exits halt_poll_fail_ns \
                 halt_poll_success_ns halt_successful_poll halt_wait_ns halt_wakeup hypercalls \
                 insn_emulation io_exits irq_exits irq_injections mmio_exits nvcpu pf_fixed \
                 remote_tlb_flush signal_exits steal; do
            want+=" kvm.vm.$m"
        done
        got=$(pminfo -a "$AX" kvm | sort | tr '\n' ' ')
        check sadf-l/every-metric-written "$got" "$want "
        nohelp=$(for m in $got; do pminfo -T -a "$AX" "$m" 2>&1 | grep -q '^Help:' || echo "$m"; done)
        check sadf-l/every-metric-has-help "$nohelp" ""
    else
        t_fail sadf-l/write-xkvm "$(head -c 300 "$T_TMP/lx.out")"
    fi
fi

# Churn (tests/sar/expected/kvm-churn.md): the host-wide debugfs sums fall (60_028_000 ->
# 50_048_000 -> 36_000), but kvm.exits is written as a monotonic counter: 28000/s at step 2 (the
# first rate pmval can give); at step 3 4242-11's counters fell (a reset or a re-created VM:
# unknown), so the record has no kvm.exits value rather than a since-start total or an undercount.
kvm_snaps kvm-churn
F2=$T_TMP/churn.sa
kvm_record sadc-S-KVM/pcp-churn "$MYSNAPS/kvm-churn" "$F2" 4 || exit 0
A=$T_TMP/arch-churn
TZ=UTC "$SADF" -l -O pcparchive="$A" "$F2" -- -K ALL > "$T_TMP/l2.out" 2>&1 ||
    t_fail sadf-l/churn-write "$(head -c 300 "$T_TMP/l2.out")"
check sadf-l/churn-kvm.exits-never-falls "$(rates kvm.exits)" " 28000| No values available|"
