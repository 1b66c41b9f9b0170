/* cli.h: the zonesim command line: shared option parsing and the subcommands.
 * Exit codes: 0 success, 1 failure while running, 2 bad input or usage.
 * Errors go to stderr, one line each, prefixed "zonesim: ". */
#ifndef CZ_CLI_H
#define CZ_CLI_H

#include <stdbool.h>

#define CZ_MAX_SETS 64
#define CZ_MAX_POS 16

typedef struct cz_opts {
    const char *pos[CZ_MAX_POS];
    int npos;
    long reps;                /* -1: the scenario's */
    double seed;              /* -1: the scenario's */
    long threads;
    const char *out;
    const char *sets[CZ_MAX_SETS];
    int nsets;
    bool force, quiet, help, report;
    long rep_first, rep_last;     /* --reps A..B, -1 when not given */
    long point_first, point_last; /* sweep --points A..B, -1 when not given */
    const char *prec_kpi[16];     /* --precision KPI=REL */
    double prec_target[16];
    int nprec;
    long max_reps;                /* --max-reps, default 1000 */
    const char *vary[8];          /* --vary PATH=V1,V2,... (sweep) */
    long trace_n;                 /* trace -n N, default 3 */
    const char *events;           /* trace --events FILE.csv */
    int nvary;
    char cmdline[2048];
} cz_opts_t;

/* Parse argv[first..]; prints a message and returns 2 on bad usage. */
int cz_parse_opts(int argc, char **argv, int first, cz_opts_t *o);

int cz_cmd_run(int argc, char **argv);
int cz_cmd_validate(int argc, char **argv);
int cz_cmd_assess(int argc, char **argv);
int cz_cmd_compare(int argc, char **argv);
int cz_cmd_sweep(int argc, char **argv);
int cz_cmd_merge(int argc, char **argv);
int cz_cmd_trace(int argc, char **argv);
int cz_cmd_report(int argc, char **argv);

#include <stddef.h>
#include "models/scenario/json_in.h"
/* The assessment of one JSON input (NUL-terminated at text[len]) as JSON text
 * (caller frees), or NULL with the problems recorded in r. */
char *cz_assess_text(cz_reader_t *r, const char *text, size_t len);

#endif
