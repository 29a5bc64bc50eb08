#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The libFuzzer targets (tests/README.md, "Fuzz targets"), each run for a bounded number of executions
# from its seed corpus with a fixed seed: any sanitizer report, libFuzzer finding (crash, timeout,
# out-of-memory, leak) or failed check of a target fails the test. The input that failed is kept in
# build/fuzz/crashes/check-<target>-*.
# variants: release
. "$ROOT/tests/lib.sh"

FZ=$ROOT/tests/fuzz
if ! command -v clang > /dev/null 2>&1; then
    t_skip "fuzz targets" "clang is not installed (tools/deps check installs it)"
    exit 0
fi
if ! "$FZ/build" > "$T_TMP/build.log" 2>&1; then
    t_fail "fuzz targets build" "$(tail -n 5 "$T_TMP/build.log" | tr '\n' ' ')"
    exit 0
fi
t_pass "fuzz targets build"

mkdir -p "$BUILD/fuzz/crashes"
# executions per target (the sa-record targets are slower: large samples, every output format)
runs() { case $1 in fuzz_sar_kvm|fuzz_sadf_kvm) echo 1500 ;; *) echo 100000 ;; esac; }
for src in "$FZ"/fuzz_*.c; do
    t=$(basename "$src" .c)
    n=$(runs "$t")
    work=$T_TMP/$t
    mkdir -p "$work"
    # new inputs go to $work (first directory), never into the repository's corpus.
    # -timeout is a hang detector, not a speed test: an sa-record input of 65,536 items through every
    # format takes up to 7 s of CPU under ASan, 18 s of wall time on a loaded 2-core machine, so the
    # bound is far from that (speed is checked by callgrind counts: tests/sar/kvm-scale.t)
    ( cd "$work" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$BUILD/fuzz/bin/$t" -seed=1 -runs="$n" -max_len=4096 -timeout=600 -rss_limit_mb=2048 \
        -max_total_time=25 -artifact_prefix="$BUILD/fuzz/crashes/check-$t-" -print_final_stats=1 \
        "$work" "$FZ/corpus/$t" ) > "$work.log" 2>&1
    rc=$?
    done_line=$(grep -a -E '^(stat::number_of_executed_units|Done [0-9]+ runs)' "$work.log" | tail -n 1)
    if [ $rc -ne 0 ] || grep -a -q -E 'ERROR: libFuzzer|ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY:' "$work.log"; then
        t_fail "$t: $n runs" "$(grep -a -m 3 -E 'ERROR:|runtime error:|SUMMARY:|^fuzz_|^sar|^sadf|Test unit written' "$work.log" | tr '\n' ' ')"
    elif [ -z "$done_line" ]; then
        t_fail "$t: $n runs" "no final statistics in libFuzzer's output: $(tail -n 3 "$work.log" | tr '\n' ' ')"
    else
        t_pass "$t: $n runs ($done_line)"
    fi
done
