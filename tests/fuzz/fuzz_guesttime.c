// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_guesttime.c - libFuzzer target: the guesttime module (src-common/guesttime.c) as top and vmstat
 * use it: gt_split() on any tics.
 *
 * Input: 80 bytes, 10 tics (little endian, any value); shorter inputs are padded with zeros.
 * Oracles (the contract in src-common/CONTRACT.md and guesttime.h) besides the sanitizers: gt_split():
 * guest <= user and guest_nice <= nice of the input, user + guest and nice + guest_nice give the input
 * back, and total == the sum of the 10 parts, never above LLONG_MAX (halved as often as the contract
 * says).
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
	struct gt_cpu c;
	size_t i, k;

	c.cpu = -1;
	c.ncols = GT_NFIELDS;
	for (i = 0; i < GT_NFIELDS; i++) {
		c.t[i] = 0;
		for (k = 0; k < 8; k++) {
			if (i * 8 + k < size)
				c.t[i] |= (unsigned long long) data[i * 8 + k] << (8 * k);
		}
	}
	check_split(&c, "(the input as tics)");
	return 0;
}
