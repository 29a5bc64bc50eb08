/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * guesttime.c - parse /proc/stat and /proc/PID/stat CPU times and split
 * KVM guest time out of user/nice time.  Pure C99, no I/O.
 */
#include "guesttime.h"

#include <limits.h>
#include <string.h>

/* Column separator inside a line. */
static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* End of the line: NUL or newline. */
static int is_end(char c)
{
    return c == '\0' || c == '\n';
}

/* Decimal digit, independent of locale. */
static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Return p advanced past spaces and tabs. */
static const char *skip_blanks(const char *p)
{
    while (is_blank(*p))
        p++;
    return p;
}

/*
 * Parse an unsigned decimal token at *pp: one or more digits followed by a
 * blank or the end of the line.  On success store it in *val, advance *pp
 * past the digits and return 0.  Return -1 (nothing stored) if there is no
 * digit, junk follows the digits, or the value exceeds ULLONG_MAX.
 */
static int parse_ull(const char **pp, unsigned long long *val)
{
    const char *p = *pp;
    unsigned long long v = 0;

    if (!is_digit(*p))
        return -1;
    while (is_digit(*p)) {
        unsigned int d = (unsigned int)(*p - '0');

        if (v > (ULLONG_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
        p++;
    }
    if (!is_blank(*p) && !is_end(*p))
        return -1;
    *pp = p;
    *val = v;
    return 0;
}

/* a - b, or 0 when the counter went backwards (a < b). */
static unsigned long long sub0(unsigned long long a, unsigned long long b)
{
    return a >= b ? a - b : 0;
}

/*
 * (c1 + c2) - (p1 + p2), the sums taken exactly (65 bits): 0 when it is negative
 * (backwards), ULLONG_MAX when it does not fit.
 */
static unsigned long long sub0_sums(unsigned long long c1, unsigned long long c2,
                                    unsigned long long p1, unsigned long long p2)
{
    unsigned long long c = c1 + c2, p = p1 + p2;
    int c_carry = c < c1, p_carry = p < p1;

    if (c_carry == p_carry)
        return sub0(c, p);
    if (p_carry)                        /* p >= 2^64 > c */
        return 0;
    return c >= p ? ULLONG_MAX : c - p; /* 2^64 + c - p */
}

/* Smaller of two unsigned values. */
static unsigned long long min_ull(unsigned long long a, unsigned long long b)
{
    return a < b ? a : b;
}

int gt_parse_cpu_line(const char *line, struct gt_cpu *out)
{
    struct gt_cpu c;
    const char *p;
    int n = 0;

    if (line == NULL || out == NULL || strncmp(line, "cpu", 3) != 0)
        return -1;
    memset(&c, 0, sizeof c);
    c.cpu = -1;
    p = line + 3;
    if (is_digit(*p)) {
        unsigned long long id;

        if (parse_ull(&p, &id) != 0 || id > INT_MAX)
            return -1;
        c.cpu = (int)id;
    }
    if (!is_blank(*p))
        return -1;
    while (n < GT_NFIELDS) {
        p = skip_blanks(p);
        if (is_end(*p))
            break;
        if (parse_ull(&p, &c.t[n]) != 0)
            return -1;
        n++;
    }
    if (n < 4)
        return -1;
    c.ncols = n;
    *out = c;
    return 0;
}

void gt_delta(const struct gt_cpu *prev, const struct gt_cpu *cur, struct gt_cpu *out)
{
    struct gt_cpu d;
    int i;

    d.cpu = cur->cpu;
    d.ncols = prev->ncols < cur->ncols ? prev->ncols : cur->ncols;
    for (i = 0; i < GT_NFIELDS; i++)
        d.t[i] = sub0(cur->t[i], prev->t[i]);
    *out = d;
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

int gt_parse_task_stat(const char *buf, struct gt_task *out)
{
    struct gt_task t;
    const char *p, *close;
    unsigned long long v;
    size_t len;
    int field;

    if (buf == NULL || out == NULL)
        return -1;
    memset(&t, 0, sizeof t);
    p = buf;
    if (parse_ull(&p, &v) != 0 || v > INT_MAX)
        return -1;
    t.pid = (int)v;
    p = skip_blanks(p);
    if (*p != '(')
        return -1;
    close = strrchr(p, ')');
    if (close == NULL)
        return -1;
    len = (size_t)(close - p - 1);
    if (len > sizeof t.comm - 1)
        len = sizeof t.comm - 1;
    memcpy(t.comm, p + 1, len);
    t.comm[len] = '\0';

    p = skip_blanks(close + 1);         /* field 3: state, one character */
    if (p == close + 1 || is_end(*p) || !is_blank(p[1]))
        return -1;
    t.state = *p++;

    for (field = 4; field <= 44; field++) {
        unsigned long long *dst;

        p = skip_blanks(p);
        if (is_end(*p))
            break;
        switch (field) {
        case 14: dst = &t.utime; break;
        case 15: dst = &t.stime; break;
        case 16: dst = &t.cutime; break;
        case 17: dst = &t.cstime; break;
        case 43: dst = &t.guest_time; break;
        case 44: dst = &t.cguest_time; break;
        default:                        /* not stored: may be signed */
            dst = &v;
            if (*p == '-')
                p++;
            break;
        }
        if (parse_ull(&p, dst) != 0)
            return -1;
    }
    if (field <= 17)                    /* field = number of fields read + 1 */
        return -1;
    t.has_guest = field > 44;
    if (!t.has_guest) {
        t.guest_time = 0;
        t.cguest_time = 0;
    }
    *out = t;
    return 0;
}

void gt_task_delta(const struct gt_task *prev, const struct gt_task *cur,
                   unsigned long long *cpu, unsigned long long *guest)
{
    unsigned long long dcpu = sub0_sums(cur->utime, cur->stime, prev->utime, prev->stime);
    unsigned long long duser = sub0(cur->utime, prev->utime);
    unsigned long long dguest = sub0(cur->guest_time, prev->guest_time);

    *cpu = dcpu;
    *guest = min_ull(min_ull(dguest, duser), dcpu);
}
