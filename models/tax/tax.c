/* tax.c: the assessment formulas, as exact fractions.  See tax.h. */
#include "models/tax/tax.h"

#include <math.h>
#include <string.h>

#define E6 ((__int128)CZ_QTY_ONE)
#define E8 ((__int128)CZ_RATE_ONE)

bool cz_customs_value_fen(double price, double freight, double insurance, double fx, int64_t *cv_fen)
{
    int64_t p, f, i = 0, x;
    /* amounts to 6 decimals: their value in millionths, exactly */
    if (!cz_qty_from_double(price, &p) || !cz_qty_from_double(freight, &f) || !cz_rate_from_double(fx, &x) ||
        p < 0 || f < 0 || x <= 0)
        return false;
    if (insurance >= 0 && !cz_qty_from_double(insurance, &i))
        return false;
    /* p and f are in millionths; x in 10^-8.  fen = (p + f + i) x x / 10^12, with
     * unknown insurance 3 per mille: (p + f) x 1003 / 1000. */
    __int128 sum = (__int128)p + f, num = insurance >= 0 ? (sum + i) * x : sum * 1003 * x;
    __int128 den = insurance >= 0 ? (__int128)1000000000000LL : (__int128)1000000000000LL * 1000;
    return cz_div_round(num, den, cv_fen);
}

int64_t cz_origin_rate(const cz_tariff_line_t *tl, const char *origin)
{
    if (!origin)
        return 0;
    for (int i = 0; i < tl->nextra; i++)
        if (strcmp(tl->extra[i].origin, origin) == 0)
            return tl->extra[i].rate;
    return 0;
}

/* value x rate / 10^8 + qty x unit / 10^6, one rounding.  Nothing to levy
 * (a rate of 0 and no specific part, as for most lines' additional duty) is 0
 * without the 128-bit division. */
static int64_t levy(int64_t value, int64_t rate, int64_t qty, int64_t unit, bool *overflow)
{
    int64_t out = 0;
    __int128 num = (__int128)value * rate * E6 + (__int128)qty * unit * E8;
    if (num == 0)
        return 0;
    if (!cz_div_round(num, E8 * E6, &out))
        *overflow = true;
    return out;
}

/* Which CT rate applies, by the threshold rule when the line has one. */
static int64_t ct_rate(const cz_tariff_line_t *tl, const cz_goods_t *g, int64_t before, cz_ct_rule_t *rule)
{
    const cz_ct_threshold_t *th = &tl->ct_threshold;
    if (!th->on || g->qty <= 0) {
        *rule = tl->ct.rate > 0 || tl->ct.unit_fen > 0 ? CZ_CT_PLAIN : CZ_CT_NONE;
        return tl->ct.rate;
    }
    /* (before + q x unit) / (1 - basis) / q >= price, cross-multiplied exactly:
     * (before x 10^6 + qty x unit) x 10^8 >= price x qty x (10^8 - basis) */
    __int128 lhs = ((__int128)before * E6 + (__int128)g->qty * tl->ct.unit_fen) * E8;
    __int128 rhs = (__int128)th->price_fen * g->qty * (E8 - th->basis_rate);
    bool above = lhs >= rhs;
    *rule = above ? CZ_CT_THRESHOLD_ABOVE : CZ_CT_THRESHOLD_BELOW;
    return above ? th->rate_at_or_above : tl->ct.rate;
}

/* CT = (B x c x 10^6 + qty x unit x 10^8) / ((10^8 - c) x 10^6), B = CV + duties. */
static int64_t consumption_tax(const cz_tariff_line_t *tl, const cz_goods_t *g, int64_t before, int64_t c,
                               bool *overflow)
{
    int64_t out = 0;
    __int128 num = (__int128)before * c * E6 + (__int128)g->qty * tl->ct.unit_fen * E8;
    if (c >= CZ_RATE_ONE || !cz_div_round(num, (E8 - c) * E6, &out))
        *overflow = true;
    return out;
}

const char *cz_duty_basis_name(cz_duty_basis_t b)
{
    static const char *const names[] = {"mfn", "provisional", "agreement", "general"};
    return (unsigned)b < 4 ? names[b] : "?";
}

cz_levy_t cz_duty_levy(const cz_tariff_line_t *tl, const cz_goods_t *g, cz_duty_basis_t *basis, int *agreement)
{
    cz_levy_t out = tl->duty;
    cz_duty_basis_t b = CZ_BASIS_MFN;
    int k_best = -1;
    uint32_t qualifying = g->agreements & tl->has_agreement;
    if (g->no_mfn && !qualifying && tl->has_general) {
        out = tl->general, b = CZ_BASIS_GENERAL;
    } else { /* without a general rate on the line the ordinary rule (scenarios refuse it) */
        if (tl->has_provisional)
            out = tl->provisional, b = CZ_BASIS_PROVISIONAL;
        bool over = false;
        /* the duty at that rate, to compare with the agreements' (only then) */
        int64_t best = qualifying ? levy(g->cv_fen, out.rate, g->qty, out.unit_fen, &over) : 0;
        for (int k = 0; qualifying && k < CZ_MAX_AGREEMENTS; k++) {
            if (!(qualifying & (1u << k)))
                continue;
            int64_t a = levy(g->cv_fen, tl->agreement[k], 0, 0, &over);
            if (a < best) /* the lower of the two; on a tie the rate that already applied */
                best = a, k_best = k, out = (cz_levy_t){tl->agreement[k], 0}, b = CZ_BASIS_AGREEMENT;
        }
    }
    if (basis)
        *basis = b;
    if (agreement)
        *agreement = k_best;
    return out;
}

cz_taxes_t cz_assess_import(const cz_tariff_line_t *tl, const cz_goods_t *g, unsigned waived, cz_ct_rule_t *rule)
{
    cz_taxes_t t = {{0}, false};
    cz_ct_rule_t r;
    cz_levy_t d = cz_duty_levy(tl, g, NULL, NULL);
    int64_t duty = levy(g->cv_fen, d.rate, g->qty, d.unit_fen, &t.overflow);
    int64_t extra = levy(g->cv_fen, cz_origin_rate(tl, g->origin), 0, 0, &t.overflow);
    t.fen[CZ_DUTY] = waived & CZ_TAX_BIT(CZ_DUTY) ? 0 : duty;
    t.fen[CZ_ADDITIONAL] = waived & CZ_TAX_BIT(CZ_ADDITIONAL) ? 0 : extra;
    int64_t before = g->cv_fen + t.fen[CZ_DUTY] + t.fen[CZ_ADDITIONAL];
    int64_t c = ct_rate(tl, g, before, &r);
    int64_t ct = r == CZ_CT_NONE ? 0 : consumption_tax(tl, g, before, c, &t.overflow);
    t.fen[CZ_CT] = waived & CZ_TAX_BIT(CZ_CT) ? 0 : ct;
    int64_t vat = levy(before + t.fen[CZ_CT], tl->vat, 0, 0, &t.overflow);
    t.fen[CZ_VAT] = waived & CZ_TAX_BIT(CZ_VAT) ? 0 : vat;
    if (rule)
        *rule = r;
    return t;
}

int64_t cz_assess_export(const cz_tariff_line_t *tl, int64_t fob_fen, int64_t qty, bool *overflow)
{
    int64_t r = tl->export_duty.rate, out = 0;
    /* The FOB price includes the whole duty: FOB = V + V x r + q x unit, so the
     * duty is (FOB - q x unit) x r / (1 + r) + q x unit, one rounding; when the
     * specific part alone exceeds FOB, the duty is FOB (there is nothing more). */
    if (fob_fen < 0) { /* no price is negative: an amount beyond range upstream */
        if (overflow)
            *overflow = true;
        return 0;
    }
    __int128 specific = (__int128)qty * tl->export_duty.unit_fen; /* fen x 10^6 */
    __int128 fob6 = (__int128)fob_fen * E6;
    if (specific >= fob6)
        return fob_fen;
    __int128 num = (fob6 - specific) * r + specific * (E8 + r);
    if (!cz_div_round(num, (E8 + r) * E6, &out) && overflow)
        *overflow = true;
    return out;
}

int64_t cz_export_refund(const cz_tariff_line_t *tl, int64_t fob_fen)
{
    int64_t out = 0;
    cz_apply_rate(fob_fen, tl->export_refund, &out);
    return out;
}

int64_t cz_taxes_total(const cz_taxes_t *t)
{
    int64_t s = 0;
    for (int i = 0; i < CZ_NTAX; i++)
        s += t->fen[i];
    return s;
}

static const char *const TAX_NAMES[CZ_NTAX] = {"duty", "additional_duty", "ct", "vat", "export_duty", "postal",
                                               "refund", "drawback"};

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
        if (tl->tags[i][0] == tag[0] && strcmp(tl->tags[i], tag) == 0) /* most differ at once */
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

cz_taxes_t cz_assess_selective(const cz_tariff_line_t *product, const cz_goods_t *g, const cz_material_t *materials,
                               int n, cz_selective_t rule, unsigned waived, cz_selective_t *used)
{
    cz_taxes_t t = {{0}, false};
    cz_levy_t d = cz_duty_levy(product, g, NULL, NULL);
    int64_t on_finished = levy(g->cv_fen, d.rate, g->qty, d.unit_fen, &t.overflow);
    int64_t on_materials = 0, extra = 0;
    for (int i = 0; i < n; i++) {
        const cz_material_t *m = &materials[i];
        cz_levy_t md = cz_duty_levy(m->tl, &m->g, NULL, NULL);
        on_materials += levy(m->g.cv_fen, md.rate, m->g.qty, md.unit_fen, &t.overflow);
        extra += levy(m->g.cv_fen, cz_origin_rate(m->tl, m->g.origin), 0, 0, &t.overflow);
    }
    cz_selective_t take = rule;
    if (rule == CZ_SEL_CHEAPER)
        take = on_materials < on_finished ? CZ_SEL_MATERIALS : CZ_SEL_FINISHED;
    if (used)
        *used = take;
    /* CT and VAT on the finished product with the duties actually charged */
    cz_tariff_line_t rest = *product;
    rest.duty = (cz_levy_t){0, 0};
    rest.has_provisional = rest.has_general = false;
    rest.has_agreement = 0;
    rest.nextra = 0;
    t.fen[CZ_DUTY] = waived & CZ_TAX_BIT(CZ_DUTY) ? 0 : take == CZ_SEL_MATERIALS ? on_materials : on_finished;
    t.fen[CZ_ADDITIONAL] = waived & CZ_TAX_BIT(CZ_ADDITIONAL) ? 0 : extra;
    cz_goods_t based = {g->cv_fen + t.fen[CZ_DUTY] + t.fen[CZ_ADDITIONAL], g->qty, NULL, 0, false};
    cz_taxes_t r = cz_assess_import(&rest, &based, waived, NULL);
    t.fen[CZ_CT] = r.fen[CZ_CT];
    t.fen[CZ_VAT] = r.fen[CZ_VAT];
    t.overflow |= r.overflow;
    return t;
}

int64_t cz_personal_tax(cz_personal_t kind, int64_t rate, int64_t value_fen, int64_t qty, int64_t allowance_fen,
                        int64_t waiver_fen, bool *waived)
{
    int64_t tax = 0, base = value_fen - allowance_fen;
    bool w = false;
    if (kind == CZ_BAGGAGE && base > 0 && qty <= CZ_QTY_ONE)
        base = value_fen; /* one indivisible item over the allowance: taxed whole */
    if (base > 0)
        cz_apply_rate(base, rate, &tax);
    if (kind == CZ_POSTAL_ARTICLES && tax > 0 && tax <= waiver_fen)
        w = true;
    if (waived)
        *waived = w;
    return w ? 0 : tax;
}

int64_t cz_depreciated_value(int64_t value_fen, long months, int years)
{
    if (years <= 0)
        return value_fen;
    long period = 12L * years;
    if (months >= period)
        return 0;
    int64_t out = value_fen;
    cz_div_round((__int128)value_fen * (period - (months > 0 ? months : 0)), period, &out);
    return out;
}

cz_goods_t cz_depreciated(const cz_goods_t *g, long months, int years)
{
    cz_goods_t d = *g;
    if (years <= 0)
        return d;
    long period = 12L * years, left = months >= period ? 0 : period - (months > 0 ? months : 0);
    d.cv_fen = cz_depreciated_value(g->cv_fen, months, years);
    d.qty = (int64_t)(((__int128)g->qty * left + period / 2) / period); /* millionths, rounded */
    return d;
}

double cz_demand_factor(double t, double t_ref, double elasticity)
{
    return pow((1 + t) / (1 + t_ref), elasticity);
}
