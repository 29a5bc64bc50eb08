/*
 * Unit tests for src-common/guesttime.{c,h} (Check framework).
 *
 * Every expected value is worked out by hand from the input text; the
 * derivation is in the comment next to the assertion.
 */
#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "guesttime.h"

/* Fill *c with a sentinel so we can see whether a failed parse wrote to it. */
static void poison(struct gt_cpu *c)
{
    int i;

    c->cpu = 777;
    c->ncols = 777;
    for (i = 0; i < GT_NFIELDS; i++)
        c->t[i] = 777;
}

/* Parse must fail and must leave *out untouched. */
static void expect_cpu_reject(const char *line)
{
    struct gt_cpu c;

    poison(&c);
    ck_assert_msg(gt_parse_cpu_line(line, &c) == -1, "accepted: \"%s\"", line);
    ck_assert_int_eq(c.cpu, 777);               /* sentinel from poison() */
    ck_assert_int_eq(c.ncols, 777);             /* sentinel from poison() */
    ck_assert_uint_eq(c.t[GT_USER], 777);       /* sentinel from poison() */
}

/* ---------------------------------------------------------------- cpu lines */

START_TEST(cpu_width_4)
{
    struct gt_cpu c;

    /* Linux 2.4: user nice system idle */
    ck_assert_int_eq(gt_parse_cpu_line("cpu  10132153 290696 3084719 46828483\n", &c), 0);
    ck_assert_int_eq(c.cpu, -1);                        /* "cpu" without a number */
    ck_assert_int_eq(c.ncols, 4);                       /* 4 numbers on the line */
    ck_assert_uint_eq(c.t[GT_USER], 10132153);          /* column 1 */
    ck_assert_uint_eq(c.t[GT_NICE], 290696);            /* column 2 */
    ck_assert_uint_eq(c.t[GT_SYSTEM], 3084719);         /* column 3 */
    ck_assert_uint_eq(c.t[GT_IDLE], 46828483);          /* column 4 */
    ck_assert_uint_eq(c.t[GT_IOWAIT], 0);               /* absent -> 0 */
    ck_assert_uint_eq(c.t[GT_IRQ], 0);                  /* absent -> 0 */
    ck_assert_uint_eq(c.t[GT_SOFTIRQ], 0);              /* absent -> 0 */
    ck_assert_uint_eq(c.t[GT_STEAL], 0);                /* absent -> 0 */
    ck_assert_uint_eq(c.t[GT_GUEST], 0);                /* absent -> 0 */
    ck_assert_uint_eq(c.t[GT_GUEST_NICE], 0);           /* absent -> 0 */
}
END_TEST

START_TEST(cpu_width_7)
{
    struct gt_cpu c;

    /* 2.6.0: + iowait irq softirq */
    ck_assert_int_eq(gt_parse_cpu_line("cpu0 1393280 32966 572056 13343292 6130 0 17875\n", &c), 0);
    ck_assert_int_eq(c.cpu, 0);                         /* "cpu0" */
    ck_assert_int_eq(c.ncols, 7);                       /* 7 numbers */
    ck_assert_uint_eq(c.t[GT_USER], 1393280);           /* column 1 */
    ck_assert_uint_eq(c.t[GT_NICE], 32966);             /* column 2 */
    ck_assert_uint_eq(c.t[GT_SYSTEM], 572056);          /* column 3 */
    ck_assert_uint_eq(c.t[GT_IDLE], 13343292);          /* column 4 */
    ck_assert_uint_eq(c.t[GT_IOWAIT], 6130);            /* column 5 */
    ck_assert_uint_eq(c.t[GT_IRQ], 0);                  /* column 6 */
    ck_assert_uint_eq(c.t[GT_SOFTIRQ], 17875);          /* column 7 */
    ck_assert_uint_eq(c.t[GT_STEAL], 0);                /* absent -> 0 */
    ck_assert_uint_eq(c.t[GT_GUEST], 0);                /* absent -> 0 */
    ck_assert_uint_eq(c.t[GT_GUEST_NICE], 0);           /* absent -> 0 */
}
END_TEST

START_TEST(cpu_width_8)
{
    struct gt_cpu c;

    /* 2.6.11: + steal */
    ck_assert_int_eq(gt_parse_cpu_line("cpu  79242 0 74306 842486413 756859 6140 67701 913\n", &c), 0);
    ck_assert_int_eq(c.cpu, -1);                        /* "cpu" */
    ck_assert_int_eq(c.ncols, 8);                       /* 8 numbers */
    ck_assert_uint_eq(c.t[GT_USER], 79242);             /* column 1 */
    ck_assert_uint_eq(c.t[GT_NICE], 0);                 /* column 2 */
    ck_assert_uint_eq(c.t[GT_SYSTEM], 74306);           /* column 3 */
    ck_assert_uint_eq(c.t[GT_IDLE], 842486413);         /* column 4 */
    ck_assert_uint_eq(c.t[GT_IOWAIT], 756859);          /* column 5 */
    ck_assert_uint_eq(c.t[GT_IRQ], 6140);               /* column 6 */
    ck_assert_uint_eq(c.t[GT_SOFTIRQ], 67701);          /* column 7 */
    ck_assert_uint_eq(c.t[GT_STEAL], 913);              /* column 8 */
    ck_assert_uint_eq(c.t[GT_GUEST], 0);                /* absent -> 0 */
    ck_assert_uint_eq(c.t[GT_GUEST_NICE], 0);           /* absent -> 0 */
}
END_TEST

START_TEST(cpu_width_9)
{
    struct gt_cpu c;

    /* 2.6.24: + guest */
    ck_assert_int_eq(gt_parse_cpu_line("cpu1 52466 120 21098 981234 3201 0 455 0 40125\n", &c), 0);
    ck_assert_int_eq(c.cpu, 1);                         /* "cpu1" */
    ck_assert_int_eq(c.ncols, 9);                       /* 9 numbers */
    ck_assert_uint_eq(c.t[GT_USER], 52466);             /* column 1 */
    ck_assert_uint_eq(c.t[GT_NICE], 120);               /* column 2 */
    ck_assert_uint_eq(c.t[GT_SYSTEM], 21098);           /* column 3 */
    ck_assert_uint_eq(c.t[GT_IDLE], 981234);            /* column 4 */
    ck_assert_uint_eq(c.t[GT_IOWAIT], 3201);            /* column 5 */
    ck_assert_uint_eq(c.t[GT_IRQ], 0);                  /* column 6 */
    ck_assert_uint_eq(c.t[GT_SOFTIRQ], 455);            /* column 7 */
    ck_assert_uint_eq(c.t[GT_STEAL], 0);                /* column 8 */
    ck_assert_uint_eq(c.t[GT_GUEST], 40125);            /* column 9 */
    ck_assert_uint_eq(c.t[GT_GUEST_NICE], 0);           /* absent -> 0 */
}
END_TEST

START_TEST(cpu_width_10)
{
    struct gt_cpu c;

    /* 2.6.33: + guest_nice */
    ck_assert_int_eq(gt_parse_cpu_line("cpu  4705 356 584 3699 23 23 0 0 3900 215\n", &c), 0);
    ck_assert_int_eq(c.cpu, -1);                        /* "cpu" */
    ck_assert_int_eq(c.ncols, 10);                      /* 10 numbers */
    ck_assert_uint_eq(c.t[GT_USER], 4705);              /* column 1 */
    ck_assert_uint_eq(c.t[GT_NICE], 356);               /* column 2 */
    ck_assert_uint_eq(c.t[GT_SYSTEM], 584);             /* column 3 */
    ck_assert_uint_eq(c.t[GT_IDLE], 3699);              /* column 4 */
    ck_assert_uint_eq(c.t[GT_IOWAIT], 23);              /* column 5 */
    ck_assert_uint_eq(c.t[GT_IRQ], 23);                 /* column 6 */
    ck_assert_uint_eq(c.t[GT_SOFTIRQ], 0);              /* column 7 */
    ck_assert_uint_eq(c.t[GT_STEAL], 0);                /* column 8 */
    ck_assert_uint_eq(c.t[GT_GUEST], 3900);             /* column 9 */
    ck_assert_uint_eq(c.t[GT_GUEST_NICE], 215);         /* column 10 */
}
END_TEST

START_TEST(cpu_width_11_and_12)
{
    struct gt_cpu c;

    /* a hypothetical future kernel with an 11th column: ignored */
    ck_assert_int_eq(gt_parse_cpu_line("cpu2 100 200 300 400 500 600 700 800 900 1000 1100\n", &c), 0);
    ck_assert_int_eq(c.cpu, 2);                         /* "cpu2" */
    ck_assert_int_eq(c.ncols, 10);                      /* 11 numbers, capped at 10 */
    ck_assert_uint_eq(c.t[GT_USER], 100);               /* column 1 */
    ck_assert_uint_eq(c.t[GT_STEAL], 800);              /* column 8 */
    ck_assert_uint_eq(c.t[GT_GUEST], 900);              /* column 9 */
    ck_assert_uint_eq(c.t[GT_GUEST_NICE], 1000);        /* column 10; 1100 dropped */

    /* two extra columns */
    ck_assert_int_eq(gt_parse_cpu_line("cpu 1 2 3 4 5 6 7 8 9 10 11 12", &c), 0);
    ck_assert_int_eq(c.ncols, 10);                      /* 12 numbers, capped at 10 */
    ck_assert_uint_eq(c.t[GT_GUEST_NICE], 10);          /* column 10; 11 and 12 dropped */
}
END_TEST

START_TEST(cpu_index_and_line_end)
{
    struct gt_cpu c;

    /* "cpu3", no trailing newline */
    ck_assert_int_eq(gt_parse_cpu_line("cpu3 11 22 33 44", &c), 0);
    ck_assert_int_eq(c.cpu, 3);                         /* "cpu3" */
    ck_assert_int_eq(c.ncols, 4);                       /* 11 22 33 44 */
    ck_assert_uint_eq(c.t[GT_IDLE], 44);                /* last column, ended by NUL */

    /* "cpu" total line, no trailing newline */
    ck_assert_int_eq(gt_parse_cpu_line("cpu 11 22 33 44", &c), 0);
    ck_assert_int_eq(c.cpu, -1);                        /* "cpu" */

    /* multi-digit index, tab separators, trailing blank before '\n' */
    ck_assert_int_eq(gt_parse_cpu_line("cpu127\t5\t6\t7\t8 \n", &c), 0);
    ck_assert_int_eq(c.cpu, 127);                       /* "cpu127" */
    ck_assert_int_eq(c.ncols, 4);                       /* 5 6 7 8 */
    ck_assert_uint_eq(c.t[GT_USER], 5);                 /* column 1 */
    ck_assert_uint_eq(c.t[GT_IDLE], 8);                 /* column 4 */

    /* the line ends at '\n': the next /proc/stat line is not read */
    ck_assert_int_eq(gt_parse_cpu_line("cpu0 1 2 3 4\ncpu1 5 6 7 8 9 10 11\n", &c), 0);
    ck_assert_int_eq(c.cpu, 0);                         /* first line only */
    ck_assert_int_eq(c.ncols, 4);                       /* 1 2 3 4 */
    ck_assert_uint_eq(c.t[GT_IOWAIT], 0);               /* "5" belongs to the next line */
}
END_TEST

START_TEST(cpu_ullong_max)
{
    struct gt_cpu c;

    ck_assert_int_eq(gt_parse_cpu_line("cpu 18446744073709551615 0 0 0\n", &c), 0);
    ck_assert_uint_eq(c.t[GT_USER], 18446744073709551615ULL);   /* 2^64 - 1, written out */
    ck_assert_uint_eq(c.t[GT_NICE], 0);                         /* column 2 */

    /* leading zeros do not count towards overflow */
    ck_assert_int_eq(gt_parse_cpu_line("cpu 0018446744073709551615 0 0 7", &c), 0);
    ck_assert_uint_eq(c.t[GT_USER], 18446744073709551615ULL);   /* 2^64 - 1 */
    ck_assert_uint_eq(c.t[GT_IDLE], 7);                         /* column 4 */
}
END_TEST

START_TEST(cpu_malformed)
{
    expect_cpu_reject("");                              /* empty */
    expect_cpu_reject("\n");                            /* empty line */
    expect_cpu_reject("cpu");                           /* no numbers */
    expect_cpu_reject("cpu\n");                         /* no numbers */
    expect_cpu_reject("cpu ");                          /* no numbers */
    expect_cpu_reject("cpu 1 2 3");                     /* 3 numbers < 4 */
    expect_cpu_reject("cpu 1 2 3\n");                   /* 3 numbers < 4 */
    expect_cpu_reject("cpu1 2 3 4");                    /* cpu1 then only 3 numbers */
    expect_cpu_reject("cpu0 1 2 3\n4\n");               /* 4th number is on the next line */
    expect_cpu_reject("cpux 1 2 3 4");                  /* non-digit suffix */
    expect_cpu_reject("cpu3x 1 2 3 4");                 /* junk after the index */
    expect_cpu_reject("cpu-1 1 2 3 4");                 /* signed index */
    expect_cpu_reject("cpu99999999999 1 2 3 4");        /* index > INT_MAX */
    expect_cpu_reject("intr 1 2 3 4");                  /* not a cpu line */
    expect_cpu_reject("CPU 1 2 3 4");                   /* case matters */
    expect_cpu_reject(" cpu 1 2 3 4");                  /* must start with "cpu" */
    expect_cpu_reject("cpu 1 -2 3 4");                  /* negative number */
    expect_cpu_reject("cpu -1 2 3 4");                  /* negative number */
    expect_cpu_reject("cpu 1 +2 3 4");                  /* explicit sign */
    expect_cpu_reject("cpu 1 2 3 4x");                  /* trailing junk in a number */
    expect_cpu_reject("cpu 1 2 3x 4");                  /* junk inside the numbers */
    expect_cpu_reject("cpu 1 2 3 4 5 6 7 8 9 10x");     /* junk fused to the 10th column */
    expect_cpu_reject("cpu 1 2 0x3 4");                 /* hex is junk */
    expect_cpu_reject("cpu 1 2 3 4 abc");               /* garbage 5th column */
    expect_cpu_reject("cpu 1 2 3.5 4");                 /* not an integer */
    expect_cpu_reject("cpu 18446744073709551616 0 0 0");    /* 2^64: one above ULLONG_MAX */
    expect_cpu_reject("cpu 0 0 0 18446744073709551620");    /* last digit pushes past 2^64-1 */
    expect_cpu_reject("cpu 0 0 0 99999999999999999999");    /* 20 nines > 2^64-1 ~ 1.8e19 */
    expect_cpu_reject(NULL);                            /* no line at all */
}
END_TEST

/* -------------------------------------------------------------- gt_delta */

START_TEST(delta_normal)
{
    struct gt_cpu prev, cur, d;

    ck_assert_int_eq(gt_parse_cpu_line("cpu2 52466 120 21098 981234 3201 7 455 12 40125 80\n", &prev), 0);
    ck_assert_int_eq(gt_parse_cpu_line("cpu2 52866 121 21118 981300 3210 7 460 12 40500 81\n", &cur), 0);
    gt_delta(&prev, &cur, &d);
    ck_assert_int_eq(d.cpu, 2);                         /* cur->cpu */
    ck_assert_int_eq(d.ncols, 10);                      /* min(10, 10) */
    ck_assert_uint_eq(d.t[GT_USER], 400);               /* 52866 - 52466 */
    ck_assert_uint_eq(d.t[GT_NICE], 1);                 /* 121 - 120 */
    ck_assert_uint_eq(d.t[GT_SYSTEM], 20);              /* 21118 - 21098 */
    ck_assert_uint_eq(d.t[GT_IDLE], 66);                /* 981300 - 981234 */
    ck_assert_uint_eq(d.t[GT_IOWAIT], 9);               /* 3210 - 3201 */
    ck_assert_uint_eq(d.t[GT_IRQ], 0);                  /* 7 - 7 */
    ck_assert_uint_eq(d.t[GT_SOFTIRQ], 5);              /* 460 - 455 */
    ck_assert_uint_eq(d.t[GT_STEAL], 0);                /* 12 - 12 */
    ck_assert_uint_eq(d.t[GT_GUEST], 375);              /* 40500 - 40125 */
    ck_assert_uint_eq(d.t[GT_GUEST_NICE], 1);           /* 81 - 80 */
}
END_TEST

START_TEST(delta_backwards_hotplug)
{
    struct gt_cpu prev, cur, d;

    /* cpu5 went offline and came back: most counters restarted near 0 */
    ck_assert_int_eq(gt_parse_cpu_line("cpu5 88001 40 30500 7000000 900 11 800 3 61000 25\n", &prev), 0);
    ck_assert_int_eq(gt_parse_cpu_line("cpu5 120 40 75 7000050 0 12 2 3 60 30\n", &cur), 0);
    gt_delta(&prev, &cur, &d);
    ck_assert_int_eq(d.cpu, 5);                         /* cur->cpu */
    ck_assert_uint_eq(d.t[GT_USER], 0);                 /* 120 < 88001: backwards -> 0 */
    ck_assert_uint_eq(d.t[GT_NICE], 0);                 /* 40 - 40 */
    ck_assert_uint_eq(d.t[GT_SYSTEM], 0);               /* 75 < 30500: backwards -> 0 */
    ck_assert_uint_eq(d.t[GT_IDLE], 50);                /* 7000050 - 7000000 */
    ck_assert_uint_eq(d.t[GT_IOWAIT], 0);               /* 0 < 900: backwards -> 0 */
    ck_assert_uint_eq(d.t[GT_IRQ], 1);                  /* 12 - 11 */
    ck_assert_uint_eq(d.t[GT_SOFTIRQ], 0);              /* 2 < 800: backwards -> 0 */
    ck_assert_uint_eq(d.t[GT_STEAL], 0);                /* 3 - 3 */
    ck_assert_uint_eq(d.t[GT_GUEST], 0);                /* 60 < 61000: backwards -> 0 */
    ck_assert_uint_eq(d.t[GT_GUEST_NICE], 5);           /* 30 - 25 */

    /* off by one tick backwards is still 0, not 2^64 - 1 */
    ck_assert_int_eq(gt_parse_cpu_line("cpu 1 0 0 18446744073709551615\n", &prev), 0);
    ck_assert_int_eq(gt_parse_cpu_line("cpu 0 0 0 18446744073709551614\n", &cur), 0);
    gt_delta(&prev, &cur, &d);
    ck_assert_uint_eq(d.t[GT_USER], 0);                 /* 0 < 1: backwards -> 0 */
    ck_assert_uint_eq(d.t[GT_IDLE], 0);                 /* (2^64-2) < (2^64-1): backwards -> 0 */
}
END_TEST

START_TEST(delta_equal_samples)
{
    struct gt_cpu s, d;
    int i;

    ck_assert_int_eq(gt_parse_cpu_line("cpu  4705 356 584 3699 23 23 1 2 3900 215\n", &s), 0);
    gt_delta(&s, &s, &d);
    ck_assert_int_eq(d.cpu, -1);                        /* cur->cpu of "cpu" */
    ck_assert_int_eq(d.ncols, 10);                      /* min(10, 10) */
    for (i = 0; i < GT_NFIELDS; i++)
        ck_assert_uint_eq(d.t[i], 0);                   /* x - x = 0 for every field */
}
END_TEST

START_TEST(delta_mixed_width_and_alias)
{
    struct gt_cpu prev, cur;

    ck_assert_int_eq(gt_parse_cpu_line("cpu7 1000 10 500 9000 40 2 30 5\n", &prev), 0);
    ck_assert_int_eq(gt_parse_cpu_line("cpu7 1300 10 560 9100 41 2 33 5 250 0\n", &cur), 0);
    gt_delta(&prev, &cur, &cur);                        /* out aliases cur */
    ck_assert_int_eq(cur.cpu, 7);                       /* cur->cpu */
    ck_assert_int_eq(cur.ncols, 8);                     /* min(8, 10) */
    ck_assert_uint_eq(cur.t[GT_USER], 300);             /* 1300 - 1000 */
    ck_assert_uint_eq(cur.t[GT_SYSTEM], 60);            /* 560 - 500 */
    ck_assert_uint_eq(cur.t[GT_IDLE], 100);             /* 9100 - 9000 */
    ck_assert_uint_eq(cur.t[GT_SOFTIRQ], 3);            /* 33 - 30 */
    ck_assert_uint_eq(cur.t[GT_GUEST], 250);            /* 250 - 0 (absent in prev) */
}
END_TEST

START_TEST(delta_since_boot)
{
    struct gt_cpu zero, cur, d;

    /* first sample of a tool: diff against an all-zero struct (cpu 0, ncols 0) */
    memset(&zero, 0, sizeof zero);
    ck_assert_int_eq(gt_parse_cpu_line("cpu3 5200 0 1300 88000 0 0 0 0 4100 0\n", &cur), 0);
    gt_delta(&zero, &cur, &d);
    ck_assert_int_eq(d.cpu, 3);                         /* cur->cpu (prev has 0) */
    ck_assert_int_eq(d.ncols, 0);                       /* min(0, 10) */
    ck_assert_uint_eq(d.t[GT_USER], 5200);              /* 5200 - 0 */
    ck_assert_uint_eq(d.t[GT_IDLE], 88000);             /* 88000 - 0 */
    ck_assert_uint_eq(d.t[GT_GUEST], 4100);             /* 4100 - 0 */
}
END_TEST

/* -------------------------------------------------------------- gt_split */

START_TEST(split_normal)
{
    struct gt_cpu c;
    struct gt_split s;

    ck_assert_int_eq(gt_parse_cpu_line("cpu 7000 300 1200 40000 150 20 80 10 5000 100\n", &c), 0);
    gt_split(&c, &s);
    ck_assert_uint_eq(s.user, 2000);                    /* user 7000 - guest 5000 */
    ck_assert_uint_eq(s.nice, 200);                     /* nice 300 - guest_nice 100 */
    ck_assert_uint_eq(s.system, 1200);                  /* copied */
    ck_assert_uint_eq(s.idle, 40000);                   /* copied */
    ck_assert_uint_eq(s.iowait, 150);                   /* copied */
    ck_assert_uint_eq(s.irq, 20);                       /* copied */
    ck_assert_uint_eq(s.softirq, 80);                   /* copied */
    ck_assert_uint_eq(s.steal, 10);                     /* copied */
    ck_assert_uint_eq(s.guest, 5000);                   /* 5000 <= user 7000, unclamped */
    ck_assert_uint_eq(s.guest_nice, 100);               /* 100 <= nice 300, unclamped */
    /* 7000+300+1200+40000+150+20+80+10 = 48760 */
    ck_assert_uint_eq(s.total, 48760);
    /* parts: 2000+200+1200+40000+150+20+80+10+5000+100 = 48760 */
    ck_assert_uint_eq(s.user + s.nice + s.system + s.idle + s.iowait + s.irq
                      + s.softirq + s.steal + s.guest + s.guest_nice, 48760);
}
END_TEST

START_TEST(split_guest_clamped_one_tick)
{
    struct gt_cpu c;
    struct gt_split s;

    /* guest and user are sampled at slightly different moments: guest = user + 1 */
    ck_assert_int_eq(gt_parse_cpu_line("cpu1 400 0 12 3 0 0 1 0 401 0\n", &c), 0);
    gt_split(&c, &s);
    ck_assert_uint_eq(s.guest, 400);                    /* min(guest 401, user 400) */
    ck_assert_uint_eq(s.user, 0);                       /* user 400 - clamped guest 400 */
    ck_assert_uint_eq(s.nice, 0);                       /* nice 0 - guest_nice 0 */
    ck_assert_uint_eq(s.guest_nice, 0);                 /* min(0, 0) */
    ck_assert_uint_eq(s.total, 416);                    /* 400+0+12+3+0+0+1+0 */
}
END_TEST

START_TEST(split_guest_nice_clamped)
{
    struct gt_cpu c;
    struct gt_split s;

    ck_assert_int_eq(gt_parse_cpu_line("cpu 900 10 50 1000 0 0 0 0 600 11\n", &c), 0);
    gt_split(&c, &s);
    ck_assert_uint_eq(s.guest_nice, 10);                /* min(guest_nice 11, nice 10) */
    ck_assert_uint_eq(s.nice, 0);                       /* nice 10 - clamped guest_nice 10 */
    ck_assert_uint_eq(s.guest, 600);                    /* 600 <= user 900 */
    ck_assert_uint_eq(s.user, 300);                     /* user 900 - guest 600 */
    ck_assert_uint_eq(s.total, 1960);                   /* 900+10+50+1000+0+0+0+0 */
}
END_TEST

START_TEST(split_total_is_base_sum)
{
    struct gt_cpu c;
    struct gt_split s;

    /* 4-column line: no guest columns, total = sum of 4 */
    ck_assert_int_eq(gt_parse_cpu_line("cpu  10132153 290696 3084719 46828483\n", &c), 0);
    gt_split(&c, &s);
    ck_assert_uint_eq(s.user, 10132153);                /* user - guest 0 */
    ck_assert_uint_eq(s.nice, 290696);                  /* nice - guest_nice 0 */
    ck_assert_uint_eq(s.guest, 0);                      /* absent */
    ck_assert_uint_eq(s.guest_nice, 0);                 /* absent */
    /* 10132153 + 290696 = 10422849; + 3084719 = 13507568; + 46828483 = 60336051 */
    ck_assert_uint_eq(s.total, 60336051);

    /* a delta from real samples (delta_normal above): guest is NOT added again */
    ck_assert_int_eq(gt_parse_cpu_line("cpu2 400 1 20 66 9 0 5 0 375 1\n", &c), 0);
    gt_split(&c, &s);
    ck_assert_uint_eq(s.user, 25);                      /* 400 - 375 */
    ck_assert_uint_eq(s.nice, 0);                       /* 1 - 1 */
    ck_assert_uint_eq(s.total, 501);                    /* 400+1+20+66+9+0+5+0; not +375+1 */
}
END_TEST

/* Counters near 2^64 (a broken or crafted /proc/stat): the total neither wraps nor exceeds
   LLONG_MAX, and each part keeps its share.  Before: total = sum mod 2^64. */
START_TEST(split_near_ullong_max)
{
    struct gt_cpu c;
    struct gt_split s;

    /* user = 2^64 - 2 (guest 2^63 inside), system = 2^63, idle 2: the 8 fields add up to
       2^64 - 2 + 2^63 + 2 = 2^64 + 2^63, more than LLONG_MAX = 2^63 - 1.  Halved once:
       user 2^63 - 1, system 2^62, idle 1 -> still above; halved twice (>> 2): user
       2^62 - 1 (0x3fffffffffffffff), system 2^61, idle 0, guest 2^61: sum 2^62 - 1 + 2^61
       = 6917529027641081855 <= LLONG_MAX. */
    ck_assert_int_eq(gt_parse_cpu_line("cpu 18446744073709551614 0 9223372036854775808 2 0 0 0 0 "
                                       "9223372036854775808 0\n", &c), 0);
    gt_split(&c, &s);
    ck_assert_uint_eq(s.total, 6917529027641081855ULL);
    ck_assert(s.total <= (unsigned long long)LLONG_MAX);
    ck_assert_uint_eq(s.guest, 2305843009213693952ULL);         /* 2^63 >> 2 = 2^61 */
    ck_assert_uint_eq(s.user, 2305843009213693951ULL);          /* 2^62 - 1 - 2^61 */
    ck_assert_uint_eq(s.system, 2305843009213693952ULL);        /* 2^61 */
    ck_assert_uint_eq(s.idle, 0);                               /* 2 >> 2 */
    /* the parts still add up to the total */
    ck_assert_uint_eq(s.user + s.guest + s.system + s.idle, s.total);
}
END_TEST

/* ------------------------------------------------------- task stat lines */

/* A modern (52-field) line of a qemu vCPU thread, with field numbers. */
static const char modern_line[] =
    "4242 (qemu-system-x86) S "                 /* 1 pid, 2 comm, 3 state */
    "1 4241 4241 0 -1 1077936448 "              /* 4-9: ppid pgrp session tty tpgid(-1) flags */
    "1830561 0 12 0 "                           /* 10-13: minflt cminflt majflt cmajflt */
    "873512 104339 31 17 "                      /* 14-17: utime stime cutime cstime */
    "-51 0 9 0 12345 4975091712 530687 "        /* 18-24: prio(-51, RT) nice threads itreal start vsize rss */
    "18446744073709551615 1 1 0 0 0 0 0 4096 16963 "   /* 25-34: rsslim .. sigcatch */
    "0 0 0 17 3 50 1 "                          /* 35-41: wchan nswap cnswap exit_sig cpu rt_prio policy */
    "5 "                                        /* 42: delayacct_blkio_ticks */
    "812004 2077 "                              /* 43-44: guest_time cguest_time */
    "0 0 0 0 0 0 0 0\n";                        /* 45-52 */

START_TEST(task_modern_52)
{
    struct gt_task t;

    ck_assert_int_eq(gt_parse_task_stat(modern_line, &t), 0);
    ck_assert_int_eq(t.pid, 4242);                      /* field 1 */
    ck_assert_str_eq(t.comm, "qemu-system-x86");        /* field 2 without parens */
    ck_assert_int_eq(t.state, 'S');                     /* field 3 */
    ck_assert_uint_eq(t.utime, 873512);                 /* field 14 */
    ck_assert_uint_eq(t.stime, 104339);                 /* field 15 */
    ck_assert_uint_eq(t.cutime, 31);                    /* field 16 */
    ck_assert_uint_eq(t.cstime, 17);                    /* field 17 */
    ck_assert_uint_eq(t.guest_time, 812004);            /* field 43 */
    ck_assert_uint_eq(t.cguest_time, 2077);             /* field 44 */
    ck_assert_int_eq(t.has_guest, 1);                   /* 52 fields >= 44 */
}
END_TEST

START_TEST(task_comm_with_spaces_and_parens)
{
    struct gt_task t;

    ck_assert_int_eq(gt_parse_task_stat(
        "1234 (qemu (vm) 1) R 1 1234 1234 0 -1 4194304 10 0 0 0 700 300 0 0 20 0\n", &t), 0);
    ck_assert_int_eq(t.pid, 1234);                      /* field 1 */
    ck_assert_str_eq(t.comm, "qemu (vm) 1");            /* first '(' .. last ')' */
    ck_assert_int_eq(t.state, 'R');                     /* first token after last ')' */
    ck_assert_uint_eq(t.utime, 700);                    /* field 14 */
    ck_assert_uint_eq(t.stime, 300);                    /* field 15 */
    ck_assert_int_eq(t.has_guest, 0);                   /* only 19 fields */

    /* comm "a) b" looks like it ends early */
    ck_assert_int_eq(gt_parse_task_stat(
        "77 ((a) b)) S 1 77 77 0 -1 0 0 0 0 0 5 6 7 8\n", &t), 0);
    ck_assert_str_eq(t.comm, "(a) b)");                 /* between first '(' and last ')' */
    ck_assert_int_eq(t.state, 'S');                     /* field 3 */
    ck_assert_uint_eq(t.utime, 5);                      /* field 14 */
    ck_assert_uint_eq(t.cstime, 8);                     /* field 17 */

    ck_assert_int_eq(gt_parse_task_stat(
        "78 (a) b) S 1 78 78 0 -1 0 0 0 0 0 5 6 7 8", &t), 0);
    ck_assert_str_eq(t.comm, "a) b");                   /* "(a) b)" without outer parens */
    ck_assert_int_eq(t.state, 'S');                     /* field 3 */
    ck_assert_uint_eq(t.stime, 6);                      /* field 15 */

    /* empty comm, and a comm with a newline (prctl allows it) */
    ck_assert_int_eq(gt_parse_task_stat("9 () Z 1 9 9 0 -1 0 0 0 0 0 1 2 3 4\n", &t), 0);
    ck_assert_str_eq(t.comm, "");                       /* nothing between ( and ) */
    ck_assert_int_eq(t.state, 'Z');                     /* field 3 */
    ck_assert_int_eq(gt_parse_task_stat("10 (x\ny) S 1 9 9 0 -1 0 0 0 0 0 1 2 3 4\n", &t), 0);
    ck_assert_str_eq(t.comm, "x\ny");                   /* newline kept inside comm */
    ck_assert_uint_eq(t.utime, 1);                      /* field 14 */
}
END_TEST

START_TEST(task_comm_truncated)
{
    struct gt_task t;

    /* 70-character comm: 7 x "abcdefghi(" */
    ck_assert_int_eq(gt_parse_task_stat(
        "5 (abcdefghi(abcdefghi(abcdefghi(abcdefghi(abcdefghi(abcdefghi(abcdefghi() "
        "S 1 5 5 0 -1 0 0 0 0 0 1 2 3 4\n", &t), 0);
    ck_assert_uint_eq(strlen(t.comm), 63);              /* 70 chars cut to 63 */
    /* 6 full groups = 60 chars, then "abc" = 63 */
    ck_assert_str_eq(t.comm,
        "abcdefghi(abcdefghi(abcdefghi(abcdefghi(abcdefghi(abcdefghi(abc");
    ck_assert_int_eq(t.state, 'S');                     /* field 3 */
    ck_assert_uint_eq(t.cstime, 4);                     /* field 17 */
}
END_TEST

START_TEST(task_old_42_fields)
{
    struct gt_task t;

    /* Linux 2.6.18-style line: ends at field 42 (delayacct_blkio_ticks) */
    ck_assert_int_eq(gt_parse_task_stat(
        "3001 (kvm) S "                             /* 1-3 */
        "1 3001 3001 0 -1 4194560 "                 /* 4-9 */
        "52000 0 3 0 "                              /* 10-13 */
        "6000 1500 0 0 "                            /* 14-17 */
        "20 0 1 0 9001 123456789 4000 "             /* 18-24 */
        "4294967295 1 1 0 0 0 0 0 4096 0 "          /* 25-34 */
        "0 0 0 17 0 0 0 "                           /* 35-41 */
        "12\n", &t), 0);                            /* 42 */
    ck_assert_int_eq(t.pid, 3001);                      /* field 1 */
    ck_assert_str_eq(t.comm, "kvm");                    /* field 2 */
    ck_assert_uint_eq(t.utime, 6000);                   /* field 14 */
    ck_assert_uint_eq(t.stime, 1500);                   /* field 15 */
    ck_assert_int_eq(t.has_guest, 0);                   /* 42 < 44 fields */
    ck_assert_uint_eq(t.guest_time, 0);                 /* field 43 absent */
    ck_assert_uint_eq(t.cguest_time, 0);                /* field 44 absent */
}
END_TEST

START_TEST(task_field_count_edges)
{
    struct gt_task t;

    /* exactly 17 fields: the minimum */
    ck_assert_int_eq(gt_parse_task_stat("7 (a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), 0);
    ck_assert_uint_eq(t.utime, 100);                    /* field 14 */
    ck_assert_uint_eq(t.cstime, 4);                     /* field 17 */
    ck_assert_int_eq(t.has_guest, 0);                   /* 17 < 44 */

    /* 43 fields: guest_time without cguest_time counts as no guest data */
    ck_assert_int_eq(gt_parse_task_stat(
        "8 (a) S 1 8 8 0 -1 0 0 0 0 0 100 20 3 4 "  /* 1-17 */
        "20 0 1 0 9 9 9 9 0 0 0 0 0 0 0 0 "         /* 18-33 */
        "0 0 0 0 17 0 0 0 0 "                       /* 34-42 */
        "55", &t), 0);                              /* 43 */
    ck_assert_int_eq(t.has_guest, 0);                   /* field 44 missing */
    ck_assert_uint_eq(t.guest_time, 0);                 /* 55 discarded since 44 missing */

    /* exactly 44 fields */
    ck_assert_int_eq(gt_parse_task_stat(
        "8 (a) S 1 8 8 0 -1 0 0 0 0 0 100 20 3 4 "  /* 1-17 */
        "20 0 1 0 9 9 9 9 0 0 0 0 0 0 0 0 "         /* 18-33 */
        "0 0 0 0 17 0 0 0 0 "                       /* 34-42 */
        "55 66\n", &t), 0);                         /* 43-44 */
    ck_assert_int_eq(t.has_guest, 1);                   /* fields 43 and 44 present */
    ck_assert_uint_eq(t.guest_time, 55);                /* field 43 */
    ck_assert_uint_eq(t.cguest_time, 66);               /* field 44 */
}
END_TEST

START_TEST(task_malformed)
{
    struct gt_task t;

    memset(&t, 0, sizeof t);
    t.pid = 777;                                        /* sentinel */

    /* 16 fields: cstime (17) missing */
    ck_assert_int_eq(gt_parse_task_stat("7 (a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3\n", &t), -1);
    ck_assert_int_eq(t.pid, 777);                       /* untouched on failure */

    ck_assert_int_eq(gt_parse_task_stat("", &t), -1);                   /* empty */
    ck_assert_int_eq(gt_parse_task_stat("7 (a)", &t), -1);              /* no state */
    ck_assert_int_eq(gt_parse_task_stat("7 (a) S", &t), -1);            /* 3 fields */
    ck_assert_int_eq(gt_parse_task_stat(
        "7 (a S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);              /* no ')' */
    ck_assert_int_eq(gt_parse_task_stat(
        "7 a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);              /* no '(' */
    ck_assert_int_eq(gt_parse_task_stat(
        "(a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);               /* no pid */
    ck_assert_int_eq(gt_parse_task_stat(
        "-7 (a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);            /* negative pid */
    ck_assert_int_eq(gt_parse_task_stat(
        "7x (a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);            /* junk in pid */
    ck_assert_int_eq(gt_parse_task_stat(
        "99999999999 (a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);   /* pid > INT_MAX */
    ck_assert_int_eq(gt_parse_task_stat(
        "7 (a)S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);              /* no blank after ')' */
    ck_assert_int_eq(gt_parse_task_stat(
        "7 (a) SS 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);            /* state not 1 char */
    ck_assert_int_eq(gt_parse_task_stat(
        "7 (a) S1 7 7 0 -1 0 0 0 0 0 100 20 3 4 5", &t), -1);            /* state fused to ppid */
    ck_assert_int_eq(gt_parse_task_stat(
        "7 (a) S 1 7 7 0 -1 0 0 0 0 0 -100 20 3 4", &t), -1);            /* negative utime */
    ck_assert_int_eq(gt_parse_task_stat(
        "7 (a) S 1 7 7 0 -1 0 0 0 0 0 100 20x 3 4", &t), -1);            /* junk in stime */
    ck_assert_int_eq(gt_parse_task_stat(
        "7 (a) S 1 7 7 0 -1 0 0 0 0 0 18446744073709551616 20 3 4", &t), -1); /* 2^64 */
    ck_assert_int_eq(gt_parse_task_stat(
        "7 (a) S 1 7 7 0 - 0 0 0 0 0 100 20 3 4", &t), -1);              /* lone '-' */
    ck_assert_int_eq(gt_parse_task_stat(
        "7 (a) S 1 7 7 0 -1 zz 0 0 0 0 100 20 3 4", &t), -1);            /* garbage field 9 */
    ck_assert_int_eq(gt_parse_task_stat(
        "8 (a) S 1 8 8 0 -1 0 0 0 0 0 100 20 3 4 "  /* 1-17 */
        "20 0 1 0 9 9 9 9 0 0 0 0 0 0 0 0 "         /* 18-33 */
        "0 0 0 0 17 0 0 0 0 "                       /* 34-42 */
        "55 66x\n", &t), -1);                       /* junk fused to field 44 */
    ck_assert_int_eq(gt_parse_task_stat(NULL, &t), -1);                 /* no buffer */
    ck_assert_int_eq(t.pid, 777);                       /* still untouched */
}
END_TEST

/* ---------------------------------------------------------- gt_task_delta */

/* Build a task with the four fields gt_task_delta reads. */
static struct gt_task mk_task(unsigned long long utime, unsigned long long stime,
                              unsigned long long guest_time)
{
    struct gt_task t;

    memset(&t, 0, sizeof t);
    t.utime = utime;
    t.stime = stime;
    t.guest_time = guest_time;
    t.has_guest = 1;
    return t;
}

START_TEST(task_delta_normal)
{
    struct gt_task a = mk_task(873512, 104339, 812004);
    struct gt_task b = mk_task(873712, 104359, 812184);
    unsigned long long cpu = 1, guest = 1;

    gt_task_delta(&a, &b, &cpu, &guest);
    ck_assert_uint_eq(cpu, 220);            /* (873712+104359) - (873512+104339) = 200 + 20 */
    ck_assert_uint_eq(guest, 180);          /* 812184 - 812004 = 180 <= d(utime) 200 */
}
END_TEST

START_TEST(task_delta_guest_clamped)
{
    struct gt_task a = mk_task(5000, 900, 4000);
    struct gt_task b = mk_task(5100, 930, 4101);
    unsigned long long cpu = 1, guest = 1;

    gt_task_delta(&a, &b, &cpu, &guest);
    ck_assert_uint_eq(cpu, 130);            /* d(utime) 100 + d(stime) 30 */
    ck_assert_uint_eq(guest, 100);          /* d(guest) 101 > d(utime) 100 -> 100 */
}
END_TEST

START_TEST(task_delta_backwards)
{
    unsigned long long cpu = 1, guest = 1;
    struct gt_task a, b;

    /* pid reused by a new process: everything went backwards */
    a = mk_task(873512, 104339, 812004);
    b = mk_task(12, 3, 10);
    gt_task_delta(&a, &b, &cpu, &guest);
    ck_assert_uint_eq(cpu, 0);              /* 15 < 977851: backwards -> 0 */
    ck_assert_uint_eq(guest, 0);            /* 10 < 812004: backwards -> 0 */

    /* only guest_time went backwards */
    a = mk_task(1000, 100, 800);
    b = mk_task(1050, 110, 799);
    gt_task_delta(&a, &b, &cpu, &guest);
    ck_assert_uint_eq(cpu, 60);             /* 1160 - 1100 */
    ck_assert_uint_eq(guest, 0);            /* 799 < 800: backwards -> 0 */

    /* utime went backwards, stime forwards more: sum grows, guest limited by d(utime) = 0 */
    a = mk_task(100, 100, 50);
    b = mk_task(90, 200, 55);
    gt_task_delta(&a, &b, &cpu, &guest);
    ck_assert_uint_eq(cpu, 90);             /* (90+200) - (100+100) = 290 - 200 */
    ck_assert_uint_eq(guest, 0);            /* d(guest) 5, d(utime) 90<100 -> 0, min = 0 */

    /* utime forwards, stime backwards more: sum shrinks -> cpu 0, so guest must be 0 too */
    a = mk_task(100, 100, 50);
    b = mk_task(150, 40, 90);
    gt_task_delta(&a, &b, &cpu, &guest);
    ck_assert_uint_eq(cpu, 0);              /* 150+40 = 190 < 200: backwards -> 0 */
    ck_assert_uint_eq(guest, 0);            /* d(guest) 40, d(utime) 50, but cpu 0 -> 0 */
}
END_TEST

/* utime + stime above 2^64 - 1: the sums are exact.  Before: the later sum wrapped to a
   small number, the task's CPU time seemed to go backwards and counted 0. */
START_TEST(task_delta_sum_overflow)
{
    unsigned long long cpu = 1, guest = 1;
    struct gt_task a, b;

    a = mk_task(18446744073709551612ULL, 1, 0);     /* 2^64 - 4 + 1 = 2^64 - 3 */
    b = mk_task(18446744073709551612ULL, 5, 0);     /* 2^64 - 4 + 5 = 2^64 + 1 */
    gt_task_delta(&a, &b, &cpu, &guest);
    ck_assert_uint_eq(cpu, 4);                      /* (2^64 + 1) - (2^64 - 3) */
    gt_task_delta(&b, &a, &cpu, &guest);
    ck_assert_uint_eq(cpu, 0);                      /* backwards */
    a = mk_task(18446744073709551615ULL, 18446744073709551615ULL, 0);   /* 2^65 - 2 */
    b = mk_task(0, 0, 0);
    gt_task_delta(&b, &a, &cpu, &guest);
    ck_assert_uint_eq(cpu, 18446744073709551615ULL);    /* 2^65 - 2 does not fit */
}
END_TEST

START_TEST(task_delta_equal)
{
    struct gt_task a = mk_task(873512, 104339, 812004);
    unsigned long long cpu = 1, guest = 1;

    gt_task_delta(&a, &a, &cpu, &guest);
    ck_assert_uint_eq(cpu, 0);              /* same sample: x - x */
    ck_assert_uint_eq(guest, 0);            /* same sample: x - x */
}
END_TEST

static Suite *guesttime_suite(void)
{
    Suite *s = suite_create("guesttime");
    TCase *cpu = tcase_create("cpu_line");
    TCase *delta = tcase_create("delta");
    TCase *split = tcase_create("split");
    TCase *task = tcase_create("task_stat");
    TCase *tdelta = tcase_create("task_delta");

    tcase_add_test(cpu, cpu_width_4);
    tcase_add_test(cpu, cpu_width_7);
    tcase_add_test(cpu, cpu_width_8);
    tcase_add_test(cpu, cpu_width_9);
    tcase_add_test(cpu, cpu_width_10);
    tcase_add_test(cpu, cpu_width_11_and_12);
    tcase_add_test(cpu, cpu_index_and_line_end);
    tcase_add_test(cpu, cpu_ullong_max);
    tcase_add_test(cpu, cpu_malformed);
    suite_add_tcase(s, cpu);

    tcase_add_test(delta, delta_normal);
    tcase_add_test(delta, delta_backwards_hotplug);
    tcase_add_test(delta, delta_equal_samples);
    tcase_add_test(delta, delta_mixed_width_and_alias);
    tcase_add_test(delta, delta_since_boot);
    suite_add_tcase(s, delta);

    tcase_add_test(split, split_normal);
    tcase_add_test(split, split_guest_clamped_one_tick);
    tcase_add_test(split, split_guest_nice_clamped);
    tcase_add_test(split, split_total_is_base_sum);
    tcase_add_test(split, split_near_ullong_max);
    suite_add_tcase(s, split);

    tcase_add_test(task, task_modern_52);
    tcase_add_test(task, task_comm_with_spaces_and_parens);
    tcase_add_test(task, task_comm_truncated);
    tcase_add_test(task, task_old_42_fields);
    tcase_add_test(task, task_field_count_edges);
    tcase_add_test(task, task_malformed);
    suite_add_tcase(s, task);

    tcase_add_test(tdelta, task_delta_normal);
    tcase_add_test(tdelta, task_delta_guest_clamped);
    tcase_add_test(tdelta, task_delta_backwards);
    tcase_add_test(tdelta, task_delta_equal);
    tcase_add_test(tdelta, task_delta_sum_overflow);
    suite_add_tcase(s, tdelta);

    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(guesttime_suite());
    int failed;

    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
