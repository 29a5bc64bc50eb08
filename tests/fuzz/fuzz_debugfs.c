// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_debugfs.c - libFuzzer target: what sadc parses from debugfs and /proc for a VM:
 * kvm_parse_value() (a statistic file's contents), kvm_parse_key() (a VM directory name "<pid>-<fd>"),
 * kvm_map_name() (a statistic file name), kvm_parse_starttime() (/proc/PID/stat, field 22) and
 * kvm_parse_task_stat() (/proc/PID/stat: utime, stime, guest_time, comm) and kvm_parse_schedstat()
 * (/proc/PID/task/TID/schedstat: the run delay).
 *
 * Input: the text. kvm_parse_value() gets the raw bytes (length given, no NUL, in their own allocation);
 * the others get a NUL-terminated copy (as sadc has them: directory entry names, /proc files read into a
 * NUL-terminated buffer).
 * Oracles besides the sanitizers: a value accepted by kvm_parse_value() is what strtoull() reads from the
 * same digits, and the byte after the digits (if any) is a newline or NUL; a key accepted by
 * kvm_parse_key() has the form [1-9][0-9]*-[0-9]+ and its numbers are those strtoul() reads, both within
 * INT_MAX; kvm_map_name() returns -1 or a counter/blocking index; a start time accepted by
 * kvm_parse_starttime() is the strtoull() of field 22, counting fields after the last ')';
 * kvm_parse_task_stat() leaves its output unchanged on failure and gives a NUL-terminated comm; a
 * schedstat accepted by kvm_parse_schedstat() is three strtoull() numbers separated by one space (then
 * nothing or a newline), and the run delay returned is the second.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_calc.h"

static void fail(const char *why, const char *s)
{
	fprintf(stderr, "\nfuzz_debugfs: %s: \"%s\"\n", why, s);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw, *s;
	unsigned long long v, w, start;
	struct kvm_task task, keep;
	unsigned int pid, fd;
	size_t i;
	int idx;

	raw = malloc(size ? size : 1);
	s = malloc(size + 1);
	if (!raw || !s) {
		free(raw);
		free(s);
		return 0;
	}
	memcpy(raw, data, size);
	memcpy(s, data, size);
	s[size] = '\0';

	/* statistic file contents */
	if (!kvm_parse_value(raw, size, &v)) {
		char *end;

		for (i = 0; (i < size) && (raw[i] >= '0') && (raw[i] <= '9'); i++)
			;
		if (!i)
			fail("kvm_parse_value accepted a value without digits", s);
		errno = 0;
		w = strtoull(s, &end, 10);
		if (errno || (w != v) || ((size_t) (end - s) != i))
			fail("kvm_parse_value and strtoull disagree", s);
		if ((i < size) && (raw[i] != '\n') && (raw[i] != '\0'))
			fail("kvm_parse_value accepted junk after the digits", s);
	}

	/* VM directory name */
	if (!kvm_parse_key(s, &pid, &fd)) {
		/* <pid>-<fd>: pid without a leading zero, fd in decimal (leading zeros allowed) */
		const char *dash = strchr(s, '-');

		if (!dash || (s[0] < '1') || (s[0] > '9') || (strspn(s, "0123456789") != (size_t) (dash - s)) ||
		    !dash[1] || (strspn(dash + 1, "0123456789") != strlen(dash + 1)))
			fail("kvm_parse_key accepted a name that is not <pid>-<fd>", s);
		if ((strtoul(s, NULL, 10) != pid) || (strtoul(dash + 1, NULL, 10) != fd))
			fail("kvm_parse_key and strtoul disagree", s);
		if (!pid || (pid > INT_MAX) || (fd > INT_MAX))
			fail("kvm_parse_key accepted an out-of-range pid or fd", s);
	}

	/* statistic file name */
	idx = kvm_map_name(s);
	if ((idx != -1) && ((idx < 0) || (idx > KP_BLOCKING)))
		fail("kvm_map_name returned an unknown index", s);

	/* /proc/PID/stat */
	if (!kvm_parse_starttime(s, &start)) {
		const char *p = strrchr(s, ')');
		int field = 2;

		if (!p)
			fail("kvm_parse_starttime accepted a line without ')'", s);
		p++;
		for (;;) {
			while (*p == ' ')
				p++;
			if (!*p || (*p == '\n'))
				fail("kvm_parse_starttime accepted a line with fewer than 22 fields", s);
			if (++field == 22)
				break;
			while (*p && (*p != ' ') && (*p != '\n'))
				p++;
		}
		errno = 0;
		w = strtoull(p, NULL, 10);
		if ((*p < '0') || (*p > '9') || errno || (w != start))
			fail("kvm_parse_starttime and strtoull disagree on field 22", s);
	}

	memset(&task, 0x5a, sizeof(task));
	keep = task;
	if (kvm_parse_task_stat(s, &task)) {
		if (memcmp(&task, &keep, sizeof(task)))
			fail("kvm_parse_task_stat changed its output on failure", s);
	}
	else if (strnlen(task.comm, sizeof(task.comm)) >= sizeof(task.comm)) {
		fail("kvm_parse_task_stat: comm not NUL-terminated", s);
	}

	/* schedstat: three numbers separated by single spaces, an optional newline; the run delay is the 2nd */
	if (!kvm_parse_schedstat(s, &v)) {
		unsigned long long a[3];
		char *e = s;
		int k;

		for (k = 0; k < 3; k++) {
			if ((*e < '0') || (*e > '9'))
				fail("kvm_parse_schedstat accepted a field that is not a number", s);
			errno = 0;
			a[k] = strtoull(e, &e, 10);
			if (errno)
				fail("kvm_parse_schedstat accepted a number out of range", s);
			if ((k < 2) && (*e++ != ' '))
				fail("kvm_parse_schedstat accepted a separator other than one space", s);
		}
		if (*e && strcmp(e, "\n"))
			fail("kvm_parse_schedstat accepted junk after the third number", s);
		if (a[1] != v)
			fail("kvm_parse_schedstat and strtoull disagree on the run delay", s);
		if (!a[0])
			fail("kvm_parse_schedstat accepted a time on a CPU of 0 (\"0 0 0\": no statistics)", s);
	}

	free(raw);
	free(s);
	return 0;
}
