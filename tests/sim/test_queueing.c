/* test_queueing.c: the engine against queueing theory.
 *
 * Each check runs R independent replications (fixed seeds: deterministic, so it
 * cannot flake), takes the across-replication mean and its standard error, and
 * asserts the theoretical value lies within 4 standard errors.  It also asserts
 * the standard error is small (a few % of the value), so the check has teeth. */
#include <math.h>

#include "sim/stats.h"
#include "tests/testutil.h"

enum { REPS = 20 };

typedef struct est { sim_tally_t wait[QNET_MAX], sojourn, in_system, thru, little; } est_t;

static void estimate(qnet_spec_t *spec, uint64_t seed, est_t *e)
{
    for (int i = 0; i < QNET_MAX; i++)
        sim_tally_init(&e->wait[i]);
    sim_tally_init(&e->sojourn); sim_tally_init(&e->in_system);
    sim_tally_init(&e->thru); sim_tally_init(&e->little);
    for (unsigned rep = 0; rep < REPS; rep++) {
        qnet_result_t r;
        ck_assert_int_eq(qnet_run(spec, seed, rep, &r), 0);
        for (int i = 0; i < spec->stations; i++)
            sim_tally_add(&e->wait[i], r.wait[i]);
        sim_tally_add(&e->sojourn, r.sojourn);
        sim_tally_add(&e->in_system, r.in_system);
        sim_tally_add(&e->thru, r.throughput);
        sim_tally_add(&e->little, r.in_system - r.throughput * r.sojourn);
    }
}

static double se(const sim_tally_t *t) { return sim_tally_sd(t) / sqrt((double)t->n); }

static void expect(const sim_tally_t *t, double value, const char *what)
{
    double m = sim_tally_mean(t), s = se(t);
    ck_assert_msg(fabs(m - value) <= 4 * s, "%s: %.5g, theory %.5g, se %.3g", what, m, value, s);
    ck_assert_msg(s <= 0.05 * value, "%s: se %.3g too wide to test %.5g", what, s, value);
}

static void mm1(double rho, double warmup, double horizon)
{
    qnet_spec_t spec = {.lambda = rho, .stations = 1, .servers = {1},
                        .warmup = warmup, .horizon = horizon};
    sim_dist_exponential(&spec.service[0], 1.0);
    est_t e;
    estimate(&spec, 1000 + (uint64_t)(rho * 100), &e);
    expect(&e.wait[0], rho / (1 - rho), "M/M/1 mean wait");
    expect(&e.sojourn, 1 / (1 - rho), "M/M/1 mean time in system");
}

START_TEST(mm1_at_rho_0_8_matches_theory) { mm1(0.8, 5e3, 1e5); }
END_TEST

START_TEST(mm1_at_rho_0_95_matches_theory) { mm1(0.95, 4e4, 4e5); }
END_TEST

START_TEST(mmc_with_three_servers_matches_erlang_c)
{
    double lambda = 2.4, mu = 1.0;
    qnet_spec_t spec = {.lambda = lambda, .stations = 1, .servers = {3},
                        .warmup = 5e3, .horizon = 5e4};
    sim_dist_exponential(&spec.service[0], 1 / mu);
    est_t e;
    estimate(&spec, 3003, &e);
    double wq = erlang_c(3, lambda / mu) / (3 * mu - lambda);
    expect(&e.wait[0], wq, "M/M/3 mean wait (Erlang C)");
    expect(&e.sojourn, wq + 1 / mu, "M/M/3 mean time in system");
}
END_TEST

START_TEST(md1_matches_pollaczek_khinchine)
{
    double rho = 0.8;
    qnet_spec_t spec = {.lambda = rho, .stations = 1, .servers = {1},
                        .warmup = 5e3, .horizon = 1e5};
    sim_dist_constant(&spec.service[0], 1.0);
    est_t e;
    estimate(&spec, 4004, &e);
    expect(&e.wait[0], rho / (2 * (1 - rho)), "M/D/1 mean wait (P-K)");
}
END_TEST

START_TEST(tandem_of_two_mm1_is_the_sum_of_the_two)
{
    double lambda = 0.5, mu1 = 1.0, mu2 = 0.8;
    qnet_spec_t spec = {.lambda = lambda, .stations = 2, .servers = {1, 1},
                        .warmup = 5e3, .horizon = 1e5};
    sim_dist_exponential(&spec.service[0], 1 / mu1);
    sim_dist_exponential(&spec.service[1], 1 / mu2);
    est_t e;
    estimate(&spec, 5005, &e);
    expect(&e.wait[0], lambda / (mu1 * (mu1 - lambda)), "tandem station 1 wait");
    expect(&e.wait[1], lambda / (mu2 * (mu2 - lambda)), "tandem station 2 wait");
    expect(&e.sojourn, 1 / (mu1 - lambda) + 1 / (mu2 - lambda), "tandem time in system (Jackson)");
}
END_TEST

START_TEST(littles_law_holds_on_time_averages)
{
    qnet_spec_t spec = {.lambda = 0.9, .stations = 1, .servers = {1},
                        .warmup = 2e4, .horizon = 2e5};
    sim_dist_lognormal(&spec.service[0], 1.0, 0.7);
    est_t e;
    estimate(&spec, 6006, &e);
    /* L - lambda_hat * W per replication: zero but for customers straddling the
     * window's edges, whose share shrinks with the window. */
    double L = sim_tally_mean(&e.in_system);
    ck_assert_msg(fabs(sim_tally_mean(&e.little)) <= 0.01 * L, "L - lambda W = %g, L = %g",
                  sim_tally_mean(&e.little), L);
    expect(&e.thru, 0.9, "throughput");
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("queueing");
    TCase *tc = tcase_create("theory");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, mm1_at_rho_0_8_matches_theory);
    tcase_add_test(tc, mm1_at_rho_0_95_matches_theory);
    tcase_add_test(tc, mmc_with_three_servers_matches_erlang_c);
    tcase_add_test(tc, md1_matches_pollaczek_khinchine);
    tcase_add_test(tc, tandem_of_two_mm1_is_the_sum_of_the_two);
    tcase_add_test(tc, littles_law_holds_on_time_averages);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
