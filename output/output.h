/* output.h: writing a run's results so that a reader never sees a half-written file.
 *
 * Every file is written to a temporary name in the same folder, flushed, synced
 * and renamed over its final name.  Files: DIR/summary.json, DIR/replications.csv,
 * DIR/scenario.json (docs/outputs.md describes them).
 * Errors: return -1 with a message in err (errno text, path); never abort. */
#ifndef CZ_OUTPUT_H
#define CZ_OUTPUT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "models/scenario/scenario.h"

#define CZ_VERSION "0.1.0"

typedef struct cz_run_meta {
    const char *command_line;
    unsigned first_rep, nrep;    /* replications first_rep .. first_rep+nrep-1 */
    const unsigned *rep_ids;     /* or, when not NULL, these nrep replication numbers */
    unsigned threads;
    bool complete;               /* false: interrupted, nrep replications completed */
    unsigned planned;            /* replications asked for */
    const cJSON *extra;          /* optional: members added to summary.json */
} cz_run_meta_t;

/* A growable string: cz_str_printf appends; on out of memory it sets oom and stops
 * growing.  The caller frees p. */
typedef struct cz_str {
    char *p;
    size_t len, cap;
    bool oom;
} cz_str_t;
void cz_str_printf(cz_str_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cz_str_vprintf(cz_str_t *b, const char *fmt, va_list ap);

/* A whole file as a NUL-terminated string (caller frees), or NULL. */
char *cz_slurp(const char *path);

/* Shortest "%.Ng" that reads back to exactly v (so CSV files round-trip). */
void cz_format_double(char *buf, size_t len, double v);

/* Write text to path atomically. */
int cz_write_atomic(const char *path, const char *text, char *err, size_t errlen);
/* Create dir (and parents) if missing. */
int cz_mkdirs(const char *dir, char *err, size_t errlen);

/* The summary JSON text (caller frees). */
char *cz_summary_json(const cz_scenario_t *s, const double *table, const cz_run_meta_t *m);
/* The per-replication CSV text (caller frees). */
char *cz_replications_csv(const cz_scenario_t *s, const double *table, const cz_run_meta_t *m);

/* DIR/detail.json: the report detail averaged over the nrep rows of detail. */
char *cz_detail_json(const cz_scenario_t *s, const double *detail, unsigned nrep);

int cz_output_write(const char *dir, const cz_scenario_t *s, const double *table,
                    const cz_run_meta_t *m, char *err, size_t errlen);

#endif
