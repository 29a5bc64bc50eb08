// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_top.c - libFuzzer target: top's path through our code (src-top/top_guest.c): the %Cpu states
 * (tg_states_calc(), tg_states_nums() in both forms, tg_states_roomy()) from one interval's tics as top
 * gets them from libproc2 (signed deltas, any value), and the per-task guest share (tg_tasks_begin(),
 * tg_tasks_guest(), tg_tasks_end()) over several frames of tasks.
 *
 * Input: 10 x 8 bytes of tics (little endian, signed), then 3 ints (screen width < 100000, cpus
 * per row <= 8192, separator < 256: what top can pass), then frames: a byte with the number of tasks (b % 64; 0xff = a frame without
 * tg_tasks_begin) then per task tid (4 bytes) and utime, stime, guest_time, cpu (8 bytes each).
 * Oracles (top_guest.h) besides the sanitizers: the ten percentages are each within [0, 100] and sum to
 * 100 (within rounding); total >= 1 and the graph parts are not negative and within total; each number
 * text is 5 columns; tg_tasks_guest() never returns more than the cpu it was given, and returns 0 when
 * there is no previous sample.
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
	char nums[TG_NSTATES][TG_NUMSIZ];
	double sum = 0;
	int i, roomy, frame, have_prev = 0;

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
	for (roomy = 0; roomy < 2; roomy++) {
		tg_states_nums(&st, roomy, nums);
		for (i = 0; i < TG_NSTATES; i++) {
			if (strlen(nums[i]) != 5) {
				fprintf(stderr, "\"%s\"\n", nums[i]);
				fail("a state number is not 5 columns");
			}
		}
	}
	/* screen width, cpus side by side and their separator, within what top can have */
	(void) tg_states_roomy((int) (get(&p, end, 4) % 100000), (int) (get(&p, end, 4) % 8193),
			       (int) (get(&p, end, 4) % 256));

	for (frame = 0; (frame < 8) && (p < end); frame++) {
		unsigned int b = (unsigned int) get(&p, end, 1);
		int n, t;

		if (b == 0xff) {
			tg_tasks_end();		/* without begin: forgets the previous sample */
			have_prev = 0;
			continue;
		}
		n = (int) (b % 64);
		tg_tasks_begin(n);
		for (t = 0; t < n; t++) {
			int tid = (int) get(&p, end, 4);
			unsigned long long ut = get(&p, end, 8), stm = get(&p, end, 8);
			unsigned long long gt = get(&p, end, 8), cpu = get(&p, end, 8);
			unsigned long long g = tg_tasks_guest(tid, ut, stm, gt, cpu);

			if (g > cpu)
				fail("tg_tasks_guest above the task's cpu tics");
			if (!have_prev && g)
				fail("tg_tasks_guest not 0 without a previous sample");
		}
		tg_tasks_end();
		have_prev = 1;
	}
	/* forget this input's samples: the next input starts without a previous one */
	tg_tasks_end();
	return 0;
}
