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

/* Number of SVG graph lines per item, and array slots (+1 for the item name) */
#define KVM_SVG_LINES	15
#define KVM_SVG_SZ	(KVM_SVG_LINES + 1)

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

/*
 ***************************************************************************
 * Display KVM statistics in SVG: for "all" and for each VM, one view for
 * exits, one for halt polling, one for CPU shares and one for VM/vCPU
 * counts. A value that is absent adds no point (the line is cut).
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
	/* Fields drawn, in graph line order */
	static const int line_f[KVM_SVG_LINES] = {
		KF_EXIT, KF_HLTEXIT, KF_MMIOEXIT, KF_IOEXIT, KF_SIGEXIT,
		KF_HPOLL, KF_HPOLLOK, KF_HWAKE,
		KF_PCT_HPOLL, KF_PCT_HWAIT, KF_PCT_GUEST, KF_PCT_VMM,
		KF_NVM, KF_NVCPU, KF_VCPUBLK
	};
	int group[] = {5, 3, 4, 3};
	int g_type[] = {SVG_LINE_GRAPH, SVG_LINE_GRAPH, SVG_LINE_GRAPH, SVG_LINE_GRAPH};
	char *title[] = {"KVM exits", "KVM halt polling", "KVM CPU usage", "KVM VMs and vCPUs"};
	char *g_title[] = {"exit/s", "hltexit/s", "mmioexit/s", "ioexit/s", "sigexit/s",
			   "hpoll/s", "hpollok/s", "hwake/s",
			   "%hpoll", "%hwait", "%gcpu", "%vmm",
			   "nvm", "nvcpu", "vcpublk"};
	static char **out;
	static int *outsize;
	static int *cut;	/* TRUE: next point of the line starts a new segment */
	static int nslots, nused, recno;
	static int *drawn;		/* record number of the last point of each graph entry */
	static struct kvm_strmap slot;	/* key -> graph entry */
	const char *key, *name;
	char *item_name;
	int i, k, l, pos, posp;

	if (action & F_BEGIN) {
		/* One more slot than items in list: "all" may not be in a --vm= list */
		nslots = a->item_list_sz + 1;
		nused = 0;
		kvm_strmap_free(&slot);
		slot.seed = kvm_hash_seed();
		recno = 0;
		SREALLOC(drawn, int, sizeof(int) * nslots);
		memset(drawn, 0, sizeof(int) * nslots);
		out = allocate_graph_lines(a, KVM_SVG_SZ * nslots, &outsize);
		allocate_minmax_buf(a, nslots, flags);
		SREALLOC(cut, int, sizeof(int) * KVM_SVG_SZ * nslots);
		for (i = 0; i < KVM_SVG_SZ * nslots; i++) {
			cut[i] = TRUE;
		}
	}

	if (action & F_MAIN) {
		struct kvm_row *rows = kvm_rows(a, curr, itv);

		recno++;
		for (i = 0; i < a->nr[curr]; i++) {
			if (i && !kvm_vm_selected(a, rows[i].st))
				continue;
			key = rows[i].st->key;

			/* The graph of this item, or the next free one */
			if ((k = kvm_strmap_get(&slot, key)) < 0) {
				if (nused == nslots)
					/* No free graph entry: ignore it (should not happen) */
					continue;
				k = nused++;
				if (kvm_strmap_put(&slot, key, k) < 0) {
					perror("malloc");
					exit(4);
				}
			}
			else if (drawn[k] == recno)
				/*
				 * A key twice in one record (a damaged file: sadc never
				 * writes that): one point per record and graph.
				 */
				continue;
			drawn[k] = recno;
			pos = k * KVM_SVG_SZ;
			posp = k * a->xnr;

			item_name = *(out + pos + KVM_SVG_LINES);
			if (!item_name[0]) {
				/* Graph title: key, then guest name */
				name = rows[i].st->name;
				snprintf(item_name, CHUNKSIZE, "%s%s%s%s", key,
					 name[0] ? " (" : "", name, name[0] ? ")" : "");
			}

			for (l = 0; l < KVM_SVG_LINES; l++) {
				int f = line_f[l];

				if (!(rows[i].present & (1U << f))) {
					cut[pos + l] = TRUE;
					continue;
				}
				save_minmax(a, posp + l, rows[i].v[f]);
				lnappend(record_hdr->ust_time - svg_p->ust_time_ref, rows[i].v[f],
					 out + pos + l, outsize + pos + l,
					 svg_p->restart || cut[pos + l]);
				cut[pos + l] = FALSE;
			}
		}
	}

	if (action & F_END) {
		/*
		 * Lines without any point (value absent on this architecture or
		 * from this source) are left out of the views, and a view left
		 * with no line is not drawn: their min/max would be meaningless.
		 */
		char *t_title[4], *t_gtitle[KVM_SVG_LINES], *t_out[KVM_SVG_LINES];
		int t_group[4], t_gtype[4], t_outsize[KVM_SVG_LINES];
		double t_min[KVM_SVG_LINES], t_max[KVM_SVG_LINES];
		int xid = 0, v, nv, nl, first;

		for (k = 0; k < nslots; k++) {
			pos = k * KVM_SVG_SZ;
			posp = k * a->xnr;
			item_name = *(out + pos + KVM_SVG_LINES);

			for (v = nv = nl = first = 0; v < 4; first += group[v], v++) {
				int cnt = 0;

				for (l = first; l < first + group[v]; l++) {
					if (item_name[0] && (*(a->spmin + posp + l) != DBL_MAX)) {
						t_out[nl] = *(out + pos + l);
						t_outsize[nl] = *(outsize + pos + l);
						t_min[nl] = *(a->spmin + posp + l);
						t_max[nl] = *(a->spmax + posp + l);
						t_gtitle[nl++] = g_title[l];
						cnt++;
					}
					else {
						free(*(out + pos + l));
					}
				}
				if (cnt) {
					t_title[nv] = title[v];
					t_gtype[nv] = g_type[v];
					t_group[nv++] = cnt;
				}
			}

			if (nv && draw_activity_graphs(nv, t_gtype, t_title, t_gtitle,
						       item_name, t_group,
						       t_min, t_max, t_out, t_outsize,
						       svg_p, record_hdr, FALSE, a, xid)) {
				xid++;
			}
			free(item_name);
		}

		free_graphs(out, outsize);
		free(cut);
		cut = NULL;
		free(drawn);
		drawn = NULL;
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
	}
}
#endif /* HAVE_PCP */
