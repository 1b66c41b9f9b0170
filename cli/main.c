/* main.c: zonesim, a thin layer over models/ and sim/. */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli/cli.h"
#include "output/output.h"

static const char HELP[] =
    "zonesim " CZ_VERSION ": discrete-event simulation of goods clearance through a special\n"
    "customs zone (first line release, second line control, freedom inside the zone).\n"
    "\n"
    "usage: zonesim COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO       run replications; write summary.json, replications.csv\n"
    "  compare BASE ALT   paired differences ALT - BASE on common random numbers\n"
    "  sweep SCENARIO --vary PATH=V1,V2,...   a grid of policies, each replicated\n"
    "  merge DIR... -o DIR   combine shards run with --reps A..B\n"
    "  trace SCENARIO     follow a few consignments step by step, in plain words\n"
    "  report DIR         an HTML page with charts for a run, compare or sweep folder\n"
    "  validate FILE...   check scenario files without running them\n"
    "  assess [FILE|-]    the taxes on one consignment, JSON in, JSON out\n"
    "\n"
    "Run `zonesim COMMAND --help` for a command's options and examples.\n"
    "Start with: zonesim run scenarios/hetao_baseline.json\n"
    "Documentation: docs/ (model.md, scenario.md, outputs.md).\n"
    "Exit codes: 0 success, 1 failure while running, 2 bad input or usage.\n";

int main(int argc, char **argv)
{
    gsl_set_error_handler_off(); /* bad input is reported, never aborted on */
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(HELP, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("zonesim %s\n", CZ_VERSION);
        return 0;
    }
    if (!strcmp(argv[1], "run"))
        return cz_cmd_run(argc, argv);
    if (!strcmp(argv[1], "validate"))
        return cz_cmd_validate(argc, argv);
    if (!strcmp(argv[1], "assess"))
        return cz_cmd_assess(argc, argv);
    if (!strcmp(argv[1], "compare"))
        return cz_cmd_compare(argc, argv);
    if (!strcmp(argv[1], "sweep"))
        return cz_cmd_sweep(argc, argv);
    if (!strcmp(argv[1], "merge"))
        return cz_cmd_merge(argc, argv);
    if (!strcmp(argv[1], "trace"))
        return cz_cmd_trace(argc, argv);
    if (!strcmp(argv[1], "report"))
        return cz_cmd_report(argc, argv);
    fprintf(stderr, "zonesim: unknown command \"%s\" (see zonesim --help)\n", argv[1]);
    return 2;
}
