#!/usr/bin/env bash
# top: the per-task guest fields GTIME+ (cumulative guest time, honouring S) and %GU (guest share
# of a cpu in the last interval, never above %CPU), for the QEMU processes and their vCPU threads
# (H), shown, listed by -O and sorted with -o. Expected rows and their derivation: expected/tasks.md.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/top/top-lib.sh"
E=$ROOT/tests/top/expected
home=$(top_home tasks toprc-text)

# first N PIDs of each display, sorted as top sorted them
first_pids() {
    awk -v n="$1" '/^top - /{ if (line != "") print line; line = ""; k = 0; inrows = 0; next }
                   /^ *PID /{ inrows = 1; next }
                   inrows && NF && k < n { line = line (k ? " " : "") $1; k++ }
                   END { if (line != "") print line }'
}

# %GU never above %CPU: NAME FILE (columns 5 and 6 of the fixture's layout)
gu_le_cpu() {
    local bad
    bad=$(awk '/^ *PID /{ inrows = 1; next } /^top - /{ inrows = 0 } inrows && NF && $6 + 0 > $5 + 0 { print $1 ": %CPU " $5 " %GU " $6 }' "$2")
    if [ -z "$bad" ]; then t_pass "$1"; else t_fail "$1" "$bad"; fi
}

rows() {   # NAME EXPECTED PIDS -- TOP-ARGS...
    local name=$1 expected=$2 pids=$3
    shift 3
    top_out "$name" kvm-host "$home" "$@" || return 0
    task_rows "$pids" < "$TOP_OUT" > "$TOP_OUT.rows"
    t_same "$name" "$E/$expected" "$TOP_OUT.rows"
    gu_le_cpu "$name: %GU <= %CPU on every row" "$TOP_OUT"
}

order() {   # NAME EXPECTED N -- TOP-ARGS...
    local name=$1 expected=$2 n=$3
    shift 3
    top_out "$name" kvm-host "$home" "$@" || return 0
    first_pids "$n" < "$TOP_OUT" > "$TOP_OUT.order"
    t_same "$name" "$E/$expected" "$TOP_OUT.order"
}

rows "top/tasks: processes, 3 frames" tasks-procs.txt "1 812 3000 4242 5151" -- -b -n 3 -w 120
rows "top/tasks: threads (-H), 3 frames" tasks-threads.txt "4242 4243 4250 4251 5151 5152 5160" -- -b -n 3 -w 120 -H
rows "top/tasks: cumulative mode (-S)" tasks-cumulative.txt "1 812 3000 4242 5151" -- -b -n 1 -w 120 -S

order "top/tasks: -o %GU sorts processes by guest share" tasks-sort-gu.txt 2 -- -b -n 3 -w 120 -o %GU
order "top/tasks: -o %GU sorts vCPU threads by guest share" tasks-sort-gu-threads.txt 3 -- -b -n 3 -w 120 -H -o %GU
order "top/tasks: -S -o GTIME+ sorts by guest time with children's" tasks-sort-gtime-cumulative.txt 3 -- -b -n 1 -w 120 -S -o GTIME+

if top_out "top/tasks: -O" kvm-host "$home" -- -O; then
    tail -n 2 "$TOP_OUT" > "$TOP_OUT.last"
    t_same "top/tasks: -O lists GTIME+ and %GU last" "$E/tasks-fields.txt" "$TOP_OUT.last"
fi

# thread view with command lines (-H -c): a thread that named itself shows its own name, the others the
# command line (cut here to 40 columns); expected/tasks.md, "Thread names"
if top_out "top/tasks: -H -c" kvm-host "$home" -- -b -n 1 -w 200 -H -c; then
    awk '/^ *PID /{ c = index($0, "COMMAND"); inrows = 1; next } inrows && NF { print $1 " " substr($0, c, 40) }' "$TOP_OUT" |
        grep -E '^(4242|4243|4250|4251|5151|5152|5160) ' | sort -n | strip > "$TOP_OUT.cmd"
    t_same "top/tasks: thread view with command lines names each vCPU thread" "$E/tasks-threads-cmdline.txt" "$TOP_OUT.cmd"
fi
