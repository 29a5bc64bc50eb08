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
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>

#include "sa.h"

/*
 ***************************************************************************
 * Parse the list of VMs given with option --vm=. Elements are separated
 * by commas; ",," stands for a comma inside a guest name (as in QEMU's
 * -name option). An element is a guest name, a pid or a "<pid>-<fd>" key.
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
	char elem[MAX_KVM_NAME_LEN];
	size_t o;
	const char *p = list;

	for (;;) {
		o = 0;
		/* Element: up to a single ',' or the end; ",," is a comma */
		while (*p && !((*p == ',') && (p[1] != ','))) {
			if (*p == ',') {
				p++;
			}
			if (o + 1 >= sizeof(elem))
				return -1;
			elem[o++] = *p++;
		}
		elem[o] = '\0';
		if (!o)
			/* Empty element */
			return -1;
		a->item_list_sz += add_list_item(&(a->item_list), elem, MAX_KVM_NAME_LEN, NULL);
		if (!*p)
			break;
		if (!*++p)
			/* Trailing separator */
			return -1;
	}
	a->options |= AO_LIST_ON_CMDLINE;

	return 0;
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
	struct sa_item *it;
	const char *f;

	if (HAS_LIST_ON_CMDLINE(a->options)) {
		/*
		 * NB: sadf also adds the items found in file to this list
		 * (see count_new_kvm()): only a list given with --vm= is a filter.
		 */
		for (it = a->item_list; it; it = it->next) {
			f = it->item_name;
			if (kvm_match_vm(st, &f, 1))
				return TRUE;
		}
		return FALSE;
	}
	return DISPLAY_KVM_ALL(a->opt_flags);
}

/*
 ***************************************************************************
 * Tell if sar will display VM rows (-K ALL, --vm=, -A). sar then asks
 * sadc for every statistic of each VM (sadc -S XKVM), not only those that
 * sadc -S KVM reads for each VM.
 *
 * IN:
 * @act		Array of activities.
 *
 * RETURNS:
 * TRUE if the KVM activity is selected and VM rows will be displayed.
 ***************************************************************************
 */
int kvm_vm_rows_displayed(struct activity *act[])
{
	int p;

	if ((p = get_activity_position(act, A_KVM, RESUME_IF_NOT_FOUND)) < 0)
		return FALSE;
	if (!IS_SELECTED(act[p]->options))
		return FALSE;
	return HAS_LIST_ON_CMDLINE(act[p]->options) || DISPLAY_KVM_ALL(act[p]->opt_flags);
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
