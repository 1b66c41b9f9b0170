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

/* Whether s, or "*", is on the list.  The first letters are compared before
 * strcmp is called: on the assessment path most names differ there. */
static bool in_list(const char (*list)[CZ_NAME_MAX], int n, const char *s)
{
    for (int i = 0; i < n; i++) {
        const char *x = list[i];
        if ((x[0] == '*' && x[1] == '\0') || (x[0] == s[0] && strcmp(x, s) == 0))
            return true;
    }
    return false;
}

bool cz_exemption_matches(const cz_exemption_t *e, const cz_tariff_line_t *tl,
                          const char *owner, cz_point_t at, double va_ratio)
{
    if (!(e->points & (1u << at)) || !in_list(e->owners, e->nowners, owner))
        return false;
    if (!isnan(e->min_value_added) && !cz_value_added_reaches(va_ratio, e->min_value_added))
        return false;
    if (e->ncategories == 0 && e->ntags == 0)
        return true;
    if (in_list(e->categories, e->ncategories, tl->name))
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

unsigned cz_regime_exemptions_held(const cz_regime_t *rg, const cz_tariff_line_t *tl, const char *owner)
{
    return (cz_regime_exempt_taxes(rg, tl, owner, CZ_FIRST_LINE) | cz_regime_exempt_taxes(rg, tl, owner, CZ_ZONE)) &
           CZ_IMPORT_TAXES;
}

bool cz_regime_transfer_loses(const cz_regime_t *rg, const cz_tariff_line_t *tl, const char *from, const char *to)
{
    unsigned before = cz_regime_exemptions_held(rg, tl, from), after = cz_regime_exemptions_held(rg, tl, to);
    return rg->transfer_keeps_exemption ? (before & ~after) != 0 : before != 0;
}

/* The exemption forgiving each tax (the first in file order that covers it and
 * finds something due), -1 for none; the mask of forgiven taxes. */
static unsigned forgivers(const cz_regime_t *rg, const cz_case_t *c, const cz_taxes_t *full, int by[CZ_NTAX])
{
    unsigned mask = 0;
    for (int t = 0; t < CZ_NTAX; t++)
        by[t] = -1;
    for (int i = 0; i < rg->nex && !c->waived; i++) {
        if (!cz_exemption_matches(&rg->ex[i], c->tl, c->owner, c->at, c->va_ratio))
            continue;
        for (int t = 0; t < CZ_NTAX; t++)
            if ((rg->ex[i].taxes & CZ_TAX_BIT(t)) && by[t] < 0 && full->fen[t] != 0) {
                by[t] = i;
                mask |= CZ_TAX_BIT(t);
            }
    }
    return mask;
}

static cz_taxes_t assess(const cz_regime_t *rg, const cz_case_t *c, unsigned waived, cz_ct_rule_t *rule)
{
    /* goods processed in the zone: their materials' additional duties stay due
     * (docs/sources.md §2.3), whatever base the duty takes */
    if (!isnan(c->va_ratio) && c->nmaterials > 0)
        return cz_assess_selective(c->tl, &c->g, c->materials, c->nmaterials,
                                   rg->selective ? rg->selective_rule : CZ_SEL_FINISHED, waived, NULL);
    return cz_assess_import(c->tl, &c->g, waived, rule);
}

/* Forgone per exemption: each item's reduction goes to the exemption that
 * forgave it, or, for an item only reduced through its base, to the one that
 * forgave the first item of the chain duty, additional duty, CT. */
static void attribute(cz_assessment_t *a, const int by[CZ_NTAX])
{
    static const cz_tax_t chain[] = {CZ_DUTY, CZ_ADDITIONAL, CZ_CT};
    for (int t = 0; t < CZ_NTAX; t++) {
        int who = by[t];
        for (size_t k = 0; who < 0 && k < sizeof chain / sizeof chain[0] && chain[k] < (cz_tax_t)t; k++)
            if (by[chain[k]] >= 0)
                who = by[chain[k]];
        int64_t diff = a->full.fen[t] - a->due.fen[t];
        if (who >= 0 && diff) {
            a->forgone[who] += diff;
            a->exempted_by |= 1u << who;
        }
    }
}

/* De minimis: each item (or their total) at or below the threshold is waived. */
static void de_minimis(const cz_regime_t *rg, cz_assessment_t *a)
{
    if (rg->de_minimis_fen <= 0)
        return;
    if (!rg->de_minimis_per_tax) {
        int64_t total = cz_taxes_total(&a->due);
        if (total > 0 && total <= rg->de_minimis_fen) {
            a->forgone[CZ_FORGONE_DE_MINIMIS] = total;
            memset(a->due.fen, 0, sizeof a->due.fen);
            a->de_minimis = true;
        }
        return;
    }
    static const cz_tax_t items[] = {CZ_DUTY, CZ_ADDITIONAL, CZ_CT, CZ_VAT};
    for (size_t k = 0; k < sizeof items / sizeof items[0]; k++) {
        int64_t *v = &a->due.fen[items[k]];
        if (*v > 0 && *v <= rg->de_minimis_fen) {
            a->forgone[CZ_FORGONE_DE_MINIMIS] += *v;
            *v = 0;
            a->de_minimis = true;
        }
    }
}

void cz_regime_assess_import(const cz_regime_t *rg, const cz_case_t *c, cz_assessment_t *out)
{
    int by[CZ_NTAX];
    memset(out, 0, sizeof *out);
    out->full = assess(rg, c, 0, &out->ct_rule);
    unsigned mask = forgivers(rg, c, &out->full, by);
    if (mask) { /* else nothing is forgiven, and nothing forgone but de minimis */
        out->due = assess(rg, c, mask, NULL);
        attribute(out, by);
    } else {
        out->due = out->full;
    }
    de_minimis(rg, out);
    out->due.overflow |= out->full.overflow;
    assert(out->due.overflow || cz_assessment_check(out));
}

void cz_regime_assess_export(const cz_regime_t *rg, const cz_tariff_line_t *tl, const char *owner, cz_point_t at,
                             int64_t fob_fen, int64_t qty, cz_assessment_t *out)
{
    memset(out, 0, sizeof *out);
    out->full.fen[CZ_EXPORT_DUTY] = cz_assess_export(tl, fob_fen, qty, &out->full.overflow);
    out->due = out->full;
    for (int i = 0; i < rg->nex && out->full.fen[CZ_EXPORT_DUTY]; i++)
        if ((rg->ex[i].taxes & CZ_TAX_BIT(CZ_EXPORT_DUTY)) && cz_exemption_matches(&rg->ex[i], tl, owner, at, NAN)) {
            out->forgone[i] = out->full.fen[CZ_EXPORT_DUTY];
            out->exempted_by |= 1u << i;
            out->due.fen[CZ_EXPORT_DUTY] = 0;
            break;
        }
    assert(out->due.overflow || cz_assessment_check(out));
}

bool cz_assessment_check(const cz_assessment_t *a)
{
    /* what was forgone, in all, and by the exemptions that applied and de
     * minimis: with nothing negative, the two agree only when nothing else
     * forgave anything */
    int64_t forgone = 0, applied = a->forgone[CZ_FORGONE_DE_MINIMIS], sign = 0;
    for (int i = 0; i <= CZ_MAX_EXEMPTIONS; i++) {
        forgone += a->forgone[i];
        sign |= a->forgone[i];
    }
    for (unsigned bits = a->exempted_by; bits; bits &= bits - 1)
        applied += a->forgone[__builtin_ctz(bits)];
    if (sign < 0 || applied != forgone)
        return false;
    for (int t = 0; t < CZ_NTAX; t++)
        if (a->full.fen[t] >= 0 && (a->due.fen[t] < 0 || a->due.fen[t] > a->full.fen[t]))
            return false;
    return cz_taxes_total(&a->full) == cz_taxes_total(&a->due) + forgone;
}
