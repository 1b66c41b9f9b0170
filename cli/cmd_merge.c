/* cmd_merge.c: `zonesim merge DIR... -o DIR` — shards verified and combined
 * (output/merge.h). */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "output/merge.h"

static const char HELP[] =
    "usage: zonesim merge DIR... -o DIR [--force] [--quiet]\n"
    "\n"
    "Combine the results folders of runs of one scenario made with --reps A..B (shards,\n"
    "e.g. the tasks of a cluster job array) into one DIR with the summary.json and\n"
    "replications.csv a single run of all those replications gives, byte for byte but\n"
    "for provenance (command_line, merged_from).  Sweep shards (sweep --points A..B)\n"
    "merge the same way into sweep.csv and sweep.json.  Every shard is verified first:\n"
    "the same scenario (hash), seed and grid; rows inside each shard's declared range,\n"
    "none missing or duplicated; every value finite.  See docs/cluster.md.\n"
    "\n"
    "  -o, --out DIR   the merged folder (required)\n"
    "      --force     write into a folder holding other results or other files\n"
    "  -q, --quiet     no line on stdout\n"
    "Exit: 0 done, 1 cannot write, 2 the shards do not fit together or are damaged.\n";

int cli_merge(int argc, char **argv)
{
    static const struct option longs[] = {{"out", required_argument, 0, 'o'}, {"force", no_argument, 0, CLI_OPT_FORCE},
                                          {"quiet", no_argument, 0, 'q'}, {"help", no_argument, 0, 'h'},
                                          {0, 0, 0, 0}};
    cli_args_t a;
    cli_common_t c;
    int opt, n;
    cli_args_init(&a, "merge", argc, argv);
    cli_common_init(&c);
    while ((opt = cli_next(&a, "o:qh", longs)) != -1) {
        if (opt == 'h') {
            fputs(HELP, stdout);
            return CZ_OK;
        }
        if (cli_common_option(&c, opt, optarg) != 1)
            return CZ_BAD_INPUT;
    }
    char **shards = cli_rest(&a, &n);
    if (n < 1 || !c.out)
        return cli_usage(&a, "expected shard folders and -o DIR");
    out_merge_opts_t m = {(const char *const *)shards, n, c.out, a.cmdline, c.force, c.quiet};
    return out_merge(&m);
}
