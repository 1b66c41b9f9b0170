/* check.h: a results folder read back for a report is input like any other:
 * each file is checked for the shape zonesim writes before a page is drawn
 * from it, so a damaged or tampered folder gives exit 2 naming the file and
 * what is wrong, never a page of wrong numbers (nor a crash).
 *   summary.json  an object whose "kpis" are objects of numbers (or null)
 *   detail.json   per line, arrays of numbers of the lengths zonesim writes,
 *                 as many days as the summary's measured window
 *   scenario.json a valid scenario (models/scenario)
 *   compare.json  an object whose "kpis" are objects of numbers, booleans
 *   sweep.json    its grid ("vary": paths and value texts) and points (each
 *                 with its number, a value for every path, KPI objects)
 * Each returns true, or false with the reason in err. */
#ifndef RP_CHECK_H
#define RP_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

bool rp_check_summary(const cJSON *sum, char *err, size_t errlen);
bool rp_check_detail(const cJSON *detail, const cJSON *sum, char *err, size_t errlen);
bool rp_check_scenario(const char *dir, char *err, size_t errlen);
bool rp_check_compare(const cJSON *cmp, char *err, size_t errlen);
bool rp_check_sweep(const cJSON *sw, char *err, size_t errlen);
/* search.json: targets of a KPI, direction and bound; candidates with numeric
 * cost and replications, values as strings, and targets of numbers or null. */
bool rp_check_search(const cJSON *sr, char *err, size_t errlen);

#endif
