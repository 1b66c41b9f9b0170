/* cmd_validate.c: `zonesim validate` — check scenario files without running them. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "models/scenario/plan.h"
#include "models/scenario/json_in.h"

static const char HELP[] =
    "usage: zonesim validate SCENARIO... [--set PATH=VALUE]...\n"
    "\n"
    "Check scenario files without running them: JSON syntax, \"extends\", unknown keys,\n"
    "types, units and ranges (and --set values, as a run would read them).  Prints\n"
    "\"FILE: ok\" or every problem, one per line; for a flow with \"demand\", the tax\n"
    "rate its goods bear and the factor its arrivals are scaled by.\n"
    "Exit: 0 all valid, 2 a file has problems.\n";

/* "FILE: ok", the lines' loads, the warm-up auto would take, and any warning. */
static void print_ok(const char *file, const cz_scenario_t *s)
{
    cz_line_load_t load[2];
    char msg[8][256];
    cz_line_loads(s, load);
    printf("%s: ok (%s, regime %s, %d flows, %d categories); lanes loaded at %.2f and %.2f of their open hours, "
           "warm-up %.4g day%s%s\n", file, s->name, s->regime.name, s->nflows, s->ncats, load[0].lanes,
           s->regime.second_line_control ? load[1].lanes : 0, s->warmup_min / CZ_MIN_PER_DAY,
           s->warmup_min == CZ_MIN_PER_DAY ? "" : "s", s->warmup_auto ? " (auto)" : "");
    for (int i = 0; i < s->nflows; i++) /* the behavioural response, and the tax it responds to */
        if (s->flows[i].demand)
            printf("  flow %s: its goods bear %.6g of their customs value (reference %.6g): arrivals x %.6g\n",
                   s->flows[i].name, s->flows[i].tax_rate, s->flows[i].reference_tax_rate, s->flows[i].demand_factor);
    int n = cz_plan_warnings(s, msg, 8);
    for (int i = 0; i < n && i < 8; i++)
        cz_eprintf("zonesim: %s: warning: %s\n", file, msg[i]);
}

int cli_validate(int argc, char **argv)
{
    static const struct option longs[] = {{"set", required_argument, 0, CLI_OPT_SET},
                                          {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_args_t a;
    cli_common_t c;
    int opt, n;
    cli_args_init(&a, "validate", argc, argv);
    cli_common_init(&c);
    while ((opt = cli_next(&a, "h", longs)) != -1) {
        if (opt == 'h') {
            fputs(HELP, stdout);
            return CZ_OK;
        }
        if (cli_common_option(&c, opt, optarg) != 1)
            return CZ_BAD_INPUT;
    }
    char **files = cli_rest(&a, &n);
    if (n == 0)
        return cli_usage(&a, "expected one or more scenario files");
    int rc = CZ_OK;
    for (int i = 0; i < n; i++) {
        cz_scenario_t *s = cli_load(files[i], c.sets, c.nsets);
        if (s)
            print_ok(files[i], s);
        else
            rc = CZ_BAD_INPUT;
        cz_scenario_free(s);
    }
    return rc;
}
