/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vmstat_cpu.c - vmstat's CPU columns, computed from the guesttime split
 *
 * Part of the procps-ng KVM guest-time patch set.
 * This file may be used subject to the terms and conditions of the
 * GNU Library General Public License Version 2.1, or any later version.
 */
#include "vmstat_cpu.h"

#include <limits.h>

/* 100 * part / total, rounded half up */
static unsigned pct(unsigned long long part, unsigned long long total)
{
    /* 100 * part + total / 2 must not wrap: scale both down, which keeps the ratio */
    while (part > (ULLONG_MAX - total / 2) / 100) {
        part >>= 1;
        total >>= 1;
    }
    if (total == 0)
        return 0;
    return (unsigned)((100 * part + total / 2) / total);
}

void vmstat_cpu_columns(const struct gt_split *s, struct vmstat_cpu *c)
{
    unsigned long long total = s->total;
    unsigned long long idle = s->idle;

    if (total == 0) {
        total = 1;
        idle = 1;
    }
    c->us = pct(s->user + s->nice, total);
    c->sy = pct(s->system + s->irq + s->softirq, total);
    c->id = pct(idle, total);
    c->wa = pct(s->iowait, total);
    c->st = pct(s->steal, total);
    c->gu = pct(s->guest + s->guest_nice, total);
}
