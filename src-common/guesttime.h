/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * guesttime.h - parse /proc/stat and /proc/PID/stat CPU times and split
 * KVM guest time out of user/nice time.
 *
 * Pure C99: no I/O, no allocation, no globals.
 */
#ifndef GUESTTIME_H
#define GUESTTIME_H

enum gt_field { GT_USER, GT_NICE, GT_SYSTEM, GT_IDLE, GT_IOWAIT, GT_IRQ, GT_SOFTIRQ,
                GT_STEAL, GT_GUEST, GT_GUEST_NICE, GT_NFIELDS };

struct gt_cpu {                  /* one /proc/stat "cpu" / "cpuN" line, or a delta of two */
    int cpu;                     /* -1 for the "cpu" total line, N for "cpuN" */
    int ncols;                   /* numeric columns present on the line (4, 7, 8, 9, 10) */
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

struct gt_task {                 /* one /proc/PID/stat or /proc/PID/task/TID/stat line */
    int pid;
    char comm[64];               /* text between the first '(' and the LAST ')', truncated */
    char state;
    unsigned long long utime, stime, cutime, cstime;   /* fields 14..17 */
    unsigned long long guest_time, cguest_time;         /* fields 43, 44 (0 when absent) */
    int has_guest;               /* 1 when fields 43 and 44 were present */
};

/*
 * Parse one /proc/stat line "cpu ..." (cpu = -1) or "cpuN ..." (cpu = N).
 * Accepts 4 to 10 unsigned decimal columns separated by spaces/tabs; columns
 * after the 10th are ignored without being examined.  The line ends at '\n'
 * or NUL.  Absent columns are stored as 0 and ncols is the number of columns
 * read (at most 10).
 * Returns 0 on success, -1 if the line is not a cpu line or is malformed
 * (fewer than 4 columns, sign, junk, value above ULLONG_MAX); *out is left
 * unchanged on failure.
 */
int  gt_parse_cpu_line(const char *line, struct gt_cpu *out);

/*
 * out = cur - prev, per field: cur >= prev ? cur - prev : 0 (a counter that
 * went backwards, e.g. after CPU hotplug, gives 0).  All 10 fields are
 * subtracted.  out->cpu = cur->cpu; out->ncols = min(prev->ncols, cur->ncols).
 * out may alias prev or cur.
 */
void gt_delta(const struct gt_cpu *prev, const struct gt_cpu *cur, struct gt_cpu *out);

/*
 * Split ticks into non-overlapping parts: guest = min(guest, user),
 * user = user - guest; guest_nice = min(guest_nice, nice),
 * nice = nice - guest_nice; the other parts are copied.  total is the sum
 * of the 8 base fields (== sum of the 10 parts) and never exceeds LLONG_MAX:
 * when the fields add up to more, every field is first halved (as often as
 * needed), which keeps each part's share of the total.
 */
void gt_split(const struct gt_cpu *ticks, struct gt_split *out);

/*
 * Parse one /proc/PID/stat line: "PID (COMM) S f4 f5 ...".  COMM is the text
 * between the first '(' and the last ')' in buf (it may contain spaces,
 * parentheses and newlines) and is truncated to 63 characters.  Fields 14-17
 * are required; fields 43 and 44 are read when both are present
 * (has_guest = 1), otherwise has_guest = 0 and the guest times are 0.
 * Fields after 44 are ignored.  Fields not stored may carry a '-' sign.
 * Returns 0 on success, -1 if malformed or fewer than 17 fields; *out is
 * left unchanged on failure.
 */
int  gt_parse_task_stat(const char *buf, struct gt_task *out);

/*
 * CPU and guest ticks of a task between two samples:
 * *cpu = d(utime + stime), 0 if backwards (the sums are taken exactly, even
 * above 2^64 - 1; a delta that does not fit is 2^64 - 1);
 * *guest = d(guest_time) (0 if backwards), clamped to d(utime) (0 if
 * backwards) and to *cpu, so *guest <= *cpu always.
 */
void gt_task_delta(const struct gt_task *prev, const struct gt_task *cur,
                   unsigned long long *cpu, unsigned long long *guest);

#endif /* GUESTTIME_H */
