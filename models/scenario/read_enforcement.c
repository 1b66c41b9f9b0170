/* read_enforcement.c: non-compliance and enforcement as data — a flow's
 * "noncompliance", a category's "misdeclared_as", a line's "priority_by_owner"
 * and the top-level "enforcement" (detection by stage, post-clearance and zone
 * audits, risk targeting, penalties, holds) — and the inspection thresholds that
 * targeting needs, solved once per scenario.  See scenario.h and
 * docs/enforcement.md; units in docs/scenario.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/enforce/targeting.h"
#include "models/scenario/scenario_impl.h"

static const char *const KIND_NAMES[CZ_NC_NKINDS] = {"none", "undervaluation", "misclassification", "diversion",
                                                     "leakage"};
static const char *const STAGE_NAMES[CZ_NSTAGES] = {"declaration", "inspection", "audit"};

const char *const CZ_SC_NONCOMPLIANCE_KEYS[] = {"rate", "kinds", "undervaluation", "description", NULL};
const char *const CZ_SC_ENFORCEMENT_KEYS[] = {"noncompliance_factors", "detection", "post_clearance_audit",
                                              "zone_audits_per_year", "targeting", "penalty", "hold",
                                              "description", NULL};
const char *const CZ_SC_NC_FACTOR_KEYS[] = {"by_owner", "by_category", NULL};
const char *const CZ_SC_DETECTION_KEYS[] = {"declaration", "inspection", "audit", NULL};
const char *const CZ_SC_KIND_KEYS[] = {"undervaluation", "misclassification", "diversion", "leakage", NULL};
const char *const CZ_SC_AUDIT_KEYS[] = {"rate", "lag", NULL};
const char *const CZ_SC_ZONE_AUDIT_KEYS[] = {"default", "by_owner", NULL};
const char *const CZ_SC_TARGETING_KEYS[] = {"power", "random_share", NULL};
const char *const CZ_SC_PENALTY_KEYS[] = {"multiple", "legal_range", NULL};

const char *cz_nc_kind_name(cz_nc_kind_t k) { return (unsigned)k < CZ_NC_NKINDS ? KIND_NAMES[k] : "?"; }

/* {"undervaluation": x, ...}: a value per kind in [0, max]; the kinds a stage
 * cannot find (diversion and leakage never cross a line) are refused. */
static void read_kinds(cz_reader_t *r, const cJSON *o, const char *key, double *out, double max, bool lines_only)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        return;
    size_t mark = cz_push(r, key);
    if (cz_check_object(r, v, CZ_SC_KIND_KEYS))
        for (int k = CZ_NC_UNDERVALUE; k < CZ_NC_NKINDS; k++) {
            if (!cJSON_GetObjectItemCaseSensitive(v, KIND_NAMES[k]))
                continue;
            out[k] = cz_get_number(r, v, KIND_NAMES[k], 0, true, 0, max);
            if (lines_only && (k == CZ_NC_DIVERT || k == CZ_NC_LEAK) && out[k] > 0)
                cz_err(r, KIND_NAMES[k], "goods diverted or leaked never come to a line: only audits of the zone's "
                       "ledger find them (detection.audit)");
        }
    cz_pop(r, mark);
}

void cz_sc_read_noncompliance(cz_reader_t *r, const cJSON *o, cz_flow_t *f)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "noncompliance");
    if (!v)
        return;
    size_t mark = cz_push(r, "noncompliance");
    if (cz_check_object(r, v, CZ_SC_NONCOMPLIANCE_KEYS)) {
        f->nc_rate = cz_get_fraction(r, v, "rate", 0, true, 0, 1);
        cz_get_string(r, v, "description", NULL, false);
        if (!cJSON_GetObjectItemCaseSensitive(v, "kinds"))
            cz_err(r, "kinds", "missing: the shares of undervaluation, misclassification, diversion, leakage");
        read_kinds(r, v, "kinds", f->nc_kind, 1, false);
        double sum = 0;
        for (int k = CZ_NC_UNDERVALUE; k < CZ_NC_NKINDS; k++)
            sum += f->nc_kind[k];
        if (cz_ok(r) && fabs(sum - 1) > 1e-9)
            cz_err(r, "kinds", "shares sum to %.15g: they must sum to 1", sum);
        bool under = f->nc_kind[CZ_NC_UNDERVALUE] > 0;
        if (under && cz_get_dist(r, v, "undervaluation", &f->undervaluation, false, true) &&
            sim_dist_sup(&f->undervaluation) >= 1)
            cz_err(r, "undervaluation", "the share u of the value left undeclared lies in [0, 1): this "
                   "distribution reaches %g", sim_dist_sup(&f->undervaluation));
        if (!under && cJSON_GetObjectItemCaseSensitive(v, "undervaluation"))
            cz_err(r, "undervaluation", "applies only with a share of undervaluation in \"kinds\"");
        if (f->from_mainland)
            cz_err(r, NULL, "non-compliance is modelled on import declarations: a flow from abroad");
        if (f->personal)
            cz_err(r, NULL, "non-compliance is modelled on trade declarations, not on personal articles");
    }
    cz_pop(r, mark);
}

/* Each category's "misdeclared_as", once all categories are known. */
void cz_sc_read_misdeclared(cz_reader_t *r, const cJSON *cats, cz_scenario_t *s)
{
    s->misdeclared_as = malloc((size_t)s->ncats * sizeof *s->misdeclared_as);
    if (!s->misdeclared_as)
        return;
    int i = 0;
    for (const cJSON *it = cats->child; it && i < s->ncats; it = it->next, i++) {
        s->misdeclared_as[i] = -1;
        const char *as = cz_get_string(r, it, "misdeclared_as", NULL, false);
        if (!as)
            continue;
        size_t m1 = cz_push(r, it->string);
        s->misdeclared_as[i] = cz_scenario_category(s, as);
        if (s->misdeclared_as[i] < 0)
            cz_sc_unknown_category(r, s, "misdeclared_as", as);
        else if (s->misdeclared_as[i] == i)
            cz_err(r, "misdeclared_as", "goods are misdeclared under another tariff line than their own");
        cz_pop(r, m1);
    }
}

static void read_detection(cz_reader_t *r, const cJSON *o, cz_enforcement_t *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "detection");
    if (!v)
        return;
    size_t mark = cz_push(r, "detection");
    if (cz_check_object(r, v, CZ_SC_DETECTION_KEYS))
        for (int st = 0; st < CZ_NSTAGES; st++)
            read_kinds(r, v, STAGE_NAMES[st], e->detect[st], 1, st != CZ_STAGE_AUDIT);
    cz_pop(r, mark);
}

static void read_audits(cz_reader_t *r, const cJSON *o, cz_enforcement_t *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "post_clearance_audit");
    size_t mark = cz_push(r, "post_clearance_audit");
    if (v && cz_check_object(r, v, CZ_SC_AUDIT_KEYS)) {
        e->audit_rate = cz_get_fraction(r, v, "rate", 0, true, 0, 1);
        if (!cz_get_dist(r, v, "lag", &e->audit_lag, true, true))
            sim_dist_constant(&e->audit_lag, 0);
    }
    cz_pop(r, mark);
    v = cJSON_GetObjectItemCaseSensitive(o, "zone_audits_per_year");
    mark = cz_push(r, "zone_audits_per_year");
    if (v && cz_check_object(r, v, CZ_SC_ZONE_AUDIT_KEYS)) {
        e->zone_audit_default = cz_get_number(r, v, "default", 0, false, 0, 365);
        e->nzone_audit = cz_sc_read_rates(r, v, "by_owner", &e->zone_audit, 365);
    }
    cz_pop(r, mark);
}

static void set_defaults(cz_enforcement_t *e)
{
    e->random_share = 1;
    e->penalty_range[0] = 0.3; /* 30% to 2 times the tax evaded (docs/sources.md §5.5) */
    e->penalty_range[1] = 2;
    e->penalty_multiple = 1;
    sim_dist_constant(&e->audit_lag, 0);
}

static void read_targeting_and_penalty(cz_reader_t *r, const cJSON *o, cz_enforcement_t *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "targeting");
    size_t mark = cz_push(r, "targeting");
    if (v && cz_check_object(r, v, CZ_SC_TARGETING_KEYS)) {
        e->power = cz_get_number(r, v, "power", 0, true, 0, 10);
        e->random_share = cz_get_fraction(r, v, "random_share", 0, false, 0, 1);
    }
    cz_pop(r, mark);
    v = cJSON_GetObjectItemCaseSensitive(o, "penalty");
    mark = cz_push(r, "penalty");
    if (v && cz_check_object(r, v, CZ_SC_PENALTY_KEYS)) {
        const cJSON *range = cJSON_GetObjectItemCaseSensitive(v, "legal_range");
        if (range && (!cJSON_IsArray(range) || cJSON_GetArraySize(range) != 2 ||
                      !cJSON_IsNumber(range->child) || !cJSON_IsNumber(range->child->next) ||
                      range->child->valuedouble < 0 || range->child->next->valuedouble < range->child->valuedouble ||
                      range->child->next->valuedouble > 100))
            cz_err(r, "legal_range", "expected [least, most] multiples of the tax evaded, 0 <= least <= most <= 100");
        else if (range)
            e->penalty_range[0] = range->child->valuedouble, e->penalty_range[1] = range->child->next->valuedouble;
        e->penalty_multiple = cz_get_number(r, v, "multiple", 1, true, 0, 100);
        if (cz_ok(r) && (e->penalty_multiple < e->penalty_range[0] || e->penalty_multiple > e->penalty_range[1]))
            cz_err(r, "multiple", "%g is outside the legal range [%g, %g] (penalty.legal_range)", e->penalty_multiple,
                   e->penalty_range[0], e->penalty_range[1]);
    }
    cz_pop(r, mark);
}

void cz_sc_read_enforcement(cz_reader_t *r, const cJSON *root, cz_scenario_t *s)
{
    cz_enforcement_t *e = &s->enf;
    set_defaults(e);
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "enforcement");
    e->on = o != NULL;
    for (int i = 0; i < s->nflows; i++)
        for (int k = CZ_NC_UNDERVALUE; k < CZ_NC_NKINDS; k++)
            e->on |= s->flows[i].nc_kind[k] > 0; /* a flow with "noncompliance" */
    size_t mark = cz_push(r, "enforcement");
    if (o && cz_check_object(r, o, CZ_SC_ENFORCEMENT_KEYS)) {
        cz_get_string(r, o, "description", NULL, false);
        const cJSON *fac = cJSON_GetObjectItemCaseSensitive(o, "noncompliance_factors");
        size_t m2 = cz_push(r, "noncompliance_factors");
        if (fac && cz_check_object(r, fac, CZ_SC_NC_FACTOR_KEYS)) {
            e->nfactor_owner = cz_sc_read_rates(r, fac, "by_owner", &e->factor_owner, 1000);
            e->nfactor_category = cz_sc_read_rates(r, fac, "by_category", &e->factor_category, 1000);
            for (int i = 0; i < e->nfactor_category; i++)
                if (cz_scenario_category(s, e->factor_category[i].name) < 0)
                    cz_sc_unknown_category(r, s, "by_category", e->factor_category[i].name);
        }
        cz_pop(r, m2);
        read_detection(r, o, e);
        read_audits(r, o, e);
        read_targeting_and_penalty(r, o, e);
        e->has_hold = cJSON_GetObjectItemCaseSensitive(o, "hold") != NULL;
        if (e->has_hold && !cz_get_dist(r, o, "hold", &e->hold, true, true))
            e->has_hold = false;
    }
    cz_pop(r, mark);
}

static double factor(const cz_rate_t *list, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(list[i].name, name))
            return list[i].p;
    return 1;
}

double cz_noncompliance(const cz_scenario_t *s, const cz_flow_t *f, int cat, const char *owner)
{
    const cz_enforcement_t *e = &s->enf;
    double q = f->nc_rate * factor(e->factor_owner, e->nfactor_owner, owner) *
               factor(e->factor_category, e->nfactor_category, s->cats[cat].name);
    return q < 1 ? q : 1;
}

double cz_false_declaration_share(const cz_flow_t *f, double q, int line)
{
    double lines = q * (f->nc_kind[CZ_NC_UNDERVALUE] + f->nc_kind[CZ_NC_MISCLASSIFY]);
    double away = line == 1 ? q * f->nc_kind[CZ_NC_LEAK] : 0; /* leaked goods never reach the second line */
    return away < 1 ? lines / (1 - away) : 0;
}

int cz_line_priority(const cz_line_t *l, const char *owner)
{
    return (int)factor(l->priority, l->npriority, owner);
}

/* A flow's kinds of non-compliance must be able to happen. */
static void check_flow(cz_reader_t *r, const cz_scenario_t *s, int i)
{
    const cz_flow_t *f = &s->flows[i];
    size_t m1 = cz_push(r, "flows"), m2 = cz_push_index(r, i, f->name), m3 = cz_push(r, "noncompliance");
    bool mapped = false;
    for (int k = 0; k < f->ncat; k++)
        mapped |= s->misdeclared_as[f->cat[k]] >= 0;
    if (f->nc_kind[CZ_NC_MISCLASSIFY] > 0 && !mapped)
        cz_err(r, "kinds", "misclassification needs a misdeclared_as on one of the flow's categories (tariff."
               "categories.%s.misdeclared_as: the line its goods are declared under)", s->cats[f->cat[0]].name);
    if (f->nc_kind[CZ_NC_LEAK] > 0 && !s->regime.second_line_control)
        cz_err(r, "kinds", "leakage past the second line: regime %s has no second line", s->regime.name);
    bool exempt = false;
    for (int k = 0; k < f->ncat; k++)
        exempt |= (cz_regime_exempt_taxes(&s->regime, &s->cats[f->cat[k]], f->owner, CZ_FIRST_LINE) &
                   CZ_IMPORT_TAXES) != 0;
    if (f->nc_kind[CZ_NC_DIVERT] > 0 && (!exempt || f->route[CZ_ROUTE_CONSUMED] == 0))
        cz_err(r, "kinds", "diversion of exempt goods used up in the zone: the flow's goods are %s",
               exempt ? "never used up in the zone" : "not exempt on entry for its owner");
    cz_pop(r, m3), cz_pop(r, m2), cz_pop(r, m1);
}

/* The enforcement's settings must each be able to act. */
static void check_enforcement(cz_reader_t *r, const cz_scenario_t *s)
{
    const cz_enforcement_t *e = &s->enf;
    size_t mark = cz_push(r, "enforcement");
    for (int i = 0; i < e->nfactor_owner; i++)
        if (cz_scenario_owner(s, e->factor_owner[i].name) < 0)
            cz_err(r, "noncompliance_factors.by_owner", "\"%s\" is not the owner class of any flow",
                   e->factor_owner[i].name);
    for (int i = 0; i < e->nzone_audit; i++)
        if (cz_scenario_owner(s, e->zone_audit[i].name) < 0)
            cz_err(r, "zone_audits_per_year.by_owner", "\"%s\" is not the owner class of any flow",
                   e->zone_audit[i].name);
    double audit = 0, line = 0;
    for (int k = CZ_NC_UNDERVALUE; k < CZ_NC_NKINDS; k++) {
        audit += e->detect[CZ_STAGE_AUDIT][k];
        line += e->detect[CZ_STAGE_DECLARATION][k] + e->detect[CZ_STAGE_INSPECTION][k];
    }
    bool audits = e->audit_rate > 0 || e->zone_audit_default > 0 || e->nzone_audit > 0;
    if (audits && audit == 0)
        cz_err(r, "detection.audit", "missing: audits are given but find nothing (every kind 0)");
    if (e->has_hold && line == 0)
        cz_err(r, "hold", "goods are held when a check at a line finds them, and no check finds anything "
               "(detection.declaration and detection.inspection)");
    cz_pop(r, mark);
}

/* What the loaded flows, lines and owners must agree on, and the thresholds of
 * targeted inspection for each flow, category, line and owner. */
void cz_sc_prepare_enforcement(cz_reader_t *r, cz_scenario_t *s)
{
    const cz_line_t *lines[2] = {&s->l1, &s->l2};
    for (int i = 0; i < s->nflows; i++)
        check_flow(r, s, i);
    check_enforcement(r, s);
    for (int li = 0; li < 2; li++)
        for (int j = 0; j < lines[li]->npriority; j++)
            if (cz_scenario_owner(s, lines[li]->priority[j].name) < 0)
                cz_err(r, NULL, "lines.%s.priority_by_owner: \"%s\" is not the owner class of any flow",
                       li ? "second_line" : "first_line", lines[li]->priority[j].name);
    for (int i = 0; i < s->nflows && cz_ok(r) && s->enf.on; i++) {
        cz_flow_t *f = &s->flows[i];
        f->thr = malloc((size_t)f->ncat * 4 * sizeof *f->thr);
        if (!f->thr) {
            cz_err(r, NULL, "out of memory");
            return;
        }
        for (int k = 0; k < f->ncat; k++)
            for (int li = 0; li < 2; li++)
                for (int who = 0; who < 2; who++) {
                    const char *owner = who ? f->transfer_owner : f->owner;
                    double p = cz_inspection_rate(&lines[li]->insp, owner, f->cat[k]);
                    double q = cz_false_declaration_share(f, cz_noncompliance(s, f, f->cat[k], owner), li);
                    f->thr[(k * 2 + li) * 2 + who] = cz_target_threshold(p, q, s->enf.power);
                }
    }
}

void cz_sc_free_enforcement(cz_scenario_t *s)
{
    free(s->enf.factor_owner);
    free(s->enf.factor_category);
    free(s->enf.zone_audit);
    sim_dist_fini(&s->enf.audit_lag);
    sim_dist_fini(&s->enf.hold);
    free(s->misdeclared_as);
    for (int i = 0; i < s->nflows; i++) {
        free(s->flows[i].thr);
        sim_dist_fini(&s->flows[i].undervaluation);
    }
    free(s->l1.priority);
    free(s->l2.priority);
}
