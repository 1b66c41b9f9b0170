/* cmd_show.c: `zonesim show` — the scenario as it will run, as JSON. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "cli/opts.h"

static const char HELP[] =
    "usage: zonesim show SCENARIO [--set PATH=VALUE]...\n"
    "\n"
    "Print the scenario as it will run, as JSON: every \"extends\" merged (objects key\n"
    "by key, arrays of named objects by name) and every --set applied, after the same\n"
    "checks as a run.  What `run` writes as DIR/scenario.json.\n"
    "Exit: 0 done, 2 the scenario has problems.\n";

int cli_show(int argc, char **argv)
{
    static const struct option longs[] = {{"set", required_argument, 0, CLI_OPT_SET},
                                          {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    cli_args_t a;
    cli_common_t c;
    int opt, n;
    cli_args_init(&a, "show", argc, argv);
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
    if (n != 1)
        return cli_usage(&a, "expected one scenario file");
    cz_scenario_t *s = cli_load(files[0], c.sets, c.nsets);
    if (!s)
        return CZ_BAD_INPUT;
    char *text = cJSON_Print(s->resolved);
    if (text)
        printf("%s\n", text);
    free(text);
    cz_scenario_free(s);
    return text ? CZ_OK : CZ_FAILED;
}
