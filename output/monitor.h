/* monitor.h: the folder of `zonesim run --monitor DIR` (docs/outputs.md
 * "Monitor"): consignments.csv, crossings.csv, taxes.csv and resources.csv,
 * each the rows of every whole replication in replication order under one
 * header, and monitor.json, the index, written last.
 *
 * The replications leave their rows in part files in the folder (zone.h,
 * cz_monitor_part); out_monitor_write joins them into temporary files and
 * commits them with the index as one batch (files.h): the folder holds the
 * whole result or the earlier one.  The part files are removed in every case.
 * Errors: -1 with the reason in err. */
#ifndef OUT_MONITOR_H
#define OUT_MONITOR_H

#include <stdbool.h>

#include "models/scenario/scenario.h"
#include "output/files.h"

typedef struct out_monitor_meta {
    const cz_scenario_t *s;
    const char *command_line;
    const unsigned *rep_ids;     /* the whole replications, in order */
    unsigned nrep;
    bool complete;               /* false: interrupted; only whole replications are joined */
} out_monitor_meta_t;

int out_monitor_write(const out_dir_t *d, const out_monitor_meta_t *m, char *err, size_t errlen);

/* Remove the part files of replications ids[0..n) (a run that failed). */
void out_monitor_discard(const char *dir, const unsigned *ids, unsigned n);

#endif
