/* test_stats.c: tallies, time averages and quantiles against direct computation. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/stats.h"
#include "tests/testutil.h"

START_TEST(tally_matches_two_pass_mean_and_variance)
{
    double x[1000];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    sim_tally_t t;
    sim_tally_init(&t);
    for (int i = 0; i < 1000; i++) {
        x[i] = 1e6 + gsl_ran_gaussian(r, 3.0); /* large offset: naive sums would lose digits */
        sim_tally_add(&t, x[i]);
    }
    ck_assert_double_eq_tol(sim_tally_mean(&t), gsl_stats_mean(x, 1, 1000), 1e-9);
    ck_assert_double_eq_tol(sim_tally_var(&t), gsl_stats_variance(x, 1, 1000), 1e-7);
    ck_assert(t.min == gsl_stats_min(x, 1, 1000) && t.max == gsl_stats_max(x, 1, 1000));
    gsl_rng_free(r);
}
END_TEST

START_TEST(tally_merge_equals_one_tally_of_everything)
{
    sim_tally_t a, b, all;
    sim_tally_init(&a); sim_tally_init(&b); sim_tally_init(&all);
    for (int i = 0; i < 300; i++) {
        double v = sin(i) * 10 + i * 0.01;
        sim_tally_add(i < 100 ? &a : &b, v);
        sim_tally_add(&all, v);
    }
    sim_tally_merge(&a, &b);
    ck_assert_uint_eq(a.n, all.n);
    ck_assert_double_eq_tol(a.mean, all.mean, 1e-12);
    ck_assert_double_eq_tol(sim_tally_var(&a), sim_tally_var(&all), 1e-10);
    ck_assert(a.min == all.min && a.max == all.max);
}
END_TEST

START_TEST(empty_tally_reports_nan_not_zero)
{
    sim_tally_t t;
    sim_tally_init(&t);
    ck_assert(isnan(sim_tally_mean(&t)));
    sim_tally_add(&t, 4);
    ck_assert(isnan(sim_tally_var(&t)));
    ck_assert(isnan(sim_tally_ci95(&t)));
}
END_TEST

START_TEST(ci95_uses_student_t)
{
    /* n = 5, values 1..5: sd = sqrt(2.5), t(0.975, 4) = 2.776445 */
    sim_tally_t t;
    sim_tally_init(&t);
    for (int i = 1; i <= 5; i++)
        sim_tally_add(&t, i);
    ck_assert_double_eq_tol(sim_tally_ci95(&t), 2.776445105 * sqrt(2.5) / sqrt(5.0), 1e-6);
}
END_TEST

START_TEST(time_average_weights_levels_by_duration)
{
    sim_timeavg_t a;
    sim_timeavg_init(&a, 0, 0);
    sim_timeavg_set(&a, 2, 3);   /* 0 on [0,2) */
    sim_timeavg_set(&a, 6, 1);   /* 3 on [2,6) */
    /* 1 on [6,10): mean = (0*2 + 3*4 + 1*4) / 10 = 1.6 */
    ck_assert_double_eq_tol(sim_timeavg_mean(&a, 10), 1.6, 1e-12);
    ck_assert(a.max == 3);
    sim_timeavg_reset(&a, 10);
    ck_assert_double_eq_tol(sim_timeavg_mean(&a, 20), 1.0, 1e-12);
}
END_TEST

START_TEST(quantiles_within_half_a_percent_of_exact)
{
    enum { N = 100000 };
    double *x = malloc(N * sizeof *x);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    sim_quantiles_t *q = sim_quantiles_create();
    for (int i = 0; i < N; i++) {
        x[i] = gsl_ran_lognormal(r, 2.0, 1.5);
        sim_quantiles_add(q, x[i]);
    }
    gsl_sort(x, 1, N);
    const double ps[] = {0.01, 0.5, 0.9, 0.95, 0.99, 0.999};
    for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
        double exact = x[(size_t)ceil(ps[k] * N) - 1];
        double got = sim_quantiles_get(q, ps[k]);
        ck_assert_msg(fabs(got / exact - 1) < 0.005, "p%g: %g vs %g", ps[k], got, exact);
    }
    ck_assert(sim_quantiles_get(q, 1.0) == x[N - 1]);
    sim_quantiles_destroy(q);
    gsl_rng_free(r);
    free(x);
}
END_TEST

START_TEST(quantile_merge_equals_one_sketch_of_everything)
{
    sim_quantiles_t *a = sim_quantiles_create(), *b = sim_quantiles_create(),
                    *all = sim_quantiles_create();
    for (int i = 0; i < 5000; i++) {
        double v = (i * 7919) % 1000 + 0.5;
        sim_quantiles_add(i % 3 ? a : b, v);
        sim_quantiles_add(all, v);
    }
    sim_quantiles_merge(a, b);
    ck_assert_uint_eq(sim_quantiles_count(a), 5000);
    for (double p = 0.05; p < 1; p += 0.05)
        ck_assert(sim_quantiles_get(a, p) == sim_quantiles_get(all, p));
    ck_assert(isnan(sim_quantiles_get(b, 0.5)) == 0);
    sim_quantiles_clear(b);
    ck_assert(isnan(sim_quantiles_get(b, 0.5)));
    sim_quantiles_destroy(a); sim_quantiles_destroy(b); sim_quantiles_destroy(all);
}
END_TEST

START_TEST(quantiles_handle_zero_and_huge_values)
{
    sim_quantiles_t *q = sim_quantiles_create();
    sim_quantiles_add(q, 0);
    sim_quantiles_add(q, 0);
    sim_quantiles_add(q, 1e15);
    ck_assert(sim_quantiles_get(q, 0.5) == 0);
    ck_assert(sim_quantiles_get(q, 1.0) == 1e15);
    sim_quantiles_destroy(q);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("stats");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, tally_matches_two_pass_mean_and_variance);
    tcase_add_test(tc, tally_merge_equals_one_tally_of_everything);
    tcase_add_test(tc, empty_tally_reports_nan_not_zero);
    tcase_add_test(tc, ci95_uses_student_t);
    tcase_add_test(tc, time_average_weights_levels_by_duration);
    tcase_add_test(tc, quantiles_within_half_a_percent_of_exact);
    tcase_add_test(tc, quantile_merge_equals_one_sketch_of_everything);
    tcase_add_test(tc, quantiles_handle_zero_and_huge_values);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
