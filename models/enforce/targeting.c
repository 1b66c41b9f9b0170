/* targeting.c: the binormal inspection threshold, by GSL's Brent root finder.
 * See targeting.h. */
#include "models/enforce/targeting.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

typedef struct rate_eq {
    double p, q, mu;
} rate_eq_t;

/* Expected inspection rate at threshold t, minus the rate asked for. */
static double excess_rate(double t, void *arg)
{
    const rate_eq_t *e = arg;
    return e->q * gsl_cdf_ugaussian_Q(t - e->mu) + (1 - e->q) * gsl_cdf_ugaussian_Q(t) - e->p;
}

double cz_target_threshold(double p, double q, double mu)
{
    if (p <= 0)
        return INFINITY;
    if (p >= 1)
        return -INFINITY;
    rate_eq_t e = {p, q, mu};
    gsl_function f = {excess_rate, &e};
    /* the rate falls from 1 to 0 as t rises: bracket between the two unit-variance
     * quantiles, widened by mu */
    double lo = gsl_cdf_ugaussian_Qinv(p) - 1, hi = gsl_cdf_ugaussian_Qinv(p) + mu + 1;
    if (!(excess_rate(lo, &e) > 0 && excess_rate(hi, &e) < 0))
        return NAN;
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return NAN;
    double t = NAN;
    if (gsl_root_fsolver_set(s, &f, lo, hi) == GSL_SUCCESS) {
        for (int i = 0; i < 200; i++) {
            if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
                break;
            t = gsl_root_fsolver_root(s);
            if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 1e-13, 0) ==
                GSL_SUCCESS)
                break;
        }
    }
    gsl_root_fsolver_free(s);
    return t;
}

double cz_target_hit(double t, double mu) { return gsl_cdf_ugaussian_Q(t - mu); }

double cz_target_false_alarm(double t) { return gsl_cdf_ugaussian_Q(t); }

double cz_target_auc(double mu) { return gsl_cdf_ugaussian_P(mu / sqrt(2.0)); }
