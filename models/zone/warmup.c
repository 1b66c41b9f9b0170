/* warmup.c: the series MSER-5 reads to choose a warm-up: batch means of the
 * clearance times in completion order, bounded in memory whatever the
 * horizon, and MSER-5 itself.  See zone.h (cz_mser5). */
#include <math.h>
#include <stdlib.h>

#include "models/zone/zone_impl.h"

/* ---- a bounded series of clearance times, for MSER-5 ---- */

/* Batch means of `k` consecutive clearance times with the time each batch ended.
 * When it reaches SERIES_MAX batches, neighbours merge and k doubles, so memory
 * stays bounded whatever the horizon. */
#define SERIES_MAX 65536
struct series {
    double mean[SERIES_MAX], t_end[SERIES_MAX];
    size_t n, k, fill;
    double sum;
};

series_t *zi_series_create(void)
{
    series_t *s = calloc(1, sizeof *s);
    if (s)
        s->k = 1;
    return s;
}

void zi_series_add(series_t *s, double t, double x)
{
    s->sum += x;
    if (++s->fill < s->k)
        return;
    if (s->n == SERIES_MAX) {
        for (size_t i = 0; i < SERIES_MAX / 2; i++) {
            s->mean[i] = (s->mean[2 * i] + s->mean[2 * i + 1]) / 2;
            s->t_end[i] = s->t_end[2 * i + 1];
        }
        s->n = SERIES_MAX / 2;
        s->k *= 2;
        return; /* the batch just filled was half of a new-size batch: restart it */
    }
    s->mean[s->n] = s->sum / (double)s->k;
    s->t_end[s->n++] = t;
    s->sum = 0;
    s->fill = 0;
}

size_t cz_mser5(const double *x, size_t n)
{
    size_t nb = n / 5;
    if (nb < 4)
        return 0;
    /* suffix sums over batch means of 5 */
    double *b = malloc(nb * sizeof *b);
    if (!b)
        return 0;
    for (size_t i = 0; i < nb; i++) {
        double s = 0;
        for (size_t j = 0; j < 5; j++)
            s += x[5 * i + j];
        b[i] = s / 5;
    }
    size_t best = 0;
    double best_v = INFINITY, sum = 0, sum2 = 0;
    double *v = malloc(nb * sizeof *v);
    for (size_t i = nb; v && i-- > 0;) { /* MSER(d) for d = i, from the end */
        sum += b[i];
        sum2 += b[i] * b[i];
        double m = (double)(nb - i);
        v[i] = (sum2 - sum * sum / m) / (m * m);
    }
    for (size_t d = 0; v && d <= nb / 2; d++)
        if (v[d] < best_v) {
            best_v = v[d];
            best = d;
        }
    free(v);
    free(b);
    return best * 5;
}

/* The warm-up MSER-5 picks on the recorded series (its batches already hold
 * k observations each, so MSER runs on them as on observations). */
double zi_series_truncation(const series_t *s)
{
    size_t d = cz_mser5(s->mean, s->n);
    return d == 0 || d > s->n ? 0 : s->t_end[d - 1];
}

