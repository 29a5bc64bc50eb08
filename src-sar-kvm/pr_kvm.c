/*
 * pr_kvm.c: KVM activity (sar -K) - display by sar.
 * (C) 2026 by Seed 1c3e161a maintainers (maintainers <at> users.noreply.r-seed-1c3e161a.example)
 *
 ***************************************************************************
 * This program is free software; you can redistribute it and/or modify it *
 * under the terms of the GNU General Public License as published  by  the *
 * Free Software Foundation; either version 2 of the License, or (at  your *
 * option) any later version.                                              *
 *                                                                         *
 * This program is distributed in the hope that it  will  be  useful,  but *
 * WITHOUT ANY WARRANTY; without the implied warranty  of  MERCHANTABILITY *
 * or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public License *
 * for more details.                                                       *
 *                                                                         *
 * You should have received a copy of the GNU General Public License along *
 * with this program; if not, write to the Free Software Foundation, Inc., *
 * 51 Franklin Street, Fifth Floor, Boston, MA 02110-1335 USA              *
 ***************************************************************************
 */

#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "sa.h"
#include "pr_stats.h"

#ifdef USE_NLS
#include <locale.h>
#include <libintl.h>
#define _(string) gettext(string)
#else
#define _(string) (string)
#endif

extern uint64_t flags;
extern int dish;
extern char timestamp[][TIMESTAMP_LEN];
extern struct record_header record_hdr[];

/* Averages, minimum and maximum values of the rows displayed */
static struct kvm_avg kvm_avg;

/*
 * The reports of sar -K, selected by keyword (-K CPU,EXIT,HALT,EVENT or
 * ALL; -K alone is -K CPU), each displayed as its own block: its fields,
 * in order, ended by -1.
 */
static const struct {
	unsigned int flag;	/* AO_F_KVM_* */
	int f[10];
} kvm_reports[] = {
	/* VMs and their CPU cost */
	{AO_F_KVM_CPU,	 {KF_NVM, KF_NVCPU, KF_VCPUBLK, KF_PCT_GUEST, KF_PCT_VMM,
			  KF_PCT_STEAL, KF_PCT_HPOLL, KF_PCT_HWAIT, KF_EXIT, -1}},
	/* Exits by kind */
	{AO_F_KVM_EXIT,	 {KF_EXIT, KF_HLTEXIT, KF_MMIOEXIT, KF_IOEXIT, KF_IRQEXIT,
			  KF_SIGEXIT, KF_HCALL, -1}},
	/* Halting and polling */
	{AO_F_KVM_HALT,	 {KF_VCPUBLK, KF_HLTEXIT, KF_HPOLL, KF_HPOLLOK, KF_HWAKE,
			  KF_PCT_HPOLL, KF_PCT_HWAIT, -1}},
	/* Injected events, emulation and MMU */
	{AO_F_KVM_EVENT, {KF_IRQINJ, KF_EMUL, KF_PFFIX, KF_RTLBFL, -1}}
};
#define KVM_NR_REPORTS	(int) (sizeof(kvm_reports) / sizeof(kvm_reports[0]))

/* Column width of an output field */
static int kvm_width(int f)
{
	switch (kvm_fields[f].kind) {
	case KFK_INSTANT:
		return 7;
	case KFK_PCT:
		return 7;
	default:
		return 10;
	}
}

/* Reports selected with option -K (-K alone: CPU) */
static unsigned int kvm_selected_reports(const struct activity *a)
{
	unsigned int r = a->opt_flags & AO_F_KVM_REPORTS;

	return r ? r : AO_F_KVM_CPU;
}

/* Display the header line of report @r */
static void print_kvm_header(char *ts, int r)
{
	int j, f;

	printf("\n%-11s %-16s", ts, "VM");
	for (j = 0; (f = kvm_reports[r].f[j]) >= 0; j++) {
		printf(" %*s", kvm_width(f), kvm_fields[f].hdr);
	}
	printf(" %s\n", "key");
}

/*
 * Display one row of report @r. @avg: TRUE for average values (instants
 * with decimals). The guest name comes first ("all" for the host, "-" if
 * unknown), the key last: two VMs of one name differ by their key.
 */
static void print_kvm_row(const char *ts, const struct kvm_row *r, int rep, int avg)
{
	int j, f;

	/* Key and name of a row are NUL-terminated and printable (kvm_clean_item()) */
	printf("%-11s", ts);
	cprintf_in(IS_STR, " %-16s", !strcmp(r->st->key, "all") ? "all" :
		   r->st->name[0] ? (char *) r->st->name : "-", 0);
	for (j = 0; (f = kvm_reports[rep].f[j]) >= 0; j++) {
		if (!(r->present & (1U << f))) {
			/* Counter absent on this architecture, or unknown: never a fake zero */
			printf(" %*s", kvm_width(f), "-");
			continue;
		}
		switch (kvm_fields[f].kind) {
		case KFK_INSTANT:
			if (avg) {
				cprintf_f(NO_UNIT, FALSE, 1, kvm_width(f), 2, r->v[f]);
			}
			else {
				cprintf_u64(NO_UNIT, 1, kvm_width(f),
					    (unsigned long long) r->v[f]);
			}
			break;
		case KFK_PCT:
			cprintf_xpc(DISPLAY_UNIT(flags), XHIGH, 1, kvm_width(f), 2, r->v[f]);
			break;
		default:
			cprintf_f(NO_UNIT, FALSE, 1, kvm_width(f), 2, r->v[f]);
		}
	}
	cprintf_in(IS_STR, " %s", (char *) r->st->key, 0);
	printf("\n");
}

/*
 ***************************************************************************
 * Display average KVM statistics (and min/max values with option -x),
 * computed from the rows saved by stub_print_kvm_stats().
 *
 * IN:
 * @a		KVM activity.
 * @curr	Index in array for current sample statistics.
 ***************************************************************************
 */
static void print_kvm_avg_rows(struct activity *a, int curr)
{
	struct kvm_row r;
	struct stats_kvm st;
	unsigned int reps = kvm_selected_reports(a);
	int i, rep;

	if (!kvm_avg.n)
		/* No sample with statistics (see kvm_sample_seen()) */
		return;
	for (rep = 0; rep < KVM_NR_REPORTS; rep++) {
		if (!(reps & kvm_reports[rep].flag))
			continue;
		if (!DISPLAY_MINMAX(flags)) {
			print_kvm_header(timestamp[!curr], rep);
		}
		for (i = 0; i < kvm_avg.n; i++) {
			if (DISPLAY_MINMAX(flags)) {
				/* Option -x: minimum and maximum values, then average */
				print_kvm_header(timestamp[!curr], rep);
				kvm_avg_row(&kvm_avg, i, KVM_AVG_MIN, &r, &st);
				print_kvm_row(_("Minimum:"), &r, rep, TRUE);
				kvm_avg_row(&kvm_avg, i, KVM_AVG_MAX, &r, &st);
				print_kvm_row(_("Maximum:"), &r, rep, TRUE);
			}
			kvm_avg_row(&kvm_avg, i, KVM_AVG_MEAN, &r, &st);
			print_kvm_row(timestamp[curr], &r, rep, TRUE);
		}
	}
	kvm_avg_free(&kvm_avg);
}

/*
 ***************************************************************************
 * Display current or average KVM statistics: the "all" row, then one row
 * per VM (those given with --vm=, if any), in each report selected.
 *
 * IN:
 * @a		Activity structure with statistics.
 * @prev	Index in array where stats used as reference are.
 * @curr	Index in array for current sample statistics.
 * @itv		Interval of time in 1/100th of a second.
 * @dispavg	TRUE if displaying average statistics.
 ***************************************************************************
 */
static void stub_print_kvm_stats(struct activity *a, int prev, int curr,
				 unsigned long long itv, int dispavg)
{
	static struct kvm_row *rows = NULL;
	static char *shown = NULL;
	static int rows_alloc = 0;
	unsigned int reps = kvm_selected_reports(a);
	int i, f, rep, zero;

	if (dispavg) {
		print_kvm_avg_rows(a, curr);
		return;
	}
	if (a->nr[curr] < 1)
		return;
	if (a->nr[curr] > rows_alloc) {
		SREALLOC(rows, struct kvm_row, sizeof(struct kvm_row) * (size_t) a->nr[curr]);
		SREALLOC(shown, char, (size_t) a->nr[curr]);
		rows_alloc = a->nr[curr];
	}
	if (kvm_compute_rows(a->buf[prev], a->nr[prev], a->buf[curr], a->nr[curr], a->msize,
			     record_hdr[prev].uptime_cs, itv, rows) < 0) {
		perror("malloc");
		exit(4);
	}
	if (kvm_sample_seen(&rows[0].item))
		/* sadc could not read the statistics: said once on stderr, nothing printed */
		return;

	/* Rows displayed: "all", and every VM (or those of --vm=) */
	for (i = 0; i < a->nr[curr]; i++) {
		shown[i] = !i || !HAS_LIST_ON_CMDLINE(a->options) || kvm_vm_selected(a, rows[i].st);
		if (!shown[i])
			continue;

		if (!kvm_avg.n && !kvm_avg.seed) {
			kvm_avg.seed = kvm_hash_seed();
		}
		if (kvm_avg_add(&kvm_avg, &rows[i], !i, itv) < 0) {
			perror("malloc");
			exit(4);
		}
		if (i && DISPLAY_ZERO_OMIT(flags)) {
			/* Omit VMs with no activity */
			for (f = KF_EXIT, zero = TRUE; f < KF_NR; f++) {
				if ((rows[i].present & (1U << f)) && (rows[i].v[f] != 0.0)) {
					zero = FALSE;
				}
			}
			shown[i] = !zero;
		}
	}

	for (rep = 0; rep < KVM_NR_REPORTS; rep++) {
		if (!(reps & kvm_reports[rep].flag))
			continue;
		if (dish || DISPLAY_ZERO_OMIT(flags) || (reps & (reps - 1))) {
			/* Several reports: each one has its header */
			print_kvm_header(timestamp[!curr], rep);
		}
		for (i = 0; i < a->nr[curr]; i++) {
			if (shown[i]) {
				print_kvm_row(timestamp[curr], &rows[i], rep, FALSE);
			}
		}
	}
}

/*
 ***************************************************************************
 * Display KVM statistics.
 *
 * IN:
 * @a		Activity structure with statistics.
 * @prev	Index in array where stats used as reference are.
 * @curr	Index in array for current sample statistics.
 * @itv		Interval of time in 1/100th of a second.
 ***************************************************************************
 */
__print_funct_t print_kvm_stats(struct activity *a, int prev, int curr,
				unsigned long long itv)
{
	stub_print_kvm_stats(a, prev, curr, itv, FALSE);
}

/*
 ***************************************************************************
 * Display average KVM statistics (and min/max values with option -x).
 *
 * IN:
 * @a		Activity structure with statistics.
 * @prev	Index in array where stats used as reference are.
 * @curr	Index in array for current sample statistics.
 * @itv		Interval of time in 1/100th of a second.
 ***************************************************************************
 */
__print_funct_t print_avg_kvm_stats(struct activity *a, int prev, int curr,
				    unsigned long long itv)
{
	stub_print_kvm_stats(a, prev, curr, itv, TRUE);
}
