/* regime.c: exemptions and assessment at a point.  See regime.h. */
#include "models/tax/regime.h"

#include <assert.h>
#include <math.h>
#include <string.h>

static const char *const POINT_NAMES[CZ_NPOINTS] = {"first_line", "zone", "second_line", "transfer"};

const char *cz_point_name(cz_point_t p) { return (unsigned)p < CZ_NPOINTS ? POINT_NAMES[p] : "?"; }

bool cz_point_from_name(const char *s, cz_point_t *p)
{
    for (int i = 0; i < CZ_NPOINTS; i++)
        if (strcmp(s, POINT_NAMES[i]) == 0) {
            *p = (cz_point_t)i;
            return true;
        }
    return false;
}

static bool in_list(char list[][CZ_NAME_MAX], int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], "*") == 0 || strcmp(list[i], s) == 0)
            return true;
    return false;
}

bool cz_exemption_matches(const cz_exemption_t *e, const cz_tariff_line_t *tl,
                          const char *owner, cz_point_t at, double va_ratio)
{
    if (!(e->points & (1u << at)) || !in_list((char(*)[CZ_NAME_MAX])e->owners, e->nowners, owner))
        return false;
    if (!isnan(e->min_value_added) && !cz_value_added_reaches(va_ratio, e->min_value_added))
        return false;
    if (e->ncategories == 0 && e->ntags == 0)
        return true;
    if (in_list((char(*)[CZ_NAME_MAX])e->categories, e->ncategories, tl->name))
        return true;
    for (int i = 0; i < e->ntags; i++)
        if (cz_tariff_has_tag(tl, e->tags[i]))
            return true;
    return false;
}

unsigned cz_regime_exempt_taxes(const cz_regime_t *rg, const cz_tariff_line_t *tl,
                                const char *owner, cz_point_t at)
{
    unsigned taxes = 0;
    for (int i = 0; i < rg->nex; i++)
        if (cz_exemption_matches(&rg->ex[i], tl, owner, at, NAN))
            taxes |= rg->ex[i].taxes;
    return taxes;
}

void cz_regime_assess_import(const cz_regime_t *rg, const cz_tariff_line_t *tl,
                             const char *owner, cz_point_t at, int64_t cv_fen, double qty,
                             const char *origin, cz_assessment_t *out)
{
    memset(out, 0, sizeof *out);
    out->full = cz_assess_import(tl, cv_fen, qty, origin, &out->ct_rule);
    cz_regime_apply(rg, tl, owner, at, NAN, cv_fen, qty, out);
}

void cz_regime_apply(const cz_regime_t *rg, const cz_tariff_line_t *tl, const char *owner,
                     cz_point_t at, double va_ratio, int64_t cv_fen, double qty,
                     cz_assessment_t *out)
{
    int by[CZ_NTAX]; /* the exemption forgiving each tax, -1 for none */
    unsigned mask = 0;
    for (int t = 0; t < CZ_NTAX; t++)
        by[t] = -1;
    /* Each tax is forgiven by the first exemption (in file order) that covers it. */
    for (int i = 0; i < rg->nex; i++) {
        if (!cz_exemption_matches(&rg->ex[i], tl, owner, at, va_ratio))
            continue;
        for (int t = 0; t < CZ_NTAX; t++)
            if ((rg->ex[i].taxes & (1u << t)) && by[t] < 0 && out->full.fen[t] != 0) {
                by[t] = i;
                mask |= 1u << t;
            }
    }
    out->due = out->full;
    bool duty_gone = mask & (1u << CZ_DUTY);
    bool rest_due = (out->full.fen[CZ_CT] && !(mask & (1u << CZ_CT))) ||
                    (out->full.fen[CZ_VAT] && !(mask & (1u << CZ_VAT)));
    if (duty_gone && rest_due) { /* CT and VAT on the base without the duty */
        cz_tariff_line_t no_duty = *tl;
        no_duty.duty = (cz_levy_t){0, 0};
        no_duty.nextra = 0;
        cz_taxes_t t = cz_assess_import(&no_duty, cv_fen, qty, NULL, NULL);
        out->due.fen[CZ_CT] = t.fen[CZ_CT];
        out->due.fen[CZ_VAT] = t.fen[CZ_VAT];
    }
    memset(out->forgone, 0, sizeof out->forgone);
    out->exempted_by = 0;
    out->de_minimis = false;
    for (int t = 0; t < CZ_NTAX; t++) {
        if (mask & (1u << t))
            out->due.fen[t] = 0;
        int who = by[t] >= 0 ? by[t] : duty_gone ? by[CZ_DUTY] : -1;
        int64_t diff = out->full.fen[t] - out->due.fen[t];
        if (who >= 0 && diff) {
            out->forgone[who] += diff;
            out->exempted_by |= 1u << who;
        }
    }
    int64_t total = cz_taxes_total(&out->due);
    if (total > 0 && rg->de_minimis_cny > 0 && total <= cz_fen(rg->de_minimis_cny)) {
        out->forgone[CZ_FORGONE_DE_MINIMIS] = total;
        memset(&out->due, 0, sizeof out->due);
        out->de_minimis = true;
    }
    assert(cz_assessment_check(out));
}

bool cz_assessment_check(const cz_assessment_t *a)
{
    int64_t forgone = 0;
    for (int i = 0; i <= CZ_MAX_EXEMPTIONS; i++)
        forgone += a->forgone[i];
    for (int t = 0; t < CZ_NTAX; t++)
        if (a->full.fen[t] >= 0 && (a->due.fen[t] < 0 || a->due.fen[t] > a->full.fen[t]))
            return false;
    return cz_taxes_total(&a->full) == cz_taxes_total(&a->due) + forgone;
}
