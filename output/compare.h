/* compare.h: the files of a comparison folder: compare.csv and compare.json
 * (every KPI: base and alt means, the paired difference, its half-width, the
 * relative change, significance), with each side's own results in base/ and
 * alt/.  compare.json is written last.  See docs/outputs.md.
 * Ownership: text builders return text the caller frees (NULL: out of memory). */
#ifndef OUT_COMPARE_H
#define OUT_COMPARE_H

#include "experiment/compare.h"

typedef struct out_compare_meta {
    const char *command_line;
    unsigned n;                  /* paired replications */
    double confidence;           /* level of each interval */
    const cJSON *diff;           /* the resolved differences of the scenarios (array), or NULL */
} out_compare_meta_t;

char *out_compare_csv(const ex_diff_t *rows, int nr);

/* Several alternatives against one base: sides[0] is the base, sides[1..alts]
 * the alternatives; rows[j] (nr[j] rows) and diffs[j] alternative j+1's
 * comparison and resolved differences.  compare.csv: one row per alternative
 * and KPI (alternative first); compare.json: the base, then each alternative
 * with its folder (altN/), its differences and its KPIs. */
typedef struct out_many {
    const ex_side_t *sides;
    int alts;
    const ex_diff_t *const *rows;
    const int *nr;
    const cJSON *const *diffs;
} out_many_t;
char *out_compare_many_csv(const out_many_t *m);
char *out_compare_many_json(const out_many_t *m, const out_compare_meta_t *meta);
char *out_compare_json(const ex_side_t *b, const ex_side_t *a, const ex_diff_t *rows, int nr,
                       const out_compare_meta_t *m);

#endif
