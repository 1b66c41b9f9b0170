/* cmd_report.c: `zonesim report DIR` (report/report.h). */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "report/report.h"

static const char HELP[] =
    "usage: zonesim report DIR [--quiet]\n"
    "\n"
    "Write DIR/report.html for the results folder of a run, a compare or a sweep (a\n"
    "shard or a merged folder too): one self-contained page (charts inlined as SVG, no\n"
    "network) that opens in any browser and prints well.  For a run: the scenario, the\n"
    "KPI table with 95% intervals, clearance-time distributions with p50/p90, time in\n"
    "each stage, queues and lane utilisation by hour of day and over the horizon,\n"
    "bonded stock, revenue by tax, by goods category and by owner, revenue forgone by\n"
    "exemption.  For a compare: what differs, side-by-side bars with whiskers and the\n"
    "paired differences.  For a sweep: each headline KPI against the varied value with\n"
    "its 95% band (and p90 for times).  Charts need gnuplot (Debian gnuplot-nox), run\n"
    "without a shell; without it the page has every table and says how to get them.\n"
    "The charts' data and scripts are kept in DIR/report_data/.\n"
    "`run`, `compare` and `sweep` take --report to write it as they finish.\n"
    "Exit: 0 done, 1 cannot write, 2 not a zonesim results folder.\n";

int cli_report(int argc, char **argv)
{
    static const struct option longs[] = {{"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    cli_args_t a;
    int opt, n;
    bool quiet = false;
    cli_args_init(&a, "report", argc, argv);
    while ((opt = cli_next(&a, "qh", longs)) != -1) {
        if (opt == 'h') {
            fputs(HELP, stdout);
            return CZ_OK;
        }
        if (opt != 'q')
            return CZ_BAD_INPUT;
        quiet = true;
    }
    char **dirs = cli_rest(&a, &n);
    if (n != 1)
        return cli_usage(&a, "expected one results folder");
    return rp_report_write(dirs[0], quiet);
}
