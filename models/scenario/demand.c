/* demand.c: the behavioural response of a flow with "demand" (partial
 * equilibrium, as WITS-SMART): its arrival rate scaled by ((1 + t) / (1 +
 * t_ref))^elasticity, t the tax its goods actually bear per unit of customs
 * value under the scenario — assessed along each route where taxes fall
 * (models/tax/taxpoint.h): origin duties, processing and the value-added rule,
 * opt-outs, relief on re-export, export duty and refunds all counted — and
 * t_ref the reference, which must be given (validate prints t, the status
 * quo's rate, for it).  t is the tax on a representative consignment of the
 * flow (its mean value, quantity and stay) over its value.  See scenario.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/scenario/scenario_impl.h"
#include "models/tax/taxpoint.h"

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

/* A representative consignment of a flow: its mean value and quantity, and
 * the whole months of its mean stay (for back-payment on depreciated value).
 * Rules that are not linear in the value (de minimis, a price threshold, the
 * allowance of personal articles) are judged on it. */
typedef struct rep {
    const cz_scenario_t *s;
    const cz_flow_t *f;
    const cz_tariff_line_t *tl;
    int64_t v, q;
    long months;
    bool qualifies;              /* under its origin's agreements (weighted by preference_share) */
    gsl_rng *rng;
} rep_t;

/* Import taxes (fen) on goods of line tl at a point for an owner. */
static double import_fen(const rep_t *p, const cz_tariff_line_t *tl, cz_goods_t g, const char *owner, cz_point_t at,
                         double va, const cz_tariff_line_t *material, bool waived)
{
    cz_goods_t mg = g; /* the materials: the same origin and treatment */
    mg.cv_fen = p->v;
    mg.qty = p->q;
    cz_material_t m = {material, mg};
    cz_case_t k = {tl, g, owner, at, va, &m, material ? 1 : 0, waived};
    cz_assessment_t a;
    cz_regime_assess_import(&p->s->regime, &k, &a);
    return (double)cz_taxes_total(&a.due);
}

/* The goods as they owe when leaving an exemption after `months` (or as they are). */
static cz_goods_t goods(const rep_t *p, bool exempt, long months)
{
    cz_goods_t g = cz_flow_goods(p->s, p->f, p->v, p->q, p->qualifies);
    return exempt ? cz_depreciated(&g, months, p->tl->supervision_years) : g;
}

/* Taxes on leaving the zone at `at` (the second line, or used up), processing
 * included: the product, by its value added, for the processed share. */
static double exit_fen(const rep_t *p, const char *owner, cz_point_t at, bool exempt, long months)
{
    const cz_flow_t *f = p->f;
    cz_goods_t g = goods(p, exempt, months);
    double plain = import_fen(p, p->tl, g, owner, at, NAN, NULL, false);
    if (!f->processing || f->proc_share <= 0)
        return plain;
    double processed = 0;
    const cz_tariff_line_t *prod = &p->s->cats[f->product];
    for (int i = 0; i < VA_DRAWS; i++) {
        double va = sim_dist_sample(&f->value_added, p->rng);
        cz_goods_t pg = g;
        double product = cz_cny(g.cv_fen) * (1 + f->domestic_share) * (1 + va);
        if (!cz_cny_in_range(product)) /* as a run would stop on it: no rate to give */
            return NAN;
        pg.cv_fen = cz_fen_round(product);
        processed += import_fen(p, prod, pg, owner, at, va, p->tl, false) / VA_DRAWS;
    }
    return (1 - f->proc_share) * plain + f->proc_share * processed;
}

/* Taxes on one route of goods from abroad, as a run charges them (taxpoint.h). */
static double route_fen(const rep_t *p, cz_route_t route, bool opted)
{
    const cz_regime_t *rg = &p->s->regime;
    const cz_flow_t *f = p->f;
    cz_goods_state_t g = {.opted_out = opted, .leaving_abroad = route == CZ_ROUTE_REEXPORT};
    bool exempt = !opted && (cz_regime_exempt_taxes(rg, p->tl, f->owner, CZ_FIRST_LINE) & CZ_IMPORT_TAXES);
    bool loses = rg->back_payment_on_transfer && cz_regime_transfer_loses(rg, p->tl, f->owner, f->transfer_owner);
    cz_tax_point_t e = cz_tax_point(rg, CZ_MOVE_ENTRY, &g);
    if (e.settles) { /* paid (or forgiven) on entry */
        double paid = e.levies & CZ_LEVY_IMPORT
                          ? import_fen(p, p->tl, goods(p, false, 0), f->owner, CZ_FIRST_LINE, NAN, NULL,
                                       e.levies & CZ_LEVY_NO_EXEMPTION)
                          : 0;
        if (route == CZ_ROUTE_REEXPORT && rg->reexport_relief == CZ_RELIEF_DRAWBACK)
            return 0;
        if (route == CZ_ROUTE_TRANSFER && exempt && loses)
            paid += import_fen(p, p->tl, goods(p, true, p->months), f->transfer_owner, CZ_TRANSFER, NAN, NULL, false);
        return paid;
    }
    switch (route) {
    case CZ_ROUTE_MAINLAND:
        return exit_fen(p, f->owner, CZ_SECOND_LINE, exempt, p->months);
    case CZ_ROUTE_CONSUMED:
        return exit_fen(p, f->owner, CZ_ZONE, exempt, p->months);
    case CZ_ROUTE_TRANSFER: /* a stay, the transfer, a second stay, the mainland */
        if (loses)
            return import_fen(p, p->tl, goods(p, exempt, p->months), f->transfer_owner, CZ_TRANSFER, NAN, NULL, false);
        return exit_fen(p, f->transfer_owner, CZ_SECOND_LINE, exempt, 2 * p->months);
    default:
        return 0; /* re-exported bonded goods */
    }
}

static double abroad_fen(const rep_t *p)
{
    const cz_flow_t *f = p->f;
    if (f->personal)
        return (double)cz_personal_tax(f->personal_kind, f->postal_rate, p->v, p->q, f->allowance_fen, f->waiver_fen,
                                       NULL);
    double t = 0;
    for (int opted = 0; opted < 2; opted++) {
        double w = opted ? f->opt_out_share : 1 - f->opt_out_share;
        for (int k = 0; k < CZ_NROUTES && w > 0; k++)
            if (f->route[k] > 0)
                t += w * f->route[k] * route_fen(p, (cz_route_t)k, opted);
    }
    return t;
}

static double mainland_fen(const rep_t *p)
{
    const cz_regime_t *rg = &p->s->regime;
    const cz_flow_t *f = p->f;
    cz_assessment_t a;
    double t = 0, export_share = rg->export_duty_at == CZ_SECOND_LINE ? 1 : f->route[CZ_ROUTE_REEXPORT];
    cz_regime_assess_export(rg, p->tl, f->owner, rg->export_duty_at, p->v, p->q, &a);
    t += export_share * (double)a.due.fen[CZ_EXPORT_DUTY];
    double refunded = rg->refund_on_entry ? 1 : f->route[CZ_ROUTE_REEXPORT];
    t -= refunded * (double)cz_export_refund(p->tl, p->v);
    if (rg->refund_on_entry) /* goods that entered as exports are imports when they go back */
        t += f->route[CZ_ROUTE_MAINLAND] * import_fen(p, p->tl, goods(p, false, 0), f->owner, CZ_SECOND_LINE, NAN,
                                                      NULL, true);
    return t;
}

double cz_flow_tax_rate(const cz_scenario_t *s, const cz_flow_t *f)
{
    double rate = 0;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
    rep_t p = {s, f, NULL, cz_fen_round(f->value_cny.mean), cz_qty_round(f->quantity.mean),
               (long)floor(f->dwell.mean / (365.0 * CZ_MIN_PER_DAY / 12) + 1e-9), false, rng};
    int64_t mean_v = p.v;
    double value = 0; /* the mean value of a consignment, with value_by_category */
    if (!rng || !f->cat_pick.table || p.v <= 0) {
        gsl_rng_free(rng);
        return p.v <= 0 ? 0 : NAN;
    }
    for (int k = 0; k < f->ncat; k++) {
        p.tl = &s->cats[f->cat[k]];
        p.v = f->value_scale ? cz_fen_round(f->value_cny.mean * f->value_scale[k]) : mean_v;
        double share = f->cat_share[k];
        value += share * (double)p.v;
        if (f->from_mainland) {
            rate += share * mainland_fen(&p);
            continue;
        }
        for (int q = 0; q < 2; q++) { /* qualifying under an agreement, or not */
            double w = q ? f->preference_share : 1 - f->preference_share;
            p.qualifies = q;
            gsl_rng_set(rng, 7);
            if (w > 0)
                rate += w * share * abroad_fen(&p);
        }
    }
    gsl_rng_free(rng);
    return value > 0 ? rate / value : 0; /* tax per unit of customs value */
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
        if (isnan(f->tax_rate)) {
            size_t m1 = cz_push(r, "flows"), m2 = cz_push_index(r, i, f->name);
            cz_err(r, "demand", "the tax rate the demand responds to cannot be computed: a processed product's "
                   "value would pass the 1e16 CNY zonesim represents (lower value_cny or processing.value_added), "
                   "or memory ran out");
            cz_pop(r, m2), cz_pop(r, m1);
            continue;
        }
        f->demand_factor = cz_demand_factor(f->tax_rate, f->reference_tax_rate, f->elasticity);
        double per_day = f->rate_per_min * f->demand_factor * CZ_MIN_PER_DAY;
        if (!(per_day <= CZ_RATE_PER_DAY_MAX)) { /* the same bound as a rate_per_day given */
            size_t m1 = cz_push(r, "flows"), m2 = cz_push_index(r, i, f->name);
            cz_err(r, "demand", "the demand response multiplies rate_per_day by %.6g (tax rate %.6g against the "
                   "reference %.6g, elasticity %g): %.6g a day, beyond the %g a flow may have", f->demand_factor,
                   f->tax_rate, f->reference_tax_rate, f->elasticity, per_day, CZ_RATE_PER_DAY_MAX);
            cz_pop(r, m2), cz_pop(r, m1);
            continue;
        }
        f->rate_per_min *= f->demand_factor;
    }
}
