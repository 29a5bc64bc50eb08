#!/usr/bin/env bash
# top: an rcfile written by an unmodified procps-ng 4.0.4 top (its `W' command, defaults otherwise)
# loads unchanged: top runs, shows that file's task columns and leaves the guest fields out.
# fixtures/toprc-stock-4.0.4 and the expected header: expected/rcfile.md.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/top/top-lib.sh"
E=$ROOT/tests/top/expected
home=$(top_home rcfile toprc-stock-4.0.4)
name="top/rcfile: a stock 4.0.4 toprc loads"
if top_out "$name" kvm-host "$home" -- -b -n 1 -w 200; then
    if [ -s "$TOP_OUT.err" ]; then
        t_fail "$name" "stderr: $(head -c 300 "$TOP_OUT.err" | tr '\n' ' ')"
    else
        grep -m 1 '^ *PID ' "$TOP_OUT" | strip > "$TOP_OUT.hdr"
        t_same "$name" "$E/rcfile-stock-header.txt" "$TOP_OUT.hdr"
    fi
fi
