# tools/series-lib.sh - shared by tools/make-series and tools/upstream-check (sourced, not run).
#
# Reads the per-project settings the Makefile uses (version, series, where our files land) so the
# scripts agree with `make` without repeating them, and prepares pristine base trees.
# Callers set ROOT and define die().

# mkvar NAME: the default value of a Makefile variable (`NAME ?= v` or `NAME := v` lines)
mkvar() { sed -n "s/^$1 *[?:]= *//p" "$ROOT/Makefile" | head -n 1; }

# project_setup PROJECT: sets P_NAME (procps-ng|sysstat), P_VERSION, P_SERIES (series name), P_SERIES_DIR,
# P_PIN, P_SRC, P_TARBALL (overrides from the environment), P_COPY (array of FROM:TO), P_LABEL (names the base)
project_setup() {
    local up copy
    case $1 in
        procps-ng|procps) P_NAME=procps-ng up=PROCPS ;;
        sysstat) P_NAME=sysstat up=SYSSTAT ;;
        *) die "unknown project '$1' (procps-ng or sysstat)" ;;
    esac
    eval "P_VERSION=\${${up}_VERSION:-\$(mkvar ${up}_VERSION)}"
    eval "P_SERIES=\${${up}_SERIES:-\$P_VERSION}"
    eval "P_SRC=\${${up}_SRC:-}"
    eval "P_TARBALL=\${${up}_TARBALL:-}"
    P_SERIES_DIR=$ROOT/patches/$P_NAME/$P_SERIES
    P_PIN=$ROOT/upstream/pins/$P_NAME-$P_VERSION
    [ -f "$P_SERIES_DIR/series" ] || die "no series $P_SERIES_DIR/series for $P_NAME" \
        "series available: $(cd "$ROOT/patches/$P_NAME" && ls -d -- */ | tr -d / | tr '\n' ' ')"
    P_COPY=()
    for copy in $(mkvar "${up}_COPY"); do
        [ "$copy" = --copy ] || P_COPY+=("$copy")
    done
    [ ${#P_COPY[@]} -gt 0 ] || die "no ${up}_COPY line in $ROOT/Makefile (where our files land in the tree)"
    if [ -n "$P_SRC" ]; then
        [ -d "$P_SRC" ] || die "$P_NAME tree $P_SRC (from ${up}_SRC) does not exist"
        P_SRC=$(cd "$P_SRC" && pwd)
        P_LABEL=${SERIES_BASE_NAME:-src-$(git -C "$P_SRC" describe --tags --always 2>/dev/null || basename "$P_SRC")}
    else
        [ -f "$P_PIN" ] || die "no pin $P_PIN for $P_NAME $P_VERSION"
        P_LABEL=${SERIES_BASE_NAME:-$P_VERSION}
    fi
    P_OUT=${SERIES_OUT:-$ROOT/build/series}/$P_NAME-$P_LABEL
}

# base_desc: one line saying what the base tree is
base_desc() {
    if [ -n "$P_SRC" ]; then
        local rev desc
        if rev=$(git -C "$P_SRC" rev-parse --short=12 HEAD 2>/dev/null); then
            desc=$(git -C "$P_SRC" describe --tags --always 2>/dev/null)
            printf '%s commit %s%s' "$P_NAME" "$rev" "${desc:+ ($desc)}"
        else
            printf '%s source tree %s' "$P_NAME" "$(basename "$P_SRC")"
        fi
    else
        printf '%s %s, release tarball %s (sha256 %s)' "$P_NAME" "$P_VERSION" \
            "$(sed -n 's/^tarball=//p' "$P_PIN")" "$(sed -n 's/^sha256=//p' "$P_PIN")"
    fi
}

# series_patches: the patch names of the series, in order
series_patches() { grep -v -E '^[[:space:]]*(#|$)' "$P_SERIES_DIR/series" | awk '{print $1}'; }

# fork_only PATCHFILE: status 0 if the patch is not meant for upstream (Upstream-Status: Inappropriate)
fork_only() { grep -q -i -m1 '^Upstream-Status: *Inappropriate' "$1"; }

# prerequisites: the fork-only patches that come before the last upstream patch of the series.
# They are applied to the base (not submitted); fork-only patches after it are left out altogether.
prerequisites() {
    local names=() p last=-1 i=0
    while read -r p; do
        names+=("$p")
        fork_only "$P_SERIES_DIR/$p" || last=$i
        i=$((i + 1))
    done < <(series_patches)
    for ((i = 0; i < last; i++)); do
        fork_only "$P_SERIES_DIR/${names[i]}" && printf '%s\n' "${names[i]}"
    done
    return 0
}

# make_base DEST: the pristine base tree in DEST (tarball from the pin, or a copy of P_SRC, without .git)
make_base() {
    local dest=$1 empty args
    empty=$(mktemp -d "${TMPDIR:-/tmp}/series-empty.XXXXXX") && : > "$empty/series"
    if [ -n "$P_SRC" ]; then
        args=(--src "$P_SRC")
    else
        args=(--tarball "$("$ROOT/upstream/fetch" ${P_TARBALL:+--tarball "$P_TARBALL"} "$P_PIN")"
              --topdir "$(sed -n 's/^topdir=//p' "$P_PIN")") || { rm -rf "$empty"; return 1; }
    fi
    (cd "$ROOT" && tools/prepare-tree --name "$P_NAME $P_LABEL (base)" --series "$empty" --dest "$dest" "${args[@]}" 2>/dev/null)
    local rc=$?
    rm -rf "$empty"
    return $rc
}

# identity: sets ID_NAME and ID_EMAIL (SERIES_NAME/SERIES_EMAIL, else git config of the repository)
identity() {
    ID_NAME=${SERIES_NAME:-$(git -C "$ROOT" config user.name || true)}
    ID_EMAIL=${SERIES_EMAIL:-$(git -C "$ROOT" config user.email || true)}
    [ -n "$ID_NAME" ] && [ -n "$ID_EMAIL" ] || die "no identity for the Signed-off-by: lines" \
        "set SERIES_NAME='Your Name' SERIES_EMAIL=you@example.org (the person who submits the series)," \
        "or git config user.name / user.email in $ROOT"
}

# procps_version DIR: what .tarball-version should say for a procps tree that lacks it (a git export):
# `git describe` of P_SRC if it is a checkout, else the newest release named in NEWS, marked ".git"
procps_version() {
    local v
    v=$(git -C "${P_SRC:-/nonexistent}" describe --tags 2>/dev/null | sed 's/^v//') ||
        v=$(sed -n 's/^procps-ng-\([0-9][0-9.]*\)$/\1/p' "$1/NEWS" | head -n 1).git
    printf '%s\n' "${v:-0.0.0.git}"
}

# prepare_build DIR: what a procps-ng tree needs before configure, since our patches touch Makefile.am:
# autoreconf (a release tree), or autogen.sh (a git export, which also lacks po/POTFILES.in and
# .tarball-version); logs to DIR/prepare.log
prepare_build() {
    local dir=$1
    [ "$P_NAME" = procps-ng ] || return 0
    [ -f "$dir/.tarball-version" ] || procps_version "$dir" > "$dir/.tarball-version"
    if [ ! -e "$dir/configure" ] && [ -x "$dir/autogen.sh" ]; then
        (cd "$dir" && ./autogen.sh) > "$dir/prepare.log" 2>&1
    else
        (cd "$dir" && autoreconf -fi) > "$dir/prepare.log" 2>&1
    fi
}
