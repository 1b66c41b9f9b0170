/* scenario_impl.h: what scenario.c (resolving, top level, tariff, regime,
 * policy changes) and scenario_flow.c (flows and lines) share.  Private. */
#ifndef CZ_SCENARIO_IMPL_H
#define CZ_SCENARIO_IMPL_H

#include "models/scenario/scenario.h"

extern const char *const CZ_SC_ROUTE_NAMES[CZ_NROUTES];
extern const char *const CZ_SC_FLOW_KEYS[], *const CZ_SC_DEMAND_KEYS[], *const CZ_SC_PROCESSING_KEYS[],
    *const CZ_SC_PERSONAL_KEYS[], *const CZ_SC_INSPECTION_KEYS[], *const CZ_SC_LINE_KEYS[];

void cz_sc_copy_name(char *dst, const char *src);
void cz_sc_read_name(cz_reader_t *r, const cJSON *o, const char *key, char *dst, bool required);
void cz_sc_unknown_category(cz_reader_t *r, const cz_scenario_t *s, const char *key, const char *name);

/* scenario_flow.c */
void cz_sc_read_flows(cz_reader_t *r, const cJSON *root, cz_scenario_t *s);
void cz_sc_read_line(cz_reader_t *r, const cJSON *lines, const char *key, cz_scenario_t *s,
                     cz_line_t *l, bool required);
/* Scale flows with a demand response by the regime's taxes. */
void cz_sc_apply_demand(cz_scenario_t *s);

#endif
