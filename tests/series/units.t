#!/usr/bin/env bash
# tools/series-units: what tools/make-series uses to commit one of our new files without the units that
# arrive in a later patch of the submission series (upstream/new-files, "Units"). On a small C file written
# here, the expected outputs are written by hand: each unit is removed with the comment above it and the
# blank line after it, a section banner goes with the paragraph after it, and a name that declares nothing,
# or a paragraph that would lose a declaration not named, is refused.
# variants: release
. "$ROOT/tests/lib.sh"

su=$ROOT/tools/series-units
# The paragraphs of the file; the expected outputs are the paragraphs that stay, chosen by hand
P_INC='#include <string.h>'
P_DEF='#define A_MAX	4	/* "{" in a comment */'
P_SEC1='/*
 * Section one.
 */'
P_ONE='/* First function: a brace in a string "}" and a blank line inside */
static int one(void)
{
	int x = 1;

	return x;
}'
P_PAIR='struct pair {
	int a, b;
};'
P_ENUM='enum {
	E_FIRST = 0,
	E_NEXT
};'
P_SEC2='/*
 * Section two.
 */'
P_PROTO='int two(const char *s);
int three(void);'
P_NAMES='const char *names[] = {
	"a", "b"
};'
P_PLAIN='static int count, other;'
# paragraphs NAME...: the file made of those paragraphs, a blank line between two
paragraphs() {
    local v sep=
    for v in "$@"; do printf '%s%s' "$sep" "${!v}"; sep=$'\n\n'; done
    printf '\n'
}
f=$T_TMP/unit.c
paragraphs P_INC P_DEF P_SEC1 P_ONE P_PAIR P_ENUM P_SEC2 P_PROTO P_NAMES P_PLAIN > "$f"

check() {   # name, expected file, args...
    local name=$1 exp=$2 out
    shift 2
    if ! out=$("$su" "$f" "$@" 2>&1); then
        t_fail "series/units/$name" "exit status $?: $out"
    elif [ "$out" = "$(cat "$exp")" ]; then
        t_pass "series/units/$name"
    else
        t_fail "series/units/$name" "got: $(printf '%s' "$out" | tr '\n' '|')"
    fi
}

# nothing held back: the file as it is
check none "$f"

# a function (with its comment), a structure and an anonymous enumeration (named by its first
# enumerator): section one's banner goes with them
paragraphs P_INC P_DEF P_SEC2 P_PROTO P_NAMES P_PLAIN > "$T_TMP/exp1"
check function-struct-enum "$T_TMP/exp1" one struct:pair E_FIRST

# the prototypes and the array of section two (an array is named by its identifier): its banner goes
# with them
paragraphs P_INC P_DEF P_SEC1 P_ONE P_PAIR P_ENUM P_PLAIN > "$T_TMP/exp2"
check banner-and-array "$T_TMP/exp2" two three names

# a plain declaration of two variables: both names
paragraphs P_INC P_DEF P_SEC1 P_ONE P_PAIR P_ENUM P_SEC2 P_PROTO P_NAMES > "$T_TMP/exp3"
check plain-declaration "$T_TMP/exp3" count other

# two anonymous enumerations in one paragraph: each named by its own first enumerator
printf '%s\n\n%s\n' "$P_INC" 'enum { A_ONE };
enum { B_ONE, B_TWO };' > "$T_TMP/enums.c"
if out=$("$su" --list "$T_TMP/enums.c" 2>&1) && printf '%s\n' "$out" | grep -q -x 'A_ONE B_ONE : enum { A_ONE };'; then
    t_pass series/units/two-enums
else
    t_fail series/units/two-enums "$(printf '%s' "$out" | tr '\n' '|')"
fi

# refused: a name that nothing declares; half of a paragraph (two and three share one)
if out=$("$su" "$f" nosuch 2>&1); then
    t_fail series/units/unknown-name "accepted: $out"
elif printf '%s' "$out" | grep -q 'nosuch declared in 0 paragraphs'; then
    t_pass series/units/unknown-name
else
    t_fail series/units/unknown-name "wrong message: $out"
fi
if out=$("$su" "$f" two 2>&1); then
    t_fail series/units/half-paragraph "accepted: $out"
elif printf '%s' "$out" | grep -q 'the paragraph of two also declares three'; then
    t_pass series/units/half-paragraph
else
    t_fail series/units/half-paragraph "wrong message: $out"
fi
