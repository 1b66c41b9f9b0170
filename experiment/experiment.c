/* experiment.c: replications, signals, precision.  See experiment.h. */
#include "experiment/experiment.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "models/zone/kpi.h"
#include "models/zone/zone.h"
#include "sim/replicate.h"

/* The one piece of process-wide mutable state: a signal reaches a process, not a
 * simulation.  Output files are renamed into place whole, so an exit at any
 * moment leaves no half-written file under a final name. */
static volatile atomic_int interrupted;

static void on_signal(int sig)
{
    (void)sig;
    if (atomic_exchange(&interrupted, 1))
        _exit(130);
}

void cz_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

volatile atomic_int *cz_interrupted(void) { return &interrupted; }


static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct run_ctx {
    const cz_scenario_t *s;
    unsigned first;
    int nk;
    double *table;
    double *detail;      /* or NULL */
    int ndetail;
    char (*errors)[256]; /* per replication: each thread writes only its own */
    atomic_ullong events;
    double t0;
    const char *progress;  /* label, or NULL when not shown */
    bool shown;
} run_ctx_t;

/* Called after each replication, one thread at a time. */
static void show_progress(unsigned finished, unsigned count, void *p)
{
    run_ctx_t *c = p;
    double el = wall_now() - c->t0;
    if (!c->progress || el < 1.0)
        return;
    double rate = (double)atomic_load(&c->events) / el;
    double left = el / finished * (count - finished);
    fprintf(stderr, "\r\033[K%s%u/%u replications, %.2g events/s, about %.0f s left", c->progress,
            finished, count, rate, left);
    c->shown = true;
}

static int one_replication(unsigned rep, void *p)
{
    run_ctx_t *c = p;
    cz_zone_stats_t st;
    double *row = c->table + (size_t)(rep - c->first) * (size_t)c->nk;
    double *det = c->detail ? c->detail + (size_t)(rep - c->first) * (size_t)c->ndetail : NULL;
    cz_run_opts_t o = {rep, &interrupted, NULL, det};
    int rc = cz_zone_run_with(c->s, &o, row, &st);
    atomic_fetch_add(&c->events, st.events);
    if (rc == CZ_ZONE_INTERRUPTED)
        return SIM_REP_STOPPED; /* cut short: never written, never counted */
    if (rc != 0)
        snprintf(c->errors[rep - c->first], sizeof c->errors[0], "%s", st.check_error);
    return rc;
}

int cz_run_replications(const cz_scenario_t *s, unsigned first, unsigned count,
                        unsigned threads, double *table, bool *done, const char *progress,
                        char *err, size_t errlen)
{
    return cz_run_replications_detailed(s, first, count, threads, table, NULL, done, progress, err, errlen);
}

int cz_run_replications_detailed(const cz_scenario_t *s, unsigned first, unsigned count,
                                 unsigned threads, double *table, double *detail, bool *done,
                                 const char *progress, char *err, size_t errlen)
{
    cz_detail_layout_t dl;
    cz_detail_layout(s, &dl);
    run_ctx_t c = {s, first, cz_kpi_count(s), table, detail, dl.size, calloc(count ? count : 1, 256), 0,
                   wall_now(), progress && isatty(STDERR_FILENO) ? progress : NULL, false};
    if (!c.errors) {
        snprintf(err, errlen, "out of memory");
        return 1;
    }
    memset(done, 0, count * sizeof *done);
    sim_rep_opts_t ro = {.first = first, .count = count, .threads = threads,
                         .stop = &interrupted, .done = done, .progress = show_progress};
    int rc = sim_replicate(&ro, one_replication, &c);
    if (c.shown)
        fprintf(stderr, "\r\033[K");
    if (rc != 0) {
        for (unsigned i = 0; i < count; i++)
            if (c.errors[i][0]) {
                snprintf(err, errlen, "%s: replication %u failed: %s", s->file, first + i, c.errors[i]);
                break;
            }
        rc = 1;
    } else if (atomic_load(&interrupted)) {
        rc = 130;
    }
    free(c.errors);
    return rc;
}

cz_scenario_t *cz_load_or_report(const char *file, const char *const *sets, int nsets)
{
    cz_reader_t r;
    cz_reader_init(&r, file);
    cz_scenario_t *s = cz_scenario_load(&r, file, sets, nsets);
    if (!s)
        cz_reader_print(&r, stderr);
    cz_reader_fini(&r);
    return s;
}

double cz_relative_halfwidth(const double *table, unsigned nrep, int nkpi, int k)
{
    cz_kpi_summary_t m = cz_kpi_summarise(table, nrep, nkpi, k);
    if (m.n >= 2 && m.sd == 0)
        return 0;
    if (m.n < 2 || isnan(m.ci95) || m.mean == 0)
        return INFINITY;
    return m.ci95 / fabs(m.mean);
}
