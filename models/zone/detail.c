/* detail.c: the report detail of a run — queues and busy lanes by hour of day
 * and by day (snapshots every 15 simulated minutes while measuring), the
 * clearance-time percentiles, the minutes per crossing in each stage, tax by
 * category and owner, the bonded stock, tax and revenue forgone by day.  Memory is bounded by the
 * horizon in days, not by the traffic.  See zone.h (cz_detail_layout). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/zone/zone_impl.h"

void cz_detail_layout(const cz_scenario_t *s, cz_detail_layout_t *l)
{
    l->ndays = (int)ceil((s->horizon_min - s->warmup_min) / CZ_MIN_PER_DAY);
    l->nowners = s->nowners;
    int off = 0;
    l->hour_queue = off, off += NLINES * 24;
    l->hour_busy = off, off += NLINES * 24;
    l->pct = off, off += NLINES * CZ_PCTS;
    l->stage = off, off += NLINES * CZ_STAGES;
    l->by_cat = off, off += s->ngroups;
    l->by_owner = off, off += s->nowners;
    l->day_queue = off, off += NLINES * l->ndays;
    l->day_busy = off, off += NLINES * l->ndays;
    l->day_bonded = off, off += l->ndays;
    l->day_tax = off, off += l->ndays;
    l->day_forgone = off, off += l->ndays;
    l->size = off;
}

const char *cz_detail_owner(const cz_scenario_t *s, int i)
{
    return i >= 0 && i < s->nowners ? s->owners[i] : NULL;
}

void zi_detail_revenue(zone_t *z, int group, int owner_ix, int64_t tax_fen, int64_t forgone_fen)
{
    detail_t *dt = &z->detail;
    if (!dt->v)
        return;
    dt->v[dt->dl.by_cat + group] += cz_cny(tax_fen);
    dt->v[dt->dl.by_owner + owner_ix] += cz_cny(tax_fen);
    int d = (int)((sim_now(z->sim) - z->m.t_start) / CZ_MIN_PER_DAY);
    if (d >= 0 && d < dt->dl.ndays) {
        dt->v[dt->dl.day_tax + d] += cz_cny(tax_fen);
        dt->v[dt->dl.day_forgone + d] += cz_cny(forgone_fen);
    }
}

bool zi_detail_start(zone_t *z, double *detail)
{
    detail_t *d = &z->detail;
    cz_detail_layout(z->s, &d->dl);
    memset(detail, 0, (size_t)d->dl.size * sizeof *detail);
    d->hour_n = calloc(24, sizeof *d->hour_n);
    d->day_n = calloc((size_t)d->dl.ndays + 1, sizeof *d->day_n);
    if (!d->hour_n || !d->day_n)
        return false;
    d->v = detail;
    return true;
}

void zi_detail_fini(zone_t *z)
{
    free(z->detail.hour_n);
    free(z->detail.day_n);
}

void zi_detail_stages(zone_t *z, const cons_t *c, const line_t *l)
{
    double *st = &z->detail.v[z->detail.dl.stage + l->index * CZ_STAGES];
    double now = sim_now(z->sim);
    double stages[CZ_STAGES] = {c->t_decl - c->t_line, c->t_decl_end - c->t_decl, c->t_insp_end - c->t_decl_end,
                                now - c->t_insp_end};
    for (int i = 0; i < CZ_STAGES; i++)
        st[i] += stages[i];
}

void zi_snapshot(sim_t *sim, void *subject, void *object)
{
    (void)object;
    zone_t *z = subject;
    detail_t *dt = &z->detail;
    double now = sim_now(sim);
    int h = (int)fmod(now / 60.0, 24.0), d = (int)((now - z->m.t_start) / CZ_MIN_PER_DAY);
    for (int i = 0; i < NLINES; i++) {
        const line_t *l = &z->lines[i];
        double q = (double)sim_resource_queue_length(l->lanes), b = sim_resource_busy(l->lanes);
        dt->v[dt->dl.hour_queue + i * 24 + h] += q;
        dt->v[dt->dl.hour_busy + i * 24 + h] += b;
        if (d < dt->dl.ndays) {
            dt->v[dt->dl.day_queue + i * dt->dl.ndays + d] += q;
            dt->v[dt->dl.day_busy + i * dt->dl.ndays + d] += b;
        }
    }
    dt->hour_n[h]++;
    if (d < dt->dl.ndays) {
        dt->v[dt->dl.day_bonded + d] += z->m.bonded_cny.value;
        dt->day_n[d]++;
    }
    sim_schedule(sim, 15, INT32_MAX - 1, zi_snapshot, z, NULL);
}

/* sum / n, or NaN with no observation. */
static void to_mean(double *x, double n)
{
    *x = n ? *x / n : NAN;
}

void zi_finish_detail(const zone_t *z)
{
    const detail_t *dt = &z->detail;
    const cz_detail_layout_t *dl = &dt->dl;
    double *d = dt->v;
    for (int i = 0; i < NLINES; i++) {
        const line_t *l = &z->lines[i];
        for (int h = 0; h < 24; h++) {
            to_mean(&d[dl->hour_queue + i * 24 + h], dt->hour_n[h]);
            to_mean(&d[dl->hour_busy + i * 24 + h], dt->hour_n[h]);
        }
        for (int p = 0; p < CZ_PCTS; p++)
            d[dl->pct + i * CZ_PCTS + p] = sim_quantiles_get(l->q_time, (p + 1) / 100.0);
        for (int k = 0; k < CZ_STAGES; k++)
            to_mean(&d[dl->stage + i * CZ_STAGES + k], (double)l->done);
        for (int day = 0; day < dl->ndays; day++) {
            to_mean(&d[dl->day_queue + i * dl->ndays + day], dt->day_n[day]);
            to_mean(&d[dl->day_busy + i * dl->ndays + day], dt->day_n[day]);
        }
    }
    for (int day = 0; day < dl->ndays; day++)
        to_mean(&d[dl->day_bonded + day], dt->day_n[day]);
}
