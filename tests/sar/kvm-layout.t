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

# The layout itself: sysstat describes an item by its numbers of fields of each type
# (STATS_KVM_ULL/UL/U, then the char arrays) and remaps old files by those numbers alone, so the
# structure must have no padding, and the same size and offsets on 32- and 64-bit (a file written
# on one is read on the other). Checked at compile time (-fsyntax-only: no 32-bit libc needed):
# 21 x 8 + 8 x 4 + 24 + 64 = 288 bytes. Layout 1 failed it on 64-bit (280, 4 bytes of padding).
cat > "$T_TMP/layout.c" <<'C'
#include <stddef.h>
#include "kvm_calc.h"
#define CHECK(name, cond) typedef char name[(cond) ? 1 : -1]
CHECK(no_padding, sizeof(struct stats_kvm) == STATS_KVM_ULL * 8 + STATS_KVM_UL * 8 +
      STATS_KVM_U * 4 + MAX_KVM_KEY_LEN + MAX_KVM_NAME_LEN);
CHECK(size_288, sizeof(struct stats_kvm) == 288);
CHECK(ull_first, offsetof(struct stats_kvm, steal_ns) == (STATS_KVM_ULL - 1) * 8);
CHECK(uint_next, offsetof(struct stats_kvm, nvm) == STATS_KVM_ULL * 8);
CHECK(nsteal_last_uint, offsetof(struct stats_kvm, nsteal) == STATS_KVM_ULL * 8 + (STATS_KVM_U - 1) * 4);
CHECK(key_after_uints, offsetof(struct stats_kvm, key) == STATS_KVM_ULL * 8 + STATS_KVM_U * 4);
C
for m in -m64 -m32; do
    if ! ${CC:-cc} "$m" -std=c99 -fsyntax-only -x c /dev/null 2> /dev/null; then
        t_skip "layout/struct-stats_kvm$m" "${CC:-cc} does not compile with $m"
    elif out=$(${CC:-cc} "$m" -std=c99 -fsyntax-only -I"$ROOT/src-sar-kvm" "$T_TMP/layout.c" 2>&1); then
        t_pass "layout/struct-stats_kvm$m"
    else
        t_fail "layout/struct-stats_kvm$m" "$(grep -m3 'error' <<< "$out" | tr '\n' ' ')"
    fi
done
