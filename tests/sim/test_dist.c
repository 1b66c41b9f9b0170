/* test_dist.c: distributions by spec, and named random streams. */
#include <math.h>

#include "sim/dist.h"
#include "sim/sim.h"
#include "sim/stats.h"
#include "tests/testutil.h"

/* Sample n values; check the mean within 5 standard errors (fixed seed: no flakes). */
static void check_mean_and_sd(const sim_dist_t *d, double mean, double sd)
{
    enum { N = 200000 };
    sim_t *sim = sim_create(7, 0);
    gsl_rng *r = sim_stream(sim, "x");
    sim_tally_t t;
    sim_tally_init(&t);
    for (int i = 0; i < N; i++) {
        double v = sim_dist_sample(d, r);
        ck_assert(v >= 0);
        sim_tally_add(&t, v);
    }
    ck_assert_within_se(sim_tally_mean(&t), mean, sd / sqrt(N) + 1e-12, 5);
    ck_assert_msg(fabs(sim_tally_sd(&t) - sd) <= 0.03 * sd + 1e-12, "sd %g vs %g",
                  sim_tally_sd(&t), sd);
    ck_assert_double_eq_tol(d->mean, mean, 1e-9 * (1 + mean));
    sim_destroy(sim);
}

START_TEST(each_kind_has_the_mean_and_sd_its_spec_says)
{
    sim_dist_t d;
    ck_assert_int_eq(sim_dist_constant(&d, 3), SIM_DIST_OK);
    check_mean_and_sd(&d, 3, 0);
    ck_assert_int_eq(sim_dist_exponential(&d, 6), SIM_DIST_OK);
    check_mean_and_sd(&d, 6, 6);
    ck_assert_int_eq(sim_dist_uniform(&d, 2, 8), SIM_DIST_OK);
    check_mean_and_sd(&d, 5, 6 / sqrt(12));
    ck_assert_int_eq(sim_dist_triangular(&d, 20, 40, 120), SIM_DIST_OK);
    double a = 20, m = 40, b = 120;
    check_mean_and_sd(&d, 60, sqrt((a * a + m * m + b * b - a * m - a * b - m * b) / 18));
    ck_assert_int_eq(sim_dist_lognormal(&d, 6, 3), SIM_DIST_OK);
    check_mean_and_sd(&d, 6, 3);
    ck_assert_int_eq(sim_dist_gamma(&d, 20, 0.5), SIM_DIST_OK);
    check_mean_and_sd(&d, 20, 10);
}
END_TEST

START_TEST(empirical_table_draws_its_values_in_proportion)
{
    sim_dist_t d;
    const double v[] = {1, 10, 100}, w[] = {2, 1, 1};
    ck_assert_int_eq(sim_dist_empirical(&d, v, w, 3), SIM_DIST_OK);
    double mean = (2 * 1 + 10 + 100) / 4.0;
    double var = (2 * 1 + 100 + 10000) / 4.0 - mean * mean;
    check_mean_and_sd(&d, mean, sqrt(var));
    sim_dist_t copy;
    ck_assert_int_eq(sim_dist_copy(&copy, &d), SIM_DIST_OK);
    check_mean_and_sd(&copy, mean, sqrt(var));
    sim_dist_fini(&copy);
    sim_dist_fini(&d);
    sim_dist_fini(&d); /* idempotent */
}
END_TEST

START_TEST(the_bound_of_each_kind_is_its_largest_value)
{
    sim_dist_t d;
    ck_assert(sim_dist_constant(&d, 2.5) == SIM_DIST_OK && sim_dist_sup(&d) == 2.5);
    ck_assert(sim_dist_uniform(&d, 1, 4) == SIM_DIST_OK && sim_dist_sup(&d) == 4);
    ck_assert(sim_dist_triangular(&d, 1, 2, 7) == SIM_DIST_OK && sim_dist_sup(&d) == 7);
    ck_assert(sim_dist_exponential(&d, 1) == SIM_DIST_OK && isinf(sim_dist_sup(&d)));
    const double v[] = {0.2, 0.9, 0.4}, w[] = {1, 1, 1};
    ck_assert(sim_dist_empirical(&d, v, w, 3) == SIM_DIST_OK);
    ck_assert(sim_dist_sup(&d) == 0.9);
    sim_dist_fini(&d);
}
END_TEST

START_TEST(bad_parameters_are_refused_not_aborted)
{
    sim_dist_t d;
    ck_assert_int_eq(sim_dist_exponential(&d, 0), SIM_DIST_ENONPOS);
    ck_assert_int_eq(sim_dist_exponential(&d, NAN), SIM_DIST_ENONPOS);
    ck_assert_int_eq(sim_dist_uniform(&d, 5, 2), SIM_DIST_EORDER);
    ck_assert_int_eq(sim_dist_triangular(&d, 1, 5, 3), SIM_DIST_EORDER);
    ck_assert_int_eq(sim_dist_lognormal(&d, 1, -1), SIM_DIST_ENEGATIVE);
    ck_assert_int_eq(sim_dist_gamma(&d, INFINITY, 1), SIM_DIST_ENONPOS);
    ck_assert_int_eq(sim_dist_constant(&d, -1), SIM_DIST_ENEGATIVE);
    const double v[] = {1}, w0[] = {0};
    ck_assert_int_eq(sim_dist_empirical(&d, v, w0, 1), SIM_DIST_EEMPTY);
    ck_assert_int_eq(sim_dist_empirical(&d, v, w0, 0), SIM_DIST_EEMPTY);
    ck_assert_str_eq(sim_dist_strerror(SIM_DIST_EORDER), "min <= mode <= max is required");
    /* finite parameters whose derived ones are not: sd/mean squared overflows,
     * 1/cv^2 overflows, a table's weights sum past a double (each once gave
     * NaN draws or an infinite mean) */
    ck_assert_int_eq(sim_dist_lognormal(&d, 5e-324, 1), SIM_DIST_ERANGE);
    ck_assert_int_eq(sim_dist_lognormal(&d, 1e-200, 1e200), SIM_DIST_ERANGE);
    ck_assert_int_eq(sim_dist_gamma(&d, 1, 1e-200), SIM_DIST_ERANGE);
    ck_assert_int_eq(sim_dist_gamma(&d, 5e-324, 1e-10), SIM_DIST_ERANGE); /* scale underflows to 0 */
    const double v2[] = {1, 2}, wbig[] = {1e308, 1e308};
    ck_assert_int_eq(sim_dist_empirical(&d, v2, wbig, 2), SIM_DIST_ERANGE);
    const double v3[] = {2880};
    ck_assert_int_eq(sim_dist_empirical(&d, v3, wbig, 1), SIM_DIST_ERANGE); /* 2880 x 1e308 */
    ck_assert_int_eq(sim_dist_lognormal(&d, 1, 2), SIM_DIST_OK);
    ck_assert_int_eq(sim_dist_gamma(&d, 1, 0.01), SIM_DIST_OK);
}
END_TEST

/* The lognormal is written out on the blocked stream (sim/dist.c): it must give
 * GSL's own variates, bit for bit, from taus2 seeded alike, including the
 * draws the polar method rejects and the block ends it crosses. */
START_TEST(lognormal_draws_are_gsl_s_bit_for_bit)
{
    gsl_rng *ours = gsl_rng_alloc(sim_rng_taus2_blocks), *gsl = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(ours, 2024);
    gsl_rng_set(gsl, 2024);
    sim_dist_t d;
    ck_assert_int_eq(sim_dist_lognormal(&d, 30, 45), SIM_DIST_OK);
    for (int k = 0; k < 100000; k++) {
        double a = sim_dist_sample(&d, ours), b = gsl_ran_lognormal(gsl, d.a, d.b);
        ck_assert_mem_eq(&a, &b, sizeof a);
        if (k % 7 == 0) /* interleave other draws, so that block ends fall anywhere */
            ck_assert(gsl_rng_uniform(ours) == gsl_rng_uniform(gsl));
    }
    sim_dist_fini(&d);
    gsl_rng_free(ours);
    gsl_rng_free(gsl);
}
END_TEST

/* Uniform, empirical and gamma are written out on sim_uniform too: the same
 * variates as gsl_ran_flat, gsl_ran_discrete and gsl_ran_gamma, bit for bit.
 * Gamma shapes below 1 (U^(1/a) times a draw of shape a + 1), at 1, and above,
 * with Marsaglia and Tsang's rejections; an uneven table, whose alias entries
 * are taken; the interleaved uniforms move block ends about. */
static void same_as_gsl(const sim_dist_t *d, double (*gsl_draw)(gsl_rng *, const sim_dist_t *))
{
    gsl_rng *ours = gsl_rng_alloc(sim_rng_taus2_blocks), *gsl = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(ours, 77);
    gsl_rng_set(gsl, 77);
    for (int k = 0; k < 100000; k++) {
        double a = sim_dist_sample(d, ours), b = gsl_draw(gsl, d);
        ck_assert_mem_eq(&a, &b, sizeof a);
        if (k % 5 == 0)
            ck_assert(sim_uniform(ours) == gsl_rng_uniform(gsl));
    }
    gsl_rng_free(ours);
    gsl_rng_free(gsl);
}

static double gsl_flat(gsl_rng *r, const sim_dist_t *d) { return gsl_ran_flat(r, d->a, d->b); }
static double gsl_gamma(gsl_rng *r, const sim_dist_t *d) { return gsl_ran_gamma(r, d->a, d->b); }
static double gsl_table(gsl_rng *r, const sim_dist_t *d) { return d->values[gsl_ran_discrete(r, d->table)]; }

START_TEST(uniform_empirical_and_gamma_draws_are_gsl_s_bit_for_bit)
{
    sim_dist_t d;
    ck_assert_int_eq(sim_dist_uniform(&d, 0.1, 0.6), SIM_DIST_OK);
    same_as_gsl(&d, gsl_flat);
    const double cvs[] = {0.3, 1.0, 1.2, 2.5};  /* shapes 11.1, 1, 0.69, 0.16 */
    for (size_t i = 0; i < sizeof cvs / sizeof cvs[0]; i++) {
        ck_assert_int_eq(sim_dist_gamma(&d, 20, cvs[i]), SIM_DIST_OK);
        same_as_gsl(&d, gsl_gamma);
    }
    const double v[] = {1, 2, 3, 4, 5}, w[] = {0.05, 0.4, 0.1, 0.3, 0.15};
    ck_assert_int_eq(sim_dist_empirical(&d, v, w, 5), SIM_DIST_OK);
    same_as_gsl(&d, gsl_table);
    sim_dist_fini(&d);
}
END_TEST

START_TEST(adding_a_stream_leaves_other_streams_untouched)
{
    sim_t *a = sim_create(2023, 3), *b = sim_create(2023, 3);
    gsl_rng *ra = sim_stream(a, "arrivals");
    sim_stream(b, "something.new");          /* b has an extra stream, created first */
    gsl_rng *rb = sim_stream(b, "arrivals");
    for (int i = 0; i < 1000; i++)
        ck_assert_uint_eq(gsl_rng_get(ra), gsl_rng_get(rb));
    ck_assert_ptr_eq(sim_stream(a, "arrivals"), ra); /* looked up, not re-created */
    sim_destroy(a);
    sim_destroy(b);
}
END_TEST

START_TEST(streams_differ_by_name_replication_and_seed)
{
    uint64_t s = sim_stream_seed(1, 0, "a");
    ck_assert_uint_ne(s, sim_stream_seed(1, 0, "b"));
    ck_assert_uint_ne(s, sim_stream_seed(1, 1, "a"));
    ck_assert_uint_ne(s, sim_stream_seed(2, 0, "a"));
    ck_assert_uint_eq(s, sim_stream_seed(1, 0, "a"));
    sim_t *x = sim_create(1, 0);
    gsl_rng *p = sim_stream(x, "a"), *q = sim_stream(x, "b");
    int same = 0;
    for (int i = 0; i < 100; i++)
        same += gsl_rng_get(p) == gsl_rng_get(q);
    ck_assert_int_lt(same, 3);
    sim_destroy(x);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("dist");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, each_kind_has_the_mean_and_sd_its_spec_says);
    tcase_add_test(tc, empirical_table_draws_its_values_in_proportion);
    tcase_add_test(tc, bad_parameters_are_refused_not_aborted);
    tcase_add_test(tc, the_bound_of_each_kind_is_its_largest_value);
    tcase_add_test(tc, lognormal_draws_are_gsl_s_bit_for_bit);
    tcase_add_test(tc, uniform_empirical_and_gamma_draws_are_gsl_s_bit_for_bit);
    tcase_add_test(tc, adding_a_stream_leaves_other_streams_untouched);
    tcase_add_test(tc, streams_differ_by_name_replication_and_seed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
