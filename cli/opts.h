/* opts.h: the command line of each command, read with libc's getopt_long over
 * the command's own table of options: an option that is not the command's is
 * an error (exit 2) naming the command and pointing at its --help;
 * "--name=value" and "--name value" both work.  Values are read whole and
 * range-checked: "5x" is not 5.  The options run, compare, sweep and search
 * share are read by cli_common_option.
 *
 * Exit codes (models/status.h): 0 success, 1 failure while running, 2 bad
 * input or usage, 130 interrupted.  Errors go to stderr, one line each,
 * prefixed "zonesim: ". */
#ifndef CLI_OPTS_H
#define CLI_OPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "models/scenario/scenario.h"
#include "models/status.h"
#include "output/files.h"

#define CLI_MAX_SETS 64

/* The options run, compare, sweep and search share. */
typedef struct cli_common {
    long reps;                   /* -r: -1 for the scenario's */
    uint64_t seed;
    bool has_seed;               /* -s given */
    long threads;                /* -j */
    const char *out;             /* -o */
    const char *sets[CLI_MAX_SETS];
    int nsets;                   /* --set */
    bool force, quiet, report;
} cli_common_t;

/* getopt_long entries of the shared options, and their short letters. */
#define CLI_COMMON_SHORT "r:s:j:o:qh"
#define CLI_COMMON_LONG                                                              \
    {"replications", required_argument, 0, 'r'}, {"seed", required_argument, 0, 's'}, \
        {"threads", required_argument, 0, 'j'}, {"out", required_argument, 0, 'o'},   \
        {"set", required_argument, 0, CLI_OPT_SET}, {"force", no_argument, 0, CLI_OPT_FORCE}, \
        {"quiet", no_argument, 0, 'q'}, {"report", no_argument, 0, CLI_OPT_REPORT},   \
        {"help", no_argument, 0, 'h'}

/* Long-only options get codes above the byte range. */
enum {
    CLI_OPT_SET = 256, CLI_OPT_FORCE, CLI_OPT_REPORT, CLI_OPT_REPS, CLI_OPT_PRECISION, CLI_OPT_MAX_REPS,
    CLI_OPT_VARY, CLI_OPT_POINTS, CLI_OPT_EVENTS, CLI_OPT_TARGET, CLI_OPT_COST, CLI_OPT_MARKDOWN,
    CLI_OPT_MONITOR, CLI_OPT_CONFIDENCE
};

/* A command line being read. */
typedef struct cli_args {
    const char *cmd;             /* the command's name, for messages */
    int argc;
    char **argv;
    char cmdline[4096];          /* argv joined, for provenance */
} cli_args_t;

/* argv[0] is the command's name (main passes its own argv + 1). */
void cli_args_init(cli_args_t *a, const char *cmd, int argc, char **argv);
/* The next option (getopt_long), or -1 at the end; an unknown option or a
 * missing value is reported and returned as '?'. */
int cli_next(cli_args_t *a, const char *shorts, const struct option *longs);
/* Positional arguments after the options: argv + optind, count in *n. */
char **cli_rest(cli_args_t *a, int *n);

void cli_common_init(cli_common_t *c);
/* Read one shared option: 1 read, 0 not a shared option, -1 bad value (reported). */
int cli_common_option(cli_common_t *c, int opt, const char *arg);

/* Value readers: false (reported, naming the option) unless the whole text is
 * a valid value in range. */
bool cli_long(const char *opt, const char *arg, long min, long max, long *out);
bool cli_u64(const char *opt, const char *arg, uint64_t *out);
bool cli_range(const char *opt, const char *arg, long max, long *first, long *last);

/* Usage errors: the message, a pointer at the command's --help; returns 2. */
int cli_usage(const cli_args_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Load a scenario with overrides ("PATH=VALUE", or "--vary PATH=VALUE"),
 * printing its problems; NULL on error. */
cz_scenario_t *cli_load(const char *file, const char *const *sets, int nsets);
/* Claim a results folder (output/files.h) with the shared --force and
 * --quiet; the problem is printed.  CZ_OK, CZ_BAD_INPUT (refused) or
 * CZ_FAILED (cannot be created). */
int cli_claim(out_dir_t *d, const char *dir, const char *kind, const char *name, const cli_common_t *c, char *err,
              size_t errlen);
/* Apply -r and -s to a loaded scenario (so scenario.json is the run's). */
void cli_apply_common(const cli_common_t *c, cz_scenario_t *s);

#endif
