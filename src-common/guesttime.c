/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * guesttime.c - split KVM guest time out of user/nice time.  Pure C99,
 * no I/O.
 */
#include "guesttime.h"

#include <limits.h>

/* Smaller of two unsigned values. */
static unsigned long long min_ull(unsigned long long a, unsigned long long b)
{
    return a < b ? a : b;
}

void gt_split(const struct gt_cpu *ticks, struct gt_split *out)
{
    unsigned long long t[GT_NFIELDS];
    struct gt_split s;
    int i, shift = 0;

    /*
     * The 8 base fields may add up to more than LLONG_MAX (counters near 2^64 in a
     * broken or crafted /proc/stat): halve every field until they do not, so that
     * the total neither wraps nor turns negative in a signed caller, and every
     * part keeps its share of it.
     */
    for (;;) {
        unsigned long long sum = 0;
        int fits = 1;

        for (i = 0; i < GT_NFIELDS; i++)
            t[i] = ticks->t[i] >> shift;
        for (i = 0; i < GT_GUEST && fits; i++) {
            if (t[i] > (unsigned long long)LLONG_MAX - sum)
                fits = 0;
            else
                sum += t[i];
        }
        if (fits)
            break;
        shift++;
    }

    s.guest = min_ull(t[GT_GUEST], t[GT_USER]);
    s.user = t[GT_USER] - s.guest;
    s.guest_nice = min_ull(t[GT_GUEST_NICE], t[GT_NICE]);
    s.nice = t[GT_NICE] - s.guest_nice;
    s.system = t[GT_SYSTEM];
    s.idle = t[GT_IDLE];
    s.iowait = t[GT_IOWAIT];
    s.irq = t[GT_IRQ];
    s.softirq = t[GT_SOFTIRQ];
    s.steal = t[GT_STEAL];
    s.total = t[GT_USER] + t[GT_NICE] + t[GT_SYSTEM] + t[GT_IDLE]
            + t[GT_IOWAIT] + t[GT_IRQ] + t[GT_SOFTIRQ] + t[GT_STEAL];
    *out = s;
}
