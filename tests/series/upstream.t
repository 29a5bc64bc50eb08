#!/usr/bin/env bash
# The upstream submission series (tools/make-series) of each project, checked by tools/upstream-check:
# generated with a cover letter, applies with `git am` to the pristine base, gives byte for byte the tree
# make builds, `git diff --check` clean, every commit builds on its own, no new compiler warning with
# -Wall -Wextra. Left out here: tools/style-check (submission polish, `make upstream-check` runs it) and
# the upstream suites (layer 3 of run-all runs them on the identical tree). About 5 minutes.
# variants: release
. "$ROOT/tests/lib.sh"

out=$T_TMP/upstream-check.log
# The series made here stay in the check's own directory, never in build/series/: without a configured
# identity they are signed off by the tool (they are for checking, never for sending).
export SERIES_OUT=$BUILD/upstream-check/series
git -C "$ROOT" config user.name > /dev/null || export SERIES_NAME=${SERIES_NAME:-upstream-check}
git -C "$ROOT" config user.email > /dev/null || export SERIES_EMAIL=${SERIES_EMAIL:-upstream-check@invalid}
"$ROOT/tools/upstream-check" --no-style --no-suites > "$out" 2>&1
while IFS= read -r line; do
    case $line in
        "PASS upstream-check/"*) t_pass "${line#PASS upstream-check/}" ;;
        "FAIL upstream-check/"*) r=${line#FAIL upstream-check/}; t_fail "${r%%: *}" "${r#*: }" ;;
        "SKIP upstream-check/"*) r=${line#SKIP upstream-check/}; t_skip "${r%%: *}" "${r#*: }" ;;
    esac
done < "$out"
grep -q -E '^[0-9]+ passed, [0-9]+ failed' "$out" ||
    t_fail "upstream-check" "tools/upstream-check stopped early: $(tail -n 3 "$out" | tr '\n' ' ')"
