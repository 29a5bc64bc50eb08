#!/usr/bin/env bash
# top: what scripts do with `top -bn1` output still works. Stock top (the same baseline without any
# patch, $BUILD/stock/bin/top, both built with --disable-modern-top) and ours run on the same snapshot
# with no rcfile, at 80, 120 and 200 columns, the %Cpu(s) line alone and each cpu (-1). Required:
#  - grep '^%Cpu(s)' (or '^%Cpu0') finds one line per screen in both;
#  - awk '/^%Cpu/ {print $2}' and sed 's/.*, *\([0-9.]*\)%* id.*/\1/' give one number per %Cpu(s)
#    line in both;
#  - read by position, every %Cpu line has stock's tokens in stock's positions (each number counted as
#    one token "N": values aside, ours leave guest time out of us and ni), once the "N gu, N gn" that
#    ours add after each "st" are set aside.
. "$ROOT/tests/lib.sh"
. "$ROOT/tests/top/top-lib.sh"

STOCK=$BUILD/stock/bin/top
if [ ! -x "$STOCK" ]; then
    t_fail "top/idioms: stock top" "$STOCK is missing (make check builds it: make $STOCK)"
    exit 0
fi
home=$(top_home idioms -)

run() {   # BINDIR OUT ARGS...: top of BINDIR on kvm-host with no rcfile (top_out: exit status, sanitizers)
    local bindir=$1 out=$2
    shift 2
    BIN=$bindir top_out "top/idioms: $(basename "$out")" kvm-host "$home" -- "$@" && mv "$TOP_OUT" "$out"
}

# tokens FILE: the %Cpu lines, each number (or its part where a line was cut) turned into a token N
tokens() { grep '^%Cpu' "$1" | sed -E 's/[0-9]+(\.[0-9]*)?/ N /g' | awk '{ $1 = $1; print }'; }

# numbers FILE: 1 if every line of FILE is one number (and there is at least one line)
numbers() { [ -s "$1" ] && ! grep -qvE '^[0-9]+\.[0-9]+$' "$1"; }

for w in 80 120 200; do
    for mode in summary percpu; do
        what="$mode, $w columns"
        args=(-b -n 3 -w "$w"); first='^%Cpu\(s\)'
        if [ $mode = percpu ]; then args+=(-1); first='^%Cpu0 '; fi
        s=$T_TMP/stock-$mode-$w.out o=$T_TMP/ours-$mode-$w.out
        run "$BUILD/stock/bin" "$s" "${args[@]}" && run "$BIN" "$o" "${args[@]}" || continue
        screens=$(grep -c '^top - ' "$s")
        ns=$(grep -cE "$first" "$s"); no=$(grep -cE "$first" "$o")
        if [ "$screens" = 3 ] && [ "$ns" = 3 ] && [ "$no" = 3 ] && [ "$(grep -c '^top - ' "$o")" = 3 ]; then
            t_pass "top/idioms: $what: grep '$first' finds one line per screen"
        else
            t_fail "top/idioms: $what: grep '$first' finds one line per screen" "screens $screens, stock $ns lines, ours $no"
        fi

        # (the awk and sed idioms read %Cpu(s): a per-cpu line's $2 is its ':')
        if [ $mode = summary ]; then
            for who in s o; do
                f=${!who}
                awk '/^%Cpu/ {print $2}' "$f" > "$f.awk"
                sed -n 's/.*, *\([0-9.]*\)%* id.*/\1/p' "$f" > "$f.sed"
            done
            if numbers "$s.awk" && numbers "$o.awk" && [ "$(wc -l < "$s.awk")" = "$(wc -l < "$o.awk")" ]; then
                t_pass "top/idioms: $what: awk '/^%Cpu/ {print \$2}' reads us"
            else
                t_fail "top/idioms: $what: awk '/^%Cpu/ {print \$2}' reads us" "stock: $(tr '\n' ' ' < "$s.awk"); ours: $(tr '\n' ' ' < "$o.awk")"
            fi
            if numbers "$s.sed" && numbers "$o.sed" && [ "$(wc -l < "$s.sed")" = "$(wc -l < "$o.sed")" ]; then
                t_pass "top/idioms: $what: sed 's/.*, *\\([0-9.]*\\)%* id.*/\\1/' reads id"
            else
                t_fail "top/idioms: $what: sed 's/.*, *\\([0-9.]*\\)%* id.*/\\1/' reads id" "stock: $(tr '\n' ' ' < "$s.sed"); ours: $(tr '\n' ' ' < "$o.sed")"
            fi
        fi

        # by position: every "st" of ours is followed by "N gu, N gn"; without those four tokens our
        # line starts with stock's tokens. Stock cuts its line at the width (and with two cpus a line,
        # the default, shows a part of the second cpu), ours is whole: stock's last token may be cut.
        tokens "$s" > "$s.tok"; tokens "$o" > "$o.tok"
        bad=$(paste -d '\n' "$s.tok" "$o.tok" | awk '
            NR % 2 == 1 { n = split($0, st, " "); next }
            { m = split($0, ot, " "); line++; k = 0; err = ""
              for (i = 1; i <= m; i++) {
                  r[++k] = ot[i]
                  if (ot[i] == "st") {
                      if (ot[i+1] != "N" || ot[i+2] != "gu," || ot[i+3] != "N" || ot[i+4] != "gn")
                          err = "after st: " ot[i+1] " " ot[i+2] " " ot[i+3] " " ot[i+4]
                      i += 4
                  }
              }
              if (n < 17) err = "stock has " n " tokens"
              for (i = 1; i <= n && err == ""; i++)
                  if (st[i] != r[i] && !(i == n && index(r[i], st[i]) == 1 && i > 17))
                      err = "token " i " is \"" r[i] "\", stock \"" st[i] "\""
              if (err != "") print "line " line ": " err }')
        if [ -z "$bad" ] && [ -s "$s.tok" ] && [ "$(wc -l < "$s.tok")" = "$(wc -l < "$o.tok")" ]; then
            t_pass "top/idioms: $what: fields by position as stock's, gu and gn after st"
        else
            t_fail "top/idioms: $what: fields by position as stock's, gu and gn after st" \
                "${bad:-$(wc -l < "$s.tok") stock lines, $(wc -l < "$o.tok") ours} | stock: $(grep -m1 '^%Cpu' "$s") | ours: $(grep -m1 '^%Cpu' "$o")"
        fi
    done
done
