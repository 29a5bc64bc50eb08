// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_bstats.c - libFuzzer target: kvm_parse_bstats(), the KVM binary statistics parser (the contents of
 * a VM or vCPU stats fd read by sadc: header, descriptors with names, data).
 *
 * The buffer is exactly the fuzzed bytes (a copy in its own allocation, so ASan sees any read past it).
 * Checks besides the sanitizers: a positive result (bytes needed) is larger than the buffer and at most
 * the parser's own 64 MiB bound; the same call on a buffer extended to that size does not ask for fewer
 * bytes than the buffer had; -1 and "too short" add nothing to the counters; 0 only sets bits of counters
 * and "blocking" (no other bit of present), and never lowers a counter (values are added).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_calc.h"

static void fail(const char *why)
{
	fprintf(stderr, "\nfuzz_bstats: %s\n", why);
	abort();
}

static long parse(const unsigned char *buf, size_t len, unsigned long long cnt[KC_NR],
		  unsigned int *present, unsigned int *blocking)
{
	unsigned long long before[KC_NR];
	unsigned int p0 = *present, b0 = *blocking;
	long rc;
	int k;

	memcpy(before, cnt, sizeof(before));
	rc = kvm_parse_bstats(buf, len, cnt, present, blocking);
	if (rc != 0) {
		if (memcmp(before, cnt, sizeof(before)) || (p0 != *present) || (b0 != *blocking))
			fail("a failed parse changed the counters");
		if ((rc > 0) && ((size_t) rc <= len))
			fail("asks for no more bytes than it was given");
		if (rc > 64L * 1024 * 1024 + 1024)
			fail("asks for more than its own size bound");
		if (rc < -1)
			fail("unexpected return value");
		return rc;
	}
	if (*present & ~(p0 | KP_KVM_MASK | (1U << KP_BLOCKING)))
		fail("set a bit of present that is not a KVM counter or blocking");
	for (k = 0; k < KC_NR; k++) {
		if (!(*present & (1U << k)) && (cnt[k] != before[k]))
			fail("changed a counter without marking it present");
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned long long cnt[KC_NR];
	unsigned int present = 0, blocking = 0;
	unsigned char *buf = malloc(size ? size : 1), *big;
	long rc;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	memset(cnt, 0, sizeof(cnt));
	rc = parse(buf, size, cnt, &present, &blocking);
	if ((rc > 0) && (rc <= 1 << 20)) {
		/* sadc reads again with the size asked for: the file's bytes, then zeros */
		big = calloc(1, (size_t) rc);
		if (big) {
			memcpy(big, buf, size);
			rc = parse(big, (size_t) rc, cnt, &present, &blocking);
			free(big);
		}
	}
	free(buf);
	return 0;
}
