/* policy.c: "policy_changes": a schedule of changes, each a time and a set of
 * PATH: VALUE overrides.  Each change makes a phase, a whole scenario (the
 * previous one with the change applied), validated like the base; a phase may
 * change values, not the shape the running model and the KPIs rely on.
 * Bounded: at most 8 changes, and a change may not hold "policy_changes" or
 * "extends" (no nesting).  See scenario.h. */
#include <stdlib.h>
#include <string.h>

#include "models/scenario/scenario_impl.h"

#define MIN_PER_MONTH (365.0 * CZ_MIN_PER_DAY / 12)

/* Units that opted out are locked in: a flow's opt_out_share may fall only once
 * the lock-in (of the regime in force when it last rose; the base counts as a
 * rise at time 0) has run.  Phases before p are s->phase[0..nphases). */
static void check_lock_in(cz_reader_t *r, const cz_scenario_t *s, const cz_scenario_t *p, double at)
{
    const cz_scenario_t *prev = s->nphases ? s->phase[s->nphases - 1] : s;
    for (int i = 0; i < p->nflows; i++) {
        if (p->flows[i].opt_out_share >= prev->flows[i].opt_out_share)
            continue;
        double rose = 0;
        int months = s->regime.opt_out_lock_in_months;
        for (int k = 0; k < s->nphases; k++) {
            const cz_scenario_t *before = k ? s->phase[k - 1] : s;
            if (s->phase[k]->flows[i].opt_out_share > before->flows[i].opt_out_share)
                rose = s->phase_at[k], months = s->phase[k]->regime.opt_out_lock_in_months;
        }
        if (at < rose + months * MIN_PER_MONTH)
            cz_err(r, "set", "flow %s: units that waived their exemption at %.4g days cannot claim it again for %d "
                   "months (the regime's opt_out_lock_in_months): a lower opt_out_share cannot take effect at %.4g "
                   "days", p->flows[i].name, rose / CZ_MIN_PER_DAY, months, at / CZ_MIN_PER_DAY);
    }
}

/* The phases of a policy schedule must keep the shape the KPIs and the running
 * model rely on: flows, categories, exemptions (by name and order), hours. */
/* A phase that stops a flow's transfers still sees consignments that chose a
 * transfer before it: they go to the phase's transfer owner, which must then be
 * an owner class (the phase lists owners only for the routes it uses). */
static void keep_transfer_owners(cz_reader_t *r, const cz_scenario_t *base, cz_scenario_t *p)
{
    for (int i = 0; i < p->nflows; i++) {
        cz_flow_t *f = &p->flows[i];
        bool earlier = base->flows[i].route[CZ_ROUTE_TRANSFER] > 0;
        for (int k = 0; k < base->nphases && base->phase[k]; k++)
            earlier |= base->phase[k]->flows[i].route[CZ_ROUTE_TRANSFER] > 0;
        if (f->transfer_owner_ix >= 0 || !earlier)
            continue;
        f->transfer_owner_ix = cz_scenario_owner(p, f->transfer_owner);
        if (f->transfer_owner_ix < 0)
            cz_err(r, "set", "flows.%s.transfer_owner: \"%s\" is no flow's owner, but consignments that chose a "
                   "transfer before this change still transfer to it: name an owner class", f->name, f->transfer_owner);
    }
}

static void check_phase(cz_reader_t *r, const cz_scenario_t *base, cz_scenario_t *p, double at)
{
    bool same = p->nflows == base->nflows && p->ncats == base->ncats && p->regime.nex == base->regime.nex &&
                p->enf.on == base->enf.on;
    for (int i = 0; same && i < p->nflows; i++)
        same = !strcmp(p->flows[i].name, base->flows[i].name) && p->flows[i].ncat == base->flows[i].ncat &&
               p->flows[i].processing == base->flows[i].processing && p->flows[i].personal == base->flows[i].personal;
    for (int i = 0; same && i < p->ncats; i++)
        same = !strcmp(p->cats[i].name, base->cats[i].name);
    for (int i = 0; same && i < p->regime.nex; i++)
        same = !strcmp(p->regime.ex[i].name, base->regime.ex[i].name);
    same = same && p->nowners == base->nowners;
    for (int i = 0; same && i < p->nowners; i++)
        same = !strcmp(p->owners[i], base->owners[i]);
    if (!same)
        cz_err(r, "set", "a policy change may change values, not the list of flows, categories, owner "
               "classes, exemptions or whether enforcement is modelled (give an exemption in the base regime with an owner list that matches nobody, "
               "and change its owners)");
    if (same) {
        check_lock_in(r, base, p, at);
        keep_transfer_owners(r, base, p);
    }
    const cz_line_t *a[2] = {&base->l1, &base->l2}, *b[2] = {&p->l1, &p->l2};
    for (int i = 0; i < 2; i++)
        if (a[i]->always_open != b[i]->always_open || a[i]->open != b[i]->open || a[i]->close != b[i]->close)
            cz_err(r, "set", "a policy change may not change opening hours (give them in the base scenario)");
}

/* Apply one change's "set" to the running tree. */
static void apply_change(cz_reader_t *r, const cJSON *set, cJSON *tree)
{
    size_t mark = cz_push(r, "set");
    for (const cJSON *it = set->child; it; it = it->next) {
        char path[512];
        if (snprintf(path, sizeof path, "%s", it->string) >= (int)sizeof path) {
            cz_err(r, NULL, "path longer than %zu characters", sizeof path - 1);
            continue;
        }
        if (!strncmp(path, "policy_changes", 14) || !strncmp(path, "extends", 7)) {
            cz_err(r, it->string, "a policy change may not change \"policy_changes\" or \"extends\"");
            continue;
        }
        cJSON *value = cJSON_Duplicate(it, true);
        if (value && !cz_sc_put(r, tree, path, value, it->string))
            cJSON_Delete(value);
    }
    cz_pop(r, mark);
}

/* The phase after a change: the tree as it now stands, validated. */
static void add_phase(cz_reader_t *r, const cJSON *tree, cz_scenario_t *s, double at)
{
    cJSON *copy = cJSON_Duplicate(tree, true);
    int before = r->nerrors;
    cz_scenario_t *p = copy ? cz_scenario_from_json(r, copy, s->file) : NULL;
    if (!p)
        cJSON_Delete(copy);
    else if (r->nerrors == before)
        check_phase(r, s, p, at);
    s->phase[s->nphases] = p;
    s->phase_at[s->nphases++] = at;
}

void cz_sc_read_policy_changes(cz_reader_t *r, cJSON *root, cz_scenario_t *s)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "policy_changes");
    if (!v)
        return;
    int n = cJSON_GetArraySize(v);
    if (!cJSON_IsArray(v) || n > CZ_MAX_CHANGES) {
        cz_err(r, "policy_changes", "expected an array of at most %d changes {\"at\": \"180 d\", \"set\": {PATH: VALUE}}",
               CZ_MAX_CHANGES);
        return;
    }
    s->phase = calloc((size_t)(n ? n : 1), sizeof *s->phase);
    s->phase_at = calloc((size_t)(n ? n : 1), sizeof *s->phase_at);
    cJSON *tree = s->phase && s->phase_at ? cJSON_Duplicate(root, true) : NULL;
    if (!tree) {
        cz_err(r, "policy_changes", "out of memory");
        return;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(tree, "policy_changes");
    double last = 0;
    for (int k = 0; k < n; k++) {
        const cJSON *ch = cJSON_GetArrayItem(v, k);
        size_t m1 = cz_push(r, "policy_changes"), m2 = cz_push_index(r, k, NULL);
        if (cz_check_object(r, ch, CZ_SC_CHANGE_KEYS)) {
            cz_get_string(r, ch, "description", NULL, false);
            double at = cz_get_duration(r, ch, "at", 0, true, 0);
            if (!(at > last && at < s->horizon_min))
                cz_err(r, "at", "%g min: changes must come in increasing time, inside the horizon", at);
            last = at;
            const cJSON *set = cJSON_GetObjectItemCaseSensitive(ch, "set");
            if (!cJSON_IsObject(set) || !set->child)
                cz_err(r, "set", "expected an object of PATH: VALUE, e.g. {\"lines.second_line.lanes\": 5}");
            else
                apply_change(r, set, tree);
            if (cz_ok(r))
                add_phase(r, tree, s, at);
        }
        cz_pop(r, m2);
        cz_pop(r, m1);
    }
    cJSON_Delete(tree);
}
