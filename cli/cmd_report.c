/* cmd_report.c: `zonesim report DIR`. */
#include <stdio.h>

#include "cli/cli.h"
#include "report/report.h"

static const char REPORT_HELP[] =
    "usage: zonesim report DIR [--quiet]\n"
    "\n"
    "Write DIR/report.html for the output folder of a run, a compare or a sweep: one\n"
    "self-contained page (charts inlined as SVG, no network) that opens in any browser\n"
    "and prints well.  For a run: the scenario, the KPI table with 95% intervals,\n"
    "clearance-time distributions with p50/p90, time in each stage, queues and lane\n"
    "utilisation by hour of day and over the horizon, bonded stock, revenue by tax, by\n"
    "goods category and by owner, revenue forgone by exemption.  For a compare: side-\n"
    "by-side bars with whiskers and the paired differences.  For a sweep: each KPI\n"
    "against the varied value with its 95% band.  Charts need gnuplot (Debian\n"
    "gnuplot-nox); without it the page has every table and says how to get them.\n"
    "`run`, `compare` and `sweep` take --report to write it as they finish.\n"
    "Exit: 0 done, 1 cannot write, 2 not an output folder.\n";

int cz_cmd_report(int argc, char **argv)
{
    cz_opts_t o;
    if (cz_parse_opts(argc, argv, 2, &o) != 0)
        return 2;
    if (o.help) {
        fputs(REPORT_HELP, stdout);
        return 0;
    }
    if (o.npos != 1) {
        fprintf(stderr, "zonesim: report: expected one output folder\n");
        return 2;
    }
    return cz_report_write(o.pos[0], o.quiet);
}
