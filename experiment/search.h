/* search.h: the cheapest configuration that meets targets (docs/experiments.md,
 * "Search").  Candidates are the points of a grid of varied parameters, each
 * with a cost (a price per unit of each varied value).  A target is a KPI, a
 * direction and a bound (l2_time_p90_min<=120).  Candidates are examined in
 * order of cost; each is replicated in looks of doubling size (n0, 2 n0, ...,
 * up to a maximum) on the same seeds as every other (common random numbers),
 * and after each look every target gets a verdict from its one-sided interval:
 * MEETS when the whole interval is on the right side of the bound, FAILS when
 * it is wholly on the wrong side, UNCLEAR otherwise.  A candidate is feasible
 * when all its targets meet, infeasible as soon as one fails, undecided when
 * the maximum is reached with a target still unclear.  Each interval is at
 * confidence 1 - alpha / (looks x targets) (Bonferroni over the looks and the
 * targets of a candidate, so that the chance of a wrong verdict on a candidate
 * stays below alpha whatever look it stops at).  The answer is the cheapest
 * feasible candidate; the runner-up the next feasible one.
 * Pure: no I/O; tables are the caller's. */
#ifndef EX_SEARCH_H
#define EX_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "models/zone/kpi.h"

#define EX_MAX_TARGETS 8

typedef enum ex_dir { EX_AT_MOST, EX_AT_LEAST } ex_dir_t;

typedef struct ex_target {
    char kpi[CZ_KPI_NAME_MAX];
    ex_dir_t dir;
    double bound;
} ex_target_t;

typedef enum ex_verdict { EX_UNCLEAR, EX_MEETS, EX_FAILS, EX_UNDECIDED, EX_NOT_RUN } ex_verdict_t;

typedef struct ex_estimate {
    double mean, lo, hi;         /* the mean and its one-sided bounds (lo for at least, hi for at most) */
    unsigned n;
    ex_verdict_t verdict;
} ex_estimate_t;

/* "KPI<=VALUE" or "KPI>=VALUE" (also < and >, read as <= and >=); false with
 * the reason in err. */
bool ex_target_parse(ex_target_t *t, const char *spec, char *err, size_t errlen);

/* The verdict on a target from n replication values (NaN values ignored) at
 * one-sided confidence `conf`. */
ex_estimate_t ex_target_check(const ex_target_t *t, const double *values, unsigned n, double conf);

/* The looks: n0, 2 n0, ... capped at max (the last look is max): their count. */
int ex_search_looks(unsigned n0, unsigned max);
/* The replications after look k (0-based). */
unsigned ex_search_look_size(unsigned n0, unsigned max, int k);

/* A candidate's verdict from its targets' verdicts after a look; last: no more looks. */
ex_verdict_t ex_candidate_verdict(const ex_estimate_t *e, int ntargets, bool last);

const char *ex_verdict_name(ex_verdict_t v);

#endif
