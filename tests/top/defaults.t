#!/usr/bin/env bash
# top with no rcfile. Ours is built with the startup defaults Debian uses (--disable-modern-top): its
# first screen shows the %Cpu(s) line with gu and gn, and -o %GU sorts on the first refresh's guest
# shares (the library's PIDS_TICS_GUEST_DELTA, primed like %CPU). Upstream's modern defaults (bars, two
# cpus a line; $BUILD/modern/bin/top) show whole percents at 80 columns so that the graphs keep their
# width. Expected lines and their derivation: expected/states.md, tasks.md, graph.md.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/top/top-lib.sh"
E=$ROOT/tests/top/expected

if [ -e /etc/topdefaultrc ]; then   # top's system-wide defaults file would replace its built-in ones
    t_skip "top/defaults" "/etc/topdefaultrc exists on this machine"
    exit 0
fi
home=$(top_home defaults -)

# the first screen: display 1 of states-summary.txt
if top_out "top/defaults: first screen" kvm-host "$home" -- -b -n 1 -w 80; then
    grep '^%Cpu' "$TOP_OUT" | strip > "$TOP_OUT.cpu"
    head -n 1 "$E/states-summary.txt" > "$TOP_OUT.want"
    t_same "top/defaults: first screen, %Cpu(s) with gu and gn" "$TOP_OUT.want" "$TOP_OUT.cpu"
fi

# -o %GU on the first refresh: 4242 (%GU 70.0), then 5151 (20.0); every other task has 0.0 (tasks.md)
if top_out "top/defaults: -o %GU" kvm-host "$home" -- -b -n 1 -w 200 -o %GU; then
    got=$(awk '/^ *PID /{ inrows = 1; next } inrows && NF { printf "%s%s", (k++ ? " " : ""), $1; if (k == 2) exit }' "$TOP_OUT")
    if [ "$got" = "4242 5151" ]; then
        t_pass "top/defaults: -o %GU sorts on the first refresh's guest shares"
    else
        t_fail "top/defaults: -o %GU sorts on the first refresh's guest shares" "first PIDs: $got (want 4242 5151)"
    fi
fi

# upstream's modern defaults (one binary, built with the release flags: tested in the release pass)
if [ "${VARIANT:-release}" = release ]; then
    if [ -x "$BUILD/modern/bin/top" ]; then
        if BIN=$BUILD/modern/bin top_out "top/defaults: modern, 80 columns" kvm-host "$home" -- -b -n 1 -w 80; then
            grep '^%Cpu' "$TOP_OUT" | strip > "$TOP_OUT.cpu"
            t_same "top/defaults: modern defaults at 80 columns (graphs, two cpus a line)" "$E/graph-defaults-80.txt" "$TOP_OUT.cpu"
        fi
    else
        t_fail "top/defaults: modern defaults" "$BUILD/modern/bin/top is missing (make check builds it)"
    fi
fi
