/*
 * rd_kvm.h: KVM activity (sar -K) - collection by sadc.
 * (C) 2026 by Seed 1c3e161a maintainers (maintainers <at> users.noreply.r-seed-1c3e161a.example)
 */

#ifndef _RD_KVM_H
#define _RD_KVM_H

#include "kvm_calc.h"

/* Paths (PRE is "" normally, the test root with -DTEST) */
#define KVM_DEBUGFS	PRE "/sys/kernel/debug/kvm"
#define KVM_SYS_MODULE	PRE "/sys/module/kvm"
#define KVM_PROC	PRE "/proc"
/* Test mode only: contents of the fd <fd> of process <pid> */
#define KVM_TEST_FD	PRE "/.fd/%u/%u"

/*
 * Number of items to allocate: 0 if KVM is absent from the host, else
 * 1 (the system-wide item) + the number of VMs found in debugfs.
 */
int get_kvm_nr(void);

/*
 * Read KVM statistics into @st (@nr_alloc items).
 * @hz:		clock ticks per second (for /proc/PID/stat times).
 * @full:	read every counter of every VM from debugfs (sadc -S XKVM);
 *		else only those of KC_CORE_MASK, the others once for the
 *		whole host from the top-level files (sadc -S KVM).
 * Returns the number of items read (>= 1), or -1 if @nr_alloc is too small.
 */
int read_kvm(struct stats_kvm *st, int nr_alloc, unsigned long hz, int full);

#endif /* _RD_KVM_H */
