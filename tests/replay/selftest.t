#!/usr/bin/env bash
# tests/replay/selftest.t -- the replay harness's own checks (tests/replay/selftest: the
# shim, the runner and capture, on tests/replay/fixture), reported through tests/lib.sh.
# They do not use the tools under test, so they run in the release pass only.
# variants: release
. "$ROOT/tests/lib.sh"

out=$T_TMP/replay-selftest.out
"$ROOT/tests/replay/selftest" > "$out" 2>&1
rc=$?
while IFS= read -r line; do
    case $line in
        "PASS "*) t_pass "replay/${line#PASS }" ;;
        "FAIL "*) line=${line#FAIL }; t_fail "replay/${line%%: *}" "${line#*: }" ;;
        "SKIP "*) line=${line#SKIP }; t_skip "replay/${line%%: *}" "${line#*: }" ;;
        "    "*) printf '%s\n' "$line" ;;       # details (a diff) of the FAIL above
    esac
done < "$out"
if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$out"; then
    t_fail replay/selftest "exited with status $rc: $(tail -n 3 "$out" | tr '\n' ' ')"
fi
