/* cmd_diff.c: `zonesim diff A B` — what differs between two scenarios. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "models/scenario/diff.h"

static const char HELP[] =
    "usage: zonesim diff A B [--set PATH=VALUE]...\n"
    "\n"
    "Print what differs between two scenarios as they will run (extends merged, --set\n"
    "applied to both), one line per path: PATH: A's value -> B's value.  Flows and\n"
    "other named lists are matched by name; \"description\" and \"sources\" are left out.\n"
    "\n"
    "Example:\n"
    "  zonesim diff scenarios/hetao_baseline.json scenarios/hetao_whitelist_doubled.json\n"
    "Exit: 0 done (with or without differences), 2 a scenario has problems.\n";

int cli_diff(int argc, char **argv)
{
    static const struct option longs[] = {{"set", required_argument, 0, CLI_OPT_SET},
                                          {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_args_t a;
    cli_common_t c;
    int opt, n;
    cli_args_init(&a, "diff", argc, argv);
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
    if (n != 2)
        return cli_usage(&a, "expected two scenario files, A and B");
    cz_scenario_t *x = cli_load(files[0], c.sets, c.nsets), *y = x ? cli_load(files[1], c.sets, c.nsets) : NULL;
    cJSON *d = y ? cz_scenario_diff(x->resolved, y->resolved) : NULL, *it;
    cJSON_ArrayForEach(it, d) printf("%s\n", it->valuestring);
    if (d && !d->child)
        printf("no differences\n");
    int rc = !y ? CZ_BAD_INPUT : d ? CZ_OK : CZ_FAILED;
    cJSON_Delete(d);
    cz_scenario_free(x);
    cz_scenario_free(y);
    return rc;
}
