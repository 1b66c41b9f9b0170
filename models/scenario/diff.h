/* diff.h: what differs between two resolved scenarios, as paths a reader can
 * follow: "flows.research_goods_from_hk.rate_per_day: 60 -> 120".  Objects are
 * compared key by key, arrays of named objects element by name (as "extends"
 * merges them), other arrays and values as wholes; "description" and "sources"
 * (at any depth) are prose and left out.
 * Ownership: returns a new cJSON array of strings the caller deletes (NULL when
 * out of memory). */
#ifndef CZ_DIFF_H
#define CZ_DIFF_H

#include <cjson/cJSON.h>

cJSON *cz_scenario_diff(const cJSON *a, const cJSON *b);

#endif
