/* cmd_kpis.c: `zonesim kpis` — the codebook of KPIs. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "models/zone/kpi.h"

static const char HELP[] =
    "usage: zonesim kpis [--markdown]\n"
    "\n"
    "Print every KPI with its unit and meaning: the fixed ones, then the families with\n"
    "one member per exemption, goods category, owner class or period (<...> stands for\n"
    "the member's name).  --markdown prints the table docs/outputs.md holds.\n"
    "Exit: 0.\n";

int cli_kpis(int argc, char **argv)
{
    static const struct option longs[] = {{"markdown", no_argument, 0, CLI_OPT_MARKDOWN},
                                          {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_args_t a;
    int opt, n;
    bool md = false;
    cli_args_init(&a, "kpis", argc, argv);
    while ((opt = cli_next(&a, "h", longs)) != -1) {
        if (opt == 'h') {
            fputs(HELP, stdout);
            return CZ_OK;
        }
        if (opt != CLI_OPT_MARKDOWN)
            return CZ_BAD_INPUT;
        md = true;
    }
    cli_rest(&a, &n);
    if (n != 0)
        return cli_usage(&a, "expected no arguments");
    const cz_kpi_doc_t *e;
    int ne = cz_kpi_codebook(&e);
    if (md)
        printf("| KPI | unit | meaning |\n|---|---|---|\n");
    for (int i = 0; i < ne; i++)
        if (md)
            printf("| `%s` | %s | %s |\n", e[i].name, e[i].unit, e[i].meaning);
        else
            printf("%-36s %-14s %s\n", e[i].name, e[i].unit, e[i].meaning);
    return CZ_OK;
}
