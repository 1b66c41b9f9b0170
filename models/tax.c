/* tax.c: the assessment formulas.  See tax.h. */
#include "models/tax.h"

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

static const char *const TAX_NAMES[CZ_NTAX] = {"duty", "ct", "vat", "export_duty"};

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
