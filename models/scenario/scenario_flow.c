/* scenario_flow.c: reading the flows of consignments (with processing,
 * personal articles and the demand response) and the lines (lanes, hours,
 * service, inspection, payment).  See scenario.h. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "models/scenario/scenario_impl.h"

const char *const CZ_SC_FLOW_KEYS[] = {"name", "description", "origin", "owner", "origin_country",
                                        "rate_per_day", "hourly_profile", "categories", "value_cny",
                                        "quantity", "route", "dwell", "transfer_owner", "processing",
                                        "personal", "demand", "opt_out_share", "noncompliance",
                                        "preference_share", "trade", "value_by_category", NULL};
const char *const CZ_SC_PROCESSING_KEYS[] = {"share", "product", "domestic_share", "value_added", NULL};
const char *const CZ_SC_PERSONAL_KEYS[] = {"kind", "postal_rate", "allowance_cny", "waiver_cny", NULL};

static void read_processing(cz_reader_t *r, const cJSON *o, cz_scenario_t *s, cz_flow_t *f)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "processing");
    if (!v)
        return;
    size_t mark = cz_push(r, "processing");
    if (cz_check_object(r, v, CZ_SC_PROCESSING_KEYS)) {
        f->processing = true;
        f->proc_share = cz_get_number(r, v, "share", 0, true, 0, 1);
        f->domestic_share = cz_get_number(r, v, "domestic_share", 0, false, 0, 100);
        const char *product = cz_get_string(r, v, "product", "", true);
        f->product = cz_scenario_category(s, product);
        if (f->product < 0 && *product && s->ncats > 0)
            cz_sc_unknown_category(r, s, "product", product);
        if (f->product < 0)
            f->product = 0;
        if (!cz_get_dist(r, v, "value_added", &f->value_added, false, true))
            sim_dist_constant(&f->value_added, 0);
        if (f->from_mainland)
            cz_err(r, NULL, "processing applies to goods from abroad (bonded materials)");
    }
    cz_pop(r, mark);
}

static void read_personal(cz_reader_t *r, const cJSON *o, cz_flow_t *f)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "personal");
    if (!v)
        return;
    size_t mark = cz_push(r, "personal");
    if (cz_check_object(r, v, CZ_SC_PERSONAL_KEYS)) {
        f->personal = true;
        const char *kind = cz_get_string(r, v, "kind", "postal", false);
        f->personal_kind = strcmp(kind, "baggage") == 0 ? CZ_BAGGAGE : CZ_POSTAL_ARTICLES;
        if (strcmp(kind, "baggage") && strcmp(kind, "postal"))
            cz_err(r, "kind", "\"%s\": expected \"postal\" (articles sent by post) or \"baggage\" (carried by travellers)",
                   kind);
        f->postal_rate = cz_get_rate(r, v, "postal_rate", 0, true, 1);
        f->allowance_fen = cz_get_money(r, v, "allowance_cny", 0, false, 1e9);
        f->waiver_fen = cz_get_money(r, v, "waiver_cny", f->personal_kind == CZ_BAGGAGE ? 0 : 5000, false, 1e9);
        if (f->personal_kind == CZ_BAGGAGE && f->waiver_fen)
            cz_err(r, "waiver_cny", "the 50 CNY waiver is for postal articles; baggage has an allowance");
        if (f->from_mainland)
            cz_err(r, NULL, "personal articles are taxed at the first line: they come from abroad");
    }
    cz_pop(r, mark);
}

static void read_shares(cz_reader_t *r, const cJSON *o, const char *key, double *out,
                        const char *const *names, int n)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    size_t mark = cz_push(r, key);
    const char *allowed[CZ_NROUTES + 1];
    for (int i = 0; i < n; i++)
        allowed[i] = names[i];
    allowed[n] = NULL;
    if (!v) {
        cz_err(r, NULL, "missing: shares that sum to 1");
    } else if (cz_check_object(r, v, allowed)) {
        double sum = 0;
        for (int i = 0; i < n; i++)
            sum += out[i] = cz_get_number(r, v, names[i], 0, false, 0, 1);
        if (fabs(sum - 1) > 1e-6)
            cz_err(r, NULL, "shares sum to %g: they must sum to 1", sum);
    }
    cz_pop(r, mark);
}

static void read_flow_categories(cz_reader_t *r, const cJSON *o, cz_scenario_t *s, cz_flow_t *f)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "categories");
    int n = cJSON_GetArraySize(v);
    if (!cJSON_IsObject(v) || n == 0) {
        cz_err(r, "categories", "expected an object of category: share pairs, shares summing to 1");
        return;
    }
    f->cat = calloc((size_t)n, sizeof *f->cat);
    double *w = calloc((size_t)n, sizeof *w), *idx = calloc((size_t)n, sizeof *idx), sum = 0;
    size_t mark = cz_push(r, "categories");
    for (const cJSON *it = v->child; it && f->cat && w && idx; it = it->next) {
        int c = cz_scenario_category(s, it->string);
        if (c < 0 && s->ncats > 0)
            cz_sc_unknown_category(r, s, it->string, it->string);
        w[f->ncat] = cz_number_item(r, it, 0, 0, 1);
        sum += w[f->ncat];
        idx[f->ncat] = f->ncat;
        f->cat[f->ncat++] = c < 0 ? 0 : c;
    }
    for (int k = 0; k < f->ncat && w && sum > 0; k++)
        w[k] /= sum;
    f->cat_share = w; /* kept: each category's share, normalised (cat_pick's pdf, in constant time) */
    w = NULL;
    if (fabs(sum - 1) > 1e-6)
        cz_err(r, NULL, "shares sum to %g: they must sum to 1", sum);
    else if (cz_ok(r) && f->cat_share && idx &&
             sim_dist_empirical(&f->cat_pick, idx, f->cat_share, (size_t)f->ncat) != SIM_DIST_OK)
        cz_err(r, NULL, "cannot build the category table");
    cz_pop(r, mark);
    free(w);
    free(idx);
}

/* "value_by_category": {"CODE": mean CNY}: a consignment of that category draws
 * its value from value_cny scaled to that mean (the shape kept); the others
 * keep value_cny's mean. */
static void read_value_by_category(cz_reader_t *r, const cJSON *o, const cz_scenario_t *s, cz_flow_t *f)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "value_by_category"), *it;
    if (!v || !cz_ok(r))
        return;
    size_t mark = cz_push(r, "value_by_category");
    int *kof = malloc((size_t)s->ncats * sizeof *kof);
    f->value_scale = malloc((size_t)f->ncat * sizeof *f->value_scale);
    if (!cJSON_IsObject(v)) {
        cz_err(r, NULL, "expected an object of category: mean value (CNY) pairs");
    } else if (!(f->value_cny.mean > 0)) {
        cz_err(r, NULL, "scales value_cny to each category's mean: value_cny needs a mean above 0");
    } else if (kof && f->value_scale) {
        for (int c = 0; c < s->ncats; c++)
            kof[c] = -1;
        for (int k = 0; k < f->ncat; k++)
            kof[f->cat[k]] = k, f->value_scale[k] = 1;
        cJSON_ArrayForEach(it, v) {
            int c = cz_scenario_category(s, it->string);
            double mean = cz_number_item(r, it, 0, 1e-6, 1e12);
            if (c < 0 || kof[c] < 0)
                cz_err(r, it->string, "not one of this flow's categories");
            else
                f->value_scale[kof[c]] = mean / f->value_cny.mean;
        }
    } else {
        cz_err(r, NULL, "out of memory");
    }
    free(kof);
    cz_pop(r, mark);
}

static void read_hourly(cz_reader_t *r, const cJSON *o, cz_flow_t *f)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "hourly_profile");
    for (int h = 0; h < 24; h++)
        f->hourly[h] = 1;
    f->hourly_max = 1;
    if (!v)
        return;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 24) {
        cz_err(r, "hourly_profile", "expected an array of 24 relative rates, one per hour");
        return;
    }
    double sum = 0;
    int h = 0;
    for (const cJSON *it = v->child; it; it = it->next, h++) {
        if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble) || it->valuedouble < 0) {
            cz_err(r, "hourly_profile", "hour %d: expected a number >= 0", h);
            return;
        }
        sum += f->hourly[h] = it->valuedouble;
    }
    if (!(sum > 0) || !isfinite(24 / sum) || !isfinite(sum)) {
        cz_err(r, "hourly_profile", "%s: expected relative rates whose sum is a positive, representable number",
               sum > 0 ? "the rates are too small or too large to scale" : "all hours are 0: the flow would never arrive");
        return;
    }
    f->hourly_max = 0;
    for (h = 0; h < 24; h++) {
        f->hourly[h] *= 24 / sum; /* mean 1, so rate_per_day stays the daily mean */
        if (f->hourly[h] > f->hourly_max)
            f->hourly_max = f->hourly[h];
        if (f->hourly[h] > 0 && f->hourly[h] < 1e-9) {
            cz_err(r, "hourly_profile", "hour %d: a rate below a billionth of the daily mean; give 0 for none", h);
            return;
        }
    }
}

cz_goods_t cz_flow_goods(const cz_scenario_t *s, const cz_flow_t *f, int64_t cv_fen, int64_t qty, bool qualifies)
{
    cz_goods_t g = {cv_fen, qty, f->origin_country[0] ? f->origin_country : NULL, 0, false};
    if (f->origin_ix >= 0) {
        const cz_origin_t *o = &s->origins[f->origin_ix];
        g.no_mfn = o->no_mfn;
        g.agreements = qualifies ? o->agreements : 0;
    }
    return g;
}

/* The rate rule's data for the flow's goods (tax.h, cz_duty_levy): its origin's
 * treatment, the general rate on every line of an origin without MFN, and the
 * share that qualifies under an agreement, wherever one of its lines has a rate. */
static void read_origin_treatment(cz_reader_t *r, const cJSON *o, const cz_scenario_t *s, cz_flow_t *f)
{
    f->origin_ix = -1;
    for (int i = 0; f->origin_country[0] && i < s->norigins; i++)
        if (!strcmp(s->origins[i].name, f->origin_country))
            f->origin_ix = i;
    bool given = cJSON_GetObjectItemCaseSensitive(o, "preference_share") != NULL;
    f->preference_share = cz_get_fraction(r, o, "preference_share", 0, false, 0, 1);
    if (!cz_ok(r)) /* an earlier problem (a category, the share itself): nothing more to say */
        return;
    if (f->origin_ix < 0 || f->from_mainland || f->personal) {
        if (given)
            cz_err(r, "preference_share", "applies to goods from abroad whose origin_country has trade agreements "
                   "(tariff.origins)");
        return;
    }
    const cz_origin_t *org = &s->origins[f->origin_ix];
    uint32_t rated = 0;
    for (int k = 0; k <= f->ncat; k++) {
        int c = k < f->ncat ? f->cat[k] : f->processing ? f->product : -1;
        if (c < 0)
            continue;
        rated |= s->cats[c].has_agreement & org->agreements;
        int lines[2] = {c, s->misdeclared_as ? s->misdeclared_as[c] : -1}; /* and the line it may be declared under */
        for (int j = 0; j < 2 && org->no_mfn; j++)
            if (lines[j] >= 0 && !s->cats[lines[j]].has_general)
                cz_err(r, "origin_country", "%s has no MFN treatment (tariff.origins), so its goods pay the general "
                       "rate, but line %s has none: give it a \"general\" rate", org->name, s->cats[lines[j]].name);
    }
    if (rated && !given)
        cz_err(r, "preference_share", "missing: goods of %s may qualify under a trade agreement that has rates on "
               "this flow's lines; give the share of consignments that do (proof of origin), 0 to 1", org->name);
    else if (!rated && given)
        cz_err(r, "preference_share", "applies to nothing: no line of this flow has a rate under an agreement of %s",
               org->name);
}

static void read_flow(cz_reader_t *r, const cJSON *o, cz_scenario_t *s, cz_flow_t *f)
{
    if (!cz_check_object(r, o, CZ_SC_FLOW_KEYS))
        return;
    cz_sc_read_name(r, o, "name", f->name, true);
    cz_get_string(r, o, "description", NULL, false);
    const char *origin = cz_get_string(r, o, "origin", "abroad", false);
    if (strcmp(origin, "abroad") != 0 && strcmp(origin, "mainland") != 0)
        cz_err(r, "origin", "\"%s\": expected \"abroad\" or \"mainland\"", origin);
    f->from_mainland = strcmp(origin, "mainland") == 0;
    cz_sc_read_name(r, o, "owner", f->owner, true);
    cz_sc_read_name(r, o, "origin_country", f->origin_country, false);
    cz_sc_read_name(r, o, "transfer_owner", f->transfer_owner, false);
    if (!f->transfer_owner[0])
        cz_sc_copy_name(f->transfer_owner, "ordinary");
    f->rate_per_min = cz_get_number(r, o, "rate_per_day", 0, true, 1e-9, CZ_RATE_PER_DAY_MAX) / CZ_MIN_PER_DAY;
    read_hourly(r, o, f);
    read_flow_categories(r, o, s, f);
    if (!cz_get_dist(r, o, "value_cny", &f->value_cny, false, true))
        sim_dist_constant(&f->value_cny, 0);
    read_value_by_category(r, o, s, f);
    if (!cJSON_GetObjectItemCaseSensitive(o, "quantity"))
        sim_dist_constant(&f->quantity, 1);
    else if (!cz_get_dist(r, o, "quantity", &f->quantity, false, true))
        sim_dist_constant(&f->quantity, 1);
    else if (f->quantity.mean > (double)CZ_MAX_FEN / CZ_QTY_ONE) /* held in millionths, as money in fen */
        cz_err(r, "quantity", "a mean of %.6g units is beyond the %.3g units zonesim represents", f->quantity.mean,
               (double)CZ_MAX_FEN / CZ_QTY_ONE);
    if (!cz_get_dist(r, o, "dwell", &f->dwell, true, true))
        sim_dist_constant(&f->dwell, 0);
    read_shares(r, o, "route", f->route, CZ_SC_ROUTE_NAMES, CZ_NROUTES);
    read_processing(r, o, s, f);
    read_personal(r, o, f);
    cz_sc_read_demand(r, o, f);
    cz_sc_read_noncompliance(r, o, f);
    read_origin_treatment(r, o, s, f);
    if (cJSON_GetObjectItemCaseSensitive(o, "trade")) /* tables.c expands it where a file names it */
        cz_err(r, "trade", "a trade table is read where a scenario file names it (relative to that file); "
               "--set and --vary cannot give one");
    f->opt_out_share = cz_get_fraction(r, o, "opt_out_share", 0, false, 0, 1);
    if (f->opt_out_share > 0 && f->from_mainland)
        cz_err(r, "opt_out_share", "units opt out of import exemptions: a flow from abroad");
    if (f->from_mainland && f->route[CZ_ROUTE_TRANSFER] > 0)
        cz_err(r, "route.transferred", "mainland goods are not bonded: transfer applies to goods from abroad");
}

void cz_sc_read_flows(cz_reader_t *r, const cJSON *root, cz_scenario_t *s)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "flows");
    int n = cJSON_GetArraySize(v);
    if (!cJSON_IsArray(v) || n == 0 || n > 256) {
        cz_err(r, "flows", "expected an array of 1 to 256 flows of consignments");
        return;
    }
    s->flows = calloc((size_t)n, sizeof *s->flows);
    int i = 0;
    for (const cJSON *it = v->child; it && s->flows; it = it->next, i++) {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(it, "name");
        size_t m1 = cz_push(r, "flows");
        size_t m2 = cz_push_index(r, i, cJSON_IsString(nm) ? nm->valuestring : NULL);
        cz_flow_t *f = &s->flows[s->nflows++];
        read_flow(r, it, s, f);
        for (int k = 0; k < s->nflows - 1; k++)
            if (strcmp(s->flows[k].name, f->name) == 0)
                cz_err(r, "name", "two flows are named \"%s\"", f->name);
        cz_pop(r, m2);
        cz_pop(r, m1);
    }
}

int cz_sc_read_rates(cz_reader_t *r, const cJSON *o, const char *key, cz_rate_t **out, double max)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        return 0;
    int n = cJSON_GetArraySize(v);
    if (!cJSON_IsObject(v)) {
        cz_err(r, key, "expected an object of name: probability pairs");
        return 0;
    }
    *out = calloc((size_t)(n ? n : 1), sizeof **out);
    size_t mark = cz_push(r, key);
    int k = 0;
    for (const cJSON *it = v->child; it && *out; it = it->next, k++) {
        cz_sc_copy_name((*out)[k].name, it->string);
        (*out)[k].p = cz_number_item(r, it, 0, 0, max);
    }
    cz_pop(r, mark);
    return k;
}

const char *const CZ_SC_INSPECTION_KEYS[] = {"bays", "time", "rate", "by_owner", "by_category", NULL};

static void read_inspection(cz_reader_t *r, const cJSON *o, cz_scenario_t *s, cz_inspection_t *in)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "inspection");
    if (!v) {
        in->bays = 1;
        sim_dist_constant(&in->time, 0);
        return;
    }
    size_t mark = cz_push(r, "inspection");
    if (cz_check_object(r, v, CZ_SC_INSPECTION_KEYS)) {
        in->bays = (unsigned)cz_get_int(r, v, "bays", 1, false, 1, 10000);
        if (!cz_get_dist(r, v, "time", &in->time, true, true))
            sim_dist_constant(&in->time, 0);
        in->default_rate = cz_get_number(r, v, "rate", 0, false, 0, 1);
        in->nowner = cz_sc_read_rates(r, v, "by_owner", &in->by_owner, 1);
        in->ncategory = cz_sc_read_rates(r, v, "by_category", &in->by_category, 1);
        in->cat_rate = s->ncats > 0 ? calloc((size_t)s->ncats, sizeof *in->cat_rate) : NULL;
        for (int i = 0; i < in->ncategory; i++) {
            int c = cz_scenario_category(s, in->by_category[i].name);
            if (c < 0 && s->ncats > 0)
                cz_sc_unknown_category(r, s, "by_category", in->by_category[i].name);
            else if (c >= 0 && in->cat_rate)
                in->cat_rate[c] = in->by_category[i].p;
        }
    }
    cz_pop(r, mark);
}

static double owner_rate(const cz_inspection_t *in, const char *owner)
{
    double po = in->default_rate;
    for (int i = 0; i < in->nowner; i++)
        if (strcmp(in->by_owner[i].name, owner) == 0)
            po = in->by_owner[i].p;
    return po;
}

/* Two independent risk signals: owner profile and goods profile. */
static double combined(const cz_inspection_t *in, double po, int category)
{
    double pc = in->cat_rate ? in->cat_rate[category] : 0;
    return 1 - (1 - po) * (1 - pc);
}

double cz_inspection_rate(const cz_inspection_t *in, const char *owner, int category)
{
    return combined(in, owner_rate(in, owner), category);
}

double cz_inspection_rate_of(const cz_inspection_t *in, int owner_ix, int category)
{
    assert(in->owner_rate && owner_ix >= 0);
    return combined(in, in->owner_rate[owner_ix], category);
}

bool cz_sc_resolve_owner_rates(cz_inspection_t *in, const char (*owners)[CZ_NAME_MAX], int nowners)
{
    free(in->owner_rate);
    in->owner_rate = malloc((size_t)(nowners > 0 ? nowners : 1) * sizeof *in->owner_rate);
    for (int i = 0; in->owner_rate && i < nowners; i++)
        in->owner_rate[i] = owner_rate(in, owners[i]);
    return in->owner_rate != NULL;
}

const char *const CZ_SC_LINE_KEYS[] = {"lanes", "open", "service", "inspection", "payment",
                                        "priority_by_owner", "description", NULL};

static void read_hours(cz_reader_t *r, const cJSON *o, cz_line_t *l)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "open");
    l->always_open = true;
    if (!v || (cJSON_IsString(v) && strcmp(v->valuestring, "24h") == 0))
        return;
    double a, b;
    if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2 || !cJSON_IsString(v->child) ||
        !cJSON_IsString(v->child->next) || !cz_parse_clock(v->child->valuestring, &a) ||
        !cz_parse_clock(v->child->next->valuestring, &b)) {
        cz_err(r, "open", "expected [\"HH:MM\", \"HH:MM\"] (opening, closing) or \"24h\"");
        return;
    }
    if (a == 0 && b == 1440)
        return; /* 00:00 to 24:00: around the clock */
    if (a == 1440)
        a = 0;
    if (b == 1440)
        b = 0;
    if (a == b) {
        cz_err(r, "open", "opening and closing times are equal: the line would never open "
               "(use \"24h\" for a line that is always open)");
        return;
    }
    l->always_open = false;
    l->open = a;
    l->close = b;
}

void cz_sc_read_line(cz_reader_t *r, const cJSON *lines, const char *key, cz_scenario_t *s,
                      cz_line_t *l, bool required)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(lines, key);
    size_t mark = cz_push(r, key);
    if (!o && required) {
        cz_err(r, NULL, "missing: lanes, service time and inspection of this line");
    } else if (!o) {
        l->lanes = 1;
        l->always_open = true;
        sim_dist_constant(&l->service, 0);
        l->insp.bays = 1;
        sim_dist_constant(&l->insp.time, 0);
    } else if (cz_check_object(r, o, CZ_SC_LINE_KEYS)) {
        l->lanes = (unsigned)cz_get_int(r, o, "lanes", 1, true, 1, 10000);
        cz_get_string(r, o, "description", NULL, false);
        read_hours(r, o, l);
        if (!cz_get_dist(r, o, "service", &l->service, true, true))
            sim_dist_constant(&l->service, 0);
        read_inspection(r, o, s, &l->insp);
        l->has_payment = cJSON_GetObjectItemCaseSensitive(o, "payment") != NULL;
        if (l->has_payment && !cz_get_dist(r, o, "payment", &l->payment, true, true))
            l->has_payment = false;
        l->npriority = cz_sc_read_rates(r, o, "priority_by_owner", &l->priority, 9);
        for (int i = 0; i < l->npriority; i++)
            if (l->priority[i].p != floor(l->priority[i].p)) {
                size_t m2 = cz_push(r, "priority_by_owner");
                cz_err(r, l->priority[i].name, "%g: a priority is a whole number from 0 (first) to 9",
                       l->priority[i].p);
                cz_pop(r, m2);
            }
    }
    cz_pop(r, mark);
}

