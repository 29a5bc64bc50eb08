#!/bin/bash
# Unit tests of src-sar-kvm/kvm_calc.c (name mapping, value and binary stats
# parsing, guest names, rates with churn, averages). Expected values are worked
# out by hand in the comments of tests/sar/test_kvm_calc.c.
# variants: release
. "$ROOT/tests/lib.sh"

src=$ROOT/src-sar-kvm
exe=$T_TMP/test_kvm_calc
if ! out=$(${CC:-cc} -std=c99 -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined \
        -fno-sanitize-recover=undefined -I"$src" -o "$exe" \
        "$ROOT/tests/sar/test_kvm_calc.c" "$src/kvm_calc.c" -lm 2>&1); then
    t_fail kvm-calc/build "$out"
    exit 0
fi
"$exe" > "$T_TMP/out" 2> "$T_TMP/err"
rc=$?
while IFS= read -r line; do
    case $line in
        "ok "*) t_pass "kvm-calc/${line#ok }" ;;
        "not ok "*) l=${line#not ok }; t_fail "kvm-calc/${l%%: *}" "${l#*: }" ;;
    esac
done < "$T_TMP/out"
if [ -s "$T_TMP/err" ] || { [ $rc -ne 0 ] && ! grep -q '^not ok' "$T_TMP/out"; }; then
    t_fail kvm-calc/run "exit $rc: $(head -c 600 "$T_TMP/err")"
fi
