#!/usr/bin/env bash
# top: the NUMA views show gu and gn like every other %Cpu line -- '2' (%Cpu(s), then one line per
# node) and '3' (one node, then its cpus) -- on kvm-host, whose two nodes hold cpus 0-1 and 2-3.
# '2' is a window flag that the rcfile keeps (View_CPUNOD, 0x400000 in winflags), so it is tested in
# batch mode; the node that '3' expands is not kept anywhere, so '3' (and '2' as a key) are tested by
# driving an interactive top through tmux (top_keys in top-lib.sh explains why that is deterministic).
# Expected lines and how each number was worked out: expected/numa.md.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/top/top-lib.sh"
E=$ROOT/tests/top/expected
# toprc-text with View_CPUNOD: winflags 162100 + 4194304 (0x400000) = 4356404
NODES='s/winflags=162100/winflags=4356404/'

cpu_lines() { grep -E '^%(Cpu|Node)' "$1" | strip; }

# sums FILE: the lines of FILE whose ten values do not add up to 100 within their rounding
sums() {
    awk '{ s = 0; n = 0; line = $0; sub(/^[^:]*:/, "", line)
           while (match(line, /[0-9]+\.[0-9]/)) { s += substr(line, RSTART, RLENGTH); n++; line = substr(line, RSTART + RLENGTH) }
           if (n != 10 || s < 99.5 || s > 100.5) print "line " NR ": " n " values, sum " s }' "$1"
}
adds_up() {   # NAME FILE
    local bad
    bad=$(sums "$2")
    if [ -s "$2" ] && [ -z "$bad" ]; then t_pass "$1: each line adds up to 100"
    else t_fail "$1: each line adds up to 100" "${bad:-no %Cpu line}"; fi
}

batch() {   # NAME EXPECTED -- TOP-ARGS...
    local name=$1 expected=$2 home
    shift 2
    home=$(top_home "$name" toprc-text "$NODES")
    top_out "$name" kvm-host "$home" "$@" || return 0
    cpu_lines "$TOP_OUT" > "$TOP_OUT.cpu"
    t_same "$name" "$E/$expected" "$TOP_OUT.cpu"
    adds_up "$name" "$TOP_OUT.cpu"
}

keys() {   # NAME FIXTURE-EDIT EXPECTED (steps in TOP_STEPS)
    local name=$1 home
    home=$(top_home "$name" toprc-text "$2")
    top_keys "$name" kvm-host "$home" 120x50 -- -d 0 || return 0
    cpu_lines "$TOP_OUT" > "$TOP_OUT.cpu"
    t_same "$name" "$E/$3" "$TOP_OUT.cpu"
    adds_up "$name" "$TOP_OUT.cpu"
}

batch "top/numa: view 2 (nodes), kvm-host, 3 frames" numa-nodes.txt -- -b -n 3 -w 120
batch "top/numa: view 2 (nodes) at 80 columns, whole lines in batch mode" numa-nodes.txt -- -b -n 3 -w 80

# the keys; every step ends with `d' 1 Enter, after which top shows frames 3, 4 and 5 and stops:
# the final screen is the frame 5 - frame 4 delta
DELAY1=(d "Change delay from 0.0 to" 1 "to 1" Enter "")
TOP_STEPS=(2 "%Node1" "${DELAY1[@]}")
keys "top/numa: key 2 from the cpu view (interactive)" '' numa-key2-last.txt
TOP_STEPS=(3 "expand which numa node (0-1)" 0 "(0-1) 0" Enter "%Cpu0  :" "${DELAY1[@]}")
keys "top/numa: key 3, node 0 (interactive)" "$NODES" numa-key3-node0-last.txt
TOP_STEPS=(3 "expand which numa node (0-1)" 1 "(0-1) 1" Enter "%Cpu2  :" "${DELAY1[@]}")
keys "top/numa: key 3, node 1 (interactive)" "$NODES" numa-key3-node1-last.txt
