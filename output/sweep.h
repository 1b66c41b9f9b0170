/* sweep.h: the files of a sweep folder: sweep.csv (one row per point: its
 * number, the varied values, then each KPI's mean and 95% half-width) and
 * sweep.json (the grid, and per point the values and each KPI's mean, sd, ci95,
 * min, max), sweep.json last.  A shard (--points A..B) or an interrupted sweep
 * holds the points that finished.  See docs/outputs.md.
 * Ownership: text builders return text the caller frees (NULL: out of memory). */
#ifndef OUT_SWEEP_H
#define OUT_SWEEP_H

#include <stdbool.h>
#include <stdint.h>

#include "experiment/sweep.h"
#include "models/zone/kpi.h"

typedef struct out_sweep {
    const ex_axis_t *ax;
    int nax;
    long npoints;                /* points in the whole grid */
    long from, to;               /* points asked for (a shard, or all) */
    const bool *done;            /* per point of the grid: finished */
    const int *index;            /* npoints x nax value indices */
    const cz_scenario_t *first;  /* KPI names and provenance */
    uint64_t base_hash;          /* the scenario with --set, before --vary: shards must share it */
    const double *summary;       /* npoints x nk x 5: mean, sd, ci95, min, max */
    unsigned reps;
    const char *command_line;
    bool shard;
} out_sweep_t;

char *out_sweep_csv(const out_sweep_t *w);
char *out_sweep_json(const out_sweep_t *w);

#endif
