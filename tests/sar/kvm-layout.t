#!/bin/bash
# Files of an older layout of struct stats_kvm stay readable: tests/sar/data/kvm-host-layout1.sa
# was recorded by the sadc of commit fe77485 (layout 1: types (20,0,7), 276/280-byte items, no
# steal fields) with `sadc -S XKVM 1 6` on tests/snapshots/kvm-host, as kvm-host.t records it.
# Layout 2 (69abde1) appends steal_ns to the unsigned long long fields and nsteal to the unsigned
# int ones (types (21,0,8), 288 bytes) under the same magic; sysstat's remap_struct() moves the
# fields of an old file into place and zeroes the new ones, whose present bit is unset. So the
# report of the old file must be the hand-checked one of kvm-host (expected/kvm-host.K-ALL.file)
# with every %steal "-" (unknown, never 0) and every other character the same.
# variants: release
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"

F=$ROOT/tests/sar/data/kvm-host-layout1.sa
got=$(TZ=UTC LC_ALL=C "$BIN/sadf" -H "$F" 2>&1 | grep A_KVM)
case $got in
    *'(20,0,7)') t_pass layout/old-file-is-layout-1 ;;
    *) t_fail layout/old-file-is-layout-1 "sadf -H: '$got'" ;;
esac
out=$T_TMP/old.out
if TZ=UTC LC_ALL=C "$BIN/sar" -K ALL -f "$F" > "$out" 2> "$out.err" < /dev/null; then
    # the expected report with the %steal column (" %7s" after the %vmm one) set to "-"
    want=$(awk '
        /^$/ { col = 0; print; next }
        $2 == "VM" { col = ($0 ~ / %steal /) ? index($0, " %steal") - 1 : 0; print; next }
        col { $0 = substr($0, 1, col - 1) sprintf(" %7s", "-") substr($0, col + 8) }
        { print }' "$EXP/kvm-host.K-ALL.file")
    if [ "$want" = "$(cat "$out")" ] && grep -q ' %steal ' "$out"; then
        t_pass layout/old-file-read-with-steal-absent
    else
        t_fail layout/old-file-read-with-steal-absent "$(diff <(printf '%s\n' "$want") "$out" | head -6)"
    fi
else
    t_fail layout/old-file-read-with-steal-absent "exit $?: $(head -c 300 "$out.err")"
fi
