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

static Suite *guesttime_suite(void)
{
    Suite *s = suite_create("guesttime");
    TCase *split = tcase_create("split");

    tcase_add_test(split, split_normal);
    tcase_add_test(split, split_guest_clamped_one_tick);
    tcase_add_test(split, split_guest_nice_clamped);
    tcase_add_test(split, split_total_is_base_sum);
    tcase_add_test(split, split_near_ullong_max);
    suite_add_tcase(s, split);


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
