#!/usr/bin/env bash
# The fetch and patch steps fail with messages that say what failed and what to do, and the fetch
# uses a private apt configuration that leaves the system's one untouched.
# variants: release
. "$ROOT/tests/lib.sh"

pin=$ROOT/upstream/pins/procps-ng-4.0.4

# 1. a tarball override that unpacks to the pinned version but is not the pinned file
mkdir -p "$T_TMP/fake/procps-ng-4.0.4" && echo x > "$T_TMP/fake/procps-ng-4.0.4/x"
tar -C "$T_TMP/fake" -cJf "$T_TMP/fake.tar.xz" procps-ng-4.0.4
if out=$("$ROOT/upstream/fetch" --tarball "$T_TMP/fake.tar.xz" "$pin" 2>&1); then
    t_fail "fetch: a wrong tarball for the pinned version is refused" "it was accepted"
elif printf '%s' "$out" | grep -q 'checksum mismatch' && printf '%s' "$out" | grep -q '22870d6feb2478adb617ce4f09a787addaf2d260c5a8aa7b17d889a962c5e42e'; then
    t_pass "fetch: a wrong tarball for the pinned version is refused, naming both checksums"
else
    t_fail "fetch: a wrong tarball for the pinned version is refused" "unclear message: $out"
fi

# 2. an override that is not a tarball at all
echo "not a tarball" > "$T_TMP/junk.tar.xz"
if out=$("$ROOT/upstream/fetch" --tarball "$T_TMP/junk.tar.xz" "$pin" 2>&1); then
    t_fail "fetch: a file that is not a tarball is refused" "it was accepted"
elif printf '%s' "$out" | grep -q 'not a tar archive'; then
    t_pass "fetch: a file that is not a tarball is refused with a clear message"
else
    t_fail "fetch: a file that is not a tarball is refused" "unclear message: $out"
fi

# 3. a fetch into an empty cache goes through the private apt configuration only
sys_before=$(find /etc/apt /var/lib/apt/lists -maxdepth 1 -type f -printf '%p %s %T@\n' 2>/dev/null | sort | sha256sum)
if out=$(XDG_CACHE_HOME=$T_TMP/cache "$ROOT/upstream/fetch" "$pin" 2>&1); then
    file=$(printf '%s\n' "$out" | tail -n 1)
    sys_after=$(find /etc/apt /var/lib/apt/lists -maxdepth 1 -type f -printf '%p %s %T@\n' 2>/dev/null | sort | sha256sum)
    if [ "$file" = "$T_TMP/cache/kvm-fork/tarballs/procps_4.0.4.orig.tar.xz" ] &&
       [ "$(sha256sum < "$file" | cut -d' ' -f1)" = 22870d6feb2478adb617ce4f09a787addaf2d260c5a8aa7b17d889a962c5e42e ] &&
       [ -f "$T_TMP/cache/kvm-fork/apt/trixie/etc/sources.list" ] && [ "$sys_before" = "$sys_after" ]; then
        t_pass "fetch: apt-get source through a private configuration, verified, system apt untouched"
    else
        t_fail "fetch: apt-get source through a private configuration" "file=$file, system apt changed: $([ "$sys_before" = "$sys_after" ] && echo no || echo yes)"
    fi
elif printf '%s' "$out" | grep -q 'could not read the Debian'; then
    t_skip "fetch: apt-get source through a private configuration" "the Debian archive is not reachable from here"
else
    t_fail "fetch: apt-get source through a private configuration" "$(printf '%s' "$out" | tail -n 4 | tr '\n' ' ')"
fi

# 4. a patch that does not apply: the message names the patch, the file and the baseline
mkdir -p "$T_TMP/t/proj-1.0/src" "$T_TMP/series"
printf 'one\ntwo\nthree\n' > "$T_TMP/t/proj-1.0/src/a.c"
tar -C "$T_TMP/t" -cJf "$T_TMP/proj.tar.xz" proj-1.0
cat > "$T_TMP/series/0001-bad.patch" <<'P'
From: test
Subject: [PATCH] bad

--- a/src/a.c
+++ b/src/a.c
@@ -1,3 +1,3 @@
 uno
-dos
+deux
 tres
P
echo 0001-bad.patch > "$T_TMP/series/series"
if out=$("$ROOT/tools/prepare-tree" --name "proj 1.0" --series "$T_TMP/series" --dest "$T_TMP/out" \
          --tarball "$T_TMP/proj.tar.xz" --topdir proj-1.0 2>&1); then
    t_fail "prepare-tree: a patch that does not apply stops the build" "it succeeded"
elif printf '%s' "$out" | grep -q '0001-bad.patch does not apply to the proj 1.0 tree' &&
     printf '%s' "$out" | grep -q 'src/a.c' && [ ! -e "$T_TMP/out" ] && [ ! -e "$T_TMP/out.tmp" ]; then
    t_pass "prepare-tree: a patch that does not apply is named with its file and baseline, no half-patched tree"
else
    t_fail "prepare-tree: a patch that does not apply stops the build" "message: $(printf '%s' "$out" | tail -n 5 | tr '\n' ' ')"
fi
