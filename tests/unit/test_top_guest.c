/*
 * Unit tests for src-top/top_guest.c (Check framework), run by tests/unit/test_top_guest.sh.
 * Expected values are worked out in the comments from the inputs.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "top_guest.h"

/* ---------------------------------------------------------------- states */

START_TEST(states_kvm_host_total_line)
{
    /* kvm-host snapshot, cpu line, frame 1 - frame 0:
       user 140 nice 15 system 40 idle 185 iowait 8 irq 4 softirq 8 steal 0 guest 50 guest_nice 10 */
    long long t[GT_NFIELDS] = { 140, 15, 40, 185, 8, 4, 8, 0, 50, 10 };
    struct tg_states s;

    tg_states_calc(t, &s);
    ck_assert_int_eq(s.total, 400);                 /* 8 base fields, guest not again */
    ck_assert_double_eq(s.pct[TG_US], 22.5);        /* (140 - 50) / 400 */
    ck_assert_double_eq(s.pct[TG_NI], 1.25);        /* (15 - 10) / 400 */
    ck_assert_double_eq(s.pct[TG_SY], 10.0);
    ck_assert_double_eq(s.pct[TG_ID], 46.25);
    ck_assert_double_eq(s.pct[TG_WA], 2.0);
    ck_assert_double_eq(s.pct[TG_HI], 1.0);
    ck_assert_double_eq(s.pct[TG_SI], 2.0);
    ck_assert_double_eq(s.pct[TG_ST], 0.0);
    ck_assert_double_eq(s.pct[TG_GU], 12.5);
    ck_assert_double_eq(s.pct[TG_GN], 2.5);
    ck_assert_int_eq(s.user, 95);                   /* 90 + 5 */
    ck_assert_int_eq(s.system, 52);                 /* 40 + 4 + 8 */
    ck_assert_int_eq(s.guest, 60);                  /* 50 + 10 */
}
END_TEST

START_TEST(states_sum_to_100)
{
    long long t[GT_NFIELDS] = { 1234, 77, 345, 9001, 12, 3, 44, 5, 1000, 70 };
    struct tg_states s;
    double sum = 0;
    int i;

    tg_states_calc(t, &s);
    for (i = 0; i < TG_NSTATES; i++)
        sum += s.pct[i];
    ck_assert_double_eq_tol(sum, 100.0, 1e-9);
}
END_TEST

START_TEST(states_no_tics_is_idle)
{
    long long t[GT_NFIELDS] = { 0 };
    struct tg_states s;

    tg_states_calc(t, &s);
    ck_assert_int_eq(s.total, 1);
    ck_assert_double_eq(s.pct[TG_ID], 100.0);
    ck_assert_double_eq(s.pct[TG_US], 0.0);
}
END_TEST

START_TEST(states_negative_delta_counts_zero)
{
    /* iowait went backwards by 3: counts 0; total = 50 + 10 + 40 = 100 */
    long long t[GT_NFIELDS] = { 50, 0, 10, 40, -3, 0, 0, 0, 0, 0 };
    struct tg_states s;

    tg_states_calc(t, &s);
    ck_assert_int_eq(s.total, 100);
    ck_assert_double_eq(s.pct[TG_WA], 0.0);
    ck_assert_double_eq(s.pct[TG_US], 50.0);
}
END_TEST

START_TEST(states_guest_above_user_is_clamped)
{
    /* sampling skew: guest 12 > user 10: guest counts 10, us 0; total 10 + 90 = 100 */
    long long t[GT_NFIELDS] = { 10, 0, 0, 90, 0, 0, 0, 0, 12, 0 };
    struct tg_states s;

    tg_states_calc(t, &s);
    ck_assert_double_eq(s.pct[TG_US], 0.0);
    ck_assert_double_eq(s.pct[TG_GU], 10.0);
    ck_assert_double_eq(s.pct[TG_ID], 90.0);
}
END_TEST

START_TEST(states_oneline_threshold)
{
    /* top's 80 columns plus "  2.0 gu,  0.0 gn " = 98 */
    ck_assert_int_eq(tg_states_oneline(97, 1, 2), 1);   /* 98 - 1 (trailing blank) */
    ck_assert_int_eq(tg_states_oneline(96, 1, 2), 0);
    ck_assert_int_eq(tg_states_oneline(80, 1, 2), 0);
    ck_assert_int_eq(tg_states_oneline(197, 2, 2), 1);  /* 2 x 98 + 2 - 1 */
    ck_assert_int_eq(tg_states_oneline(196, 2, 2), 0);
    ck_assert_int_eq(tg_states_oneline(97, 0, 2), 1);   /* 0 per row counts as 1 */
}
END_TEST

static Suite *top_guest_suite(void)
{
    Suite *s = suite_create("top_guest");
    TCase *tc = tcase_create("states");

    tcase_add_test(tc, states_kvm_host_total_line);
    tcase_add_test(tc, states_sum_to_100);
    tcase_add_test(tc, states_no_tics_is_idle);
    tcase_add_test(tc, states_negative_delta_counts_zero);
    tcase_add_test(tc, states_guest_above_user_is_clamped);
    tcase_add_test(tc, states_oneline_threshold);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(top_guest_suite());
    int failed;

    srunner_set_fork_status(sr, CK_NOFORK);     /* the task history is process state */
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
