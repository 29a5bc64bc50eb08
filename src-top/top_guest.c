/* SPDX-License-Identifier: LGPL-2.0-or-later */
/*
 * top_guest.c - guest (KVM) time for top; see top_guest.h.
 * (Licence: that of top.c, the GNU Library General Public License v2 or later.)
 */
#include "top_guest.h"

/* ------------------------------------------------------------------ */
/* %Cpu states                                                         */

void tg_states_calc(const long long tics[GT_NFIELDS], struct tg_states *out)
{
    struct gt_cpu d;
    struct gt_split s;
    double scale;
    int i;

    d.cpu = -1;
    d.ncols = GT_NFIELDS;
    for (i = 0; i < GT_NFIELDS; i++)
        d.t[i] = tics[i] > 0 ? (unsigned long long)tics[i] : 0;
    /* us = user - guest, ni = nice - guest_nice, total = 8 base fields */
    gt_split(&d, &s);

    if (s.total < 1) {
        /* no tics at all: show an idle cpu, as top always did */
        s.idle = s.total = 1;
    }
    scale = 100.0 / (double)s.total;
    out->pct[TG_US] = (double)s.user * scale;
    out->pct[TG_SY] = (double)s.system * scale;
    out->pct[TG_NI] = (double)s.nice * scale;
    out->pct[TG_ID] = (double)s.idle * scale;
    out->pct[TG_WA] = (double)s.iowait * scale;
    out->pct[TG_HI] = (double)s.irq * scale;
    out->pct[TG_SI] = (double)s.softirq * scale;
    out->pct[TG_ST] = (double)s.steal * scale;
    out->pct[TG_GU] = (double)s.guest * scale;
    out->pct[TG_GN] = (double)s.guest_nice * scale;

    out->total = (long)s.total;
    out->user = (long)(s.user + s.nice);
    out->system = (long)(s.system + s.irq + s.softirq);
    out->guest = (long)(s.guest + s.guest_nice);
}

int tg_states_oneline(int cols, int per_row, int sep)
{
    if (per_row < 1)
        per_row = 1;
    /* the last line's trailing blank (1 column) may be cut */
    return cols >= per_row * TG_LINE_COLS + (per_row - 1) * sep - 1;
}
