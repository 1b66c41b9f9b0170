/* tax.c: the assessment formulas.  See tax.h. */
#include "models/tax/tax.h"

#include <math.h>
#include <string.h>

int64_t cz_fen(double cny)
{
    /* Nudge by a relative epsilon so that 13.65 (stored as 13.6499999...) rounds up. */
    double x = cny * 100.0;
    x += x >= 0 ? fabs(x) * 1e-12 : -fabs(x) * 1e-12;
    return (int64_t)llround(x);
}

int64_t cz_customs_value_fen(double price, double freight, double insurance, double fx)
{
    if (insurance < 0)
        insurance = (price + freight) * 0.003;
    return cz_fen((price + freight + insurance) * fx);
}

static double origin_extra(const cz_tariff_line_t *tl, const char *origin)
{
    if (!origin)
        return 0;
    for (int i = 0; i < tl->nextra; i++)
        if (strcmp(tl->extra[i].origin, origin) == 0)
            return tl->extra[i].rate;
    return 0;
}

cz_taxes_t cz_assess_import(const cz_tariff_line_t *tl, int64_t cv_fen, double qty,
                            const char *origin, cz_ct_rule_t *ct_rule)
{
    cz_taxes_t t = {{0}};
    double cv = cz_cny(cv_fen);
    double duty_rate = tl->duty.ad_valorem + origin_extra(tl, origin);
    t.fen[CZ_DUTY] = cz_fen(cv * duty_rate + qty * tl->duty.per_unit);
    double duty = cz_cny(t.fen[CZ_DUTY]);

    double ct_rate = tl->ct.ad_valorem, ct_unit = qty * tl->ct.per_unit;
    cz_ct_rule_t rule = ct_rate > 0 || ct_unit > 0 ? CZ_CT_PLAIN : CZ_CT_NONE;
    if (tl->ct_threshold.on && qty > 0) {
        double basis = (cv + duty + ct_unit) / (1 - tl->ct_threshold.basis_rate) / qty;
        /* Inclusive boundary, robust to the last bit of floating-point division. */
        bool above = basis >= tl->ct_threshold.price_per_unit * (1 - 1e-12);
        ct_rate = above ? tl->ct_threshold.rate_at_or_above : tl->ct.ad_valorem;
        rule = above ? CZ_CT_THRESHOLD_ABOVE : CZ_CT_THRESHOLD_BELOW;
    }
    if (rule != CZ_CT_NONE)
        t.fen[CZ_CT] = cz_fen((cv + duty + ct_unit) / (1 - ct_rate) * ct_rate + ct_unit);
    double ct = cz_cny(t.fen[CZ_CT]);
    t.fen[CZ_VAT] = cz_fen((cv + duty + ct) * tl->vat);
    if (ct_rule)
        *ct_rule = rule;
    return t;
}

int64_t cz_assess_export(const cz_tariff_line_t *tl, int64_t fob_fen, double qty)
{
    double r = tl->export_duty.ad_valorem;
    return cz_fen(cz_cny(fob_fen) / (1 + r) * r + qty * tl->export_duty.per_unit);
}

int64_t cz_taxes_total(const cz_taxes_t *t)
{
    int64_t s = 0;
    for (int i = 0; i < CZ_NTAX; i++)
        s += t->fen[i];
    return s;
}

static const char *const TAX_NAMES[CZ_NTAX] = {"duty", "ct", "vat", "export_duty", "refund"};

const char *cz_tax_name(cz_tax_t t) { return (unsigned)t < CZ_NTAX ? TAX_NAMES[t] : "?"; }

bool cz_tax_from_name(const char *s, cz_tax_t *t)
{
    for (int i = 0; i < CZ_NTAX; i++)
        if (strcmp(s, TAX_NAMES[i]) == 0) {
            *t = (cz_tax_t)i;
            return true;
        }
    return false;
}

bool cz_tariff_has_tag(const cz_tariff_line_t *tl, const char *tag)
{
    for (int i = 0; i < tl->ntags; i++)
        if (strcmp(tl->tags[i], tag) == 0)
            return true;
    return false;
}

double cz_value_added_ratio(double price, double imported, double domestic)
{
    double base = imported + domestic;
    return base > 0 ? (price - base) / base : NAN;
}

bool cz_value_added_reaches(double ratio, double threshold)
{
    return !isnan(ratio) && ratio >= threshold - 1e-12 * (1 + fabs(threshold));
}

/* Duty of one line on a value, origin extras aside. */
static int64_t duty_of(const cz_tariff_line_t *tl, int64_t cv_fen, double qty)
{
    return cz_fen(cz_cny(cv_fen) * tl->duty.ad_valorem + qty * tl->duty.per_unit);
}

cz_taxes_t cz_assess_selective(const cz_tariff_line_t *product, int64_t product_cv_fen, double qty,
                               const cz_material_t *materials, int n, cz_selective_t rule,
                               cz_selective_t *used)
{
    int64_t on_finished = duty_of(product, product_cv_fen, qty), on_materials = 0;
    for (int i = 0; i < n; i++)
        on_materials += duty_of(materials[i].tl, materials[i].cv_fen, materials[i].qty);
    cz_selective_t take = rule;
    if (rule == CZ_SEL_CHEAPER)
        take = on_materials < on_finished ? CZ_SEL_MATERIALS : CZ_SEL_FINISHED;
    if (used)
        *used = take;
    /* CT and VAT on the finished product, on value + the duty actually charged. */
    cz_tariff_line_t no_duty = *product;
    no_duty.duty = (cz_levy_t){0, 0};
    no_duty.nextra = 0;
    int64_t duty = take == CZ_SEL_MATERIALS ? on_materials : on_finished;
    /* Assess CT and VAT with the duty folded into the base: value + duty. */
    cz_taxes_t t = cz_assess_import(&no_duty, product_cv_fen + duty, qty, NULL, NULL);
    t.fen[CZ_DUTY] = duty;
    return t;
}

int64_t cz_refund_on_entry(const cz_tariff_line_t *tl, int64_t value_fen)
{
    double v = cz_cny(value_fen);
    return cz_fen(v * tl->vat) + cz_fen(v * tl->ct.ad_valorem);
}

int64_t cz_postal_tax(double rate, int64_t value_fen, double allowance_cny, double waiver_cny,
                      bool *waived)
{
    double base = cz_cny(value_fen) - allowance_cny;
    int64_t tax = base > 0 ? cz_fen(base * rate) : 0;
    bool w = tax > 0 && tax <= cz_fen(waiver_cny);
    if (waived)
        *waived = w;
    return w ? 0 : tax;
}

double cz_demand_factor(double t, double t_ref, double elasticity)
{
    return pow((1 + t) / (1 + t_ref), elasticity);
}
