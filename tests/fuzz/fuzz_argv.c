/* fuzz_argv.c: libFuzzer target for the whole command line.  An input is an
 * argument vector, words separated by NUL or newline, run in a private folder
 * holding a scenario and results folders (fuzz_util.h).  Inputs that would make
 * long runs (a number of 3 digits or more, an exponent) or reach outside the
 * folder (an absolute path, "..") are skipped: their parsing is covered by
 * tests/bad, tests/hostile and fuzz_set. */
#include <ctype.h>
#include <stdint.h>

#include "tests/fuzz/fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_setup();
    return 0;
}

static bool small_and_inside(const char *w)
{
    if (w[0] == '/' || strstr(w, ".."))
        return false;
    for (int run = 0; *w; w++) {
        run = isdigit((unsigned char)*w) ? run + 1 : 0;
        if (run >= 3 || (isdigit((unsigned char)w[0]) && (w[1] == 'e' || w[1] == 'E')))
            return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2048)
        return 0;
    char *buf = malloc(size + 1), *argv[33];
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    int argc = 0;
    argv[argc++] = (char *)"zonesim";
    for (char *p = buf, *end = buf + size; p <= end && argc < 32;) {
        char *q = p;
        while (q < end && *q && *q != '\n')
            q++;
        *q = '\0';
        if (!small_and_inside(p)) {
            free(buf);
            return 0;
        }
        argv[argc++] = p;
        p = q + 1;
    }
    argv[argc] = NULL;
    cli_main(argc, argv);
    fuzz_reset();
    free(buf);
    return 0;
}
