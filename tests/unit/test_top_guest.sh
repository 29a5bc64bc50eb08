#!/usr/bin/env bash
# tests/unit/test_top_guest.sh - build and run the top_guest unit tests (tests/unit/test_top_guest.c),
# printing one PASS/FAIL line per test like the other unit tests in tests/run-all.
# top_guest.c includes "../guesttime.h" as it sits in src/top/ of the procps tree, so the sources are
# copied into that layout first.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-$ROOT/build}
dir=$BUILD/tests/top_guest
rm -rf "$dir" && mkdir -p "$dir/src/top" || { echo "FAIL unit/top_guest: cannot create $dir"; exit 0; }
cp "$ROOT/src-common/guesttime.c" "$ROOT/src-common/guesttime.h" "$dir/src/"
cp "$ROOT/src-top/top_guest.c" "$ROOT/src-top/top_guest.h" "$dir/src/top/"
if ! gcc -std=c99 -Wall -Wextra -Wpedantic -Werror -O2 -I"$dir/src/top" -o "$dir/test_top_guest" \
        "$dir/src/guesttime.c" "$dir/src/top/top_guest.c" "$ROOT/tests/unit/test_top_guest.c" \
        $(pkg-config --cflags --libs check) 2> "$dir/cc.log"; then
    echo "FAIL unit/top_guest: does not compile: $(head -c 300 "$dir/cc.log" | tr '\n' ' ')"
    exit 0
fi
out=$(CK_VERBOSITY=verbose "$dir/test_top_guest" 2>&1)
printf '%s\n' "$out" | awk -F: '
    $3 == "P" { print "PASS unit/top_guest/" $5 }
    $3 == "F" || $3 == "E" { msg = $0; sub(/^([^:]*:){6} ?/, "", msg); print "FAIL unit/top_guest/" $5 ": " $1 ":" $2 ": " msg }'
printf '%s\n' "$out" | grep -q -E 'Checks: [0-9]+' ||
    echo "FAIL unit/top_guest: no Check summary in its output (crashed?): $(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')"
