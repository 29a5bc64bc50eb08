#!/usr/bin/env bash
# The sanitizer pass can fail: a deliberately faulty program built with the same sanitizer flags as
# build/asan/bin, run through the same helper as the replay tests, must be reported as failing.
# variants: release
. "$ROOT/tests/lib.sh"

src=$T_TMP/canary.c
cat > "$src" <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    int a[2] = { 0, 0 };
    FILE *f = fopen("/proc/stat", "r");     /* served from the snapshot */
    char line[64] = "";
    if (f && fgets(line, sizeof line, f))
        fputs(line, stdout);
    if (f)
        fclose(f);
    (void)argv;
    return a[argc + 3];                      /* out of bounds: ASan/UBSan must report it */
}
C
mkdir -p "$T_TMP/bin"
if ! gcc -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined -o "$T_TMP/bin/canary" "$src" 2> "$T_TMP/cc.log"; then
    t_fail "sanitizer canary" "cannot build it: $(head -c 200 "$T_TMP/cc.log")"
    exit 0
fi
BIN=$T_TMP/bin
if why=$(t_replay_out kvm-host "$T_TMP/out" -- canary 2>&1); then
    t_fail "a sanitizer report fails a replay test" "t_replay_out accepted a faulty program"
elif printf '%s' "$why" | grep -q 'sanitizer report'; then
    t_pass "a sanitizer report fails a replay test"
else
    t_fail "a sanitizer report fails a replay test" "failed for another reason: $why"
fi
