#!/bin/bash
# File compatibility between stock sysstat 12.7.5 and the patched tools (tested both ways):
# * files written by stock sadc are read by the patched sar/sadf like by the stock ones;
# * files with KVM records (ID 200, magic 0x4b564d01) are read by stock sar/sadf, which skip
#   the unknown activity; stock sadc refuses to append to them, leaving them intact;
# * the patched sadc appends to a stock file (without KVM, since -S is ignored when appending).
# variants: release
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/sar/kvm-lib.sh"

# Build the stock tools from the pinned tarball
if ! tb=$("$ROOT/upstream/fetch" "$ROOT/upstream/pins/sysstat-12.7.5" 2> "$T_TMP/fetch.err"); then
    t_skip compat/stock-build "no sysstat 12.7.5 tarball: $(tail -n 1 "$T_TMP/fetch.err")"
    exit 0
fi
mkdir -p "$T_TMP/stock" && tar -xf "$tb" -C "$T_TMP/stock"
ST=$T_TMP/stock/sysstat-12.7.5
if ! (cd "$ST" && ./configure --disable-nls --disable-sensors --disable-pcp sa_lib_dir="$ST" \
        > configure.log 2>&1 && make -j2 sar sadc sadf > make.log 2>&1); then
    t_fail compat/stock-build "$(tail -n 5 "$ST/make.log" "$ST/configure.log" 2>/dev/null)"
    exit 0
fi
t_pass compat/stock-build

run() { TZ=UTC LC_ALL=C "$@" < /dev/null; }
same() {  # NAME CMD_STOCK... :: CMD_PATCHED...: both succeed with the same stdout
    local name=$1; shift
    local a=() b=()
    while [ $# -gt 0 ] && [ "$1" != :: ]; do a+=("$1"); shift; done
    [ $# -gt 0 ] || { t_fail "$name" "test bug: no :: separator"; return; }
    shift; b=("$@")
    if ! run "${a[@]}" > "$T_TMP/a.out" 2> "$T_TMP/a.err"; then
        t_fail "$name" "stock: exit $?: $(head -c 200 "$T_TMP/a.err")"; return
    fi
    if ! run "${b[@]}" > "$T_TMP/b.out" 2> "$T_TMP/b.err"; then
        t_fail "$name" "patched: exit $?: $(head -c 200 "$T_TMP/b.err")"; return
    fi
    if [ ! -s "$T_TMP/a.out" ]; then
        t_fail "$name" "empty output"
    elif cmp -s "$T_TMP/a.out" "$T_TMP/b.out"; then
        t_pass "$name"
    else
        t_fail "$name" "outputs differ: $(diff "$T_TMP/a.out" "$T_TMP/b.out" | head -5 | tr '\n' ' ')"
    fi
}

# 1. Stock file, read by both
SF=$T_TMP/stock.sa
"$REPLAY" "$SNAPS/kvm-host" -- "$ST/sadc" -S XALL 1 4 "$SF" > /dev/null 2>&1 < /dev/null ||
    t_fail compat/stock-sadc "stock sadc failed"
for opt in "-u ALL" "-r ALL" "-q" "-B" "-A"; do
    same "compat/stock-file/sar $opt" "$ST/sar" $opt -f "$SF" :: "$BIN/sar" $opt -f "$SF"
done
same "compat/stock-file/sadf -j" "$ST/sadf" -j "$SF" -- -A :: "$BIN/sadf" -j "$SF" -- -A
same "compat/stock-file/sadf -x" "$ST/sadf" -x "$SF" -- -A :: "$BIN/sadf" -x "$SF" -- -A
run "$BIN/sar" -K -f "$SF" > "$T_TMP/k.out" 2>&1
[ $? -ne 0 ] && grep -q "Requested activities not available in file" "$T_TMP/k.out" &&
    t_pass compat/stock-file/sar-K-says-absent ||
    t_fail compat/stock-file/sar-K-says-absent "$(head -c 200 "$T_TMP/k.out")"

# 2. Patched file with KVM records, read by both (stock skips the unknown activity)
PF=$T_TMP/patched.sa
"$REPLAY" "$SNAPS/kvm-host" -- "$BIN/sadc" -S XALL 1 4 "$PF" > /dev/null 2>&1 < /dev/null ||
    t_fail compat/patched-sadc "patched sadc failed"
for opt in "-u ALL" "-r ALL" "-q" "-B" "-w"; do
    same "compat/kvm-file/sar $opt" "$ST/sar" $opt -f "$PF" :: "$BIN/sar" $opt -f "$PF"
done
same "compat/kvm-file/sadf -d -u" "$ST/sadf" -d "$PF" -- -u :: "$BIN/sadf" -d "$PF" -- -u
run "$ST/sadf" -j "$PF" -- -A > "$T_TMP/sj.out" 2> "$T_TMP/sj.err" &&
    python3 -m json.tool "$T_TMP/sj.out" > /dev/null 2>&1 && ! grep -q '"kvm"' "$T_TMP/sj.out" &&
    t_pass compat/kvm-file/stock-sadf-j-valid-without-kvm ||
    t_fail compat/kvm-file/stock-sadf-j-valid-without-kvm "$(head -c 200 "$T_TMP/sj.err")"
run "$ST/sadf" -H "$PF" > "$T_TMP/h.out" 2>&1
grep -q '^200: \[4b564d01\] Unknown activity' "$T_TMP/h.out" &&
    t_pass compat/kvm-file/stock-sadf-H-unknown-activity ||
    t_fail compat/kvm-file/stock-sadf-H-unknown-activity "$(grep -i unknown "$T_TMP/h.out")"

# 3. Stock sadc refuses to append to a file with KVM records; the file is intact
cp "$PF" "$T_TMP/before.sa"
"$REPLAY" --frame 4 "$SNAPS/kvm-host" -- "$ST/sadc" 1 1 "$PF" > /dev/null 2> "$T_TMP/app.err" < /dev/null
rc=$?
if [ $rc -ne 0 ] && grep -q "Cannot append data to that file" "$T_TMP/app.err" && cmp -s "$PF" "$T_TMP/before.sa"; then
    t_pass compat/stock-sadc-does-not-touch-kvm-file
else
    t_fail compat/stock-sadc-does-not-touch-kvm-file "exit $rc: $(head -c 200 "$T_TMP/app.err")"
fi

# 4. Patched sadc appends to a stock file: records readable by stock sar, KVM not added
cp "$SF" "$T_TMP/sf0.sa"
if "$REPLAY" --frame 4 "$SNAPS/kvm-host" -- "$BIN/sadc" -S XALL 1 2 "$SF" > /dev/null 2> "$T_TMP/app2.err" < /dev/null; then
    n0=$(run "$ST/sar" -u -f "$T_TMP/sf0.sa" | grep -c '^00:00:0[0-9] *all')
    n1=$(run "$ST/sar" -u -f "$SF" | grep -c '^00:00:0[0-9] *all')
    if [ "$n0" = 3 ] && [ "$n1" = 5 ] && cmp -s "$SF" <(cat "$T_TMP/sf0.sa"; tail -c +$(( $(stat -c %s "$T_TMP/sf0.sa") + 1 )) "$SF"); then
        t_pass compat/patched-sadc-appends-to-stock-file
    else
        t_fail compat/patched-sadc-appends-to-stock-file "intervals before/after: $n0/$n1 (want 3/5)"
    fi
else
    t_fail compat/patched-sadc-appends-to-stock-file "$(head -c 200 "$T_TMP/app2.err")"
fi
