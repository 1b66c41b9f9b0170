/* measure.c: what a run measures — the conservation ledger over the whole run,
 * the statistics of the measured period (from the warm-up on), and the KPIs
 * collected from them at the horizon.  See zone_impl.h and kpi.h. */
#include <assert.h>
#include <math.h>
#include <stdio.h>

#include "models/zone/zone_impl.h"

void zi_start_measuring(sim_t *sim, void *subject, void *object)
{
    (void)object;
    zone_t *z = subject;
    double now = sim_now(sim);
    z->m.on = true;
    z->m.t_start = now;
    for (int i = 0; i < NLINES; i++) {
        sim_resource_reset_stats(sim, z->lines[i].lanes);
        sim_resource_reset_stats(sim, z->lines[i].bays);
    }
    sim_timeavg_reset(&z->m.bonded_cny, now);
    sim_timeavg_reset(&z->m.in_zone, now);
    zi_day_mark(sim, z, NULL);
    if (z->detail.v)
        sim_schedule(sim, 0, INT32_MAX - 1, zi_snapshot, z, NULL);
}

void zi_stock_add(zone_t *z, double cny)
{
    sim_timeavg_add(&z->m.bonded_cny, sim_now(z->sim), cny);
}

void zi_amount_overflow(zone_t *z)
{
    if (!z->overflow) {
        z->overflow = true;
        sim_fail(z->sim);
    }
}

void zi_count_arrival(zone_t *z, const cons_t *c)
{
    ledger_t *g = &z->ledger;
    g->arrived_n++;
    zi_add_fen(z, &g->arrived_fen, c->value_fen);
    g->in_n++;
    zi_add_fen(z, &g->in_fen, c->value_fen);
    if (g->in_n > g->peak_in)
        g->peak_in = g->in_n;
    if (z->m.on) {
        z->m.arrivals++;
        z->m.period_arrivals[z->period]++;
    }
}

/* The value to the trader of paying at the second line rather than on entry:
 * the tax paid at release, discounted over the stay. */
static void count_deferral(zone_t *z, cons_t *c)
{
    if (!c->outbound || c->deferred_fen <= 0) /* (inbound, the place holds the stay) */
        return;
    double years = (sim_now(z->sim) - c->t_entry) / MIN_PER_YEAR;
    z->m.deferral_npv += cz_cny(c->deferred_fen) * (1 - pow(1 + z->s->discount_rate_annual, -years));
    c->deferred_fen = 0;
}

void zi_count_crossing(zone_t *z, cons_t *c, line_t *l, double t)
{
    if (!z->m.on)
        return;
    if (z->detail.v)
        zi_detail_stages(z, c, l);
    count_deferral(z, c);
    if (z->base->nphases > 0) /* only the period KPIs read it */
        sim_tally_add(&z->m.period_time[z->period][l->index], t);
    sim_tally_add(&l->time, t);
    sim_tally_add(&l->wait, c->t_decl - c->t_line);
    sim_quantiles_add(l->q_time, t);
    l->done++;
}

void zi_count_exit(zone_t *z, cons_t *c, enum exit_kind k)
{
    ledger_t *g = &z->ledger;
    if (k == EXIT_MAINLAND && z->m.on && !zi_flow_of(z, c)->from_mainland) {
        double hours = (sim_now(z->sim) - c->t_arrive) / 60;
        zi_add_fen(z, &z->m.mainland_value_fen, c->value_fen);
        zi_add_fen(z, &z->m.mainland_tax_fen, c->tax_paid);
        sim_tally_add(&z->m.e2e, hours);
        sim_quantiles_add(z->m.q_e2e, hours);
    }
    g->exit_n[k]++;
    zi_add_fen(z, &g->exit_fen[k], c->value_fen);
    g->in_n--;
    g->in_fen -= c->value_fen;
    zi_add_fen(z, &g->tax_exited, c->tax_paid);
}

static double per_day(uint64_t n, double minutes)
{
    return minutes > 0 ? (double)n / (minutes / CZ_MIN_PER_DAY) : NAN;
}

/* The KPIs of each line, in the order of LINE_KPI's columns. */
enum { LK_THROUGHPUT, LK_TIME_MEAN, LK_TIME_P50, LK_TIME_P90, LK_TIME_P95, LK_TIME_P99, LK_WAIT_MEAN,
       LK_INSPECTED, LK_UTIL, LK_UTIL_24H, LK_INSP_UTIL, NLK };
static const int LINE_KPI[NLINES][NLK] = {
    {K_L1_THROUGHPUT, K_L1_TIME_MEAN, K_L1_TIME_P50, K_L1_TIME_P90, K_L1_TIME_P95, K_L1_TIME_P99, K_L1_WAIT_MEAN,
     K_L1_INSPECTED, K_L1_UTIL, K_L1_UTIL_24H, K_INSP_UTIL_L1},
    {K_L2_THROUGHPUT, K_L2_TIME_MEAN, K_L2_TIME_P50, K_L2_TIME_P90, K_L2_TIME_P95, K_L2_TIME_P99, K_L2_WAIT_MEAN,
     K_L2_INSPECTED, K_L2_UTIL, K_L2_UTIL_24H, K_INSP_UTIL_L2}};

static void collect_lines(const zone_t *z, double *k, double now)
{
    double span = now - z->m.t_start;
    for (int i = 0; i < NLINES; i++) {
        const line_t *l = &z->lines[i];
        const int *lk = LINE_KPI[i];
        k[lk[LK_THROUGHPUT]] = per_day(l->done, span);
        k[lk[LK_TIME_MEAN]] = sim_tally_mean(&l->time);
        k[lk[LK_TIME_P50]] = sim_quantiles_get(l->q_time, 0.5);
        k[lk[LK_TIME_P90]] = sim_quantiles_get(l->q_time, 0.9);
        k[lk[LK_TIME_P95]] = sim_quantiles_get(l->q_time, 0.95);
        k[lk[LK_TIME_P99]] = sim_quantiles_get(l->q_time, 0.99);
        k[lk[LK_WAIT_MEAN]] = sim_tally_mean(&l->wait);
        k[lk[LK_INSPECTED]] = l->checked ? (double)l->inspected / (double)l->checked : NAN;
        k[lk[LK_UTIL]] = sim_resource_open_utilization(l->lanes, now);
        k[lk[LK_UTIL_24H]] = sim_resource_utilization(l->lanes, now);
        k[lk[LK_INSP_UTIL]] = sim_resource_open_utilization(l->bays, now);
    }
}

static void collect_revenue(const zone_t *z, double *k, double span)
{
    static const int TAX_KPI[CZ_NTAX] = {K_TAX_DUTY, K_TAX_ADDITIONAL, K_TAX_CT, K_TAX_VAT, K_TAX_EXPORT,
                                         K_TAX_POSTAL, K_TAX_REFUND, K_TAX_DRAWBACK};
    const measure_t *m = &z->m;
    __int128 total = 0; /* the items' sums were each checked; their total may pass 64 bits */
    for (int t = 0; t < CZ_NTAX; t++) {
        k[TAX_KPI[t]] = cz_cny(m->tax_fen[t]);
        total += m->tax_fen[t];
    }
    k[K_TAX_TOTAL] = (double)total / 100.0; /* as cz_cny: the same number wherever 64 bits held it */
    k[K_TAX_TOTAL_PER_YEAR] = span > 0 ? k[K_TAX_TOTAL] * MIN_PER_YEAR / span : NAN;
    k[K_DEFERRAL_NPV] = m->deferral_npv;
    k[K_FORGONE_DE_MINIMIS] = cz_cny(m->forgone[CZ_FORGONE_DE_MINIMIS]);
    k[K_EFFECTIVE_RATE] = m->mainland_value_fen ? (double)m->mainland_tax_fen / (double)m->mainland_value_fen : NAN;
    k[K_VALUE_ADDED] = cz_cny(m->created_fen);
}

static double ratio(double a, double b) { return b > 0 ? a / b : NAN; }

/* The compliance family (kpi.h, docs/enforcement.md). */
static void collect_compliance(const zone_t *z, double *k)
{
    const measure_t *m = &z->m;
    uint64_t inspections = z->lines[LINE1].inspected + z->lines[LINE2].inspected;
    uint64_t hits = z->lines[LINE1].hits + z->lines[LINE2].hits;
    __int128 evaded = 0, total = 0; /* sums of checked sums */
    for (int i = 0; i < CZ_NC_NKINDS; i++)
        evaded += m->evaded_fen[i];
    for (int t = 0; t < CZ_NTAX; t++)
        total += m->tax_fen[t];
    k[KC_NONCOMPLIANT_SHARE] = ratio((double)m->nc_arrivals, (double)m->arrivals);
    k[KC_HIT_RATE] = ratio((double)hits, (double)inspections);
    k[KC_DETECTED_SHARE] = ratio((double)m->detected, (double)m->nc_arrivals);
    k[KC_RECOVERED] = cz_cny(m->recovered_fen);
    k[KC_PENALTIES] = cz_cny(m->penalty_fen);
    k[KC_EVADED] = (double)evaded / 100.0;
    k[KC_LEAKAGE] = cz_cny(m->leakage_fen);
    k[KC_TAX_GAP] = ratio((double)evaded, (double)(total + evaded));
    k[KC_EVADED_UNDERVALUE] = cz_cny(m->evaded_fen[CZ_NC_UNDERVALUE]);
    k[KC_EVADED_MISCLASSIFY] = cz_cny(m->evaded_fen[CZ_NC_MISCLASSIFY]);
    k[KC_EVADED_DIVERT] = cz_cny(m->evaded_fen[CZ_NC_DIVERT]);
    k[KC_EVADED_LEAK] = cz_cny(m->evaded_fen[CZ_NC_LEAK]);
}

/* The KPI families: one member per exemption, category, owner and period. */
static void collect_families(const zone_t *z, double *k)
{
    const cz_scenario_t *b = z->base;
    const measure_t *m = &z->m;
    int off = cz_kpi_family_offset(b, CZ_FAM_FORGONE);
    for (int i = 0; i < b->regime.nex; i++)
        k[off + i] = cz_cny(m->forgone[i]);
    off = cz_kpi_family_offset(b, CZ_FAM_CATEGORY);
    for (int g = 0; g < b->ngroups; g++)
        k[off + g] = cz_cny(m->tax_by_cat[g]);
    off = cz_kpi_family_offset(b, CZ_FAM_OWNER);
    for (int o = 0; o < b->nowners; o++)
        k[off + o] = cz_cny(m->tax_by_owner[o]);
    if (b->enf.on)
        collect_compliance(z, &k[cz_kpi_family_offset(b, CZ_FAM_COMPLIANCE)]);
    off = cz_kpi_family_offset(b, CZ_FAM_PERIOD);
    for (int p = 0; b->nphases > 0 && p <= b->nphases; p++) {
        double *pk = &k[off + CZ_PERIOD_KPIS * p];
        pk[0] = (double)m->period_arrivals[p];
        pk[1] = sim_tally_mean(&m->period_time[p][LINE1]);
        pk[2] = sim_tally_mean(&m->period_time[p][LINE2]);
        pk[3] = cz_cny(m->period_tax[p]);
    }
}

void zi_collect(const zone_t *z, double *k)
{
    double now = sim_now(z->sim), span = now - z->m.t_start;
    k[K_ARRIVALS] = (double)z->m.arrivals;
    collect_lines(z, k, now);
    k[K_ZONE_DWELL_MEAN] = sim_tally_mean(&z->m.dwell);
    k[K_E2E_MEAN] = sim_tally_mean(&z->m.e2e);
    k[K_E2E_P50] = sim_quantiles_get(z->m.q_e2e, 0.5);
    k[K_E2E_P90] = sim_quantiles_get(z->m.q_e2e, 0.9);
    k[K_E2E_P99] = sim_quantiles_get(z->m.q_e2e, 0.99);
    collect_revenue(z, k, span);
    k[K_BONDED_STOCK_MEAN] = sim_timeavg_mean(&z->m.bonded_cny, now);
    k[K_IN_ZONE_MEAN] = sim_timeavg_mean(&z->m.in_zone, now);
    k[K_WARMUP_DAYS] = z->m.t_start / CZ_MIN_PER_DAY;
    k[K_TREND_IN_ZONE] = zi_trend_in_zone(z);
    k[K_TREND_L1_TIME] = zi_trend_time(z, LINE1);
    k[K_TREND_L2_TIME] = zi_trend_time(z, LINE2);
    collect_families(z, k);
    if (z->detail.v)
        zi_finish_detail(z);
}

bool zi_zone_check(const zone_t *z, char *why, size_t len)
{
    const ledger_t *g = &z->ledger;
    uint64_t live_n = 0, out_n = 0;
    __int128 live_fen = 0, live_tax = 0, out_fen = 0, tax = 0; /* no sum of sums wraps */
    for (const chunk_t *ch = z->pool.chunks; ch; ch = ch->next)
        for (int i = 0; i < CHUNK; i++)
            if (ch->c[i].live) {
                live_n++;
                live_fen += ch->c[i].value_fen;
                live_tax += ch->c[i].tax_paid;
            }
    for (int k = 0; k < NEXITS; k++) {
        out_n += g->exit_n[k];
        out_fen += g->exit_fen[k];
    }
    for (int t = 0; t < CZ_NTAX; t++)
        tax += g->tax_all[t];
    if (live_n != g->in_n || g->arrived_n != live_n + out_n)
        snprintf(why, len, "consignments: %llu arrived, %llu inside, %llu left", (unsigned long long)g->arrived_n,
                 (unsigned long long)live_n, (unsigned long long)out_n);
    else if (live_fen != g->in_fen || (__int128)g->arrived_fen + g->created_fen != live_fen + out_fen)
        snprintf(why, len, "customs value: %lld fen arrived, %lld created by processing, %lld inside, %lld left",
                 (long long)g->arrived_fen, (long long)g->created_fen, (long long)live_fen, (long long)out_fen);
    else if (tax != live_tax + g->tax_exited + g->recovered_fen)
        snprintf(why, len, "tax: ledger %lld fen, consignments paid %lld, audits recovered %lld", (long long)tax,
                 (long long)(live_tax + g->tax_exited), (long long)g->recovered_fen);
    else
        return zi_comply_ledger_check(z, why, len);
    return false;
}
