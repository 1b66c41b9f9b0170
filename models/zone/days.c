/* days.c: the measured window day by day — consignments in the zone and the
 * clearance times of each line, marked at every day boundary from the start of
 * measurement — and the trend diagnostics drawn from them: over the second
 * half of the window, the least-squares slope of the daily means times the
 * half's length, over the half's mean level (the relative drift a steady state
 * would not show).  Memory: a few doubles per day.  See kpi.h. */
#include <math.h>
#include <stdlib.h>

#include "models/zone/zone_impl.h"

bool zi_days_start(zone_t *z)
{
    days_t *d = &z->days;
    d->cap = (int)ceil((z->s->horizon_min - z->s->warmup_min) / CZ_MIN_PER_DAY) + 2;
    d->in_zone = calloc((size_t)d->cap, sizeof *d->in_zone);
    for (int i = 0; i < NLINES; i++) {
        d->time_sum[i] = calloc((size_t)d->cap, sizeof *d->time_sum[i]);
        d->time_n[i] = calloc((size_t)d->cap, sizeof *d->time_n[i]);
    }
    return d->in_zone && d->time_sum[0] && d->time_n[0] && d->time_sum[1] && d->time_n[1];
}

void zi_days_fini(zone_t *z)
{
    free(z->days.in_zone);
    for (int i = 0; i < NLINES; i++) {
        free(z->days.time_sum[i]);
        free(z->days.time_n[i]);
    }
}

/* At every day boundary of the measured window: the running totals. */
void zi_day_mark(sim_t *sim, void *subject, void *object)
{
    (void)object;
    zone_t *z = subject;
    days_t *d = &z->days;
    double now = sim_now(sim);
    if (d->n == d->cap)
        return;
    d->in_zone[d->n] = sim_timeavg_mean(&z->m.in_zone, now) * (now - z->m.t_start);
    for (int i = 0; i < NLINES; i++) {
        const sim_tally_t *t = &z->lines[i].time;
        d->time_sum[i][d->n] = t->n ? t->mean * (double)t->n : 0;
        d->time_n[i][d->n] = (double)t->n;
    }
    d->n++;
    sim_schedule(sim, CZ_MIN_PER_DAY, INT32_MAX - 2, zi_day_mark, z, NULL);
}

/* Relative drift over the second half of daily values y (x = day), weighted
 * equally; NaN with fewer than 4 days or a mean of 0. */
static double drift(const double *y, const bool *have, int n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0, k = 0;
    int from = n / 2;
    for (int i = from; i < n; i++)
        if (have[i]) {
            sx += i, sy += y[i], sxx += (double)i * i, sxy += i * y[i], k++;
        }
    double den = k * sxx - sx * sx, mean = k > 0 ? sy / k : 0;
    if (k < 4 || den <= 0 || mean == 0)
        return NAN;
    double slope = (k * sxy - sx * sy) / den;
    return slope * (n - from) / fabs(mean);
}

double zi_trend_in_zone(const zone_t *z)
{
    const days_t *d = &z->days;
    int n = d->n - 1;
    double *y = calloc((size_t)(n > 0 ? n : 1), sizeof *y);
    bool *have = calloc((size_t)(n > 0 ? n : 1), sizeof *have);
    double r = NAN;
    if (y && have && n > 0) {
        for (int i = 0; i < n; i++)
            y[i] = (d->in_zone[i + 1] - d->in_zone[i]) / CZ_MIN_PER_DAY, have[i] = true;
        r = drift(y, have, n);
    }
    free(y);
    free(have);
    return r;
}

double zi_trend_time(const zone_t *z, int line)
{
    const days_t *d = &z->days;
    int n = d->n - 1;
    double *y = calloc((size_t)(n > 0 ? n : 1), sizeof *y);
    bool *have = calloc((size_t)(n > 0 ? n : 1), sizeof *have);
    double r = NAN;
    if (y && have && n > 0) {
        for (int i = 0; i < n; i++) {
            double c = d->time_n[line][i + 1] - d->time_n[line][i];
            have[i] = c > 0;
            y[i] = c > 0 ? (d->time_sum[line][i + 1] - d->time_sum[line][i]) / c : 0;
        }
        r = drift(y, have, n);
    }
    free(y);
    free(have);
    return r;
}
