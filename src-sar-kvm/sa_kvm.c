/*
 * sa_kvm.c: KVM activity (sar -K) - functions shared by sar and sadf.
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
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>

#include "sa.h"

#ifdef USE_NLS
#include <locale.h>
#include <libintl.h>
#define _(string) gettext(string)
#else
#define _(string) (string)
#endif

/*
 * VMs given with --vm=: each element of each list, and each run of
 * consecutive elements joined by commas (a guest name such as "db,primary"
 * is printed as it is: copied from sar's output, it selects that VM).
 */
struct kvm_vm_filter {
	char name[MAX_KVM_NAME_LEN];
	int list;		/* which --vm= option (0, 1...) */
	int first, last;	/* elements of that list it is made of */
	int matched;		/* TRUE once a VM of the report matched */
};

static struct kvm_vm_filter *kvm_filter = NULL;
static int kvm_nfilter = 0;
static int kvm_nlist = 0;
static int kvm_report_seen = FALSE;

/* Add a filter: elements @first to @last of list @elem (@n elements) joined by commas */
static void add_kvm_filter(char elem[][MAX_KVM_NAME_LEN], int first, int last)
{
	struct kvm_vm_filter *f;
	char name[MAX_KVM_NAME_LEN];
	size_t o = 0, l;
	int i;

	for (i = first; i <= last; i++) {
		l = strlen(elem[i]);
		if (o + l + (i > first) >= sizeof(name))
			/* Longer than any name */
			return;
		if (i > first) {
			name[o++] = ',';
		}
		memcpy(name + o, elem[i], l);
		o += l;
	}
	name[o] = '\0';
	if ((f = realloc(kvm_filter, sizeof(*f) * (size_t) (kvm_nfilter + 1))) == NULL) {
		perror("realloc");
		exit(4);
	}
	kvm_filter = f;
	f += kvm_nfilter++;
	strcpy(f->name, name);
	f->list = kvm_nlist;
	f->first = first;
	f->last = last;
	f->matched = FALSE;
}

/*
 ***************************************************************************
 * At exit: name each --vm= element that matched no VM of the report, alone
 * or in a run of elements taken as one name (on stderr).
 ***************************************************************************
 */
static void kvm_vm_report_unmatched(void)
{
	int i, j, covered;

	if (!kvm_report_seen)
		return;
	for (i = 0; i < kvm_nfilter; i++) {
		if (kvm_filter[i].first != kvm_filter[i].last)
			continue;
		for (j = 0, covered = FALSE; j < kvm_nfilter; j++) {
			if (kvm_filter[j].matched && (kvm_filter[j].list == kvm_filter[i].list) &&
			    (kvm_filter[j].first <= kvm_filter[i].first) &&
			    (kvm_filter[j].last >= kvm_filter[i].first)) {
				covered = TRUE;
			}
		}
		if (!covered) {
			fprintf(stderr, _("No VM matches --vm=%s\n"), kvm_filter[i].name);
		}
	}
}

/*
 ***************************************************************************
 * Parse the list of VMs given with option --vm=. Elements are separated
 * by commas; ",," stands for a comma inside a guest name (as in QEMU's
 * -name option). An element is a guest name, a pid or a "<pid>-<fd>" key.
 * Consecutive elements are also taken together as one guest name, as sar
 * prints it ("db,primary").
 *
 * IN:
 * @list	List (text after "--vm=").
 * @a		KVM activity.
 *
 * RETURNS:
 * 0 if OK, -1 if the list or an element is empty, or an element is too long.
 ***************************************************************************
 */
int parse_kvm_vm_list(const char *list, struct activity *a)
{
	char (*elem)[MAX_KVM_NAME_LEN];
	size_t o;
	const char *p = list;
	int n = 0, i, j, rc = -1;

	/* At most strlen(list) / 2 + 1 elements */
	if ((elem = malloc(MAX_KVM_NAME_LEN * (strlen(list) / 2 + 1))) == NULL) {
		perror("malloc");
		exit(4);
	}
	for (;;) {
		o = 0;
		/* Element: up to a single ',' or the end; ",," is a comma */
		while (*p && !((*p == ',') && (p[1] != ','))) {
			if (*p == ',') {
				p++;
			}
			if (o + 1 >= MAX_KVM_NAME_LEN)
				goto out;
			elem[n][o++] = *p++;
		}
		elem[n][o] = '\0';
		if (!o)
			/* Empty element */
			goto out;
		a->item_list_sz += add_list_item(&(a->item_list), elem[n], MAX_KVM_NAME_LEN, NULL);
		n++;
		if (!*p)
			break;
		if (!*++p)
			/* Trailing separator */
			goto out;
	}
	if (!kvm_nfilter) {
		atexit(kvm_vm_report_unmatched);
	}
	for (i = 0; i < n; i++) {
		for (j = i; j < n; j++) {
			add_kvm_filter(elem, i, j);
		}
	}
	kvm_nlist++;
	a->options |= AO_LIST_ON_CMDLINE;
	rc = 0;
out:
	free(elem);
	return rc;
}

/*
 ***************************************************************************
 * Tell if a VM row should be displayed: VMs given with --vm=, or all VMs
 * with -K ALL. (The "all" row is always displayed.)
 *
 * IN:
 * @a		KVM activity.
 * @st		VM item.
 *
 * RETURNS:
 * TRUE if the VM should be displayed.
 ***************************************************************************
 */
int kvm_vm_selected(struct activity *a, const struct stats_kvm *st)
{
	const char *f;
	int i, sel = FALSE;

	if (HAS_LIST_ON_CMDLINE(a->options)) {
		/*
		 * NB: sadf also adds the items found in file to a->item_list
		 * (see count_new_kvm()): the filters are those given with --vm=.
		 */
		for (i = 0; i < kvm_nfilter; i++) {
			f = kvm_filter[i].name;
			if (kvm_match_vm(st, &f, 1)) {
				kvm_filter[i].matched = TRUE;
				sel = TRUE;
			}
		}
		return sel;
	}
	return DISPLAY_KVM_ALL(a->opt_flags);
}

/*
 ***************************************************************************
 * Called for each sample displayed: the report had KVM statistics (so an
 * element of --vm= that matched no VM is named at exit). Tell (once, on
 * stderr) when the user who ran sadc could not read them.
 *
 * IN:
 * @item0	Item 0 of the sample (clean copy).
 *
 * RETURNS:
 * TRUE if the sample holds no statistics (KVM_SRC_DENIED).
 ***************************************************************************
 */
int kvm_sample_seen(const struct stats_kvm *item0)
{
	static int told = FALSE;

	kvm_report_seen = TRUE;
	if (item0->source != KVM_SRC_DENIED)
		return FALSE;
	if (!told) {
		fprintf(stderr, "%s\n",
			_("KVM statistics could not be read: processes run guest code (they have "
			  "guest time), but the user who ran sadc may read neither "
			  "/sys/kernel/debug/kvm nor their file descriptors. Run sadc as root, "
			  "or give it the CAP_SYS_PTRACE capability."));
		told = TRUE;
	}
	return TRUE;
}

/*
 ***************************************************************************
 * Parse the keywords of option -K: ALL, or a comma-separated list of
 * reports (CPU, EXIT, HALT, EVENT).
 *
 * IN:
 * @arg		Argument following -K.
 * @a		KVM activity.
 *
 * RETURNS:
 * 0 and the report flags of @a set if @arg is such a list, -1 otherwise
 * (@arg is then not an argument of -K).
 ***************************************************************************
 */
int parse_kvm_keywords(const char *arg, struct activity *a)
{
	static const struct {
		const char *kw;
		unsigned int flag;
	} kws[] = {
		{"CPU", AO_F_KVM_CPU}, {"EXIT", AO_F_KVM_EXIT},
		{"HALT", AO_F_KVM_HALT}, {"EVENT", AO_F_KVM_EVENT}
	};
	unsigned int f = 0;
	const char *p = arg, *e;
	size_t l, k;

	if (!strcmp(arg, K_ALL)) {
		/* Every report; sadf: one row per VM */
		a->opt_flags |= AO_F_KVM_ALL | AO_F_KVM_REPORTS;
		return 0;
	}
	do {
		e = strchr(p, ',');
		l = e ? (size_t) (e - p) : strlen(p);
		for (k = 0; k < sizeof(kws) / sizeof(kws[0]); k++) {
			if ((strlen(kws[k].kw) == l) && !strncmp(p, kws[k].kw, l))
				break;
		}
		if (k == sizeof(kws) / sizeof(kws[0]))
			return -1;
		f |= kws[k].flag;
		p = e + 1;
	}
	while (e);
	a->opt_flags |= f;

	return 0;
}

/*
 ***************************************************************************
 * Tell if sar will display VM statistics that sadc -S KVM does not read
 * for each VM (reports EXIT, HALT, EVENT). sar then asks sadc for every
 * statistic of each VM (sadc -S XKVM).
 *
 * IN:
 * @act		Array of activities.
 *
 * RETURNS:
 * TRUE if the KVM activity is selected with such a report.
 ***************************************************************************
 */
int kvm_full_stats_needed(struct activity *act[])
{
	int p;

	if ((p = get_activity_position(act, A_KVM, RESUME_IF_NOT_FOUND)) < 0)
		return FALSE;
	if (!IS_SELECTED(act[p]->options))
		return FALSE;
	return (act[p]->opt_flags & (AO_F_KVM_EXIT | AO_F_KVM_HALT | AO_F_KVM_EVENT)) != 0;
}

/*
 ***************************************************************************
 * Seed for the hash tables that hold VM keys read from a file (struct
 * kvm_strmap, struct kvm_avg): random, so that a crafted file cannot choose
 * keys that all collide. The output does not depend on it.
 *
 * RETURNS:
 * A seed, different from one run to the next.
 ***************************************************************************
 */
unsigned long kvm_hash_seed(void)
{
	unsigned long seed;

	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != (ssize_t) sizeof(seed)) {
		seed = (unsigned long) time(NULL) ^ ((unsigned long) getpid() << 16);
	}
	return seed;
}
