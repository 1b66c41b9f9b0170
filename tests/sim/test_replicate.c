/* test_replicate.c: reproducibility and independence of runs. */
#include <math.h>
#include <string.h>

#include "sim/replicate.h"
#include "sim/sim.h"
#include "tests/testutil.h"

enum { NREP = 8 };

typedef struct ctx {
    qnet_spec_t spec;
    qnet_result_t res[NREP];
} ctx_t;

static int one_rep(unsigned rep, void *p)
{
    ctx_t *c = p;
    return qnet_run(&c->spec, 99, rep, &c->res[rep]);
}

static void setup(ctx_t *c)
{
    memset(c, 0, sizeof *c);
    c->spec = (qnet_spec_t){.lambda = 0.9, .stations = 2, .servers = {1, 2},
                            .warmup = 100, .horizon = 2e4};
    sim_dist_exponential(&c->spec.service[0], 1.0);
    sim_dist_gamma(&c->spec.service[1], 1.5, 0.5);
}

START_TEST(one_and_two_threads_give_identical_results)
{
    static ctx_t a, b; /* large: keep off the stack; each test runs in its own process */
    setup(&a);
    setup(&b);
    sim_rep_opts_t o1 = {.first = 0, .count = NREP, .threads = 1};
    sim_rep_opts_t o2 = {.first = 0, .count = NREP, .threads = 2};
    ck_assert_int_eq(sim_replicate(&o1, one_rep, &a), 0);
    ck_assert_int_eq(sim_replicate(&o2, one_rep, &b), 0);
    ck_assert_mem_eq(a.res, b.res, sizeof a.res);
    /* and the replications differ from one another */
    ck_assert(a.res[0].sojourn != a.res[1].sojourn);
}
END_TEST

START_TEST(same_seed_gives_identical_results)
{
    static ctx_t a, b;
    setup(&a);
    setup(&b);
    one_rep(3, &a);
    one_rep(3, &b);
    ck_assert_mem_eq(&a.res[3], &b.res[3], sizeof a.res[3]);
}
END_TEST

/* A tiny self-rescheduling model whose trajectory depends on its stream. */
typedef struct walker { gsl_rng *r; double sum; int n; } walker_t;

static void walk(sim_t *sim, void *subject, void *object)
{
    (void)object;
    walker_t *w = subject;
    double d = gsl_ran_exponential(w->r, 1.0);
    w->sum += d * sim_now(sim);
    w->n++;
    sim_schedule(sim, d, 0, walk, w, NULL);
}

START_TEST(two_simulations_stepped_alternately_match_each_run_alone)
{
    sim_t *a = sim_create(11, 0), *b = sim_create(12, 0);
    walker_t wa = {sim_stream(a, "w"), 0, 0}, wb = {sim_stream(b, "w"), 0, 0};
    sim_schedule(a, 0, 0, walk, &wa, NULL);
    sim_schedule(b, 0, 0, walk, &wb, NULL);
    for (int i = 0; i < 10000; i++) {
        sim_step(a);
        sim_step(b);
    }
    sim_t *a1 = sim_create(11, 0), *b1 = sim_create(12, 0);
    walker_t xa = {sim_stream(a1, "w"), 0, 0}, xb = {sim_stream(b1, "w"), 0, 0};
    sim_schedule(a1, 0, 0, walk, &xa, NULL);
    sim_schedule(b1, 0, 0, walk, &xb, NULL);
    for (int i = 0; i < 10000; i++)
        sim_step(a1);
    for (int i = 0; i < 10000; i++)
        sim_step(b1);
    ck_assert(wa.sum == xa.sum && wb.sum == xb.sum);
    ck_assert(sim_now(a) == sim_now(a1) && sim_now(b) == sim_now(b1));
    ck_assert(wa.sum != wb.sum);
    sim_destroy(a); sim_destroy(b); sim_destroy(a1); sim_destroy(b1);
}
END_TEST

static int fail_at_five(unsigned rep, void *p)
{
    (void)p;
    return rep == 5 ? 7 : 0;
}

START_TEST(a_failing_replication_is_reported)
{
    bool done[10] = {0};
    sim_rep_opts_t o = {.first = 0, .count = 10, .threads = 2, .done = done};
    ck_assert_int_eq(sim_replicate(&o, fail_at_five, NULL), 7);
    ck_assert(!done[5]);
}
END_TEST

static int count_rep(unsigned rep, void *p)
{
    atomic_int *seen = p;
    atomic_fetch_add(&seen[rep], 1);
    return 0;
}

START_TEST(a_range_of_replications_runs_each_once)
{
    static atomic_int seen[20];
    sim_rep_opts_t o = {.first = 5, .count = 10, .threads = 2};
    ck_assert_int_eq(sim_replicate(&o, count_rep, seen), 0);
    for (int i = 0; i < 20; i++)
        ck_assert_int_eq(atomic_load(&seen[i]), i >= 5 && i < 15);
}
END_TEST

START_TEST(a_raised_stop_flag_starts_no_replication)
{
    static atomic_int seen[4];
    atomic_int stop = 1;
    sim_rep_opts_t o = {.first = 0, .count = 4, .threads = 2, .stop = &stop};
    ck_assert_int_eq(sim_replicate(&o, count_rep, seen), 0);
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(atomic_load(&seen[i]), 0);
}
END_TEST

/* Even replications finish, odd ones are cut short by a stop request. */
static int odd_ones_stop(unsigned rep, void *ctx)
{
    (void)ctx;
    return rep % 2 ? SIM_REP_STOPPED : 0;
}

START_TEST(a_replication_cut_short_is_neither_done_nor_failed)
{
    bool done[6] = {false};
    for (unsigned t = 1; t <= 2; t++) {
        sim_rep_opts_t o = {.first = 0, .count = 6, .threads = t, .done = done};
        ck_assert_int_eq(sim_replicate(&o, odd_ones_stop, NULL), 0);
        for (int i = 0; i < 6; i++)
            ck_assert_msg(done[i] == (i % 2 == 0), "threads %u: replication %d done=%d", t, i, done[i]);
    }
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("replicate");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, one_and_two_threads_give_identical_results);
    tcase_add_test(tc, same_seed_gives_identical_results);
    tcase_add_test(tc, two_simulations_stepped_alternately_match_each_run_alone);
    tcase_add_test(tc, a_failing_replication_is_reported);
    tcase_add_test(tc, a_range_of_replications_runs_each_once);
    tcase_add_test(tc, a_raised_stop_flag_starts_no_replication);
    tcase_add_test(tc, a_replication_cut_short_is_neither_done_nor_failed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
