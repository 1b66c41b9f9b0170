/* bench_engine.c: the engine's benchmarks, one per process (so peak RSS is its own).
 *
 *   mm1 [customers]          M/M/1, lambda 0.9, mu 1, through sim_resource
 *   mm1_parallel [customers] the same, as replications on 2 threads
 *   mm1_calendar [customers] the same model on the calendar alone, with its own
 *                            queue (a rung of bench/run_ladder.sh)
 *   hold [pending] [steps]   the classic hold model: pop the earliest, schedule
 *                            one at now + Exp(1), with `pending` events kept
 *
 * Prints: bench <name> events=<n> customers=<n> seconds=<s> events_per_sec=<r>
 *         customers_per_sec=<r> peak_rss_kb=<k>
 * seconds: the process's CPU time; wall time for mm1_parallel, whose point it is. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "sim/dist.h"
#include "sim/replicate.h"
#include "sim/resource.h"
#include "sim/sim.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
/* Wall time, for the parallel run (its point); the process's CPU time for the
 * rest, which another tenant of the machine cannot lengthen. */
static double wall(void) { return clock_s(CLOCK_MONOTONIC); }
static double cpu(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void report(const char *name, unsigned long long events, unsigned long long customers,
                   double secs)
{
    printf("bench %s events=%llu customers=%llu seconds=%.3f events_per_sec=%.0f "
           "customers_per_sec=%.0f peak_rss_kb=%ld\n",
           name, events, customers, secs, (double)events / secs, (double)customers / secs,
           peak_rss_kb());
}

/* M/M/1 as a model writes it: the engine's resource, distributions and named
 * streams, customers from a free list. */
typedef struct cust { double t_arrive; struct cust *next; } cust_t;

typedef struct mm1 {
    sim_resource_t *server;
    gsl_rng *arr, *svc;
    sim_dist_t interarrival, service;
    cust_t *free_list;
    unsigned long long arrivals, limit, done;
    double sojourn_sum;
} mm1_t;

static cust_t *cust_get(mm1_t *m)
{
    cust_t *c = m->free_list;
    if (c) {
        m->free_list = c->next;
        return c;
    }
    return malloc(sizeof *c);
}

static void depart(sim_t *sim, void *subject, void *object)
{
    mm1_t *m = object;
    cust_t *c = subject;
    sim_resource_release(sim, m->server);
    m->sojourn_sum += sim_now(sim) - c->t_arrive;
    m->done++;
    c->next = m->free_list;
    m->free_list = c;
}

static void start(sim_t *sim, void *entity, void *arg)
{
    mm1_t *m = arg;
    sim_schedule(sim, sim_dist_sample(&m->service, m->svc), 0, depart, entity, m);
}

static void arrive(sim_t *sim, void *subject, void *object)
{
    (void)object;
    mm1_t *m = subject;
    cust_t *c = cust_get(m);
    if (!c) {
        sim_fail(sim);
        return;
    }
    c->t_arrive = sim_now(sim);
    sim_resource_request(sim, m->server, c, 0, start, m);
    if (++m->arrivals < m->limit)
        sim_schedule(sim, sim_dist_sample(&m->interarrival, m->arr), 0, arrive, m, NULL);
}

static unsigned long long run_mm1(unsigned rep, unsigned long long customers, double *mean_w)
{
    sim_t *sim = sim_create(1, rep);
    mm1_t m = {.server = sim_resource_create(sim, 1, SIM_QUEUE_FIFO),
               .arr = sim_stream(sim, "arrivals"), .svc = sim_stream(sim, "service"),
               .limit = customers};
    sim_dist_exponential(&m.interarrival, 1 / 0.9);
    sim_dist_exponential(&m.service, 1.0);
    sim_schedule(sim, 0, 0, arrive, &m, NULL);
    sim_run(sim);
    unsigned long long ev = sim_events_run(sim);
    *mean_w = m.sojourn_sum / (double)m.done;
    while (m.free_list) {
        cust_t *n = m.free_list->next;
        free(m.free_list);
        m.free_list = n;
    }
    sim_resource_destroy(m.server);
    sim_destroy(sim);
    return ev;
}

/* M/M/1 on the calendar alone: the model keeps its own queue of arrival times,
 * as mm1_plain does, and only the events go through the engine.  A rung of
 * bench/run_ladder.sh, between the hand-written slots and sim_resource. */
typedef struct cal_mm1 {
    gsl_rng *arr, *svc;
    double *q;                 /* FIFO ring of arrival times */
    size_t qcap, qhead, qlen;
    bool busy;
    unsigned long long arrivals, limit, done;
    double sojourn_sum;
} cal_mm1_t;

static void cal_depart(sim_t *sim, void *subject, void *object);

static void cal_arrive(sim_t *sim, void *subject, void *object)
{
    (void)object;
    cal_mm1_t *m = subject;
    if (m->qlen == m->qcap) {
        sim_fail(sim); /* sized at set-up, far beyond what rho = 0.9 reaches */
        return;
    }
    m->q[(m->qhead + m->qlen++) & (m->qcap - 1)] = sim_now(sim);
    if (!m->busy) {
        m->busy = true;
        sim_schedule(sim, sim_exponential(m->svc, 1.0), 0, cal_depart, m, NULL);
    }
    if (++m->arrivals < m->limit)
        sim_schedule(sim, sim_exponential(m->arr, 1 / 0.9), 0, cal_arrive, m, NULL);
}

static void cal_depart(sim_t *sim, void *subject, void *object)
{
    (void)object;
    cal_mm1_t *m = subject;
    m->sojourn_sum += sim_now(sim) - m->q[m->qhead];
    m->qhead = (m->qhead + 1) & (m->qcap - 1);
    m->qlen--;
    m->done++;
    if (m->qlen)
        sim_schedule(sim, sim_exponential(m->svc, 1.0), 0, cal_depart, m, NULL);
    else
        m->busy = false;
}

static unsigned long long run_mm1_calendar(unsigned long long customers, double *mean_w)
{
    sim_t *sim = sim_create(1, 0);
    cal_mm1_t m = {.arr = sim_stream(sim, "arrivals"), .svc = sim_stream(sim, "service"),
                   .qcap = 1u << 16, .limit = customers};
    m.q = malloc(m.qcap * sizeof *m.q);
    if (!m.q) {
        sim_destroy(sim);
        *mean_w = NAN;
        return 0;
    }
    sim_schedule(sim, 0, 0, cal_arrive, &m, NULL);
    bool ok = sim_run(sim);
    unsigned long long ev = sim_events_run(sim);
    *mean_w = ok ? m.sojourn_sum / (double)m.done : NAN;
    free(m.q);
    sim_destroy(sim);
    return ev;
}

typedef struct par { unsigned long long customers, events[2]; double w[2]; } par_t;

static int par_rep(unsigned rep, void *ctx)
{
    par_t *p = ctx;
    p->events[rep] = run_mm1(rep, p->customers, &p->w[rep]);
    return 0;
}

static void hold_nop(sim_t *sim, void *subject, void *object);

static void hold_step(sim_t *sim, void *subject, void *object)
{
    (void)object;
    sim_schedule(sim, sim_exponential(subject, 1.0), 0, hold_step, subject, NULL);
}

static void hold_nop(sim_t *sim, void *subject, void *object) { (void)sim; (void)subject; (void)object; }

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        fprintf(stderr, "usage: bench_engine mm1|mm1_parallel|mm1_calendar|hold [args]\n");
        return 2;
    }
    const char *which = argv[1];
    if (strcmp(which, "mm1") == 0) {
        unsigned long long n = argc > 2 ? strtoull(argv[2], NULL, 10) : 10000000ULL;
        double w, t0 = cpu();
        unsigned long long ev = run_mm1(0, n, &w);
        report("mm1", ev, n, cpu() - t0);
        fprintf(stderr, "mm1: mean time in system %.3f (theory 10)\n", w);
    } else if (strcmp(which, "mm1_calendar") == 0) {
        unsigned long long n = argc > 2 ? strtoull(argv[2], NULL, 10) : 10000000ULL;
        double w, t0 = cpu();
        unsigned long long ev = run_mm1_calendar(n, &w);
        report("mm1_calendar", ev, n, cpu() - t0);
        fprintf(stderr, "mm1_calendar: mean time in system %.3f (theory 10)\n", w);
    } else if (strcmp(which, "mm1_parallel") == 0) {
        par_t p = {.customers = argc > 2 ? strtoull(argv[2], NULL, 10) : 10000000ULL};
        sim_rep_opts_t o = {.first = 0, .count = 2, .threads = 2};
        double t0 = wall();
        sim_replicate(&o, par_rep, &p);
        report("mm1_parallel", p.events[0] + p.events[1], 2 * p.customers, wall() - t0);
    } else if (strcmp(which, "hold") == 0) {
        unsigned long pending = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000;
        unsigned long long steps = argc > 3 ? strtoull(argv[3], NULL, 10) : 10000000ULL;
        sim_t *sim = sim_create(1, 0);
        gsl_rng *r = sim_stream(sim, "hold");
        for (unsigned long i = 0; i < pending; i++)
            sim_schedule(sim, sim_exponential(r, 1.0), 0, hold_step, r, NULL);
        double t0 = cpu();
        for (unsigned long long s = 0; s < steps; s++)
            sim_step(sim);
        char name[32];
        snprintf(name, sizeof name, "hold_%s", pending >= 100000 ? "1e5" : pending >= 1000 ? "1e3" : "small");
        report(name, steps, 0, cpu() - t0);
        sim_destroy(sim);
        (void)hold_nop;
    } else {
        fprintf(stderr, "bench_engine: unknown benchmark '%s'\n", which);
        return 2;
    }
    return 0;
}
