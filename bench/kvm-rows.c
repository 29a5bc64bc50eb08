// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench/kvm-rows.c - cost of what sar and sadf do with the KVM records of a file, as a function
 * of the number of VMs per record: kvm_compute_rows() (rates, matching VMs by key and process)
 * and kvm_avg_add() (averages) for every record, as sar -K ALL does.
 *
 *   cc -O2 -I src-sar-kvm bench/kvm-rows.c src-sar-kvm/kvm_calc.c -o kvm-rows
 *   valgrind --tool=callgrind --callgrind-out-file=/dev/null ./kvm-rows N RECORDS
 * (-DKVM_ROWS_VOID for kvm_calc.c up to commit a461d1e, to compare)
 *
 * N VMs per record (N + 1 items with "all"), keys "<pid>-5" in an order that is not sorted, every
 * counter growing by 100 per record. Prints the "all" exit/s of the last record (N * 100) so the
 * work cannot be optimized away. See bench/README.md for the figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_calc.h"

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, nrec = argc > 2 ? atoi(argv[2]) : 3;
	struct stats_kvm *s[2];
	struct kvm_row *rows;
	struct kvm_avg avg;
	int i, k, r;

	if (n < 1 || nrec < 2)
		return 2;
	memset(&avg, 0, sizeof(avg));
	s[0] = calloc((size_t) n + 1, sizeof(struct stats_kvm));
	s[1] = calloc((size_t) n + 1, sizeof(struct stats_kvm));
	rows = calloc((size_t) n + 1, sizeof(struct kvm_row));
	if (!s[0] || !s[1] || !rows)
		return 1;
	for (r = 0; r < nrec; r++) {
		struct stats_kvm *c = s[r & 1];

		strcpy(c[0].key, "all");
		c[0].present = KP_KVM_MASK | KP_PROC_MASK;
		c[0].source = KVM_SRC_DEBUGFS;
		for (i = 1; i <= n; i++) {
			/* pids in a scrambled order: 7919 is prime, so i -> pid is one-to-one */
			unsigned int pid = (unsigned int) (((long) i * 7919) % (n + 1)) + 1;

			snprintf(c[i].key, sizeof(c[i].key), "%u-5", pid);
			snprintf(c[i].name, sizeof(c[i].name), "vm%u", pid);
			c[i].pid = pid;
			c[i].start_cs = 100;
			c[i].source = KVM_SRC_DEBUGFS;
			c[i].nstats = 1;
			c[i].nvm = 1;
			c[i].nvcpu = 2;
			c[i].present = KP_KVM_MASK | KP_PROC_MASK;
			for (k = 0; k < KC_NR; k++)
				c[i].cnt[k] = 1000 + 100 * (unsigned long long) r;
		}
		if (!r)
			continue;
#ifdef KVM_ROWS_VOID
		/* kvm_calc.c up to a461d1e: kvm_compute_rows() returned nothing */
		kvm_compute_rows(s[!(r & 1)], n + 1, c, n + 1, sizeof(*c), 1000ULL + 100 * (r - 1),
				 100, rows);
#else
		if (kvm_compute_rows(s[!(r & 1)], n + 1, c, n + 1, sizeof(*c), 1000ULL + 100 * (r - 1),
				     100, rows) < 0)
			return 1;
#endif
		for (i = 0; i <= n; i++) {
			if (kvm_avg_add(&avg, &rows[i], !i, 100) < 0)
				return 1;
		}
	}
	printf("%d VMs, %d records: all exit/s %.0f\n", n, nrec, rows[0].v[KF_EXIT]);
	kvm_avg_free(&avg);
	free(s[0]);
	free(s[1]);
	free(rows);
	return 0;
}
