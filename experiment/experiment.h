/* experiment.h: running the replications of a scenario — the thread pool,
 * failure reporting, interruption by signals, progress — and the precision
 * test of run-to-precision.  Shared by run, compare, sweep and search.
 *
 * Replication r of a scenario always uses the same seeds (master seed, r, stream
 * name), whatever else runs beside it: shards, batches and the sides of a
 * comparison line up replication by replication (common random numbers).
 * A replication cut short by a signal is never a row: done[] says which rows
 * are whole.
 * Ownership: tables are the caller's; nothing is kept. */
#ifndef EX_EXPERIMENT_H
#define EX_EXPERIMENT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "models/scenario/scenario.h"
#include "models/status.h"

/* Install SIGINT/SIGTERM handlers: the first sets the flag ex_interrupted()
 * returns (no new replication starts, running ones stop within a simulated
 * hour and are discarded), a second exits at once with status 130. */
void ex_catch_signals(void);
volatile atomic_int *ex_interrupted(void);

typedef struct ex_reps {
    const cz_scenario_t *s;
    unsigned first, count;       /* replications first .. first+count-1 */
    unsigned threads;
    double *table;               /* out: count rows of cz_kpi_count(s) */
    double *detail;              /* out: count rows of cz_detail_layout().size, or NULL */
    bool *done;                  /* out: count flags, row i whole */
    const char *progress;        /* label of a progress line on stderr (a terminal only), or NULL */
    const char *monitor;         /* a folder for each replication's rows (zone.h), or NULL */
} ex_reps_t;

/* Run the replications.  Returns CZ_OK (all done), CZ_INTERRUPTED (see done)
 * or CZ_FAILED (a replication failed; err says which and why). */
int ex_run_replications(const ex_reps_t *r, char *err, size_t errlen);

/* The one memory guard of run, compare, sweep and search: will `reps`
 * replications of s on `threads` threads fit in half this machine's memory
 * (models/scenario/plan.h estimates what one holds)?  If not, says so on stderr
 * with the estimate. */
bool ex_fits_in_memory(const cz_scenario_t *s, unsigned threads, unsigned reps);

/* Relative 95% half-width of column k over nrep rows: ci95 / |mean| (0 when the
 * column is constant, +inf when it cannot be computed). */
double ex_relative_halfwidth(const double *table, unsigned nrep, int nkpi, int k);

#endif
