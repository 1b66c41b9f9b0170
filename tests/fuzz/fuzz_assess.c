/* fuzz_assess.c: libFuzzer target for `zonesim assess` input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/tax/assess.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cz_reader_t r;
    cz_reader_init(&r, "fuzz");
    free(cz_assess_text(&r, text, size));
    cz_reader_fini(&r);
    free(text);
    return 0;
}
