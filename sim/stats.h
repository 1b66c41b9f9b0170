/* stats.h: statistics that are cheap to update, bounded in memory and mergeable.
 *
 * sim_tally_t      count, mean, variance (Welford), min, max of observations.
 * sim_timeavg_t    time-weighted average of a piecewise-constant quantity
 *                  (queue length, busy servers, stock).
 * sim_quantiles_t  p50/p90/... from a log-bucketed histogram: 128 buckets per
 *                  octave over [2^-20, 2^44), so any quantile is within 0.4% of
 *                  the value of rank ceil(q*n) (values below 2^-20 count as 0).
 *                  Fixed memory (64 KiB), exact merge, deterministic.
 *
 * All are plain structs: init, add, merge; no allocation except the sketch,
 * which is created/destroyed.  Merging is associative, so replications can be
 * combined in any grouping (the output combines them in replication order).
 * Errors: none; adding NaN is a bug (assert). */
#ifndef SIM_STATS_H
#define SIM_STATS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct sim_tally {
    uint64_t n;
    double mean, m2;  /* running mean and sum of squared deviations */
    double min, max;
} sim_tally_t;

void sim_tally_init(sim_tally_t *t);
void sim_tally_add(sim_tally_t *t, double x);
void sim_tally_merge(sim_tally_t *into, const sim_tally_t *from);
double sim_tally_mean(const sim_tally_t *t);      /* NaN when empty */
double sim_tally_var(const sim_tally_t *t);       /* sample variance, NaN when n < 2 */
double sim_tally_sd(const sim_tally_t *t);
/* Half-width of the 95% t-interval for the mean; NaN when n < 2. */
double sim_tally_ci95(const sim_tally_t *t);

/* Student-t quantile for a two-sided 95% interval with df degrees of freedom. */
double sim_t975(double df);

typedef struct sim_timeavg {
    double t0;      /* start of the observation window */
    double t_last;  /* time of the last change */
    double value;   /* current level */
    double area;    /* integral of the level over [t0, t_last] */
    double max;     /* largest level seen in the window */
} sim_timeavg_t;

void sim_timeavg_init(sim_timeavg_t *a, double t0, double value);
/* The level becomes `value` at time t (t never decreases). */
void sim_timeavg_set(sim_timeavg_t *a, double t, double value);
static inline void sim_timeavg_add(sim_timeavg_t *a, double t, double delta)
{
    sim_timeavg_set(a, t, a->value + delta);
}
/* Mean level over [t0, t]; the current level if the window is empty. */
double sim_timeavg_mean(const sim_timeavg_t *a, double t);
/* Start a new window at t, keeping the current level (warm-up). */
void sim_timeavg_reset(sim_timeavg_t *a, double t);

typedef struct sim_quantiles sim_quantiles_t;

sim_quantiles_t *sim_quantiles_create(void);
void sim_quantiles_destroy(sim_quantiles_t *q);
void sim_quantiles_add(sim_quantiles_t *q, double x);   /* x >= 0 */
void sim_quantiles_merge(sim_quantiles_t *into, const sim_quantiles_t *from);
void sim_quantiles_clear(sim_quantiles_t *q);
uint64_t sim_quantiles_count(const sim_quantiles_t *q);
/* The p-quantile, 0 <= p <= 1; NaN when empty. */
double sim_quantiles_get(const sim_quantiles_t *q, double p);

#endif
