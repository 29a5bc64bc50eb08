#!/bin/bash
# The fixture roots of sysstat's own tests (src-sar-kvm/tests/rootkvm?, copied into the sysstat tree)
# are in sync with their generator, tests/sar/mkfixtures.
# variants: release
. "$ROOT/tests/lib.sh"

for g in mkfixtures; do
    if out=$("$ROOT/tests/sar/$g" --check 2>&1); then
        t_pass "generated/$g-in-sync"
    else
        t_fail "generated/$g-in-sync" "run tests/sar/$g to regenerate; differences: $(printf '%s' "$out" | head -c 400)"
    fi
done
