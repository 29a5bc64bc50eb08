// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_sar_kvm.c - libFuzzer target: the KVM records of an sa file as sar displays them.
 *
 * Linked with the sysstat objects of sar (sar.c with its main() renamed, activity.c, sa_common.c,
 * pr_stats.c, ...) and our kvm_calc.c, all built with clang and the sanitizers
 * (tests/fuzz/build). The fuzzed bytes become 2 to 4 samples of the KVM activity (see kvm_input.h: any
 * item size sysstat accepts, any count up to MAX_NR_KVM, arbitrary bytes: unterminated keys and names,
 * counters going down, huge values), an optional --vm= list (parsed by parse_kvm_vm_list() as sar does)
 * and the options -K ALL, -x, -z, --human. Each sample is shown as sar does (print_kvm_stats(), called
 * only for a sample with at least one item, like sar's write_stats()), then the averages
 * (print_avg_kvm_stats()). Findings: any ASan/UBSan report, and any byte of sar's output that is not
 * printable ASCII, newline or tab (a key or name from the file reaching the terminal unescaped).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sa.h"
#include "kvm_input.h"

extern uint64_t flags;
extern int dish;
extern char timestamp[][TIMESTAMP_LEN];
extern struct record_header record_hdr[];
extern struct activity *act[];

/* sa_common.c (not declared in sa.h for sar) */
void free_item_list(struct sa_item **);

static struct activity *kvm;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("S_COLORS", "never", 1);
	init_colors();
	kvm = act[get_activity_position(act, A_KVM, EXIT_IF_NOT_FOUND)];
	ki_capture_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ki_input in;
	uint64_t flags0 = flags;
	int i, curr = 1, prev = 0, shown = 0;

	if (ki_decode(data, size, &in) < 0)
		return 0;

	kvm->options |= AO_SELECTED;
	kvm->opt_flags = (in.opts & KI_ALL) ? AO_F_KVM_REPORTS : 0;
	kvm->msize = in.msize;
	if (in.opts & KI_MINMAX)
		flags |= S_F_MINMAX;
	if (in.opts & KI_ZERO)
		flags |= S_F_ZERO_OMIT;
	if (in.opts & KI_UNIT)
		flags |= S_F_UNIT;
	dish = !!(in.opts & KI_DISH);
	strcpy(timestamp[0], "12:00:00");
	strcpy(timestamp[1], "12:00:10");

	ki_capture_begin();
	if ((in.opts & KI_VMLIST) && (parse_kvm_vm_list(in.vmlist, kvm) < 0))
		/* sar prints its usage and exits */
		goto out;

	for (i = 1; i < in.ns; i++) {
		kvm->buf[prev] = in.s[i - 1].buf;
		kvm->nr[prev] = in.s[i - 1].nr;
		kvm->buf[curr] = in.s[i].buf;
		kvm->nr[curr] = in.s[i].nr;
		record_hdr[prev].uptime_cs = in.s[i - 1].uptime_cs;
		record_hdr[curr].uptime_cs = in.s[i].uptime_cs;
		if (kvm->nr[curr] > 0) {
			print_kvm_stats(kvm, prev, curr, in.s[i].itv);
			shown = 1;
		}
		prev = curr;
		curr = !curr;
	}
	/* Average lines (sar's write_stats_avg()): the rows kept by print_kvm_stats() */
	if (shown) {
		print_avg_kvm_stats(kvm, 2, curr, 0);
	}
	ki_capture_check("sar -K");

out:
	free_item_list(&kvm->item_list);
	kvm->item_list_sz = 0;
	kvm->options &= ~(AO_SELECTED | AO_LIST_ON_CMDLINE);
	kvm->buf[0] = kvm->buf[1] = NULL;
	flags = flags0;
	ki_free(&in);
	return 0;
}
