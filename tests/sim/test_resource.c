/* test_resource.c: servers, queue disciplines, opening hours, statistics. */
#include <math.h>

#include "sim/resource.h"
#include "sim/sim.h"
#include "tests/testutil.h"

typedef struct log {
    int order[64];
    double t[64];
    int n;
    sim_resource_t *r;
    double service;
} log_t;


typedef struct job { int id; log_t *log; } job_t;

static void done(sim_t *sim, void *subject, void *object)
{
    (void)object;
    job_t *j = subject;
    sim_resource_release(sim, j->log->r);
}

static void granted(sim_t *sim, void *entity, void *arg)
{
    (void)arg;
    job_t *j = entity;
    log_t *l = j->log;
    l->order[l->n] = j->id;
    l->t[l->n++] = sim_now(sim);
    sim_schedule(sim, l->service, 0, done, j, NULL);
}

START_TEST(fifo_queue_serves_in_arrival_order)
{
    sim_t *sim = sim_create(1, 0);
    log_t l = {.r = sim_resource_create(sim, 1, SIM_QUEUE_FIFO), .service = 1};
    job_t jobs[40];
    for (int i = 0; i < 40; i++) {
        jobs[i] = (job_t){i, &l};
        sim_resource_request(sim, l.r, &jobs[i], 40 - i, granted, NULL);
    }
    sim_run_until(sim, 100);
    ck_assert_int_eq(l.n, 40);
    for (int i = 0; i < 40; i++) {
        ck_assert_int_eq(l.order[i], i);
        ck_assert(l.t[i] == i);
    }
    /* waits 0..39, mean 19.5; busy all of [0,40) out of 100 */
    ck_assert_double_eq_tol(sim_tally_mean(sim_resource_waits(l.r)), 19.5, 1e-12);
    ck_assert_double_eq_tol(sim_resource_utilization(l.r, 100), 0.4, 1e-12);
    ck_assert_double_eq_tol(sim_resource_mean_queue(l.r, 100), 39.0 * 40 / 2 / 100, 1e-12);
    sim_resource_destroy(l.r);
    sim_destroy(sim);
}
END_TEST

START_TEST(priority_queue_serves_smallest_priority_first_fifo_among_equals)
{
    sim_t *sim = sim_create(1, 0);
    log_t l = {.r = sim_resource_create(sim, 1, SIM_QUEUE_PRIORITY), .service = 1};
    job_t jobs[10];
    const int prio[10] = {0, 5, 3, 3, 1, 5, 0, 3, 1, 9};
    for (int i = 0; i < 10; i++) {
        jobs[i] = (job_t){i, &l};
        sim_resource_request(sim, l.r, &jobs[i], prio[i], granted, NULL);
    }
    sim_run_until(sim, 100);
    /* job 0 is granted at once; then by (prio, arrival) */
    const int expect[10] = {0, 6, 4, 8, 2, 3, 7, 1, 5, 9};
    for (int i = 0; i < 10; i++)
        ck_assert_int_eq(l.order[i], expect[i]);
    sim_resource_destroy(l.r);
    sim_destroy(sim);
}
END_TEST

START_TEST(several_servers_work_in_parallel)
{
    sim_t *sim = sim_create(1, 0);
    log_t l = {.r = sim_resource_create(sim, 3, SIM_QUEUE_FIFO), .service = 2};
    job_t jobs[9];
    for (int i = 0; i < 9; i++) {
        jobs[i] = (job_t){i, &l};
        sim_resource_request(sim, l.r, &jobs[i], 0, granted, NULL);
    }
    sim_run_until(sim, 6);
    for (int i = 0; i < 9; i++)
        ck_assert(l.t[i] == 2 * (i / 3));
    ck_assert_uint_eq(sim_resource_busy(l.r), 0);
    ck_assert_double_eq_tol(sim_resource_utilization(l.r, 6), 1.0, 1e-12);
    sim_resource_destroy(l.r);
    sim_destroy(sim);
}
END_TEST

/* Poisson arrivals around the clock at a resource open 07:00-22:00. */
typedef struct night {
    sim_resource_t *r;
    gsl_rng *rng;
    log_t *l;
    job_t jobs[4000];
    int n;
    int closed_grants;
    double last_end;
} night_t;

static void night_done(sim_t *sim, void *subject, void *object)
{
    night_t *nt = object;
    (void)subject;
    nt->last_end = sim_now(sim);
    sim_resource_release(sim, nt->r);
}

static void night_granted(sim_t *sim, void *entity, void *arg)
{
    night_t *nt = arg;
    double phase = fmod(sim_now(sim), 1440);
    if (phase < 420 || phase >= 1320)
        nt->closed_grants++;
    sim_schedule(sim, 30, 0, night_done, entity, nt);
}

static void night_arrive(sim_t *sim, void *subject, void *object)
{
    (void)object;
    night_t *nt = subject;
    if (nt->n >= 4000)
        return;
    job_t *j = &nt->jobs[nt->n++];
    sim_resource_request(sim, nt->r, j, 0, night_granted, nt);
    sim_schedule(sim, gsl_ran_exponential(nt->rng, 10), 0, night_arrive, nt, NULL);
}

START_TEST(closed_resource_starts_no_service_but_finishes_what_it_started)
{
    sim_t *sim = sim_create(5, 0);
    night_t nt = {.r = sim_resource_create(sim, 2, SIM_QUEUE_FIFO), .rng = sim_stream(sim, "a")};
    sim_resource_set_hours(sim, nt.r, 420, 1320, 1440);
    ck_assert(!sim_resource_is_open(nt.r)); /* midnight: closed */
    sim_schedule(sim, 0, 0, night_arrive, &nt, NULL);
    sim_run_until(sim, 20 * 1440);
    ck_assert_int_gt(nt.n, 2000);
    ck_assert_int_eq(nt.closed_grants, 0);
    ck_assert_uint_eq(sim_resource_starts_while_closed(nt.r), 0);
    sim_resource_destroy(nt.r);
    sim_destroy(sim);
}
END_TEST

START_TEST(hours_that_wrap_past_midnight_open_at_night)
{
    sim_t *sim = sim_create(5, 0);
    sim_resource_t *r = sim_resource_create(sim, 1, SIM_QUEUE_FIFO);
    sim_resource_set_hours(sim, r, 1320, 360, 1440); /* 22:00 - 06:00 */
    ck_assert(sim_resource_is_open(r));
    sim_run_until(sim, 361);
    ck_assert(!sim_resource_is_open(r));
    sim_run_until(sim, 1320);
    ck_assert(sim_resource_is_open(r));
    sim_run_until(sim, 1440 + 359);
    ck_assert(sim_resource_is_open(r));
    sim_resource_destroy(r);
    sim_destroy(sim);
}
END_TEST

START_TEST(service_in_progress_at_closing_time_finishes)
{
    sim_t *sim = sim_create(5, 0);
    log_t l = {.r = sim_resource_create(sim, 1, SIM_QUEUE_FIFO), .service = 30};
    sim_resource_set_hours(sim, l.r, 0, 100, 1440);
    job_t a = {0, &l}, b = {1, &l};
    sim_run_until(sim, 90);
    sim_resource_request(sim, l.r, &a, 0, granted, NULL); /* starts at 90, ends 120 */
    sim_resource_request(sim, l.r, &b, 0, granted, NULL); /* must wait for 1440 */
    sim_run_until(sim, 2000);
    ck_assert_int_eq(l.n, 2);
    ck_assert(l.t[0] == 90);
    ck_assert(l.t[1] == 1440);
    ck_assert_uint_eq(sim_resource_busy(l.r), 0);
    sim_resource_destroy(l.r);
    sim_destroy(sim);
}
END_TEST

START_TEST(adding_servers_starts_waiting_work_and_removing_them_lets_service_finish)
{
    sim_t *sim = sim_create(1, 0);
    log_t l = {.r = sim_resource_create(sim, 1, SIM_QUEUE_FIFO), .service = 10};
    job_t jobs[6];
    for (int i = 0; i < 6; i++) {
        jobs[i] = (job_t){i, &l};
        sim_resource_request(sim, l.r, &jobs[i], 0, granted, NULL);
    }
    sim_run_until(sim, 5);
    ck_assert_int_eq(l.n, 1);
    sim_resource_set_servers(sim, l.r, 3);   /* at t = 5: two more start at once */
    ck_assert_int_eq(l.n, 3);
    ck_assert(l.t[1] == 5 && l.t[2] == 5);
    sim_resource_set_servers(sim, l.r, 1);   /* the three under way finish; then one at a time */
    sim_run_until(sim, 100);
    ck_assert_int_eq(l.n, 6);
    ck_assert(l.t[3] == 15 && l.t[4] == 25 && l.t[5] == 35);
    sim_resource_destroy(l.r);
    sim_destroy(sim);
}
END_TEST

/* A grant whose holder is done at once: it releases inside the grant callback. */
static void granted_and_done(sim_t *sim, void *entity, void *arg)
{
    (void)arg;
    job_t *j = entity;
    log_t *l = j->log;
    l->order[l->n] = j->id;
    l->t[l->n++] = sim_now(sim);
    sim_resource_release(sim, l->r);
}

/* Job 0 holds the server until t = 1; jobs 1..5 wait and, once granted, release
 * within their grant callback.  At t = 1 the release hands the server to job 1,
 * whose release re-enters the resource: every waiter must still be served, once,
 * in order, all at t = 1, leaving the server idle and counting every grant. */
static void check_synchronous_releases(sim_queue_kind_t kind)
{
    sim_t *sim = sim_create(1, 0);
    log_t l = {.r = sim_resource_create(sim, 1, kind), .service = 1};
    job_t jobs[6];
    jobs[0] = (job_t){0, &l};
    sim_resource_request(sim, l.r, &jobs[0], 0, granted, NULL);
    for (int i = 1; i < 6; i++) {
        jobs[i] = (job_t){i, &l};
        /* Priorities reverse arrival order when the queue honours them. */
        sim_resource_request(sim, l.r, &jobs[i], 10 - i, granted_and_done, NULL);
    }
    ck_assert_uint_eq(sim_resource_queue_length(l.r), 5);
    sim_run(sim);
    ck_assert_int_eq(l.n, 6);
    for (int k = 1; k < 6; k++) {
        int want = kind == SIM_QUEUE_FIFO ? k : 6 - k;
        ck_assert_int_eq(l.order[k], want);
        ck_assert(l.t[k] == 1.0);
    }
    ck_assert_uint_eq(sim_resource_busy(l.r), 0);
    ck_assert_uint_eq(sim_resource_queue_length(l.r), 0);
    ck_assert_uint_eq(sim_resource_waits(l.r)->n, 6);
    ck_assert(fabs(sim_resource_waits(l.r)->mean - 5.0 / 6.0) < 1e-12); /* 0, then 1 each */
    sim_resource_destroy(l.r);
    sim_destroy(sim);
}

START_TEST(a_grant_that_releases_at_once_lets_every_waiter_through)
{
    check_synchronous_releases(SIM_QUEUE_FIFO);
    check_synchronous_releases(SIM_QUEUE_PRIORITY);
}
END_TEST

static void saturate_release(sim_t *sim, void *subject, void *object)
{
    (void)object;
    sim_resource_release(sim, subject);
}

static void saturate_grant(sim_t *sim, void *entity, void *arg)
{
    (void)entity;
    sim_schedule(sim, 1.0, 0, saturate_release, arg, NULL);
}

START_TEST(utilisation_of_the_open_hours_counts_only_the_capacity_offered)
{
    sim_t *sim = sim_create(1, 0);
    sim_resource_t *r = sim_resource_create(sim, 2, SIM_QUEUE_FIFO);
    sim_resource_set_hours(sim, r, 360, 720, 1440); /* 06:00-12:00: a quarter of the day */
    for (int i = 0; i < 20000; i++)                 /* more work than 10 days can serve */
        sim_resource_request(sim, r, NULL, 0, saturate_grant, r);
    sim_run_until(sim, 5 * 1440);
    double now = sim_now(sim);
    ck_assert_double_eq_tol(sim_resource_mean_open_servers(r, now), 0.5, 1e-12);
    ck_assert_double_eq_tol(sim_resource_utilization(r, now), 0.25, 1e-12);
    ck_assert_double_eq_tol(sim_resource_open_utilization(r, now), 1.0, 1e-12);
    sim_resource_set_servers(sim, r, 4); /* doubling the servers doubles the capacity offered from now on */
    sim_resource_reset_stats(sim, r);
    sim_run_until(sim, 10 * 1440);
    ck_assert_double_eq_tol(sim_resource_mean_open_servers(r, sim_now(sim)), 1.0, 1e-12);
    ck_assert_double_eq_tol(sim_resource_open_utilization(r, sim_now(sim)), 1.0, 1e-12);
    sim_resource_destroy(r);
    sim_destroy(sim);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("resource");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, fifo_queue_serves_in_arrival_order);
    tcase_add_test(tc, priority_queue_serves_smallest_priority_first_fifo_among_equals);
    tcase_add_test(tc, several_servers_work_in_parallel);
    tcase_add_test(tc, closed_resource_starts_no_service_but_finishes_what_it_started);
    tcase_add_test(tc, hours_that_wrap_past_midnight_open_at_night);
    tcase_add_test(tc, service_in_progress_at_closing_time_finishes);
    tcase_add_test(tc, adding_servers_starts_waiting_work_and_removing_them_lets_service_finish);
    tcase_add_test(tc, a_grant_that_releases_at_once_lets_every_waiter_through);
    tcase_add_test(tc, utilisation_of_the_open_hours_counts_only_the_capacity_offered);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) { return run_suite(make_suite()); }
