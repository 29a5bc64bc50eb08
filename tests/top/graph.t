#!/usr/bin/env bash
# top: in the graph modes ('t') guest time is a segment of its own, drawn with '#' after the
# user ('|') and system ('|') segments, in bars and in blocks (whose other segments are blank in
# batch mode), and the text before each graph reads user/system/guest and the total.
# 133 columns give cpu graphs of exactly 100 characters (one per percent). (Upstream's modern defaults,
# graphs two cpus a line, are tested in defaults.t.)
# Expected lines and their derivation: expected/graph.md.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/top/top-lib.sh"
E=$ROOT/tests/top/expected

check() {   # NAME FIXTURE SED-EXPR EXPECTED -- TOP-ARGS...
    local home
    home=$(top_home "$1" "$2" "$3")
    top_out "$1" kvm-host "$home" "${@:5}" || return 0
    grep '^%Cpu' "$TOP_OUT" | strip > "$TOP_OUT.cpu"
    t_same "$1" "$E/$4" "$TOP_OUT.cpu"
}

check "top/graph: bars, each cpu, 3 frames" toprc-graph '' graph-bars.txt -- -b -n 3 -w 133
check "top/graph: blocks, each cpu, 3 frames" toprc-graph 's/graph_cpus=1/graph_cpus=2/' graph-blocks.txt -- -b -n 3 -w 133
