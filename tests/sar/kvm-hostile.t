#!/bin/bash
# Hostile and broken input to sadc, sar and sadf (issue: "Hostile and broken input").
# Values: tests/sar/expected/kvm-hostile.md. Every check here failed before the fixes it names.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"
kvm_snaps kvm-reset kvm-eperm1 kvm-badblk kvm-statsfd-hostile kvm-statsfd-dup

# A debugfs counter reset by a write (echo 0 >): that VM's counters are absent for the interval,
# never its since-start total (before: exit/s 50040000.00 for web01 at step 2)
t_replay_diff sar-K/reset $MYSNAPS/kvm-reset "$EXP/kvm-reset.K-ALL" -- sar -K ALL 1 3
kvm_core_all sar-K/reset-core $MYSNAPS/kvm-reset "$EXP/kvm-reset.K" 3
# One refused debugfs file is not lockdown (before: every VM went to the binary stats path,
# which this host lacks: every counter absent)
t_replay_diff sar-K/eperm1 $MYSNAPS/kvm-eperm1 "$EXP/kvm-eperm1.K-ALL" -- sar -K ALL 1 2
kvm_core_all sar-K/eperm1-core $MYSNAPS/kvm-eperm1 "$EXP/kvm-eperm1.K" 2
# blocking = 2^64 - 1 for a 2-vCPU VM: absent (before: 4294967295)
t_replay_diff sar-K/badblk $MYSNAPS/kvm-badblk "$EXP/kvm-badblk.K-ALL" -- sar -K ALL 1 2
# Binary stats fds: one missing (before: web01 exit/s 10000.00, half), one swapped for a file of
# the VMM (before: db,primary exit/s 999999999990000.00 from fake numbers), one malformed
t_replay_diff sar-K/statsfd-hostile $MYSNAPS/kvm-statsfd-hostile "$EXP/kvm-statsfd-hostile.K-ALL" \
    -- sar -K ALL 1 4
# Two stats fds of one vCPU (3 for 2 vCPUs): each vCPU must have exactly one (before: web01 exit/s
# 30000.00, vCPU 0 counted twice, and vcpublk 3 of 2 vCPUs)
t_replay_diff sar-K/statsfd-dup $MYSNAPS/kvm-statsfd-dup "$EXP/kvm-statsfd-dup.K-ALL" -- sar -K ALL 1 2

# An sa file whose VM key and name fill their fields with no NUL, with terminal escapes:
# db,primary's key becomes ESC ] 2 ; P W N E D BEL + 14 'K' (24 bytes, OSC "set window title"),
# its name ESC [ 3 1 m + 59 'N' (64 bytes, "red"), the item's 4 padding bytes 'P'. Each tool must print the key cut to 23 bytes and
# made printable ("?]2?PWNED?" + 13 'K') and the name cut to 63 ("?[31m" + 58 'N'), and nothing
# else may change: with these two strings put back, the output equals that of the intact file
# (before: sar printed the escapes raw, and every tool read past the key into the name and
# beyond). The file is recorded from kvm-host (sadc -S XKVM, 3 samples).
F=$T_TMP/host.sa
H=$T_TMP/hostile.sa
if kvm_record sadc-S-XKVM/hostile-base kvm-host "$F" 3 XKVM; then
    python3 - "$F" "$H" <<'EOF'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
key = b'\x1b]2;PWNED\x07' + b'K' * 14
name = b'\x1b[31m' + b'N' * 59
assert len(key) == 24 and len(name) == 64
n, i = 0, d.find(b'5151-12\x00')
while i >= 0:
    assert d[i + 24:i + 34] == b'db,primary'
    d[i:i + 24] = key
    d[i + 24:i + 88] = name
    # the name ends the 288-byte item (no padding, on 32- and 64-bit): no NUL before the next
    # item, or before the end of sadf's buffer after the last item
    n += 1
    i = d.find(b'5151-12\x00', i + 88)
assert n == 3, n
open(sys.argv[2], 'wb').write(bytes(d))
EOF
    SKEY='?]2?PWNED?KKKKKKKKKKKKK'
    SNAME='?[31mNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN'
    for fmt in 'sar:-K ALL' 'sadf:-d' 'sadf:-p' 'sadf:-j' 'sadf:-x' 'sadf:-r' 'sadf:-g' 'sar:-K ALL -x'; do
        tool=${fmt%%:*} opt=${fmt#*:}
        name=$tool$(printf '%s' "$opt" | tr -d ' ')
        if [ "$tool" = sar ]; then
            args=(-f FILE $opt)
        else
            args=($opt FILE -- -K ALL)
        fi
        for w in F H; do
            f=${!w}
            TZ=UTC LC_ALL=C "$BIN/$tool" "${args[@]/FILE/$f}" > "$T_TMP/$name.$w" 2> "$T_TMP/$name.$w.err" < /dev/null
            echo $? > "$T_TMP/$name.$w.rc"
        done
        out=$T_TMP/$name.H
        if t_sanitizer_report "$out.err" > "$out.san"; then
            t_fail "hostile-file/$name" "sanitizer: $(tr '\n' ' ' < "$out.san" | head -c 600)"
        elif [ "$(cat "$out.rc")" != 0 ] || [ "$(cat "$T_TMP/$name.F.rc")" != 0 ]; then
            t_fail "hostile-file/$name" "exit status $(cat "$out.rc") (intact file: $(cat "$T_TMP/$name.F.rc")): $(head -c 300 "$out.err")"
        elif LC_ALL=C grep -q "$(printf '[\033\007]')" "$out"; then
            t_fail "hostile-file/$name" "an escape byte reached the output: $(LC_ALL=C grep -n "$(printf '[\033\007]')" "$out" | head -2 | cat -v)"
        elif { [ "$name" != sadf-g ] && ! grep -q -F "$SKEY" "$out"; } || ! grep -q -F "$SNAME" "$out"; then
            # (sadf -g names a VM by its guest name alone, unless two VMs shown have one name)
            t_fail "hostile-file/$name" "the key or name is not printed as $SKEY, $SNAME: $(grep -F 'PWNED' "$out" | head -2 | cat -v | head -c 300)"
        elif [ "$tool" = sar ] && ! diff -u "$T_TMP/$name.F" <(sed -e "s/$SKEY/5151-12/g" -e "s/?\[31mN\{58\}/db,primary      /g" "$out") > "$out.diff" 2>&1; then
            # sar prints the name first in 16 columns ("db,primary      "): the 63-byte name pushes
            # the row right; the key comes last
            t_fail "hostile-file/$name" "with the key and name put back, the output differs from the intact file's:"
            head -n 20 "$out.diff" | sed 's/^/    /'
        elif [ "$tool" = sadf ] && ! diff -u "$T_TMP/$name.F" <(sed -e "s/$SKEY/5151-12/g" -e "s/?\[31mN\{58\}/db,primary/g" "$out") > "$out.diff" 2>&1; then
            t_fail "hostile-file/$name" "with the key and name put back, the output differs from the intact file's:"
            head -n 20 "$out.diff" | sed 's/^/    /'
        else
            t_pass "hostile-file/$name"
        fi
    done
    kvm_json hostile-file/sadf-j-valid "$T_TMP/sadf-j.H"
    kvm_xml hostile-file/sadf-x-valid "$T_TMP/sadf-x.H"
fi
