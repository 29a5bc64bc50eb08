/*
 * bench/uring-debugfs.c - CPU cost of reading KVM debugfs files with plain
 * system calls versus io_uring (the experiment behind bench/README.md,
 * "Why not fewer system calls another way").
 *
 *   uring-debugfs VMDIR ROUNDS MODE
 *
 * VMDIR is a VM directory of /sys/kernel/debug/kvm (e.g. one of a
 * tests/kvm-vmm VM). Each round reads 18 files of it (its readable instant
 * statistics, cycled), once per file: MODE 0 with openat + read + close,
 * MODE 1 with one io_uring submission of 18 linked openat -> read -> close
 * chains (direct descriptors, Linux >= 5.15). Prints the process CPU time
 * (user + system, io-wq worker threads included) per file read.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NF 18

static const char *names[] = {"blocking", "guest_mode", "mmu_unsync", "nx_lpage_splits",
			      "pages_1g", "pages_2m", "pages_4k"};
#define NNAMES ((int) (sizeof(names) / sizeof(names[0])))

static double cpu(void)
{
	struct rusage r;

	getrusage(RUSAGE_SELF, &r);
	return r.ru_utime.tv_sec + r.ru_stime.tv_sec +
	       (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

int main(int argc, char **argv)
{
	char buf[NF][64];
	int dfd, rounds, mode, it, i;
	double c0;

	if (argc != 4) {
		fprintf(stderr, "usage: uring-debugfs VMDIR ROUNDS MODE(0|1)\n");
		return 2;
	}
	rounds = atoi(argv[2]);
	mode = atoi(argv[3]);
	if ((dfd = open(argv[1], O_RDONLY | O_DIRECTORY)) < 0)
		die(argv[1]);
	c0 = cpu();

	if (mode == 0) {
		for (it = 0; it < rounds; it++) {
			for (i = 0; i < NF; i++) {
				int fd = openat(dfd, names[i % NNAMES], O_RDONLY | O_CLOEXEC);

				if (fd < 0)
					die("openat");
				if (read(fd, buf[i], sizeof(buf[i]) - 1) < 0)
					die("read");
				close(fd);
			}
		}
	}
	else {
		struct io_uring_params p;
		struct io_uring_rsrc_register rr;
		struct io_uring_sqe *sqes, *s;
		struct io_uring_cqe *cqes;
		unsigned char *sq, *cq;
		unsigned *sqtail, *sqmask, *sqarr, *cqhead, *cqtail, *cqmask, t, h;
		int rfd, n, got;

		memset(&p, 0, sizeof(p));
		if ((rfd = (int) syscall(__NR_io_uring_setup, 4 * NF, &p)) < 0)
			die("io_uring_setup");
		sq = mmap(NULL, p.sq_off.array + p.sq_entries * 4, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_POPULATE, rfd, IORING_OFF_SQ_RING);
		cq = mmap(NULL, p.cq_off.cqes + p.cq_entries * sizeof(struct io_uring_cqe),
			  PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, rfd, IORING_OFF_CQ_RING);
		sqes = mmap(NULL, p.sq_entries * sizeof(struct io_uring_sqe), PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_POPULATE, rfd, IORING_OFF_SQES);
		if ((sq == MAP_FAILED) || (cq == MAP_FAILED) || (sqes == MAP_FAILED))
			die("mmap");
		sqtail = (unsigned *) (sq + p.sq_off.tail);
		sqmask = (unsigned *) (sq + p.sq_off.ring_mask);
		sqarr = (unsigned *) (sq + p.sq_off.array);
		cqhead = (unsigned *) (cq + p.cq_off.head);
		cqtail = (unsigned *) (cq + p.cq_off.tail);
		cqmask = (unsigned *) (cq + p.cq_off.ring_mask);
		cqes = (struct io_uring_cqe *) (cq + p.cq_off.cqes);

		memset(&rr, 0, sizeof(rr));
		rr.nr = NF;
		rr.flags = IORING_RSRC_REGISTER_SPARSE;
		if (syscall(__NR_io_uring_register, rfd, IORING_REGISTER_FILES2, &rr, sizeof(rr)) < 0)
			die("io_uring_register");

		for (it = 0; it < rounds; it++) {
			t = *sqtail;
			for (i = 0; i < NF; i++) {
				/* openat into direct descriptor slot i -> read -> close */
				s = &sqes[t & *sqmask];
				memset(s, 0, sizeof(*s));
				s->opcode = IORING_OP_OPENAT;
				s->fd = dfd;
				s->addr = (unsigned long) names[i % NNAMES];
				s->open_flags = O_RDONLY;
				s->file_index = i + 1;
				s->flags = IOSQE_IO_LINK;
				sqarr[t & *sqmask] = t & *sqmask;
				t++;
				s = &sqes[t & *sqmask];
				memset(s, 0, sizeof(*s));
				s->opcode = IORING_OP_READ;
				s->fd = i;
				s->addr = (unsigned long) buf[i];
				s->len = sizeof(buf[i]) - 1;
				/* a short read would break a soft link: hard link to the close */
				s->flags = IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
				sqarr[t & *sqmask] = t & *sqmask;
				t++;
				s = &sqes[t & *sqmask];
				memset(s, 0, sizeof(*s));
				s->opcode = IORING_OP_CLOSE;
				s->file_index = i + 1;
				sqarr[t & *sqmask] = t & *sqmask;
				t++;
			}
			n = 3 * NF;
			__atomic_store_n(sqtail, t, __ATOMIC_RELEASE);
			if (syscall(__NR_io_uring_enter, rfd, n, n, IORING_ENTER_GETEVENTS, NULL, 0) < 0)
				die("io_uring_enter");
			h = *cqhead;
			for (got = 0; got < n; got++) {
				while (h == __atomic_load_n(cqtail, __ATOMIC_ACQUIRE)) {
					if (syscall(__NR_io_uring_enter, rfd, 0, 1, IORING_ENTER_GETEVENTS,
						    NULL, 0) < 0)
						die("io_uring_enter");
				}
				if (cqes[h & *cqmask].res < 0) {
					fprintf(stderr, "uring-debugfs: an operation failed: %s\n",
						strerror(-cqes[h & *cqmask].res));
					return 1;
				}
				h++;
			}
			__atomic_store_n(cqhead, h, __ATOMIC_RELEASE);
		}
	}
	printf("mode %d (%s): %.2f us of CPU per file (%d files)\n", mode,
	       mode ? "io_uring" : "openat+read+close", (cpu() - c0) / rounds / NF * 1e6, rounds * NF);
	return 0;
}
