/* compare.c: paired differences.  See compare.h. */
#include "experiment/compare.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "sim/stats.h"

static double column_value(const ex_side_t *sd, int col, unsigned r)
{
    int nk = cz_kpi_count(sd->s);
    return col >= 0 ? sd->table[(size_t)r * (size_t)nk + (size_t)col] : NAN;
}

/* Half-width of the two-sided interval at `confidence` for the mean of t. */
static double halfwidth(const sim_tally_t *t, double confidence)
{
    if (t->n < 2)
        return NAN;
    if (sim_tally_var(t) == 0)
        return 0;
    double q = gsl_cdf_tdist_Pinv(1 - (1 - confidence) / 2, (double)(t->n - 1));
    return q * sim_tally_sd(t) / sqrt((double)t->n);
}

static void fill_row(ex_diff_t *r, const ex_side_t *b, const ex_side_t *a, unsigned n, double confidence)
{
    sim_tally_t tb, ta, td;
    sim_tally_init(&tb);
    sim_tally_init(&ta);
    sim_tally_init(&td);
    for (unsigned i = 0; i < n; i++) {
        double vb = column_value(b, r->kb, i), va = column_value(a, r->ka, i);
        if (!isnan(vb))
            sim_tally_add(&tb, vb);
        if (!isnan(va))
            sim_tally_add(&ta, va);
        if (!isnan(vb) && !isnan(va))
            sim_tally_add(&td, va - vb);
    }
    r->base = sim_tally_mean(&tb);
    r->alt = sim_tally_mean(&ta);
    r->diff = sim_tally_mean(&td);
    r->halfwidth = halfwidth(&td, confidence);
    double scale = fmax(fabs(r->base), fabs(r->alt));
    if (fabs(r->diff) <= 1e-9 * scale) { /* rounding noise of the sums, not a difference */
        r->diff = 0;
        if (!isnan(r->halfwidth) && r->halfwidth <= 1e-9 * scale)
            r->halfwidth = 0;
    }
    r->rel = r->base != 0 ? r->diff / fabs(r->base) : (r->diff == 0 ? 0 : NAN);
    r->significant = r->diff != 0 && !isnan(r->halfwidth) && fabs(r->diff) > r->halfwidth;
}

int ex_compare(const ex_side_t *base, const ex_side_t *alt, unsigned n, double confidence, ex_diff_t *rows)
{
    int nb = cz_kpi_count(base->s), na = cz_kpi_count(alt->s), nr = 0;
    char buf[CZ_KPI_NAME_MAX];
    for (int k = 0; k < nb + na; k++) {
        const cz_scenario_t *s = k < nb ? base->s : alt->s;
        int col = k < nb ? k : k - nb;
        const char *name = cz_kpi_name(s, col, buf);
        if (k >= nb && cz_kpi_find(base->s, name) >= 0)
            continue;
        ex_diff_t *r = &rows[nr++];
        snprintf(r->name, sizeof r->name, "%s", name);
        r->unit = cz_kpi_unit(s, col);
        r->kb = cz_kpi_find(base->s, name);
        r->ka = cz_kpi_find(alt->s, name);
        fill_row(r, base, alt, n, confidence);
    }
    return nr;
}
