/* zone_obs.c: watching the zone: narration for zonesim trace, the bounded
 * clearance-time series MSER-5 reads, the report detail (snapshots every 15
 * simulated minutes), and the up-front memory estimate.  See zone_impl.h. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/zone/zone_impl.h"

/* ---- narration (zonesim trace) ---- */

void zi_say(zone_t *z, const cons_t *c, const char *step, const char *fmt, ...)
{
    if (!z->trace || c->id >= z->trace->max_id)
        return;
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    z->trace->fn(z->trace->ctx, sim_now(z->sim), c->id, z->s->flows[c->flow].name, step, text);
}


const char *zi_line_name(int index) { return index == 0 ? "first line" : "second line"; }

/* "duty 5,000.00, VAT 13,650.00" — the items of an assessment, in CNY. */
void zi_describe_taxes(const cz_taxes_t *t, char *buf, size_t len)
{
    static const char *const names[CZ_NTAX] = {"duty", "consumption tax", "import VAT", "export duty",
                                               "refund"};
    size_t off = 0;
    buf[0] = '\0';
    for (int i = 0; i < CZ_NTAX; i++)
        if (t->fen[i])
            off += (size_t)snprintf(buf + off, len - off, "%s%s %.2f CNY", off ? ", " : "", names[i],
                                    cz_cny(t->fen[i]));
    if (!off)
        snprintf(buf, len, "nothing");
}

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

/* Every 15 simulated minutes while measuring: queues, busy lanes, bonded stock. */
void zi_snapshot(sim_t *sim, void *subject, void *object)
{
    (void)object;
    zone_t *z = subject;
    double now = sim_now(sim);
    int h = (int)fmod(now / 60.0, 24.0), d = (int)((now - z->t_measure) / CZ_MIN_PER_DAY);
    const line_t *ls[2] = {&z->l1, &z->l2};
    for (int i = 0; i < 2; i++) {
        double q = (double)sim_resource_queue_length(ls[i]->lanes), b = sim_resource_busy(ls[i]->lanes);
        z->detail[z->dl.hour_queue + i * 24 + h] += q;
        z->detail[z->dl.hour_busy + i * 24 + h] += b;
        if (d < z->dl.ndays) {
            z->detail[z->dl.day_queue + i * z->dl.ndays + d] += q;
            z->detail[z->dl.day_busy + i * z->dl.ndays + d] += b;
        }
    }
    z->hour_n[h]++;
    if (d < z->dl.ndays) {
        z->detail[z->dl.day_bonded + d] += z->bonded_cny.value;
        z->day_n[d]++;
    }
    sim_schedule(sim, 15, INT32_MAX - 1, zi_snapshot, z, NULL);
}

/* Turn the detail's sums into means; percentiles from the sketches. */
void zi_finish_detail(const zone_t *z)
{
    double *d = z->detail;
    const line_t *ls[2] = {&z->l1, &z->l2};
    for (int i = 0; i < 2; i++) {
        for (int h = 0; h < 24; h++) {
            double n = z->hour_n[h];
            d[z->dl.hour_queue + i * 24 + h] = n ? d[z->dl.hour_queue + i * 24 + h] / n : NAN;
            d[z->dl.hour_busy + i * 24 + h] = n ? d[z->dl.hour_busy + i * 24 + h] / n : NAN;
        }
        for (int p = 0; p < CZ_PCTS; p++)
            d[z->dl.pct + i * CZ_PCTS + p] = sim_quantiles_get(ls[i]->q_time, (p + 1) / 100.0);
        for (int k = 0; k < CZ_STAGES; k++)
            d[z->dl.stage + i * CZ_STAGES + k] =
                ls[i]->done ? d[z->dl.stage + i * CZ_STAGES + k] / (double)ls[i]->done : NAN;
        for (int day = 0; day < z->dl.ndays; day++) {
            double n = z->day_n[day];
            d[z->dl.day_queue + i * z->dl.ndays + day] = n ? d[z->dl.day_queue + i * z->dl.ndays + day] / n : NAN;
            d[z->dl.day_busy + i * z->dl.ndays + day] = n ? d[z->dl.day_busy + i * z->dl.ndays + day] / n : NAN;
        }
    }
    for (int day = 0; day < z->dl.ndays; day++)
        d[z->dl.day_bonded + day] = z->day_n[day] ? d[z->dl.day_bonded + day] / z->day_n[day] : NAN;
}

double cz_zone_expected_in_system(const cz_scenario_t *s)
{
    double in_zone = 0, to_l1 = 0, to_l2 = 0;
    for (int i = 0; i < s->nflows; i++) {
        const cz_flow_t *f = &s->flows[i];
        double stays = 1 + f->route[CZ_ROUTE_TRANSFER];
        in_zone += f->rate_per_min * f->dwell.mean * stays;
        if (f->from_mainland) {
            to_l2 += f->rate_per_min * (1 + f->route[CZ_ROUTE_MAINLAND]);
            to_l1 += f->rate_per_min * f->route[CZ_ROUTE_REEXPORT];
        } else {
            to_l1 += f->rate_per_min * (1 + f->route[CZ_ROUTE_REEXPORT]);
            to_l2 += f->rate_per_min * (f->route[CZ_ROUTE_MAINLAND] + f->route[CZ_ROUTE_TRANSFER]);
        }
    }
    /* An overloaded line's queue grows for the whole horizon. */
    const cz_line_t *lines[2] = {&s->l1, &s->l2};
    double load[2] = {to_l1, to_l2}, backlog = 0;
    for (int i = 0; i < 2; i++) {
        const cz_line_t *l = lines[i];
        double open = l->always_open ? 1
                      : fmod(l->close - l->open + CZ_MIN_PER_DAY, CZ_MIN_PER_DAY) / CZ_MIN_PER_DAY;
        double capacity = l->service.mean > 0 ? l->lanes * open / l->service.mean : INFINITY;
        if (load[i] > capacity && (i == 0 || s->regime.second_line_control))
            backlog += (load[i] - capacity) * s->horizon_min;
    }
    return in_zone + backlog;
}

const char *cz_detail_owner(const cz_scenario_t *s, int i)
{
    return i >= 0 && i < s->nowners ? s->owners[i] : NULL;
}

void cz_detail_layout(const cz_scenario_t *s, cz_detail_layout_t *l)
{
    int nowners = s->nowners;
    l->ndays = (int)ceil((s->horizon_min - s->warmup_min) / CZ_MIN_PER_DAY);
    l->nowners = nowners;
    int off = 0;
    l->hour_queue = off, off += 2 * 24;
    l->hour_busy = off, off += 2 * 24;
    l->pct = off, off += 2 * CZ_PCTS;
    l->stage = off, off += 2 * CZ_STAGES;
    l->by_cat = off, off += s->ncats;
    l->by_owner = off, off += nowners;
    l->day_queue = off, off += 2 * l->ndays;
    l->day_busy = off, off += 2 * l->ndays;
    l->day_bonded = off, off += l->ndays;
    l->size = off;
}

