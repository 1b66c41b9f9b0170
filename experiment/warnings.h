/* warnings.h: what a run's numbers need said beside them — a line with no
 * steady state (the scenario's load over open hours, models/scenario/plan.h),
 * and a measured window that still trends (the trend diagnostics, kpi.h): the
 * mean drift over the replications is more than 2% and outside its 95%
 * interval.  Warnings go to stderr and into the results' JSON. */
#ifndef EX_WARNINGS_H
#define EX_WARNINGS_H

#include <cjson/cJSON.h>

#include "models/scenario/scenario.h"

#define EX_TREND_LIMIT 0.02

/* The warnings of scenario s run into table (n rows), as a new JSON array of
 * strings (NULL when out of memory); each is also printed on stderr, after
 * `prefix` (e.g. "point 3: "). */
cJSON *ex_warnings(const cz_scenario_t *s, const double *table, unsigned n, const char *prefix);

/* The notes every run's summary.json carries beside its KPIs, added to extra:
 * "warmup_method" (when "auto") and "warnings" (also printed). */
void ex_run_notes(cJSON *extra, const cz_scenario_t *s, const double *table, unsigned n, const char *prefix);

#endif
