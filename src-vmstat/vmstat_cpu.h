/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vmstat_cpu.h - vmstat's CPU columns, computed from the guesttime split
 *
 * Part of the procps-ng KVM guest-time patch set.
 * This file may be used subject to the terms and conditions of the
 * GNU Library General Public License Version 2.1, or any later version.
 */
#ifndef PROCPS_VMSTAT_CPU_H
#define PROCPS_VMSTAT_CPU_H

#include "guesttime.h"

/* The six CPU columns of vmstat, in percent of the interval. */
struct vmstat_cpu {
    unsigned us;    /* user + nice, without guest and guest_nice */
    unsigned sy;    /* system + irq + softirq */
    unsigned id;    /* idle */
    unsigned wa;    /* iowait */
    unsigned st;    /* steal */
    unsigned gu;    /* guest + guest_nice */
};

/*
 * Fill the columns from the parts of an interval (or of the time since boot).
 * Each column is rounded half up on its own, as vmstat always did, over the
 * total of the eight base fields (guest is never counted twice). An empty
 * interval shows as 100% idle. Where 100 * total would not fit in 64 bits
 * (only a broken /proc/stat gives such tick counts), part and total are
 * scaled down first: each column is then within 1 of the exact one.
 */
void vmstat_cpu_columns(const struct gt_split *s, struct vmstat_cpu *c);

#endif
