/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * guesttime.c - split KVM guest time out of user/nice time, and parse the
 * CPU and guest times of /proc/PID/stat.  Pure C99, no I/O.
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
