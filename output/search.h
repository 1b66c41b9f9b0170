/* search.h: the files of a search folder (zonesim search): search.csv (one row
 * per candidate examined and target: the candidate's values, cost,
 * replications, the target, its estimate and bounds, the verdicts) and
 * search.json (the targets, costs, confidence, the answer and the runner-up,
 * and every candidate with its evidence), search.json last.  See
 * docs/outputs.md.
 * Ownership: the candidates are the caller's; out_search_write writes them. */
#ifndef OUT_SEARCH_H
#define OUT_SEARCH_H

#include <stdbool.h>

#include "experiment/search.h"
#include "experiment/sweep.h"
#include "output/files.h"

typedef struct out_candidate {
    long point;                  /* its number in the grid */
    int index[EX_MAX_AXES];      /* its value on each axis */
    double cost;
    cz_scenario_t *s;            /* the scenario with its values */
    double *table;               /* n rows of KPIs */
    unsigned n;                  /* replications run (0: not examined) */
    ex_estimate_t est[EX_MAX_TARGETS];
    ex_verdict_t verdict;
} out_candidate_t;

typedef struct out_search {
    out_candidate_t *cand;       /* in order of cost after out_search_sort */
    int ncand;
    double confidence;           /* of each one-sided bound */
    int answer, runner_up;       /* indices into cand, or -1 */
    bool complete;               /* not interrupted */
} out_search_t;

/* Order the candidates by cost (then by grid point). */
void out_search_sort(out_search_t *o);
/* "path=value, path=value" of a candidate. */
void out_search_values(const out_search_t *o, const out_candidate_t *c, const ex_axis_t *ax, int nax, char *buf,
                       size_t len);
/* Write search.csv and search.json to d; CZ_OK or CZ_FAILED (the reason on stderr). */
int out_search_write(const out_dir_t *d, const out_search_t *o, const ex_axis_t *ax, int nax, const ex_target_t *tg,
                     int ntg, const double *unit_cost, const char *command_line);

#endif
