/* fuzz_merge.c: libFuzzer target for `zonesim merge` on a damaged shard.  The
 * first byte of an input picks a file of the second shard (fuzz_util.h); the
 * rest replaces its content; then the two shards are merged. */
#include <stdint.h>

#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_setup();
    return 0;
}

static const char *const FILES[] = {"summary.json", "replications.csv", "scenario.json", "detail.json",
                                    "kpis.csv", ".zonesim-files"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 1 << 20)
        return 0;
    char path[256];
    snprintf(path, sizeof path, "shard1/%s", FILES[data[0] % (sizeof FILES / sizeof FILES[0])]);
    fuzz_write(path, data + 1, size - 1);
    fuzz_cli("merge", "shard0", "shard1", "-o", "merged", "-q", NULL);
    fuzz_reset();
    return 0;
}
