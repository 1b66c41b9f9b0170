/* stats.c: tallies, time averages and histogram quantiles.  See stats.h. */
#include "sim/stats.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

void sim_tally_init(sim_tally_t *t)
{
    *t = (sim_tally_t){0, 0, 0, INFINITY, -INFINITY};
}

void sim_tally_add(sim_tally_t *t, double x)
{
    assert(!isnan(x));
    t->n++;
    double d = x - t->mean;
    t->mean += d / (double)t->n;
    t->m2 += d * (x - t->mean);
    if (x < t->min)
        t->min = x;
    if (x > t->max)
        t->max = x;
}

/* Chan, Golub and LeVeque's pairwise update. */
void sim_tally_merge(sim_tally_t *into, const sim_tally_t *from)
{
    if (from->n == 0)
        return;
    if (into->n == 0) {
        *into = *from;
        return;
    }
    double na = (double)into->n, nb = (double)from->n, n = na + nb;
    double d = from->mean - into->mean;
    into->mean += d * nb / n;
    into->m2 += from->m2 + d * d * na * nb / n;
    into->n += from->n;
    if (from->min < into->min)
        into->min = from->min;
    if (from->max > into->max)
        into->max = from->max;
}

double sim_tally_mean(const sim_tally_t *t) { return t->n ? t->mean : NAN; }
double sim_tally_var(const sim_tally_t *t) { return t->n > 1 ? t->m2 / (double)(t->n - 1) : NAN; }
double sim_tally_sd(const sim_tally_t *t) { return sqrt(sim_tally_var(t)); }

double sim_t975(double df) { return gsl_cdf_tdist_Pinv(0.975, df); }

double sim_tally_ci95(const sim_tally_t *t)
{
    if (t->n < 2)
        return NAN;
    return sim_t975((double)(t->n - 1)) * sim_tally_sd(t) / sqrt((double)t->n);
}

void sim_timeavg_init(sim_timeavg_t *a, double t0, double value)
{
    *a = (sim_timeavg_t){t0, t0, value, 0, value};
}

void sim_timeavg_set(sim_timeavg_t *a, double t, double value)
{
    assert(t >= a->t_last);
    a->area += a->value * (t - a->t_last);
    a->t_last = t;
    a->value = value;
    if (value > a->max)
        a->max = value;
}

double sim_timeavg_mean(const sim_timeavg_t *a, double t)
{
    assert(t >= a->t_last);
    double span = t - a->t0;
    if (span <= 0)
        return a->value;
    return (a->area + a->value * (t - a->t_last)) / span;
}

void sim_timeavg_reset(sim_timeavg_t *a, double t)
{
    sim_timeavg_init(a, t, a->value);
}

/* Bucket 0 holds values below 2^EMIN (and zeros); then SUB buckets per octave
 * for exponents EMIN..EMAX-1; the last bucket holds values from 2^EMAX up. */
enum { SUB = 128, EMIN = -20, EMAX = 44, NBUCKETS = (EMAX - EMIN) * SUB + 2 }; /* SUB: 2^7 */

struct sim_quantiles {
    uint64_t n;
    double min, max;
    uint64_t count[NBUCKETS];
};

sim_quantiles_t *sim_quantiles_create(void)
{
    sim_quantiles_t *q = malloc(sizeof *q);
    if (q)
        sim_quantiles_clear(q);
    return q;
}

void sim_quantiles_destroy(sim_quantiles_t *q) { free(q); }

void sim_quantiles_clear(sim_quantiles_t *q)
{
    memset(q, 0, sizeof *q);
    q->min = INFINITY;
    q->max = -INFINITY;
}

/* Read from the number's bits: x = (1 + f) 2^e with f the 52-bit fraction, and
 * the sub-bucket is f's top 7 bits (SUB = 2^7), what (int)(f SUB) would give;
 * subnormals fall below 2^EMIN, infinity above 2^EMAX. */
static int bucket_of(double x)
{
    if (!(x > 0))
        return 0;
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int e = (int)(bits >> 52) - 1023; /* x > 0: the sign bit is clear */
    if (e < EMIN)
        return 0;
    if (e >= EMAX)
        return NBUCKETS - 1;
    int sub = (int)(bits >> (52 - 7) & (SUB - 1));
    return 1 + (e - EMIN) * SUB + sub;
}

/* Geometric middle of a bucket. */
static double bucket_mid(int b)
{
    if (b == 0)
        return 0;
    b -= 1;
    int e = EMIN + b / SUB, sub = b % SUB;
    double lo = ldexp(1.0 + (double)sub / SUB, e), hi = ldexp(1.0 + (double)(sub + 1) / SUB, e);
    return sqrt(lo * hi);
}

void sim_quantiles_add(sim_quantiles_t *q, double x)
{
    assert(!isnan(x));
    q->count[bucket_of(x)]++;
    q->n++;
    if (x < q->min)
        q->min = x;
    if (x > q->max)
        q->max = x;
}

void sim_quantiles_merge(sim_quantiles_t *into, const sim_quantiles_t *from)
{
    for (int b = 0; b < NBUCKETS; b++)
        into->count[b] += from->count[b];
    into->n += from->n;
    if (from->min < into->min)
        into->min = from->min;
    if (from->max > into->max)
        into->max = from->max;
}

uint64_t sim_quantiles_count(const sim_quantiles_t *q) { return q->n; }

double sim_quantiles_get(const sim_quantiles_t *q, double p)
{
    if (q->n == 0)
        return NAN;
    uint64_t rank = (uint64_t)ceil(p * (double)q->n);
    if (rank < 1)
        rank = 1;
    if (rank >= q->n)
        return q->max;
    uint64_t cum = 0;
    for (int b = 0; b < NBUCKETS; b++) {
        cum += q->count[b];
        if (cum >= rank) {
            double v = b == NBUCKETS - 1 ? q->max : bucket_mid(b);
            return v < q->min ? q->min : v > q->max ? q->max : v;
        }
    }
    return q->max;
}
