#!/usr/bin/env bash
# tools/series-units: what tools/make-series uses to commit one of our new files without the units that
# arrive in a later patch of the submission series (upstream/new-files, "Units"). On a small C file written
# here, the expected outputs are written by hand: each unit is removed with the comment above it and the
# blank line after it, a section banner goes with the paragraph after it, and a name that declares nothing,
# or a paragraph that would lose a declaration not named, is refused.
# variants: release
. "$ROOT/tests/lib.sh"

su=$ROOT/tools/series-units
f=$T_TMP/unit.c
cat > "$f" <<'C'
#include <string.h>

#define A_MAX	4	/* "{" in a comment */

/*
 * Section one.
 */

/* First function: a brace in a string "}" and a blank line inside */
static int one(void)
{
	int x = 1;

	return x;
}

struct pair {
	int a, b;
};

enum {
	E_FIRST = 0,
	E_NEXT
};

/*
 * Section two.
 */

int two(const char *s);
int three(void);

const char *names[] = {
	"a", "b"
};

static int count, other;
C

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

# a function (with its comment), a structure and an anonymous enumeration (named by its first enumerator)
cat > "$T_TMP/exp1" <<'C'
#include <string.h>

#define A_MAX	4	/* "{" in a comment */

/*
 * Section two.
 */

int two(const char *s);
int three(void);

const char *names[] = {
	"a", "b"
};

static int count, other;
C
check function-struct-enum "$T_TMP/exp1" one struct:pair E_FIRST

# the last paragraphs of section two: its banner goes with them; an array is named by its identifier
cat > "$T_TMP/exp2" <<'C'
#include <string.h>

#define A_MAX	4	/* "{" in a comment */

/*
 * Section one.
 */

/* First function: a brace in a string "}" and a blank line inside */
static int one(void)
{
	int x = 1;

	return x;
}

struct pair {
	int a, b;
};

enum {
	E_FIRST = 0,
	E_NEXT
};

static int count, other;
C
check banner-and-array "$T_TMP/exp2" two three names

# a plain declaration of two variables: both names
head -n -2 "$f" > "$T_TMP/exp3"
check plain-declaration "$T_TMP/exp3" count other

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
