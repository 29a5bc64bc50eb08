/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvm_input.h - shared by fuzz_sar_kvm.c and fuzz_sadf_kvm.c: turns a fuzzed byte string into the KVM
 * activity records that sar and sadf hold after reading an sa file (struct activity: buf[], nr[], msize,
 * item list of --vm=), and captures stdout so that the output can be checked.
 *
 * Input layout (every field optional: a short input gives zeros):
 *   byte 0      options (KI_* bits below)
 *   bytes 1-2   item size: msize = STATS_KVM_SIZE + (u16 % (MAX_ITEM_STRUCT_SIZE - STATS_KVM_SIZE + 1)),
 *               as sysstat sets it from a file whose item size is larger than ours (check_file_actlst)
 *   byte 3      number of samples: 2 + b % 3
 *   if KI_VMLIST: the --vm= text, up to a NUL byte (at most 200 bytes)
 *   per sample: 1 byte count (b < 0xf0: b % 48 items; b >= 0xf0: 16 << (b - 0xf0) items, at most
 *               MAX_NR_KVM), 2 bytes interval (1/100 s), then the items' bytes, as many as the input
 *               holds up to nr * msize; the rest of the array repeats the bytes given (with KI_KEYS, each
 *               repeated item gets a distinct "<pid>-<fd>" key, so that large samples of distinct VMs,
 *               as in a real file of many VMs, can be reached from a small input).
 * With FUZZ_KVM_ALIGNED set in the environment, msize is rounded down to a multiple of 8 (to fuzz past
 * the misaligned-read finding before it is fixed).
 * Each sample is a malloc'ed array of exactly nr * msize bytes: reading past it is an ASan report.
 */
#ifndef FUZZ_KVM_INPUT_H
#define FUZZ_KVM_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KI_VMLIST	0x01	/* --vm= list */
#define KI_ALL		0x02	/* -K ALL */
#define KI_MINMAX	0x04	/* -x (sar), S_F_MINMAX */
#define KI_ZERO		0x08	/* -z */
#define KI_DISH		0x10	/* sar: header before each sample; sadf: -h (horizontally) */
#define KI_UNIT		0x20	/* --human */
#define KI_KEYS		0x40	/* distinct keys in repeated items */
#define KI_DEBUG	0x80	/* sadf -r with --debug */

#define KI_MAXS		4

struct ki_sample {
	void *buf;
	int nr;
	unsigned long long itv, uptime_cs;
};

struct ki_input {
	unsigned int opts;
	size_t msize;
	int ns;
	char vmlist[201];
	struct ki_sample s[KI_MAXS];
};

struct ki_reader {
	const uint8_t *d;
	size_t n, pos;
};

static unsigned int ki_byte(struct ki_reader *r)
{
	return (r->pos < r->n) ? r->d[r->pos++] : 0;
}

static void ki_free(struct ki_input *in)
{
	int i;

	for (i = 0; i < KI_MAXS; i++) {
		free(in->s[i].buf);
		in->s[i].buf = NULL;
	}
}

/* Decode @d; returns 0, or -1 if memory is short (not a finding) */
static int ki_decode(const uint8_t *d, size_t n, struct ki_input *in)
{
	struct ki_reader r = { d, n, 0 };
	unsigned int b, v;
	unsigned long long uptime = 100000;
	int i, j;
	size_t k;

	memset(in, 0, sizeof(*in));
	in->opts = ki_byte(&r);
	v = ki_byte(&r);
	v |= ki_byte(&r) << 8;
	in->msize = STATS_KVM_SIZE + v % (MAX_ITEM_STRUCT_SIZE - STATS_KVM_SIZE + 1);
	if (getenv("FUZZ_KVM_ALIGNED"))
		/* only item sizes that keep every item 8-byte aligned (to look past that finding) */
		in->msize &= ~(size_t) 7;
	in->ns = 2 + (int) (ki_byte(&r) % 3);
	if (in->opts & KI_VMLIST) {
		for (k = 0; (k < sizeof(in->vmlist) - 1) && (r.pos < r.n) && d[r.pos]; k++) {
			in->vmlist[k] = (char) d[r.pos++];
		}
		in->vmlist[k] = '\0';
		if (r.pos < r.n)
			r.pos++;	/* the NUL */
	}
	for (i = 0; i < in->ns; i++) {
		struct ki_sample *s = &in->s[i];
		size_t need, have;

		b = ki_byte(&r);
		s->nr = (b < 0xf0) ? (int) (b % 48) : (16 << (b - 0xf0));
		if (s->nr > MAX_NR_KVM)
			s->nr = MAX_NR_KVM;
		v = ki_byte(&r);
		v |= ki_byte(&r) << 8;
		s->itv = v;
		uptime += v;
		s->uptime_cs = uptime;
		need = (size_t) s->nr * in->msize;
		/* malloc(0) may give NULL: keep one byte, never used (nr == 0) */
		s->buf = malloc(need ? need : 1);
		if (!s->buf) {
			ki_free(in);
			return -1;
		}
		have = r.n - r.pos;
		if (have > need)
			have = need;
		if (have)
			memcpy(s->buf, d + r.pos, have);
		r.pos += have;
		for (k = have; k < need; k++) {
			((unsigned char *) s->buf)[k] = have ? ((unsigned char *) s->buf)[k % have] : 0;
		}
		if (in->opts & KI_KEYS) {
			/* repeated items (wholly past the bytes given) get distinct keys */
			for (j = (int) ((have + in->msize - 1) / in->msize); j < s->nr; j++) {
				struct stats_kvm st;
				char *item = (char *) s->buf + (size_t) j * in->msize;

				memcpy(&st, item, sizeof(st));
				snprintf(st.key, sizeof(st.key), "%u-%d", 1000 + (unsigned) j, 10 + j);
				st.pid = 1000 + (unsigned) j;
				memcpy(item, &st, sizeof(st));
			}
		}
	}
	return 0;
}

/*
 * stdout is captured in a fixed buffer. The check: every byte written is printable ASCII, a newline or
 * a tab: a name or key read from a file must never put control bytes (terminal escapes) or other
 * unescaped bytes into a report (colours are off: S_COLORS=never).
 */
static char ki_out[1 << 22];
static FILE *ki_stdout_orig;

static void ki_capture_init(void)
{
	FILE *f = fmemopen(ki_out, sizeof(ki_out), "w");

	if (!f) {
		perror("fmemopen");
		abort();
	}
	ki_stdout_orig = stdout;
	stdout = f;
}

static void ki_capture_begin(void)
{
	fflush(stdout);
	rewind(stdout);
}

/* Check what was written since ki_capture_begin(); aborts (a finding) on an unexpected byte */
static void ki_capture_check(const char *what)
{
	long len, i;

	fflush(stdout);
	len = ftell(stdout);
	if (len < 0)
		return;
	if (len >= (long) sizeof(ki_out) - 1)
		/* full: fmemopen() keeps the last byte for its NUL; the rest is truncated output */
		len = sizeof(ki_out) - 1;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) ki_out[i];

		if (((c < 0x20) || (c > 0x7e)) && (c != '\n') && (c != '\t')) {
			long from = (i > 80) ? i - 80 : 0;

			fprintf(stderr, "\n%s: byte 0x%02x at offset %ld of the output is not printable; "
				"output around it:\n", what, c, i);
			fwrite(ki_out + from, 1, (size_t) (i - from + 16 < len - from ? i - from + 16 : len - from),
			       stderr);
			fprintf(stderr, "\n");
			abort();
		}
	}
}

#endif /* FUZZ_KVM_INPUT_H */
