// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_top.c - libFuzzer target: top's path through our code (src-top/top_guest.c): the %Cpu states
 * (tg_states_calc(), tg_states_oneline()) from one interval's tics as top
 * gets them from libproc2 (signed deltas, any value). (The per-task guest share is libproc2's
 * PIDS_TICS_GUEST_DELTA, patch 0090 of the procps series, outside this target.)
 *
 * Input: 10 x 8 bytes of tics (little endian, signed), then 3 ints (screen width < 100000, cpus
 * per row <= 8192, separator < 256: what top can pass).
 * Oracles (top_guest.h) besides the sanitizers: the ten percentages are each within [0, 100] and sum to
 * 100 (within rounding); total >= 1 and the graph parts are not negative and within total.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "top_guest.h"

static void fail(const char *why)
{
	fprintf(stderr, "\nfuzz_top: %s\n", why);
	abort();
}

static unsigned long long get(const uint8_t **p, const uint8_t *end, int n)
{
	unsigned long long v = 0;
	int i;

	for (i = 0; i < n; i++) {
		v |= (unsigned long long) ((*p < end) ? *(*p)++ : 0) << (8 * i);
	}
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	long long tics[GT_NFIELDS];
	struct tg_states st;
	double sum = 0;
	int i;

	for (i = 0; i < GT_NFIELDS; i++)
		tics[i] = (long long) get(&p, end, 8);
	tg_states_calc(tics, &st);
	for (i = 0; i < TG_NSTATES; i++) {
		if (!(st.pct[i] >= 0.0) || !(st.pct[i] <= 100.0 + 1e-9)) {
			fprintf(stderr, "state %d: %g\n", i, st.pct[i]);
			fail("a %Cpu state outside [0, 100]");
		}
		sum += st.pct[i];
	}
	if (fabs(sum - 100.0) > 1e-6) {
		fprintf(stderr, "sum %g\n", sum);
		fail("the %Cpu states do not sum to 100");
	}
	if ((st.total < 1) || (st.user < 0) || (st.system < 0) || (st.guest < 0) ||
	    (st.user > st.total) || (st.system > st.total) || (st.guest > st.total))
		fail("graph parts negative or above the total");
	/* screen width, cpus side by side and their separator, within what top can have */
	(void) tg_states_oneline((int) (get(&p, end, 4) % 100000), (int) (get(&p, end, 4) % 8193),
			       (int) (get(&p, end, 4) % 256));

	return 0;
}
