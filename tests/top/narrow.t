#!/usr/bin/env bash
# top: where a %Cpu line with gu and gn (98 columns) does not fit. Batch mode prints it whole, past the
# width (-w); an interactive top keeps the eight fields on the line, as always, and puts gu and gn on a
# second line under 'us'; with two cpus a line ('4') the second line holds both cpus' guest fields.
# Expected lines and the rule: expected/narrow.md (numbers: expected/states.md, numa.md).
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/top/top-lib.sh"
E=$ROOT/tests/top/expected

cpu_lines() { grep -E '^%Cpu|^ {8}[ 0-9.]{5} gu,' "$1" | strip; }

check() {   # NAME SNAP FIXTURE SED-EXPR EXPECTED [--frame N] -- TOP-ARGS...
    local name=$1 snap=$2 fixture=$3 edit=$4 expected=$5 home
    shift 5
    home=$(top_home "$name" "$fixture" "$edit")
    top_out "$name" "$snap" "$home" "$@" || return 1
    cpu_lines "$TOP_OUT" > "$TOP_OUT.cpu"
    t_same "$name" "$E/$expected" "$TOP_OUT.cpu"
}

# batch: the whole line at any width (-w 80 and -w 40: each line still ends with "gn")
check "top/narrow: batch, %Cpu(s) at 80 columns, whole" kvm-host toprc-text '' states-summary.txt -- -b -n 3 -w 80 -1
check "top/narrow: batch, each cpu at 80 columns, whole" kvm-host toprc-text '' states-percpu.txt -- -b -n 3 -w 80
check "top/narrow: batch, each cpu at 40 columns, whole" kvm-host toprc-text '' states-percpu.txt -- -b -n 3 -w 40
check "top/narrow: batch, a 100.0 value (cpu-hotplug from frame 1)" cpu-hotplug toprc-text '' \
    hotplug-offline-percpu.txt --frame 1 -- -b -n 1 -w 80
# two cpus a line ('4', double_up=1): 2 x 98 + 2 (separator) - 1 = 197 columns hold them; batch prints
# them whole at 196 and at 80 columns too
check "top/narrow: batch, two cpus a line at 197 columns" kvm-host toprc-text 's/double_up=0/double_up=1/' \
    sidebyside.txt -- -b -n 3 -w 197
check "top/narrow: batch, two cpus a line at 80 columns, whole" kvm-host toprc-text 's/double_up=0/double_up=1/' \
    sidebyside.txt -- -b -n 3 -w 80

# interactive (top_keys in top-lib.sh: the final screen is frame 5 - frame 4)
DELAY1=(d "Change delay from 0.0 to" 1 "to 1" Enter "")
keys() {   # NAME FIXTURE-EDIT COLSxROWS EXPECTED
    local name=$1 home
    home=$(top_home "$name" toprc-text "$2")
    TOP_STEPS=("${DELAY1[@]}")
    top_keys "$name" kvm-host "$home" "$3" -- -d 0 || return 0
    cpu_lines "$TOP_OUT" > "$TOP_OUT.cpu"
    t_same "$name" "$E/$4" "$TOP_OUT.cpu"
}
keys "top/narrow: interactive, each cpu at 80 columns, gu/gn on a second line" '' 80x30 narrow80-percpu-last.txt
keys "top/narrow: interactive, each cpu at 97 columns, one line" '' 97x30 narrow97-percpu-last.txt
keys "top/narrow: interactive, two cpus a line at 196 columns, gu/gn on a second line" \
    's/double_up=0/double_up=1/' 196x30 narrow196-sidebyside-last.txt
