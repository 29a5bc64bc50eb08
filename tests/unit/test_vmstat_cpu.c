/*
 * Unit tests for src-vmstat/vmstat_cpu.c (vmstat's CPU columns).
 * Every expected value is worked out by hand in the comment beside it:
 * a column is (100 * part + total / 2) / total in integer arithmetic.
 */
#include <check.h>
#include <stdlib.h>

#include "vmstat_cpu.h"

static struct gt_split mk(unsigned long long user, unsigned long long nice,
                          unsigned long long system, unsigned long long idle,
                          unsigned long long iowait, unsigned long long irq,
                          unsigned long long softirq, unsigned long long steal,
                          unsigned long long guest, unsigned long long guest_nice)
{
    struct gt_split s;
    s.user = user; s.nice = nice; s.system = system; s.idle = idle;
    s.iowait = iowait; s.irq = irq; s.softirq = softirq; s.steal = steal;
    s.guest = guest; s.guest_nice = guest_nice;
    s.total = user + nice + system + idle + iowait + irq + softirq + steal + guest + guest_nice;
    return s;
}

START_TEST(columns_of_a_100_tick_interval)
{
    /* 100 ticks: parts are percentages directly */
    struct gt_split s = mk(20, 10, 15, 10, 5, 3, 2, 5, 25, 5);
    struct vmstat_cpu c;
    vmstat_cpu_columns(&s, &c);
    ck_assert_uint_eq(c.us, 30);   /* user 20 + nice 10 */
    ck_assert_uint_eq(c.sy, 20);   /* system 15 + irq 3 + softirq 2 */
    ck_assert_uint_eq(c.id, 10);
    ck_assert_uint_eq(c.wa, 5);
    ck_assert_uint_eq(c.st, 5);
    ck_assert_uint_eq(c.gu, 30);   /* guest 25 + guest_nice 5 */
}
END_TEST

START_TEST(columns_round_half_up_each)
{
    /* total 8: 1 tick = 12.5% -> (100 + 4) / 8 = 13; 5 ticks = 62.5% -> (500 + 4) / 8 = 63 */
    struct gt_split s = mk(1, 0, 1, 5, 0, 0, 0, 0, 1, 0);
    struct vmstat_cpu c;
    vmstat_cpu_columns(&s, &c);
    ck_assert_uint_eq(c.us, 13);
    ck_assert_uint_eq(c.sy, 13);
    ck_assert_uint_eq(c.id, 63);
    ck_assert_uint_eq(c.wa, 0);
    ck_assert_uint_eq(c.st, 0);
    ck_assert_uint_eq(c.gu, 13);
}
END_TEST

START_TEST(columns_round_down_below_half)
{
    /* total 3: 1 tick = 33.3% -> (100 + 1) / 3 = 33 */
    struct gt_split s = mk(1, 0, 1, 1, 0, 0, 0, 0, 0, 0);
    struct vmstat_cpu c;
    vmstat_cpu_columns(&s, &c);
    ck_assert_uint_eq(c.us, 33);
    ck_assert_uint_eq(c.sy, 33);
    ck_assert_uint_eq(c.id, 33);
    ck_assert_uint_eq(c.gu, 0);
}
END_TEST

START_TEST(empty_interval_is_idle)
{
    /* no tick at all (e.g. two identical samples): vmstat shows 100% idle */
    struct gt_split s = mk(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    struct vmstat_cpu c;
    vmstat_cpu_columns(&s, &c);
    ck_assert_uint_eq(c.us, 0);
    ck_assert_uint_eq(c.sy, 0);
    ck_assert_uint_eq(c.id, 100);
    ck_assert_uint_eq(c.wa, 0);
    ck_assert_uint_eq(c.st, 0);
    ck_assert_uint_eq(c.gu, 0);
}
END_TEST

START_TEST(since_boot_counters_through_split)
{
    /* a since-boot cpu line: user 7000 (guest 5000 inside), nice 300 (guest_nice 100 inside),
       system 1000, idle 1500, iowait 100, irq 50, softirq 50, steal 0; total of the 8 base
       fields = 7000+300+1000+1500+100+50+50 = 10000 ticks.
       us = (7000-5000) + (300-100) = 2200 -> 22; sy = 1100 -> 11; id = 15; wa = 1;
       gu = 5100 -> 51; 22+11+15+1+0+51 = 100 */
    struct gt_cpu t = { -1, 10, { 7000, 300, 1000, 1500, 100, 50, 50, 0, 5000, 100 } };
    struct gt_split s;
    struct vmstat_cpu c;
    gt_split(&t, &s);
    vmstat_cpu_columns(&s, &c);
    ck_assert_uint_eq(c.us, 22);
    ck_assert_uint_eq(c.sy, 11);
    ck_assert_uint_eq(c.id, 15);
    ck_assert_uint_eq(c.wa, 1);
    ck_assert_uint_eq(c.st, 0);
    ck_assert_uint_eq(c.gu, 51);
}
END_TEST

/* A since-boot line near 2^64 (the case: us printed as 1590793232): the
   percentages stay 0..100.  user 2^64 - 2 with guest 2^63 inside, system 2^63, idle 2:
   gt_split halves every field twice (test_guesttime split_near_ullong_max): user 2^61 - 1,
   guest 2^61, system 2^61, total 3 * 2^61 - 1.  us = (2^61 - 1) / (3 * 2^61 - 1) = 33.3 % -> 33;
   gu 33; sy 33; 33 + 33 + 33 = 99 (each rounded down from 33.3). */
START_TEST(since_boot_near_ullong_max)
{
    struct gt_cpu t = { -1, 10, { 18446744073709551614ULL, 0, 9223372036854775808ULL, 2, 0, 0, 0, 0,
                                  9223372036854775808ULL, 0 } };
    struct gt_split s;
    struct vmstat_cpu c;

    gt_split(&t, &s);
    vmstat_cpu_columns(&s, &c);
    ck_assert_uint_eq(c.us, 33);
    ck_assert_uint_eq(c.gu, 33);
    ck_assert_uint_eq(c.sy, 33);
    ck_assert_uint_eq(c.id, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vmstat_cpu");
    TCase *tc = tcase_create("columns");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, columns_of_a_100_tick_interval);
    tcase_add_test(tc, columns_round_half_up_each);
    tcase_add_test(tc, columns_round_down_below_half);
    tcase_add_test(tc, empty_interval_is_idle);
    tcase_add_test(tc, since_boot_counters_through_split);
    tcase_add_test(tc, since_boot_near_ullong_max);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
