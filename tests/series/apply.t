#!/usr/bin/env bash
# Every series applies to its pristine baseline plus our files (where make copies them first) with
# patch -p1 (what make does), with quilt and with `git am`, and every patch carries the header fields a
# distribution and git both need.
# variants: release
. "$ROOT/tests/lib.sh"

check_headers() {   # patch file
    local p=$1 name
    name=series/headers/$(basename "$(dirname "$(dirname "$p")")")/$(basename "$(dirname "$p")")/$(basename "$p")
    local missing=()
    grep -q -m1 '^From: ' "$p" || missing+=(From)
    grep -q -m1 '^Subject: ' "$p" || missing+=(Subject)
    grep -q -m1 '^Upstream-Status: ' "$p" || missing+=(Upstream-Status)
    grep -q -m1 '^Forwarded: ' "$p" || missing+=(Forwarded)
    # a description: at least one non-empty line between the header block and the diff
    awk '/^$/ && !body { body = 1; next } body && /^---$/ { exit } body && NF { found = 1 } END { exit !found }' "$p" ||
        missing+=(description)
    if [ ${#missing[@]} -eq 0 ]; then t_pass "$name"; else t_fail "$name" "missing ${missing[*]}"; fi
}

# copy_ours PROJECT TREE: our files, where make puts them before it applies the series (the Makefile's
# <PROJECT>_COPY, read by tools/series-lib.sh; copied as tools/prepare-tree does it: *.md excepted); a
# patch may change one of them
die() { t_fail "series/copy" "$1"; exit 0; }
. "$ROOT/tools/series-lib.sh"
copy_ours() {
    local copy from to
    project_setup "$1"
    for copy in "${P_COPY[@]}"; do
        from=$ROOT/${copy%%:*} to=$2/${copy#*:}
        mkdir -p "$to"
        (cd "$from" && find . -type f ! -name '*.md' -print0 | tar --null -T - -cf -) | (cd "$to" && tar -xf -)
    done
}

for series in "$ROOT"/patches/*/*/series; do
    dir=$(dirname "$series")
    project=$(basename "$(dirname "$dir")") version=$(basename "$dir")
    pin=$ROOT/upstream/pins/$project-$version
    if [ ! -f "$pin" ]; then
        t_skip "series/$project/$version" "no pinned tarball for $version (series for a tree given with *_SRC)"
        continue
    fi
    patches=$(grep -v -E '^(#|$)' "$series" | awk '{print $1}')
    for p in $patches; do check_headers "$dir/$p"; done
    tarball=$("$ROOT/upstream/fetch" "$pin" 2>/dev/null) || { t_fail "series/$project/$version" "cannot fetch $pin"; continue; }
    topdir=$(sed -n 's/^topdir=//p' "$pin")

    # quilt
    w=$T_TMP/quilt-$project && mkdir -p "$w" && tar --no-same-owner -xf "$tarball" -C "$w"
    copy_ours "$project" "$w/$topdir"
    ln -s "$dir" "$w/$topdir/patches"
    if out=$(cd "$w/$topdir" && QUILT_PATCHES=patches quilt push -a -q 2>&1) || [ -z "$patches" ]; then
        t_pass "series/$project/$version: quilt push -a"
    else
        t_fail "series/$project/$version: quilt push -a" "$(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')"
    fi

    # git am
    g=$T_TMP/git-$project && mkdir -p "$g" && tar --no-same-owner -xf "$tarball" -C "$g"
    copy_ours "$project" "$g/$topdir"
    ( cd "$g/$topdir" && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -q -m base ) >/dev/null 2>&1
    ok=1
    for p in $patches; do
        if ! out=$(cd "$g/$topdir" && git -c user.name=t -c user.email=t@t am -q "$dir/$p" 2>&1); then
            t_fail "series/$project/$version: git am $p" "$(printf '%s' "$out" | head -n 3 | tr '\n' ' ')"
            ok=0
            break
        fi
    done
    [ $ok = 1 ] && t_pass "series/$project/$version: git am (all $(printf '%s\n' $patches | grep -c .) patches)"
done
