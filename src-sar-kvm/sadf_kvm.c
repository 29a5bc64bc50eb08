/*
 * sadf_kvm.c: KVM activity (sar -K) - output formats of sadf:
 * -d/-p (render), -x (XML), -j (JSON), -g (SVG), -r (raw), -l (PCP).
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

/*
 * Values absent for a VM or an architecture are never printed as zero:
 * empty field (-d), no line (-p), no attribute (-x), no key (-j), no point
 * (-g), no value (-l).
 */

#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <float.h>

#include "sa.h"
#include "sadf.h"
#include "rndr_stats.h"
#include "raw_stats.h"	/* pfield(), pval() */
#include "svg_stats.h"	/* allocate_graph_lines(), lnappend(), draw_activity_graphs()... */

#ifdef USE_NLS
#include <locale.h>
#include <libintl.h>
#define _(string) gettext(string)
#else
#define _(string) (string)
#endif

#ifdef HAVE_PCP
#include <pcp/pmapi.h>
#include <pcp/import.h>
#endif

extern uint64_t flags;
extern struct record_header record_hdr[];

/* SVG (sadf -g): lines of the host ("all"), lines of each VM, VMs compared per view */
#define KVM_SVG_HOST	21
#define KVM_SVG_VM	2
#define KVM_SVG_TOP	5
#define KVM_SVG_VIEWS	7	/* 5 views of the host, 2 comparing VMs (activity's g_nr) */
/*
 * Largest value drawn. svg_stats.c's ygrid() converts the largest value of
 * a view, divided by its number of grid lines, to a long (undefined above
 * about 6.4e9 where a long has 32 bits) and takes a power of 10 of its
 * number of digits as an unsigned int (wrong from 10^10): a view cannot be
 * drawn right above a few 10^9. No KVM value of a host reaches 10^9 per
 * second (an exit takes a CPU about a microsecond) nor 10^9 %: only a
 * damaged file gives one. Such a point is left out, like an absent value;
 * the other formats still give it.
 */
#define KVM_SVG_VMAX	1e9

/*
 ***************************************************************************
 * Compute the rows of the current sample.
 *
 * IN:
 * @a		KVM activity.
 * @curr	Index in array for current sample statistics.
 * @itv		Interval of time in 1/100th of a second.
 *
 * RETURNS:
 * Array of a->nr[curr] rows (static, reused at next call).
 ***************************************************************************
 */
static struct kvm_row *kvm_rows(struct activity *a, int curr, unsigned long long itv)
{
	static struct kvm_row *rows = NULL;
	static int rows_alloc = 0;

	if (a->nr[curr] > rows_alloc) {
		SREALLOC(rows, struct kvm_row, sizeof(struct kvm_row) * (size_t) a->nr[curr]);
		rows_alloc = a->nr[curr];
	}
	if (kvm_compute_rows(a->buf[!curr], a->nr[!curr], a->buf[curr], a->nr[curr], a->msize,
			     record_hdr[!curr].uptime_cs, itv, rows) < 0) {
		perror("malloc");
		exit(4);
	}
	/* Source "denied": every value absent, and a message on stderr (once) */
	kvm_sample_seen(&rows[0].item);
	/* Key and name of each row are NUL-terminated and printable (kvm_clean_item()) */
	return rows;
}

/* Value of field @f as printed by sadf (instants without decimals) */
static const char *kvm_fmt(int f)
{
	return (kvm_fields[f].kind == KFK_INSTANT) ? "%.0f" : "%.2f";
}

/*
 ***************************************************************************
 * Display KVM statistics in selected format (sadf -d / -p).
 *
 * IN:
 * @a		Activity structure with statistics.
 * @isdb	Flag, true if db printing, false if ppc printing.
 * @pre		Prefix string for output entries
 * @curr	Index in array for current sample statistics.
 * @itv		Interval of time in 1/100th of a second.
 ***************************************************************************
 */
__print_funct_t render_kvm_stats(struct activity *a, int isdb, char *pre,
				 int curr, unsigned long long itv)
{
	struct kvm_row *rows = kvm_rows(a, curr, itv);
	char *key, fmt[64];
	const char *h;
	size_t o;
	int i, f;
	int pt_newlin = PT_NOFLAG + (DISPLAY_HORIZONTALLY(flags) ? 0 : PT_NEWLIN);

	for (i = 0; i < a->nr[curr]; i++) {
		if (i && !kvm_vm_selected(a, rows[i].st))
			continue;
		key = rows[i].item.key;

		for (f = 0; f < KF_NR; f++) {
			/* ppc format: "%s\t<header>" with '%' doubled */
			strcpy(fmt, "%s\t");
			for (o = strlen(fmt), h = kvm_fields[f].hdr;
			     *h && (o + 2 < sizeof(fmt)); h++) {
				if (*h == '%') {
					fmt[o++] = '%';
				}
				fmt[o++] = *h;
			}
			fmt[o] = '\0';

			if (!(rows[i].present & (1U << f))) {
				/* Absent: empty field (db), no line (ppc) */
				if (isdb) {
					render_item(isdb, pre, PT_USESTR, fmt, f ? NULL : "%s",
						    key, 0.0, "");
				}
				continue;
			}
			render_item(isdb, pre,
				    kvm_fields[f].kind == KFK_INSTANT ? PT_USERND : PT_NOFLAG,
				    fmt, f ? NULL : "%s", key, rows[i].v[f], NULL);
		}
		render_item(isdb, pre, PT_USESTR, "%s\tsource", NULL, key, 0.0,
			    (char *) kvm_source_name(rows[i].st->source));
		render_item(isdb, pre, PT_USESTR | pt_newlin, "%s\tname", NULL, key, 0.0,
			    rows[i].item.name);
	}
}

/*
 ***************************************************************************
 * Display KVM statistics in XML.
 *
 * IN:
 * @a		Activity structure with statistics.
 * @curr	Index in array for current sample statistics.
 * @tab		Indentation in XML output.
 * @itv		Interval of time in 1/100th of a second.
 ***************************************************************************
 */
__print_funct_t xml_print_kvm_stats(struct activity *a, int curr, int tab,
				    unsigned long long itv)
{
	struct kvm_row *rows;
	int i, f;

	if (!IS_SELECTED(a->options) || (a->nr[curr] <= 0))
		return;

	rows = kvm_rows(a, curr, itv);
	xprintf(tab++, "<kvm>");

	for (i = 0; i < a->nr[curr]; i++) {
		if (i && !kvm_vm_selected(a, rows[i].st))
			continue;

		prtab(tab);
		printf("<vm key=\"%s\" name=\"%s\" pid=\"%u\" source=\"%s\"",
		       rows[i].st->key, rows[i].st->name,
		       rows[i].st->pid, kvm_source_name(rows[i].st->source));
		for (f = 0; f < KF_NR; f++) {
			if (!(rows[i].present & (1U << f)))
				continue;
			printf(" %s=\"", kvm_fields[f].kname);
			printf(kvm_fmt(f), rows[i].v[f]);
			printf("\"");
		}
		printf("/>\n");
	}

	xprintf(--tab, "</kvm>");
}

/* Print a string in JSON, escaping backslashes (names hold \xHH sequences) */
static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if ((*s == '\\') || (*s == '"')) {
			putchar('\\');
		}
		putchar(*s);
	}
	putchar('"');
}

/*
 ***************************************************************************
 * Display KVM statistics in JSON.
 *
 * IN:
 * @a		Activity structure with statistics.
 * @curr	Index in array for current sample statistics.
 * @tab		Indentation in output.
 * @itv		Interval of time in 1/100th of a second.
 ***************************************************************************
 */
__print_funct_t json_print_kvm_stats(struct activity *a, int curr, int tab,
				     unsigned long long itv)
{
	struct kvm_row *rows;
	int i, f, sep = FALSE;

	if (!IS_SELECTED(a->options) || (a->nr[curr] <= 0))
		return;

	rows = kvm_rows(a, curr, itv);
	xprintf(tab++, "\"kvm\": [");

	for (i = 0; i < a->nr[curr]; i++) {
		if (i && !kvm_vm_selected(a, rows[i].st))
			continue;
		if (sep) {
			printf(",\n");
		}
		sep = TRUE;

		prtab(tab);
		printf("{\"vm\": ");
		json_string(rows[i].st->key);
		printf(", \"name\": ");
		json_string(rows[i].st->name);
		printf(", \"pid\": %u, \"source\": \"%s\"",
		       rows[i].st->pid, kvm_source_name(rows[i].st->source));
		for (f = 0; f < KF_NR; f++) {
			if (!(rows[i].present & (1U << f)))
				continue;
			printf(", \"%s\": ", kvm_fields[f].kname);
			printf(kvm_fmt(f), rows[i].v[f]);
		}
		printf("}");
	}

	printf("\n");
	xprintf0(--tab, "]");
}

/*
 ***************************************************************************
 * Display KVM statistics in raw format: the values saved in file.
 *
 * IN:
 * @a		Activity structure with statistics.
 * @timestr	Time for current statistics sample.
 * @curr	Index in array for current statistics sample.
 ***************************************************************************
 */
__print_funct_t raw_print_kvm_stats(struct activity *a, char *timestr, int curr)
{
	static const char *cname[KC_NR] = {
		"exits", "halt_exits", "halt_attempted_poll", "halt_successful_poll",
		"halt_wakeup", "halt_poll_success_ns", "halt_poll_fail_ns", "halt_wait_ns",
		"signal_exits", "mmio_exits", "io_exits", "irq_exits", "irq_injections",
		"hypercalls", "insn_emulation", "pf_fixed", "remote_tlb_flush",
		"guest_cs", "cpu_cs"
	};
	struct kvm_row *rows = kvm_rows(a, curr, 0);
	const struct stats_kvm *c, *p;
	struct stats_kvm prev, zero;
	int i, k;

	memset(&zero, 0, sizeof(zero));

	for (i = 0; i < a->nr[curr]; i++) {
		c = rows[i].st;
		if (i && !kvm_vm_selected(a, c))
			continue;

		/* Previous values: same key */
		p = (rows[i].prev < 0) ? &zero :
		    kvm_item_copy(a->buf[!curr], rows[i].prev, a->msize, &prev);

		printf("%s; %s; %s;", timestr, pfield(a->hdr_line, FIRST), c->key);
		if ((p == &zero) && DISPLAY_DEBUG_MODE(flags)) {
			cprintf_s(IS_DEBUG, "%s", " [NEW]");
		}
		printf(" source; %s; pid; %u; start_cs; %llu;",
		       kvm_source_name(c->source), c->pid, c->start_cs);
		if (c->source != KVM_SRC_DENIED) {
			/* Not known when sadc could not read the statistics */
			printf(" nvm; %u; nvcpu; %u;", c->nvm, c->nvcpu);
		}
		if (c->present & (1U << KP_BLOCKING)) {
			printf(" blocking; %u;", c->vcpublk);
		}
		printf(" nstats; %u;", c->nstats);
		if (c->present & (1U << KP_STEAL)) {
			/* Run delay of the vCPU threads (ns), and their number */
			printf(" nsteal; %u; steal_ns", c->nsteal);
			pval((p->present & (1U << KP_STEAL)) ? p->steal_ns : 0, c->steal_ns);
		}
		if (c->present & (1U << KP_TOPLEVEL)) {
			/* Item 0: counters outside KC_CORE_MASK are the kernel's sums */
			printf(" toplevel; 1;");
		}
		for (k = 0; k < KC_NR; k++) {
			if (!(c->present & (1U << k)))
				continue;
			printf(" %s", cname[k]);
			pval((p->present & (1U << k)) ? p->cnt[k] : 0, c->cnt[k]);
		}
		printf(" name; %s;\n", c->name);
	}
}

/*
 ***************************************************************************
 * Count the number of new items (VM keys, and "all") in current sample and
 * add them to the list @a->item_list (used by SVG output).
 *
 * IN:
 * @a		Activity structure with statistics.
 * @curr	Index in array for current sample statistics.
 *
 * RETURNS:
 * Number of new items.
 ***************************************************************************
 */
__nr_t count_new_kvm(struct activity *a, int curr)
{
	struct kvm_strmap seen;		/* keys of a->item_list */
	struct sa_item **tail;
	struct stats_kvm c;
	int i, nr = 0;

	/*
	 * One pass over the list, then one look-up per item: add_list_item()
	 * alone would scan the whole list for each item (quadratic).
	 */
	memset(&seen, 0, sizeof(seen));
	seen.seed = kvm_hash_seed();
	for (tail = &(a->item_list); *tail; tail = &((*tail)->next)) {
		if (kvm_strmap_put(&seen, (*tail)->item_name, 1) < 0)
			goto nomem;
	}
	for (i = 0; i < a->nr[curr]; i++) {
		kvm_item_copy(a->buf[curr], i, a->msize, &c);
		if ((i && !kvm_vm_selected(a, &c)) || (kvm_strmap_get(&seen, c.key) >= 0))
			continue;
		if (kvm_strmap_put(&seen, c.key, 1) < 0)
			goto nomem;
		/* *tail is NULL: add_list_item() appends at once */
		if (add_list_item(tail, c.key, MAX_KVM_KEY_LEN, NULL)) {
			tail = &((*tail)->next);
			nr++;
		}
	}
	kvm_strmap_free(&seen);

	return nr;
nomem:
	perror("malloc");
	exit(4);
}

/* Views of the host: title, first line, number of lines (at most KVM_SVG_TOP: visible colors) */
static const struct {
	const char *title;
	int first, n;
	int varying;	/* TRUE: drawn only if a line is not constant */
} kvm_svg_views[] = {
	{"KVM exits, all VMs", 0, 5, FALSE},
	{"KVM injected events, emulation, MMU, all VMs", 5, 5, FALSE},
	{"KVM halt polling, all VMs", 10, 3, FALSE},
	{"KVM CPU, all VMs (% of one CPU; %steal, %hwait: of vCPU time)", 13, 5, FALSE},
	{"KVM VMs and vCPUs", 18, 3, TRUE}
};

/* Fields of the host lines, in line order; fields of the lines of each VM */
static const int kvm_svg_host_f[KVM_SVG_HOST] = {
	KF_EXIT, KF_HLTEXIT, KF_MMIOEXIT, KF_IOEXIT, KF_IRQEXIT,
	KF_IRQINJ, KF_EMUL, KF_HCALL, KF_PFFIX, KF_SIGEXIT,
	KF_HPOLL, KF_HPOLLOK, KF_HWAKE,
	KF_PCT_GUEST, KF_PCT_VMM, KF_PCT_STEAL, KF_PCT_HPOLL, KF_PCT_HWAIT,
	KF_NVM, KF_NVCPU, KF_VCPUBLK
};
static const int kvm_svg_vm_f[KVM_SVG_VM] = {KF_EXIT, KF_PCT_GUEST};
static const char *kvm_svg_vm_title[KVM_SVG_VM] = {"KVM exits per VM (exit/s)",
						   "KVM guest CPU per VM (%gcpu)"};

/*
 ***************************************************************************
 * Display KVM statistics in SVG (sadf -g). The host comes first, one view
 * per family of values of comparable scale (exits; injected events and
 * emulation; halt polling; CPU shares; VMs and vCPUs, if they vary), then
 * two views compare the VMs: the KVM_SVG_TOP busiest (sum over the report) by exits, and by guest
 * CPU, each named by its guest name. At most KVM_SVG_TOP lines per view,
 * each drawn alone so that its lines take the first colors of the palette.
 *
 * IN:
 * @a		Activity structure with statistics.
 * @curr	Index in array for current sample statistics.
 * @action	Action expected from current function.
 * @svg_p	SVG specific parameters: Current graph number (.@graph_no),
 *		flag indicating that a restart record has been previously
 *		found (.@restart) and time used for the X axis origin
 *		(@ust_time_ref).
 * @itv		Interval of time in 1/100th of a second.
 * @record_hdr	Pointer on record header of current stats sample.
 ***************************************************************************
 */
__print_funct_t svg_print_kvm_stats(struct activity *a, int curr, int action,
				    struct svg_parm *svg_p, unsigned long long itv,
				    struct record_header *record_hdr)
{
	static char **out;
	static int *outsize, *cut, *drawn;	/* drawn: record of the last point of a VM */
	static double *mn, *mx, *sum;		/* per line: min, max, sum of its points */
	static char (*vname)[MAX_KVM_NAME_LEN];	/* guest name (else key) of each VM slot */
	static char (*vkey)[MAX_KVM_KEY_LEN];	/* key of each VM slot */
	static int nlines, nslots, nused, recno;
	static struct kvm_strmap slot;		/* VM key -> slot (1..nslots-1) */
	const char *name;
	int i, k, l, f, line;

	if (action & F_BEGIN) {
		/* Slot 0: the host; then the VMs counted by count_new_kvm() */
		nslots = a->item_list_sz + 1;
		nlines = KVM_SVG_HOST + KVM_SVG_VM * nslots;
		nused = 1;
		recno = 0;
		kvm_strmap_free(&slot);
		slot.seed = kvm_hash_seed();
		out = allocate_graph_lines(a, nlines, &outsize);
		SREALLOC(cut, int, sizeof(int) * nlines);
		SREALLOC(mn, double, sizeof(double) * nlines);
		SREALLOC(mx, double, sizeof(double) * nlines);
		SREALLOC(sum, double, sizeof(double) * nlines);
		SREALLOC(drawn, int, sizeof(int) * nslots);
		free(vname);
		free(vkey);
		vname = malloc(sizeof(*vname) * (size_t) nslots);
		vkey = malloc(sizeof(*vkey) * (size_t) nslots);
		if (!vname || !vkey) {
			perror("malloc");
			exit(4);
		}
		for (l = 0; l < nlines; l++) {
			cut[l] = TRUE;
			mn[l] = DBL_MAX;
			mx[l] = -DBL_MAX;
			sum[l] = 0.0;
		}
		memset(drawn, 0, sizeof(int) * nslots);
	}

	if (action & F_MAIN) {
		struct kvm_row *rows = kvm_rows(a, curr, itv);

		recno++;
		for (i = 0; i < a->nr[curr]; i++) {
			int nl = i ? KVM_SVG_VM : KVM_SVG_HOST;

			k = 0;
			if (i) {
				if (!kvm_vm_selected(a, rows[i].st))
					continue;
				/* The slot of this VM, or the next free one */
				if ((k = kvm_strmap_get(&slot, rows[i].st->key)) < 0) {
					if (nused == nslots)
						/* No free slot: ignore it (should not happen) */
						continue;
					k = nused++;
					if (kvm_strmap_put(&slot, rows[i].st->key, k) < 0) {
						perror("malloc");
						exit(4);
					}
					name = rows[i].st->name[0] ? rows[i].st->name
								   : rows[i].st->key;
					snprintf(vname[k], sizeof(vname[k]), "%s", name);
					snprintf(vkey[k], sizeof(vkey[k]), "%s", rows[i].st->key);
				}
				else if (drawn[k] == recno)
					/*
					 * A key twice in one record (a damaged file: sadc
					 * never writes that): one point per record.
					 */
					continue;
				drawn[k] = recno;
			}

			for (l = 0; l < nl; l++) {
				f = i ? kvm_svg_vm_f[l] : kvm_svg_host_f[l];
				line = i ? KVM_SVG_HOST + KVM_SVG_VM * (k - 1) + l : l;
				if (!(rows[i].present & (1U << f)) ||
				    (rows[i].v[f] > KVM_SVG_VMAX)) {
					cut[line] = TRUE;
					continue;
				}
				if (rows[i].v[f] < mn[line]) {
					mn[line] = rows[i].v[f];
				}
				if (rows[i].v[f] > mx[line]) {
					mx[line] = rows[i].v[f];
				}
				sum[line] += rows[i].v[f];
				lnappend(record_hdr->ust_time - svg_p->ust_time_ref, rows[i].v[f],
					 out + line, outsize + line, svg_p->restart || cut[line]);
				cut[line] = FALSE;
			}
		}
	}

	if (action & F_END) {
		/* Views to draw: their titles, sizes and lines (at most KVM_SVG_TOP each) */
		char *t_title[KVM_SVG_VIEWS], *t_gtitle[KVM_SVG_VIEWS * KVM_SVG_TOP];
		char *t_out[KVM_SVG_VIEWS * KVM_SVG_TOP];
		char vtitle[KVM_SVG_VM][KVM_SVG_TOP][MAX_KVM_KEY_LEN + MAX_KVM_NAME_LEN + 4];
		int t_outsize[KVM_SVG_VIEWS * KVM_SVG_TOP], t_group[KVM_SVG_VIEWS];
		int t_gtype[KVM_SVG_VIEWS];
		double t_min[KVM_SVG_VIEWS * KVM_SVG_TOP], t_max[KVM_SVG_VIEWS * KVM_SVG_TOP];
		int v, n, nv = 0, nl = 0, top[KVM_SVG_TOP], xid = 0, varies, j, first;

		/* The host: lines without any point are left out, a view left empty is not drawn */
		for (v = 0; v < (int) (sizeof(kvm_svg_views) / sizeof(kvm_svg_views[0])); v++) {
			first = nl;
			for (varies = FALSE, l = kvm_svg_views[v].first;
			     l < kvm_svg_views[v].first + kvm_svg_views[v].n; l++) {
				if (mn[l] == DBL_MAX) {
					free(out[l]);
					continue;
				}
				if (mn[l] != mx[l]) {
					varies = TRUE;
				}
				t_out[nl] = out[l];
				t_outsize[nl] = outsize[l];
				t_min[nl] = mn[l];
				t_max[nl] = mx[l];
				t_gtitle[nl++] = (char *) kvm_fields[kvm_svg_host_f[l]].hdr;
			}
			if (kvm_svg_views[v].varying && !varies) {
				/* Constant values: no view */
				while (nl > first) {
					free(t_out[--nl]);
				}
			}
			if (nl > first) {
				t_title[nv] = (char *) kvm_svg_views[v].title;
				t_gtype[nv] = SVG_LINE_GRAPH;
				t_group[nv++] = nl - first;
			}
		}

		/* The VMs compared: the busiest, by the sum of their points over the report */
		for (l = 0; l < KVM_SVG_VM; l++) {
			for (n = 0, k = 1; k < nused; k++) {
				line = KVM_SVG_HOST + KVM_SVG_VM * (k - 1) + l;
				if (mn[line] == DBL_MAX)
					continue;
				/* Insertion into top[0..n-1], by decreasing sum */
				for (j = n < KVM_SVG_TOP ? n++ : KVM_SVG_TOP; j > 0; j--) {
					int lp = KVM_SVG_HOST + KVM_SVG_VM * (top[j - 1] - 1) + l;

					if (sum[lp] >= sum[line])
						break;
					if (j < KVM_SVG_TOP) {
						top[j] = top[j - 1];
					}
				}
				if (j < KVM_SVG_TOP) {
					top[j] = k;
				}
			}
			for (j = 0; j < n; j++) {
				line = KVM_SVG_HOST + KVM_SVG_VM * (top[j] - 1) + l;
				snprintf(vtitle[l][j], sizeof(vtitle[l][j]), "%s", vname[top[j]]);
				for (i = 0; i < n; i++) {
					/* Two VMs of one name: their keys tell them apart */
					if ((i == j) || strcmp(vname[top[i]], vname[top[j]]))
						continue;
					snprintf(vtitle[l][j], sizeof(vtitle[l][j]),
						 "%s (%s)", vname[top[j]], vkey[top[j]]);
				}
				t_out[nl] = out[line];
				out[line] = NULL;
				t_outsize[nl] = outsize[line];
				t_min[nl] = mn[line];
				t_max[nl] = mx[line];
				t_gtitle[nl++] = vtitle[l][j];
			}
			if (n) {
				t_title[nv] = (char *) kvm_svg_vm_title[l];
				t_gtype[nv] = SVG_LINE_GRAPH;
				t_group[nv++] = n;
			}
			/* Lines of the VMs not drawn */
			for (k = 1; k < nused; k++) {
				line = KVM_SVG_HOST + KVM_SVG_VM * (k - 1) + l;
				free(out[line]);
				out[line] = NULL;
			}
		}
		/* Lines of slots never used */
		for (l = KVM_SVG_HOST + KVM_SVG_VM * (nused - 1); l < nlines; l++) {
			free(out[l]);
		}

		if (PACK_VIEWS(flags)) {
			/* One row: the views side by side (colors continue from one to the next) */
			if (nv) {
				draw_activity_graphs(nv, t_gtype, t_title, t_gtitle, NULL,
						     t_group, t_min, t_max, t_out, t_outsize,
						     svg_p, record_hdr, FALSE, a, xid);
			}
		}
		else {
			/* One view per row, each with the first colors of the palette */
			for (v = first = 0; v < nv; first += t_group[v], v++) {
				if (draw_activity_graphs(1, t_gtype + v, t_title + v,
							 t_gtitle + first, NULL, t_group + v,
							 t_min + first, t_max + first,
							 t_out + first, t_outsize + first,
							 svg_p, record_hdr, FALSE, a, xid)) {
					xid++;
				}
			}
		}

		free_graphs(out, outsize);
		free(cut);
		cut = NULL;
		free(drawn);
		drawn = NULL;
		free(mn);
		mn = NULL;
		free(mx);
		mx = NULL;
		free(sum);
		sum = NULL;
		free(vname);
		vname = NULL;
		free(vkey);
		vkey = NULL;
		kvm_strmap_free(&slot);
	}
}

/*
 ***************************************************************************
 * PCP archive (sadf -l).
 * System-wide metrics use the names of PCP's pmdakvm (kvm.<debugfs name>).
 * They are counters made monotonic by sadf: each record adds the sum of the
 * per-VM increments, so that a VM leaving never makes them fall (pmdakvm
 * exports the raw debugfs sums, which do fall). Per-VM metrics (kvm.vm.*)
 * hold the raw values of each VM; the instance name is "<VM key> <guest name>".
 ***************************************************************************
 */
#ifdef HAVE_PCP
/* PCP name suffix of each counter */
static const char *pcp_cname[KC_NR] = {
	"exits", "halt_exits", "halt_attempted_poll", "halt_successful_poll",
	"halt_wakeup", "halt_poll_success_ns", "halt_poll_fail_ns", "halt_wait_ns",
	"signal_exits", "mmio_exits", "io_exits", "irq_exits", "irq_injections",
	"hypercalls", "insn_emulation", "pf_fixed", "remote_tlb_flush",
	"guest", "cpu"
};

/* One-line help text of each counter (PCP metric kvm.<name>, kvm.vm.<name>) */
static const char *pcp_chelp[KC_NR] = {
	"VM exits",
	"exits caused by the guest halting (HLT, WFI...)",
	"halts for which KVM polled before blocking",
	"halts ended successfully by polling",
	"wake-ups of halted vCPUs",
	"host CPU time of successful halt polling",
	"host CPU time of failed halt polling",
	"time vCPUs spent halted (blocked, not polling)",
	"exits to the VMM caused by a pending signal",
	"MMIO exits",
	"port I/O exits (x86)",
	"exits caused by host interrupts",
	"virtual interrupts injected",
	"hypercalls",
	"instructions emulated by KVM",
	"second-level page faults fixed (x86)",
	"remote TLB flushes (VM-wide statistic)",
	"guest CPU time of the VMM process",
	"CPU time (user + system) of the VMM process"
};

/* PMID domain of pmdakvm, and a cluster it does not use */
#define KVM_PCP_DOMAIN		95
#define KVM_PCP_CLUSTER		60
#define KVM_PCP_VM_CLUSTER	61
/* Size of an instance name: "<key> <guest name>" */
#define KVM_PCP_INST_LEN	(MAX_KVM_KEY_LEN + 1 + MAX_KVM_NAME_LEN)

static pmInDom kvm_indom = PM_INDOM_NULL;

/* Add metric @name (help text @help) */
static void kvm_pcp_metric(const char *name, pmID pmid, int type, pmInDom indom, int sem,
			   pmUnits units, const char *help)
{
	pmiAddMetric(name, pmid, type, indom, sem, units);
	pmiPutText(PM_TEXT_PMID, PM_TEXT_ONELINE, pmid, help);
}

/*
 ***************************************************************************
 * Define PCP metrics for the KVM activity.
 *
 * IN:
 * @a	Activity structure with statistics.
 ***************************************************************************
 */
void pcp_def_kvm_metrics(struct activity *a)
{
	char buf[64], help[128];
	int k;

	kvm_indom = pmInDom_build(KVM_PCP_DOMAIN, KVM_PCP_VM_CLUSTER);
	pmiPutText(PM_TEXT_INDOM, PM_TEXT_ONELINE, kvm_indom,
		   "KVM virtual machines: \"<VMM pid>-<VM fd> <guest name>\"");

	for (k = 0; k < KC_NR; k++) {
		pmUnits u;

		if ((k == KC_HPOLL_OK_NS) || (k == KC_HPOLL_FAIL_NS) || (k == KC_HWAIT_NS)) {
			u = pmiUnits(0, 1, 0, 0, PM_TIME_NSEC, 0);
		}
		else if ((k == KC_GUEST_CS) || (k == KC_CPU_CS)) {
			u = pmiUnits(0, 1, 0, 0, PM_TIME_MSEC, 0);
		}
		else {
			u = pmiUnits(0, 0, 1, 0, 0, PM_COUNT_ONE);
		}

		if (k < KC_GUEST_CS) {
			snprintf(buf, sizeof(buf), "kvm.%s", pcp_cname[k]);
			snprintf(help, sizeof(help), "%s, all VMs (sums of the VMs' increments)",
				 pcp_chelp[k]);
			kvm_pcp_metric(buf, pmiID(KVM_PCP_DOMAIN, KVM_PCP_CLUSTER, k),
				       PM_TYPE_U64, PM_INDOM_NULL, PM_SEM_COUNTER, u, help);
		}
		snprintf(buf, sizeof(buf), "kvm.vm.%s", pcp_cname[k]);
		snprintf(help, sizeof(help), "%s, per VM", pcp_chelp[k]);
		kvm_pcp_metric(buf, pmiID(KVM_PCP_DOMAIN, KVM_PCP_VM_CLUSTER, k),
			       PM_TYPE_U64, kvm_indom, PM_SEM_COUNTER, u, help);
	}

	kvm_pcp_metric("kvm.nvm", pmiID(KVM_PCP_DOMAIN, KVM_PCP_CLUSTER, 40),
		       PM_TYPE_U32, PM_INDOM_NULL, PM_SEM_INSTANT,
		       pmiUnits(0, 0, 1, 0, 0, PM_COUNT_ONE), "number of KVM virtual machines");
	kvm_pcp_metric("kvm.nvcpu", pmiID(KVM_PCP_DOMAIN, KVM_PCP_CLUSTER, 41),
		       PM_TYPE_U32, PM_INDOM_NULL, PM_SEM_INSTANT,
		       pmiUnits(0, 0, 1, 0, 0, PM_COUNT_ONE), "number of vCPUs, all VMs");
	kvm_pcp_metric("kvm.blocking", pmiID(KVM_PCP_DOMAIN, KVM_PCP_CLUSTER, 42),
		       PM_TYPE_U32, PM_INDOM_NULL, PM_SEM_INSTANT,
		       pmiUnits(0, 0, 1, 0, 0, PM_COUNT_ONE),
		       "vCPUs halted (blocked) now, all VMs");
	kvm_pcp_metric("kvm.vm.nvcpu", pmiID(KVM_PCP_DOMAIN, KVM_PCP_VM_CLUSTER, 41),
		       PM_TYPE_U32, kvm_indom, PM_SEM_INSTANT,
		       pmiUnits(0, 0, 1, 0, 0, PM_COUNT_ONE), "number of vCPUs, per VM");
	kvm_pcp_metric("kvm.vm.blocking", pmiID(KVM_PCP_DOMAIN, KVM_PCP_VM_CLUSTER, 42),
		       PM_TYPE_U32, kvm_indom, PM_SEM_INSTANT,
		       pmiUnits(0, 0, 1, 0, 0, PM_COUNT_ONE), "vCPUs halted (blocked) now, per VM");
	kvm_pcp_metric("kvm.vm.steal", pmiID(KVM_PCP_DOMAIN, KVM_PCP_VM_CLUSTER, 43),
		       PM_TYPE_U64, kvm_indom, PM_SEM_COUNTER,
		       pmiUnits(0, 1, 0, 0, PM_TIME_NSEC, 0),
		       "run delay of the vCPU threads (runnable, waiting for a host CPU: "
		       "the guest's steal time), per VM, once each vCPU has run");
}

/*
 ***************************************************************************
 * Write one value into the PCP archive. A value that cannot be written
 * would leave the archive silently incomplete: stop with an error.
 *
 * IN:
 * @metric	Metric name.
 * @inst	Instance name (NULL for a metric without instances).
 * @value	Value, as text.
 ***************************************************************************
 */
static void kvm_pcp_put(const char *metric, const char *inst, const char *value)
{
	int rc;

	if ((rc = pmiPutValue(metric, inst, value)) < 0) {
		fprintf(stderr, _("sadf: PCP metric %s%s%s: %s\n"), metric,
			inst ? ", instance " : "", inst ? inst : "", pmiErrStr(rc));
		exit(2);
	}
}

/*
 ***************************************************************************
 * Display KVM statistics in PCP format.
 *
 * IN:
 * @a		Activity structure with statistics.
 * @curr	Index in array for current sample statistics.
 ***************************************************************************
 */
__print_funct_t pcp_print_kvm_stats(struct activity *a, int curr)
{
	static double acc[KC_NR];
	static int started = FALSE;
	static struct kvm_strmap instances;	/* key -> PCP instance number */
	static unsigned long *inst_rec = NULL;	/* record of the last value of each instance */
	static char **inst_name = NULL;		/* PCP name of each instance */
	static unsigned long recno = 0;
	static int ninst = 0;
	const struct stats_kvm *c0, *c;
	struct kvm_row *rows;
	unsigned long long itv = 0;
	char buf[64], metric[64];
	int i, k, inst, rc;

	if (a->nr[curr] <= 0)
		return;
	recno++;
	if (record_hdr[curr].uptime_cs > record_hdr[!curr].uptime_cs) {
		itv = record_hdr[curr].uptime_cs - record_hdr[!curr].uptime_cs;
	}
	rows = kvm_rows(a, curr, itv);
	c0 = rows[0].st;

	/* System-wide counters, never decreasing */
	for (k = 0; k < KC_GUEST_CS; k++) {
		if (!started) {
			acc[k] = (double) c0->cnt[k];
		}
		else if (rows[0].dknown & (1U << k)) {
			acc[k] += rows[0].d[k];
		}
		else
			continue;
		if (!(c0->present & (1U << k)))
			continue;
		snprintf(buf, sizeof(buf), "%.0f", acc[k]);
		snprintf(metric, sizeof(metric), "kvm.%s", pcp_cname[k]);
		kvm_pcp_put(metric, NULL, buf);
	}
	started = TRUE;

	if (c0->source != KVM_SRC_DENIED) {
		/* Not known when sadc could not read the statistics */
		snprintf(buf, sizeof(buf), "%u", c0->nvm);
		kvm_pcp_put("kvm.nvm", NULL, buf);
		snprintf(buf, sizeof(buf), "%u", c0->nvcpu);
		kvm_pcp_put("kvm.nvcpu", NULL, buf);
	}
	if (c0->present & (1U << KP_BLOCKING)) {
		snprintf(buf, sizeof(buf), "%u", c0->vcpublk);
		kvm_pcp_put("kvm.blocking", NULL, buf);
	}

	/* Per-VM values */
	for (i = 1; i < a->nr[curr]; i++) {
		c = rows[i].st;
		if (!kvm_vm_selected(a, c))
			continue;

		/* Create the instance the first time the VM is seen */
		if ((inst = kvm_strmap_get(&instances, c->key)) < 0) {
			if (!ninst) {
				instances.seed = kvm_hash_seed();
			}
			inst = ninst++;
			SREALLOC(inst_rec, unsigned long, sizeof(unsigned long) * ninst);
			SREALLOC(inst_name, char *, sizeof(char *) * ninst);
			inst_rec[inst] = 0;
			inst_name[inst] = malloc(KVM_PCP_INST_LEN);
			if ((kvm_strmap_put(&instances, c->key, inst) < 0) || !inst_name[inst]) {
				perror("malloc");
				exit(4);
			}
			/*
			 * "<key> <guest name>": PCP tells instances apart by the first
			 * word of their names, the key, which is unique in a record.
			 * The name is the one of the VM's first record.
			 */
			snprintf(inst_name[inst], KVM_PCP_INST_LEN, "%s%s%s",
				 c->key, c->name[0] ? " " : "", c->name);
			if ((rc = pmiAddInstance(kvm_indom, inst_name[inst], inst)) < 0) {
				fprintf(stderr, _("sadf: PCP instance %s: %s\n"),
					inst_name[inst], pmiErrStr(rc));
				exit(2);
			}
		}
		if (inst_rec[inst] == recno)
			/* A key twice in one record (a damaged file): its first item only */
			continue;
		inst_rec[inst] = recno;

		for (k = 0; k < KC_NR; k++) {
			if (!(c->present & (1U << k)))
				continue;
			/* Process times are saved in 1/100 s: PCP metrics are in ms */
			snprintf(buf, sizeof(buf), "%llu",
				 (k >= KC_GUEST_CS) ? c->cnt[k] * 10 : c->cnt[k]);
			snprintf(metric, sizeof(metric), "kvm.vm.%s", pcp_cname[k]);
			kvm_pcp_put(metric, inst_name[inst], buf);
		}
		snprintf(buf, sizeof(buf), "%u", c->nvcpu);
		kvm_pcp_put("kvm.vm.nvcpu", inst_name[inst], buf);
		if (c->present & (1U << KP_BLOCKING)) {
			snprintf(buf, sizeof(buf), "%u", c->vcpublk);
			kvm_pcp_put("kvm.vm.blocking", inst_name[inst], buf);
		}
		/*
		 * A counter: written only when it sums every vCPU's thread, so that
		 * a thread counted later does not add its whole past as one step
		 */
		if ((c->present & (1U << KP_STEAL)) && (c->nsteal == c->nvcpu)) {
			snprintf(buf, sizeof(buf), "%llu", c->steal_ns);
			kvm_pcp_put("kvm.vm.steal", inst_name[inst], buf);
		}
	}
}
#endif /* HAVE_PCP */
