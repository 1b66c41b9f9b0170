/* modelutil.c: see modelutil.h. */
#include "tests/modelutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "tests/testutil.h"

/* The scenario, or NULL after printing why not. */
static cz_scenario_t *try_load(const char *path, const char *const *sets, int nsets)
{
    cz_reader_t r;
    cz_reader_init(&r, path);
    cz_scenario_t *s = cz_scenario_load(&r, path, sets, nsets);
    if (!s)
        cz_reader_print(&r, stderr);
    cz_reader_fini(&r);
    return s;
}

cz_scenario_t *load_scenario(const char *path, const char *const *sets, int nsets)
{
    cz_scenario_t *s = try_load(path, sets, nsets);
    ck_assert_msg(s != NULL, "%s does not load", path);
    return s;
}

cz_scenario_t *load_scenario_text(const char *text)
{
    char *path = write_temp(text);
    cz_scenario_t *s = try_load(path, NULL, 0);
    remove(path); /* before a failure ends the test */
    free(path);
    ck_assert_msg(s != NULL, "a scenario given as text does not load");
    return s;
}
