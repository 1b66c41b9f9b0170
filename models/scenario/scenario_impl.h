/* scenario_impl.h: what the files of the scenario loader share: resolve.c
 * (extends, merge, overrides), scenario.c (top level), read_tariff.c,
 * read_regime.c, scenario_flow.c (flows and lines) and policy.c.  Private. */
#ifndef CZ_SCENARIO_IMPL_H
#define CZ_SCENARIO_IMPL_H

#include "models/scenario/scenario.h"

extern const char *const CZ_SC_ROUTE_NAMES[CZ_NROUTES];
/* The keys each object accepts (NULL-terminated), held to docs/scenario.md by a test. */
extern const char *const CZ_SC_FLOW_KEYS[], *const CZ_SC_DEMAND_KEYS[], *const CZ_SC_PROCESSING_KEYS[],
    *const CZ_SC_PERSONAL_KEYS[], *const CZ_SC_INSPECTION_KEYS[], *const CZ_SC_LINE_KEYS[],
    *const CZ_SC_TOP_KEYS[], *const CZ_SC_CHANGE_KEYS[], *const CZ_SC_TARIFF_KEYS[], *const CZ_SC_CATEGORY_KEYS[],
    *const CZ_SC_LEVY_KEYS[], *const CZ_SC_THRESHOLD_KEYS[], *const CZ_SC_REGIME_KEYS[],
    *const CZ_SC_EXEMPTION_KEYS[], *const CZ_SC_NONCOMPLIANCE_KEYS[], *const CZ_SC_ENFORCEMENT_KEYS[],
    *const CZ_SC_NC_FACTOR_KEYS[], *const CZ_SC_DETECTION_KEYS[], *const CZ_SC_KIND_KEYS[], *const CZ_SC_AUDIT_KEYS[],
    *const CZ_SC_ZONE_AUDIT_KEYS[], *const CZ_SC_TARGETING_KEYS[], *const CZ_SC_PENALTY_KEYS[], *const CZ_SC_ORIGIN_KEYS[];

void cz_sc_copy_name(char *dst, const char *src);
void cz_sc_read_name(cz_reader_t *r, const cJSON *o, const char *key, char *dst, bool required);
void cz_sc_unknown_category(cz_reader_t *r, const cz_scenario_t *s, const char *key, const char *name);
/* A list of names: an array of at most max strings (or one string). */
int cz_sc_read_names(cz_reader_t *r, const cJSON *o, const char *key, char (*dst)[CZ_NAME_MAX], int max);

/* resolve.c: put value (owned on success) at a dot path of root; `what` names
 * the source in messages. */
bool cz_sc_put(cz_reader_t *r, cJSON *root, char *path, cJSON *value, const char *what);
/* resolve.c: merge over into base as "extends" does (objects key by key, named
 * arrays by name, anything else replaced). */
void cz_sc_merge(cz_reader_t *r, cJSON *base, const cJSON *over);
/* tables.c: replace, in one file's tree, tariff.schedule (a CSV of tariff lines)
 * by the lines it holds, amended by the file's own tariff.categories, and each
 * flow's "trade" (a CSV of codes and shares) by its categories; the tables are
 * found relative to `file` (docs/tariff.md).  Returns (the caller deletes it)
 * what the tables replace in the file's bases: {"tariff": true} when it has a
 * schedule, "flows": [names of the flows with a trade table]. */
cJSON *cz_sc_expand_tables(cz_reader_t *r, const char *file, cJSON *root);
/* The column names tables.c accepts, for documentation tests. */
extern const char *const CZ_SC_SCHEDULE_COLUMNS[], *const CZ_SC_TRADE_COLUMNS[];

/* read_tariff.c, read_regime.c, policy.c */
void cz_sc_read_tariff(cz_reader_t *r, const cJSON *root, cz_scenario_t *s);
void cz_sc_free_category_index(cz_scenario_t *s);
void cz_sc_read_regime(cz_reader_t *r, const cJSON *root, cz_regime_t *rg);
void cz_sc_read_policy_changes(cz_reader_t *r, cJSON *root, cz_scenario_t *s);

/* scenario_flow.c; name: value pairs in [0, max] (count; *out allocated) */
int cz_sc_read_rates(cz_reader_t *r, const cJSON *o, const char *key, cz_rate_t **out, double max);
void cz_sc_read_flows(cz_reader_t *r, const cJSON *root, cz_scenario_t *s);
void cz_sc_read_line(cz_reader_t *r, const cJSON *lines, const char *key, cz_scenario_t *s,
                     cz_line_t *l, bool required);
/* The line's owner rate of each owner class, once they are known
 * (in->owner_rate); false when out of memory. */
bool cz_sc_resolve_owner_rates(cz_inspection_t *in, const char (*owners)[CZ_NAME_MAX], int nowners);
/* demand.c: a flow's "demand" block; the flows' tax rates, and the arrival
 * rates of flows with a demand response scaled by them. */
void cz_sc_read_demand(cz_reader_t *r, const cJSON *o, cz_flow_t *f);
/* read_enforcement.c: a flow's "noncompliance", the categories' "misdeclared_as"
 * (cats: the tariff's categories object), the top-level "enforcement"; then,
 * with owners listed, the checks across sections and the targeting thresholds. */
void cz_sc_read_noncompliance(cz_reader_t *r, const cJSON *o, cz_flow_t *f);
void cz_sc_read_misdeclared(cz_reader_t *r, const cJSON *cats, cz_scenario_t *s);
void cz_sc_read_enforcement(cz_reader_t *r, const cJSON *root, cz_scenario_t *s);
void cz_sc_prepare_enforcement(cz_reader_t *r, cz_scenario_t *s);
void cz_sc_free_enforcement(cz_scenario_t *s);
void cz_sc_apply_demand(cz_reader_t *r, cz_scenario_t *s);

#endif
