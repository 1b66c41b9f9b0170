/* dispatch.c: zonesim's command line over the layers below: the command named
 * by argv[1] (each a file in cli/, commands.h), --help and --version. */
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli/commands.h"
#include "models/status.h"
#include "output/results.h"
#include "models/scenario/json_in.h"

typedef struct command {
    const char *name, *synopsis;
    int (*fn)(int argc, char **argv);
} command_t;

static const command_t COMMANDS[] = {
    {"run", "run SCENARIO       run replications; write the results folder", cli_run},
    {"compare", "compare BASE ALT   paired differences ALT - BASE on common random numbers", cli_compare},
    {"sweep", "sweep SCENARIO --vary PATH=V1,V2,...   a grid of policies, each replicated", cli_sweep},
    {"search", "search SCENARIO --vary PATH=V1,... --target KPI<=V   the cheapest configuration meeting targets",
     cli_search},
    {"merge", "merge DIR... -o DIR   combine shards run with --reps A..B or --points A..B", cli_merge},
    {"trace", "trace SCENARIO     follow a few consignments step by step, in plain words", cli_trace},
    {"report", "report DIR         an HTML page with charts for a run, compare, sweep or search folder", cli_report},
    {"validate", "validate FILE...   check scenario files without running them", cli_validate},
    {"show", "show SCENARIO      the scenario as it will run (extends and --set applied), as JSON", cli_show},
    {"diff", "diff A B           what differs between two scenarios, as paths", cli_diff},
    {"kpis", "kpis               the codebook: every KPI with its unit and meaning", cli_kpis},
    {"assess", "assess [FILE|-]    the taxes on one consignment, JSON in, JSON out", cli_assess},
};
#define NCOMMANDS (sizeof COMMANDS / sizeof COMMANDS[0])

static void help(FILE *f)
{
    fprintf(f, "zonesim " CZ_VERSION ": discrete-event simulation of goods clearance through a special\n"
               "customs zone (first line release, second line control, freedom inside the zone).\n\n"
               "usage: zonesim COMMAND [options]\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %s\n", COMMANDS[i].synopsis);
    fprintf(f, "\nRun `zonesim COMMAND --help` for a command's options and examples.\n"
               "Start with: zonesim run scenarios/hetao_baseline.json\n"
               "Documentation: docs/ (tutorial.md, model.md, scenario.md, outputs.md), man zonesim.\n"
               "Exit codes: 0 success, 1 failure while running, 2 bad input or usage, 130 interrupted.\n");
}

int cli_main(int argc, char **argv)
{
    gsl_set_error_handler_off(); /* bad input is reported, never aborted on */
    if (argc < 2) {
        help(stderr);
        return CZ_BAD_INPUT;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        help(stdout);
        return CZ_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("zonesim %s\n", CZ_VERSION);
        return CZ_OK;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(argv[1], COMMANDS[i].name))
            return COMMANDS[i].fn(argc - 1, argv + 1);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "%s", argv[1]);
    cz_printable(cmd);
    cz_eprintf("zonesim: unknown command \"%s\" (see zonesim --help)\n", cmd);
    return CZ_BAD_INPUT;
}
