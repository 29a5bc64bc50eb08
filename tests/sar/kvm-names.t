#!/bin/bash
# A hostile guest name (ESC sequence, ; " < > & ' \ , non-UTF-8 byte, newline) must be escaped
# everywhere: terminal, CSV, JSON, XML. Values: tests/sar/expected/kvm-names.md.
# Also: every bad --vm= list is refused with the usage message.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"
kvm_snaps kvm-evilname

t_replay_diff sar-K/evil-name $MYSNAPS/kvm-evilname "$EXP/kvm-evilname.K-ALL" -- sar -K ALL 1 2
F=$T_TMP/evil.sa
if kvm_record sadc-S-XKVM/evil $MYSNAPS/kvm-evilname "$F" 3 XKVM; then
    kvm_cmd sadf-d/evil "$EXP/kvm-evilname.sadf-d" -- sadf -d "$F" -- -K ALL
    # same number of fields on every line (the name cannot add a ';' or a line)
    n=$(awk -F';' '{print NF}' "$T_TMP/sadf-d_evil.out" | sort -u | tr '\n' ' ')
    [ "$n" = "28 " ] && t_pass sadf-d/evil-fields || t_fail sadf-d/evil-fields "field counts: $n"
    kvm_cmd sadf-j/evil "$EXP/kvm-evilname.sadf-j" -- sadf -j "$F" -- -K ALL
    kvm_json sadf-j/evil-valid "$T_TMP/sadf-j_evil.out"
    kvm_cmd sadf-x/evil "$EXP/kvm-evilname.sadf-x" -- sadf -x "$F" -- -K ALL
    kvm_xml sadf-x/evil-valid "$T_TMP/sadf-x_evil.out"
    # no control byte at all in any output
    if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$T_TMP"/sadf-*_evil.out "$T_TMP"/sar-K_evil-name.out; then
        t_fail output/evil-no-control-bytes "$(LC_ALL=C grep -l $'[\x01-\x08\x0b-\x1f\x7f]' "$T_TMP"/*evil*.out)"
    else
        t_pass output/evil-no-control-bytes
    fi
    # the filter matches the escaped name as displayed
    kvm_cmd sadf-d/evil-filter "$EXP/kvm-evilname.sadf-d-filter" -- sadf -d "$F" -- -K --vm='\x1b[31mevil\x3b\x22\x3cx\x3e\x26\x27y\x5c,,z\xff\x0aw'
fi

# Bad --vm= lists: usage message on stderr, exit status 1, nothing on stdout
for arg in --vm= --vm=,a --vm=a, --vm=a,,, --vm=$(printf 'x%.0s' $(seq 64)); do
    for tool in sar sadf; do
        out=$T_TMP/bad.out
        "$BIN/$tool" -K "$arg" 1 1 > "$out" 2> "$out.err" < /dev/null
        rc=$?
        if [ $rc -eq 1 ] && grep -q '^Usage:' "$out.err" && [ ! -s "$out" ]; then
            t_pass "$tool/bad-vm-list:$arg"
        else
            t_fail "$tool/bad-vm-list:$arg" "exit $rc, stderr: $(head -c 200 "$out.err")"
        fi
    done
done
out=$T_TMP/bad.out
"$BIN/sadc" -S KVMX 1 1 "$T_TMP/x.sa" > "$out" 2> "$out.err" < /dev/null
rc=$?
if [ $rc -eq 1 ] && grep -q 'KVM |' "$out.err" && [ ! -e "$T_TMP/x.sa" ]; then
    t_pass sadc/bad-S-keyword
else
    t_fail sadc/bad-S-keyword "exit $rc, stderr: $(head -c 200 "$out.err")"
fi

# The guest name is read once per VMM process (pid and start time: rd_kvm.c, read_proc_info()), not
# every sample: in kvm-renamed, web01's process shows "guest=renamed" from frame 1 on, its start time
# unchanged, so every record still names it web01 (db,primary is untouched).
# Expected by hand: sadf -d prints records 2 and 3 (the intervals), one line per VM each.
kvm_snaps kvm-renamed
F=$T_TMP/renamed.sa
if kvm_record sadc-S-KVM/renamed $MYSNAPS/kvm-renamed "$F" 3; then
    "$BIN/sadf" -d "$F" -- -K > "$T_TMP/renamed.csv" 2> "$T_TMP/renamed.err"
    got=$(awk -F';' '$4 == "4242-11" {print $NF}' "$T_TMP/renamed.csv" | tr '\n' ' ')
    if [ "$got" = "web01 web01 " ]; then
        t_pass sadf-d/name-once-per-process
    else
        t_fail sadf-d/name-once-per-process "names of 4242-11: '$got' (expected 'web01 web01 ')"
    fi
fi

# Two VMs of one guest name (kvm-samename: both web01): --vm=web01 selects both, in every format;
# sadf -g draws both in the views that compare VMs, each titled with its key since the names are
# equal ("web01 (4242-11)", "web01 (5151-12)"). One --vm= element selecting two VMs used to find
# one slot only in sadf -g (slots were counted from the --vm= list): one VM drawn, titled "web01".
kvm_snaps kvm-samename
F=$T_TMP/samename.sa
if kvm_record sadc-S-KVM/samename $MYSNAPS/kvm-samename "$F" 3; then
    "$BIN/sadf" -d "$F" -- -K --vm=web01 > "$T_TMP/samename.csv" 2>&1
    got=$(awk -F';' '$4 != "all" && !/^#/ {print $4}' "$T_TMP/samename.csv" | tr '\n' ' ')
    [ "$got" = "4242-11 5151-12 4242-11 5151-12 " ] && t_pass sadf-d/samename-vm-filter ||
        t_fail sadf-d/samename-vm-filter "rows: '$got'"
    "$BIN/sadf" -g "$F" -- -K --vm=web01 > "$T_TMP/samename.svg" 2> "$T_TMP/samename.svg.err"
    n1=$(grep -c 'web01 (4242-11)' "$T_TMP/samename.svg")
    n2=$(grep -c 'web01 (5151-12)' "$T_TMP/samename.svg")
    # two views compare the VMs (exits, %gcpu): each VM's title once in each
    if [ "$n1" = 2 ] && [ "$n2" = 2 ]; then
        t_pass sadf-g/samename-both-drawn
    else
        t_fail sadf-g/samename-both-drawn "titles: 4242-11 $n1, 5151-12 $n2 (expected 2 and 2)"
    fi
fi
