/* fuzz_set.c: libFuzzer target for --set: each line of an input is one
 * PATH=VALUE applied, as the command line applies it, to a whole valid scenario
 * (fuzz_util.h), which is then validated and planned. */
#include <stdint.h>

#include "models/scenario/plan.h"
#include "models/scenario/scenario.h"
#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cz_reader_t r;
    cz_reader_init(&r, "fuzz");
    cJSON *root = cJSON_Parse(FUZZ_SCENARIO);
    int sets = 0;
    for (char *line = text, *next; line && root && sets < 16; line = next, sets++) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        cz_apply_set(&r, root, line);
    }
    if (root && cz_ok(&r)) {
        cz_scenario_t *s = cz_scenario_from_json(&r, root, "fuzz");
        if (s) {
            volatile double est = cz_plan_in_system(s);
            (void)est;
            cz_scenario_free(s); /* frees root too */
            root = NULL;
        }
    }
    cJSON_Delete(root);
    cz_reader_fini(&r);
    free(text);
    return 0;
}
