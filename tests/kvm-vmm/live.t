#!/bin/bash
# Live end-to-end test of sar -K: a real VM created by tests/kvm-vmm/kvm-vmm.c (2 vCPUs, one
# binary stats fd kept open per vCPU as QEMU >= 8.1 does) runs a guest that makes exactly
# N MMIO exits and 1 halt exit per "run N" command. sadc -S KVM samples before and after
# "run 1000"; the recorded increments must be exactly mmio_exits +1000, halt_exits +1, and
# exits >= 1001, for the row "<pid>-<vm fd>" named "live,vm" with 2 vCPUs.
# Where debugfs is locked down or absent, the values come through the binary-stats path
# (source "statsfd"); with readable debugfs, through debugfs. The saved steal (nsteal, steal_ns) is
# the run delay of the threads with guest time, read around the sample. Skipped without /dev/kvm.
# variants: release
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"

if [ ! -e /dev/kvm ]; then
    t_skip kvm-live "/dev/kvm does not exist on this machine"
    exit 0
fi
if ! { : < /dev/kvm; } 2> /dev/null || [ ! -w /dev/kvm ]; then
    t_skip kvm-live "/dev/kvm is not usable by $(id -un) (read and write access needed)"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    t_skip kvm-live "sadc needs root to read KVM statistics of another process (pidfd_getfd, debugfs)"
    exit 0
fi

vmm=$T_TMP/kvm-vmm
if ! out=$(${CC:-cc} -std=gnu99 -Wall -Wextra -Werror -O2 -o "$vmm" "$ROOT/tests/kvm-vmm/kvm-vmm.c" 2>&1); then
    t_fail kvm-live/build-vmm "$out"
    exit 0
fi

coproc VMM { exec "$vmm" -name 'guest=live,,vm,debug-threads=on' --vcpus 2 2> "$T_TMP/vmm.err"; }
vmm_pid=$VMM_PID
stop_vmm() { { echo quit >&"${VMM[1]}"; } 2> /dev/null; wait "$vmm_pid" 2> /dev/null; }
if ! read -r -t 10 word pid vmfd <&"${VMM[0]}" || [ "$word" != ready ]; then
    wait "$vmm_pid"; rc=$?
    if [ "$rc" = 77 ]; then
        t_skip kvm-live "KVM cannot create a VM here: $(head -c 200 "$T_TMP/vmm.err")"
    else
        t_fail kvm-live/start-vmm "exit $rc: $(head -c 300 "$T_TMP/vmm.err")"
    fi
    exit 0
fi
t_pass kvm-live/start-vmm
key=$pid-$vmfd

# all_reports OUT: what is wrong with OUT, sar -K ALL --vm=live,vm (stderr in OUT.err), if anything:
# a line over 132 columns; not 8 lines of the VM (its row and average in each of the 4 reports);
# anything on stderr
all_reports() {
    local wide
    wide=$(awk 'length($0) > 132' "$1" | head -3)
    [ -z "$wide" ] || echo "wider lines: '$wide';"
    [ "$(grep -c " live,vm .* $key\$" "$1")" = 8 ] || echo "not 8 lines of live,vm ($key);"
    [ ! -s "$1.err" ] || echo "stderr: $(head -c 200 "$1.err");"
}

# Without readable debugfs, sadc finds a VM through its process's guest time (field 43 of
# /proc/PID/stat, above 0 once a vCPU has run guest code for a clock tick): spin the guest (no
# exit to the VMM) until it shows, before the first sample. Nested KVM accrues it slowly.
gtime() { awk '{ print $43 }' "/proc/$pid/stat" 2> /dev/null; }
for try in $(seq 1 30); do
    [ "$(gtime)" -gt 0 ] 2> /dev/null && break
    echo "spin 300000000" >&"${VMM[1]}"
    if ! read -r -t 120 word n mmio hlt <&"${VMM[0]}" || [ "$word $mmio $hlt" != "done 0 1" ]; then
        t_fail kvm-live/guest-spin "VMM answered '$word $n $mmio $hlt': $(head -c 300 "$T_TMP/vmm.err")"
        stop_vmm; exit 0
    fi
done
if [ "$(gtime)" -gt 0 ] 2> /dev/null; then
    t_pass kvm-live/guest-time-above-0
elif ! ls /sys/kernel/debug/kvm > /dev/null 2>&1; then
    t_skip kvm-live "the VMM's guest time is still 0 after 30 spins: without debugfs sadc cannot find it yet"
    stop_vmm; exit 0
fi

F=$T_TMP/live.sa
sample() { "$BIN/sadc" -S KVM 1 1 "$F" > "$T_TMP/sadc.out" 2>&1 < /dev/null; }
if ! sample; then
    t_fail kvm-live/sadc-1 "$(head -c 300 "$T_TMP/sadc.out")"; stop_vmm; exit 0
fi
sleep 1
echo "run 1000" >&"${VMM[1]}"
if ! read -r -t 20 word n mmio hlt <&"${VMM[0]}" || [ "$word $n $mmio $hlt" != "done 1000 1000 1" ]; then
    t_fail kvm-live/guest-run "VMM answered '$word $n $mmio $hlt': $(head -c 300 "$T_TMP/vmm.err")"
    stop_vmm; exit 0
fi
t_pass kvm-live/guest-made-1000-mmio-exits-and-1-halt
sleep 1
# vCPU threads (threads with guest time) and the sum of their run delays (schedstat field 2), read
# just before and just after the second sample: what sadc saved lies between the two
vcpu_delay() {
    local t n=0 sum=0 f
    for t in /proc/"$pid"/task/*; do
        f=$(awk '{ print $43 }' "$t/stat" 2> /dev/null)
        [ "${f:-0}" -gt 0 ] 2> /dev/null || continue
        n=$((n + 1)); sum=$((sum + $(awk '{ print $2 }' "$t/schedstat")))
    done
    echo "$n $sum"
}
read -r steal_n1 steal_s1 < <(vcpu_delay)
if ! sample; then
    t_fail kvm-live/sadc-2 "$(head -c 300 "$T_TMP/sadc.out")"; stop_vmm; exit 0
fi
read -r steal_n2 steal_s2 < <(vcpu_delay)

# A user who may read neither debugfs nor the VMM's fds, while the VM runs and has guest time:
# sadc records item "all" with source "denied" and no value, and sar prints the message of
# tests/sar/kvm-access.t on stderr and no row (never "nvm 0").
nr_dir=$(mktemp -d /tmp/kvm-live-nonroot.XXXXXX) && chmod 1777 "$nr_dir"
if ! command -v setpriv > /dev/null; then
    t_skip kvm-live/nonroot "no setpriv(1) to run sadc as another user"
elif ! setpriv --reuid=65534 --regid=65534 --clear-groups -- \
        "$BIN/sadc" -S KVM 1 2 "$nr_dir/nr.sa" > "$nr_dir/sadc.out" 2>&1 < /dev/null; then
    t_fail kvm-live/nonroot-sadc "$(head -c 300 "$nr_dir/sadc.out")"
else
    TZ=UTC LC_ALL=C "$BIN/sar" -K -f "$nr_dir/nr.sa" > "$nr_dir/sar" 2> "$nr_dir/sar.err"
    kvm_denied_sar kvm-live/nonroot-message-only "$nr_dir/sar"
    TZ=UTC LC_ALL=C "$BIN/sadf" -j "$nr_dir/nr.sa" -- -K ALL > "$nr_dir/json" 2> "$nr_dir/json.err"
    kvm_denied_json kvm-live/nonroot-recorded-denied-no-value "$nr_dir/json"
fi
rm -rf "$nr_dir"

# sar run live (it forks the sadc of build/bin, its sa_lib_dir): each of the 4 reports of -K ALL
# has the VM's row and its average, within 132 columns; a report beyond CPU makes sar ask sadc for
# every counter of each VM (-S XKVM), so the VM's irqexit/s (EXIT report: time, name, exit/s,
# hltexit/s, mmioexit/s, ioexit/s, irqexit/s, ...) is a value, not "-" (with debugfs -S KVM reads
# it only from the top-level file, into "all").
LC_ALL=C "$BIN/sar" -K ALL --vm="live,vm" 1 1 > "$T_TMP/sar-live" 2> "$T_TMP/sar-live.err"
irq=$(awk -v k="$key" '$NF == k && $1 != "Average:" && h == "exit/s" { print $7; exit }
                       $2 == "VM" { h = $3 }' "$T_TMP/sar-live")
why=$(all_reports "$T_TMP/sar-live")
if [ -z "$why" ] && [ -n "$irq" ] && [ "$irq" != - ]; then
    t_pass "kvm-live/sar-K-ALL-live-fits-132-columns-every-counter (irqexit/s $irq)"
else
    t_fail kvm-live/sar-K-ALL-live-fits-132-columns-every-counter "$why irqexit/s '$irq': $(head -c 1500 "$T_TMP/sar-live")"
fi
stop_vmm

TZ=UTC LC_ALL=C "$BIN/sadf" -r "$F" -- -K --vm="$key" > "$T_TMP/raw" 2> "$T_TMP/raw.err"
row=$(grep "; $key;" "$T_TMP/raw")
if [ -z "$row" ]; then
    t_fail kvm-live/vm-recorded "no row $key in sadf -r output: $(head -c 400 "$T_TMP/raw") $(cat "$T_TMP/raw.err")"
    exit 0
fi
t_pass kvm-live/vm-recorded

# field VALUE extraction from "name; prev; curr;" triples
delta() { awk -v n="$1" -F'; ' '{ for (i = 1; i < NF; i++) if ($i == " " n || $i == n) { print $(i+2) - $(i+1); exit } }' <<< "$row"; }
field() { awk -v n="$1" -F'; ' '{ for (i = 1; i < NF; i++) if ($i == " " n || $i == n) { v = $(i+1); sub(/;$/, "", v); print v; exit } }' <<< "$row"; }

src=$(field source)
case $src in
    statsfd|debugfs) t_pass "kvm-live/source-is-$src" ;;
    *) t_fail kvm-live/source "source '$src' (want statsfd or debugfs)" ;;
esac
[ "$(field nvcpu)" = 2 ] && t_pass kvm-live/nvcpu-2 || t_fail kvm-live/nvcpu-2 "nvcpu=$(field nvcpu)"
[ "$(field name)" = "live,vm" ] && t_pass kvm-live/name || t_fail kvm-live/name "name='$(field name)'"
if [ "$src" = statsfd ]; then
    [ "$(field nstats)" = 2 ] && t_pass kvm-live/two-vcpu-stats-fds-read ||
        t_fail kvm-live/two-vcpu-stats-fds-read "nstats=$(field nstats)"
fi
# steal: the run delay of the threads with guest time, between the values read around the sample
steal=$(awk -F'; ' '{ for (i = 1; i < NF; i++) if ($i == " steal_ns" || $i == "steal_ns") { v = $(i+2); sub(/;$/, "", v); print v; exit } }' <<< "$row")
if [ ! -e "/proc/self/schedstat" ]; then
    t_skip kvm-live/steal-is-the-vcpu-threads-run-delay "this kernel has no schedstat (CONFIG_SCHED_INFO)"
elif [ "$(field nsteal)" = "$steal_n2" ] && [ "$steal_n1" = "$steal_n2" ] && [ -n "$steal" ] &&
   [ "$steal" -ge "$steal_s1" ] && [ "$steal" -le "$steal_s2" ]; then
    t_pass "kvm-live/steal-is-the-vcpu-threads-run-delay ($steal_n2 threads)"
else
    t_fail kvm-live/steal-is-the-vcpu-threads-run-delay "nsteal '$(field nsteal)', steal_ns '$steal'; threads with guest time $steal_n1/$steal_n2, run delays $steal_s1..$steal_s2"
fi
d=$(delta mmio_exits)
[ "$d" = 1000 ] && t_pass kvm-live/mmio-exits-plus-1000 || t_fail kvm-live/mmio-exits-plus-1000 "delta=$d"
d=$(delta halt_exits)
[ "$d" = 1 ] && t_pass kvm-live/halt-exits-plus-1 || t_fail kvm-live/halt-exits-plus-1 "delta=$d"
d=$(delta exits)
[ -n "$d" ] && [ "$d" -ge 1001 ] && t_pass kvm-live/exits-at-least-1001 || t_fail kvm-live/exits-at-least-1001 "delta=$d"

# sar shows the row; its rates are the increments over the interval (about 2 s, measured by sadc
# in 1/100 s): mmioexit/s = 1000 / interval, and exit/s / mmioexit/s = exits increment / 1000.
# sar -K EXIT: time, name, exit/s, hltexit/s, mmioexit/s, ..., key
TZ=UTC LC_ALL=C "$BIN/sar" -K EXIT --vm="$pid" -f "$F" > "$T_TMP/sar" 2>&1
read -r r_exit r_mmio < <(awk -v k="$key" '$NF == k && $1 != "Average:" { print $3, $5 }' "$T_TMP/sar")
d_exits=$(delta exits)
if awk -v e="$r_exit" -v m="$r_mmio" -v d="$d_exits" 'BEGIN {
        if (m <= 0) exit 1
        itv = 1000 / m                          # seconds
        if (itv < 1.9 || itv > 10) exit 1       # two sleeps of 1 s in between
        r = e / m - d / 1000
        exit (r < -0.001 || r > 0.001) }'; then
    t_pass kvm-live/sar-rates
else
    t_fail kvm-live/sar-rates "exit/s '$r_exit', mmioexit/s '$r_mmio', exits +$d_exits: $(head -c 800 "$T_TMP/sar")"
fi

# %steal of the VM row (sar -K: time, name, nvm, nvcpu, vcpublk, %gcpu, %vmm, %steal, ...): the
# run delay its threads with guest time gained over the interval, in % of (those threads x the
# interval). Worked out here from the raw steal_ns values that sadf -r prints and the interval
# of sar-rates (1000 / mmioexit/s), to within sar's rounding.
TZ=UTC LC_ALL=C "$BIN/sar" -K --vm="$pid" -f "$F" > "$T_TMP/sar-cpu" 2>&1
r_steal=$(awk -v k="$key" '$NF == k && $1 != "Average:" { print $8 }' "$T_TMP/sar-cpu")
d_steal=$(delta steal_ns)
if awk -v s="$r_steal" -v m="$r_mmio" -v d="$d_steal" -v n="$(field nsteal)" 'BEGIN {
        if (m <= 0 || n <= 0 || d == "" || s == "" || s == "-") exit 1
        want = 100 * d / (n * 1000 / m * 1e9)
        exit (s - want < -0.006 || s - want > 0.006) }'; then
    t_pass "kvm-live/sar-steal ($r_steal %)"
else
    t_fail kvm-live/sar-steal "%steal '$r_steal', steal_ns +$d_steal over nsteal $(field nsteal), mmioexit/s '$r_mmio': $(head -c 600 "$T_TMP/sar-cpu")"
fi

# every report fits 132 columns; the VM is selected by its name exactly as sar prints it
TZ=UTC LC_ALL=C "$BIN/sar" -K ALL --vm="live,vm" -f "$F" > "$T_TMP/sar-all" 2> "$T_TMP/sar-all.err"
why=$(all_reports "$T_TMP/sar-all")
if [ -z "$why" ]; then
    t_pass kvm-live/sar-K-ALL-fits-132-columns-vm-by-printed-name
else
    t_fail kvm-live/sar-K-ALL-fits-132-columns-vm-by-printed-name "$why $(head -c 1200 "$T_TMP/sar-all")"
fi
