/* kinds.h: the page of each kind of results folder, for report.c: a run's is
 * in report.c, a comparison's in report_compare.c (of several alternatives:
 * report_many.c), a sweep's in
 * report_sweep.c.  Each reads the folder's JSON defensively. */
#ifndef RP_KINDS_H
#define RP_KINDS_H

#include <cjson/cJSON.h>

#include "report/page.h"

void rp_report_compare(rp_page_t *pg, const cJSON *cmp);
void rp_report_compare_many(rp_page_t *pg, const cJSON *cmp); /* report_many.c */
void rp_report_sweep(rp_page_t *pg, const cJSON *sweep);
void rp_report_search(rp_page_t *pg, const cJSON *search); /* report_search.c */

#endif
