/* fuzz_scenario.c: libFuzzer target for the scenario loader (parse + validate,
 * with a --set override applied), and the memory estimate of what it accepts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario.h"
#include "models/scenario/plan.h"
#include "models/zone/zone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cz_reader_t r;
    cz_reader_init(&r, "fuzz");
    cJSON *root = cz_parse_json_text(&r, text, size);
    if (root && cJSON_IsObject(root)) {
        cz_apply_set(&r, root, "lines.second_line.lanes=3");
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
