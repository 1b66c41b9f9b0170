/* demand.c: the behavioural response of a flow with "demand" (partial
 * equilibrium, as WITS-SMART): its arrival rate scaled by ((1 + t) / (1 +
 * t_ref))^elasticity, t the tax its goods actually bear per unit of customs
 * value under the scenario — assessed along each route where taxes fall
 * (models/tax/taxpoint.h): origin duties, processing and the value-added rule,
 * opt-outs, relief on re-export, export duty and refunds all counted — and
 * t_ref the reference, which must be given (validate prints t, the status
 * quo's rate, for it).  See scenario.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/scenario/scenario_impl.h"
#include "models/tax/taxpoint.h"

#define UNIT_FEN 100000000LL /* 1,000,000 CNY: the customs value assessed */
#define VA_DRAWS 256

const char *const CZ_SC_DEMAND_KEYS[] = {"elasticity", "reference_tax_rate", NULL};

void cz_sc_read_demand(cz_reader_t *r, const cJSON *o, cz_flow_t *f)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "demand");
    if (!v)
        return;
    size_t mark = cz_push(r, "demand");
    if (cz_check_object(r, v, CZ_SC_DEMAND_KEYS)) {
        f->demand = true;
        f->elasticity = cz_get_number(r, v, "elasticity", 0, true, -50, 0);
        f->reference_tax_rate = cz_get_number(r, v, "reference_tax_rate", NAN, false, 0, 100);
    }
    cz_pop(r, mark);
}

/* Import taxes on goods of line tl (value v) at a point, per unit of UNIT_FEN. */
static double import_rate(const cz_regime_t *rg, const cz_tariff_line_t *tl, const cz_flow_t *f, cz_point_t at,
                          int64_t v, double va, const cz_tariff_line_t *material, bool waived)
{
    const char *origin = f->origin_country[0] ? f->origin_country : NULL;
    cz_material_t m = {material, {UNIT_FEN, CZ_QTY_ONE, origin}};
    cz_case_t k = {tl, {v, CZ_QTY_ONE, origin}, f->owner, at, va, &m, material ? 1 : 0, waived};
    cz_assessment_t a;
    cz_regime_assess_import(rg, &k, &a);
    return (double)cz_taxes_total(&a.due) / (double)UNIT_FEN;
}

/* The tax per unit of value on goods from abroad leaving the zone by `move`. */
static double exit_rate(const cz_scenario_t *s, const cz_flow_t *f, const cz_tariff_line_t *tl, cz_point_t at,
                        gsl_rng *rng)
{
    const cz_regime_t *rg = &s->regime;
    double plain = import_rate(rg, tl, f, at, UNIT_FEN, NAN, NULL, false);
    if (!f->processing || f->proc_share <= 0)
        return plain;
    double processed = 0; /* the product, by its value added, per unit of the materials' value */
    const cz_tariff_line_t *prod = &s->cats[f->product];
    for (int i = 0; i < VA_DRAWS; i++) {
        double va = sim_dist_sample(&f->value_added, rng);
        int64_t p = cz_fen_round(cz_cny(UNIT_FEN) * (1 + f->domestic_share) * (1 + va));
        processed += import_rate(rg, prod, f, at, p, va, tl, false) / VA_DRAWS;
    }
    return (1 - f->proc_share) * plain + f->proc_share * processed;
}

static double abroad_rate(const cz_scenario_t *s, const cz_flow_t *f, const cz_tariff_line_t *tl, gsl_rng *rng)
{
    const cz_regime_t *rg = &s->regime;
    const double *r = f->route;
    double t = 0;
    for (int opted = 0; opted < 2; opted++) {
        double w = opted ? f->opt_out_share : 1 - f->opt_out_share;
        cz_goods_state_t g = {.personal = false, .opted_out = opted != 0};
        cz_tax_point_t e = cz_tax_point(rg, CZ_MOVE_ENTRY, &g);
        double on_entry = e.levies & CZ_LEVY_IMPORT
                              ? import_rate(rg, tl, f, CZ_FIRST_LINE, UNIT_FEN, NAN, NULL, e.levies & CZ_LEVY_NO_EXEMPTION) : 0;
        if (w <= 0)
            continue;
        if (e.settles) { /* paid on entry; re-exports may draw it back */
            bool drawn = rg->reexport_relief == CZ_RELIEF_DRAWBACK;
            t += w * on_entry * (1 - (drawn ? r[CZ_ROUTE_REEXPORT] : 0));
            continue;
        }
        t += w * ((r[CZ_ROUTE_MAINLAND] + r[CZ_ROUTE_TRANSFER]) * exit_rate(s, f, tl, CZ_SECOND_LINE, rng) +
                  r[CZ_ROUTE_CONSUMED] * exit_rate(s, f, tl, CZ_ZONE, rng));
    }
    return t;
}

static double mainland_rate(const cz_scenario_t *s, const cz_flow_t *f, const cz_tariff_line_t *tl)
{
    const cz_regime_t *rg = &s->regime;
    cz_assessment_t a;
    double t = 0, export_share = rg->export_duty_at == CZ_SECOND_LINE ? 1 : f->route[CZ_ROUTE_REEXPORT];
    cz_regime_assess_export(rg, tl, f->owner, rg->export_duty_at, UNIT_FEN, CZ_QTY_ONE, &a);
    t += export_share * (double)a.due.fen[CZ_EXPORT_DUTY] / UNIT_FEN;
    double refunded = rg->refund_on_entry ? 1 : f->route[CZ_ROUTE_REEXPORT];
    t -= refunded * (double)cz_export_refund(tl, UNIT_FEN) / UNIT_FEN;
    if (rg->refund_on_entry) /* refunded goods going back are imports */
        t += f->route[CZ_ROUTE_MAINLAND] * import_rate(rg, tl, f, CZ_SECOND_LINE, UNIT_FEN, NAN, NULL, false);
    return t;
}

double cz_flow_tax_rate(const cz_scenario_t *s, const cz_flow_t *f)
{
    double rate = 0;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    if (!rng || !f->cat_pick.table) {
        gsl_rng_free(rng);
        return NAN;
    }
    for (int k = 0; k < f->ncat; k++) {
        const cz_tariff_line_t *tl = &s->cats[f->cat[k]];
        double share = gsl_ran_discrete_pdf((size_t)k, f->cat_pick.table);
        gsl_rng_set(rng, 7);
        rate += share * (f->from_mainland ? mainland_rate(s, f, tl) : abroad_rate(s, f, tl, rng));
    }
    gsl_rng_free(rng);
    return rate;
}

void cz_sc_apply_demand(cz_reader_t *r, cz_scenario_t *s)
{
    for (int i = 0; i < s->nflows; i++) {
        cz_flow_t *f = &s->flows[i];
        f->tax_rate = cz_flow_tax_rate(s, f);
        if (!f->demand)
            continue;
        if (isnan(f->reference_tax_rate)) {
            size_t m1 = cz_push(r, "flows"), m2 = cz_push_index(r, i, f->name), m3 = cz_push(r, "demand");
            cz_err(r, "reference_tax_rate", "missing: the tax rate the demand responds from; this flow's goods bear "
                   "%.6g of their customs value as the scenario stands (give that for the status quo, and keep it "
                   "in what-ifs that extend it)", f->tax_rate);
            cz_pop(r, m3), cz_pop(r, m2), cz_pop(r, m1);
            continue;
        }
        f->demand_factor = cz_demand_factor(f->tax_rate, f->reference_tax_rate, f->elasticity);
        f->rate_per_min *= f->demand_factor;
    }
}
