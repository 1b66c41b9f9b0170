/* experiment.c: replications, signals, precision.  See experiment.h. */
#include "experiment/experiment.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "models/scenario/plan.h"
#include "models/zone/kpi.h"
#include "models/zone/zone.h"
#include "sim/replicate.h"
#include "models/scenario/json_in.h"

/* The one piece of process-wide mutable state: a signal reaches a process, not a
 * simulation.  Output files are renamed into place whole, so an exit at any
 * moment leaves no half-written file under a final name. */
static volatile atomic_int interrupted;

static void on_signal(int sig)
{
    (void)sig;
    if (atomic_exchange(&interrupted, 1))
        _exit(CZ_INTERRUPTED);
}

void ex_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

volatile atomic_int *ex_interrupted(void) { return &interrupted; }

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct run_ctx {
    const ex_reps_t *r;
    int nk, ndetail;
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
    cz_eprintf("\r\033[K%s%u/%u replications, %.2g events/s, about %.0f s left", c->progress,
            finished, count, rate, left);
    c->shown = true;
}

static int one_replication(unsigned rep, void *p)
{
    run_ctx_t *c = p;
    const ex_reps_t *r = c->r;
    size_t i = rep - r->first;
    cz_zone_stats_t st;
    double *det = r->detail ? r->detail + i * (size_t)c->ndetail : NULL;
    cz_run_opts_t o = {rep, &interrupted, NULL, det, r->monitor};
    int rc = cz_zone_run_with(r->s, &o, r->table + i * (size_t)c->nk, &st);
    atomic_fetch_add(&c->events, st.events);
    if (rc == CZ_INTERRUPTED)
        return SIM_REP_STOPPED; /* cut short: never written, never counted */
    if (rc != CZ_OK)
        snprintf(c->errors[i], sizeof c->errors[0], "%s", st.check_error);
    return rc;
}

int ex_run_replications(const ex_reps_t *r, char *err, size_t errlen)
{
    cz_detail_layout_t dl;
    cz_detail_layout(r->s, &dl);
    run_ctx_t c = {r, cz_kpi_count(r->s), dl.size, calloc(r->count ? r->count : 1, 256), 0, wall_now(),
                   r->progress && isatty(STDERR_FILENO) ? r->progress : NULL, false};
    if (!c.errors) {
        snprintf(err, errlen, "out of memory");
        return CZ_FAILED;
    }
    memset(r->done, 0, r->count * sizeof *r->done);
    sim_rep_opts_t ro = {.first = r->first, .count = r->count, .threads = r->threads,
                         .stop = &interrupted, .done = r->done, .progress = show_progress};
    int rc = sim_replicate(&ro, one_replication, &c);
    if (c.shown)
        cz_eprintf("\r\033[K");
    if (rc != 0) {
        snprintf(err, errlen, "%s: a replication failed", r->s->file);
        for (unsigned i = 0; i < r->count; i++)
            if (c.errors[i][0]) {
                snprintf(err, errlen, "%s: replication %u failed: %s", r->s->file, r->first + i, c.errors[i]);
                break;
            }
        rc = CZ_FAILED;
    } else if (atomic_load(&interrupted)) {
        rc = CZ_INTERRUPTED;
    }
    free(c.errors);
    return rc;
}

double ex_relative_halfwidth(const double *table, unsigned nrep, int nkpi, int k)
{
    cz_kpi_summary_t m = cz_kpi_summarise(table, nrep, nkpi, k);
    if (m.n >= 2 && m.sd == 0)
        return 0;
    if (m.n < 2 || isnan(m.ci95) || m.mean == 0)
        return INFINITY;
    return m.ci95 / fabs(m.mean);
}

bool ex_fits_in_memory(const cz_scenario_t *s, unsigned threads, unsigned reps)
{
    double per_rep = cz_plan_in_system(s) * CZ_BYTES_PER_CONSIGNMENT;
    unsigned parallel = threads < reps ? threads : reps;
    double need = per_rep * parallel;
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    double have = pages > 0 && page > 0 ? (double)pages * (double)page : 8e9;
    if (need <= have / 2)
        return true;
    cz_eprintf("zonesim: %s: the run would hold about %.3g consignments at once per replication (about "
            "%.3g GB for %u in parallel), more than half of this machine's %.3g GB: lower the rates, dwell times "
            "or horizon_days, or add lanes\n", s->file, per_rep / CZ_BYTES_PER_CONSIGNMENT, need / 1e9, parallel,
            have / 1e9);
    return false;
}
