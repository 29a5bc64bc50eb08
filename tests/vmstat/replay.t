#!/usr/bin/env bash
# vmstat on the bundled snapshots: exact output. Every number in expected/* is worked out by hand from the
# snapshot's README tables in expected/DERIVATION.md (never produced by running vmstat).
. "$ROOT/tests/lib.sh"

while read -r expected snap args; do
    case $expected in ''|'#'*) continue ;; esac
    # shellcheck disable=SC2086
    t_replay_diff "vmstat $args on $snap" "$snap" "$ROOT/tests/vmstat/expected/$expected" -- vmstat $args
done <<'CASES'
kvm-host.1-3                 kvm-host                 1 3
kvm-host.w-1-2               kvm-host                 -w 1 2
kvm-host.t-1-2               kvm-host                 -t 1 2
kvm-host.y-1-2               kvm-host                 -y 1 2
kvm-host.s                   kvm-host                 -s
kvm-host.a-1-2               kvm-host                 -a 1 2
counters-backwards-total.1-4 counters-backwards-total 1 4
cpu-hotplug.1-4              cpu-hotplug              1 4
stat-width-8.1-3             stat-width-8             1 3
stat-width-9.1-3             stat-width-9             1 3
stat-width-10.1-3            stat-width-10            1 3
CASES

# Replaying is deterministic: two runs give the same bytes.
a=$T_TMP/det.1 b=$T_TMP/det.2
if t_replay_out kvm-host "$a" -- vmstat -t 1 5 2>/dev/null && t_replay_out kvm-host "$b" -- vmstat -t 1 5 2>/dev/null &&
   cmp -s "$a" "$b"; then
    t_pass "vmstat -t 1 5 on kvm-host replays byte for byte the same twice"
else
    t_fail "vmstat -t 1 5 on kvm-host replays byte for byte the same twice" "the two runs differ"
fi

# A 7-column /proc/stat (Linux 2.6.0-2.6.10) is refused by libproc2 (it needs 8 numbers on the cpu line):
# vmstat must say so and fail, not print numbers.
out=$T_TMP/w7
"$REPLAY" "$SNAPS/stat-width-7" -- "$BIN/vmstat" 1 2 > "$out" 2> "$out.err" < /dev/null
rc=$?
if [ $rc -eq 1 ] && [ ! -s "$out" ] && grep -q 'Unable to create system stat structure' "$out.err" &&
   ! t_sanitizer_report "$out.err" >/dev/null; then
    t_pass "vmstat on a 7-column /proc/stat fails with a clear error"
else
    t_fail "vmstat on a 7-column /proc/stat fails with a clear error" "status $rc, stdout $(wc -c < "$out") bytes, stderr: $(head -c 200 "$out.err")"
fi
