/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * guesttime.h - split KVM guest time out of user/nice time (top, vmstat),
 * and parse the CPU and guest times of /proc/PID/stat (sadc).
 *
 * Pure C99: no I/O, no allocation, no globals.
 */
#ifndef GUESTTIME_H
#define GUESTTIME_H

enum gt_field { GT_USER, GT_NICE, GT_SYSTEM, GT_IDLE, GT_IOWAIT, GT_IRQ, GT_SOFTIRQ,
                GT_STEAL, GT_GUEST, GT_GUEST_NICE, GT_NFIELDS };

struct gt_cpu {                  /* the tics of a /proc/stat "cpu" / "cpuN" line: since boot,
                                    or one interval's (the library's deltas) */
    int cpu;                     /* -1 for the "cpu" total line, N for "cpuN" (not read by gt_split) */
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

struct gt_task {                 /* one /proc/PID/stat or /proc/PID/task/TID/stat line */
    int pid;
    char comm[64];               /* text between the first '(' and the LAST ')', truncated */
    char state;
    unsigned long long utime, stime, cutime, cstime;   /* fields 14..17 */
    unsigned long long guest_time, cguest_time;         /* fields 43, 44 (0 when absent) */
    int has_guest;               /* 1 when fields 43 and 44 were present */
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

#endif /* GUESTTIME_H */
