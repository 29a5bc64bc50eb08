#!/usr/bin/env bash
# top: on an 80-column terminal every field of the %Cpu lines stays visible (the compact form);
# the roomy form is used from 97 columns on (per line of cpus shown side by side with '4').
# Expected lines and the rule: expected/compact80.md (numbers: expected/states.md).
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/top/top-lib.sh"
E=$ROOT/tests/top/expected

check() {   # NAME SNAP FIXTURE SED-EXPR EXPECTED [--frame N] -- TOP-ARGS...
    local name=$1 snap=$2 fixture=$3 edit=$4 expected=$5 home
    shift 5
    home=$(top_home "$name" "$fixture" "$edit")
    top_out "$name" "$snap" "$home" "$@" || return 1
    grep '^%Cpu' "$TOP_OUT" | strip > "$TOP_OUT.cpu"
    t_same "$name" "$E/$expected" "$TOP_OUT.cpu"
}

# within 80 columns: NAME FILE -- every %Cpu line (trailing blank included) fits and shows all ten labels
fits80() {
    local bad
    bad=$(grep '^%Cpu' "$2" | awk '{ n = 0; for (i = 1; i <= NF; i++) if ($i ~ /(us|sy|ni|id|wa|hi|si|st|gu|gn)$/) n++
                                     if (length($0) > 80 || n != 10) print "line " NR ": " length($0) " columns, " n " labels" }')
    if [ -z "$bad" ] && grep -q '^%Cpu' "$2"; then t_pass "$1"; else t_fail "$1" "${bad:-no %Cpu line}"; fi
}

if check "top/compact80: %Cpu(s) at 80 columns" kvm-host toprc-text '' compact-summary.txt -- -b -n 3 -w 80 -1; then
    fits80 "top/compact80: %Cpu(s) fits in 80 columns with all ten fields" "$TOP_OUT"
fi
if check "top/compact80: each cpu at 80 columns" kvm-host toprc-text '' compact-percpu.txt -- -b -n 3 -w 80; then
    fits80 "top/compact80: each cpu fits in 80 columns with all ten fields" "$TOP_OUT"
fi
check "top/compact80: a 100.0 value is written 100 (cpu-hotplug from frame 1)" cpu-hotplug toprc-text '' \
    hotplug-offline-compact.txt --frame 1 -- -b -n 1 -w 80

# where the two forms meet: 97 columns hold the roomy line (all but its trailing blank), 96 do not
check "top/compact80: 97 columns, roomy" kvm-host toprc-text '' states-summary.txt  -- -b -n 3 -w 97 -1
check "top/compact80: 96 columns, compact" kvm-host toprc-text '' compact-summary.txt -- -b -n 3 -w 96 -1
# two cpus a line ('4', double_up=1): 2 x 98 + 2 (separator) - 1 = 197 columns for the roomy form
check "top/compact80: two cpus a line at 197 columns, roomy" kvm-host toprc-text 's/double_up=0/double_up=1/' \
    sidebyside-roomy.txt -- -b -n 3 -w 197
check "top/compact80: two cpus a line at 196 columns, compact" kvm-host toprc-text 's/double_up=0/double_up=1/' \
    sidebyside-compact.txt -- -b -n 3 -w 196
