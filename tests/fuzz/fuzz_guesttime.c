// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_guesttime.c - libFuzzer target: the guesttime parsers and arithmetic (src-common/guesttime.c),
 * as vmstat, top and sadc use them: gt_parse_cpu_line() on /proc/stat lines, gt_parse_task_stat() on
 * /proc/PID/stat lines, then gt_delta(), gt_split() and gt_task_delta() on what was parsed.
 *
 * Input: text split at the first byte 0x00 into two parts A and B (each NUL-terminated, in its own
 * allocation). Each part is parsed as a cpu line and as a task line; when both parts parse, B is the
 * later sample and A the earlier one.
 * Oracles (the contract in src-common/CONTRACT.md and guesttime.h) besides the sanitizers: a cpu line
 * parses into 4..10 columns, absent ones 0; gt_delta() never gives a field above the later value;
 * gt_split(): guest <= user and guest_nice <= nice of the input, user + guest and nice + guest_nice give
 * the input back, and total == the sum of the 10 parts; gt_task_delta(): guest <= cpu; a failed parse
 * leaves its output unchanged.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guesttime.h"

static void fail(const char *why, const char *s)
{
	fprintf(stderr, "\nfuzz_guesttime: %s: \"%s\"\n", why, s);
	abort();
}

static void check_split(const struct gt_cpu *t, const char *s)
{
	struct gt_split p;
	unsigned long long sum, u, n;
	unsigned __int128 all = 0;
	int i, shift = 0;

	gt_split(t, &p);
	/* the contract: if the 8 base fields add up to more than LLONG_MAX, each is halved until not */
	for (i = 0; i < GT_GUEST; i++)
		all += t->t[i];
	while ((all >> shift) > (unsigned __int128) LLONG_MAX) {
		unsigned __int128 a = 0;

		shift++;
		for (i = 0; i < GT_GUEST; i++)
			a += t->t[i] >> shift;
		if (a <= (unsigned __int128) LLONG_MAX)
			break;
	}
	u = t->t[GT_USER] >> shift;
	n = t->t[GT_NICE] >> shift;
	if (p.total > (unsigned long long) LLONG_MAX)
		fail("gt_split: total above LLONG_MAX", s);
	if ((p.guest > u) || (p.guest_nice > n))
		fail("gt_split: guest above user or guest_nice above nice", s);
	if ((p.user + p.guest != u) || (p.nice + p.guest_nice != n))
		fail("gt_split: parts do not give user/nice back (halved as often as the total needs)", s);
	sum = p.user + p.nice + p.system + p.idle + p.iowait + p.irq + p.softirq + p.steal + p.guest +
	      p.guest_nice;
	if (sum != p.total)
		fail("gt_split: total is not the sum of the parts", s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *z = memchr(data, 0, size);
	size_t la = z ? (size_t) (z - data) : size, lb = z ? size - la - 1 : 0;
	char *a = malloc(la + 1), *b = malloc(lb + 1);
	struct gt_cpu ca, cb, d, keep;
	struct gt_task ta, tb, tkeep;
	unsigned long long cpu, guest;
	int ra, rb, i;

	if (!a || !b) {
		free(a);
		free(b);
		return 0;
	}
	memcpy(a, data, la);
	a[la] = '\0';
	if (lb)
		memcpy(b, z + 1, lb);
	b[lb] = '\0';

	memset(&ca, 0x5a, sizeof(ca));
	keep = ca;
	ra = gt_parse_cpu_line(a, &ca);
	if (ra && memcmp(&ca, &keep, sizeof(ca)))
		fail("gt_parse_cpu_line changed its output on failure", a);
	if (!ra) {
		if ((ca.ncols < 4) || (ca.ncols > GT_NFIELDS))
			fail("gt_parse_cpu_line: column count out of 4..10", a);
		for (i = ca.ncols; i < GT_NFIELDS; i++) {
			if (ca.t[i])
				fail("gt_parse_cpu_line: absent column not 0", a);
		}
		check_split(&ca, a);
	}
	rb = gt_parse_cpu_line(b, &cb);
	if (!rb)
		check_split(&cb, b);
	if (!ra && !rb) {
		gt_delta(&ca, &cb, &d);
		for (i = 0; i < GT_NFIELDS; i++) {
			if (d.t[i] > cb.t[i])
				fail("gt_delta: a delta above the later value", b);
		}
		check_split(&d, b);
	}

	memset(&ta, 0x5a, sizeof(ta));
	tkeep = ta;
	ra = gt_parse_task_stat(a, &ta);
	if (ra && memcmp(&ta, &tkeep, sizeof(ta)))
		fail("gt_parse_task_stat changed its output on failure", a);
	if (!ra && (strnlen(ta.comm, sizeof(ta.comm)) >= sizeof(ta.comm)))
		fail("gt_parse_task_stat: comm not NUL-terminated", a);
	rb = gt_parse_task_stat(b, &tb);
	if (!ra && !rb) {
		gt_task_delta(&ta, &tb, &cpu, &guest);
		if (guest > cpu)
			fail("gt_task_delta: guest above cpu", b);
	}

	free(a);
	free(b);
	return 0;
}
