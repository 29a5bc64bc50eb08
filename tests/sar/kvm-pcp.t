#!/bin/bash
# sadf -l (PCP archive) for the KVM activity, checked with PCP's own tools. The project build has
# no PCP (--disable-pcp), so this test builds sadf from the patched tree with libpcp when PCP's
# development files and tools are installed, and is skipped otherwise.
# Values (kvm-host, tests/sar/expected/kvm-host.md): host-wide exits 28000/s (38000/s at step 4),
# web01 mmio_exits 1000/s, db,primary 200/s; kvm.nvm 2, kvm.nvcpu 3.
# variants: release
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"

tree=${BUILD:-$ROOT/build}/prepared/sysstat
if [ ! -f /usr/include/pcp/import.h ] || ! command -v pmval > /dev/null || ! command -v pmlogcheck > /dev/null; then
    t_skip sadf-l/pcp "PCP development files or tools not installed (libpcp3-dev, libpcp-import1-dev, pcp)"
    exit 0
fi
if [ ! -f "$tree/sadf.c" ]; then
    t_skip sadf-l/pcp "no prepared sysstat tree at $tree (run make)"
    exit 0
fi
cp -a "$tree" "$T_TMP/pcp-tree"
if ! (cd "$T_TMP/pcp-tree" && ./configure --disable-nls --disable-sensors > configure.log 2>&1 &&
        grep -q -- '-DHAVE_PCP' Makefile && make -j2 sadf > make.log 2>&1); then
    t_fail sadf-l/build-with-pcp "$(tail -n 5 "$T_TMP/pcp-tree/make.log" "$T_TMP/pcp-tree/configure.log" 2>/dev/null)"
    exit 0
fi
t_pass sadf-l/build-with-pcp

F=$T_TMP/host.sa
kvm_record sadc-S-KVM/pcp kvm-host "$F" 6 || exit 0
A=$T_TMP/arch
if ! TZ=UTC "$T_TMP/pcp-tree/sadf" -l -O pcparchive="$A" "$F" -- -K ALL > "$T_TMP/l.out" 2>&1; then
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

# Churn (tests/sar/expected/kvm-churn.md): the host-wide debugfs sums fall (60_028_000 ->
# 50_048_000 -> 36_000), but kvm.exits is written as a monotonic counter: 28000/s at step 2 (the
# first rate pmval can give); at step 3 4242-11's counters fell (a reset or a re-created VM:
# unknown), so the record has no kvm.exits value rather than a since-start total or an undercount.
kvm_snaps kvm-churn
F2=$T_TMP/churn.sa
kvm_record sadc-S-KVM/pcp-churn "$MYSNAPS/kvm-churn" "$F2" 4 || exit 0
A=$T_TMP/arch-churn
TZ=UTC "$T_TMP/pcp-tree/sadf" -l -O pcparchive="$A" "$F2" -- -K ALL > "$T_TMP/l2.out" 2>&1 ||
    t_fail sadf-l/churn-write "$(head -c 300 "$T_TMP/l2.out")"
check sadf-l/churn-kvm.exits-never-falls "$(rates kvm.exits)" " 28000| No values available|"
