/* regime.c: exemptions and assessment at a point.  See regime.h. */
#include "models/regime.h"

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
                          const char *owner, cz_point_t at)
{
    if (!(e->points & (1u << at)) || !in_list((char(*)[CZ_NAME_MAX])e->owners, e->nowners, owner))
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
        if (cz_exemption_matches(&rg->ex[i], tl, owner, at))
            taxes |= rg->ex[i].taxes;
    return taxes;
}

void cz_regime_assess_import(const cz_regime_t *rg, const cz_tariff_line_t *tl,
                             const char *owner, cz_point_t at, int64_t cv_fen, double qty,
                             const char *origin, cz_assessment_t *out)
{
    memset(out, 0, sizeof *out);
    out->full = cz_assess_import(tl, cv_fen, qty, origin, &out->ct_rule);
    out->due = out->full;
    /* Each tax is forgiven by the first exemption (in file order) that covers it. */
    for (int i = 0; i < rg->nex; i++) {
        if (!cz_exemption_matches(&rg->ex[i], tl, owner, at))
            continue;
        for (int t = 0; t < CZ_NTAX; t++) {
            if (!(rg->ex[i].taxes & (1u << t)) || out->due.fen[t] == 0)
                continue;
            out->forgone[i] += out->due.fen[t];
            out->due.fen[t] = 0;
            out->exempted_by |= 1u << i;
        }
    }
    int64_t total = cz_taxes_total(&out->due);
    if (total > 0 && rg->de_minimis_cny > 0 && total <= cz_fen(rg->de_minimis_cny)) {
        out->forgone[CZ_FORGONE_DE_MINIMIS] = total;
        memset(&out->due, 0, sizeof out->due);
        out->de_minimis = true;
    }
}
