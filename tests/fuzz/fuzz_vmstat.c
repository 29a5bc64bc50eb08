// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_vmstat.c - libFuzzer target: vmstat's path through our code (src-vmstat/vmstat_cpu.c with
 * src-common/guesttime.c): the since-boot line (gt_split() of the first sample's tics, then
 * vmstat_cpu_columns()) and each interval (the library's delta items, a negative one counted 0 as
 * vmstat's get_cpu_tics() does, then gt_split(), vmstat_cpu_columns()), as vmstat's new_format() does
 * with what libproc2 reads from /proc/stat.
 *
 * Input: records of 10 x 8 bytes (little endian), up to 8: the first is the since-boot tics (any value,
 * as a corrupt or hostile /proc/stat could give after libproc2's strtoull), each next one an interval's
 * deltas as libproc2 hands them (a signed long each: any value, a negative one included).
 * Oracles (vmstat_cpu.h) besides the sanitizers: each column is a percentage of the interval within
 * [0, 100], the six columns, each rounded half up on its own, sum to at most 100 + 3, and each equals
 * 100 * part / total rounded half up computed exactly (128-bit), total being the sum of the 8 base
 * fields (an empty interval: 100% idle). Where 100 * total would not fit in 64 bits (tick counts
 * above 1.8e17, 57 million years of one CPU at 100 Hz: only a broken or crafted /proc/stat), gt_split()
 * and pct() scale the values down, which keeps every share to within 1 of the exact column.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmstat_cpu.h"

static void fail(const char *why, const struct gt_cpu *t, const struct vmstat_cpu *c)
{
	int i;

	fprintf(stderr, "\nfuzz_vmstat: %s\n  tics:", why);
	for (i = 0; i < GT_NFIELDS; i++)
		fprintf(stderr, " %llu", t->t[i]);
	fprintf(stderr, "\n  us %u sy %u id %u wa %u st %u gu %u\n", c->us, c->sy, c->id, c->wa, c->st, c->gu);
	abort();
}

/* 100 * part / total rounded half up, exactly (128-bit arithmetic: the reference) */
static unsigned long long ref_pct(unsigned __int128 part, unsigned __int128 total)
{
	return (unsigned long long) ((100 * part + total / 2) / total);
}

/* |a - b| */
static unsigned long long off(unsigned long long a, unsigned long long b)
{
	return a > b ? a - b : b - a;
}

static void columns(const struct gt_cpu *t)
{
	struct gt_split s;
	struct vmstat_cpu c;
	unsigned __int128 total = 0, user, nice, g, gn;
	unsigned long long slack;
	int i;

	gt_split(t, &s);
	vmstat_cpu_columns(&s, &c);
	if ((c.us > 100) || (c.sy > 100) || (c.id > 100) || (c.wa > 100) || (c.st > 100) || (c.gu > 100))
		fail("a cpu column above 100", t, &c);
	if (c.us + c.sy + c.id + c.wa + c.st + c.gu > 103)
		fail("the cpu columns sum to more than 100 + rounding", t, &c);

	/* the exact columns: the 8 base fields summed without wrapping, guest clamped to user */
	for (i = 0; i < GT_GUEST; i++)
		total += t->t[i];
	g = t->t[GT_GUEST] < t->t[GT_USER] ? t->t[GT_GUEST] : t->t[GT_USER];
	gn = t->t[GT_GUEST_NICE] < t->t[GT_NICE] ? t->t[GT_GUEST_NICE] : t->t[GT_NICE];
	user = t->t[GT_USER] - g;
	nice = t->t[GT_NICE] - gn;
	if (!total) {
		if ((c.id != 100) || c.us || c.sy || c.wa || c.st || c.gu)
			fail("an empty interval is not 100% idle", t, &c);
		return;
	}
	slack = (100 * total + total / 2 > (unsigned __int128) UINT64_MAX) ? 1 : 0;
	if (off(c.us, ref_pct(user + nice, total)) > slack ||
	    off(c.sy, ref_pct((unsigned __int128) t->t[GT_SYSTEM] + t->t[GT_IRQ] + t->t[GT_SOFTIRQ], total)) > slack ||
	    off(c.id, ref_pct(t->t[GT_IDLE], total)) > slack || off(c.wa, ref_pct(t->t[GT_IOWAIT], total)) > slack ||
	    off(c.st, ref_pct(t->t[GT_STEAL], total)) > slack || off(c.gu, ref_pct(g + gn, total)) > slack)
		fail(slack ? "a cpu column is more than 1 away from 100 * part / total (exact arithmetic)" :
		     "a cpu column differs from 100 * part / total rounded half up (exact arithmetic)", t, &c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gt_cpu t;
	int n, i, k;

	for (n = 0; (n < 8) && ((size_t) (n + 1) * GT_NFIELDS * 8 <= size); n++) {
		t.cpu = -1;
		t.ncols = GT_NFIELDS;
		for (i = 0; i < GT_NFIELDS; i++) {
			unsigned long long v = 0;

			for (k = 0; k < 8; k++)
				v |= (unsigned long long) data[((size_t) n * GT_NFIELDS + (size_t) i) * 8 + (size_t) k]
				     << (8 * k);
			/* an interval: the library's sl_int delta, a negative one counts 0 */
			if (n && (long) v < 0)
				v = 0;
			t.t[i] = v;
		}
		columns(&t);	/* the first record: since boot; the others: one interval each */
	}
	return 0;
}
