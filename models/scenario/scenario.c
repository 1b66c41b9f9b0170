/* scenario.c: validating a resolved scenario tree into a cz_scenario_t — the
 * top level, then each section (read_tariff.c, read_regime.c, scenario_flow.c,
 * policy.c) — and freeing it.  Resolving is in resolve.c.  See scenario.h. */
#include "models/scenario/scenario.h"
#include "models/scenario/plan.h"
#include "models/scenario/scenario_impl.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const CZ_SC_ROUTE_NAMES[CZ_NROUTES] = {"to_mainland", "re_export", "consumed_in_zone",
                                                      "transferred"};
const char *cz_route_name(cz_route_t r) { return (unsigned)r < CZ_NROUTES ? CZ_SC_ROUTE_NAMES[r] : "?"; }

/* ---- validation ---- */

void cz_sc_copy_name(char *dst, const char *src)
{
    snprintf(dst, CZ_NAME_MAX, "%s", src ? src : "");
}

void cz_sc_read_name(cz_reader_t *r, const cJSON *o, const char *key, char *dst, bool required)
{
    const char *s = cz_get_string(r, o, key, "", required);
    if (strlen(s) >= CZ_NAME_MAX)
        cz_err(r, key, "name longer than %d characters", CZ_NAME_MAX - 1);
    cz_sc_copy_name(dst, s);
}

/* A list of names: an array of strings (or one string). */
int cz_sc_read_names(cz_reader_t *r, const cJSON *o, const char *key, char (*dst)[CZ_NAME_MAX],
                      int max)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        return 0;
    if (cJSON_IsString(v)) {
        cz_sc_copy_name(dst[0], v->valuestring);
        return 1;
    }
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) > max) {
        cz_err(r, key, "expected an array of at most %d names", max);
        return 0;
    }
    int n = 0;
    for (const cJSON *it = v->child; it; it = it->next) {
        if (!cJSON_IsString(it) || strlen(it->valuestring) >= CZ_NAME_MAX) {
            cz_err(r, key, "element %d: expected a name (a string)", n);
            return 0;
        }
        cz_sc_copy_name(dst[n++], it->valuestring);
    }
    return n;
}

const char *const CZ_SC_TOP_KEYS[] = {"name", "description", "sources", "horizon_days",
                                       "warmup_days", "warmup", "replications", "seed", "tariff", "regime",
                                       "flows", "lines", "enforcement", "economics", "policy_changes", NULL};
const char *const CZ_SC_CHANGE_KEYS[] = {"at", "set", "description", NULL};
static const char *const LINES_KEYS[] = {"first_line", "second_line", NULL};
static const char *const ECON_KEYS[] = {"discount_rate_annual", NULL};

static void read_top(cz_reader_t *r, const cJSON *root, cz_scenario_t *s)
{
    cz_check_object(r, root, CZ_SC_TOP_KEYS);
    const char *name = cz_get_string(r, root, "name", "unnamed", true);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->description = strdup(cz_get_string(r, root, "description", "", false));
    double horizon = cz_get_number(r, root, "horizon_days", 365, false, 1.0 / 1440, 36500);
    double warmup = cz_get_number(r, root, "warmup_days", 0, false, 0, 36500);
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(root, "warmup");
    if (w && cJSON_GetObjectItemCaseSensitive(root, "warmup_days"))
        cz_err(r, "warmup", "give \"warmup\" or \"warmup_days\", not both");
    else if (cJSON_IsString(w) && strcmp(w->valuestring, "auto") == 0)
        s->warmup_auto = true;
    else if (w)
        warmup = cz_get_duration(r, root, "warmup", 0, true, 0) / CZ_MIN_PER_DAY;
    if (warmup >= horizon)
        cz_err(r, w ? "warmup" : "warmup_days", "%g days must be less than horizon_days (%g)", warmup, horizon);
    s->horizon_min = horizon * CZ_MIN_PER_DAY;
    s->warmup_min = warmup * CZ_MIN_PER_DAY;
    s->replications = (unsigned)cz_get_int(r, root, "replications", 10, false, 1, 1000000);
    s->seed = cz_get_u64(r, root, "seed", 1);
    const cJSON *econ = cJSON_GetObjectItemCaseSensitive(root, "economics");
    s->discount_rate_annual = 0.03;
    if (econ) {
        size_t mark = cz_push(r, "economics");
        if (cz_check_object(r, econ, ECON_KEYS))
            s->discount_rate_annual = cz_get_fraction(r, econ, "discount_rate_annual", 0.03, false, 0, 1);
        cz_pop(r, mark);
    }
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

static void rehash(cz_scenario_t *s)
{
    char *text = cJSON_PrintUnformatted(s->resolved);
    s->hash = text ? fnv1a(text) : 0;
    free(text);
}

int cz_scenario_owner(const cz_scenario_t *s, const char *name)
{
    for (int i = 0; i < s->nowners; i++)
        if (!strcmp(s->owners[i], name))
            return i;
    return -1;
}

/* Index of an owner class in s->owners, adding it if new. */
static int owner_class(cz_scenario_t *s, const char *name)
{
    int i = cz_scenario_owner(s, name);
    if (i >= 0)
        return i;
    cz_sc_copy_name(s->owners[s->nowners], name);
    return s->nowners++;
}

/* Each flow's exempt_on_entry (scenario.h): what every entry would otherwise
 * ask the regime's exemptions, by owner, category and tags. */
static bool resolve_entry_exemptions(cz_scenario_t *s)
{
    for (int i = 0; i < s->nflows; i++) {
        cz_flow_t *f = &s->flows[i];
        if (!(f->exempt_on_entry = calloc((size_t)(f->ncat > 0 ? f->ncat : 1), sizeof *f->exempt_on_entry)))
            return false;
        for (int k = 0; k < f->ncat; k++)
            f->exempt_on_entry[k] =
                (cz_regime_exempt_taxes(&s->regime, &s->cats[f->cat[k]], f->owner, CZ_FIRST_LINE) & CZ_IMPORT_TAXES) != 0;
    }
    return true;
}

static void list_owners(cz_scenario_t *s)
{
    s->owners = calloc((size_t)(2 * s->nflows + 1), sizeof *s->owners);
    for (int i = 0; s->owners && i < s->nflows; i++) {
        cz_flow_t *f = &s->flows[i];
        f->owner_ix = owner_class(s, f->owner);
        f->transfer_owner_ix = f->route[CZ_ROUTE_TRANSFER] > 0 ? owner_class(s, f->transfer_owner) : -1;
    }
}

cz_scenario_t *cz_scenario_from_json(cz_reader_t *r, cJSON *root, const char *file)
{
    cz_scenario_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->file = strdup(file);
    cz_check_text(r, root);
    read_top(r, root, s);
    cz_sc_read_tariff(r, root, s);
    cz_sc_read_regime(r, root, &s->regime);
    cz_sc_read_flows(r, root, s);
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(root, "lines");
    size_t mark = cz_push(r, "lines");
    if (!lines)
        cz_err(r, NULL, "missing: \"first_line\" and \"second_line\"");
    else if (cz_check_object(r, lines, LINES_KEYS)) {
        cz_sc_read_line(r, lines, "first_line", s, &s->l1, true);
        cz_sc_read_line(r, lines, "second_line", s, &s->l2, s->regime.second_line_control);
    }
    cz_pop(r, mark);
    if (cz_ok(r))
        cz_sc_read_enforcement(r, root, s);
    if (cz_ok(r))
        list_owners(s);
    if (cz_ok(r) && (!s->owners || !cz_sc_resolve_owner_rates(&s->l1.insp, s->owners, s->nowners) ||
                     !cz_sc_resolve_owner_rates(&s->l2.insp, s->owners, s->nowners) || !resolve_entry_exemptions(s)))
        cz_err(r, NULL, "out of memory");
    if (cz_ok(r))
        cz_sc_prepare_enforcement(r, s);
    if (cz_ok(r))
        cz_sc_apply_demand(r, s);
    if (cz_ok(r))
        cz_sc_read_policy_changes(r, root, s);
    if (cz_ok(r) && s->warmup_auto)
        s->warmup_min = cz_plan_warmup(s);
    if (!cz_ok(r)) {
        cz_scenario_free(s);
        return NULL;
    }
    s->resolved = root;
    rehash(s);
    assert(cz_scenario_check(s));
    return s;
}

bool cz_scenario_check(const cz_scenario_t *s)
{
    for (int i = 0; i < s->nflows; i++) {
        const cz_flow_t *f = &s->flows[i];
        double sum = 0;
        for (int r = 0; r < CZ_NROUTES; r++)
            sum += f->route[r];
        if (fabs(sum - 1) > 1e-6 || f->owner_ix < 0 || f->owner_ix >= s->nowners ||
            f->transfer_owner_ix >= s->nowners || (f->processing && (f->product < 0 || f->product >= s->ncats)))
            return false;
        for (int k = 0; k < f->ncat; k++)
            if (f->cat[k] < 0 || f->cat[k] >= s->ncats)
                return false;
    }
    return s->nflows > 0 && s->ncats > 0;
}

/* Set a top-level member of the resolved tree (in place, so that the key order
 * and hence the hash match a file that gave the value), taking v. */
static void put_member(cz_scenario_t *s, const char *key, cJSON *v)
{
    if (!v || !s->resolved) {
        cJSON_Delete(v);
        return;
    }
    if (cJSON_GetObjectItemCaseSensitive(s->resolved, key))
        cJSON_ReplaceItemInObjectCaseSensitive(s->resolved, key, v);
    else
        cJSON_AddItemToObject(s->resolved, key, v);
    rehash(s);
}

void cz_scenario_set_seed(cz_scenario_t *s, uint64_t seed)
{
    s->seed = seed;
    cJSON *v = seed <= CZ_MAX_EXACT_INT ? cJSON_CreateNumber((double)seed) : NULL;
    if (!v) { /* beyond 2^53 a JSON number is not exact: a string of digits */
        char buf[32];
        snprintf(buf, sizeof buf, "%llu", (unsigned long long)seed);
        v = cJSON_CreateString(buf);
    }
    put_member(s, "seed", v);
}

void cz_scenario_set_replications(cz_scenario_t *s, unsigned n)
{
    s->replications = n;
    put_member(s, "replications", cJSON_CreateNumber(n));
}

cz_scenario_t *cz_scenario_rules(cz_reader_t *r, cJSON *root, const char *file)
{
    cz_scenario_t *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->file = strdup(file);
    if (cJSON_GetObjectItemCaseSensitive(root, "tariff"))
        cz_sc_read_tariff(r, root, s);
    if (cJSON_GetObjectItemCaseSensitive(root, "regime"))
        cz_sc_read_regime(r, root, &s->regime);
    else
        cz_err(r, "regime", "missing: the file names no regime");
    if (!cz_ok(r)) {
        cz_scenario_free(s);
        return NULL;
    }
    s->resolved = root;
    return s;
}

cz_scenario_t *cz_scenario_load(cz_reader_t *r, const char *file, const char *const *sets, int nsets)
{
    cJSON *root = cz_scenario_resolve(r, file, sets, nsets);
    if (!root)
        return NULL;
    cz_scenario_t *s = cz_scenario_from_json(r, root, file);
    if (!s)
        cJSON_Delete(root);
    return s;
}

static void free_inspection(cz_inspection_t *in)
{
    sim_dist_fini(&in->time);
    free(in->by_owner);
    free(in->by_category);
    free(in->cat_rate);
    free(in->owner_rate);
}

void cz_scenario_free(cz_scenario_t *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nflows; i++) {
        cz_flow_t *f = &s->flows[i];
        free(f->cat);
        free(f->cat_share);
        free(f->value_scale);
        free(f->exempt_on_entry);
        sim_dist_fini(&f->cat_pick);
        sim_dist_fini(&f->value_cny);
        sim_dist_fini(&f->quantity);
        sim_dist_fini(&f->dwell);
        sim_dist_fini(&f->value_added);
    }
    cz_line_t *lines[2] = {&s->l1, &s->l2};
    for (int i = 0; i < 2; i++) {
        sim_dist_fini(&lines[i]->service);
        sim_dist_fini(&lines[i]->payment);
        free_inspection(&lines[i]->insp);
    }
    cz_sc_free_enforcement(s);
    cz_sc_free_category_index(s);
    for (int k = 0; k < s->nphases; k++)
        cz_scenario_free(s->phase[k]);
    free(s->phase);
    free(s->phase_at);
    free(s->flows);
    free(s->owners);
    for (int c = 0; s->cats && c < s->ncats; c++)
        free(s->cats[c].extra);
    free(s->cats);
    free(s->cat_group);
    free(s->group);
    free(s->origins);
    free(s->description);
    free(s->file);
    cJSON_Delete(s->resolved);
    free(s);
}

static const char *const ROUTE_KEYS[CZ_NROUTES + 1] = {"to_mainland", "re_export", "consumed_in_zone",
                                                       "transferred", NULL};
static const char *const *const KEY_LISTS[] = {CZ_SC_TOP_KEYS, CZ_SC_CHANGE_KEYS, CZ_SC_DEMAND_KEYS, CZ_SC_TARIFF_KEYS, CZ_SC_CATEGORY_KEYS, CZ_SC_LEVY_KEYS,
                                               CZ_SC_THRESHOLD_KEYS, CZ_SC_REGIME_KEYS, CZ_SC_EXEMPTION_KEYS, CZ_SC_FLOW_KEYS,
                                               CZ_SC_PROCESSING_KEYS, CZ_SC_PERSONAL_KEYS,
                                               ROUTE_KEYS, LINES_KEYS, CZ_SC_LINE_KEYS, CZ_SC_INSPECTION_KEYS,
                                               ECON_KEYS, CZ_SC_NONCOMPLIANCE_KEYS, CZ_SC_ENFORCEMENT_KEYS,
                                               CZ_SC_NC_FACTOR_KEYS, CZ_SC_DETECTION_KEYS, CZ_SC_KIND_KEYS,
                                               CZ_SC_AUDIT_KEYS, CZ_SC_ZONE_AUDIT_KEYS, CZ_SC_TARGETING_KEYS,
                                               CZ_SC_PENALTY_KEYS, CZ_SC_ORIGIN_KEYS, NULL};

const char *const *const *cz_scenario_key_lists(void) { return KEY_LISTS; }
