#!/usr/bin/env bash
# top: the %Cpu lines show gu and gn after st, us without guest, ni without guest_nice, over the
# eight base fields -- for the summary (-1), each cpu, merged cpus ('!') and through cpu hotplug.
# Roomy form (-w 120). Expected lines and how each number was worked out: expected/states.md.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/top/top-lib.sh"
E=$ROOT/tests/top/expected

# the %Cpu lines of a run, without top's trailing blank
cpu_lines() { grep -E "^(%Cpu|[0-9]+-[0-9]+ +:)" "$1" | strip; }

# sums FILE: the lines of FILE whose ten values do not add up to 100 within their rounding
sums() {
    awk '{ s = 0; n = 0; line = $0; sub(/^[^:]*:/, "", line)
           while (match(line, /[0-9]+\.[0-9]/)) { s += substr(line, RSTART, RLENGTH); n++; line = substr(line, RSTART + RLENGTH) }
           if (n != 10 || s < 99.5 || s > 100.5) print "line " NR ": " n " values, sum " s }' "$1"
}

check() {   # NAME SNAP FIXTURE EXPECTED [--frame N] -- TOP-ARGS...
    local name=$1 snap=$2 fixture=$3 expected=$4 home bad
    shift 4
    home=$(top_home "$name" "$fixture")
    top_out "$name" "$snap" "$home" "$@" || return 0
    cpu_lines "$TOP_OUT" > "$TOP_OUT.cpu"
    t_same "$name" "$E/$expected" "$TOP_OUT.cpu"
    # and, as a property of its own: ten values adding up to 100 (each is rounded to 0.1)
    bad=$(sums "$TOP_OUT.cpu")
    if [ -s "$TOP_OUT.cpu" ] && [ -z "$bad" ]; then t_pass "$name: each line adds up to 100"
    else t_fail "$name: each line adds up to 100" "${bad:-no %Cpu line}"; fi
}

check "top/states: %Cpu(s) line, kvm-host, 3 frames"    kvm-host toprc-text   states-summary.txt -- -b -n 3 -w 120 -1
check "top/states: each cpu, kvm-host, 3 frames"        kvm-host toprc-text   states-percpu.txt  -- -b -n 3 -w 120
check "top/states: merged cpus (!), kvm-host, 3 frames" kvm-host toprc-merged states-merged.txt  -- -b -n 3 -w 120
check "top/states: each cpu, cpu-hotplug, 2 frames"     cpu-hotplug toprc-text hotplug-percpu.txt  -- -b -n 2 -w 120
check "top/states: %Cpu(s), cpu-hotplug, 2 frames"      cpu-hotplug toprc-text hotplug-summary.txt -- -b -n 2 -w 120 -1
check "top/states: each cpu, cpu2 offline (from frame 1)" cpu-hotplug toprc-text hotplug-offline-percpu.txt \
    --frame 1 -- -b -n 1 -w 120
check "top/states: %Cpu(s), cpu2 offline (from frame 1)"  cpu-hotplug toprc-text hotplug-offline-summary.txt \
    --frame 1 -- -b -n 1 -w 120 -1

