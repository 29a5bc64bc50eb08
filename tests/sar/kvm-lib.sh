# tests/sar/kvm-lib.sh - helpers shared by the sar -K tests (sourced after tests/lib.sh).

SAR_T=$ROOT/tests/sar
EXP=$SAR_T/expected
# kvm_snaps NAME...: derive snapshots from kvm-host with tests/sar/mksnap into the scratch directory;
# sets MYSNAPS to that directory relative to $SNAPS (t_replay_* want a name under $SNAPS)
kvm_snaps() {
    local out
    if ! out=$("$ROOT/tests/sar/mksnap" --out "$T_TMP/snaps" "$@" 2>&1); then
        t_fail "mksnap/$*" "$out"
        exit 0
    fi
    MYSNAPS=$(realpath --relative-to="$SNAPS" "$T_TMP/snaps")
}
# Patched sysstat tree of the build (DTD, XML schema)
XMLDIR=${SYSSTAT_XML:-${BUILD:-$ROOT/build}/release/sysstat/xml}

# kvm_cmd NAME EXPECTED -- CMD ARGS: run a tool outside the replay (on a data file), diff stdout
kvm_cmd() {
    local name=$1 expected=$2 out
    shift 3
    out=$T_TMP/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' _).out
    if ! TZ=UTC LC_ALL=C "$BIN/$@" > "$out" 2> "$out.err" < /dev/null; then
        t_fail "$name" "exit status $?: $(head -c 300 "$out.err")"
        return 0
    fi
    kvm_check "$name" "$expected" "$out"
}

# kvm_check NAME EXPECTED OUT: no sanitizer report in OUT.err, and OUT is EXPECTED
kvm_check() {
    local name=$1 expected=$2 out=$3
    if t_sanitizer_report "$out.err" > "$out.san"; then
        t_fail "$name" "sanitizer: $(tr '\n' ' ' < "$out.san")"
    elif diff -u "$expected" "$out" > "$out.diff"; then
        t_pass "$name"
    else
        t_fail "$name" "output differs from $(basename "$expected"):"
        sed 's/^/    /' "$out.diff"
    fi
}

# kvm_record NAME SNAP FILE COUNT [KEYWORD]: record COUNT samples of the snapshot with sadc -S KEYWORD
# (KVM by default: each VM's core counters, the others from the top-level files; XKVM: all per VM) into FILE
kvm_record() {
    local why
    rm -f "$3"
    if why=$(t_replay_out "$2" "$T_TMP/$(printf %s "$1" | tr -c A-Za-z0-9_.- _).sadc" -- sadc -S "${5:-KVM}" 1 "$4" "$3" 2>&1); then
        t_pass "$1"
        return 0
    fi
    t_fail "$1" "$why"
    return 1
}

# What sar and sadf print once on stderr, and nothing else, when processes run guest code but
# the user who ran sadc could read no KVM source (tests/sar/kvm-access.t, tests/kvm-vmm/live.t)
KVM_DENIED_MSG="KVM statistics could not be read: processes run guest code (they have guest time), but the user who ran sadc may read neither /sys/kernel/debug/kvm nor their file descriptors. Run sadc as root, or give it the CAP_SYS_PTRACE capability."

# kvm_denied_sar NAME OUT: sar's output OUT has no line but its banner, OUT.err is KVM_DENIED_MSG
kvm_denied_sar() {
    local rows
    rows=$(grep -v '^Linux ' "$2" | grep -c .)
    if [ "$rows" = 0 ] && [ "$(cat "$2.err")" = "$KVM_DENIED_MSG" ]; then
        t_pass "$1"
    else
        t_fail "$1" "stdout: $(head -c 300 "$2" | tr '\n' '|') stderr: $(head -c 400 "$2.err")"
    fi
}

# kvm_denied_json NAME OUT: in sadf -j's output OUT, every record holds item "all" alone, with
# source "denied" and no value (never nvm 0); OUT.err is KVM_DENIED_MSG
kvm_denied_json() {
    local got
    if got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for st in d["sysstat"]["hosts"][0]["statistics"]:
    print(json.dumps(st["kvm"], sort_keys=True))' "$2" 2>&1 | sort -u) &&
       [ "$got" = '[{"name": "", "pid": 0, "source": "denied", "vm": "all"}]' ] &&
       [ "$(cat "$2.err")" = "$KVM_DENIED_MSG" ]; then
        t_pass "$1"
    else
        t_fail "$1" "kvm: $got; stderr: $(head -c 300 "$2.err")"
    fi
}

# kvm_json NAME FILE: FILE is valid JSON
kvm_json() {
    if python3 -m json.tool "$2" > /dev/null 2> "$T_TMP/json.err"; then
        t_pass "$1"
    else
        t_fail "$1" "invalid JSON: $(head -c 300 "$T_TMP/json.err")"
    fi
}

# kvm_xml NAME FILE: FILE is valid against the patched XML schema and DTD
kvm_xml() {
    if ! command -v xmllint > /dev/null; then
        t_skip "$1" "xmllint is not installed"
    elif [ ! -f "$XMLDIR/sysstat.xsd" ]; then
        t_skip "$1" "no patched sysstat tree at $XMLDIR (set SYSSTAT_XML)"
    elif ! xmllint --noout --schema "$XMLDIR/sysstat.xsd" "$2" > "$T_TMP/xsd.err" 2>&1; then
        t_fail "$1" "XML schema: $(head -c 300 "$T_TMP/xsd.err")"
    elif ! xmllint --noout --dtdvalid "$XMLDIR/sysstat-3.16.dtd" "$2" > "$T_TMP/dtd.err" 2>&1; then
        t_fail "$1" "DTD: $(head -c 300 "$T_TMP/dtd.err")"
    else
        t_pass "$1"
    fi
}

# kvm_core_all NAME SNAP EXPECTED COUNT: record COUNT+1 samples of SNAP with sadc -S KVM (each VM's
# core counters, the others once from the top-level files), then compare the "all" rows (with the
# banner and headers) of `sar -K ALL -f` with EXPECTED: the host-wide values, top-level ones
# included. (Until the keyword reports, `sar -K COUNT` showed these rows alone.)
kvm_core_all() {
    local name=$1 snap=$2 expected=$3 count=$4 f out
    f=$T_TMP/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' _).sa
    out=${f%.sa}.out
    kvm_record "$name/sadc-S-KVM" "$snap" "$f" $((count + 1)) || return 0
    if ! TZ=UTC LC_ALL=C "$BIN/sar" -K ALL -f "$f" > "$out.full" 2> "$out.err" < /dev/null; then
        t_fail "$name" "sar: exit status $?: $(head -c 300 "$out.err")"
        return 0
    fi
    awk 'NF == 0 || /^Linux / || $NF == "all" || $NF == "key"' "$out.full" > "$out"
    kvm_check "$name" "$expected" "$out"
}

# kvm_svg NAME FILE CSV: sadf -g FILE -- -K ALL, written to $T_TMP/<NAME>.out (sadf-g/x -> sadf-g_x.out),
# is checked by tests/sar/kvm-svg-check against CSV, the hand-checked sadf -d output of the same data
kvm_svg() {
    local name=$1 out why
    out=$T_TMP/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' _).out
    if ! TZ=UTC LC_ALL=C "$BIN/sadf" -g "$2" -- -K ALL > "$out" 2> "$out.err" < /dev/null; then
        t_fail "$name" "exit status $?: $(head -c 300 "$out.err")"
    elif t_sanitizer_report "$out.err" > "$out.san"; then
        t_fail "$name" "sanitizer: $(tr '\n' ' ' < "$out.san")"
    elif why=$("$SAR_T/kvm-svg-check" "$out" "$3" 2>&1); then
        t_pass "$name ($why)"
    else
        t_fail "$name" "$why"
    fi
}
