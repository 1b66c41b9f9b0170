/* fuzz_report.c: libFuzzer target for `zonesim report` on a damaged results
 * folder.  The first byte of an input picks a folder (a run, a compare, a sweep)
 * and one of its files (fuzz_util.h); the rest replaces that file's content;
 * then the folder is reported on (gnuplot is a stand-in that draws nothing). */
#include <stdint.h>

#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_setup();
    return 0;
}

static const char *const FILES[][2] = {
    {"run", "summary.json"}, {"run", "replications.csv"}, {"run", "scenario.json"}, {"run", "detail.json"},
    {"cmp", "compare.json"}, {"cmp", "compare.csv"}, {"cmp", "base/summary.json"}, {"cmp", "alt/replications.csv"},
    {"sw", "sweep.json"}, {"sw", "sweep.csv"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 20)
        return 0;
    const char *const *f = FILES[data[0] % (sizeof FILES / sizeof FILES[0])];
    char path[256];
    snprintf(path, sizeof path, "%s/%s", f[0], f[1]);
    fuzz_write(path, data + 1, size - 1);
    fuzz_cli("report", f[0], "-q", NULL);
    fuzz_reset();
    return 0;
}
