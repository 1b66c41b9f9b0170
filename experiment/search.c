/* search.c: the verdicts of the search.  See search.h. */
#include "experiment/search.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "sim/stats.h"

bool ex_target_parse(ex_target_t *t, const char *spec, char *err, size_t errlen)
{
    const char *op = strpbrk(spec, "<>");
    if (!op || op == spec) {
        snprintf(err, errlen, "expected KPI<=VALUE or KPI>=VALUE");
        return false;
    }
    size_t len = (size_t)(op - spec);
    if (len >= sizeof t->kpi) {
        snprintf(err, errlen, "the KPI name is too long");
        return false;
    }
    memcpy(t->kpi, spec, len);
    t->kpi[len] = '\0';
    t->dir = *op == '<' ? EX_AT_MOST : EX_AT_LEAST;
    const char *v = op + 1 + (op[1] == '=');
    char *end;
    t->bound = strtod(v, &end);
    if (end == v || *end || !isfinite(t->bound)) {
        snprintf(err, errlen, "\"%s\": expected a number after %.*s", v, (int)(v - op), op);
        return false;
    }
    return true;
}

ex_estimate_t ex_target_check(const ex_target_t *t, const double *values, unsigned n, double conf)
{
    sim_tally_t tally;
    sim_tally_init(&tally);
    for (unsigned i = 0; i < n; i++)
        if (!isnan(values[i]))
            sim_tally_add(&tally, values[i]);
    ex_estimate_t e = {sim_tally_mean(&tally), NAN, NAN, (unsigned)tally.n, EX_UNCLEAR};
    if (tally.n < 2)
        return e;
    double half = sim_tally_var(&tally) > 0
                      ? gsl_cdf_tdist_Pinv(conf, (double)(tally.n - 1)) * sim_tally_sd(&tally) / sqrt((double)tally.n)
                      : 0;
    e.lo = e.mean - half;
    e.hi = e.mean + half;
    bool meets = t->dir == EX_AT_MOST ? e.hi <= t->bound : e.lo >= t->bound;
    bool fails = t->dir == EX_AT_MOST ? e.lo > t->bound : e.hi < t->bound;
    e.verdict = meets ? EX_MEETS : fails ? EX_FAILS : EX_UNCLEAR;
    return e;
}

int ex_search_looks(unsigned n0, unsigned max)
{
    int k = 1;
    for (unsigned n = n0; n < max; n = n * 2 < max ? n * 2 : max)
        k++;
    return k;
}

unsigned ex_search_look_size(unsigned n0, unsigned max, int k)
{
    unsigned n = n0;
    for (int i = 0; i < k && n < max; i++)
        n = n * 2 < max ? n * 2 : max;
    return n < max ? n : max;
}

ex_verdict_t ex_candidate_verdict(const ex_estimate_t *e, int ntargets, bool last)
{
    bool all = true;
    for (int i = 0; i < ntargets; i++) {
        if (e[i].verdict == EX_FAILS)
            return EX_FAILS;
        all &= e[i].verdict == EX_MEETS;
    }
    return all ? EX_MEETS : last ? EX_UNDECIDED : EX_UNCLEAR;
}

const char *ex_verdict_name(ex_verdict_t v)
{
    static const char *const names[] = {"unclear", "meets", "fails", "undecided", "not run"};
    return (unsigned)v < sizeof names / sizeof names[0] ? names[v] : "?";
}
