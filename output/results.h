/* results.h: the files of a run's results folder (docs/outputs.md):
 *   summary.json      per KPI mean, sd, ci95, min, max, and provenance
 *   replications.csv  one row per replication, one column per KPI
 *   kpis.csv          the same figures in long form, one row per value
 *   scenario.json     the scenario as run (every extends, --set, -s, -r applied)
 *   detail.json       what a report draws, averaged over replications
 * written together (files.h), summary.json last.
 *
 * Ownership: the text builders return text the caller frees (NULL when out of
 * memory); the scenario, table and meta are borrowed. */
#ifndef OUT_RESULTS_H
#define OUT_RESULTS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "models/scenario/scenario.h"
#include "output/files.h"

#define CZ_VERSION "0.2.0"

typedef struct out_run_meta {
    const char *command_line;
    unsigned nrep;               /* rows of the table */
    const unsigned *rep_ids;     /* the replication number of each row */
    bool complete;               /* false: interrupted; only whole replications are rows */
    unsigned planned;            /* replications asked for */
    const cJSON *extra;          /* optional: members added to summary.json */
} out_run_meta_t;

char *out_summary_json(const cz_scenario_t *s, const double *table, const out_run_meta_t *m);
char *out_replications_csv(const cz_scenario_t *s, const double *table, const out_run_meta_t *m);
/* Long form: scenario,point,replication,kpi,value,unit (point empty outside a
 * sweep or search); out_kpis_rows gives the rows alone, for a file streamed
 * point by point under out_kpis_header. */
extern const char *const out_kpis_header;
char *out_kpis_csv(const cz_scenario_t *s, const double *table, const out_run_meta_t *m, const char *point);
char *out_kpis_rows(const cz_scenario_t *s, const double *table, const out_run_meta_t *m, const char *point);
/* detail.json from nrep rows of detail (cz_detail_layout().size each), NaN-aware means. */
char *out_detail_json(const cz_scenario_t *s, const double *detail, unsigned nrep);

/* Add a run's files to a batch (under prefix, "" or "base/"), summary.json last
 * of them; detail may be NULL. */
void out_run_files(out_batch_t *b, const char *prefix, const cz_scenario_t *s, const double *table,
                   const double *detail, const out_run_meta_t *m);

#endif
