/*
 * top_guest.c - guest (KVM) time for top; see top_guest.h.
 */
#include "top_guest.h"

#include <stdio.h>
#include <stdlib.h>

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

int tg_states_roomy(int cols, int per_row, int sep)
{
    if (per_row < 1)
        per_row = 1;
    /* the last line's trailing blank (1 column) may be cut */
    return cols >= per_row * TG_ROOMY_COLS + (per_row - 1) * sep - 1;
}

void tg_states_nums(const struct tg_states *s, int roomy,
                    char nums[TG_NSTATES][TG_NUMSIZ])
{
    int i;

    for (i = 0; i < TG_NSTATES; i++) {
        if (!roomy && s->pct[i] >= 99.95)
            snprintf(nums[i], TG_NUMSIZ, "%5s", "100");
        else
            snprintf(nums[i], TG_NUMSIZ, "%#5.1f", s->pct[i]);
    }
}

/* ------------------------------------------------------------------ */
/* per-task guest share (%GU)                                          */

struct tg_task {
    int tid;
    unsigned long long utime, stime, gtime;
};

static struct tg_task *tg_prev, *tg_cur;  /* prev is sorted by tid */
static int tg_nprev, tg_ncur, tg_acur, tg_aprev;
static int tg_have_prev;                  /* prev is a real sample */
static int tg_in_sample;                  /* begin seen, end not yet */
static int tg_oom;                        /* this sample lost tasks */

static int tg_cmp(const void *a, const void *b)
{
    int x = ((const struct tg_task *)a)->tid;
    int y = ((const struct tg_task *)b)->tid;

    return (x > y) - (x < y);
}

void tg_tasks_begin(int n)
{
    tg_in_sample = 1;
    tg_ncur = 0;
    tg_oom = 0;
    if (n > tg_acur) {
        struct tg_task *p = realloc(tg_cur, (size_t)n * sizeof(*p));

        if (p) {
            tg_cur = p;
            tg_acur = n;
        }
    }
}

unsigned long long tg_tasks_guest(int tid, unsigned long long utime,
                                  unsigned long long stime,
                                  unsigned long long gtime,
                                  unsigned long long cpu)
{
    struct gt_task prev = { 0 }, cur = { 0 };
    struct tg_task key, *hit = NULL;
    unsigned long long dcpu, dguest;

    if (!tg_in_sample)
        return 0;
    if (tg_ncur >= tg_acur) {
        int n = tg_acur ? 2 * tg_acur : 256;
        struct tg_task *p = realloc(tg_cur, (size_t)n * sizeof(*p));

        if (!p) {
            tg_oom = 1;
            return 0;
        }
        tg_cur = p;
        tg_acur = n;
    }
    key.tid = tid;
    key.utime = utime;
    key.stime = stime;
    key.gtime = gtime;
    tg_cur[tg_ncur++] = key;

    if (!tg_have_prev)
        return 0;
    if (tg_nprev)
        hit = bsearch(&key, tg_prev, (size_t)tg_nprev, sizeof(*tg_prev), tg_cmp);
    if (hit) {
        prev.utime = hit->utime;
        prev.stime = hit->stime;
        prev.guest_time = hit->gtime;
    }
    cur.utime = utime;
    cur.stime = stime;
    cur.guest_time = gtime;
    /* guest = d(guest_time), clamped to d(utime) and to d(utime+stime) */
    gt_task_delta(&prev, &cur, &dcpu, &dguest);
    /* and never more than what the library reports for %CPU */
    return dguest < cpu ? dguest : cpu;
}

void tg_tasks_end(void)
{
    struct tg_task *t;
    int a;

    if (!tg_in_sample || tg_oom) {
        /* no sample this frame (or an incomplete one): nothing to
           subtract from next time */
        tg_have_prev = 0;
        tg_nprev = 0;
        tg_in_sample = 0;
        return;
    }
    if (tg_ncur > 1)
        qsort(tg_cur, (size_t)tg_ncur, sizeof(*tg_cur), tg_cmp);
    t = tg_prev;
    tg_prev = tg_cur;
    tg_cur = t;
    a = tg_aprev;
    tg_aprev = tg_acur;
    tg_acur = a;
    tg_nprev = tg_ncur;
    tg_ncur = 0;
    tg_have_prev = 1;
    tg_in_sample = 0;
}
