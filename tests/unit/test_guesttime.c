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

/* The tics of a cpu line, in /proc/stat order (user nice system idle iowait
   irq softirq steal guest guest_nice): what top and vmstat hand gt_split(). */
static void set_tics(struct gt_cpu *c, const unsigned long long t[GT_NFIELDS])
{
    int i;

    c->cpu = -1;
    c->ncols = GT_NFIELDS;
    for (i = 0; i < GT_NFIELDS; i++)
        c->t[i] = t[i];
}

/* -------------------------------------------------------------- gt_split */

START_TEST(split_normal)
{
    struct gt_cpu c;
    struct gt_split s;

    set_tics(&c, (const unsigned long long[GT_NFIELDS]){ 7000, 300, 1200, 40000, 150, 20, 80, 10, 5000, 100 });
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
    set_tics(&c, (const unsigned long long[GT_NFIELDS]){ 400, 0, 12, 3, 0, 0, 1, 0, 401, 0 });
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

    set_tics(&c, (const unsigned long long[GT_NFIELDS]){ 900, 10, 50, 1000, 0, 0, 0, 0, 600, 11 });
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

    /* a 4-column line (the others absent, 0): no guest, total = sum of 4 */
    set_tics(&c, (const unsigned long long[GT_NFIELDS]){ 10132153, 290696, 3084719, 46828483,
                                                         0, 0, 0, 0, 0, 0 });
    gt_split(&c, &s);
    ck_assert_uint_eq(s.user, 10132153);                /* user - guest 0 */
    ck_assert_uint_eq(s.nice, 290696);                  /* nice - guest_nice 0 */
    ck_assert_uint_eq(s.guest, 0);                      /* absent */
    ck_assert_uint_eq(s.guest_nice, 0);                 /* absent */
    /* 10132153 + 290696 = 10422849; + 3084719 = 13507568; + 46828483 = 60336051 */
    ck_assert_uint_eq(s.total, 60336051);

    /* an interval's tics: guest is NOT added again */
    set_tics(&c, (const unsigned long long[GT_NFIELDS]){ 400, 1, 20, 66, 9, 0, 5, 0, 375, 1 });
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
    set_tics(&c, (const unsigned long long[GT_NFIELDS]){ 18446744073709551614ULL, 0,
                                                         9223372036854775808ULL, 2, 0, 0, 0, 0,
                                                         9223372036854775808ULL, 0 });
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

static Suite *guesttime_suite(void)
{
    Suite *s = suite_create("guesttime");
    TCase *split = tcase_create("split");
    TCase *task = tcase_create("task_stat");

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
