// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_sadf_kvm.c - libFuzzer target: the KVM records of an sa file as every sadf format reads them.
 *
 * Linked with the sysstat objects of sadf (sadf.c with its main() renamed, activity.c, sa_common.c,
 * rndr_stats.c, xml_stats.c, json_stats.c, svg_stats.c, raw_stats.c, pcp_stats.c and pcp_def_metrics.c
 * (these two built with HAVE_PCP for -l), ...) and our kvm_calc.c (tests/fuzz/build). The fuzzed bytes become 2 to 4 samples
 * of the KVM activity and options (kvm_input.h). Each sample with at least one item is passed, as
 * sadf's generic_write_stats() does, to render_kvm_stats() (-d and -p), xml_print_kvm_stats() (-x),
 * json_print_kvm_stats() (-j), raw_print_kvm_stats() (-r, also with --debug), pcp_print_kvm_stats()
 * (-l), and svg_print_kvm_stats() (-g: items counted first with count_new_kvm() as count_file_items()
 * does, then F_BEGIN, F_MAIN per sample, F_END). The PCP import library is replaced by stubs that check
 * what a real archive would refuse: a value for a metric name never defined with pmiAddMetric(), or for
 * an instance never added; and that help texts (pmiPutText()) are one printable line. Findings: any ASan/UBSan report, an output byte that is not printable ASCII,
 * newline or tab, and the PCP checks above.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <float.h>

#include "sa.h"
#include "sadf.h"
#include "rndr_stats.h"
#include "xml_stats.h"
#include "json_stats.h"
#include "svg_stats.h"
#include "raw_stats.h"
#include "pcp_stats.h"
#include "pcp_def_metrics.h"
#include "kvm_input.h"

#include <pcp/pmapi.h>
#include <pcp/import.h>

extern uint64_t flags;
extern struct record_header record_hdr[];
extern struct activity *act[];

/* sa_common.c */
void free_item_list(struct sa_item **);

static struct activity *kvm;

/* ------------------------------------------------------------------ libpcp_import stubs */
#define MAX_METRICS 128
static char metric[MAX_METRICS][64];
static int nmetric;

static void pcp_fail(const char *what, const char *name)
{
	fprintf(stderr, "\nsadf -l: %s \"%s\"\n", what, name);
	abort();
}

pmInDom pmInDom_build(unsigned int domain, unsigned int serial)
{
	return (pmInDom) ((domain << 22) | serial);
}

/* Used by the other activities' metrics only */
pmInDom pmiInDom(int domain, int serial)
{
	pcp_fail("pmiInDom() called", "");
	return PM_INDOM_NULL;
}

pmID pmiID(int domain, int cluster, int item)
{
	return (pmID) ((domain << 22) | (cluster << 10) | item);
}

pmUnits pmiUnits(int dimSpace, int dimTime, int dimCount, int scaleSpace, int scaleTime,
		 int scaleCount)
{
	pmUnits u;

	memset(&u, 0, sizeof(u));
	return u;
}

int pmiAddMetric(const char *name, pmID pmid, int type, pmInDom indom, int sem, pmUnits units)
{
	int i;

	for (i = 0; i < nmetric; i++) {
		if (!strcmp(metric[i], name))
			pcp_fail("metric defined twice", name);
	}
	if ((nmetric == MAX_METRICS) || (strlen(name) >= sizeof(metric[0])))
		pcp_fail("too many metrics or name too long for the stub", name);
	strcpy(metric[nmetric++], name);
	return 0;
}

/* Instances added by pcp_print_kvm_stats() (they live as long as its own list: the whole run) */
static char **inst;
static int ninst, ainst;

int pmiAddInstance(pmInDom indom, const char *instance, int id)
{
	int i;

	for (i = 0; i < ninst; i++) {
		if (!strcmp(inst[i], instance))
			pcp_fail("instance added twice", instance);
	}
	if (ninst == ainst) {
		ainst = ainst ? 2 * ainst : 64;
		inst = realloc(inst, sizeof(*inst) * (size_t) ainst);
		if (!inst)
			abort();
	}
	inst[ninst] = strdup(instance);
	if (!inst[ninst])
		abort();
	ninst++;
	return 0;
}

const char *pmiErrStr(int code)
{
	return "error (fuzz stub)";
}

int pmiPutValue(const char *name, const char *instance, const char *value)
{
	int i;
	char *end;

	for (i = 0; i < nmetric; i++) {
		if (!strcmp(metric[i], name))
			break;
	}
	if (i == nmetric)
		pcp_fail("value for a metric never defined (pmiPutValue would fail with PM_ERR_NAME)", name);
	if (!strncmp(name, "kvm.vm.", 7) != !!instance)
		pcp_fail("per-VM metric without instance, or system metric with one", name);
	if (instance) {
		for (i = 0; i < ninst; i++) {
			if (!strcmp(inst[i], instance))
				break;
		}
		if (i == ninst)
			pcp_fail("value for an instance never added", instance);
	}
	strtod(value, &end);
	if ((end == value) || *end)
		pcp_fail("value is not a number", value);
	return 0;
}

int pmiPutText(unsigned int type, unsigned int class, unsigned int id, const char *content)
{
	const char *c;

	if ((type != PM_TEXT_PMID) && (type != PM_TEXT_INDOM))
		pcp_fail("help text neither for a metric nor for an instance domain", content);
	if (class != PM_TEXT_ONELINE)
		pcp_fail("help text not one-line", content);
	if (!content || !*content)
		pcp_fail("empty help text", "");
	for (c = content; *c; c++) {
		if ((*c < ' ') || (*c > '~'))
			pcp_fail("help text with a byte that is not printable ASCII", content);
	}
	return 0;
}

/* ------------------------------------------------------------------ target */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("S_COLORS", "never", 1);
	init_colors();
	kvm = act[get_activity_position(act, A_KVM, EXIT_IF_NOT_FOUND)];
	pcp_def_kvm_metrics();
	ki_capture_init();
	return 0;
}

/* Set sample @i as current (slot @curr) and sample i-1 as previous (slot !curr) */
static void set_samples(struct ki_input *in, int i, int curr)
{
	kvm->buf[curr] = in->s[i].buf;
	kvm->nr[curr] = in->s[i].nr;
	record_hdr[curr].uptime_cs = in->s[i].uptime_cs;
	record_hdr[curr].ust_time = 1767225600 + in->s[i].uptime_cs / 100;
	if (i > 0) {
		kvm->buf[!curr] = in->s[i - 1].buf;
		kvm->nr[!curr] = in->s[i - 1].nr;
		record_hdr[!curr].uptime_cs = in->s[i - 1].uptime_cs;
		record_hdr[!curr].ust_time = 1767225600 + in->s[i - 1].uptime_cs / 100;
	}
	else {
		kvm->buf[!curr] = NULL;
		kvm->nr[!curr] = 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct file_header fh;
	struct ki_input in;
	struct svg_parm svg;
	uint64_t flags0 = flags;
	char pre[] = "host;10;2026-01-01 00:00:10 UTC";
	int i, curr, tab;

	if (ki_decode(data, size, &in) < 0)
		return 0;

	kvm->options |= AO_SELECTED;
	kvm->opt_flags = (in.opts & KI_ALL) ? AO_F_KVM_REPORTS : 0;
	kvm->msize = in.msize;
	if (in.opts & KI_DISH)
		flags |= S_F_HORIZONTALLY;
	if (in.opts & KI_DEBUG)
		flags |= S_F_DEBUG_MODE;

	ki_capture_begin();
	if ((in.opts & KI_VMLIST) && (parse_kvm_vm_list(in.vmlist, kvm) < 0))
		/* sadf prints its usage and exits */
		goto out;

	/* -d, -p, -x, -j, -r, -l: sample by sample (a sample without items is not shown) */
	for (i = 1; i < in.ns; i++) {
		curr = i & 1;
		set_samples(&in, i, curr);
		if (kvm->nr[curr] <= 0) {
			/* XML and JSON are called anyway (markup formats) and must cope */
			tab = 1;
			xml_print_kvm_stats(kvm, curr, tab, in.s[i].itv);
			json_print_kvm_stats(kvm, curr, tab, in.s[i].itv);
			continue;
		}
		render_kvm_stats(kvm, TRUE, pre, curr, in.s[i].itv);
		render_kvm_stats(kvm, FALSE, pre, curr, in.s[i].itv);
		tab = 1;
		xml_print_kvm_stats(kvm, curr, tab, in.s[i].itv);
		json_print_kvm_stats(kvm, curr, tab, in.s[i].itv);
		raw_print_kvm_stats(kvm, pre, curr);
		pcp_print_kvm_stats(kvm, curr);
	}
	ki_capture_check("sadf -d/-p/-x/-j/-r/-l");

	/* -g: count the items of the whole file, then draw */
	ki_capture_begin();
	if (!HAS_LIST_ON_CMDLINE(kvm->options)) {
		kvm->item_list_sz = 0;
		for (i = 0; i < in.ns; i++) {
			set_samples(&in, i, 0);
			kvm->item_list_sz += count_new_kvm(kvm, 0);
		}
	}
	if (kvm->item_list_sz > 0) {
		flags |= S_F_MINMAX;
		free(kvm->spmin);
		free(kvm->spmax);
		kvm->spmin = kvm->spmax = NULL;
		kvm->nr_spalloc = 0;
		memset(&svg, 0, sizeof(svg));
		svg.file_hdr = &fh;
		svg.restart = TRUE;
		svg.ust_time_ref = 1767225600;
		svg.ust_time_first = 1767225600 + in.s[0].uptime_cs / 100;
		svg.nr_act_dispd = 1;
		strcpy(svg.my_tzname, "UTC");
		set_samples(&in, 0, 1);
		svg_print_kvm_stats(kvm, 1, F_BEGIN, &svg, 0, &record_hdr[1]);
		for (i = 1; i < in.ns; i++) {
			curr = i & 1;
			set_samples(&in, i, curr);
			if (kvm->nr[curr] <= 0)
				continue;
			svg_print_kvm_stats(kvm, curr, F_MAIN, &svg, in.s[i].itv, &record_hdr[curr]);
			svg.restart = FALSE;
			svg.ust_time_end = record_hdr[curr].ust_time;
		}
		if (svg.ust_time_end <= svg.ust_time_ref)
			svg.ust_time_end = svg.ust_time_ref + 1;
		svg_print_kvm_stats(kvm, curr, F_END, &svg, 0, &record_hdr[!curr]);
	}
	ki_capture_check("sadf -g");

out:
	free_item_list(&kvm->item_list);
	kvm->item_list_sz = 0;
	kvm->options &= ~(AO_SELECTED | AO_LIST_ON_CMDLINE);
	kvm->buf[0] = kvm->buf[1] = NULL;
	flags = flags0;
	ki_free(&in);
	return 0;
}
