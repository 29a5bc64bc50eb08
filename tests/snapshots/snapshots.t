#!/usr/bin/env bash
# The bundled snapshots are what their scenarios generate (gen --check) and keep their invariants
# (check-invariants: independent code that reads only the generated files).
# variants: release
. "$ROOT/tests/lib.sh"

if out=$("$ROOT/tests/snapshots/gen" --check 2>&1); then
    t_pass "snapshots: committed frames match tests/snapshots/gen --check"
else
    t_fail "snapshots: committed frames match tests/snapshots/gen --check" "$(printf '%s' "$out" | grep -v '^OK' | head -n 5 | tr '\n' ' ')"
fi
"$ROOT/tests/snapshots/check-invariants" 2>&1 | sed -n 's/^\(PASS\|FAIL\) /\1 snapshot invariants: /p'
