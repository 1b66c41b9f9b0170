/* experiment.h: running replications of a scenario, shared by run, compare and
 * sweep: the thread pool, failure reporting, interruption by signals, and the
 * precision test of run-to-precision.
 *
 * Replication r of a scenario always uses the same seeds (master seed, r, stream
 * name), whatever else runs beside it: shards, batches and the two sides of a
 * comparison line up replication by replication (common random numbers). */
#ifndef CZ_EXPERIMENT_H
#define CZ_EXPERIMENT_H

#include <stdatomic.h>
#include <stdbool.h>

#include "models/scenario/scenario.h"

/* Install SIGINT/SIGTERM handlers: the first sets the flag cz_interrupted()
 * returns (runs stop starting and stop within a simulated hour), a second exits
 * at once with status 130. */
void cz_catch_signals(void);
volatile atomic_int *cz_interrupted(void);

/* Run replications first..first+count-1 of s on `threads` threads into table
 * (count rows of cz_kpi_count(s)).  done[i] says whether row i completed.
 * Returns 0 (all done), 130 (interrupted; see done) or 1 (a replication failed;
 * err says which and why). */
/* progress: NULL for none, else a label for a progress line on stderr when it is
 * a terminal: after a second, a line updated as replications finish (done/total,
 * events per second, time left), erased at the end. */
int cz_run_replications(const cz_scenario_t *s, unsigned first, unsigned count,
                        unsigned threads, double *table, bool *done, const char *progress,
                        char *err, size_t errlen);
/* The same, also filling detail (count rows of cz_detail_layout().size) for reports. */
int cz_run_replications_detailed(const cz_scenario_t *s, unsigned first, unsigned count,
                                 unsigned threads, double *table, double *detail, bool *done,
                                 const char *progress, char *err, size_t errlen);

/* Load a scenario with overrides, print its problems; NULL on error. */
cz_scenario_t *cz_load_or_report(const char *file, const char *const *sets, int nsets);

/* Relative 95% half-width of column k over nrep rows: ci95 / |mean| (0 when the
 * column is constant, +inf when it cannot be computed). */
double cz_relative_halfwidth(const double *table, unsigned nrep, int nkpi, int k);

#endif
