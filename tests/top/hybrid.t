#!/usr/bin/env bash
# top: P/E core filtering ('5') shows gu and gn like every other %Cpu line, on hybrid-host (one
# P-core with two threads, cpu0 and cpu1; two E-cores, cpu2 and cpu3). The '5' toggle is kept in the
# rcfile as core_types (0 = plain, 1 = every cpu labelled P or E, 2 = P-cores only, 3 = E-cores only),
# so batch mode reaches all of them; one interactive run checks the key itself (via tmux, top_keys).
# Expected lines and how each number was worked out: expected/hybrid.md.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/top/top-lib.sh"
E=$ROOT/tests/top/expected

cpu_lines() { grep -E '^%Cp' "$1" | strip; }

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

batch() {   # NAME CORE_TYPES EXPECTED
    local name=$1 home
    home=$(top_home "$name" toprc-text "s/core_types=0/core_types=$2/")
    top_out "$name" hybrid-host "$home" -- -b -n 2 -w 120 || return 0
    cpu_lines "$TOP_OUT" > "$TOP_OUT.cpu"
    t_same "$name" "$E/$3" "$TOP_OUT.cpu"
    adds_up "$name" "$TOP_OUT.cpu"
}

batch "top/hybrid: each cpu, no core types (core_types=0)" 0 hybrid-plain.txt
batch "top/hybrid: P and E labels (core_types=1)"         1 hybrid-both.txt
batch "top/hybrid: P-cores only (core_types=2)"           2 hybrid-p.txt
batch "top/hybrid: E-cores only (core_types=3)"           3 hybrid-e.txt

# '5' pressed in the P-cores-only view gives the E-cores-only view; then `d' 1 Enter lets top show
# frame 3 and stop: the final screen is the frame 3 - frame 2 delta of cpu2 and cpu3
name="top/hybrid: key 5 from P-cores only to E-cores only (interactive)"
home=$(top_home "$name" toprc-text 's/core_types=0/core_types=2/')
TOP_STEPS=(5 "%CpE2" d "Change delay from 0.0 to" 1 "to 1" Enter "")
if top_keys "$name" hybrid-host "$home" 120x50 -- -d 0; then
    cpu_lines "$TOP_OUT" > "$TOP_OUT.cpu"
    t_same "$name" "$E/hybrid-key5-last.txt" "$TOP_OUT.cpu"
    adds_up "$name" "$TOP_OUT.cpu"
fi
