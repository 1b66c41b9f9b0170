/* assess.h: the taxes on one consignment, JSON in, JSON out — the core of
 * `zonesim assess`, with where the taxes fall decided by the same rule a run
 * uses (taxpoint.h).  The input keys are listed in `zonesim assess --help` and
 * docs/model.md; a "scenario" or "regime" key names a file whose regime and
 * tariff apply (loaded through models/scenario, so only regular files are read).
 *
 * Ownership: the returned text is the caller's to free.
 * Errors: NULL with every problem recorded in the reader (file, key, why). */
#ifndef CZ_ASSESS_H
#define CZ_ASSESS_H

#include <stddef.h>

#include "models/scenario/json_in.h"

/* The assessment of the JSON text (NUL-terminated at text[len]). */
char *cz_assess_text(cz_reader_t *r, const char *text, size_t len);
/* The assessment of a parsed input object. */
char *cz_assess_json(cz_reader_t *r, const cJSON *in);

#endif
