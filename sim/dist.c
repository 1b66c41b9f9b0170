/* dist.c: distributions by spec, sampled with GSL.  See dist.h. */
#include "sim/dist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static sim_dist_err_t set(sim_dist_t *d, sim_dist_kind_t k, double a, double b, double c,
                          double mean)
{
    memset(d, 0, sizeof *d);
    d->kind = k;
    d->a = a;
    d->b = b;
    d->c = c;
    d->mean = mean;
    return SIM_DIST_OK;
}

static int nonneg(double x) { return isfinite(x) && x >= 0; }
static int positive(double x) { return isfinite(x) && x > 0; }

sim_dist_err_t sim_dist_constant(sim_dist_t *d, double value)
{
    if (!nonneg(value))
        return SIM_DIST_ENEGATIVE;
    return set(d, SIM_DIST_CONSTANT, value, 0, 0, value);
}

sim_dist_err_t sim_dist_exponential(sim_dist_t *d, double mean)
{
    if (!positive(mean))
        return SIM_DIST_ENONPOS;
    return set(d, SIM_DIST_EXPONENTIAL, mean, 0, 0, mean);
}

sim_dist_err_t sim_dist_uniform(sim_dist_t *d, double min, double max)
{
    if (!nonneg(min) || !nonneg(max))
        return SIM_DIST_ENEGATIVE;
    if (min > max)
        return SIM_DIST_EORDER;
    return set(d, SIM_DIST_UNIFORM, min, max, 0, (min + max) / 2);
}

sim_dist_err_t sim_dist_triangular(sim_dist_t *d, double min, double mode, double max)
{
    if (!nonneg(min) || !nonneg(mode) || !nonneg(max))
        return SIM_DIST_ENEGATIVE;
    if (!(min <= mode && mode <= max))
        return SIM_DIST_EORDER;
    return set(d, SIM_DIST_TRIANGULAR, min, mode, max, (min + mode + max) / 3);
}

/* Parameters of the underlying normal: sigma^2 = ln(1 + sd^2/mean^2),
 * mu = ln(mean) - sigma^2/2, so that E[X] = mean and SD[X] = sd. */
sim_dist_err_t sim_dist_lognormal(sim_dist_t *d, double mean, double sd)
{
    if (!positive(mean))
        return SIM_DIST_ENONPOS;
    if (!nonneg(sd))
        return SIM_DIST_ENEGATIVE;
    if (sd == 0)
        return sim_dist_constant(d, mean);
    double s2 = log1p((sd * sd) / (mean * mean));
    if (!isfinite(s2)) /* sd/mean too large to represent */
        return SIM_DIST_ERANGE;
    return set(d, SIM_DIST_LOGNORMAL, log(mean) - s2 / 2, sqrt(s2), 0, mean);
}

/* Shape k = 1/cv^2, scale theta = mean * cv^2. */
sim_dist_err_t sim_dist_gamma(sim_dist_t *d, double mean, double cv)
{
    if (!positive(mean))
        return SIM_DIST_ENONPOS;
    if (!nonneg(cv))
        return SIM_DIST_ENEGATIVE;
    if (cv == 0)
        return sim_dist_constant(d, mean);
    double shape = 1.0 / (cv * cv), scale = mean * cv * cv;
    if (!isfinite(shape) || !(scale > 0) || !isfinite(scale)) /* cv too small (or large) to represent */
        return SIM_DIST_ERANGE;
    return set(d, SIM_DIST_GAMMA, shape, scale, 0, mean);
}

sim_dist_err_t sim_dist_empirical(sim_dist_t *d, const double *values,
                                  const double *weights, size_t n)
{
    double wsum = 0, vsum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!nonneg(weights[i]) || !isfinite(values[i]))
            return SIM_DIST_ENEGATIVE;
        wsum += weights[i];
        vsum += weights[i] * values[i];
    }
    if (n == 0 || !(wsum > 0))
        return SIM_DIST_EEMPTY;
    if (!isfinite(wsum) || !isfinite(vsum))
        return SIM_DIST_ERANGE;
    set(d, SIM_DIST_EMPIRICAL, 0, 0, 0, vsum / wsum);
    d->values = malloc(n * sizeof *d->values);
    d->table = d->values ? gsl_ran_discrete_preproc(n, weights) : NULL;
    if (!d->table) {
        free(d->values);
        d->values = NULL;
        return SIM_DIST_ENOMEM;
    }
    memcpy(d->values, values, n * sizeof *values);
    d->n = n;
    return SIM_DIST_OK;
}

void sim_dist_fini(sim_dist_t *d)
{
    if (!d)
        return;
    free(d->values);
    if (d->table)
        gsl_ran_discrete_free(d->table);
    d->values = NULL;
    d->table = NULL;
    d->n = 0;
}

sim_dist_err_t sim_dist_copy(sim_dist_t *dst, const sim_dist_t *src)
{
    if (src->kind != SIM_DIST_EMPIRICAL) {
        *dst = *src;
        return SIM_DIST_OK;
    }
    /* Rebuild the alias table from the probabilities GSL kept. */
    double *w = malloc(src->n * sizeof *w);
    if (!w)
        return SIM_DIST_ENOMEM;
    for (size_t i = 0; i < src->n; i++)
        w[i] = gsl_ran_discrete_pdf(i, src->table);
    sim_dist_err_t e = sim_dist_empirical(dst, src->values, w, src->n);
    free(w);
    return e;
}

/* Inverse CDF of the triangular distribution. */
static double triangular(gsl_rng *r, double lo, double mode, double hi)
{
    double u = sim_uniform(r);
    if (hi == lo)
        return lo;
    double f = (mode - lo) / (hi - lo);
    if (u < f)
        return lo + sqrt(u * (hi - lo) * (mode - lo));
    return hi - sqrt((1 - u) * (hi - lo) * (hi - mode));
}

/* GSL's gsl_ran_lognormal (GSL 2.7, randist/lognormal.c: a normal by the polar
 * method, then exp), written out on sim_uniform: the same operations on the same
 * numbers, so the same variates bit for bit (test_dist compares them), without
 * two calls through function pointers per uniform. */
static double lognormal(gsl_rng *r, double zeta, double sigma)
{
    double u, v, r2;
    do {
        u = -1 + 2 * sim_uniform(r);
        v = -1 + 2 * sim_uniform(r);
        r2 = u * u + v * v;
    } while (r2 > 1.0 || r2 == 0);
    double normal = u * sqrt(-2.0 * log(r2) / r2);
    return exp(sigma * normal + zeta);
}

/* GSL 2.7's gsl_ran_flat, gsl_ran_discrete (Walker's alias method) and
 * gsl_ran_gamma (Marsaglia and Tsang 2000, "A simple method for generating gamma
 * variables", ACM TOMS 26; for shapes below 1, a draw of shape a + 1 times
 * U^(1/a)), written out on sim_uniform: the same operations on the same
 * numbers, so the same variates bit for bit (test_dist compares each with GSL's
 * over a hundred thousand draws), without the calls through the generator's
 * function pointers that GSL's gsl_rng_uniform makes.  The normal of the gamma
 * is still GSL's gsl_ran_gaussian_ziggurat. */
static double flat(gsl_rng *r, double a, double b)
{
    double u = sim_uniform(r);
    return a * (1 - u) + b * u;
}

static size_t discrete(gsl_rng *r, const gsl_ran_discrete_t *g)
{
    double u = sim_uniform(r);
    size_t c = (size_t)(u * (double)g->K);
    double f = g->F[c];
    if (f == 1.0 || u < f)
        return c;
    return g->A[c];
}

static double gamma_at_least_one(gsl_rng *r, double a, double b)
{
    double x, v, u, d = a - 1.0 / 3.0, c = (1.0 / 3.0) / sqrt(d);
    for (;;) {
        do {
            x = gsl_ran_gaussian_ziggurat(r, 1.0);
            v = 1.0 + c * x;
        } while (v <= 0);
        v = v * v * v;
        u = sim_uniform_pos(r);
        if (u < 1 - 0.0331 * x * x * x * x)
            break;
        if (log(u) < 0.5 * x * x + d * (1 - v + log(v)))
            break;
    }
    return b * d * v;
}

static double gamma_variate(gsl_rng *r, double a, double b)
{
    if (a < 1) {
        double u = sim_uniform_pos(r);
        return gamma_at_least_one(r, 1.0 + a, b) * pow(u, 1.0 / a);
    }
    return gamma_at_least_one(r, a, b);
}

double simi_dist_sample(const sim_dist_t *d, gsl_rng *r)
{
    switch (d->kind) {
    case SIM_DIST_CONSTANT:    return d->a;
    case SIM_DIST_EXPONENTIAL: return sim_exponential(r, d->a);
    case SIM_DIST_UNIFORM:     return flat(r, d->a, d->b);
    case SIM_DIST_TRIANGULAR:  return triangular(r, d->a, d->b, d->c);
    case SIM_DIST_LOGNORMAL:   return lognormal(r, d->a, d->b);
    case SIM_DIST_GAMMA:       return gamma_variate(r, d->a, d->b);
    case SIM_DIST_EMPIRICAL:   return d->values[discrete(r, d->table)];
    }
    return d->a;
}

const char *sim_dist_strerror(sim_dist_err_t e)
{
    switch (e) {
    case SIM_DIST_OK:        return "ok";
    case SIM_DIST_ENEGATIVE: return "a finite value >= 0 is required";
    case SIM_DIST_ENONPOS:   return "a finite value > 0 is required";
    case SIM_DIST_EORDER:    return "min <= mode <= max is required";
    case SIM_DIST_EEMPTY:    return "a non-empty table with positive total weight is required";
    case SIM_DIST_ENOMEM:    return "out of memory";
    case SIM_DIST_ERANGE:    return "the parameters are beyond what a double represents (sd/mean, 1/cv^2 or the table's weighted sum)";
    }
    return "unknown error";
}

const char *sim_dist_kind_name(sim_dist_kind_t k)
{
    static const char *const names[] = {"constant", "exponential", "uniform", "triangular",
                                        "lognormal", "gamma", "empirical"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

double sim_dist_sup(const sim_dist_t *d)
{
    switch (d->kind) {
    case SIM_DIST_CONSTANT: return d->a;
    case SIM_DIST_UNIFORM: return d->b;
    case SIM_DIST_TRIANGULAR: return d->c;
    case SIM_DIST_EMPIRICAL: {
        double m = 0;
        for (size_t i = 0; i < d->n; i++)
            m = d->values[i] > m ? d->values[i] : m;
        return m;
    }
    default: return INFINITY;
    }
}
