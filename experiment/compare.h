/* compare.h: paired differences ALT - BASE on common random numbers.
 *
 * Replication r of each side draws every named stream from the same seed, so
 * the per-replication difference cancels the shared noise.  For every KPI of
 * either side: each side's mean, the mean paired difference, its confidence
 * half-width (Student t at the level given: 0.95 for one comparison; lower the
 * per-comparison error rate to compare several alternatives with one base), the
 * relative change, and whether the interval excludes zero.  A difference
 * within the rounding noise of the sums (1e-9 of the larger mean) is 0, and
 * never significant.
 * Ownership: plain values; tables are borrowed. */
#ifndef EX_COMPARE_H
#define EX_COMPARE_H

#include <stdbool.h>

#include "models/zone/kpi.h"

typedef struct ex_side {
    const cz_scenario_t *s;
    const double *table;         /* n rows of cz_kpi_count(s) */
} ex_side_t;

typedef struct ex_diff {
    char name[CZ_KPI_NAME_MAX];
    const char *unit;
    int kb, ka;                  /* column in base / alt, -1 if absent */
    double base, alt, diff, halfwidth, rel;
    bool significant;
} ex_diff_t;

/* Rows for every KPI of either side (base's order, then alt's own); rows must
 * hold cz_kpi_count(base) + cz_kpi_count(alt).  `confidence` is the two-sided
 * level of each interval (e.g. 0.95).  Returns the number of rows. */
int ex_compare(const ex_side_t *base, const ex_side_t *alt, unsigned n, double confidence, ex_diff_t *rows);

#endif
