/*
 * kvm-vmm.c: a very small VMM used by the live sar -K test.
 *
 * It creates one VM with 64 KiB of RAM and --vcpus vCPUs, and keeps one
 * binary statistics fd per vCPU open for its whole life, the way QEMU >= 8.1
 * does (the VM-scope stats fd is opened and closed at once, like QEMU, unless
 * --keep-vm-stats is given). Only vCPU 0 runs guest code.
 *
 * Guest (real mode, loaded at 0x1000):
 *	mov ax, 0x2000 ; mov ds, ax		; DS base = 0x20000 (no memory there)
 *   l:	mov [0], al				; MMIO write -> KVM_EXIT_MMIO
 *	loop l					; CX times
 *	hlt					; no in-kernel irqchip -> KVM_EXIT_HLT
 * so "run N" gives exactly N MMIO exits and 1 halt exit.
 * "spin N" runs, at 0x1100, "l: addr32 loop l ; hlt" with ECX = N: guest
 * code without any exit to the VMM (the vCPU thread accrues guest time),
 * then 1 halt exit.
 *
 * Commands on stdin, answers on stdout (one line each):
 *	run N	-> "done N <mmio exits seen> <hlt exits seen>"
 *	spin N	-> "done N <mmio exits seen> <hlt exits seen>" (N < 2^32)
 *	quit	-> exit 0
 * At start it prints "ready <pid> <vm fd>".
 * Options: -name <qemu-style name> (ignored, read back by sadc from
 * /proc/PID/cmdline), --vcpus K (1..64), --keep-vm-stats.
 * Exit status: 0 OK, 1 usage error, 2 KVM error, 77 /dev/kvm unusable.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef KVM_GET_STATS_FD
#define KVM_GET_STATS_FD _IO(KVMIO, 0xce)
#endif

#define MEM_SIZE	0x10000
#define CODE_ADDR	0x1000
#define MAX_VCPUS	64

static const unsigned char guest_code[] = {
	0xb8, 0x00, 0x20,	/* mov ax, 0x2000 */
	0x8e, 0xd8,		/* mov ds, ax */
	0xa2, 0x00, 0x00,	/* l: mov [0x0000], al */
	0xe2, 0xfb,		/* loop l */
	0xf4			/* hlt */
};

#define SPIN_ADDR	0x1100
static const unsigned char spin_code[] = {
	0x67, 0xe2, 0xfd,	/* l: addr32 loop l (ECX) */
	0xf4			/* hlt */
};

static void die(int status, const char *what)
{
	fprintf(stderr, "kvm-vmm: %s: %s\n", what, strerror(errno));
	exit(status);
}

static void usage(void)
{
	fprintf(stderr, "usage: kvm-vmm [-name NAME] [--vcpus K] [--keep-vm-stats]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	int kvm, vm, vcpu[MAX_VCPUS], sfd[MAX_VCPUS], vmsfd = -1;
	int nvcpu = 1, keep_vm_stats = 0, i, mmap_size;
	struct kvm_run *run;
	struct kvm_userspace_memory_region region;
	unsigned char *mem;
	char line[128];

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-name") && (i + 1 < argc)) {
			i++;
		}
		else if (!strcmp(argv[i], "--vcpus") && (i + 1 < argc)) {
			char *end;

			nvcpu = (int) strtol(argv[++i], &end, 10);
			if (*end || (nvcpu < 1) || (nvcpu > MAX_VCPUS))
				usage();
		}
		else if (!strcmp(argv[i], "--keep-vm-stats")) {
			keep_vm_stats = 1;
		}
		else
			usage();
	}

	if ((kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC)) < 0)
		die(77, "open /dev/kvm");
	if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		die(77, "KVM API version");
	if ((vm = ioctl(kvm, KVM_CREATE_VM, 0)) < 0)
		die(77, "KVM_CREATE_VM");

	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		die(2, "mmap");
	memcpy(mem + CODE_ADDR, guest_code, sizeof(guest_code));
	memcpy(mem + SPIN_ADDR, spin_code, sizeof(spin_code));
	memset(&region, 0, sizeof(region));
	region.slot = 0;
	region.guest_phys_addr = 0;
	region.memory_size = MEM_SIZE;
	region.userspace_addr = (unsigned long) mem;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		die(2, "KVM_SET_USER_MEMORY_REGION");

	/* VM-scope stats fd: QEMU opens it per query and closes it */
	if ((vmsfd = ioctl(vm, KVM_GET_STATS_FD, 0)) < 0)
		die(77, "KVM_GET_STATS_FD (VM)");
	if (!keep_vm_stats) {
		close(vmsfd);
		vmsfd = -1;
	}

	for (i = 0; i < nvcpu; i++) {
		if ((vcpu[i] = ioctl(vm, KVM_CREATE_VCPU, i)) < 0)
			die(2, "KVM_CREATE_VCPU");
		/* Kept open, as QEMU >= 8.1 does */
		if ((sfd[i] = ioctl(vcpu[i], KVM_GET_STATS_FD, 0)) < 0)
			die(77, "KVM_GET_STATS_FD (vCPU)");
	}
	if ((mmap_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0)) < 0)
		die(2, "KVM_GET_VCPU_MMAP_SIZE");
	run = mmap(NULL, (size_t) mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu[0], 0);
	if (run == MAP_FAILED)
		die(2, "mmap kvm_run");

	printf("ready %d %d\n", (int) getpid(), vm);
	fflush(stdout);

	while (fgets(line, sizeof(line), stdin)) {
		struct kvm_sregs sregs;
		struct kvm_regs regs;
		unsigned long n;
		unsigned long mmio = 0, hlt = 0;
		char *end;
		int spin;

		if (!strcmp(line, "quit\n"))
			break;
		if (!strncmp(line, "spin ", 5)) {
			spin = 1;
		}
		else if (!strncmp(line, "run ", 4)) {
			spin = 0;
		}
		else {
			fprintf(stderr, "kvm-vmm: unknown command: %s", line);
			return 1;
		}
		n = strtoul(line + 4 + spin, &end, 10);
		if ((*end != '\n') || (n < 1) || (n > (spin ? 0xffffffffUL : 65535))) {
			fprintf(stderr, "kvm-vmm: run count must be 1..65535, spin count 1..2^32-1\n");
			return 1;
		}

		if (ioctl(vcpu[0], KVM_GET_SREGS, &sregs) < 0)
			die(2, "KVM_GET_SREGS");
		sregs.cs.base = 0;
		sregs.cs.selector = 0;
		if (ioctl(vcpu[0], KVM_SET_SREGS, &sregs) < 0)
			die(2, "KVM_SET_SREGS");
		memset(&regs, 0, sizeof(regs));
		regs.rip = spin ? SPIN_ADDR : CODE_ADDR;
		regs.rcx = n;
		regs.rflags = 0x2;
		if (ioctl(vcpu[0], KVM_SET_REGS, &regs) < 0)
			die(2, "KVM_SET_REGS");

		for (;;) {
			if (ioctl(vcpu[0], KVM_RUN, 0) < 0) {
				if (errno == EINTR)
					continue;
				die(2, "KVM_RUN");
			}
			if (run->exit_reason == KVM_EXIT_MMIO) {
				mmio++;
				continue;
			}
			if (run->exit_reason == KVM_EXIT_HLT) {
				hlt++;
				break;
			}
			fprintf(stderr, "kvm-vmm: unexpected exit reason %u\n", run->exit_reason);
			return 2;
		}
		printf("done %lu %lu %lu\n", n, mmio, hlt);
		fflush(stdout);
	}
	return 0;
}
