/* modelutil.h: scenarios loaded for the Check suites above the engine (every
 * suite but tests/sim/, whose binaries are linked without the model).
 *
 * load_scenario: the scenario in the file at path, with the `--set`
 * assignments sets[0 .. nsets) applied (sets may be NULL when nsets is 0).
 * load_scenario_text: the same for a scenario given as text, through a
 * temporary file that is removed again.
 * Both fail the running test, after printing the reader's messages to stderr,
 * when the scenario does not load; the caller frees the scenario with
 * cz_scenario_free. */
#ifndef MODELUTIL_H
#define MODELUTIL_H

#include "models/scenario/scenario.h"

cz_scenario_t *load_scenario(const char *path, const char *const *sets, int nsets);
cz_scenario_t *load_scenario_text(const char *text);

#endif
