/*
 * rd_kvm.c: KVM activity (sar -K) - collection by sadc.
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
 * Sources, chosen for every sample and recorded in each item:
 * 1. debugfs (/sys/kernel/debug/kvm): one directory "<pid>-<fd>" per VM.
 *    Statistic names are discovered from the top-level listing (never
 *    positional). Files are opened, read once and closed as soon as the
 *    VM has been read (an open file pins the VM); they are never written
 *    (writing resets them). By default (sadc -S KVM) only the counters of
 *    KC_CORE_MASK are read for each VM, the others once for the whole host
 *    from the top-level files; sadc -S XKVM reads them all for each VM.
 * 2. instant-only, when debugfs refuses to be read (kernel lockdown: EPERM
 *    on every cumulative file): number of VMs and vCPUs (debugfs listing),
 *    and the "blocking" files that lockdown still serves.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "systest.h"
#include "rd_kvm.h"

#define KVM_PATH_LEN	512
#define KVM_MAX_NAMES	64		/* mapped statistic names kept per sample */
#define KVM_BATCH_MAX	(KVM_MAX_NAMES + 8)	/* fds of one VM closed together */
#define KVM_ALL_COUNTERS	(KP_KVM_MASK | (1U << KP_BLOCKING))
#define KVM_CORE_COUNTERS	(KC_CORE_MASK | (1U << KP_BLOCKING))

/* Statistic name found in the top-level debugfs listing */
struct kvm_name {
	char name[48];
	int idx;
};

/* VM found in debugfs */
struct kvm_dir {
	unsigned int pid;
	unsigned int fd;
	char dir[MAX_KVM_KEY_LEN];
};

/*
 * Files read one after the other (the statistics of one VM and its
 * /proc/PID files): their fds are kept until batch_close(), which closes
 * each run of consecutive fds with one close_range(2) call. Nothing stays
 * open from one VM to the next.
 */
struct fd_batch {
	int fd[KVM_BATCH_MAX];
	int n;
};

/*
 ***************************************************************************
 * Small I/O helpers.
 ***************************************************************************
 */

/* Close the fds of batch @b */
static void batch_close(struct fd_batch *b)
{
	int i = 0, j;

	while (i < b->n) {
		/* b->fd[i..j]: fds following each other (open() takes the lowest free fd) */
		for (j = i; (j + 1 < b->n) && (b->fd[j + 1] == b->fd[j] + 1); j++);
#ifdef SYS_close_range
		if ((j > i) && !syscall(SYS_close_range, (unsigned int) b->fd[i],
					(unsigned int) b->fd[j], 0)) {
			i = j + 1;
			continue;
		}
#endif
		/* One fd, or no close_range(2) (Linux < 5.9) */
		for (; i <= j; i++) {
			close(b->fd[i]);
		}
	}
	b->n = 0;
}

/* Add @fd to batch @b (closing the batch first if it is full) */
static void batch_add(struct fd_batch *b, int fd)
{
	if (b->n == KVM_BATCH_MAX) {
		batch_close(b);
	}
	b->fd[b->n++] = fd;
}

/*
 * Read at most @size - 1 bytes of file @path into @buf (NUL-terminated),
 * leaving the file open in batch @b. Returns the number of bytes read, or
 * -1 (errno set).
 */
static ssize_t batch_read(struct fd_batch *b, const char *path, char *buf, size_t size)
{
	int fd;
	ssize_t n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	batch_add(b, fd);
	if ((n = read(fd, buf, size - 1)) < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* Is @s "<prefix><decimal number>"? */
static int has_num_suffix(const char *s, const char *prefix)
{
	size_t l = strlen(prefix);

	if (strncmp(s, prefix, l) || !s[l])
		return 0;
	for (s += l; *s; s++) {
		if ((*s < '0') || (*s > '9'))
			return 0;
	}
	return 1;
}

/*
 ***************************************************************************
 * debugfs.
 ***************************************************************************
 */

/* Number of "vcpuN" entries in directory @path, -1 if it cannot be opened */
static int count_vcpu_dirs(const char *path)
{
	DIR *dir;
	struct dirent *drd;
	int n = 0;

	if ((dir = __opendir(path)) == NULL)
		return -1;
	while ((drd = __readdir(dir)) != NULL) {
		if (has_num_suffix(drd->d_name, "vcpu")) {
			n++;
		}
	}
	__closedir(dir);
	return n;
}

/*
 * Number of vCPUs of the VM whose debugfs directory is @path, -1 if it has
 * gone. The directory holds one "vcpuN" subdirectory per vCPU and no other
 * subdirectory, and debugfs counts the subdirectories of a directory in
 * its link count (2 + their number): one stat() instead of a listing.
 * Where the link count says nothing (< 2), and in test mode (directories
 * are listed from "_list" files), the directory is listed.
 */
static int count_vcpus(const char *path)
{
#ifndef TEST
	struct stat st;

	if ((stat(path, &st) < 0) || !S_ISDIR(st.st_mode))
		return -1;
	if (st.st_nlink >= 2)
		return (int) (st.st_nlink - 2);
#endif
	return count_vcpu_dirs(path);
}

/*
 * Read one statistic file (left open in batch @b). Returns 0 if OK, -1 if
 * the value could not be read (errno set; EINVAL if the contents are
 * malformed).
 */
static int read_stat_file(struct fd_batch *b, const char *path, unsigned long long *val)
{
	char buf[64];
	ssize_t n;

	if ((n = batch_read(b, path, buf, sizeof(buf))) < 0)
		return -1;
	if (kvm_parse_value(buf, (size_t) n, val) < 0) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

/* Add value @val of statistic @idx to item @it */
static void add_stat(struct stats_kvm *it, int idx, unsigned long long val)
{
	if (idx == KP_BLOCKING) {
		it->vcpublk += (unsigned int) val;
	}
	else {
		it->cnt[idx] += val;
	}
	it->present |= 1U << idx;
}

/*
 * Read the statistics of one VM directory (files left open in batch @b).
 * @want:	bits of the statistics to read (KC_* and KP_BLOCKING).
 * A file that cannot be read leaves its counter absent (several names may
 * feed one counter: all of them are needed).
 * Returns 0 if OK, -1 if the VM has gone, -2 if every cumulative file
 * was refused (lockdown; a single refused file is only absent).
 */
static int read_vm_debugfs(const struct kvm_dir *vd, const struct kvm_name *names,
			   int nnames, unsigned int want, struct stats_kvm *it,
			   struct fd_batch *b)
{
	char path[KVM_PATH_LEN];
	unsigned long long val;
	unsigned int bad = 0;
	int i, nv, tried = 0, refused = 0;

	snprintf(path, sizeof(path), KVM_DEBUGFS "/%s", vd->dir);
	if ((nv = count_vcpus(path)) < 0)
		return -1;
	it->nvcpu = (unsigned int) nv;

	for (i = 0; i < nnames; i++) {
		if (!(want & (1U << names[i].idx)))
			continue;
		if (names[i].idx != KP_BLOCKING) {
			tried++;
		}
		snprintf(path, sizeof(path), KVM_DEBUGFS "/%s/%.*s", vd->dir,
			 (int) sizeof(names[i].name), names[i].name);
		if (!read_stat_file(b, path, &val)) {
			if ((names[i].idx == KP_BLOCKING) && (val > it->nvcpu - it->vcpublk)) {
				/* More vCPUs blocked than the VM has: not a count */
				bad |= 1U << KP_BLOCKING;
				continue;
			}
			add_stat(it, names[i].idx, val);
			continue;
		}
		bad |= 1U << names[i].idx;
		if ((errno == EPERM) || (errno == EACCES)) {
			if (names[i].idx != KP_BLOCKING) {
				refused++;
			}
		}
		else if (errno == ENOENT) {
			/* Has the VM gone? */
			snprintf(path, sizeof(path), KVM_DEBUGFS "/%s", vd->dir);
			if (access(path, F_OK) < 0)
				return -1;
		}
	}
	if (tried && (refused == tried))
		return -2;
	if (bad & (1U << KP_BLOCKING)) {
		it->vcpublk = 0;
	}
	it->present &= ~bad;
	it->nstats = 1;
	return 0;
}

/*
 ***************************************************************************
 * Discovery.
 ***************************************************************************
 */

/*
 * Is KVM available on this host? /sys/module/kvm exists whether KVM is
 * built in or loaded as a module; debugfs is checked too in case sysfs
 * hides it.
 */
static int kvm_present(void)
{
	return !access(KVM_DEBUGFS, F_OK) || !access(KVM_SYS_MODULE, F_OK);
}

/* Add a VM directory to list @vd */
static int add_dir(struct kvm_dir **vd, int *nvd, int *avd, const char *name,
		   unsigned int pid, unsigned int fd)
{
	if (*nvd == *avd) {
		struct kvm_dir *n = realloc(*vd, sizeof(struct kvm_dir) * (*avd ? *avd * 2 : 16));

		if (!n)
			return -1;
		*vd = n;
		*avd = *avd ? *avd * 2 : 16;
	}
	(*vd)[*nvd].pid = pid;
	(*vd)[*nvd].fd = fd;
	snprintf((*vd)[*nvd].dir, MAX_KVM_KEY_LEN, "%s", name);
	(*nvd)++;
	return 0;
}

/*
 * List the top-level debugfs directory: VM directories and mapped statistic
 * names. Returns -1 if debugfs cannot be listed.
 */
static int list_debugfs(struct kvm_dir **vd, int *nvd, int *avd,
			struct kvm_name *names, int *nnames, unsigned int *present)
{
	DIR *dir;
	struct dirent *drd;
	unsigned int pid, fd;
	int idx;

	if ((dir = __opendir(KVM_DEBUGFS)) == NULL)
		return -1;
	while ((drd = __readdir(dir)) != NULL) {
		if (!kvm_parse_key(drd->d_name, &pid, &fd)) {
			if (strlen(drd->d_name) < MAX_KVM_KEY_LEN) {
				add_dir(vd, nvd, avd, drd->d_name, pid, fd);
			}
		}
		else if (((idx = kvm_map_name(drd->d_name)) >= 0) &&
			 (*nnames < KVM_MAX_NAMES) &&
			 (strlen(drd->d_name) < sizeof(names[*nnames].name))) {
			strcpy(names[*nnames].name, drd->d_name);
			names[*nnames].idx = idx;
			(*nnames)++;
			*present |= 1U << idx;
		}
	}
	__closedir(dir);
	return 0;
}

/* Sort VM directories by pid then fd (debugfs order is not meaningful) */
static int cmp_dir(const void *a, const void *b)
{
	const struct kvm_dir *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->fd != y->fd)
		return x->fd < y->fd ? -1 : 1;
	return 0;
}

int get_kvm_nr(void)
{
	struct kvm_dir *vd = NULL;
	struct kvm_name names[KVM_MAX_NAMES];
	int nvd = 0, avd = 0, nnames = 0;
	unsigned int present = 0;

	if (!kvm_present())
		return 0;
	list_debugfs(&vd, &nvd, &avd, names, &nnames, &present);
	free(vd);
	return 1 + nvd;
}

/*
 * Read the top-level debugfs files (sums over all VMs, computed by the
 * kernel) of the mapped statistics outside KC_CORE_MASK into @cnt; set
 * their bits in @ok.
 * Returns 0 if OK, 1 if there is no such statistic, -2 if every one of
 * these files was refused (lockdown).
 */
static int read_toplevel(const struct kvm_name *names, int nnames,
			 unsigned long long cnt[KC_NR], unsigned int *ok)
{
	char path[KVM_PATH_LEN];
	unsigned long long val;
	unsigned int bad = 0;
	struct fd_batch b;
	int i, idx, rc = 1, tried = 0, refused = 0;

	b.n = 0;
	*ok = 0;
	for (i = 0; i < nnames; i++) {
		idx = names[i].idx;
		if ((idx == KP_BLOCKING) || (KC_CORE_MASK & (1U << idx)))
			continue;
		rc = 0;
		snprintf(path, sizeof(path), KVM_DEBUGFS "/%.*s",
			 (int) sizeof(names[i].name), names[i].name);
		tried++;
		if (!read_stat_file(&b, path, &val)) {
			cnt[idx] += val;
			*ok |= 1U << idx;
			continue;
		}
		/* Several names may feed a counter: all of them are needed */
		bad |= 1U << idx;
		if ((errno == EPERM) || (errno == EACCES)) {
			refused++;
		}
	}
	batch_close(&b);
	*ok &= ~bad;

	/* Lockdown refuses every cumulative file; a single refused file is only absent */
	if (tried && (refused == tried))
		return -2;
	return rc;
}

/* Start VM item @it for debugfs directory @vd */
static void init_vm_item(struct stats_kvm *it, const struct kvm_dir *vd)
{
	memset(it, 0, STATS_KVM_SIZE);
	it->pid = vd->pid;
	it->nvm = 1;
	snprintf(it->key, sizeof(it->key), "%s", vd->dir);
}

/* Item 0 (@st0): sums over the @n - 1 VM items that follow it */
static void sum_vm_items(struct stats_kvm *st0, int n)
{
	struct stats_kvm *it;
	int i, k, all_blk = 1;

	for (i = 1; i < n; i++) {
		it = &st0[i];
		st0->nvm += it->nvm;
		st0->nvcpu += it->nvcpu;
		st0->vcpublk += it->vcpublk;
		for (k = 0; k < KC_NR; k++) {
			st0->cnt[k] += it->cnt[k];
		}
		st0->present |= it->present & KP_KVM_MASK;
		if (!(it->present & (1U << KP_BLOCKING))) {
			all_blk = 0;
		}
		st0->nstats += it->nstats;
	}
	if (n > 1) {
		if (all_blk) {
			st0->present |= 1U << KP_BLOCKING;
		}
		else {
			st0->present &= ~(1U << KP_BLOCKING);
			st0->vcpublk = 0;
		}
	}
}

/*
 * Read KVM statistics. Each sample: list the VMs (debugfs), read the
 * top-level debugfs files (sadc -S KVM), then each VM from debugfs
 * (source 1, else 2 under lockdown).
 */
int read_kvm(struct stats_kvm *st, int nr_alloc, unsigned long hz, int full)
{
	struct kvm_dir *vd = NULL;
	struct kvm_name names[KVM_MAX_NAMES];
	struct stats_kvm *it, *st0 = st;
	struct fd_batch b;
	unsigned long long top[KC_NR];
	unsigned int top_ok = 0;
	int nvd = 0, avd = 0, nnames = 0, n = 1, i, k, rc, locked = 0, listed;
	int use_top = 0;

	if (nr_alloc < 1)
		return -1;
	memset(st, 0, STATS_KVM_SIZE * (size_t) nr_alloc);
	strcpy(st0->key, "all");
	st0->source = KVM_SRC_NONE;

	if (!kvm_present())
		return 1;

	listed = !list_debugfs(&vd, &nvd, &avd, names, &nnames, &st0->present);
	if (nvd > 1) {
		qsort(vd, (size_t) nvd, sizeof(struct kvm_dir), cmp_dir);
	}

	/*
	 * sadc -S KVM: the counters outside KC_CORE_MASK are read once from the
	 * top-level files, after the listing (a VM that goes between the two is
	 * then seen as gone in the next sample) and before the VM directories.
	 * This also tells whether lockdown refuses the cumulative files.
	 */
	memset(top, 0, sizeof(top));
	if (listed && !full) {
		rc = read_toplevel(names, nnames, top, &top_ok);
		if (rc == -2) {
			locked = 1;
		}
		else if (!rc) {
			use_top = 1;
		}
	}

	b.n = 0;
	for (i = 0; i < nvd; i++) {
		batch_close(&b);
		if (n >= nr_alloc) {
			n = -1;
			goto out;
		}
		it = &st[n];
		init_vm_item(it, &vd[i]);

		rc = read_vm_debugfs(&vd[i], names, nnames,
				     locked ? 1U << KP_BLOCKING :
				     full ? KVM_ALL_COUNTERS : KVM_CORE_COUNTERS, it, &b);
		if (rc == -1) {
			/*
			 * The VM has gone: the top-level values may hold its
			 * counts, which would not be missed in the next sample.
			 */
			use_top = 0;
			continue;
		}
		if ((rc == 0) && !locked) {
			it->source = KVM_SRC_DEBUGFS;
		}
		else {
			/* Lockdown: instant values only, from now on */
			locked = 1;
			memset(it->cnt, 0, sizeof(it->cnt));
			it->present &= 1U << KP_BLOCKING;
			it->nstats = 0;
			it->source = KVM_SRC_INSTANT;
		}

		n++;
	}
	batch_close(&b);

	sum_vm_items(st0, n);
	if (!locked && use_top) {
		/* Counters outside KC_CORE_MASK: the kernel's sums (no VM has them) */
		for (k = 0; k < KC_GUEST_CS; k++) {
			if (!(KC_CORE_MASK & (1U << k))) {
				st0->cnt[k] = top[k];
			}
		}
		st0->present = (st0->present & ~(KP_KVM_MASK & ~KC_CORE_MASK)) | top_ok |
			       (1U << KP_TOPLEVEL);
	}
	else if (!locked && !full) {
		/* Not read (a VM went while it was read): absent from item 0 */
		st0->present &= ~(KP_KVM_MASK & ~KC_CORE_MASK);
	}
	if (!locked) {
		st0->source = listed ? KVM_SRC_DEBUGFS : KVM_SRC_NONE;
	}
	else {
		st0->source = KVM_SRC_INSTANT;
	}

out:
	free(vd);
	return n;
}
