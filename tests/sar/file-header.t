#!/usr/bin/env bash
# sadf and sar on data files whose file-header strings are damaged (upstream bugs, fixed by the series
# patches 0005 and 0006 and upstream/bugs/sysstat/0001, 0002):
#   - unterminated strings: sadf -j / -x / -H read past sa_tzname, the last member of struct
#     file_header (global-buffer-overflow under ASan; garbage in the release build);
#   - '&', '<', '>', '"', ''', '\' and non-UTF-8 / control bytes in the nodename: sadf -x wrote
#     XML that is not well-formed, sadf -j invalid JSON.
# The files are made by sadc on the stat-width-10 snapshot (nodename "widthhost"), then edited in place.
# Layout (sysstat 12.7.5, x86_64; checked below against the file itself): struct file_magic is 76
# bytes, its header_size (offset 8) is sizeof(struct file_header) = 336; in the header sa_sysname is
# at 67, then sa_nodename, sa_release, sa_machine (65 bytes each: 132, 197, 262) and sa_tzname
# (8 bytes) at 327, then 1 byte of padding (335).
. "$ROOT/tests/lib.sh"

sa=$T_TMP/sa.orig
if ! why=$(t_replay_out stat-width-10 "$T_TMP/sadc.out" -- sadc 1 3 "$sa" 2>&1); then
    t_fail "sar/file-header: sadc records the snapshot" "$why"
    exit 0
fi

# craft OUT EDIT...: a copy of the file with the header edited: EDIT is FIELD=PYTHON-BYTES-LITERAL,
# the bytes written at the start of that field (tzname+ also overwrites the padding byte after it)
craft() {
    local out=$1
    shift
    python3 - "$sa" "$out" "$@" <<'EOF'
import struct, sys
src, out, edits = sys.argv[1], sys.argv[2], sys.argv[3:]
d = bytearray(open(src, 'rb').read())
hsize = struct.unpack_from('<I', d, 8)[0]
base = 76
off = {'sysname': 67, 'nodename': 132, 'release': 197, 'machine': 262, 'tzname': 327}
# the layout this test assumes
if hsize != 336 or d[base + 67:base + 73] != b'Linux\0' or d[base + 132:base + 142] != b'widthhost\0':
    sys.exit('unexpected file header layout: header_size %d' % hsize)
for e in edits:
    field, lit = e.split('=', 1)
    b = eval(lit)
    d[base + off[field]:base + off[field] + len(b)] = b
open(out, 'wb').write(d)
EOF
}

# run NAME OUT -- CMD ARGS...: $BIN/CMD to OUT; fail on a non-zero exit or a sanitizer report
run() {
    local name=$1 out=$2 rc=0
    shift 3
    TZ=UTC LC_ALL=C "$BIN/$@" > "$out" 2> "$out.err" < /dev/null || rc=$?
    if t_sanitizer_report "$out.err" > "$out.san"; then
        t_fail "$name" "sanitizer: $(tr '\n' ' ' < "$out.san")"
        return 1
    elif [ $rc -ne 0 ]; then
        t_fail "$name" "exit status $rc: $(head -c 300 "$out.err" | tr '\n' ' ')"
        return 1
    fi
    return 0
}

# has NAME FILE LINE: FILE has LINE (whole line, leading tabs ignored)
has() {
    if sed 's/^\t*//' "$2" | grep -q -x -F -- "$3"; then
        t_pass "$1"
    else
        t_fail "$1" "no line '$3' in $(basename "$2"); header lines: $(head -n 12 "$2" | grep -a -i -E 'node|zone|sysname' | tr '\n' ' ')"
    fi
}

# ---------------------------------------------------------------- unterminated strings
# nodename: 65 x 'n', no NUL; sa_tzname: "ABCDEFGH" and the padding byte "I", no NUL up to the end of
# the structure. Expected: each string cut at the last byte of its buffer: 64 x 'n', "ABCDEFG".
u=$T_TMP/sa.unterminated
if craft "$u" "nodename=b'n' * 65" "tzname=b'ABCDEFGHI'"; then
    n64=$(printf 'n%.0s' $(seq 64))
    if run "sar/file-header: sadf -j, unterminated strings" "$T_TMP/u.json" -- sadf -j "$u" -- -u; then
        has "sar/file-header: sadf -j, unterminated timezone cut to 7 bytes" "$T_TMP/u.json" '"timezone": "ABCDEFG",'
        has "sar/file-header: sadf -j, unterminated nodename cut to 64 bytes" "$T_TMP/u.json" "\"nodename\": \"$n64\","
    fi
    if run "sar/file-header: sadf -x, unterminated strings" "$T_TMP/u.xml" -- sadf -x "$u" -- -u; then
        has "sar/file-header: sadf -x, unterminated timezone cut to 7 bytes" "$T_TMP/u.xml" '<timezone>ABCDEFG</timezone>'
        has "sar/file-header: sadf -x, unterminated nodename cut to 64 bytes" "$T_TMP/u.xml" "<host nodename=\"$n64\">"
    fi
    if run "sar/file-header: sadf -H, unterminated strings" "$T_TMP/u.hdr" -- sadf -H "$u"; then
        has "sar/file-header: sadf -H, unterminated timezone cut to 7 bytes" "$T_TMP/u.hdr" 'Timezone: ABCDEFG'
    fi
    if run "sar/file-header: sar -f, unterminated strings" "$T_TMP/u.sar" -- sar -u -f "$u"; then
        # sar's first line: sysname release (nodename) date _machine_ (cpus)
        if head -n 1 "$T_TMP/u.sar" | grep -q -F "Linux 6.18.0 (synthetic) ($n64)"; then
            t_pass "sar/file-header: sar -f, unterminated nodename cut to 64 bytes"
        else
            t_fail "sar/file-header: sar -f, unterminated nodename cut to 64 bytes" "first line: $(head -n 1 "$T_TMP/u.sar")"
        fi
    fi
else
    t_fail "sar/file-header: craft the unterminated file" "see above"
fi

# ---------------------------------------------------------------- special characters
# nodename a&b<c>"d'e\f, then 0xff (not UTF-8), 0x01 (a control character), g. Expected: the two
# unprintable bytes become '.', as sysstat does for comments; XML escapes & < > " ' with the
# predefined entities, JSON escapes " and \ with a backslash:
#   XML   a&amp;b&lt;c&gt;&quot;d&apos;e\f..g
#   JSON  a&b<c>\"d'e\\f..g
s=$T_TMP/sa.special
if craft "$s" "nodename=b'a&b<c>\"d\\'e\\\\f\\xff\\x01g\\0'"; then
    if run "sar/file-header: sadf -x, special characters" "$T_TMP/s.xml" -- sadf -x "$s" -- -u; then
        if xmllint --noout "$T_TMP/s.xml" > "$T_TMP/s.xmllint" 2>&1; then
            t_pass "sar/file-header: sadf -x output is well-formed XML"
        else
            t_fail "sar/file-header: sadf -x output is well-formed XML" "$(head -n 3 "$T_TMP/s.xmllint" | tr '\n' ' ')"
        fi
        has "sar/file-header: sadf -x, nodename escaped" "$T_TMP/s.xml" '<host nodename="a&amp;b&lt;c&gt;&quot;d&apos;e\f..g">'
    fi
    if run "sar/file-header: sadf -j, special characters" "$T_TMP/s.json" -- sadf -j "$s" -- -u; then
        if python3 -m json.tool "$T_TMP/s.json" > /dev/null 2> "$T_TMP/s.jsonerr"; then
            t_pass "sar/file-header: sadf -j output is valid JSON"
        else
            t_fail "sar/file-header: sadf -j output is valid JSON" "$(tail -n 1 "$T_TMP/s.jsonerr")"
        fi
        has "sar/file-header: sadf -j, nodename escaped" "$T_TMP/s.json" '"nodename": "a&b<c>\"d'"'"'e\\f..g",'
        # and the value as a JSON parser reads it
        v=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["sysstat"]["hosts"][0]["nodename"])' "$T_TMP/s.json" 2> /dev/null)
        if [ "$v" = 'a&b<c>"d'"'"'e\f..g' ]; then
            t_pass "sar/file-header: sadf -j, the parsed nodename"
        else
            t_fail "sar/file-header: sadf -j, the parsed nodename" "got '$v'"
        fi
    fi
else
    t_fail "sar/file-header: craft the special-characters file" "see above"
fi
