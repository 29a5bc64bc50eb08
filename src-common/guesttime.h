/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * guesttime.h - split KVM guest time out of user/nice time (top, vmstat).
 *
 * Pure C99: no I/O, no allocation, no globals.
 */
#ifndef GUESTTIME_H
#define GUESTTIME_H

enum gt_field { GT_USER, GT_NICE, GT_SYSTEM, GT_IDLE, GT_IOWAIT, GT_IRQ, GT_SOFTIRQ,
                GT_STEAL, GT_GUEST, GT_GUEST_NICE, GT_NFIELDS };

struct gt_cpu {                  /* the tics of a /proc/stat "cpu" / "cpuN" line: since boot,
                                    or one interval's (the library's deltas) */
    int cpu;                     /* -1 for the "cpu" line, N for "cpuN" (not read by gt_split) */
    int ncols;                   /* columns the line had (not read by gt_split) */
    unsigned long long t[GT_NFIELDS];   /* columns absent on the line are 0 */
};

struct gt_split {                /* non-overlapping parts; total == sum of the 10 parts */
    unsigned long long user;     /* user - guest (guest clamped to user) */
    unsigned long long nice;     /* nice - guest_nice (guest_nice clamped to nice) */
    unsigned long long system, idle, iowait, irq, softirq, steal;
    unsigned long long guest, guest_nice;
    unsigned long long total;    /* == user+nice+system+idle+iowait+irq+softirq+steal
                                    of the input */
};

/*
 * Split ticks into non-overlapping parts: guest = min(guest, user),
 * user = user - guest; guest_nice = min(guest_nice, nice),
 * nice = nice - guest_nice; the other parts are copied.  total is the sum
 * of the 8 base fields (== sum of the 10 parts) and never exceeds LLONG_MAX:
 * when the fields add up to more, every field is first halved (as often as
 * needed), which keeps each part's share of the total.
 */
void gt_split(const struct gt_cpu *ticks, struct gt_split *out);

#endif /* GUESTTIME_H */
