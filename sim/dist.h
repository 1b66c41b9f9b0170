/* dist.h: probability distributions built from a small spec.
 *
 * A sim_dist_t is a value: set it up with one of the sim_dist_* constructors,
 * sample it with any gsl_rng.  Parameters are in the caller's unit.
 * Kinds: constant, exponential (mean), uniform (min, max), triangular
 * (min, mode, max), lognormal (mean, sd of the variable itself), gamma (mean, cv),
 * empirical (a discrete table of values and weights).
 *
 * Ownership: only the empirical kind allocates; sim_dist_fini frees it and is
 * safe on every kind.  sim_dist_copy deep-copies.
 * Errors: constructors return SIM_DIST_OK or a code naming the bad parameter;
 *         sim_dist_strerror says it in words.  They never abort.
 * Cost: sampling is O(1) for every kind (empirical uses Walker's alias table). */
#ifndef SIM_DIST_H
#define SIM_DIST_H

#include <math.h>
#include <stddef.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "sim/stream.h" /* sim_exponential */

typedef enum sim_dist_kind {
    SIM_DIST_CONSTANT,
    SIM_DIST_EXPONENTIAL,
    SIM_DIST_UNIFORM,
    SIM_DIST_TRIANGULAR,
    SIM_DIST_LOGNORMAL,
    SIM_DIST_GAMMA,
    SIM_DIST_EMPIRICAL,
} sim_dist_kind_t;

typedef enum sim_dist_err {
    SIM_DIST_OK = 0,
    SIM_DIST_ENEGATIVE,   /* a value that must be >= 0 is negative or not finite */
    SIM_DIST_ENONPOS,     /* a value that must be > 0 is not */
    SIM_DIST_EORDER,      /* min <= mode <= max (or min <= max) does not hold */
    SIM_DIST_EEMPTY,      /* empirical table empty or all weights zero */
    SIM_DIST_ENOMEM,
    SIM_DIST_ERANGE,      /* the parameters' ratio (sd/mean, 1/cv^2) or a table's
                             weighted sum is beyond a double: no distribution */
} sim_dist_err_t;

typedef struct sim_dist {
    sim_dist_kind_t kind;
    double a, b, c;            /* kind's parameters, see sim_dist_* */
    double *values;            /* empirical: n values */
    size_t n;
    gsl_ran_discrete_t *table; /* empirical: alias table over the weights */
    double mean;               /* the distribution's mean, computed at set-up */
} sim_dist_t;

sim_dist_err_t sim_dist_constant(sim_dist_t *d, double value);
sim_dist_err_t sim_dist_exponential(sim_dist_t *d, double mean);
sim_dist_err_t sim_dist_uniform(sim_dist_t *d, double min, double max);
sim_dist_err_t sim_dist_triangular(sim_dist_t *d, double min, double mode, double max);
sim_dist_err_t sim_dist_lognormal(sim_dist_t *d, double mean, double sd);
sim_dist_err_t sim_dist_gamma(sim_dist_t *d, double mean, double cv);
/* Copies values and weights; weights need not sum to 1. */
sim_dist_err_t sim_dist_empirical(sim_dist_t *d, const double *values,
                                  const double *weights, size_t n);
void sim_dist_fini(sim_dist_t *d);
/* The least upper bound of the values d draws (INFINITY when unbounded); every
 * kind draws values >= 0. */
double sim_dist_sup(const sim_dist_t *d);
sim_dist_err_t sim_dist_copy(sim_dist_t *dst, const sim_dist_t *src);

/* Every kind but the exponential, out of line. */
double simi_dist_sample(const sim_dist_t *d, gsl_rng *r);

/* A variate of d drawn from r.  Exponentials, the commonest by far in queueing
 * models, are drawn inline: a switch through a jump table would sit between the
 * handler and its variate on the run loop's critical path. */
static inline double sim_dist_sample(const sim_dist_t *d, gsl_rng *r)
{
    if (SIM_LIKELY(d->kind == SIM_DIST_EXPONENTIAL))
        return sim_exponential(r, d->a);
    return simi_dist_sample(d, r);
}

const char *sim_dist_strerror(sim_dist_err_t e);
const char *sim_dist_kind_name(sim_dist_kind_t k);

#endif
