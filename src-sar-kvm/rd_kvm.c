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
 * 2. KVM binary statistics fds, when debugfs is absent or refuses to be
 *    read (kernel lockdown: EPERM on every cumulative file). VMMs such as
 *    QEMU >= 8.1 keep one stats fd per vCPU open; they are duplicated with
 *    pidfd_getfd(2), read with pread() and closed at once.
 * 3. instant-only: number of VMs and vCPUs (debugfs listing or
 *    /proc/PID/fd), and the "blocking" files that lockdown still serves.
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
#define KVM_CMDLINE_LEN	16384
#define KVM_BSTATS_BUF	8192
#define KVM_VMSTATS_FLAG	0x80000000U	/* in kvm_fds.sfd[]: VM stats fd */
#define KVM_BATCH_MAX	(KVM_MAX_NAMES + 8)	/* fds of one VM closed together */
#define KVM_ALL_COUNTERS	(KP_KVM_MASK | (1U << KP_BLOCKING))
#define KVM_CORE_COUNTERS	(KC_CORE_MASK | (1U << KP_BLOCKING))

/* Statistic name found in the top-level debugfs listing */
struct kvm_name {
	char name[48];
	int idx;
};

/* A list of numbers */
struct kvm_ulist {
	unsigned int *v;
	unsigned int n;
	unsigned int alloc;
};

/* KVM fds of a process */
struct kvm_fds {
	unsigned int nvm;		/* anon_inode:kvm-vm */
	unsigned int vmfd;		/* lowest of them */
	unsigned int nvcpu;		/* anon_inode:kvm-vcpu:N */
	unsigned int nvmstats;		/* anon_inode:kvm-vm-stats */
	unsigned int *sfd;		/* anon_inode:kvm-vcpu-stats:N and kvm-vm-stats */
	unsigned int nsfd;
	unsigned int asfd;
	struct kvm_ulist vid;		/* the N of each kvm-vcpu:N */
	struct kvm_ulist sid;		/* the N of each kvm-vcpu-stats:N */
};

#define KVM_STAT_LEN	2048		/* /proc/PID/stat read */

/* VM found in debugfs, or VMM process found in /proc (scan_proc()) */
struct kvm_dir {
	unsigned int pid;
	unsigned int fd;
	char dir[MAX_KVM_KEY_LEN];
	/*
	 * What scan_proc() read to find the process, kept for the read of the
	 * same sample instead of reading it again: its KVM fds (has_kf) and
	 * its /proc/PID/stat ("" if not read).
	 */
	struct kvm_fds kf;
	int has_kf;
	char stat[KVM_STAT_LEN];
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

/*
 * Read at most @size - 1 bytes of file @path into @buf (NUL-terminated).
 * Returns the number of bytes read, or -1 (errno set).
 */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
	int fd, e;
	ssize_t n;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, size - 1);
	e = errno;
	close(fd);
	if (n < 0) {
		errno = e;
		return -1;
	}
	buf[n] = '\0';
	return n;
}

/* Target of symbolic link @path (in test mode: contents of file @path) */
static ssize_t kvm_readlink(const char *path, char *buf, size_t size)
{
	ssize_t n;

#ifdef TEST
	n = read_small(path, buf, size);
	if ((n > 0) && (buf[n - 1] == '\n')) {
		buf[--n] = '\0';
	}
#else
	n = readlink(path, buf, size - 1);
	if (n >= 0) {
		buf[n] = '\0';
	}
#endif
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

/* Is @s a decimal number? */
static int is_number(const char *s)
{
	return has_num_suffix(s, "");
}

/*
 ***************************************************************************
 * VMM process information: start time, CPU and guest times, guest name.
 ***************************************************************************
 */

/*
 * What is kept of a VMM process (pid and start time) from one sample to
 * the next: its vCPU threads (see read_vm_steal()) and its guest name,
 * which its command line gives once for the life of the process.
 */
struct kvm_vmm {
	unsigned int pid;
	unsigned long long start_cs;
	struct kvm_ulist tid;		/* vCPU threads */
	char name[MAX_KVM_NAME_LEN];	/* guest name, if has_name */
	int has_name;
	unsigned long used;		/* sample in which it was last used */
};

static struct kvm_vmm *vmms;
static int nvmms, avmms;
static unsigned long kvm_sample_nr;

/* What is kept of the process of @it (a new entry if none), NULL if out of memory */
static struct kvm_vmm *get_vmm(const struct stats_kvm *it)
{
	struct kvm_vmm *t;
	int i;

	for (i = 0; i < nvmms; i++) {
		t = &vmms[i];
		if ((t->pid == it->pid) && (t->start_cs == it->start_cs))
			return t;
	}
	if (nvmms == avmms) {
		int a = avmms ? avmms * 2 : 16;

		t = realloc(vmms, sizeof(*t) * (size_t) a);
		if (!t)
			return NULL;
		vmms = t;
		avmms = a;
	}
	t = &vmms[nvmms++];
	memset(t, 0, sizeof(*t));
	t->pid = it->pid;
	t->start_cs = it->start_cs;
	return t;
}

/* Forget the processes not seen in the current sample */
static void drop_vmms(void)
{
	int i, j = 0;

	for (i = 0; i < nvmms; i++) {
		if (vmms[i].used != kvm_sample_nr) {
			free(vmms[i].tid.v);
			continue;
		}
		vmms[j++] = vmms[i];
	}
	nvmms = j;
}

/*
 * Start time, CPU and guest times of the process of VM item @it (from
 * @stat, the text of its /proc/PID/stat, or read if "") and its guest name
 * (from its command line, read in the first sample of the process only).
 * Returns what is kept of the process (NULL if its times are unknown, or
 * out of memory).
 */
static struct kvm_vmm *read_proc_info(struct stats_kvm *it, unsigned long hz,
				      const char *stat, struct fd_batch *b)
{
	char path[KVM_PATH_LEN], buf[KVM_STAT_LEN];
	static char cmd[KVM_CMDLINE_LEN];
	struct kvm_task task;
	struct kvm_vmm *v = NULL;
	unsigned long long start;
	ssize_t n;

	if (!stat[0]) {
		/* Not read by scan_proc() in this sample */
		snprintf(path, sizeof(path), KVM_PROC "/%u/stat", it->pid);
		n = batch_read(b, path, buf, sizeof(buf));
		stat = (n > 0) ? buf : "";
	}
	if (stat[0] &&
	    !kvm_parse_task_stat(stat, &task) && task.has_guest &&
	    !kvm_parse_starttime(stat, &start)) {
		it->start_cs = kvm_ticks_to_cs(start, hz);
		it->cnt[KC_GUEST_CS] = kvm_ticks_to_cs(task.guest_time, hz);
		it->cnt[KC_CPU_CS] = kvm_ticks_to_cs(task.utime, hz) +
				     kvm_ticks_to_cs(task.stime, hz);
		it->present |= KP_PROC_MASK;
	}
	else {
		task.comm[0] = '\0';
	}

	if (it->present & (1U << KC_GUEST_CS)) {
		/* The process is known by its pid and start time */
		v = get_vmm(it);
	}
	if (v) {
		v->used = kvm_sample_nr;
		if (v->has_name) {
			/* Its command line was read in an earlier sample */
			memcpy(it->name, v->name, sizeof(it->name));
			return v;
		}
	}

	snprintf(path, sizeof(path), KVM_PROC "/%u/cmdline", it->pid);
	n = batch_read(b, path, cmd, sizeof(cmd));
	if ((n <= 0) || !kvm_guest_name(cmd, (size_t) n, it->name, sizeof(it->name))) {
		/* No QEMU -name option: use the command name */
		kvm_escape_name(task.comm, strlen(task.comm), it->name, sizeof(it->name));
	}
	if (v && (n > 0)) {
		memcpy(v->name, it->name, sizeof(v->name));
		v->has_name = 1;
	}
	return v;
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
		snprintf(path, sizeof(path), KVM_DEBUGFS "/%s/%s", vd->dir, names[i].name);
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
 * KVM binary statistics fds.
 ***************************************************************************
 */

/* Add @v to list @l (on allocation failure, UINT_MAX is stored in its last entry) */
static void ulist_add(struct kvm_ulist *l, unsigned int v)
{
	if (l->n == l->alloc) {
		unsigned int *n = realloc(l->v,
					  sizeof(unsigned int) * (l->alloc ? l->alloc * 2 : 8));

		if (!n) {
			if (l->n) {
				l->v[l->n - 1] = UINT_MAX;
			}
			return;
		}
		l->v = n;
		l->alloc = l->alloc ? l->alloc * 2 : 8;
	}
	l->v[l->n++] = v;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *) a, y = *(const unsigned int *) b;

	return (x > y) - (x < y);
}

/*
 * Does each vCPU of @kf have exactly one stats fd (the N of kvm-vcpu:N and
 * of kvm-vcpu-stats:N are the same sets, without repeats)? Sorts the lists.
 */
static int vcpu_stats_match(struct kvm_fds *kf)
{
	unsigned int i;

	if ((kf->vid.n != kf->sid.n) || (kf->vid.n != kf->nvcpu))
		return 0;
	qsort(kf->vid.v, kf->vid.n, sizeof(unsigned int), cmp_uint);
	qsort(kf->sid.v, kf->sid.n, sizeof(unsigned int), cmp_uint);
	for (i = 0; i < kf->vid.n; i++) {
		if ((kf->vid.v[i] != kf->sid.v[i]) || (kf->vid.v[i] == UINT_MAX) ||
		    (i && (kf->vid.v[i] == kf->vid.v[i - 1])))
			return 0;
	}
	return 1;
}

/* Free the lists of @kf */
static void free_fds(struct kvm_fds *kf)
{
	free(kf->sfd);
	free(kf->vid.v);
	free(kf->sid.v);
}

/*
 * List the KVM fds of process @pid. Returns -1 if the process has gone,
 * -2 if this user may not list its fds (another user's process: root or
 * CAP_SYS_PTRACE is needed).
 */
static int scan_fds(unsigned int pid, struct kvm_fds *kf)
{
	char path[KVM_PATH_LEN], lnk[64];
	DIR *dir;
	struct dirent *drd;

	memset(kf, 0, sizeof(*kf));
	snprintf(path, sizeof(path), KVM_PROC "/%u/fd", pid);
	if ((dir = __opendir(path)) == NULL)
		return ((errno == EACCES) || (errno == EPERM)) ? -2 : -1;

	while ((drd = __readdir(dir)) != NULL) {
		unsigned int fd;

		if (!is_number(drd->d_name))
			continue;
		fd = (unsigned int) strtoul(drd->d_name, NULL, 10);
		snprintf(path, sizeof(path), KVM_PROC "/%u/fd/%s", pid, drd->d_name);
		if (kvm_readlink(path, lnk, sizeof(lnk)) <= 0)
			continue;
		if (!strcmp(lnk, "anon_inode:kvm-vm")) {
			if (!kf->nvm || (fd < kf->vmfd)) {
				kf->vmfd = fd;
			}
			kf->nvm++;
		}
		else if (has_num_suffix(lnk, "anon_inode:kvm-vcpu:")) {
			kf->nvcpu++;
			ulist_add(&kf->vid, (unsigned int) strtoul(lnk + 20, NULL, 10));
		}
		else if (has_num_suffix(lnk, "anon_inode:kvm-vcpu-stats:") ||
			 !strcmp(lnk, "anon_inode:kvm-vm-stats")) {
			if (!strcmp(lnk, "anon_inode:kvm-vm-stats")) {
				/* VM-scope statistics (not counted in nstats) */
				fd |= KVM_VMSTATS_FLAG;
				kf->nvmstats++;
			}
			else {
				ulist_add(&kf->sid, (unsigned int) strtoul(lnk + 26, NULL, 10));
			}
			if (kf->nsfd == kf->asfd) {
				unsigned int *n;

				n = realloc(kf->sfd,
					    sizeof(unsigned int) * (kf->asfd ? kf->asfd * 2 : 8));
				if (!n) {
					/* Left out: the stats fds no longer match the vCPUs */
					kf->nvmstats = UINT_MAX;
					continue;
				}
				kf->sfd = n;
				kf->asfd = kf->asfd ? kf->asfd * 2 : 8;
			}
			kf->sfd[kf->nsfd++] = fd;
		}
	}
	__closedir(dir);
	return 0;
}

/* Duplicate fd @fd of process @pid (pidfd @pidfd). Returns a new fd or -1 */
static int kvm_getfd(int pidfd, unsigned int pid, unsigned int fd)
{
#ifdef TEST
	char path[KVM_PATH_LEN];

	(void) pidfd;
	snprintf(path, sizeof(path), KVM_TEST_FD, pid, fd);
	return open(path, O_RDONLY | O_CLOEXEC);
#else
	(void) pid;
#ifdef SYS_pidfd_getfd
	return (int) syscall(SYS_pidfd_getfd, pidfd, (int) fd, 0);
#else
	/* Headers older than Linux 5.6: no binary stats fds */
	(void) pidfd;
	(void) fd;
	errno = ENOSYS;
	return -1;
#endif
#endif
}

/*
 * Read one binary stats fd (already duplicated: @sfd) and add its values to @it.
 * Returns 0 if OK, -1 otherwise. The caller closes @sfd.
 */
static int read_stats_fd(int sfd, struct stats_kvm *it)
{
	static unsigned char *buf = NULL;
	static size_t bsize = 0;
	size_t len = 0;
	ssize_t n;
	long need;
	int rc = -1;

	if (!buf) {
		if ((buf = malloc(KVM_BSTATS_BUF)) == NULL)
			goto out;
		bsize = KVM_BSTATS_BUF;
	}

	/* The file is small: a single pread() normally gets it all */
	do {
		n = pread(sfd, buf + len, bsize - len, (off_t) len);
		if (n <= 0)
			goto out;
		len += (size_t) n;

		need = kvm_parse_bstats(buf, len, it->cnt, &it->present, &it->vcpublk);
		if (need > (long) bsize) {
			unsigned char *nb = realloc(buf, (size_t) need);

			if (!nb)
				goto out;
			buf = nb;
			bsize = (size_t) need;
		}
	}
	while ((need > 0) && (len < bsize));

	if (!need) {
		rc = 0;
	}
out:
	return rc;
}

/*
 * Is @fd, duplicated from a VMM, the KVM binary stats fd that was listed
 * (@vm: the VM's, else a vCPU's)? The VMM may have put another file under
 * that fd number since it was listed: a file of its own to feed fake
 * numbers, or one whose read blocks (FUSE). The link of our own fd names
 * what it really is; an anon inode of KVM never blocks a read.
 */
static int is_kvm_stats_fd(int fd, int vm)
{
#ifdef TEST
	/* Test mode: the fds are files of the test directory */
	(void) fd;
	(void) vm;
	return 1;
#else
	char path[KVM_PATH_LEN], lnk[64];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (kvm_readlink(path, lnk, sizeof(lnk)) <= 0)
		return 0;
	return vm ? !strcmp(lnk, "anon_inode:kvm-vm-stats") :
		    has_num_suffix(lnk, "anon_inode:kvm-vcpu-stats:");
#endif
}

/*
 * Read the binary stats fds of process @pid into @it.
 * Returns the number of vCPU stats fds read, or -1 if one of the stats fds
 * listed could not be duplicated, was not a KVM stats fd any more, or could
 * not be read or parsed: @it then holds partial sums, which the caller
 * must not keep.
 */
static int read_proc_statsfds(unsigned int pid, const struct kvm_fds *kf,
			      struct stats_kvm *it, struct fd_batch *b)
{
	unsigned int i;
	int pidfd = -1, sfd, nread = 0;

	if (!kf->nsfd)
		return 0;
#ifndef TEST
#ifdef SYS_pidfd_open
	if ((pidfd = (int) syscall(SYS_pidfd_open, (pid_t) pid, 0)) < 0)
		return -1;
	batch_add(b, pidfd);
#else
	/* Headers older than Linux 5.3 */
	errno = ENOSYS;
	return -1;
#endif
#endif
	for (i = 0; i < kf->nsfd; i++) {
		int vm = (kf->sfd[i] & KVM_VMSTATS_FLAG) != 0;

		if ((sfd = kvm_getfd(pidfd, pid, kf->sfd[i] & ~KVM_VMSTATS_FLAG)) < 0)
			return -1;
		/* Closed with the other files of this VM, just after it has been read */
		batch_add(b, sfd);
		if (!is_kvm_stats_fd(sfd, vm) || (read_stats_fd(sfd, it) < 0))
			return -1;
		if (!vm) {
			nread++;
		}
	}
	return nread;
}

/*
 ***************************************************************************
 * Run delay of the vCPU threads of a VMM process: the time they were
 * runnable but waited for a host CPU, which KVM reports to the guest as
 * its steal time (record_steal_time() adds the increments of the vCPU
 * thread's run delay). The vCPU threads are the threads that have guest
 * time (field 43 of /proc/PID/task/TID/stat): only a thread that runs
 * KVM_RUN gets any, so the VMM's other threads (main loop, I/O, RCU) never
 * count, whatever the VMM names them. They are found once and kept from
 * one sample to the next (struct kvm_vmm): each sample then costs
 * an open and a read of /proc/PID/task/TID/schedstat per vCPU (closed
 * with the VM's files). They are looked for again when a thread has gone,
 * or when fewer threads than vCPUs have guest time (a vCPU that has not
 * run yet is not counted, and its thread may start later).
 ***************************************************************************
 */

/*
 * Read the stat file @path of a process or thread (/proc/PID/stat,
 * /proc/PID/task/TID/stat) into @buf (@size bytes). TRUE if it has guest
 * time (field 43 above 0).
 */
static int stat_guest_time(const char *path, char *buf, size_t size)
{
	struct kvm_task task;

	if (read_small(path, buf, size) <= 0)
		return 0;
	return !kvm_parse_task_stat(buf, &task) && (task.guest_time > 0);
}

/* Threads of process @pid that have guest time, into @l. Returns 0, or -1 */
static int find_vcpu_threads(unsigned int pid, struct kvm_ulist *l)
{
	char path[KVM_PATH_LEN], buf[KVM_STAT_LEN];
	struct dirent *drd;
	DIR *dir;

	l->n = 0;
	snprintf(path, sizeof(path), KVM_PROC "/%u/task", pid);
	if ((dir = __opendir(path)) == NULL)
		return -1;
	while ((drd = __readdir(dir)) != NULL) {
		if (!is_number(drd->d_name))
			continue;
		snprintf(path, sizeof(path), KVM_PROC "/%u/task/%s/stat", pid, drd->d_name);
		if (stat_guest_time(path, buf, sizeof(buf))) {
			ulist_add(l, (unsigned int) strtoul(drd->d_name, NULL, 10));
		}
	}
	__closedir(dir);
	return 0;
}

/* Sum of the run delays of the @l threads of @pid, into *sum. Returns 0, or -1 */
static int sum_run_delay(unsigned int pid, const struct kvm_ulist *l,
			 unsigned long long *sum, struct fd_batch *b)
{
	char path[KVM_PATH_LEN], buf[256];
	unsigned long long v;
	unsigned int i;

	*sum = 0;
	for (i = 0; i < l->n; i++) {
		snprintf(path, sizeof(path), KVM_PROC "/%u/task/%u/schedstat", pid, l->v[i]);
		if ((batch_read(b, path, buf, sizeof(buf)) <= 0) ||
		    kvm_parse_schedstat(buf, &v))
			return -1;
		*sum += v;
	}
	return 0;
}

/*
 * Run delay of the vCPU threads of VM item @it (@t: what is kept of its
 * process, as read_proc_info() returned it): steal_ns, nsteal and bit
 * KP_STEAL. Absent when no
 * thread, or more threads than the VM has vCPUs, have guest time (then
 * the threads cannot be those of this VM alone), or a file cannot be read.
 */
static void read_vm_steal(struct stats_kvm *it, struct kvm_vmm *t, struct fd_batch *b)
{
	unsigned long long sum;

	if (!t || !it->nvcpu)
		/* Process times unknown (t is NULL then), or no vCPU */
		return;
	if ((t->tid.n != it->nvcpu) || sum_run_delay(it->pid, &t->tid, &sum, b)) {
		/* Not all vCPUs found, or a thread has gone: look again */
		if (find_vcpu_threads(it->pid, &t->tid) || !t->tid.n ||
		    (t->tid.n > it->nvcpu) || sum_run_delay(it->pid, &t->tid, &sum, b)) {
			t->tid.n = 0;
			return;
		}
	}
	it->steal_ns = sum;
	it->nsteal = t->tid.n;
	it->present |= 1U << KP_STEAL;
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
	(*vd)[*nvd].has_kf = 0;
	(*vd)[*nvd].stat[0] = '\0';
	(*nvd)++;
	return 0;
}

/* Free the @nvd VMs of @vd (and the fds that scan_proc() kept) */
static void free_dirs(struct kvm_dir *vd, int nvd)
{
	int i;

	for (i = 0; i < nvd; i++) {
		if (vd[i].has_kf) {
			free_fds(&vd[i].kf);
		}
	}
	free(vd);
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

/*
 * Has process @pid run guest code? Its guest time (field 43 of
 * /proc/PID/stat, the sum over its threads, dead ones included) is above
 * zero once one of its vCPUs has run for a clock tick, and never goes back
 * to zero. Three system calls (open, read, close), where listing its fds
 * would cost one readlink per fd.
 */
static int has_guest_time(unsigned int pid, char *buf, size_t size)
{
	char path[KVM_PATH_LEN];

	snprintf(path, sizeof(path), KVM_PROC "/%u/stat", pid);
	return stat_guest_time(path, buf, size);
}

/*
 * List processes having a KVM VM fd (used when debugfs is not available).
 * Only processes that have run guest code are looked at (has_guest_time()):
 * a VM is found in the first sample after one of its vCPUs has run for a
 * clock tick. @denied counts those whose fds this user may not list.
 */
static void scan_proc(struct kvm_dir **vd, int *nvd, int *avd, int *denied)
{
	DIR *dir;
	struct dirent *drd;
	struct kvm_fds kf;
	char key[MAX_KVM_KEY_LEN], stat[KVM_STAT_LEN];
	unsigned int pid;
	int rc;

	if ((dir = __opendir(KVM_PROC)) == NULL)
		return;
	while ((drd = __readdir(dir)) != NULL) {
		if (!is_number(drd->d_name))
			continue;
		pid = (unsigned int) strtoul(drd->d_name, NULL, 10);
		if (!has_guest_time(pid, stat, sizeof(stat)))
			continue;
		if ((rc = scan_fds(pid, &kf)) < 0) {
			if (rc == -2) {
				(*denied)++;
			}
			continue;
		}
		snprintf(key, sizeof(key), "%u-%u", pid, kf.vmfd);
		if (kf.nvm && !add_dir(vd, nvd, avd, key, pid, kf.vmfd)) {
			/* Kept for read_vm_statsfd() and read_proc_info() */
			(*vd)[*nvd - 1].kf = kf;
			(*vd)[*nvd - 1].has_kf = 1;
			memcpy((*vd)[*nvd - 1].stat, stat, sizeof(stat));
			continue;
		}
		free_fds(&kf);
	}
	__closedir(dir);
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
	int nvd = 0, avd = 0, nnames = 0, denied = 0;
	unsigned int present = 0;

	if (!kvm_present())
		return 0;
	if (list_debugfs(&vd, &nvd, &avd, names, &nnames, &present) < 0) {
		/* No debugfs: count the VMs through /proc/PID/fd (done once) */
		scan_proc(&vd, &nvd, &avd, &denied);
	}
	free_dirs(vd, nvd);
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

/* Start VM item @it for debugfs directory (or VMM process) @vd */
static void init_vm_item(struct stats_kvm *it, const struct kvm_dir *vd)
{
	memset(it, 0, STATS_KVM_SIZE);
	it->pid = vd->pid;
	it->nvm = 1;
	snprintf(it->key, sizeof(it->key), "%s", vd->dir);
}

/*
 * Does lockdown refuse the cumulative debugfs files? Asked only when no VM
 * directory and no top-level file told: the first mapped statistic other
 * than "blocking" is read.
 */
static int debugfs_refused(const struct kvm_name *names, int nnames)
{
	char path[KVM_PATH_LEN];
	unsigned long long val;
	struct fd_batch b;
	int i, refused = 0;

	for (i = 0; i < nnames; i++) {
		if (names[i].idx == KP_BLOCKING)
			continue;
		snprintf(path, sizeof(path), KVM_DEBUGFS "/%s", names[i].name);
		b.n = 0;
		if (read_stat_file(&b, path, &val) &&
		    ((errno == EPERM) || (errno == EACCES))) {
			refused = 1;
		}
		batch_close(&b);
		break;
	}
	return refused;
}

/*
 * Binary statistics path (source 2, else 3): read the VMM process of
 * vd[@i] into @it. The vCPU stats fds of several VMs of one process cannot
 * be told apart: the debugfs directories vd[@i..j-1] of that process make
 * one item (nvm > 1), keyed by the first of them.
 * @listed:	debugfs could be listed (its instant files may still be read).
 * Returns j, the next directory to read, or -1 if the process has gone.
 * it->source is set to KVM_SRC_STATSFD or KVM_SRC_INSTANT.
 */
static int read_vm_statsfd(struct kvm_dir *vd, int nvd, int i, int listed,
			   const struct kvm_name *names, int nnames,
			   struct stats_kvm *it, struct fd_batch *b)
{
	struct kvm_fds kf;
	int j, k, rc;

	if (vd[i].has_kf) {
		/* Listed by scan_proc() in this sample */
		kf = vd[i].kf;
		vd[i].has_kf = 0;
	}
	else if (scan_fds(vd[i].pid, &kf) < 0)
		/* The process has gone */
		return -1;
	for (j = i + 1; (j < nvd) && (vd[j].pid == vd[i].pid); j++);
	it->nvm = listed ? (unsigned int) (j - i) : (kf.nvm ? kf.nvm : 1);
	it->nvcpu = kf.nvcpu;
	rc = read_proc_statsfds(vd[i].pid, &kf, it, b);
	if ((rc < 0) || !vcpu_stats_match(&kf)) {
		/*
		 * A vCPU without a stats fd that could be read, or with two:
		 * the sums would be an undercount or count it twice.
		 * Instant values only.
		 */
		memset(it->cnt, 0, sizeof(it->cnt));
		it->present = 0;
		it->vcpublk = 0;
		rc = 0;
	}
	else if (kf.nvmstats != kf.nvm) {
		/* VM-scope statistics: all VMs of the process, or none */
		it->cnt[KC_RTLB_FLUSH] = 0;
		it->present &= ~(1U << KC_RTLB_FLUSH);
	}
	free_fds(&kf);
	it->nstats = (unsigned int) rc;

	if (listed && (!it->nvcpu || !(it->present & (1U << KP_BLOCKING)))) {
		/* Instant files that debugfs still serves */
		struct stats_kvm tmp;
		unsigned int nv = 0, blk = 0;
		int blk_ok = 1;

		for (k = i; k < j; k++) {
			memset(&tmp, 0, sizeof(tmp));
			if (read_vm_debugfs(&vd[k], names, nnames,
					    1U << KP_BLOCKING, &tmp, b))
				continue;
			nv += tmp.nvcpu;
			blk += tmp.vcpublk;
			if (!(tmp.present & (1U << KP_BLOCKING))) {
				blk_ok = 0;
			}
		}
		if (!it->nvcpu) {
			it->nvcpu = nv;
		}
		if (!(it->present & (1U << KP_BLOCKING)) && blk_ok) {
			it->vcpublk = blk;
			it->present |= 1U << KP_BLOCKING;
		}
	}

	if (it->nstats) {
		it->source = KVM_SRC_STATSFD;
	}
	else {
		it->source = KVM_SRC_INSTANT;
		it->present &= 1U << KP_BLOCKING;
		memset(it->cnt, 0, sizeof(it->cnt));
	}
	return j;
}

/* Item 0 (@st0): sums over the @n - 1 VM items that follow it */
static void sum_vm_items(struct stats_kvm *st0, int n)
{
	struct stats_kvm *it;
	int i, k, all_blk = 1, all_steal = 1;

	for (i = 1; i < n; i++) {
		it = &st0[i];
		/*
		 * Several VMs of one process (debugfs: items sorted by pid): its
		 * threads cannot be told apart by VM, none of them has a steal.
		 */
		if (((i > 1) && (st0[i - 1].pid == it->pid)) ||
		    ((i + 1 < n) && (st0[i + 1].pid == it->pid))) {
			it->present &= ~(1U << KP_STEAL);
			it->steal_ns = 0;
			it->nsteal = 0;
		}
		if (it->present & (1U << KP_STEAL)) {
			st0->steal_ns += it->steal_ns;
			st0->nsteal += it->nsteal;
		}
		else {
			all_steal = 0;
		}
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
	if (all_steal && st0->nsteal) {
		/* Known for every VM */
		st0->present |= 1U << KP_STEAL;
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
 * Read KVM statistics. Each sample: list the VMs (debugfs, else the
 * processes that have run guest code), read the top-level debugfs files
 * (sadc -S KVM), then each VM from debugfs (source 1) or, once lockdown
 * refuses debugfs or without it, from its VMM's binary stats fds (source
 * 2, else 3: read_vm_statsfd()), then its process (read_proc_info()).
 */
int read_kvm(struct stats_kvm *st, int nr_alloc, unsigned long hz, int full)
{
	struct kvm_dir *vd = NULL;
	struct kvm_name names[KVM_MAX_NAMES];
	struct stats_kvm *it, *st0 = st;
	struct fd_batch b;
	unsigned long long top[KC_NR];
	unsigned int top_ok = 0;
	int nvd = 0, avd = 0, nnames = 0, n = 1, i, j, k, rc, locked = 0, listed, denied = 0;
	int any_fd = 0, any_instant = 0, use_top = 0;

	if (nr_alloc < 1)
		return -1;
	kvm_sample_nr++;
	memset(st, 0, STATS_KVM_SIZE * (size_t) nr_alloc);
	strcpy(st0->key, "all");
	st0->source = KVM_SRC_NONE;

	if (!kvm_present())
		return 1;

	listed = !list_debugfs(&vd, &nvd, &avd, names, &nnames, &st0->present);
	if (!listed) {
		/* No debugfs: find VMs through /proc/PID/fd */
		locked = 1;
		scan_proc(&vd, &nvd, &avd, &denied);
		if (denied) {
			/*
			 * VMs run whose statistics this user may read neither from
			 * debugfs nor from their processes: item 0 says so, and
			 * nothing else is recorded (their number is not known).
			 */
			st0->source = KVM_SRC_DENIED;
			goto out;
		}
	}
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
	if (listed && !nvd && !locked && !use_top) {
		locked = debugfs_refused(names, nnames);
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

		if (listed && !locked) {
			rc = read_vm_debugfs(&vd[i], names, nnames,
					     full ? KVM_ALL_COUNTERS : KVM_CORE_COUNTERS, it, &b);
			if (rc == -1) {
				/*
				 * The VM has gone: the top-level values may hold its
				 * counts, which would not be missed in the next sample.
				 */
				use_top = 0;
				continue;
			}
			if (rc == 0) {
				it->source = KVM_SRC_DEBUGFS;
			}
			else {
				/* Lockdown: use the binary stats fds from now on */
				locked = 1;
				init_vm_item(it, &vd[i]);
			}
		}

		if (locked) {
			if ((j = read_vm_statsfd(vd, nvd, i, listed, names, nnames, it, &b)) < 0)
				/* The process has gone */
				continue;
			/* Skip the other debugfs directories of this process */
			i = j - 1;
			if (it->source == KVM_SRC_STATSFD) {
				any_fd = 1;
			}
			else {
				any_instant = 1;
			}
		}

		read_vm_steal(it, read_proc_info(it, hz, vd[i].stat, &b), &b);
		n++;
	}
	batch_close(&b);
	drop_vmms();

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
	else if (any_fd || !any_instant) {
		st0->source = KVM_SRC_STATSFD;
	}
	else {
		st0->source = KVM_SRC_INSTANT;
	}

out:
	free_dirs(vd, nvd);
	return n;
}
